//! Payment errors, classified by what they mean for the money.

use std::fmt;

use super::status::Status;
use crate::answer::VendorMessage;
use crate::answer::message::DisplayMessage;
use crate::call::Delivery;
use crate::card::{Brand, CardType};
use crate::method::PaymentMethod;
use crate::outcome::{Money, NextStep};
use crate::transport::{Traced, UnknownReason};

/// Why a request was refused before sending. Nothing left the process.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError {
    /// The order number is empty.
    EmptyOrderNo,
    /// The order accepts only balance payments (`supportCreditTransPayment`
    /// is "0"); Atlas would answer 403 ([`RequestError::mirrors`]).
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
}

/// A payment that did not succeed. Match on the variant, or ask
/// [`delivery`](Self::delivery) and [`is_safe_to_resend`](Self::is_safe_to_resend).
///
/// No variant carries a card number, CVV or client secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum PayError {
    /// Refused before sending: nothing left the process.
    Rejected(RequestError),
    /// The request never reached Atlas; sending again is safe.
    NotDelivered {
        /// The transport error.
        source: reqwest::Error,
    },
    /// The payment may or may not have happened.
    OutcomeUnknown {
        /// Why the outcome is unknown.
        reason: UnknownReason,
        /// The transport error, if one caused it.
        source: Option<reqwest::Error>,
    },
    /// Atlas answered with a non-zero status.
    Status {
        /// The status Atlas answered with.
        status: Status,
        /// Atlas's `msg`, for humans only. Never decide on it.
        message: Option<VendorMessage>,
    },
}

impl RequestError {
    /// The Atlas status this refusal stands for, when it refuses what Atlas
    /// would refuse: 403 for a card payment of a deposit-only order, 414 for
    /// a card of another brand than the order's `cardType`.
    pub fn mirrors(&self) -> Option<Status> {
        match self {
            RequestError::MethodNotAllowedForOrder { .. } => Some(Status::UnsupportedMethod),
            RequestError::CardTypeMismatch { .. } => Some(Status::CardTypeMismatch),
            RequestError::EmptyOrderNo | RequestError::Schema(_) => None,
        }
    }

    /// What to do next: the next step of the status it mirrors (so the same
    /// problem gets the same next step whether the client or Atlas refuses
    /// it), otherwise [`NextStep::FixRequest`].
    pub fn next_step(&self) -> NextStep {
        self.mirrors()
            .map_or(NextStep::FixRequest, Status::next_step)
    }
}

impl PayError {
    /// Where the payment stands.
    pub fn delivery(&self) -> Delivery {
        match self {
            PayError::Rejected(_) => Delivery::NotSent,
            PayError::NotDelivered { .. } => Delivery::NotDelivered,
            PayError::OutcomeUnknown { .. } => Delivery::Unknown,
            PayError::Status { status, .. } if status.is_documented() => Delivery::Answered,
            PayError::Status { .. } => Delivery::Unknown,
        }
    }

    /// Whether sending the same payment again cannot charge twice: true only
    /// when nothing was sent, nothing arrived, or Atlas's answer proves no
    /// payment happened. The client never resends by itself either way.
    pub fn is_safe_to_resend(&self) -> bool {
        match self {
            PayError::Rejected(_) | PayError::NotDelivered { .. } => true,
            PayError::OutcomeUnknown { .. } => false,
            PayError::Status { status, .. } => status.proves_no_charge(),
        }
    }

    /// Whether money moved for this attempt: proven not, proven yes (615),
    /// or unknown until the order is looked up.
    pub fn money(&self) -> Money {
        match self {
            PayError::Rejected(_) | PayError::NotDelivered { .. } => Money::NotCharged,
            PayError::OutcomeUnknown { .. } => Money::Unknown,
            PayError::Status { status, .. } => status.money(),
        }
    }

    /// What to do next, per Atlas's retry classes. Paying again is always a
    /// deliberate, new request.
    pub fn next_step(&self) -> NextStep {
        match self {
            PayError::Rejected(error) => error.next_step(),
            PayError::NotDelivered { .. } => NextStep::SendAgain,
            PayError::OutcomeUnknown { .. } => NextStep::LookUpOrder,
            PayError::Status { status, .. } => status.next_step(),
        }
    }

    /// The status Atlas answered with, if it answered.
    pub fn status(&self) -> Option<Status> {
        match self {
            PayError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Atlas's human-readable message, if it answered with one.
    pub fn message(&self) -> Option<&str> {
        match self {
            PayError::Status { message, .. } => message.as_ref().map(VendorMessage::as_str),
            _ => None,
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::EmptyOrderNo => f.write_str("the order number is empty"),
            RequestError::MethodNotAllowedForOrder { method } => write!(
                f,
                "the order accepts only balance (deposit) payments, not {method} \
                 (Atlas would answer 403): pay by deposit"
            ),
            RequestError::CardTypeMismatch { card_type, brand } => {
                write!(
                    f,
                    "the order was created for a {card_type} card, not {brand} \
                     (Atlas would answer 414): pay with a {card_type} card"
                )
            }
            RequestError::Schema(detail) => {
                write!(f, "the request does not match the API schema: {detail}")
            }
        }
    }
}

impl std::error::Error for RequestError {}

impl fmt::Display for PayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayError::Rejected(error) => write!(f, "payment not sent: {error}"),
            PayError::NotDelivered { source } => {
                write!(f, "payment not delivered, safe to send again: {source}")
            }
            PayError::OutcomeUnknown { reason, .. } => write!(
                f,
                "payment outcome unknown ({reason}): look the order up before anything else \
                 (Client::reconcile settles it); never resend blindly"
            ),
            PayError::Status { status, message } => write!(
                f,
                "Atlas answered {status}: {}{}",
                status.recommended_action(),
                DisplayMessage(message.as_ref())
            ),
        }
    }
}

impl std::error::Error for PayError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PayError::Rejected(error) => Some(error),
            PayError::NotDelivered { source } => Some(source),
            PayError::OutcomeUnknown { source, .. } => source
                .as_ref()
                .map(|source| source as &(dyn std::error::Error + 'static)),
            PayError::Status { .. } => None,
        }
    }
}

impl Traced for PayError {
    fn status_code(&self) -> Option<i64> {
        self.status().map(Status::code)
    }

    fn delivery(&self) -> &'static str {
        PayError::delivery(self).as_str()
    }
}

impl From<RequestError> for PayError {
    fn from(error: RequestError) -> Self {
        PayError::Rejected(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Money, NextStep};

    #[test]
    fn each_class_answers_delivery_and_resend() {
        let rejected = PayError::from(RequestError::EmptyOrderNo);
        assert_eq!(rejected.delivery(), Delivery::NotSent);
        assert!(rejected.is_safe_to_resend());

        let paid = PayError::Status {
            status: Status::AlreadyPaid,
            message: None,
        };
        assert_eq!(paid.delivery(), Delivery::Answered);
        assert!(!paid.is_safe_to_resend());
        assert_eq!(paid.status(), Some(Status::AlreadyPaid));
        assert!(
            paid.to_string().contains("do not send the payment again"),
            "{paid}"
        );

        let unknown_code = PayError::Status {
            status: Status::Other(416),
            message: None,
        };
        assert_eq!(unknown_code.delivery(), Delivery::Unknown);
        assert!(!unknown_code.is_safe_to_resend());

        let pnr_pending = PayError::Status {
            status: Status::PaidPnrPending,
            message: None,
        };
        assert_eq!(pnr_pending.delivery(), Delivery::Answered);
        assert_eq!(pnr_pending.money(), Money::Charged);
        assert!(!pnr_pending.is_safe_to_resend());
        assert_eq!(pnr_pending.next_step(), NextStep::NeverPayAgain);

        let declined = PayError::Status {
            status: Status::CardDeclined,
            message: None,
        };
        assert_eq!(declined.money(), Money::NotCharged);
        assert!(declined.is_safe_to_resend());
        assert_eq!(declined.next_step(), NextStep::ChangeCardOrMethod);

        let timeout = PayError::OutcomeUnknown {
            reason: UnknownReason::Timeout,
            source: None,
        };
        assert_eq!(timeout.delivery(), Delivery::Unknown);
        assert!(!timeout.is_safe_to_resend());
        assert!(timeout.to_string().contains("look the order up"));
    }
}
