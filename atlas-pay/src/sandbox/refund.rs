//! The sandbox's `POST /refund.do`: files a refund at the refund desk (see
//! `refund_desk.rs`), by the offer of a quotation or by passenger and
//! segment, with per-order faults like pay's (a delay, HTTP 500, a cut
//! after the request was read, with or without the refund filed first, a
//! body that is not JSON, a status nobody documents).

use std::future::Future;
use std::time::Duration;

use atlas_pay_gen::operations::refund::Refund;
use atlas_pay_gen::types::RefundBody;
use axum::response::Response;
use serde_json::json;

use super::book::{Book, Fault};
use super::refund_desk::{Refused, ask_of};
use super::state::{Request, Served, admitted, garbage_body, json_response, server_error_page};

impl Served for Refund {
    // Run after the quotation samples: the first files a refund of
    // SBX-TICKETED-402, the second is rejected as its duplicate.
    const SAMPLES: &'static [&'static str] = &[
        r#"{"orderNo":"SBX-TICKETED-402","airlinePNR":null,"carrier":null,"refundOfferId":null,"refundRequestList":[{"lastName":"LOVELACE","firstName":"ADA","refundReason":"1","segments":[{"depDate":"20250818","flightNo":"U28405","depAirport":"LGW","arrAirport":"CDG"},{"depDate":"20250820","flightNo":"U28410","depAirport":"CDG","arrAirport":"LGW"}]}]}"#,
        r#"{"orderNo":"SBX-TICKETED-402","airlinePNR":null,"carrier":null,"refundOfferId":"q_sbx000001"}"#,
        r#"{"orderNo":"SBX-TICKETED-402","airlinePNR":null,"carrier":null,"refundOfferId":"q_nonexistent"}"#,
    ];

    fn answer(request: Request) -> impl Future<Output = Response> + Send {
        submit(request)
    }
}

async fn submit(
    Request {
        shared,
        hangup,
        headers,
        body,
    }: Request,
) -> Response {
    let request: RefundBody =
        match admitted(&shared, &headers, body, "the body is not the documented JSON").await {
            Ok(request) => request,
            Err(answer) => return answer,
        };
    let order_no = request.order_no.clone().unwrap_or_default();
    let fault = shared.book().take_refund_fault(&order_no);
    match fault {
        Some(Fault::Delay { ms }) => tokio::time::sleep(Duration::from_millis(ms)).await,
        Some(Fault::Http500) => {
            return server_error_page();
        }
        Some(Fault::GarbageBody) => {
            return garbage_body();
        }
        Some(Fault::UnknownStatus { code }) => {
            return json_response(&json!({"status": code, "msg": "a status no documentation lists"}));
        }
        Some(fault @ (Fault::CloseAfterRead { charge } | Fault::Stall { charge })) => {
            if charge {
                let _ = file(&mut shared.book(), &request);
            }
            // A cut closes the connection; a stall keeps it open, silent.
            if matches!(fault, Fault::CloseAfterRead { .. }) {
                hangup.0.notify_one();
            }
            return std::future::pending().await;
        }
        _ => {}
    }
    let answer = file(&mut shared.book(), &request);
    match answer {
        Ok(answer) => json_response(&answer),
        Err((status, msg)) => json_response(&json!({"status": status, "msg": msg})),
    }
}

/// Files the submission: by its offer, or by its passenger list.
fn file(book: &mut Book, request: &RefundBody) -> Result<serde_json::Value, Refused> {
    let by = match (&request.refund_offer_id, &request.refund_request_list) {
        (Some(offer), None) => Ok(offer.clone()),
        (None, Some(list)) => Err(ask_of(
            book,
            request.order_no.as_deref(),
            request.airline_pnr.as_deref(),
            list,
        )?),
        _ => {
            return Err((
                400,
                "refundOfferId or refundRequestList: give exactly one".to_owned(),
            ));
        }
    };
    book.submit(by, request.display_currency.as_deref())
}
