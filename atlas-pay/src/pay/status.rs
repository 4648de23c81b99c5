//! The status codes Atlas answers a payment with, and what each means for
//! the caller.

use std::fmt;

use crate::answer::AccessStatus;
use crate::error::OperationStatus;
use crate::outcome::{Money, NextStep};

/// A non-zero `status` Atlas answered with: the documented pay.do codes
/// 400–415, the pay outcomes Atlas's error reference adds (604, 615, 616,
/// 617, 633), the access-level codes every endpoint shares, or any other
/// code (kept as a number).
///
/// Decide on this, never on the human-readable `msg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PayStatus {
    /// 400: an illegal request parameter; the message names it.
    IllegalParameter,
    /// 401: the payment deadline has passed.
    DeadlinePassed,
    /// 402: the order's state does not allow payment (ticketing or ticketed).
    OrderNotPayable,
    /// 403: the payment method is not supported for this order.
    UnsupportedMethod,
    /// 404: the order is already paid.
    AlreadyPaid,
    /// 406: a previous payment of this order is still in progress.
    PaymentInProgress,
    /// 407: a mandatory passenger element is missing.
    PassengerDataMissing,
    /// 408: a passenger cannot board alone.
    PassengerCannotBoardAlone,
    /// 409: extra baggage does not match the flight segments.
    BaggageMismatch,
    /// 410: the contact information is malformed.
    ContactInvalid,
    /// 411: the payment gateway failed.
    GatewayError,
    /// 412: no payment method is available for this order.
    NoPaymentMethod,
    /// 413: the card's brand is not supported (MoR).
    CardBrandNotSupported,
    /// 414: the card's brand differs from the `cardType` given at order time.
    CardTypeMismatch,
    /// 415: the order is not confirmed by the user.
    OrderNotConfirmed,
    /// 604: the airline declined the card (VCC). Nothing was charged.
    CardDeclined,
    /// 615: the payment succeeded but the airline PNR is still pending. The
    /// order is paid: never pay it again.
    PaidPnrPending,
    /// 616: the card requires 3-D Secure authentication. Nothing was charged.
    ThreeDsRequired,
    /// 617: the deposit balance was too low at ticketing time. Nothing was
    /// charged (per Atlas).
    DepositTooLow,
    /// 633: the airline declined the payment by risk control. Nothing was
    /// charged.
    RiskDeclined,
    /// An access-level code (900, 901, 902, 9999, -1), shared by every
    /// operation.
    Access(AccessStatus),
    /// A code this version does not know.
    Other(i64),
}

/// Everything this crate knows about one documented code.
struct Facts {
    code: i64,
    meaning: &'static str,
    action: &'static str,
    money: Money,
    next: NextStep,
}

const fn facts(
    code: i64,
    meaning: &'static str,
    action: &'static str,
    money: Money,
    next: NextStep,
) -> Facts {
    Facts {
        code,
        meaning,
        action,
        money,
        next,
    }
}

pub(super) const LOOK_UP: &str =
    "look the order up before anything else (Client::reconcile settles it); never resend blindly";

impl PayStatus {
    /// Every documented status, in code order within each group: pay.do's
    /// page, Atlas's error reference, then the access-level codes.
    pub const DOCUMENTED: [PayStatus; 25] = [
        PayStatus::IllegalParameter,
        PayStatus::DeadlinePassed,
        PayStatus::OrderNotPayable,
        PayStatus::UnsupportedMethod,
        PayStatus::AlreadyPaid,
        PayStatus::PaymentInProgress,
        PayStatus::PassengerDataMissing,
        PayStatus::PassengerCannotBoardAlone,
        PayStatus::BaggageMismatch,
        PayStatus::ContactInvalid,
        PayStatus::GatewayError,
        PayStatus::NoPaymentMethod,
        PayStatus::CardBrandNotSupported,
        PayStatus::CardTypeMismatch,
        PayStatus::OrderNotConfirmed,
        PayStatus::CardDeclined,
        PayStatus::PaidPnrPending,
        PayStatus::ThreeDsRequired,
        PayStatus::DepositTooLow,
        PayStatus::RiskDeclined,
        PayStatus::Access(AccessStatus::Unauthorized),
        PayStatus::Access(AccessStatus::IllegalRequestData),
        PayStatus::Access(AccessStatus::AccessDenied),
        PayStatus::Access(AccessStatus::SystemError),
        PayStatus::Access(AccessStatus::CommonError),
    ];

    fn facts(self) -> Facts {
        use Money::{Charged, NotCharged, Unknown};
        use NextStep::*;
        match self {
            PayStatus::IllegalParameter => facts(
                400,
                "illegal request parameter",
                "correct the parameter the message names, then send again",
                NotCharged,
                FixRequest,
            ),
            PayStatus::DeadlinePassed => facts(
                401,
                "later than the payment deadline",
                "create a new order; this one can no longer be paid",
                NotCharged,
                NewOrder,
            ),
            PayStatus::OrderNotPayable => facts(
                402,
                "order status does not support payment (ticketing or ticketed)",
                "look the order up (Client::reconcile): it is probably paid; do not send the payment again",
                Unknown,
                LookUpOrder,
            ),
            PayStatus::UnsupportedMethod => facts(
                403,
                "payment method not supported for this order",
                "pay with another method (check supportCreditTransPayment)",
                NotCharged,
                ChangeCardOrMethod,
            ),
            PayStatus::AlreadyPaid => facts(
                404,
                "order already paid",
                "look the order up (Client::reconcile): it is probably paid; do not send the payment again",
                Unknown,
                NeverPayAgain,
            ),
            PayStatus::PaymentInProgress => facts(
                406,
                "a payment of this order is in progress",
                "do not send again; wait for the airline PNR in the order details (Client::reconcile)",
                Unknown,
                LookUpOrder,
            ),
            PayStatus::PassengerDataMissing => facts(
                407,
                "a mandatory passenger element is missing",
                "correct the order's passenger or contact data, then send again",
                NotCharged,
                FixRequest,
            ),
            PayStatus::PassengerCannotBoardAlone => facts(
                408,
                "a passenger cannot board alone",
                "create a new order with an adult travelling with the child",
                NotCharged,
                NewOrder,
            ),
            PayStatus::BaggageMismatch => facts(
                409,
                "additional baggage does not match the flight segments",
                "buy the same baggage for every segment of the connection, then send again",
                NotCharged,
                FixRequest,
            ),
            PayStatus::ContactInvalid => facts(
                410,
                "contact information is not in the correct format",
                "correct the order's passenger or contact data, then send again",
                NotCharged,
                FixRequest,
            ),
            PayStatus::GatewayError => facts(
                411,
                "payment gateway error",
                "look the order up before anything else (Client::reconcile); then change card or method if unpaid",
                Unknown,
                LookUpOrder,
            ),
            PayStatus::NoPaymentMethod => facts(
                412,
                "no payment method available for this order",
                "pay with another method (check supportCreditTransPayment)",
                NotCharged,
                ChangeCardOrMethod,
            ),
            PayStatus::CardBrandNotSupported => facts(
                413,
                "card brand not supported for MoR",
                "pay with a card of a brand Atlas supports for MoR",
                NotCharged,
                ChangeCardOrMethod,
            ),
            PayStatus::CardTypeMismatch => facts(
                414,
                "card brand differs from the cardType given at order time",
                "pay with a card of the brand given as cardType at order time",
                NotCharged,
                ChangeCardOrMethod,
            ),
            PayStatus::OrderNotConfirmed => facts(
                415,
                "order not confirmed by the user",
                "confirm the order (orderCommit) first, then pay",
                NotCharged,
                ChangeConditionFirst,
            ),
            PayStatus::CardDeclined => facts(
                604,
                "the airline declined the card",
                "pay again only with a different valid card, or by deposit",
                NotCharged,
                ChangeCardOrMethod,
            ),
            PayStatus::PaidPnrPending => facts(
                615,
                "payment succeeded; the airline PNR is still pending",
                "never pay again: the order is paid; Atlas pursues the PNR, watch the order",
                Charged,
                NeverPayAgain,
            ),
            PayStatus::ThreeDsRequired => facts(
                616,
                "the card requires 3-D Secure authentication",
                "pay again only with a card without 3-D Secure, or by deposit",
                NotCharged,
                ChangeCardOrMethod,
            ),
            PayStatus::DepositTooLow => facts(
                617,
                "deposit balance too low at ticketing time",
                "top up the deposit, then pay again",
                NotCharged,
                ChangeConditionFirst,
            ),
            PayStatus::RiskDeclined => facts(
                633,
                "the airline declined the payment by risk control",
                "pay again only by deposit or with another card",
                NotCharged,
                ChangeCardOrMethod,
            ),
            PayStatus::Access(access) => match access.remedy() {
                // Refused at the gate: no payment started.
                Some(remedy) => facts(
                    access.code(),
                    access.meaning(),
                    remedy,
                    NotCharged,
                    if access == AccessStatus::IllegalRequestData {
                        FixRequest
                    } else {
                        ChangeConditionFirst
                    },
                ),
                // The payment may have run.
                None => facts(
                    access.code(),
                    access.meaning(),
                    LOOK_UP,
                    Unknown,
                    LookUpOrder,
                ),
            },
            PayStatus::Other(code) => facts(
                code,
                "a status this client version does not know",
                LOOK_UP,
                Unknown,
                LookUpOrder,
            ),
        }
    }

    /// The status a non-zero code names.
    pub fn from_code(code: i64) -> Self {
        <Self as OperationStatus>::from_code(code)
    }

    /// The code on the wire.
    pub fn code(self) -> i64 {
        self.facts().code
    }

    /// Whether this version of the crate documents the code.
    pub fn is_documented(self) -> bool {
        !matches!(self, PayStatus::Other(_))
    }

    /// What the code means, per Atlas's documentation.
    pub fn meaning(self) -> &'static str {
        self.facts().meaning
    }

    /// What Atlas recommends doing next.
    pub fn recommended_action(self) -> &'static str {
        self.facts().action
    }

    /// Whether the answer proves that money moved, that it did not, or
    /// neither.
    pub fn money(self) -> Money {
        self.facts().money
    }

    /// The next step, per Atlas's retry classes.
    pub fn next_step(self) -> NextStep {
        self.facts().next
    }

    /// Whether Atlas answering with this code proves no payment happened, so
    /// that sending again cannot charge twice. `false` where the order may be
    /// paid, is paid, is in payment, or where the outcome is not documented.
    /// Sending again may still be pointless: see [`next_step`](Self::next_step).
    pub fn proves_no_charge(self) -> bool {
        self.money() == Money::NotCharged
    }
}

impl fmt::Display for PayStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.meaning())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pay_page_and_error_reference_codes_round_trip() {
        crate::error::assert_codes_round_trip::<PayStatus>(
            &[
                400, 401, 402, 403, 404, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 604,
                615, 616, 617, 633, 900, 901, 902, 9999, -1,
            ],
            405,
        );
        assert!(PayStatus::DOCUMENTED.iter().all(|s| s.is_documented()));
        assert!(!PayStatus::from_code(416).is_documented());
    }

    #[test]
    fn statuses_where_money_may_have_moved_never_prove_no_charge() {
        for code in [402, 404, 406, 411, 615, 9999, -1, 416] {
            assert!(!PayStatus::from_code(code).proves_no_charge(), "{code}");
        }
        for code in [
            400, 401, 403, 407, 408, 409, 410, 412, 413, 414, 415, 604, 616, 617, 633, 900, 901,
            902,
        ] {
            assert!(PayStatus::from_code(code).proves_no_charge(), "{code}");
        }
    }

    #[test]
    fn atlas_error_reference_codes_carry_their_money_and_next_step() {
        // 615: paid, PNR pending. Money moved; never pay again.
        let paid = PayStatus::from_code(615);
        assert_eq!(paid, PayStatus::PaidPnrPending);
        assert_eq!(paid.money(), Money::Charged);
        assert_eq!(paid.next_step(), NextStep::NeverPayAgain);
        // 604, 616, 633: nothing charged, but the same card or method is
        // refused again.
        for code in [604, 616, 633] {
            let status = PayStatus::from_code(code);
            assert_eq!(status.money(), Money::NotCharged, "{code}");
            assert_eq!(status.next_step(), NextStep::ChangeCardOrMethod, "{code}");
        }
        // 617: top up first.
        assert_eq!(
            PayStatus::from_code(617).next_step(),
            NextStep::ChangeConditionFirst
        );
    }

    #[test]
    fn every_status_that_may_hide_a_charge_sends_the_caller_to_the_order() {
        for status in PayStatus::DOCUMENTED.into_iter().chain([PayStatus::Other(416)]) {
            if status.money() == Money::Unknown {
                assert!(
                    matches!(
                        status.next_step(),
                        NextStep::LookUpOrder | NextStep::NeverPayAgain
                    ),
                    "{status}"
                );
            }
            assert!(!status.meaning().is_empty() && !status.recommended_action().is_empty());
        }
    }
}
