//! The request fields whose shape the effective document constrains with a
//! `pattern` (card expiry month and year, the billing country and province),
//! as the generated types carry them.
//!
//! The overlay gives each pattern a named schema; `cargo xtask generate` maps
//! the names to these types instead of letting typify generate a regular
//! expression check for each, which would make every dependent compile a
//! regex engine for four two-character fields. Each type checks exactly its
//! schema's pattern (a unit test holds them to the document) and, like the
//! generated types, refuses a value that does not match: building a request
//! fails before anything is sent, and decoding fails on a bad value.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::types::error::ConversionError;

macro_rules! checked_string {
    ($(#[$doc:meta])* $name:ident, $pattern:literal, $check:expr) => {
        $(#[$doc])*
        #[doc = concat!("\n\nThe document's pattern: `", $pattern, "`.")]
        #[derive(Serialize, Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The schema's pattern, as the effective document states it.
            pub const PATTERN: &'static str = $pattern;

            fn check(value: &str) -> Result<Self, ConversionError> {
                let matches: fn(&[u8]) -> bool = $check;
                if matches(value.as_bytes()) {
                    Ok(Self(value.to_owned()))
                } else {
                    Err(concat!("doesn't match pattern \"", $pattern, "\"").into())
                }
            }
        }

        impl std::ops::Deref for $name {
            type Target = String;
            fn deref(&self) -> &String {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = ConversionError;
            fn from_str(value: &str) -> Result<Self, ConversionError> {
                Self::check(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = ConversionError;
            fn try_from(value: &str) -> Result<Self, ConversionError> {
                Self::check(value)
            }
        }

        impl TryFrom<&String> for $name {
            type Error = ConversionError;
            fn try_from(value: &String) -> Result<Self, ConversionError> {
                Self::check(value)
            }
        }

        impl TryFrom<String> for $name {
            type Error = ConversionError;
            fn try_from(value: String) -> Result<Self, ConversionError> {
                Self::check(&value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Self::check(&value).map_err(|e| serde::de::Error::custom(e.to_string()))
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> String {
                stringify!($name).to_owned()
            }
            fn json_schema(generator: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
                let mut schema = String::json_schema(generator).into_object();
                schema.string().pattern = Some($pattern.to_owned());
                schema.into()
            }
        }
    };
}

fn two_digits(value: &[u8]) -> bool {
    matches!(value, [a, b] if a.is_ascii_digit() && b.is_ascii_digit())
}

fn two_upper_case_letters(value: &[u8]) -> bool {
    matches!(value, [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase())
}

checked_string!(
    /// The card's expiry month, two digits `01`–`12`.
    CardExpireMonth,
    "^(0[1-9]|1[0-2])$",
    |v| matches!(v, [b'0', b'1'..=b'9'] | [b'1', b'0'..=b'2'])
);

checked_string!(
    /// The card's expiry year, two digits (`26` for 2026).
    CardExpireYear,
    "^[0-9]{2}$",
    two_digits
);

checked_string!(
    /// An ISO 3166-1 alpha-2 country code's shape: two upper-case letters.
    CountryCode,
    "^[A-Z]{2}$",
    two_upper_case_letters
);

checked_string!(
    /// A two-letter province code (`CA`, not `California`).
    ProvinceCode,
    "^[A-Z]{2}$",
    two_upper_case_letters
);

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value of two ASCII characters, plus some longer and shorter ones.
    fn samples() -> Vec<String> {
        let mut samples: Vec<String> = (0u8..128)
            .flat_map(|a| {
                (0u8..128).map(move |b| String::from_utf8(vec![a, b]).unwrap_or_default())
            })
            .collect();
        samples.extend(["", "1", "123", "０１", "AB ", " AB"].map(str::to_owned));
        samples
    }

    /// A direct reading of each pattern, to hold the checks to the document.
    fn by_pattern(pattern: &str, value: &str) -> bool {
        let bytes = value.as_bytes();
        match pattern {
            "^(0[1-9]|1[0-2])$" => {
                bytes.len() == 2
                    && ((bytes[0] == b'0' && (b'1'..=b'9').contains(&bytes[1]))
                        || (bytes[0] == b'1' && (b'0'..=b'2').contains(&bytes[1])))
            }
            "^[0-9]{2}$" => bytes.len() == 2 && bytes.iter().all(u8::is_ascii_digit),
            "^[A-Z]{2}$" => bytes.len() == 2 && bytes.iter().all(u8::is_ascii_uppercase),
            other => panic!("no reading of {other}"),
        }
    }

    #[test]
    fn each_type_accepts_exactly_its_pattern() {
        for value in samples() {
            assert_eq!(
                CardExpireMonth::try_from(value.as_str()).is_ok(),
                by_pattern(CardExpireMonth::PATTERN, &value),
                "{value:?}"
            );
            assert_eq!(
                CardExpireYear::try_from(value.as_str()).is_ok(),
                by_pattern(CardExpireYear::PATTERN, &value),
                "{value:?}"
            );
            assert_eq!(
                CountryCode::try_from(value.as_str()).is_ok(),
                by_pattern(CountryCode::PATTERN, &value),
                "{value:?}"
            );
            assert_eq!(
                ProvinceCode::try_from(value.as_str()).is_ok(),
                by_pattern(ProvinceCode::PATTERN, &value),
                "{value:?}"
            );
        }
    }

    #[test]
    fn a_bad_value_fails_to_decode_and_a_good_one_travels_as_a_string() {
        assert!(serde_json::from_str::<CardExpireMonth>("\"13\"").is_err());
        let month: CardExpireMonth = serde_json::from_str("\"09\"").unwrap();
        assert_eq!(serde_json::to_string(&month).unwrap(), "\"09\"");
        assert_eq!(
            CountryCode::try_from("gb").unwrap_err().to_string(),
            "doesn't match pattern \"^[A-Z]{2}$\""
        );
    }
}
