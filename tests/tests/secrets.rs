//! No card number beyond its first six and last four digits, no CVV and no
//! client secret in any `Debug` or `Display` output of any public type, or in
//! the tracing output of full `pay` calls (success and every error class).

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::io;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atlas_pay::{
    BillingAddress, BuildError, Card, CardError, Client, Environment, Expiry, MorCard, OrderFacts,
    PayError, PayRefusal, PayStatus, PaymentRequest, ThreeDs, UnknownReason,
};
use atlas_pay_test_support::raw_server::{Behaviour, RawServer};
use httpmock::MockServer;

const NUMBER: &str = atlas_pay::test_cards::VISA;
const HIDDEN_DIGITS: &str = "511283";
const CVV: &str = "913";
const SECRET: &str = "S3CR3T-sentinel-value";

fn card() -> Card {
    Card::builder(NUMBER.parse().unwrap())
        .expiry(Expiry::new(12, 2030).unwrap())
        .cvv(CVV.parse().unwrap())
        .holder("Ada", "Lovelace")
        .billing_address(BillingAddress::new().country("GB".parse().unwrap()))
        .as_of(atlas_pay::test_cards::today())
        .build()
        .unwrap()
}

/// Fails if `shown` holds a secret: the full number, its hidden middle, the
/// CVV as a standalone digit group, or the client secret.
fn assert_clean(what: &str, shown: &str) {
    assert!(
        !shown.contains(NUMBER),
        "{what} shows the card number: {shown}"
    );
    assert!(
        !shown.contains(HIDDEN_DIGITS),
        "{what} shows hidden digits: {shown}"
    );
    assert!(
        !shown.contains(SECRET),
        "{what} shows the client secret: {shown}"
    );
    // A timing is not the CVV: `elapsed_ms=913`, and the subscriber's own
    // `time.busy=913µs` (any digits followed by a unit). Look at every other
    // standalone group of digits.
    let timing = |rest: &str| {
        ["µs", "ns", "ms", "s "]
            .iter()
            .any(|unit| rest.starts_with(unit))
    };
    let mut cvv_shown = false;
    let mut start = None;
    for (at, c) in shown.char_indices().chain([(shown.len(), ' ')]) {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                start = None;
                let group = &shown[from..at];
                let elapsed = shown[..from].ends_with("elapsed_ms=");
                if group == CVV && !elapsed && !timing(&shown[at..]) {
                    cvv_shown = true;
                }
            }
            _ => {}
        }
    }
    assert!(!cvv_shown, "{what} shows the CVV: {shown}");
}

fn assert_formats_clean<T: std::fmt::Debug>(what: &str, value: &T) {
    assert_clean(what, &format!("{value:?}"));
    assert_clean(what, &format!("{value:#?}"));
}

fn assert_displays_clean<T: std::fmt::Debug + std::fmt::Display>(what: &str, value: &T) {
    assert_formats_clean(what, value);
    assert_clean(what, &value.to_string());
}

#[test]
fn every_public_type_formats_without_secrets() {
    let number: atlas_pay::CardNumber = NUMBER.parse().unwrap();
    assert_displays_clean("CardNumber", &number);
    let cvv: atlas_pay::Cvv = CVV.parse().unwrap();
    assert_displays_clean("Cvv", &cvv);
    assert_formats_clean("Card", &card());
    let builder = Card::builder(NUMBER.parse().unwrap()).cvv(CVV.parse().unwrap());
    assert_formats_clean("CardBuilder", &builder);
    let reused = Card::builder(NUMBER.parse().unwrap())
        .expiry(Expiry::new(12, 2030).unwrap())
        .holder("Ada", "Lovelace")
        .as_of(atlas_pay::test_cards::today())
        .build_without_cvv()
        .unwrap();
    assert_formats_clean("ReusedCard", &reused);
    assert_formats_clean("MorCard", &MorCard::from(card()));

    let three_ds = ThreeDs::new(IpAddr::V4(Ipv4Addr::LOCALHOST));
    for request in [
        PaymentRequest::vcc_passthrough("ORDER-1", card()),
        PaymentRequest::merchant_of_record("ORDER-1", card(), three_ds),
        PaymentRequest::merchant_of_record("ORDER-1", reused, three_ds)
            .order_facts(OrderFacts::new()),
        PaymentRequest::deposit("ORDER-1"),
    ] {
        assert_formats_clean("PaymentRequest", &request);
    }

    let builder = Client::builder()
        .credentials("id", SECRET)
        .environment(Environment::Sandbox);
    assert_formats_clean("ClientBuilder", &builder);
    assert_formats_clean("Client", &builder.build().unwrap());

    let errors = [
        PayError::NotSent(PayRefusal::EmptyOrderNo),
        PayError::Unknown {
            attempts: 1,
            reason: UnknownReason::Timeout,
            source: None,
        },
        PayError::Answered {
            status: PayStatus::GatewayError,
            message: Some(format!("card {NUMBER} declined").into()),
        },
    ];
    for error in &errors {
        assert_displays_clean("PayError", error);
    }
    let card_error: CardError = "4532015112830367"
        .parse::<atlas_pay::CardNumber>()
        .unwrap_err()
        .into();
    assert_displays_clean("CardError", &card_error);
    let build_error = Client::builder()
        .credentials("id", format!("{SECRET}\n"))
        .environment(Environment::Sandbox)
        .build()
        .unwrap_err();
    assert!(matches!(build_error, BuildError::InvalidCredential(_)));
    assert_displays_clean("BuildError", &build_error);
}

/// Collects everything a tracing subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Captures every tracing event and span close on this thread, at every level.
fn capture_tracing() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

fn client(url: &str) -> Client {
    Client::builder()
        .credentials("id", SECRET)
        .environment(Environment::custom(url).unwrap())
        .timeout(Duration::from_millis(400))
        .build()
        .unwrap()
}

#[test]
fn tracing_output_of_pay_calls_carries_the_span_fields_and_no_secrets() {
    let (captured, _guard) = capture_tracing();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    runtime.block_on(async {
        let server = MockServer::start_async().await;
        server.mock(|when, then| {
            when.path("/pay.do")
                .json_body_includes(r#"{"orderNo":"PAID-1"}"#);
            then.status(200)
                .header("content-type", "application/json")
                .body(r#"{"status":0,"orderNo":"PAID-1","paymentMethod":3}"#);
        });
        server.mock(|when, then| {
            when.path("/pay.do")
                .json_body_includes(r#"{"orderNo":"DUP-1"}"#);
            then.status(200)
                .header("content-type", "application/json")
                .body(format!(
                    r#"{{"status":411,"msg":"gateway refused {NUMBER}"}}"#
                ));
        });
        server.mock(|when, then| {
            when.path("/pay.do")
                .json_body_includes(r#"{"orderNo":"HTML-1"}"#);
            then.status(502).body("<html>bad gateway</html>");
        });
        let api = client(&server.base_url());
        api.pay(PaymentRequest::vcc_passthrough("PAID-1", card()))
            .await
            .expect("paid");
        api.pay(PaymentRequest::vcc_passthrough("DUP-1", card()))
            .await
            .expect_err("411");
        api.pay(PaymentRequest::vcc_passthrough("HTML-1", card()))
            .await
            .expect_err("502");

        let silent = RawServer::start(Behaviour::NeverAnswer).await.unwrap();
        client(&silent.url)
            .pay(PaymentRequest::vcc_passthrough("SLOW-1", card()))
            .await
            .expect_err("timeout");
        let closing = RawServer::start(Behaviour::CloseAfterRequest)
            .await
            .unwrap();
        client(&closing.url)
            .pay(PaymentRequest::vcc_passthrough("CUT-1", card()))
            .await
            .expect_err("reset");

        let refused = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", refused.local_addr().unwrap());
        drop(refused);
        client(&url)
            .pay(PaymentRequest::vcc_passthrough("DOWN-1", card()))
            .await
            .expect_err("refused");

        let deposit_only = OrderFacts::new()
            .support_credit_trans_payment(atlas_pay::CreditTransPayment::DepositOnly);
        client(&url)
            .pay(PaymentRequest::vcc_passthrough("BAD-1", card()).order_facts(deposit_only))
            .await
            .expect_err("rejected");
    });

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert_clean("tracing output", &output);
    for expected in [
        // One span per call, opened by the shared call path.
        "atlas_pay{operation=\"pay\"",
        "key=PAID-1",
        "detail=VCC passthrough",
        "status=0",
        "status=411",
        "elapsed_ms=",
        "delivery=Unknown",
        "delivery=NotDelivered",
        "delivery=NotSent",
        "answered with status 0",
        "failed",
    ] {
        assert!(
            output.contains(expected),
            "no {expected:?} in tracing output:\n{output}"
        );
    }
}

/// Personal data sentinels put into an order query answer.
const PII: [&str; 10] = [
    "PII-DOC-7391",
    "19770707",
    "sentinel@pii.example",
    "0099-55501234",
    "SENTINELNAME/PAXFIRST",
    "PIINATION",
    "PIIISSUEPLACE",
    "20390909",
    "PII Sentinel Street 9",
    "PII-POST-42",
];

fn assert_no_personal_data(what: &str, shown: &str) {
    for sentinel in PII.iter().copied().chain(FIELD_SENTINELS) {
        assert!(
            !shown.contains(sentinel),
            "{what} shows personal data {sentinel}: {shown}"
        );
    }
    assert_clean(what, shown);
}

/// Sentinels for the personal fields the named ones above do not cover: a
/// field Atlas adds, generated redacted (unclassified or personal), gets one.
const FIELD_SENTINELS: [&str; 8] = [
    "PIIFIELD0X",
    "PIIFIELD1X",
    "PIIFIELD2X",
    "PIIFIELD3X",
    "PIIFIELD4X",
    "PIIFIELD5X",
    "PIIFIELD6X",
    "PIIFIELD7X",
];

/// Every path of the order query's answer whose schema is `PersonalData` in
/// the effective document (`openapi/atlas-pay.json`): what the generated
/// types redact, whatever field names today's document has.
fn personal_paths() -> Vec<Vec<String>> {
    let document: serde_json::Value =
        serde_json::from_str(include_str!("../../openapi/atlas-pay.json")).unwrap();
    let schema = document
        .pointer(
            "/paths/~1queryOrderDetails.do/post/responses/200/content/application~1json/schema",
        )
        .unwrap();
    let mut found = Vec::new();
    personal_in(&document, schema, &mut Vec::new(), &mut found, 0);
    found
}

fn personal_in(
    document: &serde_json::Value,
    schema: &serde_json::Value,
    path: &mut Vec<String>,
    found: &mut Vec<Vec<String>>,
    depth: usize,
) {
    let reference = schema
        .get("$ref")
        .or_else(|| schema.pointer("/allOf/0/$ref"))
        .and_then(serde_json::Value::as_str);
    if reference == Some("#/components/schemas/PersonalData") {
        found.push(path.clone());
        return;
    }
    if depth > 12 {
        return;
    }
    if let Some(target) = reference.and_then(|r| document.pointer(r.trim_start_matches('#'))) {
        return personal_in(document, target, path, found, depth + 1);
    }
    if let Some(properties) = schema
        .get("properties")
        .and_then(serde_json::Value::as_object)
    {
        for (name, property) in properties {
            path.push(name.clone());
            personal_in(document, property, path, found, depth + 1);
            path.pop();
        }
    }
    if let Some(items) = schema.get("items") {
        path.push("[]".to_owned());
        personal_in(document, items, path, found, depth + 1);
        path.pop();
    }
}

/// Puts `value` at `path` (`[]` meaning an array's first item, made when
/// missing), unless a sentinel is already there.
fn put_sentinel(answer: &mut serde_json::Value, path: &[String], value: &str) -> bool {
    let Some((first, rest)) = path.split_first() else {
        let taken = answer
            .as_str()
            .is_some_and(|held| PII.contains(&held) || FIELD_SENTINELS.contains(&held));
        if !taken {
            *answer = value.into();
        }
        return !taken;
    };
    let slot = if first == "[]" {
        if !answer.is_array() {
            *answer = serde_json::json!([]);
        }
        let items = answer.as_array_mut().unwrap();
        if items.is_empty() {
            items.push(serde_json::Value::Null);
        }
        &mut items[0]
    } else {
        if !answer.is_object() {
            *answer = serde_json::json!({});
        }
        answer
            .as_object_mut()
            .unwrap()
            .entry(first.clone())
            .or_insert(serde_json::Value::Null)
    };
    put_sentinel(slot, rest, value)
}

/// Atlas's reference answer (the sandbox's template) with sentinel personal
/// data in every personal field: the named ones, and one of
/// [`FIELD_SENTINELS`] in every other field the generated types hold as
/// personal data.
fn answer_with_personal_data(order_status: &str) -> String {
    let mut answer: serde_json::Value = serde_json::from_str(include_str!(
        "../../atlas-pay/src/sandbox/query_answer.json"
    ))
    .unwrap();
    answer["orderNo"] = "PII-1".into();
    answer["orderStatus"] = order_status.into();
    answer["paymentMethod"] = serde_json::Value::Null;
    let passenger = &mut answer["paxTicketInfos"][0];
    passenger["cardNum"] = PII[0].into();
    passenger["birthday"] = PII[1].into();
    passenger["contactEmails"] = serde_json::json!([PII[2]]);
    passenger["contactPhones"] = serde_json::json!([PII[3]]);
    passenger["name"] = PII[4].into();
    passenger["nationality"] = PII[5].into();
    passenger["cardIssuePlace"] = PII[6].into();
    passenger["cardExpired"] = PII[7].into();
    answer["contact"]["email"] = PII[2].into();
    answer["contact"]["mobile"] = PII[3].into();
    answer["contact"]["name"] = PII[4].into();
    answer["contact"]["address"] = PII[8].into();
    answer["contact"]["postcode"] = PII[9].into();
    answer["airlineBookings"][0]["mmbEmail"] = PII[2].into();
    let mut spare = FIELD_SENTINELS.iter();
    for path in personal_paths() {
        let sentinel = *spare
            .clone()
            .next()
            .expect("more personal fields than sentinels: add some");
        if put_sentinel(&mut answer, &path, sentinel) {
            spare.next();
        }
    }
    answer.to_string()
}

#[test]
fn every_personal_field_of_the_answer_gets_a_sentinel() {
    let answer: serde_json::Value = serde_json::from_str(&answer_with_personal_data("0")).unwrap();
    let paths = personal_paths();
    assert!(paths.len() >= 14, "{paths:?}");
    for path in paths {
        let mut value = &answer;
        for segment in &path {
            value = if segment == "[]" {
                &value[0]
            } else {
                &value[segment.as_str()]
            };
        }
        let held = value.as_str().unwrap_or_default();
        assert!(
            PII.contains(&held) || FIELD_SENTINELS.contains(&held),
            "{path:?} holds {value}"
        );
    }
}

/// Virtual time: sleeping moves it forward at once.
#[derive(Clone)]
struct VirtualClock(std::time::Instant, Arc<Mutex<Duration>>);

impl atlas_pay::Clock for VirtualClock {
    fn now(&self) -> std::time::Instant {
        self.0 + *self.1.lock().unwrap()
    }
    fn sleep(
        &self,
        duration: Duration,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + '_>> {
        *self.1.lock().unwrap() += duration;
        Box::pin(std::future::ready(()))
    }
}

#[test]
fn order_views_queries_and_settlements_never_show_personal_data() {
    let (captured, _guard) = capture_tracing();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = MockServer::start_async().await;
        server.mock(|when, then| {
            when.path("/queryOrderDetails.do")
                .json_body_includes(r#"{"orderNo":"PII-1"}"#);
            then.status(200)
                .header("content-type", "application/json")
                .body(answer_with_personal_data("0"));
        });
        server.mock(|when, then| {
            when.path("/queryOrderDetails.do")
                .json_body_includes(r#"{"orderNo":"PII-2"}"#);
            then.status(200)
                .header("content-type", "application/json")
                .body(format!(
                    r#"{{"status":800,"msg":"no order for {} / {}"}}"#,
                    PII[2], NUMBER
                ));
        });
        let api = Client::builder()
            .credentials("id", SECRET)
            .environment(Environment::custom(&server.base_url()).unwrap())
            .clock(VirtualClock(
                std::time::Instant::now(),
                Arc::new(Mutex::new(Duration::ZERO)),
            ))
            .build()
            .unwrap();
        let order = api.query_order("PII-1").await.unwrap();
        // The personal data is there, for the caller who must see it...
        let passengers = order.passengers();
        let passenger = &passengers[0];
        assert_eq!(
            passenger.identity_document.as_ref().unwrap().expose(),
            PII[0]
        );
        assert_eq!(passenger.birthday.as_ref().unwrap().expose(), PII[1]);
        assert_eq!(passenger.emails[0].expose(), PII[2]);
        assert_eq!(passenger.phones[0].expose(), PII[3]);
        // ...masked where shown at all...
        let masked = passenger.identity_document.as_ref().unwrap().masked();
        assert!(
            masked.ends_with("91") && !masked.contains("7391"),
            "{masked}"
        );
        // ...and never printed.
        assert_formats_clean("Order", &order);
        assert_no_personal_data("Order", &format!("{order:?} {order:#?}"));
        assert_no_personal_data("Passenger", &format!("{passenger:?} {passenger:#?}"));
        let details = order.details();
        assert_no_personal_data("generated answer", &format!("{details:?}"));
        assert_no_personal_data(
            "QueryOrder",
            &format!("{:?}", atlas_pay::QueryOrder::order_no("PII-1")),
        );

        let settlement = api
            .reconcile(
                atlas_pay::Reconcile::order_no("PII-1")
                    .policy(atlas_pay::ReconcilePolicy::default().settle_delay(Duration::ZERO)),
            )
            .await
            .unwrap();
        assert!(settlement.may_pay(), "{settlement}");
        assert_no_personal_data("Settlement", &format!("{settlement} {settlement:?}"));
        let undetermined = api
            .reconcile(
                atlas_pay::Reconcile::order_no("PII-1").policy(
                    atlas_pay::ReconcilePolicy::default()
                        .settle_delay(Duration::from_secs(600))
                        .budget(Duration::from_secs(5)),
                ),
            )
            .await
            .unwrap();
        assert_no_personal_data(
            "Settlement::Undetermined",
            &format!("{undetermined} {undetermined:?}"),
        );
        let error = api.query_order("PII-2").await.unwrap_err();
        assert!(error.is_not_found());
        assert_clean("QueryOrderError", &format!("{error} {error:?}"));
    });
    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The mock server's own logging echoes the answers it was given.
    let output: String = output
        .lines()
        .filter(|line| !line.contains(" httpmock::"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_no_personal_data("tracing output", &output);
    for expected in [
        "atlas_pay{operation=\"queryOrder\"",
        "atlas_pay.reconcile",
        "key=PII-1",
        "order=PII-1",
        "outcome=not-paid",
    ] {
        assert!(
            output.contains(expected),
            "no {expected:?} in tracing output:\n{output}"
        );
    }
}

#[test]
fn cardholder_data_never_reaches_debug() {
    // Under PCI DSS the holder's name, the expiry and the billing address
    // are cardholder data: logs carry the brand and the masked number only.
    let builder = || {
        atlas_pay::Card::builder("4532 0151 1283 0366".parse().unwrap())
            .expiry(atlas_pay::Expiry::new(12, 2037).unwrap())
            .cvv(CVV.parse().unwrap())
            .holder("Sentinelfirst", "Sentinellast")
            .as_of(atlas_pay::test_cards::today())
    };
    let card = builder().build().unwrap();
    let reused = builder().build_without_cvv().unwrap();
    let request = PaymentRequest::vcc_passthrough("ORDER-1", card.clone());
    for (what, shown) in [
        ("CardBuilder", format!("{:?}", builder())),
        ("Card", format!("{card:?} {card:#?}")),
        ("ReusedCard", format!("{reused:?}")),
        ("PaymentRequest", format!("{request:?}")),
    ] {
        for sentinel in ["Sentinelfirst", "Sentinellast", "2037", "37"] {
            assert!(
                !shown.contains(sentinel),
                "{what} shows {sentinel}: {shown}"
            );
        }
        assert!(shown.contains("453201******0366"), "{what}: {shown}");
        assert!(shown.contains("Visa"), "{what}: {shown}");
        assert_clean(what, &shown);
    }
}

#[test]
fn the_cvv_check_tells_a_leak_from_a_timing() {
    for timing in [
        "close time.busy=913µs time.idle=395µs",
        "elapsed_ms=913 status=0",
        "took 1.913ms",
    ] {
        assert_clean("a timing", timing);
    }
    for leak in ["cvv=913", "CardCvv(\"913\")", "913"] {
        let caught = std::panic::catch_unwind(|| assert_clean("a leak", leak)).is_err();
        assert!(caught, "{leak} was not caught");
    }
}

/// The journal's types (what it recorded, why it refused, its recovery)
/// show no secret after a card payment went through it.
#[tokio::test]
async fn the_journal_and_what_it_recorded_format_without_secrets() {
    use atlas_pay::sandbox::{Sandbox, SandboxOrder};
    let dir =
        std::env::temp_dir().join(format!("atlas-pay-secrets-journal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let journal = atlas_pay::Journal::sqlite(dir.join("journal.db")).unwrap();
    let sandbox = Sandbox::builder()
        .order(SandboxOrder::new("SECRETS-J"))
        .credentials("sandbox-id", SECRET)
        .start_time(atlas_pay::test_cards::today_start())
        .start()
        .await
        .unwrap();
    let client = sandbox
        .client_builder()
        .unwrap()
        .journal(journal.clone())
        .build()
        .unwrap();
    client
        .pay(PaymentRequest::vcc_passthrough("SECRETS-J", card()))
        .await
        .unwrap();
    let refused = client
        .pay(PaymentRequest::vcc_passthrough("SECRETS-J", card()))
        .await
        .unwrap_err();
    assert!(matches!(refused.refusal(), Some(PayRefusal::Journal(_))));
    assert_displays_clean("a journal refusal", &refused);
    assert_formats_clean("the journal", &journal);
    assert_formats_clean("the client", &client);
    let attempts = journal.attempts("SECRETS-J").await.unwrap();
    assert_eq!(attempts[0].card_last4.as_deref(), Some("0366"));
    assert_formats_clean("the journal's attempts", &attempts);
    assert_displays_clean("a recovery", &client.recover().await.unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}
