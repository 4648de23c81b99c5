//! The declared minimum Rust version (`rust-version` in the workspace's
//! Cargo.toml) is honest: no crate in the workspace's dependency graph
//! declares a newer one. (Clippy's `incompatible_msrv`, which CI runs with
//! `-D warnings`, covers the standard library APIs our own code calls; the
//! `msrv` job of `.github/workflows/ci.yml` builds with that toolchain.)

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::process::Command;

use serde_json::Value;
use xtask::paths;

fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn no_dependency_needs_a_newer_rust_than_the_declared_one() {
    let root = paths::workspace_root();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let declared = manifest
        .lines()
        .find_map(|line| line.strip_prefix("rust-version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("the workspace declares rust-version");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(&root)
        .args(["metadata", "--format-version", "1", "--locked"])
        .args(["--filter-platform", "x86_64-unknown-linux-gnu"])
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    assert!(packages.len() > 50, "the graph was read");
    let newer: Vec<String> = packages
        .iter()
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            (version(needs) > version(declared)).then(|| {
                format!(
                    "{} {} needs {needs}",
                    p["name"].as_str().unwrap_or("?"),
                    p["version"]
                )
            })
        })
        .collect();
    assert!(
        newer.is_empty(),
        "rust-version = {declared}, but: {}",
        newer.join(", ")
    );
}
