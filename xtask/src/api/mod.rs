//! The public Rust API of the generated crate, computed from an effective
//! document: what `cargo xtask diff` compares between two spec versions, and
//! what the API snapshot (`xtask/tests/generated_api.rs`) holds.
//!
//! * [`listing`]: the items a caller can name, as data and as text;
//! * [`mod@compare`]: the difference between two listings, renames found, each
//!   change rated by cargo's SemVer rules;
//! * [`semver`]: crate versions and the bump a difference needs;
//! * [`decode`]: decoding a JSON value the way the generated types'
//!   `Deserialize` would, without compiling them;
//! * [`example`] and [`answers`]: answers of the old document's shape,
//!   tried with the new types.

pub mod answers;
pub mod compare;
pub mod decode;
pub mod example;
pub mod listing;
pub mod semver;

use anyhow::Result;

pub use compare::{ApiChange, ApiChangeKind, ApiDiff, compare};
pub use listing::{Item, Kind, Member, Surface};

/// The public API of `atlas-pay-gen` as `cargo xtask generate` would make it
/// from the effective document `effective` (JSON text): generated in memory,
/// never formatted or compiled.
pub fn generated_surface(effective: &str) -> Result<Surface> {
    crate::generate::with_generated_files(effective, |files| {
        let mut surface = Surface::default();
        for file in files {
            surface.add_file(file);
        }
        surface
    })
}

/// The public API of the committed generated files under `root`, in the
/// order the API snapshot lists them.
pub fn committed_surface(root: &std::path::Path) -> Result<Surface> {
    let mut surface = Surface::default();
    for file in crate::generate::API_FILES {
        let path = root.join(file);
        let source = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        surface
            .add_source(&source)
            .map_err(|e| anyhow::anyhow!("{} does not parse: {e}", path.display()))?;
    }
    Ok(surface)
}
