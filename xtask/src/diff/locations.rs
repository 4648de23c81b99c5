//! Where a changed component bites: every place a component schema that
//! changed is used, in every operation, request and answer, by its path from
//! the body's root (`routing.supportPaymentMethods[]`), each with its effect
//! on deployed clients and on the Rust API.
//!
//! The walk of the documents reports a component's change once (under the
//! first operation it meets); a shared component is used in many places,
//! and a closed enum opened by the overlay in one of them is still closed in
//! the others. So each place is tried on its own: for an answer, an answer
//! of the old shape carrying the new value (or a value of the component's
//! new shape) exactly there is decoded as the old generated types decode it
//! ([`crate::api::decode`]); the answer tried is kept in the report, and a
//! test decodes each with the compiled generated crate to show the two
//! agree.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::change::{Change, Direction, Level};
use crate::api::decode::decode;
use crate::api::example::examples;
use crate::api::{ApiChange, ApiChangeKind, Surface};
use crate::naming::pascal;

/// One place a changed component is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The component (`PaymentMethod`).
    pub component: String,
    /// The operation (`POST /queryOrderDetails.do`).
    pub operation: String,
    /// Request or answer.
    pub direction: Direction,
    /// The path from the body's root: properties joined by `.`, `[]` for an
    /// array's items (`routing.supportPaymentMethods[]`); empty for the body
    /// itself.
    pub path: String,
    /// Whether clients built on the old crate break at run time here.
    pub breaks_deployed: bool,
    /// What deployed clients meet here.
    pub deployed: String,
    /// Whether code written against the old crate stops compiling here.
    pub breaks_rust: bool,
    /// What the Rust API does here.
    pub rust: String,
    /// For an answer: the answer tried, of the old shape with the new value
    /// at this place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<Value>,
    /// For an answer: whether the old generated types decode `sample`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decodes_with_old: Option<bool>,
}

impl Location {
    /// The path as reports write it.
    pub fn place(&self) -> &str {
        if self.path.is_empty() {
            "(the whole body)"
        } else {
            &self.path
        }
    }
}

/// What the locations are computed from.
pub struct Sides<'a> {
    /// The old effective document.
    pub old_doc: &'a Value,
    /// The new effective document.
    pub new_doc: &'a Value,
    /// The old generated API.
    pub old_api: &'a Surface,
    /// The new generated API.
    pub new_api: &'a Surface,
}

/// Every place each changed component schema is used, in the new document
/// (and the old one, for places that are gone).
pub fn locations(sides: &Sides<'_>, changes: &[&Change], api: &[ApiChange]) -> Vec<Location> {
    let mut changed: BTreeMap<String, Vec<&Change>> = BTreeMap::new();
    for change in changes {
        if let Some(name) = component_of(&change.pointer) {
            changed.entry(name).or_default().push(change);
        }
    }
    if changed.is_empty() {
        return Vec::new();
    }
    let modules: BTreeMap<String, String> = sides
        .old_api
        .operations()
        .into_iter()
        .map(|(module, method, path)| (format!("{method} {path}"), module))
        .collect();
    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    for doc in [sides.new_doc, sides.old_doc] {
        for (operation, direction, schema) in bodies(doc) {
            let mut uses = Vec::new();
            uses_in(doc, schema, "", &mut Vec::new(), &mut uses);
            for (component, path) in uses {
                let Some(component_changes) = changed.get(&component) else {
                    continue;
                };
                if !seen.insert((
                    component.clone(),
                    operation.clone(),
                    direction,
                    path.clone(),
                )) {
                    continue;
                }
                found.push(locate(
                    sides,
                    &modules,
                    Place {
                        component: &component,
                        operation: &operation,
                        direction,
                        path: &path,
                    },
                    component_changes,
                    api,
                ));
            }
        }
    }
    found.sort_by(|a, b| {
        (&a.component, &a.operation, a.direction, &a.path).cmp(&(
            &b.component,
            &b.operation,
            b.direction,
            &b.path,
        ))
    });
    found
}

/// The component a change's pointer is inside (`#/components/schemas/X/...`).
fn component_of(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("#/components/schemas/")?;
    let name = rest.split('/').next()?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

/// Each operation's request body and success answer schemas.
fn bodies(doc: &Value) -> Vec<(String, Direction, &Value)> {
    let mut found = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return found;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, operation) in item {
            let label = format!("{} {path}", method.to_uppercase());
            if let Some(schema) = operation.pointer("/requestBody/content/application~1json/schema")
            {
                found.push((label.clone(), Direction::Request, schema));
            }
            if let Some(schema) = crate::api::answers::success_schema(operation) {
                found.push((label, Direction::Response, schema));
            }
        }
    }
    found
}

/// Every component `schema` uses, with the path it is used at.
fn uses_in(
    doc: &Value,
    schema: &Value,
    path: &str,
    stack: &mut Vec<String>,
    out: &mut Vec<(String, String)>,
) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let Some(name) = component_of(reference) else {
            return;
        };
        out.push((name.clone(), path.to_owned()));
        if stack.contains(&name) {
            return;
        }
        if let Some(target) = reference.strip_prefix('#').and_then(|p| doc.pointer(p)) {
            stack.push(name);
            uses_in(doc, target, path, stack, out);
            stack.pop();
        }
        return;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for member in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            uses_in(doc, member, path, stack, out);
        }
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let inner = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            uses_in(doc, property, &inner, stack, out);
        }
    }
    if let Some(items) = schema.get("items") {
        uses_in(doc, items, &format!("{path}[]"), stack, out);
    }
    if let Some(extra) = schema.get("additionalProperties")
        && extra.is_object()
    {
        uses_in(doc, extra, &format!("{path}{{}}"), stack, out);
    }
}

struct Place<'a> {
    component: &'a str,
    operation: &'a str,
    direction: Direction,
    path: &'a str,
}

fn locate(
    sides: &Sides<'_>,
    modules: &BTreeMap<String, String>,
    place: Place<'_>,
    changes: &[&Change],
    api: &[ApiChange],
) -> Location {
    let (breaks_rust, rust) = rust_effect(place.component, api);
    let mut location = Location {
        component: place.component.to_owned(),
        operation: place.operation.to_owned(),
        direction: place.direction,
        path: place.path.to_owned(),
        breaks_deployed: false,
        deployed: String::new(),
        breaks_rust,
        rust,
        sample: None,
        decodes_with_old: None,
    };
    match place.direction {
        Direction::Response => answer_effect(sides, modules, &place, changes, &mut location),
        _ => {
            let breaking: Vec<&str> = changes
                .iter()
                .filter(|c| c.direction == Direction::Request && c.level == Level::Breaking)
                .map(|c| c.id)
                .collect();
            location.breaks_deployed = !breaking.is_empty();
            location.deployed = if breaking.is_empty() {
                "none: what deployed clients send here is still accepted".to_owned()
            } else {
                format!(
                    "requests of the old shape may be refused here ({})",
                    breaking.join(", ")
                )
            };
        }
    }
    location
}

/// Tries answers of the old shape carrying the component's new values at
/// the place, with the old types and the new ones.
fn answer_effect(
    sides: &Sides<'_>,
    modules: &BTreeMap<String, String>,
    place: &Place<'_>,
    changes: &[&Change],
    location: &mut Location,
) {
    let Some(module) = modules.get(place.operation) else {
        location.deployed = "new operation: no deployed client calls it".to_owned();
        return;
    };
    let (Some(old_answer), Some(old_schema)) = (
        crate::api::answers::answer_type(sides.old_api, module),
        success_schema(sides.old_doc, place.operation),
    ) else {
        location.deployed = "not computed: the old side has no JSON answer here".to_owned();
        return;
    };
    let Some(base) = examples(sides.old_doc, old_schema).into_iter().next() else {
        location.deployed = "not computed: no answer of the old shape".to_owned();
        return;
    };
    let values = new_values(sides, place.component, changes);
    if values.is_empty() {
        location.deployed =
            "none: the component takes no value here it did not take before".to_owned();
        return;
    }
    let new_answer = crate::api::answers::answer_type(sides.new_api, module);
    let mut first_ok = None;
    for value in values {
        let mut sample = base.clone();
        if !set_at(&mut sample, place.path, value.clone()) {
            continue;
        }
        let old = decode(sides.old_api, &old_answer, &sample);
        let new = new_answer
            .as_deref()
            .map(|ty| decode(sides.new_api, ty, &sample).is_ok());
        match old {
            Err(error) => {
                location.breaks_deployed = true;
                location.deployed = format!(
                    "an answer carrying {} here fails to decode with the old types ({}){}",
                    short(&value),
                    error,
                    match new {
                        Some(true) => "; the new types decode it",
                        Some(false) => "; the new types do not decode it either",
                        None => "",
                    }
                );
                location.sample = Some(sample);
                location.decodes_with_old = Some(false);
                return;
            }
            Ok(()) => {
                if first_ok.is_none() {
                    first_ok = Some((value, sample));
                }
            }
        }
    }
    match first_ok {
        Some((value, sample)) => {
            location.deployed = format!(
                "none: an answer carrying {} here still decodes with the old types",
                short(&value)
            );
            location.sample = Some(sample);
            location.decodes_with_old = Some(true);
        }
        None => {
            location.deployed =
                "not computed: the place is not in an answer of the old shape".to_owned();
        }
    }
}

/// The values the component may now hold that it could not before: the
/// enum values added, or otherwise answers made up from its new schema.
fn new_values(sides: &Sides<'_>, component: &str, changes: &[&Change]) -> Vec<Value> {
    let pointer = format!("/components/schemas/{}", component.replace('/', "~1"));
    let enum_of = |doc: &Value| -> Vec<Value> {
        doc.pointer(&format!("{pointer}/enum"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    if changes.iter().any(|c| c.id.ends_with("enum-value-added")) {
        let old = enum_of(sides.old_doc);
        return enum_of(sides.new_doc)
            .into_iter()
            .filter(|v| !old.contains(v))
            .collect();
    }
    if sides.new_doc.pointer(&pointer).is_none() {
        return Vec::new();
    }
    let reference = serde_json::json!({ "$ref": format!("#{pointer}") });
    examples(sides.new_doc, &reference)
}

fn success_schema<'a>(doc: &'a Value, operation: &str) -> Option<&'a Value> {
    let (method, path) = operation.split_once(' ')?;
    crate::api::answers::success_schema(doc.get("paths")?.get(path)?.get(method.to_lowercase())?)
}

/// Puts `value` at `path` in `answer`, through every array's first item
/// (made when the array is empty). False when the answer has no such place.
fn set_at(answer: &mut Value, path: &str, value: Value) -> bool {
    if path.is_empty() {
        *answer = value;
        return true;
    }
    let mut segments: Vec<String> = Vec::new();
    for property in path.split('.') {
        let name = property.trim_end_matches("[]");
        segments.push(name.to_owned());
        for _ in 0..(property.len() - name.len()) / 2 {
            segments.push("[]".to_owned());
        }
    }
    let mut current = answer;
    let last = segments.len() - 1;
    for (index, segment) in segments.iter().enumerate() {
        let slot = if segment == "[]" {
            let Some(items) = current.as_array_mut() else {
                return false;
            };
            if items.is_empty() {
                items.push(Value::Null);
            }
            &mut items[0]
        } else {
            if current.is_null() {
                *current = Value::Object(Map::new());
            }
            let Some(object) = current.as_object_mut() else {
                return false;
            };
            object.entry(segment.clone()).or_insert(Value::Null)
        };
        if index == last {
            *slot = value;
            return true;
        }
        if slot.is_null() && segments[index + 1] == "[]" {
            *slot = Value::Array(Vec::new());
        }
        current = slot;
    }
    false
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.len() > 60 {
        format!("a value of the new shape (`{}…`)", &text[..57])
    } else {
        format!("`{text}`")
    }
}

/// What the component's type change does to code: the API changes of its
/// type (and its constructor).
fn rust_effect(component: &str, api: &[ApiChange]) -> (bool, String) {
    let ty = format!("types::{}", pascal(component));
    let own: Vec<&ApiChange> = api
        .iter()
        .filter(|c| c.path == ty || c.path.starts_with(&format!("{ty}::")))
        .collect();
    if own.is_empty() {
        return (false, format!("`{ty}` unchanged"));
    }
    let breaks: Vec<String> = own
        .iter()
        .filter(|c| c.level == Level::Breaking)
        .map(|c| c.summary())
        .collect();
    if !breaks.is_empty() {
        return (
            true,
            format!("code naming it may stop compiling: {}", breaks.join("; ")),
        );
    }
    let details: Vec<String> = own
        .iter()
        .flat_map(|c| {
            if c.details.is_empty() || matches!(c.kind, ApiChangeKind::Added) {
                vec![c.summary()]
            } else {
                c.details.iter().map(|(_, d)| d.clone()).collect()
            }
        })
        .collect();
    (
        false,
        format!(
            "compiles unchanged (`{ty}`: {}; generated types are `#[non_exhaustive]`)",
            details.join("; ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_value_is_set_through_objects_and_arrays() {
        let mut answer = json!({"routing": {"methods": []}, "list": [{"a": 1}]});
        assert!(set_at(&mut answer, "routing.methods[]", json!(6)));
        assert!(set_at(&mut answer, "list[].a", json!(7)));
        assert!(set_at(&mut answer, "new.deep", json!(8)));
        assert_eq!(
            answer,
            json!({"routing": {"methods": [6]}, "list": [{"a": 7}], "new": {"deep": 8}})
        );
        assert!(!set_at(&mut json!({"a": 1}), "a.b", json!(1)));
    }

    #[test]
    fn every_use_of_a_component_is_found_by_its_path() {
        let doc = json!({"components": {"schemas": {
            "M": {"type": "integer", "enum": [1]},
            "Open": {"oneOf": [{"$ref": "#/components/schemas/M"}, {"type": "integer"}]},
        }}});
        let schema = json!({"type": "object", "properties": {
            "m": {"$ref": "#/components/schemas/M"},
            "routing": {"type": "object", "properties": {
                "all": {"type": "array", "items": {"$ref": "#/components/schemas/Open"}}}},
        }});
        let mut uses = Vec::new();
        uses_in(&doc, &schema, "", &mut Vec::new(), &mut uses);
        assert_eq!(
            uses,
            [
                ("M".to_owned(), "m".to_owned()),
                ("Open".to_owned(), "routing.all[]".to_owned()),
                ("M".to_owned(), "routing.all[]".to_owned()),
            ]
        );
    }
}
