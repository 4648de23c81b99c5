//! The notifications Atlas POSTs to a registered URL (see
//! [`Client::register_webhook`](crate::Client::register_webhook)), typed:
//! [`Event::from_slice`] reads a body into one variant per documented
//! notification, through the generated notification types, and keeps a type
//! it does not know by its name.
//!
//! An event is a hint, never a fact: Atlas signs nothing, authenticates
//! nothing and promises nothing (best effort), so anyone who finds the URL
//! can POST a well-formed `order.ticketed`. Decide only on a query:
//! [`Client::confirm`](crate::Client::confirm) (the order query) and
//! [`Client::confirm_void`](crate::Client::confirm_void) (the refund query).
//! Personal data in events (names, identity documents, e-mail addresses and
//! links) is [`PersonalData`](crate::PersonalData): never printed.

use std::fmt;
use std::sync::Arc;

use atlas_pay_gen::types as wire;
use serde::de::DeserializeOwned;

/// The longest notification body read: 64 KiB. Atlas's largest sample (a
/// schedule change with three segment lists) is under 2 KiB.
pub const MAX_EVENT_BYTES: usize = 64 * 1024;

/// A notification Atlas POSTed, by its `type`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Event {
    /// `order.ticketed`: Atlas says ticketing finished.
    Ticketed(Notified<wire::TicketingCompleteNotification>),
    /// `order.void`: a void was submitted or its status changed.
    Void(Notified<wire::VoidNotification>),
    /// `order.schedulechange`: a flight of an order changed or was cancelled.
    ScheduleChange(Notified<wire::ScheduleChangeNotification>),
    /// `airline.status`: airlines changed their operational status (no order).
    AirlineStatus(Notified<wire::AirlineStatusNotification>),
    /// `email.all`: Atlas captured an airline e-mail about an order.
    Email(Notified<wire::EmailNotification>),
    /// `email.schedulechange` or `abnormal.cancelled`: an incident
    /// ([`Client::list_incidents`](crate::Client::list_incidents) lists them).
    Incident(Notified<wire::IncidentNotification>),
    /// A type this version does not know, kept by its name.
    Unknown(Notified<wire::Notification>),
}

/// One notification as Atlas sent it, read through its generated type.
/// Clones share it.
#[derive(Clone)]
pub struct Notified<T> {
    kind: String,
    notification: Arc<T>,
}

impl<T> Notified<T> {
    /// The notification's `type`, as sent.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// Everything Atlas sent, as the generated type (personal data in it
    /// never prints).
    pub fn notification(&self) -> &T {
        &self.notification
    }
}

impl<T: fmt::Debug> fmt::Debug for Notified<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notified")
            .field("kind", &self.kind)
            .field("notification", &self.notification)
            .finish()
    }
}

/// Why a body is not a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventError {
    /// Longer than [`MAX_EVENT_BYTES`].
    TooLarge {
        /// The body's length.
        len: usize,
    },
    /// Not a JSON object with a string `type`.
    NotAnEvent(String),
    /// A documented `type` whose body does not have that notification's
    /// shape.
    Malformed {
        /// The `type`.
        kind: String,
        /// What does not fit.
        detail: String,
    },
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventError::TooLarge { len } => write!(
                f,
                "the body is {len} bytes, more than a notification's {MAX_EVENT_BYTES}"
            ),
            EventError::NotAnEvent(detail) => {
                write!(
                    f,
                    "not a notification (a JSON object with a `type`): {detail}"
                )
            }
            EventError::Malformed { kind, detail } => {
                write!(f, "not a well-formed `{kind}` notification: {detail}")
            }
        }
    }
}

impl std::error::Error for EventError {}

impl Event {
    /// Reads a notification body. A documented `type` reads into its
    /// variant (a field no decision reads may be missing); any other `type`
    /// is [`Event::Unknown`]. Never panics; bodies over
    /// [`MAX_EVENT_BYTES`] are refused unread.
    pub fn from_slice(body: &[u8]) -> Result<Event, EventError> {
        if body.len() > MAX_EVENT_BYTES {
            return Err(EventError::TooLarge { len: body.len() });
        }
        let envelope: wire::Notification = serde_json::from_slice(body)
            .map_err(|error| EventError::NotAnEvent(error.to_string()))?;
        let kind = envelope.type_.clone();
        // The documented types, as the generated notifications spell them.
        fn known<T: DeserializeOwned>(value: &str) -> bool {
            serde_json::from_value::<T>(serde_json::Value::String(value.to_owned())).is_ok()
        }
        macro_rules! read {
            ($variant:ident, $kind:ty, $notification:ty) => {
                if known::<$kind>(&kind) {
                    return read::<$notification>(body, kind).map(Event::$variant);
                }
            };
        }
        read!(
            Ticketed,
            wire::TicketingCompleteNotificationType,
            wire::TicketingCompleteNotification
        );
        read!(Void, wire::VoidNotificationType, wire::VoidNotification);
        read!(
            ScheduleChange,
            wire::ScheduleChangeNotificationType,
            wire::ScheduleChangeNotification
        );
        read!(
            AirlineStatus,
            wire::AirlineStatusNotificationType,
            wire::AirlineStatusNotification
        );
        read!(Email, wire::EmailNotificationType, wire::EmailNotification);
        read!(
            Incident,
            wire::IncidentNotificationType,
            wire::IncidentNotification
        );
        Ok(Event::Unknown(Notified {
            kind,
            notification: Arc::new(envelope),
        }))
    }

    /// The notification's `type`, as sent.
    pub fn kind(&self) -> &str {
        match self {
            Event::Ticketed(n) => n.kind(),
            Event::Void(n) => n.kind(),
            Event::ScheduleChange(n) => n.kind(),
            Event::AirlineStatus(n) => n.kind(),
            Event::Email(n) => n.kind(),
            Event::Incident(n) => n.kind(),
            Event::Unknown(n) => n.kind(),
        }
    }

    /// The order the notification is about, if it names one.
    pub fn order_no(&self) -> Option<&str> {
        let order = match self {
            Event::Ticketed(n) => n.notification().data.as_ref().map(|d| &d.order_no),
            Event::Void(n) => n.notification().data.as_ref().map(|d| &d.order_no),
            Event::ScheduleChange(n) => n.notification().data.as_ref().map(|d| &d.order_no),
            Event::Email(n) => n.notification().data.as_ref().map(|d| &d.order_no),
            Event::Incident(n) => n.notification().data.as_ref().map(|d| &d.order_no),
            Event::AirlineStatus(_) | Event::Unknown(_) => None,
        };
        order.map(String::as_str).filter(|no| !no.trim().is_empty())
    }
}

impl Notified<wire::TicketingCompleteNotification> {
    /// Every ticket number the notification lists, passenger by passenger.
    /// A hint: confirm with [`Client::confirm`](crate::Client::confirm).
    pub fn ticket_numbers(&self) -> Vec<&str> {
        self.notification
            .data
            .iter()
            .flat_map(|data| &data.pax_ticket_infos)
            .flat_map(|passenger| &passenger.ticket_nos)
            .map(String::as_str)
            .collect()
    }
}

impl Notified<wire::VoidNotification> {
    /// The void's code (the refund query's refund code), if sent.
    pub fn void_code(&self) -> Option<&str> {
        self.notification
            .data
            .as_ref()
            .and_then(|data| data.void_code.as_deref())
            .filter(|code| !code.trim().is_empty())
    }
}

fn read<T: DeserializeOwned>(body: &[u8], kind: String) -> Result<Notified<T>, EventError> {
    match serde_json::from_slice::<T>(body) {
        Ok(notification) => Ok(Notified {
            kind,
            notification: Arc::new(notification),
        }),
        Err(error) => Err(EventError::Malformed {
            kind,
            detail: error.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_documented_type_reads_into_its_variant_and_others_are_kept_by_name() {
        let ticketed = br#"{"cid":"X","status":-1,"type":"order.ticketed","data":{"orderNo":"T1","orderStatus":2,"paxTicketInfos":[{"name":"zhang/lisi","ticketNos":["S1"],"airlinePNRs":["P1"]}]}}"#;
        let Event::Ticketed(event) = Event::from_slice(ticketed).unwrap() else {
            panic!("not ticketed")
        };
        assert_eq!(event.ticket_numbers(), ["S1"]);
        let printed = format!("{event:?}");
        assert!(!printed.contains("zhang"), "{printed}");

        let unknown =
            br#"{"type":"order.rebooked","data":{"orderNo":"T2","new":true},"extra":[1]}"#;
        let event = Event::from_slice(unknown).unwrap();
        assert!(matches!(event, Event::Unknown(_)));
        assert_eq!(event.kind(), "order.rebooked");
        assert_eq!(event.order_no(), None);
    }

    #[test]
    fn what_is_not_a_notification_is_refused_with_a_reason() {
        assert!(matches!(
            Event::from_slice(b"not json"),
            Err(EventError::NotAnEvent(_))
        ));
        assert!(matches!(
            Event::from_slice(b"[1,2]"),
            Err(EventError::NotAnEvent(_))
        ));
        assert!(matches!(
            Event::from_slice(br#"{"data":{}}"#),
            Err(EventError::NotAnEvent(_))
        ));
        let big = vec![b' '; MAX_EVENT_BYTES + 1];
        assert_eq!(
            Event::from_slice(&big).unwrap_err(),
            EventError::TooLarge {
                len: MAX_EVENT_BYTES + 1
            }
        );
        let wrong = br#"{"type":"order.void","data":{"orderNo":7}}"#;
        assert!(matches!(
            Event::from_slice(wrong),
            Err(EventError::Malformed { .. })
        ));
    }
}
