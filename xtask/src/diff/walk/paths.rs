//! The walk over paths, operations and their parameters.

use super::{Ctx, METHODS, Walker, escape, get, obj, op_method, security_names};
use crate::diff::change::{Direction, Level};
use crate::diff::rules;
use crate::naming::{pascal, snake};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

impl<'a> Walker<'a> {
    pub(super) fn operations(&mut self) {
        let old_paths = get(self.old_doc, "paths").and_then(obj);
        let new_paths = get(self.new_doc, "paths").and_then(obj);
        let all: BTreeSet<&String> = old_paths
            .into_iter()
            .flat_map(|m| m.keys())
            .chain(new_paths.into_iter().flat_map(|m| m.keys()))
            .collect();
        // A path only on the old side and one only on the new side with the
        // same shape once parameter names are blanked are one path whose
        // parameters were renamed: compared as one, under the new name.
        let only = |here: Option<&'a serde_json::Map<String, Value>>,
                    there: Option<&'a serde_json::Map<String, Value>>| {
            here.into_iter()
                .flat_map(|m| m.keys())
                .filter(move |k| there.is_none_or(|t| !t.contains_key(*k)))
                .collect::<Vec<&String>>()
        };
        let (old_only, new_only) = (only(old_paths, new_paths), only(new_paths, old_paths));
        let mut renamed: BTreeMap<&String, &String> = BTreeMap::new();
        for new_path in &new_only {
            let shape = path_shape(new_path);
            let matches: Vec<&&String> =
                old_only.iter().filter(|o| path_shape(o) == shape).collect();
            if let [old_path] = matches.as_slice()
                && !renamed.values().any(|v| v == *old_path)
            {
                renamed.insert(new_path, old_path);
            }
        }
        for (new_path, old_path) in &renamed {
            self.push(
                Level::Breaking,
                &rules::PATH_PARAMETER_RENAMED,
                None,
                Direction::Request,
                format!("#/paths/{}", escape(new_path)),
                format!("path `{old_path}` became `{new_path}`: the same URL, parameters renamed"),
                "the builder setters of the renamed path parameters are renamed: compile break"
                    .into(),
            );
        }
        for path in all {
            if renamed.values().any(|old_path| *old_path == path) {
                continue;
            }
            let old_path = renamed.get(path).copied().unwrap_or(path);
            for method in METHODS {
                let old = old_paths
                    .and_then(|m| m.get(old_path))
                    .and_then(|p| get(p, method));
                let new = new_paths
                    .and_then(|m| m.get(path))
                    .and_then(|p| get(p, method));
                let label = format!("{} {path}", method.to_uppercase());
                let pointer = format!("#/paths/{}/{method}", escape(path));
                match (old, new) {
                    (None, Some(op)) => self.push(
                        Level::NonBreaking,
                        &rules::ENDPOINT_ADDED,
                        Some(label),
                        Direction::Document,
                        pointer,
                        "operation added".into(),
                        format!("method `Client::{}` added", op_method(op)),
                    ),
                    (Some(op), None) => self.push(
                        Level::Breaking,
                        &rules::API_PATH_REMOVED_WITHOUT_DEPRECATION,
                        Some(label),
                        Direction::Document,
                        pointer,
                        "operation removed".into(),
                        format!("method `Client::{}` removed: compile break", op_method(op)),
                    ),
                    (Some(old), Some(new)) => {
                        let items = (
                            old_paths.and_then(|m| m.get(old_path)),
                            new_paths.and_then(|m| m.get(path)),
                        );
                        self.operation(&label, &pointer, (old, new), items);
                    }
                    (None, None) => {}
                }
            }
        }
    }

    /// One operation present on both sides; `items` are the path items it
    /// sits in (their parameters apply to it too).
    pub(super) fn operation(
        &mut self,
        label: &str,
        pointer: &str,
        (old, new): (&'a Value, &'a Value),
        items: (Option<&'a Value>, Option<&'a Value>),
    ) {
        let op = Some(label.to_owned());
        let (old_id, new_id) = (op_method(old), op_method(new));
        if old_id != new_id {
            self.push(
                Level::Breaking,
                &rules::API_OPERATION_ID_UPDATED,
                op.clone(),
                Direction::Document,
                format!("{pointer}/operationId"),
                format!("operationId `{old_id}` became `{new_id}`"),
                format!(
                    "method `Client::{old_id}` renamed to \
                    `Client::{new_id}`, and `{}Body`/`{}Response` to \
                    `{}Body`/`{}Response`: compile break",
                    pascal(&old_id),
                    pascal(&old_id),
                    pascal(&new_id),
                    pascal(&new_id)
                ),
            );
        }
        for key in ["summary", "description"] {
            if get(old, key) != get(new, key) {
                self.push(
                    Level::NonBreaking,
                    &rules::API_DESCRIPTION_CHANGED,
                    op.clone(),
                    Direction::Document,
                    format!("{pointer}/{key}"),
                    format!("operation {key} changed"),
                    "rustdoc only".into(),
                );
            }
        }
        if get(old, "deprecated")
            .and_then(Value::as_bool)
            .unwrap_or(false)
            != get(new, "deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        {
            self.push(
                Level::NonBreaking,
                &rules::API_DEPRECATION_CHANGED,
                op.clone(),
                Direction::Document,
                format!("{pointer}/deprecated"),
                "deprecation flag changed".into(),
                "rustdoc only".into(),
            );
        }
        let (old_sec, new_sec) = (security_names(old), security_names(new));
        for name in new_sec.difference(&old_sec) {
            self.push(
                Level::Breaking,
                &rules::API_SECURITY_ADDED,
                op.clone(),
                Direction::Request,
                format!("{pointer}/security"),
                format!("operation now requires `{name}`"),
                "atlas-pay does not send that credential: calls fail until it does".into(),
            );
        }
        for name in old_sec.difference(&new_sec) {
            self.push(
                Level::NonBreaking,
                &rules::API_SECURITY_REMOVED,
                op.clone(),
                Direction::Request,
                format!("{pointer}/security"),
                format!("operation no longer requires `{name}`"),
                "none".into(),
            );
        }
        self.parameters(label, pointer, (old, new), items, &new_id);
        self.request_body(label, pointer, old, new, &new_id);
        self.responses(label, pointer, old, new, &new_id);
        self.callbacks(label, pointer, old, new);
    }

    /// The parameters an operation takes: its path item's, then its own
    /// (which override a path-level one of the same place and name), each
    /// with the pointer it is declared at and whether it is path-level.
    pub(super) fn parameters(
        &mut self,
        label: &str,
        pointer: &str,
        (old, new): (&'a Value, &'a Value),
        (old_item, new_item): (Option<&'a Value>, Option<&'a Value>),
        method: &str,
    ) {
        type Params = BTreeMap<(String, String), (String, bool, Value)>;
        let path_pointer = pointer.rsplit_once('/').map_or(pointer, |(path, _)| path);
        let params = |doc: &Value, item: Option<&Value>, op: &Value| -> Params {
            let mut found = Params::new();
            let levels = [(item, path_pointer, true), (Some(op), pointer, false)];
            for (holder, at, path_level) in levels {
                let Some(items) = holder
                    .and_then(|h| get(h, "parameters"))
                    .and_then(Value::as_array)
                else {
                    continue;
                };
                for (i, p) in items.iter().enumerate() {
                    let p = Walker::resolve_in(doc, p).1;
                    let (Some(place), Some(name)) = (
                        get(p, "in").and_then(Value::as_str),
                        get(p, "name").and_then(Value::as_str),
                    ) else {
                        continue;
                    };
                    found.insert(
                        (place.to_owned(), name.to_owned()),
                        (format!("{at}/parameters/{i}"), path_level, p.clone()),
                    );
                }
            }
            found
        };
        let old_params = params(self.old_doc, old_item, old);
        let new_params = params(self.new_doc, new_item, new);
        let op = Some(label.to_owned());
        for (key @ (place, name), (at, path_level, param)) in &new_params {
            let at = at.clone();
            let required = get(param, "required")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let setter = format!("`builder::{}::{}`", pascal(method), snake(name));
            match old_params.get(key) {
                None if *path_level => self.push(
                    if required {
                        Level::Breaking
                    } else {
                        Level::NonBreaking
                    },
                    &rules::PATH_LEVEL_PARAMETER_ADDED,
                    op.clone(),
                    Direction::Request,
                    at,
                    format!(
                        "{} {place} parameter `{name}` added on the path, for every method of it",
                        if required { "required" } else { "optional" }
                    ),
                    if required {
                        format!(
                            "setter {setter} added; calls without it fail with \"no value supplied\""
                        )
                    } else {
                        format!("setter {setter} added")
                    },
                ),
                None if required => self.push(
                    Level::Breaking,
                    &rules::NEW_REQUIRED_REQUEST_PARAMETER,
                    op.clone(),
                    Direction::Request,
                    at,
                    format!("required {place} parameter `{name}` added"),
                    format!(
                        "setter {setter} added; calls without it fail with \"no value supplied\""
                    ),
                ),
                None => self.push(
                    Level::NonBreaking,
                    &rules::NEW_OPTIONAL_REQUEST_PARAMETER,
                    op.clone(),
                    Direction::Request,
                    at,
                    format!("optional {place} parameter `{name}` added"),
                    format!("setter {setter} added"),
                ),
                Some((_, _, before)) => {
                    let was = get(before, "required")
                        .and_then(Value::as_bool)
                        .unwrap_or(false);
                    if !was && required {
                        self.push(
                            Level::Breaking,
                            &rules::REQUEST_PARAMETER_BECAME_REQUIRED,
                            op.clone(),
                            Direction::Request,
                            at.clone(),
                            format!("{place} parameter `{name}` became required"),
                            format!("calls that skip {setter} now fail with \"no value supplied\""),
                        );
                    } else if was && !required {
                        self.push(
                            Level::NonBreaking,
                            &rules::REQUEST_PARAMETER_BECAME_OPTIONAL,
                            op.clone(),
                            Direction::Request,
                            at.clone(),
                            format!("{place} parameter `{name}` became optional"),
                            "none".into(),
                        );
                    }
                    let ctx = Ctx {
                        operation: op.clone(),
                        direction: Direction::Request,
                        pointer: format!("{at}/schema"),
                        type_name: format!("builder::{}", pascal(method)),
                        field: Some((name.clone(), snake(name))),
                        required,
                        open: false,
                        component: None,
                    };
                    if let (Some(a), Some(b)) = (get(before, "schema"), get(param, "schema")) {
                        self.schema(&ctx, a, b);
                    }
                }
            }
        }
        for (key @ (place, name), (at, _, _)) in &old_params {
            if !new_params.contains_key(key) {
                self.push(
                    Level::Breaking,
                    &rules::REQUEST_PARAMETER_REMOVED,
                    op.clone(),
                    Direction::Request,
                    at.clone(),
                    format!("{place} parameter `{name}` removed"),
                    format!(
                        "setter `builder::{}::{}` removed: compile break",
                        pascal(method),
                        snake(name)
                    ),
                );
            }
        }
    }
}

/// A path with its parameter names blanked: `/orders/{id}` → `/orders/{}`.
fn path_shape(path: &str) -> String {
    let mut shape = String::with_capacity(path.len());
    let mut in_parameter = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_parameter = true;
                shape.push('{');
            }
            '}' => {
                in_parameter = false;
                shape.push('}');
            }
            _ if in_parameter => {}
            _ => shape.push(c),
        }
    }
    shape
}
