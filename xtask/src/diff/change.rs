//! What a comparison produces: rated changes.

use serde::Serialize;

pub use crate::severity::Level;

/// Which way the changed data flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Sent by the client.
    Request,
    /// Received by the client.
    Response,
    /// The document as a whole (servers, security, components).
    Document,
}

impl Direction {
    /// The direction as written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::Document => "document",
        }
    }
}

/// One change between two versions of the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// How much it matters for this client.
    pub level: Level,
    /// The operation it belongs to (`POST /pay.do`), if any.
    pub operation: Option<String>,
    /// Stable rule id (oasdiff's where one exists).
    pub id: &'static str,
    /// Which way the data flows.
    pub direction: Direction,
    /// JSON pointer into the new document (the old one for removals).
    pub pointer: String,
    /// One line for humans.
    pub text: String,
    /// What it does to the generated Rust API.
    pub rust: String,
}
