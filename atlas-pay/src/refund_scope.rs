//! Which tickets a refund request is about. Atlas refunds whole tickets
//! only (not the outbound or the inbound alone), for some or all of an
//! order's passengers: a [`RefundScope`] is an itinerary (every segment of
//! the tickets) and the passengers whose tickets are refunded, each over the
//! whole itinerary, so a partial ticket cannot be asked for.

use atlas_pay_gen::secret::PersonalData;
use atlas_pay_gen::types as wire;

use crate::error::UnknownReason;
use crate::flight_date::FlightDate;
use crate::refund_code::RefundRefusal;
use crate::refund_terms::RefundReason;

/// One flight segment of the tickets to refund.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RefundSegment {
    /// The departure day.
    pub departure: FlightDate,
    /// The flight number (`U22437`).
    pub flight_no: String,
    /// The departure airport's IATA code.
    pub from: String,
    /// The arrival airport's IATA code.
    pub to: String,
}

impl RefundSegment {
    /// A segment: departure day, flight number, from and to (IATA codes).
    pub fn new(
        departure: FlightDate,
        flight_no: impl Into<String>,
        from: impl Into<String>,
        to: impl Into<String>,
    ) -> Self {
        Self {
            departure,
            flight_no: flight_no.into(),
            from: from.into(),
            to: to.into(),
        }
    }

    fn to_wire(&self) -> wire::RefundSegment {
        wire::RefundSegment::new(
            self.to.clone(),
            self.from.clone(),
            self.departure.to_string(),
            self.flight_no.clone(),
        )
    }
}

/// A passenger whose tickets are refunded. The names are personal data:
/// never printed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RefundPassenger {
    /// The last name, as on the ticket.
    pub last_name: PersonalData,
    /// The first name, as on the ticket.
    pub first_name: PersonalData,
}

impl RefundPassenger {
    /// A passenger by last and first name, as on the ticket.
    pub fn new(last_name: impl Into<String>, first_name: impl Into<String>) -> Self {
        Self {
            last_name: PersonalData::new(last_name.into()),
            first_name: PersonalData::new(first_name.into()),
        }
    }

    /// A passenger from Atlas's `LAST/FIRST` form (the order query's
    /// names); `None` without the slash.
    pub fn from_slashed(name: &str) -> Option<Self> {
        let (last, first) = name.split_once('/')?;
        (!last.trim().is_empty() && !first.trim().is_empty())
            .then(|| Self::new(last.trim(), first.trim()))
    }

    fn same_as(&self, other: &RefundPassenger) -> bool {
        self.last_name
            .expose()
            .eq_ignore_ascii_case(other.last_name.expose())
            && self
                .first_name
                .expose()
                .eq_ignore_ascii_case(other.first_name.expose())
    }
}

/// The tickets a quotation or a submission is about: the reason, the whole
/// itinerary, and the passengers whose tickets are refunded over all of it.
///
/// Build it from an order read by the order query
/// ([`Order::refund_scope`](crate::Order::refund_scope)), which takes the
/// names and segments as Atlas has them, or by hand.
#[derive(Debug, Clone)]
#[must_use]
pub struct RefundScope {
    reason: RefundReason,
    itinerary: Vec<RefundSegment>,
    passengers: Vec<RefundPassenger>,
    ticketed_on: Option<FlightDate>,
}

impl RefundScope {
    /// A refund for `reason` of tickets over these segments (every segment
    /// of the tickets: Atlas refunds whole tickets only).
    pub fn new(reason: RefundReason, itinerary: impl IntoIterator<Item = RefundSegment>) -> Self {
        Self {
            reason,
            itinerary: itinerary.into_iter().collect(),
            passengers: Vec::new(),
            ticketed_on: None,
        }
    }

    /// Adds a passenger whose tickets are refunded.
    pub fn passenger(mut self, passenger: RefundPassenger) -> Self {
        self.passengers.push(passenger);
        self
    }

    /// The day the tickets were issued (Singapore time). With a
    /// [`RefundReason::Void`], the client refuses to send the request on
    /// any later day: a void is possible only on the day of ticketing.
    pub fn ticketed_on(mut self, day: FlightDate) -> Self {
        self.ticketed_on = Some(day);
        self
    }

    /// The reason.
    pub fn reason(&self) -> &RefundReason {
        &self.reason
    }

    /// The segments.
    pub fn itinerary(&self) -> &[RefundSegment] {
        &self.itinerary
    }

    /// The passengers.
    pub fn passengers(&self) -> &[RefundPassenger] {
        &self.passengers
    }

    /// The wire's passenger list, once the scope passes the reference's
    /// rules on `today` (Singapore time).
    pub(crate) fn to_wire(
        &self,
        today: FlightDate,
    ) -> Result<Vec<wire::RefundPaxSegments>, RefundRefusal> {
        let reason = self
            .reason
            .to_wire()
            .ok_or_else(|| RefundRefusal::UnsupportedReason(self.reason.code().to_owned()))?;
        if self.itinerary.is_empty() || self.passengers.is_empty() {
            return Err(RefundRefusal::NothingToRefund);
        }
        for (index, passenger) in self.passengers.iter().enumerate() {
            if self.passengers[..index]
                .iter()
                .any(|p| p.same_as(passenger))
            {
                return Err(RefundRefusal::PassengerTwice);
            }
        }
        if let (RefundReason::Void, Some(ticketed_on)) = (&self.reason, self.ticketed_on)
            && today != ticketed_on
        {
            return Err(RefundRefusal::VoidWindowClosed { ticketed_on, today });
        }
        let segments: Vec<wire::RefundSegment> =
            self.itinerary.iter().map(RefundSegment::to_wire).collect();
        Ok(self
            .passengers
            .iter()
            .map(|p| {
                wire::RefundPaxSegments::new(
                    p.first_name.expose().to_owned(),
                    p.last_name.expose().to_owned(),
                    reason,
                    segments.clone(),
                )
            })
            .collect())
    }
}

/// Which order a refund request is about: its Atlas order number, or its
/// airline PNR and carrier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OrderRef {
    OrderNo(String),
    AirlinePnr { pnr: String, carrier: String },
}

/// The order's fields of a refund body: `orderNo`, or `airlinePNR` and
/// `carrier`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct WireOrder {
    pub(crate) order_no: Option<String>,
    pub(crate) airline_pnr: Option<String>,
    pub(crate) carrier: Option<String>,
}

impl OrderRef {
    /// The order's fields as the refund bodies take them.
    pub(crate) fn wire(&self) -> Result<WireOrder, RefundRefusal> {
        match self {
            OrderRef::OrderNo(no) if !no.trim().is_empty() => Ok(WireOrder {
                order_no: Some(no.clone()),
                ..WireOrder::default()
            }),
            OrderRef::AirlinePnr { pnr, carrier }
                if !pnr.trim().is_empty() && !carrier.trim().is_empty() =>
            {
                Ok(WireOrder {
                    order_no: None,
                    airline_pnr: Some(pnr.clone()),
                    carrier: Some(carrier.clone()),
                })
            }
            _ => Err(RefundRefusal::NoOrder),
        }
    }

    /// Success about another order than the one asked by number is not an
    /// answer to the request: its outcome is unknown.
    pub(crate) fn check_echo(&self, echoed: Option<&str>) -> Result<(), UnknownReason> {
        match self {
            OrderRef::OrderNo(asked) if echoed != Some(asked.as_str()) => {
                Err(UnknownReason::EchoMismatch {
                    field: "orderNo",
                    echoed: echoed.map(str::to_owned),
                })
            }
            _ => Ok(()),
        }
    }

    /// What logs and spans name the request by.
    pub(crate) fn label(&self) -> &str {
        match self {
            OrderRef::OrderNo(no) => no,
            OrderRef::AirlinePnr { pnr, .. } => pnr,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> FlightDate {
        FlightDate::parse(text).unwrap()
    }

    fn scope(reason: RefundReason) -> RefundScope {
        RefundScope::new(
            reason,
            [RefundSegment::new(day("20250513"), "U22437", "LTN", "CDG")],
        )
        .passenger(RefundPassenger::new("ZHAO", "YIER"))
    }

    #[test]
    fn every_passenger_gets_the_whole_itinerary() {
        let two_legs = RefundScope::new(
            RefundReason::Voluntary,
            [
                RefundSegment::new(day("20250513"), "U22437", "LTN", "CDG"),
                RefundSegment::new(day("20250520"), "U22438", "CDG", "LTN"),
            ],
        )
        .passenger(RefundPassenger::new("ZHAO", "YIER"))
        .passenger(RefundPassenger::new("QIAN", "ERER"));
        let wire = two_legs.to_wire(day("20250512")).unwrap();
        assert_eq!(wire.len(), 2);
        assert!(wire.iter().all(|p| p.segments.len() == 2));
        assert_eq!(wire[0].segments[1].dep_date, "20250520");
    }

    #[test]
    fn the_reference_rules_refuse_before_sending() {
        let today = day("20250512");
        let empty = RefundScope::new(RefundReason::Voluntary, []);
        assert_eq!(
            empty.to_wire(today).unwrap_err(),
            RefundRefusal::NothingToRefund
        );
        let twice = scope(RefundReason::Voluntary).passenger(RefundPassenger::new("zhao", "yier"));
        assert_eq!(
            twice.to_wire(today).unwrap_err(),
            RefundRefusal::PassengerTwice
        );
        let medical = scope(RefundReason::Other("9".into()));
        assert_eq!(
            medical.to_wire(today).unwrap_err(),
            RefundRefusal::UnsupportedReason("9".into())
        );
        let void = scope(RefundReason::Void).ticketed_on(day("20250511"));
        assert!(matches!(
            void.to_wire(today),
            Err(RefundRefusal::VoidWindowClosed { .. })
        ));
        assert!(
            scope(RefundReason::Void)
                .ticketed_on(today)
                .to_wire(today)
                .is_ok()
        );
        // Without the day of ticketing the client cannot judge: Atlas does.
        assert!(scope(RefundReason::Void).to_wire(today).is_ok());
    }

    #[test]
    fn names_never_print() {
        let printed = format!("{:?}", scope(RefundReason::Voluntary));
        assert!(
            !printed.contains("ZHAO") && !printed.contains("YIER"),
            "{printed}"
        );
    }

    #[test]
    fn an_order_is_named_by_number_or_by_pnr_and_carrier() {
        assert!(OrderRef::OrderNo(" ".into()).wire().is_err());
        assert!(
            OrderRef::AirlinePnr {
                pnr: "ABC123".into(),
                carrier: String::new()
            }
            .wire()
            .is_err()
        );
        assert_eq!(
            OrderRef::OrderNo("TESTA1".into())
                .wire()
                .unwrap()
                .order_no
                .as_deref(),
            Some("TESTA1")
        );
        assert!(
            OrderRef::OrderNo("TESTA1".into())
                .check_echo(Some("TESTA2"))
                .is_err()
        );
        assert!(
            OrderRef::AirlinePnr {
                pnr: "P".into(),
                carrier: "U2".into()
            }
            .check_echo(Some("TESTA2"))
            .is_ok()
        );
    }
}
