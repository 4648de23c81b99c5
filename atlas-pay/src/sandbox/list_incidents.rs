//! The sandbox's `POST /event/getPageList.do`: the incidents recorded for
//! its orders ([`SandboxOrder::incident`](super::SandboxOrder::incident)),
//! filtered and paged as asked.

use std::future::Future;
use std::sync::Arc;

use atlas_pay_gen::operations::list_incidents::ListIncidents;
use atlas_pay_gen::types::ListIncidentsBody;
use axum::response::Response;
use serde_json::{Value, json};

use super::book::Book;
use super::itinerary::{PASSENGER, airline_pnr, legs};
use super::state::{Admitted, Request, Served, Shared, admit, json_response};

impl Served for ListIncidents {
    const SAMPLES: &'static [&'static str] = &[
        r#"{"pageIndex":1,"pageSize":100}"#,
        r#"{"orderNo":"SBX-INCIDENT","eventType":"abnormal.cancelled","eventStatus":[0,1],"pageIndex":1,"pageSize":10}"#,
        r#"{"pageIndex":null,"pageSize":0}"#,
    ];

    fn answer(request: Request) -> impl Future<Output = Response> + Send {
        admit::<Self>(request)
    }
}

impl Admitted for ListIncidents {
    const WRONG_TYPES: &'static str = "the body is not the documented JSON";

    async fn respond(shared: Arc<Shared>, request: ListIncidentsBody) -> Response {
        if request.page_size < 1 {
            return json_response(&json!({"status": 400, "msg": "pageSize: at least 1"}));
        }
        let records = shared.book().incidents(&request);
        let size = usize::try_from(request.page_size).unwrap_or(usize::MAX);
        let index = request.page_index.unwrap_or(1).max(1);
        let skip = usize::try_from(index - 1).unwrap_or(usize::MAX).saturating_mul(size);
        let page: Vec<Value> = records.iter().skip(skip).take(size).cloned().collect();
        json_response(&json!({
            "status": 0,
            "msg": "success",
            "records": page,
            "pageIndex": index.to_string(),
            "pageSize": request.page_size.to_string(),
            "total": records.len().to_string()
        }))
    }
}

impl Book {
    /// Every recorded incident matching the request's filters.
    fn incidents(&self, request: &ListIncidentsBody) -> Vec<Value> {
        let wanted = |filter: &Option<String>, value: &str| {
            filter.as_deref().is_none_or(|f| f.trim().is_empty() || f == value)
        };
        let departure = legs().first().map(|leg| leg.date.clone()).unwrap_or_default();
        let mut found = Vec::new();
        for (order_no, record) in &self.orders {
            for (index, kind) in record.order.incidents.iter().enumerate() {
                let matches = wanted(&request.order_no, order_no)
                    && wanted(&request.event_type, kind)
                    && wanted(&request.airline, "U2")
                    && (request.event_status.is_empty() || request.event_status.contains(&0));
                if matches {
                    found.push(json!({
                        "eventId": format!("{order_no}-{index}"),
                        "orderNo": order_no,
                        "eventType": kind,
                        "eventStatus": 0,
                        "eventTime": "2025-08-01 09:00:00",
                        "confirmedResult": null,
                        "confirmedRemark": null,
                        "createTime": "2025-08-01 09:00:00",
                        "airline": "U2",
                        "depTime": departure,
                        "confirmTime": null,
                        "notified": 1,
                        "pnr": airline_pnr(order_no),
                        "paxName": PASSENGER,
                        "paxEmail": "ada@example.com"
                    }));
                }
            }
        }
        found
    }
}
