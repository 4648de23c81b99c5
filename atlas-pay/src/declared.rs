//! The drift guard's shared half: what this crate puts on the wire for an
//! operation besides the body ([`Declared::SENDS`]) and which answer fields
//! it reads ([`Declared::READS`]), checked at compile time against what each
//! generated operation takes and answers (`atlas_pay_gen::drift`).
//!
//! Each operation declares itself in its own module's `declared.rs`
//! (`impl Declared for <its generated marker>`). `for_each_operation!` below
//! checks every operation of the effective document, so a new operation
//! that nobody declared stops this crate compiling, and so does a
//! declaration that no longer matches the document (a new header or
//! credential, another method or media type, a removed or renamed answer
//! field), each with a message saying what to do.
//!
//! This file and the operations' `declared.rs` files depend on
//! `atlas_pay_gen` alone, so the pipeline tests can compile them against
//! freshly generated operations. This module knows no operation.

use atlas_pay_gen::drift::{Location, Sends, check, check_reads};

/// The credential header carrying the client id (API-key security scheme).
pub(crate) const CLIENT_ID_HEADER: &str = "x-atlas-client-id";
/// The credential header carrying the client secret (API-key security scheme).
pub(crate) const CLIENT_SECRET_HEADER: &str = "x-atlas-client-secret";

/// What the shared transport sends for every operation: `POST`, the two
/// credential headers (set on every request by the client), and a JSON body
/// (`RequestBuilder::json`).
pub(crate) const JSON_POST_WITH_CREDENTIALS: Sends = Sends {
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
    note = "a new operation in the effective document: give it a module of its own, atlas-pay/src/<operation>/, whose declared.rs says what atlas-pay sends for it and which answer fields it reads, with `impl Declared for {Self}` (see MAINTAINING.md, \"Adding an operation\")"
)]
pub(crate) trait Declared {
    /// What the transport sends besides the body.
    const SENDS: Sends;
    /// Every answer field the operation's view reads (as the generated
    /// `ANSWER_FIELDS` spells them).
    const READS: &'static [&'static str];
}

/// Checks one operation's declaration against the generated operation.
macro_rules! check_declaration {
    ($module:ident, $operation:path) => {
        const _: () = {
            check(&<$operation>::TAKES, &<$operation as Declared>::SENDS);
            check_reads(<$operation>::ANSWER_FIELDS, <$operation as Declared>::READS);
        };
    };
}

atlas_pay_gen::for_each_operation!(check_declaration);
