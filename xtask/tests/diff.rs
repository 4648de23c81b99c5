//! `cargo xtask diff`: one fixture per rule, the Markdown report of a
//! realistic bump, properties of the comparison, and the command the PR
//! workflow runs.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::fs;
use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use xtask::diff::{self, Format};
use xtask::paths;

mod support;

use support::{assert_names_exist, edit_page, object_at, unknown_types};

/// The document every rule fixture patches: the effective document as it
/// was when the fixtures were written, kept as a fixture of its own so that
/// a spec change Atlas makes (a value added to an enum a fixture adds too)
/// fails none of them.
fn base() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules-base.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn patched(mut doc: Value, patch: &Value) -> Value {
    let patch: json_patch::Patch = serde_json::from_value(patch.clone()).unwrap();
    json_patch::patch(&mut doc, &patch).unwrap();
    doc
}

#[derive(Deserialize)]
struct Fixture {
    rule: String,
    level: String,
    /// Why the level, in Rust terms (every kind of change the spec review
    /// was found to get wrong has one).
    #[serde(default)]
    why: Option<String>,
    #[serde(default)]
    base_patch: Option<Value>,
    patch: Value,
}

#[test]
fn every_rule_has_a_fixture_and_every_fixture_a_rule() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff-rules.json");
    let fixtures: Vec<Fixture> = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let covered: std::collections::BTreeSet<&str> =
        fixtures.iter().map(|f| f.rule.as_str()).collect();
    let table = diff::rules::ALL;
    let ids: std::collections::BTreeSet<&str> = table.iter().map(|rule| rule.id).collect();
    assert_eq!(
        ids.len(),
        table.len(),
        "a rule id appears twice in the table"
    );
    let missing: Vec<&&str> = ids.difference(&covered).collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
    let unknown: Vec<&&str> = covered.difference(&ids).collect();
    assert!(
        unknown.is_empty(),
        "fixtures naming no rule of the table: {unknown:?}"
    );
    // The kinds of change the review was measured to get wrong each have a
    // fixture saying why their level, in Rust terms.
    for id in [
        "path-level-parameter-added",
        "request-property-additional-properties-changed",
        "response-property-additional-properties-changed",
        "request-property-max-items-decreased",
        "request-property-min-items-increased",
        "response-property-max-items-increased",
        "response-property-min-items-decreased",
        "request-property-default-value-added",
        "request-property-default-value-removed",
        "request-property-default-value-changed",
        "response-property-default-value-added",
        "request-property-enum-added",
        "request-property-type-changed",
        "request-property-all-of-added",
        "request-property-any-of-added",
        "response-property-any-of-removed",
        "path-parameter-renamed",
        "schema-extracted",
    ] {
        assert!(
            fixtures
                .iter()
                .any(|f| f.rule == id && f.why.as_deref().is_some_and(|w| !w.is_empty())),
            "{id} has no fixture saying why its level"
        );
    }
    // A fixture's level is one the table says the rule is rated at.
    for fixture in &fixtures {
        let rule = table.iter().find(|rule| rule.id == fixture.rule).unwrap();
        assert!(
            rule.levels
                .iter()
                .any(|level| level.as_str() == fixture.level),
            "{} is not rated {} in the table",
            fixture.rule,
            fixture.level
        );
    }
}

#[test]
fn every_rule_fixture_yields_its_rule_at_its_level() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff-rules.json");
    let fixtures: Vec<Fixture> = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    assert!(fixtures.len() >= 50);
    let mut failures = Vec::new();
    for fixture in &fixtures {
        let old = match &fixture.base_patch {
            Some(patch) => patched(base(), patch),
            None => base(),
        };
        let new = patched(old.clone(), &fixture.patch);
        let changes = diff::diff(&old, &new);
        let found = changes
            .iter()
            .any(|c| c.id == fixture.rule && c.level.as_str() == fixture.level);
        if !found {
            let got: Vec<String> = changes
                .iter()
                .map(|c| format!("{} ({})", c.id, c.level))
                .collect();
            failures.push(format!("{} ({}): got {got:?}", fixture.rule, fixture.level));
        }
    }
    assert!(
        failures.is_empty(),
        "fixtures not matched:\n{}",
        failures.join("\n")
    );
}

fn bumped_page() -> String {
    let page = fs::read_to_string(paths::workspace_root().join(paths::PAY_PAGE)).unwrap();
    let body = "/paths/~1pay.do/post/requestBody/content/application~1json/schema";
    edit_page(&page, |doc| {
        // A new status code: harmless to our open `status`.
        doc.pointer_mut("/components/schemas/PaymentResponseStatus/enum")
            .and_then(Value::as_array_mut)
            .unwrap()
            .push(416.into());
        // A new required card field: breaks every card payment.
        let card = format!("{body}/properties/creditCard");
        object_at(doc, &format!("{card}/properties")).insert(
            "cardHolderEmail".into(),
            serde_json::json!({"type": "string", "description": "Email of the card holder."}),
        );
        doc.pointer_mut(&format!("{card}/required"))
            .and_then(Value::as_array_mut)
            .unwrap()
            .insert(0, "cardHolderEmail".into());
        // A length limit on the seller's order number.
        object_at(doc, &format!("{body}/properties/clientOrderNo"))
            .insert("maxLength".into(), 32.into());
        // A reworded description.
        object_at(
            doc,
            "/paths/~1pay.do/post/responses/200/content/application~1json/schema/properties/orderNo",
        )
        .insert("description".into(), "Echo of the order number".into());
    })
}

#[test]
fn markdown_report_of_a_realistic_bump() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("bumped.md");
    fs::write(&new, bumped_page()).unwrap();
    let root = paths::workspace_root();
    let old = diff::load_side(&root, &[root.join(paths::PAY_PAGE)]).unwrap();
    let new = diff::load_side(&root, &[new]).unwrap();
    let review = diff::review(&old, &new);
    insta::assert_snapshot!(diff::render(&review, Format::Markdown));
    let json: Value = serde_json::from_str(&diff::render(&review, Format::Json)).unwrap();
    // A new required card field, and a length limit on `clientOrderNo`,
    // which typify turns from a `String` into a validated newtype.
    assert_eq!(json["summary"]["breaking"], 2);
    let breaking: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["level"] == "breaking")
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(breaking.contains(&"new-required-request-property"));
    assert!(breaking.contains(&"request-property-max-length-decreased"));
    // The Rust effects, computed from both generated versions, tie each
    // API change to the spec change behind it.
    let mut context = diff::EffectsContext::of_wrapper(&root).unwrap();
    let version = xtask::api::semver::Version::parse("0.3.1").unwrap();
    for name in ["atlas-pay-gen", "atlas-pay"] {
        context.versions.insert(name.to_owned(), (version, version));
    }
    let effects = diff::effects::compute(&old, &new, &review, &context).unwrap();
    assert_eq!(effects.version_failures().len(), 2, "0.3.1 needs 0.4.0");
    let rust = diff::render_with(&review, Some(&effects), Format::Markdown);
    let (old_api, new_api) = diff::effects::surfaces(&old, &new).unwrap();
    for format in [Format::Markdown, Format::Text, Format::Changelog] {
        let report = diff::render_with(&review, Some(&effects), format);
        assert_eq!(
            unknown_types(&report, &old_api, &new_api),
            Vec::<String>::new(),
            "{report}"
        );
    }
    insta::assert_snapshot!(
        "realistic_bump_rust_effects",
        &rust[rust.find("### Rust API").unwrap()..]
    );
    assert!(
        review
            .changes
            .iter()
            .all(|c| c.source == diff::provenance::Source::Upstream),
        "every change of a vendor bump is the vendor's"
    );
}

fn page_side(text: &str) -> diff::Side {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.md");
    fs::write(&path, text).unwrap();
    diff::load_side(&paths::workspace_root(), std::slice::from_ref(&path)).unwrap()
}

#[test]
fn an_upstream_change_the_overlay_absorbs_is_listed_with_its_action() {
    let page = fs::read_to_string(paths::workspace_root().join(paths::PAY_PAGE)).unwrap();
    let dropped = edit_page(&page, |doc| {
        doc.pointer_mut(
            "/paths/~1pay.do/post/responses/200/content/application~1json/schema/required",
        )
        .and_then(Value::as_array_mut)
        .unwrap()
        .retain(|field| field != "paymentMethod");
    });
    let (old_side, new_side) = (page_side(&page), page_side(&dropped));
    let review = diff::review(&old_side, &new_side);
    // The effective document does not move...
    assert!(review.changes.is_empty(), "{:?}", review.changes);
    // ...but the reviewer sees the vendor's change and what absorbs it.
    assert_eq!(review.absorbed.len(), 1, "{:?}", review.absorbed);
    let absorbed = &review.absorbed[0];
    assert_eq!(absorbed.change.id, "response-property-became-optional");
    let action = absorbed.action.as_ref().expect("an absorbing action");
    assert!(action.target.ends_with(".schema.required"), "{action:?}");
    assert!(
        action.reason.starts_with("Only `status` is certain"),
        "{action:?}"
    );
    let markdown = diff::render(&review, Format::Markdown);
    assert_names_exist(&markdown, &old_side, &new_side);
    assert!(!markdown.contains("no changes"), "{markdown}");
    assert!(
        markdown.contains("### Absorbed by the overlay"),
        "{markdown}"
    );
    assert!(
        markdown.contains(&format!("#{}", action.number)),
        "{markdown}"
    );
    let json: Value = serde_json::from_str(&diff::render(&review, Format::Json)).unwrap();
    assert_eq!(json["summary"]["absorbed"], 1);
    assert_eq!(json["absorbed"][0]["action"]["number"], action.number);
}

#[test]
fn a_change_to_the_overlay_alone_is_listed_as_ours() {
    let root = paths::workspace_root();
    let old = diff::working_tree(&root).unwrap();
    let mut new = old.clone();
    let overlay = old.overlay.clone().unwrap();
    let extra = "\n  - target: $.paths['/pay.do'].post.requestBody.content['application/json'].schema.properties.clientOrderNo\n    description: A limit we chose.\n    update:\n      maxLength: 32\n";
    let new_overlay = format!("{}{extra}", overlay.trim_end());
    let effective = xtask::generate::effective_document(
        &serde_json::to_string(old.upstream.as_ref().unwrap()).unwrap(),
        &new_overlay,
        &xtask::generate::classes(&root).unwrap(),
    )
    .unwrap();
    new.overlay = Some(new_overlay);
    new.effective = serde_json::from_str(&effective).unwrap();
    let review = diff::review(&old, &new);
    assert!(review.absorbed.is_empty(), "{:?}", review.absorbed);
    assert_eq!(review.changes.len(), 1, "{:?}", review.changes);
    assert_eq!(review.changes[0].source, diff::provenance::Source::Overlay);
    assert_eq!(
        review.changes[0].change.id,
        "request-property-max-length-decreased"
    );
    let markdown = diff::render(&review, Format::Markdown);
    assert_names_exist(&markdown, &old, &new);
    assert!(markdown.contains("| overlay (ours) |"));
}

#[test]
fn the_pr_workflow_command_reports_and_fails_on_breaking() {
    let root = paths::workspace_root();
    let workflow = fs::read_to_string(root.join(".github/workflows/spec-review.yml")).unwrap();
    assert!(
        workflow.contains("cargo xtask diff --base"),
        "the workflow runs the diff"
    );
    assert!(workflow.contains("--format markdown"));
    assert!(
        workflow.contains("--check-version") && workflow.contains("--format changelog"),
        "the workflow checks the version and drafts the CHANGELOG section"
    );

    // What the workflow runs, against HEAD.
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "--base", "HEAD", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("## Spec review: "));

    // `--fail-on breaking` turns a breaking bump into a failing check.
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("bumped.md");
    fs::write(&new, bumped_page()).unwrap();
    let page = root.join(paths::PAY_PAGE);
    let run = |fail_on: &str| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args([
                "diff",
                "--old",
                page.to_str().unwrap(),
                "--new",
                new.to_str().unwrap(),
            ])
            .args(["--format", "json", "--fail-on", fail_on])
            .output()
            .unwrap()
    };
    let out = run("breaking");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("breaking"));
    let same = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "diff",
            "--old",
            page.to_str().unwrap(),
            "--new",
            page.to_str().unwrap(),
            "--fail-on",
            "possibly-breaking",
        ])
        .output()
        .unwrap();
    assert!(same.status.success());
}

/// A random change with a known opposite: (patch, id when applied, id when reverted).
fn change() -> impl Strategy<Value = (Value, &'static str, &'static str)> {
    let name = "[a-z]{3,10}Extra";
    prop_oneof![
        name.prop_map(|n| (serde_json::json!([{"op": "add", "path": format!("/paths/~1pay.do/post/responses/200/content/application~1json/schema/properties/{n}"), "value": {"type": "string"}}]), "response-optional-property-added", "response-optional-property-removed")),
        name.prop_map(|n| (serde_json::json!([{"op": "add", "path": format!("/paths/~1pay.do/post/requestBody/content/application~1json/schema/properties/{n}"), "value": {"type": "integer"}}]), "new-optional-request-property", "request-property-removed")),
        (6i64..1000).prop_map(|v| (serde_json::json!([{"op": "add", "path": "/components/schemas/PaymentMethod/enum/-", "value": v}]), "request-property-enum-value-added", "request-property-enum-value-removed")),
        name.prop_map(|n| (serde_json::json!([{"op": "add", "path": format!("/paths/~1{n}.do"), "value": {"post": {"operationId": n, "responses": {"200": {"description": ""}}}}}]), "endpoint-added", "api-path-removed-without-deprecation")),
        name.prop_map(|n| (serde_json::json!([{"op": "add", "path": format!("/components/schemas/{n}"), "value": {"type": "boolean"}}]), "schema-added", "schema-removed")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_document_never_differs_from_itself((patch, _, _) in change()) {
        let doc = patched(base(), &patch);
        prop_assert!(diff::diff(&doc, &doc).is_empty());
    }

    #[test]
    fn swapping_sides_turns_each_addition_into_a_removal((patch, added, removed) in change()) {
        let (old, new) = (base(), patched(base(), &patch));
        let forward = diff::diff(&old, &new);
        let backward = diff::diff(&new, &old);
        prop_assert!(forward.iter().any(|c| c.id == added), "{forward:?}");
        prop_assert!(backward.iter().any(|c| c.id == removed), "{backward:?}");
        prop_assert!(!backward.iter().any(|c| c.id == added));
        prop_assert_eq!(forward.len(), backward.len());
    }
}

#[test]
fn an_openapi_31_document_is_refused_naming_its_version_never_reviewed_as_unchanged() {
    // A 3.1 change the 3.0 walk cannot see: a type array gains "null".
    let document = |types: serde_json::Value| {
        serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/pay.do": {"post": {
                "operationId": "pay",
                "responses": {"200": {"description": "", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"orderNo": {"type": types}}}
                }}}}
            }}}
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.json");
    let new = dir.path().join("new.json");
    fs::write(&old, document(serde_json::json!("string")).to_string()).unwrap();
    fs::write(
        &new,
        document(serde_json::json!(["string", "null"])).to_string(),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "diff",
            "--old",
            old.to_str().unwrap(),
            "--new",
            new.to_str().unwrap(),
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(stderr.contains("OpenAPI 3.1.0"), "{stderr}");
    assert!(stderr.contains("3.0.x only"), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "no report for a document it cannot read"
    );
}

#[test]
fn a_path_parameter_renamed_with_the_same_url_shape_is_not_a_removed_path() {
    let operation = |name: &str| {
        serde_json::json!({"get": {
            "operationId": "getOrder",
            "parameters": [{"name": name, "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {"description": ""}}
        }})
    };
    let mut old = base();
    old["paths"]["/orders/{id}"] = operation("id");
    let mut new = base();
    new["paths"]["/orders/{orderId}"] = operation("orderId");
    let changes = diff::diff(&old, &new);
    let ids: Vec<&str> = changes.iter().map(|c| c.id).collect();
    assert!(ids.contains(&"path-parameter-renamed"), "{ids:?}");
    assert!(
        !ids.contains(&"api-path-removed-without-deprecation") && !ids.contains(&"endpoint-added"),
        "{ids:?}"
    );
    // The setter of the renamed parameter is renamed: seen as such.
    assert!(ids.contains(&"request-parameter-removed"), "{ids:?}");
}

/// Rules that check themselves: each fixture's two sides are generated in
/// memory and their public APIs compared, and answers of the old side's
/// shape are decoded with the new side's types. A rule rated breaking must
/// break one of them (or be a documented wire-only break); a rule rated
/// otherwise must break neither, and a computed "possibly breaking" must not
/// hide behind a rule rated non-breaking.
#[test]
fn every_rule_level_agrees_with_the_generated_rust() {
    use xtask::api::{self, Surface};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff-rules.json");
    let fixtures: Vec<Fixture> = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let surface = |doc: &Value| -> anyhow::Result<Surface> {
        api::generated_surface(&serde_json::to_string(doc).unwrap())
    };
    let base_doc = base();
    let base_api = surface(&base_doc).unwrap();
    let check = |fixture: &Fixture| -> Option<String> {
        let old = match &fixture.base_patch {
            Some(patch) => patched(base(), patch),
            None => base_doc.clone(),
        };
        let new = patched(old.clone(), &fixture.patch);
        let old_api = match &fixture.base_patch {
            Some(_) => surface(&old),
            None => Ok(base_api.clone()),
        };
        let ungenerated = diff::rules::UNGENERATED
            .iter()
            .any(|(id, _)| *id == fixture.rule);
        let (old_api, new_api) = match (old_api, surface(&new)) {
            (Ok(_), Ok(_)) if ungenerated => {
                return Some(format!(
                    "{}: listed as ungenerated, but generates",
                    fixture.rule
                ));
            }
            (Ok(old), Ok(new)) => (old, new),
            _ if ungenerated => return None,
            (Err(error), _) | (_, Err(error)) => {
                return Some(format!(
                    "{}: a side does not generate: {error:#}",
                    fixture.rule
                ));
            }
        };
        let difference = api::compare(&old_api, &new_api);
        let undecodable = api::answers::undecodable(&old, &new_api);
        // Every type the review names exists in one of the two versions.
        let review = diff::review(
            &diff::Side::effective(old.clone()),
            &diff::Side::effective(new.clone()),
        );
        let effects = diff::effects::effects_of(
            &old_api,
            &new_api,
            &review,
            &diff::EffectsContext::default(),
        );
        let report = diff::render_with(&review, Some(&effects), diff::Format::Markdown);
        let unknown = unknown_types(&report, &old_api, &new_api);
        if !unknown.is_empty() {
            return Some(format!(
                "{}: the review names types in neither version: {}\n{report}",
                fixture.rule,
                unknown.join(", ")
            ));
        }
        let api_level = difference.level();
        let rule = diff::rules::ALL
            .iter()
            .find(|rule| rule.id == fixture.rule)
            .unwrap();
        let decode_breaks =
            rule.direction == Some(diff::Direction::Response) && !undecodable.is_empty();
        let computed = if api_level == Some(diff::Level::Breaking) || decode_breaks {
            diff::Level::Breaking
        } else {
            api_level.unwrap_or(diff::Level::NonBreaking)
        };
        let wire_only = diff::rules::WIRE_ONLY
            .iter()
            .any(|(id, _)| *id == fixture.rule);
        let agrees = match fixture.level.as_str() {
            "breaking" => computed == diff::Level::Breaking || wire_only,
            "possibly-breaking" => computed != diff::Level::Breaking,
            _ => computed == diff::Level::NonBreaking,
        };
        (!agrees).then(|| {
            let details: Vec<String> = difference
                .changes
                .iter()
                .map(|c| {
                    let inner: Vec<String> = c
                        .details
                        .iter()
                        .map(|(l, d)| format!("{d} [{l}]"))
                        .collect();
                    format!("{} [{}] {}", c.summary(), c.level, inner.join("; "))
                })
                .chain(
                    undecodable
                        .iter()
                        .map(|u| format!("old answer: {}", u.reason)),
                )
                .collect();
            format!(
                "{} ({}): computed {computed}:\n    {}",
                fixture.rule,
                fixture.level,
                details.join("\n    ")
            )
        })
    };
    // Two workers: generation is the cost.
    let (first, second) = fixtures.split_at(fixtures.len() / 2);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let worker = scope.spawn(|| first.iter().filter_map(check).collect::<Vec<_>>());
        let mut mine: Vec<String> = second.iter().filter_map(check).collect();
        let mut theirs = worker.join().unwrap();
        theirs.append(&mut mine);
        theirs
    });
    assert!(
        failures.is_empty(),
        "{} of {} rule fixtures disagree with the generated Rust:\n{}",
        failures.len(),
        fixtures.len(),
        failures.join("\n")
    );
}

/// A git repository holding the pipeline's files, the crates' manifests and
/// the wrapper's sources, committed: a base revision for `--check-version`.
fn committed_workspace() -> tempfile::TempDir {
    let root = paths::workspace_root();
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<String> = fs::read_dir(root.join(paths::OPENAPI_DIR))
        .unwrap()
        .map(|e| format!("openapi/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    files.extend(
        [
            "Cargo.toml",
            "atlas-pay/Cargo.toml",
            "atlas-pay-gen/Cargo.toml",
            "atlas-pay/src/lib.rs",
        ]
        .map(str::to_owned),
    );
    for file in files {
        let target = dir.path().join(&file);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(root.join(&file), &target).unwrap();
    }
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir.path())
            .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "base"]);
    dir
}

#[test]
fn check_version_fails_until_cargo_toml_has_the_bump_an_inline_to_named_schema_needs() {
    let dir = committed_workspace();
    let root = dir.path();
    // Atlas moves the inline `deductFrom` enum into a named schema: the wire
    // is unchanged, the generated type is renamed.
    let upstream = root.join("openapi/query-order.upstream.json");
    let mut document: Value =
        serde_json::from_str(&fs::read_to_string(&upstream).unwrap()).unwrap();
    let inline =
        document["components"]["schemas"]["PaymentOptionDetail"]["properties"]["deductFrom"].take();
    document["components"]["schemas"]["DeductFrom"] = inline;
    document["components"]["schemas"]["PaymentOptionDetail"]["properties"]["deductFrom"] =
        serde_json::json!({"$ref": "#/components/schemas/DeductFrom"});
    fs::write(&upstream, serde_json::to_string_pretty(&document).unwrap()).unwrap();

    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("--root")
            .arg(root)
            .args([
                "diff",
                "--base",
                "HEAD",
                "--check-version",
                "--format",
                format,
            ])
            .output()
            .unwrap()
    };
    // The workspace's version now, and the minor bump a rename needs.
    let manifest = root.join("Cargo.toml");
    let text = fs::read_to_string(&manifest).unwrap();
    let now = text
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap()
        .to_owned();
    let needed = xtask::api::semver::Version::parse(&now)
        .unwrap()
        .bumped(xtask::api::semver::Bump::Breaking)
        .to_string();
    let out = run("markdown");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        !out.status.success(),
        "{now} is below the {needed} a rename needs"
    );
    assert!(
        stdout
            .contains("enum `types::PaymentOptionDetailDeductFrom` renamed to `types::DeductFrom`"),
        "{stdout}"
    );
    assert!(stdout.contains("`schema-extracted`"), "{stdout}");
    assert!(
        stderr.contains(&format!("atlas-pay-gen is {now} in Cargo.toml"))
            && stderr.contains(&format!("needs at least {needed}")),
        "{stderr}"
    );

    // With the bump, the check passes, and the changelog draft says why.
    fs::write(
        &manifest,
        text.replacen(
            &format!("version = \"{now}\""),
            &format!("version = \"{needed}\""),
            1,
        ),
    )
    .unwrap();
    let out = run("changelog");
    let changelog = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        changelog.starts_with(&format!("## Unreleased ({needed})")),
        "{changelog}"
    );
    assert!(changelog.contains("#### In Rust"), "{changelog}");
    assert!(
        changelog.contains("**breaking** enum `types::PaymentOptionDetailDeductFrom` renamed to `types::DeductFrom`"),
        "{changelog}"
    );
}

#[test]
fn a_document_the_generator_cannot_generate_is_reported_and_fails_the_version_check() {
    // Two request media types: progenitor generates one per operation.
    let dir = tempfile::tempdir().unwrap();
    let mut new = base();
    let content = &mut new["paths"]["/pay.do"]["post"]["requestBody"]["content"];
    content["application/x-www-form-urlencoded"] = content["application/json"].clone();
    let (old_path, new_path) = (dir.path().join("old.json"), dir.path().join("new.json"));
    fs::write(&old_path, serde_json::to_string(&base()).unwrap()).unwrap();
    fs::write(&new_path, serde_json::to_string(&new).unwrap()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "diff",
            "--old",
            old_path.to_str().unwrap(),
            "--new",
            new_path.to_str().unwrap(),
        ])
        .args(["--format", "markdown", "--check-version"])
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "no version can be checked");
    assert!(
        stdout.contains("`request-body-media-type-added`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Not computed: generating the new side's Rust"),
        "{stdout}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--check-version needs the Rust effects")
    );
}
