//! `POST /refundQuotation.do`: what a refund of whole tickets would bring
//! back. [`Client::refund_quotation`] is the entry point; its
//! [`Quotation`] says whether the tickets are refundable, how sure the
//! amount is, how the money comes back, and carries the offer
//! ([`Quotation::offer_id`]) a submission can name.
//!
//! A quotation only reads: asking again is safe.

mod declared;

use std::sync::Arc;

use atlas_pay_gen::operations::refund_quotation::RefundQuotation as Operation;
use atlas_pay_gen::types::{RefundQuotationBody, RefundQuotationResponse};

use crate::answer::AtlasAnswer;
use crate::client::Client;
use crate::error::{Error, UnknownReason};
use crate::price::Price;
use crate::refund_code::RefundCode;
use crate::flight_date::FlightDate;
use crate::refund_scope::{OrderRef, RefundScope};
use crate::refund_terms::{QuoteType, RefundMethod};
use crate::transport;

/// A quotation that did not succeed.
pub type RefundQuotationError = Error<RefundCode>;

impl AtlasAnswer for RefundQuotationResponse {
    fn status_code(&self) -> i64 {
        self.status
    }

    fn message(&self) -> Option<&str> {
        self.msg.as_ref().map(|msg| msg.0.as_str())
    }
}

/// Which tickets of which order to quote a refund for.
#[derive(Debug, Clone)]
#[must_use]
pub struct RefundQuotation {
    order: OrderRef,
    scope: RefundScope,
    display_currency: Option<String>,
}

impl RefundQuotation {
    /// Quotes the refund of `scope`'s tickets of the order with this Atlas
    /// order number.
    pub fn new(order_no: impl Into<String>, scope: RefundScope) -> Self {
        Self {
            order: OrderRef::OrderNo(order_no.into()),
            scope,
            display_currency: None,
        }
    }

    /// Names the order by its airline PNR and carrier (two-letter IATA
    /// code) instead.
    pub fn by_airline_pnr(
        pnr: impl Into<String>,
        carrier: impl Into<String>,
        scope: RefundScope,
    ) -> Self {
        Self {
            order: OrderRef::AirlinePnr {
                pnr: pnr.into(),
                carrier: carrier.into(),
            },
            scope,
            display_currency: None,
        }
    }

    /// Also shows the amounts in this currency (ISO 4217) in
    /// [`Quotation::details`].
    pub fn display_currency(mut self, currency: impl Into<String>) -> Self {
        self.display_currency = Some(currency.into());
        self
    }

    fn body(&self, today: FlightDate) -> Result<RefundQuotationBody, crate::RefundRefusal> {
        let order = self.order.wire()?;
        let mut body = RefundQuotationBody::new(self.scope.to_wire(today)?);
        body.order_no = order.order_no;
        body.airline_pnr = order.airline_pnr;
        body.carrier = order.carrier;
        body.display_currency = self.display_currency.clone();
        Ok(body)
    }
}

/// What Atlas quoted for a refund.
///
/// Three cases, as Atlas's reference describes them: refundable with the
/// airline's amount ([`QuoteType::Accurate`]); refundable, but the amount is
/// whatever the airline returns ([`QuoteType::CannotQuote`]); or not
/// refundable ([`refundable`](Self::refundable) false).
#[derive(Clone)]
#[non_exhaustive]
pub struct Quotation {
    /// The Atlas order number.
    pub order_no: String,
    /// Whether the tickets can be refunded.
    pub refundable: bool,
    /// How sure the amount is.
    pub quote_type: QuoteType,
    /// How the money comes back, if Atlas said.
    pub method: Option<RefundMethod>,
    /// The offer a submission can name ([`RefundRequest::offer`](crate::RefundRequest::offer)).
    pub offer_id: Option<String>,
    /// What the fare brings back, in the settlement currency (an estimate
    /// when the quote type is not accurate; zero when unrefundable).
    pub fare_refund: Option<Price>,
    /// Atlas's transaction fee for the refund.
    pub service_fee: Option<Price>,
    /// When the money is expected back.
    pub expected_refund: Option<FlightDate>,
    details: Arc<RefundQuotationResponse>,
}

impl std::fmt::Debug for Quotation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Quotation")
            .field("order_no", &self.order_no)
            .field("refundable", &self.refundable)
            .field("quote_type", &self.quote_type)
            .field("method", &self.method)
            .field("offer_id", &self.offer_id)
            .field("fare_refund", &self.fare_refund)
            .field("service_fee", &self.service_fee)
            .field("expected_refund", &self.expected_refund)
            .finish_non_exhaustive()
    }
}

impl Quotation {
    /// Everything Atlas sent, as the generated answer type (passenger names
    /// are personal data: never printed).
    pub fn details(&self) -> &RefundQuotationResponse {
        &self.details
    }

    fn from_answer(answer: RefundQuotationResponse, asked: &OrderRef) -> Result<Self, UnknownReason> {
        let order_no = answer.order_no.clone();
        asked.check_echo(order_no.as_deref())?;
        let order_no = order_no.ok_or(UnknownReason::Incomplete("its order number"))?;
        let refundable = answer
            .is_refundable
            .ok_or(UnknownReason::Incomplete("whether the tickets are refundable"))?;
        let quote_type = answer
            .refund_quote_type
            .as_ref()
            .map(QuoteType::from_wire)
            .ok_or(UnknownReason::Incomplete("its quote type"))?;
        Ok(Self {
            order_no,
            refundable,
            quote_type,
            method: answer.refund_method.as_ref().map(RefundMethod::from_wire),
            offer_id: answer.refund_offer_id.clone().filter(|id| !id.is_empty()),
            fare_refund: answer
                .refund_fare_amount
                .as_ref()
                .map(|fare| Price::new(fare.estimated_refund_amount, fare.currency.clone())),
            service_fee: answer
                .service_fee
                .as_ref()
                .map(|fee| Price::new(fee.transaction_fee, fee.currency.clone())),
            expected_refund: answer.expected_refund_date.as_deref().and_then(FlightDate::parse),
            details: Arc::new(answer),
        })
    }
}

impl Client {
    /// Asks Atlas what refunding whole tickets would bring back
    /// (`POST /refundQuotation.do`). Only reads: safe to ask again.
    ///
    /// Refused before sending ([`RefundRefusal`](crate::RefundRefusal)):
    /// no order, no passenger or segment, a passenger twice, a reason Atlas
    /// does not accept, a void after the day of ticketing.
    pub async fn refund_quotation(
        &self,
        quotation: RefundQuotation,
    ) -> Result<Quotation, RefundQuotationError> {
        transport::traced(
            atlas_pay_gen::operations::refund_quotation::OPERATION_ID,
            quotation.order.label(),
            Some(quotation.scope.reason()),
            async {
                let today = FlightDate::in_singapore(self.clock().wall());
                let body = quotation.body(today).map_err(Error::NotSent)?;
                let answer = transport::send::<Operation, RefundCode>(self.http(), &body, None).await?;
                Quotation::from_answer(answer, &quotation.order).map_err(Error::unknown)
            },
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declared::Declared;

    #[test]
    fn the_declared_reads_are_what_the_quotation_view_reads() {
        let sample = serde_json::json!({
            "status": 0, "msg": "ok", "orderNo": "TESTA1", "isRefundable": true,
            "refundQuoteType": "AccurateQuote", "refundMethod": "CashBackToOriginalPayment",
            "refundOfferId": "q_1", "expectedRefundDate": "20250701",
            "expectedConfirmationDate": "20250522", "fastConfirmation": 0,
            "refundFareAmount": {"currency": "USD", "originalFareAmount": 165.48,
                "estimatedRefundAmount": 120.5, "displayOriginalFareAmount": 153.46,
                "displayEstimatedRefundAmount": 111.0},
            "serviceFee": {"currency": "USD", "transactionFee": 3, "displayTransactionFee": 2.78},
            "refundTickets": [{"lastName": "ZHAO", "firstName": "YIER", "ticketNo": "S1"}],
            "refundPostTicketingServiceAmounts": [], "refundRules": []
        });
        crate::answer::assert_reads_are_honest(
            <Operation as atlas_pay_gen::Operation>::ANSWER_FIELDS,
            <Operation as Declared>::READS,
            &sample,
            |answer| {
                let answer: RefundQuotationResponse = serde_json::from_value(answer.clone()).ok()?;
                let message = answer.message().map(str::to_owned);
                let asked = OrderRef::OrderNo("TESTA1".into());
                let quotation = Quotation::from_answer(answer, &asked).ok()?;
                Some(format!("{} {message:?} {quotation:?}", 0))
            },
        );
    }
}
