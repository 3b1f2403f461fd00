//! Pure view logic of the grid: positions, moves, ranges, the view order (sort and filter), pasting into a
//! view, keys, column widths and pickers. No drawing.

use crate::model::fmea::ActionStatus;
use crate::model::fmea::Column;
use crate::model::fmea::EditError;
use crate::model::fmea::FmeaRow;
use crate::model::fmea::FmeaWorksheet;
use crate::model::fmea::PasteOutcome;
use crate::model::fmea::RowFilter;
use crate::model::fmea::ValueKind;
use crate::ui::widgets::file_name_from_title;
use egui::Key;
use egui::Modifiers;
use std::ops::Range;
use std::path::Path;
use std::path::PathBuf;

// ------------------------------------------------------------------------------------------------------------
// Pure logic: positions, moves, ranges, views, pasting into a view

/// A cell as shown: `row` is a position in the view (after filtering and sorting), `col` an index into
/// [`Column::ALL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ViewCell {
    pub(super) row: usize,
    pub(super) col: usize,
}

/// A cell of the worksheet: `row` is an index into the worksheet's rows, `col` into [`Column::ALL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct DataCell {
    pub(super) row: usize,
    pub(super) col: usize,
}

/// A keyboard move of the selected cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Move {
    Up,
    Down,
    Left,
    Right,
    /// Tab: right, then on to the first column of the next row.
    Next,
    /// Shift+Tab: left, then back to the last column of the previous row.
    Previous,
    RowStart,
    RowEnd,
    Top,
    Bottom,
    First,
    Last,
    PageUp(usize),
    PageDown(usize),
}

/// Where `step` takes the cell `from` in a grid of `rows` × `cols` (positions are clamped into the grid).
pub(super) fn moved(from: ViewCell, step: Move, rows: usize, cols: usize) -> ViewCell {
    let last_row = rows.saturating_sub(1);
    let last_col = cols.saturating_sub(1);
    let row = from.row.min(last_row);
    let col = from.col.min(last_col);
    let (row, col) = match step {
        Move::Up => (row.saturating_sub(1), col),
        Move::Down => ((row + 1).min(last_row), col),
        Move::Left => (row, col.saturating_sub(1)),
        Move::Right => (row, (col + 1).min(last_col)),
        Move::Next if col < last_col => (row, col + 1),
        Move::Next if row < last_row => (row + 1, 0),
        Move::Previous if col > 0 => (row, col - 1),
        Move::Previous if row > 0 => (row - 1, last_col),
        Move::Next | Move::Previous => (row, col),
        Move::RowStart => (row, 0),
        Move::RowEnd => (row, last_col),
        Move::Top => (0, col),
        Move::Bottom => (last_row, col),
        Move::First => (0, 0),
        Move::Last => (last_row, last_col),
        Move::PageUp(page) => (row.saturating_sub(page.max(1)), col),
        Move::PageDown(page) => (row.saturating_add(page.max(1)).min(last_row), col),
    };
    ViewCell { row, col }
}

/// A rectangular range of the view: half-open row positions and column indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct CellRange {
    pub(super) rows: Range<usize>,
    pub(super) cols: Range<usize>,
}

impl CellRange {
    /// The range with corners `anchor` and `cursor` (in any order).
    pub(super) fn spanning(anchor: ViewCell, cursor: ViewCell) -> Self {
        Self {
            rows: anchor.row.min(cursor.row)..anchor.row.max(cursor.row) + 1,
            cols: anchor.col.min(cursor.col)..anchor.col.max(cursor.col) + 1,
        }
    }

    /// Whether `cell` lies in the range.
    pub(super) fn contains(&self, cell: ViewCell) -> bool {
        self.rows.contains(&cell.row) && self.cols.contains(&cell.col)
    }

    /// Whether the range is one cell.
    pub(super) fn is_single(&self) -> bool {
        self.rows.len() == 1 && self.cols.len() == 1
    }
}

/// The rows of `sheet` to show, as worksheet indices in display order: priority order when `sorted`, else
/// worksheet order; rows that fail `filter` are left out.
pub(super) fn build_view(sheet: &FmeaWorksheet, filter: &RowFilter, sorted: bool) -> Vec<usize> {
    filter_order(sheet, display_order(sheet, sorted), filter)
}

/// Every row of `sheet` in display order: priority order when `sorted`, else worksheet order.
pub(super) fn display_order(sheet: &FmeaWorksheet, sorted: bool) -> Vec<usize> {
    if sorted {
        sheet.priority_order()
    } else {
        (0..sheet.rows.len()).collect()
    }
}

/// The rows of `order` that pass `filter`, keeping the order.
pub(super) fn filter_order(
    sheet: &FmeaWorksheet,
    order: Vec<usize>,
    filter: &RowFilter,
) -> Vec<usize> {
    if *filter == RowFilter::default() {
        return order;
    }
    order
        .into_iter()
        .filter(|&i| sheet.rows.get(i).is_some_and(|row| filter.matches(row)))
        .collect()
}

/// The view position of worksheet row `data_row`; a row hidden by the filter maps to the next shown row in
/// worksheet order, or the last one. `None` only when nothing is shown.
pub(super) fn view_position(view: &[usize], data_row: usize) -> Option<usize> {
    let last = view.len().checked_sub(1)?;
    view.iter()
        .position(|&r| r == data_row)
        .or_else(|| view.iter().position(|&r| r > data_row))
        .or(Some(last))
}

/// Where the view's row at `pos` can move to, one step up or down among the shown rows.
pub(super) fn neighbour(view: &[usize], pos: usize, up: bool) -> Option<usize> {
    let target = if up {
        pos.checked_sub(1)?
    } else {
        pos.checked_add(1)?
    };
    view.get(target).copied()
}

/// A 1 × 1 clipboard grid pasted onto a larger range fills the whole range, as in spreadsheets; any other
/// grid is kept as it is.
pub(super) fn fill_range(grid: Vec<Vec<String>>, rows: usize, cols: usize) -> Vec<Vec<String>> {
    match grid.as_slice() {
        [line] if line.len() == 1 && rows * cols > 1 => vec![vec![line[0].clone(); cols]; rows],
        _ => grid,
    }
}

/// Pastes `grid` into the rows as shown: line *i* lands on the view's row at `start + i` and lines past the
/// last shown row become new rows at the end. All or nothing: returns the new rows, what changed and the
/// worksheet row of every pasted line, or a message naming the row (by id) and column that failed.
pub(super) fn paste_into_view(
    sheet: &FmeaWorksheet,
    view: &[usize],
    start: usize,
    col: usize,
    grid: &[Vec<String>],
) -> Result<(Vec<FmeaRow>, PasteOutcome, Vec<usize>), String> {
    let mut scratch = sheet.clone();
    let mut total = PasteOutcome::default();
    let mut targets = Vec::with_capacity(grid.len());
    for (offset, line) in grid.iter().enumerate() {
        let target = view
            .get(start.saturating_add(offset))
            .copied()
            .unwrap_or(scratch.rows.len());
        let outcome = scratch
            .paste(target, col, std::slice::from_ref(line))
            .map_err(|e| describe_edit_error(&scratch, &e))?;
        total.rows_added += outcome.rows_added;
        total.cells_set += outcome.cells_set;
        total.cells_skipped += outcome.cells_skipped;
        targets.push(target);
    }
    Ok((scratch.rows, total, targets))
}

/// An edit error for the user: cell errors name the row by its id rather than its position.
pub(super) fn describe_edit_error(sheet: &FmeaWorksheet, error: &EditError) -> String {
    match error {
        EditError::Cell { row, source } => match sheet.rows.get(*row) {
            Some(r) => format!("{}: {source}", r.row_id),
            None => format!("new row: {source}"),
        },
        other => other.to_string(),
    }
}

/// The horizontal scroll offset that shows `start..end` (content coordinates) in a viewport `viewport` wide,
/// now scrolled to `offset`; unchanged when it is already visible.
pub(super) fn reveal_offset(offset: f32, viewport: f32, start: f32, end: f32) -> f32 {
    if start < offset {
        start
    } else if end > offset + viewport {
        (end - viewport).min(start)
    } else {
        offset
    }
}

/// A file name for a worksheet's CSV export: the title in lower case with other characters as `_`.
pub(super) fn csv_file_name(title: &str) -> String {
    file_name_from_title(title, '_', "fmea", ".csv")
}

/// `path` with `.csv` added when it has no extension.
pub(super) fn with_csv_extension(path: &Path) -> PathBuf {
    if path.extension().is_some() {
        path.to_owned()
    } else {
        path.with_extension("csv")
    }
}

/// A count as a plot coordinate (counts stay far below 2^32).
pub(super) fn plot_value(n: usize) -> f64 {
    u32::try_from(n).map_or(f64::from(u32::MAX), f64::from)
}

/// A count of columns or lines as a length factor in points.
#[expect(
    clippy::cast_precision_loss,
    reason = "counts of columns and lines are tiny"
)]
pub(super) fn count_f32(n: usize) -> f32 {
    n as f32
}

/// How many whole rows of `row_height` fit in `height` (at least one).
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "floored, at least 1, and far below usize::MAX"
)]
pub(super) fn whole_rows(height: f32, row_height: f32) -> usize {
    (height / row_height.max(1.0)).floor().clamp(1.0, 10_000.0) as usize
}

/// What a key pressed on the grid (not while editing) asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum GridKey {
    /// Move the selected cell; `true` extends the range.
    Move(Move, bool),
    /// Edit the selected cell with its current text.
    Edit,
    /// Back to a single selected cell (and close the picker).
    Collapse,
    /// Clear the range.
    Clear,
    /// Delete the rows of the range.
    DeleteRows,
    /// Insert an empty row below (`true`) or above the selected one.
    InsertRow(bool),
    /// Duplicate the selected row.
    Duplicate,
    /// Move the selected row up (`true`) or down.
    MoveRow(bool),
    /// Copy the range (the platform usually sends this as a copy event instead).
    Copy,
    /// Cut the range.
    Cut,
    /// Select every shown cell.
    SelectAll,
    /// Open the rating or status picker.
    OpenPicker,
}

/// The grid's meaning of a key press with `modifiers`; `page` is how many rows a page holds.
pub(super) fn grid_key(key: Key, modifiers: Modifiers, page: usize) -> Option<GridKey> {
    let none = modifiers.matches_exact(Modifiers::NONE);
    let shift = modifiers.matches_exact(Modifiers::SHIFT);
    let cmd = modifiers.matches_exact(Modifiers::COMMAND);
    let cmd_shift = modifiers.matches_exact(Modifiers::COMMAND | Modifiers::SHIFT);
    let alt = modifiers.matches_exact(Modifiers::ALT);
    let step = |m: Move| {
        if none {
            Some(GridKey::Move(m, false))
        } else if shift {
            Some(GridKey::Move(m, true))
        } else {
            None
        }
    };
    match key {
        Key::ArrowUp if cmd_shift => Some(GridKey::MoveRow(true)),
        Key::ArrowDown if cmd_shift => Some(GridKey::MoveRow(false)),
        Key::ArrowLeft if cmd_shift => Some(GridKey::Move(Move::RowStart, true)),
        Key::ArrowRight if cmd_shift => Some(GridKey::Move(Move::RowEnd, true)),
        Key::ArrowUp if cmd => Some(GridKey::Move(Move::Top, false)),
        Key::ArrowDown if cmd => Some(GridKey::Move(Move::Bottom, false)),
        Key::ArrowLeft if cmd => Some(GridKey::Move(Move::RowStart, false)),
        Key::ArrowRight if cmd => Some(GridKey::Move(Move::RowEnd, false)),
        Key::ArrowDown if alt => Some(GridKey::OpenPicker),
        Key::ArrowUp => step(Move::Up),
        Key::ArrowDown => step(Move::Down),
        Key::ArrowLeft => step(Move::Left),
        Key::ArrowRight => step(Move::Right),
        Key::Tab if none => Some(GridKey::Move(Move::Next, false)),
        Key::Tab if shift => Some(GridKey::Move(Move::Previous, false)),
        Key::Home if cmd => Some(GridKey::Move(Move::First, false)),
        Key::End if cmd => Some(GridKey::Move(Move::Last, false)),
        Key::Home => step(Move::RowStart),
        Key::End => step(Move::RowEnd),
        Key::PageUp => step(Move::PageUp(page)),
        Key::PageDown => step(Move::PageDown(page)),
        Key::Enter | Key::F2 if none => Some(GridKey::Edit),
        Key::Enter if shift => Some(GridKey::Move(Move::Up, false)),
        Key::Escape if none => Some(GridKey::Collapse),
        Key::Delete if cmd => Some(GridKey::DeleteRows),
        Key::Delete | Key::Backspace if none => Some(GridKey::Clear),
        Key::I if cmd => Some(GridKey::InsertRow(true)),
        Key::I if cmd_shift => Some(GridKey::InsertRow(false)),
        Key::D if cmd => Some(GridKey::Duplicate),
        Key::C if cmd => Some(GridKey::Copy),
        Key::X if cmd => Some(GridKey::Cut),
        Key::A if cmd => Some(GridKey::SelectAll),
        _ => None,
    }
}

/// What a key pressed in the cell editor asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum EditorKey {
    /// Save, then move the selected cell (if any move).
    Commit(Option<Move>),
    /// Discard the edit.
    Cancel,
}

/// The editor's meaning of a key press; `None` leaves the key to the text field (Shift+Enter in a
/// multi-line cell is a new line).
pub(super) fn editor_key(key: Key, modifiers: Modifiers, multiline: bool) -> Option<EditorKey> {
    let none = modifiers.matches_exact(Modifiers::NONE);
    let shift = modifiers.matches_exact(Modifiers::SHIFT);
    match key {
        Key::Enter if none => Some(EditorKey::Commit(Some(Move::Down))),
        Key::Enter if shift && !multiline => Some(EditorKey::Commit(None)),
        Key::Tab if none => Some(EditorKey::Commit(Some(Move::Next))),
        Key::Tab if shift => Some(EditorKey::Commit(Some(Move::Previous))),
        Key::Escape => Some(EditorKey::Cancel),
        Key::ArrowUp if none && !multiline => Some(EditorKey::Commit(Some(Move::Up))),
        Key::ArrowDown if none && !multiline => Some(EditorKey::Commit(Some(Move::Down))),
        _ => None,
    }
}

/// Whether the column's editor takes several lines (free text and lists).
pub(super) fn is_multiline(column: Column) -> bool {
    matches!(column.value_kind(), ValueKind::Text | ValueKind::List)
}

/// Starting width of a grid column, in points.
pub(super) fn column_width(column: Column, compact: bool) -> f32 {
    if compact {
        return compact_width(column);
    }
    match column.value_kind() {
        ValueKind::RowId => 58.0,
        ValueKind::Rating => 104.0,
        ValueKind::Number if column == Column::Rpn => 62.0,
        ValueKind::Number => 100.0,
        ValueKind::Priority if column == Column::ActionPriority => 54.0,
        ValueKind::Priority => 92.0,
        ValueKind::Date => 96.0,
        ValueKind::Status => 118.0,
        ValueKind::Link => 80.0,
        ValueKind::LinkList => 110.0,
        ValueKind::List => 170.0,
        ValueKind::Text => match column {
            Column::Item => 130.0,
            Column::Owner => 120.0,
            Column::Function => 180.0,
            _ => 220.0,
        },
    }
}

/// The compact view's width of a column: up to Action Priority (the first 14 columns) the grid fits in
/// 1,200 points. Headings are short enough not to break inside a word (see [`column_heading`]).
fn compact_width(column: Column) -> f32 {
    match column.value_kind() {
        ValueKind::RowId => 58.0,
        ValueKind::Rating
            if matches!(
                column,
                Column::RevisedSeverity | Column::RevisedOccurrence | Column::RevisedDetection
            ) =>
        {
            56.0
        }
        ValueKind::Rating => 44.0,
        ValueKind::Number if column == Column::Rpn => 50.0,
        ValueKind::Priority if column == Column::ActionPriority => 44.0,
        ValueKind::Priority => 60.0,
        ValueKind::Date | ValueKind::Status => 90.0,
        ValueKind::Number | ValueKind::Link | ValueKind::LinkList => 70.0,
        ValueKind::List => 80.0,
        ValueKind::Text => match column {
            Column::Item | Column::Owner => 80.0,
            _ => 104.0,
        },
    }
}

/// A column's heading: in the compact view the ratings are abbreviated (the hover hint names them), so no
/// heading breaks inside a word.
pub(super) fn column_heading(column: Column, compact: bool) -> &'static str {
    if !compact {
        return column.header();
    }
    match column {
        Column::Item => "Item",
        Column::AffectedGroups => "Groups",
        Column::PreventionControls => "Prevention",
        Column::DetectionControls => "Detection ctrl.",
        Column::RecommendedAction => "Action",
        Column::TargetDate => "Due",
        Column::ActionTaken => "Taken",
        Column::RiskId => "Risk",
        Column::BarrierIds => "Barriers",
        Column::Severity => "S",
        Column::Occurrence => "O",
        Column::Detection => "D",
        Column::RevisedSeverity => "Rev. S",
        Column::RevisedOccurrence => "Rev. O",
        Column::RevisedDetection => "Rev. D",
        Column::RevisedRpn => "Rev. RPN",
        Column::RevisedActionPriority => "Rev. AP",
        other => other.header(),
    }
}

/// One choice of the rating or status picker.
pub(super) struct Choice {
    /// The cell text it sets.
    pub(super) value: String,
    /// What the list shows.
    pub(super) text: String,
    /// The tooltip.
    pub(super) description: &'static str,
}

/// The picker's heading, question and choices for `column`; `None` for columns without a picker.
pub(super) fn picker_choices(column: Column) -> Option<(&'static str, &'static str, Vec<Choice>)> {
    if let Some(kind) = column.rating_kind() {
        let choices = kind
            .criteria()
            .iter()
            .rev()
            .map(|c| Choice {
                value: c.value.to_string(),
                text: format!("{:>2}  {}", c.value, c.label),
                description: c.description,
            })
            .collect();
        return Some((kind.label(), kind.question(), choices));
    }
    (column == Column::Status).then(|| {
        let choices = ActionStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.label().to_owned(),
                text: s.label().to_owned(),
                description: status_description(*s),
            })
            .collect();
        ("Status", "Where is the recommended action?", choices)
    })
}

/// The tooltip of a status in the picker.
pub(super) fn status_description(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => "Agreed but not started",
        ActionStatus::InProgress => "Being implemented",
        ActionStatus::Done => "Implemented: fill in the revised ratings to show its effect",
        ActionStatus::NotImplemented => "Decided against: give the reason in \"Action taken\"",
    }
}

/// The header tooltip of a column.
pub(super) fn header_hint(column: Column) -> String {
    if let Some(kind) = column.rating_kind() {
        let revised = if column.header().starts_with("Revised") {
            " After the action; empty means unchanged."
        } else {
            ""
        };
        return format!(
            "{}{revised} 1–10; Alt+↓ opens the rating picker.",
            kind.question()
        );
    }
    match column {
        Column::RowId => "Row id, assigned by the worksheet".to_owned(),
        Column::Rpn => "RPN = S × O × D, computed; shown for teams that still use it".to_owned(),
        Column::ActionPriority => {
            "Action Priority from the AIAG-VDA table, computed from S, O and D".to_owned()
        }
        Column::RevisedRpn => "RPN after the action, computed".to_owned(),
        Column::RevisedActionPriority => "Action Priority after the action, computed".to_owned(),
        Column::AffectedGroups | Column::Evidence => "A list: separate items with ;".to_owned(),
        Column::TargetDate => "A date written YYYY-MM-DD".to_owned(),
        Column::Status => {
            "Open, In progress, Done or Not implemented; Alt+↓ opens the list".to_owned()
        }
        Column::BarrierIds => "Bow-tie barrier ids, separated by ;".to_owned(),
        other => other.header().to_owned(),
    }
}
