//! What this crate puts on the wire for each operation besides the body, and
//! which answer fields it reads, checked at compile time against what each
//! generated operation takes and answers (`atlas_pay_gen::drift`).
//!
//! Every operation of the effective document must have a [`Declared`]
//! implementation here: `for_each_operation!` below checks each one, so a
//! new operation that nobody declared stops this crate compiling, and so
//! does a declaration that no longer matches the document (a new header or
//! credential, another method or media type, a removed or renamed answer
//! field), each with a message saying what to do.
//!
//! This file depends on `atlas_pay_gen` alone, so the pipeline tests can
//! compile it against freshly generated operations.

use atlas_pay_gen::drift::{Location, Sends, check, check_reads};
use atlas_pay_gen::operations::{balance, pay, query_order_details, stop_ticketing};

/// The credential header carrying the client id (API-key security scheme).
pub(crate) const CLIENT_ID_HEADER: &str = "x-atlas-client-id";
/// The credential header carrying the client secret (API-key security scheme).
pub(crate) const CLIENT_SECRET_HEADER: &str = "x-atlas-client-secret";

/// What the shared transport sends for every operation: `POST`, the two
/// credential headers (set on every request by the client), and a JSON body
/// (`RequestBuilder::json`).
const JSON_POST_WITH_CREDENTIALS: Sends = Sends {
    method: "POST",
    inputs: &[
        (Location::Header, CLIENT_ID_HEADER),
        (Location::Header, CLIENT_SECRET_HEADER),
    ],
    request_content_types: &["application/json"],
};

/// An operation this crate sends, and what it reads of the answer.
#[diagnostic::on_unimplemented(
    message = "atlas-pay has no declaration for the operation `{Self}`",
    note = "a new operation in the effective document: declare what atlas-pay sends for it and which answer fields it reads, with `impl Declared for {Self}` in atlas-pay/src/sends.rs (see README, \"Adding an operation\")"
)]
pub(crate) trait Declared {
    /// What the transport sends besides the body.
    const SENDS: Sends;
    /// Every answer field the operation's view reads (as the generated
    /// `ANSWER_FIELDS` spells them).
    const READS: &'static [&'static str];
}

impl Declared for pay::Pay {
    const SENDS: Sends = JSON_POST_WITH_CREDENTIALS;
    const READS: &'static [&'static str] = &[
        "airlines",
        "msg",
        "orderNo",
        "paymentMethod",
        "pnrCode",
        "status",
    ];
}

impl Declared for query_order_details::QueryOrderDetails {
    const SENDS: Sends = JSON_POST_WITH_CREDENTIALS;
    const READS: &'static [&'static str] = &[
        "currency",
        "msg",
        "orderNo",
        "orderStatus",
        "paxTicketInfos",
        "paxTicketInfos[].airlinePNRs",
        "paxTicketInfos[].birthday",
        "paxTicketInfos[].cardNum",
        "paxTicketInfos[].contactEmails",
        "paxTicketInfos[].contactPhones",
        "paxTicketInfos[].name",
        "paxTicketInfos[].passengerType",
        "paxTicketInfos[].ticketNos",
        "paymentAttempted",
        "paymentMethod",
        "pnrCode",
        "status",
        "ticketStatus",
        "tktLimitTime",
        "totalPrice",
    ];
}

impl Declared for balance::Balance {
    const SENDS: Sends = JSON_POST_WITH_CREDENTIALS;
    const READS: &'static [&'static str] = &[
        "accountBalance",
        "accountBalance.amount",
        "accountBalance.currency",
        "msg",
        "status",
    ];
}

impl Declared for stop_ticketing::StopTicketing {
    const SENDS: Sends = JSON_POST_WITH_CREDENTIALS;
    const READS: &'static [&'static str] = &["msg", "status"];
}

/// Checks one operation's declaration against the generated operation.
macro_rules! check_declaration {
    ($operation:path) => {
        const _: () = {
            check(&<$operation>::TAKES, &<$operation as Declared>::SENDS);
            check_reads(<$operation>::ANSWER_FIELDS, <$operation as Declared>::READS);
        };
    };
}

atlas_pay_gen::for_each_operation!(check_declaration);
