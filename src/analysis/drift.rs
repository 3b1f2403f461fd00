//! Data drift, as Evidently 0.7's `DataDriftPreset` computes it, plus drift over time windows and the drift
//! of fairness metrics per window (which no drift tool shows).
//!
//! - [`compare_frames`] / [`run_drift`]: a reference and a current table, one result per column and the
//!   dataset drift (the `drift --json` shape of `cli.md`).
//! - [`windows::run_windows`]: one table cut into day / week / month / quarter windows over a date column,
//!   each window against a reference window, with per-group selection rate, TPR and FPR per window from the
//!   fairness engine ([`super::fairness`]).
//!
//! Typing and missing values follow Evidently: a column's type is decided from the current data (floats
//! numeric; integers numeric unless they have at most 10 distinct values; text categorical unless more than
//! half of its non-missing values are distinct, then "text" and not tested; dates not tested), the user can
//! override it, and missing values (empty cells, NaN, ±∞) are dropped from each side before testing, so n is
//! the number of non-missing reference values. A column missing on one side, numeric on one side and text on
//! the other, or empty on one side is named in `skipped` with the reason; the other columns are still
//! computed.

pub mod compare;
pub mod ks;
pub mod prepare;
mod radix;
pub mod series;
pub mod stats;
pub mod stream;
pub mod windows;

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;
use serde::Serialize;

pub use compare::{ColumnDrift, Distribution, PsiBand, column_drift, default_method};
use prepare::{InferredType, Prepared, SideValues, infer_type, side_values, text_counts};

use super::dataset::{DatasetError, fingerprint_file};
use super::table::read_table;
use super::task::{Cancelled, TaskControl};
use crate::model::drift::{ColumnKind, ColumnOverride, DriftOptions};

/// Why a drift run could not start (per-column problems are listed in the result instead).
#[derive(Debug, thiserror::Error)]
pub enum DriftError {
    /// A file could not be read.
    #[error(transparent)]
    Dataset(#[from] DatasetError),
    /// The options name something the data does not have.
    #[error("{0}")]
    Spec(String),
    /// The user cancelled.
    #[error("cancelled")]
    Cancelled,
}

impl From<Cancelled> for DriftError {
    fn from(_: Cancelled) -> Self {
        DriftError::Cancelled
    }
}

/// A file's identity in the JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct FileInfo {
    /// The path as given.
    pub path: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Data rows.
    pub rows: usize,
}

/// A column that was not tested, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The column.
    pub column: String,
    /// Why (missing on one side, text, a date, a type mismatch, no values).
    pub reason: String,
}

/// The columns part of a comparison (also used per window).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ColumnsDrift {
    /// Per column, by name.
    pub columns: BTreeMap<String, ColumnDrift>,
    /// Names of the drifted columns, in name order.
    pub drifted_columns: Vec<String>,
    /// Drifted columns ÷ tested columns (0 when none was tested).
    pub drifted_share: f64,
    /// Whether the drifted share reaches the configured share.
    pub dataset_drift: bool,
    /// The configured share.
    pub drift_share: f64,
    /// Columns not tested, with the reason.
    pub skipped: Vec<Skipped>,
}

/// The `drift --json` document for two files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriftReport {
    /// The reference file.
    pub reference: FileInfo,
    /// The current file.
    pub current: FileInfo,
    /// Per-column results and the dataset drift.
    #[serde(flatten)]
    pub drift: ColumnsDrift,
    /// How columns were typed and how missing values were treated.
    pub notes: Vec<String>,
}

/// The notes stated in every drift output.
#[must_use]
pub fn method_notes() -> Vec<String> {
    vec![
        "types are decided from the current data as Evidently 0.7: floats numeric; integers categorical with \
         at most 10 distinct values, else numeric (an integer column with empty cells is numeric, as pandas \
         reads it as floats); text categorical unless more than half of its non-missing values are distinct \
         (then text, not tested); dates not tested; --type overrides"
            .to_owned(),
        "missing values (empty cells, NaN, ±inf) are dropped from each side before testing; n is the number \
         of non-missing reference values"
            .to_owned(),
        "default tests as Evidently's DataDriftPreset: n ≤ 1000: KS (numeric, > 5 values, drift if p ≤ 0.05), \
         χ² (> 2 values) or two-proportion z (≤ 2 values), drift if p < 0.05; n > 1000: normed Wasserstein \
         (numeric, > 5 values) or Jensen–Shannon, drift if ≥ 0.1"
            .to_owned(),
        "PSI bins: Sturges bins over the combined range when the column is numeric and the reference has more \
         than 20 distinct values, else one bin per value; an empty bin gets 0.0001 (or the smallest non-zero \
         share ÷ 10^6 when that share is ≤ 0.0001); bands: < 0.10 stable, 0.10–0.25 moderate, ≥ 0.25 major"
            .to_owned(),
    ]
}

/// Decides every compared column's kind from the current frame (with the user's overrides): the columns
/// to test in name order, and the skipped ones.
#[must_use]
pub fn plan_columns(
    reference: &DataFrame,
    current: &DataFrame,
    options: &DriftOptions,
    exclude: &[&str],
) -> (Vec<(String, ColumnKind)>, Vec<Skipped>) {
    let mut names: Vec<String> = if options.columns.is_empty() {
        let mut all: Vec<String> = current
            .get_column_names()
            .iter()
            .map(ToString::to_string)
            .collect();
        for r in reference.get_column_names() {
            if !all.iter().any(|a| a == r.as_str()) {
                all.push(r.to_string());
            }
        }
        all
    } else {
        options.columns.clone()
    };
    names.retain(|n| !exclude.contains(&n.as_str()));
    names.sort();
    names.dedup();
    let mut planned = Vec::new();
    let mut skipped = Vec::new();
    for name in names {
        let skip = |reason: String| Skipped {
            column: name.clone(),
            reason,
        };
        let (Ok(cur), Ok(refc)) = (current.column(&name), reference.column(&name)) else {
            let side = match (
                current.column(&name).is_ok(),
                reference.column(&name).is_ok(),
            ) {
                (false, false) => "both files",
                (false, true) => "the current file",
                _ => "the reference file",
            };
            skipped.push(skip(format!("column {name:?} is missing from {side}")));
            continue;
        };
        let inferred = infer_type(cur);
        let kind = match (options.overrides.get(&name).and_then(|o| o.kind), inferred) {
            (Some(k), InferredType::Datetime) => {
                skipped.push(skip(format!(
                    "column {name:?} holds dates; drift of dates is not tested (the {} override does not apply)",
                    k.as_str()
                )));
                continue;
            }
            (Some(k), _) | (None, InferredType::Tested(k)) => k,
            (None, InferredType::Text) => {
                skipped.push(skip(format!(
                    "column {name:?} is free text (more than half of its values are distinct): text drift is \
                     not tested; override its type to compare it as categories"
                )));
                continue;
            }
            (None, InferredType::Datetime) => {
                skipped.push(skip(format!("column {name:?} holds dates: not tested")));
                continue;
            }
            (None, InferredType::Unknown) => {
                skipped.push(skip(format!(
                    "column {name:?} has no usable values in the current file"
                )));
                continue;
            }
        };
        let numeric = |c: &Column| c.dtype().is_primitive_numeric() || c.dtype().is_bool();
        if numeric(cur) != numeric(refc)
            && !(cur.null_count() == cur.len() || refc.null_count() == refc.len())
        {
            let (num_side, text_side) = if numeric(cur) {
                ("current", "reference")
            } else {
                ("reference", "current")
            };
            skipped.push(skip(format!(
                "column {name:?} is numeric in the {num_side} file and text in the {text_side} file ({} vs {})",
                if numeric(cur) { cur.dtype() } else { refc.dtype() },
                if numeric(cur) { refc.dtype() } else { cur.dtype() },
            )));
            continue;
        }
        if kind == ColumnKind::Numeric && !numeric(cur) {
            skipped.push(skip(format!(
                "column {name:?} is compared as numeric but holds text ({})",
                cur.dtype()
            )));
            continue;
        }
        planned.push((name, kind));
    }
    (planned, skipped)
}

/// Prepares both sides of one column.
///
/// # Errors
/// A message naming the problem.
pub fn prepare_column(
    kind: ColumnKind,
    reference: &Column,
    current: &Column,
) -> Result<(Prepared, (usize, usize)), String> {
    let (r, rm) = side_values(reference)?;
    let (c, cm) = side_values(current)?;
    let prepared = match (kind, r, c) {
        (ColumnKind::Numeric, SideValues::Numbers(r), SideValues::Numbers(c)) => {
            Prepared::Numeric {
                reference: r,
                current: c,
            }
        }
        (ColumnKind::Categorical, SideValues::Numbers(r), SideValues::Numbers(c)) => {
            Prepared::Categorical(prepare::numeric_counts(&r, &c))
        }
        (ColumnKind::Categorical, SideValues::Texts(r), SideValues::Texts(c)) => {
            Prepared::Categorical(text_counts(&r, &c))
        }
        (ColumnKind::Categorical, SideValues::Numbers(r), SideValues::Texts(c)) => {
            let r = prepare::runs(&r)
                .into_iter()
                .map(|(v, n)| (prepare::number_label(v), n))
                .collect();
            Prepared::Categorical(text_counts(&r, &c))
        }
        (ColumnKind::Categorical, SideValues::Texts(r), SideValues::Numbers(c)) => {
            let c = prepare::runs(&c)
                .into_iter()
                .map(|(v, n)| (prepare::number_label(v), n))
                .collect();
            Prepared::Categorical(text_counts(&r, &c))
        }
        (ColumnKind::Numeric, _, _) => {
            return Err("compared as numeric but holds text on one side".to_owned());
        }
    };
    Ok((prepared, (rm, cm)))
}

/// Compares the planned columns of two frames.
///
/// # Errors
/// [`DriftError::Cancelled`].
pub fn compare_planned(
    reference: &DataFrame,
    current: &DataFrame,
    planned: &[(String, ColumnKind)],
    mut skipped: Vec<Skipped>,
    options: &DriftOptions,
    control: &TaskControl,
) -> Result<ColumnsDrift, DriftError> {
    let none = ColumnOverride::default();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let one = |name: &String, kind: ColumnKind| -> Option<Result<ColumnDrift, String>> {
        if control.is_cancelled() {
            return None;
        }
        let (Ok(r), Ok(c)) = (reference.column(name), current.column(name)) else {
            return None;
        };
        let choice = options.overrides.get(name).unwrap_or(&none);
        let result = prepare_column(kind, r, c)
            .and_then(|(p, missing)| column_drift(kind, &p, missing, choice));
        let finished = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
        control.set_progress(finished as f32 / planned.len().max(1) as f32);
        Some(result)
    };
    // Columns are independent: two workers share them (the machines this runs on have two cores or more).
    let outcomes: Vec<Option<Result<ColumnDrift, String>>> = std::thread::scope(|scope| {
        let half = planned.len().div_ceil(2);
        let (first, second) = planned.split_at(half);
        let worker = std::thread::Builder::new()
            .name("riskbench-drift-columns".to_owned())
            .spawn_scoped(scope, || {
                second.iter().map(|(n, k)| one(n, *k)).collect::<Vec<_>>()
            });
        let mut out: Vec<_> = first.iter().map(|(n, k)| one(n, *k)).collect();
        match worker {
            Ok(handle) => match handle.join() {
                Ok(rest) => out.extend(rest),
                Err(_) => out.extend(
                    second
                        .iter()
                        .map(|_| Some(Err("the drift worker thread failed".to_owned()))),
                ),
            },
            Err(_) => out.extend(second.iter().map(|(n, k)| one(n, *k))),
        }
        out
    });
    control.check()?;
    let mut columns = BTreeMap::new();
    for ((name, _), outcome) in planned.iter().zip(outcomes) {
        match outcome {
            Some(Ok(d)) => {
                columns.insert(name.clone(), d);
            }
            Some(Err(reason)) => skipped.push(Skipped {
                column: name.clone(),
                reason: format!("column {name:?}: {reason}"),
            }),
            None => {}
        }
    }
    Ok(summarise(columns, skipped, options.drift_share))
}

/// The dataset-level part: drifted columns, their share and the dataset drift flag (Evidently: share ≥
/// drift share).
#[must_use]
pub fn summarise(
    columns: BTreeMap<String, ColumnDrift>,
    skipped: Vec<Skipped>,
    drift_share: f64,
) -> ColumnsDrift {
    let drifted_columns: Vec<String> = columns
        .iter()
        .filter(|(_, d)| d.drift)
        .map(|(n, _)| n.clone())
        .collect();
    #[expect(clippy::cast_precision_loss, reason = "column counts")]
    let drifted_share = if columns.is_empty() {
        0.0
    } else {
        drifted_columns.len() as f64 / columns.len() as f64
    };
    ColumnsDrift {
        dataset_drift: !columns.is_empty() && drifted_share >= drift_share,
        columns,
        drifted_columns,
        drifted_share,
        drift_share,
        skipped,
    }
}

/// Compares two frames with `options`.
///
/// # Errors
/// [`DriftError::Cancelled`].
pub fn compare_frames(
    reference: &DataFrame,
    current: &DataFrame,
    options: &DriftOptions,
    control: &TaskControl,
) -> Result<ColumnsDrift, DriftError> {
    for name in &options.columns {
        if reference.column(name).is_err() && current.column(name).is_err() {
            return Err(DriftError::Spec(format!(
                "--columns names {name:?}, which neither file has"
            )));
        }
    }
    let (planned, skipped) = plan_columns(reference, current, options, &[]);
    compare_planned(reference, current, &planned, skipped, options, control)
}

/// Reads, fingerprints and compares two files.
///
/// # Errors
/// [`DriftError`] for an unreadable file, a bad option or cancellation.
pub fn run_drift(
    reference_path: &Path,
    current_path: &Path,
    options: &DriftOptions,
    control: &TaskControl,
) -> Result<DriftReport, DriftError> {
    let quiet = TaskControl::new();
    let limit_error =
        |e: crate::analysis::table::stream::MemoryLimitError| DriftError::Spec(e.to_string());
    if crate::analysis::table::stream::streams(reference_path).map_err(limit_error)?
        || crate::analysis::table::stream::streams(current_path).map_err(limit_error)?
    {
        // A file larger than the memory limit: a few columns at a time, read block by block.
        let rf = fingerprint_file(reference_path, &quiet)?;
        let cf = fingerprint_file(current_path, &quiet)?;
        let (drift, ref_rows, cur_rows) =
            stream::compare_files(reference_path, current_path, options, control)?;
        return Ok(DriftReport {
            reference: FileInfo {
                path: reference_path.to_string_lossy().into_owned(),
                sha256: rf.sha256,
                rows: ref_rows,
            },
            current: FileInfo {
                path: current_path.to_string_lossy().into_owned(),
                sha256: cf.sha256,
                rows: cur_rows,
            },
            drift,
            notes: method_notes(),
        });
    }
    // The fingerprints are computed on another thread while the files are read.
    let (fingerprints, reference, current) = std::thread::scope(|scope| {
        let hashing = scope.spawn(|| {
            Ok::<_, DatasetError>((
                fingerprint_file(reference_path, &quiet)?,
                fingerprint_file(current_path, &quiet)?,
            ))
        });
        let read = || -> Result<_, DriftError> {
            control.check()?;
            let reference = read_table(reference_path, &quiet)?;
            control.check()?;
            let current = read_table(current_path, &quiet)?;
            Ok((reference, current))
        };
        let frames = read();
        let fingerprints = hashing.join().unwrap_or_else(|_| {
            Err(DatasetError::Parse {
                path: reference_path.to_owned(),
                message: "the fingerprint thread failed".into(),
            })
        });
        frames.map(|(r, c)| (fingerprints, r, c))
    })?;
    let (rf, cf) = fingerprints?;
    let drift = compare_frames(&reference, &current, options, control)?;
    Ok(DriftReport {
        reference: FileInfo {
            path: reference_path.to_string_lossy().into_owned(),
            sha256: rf.sha256,
            rows: reference.height(),
        },
        current: FileInfo {
            path: current_path.to_string_lossy().into_owned(),
            sha256: cf.sha256,
            rows: current.height(),
        },
        drift,
        notes: method_notes(),
    })
}

fn column_summaries(drift: &ColumnsDrift) -> Vec<crate::model::drift::ColumnSummary> {
    drift
        .columns
        .iter()
        .map(|(name, d)| crate::model::drift::ColumnSummary {
            column: name.clone(),
            method: d.method.as_str().to_owned(),
            statistic: Some(d.statistic),
            threshold: d.threshold,
            drift: d.drift,
            psi: Some(d.psi),
        })
        .collect()
}

/// What the project keeps of a two-file drift run.
#[must_use]
pub fn summary_of(report: &DriftReport) -> crate::model::drift::DriftSummary {
    crate::model::drift::DriftSummary {
        reference_sha256: report.reference.sha256.clone(),
        current_sha256: report.current.sha256.clone(),
        columns: column_summaries(&report.drift),
        drifted_share: report.drift.drifted_share,
        dataset_drift: report.drift.dataset_drift,
        fairness_series: Vec::new(),
        window_labels: Vec::new(),
    }
}

/// What the project keeps of a windowed run: the last compared window's columns, and one series per
/// sensitive column × metric × group (selection rate, TPR, FPR with Wilson intervals) and per summary
/// disparity, across all windows.
#[must_use]
pub fn summary_of_windows(report: &windows::WindowsReport) -> crate::model::drift::DriftSummary {
    use crate::model::drift::FairnessSeries;
    let n = report.windows.len();
    let last = report
        .windows
        .iter()
        .rev()
        .find(|w| !w.reference && !w.drift.columns.is_empty());
    let mut series: BTreeMap<(String, String, String), FairnessSeries> = BTreeMap::new();
    for (wi, w) in report.windows.iter().enumerate() {
        for f in &w.fairness {
            let sensitive = f.sensitive.join("×");
            let mut put =
                |metric: &str, group: String, value: Option<f64>, ci: Option<[f64; 2]>| {
                    let s = series
                        .entry((sensitive.clone(), metric.to_owned(), group.clone()))
                        .or_insert_with(|| FairnessSeries {
                            sensitive: sensitive.clone(),
                            metric: metric.to_owned(),
                            group,
                            values: vec![None; n],
                            lower: vec![None; n],
                            upper: vec![None; n],
                        });
                    s.values[wi] = value;
                    s.lower[wi] = ci.map(|c| c[0]);
                    s.upper[wi] = ci.map(|c| c[1]);
                };
            for g in &f.by_group {
                let label = g.group.label();
                for (metric, value) in [
                    ("selection_rate", g.selection_rate),
                    ("true_positive_rate", g.true_positive_rate),
                    ("false_positive_rate", g.false_positive_rate),
                ] {
                    put(metric, label.clone(), value, g.ci.get(metric).copied());
                }
            }
            for (metric, value) in &f.summary {
                put(
                    metric,
                    String::new(),
                    *value,
                    f.summary_ci.get(metric).copied(),
                );
            }
        }
    }
    crate::model::drift::DriftSummary {
        reference_sha256: report.dataset.sha256.clone(),
        current_sha256: report.dataset.sha256.clone(),
        columns: last.map(|w| column_summaries(&w.drift)).unwrap_or_default(),
        drifted_share: last.map_or(0.0, |w| w.drift.drifted_share),
        dataset_drift: last.is_some_and(|w| w.drift.dataset_drift),
        fairness_series: series.into_values().collect(),
        window_labels: report.windows.iter().map(|w| w.label.clone()).collect(),
    }
}
