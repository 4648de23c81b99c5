//! Card checks and request building.
//!
//! Targets: parse + Luhn + brand of a 16-digit number ≤ 15 ns. Baselines in the
//! same run: `str::parse::<u64>` of the same digits (the cheapest possible
//! look at them), and for a request, building a `serde_json::json!` map of the
//! same fields and serializing it (no checks at all).
//!
//! Run: `cargo bench -p atlas-pay-tests --bench card`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::print_stdout,
    missing_docs
)]

use std::hint::black_box;
use std::time::Instant;

use atlas_pay::test_cards::{VISA as NUMBER, visa};

use atlas_pay::{CardNumber, CardNumberError, PaymentRequest};

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

#[divan::bench]
fn build_card_request() -> PaymentRequest {
    PaymentRequest::vcc_passthrough(black_box("AFKMN2025000001"), visa().unwrap())
}

#[divan::bench]
fn baseline_json_map_request() -> Vec<u8> {
    let body = serde_json::json!({
        "creditCard": {
            "cardCVV": black_box("123"), "cardExpireMonth": "12", "cardExpireYear": "30",
            "cardHolderFirstName": "Ada", "cardHolderLastName": "Lovelace",
            "cardNumber": black_box(NUMBER), "reusable": false
        },
        "orderNo": black_box("AFKMN2025000001"), "paymentMethod": 3
    });
    serde_json::to_vec(&body).unwrap()
}

#[divan::bench]
fn build_and_serialize_card_request() -> Vec<u8> {
    let body = PaymentRequest::vcc_passthrough(black_box("AFKMN2025000001"), visa().unwrap())
        .into_body()
        .unwrap();
    serde_json::to_vec(&body).unwrap()
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
    let map = per_call_ns(2_000, baseline_json_map_request);
    let request = per_call_ns(2_000, build_and_serialize_card_request);
    println!("\nmedians of 31 samples in this run:");
    println!("  u64 parse of the digits (baseline): {baseline:6.1} ns");
    println!(
        "  CardNumber parse + Luhn + brand:     {card:6.1} ns  (target <= 15 ns: {}; {:.2}x baseline)",
        if card <= 15.0 { "met" } else { "NOT met" },
        card / baseline
    );
    println!("  json! map of the request + to_vec (baseline): {map:8.1} ns");
    println!(
        "  card + request checked, built, serialized:    {request:8.1} ns  ({:.2}x baseline)",
        request / map
    );
}
