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

use std::time::{Duration, Instant};

use atlas_pay::sandbox::{Sandbox, SandboxOrder};
use atlas_pay::{Client, Environment, Journal, PaymentRequest};

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
    let bare = std::sync::Arc::new(std::sync::Mutex::new(bare));
    // As the journal does it: on tokio's blocking pool.
    let commit = || {
        let bare = std::sync::Arc::clone(&bare);
        async move {
            tokio::task::spawn_blocking(move || {
                bare.lock()
                    .unwrap()
                    .execute(
                        "INSERT INTO bare (order_no, at) VALUES (?1, ?2)",
                        rusqlite::params!["BENCH", 1_i64],
                    )
                    .unwrap();
            })
            .await
            .unwrap();
        }
    };
    measure("SQLite", sqlite, commit).await;

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
        let commit = || async {
            client
                .execute(
                    "INSERT INTO journal_bench.bare (order_no, at) VALUES ($1, $2)",
                    &[&"BENCH", &1_i64],
                )
                .await
                .unwrap();
        };
        let journal = Journal::postgres(&format!("{config} options=-csearch_path=journal_bench"))
            .await
            .unwrap();
        measure("Postgres", journal, commit).await;
    } else {
        println!("Postgres: skipped (ATLAS_PAY_TEST_POSTGRES is not set)");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn median(mut rounds: Vec<Duration>) -> f64 {
    rounds.sort();
    rounds[rounds.len() / 2].as_secs_f64() * 1e6 / CALLS as f64
}

async fn measure<C: std::future::Future<Output = ()>>(
    store: &str,
    journal: Journal,
    mut commit: impl FnMut() -> C,
) {
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
    // Every call pays an order of its own: a paid order is refused.
    let mut paid = [0_usize; 2];
    let mut pay = async |client: &Client, side: usize| {
        paid[side] += 1;
        let name = ["PLAIN", "JOURNAL"][side];
        let order = format!("BENCH-{name}-{}", paid[side]);
        client.pay(PaymentRequest::deposit(order)).await.unwrap();
    };
    // Warm both connection pools and the store.
    for _ in 0..20 {
        pay(&plain, 0).await;
        pay(&journaled, 1).await;
        commit().await;
    }
    // The three take turns, each call starting first in its turn, so that
    // all of them meet the same load.
    let mut rounds = [const { Vec::new() }; 3];
    for _ in 0..ROUNDS {
        let mut totals = [Duration::ZERO; 3];
        for call in 0..CALLS {
            for step in 0..3 {
                let which = (call + step) % 3;
                let start = Instant::now();
                match which {
                    0 => pay(&plain, 0).await,
                    1 => pay(&journaled, 1).await,
                    _ => commit().await,
                }
                totals[which] += start.elapsed();
            }
        }
        for (which, total) in totals.into_iter().enumerate() {
            rounds[which].push(total);
        }
    }
    let [plain_us, journaled_us, commit_us] = rounds.map(median);
    let overhead = journaled_us - plain_us;
    let commits = overhead / commit_us;
    println!(
        "{store}: pay.do by deposit against the sandbox on loopback, median of {ROUNDS} rounds of {CALLS} calls taking turns"
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
