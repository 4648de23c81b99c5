//! `cargo xtask dependent-build`: what depending on `atlas-pay` costs a
//! service's cold build, against a bare reqwest + serde client.
//!
//! Two minimal binary crates are written to a temporary directory and built
//! cold, one after the other, each with its own empty target directory:
//!
//! * **atlas-pay**: depends on `atlas-pay` (default features) and calls
//!   `Client::pay` once;
//! * **baseline**: depends on reqwest (rustls, JSON, gzip: what Atlas needs),
//!   serde and serde_json, and posts a hand-written pay.do body.
//!
//! Both have tokio for `main`. Both start from this workspace's `Cargo.lock`,
//! so they resolve the same versions as the workspace. Printed: each build's
//! wall time, the ratio, and the number of crates each builds. Right before
//! its timing, each build's inputs are read once, untimed, so that neither
//! pays alone for loading them from disk.
//!
//! atlas-pay and atlas-pay-gen are compiled the way a dependent compiles
//! them from a registry or a git repository: without incremental
//! compilation. The crate names them by path (so the working tree is what is
//! measured), and cargo compiles path dependencies incrementally, which no
//! dependent of a published crate does and which costs these two crates about
//! 40% more in a cold build; a profile override in the crate's manifest turns
//! it off for them, and only for them. Both crates' own `main` stays
//! incremental, as a service's own code is.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// One measured cold build.
#[derive(Debug, Clone)]
pub struct Build {
    /// Which crate.
    pub name: &'static str,
    /// Wall time of `cargo build`.
    pub time: Duration,
    /// Crates compiled (packages in the dependency graph, the crate included).
    pub crates: usize,
    /// Bytes read, untimed, to warm the page cache before the build.
    pub warmed: u64,
}

/// Both builds of one run.
#[derive(Debug, Clone)]
pub struct Report {
    /// The crate that depends on atlas-pay.
    pub atlas_pay: Build,
    /// The bare reqwest + serde crate.
    pub baseline: Build,
}

impl Report {
    /// atlas-pay's build time over the baseline's.
    pub fn ratio(&self) -> f64 {
        self.atlas_pay.time.as_secs_f64() / self.baseline.time.as_secs_f64()
    }
}

const ATLAS_MAIN: &str = r#"
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = atlas_pay::Client::builder()
        .credentials("id", "secret")
        .environment(atlas_pay::Environment::custom("http://127.0.0.1:9")?)
        .build()?;
    let outcome = client.pay(atlas_pay::PaymentRequest::deposit("ORDER-1")).await;
    println!("{:?}", outcome.map(|paid| paid.order_no));
    Ok(())
}
"#;

const BASELINE_MAIN: &str = r#"
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct PayBody<'a> {
    order_no: &'a str,
    payment_method: i64,
}

#[derive(serde::Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
struct PayAnswer {
    status: i64,
    msg: Option<String>,
    order_no: Option<String>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = reqwest::Client::builder().gzip(true).build()?;
    let answer = client
        .post("http://127.0.0.1:9/pay.do")
        .header("x-atlas-client-id", "id")
        .header("x-atlas-client-secret", "secret")
        .json(&PayBody { order_no: "ORDER-1", payment_method: 1 })
        .send()
        .await;
    match answer {
        Ok(answer) => println!("{:?}", answer.json::<PayAnswer>().await?),
        Err(error) => println!("{error}"),
    }
    Ok(())
}
"#;

fn manifest(name: &str, dependencies: &str, profile: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{dependencies}\n\n{profile}[workspace]\n"
    )
}

/// What a registry or git dependency gets and a path dependency does not.
const AS_A_REGISTRY_DEPENDENCY: &str = "[profile.dev.package.atlas-pay]\nincremental = false\n\n\
     [profile.dev.package.atlas-pay-gen]\nincremental = false\n\n";

/// Writes one crate and builds it cold; returns its figures.
fn build(
    root: &Path,
    dir: &Path,
    name: &'static str,
    dependencies: &str,
    profile: &str,
    main: &str,
) -> Result<Build> {
    let crate_dir = dir.join(name);
    fs::create_dir_all(crate_dir.join("src"))?;
    fs::write(
        crate_dir.join("Cargo.toml"),
        manifest(name, dependencies, profile),
    )?;
    fs::write(crate_dir.join("src/main.rs"), main)?;
    fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"))
        .context("cannot copy the workspace's Cargo.lock")?;
    let target = crate_dir.join("target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // Resolve (and fetch) first, outside the timing.
    let fetch = Command::new(&cargo)
        .arg("fetch")
        .current_dir(&crate_dir)
        .output()
        .context("cannot run cargo fetch")?;
    if !fetch.status.success() {
        bail!(
            "cargo fetch failed for {name}: {}",
            String::from_utf8_lossy(&fetch.stderr)
        );
    }
    let warmed = warm_page_cache(&cargo, &crate_dir)?;
    settle_disk();
    let started = Instant::now();
    let output = Command::new(&cargo)
        .args(["build", "--quiet"])
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .current_dir(&crate_dir)
        .output()
        .context("cannot run cargo build")?;
    let time = started.elapsed();
    if !output.status.success() {
        bail!(
            "cargo build failed for {name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let tree = Command::new(&cargo)
        .args([
            "tree",
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--no-dedupe",
        ])
        .current_dir(&crate_dir)
        .output()
        .context("cannot run cargo tree")?;
    let mut crates: Vec<String> = String::from_utf8_lossy(&tree.stdout)
        .lines()
        .map(|line| line.trim_end_matches(" (*)").to_owned())
        .filter(|line| !line.is_empty())
        .collect();
    crates.sort();
    crates.dedup();
    // The next build must not start while this one's gigabyte is deleted
    // or written back: remove it now and wait for the disk, untimed.
    fs::remove_dir_all(&target).with_context(|| format!("cannot remove {}", target.display()))?;
    settle_disk();
    Ok(Build {
        name,
        time,
        crates: crates.len(),
        warmed,
    })
}

/// Flushes pending writes (`sync`) so that no build starts while an
/// earlier one's output is still being written back or deleted. Best effort.
fn settle_disk() {
    let _ = Command::new("sync").status();
}

/// Reads, untimed, every file the build is about to read from disk: the
/// sources of every package in the crate's tree, the toolchain's libraries
/// and the C compiler proper. Returns the bytes read.
///
/// Without it a build can pay alone for loading rustc, LLVM and the
/// registry's sources from disk (this machine's memory manager reclaims
/// pages idle for a while) while the other finds them in memory. Both
/// builds are warmed the same way, right before their timing.
fn warm_page_cache(cargo: &str, crate_dir: &Path) -> Result<u64> {
    let metadata = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(crate_dir)
        .output()
        .context("cannot run cargo metadata")?;
    if !metadata.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&metadata.stderr)
        );
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&metadata.stdout).context("cargo metadata printed no JSON")?;
    let mut roots: Vec<PathBuf> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|package| package["manifest_path"].as_str())
        .filter_map(|manifest| Path::new(manifest).parent().map(Path::to_path_buf))
        .collect();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    if let Ok(sysroot) = Command::new(&rustc).args(["--print", "sysroot"]).output() {
        let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
        roots.push(sysroot.join("lib"));
        roots.push(sysroot.join("libexec"));
    }
    if let Ok(cc1) = Command::new("gcc").arg("-print-prog-name=cc1").output() {
        roots.push(PathBuf::from(String::from_utf8_lossy(&cc1.stdout).trim()));
    }
    let mut bytes = 0;
    for root in roots {
        bytes += read_all(&root, crate_dir);
    }
    Ok(bytes)
}

/// Reads every file under `path` (or `path` itself), skipping `skip/target`
/// and the toolchain's own sources; returns the bytes read. A file that
/// cannot be read is skipped: warming is best effort.
fn read_all(path: &Path, skip: &Path) -> u64 {
    if path == skip.join("target") || path.ends_with("rustlib/src") {
        return 0;
    }
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::read_dir(path)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|entry| read_all(&entry.path(), skip))
                    .sum()
            })
            .unwrap_or(0),
        Ok(meta) if meta.is_file() => fs::File::open(path)
            .and_then(|mut file| std::io::copy(&mut file, &mut std::io::sink()))
            .unwrap_or(0),
        _ => 0,
    }
}

/// Builds both crates cold, one after the other, under a fresh temporary
/// directory; `root` is this workspace. With `baseline_first` the baseline
/// builds first (alternate it across runs: the second build of a run finds
/// the registry's sources in the page cache).
pub fn run(root: &Path, baseline_first: bool) -> Result<Report> {
    let dir = tempfile_dir()?;
    let atlas_pay = root.join("atlas-pay");
    let atlas_dependencies = format!(
        "atlas-pay = {{ path = {:?} }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}",
        atlas_pay.display().to_string()
    );
    let baseline_dependencies = "reqwest = { version = \"0.13\", default-features = false, features = [\"rustls\", \"json\", \"gzip\"] }\n\
         serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }";
    let build_atlas = || {
        build(
            root,
            dir.path(),
            "dependent-atlas-pay",
            &atlas_dependencies,
            AS_A_REGISTRY_DEPENDENCY,
            ATLAS_MAIN,
        )
    };
    let build_baseline = || {
        build(
            root,
            dir.path(),
            "dependent-baseline",
            baseline_dependencies,
            "",
            BASELINE_MAIN,
        )
    };
    let (atlas_pay, baseline) = if baseline_first {
        let baseline = build_baseline()?;
        (build_atlas()?, baseline)
    } else {
        let atlas_pay = build_atlas()?;
        (atlas_pay, build_baseline()?)
    };
    Ok(Report {
        atlas_pay,
        baseline,
    })
}

/// A temporary directory removed when dropped.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn tempfile_dir() -> Result<TempDir> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let base = std::env::temp_dir().join(format!(
        "atlas-pay-dependent-build-{}-{stamp}",
        std::process::id()
    ));
    fs::create_dir_all(&base).with_context(|| format!("cannot create {}", base.display()))?;
    Ok(TempDir(base))
}
