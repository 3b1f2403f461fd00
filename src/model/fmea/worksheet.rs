//! An FMEA worksheet: its rows, the row and cell operations of a spreadsheet-like editor, sorting,
//! filtering, review flags and the summaries behind the charts.
//!
//! Every operation takes and returns values; undo, dirty tracking and autosave belong to the caller's
//! mutation gate.

use std::cmp::Ordering;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::clipboard;
use super::error::EditError;
use super::rating::ActionPriority;
use super::row::{ActionStatus, CellError, Column, FmeaRow};
use crate::model::ids::next_id;

/// Prefix of generated row ids (`FM-1`, `FM-2`, …).
pub const ROW_ID_PREFIX: &str = "FM-";

/// Prefix of generated worksheet ids (`fmea-1`, `fmea-2`, …).
pub const WORKSHEET_ID_PREFIX: &str = "fmea-";

/// One FMEA worksheet; a project holds any number of them.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct FmeaWorksheet {
    /// Stable id within the project (`fmea-1`).
    pub worksheet_id: String,
    /// Title shown in the navigation and the report.
    #[serde(default)]
    pub title: String,
    /// What the analysis covers: system, version, boundaries, assumptions.
    #[serde(default)]
    pub scope: String,
    /// The rows, in the order the user arranged them.
    #[serde(default)]
    pub rows: Vec<FmeaRow>,
}

/// A worksheet id not used by any of `existing` (`fmea-1`, `fmea-2`, …).
///
/// ```
/// use riskbench::model::fmea::{next_worksheet_id, FmeaWorksheet};
/// let sheets = vec![FmeaWorksheet::new("fmea-3", "Scoring model")];
/// assert_eq!(next_worksheet_id(&sheets), "fmea-4");
/// ```
#[must_use]
pub fn next_worksheet_id(existing: &[FmeaWorksheet]) -> String {
    next_id(
        WORKSHEET_ID_PREFIX,
        existing.iter().map(|w| w.worksheet_id.as_str()),
    )
}

impl FmeaWorksheet {
    /// An empty worksheet.
    #[must_use]
    pub fn new(worksheet_id: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            worksheet_id: worksheet_id.into(),
            title: title.into(),
            scope: String::new(),
            rows: Vec::new(),
        }
    }

    /// A row id not used in this worksheet (`FM-n`, one past the highest).
    #[must_use]
    pub fn next_row_id(&self) -> String {
        next_id(ROW_ID_PREFIX, self.rows.iter().map(|r| r.row_id.as_str()))
    }

    /// The index of the row with this id.
    #[must_use]
    pub fn row_index(&self, row_id: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.row_id == row_id)
    }

    fn check_row(&self, row: usize) -> Result<(), EditError> {
        if row < self.rows.len() {
            Ok(())
        } else {
            Err(EditError::RowOutOfRange {
                row,
                row_count: self.rows.len(),
            })
        }
    }

    /// Inserts an empty row with a new id at `index` (`index == rows.len()` appends) and returns its
    /// index.
    ///
    /// # Errors
    /// [`EditError::RowOutOfRange`] when `index > rows.len()`.
    pub fn insert_row(&mut self, index: usize) -> Result<usize, EditError> {
        if index > self.rows.len() {
            return Err(EditError::RowOutOfRange {
                row: index,
                row_count: self.rows.len(),
            });
        }
        let row = FmeaRow::new(self.next_row_id());
        self.rows.insert(index, row);
        Ok(index)
    }

    /// Inserts a copy of row `index` below it, with a new id, and returns the copy's index.
    ///
    /// # Errors
    /// [`EditError::RowOutOfRange`] when there is no such row.
    pub fn duplicate_row(&mut self, index: usize) -> Result<usize, EditError> {
        self.check_row(index)?;
        let mut copy = self.rows[index].clone();
        copy.row_id = self.next_row_id();
        self.rows.insert(index + 1, copy);
        Ok(index + 1)
    }

    /// Removes row `index` and returns it.
    ///
    /// # Errors
    /// [`EditError::RowOutOfRange`] when there is no such row.
    pub fn delete_row(&mut self, index: usize) -> Result<FmeaRow, EditError> {
        self.check_row(index)?;
        Ok(self.rows.remove(index))
    }

    /// Moves row `from` so that it ends up at index `to`; the rows between shift by one.
    ///
    /// ```
    /// use riskbench::model::fmea::FmeaWorksheet;
    /// let mut sheet = FmeaWorksheet::new("fmea-1", "Demo");
    /// for i in 0..3 { sheet.insert_row(i).unwrap(); }
    /// sheet.move_row(0, 2).unwrap();
    /// let ids: Vec<_> = sheet.rows.iter().map(|r| r.row_id.as_str()).collect();
    /// assert_eq!(ids, ["FM-2", "FM-3", "FM-1"]);
    /// ```
    ///
    /// # Errors
    /// [`EditError::RowOutOfRange`] when either index is not a row.
    pub fn move_row(&mut self, from: usize, to: usize) -> Result<(), EditError> {
        self.check_row(from)?;
        self.check_row(to)?;
        let row = self.rows.remove(from);
        self.rows.insert(to, row);
        Ok(())
    }

    /// The text of cell (`row`, `column`), or `None` when there is no such row.
    #[must_use]
    pub fn cell_text(&self, row: usize, column: Column) -> Option<String> {
        self.rows.get(row).map(|r| r.cell_text(column))
    }

    /// Sets cell (`row`, `column`) from text after validating it (see [`FmeaRow::set_cell`]).
    ///
    /// # Errors
    /// [`EditError::RowOutOfRange`], or [`EditError::Cell`] naming the row, the column and what it
    /// expected.
    pub fn set_cell(&mut self, row: usize, column: Column, text: &str) -> Result<(), EditError> {
        self.check_row(row)?;
        self.rows[row]
            .set_cell(column, text)
            .map_err(|source| EditError::Cell { row, source })
    }

    /// The texts of a rectangular range: `rows` × `columns` (column indices into [`Column::ALL`]).
    ///
    /// # Errors
    /// [`EditError::RowOutOfRange`] or [`EditError::ColumnOutOfRange`] when the range leaves the sheet.
    pub fn cell_range(
        &self,
        rows: Range<usize>,
        columns: Range<usize>,
    ) -> Result<Vec<Vec<String>>, EditError> {
        let selected = self.check_range(&rows, &columns)?;
        Ok(self.rows[rows]
            .iter()
            .map(|row| selected.iter().map(|&c| row.cell_text(c)).collect())
            .collect())
    }

    fn check_range(
        &self,
        rows: &Range<usize>,
        columns: &Range<usize>,
    ) -> Result<Vec<Column>, EditError> {
        if rows.start > rows.end || rows.end > self.rows.len() {
            return Err(EditError::RowOutOfRange {
                row: rows.end.max(rows.start),
                row_count: self.rows.len(),
            });
        }
        if columns.start > columns.end || columns.end > Column::COUNT {
            return Err(EditError::ColumnOutOfRange {
                column: columns.end.max(columns.start),
                column_count: Column::COUNT,
            });
        }
        Ok(Column::ALL[columns.clone()].to_vec())
    }

    /// The clipboard text for a rectangular range, tab-separated as spreadsheets expect, optionally with
    /// the column headers as a first line.
    ///
    /// # Errors
    /// As [`FmeaWorksheet::cell_range`].
    pub fn copy_range(
        &self,
        rows: Range<usize>,
        columns: Range<usize>,
        with_headers: bool,
    ) -> Result<String, EditError> {
        let mut grid = Vec::new();
        if with_headers {
            let selected = self.check_range(&rows, &columns)?;
            grid.push(selected.iter().map(|c| c.header().to_owned()).collect());
        }
        grid.extend(self.cell_range(rows, columns)?);
        Ok(clipboard::to_tsv(&grid))
    }

    /// Pastes a grid of cell texts (from [`clipboard::parse_tsv`]) with its top-left cell at
    /// (`row`, `column`), adding rows at the end as needed.
    ///
    /// Cells that land on read-only columns (the row id, RPN, AP) are skipped, so whole rows copied from
    /// another worksheet paste cleanly. All cells are validated first: on error nothing changes.
    ///
    /// ```
    /// use riskbench::model::fmea::{clipboard, Column, FmeaWorksheet};
    /// let mut sheet = FmeaWorksheet::new("fmea-1", "Demo");
    /// // Three columns from Severity (S) on: Severity, Cause, Prevention controls.
    /// let grid = clipboard::parse_tsv("9\tData drift\tNone\n7\t\"Label\nnoise\"\tGuidelines\n").unwrap();
    /// let outcome = sheet.paste(0, Column::Severity.index(), &grid).unwrap();
    /// assert_eq!(outcome.rows_added, 2);
    /// assert_eq!(sheet.rows[1].cause, "Label\nnoise");
    /// assert_eq!(sheet.rows[1].severity.map(|r| r.get()), Some(7));
    /// assert!(sheet.paste(0, Column::Severity.index(), &[vec!["high".into()]]).is_err());
    /// ```
    ///
    /// # Errors
    /// [`EditError::RowOutOfRange`] when `row > rows.len()`, [`EditError::PasteTooWide`] when the grid
    /// runs past the last column, [`EditError::Cell`] for the first cell that fails validation.
    pub fn paste(
        &mut self,
        row: usize,
        column: usize,
        grid: &[Vec<String>],
    ) -> Result<PasteOutcome, EditError> {
        if row > self.rows.len() {
            return Err(EditError::RowOutOfRange {
                row,
                row_count: self.rows.len(),
            });
        }
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        if column.saturating_add(width) > Column::COUNT {
            return Err(EditError::PasteTooWide {
                column,
                width,
                column_count: Column::COUNT,
            });
        }
        let mut rows = self.rows.clone();
        let mut outcome = PasteOutcome::default();
        for (offset, cells) in grid.iter().enumerate() {
            let target = row + offset;
            if target == rows.len() {
                let row_id = next_id(ROW_ID_PREFIX, rows.iter().map(|r| r.row_id.as_str()));
                rows.push(FmeaRow::new(row_id));
                outcome.rows_added += 1;
            }
            for (c, text) in cells.iter().enumerate() {
                let Some(col) = Column::from_index(column + c) else {
                    continue;
                };
                if !col.is_editable() {
                    outcome.cells_skipped += 1;
                    continue;
                }
                rows[target]
                    .set_cell(col, text)
                    .map_err(|source| EditError::Cell {
                        row: target,
                        source,
                    })?;
                outcome.cells_set += 1;
            }
        }
        self.rows = rows;
        Ok(outcome)
    }

    /// Clears the editable cells of a range (the Delete key on a selection).
    ///
    /// # Errors
    /// As [`FmeaWorksheet::cell_range`].
    pub fn clear_range(
        &mut self,
        rows: Range<usize>,
        columns: Range<usize>,
    ) -> Result<(), EditError> {
        let selected = self.check_range(&rows, &columns)?;
        let first = rows.start;
        for (offset, row) in self.rows[rows].iter_mut().enumerate() {
            for &column in selected.iter().filter(|c| c.is_editable()) {
                // Empty text is valid for every editable column, so this does not fail in practice.
                row.set_cell(column, "")
                    .map_err(|source: CellError| EditError::Cell {
                        row: first + offset,
                        source,
                    })?;
            }
        }
        Ok(())
    }

    /// Sorts the rows in priority order (see [`compare_by_priority`]); rows that compare equal keep their
    /// order.
    pub fn sort_by_priority(&mut self) {
        self.rows.sort_by(compare_by_priority);
    }

    /// Row indices in priority order, without reordering the rows (for a sorted view).
    #[must_use]
    pub fn priority_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        order.sort_by(|&a, &b| compare_by_priority(&self.rows[a], &self.rows[b]));
        order
    }

    /// Indices of the rows that pass `filter`, in row order.
    #[must_use]
    pub fn filtered_indices(&self, filter: &RowFilter) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&i| filter.matches(&self.rows[i]))
            .collect()
    }

    /// The distinct owners named in the rows, sorted, for the owner filter (empty owners left out).
    #[must_use]
    pub fn owners(&self) -> Vec<String> {
        let mut owners: Vec<String> = self
            .rows
            .iter()
            .map(|r| r.owner.trim())
            .filter(|o| !o.is_empty())
            .map(str::to_owned)
            .collect();
        owners.sort_by_key(|o| o.to_lowercase());
        owners.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        owners
    }

    /// Indices of High-priority rows that have no recommended action.
    #[must_use]
    pub fn rows_lacking_required_action(&self) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&i| self.rows[i].lacks_required_action())
            .collect()
    }

    /// Every review flag, as (row index, flag), in row order.
    #[must_use]
    pub fn flags(&self) -> Vec<(usize, RowFlag)> {
        self.rows
            .iter()
            .enumerate()
            .flat_map(|(i, row)| RowFlag::of(row).into_iter().map(move |f| (i, f)))
            .collect()
    }

    /// How many rows have each Action Priority, before and after actions.
    #[must_use]
    pub fn priority_counts(&self) -> PriorityCounts {
        let mut counts = PriorityCounts::default();
        for row in &self.rows {
            counts.before.add(row.action_priority());
            counts.after.add(row.current_action_priority());
        }
        counts
    }

    /// The Pareto series of RPN: rated rows by descending RPN, each with the cumulative share of the
    /// total RPN up to and including it (0–1]. Rows with equal RPN keep their order.
    ///
    /// ```
    /// use riskbench::model::fmea::{FmeaWorksheet, Column};
    /// let mut sheet = FmeaWorksheet::new("fmea-1", "Demo");
    /// for (s, o, d) in [("2", "5", "5"), ("10", "5", "3")] {
    ///     let i = sheet.insert_row(sheet.rows.len()).unwrap();
    ///     sheet.set_cell(i, Column::Severity, s).unwrap();
    ///     sheet.set_cell(i, Column::Occurrence, o).unwrap();
    ///     sheet.set_cell(i, Column::Detection, d).unwrap();
    /// }
    /// let pareto = sheet.rpn_pareto();
    /// assert_eq!(pareto[0].rpn, 150);
    /// assert!((pareto[0].cumulative_share - 0.75).abs() < 1e-9);
    /// assert!((pareto[1].cumulative_share - 1.0).abs() < 1e-9);
    /// ```
    #[must_use]
    pub fn rpn_pareto(&self) -> Vec<ParetoPoint> {
        let mut rated: Vec<(usize, u16)> = self
            .rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r.rpn()?)))
            .collect();
        rated.sort_by_key(|&(_, rpn)| std::cmp::Reverse(rpn));
        let total: u64 = rated.iter().map(|&(_, rpn)| u64::from(rpn)).sum();
        let mut running = 0_u64;
        rated
            .into_iter()
            .map(|(row_index, rpn)| {
                running += u64::from(rpn);
                ParetoPoint {
                    row_index,
                    row_id: self.rows[row_index].row_id.clone(),
                    rpn,
                    cumulative_share: share(running, total),
                }
            })
            .collect()
    }
}

/// `part / total` as a fraction; sums of RPNs stay far below 2^53, where `f64` would round.
#[expect(clippy::cast_precision_loss, reason = "RPN sums stay far below 2^53")]
fn share(part: u64, total: u64) -> f64 {
    part as f64 / total as f64
}

/// Priority order of two rows: Action Priority (High first), then severity, then RPN, each descending;
/// unrated values sort last.
#[must_use]
pub fn compare_by_priority(a: &FmeaRow, b: &FmeaRow) -> Ordering {
    // `Some(_) > None`, so comparing b with a puts high values first and missing values last.
    b.action_priority()
        .cmp(&a.action_priority())
        .then_with(|| b.severity.cmp(&a.severity))
        .then_with(|| b.rpn().cmp(&a.rpn()))
}

/// What a paste changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PasteOutcome {
    /// Rows appended at the end of the worksheet.
    pub rows_added: usize,
    /// Cells written.
    pub cells_set: usize,
    /// Cells that landed on read-only columns and were ignored.
    pub cells_skipped: usize,
}

/// Which Action Priority a filter looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PriorityBasis {
    /// The priority from the original ratings.
    #[default]
    Initial,
    /// The revised priority where revised ratings exist, else the original.
    Current,
}

/// A row filter; empty criteria let every row through. Serialisable so a view can keep it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RowFilter {
    /// Keep rows with one of these priorities (unrated rows never match); empty keeps all.
    pub priorities: Vec<ActionPriority>,
    /// Whether `priorities` applies to the initial or the current priority.
    pub priority_basis: PriorityBasis,
    /// Keep rows with this owner (case-insensitive, surrounding spaces ignored); `Some("")` keeps rows
    /// without an owner; `None` keeps all.
    pub owner: Option<String>,
    /// Keep rows with one of these statuses (`None` in the list stands for "no status"); empty keeps all.
    pub statuses: Vec<Option<ActionStatus>>,
}

impl RowFilter {
    /// Whether `row` passes the filter.
    #[must_use]
    pub fn matches(&self, row: &FmeaRow) -> bool {
        let priority = match self.priority_basis {
            PriorityBasis::Initial => row.action_priority(),
            PriorityBasis::Current => row.current_action_priority(),
        };
        let priority_ok =
            self.priorities.is_empty() || priority.is_some_and(|p| self.priorities.contains(&p));
        let owner_ok = self
            .owner
            .as_deref()
            .is_none_or(|owner| owner.trim().to_lowercase() == row.owner.trim().to_lowercase());
        let status_ok = self.statuses.is_empty() || self.statuses.contains(&row.status);
        priority_ok && owner_ok && status_ok
    }
}

/// Something a reviewer should look at in a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RowFlag {
    /// High priority without a recommended action.
    HighPriorityWithoutAction,
    /// A recommended action without an owner.
    ActionWithoutOwner,
    /// The action is done but no revised rating records its effect.
    DoneWithoutRevisedRatings,
}

impl RowFlag {
    /// The flags that apply to `row`.
    #[must_use]
    pub fn of(row: &FmeaRow) -> Vec<Self> {
        let mut flags = Vec::new();
        if row.lacks_required_action() {
            flags.push(Self::HighPriorityWithoutAction);
        }
        if !row.recommended_action.trim().is_empty() && row.owner.trim().is_empty() {
            flags.push(Self::ActionWithoutOwner);
        }
        if row.status == Some(ActionStatus::Done) && !row.has_revision() {
            flags.push(Self::DoneWithoutRevisedRatings);
        }
        flags
    }

    /// Message for the flag's tooltip and the review list.
    #[must_use]
    pub const fn message(self) -> &'static str {
        match self {
            Self::HighPriorityWithoutAction => {
                "High action priority without a recommended action: add an action, or justify the current \
                 controls in the action field"
            }
            Self::ActionWithoutOwner => "Recommended action without an owner",
            Self::DoneWithoutRevisedRatings => {
                "Action done but no revised rating: re-rate S, O or D to show its effect"
            }
        }
    }
}

/// Number of rows per Action Priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ApCounts {
    /// Rows with priority H.
    pub high: usize,
    /// Rows with priority M.
    pub medium: usize,
    /// Rows with priority L.
    pub low: usize,
    /// Rows missing S, O or D.
    pub unrated: usize,
}

impl ApCounts {
    fn add(&mut self, priority: Option<ActionPriority>) {
        match priority {
            Some(ActionPriority::High) => self.high += 1,
            Some(ActionPriority::Medium) => self.medium += 1,
            Some(ActionPriority::Low) => self.low += 1,
            None => self.unrated += 1,
        }
    }

    /// The count for one priority.
    #[must_use]
    pub const fn get(&self, priority: ActionPriority) -> usize {
        match priority {
            ActionPriority::High => self.high,
            ActionPriority::Medium => self.medium,
            ActionPriority::Low => self.low,
        }
    }
}

/// Rows per Action Priority before and after actions, for a side-by-side bar chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PriorityCounts {
    /// From the original ratings.
    pub before: ApCounts,
    /// From the revised ratings where present, else the original ones.
    pub after: ApCounts,
}

/// One point of the RPN Pareto chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParetoPoint {
    /// Index of the row in the worksheet.
    pub row_index: usize,
    /// Id of the row, for the axis label.
    pub row_id: String,
    /// The row's RPN (bar height).
    pub rpn: u16,
    /// Share of the total RPN of all rated rows up to and including this one (line), in (0, 1].
    pub cumulative_share: f64,
}

#[cfg(test)]
mod tests {
    use super::super::rating::Rating;
    use super::*;

    fn row(id: &str, s: u8, o: u8, d: u8) -> FmeaRow {
        let mut row = FmeaRow::new(id);
        row.severity = Rating::new(s);
        row.occurrence = Rating::new(o);
        row.detection = Rating::new(d);
        row
    }

    fn ids(sheet: &FmeaWorksheet) -> Vec<&str> {
        sheet.rows.iter().map(|r| r.row_id.as_str()).collect()
    }

    fn sheet_of(rows: Vec<FmeaRow>) -> FmeaWorksheet {
        FmeaWorksheet {
            rows,
            ..FmeaWorksheet::new("fmea-1", "Test")
        }
    }

    #[test]
    fn sort_by_priority_then_severity_then_rpn_stable() {
        let mut sheet = sheet_of(vec![
            row("low-a", 3, 3, 3),              // L, S3, 27
            row("med-s7", 7, 4, 5),             // M, S7, 140
            row("high-s8-rpn192", 8, 8, 3),     // H, S8, 192
            row("unrated", 10, 10, 0),          // no AP
            row("high-s10-rpn120", 10, 6, 2),   // H, S10, 120
            row("high-s8-rpn448", 8, 8, 7),     // H, S8, 448
            row("low-b", 3, 3, 3),              // L, same as low-a: stays after it
            row("med-s9", 9, 2, 6),             // M, S9, 108
            row("high-s10-rpn120-b", 10, 4, 3), // H, S10, 120: equal to the other, stays after it
        ]);
        assert_eq!(sheet.rows[3].action_priority(), None);
        assert_eq!(sheet.rows[8].action_priority(), Some(ActionPriority::High));
        let expected = [
            "high-s10-rpn120",
            "high-s10-rpn120-b",
            "high-s8-rpn448",
            "high-s8-rpn192",
            "med-s9",
            "med-s7",
            "low-a",
            "low-b",
            "unrated",
        ];
        let order: Vec<_> = sheet
            .priority_order()
            .into_iter()
            .map(|i| sheet.rows[i].row_id.clone())
            .collect();
        assert_eq!(order, expected);
        sheet.sort_by_priority();
        assert_eq!(ids(&sheet), expected);
    }

    #[test]
    fn row_operations() {
        let mut sheet = FmeaWorksheet::new("fmea-1", "Ops");
        assert_eq!(sheet.insert_row(0).unwrap(), 0);
        assert_eq!(sheet.insert_row(1).unwrap(), 1);
        assert_eq!(sheet.insert_row(0).unwrap(), 0);
        assert_eq!(ids(&sheet), ["FM-3", "FM-1", "FM-2"]);
        assert_eq!(
            sheet.insert_row(5),
            Err(EditError::RowOutOfRange {
                row: 5,
                row_count: 3
            })
        );
        sheet
            .set_cell(1, Column::FailureMode, "Schema drift")
            .unwrap();
        assert_eq!(sheet.duplicate_row(1).unwrap(), 2);
        assert_eq!(ids(&sheet), ["FM-3", "FM-1", "FM-4", "FM-2"]);
        assert_eq!(sheet.rows[2].failure_mode, "Schema drift");
        sheet.move_row(3, 0).unwrap();
        assert_eq!(ids(&sheet), ["FM-2", "FM-3", "FM-1", "FM-4"]);
        sheet.move_row(1, 1).unwrap();
        assert_eq!(ids(&sheet), ["FM-2", "FM-3", "FM-1", "FM-4"]);
        assert!(sheet.move_row(0, 4).is_err());
        assert!(sheet.move_row(4, 0).is_err());
        let removed = sheet.delete_row(2).unwrap();
        assert_eq!(removed.row_id, "FM-1");
        assert!(sheet.delete_row(3).is_err());
        // A deleted id's number is reused only if it was the highest.
        assert_eq!(sheet.next_row_id(), "FM-5");
        assert_eq!(sheet.row_index("FM-4"), Some(2));
        assert_eq!(sheet.cell_text(9, Column::Item), None);
    }

    #[test]
    fn set_cell_reports_row_and_column() {
        let mut sheet = sheet_of(vec![FmeaRow::new("FM-1")]);
        let err = sheet.set_cell(0, Column::Detection, "0").unwrap_err();
        assert_eq!(
            err.to_string(),
            "row 1, Detection (D): expected a whole number from 1 to 10, found \"0\""
        );
        assert_eq!(
            sheet.set_cell(1, Column::Item, "x"),
            Err(EditError::RowOutOfRange {
                row: 1,
                row_count: 1
            })
        );
    }

    #[test]
    fn filter_by_priority_owner_and_status() {
        let mut a = row("a", 9, 8, 5); // H
        a.owner = "Data lead".to_owned();
        a.status = Some(ActionStatus::Open);
        let mut b = row("b", 5, 4, 5); // L
        b.owner = "data LEAD ".to_owned();
        b.status = Some(ActionStatus::Done);
        let mut c = row("c", 7, 4, 5); // M
        c.revised_occurrence = Rating::new(2);
        c.revised_detection = Rating::new(3); // revised 7, 2, 3: L
        let d = FmeaRow::new("d"); // unrated, no owner, no status
        let sheet = sheet_of(vec![a, b, c, d]);

        let by = |filter: RowFilter| sheet.filtered_indices(&filter);
        assert_eq!(by(RowFilter::default()), [0, 1, 2, 3]);
        assert_eq!(
            by(RowFilter {
                priorities: vec![ActionPriority::High, ActionPriority::Medium],
                ..RowFilter::default()
            }),
            [0, 2]
        );
        assert_eq!(
            by(RowFilter {
                priorities: vec![ActionPriority::Low],
                priority_basis: PriorityBasis::Current,
                ..RowFilter::default()
            }),
            [1, 2]
        );
        assert_eq!(
            by(RowFilter {
                owner: Some("data lead".to_owned()),
                ..RowFilter::default()
            }),
            [0, 1]
        );
        assert_eq!(
            by(RowFilter {
                owner: Some(String::new()),
                ..RowFilter::default()
            }),
            [2, 3]
        );
        assert_eq!(
            by(RowFilter {
                statuses: vec![Some(ActionStatus::Done), None],
                ..RowFilter::default()
            }),
            [1, 2, 3]
        );
        assert_eq!(sheet.owners(), ["Data lead"]);
    }

    #[test]
    fn flags_high_priority_rows_without_action() {
        let mut with_action = row("a", 10, 6, 6);
        with_action.recommended_action = "Add subgroup gate".to_owned();
        with_action.owner = "ML lead".to_owned();
        with_action.status = Some(ActionStatus::Done);
        let sheet = sheet_of(vec![row("h", 10, 6, 6), with_action, row("l", 2, 2, 2)]);
        assert_eq!(sheet.rows_lacking_required_action(), [0]);
        assert_eq!(
            sheet.flags(),
            [
                (0, RowFlag::HighPriorityWithoutAction),
                (1, RowFlag::DoneWithoutRevisedRatings)
            ]
        );
    }

    #[test]
    fn counts_before_and_after_actions() {
        let mut improved = row("a", 8, 7, 7); // H
        improved.revised_occurrence = Rating::new(3);
        improved.revised_detection = Rating::new(3); // 8,3,3 → L
        let sheet = sheet_of(vec![
            improved,
            row("b", 8, 7, 7),
            row("c", 5, 4, 5),
            FmeaRow::new("d"),
        ]);
        let counts = sheet.priority_counts();
        assert_eq!(
            counts.before,
            ApCounts {
                high: 2,
                medium: 0,
                low: 1,
                unrated: 1
            }
        );
        assert_eq!(
            counts.after,
            ApCounts {
                high: 1,
                medium: 0,
                low: 2,
                unrated: 1
            }
        );
        assert_eq!(counts.after.get(ActionPriority::Low), 2);
    }

    #[test]
    fn pareto_series() {
        let sheet = sheet_of(vec![
            row("a", 2, 2, 5),  // 20
            FmeaRow::new("x"),  // unrated: left out
            row("b", 10, 5, 6), // 300
            row("c", 4, 5, 4),  // 80
            row("d", 4, 4, 5),  // 80, after c
        ]);
        let pareto = sheet.rpn_pareto();
        let got: Vec<_> = pareto
            .iter()
            .map(|p| (p.row_id.as_str(), p.rpn, p.row_index))
            .collect();
        assert_eq!(
            got,
            [("b", 300, 2), ("c", 80, 3), ("d", 80, 4), ("a", 20, 0)]
        );
        let shares: Vec<f64> = pareto.iter().map(|p| p.cumulative_share).collect();
        for (got, want) in shares
            .iter()
            .zip([300.0 / 480.0, 380.0 / 480.0, 460.0 / 480.0, 1.0])
        {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        assert!(sheet_of(vec![FmeaRow::new("x")]).rpn_pareto().is_empty());
    }

    #[test]
    fn paste_is_atomic_skips_read_only_columns_and_appends_rows() {
        let mut sheet = sheet_of(vec![row("FM-1", 5, 5, 5)]);
        let before = sheet.clone();
        // Whole rows copied from elsewhere: ID, Item, Function, Failure mode, Effect, Affected groups, S.
        let grid = clipboard::parse_tsv(
            "X-9\tTraining\tFit\tOverfit\tPoor generalisation\tAll users\t6\n\
             X-10\tTraining\tFit\tLeak\tOptimistic metrics\tAll users; Approvers\t7\n",
        )
        .unwrap();
        let outcome = sheet.paste(0, 0, &grid).unwrap();
        assert_eq!(
            outcome,
            PasteOutcome {
                rows_added: 1,
                cells_set: 12,
                cells_skipped: 2
            }
        );
        assert_eq!(ids(&sheet), ["FM-1", "FM-2"]);
        assert_eq!(sheet.rows[0].failure_mode, "Overfit");
        assert_eq!(sheet.rows[0].severity, Rating::new(6));
        assert_eq!(
            sheet.rows[0].occurrence,
            Rating::new(5),
            "cells outside the range stay"
        );
        assert_eq!(sheet.rows[1].affected_groups, ["All users", "Approvers"]);

        // A bad cell in the second row: nothing changes, and the error names row and column.
        let mut sheet = before.clone();
        let grid = clipboard::parse_tsv("4\tok\n11\tok\n").unwrap();
        let err = sheet.paste(0, Column::Severity.index(), &grid).unwrap_err();
        assert_eq!(
            err.to_string(),
            "row 2, Severity (S): expected a whole number from 1 to 10, found \"11\""
        );
        assert_eq!(sheet, before);

        let wide = vec![vec![String::new(); 3]];
        assert_eq!(
            sheet.paste(0, Column::COUNT - 2, &wide),
            Err(EditError::PasteTooWide {
                column: Column::COUNT - 2,
                width: 3,
                column_count: Column::COUNT
            })
        );
        assert!(sheet.paste(2, 0, &wide).is_err());
        assert_eq!(sheet.paste(1, 1, &wide).unwrap().rows_added, 1);
        assert_eq!(sheet.paste(0, 0, &[]).unwrap(), PasteOutcome::default());
    }

    #[test]
    fn copy_and_clear_ranges() {
        let mut sheet = sheet_of(vec![row("FM-1", 9, 8, 5), row("FM-2", 2, 2, 2)]);
        sheet.rows[0].cause = "Multi\nline \"quoted\"".to_owned();
        let s = Column::Severity.index();
        let text = sheet.copy_range(0..2, s..s + 2, true).unwrap();
        assert_eq!(
            text,
            "Severity (S)\tCause\n9\t\"Multi\nline \"\"quoted\"\"\"\n2\t\n"
        );
        // Pasting the copy back (without headers) onto the same place changes nothing.
        let before = sheet.clone();
        let grid = clipboard::parse_tsv(&sheet.copy_range(0..2, 0..Column::COUNT, false).unwrap())
            .unwrap();
        sheet.paste(0, 0, &grid).unwrap();
        assert_eq!(sheet, before);

        assert!(sheet.copy_range(0..3, 0..1, false).is_err());
        assert!(sheet.copy_range(0..1, 0..Column::COUNT + 1, false).is_err());
        #[expect(
            clippy::reversed_empty_ranges,
            reason = "an inverted range must be rejected, not panic"
        )]
        let inverted = sheet.cell_range(1..0, 0..1);
        assert!(inverted.is_err());

        sheet.clear_range(0..1, 0..Column::COUNT).unwrap();
        assert_eq!(
            sheet.rows[0],
            FmeaRow::new("FM-1"),
            "the id survives clearing"
        );
        assert_eq!(sheet.rows[1], before.rows[1]);
    }

    #[test]
    fn next_ids_ignore_foreign_ids() {
        let sheet = sheet_of(vec![
            FmeaRow::new("FM-2"),
            FmeaRow::new("custom"),
            FmeaRow::new("FM-x"),
            FmeaRow::new("FM-10"),
        ]);
        assert_eq!(sheet.next_row_id(), "FM-11");
        assert_eq!(next_worksheet_id(&[]), "fmea-1");
    }
}
