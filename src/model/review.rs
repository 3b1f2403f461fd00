//! When the treatment plan is reviewed again: a fixed next review date, or a cadence in months from the
//! plan's date. The cover of the PDF prints the next review; "Monitoring and review" prints the cadence.
//!
//! Stored in the project file only when set, so projects without it are saved byte for byte as before.

use serde::{Deserialize, Serialize};

use super::IsoDate;

/// The plan's review schedule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSchedule {
    /// A fixed date for the next review of the plan; wins over the cadence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_review: Option<IsoDate>,
    /// Review every this many months (counted from the plan's date when no fixed date is set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence_months: Option<u32>,
}

impl ReviewSchedule {
    /// Nothing is set (the project file leaves the field out).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.next_review.is_none() && self.cadence_months.is_none()
    }

    /// The next review of a plan dated `date`: the fixed date if set, otherwise `date` plus the cadence,
    /// otherwise `None`.
    ///
    /// ```
    /// use riskbench::model::IsoDate;
    /// use riskbench::model::review::ReviewSchedule;
    /// let date = IsoDate::from_ymd(2026, 11, 30).unwrap();
    /// let every_quarter = ReviewSchedule { next_review: None, cadence_months: Some(3) };
    /// assert_eq!(every_quarter.next_after(date), IsoDate::from_ymd(2027, 2, 28));
    /// ```
    #[must_use]
    pub fn next_after(&self, date: IsoDate) -> Option<IsoDate> {
        self.next_review.or_else(|| {
            self.cadence_months
                .filter(|m| *m > 0)
                .and_then(|m| add_months(date, m))
        })
    }

    /// The cadence in words ("every 3 months"), or `None` when there is none.
    #[must_use]
    pub fn cadence_text(&self) -> Option<String> {
        match self.cadence_months {
            None | Some(0) => None,
            Some(1) => Some("every month".to_owned()),
            Some(12) => Some("every year".to_owned()),
            Some(m) => Some(format!("every {m} months")),
        }
    }
}

/// `date` plus `months` calendar months, the day clamped to the length of the target month.
#[must_use]
pub fn add_months(date: IsoDate, months: u32) -> Option<IsoDate> {
    let d = date.date();
    let index = i64::from(d.year()) * 12 + i64::from(u8::from(d.month())) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u8::try_from(index.rem_euclid(12) + 1).ok()?;
    let m = time::Month::try_from(month).ok()?;
    let day = d.day().min(time::util::days_in_month(m, year));
    IsoDate::from_ymd(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> IsoDate {
        IsoDate::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn months_are_added_with_the_day_clamped() {
        assert_eq!(add_months(d(2026, 1, 31), 1), Some(d(2026, 2, 28)));
        assert_eq!(add_months(d(2028, 1, 31), 1), Some(d(2028, 2, 29)));
        assert_eq!(add_months(d(2026, 11, 15), 3), Some(d(2027, 2, 15)));
        assert_eq!(add_months(d(2026, 12, 1), 12), Some(d(2027, 12, 1)));
        assert_eq!(add_months(d(2026, 5, 5), 0), Some(d(2026, 5, 5)));
    }

    #[test]
    fn a_fixed_date_wins_over_the_cadence() {
        let s = ReviewSchedule {
            next_review: Some(d(2027, 3, 1)),
            cadence_months: Some(6),
        };
        assert_eq!(s.next_after(d(2026, 11, 28)), Some(d(2027, 3, 1)));
        let s = ReviewSchedule {
            next_review: None,
            cadence_months: Some(6),
        };
        assert_eq!(s.next_after(d(2026, 11, 28)), Some(d(2027, 5, 28)));
        assert_eq!(s.cadence_text().as_deref(), Some("every 6 months"));
        assert_eq!(ReviewSchedule::default().next_after(d(2026, 1, 1)), None);
        assert!(ReviewSchedule::default().is_empty());
        let zero = ReviewSchedule {
            next_review: None,
            cadence_months: Some(0),
        };
        assert_eq!(zero.next_after(d(2026, 1, 1)), None);
        assert_eq!(zero.cadence_text(), None);
    }
}
