//! Following a submitted refund until it is final: refunded (or fulfilment
//! done), or rejected (or withdrawn). [`Client::follow_refund`] polls the
//! refund query with the loop reconciliation and ticketing share
//! ([`crate::poll`]); it never submits anything.

use std::fmt;
use std::time::Duration;

use super::progress::RefundProgress;
use super::request::{QueryRefund, QueryRefundError};
use crate::client::Client;
use crate::error::Error;
use crate::poll_policy::{ReconcilePolicy, waits};
use crate::poll::{Look, OutOfBudget, Outcome, Pace, Reading, poll, poll_span};
use crate::refund_code::RefundRefusal;
#[cfg(test)]
use crate::refund_terms::RefundState;

/// The default waits between refund queries: 1, 5, 15 and 30 minutes, then
/// hourly. Atlas's reference expects airline confirmations in days and the
/// money in weeks; asking more often tells nothing sooner.
pub const DEFAULT_REFUND_POLL_SCHEDULE: [Duration; 5] = [
    Duration::from_secs(60),
    Duration::from_secs(5 * 60),
    Duration::from_secs(15 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(60 * 60),
];

/// The default budget of one follow: 24 hours. A refund that takes longer
/// is followed again later (or by a job), never submitted again.
pub const DEFAULT_REFUND_POLL_BUDGET: Duration = Duration::from_secs(24 * 60 * 60);

/// Which refund to follow, and how (default:
/// [`DEFAULT_REFUND_POLL_SCHEDULE`] within [`DEFAULT_REFUND_POLL_BUDGET`]).
#[derive(Debug, Clone)]
pub struct FollowRefund {
    query: QueryRefund,
    policy: ReconcilePolicy,
}

impl FollowRefund {
    /// Follows the refund with this code, of the order with this Atlas
    /// order number.
    pub fn new(order_no: impl Into<String>, refund_code: impl Into<String>) -> Self {
        QueryRefund::new(order_no, refund_code).into()
    }

    /// A polling policy for this follow (its schedule and budget; the
    /// settle delay does not apply).
    pub fn policy(mut self, policy: ReconcilePolicy) -> Self {
        self.policy = policy;
        self
    }
}

impl From<QueryRefund> for FollowRefund {
    fn from(query: QueryRefund) -> Self {
        Self {
            query,
            policy: ReconcilePolicy::default()
                .schedule(DEFAULT_REFUND_POLL_SCHEDULE)
                .budget(DEFAULT_REFUND_POLL_BUDGET),
        }
    }
}

/// Where a refund ended, or where it stood when the budget ran out.
#[derive(Debug)]
#[non_exhaustive]
pub enum RefundOutcome {
    /// The money came back (refunded, or fulfilment done for a VCC).
    Refunded {
        /// The refund as last read.
        refund: RefundProgress,
    },
    /// Rejected or withdrawn: no money comes back for it (the reason is in
    /// [`RefundProgress::cancel_reason`]).
    NotRefunded {
        /// The refund as last read.
        refund: RefundProgress,
    },
    /// Not final when the budget ran out. Never submit again: follow it
    /// again later.
    NotFinal {
        /// The refund as last read, if any query found it.
        last_seen: Option<RefundProgress>,
        /// The last query failure, if the last query failed.
        last_error: Option<QueryRefundError>,
        /// How many queries were made.
        queries: u32,
    },
}

impl RefundOutcome {
    /// The refund as last read.
    pub fn refund(&self) -> Option<&RefundProgress> {
        match self {
            RefundOutcome::Refunded { refund } | RefundOutcome::NotRefunded { refund } => {
                Some(refund)
            }
            RefundOutcome::NotFinal { last_seen, .. } => last_seen.as_ref(),
        }
    }

    /// A short name: `refunded`, `not-refunded` or `not-final`.
    pub fn as_str(&self) -> &'static str {
        match self {
            RefundOutcome::Refunded { .. } => "refunded",
            RefundOutcome::NotRefunded { .. } => "not-refunded",
            RefundOutcome::NotFinal { .. } => "not-final",
        }
    }
}

impl fmt::Display for RefundOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefundOutcome::Refunded { refund } => write!(
                f,
                "refunded: refund {} of order {} is {}",
                refund.refund_code, refund.order_no, refund.state
            ),
            RefundOutcome::NotRefunded { refund } => write!(
                f,
                "not refunded: refund {} of order {} is {}",
                refund.refund_code, refund.order_no, refund.state
            ),
            RefundOutcome::NotFinal {
                last_seen, queries, ..
            } => {
                write!(f, "refund not final after {queries} queries")?;
                if let Some(refund) = last_seen {
                    write!(f, "; last read {}", refund.state)?;
                }
                f.write_str("; never submit again: follow it again later")
            }
        }
    }
}

impl Outcome for RefundOutcome {
    type Read = Option<RefundProgress>;
    type Failure = QueryRefundError;

    fn span(label: &str) -> tracing::Span {
        poll_span!("atlas_pay.follow_refund", label)
    }

    fn out_of_budget(out: OutOfBudget<Option<RefundProgress>, QueryRefundError>) -> Self {
        RefundOutcome::NotFinal {
            last_seen: out.last_seen.flatten(),
            last_error: out.last_error,
            queries: out.queries,
        }
    }

    fn as_str(&self) -> &'static str {
        RefundOutcome::as_str(self)
    }
}

fn judge(read: Option<RefundProgress>) -> Reading<RefundOutcome, Option<RefundProgress>> {
    match read {
        Some(refund) if refund.state.is_refunded() => {
            Reading::Final(RefundOutcome::Refunded { refund })
        }
        Some(refund) if refund.state.is_final() => {
            Reading::Final(RefundOutcome::NotRefunded { refund })
        }
        pending => Reading::Pending(pending),
    }
}

impl Client {
    /// Follows a submitted refund until it is final: refunded, not refunded
    /// (rejected or withdrawn), or not final when the budget runs out
    /// ([`RefundOutcome`]). Polls the refund query on the client's clock;
    /// never submits. Returns an error only for what polling cannot cure
    /// (a refusal, an access error).
    pub async fn follow_refund(
        &self,
        follow: impl Into<FollowRefund>,
    ) -> Result<RefundOutcome, QueryRefundError> {
        let follow = follow.into();
        self.poll_refund(&follow.query, &follow.policy, judge)
            .await
    }

    /// Polls the refund query until `judge` decides or the budget runs out.
    pub(super) async fn poll_refund<T>(
        &self,
        query: &QueryRefund,
        policy: &ReconcilePolicy,
        mut judge: impl FnMut(Option<RefundProgress>) -> Reading<T, Option<RefundProgress>>,
    ) -> Result<T, QueryRefundError>
    where
        T: Outcome<Read = Option<RefundProgress>, Failure = QueryRefundError>,
    {
        let pace = Pace {
            clock: self.clock(),
            budget: policy.budget_value(),
            waits: waits(policy),
            wake: None,
        };
        let look = |deadline| async move {
            match self.query_refund_before(query, Some(deadline)).await {
                Ok(read) => Ok(Look::Read(read)),
                Err(Error::NotSent(RefundRefusal::BudgetSpent)) => Ok(Look::BudgetSpent),
                Err(error) if error.is_transient() => Ok(Look::Transient(error)),
                Err(error) => Err(error),
            }
        };
        poll(query.refund_code(), pace, look, |read, _| judge(read)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refunded_and_fulfilled_end_as_refunded_rejected_and_withdrawn_as_not() {
        for (state, outcome) in [
            (RefundState::Refunded, "refunded"),
            (RefundState::FulfillmentDone, "refunded"),
            (RefundState::Rejected, "not-refunded"),
            (RefundState::Withdrew, "not-refunded"),
        ] {
            let answer: atlas_pay_gen::types::QueryRefundResponse =
                serde_json::from_value(serde_json::json!({"status": 0, "refundOrders": [
                    {"orderNo": "O", "refundCode": "C", "refundStatus": state.code()}
                ]}))
                .unwrap();
            let read = RefundProgress::from_answer(answer, &QueryRefund::new("O", "C")).unwrap();
            match judge(read) {
                Reading::Final(done) => assert_eq!(done.as_str(), outcome),
                Reading::Pending(_) => panic!("{state} is final"),
            }
        }
        for state in [RefundState::AtlasProcessing, RefundState::AirlineRefunding, RefundState::Other(9)] {
            let answer: atlas_pay_gen::types::QueryRefundResponse =
                serde_json::from_value(serde_json::json!({"status": 0, "refundOrders": [
                    {"orderNo": "O", "refundCode": "C", "refundStatus": state.code()}
                ]}))
                .unwrap();
            let read = RefundProgress::from_answer(answer, &QueryRefund::new("O", "C")).unwrap();
            assert!(matches!(judge(read), Reading::Pending(_)), "{state} is not final");
        }
    }
}
