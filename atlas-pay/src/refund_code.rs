//! The statuses the three refund pages (quotation, submission, status
//! query) document (0 success, 2 system error,
//! besides the access-level codes every endpoint shares), and what the
//! client refuses before sending a refund request.

use std::fmt;

use crate::answer::AccessStatus;
use crate::attempt::JournalRefusal;
use crate::error::{Delivery, OperationStatus, Sealed};
use crate::flight_date::FlightDate;

/// A non-zero status of a refund operation (the quotation, the
/// submission, the status query).
///
/// The refund pages document only 2 (system error). After a submission,
/// neither 2 nor a code they do not document says whether the refund was
/// made: both are [`Delivery::Unknown`], to settle with
/// [`Client::reconcile_refund`](crate::Client::reconcile_refund), never by
/// submitting again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefundCode {
    /// 2: Atlas system error.
    SystemError,
    /// An access-level code, shared by every operation.
    Access(AccessStatus),
    /// A code the refund pages do not document, kept as a number. The
    /// message says what happened.
    Undocumented(i64),
}

const DOCUMENTED: [RefundCode; 6] = [
    RefundCode::SystemError,
    RefundCode::Access(AccessStatus::Unauthorized),
    RefundCode::Access(AccessStatus::IllegalRequestData),
    RefundCode::Access(AccessStatus::AccessDenied),
    RefundCode::Access(AccessStatus::SystemError),
    RefundCode::Access(AccessStatus::CommonError),
];

impl Sealed for RefundCode {}

impl OperationStatus for RefundCode {
    type Refusal = RefundRefusal;
    const DOCUMENTED: &'static [Self] = &DOCUMENTED;
    const IF_UNKNOWN: &'static str = "a quotation or a status query may be asked again; a \
         submitted refund is settled with `reconcile_refund` (by its refund code), never \
         submitted again";
    const REQUEST: &'static str = "refund request";

    fn undocumented(code: i64) -> Self {
        RefundCode::Undocumented(code)
    }

    fn code(self) -> i64 {
        match self {
            RefundCode::SystemError => 2,
            RefundCode::Access(access) => access.code(),
            RefundCode::Undocumented(code) => code,
        }
    }

    fn delivery(self) -> Delivery {
        match self {
            RefundCode::Access(access) if access.refused_before_running() => Delivery::Answered,
            _ => Delivery::Unknown,
        }
    }

    fn is_transient(self) -> bool {
        matches!(
            self,
            RefundCode::SystemError | RefundCode::Access(AccessStatus::SystemError)
        )
    }

    fn advice(self) -> Option<&'static str> {
        match self {
            RefundCode::SystemError => {
                Some("ask a quotation or a status again; settle a submission by its refund code")
            }
            RefundCode::Access(access) => access.remedy(),
            RefundCode::Undocumented(_) => None,
        }
    }

    fn unbuildable(detail: String) -> RefundRefusal {
        RefundRefusal::Unbuildable(detail)
    }
}

impl fmt::Display for RefundCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefundCode::SystemError => f.write_str("2 (system error)"),
            RefundCode::Access(access) => write!(f, "{access}"),
            RefundCode::Undocumented(code) => write!(f, "{code}"),
        }
    }
}

/// Why the client refused a refund request before sending it: nothing left
/// the process.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefundRefusal {
    /// The request names no order: an empty order number, or an airline PNR
    /// without its carrier.
    NoOrder,
    /// The scope names no passenger, or its itinerary no segment.
    NothingToRefund,
    /// A passenger is named twice.
    PassengerTwice,
    /// A passenger the order does not have (building a scope from an
    /// order).
    NoSuchPassenger,
    /// Atlas accepts only involuntary, voluntary and void refunds.
    UnsupportedReason(String),
    /// A void is possible only on the day of ticketing (in Singapore time,
    /// Atlas's), and that day has passed.
    VoidWindowClosed {
        /// The day the tickets were issued.
        ticketed_on: FlightDate,
        /// The day the request would have been sent.
        today: FlightDate,
    },
    /// An empty refund offer id.
    NoOffer,
    /// An empty refund code.
    NoRefundCode,
    /// A query of a poll could not start within its budget.
    BudgetSpent,
    /// The request could not be built.
    Unbuildable(String),
    /// The client's journal refused: a submission for the order is open,
    /// or the intent could not be recorded.
    Journal(JournalRefusal),
}

impl fmt::Display for RefundRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefundRefusal::NoOrder => {
                f.write_str("no order: give the order number, or the airline PNR and carrier")
            }
            RefundRefusal::NothingToRefund => f.write_str("no passenger or no segment to refund"),
            RefundRefusal::PassengerTwice => f.write_str("a passenger is named twice"),
            RefundRefusal::NoSuchPassenger => f.write_str("the order has no such passenger"),
            RefundRefusal::UnsupportedReason(code) => write!(
                f,
                "refund reason {code} is not supported (involuntary, voluntary or void only)"
            ),
            RefundRefusal::VoidWindowClosed { ticketed_on, today } => write!(
                f,
                "a void is possible only on the day of ticketing ({ticketed_on}); today is {today}: ask a voluntary or involuntary refund"
            ),
            RefundRefusal::NoOffer => f.write_str("the refund offer id is empty"),
            RefundRefusal::NoRefundCode => f.write_str("the refund code is empty"),
            RefundRefusal::BudgetSpent => {
                f.write_str("the polling budget was spent before the query could start")
            }
            RefundRefusal::Unbuildable(detail) => {
                write!(f, "the request could not be built: {detail}")
            }
            RefundRefusal::Journal(refusal) => refusal.fmt(f),
        }
    }
}

impl std::error::Error for RefundRefusal {}
