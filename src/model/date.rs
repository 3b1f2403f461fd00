//! Calendar dates stored as `YYYY-MM-DD` strings in the project file.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date without time of day, written `YYYY-MM-DD` in project files and reports.
///
/// ```
/// use riskbench::model::IsoDate;
/// let date: IsoDate = "2026-11-28".parse().unwrap();
/// assert_eq!(date.to_string(), "2026-11-28");
/// assert!("2026-02-30".parse::<IsoDate>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate(time::Date);

const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

impl IsoDate {
    /// The date from year, month (1–12) and day, if it exists in the calendar.
    #[must_use]
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Self)
    }

    /// Today's date in the local time zone (UTC when the zone cannot be determined).
    ///
    /// Only the edges (GUI, CLI) call this; the core receives dates as values.
    #[must_use]
    pub fn today() -> Self {
        let now =
            time::OffsetDateTime::now_local().unwrap_or_else(|_| time::OffsetDateTime::now_utc());
        Self(now.date())
    }

    /// The wrapped [`time::Date`].
    #[must_use]
    pub fn date(self) -> time::Date {
        self.0
    }
}

impl From<time::Date> for IsoDate {
    fn from(date: time::Date) -> Self {
        Self(date)
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )
    }
}

/// A date that is not a valid `YYYY-MM-DD` calendar date.
#[derive(Debug, thiserror::Error)]
#[error("expected a date written YYYY-MM-DD, found {0:?}")]
pub struct DateParseError(String);

impl FromStr for IsoDate {
    type Err = DateParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        time::Date::parse(s.trim(), FORMAT)
            .map(Self)
            .map_err(|_| DateParseError(s.to_owned()))
    }
}

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
