//! How much a change matters to the people who depend on the generated
//! client: shared by the spec review's rules ([`crate::diff`]) and the
//! computed API difference ([`crate::api`]).

use std::fmt;

use serde::Serialize;

/// How much a change matters to clients of this crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Breaks compilation or decoding for clients.
    Breaking,
    /// Can break some clients, or breaks at runtime only for some values.
    PossiblyBreaking,
    /// Harmless for clients (additions they ignore, documentation).
    NonBreaking,
}

impl Level {
    /// The level as written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::PossiblyBreaking => "possibly-breaking",
            Level::NonBreaking => "non-breaking",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
