//! Time as the client sees it: when the query's back-off and reconciliation's
//! polling wait, they wait on a [`Clock`], so tests (and callers with their
//! own scheduler) never sleep in real time.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

/// A source of "now" and a way to wait. The default, [`SystemClock`], reads
/// [`Instant::now`] and sleeps on tokio's timer.
///
/// A test clock typically keeps a virtual instant and, in `sleep`, advances
/// it (and whatever else it drives, such as a sandbox's clock) at once.
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Instant;
    /// Waits for `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// Real time: [`Instant::now`] and `tokio::time::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A clock behind a shared pointer, printable.
#[derive(Clone)]
pub(crate) struct SharedClock(pub(crate) std::sync::Arc<dyn Clock>);

impl fmt::Debug for SharedClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Clock")
    }
}

impl Default for SharedClock {
    fn default() -> Self {
        SharedClock(std::sync::Arc::new(SystemClock))
    }
}
