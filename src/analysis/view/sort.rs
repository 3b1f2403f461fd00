//! The stable sort of a table's rows by one column: numbers numerically, text lexicographically, missing
//! values (and declared missing tokens) last in both directions.

use std::cmp::Ordering;

use polars::prelude::*;

use super::{CellRules, ViewError, column_error, for_each_text, is_numeric};
use crate::analysis::task::TaskControl;

/// Sorts `rows` by the values of `column`, stably, missing values last.
///
/// # Errors
/// [`ViewError`] when the column cannot be converted or the user cancelled.
pub fn sort_rows(
    column: &Column,
    rows: &mut [usize],
    descending: bool,
    control: &TaskControl,
) -> Result<(), ViewError> {
    sort_rows_with(column, rows, descending, &CellRules::default(), control)
}

/// [`sort_rows`] with a dataset's rules: declared missing cells sort with the missing ones, and a text column
/// set to numeric sorts as numbers (a cell that is not a number after the numbers, like NaN).
///
/// # Errors
/// As [`sort_rows`].
pub fn sort_rows_with(
    column: &Column,
    rows: &mut [usize],
    descending: bool,
    rules: &CellRules,
    control: &TaskControl,
) -> Result<(), ViewError> {
    control.check()?;
    let dtype = column.dtype();
    let direction = |o: Ordering| if descending { o.reverse() } else { o };
    let text_as_numbers = dtype.is_string() && rules.is_numeric(column.name());
    let sorted: Vec<usize> = if !rules.missing.is_empty() || text_as_numbers {
        // Rules apply: key every row by the cell as the rules read it.
        let numbers = is_numeric(dtype) || text_as_numbers;
        let mut cells: Vec<Option<String>> = vec![None; column.len()];
        for_each_text(column, control, |i, cell| {
            cells[i] = cell
                .filter(|t| !rules.is_missing_cell(t, numbers))
                .map(str::to_owned);
        })?;
        control.check()?;
        if numbers {
            let key = |r: usize| {
                cells
                    .get(r)
                    .and_then(Option::as_deref)
                    .map(|t| t.trim().parse::<f64>().unwrap_or(f64::NAN))
            };
            order_by_float(rows, key, descending)
        } else {
            let (mut keyed, missing) =
                split_missing(rows, |r| cells.get(r).and_then(Option::as_deref));
            keyed.sort_by(|a, b| direction(a.0.cmp(b.0)));
            keyed.into_iter().map(|(_, r)| r).chain(missing).collect()
        }
    } else if dtype.is_integer() || dtype.is_bool() || dtype.is_temporal() {
        let ints = column
            .to_physical_repr()
            .cast(&DataType::Int64)
            .map_err(column_error(column))?;
        let ints = ints.i64().map_err(column_error(column))?;
        let (mut keyed, missing) = split_missing(rows, |r| ints.get(r));
        control.check()?;
        keyed.sort_by(|a, b| direction(a.0.cmp(&b.0)));
        keyed.into_iter().map(|(_, r)| r).chain(missing).collect()
    } else if dtype.is_float() {
        let floats = column
            .cast(&DataType::Float64)
            .map_err(column_error(column))?;
        let floats = floats.f64().map_err(column_error(column))?;
        control.check()?;
        order_by_float(rows, |r| floats.get(r), descending)
    } else {
        let text = column
            .cast(&DataType::String)
            .map_err(column_error(column))?;
        let text = text.str().map_err(column_error(column))?;
        let (mut keyed, missing) = split_missing(rows, |r| text.get(r));
        control.check()?;
        keyed.sort_by(|a, b| direction(a.0.cmp(b.0)));
        keyed.into_iter().map(|(_, r)| r).chain(missing).collect()
    };
    control.check()?;
    rows.copy_from_slice(&sorted);
    Ok(())
}

/// `rows` ordered by a number: ascending or descending, then NaN, then rows without a number (both groups in
/// their order), whatever the direction.
fn order_by_float(
    rows: &[usize],
    key: impl Fn(usize) -> Option<f64>,
    descending: bool,
) -> Vec<usize> {
    let (keyed, missing) = split_missing(rows, key);
    let (mut keyed, nan): (Keyed<f64>, Keyed<f64>) =
        keyed.into_iter().partition(|(v, _)| !v.is_nan());
    keyed.sort_by(|a, b| {
        let o = a.0.total_cmp(&b.0);
        if descending { o.reverse() } else { o }
    });
    keyed
        .into_iter()
        .chain(nan)
        .map(|(_, r)| r)
        .chain(missing)
        .collect()
}

/// Rows paired with their sort key.
type Keyed<T> = Vec<(T, usize)>;

/// The rows with a value, paired with it, and the rows without one (in their order).
fn split_missing<T>(rows: &[usize], value: impl Fn(usize) -> Option<T>) -> (Keyed<T>, Vec<usize>) {
    let mut keyed = Vec::with_capacity(rows.len());
    let mut missing = Vec::new();
    for &r in rows {
        match value(r) {
            Some(v) => keyed.push((v, r)),
            None => missing.push(r),
        }
    }
    (keyed, missing)
}
