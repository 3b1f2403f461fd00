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
use super::metric::{
    Direction, DisparityKind, Metric, MetricValue, ReferenceMetric, SummaryMetric,
};
use super::output::{
    AuditOutput, AuditResult, BootstrapInfo, Check, Disparity, GroupKey, GroupResult, GroupValue,
    Interval, ReferenceComparison, ReferenceInfo, RowSummary,
};
use super::stats::{quantile_sorted, two_sided_z, wilson_interval};
use super::verdict::{CheckThresholds, Verdict};

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

fn invalid(setting: &'static str, reason: impl Into<String>) -> FairnessError {
    FairnessError::InvalidConfig {
        setting,
        reason: reason.into(),
    }
}

fn validate_config(config: &AuditConfig) -> Result<(), FairnessError> {
    if config.sensitive.is_empty() {
        return Err(FairnessError::NoSensitiveColumn);
    }
    for (i, name) in config.sensitive.iter().enumerate() {
        if config.sensitive[..i].contains(name) {
            return Err(FairnessError::DuplicateSensitiveColumn(name.clone()));
        }
    }
    for name in config.reference.keys() {
        if !config.sensitive.contains(name) {
            return Err(FairnessError::ReferenceForUnknownColumn(name.clone()));
        }
    }
    let t = &config.thresholds;
    if !(t.ratio > 0.0 && t.ratio <= 1.0) {
        return Err(invalid(
            "thresholds.ratio",
            format!("{} is not in (0, 1]", t.ratio),
        ));
    }
    if !(t.difference.is_finite() && t.difference >= 0.0) {
        return Err(invalid(
            "thresholds.difference",
            format!("{} is not a finite number ≥ 0", t.difference),
        ));
    }
    if !(config.wilson_level > 0.0 && config.wilson_level < 1.0) {
        return Err(invalid(
            "wilson_level",
            format!("{} is not in (0, 1)", config.wilson_level),
        ));
    }
    if !config.generalized_entropy_alpha.is_finite() {
        return Err(invalid(
            "generalized_entropy_alpha",
            "must be a finite number",
        ));
    }
    if let Some(b) = &config.bootstrap {
        if b.resamples == 0 {
            return Err(invalid("bootstrap.resamples", "must be at least 1"));
        }
        if !(b.level > 0.0 && b.level < 1.0) {
            return Err(invalid(
                "bootstrap.level",
                format!("{} is not in (0, 1)", b.level),
            ));
        }
    }
    Ok(())
}

/// Check lengths, levels, codes, weights and scores; return the indices of the audited columns.
fn validate_input(input: &AuditInput, config: &AuditConfig) -> Result<Vec<usize>, FairnessError> {
    let rows = input.rows();
    let check_len = |column: &str, actual: usize| {
        if actual == rows {
            Ok(())
        } else {
            Err(FairnessError::LengthMismatch {
                column: column.to_owned(),
                expected: rows,
                actual,
            })
        }
    };
    match &input.predictions {
        Predictions::Labels(p) => check_len("prediction", p.len())?,
        Predictions::ScoreThreshold(t) => {
            if !t.is_finite() {
                return Err(FairnessError::InvalidThreshold(*t));
            }
            if input.score.is_none() {
                return Err(FairnessError::MissingScore);
            }
        }
    }
    if let Some(score) = &input.score {
        check_len("score", score.len())?;
        for (row, s) in score.iter().enumerate() {
            if let Some(v) = s
                && v.is_infinite()
            {
                return Err(FairnessError::InvalidScore { row, value: *v });
            }
        }
    }
    if let Some(weight) = &input.weight {
        check_len("weight", weight.len())?;
        for (row, w) in weight.iter().enumerate() {
            if !(w.is_finite() && *w >= 0.0) {
                return Err(FairnessError::InvalidWeight { row, value: *w });
            }
        }
    }
    for (i, col) in input.sensitive.iter().enumerate() {
        if input.sensitive[..i].iter().any(|c| c.name == col.name) {
            return Err(FairnessError::DuplicateSensitiveColumn(col.name.clone()));
        }
    }
    let mut out = Vec::with_capacity(config.sensitive.len());
    for name in &config.sensitive {
        let idx = input
            .sensitive
            .iter()
            .position(|c| &c.name == name)
            .ok_or_else(|| FairnessError::UnknownSensitiveColumn(name.clone()))?;
        let col = &input.sensitive[idx];
        check_len(&col.name, col.codes.len())?;
        let mut sorted: Vec<&str> = col.levels.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
            return Err(FairnessError::DuplicateLevel {
                column: col.name.clone(),
                level: w[0].to_owned(),
            });
        }
        if col.levels.iter().any(|l| l == MISSING_LEVEL) {
            return Err(FairnessError::ReservedLevel(col.name.clone()));
        }
        for (row, code) in col.codes.iter().enumerate() {
            if let Some(c) = code
                && *c as usize >= col.levels.len()
            {
                return Err(FairnessError::CodeOutOfRange {
                    column: col.name.clone(),
                    row,
                    code: *c,
                    levels: col.levels.len(),
                });
            }
        }
        if let Some(ReferenceRule::Value(v)) = config.reference.get(name)
            && v != MISSING_LEVEL
            && !col.levels.contains(v)
        {
            return Err(FairnessError::UnknownReferenceValue {
                column: name.clone(),
                value: v.clone(),
            });
        }
        out.push(idx);
    }
    Ok(out)
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

/// Turns the point estimates and bootstrap matrix of one result into output structs.
struct Assembly<'a> {
    rc: RunCtx<'a>,
    refs: [Option<usize>; NR],
    intervals: Option<Intervals>,
    z: f64,
    rates: Vec<Metric>,
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
    fn intervals_of(
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

    fn group(&mut self, g: usize, key: &GroupKey) -> GroupResult {
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

    fn disparities(&mut self) -> BTreeMap<Metric, Disparity> {
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

    fn summary(&mut self) -> Maps<SummaryMetric, Option<f64>> {
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
fn reference_keys(refs: &[Option<usize>; NR], keys: &[GroupKey]) -> [Option<GroupKey>; NR] {
    std::array::from_fn(|r| refs[r].and_then(|g| keys.get(g).cloned()))
}

fn to_reference_reason(
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

fn summary_reason(rc: RunCtx<'_>, s: SummaryMetric) -> String {
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

/// Kleene AND of check outcomes.
fn all_pass(parts: &[Option<bool>]) -> Option<bool> {
    if parts.contains(&Some(false)) {
        Some(false)
    } else if parts.contains(&None) {
        None
    } else {
        Some(true)
    }
}

fn build_checks(
    rc: RunCtx<'_>,
    refs: &[Option<usize>; NR],
    keys: &[GroupKey],
    summary: &BTreeMap<SummaryMetric, Option<f64>>,
) -> Vec<Check> {
    let lo = rc.config.thresholds.ratio;
    let hi = 1.0 / lo;
    let mut checks = Vec::new();
    for (g, c) in rc.cells.iter().enumerate() {
        if c.rows() == 0 {
            continue;
        }
        let mut outcome: BTreeMap<Metric, Option<bool>> = BTreeMap::new();
        for m in PARITY_METRICS {
            let Some(r) = m.rate_index() else { continue };
            if refs[r] == Some(g) {
                continue;
            }
            let v = opt(rc.point[rc.layout.to_reference(g, r, 1)]);
            let pass = v.map(|x| (lo..=hi).contains(&x));
            outcome.insert(m, pass);
            checks.push(Check {
                name: format!("four_fifths_{}", m.name()),
                group: Some(keys[g].clone()),
                value: v,
                pass,
                rule: format!("{lo} ≤ ratio_to_reference ≤ {}", round_for_text(hi)),
                reason: v
                    .is_none()
                    .then(|| to_reference_reason(rc, refs, g, m, DisparityKind::RatioToReference)),
            });
        }
        let get = |m: Metric| outcome.get(&m).copied();
        let composite = |name: &str, parts: &[Metric]| -> Option<Check> {
            let outcomes: Vec<Option<bool>> =
                parts.iter().map(|m| get(*m)).collect::<Option<_>>()?;
            let pass = all_pass(&outcomes);
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
                reason: pass
                    .is_none()
                    .then(|| "a component check cannot be decided (undefined value)".to_owned()),
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
        });
    }
    checks
}

/// 1/0.8 prints as 1.25, not 1.2499999999999998.
fn round_for_text(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
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
