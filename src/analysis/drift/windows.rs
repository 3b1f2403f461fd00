//! Drift over time: one table cut into calendar windows (day, ISO week, month, quarter) over a date column,
//! each window compared with a reference window (the first, or the N-th), and — when a label and predictions
//! are named — the fairness metrics of every window (per-group selection rate, TPR and FPR with Wilson
//! intervals, the summary disparities and the project's threshold checks) from the fairness engine.
//!
//! Column types are decided once from the whole table, so a column keeps its test across windows. Rows whose
//! date does not parse are left out and counted; an empty window is listed with its reason. A file larger than
//! the memory limit is read in blocks, a batch of columns at a time, with the same report (module `blocks`).

mod blocks;

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;
use serde::Serialize;

use super::{
    ColumnDrift, ColumnsDrift, DriftError, FileInfo, Skipped, compare_planned, method_notes,
    plan_columns, summarise,
};
use crate::analysis::audit::{decode, engine_config, resolved_spec};
use crate::analysis::dataset::fingerprint_file;
use crate::analysis::fairness::{
    self, AuditInput, Metric, Predictions, RunControl, SensitiveColumn, SummaryMetric,
};
use crate::analysis::table::{read_table, stream};
use crate::analysis::task::TaskControl;
use crate::model::audit::AuditSpec;
use crate::model::drift::{DriftOptions, FairnessDriftSpec, WindowSize, WindowSpec};
use crate::model::settings::FairnessThresholds;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 (proleptic Gregorian).
#[must_use]
pub fn days_from_civil(d: Day) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`days_from_civil`]).
#[must_use]
pub fn civil_from_days(z: i64) -> Day {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Day {
        year: i32::try_from(year).unwrap_or(i32::MAX),
        month: u32::try_from(month).unwrap_or(1),
        day: u32::try_from(day).unwrap_or(1),
    }
}

/// Parses `YYYY-MM-DD` (or `YYYY/MM/DD`), optionally followed by a time (`T…` or ` …`).
#[must_use]
pub fn parse_date(text: &str) -> Option<Day> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() < 10 {
        return None;
    }
    let sep = b[4];
    if !(sep == b'-' || sep == b'/') || b[7] != sep {
        return None;
    }
    if b.len() > 10 && !(b[10] == b'T' || b[10] == b' ') {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    let year = i32::try_from(num(t.get(0..4)?)?).ok()?;
    let month = num(t.get(5..7)?)?;
    let day = num(t.get(8..10)?)?;
    ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Day {
        year,
        month,
        day,
    })
}

/// The first day of the window holding `d`.
#[must_use]
pub fn window_start(d: Day, size: WindowSize) -> Day {
    match size {
        WindowSize::Day => d,
        WindowSize::Week => {
            let n = days_from_civil(d);
            // 1970-01-01 was a Thursday: Monday-based weekday = (n + 3) mod 7.
            civil_from_days(n - (n + 3).rem_euclid(7))
        }
        WindowSize::Month => Day { day: 1, ..d },
        WindowSize::Quarter => Day {
            month: (d.month - 1) / 3 * 3 + 1,
            day: 1,
            ..d
        },
    }
}

/// The first day of the next window.
#[must_use]
pub fn next_window(start: Day, size: WindowSize) -> Day {
    match size {
        WindowSize::Day => civil_from_days(days_from_civil(start) + 1),
        WindowSize::Week => civil_from_days(days_from_civil(start) + 7),
        WindowSize::Month | WindowSize::Quarter => {
            let step = if size == WindowSize::Month { 1 } else { 3 };
            let m = start.month + step;
            if m > 12 {
                Day {
                    year: start.year + 1,
                    month: m - 12,
                    day: 1,
                }
            } else {
                Day {
                    month: m,
                    day: 1,
                    ..start
                }
            }
        }
    }
}

/// A date column read: one day per row, the count of values that are not dates, and up to five of them.
pub type DateColumn = (Vec<Option<Day>>, usize, Vec<String>);

/// Reads a date column: one day per row (`None` = missing or not a date), plus up to five examples of
/// values that are not dates.
///
/// # Errors
/// A message naming the column when it is missing or no value is a date.
pub fn read_dates(df: &DataFrame, name: &str) -> Result<DateColumn, String> {
    let col = df
        .column(name)
        .map_err(|_| format!("the time column {name:?} is not in the file"))?;
    let dates = dates_of(col, name)?;
    some_date(&dates, name)?;
    Ok(dates)
}

/// The days of a date column (of a whole table or of one block of rows), without the check that one is a
/// date ([`some_date`]).
///
/// # Errors
/// A message naming the column when it holds neither dates nor text.
pub(super) fn dates_of(col: &Column, name: &str) -> Result<DateColumn, String> {
    let mut bad = 0usize;
    let mut examples = Vec::new();
    let days: Vec<Option<Day>> = match col.dtype() {
        DataType::Date => {
            let phys = col
                .cast(&DataType::Int32)
                .map_err(|e| format!("cannot read the time column {name:?}: {e}"))?;
            let ca = phys.i32().map_err(|e| e.to_string())?;
            ca.iter()
                .map(|v| v.map(|d| civil_from_days(i64::from(d))))
                .collect()
        }
        DataType::Datetime(unit, _) => {
            let per_day: i64 = match unit {
                TimeUnit::Milliseconds => 86_400_000,
                TimeUnit::Microseconds => 86_400_000_000,
                TimeUnit::Nanoseconds => 86_400_000_000_000,
            };
            let phys = col
                .cast(&DataType::Int64)
                .map_err(|e| format!("cannot read the time column {name:?}: {e}"))?;
            let ca = phys.i64().map_err(|e| e.to_string())?;
            ca.iter()
                .map(|v| v.map(|t| civil_from_days(t.div_euclid(per_day))))
                .collect()
        }
        DataType::String => {
            let ca = col.str().map_err(|e| e.to_string())?;
            ca.iter()
                .map(|v| {
                    let v = v?;
                    let d = parse_date(v);
                    if d.is_none() && !v.trim().is_empty() {
                        bad += 1;
                        if examples.len() < 5 {
                            examples.push(v.to_owned());
                        }
                    }
                    d
                })
                .collect()
        }
        other => {
            return Err(format!(
                "the time column {name:?} must hold dates (YYYY-MM-DD), it holds {other}"
            ));
        }
    };
    Ok((days, bad, examples))
}

/// Checks that a date column read whole holds at least one date.
///
/// # Errors
/// A message naming the column and giving up to five of its values that are not dates.
pub(super) fn some_date((days, _, examples): &DateColumn, name: &str) -> Result<(), String> {
    if days.iter().all(Option::is_none) {
        return Err(format!(
            "the time column {name:?} has no date in the form YYYY-MM-DD{}",
            if examples.is_empty() {
                String::new()
            } else {
                format!(" (found e.g. {})", examples.join(", "))
            }
        ));
    }
    Ok(())
}

/// One group's fairness metrics in a window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRates {
    /// The group (`{"sex": "female"}`).
    pub group: fairness::GroupKey,
    /// Rows of the group in the window.
    pub count: u64,
    /// Selection rate.
    pub selection_rate: Option<f64>,
    /// True positive rate.
    pub true_positive_rate: Option<f64>,
    /// False positive rate.
    pub false_positive_rate: Option<f64>,
    /// Wilson intervals of the three rates at the project's confidence level.
    pub ci: BTreeMap<String, [f64; 2]>,
    /// Fewer rows than the project's minimum group size.
    pub small_sample: bool,
}

/// One sensitive column's fairness in a window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowFairness {
    /// The sensitive column(s).
    pub sensitive: Vec<String>,
    /// Per group.
    pub by_group: Vec<GroupRates>,
    /// Summary disparities (`demographic_parity_difference`, …).
    pub summary: BTreeMap<String, Option<f64>>,
    /// Bootstrap intervals of the summary metrics, when asked for.
    pub summary_ci: BTreeMap<String, [f64; 2]>,
    /// The project's threshold checks in this window (name, group, value, pass).
    pub checks: Vec<fairness::Check>,
}

/// One window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    /// First day (`YYYY-MM-DD`).
    pub start: String,
    /// Last day (inclusive).
    pub end: String,
    /// A short label (`2024-03`, `2024-Q1`, `2024-W09`, `2024-03-05`).
    pub label: String,
    /// Rows in the window.
    pub rows: usize,
    /// Whether this is the reference window.
    pub reference: bool,
    /// Columns against the reference window (empty for the reference and for empty windows).
    #[serde(flatten)]
    pub drift: ColumnsDrift,
    /// Whether the label column drifted (when a label is named).
    pub label_drift: Option<bool>,
    /// Whether the prediction (or score) column drifted (when named).
    pub prediction_drift: Option<bool>,
    /// Fairness per sensitive column (when a label and predictions are named).
    pub fairness: Vec<WindowFairness>,
    /// Problems of this window (empty, fairness not computable), in words.
    pub problems: Vec<String>,
}

/// The `drift --time --json` document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowsReport {
    /// The file.
    pub dataset: FileInfo,
    /// The date column.
    pub time: String,
    /// `day`, `week`, `month` or `quarter`.
    pub window: String,
    /// The reference window, counted from 1.
    pub reference_window: usize,
    /// The windows from the first date to the last.
    pub windows: Vec<Window>,
    /// Rows whose date is missing or does not parse (left out).
    pub rows_without_date: usize,
    /// Up to five values that are not dates.
    pub unparsed_examples: Vec<String>,
    /// Typing, missing values and binning rules.
    pub notes: Vec<String>,
}

fn label_of(start: Day, size: WindowSize) -> String {
    match size {
        WindowSize::Day => start.to_string(),
        WindowSize::Week => {
            // ISO week number of the Monday `start`.
            let thursday = civil_from_days(days_from_civil(start) + 3);
            let jan1 = days_from_civil(Day {
                year: thursday.year,
                month: 1,
                day: 1,
            });
            let week = (days_from_civil(thursday) - jan1) / 7 + 1;
            format!("{}-W{week:02}", thursday.year)
        }
        WindowSize::Month => format!("{:04}-{:02}", start.year, start.month),
        WindowSize::Quarter => format!("{:04}-Q{}", start.year, (start.month - 1) / 3 + 1),
    }
}

fn slice_input(input: &AuditInput, rows: &[u32]) -> AuditInput {
    let pick = |i: &u32| usize::try_from(*i).unwrap_or(usize::MAX);
    AuditInput {
        y_true: rows.iter().map(|i| input.y_true[pick(i)]).collect(),
        predictions: match &input.predictions {
            Predictions::Labels(l) => {
                Predictions::Labels(rows.iter().map(|i| l[pick(i)]).collect())
            }
            Predictions::ScoreThreshold(t) => Predictions::ScoreThreshold(*t),
        },
        score: input
            .score
            .as_ref()
            .map(|s| rows.iter().map(|i| s[pick(i)]).collect()),
        weight: input
            .weight
            .as_ref()
            .map(|w| rows.iter().map(|i| w[pick(i)]).collect()),
        sensitive: input
            .sensitive
            .iter()
            .map(|s| SensitiveColumn {
                name: s.name.clone(),
                levels: s.levels.clone(),
                codes: rows.iter().map(|i| s.codes[pick(i)]).collect(),
            })
            .collect(),
    }
}

/// The audit spec of a fairness drift.
#[must_use]
pub fn audit_spec(spec: &FairnessDriftSpec) -> AuditSpec {
    AuditSpec {
        label: spec.label.clone(),
        prediction: spec.prediction.clone(),
        score: spec.score.clone(),
        threshold: spec.threshold,
        positive: spec.positive.clone(),
        sensitive: spec.sensitive.clone(),
        ..AuditSpec::default()
    }
}

fn window_fairness(
    input: &AuditInput,
    config: &fairness::AuditConfig,
) -> Result<Vec<WindowFairness>, String> {
    let out = fairness::audit(input, config, &RunControl::default()).map_err(|e| e.to_string())?;
    let value = |m: &BTreeMap<Metric, Option<fairness::MetricValue>>, k: Metric| {
        m.get(&k)
            .copied()
            .flatten()
            .map(fairness::MetricValue::as_f64)
    };
    Ok(out
        .results
        .into_iter()
        .map(|r| WindowFairness {
            sensitive: r.sensitive,
            by_group: r
                .by_group
                .into_iter()
                .map(|g| {
                    let count = value(&g.metrics, Metric::Count).unwrap_or(0.0);
                    let mut ci = BTreeMap::new();
                    for m in [
                        Metric::SelectionRate,
                        Metric::TruePositiveRate,
                        Metric::FalsePositiveRate,
                    ] {
                        if let Some(i) = g.wilson.get(&m) {
                            ci.insert(m.name().to_owned(), *i);
                        }
                    }
                    GroupRates {
                        group: g.group,
                        #[expect(
                            clippy::cast_possible_truncation,
                            clippy::cast_sign_loss,
                            reason = "a row count"
                        )]
                        count: count as u64,
                        selection_rate: value(&g.metrics, Metric::SelectionRate),
                        true_positive_rate: value(&g.metrics, Metric::TruePositiveRate),
                        false_positive_rate: value(&g.metrics, Metric::FalsePositiveRate),
                        ci,
                        small_sample: g.small_sample,
                    }
                })
                .collect(),
            summary: [
                SummaryMetric::DemographicParityDifference,
                SummaryMetric::DemographicParityRatio,
                SummaryMetric::EqualizedOddsDifference,
                SummaryMetric::EqualizedOddsRatio,
                SummaryMetric::EqualOpportunityDifference,
                SummaryMetric::EqualOpportunityRatio,
            ]
            .into_iter()
            .map(|s| (s.name().to_owned(), r.summary.get(&s).copied().flatten()))
            .collect(),
            summary_ci: r
                .summary_ci
                .iter()
                .map(|(k, v)| (k.name().to_owned(), *v))
                .collect(),
            checks: r.checks,
        })
        .collect())
}

/// The windows of a table: the rows of each window (by first day), every window from the first date to
/// the last, and which is the reference.
pub(super) struct Layout {
    by_start: BTreeMap<Day, Vec<u32>>,
    starts: Vec<Day>,
    reference_index: usize,
    size: WindowSize,
}

impl Layout {
    /// Cuts the rows by their `days` into the windows of `spec`.
    ///
    /// # Errors
    /// [`DriftError::Spec`] when no row has a date, the dates span too many windows, or the reference
    /// window is out of range or empty.
    pub(super) fn new(days: &[Option<Day>], spec: &WindowSpec) -> Result<Self, DriftError> {
        let size = spec.window;
        let mut by_start: BTreeMap<Day, Vec<u32>> = BTreeMap::new();
        for (i, d) in days.iter().enumerate() {
            if let Some(d) = d {
                by_start
                    .entry(window_start(*d, size))
                    .or_default()
                    .push(u32::try_from(i).unwrap_or(u32::MAX));
            }
        }
        let (Some(first), Some(last)) = (
            by_start.keys().next().copied(),
            by_start.keys().next_back().copied(),
        ) else {
            return Err(DriftError::Spec(format!(
                "the time column {:?} has no dates",
                spec.time_column
            )));
        };
        let mut starts = vec![first];
        while let Some(s) = starts.last().copied()
            && s < last
        {
            starts.push(next_window(s, size));
            if starts.len() > 100_000 {
                return Err(DriftError::Spec(format!(
                    "the dates of {:?} span more than 100,000 {}s; choose a longer window",
                    spec.time_column,
                    size.as_str()
                )));
            }
        }
        let reference_index = spec.reference_window.max(1) - 1;
        let Some(reference_start) = starts.get(reference_index).copied() else {
            return Err(DriftError::Spec(format!(
                "--reference-window {} is past the last window ({} windows)",
                spec.reference_window,
                starts.len()
            )));
        };
        if by_start.get(&reference_start).is_none_or(Vec::is_empty) {
            return Err(DriftError::Spec(format!(
                "the reference window {} has no rows",
                label_of(reference_start, size)
            )));
        }
        Ok(Self {
            by_start,
            starts,
            reference_index,
            size,
        })
    }

    /// The rows of the window starting on `start`.
    fn rows(&self, start: &Day) -> &[u32] {
        self.by_start.get(start).map_or(&[], Vec::as_slice)
    }

    /// The number of windows.
    pub(super) fn len(&self) -> usize {
        self.starts.len()
    }
}

/// The column drift of the windows of one table, before the skipped columns are put together: the columns
/// the plan skipped (types decided from the whole table), and per window (None for the reference and
/// empty windows) the tested columns and those that failed when compared.
pub(super) type ColumnDrifts = (
    Vec<Skipped>,
    Vec<Option<(BTreeMap<String, ColumnDrift>, Vec<Skipped>)>>,
);

/// Compares the planned columns of `df` (all but the time column, or those of `options`) in every window
/// with the reference window.
///
/// # Errors
/// [`DriftError::Spec`] when rows cannot be selected; [`DriftError::Cancelled`].
pub(super) fn column_drifts(
    df: &DataFrame,
    layout: &Layout,
    spec: &WindowSpec,
    options: &DriftOptions,
    control: &TaskControl,
) -> Result<ColumnDrifts, DriftError> {
    let take = |rows: &[u32]| -> Result<DataFrame, DriftError> {
        let idx = IdxCa::from_vec("idx".into(), rows.iter().map(|r| *r as IdxSize).collect());
        df.take(&idx)
            .map_err(|e| DriftError::Spec(format!("cannot select the window's rows: {e}")))
    };
    let reference_df = take(layout.rows(&layout.starts[layout.reference_index]))?;
    let exclude = [spec.time_column.as_str()];
    let (planned, skipped) = plan_columns(df, df, options, &exclude);
    let mut windows = Vec::with_capacity(layout.len());
    for (wi, start) in layout.starts.iter().enumerate() {
        control.check()?;
        let rows = layout.rows(start);
        if rows.is_empty() || wi == layout.reference_index {
            windows.push(None);
            continue;
        }
        let drift = compare_planned(
            &reference_df,
            &take(rows)?,
            &planned,
            Vec::new(),
            options,
            &TaskControl::new(),
        )?;
        windows.push(Some((drift.columns, drift.skipped)));
    }
    Ok((skipped, windows))
}

/// The fairness engine's input for every row and its configuration, when the spec names a label.
pub(super) type FairnessInput = Option<(AuditInput, fairness::AuditConfig)>;

/// The resolved audit spec of the fairness part of `spec`, with `bootstrap`.
pub(super) fn fairness_spec(
    spec: &WindowSpec,
    settings: &FairnessThresholds,
    bootstrap: Option<u32>,
) -> Option<AuditSpec> {
    spec.fairness.as_ref().map(|f| {
        let mut aspec = resolved_spec(&audit_spec(f), settings);
        aspec.bootstrap = bootstrap;
        aspec
    })
}

/// Puts the windows together: each window's column drift (the plan's skipped columns first, then those
/// that failed when compared), the label and prediction drift flags and the fairness of its rows.
///
/// # Errors
/// [`DriftError::Cancelled`].
pub(super) fn assemble(
    layout: &Layout,
    (plan_skipped, drifts): ColumnDrifts,
    fairness_input: &FairnessInput,
    spec: &WindowSpec,
    options: &DriftOptions,
    control: &TaskControl,
) -> Result<Vec<Window>, DriftError> {
    let size = layout.size;
    let label_col = spec.fairness.as_ref().map(|f| f.label.clone());
    let pred_col = spec
        .fairness
        .as_ref()
        .and_then(|f| f.prediction.clone().or_else(|| f.score.clone()));
    let mut windows = Vec::with_capacity(layout.len());
    for ((wi, start), window_drift) in layout.starts.iter().enumerate().zip(drifts) {
        control.check()?;
        let end = civil_from_days(days_from_civil(next_window(*start, size)) - 1);
        let rows = layout.rows(start);
        let label = label_of(*start, size);
        let mut problems = Vec::new();
        let is_reference = wi == layout.reference_index;
        if rows.is_empty() {
            problems.push(format!("window {label} has no rows: nothing to compare"));
        }
        let drift = match window_drift {
            Some((columns, failed)) => {
                let mut skipped = plan_skipped.clone();
                skipped.extend(failed);
                summarise(columns, skipped, options.drift_share)
            }
            None => summarise(BTreeMap::new(), Vec::new(), options.drift_share),
        };
        let flag = |col: &Option<String>| {
            col.as_ref()
                .and_then(|c| drift.columns.get(c))
                .map(|d| d.drift)
        };
        let label_drift = flag(&label_col);
        let prediction_drift = flag(&pred_col);
        let fairness = match fairness_input {
            Some((input, config)) if !rows.is_empty() => {
                match window_fairness(&slice_input(input, rows), config) {
                    Ok(f) => f,
                    Err(e) => {
                        problems.push(format!("window {label}: fairness not computed: {e}"));
                        Vec::new()
                    }
                }
            }
            _ => Vec::new(),
        };
        windows.push(Window {
            start: start.to_string(),
            end: end.to_string(),
            label,
            rows: rows.len(),
            reference: is_reference,
            drift,
            label_drift,
            prediction_drift,
            fairness,
            problems,
        });
        #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
        control.set_progress((wi + 1) as f32 / layout.len() as f32);
    }
    Ok(windows)
}

/// Cuts `df` into windows and compares each with the reference window.
///
/// # Errors
/// [`DriftError::Spec`] for an unusable time column, a reference window out of range or empty, or bad
/// fairness columns; [`DriftError::Cancelled`].
pub fn windows_of_frame(
    df: &DataFrame,
    spec: &WindowSpec,
    options: &DriftOptions,
    settings: &FairnessThresholds,
    bootstrap: Option<u32>,
    control: &TaskControl,
) -> Result<(Vec<Window>, usize, Vec<String>), DriftError> {
    let (days, _, examples) = read_dates(df, &spec.time_column).map_err(DriftError::Spec)?;
    let without_date = days.iter().filter(|d| d.is_none()).count();
    let layout = Layout::new(&days, spec)?;
    let drifts = column_drifts(df, &layout, spec, options, control)?;
    // Fairness: decode once, slice per window.
    let fairness_input = match fairness_spec(spec, settings, bootstrap) {
        Some(aspec) => {
            let (input, used) = decode(df, &aspec).map_err(|e| DriftError::Spec(e.to_string()))?;
            let config =
                engine_config(&used, settings).map_err(|e| DriftError::Spec(e.to_string()))?;
            Some((input, config))
        }
        None => None,
    };
    let windows = assemble(&layout, drifts, &fairness_input, spec, options, control)?;
    Ok((windows, without_date, examples))
}

/// Reads a file and runs [`windows_of_frame`]; a file larger than the memory limit is read in blocks, a
/// batch of columns at a time, with the same report (module `blocks`).
///
/// # Errors
/// As [`windows_of_frame`], plus an unreadable file or an unusable `RISKBENCH_MEMORY_LIMIT`.
pub fn run_windows(
    path: &Path,
    spec: &WindowSpec,
    options: &DriftOptions,
    settings: &FairnessThresholds,
    bootstrap: Option<u32>,
    control: &TaskControl,
) -> Result<WindowsReport, DriftError> {
    let streamed = stream::streams(path).map_err(|e| DriftError::Spec(e.to_string()))?;
    let quiet = TaskControl::new();
    // The fingerprint is computed on another thread while the file is read.
    let (fp, (windows, rows, rows_without_date, unparsed_examples)) =
        std::thread::scope(|scope| {
            let hashing = scope.spawn(|| fingerprint_file(path, &quiet));
            let run = if streamed {
                blocks::windows_in_blocks(path, spec, options, settings, bootstrap, control)
            } else {
                read_table(path, &quiet)
                    .map_err(DriftError::from)
                    .and_then(|df| {
                        let (windows, without, examples) =
                            windows_of_frame(&df, spec, options, settings, bootstrap, control)?;
                        Ok((windows, df.height(), without, examples))
                    })
            };
            let fp = hashing.join().unwrap_or_else(|_| {
                Err(crate::analysis::dataset::DatasetError::Parse {
                    path: path.to_owned(),
                    message: "the fingerprint thread failed".into(),
                })
            });
            run.and_then(|r| Ok((fp?, r)))
        })?;
    Ok(WindowsReport {
        dataset: FileInfo {
            path: path.to_string_lossy().into_owned(),
            sha256: fp.sha256,
            rows,
        },
        time: spec.time_column.clone(),
        window: spec.window.as_str().to_owned(),
        reference_window: spec.reference_window.max(1),
        windows,
        rows_without_date,
        unparsed_examples,
        notes: method_notes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar() {
        let d = parse_date("2024-03-06").unwrap();
        assert_eq!(window_start(d, WindowSize::Week).to_string(), "2024-03-04");
        assert_eq!(
            label_of(window_start(d, WindowSize::Week), WindowSize::Week),
            "2024-W10"
        );
        assert_eq!(
            window_start(d, WindowSize::Quarter).to_string(),
            "2024-01-01"
        );
        assert_eq!(civil_from_days(days_from_civil(d)), d);
        assert_eq!(
            next_window(window_start(d, WindowSize::Quarter), WindowSize::Quarter).to_string(),
            "2024-04-01"
        );
        assert!(parse_date("2024-02-30").is_none());
        assert!(parse_date("March").is_none());
    }
}
