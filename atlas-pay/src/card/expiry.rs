//! Card expiry dates, checked against a calendar month
//! ([`YearMonth`], from the crate's calendar).

use std::fmt;
use std::str::FromStr;

use crate::calendar::YearMonth;

/// A card's expiry: valid through the last day of `month`/`year`.
///
/// Accepts a month as `2` or `02` and a year as `26` or `2026` (two-digit
/// years are 20xx). On the wire it is the two-digit month and two-digit year
/// the effective OpenAPI document specifies (`"02"`, `"26"`).
///
/// ```
/// use atlas_pay::Expiry;
///
/// let expiry = Expiry::new(2, 2031)?;
/// assert_eq!(expiry, "02/31".parse()?);
/// assert_eq!((expiry.wire_month(), expiry.wire_year()), ("02".to_owned(), "31".to_owned()));
/// # Ok::<(), atlas_pay::ExpiryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Expiry(YearMonth);

/// Why an expiry is unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExpiryError {
    /// The month is not 1–12.
    Month(u32),
    /// The year is neither two digits nor a four-digit year from 2000 to 2099.
    Year(u32),
    /// The text is not `MM/YY` or `MM/YYYY`.
    Format,
    /// The card expired before the month it is checked against.
    Expired {
        /// The card's expiry.
        expiry: Expiry,
    },
}

impl Expiry {
    /// An expiry from a month (1–12) and a year (`26` or `2026`).
    pub fn new(month: u32, year: u32) -> Result<Self, ExpiryError> {
        if !(1..=12).contains(&month) {
            return Err(ExpiryError::Month(month));
        }
        let year = match year {
            0..=99 => 2000 + year,
            2000..=2099 => year,
            _ => return Err(ExpiryError::Year(year)),
        };
        YearMonth::new(month as u8, year as u16)
            .map(Self)
            .ok_or(ExpiryError::Month(month))
    }

    /// The last month the card is valid in.
    pub fn year_month(self) -> YearMonth {
        self.0
    }

    /// Whether the card is expired in `today`'s month.
    pub fn is_expired(self, today: YearMonth) -> bool {
        self.0 < today
    }

    /// Fails with [`ExpiryError::Expired`] if the card is expired in `today`'s month.
    pub fn check(self, today: YearMonth) -> Result<Self, ExpiryError> {
        if self.is_expired(today) {
            Err(ExpiryError::Expired { expiry: self })
        } else {
            Ok(self)
        }
    }

    /// The month as sent: two digits, `"01"`–`"12"`.
    pub fn wire_month(self) -> String {
        format!("{:02}", self.0.month())
    }

    /// The year as sent: two digits, e.g. `"27"` for 2027.
    pub fn wire_year(self) -> String {
        format!("{:02}", self.0.year() % 100)
    }
}

impl fmt::Display for Expiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{}", self.0.month(), self.0.year())
    }
}

impl FromStr for Expiry {
    type Err = ExpiryError;

    /// Parses `MM/YY` or `MM/YYYY` (`M/YY` too).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (month, year) = text.trim().split_once('/').ok_or(ExpiryError::Format)?;
        let number = |part: &str, max_len: usize| {
            let part = part.trim();
            if part.is_empty() || part.len() > max_len || !part.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(ExpiryError::Format);
            }
            part.parse::<u32>().map_err(|_| ExpiryError::Format)
        };
        let year_text = year.trim();
        if year_text.len() != 2 && year_text.len() != 4 {
            return Err(ExpiryError::Format);
        }
        Expiry::new(number(month, 2)?, number(year, 4)?)
    }
}

impl fmt::Display for ExpiryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExpiryError::Month(month) => write!(f, "the expiry month must be 1-12, not {month}"),
            ExpiryError::Year(year) => {
                write!(
                    f,
                    "the expiry year must be two digits or 2000-2099, not {year}"
                )
            }
            ExpiryError::Format => f.write_str("an expiry reads MM/YY or MM/YYYY"),
            ExpiryError::Expired { expiry } => write!(f, "the card expired in {expiry}"),
        }
    }
}

impl std::error::Error for ExpiryError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(year: u16, month: u8) -> YearMonth {
        YearMonth::new(month, year).unwrap()
    }

    #[test]
    fn accepts_short_and_long_forms() {
        assert_eq!(Expiry::new(2, 26), Expiry::new(2, 2026));
        assert_eq!("2/26".parse::<Expiry>(), Expiry::new(2, 2026));
        assert_eq!("02/2026".parse::<Expiry>(), Expiry::new(2, 2026));
        let expiry = Expiry::new(2, 26).unwrap();
        assert_eq!(expiry.wire_month(), "02");
        assert_eq!(expiry.wire_year(), "26");
        assert_eq!(expiry.to_string(), "02/2026");
    }

    #[test]
    fn refuses_bad_months_years_and_text() {
        assert_eq!(Expiry::new(0, 26), Err(ExpiryError::Month(0)));
        assert_eq!(Expiry::new(13, 26), Err(ExpiryError::Month(13)));
        assert_eq!(Expiry::new(1, 1999), Err(ExpiryError::Year(1999)));
        assert_eq!(Expiry::new(1, 2100), Err(ExpiryError::Year(2100)));
        for bad in [
            "", "0226", "02/", "/26", "02/026", "aa/26", "02/2x", "123/26",
        ] {
            assert!(bad.parse::<Expiry>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn valid_through_the_end_of_its_month() {
        let expiry = Expiry::new(11, 2026).unwrap();
        assert!(!expiry.is_expired(month(2026, 11)));
        assert!(!expiry.is_expired(month(2026, 10)));
        assert!(expiry.is_expired(month(2026, 12)));
        assert!(expiry.is_expired(month(2027, 1)));
        assert_eq!(
            expiry.check(month(2027, 1)),
            Err(ExpiryError::Expired { expiry })
        );
    }
}
