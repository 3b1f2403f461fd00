//! What an editor needs to know about a dataset's columns before an analysis runs: their names, whether they
//! are numeric, and — for columns with few distinct values — those values as the audit decodes them (so a
//! positive value or a reference group can be picked from a list instead of typed).

use std::collections::BTreeSet;
use std::path::Path;

use polars::prelude::*;

use super::dataset::DatasetError;
use super::table::read_table;
use super::task::TaskControl;

/// Columns with at most this many distinct values list them.
pub const MAX_LISTED_VALUES: usize = 50;

/// One column of a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSummary {
    /// The column name (repeated header names are renamed `x.1` as in [`super::table::read_table`]).
    pub name: String,
    /// Numbers or booleans (usable as a score or weight).
    pub numeric: bool,
    /// The distinct non-missing values as text, sorted, when there are at most [`MAX_LISTED_VALUES`];
    /// `None` for columns with more.
    pub values: Option<Vec<String>>,
}

/// Whether a column of this type holds numbers (or booleans).
fn is_numeric(dtype: &DataType) -> bool {
    dtype.is_primitive_numeric() || dtype.is_bool()
}

/// The distinct values of a column as text (the way the audit reads sensitive columns), or `None` when
/// there are more than `limit`.
fn distinct_values(column: &Column, limit: usize) -> Result<Option<Vec<String>>, PolarsError> {
    if is_numeric(column.dtype()) {
        // Numbers first as bits: cheap, and most numeric columns stop early.
        let floats = column.cast(&DataType::Float64)?;
        let mut seen: BTreeSet<u64> = BTreeSet::new();
        for v in floats.f64()?.iter().flatten() {
            seen.insert(v.to_bits());
            if seen.len() > limit {
                return Ok(None);
            }
        }
    }
    let text = column.cast(&DataType::String)?;
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for v in text.str()?.iter().flatten() {
        seen.insert(v);
        if seen.len() > limit {
            return Ok(None);
        }
    }
    Ok(Some(seen.into_iter().map(str::to_owned).collect()))
}

/// Summarises every column of a data frame.
///
/// # Errors
/// [`DatasetError::Parse`] when polars cannot convert a column to text, [`DatasetError::Cancelled`].
pub fn summarize_columns(
    df: &DataFrame,
    path: &Path,
    control: &TaskControl,
) -> Result<Vec<ColumnSummary>, DatasetError> {
    let columns = df.columns();
    let mut out = Vec::with_capacity(columns.len());
    for (i, column) in columns.iter().enumerate() {
        control.check()?;
        let values =
            distinct_values(column, MAX_LISTED_VALUES).map_err(|e| DatasetError::Parse {
                path: path.to_owned(),
                message: format!("column {:?}: {e}", column.name().as_str()),
            })?;
        out.push(ColumnSummary {
            name: column.name().to_string(),
            numeric: is_numeric(column.dtype()),
            values,
        });
        #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
        control.set_progress((i + 1) as f32 / columns.len() as f32);
    }
    Ok(out)
}

/// Reads a dataset file and summarises its columns.
///
/// # Errors
/// [`DatasetError`] when the file cannot be read or parsed, or the user cancelled.
pub fn read_column_summaries(
    path: &Path,
    control: &TaskControl,
) -> Result<Vec<ColumnSummary>, DatasetError> {
    let df = read_table(path, control)?;
    summarize_columns(&df, path, control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_values_of_small_columns_only() {
        use std::fmt::Write as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.csv");
        let mut csv = String::from("id,sex,y,score\n");
        for i in 0..60 {
            let sex = if i % 2 == 0 { "female" } else { "male" };
            let y = i % 2;
            writeln!(csv, "{i},{sex},{y},0.{i}").unwrap();
        }
        csv.push_str("60,,1,0.5\n");
        std::fs::write(&path, csv).unwrap();
        let cols = read_column_summaries(&path, &TaskControl::new()).unwrap();
        let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "sex", "y", "score"]);
        assert_eq!(cols[0].values, None, "61 distinct ids");
        assert!(cols[0].numeric);
        assert_eq!(
            cols[1].values.as_deref(),
            Some(&["female".to_owned(), "male".to_owned()][..])
        );
        assert!(!cols[1].numeric);
        assert_eq!(
            cols[2].values.as_deref(),
            Some(&["0".to_owned(), "1".to_owned()][..])
        );
        assert!(cols[3].numeric);
    }
}
