//! Where each upstream document came from (`openapi/sources.json`): a docs
//! page or a whole OpenAPI document, the SHA-256 of that source, and the day
//! it was imported. The upstream documents stay exactly what Atlas
//! published; this record is beside them, so a reviewer (and
//! `cargo xtask diff`) can tell a change of source from a change of content.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::paths;

/// The kind of source an upstream document was imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A docs page with one embedded OpenAPI block.
    Page,
    /// A whole OpenAPI document holding many operations.
    Document,
}

/// One upstream document's source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Source {
    /// A page or a whole document.
    pub kind: Kind,
    /// The source as kept in the repository (`openapi/pay.page.md`,
    /// `openapi/atlas-api.document.json`).
    pub file: String,
    /// The SHA-256 of the source's bytes.
    pub sha256: String,
    /// The day it was imported (`YYYY-MM-DD`, UTC). Re-importing the same
    /// bytes keeps the day.
    pub imported: String,
}

/// Every upstream document's source, by upstream name.
pub type Sources = BTreeMap<String, Source>;

/// Reads `openapi/sources.json` under `root` (empty when there is none).
pub fn read(root: &Path) -> Result<Sources> {
    match fs::read_to_string(root.join(paths::SOURCES)) {
        Ok(text) => parse(&text),
        Err(_) => Ok(Sources::new()),
    }
}

/// Parses a sources record.
pub fn parse(text: &str) -> Result<Sources> {
    serde_json::from_str(text)
        .with_context(|| format!("{} is not a sources record", paths::SOURCES))
}

/// The record's text: pretty JSON, sorted by upstream name, newline-ended.
pub fn render(sources: &Sources) -> Result<String> {
    let mut text = serde_json::to_string_pretty(sources)?;
    text.push('\n');
    Ok(text)
}

/// Records `source` for `upstream`, keeping the recorded day when the same
/// source bytes were imported before.
pub fn record(sources: &mut Sources, upstream: &str, mut source: Source) {
    if let Some(known) = sources.get(upstream)
        && known.kind == source.kind
        && known.file == source.file
        && known.sha256 == source.sha256
    {
        source.imported.clone_from(&known.imported);
    }
    sources.insert(upstream.to_owned(), source);
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    civil_date(days)
}

/// The civil date `days` after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_785), "2026-11-28");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn re_importing_the_same_bytes_keeps_the_day() {
        let source = |sha: &str, day: &str| Source {
            kind: Kind::Page,
            file: "openapi/pay.page.md".into(),
            sha256: sha.into(),
            imported: day.into(),
        };
        let mut sources = Sources::new();
        record(&mut sources, "pay", source("aa", "2026-11-01"));
        record(&mut sources, "pay", source("aa", "2026-11-28"));
        assert_eq!(sources["pay"].imported, "2026-11-01");
        record(&mut sources, "pay", source("bb", "2026-11-28"));
        assert_eq!(sources["pay"].imported, "2026-11-28");
    }
}
