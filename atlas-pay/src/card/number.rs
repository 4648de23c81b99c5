//! Card numbers: parsed, checked and masked.

use std::fmt;
use std::str::FromStr;

use zeroize::Zeroize;

use super::brand::Brand;

/// The most digits a card number has (ISO/IEC 7812).
const MAX_DIGITS: usize = 19;
/// The fewest digits a card number has.
const MIN_DIGITS: usize = 12;
/// Bytes in the digit buffer: three 64-bit words.
const BUFFER: usize = 24;
/// Eight ASCII zeros, the padding to the left of the digits.
const ZEROS: u64 = 0x3030_3030_3030_3030;

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
// 8-byte alignment lets the three words be read and written whole.
#[repr(C, align(8))]
pub struct CardNumber {
    /// The digits as ASCII, right-aligned and padded on the left with `'0'`:
    /// three words of eight digits, the form every check works on.
    digits: [u8; BUFFER],
    len: u8,
    brand: Brand,
}

/// Why text is not a usable card number. Each failure is its own variant; none
/// of them carries the digits.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CardNumberError {
    /// A character other than a digit, or a space or dash that does not sit
    /// between two digit groups.
    NotDigits {
        /// 0-based character position of the first offending character.
        position: usize,
    },
    /// Fewer than 12 or more than 19 digits.
    Length {
        /// How many digits were given.
        digits: usize,
    },
    /// The Luhn checksum fails: most likely a typing error.
    Luhn,
    /// The brand the prefix names does not issue numbers of this length.
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
        let start = BUFFER.saturating_sub(self.len());
        std::str::from_utf8(&self.digits[start..]).unwrap_or_default()
    }

    /// The last four digits, which may be shown and stored (a receipt's
    /// "card ending 4242").
    pub fn last_four(&self) -> &str {
        let digits = self.expose_digits();
        digits
            .get(digits.len().saturating_sub(4)..)
            .unwrap_or_default()
    }

    /// The number masked to its first six and last four digits.
    pub fn masked(&self) -> String {
        atlas_pay_gen::secret::mask_card_number(self.expose_digits())
    }

    /// Checks `digits` (12–19 ASCII digits, already known to be digits) and
    /// builds the number.
    #[inline]
    fn from_digits(digits: &[u8]) -> Result<CardNumber, CardNumberError> {
        let Some(words) = DigitWords::load(digits) else {
            return Err(CardNumberError::Length {
                digits: digits.len(),
            });
        };
        finish(words, digits.len())
    }
}

/// 12–19 ASCII bytes as three little-endian words, right-aligned and padded
/// on the left with `'0'` (a zero changes neither the digit check nor the
/// Luhn sum, wherever it sits). Built from fixed-size, possibly overlapping
/// loads: no byte-by-byte copy.
#[derive(Clone, Copy)]
struct DigitWords {
    /// Top, middle and bottom words of the right-aligned digits.
    words: [u64; 3],
    /// The first eight digits, little-endian (the first in the low byte).
    first: u64,
}

impl DigitWords {
    /// `None` unless `bytes` holds 12 to 19 bytes.
    #[inline]
    fn load(bytes: &[u8]) -> Option<DigitWords> {
        let len = bytes.len();
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&len) {
            return None;
        }
        let first = u64::from_le_bytes(*bytes.first_chunk::<8>()?);
        let last = u64::from_le_bytes(*bytes.last_chunk::<8>()?);
        let middle = if len >= 16 {
            u64::from_le_bytes(*bytes.get(len - 16..)?.first_chunk::<8>()?)
        } else {
            leading(first, len - 8)
        };
        let top = if len > 16 {
            leading(first, len - 16)
        } else {
            ZEROS
        };
        Some(DigitWords {
            words: [top, middle, last],
            first,
        })
    }

    /// Whether every byte is an ASCII digit: a byte `b` is one iff neither
    /// `b - 0x30` nor `b + 0x46` sets its high bit. (Borrows and carries
    /// between lanes only arise from lanes that are flagged anyway.)
    #[inline]
    fn all_digits(self) -> bool {
        const HIGH: u64 = 0x4646_4646_4646_4646;
        const TOP_BITS: u64 = 0x8080_8080_8080_8080;
        let flags = self.words.iter().fold(0, |acc, &w| {
            acc | w.wrapping_sub(ZEROS) | w.wrapping_add(HIGH)
        });
        flags & TOP_BITS == 0
    }

    /// The Luhn checksum. Right alignment in 24 bytes puts every digit the
    /// checksum doubles at an even byte index (a "doubled lane"). A digit
    /// `d` contributes `d`, plus `d` again in a doubled lane, minus 9 where
    /// a doubled `d >= 5`. The three words are summed lane by lane first
    /// (at most 27 per lane, so no lane carries into the next), then one
    /// multiplication adds up the lanes (at most 216, within a byte).
    #[inline]
    fn luhn_valid(self) -> bool {
        const DOUBLED_LANES: u64 = 0x00FF_00FF_00FF_00FF;
        // An ASCII digit plus 0x4B reaches bit 7 iff the digit is 5 or more.
        const FIVE_OR_MORE: u64 = 0x4B4B_4B4B_4B4B_4B4B;
        const DOUBLED_TOP_BITS: u64 = 0x0080_0080_0080_0080;
        const BYTE_SUM: u64 = 0x0101_0101_0101_0101;
        let [top, middle, bottom] = self.words;
        let values = top
            .wrapping_add(middle)
            .wrapping_add(bottom)
            .wrapping_sub(ZEROS.wrapping_mul(3));
        // Three top bits per 16-bit lane at most: the sum stays in the lane.
        let five_or_more = |word: u64| word.wrapping_add(FIVE_OR_MORE) & DOUBLED_TOP_BITS;
        let fives = (five_or_more(top) + five_or_more(middle) + five_or_more(bottom)) >> 7;
        let lanes = values
            .wrapping_add(values & DOUBLED_LANES)
            .wrapping_sub(fives * 9);
        (lanes.wrapping_mul(BYTE_SUM) >> 56).is_multiple_of(10)
    }

    /// The brand the leading digits name.
    #[inline]
    fn brand(self) -> Brand {
        Brand::from_leading(u64::from_be_bytes(self.first.to_le_bytes()))
    }

    #[inline]
    fn bytes(self) -> [u8; BUFFER] {
        let mut bytes = [0u8; BUFFER];
        for (chunk, word) in bytes.chunks_exact_mut(8).zip(self.words) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        bytes
    }
}

/// A word whose upper `count` bytes (1–7) are the first `count` bytes of
/// `first` and whose other bytes are `'0'`.
#[inline]
fn leading(first: u64, count: usize) -> u64 {
    let shift = 8 * (8 - count as u32);
    first.wrapping_shl(shift) | ZEROS.wrapping_shr(64 - shift)
}

/// The Luhn, brand and length checks on loaded digits.
#[inline(always)]
fn finish(words: DigitWords, len: usize) -> Result<CardNumber, CardNumberError> {
    if !words.luhn_valid() {
        return Err(CardNumberError::Luhn);
    }
    let brand = words.brand();
    if !brand.issues_length(len) {
        return Err(CardNumberError::LengthForBrand { brand, digits: len });
    }
    Ok(CardNumber {
        digits: words.bytes(),
        len: len as u8,
        brand,
    })
}

impl FromStr for CardNumber {
    type Err = CardNumberError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bytes = text.as_bytes();
        // Fast path: an unseparated number of plausible length.
        if let Some(words) = DigitWords::load(bytes)
            && words.all_digits()
        {
            return finish(words, bytes.len());
        }
        parse_separated(text)
    }
}

/// The general path: digit groups with separators, or anything invalid.
/// Kept out of line so the fast path stays small.
#[cold]
#[inline(never)]
fn parse_separated(text: &str) -> Result<CardNumber, CardNumberError> {
    let bytes = text.as_bytes();
    let mut digits = [0u8; MAX_DIGITS];
    let mut len = 0usize;
    let mut previous_was_digit = false;
    let result = 'scan: {
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
                break 'scan Err(not_digits(text, position));
            }
        }
        if !previous_was_digit && !bytes.is_empty() {
            break 'scan Err(not_digits(text, bytes.len() - 1));
        }
        if len > MAX_DIGITS {
            break 'scan Err(CardNumberError::Length { digits: len });
        }
        CardNumber::from_digits(&digits[..len])
    };
    digits.zeroize();
    result
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

impl fmt::Display for CardNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CardNumberError::NotDigits { position } => write!(
                f,
                "a card number holds only digits, with single spaces or dashes between groups (bad character at position {position})"
            ),
            CardNumberError::Length { digits } => {
                write!(f, "a card number has 12 to 19 digits, not {digits}")
            }
            CardNumberError::Luhn => {
                f.write_str("the card number fails the Luhn check (mistyped?)")
            }
            CardNumberError::LengthForBrand { brand, digits } => {
                write!(f, "{brand} does not issue {digits}-digit card numbers")
            }
        }
    }
}

impl std::error::Error for CardNumberError {}

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

    fn luhn(digits: &[u8]) -> Option<bool> {
        DigitWords::load(digits).map(DigitWords::luhn_valid)
    }

    #[test]
    fn luhn_reference_values() {
        assert_eq!(luhn(b"000079927398713"), Some(true));
        assert_eq!(luhn(b"000079927398710"), Some(false));
        assert_eq!(luhn(b"4532015112830366"), Some(true));
        assert_eq!(luhn(b"4532015112830367"), Some(false));
        assert_eq!(luhn(b"7992739871"), None);
    }

    #[test]
    fn words_hold_every_length_right_aligned() {
        let text = b"1234567890123456789";
        for len in MIN_DIGITS..=MAX_DIGITS {
            let words = DigitWords::load(&text[..len]).unwrap();
            let bytes = words.bytes();
            assert!(bytes[..BUFFER - len].iter().all(|&b| b == b'0'), "{len}");
            assert_eq!(&bytes[BUFFER - len..], &text[..len], "{len}");
            assert!(words.all_digits());
            assert_eq!(words.brand(), Brand::detect(&text[..len]));
        }
    }
}
