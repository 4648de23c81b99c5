//! `cargo xtask diff`: what a new version of the spec breaks for the people who
//! depend on `atlas-pay-gen` and `atlas-pay`.
//!
//! A review compares the upstream documents and the overlays as well (see
//! [`provenance`]): every change says whether Atlas or our overlay made it,
//! and a vendor change the overlay absorbs is listed with the action that
//! absorbs it instead of vanishing.
//!
//! Every rule is an entry of one table ([`rules`]: id, levels, direction,
//! wording), and the walk is split by what it walks: paths and parameters,
//! bodies and responses, schemas and properties.
//!
//! The walk compares two documents, resolving `$ref`s, and rates
//! every change for *this* client: progenitor's generated types (struct per
//! object, `Option` for optional or nullable fields, validated newtypes for
//! enums and patterns, untagged enums for `oneOf`) and the wrapper built on
//! them. Rule ids reuse oasdiff's where one exists.

mod change;
pub mod effects;
mod git;
pub mod locations;
pub mod provenance;
mod report;
pub mod rules;
mod walk;

use std::path::{Path, PathBuf};
use std::process::Command;

use git::git_show;

use anyhow::{Context, Result, bail};
use serde_json::Value;

pub use change::{Change, Direction, Level};
pub use effects::{Context as EffectsContext, Effects};
pub use provenance::{Review, Side, SourceChange, review};
pub use report::{Format, render, render_unavailable, render_with};
pub use walk::diff;

use crate::{generate, import, pages, paths};

/// Refuses a side the review cannot read: anything but OpenAPI 3.0.x.
///
/// OpenAPI 3.1 is refused, not read: its type arrays (`["string","null"]`),
/// `const`, numeric exclusive bounds and `$ref` siblings mean things the
/// walk does not know, and a review of a document it did not understand
/// would report "no changes". The pipeline refuses 3.1 on import for the
/// same reason (progenitor and `openapiv3` read 3.0 only), so a 3.1 document
/// could not be generated from anyway.
pub fn check_version(side: &Side, which: &str) -> Result<()> {
    for (what, document) in [
        ("effective", Some(&side.effective)),
        ("upstream", side.upstream.as_ref()),
    ] {
        let Some(document) = document else {
            continue;
        };
        match document.get("openapi").and_then(Value::as_str) {
            Some(version) if version.starts_with("3.0.") => {}
            Some(version) => bail!(
                "the {which} side's {what} document is OpenAPI {version}: the spec review reads \
                 OpenAPI 3.0.x only and refuses rather than report changes it cannot read \
                 (3.1's type arrays, `const`, numeric exclusive bounds and `$ref` siblings); \
                 convert it to 3.0 first"
            ),
            None => match document.get("swagger") {
                Some(version) => bail!(
                    "the {which} side's {what} document is Swagger {version}: the spec review \
                     reads OpenAPI 3.0.x only"
                ),
                None => bail!(
                    "the {which} side's {what} document has no `openapi` version: not an OpenAPI \
                     3.0.x document"
                ),
            },
        }
    }
    Ok(())
}

/// Reads one side of a comparison: one JSON document, taken as an effective
/// document, or docs pages (and YAML documents of Atlas's). These stand in for the
/// working tree's upstream documents that hold the same operation(s) (or join
/// them), exactly as `cargo xtask import` of the same files in one command
/// would place them, the pages merge and the working tree's overlay applies:
/// what would be generated after importing them.
pub fn load_side(root: &Path, files: &[PathBuf]) -> Result<Side> {
    if let [one] = files {
        let text = std::fs::read_to_string(one)
            .with_context(|| format!("cannot read {}", one.display()))?;
        if let Ok(value) = serde_json::from_str::<Value>(&text) {
            return Ok(Side::effective(value));
        }
    }
    let merged = import::merged_after(root, files)?;
    let overlay = std::fs::read_to_string(root.join(paths::OVERLAY))
        .with_context(|| format!("cannot read {}", paths::OVERLAY))?;
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    side(merged, overlay, &generate::classes(root)?)
        .with_context(|| format!("applying the overlay with {}", names.join(" ")))
}

/// A side from a merged upstream document, an overlay and a classification
/// of answer fields.
fn side(upstream: Value, overlay: String, classes: &str) -> Result<Side> {
    let effective =
        generate::effective_document(&serde_json::to_string(&upstream)?, &overlay, classes)?;
    Ok(Side {
        upstream: Some(upstream),
        overlay: Some(overlay),
        effective: serde_json::from_str(&effective)?,
        sources: None,
    })
}

/// The pages' merged upstream document, the overlay and the effective
/// document committed at a git revision.
pub fn at_revision(root: &Path, revision: &str) -> Result<Side> {
    let effective = git_show(root, revision, paths::EFFECTIVE)?
        .with_context(|| format!("{} does not exist at {revision}", paths::EFFECTIVE))?;
    let listing = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["ls-tree", "--name-only", revision])
        .arg(format!("{}/", paths::OPENAPI_DIR))
        .output()
        .context("cannot run git")?;
    let mut upstreams = Vec::new();
    for file in String::from_utf8_lossy(&listing.stdout).lines() {
        let Some(name) = file
            .strip_prefix(&format!("{}/", paths::OPENAPI_DIR))
            .and_then(|f| f.strip_suffix(paths::UPSTREAM_SUFFIX))
        else {
            continue;
        };
        if let Some(text) = git_show(root, revision, file)? {
            upstreams.push(pages::parse(name, &format!("{file} at {revision}"), &text)?);
        }
    }
    upstreams.sort_by(|a, b| a.name.cmp(&b.name));
    let upstream = if upstreams.is_empty() {
        None
    } else {
        Some(pages::merge(&upstreams).with_context(|| format!("the pages at {revision}"))?)
    };
    Ok(Side {
        upstream,
        overlay: git_show(root, revision, paths::OVERLAY)?,
        effective: serde_json::from_str(&effective)
            .with_context(|| format!("{} at {revision} is not JSON", paths::EFFECTIVE))?,
        sources: git_show(root, revision, paths::SOURCES)?
            .map(|text| crate::sources::parse(&text))
            .transpose()?,
    })
}

/// The working tree's pages (merged) and overlay, and the effective document
/// they produce now.
pub fn working_tree(root: &Path) -> Result<Side> {
    let overlay = std::fs::read_to_string(root.join(paths::OVERLAY))
        .with_context(|| format!("cannot read {}", paths::OVERLAY))?;
    let mut side = side(
        pages::merge(&pages::read_all(root)?)?,
        overlay,
        &generate::classes(root)?,
    )?;
    side.sources = Some(crate::sources::read(root)?);
    Ok(side)
}
