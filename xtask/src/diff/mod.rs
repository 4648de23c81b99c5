//! `cargo xtask diff`: what a new version of the spec breaks for the people who
//! depend on `atlas-pay-gen` and `atlas-pay`.
//!
//! The walk compares two effective documents, resolving `$ref`s, and rates
//! every change for *this* client: progenitor's generated types (struct per
//! object, `Option` for optional or nullable fields, validated newtypes for
//! enums and patterns, untagged enums for `oneOf`) and the wrapper built on
//! them. Rule ids reuse oasdiff's where one exists.

mod naming;
mod report;
mod walk;

use std::fmt;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde_json::Value;

pub use report::{Format, render};

use crate::{generate, import, paths};

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

/// Compares two effective documents; changes come sorted by operation, level and pointer.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut changes = walk::compare(old, new);
    changes.sort_by(|a, b| {
        (&a.operation, a.level, &a.pointer, a.id).cmp(&(&b.operation, b.level, &b.pointer, b.id))
    });
    changes.dedup();
    changes
}

/// Reads one side of a comparison: a JSON document as it is, or a docs page
/// (its OpenAPI block, with the working tree's overlay applied, which is what
/// would be generated from it).
pub fn load_side(root: &Path, path: &Path) -> Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    if let Ok(value) = serde_json::from_str::<Value>(&text) {
        return Ok(value);
    }
    let upstream = import::extract_document(&text).with_context(|| {
        format!(
            "{} is neither a JSON document nor a docs page",
            path.display()
        )
    })?;
    let overlay = std::fs::read_to_string(root.join(paths::OVERLAY))
        .with_context(|| format!("cannot read {}", paths::OVERLAY))?;
    let effective = generate::effective_document(&upstream, &overlay)
        .with_context(|| format!("applying the overlay to {}", path.display()))?;
    Ok(serde_json::from_str(&effective)?)
}

/// The effective document committed at a git revision.
pub fn at_revision(root: &Path, revision: &str) -> Result<Value> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{revision}:{}", paths::EFFECTIVE))
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!(
            "git cannot show {} at {revision}: {}",
            paths::EFFECTIVE,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    serde_json::from_slice(&output.stdout)
        .with_context(|| format!("{} at {revision} is not JSON", paths::EFFECTIVE))
}

/// The effective document the working tree's upstream document and overlay produce now.
pub fn working_tree(root: &Path) -> Result<Value> {
    let upstream = std::fs::read_to_string(root.join(paths::UPSTREAM))
        .with_context(|| format!("cannot read {}", paths::UPSTREAM))?;
    let overlay = std::fs::read_to_string(root.join(paths::OVERLAY))
        .with_context(|| format!("cannot read {}", paths::OVERLAY))?;
    Ok(serde_json::from_str(&generate::effective_document(
        &upstream, &overlay,
    )?)?)
}
