//! Reports: Markdown for PR comments, JSON for tools, text for terminals.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::change::{Change, Level};
use super::provenance::{Absorbed, Review, Reviewed, SourceChange};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text, one change per line (the default on a terminal).
    Text,
    /// Markdown grouped by operation, breaking first, ready to paste as a PR comment.
    Markdown,
    /// JSON: `{"summary": {...}, "changes": [...], "absorbed": [...]}`; see the README.
    Json,
}

#[derive(Serialize)]
struct Summary {
    breaking: usize,
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
}

fn summary(review: &Review) -> Summary {
    let count = |level| {
        review
            .changes
            .iter()
            .filter(|c| c.change.level == level)
            .count()
    };
    Summary {
        breaking: count(Level::Breaking),
        possibly_breaking: count(Level::PossiblyBreaking),
        non_breaking: count(Level::NonBreaking),
        absorbed: review.absorbed.len(),
    }
}

/// Renders a review in `format`.
pub fn render(review: &Review, format: Format) -> String {
    match format {
        Format::Json => {
            let report = JsonReport {
                summary: summary(review),
                changes: &review.changes,
                absorbed: &review.absorbed,
                sources: &review.sources,
            };
            let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
            text.push('\n');
            text
        }
        Format::Text => text(review),
        Format::Markdown => markdown(review),
    }
}

fn headline(review: &Review) -> String {
    if review.is_empty() {
        return "no changes".to_owned();
    }
    let s = summary(review);
    let mut line = if review.changes.is_empty() {
        "no change reaches clients".to_owned()
    } else {
        format!(
            "{} breaking, {} possibly breaking, {} non-breaking",
            s.breaking, s.possibly_breaking, s.non_breaking
        )
    };
    match s.absorbed {
        0 => {}
        1 => line.push_str("; 1 upstream change absorbed by the overlay"),
        n => {
            let _ = write!(line, "; {n} upstream changes absorbed by the overlay");
        }
    }
    line
}

fn operation(change: &Change) -> &str {
    change.operation.as_deref().unwrap_or("(document)")
}

fn text(review: &Review) -> String {
    let mut out = format!("spec diff: {}\n", headline(review));
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

fn markdown(review: &Review) -> String {
    let mut out = String::from("## Spec review: ");
    out.push_str(&headline(review));
    out.push_str("\n\n");
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

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
