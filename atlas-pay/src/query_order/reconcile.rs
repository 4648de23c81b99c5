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
use std::time::Duration;

use super::error::{QueryOrderError, QueryOrderRefusal};
use super::order::{Order, OrderStatus};
use super::error::QueryOrderError as PollFailure;
use crate::poll_policy::ReconcilePolicy;
use crate::poll::{OutOfBudget, Outcome, Reading, poll_span};
use super::request::QueryOrder;
use crate::client::Client;
use crate::clock::ClientInstant;
use crate::attempt::AttemptState;
use crate::error::Error;
use crate::method::PaymentMethod;
use crate::outcome::{Failed, NextStep, PaymentFailure};

/// What to reconcile: an order, and when the uncertain payment attempt was
/// made (default: when reconciliation starts, which can only make "not paid"
/// later, never earlier).
#[derive(Debug, Clone)]
pub struct Reconcile {
    pub(crate) query: QueryOrder,
    pub(crate) since: Option<ClientInstant>,
    pub(crate) policy: Option<ReconcilePolicy>,
    /// What the failed payment's status requires once the order reads
    /// unpaid, given the method; `None` after an unknown outcome.
    pub(crate) failure: Option<FailureReading>,
    /// The method the failed payment used.
    pub(crate) method: Option<PaymentMethod>,
}

impl Reconcile {
    /// Reconciles the order with this Atlas order number.
    pub fn order_no(order_no: impl Into<String>) -> Self {
        Self::query(QueryOrder::order_no(order_no))
    }

    /// Reconciles the order this query finds.
    pub fn query(query: QueryOrder) -> Self {
        Self {
            query,
            since: None,
            policy: None,
            failure: None,
            method: None,
        }
    }

    /// When the uncertain payment attempt started: [`Client::now`] read
    /// before calling `pay`. Only an instant of the reconciling client's
    /// clock is accepted (another clock's is refused:
    /// [`QueryOrderRefusal::ForeignClock`]).
    pub fn since(mut self, attempted_at: ClientInstant) -> Self {
        self.since = Some(attempted_at);
        self
    }

    /// The failure that sent the caller here: a settlement that reads
    /// "not paid" then says what that failure requires before paying again
    /// ([`Settlement::next_step`]), instead of calling any new payment safe.
    ///
    /// Takes the error of an operation that moves money
    /// ([`PayError`](crate::PayError)).
    pub fn after<S: PaymentFailure>(mut self, error: &Error<S>) -> Self {
        self.failure = error.status().map(|status| FailureReading {
            code: status.code(),
            read: |code, method| S::from_code(code).if_unpaid(method),
        });
        self
    }

    /// The method the failed payment used (`PaymentRequest::method`): after
    /// 411 a deposit payment needs the balance checked, a card payment
    /// another card or method.
    pub fn paid_by(mut self, method: PaymentMethod) -> Self {
        self.method = Some(method);
        self
    }

    /// A policy for this reconciliation only (default: the client's).
    pub fn policy(mut self, policy: ReconcilePolicy) -> Self {
        self.policy = Some(policy);
        self
    }
}

/// A failed payment's status, kept until the method is known: what it
/// requires once the order reads unpaid.
#[derive(Clone, Copy)]
pub(crate) struct FailureReading {
    code: i64,
    read: fn(i64, Option<PaymentMethod>) -> Failed,
}

impl FailureReading {
    fn if_unpaid(self, method: Option<PaymentMethod>) -> Failed {
        (self.read)(self.code, method)
    }
}

impl fmt::Debug for FailureReading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FailureReading({})", self.code)
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
    /// Still unpaid at or after the settle delay: nothing was charged. A
    /// new, deliberate payment cannot charge twice; whether the same one can
    /// succeed is [`next_step`](Settlement::next_step) (`SendAgain`), or what
    /// the failure requires first.
    NotPaid {
        /// The order as last seen.
        order: Order,
        /// How long after the uncertain attempt it still read unpaid.
        after: Duration,
        /// The status the failed payment was answered with and what it
        /// requires, if the caller said ([`Reconcile::after`]).
        failure: Option<Failed>,
        /// What to do before paying again.
        next_step: NextStep,
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
        last_error: Option<QueryOrderError>,
        /// How many queries were made.
        queries: u32,
    },
}

impl Settlement {
    /// Whether paying this order again cannot charge twice: only when
    /// [`NotPaid`](Settlement::NotPaid), and not when the order reads unpaid
    /// against Atlas's own answer (404, 615). Whether the same payment can
    /// succeed is [`next_step`](Self::next_step).
    pub fn may_pay(&self) -> bool {
        matches!(self, Settlement::NotPaid { next_step, .. } if *next_step != NextStep::LookUpOrder)
    }

    /// What to do next: `NeverPayAgain` when paid, `NewOrder` when
    /// cancelled, `LookUpOrder` when undetermined; when not paid,
    /// `SendAgain` only if the same payment can succeed, otherwise the
    /// change its failure requires (`ChangeConditionFirst` to check the
    /// deposit balance after 411 on a deposit payment, `ChangeCardOrMethod`
    /// after a card refusal, …).
    pub fn next_step(&self) -> NextStep {
        match self {
            Settlement::Paid { .. } => NextStep::NeverPayAgain,
            Settlement::NotPaid { next_step, .. } => *next_step,
            Settlement::Cancelled { .. } => NextStep::NewOrder,
            Settlement::Undetermined { .. } => NextStep::LookUpOrder,
        }
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

    /// What this settlement makes of the order's open payment attempts in
    /// the journal: succeeded when paid, failed when not paid or cancelled,
    /// nothing when undetermined (they stay open).
    pub(crate) fn attempt_state(&self) -> Option<AttemptState> {
        match self {
            Settlement::Paid { .. } => Some(AttemptState::Succeeded),
            Settlement::NotPaid { .. } | Settlement::Cancelled { .. } => Some(AttemptState::Failed),
            Settlement::Undetermined { .. } => None,
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
            Settlement::NotPaid {
                order,
                after,
                failure,
                next_step,
            } => {
                write!(
                    f,
                    "not paid: order {} still read unpaid {} s after the attempt",
                    order.order_no,
                    after.as_secs()
                )?;
                match (failure, next_step) {
                    (_, NextStep::SendAgain) => f.write_str("; a new payment is safe"),
                    (Some(failed), NextStep::LookUpOrder) => write!(
                        f,
                        ", against Atlas's answer {failed}: {}",
                        failed.advice
                    ),
                    (Some(failed), _) => write!(f, ", after {failed}: {}", failed.advice),
                    (None, step) => write!(f, "; next: {step}"),
                }
            }
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

impl Outcome for Settlement {
    type Read = Order;
    type Failure = PollFailure;

    fn span(label: &str) -> tracing::Span {
        poll_span!("atlas_pay.reconcile", label)
    }

    fn out_of_budget(out: OutOfBudget<Order, PollFailure>) -> Self {
        Settlement::Undetermined {
            last_seen: out.last_seen,
            last_error: out.last_error,
            queries: out.queries,
        }
    }

    fn as_str(&self) -> &'static str {
        Settlement::as_str(self)
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
    ) -> Result<Settlement, QueryOrderError> {
        let reconcile = reconcile.into();
        if reconcile
            .since
            .is_some_and(|since| since.clock != self.clock_id())
        {
            return Err(Error::NotSent(QueryOrderRefusal::ForeignClock));
        }
        let policy = match &reconcile.policy {
            Some(policy) => policy.clone(),
            None => self.setting::<ReconcilePolicy>(),
        };
        let start = self.clock().now();
        let since = reconcile.since.map_or(start, |since| since.at.min(start));
        let settle_delay = policy.settle_delay_value();
        let settlement = self
            .poll_order(&reconcile.query, &policy, None, |order, now| {
                judge(
                    order,
                    now.saturating_duration_since(since),
                    settle_delay,
                    &reconcile,
                )
            })
            .await?;
        if let (Some(state), Some(order)) = (settlement.attempt_state(), settlement.order()) {
            self.journal_settle(
                atlas_pay_gen::operations::pay::OPERATION_ID,
                &order.order_no,
                state,
                settlement.as_str(),
            )
            .await;
        }
        Ok(settlement)
    }
}

/// Decides on one successful query.
fn judge(
    order: Order,
    since_attempt: Duration,
    settle_delay: Duration,
    reconcile: &Reconcile,
) -> Reading<Settlement, Order> {
    if order.is_paid() {
        return Reading::Final(Settlement::Paid { order });
    }
    match order.status {
        OrderStatus::Cancelled => Reading::Final(Settlement::Cancelled { order }),
        OrderStatus::Unpaid
            if since_attempt >= settle_delay && order.payment_attempted != Some(true) =>
        {
            let failure = reconcile
                .failure
                .map(|failure| failure.if_unpaid(reconcile.method));
            // Without a status (an unknown outcome: timeout, reset, 5xx) the
            // same payment can succeed.
            let next_step = failure
                .as_ref()
                .map_or(NextStep::SendAgain, |failed| failed.next_step);
            Reading::Final(Settlement::NotPaid {
                order,
                after: since_attempt,
                failure,
                next_step,
            })
        }
        _ => Reading::Pending(order),
    }
}
