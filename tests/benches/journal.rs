//! What the journal costs a payment: a journaled `Client::pay` against a
//! plain one, both against the embedded sandbox on loopback (each call pays
//! an order of its own), alternating in the same run; and a bare
//! insert-and-commit on the same store, measured in the same run. A
//! journaled payment commits twice (the intent, then where the call left
//! it): target, its overhead ≤ 2.5 bare commits ("one durable commit per
//! phase, no more").
//!
//! SQLite always (a file in the temporary directory, WAL, `synchronous =
//! FULL`, as the journal opens it); Postgres too when
//! `ATLAS_PAY_TEST_POSTGRES` names a server (`eval "$(bash .ci/postgres start)"`).
//!
//! Run: `cargo bench -p atlas-pay-tests --bench journal`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::print_stdout,
    missing_docs
)]

use std::cell::Cell;
use std::time::{Duration, Instant};

use atlas_pay::sandbox::{Sandbox, SandboxOrder};
use atlas_pay::{Client, Environment, Journal, PaymentRequest};
use atlas_pay_test_support::alternate::alternate;

const ROUNDS: usize = 5;
const CALLS: usize = 100;
/// Orders per side: every call pays a new one (a paid order is refused).
const ORDERS: usize = ROUNDS * CALLS + 50;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    let dir = std::env::temp_dir().join(format!("atlas-pay-journal-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite = Journal::sqlite(dir.join("journal.db")).unwrap();
    let bare = rusqlite::Connection::open(dir.join("bare.db")).unwrap();
    bare.pragma_update(None, "journal_mode", "WAL").unwrap();
    bare.pragma_update(None, "synchronous", "FULL").unwrap();
    bare.execute_batch(
        "CREATE TABLE bare (id INTEGER PRIMARY KEY, order_no TEXT NOT NULL, at INTEGER NOT NULL)",
    )
    .unwrap();
    let commit_us = median_us(|| {
        let start = Instant::now();
        bare.execute(
            "INSERT INTO bare (order_no, at) VALUES (?1, ?2)",
            rusqlite::params!["BENCH", 1_i64],
        )
        .unwrap();
        start.elapsed()
    });
    measure("SQLite", sqlite, commit_us).await;

    if let Ok(config) = std::env::var("ATLAS_PAY_TEST_POSTGRES") {
        let (client, connection) = tokio_postgres::connect(&config, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        client
            .batch_execute(
                "DROP SCHEMA IF EXISTS journal_bench CASCADE; CREATE SCHEMA journal_bench; \
                 CREATE TABLE journal_bench.bare (id BIGSERIAL PRIMARY KEY, order_no TEXT NOT NULL, at BIGINT NOT NULL)",
            )
            .await
            .unwrap();
        let mut rounds = Vec::new();
        for _ in 0..ROUNDS {
            let start = Instant::now();
            for _ in 0..CALLS {
                client
                    .execute(
                        "INSERT INTO journal_bench.bare (order_no, at) VALUES ($1, $2)",
                        &[&"BENCH", &1_i64],
                    )
                    .await
                    .unwrap();
            }
            rounds.push(start.elapsed());
        }
        let commit_us = median(rounds);
        let journal = Journal::postgres(&format!("{config} options=-csearch_path=journal_bench"))
            .await
            .unwrap();
        measure("Postgres", journal, commit_us).await;
    } else {
        println!("Postgres: skipped (ATLAS_PAY_TEST_POSTGRES is not set)");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Median microseconds per call of `ROUNDS` rounds of `CALLS` calls.
fn median_us(mut call: impl FnMut() -> Duration) -> f64 {
    median(
        (0..ROUNDS)
            .map(|_| (0..CALLS).map(|_| call()).sum())
            .collect(),
    )
}

fn median(mut rounds: Vec<Duration>) -> f64 {
    rounds.sort();
    rounds[rounds.len() / 2].as_secs_f64() * 1e6 / CALLS as f64
}

async fn measure(store: &str, journal: Journal, commit_us: f64) {
    let orders = |side: &'static str| {
        (0..ORDERS).map(move |i| SandboxOrder::new(format!("BENCH-{side}-{i}")).amount(1))
    };
    let sandbox = Sandbox::builder()
        .orders(orders("PLAIN").chain(orders("JOURNAL")))
        .default_deposit(u64::MAX / 4)
        .start()
        .await
        .unwrap();
    let client = |journal: Option<Journal>| {
        let (id, secret) = sandbox.credentials();
        let builder = Client::builder()
            .credentials(id, secret)
            .environment(Environment::custom(sandbox.base_url()).unwrap());
        match journal {
            Some(journal) => builder.journal(journal),
            None => builder,
        }
        .build()
        .unwrap()
    };
    let (plain, journaled) = (client(None), client(Some(journal)));
    let (next_plain, next_journaled) = (Cell::new(0), Cell::new(0));
    let next = |counter: &Cell<usize>, side: &str| {
        counter.set(counter.get() + 1);
        format!("BENCH-{side}-{}", counter.get())
    };
    // Warm both connection pools (and the store's caches).
    for _ in 0..20 {
        plain
            .pay(PaymentRequest::deposit(next(&next_plain, "PLAIN")))
            .await
            .unwrap();
        journaled
            .pay(PaymentRequest::deposit(next(&next_journaled, "JOURNAL")))
            .await
            .unwrap();
    }
    let (plain_us, journaled_us) = alternate(
        ROUNDS,
        CALLS,
        || PaymentRequest::deposit(next(&next_journaled, "JOURNAL")),
        || {
            let request = PaymentRequest::deposit(next(&next_plain, "PLAIN"));
            let plain = &plain;
            async move {
                plain.pay(request).await.unwrap();
            }
        },
        |request| {
            let journaled = &journaled;
            async move {
                journaled.pay(request).await.unwrap();
            }
        },
    )
    .await;
    let overhead = journaled_us - plain_us;
    let commits = overhead / commit_us;
    println!(
        "{store}: pay.do by deposit against the sandbox on loopback, median of {ROUNDS} rounds of {CALLS} alternating calls"
    );
    println!("  plain Client::pay (baseline):  {plain_us:9.1} us/call");
    println!("  journaled Client::pay:         {journaled_us:9.1} us/call");
    println!("  bare insert-and-commit:        {commit_us:9.1} us/commit");
    println!(
        "  journal overhead: {overhead:.1} us = {commits:.2} bare commits (target <= 2.5: {})",
        if commits <= 2.5 { "met" } else { "NOT met" }
    );
    assert_eq!(sandbox.ledger().len(), 2 * (20 + ROUNDS * CALLS));
}
