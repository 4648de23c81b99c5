//! Order query errors. A query is read-only: none of these says anything
//! about money.

use crate::pay::error::VendorMessage;
use crate::transport::UnknownReason;

use super::status::QueryStatus;

/// An order query that did not return the order.
///
/// The client retries transport failures, 705 and 9999 by itself within its
/// [`QueryRetry`](crate::QueryRetry) bound; what reaches the caller is the
/// last failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// Refused before sending: the query names no order.
    #[error("order query not sent: {0}")]
    Invalid(&'static str),
    /// The connection was never made (refused, DNS, TLS), on every attempt.
    #[error("order query not delivered after {attempts} attempt(s): {source}")]
    NotDelivered {
        /// How many attempts were made.
        attempts: u32,
        /// The last transport error.
        source: reqwest::Error,
    },
    /// No usable answer (timeout, reset, HTTP 5xx, a body that is not the
    /// documented JSON), on every attempt.
    #[error("order query failed after {attempts} attempt(s): {reason}")]
    NoAnswer {
        /// How many attempts were made.
        attempts: u32,
        /// Why the last attempt had no usable answer.
        reason: UnknownReason,
        /// The last transport error, if one caused it.
        source: Option<reqwest::Error>,
    },
    /// Atlas answered with a non-zero status.
    #[error("Atlas answered the order query with {status}{}", message.as_ref().map(|m| format!(" (Atlas says: {:?})", m.as_str())).unwrap_or_default())]
    Status {
        /// The status Atlas answered with.
        status: QueryStatus,
        /// Atlas's `msg`, for humans only. Never decide on it.
        message: Option<VendorMessage>,
    },
}

impl QueryError {
    /// The status Atlas answered with, if it answered.
    pub fn status(&self) -> Option<QueryStatus> {
        match self {
            QueryError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether Atlas says no such order exists (800, 703).
    pub fn is_not_found(&self) -> bool {
        self.status().is_some_and(QueryStatus::is_not_found)
    }

    /// Whether asking again later may help: transport failures, 705 and
    /// 9999. Access-level errors, a missing order and malformed queries will
    /// not change by asking again.
    pub fn is_transient(&self) -> bool {
        match self {
            QueryError::Invalid(_) => false,
            QueryError::NotDelivered { .. } | QueryError::NoAnswer { .. } => true,
            QueryError::Status { status, .. } => status.is_retryable(),
        }
    }
}
