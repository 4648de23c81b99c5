//! Wall time of `cargo xtask generate --check` on this workspace (target: under
//! 1 s), measured in-process on the same code path the binary runs, beside its
//! cheapest step (overlay application alone) as the in-run baseline.
//!
//! Run: `cargo bench -p xtask --bench generate_check`.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::fs;

use xtask::{generate, paths};

fn main() {
    divan::main();
}

/// Baseline: read the inputs and apply the overlay, nothing else.
#[divan::bench(sample_count = 20)]
fn effective_document_only() -> String {
    let root = paths::workspace_root();
    let upstream = fs::read_to_string(root.join(paths::PAY_UPSTREAM)).expect("upstream");
    let overlay = fs::read_to_string(root.join(paths::OVERLAY)).expect("overlay");
    let classes = generate::classes(&root).expect("classes");
    generate::effective_document(&upstream, &overlay, &classes).expect("overlay applies")
}

/// What `cargo xtask generate --check` does: every output computed and compared.
#[divan::bench(sample_count = 20)]
fn generate_check() -> usize {
    let root = paths::workspace_root();
    let outputs = generate::outputs(&root).expect("generation succeeds");
    generate::check(&root, &outputs).len()
}
