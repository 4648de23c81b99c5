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

use crate::query::error::QueryError;
use crate::query::order::{Order, OrderStatus};
use crate::query::request::OrderQuery;

/// The waits between queries of Atlas's own client after a payment: 1, 2, 3,
/// 5, 8, 13, 21 and 30 seconds (then 30 s again).
pub const ATLAS_POLL_SCHEDULE: [Duration; 8] = [
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(3),
    Duration::from_secs(5),
    Duration::from_secs(8),
    Duration::from_secs(13),
    Duration::from_secs(21),
    Duration::from_secs(30),
];

/// Atlas's own client gives up polling after 120 seconds.
pub const ATLAS_POLL_BUDGET: Duration = Duration::from_secs(120);

/// The default settle delay: 60 seconds. Atlas's own client keeps watching an
/// order for 120 s after a payment and its waits reach 30 s, so a payment may
/// take tens of seconds to show; 60 s is half that budget, reached on the
/// seventh query of the default schedule (83 s after the first), which leaves
/// two looks before the budget ends. Lower it only where Atlas is known to
/// show payments at once; raise it (with the budget) for slow gateways.
pub const DEFAULT_SETTLE_DELAY: Duration = Duration::from_secs(60);

/// How reconciliation polls. The default follows Atlas's own client:
/// [`ATLAS_POLL_SCHEDULE`], [`ATLAS_POLL_BUDGET`], and
/// [`DEFAULT_SETTLE_DELAY`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconcilePolicy {
    schedule: Vec<Duration>,
    budget: Duration,
    settle_delay: Duration,
}

impl Default for ReconcilePolicy {
    fn default() -> Self {
        Self {
            schedule: ATLAS_POLL_SCHEDULE.to_vec(),
            budget: ATLAS_POLL_BUDGET,
            settle_delay: DEFAULT_SETTLE_DELAY,
        }
    }
}

impl ReconcilePolicy {
    /// The waits between queries; the last one repeats. An empty schedule
    /// means one query only.
    pub fn schedule(mut self, waits: impl IntoIterator<Item = Duration>) -> Self {
        self.schedule = waits.into_iter().collect();
        self
    }

    /// The most time reconciliation spends, from its start; no query starts
    /// after it.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// How long after the uncertain attempt an unpaid reading counts as
    /// "not paid". Larger than the budget, it makes "not paid" unreachable.
    pub fn settle_delay(mut self, delay: Duration) -> Self {
        self.settle_delay = delay;
        self
    }

    /// The configured settle delay.
    pub fn settle_delay_value(&self) -> Duration {
        self.settle_delay
    }

    /// The configured budget.
    pub fn budget_value(&self) -> Duration {
        self.budget
    }
}

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

/// What one look at the order decides.
pub(crate) enum Look {
    /// Settled.
    Done(Settlement),
    /// Not settled yet; the order as seen.
    Pending(Order),
}

/// Decides on one successful query.
pub(crate) fn look(order: Order, since_attempt: Duration, settle_delay: Duration) -> Look {
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

/// The policy's waits, the last one repeated.
pub(crate) fn waits(policy: &ReconcilePolicy) -> impl Iterator<Item = Duration> + '_ {
    let last = policy.schedule.last().copied();
    policy
        .schedule
        .iter()
        .copied()
        .chain(std::iter::from_fn(move || last))
}
