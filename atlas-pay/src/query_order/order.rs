//! The order as an order query shows it: typed where a caller decides on it,
//! and the whole generated answer beside it for everything else.

use std::fmt;

use crate::price::Price;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use atlas_pay_gen::secret::PersonalData;
use atlas_pay_gen::types::{
    OpenPassengerType, QueryOrderResponse, QueryOrderResponsePaxTicketInfosItem,
    QueryOrderResponsePaymentMethod, WireCode,
};

use crate::calendar;
use crate::method::PaymentMethod;
use crate::error::UnknownReason;

/// A code as Atlas sent it, string or number, as text: `"-3"` and `-3` are
/// the same code.
/// A shape this version does not read is no code: it reads as a value
/// this version does not know (`Other("")`), never as a known state.
fn code_text(code: &WireCode) -> String {
    match code {
        WireCode::String(text) => text.trim().to_owned(),
        WireCode::Int64(number) => number.to_string(),
        _ => String::new(),
    }
}

/// Where an order stands (`orderStatus`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OrderStatus {
    /// `"0"`: waiting for payment.
    Unpaid,
    /// `"1"`: paid; tickets are being issued.
    TicketingInProcess,
    /// `"2"`: paid and ticketed.
    Ticketed,
    /// `"-3"`: cancelled.
    Cancelled,
    /// A value this version does not know, kept as sent.
    Other(String),
}

impl OrderStatus {
    /// The status a wire value names.
    pub fn from_wire(value: &str) -> Self {
        match value.trim() {
            "0" => OrderStatus::Unpaid,
            "1" => OrderStatus::TicketingInProcess,
            "2" => OrderStatus::Ticketed,
            "-3" => OrderStatus::Cancelled,
            other => OrderStatus::Other(other.to_owned()),
        }
    }

    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            OrderStatus::Unpaid => "0",
            OrderStatus::TicketingInProcess => "1",
            OrderStatus::Ticketed => "2",
            OrderStatus::Cancelled => "-3",
            OrderStatus::Other(value) => value,
        }
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrderStatus::Unpaid => f.write_str("unpaid"),
            OrderStatus::TicketingInProcess => f.write_str("ticketing in process"),
            OrderStatus::Ticketed => f.write_str("ticketed"),
            OrderStatus::Cancelled => f.write_str("cancelled"),
            OrderStatus::Other(value) => write!(f, "unknown order status {value:?}"),
        }
    }
}

/// Whether tickets are issued (`ticketStatus`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TicketStatus {
    /// `"0"`: not issued.
    NotIssued,
    /// `"1"`: issued.
    Issued,
    /// A value this version does not know, kept as sent.
    Other(String),
}

impl TicketStatus {
    /// The status a wire value names.
    pub fn from_wire(value: &str) -> Self {
        match value.trim() {
            "0" => TicketStatus::NotIssued,
            "1" => TicketStatus::Issued,
            other => TicketStatus::Other(other.to_owned()),
        }
    }
}

/// A passenger's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PassengerType {
    /// 0.
    Adult,
    /// 1.
    Child,
    /// 2.
    Infant,
    /// A code this version does not know.
    Other(i64),
}

impl PassengerType {
    fn from_wire(code: &OpenPassengerType) -> Self {
        let code = match code {
            OpenPassengerType::PassengerType(known) => **known,
            OpenPassengerType::Int64(code) => *code,
            _ => return PassengerType::Other(i64::MIN),
        };
        match code {
            0 => PassengerType::Adult,
            1 => PassengerType::Child,
            2 => PassengerType::Infant,
            other => PassengerType::Other(other),
        }
    }
}

/// The payment deadline (`tktLimitTime`): Atlas sends Singapore time (GMT+8)
/// as `yyyy-MM-dd HH:mm:ss`; this is the instant it names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PaymentDeadline {
    at: SystemTime,
    text: String,
}

/// Singapore time is GMT+8, without daylight saving.
const SGT_OFFSET_SECS: u64 = 8 * 3600;

impl PaymentDeadline {
    /// Parses Atlas's `yyyy-MM-dd HH:mm:ss` in Singapore time; `None` for any
    /// other shape.
    pub fn parse_sgt(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 19
            || bytes[4] != b'-'
            || bytes[7] != b'-'
            || bytes[10] != b' '
            || bytes[13] != b':'
            || bytes[16] != b':'
        {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u64> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
        if !(1..=12).contains(&month)
            || day == 0
            || day > calendar::days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        let local = calendar::days_from_civil(year, month, day) * 86_400
            + hour * 3600
            + minute * 60
            + second;
        let utc = local.checked_sub(SGT_OFFSET_SECS)?;
        Some(Self {
            at: UNIX_EPOCH + Duration::from_secs(utc),
            text: text.to_owned(),
        })
    }

    /// The instant of the deadline.
    pub fn at(&self) -> SystemTime {
        self.at
    }

    /// The deadline exactly as Atlas sent it (Singapore time).
    pub fn as_sent(&self) -> &str {
        &self.text
    }

    /// Whether `now` is at or past the deadline.
    pub fn has_passed(&self, now: SystemTime) -> bool {
        now >= self.at
    }
}

impl fmt::Display for PaymentDeadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} SGT (GMT+8)", self.text)
    }
}

/// One passenger's ticketing: airline PNRs and ticket numbers, and the
/// personal data Atlas echoes, which never prints. Borrowed from the order's
/// answer ([`Order::passengers`]), so personal data is held once.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Passenger<'a> {
    /// The name, `LAST/FIRST`. Personal data.
    pub name: &'a PersonalData,
    /// Adult, child or infant.
    pub passenger_type: PassengerType,
    /// The airline PNRs, once generated (one per airline booking).
    pub airline_pnrs: Vec<&'a str>,
    /// The ticket numbers, once issued.
    pub ticket_numbers: Vec<&'a str>,
    /// The identity document number. Personal data.
    pub identity_document: Option<&'a PersonalData>,
    /// The birthday. Personal data.
    pub birthday: Option<&'a PersonalData>,
    /// The contact e-mails used for ticketing. Personal data.
    pub emails: Vec<&'a PersonalData>,
    /// The contact phones used for ticketing. Personal data.
    pub phones: Vec<&'a PersonalData>,
}

/// An order as Atlas's order query shows it.
///
/// The fields a caller decides on are typed; everything Atlas sent is in
/// [`details`](Self::details), the generated answer type, from which the
/// typed fields were read, and the passengers are a view of it
/// ([`passengers`](Self::passengers)): personal data is held once, in the
/// answer. `Debug` never prints personal data and leaves the details out.
#[derive(Clone)]
#[non_exhaustive]
pub struct Order {
    /// The Atlas order number.
    pub order_no: String,
    /// The Atlas PNR (`pnrCode`), the single reference for the booking.
    pub pnr_code: Option<String>,
    /// Where the order stands.
    pub status: OrderStatus,
    /// Whether tickets are issued.
    pub ticket_status: TicketStatus,
    /// The method the order was paid with; `None` while unpaid.
    pub payment_method: Option<PaymentMethod>,
    /// The payment deadline, if Atlas sent one in the documented shape.
    pub payment_deadline: Option<PaymentDeadline>,
    /// The order's total price (without the technical service fee) in the
    /// settlement currency.
    pub total_price: Option<Price>,
    /// Whether Atlas has initiated a payment with the airline using the
    /// caller's VCC (VCC passthrough only; `None` is meaningless).
    pub payment_attempted: Option<bool>,
    details: Arc<QueryOrderResponse>,
}

impl fmt::Debug for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Order")
            .field("order_no", &self.order_no)
            .field("pnr_code", &self.pnr_code)
            .field("status", &self.status)
            .field("ticket_status", &self.ticket_status)
            .field("payment_method", &self.payment_method)
            .field("payment_deadline", &self.payment_deadline)
            .field("total_price", &self.total_price)
            .field("payment_attempted", &self.payment_attempted)
            .field("passengers", &self.passengers())
            .finish_non_exhaustive()
    }
}

impl Order {
    /// Whether the order is paid: ticketing or ticketed, or a payment method
    /// is recorded. A paid order must never be paid again.
    pub fn is_paid(&self) -> bool {
        matches!(
            self.status,
            OrderStatus::TicketingInProcess | OrderStatus::Ticketed
        ) || self.payment_method.is_some()
    }

    /// The passengers, as the answer lists them.
    pub fn passengers(&self) -> Vec<Passenger<'_>> {
        self.details.pax_ticket_infos.iter().map(passenger).collect()
    }

    /// Every airline PNR of every passenger, deduplicated, in order.
    pub fn airline_pnrs(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for pnr in self.passengers().into_iter().flat_map(|p| p.airline_pnrs) {
            if !seen.contains(&pnr) {
                seen.push(pnr);
            }
        }
        seen
    }

    /// Everything Atlas sent, as the generated answer type (the typed fields
    /// above were read from it). Its personal data is
    /// [`PersonalData`]: never printed, wiped on drop. Clones of the order
    /// share it.
    pub fn details(&self) -> &QueryOrderResponse {
        &self.details
    }

    /// Reads the order from a successful answer (`status` 0). The documented
    /// answer always names the order and its status; one that does not is
    /// not a reading of any order.
    fn from_answer(answer: QueryOrderResponse) -> Result<Order, UnknownReason> {
        let order_no = answer
            .order_no
            .clone()
            .filter(|no| !no.trim().is_empty())
            .ok_or(UnknownReason::Incomplete("the order number"))?;
        let status = answer
            .order_status
            .as_ref()
            .map(|code| OrderStatus::from_wire(&code_text(code)))
            .ok_or(UnknownReason::Incomplete("the order status"))?;
        let ticket_status = answer
            .ticket_status
            .as_ref()
            .map_or(TicketStatus::Other(String::new()), |code| {
                TicketStatus::from_wire(&code_text(code))
            });
        let payment_method = answer.payment_method.as_ref().map(|method| match method {
            QueryOrderResponsePaymentMethod::PaymentMethod(known) => {
                PaymentMethod::from_code(**known)
            }
            QueryOrderResponsePaymentMethod::Int64(code) => PaymentMethod::from_code(*code),
            // Atlas recorded a method this version cannot read: the order
            // reads as paid (never paid again), the side a guess must err on.
            _ => PaymentMethod::Unknown(i64::MIN),
        });
        let total_price = match (answer.total_price, &answer.currency) {
            (Some(amount), Some(currency)) => Some(Price {
                amount,
                currency: currency.clone(),
            }),
            _ => None,
        };
        Ok(Order {
            order_no,
            pnr_code: answer.pnr_code.clone(),
            status,
            ticket_status,
            payment_method,
            payment_deadline: answer
                .tkt_limit_time
                .as_deref()
                .and_then(PaymentDeadline::parse_sgt),
            total_price,
            payment_attempted: answer.payment_attempted,
            details: Arc::new(answer),
        })
    }
}

/// An order from an order-query answer, as [`Client::query_order`]
/// reads it: how a test builds a fake order. Build the answer from JSON, or
/// with the generated `new` and field assignments; either way a field Atlas
/// adds later breaks nothing.
///
/// [`Client::query_order`]: crate::Client::query_order
///
/// ```
/// use atlas_pay::wire::QueryOrderResponse;
/// use atlas_pay::{Order, OrderStatus};
///
/// let answer: QueryOrderResponse = serde_json::from_value(serde_json::json!({
///     "status": 0, "orderNo": "TEST-1", "orderStatus": "2", "paymentMethod": 1
/// }))?;
/// let order = Order::try_from(answer)?;
/// assert_eq!(order.status, OrderStatus::Ticketed);
/// assert!(order.is_paid());
///
/// let mut answer = QueryOrderResponse::new(0.into());
/// answer.order_no = Some("TEST-2".to_owned());
/// answer.order_status = Some(atlas_pay::wire::WireCode::String("0".to_owned()));
/// assert!(!Order::try_from(answer)?.is_paid());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl TryFrom<QueryOrderResponse> for Order {
    type Error = UnknownReason;

    fn try_from(answer: QueryOrderResponse) -> Result<Order, UnknownReason> {
        Order::from_answer(answer)
    }
}

fn non_blank(values: &[String]) -> Vec<&str> {
    values
        .iter()
        .map(String::as_str)
        .filter(|value| !value.trim().is_empty())
        .collect()
}

fn present(value: &PersonalData) -> Option<&PersonalData> {
    (!value.expose().is_empty()).then_some(value)
}

fn personal_list(list: &Option<Vec<PersonalData>>) -> Vec<&PersonalData> {
    list.iter().flatten().filter_map(present).collect()
}

fn passenger(item: &QueryOrderResponsePaxTicketInfosItem) -> Passenger<'_> {
    Passenger {
        name: &item.name,
        passenger_type: PassengerType::from_wire(&item.passenger_type),
        airline_pnrs: non_blank(&item.airline_pn_rs),
        ticket_numbers: non_blank(&item.ticket_nos),
        identity_document: item.card_num.as_ref().and_then(present),
        birthday: item.birthday.as_ref().and_then(present),
        emails: personal_list(&item.contact_emails),
        phones: personal_list(&item.contact_phones),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::AtlasAnswer;
    use crate::declared::Declared;
    use atlas_pay_gen::operations::query_order::QueryOrder;

    /// Everything the wrapper takes from a query answer: the typed order
    /// with its personal data exposed, the status and the message.
    fn view(answer: &serde_json::Value) -> Option<String> {
        let answer: QueryOrderResponse = serde_json::from_value(answer.clone()).ok()?;
        let head = format!("{} {:?}", answer.status_code(), answer.message());
        let order = Order::from_answer(answer).ok()?;
        let personal: Vec<String> = order
            .passengers()
            .iter()
            .map(|p| {
                let all = [
                    Some(&p.name),
                    p.identity_document.as_ref(),
                    p.birthday.as_ref(),
                ]
                .into_iter()
                .flatten()
                .chain(&p.emails)
                .chain(&p.phones);
                all.map(|d| d.expose().to_owned())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect();
        Some(format!("{head} {order:?} {personal:?}"))
    }

    /// Atlas's reference answer, as the generated type.
    fn reference_answer() -> QueryOrderResponse {
        serde_json::from_str(include_str!("../sandbox/query_answer.json")).unwrap()
    }

    #[test]
    fn the_declared_reads_are_what_the_order_view_reads() {
        // Every field the view may read present and set.
        let mut answer = reference_answer();
        answer.payment_attempted = Some(true);
        let sample = serde_json::to_value(answer).unwrap();
        crate::answer::assert_reads_are_honest(
            QueryOrder::ANSWER_FIELDS,
            <QueryOrder as Declared>::READS,
            &sample,
            view,
        );
    }

    #[test]
    fn order_and_ticket_status_read_the_same_as_strings_or_numbers() {
        // (Their decoding from either JSON form is tested in
        // tests/tests/generated_wire.rs.)
        for (order_status, ticket_status) in [
            (WireCode::String("-3".into()), WireCode::String("0".into())),
            (WireCode::Int64(-3), WireCode::Int64(0)),
        ] {
            let mut answer = reference_answer();
            answer.order_status = Some(order_status);
            answer.ticket_status = Some(ticket_status);
            let order = Order::from_answer(answer).unwrap();
            assert_eq!(order.status, OrderStatus::Cancelled);
            assert_eq!(order.ticket_status, TicketStatus::NotIssued);
        }
        let mut answer = reference_answer();
        answer.pax_ticket_infos[0].passenger_type = OpenPassengerType::Int64(7);
        let order = Order::from_answer(answer).unwrap();
        assert_eq!(order.passengers()[0].passenger_type, PassengerType::Other(7));
    }

    #[test]
    fn the_deadline_is_singapore_time() {
        let deadline = PaymentDeadline::parse_sgt("2025-02-11 16:31:43").unwrap();
        // 2025-02-11T08:31:43Z.
        assert_eq!(
            deadline.at(),
            UNIX_EPOCH + Duration::from_secs(1_739_262_703)
        );
        assert_eq!(deadline.as_sent(), "2025-02-11 16:31:43");
        // Midnight in Singapore is 16:00 the day before in UTC.
        let midnight = PaymentDeadline::parse_sgt("2026-01-01 00:00:00").unwrap();
        assert_eq!(
            midnight.at(),
            UNIX_EPOCH + Duration::from_secs(1_767_225_600 - 8 * 3600)
        );
        assert!(PaymentDeadline::parse_sgt("2024-02-29 12:00:00").is_some());
        for bad in [
            "2025-02-30 10:00:00",
            "2025-13-01 10:00:00",
            "2025-02-11T16:31:43",
            "2025-02-11 24:00:00",
            "2025-2-11 16:31:43",
            "",
            "2025-02-11 16:31:4x",
        ] {
            assert!(PaymentDeadline::parse_sgt(bad).is_none(), "{bad}");
        }
    }

    /// The reference answer, ticketed, without the field at `path` (in every
    /// passenger or airline booking), as JSON.
    fn ticketed_answer_without(path: &str) -> serde_json::Value {
        let mut answer = reference_answer();
        answer.order_status = Some(WireCode::String("2".to_owned()));
        let mut json = serde_json::to_value(&answer).unwrap();
        assert!(
            crate::answer::remove(&mut json, path),
            "{path} is in the reference answer"
        );
        json
    }

    #[test]
    fn an_answer_without_a_field_no_decision_reads_still_reads_as_a_paid_order() {
        for path in [
            "paxTicketInfos[].birthday",
            "paxTicketInfos[].gender",
            "paxTicketInfos[].ticketNos",
            "paxTicketInfos[].airlinePNRs",
            "airlineBookings[].mmbEmail",
        ] {
            let answer: QueryOrderResponse = serde_json::from_value(ticketed_answer_without(path))
                .unwrap_or_else(|e| panic!("without {path}: {e}"));
            let order = Order::from_answer(answer).unwrap();
            assert!(order.is_paid(), "{path}");
            assert_eq!(order.status, OrderStatus::Ticketed, "{path}");
            let passengers = order.passengers();
            match path {
                "paxTicketInfos[].birthday" => assert!(passengers[0].birthday.is_none()),
                "paxTicketInfos[].ticketNos" => assert!(passengers[0].ticket_numbers.is_empty()),
                "paxTicketInfos[].airlinePNRs" => assert!(order.airline_pnrs().is_empty()),
                _ => {}
            }
        }
    }

    #[test]
    fn personal_data_is_held_once_in_the_answer_and_clones_share_it() {
        let order = Order::from_answer(reference_answer()).unwrap();
        let clone = order.clone();
        let item = &order.details().pax_ticket_infos[0];
        for view in [order.passengers(), clone.passengers()] {
            let passenger = &view[0];
            assert!(std::ptr::eq(passenger.name, &item.name));
            assert!(std::ptr::eq(
                passenger.birthday.unwrap(),
                item.birthday.as_ref().unwrap()
            ));
        }
        assert!(std::ptr::eq(order.details(), clone.details()));
    }

    #[test]
    fn unknown_order_and_ticket_states_are_kept() {
        assert_eq!(OrderStatus::from_wire("-3"), OrderStatus::Cancelled);
        assert_eq!(
            OrderStatus::from_wire("7"),
            OrderStatus::Other("7".to_owned())
        );
        assert_eq!(OrderStatus::from_wire("7").as_str(), "7");
        assert_eq!(TicketStatus::from_wire("1"), TicketStatus::Issued);
    }
}
