//! Card brands: detection from the number's prefix, and the lengths each issues.

use std::fmt;
use std::str::FromStr;

/// A card brand (scheme), detected from the card number's issuer prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Brand {
    /// Visa: prefix 4; 13, 16 or 19 digits.
    Visa,
    /// Mastercard: prefixes 51–55 and 2221–2720; 16 digits.
    Mastercard,
    /// American Express: prefixes 34 and 37; 15 digits; 4-digit CVV.
    Amex,
    /// Discover: 6011, 644–649, 65 and 622126–622925; 16–19 digits.
    Discover,
    /// JCB: 3528–3589; 16–19 digits.
    Jcb,
    /// Diners Club: 300–305, 36, 38 and 39; 14–19 digits.
    DinersClub,
    /// UnionPay: 62 outside Discover's range; 16–19 digits.
    UnionPay,
    /// A prefix none of the brands above issues.
    Unknown,
}

impl Brand {
    /// Detects the brand from the leading digits (ASCII `b'0'..=b'9'`).
    ///
    /// `digits` must hold at least six digits; shorter input, or input with
    /// anything but digits in its first six bytes, is `Unknown`.
    pub fn detect(digits: &[u8]) -> Brand {
        let Some(prefix) = digits.get(..6) else {
            return Brand::Unknown;
        };
        if !prefix.iter().all(u8::is_ascii_digit) {
            return Brand::Unknown;
        }
        let mut leading = [b'0'; 8];
        let count = digits.len().min(8);
        leading[..count].copy_from_slice(&digits[..count]);
        Brand::from_leading(u64::from_be_bytes(leading))
    }

    /// Detects the brand from the first eight ASCII digits packed big-endian
    /// (the first digit in the top byte; fewer digits padded with `'0'`).
    ///
    /// Packed that way, comparing words compares digit strings, so every
    /// issuer range is a shift and two comparisons against a packed bound.
    #[inline]
    pub(crate) fn from_leading(leading: u64) -> Brand {
        // The first `n` digits of `leading`, packed.
        let first = |n: u32| leading >> (64 - 8 * n);
        let within = |n: u32, low: &[u8], high: &[u8]| (pack(low)..=pack(high)).contains(&first(n));
        if first(1) == pack(b"4") {
            Brand::Visa
        } else if within(2, b"51", b"55") || within(4, b"2221", b"2720") {
            Brand::Mastercard
        } else if first(2) == pack(b"34") || first(2) == pack(b"37") {
            Brand::Amex
        } else if first(4) == pack(b"6011")
            || within(3, b"644", b"649")
            || first(2) == pack(b"65")
            || within(6, b"622126", b"622925")
        {
            Brand::Discover
        } else if first(2) == pack(b"62") {
            Brand::UnionPay
        } else if within(4, b"3528", b"3589") {
            Brand::Jcb
        } else if within(3, b"300", b"305") || within(2, b"36", b"36") || within(2, b"38", b"39") {
            Brand::DinersClub
        } else {
            Brand::Unknown
        }
    }

    /// Whether this brand issues numbers of `length` digits. `Unknown` accepts
    /// every length from 12 to 19.
    #[inline]
    pub fn issues_length(self, length: usize) -> bool {
        match self {
            Brand::Visa => matches!(length, 13 | 16 | 19),
            Brand::Mastercard => length == 16,
            Brand::Amex => length == 15,
            Brand::Discover | Brand::Jcb | Brand::UnionPay => (16..=19).contains(&length),
            Brand::DinersClub => (14..=19).contains(&length),
            Brand::Unknown => (12..=19).contains(&length),
        }
    }

    /// The number of CVV digits this brand prints: 4 for Amex, 3 otherwise.
    pub fn cvv_length(self) -> usize {
        if self == Brand::Amex { 4 } else { 3 }
    }

    /// The brand's name.
    pub fn name(self) -> &'static str {
        match self {
            Brand::Visa => "Visa",
            Brand::Mastercard => "Mastercard",
            Brand::Amex => "American Express",
            Brand::Discover => "Discover",
            Brand::Jcb => "JCB",
            Brand::DinersClub => "Diners Club",
            Brand::UnionPay => "UnionPay",
            Brand::Unknown => "unknown brand",
        }
    }
}

impl fmt::Display for Brand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// ASCII digits packed big-endian into the low bytes of a word.
const fn pack(digits: &[u8]) -> u64 {
    let mut word = 0u64;
    let mut i = 0;
    while i < digits.len() {
        word = (word << 8) | digits[i] as u64;
        i += 1;
    }
    word
}

/// The `cardType` given to Atlas when the order was created.
///
/// Atlas answers 414 when the brand of the card paid with differs from it;
/// [`crate::OrderFacts::card_type`] lets the client refuse such a payment
/// before sending it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CardType {
    /// `Amex`
    Amex,
    /// `Visa`
    Visa,
    /// `MasterCard`
    MasterCard,
    /// `JCB`
    Jcb,
    /// `Discover`
    Discover,
    /// `DinersClub`
    DinersClub,
}

impl CardType {
    /// The spelling Atlas uses.
    pub fn as_str(self) -> &'static str {
        match self {
            CardType::Amex => "Amex",
            CardType::Visa => "Visa",
            CardType::MasterCard => "MasterCard",
            CardType::Jcb => "JCB",
            CardType::Discover => "Discover",
            CardType::DinersClub => "DinersClub",
        }
    }

    /// Whether a card of `brand` matches this card type.
    pub fn matches(self, brand: Brand) -> bool {
        matches!(
            (self, brand),
            (CardType::Amex, Brand::Amex)
                | (CardType::Visa, Brand::Visa)
                | (CardType::MasterCard, Brand::Mastercard)
                | (CardType::Jcb, Brand::Jcb)
                | (CardType::Discover, Brand::Discover)
                | (CardType::DinersClub, Brand::DinersClub)
        )
    }
}

impl fmt::Display for CardType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `cardType` string that is not one of Atlas's six.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCardType(String);

impl UnknownCardType {
    /// The text that is not a card type.
    pub fn value(&self) -> &str {
        &self.0
    }
}

impl FromStr for CardType {
    type Err = UnknownCardType;

    /// Parses Atlas's spelling, ignoring ASCII case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [
            CardType::Amex,
            CardType::Visa,
            CardType::MasterCard,
            CardType::Jcb,
            CardType::Discover,
            CardType::DinersClub,
        ]
        .into_iter()
        .find(|t| t.as_str().eq_ignore_ascii_case(text))
        .ok_or_else(|| UnknownCardType(text.to_owned()))
    }
}

impl fmt::Display for UnknownCardType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown card type {:?}: expected Amex, Visa, MasterCard, JCB, Discover or DinersClub",
            self.0
        )
    }
}

impl std::error::Error for UnknownCardType {}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand(prefix: &str) -> Brand {
        Brand::detect(format!("{prefix:0<16}").as_bytes())
    }

    #[test]
    fn detects_every_documented_range_at_its_edges() {
        assert_eq!(brand("4"), Brand::Visa);
        for p in ["51", "55", "2221", "2720"] {
            assert_eq!(brand(p), Brand::Mastercard, "{p}");
        }
        for p in ["50", "56", "2220", "2721"] {
            assert_ne!(brand(p), Brand::Mastercard, "{p}");
        }
        assert_eq!(brand("34"), Brand::Amex);
        assert_eq!(brand("37"), Brand::Amex);
        for p in ["6011", "644", "649", "65", "622126", "622925"] {
            assert_eq!(brand(p), Brand::Discover, "{p}");
        }
        for p in ["622125", "622926", "620", "629"] {
            assert_eq!(brand(p), Brand::UnionPay, "{p}");
        }
        for p in ["3528", "3589"] {
            assert_eq!(brand(p), Brand::Jcb, "{p}");
        }
        assert_eq!(brand("3527"), Brand::Unknown);
        assert_eq!(brand("3590"), Brand::Unknown);
        for p in ["300", "305", "36", "38", "39"] {
            assert_eq!(brand(p), Brand::DinersClub, "{p}");
        }
        assert_eq!(brand("306"), Brand::Unknown);
        assert_eq!(brand("1"), Brand::Unknown);
        assert_eq!(Brand::detect(b"4111"), Brand::Unknown);
    }

    /// The issuer ranges as numbers: the reference the packed comparisons
    /// are checked against.
    fn reference(p6: u32) -> Brand {
        let (p1, p2, p3, p4) = (p6 / 100_000, p6 / 10_000, p6 / 1_000, p6 / 100);
        if p1 == 4 {
            Brand::Visa
        } else if (51..=55).contains(&p2) || (2221..=2720).contains(&p4) {
            Brand::Mastercard
        } else if p2 == 34 || p2 == 37 {
            Brand::Amex
        } else if p4 == 6011
            || (644..=649).contains(&p3)
            || p2 == 65
            || (622_126..=622_925).contains(&p6)
        {
            Brand::Discover
        } else if p2 == 62 {
            Brand::UnionPay
        } else if (3528..=3589).contains(&p4) {
            Brand::Jcb
        } else if (300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39 {
            Brand::DinersClub
        } else {
            Brand::Unknown
        }
    }

    #[test]
    fn every_six_digit_prefix_gets_the_brand_its_range_names() {
        for p6 in 0..1_000_000u32 {
            let digits = format!("{p6:06}99");
            assert_eq!(Brand::detect(digits.as_bytes()), reference(p6), "{digits}");
        }
    }

    #[test]
    fn non_digits_are_no_brand() {
        assert_eq!(Brand::detect(b"4x1111111111"), Brand::Unknown);
        assert_eq!(Brand::detect(b"41111"), Brand::Unknown);
    }

    #[test]
    fn lengths_per_brand() {
        assert!(Brand::Visa.issues_length(13) && !Brand::Visa.issues_length(15));
        assert!(Brand::Amex.issues_length(15) && !Brand::Amex.issues_length(16));
        assert!(Brand::Mastercard.issues_length(16) && !Brand::Mastercard.issues_length(19));
        assert!(Brand::DinersClub.issues_length(14) && !Brand::DinersClub.issues_length(13));
        assert!(Brand::Jcb.issues_length(19) && !Brand::Jcb.issues_length(15));
        assert_eq!(Brand::Amex.cvv_length(), 4);
        assert_eq!(Brand::Visa.cvv_length(), 3);
    }

    #[test]
    fn card_types_parse_atlas_spelling_and_match_brands() {
        assert_eq!("MasterCard".parse::<CardType>(), Ok(CardType::MasterCard));
        assert_eq!("jcb".parse::<CardType>(), Ok(CardType::Jcb));
        assert!("Mastercard Gold".parse::<CardType>().is_err());
        assert!(CardType::MasterCard.matches(Brand::Mastercard));
        assert!(!CardType::Visa.matches(Brand::Mastercard));
        assert!(!CardType::Visa.matches(Brand::UnionPay));
    }
}
