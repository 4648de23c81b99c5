//! The sandbox's `POST /updateWebhookURL.do`: registers the URL the
//! sandbox POSTs its notifications to (see `events.rs`).

use std::future::Future;
use std::sync::Arc;

use atlas_pay_gen::operations::register_webhook::RegisterWebhook;
use atlas_pay_gen::types::RegisterWebhookBody;
use axum::response::Response;
use serde_json::json;

use super::state::{Admitted, Request, Served, Shared, admit, json_response};

impl Served for RegisterWebhook {
    const SAMPLES: &'static [&'static str] = &[
        r#"{"url":"http://127.0.0.1:9/atlas-events"}"#,
        r#"{"cid":"XXXXXXXX","url":"not a url"}"#,
    ];

    fn answer(request: Request) -> impl Future<Output = Response> + Send {
        admit::<Self>(request)
    }
}

impl Admitted for RegisterWebhook {
    const WRONG_TYPES: &'static str = "url must be a string";

    async fn respond(shared: Arc<Shared>, request: RegisterWebhookBody) -> Response {
        let valid = url::Url::parse(&request.url)
            .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some());
        if !valid {
            // The reference lists no codes; the pay page's nearest (400).
            return json_response(&json!({"status": 400, "msg": "url: not an http(s) URL"}));
        }
        shared.book().register_webhook(request.url);
        json_response(&json!({"status": 0, "msg": "success"}))
    }
}
