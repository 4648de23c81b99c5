//! What the sandbox's handlers share: the order book, the credentials, the
//! virtual clock, the body limit, and the way to hang up on a request.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::sync::Notify;

use super::book::Book;
use crate::declared::{CLIENT_ID_HEADER, CLIENT_SECRET_HEADER};

/// The largest request body the sandbox reads.
pub(crate) const BODY_LIMIT: usize = 64 * 1024;

pub(crate) struct Shared {
    pub(crate) book: Mutex<Book>,
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    /// The real instant the sandbox started.
    pub(crate) started: Instant,
    /// Virtual time since the start: every advance, to the nanosecond (the
    /// book counts whole seconds).
    pub(crate) elapsed: Mutex<Duration>,
    /// Where notifications go to be POSTed to the registered URL.
    pub(crate) events: tokio::sync::mpsc::UnboundedSender<(String, Value)>,
}

impl Shared {
    pub(crate) fn book(&self) -> std::sync::MutexGuard<'_, Book> {
        self.book.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn elapsed(&self) -> Duration {
        *self.elapsed.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves the sandbox's time forward by `by`.
    pub(crate) fn advance(&self, by: Duration) {
        let mut elapsed = self.elapsed.lock().unwrap_or_else(PoisonError::into_inner);
        let before = elapsed.as_secs();
        *elapsed = elapsed.saturating_add(by);
        let whole = elapsed.as_secs() - before;
        drop(elapsed);
        let mut book = self.book();
        let from = book.now_secs;
        book.advance(Duration::from_secs(whole));
        let to = book.now_secs;
        book.notify_ticketing(from, to, &self.client_id);
        book.notify_voids(from, to, &self.client_id);
        let notifications = book.take_notifications();
        drop(book);
        for (url, notification) in notifications
            .into_iter()
            .flat_map(|(url, list)| list.into_iter().map(move |n| (url.clone(), n)))
        {
            // The delivery task ends only with the sandbox.
            let _ = self.events.send((url, notification));
        }
    }
}

/// Closes the connection a request arrived on.
#[derive(Clone)]
pub(crate) struct Hangup(pub(crate) Arc<Notify>);

pub(crate) fn credentials_ok(shared: &Shared, headers: &HeaderMap) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    header(CLIENT_ID_HEADER) == Some(shared.client_id.as_str())
        && header(CLIENT_SECRET_HEADER) == Some(shared.client_secret.as_str())
}

/// One request to an operation, as the router hands it over.
pub(crate) struct Request {
    pub(crate) shared: Arc<Shared>,
    /// Closes the request's connection (a fault after the request was read).
    pub(crate) hangup: Hangup,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Body,
}

/// An operation the sandbox serves: how it answers, and requests that
/// exercise its answers. `http::router` routes every operation of the
/// effective document at its path through this trait, so an operation
/// without a sandbox module stops the sandbox compiling.
#[diagnostic::on_unimplemented(
    message = "the sandbox does not serve the operation `{Self}`",
    note = "add atlas-pay/src/sandbox/<operation>.rs with `impl Served for {Self}` (how it answers and sample requests; see MAINTAINING.md, \"Adding an operation\")"
)]
pub(crate) trait Served: atlas_pay_gen::Operation {
    /// Request bodies that exercise the operation's answers on a sandbox
    /// started with the default orders, sent in order
    /// (`Sandbox::sample_requests`).
    const SAMPLES: &'static [&'static str];

    /// Answers one request.
    fn answer(request: Request) -> impl Future<Output = Response> + Send;
}

/// A fault's HTTP 500 with an HTML body, as a proxy in front of Atlas
/// answers one.
pub(crate) fn server_error_page() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html")],
        "<html><body><h1>500 Internal Server Error</h1></body></html>",
    )
        .into_response()
}

/// A fault's HTTP 200 whose body is not JSON.
pub(crate) fn garbage_body() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        "<<garbage>> {\"status\":0,",
    )
        .into_response()
}

/// An HTTP 200 answer with a JSON body, as Atlas answers every status.
pub(crate) fn json_response(body: &Value) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// An operation answered after Atlas's usual admission ([`admit`]): its
/// rules see a decoded request of the generated type.
pub(crate) trait Admitted: atlas_pay_gen::Operation<Body: DeserializeOwned> {
    /// The 901 message for a body of the wrong types.
    const WRONG_TYPES: &'static str;

    /// Answers an admitted request.
    fn respond(shared: Arc<Shared>, body: Self::Body) -> impl Future<Output = Response> + Send;
}

/// Admits a request ([`admitted`]), then lets the operation answer it.
pub(crate) async fn admit<Op: Admitted>(request: Request) -> Response {
    let Request {
        shared,
        headers,
        body,
        ..
    } = request;
    match admitted::<Op::Body>(&shared, &headers, body, Op::WRONG_TYPES).await {
        Ok(body) => Op::respond(shared, body).await,
        Err(answer) => answer,
    }
}

/// What every operation checks first: the credentials (900), then a body
/// that decodes into the operation's generated request type (901, with
/// `wrong_types` as the message). The answer to send when either fails.
pub(crate) async fn admitted<T: DeserializeOwned>(
    shared: &Shared,
    headers: &HeaderMap,
    body: Body,
    wrong_types: &str,
) -> Result<T, Response> {
    if !credentials_ok(shared, headers) {
        return Err(json_response(&json!({
            "status": 900,
            "msg": "Unauthorized: wrong credentials or inactive account"
        })));
    }
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return Err(json_response(
            &json!({"status": 901, "msg": "Illegal request data: unreadable body"}),
        ));
    };
    serde_json::from_slice(&bytes).map_err(|_| {
        json_response(&json!({
            "status": 901,
            "msg": format!("Illegal request data: {wrong_types}")
        }))
    })
}
