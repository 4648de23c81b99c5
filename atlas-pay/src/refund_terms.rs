//! The vocabulary the three refund operations (`refund_quotation/`,
//! `refund/`, `query_refund/`) share: reasons, quote types, methods and
//! states of a refund, as open enums (a value Atlas adds later is kept as
//! sent rather than failing the answer). Which tickets a request is about is
//! `refund_scope`; the pages' statuses and the refusals are `refund_code`.

use std::fmt;

use atlas_pay_gen::types as wire;

/// Why a refund is asked for (`refundReason`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefundReason {
    /// 0: the airline changed or cancelled the flight.
    Involuntary,
    /// 1: the customer cancels.
    Voluntary,
    /// 4: a void, within the airline's void window (the day of ticketing).
    Void,
    /// A reason this version does not know, as Atlas answered it. Never
    /// sent: a request with it is refused before sending.
    Other(String),
}

impl RefundReason {
    /// The code on the wire.
    pub fn code(&self) -> &str {
        match self {
            RefundReason::Involuntary => "0",
            RefundReason::Voluntary => "1",
            RefundReason::Void => "4",
            RefundReason::Other(code) => code,
        }
    }

    /// The request's form; `None` for a reason Atlas does not accept.
    pub(crate) fn to_wire(&self) -> Option<wire::RefundReason> {
        match self {
            RefundReason::Involuntary => Some(wire::RefundReason::X0),
            RefundReason::Voluntary => Some(wire::RefundReason::X1),
            RefundReason::Void => Some(wire::RefundReason::X4),
            RefundReason::Other(_) => None,
        }
    }

    pub(crate) fn from_wire(reason: &wire::OpenRefundReason) -> Self {
        match reason {
            wire::OpenRefundReason::Variant0(wire::RefundReason::X0) => RefundReason::Involuntary,
            wire::OpenRefundReason::Variant0(wire::RefundReason::X1) => RefundReason::Voluntary,
            wire::OpenRefundReason::Variant0(wire::RefundReason::X4) => RefundReason::Void,
            other => RefundReason::Other(text(other)),
        }
    }
}

impl fmt::Display for RefundReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefundReason::Involuntary => f.write_str("involuntary"),
            RefundReason::Voluntary => f.write_str("voluntary"),
            RefundReason::Void => f.write_str("void"),
            RefundReason::Other(code) => write!(f, "reason {code}"),
        }
    }
}

/// How sure a quotation's amount is (`refundQuoteType`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QuoteType {
    /// The airline's own figure: the amount is what comes back.
    Accurate,
    /// Atlas cannot quote: the refund may still be submitted, and the
    /// amount is what the airline returns.
    CannotQuote,
    /// A type this version does not know, as sent.
    Other(String),
}

impl QuoteType {
    pub(crate) fn from_wire(quote_type: &wire::OpenRefundQuoteType) -> Self {
        match quote_type {
            wire::OpenRefundQuoteType::Variant0(wire::RefundQuoteType::AccurateQuote) => {
                QuoteType::Accurate
            }
            wire::OpenRefundQuoteType::Variant0(wire::RefundQuoteType::CannotQuote) => {
                QuoteType::CannotQuote
            }
            other => QuoteType::Other(text(other)),
        }
    }
}

/// How the money comes back (`refundMethod`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefundMethod {
    /// To the original form of payment (the deposit, or the card).
    OriginalPayment,
    /// As an airline voucher.
    Voucher,
    /// A method this version does not know, as sent.
    Other(String),
}

impl RefundMethod {
    pub(crate) fn from_wire(method: &wire::OpenRefundMethod) -> Self {
        match method {
            wire::OpenRefundMethod::Variant0(wire::RefundMethod::CashBackToOriginalPayment) => {
                RefundMethod::OriginalPayment
            }
            wire::OpenRefundMethod::Variant0(wire::RefundMethod::Voucher) => RefundMethod::Voucher,
            other => RefundMethod::Other(text(other)),
        }
    }
}

/// Where a refund stands (`refundStatus`). Deposit-paid tickets move
/// through Atlas processing, airline processing, airline refunding, then
/// refunded or rejected; VCC pass-through ones end in fulfilment done,
/// rejected or withdrew.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefundState {
    /// 0: Atlas is processing the request.
    AtlasProcessing,
    /// 1: submitted to the airline by Atlas.
    AirlineProcessing,
    /// 2: refunded. Final.
    Refunded,
    /// 3: the airline is refunding.
    AirlineRefunding,
    /// 4: rejected (the reason is in the refund's `cancel_reason`). Final.
    Rejected,
    /// 5: fulfilment done (VCC pass-through). Final.
    FulfillmentDone,
    /// 6: withdrawn. Final.
    Withdrew,
    /// A state this version does not know, as sent. Not final: follow it.
    Other(i64),
}

impl RefundState {
    /// The state a wire code names.
    pub fn from_code(code: i64) -> Self {
        match code {
            0 => RefundState::AtlasProcessing,
            1 => RefundState::AirlineProcessing,
            2 => RefundState::Refunded,
            3 => RefundState::AirlineRefunding,
            4 => RefundState::Rejected,
            5 => RefundState::FulfillmentDone,
            6 => RefundState::Withdrew,
            other => RefundState::Other(other),
        }
    }

    /// The code on the wire.
    pub fn code(self) -> i64 {
        match self {
            RefundState::AtlasProcessing => 0,
            RefundState::AirlineProcessing => 1,
            RefundState::Refunded => 2,
            RefundState::AirlineRefunding => 3,
            RefundState::Rejected => 4,
            RefundState::FulfillmentDone => 5,
            RefundState::Withdrew => 6,
            RefundState::Other(code) => code,
        }
    }

    /// Whether the refund will not move any more: refunded, rejected,
    /// fulfilment done or withdrawn.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            RefundState::Refunded
                | RefundState::Rejected
                | RefundState::FulfillmentDone
                | RefundState::Withdrew
        )
    }

    /// Whether the money came back (refunded, or fulfilment done for a VCC).
    pub fn is_refunded(self) -> bool {
        matches!(self, RefundState::Refunded | RefundState::FulfillmentDone)
    }

    pub(crate) fn from_wire(state: &wire::OpenRefundState) -> Self {
        match state {
            wire::OpenRefundState::RefundState(known) => RefundState::from_code(**known),
            wire::OpenRefundState::Int64(code) => RefundState::from_code(*code),
            // The generated enum is non-exhaustive; a new shape is unreadable.
            _ => RefundState::Other(i64::MIN),
        }
    }
}

impl fmt::Display for RefundState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefundState::AtlasProcessing => f.write_str("Atlas processing"),
            RefundState::AirlineProcessing => f.write_str("airline processing"),
            RefundState::Refunded => f.write_str("refunded"),
            RefundState::AirlineRefunding => f.write_str("airline refunding"),
            RefundState::Rejected => f.write_str("rejected"),
            RefundState::FulfillmentDone => f.write_str("fulfilment done"),
            RefundState::Withdrew => f.write_str("withdrawn"),
            RefundState::Other(code) => write!(f, "state {code}"),
        }
    }
}

/// An open enum's value as text, as Atlas sent it (its serialized form).
pub(crate) fn text(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_values_read_from_the_wire() {
        let read = |json: &str| -> wire::OpenRefundState { serde_json::from_str(json).unwrap() };
        assert_eq!(RefundState::from_wire(&read("2")), RefundState::Refunded);
        assert_eq!(RefundState::from_wire(&read("9")), RefundState::Other(9));
        assert!(RefundState::Rejected.is_final() && !RefundState::Other(9).is_final());
        let method: wire::OpenRefundMethod = serde_json::from_str("\"Cash\"").unwrap();
        assert_eq!(
            RefundMethod::from_wire(&method),
            RefundMethod::Other("Cash".into())
        );
        let reason: wire::OpenRefundReason = serde_json::from_str("\"4\"").unwrap();
        assert_eq!(RefundReason::from_wire(&reason), RefundReason::Void);
        let quote: wire::OpenRefundQuoteType = serde_json::from_str("\"Maybe\"").unwrap();
        assert_eq!(
            QuoteType::from_wire(&quote),
            QuoteType::Other("Maybe".into())
        );
    }
}
