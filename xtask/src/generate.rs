//! `cargo xtask generate [--check]`: effective document and generated crate.
//!
//! Steps: read the pages' upstream documents, merge them (see `pages`), read
//! the overlay, apply it, write
//! the effective document, run progenitor on it as a library, format the
//! result with prettyplease, and write it with a header naming this command
//! and the SHA-256 of the effective document. The output is a pure function of
//! the two inputs and the generator settings below, so every run is
//! byte-identical. `--check` writes nothing and reports each stale file with
//! a unified diff.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use serde_json::Value;

use crate::import::write_if_changed;
use crate::overlay::Overlay;
use crate::{pages, paths};

/// One file the pipeline produces: where it goes and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the workspace root.
    pub path: &'static str,
    /// The complete file contents.
    pub contents: String,
}

/// Computes every generated file from the pages' upstream documents and the
/// overlay under `root`.
pub fn outputs(root: &Path) -> Result<Vec<Output>> {
    Ok(outputs_and_classification(root)?.0)
}

/// [`outputs`], and what `openapi/personal-data.yaml` leaves to review:
/// answer fields it does not classify (generated redacted) and classes of
/// fields that are gone. `generate --check` fails on both. One merge and one
/// overlay run make both.
pub fn outputs_and_classification(root: &Path) -> Result<(Vec<Output>, crate::personal::Applied)> {
    let upstream = merged_upstream(root)?;
    let overlay = read(root, paths::OVERLAY)?;
    let (effective, applied) = effective(&upstream, &overlay, &classes(root)?)?;
    Ok((outputs_from_effective(effective)?, applied))
}

/// The classification of answer fields under `root`
/// (`openapi/personal-data.yaml`; empty when there is none, so that every
/// text field is unclassified, and redacted).
pub fn classes(root: &Path) -> Result<String> {
    match fs::read_to_string(root.join(paths::PERSONAL)) {
        Ok(text) => Ok(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(error) => Err(anyhow!("cannot read {}: {error}", paths::PERSONAL)),
    }
}

/// The pages' upstream documents under `root`, merged into one
/// (pretty-printed), after checking that they hold exactly the bound
/// operations (`openapi/operations.yaml`).
pub fn merged_upstream(root: &Path) -> Result<String> {
    let upstreams = pages::read_all(root)?;
    crate::bound::check(&crate::bound::read(root)?, &upstreams)?;
    let merged = pages::merge(&upstreams)?;
    Ok(serde_json::to_string_pretty(&merged)?)
}

/// Computes every generated file from the texts of the (merged) upstream
/// document, the overlay and the classification of answer fields.
pub fn outputs_from(upstream: &str, overlay: &str, classes: &str) -> Result<Vec<Output>> {
    outputs_from_effective(effective_document(upstream, overlay, classes)?)
}

/// Computes every generated file from the effective document's text.
pub fn outputs_from_effective(effective: String) -> Result<Vec<Output>> {
    let spec = parse_spec(&effective)?;
    let digest = sha256_hex(effective.as_bytes());

    let client = without_panics("the client", || {
        Generator::new(&settings()).generate_tokens(&spec)
    })?;
    let mocks = without_panics("the httpmock helpers", || {
        Generator::new(&settings()).httpmock(&spec, "crate")
    })?;

    let client_text = client.to_string();
    if client_text.contains("regress") {
        anyhow::bail!(
            "the effective document has a `pattern` outside the hand-checked schemas ({}): \
             give it a named schema in openapi/overlay.yaml and a type in atlas-pay-gen/src/checked.rs \
             (atlas-pay-gen does not depend on a regex engine)",
            CHECKED.join(", ")
        );
    }
    Ok(vec![
        Output {
            path: paths::EFFECTIVE,
            contents: effective,
        },
        Output {
            path: paths::GENERATED,
            contents: render_types(types_part(&client)?, &digest, &spec)?,
        },
        Output {
            path: paths::GENERATED_CLIENT,
            contents: render(client_part(&client)?, &digest)?,
        },
        Output {
            path: paths::GENERATED_MOCK,
            contents: render_with(mocks, &digest, crate::surface::seal_mock_trait)?,
        },
        Output {
            path: paths::OPERATIONS,
            contents: render(crate::operations::tokens(&spec)?, &digest)?,
        },
        Output {
            path: paths::OPERATION_TYPES,
            contents: render(crate::operations::impl_tokens(&spec)?, &digest)?,
        },
    ])
}

/// The generated files whose public items make up `atlas-pay-gen`'s API, in
/// the order the API listing reads them.
pub const API_FILES: [&str; 3] = [paths::GENERATED, paths::GENERATED_CLIENT, paths::OPERATIONS];

/// Generates what [`API_FILES`] hold for the effective document `effective`
/// (JSON text), parsed but neither formatted nor written (the types, the
/// client and the operation modules), and hands them to `read`, on the
/// generator's own thread (parsed Rust cannot leave it). The spec review
/// lists their API this way without touching the working tree.
pub fn with_generated_files<T: Send>(
    effective: &str,
    read: impl FnOnce(&[syn::File]) -> T + Send,
) -> Result<T> {
    let spec = parse_spec(effective)?;
    isolated("the client", || {
        let client = Generator::new(&settings())
            .generate_tokens(&spec)
            .map_err(|error| anyhow!("progenitor cannot generate the client: {error}"))?;
        let (types, rest) = split(&client)?;
        let file = |items: Vec<syn::Item>| {
            let mut file: syn::File = syn::parse_quote! {};
            file.items = items;
            file
        };
        let mut types = file(types);
        gate_struct_builders(&mut types);
        crate::surface::open_for_additions(&mut types);
        crate::surface::keep_previous_names(&mut types, &crate::surface::previous_names(&spec))?;
        let operations = syn::parse2(crate::operations::tokens(&spec)?)
            .context("the operation modules are not valid Rust")?;
        Ok(read(&[types, file(rest), operations]))
    })
}

fn parse_spec(effective: &str) -> Result<openapiv3::OpenAPI> {
    serde_json::from_str(effective)
        .context("the effective document is not a valid OpenAPI 3.0 document")
}

/// Runs a progenitor step, turning its errors and its panics (it unwraps on
/// some shapes it does not support, such as `$ref` path items) into errors.
///
/// The step runs on a thread of its own, named `progenitor`, whose panic the
/// join returns: no process-wide panic hook is swapped, so generations on
/// several threads (parallel tests) cannot interfere. The default hook still
/// prints the panic's own line to stderr, naming that thread.
fn without_panics(
    what: &str,
    step: impl FnOnce() -> std::result::Result<proc_macro2::TokenStream, progenitor::Error> + Send,
) -> Result<proc_macro2::TokenStream> {
    // Token streams are not `Send`: they cross the thread boundary as text.
    let text = isolated(what, || {
        step()
            .map(|tokens| tokens.to_string())
            .map_err(|error| anyhow!("progenitor cannot generate {what}: {error}"))
    })?;
    text.parse()
        .map_err(|e| anyhow!("progenitor produced invalid Rust for {what}: {e}"))
}

/// Runs `step` on a thread of its own, named `progenitor`, turning its panic
/// into an error (see [`without_panics`]).
fn isolated<T: Send>(what: &str, step: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    let outcome = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("progenitor".to_owned())
            .spawn_scoped(scope, step)
            .map(|handle| handle.join())
    })
    .with_context(|| format!("cannot start a thread to generate {what}"))?;
    match outcome {
        Ok(result) => result,
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_owned());
            Err(anyhow!(
                "progenitor failed on the effective document while generating {what}: {reason}"
            ))
        }
    }
}

/// The effective document: upstream with the overlay applied and the
/// classification of answer fields after it (see [`crate::personal`]),
/// pretty-printed with its key order preserved and a trailing newline.
pub fn effective_document(upstream: &str, overlay: &str, classes: &str) -> Result<String> {
    Ok(effective(upstream, overlay, classes)?.0)
}

/// The effective document's text, and what the classification found.
pub fn effective(
    upstream: &str,
    overlay: &str,
    classes: &str,
) -> Result<(String, crate::personal::Applied)> {
    let mut document: Value =
        serde_json::from_str(upstream).context("the upstream document is not valid JSON")?;
    let overlay = Overlay::from_yaml(overlay).with_context(|| format!("in {}", paths::OVERLAY))?;
    overlay
        .apply(&mut document)
        .with_context(|| format!("applying {}", paths::OVERLAY))?;
    let applied = crate::personal::apply(&mut document, &crate::personal::parse(classes)?)?;
    let mut text = serde_json::to_string_pretty(&document)?;
    text.push('\n');
    Ok((text, applied))
}

/// The named schemas the generator maps to hand-written types (secrets and
/// hand-checked patterns): their Rust type does not follow their constraints.
pub const REPLACED: [&str; 7] = [
    "CardNumber",
    "CardCvv",
    "PersonalData",
    CHECKED[0],
    CHECKED[1],
    CHECKED[2],
    CHECKED[3],
];

/// The named schemas with a `pattern` that map to hand-checked types.
const CHECKED: [&str; 4] = [
    "CardExpireMonth",
    "CardExpireYear",
    "CountryCode",
    "ProvinceCode",
];

/// The progenitor settings: the Rust side of the mapping (the overlay is the
/// OpenAPI side).
fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    let request_options: proc_macro2::TokenStream = syn::parse_quote!(crate::RequestOptions);
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        // `atlas-pay-gen/src/lib.rs` implements the hooks: it drops the
        // `api-version` header progenitor adds, which Atlas never asked for.
        .with_hooks(HooksMode::Expected)
        // Per-client request options the hooks apply (e.g. the Accept header).
        .with_inner_type(request_options)
        // Card secrets get types whose `Debug` never prints them. The overlay
        // gives them schema names; the types live in `atlas-pay-gen/src/secret.rs`.
        .with_replacement(
            "CardNumber",
            "crate::secret::CardNumber",
            std::iter::empty(),
        )
        .with_replacement("CardCvv", "crate::secret::CardCvv", std::iter::empty())
        // Passengers' identity document numbers, birthdays, e-mails and
        // phones: personal data, never printed either.
        .with_replacement(
            "PersonalData",
            "crate::secret::PersonalData",
            std::iter::empty(),
        );
    // Patterned fields: types in `atlas-pay-gen/src/checked.rs` that check
    // their pattern by hand, so dependents compile no regex engine.
    for name in CHECKED {
        settings.with_replacement(name, format!("crate::checked::{name}"), std::iter::empty());
    }
    settings
}

/// Progenitor's output, split: the `types` module, which needs only serde
/// (every user of atlas-pay-gen compiles it, and it need not wait for the
/// HTTP stack), and everything else: the `Client`, its operations and
/// builders (the crate's `client` feature), which reach the types through
/// `crate::types`.
fn split(tokens: &proc_macro2::TokenStream) -> Result<(Vec<syn::Item>, Vec<syn::Item>)> {
    let file: syn::File =
        syn::parse2(tokens.clone()).context("progenitor produced invalid Rust")?;
    let (types, rest): (Vec<syn::Item>, Vec<syn::Item>) = file
        .items
        .into_iter()
        .partition(|item| matches!(item, syn::Item::Mod(m) if m.ident == "types"));
    if types.len() != 1 {
        anyhow::bail!("progenitor's output has no single `types` module");
    }
    Ok((types, rest))
}

fn types_part(tokens: &proc_macro2::TokenStream) -> Result<proc_macro2::TokenStream> {
    let (types, _) = split(tokens)?;
    Ok(quote::quote! { #(#types)* })
}

fn client_part(tokens: &proc_macro2::TokenStream) -> Result<proc_macro2::TokenStream> {
    let (_, rest) = split(tokens)?;
    Ok(quote::quote! {
        #[allow(unused_imports)]
        use crate::types;
        #(#rest)*
    })
}

/// Parses, decorates and pretty-prints generated tokens under a header.
fn render(tokens: proc_macro2::TokenStream, digest: &str) -> Result<String> {
    render_with(tokens, digest, |_| {})
}

/// [`render`] for the `types` module: schemars derives, gated builders, the
/// surface that takes additions, and earlier names kept as aliases.
fn render_types(
    tokens: proc_macro2::TokenStream,
    digest: &str,
    spec: &openapiv3::OpenAPI,
) -> Result<String> {
    let mut kept = Ok(());
    let text = render_with(tokens, digest, |file| {
        add_schemars_derive(file);
        gate_struct_builders(file);
        crate::surface::open_for_additions(file);
        kept = crate::surface::keep_previous_names(file, &crate::surface::previous_names(spec));
    })?;
    kept.map(|()| text)
}

/// [`render`], with `decorate` run on the parsed file first.
fn render_with(
    tokens: proc_macro2::TokenStream,
    digest: &str,
    decorate: impl FnOnce(&mut syn::File),
) -> Result<String> {
    let mut file: syn::File = syn::parse2(tokens).context("progenitor produced invalid Rust")?;
    decorate(&mut file);
    let body = prettyplease::unparse(&file);
    Ok(format!(
        "// @generated by `cargo xtask generate` from {effective}\n\
         // (sha256 {digest}).\n\
         // Do not edit by hand: change {overlay} or xtask/src/generate.rs and rerun.\n\n{body}",
        effective = paths::EFFECTIVE,
        overlay = paths::OVERLAY,
    ))
}

/// Puts typify's struct builders (`types::builder`, two thirds of the types'
/// code, and each type's `builder()` constructor) behind the crate's
/// `builders` feature: progenitor's client needs them, a caller that builds
/// the types as struct literals (atlas-pay) does not, and dependents should
/// not compile them for nothing.
fn gate_struct_builders(file: &mut syn::File) {
    let attribute: syn::Attribute = syn::parse_quote! { #[cfg(feature = "builders")] };
    for item in &mut file.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        let Some((_, items)) = module.content.as_mut() else {
            continue;
        };
        for item in items {
            match item {
                syn::Item::Mod(inner) if inner.ident == "builder" => {
                    inner.attrs.push(attribute.clone());
                }
                syn::Item::Impl(block)
                    if !block.items.is_empty()
                        && block.items.iter().all(|member| {
                            matches!(member, syn::ImplItem::Fn(f) if f.sig.ident == "builder")
                        }) =>
                {
                    block.attrs.push(attribute.clone());
                }
                _ => {}
            }
        }
    }
}

/// Adds `#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]` to
/// every type in the generated `types` module.
fn add_schemars_derive(file: &mut syn::File) {
    let attribute: syn::Attribute = syn::parse_quote! {
        #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
    };
    if let Some(items) = crate::surface::types_items(file) {
        for item in items {
            match item {
                syn::Item::Struct(s) => s.attrs.push(attribute.clone()),
                syn::Item::Enum(e) => e.attrs.push(attribute.clone()),
                _ => {}
            }
        }
    }
}

fn read(root: &Path, relative: &str) -> Result<String> {
    fs::read_to_string(root.join(relative)).with_context(|| format!("cannot read {relative}"))
}

pub use crate::sources::sha256_hex;

/// Writes every output that differs; returns the paths written.
pub fn write(root: &Path, outputs: &[Output]) -> Result<Vec<&'static str>> {
    let mut written = Vec::new();
    for output in outputs {
        if write_if_changed(&root.join(output.path), output.contents.as_bytes())? {
            written.push(output.path);
        }
    }
    Ok(written)
}

/// A generated file whose committed contents differ from what generate produces.
#[derive(Debug)]
pub struct Stale {
    /// Path relative to the workspace root.
    pub path: &'static str,
    /// Unified diff from the committed file to the expected one.
    pub diff: String,
}

/// Compares every output with the file on disk, writing nothing.
pub fn check(root: &Path, outputs: &[Output]) -> Vec<Stale> {
    outputs
        .iter()
        .filter_map(|output| {
            let current = fs::read_to_string(root.join(output.path)).unwrap_or_default();
            (current != output.contents).then(|| Stale {
                path: output.path,
                diff: similar::TextDiff::from_lines(&current, &output.contents)
                    .unified_diff()
                    .context_radius(3)
                    .header(
                        &format!("{} (committed)", output.path),
                        &format!("{} (generated)", output.path),
                    )
                    .to_string(),
            })
        })
        .collect()
}
