//! The status codes Atlas answers an order query with.

use std::fmt;

use crate::answer::AccessStatus;

/// A non-zero `status` of an order query: the query's own codes (800,
/// 701–705), the access-level codes every endpoint shares, or any other code.
///
/// Decide on this, never on the human-readable `msg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QueryStatus {
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

impl QueryStatus {
    /// Every documented status.
    pub const DOCUMENTED: [QueryStatus; 11] = [
        QueryStatus::OrderNotFound,
        QueryStatus::SeveralOrders,
        QueryStatus::AirlinePnrAndCarrierRequired,
        QueryStatus::NoOrderFound,
        QueryStatus::ParametersMismatch,
        QueryStatus::Timeout,
        QueryStatus::Access(AccessStatus::Unauthorized),
        QueryStatus::Access(AccessStatus::IllegalRequestData),
        QueryStatus::Access(AccessStatus::AccessDenied),
        QueryStatus::Access(AccessStatus::SystemError),
        QueryStatus::Access(AccessStatus::CommonError),
    ];

    /// The status a non-zero code names.
    pub fn from_code(code: i64) -> Self {
        if let Some(access) = AccessStatus::from_code(code) {
            return QueryStatus::Access(access);
        }
        QueryStatus::DOCUMENTED
            .into_iter()
            .find(|status| status.code() == code)
            .unwrap_or(QueryStatus::Other(code))
    }

    /// The code on the wire.
    pub fn code(self) -> i64 {
        match self {
            QueryStatus::OrderNotFound => 800,
            QueryStatus::SeveralOrders => 701,
            QueryStatus::AirlinePnrAndCarrierRequired => 702,
            QueryStatus::NoOrderFound => 703,
            QueryStatus::ParametersMismatch => 704,
            QueryStatus::Timeout => 705,
            QueryStatus::Access(access) => access.code(),
            QueryStatus::Other(code) => code,
        }
    }

    /// What the code means, per Atlas's documentation.
    pub fn meaning(self) -> &'static str {
        match self {
            QueryStatus::OrderNotFound => "the order does not exist",
            QueryStatus::SeveralOrders => "several orders match; add parameters",
            QueryStatus::AirlinePnrAndCarrierRequired => {
                "airlinePNR and carrier are mandatory for this lookup"
            }
            QueryStatus::NoOrderFound => "no order found for the parameters",
            QueryStatus::ParametersMismatch => "the parameters do not match each other",
            QueryStatus::Timeout => "Atlas timed out",
            QueryStatus::Access(access) => access.meaning(),
            QueryStatus::Other(_) => "a status this client version does not know",
        }
    }

    /// Whether Atlas says no such order exists (800, 703).
    pub fn is_not_found(self) -> bool {
        matches!(self, QueryStatus::OrderNotFound | QueryStatus::NoOrderFound)
    }

    /// Whether asking again may help: 705 (Atlas's own client retries it) and
    /// 9999 (Atlas: retry once). The client retries these by itself, within
    /// its [`QueryRetry`](crate::QueryRetry) bound.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            QueryStatus::Timeout | QueryStatus::Access(AccessStatus::SystemError)
        )
    }
}

impl fmt::Display for QueryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.meaning())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_round_trips() {
        for code in [800, 701, 702, 703, 704, 705, 900, 901, 902, 9999, -1] {
            let status = QueryStatus::from_code(code);
            assert_ne!(status, QueryStatus::Other(code), "{code}");
            assert_eq!(status.code(), code);
        }
        assert_eq!(QueryStatus::from_code(706), QueryStatus::Other(706));
        assert!(QueryStatus::from_code(800).is_not_found());
        assert!(QueryStatus::from_code(703).is_not_found());
        assert!(QueryStatus::from_code(705).is_retryable());
        assert!(!QueryStatus::from_code(800).is_retryable());
    }
}
