//! What each operation takes besides its body, and a compile-time check that
//! a hand-written send of the generated types covers all of it.
//!
//! Progenitor's generated `send()` sends every parameter an operation
//! declares. A caller that sends the generated types itself (as `atlas-pay`
//! does, for speed) would silently omit a header, query parameter or media
//! type that Atlas adds in a new spec version. [`operations`](crate::operations)
//! therefore lists, per operation, a [`Takes`] generated from the document;
//! the caller declares what it [`Sends`] and evaluates
//! `const _: () = check(&operations::x::TAKES, &SENDS);`. When the two
//! disagree the caller's crate no longer compiles, and the error says what to
//! do.
//!
//! This file is hand-written; it depends on nothing, so the check can be
//! compiled with the generated operations alone.

/// Where an input goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    /// A path segment (`/orders/{id}`).
    Path,
    /// A query-string parameter.
    Query,
    /// A header, including API-key credentials of the operation's security
    /// schemes. Compared ignoring ASCII case.
    Header,
    /// A cookie.
    Cookie,
}

/// One input an operation takes besides its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Input {
    /// Where it goes.
    pub location: Location,
    /// Its name on the wire.
    pub name: &'static str,
    /// Whether the document requires it.
    pub required: bool,
}

/// Everything an operation takes, from the effective document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Takes {
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// Parameters and credential headers, in document order.
    pub inputs: &'static [Input],
    /// Every media type the request body may be sent as (empty: no body).
    pub request_content_types: &'static [&'static str],
}

/// What a hand-written send of an operation sends: the caller's declaration,
/// reviewed against the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sends {
    /// The HTTP method it uses.
    pub method: &'static str,
    /// Every input it sends.
    pub inputs: &'static [(Location, &'static str)],
    /// The request media types it was reviewed against; it sends the first.
    pub request_content_types: &'static [&'static str],
}

/// Fails compilation (when evaluated in a `const`) unless `sends` covers
/// exactly what `takes` lists: the same method, every input (and none the
/// operation no longer takes), and the same request media types.
pub const fn check(takes: &Takes, sends: &Sends) {
    if !same(takes.method.as_bytes(), sends.method.as_bytes(), false) {
        panic!(
            "spec drift: the operation's HTTP method changed. Send the generated METHOD in the wrapper's request and update its `Sends` declaration."
        );
    }
    let mut index = 0;
    while index < takes.inputs.len() {
        let input = takes.inputs[index];
        if !sends_input(sends, input.location, input.name) {
            panic!(
                "spec drift: the operation now takes a parameter or credential header that the wrapper does not send. Send it in the wrapper's request (see the operation's TAKES in atlas-pay-gen/src/operations.rs), then list it in the wrapper's `Sends` declaration."
            );
        }
        index += 1;
    }
    let mut index = 0;
    while index < sends.inputs.len() {
        let (location, name) = sends.inputs[index];
        if !takes_input(takes, location, name) {
            panic!(
                "spec drift: the wrapper sends a parameter or header that the operation no longer takes. Stop sending it, then remove it from the wrapper's `Sends` declaration."
            );
        }
        index += 1;
    }
    if !same_list(takes.request_content_types, sends.request_content_types) {
        panic!(
            "spec drift: the operation's request media types changed. Make the wrapper send one the operation takes, then list the operation's media types in its `Sends` declaration."
        );
    }
}

/// Fails compilation (when evaluated in a `const`) unless every answer field
/// the wrapper `reads` is one the operation's success answer declares
/// (`answer_fields`, the generated `ANSWER_FIELDS`).
///
/// The wrapper reads answers through the generated types, so a removed or
/// renamed field already stops it compiling; this check makes the error say
/// which field and what to do.
pub const fn check_reads(answer_fields: &[&str], reads: &[&str]) {
    let mut index = 0;
    while index < reads.len() {
        if !contains(answer_fields, reads[index]) {
            panic!(
                "spec drift: the wrapper reads an answer field that the operation's answer no longer declares (removed or renamed). If Atlas renamed it, map the new name in openapi/overlay.yaml with a reason, or read the new field in the wrapper's view; if Atlas removed it, stop reading it. Then update the field list in the wrapper's declaration (atlas-pay/src/sends.rs) to the operation's ANSWER_FIELDS in atlas-pay-gen/src/operations.rs."
            );
        }
        index += 1;
    }
}

const fn contains(list: &[&str], item: &str) -> bool {
    let mut index = 0;
    while index < list.len() {
        if same(list[index].as_bytes(), item.as_bytes(), false) {
            return true;
        }
        index += 1;
    }
    false
}

const fn sends_input(sends: &Sends, location: Location, name: &str) -> bool {
    let mut index = 0;
    while index < sends.inputs.len() {
        let (sent_location, sent_name) = sends.inputs[index];
        if same_input(location, name, sent_location, sent_name) {
            return true;
        }
        index += 1;
    }
    false
}

const fn takes_input(takes: &Takes, location: Location, name: &str) -> bool {
    let mut index = 0;
    while index < takes.inputs.len() {
        let input = takes.inputs[index];
        if same_input(location, name, input.location, input.name) {
            return true;
        }
        index += 1;
    }
    false
}

const fn same_input(a: Location, a_name: &str, b: Location, b_name: &str) -> bool {
    let header = matches!(a, Location::Header);
    (a as u8) == (b as u8) && same(a_name.as_bytes(), b_name.as_bytes(), header)
}

const fn same_list(a: &[&str], b: &[&str]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if !same(a[index].as_bytes(), b[index].as_bytes(), true) {
            return false;
        }
        index += 1;
    }
    true
}

const fn same(a: &[u8], b: &[u8], ignore_case: bool) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        let (x, y) = if ignore_case {
            (a[index].to_ascii_lowercase(), b[index].to_ascii_lowercase())
        } else {
            (a[index], b[index])
        };
        if x != y {
            return false;
        }
        index += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAKES: Takes = Takes {
        method: "POST",
        inputs: &[Input {
            location: Location::Header,
            name: "x-atlas-client-id",
            required: true,
        }],
        request_content_types: &["application/json"],
    };

    fn passes(sends: Sends) -> bool {
        std::panic::catch_unwind(|| check(&TAKES, &sends)).is_ok()
    }

    #[test]
    fn reads_pass_only_for_declared_fields() {
        let fields = &["orderNo", "paxTicketInfos", "paxTicketInfos[].name"];
        let reads = |reads: &'static [&'static str]| {
            std::panic::catch_unwind(|| check_reads(fields, reads)).is_ok()
        };
        assert!(reads(&[]));
        assert!(reads(&["orderNo", "paxTicketInfos[].name"]));
        assert!(!reads(&["pnrCode"]));
        assert!(!reads(&["orderno"]), "field names are case-sensitive");
    }

    #[test]
    fn only_an_exact_declaration_passes() {
        let exact = Sends {
            method: "POST",
            inputs: &[(Location::Header, "X-Atlas-Client-Id")],
            request_content_types: &["application/json"],
        };
        assert!(passes(exact));
        assert!(!passes(Sends {
            method: "GET",
            ..exact
        }));
        assert!(!passes(Sends {
            inputs: &[],
            ..exact
        }));
        assert!(!passes(Sends {
            inputs: &[(Location::Query, "x-atlas-client-id")],
            ..exact
        }));
        assert!(!passes(Sends {
            inputs: &[
                (Location::Header, "x-atlas-client-id"),
                (Location::Header, "x-trace")
            ],
            ..exact
        }));
        assert!(!passes(Sends {
            request_content_types: &["application/json", "application/xml"],
            ..exact
        }));
    }
}
