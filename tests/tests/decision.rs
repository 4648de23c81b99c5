//! The README's payment decision (`pay_and_decide`, between the
//! `decide: begin` and `decide: end` lines, copied here verbatim and held
//! to the README by the first test) run against the sandbox for every
//! status the sandbox can produce, and checked against the README's table:
//! every "look the order up" status is reconciled, and a 411 on a deposit
//! payment ends in "check the balance", never in "pay again".

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::time::Duration;

use atlas_pay::sandbox::{DECLINED_HOLDER, Sandbox, SandboxOrder, THREE_DS_HOLDER};
use atlas_pay::{
    Card, Client, CreditTransPayment, Environment, Expiry, NextStep, OrderFacts, PaymentRequest,
    Reconcile, Settlement, test_cards,
};

/// What the service does with an order after one payment attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Paid: never pay it again.
    Paid,
    /// Nothing was charged and the same payment can succeed: send a new request.
    PayAgain,
    /// Correct the request (the error names what), then pay.
    FixRequest,
    /// Pay with another card or method.
    ChangeCardOrMethod,
    /// Change something first (top the deposit up, confirm the order, credentials), then pay.
    ChangeConditionFirst,
    /// This order can no longer be paid: create a new one.
    NewOrder,
    /// Not settled: do not pay; look again later or hand it to a human.
    HandToHuman,
}

// decide: begin
/// Pays once and decides on `next_step()` alone: every "look the order up" answer is settled
/// on the order (never resent blindly), and a settlement says what its failure requires.
pub async fn pay_and_decide(
    client: &Client,
    request: PaymentRequest,
) -> Result<Decision, Box<dyn std::error::Error>> {
    let (order_no, method) = (request.order_no().to_owned(), request.method());
    let attempted_at = client.now(); // on the client's own clock
    let error = match client.pay(request).await {
        Ok(_) => return Ok(Decision::Paid),
        Err(error) => error,
    };
    let step = match error.next_step() {
        // The money may have moved (timeout, 402, 404, 406, 411, 615, 9999, …): settle it.
        NextStep::LookUpOrder | NextStep::NeverPayAgain => {
            let reconcile = Reconcile::order_no(order_no)
                .since(attempted_at)
                .after(&error)
                .paid_by(method);
            match client.reconcile(reconcile).await? {
                Settlement::Paid { .. } => return Ok(Decision::Paid),
                settlement => settlement.next_step(), // not paid: what it needs; else hand over
            }
        }
        step => step,
    };
    Ok(match step {
        NextStep::SendAgain => Decision::PayAgain,
        NextStep::FixRequest => Decision::FixRequest,
        NextStep::ChangeCardOrMethod => Decision::ChangeCardOrMethod,
        NextStep::ChangeConditionFirst => Decision::ChangeConditionFirst,
        NextStep::NewOrder => Decision::NewOrder,
        NextStep::NeverPayAgain => Decision::Paid,
        _ => Decision::HandToHuman,
    })
}
// decide: end

/// The text between `// decide: begin` and `// decide: end` in `text`.
fn decision_code(text: &str) -> &str {
    let start = text.find("// decide: begin").expect("begin marker");
    let end = text.find("// decide: end").expect("end marker");
    &text[start..end]
}

#[test]
fn this_is_the_readmes_decision_code() {
    let readme = include_str!("../../README.md");
    let here = include_str!("decision.rs");
    assert_eq!(
        decision_code(here),
        decision_code(readme),
        "the README's pay_and_decide changed: copy it here"
    );
}

fn card_with_holder(number: &str, cvv: &str, first: &str) -> Card {
    Card::builder(number.parse().unwrap())
        .expiry(Expiry::new(12, 2031).unwrap())
        .cvv(cvv.parse().unwrap())
        .holder(first, "Lovelace")
        .as_of(test_cards::today())
        .build()
        .unwrap()
}

fn visa() -> Card {
    card_with_holder(test_cards::VISA, "123", "Ada")
}

#[tokio::test]
async fn the_readmes_decision_does_what_the_table_says_for_every_sandbox_status() {
    let sandbox = Sandbox::builder()
        .with_default_orders()
        .orders([
            SandboxOrder::new("REPEAT-1"),
            SandboxOrder::new("DECLINE-1"),
            SandboxOrder::new("3DS-1"),
        ])
        .start_time(test_cards::today_start())
        .start()
        .await
        .unwrap();
    let client = sandbox.client().unwrap();
    let deposit_only =
        OrderFacts::new().support_credit_trans_payment(CreditTransPayment::DepositOnly);
    use Decision::*;
    let cases: Vec<(&str, PaymentRequest, Decision)> = vec![
        (
            "0 paid",
            PaymentRequest::vcc_passthrough("SBX-DEMO-001", visa()),
            Paid,
        ),
        // Refused before sending as Atlas would refuse it (403): the same next step.
        (
            "403 mirrored",
            PaymentRequest::vcc_passthrough("SBX-DEPOSIT-ONLY-403", visa())
                .order_facts(deposit_only),
            ChangeCardOrMethod,
        ),
        (
            "403",
            PaymentRequest::vcc_passthrough("SBX-DEPOSIT-ONLY-403", visa()),
            ChangeCardOrMethod,
        ),
        ("401", PaymentRequest::deposit("SBX-EXPIRED-401"), NewOrder),
        // 402: look the order up; it is ticketed (paid) or cancelled.
        (
            "402 ticketed",
            PaymentRequest::deposit("SBX-TICKETED-402"),
            Paid,
        ),
        (
            "402 cancelled",
            PaymentRequest::deposit("SBX-CANCELLED-402"),
            NewOrder,
        ),
        (
            "407",
            PaymentRequest::deposit("SBX-PASSENGER-407"),
            FixRequest,
        ),
        ("408", PaymentRequest::deposit("SBX-CHILD-408"), NewOrder),
        (
            "409",
            PaymentRequest::deposit("SBX-BAGGAGE-409"),
            FixRequest,
        ),
        (
            "410",
            PaymentRequest::deposit("SBX-CONTACT-410"),
            FixRequest,
        ),
        // 411 on a deposit payment: reconciled, not paid, and the balance comes first.
        (
            "411",
            PaymentRequest::deposit("SBX-EXPENSIVE-411"),
            ChangeConditionFirst,
        ),
        (
            "412",
            PaymentRequest::deposit("SBX-NO-METHODS-412"),
            ChangeCardOrMethod,
        ),
        (
            "414",
            PaymentRequest::vcc_passthrough("SBX-AMEX-414", visa()),
            ChangeCardOrMethod,
        ),
        (
            "415",
            PaymentRequest::deposit("SBX-UNCONFIRMED-415"),
            ChangeConditionFirst,
        ),
        (
            "604",
            PaymentRequest::vcc_passthrough(
                "DECLINE-1",
                card_with_holder(test_cards::VISA, "123", DECLINED_HOLDER),
            ),
            ChangeCardOrMethod,
        ),
        (
            "616",
            PaymentRequest::vcc_passthrough(
                "3DS-1",
                card_with_holder(test_cards::VISA, "123", THREE_DS_HOLDER),
            ),
            ChangeCardOrMethod,
        ),
        // Outcome unknown: reconciled; nothing charged, so the same payment can succeed.
        (
            "416 undocumented",
            PaymentRequest::deposit("SBX-STATUS-416"),
            PayAgain,
        ),
        (
            "HTTP 500",
            PaymentRequest::deposit("SBX-HTTP-500"),
            PayAgain,
        ),
        (
            "garbage body",
            PaymentRequest::deposit("SBX-GARBAGE"),
            PayAgain,
        ),
        (
            "cut after charging",
            PaymentRequest::deposit("SBX-CUT-CHARGED"),
            Paid,
        ),
        (
            "cut before charging",
            PaymentRequest::deposit("SBX-CUT-UNCHARGED"),
            PayAgain,
        ),
        (
            "first of a repeat",
            PaymentRequest::deposit("REPEAT-1"),
            Paid,
        ),
        // 406: in progress; reconciled to paid.
        ("406", PaymentRequest::deposit("REPEAT-1"), Paid),
    ];
    for (what, request, expected) in cases {
        let decision = pay_and_decide(&client, request).await.unwrap();
        assert_eq!(decision, expected, "{what}");
    }
    // 404 once the payment left "in progress": reconciled to paid, never paid again.
    sandbox.advance(Duration::from_secs(120));
    let decision = pay_and_decide(&client, PaymentRequest::deposit("REPEAT-1"))
        .await
        .unwrap();
    assert_eq!(decision, Paid, "404");
    // 900: the credentials.
    let stranger = Client::builder()
        .credentials("someone", "else")
        .environment(Environment::custom(sandbox.base_url()).unwrap())
        .clock(sandbox.clock())
        .build()
        .unwrap();
    let decision = pay_and_decide(&stranger, PaymentRequest::deposit("SBX-DEMO-003"))
        .await
        .unwrap();
    assert_eq!(decision, ChangeConditionFirst, "900");
    // Nothing was ever charged twice.
    let mut charged: Vec<String> = sandbox.ledger().into_iter().map(|c| c.order_no).collect();
    let all = charged.len();
    charged.dedup();
    assert_eq!(charged.len(), all, "{charged:?}");
}

#[tokio::test]
async fn a_settlement_after_411_on_a_deposit_payment_says_check_the_balance() {
    let sandbox = Sandbox::builder()
        .order(SandboxOrder::new("BIG-1").amount(2_000_000))
        .start_time(test_cards::today_start())
        .start()
        .await
        .unwrap();
    let client = sandbox.client().unwrap();
    let attempted_at = client.now();
    let request = PaymentRequest::deposit("BIG-1");
    let method = request.method();
    let error = client.pay(request).await.unwrap_err();
    assert_eq!(error.next_step(), NextStep::LookUpOrder);
    let settlement = client
        .reconcile(
            Reconcile::order_no("BIG-1")
                .since(attempted_at)
                .after(&error)
                .paid_by(method),
        )
        .await
        .unwrap();
    assert!(
        matches!(settlement, Settlement::NotPaid { .. }),
        "{settlement}"
    );
    assert_eq!(settlement.next_step(), NextStep::ChangeConditionFirst);
    let text = settlement.to_string();
    assert!(text.contains("check the deposit balance"), "{text}");
    assert!(!text.contains("a new payment is safe"), "{text}");
    // Without saying why it failed, the same reading is "a new payment is safe".
    let plain = client
        .reconcile(Reconcile::order_no("BIG-1").since(attempted_at))
        .await
        .unwrap();
    assert_eq!(plain.next_step(), NextStep::SendAgain);
}

#[tokio::test]
async fn an_attempt_time_from_another_clock_is_refused() {
    let sandbox = Sandbox::builder()
        .order(SandboxOrder::new("T-1"))
        .start_time(test_cards::today_start())
        .start()
        .await
        .unwrap();
    let sandbox_client = sandbox.client().unwrap();
    let real_clock_client = Client::builder()
        .credentials("a", "b")
        .environment(Environment::custom(sandbox.base_url()).unwrap())
        .build()
        .unwrap();
    let real_now = real_clock_client.now();
    let error = sandbox_client
        .reconcile(Reconcile::order_no("T-1").since(real_now))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("another client's clock"),
        "{error}"
    );
    // Clients of one sandbox share its clock.
    let other = sandbox.client().unwrap();
    assert!(
        other
            .reconcile(Reconcile::order_no("T-1").since(sandbox_client.now()))
            .await
            .is_ok()
    );
}
