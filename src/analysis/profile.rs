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
//!
//! # Files larger than the memory limit
//! [`profile_file`] profiles a file whose whole read would pass the memory limit
//! ([`super::table::stream::streams`]) a batch of columns at a time, each batch read in blocks of rows, with
//! the code above (`profile/stream.rs`): every figure is the whole read's, because each statistic depends on one
//! column, each correlation on one pair and each fairness measure on one column against the sensitive
//! grouping, and the duplicate-row hash is built column after column in file order either way.
//! `overview.memory_bytes` is then the sum of the batches' estimated sizes: the whole frame's estimate within a
//! fraction of a percent (equal on Adult and the loan sample; 384 bytes more of 43.8 MB on 500,000 synthetic
//! loans rows). The file is read several times (once per batch, and
//! once per pair of correlation groups), and what is held grows with the rows (a batch of columns, 16 bytes a
//! row for the duplicate hash, 4 a row per sensitive column) but not with the number of columns.

mod alerts;
mod assoc;
mod correlate;
mod dates;
mod fairness;
mod json;
mod prepare;
pub(crate) mod stats;
mod stream;
mod types;
mod variable;

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;

pub use self::dates::{MAX_TIME_BINS, TimeBin, TimeHistogram, TimePeriod};
use self::prepare::{Data, Declared, MISSING, Prepared};
pub use self::types::{
    Alert, AlertKind, AssociationMethod, CellValue, CorrelationPair, Correlations, FairnessProfile,
    Frequencies, GroupRepresentation, GroupSummary, Histogram, MAX_CORRELATION_COLUMNS,
    NumericByGroup, NumericSummary, Overview, Profile, ProfileError, ProfileOptions, Proxy,
    Quantiles, SensitiveProfile, ValueCount, Variable,
};
use super::dataset::DatasetError;
use super::task::TaskControl;

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

fn check_columns(df: &DataFrame, options: &ProfileOptions) -> Result<(), ProfileError> {
    let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    check_names(&names, options)
}

/// That every column an option names is one of `names`.
fn check_names(names: &[&str], options: &ProfileOptions) -> Result<(), ProfileError> {
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
/// working copies are never held in full together. `indices` are the columns' places in the file (for
/// error messages), `0..` for a whole frame.
fn prepare_owned(
    df: DataFrame,
    indices: &[usize],
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
        let place = indices.get(i).copied().unwrap_or(i);
        prepare::prepare_column(&column, place, options, &declared).map(|p| (i, p))
    })?;
    prepared.sort_by_key(|(i, _)| *i);
    Ok(prepared.into_iter().map(|(_, p)| p).collect())
}

/// A 128-bit hash of each row's values, built column after column in file order (a whole frame at once, or
/// a batch of columns at a time when a file is read in blocks: the same order gives the same hashes).
struct RowHashes {
    /// `(h1, h2)` per row.
    keys: Vec<[u64; 2]>,
}

impl RowHashes {
    const K1: u64 = 0x9E37_79B9_7F4A_7C15;
    const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;

    fn new(rows: usize) -> Self {
        Self {
            keys: vec![[0, 0x1234_5678]; rows],
        }
    }

    /// Mixes the next column's values into each row's hash.
    fn add(&mut self, column: &Prepared) {
        let mut mix = |row: usize, key: u64| {
            let Some([h1, h2]) = self.keys.get_mut(row) else {
                return;
            };
            *h1 = (h1.rotate_left(5) ^ key).wrapping_mul(Self::K1);
            *h2 = (*h2 ^ key.wrapping_mul(Self::K2))
                .rotate_left(31)
                .wrapping_mul(Self::K1)
                ^ (*h2 >> 29);
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

    /// The rows whose hash equals an earlier row's.
    fn duplicates(mut self) -> u64 {
        self.keys.sort_unstable();
        self.keys.windows(2).filter(|w| w[0] == w[1]).count() as u64
    }
}

/// Whether duplicate rows are counted: not when there are no rows or a column has a distinct value in every
/// row (no two rows can be equal).
fn counts_duplicates(variables: &[Variable], rows: usize) -> bool {
    rows > 0 && !variables.iter().any(|v| v.distinct == rows as u64)
}

/// Counts rows equal to an earlier row, with a 128-bit hash of each row's values (none when a column has a
/// distinct value in every row).
fn duplicate_rows(prepared: &[Prepared], variables: &[Variable], rows: usize) -> u64 {
    if !counts_duplicates(variables, rows) {
        return 0;
    }
    let mut hashes = RowHashes::new(rows);
    for column in prepared {
        hashes.add(column);
    }
    hashes.duplicates()
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
    let indices: Vec<usize> = (0..df.width()).collect();
    let prepared = prepare_owned(df, &indices, options, control)?;
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
    let overview = overview(&variables, rows, duplicates, memory_bytes);
    let correlations = correlate::correlations(prepared, &variables, options, control)?;
    control.set_progress(0.85);
    let fairness = fairness::fairness(prepared, options, control)?;
    Ok(finish(
        overview,
        variables,
        correlations,
        fairness,
        options,
        control,
    ))
}

/// The overview of `variables` over `rows` rows.
fn overview(variables: &[Variable], rows: usize, duplicates: u64, memory_bytes: u64) -> Overview {
    let missing_cells: u64 = variables.iter().map(|v| v.missing).sum();
    let mut types: BTreeMap<String, u64> = BTreeMap::new();
    for v in variables {
        *types.entry(v.kind.key().to_owned()).or_insert(0) += 1;
    }
    Overview {
        rows: rows as u64,
        columns: variables.len() as u64,
        missing_cells,
        missing_cells_share: share(missing_cells, (rows * variables.len()) as u64),
        duplicate_rows: duplicates,
        duplicate_rows_share: share(duplicates, rows as u64),
        memory_bytes,
        types,
    }
}

/// The profile of its parts, with its alerts.
fn finish(
    overview: Overview,
    variables: Vec<Variable>,
    correlations: Correlations,
    fairness: FairnessProfile,
    options: &ProfileOptions,
    control: &TaskControl,
) -> Profile {
    let alerts = alerts::alerts(&overview, &variables, &correlations, &fairness, options);
    control.set_progress(1.0);
    Profile {
        overview,
        variables,
        correlations,
        alerts,
        fairness,
    }
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

/// Reads a CSV or Parquet file and profiles it. A file larger than the memory limit
/// ([`super::table::stream::streams`]) is profiled a batch of columns at a time, each read in blocks of rows,
/// with the same result as a whole read except `overview.memory_bytes` (the sum of the batches' estimated
/// sizes; see `profile/stream.rs`).
///
/// # Errors
/// As [`profile_frame`]; errors in the data name the file, line and column
/// ([`DatasetError::ParseAt`] inside [`ProfileError::Dataset`]); [`ProfileError::MemoryLimit`] for an
/// unusable `RISKBENCH_MEMORY_LIMIT`.
pub fn profile_file(
    path: &Path,
    options: &ProfileOptions,
    control: &TaskControl,
) -> Result<Profile, ProfileError> {
    let profiled = if super::table::stream::streams(path)? {
        stream::profile_in_blocks(path, options, control)
    } else {
        let df = super::table::read_table(path, control)?;
        profile_owned_frame(df, options, control)
    };
    match profiled {
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
