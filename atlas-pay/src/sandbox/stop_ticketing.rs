//! The sandbox's `POST /stopTicket.do`: a paid order whose tickets are not
//! issued yet is cancelled and refunded [`STOP_TAKES`] later on the sandbox
//! clock; stopping an unpaid, ticketed, cancelled or unknown order fails.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use atlas_pay_gen::operations::stop_ticketing::StopTicketing;
use atlas_pay_gen::types::StopTicketingBody;
use axum::response::Response;
use serde_json::json;

use super::book::{Book, OrderState};
use super::state::{Admitted, Request, Served, Shared, admit, json_response};

/// How long after a stop request the sandbox cancels and refunds the order
/// (Atlas advises checking after about 8 minutes).
pub const STOP_TAKES: Duration = Duration::from_secs(8 * 60);

impl Served for StopTicketing {
    // SBX-DEMO-001 is paid by the pay.do samples, which come first.
    const SAMPLES: &'static [&'static str] = &[
        r#"{"orderNo":"SBX-DEMO-001"}"#,
        r#"{"orderNo":"SBX-DEMO-003"}"#,
        r#"{"orderNo":"SBX-TICKETED-402"}"#,
        r#"{"orderNo":"NO-SUCH-ORDER"}"#,
    ];

    fn answer(request: Request) -> impl Future<Output = Response> + Send {
        admit::<Self>(request)
    }
}

impl Admitted for StopTicketing {
    const WRONG_TYPES: &'static str = "orderNo must be a string";

    async fn respond(shared: Arc<Shared>, request: StopTicketingBody) -> Response {
        let (status, msg) = shared.book().stop_ticketing(&request.order_no);
        json_response(&json!({"status": status, "msg": msg}))
    }
}

impl Book {
    /// Applies stopTicket.do. Atlas's reference lists no failure codes; the
    /// sandbox answers the pay page's nearest ones (400 no such order, 402
    /// the order's state does not allow it) with a message saying why.
    pub(crate) fn stop_ticketing(&mut self, order_no: &str) -> (i64, String) {
        let Some(state) = self.state(order_no) else {
            return (400, format!("orderNo: no order {order_no}"));
        };
        match state {
            OrderState::PaymentInProgress | OrderState::Ticketing => {
                let already = self
                    .orders
                    .get(order_no)
                    .is_some_and(|record| record.cancel_at.is_some());
                if !already {
                    self.schedule_cancellation(order_no, STOP_TAKES);
                }
                (
                    0,
                    "We are trying to intercept the ticket issuance. Please check the order status for result after 8 minutes".to_owned(),
                )
            }
            OrderState::Unpaid => (
                402,
                "Order status does not support stopping ticket issuance: the order is not paid"
                    .to_owned(),
            ),
            OrderState::Ticketed => (
                402,
                "Order status does not support stopping ticket issuance: tickets are issued"
                    .to_owned(),
            ),
            OrderState::Cancelled => (
                402,
                "Order status does not support stopping ticket issuance: the order is cancelled"
                    .to_owned(),
            ),
        }
    }
}
