//! Decoding Atlas's full order query answer (the reference's example: two
//! passengers' worth of routing, fares, rules, ancillaries and refund rules,
//! about 12 KB) into the generated `QueryOrderResponse`, beside the
//! same bytes into `serde_json::Value`, in the same run.
//!
//! Target: typed decoding ≤ 1.0× the untyped `Value`.
//!
//! Run: `cargo bench -p atlas-pay-tests --bench query_decode`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::print_stdout,
    missing_docs
)]

use std::hint::black_box;
use std::time::Instant;

use atlas_pay::wire::QueryOrderResponse;

/// The reference's full answer, as the sandbox also serves it.
const ANSWER: &str = include_str!("../../atlas-pay/src/sandbox/query_answer.json");

fn main() {
    divan::main();
    ratio();
}

#[divan::bench]
fn baseline_json_value() -> serde_json::Value {
    serde_json::from_str(black_box(ANSWER)).unwrap()
}

#[divan::bench]
fn generated_type() -> QueryOrderResponse {
    serde_json::from_str(black_box(ANSWER)).unwrap()
}

/// Nanoseconds per call of `f`: the median of 31 samples of `iterations`
/// calls, alternating with the baseline's samples so both see the same
/// machine.
fn paired_medians<A, B>(
    iterations: u32,
    mut a: impl FnMut() -> A,
    mut b: impl FnMut() -> B,
) -> (f64, f64) {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..iterations {
            f();
        }
        start.elapsed().as_nanos() as f64 / f64::from(iterations)
    };
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for _ in 0..31 {
        xs.push(time(&mut || {
            black_box(a());
        }));
        ys.push(time(&mut || {
            black_box(b());
        }));
    }
    xs.sort_by(f64::total_cmp);
    ys.sort_by(f64::total_cmp);
    (xs[15], ys[15])
}

fn ratio() {
    // Decodes in full, or the figures mean nothing.
    let typed: QueryOrderResponse = serde_json::from_str(ANSWER).unwrap();
    assert_eq!(typed.pax_ticket_infos.len(), 1);
    let (value, generated) = paired_medians(2_000, baseline_json_value, generated_type);
    println!(
        "\nmedians of 31 alternating samples in this run ({} bytes):",
        ANSWER.len()
    );
    println!(
        "  serde_json::Value (baseline):       {:9.1} µs",
        value / 1_000.0
    );
    println!(
        "  generated QueryOrderResponse: {:9.1} µs  ({:.2}x baseline; target <= 1.0: {})",
        generated / 1_000.0,
        generated / value,
        if generated <= value { "met" } else { "NOT met" }
    );
}
