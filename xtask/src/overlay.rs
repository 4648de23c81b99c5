//! Applying an OpenAPI Overlay 1.0.0 document.
//!
//! Targets are RFC 9535 JSONPath expressions, evaluated with `serde_json_path`.
//! Semantics, per the Overlay specification:
//!
//! * `update` on an object node merges recursively: objects merge key by key,
//!   anything else (strings, numbers, arrays) replaces the old value;
//! * `update` on an array node appends the update value as one new element;
//! * `remove: true` deletes every selected node from its parent.
//!
//! Two rules are ours, stricter than the specification, because a silently
//! skipped fix is the failure we fear most when upstream changes: an action
//! whose target selects nothing is an error, and every action must carry a
//! `description` saying why it exists.

use anyhow::{Context, Result, anyhow, bail};
use serde::Deserialize;
use serde_json::{Map, Value};
use serde_json_path::JsonPath;

/// An OpenAPI Overlay document.
#[derive(Debug, Deserialize)]
pub struct Overlay {
    /// The Overlay specification version; `1.0.x` is supported.
    pub overlay: String,
    /// Title and version of this overlay.
    pub info: OverlayInfo,
    /// The document this overlay is written for.
    #[serde(default)]
    pub extends: Option<String>,
    /// The actions, applied in order.
    pub actions: Vec<Action>,
}

/// The overlay's `info` object.
#[derive(Debug, Deserialize)]
pub struct OverlayInfo {
    /// Human-readable title.
    pub title: String,
    /// The overlay's own version.
    pub version: String,
}

/// One overlay action.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    /// JSONPath selecting the nodes the action changes.
    pub target: String,
    /// Why the action exists (required by this project).
    #[serde(default)]
    pub description: Option<String>,
    /// The value merged into (objects) or appended to (arrays) each target.
    #[serde(default)]
    pub update: Option<Value>,
    /// Removes each target from its parent.
    #[serde(default)]
    pub remove: bool,
}

impl Overlay {
    /// Parses an overlay from YAML and checks its shape.
    pub fn from_yaml(text: &str) -> Result<Self> {
        let overlay: Overlay =
            serde_norway::from_str(text).context("the overlay is not a valid Overlay document")?;
        if !overlay.overlay.starts_with("1.0.") {
            bail!(
                "overlay version {} is not supported; expected 1.0.x",
                overlay.overlay
            );
        }
        for (index, action) in overlay.actions.iter().enumerate() {
            let name = action_name(index, action);
            match (&action.update, action.remove) {
                (Some(_), true) => bail!("{name} has both `update` and `remove: true`"),
                (None, false) => bail!("{name} has neither `update` nor `remove: true`"),
                _ => {}
            }
            if action
                .description
                .as_deref()
                .is_none_or(|d| d.trim().is_empty())
            {
                bail!("{name} has no `description`: every fix must say why it exists");
            }
            JsonPath::parse(&action.target).with_context(|| format!("{name}: invalid JSONPath"))?;
        }
        Ok(overlay)
    }

    /// Applies every action, in order, to `document`.
    pub fn apply(&self, document: &mut Value) -> Result<()> {
        for (index, action) in self.actions.iter().enumerate() {
            apply_action(document, action).with_context(|| action_name(index, action))?;
        }
        Ok(())
    }
}

impl Overlay {
    /// Applies the action at `index` alone (for tracing which action a
    /// difference disappears at; see `diff::provenance`).
    pub fn apply_one(&self, index: usize, document: &mut Value) -> Result<()> {
        let action = self
            .actions
            .get(index)
            .ok_or_else(|| anyhow!("the overlay has no action #{}", index + 1))?;
        apply_action(document, action).with_context(|| action_name(index, action))
    }
}

fn action_name(index: usize, action: &Action) -> String {
    format!("overlay action #{} (target `{}`)", index + 1, action.target)
}

fn apply_action(document: &mut Value, action: &Action) -> Result<()> {
    let path = JsonPath::parse(&action.target).context("invalid JSONPath")?;
    let mut pointers: Vec<String> = path
        .query_located(document)
        .into_iter()
        .map(|node| node.location().to_json_pointer())
        .collect();
    if pointers.is_empty() {
        bail!("the target matches nothing in the document (did upstream change?)");
    }
    if let Some(update) = &action.update {
        for pointer in &pointers {
            let node = document
                .pointer_mut(pointer)
                .ok_or_else(|| anyhow!("selected node {pointer} vanished"))?;
            update_node(node, update).with_context(|| format!("at {pointer}"))?;
        }
    } else {
        // Remove the deepest and the highest-indexed nodes first, so earlier
        // removals never shift the location of later ones.
        pointers.sort_by(|a, b| compare_pointers(b, a));
        pointers.dedup();
        for pointer in &pointers {
            remove_node(document, pointer).with_context(|| format!("at {pointer}"))?;
        }
    }
    Ok(())
}

fn update_node(node: &mut Value, update: &Value) -> Result<()> {
    match node {
        Value::Object(target) => {
            let Value::Object(fields) = update else {
                bail!("an object target needs an object `update`");
            };
            merge_object(target, fields);
            Ok(())
        }
        Value::Array(items) => {
            items.push(update.clone());
            Ok(())
        }
        _ => bail!("`update` needs an object or array target; update its parent instead"),
    }
}

fn merge_object(target: &mut Map<String, Value>, fields: &Map<String, Value>) {
    for (key, value) in fields {
        match (target.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(incoming)) => {
                merge_object(existing, incoming);
            }
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

fn remove_node(document: &mut Value, pointer: &str) -> Result<()> {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        bail!("the document root cannot be removed");
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    let parent = document
        .pointer_mut(parent)
        .ok_or_else(|| anyhow!("parent of {pointer} not found"))?;
    match parent {
        Value::Object(map) => {
            map.shift_remove(&key);
        }
        Value::Array(items) => {
            let index: usize = key.parse().context("array index expected")?;
            if index < items.len() {
                items.remove(index);
            }
        }
        _ => bail!("parent of {pointer} is neither object nor array"),
    }
    Ok(())
}

/// Orders JSON pointers segment by segment, numerically where both are indices.
fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let mut left = a.split('/');
    let mut right = b.split('/');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<usize>(), y.parse::<usize>()) {
                    (Ok(i), Ok(j)) => i.cmp(&j),
                    _ => x.cmp(y),
                };
                if order.is_ne() {
                    return order;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: &str) -> Overlay {
        let text = format!("overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n{actions}");
        match Overlay::from_yaml(&text) {
            Ok(overlay) => overlay,
            Err(e) => panic!("test overlay does not parse: {e:#}"),
        }
    }

    #[test]
    fn update_merges_objects_recursively_and_replaces_scalars() {
        let mut doc = json!({"a": {"b": 1, "c": {"d": 2}}});
        let o = overlay("- target: $.a\n  description: why\n  update: {b: 5, c: {e: 3}}\n");
        o.apply(&mut doc).unwrap();
        assert_eq!(doc, json!({"a": {"b": 5, "c": {"d": 2, "e": 3}}}));
    }

    #[test]
    fn update_on_an_array_appends_one_element() {
        let mut doc = json!({"enum": [400, 401]});
        let o = overlay("- target: $.enum\n  description: why\n  update: 0\n");
        o.apply(&mut doc).unwrap();
        assert_eq!(doc, json!({"enum": [400, 401, 0]}));
    }

    #[test]
    fn remove_deletes_every_match_including_array_elements() {
        let mut doc = json!({"p": [{"in": "header"}, {"in": "query"}, {"in": "header"}]});
        let o = overlay("- target: $.p[?@.in == 'header']\n  description: why\n  remove: true\n");
        o.apply(&mut doc).unwrap();
        assert_eq!(doc, json!({"p": [{"in": "query"}]}));
    }

    #[test]
    fn a_target_that_matches_nothing_is_an_error() {
        let mut doc = json!({"a": 1});
        let o = overlay("- target: $.missing\n  description: why\n  update: {x: 1}\n");
        let error = format!("{:#}", o.apply(&mut doc).unwrap_err());
        assert!(error.contains("matches nothing"), "{error}");
        assert!(error.contains("$.missing"), "{error}");
    }

    #[test]
    fn an_action_without_a_reason_is_refused() {
        let text = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n- target: $.a\n  remove: true\n";
        let error = format!("{:#}", Overlay::from_yaml(text).unwrap_err());
        assert!(error.contains("description"), "{error}");
    }

    #[test]
    fn invalid_jsonpath_and_conflicting_actions_are_refused() {
        let base = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n";
        let bad_path = format!("{base}- target: $[\n  description: why\n  remove: true\n");
        let error = Overlay::from_yaml(&bad_path).unwrap_err();
        // The parser's own error stays in the chain, typed, not flattened to text.
        assert!(error.to_string().contains("invalid JSONPath"), "{error:#}");
        assert!(
            error
                .chain()
                .any(|cause| cause.is::<serde_json_path::ParseError>()),
            "{error:?}"
        );
        let yaml = Overlay::from_yaml("overlay: [").unwrap_err();
        assert!(
            yaml.chain().any(|cause| cause.is::<serde_norway::Error>()),
            "{yaml:?}"
        );
        let both =
            format!("{base}- target: $.a\n  description: why\n  remove: true\n  update: {{}}\n");
        assert!(Overlay::from_yaml(&both).is_err());
        let unsupported = "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: []\n";
        assert!(Overlay::from_yaml(unsupported).is_err());
    }
}
