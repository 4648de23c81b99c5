//! The structural walk: two documents in, rated changes out.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::{Map, Value};

use super::change::{Change, Direction, Level};
use super::naming::{pascal, snake};
use super::rules::{self, Rule};

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
                None => self.push(Level::PossiblyBreaking, &rules::SECURITY_SCHEME_ADDED, None, Direction::Document, pointer, format!("security scheme `{name}` added"), "none in generated code; atlas-pay's Client must send a new credential if operations require it".into()),
                Some(before) if before != scheme => self.push(Level::Breaking, &rules::SECURITY_SCHEME_CHANGED, None, Direction::Document, pointer, format!("security scheme `{name}` changed (type, location or header name)"), "atlas-pay sends credentials under the old header names: every call fails with 900".into()),
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
                old[from.as_str()] == new[to.as_str()]
                    && !renamed_to.values().any(|v: &String| v == **to)
            }) {
                renamed_to.insert((*from).clone(), (*to).clone());
            }
        }
        for (from, to) in &renamed_to {
            self.push(
                Level::Breaking,
                &rules::SCHEMA_RENAMED,
                None,
                Direction::Document,
                format!("#/components/schemas/{}", escape(to)),
                format!("schema `{from}` renamed to `{to}` (same content)"),
                format!(
                    "type `types::{}` renamed to `types::{}`: compile break",
                    pascal(from),
                    pascal(to)
                ),
            );
        }
        for name in added
            .iter()
            .filter(|n| !renamed_to.values().any(|v| v == **n))
        {
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

    fn operations(&mut self) {
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

    fn operation(&mut self, label: &str, pointer: &str, old: &'a Value, new: &'a Value) {
        let op = Some(label.to_owned());
        let (old_id, new_id) = (op_method(old), op_method(new));
        if old_id != new_id {
            self.push(Level::Breaking, &rules::API_OPERATION_ID_UPDATED, op.clone(), Direction::Document, format!("{pointer}/operationId"), format!("operationId `{old_id}` became `{new_id}`"), format!("method `Client::{old_id}` renamed to `Client::{new_id}`, and `{}Body`/`{}Response` to `{}Body`/`{}Response`: compile break", pascal(&old_id), pascal(&old_id), pascal(&new_id), pascal(&new_id)));
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

    fn parameters(
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

    fn request_body(
        &mut self,
        label: &str,
        pointer: &str,
        old: &'a Value,
        new: &'a Value,
        method: &str,
    ) {
        let op = Some(label.to_owned());
        let at = format!("{pointer}/requestBody");
        let (old_body, new_body) = (
            get(old, "requestBody").map(|b| Walker::resolve_in(self.old_doc, b).1),
            get(new, "requestBody").map(|b| Walker::resolve_in(self.new_doc, b).1),
        );
        match (old_body, new_body) {
            (None, Some(_)) => self.push(
                Level::Breaking,
                &rules::REQUEST_BODY_ADDED,
                op,
                Direction::Request,
                at,
                "request body added".into(),
                format!(
                    "setter `builder::{}::body` added; calls without it fail",
                    pascal(method)
                ),
            ),
            (Some(_), None) => self.push(
                Level::Breaking,
                &rules::REQUEST_BODY_REMOVED,
                op,
                Direction::Request,
                at,
                "request body removed".into(),
                format!(
                    "setter `builder::{}::body` removed: compile break",
                    pascal(method)
                ),
            ),
            (Some(old_body), Some(new_body)) => {
                let required =
                    |b: &Value| get(b, "required").and_then(Value::as_bool).unwrap_or(false);
                if !required(old_body) && required(new_body) {
                    self.push(
                        Level::Breaking,
                        &rules::REQUEST_BODY_BECAME_REQUIRED,
                        op.clone(),
                        Direction::Request,
                        format!("{at}/required"),
                        "request body became required".into(),
                        "calls without a body now fail".into(),
                    );
                }
                let media =
                    |b: &'a Value| get(b, "content").and_then(obj).cloned().unwrap_or_default();
                let (old_media, new_media) = (media(old_body), media(new_body));
                for name in new_media.keys().filter(|k| !old_media.contains_key(*k)) {
                    self.push(
                        Level::NonBreaking,
                        &rules::REQUEST_BODY_MEDIA_TYPE_ADDED,
                        op.clone(),
                        Direction::Request,
                        format!("{at}/content/{}", escape(name)),
                        format!("request media type `{name}` added"),
                        "none (progenitor sends the first JSON type)".into(),
                    );
                }
                for name in old_media.keys().filter(|k| !new_media.contains_key(*k)) {
                    self.push(
                        Level::Breaking,
                        &rules::REQUEST_BODY_MEDIA_TYPE_REMOVED,
                        op.clone(),
                        Direction::Request,
                        format!("{at}/content/{}", escape(name)),
                        format!("request media type `{name}` removed"),
                        "the body's type and encoding change: compile break".into(),
                    );
                }
                for (name, new_m) in &new_media {
                    if let (Some(old_s), Some(new_s)) = (
                        old_media.get(name).and_then(|m| get(m, "schema")),
                        get(new_m, "schema"),
                    ) {
                        let ctx = Ctx {
                            operation: op.clone(),
                            direction: Direction::Request,
                            pointer: format!("{at}/content/{}/schema", escape(name)),
                            type_name: format!("{}Body", pascal(method)),
                            field: None,
                            required: true,
                            open: false,
                            component: None,
                        };
                        self.schema(&ctx, old_s, new_s);
                    }
                }
            }
            (None, None) => {}
        }
    }

    fn responses(
        &mut self,
        label: &str,
        pointer: &str,
        old: &'a Value,
        new: &'a Value,
        method: &str,
    ) {
        let op = Some(label.to_owned());
        let empty = Map::new();
        let (old_r, new_r) = (
            get(old, "responses").and_then(obj).unwrap_or(&empty),
            get(new, "responses").and_then(obj).unwrap_or(&empty),
        );
        let success = |code: &str| code.starts_with('2');
        for (code, response) in new_r {
            let at = format!("{pointer}/responses/{}", escape(code));
            match old_r.get(code) {
                None if success(code) => self.push(Level::PossiblyBreaking, &rules::RESPONSE_SUCCESS_STATUS_ADDED, op.clone(), Direction::Response, at, format!("success status {code} added"), format!("`send()` of `builder::{}` may return a different type: compile break if it becomes an enum", pascal(method))),
                None => self.push(Level::PossiblyBreaking, &rules::RESPONSE_NON_SUCCESS_STATUS_ADDED, op.clone(), Direction::Response, at, format!("error status {code} added"), "the `Error<E>` type of the method changes: compile break for code naming it".into()),
                Some(before) => {
                    let (before, after) = (Walker::resolve_in(self.old_doc, before).1, Walker::resolve_in(self.new_doc, response).1);
                    let media = |r: &Value| get(r, "content").and_then(obj).cloned().unwrap_or_default();
                    let (old_media, new_media) = (media(before), media(after));
                    for name in old_media.keys().filter(|k| !new_media.contains_key(*k)) {
                        self.push(Level::Breaking, &rules::RESPONSE_MEDIA_TYPE_REMOVED, op.clone(), Direction::Response, format!("{at}/content/{}", escape(name)), format!("response media type `{name}` removed from {code}"), "the response is no longer decoded as JSON: compile break".into());
                    }
                    for name in new_media.keys().filter(|k| !old_media.contains_key(*k)) {
                        self.push(Level::NonBreaking, &rules::RESPONSE_MEDIA_TYPE_ADDED, op.clone(), Direction::Response, format!("{at}/content/{}", escape(name)), format!("response media type `{name}` added to {code}"), "none".into());
                    }
                    if get(before, "description") != get(after, "description") {
                        self.push(Level::NonBreaking, &rules::RESPONSE_DESCRIPTION_CHANGED, op.clone(), Direction::Response, format!("{at}/description"), format!("description of {code} changed"), "rustdoc only".into());
                    }
                    for (name, new_m) in &new_media {
                        if let (Some(old_s), Some(new_s)) = (old_media.get(name).and_then(|m| get(m, "schema")), get(new_m, "schema")) {
                            let ctx = Ctx { operation: op.clone(), direction: Direction::Response, pointer: format!("{at}/content/{}/schema", escape(name)), type_name: format!("{}Response", pascal(method)), field: None, required: true, open: false, component: None };
                            self.schema(&ctx, old_s, new_s);
                        }
                    }
                }
            }
        }
        for code in old_r.keys().filter(|k| !new_r.contains_key(*k)) {
            let at = format!("{pointer}/responses/{}", escape(code));
            if success(code) {
                self.push(
                    Level::Breaking,
                    &rules::RESPONSE_SUCCESS_STATUS_REMOVED,
                    op.clone(),
                    Direction::Response,
                    at,
                    format!("success status {code} removed"),
                    "answers with it now fail as UnexpectedResponse".into(),
                );
            } else {
                self.push(
                    Level::PossiblyBreaking,
                    &rules::RESPONSE_NON_SUCCESS_STATUS_REMOVED,
                    op.clone(),
                    Direction::Response,
                    at,
                    format!("error status {code} removed"),
                    "the `Error<E>` type of the method changes".into(),
                );
            }
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

    fn schema(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        let (old_ref, old) = Self::resolve_in(self.old_doc, old);
        let (new_ref, new) = Self::resolve_in(self.new_doc, new);
        let mut ctx = ctx.clone();
        ctx.component = new_ref.clone();
        if let Some(name) = &new_ref {
            ctx.pointer = format!("#/components/schemas/{}", escape(name));
            if ctx.field.is_none() {
                ctx.type_name = pascal(name);
            }
            if !self.visited.insert((name.clone(), ctx.direction, ctx.open)) {
                return;
            }
        }
        if old_ref.is_some() && new_ref.is_some() && old_ref != new_ref {
            // A renamed or swapped component: the type of the field changes.
            let (a, b) = (
                old_ref.unwrap_or_default(),
                new_ref.clone().unwrap_or_default(),
            );
            self.emit(
                &ctx,
                Level::Breaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_TYPE_CHANGED,
                    &rules::RESPONSE_PROPERTY_TYPE_CHANGED,
                ),
                format!("{} now refers to `{b}` instead of `{a}`", ctx.what()),
                format!(
                    "{} retyped `{}` → `{}`: compile break",
                    ctx.subject(),
                    pascal(&a),
                    pascal(&b)
                ),
            );
        }
        self.description(&ctx, old, new);
        let (old_type, new_type) = (
            get(old, "type").and_then(Value::as_str),
            get(new, "type").and_then(Value::as_str),
        );
        if old_type != new_type && old_type.is_some() && new_type.is_some() {
            let rust = if ctx.direction == Direction::Response {
                "compile break, and answers fail to decode until regenerated"
            } else {
                "compile break"
            };
            self.emit(
                &ctx,
                Level::Breaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_TYPE_CHANGED,
                    &rules::RESPONSE_PROPERTY_TYPE_CHANGED,
                ),
                format!(
                    "{} type `{}` became `{}`",
                    ctx.what(),
                    old_type.unwrap_or("?"),
                    new_type.unwrap_or("?")
                ),
                format!("{} retyped: {rust}", ctx.subject()),
            );
            return;
        }
        let (old_format, new_format) = (get(old, "format"), get(new, "format"));
        if old_format != new_format {
            self.emit(
                &ctx,
                Level::PossiblyBreaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_TYPE_CHANGED,
                    &rules::RESPONSE_PROPERTY_TYPE_CHANGED,
                ),
                format!(
                    "{} format `{}` became `{}`",
                    ctx.what(),
                    text(old_format),
                    text(new_format)
                ),
                format!(
                    "{} may be retyped (e.g. integer width): compile break if so",
                    ctx.subject()
                ),
            );
        }
        self.nullable(&ctx, old, new);
        self.enumeration(&ctx, old, new);
        self.pattern(&ctx, old, new);
        self.limits(&ctx, old, new);
        self.properties(&ctx, old, new);
        if let (Some(a), Some(b)) = (get(old, "items"), get(new, "items")) {
            let mut items = ctx.at("items");
            items.type_name = format!("{}Item", ctx.type_name);
            self.schema(&items, a, b);
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            self.composition(&ctx, key, old, new);
        }
    }

    fn description(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        if get(old, "description") != get(new, "description") {
            self.emit(
                &Ctx {
                    pointer: format!("{}/description", ctx.pointer),
                    ..ctx.clone()
                },
                Level::NonBreaking,
                &rules::DESCRIPTION_CHANGED,
                format!("description of {} changed", ctx.what()),
                "rustdoc only".into(),
            );
        }
    }

    fn nullable(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        let nullable = |s: &Value| get(s, "nullable").and_then(Value::as_bool).unwrap_or(false);
        let (was, is) = (nullable(old), nullable(new));
        if was == is {
            return;
        }
        let retyped = ctx.required; // an optional field is an Option either way
        let rust = |from: &str, to: &str| {
            if retyped {
                format!("{} retyped `{from}` → `{to}`: compile break", ctx.subject())
            } else {
                format!("{} stays an `Option`", ctx.subject())
            }
        };
        match (ctx.direction, is) {
            (Direction::Request, true) => self.emit(
                ctx,
                if retyped {
                    Level::PossiblyBreaking
                } else {
                    Level::NonBreaking
                },
                &rules::REQUEST_PROPERTY_BECAME_NULLABLE,
                format!("{} became nullable", ctx.what()),
                rust("T", "Option<T>"),
            ),
            (Direction::Request, false) => self.emit(
                ctx,
                Level::Breaking,
                &rules::REQUEST_PROPERTY_BECAME_NOT_NULLABLE,
                format!(
                    "{} is no longer nullable: clients sending null are refused",
                    ctx.what()
                ),
                rust("Option<T>", "T"),
            ),
            (_, true) if retyped => self.emit(
                ctx,
                Level::Breaking,
                &rules::RESPONSE_PROPERTY_BECAME_NULLABLE,
                format!("{} became nullable", ctx.what()),
                format!(
                    "{}; until regenerated, a null fails to decode",
                    rust("T", "Option<T>")
                ),
            ),
            (_, true) => self.emit(
                ctx,
                Level::NonBreaking,
                &rules::RESPONSE_PROPERTY_BECAME_NULLABLE,
                format!("{} became nullable", ctx.what()),
                format!("{}: a null decodes as `None`", rust("T", "Option<T>")),
            ),
            (_, false) => self.emit(
                ctx,
                if retyped {
                    Level::PossiblyBreaking
                } else {
                    Level::NonBreaking
                },
                &rules::RESPONSE_PROPERTY_BECAME_NOT_NULLABLE,
                format!("{} is no longer nullable", ctx.what()),
                rust("Option<T>", "T"),
            ),
        }
    }

    fn enumeration(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        let values = |s: &Value| -> Option<Vec<String>> {
            get(s, "enum")
                .and_then(Value::as_array)
                .map(|v| v.iter().map(Value::to_string).collect())
        };
        let at = Ctx {
            pointer: format!("{}/enum", ctx.pointer),
            ..ctx.clone()
        };
        match (values(old), values(new)) {
            (Some(a), Some(b)) => {
                for value in b.iter().filter(|v| !a.contains(v)) {
                    if ctx.direction == Direction::Request {
                        self.emit(
                            &at,
                            Level::NonBreaking,
                            &rules::REQUEST_PROPERTY_ENUM_VALUE_ADDED,
                            format!("{} accepts new value {value}", ctx.what()),
                            format!("{} accepts {value}", ctx.value_type()),
                        );
                    } else if ctx.open {
                        self.emit(&at, Level::NonBreaking, &rules::RESPONSE_PROPERTY_ENUM_VALUE_ADDED, format!("{} may now be {value}", ctx.what()), format!("open `oneOf`: {value} decodes into the catch-all variant until regenerated, then into {}", ctx.value_type()));
                    } else {
                        self.emit(&at, Level::Breaking, &rules::RESPONSE_PROPERTY_ENUM_VALUE_ADDED, format!("{} may now be {value}", ctx.what()), format!("closed {}: answers carrying {value} fail to decode until regenerated", ctx.value_type()));
                    }
                }
                for value in a.iter().filter(|v| !b.contains(v)) {
                    if ctx.direction == Direction::Request {
                        self.emit(&at, Level::Breaking, &rules::REQUEST_PROPERTY_ENUM_VALUE_REMOVED, format!("{} no longer accepts {value}", ctx.what()), format!("{}: `try_from({value})` fails, requests using it are refused before sending", ctx.value_type()));
                    } else {
                        self.emit(
                            &at,
                            Level::NonBreaking,
                            &rules::RESPONSE_PROPERTY_ENUM_VALUE_REMOVED,
                            format!("{} is no longer {value}", ctx.what()),
                            format!("{} stops accepting {value}", ctx.value_type()),
                        );
                    }
                }
            }
            (None, Some(_)) => self.emit(
                &at,
                if ctx.direction == Direction::Request {
                    Level::PossiblyBreaking
                } else {
                    Level::Breaking
                },
                ctx.rule(
                    &rules::REQUEST_PROPERTY_ENUM_ADDED,
                    &rules::RESPONSE_PROPERTY_ENUM_ADDED,
                ),
                format!("{} is now restricted to a list of values", ctx.what()),
                format!(
                    "{} becomes a validated newtype: compile break",
                    ctx.subject()
                ),
            ),
            (Some(_), None) => self.emit(
                &at,
                Level::PossiblyBreaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_ENUM_REMOVED,
                    &rules::RESPONSE_PROPERTY_ENUM_REMOVED,
                ),
                format!("{} is no longer restricted to a list of values", ctx.what()),
                format!(
                    "{} stops being a validated newtype: compile break",
                    ctx.subject()
                ),
            ),
            (None, None) => {}
        }
    }

    fn pattern(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        let at = Ctx {
            pointer: format!("{}/pattern", ctx.pointer),
            ..ctx.clone()
        };
        let (a, b) = (get(old, "pattern"), get(new, "pattern"));
        let request = ctx.direction == Direction::Request;
        let (level, id, text, rust) = match (a, b) {
            (None, Some(p)) => (
                Level::PossiblyBreaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_PATTERN_ADDED,
                    &rules::RESPONSE_PROPERTY_PATTERN_ADDED,
                ),
                format!("{} must now match {p}", ctx.what()),
                if request {
                    format!(
                        "{} becomes a validated newtype: compile break; values not matching are refused before sending",
                        ctx.subject()
                    )
                } else {
                    format!(
                        "{} becomes a validated newtype: compile break; answers not matching fail to decode",
                        ctx.subject()
                    )
                },
            ),
            (Some(p), None) => (
                Level::NonBreaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_PATTERN_REMOVED,
                    &rules::RESPONSE_PROPERTY_PATTERN_REMOVED,
                ),
                format!("{} no longer has to match {p}", ctx.what()),
                format!(
                    "{} stops being a validated newtype: compile break for code naming it",
                    ctx.subject()
                ),
            ),
            (Some(p), Some(q)) if p != q => (
                Level::PossiblyBreaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_PATTERN_CHANGED,
                    &rules::RESPONSE_PROPERTY_PATTERN_CHANGED,
                ),
                format!("{} pattern {p} became {q}", ctx.what()),
                if request {
                    "values valid before may be refused before sending".to_owned()
                } else {
                    "answers valid before may fail to decode".to_owned()
                },
            ),
            _ => return,
        };
        self.emit(&at, level, id, text, rust);
    }

    fn limits(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        // (keyword, is a maximum, id when tightened, id when relaxed), per direction.
        let table: [(&str, bool, [&'static Rule; 4]); 4] = [
            (
                "maxLength",
                true,
                [
                    &rules::REQUEST_PROPERTY_MAX_LENGTH_DECREASED,
                    &rules::REQUEST_PROPERTY_MAX_LENGTH_INCREASED,
                    &rules::RESPONSE_PROPERTY_MAX_LENGTH_DECREASED,
                    &rules::RESPONSE_PROPERTY_MAX_LENGTH_INCREASED,
                ],
            ),
            (
                "minLength",
                false,
                [
                    &rules::REQUEST_PROPERTY_MIN_LENGTH_INCREASED,
                    &rules::REQUEST_PROPERTY_MIN_LENGTH_DECREASED,
                    &rules::RESPONSE_PROPERTY_MIN_LENGTH_INCREASED,
                    &rules::RESPONSE_PROPERTY_MIN_LENGTH_DECREASED,
                ],
            ),
            (
                "maximum",
                true,
                [
                    &rules::REQUEST_PROPERTY_MAX_DECREASED,
                    &rules::REQUEST_PROPERTY_MAX_INCREASED,
                    &rules::RESPONSE_PROPERTY_MAX_DECREASED,
                    &rules::RESPONSE_PROPERTY_MAX_INCREASED,
                ],
            ),
            (
                "minimum",
                false,
                [
                    &rules::REQUEST_PROPERTY_MIN_INCREASED,
                    &rules::REQUEST_PROPERTY_MIN_DECREASED,
                    &rules::RESPONSE_PROPERTY_MIN_INCREASED,
                    &rules::RESPONSE_PROPERTY_MIN_DECREASED,
                ],
            ),
        ];
        for (key, is_max, ids) in table {
            let (a, b) = (
                get(old, key).and_then(Value::as_f64),
                get(new, key).and_then(Value::as_f64),
            );
            let tightened = match (a, b) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(x), Some(y)) if x != y => {
                    if is_max {
                        y < x
                    } else {
                        y > x
                    }
                }
                _ => continue,
            };
            let request = ctx.direction == Direction::Request;
            let id = match (request, tightened) {
                (true, true) => ids[0],
                (true, false) => ids[1],
                (false, true) => ids[2],
                (false, false) => ids[3],
            };
            let level = if request == tightened {
                Level::PossiblyBreaking
            } else {
                Level::NonBreaking
            };
            let verb = if tightened { "tightened" } else { "relaxed" };
            let rust = if request == tightened {
                if request {
                    "values valid before may be refused (before sending where typify validates)"
                } else {
                    "answers valid now may fail typify's validation when decoding"
                }
            } else {
                "none"
            };
            let integer_note = if key == "minimum" || key == "maximum" {
                "; typify may pick a different integer type"
            } else {
                ""
            };
            self.emit(
                &Ctx {
                    pointer: format!("{}/{key}", ctx.pointer),
                    ..ctx.clone()
                },
                level,
                id,
                format!("{} `{key}` {verb}: {} → {}", ctx.what(), num(a), num(b)),
                format!("{rust}{integer_note}"),
            );
        }
    }

    fn properties(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        let empty = Map::new();
        let (old_p, new_p) = (
            get(old, "properties").and_then(obj).unwrap_or(&empty),
            get(new, "properties").and_then(obj).unwrap_or(&empty),
        );
        let (old_req, new_req) = (
            string_list(get(old, "required")),
            string_list(get(new, "required")),
        );
        let request = ctx.direction == Direction::Request;
        for (name, schema) in new_p {
            let mut child = ctx.at("properties").at(name);
            child.field = Some((name.clone(), snake(name)));
            child.required = new_req.contains(name);
            child.open = false;
            let subject = child.subject();
            match old_p.get(name) {
                None => {
                    let (level, id, rust) = match (request, child.required) {
                        (true, true) => (
                            Level::Breaking,
                            &rules::NEW_REQUIRED_REQUEST_PROPERTY,
                            format!(
                                "{subject} added; requests without it are refused (builders fail with \"no value supplied\", struct literals stop compiling)"
                            ),
                        ),
                        (true, false) => (
                            Level::NonBreaking,
                            &rules::NEW_OPTIONAL_REQUEST_PROPERTY,
                            format!(
                                "{subject} added as `Option`; struct literals (atlas-pay's `to_wire`) must name it: compile break caught in this repo"
                            ),
                        ),
                        (false, true) => (
                            Level::NonBreaking,
                            &rules::RESPONSE_REQUIRED_PROPERTY_ADDED,
                            format!("{subject} added"),
                        ),
                        (false, false) => (
                            Level::NonBreaking,
                            &rules::RESPONSE_OPTIONAL_PROPERTY_ADDED,
                            format!("{subject} added as `Option`"),
                        ),
                    };
                    let kind = if child.required {
                        "required"
                    } else {
                        "optional"
                    };
                    self.emit(
                        &child,
                        level,
                        id,
                        format!("{kind} {} added", child.what()),
                        rust,
                    );
                }
                Some(before) => {
                    let was_required = old_req.contains(name);
                    if was_required != child.required {
                        let option = |r: bool| if r { "T" } else { "Option<T>" };
                        let retype = format!(
                            "{subject} retyped `{}` → `{}`",
                            option(was_required),
                            option(child.required)
                        );
                        let (level, id, rust) = match (request, child.required) {
                            (true, true) => (
                                Level::Breaking,
                                &rules::REQUEST_PROPERTY_BECAME_REQUIRED,
                                format!("{retype}: compile break; requests without it are refused"),
                            ),
                            (true, false) => (
                                Level::PossiblyBreaking,
                                &rules::REQUEST_PROPERTY_BECAME_OPTIONAL,
                                format!("{retype}: compile break"),
                            ),
                            (false, true) => (
                                Level::PossiblyBreaking,
                                &rules::RESPONSE_PROPERTY_BECAME_REQUIRED,
                                format!("{retype}: compile break"),
                            ),
                            (false, false) => (
                                Level::Breaking,
                                &rules::RESPONSE_PROPERTY_BECAME_OPTIONAL,
                                format!(
                                    "{retype}: compile break; until regenerated, answers without it fail to decode"
                                ),
                            ),
                        };
                        let state = if child.required {
                            "required"
                        } else {
                            "optional"
                        };
                        self.emit(
                            &child,
                            level,
                            id,
                            format!("{} became {state}", child.what()),
                            rust,
                        );
                    }
                    let inline_object =
                        get(schema, "$ref").is_none() && get(schema, "properties").is_some();
                    if inline_object {
                        child.type_name = format!("{}{}", ctx.type_name, pascal(name));
                        child.field = None;
                        child.required = true;
                    }
                    self.schema(&child, before, schema);
                }
            }
        }
        for (name, _) in old_p.iter().filter(|(n, _)| !new_p.contains_key(*n)) {
            let mut child = ctx.at("properties").at(name);
            child.field = Some((name.clone(), snake(name)));
            let was_required = old_req.contains(name);
            let (level, id) = match (request, was_required) {
                (true, _) => (Level::Breaking, &rules::REQUEST_PROPERTY_REMOVED),
                (false, true) => (Level::Breaking, &rules::RESPONSE_REQUIRED_PROPERTY_REMOVED),
                (false, false) => (Level::Breaking, &rules::RESPONSE_OPTIONAL_PROPERTY_REMOVED),
            };
            self.emit(
                &child,
                level,
                id,
                format!("{} removed", child.what()),
                format!("{} removed: compile break", child.subject()),
            );
        }
    }

    fn composition(&mut self, ctx: &Ctx, key: &str, old: &Value, new: &Value) {
        let empty = Vec::new();
        let (a, b) = (
            get(old, key).and_then(Value::as_array).unwrap_or(&empty),
            get(new, key).and_then(Value::as_array).unwrap_or(&empty),
        );
        if a.is_empty() && b.is_empty() {
            return;
        }
        let request = ctx.direction == Direction::Request;
        let open = key == "oneOf" && has_catch_all(self.new_doc, b);
        for (index, (x, y)) in a.iter().zip(b.iter()).enumerate() {
            let mut child = ctx.at(key).at(&index.to_string());
            child.open = open;
            self.schema(&child, x, y);
        }
        let at = Ctx {
            pointer: format!("{}/{key}", ctx.pointer),
            ..ctx.clone()
        };
        if b.len() > a.len() {
            let (level, id) = if request {
                (Level::NonBreaking, &rules::REQUEST_PROPERTY_ONE_OF_ADDED)
            } else {
                (
                    Level::PossiblyBreaking,
                    &rules::RESPONSE_PROPERTY_ONE_OF_ADDED,
                )
            };
            self.emit(
                &at,
                level,
                id,
                format!(
                    "{} `{key}` gained {} member(s)",
                    ctx.what(),
                    b.len() - a.len()
                ),
                format!(
                    "the untagged enum for {} gains variants: exhaustive matches stop compiling",
                    ctx.subject()
                ),
            );
        } else if a.len() > b.len() {
            let (level, id) = if request {
                (Level::Breaking, &rules::REQUEST_PROPERTY_ONE_OF_REMOVED)
            } else {
                (
                    Level::PossiblyBreaking,
                    &rules::RESPONSE_PROPERTY_ONE_OF_REMOVED,
                )
            };
            self.emit(
                &at,
                level,
                id,
                format!(
                    "{} `{key}` lost {} member(s)",
                    ctx.what(),
                    a.len() - b.len()
                ),
                format!(
                    "the untagged enum for {} loses variants: compile break",
                    ctx.subject()
                ),
            );
        }
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
