//! Atlas's notifications: every sample of Atlas's webhook pages reads into
//! its variant and conforms to its schema; the receiver answers 400 to what
//! is not a notification, hands each notification over once, and never
//! panics on random bodies; an event is confirmed only by a query, so a
//! forged one, a duplicate or a late one never moves a service's state
//! backwards; a follow wakes early on a notification and still ends by
//! polling when none comes.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use atlas_pay::sandbox::{EventDelivery, OrderState, Sandbox, SandboxOrder};
use atlas_pay::{
    Client, Confirmation, Environment, Event, FollowTicketing, OrderStatus, PaymentRequest,
    ReconcilePolicy, RefundReason, RefundRequest, Ticketing, test_cards,
};
#[path = "common/schema.rs"]
mod schema;

use proptest::prelude::*;
use schema::{effective_document, validator, violations, workspace};
use serde_json::Value;
use tokio::sync::broadcast;

fn samples() -> Vec<(String, Vec<u8>)> {
    let dir = workspace().join("tests/fixtures/vendor-examples/events");
    let mut found: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path: std::path::PathBuf| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(Path::new(&path)).unwrap())
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_sample_of_atlas_pages_reads_into_its_variant_and_conforms() {
    let document = effective_document();
    let samples = samples();
    assert_eq!(
        samples.len(),
        12,
        "{:?}",
        samples.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    for (name, body) in samples {
        let event = Event::from_slice(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (variant, schema) = match &event {
            Event::Ticketed(_) => ("order.ticketed", "TicketingCompleteNotification"),
            Event::Void(_) => ("order.void", "VoidNotification"),
            Event::ScheduleChange(_) => ("order.schedulechange", "ScheduleChangeNotification"),
            Event::AirlineStatus(_) => ("airline.status", "AirlineStatusNotification"),
            Event::Email(_) => ("email.all", "EmailNotification"),
            Event::Incident(_) => (event.kind(), "IncidentNotification"),
            other => panic!("{name}: read as {other:?}"),
        };
        assert!(
            name.ends_with(&format!("{variant}.json")),
            "{name} read as {variant}"
        );
        let value: Value = serde_json::from_slice(&body).unwrap();
        let wrong = violations(
            &validator(&document, &format!("/components/schemas/{schema}")),
            &value,
        );
        assert!(wrong.is_empty(), "{name} violates {schema}: {wrong:?}");
        // Personal data never prints.
        let printed = format!("{event:?}");
        for secret in ["zhang/lisi", "123458", "NSDLZCQTGJTEYXOMFOD"] {
            assert!(!printed.contains(secret), "{name} prints {secret}");
        }
    }
}

#[test]
fn an_unknown_type_with_extra_fields_reads_as_unknown_keeping_its_name() {
    let body = br#"{"cid":"X","type":"order.rebooked","status":3,"notificationId":"N1",
        "data":{"orderNo":"O1","newPnr":"ABC"},"extra":{"nested":[1,2,3]}}"#;
    let event = Event::from_slice(body).unwrap();
    assert!(matches!(event, Event::Unknown(_)), "{event:?}");
    assert_eq!(event.kind(), "order.rebooked");
}

/// A receiver on a loopback port, handing events to a broadcast channel and
/// counting them.
struct Receiver {
    addr: SocketAddr,
    events: broadcast::Sender<Event>,
    count: Arc<Mutex<Vec<String>>>,
}

impl Receiver {
    async fn start() -> Receiver {
        let (events, _) = broadcast::channel(64);
        let count = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&count);
        let forward = events.clone();
        let sink = move |event: Event| {
            seen.lock().unwrap().push(event.kind().to_owned());
            let _ = forward.send(event);
        };
        let app = axum::Router::new().nest("/atlas/secret", atlas_pay::webhook::router(sink));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver {
            addr,
            events,
            count,
        }
    }

    fn url(&self) -> String {
        format!("http://{}/atlas/secret", self.addr)
    }

    fn received(&self) -> Vec<String> {
        self.count.lock().unwrap().clone()
    }
}

async fn post(url: &str, content_type: &str, body: Vec<u8>) -> (u16, String) {
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_receiver_refuses_what_is_not_a_notification_and_hands_each_one_over_once() {
    let receiver = Receiver::start().await;
    let url = receiver.url();
    let json = "application/json";
    let (status, reason) = post(&url, json, b"not json".to_vec()).await;
    assert_eq!(status, 400);
    assert!(reason.contains("not a notification"), "{reason}");
    let (status, reason) = post(&url, "text/plain", br#"{"type":"order.void"}"#.to_vec()).await;
    assert_eq!(
        (status, reason.contains("content type")),
        (400, true),
        "{reason}"
    );
    let (status, reason) = post(&url, json, vec![b' '; atlas_pay::MAX_EVENT_BYTES + 10]).await;
    assert_eq!((status, reason.contains("longer")), (400, true), "{reason}");
    assert!(receiver.received().is_empty());

    let ticketed = std::fs::read(
        workspace().join("tests/fixtures/vendor-examples/events/01-order.ticketed.json"),
    )
    .unwrap();
    assert_eq!(
        post(&url, "application/json; charset=utf-8", ticketed.clone())
            .await
            .0,
        200
    );
    // The same notification again, laid out differently: recognised.
    let value: Value = serde_json::from_slice(&ticketed).unwrap();
    let compact = serde_json::to_vec(&value).unwrap();
    assert_eq!(
        post(&url, json, compact).await,
        (200, "duplicate".to_owned())
    );
    assert_eq!(
        post(&url, json, br#"{"type":"x.y","data":{}}"#.to_vec())
            .await
            .0,
        200
    );
    assert_eq!(receiver.received(), ["order.ticketed", "x.y"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_receiver_answers_every_random_body_without_a_server_error(
        body in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..300),
            "\\{\"type\":\"(order\\.ticketed|order\\.void|airline\\.status|email\\.all|[a-z.]{0,12})\",\"data\":\\{\"orderNo\":(1|\"O\"|null)[^}]{0,40}\\}\\}"
                .prop_map(String::into_bytes),
        ]
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let receiver = Receiver::start().await;
            let (status, _) = post(&receiver.url(), "application/json", body).await;
            assert!(status == 200 || status == 400, "{status}");
        });
    }
}

async fn sandbox(delivery: EventDelivery, orders: Vec<SandboxOrder>) -> Sandbox {
    Sandbox::builder()
        .orders(orders)
        .start_time(test_cards::today_start())
        .event_delivery(delivery)
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_forged_ticketed_event_is_never_confirmed_for_an_order_not_ticketed() {
    let sandbox = sandbox(
        EventDelivery::Once,
        vec![SandboxOrder::new("UNPAID"), SandboxOrder::new("TICKETING")],
    )
    .await;
    let client = sandbox.client().unwrap();
    client
        .pay(PaymentRequest::deposit("TICKETING"))
        .await
        .unwrap();
    for order_no in ["UNPAID", "TICKETING", "NO-SUCH-ORDER"] {
        let forged = format!(
            r#"{{"cid":"X","type":"order.ticketed","status":-1,"data":{{"orderNo":"{order_no}","orderStatus":2,"paxTicketInfos":[{{"name":"A/B","ticketNos":["7840000000000"],"airlinePNRs":["FAKE01"]}}]}}}}"#
        );
        let event = Event::from_slice(forged.as_bytes()).unwrap();
        let confirmation = client.confirm(&event).await.unwrap();
        assert!(!confirmation.is_confirmed(), "{order_no}: {confirmation}");
    }
    // Once ticketed, the same event is confirmed, with the order's own tickets.
    sandbox.advance(Duration::from_secs(10 * 60));
    let real = r#"{"type":"order.ticketed","data":{"orderNo":"TICKETING","orderStatus":2,"paxTicketInfos":[]}}"#;
    let confirmation = client
        .confirm(&Event::from_slice(real.as_bytes()).unwrap())
        .await
        .unwrap();
    let Confirmation::Confirmed { order } = confirmation else {
        panic!("{confirmation}")
    };
    assert_eq!(order.status, OrderStatus::Ticketed);
    assert!(!order.passengers()[0].ticket_numbers.is_empty());
}

/// A service's view of an order, moved only by confirmations: the order
/// query's status, each time an event is confirmed.
fn rank(status: &OrderStatus) -> u8 {
    match status {
        OrderStatus::Unpaid => 0,
        OrderStatus::TicketingInProcess => 1,
        OrderStatus::Ticketed => 2,
        OrderStatus::Cancelled => 3,
        _ => 0,
    }
}

#[tokio::test]
async fn duplicate_and_swapped_events_never_move_a_confirmed_state_backwards() {
    for delivery in [EventDelivery::Twice, EventDelivery::Swapped] {
        let receiver = Receiver::start().await;
        let sandbox = sandbox(delivery, vec![SandboxOrder::new("E-1")]).await;
        let client = sandbox.client().unwrap();
        client.register_webhook(&receiver.url()).await.unwrap();
        let mut events = receiver.events.subscribe();
        client.pay(PaymentRequest::deposit("E-1")).await.unwrap();
        sandbox.advance(Duration::from_secs(10 * 60)); // ticketed: order.ticketed
        let order = client.query_order("E-1").await.unwrap();
        let scope = order.refund_scope(RefundReason::Void).unwrap();
        client
            .refund(RefundRequest::tickets("E-1", scope))
            .await
            .unwrap();
        sandbox.advance(Duration::from_secs(15 * 60)); // voided: order.void

        let mut state: Option<OrderStatus> = None;
        let mut seen = 0;
        let deadline = Instant::now() + Duration::from_secs(5);
        while seen < 2 && Instant::now() < deadline {
            let Ok(Ok(event)) =
                tokio::time::timeout(Duration::from_millis(500), events.recv()).await
            else {
                continue;
            };
            seen += 1;
            if let Confirmation::Confirmed { order } = client.confirm(&event).await.unwrap() {
                let before = state.as_ref().map_or(0, rank);
                assert!(
                    rank(&order.status) >= before,
                    "{delivery:?}: {event:?} moved it back"
                );
                state = Some(order.status);
            }
        }
        assert_eq!(seen, 2, "{delivery:?}: {:?}", receiver.received());
        assert_eq!(state, Some(OrderStatus::Cancelled), "{delivery:?}");
        // Twice: each notification handed over once.
        assert_eq!(receiver.received().len(), 2, "{delivery:?}");
    }
}

/// A client on real time (the sandbox's clients wait in virtual time, and
/// a notification could never beat their waits).
fn real_time_client(sandbox: &Sandbox) -> Client {
    let (id, secret) = sandbox.credentials();
    Client::builder()
        .credentials(id, secret)
        .environment(Environment::custom(sandbox.base_url()).unwrap())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_follow_wakes_on_the_notification_and_decides_on_the_query() {
    let receiver = Receiver::start().await;
    let sandbox = Arc::new(sandbox(EventDelivery::Once, vec![SandboxOrder::new("W-1")]).await);
    let client = real_time_client(&sandbox);
    client.register_webhook(&receiver.url()).await.unwrap();
    client.pay(PaymentRequest::deposit("W-1")).await.unwrap();
    let ticketing = Arc::clone(&sandbox);
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        ticketing.advance(Duration::from_secs(10 * 60));
    });
    let slow = ReconcilePolicy::default()
        .schedule([Duration::from_secs(20)])
        .budget(Duration::from_secs(60));
    let started = Instant::now();
    let follow = FollowTicketing::order_no("W-1")
        .policy(slow)
        .wake_on(receiver.events.subscribe());
    let ticketing = client.follow_ticketing(follow).await.unwrap();
    assert!(
        matches!(ticketing, Ticketing::Ticketed { .. }),
        "{ticketing}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_dropped_notification_still_ends_in_the_final_state_by_polling() {
    let receiver = Receiver::start().await;
    let sandbox = sandbox(EventDelivery::Dropped, vec![SandboxOrder::new("D-1")]).await;
    let client = sandbox.client().unwrap();
    client.register_webhook(&receiver.url()).await.unwrap();
    client.pay(PaymentRequest::deposit("D-1")).await.unwrap();
    let follow = FollowTicketing::order_no("D-1")
        .policy(ReconcilePolicy::default().budget(Duration::from_secs(15 * 60)))
        .wake_on(receiver.events.subscribe());
    let ticketing = client.follow_ticketing(follow).await.unwrap();
    assert!(
        matches!(ticketing, Ticketing::Ticketed { .. }),
        "{ticketing}"
    );
    assert!(receiver.received().is_empty());
    assert_eq!(sandbox.order_state("D-1"), Some(OrderState::Ticketed));
}
