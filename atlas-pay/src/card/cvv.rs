//! Card verification values.

use std::fmt;
use std::str::FromStr;

use zeroize::Zeroize;

/// A card verification value: three digits, or four for American Express
/// (the card builder checks the length against the card's brand).
///
/// Never shown: `Debug` and `Display` print `<redacted>`. Zeroed on drop.
///
/// ```
/// let cvv: atlas_pay::Cvv = "123".parse()?;
/// assert_eq!(format!("{cvv:?}"), "Cvv(<redacted>)");
/// # Ok::<(), atlas_pay::CvvError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Cvv {
    digits: [u8; 4],
    len: u8,
}

/// Why text is not a CVV. Carries no digits.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CvvError {
    /// Something other than ASCII digits.
    NotDigits,
    /// Neither three nor four digits.
    Length {
        /// How many characters were given.
        digits: usize,
    },
}

impl Cvv {
    /// How many digits the CVV has (3 or 4).
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Always false: a CVV has three or four digits.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The digits, for building the request.
    pub fn expose_digits(&self) -> &str {
        std::str::from_utf8(&self.digits[..self.len()]).unwrap_or_default()
    }
}

impl FromStr for Cvv {
    type Err = CvvError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CvvError::NotDigits);
        }
        if !(3..=4).contains(&text.len()) {
            return Err(CvvError::Length {
                digits: text.chars().count(),
            });
        }
        let mut digits = [0u8; 4];
        digits[..text.len()].copy_from_slice(text.as_bytes());
        Ok(Cvv {
            digits,
            len: text.len() as u8,
        })
    }
}

impl Drop for Cvv {
    fn drop(&mut self) {
        self.digits.zeroize();
    }
}

impl fmt::Debug for Cvv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cvv(<redacted>)")
    }
}

impl fmt::Display for Cvv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for CvvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CvvError::NotDigits => f.write_str("a CVV holds only digits"),
            CvvError::Length { digits } => {
                write!(
                    f,
                    "a CVV has 3 digits (4 for American Express), not {digits}"
                )
            }
        }
    }
}

impl std::error::Error for CvvError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_or_four_digits() {
        assert_eq!("123".parse::<Cvv>().unwrap().len(), 3);
        assert_eq!("0123".parse::<Cvv>().unwrap().expose_digits(), "0123");
        assert_eq!("12".parse::<Cvv>(), Err(CvvError::Length { digits: 2 }));
        assert_eq!("12345".parse::<Cvv>(), Err(CvvError::Length { digits: 5 }));
        assert_eq!("".parse::<Cvv>(), Err(CvvError::Length { digits: 0 }));
        assert_eq!("12a".parse::<Cvv>(), Err(CvvError::NotDigits));
        assert_eq!(" 123".parse::<Cvv>(), Err(CvvError::NotDigits));
    }

    #[test]
    fn never_shown() {
        let cvv: Cvv = "987".parse().unwrap();
        assert!(!format!("{cvv:?} {cvv}").contains("987"));
    }
}
