//! Receiving Atlas's notifications (feature `webhook`): an axum [`Router`]
//! a service mounts in one line, which answers at once and hands each
//! notification to the application as an [`Event`].
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let (events, mut received) = tokio::sync::mpsc::channel::<atlas_pay::Event>(256);
//! // A path nobody guesses: Atlas signs nothing, so the URL is the secret.
//! let app = axum::Router::new().nest("/atlas/7f3a9c1e", atlas_pay::webhook::router(events));
//! # let _ = (app, received.recv().await); Ok(()) }
//! ```
//!
//! It answers 200 to any notification, known or not (Atlas then has nothing
//! to resend), and to a duplicate of one already handed over (not handed
//! over again); 400, with the reason, to a body that is not a notification,
//! a body over [`MAX_EVENT_BYTES`], or a content type other than JSON; 503
//! when the application's queue is full. It never logs a body: notifications
//! carry passengers' names, documents and e-mail addresses.
//!
//! Atlas documents no signature, no authentication and no retry schedule. A
//! notification is a hint: confirm it by query
//! ([`Client::confirm`](crate::Client::confirm)) before acting on it, and run
//! the route behind what the service already has: a secret path segment, an
//! IP allow-list at the proxy, TLS.

use std::collections::{HashSet, VecDeque};
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use crate::event::{Event, MAX_EVENT_BYTES};

/// How many recent notifications are remembered to recognise duplicates.
pub const REMEMBERED: usize = 4096;

/// Where the receiver hands notifications: an `mpsc` or `broadcast` sender,
/// or a function.
pub trait EventSink: Clone + Send + Sync + 'static {
    /// Hands one event over; `Err` when the application cannot take it now.
    fn deliver(&self, event: Event) -> Result<(), Full>;
}

/// The application's queue is full: the receiver answers 503.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full;

impl EventSink for tokio::sync::mpsc::Sender<Event> {
    fn deliver(&self, event: Event) -> Result<(), Full> {
        self.try_send(event).map_err(|_| Full)
    }
}

impl EventSink for tokio::sync::broadcast::Sender<Event> {
    fn deliver(&self, event: Event) -> Result<(), Full> {
        // No receiver listening is not a reason to make Atlas resend.
        let _ = self.send(event);
        Ok(())
    }
}

impl<F> EventSink for F
where
    F: Fn(Event) + Clone + Send + Sync + 'static,
{
    fn deliver(&self, event: Event) -> Result<(), Full> {
        self(event);
        Ok(())
    }
}

/// The notifications already handed over, by fingerprint, oldest first.
struct Seen {
    hasher: RandomState,
    order: VecDeque<u64>,
    set: HashSet<u64>,
}

impl Seen {
    /// Whether `fingerprint` was seen; remembers it if not.
    fn first_time(&mut self, fingerprint: u64) -> bool {
        if !self.set.insert(fingerprint) {
            return false;
        }
        self.order.push_back(fingerprint);
        if self.order.len() > REMEMBERED
            && let Some(oldest) = self.order.pop_front()
        {
            self.set.remove(&oldest);
        }
        true
    }
}

struct Receiver<S> {
    sink: S,
    seen: Mutex<Seen>,
}

/// A router that receives notifications at its root (`POST /`) and hands
/// them to `sink`. Mount it under a path of the service's choosing
/// (`Router::nest`) and register that URL with
/// [`Client::register_webhook`](crate::Client::register_webhook).
pub fn router<S: EventSink>(sink: S) -> Router {
    let receiver = Arc::new(Receiver {
        sink,
        seen: Mutex::new(Seen {
            hasher: RandomState::new(),
            order: VecDeque::new(),
            set: HashSet::new(),
        }),
    });
    Router::new()
        .route("/", post(receive::<S>))
        .with_state(receiver)
}

fn refuse(reason: &str) -> Response {
    (StatusCode::BAD_REQUEST, reason.to_owned()).into_response()
}

async fn receive<S: EventSink>(
    State(receiver): State<Arc<Receiver<S>>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return refuse("the content type must be application/json");
    }
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if announced.is_some_and(|len| len > MAX_EVENT_BYTES as u64) {
        return refuse("the body is longer than a notification may be (64 KiB)");
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_EVENT_BYTES).await else {
        return refuse("the body is longer than a notification may be (64 KiB), or unreadable");
    };
    let event = match Event::from_slice(&bytes) {
        Ok(event) => event,
        Err(error) => return refuse(&error.to_string()),
    };
    let fingerprint = receiver.seen_key(&event);
    let first = receiver
        .seen
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .first_time(fingerprint);
    if !first {
        tracing::debug!(
            event = event.kind(),
            "duplicate notification, not handed over again"
        );
        return (StatusCode::OK, "duplicate").into_response();
    }
    tracing::info!(
        event = event.kind(),
        order = event.order_no().unwrap_or("-"),
        "notification received"
    );
    match receiver.sink.deliver(event) {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(Full) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the application's queue is full",
        )
            .into_response(),
    }
}

impl<S> Receiver<S> {
    /// A fingerprint of what the event says, whatever its bytes' layout: its
    /// type and its notification, as the generated type writes it back.
    fn seen_key(&self, event: &Event) -> u64 {
        let written = match event {
            Event::Ticketed(n) => serde_json::to_vec(n.notification()),
            Event::Void(n) => serde_json::to_vec(n.notification()),
            Event::ScheduleChange(n) => serde_json::to_vec(n.notification()),
            Event::AirlineStatus(n) => serde_json::to_vec(n.notification()),
            Event::Email(n) => serde_json::to_vec(n.notification()),
            Event::Incident(n) => serde_json::to_vec(n.notification()),
            Event::Unknown(n) => serde_json::to_vec(n.notification()),
        }
        .unwrap_or_default();
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.hasher.hash_one((event.kind(), written))
    }
}
