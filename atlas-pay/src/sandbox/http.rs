//! The sandbox's HTTP side shared by every operation: credentials, body
//! limits, the routes, and one task per connection (so a fault can close a
//! connection after its request was read). Each operation's handler lives in
//! its own module (`pay`, `query`).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Extension, Router};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};

use super::book::Book;

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
        self.book().advance(Duration::from_secs(whole));
    }
}

/// Closes the connection a request arrived on.
#[derive(Clone)]
pub(crate) struct Hangup(pub(crate) Arc<Notify>);

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(atlas_pay_gen::operations::pay::PATH, post(super::pay::pay))
        .route(
            atlas_pay_gen::operations::query_order_details::PATH,
            post(super::query::query),
        )
        .fallback(|| async { super::pay::json_answer(-1, "no such endpoint", None) })
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        .with_state(shared)
}

/// Accepts connections until `shutdown` fires.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    mut shutdown: oneshot::Receiver<()>,
) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut shutdown => return,
        };
        let Ok((stream, _)) = accepted else { continue };
        let _ = stream.set_nodelay(true);
        let hangup = Hangup(Arc::new(Notify::new()));
        let service = hyper_util::service::TowerToHyperService::new(
            router.clone().layer(Extension(hangup.clone())),
        );
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                () = hangup.0.notified() => {}
            }
        });
    }
}

pub(crate) fn credentials_ok(shared: &Shared, headers: &HeaderMap) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    header("x-atlas-client-id") == Some(shared.client_id.as_str())
        && header("x-atlas-client-secret") == Some(shared.client_secret.as_str())
}
