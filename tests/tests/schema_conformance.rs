//! The effective document (`openapi/atlas-pay.json`) must be right as JSON
//! Schema, not only as progenitor input: validators, API testers and
//! generators in other languages read it. Every answer the sandbox gives,
//! every vendor example and every wire snapshot is validated against it, for
//! every operation it holds, with a JSON Schema validator nobody here wrote.
//!
//! This test would have failed on the document before the catch-all branches
//! of the open `oneOf`s excluded the known codes: `status: 0` matched both
//! `PaymentResponseStatus` and the plain `integer` branch, so every real answer
//! (a success, a 400, a 901) violated "exactly one". The last test keeps that
//! failure reproducible on a copy of the document with the exclusion removed.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use atlas_pay::sandbox::{
    DECLINED_HOLDER, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Fault, OrderState, QueryFault,
    Sandbox, SandboxOrder, THREE_DS_HOLDER,
};
#[path = "common/schema.rs"]
mod schema;

use schema::{effective_document, escape, validator, violations, workspace};
use serde_json::{Value, json};

/// What one operation sends and answers, as JSON pointers into the document.
struct Operation {
    path: String,
    request: String,
    response: String,
}

fn operations(document: &Value) -> Vec<Operation> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let base = format!("/paths/{}/{method}", escape(path));
            found.push(Operation {
                path: path.clone(),
                request: format!("{base}/requestBody/content/application~1json/schema"),
                response: format!("{base}/responses/200/content/application~1json/schema"),
            });
        }
    }
    found
}

/// Vendor and document examples are not enough: the sandbox plays Atlas for
/// dependents' tests, so every operation needs a successful sandbox answer
/// among its samples, held to the document like the rest.
fn has_successful_sandbox_answer(responses: Option<&Vec<(String, Value)>>) -> bool {
    responses
        .into_iter()
        .flatten()
        .any(|(what, answer)| what.starts_with("sandbox ") && answer["status"] == 0)
}

#[test]
fn an_operation_without_a_successful_sandbox_answer_is_caught() {
    let sandbox_refusal = vec![(
        "sandbox answer to sample x".to_owned(),
        json!({"status": 400}),
    )];
    let vendor_success = vec![("vendor example".to_owned(), json!({"status": 0}))];
    let sandbox_success = vec![(
        "sandbox answer to sample y".to_owned(),
        json!({"status": 0}),
    )];
    assert!(!has_successful_sandbox_answer(None));
    assert!(!has_successful_sandbox_answer(Some(&sandbox_refusal)));
    assert!(!has_successful_sandbox_answer(Some(&vendor_success)));
    assert!(has_successful_sandbox_answer(Some(&sandbox_success)));
}

fn assert_valid(validator: &jsonschema::Validator, what: &str, instance: &Value) {
    let errors = violations(validator, instance);
    assert!(
        errors.is_empty(),
        "{what} violates the effective document:\n{}",
        errors.join("\n")
    );
}

/// Samples per operation path: what was sent, what was answered.
#[derive(Default)]
struct Samples {
    requests: BTreeMap<String, Vec<(String, Value)>>,
    responses: BTreeMap<String, Vec<(String, Value)>>,
}

/// The vendor's own examples, `tests/fixtures/vendor-examples/<path>.<request|response>.json`.
fn vendor_examples(samples: &mut Samples) {
    let dir = workspace().join("tests/fixtures/vendor-examples");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let file = entry.unwrap().path();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Some((path, _)) = stem.split_once(".response") {
            samples
                .responses
                .entry(format!("/{path}"))
                .or_default()
                .push((name.clone(), value));
        } else if let Some((path, _)) = stem.split_once(".request") {
            samples
                .requests
                .entry(format!("/{path}"))
                .or_default()
                .push((name.clone(), value));
        } else {
            panic!("{name}: expected <path>.request.json or <path>.response.json");
        }
    }
}

/// The examples the documents carry (`example`, `examples.*.value`) on each
/// operation's request body and 200 answer: the query page holds the two
/// response examples of Atlas's reference.
fn document_examples(document: &Value, samples: &mut Samples) {
    for operation in operations(document) {
        for (pointer, target) in [
            (&operation.request, &mut samples.requests),
            (&operation.response, &mut samples.responses),
        ] {
            let media = pointer.trim_end_matches("/schema");
            let Some(media) = document.pointer(media) else {
                continue;
            };
            let mut found = Vec::new();
            if let Some(example) = media.get("example") {
                found.push((
                    format!("{media_ptr} example", media_ptr = pointer),
                    example.clone(),
                ));
            }
            for (name, example) in media
                .get("examples")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if let Some(value) = example.get("value") {
                    found.push((format!("{} example {name}", operation.path), value.clone()));
                }
            }
            target
                .entry(operation.path.clone())
                .or_default()
                .extend(found);
        }
    }
}

/// The committed wire snapshots of pay.do request bodies.
fn wire_snapshots(samples: &mut Samples) {
    let dirs = [
        workspace().join("atlas-pay/src/pay/snapshots"),
        workspace().join("tests/tests/snapshots"),
    ];
    for dir in dirs {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let file = entry.unwrap().path();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let is_request = name.contains("wire") && name.ends_with(".snap");
            if !is_request || name.contains("decodes") || name.contains("errors_decode") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            // insta: a `---` header, then the snapshot's content.
            let body = text.splitn(3, "---\n").nth(2).unwrap_or_default();
            let value: Value =
                serde_json::from_str(body).unwrap_or_else(|e| panic!("{name}: {e}\n{body}"));
            samples
                .requests
                .entry("/pay.do".to_owned())
                .or_default()
                .push((name, value));
        }
    }
}

fn card(first_name: &str) -> Value {
    json!({
        "cardNumber": atlas_pay::test_cards::VISA, "cardCVV": "123",
        "cardExpireMonth": "12", "cardExpireYear": "31",
        "cardHolderFirstName": first_name, "cardHolderLastName": "Lovelace",
    })
}

/// Every JSON answer the sandbox's pay.do gives: each default order paid by
/// deposit and by card, repeats (406, 404), the holder-name simulations, MoR
/// brand and 3DS checks, malformed requests (400, 901), bad credentials (900),
/// an unknown order and an undocumented status (416). The faults that answer
/// with no JSON at all (HTTP 500 HTML, a closed connection, a garbage body, a
/// delay) are transport failures, not answers the document describes.
async fn sandbox_answers(samples: &mut Samples) {
    let no_json = |order: &SandboxOrder| {
        matches!(
            order.fault,
            Some(
                Fault::Http500
                    | Fault::CloseAfterRead { .. }
                    | Fault::GarbageBody
                    | Fault::Delay { .. }
            )
        )
    };
    let orders: Vec<SandboxOrder> = Sandbox::default_orders()
        .into_iter()
        .filter(|order| !no_json(order))
        .chain([
            SandboxOrder::new("CARD-1"),
            SandboxOrder::new("CARD-2"),
            SandboxOrder::new("MOR-1"),
        ])
        .collect();
    let numbers: Vec<String> = orders.iter().map(|o| o.order_no.clone()).collect();
    let sandbox = Sandbox::builder()
        .orders(orders)
        .start_time(atlas_pay::test_cards::today_start())
        .start()
        .await
        .unwrap();
    let url = format!("{}/pay.do", sandbox.base_url());
    let http = reqwest::Client::new();
    let send = |body: String, secret: &'static str| {
        http.post(&url)
            .header("content-type", "application/json")
            .header("x-atlas-client-id", DEFAULT_CLIENT_ID)
            .header("x-atlas-client-secret", secret)
            .body(body)
            .send()
    };
    // Refusals first, while the orders are unpaid; then a card payment and a
    // deposit payment of every order.
    let special = [
        json!({"orderNo": "CARD-1", "paymentMethod": 3, "creditCard": card(DECLINED_HOLDER)}),
        json!({"orderNo": "CARD-2", "paymentMethod": 3, "creditCard": card(THREE_DS_HOLDER)}),
        json!({"orderNo": "MOR-1", "paymentMethod": 5, "creditCard": {
            "cardNumber": "378282246310005", "cardCVV": "1234", "cardExpireMonth": "12",
            "cardExpireYear": "31", "cardHolderFirstName": "Ada", "cardHolderLastName": "Lovelace",
            "threeDS": {"ip": "203.0.113.7"}}}),
        json!({"orderNo": "MOR-1", "paymentMethod": 5, "creditCard": card("Ada")}),
        json!({"orderNo": "SBX-EXPENSIVE-411", "paymentMethod": 1}),
        json!({"orderNo": "NO-SUCH-ORDER", "paymentMethod": 1}),
        json!({"paymentMethod": 1}),
        json!({"orderNo": "CARD-1", "paymentMethod": 3}),
        json!({"orderNo": "CARD-1", "paymentMethod": "three"}),
    ];
    let mut bodies: Vec<(String, String, &'static str)> = Vec::new();
    for body in special {
        bodies.push((body.to_string(), body.to_string(), DEFAULT_CLIENT_SECRET));
    }
    for order_no in &numbers {
        for body in [
            json!({"orderNo": order_no, "paymentMethod": 3, "creditCard": card("Ada")}),
            json!({"orderNo": order_no, "paymentMethod": 1}),
        ] {
            bodies.push((
                format!("{order_no} {body}"),
                body.to_string(),
                DEFAULT_CLIENT_SECRET,
            ));
        }
    }
    bodies.push((
        "not JSON".to_owned(),
        "{not json".to_owned(),
        DEFAULT_CLIENT_SECRET,
    ));
    bodies.push((
        "wrong secret".to_owned(),
        json!({"orderNo": "SBX-DEMO-001", "paymentMethod": 1}).to_string(),
        "wrong-secret",
    ));
    let mut statuses = BTreeSet::new();
    for round in 0..2 {
        if round == 1 {
            // Paid orders move from "in progress" (406) to ticketing (404).
            sandbox.advance(Duration::from_secs(120));
        }
        for (what, body, secret) in &bodies {
            let answer = send(body.clone(), secret).await.unwrap();
            assert_eq!(answer.status().as_u16(), 200, "{what}");
            let value: Value = answer.json().await.unwrap();
            statuses.insert(value["status"].as_i64().unwrap());
            samples
                .responses
                .entry("/pay.do".to_owned())
                .or_default()
                .push((format!("sandbox answer to {what}"), value));
        }
    }
    // The run above must have produced the answers it claims to cover.
    let expected = [
        0, 400, 401, 402, 403, 404, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 604,
        616, 900, 901,
    ];
    for code in expected {
        assert!(
            statuses.contains(&code),
            "no sandbox answer with status {code}: {statuses:?}"
        );
    }
}

/// Every answer the sandbox's order query gives: an order in each state
/// (unpaid, in progress, ticketing, ticketed, cancelled, paid by card),
/// found by number and by PNR, and 800, 702, 704, 705, 900 and 901.
async fn sandbox_query_answers(samples: &mut Samples) {
    let sandbox = Sandbox::builder()
        .orders([
            SandboxOrder::new("Q-UNPAID"),
            SandboxOrder::new("Q-PAID"),
            SandboxOrder::new("Q-CARD"),
            SandboxOrder::new("Q-TICKETED").state(OrderState::Ticketed),
            SandboxOrder::new("Q-CANCELLED").state(OrderState::Cancelled),
            SandboxOrder::new("Q-705").query_fault(QueryFault::Timeout { times: u32::MAX }),
        ])
        .start_time(atlas_pay::test_cards::today_start())
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let pay = format!("{}/pay.do", sandbox.base_url());
    let query = format!("{}/queryOrderDetails.do", sandbox.base_url());
    let post = |url: &str, body: String, secret: &'static str| {
        http.post(url)
            .header("content-type", "application/json")
            .header("x-atlas-client-id", DEFAULT_CLIENT_ID)
            .header("x-atlas-client-secret", secret)
            .body(body)
            .send()
    };
    for body in [
        json!({"orderNo": "Q-PAID", "paymentMethod": 1}),
        json!({"orderNo": "Q-CARD", "paymentMethod": 3, "creditCard": card("Ada")}),
    ] {
        post(&pay, body.to_string(), DEFAULT_CLIENT_SECRET)
            .await
            .unwrap();
    }
    let ticketed_pnr = sandbox
        .client()
        .unwrap()
        .query_order("Q-TICKETED")
        .await
        .unwrap()
        .pnr_code
        .unwrap();
    let mut bodies: Vec<(String, &'static str)> = Vec::new();
    for order in [
        "Q-UNPAID",
        "Q-PAID",
        "Q-CARD",
        "Q-TICKETED",
        "Q-CANCELLED",
        "Q-705",
        "NO-SUCH",
    ] {
        bodies.push((json!({"orderNo": order}).to_string(), DEFAULT_CLIENT_SECRET));
    }
    bodies.push((
        json!({"pnrCode": ticketed_pnr}).to_string(),
        DEFAULT_CLIENT_SECRET,
    ));
    bodies.push((
        json!({"orderNo": "Q-UNPAID", "pnrCode": ticketed_pnr}).to_string(),
        DEFAULT_CLIENT_SECRET,
    ));
    bodies.push((json!({}).to_string(), DEFAULT_CLIENT_SECRET));
    bodies.push(("{not json".to_owned(), DEFAULT_CLIENT_SECRET));
    bodies.push((json!({"orderNo": "Q-UNPAID"}).to_string(), "wrong-secret"));
    let mut statuses = BTreeSet::new();
    let mut order_states = BTreeSet::new();
    for round in 0..3 {
        // In progress, then ticketing, then ticketed.
        sandbox.advance(Duration::from_secs([0, 120, 3_600][round]));
        for (body, secret) in &bodies {
            let answer = post(&query, body.clone(), secret).await.unwrap();
            assert_eq!(answer.status().as_u16(), 200, "{body}");
            let value: Value = answer.json().await.unwrap();
            statuses.insert(value["status"].as_i64().unwrap());
            if let Some(state) = value["orderStatus"].as_str() {
                order_states.insert(state.to_owned());
            }
            samples
                .responses
                .entry("/queryOrderDetails.do".to_owned())
                .or_default()
                .push((
                    format!("sandbox query answer to {body} (round {round})"),
                    value,
                ));
            if let Ok(request) = serde_json::from_str::<Value>(body) {
                samples
                    .requests
                    .entry("/queryOrderDetails.do".to_owned())
                    .or_default()
                    .push((format!("query {body}"), request));
            }
        }
    }
    for code in [0, 702, 704, 705, 800, 900, 901] {
        assert!(
            statuses.contains(&code),
            "no query answer with status {code}: {statuses:?}"
        );
    }
    for state in ["0", "1", "2", "-3"] {
        assert!(
            order_states.contains(state),
            "no order in state {state}: {order_states:?}"
        );
    }
}

/// The sandbox's own sample requests for every operation it serves
/// (`Sandbox::sample_requests`), on a sandbox with the default orders: a
/// new operation's answers are held to the document without editing this
/// test.
async fn sandbox_sample_requests(samples: &mut Samples) {
    let sandbox = Sandbox::builder()
        .with_default_orders()
        .start_time(atlas_pay::test_cards::today_start())
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    for (path, body) in Sandbox::sample_requests() {
        let answer = http
            .post(format!("{}{path}", sandbox.base_url()))
            .header("content-type", "application/json")
            .header("x-atlas-client-id", DEFAULT_CLIENT_ID)
            .header("x-atlas-client-secret", DEFAULT_CLIENT_SECRET)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 200, "{path} {body}");
        let value: Value = answer.json().await.unwrap();
        samples
            .responses
            .entry(path.to_owned())
            .or_default()
            .push((format!("sandbox answer to sample {body}"), value));
        samples.requests.entry(path.to_owned()).or_default().push((
            format!("sample {body}"),
            serde_json::from_str(body).unwrap(),
        ));
    }
}

#[tokio::test]
async fn every_answer_example_and_wire_snapshot_conforms_for_every_operation() {
    let document = effective_document();
    let mut samples = Samples::default();
    vendor_examples(&mut samples);
    document_examples(&document, &mut samples);
    wire_snapshots(&mut samples);
    sandbox_answers(&mut samples).await;
    sandbox_query_answers(&mut samples).await;
    sandbox_sample_requests(&mut samples).await;
    let operations = operations(&document);
    assert!(!operations.is_empty());
    for operation in &operations {
        let requests = samples.requests.get(&operation.path);
        let responses = samples.responses.get(&operation.path);
        assert!(
            requests.is_some_and(|r| !r.is_empty()) && responses.is_some_and(|r| !r.is_empty()),
            "{}: every operation needs request and response samples here",
            operation.path
        );
        assert!(
            has_successful_sandbox_answer(responses),
            "{}: no successful sandbox answer was sampled; give the operation's sandbox module \
             sample requests (`Served::SAMPLES`) that succeed",
            operation.path
        );
        let request = validator(&document, &operation.request);
        for (what, value) in requests.into_iter().flatten() {
            assert_valid(&request, what, value);
        }
        let response = validator(&document, &operation.response);
        for (what, value) in responses.into_iter().flatten() {
            assert_valid(&response, what, value);
        }
    }
    // A strict client that follows Atlas's reference demands every field the
    // reference marks required (the effective document only demands
    // `status`, because error answers carry nothing else): every found
    // order the sandbox answers must carry them too.
    let upstream: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace().join("openapi/query-order.upstream.json")).unwrap(),
    )
    .unwrap();
    let response =
        "/paths/~1queryOrderDetails.do/post/responses/200/content/application~1json/schema";
    let mut strict = document.clone();
    *strict.pointer_mut(&format!("{response}/required")).unwrap() = upstream
        .pointer(&format!("{response}/required"))
        .unwrap()
        .clone();
    let strict = validator(&strict, response);
    let found: Vec<&(String, Value)> = samples.responses["/queryOrderDetails.do"]
        .iter()
        .filter(|(_, answer)| answer["status"] == 0)
        .collect();
    assert!(found.len() >= 10, "{}", found.len());
    for (what, answer) in found {
        assert_valid(&strict, what, answer);
    }
    let known: BTreeSet<&String> = operations.iter().map(|o| &o.path).collect();
    for path in samples.requests.keys().chain(samples.responses.keys()) {
        assert!(
            known.contains(path),
            "samples for {path}, which the document does not hold"
        );
    }
}

#[test]
fn a_catch_all_that_overlaps_the_known_codes_is_caught() {
    // The shape the overlay had before: the catch-all `integer` branch without
    // `not`. A success (`status: 0`) then matches two branches of the `oneOf`.
    let mut document = effective_document();
    let pointer = "/paths/~1pay.do/post/responses/200/content/application~1json/schema/properties";
    let properties = document.pointer_mut(pointer).unwrap();
    for field in ["status", "paymentMethod"] {
        let branches = properties[field]["oneOf"].as_array_mut().unwrap();
        let catch_all = branches.last_mut().unwrap().as_object_mut().unwrap();
        assert!(
            catch_all.remove("not").is_some(),
            "{field}: no exclusion to remove"
        );
    }
    let response = validator(
        &document,
        "/paths/~1pay.do/post/responses/200/content/application~1json/schema",
    );
    assert!(!response.is_valid(&json!({"status": 0, "orderNo": "A", "paymentMethod": 1})));
    assert!(!response.is_valid(&json!({"status": 901, "msg": "illegal"})));
    // With the exclusion, an unknown code still conforms.
    let response = validator(
        &effective_document(),
        "/paths/~1pay.do/post/responses/200/content/application~1json/schema",
    );
    assert!(response.is_valid(&json!({"status": 416, "paymentMethod": 7})));
    assert!(!response.is_valid(&json!({"status": "0"})));
}
