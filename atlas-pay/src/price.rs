//! Amounts as Atlas sends them: a JSON number and its currency.

use std::fmt;

/// An amount and its currency, as Atlas sent them.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Price {
    /// The amount (a JSON number in Atlas's answer).
    pub amount: f64,
    /// The ISO 4217 code of the settlement currency, as sent.
    pub currency: String,
}

impl Price {
    /// An amount in a currency (ISO 4217), as a dependent's test builds one.
    pub fn new(amount: f64, currency: impl Into<String>) -> Self {
        Self {
            amount,
            currency: currency.into(),
        }
    }
}

impl fmt::Display for Price {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}
