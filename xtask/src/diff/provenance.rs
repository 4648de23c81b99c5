//! Where each change comes from: the vendor's document or our overlay.
//!
//! Comparing only effective documents goes blind where the overlay already
//! acted: if Atlas drops `paymentMethod` from the pay answer's `required` list,
//! the overlay (which had trimmed that list) absorbs it and the effective
//! document does not move. The reviewer must still see that the vendor changed
//! something, and why it has no effect. So a review compares three things:
//!
//! * the effective documents: what reaches clients (each change tagged with
//!   its source, upstream or overlay);
//! * the upstream documents: a vendor change that does not reach the
//!   effective document is listed as absorbed, with the overlay action that
//!   absorbs it;
//! * the old upstream document under the new overlay: a change that appears
//!   there is ours (an overlay edit), not the vendor's.
//!
//! The absorbing action is found by replaying the new overlay one action at a
//! time on both upstream documents: it is the last action after which the
//! vendor's change stops showing in the comparison.

use anyhow::Result;
use serde::Serialize;
use serde_json::Value;

use super::change::Change;
use super::walk::diff;
use crate::overlay::Overlay;

/// One side of a review.
#[derive(Debug, Clone)]
pub struct Side {
    /// The upstream document (as the vendor publishes it), when known.
    pub upstream: Option<Value>,
    /// The overlay's YAML text, when known.
    pub overlay: Option<String>,
    /// The effective document (upstream with the overlay applied).
    pub effective: Value,
    /// Where each upstream document came from, when known
    /// (`openapi/sources.json`).
    pub sources: Option<crate::sources::Sources>,
}

impl Side {
    /// A side known only by its effective document.
    pub fn effective(effective: Value) -> Self {
        Self {
            upstream: None,
            overlay: None,
            effective,
            sources: None,
        }
    }
}

/// Who made a change that reaches clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The vendor's document changed.
    Upstream,
    /// Our overlay changed.
    Overlay,
}

impl Source {
    /// The source as written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Upstream => "upstream",
            Source::Overlay => "overlay (ours)",
        }
    }
}

/// A change to the effective document, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reviewed {
    /// The change, rated for this client.
    #[serde(flatten)]
    pub change: Change,
    /// Who made it.
    pub source: Source,
}

/// An overlay action, as a report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionRef {
    /// 1-based position in `openapi/overlay.yaml`.
    pub number: usize,
    /// Its JSONPath target.
    pub target: String,
    /// The first sentence of its description: why it exists.
    pub reason: String,
}

/// A vendor change that does not reach the effective document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Absorbed {
    /// The change between the upstream documents, as if generated unfixed.
    #[serde(flatten)]
    pub change: Change,
    /// The overlay action after which it no longer shows; `None` when the
    /// overlay could not be replayed on both documents.
    pub action: Option<ActionRef>,
}

/// Everything a reviewer needs: what reaches clients, and what the overlay
/// absorbed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Review {
    /// Changes to the effective document.
    pub changes: Vec<Reviewed>,
    /// Upstream changes with no effect on the effective document.
    pub absorbed: Vec<Absorbed>,
    /// Upstream documents whose source changed (a page replaced by a whole
    /// document, a new download): not a spec change by itself.
    pub sources: Vec<SourceChange>,
    /// New answer fields in objects that hold personal data, with how each
    /// ships: a reviewer checks its class in `openapi/personal-data.yaml`.
    pub personal: Vec<crate::personal::NewBesidePersonal>,
}

/// An upstream document whose recorded source changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceChange {
    /// The upstream document's name.
    pub upstream: String,
    /// Its source before, if recorded.
    pub old: Option<crate::sources::Source>,
    /// Its source after, if recorded.
    pub new: Option<crate::sources::Source>,
}

fn source_changes(old: &Side, new: &Side) -> Vec<SourceChange> {
    let (Some(old), Some(new)) = (&old.sources, &new.sources) else {
        return Vec::new();
    };
    let names: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| {
            let (a, b) = (old.get(name), new.get(name));
            let moved = match (a, b) {
                (Some(a), Some(b)) => a.kind != b.kind || a.file != b.file || a.sha256 != b.sha256,
                _ => true,
            };
            moved.then(|| SourceChange {
                upstream: name.clone(),
                old: a.cloned(),
                new: b.cloned(),
            })
        })
        .collect()
}

impl Review {
    /// Whether nothing changed at all, upstream or in effect.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.absorbed.is_empty()
    }
}

fn same(a: &Change, b: &Change) -> bool {
    a.id == b.id && a.pointer == b.pointer
}

/// Reviews `new` against `old`.
pub fn review(old: &Side, new: &Side) -> Review {
    let effective = diff(&old.effective, &new.effective);
    let overlay_only = overlay_only_changes(old, new);
    let upstream = match (&old.upstream, &new.upstream) {
        (Some(a), Some(b)) => diff(a, b),
        _ => Vec::new(),
    };
    let changes = effective
        .iter()
        .map(|change| {
            let ours = match &overlay_only {
                Some(ours) => ours.iter().any(|o| same(o, change)),
                // The new overlay does not apply to the old document: a change
                // the vendor's diff does not show must be ours.
                None => old.overlay != new.overlay && !upstream.iter().any(|u| same(u, change)),
            };
            Reviewed {
                change: change.clone(),
                source: if ours {
                    Source::Overlay
                } else {
                    Source::Upstream
                },
            }
        })
        .collect();
    let unabsorbed: Vec<&Change> = upstream
        .iter()
        .filter(|u| !effective.iter().any(|e| same(e, u)))
        .collect();
    let absorbed = if unabsorbed.is_empty() {
        Vec::new()
    } else {
        attribute(old, new, &unabsorbed)
    };
    Review {
        changes,
        absorbed,
        sources: source_changes(old, new),
        personal: crate::personal::new_beside_personal(&old.effective, &new.effective),
    }
}

/// The changes the new overlay alone makes: old upstream under the old
/// overlay against old upstream under the new one. `None` when that cannot
/// be computed (no upstream, or the new overlay does not apply to it).
fn overlay_only_changes(old: &Side, new: &Side) -> Option<Vec<Change>> {
    if old.overlay == new.overlay {
        return Some(Vec::new());
    }
    let upstream = old.upstream.as_ref()?;
    let overlay = Overlay::from_yaml(new.overlay.as_deref()?).ok()?;
    let mut mixed = upstream.clone();
    overlay.apply(&mut mixed).ok()?;
    Some(diff(&old.effective, &mixed))
}

/// Replays the new overlay one action at a time on both upstream documents
/// and names, for each change, the last action after which it stops showing.
fn attribute(old: &Side, new: &Side, changes: &[&Change]) -> Vec<Absorbed> {
    let replay = || -> Result<Vec<Option<usize>>> {
        let (Some(mut a), Some(mut b)) = (old.upstream.clone(), new.upstream.clone()) else {
            anyhow::bail!("no upstream documents");
        };
        let text = new
            .overlay
            .as_deref()
            .ok_or_else(|| anyhow::anyhow!("no overlay"))?;
        let overlay = Overlay::from_yaml(text)?;
        let mut absorber = vec![None; changes.len()];
        let mut present = vec![true; changes.len()];
        for index in 0..overlay.actions.len() {
            // The same (new) overlay on both sides, so that only the vendor's
            // change can differ. An action written for the new document may
            // match nothing in the old one: it is skipped there.
            let _ = overlay.apply_one(index, &mut a);
            let _ = overlay.apply_one(index, &mut b);
            let step = diff(&a, &b);
            for (slot, change) in changes.iter().enumerate() {
                let now = step.iter().any(|s| same(s, change));
                if present[slot] && !now {
                    absorber[slot] = Some(index);
                }
                present[slot] = now;
            }
        }
        Ok(absorber)
    };
    let found = replay().ok();
    let overlay = new
        .overlay
        .as_deref()
        .and_then(|text| Overlay::from_yaml(text).ok());
    changes
        .iter()
        .enumerate()
        .map(|(slot, change)| {
            let action = found
                .as_ref()
                .and_then(|found| found[slot])
                .and_then(|index| Some((index, overlay.as_ref()?.actions.get(index)?)))
                .map(|(index, action)| ActionRef {
                    number: index + 1,
                    target: action.target.clone(),
                    reason: first_sentence(action.description.as_deref().unwrap_or_default()),
                });
            let mut change = (*change).clone();
            change.rust = match &action {
                Some(action) => format!(
                    "none: overlay action #{} absorbs it, the effective document is unchanged",
                    action.number
                ),
                None => "none: the effective document is unchanged".to_owned(),
            };
            Absorbed { change, action }
        })
        .collect()
}

fn first_sentence(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(end) => text[..=end].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sentence_is_the_reason() {
        assert_eq!(
            first_sentence("Only `status` is\n certain. Access-level errors follow."),
            "Only `status` is certain."
        );
        assert_eq!(first_sentence("One sentence"), "One sentence");
    }
}
