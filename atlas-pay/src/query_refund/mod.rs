//! `POST /queryRefundOrders.do`: where a refund stands, by its refund code.
//! [`Client::query_refund`] reads it once; [`Client::follow_refund`] polls
//! it until it is final; [`Client::reconcile_refund`] settles a submission
//! whose outcome is unknown. The refund query only reads: asking again is
//! safe.

mod confirm;
mod declared;
mod follow;
mod progress;
mod reconcile;
mod request;
#[cfg(feature = "journal")]
mod settle;

use atlas_pay_gen::operations::query_refund::QueryRefund as Operation;
use atlas_pay_gen::types::QueryRefundResponse;

use crate::answer::AtlasAnswer;
use crate::client::Client;
use crate::error::Error;
use crate::poll::Deadline;
use crate::refund_code::{RefundCode, RefundRefusal};
use crate::transport;

pub use self::confirm::VoidConfirmation;
pub use self::follow::{
    DEFAULT_REFUND_POLL_BUDGET, DEFAULT_REFUND_POLL_SCHEDULE, FollowRefund, RefundOutcome,
};
pub use self::progress::RefundProgress;
pub use self::reconcile::{ReconcileRefund, RefundSettlement, Undetermined};
#[cfg(feature = "journal")]
pub(crate) use self::settle::settle_refund;
pub use self::request::{QueryRefund, QueryRefundError};

impl AtlasAnswer for QueryRefundResponse {
    fn status_code(&self) -> i64 {
        self.status
    }

    fn message(&self) -> Option<&str> {
        self.msg.as_ref().map(|msg| msg.0.as_str())
    }
}

impl Client {
    /// Looks a refund up by its code (`POST /queryRefundOrders.do`): the
    /// refund, or `None` when Atlas lists no refund under the code (a
    /// refund just submitted may take a moment to show). Only reads.
    pub async fn query_refund(
        &self,
        query: &QueryRefund,
    ) -> Result<Option<RefundProgress>, QueryRefundError> {
        self.query_refund_before(query, None).await
    }

    /// [`query_refund`](Self::query_refund), cut off at `deadline`.
    async fn query_refund_before(
        &self,
        query: &QueryRefund,
        deadline: Option<Deadline>,
    ) -> Result<Option<RefundProgress>, QueryRefundError> {
        transport::traced(
            atlas_pay_gen::operations::query_refund::OPERATION_ID,
            query.order.label(),
            Some(&query.refund_code),
            async {
                let body = query.body().map_err(Error::NotSent)?;
                let timeout = match deadline {
                    None => None,
                    Some(deadline) => Some(
                        deadline
                            .remaining(self.clock())
                            .ok_or(Error::NotSent(RefundRefusal::BudgetSpent))?,
                    ),
                };
                let answer = transport::send::<Operation, RefundCode>(self.http(), &body, timeout).await?;
                RefundProgress::from_answer(answer, query).map_err(Error::unknown)
            },
        )
        .await
    }
}

