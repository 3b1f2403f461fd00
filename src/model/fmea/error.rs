//! Errors of worksheet edits, CSV import and clipboard parsing; each says where and what was expected.
//!
//! Rows and lines are reported 1-based, as the user sees them.

use super::row::{CellError, Column};
use crate::model::csv_table::TableProblem;

/// An edit that the worksheet rejected; the worksheet is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// A row index past the end of the worksheet.
    #[error("row {} does not exist: the worksheet has {row_count} rows", row + 1)]
    RowOutOfRange {
        /// The 0-based index asked for.
        row: usize,
        /// Rows in the worksheet.
        row_count: usize,
    },
    /// A column index past the last column.
    #[error("column {} does not exist: the worksheet has {column_count} columns", column + 1)]
    ColumnOutOfRange {
        /// The 0-based index asked for.
        column: usize,
        /// Columns in the worksheet.
        column_count: usize,
    },
    /// A pasted range that runs past the last column.
    #[error(
        "the pasted range is {width} columns wide and does not fit from column {} on: the worksheet has \
         {column_count} columns",
        column + 1
    )]
    PasteTooWide {
        /// 0-based column where the paste starts.
        column: usize,
        /// Width of the pasted range.
        width: usize,
        /// Columns in the worksheet.
        column_count: usize,
    },
    /// A cell text that its column does not accept.
    #[error("row {}, {source}", row + 1)]
    Cell {
        /// 0-based row index.
        row: usize,
        /// Which column expected what.
        source: CellError,
    },
}

/// Why a CSV file could not be imported as worksheet rows.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// A problem with the table's structure: header, quoting or row length.
    #[error(transparent)]
    Table(#[from] TableProblem),
    /// Data under an empty header.
    #[error(
        "line {line}, column {position}: a value under an empty header; expected a column name in line 1"
    )]
    UnnamedColumn {
        /// 1-based line of the first value.
        line: u64,
        /// 1-based column position.
        position: usize,
    },
    /// A value that its column does not accept.
    #[error("line {line}, column {:?}: expected {expected}, found {found:?}", column.header())]
    Cell {
        /// 1-based line where the record starts.
        line: u64,
        /// The column.
        column: Column,
        /// What the column accepts.
        expected: &'static str,
        /// The text in the file.
        found: String,
    },
    /// A row id used twice.
    #[error("line {line}, column \"ID\": row id {row_id:?} is used twice; expected unique ids")]
    DuplicateRowId {
        /// 1-based line of the second use.
        line: u64,
        /// The id.
        row_id: String,
    },
}

impl ImportError {
    pub(super) fn cell(line: u64, error: CellError) -> Self {
        Self::Cell {
            line,
            column: error.column,
            expected: error.expected,
            found: error.found,
        }
    }
}

/// Why clipboard text is not a rectangular cell range.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasteError {
    /// Rows of different lengths.
    #[error(
        "line {line}: expected {expected} tab-separated cells as in the first row, found {found}; the \
         pasted range must be rectangular"
    )]
    Ragged {
        /// 1-based line where the offending row starts.
        line: usize,
        /// Cells in the first row.
        expected: usize,
        /// Cells in this row.
        found: usize,
    },
}
