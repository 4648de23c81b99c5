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
use crate::client::Client;
use crate::clock::Clock;
use crate::policy::QueryRetry;
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

impl Client {
    /// Looks an order up (`POST /queryOrderDetails.do`), by order number (a
    /// `&str` converts) or by [`OrderQuery::pnr_code`].
    ///
    /// Read-only, so transport failures, 705 and 9999 are retried within the
    /// client's [`QueryRetry`] bound. An answer about another order than
    /// every key asked for (order number, PNR) is an error, never an order.
    /// Runs in the `atlas_pay` span (see the crate docs); personal data never
    /// reaches it.
    pub async fn query_order(&self, query: impl Into<OrderQuery>) -> Result<Order, QueryError> {
        self.query_within(&query.into(), None).await
    }

    pub(crate) async fn query_within(
        &self,
        query: &OrderQuery,
        deadline: Option<Deadline>,
    ) -> Result<Order, QueryError> {
        crate::transport::traced(
            atlas_pay_gen::operations::query_order_details::OPERATION_ID,
            query.label(),
            None,
            crate::query::send(
                self.http(),
                self.clock(),
                self.query_retry(),
                query,
                deadline,
            ),
        )
        .await
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
            Err(error) if error.is_transient() && attempt < retry.attempts() => {
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
