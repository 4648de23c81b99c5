//! The card and order the integration tests and benchmarks pay with.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use atlas_pay::{Card, Expiry, YearMonth};

/// An order number in Atlas's format.
pub const ORDER: &str = "AFKMN2025000001";
/// A Visa number from the vendor's list of sandbox cards.
pub const NUMBER: &str = "4532015112830366";

/// That Visa card: expiry 12/2030, CVV 123, Ada Lovelace, checked as of 11/2026.
pub fn card() -> Card {
    Card::builder(NUMBER.parse().unwrap())
        .expiry(Expiry::new(12, 2030).unwrap())
        .cvv("123".parse().unwrap())
        .holder("Ada", "Lovelace")
        .as_of(YearMonth::new(11, 2026).unwrap())
        .build()
        .unwrap()
}
