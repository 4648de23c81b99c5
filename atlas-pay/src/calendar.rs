//! Proleptic Gregorian dates as days since 1970-01-01, for the few places
//! that need a calendar (card expiry, Atlas's Singapore-time deadlines, the
//! sandbox's answers) without a date crate.
//!
//! The algorithms count 400-year eras of 146 097 days from 0000-03-01, so
//! that the leap day ends each year.

use std::time::{SystemTime, UNIX_EPOCH};

/// A calendar month: what "now" means for a card's expiry check
/// ([`Client::today`](crate::Client::today)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: u16,
    month: u8,
}

impl YearMonth {
    /// A month of a year; `None` unless `month` is 1–12. Month first, as in
    /// [`Expiry::new`](crate::Expiry::new) and on the card.
    pub fn new(month: u8, year: u16) -> Option<Self> {
        (1..=12).contains(&month).then_some(Self { year, month })
    }

    /// The current month, in UTC, from the system clock.
    pub fn now() -> Self {
        Self::at(SystemTime::now())
    }

    /// The month holding `time`, in UTC (1970-01 for times before 1970).
    pub fn at(time: SystemTime) -> Self {
        let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Self::from_unix_days(seconds / 86_400)
    }

    /// The month holding the given day since 1970-01-01 (proleptic Gregorian).
    fn from_unix_days(days: u64) -> Self {
        let (year, month, _) = civil_from_days(days);
        Self {
            year: u16::try_from(year).unwrap_or(u16::MAX),
            month: month as u8,
        }
    }

    /// The year, e.g. 2026.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }
}

/// Days from 1970-01-01 to 1970-01-01 counted from 0000-03-01.
const EPOCH_SHIFT: u64 = 719_468;
/// Days in a 400-year era.
const ERA_DAYS: u64 = 146_097;

/// The date `(year, month 1–12, day 1–31)` of a day since 1970-01-01.
pub(crate) fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + EPOCH_SHIFT;
    let era = z / ERA_DAYS;
    let day_of_era = z % ERA_DAYS;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // 0 = March
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// Days from 1970-01-01 to a date (year ≥ 1970; earlier dates give 0).
pub(crate) fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let (year, month) = if month <= 2 {
        (year.saturating_sub(1), month + 9)
    } else {
        (year, month - 3)
    };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let day_of_year = (153 * month + 2) / 5 + day.saturating_sub(1);
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * ERA_DAYS + day_of_era).saturating_sub(EPOCH_SHIFT)
}

/// Whether `year` has a 29 February.
pub(crate) fn is_leap(year: u64) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// The number of days in a month.
pub(crate) fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_round_trip() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2000-02-29 is day 11 016; 2026-11-25 is day 20 782.
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_782), (2026, 11, 25));
        for days in (0..80_000).step_by(7) {
            let (year, month, day) = civil_from_days(days);
            assert!(day <= days_in_month(year, month));
            assert_eq!(days_from_civil(year, month, day), days);
        }
    }

    fn month(year: u16, month: u8) -> YearMonth {
        YearMonth::new(month, year).unwrap()
    }

    #[test]
    fn civil_calendar_from_unix_days() {
        assert_eq!(YearMonth::from_unix_days(0), month(1970, 1));
        // 2000-02-29 is day 11 016; 2000-03-01 is day 11 017.
        assert_eq!(YearMonth::from_unix_days(11_016), month(2000, 2));
        assert_eq!(YearMonth::from_unix_days(11_017), month(2000, 3));
        // 2026-11-25 is day 20 782; 2026-12-31 is day 20 818; 2027-01-01 is day 20 819.
        assert_eq!(YearMonth::from_unix_days(20_782), month(2026, 11));
        assert_eq!(YearMonth::from_unix_days(20_818), month(2026, 12));
        assert_eq!(YearMonth::from_unix_days(20_819), month(2027, 1));
        assert!(YearMonth::now() >= month(2026, 1));
    }
}
