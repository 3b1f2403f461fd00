//! Every statistic of one audit result as a function of the per-group confusion cells.
//!
//! The point estimate and each bootstrap resample go through the same [`evaluate`], which writes a flat
//! vector of numbers (NaN = undefined) laid out by [`Layout`]. The reasons for undefined values are derived
//! separately by the output assembly, from the same cells.

use super::metric::{Metric, ReferenceMetric, SummaryMetric};
use super::stats::{count_to_f64, generalized_entropy};

/// Cell index of a true positive.
pub(super) const TP: usize = 0;
/// Cell index of a false positive.
pub(super) const FP: usize = 1;
/// Cell index of a true negative.
pub(super) const TN: usize = 2;
/// Cell index of a false negative.
pub(super) const FN: usize = 3;

/// Number of metrics.
pub(super) const NM: usize = Metric::ALL.len();
/// Number of rate metrics.
pub(super) const NR: usize = Metric::RATES.len();
/// Number of summary metrics.
pub(super) const NS: usize = SummaryMetric::ALL.len();
/// Number of AIF360-style reference metrics.
pub(super) const NREF: usize = ReferenceMetric::ALL.len();

/// The confusion cell of a row.
pub(super) fn cell_of(y_true: bool, y_pred: bool) -> usize {
    match (y_true, y_pred) {
        (true, true) => TP,
        (false, true) => FP,
        (false, false) => TN,
        (true, false) => FN,
    }
}

/// Sufficient statistics of one group: per confusion cell the rows, Σw, Σw² and Σw·score.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Cells {
    /// Rows per cell.
    pub n: [u64; 4],
    /// Sum of weights per cell (= rows when unweighted).
    pub w: [f64; 4],
    /// Sum of squared weights per cell (for the Wilson effective sample size).
    pub w2: [f64; 4],
    /// Sum of weight × score per cell.
    pub ws: [f64; 4],
}

impl Cells {
    /// Rows in the group.
    pub fn rows(&self) -> u64 {
        self.n.iter().sum()
    }

    /// Total weight.
    pub fn total(&self) -> f64 {
        self.w.iter().sum()
    }

    /// Add another group's cells.
    pub fn add(&mut self, other: &Cells) {
        for c in 0..4 {
            self.n[c] += other.n[c];
            self.w[c] += other.w[c];
            self.w2[c] += other.w2[c];
            self.ws[c] += other.ws[c];
        }
    }

    /// Σw over a set of cells.
    pub fn w_of(&self, cells: &[usize]) -> f64 {
        cells.iter().map(|&c| self.w[c]).sum()
    }

    /// Σw² over a set of cells.
    pub fn w2_of(&self, cells: &[usize]) -> f64 {
        cells.iter().map(|&c| self.w2[c]).sum()
    }
}

/// Numerator and denominator cells of each proportion (PPR is special: its denominator is the whole data).
pub(super) fn proportion_cells(m: Metric) -> Option<(&'static [usize], &'static [usize])> {
    const ALL: &[usize] = &[TP, FP, TN, FN];
    Some(match m {
        Metric::SelectionRate => (&[TP, FP], ALL),
        Metric::BaseRate => (&[TP, FN], ALL),
        Metric::Accuracy => (&[TP, TN], ALL),
        Metric::TruePositiveRate => (&[TP], &[TP, FN]),
        Metric::FalseNegativeRate => (&[FN], &[TP, FN]),
        Metric::FalsePositiveRate => (&[FP], &[FP, TN]),
        Metric::TrueNegativeRate => (&[TN], &[FP, TN]),
        Metric::Precision => (&[TP], &[TP, FP]),
        Metric::FalseDiscoveryRate => (&[FP], &[TP, FP]),
        Metric::Npv => (&[TN], &[TN, FN]),
        Metric::FalseOmissionRate => (&[FN], &[TN, FN]),
        _ => return None,
    })
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { f64::NAN }
}

/// Write the [`Metric::ALL`] values of one group into `out` (NaN = undefined, also for `mean_score`
/// without a score column). `total_pred_pos` is the weighted number of predicted positives of the data.
pub(super) fn metric_values(c: &Cells, total_pred_pos: f64, has_score: bool, out: &mut [f64]) {
    let [tp, fp, tn, fn_] = c.w;
    let total = tp + fp + tn + fn_;
    let values = [
        count_to_f64(c.rows()),
        tp,
        fp,
        tn,
        fn_,
        tp + fn_,
        tn + fp,
        tp + fp,
        tn + fn_,
        ratio(tp + fp, total),
        ratio(tp + fp, total_pred_pos),
        ratio(tp + fn_, total),
        ratio(tp + tn, total),
        ratio(tp, tp + fn_),
        ratio(fp, fp + tn),
        ratio(tn, tn + fp),
        ratio(fn_, fn_ + tp),
        ratio(tp, tp + fp),
        ratio(tn, tn + fn_),
        ratio(fp, tp + fp),
        ratio(fn_, fn_ + tn),
        f64::midpoint(ratio(tp, tp + fn_), ratio(tn, tn + fp)),
        if has_score {
            ratio(c.ws.iter().sum(), total)
        } else {
            f64::NAN
        },
    ];
    out[..NM].copy_from_slice(&values);
}

/// Why a metric of a group is undefined, or `None` when it is defined.
pub(super) fn metric_reason(m: Metric, c: &Cells, total_pred_pos: f64) -> Option<String> {
    let [tp, fp, tn, fn_] = c.w;
    let total = tp + fp + tn + fn_;
    let empty = || {
        if c.rows() == 0 {
            "no rows in this group".to_owned()
        } else {
            "the weights of this group sum to 0".to_owned()
        }
    };
    let no_actual_pos = "no actual positives (TP + FN = 0)";
    let no_actual_neg = "no actual negatives (TN + FP = 0)";
    let no_predicted_pos = "no predicted positives (TP + FP = 0)";
    let no_predicted_neg = "no predicted negatives (TN + FN = 0)";
    let reason = match m {
        Metric::SelectionRate | Metric::BaseRate | Metric::Accuracy | Metric::MeanScore => {
            (total <= 0.0).then(empty)?
        }
        Metric::Ppr => (total_pred_pos <= 0.0)
            .then(|| "no predicted positives in the whole data".to_owned())?,
        Metric::TruePositiveRate | Metric::FalseNegativeRate => {
            (tp + fn_ <= 0.0).then(|| no_actual_pos.to_owned())?
        }
        Metric::FalsePositiveRate | Metric::TrueNegativeRate => {
            (tn + fp <= 0.0).then(|| no_actual_neg.to_owned())?
        }
        Metric::Precision | Metric::FalseDiscoveryRate => {
            (tp + fp <= 0.0).then(|| no_predicted_pos.to_owned())?
        }
        Metric::Npv | Metric::FalseOmissionRate => {
            (tn + fn_ <= 0.0).then(|| no_predicted_neg.to_owned())?
        }
        Metric::BalancedAccuracy => match (tp + fn_ <= 0.0, tn + fp <= 0.0) {
            (true, true) => empty(),
            (true, false) => no_actual_pos.to_owned(),
            (false, true) => no_actual_neg.to_owned(),
            (false, false) => return None,
        },
        _ => return None,
    };
    Some(reason)
}

/// Positions of every statistic in the flat vector of one result with `groups` groups.
#[derive(Clone, Copy, Debug)]
pub(super) struct Layout {
    groups: usize,
}

impl Layout {
    pub fn new(groups: usize) -> Self {
        Layout { groups }
    }

    pub fn groups(self) -> usize {
        self.groups
    }

    /// Number of statistics.
    pub fn len(self) -> usize {
        self.summary_base() + NS
    }

    pub fn group_metric(self, g: usize, m: Metric) -> usize {
        debug_assert!(g < self.groups, "group index out of range");
        g * NM + m.index()
    }

    pub fn overall(self, m: Metric) -> usize {
        self.groups * NM + m.index()
    }

    fn to_ref_base(self) -> usize {
        self.groups * NM + NM
    }

    /// `kind` 0 = difference to reference, 1 = ratio to reference; `r` = index in [`Metric::RATES`].
    pub fn to_reference(self, g: usize, r: usize, kind: usize) -> usize {
        self.to_ref_base() + (g * NR + r) * 2 + kind
    }

    fn ref_metric_base(self) -> usize {
        self.to_ref_base() + self.groups * NR * 2
    }

    pub fn reference_metric(self, g: usize, k: ReferenceMetric) -> usize {
        self.ref_metric_base() + g * NREF + k as usize
    }

    fn disparity_base(self) -> usize {
        self.ref_metric_base() + self.groups * NREF
    }

    /// `kind` indexes [`super::metric::DisparityKind::AGGREGATE`].
    pub fn disparity(self, r: usize, kind: usize) -> usize {
        self.disparity_base() + r * 4 + kind
    }

    fn summary_base(self) -> usize {
        self.disparity_base() + NR * 4
    }

    pub fn summary(self, s: SummaryMetric) -> usize {
        self.summary_base() + s as usize
    }
}

/// What stays fixed across resamples.
#[derive(Clone, Debug)]
pub(super) struct EvalContext {
    /// A score column exists.
    pub has_score: bool,
    /// Reference group per rate metric (`None`: no usable reference).
    pub references: [Option<usize>; NR],
    /// α of the generalized entropy index.
    pub alpha: f64,
}

/// The four aggregate disparities of one metric over group values `v` (NaN skipped) and overall `o`.
pub(super) fn aggregate_disparities(values: impl Iterator<Item = f64> + Clone, o: f64) -> [f64; 4] {
    let (mut max, mut min, mut any) = (f64::NEG_INFINITY, f64::INFINITY, false);
    let mut diff_overall = f64::NEG_INFINITY;
    let mut ratio_overall = f64::INFINITY;
    for v in values.filter(|v| !v.is_nan()) {
        any = true;
        max = max.max(v);
        min = min.min(v);
        diff_overall = diff_overall.max((v - o).abs());
        let r = v / o;
        ratio_overall = ratio_overall.min(if r > 1.0 { 1.0 / r } else { r });
    }
    if !any {
        return [f64::NAN; 4];
    }
    let ratio_between = if max == 0.0 { f64::NAN } else { min / max };
    let (diff_overall, ratio_overall) = if o.is_nan() {
        (f64::NAN, f64::NAN)
    } else if o == 0.0 {
        (diff_overall, f64::NAN)
    } else {
        (diff_overall, ratio_overall)
    };
    [max - min, ratio_between, diff_overall, ratio_overall]
}

/// Compute every statistic of one result into `out` (length `layout.len()`).
pub(super) fn evaluate(groups: &[Cells], ctx: &EvalContext, layout: Layout, out: &mut [f64]) {
    let g_count = layout.groups();
    let mut overall = Cells::default();
    for c in groups {
        overall.add(c);
    }
    let total_pred_pos = overall.w[TP] + overall.w[FP];
    for (g, c) in groups.iter().enumerate() {
        let at = layout.group_metric(g, Metric::Count);
        metric_values(c, total_pred_pos, ctx.has_score, &mut out[at..at + NM]);
    }
    let at = layout.overall(Metric::Count);
    metric_values(
        &overall,
        total_pred_pos,
        ctx.has_score,
        &mut out[at..at + NM],
    );

    // Comparisons with the reference group.
    for (r, m) in Metric::RATES.iter().enumerate() {
        let ref_value = ctx.references[r].map_or(f64::NAN, |rg| out[layout.group_metric(rg, *m)]);
        for g in 0..g_count {
            let v = out[layout.group_metric(g, *m)];
            out[layout.to_reference(g, r, 0)] = v - ref_value;
            out[layout.to_reference(g, r, 1)] = if ref_value == 0.0 {
                f64::NAN
            } else {
                v / ref_value
            };
        }
    }
    let diff = |out: &[f64], g: usize, m: Metric, kind: usize| {
        m.rate_index()
            .map_or(f64::NAN, |r| out[layout.to_reference(g, r, kind)])
    };
    for g in 0..g_count {
        let sr_ratio = diff(out, g, Metric::SelectionRate, 1);
        let sr_diff = diff(out, g, Metric::SelectionRate, 0);
        let fpr = diff(out, g, Metric::FalsePositiveRate, 0);
        let tpr = diff(out, g, Metric::TruePositiveRate, 0);
        out[layout.reference_metric(g, ReferenceMetric::DisparateImpact)] = sr_ratio;
        out[layout.reference_metric(g, ReferenceMetric::StatisticalParityDifference)] = sr_diff;
        out[layout.reference_metric(g, ReferenceMetric::AverageOddsDifference)] = 0.5 * (fpr + tpr);
        out[layout.reference_metric(g, ReferenceMetric::EqualOpportunityDifference)] = tpr;
    }

    // Aggregate disparities.
    for (r, m) in Metric::RATES.iter().enumerate() {
        let o = out[layout.overall(*m)];
        let d = aggregate_disparities((0..g_count).map(|g| out[layout.group_metric(g, *m)]), o);
        for (k, v) in d.iter().enumerate() {
            out[layout.disparity(r, k)] = *v;
        }
    }

    // Summary metrics.
    let disp = |out: &[f64], m: Metric, k: usize| {
        m.rate_index()
            .map_or(f64::NAN, |r| out[layout.disparity(r, k)])
    };
    let tpr_d = disp(out, Metric::TruePositiveRate, 0);
    let fpr_d = disp(out, Metric::FalsePositiveRate, 0);
    let tpr_r = disp(out, Metric::TruePositiveRate, 1);
    let fpr_r = disp(out, Metric::FalsePositiveRate, 1);
    let both = |a: f64, b: f64, f: fn(f64, f64) -> f64| {
        if a.is_nan() || b.is_nan() {
            f64::NAN
        } else {
            f(a, b)
        }
    };
    let values = [
        disp(out, Metric::SelectionRate, 0),
        disp(out, Metric::SelectionRate, 1),
        both(tpr_d, fpr_d, f64::max),
        both(tpr_r, fpr_r, f64::min),
        both(tpr_d, fpr_d, f64::midpoint),
        both(tpr_r, fpr_r, f64::midpoint),
        tpr_d,
        tpr_r,
        individual_entropy(&overall, 1.0),
        individual_entropy(&overall, ctx.alpha),
        between_group_entropy(groups, 1.0),
        between_group_entropy(groups, ctx.alpha),
    ];
    for (s, v) in SummaryMetric::ALL.iter().zip(values) {
        out[layout.summary(*s)] = v;
    }
}

/// AIF360 generalized entropy over rows, bᵢ = ŷᵢ − yᵢ + 1: FN → 0, TP/TN → 1, FP → 2.
pub(super) fn individual_entropy(c: &Cells, alpha: f64) -> f64 {
    let atoms = [(c.w[FN], 0.0), (c.w[TP] + c.w[TN], 1.0), (c.w[FP], 2.0)];
    generalized_entropy(atoms.iter().copied(), alpha)
}

/// Between-group generalized entropy: every bᵢ replaced by its (weighted) group mean.
pub(super) fn between_group_entropy(groups: &[Cells], alpha: f64) -> f64 {
    let atoms = groups.iter().filter_map(|c| {
        let total = c.total();
        (total > 0.0).then(|| (total, (c.w[TP] + c.w[TN] + 2.0 * c.w[FP]) / total))
    });
    generalized_entropy(atoms, alpha)
}
