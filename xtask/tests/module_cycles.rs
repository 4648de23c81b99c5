//! No module imports one that imports it back, in any crate of the
//! workspace (checked with `xtask::modules`, the graph behind
//! `cargo xtask modules`).

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::fs;

use xtask::{modules, paths};

#[test]
fn no_crate_has_a_module_cycle() {
    let root = paths::workspace_root();
    for krate in ["atlas-pay", "atlas-pay-gen", "xtask"] {
        let graph = modules::graph(&root.join(krate).join("src")).unwrap();
        assert!(graph.modules.len() > 3, "{krate}: {:?}", graph.modules);
        let cycles = modules::cycles(&graph);
        assert!(cycles.is_empty(), "{krate} has module cycles: {cycles:?}");
    }
}

#[test]
fn a_cycle_through_a_re_export_or_a_parent_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    fs::create_dir_all(src.join("card")).unwrap();
    fs::write(
        src.join("lib.rs"),
        "mod card;\nmod pay;\npub use card::Card;\n",
    )
    .unwrap();
    fs::write(src.join("card/mod.rs"), "mod wire;\npub struct Card;\n").unwrap();
    // card::wire names its parent's item: wire -> card.
    fs::write(
        src.join("card/wire.rs"),
        "use super::Card;\npub(crate) fn wire(_: &Card) { crate::pay::charge(); }\n",
    )
    .unwrap();
    // pay reaches card through the crate root's re-export: pay -> card.
    fs::write(
        src.join("pay.rs"),
        "pub(crate) fn charge() {}\npub(crate) fn card() -> crate::Card { crate::Card }\n\
         #[cfg(test)]\nmod tests { use crate::card::wire; }\n",
    )
    .unwrap();
    // card -> card::wire (by name) closes card <-> wire; wire -> pay -> card
    // closes the larger cycle.
    fs::write(
        src.join("card/mod.rs"),
        "mod wire;\npub struct Card;\nfn build() { wire::wire(&Card); }\n",
    )
    .unwrap();
    let graph = modules::graph(src).unwrap();
    let cycles = modules::cycles(&graph);
    assert_eq!(
        cycles,
        vec![vec![
            "crate::card".to_owned(),
            "crate::card::wire".to_owned(),
            "crate::pay".to_owned()
        ]],
        "{graph:?}"
    );
}

/// The operations of the effective document, as the generated crate names
/// its modules (`pub mod pay {` in `atlas-pay-gen/src/operations.rs`).
fn operations() -> Vec<String> {
    let generated = fs::read_to_string(paths::workspace_root().join(paths::OPERATIONS)).unwrap();
    let found: Vec<String> = generated
        .lines()
        .filter_map(|line| line.strip_prefix("pub mod "))
        .filter_map(|rest| rest.strip_suffix(" {"))
        .map(str::to_owned)
        .collect();
    assert!(
        found.len() >= 4,
        "the generated operations were found: {found:?}"
    );
    found
}

/// Operations are siblings over a shared core, in the wrapper and in the
/// sandbox alike: for every operation the generated crate lists, its module
/// (`crate::<operation>`) and its sandbox module
/// (`crate::sandbox::<operation>`) exist, and no module outside an
/// operation's own folder uses it (the crate root and the sandbox's root
/// only re-export). Found from the generated list, so a new operation is
/// covered without editing this test.
#[test]
fn no_module_outside_an_operation_uses_it() {
    let root = paths::workspace_root();
    let graph = modules::graph(&root.join("atlas-pay/src")).unwrap();
    let mut scopes = Vec::new();
    for operation in operations() {
        for scope in [
            format!("crate::{operation}"),
            format!("crate::sandbox::{operation}"),
        ] {
            assert!(
                graph.modules.contains(&scope),
                "operation {operation} has no module {scope}: {:?}",
                graph.modules
            );
            scopes.push(scope);
        }
    }
    let within =
        |module: &str, scope: &str| module == scope || module.starts_with(&format!("{scope}::"));
    let mut checked = 0;
    for (from, uses) in &graph.uses {
        if from == "crate::sandbox" {
            continue;
        }
        for to in uses {
            for scope in scopes.iter().filter(|scope| within(to, scope)) {
                checked += 1;
                assert!(
                    within(from, scope),
                    "{from} uses {to}: only the operation's own modules may use {scope}"
                );
            }
        }
    }
    assert!(
        checked > 0,
        "no use of an operation's modules was seen: {graph:?}"
    );
}

#[test]
fn a_glob_re_export_at_the_root_is_followed_to_the_defining_module() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    fs::create_dir_all(src.join("pay")).unwrap();
    fs::write(
        src.join("lib.rs"),
        "mod shared;\nmod pay;\npub use pay::*;\n",
    )
    .unwrap();
    fs::write(
        src.join("pay/mod.rs"),
        "mod status;\npub use status::PayStatus;\n",
    )
    .unwrap();
    fs::write(src.join("pay/status.rs"), "pub enum PayStatus { A }\n").unwrap();
    fs::write(
        src.join("shared.rs"),
        "pub(crate) fn code(_: crate::PayStatus) {}\n",
    )
    .unwrap();
    let graph = modules::graph(src).unwrap();
    assert!(
        graph.uses["crate::shared"].contains("crate::pay::status"),
        "{graph:?}"
    );
}
