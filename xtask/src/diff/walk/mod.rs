//! The structural walk: two documents in, rated changes out.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::{Map, Value};

mod bodies;
mod constraints;
mod paths;
mod properties;
mod schemas;

use super::change::{Change, Direction, Level};
use super::rules::{self, Rule};
use crate::naming::{pascal, snake};
use crate::surface::PREVIOUS_NAMES;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Compares two effective documents; changes come sorted by operation, level and pointer.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut changes = compare(old, new);
    changes.sort_by(|a, b| {
        (&a.operation, a.level, &a.pointer, a.id).cmp(&(&b.operation, b.level, &b.pointer, b.id))
    });
    changes.dedup();
    changes
}

fn compare(old: &Value, new: &Value) -> Vec<Change> {
    let mut walker = Walker {
        old_doc: old,
        new_doc: new,
        changes: Vec::new(),
        visited: HashSet::new(),
    };
    walker.document();
    walker.changes
}

struct Walker<'a> {
    old_doc: &'a Value,
    new_doc: &'a Value,
    changes: Vec<Change>,
    visited: HashSet<(String, Direction, bool)>,
}

/// Where in the walk a schema sits.
#[derive(Clone)]
struct Ctx {
    operation: Option<String>,
    direction: Direction,
    pointer: String,
    /// The Rust type holding the current schema (`PayBodyCreditCard`).
    type_name: String,
    /// The property being compared, as (JSON name, Rust field), if any.
    field: Option<(String, String)>,
    /// Whether the property is required in its object (new side).
    required: bool,
    /// Whether a sibling `oneOf` member accepts any value of this type, so
    /// unknown enum values still decode (our open `status`).
    open: bool,
    /// The named component the current schema is, if reached through `$ref`.
    component: Option<String>,
}

impl Ctx {
    fn at(&self, segment: &str) -> Ctx {
        let mut next = self.clone();
        next.pointer = format!("{}/{}", self.pointer, escape(segment));
        next
    }

    fn subject(&self) -> String {
        match &self.field {
            Some((json, rust)) => format!("field `{}::{rust}` (json `{json}`)", self.type_name),
            None => format!("type `{}`", self.type_name),
        }
    }

    fn what(&self) -> String {
        match &self.field {
            Some((json, _)) => format!("{} property `{json}`", self.direction.as_str()),
            None => format!("{} body", self.direction.as_str()),
        }
    }

    /// The Rust type whose accepted values a change affects.
    fn value_type(&self) -> String {
        match &self.component {
            Some(name) => format!("`types::{}`", pascal(name)),
            None => self.subject(),
        }
    }

    /// The request or the response variant of a rule, by direction.
    fn rule(&self, request: &'static Rule, response: &'static Rule) -> &'static Rule {
        if self.direction == Direction::Request {
            request
        } else {
            response
        }
    }
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn obj(value: &Value) -> Option<&Map<String, Value>> {
    value.as_object()
}

fn get<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    value.as_object().and_then(|o| o.get(key))
}

fn string_list(value: Option<&Value>) -> BTreeSet<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

impl<'a> Walker<'a> {
    /// Records a change: the one way the walk does.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        level: Level,
        rule: &'static Rule,
        operation: Option<String>,
        direction: Direction,
        pointer: String,
        text: String,
        rust: String,
    ) {
        debug_assert!(
            rule.levels.contains(&level),
            "rule {} is not rated {level} in the table",
            rule.id
        );
        debug_assert!(
            rule.direction.is_none_or(|d| d == direction),
            "rule {} does not flow {direction:?} in the table",
            rule.id
        );
        self.changes.push(Change {
            level,
            operation,
            id: rule.id,
            direction,
            pointer,
            text,
            rust,
        });
    }

    /// Records a change at the context's operation, direction and pointer.
    fn emit(&mut self, ctx: &Ctx, level: Level, rule: &'static Rule, text: String, rust: String) {
        self.push(
            level,
            rule,
            ctx.operation.clone(),
            ctx.direction,
            ctx.pointer.clone(),
            text,
            rust,
        );
    }

    fn document(&mut self) {
        let (old, new) = (self.old_doc, self.new_doc);
        let old_servers: BTreeSet<String> = urls(get(old, "servers"));
        let new_servers: BTreeSet<String> = urls(get(new, "servers"));
        for url in new_servers.difference(&old_servers) {
            self.push(
                Level::NonBreaking,
                &rules::API_SERVER_ADDED,
                None,
                Direction::Document,
                "#/servers".to_owned(),
                format!("server {url} added"),
                "none: the generated client takes its base URL from the caller".into(),
            );
        }
        for url in old_servers.difference(&new_servers) {
            self.push(
                Level::PossiblyBreaking,
                &rules::API_SERVER_REMOVED,
                None,
                Direction::Document,
                "#/servers".to_owned(),
                format!("server {url} removed"),
                "none in generated code; check atlas_pay::SANDBOX_URL and callers' base URLs"
                    .into(),
            );
        }
        for key in ["title", "description", "version"] {
            let (a, b) = (
                get(old, "info").and_then(|i| get(i, key)),
                get(new, "info").and_then(|i| get(i, key)),
            );
            if a != b {
                self.push(
                    Level::NonBreaking,
                    &rules::API_INFO_CHANGED,
                    None,
                    Direction::Document,
                    format!("#/info/{key}"),
                    format!("info.{key} changed"),
                    "rustdoc of the generated Client only".into(),
                );
            }
        }
        self.security_schemes();
        self.component_schemas();
        self.operations();
    }

    fn security_schemes(&mut self) {
        let old = components(self.old_doc, "securitySchemes");
        let new = components(self.new_doc, "securitySchemes");
        for (name, scheme) in &new {
            let pointer = format!("#/components/securitySchemes/{}", escape(name));
            match old.get(name) {
                None => self.push(
                    Level::PossiblyBreaking,
                    &rules::SECURITY_SCHEME_ADDED,
                    None,
                    Direction::Document,
                    pointer,
                    format!("security scheme `{name}` added"),
                    "none in generated code; atlas-pay's Client must send a \
                    new credential if operations require it"
                        .into(),
                ),
                Some(before) if before != scheme => self.push(
                    Level::Breaking,
                    &rules::SECURITY_SCHEME_CHANGED,
                    None,
                    Direction::Document,
                    pointer,
                    format!(
                        "security scheme `{name}` changed (type, location or \
                        header name)"
                    ),
                    "atlas-pay sends credentials under the old header names: \
                    every call fails with 900"
                        .into(),
                ),
                Some(_) => {}
            }
        }
        for name in old.keys().filter(|name| !new.contains_key(*name)) {
            let pointer = format!("#/components/securitySchemes/{}", escape(name));
            self.push(
                Level::PossiblyBreaking,
                &rules::SECURITY_SCHEME_REMOVED,
                None,
                Direction::Document,
                pointer,
                format!("security scheme `{name}` removed"),
                "atlas-pay keeps sending that credential; harmless unless Atlas rejects it".into(),
            );
        }
    }

    fn component_schemas(&mut self) {
        let old = components(self.old_doc, "schemas");
        let new = components(self.new_doc, "schemas");
        let removed: Vec<&String> = old.keys().filter(|k| !new.contains_key(*k)).collect();
        let added: Vec<&String> = new.keys().filter(|k| !old.contains_key(*k)).collect();
        let mut renamed_to = BTreeMap::new();
        for from in &removed {
            if let Some(to) = added.iter().find(|to| {
                without_previous_names(&old[from.as_str()])
                    == without_previous_names(&new[to.as_str()])
                    && !renamed_to.values().any(|v: &String| v == **to)
            }) {
                renamed_to.insert((*from).clone(), (*to).clone());
            }
        }
        for (from, to) in &renamed_to {
            let kept = previous_names(self.new_doc, to).contains(&pascal(from));
            self.push(
                if kept {
                    Level::NonBreaking
                } else {
                    Level::Breaking
                },
                &rules::SCHEMA_RENAMED,
                None,
                Direction::Document,
                format!("#/components/schemas/{}", escape(to)),
                format!("schema `{from}` renamed to `{to}` (same content)"),
                if kept {
                    format!(
                        "type `types::{}` renamed to `types::{}`; the old name is kept as a \
                         deprecated alias ({PREVIOUS_NAMES}): compatible",
                        pascal(from),
                        pascal(to)
                    )
                } else {
                    format!(
                        "type `types::{}` renamed to `types::{}`: compile break; an overlay \
                         action giving `components.schemas.{to}` `{PREVIOUS_NAMES}: [{}]` keeps \
                         the old name as a deprecated alias",
                        pascal(from),
                        pascal(to),
                        pascal(from)
                    )
                },
            );
        }
        for name in added
            .iter()
            .filter(|n| !renamed_to.values().any(|v| v == **n))
        {
            if let Some(place) = extracted_from(self.old_doc, self.new_doc, name) {
                let (operation, direction) = operation_at(self.new_doc, &place);
                let kept = previous_names(self.new_doc, name);
                self.push(
                    if kept.is_empty() {
                        Level::Breaking
                    } else {
                        Level::NonBreaking
                    },
                    &rules::SCHEMA_EXTRACTED,
                    operation,
                    direction,
                    format!("#/components/schemas/{}", escape(name)),
                    format!(
                        "the inline schema at `#{place}` became the named schema `{name}` \
                         (the wire is unchanged)"
                    ),
                    if kept.is_empty() {
                        format!(
                            "the type typify named after its place is renamed `types::{}`: \
                             compile break for code naming it, unless the old name is kept: an \
                             overlay action giving `components.schemas.{name}` \
                             `{PREVIOUS_NAMES}: [<the old name, as the Rust API section shows \
                             it>]` keeps it as a deprecated alias",
                            pascal(name)
                        )
                    } else {
                        format!(
                            "the type typify named after its place is renamed `types::{}`; \
                             the old name `{}` is kept as a deprecated alias: compatible",
                            pascal(name),
                            kept.join("`, `")
                        )
                    },
                );
                continue;
            }
            self.push(
                Level::NonBreaking,
                &rules::SCHEMA_ADDED,
                None,
                Direction::Document,
                format!("#/components/schemas/{}", escape(name)),
                format!("schema `{name}` added"),
                format!("type `types::{}` added", pascal(name)),
            );
        }
        for name in removed.iter().filter(|n| !renamed_to.contains_key(**n)) {
            self.push(
                Level::Breaking,
                &rules::SCHEMA_REMOVED,
                None,
                Direction::Document,
                format!("#/components/schemas/{}", escape(name)),
                format!("schema `{name}` removed"),
                format!("type `types::{}` removed: compile break", pascal(name)),
            );
        }
    }

    fn resolve_in<'v>(doc: &'v Value, value: &'v Value) -> (Option<String>, &'v Value) {
        let Some(reference) = get(value, "$ref").and_then(Value::as_str) else {
            return (None, value);
        };
        let name = reference.rsplit('/').next().map(str::to_owned);
        let target = reference.strip_prefix('#').and_then(|p| doc.pointer(p));
        (name, target.unwrap_or(value))
    }
}

/// Whether a `oneOf` has a member that accepts any value of its type (no
/// enum, no pattern), so values unknown to the other members still decode.
fn has_catch_all(doc: &Value, members: &[Value]) -> bool {
    members.iter().any(|member| {
        let (_, schema) = Walker::resolve_in(doc, member);
        get(schema, "type").is_some()
            && get(schema, "enum").is_none()
            && get(schema, "pattern").is_none()
    })
}

/// A `components` section (`schemas`, `securitySchemes`) of a document.
fn components(doc: &Value, section: &str) -> Map<String, Value> {
    get(doc, "components")
        .and_then(|c| get(c, section))
        .and_then(obj)
        .cloned()
        .unwrap_or_default()
}

fn op_method(op: &Value) -> String {
    get(op, "operationId")
        .and_then(Value::as_str)
        .map_or_else(|| "<no operationId>".to_owned(), snake)
}

fn security_names(op: &Value) -> BTreeSet<String> {
    get(op, "security")
        .and_then(Value::as_array)
        .map(|reqs| {
            reqs.iter()
                .filter_map(obj)
                .flat_map(|r| r.keys().cloned())
                .collect()
        })
        .unwrap_or_default()
}

fn urls(servers: Option<&Value>) -> BTreeSet<String> {
    servers
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|s| get(s, "url")?.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn text(value: Option<&Value>) -> String {
    value.and_then(Value::as_str).unwrap_or("none").to_owned()
}

fn num(value: Option<f64>) -> String {
    value.map_or_else(|| "none".to_owned(), |v| v.to_string())
}

/// A schema without its [`PREVIOUS_NAMES`]: what a rename compares.
fn without_previous_names(schema: &Value) -> Value {
    let mut schema = schema.clone();
    if let Some(object) = schema.as_object_mut() {
        object.remove(PREVIOUS_NAMES);
    }
    schema
}

/// The earlier Rust names a component keeps ([`PREVIOUS_NAMES`]).
fn previous_names(doc: &Value, component: &str) -> Vec<String> {
    doc.pointer(&format!(
        "/components/schemas/{}/{PREVIOUS_NAMES}",
        escape(component)
    ))
    .and_then(Value::as_array)
    .into_iter()
    .flatten()
    .filter_map(Value::as_str)
    .map(str::to_owned)
    .collect()
}

/// The operation and direction of a place in a document
/// (`/paths/~1pay.do/post/requestBody/...`): `(None, Document)` outside
/// an operation.
fn operation_at(doc: &Value, place: &str) -> (Option<String>, Direction) {
    let mut segments = place.trim_start_matches('/').split('/');
    if segments.next() != Some("paths") {
        return (None, Direction::Document);
    }
    let (Some(path), Some(method), Some(part)) =
        (segments.next(), segments.next(), segments.next())
    else {
        return (None, Direction::Document);
    };
    let path = path.replace("~1", "/").replace("~0", "~");
    if !METHODS.contains(&method) || doc.pointer(&format!("/paths/{}", escape(&path))).is_none() {
        return (None, Direction::Document);
    }
    let direction = if part == "responses" {
        Direction::Response
    } else {
        Direction::Request
    };
    (Some(format!("{} {path}", method.to_uppercase())), direction)
}

/// Where the old document held the new component `name` inline: a place
/// whose old schema equals the component and whose new schema is a `$ref` to
/// it. Such a component is an extraction, not an addition.
fn extracted_from(old: &Value, new: &Value, name: &str) -> Option<String> {
    fn visit(value: &Value, pointer: &str, schema: &Value, found: &mut Vec<String>) {
        if value == schema {
            found.push(pointer.to_owned());
        }
        match value {
            Value::Object(fields) => {
                for (key, child) in fields {
                    visit(child, &format!("{pointer}/{}", escape(key)), schema, found);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    visit(child, &format!("{pointer}/{index}"), schema, found);
                }
            }
            _ => {}
        }
    }
    let schema =
        without_previous_names(new.pointer(&format!("/components/schemas/{}", escape(name)))?);
    if !schema.is_object() {
        return None;
    }
    let schema = &schema;
    let reference = format!("#/components/schemas/{name}");
    let mut found = Vec::new();
    visit(old, "", schema, &mut found);
    found.into_iter().find(|place| {
        new.pointer(place)
            .and_then(|s| s.get("$ref"))
            .and_then(Value::as_str)
            == Some(reference.as_str())
    })
}
