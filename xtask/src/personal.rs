//! Personal data, hidden by default: every answer field that can hold text
//! is classified, `personal` or `plain`, in one reviewed file
//! (`openapi/personal-data.yaml`), by operation and by its path from the
//! answer's root (`paxTicketInfos[].name`).
//!
//! `cargo xtask generate` applies the classes after the overlay: a personal
//! field, and a field with no class, becomes the named schema `PersonalData`,
//! which the generator maps to a type whose `Debug` never prints it. So a
//! field Atlas adds is redacted until someone decides it is plain, and
//! `generate --check` fails naming it until someone does. A class naming a
//! field the answer does not have fails the check too, so the file stays
//! true.
//!
//! The notifications Atlas POSTs to a registered URL are classified the same
//! way: a component the overlay marks `x-atlas-notification` is walked as
//! an answer, keyed by its component name (`TicketingCompleteNotification`)
//! instead of an operationId.
//!
//! Text means a string without an `enum` (an open enum's catch-all member
//! is not text), or a list of such strings. Numbers, booleans and enums
//! cannot hold a name, a document number, an address or a phone number, and
//! are not classified.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The named schema personal fields become.
pub const PERSONAL_SCHEMA: &str = "PersonalData";

const REFERENCE: &str = "#/components/schemas/PersonalData";

/// The classes of one operation's answer fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Classes {
    /// Fields that identify a passenger or a contact.
    #[serde(default)]
    pub personal: Vec<String>,
    /// Fields that do not.
    #[serde(default)]
    pub plain: Vec<String>,
}

/// The classification file: classes by operationId.
pub type Classification = BTreeMap<String, Classes>;

/// Parses `openapi/personal-data.yaml`.
pub fn parse(text: &str) -> Result<Classification> {
    let parsed: Option<Classification> = serde_norway::from_str(text)
        .with_context(|| format!("{} is not a classification", crate::paths::PERSONAL))?;
    Ok(parsed.unwrap_or_default())
}

/// A text field of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The operationId.
    pub operation: String,
    /// Its path from the answer's root.
    pub path: String,
    /// The JSON pointer of the schema to replace (the property, or a list's
    /// `items`).
    pub pointer: String,
    /// Whether it is already `PersonalData`.
    pub personal: bool,
}

/// What applying the classes found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Fields with no class, as `operationId: path`: redacted, and
    /// `generate --check` fails on them.
    pub unclassified: Vec<String>,
    /// Classes naming a field the answer does not have (renamed or removed
    /// upstream): `generate --check` fails on them, so the file stays true.
    pub stale: Vec<String>,
}

/// Every text field of every operation's success answer in `doc`.
pub fn fields(doc: &Value) -> Vec<Field> {
    walk_answers(doc, None)
}

/// Every object of every answer, by (operationId, path): its property
/// names, and whether one of them is personal data.
type Objects = BTreeMap<(String, String), (BTreeSet<String>, bool)>;

fn objects(doc: &Value) -> Objects {
    let mut objects = Objects::new();
    walk_answers(doc, Some(&mut objects));
    objects
}

/// Walks each operation's JSON success answer: its text fields, and (when
/// asked) its objects.
fn walk_answers(doc: &Value, mut objects: Option<&mut Objects>) -> Vec<Field> {
    let mut found = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let Some((status, _)) = operation
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .find(|(status, r)| {
                    status.starts_with('2')
                        && r.pointer("/content/application~1json/schema").is_some()
                })
            else {
                continue;
            };
            let pointer = format!(
                "/paths/{}/{method}/responses/{status}/content/application~1json/schema",
                escape(path)
            );
            Walk {
                doc,
                operation: id,
                stack: Vec::new(),
                found: &mut found,
                objects: objects.as_deref_mut(),
            }
            .node(&pointer, "");
        }
    }
    for (name, schema) in doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if schema.get(NOTIFICATION) != Some(&Value::Bool(true)) {
            continue;
        }
        Walk {
            doc,
            operation: name,
            stack: Vec::new(),
            found: &mut found,
            objects: objects.as_deref_mut(),
        }
        .node(&format!("/components/schemas/{}", escape(name)), "");
    }
    found
}

/// The extension marking a component as a notification Atlas POSTs to a
/// registered URL: classified like an answer, keyed by its name.
pub const NOTIFICATION: &str = "x-atlas-notification";

/// A field new in an answer object that holds personal data, and how it
/// ships: what a reviewer must look at, since it may identify a passenger.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NewBesidePersonal {
    /// The operationId.
    pub operation: String,
    /// Its path from the answer's root.
    pub path: String,
    /// How it ships: redacted (personal or not yet classified), shown
    /// (classified plain), or not text.
    pub ships: String,
}

/// Every field of `new`'s answers that `old` lacks, in an object that holds
/// personal data.
pub fn new_beside_personal(old: &Value, new: &Value) -> Vec<NewBesidePersonal> {
    let before = objects(old);
    let text: BTreeMap<(String, String), bool> = fields(new)
        .into_iter()
        .map(|f| ((f.operation, f.path), f.personal))
        .collect();
    let mut found = Vec::new();
    for ((operation, path), (names, holds_personal)) in objects(new) {
        if !holds_personal {
            continue;
        }
        let known = before.get(&(operation.clone(), path.clone()));
        for name in names {
            if known.is_some_and(|(old_names, _)| old_names.contains(&name)) {
                continue;
            }
            let field = if path.is_empty() {
                name
            } else {
                format!("{path}.{name}")
            };
            let listed = |suffix: &str| text.get(&(operation.clone(), format!("{field}{suffix}")));
            let ships = match listed("").or_else(|| listed("[]")) {
                Some(true) => {
                    "redacted: personal data (or not yet classified, and then \
                               generate --check fails until it is)"
                }
                Some(false) => "shown: classified plain",
                None => "not text (a number, a boolean, an enum or an object): shown as it is",
            };
            found.push(NewBesidePersonal {
                operation: operation.clone(),
                path: field,
                ships: ships.to_owned(),
            });
        }
    }
    found
}

struct Walk<'a> {
    doc: &'a Value,
    operation: &'a str,
    stack: Vec<String>,
    found: &'a mut Vec<Field>,
    objects: Option<&'a mut Objects>,
}

impl Walk<'_> {
    fn push(&mut self, path: &str, pointer: &str, personal: bool) {
        self.found.push(Field {
            operation: self.operation.to_owned(),
            path: path.to_owned(),
            pointer: pointer.to_owned(),
            personal,
        });
    }

    fn node(&mut self, pointer: &str, path: &str) {
        let Some(schema) = self.doc.pointer(pointer) else {
            return;
        };
        match text_kind(self.doc, schema) {
            Some(Text::Personal) => return self.push(path, pointer, true),
            Some(Text::Plain) => return self.push(path, pointer, false),
            None => {}
        }
        if let Some(reference) = reference_of(schema) {
            let Some(name) = reference.strip_prefix("#/components/schemas/") else {
                return;
            };
            if self.stack.iter().any(|n| n == name) {
                return;
            }
            self.stack.push(name.to_owned());
            self.node(&format!("/components/schemas/{}", escape(name)), path);
            self.stack.pop();
            return;
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            for index in 0..members.len() {
                self.node(&format!("{pointer}/allOf/{index}"), path);
            }
        }
        for key in ["oneOf", "anyOf"] {
            // Objects only: a text member of a `oneOf` is an open enum's
            // catch-all, not free text.
            for (index, member) in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                if text_kind(self.doc, member).is_none() {
                    self.node(&format!("{pointer}/{key}/{index}"), path);
                }
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            if let Some(objects) = self.objects.as_deref_mut() {
                let holds = properties
                    .values()
                    .any(|p| matches!(text_kind(self.doc, p), Some(Text::Personal)))
                    || properties.values().any(|p| {
                        p.get("items")
                            .is_some_and(|i| matches!(text_kind(self.doc, i), Some(Text::Personal)))
                    });
                let entry = objects
                    .entry((self.operation.to_owned(), path.to_owned()))
                    .or_default();
                entry.0.extend(properties.keys().cloned());
                entry.1 |= holds;
            }
            for name in properties.keys() {
                let inner = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                self.node(&format!("{pointer}/properties/{}", escape(name)), &inner);
            }
        }
        if schema.get("items").is_some() {
            self.node(&format!("{pointer}/items"), &format!("{path}[]"));
        }
        if schema
            .get("additionalProperties")
            .is_some_and(Value::is_object)
        {
            self.node(
                &format!("{pointer}/additionalProperties"),
                &format!("{path}{{}}"),
            );
        }
    }
}

enum Text {
    Personal,
    Plain,
}

/// The `$ref` of a schema, or of its single `allOf` member (how a nullable
/// reference is written).
fn reference_of(schema: &Value) -> Option<&str> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return Some(reference);
    }
    match schema.get("allOf").and_then(Value::as_array)?.as_slice() {
        [one] => one.get("$ref").and_then(Value::as_str),
        _ => None,
    }
}

/// Whether a schema is text: a string without an enum, directly or
/// through references; already `PersonalData`, or not yet.
fn text_kind(doc: &Value, schema: &Value) -> Option<Text> {
    let mut current = schema;
    for _ in 0..16 {
        match reference_of(current) {
            Some(REFERENCE) => return Some(Text::Personal),
            Some(reference) => current = doc.pointer(reference.strip_prefix('#')?)?,
            None => break,
        }
    }
    let is_string = current.get("type").and_then(Value::as_str) == Some("string");
    (is_string && current.get("enum").is_none() && current.get("not").is_none())
        .then_some(Text::Plain)
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Applies `classes` to the effective document `doc`: personal and
/// unclassified text fields become `PersonalData`. Classes naming a field the
/// answer does not have are reported (not an error here: generation goes on,
/// so a renamed field still shows what else it breaks). Fails on a field
/// classed both ways, or a schema that several paths share with different
/// classes.
pub fn apply(doc: &mut Value, classes: &Classification) -> Result<Applied> {
    let fields = fields(doc);
    let known: BTreeSet<(String, String)> = fields
        .iter()
        .map(|f| (f.operation.clone(), f.path.clone()))
        .collect();
    let mut stale = Vec::new();
    for (operation, class) in classes {
        for path in class.personal.iter().chain(&class.plain) {
            if !known.contains(&(operation.clone(), path.clone())) {
                stale.push(format!("{operation}: {path}"));
            }
        }
        if let Some(both) = class.personal.iter().find(|p| class.plain.contains(p)) {
            bail!(
                "{} classifies `{operation}: {both}` as personal and as plain",
                crate::paths::PERSONAL
            );
        }
    }
    let mut applied = Applied {
        stale,
        ..Applied::default()
    };
    // Each schema once: (pointer → (hidden, the path that decided)).
    let mut decided: BTreeMap<String, (bool, String)> = BTreeMap::new();
    for field in &fields {
        let class = classes.get(&field.operation);
        let listed_personal = class.is_some_and(|c| c.personal.contains(&field.path));
        let listed_plain = class.is_some_and(|c| c.plain.contains(&field.path));
        if !listed_personal && !listed_plain {
            applied
                .unclassified
                .push(format!("{}: {}", field.operation, field.path));
        }
        let hidden = !listed_plain;
        let here = format!("{}: {}", field.operation, field.path);
        match decided.get(&field.pointer) {
            Some((before, there)) if *before != hidden => bail!(
                "`{here}` and `{there}` are one schema ({}) but are classified differently in \
                 {}: give them the same class",
                field.pointer,
                crate::paths::PERSONAL
            ),
            Some(_) => {}
            None => {
                decided.insert(field.pointer.clone(), (hidden, here.clone()));
            }
        }
        if !hidden && field.personal {
            bail!(
                "`{here}` is classified plain in {}, but the overlay made it PersonalData: \
                 classify it personal, or drop the overlay action",
                crate::paths::PERSONAL
            );
        }
    }
    for (pointer, (hidden, _)) in &decided {
        if *hidden {
            hide(doc, pointer);
        }
    }
    if !decided.values().any(|(hidden, _)| *hidden) {
        return Ok(applied);
    }
    let schemas = doc
        .as_object_mut()
        .context("the document is not an object")?
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .context("`components` is not an object")?
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .context("`components.schemas` is not an object")?;
    schemas.entry(PERSONAL_SCHEMA).or_insert_with(|| {
        json!({
            "type": "string",
            "description": "Personal data of a passenger or contact. The generator maps it to a type that never prints."
        })
    });
    Ok(applied)
}

/// Makes the schema at `pointer` a `PersonalData`, keeping its description
/// and whether it may be null.
fn hide(doc: &mut Value, pointer: &str) {
    let Some(schema) = doc.pointer(pointer).cloned() else {
        return;
    };
    if reference_of(&schema) == Some(REFERENCE) {
        return;
    }
    let resolved_nullable = reference_of(&schema)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| doc.pointer(p))
        .and_then(|t| t.get("nullable"))
        .and_then(Value::as_bool)
        == Some(true);
    let nullable =
        schema.get("nullable").and_then(Value::as_bool) == Some(true) || resolved_nullable;
    let mut hidden = Map::new();
    if let Some(description) = schema.get("description") {
        hidden.insert("description".to_owned(), description.clone());
    }
    if nullable {
        hidden.insert("nullable".to_owned(), Value::Bool(true));
        hidden.insert("allOf".to_owned(), json!([{ "$ref": REFERENCE }]));
    } else {
        hidden.insert("$ref".to_owned(), Value::String(REFERENCE.to_owned()));
    }
    if let Some(slot) = doc.pointer_mut(pointer) {
        *slot = Value::Object(hidden);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Value {
        json!({
            "paths": {"/q.do": {"post": {"operationId": "q", "responses": {"200": {"content": {
                "application/json": {"schema": {"type": "object", "properties": {
                    "orderNo": {"type": "string"},
                    "status": {"type": "integer"},
                    "kind": {"type": "string", "enum": ["a"]},
                    "pax": {"type": "array", "items": {"type": "object", "properties": {
                        "name": {"type": "string", "description": "Name"},
                        "passport": {"type": "string", "nullable": true},
                        "phones": {"type": "array", "items": {"type": "string"}},
                    }}},
                }}}}}}}}},
        })
    }

    fn classes(text: &str) -> Classification {
        parse(text).unwrap()
    }

    #[test]
    fn text_fields_are_found_by_path_and_numbers_and_enums_are_not() {
        let found: Vec<String> = fields(&document()).into_iter().map(|f| f.path).collect();
        assert_eq!(
            found,
            ["orderNo", "pax[].name", "pax[].passport", "pax[].phones[]"]
        );
    }

    #[test]
    fn unclassified_and_personal_fields_are_hidden_and_plain_ones_are_not() {
        let mut doc = document();
        let applied = apply(
            &mut doc,
            &classes("q:\n  personal: ['pax[].name']\n  plain: [orderNo]\n"),
        )
        .unwrap();
        assert_eq!(
            applied.unclassified,
            ["q: pax[].passport", "q: pax[].phones[]"]
        );
        let pax = doc
            .pointer("/paths/~1q.do/post/responses/200/content/application~1json/schema/properties/pax/items/properties")
            .unwrap();
        assert_eq!(
            pax["name"],
            json!({"description": "Name", "$ref": REFERENCE})
        );
        assert_eq!(
            pax["passport"],
            json!({"nullable": true, "allOf": [{"$ref": REFERENCE}]})
        );
        assert_eq!(pax["phones"]["items"], json!({"$ref": REFERENCE}));
        let order = doc
            .pointer("/paths/~1q.do/post/responses/200/content/application~1json/schema/properties/orderNo")
            .unwrap();
        assert_eq!(order, &json!({"type": "string"}));
        assert!(doc.pointer("/components/schemas/PersonalData").is_some());
        // Applying again finds them personal, and still unclassified.
        let again = apply(&mut doc, &classes("q:\n  plain: [orderNo]\n")).unwrap();
        assert_eq!(again.unclassified.len(), 3);
    }

    #[test]
    fn a_class_for_a_field_the_answer_lacks_is_reported_and_one_classed_both_ways_refused() {
        let applied = apply(&mut document(), &classes("q:\n  plain: [gone]\n")).unwrap();
        assert_eq!(applied.stale, ["q: gone"]);
        let error = apply(
            &mut document(),
            &classes("q:\n  plain: [orderNo]\n  personal: [orderNo]\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("as personal and as plain"), "{error}");
    }
}
