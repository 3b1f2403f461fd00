//! Drift over time of a file larger than the memory limit ([`stream::streams`]), with the output of a whole
//! read.
//!
//! The date column is read first, a block of rows at a time, into one day per row (rows without a date and
//! up to five values that are not dates counted as for a whole read); the windows follow from the days. The
//! other columns are then read a batch at a time (as many as fit a quarter of the memory limit, a column
//! estimated at three times its share of the file's bytes), each batch block by block into a frame holding
//! only those columns; a batch's frame holds whole columns, so their types are decided from every row as in
//! a whole read, and each window is compared with the reference window as a whole read compares it. The
//! batches' results are merged: the tested columns by name, the skipped ones in the whole read's order (those
//! the plan skips, in name order, then those that fail when compared). The fairness part reads only the
//! columns it needs (label, prediction or score, sensitive, weight) block by block and keeps them decoded
//! (the audit's block read, [`crate::analysis::audit::decode_file`]).

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;

use super::{
    ColumnDrifts, DateColumn, FairnessInput, Layout, Window, assemble, column_drifts, dates_of,
    fairness_spec, some_date,
};
use crate::analysis::audit::{AuditError, decode_file, engine_config};
use crate::analysis::drift::{DriftError, plan_columns, stream::read_columns};
use crate::analysis::table::stream;
use crate::analysis::task::TaskControl;
use crate::model::drift::{DriftOptions, WindowSpec};
use crate::model::settings::FairnessThresholds;

/// What a block read of the windows gives: the windows, the data rows, the rows without a date and up to
/// five values that are not dates.
pub(super) type BlockWindows = (Vec<Window>, usize, usize, Vec<String>);

/// The date column read block by block: one day per row, the values that are not dates counted; the data
/// rows.
fn read_days(
    path: &Path,
    time: &str,
    control: &TaskControl,
) -> Result<(DateColumn, usize), DriftError> {
    let mut dates: DateColumn = (Vec::new(), 0, Vec::new());
    let rows = stream::for_each_chunk(
        path,
        &[time.to_owned()],
        control,
        &mut |chunk: stream::Chunk| {
            if chunk.index == 0 {
                // The first block, or the first again when the types changed (see `stream`).
                dates = (Vec::new(), 0, Vec::new());
            }
            let Some(column) = chunk.frame.columns().first() else {
                return Ok(());
            };
            let (days, bad, examples) = dates_of(column, time).map_err(DriftError::Spec)?;
            dates.0.extend(days);
            dates.1 += bad;
            let room = 5 - dates.2.len().min(5);
            dates.2.extend(examples.into_iter().take(room));
            Ok::<(), DriftError>(())
        },
    )?;
    Ok((dates, rows))
}

/// The fairness engine's input decoded block by block, as a whole read decodes it.
fn fairness_input(
    path: &Path,
    spec: &WindowSpec,
    settings: &FairnessThresholds,
    bootstrap: Option<u32>,
    control: &TaskControl,
) -> Result<FairnessInput, DriftError> {
    let Some(aspec) = fairness_spec(spec, settings, bootstrap) else {
        return Ok(None);
    };
    let as_drift = |e: AuditError| match e {
        AuditError::Dataset(e) => DriftError::Dataset(e),
        other => DriftError::Spec(other.to_string()),
    };
    let (input, used, _) = decode_file(path, &aspec, control).map_err(as_drift)?;
    let config = engine_config(&used, settings).map_err(|e| DriftError::Spec(e.to_string()))?;
    Ok(Some((input, config)))
}

/// The windows of the file at `path`, read in blocks (see the module).
///
/// # Errors
/// As [`super::windows_of_frame`], plus an unreadable file.
pub(super) fn windows_in_blocks(
    path: &Path,
    spec: &WindowSpec,
    options: &DriftOptions,
    settings: &FairnessThresholds,
    bootstrap: Option<u32>,
    control: &TaskControl,
) -> Result<BlockWindows, DriftError> {
    let time = spec.time_column.as_str();
    let names = stream::column_names(path, control)?;
    if !names.iter().any(|n| n == time) {
        return Err(DriftError::Spec(format!(
            "the time column {time:?} is not in the file"
        )));
    }
    let (dates, rows) = read_days(path, time, control)?;
    some_date(&dates, time).map_err(DriftError::Spec)?;
    let (days, _, examples) = dates;
    let without_date = days.iter().filter(|d| d.is_none()).count();
    let layout = Layout::new(&days, spec)?;
    drop(days);
    let fairness = fairness_input(path, spec, settings, bootstrap, control)?;

    // The columns a whole read compares, in name order, a batch at a time.
    let mut all: Vec<String> = if options.columns.is_empty() {
        names.clone()
    } else {
        options.columns.clone()
    };
    all.retain(|n| n != time);
    all.sort();
    all.dedup();
    let batch = stream::batch_columns(stream::file_size(path), names.len());
    let mut plan_skipped = Vec::new();
    let mut windows: Vec<Option<(BTreeMap<_, _>, Vec<_>)>> = layout
        .starts
        .iter()
        .enumerate()
        .map(|(wi, start)| {
            (wi != layout.reference_index && !layout.rows(start).is_empty())
                .then(|| (BTreeMap::new(), Vec::new()))
        })
        .collect();
    for columns in all.chunks(batch) {
        control.check()?;
        let batch_options = DriftOptions {
            columns: columns.to_vec(),
            ..options.clone()
        };
        if !columns.iter().any(|c| names.contains(c)) {
            // Only columns the file does not have: skipped by the plan, nothing to read.
            let none = DataFrame::empty();
            plan_skipped.extend(plan_columns(&none, &none, &batch_options, &[time]).1);
            continue;
        }
        let (frame, _) = read_columns(path, &names, columns, control)?;
        let (skipped, batch_windows): ColumnDrifts =
            column_drifts(&frame, &layout, spec, &batch_options, control)?;
        plan_skipped.extend(skipped);
        for (window, found) in windows.iter_mut().zip(batch_windows) {
            if let (Some((tested, failed)), Some((more_tested, more_failed))) = (window, found) {
                tested.extend(more_tested);
                failed.extend(more_failed);
            }
        }
    }
    let windows = assemble(
        &layout,
        (plan_skipped, windows),
        &fairness,
        spec,
        options,
        control,
    )?;
    Ok((windows, rows, without_date, examples))
}
