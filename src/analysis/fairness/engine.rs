//! The audit: validation, grouping, point estimates, intervals, checks and the assembly of the results.

use std::collections::BTreeMap;

use super::bootstrap::{Progress, RowData, RunControl, RunSettings, Strata, run};
use super::config::{AuditConfig, ReferenceRule};
use super::error::FairnessError;
use super::evaluate::{
    Cells, EvalContext, FN, FP, Layout, NM, NR, TN, TP, cell_of, evaluate, metric_reason,
    proportion_cells,
};
use super::findings::{finding_for, sort_findings};
use super::groups::{self, GroupSet};
use super::input::{AuditInput, MISSING_LEVEL, Predictions};
use super::metric::{Direction, Metric, MetricValue};
use super::output::{
    AuditOutput, AuditResult, BootstrapInfo, GroupKey, GroupResult, GroupValue, Interval,
    ReferenceInfo, RowSummary,
};
use super::stats::{two_sided_z, wilson_interval};
use super::verdict::{CheckThresholds, Verdict};
use crate::analysis::quantile::quantile_sorted;

mod assemble;
mod checks;
mod validate;

use self::assemble::{Assembly, reference_keys};
use self::checks::build_checks;
use self::validate::{validate_config, validate_input};

/// Most numbers one bootstrap may keep in memory (statistics × resamples, 8 bytes each).
const MAX_BOOTSTRAP_VALUES: usize = 60_000_000;

/// Metrics that get a four-fifths parity check per group (the Aequitas parity set).
pub const PARITY_METRICS: [Metric; 10] = [
    Metric::SelectionRate,
    Metric::Ppr,
    Metric::Precision,
    Metric::FalseDiscoveryRate,
    Metric::FalseOmissionRate,
    Metric::FalsePositiveRate,
    Metric::FalseNegativeRate,
    Metric::TruePositiveRate,
    Metric::TrueNegativeRate,
    Metric::Npv,
];

/// Run a fairness audit.
///
/// With `config.bootstrap = None` this takes milliseconds even on a million rows (point estimates and
/// Wilson intervals); with a bootstrap it honours `control` (cancellation and progress).
///
/// # Errors
/// Invalid input or configuration (each error names the column, row or setting), cancellation, or a
/// failure to start worker threads.
pub fn audit(
    input: &AuditInput,
    config: &AuditConfig,
    control: &RunControl<'_>,
) -> Result<AuditOutput, FairnessError> {
    validate_config(config)?;
    let columns = validate_input(input, config)?;
    let prepared = prepare_rows(input)?;

    let mut specs: Vec<Vec<usize>> = columns.iter().map(|&c| vec![c]).collect();
    if config.intersect && columns.len() >= 2 {
        specs.push(columns.clone());
    }
    let mut missing_sensitive = BTreeMap::new();
    for &c in &columns {
        let col = &input.sensitive[c];
        let n = col
            .codes
            .iter()
            .zip(&prepared.row_cell)
            .filter(|(code, cell)| code.is_none() && cell.is_some())
            .count();
        if n > 0 {
            missing_sensitive.insert(col.name.clone(), n);
        }
    }
    let rows = RowSummary {
        missing_sensitive,
        ..prepared.summary.clone()
    };
    let progress = Progress::new(
        config
            .bootstrap
            .as_ref()
            .map_or(0, |b| b.resamples.saturating_mul(specs.len())),
    );
    let mut results = Vec::with_capacity(specs.len());
    for (k, spec) in specs.iter().enumerate() {
        if control.cancelled() {
            return Err(FairnessError::Cancelled);
        }
        let gs = groups::build(input, spec)?;
        results.push(audit_one(
            input, config, control, &prepared, &gs, k, &progress,
        )?);
    }
    Ok(AuditOutput { rows, results })
}

/// Per-row inclusion and confusion cell.
struct Prepared {
    row_cell: Vec<Option<u8>>,
    summary: RowSummary,
}

fn prepare_rows(input: &AuditInput) -> Result<Prepared, FairnessError> {
    let rows = input.rows();
    let mut summary = RowSummary {
        input: rows,
        ..RowSummary::default()
    };
    let mut row_cell = Vec::with_capacity(rows);
    for i in 0..rows {
        let score = input
            .score
            .as_ref()
            .map(|s| s.get(i).copied().flatten().filter(|v| !v.is_nan()));
        let pred = match &input.predictions {
            Predictions::Labels(p) => p.get(i).copied().flatten(),
            Predictions::ScoreThreshold(t) => score.flatten().map(|s| s >= *t),
        };
        let cell = match (input.y_true[i], pred, score) {
            (None, _, _) => {
                summary.missing_label += 1;
                None
            }
            (Some(_), _, Some(None)) => {
                summary.missing_score += 1;
                None
            }
            (Some(_), None, _) => {
                summary.missing_prediction += 1;
                None
            }
            (Some(y), Some(p), _) => {
                summary.used += 1;
                u8::try_from(cell_of(y, p)).ok()
            }
        };
        row_cell.push(cell);
    }
    if summary.used == 0 {
        return Err(FairnessError::NoUsableRows {
            rows,
            missing_label: summary.missing_label,
            missing_prediction: summary.missing_prediction,
            missing_score: summary.missing_score,
        });
    }
    Ok(Prepared { row_cell, summary })
}

fn accumulate(input: &AuditInput, prepared: &Prepared, gs: &GroupSet) -> Vec<Cells> {
    let mut cells = vec![Cells::default(); gs.keys.len()];
    for (i, (g, cell)) in gs.row_group.iter().zip(&prepared.row_cell).enumerate() {
        let Some(cell) = cell else { continue };
        let Some(c) = cells.get_mut(*g as usize) else {
            continue;
        };
        let k = usize::from(*cell);
        let w = input
            .weight
            .as_ref()
            .and_then(|w| w.get(i).copied())
            .unwrap_or(1.0);
        c.n[k] += 1;
        c.w[k] += w;
        c.w2[k] += w * w;
        if let Some(s) = input
            .score
            .as_ref()
            .and_then(|s| s.get(i).copied().flatten())
        {
            c.ws[k] += w * s;
        }
    }
    cells
}

fn group_key(input: &AuditInput, gs: &GroupSet, g: usize) -> GroupKey {
    GroupKey(
        gs.columns
            .iter()
            .zip(&gs.keys[g])
            .map(|(&c, code)| {
                let col = &input.sensitive[c];
                let v = code
                    .and_then(|k| col.levels.get(k as usize))
                    .map_or(GroupValue::Missing, |l| GroupValue::Level(l.clone()));
                (col.name.clone(), v)
            })
            .collect(),
    )
}

/// Pick the reference group of every rate metric.
fn resolve_references(
    input: &AuditInput,
    config: &AuditConfig,
    gs: &GroupSet,
    cells: &[Cells],
    point: &[f64],
    layout: Layout,
) -> ([Option<usize>; NR], ReferenceInfo) {
    let rules: Vec<ReferenceRule> = gs
        .columns
        .iter()
        .map(|&c| {
            config
                .reference
                .get(&input.sensitive[c].name)
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    let largest_among = |pred: &dyn Fn(usize) -> bool| {
        let mut best: Option<(usize, u64)> = None;
        for (g, c) in cells.iter().enumerate() {
            let n = c.rows();
            if n > 0 && pred(g) && best.is_none_or(|(_, bn)| n > bn) {
                best = Some((g, n));
            }
        }
        best.map(|(g, _)| g)
    };
    if rules.iter().any(|r| matches!(r, ReferenceRule::Best)) {
        let largest = largest_among(&|_| true);
        let mut refs = [None; NR];
        let mut by_metric = BTreeMap::new();
        for (r, m) in Metric::RATES.iter().enumerate() {
            let pick = match m.direction() {
                None => largest,
                Some(dir) => {
                    let mut best: Option<(usize, f64)> = None;
                    for g in 0..cells.len() {
                        let v = point[layout.group_metric(g, *m)];
                        if v.is_nan() {
                            continue;
                        }
                        let better = best.is_none_or(|(_, bv)| match dir {
                            Direction::HigherIsBetter => v > bv,
                            Direction::LowerIsBetter => v < bv,
                        });
                        if better {
                            best = Some((g, v));
                        }
                    }
                    best.map(|(g, _)| g)
                }
            };
            refs[r] = pick;
            if let Some(g) = pick {
                by_metric.insert(*m, group_key(input, gs, g));
            }
        }
        let info = ReferenceInfo {
            rule: "best".to_owned(),
            group: None,
            by_metric,
            note: None,
        };
        return (refs, info);
    }
    // Fixed values where given; the largest matching group otherwise.
    let fixed: Vec<Option<Option<u32>>> = gs
        .columns
        .iter()
        .zip(&rules)
        .map(|(&c, rule)| match rule {
            ReferenceRule::Value(v) if v == MISSING_LEVEL => Some(None),
            ReferenceRule::Value(v) => input.sensitive[c]
                .levels
                .iter()
                .position(|l| l == v)
                .and_then(|p| u32::try_from(p).ok())
                .map(Some),
            _ => None,
        })
        .collect();
    let matches = |g: usize| {
        gs.keys[g]
            .iter()
            .zip(&fixed)
            .all(|(code, f)| f.is_none_or(|want| *code == want))
    };
    let pick = largest_among(&matches);
    let all_value = rules.iter().all(|r| matches!(r, ReferenceRule::Value(_)));
    let any_value = rules.iter().any(|r| matches!(r, ReferenceRule::Value(_)));
    let rule = match (all_value, any_value) {
        (true, _) => "value",
        (false, true) => "mixed",
        _ => "largest",
    };
    let note = pick.is_none().then(|| {
        "no group with rows matches the configured reference, so comparisons with the reference are undefined"
            .to_owned()
    });
    let info = ReferenceInfo {
        rule: rule.to_owned(),
        group: pick.map(|g| group_key(input, gs, g)),
        by_metric: BTreeMap::new(),
        note,
    };
    ([pick; NR], info)
}

fn opt(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

/// Percentile intervals from the bootstrap matrix, computed on demand.
struct Intervals {
    data: Vec<f64>,
    stride: usize,
    resamples: usize,
    q_lo: f64,
    q_hi: f64,
    notes: BTreeMap<String, String>,
}

impl Intervals {
    fn get(&mut self, idx: usize, point: f64, path: impl FnOnce() -> String) -> Option<Interval> {
        if point.is_nan() {
            return None;
        }
        let mut v: Vec<f64> = (0..self.resamples)
            .filter_map(|b| self.data.get(b * self.stride + idx).copied())
            .filter(|x| !x.is_nan())
            .collect();
        let defined = v.len();
        if defined < self.resamples {
            let note = if defined * 2 < self.resamples {
                format!(
                    "undefined in {} of {} resamples; no interval",
                    self.resamples - defined,
                    self.resamples
                )
            } else {
                format!(
                    "undefined in {} of {} resamples; interval from the {defined} defined ones",
                    self.resamples - defined,
                    self.resamples
                )
            };
            self.notes.insert(path(), note);
            if defined * 2 < self.resamples {
                return None;
            }
        }
        v.sort_unstable_by(f64::total_cmp);
        Some([
            quantile_sorted(&v, self.q_lo)?,
            quantile_sorted(&v, self.q_hi)?,
        ])
    }
}

/// Wilson interval of a proportion metric of a group.
fn wilson_for(
    m: Metric,
    c: &Cells,
    overall: &Cells,
    weighted: bool,
    z: f64,
    value: f64,
) -> Option<Interval> {
    if value.is_nan() {
        return None;
    }
    let (cells, den): (&Cells, &[usize]) = if m == Metric::Ppr {
        (overall, &[TP, FP])
    } else {
        (c, proportion_cells(m)?.1)
    };
    let n = if weighted {
        let s = cells.w_of(den);
        let s2 = cells.w2_of(den);
        if s2 > 0.0 { s * s / s2 } else { 0.0 }
    } else {
        cells.w_of(den)
    };
    wilson_interval(value, n, z)
}

#[derive(Clone, Copy)]
struct RunCtx<'a> {
    config: &'a AuditConfig,
    cells: &'a [Cells],
    overall: &'a Cells,
    point: &'a [f64],
    layout: Layout,
    has_score: bool,
    weighted: bool,
}

fn metrics_map(
    rc: RunCtx<'_>,
    c: &Cells,
    at: usize,
) -> (
    BTreeMap<Metric, Option<MetricValue>>,
    BTreeMap<Metric, String>,
) {
    let values = &rc.point[at..at + NM];
    let total_pred_pos = rc.overall.w[TP] + rc.overall.w[FP];
    let mut metrics = BTreeMap::new();
    let mut undefined = BTreeMap::new();
    let count_cells: [(Metric, &[usize]); 8] = [
        (Metric::TruePositives, &[TP]),
        (Metric::FalsePositives, &[FP]),
        (Metric::TrueNegatives, &[TN]),
        (Metric::FalseNegatives, &[FN]),
        (Metric::Positives, &[TP, FN]),
        (Metric::Negatives, &[TN, FP]),
        (Metric::PredictedPositives, &[TP, FP]),
        (Metric::PredictedNegatives, &[TN, FN]),
    ];
    for m in Metric::ALL {
        if m == Metric::MeanScore && !rc.has_score {
            continue;
        }
        let v = values[m.index()];
        let value = if m == Metric::Count {
            Some(MetricValue::Count(c.rows()))
        } else if let Some((_, cs)) = count_cells.iter().find(|(cm, _)| *cm == m) {
            Some(if rc.weighted {
                MetricValue::Real(v)
            } else {
                MetricValue::Count(cs.iter().map(|&k| c.n[k]).sum())
            })
        } else if v.is_nan() {
            if let Some(reason) = metric_reason(m, c, total_pred_pos) {
                undefined.insert(m, reason);
            }
            None
        } else {
            Some(MetricValue::Real(v))
        };
        metrics.insert(m, value);
    }
    (metrics, undefined)
}

fn audit_one(
    input: &AuditInput,
    config: &AuditConfig,
    control: &RunControl<'_>,
    prepared: &Prepared,
    gs: &GroupSet,
    result_index: usize,
    progress: &Progress,
) -> Result<AuditResult, FairnessError> {
    let cells = accumulate(input, prepared, gs);
    let layout = Layout::new(cells.len());
    let has_score = input.score.is_some();
    let mut overall = Cells::default();
    for c in &cells {
        overall.add(c);
    }
    // Point estimate: group metrics first (the `best` rule needs them), then everything.
    let mut point = vec![f64::NAN; layout.len()];
    let mut ctx = EvalContext {
        has_score,
        references: [None; NR],
        alpha: config.generalized_entropy_alpha,
    };
    evaluate(&cells, &ctx, layout, &mut point);
    let (refs, reference) = resolve_references(input, config, gs, &cells, &point, layout);
    ctx.references = refs;
    evaluate(&cells, &ctx, layout, &mut point);

    let intervals = bootstrap_intervals(
        input,
        config,
        control,
        prepared,
        gs,
        (&cells, &ctx, layout),
        result_index,
        progress,
    )?;

    let rc = RunCtx {
        config,
        cells: &cells,
        overall: &overall,
        point: &point,
        layout,
        has_score,
        weighted: input.weight.is_some(),
    };
    let keys: Vec<GroupKey> = (0..cells.len()).map(|g| group_key(input, gs, g)).collect();
    let mut asm = Assembly {
        rc,
        refs,
        intervals,
        z: two_sided_z(config.wilson_level).unwrap_or(f64::NAN),
        rates: Metric::RATES
            .iter()
            .copied()
            .filter(|m| has_score || *m != Metric::MeanScore)
            .collect(),
    };
    let (overall_metrics, overall_undefined) =
        metrics_map(rc, &overall, layout.overall(Metric::Count));
    let (overall_wilson, overall_ci) = asm.intervals_of(&overall, |m| layout.overall(m), "overall");
    let by_group: Vec<GroupResult> = (0..cells.len()).map(|g| asm.group(g, &keys[g])).collect();
    let disparities = asm.disparities();
    let (summary, summary_undefined, summary_ci) = asm.summary();

    let checks = build_checks(rc, &refs, &keys, &summary);
    let ref_keys = reference_keys(&refs, &keys);
    let mut findings: Vec<_> = checks
        .iter()
        .filter_map(|check| finding_for(check, &by_group, &ref_keys, &config.wording))
        .collect();
    sort_findings(&mut findings);

    let mut unobserved_levels = BTreeMap::new();
    for &c in &gs.columns {
        let u = groups::unobserved_levels(&input.sensitive[c]);
        if !u.is_empty() {
            unobserved_levels.insert(input.sensitive[c].name.clone(), u);
        }
    }
    let bootstrap = config.bootstrap.as_ref().map(|b| BootstrapInfo {
        resamples: b.resamples,
        level: b.level,
        seed: b.seed,
        method: "stratified percentile bootstrap: in every resample each group's rows are drawn with \
                 replacement within that group (group sizes stay fixed; overall figures are the union of \
                 the groups; reference groups are those chosen on the full data). Fairlearn's MetricFrame \
                 bootstrap instead resamples the whole data set."
            .to_owned(),
        notes: asm.intervals.take().map(|iv| iv.notes).unwrap_or_default(),
    });

    Ok(AuditResult {
        sensitive: gs
            .columns
            .iter()
            .map(|&c| input.sensitive[c].name.clone())
            .collect(),
        overall: overall_metrics,
        overall_undefined,
        overall_wilson,
        overall_ci,
        reference,
        by_group,
        disparities,
        summary,
        summary_undefined,
        summary_ci,
        verdict: Verdict::new(&checks, CheckThresholds::from(&config.thresholds)),
        checks,
        findings,
        unobserved_levels,
        bootstrap,
    })
}

/// Run the bootstrap of one result (when configured).
#[expect(
    clippy::too_many_arguments,
    reason = "internal helper fed from audit_one's locals"
)]
fn bootstrap_intervals(
    input: &AuditInput,
    config: &AuditConfig,
    control: &RunControl<'_>,
    prepared: &Prepared,
    gs: &GroupSet,
    (cells, ctx, layout): (&[Cells], &EvalContext, Layout),
    result_index: usize,
    progress: &Progress,
) -> Result<Option<Intervals>, FairnessError> {
    Ok(match &config.bootstrap {
        Some(b) => {
            let values = (layout.len() as u128) * (b.resamples as u128);
            if values > MAX_BOOTSTRAP_VALUES as u128 {
                return Err(FairnessError::BootstrapTooLarge {
                    columns: gs
                        .columns
                        .iter()
                        .map(|&c| input.sensitive[c].name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    values,
                    limit: MAX_BOOTSTRAP_VALUES,
                });
            }
            let strata = Strata::build(
                cells,
                &RowData {
                    row_group: &gs.row_group,
                    row_cell: &prepared.row_cell,
                    weight: input.weight.as_deref(),
                    score: input.score.as_deref(),
                },
            );
            let settings = RunSettings {
                resamples: b.resamples,
                seed: b.seed,
                stream: u64::try_from(result_index).unwrap_or(u64::MAX),
                threads: b.threads,
                control,
                progress,
            };
            let data = run(&strata, ctx, layout, &settings)?;
            let tail = (1.0 - b.level) / 2.0;
            Some(Intervals {
                data,
                stride: layout.len(),
                resamples: b.resamples,
                q_lo: tail,
                q_hi: 1.0 - tail,
                notes: BTreeMap::new(),
            })
        }
        None => None,
    })
}

/// Effective sample size helper, exposed for tests.
#[cfg(test)]
pub(super) fn kish(ws: &[f64]) -> f64 {
    let s: f64 = ws.iter().sum();
    let s2: f64 = ws.iter().map(|w| w * w).sum();
    s * s / s2
}

#[cfg(test)]
mod tests {
    use super::super::stats::{count_to_f64, usize_to_f64};
    use super::checks::all_pass;
    use super::*;

    #[test]
    fn kish_of_equal_weights_is_n() {
        assert!((kish(&[2.0; 10]) - 10.0).abs() < 1e-12);
        assert!((usize_to_f64(3) - 3.0).abs() < f64::EPSILON);
        assert!((count_to_f64(3) - 3.0).abs() < f64::EPSILON);
    }

    #[test]
    fn kleene_and() {
        assert_eq!(all_pass(&[Some(true), None]), None);
        assert_eq!(all_pass(&[Some(false), None]), Some(false));
        assert_eq!(all_pass(&[Some(true), Some(true)]), Some(true));
    }
}
