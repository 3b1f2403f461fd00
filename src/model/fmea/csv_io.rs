//! CSV export and import of worksheet rows, with the worksheet's column headers.
//!
//! Export writes every column, computed ones included, in worksheet order. Import reads columns by
//! header (in any order, any subset), ignores the computed columns (they are recomputed), assigns ids
//! to rows without one and reports the line and column of the first problem. Exporting and importing
//! gives back the same rows.

use std::collections::HashSet;

use super::clipboard::push_quoted_if_needed;
use super::error::ImportError;
use super::row::{CellError, Column, EXPECTED_ID, FmeaRow};
use super::worksheet::{FmeaWorksheet, ROW_ID_PREFIX};
use crate::model::ids::next_id;

/// Writes rows as CSV (comma-separated, `\r\n` line ends as RFC 4180, quotes only where needed, no
/// byte-order mark) with a header line of [`Column::header`]s.
#[must_use]
pub fn rows_to_csv(rows: &[FmeaRow]) -> String {
    let mut text = String::new();
    let mut push_line = |cells: &mut dyn Iterator<Item = String>| {
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                text.push(',');
            }
            push_quoted_if_needed(&mut text, &cell, &[',', '"', '\n', '\r']);
        }
        text.push_str("\r\n");
    };
    push_line(&mut Column::ALL.iter().map(|c| c.header().to_owned()));
    for row in rows {
        push_line(&mut Column::ALL.iter().map(|&c| row.cell_text(c)));
    }
    text
}

/// The worksheet's columns in the messages of a [`crate::model::csv_table::TableProblem`].
const WORDS: crate::model::csv_table::TableWords = crate::model::csv_table::TableWords {
    header_line: "the worksheet's column names",
    known_column: "a worksheet column such as \"Failure mode\" or \"Severity (S)\"",
};

/// Reads rows from CSV written by [`rows_to_csv`] or by a spreadsheet.
///
/// The first line names the columns ([`Column::from_header`]: header text or key, any case); a leading
/// byte-order mark, lines with no value at all, and columns with an empty header and no values are
/// ignored.
///
/// ```
/// use riskbench::model::fmea::{rows_from_csv, Column};
/// let rows = rows_from_csv("Failure mode,Severity (S)\n\"Label noise, systematic\",7\n").unwrap();
/// assert_eq!(rows[0].row_id, "FM-1");
/// assert_eq!(rows[0].cell_text(Column::FailureMode), "Label noise, systematic");
/// let err = rows_from_csv("Failure mode,Severity (S)\nDrift,high\n").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "line 2, column \"Severity (S)\": expected a whole number from 1 to 10, found \"high\""
/// );
/// ```
///
/// # Errors
/// [`ImportError`] with the line (and column where there is one) and what was expected.
pub fn rows_from_csv(text: &str) -> Result<Vec<FmeaRow>, ImportError> {
    let (columns, records) = crate::model::csv_table::read_table(text, Column::from_header, WORDS)?;
    let mut rows = Vec::new();
    let mut seen_ids = HashSet::new();
    let mut unnamed = Vec::new(); // indices of rows that need an id
    for (line, record) in records {
        let mut row = FmeaRow::default();
        for (i, (text, column)) in record.iter().zip(&columns).enumerate() {
            match column {
                None if text.is_empty() => {}
                None => {
                    return Err(ImportError::UnnamedColumn {
                        line,
                        position: i + 1,
                    });
                }
                Some(Column::RowId) => {
                    let row_id = text.trim();
                    if row_id.contains(char::is_whitespace) {
                        return Err(ImportError::cell(
                            line,
                            CellError {
                                column: Column::RowId,
                                expected: EXPECTED_ID,
                                found: text.to_owned(),
                            },
                        ));
                    }
                    if !row_id.is_empty() && !seen_ids.insert(row_id.to_owned()) {
                        return Err(ImportError::DuplicateRowId {
                            line,
                            row_id: row_id.to_owned(),
                        });
                    }
                    row_id.clone_into(&mut row.row_id);
                }
                Some(column) if column.is_computed() => {}
                Some(column) => row
                    .set_cell(*column, text)
                    .map_err(|e| ImportError::cell(line, e))?,
            }
        }
        if row.row_id.is_empty() {
            unnamed.push(rows.len());
        }
        rows.push(row);
    }
    for index in unnamed {
        let row_id = next_id(ROW_ID_PREFIX, rows.iter().map(|r| r.row_id.as_str()));
        rows[index].row_id = row_id;
    }
    Ok(rows)
}

impl FmeaWorksheet {
    /// The worksheet's rows as CSV (see [`rows_to_csv`]).
    #[must_use]
    pub fn to_csv(&self) -> String {
        rows_to_csv(&self.rows)
    }
}

#[cfg(test)]
mod tests {
    use super::super::rating::Rating;
    use super::super::row::ActionStatus;
    use super::*;
    use crate::model::IsoDate;

    fn tricky_row() -> FmeaRow {
        FmeaRow {
            row_id: "FM-7".to_owned(),
            item: "Data collection".to_owned(),
            function: "Provide \"representative\" data, incl. rural applicants".to_owned(),
            failure_mode: "Sample skews urban,\nrural under-represented".to_owned(),
            effect: "  Higher FNR for rural applicants\r\n(CRLF inside)  ".to_owned(),
            affected_groups: vec![
                "Rural applicants".to_owned(),
                "Älter als 60; Senioren".to_owned(),
            ],
            severity: Rating::new(8),
            cause: "Collected via app only — 数据 bias ✓".to_owned(),
            prevention_controls: "Datasheet, sampling plan".to_owned(),
            occurrence: Rating::new(6),
            detection_controls: "Manual \"eyeballing\"".to_owned(),
            detection: Rating::new(7),
            recommended_action: "Representation gate".to_owned(),
            owner: "Data lead, team A".to_owned(),
            target_date: IsoDate::from_ymd(2026, 6, 30),
            status: Some(ActionStatus::InProgress),
            action_taken: String::new(),
            revised_severity: None,
            revised_occurrence: Rating::new(3),
            revised_detection: Rating::new(4),
            evidence: vec![
                "finding:dp-ratio-0.62".to_owned(),
                r"C:\reports\profile.html".to_owned(),
            ],
            risk_id: Some("R-12".to_owned()),
            barrier_ids: vec!["B-3".to_owned(), "B-9".to_owned()],
        }
    }

    #[test]
    fn round_trip_is_exact() {
        let rows = vec![tricky_row(), FmeaRow::new("FM-8"), {
            let mut r = FmeaRow::new("FM-9");
            r.item = ",".to_owned();
            r.owner = "\"".to_owned();
            r.action_taken = "\n".to_owned();
            r
        }];
        let text = rows_to_csv(&rows);
        assert_eq!(rows_from_csv(&text).unwrap(), rows);
        // And with the byte-order mark Excel writes.
        assert_eq!(rows_from_csv(&format!("\u{feff}{text}")).unwrap(), rows);
        // Computed columns are written.
        assert!(text.contains(",7,336,H,Representation gate,"), "{text}");
        assert!(text.contains(",3,4,96,L,finding:"), "{text}");
    }

    #[test]
    fn header_line_uses_column_headers() {
        let text = rows_to_csv(&[]);
        assert!(text.starts_with(
            "ID,Item / pipeline step,Function,Failure mode,Effect,Affected groups,Severity (S),"
        ));
        assert!(text.ends_with("Evidence,Risk ID,Barrier IDs\r\n"));
        assert_eq!(rows_from_csv(&text).unwrap(), Vec::new());
    }

    #[test]
    fn subset_reordered_columns_and_generated_ids() {
        let text = "severity,ID,failure_mode,RPN,\n\
                    5,,Drift,999,\n\
                    ,,,,\n\
                    6,FM-4,Leak,,\n\
                    7,,Skew,,\n";
        let rows = rows_from_csv(text).unwrap();
        let got: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.row_id.as_str(),
                    r.failure_mode.as_str(),
                    r.severity.map(Rating::get),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("FM-5", "Drift", Some(5)),
                ("FM-4", "Leak", Some(6)),
                ("FM-6", "Skew", Some(7))
            ]
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let cases: [(&str, &str); 9] = [
            (
                "",
                "line 1: the file is empty; expected a header line with the worksheet's column names",
            ),
            (
                "Failure mode,Likelihood\n",
                "line 1, column 2: unknown column header \"Likelihood\"; expected a worksheet column such as \"Failure mode\" or \"Severity (S)\"",
            ),
            (
                "Cause,cause\n",
                "line 1, column 2: column \"cause\" appears twice; expected each column once",
            ),
            (
                "Cause,Severity (S)\nx,3\ny\n",
                "line 3: expected 2 cells as in the header line, found 1",
            ),
            (
                "Cause,Target date\n\"multi\nline\",2026-01-01\nok,31.12.2026\n",
                "line 4, column \"Target date\": expected a date written YYYY-MM-DD, found \"31.12.2026\"",
            ),
            (
                "Cause,Status\nx,Pending\n",
                "line 2, column \"Status\": expected one of Open, In progress, Done, Not implemented, found \"Pending\"",
            ),
            (
                "ID,Cause\nFM-1,a\nFM-1,b\n",
                "line 3, column \"ID\": row id \"FM-1\" is used twice; expected unique ids",
            ),
            (
                "ID,Cause\nFM 1,a\n",
                "line 2, column \"ID\": expected an id without spaces, found \"FM 1\"",
            ),
            (
                "Cause,\nx,stray\n",
                "line 2, column 2: a value under an empty header; expected a column name in line 1",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(
                rows_from_csv(text).unwrap_err().to_string(),
                message,
                "{text:?}"
            );
        }
        assert!(matches!(
            rows_from_csv("Revised O\n0\n"),
            Err(ImportError::Cell {
                line: 2,
                column: Column::RevisedOccurrence,
                ..
            })
        ));
    }
}
