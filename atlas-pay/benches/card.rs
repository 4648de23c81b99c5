//! Card checks and request building.
//!
//! Targets: parse + Luhn + brand of a 16-digit number ≤ 15 ns. Baselines in the
//! same run: `str::parse::<u64>` of the same digits (the cheapest possible
//! look at them) and a `serde_json::to_vec` of a plain map for the request.
//!
//! Run: `cargo bench -p atlas-pay --bench card`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::print_stdout,
    missing_docs
)]

use std::hint::black_box;
use std::time::Instant;

use atlas_pay::{Card, CardNumber, CardNumberError, Expiry, PaymentRequest, YearMonth};

const NUMBER: &str = "4532015112830366";

fn main() {
    divan::main();
    ratios();
}

#[divan::bench]
fn baseline_parse_u64() -> Result<u64, std::num::ParseIntError> {
    black_box(NUMBER).parse::<u64>()
}

#[divan::bench]
fn parse_luhn_brand() -> Result<CardNumber, CardNumberError> {
    black_box(NUMBER).parse::<CardNumber>()
}

fn card() -> Card {
    Card::builder(NUMBER.parse().unwrap())
        .expiry(Expiry::new(12, 2030).unwrap())
        .cvv("123".parse().unwrap())
        .holder("Ada", "Lovelace")
        .as_of(YearMonth::new(2026, 11).unwrap())
        .build()
        .unwrap()
}

#[divan::bench]
fn build_card_request() -> PaymentRequest {
    PaymentRequest::vcc_passthrough(black_box("AFKMN2025000001"), card())
}

/// Nanoseconds per call of `f`: the median of 31 samples of `iterations`
/// calls. Like divan, it leaves dropping the result (here: zeroing a card
/// number's digits) out of the figure.
fn per_call_ns<T>(iterations: u32, mut f: impl FnMut() -> T) -> f64 {
    let mut samples: Vec<f64> = (0..31)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                let value = f();
                black_box(&value);
                std::mem::forget(value);
            }
            start.elapsed().as_nanos() as f64 / f64::from(iterations)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn ratios() {
    let baseline = per_call_ns(200_000, baseline_parse_u64);
    let card = per_call_ns(200_000, parse_luhn_brand);
    println!("\nmedians of 31 samples in this run:");
    println!("  u64 parse of the digits (baseline): {baseline:6.1} ns");
    println!(
        "  CardNumber parse + Luhn + brand:     {card:6.1} ns  (target <= 15 ns: {}; {:.2}x baseline)",
        if card <= 15.0 { "met" } else { "NOT met" },
        card / baseline
    );
}
