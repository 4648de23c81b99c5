//! The sandbox's refund desk, which its three refund operations share
//! (`refund_quotation.rs`, `refund.rs`, `query_refund.rs`): the offers it
//! quoted and the refunds filed, each moving on the sandbox clock from
//! Atlas processing (0) to airline processing (1) to refunded (2) or
//! rejected (4).
//!
//! Its rules, Atlas's reference's and the sandbox's own: the order must be
//! ticketed; a request names passengers the order has, each over every
//! segment of the booking (whole tickets only); a void (reason 4) goes
//! through only on the day of ticketing in Singapore time; a second
//! submission for tickets already being refunded is rejected as "Duplicate
//! Refund Record", as Atlas rejects one. A refund that ends refunded
//! cancels the order and returns its payment (to the deposit for a deposit
//! payment), once.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;
use serde_json::{Value, json};

use atlas_pay_gen::types as wire;

use super::book::{Book, OrderState, RefundCase};
use super::itinerary::{Leg, PASSENGER, airline_pnr, legs, ticket_number};

/// How long Atlas processes a refund before passing it to the airline.
pub const REFUND_ATLAS_TAKES: Duration = Duration::from_secs(10 * 60);
/// How long the airline takes to refund or reject after that (a void:
/// nothing more, it ends with Atlas's processing).
pub const REFUND_AIRLINE_TAKES: Duration = Duration::from_secs(2 * 60 * 60);

/// Atlas's own words for a refund rejected as a duplicate.
const DUPLICATE: &str = "Duplicate Refund Record";
/// Atlas's own words for a refund the fare rules do not allow.
const NOT_ALLOWED: &str = "Does not match airline policy.";

/// A refund the sandbox filed (read from
/// [`Sandbox::refunds`](super::Sandbox::refunds)); fields may be added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct SandboxRefund {
    /// The refund code.
    pub refund_code: String,
    /// The order.
    pub order_no: String,
    /// The refund's state now (`refundStatus`).
    pub state: i64,
    /// Whether it ends (or ended) with the money back.
    pub pays_back: bool,
}

/// What a request asks to refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ask {
    pub(crate) order_no: String,
    /// `LAST/FIRST`, as the order query names them.
    pub(crate) passengers: Vec<String>,
    pub(crate) legs: Vec<Leg>,
    /// `0`, `1` or `4`.
    pub(crate) reason: String,
}

#[derive(Debug, Clone)]
struct Filed {
    code: String,
    ask: Ask,
    offer_id: String,
    at: u64,
    /// `None`: refunded; otherwise why it is rejected.
    rejected: Option<&'static str>,
}

#[derive(Debug, Default)]
pub(crate) struct Desk {
    next: u64,
    offers: BTreeMap<String, Ask>,
    filed: Vec<Filed>,
}

/// A refusal: an undocumented status (the pay page's nearest: 400 a field,
/// 402 the order's state) and a message saying why.
pub(crate) type Refused = (i64, String);

/// What a request body asks: the order it names (by number, or by airline
/// PNR), its passengers and segments, its reason.
pub(crate) fn ask_of(
    book: &Book,
    order_no: Option<&str>,
    pnr: Option<&str>,
    list: &[wire::RefundPaxSegments],
) -> Result<Ask, Refused> {
    let order_no = match (order_no, pnr) {
        (Some(no), _) if !no.trim().is_empty() => no.to_owned(),
        (_, Some(pnr)) if !pnr.trim().is_empty() => book
            .orders
            .keys()
            .find(|no| airline_pnr(no) == pnr)
            .cloned()
            .ok_or_else(|| (400, format!("airlinePNR: no order with airline PNR {pnr}")))?,
        _ => {
            return Err((
                400,
                "orderNo, or airlinePNR and carrier, are required".to_owned(),
            ));
        }
    };
    let leg = |s: &wire::RefundSegment| Leg {
        date: s.dep_date.clone(),
        flight_no: s.flight_no.clone(),
        from: s.dep_airport.clone(),
        to: s.arr_airport.clone(),
    };
    let first: Vec<Leg> = list
        .first()
        .map(|p| p.segments.iter().map(leg).collect())
        .unwrap_or_default();
    let same = list
        .iter()
        .all(|p| p.segments.iter().map(leg).collect::<Vec<_>>() == first);
    Ok(Ask {
        order_no,
        passengers: list
            .iter()
            .map(|p| format!("{}/{}", p.last_name, p.first_name))
            .collect(),
        legs: if same { first } else { Vec::new() },
        reason: list
            .first()
            .map(|p| p.refund_reason.to_string())
            .unwrap_or_default(),
    })
}

impl Book {
    fn desk(&mut self) -> &mut Desk {
        self.operation_state::<Desk>()
    }

    /// Checks a request against the order and the booking.
    pub(crate) fn check_ask(&self, ask: &Ask) -> Result<(), Refused> {
        let Some(state) = self.state(&ask.order_no) else {
            return Err((400, format!("orderNo: no order {}", ask.order_no)));
        };
        if state != OrderState::Ticketed {
            return Err((
                402,
                format!("the order is {state:?}: only ticketed orders can be refunded"),
            ));
        }
        if ask.passengers.is_empty() {
            return Err((400, "refundRequestList: no passenger".to_owned()));
        }
        if ask
            .passengers
            .iter()
            .any(|name| !name.eq_ignore_ascii_case(PASSENGER))
        {
            return Err((
                400,
                "lastName/firstName: no such passenger in the order".to_owned(),
            ));
        }
        if ask.legs != legs() {
            return Err((
                400,
                "segments: the full ticket needs to be refunded (every segment of the itinerary)"
                    .to_owned(),
            ));
        }
        Ok(())
    }

    /// Whether a void is still possible: the day of ticketing, in Singapore
    /// time, is today.
    fn void_window_open(&self, order_no: &str) -> bool {
        let day = |secs: u64| (self.start_unix() + secs + 8 * 3600) / 86_400;
        self.ticketed_at(order_no)
            .is_some_and(|at| day(at) == day(self.now_secs))
    }

    fn start_unix(&self) -> u64 {
        self.start
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }

    fn case(&self, order_no: &str) -> RefundCase {
        self.orders
            .get(order_no)
            .map_or(RefundCase::Accurate, |r| r.order.refund_case)
    }

    /// Quotes a refund: the answer's facts, and a new offer.
    pub(crate) fn quote(
        &mut self,
        ask: Ask,
        display_currency: Option<&str>,
    ) -> Result<Value, Refused> {
        self.check_ask(&ask)?;
        let case = self.case(&ask.order_no);
        let void_late = ask.reason == "4" && !self.void_window_open(&ask.order_no);
        let refundable = case != RefundCase::Unrefundable && !void_late;
        let desk = self.desk();
        desk.next += 1;
        let offer_id = format!("q_sbx{:06}", desk.next);
        desk.offers.insert(offer_id.clone(), ask.clone());
        let mut answer = self.refund_facts(&ask, &offer_id, refundable, display_currency);
        answer["status"] = json!(0);
        answer["msg"] = if void_late {
            json!("Void is possible only on the day of ticketing")
        } else {
            Value::Null
        };
        Ok(answer)
    }

    /// Files a submission, by offer or by request; answers its facts.
    pub(crate) fn submit(
        &mut self,
        by: Result<String, Ask>,
        display_currency: Option<&str>,
    ) -> Result<Value, Refused> {
        let (ask, offer_id) = match by {
            Ok(offer_id) => {
                let ask = self
                    .desk()
                    .offers
                    .get(&offer_id)
                    .cloned()
                    .ok_or_else(|| (400, format!("refundOfferId: no offer {offer_id}")))?;
                (ask, offer_id)
            }
            Err(ask) => (ask, String::new()),
        };
        self.check_ask(&ask)?;
        let case = self.case(&ask.order_no);
        let void = ask.reason == "4";
        let duplicate = self
            .desk()
            .filed
            .iter()
            .any(|f| f.ask.order_no == ask.order_no && f.rejected.is_none());
        let rejected = if duplicate {
            Some(DUPLICATE)
        } else if case == RefundCase::Unrefundable
            || case == RefundCase::Rejected
            || (void && !self.void_window_open(&ask.order_no))
        {
            Some(NOT_ALLOWED)
        } else {
            None
        };
        let at = self.now_secs;
        let desk = self.desk();
        desk.next += 1;
        let code = format!("SBX-{:06}", desk.next);
        let filed = Filed {
            code: code.clone(),
            ask: ask.clone(),
            offer_id,
            at,
            rejected,
        };
        desk.filed.push(filed.clone());
        if rejected.is_none() {
            let order_no = ask.order_no.clone();
            self.schedule_refund(&order_no, takes(void));
        }
        let mut answer = self.filed_facts(&filed, display_currency);
        answer["status"] = json!(0);
        answer["msg"] = json!("success");
        answer["isRefundable"] = json!(rejected.is_none());
        answer["fastConfirmation"] = Value::Null;
        Ok(answer)
    }

    /// The refund orders a query finds: the one with `code`, if it is of
    /// the order named (when one is).
    pub(crate) fn refund_orders(&mut self, code: &str, order_no: Option<&str>) -> Vec<Value> {
        let found: Vec<Filed> = self
            .desk()
            .filed
            .iter()
            .filter(|f| f.code == code && order_no.is_none_or(|no| no == f.ask.order_no))
            .cloned()
            .collect();
        found
            .iter()
            .map(|filed| {
                let mut order = self.filed_facts(filed, None);
                if let Some(object) = order.as_object_mut() {
                    for key in [
                        "fastConfirmation",
                        "isRefundable",
                        "refundReason",
                        "status",
                        "msg",
                    ] {
                        object.remove(key);
                    }
                }
                order
            })
            .collect()
    }

    /// Queues `order.void` for every void that ended between sandbox seconds
    /// `before` (excluded) and `after`, with its code and final state.
    pub(crate) fn notify_voids(&mut self, before: u64, after: u64, cid: &str) {
        let ended: Vec<Filed> = self
            .desk()
            .filed
            .iter()
            .filter(|f| f.ask.reason == "4")
            .filter(|f| {
                let end = f.at + REFUND_ATLAS_TAKES.as_secs();
                before < end && end <= after
            })
            .cloned()
            .collect();
        for filed in ended {
            let state = state(&filed, after);
            let message = match filed.rejected {
                None => "Void successful and confirmed by the airline.",
                Some(reason) => reason,
            };
            self.notify(json!({
                "cid": cid,
                "type": "order.void",
                "status": -1,
                "data": {
                    "orderNo": filed.ask.order_no,
                    "voidCode": filed.code,
                    "voidStatus": state,
                    "message": message
                }
            }));
        }
    }

    /// Every refund filed, with its state now.
    pub(crate) fn refunds(&mut self) -> Vec<SandboxRefund> {
        let now = self.now_secs;
        self.desk()
            .filed
            .iter()
            .map(|f| SandboxRefund {
                refund_code: f.code.clone(),
                order_no: f.ask.order_no.clone(),
                state: state(f, now),
                pays_back: f.rejected.is_none(),
            })
            .collect()
    }

    fn filed_facts(&self, filed: &Filed, display_currency: Option<&str>) -> Value {
        let mut facts = self.refund_facts(
            &filed.ask,
            &filed.offer_id,
            filed.rejected.is_none(),
            display_currency,
        );
        facts["refundCode"] = json!(filed.code);
        facts["refundStatus"] = json!(state(filed, self.now_secs));
        facts["refundReason"] = json!(filed.ask.reason);
        facts["cancelReason"] = json!(match (filed.rejected, state(filed, self.now_secs)) {
            (Some(reason), 4) => reason,
            _ => "",
        });
        facts
    }

    /// What the three answers share about a refund of `ask`.
    fn refund_facts(
        &self,
        ask: &Ask,
        offer_id: &str,
        refundable: bool,
        display_currency: Option<&str>,
    ) -> Value {
        let (amount, currency) = self
            .orders
            .get(&ask.order_no)
            .map_or((0, "USD".to_owned()), |r| {
                (r.order.amount, r.order.currency.clone())
            });
        let fare = amount as f64 / 100.0;
        let case = self.case(&ask.order_no);
        let back = if refundable { fare } else { 0.0 };
        let day = |after: u64| {
            let secs = self.start_unix() + self.now_secs + after + 8 * 3600;
            let (y, m, d) = crate::calendar::civil_from_days(secs / 86_400);
            format!("{y:04}{m:02}{d:02}")
        };
        let tickets: Vec<Value> = ask
            .passengers
            .iter()
            .map(|name| {
                let (last, first) = name.split_once('/').unwrap_or((name, ""));
                json!({"lastName": last, "firstName": first, "ticketNo": ticket_number(&ask.order_no)})
            })
            .collect();
        json!({
            "orderNo": ask.order_no,
            "displayCurrency": display_currency,
            "fastConfirmation": 0,
            "expectedConfirmationDate": day(86_400),
            "expectedRefundDate": day(30 * 86_400),
            "refundQuoteType": if case == RefundCase::CannotQuote { "CannotQuote" } else { "AccurateQuote" },
            "refundOfferId": offer_id,
            "refundMethod": "CashBackToOriginalPayment",
            "isRefundable": refundable,
            "refundTickets": tickets,
            "refundFareAmount": {
                "currency": currency, "originalFareAmount": fare, "estimatedRefundAmount": back,
                "displayOriginalFareAmount": null, "displayEstimatedRefundAmount": null
            },
            "refundPostTicketingServiceAmounts": [],
            "refundVouchers": null,
            "serviceFee": {"currency": currency, "transactionFee": 3, "displayTransactionFee": null},
            "refundRules": [{
                "airline": "U2", "ruleType": ask.reason, "passengerType": null,
                "penaltyAmount": format!("0.00 {currency}"), "penaltyPercent": 0,
                "penaltyPercentBase": "fare+tax", "airlineFee": format!("0.00 {currency}"),
                "taxRefundable": refundable, "fareRefundable": refundable,
                "refundableAncillaries": null, "startMinute": 525_600, "endMinute": -525_600,
                "refundMethod": "CashBackToOriginalPayment"
            }]
        })
    }
}

/// How long a refund takes to end: Atlas's processing, then the airline's
/// (a void ends with Atlas's).
fn takes(void: bool) -> Duration {
    if void {
        REFUND_ATLAS_TAKES
    } else {
        REFUND_ATLAS_TAKES + REFUND_AIRLINE_TAKES
    }
}

/// A filed refund's state at sandbox second `now`.
fn state(filed: &Filed, now: u64) -> i64 {
    let age = Duration::from_secs(now.saturating_sub(filed.at));
    let void = filed.ask.reason == "4";
    if age < REFUND_ATLAS_TAKES {
        0
    } else if filed.rejected.is_some() {
        4
    } else if age < takes(void) {
        1
    } else {
        2
    }
}
