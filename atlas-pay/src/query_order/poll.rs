//! The one polling loop over the order query, shared by reconciliation
//! ("may this order be paid again?") and following ticketing ("are the
//! tickets issued?"): the policy's waits on the client's clock, a hard
//! budget (no query or retry starts after it; a query in flight is cut off
//! when it ends), transient failures absorbed, a decision per reading, and
//! one tracing span per poll recording its outcome and query count.

use std::fmt;
use std::time::{Duration, Instant};

use tracing::Instrument;

use super::error::{QueryOrderError, QueryOrderRefusal};
use super::order::Order;
use super::policy::{ReconcilePolicy, waits};
use super::request::QueryOrder;
use crate::client::Client;
use crate::clock::Clock;
use crate::error::Error;

/// When a query must be over: no attempt or retry starts after it, and an
/// attempt in flight is cut off at it (reconciliation's budget).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    pub(crate) at: std::time::Instant,
}

impl Deadline {
    /// What remains of the time, on `clock`; `None` once it has passed.
    pub(crate) fn remaining(&self, clock: &dyn Clock) -> Option<Duration> {
        let left = self.at.saturating_duration_since(clock.now());
        (!left.is_zero()).then_some(left)
    }
}

/// What one reading of the order decides.
// Built and matched at once on every reading, never stored: boxing the
// order would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Reading<T> {
    /// Final.
    Final(T),
    /// Not final yet; the order as read.
    Pending(Order),
}

/// The budget ran out before a reading was final.
pub(crate) struct OutOfBudget {
    /// The last order read, if any query succeeded.
    pub(crate) last_seen: Option<Order>,
    /// The last query failure, if the last query failed.
    pub(crate) last_error: Option<QueryOrderError>,
    /// How many queries were made.
    pub(crate) queries: u32,
}

/// The span of one poll: its own name (span names are static), the order
/// it is about, and the outcome and query count, recorded as it ends.
macro_rules! poll_span {
    ($name:literal, $order:expr) => {
        tracing::info_span!(
            $name,
            order = %$order,
            outcome = tracing::field::Empty,
            queries = tracing::field::Empty,
        )
    };
}
pub(crate) use poll_span;

/// What a poll ends in: a final reading, or what was seen when the budget
/// ran out.
pub(crate) trait Outcome: fmt::Display + Sized {
    /// The poll's span ([`poll_span!`]), about the order `label` names.
    fn span(label: &str) -> tracing::Span;
    /// The outcome when the budget runs out first.
    fn out_of_budget(out: OutOfBudget) -> Self;
    /// A short name for the outcome, as the span records it.
    fn as_str(&self) -> &'static str;
}

impl Client {
    /// Polls the order until `judge` decides or the budget runs out, in the
    /// outcome's span, recording the outcome and the number of queries.
    /// `judge` gets each order read and the instant it was read, on the
    /// client's clock. Errors only for what polling cannot cure.
    pub(crate) async fn poll<T: Outcome>(
        &self,
        query: &QueryOrder,
        policy: &ReconcilePolicy,
        judge: impl FnMut(Order, Instant) -> Reading<T>,
    ) -> Result<T, QueryOrderError> {
        let span = T::span(query.label());
        async move {
            let result = self
                .poll_readings(query, policy, judge)
                .await
                .map(|polled| polled.unwrap_or_else(T::out_of_budget));
            match &result {
                Ok(outcome) => {
                    tracing::Span::current().record("outcome", tracing::field::display(outcome.as_str()));
                    tracing::info!(%outcome, "poll ended");
                }
                Err(error) => tracing::warn!(error = %error, "poll failed"),
            }
            result
        }
        .instrument(span)
        .await
    }

    async fn poll_readings<T>(
        &self,
        query: &QueryOrder,
        policy: &ReconcilePolicy,
        mut judge: impl FnMut(Order, Instant) -> Reading<T>,
    ) -> Result<Result<T, OutOfBudget>, QueryOrderError> {
        let clock = self.clock();
        let deadline = Deadline {
            at: clock.now() + policy.budget_value(),
        };
        let mut waits = waits(policy);
        let mut out = OutOfBudget {
            last_seen: None,
            last_error: None,
            queries: 0,
        };
        loop {
            if clock.now() >= deadline.at {
                break;
            }
            out.queries += 1;
            tracing::Span::current().record("queries", out.queries);
            match self.query_order_before(query, Some(deadline)).await {
                Ok(order) => match judge(order, clock.now()) {
                    Reading::Final(done) => return Ok(Ok(done)),
                    Reading::Pending(order) => {
                        out.last_seen = Some(order);
                        out.last_error = None;
                    }
                },
                Err(Error::NotSent(QueryOrderRefusal::BudgetSpent { .. })) => break,
                Err(error) if error.is_transient() => out.last_error = Some(error),
                Err(error) => return Err(error),
            }
            let wait = waits.next().unwrap_or_default();
            if wait.is_zero() || clock.now() + wait >= deadline.at {
                break;
            }
            clock.sleep(wait).await;
        }
        Ok(Err(out))
    }
}
