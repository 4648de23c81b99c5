//! Load on loopback: 10 000 payments of 10 000 orders from 64 concurrent
//! tasks through one `Client`, against the embedded sandbox. Checks that no
//! payment is lost and none is charged twice, and prints throughput and
//! p50/p99 latency.
//!
//! Run: `cargo bench -p atlas-pay-tests --bench sandbox_load`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::print_stdout,
    missing_docs
)]

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use atlas_pay::PaymentRequest;
use atlas_pay::sandbox::{Sandbox, SandboxOrder};

const ORDERS: usize = 10_000;
const TASKS: usize = 64;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    let orders = (0..ORDERS).map(|i| SandboxOrder::new(format!("LOAD-{i:05}")).amount(1));
    let sandbox = Sandbox::builder()
        .default_deposit(ORDERS as u64)
        .orders(orders)
        .start()
        .await
        .unwrap();
    let client = sandbox.client().unwrap();
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..TASKS {
        let client = client.clone();
        let next = Arc::clone(&next);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0usize;
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= ORDERS {
                    break;
                }
                let call = Instant::now();
                let result = client
                    .pay(PaymentRequest::deposit(format!("LOAD-{index:05}")))
                    .await;
                latencies.push(call.elapsed());
                if result.is_err() {
                    failures += 1;
                }
            }
            (latencies, failures)
        }));
    }
    let mut latencies: Vec<Duration> = Vec::with_capacity(ORDERS);
    let mut failures = 0;
    for task in tasks {
        let (mut l, f) = task.await.unwrap();
        latencies.append(&mut l);
        failures += f;
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let percentile =
        |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];

    let ledger = sandbox.ledger();
    let distinct: HashSet<&str> = ledger.iter().map(|c| c.order_no.as_str()).collect();
    let lost = ORDERS - distinct.len();
    let doubled = ledger.len() - distinct.len();
    println!("{ORDERS} payments of {ORDERS} orders from {TASKS} tasks through one Client:");
    println!("  elapsed:    {elapsed:.2?}");
    println!(
        "  throughput: {:.0} payments/s",
        ORDERS as f64 / elapsed.as_secs_f64()
    );
    println!(
        "  latency:    p50 {:.2?}  p99 {:.2?}  max {:.2?}",
        percentile(0.50),
        percentile(0.99),
        percentile(1.0)
    );
    println!(
        "  failed calls: {failures}; lost: {lost}; charged twice: {doubled}; deposit left: {}",
        sandbox.default_deposit()
    );
    assert_eq!(failures, 0, "every payment succeeds");
    assert_eq!(lost, 0, "no payment is lost");
    assert_eq!(doubled, 0, "no order is charged twice");
}
