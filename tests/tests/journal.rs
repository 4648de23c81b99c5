//! The journal of attempts, on both stores, against the sandbox: service
//! processes killed mid-payment and recovered, several processes paying
//! the same orders at once, what the store holds (and never holds), and
//! failing closed.
//!
//! SQLite runs everywhere. Postgres needs a server: `ATLAS_PAY_TEST_POSTGRES`
//! is a libpq-style connection string (`host=127.0.0.1 port=55432
//! user=postgres dbname=atlas_pay`) to a database the tests may create
//! schemas in; `.ci/run` starts one (`.ci/postgres`). Without it the
//! Postgres tests say so and pass, except under CI, where they fail.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use atlas_pay::sandbox::{Fault, QueryFault, RefundCase, Sandbox, SandboxOrder};
use atlas_pay::{
    AttemptState, Client, Environment, Journal, JournalError, JournalRefusal, PayRefusal,
    PaymentRequest, ReconcilePolicy, RefundReason, RefundRefusal, RefundRequest, test_cards,
};

/// Where a test's journal lives; each test has its own (a file, or a
/// Postgres schema), so one test's recovery never meets another's attempts.
enum Store {
    Sqlite { dir: PathBuf },
    Postgres { config: String, schema: String },
}

impl Store {
    fn sqlite(name: &str) -> Store {
        let dir = std::env::temp_dir().join(format!(
            "atlas-pay-journal-{name}-{}-{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Store::Sqlite { dir }
    }

    /// A fresh schema in the test database, or `None` (after saying why)
    /// when there is no server outside CI.
    async fn postgres(name: &str) -> Option<Store> {
        let Ok(base) = std::env::var("ATLAS_PAY_TEST_POSTGRES") else {
            assert!(
                std::env::var_os("CI").is_none(),
                "ATLAS_PAY_TEST_POSTGRES is not set: CI runs the journal's Postgres tests (.ci/run starts a server with .ci/postgres)"
            );
            eprintln!(
                "skipped: ATLAS_PAY_TEST_POSTGRES is not set (start a server with `bash .ci/postgres`)"
            );
            return None;
        };
        let schema = format!("journal_{name}_{}", std::process::id());
        let admin = connect(&base).await;
        admin
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
            ))
            .await
            .unwrap();
        Some(Store::Postgres {
            config: format!("{base} options=-csearch_path={schema}"),
            schema,
        })
    }

    fn path(&self) -> PathBuf {
        match self {
            Store::Sqlite { dir } => dir.join("journal.db"),
            Store::Postgres { .. } => unreachable!("a Postgres journal has no file"),
        }
    }

    /// The store as the child process takes it.
    fn arg(&self) -> String {
        match self {
            Store::Sqlite { .. } => format!("sqlite:{}", self.path().display()),
            Store::Postgres { config, .. } => format!("postgres:{config}"),
        }
    }

    async fn journal(&self) -> Journal {
        match self {
            Store::Sqlite { .. } => Journal::sqlite(self.path()).unwrap(),
            Store::Postgres { config, .. } => Journal::postgres(config).await.unwrap(),
        }
    }

    /// Runs SQL on the store behind the journal's back (a test's sabotage).
    async fn execute(&self, sql: &str) {
        match self {
            Store::Sqlite { .. } => {
                let connection = rusqlite::Connection::open(self.path()).unwrap();
                connection.execute_batch(sql).unwrap();
            }
            Store::Postgres { config, .. } => {
                connect(config).await.batch_execute(sql).await.unwrap();
            }
        }
    }

    /// Everything the store holds, as bytes: the SQLite file with its WAL,
    /// or a `pg_dump` of the schema.
    fn contents(&self) -> Vec<u8> {
        match self {
            Store::Sqlite { dir } => {
                let mut bytes = Vec::new();
                for entry in std::fs::read_dir(dir).unwrap() {
                    bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
                }
                bytes
            }
            Store::Postgres { config, schema } => {
                let output = Command::new("pg_dump")
                    .arg("--dbname")
                    .arg(config)
                    .arg("--schema")
                    .arg(schema)
                    .arg("--data-only")
                    .output()
                    .expect("pg_dump is needed for this test");
                assert!(
                    output.status.success(),
                    "{}",
                    String::from_utf8_lossy(&output.stderr)
                );
                output.stdout
            }
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Store::Sqlite { dir } = self {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

async fn connect(config: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(config, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
}

async fn sandbox(orders: Vec<SandboxOrder>) -> Sandbox {
    Sandbox::builder()
        .orders(orders)
        .start_time(test_cards::today_start())
        .start()
        .await
        .unwrap()
}

/// Reconciliation on real time, short enough for a test: "not paid" after
/// 300 ms of unpaid readings, undetermined after 2 s.
fn brisk() -> ReconcilePolicy {
    ReconcilePolicy::default()
        .schedule([Duration::from_millis(100)])
        .budget(Duration::from_secs(2))
        .settle_delay(Duration::from_millis(300))
}

/// A client of `sandbox` with `journal`, on the real clock (as the child
/// processes are).
fn client(sandbox: &Sandbox, journal: Journal) -> Client {
    let (id, secret) = sandbox.credentials();
    Client::builder()
        .credentials(id, secret)
        .environment(Environment::custom(sandbox.base_url()).unwrap())
        .reconcile_policy(brisk())
        .journal(journal)
        .build()
        .unwrap()
}

/// The in-flight lease the children take: recovery leaves their attempts
/// alone this long.
const CHILD_LEASE: Duration = Duration::from_secs(4);

/// Starts a service process paying `orders` through `store`, at `url`.
fn child(store: &Store, url: &str, sandbox: &Sandbox, orders: &[&str]) -> Child {
    let (id, secret) = sandbox.credentials();
    Command::new(env!("CARGO_BIN_EXE_journal-child"))
        .arg(store.arg())
        .arg(url)
        .arg(id)
        .arg(secret)
        .arg(CHILD_LEASE.as_millis().to_string())
        .args(orders)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits (real time, bounded) until `ready` holds.
async fn wait_until(what: &str, mut ready: impl AsyncFnMut() -> bool) {
    let start = Instant::now();
    while !ready().await {
        assert!(start.elapsed() < Duration::from_secs(60), "never: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn assert_nothing_open(store: &Store) {
    let open = store.journal().await.open_attempts().await.unwrap();
    assert!(open.is_empty(), "{open:?}");
}

async fn attempts(journal: &Journal, order_no: &str) -> Vec<atlas_pay::Attempt> {
    journal.attempts(order_no).await.unwrap()
}

/// Pays `order` by deposit and returns why the journal refused it (panics
/// if it did not).
async fn refused(client: &Client, order: &str) -> JournalRefusal {
    let error = client
        .pay(PaymentRequest::deposit(order))
        .await
        .unwrap_err();
    match error.refusal() {
        Some(PayRefusal::Journal(refusal)) => refusal.clone(),
        _ => panic!("{order}: not refused by the journal: {error:?}"),
    }
}

/// Three service processes die mid-payment: one after recording its intent
/// but before anything reached Atlas, one after Atlas charged but before
/// the answer came, one whose order Atlas cannot be asked about. A new
/// process recovers: each is settled right, and nothing is paid twice.
async fn crash_and_recover(store: Store) {
    let sandbox = sandbox(vec![
        SandboxOrder::new("CRASH-BEFORE-SEND"),
        SandboxOrder::new("CRASH-AFTER-SEND").fault(Fault::Stall { charge: true }),
        SandboxOrder::new("CRASH-UNDETERMINED")
            .fault(Fault::Stall { charge: false })
            .query_fault(QueryFault::Http500 {
                times: QueryFault::ALWAYS,
            }),
    ])
    .await;
    let observer = store.journal().await;
    // Nothing reaches Atlas from here: it accepts connections and never reads.
    let black_hole = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let black_hole_url = format!("http://{}", black_hole.local_addr().unwrap());

    let mut before_send = child(&store, &black_hole_url, &sandbox, &["CRASH-BEFORE-SEND"]);
    let mut after_send = child(&store, sandbox.base_url(), &sandbox, &["CRASH-AFTER-SEND"]);
    let mut undetermined = child(
        &store,
        sandbox.base_url(),
        &sandbox,
        &["CRASH-UNDETERMINED"],
    );

    wait_until("the intent before sending is recorded", async || {
        attempts(&observer, "CRASH-BEFORE-SEND").await.len() == 1
    })
    .await;
    // Give it time to connect and write into the void, then kill it.
    tokio::time::sleep(Duration::from_millis(200)).await;
    before_send.kill().unwrap();
    wait_until("Atlas charged the order", async || {
        sandbox
            .ledger()
            .iter()
            .any(|charge| charge.order_no == "CRASH-AFTER-SEND")
    })
    .await;
    after_send.kill().unwrap();
    wait_until("Atlas received the payment", async || {
        sandbox.pay_requests("CRASH-UNDETERMINED") == 1
    })
    .await;
    undetermined.kill().unwrap();
    for mut child in [before_send, after_send, undetermined] {
        child.wait().unwrap();
    }

    let crashed = [
        "CRASH-BEFORE-SEND",
        "CRASH-AFTER-SEND",
        "CRASH-UNDETERMINED",
    ];
    for order in crashed {
        let found = attempts(&observer, order).await;
        assert_eq!(found.len(), 1, "{order}: {found:?}");
        assert_eq!(found[0].state, AttemptState::Sending, "{order}");
        assert_eq!(found[0].method.as_deref(), Some("deposit"));
    }

    // The restarted service.
    let restarted = client(&sandbox, store.journal().await);
    // While the dead processes' leases last, their attempts are theirs.
    let oldest = observer
        .open_attempts()
        .await
        .unwrap()
        .iter()
        .map(|attempt| attempt.attempted_at)
        .min()
        .unwrap();
    // A payment while an attempt is open is refused before sending.
    let error = refused(&restarted, "CRASH-BEFORE-SEND").await;
    assert!(
        matches!(
            error,
            JournalRefusal::Open {
                state: AttemptState::Sending,
                ..
            }
        ),
        "{error:?}"
    );
    let leased = SystemTime::now() < oldest + CHILD_LEASE - Duration::from_millis(500);
    let early = restarted.recover().await.unwrap();
    if leased {
        assert!(early.attempts.is_empty(), "{early:?}");
    }

    tokio::time::sleep(CHILD_LEASE).await;
    let mut recovered = early.attempts;
    recovered.extend(restarted.recover().await.unwrap().attempts);
    let settled = |order: &str| {
        recovered
            .iter()
            .find(|r| r.attempt.order_no == order)
            .unwrap_or_else(|| panic!("{order} was not recovered: {recovered:?}"))
    };
    assert_eq!(recovered.len(), 3, "{recovered:?}");
    assert_eq!(settled("CRASH-BEFORE-SEND").settlement, "not-paid");
    assert_eq!(settled("CRASH-BEFORE-SEND").state, AttemptState::Failed);
    assert_eq!(settled("CRASH-AFTER-SEND").settlement, "paid");
    assert_eq!(settled("CRASH-AFTER-SEND").state, AttemptState::Succeeded);
    assert_eq!(settled("CRASH-UNDETERMINED").settlement, "undetermined");
    assert!(settled("CRASH-UNDETERMINED").state.is_open());
    assert_eq!(recovered.iter().filter(|r| r.state.is_open()).count(), 1);

    // The journal says so too, for the next process.
    let state = async |order: &str| attempts(&observer, order).await[0].state;
    assert_eq!(state("CRASH-BEFORE-SEND").await, AttemptState::Failed);
    assert_eq!(state("CRASH-AFTER-SEND").await, AttemptState::Succeeded);
    assert!(state("CRASH-UNDETERMINED").await.is_open());
    assert!(restarted.recover().await.unwrap().attempts.is_empty());

    // Not paid: a deliberate new payment goes through, once.
    restarted
        .pay(PaymentRequest::deposit("CRASH-BEFORE-SEND"))
        .await
        .unwrap();
    // Paid, or still undetermined: refused before sending.
    let paid = refused(&restarted, "CRASH-AFTER-SEND").await;
    assert!(
        matches!(paid, JournalRefusal::AlreadyPaid { .. }),
        "{paid:?}"
    );
    let open = refused(&restarted, "CRASH-UNDETERMINED").await;
    assert!(
        matches!(
            open,
            JournalRefusal::Open {
                state: AttemptState::Sending,
                ..
            }
        ),
        "{open:?}"
    );

    // Atlas saw each payment once, and charged each order at most once.
    for order in crashed {
        assert_eq!(sandbox.pay_requests(order), 1, "{order}");
        let charges = sandbox
            .ledger()
            .iter()
            .filter(|c| c.order_no == order)
            .count();
        assert_eq!(
            charges,
            usize::from(order != "CRASH-UNDETERMINED"),
            "{order}"
        );
    }
}

/// Four service processes pay the same twelve orders, each in its own
/// order, at once through one store: each order reaches Atlas once.
async fn race(store: Store) {
    let orders: Vec<String> = (b'A'..=b'L')
        .map(|c| format!("RACE-{}", c as char))
        .collect();
    let sandbox = sandbox(
        orders
            .iter()
            .enumerate()
            .map(|(i, order)| {
                let order = SandboxOrder::new(order);
                // Half of them answer slowly, so attempts overlap in flight.
                if i % 2 == 0 {
                    order.fault(Fault::Delay { ms: 150 })
                } else {
                    order
                }
            })
            .collect(),
    )
    .await;
    // Migrate once before the race: the children then only open it.
    drop(store.journal().await);
    let children: Vec<Child> = (0..4)
        .map(|k| {
            let mut mine: Vec<&str> = orders.iter().map(String::as_str).collect();
            mine.rotate_left(k * 3);
            if k % 2 == 1 {
                mine.reverse();
            }
            child(&store, sandbox.base_url(), &sandbox, &mine)
        })
        .collect();
    let mut lines = Vec::new();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        lines.extend(
            String::from_utf8(output.stdout)
                .unwrap()
                .lines()
                .map(str::to_owned),
        );
    }
    assert_eq!(lines.len(), 4 * orders.len(), "{lines:#?}");
    for order in &orders {
        let outcomes: Vec<&str> = lines
            .iter()
            .filter_map(|line| line.strip_prefix(&format!("{order} ")))
            .collect();
        assert_eq!(
            outcomes.iter().filter(|o| **o == "paid").count(),
            1,
            "{order}: {outcomes:?}"
        );
        assert!(
            outcomes
                .iter()
                .all(|o| matches!(*o, "paid" | "refused open" | "refused paid")),
            "{order}: {outcomes:?}"
        );
        assert_eq!(
            sandbox.pay_requests(order),
            1,
            "{order} reached Atlas more than once"
        );
    }
    assert_eq!(sandbox.ledger().len(), orders.len());
    assert_nothing_open(&store).await;
}

/// Card payments, a refund, reconciliation and a lookup go through a
/// journaled client with sentinel card numbers, CVVs and passengers' data:
/// the store holds none of them, only brands and last four digits.
async fn holds_no_secrets(store: Store) {
    let sandbox = sandbox(vec![
        SandboxOrder::new("SECRET-VISA"),
        SandboxOrder::new("SECRET-AMEX"),
        SandboxOrder::new("SECRET-CUT").fault(Fault::CloseAfterRead { charge: true }),
    ])
    .await;
    let journal = store.journal().await;
    let client = client(&sandbox, journal.clone());
    let cards = [
        ("SECRET-VISA", test_cards::VISA, "947"),
        ("SECRET-AMEX", test_cards::AMEX, "8461"),
        ("SECRET-CUT", test_cards::MASTERCARD, "529"),
    ];
    for (order, number, cvv) in cards {
        let card = test_cards::card(number, cvv).unwrap();
        let _ = client
            .pay(PaymentRequest::vcc_passthrough(order, card))
            .await;
    }
    let order = client.query_order("SECRET-VISA").await.unwrap();
    assert!(!order.passengers().is_empty());
    client.reconcile("SECRET-CUT").await.unwrap();
    let visa = attempts(&journal, "SECRET-VISA").await;
    assert_eq!(visa[0].card_brand.as_deref(), Some("Visa"));
    assert_eq!(visa[0].card_last4.as_deref(), Some("0366"));
    assert_eq!(visa[0].state, AttemptState::Succeeded);
    // The lost answer was settled by the caller's reconciliation.
    let cut = attempts(&journal, "SECRET-CUT").await;
    assert_eq!(cut[0].state, AttemptState::Succeeded);
    assert_eq!(cut[0].settlement.as_deref(), Some("paid"));
    drop(client);
    drop(journal);

    let contents = store.contents();
    let text = String::from_utf8_lossy(&contents);
    assert!(text.contains("SECRET-VISA"), "the store was not read");
    let sentinels = [
        test_cards::VISA,
        test_cards::AMEX,
        test_cards::MASTERCARD,
        // The first six digits never either: only the last four are kept.
        &test_cards::VISA[..6],
        "Lovelace",
        "Smith/Jane",
        "jane.smith@example.com",
        "636940383",
        sandbox.credentials().1,
    ];
    for sentinel in sentinels {
        assert!(!text.contains(sentinel), "the store holds {sentinel}");
    }
    // A CVV is digits: a leaked one would be a value of its own. The only
    // numbers the store holds are its ids, times, status codes and the
    // cards' last four digits.
    let numbers: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .collect();
    for (_, _, cvv) in cards {
        assert!(!numbers.contains(&cvv), "the store holds CVV {cvv}");
    }
}

/// With the store unable to record the intent, nothing is sent.
async fn fails_closed(store: Store) {
    let sandbox = sandbox(vec![SandboxOrder::new("CLOSED-1")]).await;
    let client = client(&sandbox, store.journal().await);
    store.execute("DROP TABLE atlas_pay_attempts").await;
    let error = client
        .pay(PaymentRequest::deposit("CLOSED-1"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.refusal(),
            Some(PayRefusal::Journal(JournalRefusal::Unavailable(_)))
        ),
        "{error:?}"
    );
    assert_eq!(error.delivery(), atlas_pay::Delivery::NotSent);
    assert!(error.is_safe_to_resend());
    assert_eq!(sandbox.pay_requests("CLOSED-1"), 0);
    assert!(sandbox.ledger().is_empty());
    assert!(matches!(
        client.recover().await,
        Err(JournalError::Store(_))
    ));
}

/// Refunds are journaled too: a submission whose answer was lost blocks
/// another for the order until it is settled; a submitted one keeps Atlas's
/// refund code.
async fn refunds(store: Store) {
    let sandbox = sandbox(vec![
        SandboxOrder::new("REFUND-OK")
            .state(atlas_pay::sandbox::OrderState::Ticketed)
            .refund_case(RefundCase::Accurate),
        SandboxOrder::new("REFUND-CUT")
            .state(atlas_pay::sandbox::OrderState::Ticketed)
            .refund_fault(Fault::CloseAfterRead { charge: true }),
    ])
    .await;
    let journal = store.journal().await;
    let client = client(&sandbox, journal.clone());
    let scope = async |order: &str| {
        client
            .query_order(order)
            .await
            .unwrap()
            .refund_scope(RefundReason::Voluntary)
            .unwrap()
    };
    let submitted = client
        .refund(RefundRequest::tickets(
            "REFUND-OK",
            scope("REFUND-OK").await,
        ))
        .await
        .unwrap();
    let ok = attempts(&journal, "REFUND-OK").await;
    assert_eq!(ok[0].operation, "refund");
    assert_eq!(ok[0].state, AttemptState::Succeeded);
    assert_eq!(
        ok[0].reference.as_deref(),
        Some(submitted.refund_code.as_str())
    );

    let lost = client
        .refund(RefundRequest::tickets(
            "REFUND-CUT",
            scope("REFUND-CUT").await,
        ))
        .await
        .unwrap_err();
    assert_eq!(lost.delivery(), atlas_pay::Delivery::Unknown);
    assert_eq!(
        attempts(&journal, "REFUND-CUT").await[0].state,
        AttemptState::Unknown
    );
    let again = client
        .refund(RefundRequest::tickets(
            "REFUND-CUT",
            scope("REFUND-CUT").await,
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(
            again.refusal(),
            Some(RefundRefusal::Journal(JournalRefusal::Open {
                state: AttemptState::Unknown,
                ..
            }))
        ),
        "{again:?}"
    );
    // No refund code came back: the refund query cannot be asked, so
    // recovery leaves it open for a human.
    let recovery = client.recover().await.unwrap();
    assert_eq!(recovery.attempts.len(), 1, "{recovery:?}");
    assert_eq!(recovery.attempts[0].settlement, "undetermined");
    assert_eq!(sandbox.refunds().len(), 2);
}

/// Three replicas recover at once: each open attempt is claimed and
/// settled by exactly one of them, and settled right.
async fn replicas_recover_at_once(store: Store) {
    let orders: Vec<(String, bool)> = (b'A'..=b'H')
        .map(|c| (format!("LOST-{}", c as char), c % 2 == 0))
        .collect();
    let sandbox = sandbox(
        orders
            .iter()
            .map(|(order, charge)| {
                SandboxOrder::new(order).fault_once(Fault::CloseAfterRead { charge: *charge })
            })
            .collect(),
    )
    .await;
    let payer = client(&sandbox, store.journal().await);
    for (order, _) in &orders {
        let error = payer.pay(PaymentRequest::deposit(order)).await.unwrap_err();
        assert_eq!(error.delivery(), atlas_pay::Delivery::Unknown);
    }
    let replicas = [
        client(&sandbox, store.journal().await),
        client(&sandbox, store.journal().await),
        client(&sandbox, store.journal().await),
    ];
    let (a, b, c) = tokio::join!(
        replicas[0].recover(),
        replicas[1].recover(),
        replicas[2].recover()
    );
    let mut recovered: Vec<_> = [a, b, c]
        .into_iter()
        .flat_map(|recovery| recovery.unwrap().attempts)
        .collect();
    recovered.sort_by_key(|r| r.attempt.id);
    let ids: Vec<i64> = recovered.iter().map(|r| r.attempt.id).collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids, unique, "an attempt was recovered twice");
    assert_eq!(recovered.len(), orders.len(), "{recovered:?}");
    for (order, charged) in &orders {
        let settled = recovered
            .iter()
            .find(|r| &r.attempt.order_no == order)
            .unwrap();
        let expected = if *charged { "paid" } else { "not-paid" };
        assert_eq!(settled.settlement, expected, "{order}");
    }
    assert_nothing_open(&store).await;
}

macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::Store::sqlite(stringify!($name))).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(store) = super::Store::postgres(stringify!($name)).await {
                        super::$name(store).await;
                    }
                }
            )*
        }
    };
}

on_both_stores!(
    crash_and_recover,
    race,
    replicas_recover_at_once,
    holds_no_secrets,
    fails_closed,
    refunds
);

#[tokio::test]
async fn a_client_without_a_journal_has_nothing_to_recover() {
    let sandbox = sandbox(vec![]).await;
    let client = sandbox.client().unwrap();
    assert_eq!(
        client.recover().await.unwrap_err(),
        JournalError::NotConfigured
    );
}
