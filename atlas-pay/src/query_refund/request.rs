//! Which refund the refund query asks about, and its body.

use atlas_pay_gen::types::QueryRefundBody;

use crate::error::Error;
use crate::refund_code::{RefundCode, RefundRefusal};
use crate::refund_scope::OrderRef;

/// A refund query that did not succeed.
pub type QueryRefundError = Error<RefundCode>;

/// Which refund to look up: its refund code (from
/// [`RefundSubmitted::refund_code`](crate::RefundSubmitted::refund_code))
/// and its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryRefund {
    pub(super) order: OrderRef,
    pub(super) refund_code: String,
}

impl QueryRefund {
    /// The refund with this code, of the order with this Atlas order number.
    pub fn new(order_no: impl Into<String>, refund_code: impl Into<String>) -> Self {
        Self {
            order: OrderRef::OrderNo(order_no.into()),
            refund_code: refund_code.into(),
        }
    }

    /// The refund code.
    pub fn refund_code(&self) -> &str {
        &self.refund_code
    }

    pub(super) fn body(&self) -> Result<QueryRefundBody, RefundRefusal> {
        if self.refund_code.trim().is_empty() {
            return Err(RefundRefusal::NoRefundCode);
        }
        let order = self.order.wire()?;
        let mut body = QueryRefundBody::new(self.refund_code.clone());
        body.order_no = order.order_no;
        body.airline_pnr = order.airline_pnr;
        body.carrier = order.carrier;
        Ok(body)
    }
}
