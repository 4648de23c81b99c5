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

/// A generated answer type: its `status` code and its `msg`.
pub(crate) trait AtlasAnswer {
    /// The `status` code; 0 is success.
    fn status_code(&self) -> i64;
    /// Atlas's `msg`, as sent.
    fn message(&self) -> Option<&str>;
}
