//! Refund scopes from an order as the order query shows it: the names and
//! segments Atlas has, every segment of the itinerary for every passenger
//! named, so a refund request built here asks for whole tickets only.

use super::order::Order;
use crate::refund_code::RefundRefusal;
use crate::flight_date::FlightDate;
use crate::refund_scope::{RefundPassenger, RefundScope, RefundSegment};
use crate::refund_terms::RefundReason;

impl Order {
    /// A refund of every passenger's tickets, over the whole itinerary (the
    /// outbound and any return segments), for `reason`.
    ///
    /// Refused ([`RefundRefusal::NothingToRefund`]) when the answer lists
    /// no routing segment or no passenger with a `LAST/FIRST` name.
    pub fn refund_scope(&self, reason: RefundReason) -> Result<RefundScope, RefundRefusal> {
        self.refund_scope_of(reason, |_| true)
    }

    /// A refund of the tickets of the passengers whose `LAST/FIRST` name
    /// `select` accepts, over the whole itinerary. The name is personal
    /// data: compare it, never log it.
    ///
    /// Refused with [`RefundRefusal::NoSuchPassenger`] when `select`
    /// accepts nobody.
    pub fn refund_scope_of(
        &self,
        reason: RefundReason,
        mut select: impl FnMut(&str) -> bool,
    ) -> Result<RefundScope, RefundRefusal> {
        let details = self.details();
        let routing = details.routing.as_ref();
        let segments = routing
            .into_iter()
            .flat_map(|r| r.from_segments.iter().chain(r.ret_segments.iter().flatten()));
        let mut itinerary = Vec::new();
        for segment in segments {
            let departure =
                FlightDate::parse(&segment.dep_time).ok_or(RefundRefusal::NothingToRefund)?;
            itinerary.push(RefundSegment::new(
                departure,
                segment.flight_number.clone(),
                segment.dep_airport.clone(),
                segment.arr_airport.clone(),
            ));
        }
        let everyone: Vec<RefundPassenger> = details
            .pax_ticket_infos
            .iter()
            .filter_map(|p| RefundPassenger::from_slashed(p.name.expose()))
            .collect();
        if itinerary.is_empty() || everyone.is_empty() {
            return Err(RefundRefusal::NothingToRefund);
        }
        let chosen: Vec<RefundPassenger> = details
            .pax_ticket_infos
            .iter()
            .filter(|p| select(p.name.expose()))
            .filter_map(|p| RefundPassenger::from_slashed(p.name.expose()))
            .collect();
        if chosen.is_empty() {
            return Err(RefundRefusal::NoSuchPassenger);
        }
        Ok(chosen
            .into_iter()
            .fold(RefundScope::new(reason, itinerary), RefundScope::passenger))
    }
}
