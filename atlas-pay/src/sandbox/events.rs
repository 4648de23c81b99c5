//! The notifications the sandbox POSTs to the URL registered with
//! `updateWebhookURL.do`, as Atlas does: `order.ticketed` when an order paid
//! here finishes ticketing, `order.void` when a void ends, on the sandbox
//! clock. Delivery is as unreliable as the caller asks
//! ([`EventDelivery`]): Atlas promises nothing.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::book::{Book, IN_PROGRESS_FOR, TICKETING_FOR};
use super::itinerary::{PASSENGER, airline_pnr, ticket_number};

/// How the sandbox delivers notifications to the registered URL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventDelivery {
    /// Each notification once, in order.
    #[default]
    Once,
    /// Each notification twice (Atlas may resend).
    Twice,
    /// None at all (best effort means none may come).
    Dropped,
    /// In pairs swapped: a notification waits for the next one and goes
    /// after it (a lone last one waits for ever, as a lost one would).
    Swapped,
}

/// The registered URL and the notifications waiting to go to it.
#[derive(Debug, Default)]
pub(crate) struct Outbox {
    url: Option<String>,
    pending: Vec<Value>,
}

impl Book {
    fn outbox(&mut self) -> &mut Outbox {
        self.operation_state::<Outbox>()
    }

    /// Registers the URL notifications go to (replacing any earlier one).
    pub(crate) fn register_webhook(&mut self, url: String) {
        self.outbox().url = Some(url);
    }

    /// Queues a notification, if a URL is registered.
    pub(crate) fn notify(&mut self, notification: Value) {
        let outbox = self.outbox();
        if outbox.url.is_some() {
            outbox.pending.push(notification);
        }
    }

    /// The notifications to send now, and where.
    pub(crate) fn take_notifications(&mut self) -> Option<(String, Vec<Value>)> {
        let outbox = self.outbox();
        let pending = std::mem::take(&mut outbox.pending);
        let url = outbox.url.clone()?;
        (!pending.is_empty()).then_some((url, pending))
    }

    /// Queues `order.ticketed` for every order paid here whose ticketing
    /// ended between sandbox seconds `before` (excluded) and `after`.
    pub(crate) fn notify_ticketing(&mut self, before: u64, after: u64, cid: &str) {
        let takes = IN_PROGRESS_FOR.as_secs() + TICKETING_FOR.as_secs();
        let ticketed: Vec<String> = self
            .orders
            .iter()
            .filter(|(_, r)| !r.order.stuck_in_ticketing && r.cancel_at.is_none() && !r.cancelled)
            .filter_map(|(no, r)| r.paid_at.map(|at| (no, at + takes)))
            .filter(|(_, at)| before < *at && *at <= after)
            .map(|(no, _)| no.clone())
            .collect();
        for order_no in ticketed {
            self.notify(ticketed_notification(&order_no, cid));
        }
    }
}

/// Atlas's `order.ticketed`, for a sandbox order.
pub(crate) fn ticketed_notification(order_no: &str, cid: &str) -> Value {
    json!({
        "cid": cid,
        "type": "order.ticketed",
        "status": -1,
        "data": {
            "orderNo": order_no,
            "orderStatus": 2,
            "paxTicketInfos": [{
                "name": PASSENGER,
                "passengerType": 0,
                "ticketNos": [ticket_number(order_no)],
                "airlinePNRs": [airline_pnr(order_no)],
                "ancillaries": []
            }]
        }
    })
}

/// Starts the task that POSTs notifications; the sender feeds it.
pub(crate) fn deliver(delivery: EventDelivery) -> mpsc::UnboundedSender<(String, Value)> {
    let (sender, mut receiver) = mpsc::unbounded_channel::<(String, Value)>();
    tokio::spawn(async move {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap_or_default();
        let http = Arc::new(http);
        let mut held: Option<(String, Value)> = None;
        while let Some((url, body)) = receiver.recv().await {
            let order: Vec<(String, Value)> = match delivery {
                EventDelivery::Dropped => Vec::new(),
                EventDelivery::Once => vec![(url, body)],
                EventDelivery::Twice => vec![(url.clone(), body.clone()), (url, body)],
                EventDelivery::Swapped => match held.take() {
                    Some(first) => vec![(url, body), first],
                    None => {
                        held = Some((url, body));
                        Vec::new()
                    }
                },
            };
            for (url, body) in order {
                // Best effort, as Atlas: a refused or failed POST is not retried.
                let _ = http.post(&url).json(&body).send().await;
            }
        }
    });
    sender
}
