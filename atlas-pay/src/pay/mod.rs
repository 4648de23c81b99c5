//! `POST /pay.do`: the payment request, its answer, its errors and its
//! status codes. [`Client::pay`](crate::Client::pay) is the entry point.

mod card;
mod declared;
mod error;
mod request;
mod status;

use atlas_pay_gen::operations::pay::Pay;
use atlas_pay_gen::types::{PayResponse, PayResponsePaymentMethod, PayResponseStatus};

pub use self::error::{PayError, PayRefusal};
pub use self::request::{MorCard, OrderFacts, Payment, PaymentRequest, ThreeDs};
pub use self::status::PayStatus;

use self::request::Sent;
use crate::answer::{AtlasAnswer, UNREADABLE_STATUS, VendorMessage};
use crate::client::Client;
use crate::error::{Delivery, Error, UnknownReason};
use crate::attempt::{AttemptState, Ending, Intent};
use crate::outcome::Money;
use crate::method::PaymentMethod;
use crate::transport;

impl AtlasAnswer for PayResponse {
    fn status_code(&self) -> i64 {
        match &self.status {
            PayResponseStatus::PaymentResponseStatus(code) => **code,
            PayResponseStatus::AccessStatus(code) => **code,
            PayResponseStatus::Int64(code) => *code,
            _ => UNREADABLE_STATUS,
        }
    }

    fn message(&self) -> Option<&str> {
        self.msg.as_ref().map(|msg| msg.0.as_str())
    }
}

impl Client {
    /// Pays an order, once.
    ///
    /// Returns the [`Payment`] when Atlas answers `status` 0 for the order
    /// sent. Every failure says where the payment stands
    /// ([`Error::delivery`]); on [`Delivery::Unknown`](crate::Delivery::Unknown)
    /// look the order up before anything else. This method never retries.
    pub async fn pay(&self, request: PaymentRequest) -> Result<Payment, PayError> {
        let order_no = request.order_no().to_owned();
        let method = request.method();
        crate::transport::traced(
            atlas_pay_gen::operations::pay::OPERATION_ID,
            &order_no,
            Some(&method),
            send(self, request),
        )
        .await
    }
}

/// One `POST /pay.do` through the shared call path: the generated request
/// and answer types, never retried. With a journal, the intent is recorded
/// once the request is built and before it is sent, and where the call left
/// the payment after.
async fn send(client: &Client, request: PaymentRequest) -> Result<Payment, PayError> {
    let (sent, body) = request.into_wire()?;
    let recorded = client
        .journal_intent(|| Intent {
            operation: atlas_pay_gen::operations::pay::OPERATION_ID,
            order_no: &sent.order_no,
            method: Some(sent.method.to_string()),
            amount: None,
            card: sent
                .card
                .as_ref()
                .map(|(brand, last4)| (brand.to_string(), last4.clone())),
            success_is_final: true,
        })
        .await
        .map_err(|refusal| Error::NotSent(PayRefusal::Journal(refusal)))?;
    let result = transport::send::<Pay, PayStatus>(client.http(), &body, None)
        .await
        .and_then(|answer| interpret(&sent, answer));
    drop(body);
    recorded.end(client, || ending(&result)).await;
    result
}

/// Where a payment's result leaves its attempt: paid, not paid, or unknown
/// (by what the error says of the money).
fn ending(result: &Result<Payment, PayError>) -> Ending {
    match result {
        Ok(_) => Ending {
            state: AttemptState::Succeeded,
            delivery: Some(Delivery::Answered),
            status_code: Some(0),
            reference: None,
        },
        Err(error) => Ending {
            state: match error.money() {
                Money::NotCharged => AttemptState::Failed,
                Money::Charged => AttemptState::Succeeded,
                Money::Unknown => AttemptState::Unknown,
            },
            delivery: Some(error.delivery()),
            status_code: error.status().map(|status| status.code()),
            reference: None,
        },
    }
}

/// Reads a successful answer (`status` 0): it must be about the order sent.
fn interpret(sent: &Sent, response: PayResponse) -> Result<Payment, PayError> {
    let message = response.message().map(VendorMessage::from);
    let code = response.status_code();
    if code != 0 {
        return Err(Error::Answered {
            status: PayStatus::from_code(code),
            message,
        });
    }
    let order_no = match response.order_no {
        Some(echoed) if echoed == sent.order_no => echoed,
        echoed => {
            return Err(Error::unknown(UnknownReason::EchoMismatch {
                field: "orderNo",
                echoed,
            }));
        }
    };
    let method = match response.payment_method {
        Some(PayResponsePaymentMethod::PaymentMethod(m)) => PaymentMethod::from_code(*m),
        Some(PayResponsePaymentMethod::Int64(code)) => PaymentMethod::from_code(code),
        // A shape this version does not read says no more than no echo.
        Some(_) | None => sent.method,
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
    use crate::declared::Declared;

    #[test]
    fn the_declared_reads_are_what_the_payment_view_reads() {
        // The vendor's own example answer, which carries every field.
        let sample = serde_json::json!({
            "orderNo": "ORDER-1", "pnrCode": "SOVID9", "paymentMethod": 3,
            "airlines": ["5J"], "status": 0, "msg": "success"
        });
        let sent = Sent {
            order_no: "ORDER-1".into(),
            method: PaymentMethod::Deposit,
            card: None,
        };
        crate::answer::assert_reads_are_honest(
            Pay::ANSWER_FIELDS,
            <Pay as Declared>::READS,
            &sample,
            |answer| {
                let answer: PayResponse = serde_json::from_value(answer.clone()).ok()?;
                Some(format!("{:?}", interpret(&sent, answer)))
            },
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
                let sent = Sent { order_no: "ORDER-1".into(), method: PaymentMethod::Deposit, card: None };
                let _ = interpret(&sent, response);
            }
        }
    }
}
