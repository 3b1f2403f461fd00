//! The histogram over time of a date/time variable: rows per calendar period (day, ISO week starting on
//! Monday, month, quarter or year), the period chosen from the range so that there are at most
//! [`MAX_TIME_BINS`] bars (years when even quarters are too many). Every period from the first to the last
//! date is a bin, empty ones with a count of 0, so gaps in the data show.
//!
//! Work is per distinct value: each label is parsed once and its row count added to its bin.
//!
//! # Date part
//! A label is binned by its date as written, the first ten characters `YYYY-MM-DD` (an invalid calendar
//! date such as `2023-02-29` is not a date). A date-time (`T` or a space after the date, then a time of day
//! and optionally `Z` or an offset) is binned by that date part, **without** converting to UTC or any other
//! time zone: `2024-03-31T23:30:00-05:00` counts on 31 March. (Parquet timestamps are read as text: zoned
//! ones in UTC, see the README.) Labels that are not dates are counted in [`TimeHistogram::unparsed`].

use serde::Serialize;
use time::{Date, Month};

/// The most bars a time histogram has, unless the range spans more than this many years.
pub const MAX_TIME_BINS: u32 = 60;

/// The calendar period of a time histogram's bins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimePeriod {
    /// Calendar days.
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters (January, April, July, October).
    Quarter,
    /// Calendar years.
    Year,
}

impl TimePeriod {
    /// From the finest to the coarsest.
    pub const ALL: [Self; 5] = [
        Self::Day,
        Self::Week,
        Self::Month,
        Self::Quarter,
        Self::Year,
    ];

    /// The key in the JSON document (`day`, `week`, `month`, `quarter`, `year`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        }
    }

    /// The finest period giving at most [`MAX_TIME_BINS`] bins from `first` to `last` (years otherwise).
    pub fn for_range(first: Date, last: Date) -> Self {
        Self::ALL
            .into_iter()
            .find(|p| p.index(last) - p.index(first) < i64::from(MAX_TIME_BINS))
            .unwrap_or(Self::Year)
    }

    /// The number of the period holding `date`; consecutive periods have consecutive numbers.
    fn index(self, date: Date) -> i64 {
        let day = i64::from(date.to_julian_day());
        let year = i64::from(date.year());
        let month = i64::from(u8::from(date.month())) - 1;
        match self {
            Self::Day => day,
            Self::Week => (day - i64::from(date.weekday().number_days_from_monday())).div_euclid(7),
            Self::Month => year * 12 + month,
            Self::Quarter => year * 4 + month / 3,
            Self::Year => year,
        }
    }

    /// The first day of period number `index` (`None` outside the supported calendar).
    fn start(self, index: i64) -> Option<Date> {
        let first_of = |year: i64, month0: i64| {
            let month = Month::try_from(u8::try_from(month0 + 1).ok()?).ok()?;
            Date::from_calendar_date(i32::try_from(year).ok()?, month, 1).ok()
        };
        match self {
            Self::Day => Date::from_julian_day(i32::try_from(index).ok()?).ok(),
            Self::Week => {
                // All Mondays share one remainder modulo 7 of their Julian day number.
                let monday = time::macros::date!(2024 - 01 - 01).to_julian_day();
                let day = index * 7 + i64::from(monday).rem_euclid(7);
                Date::from_julian_day(i32::try_from(day).ok()?).ok()
            }
            Self::Month => first_of(index.div_euclid(12), index.rem_euclid(12)),
            Self::Quarter => first_of(index.div_euclid(4), index.rem_euclid(4) * 3),
            Self::Year => first_of(index, 0),
        }
    }

    /// A short readable name of the bin starting on `start` (an ISO date): `2024-03-05`, `week of
    /// 2024-03-04`, `2024-03`, `2024 Q1`, `2024`.
    pub fn bin_label(self, start: &str) -> String {
        let mut parts = start.rsplitn(3, '-');
        let (Some(_day), Some(month), Some(year)) = (parts.next(), parts.next(), parts.next())
        else {
            return start.to_owned();
        };
        match self {
            Self::Day => start.to_owned(),
            Self::Week => format!("week of {start}"),
            Self::Month => format!("{year}-{month}"),
            Self::Quarter => {
                let month: u8 = month.parse().unwrap_or(1);
                format!("{year} Q{}", month.saturating_sub(1) / 3 + 1)
            }
            Self::Year => year.to_owned(),
        }
    }
}

/// One period of a time histogram.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeBin {
    /// The period's first day, ISO 8601 (`YYYY-MM-DD`; a week starts on Monday).
    pub start: String,
    /// Rows whose date falls in the period.
    pub count: u64,
}

/// Rows per calendar period of a date/time variable, every period from the first date to the last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeHistogram {
    /// The period of the bins (`Day` when there is no date at all).
    pub period: TimePeriod,
    /// The bins in chronological order, empty periods included with a count of 0.
    pub bins: Vec<TimeBin>,
    /// Rows whose value is not a date (0 for an inferred date/time column).
    pub unparsed: u64,
}

fn number(bytes: &[u8]) -> Option<u16> {
    bytes.iter().try_fold(0u16, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u16::from(b - b'0'))
    })
}

/// The date part of an ISO 8601 date or date-time as written (see the module documentation).
fn date_part(label: &str) -> Option<Date> {
    let text = label.trim();
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if !matches!(b.get(10), None | Some(b'T' | b' ')) {
        return None;
    }
    let year = i32::from(number(&b[..4])?);
    let month = Month::try_from(u8::try_from(number(&b[5..7])?).ok()?).ok()?;
    let day = u8::try_from(number(&b[8..10])?).ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// The time histogram of distinct labels and their row counts (labels with a count of 0 are left out);
/// `None` when no row has a value.
pub(super) fn time_histogram(labels: &[String], counts: &[u64]) -> Option<TimeHistogram> {
    let mut dated: Vec<(Date, u64)> = Vec::new();
    let mut unparsed = 0;
    let mut any = false;
    for (label, &count) in labels.iter().zip(counts) {
        if count == 0 {
            continue;
        }
        any = true;
        match date_part(label) {
            Some(date) => dated.push((date, count)),
            None => unparsed += count,
        }
    }
    if !any {
        return None;
    }
    let first = dated.iter().map(|d| d.0).min();
    let last = dated.iter().map(|d| d.0).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Some(TimeHistogram {
            period: TimePeriod::Day,
            bins: Vec::new(),
            unparsed,
        });
    };
    let period = TimePeriod::for_range(first, last);
    let base = period.index(first);
    let len = usize::try_from(period.index(last) - base + 1).unwrap_or(0);
    let mut bin_counts = vec![0u64; len];
    for (date, count) in dated {
        let slot = usize::try_from(period.index(date) - base)
            .ok()
            .and_then(|i| bin_counts.get_mut(i));
        match slot {
            Some(slot) => *slot += count,
            None => unparsed += count,
        }
    }
    let mut bins = Vec::with_capacity(len);
    for (offset, count) in (0_i64..).zip(bin_counts) {
        match period.start(base + offset) {
            Some(start) => bins.push(TimeBin {
                start: start.to_string(),
                count,
            }),
            // Unreachable for dates of years 0–9999; counted rather than lost.
            None => unparsed += count,
        }
    }
    Some(TimeHistogram {
        period,
        bins,
        unparsed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn histogram(values: &[(&str, u64)]) -> TimeHistogram {
        let labels: Vec<String> = values.iter().map(|(l, _)| (*l).to_owned()).collect();
        let counts: Vec<u64> = values.iter().map(|(_, c)| *c).collect();
        time_histogram(&labels, &counts).unwrap()
    }

    fn bins(h: &TimeHistogram) -> Vec<(&str, u64)> {
        h.bins.iter().map(|b| (b.start.as_str(), b.count)).collect()
    }

    fn date(s: &str) -> Date {
        date_part(s).unwrap()
    }

    #[test]
    fn the_period_is_the_finest_with_at_most_sixty_bins() {
        let p = |a: &str, b: &str| TimePeriod::for_range(date(a), date(b));
        assert_eq!(p("2024-01-01", "2024-01-01"), TimePeriod::Day);
        assert_eq!(p("2024-01-01", "2024-02-29"), TimePeriod::Day, "60 days");
        assert_eq!(p("2024-01-01", "2024-03-01"), TimePeriod::Week, "61 days");
        // 2024-01-01 is a Monday: 60 weeks end on Sunday 2025-02-23.
        assert_eq!(p("2024-01-01", "2025-02-23"), TimePeriod::Week);
        assert_eq!(p("2024-01-01", "2025-02-24"), TimePeriod::Month);
        assert_eq!(
            p("2020-01-01", "2024-12-31"),
            TimePeriod::Month,
            "60 months"
        );
        assert_eq!(p("2020-01-01", "2025-01-01"), TimePeriod::Quarter);
        assert_eq!(
            p("2000-01-01", "2014-12-31"),
            TimePeriod::Quarter,
            "60 quarters"
        );
        assert_eq!(p("2000-01-01", "2015-01-01"), TimePeriod::Year);
        assert_eq!(
            p("1900-01-01", "2024-06-30"),
            TimePeriod::Year,
            "more than 60 years"
        );
        assert_eq!(TimePeriod::Quarter.key(), "quarter");
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2024-01-01 is a Monday; 2023-01-01 a Sunday, in the week of Monday 2022-12-26.
        let h = histogram(&[("2023-01-01", 1), ("2023-03-06", 2), ("2024-01-01", 3)]);
        assert_eq!(h.period, TimePeriod::Week);
        assert_eq!(h.bins[0].start, "2022-12-26");
        assert_eq!(h.bins.last().unwrap().start, "2024-01-01");
        assert_eq!(h.bins.last().unwrap().count, 3);
        let march = h.bins.iter().find(|b| b.start == "2023-03-06").unwrap();
        assert_eq!(march.count, 2);
        assert_eq!(h.bins.len(), 54);
        assert!(h.bins.windows(2).all(|w| {
            let (a, b) = (date(&w[0].start), date(&w[1].start));
            b.to_julian_day() - a.to_julian_day() == 7 && a.weekday() == time::Weekday::Monday
        }));
        assert_eq!(h.bins.iter().map(|b| b.count).sum::<u64>(), 6);
    }

    #[test]
    fn gaps_are_bins_with_zero_rows() {
        let h = histogram(&[
            ("2024-01-03", 2),
            ("2024-01-06", 1),
            ("2024-01-03T10:00", 1),
        ]);
        assert_eq!(h.period, TimePeriod::Day);
        assert_eq!(
            bins(&h),
            [
                ("2024-01-03", 3),
                ("2024-01-04", 0),
                ("2024-01-05", 0),
                ("2024-01-06", 1)
            ]
        );
        assert_eq!(h.unparsed, 0);
    }

    #[test]
    fn quarters_and_years() {
        let h = histogram(&[("2012-02-29", 1), ("2013-05-31", 4), ("2024-12-31", 2)]);
        assert_eq!(h.period, TimePeriod::Quarter);
        assert_eq!(h.bins.len(), 13 * 4);
        assert_eq!(
            h.bins[0],
            TimeBin {
                start: "2012-01-01".into(),
                count: 1
            }
        );
        assert_eq!(
            h.bins[5],
            TimeBin {
                start: "2013-04-01".into(),
                count: 4
            }
        );
        assert_eq!(
            h.bins[51],
            TimeBin {
                start: "2024-10-01".into(),
                count: 2
            }
        );
        assert_eq!(h.bins[1].count, 0);
        let h = histogram(&[("1950-07-14", 1), ("2024-01-01", 5), ("2023-12-31", 2)]);
        assert_eq!(h.period, TimePeriod::Year);
        assert_eq!(h.bins.len(), 75);
        assert_eq!(h.bins[0].start, "1950-01-01");
        assert_eq!(&bins(&h)[73..], [("2023-01-01", 2), ("2024-01-01", 5)]);
        let h = histogram(&[("2024-01-31", 1), ("2024-03-01", 1), ("2026-12-01", 1)]);
        assert_eq!(h.period, TimePeriod::Month);
        assert_eq!(
            &bins(&h)[..3],
            [("2024-01-01", 1), ("2024-02-01", 0), ("2024-03-01", 1)]
        );
        assert_eq!(h.bins.len(), 36);
    }

    #[test]
    fn leap_days_are_dates_only_in_leap_years() {
        assert!(date_part("2024-02-29").is_some());
        assert!(date_part("2000-02-29").is_some());
        assert!(date_part("1900-02-29").is_none());
        assert!(date_part("2023-02-29").is_none());
        let h = histogram(&[
            ("2024-02-28", 1),
            ("2024-02-29", 2),
            ("2024-03-01", 3),
            ("2023-02-29", 4),
        ]);
        assert_eq!(
            bins(&h),
            [("2024-02-28", 1), ("2024-02-29", 2), ("2024-03-01", 3)]
        );
        assert_eq!(h.unparsed, 4);
    }

    #[test]
    fn date_times_count_on_the_date_as_written() {
        let h = histogram(&[
            ("2024-03-31T23:30:00-05:00", 1),
            ("2024-04-01T00:15:00+02:00", 2),
            ("2024-03-31 12:00:00.000", 3),
            ("2024-04-01T12:00:00.5Z", 4),
            (" 2024-04-01T08:00 ", 5),
        ]);
        assert_eq!(bins(&h), [("2024-03-31", 4), ("2024-04-01", 11)]);
        assert_eq!(h.unparsed, 0);
    }

    #[test]
    fn values_that_are_not_dates_are_counted_not_fatal() {
        let h = histogram(&[
            ("2024-01-01", 1),
            ("yesterday", 2),
            ("2024-13-01", 3),
            ("2024-01-01X", 4),
            ("20240101", 5),
            ("2024-0é-01", 6),
            ("", 7),
            ("2024-01-02", 0),
        ]);
        assert_eq!(bins(&h), [("2024-01-01", 1)]);
        assert_eq!(h.unparsed, 2 + 3 + 4 + 5 + 6 + 7);
        let h = histogram(&[("n/a", 3)]);
        assert_eq!(
            (h.period, h.bins.len(), h.unparsed),
            (TimePeriod::Day, 0, 3)
        );
        assert_eq!(time_histogram(&["2024-01-01".to_owned()], &[0]), None);
        assert_eq!(time_histogram(&[], &[]), None);
    }

    #[test]
    fn far_dates_stay_in_range() {
        let h = histogram(&[("0000-01-01", 1), ("9999-12-31", 1)]);
        assert_eq!(h.period, TimePeriod::Year);
        assert_eq!(h.bins.len(), 10_000);
        assert_eq!(h.unparsed, 0);
        // Year 0 starts on a Saturday: its first week starts in year −1.
        let h = histogram(&[("0000-01-01", 1), ("0000-01-10", 1)]);
        assert_eq!(h.period, TimePeriod::Day);
        let h = histogram(&[("0000-01-01", 1), ("0000-05-10", 1)]);
        assert_eq!(h.period, TimePeriod::Week);
        let monday = Date::from_calendar_date(-1, Month::December, 27).unwrap();
        assert_eq!(monday.weekday(), time::Weekday::Monday);
        assert_eq!(h.bins[0].start, monday.to_string());
        assert_eq!(h.unparsed, 0);
    }

    #[test]
    fn bin_labels_name_the_period() {
        assert_eq!(TimePeriod::Day.bin_label("2024-03-05"), "2024-03-05");
        assert_eq!(
            TimePeriod::Week.bin_label("2024-03-04"),
            "week of 2024-03-04"
        );
        assert_eq!(TimePeriod::Month.bin_label("2024-03-01"), "2024-03");
        assert_eq!(TimePeriod::Quarter.bin_label("2024-07-01"), "2024 Q3");
        assert_eq!(TimePeriod::Year.bin_label("2024-01-01"), "2024");
        assert_eq!(TimePeriod::Quarter.bin_label("x"), "x");
        assert_eq!(TimePeriod::Year.bin_label("-0001-01-01"), "-0001");
    }

    #[test]
    fn deterministic_whatever_the_label_order() {
        let a = histogram(&[("2024-05-01", 1), ("2024-01-01", 2), ("2024-03-15", 3)]);
        let b = histogram(&[("2024-03-15", 3), ("2024-05-01", 1), ("2024-01-01", 2)]);
        assert_eq!(a, b);
        assert_eq!(a.period, TimePeriod::Week);
    }
}
