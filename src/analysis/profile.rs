//! The EDA profile of a dataset (`data-eda-drift.md`, section Profile): overview, per-variable statistics,
//! correlations, alerts, and the fairness-specific part (group representation, label base rates, proxy
//! detection, per-group numeric summaries). Definitions follow pandas, numpy and ydata-profiling so that the
//! same data gives the same numbers; `tests/fixtures/profile/generate.py` computes them independently.
//!
//! # Missing values
//! A cell is missing when it is empty (or null in Parquet, or `NaN`). Placeholder tokens ([`PLACEHOLDER_TOKENS`],
//! compared trimmed and case-insensitively) are never converted silently: an undeclared one stays a value and
//! raises a `SUSPECTED_MISSING_PLACEHOLDER` alert with its count. Tokens the user declared missing for the
//! dataset ([`ProfileOptions::missing_tokens`]) are missing cells; a declared token that is a number also
//! makes that number missing in numeric columns.
//!
//! # Type inference (overridable per column)
//! - **Boolean**: a polars boolean column, or exactly two distinct values forming one of the pairs
//!   false/true, no/yes, 0/1, f/t, n/y (trimmed, case-insensitive; numbers 0 and 1 count).
//! - **Numeric**: a polars numeric column, or a text column whose every value parses as a number (so a
//!   column with an undeclared `?` stays categorical until `?` is declared missing) — unless Boolean or:
//! - **Identifier**: an integer column whose values are all distinct and consecutive (a row number), or a
//!   text column whose values are all distinct, with more than 50 values either way.
//! - **Date/time**: a polars date/time column, or text whose every value is an ISO 8601 date or date-time
//!   (`YYYY-MM-DD`, optionally `THH:MM[:SS[.f]]` and `Z` or `±HH:MM`).
//! - **Text**: mostly distinct strings (distinct/count > 0.5) with a mean length of at least 40 characters.
//! - **Categorical**: everything else.
//!
//! A numeric override of a column with a value that is not a number (and not declared missing) is an error
//! naming the row (line in the file) and column.
//!
//! # Statistics
//! Counts (`missing`, `zeros`, `infinite`) and shares are over all rows. `distinct` counts distinct
//! non-missing values. Mean, sample standard deviation (n − 1), min, max, quantiles (linear interpolation
//! between closest ranks, numpy/pandas default), skewness (adjusted Fisher–Pearson, as `pandas.Series.skew`)
//! and the histogram use the finite values only (infinities are counted in `infinite`). Histogram: as
//! `numpy.histogram(values, bins=min(50, distinct finite values))`: equal-width bins from min to max, each
//! bin `[a, b)` except the last `[a, b]`. Top values: the 10 most frequent, ties in ascending order of value.
//! Date/time variables get a histogram over time: rows per day, ISO week (from Monday), month, quarter or
//! year, the finest period with at most [`MAX_TIME_BINS`] bars, empty periods included, each value binned by
//! its date as written (no time-zone conversion).
//!
//! # Correlations ("auto", as ydata-profiling)
//! Numeric columns with more than one distinct value, and categorical or boolean columns with 2 to
//! [`EdaThresholds::correlation_max_distinct`] distinct values, take part. Two numeric columns: Spearman's ρ
//! over the rows where both are present (ranks with ties averaged). Otherwise: bias-corrected Cramér's V of
//! the contingency table over the rows where both are present, numeric columns cut into 10 equal-width bins
//! as `pandas.cut(x, 10)` (finite values; infinities left out); χ² without continuity correction.
//! The pairs grow with the square of the columns: at most [`MAX_CORRELATION_COLUMNS`] columns take part (the
//! label and the sensitive columns first, then the others in file order), so a file with thousands of
//! columns is profiled in bounded memory.
//!
//! # Fairness
//! Each sensitive column is grouped by its values (a numeric column with more than 20 distinct values is cut
//! into 10 equal-width bins as above). Proxy detection measures every other numeric, categorical or boolean
//! column (not the label, not another sensitive column) against the grouping: correlation ratio η for a
//! numeric column, bias-corrected Cramér's V otherwise; ranked, flagged at or above
//! [`EdaThresholds::proxy_threshold`].

mod assoc;
mod dates;
mod fairness;
mod json;
mod prepare;
mod stats;

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;
use serde::Serialize;

pub use self::dates::{MAX_TIME_BINS, TimeBin, TimeHistogram, TimePeriod};
use self::prepare::{Data, Declared, MISSING, Prepared};
use super::dataset::DatasetError;
use super::task::{Cancelled, TaskControl};
use crate::model::DatasetRef;
use crate::model::data_columns::{ColumnKind, ColumnRole};
use crate::model::settings::EdaThresholds;

/// Values that look like a missing-value placeholder (compared trimmed and lowercase).
pub const PLACEHOLDER_TOKENS: [&str; 11] = [
    "?", "na", "n/a", "null", "none", "-", "unknown", "--", "#n/a", "missing", "nil",
];

/// How many top values a variable lists.
pub const TOP_VALUES: usize = 10;
/// How many categories the frequency chart of a categorical variable shows (the rest is summed).
pub const FREQUENCY_BARS: usize = 50;
/// Maximum number of histogram bins (numpy `bins=min(50, distinct)`).
pub const HISTOGRAM_BINS: usize = 50;
/// Numeric columns are cut into this many equal-width bins for Cramér's V.
pub const CORRELATION_BINS: usize = 10;
/// A numeric sensitive column with more distinct values than this is cut into bins.
pub const SENSITIVE_MAX_VALUES: usize = 20;

/// What the profile needs to know besides the data.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ProfileOptions {
    /// Type overrides by column name.
    pub type_overrides: BTreeMap<String, ColumnKind>,
    /// Placeholder values declared missing (compared trimmed and case-insensitively).
    pub missing_tokens: Vec<String>,
    /// Sensitive columns for the fairness section.
    pub sensitive: Vec<String>,
    /// The label column, for base rates per group.
    pub label: Option<String>,
    /// The label value that counts as positive (default: 1, true or yes when the label is boolean).
    pub label_positive: Option<String>,
    /// Reference population share per sensitive column and group value.
    pub reference_shares: BTreeMap<String, BTreeMap<String, f64>>,
    /// Alert thresholds.
    pub thresholds: EdaThresholds,
}

impl ProfileOptions {
    /// The options saved in the project for a dataset: its type overrides, declared missing tokens,
    /// sensitive columns with their reference shares, label and positive value.
    #[must_use]
    pub fn from_dataset(dataset: &DatasetRef, thresholds: &EdaThresholds) -> Self {
        let mut options = Self {
            missing_tokens: dataset.missing_tokens.clone(),
            label_positive: dataset.label_positive.clone(),
            thresholds: thresholds.clone(),
            ..Self::default()
        };
        for setting in &dataset.column_settings {
            if let Some(kind) = setting.kind {
                options.type_overrides.insert(setting.name.clone(), kind);
            }
            match setting.role {
                ColumnRole::Sensitive => {
                    options.sensitive.push(setting.name.clone());
                    if !setting.reference_shares.is_empty() {
                        options
                            .reference_shares
                            .insert(setting.name.clone(), setting.reference_shares.clone());
                    }
                }
                ColumnRole::Label if options.label.is_none() => {
                    options.label = Some(setting.name.clone());
                }
                _ => {}
            }
        }
        options
    }
}

/// Why a profile could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file could not be read (with file, line and column for malformed data).
    #[error(transparent)]
    Dataset(#[from] DatasetError),
    /// A value does not fit the column's type (0-based data row, 1-based column).
    #[error("row {}, column {column} ({name:?}): {message}", row + 1)]
    Value {
        /// Data row, counted from 0 (header excluded).
        row: u64,
        /// Column number, from 1.
        column: u64,
        /// Column name.
        name: String,
        /// What was wrong and what was expected.
        message: String,
    },
    /// An option names a column the data does not have.
    #[error("{option}: the data has no column {name:?} (columns: {available})")]
    UnknownColumn {
        /// Which option.
        option: &'static str,
        /// The name given.
        name: String,
        /// The columns there are.
        available: String,
    },
    /// A computation in polars failed.
    #[error("cannot profile the data: {0}")]
    Internal(String),
    /// The user cancelled.
    #[error("cancelled")]
    Cancelled(#[from] Cancelled),
}

/// A value in a top-values list: a number for numeric columns, text otherwise.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum CellValue {
    /// A number.
    Number(f64),
    /// Text as it appears in the data.
    Text(String),
}

impl std::fmt::Display for CellValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Number(v) => write!(f, "{v}"),
            Self::Text(t) => f.write_str(t),
        }
    }
}

/// A value and how many rows hold it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValueCount {
    /// The value.
    pub value: CellValue,
    /// Rows holding it.
    pub count: u64,
}

/// Dataset overview.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Overview {
    /// Data rows.
    pub rows: u64,
    /// Columns.
    pub columns: u64,
    /// Missing cells over all columns.
    pub missing_cells: u64,
    /// Missing cells ÷ (rows × columns); 0 for an empty table.
    pub missing_cells_share: f64,
    /// Rows identical to an earlier row (`pandas.DataFrame.duplicated().sum()`).
    pub duplicate_rows: u64,
    /// Duplicate rows ÷ rows.
    pub duplicate_rows_share: f64,
    /// Size of the data in memory (polars' estimate).
    pub memory_bytes: u64,
    /// Number of columns of each kind, by kind key (`numeric`, `categorical`, …).
    pub types: BTreeMap<String, u64>,
}

/// Quantiles 5/25/50/75/95 %.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quantiles {
    /// 5 %.
    pub q05: Option<f64>,
    /// 25 %.
    pub q25: Option<f64>,
    /// Median.
    pub q50: Option<f64>,
    /// 75 %.
    pub q75: Option<f64>,
    /// 95 %.
    pub q95: Option<f64>,
}

/// An equal-width histogram: `counts[i]` values in `[edges[i], edges[i + 1])` (last bin closed).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Histogram {
    /// Bin edges, one more than bins.
    pub edges: Vec<f64>,
    /// Values per bin.
    pub counts: Vec<u64>,
}

/// Statistics of a numeric variable (finite values only).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NumericSummary {
    /// Mean.
    pub mean: Option<f64>,
    /// Sample standard deviation (n − 1).
    pub std: Option<f64>,
    /// Smallest finite value.
    pub min: Option<f64>,
    /// Largest finite value.
    pub max: Option<f64>,
    /// Quantiles.
    pub quantiles: Quantiles,
    /// Adjusted Fisher–Pearson skewness (pandas).
    pub skewness: Option<f64>,
    /// Histogram (numpy rule, at most [`HISTOGRAM_BINS`] bins).
    pub histogram: Histogram,
}

/// The frequency chart of a categorical variable: the most frequent values and the rest summed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Frequencies {
    /// Up to [`FREQUENCY_BARS`] values, most frequent first.
    pub values: Vec<ValueCount>,
    /// How many other distinct values there are.
    pub other_values: u64,
    /// Rows holding one of the other values.
    pub other_count: u64,
}

/// The profile of one column.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Variable {
    /// Column name.
    pub name: String,
    /// Inferred or overridden kind.
    pub kind: ColumnKind,
    /// Whether the kind is the user's override.
    pub kind_overridden: bool,
    /// The storage type it was read as (polars dtype).
    pub dtype: String,
    /// Non-missing cells.
    pub count: u64,
    /// Distinct non-missing values.
    pub distinct: u64,
    /// Missing cells.
    pub missing: u64,
    /// Missing ÷ rows.
    pub missing_share: f64,
    /// Zeros (numeric).
    pub zeros: u64,
    /// Infinite values (numeric).
    pub infinite: u64,
    /// Numeric statistics, for numeric variables.
    pub numeric: Option<NumericSummary>,
    /// Most frequent values.
    pub top: Vec<ValueCount>,
    /// Frequency chart, for categorical, boolean, date/time, text and identifier variables.
    pub frequencies: Option<Frequencies>,
    /// `1 − H(counts)/log₂(k)`, for categorical and boolean variables with k ≥ 2 values.
    pub imbalance: Option<f64>,
    /// Undeclared placeholder tokens with their counts (suspected missing values).
    pub placeholders: Vec<ValueCount>,
    /// Earliest and latest value, for date/time variables (ISO text sorts chronologically).
    pub text_range: Option<(String, String)>,
    /// Rows per calendar period, for date/time variables with at least one value (binned by the date part
    /// as written; see [`TimeHistogram`]).
    pub time_histogram: Option<TimeHistogram>,
}

/// How two columns were compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AssociationMethod {
    /// Spearman's rank correlation (signed).
    Spearman,
    /// Bias-corrected Cramér's V (0–1).
    CramersV,
    /// Correlation ratio η (0–1).
    CorrelationRatio,
}

impl AssociationMethod {
    /// Key in JSON (`spearman`, `cramers_v`, `correlation_ratio`).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Spearman => "spearman",
            Self::CramersV => "cramers_v",
            Self::CorrelationRatio => "correlation_ratio",
        }
    }
}

/// The association of two columns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CorrelationPair {
    /// First column (earlier in the table).
    pub a: String,
    /// Second column.
    pub b: String,
    /// Measure used.
    pub method: AssociationMethod,
    /// Value; `None` when undefined (a column constant over the rows both have).
    pub value: Option<f64>,
}

/// Most columns that take part in the correlations (19,900 pairs).
pub const MAX_CORRELATION_COLUMNS: usize = 200;

/// The correlation matrix, for a heat map.
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct Correlations {
    /// The columns taking part, in table order.
    pub columns: Vec<String>,
    /// Symmetric matrix, 1 on the diagonal; `None` where undefined.
    pub matrix: Vec<Vec<Option<f64>>>,
    /// Every pair `i < j`, in row-major order.
    pub pairs: Vec<CorrelationPair>,
}

/// Kinds of alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum AlertKind {
    /// Share of missing cells above the threshold.
    Missing,
    /// Share of zeros above the threshold.
    Zeros,
    /// Share of infinite values above the threshold.
    Infinite,
    /// The table has duplicate rows.
    Duplicates,
    /// The table has no rows, or a column has no value.
    Empty,
    /// One distinct value.
    Constant,
    /// Every value distinct.
    Unique,
    /// |skewness| above the threshold.
    Skewed,
    /// Too many categories.
    HighCardinality,
    /// Categories far from balanced.
    Imbalance,
    /// Highly correlated with another column.
    HighCorrelation,
    /// Values that look like missing-value placeholders.
    SuspectedMissingPlaceholder,
    /// A feature strongly associated with a sensitive column.
    LikelyProxy,
}

impl AlertKind {
    /// The name in JSON and reports (`MISSING`, `HIGH_CORRELATION`, …).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Missing => "MISSING",
            Self::Zeros => "ZEROS",
            Self::Infinite => "INFINITE",
            Self::Duplicates => "DUPLICATES",
            Self::Empty => "EMPTY",
            Self::Constant => "CONSTANT",
            Self::Unique => "UNIQUE",
            Self::Skewed => "SKEWED",
            Self::HighCardinality => "HIGH_CARDINALITY",
            Self::Imbalance => "IMBALANCE",
            Self::HighCorrelation => "HIGH_CORRELATION",
            Self::SuspectedMissingPlaceholder => "SUSPECTED_MISSING_PLACEHOLDER",
            Self::LikelyProxy => "LIKELY_PROXY",
        }
    }
}

/// One alert.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    /// What is wrong.
    pub kind: AlertKind,
    /// The column, or `None` for the whole table (`DUPLICATES`, `EMPTY` table).
    pub column: Option<String>,
    /// The measured value (share, count, skewness, correlation…).
    pub value: f64,
    /// A sentence for the user.
    pub detail: String,
}

/// One group of a sensitive column.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupRepresentation {
    /// The group value (or bin).
    pub group: String,
    /// Rows in the group.
    pub count: u64,
    /// Rows ÷ rows with a known group.
    pub share: f64,
    /// The reference population share, when given.
    pub reference_share: Option<f64>,
    /// `share − reference_share`.
    pub difference: Option<f64>,
    /// Rows with a known label.
    pub labelled: u64,
    /// Rows with the positive label.
    pub positives: u64,
    /// `positives ÷ labelled`; `None` without a label or labelled rows.
    pub base_rate: Option<f64>,
}

/// A feature's association with a sensitive column.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Proxy {
    /// The feature.
    pub column: String,
    /// Measure used (η for numeric features, Cramér's V otherwise).
    pub method: AssociationMethod,
    /// Value; `None` when undefined.
    pub value: Option<f64>,
    /// At or above the proxy threshold.
    pub flagged: bool,
}

/// Five-number summary (and mean) of a numeric column in one group, for a box plot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupSummary {
    /// The group.
    pub group: String,
    /// Finite values.
    pub count: u64,
    /// Minimum.
    pub min: Option<f64>,
    /// First quartile (linear interpolation).
    pub q1: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// Third quartile.
    pub q3: Option<f64>,
    /// Maximum.
    pub max: Option<f64>,
    /// Mean.
    pub mean: Option<f64>,
}

/// A numeric column summarised per group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NumericByGroup {
    /// The numeric column.
    pub column: String,
    /// One summary per group, in group order.
    pub groups: Vec<GroupSummary>,
}

/// Fairness EDA of one sensitive column.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SensitiveProfile {
    /// The column.
    pub column: String,
    /// How a numeric column was grouped, when it was cut into bins.
    pub binning: Option<String>,
    /// Groups in ascending order of value.
    pub groups: Vec<GroupRepresentation>,
    /// Rows with the column missing.
    pub missing: u64,
    /// Every other feature's association, strongest first.
    pub proxies: Vec<Proxy>,
    /// Numeric features per group.
    pub numeric_by_group: Vec<NumericByGroup>,
}

/// The fairness section.
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct FairnessProfile {
    /// The label column used for base rates.
    pub label: Option<String>,
    /// The positive label value used.
    pub positive: Option<String>,
    /// Why base rates are missing, when a label was given but could not be used.
    pub label_problem: Option<String>,
    /// One entry per sensitive column.
    pub sensitive: Vec<SensitiveProfile>,
    /// The proxy threshold applied.
    pub proxy_threshold: f64,
}

/// The complete profile of a dataset: plain values, no polars types.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Profile {
    /// Overview.
    pub overview: Overview,
    /// Variables in table order.
    pub variables: Vec<Variable>,
    /// Correlations.
    pub correlations: Correlations,
    /// Alerts, by column order then kind.
    pub alerts: Vec<Alert>,
    /// Fairness section.
    pub fairness: FairnessProfile,
}

impl Profile {
    /// The variable with this name.
    #[must_use]
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// The association of two columns (either order), when both took part in the correlations.
    #[must_use]
    pub fn correlation(&self, a: &str, b: &str) -> Option<&CorrelationPair> {
        self.correlations
            .pairs
            .iter()
            .find(|p| (p.a == a && p.b == b) || (p.a == b && p.b == a))
    }

    /// The `profile --json` document (`cli.md` shape, with extra fields): keys sorted, floats in shortest
    /// round-trip form, undefined and non-finite values `null`.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        json::to_json(self)
    }

    /// A readable summary for the terminal.
    #[must_use]
    pub fn summary_text(&self) -> String {
        json::summary_text(self)
    }
}

fn check_columns(df: &DataFrame, options: &ProfileOptions) -> Result<(), ProfileError> {
    let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    let unknown = |option: &'static str, name: &str| ProfileError::UnknownColumn {
        option,
        name: name.to_owned(),
        available: names.join(", "),
    };
    for name in options.type_overrides.keys() {
        if !names.contains(&name.as_str()) {
            return Err(unknown("type override", name));
        }
    }
    for name in &options.sensitive {
        if !names.contains(&name.as_str()) {
            return Err(unknown("sensitive column", name));
        }
    }
    if let Some(label) = &options.label
        && !names.contains(&label.as_str())
    {
        return Err(unknown("label", label));
    }
    Ok(())
}

/// Computes `f(0)`, …, `f(count − 1)` on up to two named worker threads (the caller's and one more),
/// checking for cancellation between items and reporting progress from `range.0` to `range.1`.
fn parallel_map<T, F>(
    count: usize,
    control: &TaskControl,
    range: (f32, f32),
    f: F,
) -> Result<Vec<T>, ProfileError>
where
    T: Send,
    F: Fn(usize) -> Result<T, ProfileError> + Sync,
{
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 2)
        .min(count.max(1));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || -> Result<Vec<(usize, T)>, ProfileError> {
        let mut out = Vec::new();
        loop {
            control.check()?;
            if failed.load(Ordering::Relaxed) {
                return Ok(out);
            }
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                return Ok(out);
            }
            match f(i) {
                Ok(value) => out.push((i, value)),
                Err(e) => {
                    failed.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
            let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
            #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
            control.set_progress(range.0 + (range.1 - range.0) * finished as f32 / count as f32);
        }
    };
    let results: Vec<Result<Vec<(usize, T)>, ProfileError>> = std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for t in 1..threads {
            handles.push(
                std::thread::Builder::new()
                    .name(format!("profile-{t}"))
                    .spawn_scoped(scope, work),
            );
        }
        let mut results = vec![work()];
        for handle in handles {
            results.push(match handle {
                Ok(h) => h.join().unwrap_or_else(|_| {
                    Err(ProfileError::Internal(
                        "a profile worker thread failed".to_owned(),
                    ))
                }),
                Err(e) => Err(ProfileError::Internal(format!(
                    "cannot start a worker thread: {e}"
                ))),
            });
        }
        results
    });
    let mut all: Vec<(usize, T)> = Vec::with_capacity(count);
    for r in results {
        all.extend(r?);
    }
    all.sort_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, v)| v).collect())
}

/// Prepares every column, two at a time.
fn prepare_all(
    df: &DataFrame,
    options: &ProfileOptions,
    control: &TaskControl,
) -> Result<Vec<Prepared>, ProfileError> {
    let columns = df.columns();
    let declared = Declared::new(&options.missing_tokens);
    parallel_map(columns.len(), control, (0.0, 0.5), |i| {
        prepare::prepare_column(&columns[i], i, options, &declared)
    })
}

/// [`prepare_all`] for a frame the caller gives up: each column is dropped as soon as its working copy
/// exists, string columns first (their codes take a quarter of the frame's views), so the frame and the
/// working copies are never held in full together.
fn prepare_owned(
    df: DataFrame,
    options: &ProfileOptions,
    control: &TaskControl,
) -> Result<Vec<Prepared>, ProfileError> {
    let declared = Declared::new(&options.missing_tokens);
    let columns: Vec<std::sync::Mutex<Option<Column>>> = df
        .into_columns()
        .into_iter()
        .map(|c| std::sync::Mutex::new(Some(c)))
        .collect();
    let is_string = |i: usize| {
        columns[i]
            .lock()
            .ok()
            .and_then(|c| c.as_ref().map(|c| matches!(c.dtype(), DataType::String)))
            .unwrap_or(false)
    };
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by_key(|&i| !is_string(i));
    let mut prepared = parallel_map(order.len(), control, (0.0, 0.5), |k| {
        let i = order[k];
        let column = columns[i]
            .lock()
            .ok()
            .and_then(|mut c| c.take())
            .ok_or_else(|| ProfileError::Internal(format!("column {i} was prepared twice")))?;
        prepare::prepare_column(&column, i, options, &declared).map(|p| (i, p))
    })?;
    prepared.sort_by_key(|(i, _)| *i);
    Ok(prepared.into_iter().map(|(_, p)| p).collect())
}

/// Counts rows equal to an earlier row, with a 128-bit hash of each row's values (none when a column has a
/// distinct value in every row).
fn duplicate_rows(prepared: &[Prepared], variables: &[Variable], rows: usize) -> u64 {
    const K1: u64 = 0x9E37_79B9_7F4A_7C15;
    const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;
    if rows == 0 || variables.iter().any(|v| v.distinct == rows as u64) {
        return 0;
    }
    let mut h1 = vec![0_u64; rows];
    let mut h2 = vec![0x1234_5678_u64; rows];
    for column in prepared {
        let mut mix = |row: usize, key: u64| {
            h1[row] = (h1[row].rotate_left(5) ^ key).wrapping_mul(K1);
            h2[row] = (h2[row] ^ key.wrapping_mul(K2))
                .rotate_left(31)
                .wrapping_mul(K1)
                ^ (h2[row] >> 29);
        };
        match &column.data {
            Data::Numeric(n) => {
                for (row, v) in n.values.iter().enumerate() {
                    let key = if v.is_nan() {
                        0x7FF8_DEAD_BEEF_0001
                    } else if *v == 0.0 {
                        prepare::order_key(0.0)
                    } else {
                        prepare::order_key(*v)
                    };
                    mix(row, key);
                }
            }
            Data::Codes(c) => {
                for (row, code) in c.codes.iter().enumerate() {
                    mix(row, u64::from(*code));
                }
            }
        }
    }
    let mut keys: Vec<u128> = h1
        .into_iter()
        .zip(h2)
        .map(|(a, b)| (u128::from(a) << 64) | u128::from(b))
        .collect();
    keys.sort_unstable();
    keys.windows(2).filter(|w| w[0] == w[1]).count() as u64
}

#[expect(clippy::cast_precision_loss, reason = "shares of counts")]
fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Profiles a data frame.
///
/// # Errors
/// [`ProfileError::UnknownColumn`] when an option names a missing column, [`ProfileError::Value`] when a value
/// does not fit a numeric override, [`ProfileError::Cancelled`].
pub fn profile_frame(
    df: &DataFrame,
    options: &ProfileOptions,
    control: &TaskControl,
) -> Result<Profile, ProfileError> {
    check_columns(df, options)?;
    control.set_progress(0.0);
    let rows = df.height();
    let prepared = prepare_all(df, options, control)?;
    profile_prepared(
        &prepared,
        rows,
        df.estimated_size() as u64,
        options,
        control,
    )
}

/// [`profile_frame`] for a frame the caller no longer needs: the frame is dropped once its columns are
/// prepared, so the frame and the profile's working copies are never held together (the CLI and report
/// path; the GUI keeps its frame for the data table and calls [`profile_frame`]).
///
/// # Errors
/// As [`profile_frame`].
pub fn profile_owned_frame(
    df: DataFrame,
    options: &ProfileOptions,
    control: &TaskControl,
) -> Result<Profile, ProfileError> {
    check_columns(&df, options)?;
    control.set_progress(0.0);
    let rows = df.height();
    let memory_bytes = df.estimated_size() as u64;
    let prepared = prepare_owned(df, options, control)?;
    profile_prepared(&prepared, rows, memory_bytes, options, control)
}

fn profile_prepared(
    prepared: &[prepare::Prepared],
    rows: usize,
    memory_bytes: u64,
    options: &ProfileOptions,
    control: &TaskControl,
) -> Result<Profile, ProfileError> {
    control.check()?;
    let variables = parallel_map(prepared.len(), control, (0.5, 0.52), |i| {
        Ok(variable::describe(&prepared[i], rows))
    })?;
    let duplicates = duplicate_rows(prepared, &variables, rows);
    control.set_progress(0.55);
    control.check()?;
    let missing_cells: u64 = variables.iter().map(|v| v.missing).sum();
    let mut types: BTreeMap<String, u64> = BTreeMap::new();
    for v in &variables {
        *types.entry(v.kind.key().to_owned()).or_insert(0) += 1;
    }
    let overview = Overview {
        rows: rows as u64,
        columns: prepared.len() as u64,
        missing_cells,
        missing_cells_share: share(missing_cells, (rows * prepared.len()) as u64),
        duplicate_rows: duplicates,
        duplicate_rows_share: share(duplicates, rows as u64),
        memory_bytes,
        types,
    };
    let correlations = correlate::correlations(prepared, &variables, options, control)?;
    control.set_progress(0.85);
    let fairness = fairness::fairness(prepared, options, control)?;
    let alerts = alerts::alerts(&overview, &variables, &correlations, &fairness, options);
    control.set_progress(1.0);
    Ok(Profile {
        overview,
        variables,
        correlations,
        alerts,
        fairness,
    })
}

/// The 1-based line of data row `row` (0-based) of a CSV file, reading records as the loader does.
fn csv_line_of_row(path: &Path, row: u64) -> Option<u64> {
    let bytes = std::fs::read(path).ok()?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(super::table::detect_delimiter(bytes))
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut index = 0_u64;
    while reader.read_byte_record(&mut record).ok()? {
        if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
            continue;
        }
        if index == row {
            return record.position().map(csv::Position::line);
        }
        index += 1;
    }
    None
}

/// Reads a CSV or Parquet file and profiles it.
///
/// # Errors
/// As [`profile_frame`]; errors in the data name the file, line and column
/// ([`DatasetError::ParseAt`] inside [`ProfileError::Dataset`]).
pub fn profile_file(
    path: &Path,
    options: &ProfileOptions,
    control: &TaskControl,
) -> Result<Profile, ProfileError> {
    let df = super::table::read_table(path, control)?;
    match profile_owned_frame(df, options, control) {
        Err(ProfileError::Value {
            row,
            column,
            name,
            message,
        }) => {
            let message = format!("column {name:?}: {message}");
            let csv = crate::model::DatasetFormat::from_path(path)
                == Some(crate::model::DatasetFormat::Csv);
            Err(match csv_line_of_row(path, row).filter(|_| csv) {
                Some(line) => DatasetError::ParseAt {
                    path: path.to_owned(),
                    line,
                    column,
                    message,
                },
                None => DatasetError::Parse {
                    path: path.to_owned(),
                    message: format!("row {}, column {column}: {message}", row + 1),
                },
            }
            .into())
        }
        other => other,
    }
}

/// Builds the [`Variable`] of a prepared column.
mod variable {
    use super::prepare::{Data, Prepared, number_label};
    use super::{
        CellValue, FREQUENCY_BARS, Frequencies, HISTOGRAM_BINS, Histogram, NumericSummary,
        Quantiles, TOP_VALUES, ValueCount, Variable, share,
    };
    use super::{dates, stats};
    use crate::model::data_columns::ColumnKind;

    /// `1 − H/log₂(k)` of counts (`None` below two classes).
    pub(super) fn imbalance(counts: &[u64]) -> Option<f64> {
        let counts: Vec<u64> = counts.iter().copied().filter(|c| *c > 0).collect();
        if counts.len() < 2 {
            return None;
        }
        let n: u64 = counts.iter().sum();
        #[expect(clippy::cast_precision_loss, reason = "counts are far below 2^53")]
        let entropy: f64 = counts
            .iter()
            .map(|c| {
                let p = *c as f64 / n as f64;
                -p * p.log2()
            })
            .sum();
        #[expect(clippy::cast_precision_loss, reason = "small counts")]
        let k = counts.len() as f64;
        Some(1.0 - entropy / k.log2())
    }

    #[expect(clippy::float_cmp, reason = "runs of equal values are exact")]
    pub(super) fn describe(p: &Prepared, rows: usize) -> Variable {
        let rows_u = rows as u64;
        let mut v = Variable {
            name: p.name.clone(),
            kind: p.kind,
            kind_overridden: p.overridden,
            dtype: p.dtype.clone(),
            count: rows_u - p.missing,
            distinct: 0,
            missing: p.missing,
            missing_share: share(p.missing, rows_u),
            zeros: 0,
            infinite: 0,
            numeric: None,
            top: Vec::new(),
            frequencies: None,
            imbalance: None,
            placeholders: p
                .placeholders
                .iter()
                .map(|(t, c)| ValueCount {
                    value: CellValue::Text(t.clone()),
                    count: *c,
                })
                .collect(),
            text_range: None,
            time_histogram: None,
        };
        match &p.data {
            Data::Numeric(n) => {
                let sorted: Vec<f64> = n.order.iter().map(|r| n.values[*r as usize]).collect();
                let mut runs: Vec<(f64, u64)> = Vec::new();
                for &x in &sorted {
                    match runs.last_mut() {
                        Some((value, count)) if *value == x => *count += 1,
                        _ => runs.push((x, 1)),
                    }
                }
                v.distinct = runs.len() as u64;
                v.zeros = sorted.iter().filter(|x| **x == 0.0).count() as u64;
                v.infinite = sorted.iter().filter(|x| x.is_infinite()).count() as u64;
                let lo = sorted.partition_point(|x| *x == f64::NEG_INFINITY);
                let hi = sorted.partition_point(|x| *x < f64::INFINITY);
                let finite = &sorted[lo..hi];
                let moments = stats::moments(finite);
                let finite_distinct = runs.iter().filter(|(x, _)| x.is_finite()).count();
                let (edges, counts) = if finite.is_empty() {
                    (Vec::new(), Vec::new())
                } else {
                    stats::histogram_sorted(finite, finite_distinct.min(HISTOGRAM_BINS))
                };
                let q = |p| stats::quantile_sorted(finite, p);
                v.numeric = Some(NumericSummary {
                    mean: moments.mean,
                    std: moments.std,
                    min: finite.first().copied(),
                    max: finite.last().copied(),
                    quantiles: Quantiles {
                        q05: q(0.05),
                        q25: q(0.25),
                        q50: q(0.5),
                        q75: q(0.75),
                        q95: q(0.95),
                    },
                    skewness: moments.skewness,
                    histogram: Histogram { edges, counts },
                });
                let mut ranked: Vec<&(f64, u64)> = runs.iter().collect();
                let by_frequency =
                    |a: &&(f64, u64), b: &&(f64, u64)| b.1.cmp(&a.1).then(a.0.total_cmp(&b.0));
                if ranked.len() > TOP_VALUES {
                    ranked.select_nth_unstable_by(TOP_VALUES, by_frequency);
                    ranked.truncate(TOP_VALUES);
                }
                ranked.sort_by(by_frequency);
                v.top = ranked
                    .into_iter()
                    .take(TOP_VALUES)
                    .map(|(x, c)| ValueCount {
                        value: CellValue::Number(*x),
                        count: *c,
                    })
                    .collect();
                let _ = number_label;
            }
            Data::Codes(c) => {
                v.distinct = c.counts.iter().filter(|n| **n > 0).count() as u64;
                let mut ranked: Vec<usize> =
                    (0..c.labels.len()).filter(|i| c.counts[*i] > 0).collect();
                let by_frequency = |a: &usize, b: &usize| {
                    c.counts[*b]
                        .cmp(&c.counts[*a])
                        .then_with(|| c.labels[*a].cmp(&c.labels[*b]))
                };
                // Only the most frequent values are shown: partition them out, then sort those.
                if ranked.len() > FREQUENCY_BARS {
                    ranked.select_nth_unstable_by(FREQUENCY_BARS, by_frequency);
                }
                let shown_count = ranked.len().min(FREQUENCY_BARS);
                ranked[..shown_count].sort_by(by_frequency);
                let value = |i: usize| ValueCount {
                    value: CellValue::Text(c.labels[i].clone()),
                    count: c.counts[i],
                };
                v.top = ranked.iter().take(TOP_VALUES).map(|i| value(*i)).collect();
                let shown: Vec<ValueCount> = ranked
                    .iter()
                    .take(FREQUENCY_BARS)
                    .map(|i| value(*i))
                    .collect();
                let rest = &ranked[ranked.len().min(FREQUENCY_BARS)..];
                v.frequencies = Some(Frequencies {
                    values: shown,
                    other_values: rest.len() as u64,
                    other_count: rest.iter().map(|i| c.counts[*i]).sum(),
                });
                if matches!(p.kind, ColumnKind::Categorical | ColumnKind::Boolean) {
                    v.imbalance = imbalance(&c.counts);
                }
                if p.kind == ColumnKind::DateTime {
                    let present = || (0..c.labels.len()).filter(|i| c.counts[*i] > 0);
                    let min = present().min_by(|a, b| c.labels[*a].cmp(&c.labels[*b]));
                    let max = present().max_by(|a, b| c.labels[*a].cmp(&c.labels[*b]));
                    if let (Some(a), Some(b)) = (min, max) {
                        v.text_range = Some((c.labels[a].clone(), c.labels[b].clone()));
                    }
                    v.time_histogram = dates::time_histogram(&c.labels, &c.counts);
                }
            }
        }
        v
    }
}

/// The correlation matrix.
mod correlate {
    use super::assoc::{self, Table};
    use super::prepare::{Data, MISSING, Prepared};
    use super::stats;
    use super::{
        AssociationMethod, CORRELATION_BINS, CorrelationPair, Correlations, ProfileError,
        ProfileOptions, Variable,
    };
    use crate::analysis::task::TaskControl;
    use crate::model::data_columns::ColumnKind;

    /// Codes of a numeric column cut into `bins` equal-width bins (`pandas.cut`), over finite values.
    pub(super) fn cut_codes(values: &[f64], order: &[u32], bins: usize) -> Option<Vec<u32>> {
        let finite: Vec<f64> = order
            .iter()
            .map(|r| values[*r as usize])
            .filter(|v| v.is_finite())
            .collect();
        let (min, max) = (*finite.first()?, *finite.last()?);
        let edges = stats::cut_edges(min, max, bins);
        Some(
            values
                .iter()
                .map(|v| {
                    if v.is_finite() {
                        #[expect(clippy::cast_possible_truncation, reason = "bin < 10")]
                        stats::cut_bin(&edges, *v).map_or(MISSING, |b| b as u32)
                    } else {
                        MISSING
                    }
                })
                .collect(),
        )
    }

    enum Member<'a> {
        Numeric {
            dense: Vec<u32>,
            distinct: usize,
            bins: Option<Vec<u32>>,
        },
        Codes {
            codes: &'a [u32],
            k: usize,
        },
    }

    impl Member<'_> {
        /// The codes used in a contingency table (numeric columns cut into bins).
        fn table_side(&self) -> Option<(&[u32], usize)> {
            match self {
                Member::Numeric { bins, .. } => bins.as_deref().map(|b| (b, CORRELATION_BINS)),
                Member::Codes { codes, k } => Some((codes, *k)),
            }
        }
    }

    fn association(a: &Member, b: &Member) -> (AssociationMethod, Option<f64>) {
        match (a, b) {
            (
                Member::Numeric {
                    dense: da,
                    distinct: ka,
                    ..
                },
                Member::Numeric {
                    dense: db,
                    distinct: kb,
                    ..
                },
            ) => (
                AssociationMethod::Spearman,
                assoc::spearman(da, *ka, db, *kb),
            ),
            _ => {
                let value = match (a.table_side(), b.table_side()) {
                    (Some((ca, ka)), Some((cb, kb))) => Table::new(ca, ka, cb, kb).cramers_v(),
                    _ => None,
                };
                (AssociationMethod::CramersV, value)
            }
        }
    }

    pub(super) fn correlations(
        prepared: &[Prepared],
        variables: &[Variable],
        options: &ProfileOptions,
        control: &TaskControl,
    ) -> Result<Correlations, ProfileError> {
        let selected: Vec<usize> = prepared
            .iter()
            .zip(variables)
            .enumerate()
            .filter(|(_, (p, v))| match (&p.data, p.kind) {
                (Data::Numeric(_), ColumnKind::Numeric) => v.distinct > 1,
                (Data::Codes(_), ColumnKind::Categorical | ColumnKind::Boolean) => {
                    v.distinct > 1 && v.distinct <= options.thresholds.correlation_max_distinct
                }
                _ => false,
            })
            .map(|(i, _)| i)
            .collect();
        let mut selected = selected;
        if selected.len() > super::MAX_CORRELATION_COLUMNS {
            // The label and sensitive columns first, then the others in file order.
            let named = |i: &usize| {
                let name = &prepared[*i].name;
                options.label.as_ref() == Some(name) || options.sensitive.contains(name)
            };
            let (mut keep, rest): (Vec<usize>, Vec<usize>) =
                selected.iter().partition(|i| named(i));
            keep.extend(rest);
            keep.truncate(super::MAX_CORRELATION_COLUMNS);
            keep.sort_unstable();
            selected = keep;
        }
        let any_codes = selected
            .iter()
            .any(|i| matches!(prepared[*i].data, Data::Codes(_)));
        let members = super::parallel_map(selected.len(), control, (0.55, 0.6), |k| {
            let p = &prepared[selected[k]];
            Ok(match &p.data {
                Data::Numeric(n) => {
                    let (dense, distinct) = assoc::dense_ranks(&n.values, &n.order);
                    Member::Numeric {
                        dense,
                        distinct,
                        bins: if any_codes {
                            cut_codes(&n.values, &n.order, CORRELATION_BINS)
                        } else {
                            None
                        },
                    }
                }
                Data::Codes(c) => Member::Codes {
                    codes: &c.codes,
                    k: c.labels.len(),
                },
            })
        })?;
        let names: Vec<String> = selected.iter().map(|i| prepared[*i].name.clone()).collect();
        let count = members.len();
        let index: Vec<(usize, usize)> = (0..count)
            .flat_map(|i| (i + 1..count).map(move |j| (i, j)))
            .collect();
        let values = super::parallel_map(index.len(), control, (0.6, 0.85), |k| {
            let (i, j) = index[k];
            Ok(association(&members[i], &members[j]))
        })?;
        let mut matrix = vec![vec![None; count]; count];
        let mut pairs = Vec::with_capacity(index.len());
        for (i, row) in matrix.iter_mut().enumerate() {
            row[i] = Some(1.0);
        }
        for ((i, j), (method, value)) in index.into_iter().zip(values) {
            matrix[i][j] = value;
            matrix[j][i] = value;
            pairs.push(CorrelationPair {
                a: names[i].clone(),
                b: names[j].clone(),
                method,
                value,
            });
        }
        Ok(Correlations {
            columns: names,
            matrix,
            pairs,
        })
    }
}

/// The alerts.
mod alerts {
    use super::{
        Alert, AlertKind, Correlations, FairnessProfile, Overview, ProfileOptions, Variable,
    };
    use crate::model::data_columns::ColumnKind;

    pub(super) fn alerts(
        overview: &Overview,
        variables: &[Variable],
        correlations: &Correlations,
        fairness: &FairnessProfile,
        options: &ProfileOptions,
    ) -> Vec<Alert> {
        let t = &options.thresholds;
        let mut out = Vec::new();
        if overview.rows == 0 {
            out.push(Alert {
                kind: AlertKind::Empty,
                column: None,
                value: 0.0,
                detail: "the table has no rows".to_owned(),
            });
        }
        if overview.duplicate_rows > 0 {
            #[expect(clippy::cast_precision_loss, reason = "a count as a value")]
            out.push(Alert {
                kind: AlertKind::Duplicates,
                column: None,
                value: overview.duplicate_rows as f64,
                detail: format!(
                    "{} rows ({:.1} %) repeat an earlier row",
                    overview.duplicate_rows,
                    overview.duplicate_rows_share * 100.0
                ),
            });
        }
        let rows = overview.rows;
        for v in variables {
            let mut push = |kind, value: f64, detail: String| {
                out.push(Alert {
                    kind,
                    column: Some(v.name.clone()),
                    value,
                    detail,
                });
            };
            if rows > 0 && v.count == 0 {
                push(AlertKind::Empty, 0.0, "every value is missing".to_owned());
                continue;
            }
            if v.missing_share > t.missing_share {
                push(
                    AlertKind::Missing,
                    v.missing_share,
                    format!("{} missing ({:.1} %)", v.missing, v.missing_share * 100.0),
                );
            }
            #[expect(clippy::cast_precision_loss, reason = "shares of counts")]
            let of_rows = |c: u64| {
                if rows == 0 {
                    0.0
                } else {
                    c as f64 / rows as f64
                }
            };
            if v.numeric.is_some() {
                if of_rows(v.zeros) > t.zeros_share {
                    push(
                        AlertKind::Zeros,
                        of_rows(v.zeros),
                        format!("{} zeros ({:.1} %)", v.zeros, of_rows(v.zeros) * 100.0),
                    );
                }
                if of_rows(v.infinite) > t.infinite_share {
                    push(
                        AlertKind::Infinite,
                        of_rows(v.infinite),
                        format!(
                            "{} infinite values ({:.1} %)",
                            v.infinite,
                            of_rows(v.infinite) * 100.0
                        ),
                    );
                }
            }
            if v.distinct == 1 {
                push(AlertKind::Constant, 1.0, "one distinct value".to_owned());
            }
            if v.count > 0 && v.distinct == v.count && v.count > 1 {
                #[expect(clippy::cast_precision_loss, reason = "a count as a value")]
                push(
                    AlertKind::Unique,
                    v.distinct as f64,
                    "every value is distinct".to_owned(),
                );
            }
            if let Some(s) = v.numeric.as_ref().and_then(|n| n.skewness)
                && s.abs() > t.skewness_abs
            {
                push(AlertKind::Skewed, s, format!("skewness {s:.2}"));
            }
            if v.kind == ColumnKind::Categorical && v.distinct > t.cardinality_max {
                #[expect(clippy::cast_precision_loss, reason = "a count as a value")]
                push(
                    AlertKind::HighCardinality,
                    v.distinct as f64,
                    format!("{} distinct values", v.distinct),
                );
            }
            if let Some(i) = v.imbalance
                && i > t.imbalance
            {
                push(AlertKind::Imbalance, i, format!("imbalance {i:.2}"));
            }
            let strongest = correlations
                .pairs
                .iter()
                .filter(|p| p.a == v.name || p.b == v.name)
                .filter_map(|p| {
                    let other = if p.a == v.name { &p.b } else { &p.a };
                    p.value.map(|x| (x.abs(), other))
                })
                .filter(|(x, _)| *x >= t.correlation_abs)
                .collect::<Vec<_>>();
            if let Some(max) = strongest.iter().map(|(x, _)| *x).reduce(f64::max) {
                let with: Vec<&str> = strongest.iter().map(|(_, o)| o.as_str()).collect();
                push(
                    AlertKind::HighCorrelation,
                    max,
                    format!("highly correlated with {}", with.join(", ")),
                );
            }
            if !v.placeholders.is_empty() {
                let total: u64 = v.placeholders.iter().map(|p| p.count).sum();
                let list: Vec<String> = v
                    .placeholders
                    .iter()
                    .map(|p| format!("{:?} × {}", p.value.to_string(), p.count))
                    .collect();
                #[expect(clippy::cast_precision_loss, reason = "a count as a value")]
                push(
                    AlertKind::SuspectedMissingPlaceholder,
                    total as f64,
                    format!(
                        "{} look like missing values; declare them missing if they are",
                        list.join(", ")
                    ),
                );
            }
        }
        for s in &fairness.sensitive {
            for p in s.proxies.iter().filter(|p| p.flagged) {
                out.push(Alert {
                    kind: AlertKind::LikelyProxy,
                    column: Some(p.column.clone()),
                    value: p.value.unwrap_or(0.0),
                    detail: format!(
                        "associated with sensitive column {} ({} {:.2})",
                        s.column,
                        p.method.key(),
                        p.value.unwrap_or(0.0)
                    ),
                });
            }
        }
        out
    }
}

/// Codes of a prepared column for grouping: its own codes, or its numeric values (binned when there are
/// more than [`SENSITIVE_MAX_VALUES`] distinct values). Returns codes, labels and the binning rule.
fn grouping(p: &Prepared) -> (Vec<u32>, Vec<String>, Option<String>) {
    match &p.data {
        Data::Codes(c) => (c.codes.clone(), c.labels.clone(), None),
        Data::Numeric(n) => {
            let coded = prepare::codes_from_numeric(n);
            if coded.labels.len() <= SENSITIVE_MAX_VALUES {
                return (coded.codes, coded.labels, None);
            }
            let finite: Vec<f64> = n
                .order
                .iter()
                .map(|r| n.values[*r as usize])
                .filter(|v| v.is_finite())
                .collect();
            let (Some(&min), Some(&max)) = (finite.first(), finite.last()) else {
                return (vec![MISSING; n.values.len()], Vec::new(), None);
            };
            let edges = stats::cut_edges(min, max, CORRELATION_BINS);
            let binned = correlate::cut_codes(&n.values, &n.order, CORRELATION_BINS)
                .unwrap_or_else(|| vec![MISSING; n.values.len()]);
            let labels = edges
                .windows(2)
                .map(|w| format!("({}, {}]", round_label(w[0]), round_label(w[1])))
                .collect();
            (
                binned,
                labels,
                Some(format!(
                    "{CORRELATION_BINS} equal-width bins from {min} to {max} (pandas.cut)"
                )),
            )
        }
    }
}

fn round_label(v: f64) -> String {
    let rounded = (v * 1000.0).round() / 1000.0;
    format!("{rounded}")
}

#[cfg(test)]
mod tests;
