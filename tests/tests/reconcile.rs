//! End-to-end: the order query and reconciliation against the stateful
//! sandbox, for every outcome, on the sandbox's virtual clock (no real
//! waiting), checked against the sandbox's ledger.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::time::Duration;

use atlas_pay::sandbox::{Fault, OrderState, QueryFault, Sandbox, SandboxOrder};
use atlas_pay::{
    AccessStatus, Client, Delivery, NextStep, OrderStatus, PaymentMethod, PaymentRequest,
    QueryOrder, QueryOrderError, QueryOrderRefusal, QueryOrderStatus, QueryRetry, Reconcile,
    ReconcilePolicy, Settlement, TicketStatus, UnknownReason,
};
use proptest::prelude::*;

async fn sandbox(orders: Vec<SandboxOrder>) -> Sandbox {
    Sandbox::builder()
        .orders(orders)
        .start_time(atlas_pay::test_cards::today_start())
        .start()
        .await
        .unwrap()
}

/// Pays and expects an unknown outcome; returns when the attempt started.
async fn uncertain_payment(client: &Client, order_no: &str) -> atlas_pay::ClientInstant {
    let attempted_at = client.now();
    let error = client
        .pay(PaymentRequest::deposit(order_no))
        .await
        .expect_err("the sandbox cuts or breaks this payment");
    assert_eq!(error.delivery(), Delivery::Unknown, "{error:?}");
    assert!(!error.is_safe_to_resend());
    assert_eq!(error.next_step(), NextStep::LookUpOrder);
    assert!(
        error.to_string().contains("Client::reconcile"),
        "the error says how to settle it: {error}"
    );
    attempted_at
}

#[tokio::test]
async fn a_payment_cut_after_the_charge_settles_as_paid_at_once() {
    let sandbox = sandbox(vec![
        SandboxOrder::new("CUT-PAID").fault(Fault::CloseAfterRead { charge: true }),
    ])
    .await;
    let client = sandbox.client().unwrap();
    let attempted_at = uncertain_payment(&client, "CUT-PAID").await;
    let settlement = client
        .reconcile(Reconcile::order_no("CUT-PAID").since(attempted_at))
        .await
        .unwrap();
    let Settlement::Paid { order } = &settlement else {
        panic!("{settlement}");
    };
    assert_eq!(order.payment_method, Some(PaymentMethod::Deposit));
    assert!(!settlement.may_pay());
    assert_eq!(sandbox.ledger().len(), 1, "charged once, never again");
    // No waiting was needed: one look showed the payment.
    assert!(client.now().saturating_duration_since(attempted_at) < Duration::from_secs(1));
}

#[tokio::test]
async fn a_payment_cut_before_the_charge_settles_as_not_paid_only_after_the_settle_delay() {
    let sandbox = sandbox(vec![
        SandboxOrder::new("CUT-UNPAID").fault(Fault::CloseAfterRead { charge: false }),
    ])
    .await;
    let client = sandbox.client().unwrap();
    let attempted_at = uncertain_payment(&client, "CUT-UNPAID").await;
    let settlement = client
        .reconcile(Reconcile::order_no("CUT-UNPAID").since(attempted_at))
        .await
        .unwrap();
    let Settlement::NotPaid { order, after, .. } = &settlement else {
        panic!("{settlement}");
    };
    assert_eq!(order.status, OrderStatus::Unpaid);
    assert!(*after >= atlas_pay::DEFAULT_SETTLE_DELAY, "{after:?}");
    assert!(
        client.now().saturating_duration_since(attempted_at) >= atlas_pay::DEFAULT_SETTLE_DELAY
    );
    assert!(settlement.may_pay());
    assert!(sandbox.ledger().is_empty());
    // A new payment is a deliberate new request, and it goes through.
    sandbox.add_order(SandboxOrder::new("CUT-UNPAID").deadline_secs(u64::MAX));
    client
        .pay(PaymentRequest::deposit("CUT-UNPAID"))
        .await
        .unwrap();
    assert_eq!(sandbox.ledger().len(), 1);
}

#[tokio::test]
async fn an_early_unpaid_look_is_never_not_paid() {
    // A payment Atlas is still processing: the order reads unpaid for the
    // first 40 s, then paid. Reconciliation must not conclude "not paid"
    // from the early looks.
    let sandbox = sandbox(vec![SandboxOrder::new("LATE")]).await;
    let client = sandbox.client().unwrap();
    let attempted_at = client.now();
    let late = {
        let client = sandbox.client().unwrap();
        async move {
            while client.now().saturating_duration_since(attempted_at) < Duration::from_secs(40) {
                tokio::task::yield_now().await;
            }
            client.pay(PaymentRequest::deposit("LATE")).await.unwrap();
        }
    };
    let reconcile = client.reconcile(Reconcile::order_no("LATE").since(attempted_at));
    let (settlement, ()) = tokio::join!(reconcile, late);
    let settlement = settlement.unwrap();
    assert!(
        matches!(settlement, Settlement::Paid { .. }),
        "{settlement}"
    );
}

#[tokio::test]
async fn cancelled_orders_and_unknown_orders() {
    let sandbox = sandbox(vec![SandboxOrder::new("GONE").state(OrderState::Cancelled)]).await;
    let client = sandbox.client().unwrap();
    let settlement = client.reconcile("GONE").await.unwrap();
    assert!(
        matches!(settlement, Settlement::Cancelled { .. }),
        "{settlement}"
    );
    assert!(!settlement.may_pay());
    let error = client.reconcile("NO-SUCH-ORDER").await.unwrap_err();
    assert!(error.is_not_found(), "{error}");
    assert_eq!(error.status(), Some(QueryOrderStatus::OrderNotFound));
}

#[tokio::test]
async fn the_budget_runs_out_into_undetermined_with_the_last_look() {
    let sandbox = sandbox(vec![
        SandboxOrder::new("STUCK").query_fault(QueryFault::Timeout { times: u32::MAX }),
    ])
    .await;
    let client = sandbox.client().unwrap();
    let started = client.now();
    let settlement = client.reconcile("STUCK").await.unwrap();
    let Settlement::Undetermined {
        last_seen,
        last_error,
        queries,
    } = &settlement
    else {
        panic!("{settlement}");
    };
    assert!(last_seen.is_none());
    assert_eq!(
        last_error.as_ref().and_then(QueryOrderError::status),
        Some(QueryOrderStatus::Timeout)
    );
    // Atlas's schedule within 120 s: queries at 0, 1, 3, 6, 11, 19, 32, 53, 83, 113 s.
    assert_eq!(*queries, 10);
    // No query starts after the budget; the last one may still take its
    // own retries.
    let spent = client.now().saturating_duration_since(started);
    assert!(
        spent <= atlas_pay::DEFAULT_POLL_BUDGET + QueryRetry::default().max_total_wait(),
        "{spent:?}"
    );
    assert!(
        settlement.to_string().contains("do not pay"),
        "{settlement}"
    );

    // An order that stays unpaid under a settle delay longer than the budget
    // is undetermined too, and carries the last order seen.
    sandbox.add_order(SandboxOrder::new("SLOW-SETTLE"));
    let policy = ReconcilePolicy::default()
        .settle_delay(Duration::from_secs(300))
        .budget(Duration::from_secs(20));
    let settlement = client
        .reconcile(Reconcile::order_no("SLOW-SETTLE").policy(policy))
        .await
        .unwrap();
    let Settlement::Undetermined { last_seen, .. } = &settlement else {
        panic!("{settlement}");
    };
    assert_eq!(
        last_seen.as_ref().map(|o| o.status.clone()),
        Some(OrderStatus::Unpaid)
    );
}

#[tokio::test]
async fn queries_retry_transient_failures_within_their_bound() {
    let sandbox = sandbox(vec![
        SandboxOrder::new("FLAKY").query_fault(QueryFault::Http500 { times: 2 }),
        SandboxOrder::new("BROKEN").query_fault(QueryFault::Http500 { times: 3 }),
        SandboxOrder::new("TIMEOUT-ONCE").query_fault(QueryFault::Timeout { times: 1 }),
    ])
    .await;
    let client = sandbox.client().unwrap();
    let before = client.now();
    let order = client.query_order("FLAKY").await.unwrap();
    assert_eq!(order.order_no, "FLAKY");
    // Two failures, two back-offs: 250 + 500 ms of (virtual) waiting.
    assert_eq!(
        client.now().saturating_duration_since(before),
        Duration::from_millis(750)
    );
    let error = client.query_order("BROKEN").await.unwrap_err();
    assert!(
        matches!(
            error,
            QueryOrderError::Unknown {
                attempts: 3,
                reason: UnknownReason::Http(500),
                ..
            }
        ),
        "{error:?}"
    );
    client.query_order("TIMEOUT-ONCE").await.unwrap();
    // Without retries the first failure is final.
    let once = sandbox
        .client_builder()
        .unwrap()
        .query_retry(QueryRetry::none())
        .build()
        .unwrap();
    sandbox.add_order(SandboxOrder::new("FLAKY").query_fault(QueryFault::Http500 { times: 1 }));
    assert!(once.query_order("FLAKY").await.is_err());
}

#[tokio::test]
async fn a_query_that_cannot_connect_names_the_transport_error_as_its_cause() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = atlas_pay::Client::builder()
        .credentials("id", "secret")
        .environment(atlas_pay::Environment::custom(&url).unwrap())
        .query_retry(QueryRetry::none())
        .build()
        .unwrap();
    let error = client.query_order("T1").await.unwrap_err();
    assert!(
        matches!(error, QueryOrderError::NotDelivered { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(error.is_transient());
    let cause = std::error::Error::source(&error).expect("a cause");
    assert!(cause.is::<reqwest::Error>(), "{cause:?}");
}

#[tokio::test]
async fn the_order_view_follows_the_order_through_ticketing() {
    let sandbox = sandbox(vec![
        SandboxOrder::new("T1").amount(31_250).deadline_secs(1_800),
    ])
    .await;
    let client = sandbox.client().unwrap();
    let unpaid = client.query_order("T1").await.unwrap();
    assert_eq!(unpaid.status, OrderStatus::Unpaid);
    assert_eq!(unpaid.ticket_status, TicketStatus::NotIssued);
    assert_eq!(unpaid.payment_method, None);
    assert!(!unpaid.is_paid());
    assert!(unpaid.airline_pnrs().is_empty());
    let price = unpaid.total_price.as_ref().unwrap();
    assert_eq!((price.amount, price.currency.as_str()), (312.5, "USD"));
    // The deadline is a real instant: the sandbox's start plus 30 minutes.
    let deadline = unpaid.payment_deadline.as_ref().unwrap();
    assert_eq!(
        deadline.at(),
        atlas_pay::test_cards::today_start() + Duration::from_secs(1_800)
    );
    assert_eq!(deadline.as_sent(), "2026-11-26 08:30:00");
    // The typed view was read from the generated answer, kept whole and
    // shared by clones.
    assert_eq!(unpaid.details().order_no.as_deref(), Some("T1"));
    let copy = unpaid.clone();
    assert!(std::ptr::eq(copy.details(), unpaid.details()));

    client.pay(PaymentRequest::byoa("T1")).await.unwrap();
    let paid = client.query_order("T1").await.unwrap();
    assert_eq!(paid.status, OrderStatus::TicketingInProcess);
    assert_eq!(paid.payment_method, Some(PaymentMethod::Byoa));
    assert!(paid.is_paid());
    assert!(
        paid.airline_pnrs().is_empty(),
        "no airline PNR before ticketing"
    );

    sandbox.advance(Duration::from_secs(3_600));
    let ticketed = client.query_order("T1").await.unwrap();
    assert_eq!(ticketed.status, OrderStatus::Ticketed);
    assert_eq!(ticketed.ticket_status, TicketStatus::Issued);
    assert_eq!(ticketed.airline_pnrs().len(), 1);
    assert_eq!(ticketed.passengers()[0].ticket_numbers.len(), 1);
    // By Atlas PNR as well; a PNR of another order does not match.
    let pnr = ticketed.pnr_code.clone().unwrap();
    let by_pnr = client
        .query_order(QueryOrder::pnr_code(&pnr))
        .await
        .unwrap();
    assert_eq!(by_pnr.order_no, "T1");
    sandbox.add_order(SandboxOrder::new("T2"));
    let mismatch = client
        .query_order(QueryOrder::order_no("T2").and_pnr_code(&pnr))
        .await
        .unwrap_err();
    assert_eq!(
        mismatch.status(),
        Some(QueryOrderStatus::ParametersMismatch)
    );
    let nothing = client
        .query_order(QueryOrder::order_no(" "))
        .await
        .unwrap_err();
    assert!(
        matches!(nothing, QueryOrderError::NotSent(QueryOrderRefusal::NoKey)),
        "{nothing:?}"
    );
}

#[tokio::test]
async fn wrong_credentials_are_an_access_error_not_a_retry() {
    let sandbox = sandbox(vec![SandboxOrder::new("A1")]).await;
    let client = sandbox
        .client_builder()
        .unwrap()
        .credentials("sandbox-client-id", "wrong")
        .build()
        .unwrap();
    let before = client.now();
    let error = client.reconcile("A1").await.unwrap_err();
    assert_eq!(
        error.status(),
        Some(QueryOrderStatus::Access(AccessStatus::Unauthorized))
    );
    assert_eq!(client.now(), before, "no waiting on an access error");
}

/// What the sandbox does to one payment and its queries.
#[derive(Debug, Clone)]
struct Schedule {
    pay_fault: Option<Fault>,
    query_fault: Option<QueryFault>,
    advance_secs: u64,
}

fn schedule() -> impl Strategy<Value = Schedule> {
    let pay_fault = prop_oneof![
        Just(None),
        Just(Some(Fault::CloseAfterRead { charge: true })),
        Just(Some(Fault::CloseAfterRead { charge: false })),
        Just(Some(Fault::Http500)),
        Just(Some(Fault::GarbageBody)),
        Just(Some(Fault::UnknownStatus { code: 416 })),
    ];
    let query_fault = prop_oneof![
        Just(None),
        (1u32..6).prop_map(|times| Some(QueryFault::Http500 { times })),
        (1u32..6).prop_map(|times| Some(QueryFault::Timeout { times })),
        Just(Some(QueryFault::Timeout { times: u32::MAX })),
    ];
    (pay_fault, query_fault, 0u64..400).prop_map(|(pay_fault, query_fault, advance_secs)| {
        Schedule {
            pay_fault,
            query_fault,
            advance_secs,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Whatever the sandbox does to the payment and to the queries,
    /// reconciliation never says "not paid" for an order the ledger charged,
    /// and never "paid" for one it did not.
    #[test]
    fn reconciliation_agrees_with_the_ledger(schedules in prop::collection::vec(schedule(), 1..4)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let orders = schedules.iter().enumerate().map(|(i, s)| {
                let mut order = SandboxOrder::new(format!("P{i}")).deadline_secs(u64::MAX);
                if let Some(fault) = s.pay_fault { order = order.fault(fault); }
                if let Some(fault) = s.query_fault { order = order.query_fault(fault); }
                order
            }).collect();
            let sandbox = sandbox(orders).await;
            let client = sandbox.client().unwrap();
            for (i, schedule) in schedules.iter().enumerate() {
                let order_no = format!("P{i}");
                let attempted_at = client.now();
                let _ = client.pay(PaymentRequest::deposit(&order_no)).await;
                sandbox.advance(Duration::from_secs(schedule.advance_secs));
                let charged = sandbox.ledger().iter().any(|c| c.order_no == order_no);
                match client.reconcile(Reconcile::order_no(&order_no).since(attempted_at)).await {
                    Ok(Settlement::NotPaid { .. }) => prop_assert!(!charged, "{schedule:?}: not paid, but charged"),
                    Ok(Settlement::Paid { .. }) => prop_assert!(charged, "{schedule:?}: paid, but not charged"),
                    Ok(Settlement::Undetermined { .. }) => {}
                    Ok(other) => prop_assert!(false, "{schedule:?}: {other}"),
                    Err(error) => prop_assert!(false, "{schedule:?}: {error}"),
                }
            }
            Ok(())
        })?;
    }
}
