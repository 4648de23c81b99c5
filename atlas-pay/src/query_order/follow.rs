//! Following a paid order until ticketing is final: a successful payment
//! does not mean the tickets exist yet (payment and ticketing are separate
//! milestones at Atlas). [`Client::follow_ticketing`] polls the order, with
//! the same loop, clock and budget rules as reconciliation, until it is
//! ticketed or cancelled, or the budget runs out. It never pays: missing
//! ticket numbers are never a reason to pay again.

use std::fmt;

use super::error::QueryOrderError;
use super::order::{Order, OrderStatus, TicketStatus};
use super::error::QueryOrderError as PollFailure;
use crate::poll_policy::ReconcilePolicy;
use std::future::Future;
use std::pin::Pin;

use tokio::sync::broadcast;

use crate::event::Event;
use crate::poll::{OutOfBudget, Outcome, Reading, Wake, poll_span};
use super::request::QueryOrder;
use crate::client::Client;

/// Which order to follow, and how (default: the client's
/// [`ReconcilePolicy`], Atlas's own pacing: 1…30 s for 120 s).
///
/// Ticketing usually takes minutes; give a longer budget
/// ([`policy`](Self::policy)) to wait for it rather than look in again.
#[derive(Debug, Clone)]
pub struct FollowTicketing {
    query: QueryOrder,
    policy: Option<ReconcilePolicy>,
    events: Option<EventWake>,
}

/// Notifications about the followed order, which end a wait early.
#[derive(Debug)]
struct EventWake {
    order_no: String,
    events: broadcast::Receiver<Event>,
}

impl Clone for EventWake {
    fn clone(&self) -> Self {
        Self {
            order_no: self.order_no.clone(),
            events: self.events.resubscribe(),
        }
    }
}

impl Wake for EventWake {
    fn woken(&mut self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(async move {
            loop {
                match self.events.recv().await {
                    Ok(event) if event.order_no() == Some(self.order_no.as_str()) => return,
                    Ok(_) => {}
                    // Some were missed: one may have been about this order.
                    Err(broadcast::error::RecvError::Lagged(_)) => return,
                    // No more notifications: the polling goes on by its waits.
                    Err(broadcast::error::RecvError::Closed) => {
                        std::future::pending::<()>().await;
                    }
                }
            }
        })
    }
}

impl FollowTicketing {
    /// Follows the order with this Atlas order number.
    pub fn order_no(order_no: impl Into<String>) -> Self {
        Self::query(QueryOrder::order_no(order_no))
    }

    /// Follows the order this query finds.
    pub fn query(query: QueryOrder) -> Self {
        Self {
            query,
            policy: None,
            events: None,
        }
    }

    /// A polling policy for this call only (its schedule and budget; the
    /// settle delay does not apply).
    pub fn policy(mut self, policy: ReconcilePolicy) -> Self {
        self.policy = Some(policy);
        self
    }

    /// Wakes early when a notification about the order arrives on `events`
    /// (from `atlas_pay::webhook::router`, feature `webhook`, with a `broadcast`
    /// sender): the next query comes at once instead of after the wait.
    /// The notification decides nothing: the order query does. When no
    /// notification comes, the follow polls by its waits as without one.
    pub fn wake_on(mut self, events: broadcast::Receiver<Event>) -> Self {
        self.events = Some(EventWake {
            order_no: self.query.label().to_owned(),
            events,
        });
        self
    }
}

impl From<&str> for FollowTicketing {
    fn from(order_no: &str) -> Self {
        FollowTicketing::order_no(order_no)
    }
}

impl From<String> for FollowTicketing {
    fn from(order_no: String) -> Self {
        FollowTicketing::order_no(order_no)
    }
}

/// Where an order's ticketing ended.
#[derive(Debug)]
#[non_exhaustive]
pub enum Ticketing {
    /// Ticketed: every passenger's ticket numbers and airline PNRs are in
    /// [`Order::passengers`].
    Ticketed {
        /// The order as last read.
        order: Order,
    },
    /// Cancelled (for example after a successful
    /// [`stop_ticketing`](Client::stop_ticketing)): it will not be
    /// ticketed, and Atlas refunds it.
    Cancelled {
        /// The order as last read.
        order: Order,
    },
    /// The budget ran out before ticketing was final. Do not pay again:
    /// follow it again later, or hand it to a human.
    NotFinal {
        /// The last order read, if any query succeeded.
        last_seen: Option<Order>,
        /// The last query failure, if the last query failed.
        last_error: Option<QueryOrderError>,
        /// How many queries were made.
        queries: u32,
    },
}

impl Ticketing {
    /// The order as last read.
    pub fn order(&self) -> Option<&Order> {
        match self {
            Ticketing::Ticketed { order } | Ticketing::Cancelled { order } => Some(order),
            Ticketing::NotFinal { last_seen, .. } => last_seen.as_ref(),
        }
    }

    /// Whether ticketing is final (ticketed or cancelled).
    pub fn is_final(&self) -> bool {
        !matches!(self, Ticketing::NotFinal { .. })
    }

    /// A short name for the outcome: `ticketed`, `cancelled` or `not-final`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Ticketing::Ticketed { .. } => "ticketed",
            Ticketing::Cancelled { .. } => "cancelled",
            Ticketing::NotFinal { .. } => "not-final",
        }
    }
}

impl fmt::Display for Ticketing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ticketing::Ticketed { order } => write!(
                f,
                "ticketed: order {} has tickets {}",
                order.order_no,
                order
                    .passengers()
                    .into_iter()
                    .flat_map(|p| p.ticket_numbers)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Ticketing::Cancelled { order } => write!(
                f,
                "cancelled: order {} will not be ticketed",
                order.order_no
            ),
            Ticketing::NotFinal {
                last_seen, queries, ..
            } => {
                write!(f, "ticketing not final after {queries} queries")?;
                if let Some(order) = last_seen {
                    write!(f, "; order {} last read {}", order.order_no, order.status)?;
                }
                f.write_str("; never pay again for missing tickets: follow it again later")
            }
        }
    }
}

impl Outcome for Ticketing {
    type Read = Order;
    type Failure = PollFailure;

    fn span(label: &str) -> tracing::Span {
        poll_span!("atlas_pay.follow_ticketing", label)
    }

    fn out_of_budget(out: OutOfBudget<Order, PollFailure>) -> Self {
        Ticketing::NotFinal {
            last_seen: out.last_seen,
            last_error: out.last_error,
            queries: out.queries,
        }
    }

    fn as_str(&self) -> &'static str {
        Ticketing::as_str(self)
    }
}

/// Decides on one reading: final once ticketed (with ticket numbers) or
/// cancelled. Anything else, an unpaid reading included (a payment may not
/// show yet), waits for the next reading.
fn judge(order: Order) -> Reading<Ticketing, Order> {
    if is_ticketed(&order) {
        Reading::Final(Ticketing::Ticketed { order })
    } else if order.status == OrderStatus::Cancelled {
        Reading::Final(Ticketing::Cancelled { order })
    } else {
        Reading::Pending(order)
    }
}

/// Whether the order query shows the order ticketed: status ticketed,
/// tickets issued, and ticket numbers for every passenger.
pub(super) fn is_ticketed(order: &Order) -> bool {
    order.status == OrderStatus::Ticketed
        && order.ticket_status == TicketStatus::Issued
        && order
            .passengers()
            .iter()
            .all(|p| !p.ticket_numbers.is_empty())
}

impl Client {
    /// Follows a paid order until ticketing is final: ticketed, cancelled,
    /// or not final when the budget runs out ([`Ticketing`]). Polls the
    /// order query as reconciliation does (the client's clock, Atlas's
    /// pacing, a hard budget); never pays. Returns an error only for what
    /// polling cannot cure (no such order, access errors).
    pub async fn follow_ticketing(
        &self,
        follow: impl Into<FollowTicketing>,
    ) -> Result<Ticketing, QueryOrderError> {
        let mut follow = follow.into();
        let policy = match follow.policy.take() {
            Some(policy) => policy,
            None => self.setting::<ReconcilePolicy>(),
        };
        let wake = follow
            .events
            .as_mut()
            .map(|wake| wake as &mut (dyn Wake + 'static));
        self.poll_order(&follow.query, &policy, wake, |order, _| judge(order))
            .await
    }
}
