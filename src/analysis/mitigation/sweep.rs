//! Fast recounting of the confusion cells at any threshold: the scores of each group are sorted once, with
//! prefix sums of the positive and negative labels (rows and weights), so the cells at a threshold are one
//! binary search per group, and a review band two more.

use crate::analysis::fairness::{ConfusionCounts, CountMetrics};

use super::data::ScoredData;

/// A review band: rows with `low ≤ score < high` go to a person.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Band {
    /// Lowest score sent to review.
    pub low: f64,
    /// First score above the band.
    pub high: f64,
}

/// One group's counts with a review band.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BandCounts {
    /// Rows sent to review (unweighted).
    pub routed_rows: u64,
    /// Weight of the rows sent to review.
    pub routed_weight: f64,
    /// Confusion counts of the rows decided automatically.
    pub automated: ConfusionCounts,
}

/// A point of a per-group curve against the threshold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    /// The threshold (score ≥ threshold is positive).
    pub threshold: f64,
    /// Selection rate at the threshold.
    pub selection_rate: f64,
    /// True positive rate (`None` without actual positives).
    pub true_positive_rate: Option<f64>,
    /// False positive rate (`None` without actual negatives).
    pub false_positive_rate: Option<f64>,
}

/// The sorted scores of one group and the prefix sums below each position.
#[derive(Clone, Debug, Default)]
struct SortedGroup {
    /// Scores ascending.
    scores: Vec<f64>,
    /// `pos_rows[i]`: positive labels among the first `i` sorted rows (length n + 1).
    pos_rows: Vec<u32>,
    /// Weight of the positives among the first `i` rows (length n + 1); empty without weights.
    pos_weight: Vec<f64>,
    /// Weight of the negatives among the first `i` rows (length n + 1); empty without weights.
    neg_weight: Vec<f64>,
    /// Σ weight × score of the group.
    weighted_score_sum: f64,
}

impl SortedGroup {
    fn len(&self) -> usize {
        self.scores.len()
    }

    /// Rows with a score below `t`.
    fn below(&self, t: f64) -> usize {
        self.scores.partition_point(|s| *s < t)
    }

    /// (positives rows, negatives rows, positive weight, negative weight) among the first `i` rows.
    fn prefix(&self, i: usize) -> (u64, u64, f64, f64) {
        let p = u64::from(self.pos_rows[i]);
        let n = i as u64 - p;
        if self.pos_weight.is_empty() {
            #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
            (p, n, p as f64, n as f64)
        } else {
            (p, n, self.pos_weight[i], self.neg_weight[i])
        }
    }

    /// Confusion counts when the rows `[start, end)` (sorted positions) are the predicted positives and the
    /// rows of `[from, to)` are decided (the others are excluded).
    fn counts(&self, from: usize, to: usize, cut: usize) -> ConfusionCounts {
        let cut = cut.clamp(from, to);
        let (p0, n0, pw0, nw0) = self.prefix(from);
        let (pc, nc, pwc, nwc) = self.prefix(cut);
        let (p1, n1, pw1, nw1) = self.prefix(to);
        ConfusionCounts {
            rows: [p1 - pc, n1 - nc, nc - n0, pc - p0],
            weight: [pw1 - pwc, nw1 - nwc, nwc - nw0, pwc - pw0],
            weighted_score_sum: self.weighted_score_sum,
        }
    }
}

/// Sorted scores per group with prefix sums of the labels: the confusion counts at any threshold in
/// O(groups · log n).
#[derive(Clone, Debug)]
pub struct ThresholdIndex {
    groups: Vec<SortedGroup>,
    has_weights: bool,
}

impl ThresholdIndex {
    /// Sort the scores of each group once (O(n log n)).
    #[must_use]
    pub fn build(data: &ScoredData) -> Self {
        let g_count = data.groups.len();
        let mut rows: Vec<Vec<(f64, bool, f64)>> = vec![Vec::new(); g_count];
        for row in 0..data.rows() {
            let g = data.group_of[row] as usize;
            rows[g].push((data.scores[row], data.labels[row], data.weight(row)));
        }
        let has_weights = data.weights.is_some();
        let groups = rows
            .into_iter()
            .map(|mut r| {
                r.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
                let n = r.len();
                let mut pos_rows = Vec::with_capacity(n + 1);
                let (mut pos_weight, mut neg_weight) = if has_weights {
                    (Vec::with_capacity(n + 1), Vec::with_capacity(n + 1))
                } else {
                    (Vec::new(), Vec::new())
                };
                let (mut p, mut pw, mut nw, mut ws) = (0_u32, 0.0, 0.0, 0.0);
                pos_rows.push(0);
                if has_weights {
                    pos_weight.push(0.0);
                    neg_weight.push(0.0);
                }
                for &(s, y, w) in &r {
                    if y {
                        p += 1;
                        pw += w;
                    } else {
                        nw += w;
                    }
                    ws += w * s;
                    pos_rows.push(p);
                    if has_weights {
                        pos_weight.push(pw);
                        neg_weight.push(nw);
                    }
                }
                SortedGroup {
                    scores: r.into_iter().map(|x| x.0).collect(),
                    pos_rows,
                    pos_weight,
                    neg_weight,
                    weighted_score_sum: ws,
                }
            })
            .collect();
        ThresholdIndex {
            groups,
            has_weights,
        }
    }

    /// Number of groups.
    #[must_use]
    pub fn groups(&self) -> usize {
        self.groups.len()
    }

    /// Whether the counts are weighted.
    #[must_use]
    pub fn weighted(&self) -> bool {
        self.has_weights
    }

    /// Rows of a group.
    #[must_use]
    pub fn group_rows(&self, g: usize) -> usize {
        self.groups.get(g).map_or(0, SortedGroup::len)
    }

    /// The sorted scores of a group (ascending).
    #[must_use]
    pub fn sorted_scores(&self, g: usize) -> &[f64] {
        self.groups.get(g).map_or(&[], |s| s.scores.as_slice())
    }

    /// Confusion counts of group `g` at threshold `t` (score ≥ t is positive).
    #[must_use]
    pub fn counts_at(&self, g: usize, t: f64) -> ConfusionCounts {
        let Some(sg) = self.groups.get(g) else {
            return ConfusionCounts::default();
        };
        sg.counts(0, sg.len(), sg.below(t))
    }

    /// Confusion counts of group `g` when rows with a score strictly above `t` are positive (Fairlearn's
    /// `> threshold` operation).
    #[must_use]
    pub fn counts_above(&self, g: usize, t: f64) -> ConfusionCounts {
        let Some(sg) = self.groups.get(g) else {
            return ConfusionCounts::default();
        };
        sg.counts(0, sg.len(), sg.scores.partition_point(|s| *s <= t))
    }

    /// Confusion counts of group `g` when its `k` highest-scoring rows are the positives (a cut between
    /// sorted positions; `k` is clamped to the group's size).
    #[must_use]
    pub fn counts_top(&self, g: usize, k: usize) -> ConfusionCounts {
        let Some(sg) = self.groups.get(g) else {
            return ConfusionCounts::default();
        };
        let n = sg.len();
        sg.counts(0, n, n - k.min(n))
    }

    /// Counts of every group at its own threshold.
    #[must_use]
    pub fn counts_at_each(&self, thresholds: &[f64]) -> Vec<ConfusionCounts> {
        (0..self.groups.len())
            .map(|g| self.counts_at(g, thresholds.get(g).copied().unwrap_or(f64::INFINITY)))
            .collect()
    }

    /// Every metric, disparity and summary of the decisions at the per-group thresholds, from the fairness
    /// engine. This is what one slider update costs.
    #[must_use]
    pub fn metrics_at(&self, thresholds: &[f64]) -> CountMetrics {
        CountMetrics::evaluate(&self.counts_at_each(thresholds), true)
    }

    /// Group `g` with a review band at threshold `t`: how many rows go to review and the confusion counts of
    /// the rows decided automatically.
    #[must_use]
    pub fn band_at(&self, g: usize, t: f64, band: Band) -> BandCounts {
        let Some(sg) = self.groups.get(g) else {
            return BandCounts::default();
        };
        let lo = sg.below(band.low);
        let hi = sg.below(band.high).max(lo);
        let cut = sg.below(t);
        let below = sg.counts(0, lo, cut);
        let above = sg.counts(hi, sg.len(), cut);
        let mut automated = below;
        automated.add(&above);
        automated.weighted_score_sum = 0.0;
        let below_band = sg.prefix(lo);
        let up_to_band_end = sg.prefix(hi);
        BandCounts {
            routed_rows: (up_to_band_end.0 + up_to_band_end.1) - (below_band.0 + below_band.1),
            routed_weight: (up_to_band_end.2 + up_to_band_end.3) - (below_band.2 + below_band.3),
            automated,
        }
    }

    /// Selection rate, TPR and FPR of group `g` at `steps + 1` thresholds evenly spaced over `[low, high]`.
    #[must_use]
    pub fn curve(&self, g: usize, low: f64, high: f64, steps: usize) -> Vec<CurvePoint> {
        let steps = steps.max(1);
        (0..=steps)
            .map(|i| {
                #[expect(clippy::cast_precision_loss, reason = "a few hundred steps")]
                let t = low + (high - low) * (i as f64 / steps as f64);
                let c = self.counts_at(g, t);
                let total = c.tp() + c.fp() + c.tn() + c.fn_();
                let rate = |num: f64, den: f64| (den > 0.0).then(|| num / den);
                CurvePoint {
                    threshold: t,
                    selection_rate: rate(c.tp() + c.fp(), total).unwrap_or(f64::NAN),
                    true_positive_rate: rate(c.tp(), c.tp() + c.fn_()),
                    false_positive_rate: rate(c.fp(), c.fp() + c.tn()),
                }
            })
            .collect()
    }

    /// The ROC curve of group `g`: (FPR, TPR, threshold) at every distinct score, from (0, 0) to (1, 1).
    /// `None` when the group lacks positives or negatives.
    #[must_use]
    #[expect(clippy::many_single_char_names, reason = "counts named as in the text")]
    pub fn roc(&self, g: usize) -> Option<Vec<[f64; 3]>> {
        let sg = self.groups.get(g)?;
        let n = sg.len();
        let (p, q, pw, nw) = sg.prefix(n);
        if p == 0 || q == 0 || pw <= 0.0 || nw <= 0.0 {
            return None;
        }
        let mut out = vec![[0.0, 0.0, f64::INFINITY]];
        let mut i = n;
        while i > 0 {
            let s = sg.scores[i - 1];
            let start = sg.scores[..i].partition_point(|x| *x < s);
            let c = sg.counts(0, n, start);
            out.push([c.fp() / nw, c.tp() / pw, s]);
            i = start;
        }
        Some(out)
    }
}

/// The curves a screen draws for one group: selection rate, TPR and FPR against the threshold, and the ROC
/// curve (thinned to at most a few hundred points so drawing stays cheap on a million rows).
#[derive(Clone, Debug, PartialEq)]
pub struct GroupCurves {
    /// Rates at evenly spaced thresholds over the score range.
    pub rates: Vec<CurvePoint>,
    /// (FPR, TPR, threshold) from (0, 0) to (1, 1); `None` without actual positives or negatives.
    pub roc: Option<Vec<[f64; 3]>>,
}

impl ThresholdIndex {
    /// The ROC curve of group `g` with at most about `max_points` points: the operating points at the
    /// distinct scores found at evenly spaced ranks (every distinct score when there are fewer), from (0, 0)
    /// to (1, 1). `None` when the group lacks positives or negatives.
    #[must_use]
    #[expect(clippy::many_single_char_names, reason = "counts named as in the text")]
    pub fn roc_sampled(&self, g: usize, max_points: usize) -> Option<Vec<[f64; 3]>> {
        let sg = self.groups.get(g)?;
        let n = sg.len();
        let (p, q, pw, nw) = sg.prefix(n);
        if p == 0 || q == 0 || pw <= 0.0 || nw <= 0.0 {
            return None;
        }
        let steps = max_points.max(2);
        let mut starts: Vec<usize> = (0..steps)
            .map(|j| sg.below(sg.scores[j * n / steps]))
            .collect();
        starts.push(0);
        starts.sort_unstable();
        starts.dedup();
        let mut out = vec![[0.0, 0.0, f64::INFINITY]];
        for &start in starts.iter().rev() {
            let c = sg.counts(0, n, start);
            out.push([c.fp() / nw, c.tp() / pw, sg.scores[start]]);
        }
        Some(out)
    }

    /// (FPR, TPR) of group `g` at threshold `t`: its operating point on the ROC curve; `None` without
    /// actual positives or negatives.
    #[must_use]
    pub fn operating_point(&self, g: usize, t: f64) -> Option<[f64; 2]> {
        let c = self.counts_at(g, t);
        let (pos, neg) = (c.tp() + c.fn_(), c.fp() + c.tn());
        (pos > 0.0 && neg > 0.0).then(|| [c.fp() / neg, c.tp() / pos])
    }

    /// Every group's curves over `[low, high]` (`steps + 1` thresholds) and its ROC curve thinned to about
    /// `roc_points` points. Computed once per loaded dataset; the operating points move with the threshold
    /// ([`ThresholdIndex::operating_point`]).
    #[must_use]
    pub fn curves(&self, low: f64, high: f64, steps: usize, roc_points: usize) -> Vec<GroupCurves> {
        (0..self.groups())
            .map(|g| GroupCurves {
                rates: self.curve(g, low, high, steps),
                roc: self.roc_sampled(g, roc_points),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fairness::Metric;

    fn data() -> ScoredData {
        let labels = [1, 0, 1, 1, 0, 0, 1, 0].map(|v| Some(v == 1));
        let scores = [0.9, 0.8, 0.6, 0.4, 0.4, 0.2, 0.7, 0.1].map(Some);
        let codes = [0, 0, 0, 0, 1, 1, 1, 1].map(Some);
        ScoredData::from_columns(
            &labels,
            &scores,
            &[("sex".into(), vec!["f".into(), "m".into()], codes.to_vec())],
            None,
            None,
        )
        .unwrap()
    }

    #[test]
    fn counts_by_binary_search_match_a_row_pass() {
        let d = data();
        let idx = ThresholdIndex::build(&d);
        for t in [0.0, 0.1, 0.4, 0.45, 0.7, 0.9, 1.0] {
            for g in 0..2 {
                let mut want = [0_u64; 4];
                for r in 0..d.rows() {
                    if d.group_of[r] as usize != g {
                        continue;
                    }
                    let pred = d.scores[r] >= t;
                    let cell = match (d.labels[r], pred) {
                        (true, true) => 0,
                        (false, true) => 1,
                        (false, false) => 2,
                        (true, false) => 3,
                    };
                    want[cell] += 1;
                }
                assert_eq!(idx.counts_at(g, t).rows, want, "t = {t}, g = {g}");
            }
        }
        let m = idx.metrics_at(&[0.5, 0.5]);
        assert_eq!(m.group(0, Metric::SelectionRate), Some(0.75));
        assert_eq!(m.group(1, Metric::TruePositiveRate), Some(1.0));
    }

    #[test]
    fn band_routes_and_keeps_the_rest_automatic() {
        let d = data();
        let idx = ThresholdIndex::build(&d);
        let b = idx.band_at(
            0,
            0.5,
            Band {
                low: 0.4,
                high: 0.7,
            },
        );
        // Group f: scores 0.9 (1), 0.8 (0), 0.6 (1), 0.4 (1): 0.6 and 0.4 go to review.
        assert_eq!(b.routed_rows, 2);
        assert_eq!(b.automated.rows, [1, 1, 0, 0]);
        let roc = idx.roc(1).unwrap();
        assert_eq!(roc.first().map(|p| [p[0], p[1]]), Some([0.0, 0.0]));
        assert_eq!(roc.last().map(|p| [p[0], p[1]]), Some([1.0, 1.0]));
    }

    #[test]
    fn thinned_roc_keeps_the_ends_and_lies_on_the_full_curve() {
        let d = data();
        let idx = ThresholdIndex::build(&d);
        for g in 0..2 {
            let full = idx.roc(g).unwrap();
            // Enough points: the same curve.
            assert_eq!(idx.roc_sampled(g, 100).unwrap(), full);
            // Two points: the ends and points of the full curve only.
            let thin = idx.roc_sampled(g, 2).unwrap();
            assert!(thin.len() <= full.len());
            assert_eq!(thin.first(), full.first());
            assert_eq!(thin.last(), full.last());
            assert!(thin.iter().all(|p| full.contains(p)));
        }
        // Group m (scores 0.4 n, 0.2 n, 0.7 p, 0.1 n) at 0.3: TP 1 of 1, FP 1 of 3.
        assert_eq!(idx.operating_point(1, 0.3), Some([1.0 / 3.0, 1.0]));
        let curves = idx.curves(0.0, 1.0, 10, 50);
        assert_eq!(curves.len(), 2);
        assert_eq!(curves[0].rates.len(), 11);
        assert!((curves[0].rates[0].selection_rate - 1.0).abs() < 1e-12);
        assert!(curves[0].rates[10].selection_rate.abs() < 1e-12);
    }
}
