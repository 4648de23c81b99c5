//! The notifications Atlas POSTs to a registered URL are schemas of the
//! effective document (components of the register-webhook page), so a
//! change to one flows like any other: the review reports it with its Rust
//! effect, a text field added beside a passenger's personal data ships
//! redacted and is flagged, and `generate --check` fails until it is
//! classified.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

mod support;

use std::fs;

use serde_json::{Value, json};
use support::{sandbox, xtask, xtask_ok};
use xtask::diff;

const PAGE_UPSTREAM: &str = "openapi/register-webhook.upstream.json";

#[test]
fn a_changed_notification_schema_is_reviewed_and_its_new_text_field_ships_redacted() {
    let dir = sandbox();
    let root = dir.path();
    let old = diff::working_tree(root).unwrap();

    // Atlas adds an issue time to the ticketed notification's passengers and
    // sends the void status as text.
    let file = root.join(PAGE_UPSTREAM);
    let mut document: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    let schemas = document.pointer_mut("/components/schemas").unwrap();
    schemas["TicketingCompleteNotification"]["properties"]["data"]["properties"]["paxTicketInfos"]
        ["items"]["properties"]["issueTime"] =
        json!({"type": "string", "description": "When the ticket was issued."});
    schemas["VoidNotification"]["properties"]["data"]["properties"]["voidStatus"] =
        json!({"type": "string", "description": "Void status, as text."});
    fs::write(
        &file,
        serde_json::to_string_pretty(&document).unwrap() + "\n",
    )
    .unwrap();

    let out = xtask(root, &["generate"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = "data.paxTicketInfos[].issueTime";
    let out = xtask(root, &["generate", "--check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains(&format!(
            "unclassified: TicketingCompleteNotification: {path}"
        )),
        "{stderr}"
    );

    let new = diff::working_tree(root).unwrap();
    let review = diff::review(&old, &new);
    let about = |schema: &str| -> Vec<String> {
        review
            .changes
            .iter()
            .filter(|c| c.change.pointer.contains(schema))
            .map(|c| format!("{:?} {} | {}", c.change.level, c.change.text, c.change.rust))
            .collect()
    };
    let ticketed = about("TicketingCompleteNotification");
    assert!(
        ticketed.iter().any(|c| c.contains("issueTime")),
        "{ticketed:?}"
    );
    let void = about("VoidNotification");
    assert!(void.iter().any(|c| c.contains("voidStatus")), "{void:?}");
    // The passengers hold personal data: the new field is flagged, redacted.
    let flagged: Vec<(&str, &str)> = review
        .personal
        .iter()
        .map(|f| (f.operation.as_str(), f.path.as_str()))
        .collect();
    assert!(
        flagged.contains(&("TicketingCompleteNotification", path)),
        "{flagged:?}"
    );
    let report = diff::render(&review, diff::Format::Markdown);
    assert!(report.contains("TicketingCompleteNotification"), "{report}");

    // Classified, the check passes.
    let classes = root.join(xtask::paths::PERSONAL);
    let mut text = fs::read_to_string(&classes).unwrap();
    text = text.replacen(
        "TicketingCompleteNotification:\n  personal:\n",
        &format!("TicketingCompleteNotification:\n  personal:\n    - {path}\n"),
        1,
    );
    // The void status became text: classified too.
    text = text.replacen(
        "VoidNotification:\n  plain:\n",
        "VoidNotification:\n  plain:\n    - data.voidStatus\n",
        1,
    );
    fs::write(&classes, text).unwrap();
    xtask_ok(root, &["generate"]);
    xtask_ok(root, &["generate", "--check"]);
}
