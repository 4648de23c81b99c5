//! What a failed payment means for the money, and what to do next: shared
//! by the operations that move money and by the settlement that follows
//! them ([`Client::reconcile`](crate::Client::reconcile)). Knows no
//! operation: an operation's statuses implement [`PaymentFailure`].

use std::fmt;

use crate::error::OperationStatus;
use crate::method::PaymentMethod;

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

/// What a settlement keeps of the failure that sent the caller to it: the
/// status, and what it requires before paying again once the order reads
/// unpaid.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Failed {
    /// The status code the failed payment was answered with.
    pub code: i64,
    /// What the code means, per Atlas's documentation.
    pub meaning: &'static str,
    /// What to do before paying again.
    pub next_step: NextStep,
    /// What to do, in words.
    pub advice: String,
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code, self.meaning)
    }
}

/// The statuses of an operation that moves money, as a settlement reads
/// them ([`Reconcile::after`](crate::Reconcile::after)). Sealed with
/// [`OperationStatus`].
pub trait PaymentFailure: OperationStatus {
    /// What a payment answered with this status needs before paying again,
    /// once its order still reads unpaid, given the method it used.
    fn if_unpaid(self, method: Option<PaymentMethod>) -> Failed;
}
