//! Recovery: settling the attempts a crash (or a lost answer) left open in
//! the journal. Each replica may run it at once: an attempt is claimed with
//! a lease before it is settled, as a job queue hands out jobs, and an
//! attempt still held by the process sending it is left alone.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::attempt::{Attempt, AttemptState, JournalError};
use crate::client::Client;
use crate::journal_sql::{Claim, Settle, millis};
use crate::poll_policy::ReconcilePolicy;

/// How many open attempts one claim takes; they are settled concurrently.
const BATCH: i64 = 32;

/// What a recovery settled, attempt by attempt.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Recovery {
    /// Every attempt this recovery claimed, in the journal's order.
    pub attempts: Vec<Recovered>,
}

impl Recovery {
    /// The attempts still open after this recovery (undetermined): do not
    /// pay or refund these orders again; recover later, or hand them to a
    /// human.
    pub fn undetermined(&self) -> impl Iterator<Item = &Recovered> {
        self.attempts.iter().filter(|r| r.state.is_open())
    }
}

impl fmt::Display for Recovery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let open = self.undetermined().count();
        write!(
            f,
            "{} attempt(s) recovered, {} settled, {open} still open",
            self.attempts.len(),
            self.attempts.len() - open
        )
    }
}

/// One attempt a recovery claimed, and how it settled.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Recovered {
    /// The attempt as it was claimed.
    pub attempt: Attempt,
    /// Where it stands now: succeeded (paid, refund submitted), failed (not
    /// paid, cancelled), or still unknown (undetermined).
    pub state: AttemptState,
    /// The settlement's name: `paid`, `not-paid`, `cancelled`, `submitted`
    /// or `undetermined`.
    pub settlement: &'static str,
    /// Why it is undetermined, when a query failed for good.
    pub detail: Option<String>,
}

/// A settlement of one attempt, as an operation's settler reads it.
#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    pub(crate) state: AttemptState,
    pub(crate) settlement: &'static str,
    pub(crate) detail: Option<String>,
}

/// How the operation that owns an attempt settles it (reconciliation for a
/// payment, the refund query for a refund). The crate root lists them.
pub(crate) type Settler = fn(Client, Attempt) -> Pin<Box<dyn Future<Output = Verdict> + Send>>;

impl Client {
    /// Settles every attempt left open in the client's journal: the
    /// payments and refunds whose process died before the answer came, or
    /// whose answer was lost. Run it at startup, and from time to time.
    ///
    /// Each attempt is claimed with a lease first, so several replicas may
    /// recover at once and each attempt is settled by one of them; an
    /// attempt still held by the process sending it (within its in-flight
    /// lease) is left to that process. A payment is settled by
    /// [`reconcile`](Client::reconcile), a refund by
    /// [`reconcile_refund`](Client::reconcile_refund) with the refund code
    /// the journal kept, within the client's [`ReconcilePolicy`]. Nothing is
    /// ever sent again: a recovered "not paid" unblocks a new, deliberate
    /// payment; "undetermined" keeps the order blocked.
    ///
    /// Fails only when the journal cannot be read or written
    /// ([`JournalError::NotConfigured`] without a journal).
    pub async fn recover(&self) -> Result<Recovery, JournalError> {
        let journal = self.journal().ok_or(JournalError::NotConfigured)?.clone();
        let budget = self.setting::<ReconcilePolicy>().budget_value();
        let lease = budget.saturating_add(Duration::from_secs(30));
        let mut recovery = Recovery::default();
        loop {
            let now = self.clock().wall();
            let claimed = journal
                .store
                .claim(Claim {
                    owner: journal.owner.to_string(),
                    now_ms: millis(now),
                    until_ms: millis(now + lease),
                    limit: BATCH,
                })
                .await?;
            // Done when nothing is left to claim; an attempt claimed twice
            // (its lease ran out while this recovery ran) ends it too.
            if claimed.is_empty()
                || claimed
                    .iter()
                    .any(|attempt| recovery.attempts.iter().any(|r| r.attempt.id == attempt.id))
            {
                return Ok(recovery);
            }
            let mut settling = tokio::task::JoinSet::new();
            for (index, attempt) in claimed.iter().enumerate() {
                let settler = crate::SETTLERS
                    .iter()
                    .find(|(operation, _)| *operation == attempt.operation)
                    .map(|(_, settler)| *settler);
                let client = self.clone();
                let attempt = attempt.clone();
                settling.spawn(async move {
                    let verdict = match settler {
                        Some(settle) => settle(client, attempt).await,
                        None => Verdict {
                            state: AttemptState::Unknown,
                            settlement: "undetermined",
                            detail: Some(format!(
                                "this version cannot settle a {:?} attempt",
                                attempt.operation
                            )),
                        },
                    };
                    (index, verdict)
                });
            }
            let mut verdicts = Vec::with_capacity(claimed.len());
            while let Some(joined) = settling.join_next().await {
                let (index, verdict) = joined.map_err(|error| {
                    JournalError::Store(format!("a settlement task failed: {error}"))
                })?;
                verdicts.push((index, verdict));
            }
            verdicts.sort_by_key(|(index, _)| *index);
            for ((_, verdict), attempt) in verdicts.into_iter().zip(claimed) {
                if !verdict.state.is_open() {
                    let operation = crate::SETTLERS
                        .iter()
                        .map(|(operation, _)| *operation)
                        .find(|operation| *operation == attempt.operation)
                        .unwrap_or("unknown");
                    journal
                        .settle(Settle {
                            operation,
                            order_no: attempt.order_no.clone(),
                            state: verdict.state,
                            settlement: verdict.settlement,
                            owner: Some(journal.owner.to_string()),
                            at_ms: millis(self.clock().wall()),
                        })
                        .await?;
                }
                tracing::info!(
                    attempt = attempt.id,
                    operation = %attempt.operation,
                    order = %attempt.order_no,
                    settlement = verdict.settlement,
                    "recovered"
                );
                recovery.attempts.push(Recovered {
                    attempt,
                    state: verdict.state,
                    settlement: verdict.settlement,
                    detail: verdict.detail,
                });
            }
        }
    }
}
