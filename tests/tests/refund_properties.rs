//! Never refunded twice: a property test over random faults of `refund.do`.
//!
//! Each case seeds a ticketed order whose refund submissions get a random
//! fault (a delay, HTTP 500, a cut before or after the refund was filed, a
//! body that is not JSON, a status nobody documents), once or always. A
//! service that follows the crate's advice quotes, submits, resubmits only
//! what was never delivered, settles an unknown outcome with
//! `reconcile_refund` and follows the refund to its end. Whatever the
//! fault, the sandbox files at most one refund that pays back, the deposit
//! comes back at most once, and a cut after the refund was filed is never
//! resubmitted.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::time::Duration;

use atlas_pay::sandbox::{Fault, OrderState, Sandbox, SandboxOrder};
use atlas_pay::{
    Delivery, FollowRefund, ReconcilePolicy, ReconcileRefund, RefundQuotation, RefundReason,
    RefundRequest, RefundSettlement, test_cards,
};
use proptest::prelude::*;

fn fault() -> impl Strategy<Value = Option<Fault>> {
    prop_oneof![
        Just(None),
        (0u64..30).prop_map(|ms| Some(Fault::Delay { ms })),
        Just(Some(Fault::Http500)),
        any::<bool>().prop_map(|charge| Some(Fault::CloseAfterRead { charge })),
        Just(Some(Fault::GarbageBody)),
        prop_oneof![Just(2i64), Just(400), Just(9999), Just(-1), 1_000i64..2_000]
            .prop_map(|code| Some(Fault::UnknownStatus { code })),
    ]
}

/// What one case ended in.
#[derive(Debug)]
struct Ran {
    filed: usize,
    paying: usize,
    submissions: u32,
    deposit_before: u64,
    deposit_after: u64,
}

async fn run(fault: Option<Fault>, once: bool, by_offer: bool) -> Ran {
    let mut order = SandboxOrder::new("P-1").state(OrderState::Ticketed);
    if let Some(fault) = fault {
        order = if once {
            order.refund_fault_once(fault)
        } else {
            order.refund_fault(fault)
        };
    }
    let sandbox = Sandbox::builder()
        .order(order)
        .start_time(test_cards::today_start())
        .start()
        .await
        .unwrap();
    // A cut answer must not hold the test: a short timeout.
    let client = sandbox
        .client_builder()
        .unwrap()
        .timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let deposit_before = sandbox.default_deposit();
    let scope = client
        .query_order("P-1")
        .await
        .unwrap()
        .refund_scope(RefundReason::Voluntary)
        .unwrap();
    let offer = if by_offer {
        let quotation = client
            .refund_quotation(RefundQuotation::new("P-1", scope.clone()))
            .await
            .unwrap();
        quotation.offer_id
    } else {
        None
    };
    // A request is consumed by `refund`: each submission is built anew.
    let request = || match &offer {
        Some(offer) => RefundRequest::offer("P-1", offer),
        None => RefundRequest::tickets("P-1", scope.clone()),
    };
    let mut submissions = 0;
    let mut code = None;
    // The crate's advice: submit again only what never reached Atlas.
    loop {
        submissions += 1;
        match client.refund(request()).await {
            Ok(submitted) => {
                code = Some(submitted.refund_code);
                break;
            }
            Err(error) if error.delivery() == Delivery::NotDelivered && submissions < 3 => {}
            Err(error) => {
                assert_ne!(error.delivery(), Delivery::NotSent, "{error}");
                let settled = client
                    .reconcile_refund(ReconcileRefund::new("P-1"))
                    .await
                    .unwrap();
                if let RefundSettlement::Submitted { refund } = settled {
                    code = Some(refund.refund_code.clone());
                }
                break;
            }
        }
    }
    let patient = ReconcilePolicy::default()
        .schedule([Duration::from_secs(10 * 60)])
        .budget(Duration::from_secs(4 * 60 * 60));
    if let Some(code) = code {
        client
            .follow_refund(FollowRefund::new("P-1", code).policy(patient))
            .await
            .unwrap();
    } else {
        // Let whatever was filed end on the sandbox clock.
        sandbox.advance(Duration::from_secs(4 * 60 * 60));
    }
    let refunds = sandbox.refunds();
    Ran {
        filed: refunds.len(),
        paying: refunds.iter().filter(|r| r.pays_back).count(),
        submissions,
        deposit_before,
        deposit_after: sandbox.default_deposit(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_fault_makes_a_refund_twice(fault in fault(), once in any::<bool>(), by_offer in any::<bool>()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let ran = runtime.block_on(run(fault, once, by_offer));
        prop_assert!(ran.filed <= 1, "{fault:?}: {ran:?}");
        prop_assert!(ran.paying <= 1, "{fault:?}: {ran:?}");
        // The order was ticketed from the start (paid outside the sandbox):
        // a refund brings back nothing that the sandbox's deposit paid.
        prop_assert_eq!(ran.deposit_after, ran.deposit_before);
        if let Some(Fault::CloseAfterRead { charge: true }) = fault {
            prop_assert_eq!(ran.submissions, 1, "a cut after filing is never resubmitted");
            prop_assert_eq!(ran.filed, 1);
        }
        if fault.is_none() || matches!(fault, Some(Fault::Delay { .. })) {
            prop_assert_eq!(ran.paying, 1, "{:?}", ran);
        }
    }
}

/// The same, for a deposit-paid order: the deposit comes back exactly once
/// when a cut hides a filed refund and nobody submits again.
#[tokio::test]
async fn a_hidden_refund_of_a_deposit_payment_pays_back_once() {
    let sandbox = Sandbox::builder()
        .order(SandboxOrder::new("H-1").refund_fault(Fault::CloseAfterRead { charge: true }))
        .start_time(test_cards::today_start())
        .start()
        .await
        .unwrap();
    let client = sandbox
        .client_builder()
        .unwrap()
        .timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let before = sandbox.default_deposit();
    client
        .pay(atlas_pay::PaymentRequest::deposit("H-1"))
        .await
        .unwrap();
    sandbox.advance(Duration::from_secs(10 * 60));
    let scope = client
        .query_order("H-1")
        .await
        .unwrap()
        .refund_scope(RefundReason::Voluntary)
        .unwrap();
    let error = client
        .refund(RefundRequest::tickets("H-1", scope))
        .await
        .unwrap_err();
    assert_eq!(error.delivery(), Delivery::Unknown);
    sandbox.advance(Duration::from_secs(4 * 60 * 60));
    assert_eq!(sandbox.default_deposit(), before);
    let refunds = sandbox.refunds();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].state, 2);
}
