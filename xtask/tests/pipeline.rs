//! The pipeline as a maintainer uses it: `cargo xtask import` and
//! `cargo xtask generate [--check]`, run as the real binary against a copy of
//! this workspace's `openapi/` and generated files.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use xtask::{diff, paths};

mod support;

use serde_json::Value;
use support::{edit_page, object_at, sandbox, snapshot, xtask, xtask_ok};

fn page_with_block(block: &str) -> String {
    let page = fs::read_to_string(paths::workspace_root().join(paths::PAY_PAGE)).expect("page");
    let start = page.find("```json").expect("the page has a block");
    format!("{}{block}", &page[..start])
}

fn write_page(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).expect("write page");
    path
}

#[test]
fn committed_generated_files_are_current() {
    let root = paths::workspace_root();
    let outputs = xtask::generate::outputs(&root).expect("generation succeeds");
    let stale: Vec<_> = xtask::generate::check(&root, &outputs)
        .into_iter()
        .map(|s| s.path)
        .collect();
    assert!(
        stale.is_empty(),
        "stale: {stale:?}; run `cargo xtask generate`"
    );
}

#[test]
fn generation_is_deterministic() {
    let root = paths::workspace_root();
    let first = xtask::generate::outputs(&root).expect("first run");
    let second = xtask::generate::outputs(&root).expect("second run");
    assert_eq!(first, second);
}

#[test]
fn importing_the_committed_page_is_a_byte_for_byte_round_trip() {
    let dir = sandbox();
    let before = snapshot(dir.path());
    let page = dir.path().join(paths::PAY_PAGE);
    xtask_ok(dir.path(), &["import", page.to_str().expect("utf-8 path")]);
    assert_eq!(snapshot(dir.path()), before);
    xtask_ok(dir.path(), &["generate", "--check"]);
}

fn assert_refused(page_text: &str, reason: &str) {
    let dir = sandbox();
    let before = snapshot(dir.path());
    let page = write_page(dir.path(), "new-page.md", page_text);
    let out = xtask(dir.path(), &["import", page.to_str().expect("utf-8 path")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "import accepted a bad page");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "not one line: {stderr}"
    );
    assert!(stderr.contains(reason), "expected `{reason}` in: {stderr}");
    assert_eq!(snapshot(dir.path()), before, "import wrote files");
}

#[test]
fn a_page_without_a_json_block_is_refused() {
    assert_refused("# Payment\n\nNo document here.\n", "no ```json block");
}

#[test]
fn a_truncated_block_is_refused() {
    assert_refused(
        &page_with_block("```json\n{\"openapi\":\"3.0.1\",\"info\":{\n```\n"),
        "not valid JSON",
    );
    assert_refused(
        &page_with_block("```json\n{\"openapi\":\"3.0.1\"\n"),
        "never closed",
    );
}

#[test]
fn a_page_with_two_blocks_is_refused() {
    let page = fs::read_to_string(paths::workspace_root().join(paths::PAY_PAGE)).expect("page");
    let doubled = format!("{page}\n\n```json\n{{}}\n```\n");
    assert_refused(&doubled, "2 ```json blocks");
}

#[test]
fn a_swagger_2_document_is_refused() {
    let swagger = r#"{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{}}"#;
    assert_refused(
        &page_with_block(&format!("```json\n{swagger}\n```\n")),
        "Swagger",
    );
}

#[test]
fn an_openapi_31_document_is_refused() {
    let doc = r#"{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{}}"#;
    assert_refused(
        &page_with_block(&format!("```json\n{doc}\n```\n")),
        "only OpenAPI 3.0.x",
    );
}

#[test]
fn a_new_status_code_upstream_makes_check_fail_and_generate_pick_it_up() {
    let dir = sandbox();
    let page = fs::read_to_string(dir.path().join(paths::PAY_PAGE)).expect("page");
    let bumped = edit_page(&page, |doc| {
        doc.pointer_mut("/components/schemas/PaymentResponseStatus/enum")
            .and_then(Value::as_array_mut)
            .expect("the status enum")
            .push(416.into());
    });
    let new_page = write_page(dir.path(), "bumped.md", &bumped);
    xtask_ok(
        dir.path(),
        &["import", new_page.to_str().expect("utf-8 path")],
    );

    let out = xtask(dir.path(), &["generate", "--check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    for stale in [paths::EFFECTIVE, paths::GENERATED] {
        assert!(stderr.contains(&format!("stale: {stale}")), "{stderr}");
    }
    assert!(stderr.contains("cargo xtask generate"), "{stderr}");
    assert!(
        stdout.contains("+          416,"),
        "the diff shows the new code: {stdout}"
    );

    xtask_ok(dir.path(), &["generate"]);
    let generated = fs::read_to_string(dir.path().join(paths::GENERATED)).expect("generated");
    assert!(
        generated.contains("416_i64"),
        "the new code reaches the Rust types"
    );
    xtask_ok(dir.path(), &["generate", "--check"]);
}

#[test]
fn an_overlay_action_that_no_longer_applies_fails_generation() {
    let dir = sandbox();
    let upstream = fs::read_to_string(dir.path().join(paths::PAY_UPSTREAM)).expect("upstream");
    let renamed = upstream.replace("\"cardHolderProvince\"", "\"cardHolderState\"");
    fs::write(dir.path().join(paths::PAY_UPSTREAM), renamed).expect("write");
    let before = snapshot(dir.path());
    let out = xtask(dir.path(), &["generate"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("cardHolderProvince") && stderr.contains("matches nothing"),
        "{stderr}"
    );
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a failed generation wrote files"
    );
}

#[test]
fn a_document_progenitor_cannot_handle_is_an_error_not_a_panic() {
    // progenitor unwraps path items, so a `$ref` path item would panic it.
    let upstream = r##"{"openapi":"3.0.1","info":{"title":"t","version":"1"},
        "paths":{"/x":{"$ref":"#/components/pathItems/x"}}}"##;
    let overlay = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n\
                   - target: $.info\n  description: why\n  update: {title: u}\n";
    let error = xtask::generate::outputs_from(upstream, overlay, "").expect_err("an error");
    assert!(format!("{error:#}").contains("progenitor"), "{error:#}");
}

/// Compiles the wrapper's declarations of what its hand-written sends put on
/// the wire (`atlas-pay/src/declared.rs` and every operation's
/// `atlas-pay/src/<operation>/declared.rs`, found by listing the folder)
/// against the generated operations in `root`, with rustc alone: they depend
/// on nothing but `atlas-pay-gen`'s dependency-free `drift` module, so no
/// crate graph needs building.
fn compile_wrapper_sends(root: &Path, scratch: &Path, label: &str) -> Output {
    let workspace = paths::workspace_root();
    let out = scratch.join(label);
    fs::create_dir_all(&out).expect("mkdir");
    let gen_lib = out.join("atlas_pay_gen.rs");
    fs::write(
        &gen_lib,
        format!(
            "#[path = {:?}] pub mod operations;\n#[path = {:?}] pub mod drift;\n",
            root.join(paths::OPERATIONS),
            workspace.join("atlas-pay-gen/src/drift.rs"),
        ),
    )
    .expect("write lib");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let gen_out = Command::new(&rustc)
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "rlib",
            "--cap-lints",
            "allow",
        ])
        .args(["--crate-name", "atlas_pay_gen", "--out-dir"])
        .arg(&out)
        .arg(&gen_lib)
        .output()
        .expect("rustc runs");
    assert!(
        gen_out.status.success(),
        "the generated operations compile: {}",
        String::from_utf8_lossy(&gen_out.stderr)
    );
    let src = workspace.join("atlas-pay/src");
    let mut lib = format!("#[path = {:?}] mod declared;\n", src.join("declared.rs"));
    let mut operations = 0;
    for entry in fs::read_dir(&src).expect("list atlas-pay/src") {
        let folder = entry.expect("entry").path();
        let declared = folder.join("declared.rs");
        if declared.is_file() {
            let name = folder
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            lib.push_str(&format!("#[path = {declared:?}] mod {name};\n"));
            operations += 1;
        }
    }
    assert!(
        operations >= 4,
        "the operations' declarations were found: {lib}"
    );
    let sends_lib = out.join("atlas_pay_sends.rs");
    fs::write(&sends_lib, lib).expect("write the declarations' crate");
    Command::new(&rustc)
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "rlib",
            "--cap-lints",
            "allow",
        ])
        .args(["--crate-name", "atlas_pay_sends", "--out-dir"])
        .arg(&out)
        .arg("--extern")
        .arg(format!(
            "atlas_pay_gen={}",
            out.join("libatlas_pay_gen.rlib").display()
        ))
        .arg(&sends_lib)
        .output()
        .expect("rustc runs")
}

#[test]
fn a_new_header_upstream_stops_the_wrapper_compiling_and_says_what_to_do() {
    let dir = sandbox();
    let scratch = tempfile::tempdir().expect("a temporary directory");
    // Today's operations: the wrapper's declaration compiles.
    let out = compile_wrapper_sends(&paths::workspace_root(), scratch.path(), "today");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Atlas adds a required header to pay.do.
    let page = fs::read_to_string(dir.path().join(paths::PAY_PAGE)).expect("page");
    let bumped = edit_page(&page, |doc| {
        doc.pointer_mut("/paths/~1pay.do/post/parameters")
            .and_then(Value::as_array_mut)
            .expect("pay.do's parameters")
            .insert(
                0,
                serde_json::json!({"name": "x-atlas-request-id", "in": "header", "description": "",
                    "required": true, "schema": {"type": "string"}}),
            );
    });
    let new_page = write_page(dir.path(), "bumped.md", &bumped);
    for args in [
        vec!["import", new_page.to_str().expect("utf-8 path")],
        vec!["generate"],
    ] {
        xtask_ok(dir.path(), &args);
    }
    let operations = fs::read_to_string(dir.path().join(paths::OPERATIONS)).expect("operations");
    assert!(
        operations.contains("\"x-atlas-request-id\""),
        "{operations}"
    );

    // The same declaration no longer compiles, and the error says what to do.
    let out = compile_wrapper_sends(dir.path(), scratch.path(), "bumped");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the wrapper still compiles");
    assert!(
        stderr.contains("spec drift: the operation now takes a parameter or credential header that the wrapper does not send"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Send it in the wrapper's request"),
        "{stderr}"
    );
    assert!(
        stderr.contains("declared.rs"),
        "names the declaration: {stderr}"
    );
}

#[test]
fn a_bump_to_the_query_page_is_caught_by_check_and_reported_under_its_operation() {
    let dir = sandbox();
    let page = fs::read_to_string(dir.path().join(paths::QUERY_PAGE)).expect("page");
    // Atlas adds a field to the order query's answer.
    let bumped = edit_page(&page, |doc| {
        object_at(
            doc,
            "/paths/~1queryOrderDetails.do/post/responses/200/content/application~1json/schema/properties",
        )
        .insert(
            "refundable".into(),
            serde_json::json!({"type": "boolean", "description": "Whether the order can be refunded.",
                "nullable": true}),
        );
    });
    let new_page = write_page(dir.path(), "query-bumped.md", &bumped);
    let stdout = xtask_ok(
        dir.path(),
        &["import", new_page.to_str().expect("utf-8 path")],
    );
    assert!(
        stdout.contains(paths::QUERY_UPSTREAM),
        "replaces the query page: {stdout}"
    );

    let out = xtask(dir.path(), &["generate", "--check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains(&format!("stale: {}", paths::GENERATED)),
        "{stderr}"
    );

    let old = diff::load_side(
        &paths::workspace_root(),
        &[paths::workspace_root().join(paths::QUERY_PAGE)],
    )
    .expect("old side");
    let new = diff::load_side(&paths::workspace_root(), std::slice::from_ref(&new_page))
        .expect("new side");
    let review = diff::review(&old, &new);
    assert_eq!(review.changes.len(), 1, "{:?}", review.changes);
    let change = &review.changes[0].change;
    assert_eq!(
        change.operation.as_deref(),
        Some("POST /queryOrderDetails.do")
    );
    assert_eq!(change.id, "response-optional-property-added");
    let markdown = diff::render(&review, diff::Format::Markdown);
    support::assert_names_exist(&markdown, &old, &new);
    assert!(
        markdown.contains("### POST /queryOrderDetails.do"),
        "{markdown}"
    );
}

/// Regenerates `dir` after replacing `from` by `to` in the file `file`.
fn regenerate_with(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).expect("read");
    let bumped = text.replacen(from, to, 1);
    assert_ne!(text, bumped, "{file} holds {from:?}");
    if file.ends_with(paths::PAGE_SUFFIX) {
        let page = write_page(dir, "bumped.md", &bumped);
        xtask_ok(dir, &["import", page.to_str().expect("utf-8 path")]);
    } else {
        fs::write(&path, bumped).expect("write");
    }
    xtask_ok(dir, &["generate"]);
}

fn assert_refuses_to_compile(dir: &Path, label: &str, expected: &[&str]) {
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let out = compile_wrapper_sends(dir, scratch.path(), label);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the wrapper still compiles");
    for text in expected {
        assert!(stderr.contains(text), "no {text:?} in:\n{stderr}");
    }
}

#[test]
fn an_answer_field_the_wrapper_reads_renamed_upstream_stops_it_compiling_and_says_what_to_do() {
    let dir = sandbox();
    // Atlas renames the answer's pnrCode (the request's keeps its name).
    regenerate_with(
        dir.path(),
        paths::QUERY_PAGE,
        r#""pnrCode":{"type":"string","description":"The pnrCode is the single reference for the booking. This is the Atlas PNR."},"orderStatus""#,
        r#""atlasPnr":{"type":"string","description":"The pnrCode is the single reference for the booking. This is the Atlas PNR."},"orderStatus""#,
    );
    assert_refuses_to_compile(
        dir.path(),
        "renamed-field",
        &[
            "spec drift: the wrapper reads an answer field that the operation's answer no longer declares",
            "map the new name in openapi/overlay.yaml",
            "declared.rs",
        ],
    );
}

#[test]
fn an_operation_without_credentials_stops_the_wrapper_compiling() {
    let dir = sandbox();
    // The overlay forgets the order query's security requirement: the
    // generated TAKES lists no credentials, and the wrapper sends them.
    regenerate_with(
        dir.path(),
        paths::OVERLAY,
        "      operationId: queryOrder\n      security:\n        - atlasClientId: []\n          atlasClientSecret: []\n",
        "      operationId: queryOrder\n",
    );
    assert_refuses_to_compile(
        dir.path(),
        "no-credentials",
        &["the wrapper sends a parameter or header that the operation no longer takes"],
    );
}

#[test]
fn a_new_operation_without_a_declaration_stops_the_wrapper_compiling() {
    let dir = sandbox();
    // A new operation comes in: bound in openapi/operations.yaml, and a
    // second path in the query page.
    let bound = dir.path().join(paths::BOUND);
    let mut list = fs::read_to_string(&bound).expect("operations.yaml");
    list.push_str("  - upstream: query-order\n    method: POST\n    path: /ping.do\n");
    fs::write(&bound, list).expect("write operations.yaml");
    regenerate_with(
        dir.path(),
        paths::QUERY_PAGE,
        r#""paths":{"/queryOrderDetails.do":"#,
        r#""paths":{"/ping.do":{"post":{"operationId":"ping","requestBody":{"content":{"application/json":{"schema":{"type":"object"}}}},"responses":{"200":{"description":"","content":{"application/json":{"schema":{"type":"object","properties":{"status":{"type":"integer"}}}}}}}}},"/queryOrderDetails.do":"#,
    );
    assert_refuses_to_compile(
        dir.path(),
        "undeclared",
        &[
            "atlas-pay has no declaration for the operation",
            "Ping",
            "atlas-pay/src/<operation>/",
            "declared.rs",
        ],
    );
}
