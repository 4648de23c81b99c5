//! A card's wire form: the generated request type, built when the payment
//! is sent, by moving the card's fields in. The card number is copied once
//! into the generated secret type and its source wiped at once, so it is
//! held in one place from the card's build to the request body.

use atlas_pay_gen::{secret, types};

use std::net::IpAddr;

use crate::card::{CardDetails, CheckedFields, Cvv};

/// The generated request type for a card, its CVV (`None` sends JSON
/// `null`, a repeat merchant-of-record payment) and the end user's IP for
/// 3-D Secure (merchant of record).
pub(crate) fn credit_card_body(
    details: CardDetails,
    cvv: Option<Cvv>,
    three_ds_ip: Option<IpAddr>,
) -> types::PayBodyCreditCard {
    let CardDetails {
        number,
        holder,
        billing,
        reusable,
        payment_limit,
        checked:
            CheckedFields {
                expire_month,
                expire_year,
                country,
                province,
            },
        expiry: _,
    } = details;
    let card_number = secret::CardNumber::new(number.expose_digits());
    // The card's own copy is wiped here, before the request is sent.
    drop(number);
    let mut card = types::PayBodyCreditCard::new(
        expire_month,
        expire_year,
        holder.first_name().to_owned(),
        holder.last_name().to_owned(),
        card_number,
    );
    card.card_cvv = cvv.map(|cvv| secret::CardCvv::new(cvv.expose_digits()));
    card.card_holder_country = country;
    card.card_holder_province = province;
    card.card_holder_city = billing.city;
    card.card_holder_post_code = billing.post_code;
    card.card_holder_address = billing.address;
    card.reusable = Some(reusable);
    card.payment_limit = payment_limit;
    card.three_ds = three_ds_ip.map(|ip| {
        let mut three_ds = types::PayBodyCreditCardThreeDs::new();
        three_ds.ip = Some(ip.to_string());
        three_ds
    });
    card
}
