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

/// Operations are siblings over a shared core: no operation module of the
/// wrapper (`pay`, `query`) or of the sandbox (`sandbox::pay`,
/// `sandbox::query`) uses another operation's module.
#[test]
fn no_operation_module_imports_another() {
    let root = paths::workspace_root();
    let graph = modules::graph(&root.join("atlas-pay/src")).unwrap();
    let operation = |module: &str| -> Option<&'static str> {
        [
            "crate::sandbox::pay",
            "crate::sandbox::query",
            "crate::pay",
            "crate::query",
        ]
        .into_iter()
        .find(|op| module == *op || module.starts_with(&format!("{op}::")))
    };
    let mut checked = 0;
    for (from, uses) in &graph.uses {
        let Some(own) = operation(from) else {
            continue;
        };
        checked += 1;
        for to in uses {
            if let Some(other) = operation(to) {
                assert_eq!(
                    own, other,
                    "{from} (operation {own}) uses {to} (operation {other})"
                );
            }
        }
    }
    assert!(checked >= 4, "the operation modules were found: {graph:?}");
}
