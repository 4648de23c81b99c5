//! What a failed payment means for the money, and what to do next. Shared by
//! [`Status`](crate::Status) and [`PayError`](crate::PayError); depends on
//! neither.

use std::fmt;

/// Whether money moved, as far as the answer (or its absence) proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Money {
    /// Proven: nothing was charged for this attempt.
    NotCharged,
    /// Proven: the order is paid (for example 615: paid, PNR pending).
    Charged,
    /// Not proven either way: the order's state is the only source of truth.
    Unknown,
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Money::NotCharged => "not charged",
            Money::Charged => "charged",
            Money::Unknown => "unknown",
        })
    }
}

/// The next step for a failed payment, following Atlas's retry classes.
/// Every step that involves paying again means a deliberate, new
/// [`PaymentRequest`](crate::PaymentRequest); the client never resends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NextStep {
    /// Nothing reached Atlas: the same payment may be sent again.
    SendAgain,
    /// Correct the request or the order's data (the message names the field),
    /// then pay again.
    FixRequest,
    /// Pay again only with a different card or payment method: this card or
    /// method will be refused again.
    ChangeCardOrMethod,
    /// Change a condition first (confirm the order, top up the deposit, fix
    /// credentials or scope), then pay again.
    ChangeConditionFirst,
    /// This order can no longer be paid: create a new one.
    NewOrder,
    /// Look the order up (its state is the only proof) before anything else;
    /// never resend blindly.
    LookUpOrder,
    /// The order is paid: never pay it again.
    NeverPayAgain,
}

impl fmt::Display for NextStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NextStep::SendAgain => "send the same payment again",
            NextStep::FixRequest => "correct the request, then pay again",
            NextStep::ChangeCardOrMethod => "pay again only with another card or method",
            NextStep::ChangeConditionFirst => "change the condition first, then pay again",
            NextStep::NewOrder => "create a new order",
            NextStep::LookUpOrder => "look the order up before anything else",
            NextStep::NeverPayAgain => "never pay this order again",
        })
    }
}
