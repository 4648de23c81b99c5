//! A schema-driven fuzzer against the sandbox, in the manner of
//! schemathesis: request bodies generated from the effective document's own
//! request schemas (every property present or not, every enum value and
//! some that are not, nulls, wrong types, unknown fields, values drawn from
//! the sandbox's orders, offers and refund codes so that requests reach real
//! state), sent in sequence to one sandbox. Every answer must be HTTP 200
//! with a body that conforms to the effective document; a server error or a
//! non-conforming answer fails with the request that caused it (shrunk).

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::sync::OnceLock;

use atlas_pay::sandbox::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Sandbox};
#[path = "common/schema.rs"]
mod schema;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use schema::{effective_document, escape, validator, violations};
use serde_json::{Map, Value, json};

/// The operations fuzzed: the refund operations.
const PATHS: [&str; 3] = ["/refundQuotation.do", "/refund.do", "/queryRefundOrders.do"];

/// Text values that reach the sandbox's state: its orders, the booking's
/// passenger and segments, offers and refund codes it hands out, and the
/// shapes Atlas uses; plus edge cases.
const TEXT: &[&str] = &[
    "SBX-TICKETED-402",
    "SBX-REFUND-ACCURATE",
    "SBX-REFUND-CANNOT-QUOTE",
    "SBX-REFUND-UNREFUNDABLE",
    "SBX-REFUND-REJECTED",
    "SBX-DEMO-002",
    "NO-SUCH-ORDER",
    "LOVELACE",
    "ADA",
    "U28405",
    "U28410",
    "LGW",
    "CDG",
    "20250818",
    "20250820",
    "q_sbx000001",
    "q_sbx000002",
    "q_sbx000003",
    "SBX-000002",
    "SBX-000004",
    "SBX-000005",
    "EUR",
    "USD",
    "U2",
    "",
    " ",
    "0",
    "4",
    "\u{0}",
    "ÅÄÖ/名前",
    "9999999999999999999999",
];

fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => document
            .pointer(reference.trim_start_matches('#'))
            .map_or(schema, |target| resolve(document, target)),
        None => schema,
    }
}

/// A value of the wrong type, for any schema.
fn wrong() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(json!(17)),
        Just(json!(true)),
        Just(json!({"unexpected": []})),
        Just(json!(["x"])),
        Just(json!(1.5e300)),
    ]
    .boxed()
}

/// Values for `schema`: mostly what it allows, sometimes not.
fn values(document: &Value, schema: &Value, depth: u32) -> BoxedStrategy<Value> {
    let schema = resolve(document, schema);
    let allowed = allowed(document, schema, depth);
    let allowed = if schema.get("nullable") == Some(&Value::Bool(true)) {
        prop_oneof![4 => allowed, 1 => Just(Value::Null)].boxed()
    } else {
        allowed
    };
    prop_oneof![12 => allowed, 1 => wrong()].boxed()
}

fn allowed(document: &Value, schema: &Value, depth: u32) -> BoxedStrategy<Value> {
    if let Some(members) = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .or_else(|| schema.get("allOf"))
        .and_then(Value::as_array)
    {
        let branches: Vec<BoxedStrategy<Value>> = members
            .iter()
            .map(|member| allowed(document, resolve(document, member), depth))
            .collect();
        return proptest::strategy::Union::new(branches).boxed();
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        let mut options = options.clone();
        options.push(json!("7"));
        return proptest::sample::select(options).boxed();
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") if depth < 5 => object(document, schema, depth),
        Some("array") if depth < 5 => {
            let items = schema.get("items").cloned().unwrap_or(json!({}));
            proptest::collection::vec(values(document, &items, depth + 1), 0..3)
                .prop_map(Value::Array)
                .boxed()
        }
        Some("integer") => {
            prop_oneof![(-3i64..10).prop_map(|n| json!(n)), Just(json!(i64::MAX)),].boxed()
        }
        Some("number") => (-1e6f64..1e6).prop_map(|n| json!(n)).boxed(),
        Some("boolean") => any::<bool>().prop_map(|b| json!(b)).boxed(),
        _ => prop_oneof![
            3 => proptest::sample::select(TEXT).prop_map(|t| json!(t)),
            1 => "[ -~]{0,12}".prop_map(|t| json!(t)),
        ]
        .boxed(),
    }
}

fn object(document: &Value, schema: &Value, depth: u32) -> BoxedStrategy<Value> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut fields: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
    for (name, property) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let name = name.clone();
        let value = values(document, property, depth + 1);
        let keep = if required.contains(&name.as_str()) {
            20
        } else {
            2
        };
        fields.push(
            prop_oneof![keep => value.prop_map(move |v| Some((name.clone(), v))), 1 => Just(None)]
                .boxed(),
        );
    }
    let unknown =
        prop_oneof![6 => Just(None), 1 => Just(Some(("fuzzField".to_owned(), json!("x"))))];
    (fields, unknown)
        .prop_map(|(fields, unknown)| {
            let map: Map<String, Value> = fields.into_iter().chain([unknown]).flatten().collect();
            Value::Object(map)
        })
        .boxed()
}

/// The sandbox's own sample requests for `path` (which succeed, or fail
/// for a reason), each kept or with one top-level field dropped or replaced
/// by a generated value: requests that get past admission and the desk's
/// checks, and their near misses.
fn mutated_samples(document: &Value, schema: &Value, path: &str) -> BoxedStrategy<Value> {
    let samples: Vec<Value> = Sandbox::sample_requests()
        .into_iter()
        .filter(|(p, _)| *p == path)
        .filter_map(|(_, body)| serde_json::from_str(body).ok())
        .collect();
    let schema = resolve(document, schema);
    let properties: Vec<(String, Value)> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    let field = proptest::sample::select(properties).prop_flat_map({
        let document = document.clone();
        move |(name, property)| {
            prop_oneof![
                1 => Just((name.clone(), None)),
                2 => values(&document, &property, 1).prop_map(move |v| (name.clone(), Some(v))),
            ]
        }
    });
    (proptest::sample::select(samples), any::<bool>(), field)
        .prop_map(|(mut sample, keep, (name, value))| {
            if !keep && let Some(object) = sample.as_object_mut() {
                match value {
                    Some(value) => object.insert(name, value),
                    None => object.remove(&name),
                };
            }
            sample
        })
        .boxed()
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap()
    })
}

#[test]
fn generated_requests_get_conforming_answers_and_no_server_error() {
    let document = effective_document();
    let sandbox = runtime().block_on(async {
        Sandbox::builder()
            .with_default_orders()
            .start_time(atlas_pay::test_cards::today_start())
            .start()
            .await
            .unwrap()
    });
    let http = reqwest::Client::new();
    for path in PATHS {
        let base = format!("/paths/{}/post", escape(path));
        let request = document
            .pointer(&format!(
                "{base}/requestBody/content/application~1json/schema"
            ))
            .unwrap();
        let answers = validator(
            &document,
            &format!("{base}/responses/200/content/application~1json/schema"),
        );
        let bodies = prop_oneof![
            2 => values(&document, request, 0),
            1 => mutated_samples(&document, request, path),
        ];
        let mut runner = TestRunner::new(Config {
            cases: 400,
            failure_persistence: None,
            ..Config::default()
        });
        let successes = std::cell::Cell::new(0u32);
        runner
            .run(&bodies, |body| {
                let (status, answer) = runtime().block_on(async {
                    let response = http
                        .post(format!("{}{path}", sandbox.base_url()))
                        .header("content-type", "application/json")
                        .header("x-atlas-client-id", DEFAULT_CLIENT_ID)
                        .header("x-atlas-client-secret", DEFAULT_CLIENT_SECRET)
                        .body(body.to_string())
                        .send()
                        .await
                        .unwrap();
                    let status = response.status().as_u16();
                    (status, response.text().await.unwrap())
                });
                prop_assert_eq!(status, 200, "{} {} answered {}", path, body, answer);
                let answer: Value = serde_json::from_str(&answer)
                    .map_err(|e| TestCaseError::fail(format!("{path} {body}: {e}: {answer}")))?;
                let wrong = violations(&answers, &answer);
                prop_assert!(
                    wrong.is_empty(),
                    "{} {} answered {}: {:?}",
                    path,
                    body,
                    answer,
                    wrong
                );
                if answer["status"] == 0 {
                    successes.set(successes.get() + 1);
                }
                Ok(())
            })
            .unwrap();
        // The generator reaches past admission: some requests succeed.
        assert!(
            successes.get() > 0,
            "{path}: no generated request succeeded"
        );
    }
}
