//! The sandbox's HTTP side: the routes, and one task per connection (so a
//! fault can close a connection after its request was read). Each
//! operation's handler lives in its own module (`pay`, `query`); what they
//! share is in `state`.

use std::sync::Arc;

use axum::routing::post;
use axum::{Extension, Router};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};

use super::state::{Hangup, Shared};

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
