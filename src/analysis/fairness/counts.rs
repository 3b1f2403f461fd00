//! The metrics, disparities and summaries of the audit computed straight from per-group confusion counts,
//! without rows: what a what-if slider needs when it recounts the cells by binary search instead of by a
//! pass over the data. The numbers come from the same [`super::evaluate::evaluate`] as the audit, so they
//! cannot drift apart from it.

use super::evaluate::{Cells, EvalContext, FN, FP, Layout, NR, TN, TP, evaluate, metric_reason};
use super::metric::{DisparityKind, Metric, SummaryMetric};

/// The confusion counts of one group (weighted sums; `rows` unweighted per cell).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ConfusionCounts {
    /// Rows per cell, in the order TP, FP, TN, FN.
    pub rows: [u64; 4],
    /// Weight per cell (= rows when unweighted), in the order TP, FP, TN, FN.
    pub weight: [f64; 4],
    /// Σ weight × score over the group's rows (for `mean_score`); 0 without a score.
    pub weighted_score_sum: f64,
}

impl ConfusionCounts {
    /// Unweighted counts.
    #[must_use]
    pub fn unweighted(tp: u64, fp: u64, tn: u64, fn_: u64) -> Self {
        let rows = [tp, fp, tn, fn_];
        let weight = rows.map(super::stats::count_to_f64);
        ConfusionCounts {
            rows,
            weight,
            weighted_score_sum: 0.0,
        }
    }

    /// Rows in the group.
    #[must_use]
    pub fn total_rows(&self) -> u64 {
        self.rows.iter().sum()
    }

    /// Add another group's counts.
    pub fn add(&mut self, other: &ConfusionCounts) {
        for c in 0..4 {
            self.rows[c] += other.rows[c];
            self.weight[c] += other.weight[c];
        }
        self.weighted_score_sum += other.weighted_score_sum;
    }

    /// Weighted TP.
    #[must_use]
    pub fn tp(&self) -> f64 {
        self.weight[TP]
    }
    /// Weighted FP.
    #[must_use]
    pub fn fp(&self) -> f64 {
        self.weight[FP]
    }
    /// Weighted TN.
    #[must_use]
    pub fn tn(&self) -> f64 {
        self.weight[TN]
    }
    /// Weighted FN.
    #[must_use]
    pub fn fn_(&self) -> f64 {
        self.weight[FN]
    }

    fn cells(&self) -> Cells {
        let mut ws = [0.0; 4];
        ws[TP] = self.weighted_score_sum;
        Cells {
            n: self.rows,
            w: self.weight,
            // Only the Wilson intervals of the audit use Σw²; they are not computed here.
            w2: self.weight,
            ws,
        }
    }
}

/// Every per-group metric, the overall metrics, the aggregate disparities and the summary metrics of a set
/// of groups, with NaN for an undefined value (see [`CountMetrics::reason`]).
#[derive(Clone, Debug)]
pub struct CountMetrics {
    layout: Layout,
    values: Vec<f64>,
    cells: Vec<Cells>,
    overall: Cells,
}

impl CountMetrics {
    /// Evaluate the metrics of `groups` (in the caller's group order). `has_score`: whether
    /// `mean_score` is meaningful.
    #[must_use]
    pub fn evaluate(groups: &[ConfusionCounts], has_score: bool) -> Self {
        let cells: Vec<Cells> = groups.iter().map(ConfusionCounts::cells).collect();
        let layout = Layout::new(cells.len());
        let mut values = vec![f64::NAN; layout.len()];
        let ctx = EvalContext {
            has_score,
            references: [None; NR],
            alpha: 2.0,
        };
        evaluate(&cells, &ctx, layout, &mut values);
        let mut overall = Cells::default();
        for c in &cells {
            overall.add(c);
        }
        CountMetrics {
            layout,
            values,
            cells,
            overall,
        }
    }

    /// Number of groups.
    #[must_use]
    pub fn groups(&self) -> usize {
        self.layout.groups()
    }

    /// A group's metric; `None` when undefined (zero denominator) or `g` is out of range.
    #[must_use]
    pub fn group(&self, g: usize, m: Metric) -> Option<f64> {
        if g >= self.layout.groups() {
            return None;
        }
        let v = self.values[self.layout.group_metric(g, m)];
        (!v.is_nan()).then_some(v)
    }

    /// An overall metric; `None` when undefined.
    #[must_use]
    pub fn overall(&self, m: Metric) -> Option<f64> {
        let v = self.values[self.layout.overall(m)];
        (!v.is_nan()).then_some(v)
    }

    /// An aggregate disparity of a rate metric; `None` when undefined or not an aggregate kind.
    #[must_use]
    pub fn disparity(&self, m: Metric, kind: DisparityKind) -> Option<f64> {
        let r = m.rate_index()?;
        let k = DisparityKind::AGGREGATE.iter().position(|x| *x == kind)?;
        let v = self.values[self.layout.disparity(r, k)];
        (!v.is_nan()).then_some(v)
    }

    /// A summary metric; `None` when undefined.
    #[must_use]
    pub fn summary(&self, s: SummaryMetric) -> Option<f64> {
        let v = self.values[self.layout.summary(s)];
        (!v.is_nan()).then_some(v)
    }

    /// Why a group's metric is undefined (`None` when it is defined).
    #[must_use]
    pub fn reason(&self, g: usize, m: Metric) -> Option<String> {
        let c = self.cells.get(g)?;
        metric_reason(m, c, self.overall.w[TP] + self.overall.w[FP])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_undefined_values_from_counts() {
        let a = ConfusionCounts::unweighted(30, 10, 50, 10);
        let b = ConfusionCounts::unweighted(0, 5, 45, 0);
        let m = CountMetrics::evaluate(&[a, b], false);
        assert_eq!(m.group(0, Metric::TruePositiveRate), Some(0.75));
        assert_eq!(m.group(1, Metric::TruePositiveRate), None);
        assert_eq!(
            m.reason(1, Metric::TruePositiveRate).as_deref(),
            Some("no actual positives (TP + FN = 0)")
        );
        assert_eq!(m.group(1, Metric::SelectionRate), Some(0.1));
        assert_eq!(m.overall(Metric::SelectionRate), Some(45.0 / 150.0));
        let dp = m.summary(SummaryMetric::DemographicParityDifference);
        assert!(dp.is_some_and(|v| (v - 0.3).abs() < 1e-15));
        // The group without positives is skipped, never counted as 0.
        assert_eq!(
            m.disparity(
                Metric::TruePositiveRate,
                DisparityKind::DifferenceBetweenGroups
            ),
            Some(0.0)
        );
    }
}
