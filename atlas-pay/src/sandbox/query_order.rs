//! The sandbox's `POST /queryOrderDetails.do`: the order book's orders as
//! Atlas's order query shows them, with per-order query faults.
//!
//! An answer is Atlas's own reference example with the order's facts put in:
//! every field the reference documents is present, so a strict client that
//! follows the reference accepts it, and it decodes with the generated types.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use atlas_pay_gen::types::QueryOrderBody;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::book::{Book, OrderState, QueryFault, pnr_for};
use super::itinerary::{PASSENGER, airline_pnr, template, ticket_number};
use crate::method::CreditTransPayment;
use super::state::{Admitted, Request, Served, Shared, admit, json_response, server_error_page};

impl Served for atlas_pay_gen::operations::query_order::QueryOrder {
    const SAMPLES: &'static [&'static str] = &[
        r#"{"orderNo":"SBX-DEMO-003"}"#,
        r#"{"orderNo":"SBX-TICKETED-402"}"#,
        r#"{"orderNo":"NO-SUCH-ORDER"}"#,
    ];

    fn answer(request: Request) -> impl Future<Output = Response> + Send {
        admit::<Self>(request)
    }
}

/// An order as a query shows it.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    pub(crate) order_no: String,
    pub(crate) state: OrderState,
    /// The method of a payment made here.
    pub(crate) paid_by: Option<i64>,
    /// Minor units.
    pub(crate) amount: u64,
    pub(crate) currency: String,
    pub(crate) deadline: SystemTime,
    pub(crate) support_credit_trans_payment: CreditTransPayment,
}

/// What queryOrderDetails.do answers, before the HTTP side renders it.
#[derive(Debug, Clone)]
pub(crate) enum QueryAnswer {
    /// The order, as a query shows it (the query handler renders it).
    Found(Snapshot),
    /// No order matches (800).
    NotFound,
    /// A fault: wait first, then answer normally.
    Delay(u64, Box<QueryAnswer>),
    /// A fault: HTTP 500.
    Http500,
    /// A fault: 705.
    Timeout,
    /// Another status (704: parameters do not match).
    Status(i64, &'static str),
}

fn answer(status: i64, msg: &str) -> Response {
    json_response(&json!({"status": status, "msg": msg}))
}

impl Admitted for atlas_pay_gen::operations::query_order::QueryOrder {
    const WRONG_TYPES: &'static str = "the body is not the documented JSON";

    async fn respond(shared: Arc<Shared>, request: QueryOrderBody) -> Response {
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
        if blank(&request.order_no) && blank(&request.pnr_code) {
            return answer(
                702,
                "airlinePNR and carrier are mandatory to fill in for order retrieval, please check and request again",
            );
        }
        let result = shared
            .book()
            .query(request.order_no.as_deref(), request.pnr_code.as_deref());
        render_answer(result).await
    }
}

async fn render_answer(result: QueryAnswer) -> Response {
    match result {
        QueryAnswer::Found(order) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            render(&order).to_string(),
        )
            .into_response(),
        QueryAnswer::NotFound => answer(800, "Order not exists"),
        QueryAnswer::Delay(ms, then) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            Box::pin(render_answer(*then)).await
        }
        QueryAnswer::Http500 => server_error_page(),
        QueryAnswer::Timeout => answer(705, "Timeout"),
        QueryAnswer::Status(status, msg) => answer(status, msg),
    }
}

/// The order's answer: the reference example with this order's facts.
pub(crate) fn render(order: &Snapshot) -> Value {
    let mut answer = template().clone();
    let (order_status, ticket_status) = match order.state {
        OrderState::Unpaid => ("0", "0"),
        OrderState::PaymentInProgress | OrderState::Ticketing => ("1", "0"),
        OrderState::Ticketed => ("2", "1"),
        OrderState::Cancelled => ("-3", "0"),
    };
    let paid = matches!(
        order.state,
        OrderState::PaymentInProgress | OrderState::Ticketing | OrderState::Ticketed
    );
    let ticketed = order.state == OrderState::Ticketed;
    let method = order.paid_by.unwrap_or(1);
    let price = order.amount as f64 / 100.0;
    let deposit_only = !order.support_credit_trans_payment.accepts_cards();
    let methods = if deposit_only {
        json!([1])
    } else {
        json!([1, 3, 4, 5])
    };
    let airline_pnr = airline_pnr(&order.order_no);
    let ticket_no = ticket_number(&order.order_no);
    let set = |answer: &mut Value, key: &str, value: Value| {
        if let Some(object) = answer.as_object_mut() {
            object.insert(key.to_owned(), value);
        }
    };
    set(&mut answer, "status", json!(0));
    set(&mut answer, "msg", json!("success"));
    set(&mut answer, "orderNo", json!(order.order_no));
    set(&mut answer, "pnrCode", json!(pnr_for(&order.order_no)));
    set(&mut answer, "orderStatus", json!(order_status));
    set(&mut answer, "ticketStatus", json!(ticket_status));
    set(&mut answer, "totalPrice", json!(price));
    set(&mut answer, "currency", json!(order.currency));
    set(&mut answer, "adultTotalFare", json!(price));
    set(&mut answer, "childTotalFare", json!(0));
    set(&mut answer, "infantTotalFare", json!(0));
    set(&mut answer, "tktLimitTime", json!(sgt(order.deadline)));
    set(
        &mut answer,
        "supportPaymentMethod",
        json!(if deposit_only { 1 } else { 3 }),
    );
    set(&mut answer, "supportPaymentMethods", methods.clone());
    set(
        &mut answer,
        "paymentMethod",
        if paid { json!(method) } else { Value::Null },
    );
    set(&mut answer, "paymentAttempted", Value::Null);
    let fare = json!({"amount": price, "currency": order.currency, "deductFrom": if method == 1 { "DEPOSIT" } else { "CARD" }});
    set(
        &mut answer,
        "payment",
        if paid {
            json!({"paymentMethod": method, "serviceFee": null, "ticketFare": fare, "paymentFee": null, "cardType": null})
        } else {
            Value::Null
        },
    );
    set(
        &mut answer,
        "paymentOptions",
        if paid {
            Value::Null
        } else {
            json!([{"paymentMethod": 1, "ticketFare": {"amount": price, "currency": order.currency, "deductFrom": "DEPOSIT"}}])
        },
    );
    if let Some(passenger) = answer.pointer_mut("/paxTicketInfos/0") {
        passenger["name"] = json!(PASSENGER);
        passenger["ticketNos"] = if ticketed {
            json!([ticket_no])
        } else {
            json!([])
        };
        passenger["airlinePNRs"] = if ticketed {
            json!([airline_pnr])
        } else {
            json!([])
        };
    }
    if let Some(booking) = answer.pointer_mut("/airlineBookings/0") {
        booking["airlinePnr"] = if ticketed {
            json!(airline_pnr)
        } else {
            Value::Null
        };
    }
    if let Some(routing) = answer.get_mut("routing") {
        routing["supportCreditTransPayment"] = json!(order.support_credit_trans_payment.as_str());
        routing["supportPaymentMethods"] = methods;
    }
    answer
}

/// `yyyy-MM-dd HH:mm:ss` in Singapore time (GMT+8), as Atlas sends
/// `tktLimitTime`.
fn sgt(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) + 8 * 3600;
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = crate::calendar::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

impl Book {
    /// Applies queryOrderDetails.do: finds the order by number or Atlas PNR
    /// (both must agree: 704), injects its query fault, and renders it.
    pub(crate) fn query(&mut self, order_no: Option<&str>, pnr: Option<&str>) -> QueryAnswer {
        let found = match (order_no, pnr) {
            (Some(order_no), _) => self.orders.get(order_no).map(|r| r.order.order_no.clone()),
            (None, Some(pnr)) => self.orders.keys().find(|no| pnr_for(no) == pnr).cloned(),
            (None, None) => None,
        };
        let Some(order_no) = found else {
            return QueryAnswer::NotFound;
        };
        if let Some(pnr) = pnr
            && pnr_for(&order_no) != pnr
        {
            return QueryAnswer::Status(704, "Parameters don't match, please check and retry");
        }
        let Some(state) = self.state(&order_no) else {
            return QueryAnswer::NotFound;
        };
        let today_start = self.start;
        let Some(record) = self.orders.get_mut(&order_no) else {
            return QueryAnswer::NotFound;
        };
        let fault = record.order.query_fault;
        let faulted = record.query_faults_left > 0;
        if faulted && record.query_faults_left != u32::MAX {
            record.query_faults_left -= 1;
        }
        let snapshot = Snapshot {
            order_no: order_no.clone(),
            state,
            paid_by: record.paid_by,
            amount: record.order.amount,
            currency: record.order.currency.clone(),
            deadline: today_start + Duration::from_secs(record.order.deadline_secs),
            support_credit_trans_payment: record.order.support_credit_trans_payment,
        };
        let found = QueryAnswer::Found(snapshot);
        match fault {
            Some(QueryFault::Delay { ms }) => QueryAnswer::Delay(ms, Box::new(found)),
            Some(QueryFault::Http500 { .. }) if faulted => QueryAnswer::Http500,
            Some(QueryFault::Timeout { .. }) if faulted => QueryAnswer::Timeout,
            _ => found,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_the_reference_example() {
        let template = template();
        assert_eq!(template["orderNo"], "TESTA20250210154142832");
        assert!(template["routing"].is_object());
    }

    #[test]
    fn deadlines_are_written_in_singapore_time() {
        // 2025-02-11T08:31:43Z is 16:31:43 in Singapore.
        let time = UNIX_EPOCH + Duration::from_secs(1_739_262_703);
        assert_eq!(sgt(time), "2025-02-11 16:31:43");
        // Across a year end.
        let time = UNIX_EPOCH + Duration::from_secs(1_767_225_600 - 3600);
        assert_eq!(sgt(time), "2026-01-01 07:00:00");
    }
}
