//! The Rust effects of a spec change, computed rather than guessed: both
//! sides are generated in memory, their public APIs listed and compared (see
//! [`crate::api`]), and each API change is tied to the spec changes that
//! caused it. Per crate, the report ends with the version bump the change
//! needs and, when the versions are known, whether `Cargo.toml` has it.
//!
//! * `atlas-pay-gen`: its API difference.
//! * `atlas-pay`: what it re-exports of `atlas_pay_gen` (the whole crate,
//!   a module such as `pub use atlas_pay_gen::types as wire;`, or items) is
//!   its API as well, so every change there is one of its changes; and the
//!   generated items its own code names that were removed, renamed or
//!   changed are listed (by a text search: whether it still compiles is
//!   for a build against the new crate to say).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context as _, Result};
use serde::Serialize;

use super::change::{Change, Level};
use super::provenance::{Review, Side};
use crate::api::semver::{Bump, Version, crate_version};
use crate::api::{self, ApiChange, ApiChangeKind, Kind, Surface};
use crate::naming::{pascal, snake};

/// The generated crate.
pub const GENERATED_CRATE: &str = "atlas-pay-gen";
/// The wrapper crate.
pub const WRAPPER_CRATE: &str = "atlas-pay";

/// What the effects are computed against besides the two documents.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The wrapper's source files (path, text), to find what it re-exports
    /// and which generated items it names.
    pub wrapper_sources: Vec<(String, String)>,
    /// Each crate's version on the base side and now.
    pub versions: BTreeMap<String, (Version, Version)>,
}

impl Context {
    /// The wrapper's sources under `root`, without versions.
    pub fn of_wrapper(root: &Path) -> Result<Context> {
        let mut wrapper_sources = Vec::new();
        collect_sources(&root.join("atlas-pay/src"), root, &mut wrapper_sources)?;
        wrapper_sources.sort();
        Ok(Context {
            wrapper_sources,
            versions: BTreeMap::new(),
        })
    }

    /// The wrapper's sources and both crates' versions in the working tree
    /// under `root`, each taken as its own base: what a change needs from
    /// the current versions (the spec watch bumps from them).
    pub fn of_working_tree(root: &Path) -> Result<Context> {
        let Context {
            wrapper_sources, ..
        } = Context::of_wrapper(root)?;
        let read = |file: &str| -> Result<String> {
            std::fs::read_to_string(root.join(file)).with_context(|| format!("cannot read {file}"))
        };
        let mut versions = BTreeMap::new();
        for name in [GENERATED_CRATE, WRAPPER_CRATE] {
            let manifest = format!("{name}/Cargo.toml");
            let version = crate_version(&read(&manifest)?, &read("Cargo.toml")?)
                .with_context(|| format!("the version of {name} in the working tree"))?;
            versions.insert(name.to_owned(), (version, version));
        }
        Ok(Context {
            wrapper_sources,
            versions,
        })
    }

    /// The wrapper's sources and both crates' versions in the working tree
    /// under `root`, with the base versions read at git `base_revision`.
    pub fn of_workspace(root: &Path, base_revision: &str) -> Result<Context> {
        let Context {
            wrapper_sources, ..
        } = Context::of_wrapper(root)?;
        let read = |file: &str| -> Result<String> {
            std::fs::read_to_string(root.join(file)).with_context(|| format!("cannot read {file}"))
        };
        let show = |file: &str| -> Result<String> {
            super::git::git_show(root, base_revision, file)?
                .with_context(|| format!("{file} does not exist at {base_revision}"))
        };
        let mut versions = BTreeMap::new();
        for name in [GENERATED_CRATE, WRAPPER_CRATE] {
            let manifest = format!("{name}/Cargo.toml");
            let head = crate_version(&read(&manifest)?, &read("Cargo.toml")?)
                .with_context(|| format!("the version of {name} in the working tree"))?;
            let base = crate_version(&show(&manifest)?, &show("Cargo.toml")?)
                .with_context(|| format!("the version of {name} at {base_revision}"))?;
            versions.insert(name.to_owned(), (base, head));
        }
        Ok(Context {
            wrapper_sources,
            versions,
        })
    }
}

fn collect_sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_sources(&path, root, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            out.push((name, text));
        }
    }
    Ok(())
}

/// A spec change an API change follows from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// The rule's id.
    pub id: &'static str,
    /// Where, in the document.
    pub pointer: String,
    /// The rule's level.
    pub level: Level,
}

/// One API change and what caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effect {
    /// What happened: `removed`, `renamed`, `changed` or `added`.
    pub kind: &'static str,
    /// The item (the old path, except for an addition).
    pub path: String,
    /// The new path of a renamed item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// What kind of item (`struct`, `enum`, `fn`, ...).
    pub item: &'static str,
    /// How code written against the old crate fares.
    pub level: Level,
    /// What changed in it, with each line's level.
    pub details: Vec<(Level, String)>,
    /// The spec changes behind it; empty when no wire change is (the
    /// generator's naming or layout moved).
    pub causes: Vec<Cause>,
}

impl Effect {
    /// One line for humans.
    pub fn summary(&self) -> String {
        match &self.to {
            Some(to) => format!("{} `{}` {} to `{to}`", self.item, self.path, self.kind),
            None => format!("{} `{}` {}", self.item, self.path, self.kind),
        }
    }
}

/// The version a crate has against the one its change needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionCheck {
    /// The version on the base side.
    pub base: Version,
    /// The version in the working tree.
    pub head: Version,
    /// The least version the change allows.
    pub required: Version,
    /// Whether `head` is at least `required`.
    pub ok: bool,
}

/// One crate's effects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrateEffects {
    /// The crate's name.
    #[serde(rename = "crate")]
    pub name: &'static str,
    /// Its own API changes (the generated crate's; the wrapper's own code
    /// does not change with the spec).
    pub changes: Vec<Effect>,
    /// How it inherits another crate's changes, if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inherits: Option<String>,
    /// Generated items its own code names that were removed, renamed or
    /// changed, found by a text search (a build decides whether it still
    /// compiles).
    pub adapt: Vec<String>,
    /// The most severe level of its changes, none when nothing changed.
    pub level: Option<Level>,
    /// The bump that needs.
    pub bump: Bump,
    /// The bump in words for its current version (`minor (breaking, 0.x)`).
    pub bump_text: String,
    /// Its version against the required one, when the versions are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<VersionCheck>,
}

/// The Rust effects of a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effects {
    /// One entry per crate: `atlas-pay-gen`, then `atlas-pay`.
    pub crates: Vec<CrateEffects>,
    /// Operations whose answers of the old shape no longer decode with the
    /// new types (made-up answers; see [`crate::api::answers`]).
    pub old_answers: Vec<api::answers::Undecodable>,
    /// Every place a changed component is used, with its effects.
    pub locations: Vec<super::locations::Location>,
}

impl Effects {
    /// The crates whose version is below what the change needs.
    pub fn version_failures(&self) -> Vec<&CrateEffects> {
        self.crates
            .iter()
            .filter(|c| c.version.as_ref().is_some_and(|v| !v.ok))
            .collect()
    }
}

/// The API of both sides' generated crates.
pub fn surfaces(old: &Side, new: &Side) -> Result<(Surface, Surface)> {
    let generate = |side: &Side, which: &str| {
        let text = serde_json::to_string(&side.effective)?;
        api::generated_surface(&text)
            .with_context(|| format!("generating the {which} side's Rust in memory"))
    };
    // The two generations are independent: run them side by side.
    std::thread::scope(|scope| {
        let old = scope.spawn(|| generate(old, "old"));
        let new = generate(new, "new");
        let old = old
            .join()
            .map_err(|_| anyhow::anyhow!("the old side's generation panicked"))?;
        Ok((old?, new?))
    })
}

/// Computes the Rust effects of `review` (the comparison of `old` and `new`).
pub fn compute(old: &Side, new: &Side, review: &Review, context: &Context) -> Result<Effects> {
    let (old_api, new_api) = surfaces(old, new)?;
    let mut effects = effects_of(&old_api, &new_api, review, context);
    effects.old_answers = api::answers::undecodable(&old.effective, &new_api);
    let changes: Vec<&Change> = review.changes.iter().map(|r| &r.change).collect();
    effects.locations = super::locations::locations(
        &super::locations::Sides {
            old_doc: &old.effective,
            new_doc: &new.effective,
            old_api: &old_api,
            new_api: &new_api,
        },
        &changes,
        &api::compare(&old_api, &new_api).changes,
    );
    Ok(effects)
}

/// The effects of two APIs' difference, given the review that explains it.
pub fn effects_of(
    old_api: &Surface,
    new_api: &Surface,
    review: &Review,
    context: &Context,
) -> Effects {
    let difference = api::compare(old_api, new_api);
    let operations = operation_modules(old_api, new_api);
    let changes: Vec<&Change> = review.changes.iter().map(|r| &r.change).collect();
    let effects: Vec<Effect> = difference
        .changes
        .iter()
        .map(|change| Effect {
            kind: match change.kind {
                ApiChangeKind::Removed => "removed",
                ApiChangeKind::Renamed { .. } => "renamed",
                ApiChangeKind::Changed => "changed",
                ApiChangeKind::Added => "added",
            },
            path: change.path.clone(),
            to: match &change.kind {
                ApiChangeKind::Renamed { to } => Some(to.clone()),
                _ => None,
            },
            item: change.item.as_str(),
            level: change.level,
            details: change.details.clone(),
            causes: causes(change, &changes, &operations),
        })
        .collect();
    // A break the generated API cannot show (a nullable request field made
    // required: the Rust type is unchanged, the server now refuses calls
    // without it) still breaks every caller: both crates need the bump. An
    // answer the released crate cannot decode does not: the new types decode
    // it and the API is unchanged, so a patch repairs deployed clients (the
    // review lists those apart, "deployed clients break at run time").
    let wire_breaks: Vec<&str> = changes
        .iter()
        .filter(|c| super::rules::Breaks::of(c.id, c.level) == super::rules::Breaks::DeployedCalls)
        .map(|c| c.id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let wire_note = (!wire_breaks.is_empty()).then(|| {
        format!(
            "breaks calls on the wire with an unchanged Rust API ({}): callers must change \
             their code, so this is a breaking release",
            wire_breaks.join(", ")
        )
    });
    let wire_level = (!wire_breaks.is_empty()).then_some(Level::Breaking);
    let generated_level = most_severe(difference.level(), wire_level);
    let mut crates = vec![crate_effects(
        GENERATED_CRATE,
        effects,
        wire_note.clone(),
        Vec::new(),
        generated_level,
        context,
    )];
    let reexport = reexports(&context.wrapper_sources);
    let (inherits, wrapper_level) = match &reexport {
        Reexport::Whole(file) => (
            Some(format!(
                "re-exports `atlas_pay_gen` ({file}): every change above is one of its API too"
            )),
            generated_level,
        ),
        Reexport::Items(names) => {
            let level = difference
                .changes
                .iter()
                // A re-exported item by its name; a re-exported module
                // (`pub use atlas_pay_gen::types as wire;`) with all it holds.
                .filter(|c| {
                    names.contains(c.path.rsplit("::").next().unwrap_or(""))
                        || names.contains(c.path.split("::").next().unwrap_or(""))
                })
                .map(|c| c.level)
                .min();
            (
                (!names.is_empty()).then(|| {
                    format!(
                        "re-exports from `atlas_pay_gen`: {} (every change under them is one \
                         of its API too)",
                        names
                            .iter()
                            .map(|name| format!("`{name}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }),
                level,
            )
        }
    };
    let adapt = uses_of_changed(&difference.changes, &context.wrapper_sources);
    let inherits = match (inherits, wire_note) {
        (Some(inherits), Some(wire)) => Some(format!("{inherits}; it {wire}")),
        (inherits, wire) => inherits.or(wire),
    };
    crates.push(crate_effects(
        WRAPPER_CRATE,
        Vec::new(),
        inherits,
        adapt,
        most_severe(wrapper_level, wire_level),
        context,
    ));
    Effects {
        crates,
        old_answers: Vec::new(),
        locations: Vec::new(),
    }
}

/// The more severe of two levels, either of which may be absent.
fn most_severe(a: Option<Level>, b: Option<Level>) -> Option<Level> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn crate_effects(
    name: &'static str,
    changes: Vec<Effect>,
    inherits: Option<String>,
    adapt: Vec<String>,
    level: Option<Level>,
    context: &Context,
) -> CrateEffects {
    let bump = Bump::for_level(level);
    let version = context.versions.get(name).map(|(base, head)| {
        let required = base.bumped(bump);
        VersionCheck {
            base: *base,
            head: *head,
            required,
            ok: *head >= required,
        }
    });
    let bump_text = match &version {
        Some(v) => bump.describe(v.base),
        // Without a version, which number moves is unknown.
        None => bump.as_str(),
    };
    CrateEffects {
        name,
        changes,
        inherits,
        adapt,
        level,
        bump,
        bump_text: bump_text.to_owned(),
        version,
    }
}

/// The operation module of each operation (`POST /pay.do` → `pay`), on
/// either side.
fn operation_modules(old: &Surface, new: &Surface) -> BTreeMap<String, String> {
    old.operations()
        .into_iter()
        .chain(new.operations())
        .map(|(module, method, path)| (format!("{method} {path}"), module))
        .collect()
}

/// The spec changes an API change follows from: those that touch one of its
/// JSON names or type names, and for an operation's methods and constants,
/// the changes to the operation itself.
fn causes(
    change: &ApiChange,
    spec: &[&Change],
    operations: &BTreeMap<String, String>,
) -> Vec<Cause> {
    let mut keys = change.keys.clone();
    if matches!(change.item, Kind::Fn | Kind::Const) {
        let owner = change.path.rsplit_once("::").map_or("", |(o, _)| o);
        let word = owner.rsplit("::").next().unwrap_or(owner);
        let word = word.split('<').next().unwrap_or(word);
        keys.insert(format!("op:{}", snake(word)));
    }
    // A type typify named after a property (`PayBodyClientOrderNo` for
    // `clientOrderNo`) is tied to changes of that property when it comes or
    // goes.
    let comes_or_goes = matches!(change.kind, ApiChangeKind::Added | ApiChangeKind::Removed)
        && change.item.is_type();
    let type_name = change.path.rsplit("::").next().unwrap_or("");
    let mut found: Vec<Cause> = spec
        .iter()
        // Documentation is not in the API listing: it causes no API change.
        .filter(|c| !c.id.contains("description"))
        .filter(|c| {
            let spec = spec_keys(c, operations);
            // An operation's constants (`ANSWER_FIELDS`, `TAKES`) describe
            // its whole document: any change to the operation moves them.
            let of_operation = change.item == Kind::Const
                && c.operation
                    .as_ref()
                    .and_then(|operation| operations.get(operation))
                    .is_some_and(|module| keys.contains(&format!("op:{module}")));
            of_operation
                || spec.iter().any(|k| keys.contains(k))
                || (comes_or_goes
                    && spec
                        .iter()
                        .any(|k| !k.is_empty() && type_name.ends_with(&pascal(k))))
        })
        .map(|c| Cause {
            id: c.id,
            pointer: c.pointer.clone(),
            level: c.level,
        })
        .collect();
    found.dedup();
    found
}

/// What a spec change can be tied by: the last property its pointer names,
/// the component schema it is in, and (for a change to an operation itself)
/// the operation's module.
fn spec_keys(change: &Change, operations: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let segments: Vec<&str> = change.pointer.split('/').collect();
    let last_property = segments
        .windows(2)
        .filter(|w| w[0] == "properties")
        .map(|w| w[1])
        .next_back();
    if let Some(property) = last_property {
        keys.insert(property.replace("~1", "/").replace("~0", "~"));
    }
    if let Some(at) = segments.iter().position(|s| *s == "schemas")
        && let Some(name) = segments.get(at + 1)
    {
        keys.insert((*name).to_owned());
    }
    if last_property.is_none()
        && let Some(operation) = &change.operation
        && let Some(module) = operations.get(operation)
    {
        keys.insert(format!("op:{module}"));
    }
    keys
}

enum Reexport {
    /// `pub use atlas_pay_gen;` in this file.
    Whole(String),
    /// `pub use atlas_pay_gen::...::Name;` items.
    Items(BTreeSet<String>),
}

/// What the wrapper re-exports of the generated crate.
fn reexports(sources: &[(String, String)]) -> Reexport {
    let mut names = BTreeSet::new();
    for (file, text) in sources {
        let Ok(parsed) = syn::parse_file(text) else {
            continue;
        };
        for item in &parsed.items {
            let syn::Item::Use(declaration) = item else {
                continue;
            };
            if !matches!(declaration.vis, syn::Visibility::Public(_)) {
                continue;
            }
            let mut leaves = Vec::new();
            leaves_of(&declaration.tree, String::new(), &mut leaves);
            for leaf in leaves {
                if leaf == "atlas_pay_gen" {
                    return Reexport::Whole(file.clone());
                }
                if let Some(rest) = leaf.strip_prefix("atlas_pay_gen::") {
                    names.insert(rest.rsplit("::").next().unwrap_or(rest).to_owned());
                }
            }
        }
    }
    Reexport::Items(names)
}

fn leaves_of(tree: &syn::UseTree, prefix: String, out: &mut Vec<String>) {
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}::{name}")
        }
    };
    match tree {
        syn::UseTree::Path(path) => leaves_of(&path.tree, join(&path.ident.to_string()), out),
        syn::UseTree::Name(name) => out.push(join(&name.ident.to_string())),
        syn::UseTree::Rename(rename) => out.push(join(&rename.ident.to_string())),
        syn::UseTree::Glob(_) => out.push(join("*")),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                leaves_of(tree, prefix.clone(), out);
            }
        }
    }
}

/// `file: uses X (what happened)` for every removed, renamed or changed
/// generated item the wrapper's code names.
fn uses_of_changed(changes: &[ApiChange], sources: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for change in changes {
        if matches!(change.kind, ApiChangeKind::Added) || change.level != Level::Breaking {
            continue;
        }
        // How the wrapper would name it: a type by its name, a constant as
        // `module::NAME`, a method by `.name(`.
        let needle = match change.item {
            Kind::Const => change.path.clone(),
            // A type's constructor, as the wrapper calls it (`PayBody::new`);
            // the wrapper sends the types itself and calls no builder.
            Kind::Fn => match change.path.strip_prefix("types::") {
                Some(function) => function.to_owned(),
                None => continue,
            },
            _ => change
                .path
                .rsplit("::")
                .next()
                .unwrap_or(&change.path)
                .to_owned(),
        };
        let files: Vec<&str> = sources
            .iter()
            .filter(|(_, text)| contains_word(text, &needle))
            .map(|(file, _)| file.as_str())
            .collect();
        if !files.is_empty() {
            found.push(format!(
                "{} (named in {})",
                change.summary(),
                files.join(", ")
            ));
        }
    }
    found
}

fn contains_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}
