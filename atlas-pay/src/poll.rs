//! The one polling loop every follow-up shares: reconciliation ("may this
//! order be paid again?"), following ticketing and following a refund. It
//! waits the policy's waits on the client's clock, within a hard budget (no
//! look starts after it; a look in flight is cut off when it ends), absorbs
//! transient failures, asks a judge about each reading, and records one
//! tracing span per poll with its outcome and the number of looks.
//!
//! What is looked at (an order, a refund) and what counts as final are the
//! caller's: this module knows no operation.

use std::fmt;
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::Poll;
use std::time::{Duration, Instant};

use tracing::Instrument;

use crate::clock::Clock;

/// When a look must be over: no attempt or retry starts after it, and an
/// attempt in flight is cut off at it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    pub(crate) at: Instant,
}

impl Deadline {
    /// What remains of the time, on `clock`; `None` once it has passed.
    pub(crate) fn remaining(&self, clock: &dyn Clock) -> Option<Duration> {
        let left = self.at.saturating_duration_since(clock.now());
        (!left.is_zero()).then_some(left)
    }
}

/// What one reading decides.
// Built and matched at once on every reading, never stored: boxing the
// reading would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Reading<T, R> {
    /// Final.
    Final(T),
    /// Not final yet; the reading as it was.
    Pending(R),
}

/// One look that did not fail for good.
pub(crate) enum Look<R, E> {
    /// Something was read.
    Read(R),
    /// A failure asking again may cure.
    Transient(E),
    /// The look could not start within the budget.
    BudgetSpent,
}

/// The budget ran out before a reading was final.
pub(crate) struct OutOfBudget<R, E> {
    /// The last reading, if any look succeeded.
    pub(crate) last_seen: Option<R>,
    /// The last failure, if the last look failed.
    pub(crate) last_error: Option<E>,
    /// How many looks were made.
    pub(crate) queries: u32,
}

/// The span of one poll: its own name (span names are static), what it is
/// about, and the outcome and look count, recorded as it ends.
macro_rules! poll_span {
    ($name:literal, $about:expr) => {
        tracing::info_span!(
            $name,
            order = %$about,
            outcome = tracing::field::Empty,
            queries = tracing::field::Empty,
        )
    };
}
pub(crate) use poll_span;

/// What a poll ends in: a final reading, or what was seen when the budget
/// ran out.
pub(crate) trait Outcome: fmt::Display + Sized {
    /// What one look reads.
    type Read;
    /// What one look fails with.
    type Failure: fmt::Display;
    /// The poll's span ([`poll_span!`]), about what `label` names.
    fn span(label: &str) -> tracing::Span;
    /// The outcome when the budget runs out first.
    fn out_of_budget(out: OutOfBudget<Self::Read, Self::Failure>) -> Self;
    /// A short name for the outcome, as the span records it.
    fn as_str(&self) -> &'static str;
}

/// Something that may end a wait early: a notification about what is
/// followed. It only wakes the poll; the next look decides.
pub(crate) trait Wake: Send {
    /// Resolves when the poll should look again before its wait is over.
    fn woken(&mut self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// How one poll runs: on which clock, for how long, waiting what between
/// looks (the last wait repeats; none means one look), and what may end a
/// wait early.
pub(crate) struct Pace<'a, W> {
    pub(crate) clock: &'a dyn Clock,
    pub(crate) budget: Duration,
    pub(crate) waits: W,
    pub(crate) wake: Option<&'a mut (dyn Wake + 'static)>,
}

/// Waits for whichever of `a` and `b` ends first.
async fn first(a: impl Future<Output = ()>, b: impl Future<Output = ()>) {
    let mut a = pin!(a);
    let mut b = pin!(b);
    std::future::poll_fn(|cx| {
        if a.as_mut().poll(cx).is_ready() || b.as_mut().poll(cx).is_ready() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
}

/// Looks until `judge` decides or the budget runs out, in the outcome's span
/// about `label`, recording the outcome and the number of looks. `look` gets
/// the deadline of the poll; `judge` gets each reading and the instant it was
/// read, on the clock. Errors only for what looking again cannot cure.
pub(crate) async fn poll<T, F, Fut>(
    label: &str,
    pace: Pace<'_, impl Iterator<Item = Duration>>,
    look: F,
    judge: impl FnMut(T::Read, Instant) -> Reading<T, T::Read>,
) -> Result<T, T::Failure>
where
    T: Outcome,
    F: FnMut(Deadline) -> Fut,
    Fut: Future<Output = Result<Look<T::Read, T::Failure>, T::Failure>>,
{
    let span = T::span(label);
    async move {
        let result = readings(pace, look, judge)
            .await
            .map(|polled| polled.unwrap_or_else(T::out_of_budget));
        match &result {
            Ok(outcome) => {
                tracing::Span::current()
                    .record("outcome", tracing::field::display(outcome.as_str()));
                tracing::info!(%outcome, "poll ended");
            }
            Err(error) => tracing::warn!(error = %error, "poll failed"),
        }
        result
    }
    .instrument(span)
    .await
}

async fn readings<T, F, Fut>(
    pace: Pace<'_, impl Iterator<Item = Duration>>,
    mut look: F,
    mut judge: impl FnMut(T::Read, Instant) -> Reading<T, T::Read>,
) -> Result<Result<T, OutOfBudget<T::Read, T::Failure>>, T::Failure>
where
    T: Outcome,
    F: FnMut(Deadline) -> Fut,
    Fut: Future<Output = Result<Look<T::Read, T::Failure>, T::Failure>>,
{
    let Pace {
        clock,
        budget,
        mut waits,
        mut wake,
    } = pace;
    let deadline = Deadline {
        at: clock.now() + budget,
    };
    let mut out = OutOfBudget {
        last_seen: None,
        last_error: None,
        queries: 0,
    };
    loop {
        if clock.now() >= deadline.at {
            break;
        }
        out.queries += 1;
        tracing::Span::current().record("queries", out.queries);
        match look(deadline).await? {
            Look::Read(read) => match judge(read, clock.now()) {
                Reading::Final(done) => return Ok(Ok(done)),
                Reading::Pending(read) => {
                    out.last_seen = Some(read);
                    out.last_error = None;
                }
            },
            Look::Transient(error) => out.last_error = Some(error),
            Look::BudgetSpent => break,
        }
        let wait = waits.next().unwrap_or_default();
        if wait.is_zero() || clock.now() + wait >= deadline.at {
            break;
        }
        match wake.as_deref_mut() {
            Some(wake) => first(clock.sleep(wait), wake.woken()).await,
            None => clock.sleep(wait).await,
        }
    }
    Ok(Err(out))
}
