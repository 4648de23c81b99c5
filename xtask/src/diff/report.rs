//! Reports: Markdown for PR comments, JSON for tools, text for terminals.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::{Change, Level};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text, one change per line (the default on a terminal).
    Text,
    /// Markdown grouped by operation, breaking first, ready to paste as a PR comment.
    Markdown,
    /// JSON: `{"summary": {...}, "changes": [...]}`; see the README.
    Json,
}

#[derive(Serialize)]
struct Summary {
    breaking: usize,
    #[serde(rename = "possibly-breaking")]
    possibly_breaking: usize,
    #[serde(rename = "non-breaking")]
    non_breaking: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    summary: Summary,
    changes: &'a [Change],
}

fn summary(changes: &[Change]) -> Summary {
    let count = |level| changes.iter().filter(|c| c.level == level).count();
    Summary {
        breaking: count(Level::Breaking),
        possibly_breaking: count(Level::PossiblyBreaking),
        non_breaking: count(Level::NonBreaking),
    }
}

/// Renders the changes in `format`.
pub fn render(changes: &[Change], format: Format) -> String {
    match format {
        Format::Json => {
            let report = JsonReport {
                summary: summary(changes),
                changes,
            };
            let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
            text.push('\n');
            text
        }
        Format::Text => text(changes),
        Format::Markdown => markdown(changes),
    }
}

fn headline(changes: &[Change]) -> String {
    let s = summary(changes);
    if changes.is_empty() {
        return "no changes".to_owned();
    }
    format!(
        "{} breaking, {} possibly breaking, {} non-breaking",
        s.breaking, s.possibly_breaking, s.non_breaking
    )
}

fn text(changes: &[Change]) -> String {
    let mut out = format!("spec diff: {}\n", headline(changes));
    for change in by_level(changes) {
        let _ = writeln!(
            out,
            "{:<17} {:<42} {} {}\n{:17} {} | rust: {}",
            change.level.as_str(),
            change.id,
            change.operation.as_deref().unwrap_or("(document)"),
            change.pointer,
            "",
            change.text,
            change.rust
        );
    }
    out
}

fn by_level(changes: &[Change]) -> Vec<&Change> {
    let mut sorted: Vec<&Change> = changes.iter().collect();
    sorted.sort_by_key(|c| c.level);
    sorted
}

fn markdown(changes: &[Change]) -> String {
    let mut out = String::from("## Spec review: ");
    out.push_str(&headline(changes));
    out.push_str("\n\n");
    if changes.is_empty() {
        out.push_str("The effective document is unchanged: nothing to review for clients.\n");
        return out;
    }
    out.push_str("Rated for this client (`atlas-pay-gen` as progenitor generates it, and `atlas-pay` on top). Levels: 🔴 breaking, 🟠 possibly breaking, 🟢 non-breaking.\n");
    let mut groups: BTreeMap<(bool, &str), Vec<&Change>> = BTreeMap::new();
    for change in changes {
        let key = match &change.operation {
            Some(op) => (false, op.as_str()),
            None => (true, "Document"),
        };
        groups.entry(key).or_default().push(change);
    }
    for ((_, title), mut group) in groups {
        group.sort_by_key(|c| c.level);
        let _ = write!(
            out,
            "\n### {title}\n\n| | Rule | Direction | Where | Change | Rust API |\n|---|---|---|---|---|---|\n"
        );
        for change in group {
            let icon = match change.level {
                Level::Breaking => "🔴",
                Level::PossiblyBreaking => "🟠",
                Level::NonBreaking => "🟢",
            };
            let _ = writeln!(
                out,
                "| {icon} | `{}` | {} | `{}` | {} | {} |",
                change.id,
                change.direction.as_str(),
                change.pointer,
                cell(&change.text),
                cell(&change.rust)
            );
        }
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
