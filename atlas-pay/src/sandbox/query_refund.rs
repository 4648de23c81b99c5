//! The sandbox's `POST /queryRefundOrders.do`: the refund desk's refund
//! with the code asked, in its state on the sandbox clock (see
//! `refund_desk.rs`); an empty list for a code it does not know.

use std::future::Future;
use std::sync::Arc;

use atlas_pay_gen::operations::query_refund::QueryRefund;
use atlas_pay_gen::types::QueryRefundBody;
use axum::response::Response;
use serde_json::json;

use super::state::{Admitted, Request, Served, Shared, admit, json_response};

impl Served for QueryRefund {
    // After the submission samples: SBX-000002 is the refund they filed.
    const SAMPLES: &'static [&'static str] = &[
        r#"{"refundCode":"SBX-000002","orderNo":"SBX-TICKETED-402","airlinePNR":null,"carrier":null}"#,
        r#"{"refundCode":"NO-SUCH-REFUND","orderNo":"SBX-TICKETED-402","airlinePNR":null,"carrier":null,"displayCurrency":"EUR"}"#,
    ];

    fn answer(request: Request) -> impl Future<Output = Response> + Send {
        admit::<Self>(request)
    }
}

impl Admitted for QueryRefund {
    const WRONG_TYPES: &'static str = "refundCode must be a string";

    async fn respond(shared: Arc<Shared>, request: QueryRefundBody) -> Response {
        let orders = shared
            .book()
            .refund_orders(&request.refund_code, request.order_no.as_deref());
        json_response(&json!({"refundOrders": orders, "status": 0, "msg": null}))
    }
}
