//! A card's wire form: the generated request type, built once when the card
//! is built, so that a payment only moves it into the request body.

use atlas_pay_gen::{secret, types};

use super::expiry::Expiry;
use super::holder::{BillingAddress, CardHolder};
use super::number::CardNumber;

/// The generated request type for a card, without CVV and 3-D Secure.
pub(crate) fn wire_card(
    number: &CardNumber,
    expiry: Expiry,
    holder: &CardHolder,
    billing: &BillingAddress,
    reusable: bool,
    payment_limit: Option<u64>,
) -> Result<types::PayBodyCreditCard, types::error::ConversionError> {
    let card_holder_country = billing
        .country
        .map(|c| atlas_pay_gen::checked::CountryCode::try_from(c.alpha2()))
        .transpose()?;
    let card_holder_province = billing
        .province
        .as_deref()
        .map(atlas_pay_gen::checked::ProvinceCode::try_from)
        .transpose()?;
    Ok(types::PayBodyCreditCard {
        card_number: secret::CardNumber::new(number.expose_digits()),
        card_cvv: None,
        card_expire_month: expiry.wire_month().try_into()?,
        card_expire_year: expiry.wire_year().try_into()?,
        card_holder_first_name: holder.first_name().to_owned(),
        card_holder_last_name: holder.last_name().to_owned(),
        card_holder_country,
        card_holder_province,
        card_holder_city: billing.city.clone(),
        card_holder_post_code: billing.post_code.clone(),
        card_holder_address: billing.address.clone(),
        reusable: Some(reusable),
        payment_limit,
        three_ds: None,
    })
}
