//! The walk over paths, operations and their parameters.

use super::{Ctx, METHODS, Walker, escape, get, obj, op_method, security_names};
use crate::diff::change::{Direction, Level};
use crate::diff::naming::{pascal, snake};
use crate::diff::rules;
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
        for path in all {
            for method in METHODS {
                let old = old_paths
                    .and_then(|m| m.get(path))
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
                    (Some(old), Some(new)) => self.operation(&label, &pointer, old, new),
                    (None, None) => {}
                }
            }
        }
    }

    pub(super) fn operation(&mut self, label: &str, pointer: &str, old: &'a Value, new: &'a Value) {
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
        self.parameters(label, pointer, old, new, &new_id);
        self.request_body(label, pointer, old, new, &new_id);
        self.responses(label, pointer, old, new, &new_id);
    }

    pub(super) fn parameters(
        &mut self,
        label: &str,
        pointer: &str,
        old: &'a Value,
        new: &'a Value,
        method: &str,
    ) {
        let params = |doc: &Value, op: &Value| -> BTreeMap<(String, String), (usize, Value)> {
            get(op, "parameters")
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .enumerate()
                        .filter_map(|(i, p)| {
                            let p = Walker::resolve_in(doc, p).1;
                            Some((
                                (
                                    get(p, "in")?.as_str()?.to_owned(),
                                    get(p, "name")?.as_str()?.to_owned(),
                                ),
                                (i, p.clone()),
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let (old_params, new_params) = (params(self.old_doc, old), params(self.new_doc, new));
        let op = Some(label.to_owned());
        for (key @ (place, name), (index, param)) in &new_params {
            let at = format!("{pointer}/parameters/{index}");
            let required = get(param, "required")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let setter = format!("`builder::{}::{}`", pascal(method), snake(name));
            match old_params.get(key) {
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
                Some((_, before)) => {
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
        for (key @ (place, name), (index, _)) in &old_params {
            if !new_params.contains_key(key) {
                self.push(
                    Level::Breaking,
                    &rules::REQUEST_PARAMETER_REMOVED,
                    op.clone(),
                    Direction::Request,
                    format!("{pointer}/parameters/{index}"),
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
