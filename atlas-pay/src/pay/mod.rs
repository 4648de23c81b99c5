//! `POST /pay.do`: the payment request, its answer, its errors and its
//! status codes. [`Client::pay`](crate::Client::pay) is the entry point.

pub(crate) mod error;
pub(crate) mod request;
pub(crate) mod status;

use atlas_pay_gen::types::{PayResponse, PayResponsePaymentMethod, PayResponseStatus};
use reqwest::Url;

use self::error::{PayError, RequestError, VendorMessage};
use self::request::{Payment, PaymentRequest, Sent};
use self::status::Status;
use crate::method::PaymentMethod;
use crate::transport::{self, Failure, UnknownReason};

/// The method `pay` sends with: the one `sends::PAY` declares (a unit test
/// keeps them equal), which the compiler checks against the generated operation.
pub(crate) const METHOD: reqwest::Method = reqwest::Method::POST;

/// One `POST /pay.do`: the generated request and response types, sent with
/// the method, path and headers the generated operation would use (the
/// `operations` constants, checked at compile time by `sends::PAY`, and the
/// credential headers), without the generated builder's conversions,
/// which cost more than everything else this client adds to a round trip.
pub(crate) async fn send(
    http: &transport::Http,
    url: &Url,
    request: PaymentRequest,
) -> Result<Payment, PayError> {
    let (sent, body) = request.into_wire()?;
    let answer = transport::post_json(
        http,
        METHOD,
        url,
        &body,
        atlas_pay_gen::operations::pay::SUCCESS_STATUSES,
    )
    .await
    .map_err(from_failure)?;
    let decoded = serde_json::from_slice::<PayResponse>(&answer.body);
    if !answer.success {
        // A non-200 answer: an Atlas status if its body carries one,
        // otherwise the outcome is unknown.
        return Err(match decoded {
            Ok(decoded) if status_code(&decoded.status) != 0 => match interpret(&sent, decoded) {
                Err(error) => error,
                Ok(_) => unknown(UnknownReason::Http(answer.http_status)),
            },
            _ => unknown(UnknownReason::Http(answer.http_status)),
        });
    }
    match decoded {
        Ok(decoded) => interpret(&sent, decoded),
        Err(_) => Err(unknown(UnknownReason::UndecodableBody)),
    }
}

fn unknown(reason: UnknownReason) -> PayError {
    PayError::OutcomeUnknown {
        reason,
        source: None,
    }
}

fn from_failure(failure: Failure) -> PayError {
    match failure {
        Failure::Invalid(source) => PayError::Rejected(RequestError::Schema(source.to_string())),
        Failure::NotDelivered(source) => PayError::NotDelivered { source },
        Failure::Unknown { reason, source } => PayError::OutcomeUnknown { reason, source },
    }
}

fn status_code(status: &PayResponseStatus) -> i64 {
    match status {
        PayResponseStatus::PaymentResponseStatus(code) => **code,
        PayResponseStatus::AccessStatus(code) => **code,
        PayResponseStatus::Int64(code) => *code,
    }
}

fn interpret(sent: &Sent, response: PayResponse) -> Result<Payment, PayError> {
    let code = status_code(&response.status);
    let message = response.msg.map(|m| VendorMessage::from(m.0));
    if code != 0 {
        return Err(PayError::Status {
            status: Status::from_code(code),
            message,
        });
    }
    let order_no = match response.order_no {
        Some(echoed) if echoed == sent.order_no => echoed,
        echoed => return Err(unknown(UnknownReason::EchoMismatch { echoed })),
    };
    let method = match response.payment_method {
        Some(PayResponsePaymentMethod::PaymentMethod(m)) => PaymentMethod::from_code(*m),
        Some(PayResponsePaymentMethod::Int64(code)) => PaymentMethod::from_code(code),
        None => sent.method,
    };
    Ok(Payment {
        order_no,
        method,
        pnr_code: response.pnr_code,
        airlines: response.airlines.unwrap_or_default(),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pay_sends_what_its_declaration_says() {
        // The declaration is checked against the generated operation at
        // compile time; these tie it to what `send` actually does.
        assert_eq!(METHOD.as_str(), crate::sends::PAY.method);
        // `RequestBuilder::json` sets exactly this content type.
        assert_eq!(
            crate::sends::PAY.request_content_types,
            ["application/json"]
        );
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            ".{0,12}".prop_map(serde_json::Value::from),
            prop::sample::select(vec!["status", "orderNo", "paymentMethod", "msg", "pnrCode"])
                .prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            let keys = prop::sample::select(vec![
                "status",
                "orderNo",
                "paymentMethod",
                "msg",
                "pnrCode",
                "airlines",
                "other",
            ]);
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
                prop::collection::btree_map(keys, inner, 0..7).prop_map(|map| {
                    serde_json::Value::Object(
                        map.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
                    )
                }),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn decoding_never_panics_on_arbitrary_json(value in json_value()) {
            let bytes = serde_json::to_vec(&value).unwrap();
            if let Ok(response) = serde_json::from_slice::<PayResponse>(&bytes) {
                let sent = Sent { order_no: "ORDER-1".into(), method: PaymentMethod::Balance };
                let _ = interpret(&sent, response);
            }
        }
    }
}
