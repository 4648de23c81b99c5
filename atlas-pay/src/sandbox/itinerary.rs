//! The one booking every sandbox order shows: Atlas's reference example of
//! a found order (the order query page's `oneBooking`), its passenger and
//! its segments. The order query renders it with the order's facts; the
//! refund desk checks refund requests against its passenger and segments.

use std::sync::OnceLock;

use serde_json::{Value, json};

use super::book::pnr_for;

/// The reference example, the shape every order answer takes.
const TEMPLATE: &str = include_str!("query_answer.json");

/// The passenger of every sandbox order, as the order query names it.
pub(crate) const PASSENGER: &str = "LOVELACE/ADA";

pub(crate) fn template() -> &'static Value {
    static PARSED: OnceLock<Value> = OnceLock::new();
    PARSED.get_or_init(|| serde_json::from_str(TEMPLATE).unwrap_or_else(|_| json!({})))
}

/// One segment of the booking, as a refund request names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Leg {
    /// `yyyyMMdd`.
    pub(crate) date: String,
    pub(crate) flight_no: String,
    pub(crate) from: String,
    pub(crate) to: String,
}

/// Every segment of the booking: outbound, then return.
pub(crate) fn legs() -> Vec<Leg> {
    let routing = &template()["routing"];
    ["fromSegments", "retSegments"]
        .iter()
        .filter_map(|key| routing[key].as_array())
        .flatten()
        .map(|segment| {
            let text = |key: &str| segment[key].as_str().unwrap_or_default().to_owned();
            Leg {
                date: text("depTime").chars().take(8).collect(),
                flight_no: text("flightNumber"),
                from: text("depAirport"),
                to: text("arrAirport"),
            }
        })
        .collect()
}

/// A stable six-character airline PNR for an order (not the Atlas PNR).
pub(crate) fn airline_pnr(order_no: &str) -> String {
    pnr_for(&format!("{order_no}/airline"))
}

/// A stable 13-digit ticket number for an order.
pub(crate) fn ticket_number(order_no: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in order_no.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("784{:010}", hash % 10_000_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_booking_has_an_outbound_and_a_return_segment() {
        let legs = legs();
        assert_eq!(legs.len(), 2, "{legs:?}");
        assert!(
            legs.iter()
                .all(|leg| leg.date.len() == 8 && !leg.flight_no.is_empty())
        );
        assert_eq!(legs[0].to, legs[1].from);
    }
}
