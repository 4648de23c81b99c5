//! Answers of a schema's shape, made up from the schema: what an old server
//! could send, to try with the new side's types (see [`super::decode`]).
//!
//! Two shapes, each with every enum at its first, second, ... value (so a
//! removed value is met whichever it was): the fullest answer (every
//! property, no nulls) and the barest (only required properties; nullable
//! ones null). A schema's or property's `example` is used when it has one.

use serde_json::{Map, Value, json};

/// The answers to try, for `schema` (which may be a `$ref`) of `document`.
pub fn examples(document: &Value, schema: &Value) -> Vec<Value> {
    let choices = widest_enum(document, schema, 0).max(1);
    let mut found = Vec::new();
    for full in [true, false] {
        for choice in 0..choices {
            let value = Maker {
                document,
                full,
                choice,
            }
            .make(schema, 0);
            if !found.contains(&value) {
                found.push(value);
            }
        }
    }
    found
}

const DEPTH: usize = 12;

struct Maker<'a> {
    document: &'a Value,
    full: bool,
    choice: usize,
}

impl Maker<'_> {
    fn make(&self, schema: &Value, depth: usize) -> Value {
        let schema = resolve(self.document, schema);
        if depth > DEPTH {
            return Value::Null;
        }
        if let Some(example) = schema.get("example") {
            return example.clone();
        }
        if let Some(Value::Array(values)) = schema.get("enum")
            && !values.is_empty()
        {
            return values[self.choice.min(values.len() - 1)].clone();
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = schema.get(key)
                && let Some(first) = members.first()
            {
                return self.make(first, depth + 1);
            }
        }
        if let Some(Value::Array(members)) = schema.get("allOf") {
            let mut merged = Map::new();
            for member in members {
                match self.make(member, depth + 1) {
                    Value::Object(part) => merged.extend(part),
                    // A single non-object member (`allOf: [$ref]` to give a
                    // reference siblings) is the value itself.
                    other if members.len() == 1 => return other,
                    _ => {}
                }
            }
            return Value::Object(merged);
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => json!("x"),
            Some("integer") => json!(1),
            Some("number") => json!(1.5),
            Some("boolean") => json!(true),
            Some("array") => match schema.get("items") {
                Some(items) => json!([self.make(items, depth + 1)]),
                None => json!([]),
            },
            _ => self.object(schema, depth),
        }
    }

    fn object(&self, schema: &Value, depth: usize) -> Value {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut object = Map::new();
        if let Some(Value::Object(properties)) = schema.get("properties") {
            for (name, property) in properties {
                let is_required = required.contains(&name.as_str());
                if !self.full && !is_required {
                    continue;
                }
                let nullable = resolve(self.document, property)
                    .get("nullable")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
                    || property.get("nullable").and_then(Value::as_bool) == Some(true);
                let value = if !self.full && nullable {
                    Value::Null
                } else {
                    self.make(property, depth + 1)
                };
                object.insert(name.clone(), value);
            }
        }
        if self.full
            && let Some(extra) = schema.get("additionalProperties")
            && extra.is_object()
        {
            object.insert("extraKey".to_owned(), self.make(extra, depth + 1));
        }
        Value::Object(object)
    }
}

/// The schema a `$ref` points at (within the document), or the schema itself.
fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    let mut current = schema;
    for _ in 0..DEPTH {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return current;
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            return current;
        };
        match document.pointer(pointer) {
            Some(target) => current = target,
            None => return current,
        }
    }
    current
}

/// The most values any enum reachable from `schema` has.
fn widest_enum(document: &Value, schema: &Value, depth: usize) -> usize {
    if depth > DEPTH {
        return 0;
    }
    let schema = resolve(document, schema);
    let own = schema
        .get("enum")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let mut widest = own;
    let mut visit = |child: &Value| widest = widest.max(widest_enum(document, child, depth + 1));
    if let Some(Value::Object(properties)) = schema.get("properties") {
        properties.values().for_each(&mut visit);
    }
    for key in ["items", "additionalProperties"] {
        if let Some(child) = schema.get(key)
            && child.is_object()
        {
            visit(child);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = schema.get(key) {
            members.iter().for_each(&mut visit);
        }
    }
    widest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fullest_and_the_barest_answer_with_every_enum_value() {
        let document =
            json!({"components": {"schemas": {"Status": {"type": "integer", "enum": [0, 1, 2]}}}});
        let schema = json!({
            "type": "object",
            "required": ["status", "note"],
            "properties": {
                "status": {"$ref": "#/components/schemas/Status"},
                "note": {"type": "string", "nullable": true},
                "extra": {"type": "array", "items": {"type": "number"}}
            }
        });
        let found = examples(&document, &schema);
        assert!(found.contains(&json!({"status": 2, "note": "x", "extra": [1.5]})));
        assert!(found.contains(&json!({"status": 0, "note": null})));
        assert_eq!(found.len(), 6);
    }
}
