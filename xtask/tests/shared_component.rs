//! A change Atlas makes to a component that several pages define: it comes
//! in through one documented command, and the review names every place the
//! component is used, with what deployed clients meet there. The decode
//! effects are shown against the compiled generated crate, the types every
//! deployed client runs today.
//!
//! The change is made to today's pages, whatever they hold: a value added to
//! the enum of the first component that two bound pages define identically.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use atlas_pay_gen::Operation;
use serde_json::Value;
use support::{sandbox, snapshot, unknown_types, xtask, xtask_ok};
use xtask::{diff, import, pages, paths};

/// A shared integer enum of today's pages: its name and the pages defining it.
fn shared_enum(root: &Path) -> (String, Vec<String>) {
    let upstreams = pages::read_all(root).unwrap();
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    for page in &upstreams {
        let schemas = page.document["components"]["schemas"].as_object();
        for (name, schema) in schemas.into_iter().flatten() {
            if schema.get("enum").is_none() || schema["type"] != "integer" {
                continue;
            }
            match found.iter_mut().find(|(n, _)| n == name) {
                Some((_, holders)) => holders.push(page.name.clone()),
                None => found.push((name.clone(), vec![page.name.clone()])),
            }
        }
    }
    found
        .into_iter()
        .filter(|(_, holders)| holders.len() > 1)
        .find(|(name, _)| name == "PaymentMethod")
        .expect("pay and the order query both define PaymentMethod")
}

/// The page `name` with `value` added to component `component`'s enum,
/// written next to the sandbox as Atlas would publish it.
fn bumped_page(root: &Path, name: &str, component: &str, value: i64) -> PathBuf {
    let text = fs::read_to_string(root.join(paths::page(name))).unwrap();
    let blocks = import::json_blocks(&text).unwrap();
    let [block] = blocks.as_slice() else {
        panic!("{name} has one JSON block")
    };
    let mut document: Value = serde_json::from_str(&block.body).unwrap();
    document["components"]["schemas"][component]["enum"]
        .as_array_mut()
        .unwrap()
        .push(value.into());
    let bumped = text.replacen(&block.body, &serde_json::to_string(&document).unwrap(), 1);
    let file = root.join(format!("new-{name}.page.md"));
    fs::write(&file, bumped).unwrap();
    file
}

/// The shared enum, the pages defining it, and each page's new version with
/// a value added to it.
fn bumped_pages(root: &Path) -> (String, Vec<String>, Vec<PathBuf>) {
    let (component, holders) = shared_enum(root);
    let new_pages = holders
        .iter()
        .map(|name| bumped_page(root, name, &component, 99))
        .collect();
    (component, holders, new_pages)
}

/// Whether the compiled generated crate decodes `answer` as the answer of
/// `operation` (`POST /queryOrderDetails.do`).
fn compiled_decodes(operation: &str, answer: &Value) -> bool {
    let mut decoded = None;
    macro_rules! try_operation {
        ($module:ident, $marker:path) => {
            if operation == format!("{} {}", <$marker>::METHOD, <$marker>::PATH) {
                decoded = Some(
                    serde_json::from_value::<<$marker as Operation>::Answer>(answer.clone())
                        .is_ok(),
                );
            }
        };
    }
    atlas_pay_gen::for_each_operation!(try_operation);
    decoded.unwrap_or_else(|| panic!("{operation} is not a generated operation"))
}

#[test]
fn a_change_to_a_shared_component_imports_in_one_command_and_the_review_names_every_place() {
    let dir = sandbox();
    let root = dir.path();
    let (component, holders, new_pages) = bumped_pages(root);
    let old_side = diff::working_tree(root).unwrap();

    // One page alone is refused, naming the command that brings them in together.
    let files = snapshot(root);
    let out = xtask(root, &["import", new_pages[0].to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains(&format!("component schemas/{component}")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("cargo xtask import {}", new_pages[0].display())),
        "{stderr}"
    );
    for other in &holders[1..] {
        assert!(stderr.contains(&paths::page(other)), "{stderr}");
    }
    assert_eq!(snapshot(root), files, "a refused import writes nothing");

    // Together they come in, and the upstream documents are what the pages publish.
    let mut args = vec!["import"];
    args.extend(new_pages.iter().map(|p| p.to_str().unwrap()));
    xtask_ok(root, &args);
    for (name, page) in holders.iter().zip(&new_pages) {
        let published: Value = serde_json::from_str(
            &import::extract_document(&fs::read_to_string(page).unwrap()).unwrap(),
        )
        .unwrap();
        let upstream: Value =
            serde_json::from_str(&fs::read_to_string(root.join(paths::upstream(name))).unwrap())
                .unwrap();
        assert_eq!(upstream, published, "{name}");
    }
    xtask_ok(root, &["generate"]);

    // The review: every place the component is used, answers tried with the released types.
    let new_side = diff::working_tree(root).unwrap();
    let review = diff::review(&old_side, &new_side);
    let effects = diff::effects::compute(
        &old_side,
        &new_side,
        &review,
        &diff::EffectsContext::of_wrapper(&paths::workspace_root()).unwrap(),
    )
    .unwrap();
    let places: Vec<_> = effects
        .locations
        .iter()
        .filter(|l| l.component == component)
        .collect();
    let operations: std::collections::BTreeSet<&str> =
        places.iter().map(|l| l.operation.as_str()).collect();
    assert!(operations.len() >= holders.len(), "{places:#?}");
    let answers: Vec<_> = places
        .iter()
        .filter(|l| l.direction == diff::Direction::Response)
        .collect();
    assert!(!answers.is_empty());
    for place in &answers {
        let sample = place
            .sample
            .as_ref()
            .unwrap_or_else(|| panic!("{place:#?}"));
        assert_eq!(
            Some(compiled_decodes(&place.operation, sample)),
            place.decodes_with_old,
            "the review's decode effect at {} {} disagrees with the compiled types",
            place.operation,
            place.path
        );
        assert_eq!(place.breaks_deployed, place.decodes_with_old == Some(false));
    }
    let broken = answers.iter().filter(|l| l.breaks_deployed).count();
    assert!(broken > 0, "a closed enum in some answer: {answers:#?}");
    // The overlay opened the enum in some places: those still decode.
    assert!(answers.iter().any(|l| !l.breaks_deployed), "{answers:#?}");

    // Headline, bumps and changelog agree: deployed clients break at run
    // time, the Rust API does not, both crates take a patch.
    for krate in &effects.crates {
        assert_eq!(
            krate.bump,
            xtask::api::semver::Bump::Compatible,
            "{krate:#?}"
        );
    }
    let markdown = diff::render_with(&review, Some(&effects), diff::Format::Markdown);
    let (old_api, new_api) = diff::effects::surfaces(&old_side, &new_side).unwrap();
    assert_eq!(
        unknown_types(&markdown, &old_api, &new_api),
        Vec::<String>::new(),
        "{markdown}"
    );
    let headline = markdown.lines().next().unwrap();
    assert!(
        headline.contains("breaks deployed clients at run time")
            && headline.contains(&format!("({broken} places)"))
            && headline.contains("0 break the Rust API")
            && headline.contains("release: atlas-pay-gen compatible, atlas-pay compatible"),
        "{headline}"
    );
    for place in answers.iter().filter(|l| l.breaks_deployed) {
        assert!(
            markdown.contains(&format!("`{}`", place.path)),
            "{markdown}"
        );
    }
    let changelog = diff::render_with(&review, Some(&effects), diff::Format::Changelog);
    assert!(!changelog.contains("**breaking**"), "{changelog}");
    assert!(
        changelog.contains("Deployed clients break at run time"),
        "{changelog}"
    );
    assert!(changelog.contains("`cargo update`"), "{changelog}");
}

#[test]
fn two_new_pages_compare_together_in_the_review() {
    let dir = sandbox();
    let root = dir.path();
    let (_, holders, new_pages) = bumped_pages(root);
    let old_pages: Vec<PathBuf> = holders.iter().map(|n| root.join(paths::page(n))).collect();
    let mut args = vec!["diff", "--format", "json", "--old"];
    args.extend(old_pages.iter().map(|p| p.to_str().unwrap()));
    args.push("--new");
    args.extend(new_pages.iter().map(|p| p.to_str().unwrap()));
    let out = xtask_ok(root, &args);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert!(
        report["summary"]["breaks-deployed-answers"].as_u64() >= Some(1),
        "{out}"
    );
    assert_eq!(report["summary"]["breaks-rust-api"], 0, "{out}");
}
