//! Confirming a notification against the order query: an event is a hint
//! (Atlas signs nothing), so what it says counts only once the order query
//! says it too. [`Client::confirm`] is the entry point.

use std::fmt;

use super::error::QueryOrderError;
use super::follow::is_ticketed;
use super::order::{Order, OrderStatus};
use crate::client::Client;
use crate::event::Event;

/// What the order query says about an event.
#[derive(Debug)]
#[non_exhaustive]
pub enum Confirmation {
    /// The order query agrees with the event: `order.ticketed` and the order
    /// is ticketed with every passenger's ticket numbers; `order.void` and
    /// the order is cancelled; a schedule change, an e-mail or an incident
    /// and the order exists. The order is the state to act on.
    Confirmed {
        /// The order as the query shows it.
        order: Order,
    },
    /// The order query does not show what the event says (a ticketed event
    /// for an order still unpaid or ticketing): do not act on the event.
    NotConfirmed {
        /// The order as the query shows it.
        order: Order,
    },
    /// The event names no order (an airline status, a type this version
    /// does not know), or Atlas has no such order (800, 703): a forged or
    /// mistaken event.
    NoOrder,
}

impl Confirmation {
    /// The order as the query shows it, if there is one.
    pub fn order(&self) -> Option<&Order> {
        match self {
            Confirmation::Confirmed { order } | Confirmation::NotConfirmed { order } => {
                Some(order)
            }
            Confirmation::NoOrder => None,
        }
    }

    /// Whether the order query agrees with the event.
    pub fn is_confirmed(&self) -> bool {
        matches!(self, Confirmation::Confirmed { .. })
    }
}

impl fmt::Display for Confirmation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Confirmation::Confirmed { order } => {
                write!(f, "confirmed: order {} is {}", order.order_no, order.status)
            }
            Confirmation::NotConfirmed { order } => write!(
                f,
                "not confirmed: order {} is {}; do not act on the event",
                order.order_no, order.status
            ),
            Confirmation::NoOrder => f.write_str("not confirmed: no such order"),
        }
    }
}

impl Client {
    /// Checks an event against the order query: [`Confirmation::Confirmed`]
    /// only when the query shows what the event says. Never trusts the
    /// event's own fields (its order status, its ticket numbers): anyone who
    /// finds the webhook URL can POST one. A void is best confirmed by its
    /// code with [`confirm_void`](Self::confirm_void).
    ///
    /// Errors are the order query's (a transport failure, an access error);
    /// an order Atlas does not know is [`Confirmation::NoOrder`].
    pub async fn confirm(&self, event: &Event) -> Result<Confirmation, QueryOrderError> {
        let Some(order_no) = event.order_no() else {
            return Ok(Confirmation::NoOrder);
        };
        let order = match self.query_order(order_no).await {
            Ok(order) => order,
            Err(error) if error.is_not_found() => return Ok(Confirmation::NoOrder),
            Err(error) => return Err(error),
        };
        let agrees = match event {
            Event::Ticketed(_) => is_ticketed(&order),
            Event::Void(_) => order.status == OrderStatus::Cancelled,
            _ => true,
        };
        tracing::info!(event = event.kind(), order = %order.order_no, agrees, "event checked against the order query");
        Ok(if agrees {
            Confirmation::Confirmed { order }
        } else {
            Confirmation::NotConfirmed { order }
        })
    }
}
