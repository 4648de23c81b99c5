//! Property tests: card parsing never panics and agrees with a reference Luhn.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use atlas_pay::{Brand, CardNumber, CardNumberError};
use proptest::prelude::*;

/// A reference Luhn written differently from the crate's: the classic
/// doubling table over the digits from the right.
fn reference_luhn(digits: &str) -> bool {
    const DOUBLED: [u32; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
    let sum: u32 = digits
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap();
            if i % 2 == 1 { DOUBLED[d as usize] } else { d }
        })
        .sum();
    !digits.is_empty() && sum.is_multiple_of(10)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn parsing_never_panics(text in ".{0,40}") {
        let _ = text.parse::<CardNumber>();
    }

    #[test]
    fn parsing_agrees_with_the_reference_luhn(digits in "[0-9]{0,22}") {
        let result = digits.parse::<CardNumber>();
        let length_ok = (12..=19).contains(&digits.len());
        match result {
            Ok(number) => {
                prop_assert!(length_ok);
                prop_assert!(reference_luhn(&digits));
                prop_assert_eq!(number.expose_digits(), digits.as_str());
            }
            Err(CardNumberError::Length { digits: n }) => {
                prop_assert!(!length_ok);
                prop_assert_eq!(n, digits.len());
            }
            Err(CardNumberError::Luhn) => {
                prop_assert!(length_ok);
                prop_assert!(!reference_luhn(&digits));
            }
            Err(CardNumberError::LengthForBrand { brand, digits: n }) => {
                prop_assert!(length_ok && reference_luhn(&digits));
                prop_assert!(brand != Brand::Unknown);
                prop_assert_eq!(n, digits.len());
            }
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }

    #[test]
    fn grouping_does_not_change_the_number(digits in "[0-9]{12,19}", sep in "[ -]") {
        let grouped: String = digits
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(&sep);
        prop_assert_eq!(digits.parse::<CardNumber>(), grouped.parse::<CardNumber>());
    }

    #[test]
    fn masked_output_never_holds_the_middle_digits(digits in "4[0-9]{15}") {
        if let Ok(number) = digits.parse::<CardNumber>() {
            prop_assert_eq!(number.to_string(), format!("{}******{}", &digits[..6], &digits[12..]));
            let debug = format!("{:?}", number);
            prop_assert!(!debug.contains(&digits));
        }
    }
}
