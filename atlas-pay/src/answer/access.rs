//! The access-level codes: the same `status` field, on every endpoint.

use std::fmt;

/// A code Atlas may answer any operation with, before or around the
/// operation itself (Atlas's common documentation).
///
/// 900, 901 and 902 refuse the request at Atlas's gate: the operation did
/// not run. After 9999 and -1 nobody can say whether it ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AccessStatus {
    /// 900: unauthorized: wrong credentials or an inactive account.
    Unauthorized,
    /// 901: illegal request data (not JSON, wrong types).
    IllegalRequestData,
    /// 902: access denied (scope).
    AccessDenied,
    /// 9999: Atlas system error (Atlas: retry once, where retrying is safe).
    SystemError,
    /// -1: common error.
    CommonError,
}

impl AccessStatus {
    /// Every access-level code.
    pub const ALL: [AccessStatus; 5] = [
        AccessStatus::Unauthorized,
        AccessStatus::IllegalRequestData,
        AccessStatus::AccessDenied,
        AccessStatus::SystemError,
        AccessStatus::CommonError,
    ];

    /// The access-level status a code names, if it names one.
    pub fn from_code(code: i64) -> Option<Self> {
        AccessStatus::ALL
            .into_iter()
            .find(|status| status.code() == code)
    }

    /// The code on the wire.
    pub fn code(self) -> i64 {
        match self {
            AccessStatus::Unauthorized => 900,
            AccessStatus::IllegalRequestData => 901,
            AccessStatus::AccessDenied => 902,
            AccessStatus::SystemError => 9999,
            AccessStatus::CommonError => -1,
        }
    }

    /// What the code means, per Atlas's documentation.
    pub fn meaning(self) -> &'static str {
        match self {
            AccessStatus::Unauthorized => "unauthorized (wrong credentials or inactive account)",
            AccessStatus::IllegalRequestData => "illegal request data (not JSON or wrong types)",
            AccessStatus::AccessDenied => "access denied (scope)",
            AccessStatus::SystemError => "Atlas system error",
            AccessStatus::CommonError => "common error",
        }
    }

    /// What to change before calling again, for the codes that refuse at
    /// the gate; `None` for 9999 and -1, whose next step depends on whether
    /// the operation changes anything.
    pub fn remedy(self) -> Option<&'static str> {
        match self {
            AccessStatus::Unauthorized => {
                Some("check the client id and secret and that the account is active")
            }
            AccessStatus::IllegalRequestData => {
                Some("the request was malformed; report it as a client bug")
            }
            AccessStatus::AccessDenied => Some("the account's scope does not allow this call"),
            AccessStatus::SystemError | AccessStatus::CommonError => None,
        }
    }

    /// Whether Atlas refused the request before the operation ran (900, 901,
    /// 902). False for 9999 and -1: the operation may have run.
    pub fn refused_before_running(self) -> bool {
        self.remedy().is_some()
    }
}

impl fmt::Display for AccessStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.meaning())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_codes_round_trip_and_only_the_gate_codes_prove_nothing_ran() {
        for status in AccessStatus::ALL {
            assert_eq!(AccessStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(AccessStatus::from_code(0), None);
        assert_eq!(AccessStatus::from_code(800), None);
        let ran: Vec<i64> = AccessStatus::ALL
            .into_iter()
            .filter(|s| !s.refused_before_running())
            .map(AccessStatus::code)
            .collect();
        assert_eq!(ran, [9999, -1]);
    }
}
