//! What every Atlas answer shares, below the operations: the `status` code
//! (0 is success), the human-readable `msg` ([`VendorMessage`], masked), and
//! the access-level codes every endpoint may answer with ([`AccessStatus`]).
//!
//! Each operation module implements [`AtlasAnswer`] for its generated answer
//! type (two lines: where its `status` and `msg` are); the shared transport
//! decides success and failure on it. No operation module imports another.

pub(crate) mod access;
pub(crate) mod message;

pub use access::AccessStatus;
pub use message::VendorMessage;

/// The `status` of an answer whose status has a shape this version does not
/// read (a member the generated type gained later): never 0 and never
/// documented, so the outcome reads as unknown and the order is looked up.
pub(crate) const UNREADABLE_STATUS: i64 = i64::MIN;

/// A generated answer type: its `status` code and its `msg`.
pub(crate) trait AtlasAnswer {
    /// The `status` code; 0 is success.
    fn status_code(&self) -> i64;
    /// Atlas's `msg`, as sent.
    fn message(&self) -> Option<&str>;
}

/// Holds a `Declared::READS` list to what an operation's view really reads:
/// removing a declared field from a full sample answer changes the view
/// (or makes the answer undecodable), and removing any other declared
/// answer field leaves the view as it was whenever the answer still
/// decodes. `view` renders everything the wrapper takes from an answer.
#[cfg(test)]
pub(crate) fn assert_reads_are_honest(
    answer_fields: &[&str],
    reads: &[&str],
    sample: &serde_json::Value,
    view: impl Fn(&serde_json::Value) -> Option<String>,
) {
    let full = view(sample).expect("the full sample decodes");
    for field in answer_fields {
        let mut cut = sample.clone();
        if !remove(&mut cut, field) {
            continue;
        }
        let seen = view(&cut);
        if reads.contains(field) {
            assert_ne!(
                seen.as_ref(),
                Some(&full),
                "`{field}` is declared read, but removing it changes nothing"
            );
        } else if let Some(seen) = seen {
            assert_eq!(
                seen, full,
                "removing `{field}` changes the view, but it is not declared read"
            );
        }
    }
}

/// Removes a field path (`a`, `a.b`, `a[].b`) from `value`; whether it was there.
#[cfg(test)]
pub(crate) fn remove(value: &mut serde_json::Value, path: &str) -> bool {
    let (head, rest) = match path.find(['.', '[']) {
        Some(at) => (&path[..at], Some(&path[at..])),
        None => (path, None),
    };
    let Some(object) = value.as_object_mut() else {
        return false;
    };
    match rest {
        None => object.remove(head).is_some(),
        Some(rest) => {
            let Some(inner) = object.get_mut(head) else {
                return false;
            };
            if let Some(rest) = rest.strip_prefix("[].") {
                let mut any = false;
                for item in inner.as_array_mut().into_iter().flatten() {
                    any |= remove(item, rest);
                }
                any
            } else if let Some(rest) = rest.strip_prefix('.') {
                remove(inner, rest)
            } else {
                false
            }
        }
    }
}
