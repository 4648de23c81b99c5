//! Reconciliation: after a payment whose outcome is unknown (or for any order
//! number), settle whether the order may be paid (again), by polling the
//! order query as Atlas's own client does.
//!
//! Rules:
//!
//! * **paid** as soon as the order is ticketing or ticketed, or records a
//!   payment method: never pay it again;
//! * **cancelled** as soon as Atlas says so;
//! * **not paid** only when the order still reads unpaid at or after the
//!   settle delay since the uncertain attempt, never from one early look: a
//!   payment in flight at Atlas can take a while to show. While Atlas says it
//!   has started a payment with the airline (`paymentAttempted`), an unpaid
//!   reading does not count either;
//! * **undetermined** when the polling budget runs out first; it carries the
//!   last order seen, for a human.
//!
//! Nothing is ever resent: paying after "not paid" is a deliberate new
//! [`PaymentRequest`](crate::PaymentRequest).

use std::fmt;
use std::time::{Duration, Instant};

use tracing::{Instrument, field};

use crate::client::Client;
use crate::policy::ReconcilePolicy;
use crate::poll::Look;
use crate::query::error::QueryError;
use crate::query::order::{Order, OrderStatus};
use crate::query::request::OrderQuery;

/// What to reconcile: an order, and when the uncertain payment attempt was
/// made (default: when reconciliation starts, which can only make "not paid"
/// later, never earlier).
#[derive(Debug, Clone)]
pub struct Reconcile {
    pub(crate) query: OrderQuery,
    pub(crate) since: Option<Instant>,
    pub(crate) policy: Option<ReconcilePolicy>,
}

impl Reconcile {
    /// Reconciles the order with this Atlas order number.
    pub fn order_no(order_no: impl Into<String>) -> Self {
        Self {
            query: OrderQuery::order_no(order_no),
            since: None,
            policy: None,
        }
    }

    /// Reconciles the order this query finds.
    pub fn query(query: OrderQuery) -> Self {
        Self {
            query,
            since: None,
            policy: None,
        }
    }

    /// When the uncertain payment attempt started (read it from the client's
    /// [`Clock`](crate::Clock) before calling `pay`).
    pub fn since(mut self, attempted_at: Instant) -> Self {
        self.since = Some(attempted_at);
        self
    }

    /// A policy for this reconciliation only (default: the client's).
    pub fn policy(mut self, policy: ReconcilePolicy) -> Self {
        self.policy = Some(policy);
        self
    }
}

impl From<&str> for Reconcile {
    fn from(order_no: &str) -> Self {
        Reconcile::order_no(order_no)
    }
}

impl From<String> for Reconcile {
    fn from(order_no: String) -> Self {
        Reconcile::order_no(order_no)
    }
}

/// Where a payment stands once reconciled.
#[derive(Debug)]
#[non_exhaustive]
pub enum Settlement {
    /// Paid: ticketing, ticketed, or a payment method recorded. Never pay it
    /// again.
    Paid {
        /// The order as last seen.
        order: Order,
    },
    /// Still unpaid at or after the settle delay: a new, deliberate payment
    /// is safe.
    NotPaid {
        /// The order as last seen.
        order: Order,
        /// How long after the uncertain attempt it still read unpaid.
        after: Duration,
    },
    /// Cancelled: it can no longer be paid.
    Cancelled {
        /// The order as last seen.
        order: Order,
    },
    /// The budget ran out before the order settled. Do not pay; hand it to a
    /// human (or reconcile again later).
    Undetermined {
        /// The last order seen, if any query succeeded.
        last_seen: Option<Order>,
        /// The last query failure, if the last query failed.
        last_error: Option<QueryError>,
        /// How many queries were made.
        queries: u32,
    },
}

impl Settlement {
    /// Whether a new payment of this order is safe: only when
    /// [`NotPaid`](Settlement::NotPaid).
    pub fn may_pay(&self) -> bool {
        matches!(self, Settlement::NotPaid { .. })
    }

    /// The order as last seen.
    pub fn order(&self) -> Option<&Order> {
        match self {
            Settlement::Paid { order }
            | Settlement::NotPaid { order, .. }
            | Settlement::Cancelled { order } => Some(order),
            Settlement::Undetermined { last_seen, .. } => last_seen.as_ref(),
        }
    }

    /// A short name for the outcome: `paid`, `not-paid`, `cancelled` or
    /// `undetermined`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Settlement::Paid { .. } => "paid",
            Settlement::NotPaid { .. } => "not-paid",
            Settlement::Cancelled { .. } => "cancelled",
            Settlement::Undetermined { .. } => "undetermined",
        }
    }
}

impl fmt::Display for Settlement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Settlement::Paid { order } => write!(
                f,
                "paid: order {} is {}{}; never pay it again",
                order.order_no,
                order.status,
                order
                    .payment_method
                    .map(|m| format!(", paid by {m}"))
                    .unwrap_or_default()
            ),
            Settlement::NotPaid { order, after } => write!(
                f,
                "not paid: order {} still read unpaid {} s after the attempt; a new payment is safe",
                order.order_no,
                after.as_secs()
            ),
            Settlement::Cancelled { order } => {
                write!(
                    f,
                    "cancelled: order {} can no longer be paid",
                    order.order_no
                )
            }
            Settlement::Undetermined {
                last_seen,
                last_error,
                queries,
            } => {
                write!(f, "undetermined after {queries} queries")?;
                if let Some(order) = last_seen {
                    write!(f, "; order {} last read {}", order.order_no, order.status)?;
                }
                if let Some(error) = last_error {
                    write!(f, "; last query failed: {error}")?;
                }
                f.write_str("; do not pay: hand it to a human or reconcile again later")
            }
        }
    }
}

impl Client {
    /// Settles where a payment stands: paid, not paid, cancelled, or
    /// undetermined when the polling budget runs out. See
    /// [`Reconcile`] and [`ReconcilePolicy`]; the rules are in the crate docs.
    ///
    /// Polls the order query on the client's [`Clock`](crate::Clock) (Atlas's own schedule
    /// by default). The budget is a bound: no query or retry starts after
    /// it, and a query in flight is cut off when it ends. Returns an error
    /// only for what polling cannot cure: the order does not exist (800,
    /// 703), access errors, a malformed query. Never sends a payment.
    pub async fn reconcile(
        &self,
        reconcile: impl Into<Reconcile>,
    ) -> Result<Settlement, QueryError> {
        let reconcile = reconcile.into();
        let span = tracing::info_span!(
            "atlas_pay.reconcile",
            order = %reconcile.query.label(),
            outcome = field::Empty,
            queries = field::Empty,
        );
        async move {
            let result = self.poll(&reconcile).await;
            let span = tracing::Span::current();
            match &result {
                Ok(settlement) => {
                    span.record("outcome", field::display(settlement.as_str()));
                    tracing::info!(%settlement, "reconciled");
                }
                Err(error) => tracing::warn!(error = %error, "reconciliation failed"),
            }
            result
        }
        .instrument(span)
        .await
    }

    async fn poll(&self, reconcile: &Reconcile) -> Result<Settlement, QueryError> {
        let policy = reconcile.policy.as_ref().unwrap_or(self.reconcile_policy());
        let start = self.clock().now();
        let since = reconcile.since.map_or(start, |since| since.min(start));
        let settle_delay = policy.settle_delay_value();
        let polled = self
            .poll_order(&reconcile.query, policy, |order, now| {
                look(order, now.saturating_duration_since(since), settle_delay)
            })
            .await?;
        Ok(polled.unwrap_or_else(|out| Settlement::Undetermined {
            last_seen: out.last_seen,
            last_error: out.last_error,
            queries: out.queries,
        }))
    }
}

/// Decides on one successful query.
pub(crate) fn look(
    order: Order,
    since_attempt: Duration,
    settle_delay: Duration,
) -> Look<Settlement> {
    if order.is_paid() {
        return Look::Done(Settlement::Paid { order });
    }
    match order.status {
        OrderStatus::Cancelled => Look::Done(Settlement::Cancelled { order }),
        OrderStatus::Unpaid
            if since_attempt >= settle_delay && order.payment_attempted != Some(true) =>
        {
            Look::Done(Settlement::NotPaid {
                order,
                after: since_attempt,
            })
        }
        _ => Look::Pending(order),
    }
}
