//! Payment errors, classified by what they mean for the money: what a
//! payment refuses before sending ([`PayRefusal`]) and the payment's
//! [`PayError`], with the questions only a payment answers (may it be sent
//! again, did money move, what next).

use std::fmt;

use super::status::{LOOK_UP, PayStatus};
use crate::answer::AccessStatus;
use crate::card::{Brand, CardType};
use crate::error::{Delivery, Error, OperationStatus, Sealed};
use crate::attempt::JournalRefusal;
use crate::method::PaymentMethod;
use crate::outcome::{Failed, Money, NextStep, PaymentFailure};

/// A payment that did not succeed: [`Error`] with the payment's statuses.
/// Match on the variant, or ask [`delivery`](Error::delivery) and
/// [`is_safe_to_resend`](Error::is_safe_to_resend).
///
/// No variant carries a card number, CVV or client secret.
pub type PayError = Error<PayStatus>;

/// Why a payment was refused before sending. Nothing left the process.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PayRefusal {
    /// The order number is empty.
    EmptyOrderNo,
    /// The order accepts only deposit payments (`supportCreditTransPayment`
    /// is "0"); Atlas would answer 403 ([`PayRefusal::mirrors`]).
    MethodNotAllowedForOrder {
        /// The method the request uses.
        method: PaymentMethod,
    },
    /// The card's brand differs from the `cardType` given at order time;
    /// Atlas would answer 414.
    CardTypeMismatch {
        /// The `cardType` given at order time.
        card_type: CardType,
        /// The brand of the card in the request.
        brand: Brand,
    },
    /// The generated layer refused a field (a pattern or enum of the spec).
    Schema(String),
    /// The client's journal refused: an attempt for the order is open or
    /// paid, or the intent could not be recorded.
    Journal(JournalRefusal),
}

impl PayRefusal {
    /// The Atlas status this refusal stands for, when it refuses what Atlas
    /// would refuse: 403 for a card payment of a deposit-only order, 414 for
    /// a card of another brand than the order's `cardType`.
    pub fn mirrors(&self) -> Option<PayStatus> {
        match self {
            PayRefusal::MethodNotAllowedForOrder { .. } => Some(PayStatus::UnsupportedMethod),
            PayRefusal::CardTypeMismatch { .. } => Some(PayStatus::CardTypeMismatch),
            PayRefusal::EmptyOrderNo | PayRefusal::Schema(_) | PayRefusal::Journal(_) => None,
        }
    }

    /// What to do next: the next step of the status it mirrors (so the same
    /// problem gets the same next step whether the client or Atlas refuses
    /// it), otherwise [`NextStep::FixRequest`].
    pub fn next_step(&self) -> NextStep {
        match self {
            PayRefusal::Journal(JournalRefusal::Open { .. }) => NextStep::LookUpOrder,
            PayRefusal::Journal(JournalRefusal::AlreadyPaid { .. }) => NextStep::NeverPayAgain,
            PayRefusal::Journal(JournalRefusal::Unavailable(_)) => NextStep::SendAgain,
            _ => self
                .mirrors()
                .map_or(NextStep::FixRequest, PayStatus::next_step),
        }
    }
}

impl Error<PayStatus> {
    /// Whether sending the same payment again cannot charge twice: true only
    /// when nothing was sent, nothing arrived, or Atlas's answer proves no
    /// payment happened. The client never resends by itself either way.
    pub fn is_safe_to_resend(&self) -> bool {
        self.money() == Money::NotCharged
    }

    /// Whether money moved for this attempt: proven not, proven yes (615),
    /// or unknown until the order is looked up.
    pub fn money(&self) -> Money {
        match self {
            Error::NotSent(_) | Error::NotDelivered { .. } => Money::NotCharged,
            Error::Unknown { .. } => Money::Unknown,
            Error::Answered { status, .. } => status.money(),
        }
    }

    /// What to do next, per Atlas's retry classes. Paying again is always a
    /// deliberate, new request.
    pub fn next_step(&self) -> NextStep {
        match self {
            Error::NotSent(refusal) => refusal.next_step(),
            Error::NotDelivered { .. } => NextStep::SendAgain,
            Error::Unknown { .. } => NextStep::LookUpOrder,
            Error::Answered { status, .. } => status.next_step(),
        }
    }
}

impl fmt::Display for PayRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayRefusal::EmptyOrderNo => f.write_str("the order number is empty"),
            PayRefusal::MethodNotAllowedForOrder { method } => write!(
                f,
                "the order accepts only deposit payments, not {method} \
                 (Atlas would answer 403): pay by deposit"
            ),
            PayRefusal::CardTypeMismatch { card_type, brand } => {
                write!(
                    f,
                    "the order was created for a {card_type} card, not {brand} \
                     (Atlas would answer 414): pay with a {card_type} card"
                )
            }
            PayRefusal::Schema(detail) => {
                write!(f, "the request does not match the API schema: {detail}")
            }
            PayRefusal::Journal(refusal) => refusal.fmt(f),
        }
    }
}

impl std::error::Error for PayRefusal {}

impl Sealed for PayStatus {}

impl OperationStatus for PayStatus {
    type Refusal = PayRefusal;
    const DOCUMENTED: &'static [Self] = &PayStatus::DOCUMENTED;
    const REQUEST: &'static str = "payment";
    const IF_UNKNOWN: &'static str = LOOK_UP;

    fn undocumented(code: i64) -> Self {
        PayStatus::Other(code)
    }

    fn code(self) -> i64 {
        PayStatus::code(self)
    }

    fn advice(self) -> Option<&'static str> {
        Some(self.recommended_action())
    }

    /// Answered for a documented code; an undocumented one says nothing
    /// about the money, so the outcome is unknown.
    fn delivery(self) -> Delivery {
        if self.is_documented() {
            Delivery::Answered
        } else {
            Delivery::Unknown
        }
    }

    fn is_transient(self) -> bool {
        self == PayStatus::Access(AccessStatus::SystemError)
    }

    fn unbuildable(detail: String) -> PayRefusal {
        PayRefusal::Schema(detail)
    }
}

impl PaymentFailure for PayStatus {
    fn if_unpaid(self, method: Option<PaymentMethod>) -> Failed {
        let (next_step, advice) = match self {
            // Atlas's client reads 411 on a deposit payment as "payment could
            // not be confirmed: check the balance"; on a card, the gateway
            // refused it.
            PayStatus::GatewayError if method == Some(PaymentMethod::Deposit) => (
                NextStep::ChangeConditionFirst,
                "on a deposit payment: check the deposit balance (Client::balance), it may \
                 be insufficient; top up before paying again"
                    .to_owned(),
            ),
            PayStatus::GatewayError => (
                NextStep::ChangeCardOrMethod,
                "the same payment would fail the same way; pay with another card or method"
                    .to_owned(),
            ),
            // Atlas said paid, the order says unpaid: not a reading to pay on.
            PayStatus::AlreadyPaid | PayStatus::PaidPnrPending => (
                NextStep::LookUpOrder,
                "do not pay; hand it to a human".to_owned(),
            ),
            status => match status.next_step() {
                step @ (NextStep::FixRequest
                | NextStep::ChangeCardOrMethod
                | NextStep::ChangeConditionFirst
                | NextStep::NewOrder) => (
                    step,
                    format!(
                        "the same payment would fail the same way; {}",
                        status.recommended_action()
                    ),
                ),
                // 402, 406, 9999, -1, codes this version does not know: the
                // order's state was passing, and it now reads unpaid.
                _ => (NextStep::SendAgain, "a new payment is safe".to_owned()),
            },
        };
        Failed {
            code: self.code(),
            meaning: self.meaning(),
            next_step,
            advice,
        }
    }
}


impl From<PayRefusal> for PayError {
    fn from(refusal: PayRefusal) -> Self {
        Error::NotSent(refusal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Delivery, UnknownReason};
    use crate::outcome::{Money, NextStep};

    #[test]
    fn each_class_answers_delivery_and_resend() {
        let rejected = PayError::from(PayRefusal::EmptyOrderNo);
        assert_eq!(rejected.delivery(), Delivery::NotSent);
        assert!(rejected.is_safe_to_resend());

        let paid = PayError::Answered {
            status: PayStatus::AlreadyPaid,
            message: None,
        };
        assert_eq!(paid.delivery(), Delivery::Answered);
        assert!(!paid.is_safe_to_resend());
        assert_eq!(paid.status(), Some(PayStatus::AlreadyPaid));
        assert!(
            paid.to_string().contains("do not send the payment again"),
            "{paid}"
        );

        let unknown_code = PayError::Answered {
            status: PayStatus::Other(416),
            message: None,
        };
        assert_eq!(unknown_code.delivery(), Delivery::Unknown);
        assert!(!unknown_code.is_safe_to_resend());

        let pnr_pending = PayError::Answered {
            status: PayStatus::PaidPnrPending,
            message: None,
        };
        assert_eq!(pnr_pending.delivery(), Delivery::Answered);
        assert_eq!(pnr_pending.money(), Money::Charged);
        assert!(!pnr_pending.is_safe_to_resend());
        assert_eq!(pnr_pending.next_step(), NextStep::NeverPayAgain);

        let declined = PayError::Answered {
            status: PayStatus::CardDeclined,
            message: None,
        };
        assert_eq!(declined.money(), Money::NotCharged);
        assert!(declined.is_safe_to_resend());
        assert_eq!(declined.next_step(), NextStep::ChangeCardOrMethod);

        let timeout = PayError::Unknown {
            attempts: 1,
            reason: UnknownReason::Timeout,
            source: None,
        };
        assert_eq!(timeout.delivery(), Delivery::Unknown);
        assert!(!timeout.is_safe_to_resend());
        assert!(timeout.to_string().contains("look the order up"));
    }
}
