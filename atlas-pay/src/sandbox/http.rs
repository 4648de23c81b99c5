//! The sandbox's HTTP side: the routes, and one task per connection (so a
//! fault can close a connection after its request was read). Each
//! operation's rules live in its own module, named after the operation;
//! what they share is in `state`. This module names no operation.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method};
use axum::routing::MethodFilter;
use axum::{Extension, Router};
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};

use super::state::{Hangup, Request, Served, Shared, json_response};

/// Every operation of the effective document at its path and method, each
/// answered by its own module's [`Served`] implementation.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let mut router: Router<Arc<Shared>> = Router::new();
    macro_rules! route {
        ($module:ident, $operation:path) => {
            router = router.route(
                <$operation as atlas_pay_gen::Operation>::PATH,
                axum::routing::on(
                    method_filter(<$operation as atlas_pay_gen::Operation>::METHOD),
                    |State(shared): State<Arc<Shared>>,
                     Extension(hangup): Extension<Hangup>,
                     headers: HeaderMap,
                     body: Body| {
                        <$operation as Served>::answer(Request {
                            shared,
                            hangup,
                            headers,
                            body,
                        })
                    },
                ),
            );
        };
    }
    atlas_pay_gen::for_each_operation!(route);
    router
        .fallback(|| async { json_response(&json!({"status": -1, "msg": "no such endpoint"})) })
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        .with_state(shared)
}

/// The method an operation is routed by: the generated operation's
/// (every one Atlas documents is a standard method; anything else is
/// served as `POST`, what Atlas's pages use).
fn method_filter(method: &str) -> MethodFilter {
    Method::from_bytes(method.as_bytes())
        .ok()
        .and_then(|method| MethodFilter::try_from(method).ok())
        .unwrap_or(MethodFilter::POST)
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
