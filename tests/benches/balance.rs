//! A full `Client::balance` round trip against a loopback server, beside a
//! hand-written reqwest POST of the same JSON to the same server, in the same
//! run. Target: ratio ≤ 1.05.
//!
//! Run: `cargo bench -p atlas-pay-tests --bench balance`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::print_stdout,
    missing_docs
)]

use atlas_pay::{Client, Environment};
use atlas_pay_test_support::alternate::alternate;
use atlas_pay_test_support::raw_server::{Behaviour, RawServer};

const ROUNDS: usize = 11;
const CALLS: usize = 1_000;

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    // Atlas's reference example answer.
    let answer = r#"{"accountBalance":{"amount":12308007.89,"currency":"USD"},"status":0}"#;
    let server = RawServer::start(Behaviour::Json(answer.as_bytes().to_vec()))
        .await
        .unwrap();
    let client = Client::builder()
        .credentials("bench-id", "bench-secret")
        .environment(Environment::custom(&server.url).unwrap())
        .build()
        .unwrap();
    // Configured like the SDK's own reqwest client.
    let raw = reqwest::Client::builder()
        .connect_timeout(atlas_pay::DEFAULT_CONNECT_TIMEOUT)
        .timeout(atlas_pay::DEFAULT_TIMEOUT)
        .user_agent("hand-written/1.0")
        .gzip(true)
        .build()
        .unwrap();
    let url = format!("{}/balance.do", server.url);
    let body = serde_json::json!({"currency": "USD"});

    let sdk = |()| async {
        let balance = client.balance("USD").await.unwrap();
        assert_eq!(balance.currency, "USD");
    };
    let hand_written = || async {
        let response: serde_json::Value = raw
            .post(&url)
            .header("x-atlas-client-id", "bench-id")
            .header("x-atlas-client-secret", "bench-secret")
            .header("accept", "application/json")
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(response["accountBalance"]["currency"], "USD");
    };

    // Warm both connection pools.
    for _ in 0..200 {
        sdk(()).await;
        hand_written().await;
    }
    let (raw_us, sdk_us) = alternate(ROUNDS, CALLS, || (), hand_written, sdk).await;
    let ratio = sdk_us / raw_us;
    println!(
        "balance.do round trip on loopback, median of {ROUNDS} rounds of {CALLS} alternating sequential calls:"
    );
    println!("  hand-written reqwest POST (baseline): {raw_us:8.1} us/call");
    println!("  atlas_pay::Client::balance:           {sdk_us:8.1} us/call");
    println!(
        "  ratio: {ratio:.3} (target <= 1.05: {})",
        if ratio <= 1.05 { "met" } else { "NOT met" }
    );
    println!("  requests served: {}", server.requests());
}
