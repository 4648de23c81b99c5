//! `cargo xtask compat`: the release contract held to two judges on a set
//! of spec bumps (`xtask/tests/fixtures/compat-bumps.json`).
//!
//! For each bump, a copy of the workspace gets the change (a JSON patch to
//! one upstream document, and for a new operation the files a maintainer
//! adds with it), is regenerated, and then:
//!
//! * `cargo xtask diff`'s computed effects give each crate's release
//!   (`patch` or `minor`, for a 0.x crate);
//! * `cargo-semver-checks` compares each crate with this workspace, as a
//!   patch release; a crate that no longer compiles is `does-not-compile`
//!   (the wrapper must be adapted, as a breaking change demands);
//! * for a bump that only adds, `atlas-pay` and the dependent crate under
//!   `tests/dependent` must build unchanged;
//! * the bump's own test targets of `atlas-pay-tests`, if it names any, must
//!   pass on the copy (a text field added to passengers: `secrets`, which
//!   fills every field the generated types hold as personal data with a
//!   sentinel and shows none in Debug, Display, errors or tracing).
//!
//! Each bump states what both judges must say for each crate; where they
//! differ, its `why` says which one is right. Any other answer fails.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context as _, Result, bail};
use serde::Deserialize;
use serde_json::Value;

use crate::api::semver::Bump;
use crate::diff::{self, EffectsContext};
use crate::generate;

/// The two crates, in publish order.
pub const CRATES: [&str; 2] = ["atlas-pay-gen", "atlas-pay"];

/// One spec bump and what each judge must say of it.
#[derive(Debug, Clone, Deserialize)]
pub struct Bumped {
    /// What changes, in words.
    pub name: String,
    /// Whether the change only adds (the contract's patch release).
    pub additive: bool,
    /// The upstream document changed (`openapi/<upstream>.upstream.json`).
    pub upstream: String,
    /// The change, as a JSON patch (RFC 6902) of that document.
    pub patch: json_patch::Patch,
    /// Files a maintainer adds with the change (a new operation's modules),
    /// by path under the workspace root.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Text appended to `openapi/operations.yaml` (a new operation's binding).
    #[serde(default)]
    pub bind: Option<String>,
    /// Text appended to `openapi/personal-data.yaml` (the classes of a new
    /// operation's answer fields, as a maintainer adds them).
    #[serde(default)]
    pub classify: Option<String>,
    /// Per crate: what the review computes.
    pub xtask: BTreeMap<String, String>,
    /// Per crate: what cargo-semver-checks says.
    pub semver_checks: BTreeMap<String, String>,
    /// Where the judges differ: which is right, and why.
    #[serde(default)]
    pub why: Option<String>,
    /// Test targets of `atlas-pay-tests` that must pass on the regenerated
    /// copy (a new passenger field stays redacted: `secrets`).
    #[serde(default)]
    pub tests: Vec<String>,
}

/// What the judges said of one bump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Per crate: the review's release.
    pub xtask: BTreeMap<String, String>,
    /// Per crate: cargo-semver-checks' release, or `does-not-compile`.
    pub semver_checks: BTreeMap<String, String>,
    /// Whether atlas-pay and the dependent crate build unchanged.
    pub dependents_build: bool,
    /// The cargo-semver-checks lints that fired, per crate.
    pub lints: Vec<String>,
    /// The bump's test targets that failed on the copy.
    pub failed_tests: Vec<String>,
}

/// Reads the bump fixtures.
pub fn fixtures(root: &Path) -> Result<Vec<Bumped>> {
    let path = root.join("xtask/tests/fixtures/compat-bumps.json");
    let text = fs::read_to_string(&path).with_context(|| format!("cannot read {path:?}"))?;
    serde_json::from_str(&text).with_context(|| format!("{path:?} is not a list of bumps"))
}

/// The workspace's tracked files, copied as they are in the working tree.
fn copy_workspace(root: &Path, to: &Path) -> Result<()> {
    let listed = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .output()
        .context("cannot run git ls-files")?;
    if !listed.status.success() {
        bail!("git ls-files failed in {root:?}");
    }
    for name in listed.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name);
        let from = root.join(name.as_ref());
        if !from.is_file() {
            continue;
        }
        let target = to.join(name.as_ref());
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(&from, &target).with_context(|| format!("cannot copy {name}"))?;
    }
    Ok(())
}

/// Applies a bump to a copy of the workspace, and regenerates it.
fn apply(bump: &Bumped, copy: &Path) -> Result<()> {
    let upstream = copy.join(format!("openapi/{}.upstream.json", bump.upstream));
    let mut document: Value = serde_json::from_str(
        &fs::read_to_string(&upstream).with_context(|| format!("cannot read {upstream:?}"))?,
    )?;
    json_patch::patch(&mut document, &bump.patch)
        .with_context(|| format!("{}: the patch does not apply", bump.name))?;
    fs::write(&upstream, serde_json::to_string_pretty(&document)? + "\n")?;
    for (path, text) in &bump.files {
        let target = copy.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, text)?;
    }
    for (file, text) in [
        (crate::paths::BOUND, &bump.bind),
        (crate::paths::PERSONAL, &bump.classify),
    ] {
        if let Some(text) = text {
            let path = copy.join(file);
            let mut list = fs::read_to_string(&path)?;
            list.push_str(text);
            fs::write(&path, list)?;
        }
    }
    let outputs = generate::outputs(copy).with_context(|| format!("{}: generate", bump.name))?;
    generate::write(copy, &outputs)?;
    Ok(())
}

fn release(bump: Bump) -> &'static str {
    match bump {
        Bump::Breaking => "minor",
        Bump::Compatible | Bump::None => "patch",
    }
}

/// What the review computes for each crate between `root` and `copy`.
fn review(root: &Path, copy: &Path) -> Result<BTreeMap<String, String>> {
    let old = diff::working_tree(root)?;
    let new = diff::working_tree(copy)?;
    let review = diff::review(&old, &new);
    let context = EffectsContext::of_wrapper(copy)?;
    let effects = diff::effects::compute(&old, &new, &review, &context)?;
    Ok(effects
        .crates
        .iter()
        .map(|c| (c.name.to_owned(), release(c.bump).to_owned()))
        .collect())
}

/// `cargo check` of a package of the workspace at `copy`, with `features`.
fn builds(copy: &Path, target: &Path, package: &str, features: &[&str]) -> Result<bool> {
    Ok(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(copy)
            .env("CARGO_TARGET_DIR", target)
            .args(["check", "--quiet", "--package", package])
            .args(features)
            .status()
            .context("cannot run cargo check")?
            .success(),
    )
}

/// cargo-semver-checks' release for `package` at `copy` against `root`,
/// with the lints that fired.
fn semver_checks(
    tool: &Path,
    root: &Path,
    copy: &Path,
    target: &Path,
    package: &str,
) -> Result<(String, Vec<String>)> {
    let out = Command::new(tool)
        .current_dir(copy)
        .env("CARGO_TARGET_DIR", target)
        .args(["semver-checks", "check-release", "--package", package])
        .arg("--manifest-path")
        .arg(copy.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(root)
        .args(["--release-type", "patch"])
        .output()
        .with_context(|| format!("cannot run {tool:?}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() {
        Ok(("patch".to_owned(), Vec::new()))
    } else if text.contains("semver requires new") {
        let lints = text
            .lines()
            .filter(|l| l.contains("--- failure"))
            .map(|l| format!("{package}: {}", l.trim().trim_matches('-').trim()))
            .collect();
        Ok(("minor".to_owned(), lints))
    } else {
        bail!("cargo-semver-checks could not check {package}:\n{text}")
    }
}

/// Runs one bump through both judges.
pub fn judge(root: &Path, tool: &Path, target: &Path, bump: &Bumped) -> Result<Verdict> {
    let dir = tempfile::tempdir().context("cannot make a temporary directory")?;
    let copy = dir.path();
    copy_workspace(root, copy)?;
    apply(bump, copy)?;
    let xtask = review(root, copy)?;
    // The wrapper with its sandbox (a new operation has a module there too),
    // and the dependent crate as a service builds it.
    let wrapper_builds = builds(copy, target, "atlas-pay", &["--all-features"])?;
    let dependents_build = wrapper_builds && builds(copy, target, "atlas-pay-dependent", &[])?;
    let mut checks = BTreeMap::new();
    let mut lints = Vec::new();
    for package in CRATES {
        let verdict = if package == "atlas-pay" && !wrapper_builds {
            "does-not-compile".to_owned()
        } else {
            let (verdict, fired) = semver_checks(tool, root, copy, target, package)?;
            lints.extend(fired);
            verdict
        };
        checks.insert(package.to_owned(), verdict);
    }
    let mut failed_tests = Vec::new();
    for test in &bump.tests {
        let passed = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(copy)
            .env("CARGO_TARGET_DIR", target)
            .args([
                "test",
                "--quiet",
                "--package",
                "atlas-pay-tests",
                "--test",
                test,
            ])
            .status()
            .context("cannot run cargo test")?
            .success();
        if !passed {
            failed_tests.push(test.clone());
        }
    }
    Ok(Verdict {
        xtask,
        semver_checks: checks,
        dependents_build,
        lints,
        failed_tests,
    })
}

/// Where one bump's verdict differs from what it states, in words.
pub fn disagreements(bump: &Bumped, verdict: &Verdict) -> Vec<String> {
    let mut found = Vec::new();
    for package in CRATES {
        for (judge, expected, got) in [
            ("xtask diff", &bump.xtask, &verdict.xtask),
            (
                "cargo-semver-checks",
                &bump.semver_checks,
                &verdict.semver_checks,
            ),
        ] {
            let (want, have) = (expected.get(package), got.get(package));
            if want != have {
                found.push(format!(
                    "{}: {judge} says {} for {package}, the fixture expects {}",
                    bump.name,
                    have.map_or("nothing", String::as_str),
                    want.map_or("nothing", String::as_str)
                ));
            }
        }
    }
    if bump.additive {
        for package in CRATES {
            for (judge, got) in [
                ("xtask diff", &verdict.xtask),
                ("cargo-semver-checks", &verdict.semver_checks),
            ] {
                if got.get(package).map(String::as_str) != Some("patch") {
                    found.push(format!(
                        "{}: only adds, yet {judge} asks more than a patch of {package}",
                        bump.name
                    ));
                }
            }
        }
        if !verdict.dependents_build {
            found.push(format!(
                "{}: only adds, yet atlas-pay or the dependent crate no longer builds",
                bump.name
            ));
        }
    }
    for test in &verdict.failed_tests {
        found.push(format!(
            "{}: the test `{test}` of atlas-pay-tests fails on the regenerated workspace",
            bump.name
        ));
    }
    if bump.xtask != bump.semver_checks && bump.why.is_none() {
        found.push(format!(
            "{}: the judges differ and the fixture does not say which is right",
            bump.name
        ));
    }
    found
}
