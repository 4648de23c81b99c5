//! Personal data hidden by default: a text field Atlas adds to an answer is
//! generated redacted without any overlay action, flagged in the review, and
//! `generate --check` fails until `openapi/personal-data.yaml` classifies it.
//! (That the redacted field never prints, in Debug, Display, errors and
//! tracing, is shown by `cargo xtask compat`'s bump "text field added to
//! passengers", which runs `tests/tests/secrets.rs` on the regenerated copy.)

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

mod support;

use std::fs;
use std::path::Path;

use serde_json::Value;
use support::{sandbox, unknown_types, xtask, xtask_ok};
use xtask::{diff, paths};

/// Adds an optional text field to the order query's passengers, in the
/// upstream document as Atlas would publish it, under the first of a few
/// names that today's passengers do not have; returns its JSON and Rust names.
fn add_passenger_field(root: &Path) -> (&'static str, &'static str) {
    let file = root.join(paths::QUERY_UPSTREAM);
    let mut document: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    let passengers = document
        .pointer_mut("/paths/~1queryOrderDetails.do/post/responses/200/content/application~1json/schema/properties/paxTicketInfos/items/properties")
        .and_then(Value::as_object_mut)
        .expect("the order query's passengers are an inline object");
    let (json, rust) = [
        ("middleName", "middle_name"),
        ("maidenName", "maiden_name"),
        ("secondSurname", "second_surname"),
    ]
    .into_iter()
    .find(|(json, _)| !passengers.contains_key(*json))
    .expect("a name the passengers do not have");
    passengers.insert(
        json.to_owned(),
        serde_json::json!({"type": "string", "description": "A new passenger field."}),
    );
    fs::write(
        file,
        serde_json::to_string_pretty(&document).unwrap() + "\n",
    )
    .unwrap();
    (json, rust)
}

fn passenger_field(root: &Path, rust: &str) -> String {
    let generated = fs::read_to_string(root.join(paths::GENERATED)).unwrap();
    generated
        .lines()
        .find(|line| line.trim_start().starts_with(&format!("pub {rust}:")))
        .unwrap_or_else(|| panic!("no field {rust}"))
        .trim()
        .to_owned()
}

#[test]
fn a_new_text_field_ships_redacted_is_flagged_and_fails_the_check_until_classified() {
    let dir = sandbox();
    let root = dir.path();
    let old = diff::working_tree(root).unwrap();
    let (json, rust) = add_passenger_field(root);
    let path = format!("paxTicketInfos[].{json}");

    // Generated redacted, with no overlay action, and said so.
    let out = xtask(root, &["generate"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("queryOrder: {path}")), "{stderr}");
    assert_eq!(
        passenger_field(root, rust),
        format!("pub {rust}: ::std::option::Option<crate::secret::PersonalData>,")
    );

    // The check fails naming it.
    let out = xtask(root, &["generate", "--check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains(&format!("unclassified: queryOrder: {path}")),
        "{stderr}"
    );

    // The review flags it beside the passengers' personal data.
    let new = diff::working_tree(root).unwrap();
    let review = diff::review(&old, &new);
    let flagged: Vec<&str> = review.personal.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(flagged, [path.as_str()]);
    assert!(review.personal[0].ships.starts_with("redacted"));
    let (old_api, new_api) = diff::effects::surfaces(&old, &new).unwrap();
    let effects = diff::effects::compute(
        &old,
        &new,
        &review,
        &diff::EffectsContext::of_wrapper(&paths::workspace_root()).unwrap(),
    )
    .unwrap();
    let report = diff::render_with(&review, Some(&effects), diff::Format::Markdown);
    assert!(
        report.contains("New fields beside personal data"),
        "{report}"
    );
    assert_eq!(
        unknown_types(&report, &old_api, &new_api),
        Vec::<String>::new(),
        "{report}"
    );

    // Classified personal, the check passes; classified plain, it is shown.
    classify(root, "personal", &path);
    xtask_ok(root, &["generate"]);
    xtask_ok(root, &["generate", "--check"]);
    classify(root, "plain", &path);
    xtask_ok(root, &["generate"]);
    xtask_ok(root, &["generate", "--check"]);
    assert_eq!(
        passenger_field(root, rust),
        format!("pub {rust}: ::std::option::Option<::std::string::String>,")
    );
}

/// Classifies a field of the order query's answer (and only there).
fn classify(root: &Path, class: &str, path: &str) {
    let file = root.join(paths::PERSONAL);
    let mut classes: Value = serde_norway::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    for list in ["personal", "plain"] {
        if let Some(entries) = classes["queryOrder"][list].as_array_mut() {
            entries.retain(|entry| entry != path);
        }
    }
    classes["queryOrder"][class]
        .as_array_mut()
        .unwrap()
        .push(path.into());
    fs::write(file, serde_norway::to_string(&classes).unwrap()).unwrap();
}

#[test]
fn a_class_for_a_field_that_is_not_there_fails_the_check_and_not_generation() {
    let dir = sandbox();
    let root = dir.path();
    let classes = root.join(paths::PERSONAL);
    let text = fs::read_to_string(&classes).unwrap();
    fs::write(
        &classes,
        text.replacen(
            "queryOrder:\n  personal:\n",
            "queryOrder:\n  personal:\n    - paxTicketInfos[].gone\n",
            1,
        ),
    )
    .unwrap();
    xtask_ok(root, &["generate"]);
    let out = xtask(root, &["generate", "--check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("classified but gone: queryOrder: paxTicketInfos[].gone"),
        "{stderr}"
    );
}
