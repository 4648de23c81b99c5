//! Payment methods.

use std::fmt;

/// How an order is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PaymentMethod {
    /// 1: the deposit balance of the seller's Atlas account.
    Deposit,
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
            PaymentMethod::Deposit => 1,
            PaymentMethod::VccPassthrough => 3,
            PaymentMethod::Byoa => 4,
            PaymentMethod::MerchantOfRecord => 5,
            PaymentMethod::Unknown(code) => code,
        }
    }

    /// The method a wire code names; any other number is `Unknown(code)`.
    pub fn from_code(code: i64) -> Self {
        match code {
            1 => PaymentMethod::Deposit,
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
            PaymentMethod::Deposit => f.write_str("deposit"),
            PaymentMethod::VccPassthrough => f.write_str("VCC passthrough"),
            PaymentMethod::Byoa => f.write_str("BYOA"),
            PaymentMethod::MerchantOfRecord => f.write_str("merchant of record"),
            PaymentMethod::Unknown(code) => write!(f, "unknown method {code}"),
        }
    }
}

/// Serialized as Atlas's code (`1`, `3`, `4`, `5`).
impl serde::Serialize for PaymentMethod {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.code())
    }
}

/// Which payments an order accepts (`supportCreditTransPayment`, from
/// `search.do` and `verify.do`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CreditTransPayment {
    /// `"0"`: deposit (balance) only; Atlas answers a card payment with 403.
    DepositOnly,
    /// `"1"`: deposit or VCC.
    DepositOrCard,
}

impl CreditTransPayment {
    /// The wire form, `"0"` or `"1"`.
    pub fn as_str(self) -> &'static str {
        match self {
            CreditTransPayment::DepositOnly => "0",
            CreditTransPayment::DepositOrCard => "1",
        }
    }

    /// Whether a card (VCC) payment is accepted.
    pub fn accepts_cards(self) -> bool {
        self == CreditTransPayment::DepositOrCard
    }
}

impl std::str::FromStr for CreditTransPayment {
    type Err = UnknownCreditFlag;

    /// Reads Atlas's flag: `"0"` or `"1"`.
    fn from_str(flag: &str) -> Result<Self, Self::Err> {
        match flag.trim() {
            "0" => Ok(CreditTransPayment::DepositOnly),
            "1" => Ok(CreditTransPayment::DepositOrCard),
            other => Err(UnknownCreditFlag(other.to_owned())),
        }
    }
}

/// A `supportCreditTransPayment` flag other than `"0"` or `"1"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCreditFlag(String);

impl fmt::Display for UnknownCreditFlag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "supportCreditTransPayment must be \"0\" or \"1\", not {:?}",
            self.0
        )
    }
}

impl std::error::Error for UnknownCreditFlag {}

impl serde::Serialize for CreditTransPayment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for CreditTransPayment {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let flag = String::deserialize(deserializer)?;
        flag.parse().map_err(serde::de::Error::custom)
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
