//! How recovery settles a payment the journal left open: by reconciling
//! its order ([`Client::reconcile`]).

use std::future::Future;
use std::pin::Pin;

use super::reconcile::{Reconcile, Settlement};
use crate::client::Client;
use crate::attempt::{Attempt, AttemptState};
use crate::recover::Verdict;

/// Reconciles the attempt's order within the client's policy.
pub(crate) fn settle_payment(
    client: Client,
    attempt: Attempt,
) -> Pin<Box<dyn Future<Output = Verdict> + Send>> {
    Box::pin(async move {
        match client.reconcile(Reconcile::order_no(attempt.order_no)).await {
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
fn verdict(settlement: &Settlement) -> Verdict {
    Verdict {
        state: settlement.attempt_state().unwrap_or(AttemptState::Unknown),
        settlement: settlement.as_str(),
        detail: None,
    }
}
