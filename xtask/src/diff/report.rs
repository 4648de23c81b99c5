//! Reports: Markdown for PR comments, JSON for tools, text for terminals.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::change::{Change, Level};
use super::effects::{CrateEffects, Effects};
use super::provenance::{Absorbed, Review, Reviewed, SourceChange};
use super::rules::Breaks;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text, one change per line (the default on a terminal).
    Text,
    /// Markdown grouped by operation, breaking first, ready to paste as a PR comment.
    Markdown,
    /// JSON: `{"summary": {...}, "changes": [...], "absorbed": [...], "rust": {...}}`; see the README.
    Json,
    /// A draft CHANGELOG section for a spec-driven release: the wire changes
    /// by operation, the Rust changes by crate and the bump each needs.
    Changelog,
}

#[derive(Serialize)]
struct Summary {
    /// Changes rated breaking: the three counts below together.
    breaking: usize,
    /// Of those, the ones that break deployed clients' answers (a patch
    /// repairs them).
    #[serde(rename = "breaks-deployed-answers")]
    deployed_answers: usize,
    /// Of those, the ones that break deployed clients' calls (callers must
    /// change their code).
    #[serde(rename = "breaks-deployed-calls")]
    deployed_calls: usize,
    /// Of those, the ones that break the Rust API.
    #[serde(rename = "breaks-rust-api")]
    rust_api: usize,
    #[serde(rename = "possibly-breaking")]
    possibly_breaking: usize,
    #[serde(rename = "non-breaking")]
    non_breaking: usize,
    absorbed: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    summary: Summary,
    changes: &'a [Reviewed],
    absorbed: &'a [Absorbed],
    sources: &'a [SourceChange],
    personal: &'a [crate::personal::NewBesidePersonal],
    #[serde(skip_serializing_if = "Option::is_none")]
    rust: Option<&'a Effects>,
}

fn summary(review: &Review) -> Summary {
    let count = |level| {
        review
            .changes
            .iter()
            .filter(|c| c.change.level == level)
            .count()
    };
    let breaks = |kind| {
        review
            .changes
            .iter()
            .filter(|c| Breaks::of(c.change.id, c.change.level) == kind)
            .count()
    };
    Summary {
        breaking: count(Level::Breaking),
        deployed_answers: breaks(Breaks::DeployedAnswers),
        deployed_calls: breaks(Breaks::DeployedCalls),
        rust_api: breaks(Breaks::RustApi),
        possibly_breaking: count(Level::PossiblyBreaking),
        non_breaking: count(Level::NonBreaking),
        absorbed: review.absorbed.len(),
    }
}

/// Renders a review of the documents alone in `format`.
pub fn render(review: &Review, format: Format) -> String {
    render_with(review, None, format)
}

/// Renders a review in `format`, with the Rust effects computed from both
/// generated versions when given.
pub fn render_with(review: &Review, effects: Option<&Effects>, format: Format) -> String {
    match format {
        Format::Json => {
            let report = JsonReport {
                summary: summary(review),
                changes: &review.changes,
                absorbed: &review.absorbed,
                sources: &review.sources,
                personal: &review.personal,
                rust: effects,
            };
            let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
            text.push('\n');
            text
        }
        Format::Text => {
            let mut out = text(review, effects);
            if let Some(effects) = effects {
                out.push_str(&effects_text(effects));
            }
            out
        }
        Format::Markdown => {
            let mut out = markdown(review, effects);
            if let Some(effects) = effects {
                out.push_str(&effects_markdown(effects));
            }
            out
        }
        Format::Changelog => changelog(review, effects),
    }
}

/// What a report adds when the Rust effects could not be computed (a side
/// the generator cannot generate): the reason, so that the wire levels are
/// not taken for the whole story. JSON gets nothing (the warning goes to
/// stderr).
pub fn render_unavailable(reason: &str, format: Format) -> String {
    match format {
        Format::Json => String::new(),
        Format::Text => format!("rust api: not computed: {reason}\n"),
        Format::Markdown => format!(
            "\n### Rust API, computed\n\n⚠️ Not computed: {}. The levels above are the rules' \
             alone; no version bump could be checked.\n",
            cell(reason)
        ),
        Format::Changelog => format!("#### In Rust\n\nNot computed: {reason}.\n"),
    }
}

/// The bump line of a crate: the level, the bump, and the version check.
fn bump_line(krate: &CrateEffects) -> String {
    let level = krate.level.map_or("no API change", Level::as_str);
    let mut line = format!("{level}; bump: {}", krate.bump_text);
    if let Some(version) = &krate.version {
        let _ = write!(
            line,
            "; needs {} (from {}), Cargo.toml has {}: {}",
            version.required,
            version.base,
            version.head,
            if version.ok { "ok" } else { "TOO LOW" }
        );
    }
    line
}

fn causes_text(effect: &super::effects::Effect) -> String {
    if effect.causes.is_empty() {
        return "no wire change: the generator's naming or layout".to_owned();
    }
    effect
        .causes
        .iter()
        .map(|c| format!("{} {}", c.id, c.pointer))
        .collect::<Vec<_>>()
        .join("; ")
}

fn effects_text(effects: &Effects) -> String {
    let mut out = String::new();
    for answer in &effects.old_answers {
        let _ = writeln!(
            out,
            "old answers       {}: an answer of the old shape does not decode as `{}` ({})",
            answer.operation, answer.answer, answer.reason
        );
    }
    for krate in &effects.crates {
        let _ = writeln!(out, "rust api {}: {}", krate.name, bump_line(krate));
        for effect in &krate.changes {
            let _ = writeln!(
                out,
                "  {:<17} {}\n  {:17} caused by: {}",
                effect.level.as_str(),
                effect.summary(),
                "",
                causes_text(effect)
            );
            for (level, detail) in &effect.details {
                let _ = writeln!(out, "  {:17}   {} ({})", "", detail, level.as_str());
            }
        }
        if let Some(inherits) = &krate.inherits {
            let _ = writeln!(out, "  {inherits}");
        }
        for adapt in &krate.adapt {
            let _ = writeln!(out, "  names changed item: {adapt}");
        }
    }
    let _ = writeln!(out, "version bump: {}", bump_summary(effects));
    out
}

/// The closing line: each crate's bump, and its version move when known.
fn bump_summary(effects: &Effects) -> String {
    effects
        .crates
        .iter()
        .map(|krate| match &krate.version {
            Some(v) => format!(
                "{} {} → {} ({}{})",
                krate.name,
                v.base,
                v.required,
                krate.bump_text,
                if v.ok { "" } else { "; Cargo.toml is below it" }
            ),
            None => format!("{} {}", krate.name, krate.bump_text),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn effects_markdown(effects: &Effects) -> String {
    let mut out = String::from(
        "\n### Rust API, computed\n\nBoth sides generated in memory and their public APIs \
         compared (the listing of `xtask/tests/snapshots/generated_api__generated_api_surface.snap`). \
         A change breaks when code written against the old crate may stop compiling (cargo's SemVer \
         rules); a rename is one change.\n",
    );
    if !effects.old_answers.is_empty() {
        out.push_str(
            "\n#### 🔴 Answers of the old shape no longer decode\n\nMade-up answers of the old \
             document's shape, decoded as the new types would decode them:\n\n",
        );
        for answer in &effects.old_answers {
            let _ = writeln!(
                out,
                "- `{}` as `{}`: {}",
                answer.operation,
                answer.answer,
                cell(&answer.reason)
            );
        }
    }
    for krate in &effects.crates {
        let badge = krate.level.map_or("⚪", icon);
        let _ = write!(
            out,
            "\n#### {badge} `{}`: {}\n\n",
            krate.name,
            bump_line(krate)
        );
        if !krate.changes.is_empty() {
            out.push_str("| | Item | What changed | Caused by |\n|---|---|---|---|\n");
            for effect in &krate.changes {
                let details: Vec<String> = effect
                    .details
                    .iter()
                    .map(|(level, d)| format!("{} {}", icon(*level), cell(d)))
                    .collect();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    icon(effect.level),
                    cell(&effect.summary()),
                    details.join("<br>"),
                    cell(&causes_text(effect))
                );
            }
        } else if krate.inherits.is_none() {
            out.push_str("No change to its public API.\n");
        }
        if let Some(inherits) = &krate.inherits {
            let _ = writeln!(out, "It {}.", cell(inherits));
        }
        if !krate.adapt.is_empty() {
            out.push_str(
                "\nIts own code names these changed generated items (a text search; whether it \
                 still compiles is what building it against the new crate says: \
                 `cargo check -p atlas-pay --all-features`, which CI runs):\n\n",
            );
            for adapt in &krate.adapt {
                let _ = writeln!(out, "- {}", cell(adapt));
            }
        }
    }
    let _ = writeln!(out, "\n**Version bump:** {}.", bump_summary(effects));
    out
}

/// A draft CHANGELOG section: wire changes by operation, Rust changes by
/// crate, and the bump.
fn changelog(review: &Review, effects: Option<&Effects>) -> String {
    let mut out = String::new();
    let version = effects.and_then(|e| {
        e.crates
            .iter()
            .filter_map(|c| c.version.as_ref())
            .map(|v| v.required)
            .max()
    });
    match version {
        Some(version) => {
            let _ = writeln!(out, "## Unreleased ({version})\n");
        }
        None => out.push_str("## Unreleased\n\n"),
    }
    out.push_str("### Spec update\n\n");
    let _ = writeln!(out, "`cargo xtask diff`: {}.\n", headline(review, effects));
    out.push_str(&deployed_markdown(review, effects).replace("### ", "#### "));
    out.push_str(&personal_markdown(review).replace("### ", "#### "));
    let mut groups: BTreeMap<&str, Vec<&Reviewed>> = BTreeMap::new();
    for reviewed in &review.changes {
        groups
            .entry(operation(&reviewed.change))
            .or_default()
            .push(reviewed);
    }
    if !groups.is_empty() {
        out.push_str("#### On the wire\n");
        for (operation, mut group) in groups {
            group.sort_by_key(|c| c.change.level);
            let _ = writeln!(out, "\n- `{operation}`");
            for reviewed in group {
                let change = &reviewed.change;
                let marker = marker(change);
                let _ = writeln!(
                    out,
                    "  - {marker}{} (`{}`, {}, `{}`)",
                    change.text,
                    change.id,
                    reviewed.source.as_str(),
                    change.pointer
                );
            }
        }
        out.push('\n');
    }
    if let Some(effects) = effects {
        out.push_str("#### In Rust\n");
        for answer in &effects.old_answers {
            let _ = writeln!(
                out,
                "\n- **breaking** `{}`: answers of the old shape no longer decode as `{}` ({})",
                answer.operation, answer.answer, answer.reason
            );
        }
        for krate in &effects.crates {
            let level = krate.level.map_or("no API change", Level::as_str);
            match &krate.version {
                Some(version) => {
                    let _ = writeln!(
                        out,
                        "\n- `{}` {} → {}: {level}, {} bump",
                        krate.name, version.base, version.required, krate.bump_text
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "\n- `{}`: {level}, {} bump",
                        krate.name, krate.bump_text
                    );
                }
            }
            for effect in &krate.changes {
                let marker = if effect.level == Level::Breaking {
                    "**breaking** "
                } else {
                    ""
                };
                let details: Vec<&str> = effect.details.iter().map(|(_, d)| d.as_str()).collect();
                let mut line = format!("  - {marker}{}", effect.summary());
                if !details.is_empty() {
                    let _ = write!(line, ": {}", details.join("; "));
                }
                let _ = writeln!(out, "{line}");
            }
            if let Some(inherits) = &krate.inherits {
                let _ = writeln!(out, "  - {inherits}");
            }
            for adapt in &krate.adapt {
                let _ = writeln!(out, "  - names changed item: {adapt}");
            }
        }
    }
    out
}

/// The review in one line: what breaks deployed clients at run time, what
/// breaks the Rust API (with the bumps, when computed), the rest.
fn headline(review: &Review, effects: Option<&Effects>) -> String {
    if review.is_empty() {
        return "no changes".to_owned();
    }
    let s = summary(review);
    let mut parts = Vec::new();
    if review.changes.is_empty() {
        parts.push("no change reaches clients".to_owned());
    } else {
        let deployed = s.deployed_answers + s.deployed_calls;
        if deployed > 0 {
            let places = effects.map_or(0, |e| {
                e.locations.iter().filter(|l| l.breaks_deployed).count()
            });
            parts.push(format!(
                "{deployed} {} deployed clients at run time{}",
                if deployed == 1 { "breaks" } else { "break" },
                match places {
                    0 => String::new(),
                    1 => " (1 place)".to_owned(),
                    n => format!(" ({n} places)"),
                }
            ));
        }
        parts.push(format!(
            "{} {} the Rust API",
            s.rust_api,
            if s.rust_api == 1 { "breaks" } else { "break" }
        ));
        parts.push(format!(
            "{} possibly breaking, {} compatible",
            s.possibly_breaking, s.non_breaking
        ));
    }
    if let Some(effects) = effects {
        let bumps: Vec<String> = effects
            .crates
            .iter()
            .map(|c| format!("{} {}", c.name, c.bump_text))
            .collect();
        parts.push(format!("release: {}", bumps.join(", ")));
    }
    match s.absorbed {
        0 => {}
        1 => parts.push("1 upstream change absorbed by the overlay".to_owned()),
        n => parts.push(format!("{n} upstream changes absorbed by the overlay")),
    }
    parts.join("; ")
}

/// How a change is marked where levels are words (text and the changelog).
fn marker(change: &Change) -> &'static str {
    match Breaks::of(change.id, change.level) {
        Breaks::DeployedAnswers => "**deployed clients fail to decode answers until they update** ",
        Breaks::DeployedCalls => "**deployed clients' calls fail; callers must change** ",
        Breaks::RustApi => "**breaking** ",
        Breaks::Possibly => "possibly breaking: ",
        Breaks::Nothing => "",
    }
}

/// The advice for changes that break deployed clients, by kind.
const DEPLOYED_ANSWERS_ADVICE: &str = "Clients built on the released crates already fail on \
     these answers: Atlas sends them whatever we release. Release soon: the new types decode \
     them and the Rust API does not break for them, so a patch release lets every dependent \
     take the repair with `cargo update`. Then open the enum in the overlay (a `oneOf` with a \
     catch-all member, as `OpenPaymentMethod` does) so that the next value Atlas adds decodes \
     without a release; that change is breaking for the Rust API, so it waits for a minor \
     release.";

const DEPLOYED_CALLS_ADVICE: &str = "Deployed clients' calls fail: Atlas now refuses requests \
     without what it newly requires, and the Rust API cannot show it (the field stays an \
     `Option`). Callers must change their code, so both crates take a breaking release, and \
     atlas-pay must send the field itself where it can.";

fn operation(change: &Change) -> &str {
    change.operation.as_deref().unwrap_or("(document)")
}

fn text(review: &Review, effects: Option<&Effects>) -> String {
    let mut out = format!("spec diff: {}\n", headline(review, effects));
    let mut sorted: Vec<&Reviewed> = review.changes.iter().collect();
    sorted.sort_by_key(|c| c.change.level);
    for reviewed in sorted {
        let change = &reviewed.change;
        let _ = writeln!(
            out,
            "{:<17} {:<42} {} {} [{}]\n{:17} {} | rust: {}",
            change.level.as_str(),
            change.id,
            operation(change),
            change.pointer,
            reviewed.source.as_str(),
            "",
            change.text,
            change.rust
        );
    }
    for absorbed in &review.absorbed {
        let change = &absorbed.change;
        let _ = writeln!(
            out,
            "{:<17} {:<42} {} {}\n{:17} {} | {}",
            "absorbed",
            change.id,
            operation(change),
            change.pointer,
            "",
            change.text,
            absorbed_by(absorbed)
        );
    }
    for line in source_lines(review) {
        let _ = writeln!(out, "{:<17} {line}", "source changed");
    }
    for field in &review.personal {
        let _ = writeln!(
            out,
            "{:<17} {}: {}: {}",
            "beside personal", field.operation, field.path, field.ships
        );
    }
    for location in effects.map(|e| e.locations.as_slice()).unwrap_or_default() {
        let _ = writeln!(
            out,
            "{:<17} {} {} {} `{}`: deployed clients: {} | rust: {}",
            if location.breaks_deployed {
                "breaks deployed"
            } else {
                "used at"
            },
            location.component,
            location.operation,
            location.direction.as_str(),
            location.place(),
            location.deployed,
            location.rust
        );
    }
    out
}

/// One line per upstream document whose source changed.
fn source_lines(review: &Review) -> Vec<String> {
    let describe = |source: &Option<crate::sources::Source>| match source {
        Some(s) => format!(
            "{} {} (sha256 {}…)",
            match s.kind {
                crate::sources::Kind::Page => "page",
                crate::sources::Kind::Document => "document",
            },
            s.file,
            s.sha256.get(..12).unwrap_or(&s.sha256)
        ),
        None => "no recorded source".to_owned(),
    };
    review
        .sources
        .iter()
        .map(|c| {
            format!(
                "{}: {} -> {}",
                c.upstream,
                describe(&c.old),
                describe(&c.new)
            )
        })
        .collect()
}

fn absorbed_by(absorbed: &Absorbed) -> String {
    match &absorbed.action {
        Some(action) => format!(
            "absorbed by overlay action #{} (`{}`): {}",
            action.number, action.target, action.reason
        ),
        None => "absorbed by the overlay (no single action found)".to_owned(),
    }
}

fn icon(level: Level) -> &'static str {
    match level {
        Level::Breaking => "🔴",
        Level::PossiblyBreaking => "🟠",
        Level::NonBreaking => "🟢",
    }
}

fn markdown(review: &Review, effects: Option<&Effects>) -> String {
    let mut out = String::from("## Spec review: ");
    out.push_str(&headline(review, effects));
    out.push_str("\n\n");
    out.push_str(&deployed_markdown(review, effects));
    out.push_str(&personal_markdown(review));
    if review.is_empty() {
        out.push_str(
            "The upstream documents and the effective document are unchanged: nothing to review.\n",
        );
    }
    if !review.changes.is_empty() {
        out.push_str(
            "Rated for this client (`atlas-pay-gen` as progenitor \
            generates it, and `atlas-pay` on top). Levels: 🔴 \
            breaking, 🟠 possibly breaking, 🟢 non-breaking. Source: \
            `upstream` when Atlas's document changed, `overlay` \
            when our fixes did.\n",
        );
    }
    let mut groups: BTreeMap<(bool, &str), Vec<&Reviewed>> = BTreeMap::new();
    for reviewed in &review.changes {
        let key = match &reviewed.change.operation {
            Some(op) => (false, op.as_str()),
            None => (true, "Document"),
        };
        groups.entry(key).or_default().push(reviewed);
    }
    for ((_, title), mut group) in groups {
        group.sort_by_key(|c| c.change.level);
        let _ = write!(
            out,
            "\n### {title}\n\n| | Rule | Source | Direction | Where \
            | Change | Rust API |\n|---|---|---|---|---|---|---|\n"
        );
        for reviewed in group {
            let change = &reviewed.change;
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | `{}` | {} | {} |",
                icon(change.level),
                change.id,
                reviewed.source.as_str(),
                change.direction.as_str(),
                change.pointer,
                cell(&change.text),
                cell(&change.rust)
            );
        }
    }
    out.push_str(&locations_markdown(effects));
    if !review.absorbed.is_empty() {
        out.push_str(
            "\n### Absorbed by the overlay\n\nAtlas changed these in \
            its document, but an overlay action already covers \
            them: the effective document and the generated code do \
            not move. Check that the action's reason still \
            holds.\n\n| Rule | Operation | Where | Upstream change \
            | Overlay action |\n|---|---|---|---|---|\n",
        );
        for absorbed in &review.absorbed {
            let change = &absorbed.change;
            let action = match &absorbed.action {
                Some(action) => format!(
                    "#{} `{}`: {}",
                    action.number,
                    cell(&action.target),
                    cell(&action.reason)
                ),
                None => "no single action found".to_owned(),
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | `{}` | {} | {} |",
                change.id,
                operation(change),
                change.pointer,
                cell(&change.text),
                action
            );
        }
    }
    let sources = source_lines(review);
    if !sources.is_empty() {
        out.push_str(
            "\n### Sources\n\nWhere these upstream documents come from changed (see \
             `openapi/sources.json`); a change of source alone changes no spec.\n\n",
        );
        for line in sources {
            let _ = writeln!(out, "- {}", cell(&line));
        }
    }
    out
}

/// The section on what breaks deployed clients at run time, with its advice;
/// empty when nothing does.
fn deployed_markdown(review: &Review, effects: Option<&Effects>) -> String {
    let mut out = String::new();
    let of_kind = |kind: Breaks| -> Vec<&Reviewed> {
        review
            .changes
            .iter()
            .filter(|c| Breaks::of(c.change.id, c.change.level) == kind)
            .collect()
    };
    let answers = of_kind(Breaks::DeployedAnswers);
    if !answers.is_empty() {
        let _ = writeln!(
            out,
            "### 🔴 Deployed clients break at run time: answers they cannot decode\n\n{DEPLOYED_ANSWERS_ADVICE}\n"
        );
        let places: Vec<&super::locations::Location> = effects
            .map(|e| e.locations.iter().filter(|l| l.breaks_deployed).collect())
            .unwrap_or_default();
        if places.is_empty() {
            for reviewed in answers {
                let _ = writeln!(
                    out,
                    "- {} `{}`: {}",
                    operation(&reviewed.change),
                    reviewed.change.pointer,
                    cell(&reviewed.change.text)
                );
            }
        } else {
            for place in places {
                let _ = writeln!(
                    out,
                    "- {} answer `{}` ({}): {}",
                    place.operation,
                    place.place(),
                    place.component,
                    cell(&place.deployed)
                );
            }
        }
        out.push('\n');
    }
    let calls = of_kind(Breaks::DeployedCalls);
    if !calls.is_empty() {
        let _ = writeln!(
            out,
            "### 🔴 Deployed clients break at run time: calls Atlas now refuses\n\n{DEPLOYED_CALLS_ADVICE}\n"
        );
        for reviewed in calls {
            let _ = writeln!(
                out,
                "- {} `{}`: {}",
                operation(&reviewed.change),
                reviewed.change.pointer,
                cell(&reviewed.change.text)
            );
        }
        out.push('\n');
    }
    out
}

/// New answer fields beside personal data, each with how it ships.
fn personal_markdown(review: &Review) -> String {
    if review.personal.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "### 🔒 New fields beside personal data\n\nThese answer objects hold personal data, so \
         a field new in them may identify a passenger too. Check each one's class in `{}` \
         (a field with no class ships redacted, and `cargo xtask generate --check` fails until \
         it has one):\n\n",
        crate::paths::PERSONAL
    );
    for field in &review.personal {
        let _ = writeln!(
            out,
            "- `{}`: `{}`: {}",
            field.operation, field.path, field.ships
        );
    }
    out.push('\n');
    out
}

/// Every place a changed component is used, with both effects.
fn locations_markdown(effects: Option<&Effects>) -> String {
    let Some(effects) = effects.filter(|e| !e.locations.is_empty()) else {
        return String::new();
    };
    let mut out = String::from(
        "\n### Where the changed components are used\n\nEvery place, in every operation, \
         by its path from the body's root. For an answer, an answer of the old shape carrying \
         the new value there was decoded as the released crate's types decode it.\n\n\
         | | Component | Operation | Body | Where | Deployed clients | Rust API |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for location in &effects.locations {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | `{}` | {} | {} |",
            if location.breaks_deployed || location.breaks_rust {
                "🔴"
            } else {
                "🟢"
            },
            location.component,
            location.operation,
            location.direction.as_str(),
            location.place(),
            cell(&location.deployed),
            cell(&location.rust)
        );
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
