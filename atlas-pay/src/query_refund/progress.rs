//! A refund as the refund query shows it: the one listed under the asked
//! code, read strictly where a decision reads it.

use std::sync::Arc;

use atlas_pay_gen::types::{QueryRefundResponse, RefundOrder};

use super::request::QueryRefund;
use crate::error::UnknownReason;
use crate::flight_date::FlightDate;
use crate::price::Price;
use crate::refund_terms::{RefundMethod, RefundState};

/// A refund as the refund query shows it.
#[derive(Clone)]
#[non_exhaustive]
pub struct RefundProgress {
    /// The Atlas order number.
    pub order_no: String,
    /// The refund's code.
    pub refund_code: String,
    /// Where the refund stands.
    pub state: RefundState,
    /// How the money comes back, if Atlas said.
    pub method: Option<RefundMethod>,
    /// What the fare brings back, in the settlement currency.
    pub fare_refund: Option<Price>,
    /// Why the refund was rejected or withdrawn, as Atlas wrote it.
    pub cancel_reason: Option<String>,
    /// When the money is expected back.
    pub expected_refund: Option<FlightDate>,
    details: Arc<RefundOrder>,
}

impl std::fmt::Debug for RefundProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefundProgress")
            .field("order_no", &self.order_no)
            .field("refund_code", &self.refund_code)
            .field("state", &self.state)
            .field("method", &self.method)
            .field("fare_refund", &self.fare_refund)
            .field("cancel_reason", &self.cancel_reason)
            .field("expected_refund", &self.expected_refund)
            .finish_non_exhaustive()
    }
}

impl RefundProgress {
    /// Everything Atlas sent about the refund, as the generated type
    /// (passenger names are personal data: never printed).
    pub fn details(&self) -> &RefundOrder {
        &self.details
    }

    /// The refund the answer lists under the asked code; `None` when it
    /// lists none (not yet visible, or no such refund).
    pub(super) fn from_answer(answer: QueryRefundResponse, asked: &QueryRefund) -> Result<Option<Self>, UnknownReason> {
        let Some(found) = answer
            .refund_orders
            .into_iter()
            .find(|refund| refund.refund_code == asked.refund_code)
        else {
            return Ok(None);
        };
        asked.order.check_echo(found.order_no.as_deref())?;
        Ok(Some(Self {
            order_no: found.order_no.clone().ok_or(UnknownReason::Incomplete("its order number"))?,
            refund_code: found.refund_code.clone(),
            state: RefundState::from_wire(&found.refund_status),
            method: found.refund_method.as_ref().map(RefundMethod::from_wire),
            fare_refund: found
                .refund_fare_amount
                .as_ref()
                .map(|fare| Price::new(fare.estimated_refund_amount, fare.currency.clone())),
            cancel_reason: found.cancel_reason.clone().filter(|reason| !reason.is_empty()),
            expected_refund: found.expected_refund_date.as_deref().and_then(FlightDate::parse),
            details: Arc::new(found),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::AtlasAnswer;
    use atlas_pay_gen::operations::query_refund::QueryRefund as Operation;
    use crate::declared::Declared;

    #[test]
    fn the_declared_reads_are_what_the_refund_view_reads() {
        let sample = serde_json::json!({
            "status": 0, "msg": "success",
            "refundOrders": [{
                "orderNo": "TESTA1", "refundCode": "202505-0013", "displayCurrency": "EUR",
                "expectedConfirmationDate": "20250522", "expectedRefundDate": "20250701",
                "refundQuoteType": "CannotQuote", "refundTickets": [],
                "refundFareAmount": {"currency": "USD", "originalFareAmount": 165.48,
                    "estimatedRefundAmount": 165.48},
                "refundPostTicketingServiceAmounts": [], "refundVouchers": null,
                "serviceFee": {"currency": "USD", "transactionFee": 3}, "refundRules": [],
                "refundStatus": 4, "cancelReason": "Duplicate Refund Record",
                "refundOfferId": "q_1", "refundMethod": "CashBackToOriginalPayment"
            }]
        });
        crate::answer::assert_reads_are_honest(
            <Operation as atlas_pay_gen::Operation>::ANSWER_FIELDS,
            <Operation as Declared>::READS,
            &sample,
            |answer| {
                let answer: QueryRefundResponse = serde_json::from_value(answer.clone()).ok()?;
                let message = answer.message().map(str::to_owned);
                let asked = QueryRefund::new("TESTA1", "202505-0013");
                let refund = RefundProgress::from_answer(answer, &asked).ok()?;
                Some(format!("{message:?} {refund:?}"))
            },
        );
    }

    #[test]
    fn a_refund_under_another_code_is_not_the_one_asked_about() {
        let answer: QueryRefundResponse = serde_json::from_value(serde_json::json!({
            "status": 0,
            "refundOrders": [{"orderNo": "TESTA1", "refundCode": "OTHER", "refundStatus": 2}]
        }))
        .unwrap();
        let asked = QueryRefund::new("TESTA1", "202505-0013");
        assert!(RefundProgress::from_answer(answer, &asked).unwrap().is_none());
    }
}
