//! Timestamps of incident events, written `YYYY-MM-DD HH:MM` (24-hour clock, local time of the team) in the
//! project file, so a timeline reads as text and sorts as it reads.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::IsoDate;

/// A day and a minute of that day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// The day.
    pub date: IsoDate,
    /// Minutes after midnight (0 to 1439).
    pub minute_of_day: u16,
}

impl Timestamp {
    /// A timestamp from a day, an hour (0–23) and a minute (0–59); `None` when either is out of range.
    ///
    /// ```
    /// use riskbench::model::IsoDate;
    /// use riskbench::model::incident::Timestamp;
    /// let day = IsoDate::from_ymd(2026, 3, 2).unwrap();
    /// assert_eq!(Timestamp::at(day, 9, 5).unwrap().to_string(), "2026-03-02 09:05");
    /// assert!(Timestamp::at(day, 24, 0).is_none());
    /// ```
    #[must_use]
    pub fn at(date: IsoDate, hour: u16, minute: u16) -> Option<Self> {
        (hour < 24 && minute < 60).then_some(Self {
            date,
            minute_of_day: hour * 60 + minute,
        })
    }

    /// Midnight at the start of `date`.
    #[must_use]
    pub fn start_of(date: IsoDate) -> Self {
        Self {
            date,
            minute_of_day: 0,
        }
    }

    /// Minutes since 1970-01-01 00:00, for charts and durations.
    #[must_use]
    pub fn minutes_since_epoch(self) -> i64 {
        let days = i64::from(self.date.date().to_julian_day()) - 2_440_588;
        days * 1440 + i64::from(self.minute_of_day)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {:02}:{:02}",
            self.date,
            self.minute_of_day / 60,
            self.minute_of_day % 60
        )
    }
}

/// Why a text is not a timestamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a time written YYYY-MM-DD HH:MM (or just YYYY-MM-DD), found {0:?}")]
pub struct TimestampParseError(pub String);

impl FromStr for Timestamp {
    type Err = TimestampParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || TimestampParseError(s.to_owned());
        let text = s.trim();
        let (day, clock) = match text.split_once([' ', 'T']) {
            Some((d, c)) => (d, Some(c.trim())),
            None => (text, None),
        };
        let date: IsoDate = day.parse().map_err(|_| bad())?;
        let Some(clock) = clock else {
            return Ok(Self::start_of(date));
        };
        let (h, m) = clock.split_once(':').ok_or_else(bad)?;
        let m = m
            .get(..2)
            .filter(|_| m.len() == 2 || m.as_bytes().get(2) == Some(&b':'));
        let hour: u16 = h.parse().map_err(|_| bad())?;
        let minute: u16 = m.ok_or_else(bad)?.parse().map_err(|_| bad())?;
        Self::at(date, hour, minute).ok_or_else(bad)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        let t: Timestamp = "2026-03-02 17:45".parse().unwrap();
        assert_eq!(t.to_string(), "2026-03-02 17:45");
        assert_eq!(
            "2026-03-02T08:00:30"
                .parse::<Timestamp>()
                .unwrap()
                .to_string(),
            "2026-03-02 08:00"
        );
        assert_eq!(
            "2026-03-02".parse::<Timestamp>().unwrap().to_string(),
            "2026-03-02 00:00"
        );
        for bad in [
            "2026-03-02 25:00",
            "2026-03-02 9",
            "yesterday",
            "2026-03-02 09:7x",
        ] {
            let err = bad.parse::<Timestamp>().unwrap_err();
            assert!(err.to_string().contains("YYYY-MM-DD HH:MM"), "{bad}");
        }
    }

    #[test]
    fn orders_by_day_then_minute_and_counts_minutes() {
        let a: Timestamp = "2026-03-02 23:59".parse().unwrap();
        let b: Timestamp = "2026-03-03 00:00".parse().unwrap();
        assert!(a < b);
        assert_eq!(b.minutes_since_epoch() - a.minutes_since_epoch(), 1);
        let epoch: Timestamp = "1970-01-01 00:10".parse().unwrap();
        assert_eq!(epoch.minutes_since_epoch(), 10);
    }
}
