//! The sandbox's `POST /pay.do`: decoding with the generated types, faults,
//! and the payment rules applied to the order book.

use std::future::Future;
use std::time::Duration;

use atlas_pay_gen::types::PayBody;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::book::{
    Book, Charge, DECLINED_HOLDER, Defect, Fault, SandboxOrder, OrderState, THREE_DS_HOLDER,
    pnr_for,
};
use super::cards::{Network, expired as card_expired, luhn_valid, network as card_network};
use super::state::{
    BODY_LIMIT, Request, Served, credentials_ok, garbage_body, server_error_page,
};

impl Served for atlas_pay_gen::operations::pay::Pay {
    const SAMPLES: &'static [&'static str] = &[
        r#"{"orderNo":"SBX-DEMO-001","paymentMethod":1}"#,
        r#"{"orderNo":"SBX-DEMO-001","paymentMethod":1}"#,
        r#"{"orderNo":"SBX-TICKETED-402","paymentMethod":1}"#,
    ];

    fn answer(request: Request) -> impl Future<Output = Response> + Send {
        pay(request)
    }
}

/// What pay.do answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// A JSON answer with this status and message.
    Status { status: i64, msg: String },
    /// Success.
    Paid {
        order_no: String,
        method: i64,
        pnr: String,
    },
}

impl Answer {
    pub(crate) fn status(status: i64, msg: impl Into<String>) -> Self {
        Answer::Status {
            status,
            msg: msg.into(),
        }
    }
}

/// The merchant-of-record cards already paid with: a repeat use sends a
/// `null` CVV, a first use a CVV.
#[derive(Debug, Default)]
struct UsedMorCards(std::collections::HashSet<String>);

pub(crate) fn json_answer(status: i64, msg: &str, echo: Option<(&str, i64)>) -> Response {
    let mut body = json!({"status": status, "msg": msg});
    if let Some((order_no, method)) = echo {
        body["orderNo"] = json!(order_no);
        body["paymentMethod"] = json!(method);
    }
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn pay(
    Request {
        shared,
        hangup,
        headers,
        body,
    }: Request,
) -> Response {
    if !credentials_ok(&shared, &headers) {
        return json_answer(
            900,
            "Unauthorized: wrong credentials or inactive account",
            None,
        );
    }
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return json_answer(
            901,
            "Illegal request data: body too large or unreadable",
            None,
        );
    };
    let request = match decode(&bytes) {
        Ok(request) => request,
        Err((status, msg)) => return json_answer(status, &msg, None),
    };
    let echo = Some((request.order_no.as_str(), *request.payment_method));
    shared.book().count_pay_request(&request.order_no);
    let fault = shared.book().take_fault(&request.order_no);
    match fault {
        Some(Fault::Delay { ms }) => tokio::time::sleep(Duration::from_millis(ms)).await,
        Some(Fault::Http500) => {
            return server_error_page();
        }
        Some(Fault::GarbageBody) => {
            return garbage_body();
        }
        Some(Fault::UnknownStatus { code }) => {
            return json_answer(code, "a status no documentation lists", echo);
        }
        Some(fault @ (Fault::CloseAfterRead { charge } | Fault::Stall { charge })) => {
            if charge {
                let _ = shared.book().pay(&request);
            }
            // A cut closes the connection; a stall keeps it open, silent.
            if matches!(fault, Fault::CloseAfterRead { .. }) {
                hangup.0.notify_one();
            }
            return std::future::pending().await;
        }
        _ => {}
    }
    let answer = shared.book().pay(&request);
    match answer {
        Answer::Paid {
            order_no,
            method,
            pnr,
        } => {
            let body = json!({"orderNo": order_no, "pnrCode": pnr, "paymentMethod": method, "airlines": ["5J"], "status": 0, "msg": "success"});
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response()
        }
        Answer::Status { status, msg } => json_answer(status, &msg, echo),
    }
}

/// Decodes a request body with the generated types. Not JSON or wrong JSON
/// types → 901; a missing or malformed field → 400 naming it.
fn decode(bytes: &[u8]) -> Result<PayBody, (i64, String)> {
    let mut value: Value = serde_json::from_slice(bytes)
        .map_err(|_| (901, "Illegal request data: the body is not JSON".to_owned()))?;
    let Some(object) = value.as_object_mut() else {
        return Err((
            901,
            "Illegal request data: the body is not a JSON object".to_owned(),
        ));
    };
    // Atlas takes a payment without a method as a deposit payment (its own
    // integration test material pays with only `orderNo`).
    if object.get("paymentMethod").is_none_or(Value::is_null) {
        object.insert("paymentMethod".to_owned(), json!(1));
    }
    let object = &*object;
    for field in ["orderNo", "paymentMethod"] {
        if object.get(field).is_none_or(Value::is_null) {
            return Err((400, format!("{field}: required")));
        }
    }
    if !object["orderNo"].is_string() || !object["paymentMethod"].is_i64() {
        return Err((
            901,
            "Illegal request data: orderNo must be a string and paymentMethod an integer"
                .to_owned(),
        ));
    }
    if let Some(card) = object.get("creditCard").filter(|c| !c.is_null()) {
        check_card_fields(card)?;
    }
    serde_json::from_value::<PayBody>(value).map_err(|e| {
        let text = e.to_string();
        if text.starts_with("invalid type") {
            (901, format!("Illegal request data: {text}"))
        } else {
            (400, format!("Illegal request param: {text}"))
        }
    })
}

/// Names the card field at fault, which serde's own errors do not.
fn check_card_fields(card: &Value) -> Result<(), (i64, String)> {
    let Some(card) = card.as_object() else {
        return Err((
            901,
            "Illegal request data: creditCard must be an object".to_owned(),
        ));
    };
    let required = [
        "cardNumber",
        "cardExpireMonth",
        "cardExpireYear",
        "cardHolderFirstName",
        "cardHolderLastName",
    ];
    for field in required {
        match card.get(field) {
            None | Some(Value::Null) => return Err((400, format!("creditCard.{field}: required"))),
            Some(Value::String(_)) => {}
            Some(_) => {
                return Err((
                    901,
                    format!("Illegal request data: creditCard.{field} must be a string"),
                ));
            }
        }
    }
    if !card.contains_key("cardCVV") {
        return Err((
            400,
            "creditCard.cardCVV: required (null for a reused MoR card)".to_owned(),
        ));
    }
    let text = |field: &str| card.get(field).and_then(Value::as_str);
    let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !text("cardExpireMonth")
        .is_some_and(|m| two_digits(m) && matches!(m.parse::<u8>(), Ok(1..=12)))
    {
        return Err((
            400,
            "creditCard.cardExpireMonth: two digits, 01-12".to_owned(),
        ));
    }
    if !text("cardExpireYear").is_some_and(two_digits) {
        return Err((400, "creditCard.cardExpireYear: two digits".to_owned()));
    }
    for field in ["cardHolderCountry", "cardHolderProvince"] {
        if let Some(value) = card.get(field).filter(|v| !v.is_null()) {
            let ok = value
                .as_str()
                .is_some_and(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()));
            if !ok {
                return Err((400, format!("creditCard.{field}: two upper-case letters")));
            }
        }
    }
    Ok(())
}

impl Book {
    /// Applies pay.do to a decoded, well-formed request. Runs under the
    /// book's lock, so two payments of one order can never both charge.
    pub(crate) fn pay(&mut self, body: &PayBody) -> Answer {
        let order_no = body.order_no.as_str();
        let method = *body.payment_method;
        let Some(state) = self.state(order_no) else {
            return Answer::status(400, format!("orderNo: no order {order_no}"));
        };
        let paid_here = self
            .orders
            .get(order_no)
            .is_some_and(|r| r.paid_at.is_some());
        match state {
            OrderState::PaymentInProgress => {
                return Answer::status(406, "Payment operation is in progress");
            }
            OrderState::Ticketing | OrderState::Ticketed if paid_here => {
                return Answer::status(404, "The order is already paid");
            }
            OrderState::Ticketing | OrderState::Ticketed | OrderState::Cancelled => {
                return Answer::status(402, "Order status does not support payment");
            }
            OrderState::Unpaid => {}
        }
        let Some(record) = self.orders.get(order_no) else {
            return Answer::status(400, format!("orderNo: no order {order_no}"));
        };
        let order = record.order.clone();
        if self.now_secs >= order.deadline_secs {
            return Answer::status(401, "Later than the payment deadline");
        }
        if order.awaiting_confirmation {
            return Answer::status(415, "order is not confirmed by user");
        }
        if let Some(defect) = order.defect {
            return match defect {
                Defect::PassengerDataMissing => Answer::status(
                    407,
                    "Some mandatory element for the passenger has not been submitted",
                ),
                Defect::PassengerCannotBoardAlone => {
                    Answer::status(408, "Passenger can not board alone")
                }
                Defect::BaggageMismatch => {
                    Answer::status(409, "Additional baggage does not match the flight segment")
                }
                Defect::ContactInvalid => {
                    Answer::status(410, "The contact information is not in the correct format")
                }
            };
        }
        if order.no_payment_methods {
            return Answer::status(412, "No available payment methods");
        }
        if !order.support_credit_trans_payment.accepts_cards() && method != 1 {
            return Answer::status(
                403,
                "Unsupported payment method: this order accepts deposit only",
            );
        }
        let card = match self.check_card(body, &order) {
            Ok(card) => card,
            Err(answer) => return answer,
        };
        // Money.
        match method {
            1 => {
                let left = self.deposits.get(&order.currency).copied().unwrap_or(0);
                if order.amount > left {
                    return Answer::status(
                        411,
                        "Payment gateway error: insufficient deposit balance",
                    );
                }
                self.deposits
                    .insert(order.currency.clone(), left - order.amount);
            }
            3 | 5 => {
                // Atlas's sandbox simulates these by the holder's first name,
                // whatever the card number.
                let first_name = body
                    .credit_card
                    .as_ref()
                    .map(|c| c.card_holder_first_name.trim());
                if first_name.is_some_and(|n| n.eq_ignore_ascii_case(DECLINED_HOLDER)) {
                    return Answer::status(604, "The airline declined the card");
                }
                if first_name.is_some_and(|n| n.eq_ignore_ascii_case(THREE_DS_HOLDER)) {
                    return Answer::status(616, "The card requires 3-D Secure authentication");
                }
            }
            _ => {}
        }
        if let (5, Some(card)) = (method, &card) {
            self.operation_state::<UsedMorCards>()
                .0
                .insert(card.clone());
        }
        self.ledger.push(Charge {
            order_no: order_no.to_owned(),
            method: crate::method::PaymentMethod::from_code(method),
            amount: order.amount,
            card: card.as_deref().map(atlas_pay_gen::secret::mask_card_number),
            at_secs: self.now_secs,
            refunded_at_secs: None,
        });
        if let Some(record) = self.orders.get_mut(order_no) {
            record.paid_at = Some(self.now_secs);
            record.paid_by = Some(method);
        }
        Answer::Paid {
            order_no: order_no.to_owned(),
            method,
            pnr: pnr_for(order_no),
        }
    }

    /// The card rules, judged by the sandbox's own card rules (`cards`)
    /// module: present for methods 3 and 5, Luhn, expiry on the sandbox
    /// clock, holder names, CVV by method and network, 3-D Secure data for
    /// MoR, network against MoR support and the order's `cardType`. Returns
    /// the card's digits when a card was judged.
    fn check_card(&self, body: &PayBody, order: &SandboxOrder) -> Result<Option<String>, Answer> {
        let method = *body.payment_method;
        let Some(card) = body.credit_card.as_ref() else {
            return if method == 3 || method == 5 {
                Err(Answer::status(
                    400,
                    format!("creditCard: required for paymentMethod {method}"),
                ))
            } else {
                Ok(None)
            };
        };
        if method != 3 && method != 5 {
            return Ok(None);
        }
        let number = card.card_number.expose();
        if !luhn_valid(number) {
            return Err(Answer::status(
                400,
                "creditCard.cardNumber: not a valid card number (length or Luhn check)",
            ));
        }
        let network = card_network(number);
        let today = self.today();
        match card_expired(
            &card.card_expire_month,
            &card.card_expire_year,
            today.year(),
            today.month(),
        ) {
            None => {
                return Err(Answer::status(
                    400,
                    "creditCard.cardExpireMonth/cardExpireYear: not a two-digit month and year",
                ));
            }
            Some(true) => {
                return Err(Answer::status(
                    400,
                    "creditCard.cardExpireMonth/cardExpireYear: the card has expired",
                ));
            }
            Some(false) => {}
        }
        if card.card_holder_first_name.trim().is_empty() {
            return Err(Answer::status(400, "creditCard.cardHolderFirstName: empty"));
        }
        if card.card_holder_last_name.trim().is_empty() {
            return Err(Answer::status(400, "creditCard.cardHolderLastName: empty"));
        }
        let first_use = !self
            .operation_state_if_any::<UsedMorCards>()
            .is_some_and(|used| used.0.contains(number));
        match card.card_cvv.as_ref().map(|cvv| cvv.expose()) {
            None if method == 3 => {
                return Err(Answer::status(
                    400,
                    "creditCard.cardCVV: required for VCC passthrough",
                ));
            }
            None if first_use => {
                return Err(Answer::status(
                    400,
                    "creditCard.cardCVV: required the first time a card is used for MoR",
                ));
            }
            None => {}
            Some(cvv)
                if cvv.len() != network.cvv_digits()
                    || !cvv.bytes().all(|b| b.is_ascii_digit()) =>
            {
                return Err(Answer::status(
                    400,
                    format!(
                        "creditCard.cardCVV: a {} card has a {}-digit CVV",
                        network.card_type(),
                        network.cvv_digits()
                    ),
                ));
            }
            Some(_) => {}
        }
        if method == 5 {
            let ip = card.three_ds.as_ref().map(|t| t.ip.as_deref());
            match ip {
                None => return Err(Answer::status(400, "creditCard.threeDS: required for MoR")),
                Some(Some(ip)) if ip.parse::<std::net::IpAddr>().is_err() => {
                    return Err(Answer::status(
                        400,
                        "creditCard.threeDS.ip: not an IP address",
                    ));
                }
                Some(_) => {}
            }
            if !matches!(network, Network::Visa | Network::Mastercard) {
                return Err(Answer::status(
                    413,
                    format!("Card is not supported: {} for MoR", network.card_type()),
                ));
            }
        }
        if let Some(card_type) = order.card_type.as_deref()
            && !card_type.eq_ignore_ascii_case(network.card_type())
        {
            return Err(Answer::status(
                414,
                format!("Card mismatch: the order was created for {card_type}"),
            ));
        }
        Ok(Some(number.to_owned()))
    }
}

/// How many payment requests each order received, readable whatever came of
/// them (a test's "sent at most once").
#[derive(Default)]
struct PayRequests(std::collections::HashMap<String, u32>);

impl Book {
    fn count_pay_request(&mut self, order_no: &str) {
        *self
            .operation_state::<PayRequests>()
            .0
            .entry(order_no.to_owned())
            .or_default() += 1;
    }

    /// How many payment requests for `order_no` the sandbox received.
    pub(crate) fn pay_requests(&self, order_no: &str) -> u32 {
        self.operation_state_if_any::<PayRequests>()
            .and_then(|counts| counts.0.get(order_no).copied())
            .unwrap_or(0)
    }
}
