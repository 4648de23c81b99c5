//! Importing a whole OpenAPI document (JSON or YAML) that holds many
//! operations, as Atlas now publishes one for all of them: exactly the bound
//! operations (`openapi/operations.yaml`) are taken, each into its upstream
//! document with the components it uses; the others are listed and left.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use serde_json::{Map, Value};

use crate::bound::Bound;

/// The methods of a path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Parses a whole document: JSON, or YAML when it is not JSON. `None` when
/// the text is neither, or is not an object with an `openapi` or `swagger`
/// field (a docs page, say).
pub fn parse(text: &str) -> Option<Value> {
    let value: Value = serde_json::from_str(text)
        .ok()
        .or_else(|| serde_norway::from_str(text).ok())?;
    let object = value.as_object()?;
    (object.contains_key("openapi") || object.contains_key("swagger")).then_some(value)
}

/// What a document holds for the workspace.
#[derive(Debug)]
pub struct Split {
    /// Each bound operation's upstream document, by upstream name, in the
    /// bound list's order (several operations may share one).
    pub upstreams: Vec<(String, Value)>,
    /// The operations the document holds that the workspace does not bind.
    pub unbound: Vec<String>,
}

/// Splits `document` into the bound operations' upstream documents. An
/// operation bound but missing from the document is an error naming it.
pub fn split(document: &Value, bound: &[Bound]) -> Result<Split> {
    let paths = document
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| anyhow!("the document has no `paths`"))?;
    let missing: Vec<String> = bound
        .iter()
        .filter(|b| operation(paths, b).is_none())
        .map(Bound::label)
        .collect();
    if !missing.is_empty() {
        bail!(
            "the document lacks {} bound in openapi/operations.yaml: {}",
            if missing.len() == 1 {
                "an operation"
            } else {
                "operations"
            },
            missing.join(", ")
        );
    }
    let mut unbound = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            let upper = method.to_uppercase();
            if item.get(method).is_some()
                && !bound.iter().any(|b| b.method == upper && b.path == *path)
            {
                unbound.push(format!("{upper} {path}"));
            }
        }
    }
    let mut names: Vec<&str> = Vec::new();
    for b in bound {
        if !names.contains(&b.upstream.as_str()) {
            names.push(&b.upstream);
        }
    }
    let upstreams = names
        .into_iter()
        .map(|name| {
            let operations: Vec<&Bound> = bound.iter().filter(|b| b.upstream == name).collect();
            (name.to_owned(), slice(document, &operations))
        })
        .collect();
    Ok(Split { upstreams, unbound })
}

fn operation<'a>(paths: &'a Map<String, Value>, bound: &Bound) -> Option<&'a Value> {
    paths.get(&bound.path)?.get(bound.method.to_lowercase())
}

/// The part of `document` that `operations` need: the document-level fields
/// as they are, the operations' paths (with their path-level fields), the
/// tags they use, and the components they reference, directly or through
/// other components. Key order follows the document.
fn slice(document: &Value, operations: &[&Bound]) -> Value {
    let mut paths = Map::new();
    let mut used_tags = BTreeSet::new();
    if let Some(all) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in all {
            let Some(item) = item.as_object() else {
                continue;
            };
            let wanted: Vec<&&Bound> = operations.iter().filter(|b| b.path == *path).collect();
            if wanted.is_empty() {
                continue;
            }
            let mut kept = Map::new();
            for (key, value) in item {
                let is_method = METHODS.contains(&key.as_str());
                if !is_method || wanted.iter().any(|b| b.method.eq_ignore_ascii_case(key)) {
                    if is_method {
                        for tag in value
                            .get("tags")
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                        {
                            if let Some(tag) = tag.as_str() {
                                used_tags.insert(tag.to_owned());
                            }
                        }
                    }
                    kept.insert(key.clone(), value.clone());
                }
            }
            paths.insert(path.clone(), Value::Object(kept));
        }
    }
    let paths = Value::Object(paths);
    let components = document.get("components").and_then(Value::as_object);
    let used = referenced(&paths, components);
    let mut sliced = Map::new();
    let Some(top) = document.as_object() else {
        return Value::Null;
    };
    for (key, value) in top {
        match key.as_str() {
            "paths" => {
                sliced.insert(key.clone(), paths.clone());
            }
            "tags" => {
                let tags: Vec<Value> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|tag| {
                        tag.get("name")
                            .and_then(Value::as_str)
                            .is_some_and(|name| used_tags.contains(name))
                    })
                    .cloned()
                    .collect();
                if !tags.is_empty() {
                    sliced.insert(key.clone(), Value::Array(tags));
                }
            }
            "components" => {
                let mut kept = Map::new();
                for (section, entries) in value.as_object().into_iter().flatten() {
                    let entries: Map<String, Value> = entries
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter(|(name, _)| {
                            used.contains(&format!("#/components/{section}/{name}"))
                        })
                        .map(|(name, entry)| (name.clone(), entry.clone()))
                        .collect();
                    if !entries.is_empty() {
                        kept.insert(section.clone(), Value::Object(entries));
                    }
                }
                if !kept.is_empty() {
                    sliced.insert(key.clone(), Value::Object(kept));
                }
            }
            _ => {
                sliced.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(sliced)
}

/// Every component `value` references, directly or through the components
/// it references, as `#/components/<section>/<name>`.
fn referenced(value: &Value, components: Option<&Map<String, Value>>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut todo = Vec::new();
    refs(value, &mut todo);
    while let Some(reference) = todo.pop() {
        if !found.insert(reference.clone()) {
            continue;
        }
        let mut parts = reference.trim_start_matches("#/components/").splitn(2, '/');
        let (Some(section), Some(name)) = (parts.next(), parts.next()) else {
            continue;
        };
        if let Some(target) = components.and_then(|c| c.get(section)?.get(name)) {
            refs(target, &mut todo);
        }
    }
    found
}

fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(reference))
                        if reference.starts_with("#/components/") =>
                    {
                        found.push(reference.clone());
                    }
                    _ => refs(inner, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
        _ => {}
    }
}

/// The name a document gets in `openapi/` from its file name: lowercase
/// letters, digits and dashes, then `.document.json` or `.document.yaml`.
pub fn kept_as(file: &Path, yaml: bool) -> Result<String> {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = crate::paths::slug(stem.strip_suffix(".document").unwrap_or(&stem));
    if name.is_empty() {
        bail!("{} gives no document name", file.display());
    }
    Ok(format!(
        "{}/{name}{}{}",
        crate::paths::OPENAPI_DIR,
        crate::paths::DOCUMENT_INFIX,
        if yaml { "yaml" } else { "json" }
    ))
}

/// What a page that only points at a hosted document refers to: GitBook's
/// `{% openapi-operation spec="…" path="…" method="…" %}` block and the
/// link inside it.
#[derive(Debug, PartialEq, Eq)]
pub struct Pointer {
    /// The hosted document's name (`spec`).
    pub spec: String,
    /// The operation's method, upper case.
    pub method: String,
    /// The operation's path.
    pub path: String,
    /// Where the document can be downloaded, if the page links it.
    pub url: Option<String>,
}

/// Finds the pointers of a page, in order.
pub fn pointers(page: &str) -> Vec<Pointer> {
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_owned())
    };
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(open) = rest.find("{% openapi-operation") {
        let after = &rest[open..];
        let Some(close) = after.find("%}") else {
            break;
        };
        let tag = &after[..close];
        let body_end = after.find("{% endopenapi-operation").unwrap_or(after.len());
        let body = &after[close..body_end];
        let url = body.find("](").and_then(|at| {
            body[at + 2..]
                .find(')')
                .map(|end| body[at + 2..at + 2 + end].to_owned())
        });
        if let (Some(spec), Some(method), Some(path)) = (
            attribute(tag, "spec"),
            attribute(tag, "method"),
            attribute(tag, "path"),
        ) {
            found.push(Pointer {
                spec,
                method: method.to_uppercase(),
                path,
                url,
            });
        }
        rest = &after[close..];
    }
    found
}
