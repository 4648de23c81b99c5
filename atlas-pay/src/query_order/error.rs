//! Order query errors. A query is read-only: none of these says anything
//! about money.

use std::fmt;

use super::status::QueryOrderStatus;
use crate::error::{Delivery, Error, OperationStatus, Sealed};

/// An order query that did not return the order: [`Error`] with the order
/// query's statuses.
///
/// The client retries transport failures, 705 and 9999 by itself within its
/// [`QueryRetry`](crate::QueryRetry) bound; what reaches the caller is the
/// last failure, with the number of attempts made
/// ([`attempts`](Error::attempts)).
pub type QueryOrderError = Error<QueryOrderStatus>;

/// Why an order query was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryOrderRefusal {
    /// The query names neither an order number nor a PNR.
    NoKey,
    /// The attempt time given to reconciliation was read from another
    /// client's clock (use this client's [`now`](crate::Client::now)).
    ForeignClock,
    /// Reconciliation's budget ran out before this query could start (or be
    /// retried): no query was sent after it.
    BudgetSpent {
        /// How many queries were made before the budget ran out.
        attempts: u32,
    },
    /// The HTTP client could not build the request.
    Unbuildable(String),
}

impl fmt::Display for QueryOrderRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryOrderRefusal::NoKey => {
                f.write_str("the query names neither an order number nor a PNR")
            }
            QueryOrderRefusal::ForeignClock => f.write_str(
                "the attempt time was read from another client's clock: use this client's `now()`",
            ),
            QueryOrderRefusal::BudgetSpent { attempts } => write!(
                f,
                "the reconciliation budget ran out after {attempts} order query attempt(s)"
            ),
            QueryOrderRefusal::Unbuildable(detail) => {
                write!(f, "the request could not be built: {detail}")
            }
        }
    }
}

impl std::error::Error for QueryOrderRefusal {}

impl Sealed for QueryOrderStatus {}

impl OperationStatus for QueryOrderStatus {
    type Refusal = QueryOrderRefusal;
    const DOCUMENTED: &'static [Self] = &QueryOrderStatus::DOCUMENTED;
    const REQUEST: &'static str = "order query";
    const IF_UNKNOWN: &'static str = "ask again: a query is read-only";

    fn undocumented(code: i64) -> Self {
        QueryOrderStatus::Other(code)
    }

    fn code(self) -> i64 {
        QueryOrderStatus::code(self)
    }

    fn advice(self) -> Option<&'static str> {
        match self {
            QueryOrderStatus::Access(access) => access.remedy(),
            _ => None,
        }
    }

    /// A query changes nothing: every status is an answer.
    fn delivery(self) -> Delivery {
        Delivery::Answered
    }

    fn is_transient(self) -> bool {
        self.is_retryable()
    }

    fn unbuildable(detail: String) -> QueryOrderRefusal {
        QueryOrderRefusal::Unbuildable(detail)
    }
}


impl Error<QueryOrderStatus> {
    /// Whether Atlas says no such order exists (800, 703).
    pub fn is_not_found(&self) -> bool {
        self.status().is_some_and(QueryOrderStatus::is_not_found)
    }
}
