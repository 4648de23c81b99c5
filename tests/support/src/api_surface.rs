//! A readable listing of the public API of a generated file.
//!
//! One line per item: every type in `types` (struct fields with their Rust type
//! and JSON name, enum variants, the values a validated integer newtype
//! accepts, the pattern a validated string newtype enforces), every `Client`
//! method, every public method of the operation builders, and every constant
//! of an operation module (method, path, success statuses, media types).

use quote::ToTokens;
use syn::{Expr, ImplItem, Item, Lit, Type, Visibility};

/// Lists the public API of the Rust source `source`, one item per line.
pub fn api_surface(source: &str) -> Result<String, syn::Error> {
    let file = syn::parse_file(source)?;
    let mut lines = Vec::new();
    for item in &file.items {
        match item {
            Item::Mod(module) if module.ident == "types" => {
                if let Some((_, items)) = &module.content {
                    list_types(items, &mut lines);
                }
            }
            Item::Mod(module) if module.ident == "builder" => {
                if let Some((_, items)) = &module.content {
                    list_impls(items, "builder::", &mut lines);
                }
            }
            Item::Impl(_) => list_impls(std::slice::from_ref(item), "", &mut lines),
            Item::Mod(module) if is_pub(&module.vis) => {
                if let Some((_, items)) = &module.content {
                    list_consts(&module.ident.to_string(), items, &mut lines);
                }
            }
            _ => {}
        }
    }
    lines.push(String::new());
    Ok(lines.join("\n"))
}

fn list_types(items: &[Item], lines: &mut Vec<String>) {
    for item in items {
        match item {
            Item::Struct(s) if is_pub(&s.vis) => match &s.fields {
                syn::Fields::Named(named) => {
                    lines.push(format!("struct types::{}", s.ident));
                    for field in &named.named {
                        let Some(ident) = &field.ident else { continue };
                        let json = serde_rename(&field.attrs).unwrap_or_else(|| ident.to_string());
                        lines.push(format!(
                            "    {ident}: {} (json \"{json}\")",
                            type_name(&field.ty)
                        ));
                    }
                }
                syn::Fields::Unnamed(unnamed) => {
                    let inner: Vec<String> =
                        unnamed.unnamed.iter().map(|f| type_name(&f.ty)).collect();
                    let mut line = format!("newtype types::{}({})", s.ident, inner.join(", "));
                    if let Some(values) = accepted_values(items, &s.ident.to_string()) {
                        line.push_str(&format!(" accepts {values}"));
                    }
                    if let Some(pattern) = enforced_pattern(items, &s.ident.to_string()) {
                        line.push_str(&format!(" matches {pattern}"));
                    }
                    lines.push(line);
                }
                syn::Fields::Unit => lines.push(format!("unit types::{}", s.ident)),
            },
            Item::Enum(e) if is_pub(&e.vis) => {
                lines.push(format!("enum types::{}", e.ident));
                for variant in &e.variants {
                    let fields: Vec<String> =
                        variant.fields.iter().map(|f| type_name(&f.ty)).collect();
                    if fields.is_empty() {
                        lines.push(format!("    {}", variant.ident));
                    } else {
                        lines.push(format!("    {}({})", variant.ident, fields.join(", ")));
                    }
                }
            }
            Item::Type(t) if is_pub(&t.vis) => {
                lines.push(format!("type types::{} = {}", t.ident, type_name(&t.ty)));
            }
            _ => {}
        }
    }
}

fn list_consts(module: &str, items: &[Item], lines: &mut Vec<String>) {
    for item in items {
        if let Item::Const(constant) = item
            && is_pub(&constant.vis)
        {
            lines.push(format!(
                "const {module}::{}: {} = {}",
                constant.ident,
                type_name(&constant.ty),
                normalise(&constant.expr.to_token_stream().to_string())
            ));
        }
    }
}

fn list_impls(items: &[Item], prefix: &str, lines: &mut Vec<String>) {
    for item in items {
        let Item::Impl(block) = item else { continue };
        if block.trait_.is_some() {
            continue;
        }
        let owner = type_name(&block.self_ty);
        for member in &block.items {
            let ImplItem::Fn(function) = member else {
                continue;
            };
            if !is_pub(&function.vis) {
                continue;
            }
            let signature = &function.sig;
            let inputs: Vec<String> = signature
                .inputs
                .iter()
                .map(|input| normalise(&input.to_token_stream().to_string()))
                .collect();
            let output = match &signature.output {
                syn::ReturnType::Default => String::new(),
                syn::ReturnType::Type(_, ty) => format!(" -> {}", type_name(ty)),
            };
            let asyncness = if signature.asyncness.is_some() {
                "async "
            } else {
                ""
            };
            lines.push(format!(
                "{asyncness}fn {prefix}{owner}::{}({}){output}",
                signature.ident,
                inputs.join(", ")
            ));
        }
    }
}

fn is_pub(visibility: &Visibility) -> bool {
    matches!(visibility, Visibility::Public(_))
}

/// The `rename = "..."` of a field's `#[serde(...)]` attribute, if any.
fn serde_rename(attributes: &[syn::Attribute]) -> Option<String> {
    let mut rename = None;
    for attribute in attributes.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attribute.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    rename
}

/// For a newtype validated by `TryFrom<i64>` against a list of literals
/// (typify's integer enums), the list.
fn accepted_values(items: &[Item], name: &str) -> Option<String> {
    let block = trait_impl(items, "TryFrom", name)?;
    let mut values = None;
    find_array(&block.to_token_stream().to_string(), &mut values);
    values
}

fn find_array(tokens: &str, out: &mut Option<String>) {
    // typify writes the accepted values as `[1_i64, 3_i64, ...]`.
    let Some(start) = tokens.find('[') else {
        return;
    };
    let Some(end) = tokens[start..].find(']') else {
        return;
    };
    let values: Vec<String> = tokens[start + 1..start + end]
        .split(',')
        .map(|v| v.trim().trim_end_matches("_i64").replace(' ', ""))
        .filter(|v| !v.is_empty())
        .collect();
    if !values.is_empty() && values.iter().all(|v| v.parse::<i64>().is_ok()) {
        *out = Some(format!("[{}]", values.join(", ")));
    }
}

/// For a newtype validated by `FromStr` against a regular expression
/// (typify's string patterns), the pattern.
fn enforced_pattern(items: &[Item], name: &str) -> Option<String> {
    let block = trait_impl(items, "FromStr", name)?;
    let mut pattern = None;
    for member in &block.items {
        let ImplItem::Fn(function) = member else {
            continue;
        };
        find_str_literal(&function.block.to_token_stream(), &mut pattern);
    }
    pattern
}

fn find_str_literal(tokens: &proc_macro2::TokenStream, out: &mut Option<String>) {
    for token in tokens.clone() {
        if out.is_some() {
            return;
        }
        match token {
            proc_macro2::TokenTree::Literal(literal) => {
                if let Ok(Lit::Str(s)) = syn::parse_str::<Lit>(&literal.to_string())
                    && s.value().starts_with('^')
                {
                    *out = Some(s.value());
                }
            }
            proc_macro2::TokenTree::Group(group) => find_str_literal(&group.stream(), out),
            _ => {}
        }
    }
}

fn trait_impl<'a>(
    items: &'a [Item],
    trait_name: &str,
    self_name: &str,
) -> Option<&'a syn::ItemImpl> {
    items.iter().find_map(|item| {
        let Item::Impl(block) = item else { return None };
        let (path, _) = block.trait_.as_ref()?;
        let last = path.segments.last()?;
        let is_trait = last.ident == trait_name;
        let takes_i64_or_str = match &last.arguments {
            syn::PathArguments::AngleBracketed(args) => {
                normalise(&args.to_token_stream().to_string()) == "<i64>"
            }
            syn::PathArguments::None => true,
            syn::PathArguments::Parenthesized(_) => false,
        };
        let is_self = matches!(&*block.self_ty, Type::Path(p) if p.path.is_ident(self_name));
        (is_trait && takes_i64_or_str && is_self).then_some(block)
    })
}

/// A type as a reader writes it: without `::std::...` prefixes or token spaces.
fn type_name(ty: &Type) -> String {
    normalise(&ty.to_token_stream().to_string())
}

fn normalise(tokens: &str) -> String {
    // Join the token text without spaces, except between two words.
    let mut text = String::new();
    for word in tokens.split_whitespace() {
        let join_with_space = text.ends_with(|c: char| c.is_alphanumeric() || c == '_')
            && word.starts_with(|c: char| c.is_alphanumeric() || c == '_');
        if join_with_space {
            text.push(' ');
        }
        text.push_str(word);
    }
    let mut text = text
        .replace(",>", ">")
        .replace(',', ", ")
        .replace("::", "\u{0}")
        .replace(':', ": ")
        .replace('\u{0}', "::");
    for prefix in [
        "::std::option::",
        "::std::string::",
        "::std::vec::",
        "::std::collections::",
        "std::option::",
        "std::string::",
        "std::vec::",
    ] {
        text = text.replace(prefix, "");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_fields_with_json_names_and_newtype_values() {
        let source = r#"
            pub mod types {
                pub struct Body {
                    #[serde(rename = "orderNo")]
                    pub order_no: ::std::string::String,
                    pub plain: ::std::option::Option<i64>,
                }
                pub struct Method(i64);
                impl ::std::convert::TryFrom<i64> for Method {
                    type Error = String;
                    fn try_from(value: i64) -> Result<Self, String> {
                        if ![1_i64, 3_i64].contains(&value) { Err("no".into()) } else { Ok(Self(value)) }
                    }
                }
                pub enum Status { Known(Method), Int64(i64) }
            }
        "#;
        let listing = api_surface(source).unwrap();
        assert_eq!(
            listing,
            "struct types::Body\n    order_no: String (json \"orderNo\")\n    plain: Option<i64> (json \"plain\")\n\
             newtype types::Method(i64) accepts [1, 3]\nenum types::Status\n    Known(Method)\n    Int64(i64)\n"
        );
    }
}
