//! The deposit balance, following a payment until ticketing is final, and
//! stopping ticket issuance, end to end against the sandbox (on its virtual
//! clock: nothing here sleeps in real time).

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::time::Duration;

use atlas_pay::sandbox::{STOP_TAKES, Sandbox, SandboxOrder};
use atlas_pay::{
    Code, Delivery, Error, OrderStatus, PaymentRequest, ReconcilePolicy, Ticketing, test_cards,
};

async fn sandbox(orders: Vec<SandboxOrder>) -> Sandbox {
    Sandbox::builder()
        .orders(orders)
        .start_time(test_cards::today_start())
        .start()
        .await
        .unwrap()
}

/// Long enough for the sandbox's ticketing (1 minute in progress, then 5).
fn patient() -> ReconcilePolicy {
    ReconcilePolicy::default().budget(Duration::from_secs(15 * 60))
}

#[tokio::test]
async fn the_balance_drops_by_a_deposit_payment_and_comes_back_after_a_stop() {
    let sandbox = sandbox(vec![SandboxOrder::new("DEP-1")]).await;
    let client = sandbox.client().unwrap();
    let before = client.balance("USD").await.unwrap();
    assert_eq!(before.currency, "USD");
    assert_eq!(before.amount, 10_000.0);

    client.pay(PaymentRequest::deposit("DEP-1")).await.unwrap();
    let after = client.balance("USD").await.unwrap();
    assert_eq!(before.amount - after.amount, 250.0, "{before} -> {after}");

    let stop = client.stop_ticketing("DEP-1").await.unwrap();
    assert_eq!(stop.order_no, "DEP-1");
    // Trying is not done: the order is still paid and the money still out.
    assert_eq!(client.balance("USD").await.unwrap(), after);
    let ticketing = client
        .follow_ticketing(atlas_pay::FollowTicketing::order_no("DEP-1").policy(patient()))
        .await
        .unwrap();
    assert!(
        matches!(&ticketing, Ticketing::Cancelled { order } if order.status == OrderStatus::Cancelled),
        "{ticketing}"
    );
    assert_eq!(client.balance("USD").await.unwrap(), before);
    assert!(sandbox.ledger()[0].refunded_at_secs.is_some());
}

#[tokio::test]
async fn a_balance_in_a_currency_without_an_account_or_a_malformed_one_fails_typed() {
    let sandbox = sandbox(vec![]).await;
    let client = sandbox.client().unwrap();
    let error = client.balance("JPY").await.unwrap_err();
    assert_eq!(error.status(), Some(Code::Other(400)), "{error}");
    assert_eq!(error.delivery(), Delivery::Answered);
    assert!(error.to_string().contains("JPY"), "{error}");
    for bad in ["usd", "US", "EURO", ""] {
        let error = client.balance(bad).await.unwrap_err();
        assert!(matches!(error, Error::NotSent(_)), "{bad}: {error}");
        assert_eq!(error.delivery(), Delivery::NotSent);
    }
}

#[tokio::test]
async fn a_payment_is_followed_until_its_tickets_are_issued() {
    let sandbox = sandbox(vec![SandboxOrder::new("TKT-1")]).await;
    let client = sandbox.client().unwrap();
    client.pay(PaymentRequest::deposit("TKT-1")).await.unwrap();
    let started = client.now();
    let ticketing = client
        .follow_ticketing(atlas_pay::FollowTicketing::order_no("TKT-1").policy(patient()))
        .await
        .unwrap();
    let Ticketing::Ticketed { order } = &ticketing else {
        panic!("{ticketing}");
    };
    assert!(
        order
            .passengers()
            .iter()
            .all(|p| !p.ticket_numbers.is_empty())
    );
    assert!(!order.airline_pnrs().is_empty());
    // Six minutes of sandbox ticketing, waited out on the virtual clock.
    let waited = client.now().saturating_duration_since(started);
    assert!(waited >= Duration::from_secs(300), "{waited:?}");
    assert!(waited <= Duration::from_secs(15 * 60), "{waited:?}");
}

#[tokio::test]
async fn ticketing_that_does_not_finish_within_the_budget_is_not_final() {
    let sandbox = sandbox(vec![
        SandboxOrder::new("STUCK-1").stuck_in_ticketing(),
        SandboxOrder::new("T2"),
    ])
    .await;
    let client = sandbox.client().unwrap();
    client
        .pay(PaymentRequest::deposit("STUCK-1"))
        .await
        .unwrap();
    let ticketing = client
        .follow_ticketing(atlas_pay::FollowTicketing::order_no("STUCK-1").policy(patient()))
        .await
        .unwrap();
    assert!(
        matches!(&ticketing, Ticketing::NotFinal { last_seen: Some(order), .. }
            if order.status == OrderStatus::TicketingInProcess),
        "{ticketing}"
    );
    assert!(!ticketing.is_final());
    assert!(ticketing.to_string().contains("never pay again"));
    // With Atlas's own 120 s budget, a fresh payment is not final yet either.
    client.pay(PaymentRequest::deposit("T2")).await.unwrap();
    let early = client.follow_ticketing("T2").await.unwrap();
    assert_eq!(early.as_str(), "not-final", "{early}");
    // Nothing was ever paid twice.
    assert_eq!(sandbox.ledger().len(), 2);
}

#[tokio::test]
async fn stopping_an_unpaid_ticketed_cancelled_or_unknown_order_fails_and_changes_nothing() {
    let sandbox = sandbox(vec![
        SandboxOrder::new("UNPAID-1"),
        SandboxOrder::new("DONE-1"),
        SandboxOrder::new("LATE-1"),
    ])
    .await;
    let client = sandbox.client().unwrap();
    client.pay(PaymentRequest::deposit("DONE-1")).await.unwrap();
    sandbox.advance(Duration::from_secs(7 * 60));
    for order in ["UNPAID-1", "DONE-1"] {
        let error = client.stop_ticketing(order).await.unwrap_err();
        assert_eq!(error.status(), Some(Code::Other(402)), "{order}: {error}");
        assert_eq!(error.delivery(), Delivery::Answered);
    }
    let error = client.stop_ticketing("NO-SUCH").await.unwrap_err();
    assert_eq!(error.status(), Some(Code::Other(400)));
    // A stop that succeeded: the order is cancelled once STOP_TAKES passed;
    // stopping it again fails.
    client.pay(PaymentRequest::deposit("LATE-1")).await.unwrap();
    client.stop_ticketing("LATE-1").await.unwrap();
    sandbox.advance(STOP_TAKES);
    let order = client.query_order("LATE-1").await.unwrap();
    assert_eq!(order.status, OrderStatus::Cancelled);
    assert!(client.stop_ticketing("LATE-1").await.is_err());
    assert!(matches!(
        client.stop_ticketing("").await.unwrap_err(),
        Error::NotSent(_)
    ));
}
