//! `Client::pay` against local servers on 127.0.0.1: every answer Atlas
//! documents, and every way a transport can fail, each asserted by the
//! error's class (where the payment stands), not only by failing.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::io::Write;
use std::time::Duration;

use atlas_pay::test_cards::ORDER;
use atlas_pay::{
    AccessStatus, Client, Delivery, Environment, MAX_ANSWER_BYTES, OrderFacts, PayError,
    PayRefusal, PayStatus, PaymentMethod, PaymentRequest, UnknownReason,
};
use atlas_pay_gen::mock::MockServerExt;
use atlas_pay_test_support::raw_server::{Behaviour, RawServer};
use httpmock::MockServer;
use serde_json::json;

fn client(base_url: &str) -> Client {
    client_with_timeout(base_url, Duration::from_secs(10))
}

fn client_with_timeout(base_url: &str, timeout: Duration) -> Client {
    Client::builder()
        .credentials("test-id", "test-secret")
        .environment(Environment::custom(base_url).unwrap())
        .timeout(timeout)
        .build()
        .unwrap()
}

fn vcc() -> PaymentRequest {
    PaymentRequest::vcc_passthrough(ORDER, atlas_pay::test_cards::visa().unwrap())
}

/// A server answering every pay.do call with HTTP 200 and `body`.
async fn answering(body: serde_json::Value) -> MockServer {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method(httpmock::Method::POST).path("/pay.do");
        then.status(200)
            .header("content-type", "application/json")
            .json_body(body);
    });
    server
}

/// A server answering every pay.do call with `status`, `content_type` and `body` as given.
async fn serving(status: u16, content_type: &str, body: &str) -> MockServer {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.path("/pay.do");
        then.status(status)
            .header("content-type", content_type)
            .body(body);
    });
    server
}

/// Asserts an unknown outcome for `reason`: the payment may have happened, so
/// it is not safe to send again.
fn assert_unknown(error: &PayError, reason: UnknownReason) {
    assert!(
        matches!(error, PayError::Unknown { reason: r, .. } if *r == reason),
        "expected {reason:?}: {error:?}"
    );
    assert_eq!(error.delivery(), Delivery::Unknown, "{error:?}");
    assert!(!error.is_safe_to_resend(), "{error:?}");
}

/// Pays a VCC request against `server` and expects a failure.
async fn failure(server: &MockServer) -> PayError {
    client(&server.base_url())
        .pay(vcc())
        .await
        .expect_err("a failure")
}

#[tokio::test]
async fn status_zero_is_a_payment_and_the_request_carries_credentials_not_api_version() {
    let server = MockServer::start_async().await;
    let response: atlas_pay_gen::types::PayResponse = serde_json::from_value(json!({
        "orderNo": ORDER, "pnrCode": "SOVID9", "paymentMethod": 3,
        "airlines": ["5J"], "status": 0, "msg": "success"
    }))
    .unwrap();
    let mock = server.pay(|when, then| {
        when.into_inner()
            .header("x-atlas-client-id", "test-id")
            .header("x-atlas-client-secret", "test-secret")
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .header_missing("api-version")
            .json_body_includes(
                json!({"orderNo": ORDER, "paymentMethod": 3, "creditCard": {"cardNumber": "4532015112830366", "cardCVV": "123", "cardExpireMonth": "12", "cardExpireYear": "30"}}).to_string(),
            );
        then.ok(&response);
    });

    let paid = client(&server.base_url()).pay(vcc()).await.expect("paid");

    mock.assert_async().await;
    assert_eq!(paid.order_no, ORDER);
    assert_eq!(paid.method, PaymentMethod::VccPassthrough);
    assert_eq!(paid.pnr_code.as_deref(), Some("SOVID9"));
    assert_eq!(paid.airlines, vec!["5J".to_owned()]);
}

/// What a dependent's test does: match the request on the exact body
/// `into_body` gives, through the generated mock helpers.
#[tokio::test]
async fn into_body_is_exactly_what_pay_sends() {
    let server = MockServer::start_async().await;
    let expected = vcc().client_order_no("shop-1").into_body().expect("valid");
    let response: atlas_pay_gen::types::PayResponse =
        serde_json::from_value(json!({"orderNo": ORDER, "status": 0})).unwrap();
    let mock = server.pay(|when, then| {
        then.ok(&response);
        when.body(&expected);
    });

    client(&server.base_url())
        .pay(vcc().client_order_no("shop-1"))
        .await
        .expect("paid");

    mock.assert_async().await;
    // A different request does not match that body.
    let other = client(&server.base_url())
        .pay(vcc().client_order_no("shop-2"))
        .await
        .expect_err("no mock matches");
    assert_eq!(other.delivery(), Delivery::Unknown, "{other:?}");
}

#[tokio::test]
async fn every_documented_status_is_answered_with_its_meaning() {
    let documented = [
        400, 401, 402, 403, 404, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 604, 615, 616,
        617, 633, 900, 901, 902, 9999, -1,
    ];
    for code in documented {
        let server = answering(
            json!({"status": code, "msg": "vendor text", "orderNo": ORDER, "paymentMethod": 3}),
        )
        .await;
        let error = client(&server.base_url())
            .pay(vcc())
            .await
            .expect_err("a failure");
        let status = PayStatus::from_code(code);
        assert!(
            matches!(&error, PayError::Answered { status: s, message: Some(m) } if *s == status && m.as_str() == "vendor text"),
            "{code}: {error:?}"
        );
        assert_eq!(error.delivery(), Delivery::Answered, "{code}");
        assert_eq!(
            error.is_safe_to_resend(),
            status.proves_no_charge(),
            "{code}"
        );
        assert!(
            error.to_string().contains(&code.to_string()),
            "{code}: {error}"
        );
    }
}

#[tokio::test]
async fn already_paid_and_in_progress_say_do_not_resend() {
    for code in [404, 406] {
        let server = answering(json!({"status": code})).await;
        let error = client(&server.base_url())
            .pay(vcc())
            .await
            .expect_err("a failure");
        assert!(!error.is_safe_to_resend(), "{code}");
        assert!(error.to_string().contains("do not send"), "{error}");
    }
}

#[tokio::test]
async fn an_unknown_status_is_kept_and_makes_the_outcome_unknown() {
    let server = answering(json!({"status": 416, "msg": "new rule", "orderNo": ORDER})).await;
    let error = failure(&server).await;
    assert!(
        matches!(
            error,
            PayError::Answered {
                status: PayStatus::Other(416),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.delivery(), Delivery::Unknown);
    assert!(!error.is_safe_to_resend());
}

#[tokio::test]
async fn http_500_with_an_html_body_is_an_unknown_outcome() {
    let server = serving(
        500,
        "text/html",
        "<html><body>Internal Server Error</body></html>",
    )
    .await;
    let error = failure(&server).await;
    assert_unknown(&error, UnknownReason::Http(500));
}

#[tokio::test]
async fn a_non_200_answer_carrying_an_atlas_status_is_read() {
    let server = serving(
        401,
        "application/json",
        r#"{"status":900,"msg":"unauthorized"}"#,
    )
    .await;
    let error = failure(&server).await;
    assert_eq!(
        error.status(),
        Some(PayStatus::Access(AccessStatus::Unauthorized)),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_truncated_json_body_is_an_unknown_outcome() {
    let server = serving(200, "application/json", r#"{"status":0,"orderNo":"AFKM"#).await;
    let error = failure(&server).await;
    assert_unknown(&error, UnknownReason::UndecodableBody);
}

#[tokio::test]
async fn a_gzip_compressed_answer_is_decompressed() {
    let body =
        json!({"status": 0, "msg": "success", "orderNo": ORDER, "paymentMethod": 1}).to_string();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body.as_bytes()).unwrap();
    let compressed = encoder.finish().unwrap();
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.path("/pay.do").header("accept-encoding", "gzip");
        then.status(200)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(compressed);
    });
    let paid = client(&server.base_url())
        .pay(PaymentRequest::deposit(ORDER))
        .await
        .expect("paid");
    mock.assert_async().await;
    assert_eq!(paid.method, PaymentMethod::Deposit);
}

/// A success answer padded with `padding` spaces: valid JSON, just long.
fn padded_success(padding: usize) -> String {
    let mut body = json!({"status": 0, "orderNo": ORDER, "paymentMethod": 1}).to_string();
    body.insert_str(1, &" ".repeat(padding));
    body
}

#[tokio::test]
async fn an_answer_longer_than_the_limit_is_not_read_to_the_end() {
    // Just under the limit still decodes.
    let fits = serving(
        200,
        "application/json",
        &padded_success(MAX_ANSWER_BYTES - 100),
    )
    .await;
    client(&fits.base_url())
        .pay(PaymentRequest::deposit(ORDER))
        .await
        .expect("a long answer within the limit is read");
    // Announced by Content-Length, or only found out while reading.
    let announced = serving(
        200,
        "application/json",
        &padded_success(MAX_ANSWER_BYTES + 1),
    )
    .await;
    let error = failure(&announced).await;
    assert_unknown(&error, UnknownReason::OversizedBody);
}

#[tokio::test]
async fn a_gzip_bomb_is_cut_off_at_the_limit() {
    // 16 MiB of JSON whitespace compresses to a few kilobytes; reqwest drops
    // Content-Length when it decompresses, so only the reading loop can stop it.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(padded_success(16 * MAX_ANSWER_BYTES).as_bytes())
        .unwrap();
    let compressed = encoder.finish().unwrap();
    assert!(compressed.len() < MAX_ANSWER_BYTES / 10);
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.path("/pay.do");
        then.status(200)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(compressed);
    });
    let error = failure(&server).await;
    assert_unknown(&error, UnknownReason::OversizedBody);
}

#[tokio::test]
async fn success_for_another_order_is_an_unknown_outcome() {
    let server =
        answering(json!({"status": 0, "orderNo": "SOMEONE-ELSE", "paymentMethod": 1})).await;
    let error = client(&server.base_url())
        .pay(PaymentRequest::deposit(ORDER))
        .await
        .expect_err("a failure");
    assert!(
        matches!(&error, PayError::Unknown { reason: UnknownReason::EchoMismatch { echoed: Some(o), .. }, .. } if o == "SOMEONE-ELSE"),
        "{error:?}"
    );
    assert!(!error.is_safe_to_resend());
}

#[tokio::test]
async fn an_unknown_echoed_method_still_decodes() {
    let server = answering(json!({"status": 0, "orderNo": ORDER, "paymentMethod": 7})).await;
    let paid = client(&server.base_url())
        .pay(PaymentRequest::deposit(ORDER))
        .await
        .expect("paid");
    assert_eq!(paid.method, PaymentMethod::Unknown(7));
}

#[tokio::test]
async fn a_server_that_never_answers_is_an_unknown_outcome_and_is_not_retried() {
    let server = RawServer::start(Behaviour::NeverAnswer).await.unwrap();
    let client = client_with_timeout(&server.url, Duration::from_millis(300));
    let error = client.pay(vcc()).await.expect_err("a failure");
    assert_unknown(&error, UnknownReason::Timeout);
    assert_eq!(server.requests(), 1, "the payment was sent exactly once");
}

#[tokio::test]
async fn a_connection_closed_after_the_request_was_read_is_an_unknown_outcome() {
    let server = RawServer::start(Behaviour::CloseAfterRequest)
        .await
        .unwrap();
    let error = client(&server.url).pay(vcc()).await.expect_err("a failure");
    assert_unknown(&error, UnknownReason::ConnectionLost);
    assert_eq!(server.requests(), 1, "the payment was sent exactly once");
}

#[tokio::test]
async fn a_refused_connection_is_not_delivered_and_safe_to_resend() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = client(&url).pay(vcc()).await.expect_err("a failure");
    assert!(matches!(error, PayError::NotDelivered { .. }), "{error:?}");
    assert_eq!(error.delivery(), Delivery::NotDelivered);
    assert!(error.is_safe_to_resend());
    let cause = std::error::Error::source(&error).expect("the transport error is the cause");
    assert!(cause.is::<reqwest::Error>(), "{cause:?}");
}

#[tokio::test]
async fn a_request_atlas_would_refuse_never_leaves_the_process() {
    let server = RawServer::start(Behaviour::Json(b"{\"status\":0}".to_vec()))
        .await
        .unwrap();
    let deposit_only =
        OrderFacts::new().support_credit_trans_payment(atlas_pay::CreditTransPayment::DepositOnly);
    let error = client(&server.url)
        .pay(vcc().order_facts(deposit_only))
        .await
        .expect_err("a failure");
    assert!(
        matches!(
            error,
            PayError::NotSent(PayRefusal::MethodNotAllowedForOrder { .. })
        ),
        "{error:?}"
    );
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert_eq!(server.requests(), 0, "nothing was sent");
    let cause = std::error::Error::source(&error).expect("the refusal is the cause");
    assert_eq!(
        cause.downcast_ref::<PayRefusal>(),
        Some(&PayRefusal::MethodNotAllowedForOrder {
            method: PaymentMethod::VccPassthrough
        })
    );
    assert!(
        error.to_string().starts_with("payment not sent: "),
        "{error}"
    );
}

#[tokio::test]
async fn the_accept_header_can_be_changed_or_left_to_the_http_client() {
    for (accept, expected) in [
        (Some("application/json;q=1.0"), "application/json;q=1.0"),
        (None, "*/*"),
    ] {
        let server = MockServer::start_async().await;
        let mock = server.mock(|when, then| {
            when.path("/pay.do").header("accept", expected);
            then.status(200)
                .header("content-type", "application/json")
                .body(format!(r#"{{"status":0,"orderNo":"{ORDER}"}}"#));
        });
        let client = Client::builder()
            .credentials("id", "secret")
            .environment(Environment::custom(&server.base_url()).unwrap())
            .accept(accept)
            .build()
            .unwrap();
        client
            .pay(PaymentRequest::deposit(ORDER))
            .await
            .expect("paid");
        mock.assert_async().await;
    }
}
