//! Settling a refund submission whose outcome is unknown (a timeout, a cut
//! connection, a system error): [`Client::reconcile_refund`] looks for the
//! refund with the refund query, within the client's polling budget, and
//! says what it found, or that it cannot tell. It never submits.
//!
//! Atlas's refund query needs the refund code, which only the submission's
//! answer carries, and Atlas takes no idempotency key. So a submission whose
//! answer was lost can be settled only with a code learned otherwise (from
//! Atlas support, or a later event); without one the settlement is
//! [`Undetermined::NoRefundCode`], never a guess. In no case is "not found"
//! read as "not submitted": a refund may take a while to show, and Atlas
//! rejects a second submission of the same tickets as a duplicate at best.

use std::fmt;

use super::progress::RefundProgress;
use super::request::{QueryRefund, QueryRefundError};
use crate::client::Client;
use crate::poll_policy::ReconcilePolicy;
use crate::attempt::AttemptState;
use crate::poll::{OutOfBudget, Outcome, Reading, poll_span};

/// A submission to settle: its order, and its refund code when one is
/// known.
#[derive(Debug, Clone)]
#[must_use]
pub struct ReconcileRefund {
    order_no: String,
    refund_code: Option<String>,
    policy: Option<ReconcilePolicy>,
}

impl ReconcileRefund {
    /// Settles a submission for the order with this Atlas order number.
    pub fn new(order_no: impl Into<String>) -> Self {
        Self {
            order_no: order_no.into(),
            refund_code: None,
            policy: None,
        }
    }

    /// The refund code of the submission, when it is known.
    pub fn refund_code(mut self, code: impl Into<String>) -> Self {
        self.refund_code = Some(code.into());
        self
    }

    /// A polling policy for this call only (default: the client's
    /// [`ReconcilePolicy`]).
    pub fn policy(mut self, policy: ReconcilePolicy) -> Self {
        self.policy = Some(policy);
        self
    }
}

/// What settling a submission found.
#[derive(Debug)]
#[non_exhaustive]
pub enum RefundSettlement {
    /// The refund exists: never submit it again. Follow it
    /// ([`Client::follow_refund`]) to its end.
    Submitted {
        /// The refund as read.
        refund: RefundProgress,
    },
    /// The client cannot tell whether the refund was submitted. Do not
    /// submit again: ask Atlas, or settle again with a refund code.
    Undetermined(Undetermined),
}

/// Why a settlement could not tell.
#[derive(Debug)]
#[non_exhaustive]
pub enum Undetermined {
    /// No refund code: Atlas's refund query cannot be asked without one.
    NoRefundCode,
    /// The refund query did not show the refund within the budget.
    NotSeen {
        /// The last query failure, if the last query failed.
        last_error: Option<QueryRefundError>,
        /// How many queries were made.
        queries: u32,
    },
}

impl RefundSettlement {
    /// The refund, when it was found.
    pub fn refund(&self) -> Option<&RefundProgress> {
        match self {
            RefundSettlement::Submitted { refund } => Some(refund),
            RefundSettlement::Undetermined(_) => None,
        }
    }

    /// A short name: `submitted` or `undetermined`.
    pub fn as_str(&self) -> &'static str {
        match self {
            RefundSettlement::Submitted { .. } => "submitted",
            RefundSettlement::Undetermined(_) => "undetermined",
        }
    }
}

impl fmt::Display for RefundSettlement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefundSettlement::Submitted { refund } => write!(
                f,
                "submitted: refund {} of order {} is {}; never submit it again",
                refund.refund_code, refund.order_no, refund.state
            ),
            RefundSettlement::Undetermined(Undetermined::NoRefundCode) => f.write_str(
                "undetermined: the refund query needs the refund code the lost answer carried; \
                 ask Atlas before submitting again",
            ),
            RefundSettlement::Undetermined(Undetermined::NotSeen { queries, .. }) => write!(
                f,
                "undetermined: the refund did not show in {queries} queries; do not submit \
                 again, settle again later"
            ),
        }
    }
}

impl Outcome for RefundSettlement {
    type Read = Option<RefundProgress>;
    type Failure = QueryRefundError;

    fn span(label: &str) -> tracing::Span {
        poll_span!("atlas_pay.reconcile_refund", label)
    }

    fn out_of_budget(out: OutOfBudget<Option<RefundProgress>, QueryRefundError>) -> Self {
        RefundSettlement::Undetermined(Undetermined::NotSeen {
            last_error: out.last_error,
            queries: out.queries,
        })
    }

    fn as_str(&self) -> &'static str {
        RefundSettlement::as_str(self)
    }
}

impl Client {
    /// Settles a refund submission whose outcome is unknown: submitted (the
    /// refund query shows it), or undetermined ([`RefundSettlement`]). Polls
    /// the refund query like [`follow_refund`](Self::follow_refund), within
    /// the client's [`ReconcilePolicy`] (Atlas's own pacing, 120 s) unless
    /// the call gives one; never submits. Returns an error only for what
    /// polling cannot cure.
    pub async fn reconcile_refund(
        &self,
        reconcile: ReconcileRefund,
    ) -> Result<RefundSettlement, QueryRefundError> {
        let Some(code) = reconcile.refund_code.filter(|code| !code.trim().is_empty()) else {
            tracing::warn!(order = %reconcile.order_no, "refund undetermined: no refund code to query");
            return Ok(RefundSettlement::Undetermined(Undetermined::NoRefundCode));
        };
        let policy = match reconcile.policy {
            Some(policy) => policy,
            None => self.setting::<ReconcilePolicy>(),
        };
        let query = QueryRefund::new(reconcile.order_no.clone(), code);
        let settlement = self
            .poll_refund(&query, &policy, |read| match read {
                Some(refund) => Reading::Final(RefundSettlement::Submitted { refund }),
                None => Reading::Pending(None),
            })
            .await?;
        if let RefundSettlement::Submitted { .. } = settlement {
            self.journal_settle(
                atlas_pay_gen::operations::refund::OPERATION_ID,
                &reconcile.order_no,
                AttemptState::Succeeded,
                settlement.as_str(),
            )
            .await;
        }
        Ok(settlement)
    }
}
