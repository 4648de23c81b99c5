//! The operations this workspace binds (`openapi/operations.yaml`): which
//! operations come in, and which upstream document each lands in.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::pages::{self, Upstream};
use crate::paths;

/// One bound operation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    /// The upstream document it lands in: `pay` for
    /// `openapi/pay.upstream.json`.
    pub upstream: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path.
    pub path: String,
}

impl Bound {
    /// `POST /pay.do`.
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    operations: Vec<Bound>,
}

/// Reads `openapi/operations.yaml` under `root`.
pub fn read(root: &Path) -> Result<Vec<Bound>> {
    let text = fs::read_to_string(root.join(paths::BOUND))
        .with_context(|| format!("cannot read {}", paths::BOUND))?;
    parse(&text)
}

/// Parses the list; methods are upper-cased, and an operation listed twice
/// is an error.
pub fn parse(text: &str) -> Result<Vec<Bound>> {
    let file: File = serde_norway::from_str(text)
        .with_context(|| format!("{} is not a list of operations", paths::BOUND))?;
    let mut seen = BTreeSet::new();
    let mut bound = Vec::new();
    for mut operation in file.operations {
        operation.method = operation.method.to_uppercase();
        if !seen.insert((operation.method.clone(), operation.path.clone())) {
            bail!("{} lists {} twice", paths::BOUND, operation.label());
        }
        bound.push(operation);
    }
    Ok(bound)
}

/// Checks that the upstream documents hold exactly the bound operations,
/// each in the document the list names.
pub fn check(bound: &[Bound], upstreams: &[Upstream]) -> Result<()> {
    for operation in bound {
        let key = (operation.method.clone(), operation.path.clone());
        match upstreams
            .iter()
            .find(|u| pages::operations(&u.document).contains(&key))
        {
            Some(upstream) if upstream.name == operation.upstream => {}
            Some(upstream) => bail!(
                "{} is bound to openapi/{}{}, but openapi/{}{} holds it: fix {}",
                operation.label(),
                operation.upstream,
                paths::UPSTREAM_SUFFIX,
                upstream.name,
                paths::UPSTREAM_SUFFIX,
                paths::BOUND
            ),
            None => bail!(
                "{} is bound in {}, but no upstream document holds it: import it",
                operation.label(),
                paths::BOUND
            ),
        }
    }
    for upstream in upstreams {
        for (method, path) in pages::operations(&upstream.document) {
            if !bound.iter().any(|b| b.method == method && b.path == path) {
                bail!(
                    "openapi/{}{} holds {method} {path}, which {} does not bind: add it there \
                     (that is how a new operation comes in) or drop the page",
                    upstream.name,
                    paths::UPSTREAM_SUFFIX,
                    paths::BOUND
                );
            }
        }
    }
    Ok(())
}
