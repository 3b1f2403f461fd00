//! The checks of a result: four-fifths parity per group and metric, and the thresholds of the project's
//! fairness settings, each passing, failing or undefined (Kleene logic).
//!
//! A per-group check with a defined value on a group with fewer rows than the minimum group size (or against
//! a reference group that small) is **inconclusive**: its value is kept, `pass` is `null` with the reason and
//! `inconclusive` is set (an undefined value keeps its own reason), so it never counts as a failure (a rate of 3 rows says nothing a gate should block on). Its Aequitas
//! composites follow (Kleene AND of undecided parts). Summary checks over all groups are decided as before.

use std::collections::BTreeMap;

use super::super::evaluate::NR;
use super::super::metric::{DisparityKind, Metric, SummaryMetric};
use super::super::output::{Check, GroupKey};

use super::assemble::{summary_reason, to_reference_reason};
use super::{PARITY_METRICS, RunCtx, opt};

/// Kleene AND of check outcomes.
pub(super) fn all_pass(parts: &[Option<bool>]) -> Option<bool> {
    if parts.contains(&Some(false)) {
        Some(false)
    } else if parts.contains(&None) {
        None
    } else {
        Some(true)
    }
}

pub(super) fn build_checks(
    rc: RunCtx<'_>,
    refs: &[Option<usize>; NR],
    keys: &[GroupKey],
    summary: &BTreeMap<SummaryMetric, Option<f64>>,
) -> Vec<Check> {
    let lo = rc.config.thresholds.ratio;
    let hi = 1.0 / lo;
    let min = rc.config.min_group_size;
    let mut checks = Vec::new();
    for (g, c) in rc.cells.iter().enumerate() {
        if c.rows() == 0 {
            continue;
        }
        let mut outcome: BTreeMap<Metric, Option<bool>> = BTreeMap::new();
        let mut small_parts = false;
        for m in PARITY_METRICS {
            let Some(r) = m.rate_index() else { continue };
            if refs[r] == Some(g) {
                continue;
            }
            let v = opt(rc.point[rc.layout.to_reference(g, r, 1)]);
            // An undefined value is reported as such; a defined one on a small group is inconclusive.
            let small = v.and_then(|_| small_sample_reason(rc, keys, g, refs[r], min));
            let pass = if small.is_some() {
                None
            } else {
                v.map(|x| (lo..=hi).contains(&x))
            };
            small_parts |= small.is_some();
            outcome.insert(m, pass);
            checks.push(Check {
                name: format!("four_fifths_{}", m.name()),
                group: Some(keys[g].clone()),
                value: v,
                pass,
                rule: format!("{lo} ≤ ratio_to_reference ≤ {}", round_for_text(hi)),
                inconclusive: small.is_some(),
                reason: small.or_else(|| {
                    v.is_none().then(|| {
                        to_reference_reason(rc, refs, g, m, DisparityKind::RatioToReference)
                    })
                }),
            });
        }
        let get = |m: Metric| outcome.get(&m).copied();
        let composite = |name: &str, parts: &[Metric]| -> Option<Check> {
            let outcomes: Vec<Option<bool>> =
                parts.iter().map(|m| get(*m)).collect::<Option<_>>()?;
            let pass = all_pass(&outcomes);
            let inconclusive = pass.is_none() && small_parts;
            Some(Check {
                name: name.to_owned(),
                group: Some(keys[g].clone()),
                value: None,
                pass,
                rule: parts
                    .iter()
                    .map(|m| format!("four_fifths_{}", m.name()))
                    .collect::<Vec<_>>()
                    .join(" ∧ "),
                reason: pass.is_none().then(|| {
                    if inconclusive {
                        format!(
                            "inconclusive: a component check is on a group of fewer than {min} rows"
                        )
                    } else {
                        "a component check cannot be decided (undefined value)".to_owned()
                    }
                }),
                inconclusive,
            })
        };
        let type_i = [Metric::FalseDiscoveryRate, Metric::FalsePositiveRate];
        let type_ii = [Metric::FalseOmissionRate, Metric::FalseNegativeRate];
        let eo = [Metric::FalsePositiveRate, Metric::TruePositiveRate];
        let unsup = [Metric::SelectionRate, Metric::Ppr];
        let sup = [
            Metric::FalseDiscoveryRate,
            Metric::FalsePositiveRate,
            Metric::FalseOmissionRate,
            Metric::FalseNegativeRate,
        ];
        for (name, parts) in [
            ("type_i_parity", &type_i[..]),
            ("type_ii_parity", &type_ii[..]),
            ("equalized_odds_parity", &eo[..]),
            ("unsupervised_fairness", &unsup[..]),
            ("supervised_fairness", &sup[..]),
        ] {
            if let Some(mut check) = composite(name, parts) {
                if name == "supervised_fairness" {
                    "type_i_parity ∧ type_ii_parity".clone_into(&mut check.rule);
                }
                checks.push(check);
            }
        }
    }
    let diff_t = rc.config.thresholds.difference;
    for s in [
        SummaryMetric::DemographicParityDifference,
        SummaryMetric::DemographicParityRatio,
        SummaryMetric::EqualizedOddsDifference,
        SummaryMetric::EqualizedOddsRatio,
        SummaryMetric::EqualOpportunityDifference,
        SummaryMetric::EqualOpportunityRatio,
    ] {
        let v = summary.get(&s).copied().flatten();
        let (pass, rule) = if s.is_ratio() {
            (v.map(|x| x >= lo), format!("{} ≥ {lo}", s.name()))
        } else {
            (v.map(|x| x <= diff_t), format!("{} ≤ {diff_t}", s.name()))
        };
        checks.push(Check {
            name: s.name().to_owned(),
            group: None,
            value: v,
            pass,
            rule,
            reason: v.is_none().then(|| summary_reason(rc, s)),
            inconclusive: false,
        });
    }
    checks
}

/// Why a check of group `g` against the reference `reference` is inconclusive: either has fewer rows than the
/// minimum group size. `None` when both are large enough.
fn small_sample_reason(
    rc: RunCtx<'_>,
    keys: &[GroupKey],
    g: usize,
    reference: Option<usize>,
    min: u64,
) -> Option<String> {
    let rows = rc.cells[g].rows();
    if rows < min {
        return Some(format!(
            "inconclusive: the group has {rows} rows, fewer than the minimum group size {min}"
        ));
    }
    let r = reference?;
    let ref_rows = rc.cells.get(r)?.rows();
    (ref_rows < min).then(|| {
        format!(
            "inconclusive: the reference group {} has {ref_rows} rows, fewer than the minimum group size {min}",
            keys[r].label()
        )
    })
}

/// 1/0.8 prints as 1.25, not 1.2499999999999998.
fn round_for_text(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
