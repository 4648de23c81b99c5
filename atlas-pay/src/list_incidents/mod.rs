//! `POST /event/getPageList.do`: Atlas's incident list (schedule-change
//! e-mails, schedule changes, unaccounted cancellations), a page at a time.
//! [`Client::list_incidents`] is the entry point. It only reads: asking
//! again is safe.

mod declared;

use std::sync::Arc;

use atlas_pay_gen::operations::list_incidents::ListIncidents as Operation;
use atlas_pay_gen::types::{
    ListIncidentsBody, ListIncidentsResponse, ListIncidentsResponseRecordsItem, WireCode,
};

use crate::answer::AtlasAnswer;
use crate::client::Client;
use crate::error::{Code, Error, Refusal};
use crate::transport;

/// An incident list that did not come. Its page documents no status codes
/// of its own ([`Code`]).
pub type ListIncidentsError = Error<Code>;

/// The most incidents one page may ask for.
pub const MAX_PAGE_SIZE: u32 = 500;

impl AtlasAnswer for ListIncidentsResponse {
    fn status_code(&self) -> i64 {
        self.status
    }

    fn message(&self) -> Option<&str> {
        self.msg.as_ref().map(|msg| msg.0.as_str())
    }
}

/// Which incidents to list: one page, optionally filtered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct ListIncidents {
    page: u32,
    size: u32,
    order_no: Option<String>,
    kind: Option<IncidentKind>,
    airline: Option<String>,
    unconfirmed_only: bool,
}

impl ListIncidents {
    /// Page `page` (from 1) of `size` incidents (1 to [`MAX_PAGE_SIZE`]).
    pub fn page(page: u32, size: u32) -> Self {
        Self {
            page,
            size,
            order_no: None,
            kind: None,
            airline: None,
            unconfirmed_only: false,
        }
    }

    /// Only the incidents of this order.
    pub fn order_no(mut self, order_no: impl Into<String>) -> Self {
        self.order_no = Some(order_no.into());
        self
    }

    /// Only incidents of this kind.
    pub fn kind(mut self, kind: IncidentKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Only incidents of this airline (IATA code).
    pub fn airline(mut self, airline: impl Into<String>) -> Self {
        self.airline = Some(airline.into());
        self
    }

    /// Only incidents nobody confirmed yet.
    pub fn unconfirmed_only(mut self) -> Self {
        self.unconfirmed_only = true;
        self
    }

    fn body(&self) -> Result<ListIncidentsBody, Refusal> {
        if self.page == 0 {
            return Err(Refusal::Argument("incident pages count from 1"));
        }
        if !(1..=MAX_PAGE_SIZE).contains(&self.size) {
            return Err(Refusal::Argument("an incident page holds 1 to 500 incidents"));
        }
        let mut body = ListIncidentsBody::new(i64::from(self.size));
        body.page_index = Some(i64::from(self.page));
        body.order_no = self.order_no.clone();
        body.event_type = self.kind.as_ref().map(|kind| kind.as_str().to_owned());
        body.airline = self.airline.clone();
        if self.unconfirmed_only {
            body.event_status = vec![0];
        }
        Ok(body)
    }
}

/// What kind of incident Atlas recorded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IncidentKind {
    /// `email.schedulechange`: an airline's schedule-change e-mail.
    EmailScheduleChange,
    /// `order.schedulechange`: a schedule change Atlas has as data.
    ScheduleChange,
    /// `abnormal.cancelled`: a cancellation nobody accounted for.
    UnaccountedCancellation,
    /// A kind this version does not know, as sent.
    Other(String),
}

impl IncidentKind {
    /// The kind as Atlas writes it.
    pub fn as_str(&self) -> &str {
        match self {
            IncidentKind::EmailScheduleChange => "email.schedulechange",
            IncidentKind::ScheduleChange => "order.schedulechange",
            IncidentKind::UnaccountedCancellation => "abnormal.cancelled",
            IncidentKind::Other(kind) => kind,
        }
    }

    fn from_wire(kind: &str) -> Self {
        [
            IncidentKind::EmailScheduleChange,
            IncidentKind::ScheduleChange,
            IncidentKind::UnaccountedCancellation,
        ]
        .into_iter()
        .find(|known| known.as_str() == kind)
        .unwrap_or_else(|| IncidentKind::Other(kind.to_owned()))
    }
}

/// One incident. The passengers' names and e-mail are in
/// [`details`](Self::details), as personal data: never printed.
#[derive(Clone)]
#[non_exhaustive]
pub struct Incident {
    /// Atlas's identifier of the incident.
    pub event_id: String,
    /// The order it is about.
    pub order_no: String,
    /// What kind of incident it is.
    pub kind: IncidentKind,
    /// Whether it was confirmed (`Some(false)`: not yet).
    pub confirmed: Option<bool>,
    /// The airline (IATA code).
    pub airline: Option<String>,
    /// The order's PNR.
    pub pnr: Option<String>,
    details: Arc<ListIncidentsResponseRecordsItem>,
}

impl std::fmt::Debug for Incident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Incident")
            .field("event_id", &self.event_id)
            .field("order_no", &self.order_no)
            .field("kind", &self.kind)
            .field("confirmed", &self.confirmed)
            .field("airline", &self.airline)
            .field("pnr", &self.pnr)
            .finish_non_exhaustive()
    }
}

impl Incident {
    /// Everything Atlas sent about the incident, as the generated type.
    pub fn details(&self) -> &ListIncidentsResponseRecordsItem {
        &self.details
    }

    fn from_record(record: ListIncidentsResponseRecordsItem) -> Self {
        Self {
            event_id: record.event_id.clone(),
            order_no: record.order_no.clone(),
            kind: IncidentKind::from_wire(&record.event_type),
            confirmed: record.event_status.map(|status| status == 1),
            airline: record.airline.clone(),
            pnr: record.pnr.clone(),
            details: Arc::new(record),
        }
    }
}

/// One page of incidents.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IncidentPage {
    /// The incidents of the page.
    pub incidents: Vec<Incident>,
    /// How many incidents match in all, if Atlas said.
    pub total: Option<u64>,
}

impl Client {
    /// Lists one page of incidents (`POST /event/getPageList.do`). Only
    /// reads.
    pub async fn list_incidents(
        &self,
        list: &ListIncidents,
    ) -> Result<IncidentPage, ListIncidentsError> {
        transport::traced(
            atlas_pay_gen::operations::list_incidents::OPERATION_ID,
            list.order_no.as_deref().unwrap_or("incidents"),
            None,
            async {
                let body = list.body().map_err(Error::NotSent)?;
                let answer = transport::send::<Operation, Code>(self.http(), &body, None).await?;
                Ok(page_of(answer))
            },
        )
        .await
    }
}

fn page_of(answer: ListIncidentsResponse) -> IncidentPage {
    let total = answer.total.as_ref().and_then(|total| match total {
        WireCode::Int64(number) => u64::try_from(*number).ok(),
        WireCode::String(text) => text.trim().parse().ok(),
        _ => None,
    });
    IncidentPage {
        incidents: answer.records.into_iter().map(Incident::from_record).collect(),
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declared::Declared;

    #[test]
    fn the_declared_reads_are_what_the_incident_view_reads() {
        let sample = serde_json::json!({
            "status": 0, "msg": "ok", "pageIndex": "1", "pageSize": "100", "total": "1",
            "records": [{
                "eventId": "20230401003644225YJQGR", "orderNo": "HCNMN20230227142411968",
                "eventType": "email.schedulechange", "eventStatus": 0,
                "eventTime": "2023-04-01 00:36:44", "confirmedResult": null,
                "confirmedRemark": null, "createTime": "2023-04-01 00:36:44", "airline": "F9",
                "depTime": "2023-03-31 11:12:00", "confirmTime": null, "notified": 1,
                "pnr": "G7ZNW5", "paxName": "SOWERS/REBECCA", "paxEmail": "r@example.com"
            }]
        });
        crate::answer::assert_reads_are_honest(
            <Operation as atlas_pay_gen::Operation>::ANSWER_FIELDS,
            <Operation as Declared>::READS,
            &sample,
            |answer| {
                let answer: ListIncidentsResponse = serde_json::from_value(answer.clone()).ok()?;
                let message = answer.message().map(str::to_owned);
                let page = page_of(answer);
                Some(format!("{message:?} {page:?}"))
            },
        );
    }

    #[test]
    fn pages_count_from_one_and_hold_at_most_five_hundred() {
        assert!(ListIncidents::page(0, 10).body().is_err());
        assert!(ListIncidents::page(1, 0).body().is_err());
        assert!(ListIncidents::page(1, MAX_PAGE_SIZE + 1).body().is_err());
        let body = ListIncidents::page(2, 50)
            .kind(IncidentKind::UnaccountedCancellation)
            .unconfirmed_only()
            .body()
            .unwrap();
        assert_eq!(body.page_index, Some(2));
        assert_eq!(body.event_type.as_deref(), Some("abnormal.cancelled"));
        assert_eq!(body.event_status, vec![0]);
    }
}
