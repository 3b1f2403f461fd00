//! The text of one cell as tables show it: the shortest text that reads back as the same number, dates and
//! times in ISO form, missing cells as `None`.

use polars::prelude::*;

use super::{CellRules, is_numeric};

/// Appends a float the way tables show it: the shortest text that reads back as the same number.
pub(super) fn push_float(out: &mut String, v: f64) {
    use std::fmt::Write as _;
    if v.is_nan() {
        out.push_str("NaN");
    } else if v.is_infinite() {
        out.push_str(if v > 0.0 { "inf" } else { "-inf" });
    } else {
        let _ = write!(out, "{v}");
    }
}

/// The text of one cell, or `None` when it is missing (out-of-range rows are missing too).
///
/// ```
/// use polars::prelude::*;
/// use riskbench::analysis::view::format_cell;
/// let df = df!("x" => [Some(0.5), None], "s" => ["a", "b"]).unwrap();
/// assert_eq!(format_cell(&df.columns()[0], 0).as_deref(), Some("0.5"));
/// assert_eq!(format_cell(&df.columns()[0], 1), None);
/// assert_eq!(format_cell(&df.columns()[1], 1).as_deref(), Some("b"));
/// ```
#[must_use]
pub fn format_cell(column: &Column, row: usize) -> Option<String> {
    let value = column.get(row).ok()?;
    match value {
        AnyValue::Null => None,
        AnyValue::Float64(v) => {
            let mut out = String::new();
            push_float(&mut out, v);
            Some(out)
        }
        AnyValue::Float32(v) => {
            let mut out = String::new();
            push_float(&mut out, f64::from(v));
            Some(out)
        }
        other => Some(
            other
                .get_str()
                .map_or_else(|| other.to_string(), str::to_owned),
        ),
    }
}

/// The text of one cell as a table shows it under a dataset's rules: `Err(token)` for a cell that is a
/// declared missing token (`Err` with an empty string for an empty cell); `Ok(text)` otherwise.
///
/// ```
/// use polars::prelude::*;
/// use riskbench::analysis::view::{CellRules, cell_text};
/// let df = df!("s" => [Some("a"), Some(" NA "), None]).unwrap();
/// let rules = CellRules::new(&["na".to_owned()], Vec::new());
/// assert_eq!(cell_text(&df.columns()[0], 0, &rules), Ok("a".to_owned()));
/// assert_eq!(cell_text(&df.columns()[0], 1, &rules), Err(" NA ".to_owned()));
/// assert_eq!(cell_text(&df.columns()[0], 2, &rules), Err(String::new()));
/// ```
///
/// # Errors
/// The cell is missing (see above).
pub fn cell_text(column: &Column, row: usize, rules: &CellRules) -> Result<String, String> {
    let text = format_cell(column, row).ok_or_else(String::new)?;
    let numbers = is_numeric(column.dtype()) || rules.is_numeric(column.name());
    if rules.is_missing_cell(&text, numbers) {
        Err(text)
    } else {
        Ok(text)
    }
}

/// [`format_cell`] under a dataset's rules: `None` for a declared missing cell too.
#[must_use]
pub fn format_cell_with(column: &Column, row: usize, rules: &CellRules) -> Option<String> {
    cell_text(column, row, rules).ok()
}
