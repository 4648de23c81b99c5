//! Order query errors. A query is read-only: none of these says anything
//! about money.

use crate::answer::VendorMessage;
use crate::answer::message::DisplayMessage;
use crate::transport::{Traced, UnknownReason};

use super::status::QueryStatus;

/// An order query that did not return the order.
///
/// The client retries transport failures, 705 and 9999 by itself within its
/// [`QueryRetry`](crate::QueryRetry) bound; what reaches the caller is the
/// last failure.
#[derive(Debug)]
#[non_exhaustive]
pub enum QueryError {
    /// Refused before sending: the query names no order.
    Invalid(&'static str),
    /// The connection was never made (refused, DNS, TLS), on every attempt.
    NotDelivered {
        /// How many attempts were made.
        attempts: u32,
        /// The last transport error.
        source: reqwest::Error,
    },
    /// No usable answer (timeout, reset, HTTP 5xx, a body that is not the
    /// documented JSON), on every attempt.
    NoAnswer {
        /// How many attempts were made.
        attempts: u32,
        /// Why the last attempt had no usable answer.
        reason: UnknownReason,
        /// The last transport error, if one caused it.
        source: Option<reqwest::Error>,
    },
    /// Reconciliation's budget ran out before this query could start (or
    /// be retried): no query was sent after it.
    BudgetSpent {
        /// How many attempts were made before the budget ran out.
        attempts: u32,
    },
    /// Atlas answered with a non-zero status.
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
            QueryError::BudgetSpent { .. } => false,
            QueryError::Status { status, .. } => status.is_retryable(),
        }
    }
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::Invalid(why) => write!(f, "order query not sent: {why}"),
            QueryError::NotDelivered { attempts, source } => write!(
                f,
                "order query not delivered after {attempts} attempt(s): {source}"
            ),
            QueryError::NoAnswer {
                attempts, reason, ..
            } => write!(
                f,
                "order query failed after {attempts} attempt(s): {reason}"
            ),
            QueryError::BudgetSpent { attempts } => write!(
                f,
                "order query not sent: the reconciliation budget ran out after {attempts} attempt(s)"
            ),
            QueryError::Status { status, message } => write!(
                f,
                "Atlas answered the order query with {status}{}",
                DisplayMessage(message.as_ref())
            ),
        }
    }
}

impl std::error::Error for QueryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            QueryError::NotDelivered { source, .. } => Some(source),
            QueryError::NoAnswer { source, .. } => source
                .as_ref()
                .map(|source| source as &(dyn std::error::Error + 'static)),
            QueryError::Invalid(_) | QueryError::BudgetSpent { .. } | QueryError::Status { .. } => {
                None
            }
        }
    }
}

impl Traced for QueryError {
    fn status_code(&self) -> Option<i64> {
        self.status().map(QueryStatus::code)
    }

    fn delivery(&self) -> &'static str {
        match self {
            QueryError::Invalid(_) | QueryError::BudgetSpent { .. } => "NotSent",
            QueryError::NotDelivered { .. } => "NotDelivered",
            QueryError::NoAnswer { .. } => "Unknown",
            QueryError::Status { .. } => "Answered",
        }
    }
}
