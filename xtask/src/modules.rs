//! `cargo xtask modules`: the module dependency graph of a crate, and its
//! cycles. A module "uses" another when its code names a path into it
//! (`crate::a::b`, `super::x`, `self::child`, or a child module by name);
//! `#[cfg(test)]` code is left out, and the crate root counts only through
//! what it re-exports (`crate::Client` is a use of the module `Client` comes
//! from; a name the root re-exports by a glob or a macro is a use of the
//! module that defines a public item of that name). A cycle is a set of modules each reachable from the others: the
//! check behind "no module imports one that imports it back".

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;

/// Modules (`crate::a::b`) and, for each, the modules it uses.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Graph {
    /// Every module below the root, by path.
    pub modules: BTreeSet<String>,
    /// Uses, from each module.
    pub uses: BTreeMap<String, BTreeSet<String>>,
}

fn module_path(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?;
    let stem = last.strip_suffix(".rs")?;
    if parts.first().map(String::as_str) == Some("bin") {
        return None;
    }
    if stem != "mod" && stem != "lib" && stem != "main" {
        parts.push(stem.to_owned());
    }
    Some(
        std::iter::once("crate".to_owned())
            .chain(parts)
            .collect::<Vec<_>>()
            .join("::"),
    )
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    Ok(())
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg") && attr.to_token_stream().to_string().contains("test")
    })
}

/// The file's code, without `#[cfg(test)]` items.
fn code(file: &syn::File) -> TokenStream {
    let mut tokens = TokenStream::new();
    for item in &file.items {
        let attrs: &[syn::Attribute] = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            _ => &[],
        };
        // `mod child;` declares a module; it uses nothing.
        let declaration = matches!(item, syn::Item::Mod(m) if m.content.is_none());
        if !is_test_only(attrs) && !declaration {
            item.to_tokens(&mut tokens);
        }
    }
    tokens
}

/// Every path in `tokens` that starts with `crate`, `super`, `self` or one
/// of `heads`, as its segments; `use` groups (`a::{b, c::d}`) are expanded.
fn paths(tokens: TokenStream, heads: &BTreeSet<String>, found: &mut Vec<Vec<String>>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut index = 0;
    while index < trees.len() {
        match &trees[index] {
            TokenTree::Group(group) => paths(group.stream(), heads, found),
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                // `a::crate` continues another path; `x: crate::T` starts one.
                let colon =
                    |at: usize| matches!(&trees[at], TokenTree::Punct(p) if p.as_char() == ':');
                let preceded_by_colons = index >= 2 && colon(index - 1) && colon(index - 2);
                if !preceded_by_colons
                    && (name == "crate"
                        || name == "super"
                        || name == "self"
                        || heads.contains(&name))
                {
                    index = follow(&trees, index, vec![name], found);
                    continue;
                }
            }
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
        index += 1;
    }
}

/// Follows `:: segment` after `trees[index]`; returns the index after the path.
fn follow(
    trees: &[TokenTree],
    mut index: usize,
    mut prefix: Vec<String>,
    found: &mut Vec<Vec<String>>,
) -> usize {
    index += 1;
    loop {
        let colons = matches!(
            (trees.get(index), trees.get(index + 1)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':'
        );
        if !colons {
            break;
        }
        match trees.get(index + 2) {
            Some(TokenTree::Ident(segment)) => {
                prefix.push(segment.to_string());
                index += 3;
            }
            Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                for part in split_commas(group.stream()) {
                    let mut inner = part.into_iter().collect::<Vec<_>>();
                    if let Some(TokenTree::Ident(first)) = inner.first().cloned() {
                        let mut start = prefix.clone();
                        start.push(first.to_string());
                        inner.insert(0, TokenTree::Ident(first));
                        follow(&inner[1..], 0, start, found);
                    }
                }
                return index + 3;
            }
            _ => break,
        }
    }
    // A bare `crate`, `super` or `self` names no item (`pub(super)`, a
    // method's `self`): it uses nothing.
    if prefix.len() > 1 {
        found.push(prefix);
    }
    index
}

fn split_commas(tokens: TokenStream) -> Vec<TokenStream> {
    let mut parts = vec![TokenStream::new()];
    for tree in tokens {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => parts.push(TokenStream::new()),
            _ => {
                if let Some(last) = parts.last_mut() {
                    last.extend(std::iter::once(tree));
                }
            }
        }
    }
    parts
}

/// The module a path names: the longest known module it starts with.
fn resolve(
    current: &str,
    path: &[String],
    modules: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> Option<String> {
    let mut absolute: Vec<String> = current.split("::").map(str::to_owned).collect();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            absolute = vec!["crate".to_owned()];
            rest = &path[1..];
        }
        Some("self") => rest = &path[1..],
        _ => {}
    }
    while rest.first().map(String::as_str) == Some("super") {
        absolute.pop();
        rest = &rest[1..];
    }
    absolute.extend(rest.iter().cloned());
    let mut best = None;
    for length in (2..=absolute.len()).rev() {
        let candidate = absolute[..length].join("::");
        if modules.contains(&candidate) {
            best = Some(candidate);
            break;
        }
    }
    if best.is_none() && absolute.len() >= 2 && absolute[0] == "crate" {
        best = reexports.get(&absolute[1]).cloned();
    }
    best
}

/// The name of an item declared `pub` (not `pub(crate)`), if it has one.
fn public_name(item: &syn::Item) -> Option<String> {
    let (vis, ident) = match item {
        syn::Item::Struct(i) => (&i.vis, &i.ident),
        syn::Item::Enum(i) => (&i.vis, &i.ident),
        syn::Item::Type(i) => (&i.vis, &i.ident),
        syn::Item::Trait(i) => (&i.vis, &i.ident),
        syn::Item::Fn(i) => (&i.vis, &i.sig.ident),
        syn::Item::Const(i) => (&i.vis, &i.ident),
        syn::Item::Static(i) => (&i.vis, &i.ident),
        _ => return None,
    };
    matches!(vis, syn::Visibility::Public(_)).then(|| ident.to_string())
}

/// The module graph of the crate whose sources are under `src` (its root is
/// `lib.rs` or `main.rs`; `src/bin` is left out).
pub fn graph(src: &Path) -> Result<Graph> {
    let mut files = Vec::new();
    rust_files(src, &mut files)?;
    let mut parsed = Vec::new();
    let mut graph = Graph::default();
    for file in files {
        let Some(module) = module_path(src, &file) else {
            continue;
        };
        let text =
            fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
        let syntax =
            syn::parse_file(&text).with_context(|| format!("cannot parse {}", file.display()))?;
        if module != "crate" {
            graph.modules.insert(module.clone());
        }
        parsed.push((module, syntax));
    }
    // What the root re-exports: `pub use a::b::{X, Y}` makes `crate::X` a use of `crate::a::b`.
    let mut reexports = BTreeMap::new();
    if let Some((_, root)) = parsed.iter().find(|(m, _)| m == "crate") {
        for item in &root.items {
            if let syn::Item::Use(item) = item {
                let mut found = Vec::new();
                let heads: BTreeSet<String> = graph
                    .modules
                    .iter()
                    .filter_map(|m| m.strip_prefix("crate::"))
                    .filter(|m| !m.contains("::"))
                    .map(str::to_owned)
                    .collect();
                paths(item.tree.to_token_stream(), &heads, &mut found);
                for path in found {
                    if let (Some(name), Some(module)) = (
                        path.last(),
                        resolve("crate", &path, &graph.modules, &BTreeMap::new()),
                    ) {
                        reexports.insert(name.clone(), module);
                    }
                }
            }
        }
    }
    // Names the root may re-export without naming them (globs, macros): each
    // public item's name, to the module defining it.
    for (module, syntax) in &parsed {
        if module == "crate" {
            continue;
        }
        for item in &syntax.items {
            if let Some(name) = public_name(item) {
                reexports.entry(name).or_insert_with(|| module.clone());
            }
        }
    }
    for (module, syntax) in &parsed {
        if module == "crate" {
            continue;
        }
        let children: BTreeSet<String> = graph
            .modules
            .iter()
            .filter_map(|m| m.strip_prefix(&format!("{module}::")))
            .filter(|m| !m.contains("::"))
            .map(str::to_owned)
            .collect();
        let mut found = Vec::new();
        paths(code(syntax), &children, &mut found);
        let targets: BTreeSet<String> = found
            .iter()
            .filter_map(|path| resolve(module, path, &graph.modules, &reexports))
            .filter(|target| target != module)
            .collect();
        graph
            .uses
            .entry(module.clone())
            .or_default()
            .extend(targets);
    }
    Ok(graph)
}

/// The cycles: sets of two or more modules that all reach each other
/// (strongly connected components, by Tarjan's algorithm).
pub fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(state: &mut State<'g>, node: &'g str) {
        state.index.insert(node, state.next);
        state.low.insert(node, state.next);
        state.next += 1;
        state.stack.push(node);
        state.on_stack.insert(node);
        let graph = state.graph;
        for target in graph.uses.get(node).into_iter().flatten() {
            let target = target.as_str();
            if !state.index.contains_key(target) {
                visit(state, target);
                let low = state.low[target].min(state.low[node]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(target) {
                let low = state.index[target].min(state.low[node]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = Vec::new();
            while let Some(top) = state.stack.pop() {
                state.on_stack.remove(top);
                component.push(top.to_owned());
                if top == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                state.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for module in &graph.modules {
        if !state.index.contains_key(module.as_str()) {
            visit(&mut state, module);
        }
    }
    state.found.sort();
    state.found
}
