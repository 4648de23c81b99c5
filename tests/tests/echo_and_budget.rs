//! An answer about another order never settles this one, whichever key the
//! caller asked by; reconciliation's budget bounds its queries, even when
//! each one hangs; and an answer lacking a field no decision reads still
//! settles a paid payment.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::time::{Duration, Instant};

use atlas_pay::{
    Client, Environment, QueryOrder, QueryOrderError, Reconcile, ReconcilePolicy, Settlement,
    UnknownReason,
};
use httpmock::MockServer;

/// Atlas's reference answer (the sandbox's template), unpaid, about order
/// `order_no` with Atlas PNR `pnr`.
fn answer(order_no: &str, pnr: &str) -> String {
    let mut answer: serde_json::Value = serde_json::from_str(include_str!(
        "../../atlas-pay/src/sandbox/query_answer.json"
    ))
    .unwrap();
    answer["orderNo"] = order_no.into();
    answer["pnrCode"] = pnr.into();
    answer["orderStatus"] = "0".into();
    answer["paymentMethod"] = serde_json::Value::Null;
    answer["paymentAttempted"] = serde_json::Value::Null;
    answer.to_string()
}

fn client(url: &str) -> Client {
    Client::builder()
        .credentials("id", "secret")
        .environment(Environment::custom(url).unwrap())
        .build()
        .unwrap()
}

/// A server answering every order query with `body`, after `delay`.
async fn answering_after(delay: Duration, body: String) -> MockServer {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("POST").path("/queryOrderDetails.do");
            then.status(200)
                .header("content-type", "application/json")
                .delay(delay)
                .body(body);
        })
        .await;
    server
}

/// A server answering every order query with `body` at once.
async fn answering(body: String) -> MockServer {
    answering_after(Duration::ZERO, body).await
}

/// Settles on the first look: no settle delay, a short budget.
fn eager() -> ReconcilePolicy {
    ReconcilePolicy::default()
        .settle_delay(Duration::ZERO)
        .budget(Duration::from_millis(300))
        .schedule([Duration::from_millis(50)])
}

#[tokio::test]
async fn an_answer_about_another_pnr_is_an_error_and_never_not_paid() {
    let server = answering(answer("ORDER-OTHER", "ZZZ999")).await;
    let client = client(&server.base_url());

    let error = client
        .query_order(QueryOrder::pnr_code("ABC123"))
        .await
        .expect_err("another order's answer");
    assert!(
        matches!(
            &error,
            QueryOrderError::Unknown {
                reason: UnknownReason::EchoMismatch { field: "pnrCode", echoed: Some(pnr) },
                ..
            } if pnr == "ZZZ999"
        ),
        "{error:?}"
    );
    // By order number and PNR: the order number matches, the PNR does not.
    let error = client
        .query_order(QueryOrder::order_no("ORDER-OTHER").and_pnr_code("ABC123"))
        .await
        .expect_err("the PNR differs");
    assert!(
        matches!(
            error,
            QueryOrderError::Unknown {
                reason: UnknownReason::EchoMismatch {
                    field: "pnrCode",
                    ..
                },
                ..
            }
        ),
        "{error:?}"
    );

    // The same unpaid reading about another order never says "pay again".
    let settlement = client
        .reconcile(Reconcile::query(QueryOrder::pnr_code("ABC123")).policy(eager()))
        .await
        .unwrap();
    assert!(
        matches!(settlement, Settlement::Undetermined { .. }),
        "{settlement}"
    );
    assert!(!settlement.may_pay());

    // Asked about its own PNR, the same reading settles.
    let settlement = client
        .reconcile(Reconcile::query(QueryOrder::pnr_code("ZZZ999")).policy(eager()))
        .await
        .unwrap();
    assert!(settlement.may_pay(), "{settlement}");
}

#[tokio::test]
async fn reconciliation_never_outlives_its_budget_when_queries_hang() {
    let server = answering_after(Duration::from_secs(5), answer("SLOW-1", "SLOW01")).await;
    // The client's own timeout is two minutes; the budget is 400 ms.
    let client = client(&server.base_url());
    let started = Instant::now();
    let settlement = client
        .reconcile(
            Reconcile::order_no("SLOW-1").policy(
                ReconcilePolicy::default()
                    .budget(Duration::from_millis(400))
                    .schedule([Duration::from_millis(50)]),
            ),
        )
        .await
        .unwrap();
    let took = started.elapsed();
    assert!(
        matches!(settlement, Settlement::Undetermined { .. }),
        "{settlement}"
    );
    assert!(took < Duration::from_millis(1_500), "took {took:?}");
}

/// Tolerant answers, strict decisions: an order-query answer that lacks a
/// field no decision reads (the overlay relaxes each, with its reason) still
/// settles a paid payment as paid.
#[tokio::test]
async fn a_paid_order_whose_answer_lacks_a_field_no_decision_reads_settles_as_paid() {
    for (list, field) in [
        ("paxTicketInfos", "birthday"),
        ("paxTicketInfos", "gender"),
        ("paxTicketInfos", "ticketNos"),
        ("paxTicketInfos", "airlinePNRs"),
        ("airlineBookings", "mmbEmail"),
    ] {
        let mut paid: serde_json::Value =
            serde_json::from_str(&answer("ORDER-PAID", "PAID01")).unwrap();
        paid["orderStatus"] = "1".into();
        paid["paymentMethod"] = 1.into();
        for item in paid[list].as_array_mut().unwrap() {
            assert!(item.as_object_mut().unwrap().remove(field).is_some());
        }
        let server = answering(paid.to_string()).await;
        let settlement = client(&server.base_url())
            .reconcile(Reconcile::order_no("ORDER-PAID").policy(eager()))
            .await
            .unwrap_or_else(|e| panic!("without {list}[].{field}: {e}"));
        assert!(
            matches!(settlement, Settlement::Paid { .. }),
            "without {list}[].{field}: {settlement}"
        );
    }
}
