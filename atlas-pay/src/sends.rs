//! What this crate's hand-written sends put on the wire besides the body,
//! checked at compile time against what each generated operation takes
//! (`atlas_pay_gen::drift`).
//!
//! `Client` sends the generated body types itself instead of through the
//! generated builder (see the `pay` benchmark). If a new spec version adds a
//! header, query parameter, credential or request media type, the generated
//! `TAKES` changes, the check below fails, and this crate stops compiling
//! with a message saying what to do: send the new input, then list it here.
//!
//! This file depends on `atlas_pay_gen` alone, so the pipeline test can
//! compile it against freshly generated operations.

use atlas_pay_gen::drift::{Location, Sends, check};
use atlas_pay_gen::operations;

/// The credential header carrying the client id (API-key security scheme).
pub(crate) const CLIENT_ID_HEADER: &str = "x-atlas-client-id";
/// The credential header carrying the client secret (API-key security scheme).
pub(crate) const CLIENT_SECRET_HEADER: &str = "x-atlas-client-secret";
/// The request media type every operation is sent as.
pub(crate) const JSON: &str = "application/json";

/// `Client::pay`: `POST`, the two credential headers (set on every request
/// by the client's transport), and a JSON body.
pub(crate) const PAY: Sends = Sends {
    method: "POST",
    inputs: &[
        (Location::Header, CLIENT_ID_HEADER),
        (Location::Header, CLIENT_SECRET_HEADER),
    ],
    request_content_types: &[JSON],
};

const _: () = check(&operations::pay::TAKES, &PAY);

/// `Client::query_order`: `POST`, the two credential headers, a JSON body.
pub(crate) const QUERY_ORDER: Sends = Sends {
    method: "POST",
    inputs: &[
        (Location::Header, CLIENT_ID_HEADER),
        (Location::Header, CLIENT_SECRET_HEADER),
    ],
    request_content_types: &[JSON],
};

const _: () = check(&operations::query_order_details::TAKES, &QUERY_ORDER);
