//! Importing from where Atlas publishes now: one hosted OpenAPI document for
//! every operation, and docs pages that only point at it. The hosted
//! document here is built from today's upstream documents plus operations
//! this workspace does not bind, one of which shares a component with a
//! bound operation.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

mod support;

use std::fs;
use std::path::Path;

use serde_json::{Map, Value, json};
use support::{sandbox, snapshot, xtask, xtask_ok};
use xtask::{diff, pages, paths, sources};

/// Atlas's hosted "atlas-api" document, as today's pages publish the bound
/// operations, plus search, verify and reissue (unbound). `Segment` is used
/// by search and verify only; `PaymentMethod` by pay, the query and reissue;
/// `ResponseMessage` by pay and stop ticketing.
fn hosted_document(root: &Path) -> Value {
    let merged = pages::merge(&pages::read_all(root).unwrap()).unwrap();
    let mut paths = merged["paths"].as_object().unwrap().clone();
    let answer = |schema: &str| json!({"200": {"description": "", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}}});
    for (path, tag, request, response) in [
        ("/search.do", "Shopping and Ticketing", "Segment", "Segment"),
        (
            "/verify.do",
            "Shopping and Ticketing",
            "Segment",
            "ResponseMessage",
        ),
        (
            "/reissue.do",
            "After sales",
            "ReissueRequest",
            "ResponseMessage",
        ),
    ] {
        paths.insert(
            path.to_owned(),
            json!({"post": {
                "summary": path, "tags": [tag],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{request}")}}}},
                "responses": answer(response)
            }}),
        );
    }
    let mut schemas = merged["components"]["schemas"].as_object().unwrap().clone();
    schemas.insert(
        "Segment".into(),
        json!({"type": "object", "properties": {"carrier": {"type": "string"}}}),
    );
    schemas.insert(
        "ReissueRequest".into(),
        json!({"type": "object", "properties": {"orderNo": {"type": "string"},
            "paymentMethod": {"$ref": "#/components/schemas/PaymentMethod"}}}),
    );
    let mut tags = merged["tags"].as_array().unwrap().clone();
    tags.push(json!({"name": "After sales"}));
    // The top-level order of Atlas's exports.
    let mut document = Map::new();
    for key in ["openapi", "info"] {
        document.insert(key.into(), merged[key].clone());
    }
    document.insert("tags".into(), Value::Array(tags));
    document.insert("security".into(), merged["security"].clone());
    document.insert("paths".into(), Value::Object(paths));
    document.insert("components".into(), json!({ "schemas": schemas }));
    Value::Object(document)
}

fn upstreams(root: &Path) -> Vec<(String, Value)> {
    pages::read_all(root)
        .unwrap()
        .into_iter()
        .map(|u| (u.name, u.document))
        .collect()
}

#[test]
fn a_hosted_document_with_todays_operations_changes_no_generated_file_and_no_spec() {
    let dir = sandbox();
    let before = upstreams(dir.path());
    let old_side = diff::working_tree(dir.path()).unwrap();
    let file = dir.path().join("atlas-api.json");
    let text = serde_json::to_string_pretty(&hosted_document(dir.path())).unwrap();
    fs::write(&file, &text).unwrap();

    let out = xtask_ok(dir.path(), &["import", file.to_str().unwrap()]);
    // The operations left out are listed.
    for unbound in ["POST /search.do", "POST /verify.do", "POST /reissue.do"] {
        assert!(out.contains(unbound), "{out}");
    }
    assert!(out.contains("openapi/pay.upstream.json"), "{out}");
    // Each bound operation lands in its upstream document, content unchanged.
    assert_eq!(upstreams(dir.path()), before);
    // Components: what each operation uses, and nothing of the others'.
    let pay = fs::read_to_string(dir.path().join(paths::PAY_UPSTREAM)).unwrap();
    let stop = fs::read_to_string(dir.path().join("openapi/stop-ticket.upstream.json")).unwrap();
    assert!(pay.contains("\"ResponseMessage\"") && stop.contains("\"ResponseMessage\""));
    for (name, document) in upstreams(dir.path()) {
        let schemas = document["components"]["schemas"].as_object();
        for unbound_only in ["Segment", "ReissueRequest"] {
            assert!(
                schemas.is_none_or(|s| !s.contains_key(unbound_only)),
                "{name} holds {unbound_only}"
            );
        }
        assert!(
            !document["tags"].to_string().contains("After sales"),
            "{name}"
        );
    }
    // Nothing generated moves, and the review sees no spec change, only
    // that the sources moved from pages to the document.
    xtask_ok(dir.path(), &["generate", "--check"]);
    let new_side = diff::working_tree(dir.path()).unwrap();
    let review = diff::review(&old_side, &new_side);
    assert!(review.is_empty(), "{review:?}");
    assert_eq!(review.sources.len(), before.len(), "{:?}", review.sources);
    let report = diff::render(&review, diff::Format::Markdown);
    assert!(report.contains("### Sources"), "{report}");
    assert!(report.contains("pay: page openapi/pay.page.md"), "{report}");
    // The document is kept as imported, and recorded as the source.
    let kept = dir.path().join("openapi/atlas-api.document.json");
    assert_eq!(fs::read_to_string(&kept).unwrap(), text);
    let record = sources::read(dir.path()).unwrap();
    let pay = &record["pay"];
    assert_eq!(pay.kind, sources::Kind::Document);
    assert_eq!(pay.file, "openapi/atlas-api.document.json");
    assert_eq!(pay.sha256, sources::sha256_hex(text.as_bytes()));
    // Importing the same bytes again writes nothing new.
    let files = snapshot(dir.path());
    xtask_ok(dir.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(snapshot(dir.path()), files);
}

#[test]
fn a_yaml_document_imports_the_same_operations() {
    let dir = sandbox();
    let before = upstreams(dir.path());
    let file = dir.path().join("atlas-api.yaml");
    fs::write(
        &file,
        serde_norway::to_string(&hosted_document(dir.path())).unwrap(),
    )
    .unwrap();
    xtask_ok(dir.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(upstreams(dir.path()), before);
    assert!(dir.path().join("openapi/atlas-api.document.yaml").exists());
    xtask_ok(dir.path(), &["generate", "--check"]);
}

#[test]
fn a_document_without_a_bound_operation_is_refused_naming_it_and_nothing_is_written() {
    let dir = sandbox();
    let mut document = hosted_document(dir.path());
    document["paths"]
        .as_object_mut()
        .unwrap()
        .remove("/stopTicket.do");
    let file = dir.path().join("atlas-api.json");
    fs::write(&file, serde_json::to_string(&document).unwrap()).unwrap();
    let files = snapshot(dir.path());
    let out = xtask(dir.path(), &["import", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("POST /stopTicket.do"), "{stderr}");
    assert_eq!(snapshot(dir.path()), files);
    assert!(!dir.path().join("openapi/atlas-api.document.json").exists());
}

#[test]
fn a_page_that_points_at_the_hosted_document_says_what_to_import() {
    let dir = sandbox();
    let page = "# Payment\n\nPays an order.\n\n\
        {% openapi-operation spec=\"atlas-api\" path=\"/pay.do\" method=\"post\" %}\n\
        [OpenAPI atlas-api](https://example.gitbook.io/raw/5f1e.json?token=x)\n\
        {% endopenapi-operation %}\n";
    let file = dir.path().join("payment.md");
    fs::write(&file, page).unwrap();
    let files = snapshot(dir.path());
    let out = xtask(dir.path(), &["import", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    for expected in [
        "POST /pay.do",
        "\"atlas-api\"",
        "https://example.gitbook.io/raw/5f1e.json",
        "cargo xtask import <the downloaded file>",
    ] {
        assert!(stderr.contains(expected), "no {expected:?} in {stderr}");
    }
    assert!(!stderr.contains("no ```json block"), "{stderr}");
    assert_eq!(snapshot(dir.path()), files);
}

#[test]
fn upstream_documents_must_hold_exactly_the_bound_operations() {
    let dir = sandbox();
    let bound = dir.path().join(paths::BOUND);
    let list = fs::read_to_string(&bound).unwrap();
    let without_stop = list.replace(
        "  - upstream: stop-ticket\n    method: POST\n    path: /stopTicket.do\n",
        "",
    );
    assert_ne!(list, without_stop);
    fs::write(&bound, without_stop).unwrap();
    let out = xtask(dir.path(), &["generate", "--check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("holds POST /stopTicket.do, which openapi/operations.yaml does not bind"),
        "{stderr}"
    );
}
