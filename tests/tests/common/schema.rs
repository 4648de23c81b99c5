//! The effective document (`openapi/atlas-pay.json`) as JSON Schema: what
//! the conformance test, the fuzzer and the events test hold answers and
//! notifications to, with a validator nobody here wrote. Included by each
//! test that needs it (`#[path = "common/schema.rs"] mod schema;`): the
//! validator stays a dev-dependency, out of the support crate's graph.

#![allow(dead_code)] // each test uses what it needs

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

/// The workspace's root directory.
pub(crate) fn workspace() -> PathBuf {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR"));
    tests
        .parent()
        .map_or_else(|| tests.to_path_buf(), Path::to_path_buf)
}

/// The effective document, parsed. Panics when it cannot be read: a test
/// without it has nothing to check.
pub(crate) fn effective_document() -> Value {
    let path = workspace().join("openapi/atlas-pay.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// OpenAPI 3.0's `nullable: true` is not JSON Schema: it becomes
/// `anyOf: [the schema, {"type": "null"}]`. Everything else is read as draft 7,
/// whose `$ref` ignores its siblings as OpenAPI 3.0 says.
pub(crate) fn to_json_schema(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut converted: Map<String, Value> = map
                .iter()
                .filter(|(key, _)| key.as_str() != "nullable")
                .map(|(key, value)| (key.clone(), to_json_schema(value)))
                .collect();
            if map.get("nullable") == Some(&Value::Bool(true)) {
                let mut wrapper = Map::new();
                wrapper.insert(
                    "anyOf".to_owned(),
                    json!([Value::Object(std::mem::take(&mut converted)), {"type": "null"}]),
                );
                converted = wrapper;
            }
            Value::Object(converted)
        }
        Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}

/// A validator for the schema at `pointer`, with every `$ref` resolved in
/// the (converted) document itself. Panics when there is no schema there.
pub(crate) fn validator(document: &Value, pointer: &str) -> jsonschema::Validator {
    assert!(
        document.pointer(pointer).is_some(),
        "no schema at {pointer}"
    );
    let mut root = to_json_schema(document);
    if let Some(object) = root.as_object_mut() {
        object.insert("$ref".to_owned(), Value::String(format!("#{pointer}")));
    }
    jsonschema::draft7::new(&root).unwrap_or_else(|error| panic!("{pointer}: {error}"))
}

/// Every way `instance` violates the validator's schema, each with where.
pub(crate) fn violations(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// A JSON pointer segment for a key (`~` and `/` escaped).
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
