//! The operations file: each operation's method, path, success statuses and
//! media types as constants, generated from the effective document.
//!
//! Progenitor puts these facts only inside each operation's `send()`. A caller
//! that sends the generated types through its own request path (the
//! `atlas-pay` client does, to keep a payment's round trip as short as a
//! hand-written one) takes them from here, so the path still comes from the
//! document and a spec change still shows up as a compile-visible diff.

use anyhow::{Context, Result, anyhow, bail};
use openapiv3::{OpenAPI, Operation, ReferenceOr, StatusCode};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The tokens of `atlas-pay-gen/src/operations.rs`: one module per operation,
/// named after its `operationId` in snake case.
pub fn tokens(spec: &OpenAPI) -> Result<TokenStream> {
    let mut modules = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            bail!("path {path} is a $ref; the generator needs the path item inline");
        };
        for (method, operation) in item.iter() {
            modules.push(
                module(path, method, operation)
                    .with_context(|| format!("operation {} {path}", method.to_uppercase()))?,
            );
        }
    }
    Ok(quote! {
        //! Each operation's method, path, success statuses and media types, from
        //! the effective document: for sending the generated types without the
        //! generated builder.
        #(#modules)*
    })
}

fn module(path: &str, method: &str, operation: &Operation) -> Result<TokenStream> {
    let id = operation
        .operation_id
        .as_deref()
        .ok_or_else(|| anyhow!("has no operationId"))?;
    let name = Ident::new(&snake_case(id), Span::call_site());
    let method_name = method.to_uppercase();
    let method_const = Ident::new(&method_name, Span::call_site());
    let (statuses, response_type) = success(operation)?;
    let statuses = statuses
        .into_iter()
        .map(proc_macro2::Literal::u16_unsuffixed);
    let summary = operation.summary.as_deref().unwrap_or(id);
    let heading = format!(" `{method_name} {path}`: {summary} (operationId `{id}`).");
    let request_type = operation
        .request_body
        .as_ref()
        .map(|body| match body {
            ReferenceOr::Item(body) => Ok(body.content.keys().next().cloned()),
            ReferenceOr::Reference { reference } => Err(anyhow!(
                "its request body is a $ref ({reference}); the generator needs it inline"
            )),
        })
        .transpose()?
        .flatten();
    let request_const = request_type.map(|media| {
        quote! {
            /// The media type of the request body.
            pub const REQUEST_CONTENT_TYPE: &str = #media;
        }
    });
    let response_const = response_type.map(|media| {
        quote! {
            /// The media type of the success response's body.
            pub const RESPONSE_CONTENT_TYPE: &str = #media;
        }
    });
    Ok(quote! {
        #[doc = #heading]
        pub mod #name {
            /// The `operationId`.
            pub const OPERATION_ID: &str = #id;
            /// The HTTP method.
            pub const METHOD: ::reqwest::Method = ::reqwest::Method::#method_const;
            /// The path, appended to the client's base URL.
            pub const PATH: &str = #path;
            /// The documented success statuses (every 2xx response), in document order.
            pub const SUCCESS_STATUSES: &[u16] = &[#(#statuses),*];
            #request_const
            #response_const
        }
    })
}

/// Every documented 2xx status, and the first media type of the first one.
fn success(operation: &Operation) -> Result<(Vec<u16>, Option<String>)> {
    let successes: Vec<_> = operation
        .responses
        .responses
        .iter()
        .filter_map(|(code, response)| match code {
            StatusCode::Code(status @ 200..=299) => Some((*status, response)),
            _ => None,
        })
        .collect();
    let Some((_, first)) = successes.first() else {
        bail!("documents no 2xx response");
    };
    let media = match first {
        ReferenceOr::Item(response) => response.content.keys().next().cloned(),
        ReferenceOr::Reference { .. } => None,
    };
    Ok((successes.iter().map(|(status, _)| *status).collect(), media))
}

/// `operationId` in snake case: `payOrder` → `pay_order`, `Pay-Order` → `pay_order`.
fn snake_case(id: &str) -> String {
    let mut name = String::with_capacity(id.len() + 4);
    let mut previous_lower = false;
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && previous_lower {
                name.push('_');
            }
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('_') && !name.is_empty() {
            name.push('_');
            previous_lower = false;
        }
    }
    let name = name.trim_end_matches('_').to_owned();
    match name.chars().next() {
        Some(first) if first.is_ascii_digit() => format!("op_{name}"),
        None => "operation".to_owned(),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(paths: serde_json::Value) -> OpenAPI {
        serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "1" },
            "paths": paths,
        }))
        .expect("a valid document")
    }

    #[test]
    fn each_operation_gets_its_method_path_and_status() {
        let document = spec(serde_json::json!({
            "/pay.do": { "post": {
                "operationId": "pay",
                "requestBody": { "content": { "application/json": { "schema": {} } } },
                "responses": {
                    "default": { "description": "error" },
                    "201": { "description": "ok", "content": { "application/json": { "schema": {} } } },
                    "202": { "description": "accepted" }
                }
            }},
            "/orders/{id}": { "get": {
                "operationId": "getOrder",
                "responses": { "204": { "description": "no body" } }
            }}
        }));
        let text = tokens(&document).expect("generates").to_string();
        assert!(text.contains("pub mod pay"), "{text}");
        assert!(
            text.contains("pub const PATH : & str = \"/pay.do\""),
            "{text}"
        );
        assert!(text.contains(":: reqwest :: Method :: POST"), "{text}");
        assert!(
            text.contains("pub const SUCCESS_STATUSES : & [u16] = & [201 , 202]"),
            "{text}"
        );
        assert!(text.contains("pub mod get_order"), "{text}");
        assert!(text.contains(":: reqwest :: Method :: GET"), "{text}");
        assert!(
            text.contains("pub const SUCCESS_STATUSES : & [u16] = & [204]"),
            "{text}"
        );
        // No body, no media type constants for the GET.
        assert_eq!(text.matches("REQUEST_CONTENT_TYPE").count(), 1, "{text}");
        assert_eq!(text.matches("RESPONSE_CONTENT_TYPE").count(), 1, "{text}");
    }

    #[test]
    fn an_operation_without_id_or_success_is_an_error() {
        let no_id = spec(serde_json::json!({
            "/a": { "get": { "responses": { "200": { "description": "ok" } } } }
        }));
        let error = tokens(&no_id).expect_err("no operationId");
        assert!(format!("{error:#}").contains("GET /a"), "{error:#}");
        let no_success = spec(serde_json::json!({
            "/a": { "get": { "operationId": "a", "responses": { "404": { "description": "no" } } } }
        }));
        let error = tokens(&no_success).expect_err("no 2xx");
        assert!(format!("{error:#}").contains("no 2xx"), "{error:#}");
    }

    #[test]
    fn operation_ids_become_module_names() {
        assert_eq!(snake_case("pay"), "pay");
        assert_eq!(snake_case("payOrder"), "pay_order");
        assert_eq!(snake_case("Pay-Order"), "pay_order");
        assert_eq!(snake_case("get_v2Status"), "get_v2_status");
        assert_eq!(snake_case("2fa"), "op_2fa");
        assert_eq!(snake_case("--"), "operation");
    }
}
