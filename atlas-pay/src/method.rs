//! Payment methods.

use std::fmt;

/// How an order is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PaymentMethod {
    /// 1: the deposit balance of the seller's Atlas account.
    Balance,
    /// 3: a virtual card passed through to the airline (needs a card with CVV).
    VccPassthrough,
    /// 4: bring your own airline account.
    Byoa,
    /// 5: Atlas as merchant of record (needs a card; CVV on first use only).
    MerchantOfRecord,
    /// A method code this version does not know, as Atlas echoed it.
    Unknown(i64),
}

impl PaymentMethod {
    /// The code on the wire.
    pub fn code(self) -> i64 {
        match self {
            PaymentMethod::Balance => 1,
            PaymentMethod::VccPassthrough => 3,
            PaymentMethod::Byoa => 4,
            PaymentMethod::MerchantOfRecord => 5,
            PaymentMethod::Unknown(code) => code,
        }
    }

    /// The method a wire code names; any other number is `Unknown(code)`.
    pub fn from_code(code: i64) -> Self {
        match code {
            1 => PaymentMethod::Balance,
            3 => PaymentMethod::VccPassthrough,
            4 => PaymentMethod::Byoa,
            5 => PaymentMethod::MerchantOfRecord,
            other => PaymentMethod::Unknown(other),
        }
    }

    /// Whether the method pays with a card.
    pub fn uses_card(self) -> bool {
        matches!(
            self,
            PaymentMethod::VccPassthrough | PaymentMethod::MerchantOfRecord
        )
    }
}

impl fmt::Display for PaymentMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaymentMethod::Balance => f.write_str("balance"),
            PaymentMethod::VccPassthrough => f.write_str("VCC passthrough"),
            PaymentMethod::Byoa => f.write_str("BYOA"),
            PaymentMethod::MerchantOfRecord => f.write_str("merchant of record"),
            PaymentMethod::Unknown(code) => write!(f, "unknown method {code}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_survive() {
        for code in [1, 3, 4, 5, 2, 7, -1] {
            assert_eq!(PaymentMethod::from_code(code).code(), code);
        }
        assert_eq!(PaymentMethod::from_code(7), PaymentMethod::Unknown(7));
        assert!(PaymentMethod::VccPassthrough.uses_card());
        assert!(!PaymentMethod::Byoa.uses_card());
    }
}
