//! `cargo xtask import <page>`: take the OpenAPI document out of a docs page,
//! as the page of the operation(s) it holds.
//!
//! The vendor publishes its document as one fenced ```` ```json ```` block inside
//! a Markdown docs page. Import finds exactly one such block, checks that it is
//! an OpenAPI 3.0.x document, and writes it pretty-printed with its key order
//! preserved. Every check runs before anything is written, so a bad page
//! leaves the repository byte-identical.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::{bound, document, pages, paths, sources};

/// A fenced ```` ```json ```` block found in a page: its 1-based opening line and body.
#[derive(Debug, PartialEq, Eq)]
pub struct JsonBlock {
    /// Line number of the opening fence.
    pub line: usize,
    /// The text between the fences.
    pub body: String,
}

/// Finds every ```` ```json ```` fenced block of a page, in order.
///
/// A block that is opened and never closed is an error: it is most likely a
/// truncated page.
pub fn json_blocks(page: &str) -> Result<Vec<JsonBlock>> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, Vec<&str>)> = None;
    for (index, line) in page.lines().enumerate() {
        let trimmed = line.trim();
        match open.as_mut() {
            None => {
                if let Some(info) = trimmed.strip_prefix("```")
                    && info.trim().eq_ignore_ascii_case("json")
                {
                    open = Some((index + 1, Vec::new()));
                }
            }
            Some((start, body)) => {
                if trimmed.starts_with("```") {
                    blocks.push(JsonBlock {
                        line: *start,
                        body: body.join("\n"),
                    });
                    open = None;
                } else {
                    body.push(line);
                }
            }
        }
    }
    if let Some((start, _)) = open {
        bail!("the ```json block opened at line {start} is never closed (truncated page?)");
    }
    Ok(blocks)
}

/// Extracts the page's one OpenAPI 3.0.x document and returns it pretty-printed,
/// key order preserved, with a trailing newline.
pub fn extract_document(page: &str) -> Result<String> {
    let blocks = json_blocks(page)?;
    let block = match blocks.as_slice() {
        [] => bail!("no ```json block found: the page carries no OpenAPI document"),
        [one] => one,
        many => {
            let lines: Vec<String> = many.iter().map(|b| b.line.to_string()).collect();
            bail!(
                "{} ```json blocks found (lines {}): expected exactly one OpenAPI document",
                many.len(),
                lines.join(", ")
            )
        }
    };
    let value: Value = serde_json::from_str(&block.body).with_context(|| {
        format!(
            "the ```json block at line {} is not valid JSON (truncated?)",
            block.line
        )
    })?;
    check_openapi_30(&value)
        .with_context(|| format!("the ```json block at line {}", block.line))?;
    let mut pretty = serde_json::to_string_pretty(&value)?;
    pretty.push('\n');
    Ok(pretty)
}

/// Accepts only an OpenAPI 3.0.x document that parses as one.
fn check_openapi_30(value: &Value) -> Result<()> {
    let Some(object) = value.as_object() else {
        bail!("is JSON but not an object, so not an OpenAPI document");
    };
    if let Some(swagger) = object.get("swagger") {
        bail!("is a Swagger {swagger} document; only OpenAPI 3.0.x is supported");
    }
    match object.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0.") => {}
        Some(version) => bail!("is OpenAPI {version}; only OpenAPI 3.0.x is supported"),
        None => bail!("has no `openapi` version field, so it is not an OpenAPI 3.0.x document"),
    }
    serde_json::from_value::<openapiv3::OpenAPI>(value.clone())
        .map_err(|e| anyhow::anyhow!("is not a valid OpenAPI 3.0.x document: {e}"))?;
    Ok(())
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// A docs page: its name (`openapi/<name>.page.md` and its upstream).
    Page(String),
    /// A whole document, kept as `file`: the upstream documents written
    /// (by name) and the operations left out because they are not bound.
    Document {
        /// Where the document is kept (`openapi/<name>.document.json`).
        file: String,
        /// The upstream documents written, by name.
        upstreams: Vec<String>,
        /// The operations the document holds that are not bound.
        unbound: Vec<String>,
    },
}

/// Runs the import of one or more docs pages or whole OpenAPI documents,
/// dated today.
pub fn run(root: &Path, sources: &[PathBuf]) -> Result<Vec<Imported>> {
    run_on(root, sources, &sources::today())
}

/// Runs the import, recording `today` (`YYYY-MM-DD`) as the import day of a
/// source not imported before.
///
/// Each source is staged in turn, and the upstream documents are merged once,
/// after all of them are in: pages that share a component (pay.do and the
/// order query both define `PaymentMethod`) change together when Atlas
/// changes it, so they come in as one change. A whole document (JSON or YAML
/// with an `openapi` field) yields the bound operations' upstream documents
/// ([`crate::document`]). A page yields its one embedded document: it
/// replaces the page that holds the same operation(s), or is added as a new
/// page named after its file (`refund.md` or `refund.page.md` → `refund`). A
/// page that only points at a hosted document is refused with what it points
/// at. Nothing is written unless every check passes, including that the
/// upstream documents still merge.
pub fn run_on(root: &Path, sources: &[PathBuf], today: &str) -> Result<Vec<Imported>> {
    if sources.is_empty() {
        bail!("nothing to import: name a docs page or an OpenAPI document");
    }
    let mut staged = Staged::of_workspace(root)?;
    let mut imported = Vec::new();
    for source in sources {
        imported.push(staged.add(root, source, today)?);
    }
    staged.check_merge(sources)?;
    for (path, bytes) in &staged.writes {
        write_if_changed(&root.join(path), bytes)?;
    }
    write_if_changed(
        &root.join(paths::SOURCES),
        sources::render(&staged.record)?.as_bytes(),
    )?;
    Ok(imported)
}

/// The upstream documents a comparison would see after importing `sources`,
/// merged (nothing is written): what `cargo xtask diff --new` reads.
pub fn merged_after(root: &Path, sources: &[PathBuf]) -> Result<Value> {
    let mut staged = Staged::of_workspace(root)?;
    for source in sources {
        staged.add(root, source, &sources::today())?;
    }
    staged.check_merge(sources)
}

/// An import in progress: the workspace's upstream documents with the staged
/// ones in their place, the sources record, and the files to write.
struct Staged {
    pages: Vec<pages::Upstream>,
    record: sources::Sources,
    writes: Vec<(String, Vec<u8>)>,
    /// The upstream documents the sources staged so far replaced or added.
    replaced: Vec<String>,
}

impl Staged {
    fn of_workspace(root: &Path) -> Result<Self> {
        Ok(Self {
            pages: pages::read_all(root).unwrap_or_default(),
            record: sources::read(root)?,
            writes: Vec::new(),
            replaced: Vec::new(),
        })
    }

    fn add(&mut self, root: &Path, source: &Path, today: &str) -> Result<Imported> {
        let bytes =
            fs::read(source).with_context(|| format!("cannot read {}", source.display()))?;
        let text = String::from_utf8(bytes.clone())
            .with_context(|| format!("{} is not UTF-8 text", source.display()))?;
        if let Some(document) = document::parse(&text) {
            return self
                .add_document(root, source, &bytes, &document, today)
                .with_context(|| format!("{} cannot be imported", source.display()));
        }
        if json_blocks(&text).is_ok_and(|blocks| blocks.is_empty()) {
            let pointers = document::pointers(&text);
            if let Some(first) = pointers.first() {
                let operations: Vec<String> = pointers
                    .iter()
                    .map(|p| format!("{} {}", p.method, p.path))
                    .collect();
                bail!(
                    "{} carries no OpenAPI document of its own: it points at {} of the hosted \
                     OpenAPI document \"{}\"{}. Download that document and import it whole: \
                     `cargo xtask import <the downloaded file>` takes the operations bound in {}",
                    source.display(),
                    operations.join(", "),
                    first.spec,
                    first
                        .url
                        .as_deref()
                        .map(|url| format!(" ({url})"))
                        .unwrap_or_default(),
                    paths::BOUND
                );
            }
        }
        self.add_page(source, &text, today)
            .with_context(|| format!("{} cannot be imported", source.display()))
    }

    fn add_page(&mut self, page_path: &Path, page: &str, today: &str) -> Result<Imported> {
        let document = extract_document(page)?;
        let value: Value = serde_json::from_str(&document)?;
        let name = pages::place(&self.pages, &value, &page_name(page_path)?)?;
        if self.replaced.contains(&name) {
            bail!("another source of this import already replaces `{name}`");
        }
        self.stage(name.clone(), value);
        sources::record(
            &mut self.record,
            &name,
            sources::Source {
                kind: sources::Kind::Page,
                file: paths::page(&name),
                sha256: sources::sha256_hex(page.as_bytes()),
                imported: today.to_owned(),
            },
        );
        self.writes
            .push((paths::page(&name), page.as_bytes().to_vec()));
        self.writes
            .push((paths::upstream(&name), document.into_bytes()));
        Ok(Imported::Page(name))
    }

    fn add_document(
        &mut self,
        root: &Path,
        file: &Path,
        bytes: &[u8],
        document: &Value,
        today: &str,
    ) -> Result<Imported> {
        check_openapi_30(document)?;
        let bound = bound::read(root)?;
        let split = document::split(document, &bound)?;
        let yaml = serde_json::from_slice::<Value>(bytes).is_err();
        let kept = document::kept_as(file, yaml)?;
        let sha256 = sources::sha256_hex(bytes);
        let mut upstreams = Vec::new();
        for (name, upstream) in split.upstreams {
            if self.replaced.contains(&name) {
                bail!("another source of this import already replaces `{name}`");
            }
            let mut text = serde_json::to_string_pretty(&upstream)?;
            text.push('\n');
            self.writes
                .push((paths::upstream(&name), text.into_bytes()));
            sources::record(
                &mut self.record,
                &name,
                sources::Source {
                    kind: sources::Kind::Document,
                    file: kept.clone(),
                    sha256: sha256.clone(),
                    imported: today.to_owned(),
                },
            );
            self.stage(name.clone(), upstream);
            upstreams.push(name);
        }
        self.writes.push((kept.clone(), bytes.to_vec()));
        Ok(Imported::Document {
            file: kept,
            upstreams,
            unbound: split.unbound,
        })
    }

    fn stage(&mut self, name: String, document: Value) {
        self.replaced.push(name.clone());
        self.pages = pages::with_page(&self.pages, pages::Upstream { name, document });
    }

    /// Merges the staged upstream documents. A component they define
    /// differently is refused with the way through: when one of the sources
    /// given changed a component that a page not given also defines, bring
    /// that page's new version in the same command.
    fn check_merge(&self, sources: &[PathBuf]) -> Result<Value> {
        pages::merge(&self.pages).map_err(|error| {
            let Some(conflict) = error.downcast_ref::<pages::Conflict>() else {
                return error;
            };
            let left_out: Vec<&String> = [&conflict.first, &conflict.second]
                .into_iter()
                .filter(|page| !self.replaced.contains(page))
                .collect();
            let given: Vec<String> = sources.iter().map(|s| s.display().to_string()).collect();
            let advice = if left_out.is_empty() {
                "the sources given disagree with each other: Atlas's pages define it \
                 differently, so tell Atlas; the upstream documents must stay what it published"
                    .to_owned()
            } else {
                let missing: Vec<String> = left_out
                    .iter()
                    .map(|page| format!("<the new version of {}>", paths::page(page)))
                    .collect();
                format!(
                    "when Atlas changes a component that several pages define, every one of \
                     those pages changes: import them in one command, \
                     `cargo xtask import {} {}` (the definitions are compared once all are in)",
                    given.join(" "),
                    missing.join(" ")
                )
            };
            anyhow::anyhow!("{conflict}: {advice}")
        })
    }
}

/// The name a new page gets from its file name: lowercase letters, digits
/// and dashes.
fn page_name(page_path: &Path) -> Result<String> {
    let file = page_path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = file
        .strip_suffix(paths::PAGE_SUFFIX)
        .or_else(|| file.strip_suffix(".md"))
        .unwrap_or(&file);
    let name = paths::slug(stem);
    if name.is_empty() {
        bail!("{} gives no page name", page_path.display());
    }
    Ok(name)
}

/// Writes `contents` unless the file already holds exactly these bytes.
pub fn write_if_changed(path: &Path, contents: &[u8]) -> Result<bool> {
    if fs::read(path).is_ok_and(|current| current == contents) {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(true)
}
