//! The sandbox's `POST /pay.do`: decoding with the generated types, faults,
//! and the order book's payment rules.

use std::sync::Arc;
use std::time::Duration;

use atlas_pay_gen::types::PayBody;
use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::book::{Answer, Fault};
use super::state::{BODY_LIMIT, Hangup, Shared, credentials_ok};

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

pub(crate) async fn pay(
    State(shared): State<Arc<Shared>>,
    Extension(hangup): Extension<Hangup>,
    headers: HeaderMap,
    body: Body,
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
    let fault = shared.book().take_fault(&request.order_no);
    match fault {
        Some(Fault::Delay { ms }) => tokio::time::sleep(Duration::from_millis(ms)).await,
        Some(Fault::Http500) => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/html")],
                "<html><body><h1>500 Internal Server Error</h1></body></html>",
            )
                .into_response();
        }
        Some(Fault::GarbageBody) => {
            return (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                "<<garbage>> {\"status\":0,",
            )
                .into_response();
        }
        Some(Fault::UnknownStatus { code }) => {
            return json_answer(code, "a status no documentation lists", echo);
        }
        Some(Fault::CloseAfterRead { charge }) => {
            if charge {
                let _ = shared.book().pay(&request);
            }
            hangup.0.notify_one();
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
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|_| (901, "Illegal request data: the body is not JSON".to_owned()))?;
    let Some(object) = value.as_object() else {
        return Err((
            901,
            "Illegal request data: the body is not a JSON object".to_owned(),
        ));
    };
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
