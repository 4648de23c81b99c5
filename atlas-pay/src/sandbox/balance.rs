//! The sandbox's `POST /balance.do`: the deposit account in the asked
//! currency, as the order book keeps it (minor units, answered as a number).

use std::future::Future;
use std::sync::Arc;

use atlas_pay_gen::operations::balance::Balance;
use atlas_pay_gen::types::BalanceBody;
use axum::response::Response;
use serde_json::json;

use super::state::{Admitted, Request, Served, Shared, admit, json_response};

impl Served for Balance {
    const SAMPLES: &'static [&'static str] = &[r#"{"currency":"USD"}"#, r#"{"currency":"XYZ"}"#];

    fn answer(request: Request) -> impl Future<Output = Response> + Send {
        admit::<Self>(request)
    }
}

impl Admitted for Balance {
    const WRONG_TYPES: &'static str = "currency must be a string";

    async fn respond(shared: Arc<Shared>, request: BalanceBody) -> Response {
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
}
