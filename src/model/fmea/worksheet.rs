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
#[path = "worksheet_tests.rs"]
mod tests;
