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

/// Every operation of the document with its path item's parameters, in
/// document order: `(path, method, operation)`.
fn each_operation(spec: &OpenAPI) -> Result<Vec<(&str, &str, Operation)>> {
    let mut all = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            bail!("path {path} is a $ref; the generator needs the path item inline");
        };
        for (method, operation) in item.iter() {
            let mut operation = operation.clone();
            operation.parameters.extend(item.parameters.iter().cloned());
            all.push((path.as_str(), method, operation));
        }
    }
    Ok(all)
}

/// The tokens of `atlas-pay-gen/src/operations.rs`: one module per operation,
/// named after its `operationId` in snake case, holding a marker type named
/// after it in camel case; and `for_each_operation!`, which names every
/// marker, so that a wrapper can require something of each operation.
pub fn tokens(spec: &OpenAPI) -> Result<TokenStream> {
    let mut modules = Vec::new();
    let mut names = Vec::new();
    let mut markers = Vec::new();
    for (path, method, operation) in each_operation(spec)? {
        let (module, name, marker) = module(spec, path, method, &operation)
            .with_context(|| format!("operation {} {path}", method.to_uppercase()))?;
        modules.push(module);
        names.push(name);
        markers.push(marker);
    }
    Ok(quote! {
        //! Each operation's method, path, success statuses, media types,
        //! inputs and answer fields, from the effective document: for sending
        //! the generated types without the generated builder. `TAKES` lists
        //! everything an operation takes besides its body, `ANSWER_FIELDS`
        //! every field its success answer declares; a hand-written send
        //! checks itself against both with `crate::drift`.
        #(#modules)*
        /// Invokes `$m!(module, marker)` once for every operation, in
        /// document order: `module` is the operation's module name (its
        /// `operationId` in snake case), `marker` the path of its marker type
        /// (`$crate::operations::<module>::<Marker>`). A wrapper uses it to
        /// declare or require something of every operation (a module of its
        /// own, a declaration), so that a new operation cannot go unnoticed.
        #[macro_export]
        macro_rules! for_each_operation {
            ($m:ident) => {
                #( $m!(#names, $crate::operations::#markers); )*
            };
        }
    })
}

/// The tokens of `atlas-pay-gen/src/operation_types.rs`: each marker type
/// implements `crate::Operation`, naming the generated body and answer types.
/// Apart from `operations.rs` because these need the generated types, while
/// `operations.rs` depends on nothing (the pipeline tests compile it alone).
pub fn impl_tokens(spec: &OpenAPI) -> Result<TokenStream> {
    let mut impls = Vec::new();
    for (path, method, operation) in each_operation(spec)? {
        let context = || format!("operation {} {path}", method.to_uppercase());
        let id = operation
            .operation_id
            .as_deref()
            .ok_or_else(|| anyhow!("has no operationId"))
            .with_context(context)?;
        let module = Ident::new(&snake_case(id), Span::call_site());
        let marker = Ident::new(&camel_case(id), Span::call_site());
        let body = body_type(&operation, id).with_context(context)?;
        let answer = answer_type(&operation, id).with_context(context)?;
        impls.push(quote! {
            impl crate::Operation for crate::operations::#module::#marker {
                const OPERATION_ID: &'static str = crate::operations::#module::OPERATION_ID;
                const METHOD: &'static str = crate::operations::#module::METHOD;
                const PATH: &'static str = crate::operations::#module::PATH;
                const SUCCESS_STATUSES: &'static [u16] = crate::operations::#module::SUCCESS_STATUSES;
                const TAKES: crate::drift::Takes = crate::operations::#module::TAKES;
                const ANSWER_FIELDS: &'static [&'static str] = crate::operations::#module::ANSWER_FIELDS;
                type Body = crate::types::#body;
                type Answer = crate::types::#answer;
            }
        });
    }
    Ok(quote! {
        //! Each operation's marker type as a `crate::Operation`: its constants
        //! and the generated types of its request body and success answer.
        #(#impls)*
    })
}

/// The generated type of the JSON request body: the component it refers to,
/// or progenitor's `<OperationId>Body` for an inline schema.
fn body_type(operation: &Operation, id: &str) -> Result<Ident> {
    let schema = match &operation.request_body {
        Some(ReferenceOr::Item(body)) => {
            body.content.values().next().and_then(|m| m.schema.as_ref())
        }
        _ => None,
    };
    let schema = schema.ok_or_else(|| {
        anyhow!("has no JSON request body; atlas-pay sends every operation as a JSON POST")
    })?;
    Ok(type_name(schema, id, "Body"))
}

/// The generated type of the first success answer: the component it refers
/// to, or progenitor's `<OperationId>Response` for an inline schema.
fn answer_type(operation: &Operation, id: &str) -> Result<Ident> {
    let schema = success_schema(operation).ok_or_else(|| {
        anyhow!("its success answer has no JSON schema; atlas-pay decodes every answer as JSON")
    })?;
    Ok(type_name(schema, id, "Response"))
}

fn success_schema(operation: &Operation) -> Option<&ReferenceOr<openapiv3::Schema>> {
    operation
        .responses
        .responses
        .iter()
        .find_map(|(code, response)| match (code, response) {
            (StatusCode::Code(200..=299), ReferenceOr::Item(response)) => Some(response),
            _ => None,
        })?
        .content
        .values()
        .next()?
        .schema
        .as_ref()
}

fn type_name(schema: &ReferenceOr<openapiv3::Schema>, id: &str, suffix: &str) -> Ident {
    let name = match schema {
        ReferenceOr::Reference { reference } => {
            camel_case(reference.rsplit('/').next().unwrap_or(reference))
        }
        ReferenceOr::Item(_) => format!("{}{suffix}", camel_case(id)),
    };
    Ident::new(&name, Span::call_site())
}

/// Every field the success answer declares, as a path: `orderNo`,
/// `paxTicketInfos[].ticketNos`, `contact.email`. `$ref`s and `allOf`
/// members are followed (each component once per path, so recursive schemas
/// end); the branches of `oneOf`/`anyOf` are alternatives, not fields.
fn answer_fields(spec: &OpenAPI, operation: &Operation) -> Vec<String> {
    let mut fields = Vec::new();
    if let Some(schema) = success_schema(operation) {
        collect_fields(spec, schema, "", &mut Vec::new(), &mut fields);
    }
    fields.sort();
    fields.dedup();
    fields
}

fn collect_fields(
    spec: &OpenAPI,
    schema: &ReferenceOr<openapiv3::Schema>,
    prefix: &str,
    refs: &mut Vec<String>,
    fields: &mut Vec<String>,
) {
    use openapiv3::{SchemaKind, Type};
    let schema = match schema {
        ReferenceOr::Reference { reference } => {
            if refs.contains(reference) {
                return;
            }
            let Some(target) = reference
                .strip_prefix("#/components/schemas/")
                .and_then(|name| spec.components.as_ref()?.schemas.get(name))
            else {
                return;
            };
            refs.push(reference.clone());
            collect_fields(spec, target, prefix, refs, fields);
            refs.pop();
            return;
        }
        ReferenceOr::Item(schema) => schema,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            for (name, property) in &object.properties {
                let path = format!("{prefix}{name}");
                fields.push(path.clone());
                let property = property.clone().unbox();
                collect_fields(spec, &property, &format!("{path}."), refs, fields);
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(items) = &array.items {
                let items = items.clone().unbox();
                let prefix = prefix.strip_suffix('.').unwrap_or(prefix);
                collect_fields(spec, &items, &format!("{prefix}[]."), refs, fields);
            }
        }
        SchemaKind::AllOf { all_of } => {
            for member in all_of {
                collect_fields(spec, member, prefix, refs, fields);
            }
        }
        _ => {}
    }
}

fn module(
    spec: &OpenAPI,
    path: &str,
    method: &str,
    operation: &Operation,
) -> Result<(TokenStream, Ident, TokenStream)> {
    let id = operation
        .operation_id
        .as_deref()
        .ok_or_else(|| anyhow!("has no operationId"))?;
    let name = Ident::new(&snake_case(id), Span::call_site());
    let marker = Ident::new(&camel_case(id), Span::call_site());
    let answer_fields = answer_fields(spec, operation);
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
    let marker_doc = format!(
        " `{method_name} {path}` as a type: `crate::Operation` names its body and answer types."
    );
    let module = quote! {
        #[doc = #heading]
        pub mod #name {
            #[doc = #marker_doc]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub struct #marker;
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
            /// Every field the success answer declares (`a.b` for a field of
            /// an object, `a[].b` for a field of a list's items), sorted.
            pub const ANSWER_FIELDS: &[&str] = &[#(#answer_fields),*];
            impl #marker {
                /// [`TAKES`], reachable from the marker type.
                pub const TAKES: crate::drift::Takes = TAKES;
                /// [`ANSWER_FIELDS`], reachable from the marker type.
                pub const ANSWER_FIELDS: &'static [&'static str] = ANSWER_FIELDS;
            }
        }
    };
    Ok((module, name.clone(), quote! { #name::#marker }))
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

/// `operationId` in camel case, as typify names types: `payOrder` →
/// `PayOrder`, `query-order_details` → `QueryOrder`.
fn camel_case(id: &str) -> String {
    snake_case(id)
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
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
