//! The verdict of one measured value against a claimed bound, with its confidence interval.
//!
//! A claim "m ≥ c" holds on the closed half-line [c, ∞). The claim is **supported** when the measured value
//! and its whole interval lie in it (low ≥ c: an interval that touches c still supports it), **contradicted**
//! when the value and the whole interval lie outside it (high < c: an interval that touches c does not
//! contradict it), and **inconclusive** otherwise (the interval straddles c), or when the group is smaller
//! than the audit's minimum group size, the metric is undefined, or there is no interval. "m ≤ c" mirrors it.

use serde::Serialize;

use crate::model::model_card::Comparison;

/// The outcome of checking a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The measured value and its interval are on the wrong side of the claimed value.
    Contradicted,
    /// The interval straddles the claimed value, the group is too small, or the value is undefined.
    Inconclusive,
    /// No saved audit measures it.
    NotMeasured,
    /// The claim names a metric, column or group that does not exist.
    Invalid,
    /// The measured value and its interval are on the claimed side.
    Supported,
}

impl Verdict {
    /// Label for tables.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Supported => "supported",
            Self::Contradicted => "contradicted",
            Self::Inconclusive => "inconclusive",
            Self::NotMeasured => "not measured",
            Self::Invalid => "invalid claim",
        }
    }
}

/// How an interval was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalKind {
    /// Stratified bootstrap percentile interval of the audit.
    Bootstrap,
    /// Wilson score interval of a proportion.
    Wilson,
}

/// What was measured for (one group of) a claim.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measured {
    /// The value; `None` when undefined.
    pub value: Option<f64>,
    /// Its confidence interval.
    pub interval: Option<[f64; 2]>,
    /// How the interval was made.
    pub interval_kind: Option<IntervalKind>,
    /// Why the value is undefined, when it is.
    pub undefined: Option<String>,
    /// Rows of the group (`None` for gaps and ratios).
    pub count: Option<u64>,
    /// Smaller than the audit's minimum group size (for a gap: one of its groups is).
    pub small_sample: bool,
    /// The minimum group size of the audit.
    pub min_group: u32,
}

fn number(v: f64) -> String {
    format!("{v:.4}")
}

/// The verdict of `measured` against "metric `comparison` `claimed`", with the reason in words.
///
/// ```
/// use riskbench::analysis::model_card::verdict::{judge, Measured, Verdict};
/// use riskbench::model::model_card::Comparison;
/// let m = Measured { value: Some(0.86), interval: Some([0.85, 0.87]), interval_kind: None,
///     undefined: None, count: Some(500), small_sample: false, min_group: 30 };
/// assert_eq!(judge(&m, Comparison::AtLeast, 0.85).0, Verdict::Supported);
/// ```
#[must_use]
pub fn judge(measured: &Measured, comparison: Comparison, claimed: f64) -> (Verdict, String) {
    let Some(value) = measured.value.filter(|v| v.is_finite()) else {
        return (
            Verdict::Inconclusive,
            format!(
                "undefined: {}",
                measured
                    .undefined
                    .as_deref()
                    .unwrap_or("no value was measured")
            ),
        );
    };
    if measured.small_sample {
        let size = measured
            .count
            .map_or_else(|| "a group".to_owned(), |n| format!("n = {n}"));
        return (
            Verdict::Inconclusive,
            format!(
                "group too small ({size} below the audit's minimum group size {})",
                measured.min_group
            ),
        );
    }
    let Some([low, high]) = measured
        .interval
        .filter(|[l, h]| l.is_finite() && h.is_finite())
    else {
        return (
            Verdict::Inconclusive,
            format!(
                "measured {} but no confidence interval (run the audit with bootstrap resamples)",
                number(value)
            ),
        );
    };
    let interval = format!("{} [{}, {}]", number(value), number(low), number(high));
    let (inside, outside) = match comparison {
        Comparison::AtLeast => (
            value >= claimed && low >= claimed,
            value < claimed && high < claimed,
        ),
        Comparison::AtMost => (
            value <= claimed && high <= claimed,
            value > claimed && low > claimed,
        ),
    };
    if inside {
        (
            Verdict::Supported,
            format!(
                "measured {interval}: the whole interval is {} {claimed}",
                comparison.symbol()
            ),
        )
    } else if outside {
        (
            Verdict::Contradicted,
            format!("measured {interval}: the whole interval is on the wrong side of {claimed}"),
        )
    } else {
        (
            Verdict::Inconclusive,
            format!("measured {interval}: the interval straddles {claimed}"),
        )
    }
}

/// The verdict of a claim over several groups ("for every group"): contradicted when any group
/// contradicts it, else inconclusive when any group is inconclusive, else supported. No groups:
/// inconclusive.
#[must_use]
pub fn combine(verdicts: &[Verdict]) -> Verdict {
    if verdicts.is_empty() {
        Verdict::Inconclusive
    } else if verdicts.contains(&Verdict::Contradicted) {
        Verdict::Contradicted
    } else if verdicts.contains(&Verdict::Inconclusive) {
        Verdict::Inconclusive
    } else {
        Verdict::Supported
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(value: f64, low: f64, high: f64) -> Measured {
        Measured {
            value: Some(value),
            interval: Some([low, high]),
            interval_kind: Some(IntervalKind::Bootstrap),
            undefined: None,
            count: Some(1000),
            small_sample: false,
            min_group: 30,
        }
    }

    fn v(measured: &Measured, comparison: Comparison, claimed: f64) -> Verdict {
        judge(measured, comparison, claimed).0
    }

    use Comparison::{AtLeast, AtMost};
    use Verdict::{Contradicted, Inconclusive, Supported};

    #[test]
    fn at_least_boundaries() {
        // Interval well above, touching from above, straddling, touching from below, well below.
        assert_eq!(v(&m(0.90, 0.86, 0.94), AtLeast, 0.85), Supported);
        assert_eq!(v(&m(0.90, 0.85, 0.94), AtLeast, 0.85), Supported);
        assert_eq!(v(&m(0.90, 0.849_999, 0.94), AtLeast, 0.85), Inconclusive);
        assert_eq!(v(&m(0.84, 0.80, 0.85), AtLeast, 0.85), Inconclusive);
        assert_eq!(v(&m(0.84, 0.80, 0.849_999), AtLeast, 0.85), Contradicted);
        // Exact equality of value and claim, with a degenerate interval: supported.
        assert_eq!(v(&m(0.85, 0.85, 0.85), AtLeast, 0.85), Supported);
        // The point estimate decides against an interval that does not contain it.
        assert_eq!(v(&m(0.84, 0.851, 0.90), AtLeast, 0.85), Inconclusive);
    }

    #[test]
    fn at_most_boundaries() {
        assert_eq!(v(&m(0.02, 0.01, 0.04), AtMost, 0.05), Supported);
        assert_eq!(v(&m(0.02, 0.01, 0.05), AtMost, 0.05), Supported);
        assert_eq!(v(&m(0.04, 0.01, 0.050_001), AtMost, 0.05), Inconclusive);
        assert_eq!(v(&m(0.07, 0.05, 0.09), AtMost, 0.05), Inconclusive);
        assert_eq!(v(&m(0.07, 0.050_001, 0.09), AtMost, 0.05), Contradicted);
        assert_eq!(v(&m(0.05, 0.05, 0.05), AtMost, 0.05), Supported);
    }

    #[test]
    fn small_groups_undefined_values_and_missing_intervals_are_inconclusive() {
        let mut small = m(0.2, 0.1, 0.3);
        small.small_sample = true;
        small.count = Some(12);
        let (verdict, reason) = judge(&small, AtLeast, 0.85);
        assert_eq!(verdict, Inconclusive, "even though it is far below");
        assert!(
            reason.contains("n = 12") && reason.contains("30"),
            "{reason}"
        );

        let mut undefined = m(0.0, 0.0, 0.0);
        undefined.value = None;
        undefined.undefined = Some("no actual positives".into());
        let (verdict, reason) = judge(&undefined, AtLeast, 0.5);
        assert_eq!(verdict, Inconclusive);
        assert_eq!(reason, "undefined: no actual positives");

        let mut bare = m(0.9, 0.0, 0.0);
        bare.interval = None;
        let (verdict, reason) = judge(&bare, AtLeast, 0.5);
        assert_eq!(verdict, Inconclusive);
        assert!(reason.contains("no confidence interval"), "{reason}");

        let nan = m(f64::NAN, 0.1, 0.2);
        assert_eq!(v(&nan, AtLeast, 0.1), Inconclusive);
    }

    #[test]
    fn reasons_carry_the_numbers() {
        let (_, reason) = judge(&m(0.8139, 0.806, 0.8213), AtLeast, 0.85);
        assert_eq!(
            reason,
            "measured 0.8139 [0.8060, 0.8213]: the whole interval is on the wrong side of 0.85"
        );
    }

    #[test]
    fn every_group_combines_worst_first() {
        assert_eq!(
            combine(&[Supported, Contradicted, Inconclusive]),
            Contradicted
        );
        assert_eq!(combine(&[Supported, Inconclusive]), Inconclusive);
        assert_eq!(combine(&[Supported, Supported]), Supported);
        assert_eq!(combine(&[]), Inconclusive);
    }
}
