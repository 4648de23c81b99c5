//! What a call to any operation can end in, for the operations whose pages
//! list no status codes of their own (the deposit balance, stopping ticket
//! issuance): where the request stands ([`Delivery`]) and a typed error
//! ([`CallError`]) built from the shared transport's failures.
//!
//! Payments and order queries have richer errors of their own
//! ([`PayError`](crate::PayError), [`QueryError`](crate::QueryError)); they
//! share [`Delivery`].

use std::fmt;

use crate::answer::message::DisplayMessage;
use crate::answer::{AccessStatus, VendorMessage};
use crate::transport::{Failure, Traced, UnknownReason};

/// Where a failed request stands: the one question to answer before doing
/// anything else with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Delivery {
    /// Rejected before sending: nothing left the process.
    NotSent,
    /// The request never reached Atlas (connection refused, DNS failure, TLS
    /// handshake): nothing can have happened, so sending again is safe.
    NotDelivered,
    /// Atlas may have received the request and acted on it (timeout or reset
    /// after the request was written, HTTP 5xx, an undecodable body, an
    /// undocumented status): look the order up before anything else; never
    /// resend blindly.
    Unknown,
    /// Atlas answered with a documented status.
    Answered,
}

impl Delivery {
    /// The variant's name, as the tracing span records it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Delivery::NotSent => "NotSent",
            Delivery::NotDelivered => "NotDelivered",
            Delivery::Unknown => "Unknown",
            Delivery::Answered => "Answered",
        }
    }
}

/// A non-zero `status` of an operation whose page documents only 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OperationStatus {
    /// An access-level code, shared by every operation.
    Access(AccessStatus),
    /// Any other code: Atlas documents none for this operation, so it is
    /// kept as a number. The message says what happened.
    Other(i64),
}

impl OperationStatus {
    /// The status a non-zero code names.
    pub fn from_code(code: i64) -> Self {
        AccessStatus::from_code(code).map_or(OperationStatus::Other(code), OperationStatus::Access)
    }

    /// The code on the wire.
    pub fn code(self) -> i64 {
        match self {
            OperationStatus::Access(access) => access.code(),
            OperationStatus::Other(code) => code,
        }
    }
}

impl fmt::Display for OperationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OperationStatus::Access(access) => write!(f, "{access}"),
            OperationStatus::Other(code) => write!(f, "{code}"),
        }
    }
}

/// A call that did not succeed (the deposit balance, stopping ticket
/// issuance). Every variant says where the request stands
/// ([`delivery`](Self::delivery)); the client never resends a request that
/// changes an order by itself.
#[derive(Debug)]
#[non_exhaustive]
pub enum CallError {
    /// Refused before sending: nothing left the process.
    Rejected(&'static str),
    /// The request never reached Atlas; sending again is safe.
    NotDelivered {
        /// The transport error.
        source: reqwest::Error,
    },
    /// The request may or may not have been acted on.
    OutcomeUnknown {
        /// Why the outcome is unknown.
        reason: UnknownReason,
        /// The transport error, if one caused it.
        source: Option<reqwest::Error>,
    },
    /// Atlas answered with a non-zero status.
    Status {
        /// The status Atlas answered with.
        status: OperationStatus,
        /// Atlas's `msg`, for humans only. Never decide on it.
        message: Option<VendorMessage>,
    },
}

impl CallError {
    /// Where the request stands. A status other than the access-level codes
    /// is [`Delivery::Answered`]: Atlas refused the request.
    pub fn delivery(&self) -> Delivery {
        match self {
            CallError::Rejected(_) => Delivery::NotSent,
            CallError::NotDelivered { .. } => Delivery::NotDelivered,
            CallError::OutcomeUnknown { .. } => Delivery::Unknown,
            CallError::Status {
                status: OperationStatus::Access(access),
                ..
            } if !access.refused_before_running() => Delivery::Unknown,
            CallError::Status { .. } => Delivery::Answered,
        }
    }

    /// The status Atlas answered with, if it answered.
    pub fn status(&self) -> Option<OperationStatus> {
        match self {
            CallError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Atlas's human-readable message, if it answered with one.
    pub fn message(&self) -> Option<&str> {
        match self {
            CallError::Status { message, .. } => message.as_ref().map(VendorMessage::as_str),
            _ => None,
        }
    }

    /// Whether asking again may help a read-only call (transport failures,
    /// 9999); never a reason to resend a call that changes an order.
    pub fn is_transient(&self) -> bool {
        match self {
            CallError::NotDelivered { .. } | CallError::OutcomeUnknown { .. } => true,
            CallError::Status {
                status: OperationStatus::Access(AccessStatus::SystemError),
                ..
            } => true,
            CallError::Rejected(_) | CallError::Status { .. } => false,
        }
    }
}

impl From<Failure> for CallError {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Invalid(_) => CallError::Rejected("the request could not be built"),
            Failure::NotDelivered(source) => CallError::NotDelivered { source },
            Failure::Unknown { reason, source } => CallError::OutcomeUnknown { reason, source },
            Failure::Status { code, message } => CallError::Status {
                status: OperationStatus::from_code(code),
                message,
            },
        }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Rejected(why) => write!(f, "not sent: {why}"),
            CallError::NotDelivered { source } => {
                write!(f, "not delivered, safe to send again: {source}")
            }
            CallError::OutcomeUnknown { reason, .. } => write!(
                f,
                "outcome unknown ({reason}): look the order up before anything else; never resend blindly"
            ),
            CallError::Status { status, message } => write!(
                f,
                "Atlas answered {status}{}",
                DisplayMessage(message.as_ref())
            ),
        }
    }
}

impl std::error::Error for CallError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallError::NotDelivered { source } => Some(source),
            CallError::OutcomeUnknown { source, .. } => source
                .as_ref()
                .map(|source| source as &(dyn std::error::Error + 'static)),
            CallError::Rejected(_) | CallError::Status { .. } => None,
        }
    }
}

impl Traced for CallError {
    fn status_code(&self) -> Option<i64> {
        self.status().map(OperationStatus::code)
    }

    fn delivery(&self) -> &'static str {
        CallError::delivery(self).as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_gate_refusals_and_other_codes_are_answered() {
        let status = |code| CallError::Status {
            status: OperationStatus::from_code(code),
            message: None,
        };
        assert_eq!(status(900).delivery(), Delivery::Answered);
        assert_eq!(status(9999).delivery(), Delivery::Unknown);
        assert_eq!(status(-1).delivery(), Delivery::Unknown);
        assert_eq!(status(123).delivery(), Delivery::Answered);
        assert!(status(9999).is_transient());
        assert!(!status(900).is_transient());
        assert_eq!(status(123).status(), Some(OperationStatus::Other(123)));
    }
}
