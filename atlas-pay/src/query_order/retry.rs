//! How the client repeats an order query after a transient failure: the
//! order query's setting, given to the client's builder
//! ([`ClientBuilder::query_retry`]).

use std::time::Duration;

use crate::client::ClientBuilder;

impl ClientBuilder {
    /// How order queries are repeated after a transient failure (default
    /// [`QueryRetry::default`]: 3 attempts, 250 ms then 500 ms apart).
    pub fn query_retry(self, retry: QueryRetry) -> Self {
        self.setting(retry)
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
