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
use crate::poll::{OutOfBudget, Outcome, Reading, poll_span};
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
        }
    }

    /// A polling policy for this call only (its schedule and budget; the
    /// settle delay does not apply).
    pub fn policy(mut self, policy: ReconcilePolicy) -> Self {
        self.policy = Some(policy);
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
    let issued = order.status == OrderStatus::Ticketed
        && order.ticket_status == TicketStatus::Issued
        && order
            .passengers()
            .iter()
            .all(|p| !p.ticket_numbers.is_empty());
    if issued {
        Reading::Final(Ticketing::Ticketed { order })
    } else if order.status == OrderStatus::Cancelled {
        Reading::Final(Ticketing::Cancelled { order })
    } else {
        Reading::Pending(order)
    }
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
        let follow = follow.into();
        let policy = match follow.policy {
            Some(policy) => policy,
            None => self.setting::<ReconcilePolicy>(),
        };
        self.poll_order(&follow.query, &policy, |order, _| judge(order))
            .await
    }
}
