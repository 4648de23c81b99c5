//! A full `Client::pay` round trip against a loopback server, against a
//! hand-written reqwest POST of the same JSON to the same server, in the same
//! run. Target: ratio ≤ 1.05.
//!
//! Run: `cargo bench -p atlas-pay-tests --bench pay`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::print_stdout,
    missing_docs
)]

use atlas_pay::test_cards::{ORDER, visa};
use atlas_pay::{Client, Environment, PaymentRequest};
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
    let answer = format!(
        r#"{{"status":0,"msg":"success","orderNo":"{ORDER}","paymentMethod":3,"pnrCode":"SOVID9","airlines":["5J"]}}"#
    );
    let server = RawServer::start(Behaviour::Json(answer.into_bytes()))
        .await
        .unwrap();
    let client = Client::builder()
        .credentials("bench-id", "bench-secret")
        .environment(Environment::custom(&server.url).unwrap())
        .build()
        .unwrap();
    // Configured like the SDK's own reqwest client, so that the ratio measures
    // what the SDK adds, not reqwest's timeout machinery.
    let raw = reqwest::Client::builder()
        .connect_timeout(atlas_pay::DEFAULT_CONNECT_TIMEOUT)
        .timeout(atlas_pay::DEFAULT_TIMEOUT)
        .user_agent("hand-written/1.0")
        .gzip(true)
        .build()
        .unwrap();
    let url = format!("{}/pay.do", server.url);
    // The same JSON the client sends.
    let body = serde_json::json!({
        "creditCard": {
            "cardCVV": "123", "cardExpireMonth": "12", "cardExpireYear": "30",
            "cardHolderFirstName": "Ada", "cardHolderLastName": "Lovelace",
            "cardNumber": "4532015112830366", "reusable": false
        },
        "orderNo": ORDER, "paymentMethod": 3
    });

    // The request is built (and the card checked) before the clock starts, as
    // the baseline's JSON is: the figure is what `pay()` itself costs.
    let sdk = |request: PaymentRequest| async {
        client.pay(request).await.unwrap();
    };
    let request = || PaymentRequest::vcc_passthrough(ORDER, visa().unwrap());
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
        assert_eq!(response["status"], 0);
    };

    // Warm both connection pools.
    for _ in 0..200 {
        sdk(request()).await;
        hand_written().await;
    }
    let (raw_us, sdk_us) = alternate(ROUNDS, CALLS, request, hand_written, sdk).await;
    let ratio = sdk_us / raw_us;
    println!(
        "pay.do round trip on loopback, median of {ROUNDS} rounds of {CALLS} alternating sequential calls:"
    );
    println!("  hand-written reqwest POST (baseline): {raw_us:8.1} us/call");
    println!("  atlas_pay::Client::pay:               {sdk_us:8.1} us/call");
    println!(
        "  ratio: {ratio:.3} (target <= 1.05: {})",
        if ratio <= 1.05 { "met" } else { "NOT met" }
    );
    println!("  requests served: {}", server.requests());
}
