//! The public API of generated Rust source, as data and as a readable listing.
//!
//! One [`Item`] per public thing a caller can name: every type in `types`
//! (struct fields with their Rust type and JSON name, enum variants with
//! their JSON value, the values a validated integer newtype accepts, the
//! pattern a validated string newtype enforces, the traits each type
//! implements), every `Client` method, every public method of the operation
//! builders with its generic bounds, and every constant of an operation
//! module. The listing is what the API snapshot holds; the data is what
//! [`fn@super::compare`] compares.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use quote::ToTokens;
use syn::{Expr, ImplItem, Item as SynItem, Lit, Type, Visibility};

/// What kind of item a listing entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A struct with named fields.
    Struct,
    /// A tuple struct (typify's validated and transparent newtypes).
    Newtype,
    /// A unit struct (the operation marker types).
    Unit,
    /// An enum.
    Enum,
    /// A type alias.
    Alias,
    /// A public function or method.
    Fn,
    /// A public constant.
    Const,
}

impl Kind {
    /// The word the listing starts the item's line with.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Struct => "struct",
            Kind::Newtype => "newtype",
            Kind::Unit => "unit",
            Kind::Enum => "enum",
            Kind::Alias => "type",
            Kind::Fn => "fn",
            Kind::Const => "const",
        }
    }

    /// Whether the item is a type (which other items name).
    pub fn is_type(self) -> bool {
        matches!(
            self,
            Kind::Struct | Kind::Newtype | Kind::Unit | Kind::Enum | Kind::Alias
        )
    }
}

/// A struct field or an enum variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The Rust name.
    pub name: String,
    /// The Rust type (a field's), or the payload types (a variant's, joined
    /// by `, `; empty for a unit variant).
    pub ty: String,
    /// The JSON name or value: the field's key, the variant's string.
    pub json: Option<String>,
    /// A field that may be absent (`#[serde(default)]`).
    pub defaulted: bool,
}

impl Member {
    fn render(&self, kind: Kind) -> String {
        match kind {
            Kind::Enum => {
                let mut line = self.name.clone();
                if !self.ty.is_empty() {
                    let _ = write!(line, "({})", self.ty);
                }
                if let Some(json) = &self.json {
                    let _ = write!(line, " (json \"{json}\")");
                }
                line
            }
            _ => format!(
                "{}: {} (json \"{}\")",
                self.name,
                self.ty,
                self.json.as_deref().unwrap_or(&self.name)
            ),
        }
    }
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What it is.
    pub kind: Kind,
    /// Its path from the crate root, as callers write it (`types::PayBody`,
    /// `Client::pay`, `builder::Pay<'a>::body`, `pay::PATH`).
    pub path: String,
    /// The rest of its declaration: a newtype's inner types, an alias's
    /// target, a function's signature, a constant's type and value.
    pub signature: String,
    /// A newtype's accepted values or enforced pattern.
    pub validation: Option<String>,
    /// Serde container attributes that shape the wire (`untagged`,
    /// `transparent`, `deny_unknown_fields`) and `non_exhaustive`.
    pub markers: BTreeSet<String>,
    /// Traits it implements, derived or not (its own name written `Self`).
    pub traits: BTreeSet<String>,
    /// Fields or variants, in declaration order.
    pub members: Vec<Member>,
}

impl Item {
    fn new(kind: Kind, path: String) -> Self {
        Item {
            kind,
            path,
            signature: String::new(),
            validation: None,
            markers: BTreeSet::new(),
            traits: BTreeSet::new(),
            members: Vec::new(),
        }
    }

    /// The item's bare name: the last segment of its path (a type's name).
    pub fn name(&self) -> &str {
        self.path.rsplit("::").next().unwrap_or(&self.path)
    }

    /// The item's line in the listing, without its members.
    pub fn header(&self) -> String {
        let asyncness = if self.markers.contains("async") {
            "async "
        } else {
            ""
        };
        let mut line = format!("{asyncness}{} {}", self.kind.as_str(), self.path);
        line.push_str(&self.signature);
        for marker in self.markers.iter().filter(|m| *m != "async") {
            let _ = write!(line, " #{marker}");
        }
        if !self.traits.is_empty() {
            let traits: Vec<&str> = self.traits.iter().map(String::as_str).collect();
            let _ = write!(line, ": {}", traits.join(" + "));
        }
        if let Some(validation) = &self.validation {
            let _ = write!(line, " {validation}");
        }
        line
    }

    /// The item's lines in the listing: its header and one indented line per member.
    pub fn render(&self) -> String {
        let mut text = self.header();
        for member in &self.members {
            let _ = write!(text, "\n    {}", member.render(self.kind));
        }
        text
    }

    /// A validated newtype's list: whether it accepts (or refuses) the
    /// values, and the values as the listing writes them (`1`, `"a"`).
    pub fn validation_list(&self) -> Option<(bool, Vec<String>)> {
        let text = self.validation.as_deref()?;
        let (accepts, rest) = match text.strip_prefix("accepts [") {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix("refuses [")?),
        };
        let list = rest.split(']').next()?;
        Some((accepts, list.split(", ").map(str::to_owned).collect()))
    }

    /// A member's line, as the listing writes it.
    pub fn member_line(&self, member: &Member) -> String {
        member.render(self.kind)
    }
}

/// The public API of one or more generated files, in source order.
#[derive(Debug, Clone, Default)]
pub struct Surface {
    /// Every item, in the order the files declare them.
    pub items: Vec<Item>,
    /// Where each path is in `items`.
    index: std::collections::HashMap<String, usize>,
}

impl Surface {
    /// Adds the public items of the Rust source `source`.
    pub fn add_source(&mut self, source: &str) -> Result<(), syn::Error> {
        self.add_file(&syn::parse_file(source)?);
        Ok(())
    }

    /// Adds the public items of a parsed file.
    pub fn add_file(&mut self, file: &syn::File) {
        let start = self.items.len();
        self.list_file(file);
        for (offset, item) in self.items[start..].iter().enumerate() {
            self.index
                .entry(item.path.clone())
                .or_insert(start + offset);
        }
    }

    fn list_file(&mut self, file: &syn::File) {
        for item in &file.items {
            match item {
                SynItem::Mod(module) if module.ident == "types" => {
                    if let Some((_, items)) = &module.content {
                        list_types(items, &mut self.items);
                    }
                }
                SynItem::Mod(module) if module.ident == "builder" => {
                    if let Some((_, items)) = &module.content {
                        list_impls(items, "builder::", &mut self.items);
                    }
                }
                SynItem::Impl(_) => list_impls(std::slice::from_ref(item), "", &mut self.items),
                SynItem::Mod(module) if is_pub(&module.vis) => {
                    if let Some((_, items)) = &module.content {
                        list_consts(&module.ident.to_string(), items, &mut self.items);
                    }
                }
                _ => {}
            }
        }
    }

    /// The listing: one line per item and per member, ending with a newline.
    pub fn listing(&self) -> String {
        let mut text = String::new();
        for item in &self.items {
            text.push_str(&item.render());
            text.push('\n');
        }
        text
    }

    /// Every operation module's (module, method, path), from its `METHOD`
    /// and `PATH` constants.
    pub fn operations(&self) -> Vec<(String, String, String)> {
        let value = |item: &Item| {
            item.signature
                .rsplit(" = ")
                .next()
                .unwrap_or("")
                .trim_matches('"')
                .to_owned()
        };
        self.items
            .iter()
            .filter(|i| i.kind == Kind::Const)
            .filter_map(|item| {
                let module = item.path.strip_suffix("::PATH")?;
                let method = self.get(&format!("{module}::METHOD"))?;
                Some((module.to_owned(), value(method), value(item)))
            })
            .collect()
    }

    /// The item with this path, if any.
    pub fn get(&self, path: &str) -> Option<&Item> {
        self.index.get(path).and_then(|&at| self.items.get(at))
    }
}

fn list_types(items: &[SynItem], out: &mut Vec<Item>) {
    // Each type's trait impls, found once (a large document has thousands).
    let mut impls: std::collections::HashMap<String, Vec<&syn::ItemImpl>> =
        std::collections::HashMap::new();
    for item in items {
        if let SynItem::Impl(block) = item
            && block.trait_.is_some()
            && let Type::Path(path) = &*block.self_ty
            && let Some(ident) = path.path.get_ident()
        {
            impls.entry(ident.to_string()).or_default().push(block);
        }
    }
    let none = Vec::new();
    for item in items {
        let (mut entry, attributes, ident) = match item {
            SynItem::Struct(s) if is_pub(&s.vis) => {
                let path = format!("types::{}", s.ident);
                let entry = match &s.fields {
                    syn::Fields::Named(named) => {
                        let mut entry = Item::new(Kind::Struct, path);
                        for field in &named.named {
                            let Some(ident) = &field.ident else { continue };
                            let serde = SerdeAttributes::of(&field.attrs);
                            entry.members.push(Member {
                                name: ident.to_string(),
                                ty: type_name(&field.ty),
                                json: Some(serde.rename.unwrap_or_else(|| ident.to_string())),
                                defaulted: serde.default,
                            });
                        }
                        entry
                    }
                    syn::Fields::Unnamed(unnamed) => {
                        let mut entry = Item::new(Kind::Newtype, path);
                        let inner: Vec<String> =
                            unnamed.unnamed.iter().map(|f| type_name(&f.ty)).collect();
                        entry.signature = format!("({})", inner.join(", "));
                        let own = impls.get(&s.ident.to_string()).unwrap_or(&none);
                        let accepts = accepted_values(own);
                        let matches = enforced_pattern(own).map(|p| format!("matches {p}"));
                        let validation: Vec<String> = accepts.into_iter().chain(matches).collect();
                        if !validation.is_empty() {
                            entry.validation = Some(validation.join(" "));
                        }
                        entry
                    }
                    syn::Fields::Unit => Item::new(Kind::Unit, path),
                };
                (entry, &s.attrs, &s.ident)
            }
            SynItem::Enum(e) if is_pub(&e.vis) => {
                let mut entry = Item::new(Kind::Enum, format!("types::{}", e.ident));
                for variant in &e.variants {
                    let fields: Vec<String> =
                        variant.fields.iter().map(|f| type_name(&f.ty)).collect();
                    entry.members.push(Member {
                        name: variant.ident.to_string(),
                        ty: fields.join(", "),
                        json: SerdeAttributes::of(&variant.attrs).rename,
                        defaulted: false,
                    });
                }
                (entry, &e.attrs, &e.ident)
            }
            SynItem::Type(t) if is_pub(&t.vis) => {
                let mut entry = Item::new(Kind::Alias, format!("types::{}", t.ident));
                entry.signature = format!(" = {}", type_name(&t.ty));
                (entry, &t.attrs, &t.ident)
            }
            _ => continue,
        };
        entry.markers = markers(attributes);
        let name = ident.to_string();
        entry.traits = traits_of(impls.get(&name).unwrap_or(&none), attributes, &name);
        out.push(entry);
    }
    // The types' own functions (the constructors `new`), unless behind a
    // feature (typify's `builder()`).
    let inherent: Vec<SynItem> = items
        .iter()
        .filter(|item| {
            matches!(item, SynItem::Impl(block)
                if block.trait_.is_none()
                    && !block.attrs.iter().any(|a| a.path().is_ident("cfg")))
        })
        .cloned()
        .collect();
    list_impls(&inherent, "types::", out);
}

/// The serde attributes of a field or variant that decide its JSON.
#[derive(Default)]
struct SerdeAttributes {
    rename: Option<String>,
    default: bool,
}

impl SerdeAttributes {
    fn of(attributes: &[syn::Attribute]) -> Self {
        let mut found = SerdeAttributes::default();
        for attribute in attributes.iter().filter(|a| a.path().is_ident("serde")) {
            let _ = attribute.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    let value: syn::LitStr = meta.value()?.parse()?;
                    found.rename = Some(value.value());
                } else if meta.path.is_ident("default") {
                    found.default = true;
                    if meta.input.peek(syn::Token![=]) {
                        let _: Expr = meta.value()?.parse()?;
                    }
                } else if meta.input.peek(syn::Token![=]) {
                    let _: Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
        }
        found
    }
}

/// Container attributes that shape the wire or the API: serde's `untagged`,
/// `transparent` and `deny_unknown_fields`, and `non_exhaustive`.
fn markers(attributes: &[syn::Attribute]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for attribute in attributes {
        if attribute.path().is_ident("non_exhaustive") {
            found.insert("non_exhaustive".to_owned());
        }
        if attribute.path().is_ident("serde") {
            let _ = attribute.parse_nested_meta(|meta| {
                for marker in ["untagged", "transparent", "deny_unknown_fields"] {
                    if meta.path.is_ident(marker) {
                        found.insert(marker.to_owned());
                    }
                }
                if meta.input.peek(syn::Token![=]) {
                    let _: Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
        }
    }
    found
}

/// The traits a type derives (unconditionally: not the `schemars` one behind
/// a feature) and implements in the same module, its own name written `Self`.
fn traits_of(
    impls: &[&syn::ItemImpl],
    attributes: &[syn::Attribute],
    name: &str,
) -> BTreeSet<String> {
    let mut traits = BTreeSet::new();
    for attribute in attributes.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attribute.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                traits.insert(last.ident.to_string());
            }
            Ok(())
        });
    }
    for block in impls {
        let Some((path, _)) = &block.trait_ else {
            continue;
        };
        if block.attrs.iter().any(|a| a.path().is_ident("cfg")) {
            continue;
        }
        let Some(last) = path.segments.last() else {
            continue;
        };
        let text = normalise(&last.to_token_stream().to_string());
        traits.insert(self_named(&text, name));
    }
    traits
}

/// `text` with the whole word `name` written `Self`.
fn self_named(text: &str, name: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + name.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        if word(before) || word(after) {
            out.push_str(name);
        } else {
            out.push_str("Self");
        }
        rest = &rest[at + name.len()..];
    }
    out.push_str(rest);
    out
}

fn list_consts(module: &str, items: &[SynItem], out: &mut Vec<Item>) {
    for item in items {
        if let SynItem::Const(constant) = item
            && is_pub(&constant.vis)
        {
            let mut entry = Item::new(Kind::Const, format!("{module}::{}", constant.ident));
            entry.signature = format!(
                ": {} = {}",
                type_name(&constant.ty),
                normalise(&constant.expr.to_token_stream().to_string())
            );
            out.push(entry);
        }
    }
}

fn list_impls(items: &[SynItem], prefix: &str, out: &mut Vec<Item>) {
    for item in items {
        let SynItem::Impl(block) = item else { continue };
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
                .map(|input| match input {
                    syn::FnArg::Typed(typed) => format!(
                        "{}: {}",
                        normalise(&typed.pat.to_token_stream().to_string()),
                        type_name(&typed.ty)
                    ),
                    syn::FnArg::Receiver(_) => normalise(&input.to_token_stream().to_string()),
                })
                .collect();
            let generics = if signature.generics.params.is_empty() {
                String::new()
            } else {
                normalise(&signature.generics.to_token_stream().to_string())
            };
            let output = match &signature.output {
                syn::ReturnType::Default => String::new(),
                syn::ReturnType::Type(_, ty) => format!(" -> {}", type_name(ty)),
            };
            let bounds = match &signature.generics.where_clause {
                Some(clause) => format!(
                    " {}",
                    normalise(&clause.to_token_stream().to_string())
                        .trim_end_matches(", ")
                        .trim_end_matches(',')
                ),
                None => String::new(),
            };
            let mut entry = Item::new(Kind::Fn, format!("{prefix}{owner}::{}", signature.ident));
            entry.signature = format!("{generics}({}){output}{bounds}", inputs.join(", "));
            if signature.asyncness.is_some() {
                entry.markers.insert("async".to_owned());
            }
            out.push(entry);
        }
    }
}

fn is_pub(visibility: &Visibility) -> bool {
    matches!(visibility, Visibility::Public(_))
}

/// For a newtype validated by `TryFrom<i64>` or `TryFrom<String>` against a
/// list of literals (typify's integer enums, and the strings an open enum's
/// catch-all refuses), `accepts [..]` or `refuses [..]`.
fn accepted_values(impls: &[&syn::ItemImpl]) -> Option<String> {
    let block = trait_impl(impls, "TryFrom")?;
    let tokens = block.to_token_stream().to_string();
    let start = tokens.find('[')?;
    let end = tokens[start..].find(']')?;
    let negated = tokens[..start].trim_end().ends_with('!');
    let list = &tokens[start + 1..start + end];
    // typify writes integers as `[1_i64, 3_i64]`, strings as `["a".to_string(), ...]`.
    let values: Vec<String> = list
        .split(',')
        .map(|v| {
            let v = v.trim();
            match v.find('"') {
                Some(open) => {
                    let rest = &v[open..];
                    let close = rest[1..].find('"').map_or(rest.len(), |c| c + 2);
                    rest[..close].to_owned()
                }
                None => v.trim_end_matches("_i64").replace(' ', ""),
            }
        })
        .filter(|v| !v.is_empty())
        .collect();
    let integers = values.iter().all(|v| v.parse::<i64>().is_ok());
    let strings = values.iter().all(|v| v.starts_with('"'));
    if values.is_empty() || !(integers || strings) {
        return None;
    }
    // `if ![..].contains(&value) { Err }` accepts the list; without `!`, it refuses it.
    let verb = if negated { "accepts" } else { "refuses" };
    Some(format!("{verb} [{}]", values.join(", ")))
}

/// For a newtype validated by `FromStr` against a regular expression
/// (typify's string patterns), the pattern.
fn enforced_pattern(impls: &[&syn::ItemImpl]) -> Option<String> {
    let block = trait_impl(impls, "FromStr")?;
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

/// The type's impl of `trait_name` taking `i64` or `String` (or nothing).
fn trait_impl<'a>(impls: &[&'a syn::ItemImpl], trait_name: &str) -> Option<&'a syn::ItemImpl> {
    impls.iter().copied().find(|block| {
        let Some((path, _)) = block.trait_.as_ref() else {
            return false;
        };
        let Some(last) = path.segments.last() else {
            return false;
        };
        let takes_i64_or_str = match &last.arguments {
            syn::PathArguments::AngleBracketed(args) => matches!(
                normalise(&args.to_token_stream().to_string()).as_str(),
                "<i64>" | "<String>"
            ),
            syn::PathArguments::None => true,
            syn::PathArguments::Parenthesized(_) => false,
        };
        last.ident == trait_name && takes_i64_or_str
    })
}

/// A type as a reader writes it: without `::std::...` prefixes or token spaces.
pub fn type_name(ty: &Type) -> String {
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
        .replace("<'de>", "")
        .replace(",)", ")")
        .replace(",]", "]")
        .replace(",}", "}")
        .replace(")->", ") -> ")
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
        "::std::convert::",
        "::std::fmt::",
        "::std::str::",
        "::std::ops::",
        "::std::result::",
        "::std::",
        "std::option::",
        "std::string::",
        "std::vec::",
        "std::convert::",
        "std::ops::",
        "std::fmt::",
        "::serde::",
        "::serde_json::",
    ] {
        text = text.replace(prefix, "");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_surface(source: &str) -> Result<String, syn::Error> {
        let mut surface = Surface::default();
        surface.add_source(source)?;
        Ok(surface.listing())
    }

    #[test]
    fn lists_fields_with_json_names_newtype_values_and_traits() {
        let source = r#"
            pub mod types {
                #[derive(::serde::Deserialize, Clone)]
                pub struct Body {
                    #[serde(rename = "orderNo")]
                    pub order_no: ::std::string::String,
                    #[serde(default)]
                    pub plain: ::std::option::Option<i64>,
                }
                impl ::std::convert::From<&Body> for Body {
                    fn from(value: &Body) -> Self { value.clone() }
                }
                pub struct Method(i64);
                impl ::std::convert::TryFrom<i64> for Method {
                    type Error = String;
                    fn try_from(value: i64) -> Result<Self, String> {
                        if ![1_i64, 3_i64].contains(&value) { Err("no".into()) } else { Ok(Self(value)) }
                    }
                }
                #[serde(untagged)]
                pub enum Status { Known(Method), Int64(i64) }
            }
        "#;
        let listing = api_surface(source).unwrap();
        assert_eq!(
            listing,
            "struct types::Body: Clone + Deserialize + From<&Self>\n    order_no: String (json \"orderNo\")\n    plain: Option<i64> (json \"plain\")\n\
             newtype types::Method(i64): TryFrom<i64> accepts [1, 3]\n\
             enum types::Status #untagged\n    Known(Method)\n    Int64(i64)\n"
        );
    }

    #[test]
    fn a_method_keeps_its_generic_bounds() {
        let source = r#"
            pub mod builder {
                impl<'a> Pay<'a> {
                    pub fn body<V>(mut self, value: V) -> Self
                    where V: std::convert::TryInto<types::PayBody>, { self }
                    pub async fn send(self) -> Result<(), ()> { Ok(()) }
                }
            }
        "#;
        assert_eq!(
            api_surface(source).unwrap(),
            "fn builder::Pay<'a>::body<V>(mut self, value: V) -> Self where V: TryInto<types::PayBody>\n\
             async fn builder::Pay<'a>::send(self) -> Result<(), ()>\n"
        );
    }
}
