//! Paired timing for benchmarks that compare a client call with a
//! hand-written baseline in the same run: calls alternate one by one (ABBA,
//! so neither side always runs right after the other) and the figure is the
//! median round.

use std::future::Future;
use std::time::{Duration, Instant};

/// Microseconds per call, `(baseline, subject)`: the median of `rounds`
/// rounds of `calls` alternating calls. `prepare` runs before the clock
/// starts and its value is handed to `subject` (a request built ahead, as
/// the baseline's body is).
pub async fn alternate<P, A, B>(
    rounds: usize,
    calls: usize,
    mut prepare: impl FnMut() -> P,
    mut baseline: impl FnMut() -> A,
    mut subject: impl FnMut(P) -> B,
) -> (f64, f64)
where
    A: Future<Output = ()>,
    B: Future<Output = ()>,
{
    let mut baseline_rounds = Vec::with_capacity(rounds);
    let mut subject_rounds = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let (mut baseline_total, mut subject_total) = (Duration::ZERO, Duration::ZERO);
        for call in 0..calls {
            let prepared = prepare();
            if call % 2 == 0 {
                let start = Instant::now();
                baseline().await;
                baseline_total += start.elapsed();
                let start = Instant::now();
                subject(prepared).await;
                subject_total += start.elapsed();
            } else {
                let start = Instant::now();
                subject(prepared).await;
                subject_total += start.elapsed();
                let start = Instant::now();
                baseline().await;
                baseline_total += start.elapsed();
            }
        }
        baseline_rounds.push(baseline_total);
        subject_rounds.push(subject_total);
    }
    let median = |mut rounds: Vec<Duration>| {
        rounds.sort();
        rounds[rounds.len() / 2].as_secs_f64() * 1e6 / calls as f64
    };
    (median(baseline_rounds), median(subject_rounds))
}
