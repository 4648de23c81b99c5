//! Cards: the number, CVV, expiry, holder and billing address, each checked
//! before anything is sent.

mod brand;
mod cvv;
mod expiry;
mod holder;
mod number;

use atlas_pay_gen::checked;

use crate::calendar::YearMonth;

pub use brand::{Brand, CardType, UnknownCardType};
pub use cvv::{Cvv, CvvError};
pub use expiry::{Expiry, ExpiryError};
pub use holder::{AddressError, BillingAddress, CardHolder, Country};
pub use number::{CardNumber, CardNumberError};

/// Why a card cannot be built. Carries no card digits.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CardError {
    /// The card number is unusable.
    Number(CardNumberError),
    /// The CVV is unusable.
    Cvv(CvvError),
    /// The CVV length does not fit the card's brand.
    CvvLengthForBrand {
        /// The card's brand.
        brand: Brand,
        /// The number of digits that brand prints.
        expected: usize,
    },
    /// [`CardBuilder::build`] was called without a CVV. A card reused for a
    /// merchant-of-record payment is built with [`CardBuilder::build_without_cvv`].
    MissingCvv,
    /// No expiry was given.
    MissingExpiry,
    /// The expiry is unusable or past.
    Expiry(ExpiryError),
    /// No holder name was given.
    MissingHolder,
    /// The holder's name or the billing address is unusable.
    Address(AddressError),
    /// The generated layer refused a field this crate's checks accepted (a
    /// pattern of the API schema): a bug worth reporting.
    Schema(String),
}

/// What every card carries, with or without a CVV.
/// Everything a card is, but its CVV. The card number is held here and
/// nowhere else until a payment moves it into its request body.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct CardDetails {
    pub(crate) number: CardNumber,
    pub(crate) expiry: Expiry,
    pub(crate) holder: CardHolder,
    pub(crate) billing: BillingAddress,
    pub(crate) reusable: bool,
    pub(crate) payment_limit: Option<u64>,
    /// The fields the API's schema constrains, in the generated layer's
    /// checked types: checked once, when the card is built.
    pub(crate) checked: CheckedFields,
}

/// A card's expiry and billing place as the generated layer checks them
/// (patterns of the API's schema).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct CheckedFields {
    pub(crate) expire_month: checked::CardExpireMonth,
    pub(crate) expire_year: checked::CardExpireYear,
    pub(crate) country: Option<checked::CountryCode>,
    pub(crate) province: Option<checked::ProvinceCode>,
}

impl CheckedFields {
    fn new(expiry: Expiry, billing: &BillingAddress) -> Result<Self, String> {
        let refused = |e: atlas_pay_gen::types::error::ConversionError| e.to_string();
        Ok(Self {
            expire_month: expiry.wire_month().try_into().map_err(refused)?,
            expire_year: expiry.wire_year().try_into().map_err(refused)?,
            country: billing
                .country
                .map(|c| checked::CountryCode::try_from(c.alpha2()))
                .transpose()
                .map_err(refused)?,
            province: billing
                .province
                .as_deref()
                .map(checked::ProvinceCode::try_from)
                .transpose()
                .map_err(refused)?,
        })
    }
}

impl std::fmt::Debug for CardDetails {
    /// The brand and the masked number only: the holder's name, the expiry
    /// and the billing address are cardholder data (PCI DSS) and stay out
    /// of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardDetails")
            .field("brand", &self.number.brand())
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

/// A card with its CVV: what a VCC passthrough payment, or a first MoR
/// payment with a card, sends.
///
/// ```
/// use atlas_pay::{Card, Expiry};
///
/// let card = Card::builder("4532 0151 1283 0366".parse()?)
///     .expiry(Expiry::new(12, 2031)?)
///     .cvv("123".parse()?)
///     .holder("Ada", "Lovelace")
///     .build()?;
/// assert_eq!(card.number().to_string(), "453201******0366");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub(crate) details: CardDetails,
    pub(crate) cvv: Cvv,
}

/// A card without its CVV: only a repeat merchant-of-record payment may send
/// one (its CVV goes on the wire as JSON `null`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReusedCard {
    pub(crate) details: CardDetails,
}

impl std::fmt::Debug for CardBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardBuilder")
            .field("brand", &self.number.brand())
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

impl Card {
    /// Starts a card from its (already checked) number.
    pub fn builder(number: CardNumber) -> CardBuilder {
        CardBuilder {
            number,
            expiry: None,
            cvv: None,
            holder: None,
            billing: BillingAddress::default(),
            reusable: false,
            payment_limit: None,
            today: None,
        }
    }

    /// The card number.
    pub fn number(&self) -> &CardNumber {
        &self.details.number
    }

    /// The card's brand.
    pub fn brand(&self) -> Brand {
        self.details.number.brand()
    }

    /// The expiry.
    pub fn expiry(&self) -> Expiry {
        self.details.expiry
    }

    /// The holder.
    pub fn holder(&self) -> &CardHolder {
        &self.details.holder
    }
}

impl ReusedCard {
    /// The card number.
    pub fn number(&self) -> &CardNumber {
        &self.details.number
    }

    /// The card's brand.
    pub fn brand(&self) -> Brand {
        self.details.number.brand()
    }
}

/// Builds a [`Card`] or a [`ReusedCard`]; every check runs in `build`.
/// `Debug` shows the brand and the masked number only.
#[derive(Clone)]
#[must_use = "a card builder does nothing until `build` is called"]
pub struct CardBuilder {
    number: CardNumber,
    expiry: Option<Expiry>,
    cvv: Option<Cvv>,
    holder: Option<(String, String)>,
    billing: BillingAddress,
    reusable: bool,
    payment_limit: Option<u64>,
    today: Option<YearMonth>,
}

impl CardBuilder {
    /// The expiry (required).
    pub fn expiry(mut self, expiry: Expiry) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// The CVV: required by [`build`](Self::build), 3 digits or 4 for Amex.
    pub fn cvv(mut self, cvv: Cvv) -> Self {
        self.cvv = Some(cvv);
        self
    }

    /// The holder's first and last name (required, non-empty).
    pub fn holder(mut self, first_name: &str, last_name: &str) -> Self {
        self.holder = Some((first_name.to_owned(), last_name.to_owned()));
        self
    }

    /// The billing address (optional).
    pub fn billing_address(mut self, address: BillingAddress) -> Self {
        self.billing = address;
        self
    }

    /// Whether the card may be used more than once (default `false`, a
    /// single-use card, as Atlas documents). Atlas is more careful with
    /// retries on single-use cards: after an unknown gateway error it will not
    /// retry, to avoid a double charge.
    pub fn reusable(mut self, reusable: bool) -> Self {
        self.reusable = reusable;
        self
    }

    /// The highest amount, in the vendor's currency, Atlas may charge the card
    /// if the fare changes after submission (some airlines cannot hold seats).
    pub fn payment_limit(mut self, limit: u64) -> Self {
        self.payment_limit = Some(limit);
        self
    }

    /// The month the expiry is checked against (default: the current month,
    /// UTC). Tests and replays pass a fixed month here.
    pub fn as_of(mut self, today: YearMonth) -> Self {
        self.today = Some(today);
        self
    }

    /// Checks everything and builds a card with its CVV.
    pub fn build(mut self) -> Result<Card, CardError> {
        let cvv = self.cvv.take().ok_or(CardError::MissingCvv)?;
        let expected = self.number.brand().cvv_length();
        if cvv.len() != expected {
            return Err(CardError::CvvLengthForBrand {
                brand: self.number.brand(),
                expected,
            });
        }
        Ok(Card {
            details: self.details()?,
            cvv,
        })
    }

    /// Checks everything and builds a card without a CVV, for a repeat
    /// merchant-of-record payment. A CVV given to the builder is dropped.
    pub fn build_without_cvv(mut self) -> Result<ReusedCard, CardError> {
        self.cvv = None;
        Ok(ReusedCard {
            details: self.details()?,
        })
    }

    fn details(self) -> Result<CardDetails, CardError> {
        let today = self.today.unwrap_or_else(YearMonth::now);
        let expiry = self.expiry.ok_or(CardError::MissingExpiry)?.check(today)?;
        let (first, last) = self.holder.ok_or(CardError::MissingHolder)?;
        let holder = CardHolder::new(&first, &last)?;
        let checked = CheckedFields::new(expiry, &self.billing).map_err(CardError::Schema)?;
        Ok(CardDetails {
            number: self.number,
            expiry,
            holder,
            billing: self.billing,
            reusable: self.reusable,
            payment_limit: self.payment_limit,
            checked,
        })
    }
}

impl std::fmt::Display for CardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CardError::Number(error) => std::fmt::Display::fmt(error, f),
            CardError::Cvv(error) => std::fmt::Display::fmt(error, f),
            CardError::CvvLengthForBrand { brand, expected } => {
                write!(f, "a {brand} card has a {expected}-digit CVV")
            }
            CardError::MissingCvv => f.write_str(
                "the card has no CVV; a card without one can only be reused for MoR payments",
            ),
            CardError::MissingExpiry => f.write_str("the card has no expiry"),
            CardError::Expiry(error) => std::fmt::Display::fmt(error, f),
            CardError::MissingHolder => f.write_str("the card has no holder name"),
            CardError::Address(error) => std::fmt::Display::fmt(error, f),
            CardError::Schema(detail) => {
                write!(f, "the card does not match the API schema: {detail}")
            }
        }
    }
}

/// Transparent: the wrapped errors are this error, not its cause, so
/// `source` is theirs (none of them has one).
impl std::error::Error for CardError {}

impl From<CardNumberError> for CardError {
    fn from(error: CardNumberError) -> Self {
        CardError::Number(error)
    }
}

impl From<CvvError> for CardError {
    fn from(error: CvvError) -> Self {
        CardError::Cvv(error)
    }
}

impl From<ExpiryError> for CardError {
    fn from(error: ExpiryError) -> Self {
        CardError::Expiry(error)
    }
}

impl From<AddressError> for CardError {
    fn from(error: AddressError) -> Self {
        CardError::Address(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder(number: &str) -> CardBuilder {
        Card::builder(number.parse().unwrap())
            .expiry(Expiry::new(12, 2030).unwrap())
            .holder("Ada", "Lovelace")
            .as_of(crate::test_cards::today())
    }

    #[test]
    fn a_wrapped_error_reads_as_its_own_text_and_has_no_cause() {
        let error = CardError::from(CvvError::NotDigits);
        assert_eq!(error.to_string(), "a CVV holds only digits");
        assert!(std::error::Error::source(&error).is_none());
        let error = CardError::from(ExpiryError::Month(13));
        assert_eq!(error.to_string(), "the expiry month must be 1-12, not 13");
    }

    #[test]
    fn a_complete_card_builds() {
        let card = builder("4532015112830366")
            .cvv("123".parse().unwrap())
            .build()
            .unwrap();
        assert_eq!(card.brand(), Brand::Visa);
        assert_eq!(card.holder().last_name(), "Lovelace");
    }

    #[test]
    fn cvv_length_follows_the_brand() {
        let amex_three = builder("378282246310005")
            .cvv("123".parse().unwrap())
            .build();
        assert_eq!(
            amex_three,
            Err(CardError::CvvLengthForBrand {
                brand: Brand::Amex,
                expected: 4
            })
        );
        assert!(
            builder("378282246310005")
                .cvv("1234".parse().unwrap())
                .build()
                .is_ok()
        );
        let visa_four = builder("4532015112830366")
            .cvv("1234".parse().unwrap())
            .build();
        assert_eq!(
            visa_four,
            Err(CardError::CvvLengthForBrand {
                brand: Brand::Visa,
                expected: 3
            })
        );
    }

    #[test]
    fn missing_parts_are_named() {
        assert_eq!(
            builder("4532015112830366").build(),
            Err(CardError::MissingCvv)
        );
        let no_expiry = Card::builder("4532015112830366".parse().unwrap())
            .cvv("123".parse().unwrap())
            .holder("A", "B")
            .build();
        assert_eq!(no_expiry, Err(CardError::MissingExpiry));
        let no_holder = Card::builder("4532015112830366".parse().unwrap())
            .cvv("123".parse().unwrap())
            .expiry(Expiry::new(1, 2099).unwrap())
            .build();
        assert_eq!(no_holder, Err(CardError::MissingHolder));
    }

    #[test]
    fn an_expired_card_is_refused_against_the_injected_month() {
        let card = builder("4532015112830366")
            .cvv("123".parse().unwrap())
            .as_of(YearMonth::new(1, 2031).unwrap())
            .build();
        assert!(matches!(
            card,
            Err(CardError::Expiry(ExpiryError::Expired { .. }))
        ));
    }

    #[test]
    fn a_reused_card_has_no_cvv() {
        let card = builder("5162774114974622")
            .cvv("123".parse().unwrap())
            .build_without_cvv();
        assert_eq!(card.unwrap().brand(), Brand::Mastercard);
    }
}
