//! `POST /refund.do`: submitting a refund. [`Client::refund`] is the entry
//! point.
//!
//! A submission moves money, like a payment: the client never resends it,
//! and every failure says where the request stands
//! ([`Error::delivery`]): not sent, not delivered (safe to submit again),
//! unknown, or answered. An unknown outcome is settled with
//! [`Client::reconcile_refund`] (by the refund code when one is known),
//! never by submitting again: Atlas takes no idempotency key, and a second
//! submission may refund twice or be rejected as a duplicate. The final
//! state comes only from the refund query ([`Client::follow_refund`]).

mod declared;

use std::sync::Arc;

use atlas_pay_gen::operations::refund::Refund as Operation;
use atlas_pay_gen::types::{ApiRefundApplyResponse, RefundBody};

use crate::answer::{AtlasAnswer, VendorMessage};
use crate::client::Client;
use crate::error::{Delivery, Error, OperationStatus, UnknownReason};
use crate::attempt::{AttemptState, Ending, Intent};
use crate::refund_code::{RefundCode, RefundRefusal};
use crate::flight_date::FlightDate;
use crate::refund_scope::{OrderRef, RefundScope};
use crate::refund_terms::{RefundReason, RefundState};
use crate::transport;

/// A submission that did not succeed. On
/// [`Delivery::Unknown`](crate::Delivery::Unknown), settle it with
/// [`Client::reconcile_refund`]; never submit again.
pub type RefundError = Error<RefundCode>;

impl AtlasAnswer for ApiRefundApplyResponse {
    fn status_code(&self) -> i64 {
        self.status
    }

    fn message(&self) -> Option<&str> {
        self.msg.as_ref().map(|msg| msg.0.as_str())
    }
}

/// What a submission refunds: the offer of a quotation, or tickets named
/// by passenger and segment.
#[derive(Debug, Clone)]
enum What {
    Offer(String),
    Scope(RefundScope),
}

/// A refund to submit: an order, and the offer of a quotation or the
/// tickets to refund.
///
/// Not `Clone`, like a payment request: [`Client::refund`] consumes it, so
/// submitting again is a deliberate new request (after
/// [`Delivery::NotDelivered`](crate::Delivery::NotDelivered) only).
#[derive(Debug)]
#[must_use]
pub struct RefundRequest {
    order: OrderRef,
    what: What,
    display_currency: Option<String>,
}

impl RefundRequest {
    /// Submits the offer of a quotation
    /// ([`Quotation::offer_id`](crate::Quotation::offer_id)) for the order
    /// with this Atlas order number: what was quoted is what is refunded.
    pub fn offer(order_no: impl Into<String>, offer_id: impl Into<String>) -> Self {
        Self {
            order: OrderRef::OrderNo(order_no.into()),
            what: What::Offer(offer_id.into()),
            display_currency: None,
        }
    }

    /// Submits the refund of `scope`'s tickets of the order with this Atlas
    /// order number, without a quotation.
    pub fn tickets(order_no: impl Into<String>, scope: RefundScope) -> Self {
        Self {
            order: OrderRef::OrderNo(order_no.into()),
            what: What::Scope(scope),
            display_currency: None,
        }
    }

    /// Also shows the amounts in this currency (ISO 4217) in
    /// [`RefundSubmitted::details`].
    pub fn display_currency(mut self, currency: impl Into<String>) -> Self {
        self.display_currency = Some(currency.into());
        self
    }

    /// The Atlas order number, or the airline PNR, the request names.
    pub fn order_label(&self) -> &str {
        self.order.label()
    }

    fn body(&self, today: FlightDate) -> Result<RefundBody, RefundRefusal> {
        let order = self.order.wire()?;
        let mut body = RefundBody::new();
        body.order_no = order.order_no;
        body.airline_pnr = order.airline_pnr;
        body.carrier = order.carrier;
        body.display_currency = self.display_currency.clone();
        match &self.what {
            What::Offer(id) if id.trim().is_empty() => return Err(RefundRefusal::NoOffer),
            What::Offer(id) => body.refund_offer_id = Some(id.clone()),
            What::Scope(scope) => body.refund_request_list = Some(scope.to_wire(today)?),
        }
        Ok(body)
    }
}

/// Atlas accepted a refund: it has a refund code and a first state. The
/// money is back only when the refund query says so
/// ([`Client::follow_refund`]).
#[derive(Clone)]
#[non_exhaustive]
pub struct RefundSubmitted {
    /// The Atlas order number.
    pub order_no: String,
    /// The refund's code: what the refund query and reconciliation take.
    pub refund_code: String,
    /// The refund's first state (usually Atlas processing).
    pub state: RefundState,
    /// The reason, as Atlas recorded it.
    pub reason: Option<RefundReason>,
    /// Atlas's message (for humans; masked).
    pub message: Option<VendorMessage>,
    details: Arc<ApiRefundApplyResponse>,
}

impl std::fmt::Debug for RefundSubmitted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefundSubmitted")
            .field("order_no", &self.order_no)
            .field("refund_code", &self.refund_code)
            .field("state", &self.state)
            .field("reason", &self.reason)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl RefundSubmitted {
    /// Everything Atlas sent, as the generated answer type (passenger names
    /// are personal data: never printed).
    pub fn details(&self) -> &ApiRefundApplyResponse {
        &self.details
    }

    /// Reads a successful answer. Success without a refund code, or about
    /// another order, is not a refund anyone can follow: its outcome is
    /// unknown.
    fn from_answer(answer: ApiRefundApplyResponse, asked: &OrderRef) -> Result<Self, UnknownReason> {
        let order_no = answer.order_no.clone();
        asked.check_echo(order_no.as_deref())?;
        let order_no = order_no.ok_or(UnknownReason::Incomplete("its order number"))?;
        let refund_code = answer
            .refund_code
            .clone()
            .filter(|code| !code.trim().is_empty())
            .ok_or(UnknownReason::Incomplete("its refund code"))?;
        let state = answer
            .refund_status
            .as_ref()
            .map(RefundState::from_wire)
            .ok_or(UnknownReason::Incomplete("the refund's state"))?;
        Ok(Self {
            order_no,
            refund_code,
            state,
            reason: answer.refund_reason.as_ref().map(RefundReason::from_wire),
            message: answer.message().map(VendorMessage::from),
            details: Arc::new(answer),
        })
    }
}

impl Client {
    /// Submits a refund (`POST /refund.do`). Sent once, never resent by the
    /// client.
    ///
    /// Refused before sending ([`RefundRefusal`]): no order, an empty offer
    /// id, no passenger or segment, a passenger twice, a reason Atlas does
    /// not accept, a void after the day of ticketing. On
    /// [`Delivery::Unknown`](crate::Delivery::Unknown), settle with
    /// [`reconcile_refund`](Self::reconcile_refund) before anything else.
    pub async fn refund(&self, request: RefundRequest) -> Result<RefundSubmitted, RefundError> {
        transport::traced(
            atlas_pay_gen::operations::refund::OPERATION_ID,
            request.order.label(),
            None,
            async {
                let today = FlightDate::in_singapore(self.clock().wall());
                let body = request.body(today).map_err(Error::NotSent)?;
                let recorded = self
                    .journal_intent(|| Intent {
                        operation: atlas_pay_gen::operations::refund::OPERATION_ID,
                        order_no: request.order.label(),
                        method: None,
                        amount: None,
                        card: None,
                        success_is_final: false,
                    })
                    .await
                    .map_err(|refusal| Error::NotSent(RefundRefusal::Journal(refusal)))?;
                let result = transport::send::<Operation, RefundCode>(self.http(), &body, None)
                    .await
                    .and_then(|answer| {
                        RefundSubmitted::from_answer(answer, &request.order).map_err(Error::unknown)
                    });
                recorded.end(self, || ending(&result)).await;
                result
            },
        )
        .await
    }
}

/// Where a submission's result leaves its attempt: submitted, not, or
/// unknown (by where the request stands).
fn ending(result: &Result<RefundSubmitted, RefundError>) -> Ending {
    match result {
        Ok(submitted) => Ending {
            state: AttemptState::Succeeded,
            delivery: Some(Delivery::Answered),
            status_code: Some(0),
            reference: Some(submitted.refund_code.clone()),
        },
        Err(error) => Ending {
            state: match error.delivery() {
                Delivery::Unknown => AttemptState::Unknown,
                _ => AttemptState::Failed,
            },
            delivery: Some(error.delivery()),
            status_code: error.status().map(|status| status.code()),
            reference: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declared::Declared;

    #[test]
    fn the_declared_reads_are_what_the_submission_view_reads() {
        let sample = serde_json::json!({
            "status": 0, "msg": "ok", "orderNo": "TESTA1", "refundCode": "202505-0012",
            "refundStatus": 0, "cancelReason": "", "refundReason": "1",
            "displayCurrency": "EUR", "fastConfirmation": null,
            "expectedConfirmationDate": "20250522", "expectedRefundDate": "20250701",
            "refundQuoteType": "CannotQuote", "refundOfferId": "q_1",
            "refundMethod": "CashBackToOriginalPayment", "isRefundable": true,
            "refundTickets": [], "refundPostTicketingServiceAmounts": [], "refundRules": [],
            "serviceFee": {"currency": "USD", "transactionFee": 3}
        });
        crate::answer::assert_reads_are_honest(
            <Operation as atlas_pay_gen::Operation>::ANSWER_FIELDS,
            <Operation as Declared>::READS,
            &sample,
            |answer| {
                let answer: ApiRefundApplyResponse = serde_json::from_value(answer.clone()).ok()?;
                let asked = OrderRef::OrderNo("TESTA1".into());
                let submitted = RefundSubmitted::from_answer(answer, &asked).ok()?;
                Some(format!("{submitted:?}"))
            },
        );
    }

    #[test]
    fn a_success_without_a_code_or_about_another_order_is_unknown() {
        let asked = OrderRef::OrderNo("TESTA1".into());
        let read = |json: serde_json::Value| {
            RefundSubmitted::from_answer(serde_json::from_value(json).unwrap(), &asked)
        };
        assert_eq!(
            read(serde_json::json!({"status": 0, "orderNo": "TESTA1", "refundStatus": 0}))
                .unwrap_err(),
            UnknownReason::Incomplete("its refund code")
        );
        assert!(matches!(
            read(serde_json::json!({"status": 0, "orderNo": "OTHER", "refundCode": "c", "refundStatus": 0})),
            Err(UnknownReason::EchoMismatch { field: "orderNo", .. })
        ));
    }
}
