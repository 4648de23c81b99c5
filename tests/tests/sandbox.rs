//! End-to-end: the atlas-pay client against the stateful sandbox, for every
//! documented status and every fault, asserting the client's classification
//! (where the payment stands, and whether it is safe to send again) and the
//! sandbox's ledger.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, UNIX_EPOCH};

use atlas_pay::sandbox::{
    Defect, Fault, IN_PROGRESS_FOR, OrderState, Sandbox, SandboxOrder, TICKETING_FOR,
};
use atlas_pay::test_cards;
use atlas_pay::{
    AccessStatus, Card, CardType, Client, Delivery, Environment, Expiry, Money, NextStep, PayError,
    PayStatus, PaymentMethod, PaymentRequest, ThreeDs, UnknownReason,
};

fn card(number: &str, cvv: &str) -> Card {
    test_cards::card(number, cvv).unwrap()
}

fn visa() -> Card {
    test_cards::visa().unwrap()
}

fn vcc(order: &str) -> PaymentRequest {
    PaymentRequest::vcc_passthrough(order, visa())
}

fn three_ds() -> ThreeDs {
    ThreeDs::new(IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7)))
}

async fn sandbox(orders: Vec<SandboxOrder>) -> Sandbox {
    Sandbox::builder()
        .orders(orders)
        .start_time(test_cards::today_start())
        .start()
        .await
        .unwrap()
}

/// Pays and expects Atlas's answer `status`; returns the error.
async fn expect_status(client: &Client, request: PaymentRequest, status: PayStatus) -> PayError {
    let error = client.pay(request).await.expect_err("a refusal");
    assert_eq!(error.status(), Some(status), "{error:?}");
    assert_eq!(error.delivery(), Delivery::Answered, "{error:?}");
    assert_eq!(error.is_safe_to_resend(), status.proves_no_charge());
    error
}

#[tokio::test]
async fn a_payment_succeeds_and_moves_the_order_through_ticketing() {
    let sandbox = sandbox(vec![SandboxOrder::new("A1")]).await;
    let client = sandbox.client().unwrap();
    let paid = client.pay(vcc("A1")).await.unwrap();
    assert_eq!(paid.order_no, "A1");
    assert_eq!(paid.method, PaymentMethod::VccPassthrough);
    assert_eq!(paid.pnr_code.as_ref().map(String::len), Some(6));
    let ledger = sandbox.ledger();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].card.as_deref(), Some("453201******0366"));

    assert_eq!(
        sandbox.order_state("A1"),
        Some(OrderState::PaymentInProgress)
    );
    sandbox.advance(IN_PROGRESS_FOR);
    assert_eq!(sandbox.order_state("A1"), Some(OrderState::Ticketing));
    sandbox.advance(TICKETING_FOR);
    assert_eq!(sandbox.order_state("A1"), Some(OrderState::Ticketed));
}

#[tokio::test]
async fn a_second_attempt_is_refused_and_never_charges_again() {
    let sandbox = sandbox(vec![SandboxOrder::new("A1")]).await;
    let client = sandbox.client().unwrap();
    client.pay(vcc("A1")).await.unwrap();
    expect_status(&client, vcc("A1"), PayStatus::PaymentInProgress).await;
    sandbox.advance(IN_PROGRESS_FOR);
    let error = expect_status(&client, vcc("A1"), PayStatus::AlreadyPaid).await;
    assert!(error.to_string().contains("do not send"), "{error}");
    assert_eq!(sandbox.ledger().len(), 1);
}

#[tokio::test]
async fn balance_payments_draw_on_the_deposit_and_stop_at_it() {
    let sandbox = Sandbox::builder()
        .default_deposit(30_000)
        .orders([
            SandboxOrder::new("B1").amount(20_000),
            SandboxOrder::new("B2").amount(20_000),
        ])
        .start()
        .await
        .unwrap();
    let client = sandbox.client().unwrap();
    client.pay(PaymentRequest::deposit("B1")).await.unwrap();
    assert_eq!(sandbox.default_deposit(), 10_000);
    expect_status(
        &client,
        PaymentRequest::deposit("B2"),
        PayStatus::GatewayError,
    )
    .await;
    assert_eq!(sandbox.default_deposit(), 10_000);
    assert_eq!(sandbox.ledger().len(), 1);
}

#[tokio::test]
async fn every_documented_refusal_comes_from_the_order_book() {
    let sandbox = sandbox(vec![
        SandboxOrder::new("S401").deadline_secs(60),
        SandboxOrder::new("S402-TICKETED").state(OrderState::Ticketed),
        SandboxOrder::new("S402-CANCELLED").state(OrderState::Cancelled),
        SandboxOrder::new("S403").deposit_only(),
        SandboxOrder::new("S407").defect(Defect::PassengerDataMissing),
        SandboxOrder::new("S408").defect(Defect::PassengerCannotBoardAlone),
        SandboxOrder::new("S409").defect(Defect::BaggageMismatch),
        SandboxOrder::new("S410").defect(Defect::ContactInvalid),
        SandboxOrder::new("S411"),
        SandboxOrder::new("S412").no_payment_methods(),
        SandboxOrder::new("S413"),
        SandboxOrder::new("S414").card_type(CardType::Amex),
        SandboxOrder::new("S415").awaiting_confirmation(),
        SandboxOrder::new("BYOA"),
    ])
    .await;
    let client = sandbox.client().unwrap();
    sandbox.advance(Duration::from_secs(61));
    expect_status(&client, vcc("S401"), PayStatus::DeadlinePassed).await;
    expect_status(&client, vcc("S402-TICKETED"), PayStatus::OrderNotPayable).await;
    expect_status(&client, vcc("S402-CANCELLED"), PayStatus::OrderNotPayable).await;
    expect_status(&client, vcc("S403"), PayStatus::UnsupportedMethod).await;
    expect_status(&client, vcc("S407"), PayStatus::PassengerDataMissing).await;
    expect_status(&client, vcc("S408"), PayStatus::PassengerCannotBoardAlone).await;
    expect_status(&client, vcc("S409"), PayStatus::BaggageMismatch).await;
    expect_status(&client, vcc("S410"), PayStatus::ContactInvalid).await;
    // As on Atlas's sandbox: the holder's first name simulates the airline
    // declining the card (604) and a 3-D Secure card (616). Nothing charged,
    // and the same card would be refused again.
    for (holder, status) in [
        ("Reject", PayStatus::CardDeclined),
        ("Three DS", PayStatus::ThreeDsRequired),
    ] {
        let card = Card::builder(test_cards::VISA.parse().unwrap())
            .expiry(Expiry::new(12, 2031).unwrap())
            .cvv("123".parse().unwrap())
            .holder(holder, "Lovelace")
            .as_of(test_cards::today())
            .build()
            .unwrap();
        let error = expect_status(
            &client,
            PaymentRequest::vcc_passthrough("S411", card),
            status,
        )
        .await;
        assert_eq!(error.money(), Money::NotCharged);
        assert_eq!(error.next_step(), NextStep::ChangeCardOrMethod);
    }
    expect_status(&client, vcc("S412"), PayStatus::NoPaymentMethod).await;
    let amex = card("378282246310005", "1234");
    expect_status(
        &client,
        PaymentRequest::merchant_of_record("S413", amex, three_ds()),
        PayStatus::CardBrandNotSupported,
    )
    .await;
    expect_status(&client, vcc("S414"), PayStatus::CardTypeMismatch).await;
    expect_status(&client, vcc("S415"), PayStatus::OrderNotConfirmed).await;
    assert!(sandbox.ledger().is_empty(), "no refusal charged anything");
    client.pay(PaymentRequest::byoa("BYOA")).await.unwrap();
    assert_eq!(sandbox.ledger().len(), 1);
}

#[tokio::test]
async fn the_deposit_only_balance_payment_still_works() {
    let sandbox = sandbox(vec![SandboxOrder::new("D1").deposit_only()]).await;
    let paid = sandbox
        .client()
        .unwrap()
        .pay(PaymentRequest::deposit("D1"))
        .await
        .unwrap();
    assert_eq!(paid.method, PaymentMethod::Deposit);
}

#[tokio::test]
async fn merchant_of_record_needs_the_cvv_only_the_first_time() {
    let sandbox = sandbox(vec![
        SandboxOrder::new("M1"),
        SandboxOrder::new("M2"),
        SandboxOrder::new("M0"),
    ])
    .await;
    let client = sandbox.client().unwrap();
    let reused = || {
        Card::builder(test_cards::MOR_VISA.parse().unwrap())
            .expiry(Expiry::new(12, 2031).unwrap())
            .holder("Ada", "Lovelace")
            .reusable(true)
            .as_of(test_cards::today())
            .build_without_cvv()
            .unwrap()
    };
    // Never used before: a null CVV is an illegal parameter.
    expect_status(
        &client,
        PaymentRequest::merchant_of_record("M0", reused(), three_ds()),
        PayStatus::IllegalParameter,
    )
    .await;
    let first = card("4054695723100768", "321");
    client
        .pay(PaymentRequest::merchant_of_record("M1", first, three_ds()))
        .await
        .unwrap();
    client
        .pay(PaymentRequest::merchant_of_record(
            "M2",
            reused(),
            three_ds(),
        ))
        .await
        .unwrap();
    assert_eq!(sandbox.ledger().len(), 2);
}

#[tokio::test]
async fn wrong_credentials_are_unauthorized() {
    let sandbox = sandbox(vec![SandboxOrder::new("A1")]).await;
    let client = Client::builder()
        .credentials("sandbox-client-id", "wrong")
        .environment(Environment::custom(sandbox.base_url()).unwrap())
        .build()
        .unwrap();
    expect_status(
        &client,
        vcc("A1"),
        PayStatus::Access(AccessStatus::Unauthorized),
    )
    .await;
}

#[tokio::test]
async fn faults_are_classified_as_the_payment_safety_rules_say() {
    let sandbox = sandbox(vec![
        SandboxOrder::new("SLOW").fault(Fault::Delay { ms: 1_500 }),
        SandboxOrder::new("HTTP500").fault(Fault::Http500),
        SandboxOrder::new("CUT-CHARGED").fault(Fault::CloseAfterRead { charge: true }),
        SandboxOrder::new("CUT-UNCHARGED").fault(Fault::CloseAfterRead { charge: false }),
        SandboxOrder::new("GARBAGE").fault(Fault::GarbageBody),
        SandboxOrder::new("S416").fault(Fault::UnknownStatus { code: 416 }),
    ])
    .await;
    let (id, secret) = sandbox.credentials();
    let impatient = Client::builder()
        .credentials(id, secret)
        .environment(Environment::custom(sandbox.base_url()).unwrap())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let client = sandbox.client().unwrap();

    let unknown = |error: &PayError| {
        assert_eq!(error.delivery(), Delivery::Unknown, "{error:?}");
        assert!(!error.is_safe_to_resend(), "{error:?}");
    };
    let slow = impatient.pay(vcc("SLOW")).await.unwrap_err();
    assert!(
        matches!(
            slow,
            PayError::Unknown {
                reason: UnknownReason::Timeout,
                ..
            }
        ),
        "{slow:?}"
    );
    unknown(&slow);
    let http500 = client.pay(vcc("HTTP500")).await.unwrap_err();
    assert!(
        matches!(
            http500,
            PayError::Unknown {
                reason: UnknownReason::Http(500),
                ..
            }
        ),
        "{http500:?}"
    );
    unknown(&http500);
    let garbage = client.pay(vcc("GARBAGE")).await.unwrap_err();
    assert!(
        matches!(
            garbage,
            PayError::Unknown {
                reason: UnknownReason::UndecodableBody,
                ..
            }
        ),
        "{garbage:?}"
    );
    let status = client.pay(vcc("S416")).await.unwrap_err();
    assert_eq!(status.status(), Some(PayStatus::Other(416)));
    unknown(&status);

    let before = sandbox.ledger().len();
    let cut = client.pay(vcc("CUT-UNCHARGED")).await.unwrap_err();
    assert!(
        matches!(
            cut,
            PayError::Unknown {
                reason: UnknownReason::ConnectionLost,
                ..
            }
        ),
        "{cut:?}"
    );
    assert_eq!(
        sandbox.ledger().len(),
        before,
        "nothing was charged, but the client cannot know"
    );
    let cut = client.pay(vcc("CUT-CHARGED")).await.unwrap_err();
    unknown(&cut);
    assert_eq!(
        sandbox.ledger().len(),
        before + 1,
        "the money moved although no answer came"
    );
    // Looking the order up (here: its state) is what tells the two apart.
    assert_eq!(
        sandbox.order_state("CUT-CHARGED"),
        Some(OrderState::PaymentInProgress)
    );
    assert_eq!(
        sandbox.order_state("CUT-UNCHARGED"),
        Some(OrderState::Unpaid)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_simultaneous_payments_of_one_order_charge_it_exactly_once() {
    const ROUNDS: usize = 200;
    let orders = (0..ROUNDS).map(|i| SandboxOrder::new(format!("RACE-{i}")));
    let sandbox = Sandbox::builder().orders(orders).start().await.unwrap();
    let client = sandbox.client().unwrap();
    for round in 0..ROUNDS {
        let order = format!("RACE-{round}");
        let (a, b) = tokio::join!(client.pay(vcc(&order)), client.pay(vcc(&order)));
        let (paid, refused) = match (a, b) {
            (Ok(paid), Err(refused)) | (Err(refused), Ok(paid)) => (paid, refused),
            other => panic!("round {round}: expected one success and one refusal, got {other:?}"),
        };
        assert_eq!(paid.order_no, order);
        assert!(
            matches!(
                refused.status(),
                Some(PayStatus::PaymentInProgress | PayStatus::AlreadyPaid)
            ),
            "round {round}: {refused:?}"
        );
    }
    let ledger = sandbox.ledger();
    assert_eq!(ledger.len(), ROUNDS);
    let mut charged: Vec<&str> = ledger.iter().map(|c| c.order_no.as_str()).collect();
    charged.sort_unstable();
    charged.dedup();
    assert_eq!(charged.len(), ROUNDS, "an order was charged twice");
}

/// Raw HTTP straight at the server: bad input always gets a documented
/// status in a JSON body, promptly, never a hang or a crash.
#[tokio::test]
async fn bad_input_gets_a_documented_status() {
    let sandbox = sandbox(vec![SandboxOrder::new("A1")]).await;
    let (id, secret) = sandbox.credentials();
    let (id, secret) = (id.to_owned(), secret.to_owned());
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let url = format!("{}/pay.do", sandbox.base_url());
    let send = |body: Vec<u8>, credentials: bool| {
        let mut request = http
            .post(&url)
            .header("content-type", "application/json")
            .body(body);
        if credentials {
            request = request
                .header("x-atlas-client-id", &id)
                .header("x-atlas-client-secret", &secret);
        }
        async move {
            let response = request.send().await.expect("an answer, not a hang");
            assert_eq!(response.status(), 200);
            let body: serde_json::Value = response.json().await.expect("a JSON body");
            (
                body["status"].as_i64().expect("a status"),
                body["msg"].as_str().unwrap_or_default().to_owned(),
            )
        }
    };
    let card = |fields: &str| {
        format!(r#"{{"orderNo":"A1","paymentMethod":3,"creditCard":{{{fields}}}}}"#).into_bytes()
    };
    let good = r#""cardNumber":"4532015112830366","cardCVV":"123","cardExpireMonth":"12","cardExpireYear":"31","cardHolderFirstName":"Ada","cardHolderLastName":"Lovelace""#;

    let cases: Vec<(&str, Vec<u8>, bool, i64, &str)> = vec![
        (
            "no credentials",
            br#"{"orderNo":"A1","paymentMethod":1}"#.to_vec(),
            false,
            900,
            "",
        ),
        ("not JSON", b"orderNo=A1".to_vec(), true, 901, ""),
        (
            "truncated JSON",
            br#"{"orderNo":"A1","paym"#.to_vec(),
            true,
            901,
            "",
        ),
        ("a JSON array", b"[1,2,3]".to_vec(), true, 901, ""),
        (
            "wrong types",
            br#"{"orderNo":42,"paymentMethod":"one"}"#.to_vec(),
            true,
            901,
            "",
        ),
        ("oversized", vec![b' '; 256 * 1024], true, 901, ""),
        (
            "missing orderNo",
            br#"{"paymentMethod":1}"#.to_vec(),
            true,
            400,
            "orderNo",
        ),
        (
            "unknown method",
            br#"{"orderNo":"A1","paymentMethod":2}"#.to_vec(),
            true,
            400,
            "",
        ),
        (
            "unknown order",
            br#"{"orderNo":"NOPE","paymentMethod":1}"#.to_vec(),
            true,
            400,
            "orderNo",
        ),
        (
            "card missing for VCC",
            br#"{"orderNo":"A1","paymentMethod":3}"#.to_vec(),
            true,
            400,
            "creditCard",
        ),
        (
            "bad month",
            card(&good.replace(r#""cardExpireMonth":"12""#, r#""cardExpireMonth":"13""#)),
            true,
            400,
            "cardExpireMonth",
        ),
        (
            "four-digit year",
            card(&good.replace(r#""cardExpireYear":"31""#, r#""cardExpireYear":"2031""#)),
            true,
            400,
            "cardExpireYear",
        ),
        (
            "expired",
            card(&good.replace(r#""cardExpireYear":"31""#, r#""cardExpireYear":"20""#)),
            true,
            400,
            "cardExpire",
        ),
        (
            "Luhn failure from the docs page",
            card(&good.replace("4532015112830366", "4916931584764308")),
            true,
            400,
            "cardNumber",
        ),
        (
            "null CVV for VCC",
            card(&good.replace(r#""cardCVV":"123""#, r#""cardCVV":null"#)),
            true,
            400,
            "cardCVV",
        ),
        (
            "no holder name",
            card(&good.replace(r#","cardHolderFirstName":"Ada""#, "")),
            true,
            400,
            "cardHolderFirstName",
        ),
        (
            "country not alpha-2",
            card(&format!(r#"{good},"cardHolderCountry":"USA""#)),
            true,
            400,
            "cardHolderCountry",
        ),
        (
            "MoR without threeDS",
            format!(r#"{{"orderNo":"A1","paymentMethod":5,"creditCard":{{{good}}}}}"#).into_bytes(),
            true,
            400,
            "threeDS",
        ),
    ];
    for (name, body, credentials, status, field) in cases {
        let (got, msg) = send(body, credentials).await;
        assert_eq!(got, status, "{name}: {msg}");
        assert!(
            msg.contains(field),
            "{name}: the message should name {field:?}: {msg}"
        );
    }
    assert!(sandbox.ledger().is_empty());
    // The server is still healthy afterwards.
    sandbox
        .client()
        .unwrap()
        .pay(PaymentRequest::deposit("A1"))
        .await
        .unwrap();
}

/// Every card the vendor's docs page lists for the sandbox: the valid ones
/// pay by VCC passthrough; the four that fail Luhn get 400 from the server
/// (the client itself refuses to build them, so they go out as raw HTTP).
#[tokio::test]
async fn the_docs_page_test_cards_pay_or_get_400() {
    const VALID: [&str; 15] = [
        "4532015112830366",
        "4485275742308327",
        "4556737586899855",
        "4532644189324563",
        "5555555555554444",
        "5105105105105100",
        "5301250070000191",
        "5454545454545454",
        "378282246310005",
        "371449635398431",
        "340000000000009",
        "370000000000002",
        "6011111111111117",
        "6011000990139424",
        "3566002020360505",
    ];
    const LUHN_FAILURES: [&str; 4] = [
        "4916931584764308",
        "5223456789012346",
        "375987654321001",
        "6011987612345678",
    ];
    let orders =
        (0..VALID.len() + LUHN_FAILURES.len()).map(|i| SandboxOrder::new(format!("CARD-{i}")));
    let sandbox = Sandbox::builder().orders(orders).start().await.unwrap();
    let client = sandbox.client().unwrap();
    for (i, number) in VALID.iter().enumerate() {
        let parsed: atlas_pay::CardNumber = number.parse().unwrap();
        let cvv = if parsed.brand() == atlas_pay::Brand::Amex {
            "1234"
        } else {
            "123"
        };
        let paid = client
            .pay(PaymentRequest::vcc_passthrough(
                format!("CARD-{i}"),
                card(number, cvv),
            ))
            .await;
        assert!(paid.is_ok(), "{number}: {paid:?}");
    }
    let (id, secret) = sandbox.credentials();
    let http = reqwest::Client::new();
    for (i, number) in LUHN_FAILURES.iter().enumerate() {
        assert!(
            number.parse::<atlas_pay::CardNumber>().is_err(),
            "the client refuses {number}"
        );
        let body = format!(
            r#"{{"orderNo":"CARD-{}","paymentMethod":3,"creditCard":{{"cardNumber":"{number}","cardCVV":"1234","cardExpireMonth":"12","cardExpireYear":"31","cardHolderFirstName":"Ada","cardHolderLastName":"Lovelace"}}}}"#,
            VALID.len() + i
        );
        let answer: serde_json::Value = http
            .post(format!("{}/pay.do", sandbox.base_url()))
            .header("content-type", "application/json")
            .header("x-atlas-client-id", id)
            .header("x-atlas-client-secret", secret)
            .body(body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(answer["status"], 400, "{number}: {answer}");
        assert!(
            answer["msg"].as_str().unwrap().contains("cardNumber"),
            "{answer}"
        );
    }
    assert_eq!(sandbox.ledger().len(), VALID.len());
}

#[tokio::test]
async fn card_expiry_is_judged_by_the_sandbox_clock() {
    // 2031-12-15: the card's last valid month on the sandbox calendar.
    let sandbox = Sandbox::builder()
        .orders([
            SandboxOrder::new("E1").deadline_secs(u64::MAX),
            SandboxOrder::new("E2").deadline_secs(u64::MAX),
        ])
        .start_time(UNIX_EPOCH + Duration::from_secs(1_955_059_200))
        .start()
        .await
        .unwrap();
    let client = sandbox.client().unwrap();
    // A card valid through 12/2031, checked by the client as of that month.
    let december_2031 = |order: &str| {
        PaymentRequest::vcc_passthrough(
            order,
            Card::builder(test_cards::VISA.parse().unwrap())
                .expiry(Expiry::new(12, 2031).unwrap())
                .cvv("123".parse().unwrap())
                .holder("Ada", "Lovelace")
                .as_of(atlas_pay::YearMonth::new(12, 2031).unwrap())
                .build()
                .unwrap(),
        )
    };
    client
        .pay(december_2031("E1"))
        .await
        .expect("12/2031 is valid in December 2031");
    // 20 sandbox days later it is January 2032, whatever the real date.
    sandbox.advance(Duration::from_secs(20 * 86_400));
    assert_eq!((sandbox.today().year(), sandbox.today().month()), (2032, 1));
    let error = expect_status(&client, december_2031("E2"), PayStatus::IllegalParameter).await;
    assert!(error.message().unwrap().contains("expired"), "{error}");
    assert_eq!(sandbox.ledger().len(), 1);
}

#[tokio::test]
async fn a_payment_without_a_method_is_a_deposit_payment_as_on_atlas() {
    // Atlas's own integration test material pays with only `orderNo`.
    let sandbox = sandbox(vec![SandboxOrder::new("NO-METHOD-1")]).await;
    let before = sandbox.default_deposit();
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/pay.do", sandbox.base_url()))
        .header("content-type", "application/json")
        .header("x-atlas-client-id", atlas_pay::sandbox::DEFAULT_CLIENT_ID)
        .header(
            "x-atlas-client-secret",
            atlas_pay::sandbox::DEFAULT_CLIENT_SECRET,
        )
        .body(r#"{"orderNo":"NO-METHOD-1"}"#)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["status"], 0, "{answer}");
    assert_eq!(answer["paymentMethod"], 1, "{answer}");
    assert_eq!(
        sandbox.ledger()[0].method,
        atlas_pay::PaymentMethod::Deposit
    );
    assert_eq!(
        before - sandbox.default_deposit(),
        SandboxOrder::new("x").amount
    );
}

#[tokio::test]
async fn deposit_payments_debit_the_account_in_the_orders_currency() {
    let sandbox = Sandbox::builder()
        .order(SandboxOrder::new("EUR-1").currency("EUR"))
        .deposit("EUR", 30_000)
        .start_time(test_cards::today_start())
        .start()
        .await
        .unwrap();
    let client = sandbox.client().unwrap();
    client.pay(PaymentRequest::deposit("EUR-1")).await.unwrap();
    assert_eq!(sandbox.deposit("EUR"), Some(30_000 - 25_000));
    assert_eq!(
        sandbox.default_deposit(),
        atlas_pay::sandbox::DEFAULT_DEPOSIT
    );
    // No account in the currency: nothing to pay with.
    sandbox.add_order(SandboxOrder::new("GBP-1").currency("GBP"));
    let error = client
        .pay(PaymentRequest::deposit("GBP-1"))
        .await
        .expect_err("no GBP deposit");
    assert_eq!(error.status(), Some(PayStatus::GatewayError));
}
