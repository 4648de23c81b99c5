//! Card secrets and personal data as the generated types carry them.
//!
//! The effective document names the card number and CVV schemas `CardNumber`
//! and `CardCvv`, and a passenger's identity document number, birthday,
//! e-mails and phones `PersonalData`; `cargo xtask generate` maps them to
//! these types instead of `String`. On the wire they are plain JSON strings.
//! In `Debug` output the number shows at most its first six and last four
//! digits, and the CVV and personal data nothing; every buffer is zeroed on
//! drop.

use std::fmt;

use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

/// A card number as sent to Atlas. No validation happens here: `atlas-pay`
/// validates before it builds one.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardNumber(String);

/// A card verification value as sent to Atlas. Never printed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardCvv(String);

/// Personal data of a passenger or contact (an identity document number, a
/// birthday, an e-mail address, a phone number) as Atlas sends it. Never
/// printed: `Debug` shows `PersonalData(<redacted>)`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonalData(String);

impl PersonalData {
    /// Wraps the value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the caller that must see it (and must not log it).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A form safe to show a human who needs to tell values apart: the last
    /// two characters of a value of at least eight, behind asterisks;
    /// nothing of a shorter one.
    pub fn masked(&self) -> String {
        let count = self.0.chars().count();
        if count < 8 {
            return "*".repeat(count.max(1));
        }
        let tail: String = self.0.chars().skip(count - 2).collect();
        format!("{}{tail}", "*".repeat((count - 2).min(8)))
    }
}

impl fmt::Debug for PersonalData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonalData(<redacted>)")
    }
}

impl Drop for PersonalData {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl CardNumber {
    /// Wraps the digits that go on the wire.
    pub fn new(digits: impl Into<String>) -> Self {
        Self(digits.into())
    }

    /// The digits, for the rare caller that must see them.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl CardCvv {
    /// Wraps the digits that go on the wire.
    pub fn new(digits: impl Into<String>) -> Self {
        Self(digits.into())
    }

    /// The digits, for the rare caller that must see them.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Masks a card number to its first six and last four characters; anything
/// too short to mask safely shows nothing.
pub fn mask_card_number(number: &str) -> String {
    let count = number.chars().count();
    if count < 13 || !number.is_ascii() {
        return format!("<{count} redacted digits>");
    }
    format!(
        "{}{}{}",
        &number[..6],
        "*".repeat(count - 10),
        &number[count - 4..]
    )
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CardNumber")
            .field(&format_args!("{}", mask_card_number(&self.0)))
            .finish()
    }
}

impl fmt::Debug for CardCvv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CardCvv(<redacted>)")
    }
}

impl Drop for CardNumber {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl Drop for CardCvv {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(feature = "schemars")]
mod json_schema {
    use schemars::JsonSchema;
    use schemars::r#gen::SchemaGenerator;
    use schemars::schema::Schema;

    impl JsonSchema for super::CardNumber {
        fn schema_name() -> String {
            "CardNumber".to_owned()
        }
        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            String::json_schema(generator)
        }
    }

    impl JsonSchema for super::PersonalData {
        fn schema_name() -> String {
            "PersonalData".to_owned()
        }
        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            String::json_schema(generator)
        }
    }

    impl JsonSchema for super::CardCvv {
        fn schema_name() -> String {
            "CardCvv".to_owned()
        }
        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            String::json_schema(generator)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_masks_the_number_and_hides_the_cvv() {
        let number = CardNumber::new("4532015112830366");
        let cvv = CardCvv::new("987");
        let shown = format!("{number:?} {cvv:?}");
        assert_eq!(shown, "CardNumber(453201******0366) CardCvv(<redacted>)");
    }

    #[test]
    fn personal_data_never_prints_and_travels_as_a_string() {
        let birthday = PersonalData::new("19900101");
        assert_eq!(format!("{birthday:?}"), "PersonalData(<redacted>)");
        assert_eq!(serde_json::to_string(&birthday).unwrap(), "\"19900101\"");
        let back: PersonalData = serde_json::from_str("\"a@b.example\"").unwrap();
        assert_eq!(back.expose(), "a@b.example");
        assert_eq!(PersonalData::new("636940383").masked(), "*******83");
        assert_eq!(PersonalData::new("0001-982736245").masked(), "********45");
        assert_eq!(PersonalData::new("1990").masked(), "****");
    }

    #[test]
    fn short_or_odd_numbers_show_nothing() {
        assert_eq!(mask_card_number("123456789"), "<9 redacted digits>");
        assert_eq!(
            mask_card_number("4532０15112830366"),
            "<16 redacted digits>"
        );
    }

    #[test]
    fn the_wire_form_is_a_plain_string() {
        let json = serde_json::to_string(&CardNumber::new("4532015112830366")).unwrap();
        assert_eq!(json, "\"4532015112830366\"");
        let back: CardCvv = serde_json::from_str("\"1234\"").unwrap();
        assert_eq!(back.expose(), "1234");
    }
}
