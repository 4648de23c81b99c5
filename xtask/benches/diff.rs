//! `cargo xtask diff` speed. Targets: under 200 ms for two versions of this
//! document, under 2 s for two versions of a synthetic 500-operation document,
//! and the computed Rust effects (both sides generated in memory, listed,
//! compared, old answers decoded; no compile) adding under 5 s to a review.
//! The in-run baselines are parsing both documents from text, which every run
//! of the command does before comparing, and the wire diff itself.
//!
//! Run: `cargo bench -p xtask --bench diff`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::print_stdout,
    missing_docs
)]

use std::hint::black_box;
use std::time::Instant;

use serde_json::{Value, json};
use xtask::{diff, paths};

fn main() {
    divan::main();
    summary();
}

fn this_document() -> (Value, Value) {
    let text = std::fs::read_to_string(paths::workspace_root().join(paths::EFFECTIVE)).unwrap();
    let old: Value = serde_json::from_str(&text).unwrap();
    let mut new = old.clone();
    let schemas = &mut new["components"]["schemas"];
    schemas["PaymentResponseStatus"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!(416));
    schemas["PaymentMethod"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!(6));
    let body = &mut new["paths"]["/pay.do"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    body["properties"]["currency"] = json!({"type": "string"});
    body["required"]
        .as_array_mut()
        .unwrap()
        .push(json!("currency"));
    (old, new)
}

/// 500 operations, each a copy of pay.do under its own path and operationId;
/// the new version changes every tenth one.
fn synthetic() -> (Value, Value) {
    let (base, _) = this_document();
    let operation = base["paths"]["/pay.do"]["post"].clone();
    let mut old = base.clone();
    let paths = old["paths"].as_object_mut().unwrap();
    paths.clear();
    for i in 0..500 {
        let mut op = operation.clone();
        op["operationId"] = json!(format!("pay{i}"));
        paths.insert(format!("/pay{i}.do"), json!({ "post": op }));
    }
    let mut new = old.clone();
    for i in (0..500).step_by(10) {
        let schema = &mut new["paths"][format!("/pay{i}.do")]["post"]["requestBody"]["content"]["application/json"]
            ["schema"];
        schema["properties"]["extra"] = json!({"type": "string"});
        schema["required"]
            .as_array_mut()
            .unwrap()
            .push(json!("extra"));
    }
    (old, new)
}

#[divan::bench(sample_count = 30)]
fn parse_this_document(bencher: divan::Bencher<'_, '_>) {
    let text = std::fs::read_to_string(paths::workspace_root().join(paths::EFFECTIVE)).unwrap();
    bencher.bench(|| serde_json::from_str::<Value>(black_box(&text)).unwrap());
}

#[divan::bench(sample_count = 30)]
fn diff_this_document(bencher: divan::Bencher<'_, '_>) {
    let (old, new) = this_document();
    bencher.bench(|| diff::diff(black_box(&old), black_box(&new)));
}

#[divan::bench(sample_count = 10)]
fn diff_500_operations(bencher: divan::Bencher<'_, '_>) {
    let (old, new) = synthetic();
    bencher.bench(|| diff::diff(black_box(&old), black_box(&new)));
}

#[divan::bench(sample_count = 10)]
fn rust_effects_this_document(bencher: divan::Bencher<'_, '_>) {
    let (old, new) = this_document();
    let (old, new) = (diff::Side::effective(old), diff::Side::effective(new));
    let review = diff::review(&old, &new);
    let context = diff::EffectsContext::default();
    bencher.bench(|| {
        diff::effects::compute(black_box(&old), black_box(&new), &review, &context).unwrap()
    });
}

/// The time of the Rust effects of a review of `old` → `new`, and the
/// number of API changes found.
fn effects_time(old: &Value, new: &Value) -> (std::time::Duration, usize) {
    let (old, new) = (
        diff::Side::effective(old.clone()),
        diff::Side::effective(new.clone()),
    );
    let review = diff::review(&old, &new);
    let start = Instant::now();
    let effects =
        diff::effects::compute(&old, &new, &review, &diff::EffectsContext::default()).unwrap();
    (start.elapsed(), effects.crates[0].changes.len())
}

fn summary() {
    let time = |old: &Value, new: &Value| {
        let start = Instant::now();
        let changes = diff::diff(old, new);
        (start.elapsed(), changes.len())
    };
    let (old, new) = this_document();
    let (small, small_changes) = time(&old, &new);
    let (small_rust, small_api) = effects_time(&old, &new);
    let (old, new) = synthetic();
    let (large, large_changes) = time(&old, &new);
    let (large_rust, large_api) = effects_time(&old, &new);
    println!("\none run each:");
    println!(
        "  this document:  {small:?} for {small_changes} changes (target < 200 ms: {})",
        if small.as_millis() < 200 {
            "met"
        } else {
            "NOT met"
        }
    );
    println!(
        "  500 operations: {large:?} for {large_changes} changes (target < 2 s: {})",
        if large.as_secs_f64() < 2.0 {
            "met"
        } else {
            "NOT met"
        }
    );
    let verdict = |d: std::time::Duration| {
        if d.as_secs_f64() < 5.0 {
            "met"
        } else {
            "NOT met"
        }
    };
    println!(
        "  Rust effects, this document:  {small_rust:?} for {small_api} API changes, {:.0}× the wire diff (target < 5 s: {})",
        small_rust.as_secs_f64() / small.as_secs_f64(),
        verdict(small_rust)
    );
    println!(
        "  Rust effects, 500 operations: {large_rust:?} for {large_api} API changes, {:.0}× the wire diff (target < 5 s: {})",
        large_rust.as_secs_f64() / large.as_secs_f64(),
        verdict(large_rust)
    );
}
