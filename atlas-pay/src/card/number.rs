//! Card numbers: parsed, checked and masked.

use std::fmt;
use std::str::FromStr;

use zeroize::Zeroize;

use super::brand::Brand;

/// The most digits a card number has (ISO/IEC 7812).
const MAX_DIGITS: usize = 19;
/// The fewest digits a card number has.
const MIN_DIGITS: usize = 12;

/// A card number that passed every check this crate can make offline:
/// 12–19 digits, the Luhn checksum, and a length its brand issues.
///
/// Parse one from text with [`str::parse`]; spaces and dashes are allowed
/// between digit groups (`"4532 0151 1283 0366"`, `"4532-0151-1283-0366"`),
/// nothing else is. `Debug` and `Display` show at most the first six and last
/// four digits; the digits are zeroed when the value is dropped.
///
/// ```
/// use atlas_pay::{Brand, CardNumber};
///
/// let number: CardNumber = "4532 0151 1283 0366".parse()?;
/// assert_eq!(number.brand(), Brand::Visa);
/// assert_eq!(number.to_string(), "453201******0366");
/// # Ok::<(), atlas_pay::CardNumberError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
// 8-byte alignment lets moves of a parsed number use whole-word copies
// (halves the parse time measured by `benches/card.rs`).
#[repr(align(8))]
pub struct CardNumber {
    digits: [u8; MAX_DIGITS],
    len: u8,
    brand: Brand,
}

/// Why text is not a usable card number. Each failure is its own variant; none
/// of them carries the digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CardNumberError {
    /// A character other than a digit, or a space or dash that does not sit
    /// between two digit groups.
    #[error(
        "a card number holds only digits, with single spaces or dashes between groups (bad character at position {position})"
    )]
    NotDigits {
        /// 0-based character position of the first offending character.
        position: usize,
    },
    /// Fewer than 12 or more than 19 digits.
    #[error("a card number has 12 to 19 digits, not {digits}")]
    Length {
        /// How many digits were given.
        digits: usize,
    },
    /// The Luhn checksum fails: most likely a typing error.
    #[error("the card number fails the Luhn check (mistyped?)")]
    Luhn,
    /// The brand the prefix names does not issue numbers of this length.
    #[error("{brand} does not issue {digits}-digit card numbers")]
    LengthForBrand {
        /// The brand detected from the prefix.
        brand: Brand,
        /// How many digits were given.
        digits: usize,
    },
}

impl CardNumber {
    /// The brand detected from the issuer prefix.
    pub fn brand(&self) -> Brand {
        self.brand
    }

    /// How many digits the number has.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Always false: a card number has at least 12 digits.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The full digits, for building the request. Handle with care: this is
    /// the only way to see them.
    pub fn expose_digits(&self) -> &str {
        std::str::from_utf8(self.digits()).unwrap_or_default()
    }

    /// The number masked to its first six and last four digits.
    pub fn masked(&self) -> String {
        atlas_pay_gen::secret::mask_card_number(self.expose_digits())
    }

    fn digits(&self) -> &[u8] {
        &self.digits[..self.len()]
    }
}

/// The Luhn checksum over ASCII digits (at most [`MAX_DIGITS`]). Empty input fails.
///
/// Eight digits at a time: the digits are right-aligned in a 24-byte buffer
/// padded with `'0'` (a zero adds nothing wherever it sits), so every
/// even-indexed byte is one the checksum doubles. Per 64-bit word the
/// doubled lanes become `2d`, minus 9 where `d >= 5`, and the lane sum comes
/// from one multiplication (each word's sum is at most 72, within a byte).
#[inline]
fn luhn_valid(digits: &[u8]) -> bool {
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    const DOUBLED_LANES: u64 = 0x00FF_00FF_00FF_00FF;
    const KEPT_LANES: u64 = 0xFF00_FF00_FF00_FF00;
    const FIVE_OR_MORE: u64 = 0x007B_007B_007B_007B; // d + 123 reaches bit 7 iff d >= 5
    const LANE_ONES: u64 = 0x0001_0001_0001_0001;
    const BYTE_SUM: u64 = 0x0101_0101_0101_0101;
    if digits.is_empty() || digits.len() > MAX_DIGITS {
        return false;
    }
    let mut buffer = [b'0'; 24];
    buffer[24 - digits.len()..].copy_from_slice(digits);
    let mut sum = 0u64;
    for chunk in buffer.chunks_exact(8) {
        let mut lane = [0u8; 8];
        lane.copy_from_slice(chunk);
        let values = u64::from_le_bytes(lane).wrapping_sub(ZEROS);
        let doubled = values & DOUBLED_LANES;
        let over = ((doubled + FIVE_OR_MORE) >> 7) & LANE_ONES;
        let lanes = doubled * 2 - over * 9 + (values & KEPT_LANES);
        sum += lanes.wrapping_mul(BYTE_SUM) >> 56;
    }
    sum.is_multiple_of(10)
}

impl FromStr for CardNumber {
    type Err = CardNumberError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bytes = text.as_bytes();
        // Fast path: an unseparated number of plausible length.
        if (MIN_DIGITS..=MAX_DIGITS).contains(&bytes.len()) && all_ascii_digits(bytes) {
            let mut digits = [0u8; MAX_DIGITS];
            digits[..bytes.len()].copy_from_slice(bytes);
            return match check(&digits, bytes.len()) {
                Ok(brand) => Ok(CardNumber {
                    digits,
                    len: bytes.len() as u8,
                    brand,
                }),
                Err(error) => {
                    digits.zeroize();
                    Err(error)
                }
            };
        }
        let mut digits = [0u8; MAX_DIGITS];
        let mut len = 0usize;
        let mut previous_was_digit = false;
        for (position, &byte) in bytes.iter().enumerate() {
            if byte.is_ascii_digit() {
                if let Some(slot) = digits.get_mut(len) {
                    *slot = byte;
                }
                len += 1;
                previous_was_digit = true;
            } else if previous_was_digit && (byte == b' ' || byte == b'-') {
                previous_was_digit = false;
            } else {
                digits.zeroize();
                return Err(not_digits(text, position));
            }
        }
        if !previous_was_digit && !bytes.is_empty() {
            digits.zeroize();
            return Err(not_digits(text, bytes.len() - 1));
        }
        match check(&digits, len) {
            Ok(brand) => Ok(CardNumber {
                digits,
                len: len as u8,
                brand,
            }),
            Err(error) => {
                digits.zeroize();
                Err(error)
            }
        }
    }
}

/// Whether every byte is an ASCII digit, eight bytes at a time: a byte `b` is
/// a digit iff neither `b - 0x30` nor `b + 0x46` sets its high bit. (Borrows
/// and carries between lanes only arise from lanes that are flagged anyway.)
#[inline]
fn all_ascii_digits(bytes: &[u8]) -> bool {
    const LOW: u64 = 0x3030_3030_3030_3030;
    const HIGH: u64 = 0x4646_4646_4646_4646;
    const TOP_BITS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut lane = [0u8; 8];
        lane.copy_from_slice(chunk);
        let word = u64::from_le_bytes(lane);
        if (word.wrapping_sub(LOW) | word.wrapping_add(HIGH)) & TOP_BITS != 0 {
            return false;
        }
    }
    chunks.remainder().iter().all(u8::is_ascii_digit)
}

/// The error for an offending byte at `byte_position`, reported as a
/// character position.
fn not_digits(text: &str, byte_position: usize) -> CardNumberError {
    let position = text
        .char_indices()
        .take_while(|(i, _)| *i < byte_position)
        .count();
    CardNumberError::NotDigits { position }
}

#[inline]
fn check(digits: &[u8; MAX_DIGITS], len: usize) -> Result<Brand, CardNumberError> {
    if !(MIN_DIGITS..=MAX_DIGITS).contains(&len) {
        return Err(CardNumberError::Length { digits: len });
    }
    let digits = &digits[..len];
    if !luhn_valid(digits) {
        return Err(CardNumberError::Luhn);
    }
    let brand = Brand::detect(digits);
    if !brand.issues_length(len) {
        return Err(CardNumberError::LengthForBrand { brand, digits: len });
    }
    Ok(brand)
}

impl Drop for CardNumber {
    fn drop(&mut self) {
        self.digits.zeroize();
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardNumber")
            .field("brand", &self.brand)
            .field("number", &format_args!("{}", self.masked()))
            .finish()
    }
}

impl fmt::Display for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every card the vendor's docs page lists for the sandbox, with the
    /// brand the page files it under.
    const SANDBOX_CARDS: [(&str, Brand); 19] = [
        ("4532015112830366", Brand::Visa),
        ("4916931584764308", Brand::Visa),
        ("4485275742308327", Brand::Visa),
        ("4556737586899855", Brand::Visa),
        ("4532644189324563", Brand::Visa),
        ("5555555555554444", Brand::Mastercard),
        ("5105105105105100", Brand::Mastercard),
        ("5223456789012346", Brand::Mastercard),
        ("5301250070000191", Brand::Mastercard),
        ("5454545454545454", Brand::Mastercard),
        ("378282246310005", Brand::Amex),
        ("371449635398431", Brand::Amex),
        ("340000000000009", Brand::Amex),
        ("370000000000002", Brand::Amex),
        ("375987654321001", Brand::Amex),
        ("6011111111111117", Brand::Discover),
        ("6011000990139424", Brand::Discover),
        ("6011987612345678", Brand::Discover),
        ("3566002020360505", Brand::Jcb),
    ];

    /// The four listed cards that fail the Luhn check the same page demands.
    const LUHN_FAILURES: [&str; 4] = [
        "4916931584764308",
        "5223456789012346",
        "375987654321001",
        "6011987612345678",
    ];

    #[test]
    fn the_sandbox_cards_parse_except_the_four_that_fail_luhn() {
        for (number, brand) in SANDBOX_CARDS {
            let parsed = number.parse::<CardNumber>();
            if LUHN_FAILURES.contains(&number) {
                assert_eq!(parsed, Err(CardNumberError::Luhn), "{number}");
            } else {
                let card = parsed.unwrap_or_else(|e| panic!("{number}: {e}"));
                assert_eq!(card.brand(), brand, "{number}");
                assert_eq!(card.expose_digits(), number);
            }
        }
    }

    #[test]
    fn the_mor_sandbox_cards_parse() {
        let visa: CardNumber = "4054695723100768".parse().unwrap();
        assert_eq!(visa.brand(), Brand::Visa);
        let mastercard: CardNumber = "5162774114974622".parse().unwrap();
        assert_eq!(mastercard.brand(), Brand::Mastercard);
    }

    #[test]
    fn separators_only_between_groups() {
        let spaced: CardNumber = "4532 0151 1283 0366".parse().unwrap();
        let dashed: CardNumber = "4532-0151-1283-0366".parse().unwrap();
        assert_eq!(spaced, dashed);
        for bad in [
            " 4532015112830366",
            "4532015112830366 ",
            "4532  015112830366",
            "4532--0151",
            "-4532",
        ] {
            assert!(
                matches!(
                    bad.parse::<CardNumber>(),
                    Err(CardNumberError::NotDigits { .. })
                ),
                "{bad:?}"
            );
        }
        assert_eq!(
            "4532.0151".parse::<CardNumber>(),
            Err(CardNumberError::NotDigits { position: 4 })
        );
        assert_eq!(
            "4532０15112830366".parse::<CardNumber>(),
            Err(CardNumberError::NotDigits { position: 4 })
        );
    }

    #[test]
    fn length_is_checked_before_luhn() {
        assert_eq!(
            "".parse::<CardNumber>(),
            Err(CardNumberError::Length { digits: 0 })
        );
        assert_eq!(
            "42424242424".parse::<CardNumber>(),
            Err(CardNumberError::Length { digits: 11 })
        );
        assert_eq!(
            "42424242424242424242".parse::<CardNumber>(),
            Err(CardNumberError::Length { digits: 20 })
        );
    }

    #[test]
    fn a_luhn_valid_number_of_the_wrong_length_for_its_brand_is_refused() {
        // 15 digits with a Visa prefix and a valid checksum.
        assert_eq!(
            "411111111111116".parse::<CardNumber>(),
            Err(CardNumberError::LengthForBrand {
                brand: Brand::Visa,
                digits: 15
            })
        );
        // 16 digits with an Amex prefix.
        assert_eq!(
            "3400000000000000".parse::<CardNumber>(),
            Err(CardNumberError::LengthForBrand {
                brand: Brand::Amex,
                digits: 16
            })
        );
    }

    #[test]
    fn never_shows_more_than_six_and_four() {
        let number: CardNumber = "4532015112830366".parse().unwrap();
        assert_eq!(number.to_string(), "453201******0366");
        let debug = format!("{number:?}");
        assert!(!debug.contains("4532015112830366"));
        assert!(!debug.contains("511283"));
        assert_eq!(
            debug,
            "CardNumber { brand: Visa, number: 453201******0366 }"
        );
    }

    #[test]
    fn luhn_reference_values() {
        assert!(luhn_valid(b"79927398713"));
        assert!(!luhn_valid(b"79927398710"));
        assert!(!luhn_valid(b""));
        assert!(luhn_valid(b"0"));
    }
}
