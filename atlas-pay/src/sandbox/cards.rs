//! The sandbox's own card rules, written apart from atlas-pay's card module
//! (no code shared), so that an end-to-end test judges the wrapper's card
//! checks against an independent oracle: a wrapper bug that lets a bad card
//! through is refused here, as Atlas would refuse it.
//!
//! Deliberately plain: digit strings, a textbook Luhn sum, and prefix tables
//! from the networks' published ranges.

/// A card network, as far as the sandbox judges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Network {
    Visa,
    Mastercard,
    Amex,
    Discover,
    Jcb,
    Diners,
    Unknown,
}

impl Network {
    /// The network's name, as Atlas's `cardType` spells it.
    pub(crate) fn card_type(self) -> &'static str {
        match self {
            Network::Visa => "Visa",
            Network::Mastercard => "MasterCard",
            Network::Amex => "Amex",
            Network::Discover => "Discover",
            Network::Jcb => "JCB",
            Network::Diners => "DinersClub",
            Network::Unknown => "unknown",
        }
    }

    /// How many digits its CVV has.
    pub(crate) fn cvv_digits(self) -> usize {
        if self == Network::Amex { 4 } else { 3 }
    }
}

/// Whether `number` is 12 to 19 ASCII digits passing the Luhn check.
pub(crate) fn luhn_valid(number: &str) -> bool {
    if !(12..=19).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut sum = 0u32;
    for (position, byte) in number.bytes().rev().enumerate() {
        let mut digit = u32::from(byte - b'0');
        if position % 2 == 1 {
            digit *= 2;
            if digit > 9 {
                digit -= 9;
            }
        }
        sum += digit;
    }
    sum.is_multiple_of(10)
}

/// The network a card number's prefix belongs to.
pub(crate) fn network(number: &str) -> Network {
    let prefix =
        |len: usize| -> u32 { number.get(..len).and_then(|p| p.parse().ok()).unwrap_or(0) };
    let (p1, p2, p3, p4, p6) = (prefix(1), prefix(2), prefix(3), prefix(4), prefix(6));
    if p2 == 34 || p2 == 37 {
        Network::Amex
    } else if p1 == 4 {
        Network::Visa
    } else if (51..=55).contains(&p2) || (2221..=2720).contains(&p4) {
        Network::Mastercard
    } else if p4 == 6011 || p2 == 65 || (644..=649).contains(&p3) || (622126..=622925).contains(&p6)
    {
        Network::Discover
    } else if (3528..=3589).contains(&p4) {
        Network::Jcb
    } else if p2 == 36 || p2 == 38 || p2 == 39 || (300..=305).contains(&p3) || p3 == 309 {
        Network::Diners
    } else {
        Network::Unknown
    }
}

/// Whether a two-digit expiry (`MM`, `YY`) is past at (`year`, `month`):
/// a card is valid through the end of its expiry month.
pub(crate) fn expired(mm: &str, yy: &str, year: u16, month: u8) -> Option<bool> {
    let mm: u16 = mm.parse().ok().filter(|m| (1..=12).contains(m))?;
    let yy: u16 = yy.parse().ok().filter(|_| yy.len() == 2)?;
    let expiry = (2000 + yy) * 12 + mm;
    Some(expiry < year * 12 + u16::from(month))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_luhn_and_ranges() {
        assert!(luhn_valid("4532015112830366"));
        assert!(!luhn_valid("4532015112830367"));
        assert!(!luhn_valid("4532 0151 1283 0366"));
        assert!(!luhn_valid("12345"));
        assert_eq!(network("4532015112830366"), Network::Visa);
        assert_eq!(network("5162774114974622"), Network::Mastercard);
        assert_eq!(network("2221000000000009"), Network::Mastercard);
        assert_eq!(network("378282246310005"), Network::Amex);
        assert_eq!(network("6011111111111117"), Network::Discover);
        assert_eq!(network("3530111333300000"), Network::Jcb);
        assert_eq!(network("30569309025904"), Network::Diners);
        assert_eq!(network("9999999999999995"), Network::Unknown);
        assert_eq!(Network::Amex.cvv_digits(), 4);
    }

    #[test]
    fn expiry_runs_through_the_end_of_its_month() {
        assert_eq!(expired("11", "26", 2026, 11), Some(false));
        assert_eq!(expired("10", "26", 2026, 11), Some(true));
        assert_eq!(expired("01", "27", 2026, 12), Some(false));
        assert_eq!(expired("13", "27", 2026, 1), None);
        assert_eq!(expired("01", "2027", 2026, 1), None);
    }
}
