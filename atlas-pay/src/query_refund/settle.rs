//! How recovery settles a refund the journal left open: by the refund query
//! ([`Client::reconcile_refund`]), with the refund code the journal kept.

use std::future::Future;
use std::pin::Pin;

use super::reconcile::{ReconcileRefund, RefundSettlement};
use crate::client::Client;
use crate::attempt::{Attempt, AttemptState};
use crate::recover::Verdict;

/// Settles the attempt's refund within the client's policy. Without a
/// refund code (the answer never came) it stays undetermined: Atlas's
/// refund query cannot be asked without one.
pub(crate) fn settle_refund(
    client: Client,
    attempt: Attempt,
) -> Pin<Box<dyn Future<Output = Verdict> + Send>> {
    Box::pin(async move {
        let mut reconcile = ReconcileRefund::new(attempt.order_no);
        if let Some(code) = attempt.reference {
            reconcile = reconcile.refund_code(code);
        }
        match client.reconcile_refund(reconcile).await {
            Ok(settlement) => verdict(&settlement),
            Err(error) => Verdict {
                state: AttemptState::Unknown,
                settlement: "undetermined",
                detail: Some(error.to_string()),
            },
        }
    })
}

/// What a settlement means for the attempt.
fn verdict(settlement: &RefundSettlement) -> Verdict {
    match settlement {
        RefundSettlement::Submitted { .. } => Verdict {
            state: AttemptState::Succeeded,
            settlement: settlement.as_str(),
            detail: None,
        },
        RefundSettlement::Undetermined(why) => Verdict {
            state: AttemptState::Unknown,
            settlement: settlement.as_str(),
            detail: Some(format!("{why:?}")),
        },
    }
}
