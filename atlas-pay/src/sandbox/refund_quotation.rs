//! The sandbox's `POST /refundQuotation.do`: the refund desk's quotation
//! (see `refund_desk.rs`): accurate, "cannot quote" or not refundable, as
//! the order's [`RefundCase`](super::RefundCase) says, and not refundable
//! for a void after the day of ticketing.

use std::future::Future;
use std::sync::Arc;

use atlas_pay_gen::operations::refund_quotation::RefundQuotation;
use atlas_pay_gen::types::RefundQuotationBody;
use axum::response::Response;
use serde_json::json;

use super::refund_desk::ask_of;
use super::state::{Admitted, Request, Served, Shared, admit, json_response};

impl Served for RefundQuotation {
    // SBX-TICKETED-402 is ticketed from the start; SBX-DEMO-002 is unpaid.
    const SAMPLES: &'static [&'static str] = &[
        r#"{"orderNo":"SBX-TICKETED-402","airlinePNR":null,"carrier":null,"refundRequestList":[{"lastName":"LOVELACE","firstName":"ADA","refundReason":"1","segments":[{"depDate":"20250818","flightNo":"U28405","depAirport":"LGW","arrAirport":"CDG"},{"depDate":"20250820","flightNo":"U28410","depAirport":"CDG","arrAirport":"LGW"}]}]}"#,
        r#"{"orderNo":"SBX-REFUND-UNREFUNDABLE","airlinePNR":null,"carrier":null,"displayCurrency":"EUR","refundRequestList":[{"lastName":"LOVELACE","firstName":"ADA","refundReason":"0","segments":[{"depDate":"20250818","flightNo":"U28405","depAirport":"LGW","arrAirport":"CDG"},{"depDate":"20250820","flightNo":"U28410","depAirport":"CDG","arrAirport":"LGW"}]}]}"#,
        r#"{"orderNo":"SBX-TICKETED-402","airlinePNR":null,"carrier":null,"refundRequestList":[{"lastName":"LOVELACE","firstName":"ADA","refundReason":"1","segments":[{"depDate":"20250818","flightNo":"U28405","depAirport":"LGW","arrAirport":"CDG"}]}]}"#,
        r#"{"orderNo":"SBX-DEMO-002","airlinePNR":null,"carrier":null,"refundRequestList":[]}"#,
    ];

    fn answer(request: Request) -> impl Future<Output = Response> + Send {
        admit::<Self>(request)
    }
}

impl Admitted for RefundQuotation {
    const WRONG_TYPES: &'static str = "the body is not the documented JSON";

    async fn respond(shared: Arc<Shared>, request: RefundQuotationBody) -> Response {
        let mut book = shared.book();
        let answer = ask_of(
            &book,
            request.order_no.as_deref(),
            request.airline_pnr.as_deref(),
            &request.refund_request_list,
        )
        .and_then(|ask| book.quote(ask, request.display_currency.as_deref()));
        match answer {
            Ok(answer) => json_response(&answer),
            Err((status, msg)) => json_response(&json!({"status": status, "msg": msg})),
        }
    }
}
