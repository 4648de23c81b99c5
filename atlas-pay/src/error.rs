//! The one error vocabulary every operation shares: where a request stands
//! ([`Delivery`]), why an outcome is unknown ([`UnknownReason`]), what a
//! status of an operation says ([`OperationStatus`]), and the error itself
//! ([`Error`]), generic over the operation's status type.
//!
//! Naming, for every operation `X` (`Pay`, `QueryOrder`, …): its statuses
//! are `XStatus`, what it refuses before sending is `XRefusal`, and its
//! error is `XError`, an alias of `Error<XStatus>`. An operation whose page
//! documents no status codes of its own uses [`Code`] and [`Refusal`].
//!
//! This module knows no operation.

use std::fmt;
use std::hash::Hash;

use crate::answer::message::DisplayMessage;
use crate::answer::{AccessStatus, VendorMessage};

/// Where a failed request stands: the one question to answer before doing
/// anything else with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Delivery {
    /// Refused before sending: nothing left the process.
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
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::NotSent => "NotSent",
            Delivery::NotDelivered => "NotDelivered",
            Delivery::Unknown => "Unknown",
            Delivery::Answered => "Answered",
        }
    }
}

impl fmt::Display for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The most bytes of an answer's body the client reads (after
/// decompression): 1 MiB. Atlas answers a payment with a few hundred bytes and
/// an order query with a few tens of kilobytes, a proxy's error page with a
/// few kilobytes; anything longer is cut off and reported as
/// [`UnknownReason::OversizedBody`], so a misbehaving server cannot make the
/// client buffer without bound.
pub const MAX_ANSWER_BYTES: usize = 1 << 20;

/// Why the outcome of a sent request is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnknownReason {
    /// No complete answer within the client's timeout.
    Timeout,
    /// The connection failed after the request may have been written.
    ConnectionLost,
    /// An HTTP status other than 200 without a readable Atlas status.
    Http(u16),
    /// A body that is not the documented JSON.
    UndecodableBody,
    /// A body longer than the client reads ([`MAX_ANSWER_BYTES`]); the rest
    /// was not read.
    OversizedBody,
    /// Success was reported about something other than what was asked: the
    /// answer's `field` (an order number, a PNR, a deposit account's
    /// currency) is not the one the request named.
    EchoMismatch {
        /// The answer field, as the wire spells it (`orderNo`, `pnrCode`, …).
        field: &'static str,
        /// What Atlas echoed, if anything.
        echoed: Option<String>,
    },
    /// An answer with `status` 0 that lacks what the documented answer
    /// always carries (its order number or order status).
    Incomplete(&'static str),
}

impl fmt::Display for UnknownReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnknownReason::Timeout => f.write_str("no answer within the timeout"),
            UnknownReason::ConnectionLost => {
                f.write_str("the connection failed after the request may have been written")
            }
            UnknownReason::Http(code) => write!(f, "HTTP {code} without an Atlas status"),
            UnknownReason::UndecodableBody => f.write_str("the answer is not the documented JSON"),
            UnknownReason::OversizedBody => {
                write!(f, "the answer is longer than {MAX_ANSWER_BYTES} bytes")
            }
            UnknownReason::EchoMismatch {
                field,
                echoed: Some(echoed),
            } => write!(
                f,
                "success reported about another {field} than asked ({echoed})"
            ),
            UnknownReason::EchoMismatch {
                field,
                echoed: None,
            } => write!(f, "success reported without the {field} asked about"),
            UnknownReason::Incomplete(what) => write!(f, "success reported without {what}"),
        }
    }
}

impl std::error::Error for UnknownReason {}

mod sealed {
    pub trait Sealed {}
}
pub(crate) use sealed::Sealed;

/// The statuses of one operation: a non-zero `status` Atlas answered with,
/// typed. Implemented by each operation's `XStatus` and by [`Code`]; sealed.
///
/// Decide on a status, never on the human-readable `msg`.
pub trait OperationStatus:
    Sealed + Copy + Eq + Hash + fmt::Debug + fmt::Display + Send + Sync + 'static
{
    /// Why the operation refuses a request before sending it.
    type Refusal: std::error::Error + Send + Sync + 'static;

    /// Every status this version documents for the operation, access-level
    /// codes included.
    const DOCUMENTED: &'static [Self];

    /// What to do when the outcome of a sent request is unknown.
    const IF_UNKNOWN: &'static str;

    /// What the operation's requests are called in messages ("payment",
    /// "order query", …).
    const REQUEST: &'static str;

    /// A code this version does not document, kept as a number.
    fn undocumented(code: i64) -> Self;

    /// The code on the wire.
    fn code(self) -> i64;

    /// What to do about this status, when the operation's documentation
    /// says more than its meaning.
    fn advice(self) -> Option<&'static str> {
        None
    }

    /// The status a non-zero code names.
    fn from_code(code: i64) -> Self {
        Self::DOCUMENTED
            .iter()
            .copied()
            .find(|status| status.code() == code)
            .unwrap_or_else(|| Self::undocumented(code))
    }

    /// Where a request answered with this status stands:
    /// [`Delivery::Answered`] when the status says what happened,
    /// [`Delivery::Unknown`] when it does not (an undocumented code, or
    /// one after which nobody can say whether the operation ran).
    fn delivery(self) -> Delivery;

    /// Whether asking again may help a read-only call. Never a reason to
    /// resend a call that changes an order.
    fn is_transient(self) -> bool;

    /// The refusal for a request the HTTP client could not build.
    #[doc(hidden)]
    fn unbuildable(detail: String) -> Self::Refusal;
}

/// The status of an operation whose page documents only 0 (the deposit
/// balance, stopping ticket issuance): an access-level code, or any other
/// code kept as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Code {
    /// An access-level code, shared by every operation.
    Access(AccessStatus),
    /// Any other code: Atlas documents none for this operation. The message
    /// says what happened.
    Other(i64),
}

const ACCESS_CODES: [Code; 5] = [
    Code::Access(AccessStatus::Unauthorized),
    Code::Access(AccessStatus::IllegalRequestData),
    Code::Access(AccessStatus::AccessDenied),
    Code::Access(AccessStatus::SystemError),
    Code::Access(AccessStatus::CommonError),
];

impl Sealed for Code {}

impl OperationStatus for Code {
    type Refusal = Refusal;
    const DOCUMENTED: &'static [Self] = &ACCESS_CODES;
    const IF_UNKNOWN: &'static str = "ask again if the call only reads; if it changes an order, \
         look the order up before sending it again";
    const REQUEST: &'static str = "request";

    fn undocumented(code: i64) -> Self {
        Code::Other(code)
    }

    fn code(self) -> i64 {
        match self {
            Code::Access(access) => access.code(),
            Code::Other(code) => code,
        }
    }

    /// Atlas refused the request ([`Delivery::Answered`]) unless it answered
    /// 9999 or -1, after which nobody can say whether the call ran.
    fn delivery(self) -> Delivery {
        match self {
            Code::Access(access) if !access.refused_before_running() => Delivery::Unknown,
            _ => Delivery::Answered,
        }
    }

    fn is_transient(self) -> bool {
        self == Code::Access(AccessStatus::SystemError)
    }

    fn advice(self) -> Option<&'static str> {
        match self {
            Code::Access(access) => access.remedy(),
            Code::Other(_) => None,
        }
    }

    fn unbuildable(detail: String) -> Refusal {
        Refusal::Unbuildable(detail)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Access(access) => write!(f, "{access}"),
            Code::Other(code) => write!(f, "{code}"),
        }
    }
}

/// Why a call whose statuses are [`Code`] was refused before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// An argument the page constrains is not acceptable; the text says
    /// which and why.
    Argument(&'static str),
    /// The HTTP client could not build the request.
    Unbuildable(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Argument(why) => f.write_str(why),
            Refusal::Unbuildable(detail) => write!(f, "the request could not be built: {detail}"),
        }
    }
}

impl std::error::Error for Refusal {}

/// A call that did not succeed, for an operation whose statuses are `S`.
/// Each operation names it: [`PayError`](crate::PayError) is
/// `Error<PayStatus>`, and so on.
///
/// The variants are where the request stands; [`delivery`](Self::delivery)
/// refines them (an undocumented status is [`Delivery::Unknown`]). The
/// client never resends a request that changes an order by itself. No
/// variant carries a card number, CVV, client secret or personal data.
#[non_exhaustive]
pub enum Error<S: OperationStatus> {
    /// Refused before sending: nothing left the process.
    NotSent(S::Refusal),
    /// The connection was never made (refused, DNS, TLS): nothing reached
    /// Atlas, so sending again is safe.
    NotDelivered {
        /// How many requests were attempted (more than one only for a call
        /// that only reads, retried by the client).
        attempts: u32,
        /// The last transport error.
        source: reqwest::Error,
    },
    /// The request may or may not have been acted on: no usable answer
    /// came back.
    Unknown {
        /// How many requests were sent.
        attempts: u32,
        /// Why the outcome is unknown.
        reason: UnknownReason,
        /// The transport error, if one caused it.
        source: Option<reqwest::Error>,
    },
    /// Atlas answered with a non-zero status.
    Answered {
        /// The status Atlas answered with.
        status: S,
        /// Atlas's `msg`, for humans only (masked). Never decide on it.
        message: Option<VendorMessage>,
    },
}

impl<S: OperationStatus> Error<S> {
    /// Where the request stands.
    pub fn delivery(&self) -> Delivery {
        match self {
            Error::NotSent(_) => Delivery::NotSent,
            Error::NotDelivered { .. } => Delivery::NotDelivered,
            Error::Unknown { .. } => Delivery::Unknown,
            Error::Answered { status, .. } => status.delivery(),
        }
    }

    /// The status Atlas answered with, if it answered.
    pub fn status(&self) -> Option<S> {
        match self {
            Error::Answered { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Atlas's human-readable message, if it answered with one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Answered { message, .. } => message.as_ref().map(VendorMessage::as_str),
            _ => None,
        }
    }

    /// Why the request was refused before sending, if it was.
    pub fn refusal(&self) -> Option<&S::Refusal> {
        match self {
            Error::NotSent(refusal) => Some(refusal),
            _ => None,
        }
    }

    /// How many requests were sent or attempted: 0 when refused before
    /// sending, 1 when answered.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::NotSent(_) => 0,
            Error::NotDelivered { attempts, .. } | Error::Unknown { attempts, .. } => *attempts,
            Error::Answered { .. } => 1,
        }
    }

    /// Whether asking again later may help a call that only reads:
    /// transport failures and the statuses the operation calls transient.
    /// Never a reason to resend a call that changes an order.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::NotSent(_) => false,
            Error::NotDelivered { .. } | Error::Unknown { .. } => true,
            Error::Answered { status, .. } => status.is_transient(),
        }
    }

    /// An unknown outcome that no transport error caused (an answer that is
    /// not what was asked about, or lacks what it always carries).
    pub(crate) fn unknown(reason: UnknownReason) -> Self {
        Error::Unknown {
            attempts: 1,
            reason,
            source: None,
        }
    }

    /// The same failure, counted as the last of `attempts` requests.
    pub(crate) fn after_attempts(self, attempts: u32) -> Self {
        match self {
            Error::NotDelivered { source, .. } => Error::NotDelivered { attempts, source },
            Error::Unknown { reason, source, .. } => Error::Unknown {
                attempts,
                reason,
                source,
            },
            other => other,
        }
    }
}

impl<S: OperationStatus> fmt::Debug for Error<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotSent(refusal) => f.debug_tuple("NotSent").field(refusal).finish(),
            Error::NotDelivered { attempts, source } => f
                .debug_struct("NotDelivered")
                .field("attempts", attempts)
                .field("source", source)
                .finish(),
            Error::Unknown {
                attempts,
                reason,
                source,
            } => f
                .debug_struct("Unknown")
                .field("attempts", attempts)
                .field("reason", reason)
                .field("source", source)
                .finish(),
            Error::Answered { status, message } => f
                .debug_struct("Answered")
                .field("status", status)
                .field("message", message)
                .finish(),
        }
    }
}

impl<S: OperationStatus> fmt::Display for Error<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotSent(refusal) => write!(f, "{} not sent: {refusal}", S::REQUEST),
            Error::NotDelivered { attempts, source } => write!(
                f,
                "{} not delivered ({attempts} attempt(s)), safe to send again: {source}",
                S::REQUEST
            ),
            Error::Unknown {
                attempts, reason, ..
            } => write!(
                f,
                "{} outcome unknown after {attempts} attempt(s) ({reason}): {}",
                S::REQUEST,
                S::IF_UNKNOWN
            ),
            Error::Answered { status, message } => {
                write!(f, "Atlas answered {status}")?;
                if let Some(advice) = status.advice() {
                    write!(f, ": {advice}")?;
                }
                write!(f, "{}", DisplayMessage(message.as_ref()))
            }
        }
    }
}

impl<S: OperationStatus> std::error::Error for Error<S> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::NotSent(refusal) => Some(refusal),
            Error::NotDelivered { source, .. } => Some(source),
            Error::Unknown { source, .. } => source
                .as_ref()
                .map(|source| source as &(dyn std::error::Error + 'static)),
            Error::Answered { .. } => None,
        }
    }
}

/// Holds a status type to its documented codes: each code names a
/// documented status that gives the code back, there are no others, and
/// `unknown` is kept as an undocumented number.
#[cfg(test)]
pub(crate) fn assert_codes_round_trip<S: OperationStatus>(documented: &[i64], unknown: i64) {
    assert_eq!(documented.len(), S::DOCUMENTED.len(), "{documented:?}");
    for &code in documented {
        let status = S::from_code(code);
        assert_ne!(status, S::undocumented(code), "{code} is documented");
        assert_eq!(status.code(), code);
    }
    assert_eq!(S::from_code(unknown), S::undocumented(unknown));
    assert_eq!(S::from_code(unknown).code(), unknown);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_access_codes_round_trip() {
        assert_codes_round_trip::<Code>(&[900, 901, 902, 9999, -1], 400);
    }

    fn answered(code: i64) -> Error<Code> {
        Error::Answered {
            status: Code::from_code(code),
            message: None,
        }
    }

    #[test]
    fn only_gate_refusals_and_other_codes_are_answered() {
        assert_eq!(answered(900).delivery(), Delivery::Answered);
        assert_eq!(answered(9999).delivery(), Delivery::Unknown);
        assert_eq!(answered(-1).delivery(), Delivery::Unknown);
        assert_eq!(answered(123).delivery(), Delivery::Answered);
        assert!(answered(9999).is_transient());
        assert!(!answered(900).is_transient());
        assert_eq!(answered(123).status(), Some(Code::Other(123)));
        assert_eq!(
            answered(900).status(),
            Some(Code::Access(AccessStatus::Unauthorized))
        );
    }

    #[test]
    fn attempts_and_delivery_follow_the_variant() {
        let refused: Error<Code> = Error::NotSent(Refusal::Argument("empty"));
        assert_eq!(refused.delivery(), Delivery::NotSent);
        assert_eq!(refused.attempts(), 0);
        assert!(refused.refusal().is_some());
        assert!(!refused.is_transient());
        let unknown: Error<Code> = Error::unknown(UnknownReason::Timeout).after_attempts(3);
        assert_eq!(unknown.attempts(), 3);
        assert_eq!(unknown.delivery(), Delivery::Unknown);
        assert!(
            unknown.to_string().contains("after 3 attempt(s)"),
            "{unknown}"
        );
    }
}
