//! What the journal of attempts speaks of: where an attempt stands, why the
//! journal refuses a request, an attempt as recorded, and the journal's
//! errors; and what an operation tells the journal before and after its
//! call. The states and the refusal exist in every build (a refusal is a
//! variant of the operations' refusals); the rest comes with a journal
//! feature.

use std::fmt;
#[cfg(feature = "journal")]
use std::time::SystemTime;

use crate::error::Delivery;

/// Where a journaled attempt stands. Stored as the text [`as_str`](Self::as_str)
/// returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AttemptState {
    /// The intent is recorded and the call has not ended: it is in flight,
    /// or the process that made it died. Open: it blocks another attempt.
    Sending,
    /// The call ended and nobody can tell whether it ran (the answer was
    /// lost, or Atlas answered a status after which nobody can say). Open:
    /// `Client::recover` or a reconciliation settles it.
    Unknown,
    /// It ran: the order is paid, or the refund was submitted. A paid order
    /// blocks another payment for good.
    Succeeded,
    /// It did not run: not delivered, refused by Atlas, or settled as not
    /// paid or cancelled. A new, deliberate attempt may be made.
    Failed,
}

impl AttemptState {
    /// The stored text: `sending`, `unknown`, `succeeded` or `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptState::Sending => "sending",
            AttemptState::Unknown => "unknown",
            AttemptState::Succeeded => "succeeded",
            AttemptState::Failed => "failed",
        }
    }

    /// Reads the stored text back.
    pub fn parse(text: &str) -> Option<AttemptState> {
        [
            AttemptState::Sending,
            AttemptState::Unknown,
            AttemptState::Succeeded,
            AttemptState::Failed,
        ]
        .into_iter()
        .find(|state| state.as_str() == text)
    }

    /// Whether the attempt is still open: nobody knows yet whether it ran.
    pub fn is_open(self) -> bool {
        matches!(self, AttemptState::Sending | AttemptState::Unknown)
    }
}

impl fmt::Display for AttemptState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why the journal refused a request before it was sent. Nothing left the
/// process.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JournalRefusal {
    /// An earlier attempt for this order is open: it was sent, or is being
    /// sent, and nobody knows yet whether it ran. Settle it first
    /// (`Client::recover`, or reconciliation).
    Open {
        /// The open attempt's id in the journal.
        attempt: i64,
        /// Its state.
        state: AttemptState,
    },
    /// The journal records this order as paid. Never pay it again.
    AlreadyPaid {
        /// The attempt that paid it.
        attempt: i64,
    },
    /// The intent could not be recorded (the store is unreachable, full or
    /// read-only), so the request was not sent: the journal fails closed.
    Unavailable(String),
}

impl fmt::Display for JournalRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalRefusal::Open { attempt, state } => write!(
                f,
                "attempt {attempt} for this order is open ({state}): settle it \
                 (Client::recover or reconcile) before sending another"
            ),
            JournalRefusal::AlreadyPaid { attempt } => write!(
                f,
                "the journal records this order as paid (attempt {attempt}): never pay it again"
            ),
            JournalRefusal::Unavailable(detail) => write!(
                f,
                "the journal could not record the intent, so nothing was sent: {detail}"
            ),
        }
    }
}

impl std::error::Error for JournalRefusal {}

/// What an operation records before sending. Never a card number, CVV,
/// secret or passenger's data: only these fields exist.
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "journal"), allow(dead_code))]
pub(crate) struct Intent<'a> {
    /// The operation's id (`pay`, `refund`).
    pub(crate) operation: &'static str,
    pub(crate) order_no: &'a str,
    /// How the money moves (`deposit`, a card method), if the operation says.
    pub(crate) method: Option<String>,
    /// The amount and its currency, where known before sending.
    pub(crate) amount: Option<(String, String)>,
    /// The card's brand and last four digits, for a card payment.
    pub(crate) card: Option<(String, String)>,
    /// Whether a success blocks any later attempt for the order (a payment:
    /// an order is paid once).
    pub(crate) success_is_final: bool,
}

/// Where the call left the attempt, as the operation reads its result.
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "journal"), allow(dead_code))]
pub(crate) struct Ending {
    pub(crate) state: AttemptState,
    pub(crate) delivery: Option<Delivery>,
    pub(crate) status_code: Option<i64>,
    /// Atlas's reference for what ran (a refund code).
    pub(crate) reference: Option<String>,
}

#[cfg(feature = "journal")]
/// One attempt as the journal recorded it. Holds no card number, CVV,
/// secret or passenger's data: the journal never has them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Attempt {
    /// The attempt's id in the journal.
    pub id: i64,
    /// The operation (`pay`, `refund`).
    pub operation: String,
    /// The order.
    pub order_no: String,
    /// How the money moves, if the operation said.
    pub method: Option<String>,
    /// The amount, where known before sending.
    pub amount: Option<String>,
    /// The amount's currency.
    pub currency: Option<String>,
    /// The card's brand, for a card payment.
    pub card_brand: Option<String>,
    /// The card's last four digits, for a card payment.
    pub card_last4: Option<String>,
    /// When the intent was recorded, on the client's wall clock.
    pub attempted_at: SystemTime,
    /// Where it stands.
    pub state: AttemptState,
    /// Where the request stood when the call ended
    /// ([`Delivery::as_str`]), once it ended.
    pub delivery: Option<String>,
    /// The status Atlas answered with, if it answered.
    pub status_code: Option<i64>,
    /// Atlas's reference for what ran (a refund code), if one came back.
    pub reference: Option<String>,
    /// How a reconciliation settled it (`paid`, `not-paid`, `cancelled`,
    /// `submitted`), if one did.
    pub settlement: Option<String>,
}

#[cfg(feature = "journal")]
/// The journal could not be opened, read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JournalError {
    /// The client has no journal ([`ClientBuilder::journal`](crate::ClientBuilder::journal)).
    NotConfigured,
    /// The store refused or could not be reached; the driver's message.
    Store(String),
    /// The store holds a schema newer than this version of the crate
    /// knows: a newer atlas-pay migrated it.
    SchemaTooNew {
        /// The newest migration in the store.
        found: i64,
        /// The newest migration this crate has.
        known: i64,
    },
    /// A stored row this version cannot read.
    Unreadable(String),
}

#[cfg(feature = "journal")]
impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalError::NotConfigured => f.write_str("the client has no journal"),
            JournalError::Store(detail) => write!(f, "the journal's store failed: {detail}"),
            JournalError::SchemaTooNew { found, known } => write!(
                f,
                "the journal's schema is at migration {found}, newer than this atlas-pay \
                 knows ({known}): upgrade atlas-pay"
            ),
            JournalError::Unreadable(detail) => {
                write!(f, "a journal row could not be read: {detail}")
            }
        }
    }
}

#[cfg(feature = "journal")]
impl std::error::Error for JournalError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_reads_back_from_its_stored_text_and_only_open_ones_are_open() {
        let all = [
            AttemptState::Sending,
            AttemptState::Unknown,
            AttemptState::Succeeded,
            AttemptState::Failed,
        ];
        for state in all {
            assert_eq!(AttemptState::parse(state.as_str()), Some(state));
            assert_eq!(state.to_string(), state.as_str());
        }
        assert_eq!(AttemptState::parse("paid"), None);
        let open: Vec<_> = all.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, [AttemptState::Sending, AttemptState::Unknown]);
    }

    #[test]
    fn a_refusal_says_what_to_do() {
        let open = JournalRefusal::Open {
            attempt: 7,
            state: AttemptState::Unknown,
        };
        assert!(open.to_string().contains("attempt 7"));
        assert!(open.to_string().contains("settle it"));
        assert!(
            JournalRefusal::AlreadyPaid { attempt: 3 }
                .to_string()
                .contains("never pay it again")
        );
        assert!(
            JournalRefusal::Unavailable("disk full".into())
                .to_string()
                .contains("nothing was sent: disk full")
        );
    }
}
