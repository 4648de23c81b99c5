//! The difference between two public APIs: items removed, renamed, changed
//! and added, each rated by what it does to code written against the old one
//! (cargo's SemVer rules).
//!
//! A rename is found by content: a removed type and an added one of the same
//! kind whose fields, variants, traits and validation are the same once every
//! rename found so far is applied (so a nested inline type renamed with its
//! parent is found too). Methods and constants whose owner was renamed, or
//! whose own name changed with an identical signature, are renames as well.
//! Items that differ only by a rename they mention are not reported again.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::listing::{Item, Kind, Member, Surface};
use crate::severity::Level;

/// What happened to one item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ApiChangeKind {
    /// Gone from the new API.
    Removed,
    /// The same item under a new path.
    Renamed {
        /// The new path.
        to: String,
    },
    /// Still there, declared differently (see the details).
    Changed,
    /// New in the new API.
    Added,
}

/// One item's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChange {
    /// What happened.
    pub kind: ApiChangeKind,
    /// The item's path (the old one, except for an added item).
    pub path: String,
    /// The item's kind.
    pub item: Kind,
    /// How code written against the old API fares: breaking (it may stop
    /// compiling), possibly breaking (it compiles; some values behave
    /// differently), non-breaking (additions).
    pub level: Level,
    /// What changed, one line each, with each line's own level.
    pub details: Vec<(Level, String)>,
    /// The JSON names and type names the change touches: what ties it to
    /// the spec change that caused it.
    pub keys: BTreeSet<String>,
}

impl ApiChange {
    /// One line for humans: what happened to which item.
    pub fn summary(&self) -> String {
        let what = self.item.as_str();
        match &self.kind {
            ApiChangeKind::Removed => format!("{what} `{}` removed", self.path),
            ApiChangeKind::Renamed { to } => {
                format!("{what} `{}` renamed to `{to}`", self.path)
            }
            ApiChangeKind::Changed => format!("{what} `{}` changed", self.path),
            ApiChangeKind::Added => format!("{what} `{}` added", self.path),
        }
    }
}

/// The difference between two APIs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiDiff {
    /// Every change, removals first, then renames, changes and additions.
    pub changes: Vec<ApiChange>,
}

impl ApiDiff {
    /// The most severe level of any change, `None` when nothing changed.
    pub fn level(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.level).min()
    }

    /// Whether the APIs are the same.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Compares two APIs.
pub fn compare(old: &Surface, new: &Surface) -> ApiDiff {
    let kept = kept_names(old, new);
    let mut renames = find_renames(old, new);
    for (earlier, now) in &kept {
        renames.words.insert(earlier.clone(), now.clone());
    }
    let new_by_path: BTreeMap<&str, &Item> =
        new.items.iter().map(|i| (i.path.as_str(), i)).collect();
    let mut matched_new = BTreeSet::new();
    let mut changes = Vec::new();
    for item in &old.items {
        let target_path = renames
            .paths
            .get(&item.path)
            .cloned()
            .unwrap_or_else(|| renames.apply(&item.path));
        let Some(counterpart) = new_by_path.get(target_path.as_str()) else {
            changes.push(ApiChange {
                kind: ApiChangeKind::Removed,
                path: item.path.clone(),
                item: item.kind,
                level: Level::Breaking,
                details: Vec::new(),
                keys: keys_of(item, None),
            });
            continue;
        };
        matched_new.insert(target_path.clone());
        let mut details = differences(item, counterpart, &renames);
        let renamed = target_path != item.path;
        if !renamed && details.is_empty() {
            continue;
        }
        let kept_as_alias = renamed && kept.contains_key(item.name());
        if kept_as_alias {
            matched_new.insert(item.path.clone());
            details.push((
                Level::NonBreaking,
                format!(
                    "the old name is kept as a deprecated alias (`type {} = {}`)",
                    item.name(),
                    counterpart.name()
                ),
            ));
        }
        // A rename is breaking: the old name no longer resolves (unless it
        // is kept as an alias).
        let level = if renamed && !kept_as_alias {
            Level::Breaking
        } else {
            details
                .iter()
                .map(|(level, _)| *level)
                .min()
                .unwrap_or(Level::NonBreaking)
        };
        // An item renamed only because its owner was is not listed again.
        if renamed
            && details.is_empty()
            && item.kind == Kind::Fn
            && renames.owner_renamed(&item.path)
        {
            continue;
        }
        changes.push(ApiChange {
            kind: if renamed {
                ApiChangeKind::Renamed {
                    to: counterpart.path.clone(),
                }
            } else {
                ApiChangeKind::Changed
            },
            path: item.path.clone(),
            item: item.kind,
            level,
            details,
            keys: keys_of(item, Some(counterpart)),
        });
    }
    for item in &new.items {
        if !matched_new.contains(&item.path) {
            changes.push(ApiChange {
                kind: ApiChangeKind::Added,
                path: item.path.clone(),
                item: item.kind,
                level: Level::NonBreaking,
                details: Vec::new(),
                keys: keys_of(item, None),
            });
        }
    }
    changes.sort_by(|a, b| (&a.kind, &a.path).cmp(&(&b.kind, &b.path)));
    ApiDiff { changes }
}

/// Earlier names kept as aliases: an alias of the new API whose name was a
/// type (not an alias) of the old one, with the type it now names.
fn kept_names(old: &Surface, new: &Surface) -> BTreeMap<String, String> {
    new.items
        .iter()
        .filter(|item| item.kind == Kind::Alias)
        .filter(|item| old.get(&item.path).is_some_and(|o| o.kind != Kind::Alias))
        .map(|item| {
            let target = item.signature.trim().trim_start_matches('=').trim();
            (item.name().to_owned(), target.to_owned())
        })
        .collect()
}

/// The renames found between two APIs.
#[derive(Debug, Default)]
struct Renames {
    /// Type (and builder) names: `PayBodyStatus` → `Status`.
    words: BTreeMap<String, String>,
    /// Whole paths of renamed methods and constants whose owner kept its name.
    paths: BTreeMap<String, String>,
}

impl Renames {
    /// `text` with every renamed word replaced.
    fn apply(&self, text: &str) -> String {
        substitute(text, &self.words)
    }

    /// Whether the item's owner (the path without its last segment) was renamed.
    fn owner_renamed(&self, path: &str) -> bool {
        let owner = owner_of(path);
        self.apply(owner) != owner
    }
}

fn find_renames(old: &Surface, new: &Surface) -> Renames {
    let old_paths: BTreeSet<&str> = old.items.iter().map(|i| i.path.as_str()).collect();
    let new_paths: BTreeSet<&str> = new.items.iter().map(|i| i.path.as_str()).collect();
    let removed: Vec<&Item> = old
        .items
        .iter()
        .filter(|i| !new_paths.contains(i.path.as_str()))
        .collect();
    let added: Vec<&Item> = new
        .items
        .iter()
        .filter(|i| !old_paths.contains(i.path.as_str()))
        .collect();
    // Each type's content, its own name written `Self`, rendered once.
    let contents: BTreeMap<&str, String> = removed
        .iter()
        .chain(&added)
        .filter(|i| i.kind.is_type())
        .map(|i| (i.path.as_str(), content(i)))
        .collect();
    let mut renames = Renames::default();
    loop {
        let mut found = false;
        // Types: the same content under another name, once the renames
        // found so far are applied.
        for item in removed.iter().filter(|i| i.kind.is_type()) {
            if renames.words.contains_key(item.name()) {
                continue;
            }
            let expected = substitute(&contents[item.path.as_str()], &renames.words);
            let taken: BTreeSet<&String> = renames.words.values().collect();
            let candidates: Vec<&&Item> = added
                .iter()
                .filter(|c| c.kind == item.kind && !taken.contains(&c.name().to_owned()))
                .filter(|c| contents[c.path.as_str()] == expected)
                .collect();
            if let [only] = candidates.as_slice() {
                renames
                    .words
                    .insert(item.name().to_owned(), only.name().to_owned());
                found = true;
            }
        }
        // Owners (builders, operation modules): every member moved with the
        // same signatures.
        found |= rename_owners(&removed, &added, &mut renames);
        if !found {
            break;
        }
    }
    // Methods and constants renamed within an owner, signature unchanged.
    for item in removed
        .iter()
        .filter(|i| matches!(i.kind, Kind::Fn | Kind::Const))
    {
        let owner = renames.apply(owner_of(&item.path));
        if new_paths.contains(renames.apply(&item.path).as_str()) {
            continue;
        }
        let candidates: Vec<&&Item> = added
            .iter()
            .filter(|c| c.kind == item.kind && owner_of(&c.path) == owner)
            .filter(|c| renames.apply(&item.signature) == c.signature)
            .filter(|c| !renames.paths.values().any(|p| *p == c.path))
            .collect();
        if let [only] = candidates.as_slice() {
            renames.paths.insert(item.path.clone(), only.path.clone());
        }
    }
    renames
}

fn rename_owners(removed: &[&Item], added: &[&Item], renames: &mut Renames) -> bool {
    let group = |items: &[&Item]| {
        let mut owners: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
        for item in items
            .iter()
            .filter(|i| matches!(i.kind, Kind::Fn | Kind::Const))
        {
            let owner = owner_of(&item.path);
            if owner.is_empty() {
                continue;
            }
            owners
                .entry(owner.to_owned())
                .or_default()
                .insert((item.name().to_owned(), item.render()));
        }
        owners
    };
    let old_owners = group(removed);
    let new_owners = group(added);
    let mut found = false;
    for (owner, members) in &old_owners {
        let word = owner_word(owner);
        if renames.words.contains_key(&word) {
            continue;
        }
        let candidates: Vec<&String> = new_owners
            .iter()
            .filter(|(candidate, new_members)| {
                let mut words = renames.words.clone();
                words.insert(word.clone(), owner_word(candidate));
                members.len() == new_members.len()
                    && members.iter().all(|(name, line)| {
                        new_members.contains(&(name.clone(), substitute(line, &words)))
                    })
            })
            .map(|(candidate, _)| candidate)
            .collect();
        if let [only] = candidates.as_slice() {
            renames.words.insert(word, owner_word(only));
            found = true;
        }
    }
    found
}

/// The path without its last segment (`builder::Pay<'a>` of
/// `builder::Pay<'a>::body`, `Client` of `Client::pay`).
fn owner_of(path: &str) -> &str {
    path.rsplit_once("::").map(|(owner, _)| owner).unwrap_or("")
}

/// The renameable word of an owner: `Pay` of `builder::Pay<'a>`, `pay` of
/// `pay` (an operation module).
fn owner_word(owner: &str) -> String {
    let last = owner.rsplit("::").next().unwrap_or(owner);
    last.split('<').next().unwrap_or(last).to_owned()
}

/// An item without its path, its own name written `Self`: what a rename keeps.
fn content(item: &Item) -> String {
    let mut copy = item.clone();
    copy.path = String::new();
    let mut words = BTreeMap::new();
    words.insert(item.name().to_owned(), "Self".to_owned());
    substitute(&copy.render(), &words)
}

/// `text` with whole identifier words replaced.
pub(crate) fn substitute(text: &str, words: &BTreeMap<String, String>) -> String {
    if words.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match words.get(word.as_str()) {
            Some(replacement) => out.push_str(replacement),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The entries of a list constant's value (`: T = [a, b]` or `&[a, b]`):
/// the top-level items between its outermost brackets.
fn slice_values(signature: &str) -> Option<Vec<&str>> {
    let value = signature.split_once(" = ")?.1.trim();
    let start = value.find('[')?;
    let end = value.rfind(']')?;
    let inner = value.get(start + 1..end)?;
    let mut entries = Vec::new();
    let (mut depth, mut from, mut quoted) = (0usize, 0usize, false);
    for (at, c) in inner.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '[' | '(' | '{' if !quoted => depth += 1,
            ']' | ')' | '}' if !quoted => depth = depth.saturating_sub(1),
            ',' if !quoted && depth == 0 => {
                entries.push(inner[from..at].trim());
                from = at + 1;
            }
            _ => {}
        }
    }
    let last = inner[from..].trim();
    if !last.is_empty() {
        entries.push(last);
    }
    Some(entries)
}

/// The differences between an item and its counterpart (renames applied),
/// each rated.
fn differences(old: &Item, new: &Item, renames: &Renames) -> Vec<(Level, String)> {
    let mut found = Vec::new();
    let mut push = |level: Level, text: String| found.push((level, text));
    let old_signature = renames.apply(&old.signature);
    if old_signature != new.signature {
        let level = if old.kind == Kind::Const
            && old_signature.split(" = ").next() == new.signature.split(" = ").next()
        {
            // The same constant with another value compiles: the operation
            // constants describe the document, and follow it.
            Level::NonBreaking
        } else {
            Level::Breaking
        };
        let text = match (
            old.kind,
            slice_values(&old_signature),
            slice_values(&new.signature),
        ) {
            // A list constant (`ANSWER_FIELDS`, `TAKES`) says what entered
            // and left it, not the whole list twice.
            (Kind::Const, Some(before), Some(after)) if level == Level::NonBreaking => {
                let added: Vec<&str> = after
                    .iter()
                    .filter(|v| !before.contains(v))
                    .copied()
                    .collect();
                let removed: Vec<&str> = before
                    .iter()
                    .filter(|v| !after.contains(v))
                    .copied()
                    .collect();
                let mut parts = Vec::new();
                if !added.is_empty() {
                    parts.push(format!("added {}", added.join(", ")));
                }
                if !removed.is_empty() {
                    parts.push(format!("removed {}", removed.join(", ")));
                }
                if parts.is_empty() {
                    "its entries were reordered".to_owned()
                } else {
                    format!("value: {}", parts.join("; "))
                }
            }
            _ => format!(
                "`{}` became `{}`",
                old.signature.trim(),
                new.signature.trim()
            ),
        };
        push(level, text);
    }
    if old.validation != new.validation {
        push(
            validation_level(old, new),
            format!(
                "validation `{}` became `{}`",
                old.validation.as_deref().unwrap_or("none"),
                new.validation.as_deref().unwrap_or("none")
            ),
        );
    }
    for marker in old.markers.difference(&new.markers) {
        let level = if marker == "async" {
            Level::Breaking
        } else {
            // Serde's shape of the JSON changed; the Rust API did not.
            Level::PossiblyBreaking
        };
        push(level, format!("no longer #{marker}"));
    }
    for marker in new.markers.difference(&old.markers) {
        let level = match marker.as_str() {
            // Exhaustive matches and struct literals stop compiling.
            "non_exhaustive" | "async" => Level::Breaking,
            _ => Level::PossiblyBreaking,
        };
        push(level, format!("now #{marker}"));
    }
    let old_traits: BTreeSet<String> = old.traits.iter().map(|t| renames.apply(t)).collect();
    for gone in old_traits.difference(&new.traits) {
        push(Level::Breaking, format!("no longer implements `{gone}`"));
    }
    for gained in new.traits.difference(&old_traits) {
        push(Level::NonBreaking, format!("now implements `{gained}`"));
    }
    member_differences(old, new, renames, &mut push);
    found
}

fn member_differences(
    old: &Item,
    new: &Item,
    renames: &Renames,
    push: &mut impl FnMut(Level, String),
) {
    let exhaustive = !new.markers.contains("non_exhaustive");
    let (noun, addition) = match old.kind {
        Kind::Enum => (
            "variant",
            // A match without a wildcard arm stops compiling.
            if exhaustive {
                Level::Breaking
            } else {
                Level::NonBreaking
            },
        ),
        // Struct literals and patterns without `..` stop compiling.
        _ => (
            "field",
            if exhaustive {
                Level::Breaking
            } else {
                Level::NonBreaking
            },
        ),
    };
    let by_name = |members: &[Member]| -> BTreeMap<String, Member> {
        members
            .iter()
            .map(|m| (m.name.clone(), m.clone()))
            .collect()
    };
    let old_members = by_name(&old.members);
    let new_members = by_name(&new.members);
    for (name, member) in &old_members {
        let Some(counterpart) = new_members.get(name) else {
            push(
                Level::Breaking,
                format!("{noun} `{}` removed", old.member_line(member)),
            );
            continue;
        };
        let old_type = renames.apply(&member.ty);
        if old_type != counterpart.ty {
            push(
                Level::Breaking,
                format!(
                    "{noun} `{name}`: `{}` became `{}`",
                    member.ty, counterpart.ty
                ),
            );
        }
        if member.json != counterpart.json {
            let mut line = String::new();
            let _ = write!(
                line,
                "{noun} `{name}` is now JSON `{}` (was `{}`)",
                counterpart.json.as_deref().unwrap_or(name),
                member.json.as_deref().unwrap_or(name)
            );
            push(Level::PossiblyBreaking, line);
        }
        if member.defaulted && !counterpart.defaulted {
            push(
                Level::PossiblyBreaking,
                format!("{noun} `{name}` is now required when decoding"),
            );
        }
    }
    for (name, member) in &new_members {
        if !old_members.contains_key(name) {
            push(
                addition,
                format!("{noun} `{}` added", new.member_line(member)),
            );
        }
    }
}

/// A validated newtype's accepted (or refused) values or pattern changed:
/// fewer accepted values is a runtime refusal of what compiled before, more
/// is an addition.
fn validation_level(old: &Item, new: &Item) -> Level {
    let values = |item: &Item| {
        item.validation_list()
            .map(|(accepts, values)| (accepts, values.into_iter().collect::<BTreeSet<_>>()))
    };
    match (values(old), values(new)) {
        _ if new.validation.is_none() => Level::NonBreaking,
        (Some((true, old)), Some((true, new))) if old.is_subset(&new) => Level::NonBreaking,
        (Some((false, old)), Some((false, new))) if new.is_subset(&old) => Level::NonBreaking,
        _ => Level::PossiblyBreaking,
    }
}

/// The JSON names and type names a change touches: the item's own name(s)
/// and, for a changed item, the JSON names of the members that changed.
fn keys_of(old: &Item, new: Option<&Item>) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for item in std::iter::once(old).chain(new) {
        if item.kind.is_type() {
            keys.insert(item.name().to_owned());
        }
    }
    // A constructor's parameters are the type's required fields: one that
    // comes or goes is tied by its JSON name (typify's field names are the
    // properties' in snake case).
    if let Some(new) = new
        && old.kind == Kind::Fn
    {
        let parameters = |item: &Item| -> BTreeSet<String> {
            let inside = item
                .signature
                .split_once('(')
                .and_then(|(_, rest)| rest.rsplit_once(')'))
                .map_or("", |(inside, _)| inside);
            inside
                .split(", ")
                .filter_map(|p| p.split_once(": ").map(|(name, _)| name.to_owned()))
                .collect()
        };
        let (before, after) = (parameters(old), parameters(new));
        for name in before.symmetric_difference(&after) {
            let pascal = crate::naming::pascal(name);
            let mut chars = pascal.chars();
            if let Some(first) = chars.next() {
                keys.insert(first.to_lowercase().chain(chars).collect());
            }
        }
    }
    if let Some(new) = new {
        let json = |item: &Item, name: &str| {
            item.members
                .iter()
                .find(|m| m.name == name)
                .map(|m| (m.ty.clone(), m.json.clone(), m.defaulted))
        };
        let names: BTreeSet<&str> = old
            .members
            .iter()
            .chain(&new.members)
            .map(|m| m.name.as_str())
            .collect();
        for name in names {
            let (before, after) = (json(old, name), json(new, name));
            if before != after {
                for (_, json, _) in before.iter().chain(after.iter()) {
                    keys.extend(json.clone());
                }
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(source: &str) -> Surface {
        let mut surface = Surface::default();
        surface.add_source(source).unwrap();
        surface
    }

    #[test]
    fn an_inline_type_that_became_a_named_one_is_one_rename() {
        let old = surface(
            r#"pub mod types {
                #[derive(Clone)]
                pub struct PayBody { #[serde(rename = "status")] pub status: PayBodyStatus }
                #[derive(Clone, Copy)]
                pub enum PayBodyStatus { #[serde(rename = "ok")] Ok, #[serde(rename = "no")] No }
                impl ::std::fmt::Display for PayBodyStatus { fn fmt(&self) {} }
            }"#,
        );
        let new = surface(
            r#"pub mod types {
                #[derive(Clone)]
                pub struct PayBody { #[serde(rename = "status")] pub status: Status }
                #[derive(Clone, Copy)]
                pub enum Status { #[serde(rename = "ok")] Ok, #[serde(rename = "no")] No }
                impl ::std::fmt::Display for Status { fn fmt(&self) {} }
            }"#,
        );
        let diff = compare(&old, &new);
        assert_eq!(diff.changes.len(), 1, "{diff:#?}");
        assert_eq!(
            diff.changes[0].kind,
            ApiChangeKind::Renamed {
                to: "types::Status".into()
            }
        );
        assert_eq!(diff.level(), Some(Level::Breaking));
    }

    #[test]
    fn a_rename_whose_old_name_is_kept_as_an_alias_breaks_nothing() {
        let old = surface(
            r#"pub mod types {
                pub struct PayBody { #[serde(rename = "card")] pub card: PayBodyCard }
                pub struct PayBodyCard { #[serde(rename = "n")] pub n: i64 }
            }"#,
        );
        let new = surface(
            r#"pub mod types {
                pub struct PayBody { #[serde(rename = "card")] pub card: Card }
                pub struct Card { #[serde(rename = "n")] pub n: i64 }
                #[deprecated(note = "renamed")]
                pub type PayBodyCard = Card;
            }"#,
        );
        let diff = compare(&old, &new);
        assert_eq!(diff.changes.len(), 1, "{diff:#?}");
        assert_eq!(
            diff.changes[0].kind,
            ApiChangeKind::Renamed {
                to: "types::Card".into()
            }
        );
        assert!(diff.changes[0].details[0].1.contains("deprecated alias"));
        assert_eq!(diff.level(), Some(Level::NonBreaking));
    }

    #[test]
    fn a_field_added_to_an_exhaustive_struct_breaks_struct_literals() {
        let old = surface("pub mod types { pub struct A { pub x: i64 } }");
        let new = surface("pub mod types { pub struct A { pub x: i64, pub y: Option<i64> } }");
        let diff = compare(&old, &new);
        assert_eq!(diff.level(), Some(Level::Breaking));
        assert!(
            diff.changes[0].details[0]
                .1
                .contains("field `y: Option<i64>")
        );
        let same = compare(&old, &old);
        assert!(same.is_empty());
    }

    #[test]
    fn an_added_item_is_an_addition_and_a_wider_validation_too() {
        let old = surface(
            "pub mod types { pub struct M(i64); impl TryFrom<i64> for M { fn try_from(v: i64) { if ![1_i64, 2_i64].contains(&v) {} } } }",
        );
        let new = surface(
            "pub mod types { pub struct M(i64); impl TryFrom<i64> for M { fn try_from(v: i64) { if ![1_i64, 2_i64, 3_i64].contains(&v) {} } } pub struct N { pub a: i64 } }",
        );
        let diff = compare(&old, &new);
        assert_eq!(diff.level(), Some(Level::NonBreaking), "{diff:#?}");
        assert_eq!(diff.changes.len(), 2);
        let narrower = compare(&new, &old);
        assert_eq!(narrower.level(), Some(Level::Breaking));
    }

    #[test]
    fn a_renamed_builder_and_client_method_are_renames() {
        let old = surface(
            "impl Client { pub fn pay(&self) -> builder::Pay<'_> {} }
             pub mod builder { impl<'a> Pay<'a> { pub fn body(self, v: types::PayBody) -> Self {} } }",
        );
        let new = surface(
            "impl Client { pub fn pay_order(&self) -> builder::PayOrder<'_> {} }
             pub mod builder { impl<'a> PayOrder<'a> { pub fn body(self, v: types::PayBody) -> Self {} } }",
        );
        let diff = compare(&old, &new);
        let summaries: Vec<String> = diff.changes.iter().map(ApiChange::summary).collect();
        assert_eq!(
            summaries,
            ["fn `Client::pay` renamed to `Client::pay_order`"],
            "{diff:#?}"
        );
    }
}
