//! The operations file: each operation's method, path, success statuses and
//! media types as constants, generated from the effective document.
//!
//! Progenitor puts these facts only inside each operation's `send()`. A caller
//! that sends the generated types through its own request path (the
//! `atlas-pay` client does, to keep a payment's round trip as short as a
//! hand-written one) takes them from here, so the path still comes from the
//! document and a spec change still shows up as a compile-visible diff.

use anyhow::{Context, Result, anyhow, bail};
use openapiv3::{
    APIKeyLocation, OpenAPI, Operation, Parameter, ReferenceOr, SecurityScheme, StatusCode,
};
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
            let mut operation = operation.clone();
            operation.parameters.extend(item.parameters.iter().cloned());
            modules.push(
                module(spec, path, method, &operation)
                    .with_context(|| format!("operation {} {path}", method.to_uppercase()))?,
            );
        }
    }
    Ok(quote! {
        //! Each operation's method, path, success statuses, media types and
        //! inputs, from the effective document: for sending the generated types
        //! without the generated builder. `TAKES` lists everything an operation
        //! takes besides its body; a hand-written send checks itself against it
        //! with `crate::drift::check`.
        #(#modules)*
    })
}

fn module(spec: &OpenAPI, path: &str, method: &str, operation: &Operation) -> Result<TokenStream> {
    let id = operation
        .operation_id
        .as_deref()
        .ok_or_else(|| anyhow!("has no operationId"))?;
    let name = Ident::new(&snake_case(id), Span::call_site());
    let method_name = method.to_uppercase();
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
    let request_types: Vec<String> = match &operation.request_body {
        Some(ReferenceOr::Item(body)) => body.content.keys().cloned().collect(),
        _ => Vec::new(),
    };
    let inputs = inputs(spec, operation)?;
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
            pub const METHOD: &str = #method_name;
            /// The path, appended to the client's base URL.
            pub const PATH: &str = #path;
            /// The documented success statuses (every 2xx response), in document order.
            pub const SUCCESS_STATUSES: &[u16] = &[#(#statuses),*];
            #request_const
            #response_const
            /// Everything the operation takes besides its body: parameters and
            /// credential headers, and every request media type.
            pub const TAKES: crate::drift::Takes = crate::drift::Takes {
                method: METHOD,
                inputs: &[#(#inputs),*],
                request_content_types: &[#(#request_types),*],
            };
        }
    })
}

/// The operation's parameters (its own and its path item's, resolved), then
/// the credentials of its security schemes (the document's default security
/// when it has none of its own), as `crate::drift::Input` expressions.
fn inputs(spec: &OpenAPI, operation: &Operation) -> Result<Vec<TokenStream>> {
    let mut inputs = Vec::new();
    for parameter in &operation.parameters {
        let parameter = match parameter {
            ReferenceOr::Item(parameter) => parameter,
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/parameters/")
                .and_then(|name| spec.components.as_ref()?.parameters.get(name))
                .and_then(ReferenceOr::as_item)
                .ok_or_else(|| anyhow!("parameter {reference} does not resolve"))?,
        };
        let (location, data) = match parameter {
            Parameter::Query { parameter_data, .. } => ("Query", parameter_data),
            Parameter::Header { parameter_data, .. } => ("Header", parameter_data),
            Parameter::Path { parameter_data, .. } => ("Path", parameter_data),
            Parameter::Cookie { parameter_data, .. } => ("Cookie", parameter_data),
        };
        inputs.push(input(location, &data.name, data.required));
    }
    let requirements = operation.security.as_ref().or(spec.security.as_ref());
    let names = requirements
        .into_iter()
        .flatten()
        .flat_map(|requirement| requirement.keys());
    for name in names {
        let scheme = spec
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(name))
            .and_then(ReferenceOr::as_item)
            .ok_or_else(|| anyhow!("security scheme {name} does not resolve"))?;
        let (location, header) = match scheme {
            SecurityScheme::APIKey { location, name, .. } => (
                match location {
                    APIKeyLocation::Query => "Query",
                    APIKeyLocation::Header => "Header",
                    APIKeyLocation::Cookie => "Cookie",
                },
                name.as_str(),
            ),
            // HTTP and OAuth schemes all travel in `Authorization`.
            _ => ("Header", "Authorization"),
        };
        let token = input(location, header, true);
        if !inputs.iter().any(|i| i.to_string() == token.to_string()) {
            inputs.push(token);
        }
    }
    Ok(inputs)
}

fn input(location: &str, name: &str, required: bool) -> TokenStream {
    let location = Ident::new(location, Span::call_site());
    quote! {
        crate::drift::Input {
            location: crate::drift::Location::#location,
            name: #name,
            required: #required,
        }
    }
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
        assert!(
            text.contains("pub const METHOD : & str = \"POST\""),
            "{text}"
        );
        assert!(
            text.contains("pub const SUCCESS_STATUSES : & [u16] = & [201 , 202]"),
            "{text}"
        );
        assert!(text.contains("pub mod get_order"), "{text}");
        assert!(
            text.contains("pub const METHOD : & str = \"GET\""),
            "{text}"
        );
        assert!(
            text.contains("pub const SUCCESS_STATUSES : & [u16] = & [204]"),
            "{text}"
        );
        // No body, no media type constants for the GET.
        assert_eq!(text.matches("REQUEST_CONTENT_TYPE").count(), 1, "{text}");
        assert_eq!(text.matches("RESPONSE_CONTENT_TYPE").count(), 1, "{text}");
    }

    #[test]
    fn takes_lists_parameters_credentials_and_media_types() {
        let mut document = spec(serde_json::json!({
            "/orders/{id}": {
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": {} }],
                "post": {
                    "operationId": "amend",
                    "parameters": [
                        { "name": "x-trace", "in": "header", "schema": {} },
                        { "$ref": "#/components/parameters/Lang" }
                    ],
                    "requestBody": { "content": {
                        "application/json": { "schema": {} },
                        "application/xml": { "schema": {} }
                    } },
                    "responses": { "200": { "description": "ok" } }
                }
            }
        }));
        document.components = Some(
            serde_json::from_value(serde_json::json!({
                "parameters": { "Lang": { "name": "lang", "in": "query", "required": true, "schema": {} } },
                "securitySchemes": {
                    "key": { "type": "apiKey", "in": "header", "name": "x-key" },
                    "bearer": { "type": "http", "scheme": "bearer" }
                }
            }))
            .expect("components"),
        );
        document.security = Some(
            serde_json::from_value(serde_json::json!([{ "key": [], "bearer": [] }]))
                .expect("security"),
        );
        let text = tokens(&document).expect("generates").to_string();
        for expected in [
            "Location :: Header , name : \"x-trace\" , required : false",
            "Location :: Query , name : \"lang\" , required : true",
            "Location :: Path , name : \"id\" , required : true",
            "Location :: Header , name : \"x-key\" , required : true",
            "Location :: Header , name : \"Authorization\" , required : true",
            "request_content_types : & [\"application/json\" , \"application/xml\"]",
        ] {
            assert!(text.contains(expected), "{expected}\n{text}");
        }
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
