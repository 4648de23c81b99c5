//! The sandbox's `POST /balance.do`: the deposit account in the asked
//! currency, as the order book keeps it (minor units, answered as a number).

use std::sync::Arc;

use atlas_pay_gen::operations::balance::Balance;
use atlas_pay_gen::types::BalanceBody;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::json;

use super::state::{Served, Shared, admitted, json_response};

impl Served for Balance {
    const SAMPLES: &'static [&'static str] = &[r#"{"currency":"USD"}"#, r#"{"currency":"XYZ"}"#];

    fn route(router: axum::Router<Arc<Shared>>) -> axum::Router<Arc<Shared>> {
        router.route(
            <Self as atlas_pay_gen::Operation>::PATH,
            axum::routing::post(balance),
        )
    }
}

async fn balance(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Body) -> Response {
    let request: BalanceBody =
        match admitted(&shared, &headers, body, "currency must be a string").await {
            Ok(request) => request,
            Err(answer) => return answer,
        };
    match shared.book().deposit(&request.currency) {
        Some(minor) => json_response(&json!({
            "status": 0,
            "msg": "success",
            "accountBalance": {"amount": minor as f64 / 100.0, "currency": request.currency}
        })),
        // Atlas's reference lists no code for this; the sandbox answers the
        // pay page's "illegal parameter" and names the currency.
        None => json_response(&json!({
            "status": 400,
            "msg": format!("currency: no deposit account in {}", request.currency)
        })),
    }
}
