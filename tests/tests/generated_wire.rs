//! What the generated types put on the wire and what they accept back.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use atlas_pay_gen::secret::{CardCvv, CardNumber};
use atlas_pay_gen::types::{
    PayBody, PayBodyCreditCard, PayBodyCreditCardThreeDs, PayResponse, PayResponsePaymentMethod,
    PayResponseStatus, PaymentMethod,
};

fn method(code: i64) -> PaymentMethod {
    PaymentMethod::try_from(code).expect("a documented payment method")
}

fn card(cvv: Option<&str>) -> PayBodyCreditCard {
    PayBodyCreditCard::builder()
        .card_number(CardNumber::new("4532015112830366"))
        .card_cvv(cvv.map(CardCvv::new))
        .card_expire_month("03")
        .card_expire_year("27")
        .card_holder_first_name("Ada")
        .card_holder_last_name("Lovelace")
        .try_into()
        .expect("a complete card")
}

fn wire(body: &PayBody) -> String {
    serde_json::to_string_pretty(body).expect("a body serialises")
}

#[test]
fn balance_request() {
    let body = PayBody::builder()
        .order_no("AFKMN2025001")
        .payment_method(method(1))
        .try_into()
        .expect("a complete body");
    insta::assert_snapshot!(wire(&body));
}

#[test]
fn vcc_passthrough_request() {
    let body = PayBody::builder()
        .order_no("AFKMN2025002")
        .payment_method(method(3))
        .credit_card(Some(card(Some("123"))))
        .client_order_no(Some("shop-42".to_owned()))
        .try_into()
        .expect("a complete body");
    insta::assert_snapshot!(wire(&body));
}

#[test]
fn merchant_of_record_repeat_request_sends_a_null_cvv() {
    let mut card = card(None);
    card.reusable = Some(true);
    let mut three_ds = PayBodyCreditCardThreeDs::new();
    three_ds.ip = Some("203.0.113.7".to_owned());
    card.three_ds = Some(three_ds);
    let body = PayBody::builder()
        .order_no("AFKMN2025003")
        .payment_method(method(5))
        .credit_card(Some(card))
        .try_into()
        .expect("a complete body");
    let json = wire(&body);
    assert!(json.contains("\"cardCVV\": null"), "{json}");
    insta::assert_snapshot!(json);
}

#[test]
fn undocumented_enum_and_pattern_values_are_refused_before_sending() {
    assert!(PaymentMethod::try_from(2).is_err());
    let bad_month = PayBodyCreditCard::builder()
        .card_number(CardNumber::new("4532015112830366"))
        .card_cvv(None)
        .card_expire_month("13")
        .card_expire_year("27")
        .card_holder_first_name("Ada")
        .card_holder_last_name("Lovelace");
    assert!(PayBodyCreditCard::try_from(bad_month).is_err());
}

fn decode(json: &str) -> PayResponse {
    match serde_json::from_str(json) {
        Ok(response) => response,
        Err(e) => panic!("{json} does not decode: {e}"),
    }
}

#[test]
fn success_decodes() {
    let response = decode(r#"{"status":0,"msg":"success","orderNo":"X","paymentMethod":1}"#);
    assert!(matches!(&response.status, PayResponseStatus::PaymentResponseStatus(s) if **s == 0));
    assert!(
        matches!(&response.payment_method, Some(PayResponsePaymentMethod::PaymentMethod(m)) if **m == 1)
    );
    assert_eq!(response.order_no.as_deref(), Some("X"));
}

#[test]
fn the_vendors_response_example_decodes() {
    let response = decode(
        r#"{"orderNo":"TESTORDER01","pnrCode":"SOVID9","paymentMethod":3,"airlines":["5J"],"status":0,"msg":"success"}"#,
    );
    insta::assert_debug_snapshot!(response);
}

#[test]
fn unknown_status_codes_and_methods_decode() {
    let response = decode(r#"{"status":416,"msg":"new","orderNo":"X","paymentMethod":7}"#);
    assert!(matches!(&response.status, PayResponseStatus::Int64(416)));
    assert!(matches!(
        &response.payment_method,
        Some(PayResponsePaymentMethod::Int64(7))
    ));
    let response = decode(r#"{"status":700}"#);
    assert!(matches!(&response.status, PayResponseStatus::Int64(700)));
    // 615 was unknown until the overlay added Atlas's error-reference codes.
    let response = decode(r#"{"status":615}"#);
    assert!(matches!(&response.status, PayResponseStatus::PaymentResponseStatus(s) if **s == 615));
}

#[test]
fn access_level_errors_decode_without_the_order_echo() {
    let response = decode(r#"{"status":900,"msg":"unauthorized"}"#);
    assert!(matches!(&response.status, PayResponseStatus::AccessStatus(s) if **s == 900));
    assert!(response.order_no.is_none());
    let response = decode(r#"{"status":-1,"msg":null,"unexpected":{"extra":true}}"#);
    assert!(matches!(&response.status, PayResponseStatus::AccessStatus(s) if **s == -1));
    insta::assert_debug_snapshot!(response);
}

#[test]
fn a_body_without_status_is_refused() {
    assert!(serde_json::from_str::<PayResponse>(r#"{"msg":"success"}"#).is_err());
    assert!(serde_json::from_str::<PayResponse>(r#"{"status":"0"}"#).is_err());
}

/// The examples of Atlas's order query reference, as the query page carries
/// them, decode whole into the generated answer type.
#[test]
fn the_reference_query_examples_decode_whole() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/atlas-pay.json"),
    )
    .unwrap();
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    let examples = document
        .pointer(
            "/paths/~1queryOrderDetails.do/post/responses/200/content/application~1json/examples",
        )
        .and_then(serde_json::Value::as_object)
        .expect("the query page carries its examples");
    assert_eq!(examples.len(), 2);
    for (name, example) in examples {
        let answer: atlas_pay_gen::types::QueryOrderResponse =
            serde_json::from_value(example["value"].clone())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            matches!(&answer.order_status, Some(atlas_pay_gen::types::WireCode::String(s)) if s == "2"),
            "{name}"
        );
        assert_eq!(answer.pax_ticket_infos.len(), 1, "{name}");
        let passenger = &answer.pax_ticket_infos[0];
        assert!(!passenger.airline_pn_rs.is_empty(), "{name}");
        assert_eq!(
            passenger.card_num.as_ref().map(|c| c.expose()),
            Some("636940383")
        );
        // Personal data never prints.
        let shown = format!("{answer:?}");
        for secret in [
            "636940383",
            "19900101",
            "jane.smith@example.com",
            "982736245",
        ] {
            assert!(!shown.contains(secret), "{name}: {secret} printed");
        }
    }
}

/// The hand-checked types of the patterned fields check exactly the patterns
/// the effective document states: a pattern changed by the overlay (or
/// upstream) fails here until `atlas-pay-gen/src/checked.rs` follows.
#[test]
fn hand_checked_fields_follow_the_documents_patterns() {
    use atlas_pay_gen::checked::{CardExpireMonth, CardExpireYear, CountryCode, ProvinceCode};
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/atlas-pay.json"),
    )
    .unwrap();
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    for (name, pattern) in [
        ("CardExpireMonth", CardExpireMonth::PATTERN),
        ("CardExpireYear", CardExpireYear::PATTERN),
        ("CountryCode", CountryCode::PATTERN),
        ("ProvinceCode", ProvinceCode::PATTERN),
    ] {
        assert_eq!(
            document["components"]["schemas"][name]["pattern"], pattern,
            "{name}"
        );
    }
    // And they refuse what the pattern refuses, before anything is sent.
    assert!(CardExpireMonth::try_from("13").is_err());
    assert!(CardExpireYear::try_from("2027").is_err());
    assert!(CountryCode::try_from("gb").is_err());
}

#[test]
fn an_answer_with_codes_as_numbers_and_values_no_enum_lists_still_decodes() {
    // Atlas's integration material reads orderStatus as numbers; values
    // Atlas adds later must not make an order unreadable.
    let mut sample: serde_json::Value = serde_json::from_str(include_str!(
        "../../atlas-pay/src/sandbox/query_answer.json"
    ))
    .unwrap();
    sample["orderStatus"] = (-3).into();
    sample["ticketStatus"] = 0.into();
    sample["paxTicketInfos"][0]["passengerType"] = 7.into();
    sample["supportPaymentMethods"] = serde_json::json!([1, 9]);
    sample["routing"]["fromSegments"][0]["cabinClass"] = 9.into();
    let answer: atlas_pay_gen::types::QueryOrderResponse = serde_json::from_value(sample).unwrap();
    use atlas_pay_gen::types::{OpenPassengerType, OpenPaymentMethod, WireCode};
    assert!(matches!(answer.order_status, Some(WireCode::Int64(-3))));
    assert!(matches!(answer.ticket_status, Some(WireCode::Int64(0))));
    assert!(matches!(
        answer.pax_ticket_infos[0].passenger_type,
        OpenPassengerType::Int64(7)
    ));
    assert!(matches!(
        answer.support_payment_methods[1],
        OpenPaymentMethod::Int64(9)
    ));
}
