//! Where the pipeline's files live, relative to the workspace root.

use std::path::{Path, PathBuf};

/// Where the pages, upstream documents, overlay and effective document live.
pub const OPENAPI_DIR: &str = "openapi";
/// A docs page, kept verbatim as the import source: `openapi/<name>.page.md`.
pub const PAGE_SUFFIX: &str = ".page.md";
/// The OpenAPI document exactly as a page publishes it (pretty-printed):
/// `openapi/<name>.upstream.json`.
pub const UPSTREAM_SUFFIX: &str = ".upstream.json";
/// The pay.do page (Atlas's own, with its embedded document).
pub const PAY_PAGE: &str = "openapi/pay.page.md";
/// The pay.do page's upstream document.
pub const PAY_UPSTREAM: &str = "openapi/pay.upstream.json";
/// The order query page (our transcription of Atlas's reference).
pub const QUERY_PAGE: &str = "openapi/query-order.page.md";
/// The order query page's upstream document.
pub const QUERY_UPSTREAM: &str = "openapi/query-order.upstream.json";
/// The operations the workspace binds, and the upstream document of each.
pub const BOUND: &str = "openapi/operations.yaml";
/// Where each upstream document came from (a page or a whole document).
pub const SOURCES: &str = "openapi/sources.json";
/// A whole OpenAPI document kept as an import source:
/// `openapi/<name>.document.json` (or `.yaml`).
pub const DOCUMENT_INFIX: &str = ".document.";
/// Our reviewed fixes, as an OpenAPI Overlay 1.0.0 document.
pub const OVERLAY: &str = "openapi/overlay.yaml";
/// The classification of answer fields: personal or plain.
pub const PERSONAL: &str = "openapi/personal-data.yaml";
/// The effective document: the upstream documents merged, with the overlay applied.
pub const EFFECTIVE: &str = "openapi/atlas-pay.json";
/// Progenitor's types (every build of atlas-pay-gen).
pub const GENERATED: &str = "atlas-pay-gen/src/generated.rs";
/// Progenitor's client, operations and builders (atlas-pay-gen's `client` feature).
pub const GENERATED_CLIENT: &str = "atlas-pay-gen/src/generated_client.rs";
/// Progenitor's typed httpmock helpers (the gen crate's `mock` feature).
pub const GENERATED_MOCK: &str = "atlas-pay-gen/src/generated_mock.rs";
/// Each operation's method, path, success statuses and media types as constants.
pub const OPERATIONS: &str = "atlas-pay-gen/src/operations.rs";
/// Each operation's marker type as an `atlas_pay_gen::Operation`: its body and answer types.
pub const OPERATION_TYPES: &str = "atlas-pay-gen/src/operation_types.rs";

/// The page named `name`.
pub fn page(name: &str) -> String {
    format!("{OPENAPI_DIR}/{name}{PAGE_SUFFIX}")
}

/// The upstream document of the page named `name`.
pub fn upstream(name: &str) -> String {
    format!("{OPENAPI_DIR}/{name}{UPSTREAM_SUFFIX}")
}

/// The workspace root: the parent of this crate's manifest directory.
pub fn workspace_root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask
        .parent()
        .map_or_else(|| xtask.to_path_buf(), Path::to_path_buf)
}

/// A file name part as `openapi/` names files: lowercase letters, digits and
/// dashes (every other character a dash, none at either end). Empty when
/// nothing is left.
pub fn slug(text: &str) -> String {
    let name: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    name.trim_matches('-').to_owned()
}
