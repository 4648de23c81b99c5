//! `POST /queryOrderDetails.do`: the order query, its answer (the
//! [`Order`](order::Order) view), its errors and its status codes.
//! [`Client::query_order`](crate::Client::query_order) is the entry point.
//!
//! A query is read-only, so unlike a payment it may be repeated: transport
//! failures, 705 (Atlas timed out) and 9999 (system error) are retried with
//! bounded back-off ([`QueryRetry`]).

pub(crate) mod error;
pub(crate) mod order;
pub(crate) mod request;
pub(crate) mod status;

use std::time::Duration;

use atlas_pay_gen::operations::query_order_details::QueryOrderDetails;
use atlas_pay_gen::types::{QueryOrderDetailsResponse, QueryOrderDetailsResponseStatus};

use self::error::QueryError;
use self::order::Order;
use self::request::OrderQuery;
use self::status::QueryStatus;
use crate::answer::AtlasAnswer;
use crate::clock::Clock;
use crate::transport::{self, Failure, UnknownReason};

impl AtlasAnswer for QueryOrderDetailsResponse {
    fn status_code(&self) -> i64 {
        match &self.status {
            QueryOrderDetailsResponseStatus::RetrieveBookingResponseStatus(code) => **code,
            QueryOrderDetailsResponseStatus::AccessStatus(code) => **code,
            QueryOrderDetailsResponseStatus::Int64(code) => *code,
        }
    }

    fn message(&self) -> Option<&str> {
        self.msg.as_ref().map(|msg| msg.0.as_str())
    }
}

/// How the client repeats an order query that failed for a reason asking
/// again may cure: a transport failure, 705 or 9999.
///
/// The bound: at most [`attempts`](Self::attempts) queries, waiting
/// `first_backoff`, then twice that, and so on, each wait at most
/// `max_backoff`. The default, 3 attempts from 250 ms, adds at most 750 ms of
/// waiting (250 + 500) to the attempts' own time (each bounded by the
/// client's `timeout`). Payments are never retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryRetry {
    attempts: u32,
    first_backoff: Duration,
    max_backoff: Duration,
}

impl Default for QueryRetry {
    fn default() -> Self {
        Self {
            attempts: 3,
            first_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(2),
        }
    }
}

impl QueryRetry {
    /// Up to `attempts` queries (at least 1), waiting `first_backoff` before
    /// the second and doubling up to `max_backoff`.
    pub fn new(attempts: u32, first_backoff: Duration, max_backoff: Duration) -> Self {
        Self {
            attempts: attempts.max(1),
            first_backoff,
            max_backoff: max_backoff.max(first_backoff),
        }
    }

    /// One attempt, no retry.
    pub fn none() -> Self {
        Self::new(1, Duration::ZERO, Duration::ZERO)
    }

    /// The most queries one call makes.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The wait before attempt `n + 1` (after `n` failed ones, `n ≥ 1`).
    fn backoff(&self, failed: u32) -> Duration {
        let factor = 1u32 << failed.saturating_sub(1).min(16);
        self.first_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    /// The most time one call spends waiting between attempts.
    pub fn max_total_wait(&self) -> Duration {
        (1..self.attempts).map(|n| self.backoff(n)).sum()
    }
}

/// When a query must be over: no attempt or retry starts after it, and an
/// attempt in flight is cut off at it (reconciliation's budget).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    pub(crate) at: std::time::Instant,
}

impl Deadline {
    /// What remains of the time, on `clock`; `None` once it has passed.
    fn remaining(&self, clock: &dyn Clock) -> Option<Duration> {
        let left = self.at.saturating_duration_since(clock.now());
        (!left.is_zero()).then_some(left)
    }
}

/// Looks an order up, retrying within `retry`, and never past `deadline`.
pub(crate) async fn send(
    http: &transport::Http,
    clock: &dyn Clock,
    retry: QueryRetry,
    query: &OrderQuery,
    deadline: Option<Deadline>,
) -> Result<Order, QueryError> {
    let body = query.body().map_err(QueryError::Invalid)?;
    let mut attempt = 1;
    loop {
        let timeout = match deadline {
            Some(deadline) => match deadline.remaining(clock) {
                Some(left) => Some(left),
                None => {
                    return Err(QueryError::BudgetSpent {
                        attempts: attempt - 1,
                    });
                }
            },
            None => None,
        };
        let result = once(http, &body, query, attempt, timeout).await;
        match result {
            Err(error) if error.is_transient() && attempt < retry.attempts => {
                let wait = retry.backoff(attempt);
                if deadline.is_some_and(|d| d.remaining(clock).is_none_or(|left| left <= wait)) {
                    return Err(error);
                }
                tracing::debug!(attempt, error = %error, "order query failed; retrying");
                clock.sleep(wait).await;
                attempt += 1;
            }
            result => return result,
        }
    }
}

async fn once(
    http: &transport::Http,
    body: &atlas_pay_gen::types::QueryOrderDetailsBody,
    query: &OrderQuery,
    attempts: u32,
    timeout: Option<Duration>,
) -> Result<Order, QueryError> {
    let answer = transport::send::<QueryOrderDetails>(http, body, timeout)
        .await
        .map_err(|failure| match failure {
            Failure::Invalid(_) => QueryError::Invalid("the request could not be built"),
            Failure::NotDelivered(source) => QueryError::NotDelivered { attempts, source },
            Failure::Unknown { reason, source } => QueryError::NoAnswer {
                attempts,
                reason,
                source,
            },
            Failure::Status { code, message } => QueryError::Status {
                status: QueryStatus::from_code(code),
                message,
            },
        })?;
    let order = Order::from_answer(answer).map_err(|reason| QueryError::NoAnswer {
        attempts,
        reason,
        source: None,
    })?;
    echo_check(query, &order).map_err(|reason| QueryError::NoAnswer {
        attempts,
        reason,
        source: None,
    })?;
    Ok(order)
}

/// An answer about another order never settles this one: every key the
/// caller gave (order number, PNR) must be the one Atlas answered about.
fn echo_check(query: &OrderQuery, order: &Order) -> Result<(), UnknownReason> {
    if let Some(asked) = &query.order_no
        && *asked != order.order_no
    {
        return Err(UnknownReason::EchoMismatch {
            echoed: Some(order.order_no.clone()),
        });
    }
    if let Some(asked) = &query.pnr_code
        && order.pnr_code.as_deref() != Some(asked.as_str())
    {
        return Err(UnknownReason::PnrMismatch {
            echoed: order.pnr_code.clone(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_within_its_bound() {
        let retry = QueryRetry::default();
        assert_eq!(retry.attempts(), 3);
        assert_eq!(retry.backoff(1), Duration::from_millis(250));
        assert_eq!(retry.backoff(2), Duration::from_millis(500));
        assert_eq!(retry.max_total_wait(), Duration::from_millis(750));
        let capped = QueryRetry::new(6, Duration::from_secs(1), Duration::from_secs(3));
        assert_eq!(capped.backoff(5), Duration::from_secs(3));
        assert_eq!(
            capped.max_total_wait(),
            Duration::from_secs(1 + 2 + 3 + 3 + 3)
        );
        assert_eq!(QueryRetry::none().max_total_wait(), Duration::ZERO);
        assert_eq!(
            QueryRetry::new(0, Duration::ZERO, Duration::ZERO).attempts(),
            1
        );
    }
}
