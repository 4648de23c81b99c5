//! The sandbox's HTTP side: the routes, and one task per connection (so a
//! fault can close a connection after its request was read). Each
//! operation's handler lives in its own module (`pay`, `query`); what they
//! share is in `state`.

use std::sync::Arc;

use axum::{Extension, Router};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};

use super::state::{Hangup, Served, Shared};

/// Every operation of the effective document, each routed by its own
/// module's [`Served`] implementation.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let mut router: Router<Arc<Shared>> = Router::new();
    macro_rules! route {
        ($operation:path) => {
            router = <$operation as Served>::route(router);
        };
    }
    atlas_pay_gen::for_each_operation!(route);
    router
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
