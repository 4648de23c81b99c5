//! The sandbox's `POST /balance.do`: the deposit account in the asked
//! currency, as the order book keeps it (minor units, answered as a number).

use std::sync::Arc;

use atlas_pay_gen::operations::balance::Balance;
use atlas_pay_gen::types::BalanceBody;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::state::{BODY_LIMIT, Served, Shared, credentials_ok};

impl Served for Balance {
    const SAMPLES: &'static [&'static str] = &[r#"{"currency":"USD"}"#, r#"{"currency":"XYZ"}"#];

    fn route(router: axum::Router<Arc<Shared>>) -> axum::Router<Arc<Shared>> {
        router.route(
            <Self as atlas_pay_gen::Operation>::PATH,
            axum::routing::post(balance),
        )
    }
}

fn answer(body: Value) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn balance(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Body) -> Response {
    if !credentials_ok(&shared, &headers) {
        return answer(json!({
            "status": 900,
            "msg": "Unauthorized: wrong credentials or inactive account"
        }));
    }
    let request = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => serde_json::from_slice::<BalanceBody>(&bytes),
        Err(_) => {
            return answer(json!({"status": 901, "msg": "Illegal request data: unreadable body"}));
        }
    };
    let Ok(request) = request else {
        return answer(json!({
            "status": 901,
            "msg": "Illegal request data: currency must be a string"
        }));
    };
    match shared.book().deposit(&request.currency) {
        Some(minor) => answer(json!({
            "status": 0,
            "msg": "success",
            "accountBalance": {"amount": minor as f64 / 100.0, "currency": request.currency}
        })),
        // Atlas's reference lists no code for this; the sandbox answers the
        // pay page's "illegal parameter" and names the currency.
        None => answer(json!({
            "status": 400,
            "msg": format!("currency: no deposit account in {}", request.currency)
        })),
    }
}
