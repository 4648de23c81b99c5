//! A calendar day as Atlas writes it (`yyyyMMdd`), and the day in
//! Singapore, Atlas's time zone, which judges days (a void only on the day
//! of ticketing).

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::calendar;

/// Singapore time, Atlas's: UTC+8, no daylight saving.
const SGT: Duration = Duration::from_secs(8 * 3600);

/// A calendar day, as Atlas writes it (`yyyyMMdd`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FlightDate {
    year: u16,
    month: u8,
    day: u8,
}

impl FlightDate {
    /// The day, if it exists.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let valid = (1..=12).contains(&month)
            && day >= 1
            && u64::from(day) <= calendar::days_in_month(u64::from(year), u64::from(month));
        valid.then_some(Self { year, month, day })
    }

    /// Reads `yyyyMMdd`, or the date part of `yyyyMMddHHmm` (the order
    /// query's departure times).
    pub fn parse(text: &str) -> Option<Self> {
        let digits = text.get(..8)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year = digits.get(0..4)?.parse().ok()?;
        let month = digits.get(4..6)?.parse().ok()?;
        let day = digits.get(6..8)?.parse().ok()?;
        Self::new(year, month, day)
    }

    /// The day in Singapore (Atlas's time zone) at `time`.
    pub fn in_singapore(time: SystemTime) -> Self {
        let since = time.duration_since(UNIX_EPOCH).unwrap_or_default() + SGT;
        let (year, month, day) = calendar::civil_from_days(since.as_secs() / 86_400);
        Self {
            year: u16::try_from(year).unwrap_or(u16::MAX),
            month: month as u8,
            day: day as u8,
        }
    }
}

impl fmt::Display for FlightDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> FlightDate {
        FlightDate::parse(text).unwrap()
    }

    #[test]
    fn dates_read_atlas_forms_and_refuse_impossible_days() {
        assert_eq!(day("202508181640").to_string(), "20250818");
        assert!(FlightDate::parse("20250230").is_none());
        assert!(FlightDate::parse("2025-05-13").is_none());
        assert!(FlightDate::parse("2025").is_none());
        // 2025-05-12 20:00 UTC is already the 13th in Singapore.
        let evening = UNIX_EPOCH + Duration::from_secs(1_747_080_000);
        assert_eq!(FlightDate::in_singapore(evening), day("20250513"));
    }
}
