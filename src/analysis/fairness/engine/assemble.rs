//! The assembly of one result: point estimates, intervals, disparities, reference comparisons and summary
//! metrics turned into the output structs, with the reason beside every undefined value.

use std::collections::BTreeMap;

use super::super::evaluate::{Cells, FN, NR};
use super::super::metric::{DisparityKind, Metric, ReferenceMetric, SummaryMetric};
use super::super::output::{Disparity, GroupKey, GroupResult, Interval, ReferenceComparison};

use super::{Intervals, RunCtx, metrics_map, opt, wilson_for};

/// Turns the point estimates and bootstrap matrix of one result into output structs.
pub(super) struct Assembly<'a> {
    pub(super) rc: RunCtx<'a>,
    pub(super) refs: [Option<usize>; NR],
    pub(super) intervals: Option<Intervals>,
    pub(super) z: f64,
    pub(super) rates: Vec<Metric>,
}

type Maps<K, V> = (BTreeMap<K, V>, BTreeMap<K, String>, BTreeMap<K, Interval>);

impl Assembly<'_> {
    fn ci(&mut self, idx: usize, path: impl FnOnce() -> String) -> Option<Interval> {
        let point = self.rc.point[idx];
        self.intervals
            .as_mut()
            .and_then(|iv| iv.get(idx, point, path))
    }

    /// Wilson and bootstrap intervals of every metric of one group (or the overall row).
    pub(super) fn intervals_of(
        &mut self,
        c: &Cells,
        index: impl Fn(Metric) -> usize,
        path: &str,
    ) -> (BTreeMap<Metric, Interval>, BTreeMap<Metric, Interval>) {
        let mut wilson = BTreeMap::new();
        let mut ci = BTreeMap::new();
        for m in Metric::ALL {
            if m == Metric::MeanScore && !self.rc.has_score {
                continue;
            }
            let idx = index(m);
            let value = self.rc.point[idx];
            if let Some(w) = wilson_for(m, c, self.rc.overall, self.rc.weighted, self.z, value) {
                wilson.insert(m, w);
            }
            if m != Metric::Count
                && let Some(iv) = self.ci(idx, || format!("{path}.{}", m.name()))
            {
                ci.insert(m, iv);
            }
        }
        (wilson, ci)
    }

    pub(super) fn group(&mut self, g: usize, key: &GroupKey) -> GroupResult {
        let rc = self.rc;
        let c = &rc.cells[g];
        let layout = rc.layout;
        let (metrics, undefined) = metrics_map(rc, c, layout.group_metric(g, Metric::Count));
        let label = key.label();
        let (wilson, ci) = self.intervals_of(
            c,
            |m| layout.group_metric(g, m),
            &format!("by_group[{label}]"),
        );
        let mut to_reference = BTreeMap::new();
        for m in self.rates.clone() {
            let Some(r) = m.rate_index() else { continue };
            let mut cmp = ReferenceComparison::default();
            for (kind_i, kind) in [
                DisparityKind::DifferenceToReference,
                DisparityKind::RatioToReference,
            ]
            .into_iter()
            .enumerate()
            {
                let idx = layout.to_reference(g, r, kind_i);
                let v = opt(rc.point[idx]);
                if v.is_none() {
                    cmp.undefined
                        .insert(kind, to_reference_reason(rc, &self.refs, g, m, kind));
                } else if let Some(iv) = self.ci(idx, || {
                    format!(
                        "by_group[{label}].to_reference.{}.{}",
                        m.name(),
                        kind.name()
                    )
                }) {
                    cmp.ci.insert(kind, iv);
                }
                if kind == DisparityKind::DifferenceToReference {
                    cmp.difference_to_reference = v;
                } else {
                    cmp.ratio_to_reference = v;
                }
            }
            to_reference.insert(m, cmp);
        }
        let (reference_metrics, reference_metrics_undefined, reference_metrics_ci) =
            self.reference_metrics(g, &label);
        GroupResult {
            group: key.clone(),
            small_sample: c.rows() < rc.config.min_group_size,
            metrics,
            undefined,
            wilson,
            ci,
            to_reference,
            reference_metrics,
            reference_metrics_undefined,
            reference_metrics_ci,
        }
    }

    fn reference_metrics(&mut self, g: usize, label: &str) -> Maps<ReferenceMetric, Option<f64>> {
        let rc = self.rc;
        let mut values = BTreeMap::new();
        let mut undefined = BTreeMap::new();
        let mut ci = BTreeMap::new();
        for k in ReferenceMetric::ALL {
            let idx = rc.layout.reference_metric(g, k);
            let v = opt(rc.point[idx]);
            if v.is_none() {
                const D: DisparityKind = DisparityKind::DifferenceToReference;
                let parts: &[(Metric, DisparityKind)] = match k {
                    ReferenceMetric::DisparateImpact => {
                        &[(Metric::SelectionRate, DisparityKind::RatioToReference)]
                    }
                    ReferenceMetric::StatisticalParityDifference => &[(Metric::SelectionRate, D)],
                    ReferenceMetric::AverageOddsDifference => &[
                        (Metric::FalsePositiveRate, D),
                        (Metric::TruePositiveRate, D),
                    ],
                    ReferenceMetric::EqualOpportunityDifference => &[(Metric::TruePositiveRate, D)],
                };
                let reason = parts
                    .iter()
                    .filter(|(m, kind)| {
                        m.rate_index().is_some_and(|r| {
                            let kind_i = usize::from(*kind == DisparityKind::RatioToReference);
                            rc.point[rc.layout.to_reference(g, r, kind_i)].is_nan()
                        })
                    })
                    .map(|(m, kind)| {
                        format!(
                            "{}: {}",
                            m.name(),
                            to_reference_reason(rc, &self.refs, g, *m, *kind)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                undefined.insert(k, reason);
            } else if let Some(iv) = self.ci(idx, || {
                format!("by_group[{label}].reference_metrics.{}", k.name())
            }) {
                ci.insert(k, iv);
            }
            values.insert(k, v);
        }
        (values, undefined, ci)
    }

    pub(super) fn disparities(&mut self) -> BTreeMap<Metric, Disparity> {
        let rc = self.rc;
        let mut out = BTreeMap::new();
        for m in self.rates.clone() {
            let Some(r) = m.rate_index() else { continue };
            let mut d = Disparity::default();
            for (k, kind) in DisparityKind::AGGREGATE.into_iter().enumerate() {
                let idx = rc.layout.disparity(r, k);
                let v = opt(rc.point[idx]);
                if v.is_none() {
                    d.undefined.insert(kind, disparity_reason(rc, m, kind));
                } else if let Some(iv) =
                    self.ci(idx, || format!("disparities.{}.{}", m.name(), kind.name()))
                {
                    d.ci.insert(kind, iv);
                }
                match kind {
                    DisparityKind::DifferenceBetweenGroups => d.difference_between_groups = v,
                    DisparityKind::RatioBetweenGroups => d.ratio_between_groups = v,
                    DisparityKind::DifferenceToOverall => d.difference_to_overall = v,
                    _ => d.ratio_to_overall = v,
                }
            }
            out.insert(m, d);
        }
        out
    }

    pub(super) fn summary(&mut self) -> Maps<SummaryMetric, Option<f64>> {
        let rc = self.rc;
        let mut values = BTreeMap::new();
        let mut undefined = BTreeMap::new();
        let mut ci = BTreeMap::new();
        for s in SummaryMetric::ALL {
            let idx = rc.layout.summary(s);
            let v = opt(rc.point[idx]);
            if v.is_none() {
                undefined.insert(s, summary_reason(rc, s));
            } else if let Some(iv) = self.ci(idx, || format!("summary.{}", s.name())) {
                ci.insert(s, iv);
            }
            values.insert(s, v);
        }
        (values, undefined, ci)
    }
}

/// Reference group key per rate metric.
pub(super) fn reference_keys(
    refs: &[Option<usize>; NR],
    keys: &[GroupKey],
) -> [Option<GroupKey>; NR] {
    std::array::from_fn(|r| refs[r].and_then(|g| keys.get(g).cloned()))
}

pub(super) fn to_reference_reason(
    rc: RunCtx<'_>,
    refs: &[Option<usize>; NR],
    g: usize,
    m: Metric,
    kind: DisparityKind,
) -> String {
    let Some(r) = m.rate_index() else {
        return "not a rate".to_owned();
    };
    let Some(rg) = refs[r] else {
        return "there is no reference group".to_owned();
    };
    let name = m.name();
    if rc.point[rc.layout.group_metric(g, m)].is_nan() {
        return format!("{name} is undefined for this group");
    }
    let ref_value = rc.point[rc.layout.group_metric(rg, m)];
    if ref_value.is_nan() {
        return format!("{name} is undefined for the reference group");
    }
    if kind == DisparityKind::RatioToReference {
        return format!("{name} of the reference group is 0");
    }
    "undefined".to_owned()
}

fn disparity_reason(rc: RunCtx<'_>, m: Metric, kind: DisparityKind) -> String {
    let values: Vec<f64> = (0..rc.layout.groups())
        .map(|g| rc.point[rc.layout.group_metric(g, m)])
        .filter(|v| !v.is_nan())
        .collect();
    let name = m.name();
    if values.is_empty() {
        return format!("no group has a defined {name}");
    }
    let o = rc.point[rc.layout.overall(m)];
    match kind {
        DisparityKind::RatioBetweenGroups => format!("the largest group {name} is 0 (0/0)"),
        DisparityKind::DifferenceToOverall | DisparityKind::RatioToOverall if o.is_nan() => {
            format!("the overall {name} is undefined")
        }
        DisparityKind::RatioToOverall => format!("the overall {name} is 0"),
        _ => "undefined".to_owned(),
    }
}

pub(super) fn summary_reason(rc: RunCtx<'_>, s: SummaryMetric) -> String {
    const D: DisparityKind = DisparityKind::DifferenceBetweenGroups;
    const R: DisparityKind = DisparityKind::RatioBetweenGroups;
    let needs = |parts: &[(Metric, DisparityKind)]| {
        let mut why: Vec<String> = Vec::new();
        for (m, kind) in parts {
            let Some(r) = m.rate_index() else { continue };
            let k = DisparityKind::AGGREGATE
                .iter()
                .position(|x| x == kind)
                .unwrap_or(0);
            if rc.point[rc.layout.disparity(r, k)].is_nan() {
                why.push(format!(
                    "{} of {}: {}",
                    kind.name(),
                    m.name(),
                    disparity_reason(rc, *m, *kind)
                ));
            }
        }
        why.join("; ")
    };
    match s {
        SummaryMetric::DemographicParityDifference => needs(&[(Metric::SelectionRate, D)]),
        SummaryMetric::DemographicParityRatio => needs(&[(Metric::SelectionRate, R)]),
        SummaryMetric::EqualizedOddsDifference | SummaryMetric::EqualizedOddsDifferenceMean => {
            needs(&[
                (Metric::TruePositiveRate, D),
                (Metric::FalsePositiveRate, D),
            ])
        }
        SummaryMetric::EqualizedOddsRatio | SummaryMetric::EqualizedOddsRatioMean => needs(&[
            (Metric::TruePositiveRate, R),
            (Metric::FalsePositiveRate, R),
        ]),
        SummaryMetric::EqualOpportunityDifference => needs(&[(Metric::TruePositiveRate, D)]),
        SummaryMetric::EqualOpportunityRatio => needs(&[(Metric::TruePositiveRate, R)]),
        SummaryMetric::TheilIndex
        | SummaryMetric::GeneralizedEntropyIndex
        | SummaryMetric::BetweenGroupTheilIndex
        | SummaryMetric::BetweenGroupGeneralizedEntropyIndex => {
            let alpha = rc.config.generalized_entropy_alpha;
            if rc.overall.total() <= 0.0 {
                "the weights sum to 0".to_owned()
            } else if rc.overall.w[FN] >= rc.overall.total() {
                "every row is a false negative, so the mean benefit bᵢ = ŷᵢ − yᵢ + 1 is 0"
                    .to_owned()
            } else {
                format!(
                    "α = {alpha} ≤ 0 is undefined when some bᵢ = ŷᵢ − yᵢ + 1 is 0 (a false negative, or a group of only false negatives)"
                )
            }
        }
    }
}
