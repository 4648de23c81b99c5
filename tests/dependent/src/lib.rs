//! What a service writes against atlas-pay, the way the README shows it:
//! paying and deciding, looking an order up, settling an uncertain
//! payment, matching errors, and building fake answers for its own tests.
//!
//! It is written once and never edited for a spec change: `cargo xtask
//! compat` builds it against the crates regenerated for each spec change
//! that only adds, and it must compile unchanged.

use atlas_pay::wire::{QueryOrderResponse, WireCode};
use atlas_pay::{
    Client, Delivery, Error, NextStep, Order, OrderStatus, PayError, PayStatus, PaymentRequest,
    QueryOrderError, Reconcile, Settlement, UnknownReason,
};

/// What the service does after one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Paid: never pay again.
    Paid,
    /// Nothing moved: the same payment may be sent again.
    PayAgain,
    /// Something must change first.
    Change,
    /// A human decides.
    HandOver,
}

/// Pays once by deposit; settles an uncertain outcome on the order.
pub async fn pay_by_deposit(client: &Client, order_no: &str) -> Result<Outcome, QueryOrderError> {
    let attempted_at = client.now();
    let error = match client.pay(PaymentRequest::deposit(order_no)).await {
        Ok(paid) => {
            let _: (&str, Option<&str>) = (paid.order_no.as_str(), paid.pnr_code.as_deref());
            return Ok(Outcome::Paid);
        }
        Err(error) => error,
    };
    Ok(match error.next_step() {
        NextStep::LookUpOrder | NextStep::NeverPayAgain => {
            let reconcile = Reconcile::order_no(order_no)
                .since(attempted_at)
                .after(&error);
            match client.reconcile(reconcile).await? {
                Settlement::Paid { .. } => Outcome::Paid,
                settlement if settlement.may_pay() => Outcome::PayAgain,
                _ => Outcome::HandOver,
            }
        }
        NextStep::SendAgain => Outcome::PayAgain,
        _ => Outcome::Change,
    })
}

/// How the service logs a failed payment: by where it stands and its status.
pub fn describe(error: &PayError) -> String {
    match error {
        Error::NotSent(refusal) => format!("not sent: {refusal}"),
        Error::NotDelivered { attempts, .. } => format!("not delivered after {attempts}"),
        Error::Unknown {
            reason: UnknownReason::Timeout,
            ..
        } => "timed out: look the order up".to_owned(),
        Error::Answered {
            status: PayStatus::AlreadyPaid,
            ..
        } => "already paid".to_owned(),
        error if error.delivery() == Delivery::Unknown => format!("unknown: {error}"),
        error => format!("{error} (money: {})", error.money()),
    }
}

/// Looks an order up and says whether it is ticketed.
pub async fn is_ticketed(client: &Client, order_no: &str) -> Result<bool, QueryOrderError> {
    let order = client.query_order(order_no).await?;
    Ok(order.status == OrderStatus::Ticketed
        && order
            .passengers()
            .iter()
            .all(|p| !p.ticket_numbers.is_empty()))
}

/// A fake paid order for the service's tests, from JSON (the README's way).
pub fn fake_paid_order(order_no: &str) -> Result<Order, Box<dyn std::error::Error>> {
    let answer: QueryOrderResponse = serde_json::from_value(serde_json::json!({
        "status": 0, "orderNo": order_no, "orderStatus": "1", "paymentMethod": 1
    }))?;
    Ok(Order::try_from(answer)?)
}

/// A fake unpaid order, built with the generated `new` and assignments.
pub fn fake_unpaid_order(order_no: &str) -> Result<Order, UnknownReason> {
    let mut answer = QueryOrderResponse::new(0.into());
    answer.order_no = Some(order_no.to_owned());
    answer.order_status = Some(WireCode::String("0".to_owned()));
    Order::try_from(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fake_orders_read_as_the_service_expects() {
        let paid = fake_paid_order("F-1").unwrap();
        assert!(paid.is_paid());
        assert_eq!(paid.order_no, "F-1");
        let unpaid = fake_unpaid_order("F-2").unwrap();
        assert!(!unpaid.is_paid());
        assert_eq!(unpaid.status, OrderStatus::Unpaid);
    }

    #[test]
    fn a_refusal_is_described_without_sending() {
        let error = PayError::from(atlas_pay::PayRefusal::EmptyOrderNo);
        assert!(
            describe(&error).starts_with("not sent"),
            "{}",
            describe(&error)
        );
    }
}
