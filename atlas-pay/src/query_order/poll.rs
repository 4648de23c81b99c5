//! The order query's side of the shared polling loop ([`crate::poll`]):
//! each look is an order query within the poll's deadline, transient
//! failures are absorbed, and reconciliation and following ticketing judge
//! the orders read.

use std::time::Instant;

use super::error::{QueryOrderError, QueryOrderRefusal};
use super::order::Order;
use super::request::QueryOrder;
use crate::client::Client;
use crate::error::Error;
use crate::poll_policy::{ReconcilePolicy, waits};
use crate::poll::{Look, Outcome, Pace, Reading, Wake, poll};

impl Client {
    /// Polls the order until `judge` decides or the policy's budget runs
    /// out ([`crate::poll::poll`]).
    pub(crate) async fn poll_order<T>(
        &self,
        query: &QueryOrder,
        policy: &ReconcilePolicy,
        wake: Option<&mut (dyn Wake + 'static)>,
        judge: impl FnMut(Order, Instant) -> Reading<T, Order>,
    ) -> Result<T, QueryOrderError>
    where
        T: Outcome<Read = Order, Failure = QueryOrderError>,
    {
        let pace = Pace {
            clock: self.clock(),
            budget: policy.budget_value(),
            waits: waits(policy),
            wake,
        };
        let look = |deadline| async move {
            match self.query_order_before(query, Some(deadline)).await {
                Ok(order) => Ok(Look::Read(order)),
                Err(Error::NotSent(QueryOrderRefusal::BudgetSpent { .. })) => {
                    Ok(Look::BudgetSpent)
                }
                Err(error) if error.is_transient() => Ok(Look::Transient(error)),
                Err(error) => Err(error),
            }
        };
        poll(query.label(), pace, look, judge).await
    }
}
