//! Time as the client sees it: when the query's back-off and reconciliation's
//! polling wait, they wait on a [`Clock`], so tests (and callers with their
//! own scheduler) never sleep in real time.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use crate::calendar::YearMonth;

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
    /// The month card expiry is judged in (default: the real month). A
    /// sandbox clock answers the sandbox's calendar, so that cards built for
    /// it are judged as the sandbox judges them.
    fn today(&self) -> YearMonth {
        YearMonth::now()
    }

    /// The wall-clock time rules about days are judged by (a void only on
    /// the day of ticketing; default: the real time). A sandbox clock
    /// answers the sandbox's calendar.
    fn wall(&self) -> SystemTime {
        SystemTime::now()
    }

    /// Which clock this is: two values with the same identity keep the same
    /// time (every [`SystemClock`]; every clock of one sandbox). Instants
    /// read from clocks of different identities are never compared. The
    /// default is this value's address.
    fn identity(&self) -> usize {
        std::ptr::from_ref(self).cast::<()>() as usize
    }
}

/// An instant read from a client's clock ([`Client::now`](crate::Client::now)):
/// the only kind of instant reconciliation takes as the time of a payment
/// attempt, so that an instant of another clock (a real `Instant::now()`
/// beside a sandbox's virtual time) cannot reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClientInstant {
    pub(crate) at: Instant,
    /// Which clock it was read from (the clock's address).
    pub(crate) clock: usize,
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

    /// Every `SystemClock` is the same clock.
    fn identity(&self) -> usize {
        1
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

impl ClientInstant {
    /// The time from `earlier` to this instant (zero if `earlier` is
    /// later), on their clock.
    pub fn saturating_duration_since(&self, earlier: ClientInstant) -> Duration {
        self.at.saturating_duration_since(earlier.at)
    }
}

impl SharedClock {
    /// The clock's identity: clients on the same clock (every client on
    /// the real clock, every client of one sandbox) share it.
    pub(crate) fn id(&self) -> usize {
        self.0.identity()
    }

    /// Now, as an instant bound to this clock.
    pub(crate) fn now(&self) -> ClientInstant {
        ClientInstant {
            at: self.0.now(),
            clock: self.id(),
        }
    }
}

impl Default for SharedClock {
    /// The real clock, one instance for every client.
    fn default() -> Self {
        static SYSTEM: OnceLock<Arc<dyn Clock>> = OnceLock::new();
        SharedClock(SYSTEM.get_or_init(|| Arc::new(SystemClock)).clone())
    }
}
