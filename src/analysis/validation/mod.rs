//! Running data validation rules on a table, with Great Expectations 1.x semantics and result fields, so a GX
//! suite gives the same counts and verdicts here (`tests/fixtures/validation/make_fixtures.py` checks them).
//!
//! # Semantics followed (Great Expectations 1.24, pandas engine, SUMMARY result format)
//! - Column-values rules count over non-null rows: success when (non-null − unexpected) / non-null ≥ `mostly`
//!   (omitted `mostly` = 1.0); no non-null rows = success. `unexpected_percent` is of non-null rows.
//!   `not_null` counts over all rows, fails on an empty table, and (as GX) has no `missing_*` fields.
//! - `partial_unexpected_list`: the first 20 unexpected values in row order; `partial_unexpected_counts`:
//!   that list counted, sorted by count descending then value (for `not_null` on a numeric column every null
//!   is its own entry with count 1, as GX counts pandas' NaNs, which never equal each other); `partial_unexpected_index_list`: their 0-based
//!   row numbers.
//! - `match_regex`: an unanchored, case-sensitive search (Python's `re.search`, here the `regex` crate: the
//!   same syntax for classes, anchors, alternation and repetition; look-around and back-references do not
//!   compile and are reported). Numbers are matched on their text (`10`, `2.5`), as GX's `astype(str)`.
//! - `value_lengths_between`: length in characters (Unicode scalar values, as Python's `len`).
//! - `unique`: every row whose value occurs more than once is unexpected (pandas `duplicated(keep=False)`).
//! - Column statistics over non-null values: mean; median of an even count = mean of the two middle values;
//!   stdev is the sample one (n − 1); min and max keep the column's type (an integer column gives integers).
//!   No values (or one value for stdev) = `observed_value` null and a failure.
//! - `distinct_values_in_set`: `observed_value` is null (as GX), `unexpected_count` counts distinct values
//!   outside the set, `partial_unexpected_list` lists them sorted (at most 20).
//! - `columns_match_set`: `observed_value` is the sorted column list; `details.mismatched` lists unexpected
//!   and missing columns; with `exact_match` false only missing columns fail.
//! - Set membership compares typed values: a number column matches numbers (`1` equals `1.0`), a text column
//!   matches text; a number never equals the text `"1"`.
//!
//! # Reading (where pandas differs)
//! Files are read with the project's loader (`table::read_table_with_missing`, or block by block with the
//! same null tokens when the file is larger than the memory limit: [`run_file`]): only an empty cell is null
//! (plus the dataset's declared missing tokens). `pandas.read_csv` also reads `NA`, `N/A`, `null`, `None`,
//! `NaN`… as null: [`MissingReading::Pandas`] reads those tokens as null too ([`PANDAS_NA_VALUES`]). Other
//! differences: pandas turns an integer column with empty cells into floats (`5` is reported as `5.0`; the
//! counts are the same); polars reads `true`/`false` in any case as booleans where pandas reads
//! `True`/`TRUE`/`true` (a boolean column with empty cells stays text-like objects in pandas).

mod blocks;
pub mod gx;
mod output;
pub mod propose;
mod rules;
mod text;

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};

pub use blocks::{FileRun, run_file, run_rules_on_file};
pub use output::{junit, text_table};
use rules::{Typed, run_column_rule, run_table_rule, typed};

use super::dataset::{DatasetError, fingerprint_file};
use super::task::TaskControl;
use crate::model::validation::{MissingReading, Severity, ValidationRule};

/// The tokens `pandas.read_csv` reads as missing by default (pandas 2/3 `STR_NA_VALUES`), besides empty.
pub const PANDAS_NA_VALUES: [&str; 18] = [
    "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>",
    "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
];

/// How many unexpected values a result lists (GX's `partial_unexpected_count`).
pub const PARTIAL_COUNT: usize = 20;

/// The table's column names.
fn column_names(df: &DataFrame) -> Vec<String> {
    df.get_column_names()
        .iter()
        .map(|s| s.as_str().to_owned())
        .collect()
}

/// One line of text.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The tokens read as missing for a reading and a dataset's declared tokens.
#[must_use]
pub fn missing_tokens(reading: MissingReading, declared: &[String]) -> Vec<String> {
    let mut tokens: Vec<String> = declared.iter().filter(|t| !t.is_empty()).cloned().collect();
    if reading == MissingReading::Pandas {
        tokens.extend(PANDAS_NA_VALUES.iter().map(|s| (*s).to_owned()));
    }
    tokens.sort();
    tokens.dedup();
    tokens
}

/// Reads a file for validation.
///
/// # Errors
/// The loader's errors (file, line, column).
pub fn read_for_validation(
    path: &Path,
    reading: MissingReading,
    declared: &[String],
) -> Result<DataFrame, DatasetError> {
    super::table::read_table_with_missing(
        path,
        &missing_tokens(reading, declared),
        &TaskControl::new(),
    )
}

/// Reads a file for validation and computes its SHA-256 at the same time (on another thread).
///
/// # Errors
/// The loader's and the fingerprint's errors.
pub fn read_and_fingerprint(
    path: &Path,
    reading: MissingReading,
    declared: &[String],
) -> Result<(DataFrame, super::dataset::Fingerprint), DatasetError> {
    std::thread::scope(|scope| {
        let hashing = scope.spawn(|| fingerprint_file(path, &TaskControl::new()));
        let df = read_for_validation(path, reading, declared);
        let fingerprint = hashing.join().unwrap_or_else(|_| {
            Err(DatasetError::Parse {
                path: path.to_owned(),
                message: "the fingerprint thread failed".into(),
            })
        });
        Ok((df?, fingerprint?))
    })
}

/// The result of one rule, in GX's shape (`type`, `kwargs`, `success`, `result`) plus Riskbench's severity,
/// note and, when the rule could not be evaluated, the reason.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RuleResult {
    /// GX expectation type.
    #[serde(rename = "type")]
    pub expectation_type: String,
    /// GX kwargs.
    pub kwargs: Map<String, Value>,
    /// Whether the rule passed.
    pub success: bool,
    /// GX's SUMMARY result fields (those GX gives for this expectation type, with its nulls).
    pub result: Map<String, Value>,
    /// Severity of the rule.
    pub severity: &'static str,
    /// The rule's note.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Why the rule could not be evaluated (unknown type, missing column, wrong column type).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
}

impl RuleResult {
    /// The column the rule is about, from its kwargs, when it is about one.
    #[must_use]
    pub fn column(&self) -> Option<&str> {
        self.kwargs.get("column").and_then(Value::as_str)
    }

    /// " (column)" after the rule's name in tables and reports, or nothing.
    #[must_use]
    pub fn column_suffix(&self) -> String {
        self.column()
            .map_or_else(String::new, |c| format!(" ({c})"))
    }

    /// `unexpected_count` when the result has one.
    #[must_use]
    pub fn unexpected_count(&self) -> Option<u64> {
        self.result.get("unexpected_count").and_then(Value::as_u64)
    }

    /// One line describing the outcome, for tables and messages.
    #[must_use]
    pub fn summary(&self) -> String {
        if let Some(e) = &self.exception {
            return format!("not evaluated: {e}");
        }
        let r = &self.result;
        if let (Some(u), Some(n)) = (
            r.get("unexpected_count").and_then(Value::as_u64),
            r.get("element_count").and_then(Value::as_u64),
        ) {
            let pct = r
                .get("unexpected_percent")
                .and_then(Value::as_f64)
                .map_or_else(String::new, |p| format!(" ({p:.2}%)"));
            return format!("{u} of {n} rows unexpected{pct}");
        }
        if let Some(u) = r.get("unexpected_count").and_then(Value::as_u64) {
            return format!("{u} distinct values outside the set");
        }
        match r.get("observed_value") {
            Some(v) => format!("observed {}", compact(v)),
            None => String::new(),
        }
    }
}

fn compact(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// Evaluated / passed / failed counts of a suite run.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SuiteStatistics {
    /// Rules evaluated.
    pub evaluated_expectations: usize,
    /// Rules passed.
    pub successful_expectations: usize,
    /// Rules failed.
    pub unsuccessful_expectations: usize,
    /// Passed ÷ evaluated × 100 (100 when there are no rules).
    pub success_percent: f64,
}

impl SuiteStatistics {
    /// Counts of `results`.
    #[must_use]
    pub fn of(results: &[RuleResult]) -> Self {
        let passed = results.iter().filter(|r| r.success).count();
        #[expect(clippy::cast_precision_loss, reason = "rule counts are small")]
        let success_percent = if results.is_empty() {
            100.0
        } else {
            100.0 * passed as f64 / results.len() as f64
        };
        Self {
            evaluated_expectations: results.len(),
            successful_expectations: passed,
            unsuccessful_expectations: results.len() - passed,
            success_percent,
        }
    }
}

/// The dataset part of a validation document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ValidatedData {
    /// The path as given.
    pub path: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Data rows.
    pub rows: usize,
}

/// The `validate --json` document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ValidationReport {
    /// The suite's name.
    pub suite: String,
    /// The data validated.
    pub dataset: ValidatedData,
    /// How missing cells were read (`empty` or `pandas`) and which tokens were null besides empty cells.
    pub reading: Reading,
    /// Whether every rule passed.
    pub success: bool,
    /// Counts.
    pub statistics: SuiteStatistics,
    /// One result per rule, in suite order.
    pub results: Vec<RuleResult>,
}

/// How missing cells were read.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Reading {
    /// `empty` or `pandas`.
    pub missing: &'static str,
    /// Tokens read as null besides empty cells.
    pub null_tokens: Vec<String>,
}

/// Reads `path` (whole, or in blocks when it is larger than the memory limit: [`run_file`]) and runs
/// `rules` on it.
///
/// # Errors
/// The loader's errors.
pub fn validate_file(
    path: &Path,
    suite: &str,
    rules: &[ValidationRule],
    reading: MissingReading,
    declared: &[String],
) -> Result<ValidationReport, DatasetError> {
    Ok(
        run_file(path, rules, reading, declared, &TaskControl::new())?
            .report(suite, path, reading, declared),
    )
}

/// The report of a run on the file at `path`, read as `reading` with the `declared` null tokens into `df`
/// with its `fingerprint` (as [`read_and_fingerprint`] returns them).
#[must_use]
pub fn file_report(
    suite: &str,
    path: &Path,
    (df, fingerprint): (&DataFrame, super::dataset::Fingerprint),
    reading: MissingReading,
    declared: &[String],
    results: Vec<RuleResult>,
) -> ValidationReport {
    report(
        suite,
        ValidatedData {
            path: path.to_string_lossy().into_owned(),
            sha256: fingerprint.sha256,
            rows: df.height(),
        },
        Reading {
            missing: reading.as_str(),
            null_tokens: missing_tokens(reading, declared),
        },
        results,
    )
}

/// Assembles a report from results.
#[must_use]
pub fn report(
    suite: &str,
    dataset: ValidatedData,
    reading: Reading,
    results: Vec<RuleResult>,
) -> ValidationReport {
    let statistics = SuiteStatistics::of(&results);
    ValidationReport {
        suite: suite.to_owned(),
        dataset,
        reading,
        success: statistics.unsuccessful_expectations == 0,
        statistics,
        results,
    }
}

/// The first rule naming a column the table does not have, as `expectations[i] (type): column "x" is not in
/// the data (columns: …)`.
#[must_use]
pub fn missing_column(df: &DataFrame, rules: &[ValidationRule]) -> Option<String> {
    missing_column_in(&column_names(df), rules)
}

/// [`missing_column`] for a table with these `columns` (a file's header, when it is read in blocks).
#[must_use]
pub fn missing_column_in(columns: &[String], rules: &[ValidationRule]) -> Option<String> {
    rules.iter().enumerate().find_map(|(i, r)| {
        let c = r.kind.column()?;
        if columns.iter().any(|n| n == c) {
            return None;
        }
        Some(format!(
            "expectations[{i}] ({}): column {c:?} is not in the data (columns: {})",
            gx::expectation_type(&r.kind),
            columns.join(", ")
        ))
    })
}

/// Runs every rule on `df` (rules are independent; a rule that cannot be evaluated is a failed result with
/// its reason). Each column is typed once, a text column that a rule decides per value is dictionary-encoded
/// once ([`text`]), and the rules run in parallel; the results are in rule order.
#[must_use]
pub fn run_rules(df: &DataFrame, rules: &[ValidationRule]) -> Vec<RuleResult> {
    use rayon::prelude::*;
    let mut columns: HashMap<&str, Result<Typed, String>> = HashMap::new();
    for name in rules.iter().filter_map(|r| r.kind.column()) {
        columns.entry(name).or_insert_with(|| typed(df, name));
    }
    let mut to_encode: Vec<(&str, &StringChunked)> = columns
        .iter()
        .filter_map(|(name, col)| match col {
            Ok(Typed::Str(ca))
                if rules.iter().any(|r| {
                    r.kind.column() == Some(*name) && text::decided_per_value(&r.kind)
                }) =>
            {
                Some((*name, ca))
            }
            _ => None,
        })
        .collect();
    to_encode.sort_by_key(|(name, _)| *name);
    let encoded: HashMap<&str, text::Encoded<'_>> = to_encode
        .par_iter()
        .map(|(name, ca)| (*name, text::encode(ca)))
        .collect();
    rules
        .par_iter()
        .map(|rule| {
            let name = rule.kind.column();
            let outcome = match name.map(|n| (n, &columns[n])) {
                Some((_, Err(e))) => Err(e.clone()),
                Some((n, Ok(col))) => run_column_rule(col, encoded.get(n), rule),
                None => run_table_rule(df, rule),
            };
            rule_result(rule, outcome)
        })
        .collect()
}

/// The result of `rule` from its outcome: success and result fields, or why it could not be evaluated.
fn rule_result(
    rule: &ValidationRule,
    outcome: Result<(bool, Map<String, Value>), String>,
) -> RuleResult {
    let (success, result, exception) = match outcome {
        Ok((s, r)) => (s, r, None),
        Err(e) => (false, Map::new(), Some(e)),
    };
    RuleResult {
        expectation_type: gx::expectation_type(&rule.kind),
        kwargs: gx::kwargs(rule),
        success,
        result,
        severity: rule.severity.as_str(),
        note: rule.note.clone(),
        exception,
    }
}

/// Whether a result is a failure of a blocking rule.
#[must_use]
pub fn blocks(result: &RuleResult) -> bool {
    !result.success && result.severity == Severity::Blocking.as_str()
}
