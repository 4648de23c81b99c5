//! Confirming a void notification against the refund query: a void's code
//! is a refund code, and the refund query says where it stands.
//! [`Client::confirm_void`] is the entry point.

use atlas_pay_gen::types::VoidNotification;

use super::progress::RefundProgress;
use super::request::{QueryRefund, QueryRefundError};
use crate::client::Client;
use crate::event::Notified;

/// What the refund query says about a void notification.
#[derive(Debug)]
#[non_exhaustive]
pub enum VoidConfirmation {
    /// The refund query lists the void: its state there is the one to act
    /// on, whatever the notification's `voidStatus` says.
    Confirmed {
        /// The void, as the refund query shows it.
        refund: RefundProgress,
    },
    /// The notification names no order or no void code, or the refund
    /// query lists no such void: do not act on it.
    NotConfirmed,
}

impl Client {
    /// Checks a void notification against the refund query, by its void
    /// code and order. Never trusts the notification's own status.
    pub async fn confirm_void(
        &self,
        event: &Notified<VoidNotification>,
    ) -> Result<VoidConfirmation, QueryRefundError> {
        let order = event.notification().data.as_ref().map(|d| d.order_no.as_str());
        let (Some(order), Some(code)) = (order.filter(|o| !o.trim().is_empty()), event.void_code())
        else {
            return Ok(VoidConfirmation::NotConfirmed);
        };
        Ok(match self.query_refund(&QueryRefund::new(order, code)).await? {
            Some(refund) => VoidConfirmation::Confirmed { refund },
            None => VoidConfirmation::NotConfirmed,
        })
    }
}
