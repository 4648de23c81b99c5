//! The status codes Atlas answers a payment with, and what each means for
//! the caller.

use std::fmt;

/// A non-zero `status` Atlas answered with: the documented pay.do codes
/// 400–415, the access-level codes every endpoint shares, or any other code
/// (kept as a number).
///
/// Decide on this, never on the human-readable `msg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
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
    /// 900: unauthorized: wrong credentials or an inactive account.
    Unauthorized,
    /// 901: illegal request data (not JSON, wrong types).
    IllegalRequestData,
    /// 902: access denied (scope).
    AccessDenied,
    /// 9999: Atlas system error.
    SystemError,
    /// -1: common error.
    CommonError,
    /// A code this version does not know.
    Other(i64),
}

impl Status {
    /// The status a non-zero code names.
    pub fn from_code(code: i64) -> Self {
        match code {
            400 => Status::IllegalParameter,
            401 => Status::DeadlinePassed,
            402 => Status::OrderNotPayable,
            403 => Status::UnsupportedMethod,
            404 => Status::AlreadyPaid,
            406 => Status::PaymentInProgress,
            407 => Status::PassengerDataMissing,
            408 => Status::PassengerCannotBoardAlone,
            409 => Status::BaggageMismatch,
            410 => Status::ContactInvalid,
            411 => Status::GatewayError,
            412 => Status::NoPaymentMethod,
            413 => Status::CardBrandNotSupported,
            414 => Status::CardTypeMismatch,
            415 => Status::OrderNotConfirmed,
            900 => Status::Unauthorized,
            901 => Status::IllegalRequestData,
            902 => Status::AccessDenied,
            9999 => Status::SystemError,
            -1 => Status::CommonError,
            other => Status::Other(other),
        }
    }

    /// The code on the wire.
    pub fn code(self) -> i64 {
        match self {
            Status::IllegalParameter => 400,
            Status::DeadlinePassed => 401,
            Status::OrderNotPayable => 402,
            Status::UnsupportedMethod => 403,
            Status::AlreadyPaid => 404,
            Status::PaymentInProgress => 406,
            Status::PassengerDataMissing => 407,
            Status::PassengerCannotBoardAlone => 408,
            Status::BaggageMismatch => 409,
            Status::ContactInvalid => 410,
            Status::GatewayError => 411,
            Status::NoPaymentMethod => 412,
            Status::CardBrandNotSupported => 413,
            Status::CardTypeMismatch => 414,
            Status::OrderNotConfirmed => 415,
            Status::Unauthorized => 900,
            Status::IllegalRequestData => 901,
            Status::AccessDenied => 902,
            Status::SystemError => 9999,
            Status::CommonError => -1,
            Status::Other(code) => code,
        }
    }

    /// Whether this version of the crate documents the code.
    pub fn is_documented(self) -> bool {
        !matches!(self, Status::Other(_))
    }

    /// What the code means, per Atlas's documentation.
    pub fn meaning(self) -> &'static str {
        match self {
            Status::IllegalParameter => "illegal request parameter",
            Status::DeadlinePassed => "later than the payment deadline",
            Status::OrderNotPayable => {
                "order status does not support payment (ticketing or ticketed)"
            }
            Status::UnsupportedMethod => "payment method not supported for this order",
            Status::AlreadyPaid => "order already paid",
            Status::PaymentInProgress => "a payment of this order is in progress",
            Status::PassengerDataMissing => "a mandatory passenger element is missing",
            Status::PassengerCannotBoardAlone => "a passenger cannot board alone",
            Status::BaggageMismatch => "additional baggage does not match the flight segments",
            Status::ContactInvalid => "contact information is not in the correct format",
            Status::GatewayError => "payment gateway error",
            Status::NoPaymentMethod => "no payment method available for this order",
            Status::CardBrandNotSupported => "card brand not supported for MoR",
            Status::CardTypeMismatch => "card brand differs from the cardType given at order time",
            Status::OrderNotConfirmed => "order not confirmed by the user",
            Status::Unauthorized => "unauthorized (wrong credentials or inactive account)",
            Status::IllegalRequestData => "illegal request data (not JSON or wrong types)",
            Status::AccessDenied => "access denied (scope)",
            Status::SystemError => "Atlas system error",
            Status::CommonError => "common error",
            Status::Other(_) => "a status this client version does not know",
        }
    }

    /// What Atlas recommends doing next.
    pub fn recommended_action(self) -> &'static str {
        match self {
            Status::IllegalParameter => "correct the parameter the message names, then send again",
            Status::DeadlinePassed => "create a new order; this one can no longer be paid",
            Status::OrderNotPayable | Status::AlreadyPaid => {
                "look the order up: it is probably paid; do not send the payment again"
            }
            Status::PaymentInProgress => {
                "do not send again; wait for the airline PNR in the order details"
            }
            Status::PassengerDataMissing | Status::ContactInvalid => {
                "correct the order's passenger or contact data, then send again"
            }
            Status::PassengerCannotBoardAlone => {
                "create a new order with an adult travelling with the child"
            }
            Status::BaggageMismatch => {
                "buy the same baggage for every segment of the connection, then send again"
            }
            Status::GatewayError => {
                "look the order up before anything else; then change card or method if unpaid"
            }
            Status::NoPaymentMethod | Status::UnsupportedMethod => {
                "pay with another method (check supportCreditTransPayment)"
            }
            Status::CardBrandNotSupported => "pay with a card of a brand Atlas supports for MoR",
            Status::CardTypeMismatch => {
                "pay with a card of the brand given as cardType at order time"
            }
            Status::OrderNotConfirmed => "confirm the order (orderCommit) first, then pay",
            Status::Unauthorized => "check the client id and secret and that the account is active",
            Status::IllegalRequestData => "the request was malformed; report it as a client bug",
            Status::AccessDenied => "the account's scope does not allow this call",
            Status::SystemError | Status::CommonError | Status::Other(_) => {
                "look the order up before anything else; never resend blindly"
            }
        }
    }

    /// Whether Atlas answering with this code proves no payment happened, so
    /// that sending again cannot charge twice. `false` where the order may be
    /// paid, in payment, or where the outcome is not documented.
    pub fn proves_no_charge(self) -> bool {
        !matches!(
            self,
            Status::OrderNotPayable
                | Status::AlreadyPaid
                | Status::PaymentInProgress
                | Status::GatewayError
                | Status::SystemError
                | Status::CommonError
                | Status::Other(_)
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.meaning())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_round_trips() {
        let documented = [
            400, 401, 402, 403, 404, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 900, 901,
            902, 9999, -1,
        ];
        for code in documented {
            let status = Status::from_code(code);
            assert!(status.is_documented(), "{code}");
            assert_eq!(status.code(), code);
        }
        assert_eq!(Status::from_code(405), Status::Other(405));
        assert_eq!(Status::from_code(416).code(), 416);
    }

    #[test]
    fn statuses_where_money_may_have_moved_never_prove_no_charge() {
        for code in [402, 404, 406, 411, 9999, -1, 416] {
            assert!(!Status::from_code(code).proves_no_charge(), "{code}");
        }
        for code in [
            400, 401, 403, 407, 408, 409, 410, 412, 413, 414, 415, 900, 901, 902,
        ] {
            assert!(Status::from_code(code).proves_no_charge(), "{code}");
        }
    }
}
