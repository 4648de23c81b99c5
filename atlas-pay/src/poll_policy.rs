//! How the client polls (reconciliation, following ticketing, following a
//! refund): the schedule and budget, given to the client's builder
//! ([`ClientBuilder::reconcile_policy`]) or to one call.

use std::time::Duration;

use crate::client::ClientBuilder;

impl ClientBuilder {
    /// How [`Client::reconcile`](crate::Client::reconcile),
    /// [`Client::follow_ticketing`](crate::Client::follow_ticketing) and
    /// [`Client::follow_refund`](crate::Client::follow_refund) poll by
    /// default (default: Atlas's own schedule, see [`ReconcilePolicy`]).
    pub fn reconcile_policy(self, policy: ReconcilePolicy) -> Self {
        self.setting(policy)
    }
}

/// The waits between queries of Atlas's own client after a payment: 1, 2, 3,
/// 5, 8, 13, 21 and 30 seconds (then 30 s again).
pub const DEFAULT_POLL_SCHEDULE: [Duration; 8] = [
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
pub const DEFAULT_POLL_BUDGET: Duration = Duration::from_secs(120);

/// The default settle delay: 60 seconds. Atlas's own client keeps watching an
/// order for 120 s after a payment and its waits reach 30 s, so a payment may
/// take tens of seconds to show; 60 s is half that budget, reached on the
/// seventh query of the default schedule (83 s after the first), which leaves
/// two looks before the budget ends. Lower it only where Atlas is known to
/// show payments at once; raise it (with the budget) for slow gateways.
pub const DEFAULT_SETTLE_DELAY: Duration = Duration::from_secs(60);

/// How reconciliation polls. The default follows Atlas's own client:
/// [`DEFAULT_POLL_SCHEDULE`], [`DEFAULT_POLL_BUDGET`], and
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
            schedule: DEFAULT_POLL_SCHEDULE.to_vec(),
            budget: DEFAULT_POLL_BUDGET,
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

/// The policy's waits, the last one repeated.
pub(crate) fn waits(policy: &ReconcilePolicy) -> impl Iterator<Item = Duration> + '_ {
    let last = policy.schedule.last().copied();
    policy
        .schedule
        .iter()
        .copied()
        .chain(std::iter::from_fn(move || last))
}
