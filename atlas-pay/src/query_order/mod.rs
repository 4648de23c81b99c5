//! `POST /queryOrderDetails.do`: the order query, its answer (the
//! [`Order`] view), its errors and its status codes, and what is built on
//! polling it: settling an uncertain payment ([`Client::reconcile`]) and
//! following ticket issuance ([`Client::follow_ticketing`]).
//! [`Client::query_order`] is the entry point.
//!
//! A query is read-only, so unlike a payment it may be repeated: transport
//! failures, 705 (Atlas timed out) and 9999 (system error) are retried with
//! bounded back-off ([`QueryRetry`]).

mod confirm;
mod declared;
mod error;
mod follow;
mod order;
mod poll;
mod reconcile;
mod refund_scope;
mod request;
mod retry;
#[cfg(feature = "journal")]
mod settle;
mod status;

use std::time::Duration;

use atlas_pay_gen::operations::query_order::QueryOrder as QueryOrderOperation;
use atlas_pay_gen::types::{QueryOrderBody, QueryOrderResponse, QueryOrderResponseStatus};

pub use self::confirm::Confirmation;
pub use self::error::{QueryOrderError, QueryOrderRefusal};
pub use self::follow::{FollowTicketing, Ticketing};
pub use self::order::{
    Order, OrderStatus, Passenger, PassengerType, PaymentDeadline, TicketStatus,
};
pub use self::retry::QueryRetry;
pub use self::reconcile::{Reconcile, Settlement};
#[cfg(feature = "journal")]
pub(crate) use self::settle::settle_payment;
pub use self::request::QueryOrder;
pub use self::status::QueryOrderStatus;

use crate::poll::Deadline;
use crate::answer::{AtlasAnswer, UNREADABLE_STATUS};
use crate::client::Client;
use crate::clock::Clock;
use crate::error::{Error, UnknownReason};
use crate::transport;

impl AtlasAnswer for QueryOrderResponse {
    fn status_code(&self) -> i64 {
        match &self.status {
            QueryOrderResponseStatus::RetrieveBookingResponseStatus(code) => **code,
            QueryOrderResponseStatus::AccessStatus(code) => **code,
            QueryOrderResponseStatus::Int64(code) => *code,
            _ => UNREADABLE_STATUS,
        }
    }

    fn message(&self) -> Option<&str> {
        self.msg.as_ref().map(|msg| msg.0.as_str())
    }
}

impl Client {
    /// Looks an order up (`POST /queryOrderDetails.do`), by order number (a
    /// `&str` converts) or by [`QueryOrder::pnr_code`].
    ///
    /// Read-only, so transport failures, 705 and 9999 are retried within the
    /// client's [`QueryRetry`] bound. An answer about another order than
    /// every key asked for (order number, PNR) is an error, never an order.
    /// Runs in the `atlas_pay` span (see the crate docs); personal data never
    /// reaches it.
    pub async fn query_order(
        &self,
        query: impl Into<QueryOrder>,
    ) -> Result<Order, QueryOrderError> {
        self.query_order_before(&query.into(), None).await
    }

    /// [`query_order`](Self::query_order), never past `deadline`.
    pub(crate) async fn query_order_before(
        &self,
        query: &QueryOrder,
        deadline: Option<Deadline>,
    ) -> Result<Order, QueryOrderError> {
        transport::traced(
            atlas_pay_gen::operations::query_order::OPERATION_ID,
            query.label(),
            None,
            send(
                self.http(),
                self.clock(),
                self.setting::<QueryRetry>(),
                query,
                deadline,
            ),
        )
        .await
    }
}

/// Looks an order up, retrying within `retry`, and never past `deadline`.
async fn send(
    http: &transport::Http,
    clock: &dyn Clock,
    retry: QueryRetry,
    query: &QueryOrder,
    deadline: Option<Deadline>,
) -> Result<Order, QueryOrderError> {
    let body = query.body().map_err(Error::NotSent)?;
    let mut attempt = 1;
    loop {
        let timeout = match deadline {
            Some(deadline) => match deadline.remaining(clock) {
                Some(left) => Some(left),
                None => {
                    return Err(Error::NotSent(QueryOrderRefusal::BudgetSpent {
                        attempts: attempt - 1,
                    }));
                }
            },
            None => None,
        };
        let result = once(http, &body, query, timeout)
            .await
            .map_err(|error| error.after_attempts(attempt));
        match result {
            Err(error) if error.is_transient() && attempt < retry.attempts() => {
                let wait = retry.backoff(attempt);
                if deadline.is_some_and(|d| d.remaining(clock).is_none_or(|left| left <= wait)) {
                    return Err(error);
                }
                tracing::debug!(attempt, error = %error, "order query failed; retrying");
                clock.sleep(wait).await;
                attempt += 1;
            }
            result => return result,
        }
    }
}

async fn once(
    http: &transport::Http,
    body: &QueryOrderBody,
    query: &QueryOrder,
    timeout: Option<Duration>,
) -> Result<Order, QueryOrderError> {
    let answer =
        transport::send::<QueryOrderOperation, QueryOrderStatus>(http, body, timeout).await?;
    let order = Order::try_from(answer).map_err(Error::unknown)?;
    echo_check(query, &order).map_err(Error::unknown)?;
    Ok(order)
}

/// An answer about another order never settles this one: every key the
/// caller gave (order number, PNR) must be the one Atlas answered about.
fn echo_check(query: &QueryOrder, order: &Order) -> Result<(), UnknownReason> {
    if let Some(asked) = &query.order_no
        && *asked != order.order_no
    {
        return Err(UnknownReason::EchoMismatch {
            field: "orderNo",
            echoed: Some(order.order_no.clone()),
        });
    }
    if let Some(asked) = &query.pnr_code
        && order.pnr_code.as_deref() != Some(asked.as_str())
    {
        return Err(UnknownReason::EchoMismatch {
            field: "pnrCode",
            echoed: order.pnr_code.clone(),
        });
    }
    Ok(())
}
