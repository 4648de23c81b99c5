//! The sandbox's clock as a [`Clock`](crate::Clock) for the client: waiting
//! on it moves the sandbox's time forward at once, so reconciliation and
//! query back-off run in tests without real waiting, in step with the
//! sandbox's order states.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::state::Shared;
use crate::clock::Clock;

/// Virtual time shared by a [`Sandbox`](super::Sandbox) and the clients it
/// builds: `now` is the sandbox's start plus every advance; `sleep` advances
/// the sandbox (like [`Sandbox::advance`](super::Sandbox::advance)) instead
/// of waiting.
#[derive(Clone)]
pub struct SandboxClock {
    pub(crate) shared: Arc<Shared>,
}

impl std::fmt::Debug for SandboxClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxClock")
            .field("elapsed", &self.shared.elapsed())
            .finish()
    }
}

impl Clock for SandboxClock {
    fn now(&self) -> Instant {
        self.shared.started + self.shared.elapsed()
    }

    /// Every clock of one sandbox is the same clock.
    fn identity(&self) -> usize {
        Arc::as_ptr(&self.shared).cast::<()>() as usize
    }

    fn today(&self) -> crate::YearMonth {
        self.shared.book().today()
    }

    fn wall(&self) -> std::time::SystemTime {
        self.shared.book().wall()
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        self.shared.advance(duration);
        // Let other tasks (the server's) run, as a real wait would.
        Box::pin(tokio::task::yield_now())
    }
}
