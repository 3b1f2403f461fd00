//! Drift of two files when one is larger than the memory limit: the columns are compared a few at a time,
//! each batch read from both files block by block ([`crate::analysis::table::stream`]), so only a batch of
//! columns is ever held. Columns are independent in a drift run, so the result is the one a whole read gives:
//! the same columns in the same order, and the skipped columns in the same order (those the plan skips
//! first, then those that fail when compared).

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;

use super::{
    ColumnDrift, ColumnsDrift, DriftError, Skipped, compare_planned, plan_columns, summarise,
};
use crate::analysis::table::stream;
use crate::analysis::task::TaskControl;
use crate::model::drift::DriftOptions;

/// The columns both files' headers give, as a whole read orders them (current first, then the reference's
/// others), or the ones asked for.
fn all_names(reference: &[String], current: &[String], options: &DriftOptions) -> Vec<String> {
    let mut names: Vec<String> = if options.columns.is_empty() {
        let mut all = current.to_vec();
        for r in reference {
            if !all.contains(r) {
                all.push(r.clone());
            }
        }
        all
    } else {
        options.columns.clone()
    };
    names.sort();
    names.dedup();
    names
}

/// Reads `columns` (those the file has) of a file, block by block, into one frame; and its data rows.
pub(super) fn read_columns(
    path: &Path,
    has: &[String],
    columns: &[String],
    control: &TaskControl,
) -> Result<(DataFrame, usize), DriftError> {
    let wanted: Vec<String> = columns
        .iter()
        .filter(|c| has.contains(c))
        .cloned()
        .collect();
    stream::read_columns(path, &wanted, &[], control, &mut |_| {
        Ok::<(), DriftError>(())
    })
}

/// Compares two files a batch of columns at a time; the data rows of both files.
///
/// # Errors
/// [`DriftError`] for an unreadable file, a bad option or cancellation.
pub fn compare_files(
    reference: &Path,
    current: &Path,
    options: &DriftOptions,
    control: &TaskControl,
) -> Result<(ColumnsDrift, usize, usize), DriftError> {
    let ref_names = stream::column_names(reference, control)?;
    let cur_names = stream::column_names(current, control)?;
    for name in &options.columns {
        if !ref_names.contains(name) && !cur_names.contains(name) {
            return Err(DriftError::Spec(format!(
                "--columns names {name:?}, which neither file has"
            )));
        }
    }
    let names = all_names(&ref_names, &cur_names, options);
    let batch = stream::batch_columns(
        stream::file_size(reference) + stream::file_size(current),
        names.len(),
    );
    let mut columns: BTreeMap<String, ColumnDrift> = BTreeMap::new();
    let (mut plan_skips, mut compare_skips): (Vec<Skipped>, Vec<Skipped>) =
        (Vec::new(), Vec::new());
    let (mut ref_rows, mut cur_rows) = (None, None);
    for names in names.chunks(batch) {
        control.check()?;
        let (ref_frame, rr) = read_columns(reference, &ref_names, names, control)?;
        let (cur_frame, cr) = read_columns(current, &cur_names, names, control)?;
        ref_rows.get_or_insert(rr);
        cur_rows.get_or_insert(cr);
        let batch_options = DriftOptions {
            columns: names.to_vec(),
            ..options.clone()
        };
        let (planned, skipped) = plan_columns(&ref_frame, &cur_frame, &batch_options, &[]);
        plan_skips.extend(skipped);
        let drift = compare_planned(
            &ref_frame,
            &cur_frame,
            &planned,
            Vec::new(),
            options,
            &TaskControl::new(),
        )?;
        columns.extend(drift.columns);
        compare_skips.extend(drift.skipped);
    }
    // No column at all: the rows are still counted.
    let count = |path: &Path, rows: Option<usize>| -> Result<usize, DriftError> {
        match rows {
            Some(r) => Ok(r),
            None => Ok(read_columns(path, &[], &[], control)?.1),
        }
    };
    let (ref_rows, cur_rows) = (count(reference, ref_rows)?, count(current, cur_rows)?);
    plan_skips.extend(compare_skips);
    Ok((
        summarise(columns, plan_skips, options.drift_share),
        ref_rows,
        cur_rows,
    ))
}
