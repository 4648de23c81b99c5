//! A service process for the journal's crash and race tests
//! (`tests/tests/journal.rs`): pays orders by deposit through a client with
//! a journal, one after the other, and prints one line per order:
//! `<order> paid`, `<order> refused <open|paid|unavailable>` or
//! `<order> error <delivery>`. The tests kill it mid-payment, or run several
//! at once against one store.
//!
//! Usage: `journal-child <sqlite:PATH | postgres:CONFIG> <base-url>
//! <client-id> <client-secret> <in-flight-lease-ms> <order>...`

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use atlas_pay::{Client, Environment, Journal, JournalRefusal, PayRefusal, PaymentRequest};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "journal-child: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [store, url, id, secret, lease_ms, orders @ ..] = args.as_slice() else {
        return Err("usage: journal-child STORE URL ID SECRET LEASE_MS ORDER...".into());
    };
    let journal = match store.split_once(':') {
        Some(("sqlite", path)) => Journal::sqlite(path)?,
        Some(("postgres", config)) => Journal::postgres(config).await?,
        _ => return Err(format!("unknown store {store}").into()),
    };
    let client = Client::builder()
        .credentials(id, secret)
        .environment(Environment::custom(url)?)
        .timeout(Duration::from_secs(120))
        .journal(journal.with_in_flight_lease(Duration::from_millis(lease_ms.parse()?)))
        .build()?;
    let mut out = std::io::stdout();
    for order in orders {
        let line = match client.pay(PaymentRequest::deposit(order)).await {
            Ok(_) => "paid".to_owned(),
            Err(error) => match error.refusal() {
                Some(PayRefusal::Journal(JournalRefusal::Open { .. })) => "refused open".into(),
                Some(PayRefusal::Journal(JournalRefusal::AlreadyPaid { .. })) => {
                    "refused paid".into()
                }
                Some(PayRefusal::Journal(_)) => "refused unavailable".into(),
                _ => format!("error {}", error.delivery().as_str()),
            },
        };
        writeln!(out, "{order} {line}")?;
        out.flush()?;
    }
    Ok(())
}
