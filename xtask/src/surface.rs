//! The public shape of the generated types, chosen so that what Atlas adds
//! to its documents reaches dependents as a compatible release:
//!
//! * every struct and enum of `types` is `#[non_exhaustive]`: a field or a
//!   variant added later breaks no struct literal, pattern or `match`
//!   outside the crate (typify cannot say so itself);
//! * every struct with named fields gets `new`, taking its required fields
//!   (neither `Option` nor defaulted by serde) and leaving every other one
//!   empty or at its default. An optional field added later leaves `new` as
//!   it was; a required field added later is a new parameter, so code that
//!   builds the type stops compiling, as it must.
//!
//! The spec review lists these constructors with the rest of the API, so
//! `cargo xtask diff` rates a new required field as the break it is.
//!
//! The httpmock extension trait (`mock::MockServerExt`, one method per
//! operation) is sealed: it is implemented for `httpmock::MockServer` only,
//! so a method added with a new operation breaks no implementation outside
//! the crate (cargo-semver-checks' `trait_method_added` agrees).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The overlay extension that keeps a renamed type's earlier Rust names:
/// `x-rust-previous-names: [PayBodyCreditCard]` on a component schema.
pub const PREVIOUS_NAMES: &str = "x-rust-previous-names";

/// Every (earlier name, component) the effective document records with
/// [`PREVIOUS_NAMES`].
pub fn previous_names(spec: &openapiv3::OpenAPI) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (name, schema) in spec.components.iter().flat_map(|c| &c.schemas) {
        let openapiv3::ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let earlier = schema
            .schema_data
            .extensions
            .get(PREVIOUS_NAMES)
            .and_then(serde_json::Value::as_array);
        for old in earlier
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_str)
        {
            found.push((old.to_owned(), name.clone()));
        }
    }
    found
}

/// Keeps each earlier name as a deprecated alias of the type generated for
/// its component, so that a rename that does not change the wire (an inline
/// schema made a named one) costs dependents nothing. An earlier name that is
/// still a type, or a component that generated no type, is an error.
pub fn keep_previous_names(
    file: &mut syn::File,
    previous: &[(String, String)],
) -> anyhow::Result<()> {
    if previous.is_empty() {
        return Ok(());
    }
    let Some(items) = types_items(file) else {
        return Ok(());
    };
    let names: std::collections::BTreeSet<String> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            syn::Item::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect();
    for (old, component) in previous {
        let new = crate::naming::pascal(component);
        if !names.contains(&new) {
            anyhow::bail!(
                "component `{component}` keeps the earlier name `{old}` ({PREVIOUS_NAMES}), but \
                 no type `{new}` was generated for it"
            );
        }
        if names.contains(old) {
            anyhow::bail!(
                "`{old}` is kept as an earlier name of `{new}` ({PREVIOUS_NAMES} on component \
                 `{component}`), but a type of that name is still generated: drop the earlier name"
            );
        }
        let (alias, target) = (format_ident!("{old}"), format_ident!("{new}"));
        let note = format!("renamed `{new}` (the wire is unchanged); use that name");
        let doc =
            format!("The earlier name of [`{new}`], kept so that code naming it still compiles.");
        items.push(syn::parse_quote! {
            #[doc = #doc]
            #[deprecated(note = #note)]
            pub type #alias = #target;
        });
    }
    Ok(())
}

/// Marks the types of the generated `types` module `#[non_exhaustive]` and
/// gives each struct with named fields its `new`.
pub fn open_for_additions(file: &mut syn::File) {
    if let Some(items) = types_items(file) {
        let mut constructors = Vec::new();
        for item in items.iter_mut() {
            match item {
                syn::Item::Struct(s) if matches!(s.fields, syn::Fields::Named(_)) => {
                    s.attrs.push(syn::parse_quote! { #[non_exhaustive] });
                    constructors.push(constructor(s));
                }
                syn::Item::Enum(e) => e.attrs.push(syn::parse_quote! { #[non_exhaustive] }),
                _ => {}
            }
        }
        items.extend(constructors);
    }
}

/// The items of the generated `types` module, if the file holds it.
pub(crate) fn types_items(file: &mut syn::File) -> Option<&mut Vec<syn::Item>> {
    file.items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(module) if module.ident == "types" => {
            module.content.as_mut().map(|(_, items)| items)
        }
        _ => None,
    })
}

/// Seals the generated httpmock extension trait (see the module docs).
pub fn seal_mock_trait(file: &mut syn::File) {
    let mut sealed = false;
    for item in &mut file.items {
        if let syn::Item::Trait(t) = item
            && t.ident == "MockServerExt"
        {
            t.supertraits.push(syn::parse_quote! { sealed::Sealed });
            sealed = true;
        }
    }
    if sealed {
        file.items.push(syn::parse_quote! {
            /// Keeps [`MockServerExt`] implemented for httpmock's server only.
            mod sealed {
                pub trait Sealed {}
                impl Sealed for ::httpmock::MockServer {}
            }
        });
    }
}

/// How a field starts in `new`: as a parameter, or at a value.
fn initial_value(field: &syn::Field) -> Option<TokenStream> {
    let mut default = None;
    for attribute in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attribute.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                default = Some(if meta.input.peek(syn::Token![=]) {
                    let path: syn::LitStr = meta.value()?.parse()?;
                    match path.parse::<syn::Path>() {
                        Ok(path) => quote! { #path() },
                        Err(_) => quote! { ::std::default::Default::default() },
                    }
                } else {
                    quote! { ::std::default::Default::default() }
                });
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    default.or_else(|| is_option(&field.ty).then(|| quote! { ::std::option::Option::None }))
}

fn is_option(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    path.path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "Option")
}

fn constructor(item: &syn::ItemStruct) -> syn::Item {
    let name = &item.ident;
    let syn::Fields::Named(fields) = &item.fields else {
        return syn::parse_quote! {};
    };
    let mut parameters = Vec::new();
    let mut values = Vec::new();
    for field in &fields.named {
        let Some(ident) = &field.ident else { continue };
        match initial_value(field) {
            Some(value) => values.push(quote! { #ident: #value }),
            None => {
                let ty = &field.ty;
                parameters.push(quote! { #ident: #ty });
                values.push(quote! { #ident });
            }
        }
    }
    let doc = format!(
        " A `{name}` from its required fields; every other field starts empty \
         (or at its documented default). Set those by assigning them."
    );
    syn::parse_quote! {
        impl #name {
            #[doc = #doc]
            pub fn new(#(#parameters),*) -> Self {
                Self { #(#values),* }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaped(source: &str) -> String {
        let mut file: syn::File = syn::parse_str(source).unwrap();
        open_for_additions(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn types_are_non_exhaustive_and_new_takes_the_required_fields_only() {
        let text = shaped(
            "pub mod types {
                pub struct Body {
                    pub order_no: String,
                    pub cvv: Option<String>,
                    #[serde(default, skip_serializing_if = \"Vec::is_empty\")]
                    pub tickets: Vec<String>,
                    #[serde(default = \"defaults::limit\")]
                    pub limit: u64,
                }
                pub enum Kind { A, B }
                pub struct Code(i64);
            }",
        );
        assert!(
            text.contains("#[non_exhaustive]\n    pub struct Body"),
            "{text}"
        );
        assert!(
            text.contains("#[non_exhaustive]\n    pub enum Kind"),
            "{text}"
        );
        assert!(
            !text.contains("#[non_exhaustive]\n    pub struct Code"),
            "{text}"
        );
        assert!(
            text.contains("pub fn new(order_no: String) -> Self"),
            "{text}"
        );
        for value in [
            "cvv: ::std::option::Option::None",
            "tickets: ::std::default::Default::default()",
            "limit: defaults::limit()",
        ] {
            assert!(text.contains(value), "{value}: {text}");
        }
    }
}
