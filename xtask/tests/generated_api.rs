//! Guards the public API of `atlas-pay-gen`: a spec change shows up as a
//! short, readable diff of `snapshots/generated_api__generated_api_surface.snap`
//! (the listing `cargo xtask diff` compares between spec versions).

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use xtask::{api, paths};

#[test]
fn generated_api_surface() {
    let surface = api::committed_surface(&paths::workspace_root()).unwrap();
    insta::assert_snapshot!(surface.listing());
}

#[test]
fn the_review_lists_the_same_api_it_would_generate() {
    // The review generates both sides in memory, unformatted; what it lists
    // must be what `cargo xtask generate` writes.
    let root = paths::workspace_root();
    let effective = std::fs::read_to_string(root.join(paths::EFFECTIVE)).unwrap();
    let in_memory = api::generated_surface(&effective).unwrap();
    let committed = api::committed_surface(&root).unwrap();
    let (in_memory, committed) = (in_memory.listing(), committed.listing());
    let differences: Vec<String> = similar::TextDiff::from_lines(&committed, &in_memory)
        .unified_diff()
        .to_string()
        .lines()
        .map(str::to_owned)
        .collect();
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
