//! Where the pipeline's files live, relative to the workspace root.

use std::path::{Path, PathBuf};

/// The vendor's docs page, kept verbatim: the import source.
pub const PAGE: &str = "openapi/atlas-pay.page.md";
/// The OpenAPI document exactly as the page publishes it (pretty-printed).
pub const UPSTREAM: &str = "openapi/atlas-pay.upstream.json";
/// Our reviewed fixes, as an OpenAPI Overlay 1.0.0 document.
pub const OVERLAY: &str = "openapi/overlay.yaml";
/// The effective document: upstream with the overlay applied.
pub const EFFECTIVE: &str = "openapi/atlas-pay.json";
/// Progenitor's client and types.
pub const GENERATED: &str = "atlas-pay-gen/src/generated.rs";
/// Progenitor's typed httpmock helpers (the gen crate's `mock` feature).
pub const GENERATED_MOCK: &str = "atlas-pay-gen/src/generated_mock.rs";
/// Each operation's method, path, success statuses and media types as constants.
pub const OPERATIONS: &str = "atlas-pay-gen/src/operations.rs";

/// The workspace root: the parent of this crate's manifest directory.
pub fn workspace_root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask
        .parent()
        .map_or_else(|| xtask.to_path_buf(), Path::to_path_buf)
}
