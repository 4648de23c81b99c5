//! `POST /stopTicket.do`: asking Atlas to stop the ticket issuance of a paid
//! order. [`Client::stop_ticketing`] is the entry point.
//!
//! A stop changes an order (when it succeeds, the whole order is cancelled
//! and refunded), so, like a payment, it is never resent by the client, and
//! every failure says where the request stands ([`Error::delivery`]).

mod declared;

use std::time::Duration;

use atlas_pay_gen::operations::stop_ticketing::StopTicketing;
use atlas_pay_gen::types::{StopTicketingBody, StopTicketingResponse};

use crate::answer::{AtlasAnswer, VendorMessage};
use crate::client::Client;
use crate::error::{Code, Error, Refusal};
use crate::transport;

/// A stop request that did not succeed. Its page documents no status codes
/// of its own ([`Code`]).
pub type StopTicketingError = Error<Code>;

/// When Atlas advises looking at the order after a stop request: about
/// 8 minutes later.
pub const STOP_CHECK_AFTER: Duration = Duration::from_secs(8 * 60);

impl AtlasAnswer for StopTicketingResponse {
    fn status_code(&self) -> i64 {
        self.status
    }

    fn message(&self) -> Option<&str> {
        self.msg.as_ref().map(|msg| msg.0.as_str())
    }
}

/// Atlas accepted a stop request: it is *trying* to intercept ticket
/// issuance. This is not the outcome.
///
/// Confirm it with the order query after about
/// [`STOP_CHECK_AFTER`] ([`Client::follow_ticketing`] waits for a
/// final state): cancelled means the stop succeeded and the order is
/// refunded; ticketed means it came too late.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StopRequested {
    /// The order the stop was requested for.
    pub order_no: String,
    /// Atlas's message (for humans; masked).
    pub message: Option<VendorMessage>,
}

impl Client {
    /// Asks Atlas to stop the ticket issuance of a paid order whose tickets
    /// are not issued yet (`POST /stopTicket.do`).
    ///
    /// Success means Atlas is trying ([`StopRequested`]), not that it
    /// stopped. Never resent by the client: on
    /// [`Delivery::Unknown`](crate::Delivery::Unknown), look the order up.
    pub async fn stop_ticketing(
        &self,
        order_no: &str,
    ) -> Result<StopRequested, StopTicketingError> {
        transport::traced(
            atlas_pay_gen::operations::stop_ticketing::OPERATION_ID,
            order_no,
            None,
            send(self.http(), order_no),
        )
        .await
    }
}

async fn send(
    http: &transport::Http,
    order_no: &str,
) -> Result<StopRequested, StopTicketingError> {
    if order_no.trim().is_empty() {
        return Err(Error::NotSent(Refusal::Argument("the order number is empty")));
    }
    let body = StopTicketingBody::new(order_no.to_owned());
    let answer = transport::send::<StopTicketing, Code>(http, &body, None).await?;
    Ok(StopRequested {
        order_no: order_no.to_owned(),
        message: answer.message().map(VendorMessage::from),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declared::Declared;

    #[test]
    fn the_declared_reads_are_what_the_stop_view_reads() {
        let sample = serde_json::json!({"status": 0, "msg": "We are trying"});
        crate::answer::assert_reads_are_honest(
            <StopTicketing as atlas_pay_gen::Operation>::ANSWER_FIELDS,
            <StopTicketing as Declared>::READS,
            &sample,
            |answer| {
                let answer: StopTicketingResponse = serde_json::from_value(answer.clone()).ok()?;
                Some(format!("{} {:?}", answer.status_code(), answer.message()))
            },
        );
    }
}
