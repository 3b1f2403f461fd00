//! A suite run on a file, read whole or — when the file is larger than the memory limit
//! ([`stream::streams`]) — in blocks, with the same results either way.
//!
//! In blocks, the header gives the column names and the rules are grouped by the column they are about. The
//! columns the rules need are read a batch at a time (as many as fit a quarter of the memory limit, a column
//! estimated at three times its share of the file's bytes), each batch block by block with the suite's
//! missing-value reading ([`super::missing_tokens`], the same tokens a whole read gives polars) and stacked
//! into a frame of only those columns; the rules on those columns run on it with the code a whole read uses
//! (a column is always whole, so counts, partial lists, row numbers and statistics are the same). Table rules
//! need only the column names and the row count; a rule on a column the file does not have gets the whole
//! read's exception. The results are put back in suite order. The SHA-256 is computed while reading, from
//! the file's bytes a buffer at a time.

use std::path::Path;

use polars::prelude::*;

use super::rules::{not_in_data, run_table_rule_on};
use super::{RuleResult, ValidationReport, column_names, missing_tokens, rule_result, run_rules};
use crate::analysis::dataset::{DatasetError, Fingerprint, fingerprint_file};
use crate::analysis::table::stream;
use crate::analysis::task::TaskControl;
use crate::model::validation::{MissingReading, ValidationRule};

/// A suite run on a file: what a report needs.
#[derive(Debug, Clone)]
pub struct FileRun {
    /// One result per rule, in suite order.
    pub results: Vec<RuleResult>,
    /// Data rows.
    pub rows: usize,
    /// The file's columns, in file order.
    pub columns: Vec<String>,
    /// The file's SHA-256 and size.
    pub fingerprint: Fingerprint,
    /// Whether the file was read in blocks.
    pub in_blocks: bool,
}

impl FileRun {
    /// The report of this run of `suite` on the file at `path` read as `reading` with the `declared` tokens.
    #[must_use]
    pub fn report(
        self,
        suite: &str,
        path: &Path,
        reading: MissingReading,
        declared: &[String],
    ) -> ValidationReport {
        super::report(
            suite,
            super::ValidatedData {
                path: path.to_string_lossy().into_owned(),
                sha256: self.fingerprint.sha256,
                rows: self.rows,
            },
            super::Reading {
                missing: reading.as_str(),
                null_tokens: missing_tokens(reading, declared),
            },
            self.results,
        )
    }
}

/// Runs `rules` on the file at `path` ([`run_rules_on_file`]) and computes its SHA-256 at the same time, on
/// another thread.
///
/// # Errors
/// As [`run_rules_on_file`], plus the fingerprint's errors.
pub fn run_file(
    path: &Path,
    rules: &[ValidationRule],
    reading: MissingReading,
    declared: &[String],
    control: &TaskControl,
) -> Result<FileRun, DatasetError> {
    std::thread::scope(|scope| {
        let hashing = scope.spawn(|| fingerprint_file(path, &TaskControl::new()));
        let run = run_rules_on_file(path, rules, reading, declared, control);
        let fingerprint = hashing.join().unwrap_or_else(|_| {
            Err(DatasetError::Parse {
                path: path.to_owned(),
                message: "the fingerprint thread failed".into(),
            })
        });
        let (results, rows, columns, in_blocks) = run?;
        Ok(FileRun {
            results,
            rows,
            columns,
            fingerprint: fingerprint?,
            in_blocks,
        })
    })
}

/// Runs `rules` on the file at `path` read as `reading` with the dataset's `declared` null tokens: whole, or
/// in blocks when [`stream::streams`] says so (see the module). Progress: reading then rules when whole (the
/// rules in about ten batches); the batches of columns when in blocks, whose rows read are counted.
/// Cancellation is checked between batches of rules and between blocks.
///
/// Returns the results in suite order, the data rows, the file's columns and whether it was read in blocks.
///
/// # Errors
/// The loader's errors (file, line, column), an unusable `RISKBENCH_MEMORY_LIMIT`, or
/// [`DatasetError::Cancelled`].
pub fn run_rules_on_file(
    path: &Path,
    rules: &[ValidationRule],
    reading: MissingReading,
    declared: &[String],
    control: &TaskControl,
) -> Result<(Vec<RuleResult>, usize, Vec<String>, bool), DatasetError> {
    control.check()?;
    let streamed = stream::streams(path).map_err(|e| DatasetError::Parse {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    if streamed {
        let (results, rows, columns) = in_blocks(path, rules, reading, declared, control)?;
        return Ok((results, rows, columns, true));
    }
    let df = super::read_for_validation(path, reading, declared)?;
    control.set_progress(0.3);
    let batch = rules.len().div_ceil(10).max(1);
    let mut results = Vec::with_capacity(rules.len());
    for chunk in rules.chunks(batch) {
        control.check()?;
        results.extend(run_rules(&df, chunk));
        #[expect(clippy::cast_precision_loss, reason = "rule counts are small")]
        let done = results.len() as f32 / rules.len().max(1) as f32;
        control.set_progress(0.3 + 0.7 * done);
    }
    Ok((results, df.height(), column_names(&df), false))
}

/// Reads `columns` of the file block by block into one frame, with the `missing` tokens read as null; the
/// data rows. The rows read are counted on `control`, whose progress goes from `from` to `to`.
fn read_columns(
    path: &Path,
    columns: &[String],
    missing: &[String],
    control: &TaskControl,
    (from, to): (f32, f32),
) -> Result<(DataFrame, usize), DatasetError> {
    let reading = TaskControl::new();
    stream::read_columns(path, columns, missing, &reading, &mut |rows| {
        control.check()?;
        control.add_rows_read(rows as u64);
        control.set_progress(from + (to - from) * reading.progress());
        Ok::<(), DatasetError>(())
    })
}

/// The block read of [`run_rules_on_file`]: results in suite order, data rows, the file's columns.
fn in_blocks(
    path: &Path,
    rules: &[ValidationRule],
    reading: MissingReading,
    declared: &[String],
    control: &TaskControl,
) -> Result<(Vec<RuleResult>, usize, Vec<String>), DatasetError> {
    let names = stream::column_names(path, control)?;
    let missing = missing_tokens(reading, declared);
    // The columns the rules are about that the file has, in the order the suite first names them.
    let mut needed: Vec<String> = Vec::new();
    for c in rules.iter().filter_map(|r| r.kind.column()) {
        if names.iter().any(|n| n == c) && !needed.iter().any(|n| n == c) {
            needed.push(c.to_owned());
        }
    }
    let batch = stream::batch_columns(stream::file_size(path), names.len());
    let batches: Vec<&[String]> = needed.chunks(batch).collect();
    let mut results: Vec<Option<RuleResult>> = vec![None; rules.len()];
    let mut rows = None;
    for (b, columns) in batches.iter().enumerate() {
        control.check()?;
        #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
        let share = |i: usize| i as f32 / batches.len() as f32;
        let (frame, read) =
            read_columns(path, columns, &missing, control, (share(b), share(b + 1)))?;
        rows.get_or_insert(read);
        let (indices, batch_rules): (Vec<usize>, Vec<ValidationRule>) = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.kind
                    .column()
                    .is_some_and(|c| columns.iter().any(|n| n == c))
            })
            .map(|(i, r)| (i, r.clone()))
            .unzip();
        for (i, result) in indices.into_iter().zip(run_rules(&frame, &batch_rules)) {
            results[i] = Some(result);
        }
    }
    // No column to read: the rows are still counted.
    let rows = match rows {
        Some(r) => r,
        None => read_columns(path, &[], &missing, control, (0.0, 1.0))?.1,
    };
    control.set_progress(1.0);
    let results = rules
        .iter()
        .zip(results)
        .map(|(rule, done)| {
            done.unwrap_or_else(|| {
                let outcome = match rule.kind.column() {
                    Some(c) => Err(not_in_data(c, &names)),
                    None => run_table_rule_on(&names, rows, rule),
                };
                rule_result(rule, outcome)
            })
        })
        .collect();
    Ok((results, rows, names))
}
