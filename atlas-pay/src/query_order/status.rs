//! The status codes Atlas answers an order query with.

use std::fmt;

use crate::answer::AccessStatus;
use crate::error::OperationStatus;

/// A non-zero `status` of an order query: the query's own codes (800,
/// 701–705), the access-level codes every endpoint shares, or any other code.
///
/// Decide on this, never on the human-readable `msg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QueryOrderStatus {
    /// 800: the order does not exist.
    OrderNotFound,
    /// 701: several orders match; add parameters.
    SeveralOrders,
    /// 702: `airlinePNR` and `carrier` are mandatory for this lookup.
    AirlinePnrAndCarrierRequired,
    /// 703: no order found for the parameters.
    NoOrderFound,
    /// 704: the parameters do not belong to the same order.
    ParametersMismatch,
    /// 705: Atlas timed out; the query may be repeated.
    Timeout,
    /// An access-level code (900, 901, 902, 9999, -1), shared by every
    /// operation.
    Access(AccessStatus),
    /// A code this version does not know.
    Other(i64),
}

impl QueryOrderStatus {
    /// Every documented status.
    pub const DOCUMENTED: [QueryOrderStatus; 11] = [
        QueryOrderStatus::OrderNotFound,
        QueryOrderStatus::SeveralOrders,
        QueryOrderStatus::AirlinePnrAndCarrierRequired,
        QueryOrderStatus::NoOrderFound,
        QueryOrderStatus::ParametersMismatch,
        QueryOrderStatus::Timeout,
        QueryOrderStatus::Access(AccessStatus::Unauthorized),
        QueryOrderStatus::Access(AccessStatus::IllegalRequestData),
        QueryOrderStatus::Access(AccessStatus::AccessDenied),
        QueryOrderStatus::Access(AccessStatus::SystemError),
        QueryOrderStatus::Access(AccessStatus::CommonError),
    ];

    /// The status a non-zero code names.
    pub fn from_code(code: i64) -> Self {
        <Self as OperationStatus>::from_code(code)
    }

    /// The code on the wire.
    pub fn code(self) -> i64 {
        match self {
            QueryOrderStatus::OrderNotFound => 800,
            QueryOrderStatus::SeveralOrders => 701,
            QueryOrderStatus::AirlinePnrAndCarrierRequired => 702,
            QueryOrderStatus::NoOrderFound => 703,
            QueryOrderStatus::ParametersMismatch => 704,
            QueryOrderStatus::Timeout => 705,
            QueryOrderStatus::Access(access) => access.code(),
            QueryOrderStatus::Other(code) => code,
        }
    }

    /// What the code means, per Atlas's documentation.
    pub fn meaning(self) -> &'static str {
        match self {
            QueryOrderStatus::OrderNotFound => "the order does not exist",
            QueryOrderStatus::SeveralOrders => "several orders match; add parameters",
            QueryOrderStatus::AirlinePnrAndCarrierRequired => {
                "airlinePNR and carrier are mandatory for this lookup"
            }
            QueryOrderStatus::NoOrderFound => "no order found for the parameters",
            QueryOrderStatus::ParametersMismatch => "the parameters do not match each other",
            QueryOrderStatus::Timeout => "Atlas timed out",
            QueryOrderStatus::Access(access) => access.meaning(),
            QueryOrderStatus::Other(_) => "a status this client version does not know",
        }
    }

    /// Whether Atlas says no such order exists (800, 703).
    pub fn is_not_found(self) -> bool {
        matches!(self, QueryOrderStatus::OrderNotFound | QueryOrderStatus::NoOrderFound)
    }

    /// Whether asking again may help: 705 (Atlas's own client retries it) and
    /// 9999 (Atlas: retry once). The client retries these by itself, within
    /// its [`QueryRetry`](crate::QueryRetry) bound.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            QueryOrderStatus::Timeout | QueryOrderStatus::Access(AccessStatus::SystemError)
        )
    }
}

impl fmt::Display for QueryOrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.meaning())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_codes_round_trip_and_say_what_they_mean() {
        crate::error::assert_codes_round_trip::<QueryOrderStatus>(
            &[800, 701, 702, 703, 704, 705, 900, 901, 902, 9999, -1],
            706,
        );
        assert!(QueryOrderStatus::from_code(800).is_not_found());
        assert!(QueryOrderStatus::from_code(703).is_not_found());
        assert!(QueryOrderStatus::from_code(705).is_retryable());
        assert!(!QueryOrderStatus::from_code(800).is_retryable());
    }
}
