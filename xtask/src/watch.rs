//! `cargo xtask watch`: notice when Atlas changes the document it publishes,
//! and prepare the pull request that takes the change.
//!
//! The watch fetches the document from where Atlas publishes it (the URL
//! recorded in `openapi/watch.json`, or `--url`), and compares its SHA-256,
//! with the overlay's and the generator settings', against what the record
//! says was last taken. Nothing moved: it says so and writes nothing. Only
//! the URL moved: a source change, recorded, nothing regenerated. Anything
//! else moved: it imports the document (the bound operations, as
//! `cargo xtask import` does), regenerates, reviews the change, bumps the
//! workspace's version as the release contract asks, drafts the CHANGELOG
//! section, and writes the pull request's body and label under
//! `target/spec-watch/` for the scheduled workflow to open or update one
//! pull request with.
//!
//! A source that cannot be read (unreachable, not 200, cut short, not JSON
//! or YAML, not OpenAPI 3.0, without paths) is an error naming why, and
//! nothing is written.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::semver::{Version, crate_version};
use crate::diff::{self, Format};
use crate::{generate, import, paths, sources};

/// The record of what the watch last took.
pub const RECORD: &str = "openapi/watch.json";
/// Where the pull request's body, label and summary are written.
pub const OUT_DIR: &str = "target/spec-watch";
/// The largest document read: 32 MiB (Atlas's whole document is a few
/// hundred kilobytes).
pub const MAX_DOCUMENT_BYTES: usize = 32 << 20;
/// How long one fetch may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(60);
/// The name the fetched document is imported under (kept as
/// `openapi/atlas-api.document.<ext>`).
const DOCUMENT_NAME: &str = "atlas-api";

/// What the watch last took, by hash: the document (and where it came
/// from), the overlay, and the generator's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Record {
    /// Where Atlas publishes the document.
    pub url: String,
    /// SHA-256 of the document's bytes.
    pub document_sha256: String,
    /// SHA-256 of `openapi/overlay.yaml`.
    pub overlay_sha256: String,
    /// SHA-256 of what else decides the generated code: the bound
    /// operations, the personal-data classes, and the generator crates'
    /// versions in `Cargo.lock`.
    pub generator_sha256: String,
}

/// What a watch found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing moved; nothing written.
    Unchanged,
    /// Only the URL moved: the record says where the document is now.
    SourceMoved {
        /// The URL recorded before.
        from: String,
        /// The URL now.
        to: String,
    },
    /// Something moved: regenerated, reviewed, and the pull request prepared.
    Regenerated(Proposal),
}

/// The pull request a change asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The pull request's title.
    pub title: String,
    /// `semver-patch`, `semver-minor` or `semver-major`; `None` when no
    /// crate's API changed (nothing to release).
    pub label: Option<&'static str>,
    /// The workspace's version before and after, when it moved.
    pub version: Option<(Version, Version)>,
    /// Operations the document holds that this workspace does not bind.
    pub unbound: Vec<String>,
}

/// Runs the watch in the workspace at `root`. `url` overrides the recorded
/// one; `today` dates the import (`yyyy-mm-dd`).
pub fn run(root: &Path, url: Option<&str>, today: &str) -> Result<Outcome> {
    let recorded = read_record(root)?;
    let url = match (url, &recorded) {
        (Some(url), _) => url.to_owned(),
        (None, Some(record)) => record.url.clone(),
        (None, None) => bail!(
            "no URL to watch: give --url <where Atlas publishes its document>; the watch records \
             it in {RECORD}"
        ),
    };
    let bytes = fetch(&url)?;
    let extension = check_document(&bytes)?;
    let record = Record {
        url: url.clone(),
        document_sha256: sources::sha256_hex(&bytes),
        overlay_sha256: sources::sha256_hex(&read(root, paths::OVERLAY)?),
        generator_sha256: generator_hash(root)?,
    };
    if let Some(before) = &recorded {
        let same_content = before.document_sha256 == record.document_sha256
            && before.overlay_sha256 == record.overlay_sha256
            && before.generator_sha256 == record.generator_sha256;
        if same_content && before.url == record.url {
            return Ok(Outcome::Unchanged);
        }
        if same_content {
            write_record(root, &record)?;
            return Ok(Outcome::SourceMoved {
                from: before.url.clone(),
                to: record.url,
            });
        }
    }
    regenerate(root, &bytes, extension, &record, today).map(Outcome::Regenerated)
}

/// Imports, regenerates, reviews, bumps and drafts.
fn regenerate(
    root: &Path,
    bytes: &[u8],
    extension: &str,
    record: &Record,
    today: &str,
) -> Result<Proposal> {
    // The old side: what the pages say and what was generated from them
    // (the effective document on disk, with the overlay it was made with).
    let mut old = diff::working_tree(root)?;
    old.effective = serde_json::from_slice(&read(root, paths::EFFECTIVE)?)
        .with_context(|| format!("{} is not JSON", paths::EFFECTIVE))?;
    let staging = tempfile::tempdir().context("cannot create a temporary directory")?;
    let file = staging.path().join(format!("{DOCUMENT_NAME}.{extension}"));
    std::fs::write(&file, bytes).context("cannot stage the fetched document")?;
    let mut unbound = Vec::new();
    for imported in import::run_on(root, &[file], today)? {
        if let import::Imported::Document { unbound: left, .. } = imported {
            unbound.extend(left);
        }
    }
    let (outputs, _) = generate::outputs_and_classification(root)?;
    generate::write(root, &outputs)?;
    let new = diff::working_tree(root)?;
    let review = diff::review(&old, &new);
    let context = diff::EffectsContext::of_working_tree(root)?;
    let mut effects = diff::effects::compute(&old, &new, &review, &context)?;
    let current = workspace_version(root)?;
    let required = effects
        .crates
        .iter()
        .filter_map(|c| c.version.as_ref().map(|v| v.required))
        .max()
        .unwrap_or(current);
    let version = (required > current).then_some((current, required));
    let label = version.map(|(from, to)| {
        if to.major > from.major {
            "semver-major"
        } else if to.minor > from.minor {
            "semver-minor"
        } else {
            "semver-patch"
        }
    });
    if let Some((from, to)) = version {
        set_version(root, from, to)?;
        // The report says the version the pull request carries.
        for check in effects.crates.iter_mut().filter_map(|c| c.version.as_mut()) {
            check.head = to;
            check.ok = to >= check.required;
        }
        add_changelog(
            root,
            &diff::render_with(&review, Some(&effects), Format::Changelog),
        )?;
    }
    write_record(root, record)?;
    let headline = diff::render(&review, Format::Text)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    let title = match version {
        Some((_, to)) => format!("Atlas's spec changed: release {to}"),
        None => "Atlas's spec changed: no API change".to_owned(),
    };
    let proposal = Proposal {
        title,
        label,
        version,
        unbound,
    };
    write_pull_request(
        root,
        &proposal,
        &headline,
        &diff::render_with(&review, Some(&effects), Format::Markdown),
        record,
    )?;
    Ok(proposal)
}

/// Fetches `url`: its body, or why it cannot be had.
fn fetch(url: &str) -> Result<Vec<u8>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the HTTP runtime")?;
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .build()
            .context("cannot build the HTTP client")?;
        let response = client
            .get(url)
            .send()
            .await
            .with_context(|| format!("cannot reach {url}"))?;
        let status = response.status();
        if !status.is_success() {
            bail!("{url} answered HTTP {status}: no document");
        }
        if response
            .content_length()
            .is_some_and(|len| len > MAX_DOCUMENT_BYTES as u64)
        {
            bail!("{url} announces more than {MAX_DOCUMENT_BYTES} bytes: not Atlas's document");
        }
        let mut response = response;
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .with_context(|| format!("the document from {url} was cut short"))?
        {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_DOCUMENT_BYTES {
                bail!("{url} sent more than {MAX_DOCUMENT_BYTES} bytes: not Atlas's document");
            }
        }
        Ok(body)
    })
}

/// Checks that `bytes` are a whole OpenAPI 3.0 document; the extension it
/// is kept under (`json` or `yaml`).
fn check_document(bytes: &[u8]) -> Result<&'static str> {
    let (document, extension): (Value, &str) = match serde_json::from_slice(bytes) {
        Ok(document) => (document, "json"),
        Err(json) => match serde_norway::from_slice(bytes) {
            Ok(document) => (document, "yaml"),
            Err(_) => bail!(
                "the fetched document is neither JSON nor YAML (cut short or garbled): {json}"
            ),
        },
    };
    match document.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0.") => {}
        Some(version) => bail!(
            "the fetched document is OpenAPI {version}: this workspace reads OpenAPI 3.0.x only \
             (progenitor and the review do); nothing was written"
        ),
        None => bail!("the fetched document has no `openapi` version: not an OpenAPI document"),
    }
    if !document.get("paths").is_some_and(Value::is_object) {
        bail!("the fetched document has no `paths`: cut short, or not Atlas's API document");
    }
    Ok(extension)
}

fn read(root: &Path, file: &str) -> Result<Vec<u8>> {
    std::fs::read(root.join(file)).with_context(|| format!("cannot read {file}"))
}

fn read_record(root: &Path) -> Result<Option<Record>> {
    let path = root.join(RECORD);
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {RECORD}"))?;
    serde_json::from_str(&text)
        .map(Some)
        .with_context(|| format!("{RECORD} is not a watch record"))
}

fn write_record(root: &Path, record: &Record) -> Result<()> {
    let text = serde_json::to_string_pretty(record)? + "\n";
    import::write_if_changed(&root.join(RECORD), text.as_bytes())?;
    Ok(())
}

/// The hash of what decides the generated code besides the document and
/// the overlay: the bound operations, the classes, and the versions of the
/// generator crates in `Cargo.lock`.
fn generator_hash(root: &Path) -> Result<String> {
    let mut settings = Vec::new();
    for file in [paths::BOUND, paths::PERSONAL] {
        settings.extend(read(root, file)?);
    }
    if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock")) {
        let mut packages = lock.split("[[package]]");
        for package in packages.by_ref() {
            let generator = ["progenitor", "typify", "openapiv3"]
                .iter()
                .any(|name| package.contains(&format!("name = \"{name}")));
            if generator {
                settings.extend(package.trim().as_bytes());
            }
        }
    }
    Ok(sources::sha256_hex(&settings))
}

/// The workspace's version (`[workspace.package] version`), which both
/// crates take.
fn workspace_version(root: &Path) -> Result<Version> {
    let workspace = String::from_utf8(read(root, "Cargo.toml")?).context("Cargo.toml")?;
    let generated = String::from_utf8(read(root, "atlas-pay-gen/Cargo.toml")?)
        .context("atlas-pay-gen/Cargo.toml")?;
    crate_version(&generated, &workspace)
}

/// Sets the workspace's version, and the version the workspace's
/// dependencies on its own crates ask for, from `from` to `to`.
fn set_version(root: &Path, from: Version, to: Version) -> Result<()> {
    let path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path).context("cannot read Cargo.toml")?;
    let (from, to) = (from.to_string(), to.to_string());
    let mut replaced = 0;
    let updated: Vec<String> = text
        .lines()
        .map(|line| {
            let ours = line.starts_with("version = ")
                || line.starts_with("atlas-pay-gen = ")
                || line.starts_with("atlas-pay = ");
            let needle = format!("version = \"{from}\"");
            if ours && line.contains(&needle) {
                replaced += 1;
                line.replacen(&needle, &format!("version = \"{to}\""), 1)
            } else {
                line.to_owned()
            }
        })
        .collect();
    if replaced == 0 {
        bail!("Cargo.toml does not say version \"{from}\": cannot bump it to {to}");
    }
    std::fs::write(&path, updated.join("\n") + "\n").context("cannot write Cargo.toml")
}

/// Puts the drafted section at the top of the CHANGELOG's sections.
fn add_changelog(root: &Path, section: &str) -> Result<()> {
    let path = root.join("CHANGELOG.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| "# Changelog\n\n".to_owned());
    let at = text.find("\n## ").map_or(text.len(), |at| at + 1);
    let mut updated = String::with_capacity(text.len() + section.len() + 1);
    updated.push_str(&text[..at]);
    updated.push_str(section.trim_end());
    updated.push_str("\n\n");
    updated.push_str(&text[at..]);
    std::fs::write(&path, updated).context("cannot write CHANGELOG.md")
}

/// Writes the pull request's body, title, label and a summary for the
/// workflow under [`OUT_DIR`].
fn write_pull_request(
    root: &Path,
    proposal: &Proposal,
    headline: &str,
    review: &str,
    record: &Record,
) -> Result<()> {
    let out: PathBuf = root.join(OUT_DIR);
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {OUT_DIR}"))?;
    let mut body = String::new();
    let _ = writeln!(
        body,
        "Atlas changed the document it publishes at <{}>.\n",
        record.url
    );
    let _ = writeln!(body, "**{headline}**\n");
    match proposal.version {
        Some((from, to)) => {
            let _ = writeln!(
                body,
                "Release: {from} → {to} (`{}`), both crates, as the release contract asks. \
                 Merging releases atlas-pay-gen, then atlas-pay.\n",
                proposal.label.unwrap_or_default()
            );
        }
        None => body.push_str("No crate's API changed: nothing to release.\n\n"),
    }
    if !proposal.unbound.is_empty() {
        body.push_str("Operations the document holds that this workspace does not bind:\n\n");
        for operation in &proposal.unbound {
            let _ = writeln!(body, "- `{operation}`");
        }
        body.push('\n');
    }
    body.push_str(review);
    let _ = writeln!(
        body,
        "\n---\nPrepared by `cargo xtask watch` (document SHA-256 `{}`).",
        record.document_sha256
    );
    std::fs::write(out.join("pull-request.md"), body)?;
    std::fs::write(out.join("title"), &proposal.title)?;
    std::fs::write(out.join("label"), proposal.label.unwrap_or_default())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_that_is_not_a_whole_openapi_3_0_document_is_refused() {
        assert_eq!(
            check_document(br#"{"openapi":"3.0.1","paths":{}}"#).unwrap(),
            "json"
        );
        assert_eq!(
            check_document(b"openapi: 3.0.3\npaths: {}\n").unwrap(),
            "yaml"
        );
        for (bad, why) in [
            (&br#"{"openapi":"3.0.1","pa"#[..], "neither JSON nor YAML"),
            (br#"{"openapi":"3.1.0","paths":{}}"#, "OpenAPI 3.1.0"),
            (br#"{"swagger":"2.0","paths":{}}"#, "no `openapi` version"),
            (br#"{"openapi":"3.0.1"}"#, "no `paths`"),
        ] {
            let error = check_document(bad).unwrap_err().to_string();
            assert!(error.contains(why), "{error}");
        }
    }
}
