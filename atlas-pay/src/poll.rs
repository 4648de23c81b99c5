//! The one polling loop over the order query, shared by reconciliation
//! ("may this order be paid again?") and following ticketing ("are the
//! tickets issued?"): the policy's waits on the client's clock, a hard
//! budget (no query or retry starts after it; a query in flight is cut off
//! when it ends), transient failures absorbed, and a decision per reading.

use std::time::Instant;

use crate::client::Client;
use crate::policy::{ReconcilePolicy, waits};
use crate::query::Deadline;
use crate::query::error::QueryError;
use crate::query::order::Order;
use crate::query::request::OrderQuery;

/// What one reading of the order decides.
// Built and matched at once on every reading, never stored: boxing the
// order would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Look<T> {
    /// Final.
    Done(T),
    /// Not final yet; the order as read.
    Pending(Order),
}

/// The budget ran out before a reading was final.
pub(crate) struct OutOfBudget {
    /// The last order read, if any query succeeded.
    pub(crate) last_seen: Option<Order>,
    /// The last query failure, if the last query failed.
    pub(crate) last_error: Option<QueryError>,
    /// How many queries were made.
    pub(crate) queries: u32,
}

impl Client {
    /// Polls the order until `look` decides or the budget runs out.
    /// `look` gets each order read and the instant it was read, on the
    /// client's clock. Errors only for what polling cannot cure.
    pub(crate) async fn poll_order<T>(
        &self,
        query: &OrderQuery,
        policy: &ReconcilePolicy,
        mut look: impl FnMut(Order, Instant) -> Look<T>,
    ) -> Result<Result<T, OutOfBudget>, QueryError> {
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
            match self.query_within(query, Some(deadline)).await {
                Ok(order) => match look(order, clock.now()) {
                    Look::Done(done) => return Ok(Ok(done)),
                    Look::Pending(order) => {
                        out.last_seen = Some(order);
                        out.last_error = None;
                    }
                },
                Err(QueryError::BudgetSpent { .. }) => break,
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
