//! Atlas publishes each operation on a docs page of its own. Each page is kept
//! in `openapi/<name>.page.md` and yields `openapi/<name>.upstream.json`; the
//! upstream documents merge into one document, which the overlay then fixes.
//!
//! Merge rules: paths are the union (a path two pages both define is an
//! error); a component two pages define identically appears once; a component
//! two pages define differently is an error naming both pages and the
//! component. Document-level fields (`openapi`, `info`, `servers`, `security`)
//! come from the first page in name order; tags are the union.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};

use crate::paths;

/// The upstream document of one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Upstream {
    /// The page's name: `pay` for `openapi/pay.page.md`.
    pub name: String,
    /// The OpenAPI document the page publishes.
    pub document: Value,
}

/// The upstream documents under `root`, in name order.
pub fn read_all(root: &Path) -> Result<Vec<Upstream>> {
    let dir = root.join(paths::OPENAPI_DIR);
    let mut found = Vec::new();
    for entry in fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let file = entry?.file_name().to_string_lossy().into_owned();
        if let Some(name) = file.strip_suffix(paths::UPSTREAM_SUFFIX) {
            let relative = paths::upstream(name);
            let text = fs::read_to_string(root.join(&relative))
                .with_context(|| format!("cannot read {relative}"))?;
            found.push(parse(name, &relative, &text)?);
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    if found.is_empty() {
        bail!(
            "no upstream documents ({}/*{}): import a page first",
            paths::OPENAPI_DIR,
            paths::UPSTREAM_SUFFIX
        );
    }
    Ok(found)
}

/// Parses one upstream document.
pub fn parse(name: &str, relative: &str, text: &str) -> Result<Upstream> {
    Ok(Upstream {
        name: name.to_owned(),
        document: serde_json::from_str(text)
            .with_context(|| format!("{relative} is not valid JSON"))?,
    })
}

/// The operations a document holds, as `(METHOD, path)`.
pub fn operations(document: &Value) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return found;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for method in item.keys() {
            if matches!(
                method.as_str(),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
            ) {
                found.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    found
}

/// Where a new page goes: the existing page holding any of its operations
/// (it replaces that page), or a new page named `fallback`.
pub fn place(existing: &[Upstream], document: &Value, fallback: &str) -> Result<String> {
    let ops = operations(document);
    if ops.is_empty() {
        bail!("the document holds no operation");
    }
    let holders: Vec<&Upstream> = existing
        .iter()
        .filter(|page| !operations(&page.document).is_disjoint(&ops))
        .collect();
    match holders.as_slice() {
        [] => {
            if existing.iter().any(|page| page.name == fallback) {
                bail!(
                    "a page named `{fallback}` already holds other operations; rename the file to import it as a new page"
                );
            }
            Ok(fallback.to_owned())
        }
        [one] => Ok(one.name.clone()),
        many => {
            let names: Vec<&str> = many.iter().map(|p| p.name.as_str()).collect();
            bail!(
                "the page holds operations of several pages ({}); split it or merge those pages first",
                names.join(", ")
            )
        }
    }
}

/// `existing` with `page` replacing the page of the same name, or added.
pub fn with_page(existing: &[Upstream], page: Upstream) -> Vec<Upstream> {
    let mut pages: Vec<Upstream> = existing
        .iter()
        .filter(|p| p.name != page.name)
        .cloned()
        .collect();
    pages.push(page);
    pages.sort_by(|a, b| a.name.cmp(&b.name));
    pages
}

/// Two pages define one component differently: the merge refuses rather
/// than pick one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// `schemas/PaymentMethod`.
    pub component: String,
    /// The page that defined it first, in name order.
    pub first: String,
    /// The page that defines it differently.
    pub second: String,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "component {} is defined differently by pages `{}` ({}) and `{}` ({})",
            self.component,
            self.first,
            paths::page(&self.first),
            self.second,
            paths::page(&self.second)
        )
    }
}

impl std::error::Error for Conflict {}

const COMPONENT_SECTIONS: [&str; 9] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// Merges the pages' documents into one (see the module docs for the rules).
pub fn merge(pages: &[Upstream]) -> Result<Value> {
    let Some((first, rest)) = pages.split_first() else {
        bail!("no pages to merge");
    };
    let mut merged = first.document.clone();
    // Which page each path and component came from, for error messages.
    let mut origin: Vec<(String, String)> = Vec::new();
    let record = |origin: &mut Vec<(String, String)>, document: &Value, page: &str| {
        if let Some(paths) = document.get("paths").and_then(Value::as_object) {
            for path in paths.keys() {
                origin.push((format!("path {path}"), page.to_owned()));
            }
        }
        for section in COMPONENT_SECTIONS {
            let names = document
                .pointer(&format!("/components/{section}"))
                .and_then(Value::as_object);
            for name in names.into_iter().flat_map(Map::keys) {
                origin.push((format!("component {section}/{name}"), page.to_owned()));
            }
        }
    };
    record(&mut origin, &first.document, &first.name);
    let from = |origin: &[(String, String)], what: &str| -> String {
        origin
            .iter()
            .find(|(key, _)| key == what)
            .map_or_else(String::new, |(_, page)| page.clone())
    };
    for page in rest {
        let document = &page.document;
        let version = |d: &Value| d.get("openapi").and_then(Value::as_str).map(str::to_owned);
        if version(document).as_deref().map(|v| &v[..v.len().min(4)])
            != version(&merged).as_deref().map(|v| &v[..v.len().min(4)])
        {
            bail!(
                "pages `{}` and `{}` use different OpenAPI versions",
                first.name,
                page.name
            );
        }
        let merged_object = merged
            .as_object_mut()
            .context("an upstream document is not a JSON object")?;
        if let Some(paths) = document.get("paths").and_then(Value::as_object) {
            let target = merged_object
                .entry("paths")
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .context("`paths` is not an object")?;
            for (path, item) in paths {
                if target.contains_key(path) {
                    bail!(
                        "path {path} is defined by two pages: `{}` ({}) and `{}` ({})",
                        from(&origin, &format!("path {path}")),
                        paths::page(&from(&origin, &format!("path {path}"))),
                        page.name,
                        paths::page(&page.name)
                    );
                }
                target.insert(path.clone(), item.clone());
            }
        }
        for section in COMPONENT_SECTIONS {
            let Some(components) = document
                .pointer(&format!("/components/{section}"))
                .and_then(Value::as_object)
            else {
                continue;
            };
            let target = merged_object
                .entry("components")
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .context("`components` is not an object")?
                .entry(section)
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .with_context(|| format!("`components.{section}` is not an object"))?;
            for (name, definition) in components {
                match target.get(name) {
                    None => {
                        target.insert(name.clone(), definition.clone());
                    }
                    Some(existing) if existing == definition => {}
                    Some(_) => {
                        let key = format!("component {section}/{name}");
                        return Err(Conflict {
                            component: format!("{section}/{name}"),
                            first: from(&origin, &key),
                            second: page.name.clone(),
                        }
                        .into());
                    }
                }
            }
        }
        if let Some(tags) = document.get("tags").and_then(Value::as_array) {
            let target = merged_object
                .entry("tags")
                .or_insert_with(|| Value::Array(Vec::new()))
                .as_array_mut()
                .context("`tags` is not an array")?;
            for tag in tags {
                let name = tag.get("name");
                if !target.iter().any(|t| t.get("name") == name) {
                    target.push(tag.clone());
                }
            }
        }
        record(&mut origin, document, &page.name);
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(name: &str, path: &str, schemas: Value) -> Upstream {
        Upstream {
            name: name.to_owned(),
            document: json!({
                "openapi": "3.0.1",
                "info": { "title": name, "version": "1" },
                "tags": [{ "name": name }],
                "paths": { path: { "post": { "responses": { "200": { "description": "" } } } } },
                "components": { "schemas": schemas },
            }),
        }
    }

    #[test]
    fn paths_unite_and_identical_components_appear_once() {
        let shared = json!({ "type": "string" });
        let merged = merge(&[
            page(
                "pay",
                "/pay.do",
                json!({ "Message": shared, "A": { "type": "integer" } }),
            ),
            page(
                "query",
                "/query.do",
                json!({ "Message": shared, "B": { "type": "boolean" } }),
            ),
        ])
        .unwrap();
        let paths: Vec<&String> = merged["paths"].as_object().unwrap().keys().collect();
        assert_eq!(paths, ["/pay.do", "/query.do"]);
        let schemas: Vec<&String> = merged["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(schemas, ["Message", "A", "B"]);
        assert_eq!(merged["info"]["title"], "pay", "the first page's info");
        assert_eq!(merged["tags"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn a_component_defined_differently_names_both_pages() {
        let error = merge(&[
            page("pay", "/pay.do", json!({ "Message": { "type": "string" } })),
            page(
                "query",
                "/query.do",
                json!({ "Message": { "type": "integer" } }),
            ),
        ])
        .unwrap_err()
        .to_string();
        assert!(error.contains("component schemas/Message"), "{error}");
        assert!(error.contains("`pay` (openapi/pay.page.md)"), "{error}");
        assert!(error.contains("`query` (openapi/query.page.md)"), "{error}");
    }

    #[test]
    fn a_path_on_two_pages_is_an_error() {
        let error = merge(&[
            page("pay", "/pay.do", json!({})),
            page("again", "/pay.do", json!({})),
        ])
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("path /pay.do is defined by two pages"),
            "{error}"
        );
    }

    #[test]
    fn a_page_replaces_the_page_holding_its_operations() {
        let existing = [
            page("pay", "/pay.do", json!({})),
            page("query", "/query.do", json!({})),
        ];
        let bumped = page("whatever", "/query.do", json!({}));
        assert_eq!(place(&existing, &bumped.document, "new").unwrap(), "query");
        let new = page("x", "/refund.do", json!({}));
        assert_eq!(place(&existing, &new.document, "refund").unwrap(), "refund");
        assert!(place(&existing, &new.document, "pay").is_err());
        let mut both = page("both", "/pay.do", json!({}));
        both.document["paths"]["/query.do"] = json!({ "post": {} });
        assert!(place(&existing, &both.document, "both").is_err());
    }
}
