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

use reqwest::Url;
use serde_json::Value;

use self::error::QueryError;
use self::order::Order;
use self::request::OrderQuery;
use self::status::QueryStatus;
use crate::clock::Clock;
use crate::pay::error::VendorMessage;
use crate::transport::{self, Failure, UnknownReason};

/// The method the query sends with: the one `sends::QUERY_ORDER` declares
/// (a unit test keeps them equal), checked against the generated operation.
pub(crate) const METHOD: reqwest::Method = reqwest::Method::POST;

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

/// Looks an order up, retrying within `retry`.
pub(crate) async fn send(
    http: &transport::Http,
    url: &Url,
    clock: &dyn Clock,
    retry: QueryRetry,
    query: &OrderQuery,
) -> Result<Order, QueryError> {
    let body = query.body().map_err(QueryError::Invalid)?;
    let mut attempt = 1;
    loop {
        let result = once(http, url, &body, query, attempt).await;
        match result {
            Err(error) if error.is_transient() && attempt < retry.attempts => {
                tracing::debug!(attempt, error = %error, "order query failed; retrying");
                clock.sleep(retry.backoff(attempt)).await;
                attempt += 1;
            }
            result => return result,
        }
    }
}

async fn once(
    http: &transport::Http,
    url: &Url,
    body: &atlas_pay_gen::types::QueryOrderDetailsBody,
    query: &OrderQuery,
    attempts: u32,
) -> Result<Order, QueryError> {
    let no_answer = |reason| QueryError::NoAnswer {
        attempts,
        reason,
        source: None,
    };
    let answer = transport::post_json(
        http,
        METHOD,
        url,
        body,
        atlas_pay_gen::operations::query_order_details::SUCCESS_STATUSES,
    )
    .await
    .map_err(|failure| match failure {
        Failure::Invalid(_) => QueryError::Invalid("the request could not be built"),
        Failure::NotDelivered(source) => QueryError::NotDelivered { attempts, source },
        Failure::Unknown { reason, source } => QueryError::NoAnswer {
            attempts,
            reason,
            source,
        },
    })?;
    let value: Option<Value> = serde_json::from_slice(&answer.body).ok();
    let status = value
        .as_ref()
        .and_then(|v| v.get("status"))
        .and_then(Value::as_i64);
    let message = || {
        value
            .as_ref()
            .and_then(|v| v.get("msg"))
            .and_then(Value::as_str)
            .map(VendorMessage::from)
    };
    match (answer.success, status) {
        (_, Some(code)) if code != 0 => Err(QueryError::Status {
            status: QueryStatus::from_code(code),
            message: message(),
        }),
        (false, _) => Err(no_answer(UnknownReason::Http(answer.http_status))),
        (true, None) => Err(no_answer(UnknownReason::UndecodableBody)),
        (true, Some(_)) => {
            let value = value.unwrap_or_default();
            let order = Order::from_answer(&value, answer.body)
                .ok_or_else(|| no_answer(UnknownReason::UndecodableBody))?;
            match &query.order_no {
                Some(asked) if *asked != order.order_no => {
                    Err(no_answer(UnknownReason::EchoMismatch {
                        echoed: Some(order.order_no),
                    }))
                }
                _ => Ok(order),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_sends_what_its_declaration_says() {
        assert_eq!(METHOD.as_str(), crate::sends::QUERY_ORDER.method);
        assert_eq!(
            crate::sends::QUERY_ORDER.request_content_types,
            ["application/json"]
        );
    }

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
