//! How the client repeats order queries and polls an order: the order
//! query's settings, given to the client's builder
//! ([`ClientBuilder::query_retry`], [`ClientBuilder::reconcile_policy`]).

use std::time::Duration;

use crate::client::ClientBuilder;

impl ClientBuilder {
    /// How order queries are repeated after a transient failure (default
    /// [`QueryRetry::default`]: 3 attempts, 250 ms then 500 ms apart).
    pub fn query_retry(self, retry: QueryRetry) -> Self {
        self.setting(retry)
    }

    /// How [`Client::reconcile`](crate::Client::reconcile) and
    /// [`Client::follow_ticketing`](crate::Client::follow_ticketing) poll by
    /// default (default: Atlas's own schedule, see [`ReconcilePolicy`]).
    pub fn reconcile_policy(self, policy: ReconcilePolicy) -> Self {
        self.setting(policy)
    }
}

/// How the client repeats an order query that failed for a reason asking
/// again may cure: a transport failure, 705 or 9999.
///
/// The bound: at most [`attempts`](Self::attempts) queries, waiting
/// `first_backoff`, then twice that, and so on, each wait at most
/// `max_backoff`. The default, 3 attempts from 250 ms, adds at most 750 ms of
/// waiting (250 + 500) to the attempts' own time (each bounded by the
/// client's `timeout`). Payments are never retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryRetry {
    attempts: u32,
    first_backoff: Duration,
    max_backoff: Duration,
}

impl Default for QueryRetry {
    fn default() -> Self {
        Self {
            attempts: 3,
            first_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(2),
        }
    }
}

impl QueryRetry {
    /// Up to `attempts` queries (at least 1), waiting `first_backoff` before
    /// the second and doubling up to `max_backoff`.
    pub fn new(attempts: u32, first_backoff: Duration, max_backoff: Duration) -> Self {
        Self {
            attempts: attempts.max(1),
            first_backoff,
            max_backoff: max_backoff.max(first_backoff),
        }
    }

    /// One attempt, no retry.
    pub fn none() -> Self {
        Self::new(1, Duration::ZERO, Duration::ZERO)
    }

    /// The most queries one call makes.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The wait before attempt `n + 1` (after `n` failed ones, `n ≥ 1`).
    pub(crate) fn backoff(&self, failed: u32) -> Duration {
        let factor = 1u32 << failed.saturating_sub(1).min(16);
        self.first_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    /// The most time one call spends waiting between attempts.
    pub fn max_total_wait(&self) -> Duration {
        (1..self.attempts).map(|n| self.backoff(n)).sum()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_within_its_bound() {
        let retry = QueryRetry::default();
        assert_eq!(retry.attempts(), 3);
        assert_eq!(retry.backoff(1), Duration::from_millis(250));
        assert_eq!(retry.backoff(2), Duration::from_millis(500));
        assert_eq!(retry.max_total_wait(), Duration::from_millis(750));
        let capped = QueryRetry::new(6, Duration::from_secs(1), Duration::from_secs(3));
        assert_eq!(capped.backoff(5), Duration::from_secs(3));
        assert_eq!(
            capped.max_total_wait(),
            Duration::from_secs(1 + 2 + 3 + 3 + 3)
        );
        assert_eq!(QueryRetry::none().max_total_wait(), Duration::ZERO);
        assert_eq!(
            QueryRetry::new(0, Duration::ZERO, Duration::ZERO).attempts(),
            1
        );
    }
}
