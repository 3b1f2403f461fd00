//! The options a what-if compares, each a decision rule over the same scored data: one threshold or a
//! threshold per group (set by hand or found by the search), Fairlearn's randomized rule, or a review band
//! on top of thresholds. For each: the confusion counts of the decisions (expected counts over the
//! randomisation; for a band, the rows decided automatically), the metrics of the options table, and the
//! decisions flipped per group against the current threshold with seeded bootstrap intervals.
//!
//! Reweighing changes the training data, not the decisions: it is not an option here (see
//! [`super::reweigh`]).

use crate::analysis::fairness::{ConfusionCounts, CountMetrics, GroupKey, Metric, SummaryMetric};
use crate::model::mitigation::OptionSummary;

use super::fairlearn::RandomizedEntry;
use super::flips::{GroupFlips, bootstrap_share, flips};
use super::sweep::{Band, ThresholdIndex};

/// A decision rule to compare with the current threshold.
#[derive(Clone, Debug, PartialEq)]
pub enum DecisionOption {
    /// A threshold per group (all equal for one threshold for everyone); score ≥ threshold is positive.
    Thresholds(Vec<f64>),
    /// Fairlearn's randomized rule per group.
    Randomized(Vec<RandomizedEntry>),
    /// Scores in the band go to a person; the others are decided at the per-group thresholds.
    ReviewBand {
        /// Threshold per group of the rows decided automatically.
        thresholds: Vec<f64>,
        /// The band.
        band: Band,
    },
}

/// Rows of `scores` (ascending) with a score ≥ `t`.
fn at_least(scores: &[f64], t: f64) -> usize {
    scores.len() - scores.partition_point(|s| *s < t)
}

/// Rows of `scores` (ascending) with a score > `t`.
fn above(scores: &[f64], t: f64) -> usize {
    scores.len() - scores.partition_point(|s| *s <= t)
}

/// Rows with a score ≥ `cur` and > `t`.
fn at_least_and_above(scores: &[f64], cur: f64, t: f64) -> usize {
    if t < cur {
        at_least(scores, cur)
    } else {
        above(scores, t)
    }
}

#[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
fn as_f64(n: usize) -> f64 {
    n as f64
}

#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a rounded expected count of rows, not negative"
)]
fn rounded(v: f64) -> u64 {
    v.max(0.0).round() as u64
}

/// Expected TP, FP, TN, FN of group `g` under a randomized rule (positive with probability
/// `p_ignore·c + (1 − p_ignore)·(p0·[s > t0] + p1·[s > t1])`).
#[must_use]
pub fn expected_counts(index: &ThresholdIndex, g: usize, e: &RandomizedEntry) -> [f64; 4] {
    let c0 = index.counts_above(g, e.threshold0);
    let c1 = index.counts_above(g, e.threshold1);
    let all = index.counts_top(g, 0);
    let (pos, neg) = (all.fn_(), all.tn());
    let pi = e.p_ignore;
    let tp = pi * e.prediction_constant * pos + (1.0 - pi) * (e.p0 * c0.tp() + e.p1 * c1.tp());
    let fp = pi * e.prediction_constant * neg + (1.0 - pi) * (e.p0 * c0.fp() + e.p1 * c1.fp());
    [tp, fp, neg - fp, pos - tp]
}

impl DecisionOption {
    /// The counts of the decisions per group: exact for thresholds, expected for a randomized rule (rows
    /// rounded), the automated rows for a band.
    #[must_use]
    pub fn counts(&self, index: &ThresholdIndex) -> Vec<ConfusionCounts> {
        match self {
            DecisionOption::Thresholds(t) => index.counts_at_each(t),
            DecisionOption::Randomized(entries) => (0..index.groups())
                .map(|g| {
                    let w = entries
                        .get(g)
                        .map_or([0.0; 4], |e| expected_counts(index, g, e));
                    ConfusionCounts {
                        rows: w.map(rounded),
                        weight: w,
                        weighted_score_sum: 0.0,
                    }
                })
                .collect(),
            DecisionOption::ReviewBand { thresholds, band } => (0..index.groups())
                .map(|g| {
                    let t = thresholds.get(g).copied().unwrap_or(f64::INFINITY);
                    index.band_at(g, t, *band).automated
                })
                .collect(),
        }
    }

    /// Every metric of the decisions (for a band: of the rows decided automatically).
    #[must_use]
    pub fn metrics(&self, index: &ThresholdIndex) -> CountMetrics {
        CountMetrics::evaluate(&self.counts(index), false)
    }

    /// Decisions flipped per group against one threshold per group (`current`): rows whose decision
    /// changes (expected over the randomisation for a randomized rule; among the rows still decided
    /// automatically for a band, whose routed rows are counted apart), with a `level` bootstrap interval
    /// of the share from `resamples` resamples within each group. For a randomized rule the flips of a
    /// resample of n rows are Binomial(n, expected share) exactly, which is what is drawn.
    #[must_use]
    pub fn flips(
        &self,
        index: &ThresholdIndex,
        groups: &[GroupKey],
        current: &[f64],
        resamples: usize,
        level: f64,
        seed: u64,
    ) -> Vec<GroupFlips> {
        match self {
            DecisionOption::Thresholds(t) => {
                flips(index, groups, current, t, resamples, level, seed)
            }
            DecisionOption::Randomized(entries) => (0..index.groups())
                .map(|g| {
                    let s = index.sorted_scores(g);
                    let n = as_f64(s.len());
                    let cur = current.get(g).copied().unwrap_or(f64::INFINITY);
                    let (to_pos, to_neg) = entries.get(g).map_or((0.0, 0.0), |e| {
                        let a = as_f64(at_least(s, cur));
                        let pos_now = e.p_ignore * e.prediction_constant * a
                            + (1.0 - e.p_ignore)
                                * (e.p0 * as_f64(at_least_and_above(s, cur, e.threshold0))
                                    + e.p1 * as_f64(at_least_and_above(s, cur, e.threshold1)));
                        let pos_all = e.p_ignore * e.prediction_constant * n
                            + (1.0 - e.p_ignore)
                                * (e.p0 * as_f64(above(s, e.threshold0))
                                    + e.p1 * as_f64(above(s, e.threshold1)));
                        (pos_all - pos_now, a - pos_now)
                    });
                    let share = if n > 0.0 { (to_pos + to_neg) / n } else { 0.0 };
                    GroupFlips {
                        group: groups.get(g).cloned().unwrap_or_default(),
                        count: s.len() as u64,
                        to_positive: rounded(to_pos),
                        to_negative: rounded(to_neg),
                        flipped_share: share,
                        interval: bootstrap_share(
                            s.len() as u64,
                            share,
                            resamples,
                            level,
                            seed ^ (g as u64),
                        ),
                    }
                })
                .collect(),
            DecisionOption::ReviewBand { thresholds, band } => (0..index.groups())
                .map(|g| {
                    let s = index.sorted_scores(g);
                    let cur = current.get(g).copied().unwrap_or(f64::INFINITY);
                    let t = thresholds.get(g).copied().unwrap_or(f64::INFINITY);
                    // Rows in [lo, hi) outside the band change decision.
                    let rows_in = |lo: f64, hi: f64| at_least(s, lo) - at_least(s, hi.max(lo));
                    let (lo, hi) = (cur.min(t), cur.max(t));
                    let overlap = rows_in(lo.max(band.low), hi.min(band.high));
                    let changed = (rows_in(lo, hi) - overlap) as u64;
                    let n = s.len();
                    let share = if n > 0 {
                        as_f64(usize::try_from(changed).unwrap_or(usize::MAX)) / as_f64(n)
                    } else {
                        0.0
                    };
                    let (to_positive, to_negative) =
                        if t < cur { (changed, 0) } else { (0, changed) };
                    GroupFlips {
                        group: groups.get(g).cloned().unwrap_or_default(),
                        count: n as u64,
                        to_positive,
                        to_negative,
                        flipped_share: share,
                        interval: bootstrap_share(
                            n as u64,
                            share,
                            resamples,
                            level,
                            seed ^ (g as u64),
                        ),
                    }
                })
                .collect(),
        }
    }

    /// Rows sent to review per group (a band), with a `level` bootstrap interval of the share; empty for
    /// the other options.
    #[must_use]
    pub fn routed(
        &self,
        index: &ThresholdIndex,
        resamples: usize,
        level: f64,
        seed: u64,
    ) -> Vec<(u64, f64, [f64; 2])> {
        let DecisionOption::ReviewBand { band, .. } = self else {
            return Vec::new();
        };
        (0..index.groups())
            .map(|g| {
                let s = index.sorted_scores(g);
                let routed = at_least(s, band.low) - at_least(s, band.high.max(band.low));
                let share = if s.is_empty() {
                    0.0
                } else {
                    as_f64(routed) / as_f64(s.len())
                };
                (
                    routed as u64,
                    share,
                    bootstrap_share(s.len() as u64, share, resamples, level, seed ^ (g as u64)),
                )
            })
            .collect()
    }

    /// The row of the options table: accuracy, largest disparity (the demographic parity difference, or
    /// `disparity` when the option comes from a search with its own constraint), selection rate, share of
    /// all rows flipped against `current`, rows routed to review.
    #[must_use]
    pub fn summary(
        &self,
        name: &str,
        index: &ThresholdIndex,
        current: &[f64],
        disparity: Option<f64>,
    ) -> OptionSummary {
        let m = self.metrics(index);
        let flips = self.flips(index, &[], current, 0, 0.95, 0);
        let n: u64 = flips.iter().map(|f| f.count).sum();
        let flipped: f64 = flips
            .iter()
            .map(|f| f.flipped_share * as_f64(usize::try_from(f.count).unwrap_or(usize::MAX)))
            .sum();
        let routed: u64 = self.routed(index, 0, 0.95, 0).iter().map(|r| r.0).sum();
        OptionSummary {
            name: name.to_owned(),
            accuracy: m.overall(Metric::Accuracy),
            largest_disparity: disparity
                .or_else(|| m.summary(SummaryMetric::DemographicParityDifference)),
            selection_rate: m.overall(Metric::SelectionRate),
            flipped_share: (n > 0)
                .then(|| flipped / as_f64(usize::try_from(n).unwrap_or(usize::MAX))),
            routed: matches!(self, DecisionOption::ReviewBand { .. }).then_some(routed),
        }
    }
}

/// Eight rows in two groups for unit tests: f scores 0.4, 0.6, 0.8, 0.9; m scores 0.1, 0.2, 0.4, 0.7.
#[cfg(test)]
#[must_use]
pub(crate) fn test_index() -> ThresholdIndex {
    let labels = [1, 0, 1, 1, 0, 0, 1, 0].map(|v| Some(v == 1));
    let scores = [0.9, 0.8, 0.6, 0.4, 0.4, 0.2, 0.7, 0.1].map(Some);
    let codes = [0, 0, 0, 0, 1, 1, 1, 1].map(Some);
    let d = super::ScoredData::from_columns(
        &labels,
        &scores,
        &[("sex".into(), vec!["f".into(), "m".into()], codes.to_vec())],
        None,
        None,
    )
    .expect("valid columns");
    ThresholdIndex::build(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> ThresholdIndex {
        test_index()
    }

    fn entry(p0: f64, t0: f64, p1: f64, t1: f64) -> RandomizedEntry {
        RandomizedEntry {
            group: GroupKey::default(),
            p0,
            threshold0: t0,
            p1,
            threshold1: t1,
            p_ignore: 0.0,
            prediction_constant: 0.0,
        }
    }

    #[test]
    fn randomized_flips_are_the_expected_changes_row_by_row() {
        let idx = index();
        // f scores 0.4, 0.6, 0.8, 0.9; m scores 0.1, 0.2, 0.4, 0.7.
        let entries = vec![entry(0.3, 0.5, 0.7, 0.85), entry(1.0, 0.15, 0.0, 0.0)];
        let current = [0.5, 0.5];
        let got =
            DecisionOption::Randomized(entries.clone()).flips(&idx, &[], &current, 0, 0.95, 1);
        for (g, e) in entries.iter().enumerate() {
            let mut to_pos = 0.0;
            let mut to_neg = 0.0;
            for &s in idx.sorted_scores(g) {
                let p = e.p0 * f64::from(u8::from(s > e.threshold0))
                    + e.p1 * f64::from(u8::from(s > e.threshold1));
                if s >= current[g] {
                    to_neg += 1.0 - p;
                } else {
                    to_pos += p;
                }
            }
            let want = (to_pos + to_neg) / 4.0;
            assert!((got[g].flipped_share - want).abs() < 1e-12, "group {g}");
        }
        // Group m: 0.2 and 0.4 become positive, 0.7 stays: 2 of 4.
        assert_eq!(got[1].to_positive, 2);
        assert_eq!(got[1].to_negative, 0);
        // Expected counts add up to the group.
        let c = DecisionOption::Randomized(entries).counts(&idx);
        assert!((c[0].weight.iter().sum::<f64>() - 4.0).abs() < 1e-12);
    }

    #[test]
    fn a_band_routes_its_rows_and_flips_only_automated_ones() {
        let idx = index();
        let band = Band {
            low: 0.35,
            high: 0.65,
        };
        // Threshold 0.3 instead of 0.5: in group m, 0.4 would flip but is routed; in f, 0.4 is routed too.
        let opt = DecisionOption::ReviewBand {
            thresholds: vec![0.3, 0.3],
            band,
        };
        let f = opt.flips(&idx, &[], &[0.5, 0.5], 100, 0.95, 7);
        assert_eq!(f[0].to_positive + f[0].to_negative, 0);
        assert_eq!(f[1].to_positive + f[1].to_negative, 0);
        let routed = opt.routed(&idx, 100, 0.95, 7);
        assert_eq!(routed[0].0, 2); // 0.4, 0.6
        assert_eq!(routed[1].0, 1); // 0.4
        // Without the band, threshold 0.15 flips 0.2 and 0.4 of m.
        let opt = DecisionOption::ReviewBand {
            thresholds: vec![0.5, 0.15],
            band: Band {
                low: 0.0,
                high: 0.0,
            },
        };
        let f = opt.flips(&idx, &[], &[0.5, 0.5], 0, 0.95, 7);
        assert_eq!(f[1].to_positive, 2);
        let s = opt.summary("band", &idx, &[0.5, 0.5], None);
        assert_eq!(s.routed, Some(0));
        assert_eq!(s.flipped_share, Some(2.0 / 8.0));
    }
}
