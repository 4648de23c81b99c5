//! Refunds end to end against the sandbox, on its virtual clock: pay,
//! follow ticketing, quote, submit, follow the refund to its end; each
//! quotation case; voids only on the day of ticketing; refusals before
//! sending; and a submission whose answer is lost, settled and never
//! submitted again.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::time::Duration;

use atlas_pay::sandbox::{Fault, RefundCase, Sandbox, SandboxOrder};
use atlas_pay::{
    Client, Delivery, Error, FlightDate, FollowRefund, Order, PaymentRequest, QueryRefund,
    QuoteType, ReconcilePolicy, ReconcileRefund, RefundCode, RefundOutcome, RefundQuotation,
    RefundReason, RefundRefusal, RefundRequest, RefundSettlement, RefundState, Ticketing,
    Undetermined, test_cards,
};

async fn sandbox(orders: Vec<SandboxOrder>) -> Sandbox {
    Sandbox::builder()
        .orders(orders)
        .start_time(test_cards::today_start())
        .start()
        .await
        .unwrap()
}

fn ticketed(order_no: &str) -> SandboxOrder {
    SandboxOrder::new(order_no).state(atlas_pay::sandbox::OrderState::Ticketed)
}

async fn order(client: &Client, order_no: &str) -> Order {
    client.query_order(order_no).await.unwrap()
}

/// Long enough for the sandbox's refunds (10 minutes at Atlas, 2 hours at
/// the airline).
fn patient() -> ReconcilePolicy {
    ReconcilePolicy::default()
        .schedule([Duration::from_secs(5 * 60)])
        .budget(Duration::from_secs(6 * 60 * 60))
}

#[tokio::test]
async fn pay_ticket_quote_refund_and_follow_to_refunded_brings_the_deposit_back() {
    let sandbox = sandbox(vec![SandboxOrder::new("RF-1")]).await;
    let client = sandbox.client().unwrap();
    let before = client.balance("USD").await.unwrap();
    client.pay(PaymentRequest::deposit("RF-1")).await.unwrap();
    let ticketing = client
        .follow_ticketing(
            atlas_pay::FollowTicketing::order_no("RF-1")
                .policy(ReconcilePolicy::default().budget(Duration::from_secs(15 * 60))),
        )
        .await
        .unwrap();
    let Ticketing::Ticketed { order } = ticketing else {
        panic!("{ticketing}")
    };

    let scope = order.refund_scope(RefundReason::Voluntary).unwrap();
    assert_eq!(
        scope.itinerary().len(),
        2,
        "whole tickets: outbound and return"
    );
    let quotation = client
        .refund_quotation(RefundQuotation::new("RF-1", scope))
        .await
        .unwrap();
    assert!(quotation.refundable);
    assert_eq!(quotation.quote_type, QuoteType::Accurate);
    assert_eq!(quotation.fare_refund.as_ref().unwrap().amount, 250.0);
    let offer = quotation.offer_id.clone().unwrap();

    let submitted = client
        .refund(RefundRequest::offer("RF-1", offer))
        .await
        .unwrap();
    assert_eq!(submitted.state, RefundState::AtlasProcessing);
    assert_eq!(submitted.reason, Some(RefundReason::Voluntary));
    assert_eq!(
        client.balance("USD").await.unwrap().amount,
        before.amount - 250.0
    );

    let outcome = client
        .follow_refund(FollowRefund::new("RF-1", &submitted.refund_code).policy(patient()))
        .await
        .unwrap();
    let RefundOutcome::Refunded { refund } = &outcome else {
        panic!("{outcome}")
    };
    assert_eq!(refund.state, RefundState::Refunded);
    assert_eq!(client.balance("USD").await.unwrap(), before);
    // The order query shows the refunded order cancelled.
    assert_eq!(
        order_of(&client, "RF-1").await,
        atlas_pay::OrderStatus::Cancelled
    );
    assert_eq!(sandbox.refunds().len(), 1);
}

async fn order_of(client: &Client, order_no: &str) -> atlas_pay::OrderStatus {
    order(client, order_no).await.status
}

#[tokio::test]
async fn each_quotation_case_reads_as_atlas_describes_it() {
    let sandbox = sandbox(vec![
        ticketed("Q-ACCURATE"),
        ticketed("Q-CANNOT").refund_case(RefundCase::CannotQuote),
        ticketed("Q-NEVER").refund_case(RefundCase::Unrefundable),
    ])
    .await;
    let client = sandbox.client().unwrap();
    let mut seen = Vec::new();
    for order_no in ["Q-ACCURATE", "Q-CANNOT", "Q-NEVER"] {
        let scope = order(&client, order_no)
            .await
            .refund_scope(RefundReason::Involuntary)
            .unwrap();
        let quotation = client
            .refund_quotation(RefundQuotation::new(order_no, scope).display_currency("EUR"))
            .await
            .unwrap();
        assert_eq!(quotation.order_no, order_no);
        seen.push((quotation.refundable, quotation.quote_type.clone()));
        assert!(quotation.details().refund_tickets.len() == 1);
        assert!(!format!("{quotation:?}").contains("LOVELACE"));
    }
    assert_eq!(
        seen,
        [
            (true, QuoteType::Accurate),
            (true, QuoteType::CannotQuote),
            (false, QuoteType::Accurate),
        ]
    );
}

#[tokio::test]
async fn an_airline_rejection_ends_not_refunded_with_atlas_reason_and_no_money_moves() {
    let sandbox = sandbox(vec![ticketed("RJ-1").refund_case(RefundCase::Rejected)]).await;
    let client = sandbox.client().unwrap();
    let before = client.balance("USD").await.unwrap();
    let scope = order(&client, "RJ-1")
        .await
        .refund_scope(RefundReason::Voluntary)
        .unwrap();
    let submitted = client
        .refund(RefundRequest::tickets("RJ-1", scope))
        .await
        .unwrap();
    let outcome = client
        .follow_refund(FollowRefund::new("RJ-1", submitted.refund_code).policy(patient()))
        .await
        .unwrap();
    let RefundOutcome::NotRefunded { refund } = &outcome else {
        panic!("{outcome}")
    };
    assert_eq!(refund.state, RefundState::Rejected);
    assert_eq!(
        refund.cancel_reason.as_deref(),
        Some("Does not match airline policy.")
    );
    assert_eq!(client.balance("USD").await.unwrap(), before);
    assert_eq!(
        order_of(&client, "RJ-1").await,
        atlas_pay::OrderStatus::Ticketed
    );
}

#[tokio::test]
async fn a_void_goes_through_on_the_day_of_ticketing_and_is_refused_before_sending_after() {
    let sandbox = sandbox(vec![ticketed("V-1"), ticketed("V-2")]).await;
    let client = sandbox.client().unwrap();
    let today = FlightDate::in_singapore(test_cards::today_start());

    let scope = order(&client, "V-1")
        .await
        .refund_scope(RefundReason::Void)
        .unwrap()
        .ticketed_on(today);
    let submitted = client
        .refund(RefundRequest::tickets("V-1", scope))
        .await
        .unwrap();
    let outcome = client
        .follow_refund(FollowRefund::new("V-1", submitted.refund_code).policy(patient()))
        .await
        .unwrap();
    assert!(
        matches!(outcome, RefundOutcome::Refunded { .. }),
        "{outcome}"
    );

    // Two days later: the client refuses a void, nothing is sent.
    sandbox.advance(Duration::from_secs(2 * 24 * 60 * 60));
    let late = order(&client, "V-2")
        .await
        .refund_scope(RefundReason::Void)
        .unwrap()
        .ticketed_on(today);
    let error = client
        .refund(RefundRequest::tickets("V-2", late.clone()))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::NotSent(RefundRefusal::VoidWindowClosed { ticketed_on, .. }) if ticketed_on == today),
        "{error}"
    );
    assert_eq!(sandbox.refunds().len(), 1);
    // Atlas judges it too: without the day, the quotation says unrefundable.
    let mut quiet = order(&client, "V-2")
        .await
        .refund_scope(RefundReason::Void)
        .unwrap();
    quiet = quiet.passenger(atlas_pay::RefundPassenger::new("X", "Y"));
    let error = client
        .refund_quotation(RefundQuotation::new("V-2", quiet))
        .await
        .unwrap_err();
    assert_eq!(
        error.status(),
        Some(RefundCode::Undocumented(400)),
        "{error}"
    );
    let scope = order(&client, "V-2")
        .await
        .refund_scope(RefundReason::Void)
        .unwrap();
    let quotation = client
        .refund_quotation(RefundQuotation::new("V-2", scope))
        .await
        .unwrap();
    assert!(!quotation.refundable);
}

#[tokio::test]
async fn requests_the_reference_rules_out_are_refused_before_sending() {
    let sandbox = sandbox(vec![ticketed("R-1")]).await;
    let client = sandbox.client().unwrap();
    let order = order(&client, "R-1").await;
    let refused = |error: Error<RefundCode>| match error {
        Error::NotSent(refusal) => refusal,
        other => panic!("sent: {other}"),
    };
    assert_eq!(
        order
            .refund_scope_of(RefundReason::Voluntary, |name| name == "NOBODY/HERE")
            .unwrap_err(),
        RefundRefusal::NoSuchPassenger
    );
    let medical = order
        .refund_scope(RefundReason::Other("7".to_owned()))
        .unwrap();
    assert_eq!(
        refused(
            client
                .refund(RefundRequest::tickets("R-1", medical))
                .await
                .unwrap_err()
        ),
        RefundRefusal::UnsupportedReason("7".to_owned())
    );
    assert_eq!(
        refused(
            client
                .refund(RefundRequest::offer("R-1", " "))
                .await
                .unwrap_err()
        ),
        RefundRefusal::NoOffer
    );
    let scope = order.refund_scope(RefundReason::Voluntary).unwrap();
    assert_eq!(
        refused(
            client
                .refund_quotation(RefundQuotation::new("", scope))
                .await
                .unwrap_err()
        ),
        RefundRefusal::NoOrder
    );
    assert_eq!(
        refused(
            client
                .query_refund(&QueryRefund::new("R-1", ""))
                .await
                .unwrap_err()
        ),
        RefundRefusal::NoRefundCode
    );
    assert!(sandbox.refunds().is_empty());
}

#[tokio::test]
async fn a_cut_after_the_submission_was_acted_on_is_settled_and_never_resubmitted() {
    let sandbox = sandbox(vec![
        ticketed("CUT-1").refund_fault(Fault::CloseAfterRead { charge: true }),
    ])
    .await;
    let client = sandbox.client().unwrap();
    let scope = order(&client, "CUT-1")
        .await
        .refund_scope(RefundReason::Voluntary)
        .unwrap();
    let error = client
        .refund(RefundRequest::tickets("CUT-1", scope))
        .await
        .unwrap_err();
    assert_eq!(error.delivery(), Delivery::Unknown, "{error}");
    assert_eq!(error.attempts(), 1, "never resent by the client");
    assert_eq!(sandbox.refunds().len(), 1, "Atlas acted on it");

    // Without the code the lost answer carried, nothing can be concluded.
    let settlement = client
        .reconcile_refund(ReconcileRefund::new("CUT-1"))
        .await
        .unwrap();
    assert!(
        matches!(
            settlement,
            RefundSettlement::Undetermined(Undetermined::NoRefundCode)
        ),
        "{settlement}"
    );
    // With the code (from Atlas support), the refund is found: never submit again.
    let code = sandbox.refunds()[0].refund_code.clone();
    let settlement = client
        .reconcile_refund(ReconcileRefund::new("CUT-1").refund_code(&code))
        .await
        .unwrap();
    let RefundSettlement::Submitted { refund } = &settlement else {
        panic!("{settlement}")
    };
    assert_eq!(refund.refund_code, code);
    // A code Atlas does not know is not "not submitted": it stays undetermined.
    let settlement = client
        .reconcile_refund(
            ReconcileRefund::new("CUT-1")
                .refund_code("NOPE")
                .policy(ReconcilePolicy::default().budget(Duration::from_secs(30))),
        )
        .await
        .unwrap();
    assert!(
        matches!(settlement, RefundSettlement::Undetermined(Undetermined::NotSeen { queries, .. }) if queries > 1),
        "{settlement}"
    );
    assert_eq!(sandbox.refunds().len(), 1);
}

#[tokio::test]
async fn a_second_submission_of_the_same_tickets_is_rejected_as_a_duplicate() {
    let sandbox = sandbox(vec![ticketed("D-1")]).await;
    let client = sandbox.client().unwrap();
    let scope = order(&client, "D-1")
        .await
        .refund_scope(RefundReason::Voluntary)
        .unwrap();
    client
        .refund(RefundRequest::tickets("D-1", scope.clone()))
        .await
        .unwrap();
    let second = client
        .refund(RefundRequest::tickets("D-1", scope))
        .await
        .unwrap();
    let outcome = client
        .follow_refund(FollowRefund::new("D-1", second.refund_code).policy(patient()))
        .await
        .unwrap();
    let RefundOutcome::NotRefunded { refund } = &outcome else {
        panic!("{outcome}")
    };
    assert_eq!(
        refund.cancel_reason.as_deref(),
        Some("Duplicate Refund Record")
    );
    let paying: Vec<_> = sandbox
        .refunds()
        .into_iter()
        .filter(|r| r.pays_back)
        .collect();
    assert_eq!(paying.len(), 1);
}
