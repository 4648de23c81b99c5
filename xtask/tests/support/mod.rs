//! What the pipeline tests share: a copy of the workspace's pipeline files
//! to run the real `xtask` binary on.

#![allow(dead_code)] // each test file uses some of these

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use xtask::paths;

/// The generated files, besides the effective document.
pub(crate) const GENERATED: [&str; 5] = [
    paths::GENERATED,
    paths::GENERATED_CLIENT,
    paths::GENERATED_MOCK,
    paths::OPERATIONS,
    paths::OPERATION_TYPES,
];

/// Every file the pipeline reads or writes: `openapi/*` and the generated files.
pub(crate) fn inputs(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir(root.join(paths::OPENAPI_DIR))
        .expect("openapi/")
        .map(|entry| {
            format!(
                "{}/{}",
                paths::OPENAPI_DIR,
                entry.expect("an entry").file_name().to_string_lossy()
            )
        })
        .collect();
    files.extend(GENERATED.iter().map(|f| (*f).to_owned()));
    files.sort();
    files
}

/// A temporary root holding a copy of the pipeline's files.
pub(crate) fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = paths::workspace_root();
    for file in inputs(&root) {
        let target = dir.path().join(&file);
        fs::create_dir_all(target.parent().expect("has a parent")).expect("mkdir");
        fs::copy(root.join(&file), &target).expect("copy");
    }
    dir
}

pub(crate) fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    inputs(root)
        .into_iter()
        .map(|file| {
            let bytes = fs::read(root.join(&file)).unwrap_or_default();
            (file, bytes)
        })
        .collect()
}

pub(crate) fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("xtask runs")
}

/// Runs `cargo xtask` and expects it to succeed; returns its stdout.
pub(crate) fn xtask_ok(root: &Path, args: &[&str]) -> String {
    let out = xtask(root, args);
    assert!(
        out.status.success(),
        "cargo xtask {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A docs page with its one OpenAPI block edited as JSON (written back
/// compact, key order kept): how a test makes the change Atlas would,
/// whatever else today's page says.
pub(crate) fn edit_page(page: &str, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let blocks = xtask::import::json_blocks(page).expect("the page's blocks");
    let [block] = blocks.as_slice() else {
        panic!("the page has one JSON block")
    };
    let mut document: serde_json::Value =
        serde_json::from_str(&block.body).expect("the block is JSON");
    edit(&mut document);
    let edited = serde_json::to_string(&document).expect("JSON");
    assert_ne!(
        serde_json::from_str::<serde_json::Value>(&block.body).expect("JSON"),
        document,
        "the edit changed nothing"
    );
    page.replacen(&block.body, &edited, 1)
}

/// The object at `pointer` of `document`, to edit.
pub(crate) fn object_at<'a>(
    document: &'a mut serde_json::Value,
    pointer: &str,
) -> &'a mut serde_json::Map<String, serde_json::Value> {
    document
        .pointer_mut(pointer)
        .and_then(serde_json::Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {pointer}"))
}

/// The generated types a review names (`types::X`, or `X::field` and
/// `type \`X\``) that neither API has.
pub(crate) fn unknown_types(
    report: &str,
    old: &xtask::api::Surface,
    new: &xtask::api::Surface,
) -> Vec<String> {
    let mut unknown = std::collections::BTreeSet::new();
    for (index, token) in report.split('`').enumerate() {
        if index % 2 == 0 {
            continue;
        }
        let bare = token.strip_prefix("types::").unwrap_or(token);
        let named_as_type = token.starts_with("types::") || bare.contains("::");
        let name: String = bare
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !named_as_type || !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        if ["Client", "Self", "ResponseValue", "Option", "Vec", "String"].contains(&name.as_str()) {
            continue;
        }
        let path = format!("types::{name}");
        if old.get(&path).is_none() && new.get(&path).is_none() {
            unknown.insert(path);
        }
    }
    unknown.into_iter().collect()
}

/// Fails unless every generated type `report` names exists in the API of
/// `old`'s or `new`'s generated crate (both generated in memory).
pub(crate) fn assert_names_exist(report: &str, old: &xtask::diff::Side, new: &xtask::diff::Side) {
    let (old_api, new_api) = xtask::diff::effects::surfaces(old, new).expect("both sides generate");
    let unknown = unknown_types(report, &old_api, &new_api);
    assert!(
        unknown.is_empty(),
        "the review names types in neither version: {unknown:?}\n{report}"
    );
}
