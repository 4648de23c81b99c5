//! Atlas's sandbox test cards and a fixed "today", for tests: this crate's
//! unit tests, the workspace's integration tests and benchmarks, and yours
//! (feature `test-util`; not part of the default API).
//!
//! The one clock of card expiry in tests: start the sandbox at
//! [`today_start`] (`SandboxBuilder::start_time`, feature `sandbox`) and
//! build cards `as_of(client.today())` (or [`CardBuilder::as_of`](crate::CardBuilder::as_of)
//! with [`today`], the same month), so that a card is judged as the sandbox
//! judges it and no test starts failing when the real calendar passes a
//! card's expiry.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::calendar::YearMonth;
use crate::card::{Card, CardError, Expiry};

/// An order number in Atlas's format.
pub const ORDER: &str = "AFKMN2025000001";
/// The first Visa card of the pay page's sandbox list.
pub const VISA: &str = "4532015112830366";
/// A Mastercard of the pay page's sandbox list.
pub const MASTERCARD: &str = "5555555555554444";
/// An American Express card of the pay page's sandbox list (4-digit CVV).
pub const AMEX: &str = "378282246310005";
/// Atlas's merchant-of-record sandbox Visa card.
pub const MOR_VISA: &str = "4054695723100768";
/// The four cards of the pay page's sandbox list that fail the Luhn check
/// the same page requires.
pub const LUHN_FAILING: [&str; 4] = [
    "4916931584764308",
    "5223456789012346",
    "375987654321001",
    "6011987612345678",
];

/// The month tests judge card expiry in: November 2026.
pub fn today() -> YearMonth {
    YearMonth::at(today_start())
}

/// The instant tests start a sandbox's clock at: 2026-11-26T00:00:00Z.
pub fn today_start() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_651_200)
}

/// A card with this number and CVV: expiry 12/2030, holder Ada Lovelace,
/// judged as of [`today`].
pub fn card(number: &str, cvv: &str) -> Result<Card, CardError> {
    let month = Expiry::new(12, 2030)?;
    Card::builder(number.parse()?)
        .expiry(month)
        .cvv(cvv.parse()?)
        .holder("Ada", "Lovelace")
        .as_of(today())
        .build()
}

/// The [`VISA`] card with CVV 123 (see [`card`]).
pub fn visa() -> Result<Card, CardError> {
    card(VISA, "123")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixtures_are_what_they_say() {
        assert_eq!((today().month(), today().year()), (11, 2026));
        assert!(visa().is_ok());
        assert!(card(AMEX, "1234").is_ok());
        assert!(card(MOR_VISA, "123").is_ok());
        assert!(card(MASTERCARD, "123").is_ok());
        for number in LUHN_FAILING {
            assert!(card(number, "123").is_err(), "{number}");
        }
    }
}
