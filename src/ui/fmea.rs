//! Manage › FMEA: the worksheet list and a spreadsheet-like grid for FMEA worksheets with AIAG-VDA Action
//! Priority, adapted to ML pipelines, with the Pareto and before/after charts and the help on AP versus RPN.
//!
//! This module owns only view state: which worksheet is shown, the selected cell or range, the cell being
//! edited, sorting, filters and row height ([`FmeaState`], kept in egui memory). Every change to a worksheet
//! goes through the [`Document`] mutation gate as one undo step. Values, validation, sorting, filtering,
//! flags, clipboard text, CSV and chart series all come from [`crate::model::fmea`]; this module draws them
//! and turns keys and clicks into edits.
//!
//! Keyboard, while the grid has focus: arrows, Tab and Shift+Tab, Home and End, Page Up and Page Down move
//! (with Ctrl: to the edge); Shift extends the range. Typing starts editing and replaces the cell; Enter or F2
//! edits it. In the editor Enter saves (and moves down), Shift+Enter starts a new line in text cells, Tab saves
//! and moves right, Escape cancels. Ctrl+C, Ctrl+X and Ctrl+V copy, cut and paste tab-separated text as
//! spreadsheets write it; Delete clears the range; Ctrl+I inserts a row below (Ctrl+Shift+I above), Ctrl+D
//! duplicates it, Ctrl+Delete deletes the selected rows, Ctrl+Shift+Up and Down move a row; Alt+Down opens the
//! picker on rating and status cells. None of these clashes with the application shortcuts in
//! [`super::commands`].

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use egui::text::{LayoutJob, TextWrapping};
use egui::{
    Align, Color32, Event, EventFilter, FontSelection, Id, Key, KeyboardShortcut, Layout,
    Modifiers, Rect, RichText, Sense, TextStyle, Ui,
};
use egui_extras::{Column as TableColumn, TableBuilder};
use egui_plot::{AxisHints, Bar, BarChart, Corner, HPlacement, Legend, Line, Plot, PlotPoints};

use super::app::Level;
use super::sections::SectionRequest;
use super::theme;
use crate::model::fmea::{
    ActionPriority, ActionStatus, Column, EditError, FmeaRow, FmeaWorksheet, HELP_AP_VS_RPN,
    PasteOutcome, PriorityBasis, Rating, RatingKind, RowFilter, RowFlag, ValueKind, clipboard,
    ml_pipeline_template, next_worksheet_id, rows_from_csv,
};
use crate::model::{Document, Project, file};

/// Lines of text a row shows by default; longer cells end in "…" and show everything on hover.
const DEFAULT_LINES_PER_ROW: usize = 3;
/// The most lines per row the user can choose.
const MAX_LINES_PER_ROW: usize = 8;
/// Width of the leading column that shows review flags.
const FLAG_COLUMN_WIDTH: f32 = 28.0;
/// Space between grid cells, in points: the gaps read as grid lines.
const GRID_SPACING: f32 = 1.0;
/// Title of a new blank worksheet.
const BLANK_TITLE: &str = "Untitled worksheet";

/// Where the screen keeps its view state in egui memory.
fn state_id() -> Id {
    Id::unique("riskbench-fmea-screen")
}

/// The grid's keyboard-focus target (also its background, which takes clicks between cells).
fn grid_id() -> Id {
    Id::unique("riskbench-fmea-grid")
}

/// The in-cell editor's text field.
fn editor_id() -> Id {
    Id::unique("riskbench-fmea-cell-editor")
}

/// What the grid locks while it has focus, so egui does not move focus away on Tab, arrows or Escape.
const GRID_KEYS: EventFilter = EventFilter {
    tab: true,
    horizontal_arrows: true,
    vertical_arrows: true,
    escape: true,
};

// ------------------------------------------------------------------------------------------------------------
// Pure logic: positions, moves, ranges, views, pasting into a view

/// A cell as shown: `row` is a position in the view (after filtering and sorting), `col` an index into
/// [`Column::ALL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ViewCell {
    row: usize,
    col: usize,
}

/// A cell of the worksheet: `row` is an index into the worksheet's rows, `col` into [`Column::ALL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DataCell {
    row: usize,
    col: usize,
}

/// A keyboard move of the selected cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Move {
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
fn moved(from: ViewCell, step: Move, rows: usize, cols: usize) -> ViewCell {
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
struct CellRange {
    rows: Range<usize>,
    cols: Range<usize>,
}

impl CellRange {
    /// The range with corners `anchor` and `cursor` (in any order).
    fn spanning(anchor: ViewCell, cursor: ViewCell) -> Self {
        Self {
            rows: anchor.row.min(cursor.row)..anchor.row.max(cursor.row) + 1,
            cols: anchor.col.min(cursor.col)..anchor.col.max(cursor.col) + 1,
        }
    }

    /// Whether `cell` lies in the range.
    fn contains(&self, cell: ViewCell) -> bool {
        self.rows.contains(&cell.row) && self.cols.contains(&cell.col)
    }

    /// Whether the range is one cell.
    fn is_single(&self) -> bool {
        self.rows.len() == 1 && self.cols.len() == 1
    }
}

/// The rows of `sheet` to show, as worksheet indices in display order: priority order when `sorted`, else
/// worksheet order; rows that fail `filter` are left out.
fn build_view(sheet: &FmeaWorksheet, filter: &RowFilter, sorted: bool) -> Vec<usize> {
    filter_order(sheet, display_order(sheet, sorted), filter)
}

/// Every row of `sheet` in display order: priority order when `sorted`, else worksheet order.
fn display_order(sheet: &FmeaWorksheet, sorted: bool) -> Vec<usize> {
    if sorted {
        sheet.priority_order()
    } else {
        (0..sheet.rows.len()).collect()
    }
}

/// The rows of `order` that pass `filter`, keeping the order.
fn filter_order(sheet: &FmeaWorksheet, order: Vec<usize>, filter: &RowFilter) -> Vec<usize> {
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
fn view_position(view: &[usize], data_row: usize) -> Option<usize> {
    let last = view.len().checked_sub(1)?;
    view.iter()
        .position(|&r| r == data_row)
        .or_else(|| view.iter().position(|&r| r > data_row))
        .or(Some(last))
}

/// Where the view's row at `pos` can move to, one step up or down among the shown rows.
fn neighbour(view: &[usize], pos: usize, up: bool) -> Option<usize> {
    let target = if up {
        pos.checked_sub(1)?
    } else {
        pos.checked_add(1)?
    };
    view.get(target).copied()
}

/// A 1 × 1 clipboard grid pasted onto a larger range fills the whole range, as in spreadsheets; any other
/// grid is kept as it is.
fn fill_range(grid: Vec<Vec<String>>, rows: usize, cols: usize) -> Vec<Vec<String>> {
    match grid.as_slice() {
        [line] if line.len() == 1 && rows * cols > 1 => vec![vec![line[0].clone(); cols]; rows],
        _ => grid,
    }
}

/// Pastes `grid` into the rows as shown: line *i* lands on the view's row at `start + i` and lines past the
/// last shown row become new rows at the end. All or nothing: returns the new rows, what changed and the
/// worksheet row of every pasted line, or a message naming the row (by id) and column that failed.
fn paste_into_view(
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
fn describe_edit_error(sheet: &FmeaWorksheet, error: &EditError) -> String {
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
fn reveal_offset(offset: f32, viewport: f32, start: f32, end: f32) -> f32 {
    if start < offset {
        start
    } else if end > offset + viewport {
        (end - viewport).min(start)
    } else {
        offset
    }
}

/// A file name for a worksheet's CSV export: the title in lower case with other characters as `_`.
fn csv_file_name(title: &str) -> String {
    format!("{}.csv", crate::model::file_name::stem(title, '_', "fmea"))
}

/// `path` with `.csv` added when it has no extension.
fn with_csv_extension(path: &Path) -> PathBuf {
    if path.extension().is_some() {
        path.to_owned()
    } else {
        path.with_extension("csv")
    }
}

/// A count as a plot coordinate (counts stay far below 2^32).
fn plot_value(n: usize) -> f64 {
    u32::try_from(n).map_or(f64::from(u32::MAX), f64::from)
}

/// A count of columns or lines as a length factor in points.
#[expect(
    clippy::cast_precision_loss,
    reason = "counts of columns and lines are tiny"
)]
fn count_f32(n: usize) -> f32 {
    n as f32
}

/// How many whole rows of `row_height` fit in `height` (at least one).
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "floored, at least 1, and far below usize::MAX"
)]
fn whole_rows(height: f32, row_height: f32) -> usize {
    (height / row_height.max(1.0)).floor().clamp(1.0, 10_000.0) as usize
}

/// What a key pressed on the grid (not while editing) asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GridKey {
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
fn grid_key(key: Key, modifiers: Modifiers, page: usize) -> Option<GridKey> {
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
enum EditorKey {
    /// Save, then move the selected cell (if any move).
    Commit(Option<Move>),
    /// Discard the edit.
    Cancel,
}

/// The editor's meaning of a key press; `None` leaves the key to the text field (Shift+Enter in a
/// multi-line cell is a new line).
fn editor_key(key: Key, modifiers: Modifiers, multiline: bool) -> Option<EditorKey> {
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
fn is_multiline(column: Column) -> bool {
    matches!(column.value_kind(), ValueKind::Text | ValueKind::List)
}

/// Starting width of a grid column, in points.
fn column_width(column: Column) -> f32 {
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

/// One choice of the rating or status picker.
struct Choice {
    /// The cell text it sets.
    value: String,
    /// What the list shows.
    text: String,
    /// The tooltip.
    description: &'static str,
}

/// The picker's heading, question and choices for `column`; `None` for columns without a picker.
fn picker_choices(column: Column) -> Option<(&'static str, &'static str, Vec<Choice>)> {
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
fn status_description(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => "Agreed but not started",
        ActionStatus::InProgress => "Being implemented",
        ActionStatus::Done => "Implemented: fill in the revised ratings to show its effect",
        ActionStatus::NotImplemented => "Decided against: give the reason in \"Action taken\"",
    }
}

/// The header tooltip of a column.
fn header_hint(column: Column) -> String {
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

// ------------------------------------------------------------------------------------------------------------
// View state

/// A cell being edited, with its text so far.
#[derive(Clone, Debug)]
struct Editing {
    cell: DataCell,
    text: String,
    /// The validation error of the last attempt to save, shown under the field.
    error: Option<String>,
    /// Set in the frame the editor opens, before it has been drawn with focus.
    fresh: bool,
}

/// The FMEA screen's view state, kept in egui memory between frames; never part of the project or undo.
#[derive(Clone, Debug)]
struct FmeaState {
    /// The worksheet shown (`None`: the first one).
    worksheet_id: Option<String>,
    /// The selected cell.
    cursor: Option<DataCell>,
    /// The other corner of the selected range; `None` for a single cell.
    anchor: Option<DataCell>,
    editing: Option<Editing>,
    /// The cell whose rating or status picker is open.
    picker: Option<DataCell>,
    /// Show rows in priority order (a view; the worksheet keeps its order until "Apply order").
    sorted: bool,
    filter: RowFilter,
    lines_per_row: usize,
    /// The worksheet waiting for delete confirmation.
    confirm_delete: Option<String>,
    /// The worksheet the next chosen export file is for.
    export_worksheet_id: Option<String>,
    /// A short message about the last action, shown above the grid.
    status: Option<String>,
    /// Scroll the selected cell into view in the next frame.
    scroll_to_cursor: bool,
    /// Give the grid keyboard focus at the end of this frame.
    focus_grid: bool,
    /// Where the edited cell and the picker's cell were last drawn (screen coordinates).
    editor_rect: Option<Rect>,
    picker_rect: Option<Rect>,
    /// Measurements of the grid as last drawn.
    drawn: Drawn,
}

/// What the grid measured when it was last drawn, for the next frame.
#[derive(Clone, Debug)]
struct Drawn {
    /// Table column widths (flag column first), for horizontal scrolling.
    col_widths: Vec<f32>,
    /// The horizontal scroll offset and viewport width.
    h_offset: f32,
    h_viewport: f32,
    /// How many rows fit in the grid (Page Up / Page Down).
    page_rows: usize,
    /// How many rows the grid showed.
    shown_rows: usize,
    /// Whether the priority order differs from the worksheet's order ("Apply order" has work to do).
    unordered: bool,
    /// Rows × columns of the selected range.
    range_size: (usize, usize),
}

impl Default for Drawn {
    fn default() -> Self {
        Self {
            col_widths: Vec::new(),
            h_offset: 0.0,
            h_viewport: 0.0,
            page_rows: 10,
            shown_rows: 0,
            unordered: false,
            range_size: (0, 0),
        }
    }
}

impl Default for FmeaState {
    fn default() -> Self {
        Self {
            worksheet_id: None,
            cursor: None,
            anchor: None,
            editing: None,
            picker: None,
            sorted: false,
            filter: RowFilter::default(),
            lines_per_row: DEFAULT_LINES_PER_ROW,
            confirm_delete: None,
            export_worksheet_id: None,
            status: None,
            scroll_to_cursor: false,
            focus_grid: false,
            editor_rect: None,
            picker_rect: None,
            drawn: Drawn::default(),
        }
    }
}

impl FmeaState {
    /// Shows another worksheet, forgetting the selection and any edit.
    fn show_worksheet(&mut self, worksheet_id: String) {
        self.worksheet_id = Some(worksheet_id);
        self.cursor = None;
        self.anchor = None;
        self.editing = None;
        self.picker = None;
        self.status = None;
        self.drawn.h_offset = 0.0;
    }
}

/// The screen's view state from egui memory (a fresh one the first time).
fn load_state(ctx: &egui::Context) -> FmeaState {
    ctx.data_mut(|d| d.get_temp::<FmeaState>(state_id()))
        .unwrap_or_default()
}

/// Keeps the screen's view state in egui memory for the next frame.
fn store_state(ctx: &egui::Context, state: FmeaState) {
    ctx.data_mut(|d| d.insert_temp(state_id(), state));
}

/// The worksheet with this id.
fn sheet_by_id<'a>(project: &'a Project, worksheet_id: &str) -> Option<&'a FmeaWorksheet> {
    project
        .fmea_worksheets
        .iter()
        .find(|w| w.worksheet_id == worksheet_id)
}

/// The worksheet with this id, for a change through the mutation gate.
fn sheet_mut<'a>(project: &'a mut Project, worksheet_id: &str) -> Option<&'a mut FmeaWorksheet> {
    project
        .fmea_worksheets
        .iter_mut()
        .find(|w| w.worksheet_id == worksheet_id)
}

/// The title shown for a worksheet (its id when the title is empty).
fn display_title(sheet: &FmeaWorksheet) -> String {
    let title = sheet.title.trim();
    if title.is_empty() {
        format!("Untitled ({})", sheet.worksheet_id)
    } else {
        title.to_owned()
    }
}

// ------------------------------------------------------------------------------------------------------------
// Entry points for the app

/// Draws Manage › FMEA. Returns what the app should do (file dialogs, notifications).
pub fn fmea_ui(ui: &mut Ui, doc: &mut Document) -> Option<SectionRequest> {
    let ctx = ui.ctx().clone();
    let mut state = load_state(&ctx);
    let mut screen = Screen {
        doc,
        state: &mut state,
        ctx: ctx.clone(),
        request: None,
    };
    screen.screen_ui(ui);
    let request = screen.request.take();
    store_state(&ctx, state);
    request
}

/// The suggested file name for the CSV export the user asked for last.
pub fn export_file_name(ctx: &egui::Context, project: &Project) -> String {
    let state = load_state(ctx);
    let title = state
        .export_worksheet_id
        .as_deref()
        .and_then(|id| sheet_by_id(project, id))
        .map(|s| s.title.clone())
        .unwrap_or_default();
    csv_file_name(&title)
}

/// Writes the worksheet the user chose to export as CSV to `path` (".csv" is added when it has no
/// extension), atomically. Returns a message for the user.
///
/// # Errors
/// When no worksheet was chosen, it no longer exists, or the file cannot be written.
pub fn export_csv(ctx: &egui::Context, doc: &Document, path: &Path) -> anyhow::Result<String> {
    let state = load_state(ctx);
    let worksheet_id = state
        .export_worksheet_id
        .context("cannot export: no worksheet was chosen for export")?;
    let sheet = sheet_by_id(doc.project(), &worksheet_id)
        .with_context(|| format!("cannot export: the worksheet {worksheet_id} no longer exists"))?;
    let path = with_csv_extension(path);
    file::write_atomic(&path, sheet.to_csv().as_bytes()).map_err(|e| match e {
        file::ProjectFileError::Write {
            path,
            stage,
            source,
        } => anyhow::anyhow!(
            "cannot export the worksheet as CSV ({stage}): {source}: {}",
            path.display()
        ),
        other => anyhow::Error::new(other).context("cannot export the worksheet as CSV"),
    })?;
    Ok(format!(
        "Exported “{}” ({} rows) to {}",
        display_title(sheet),
        sheet.rows.len(),
        path.display()
    ))
}

/// Reads a CSV file with the worksheet's column headers into a new worksheet named after the file, and shows
/// it. One undo step. Returns a message for the user.
///
/// # Errors
/// When the file cannot be read or is not UTF-8, or its content does not fit the worksheet columns (the
/// message names the line and column).
pub fn import_csv(ctx: &egui::Context, doc: &mut Document, path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!(
            "cannot import: the file is not UTF-8 text; save it as \"CSV UTF-8\": {}",
            path.display()
        )
    })?;
    let rows = rows_from_csv(&text)
        .map_err(|e| anyhow::anyhow!("cannot import the CSV file: {e}: {}", path.display()))?;
    let title = path.file_stem().map_or_else(
        || "Imported worksheet".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let worksheet_id = next_worksheet_id(&doc.project().fmea_worksheets);
    let count = rows.len();
    let sheet = FmeaWorksheet {
        worksheet_id: worksheet_id.clone(),
        title: title.clone(),
        scope: String::new(),
        rows,
    };
    doc.edit(|p| p.fmea_worksheets.push(sheet));
    let mut state = load_state(ctx);
    state.show_worksheet(worksheet_id);
    store_state(ctx, state);
    Ok(format!(
        "Imported {count} rows into the new worksheet “{title}”"
    ))
}

// ------------------------------------------------------------------------------------------------------------
// The screen

/// Something the user did in the grid while it was being drawn, applied afterwards.
#[derive(Clone, Copy)]
enum Deferred {
    Select { cell: DataCell, extend: bool },
    SelectColumn(usize),
    Edit(DataCell),
    TogglePicker(DataCell),
    Row(GridKey),
    Copy,
    Clear,
    FocusGrid,
}

/// One frame of the screen: the document, the view state and what to ask of the app.
struct Screen<'a> {
    doc: &'a mut Document,
    state: &'a mut FmeaState,
    ctx: egui::Context,
    request: Option<SectionRequest>,
}

impl Screen<'_> {
    /// Draws the whole screen: worksheet list, bars, charts and help, the grid, the editor and dialogs.
    fn screen_ui(&mut self, ui: &mut Ui) {
        self.worksheet_bar_ui(ui);
        let sheets = &self.doc.project().fmea_worksheets;
        let shown = self
            .state
            .worksheet_id
            .as_deref()
            .and_then(|id| sheets.iter().position(|w| w.worksheet_id == id))
            .or_else(|| (!sheets.is_empty()).then_some(0));
        let Some(index) = shown else {
            self.state.worksheet_id = None;
            ui.add_space(12.0);
            ui.label(
                RichText::new(
                    "No FMEA worksheets yet. Start from the ML pipeline template (typical failure modes from \
                     data collection to monitoring), a blank worksheet, or a CSV file.",
                )
                .weak(),
            );
            return;
        };
        let worksheet_id = sheets[index].worksheet_id.clone();
        if self.state.worksheet_id.as_deref() != Some(worksheet_id.as_str()) {
            self.state.show_worksheet(worksheet_id.clone());
        }
        self.details_ui(ui, &worksheet_id);
        self.clamp_selection();
        self.handle_input();
        ui.add_space(2.0);
        self.toolbar_ui(ui, &worksheet_id);
        self.view_bar_ui(ui, &worksheet_id);
        self.extras_ui(ui, &worksheet_id);
        self.status_line_ui(ui, &worksheet_id);
        let deferred = self.grid_ui(ui, &worksheet_id);
        for action in deferred {
            self.apply(action);
        }
        self.editor_ui(&worksheet_id);
        self.picker_ui(ui, &worksheet_id);
        self.delete_modal_ui();
        if self.state.focus_grid {
            self.state.focus_grid = false;
            if self.state.editing.is_none() && !self.ctx.memory(|m| m.has_focus(grid_id())) {
                self.ctx.memory_mut(|m| m.request_focus(grid_id()));
            }
        }
        self.ctx
            .memory_mut(|m| m.set_focus_lock_filter(grid_id(), GRID_KEYS));
    }

    // --------------------------------------------------------------------------------------------------------
    // Reading

    /// The shown worksheet.
    fn sheet(&self) -> Option<&FmeaWorksheet> {
        sheet_by_id(self.doc.project(), self.state.worksheet_id.as_deref()?)
    }

    /// The shown worksheet's rows in display order (see [`build_view`]).
    fn view(&self) -> Vec<usize> {
        self.sheet().map_or_else(Vec::new, |s| {
            build_view(s, &self.state.filter, self.state.sorted)
        })
    }

    /// The selected cell as shown in `view`.
    fn cursor_view(&self, view: &[usize]) -> Option<ViewCell> {
        let cursor = self.state.cursor?;
        Some(ViewCell {
            row: view_position(view, cursor.row)?,
            col: cursor.col,
        })
    }

    /// The selected range as shown in `view` (a single cell when there is no anchor).
    fn range_view(&self, view: &[usize]) -> Option<CellRange> {
        let cursor = self.cursor_view(view)?;
        let anchor = self
            .state
            .anchor
            .and_then(|a| {
                Some(ViewCell {
                    row: view_position(view, a.row)?,
                    col: a.col,
                })
            })
            .unwrap_or(cursor);
        Some(CellRange::spanning(anchor, cursor))
    }

    /// The worksheet rows of the selected range, in view order.
    fn range_rows(&self, view: &[usize]) -> Vec<usize> {
        self.range_view(view).map_or_else(Vec::new, |r| {
            r.rows.filter_map(|pos| view.get(pos).copied()).collect()
        })
    }

    // --------------------------------------------------------------------------------------------------------
    // Changing

    /// Applies `change` to the shown worksheet as one undo step.
    fn edit_sheet<R>(&mut self, change: impl FnOnce(&mut FmeaWorksheet) -> R) -> Option<R> {
        let worksheet_id = self.state.worksheet_id.clone()?;
        self.doc.edit(|p| sheet_mut(p, &worksheet_id).map(change))
    }

    /// Asks the app to show an error notification.
    fn notify_error(&mut self, text: String) {
        self.request = Some(SectionRequest::Notify(Level::Error, text));
    }

    /// Keeps the selection inside the worksheet (rows can disappear through undo or deletion).
    fn clamp_selection(&mut self) {
        let rows = self.sheet().map_or(0, |s| s.rows.len());
        let clamp = |cell: Option<DataCell>| {
            cell.and_then(|c| {
                (rows > 0).then(|| DataCell {
                    row: c.row.min(rows - 1),
                    col: c.col.min(Column::COUNT - 1),
                })
            })
        };
        self.state.cursor = clamp(self.state.cursor);
        self.state.anchor = clamp(self.state.anchor);
        if self.state.picker.is_some_and(|p| p.row >= rows) {
            self.state.picker = None;
        }
        if self
            .state
            .editing
            .as_ref()
            .is_some_and(|e| e.cell.row >= rows)
        {
            self.state.editing = None;
        }
    }

    /// Selects `cell`, or extends the range to it from the anchor.
    fn select(&mut self, cell: DataCell, extend: bool) {
        if extend {
            if self.state.anchor.is_none() {
                self.state.anchor = self.state.cursor.or(Some(cell));
            }
        } else {
            self.state.anchor = None;
        }
        self.state.cursor = Some(cell);
        if self.state.picker != Some(cell) {
            self.state.picker = None;
        }
        self.state.scroll_to_cursor = true;
        self.state.focus_grid = true;
    }

    /// Moves the selected cell by a keyboard step through the rows as shown.
    fn move_cursor(&mut self, step: Move, extend: bool) {
        let view = self.view();
        if view.is_empty() {
            return;
        }
        let from = self.cursor_view(&view).unwrap_or(ViewCell {
            row: 0,
            col: Column::Item.index(),
        });
        let to = moved(from, step, view.len(), Column::COUNT);
        let cell = DataCell {
            row: view[to.row],
            col: to.col,
        };
        self.select(cell, extend);
    }

    /// Selects every shown cell.
    fn select_all(&mut self) {
        let view = self.view();
        if let (Some(&first), Some(&last)) = (view.first(), view.last()) {
            self.state.anchor = Some(DataCell { row: first, col: 0 });
            self.state.cursor = Some(DataCell {
                row: last,
                col: Column::COUNT - 1,
            });
        }
    }

    /// Selects a whole column of the shown rows (a click on its header).
    fn select_column(&mut self, col: usize) {
        let view = self.view();
        if let (Some(&first), Some(&last)) = (view.first(), view.last()) {
            self.state.anchor = Some(DataCell { row: first, col });
            self.state.cursor = Some(DataCell { row: last, col });
            self.state.focus_grid = true;
        }
    }

    /// Opens the editor on `cell`: with `replace` (the character typed) or with the cell's text.
    fn start_edit(&mut self, cell: DataCell, replace: Option<String>) {
        let Some(column) = Column::from_index(cell.col) else {
            return;
        };
        let Some(current) = self.sheet().and_then(|s| s.cell_text(cell.row, column)) else {
            return;
        };
        if !column.is_editable() {
            self.state.status = Some(format!(
                "{} cannot be edited: {}",
                column.header(),
                if column.is_computed() {
                    "it is computed from the ratings"
                } else {
                    "row ids are assigned by the worksheet"
                }
            ));
            return;
        }
        self.state.editing = Some(Editing {
            cell,
            text: replace.unwrap_or(current),
            error: None,
            fresh: true,
        });
        self.state.picker = None;
        self.state.status = None;
        // A fresh field state puts the text cursor at the end of the text.
        self.ctx
            .data_mut(|d| d.remove::<egui::text_edit::TextEditState>(editor_id()));
        self.ctx.memory_mut(|m| m.request_focus(editor_id()));
    }

    /// Validates and saves the edited cell; on error the cell keeps its old value and the editor stays open
    /// with the message. Returns whether it was saved.
    fn commit_edit(&mut self, then: Option<Move>) -> bool {
        let Some(editing) = self.state.editing.clone() else {
            return false;
        };
        let Some(column) = Column::from_index(editing.cell.col) else {
            self.state.editing = None;
            return false;
        };
        match self.set_cell(editing.cell.row, column, &editing.text) {
            Ok(()) => {
                self.state.editing = None;
                self.state.cursor = Some(editing.cell);
                self.state.anchor = None;
                if let Some(step) = then {
                    self.move_cursor(step, false);
                }
                self.state.focus_grid = true;
                true
            }
            Err(message) => {
                if let Some(e) = &mut self.state.editing {
                    e.error = Some(message);
                }
                self.ctx.memory_mut(|m| m.request_focus(editor_id()));
                false
            }
        }
    }

    /// Closes the editor without saving.
    fn cancel_edit(&mut self) {
        if let Some(editing) = self.state.editing.take() {
            self.state.cursor = Some(editing.cell);
        }
        self.state.focus_grid = true;
    }

    /// Sets one cell as one undo step (none when the text is what the cell already shows).
    fn set_cell(&mut self, row: usize, column: Column, text: &str) -> Result<(), String> {
        let unchanged = self
            .sheet()
            .and_then(|s| s.cell_text(row, column))
            .is_some_and(|t| t == text);
        if unchanged {
            return Ok(());
        }
        match self.edit_sheet(|s| {
            s.set_cell(row, column, text).map_err(|e| match e {
                EditError::Cell { source, .. } => source.to_string(),
                other => other.to_string(),
            })
        }) {
            Some(result) => result,
            None => Err("the worksheet no longer exists".to_owned()),
        }
    }

    /// Copies the range as tab-separated text; `cut` also clears it.
    fn copy_selection(&mut self, cut: bool) {
        let view = self.view();
        let Some(range) = self.range_view(&view) else {
            return;
        };
        let Some(sheet) = self.sheet() else { return };
        let mut text = String::new();
        for pos in range.rows.clone() {
            let Some(&row) = view.get(pos) else { continue };
            match sheet.copy_range(row..row + 1, range.cols.clone(), false) {
                Ok(line) => text.push_str(&line),
                Err(e) => {
                    let message = format!("Cannot copy: {}", describe_edit_error(sheet, &e));
                    self.notify_error(message);
                    return;
                }
            }
        }
        self.ctx.copy_text(text);
        self.state.status = Some(format!(
            "{} {} × {} cells",
            if cut { "Cut" } else { "Copied" },
            range.rows.len(),
            range.cols.len()
        ));
        if cut {
            self.clear_selection();
        }
    }

    /// Clears the editable cells of the range (one undo step).
    fn clear_selection(&mut self) {
        let view = self.view();
        let Some(range) = self.range_view(&view) else {
            return;
        };
        let rows = self.range_rows(&view);
        let result = self.edit_sheet(|s| {
            rows.iter()
                .try_for_each(|&r| s.clear_range(r..r + 1, range.cols.clone()))
        });
        if let Some(Err(e)) = result {
            self.notify_error(format!("Cannot clear: {e}"));
        }
    }

    /// Pastes tab-separated text at the selected cell (or fills the range with a single value); with no
    /// selection the rows are added at the end.
    fn paste_text(&mut self, text: &str) {
        let grid = match clipboard::parse_tsv(text) {
            Ok(grid) if !grid.is_empty() => grid,
            Ok(_) => return,
            Err(e) => {
                self.notify_error(format!("Cannot paste: {e}"));
                return;
            }
        };
        let view = self.view();
        let (start, col, grid) = match self.range_view(&view) {
            Some(range) => {
                let grid = fill_range(grid, range.rows.len(), range.cols.len());
                (range.rows.start, range.cols.start, grid)
            }
            None => (view.len(), Column::Item.index(), grid),
        };
        let Some(sheet) = self.sheet() else { return };
        let width = grid.iter().map(Vec::len).max().unwrap_or(1).max(1);
        match paste_into_view(sheet, &view, start, col, &grid) {
            Ok((rows, outcome, targets)) => {
                self.edit_sheet(|s| s.rows = rows);
                if let (Some(&first), Some(&last)) = (targets.first(), targets.last()) {
                    self.state.anchor = Some(DataCell { row: first, col });
                    self.state.cursor = Some(DataCell {
                        row: last,
                        col: (col + width - 1).min(Column::COUNT - 1),
                    });
                }
                let added = match outcome.rows_added {
                    0 => String::new(),
                    1 => ", 1 row added".to_owned(),
                    n => format!(", {n} rows added"),
                };
                let skipped = match outcome.cells_skipped {
                    0 => String::new(),
                    n => format!(", {n} computed or id cells skipped"),
                };
                self.state.status = Some(format!(
                    "Pasted {} cells{added}{skipped}",
                    outcome.cells_set
                ));
                self.state.scroll_to_cursor = true;
            }
            Err(message) => self.notify_error(format!("Cannot paste: {message}")),
        }
    }

    /// Inserts an empty row below or above the selected one (at the end or start without a selection).
    fn insert_row(&mut self, below: bool) {
        let len = self.sheet().map_or(0, |s| s.rows.len());
        let at = match self.state.cursor {
            Some(c) if c.row < len => c.row + usize::from(below),
            _ if below => len,
            _ => 0,
        };
        let col = self.state.cursor.map_or(Column::Item.index(), |c| c.col);
        match self.edit_sheet(|s| s.insert_row(at)) {
            Some(Ok(row)) => {
                self.select(DataCell { row, col }, false);
                let hidden = !self.view().contains(&row);
                let row_id = self
                    .sheet()
                    .and_then(|s| s.rows.get(row))
                    .map(|r| r.row_id.clone())
                    .unwrap_or_default();
                self.state.status = Some(if hidden {
                    format!("Inserted row {row_id}; the filters hide it")
                } else {
                    format!("Inserted row {row_id}")
                });
            }
            Some(Err(e)) => self.notify_error(format!("Cannot insert a row: {e}")),
            None => {}
        }
    }

    /// Copies the selected row below it, with a new id.
    fn duplicate_row(&mut self) {
        let Some(cursor) = self.state.cursor else {
            return;
        };
        match self.edit_sheet(|s| s.duplicate_row(cursor.row)) {
            Some(Ok(row)) => {
                self.select(DataCell { row, ..cursor }, false);
                self.state.status = Some("Duplicated the row".to_owned());
            }
            Some(Err(e)) => self.notify_error(format!("Cannot duplicate the row: {e}")),
            None => {}
        }
    }

    /// Deletes the rows of the selected range (one undo step).
    fn delete_rows(&mut self) {
        let view = self.view();
        let mut rows = self.range_rows(&view);
        if rows.is_empty() {
            return;
        }
        rows.sort_unstable();
        rows.dedup();
        let first = rows[0];
        let count = rows.len();
        let result = self.edit_sheet(|s| {
            rows.iter()
                .rev()
                .try_for_each(|&r| s.delete_row(r).map(drop))
        });
        match result {
            Some(Ok(())) => {
                let left = self.sheet().map_or(0, |s| s.rows.len());
                let col = self.state.cursor.map_or(Column::Item.index(), |c| c.col);
                self.state.anchor = None;
                self.state.cursor = (left > 0).then(|| DataCell {
                    row: first.min(left - 1),
                    col,
                });
                self.state.focus_grid = true;
                self.state.status = Some(if count == 1 {
                    "Deleted 1 row (Ctrl+Z brings it back)".to_owned()
                } else {
                    format!("Deleted {count} rows (Ctrl+Z brings them back)")
                });
            }
            Some(Err(e)) => self.notify_error(format!("Cannot delete rows: {e}")),
            None => {}
        }
    }

    /// Moves the selected row past its shown neighbour (not while the view is sorted).
    fn move_row(&mut self, up: bool) {
        if self.state.sorted {
            self.state.status =
                Some("Turn off \"Sort by priority\" to move rows by hand".to_owned());
            return;
        }
        let view = self.view();
        let Some(cursor) = self.state.cursor else {
            return;
        };
        let Some(target) = view_position(&view, cursor.row).and_then(|p| neighbour(&view, p, up))
        else {
            return;
        };
        if let Some(Err(e)) = self.edit_sheet(|s| s.move_row(cursor.row, target)) {
            self.notify_error(format!("Cannot move the row: {e}"));
            return;
        }
        self.select(
            DataCell {
                row: target,
                ..cursor
            },
            false,
        );
    }

    /// Reorders the worksheet's rows as the sorted view shows them (one undo step).
    fn apply_order(&mut self) {
        let Some(order) = self.sheet().map(FmeaWorksheet::priority_order) else {
            return;
        };
        self.edit_sheet(FmeaWorksheet::sort_by_priority);
        let remap = |cell: Option<DataCell>| {
            cell.and_then(|c| {
                let row = order.iter().position(|&r| r == c.row)?;
                Some(DataCell { row, col: c.col })
            })
        };
        self.state.cursor = remap(self.state.cursor);
        self.state.anchor = remap(self.state.anchor);
        self.state.sorted = false;
        self.state.status = Some("The worksheet's rows are now in priority order".to_owned());
    }

    /// Adds a blank worksheet or one from the ML pipeline template, and shows it.
    fn new_worksheet(&mut self, from_template: bool) {
        let worksheet_id = next_worksheet_id(&self.doc.project().fmea_worksheets);
        let sheet = if from_template {
            ml_pipeline_template(worksheet_id.clone())
        } else {
            FmeaWorksheet::new(worksheet_id.clone(), BLANK_TITLE)
        };
        self.doc.edit(|p| p.fmea_worksheets.push(sheet));
        self.state.show_worksheet(worksheet_id);
        self.state.focus_grid = true;
    }

    /// Applies what the user did in the grid.
    fn apply(&mut self, action: Deferred) {
        match action {
            Deferred::Select { cell, extend } => {
                if self.state.editing.as_ref().is_some_and(|e| e.cell != cell) {
                    self.commit_edit(None);
                }
                self.select(cell, extend);
            }
            Deferred::SelectColumn(col) => self.select_column(col),
            Deferred::Edit(cell) => {
                self.select(cell, false);
                self.start_edit(cell, None);
            }
            Deferred::TogglePicker(cell) => {
                self.state.picker = if self.state.picker == Some(cell) {
                    None
                } else {
                    Some(cell)
                };
                self.state.cursor = Some(cell);
                self.state.focus_grid = true;
            }
            Deferred::Row(key) => self.grid_command(key),
            Deferred::Copy => self.copy_selection(false),
            Deferred::Clear => self.clear_selection(),
            Deferred::FocusGrid => self.state.focus_grid = true,
        }
    }

    /// Runs a grid command (from a key, a button or the context menu).
    fn grid_command(&mut self, key: GridKey) {
        match key {
            GridKey::Move(step, extend) => self.move_cursor(step, extend),
            GridKey::Edit => {
                if let Some(cell) = self.state.cursor {
                    self.start_edit(cell, None);
                }
            }
            GridKey::Collapse => {
                self.state.anchor = None;
                self.state.picker = None;
            }
            GridKey::Clear => self.clear_selection(),
            GridKey::DeleteRows => self.delete_rows(),
            GridKey::InsertRow(below) => self.insert_row(below),
            GridKey::Duplicate => self.duplicate_row(),
            GridKey::MoveRow(up) => self.move_row(up),
            GridKey::Copy => self.copy_selection(false),
            GridKey::Cut => self.copy_selection(true),
            GridKey::SelectAll => self.select_all(),
            GridKey::OpenPicker => {
                if let Some(cell) = self.state.cursor
                    && Column::from_index(cell.col).is_some_and(|c| picker_choices(c).is_some())
                {
                    self.state.picker = Some(cell);
                }
            }
        }
        if !matches!(key, GridKey::Edit) || self.state.editing.is_none() {
            self.state.focus_grid = true;
        }
    }

    // --------------------------------------------------------------------------------------------------------
    // Keyboard

    /// Takes the keys, text, copy and paste events meant for the grid or the cell editor out of this frame's
    /// input before any widget sees them.
    fn handle_input(&mut self) {
        if self.state.confirm_delete.is_some() || self.ctx.memory(|m| m.top_modal_layer().is_some())
        {
            return;
        }
        let editor_focused = self.ctx.memory(|m| m.has_focus(editor_id()));
        if let Some(editing) = &self.state.editing
            && !editing.fresh
            && !editor_focused
        {
            // The user clicked elsewhere: save what was typed, or drop it with a message.
            if !self.commit_edit(None) {
                let message = self
                    .state
                    .editing
                    .take()
                    .and_then(|e| e.error)
                    .unwrap_or_default();
                self.state.status = Some(format!("Not saved: {message}"));
            }
        }
        let grid_focused = self.ctx.memory(|m| m.has_focus(grid_id()));
        if self.state.editing.is_none() && !grid_focused {
            return;
        }
        let events = self.ctx.input_mut(|i| std::mem::take(&mut i.events));
        let mut kept = Vec::with_capacity(events.len());
        for event in events {
            let handled = if self.state.editing.is_some() {
                self.editor_event(&event)
            } else {
                self.grid_event(&event)
            };
            if !handled {
                kept.push(event);
            }
        }
        self.ctx.input_mut(|i| i.events = kept);
    }

    /// Handles one input event while the grid has focus; `false` leaves it to other widgets.
    fn grid_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => match grid_key(*key, *modifiers, self.state.drawn.page_rows) {
                Some(command) => {
                    self.grid_command(command);
                    true
                }
                None => false,
            },
            Event::Text(text) if !text.chars().all(char::is_control) => {
                if let Some(cell) = self.state.cursor {
                    self.start_edit(cell, Some(text.clone()));
                }
                true
            }
            Event::Copy => {
                self.copy_selection(false);
                true
            }
            Event::Cut => {
                self.copy_selection(true);
                true
            }
            Event::Paste(text) => {
                self.paste_text(text);
                true
            }
            _ => false,
        }
    }

    /// Handles one key while the cell editor is open; `false` leaves it to the text field.
    fn editor_event(&mut self, event: &Event) -> bool {
        let Event::Key {
            key,
            pressed: true,
            modifiers,
            ..
        } = event
        else {
            return false;
        };
        let multiline = self
            .state
            .editing
            .as_ref()
            .and_then(|e| Column::from_index(e.cell.col))
            .is_some_and(is_multiline);
        match editor_key(*key, *modifiers, multiline) {
            Some(EditorKey::Commit(then)) => {
                self.commit_edit(then);
                true
            }
            Some(EditorKey::Cancel) => {
                self.cancel_edit();
                true
            }
            None => false,
        }
    }

    // --------------------------------------------------------------------------------------------------------
    // Drawing: bars above the grid

    /// The worksheet chooser and the buttons that add, import and delete worksheets.
    fn worksheet_bar_ui(&mut self, ui: &mut Ui) {
        let sheets: Vec<(String, String)> = self
            .doc
            .project()
            .fmea_worksheets
            .iter()
            .map(|w| (w.worksheet_id.clone(), display_title(w)))
            .collect();
        let current = self
            .state
            .worksheet_id
            .clone()
            .or_else(|| sheets.first().map(|(id, _)| id.clone()));
        let mut chosen = None;
        ui.horizontal_wrapped(|ui| {
            if !sheets.is_empty() {
                let label = ui.label("Worksheet");
                let selected = sheets
                    .iter()
                    .find(|(id, _)| Some(id) == current.as_ref())
                    .map_or(String::new(), |(_, title)| title.clone());
                egui::ComboBox::from_id_salt("fmea_worksheet")
                    .selected_text(selected)
                    .width(300.0)
                    .truncate()
                    .show_ui(ui, |ui| {
                        for (id, title) in &sheets {
                            if ui
                                .selectable_label(current.as_ref() == Some(id), title)
                                .clicked()
                            {
                                chosen = Some(id.clone());
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.separator();
            }
            if ui
                .button("New blank worksheet")
                .on_hover_text("Add an empty worksheet to the project")
                .clicked()
            {
                self.new_worksheet(false);
            }
            if ui
                .button("New from ML pipeline template")
                .on_hover_text(
                    "Add a worksheet pre-filled with typical failure modes of an ML pipeline, from data \
                     collection to monitoring; adapt and re-rate every row",
                )
                .clicked()
            {
                self.new_worksheet(true);
            }
            if ui
                .button("Import CSV…")
                .on_hover_text(
                    "Create a worksheet from a CSV file whose first line names the worksheet's columns (as \
                     \"Export CSV…\" writes them)",
                )
                .clicked()
            {
                self.request = Some(SectionRequest::ImportFmeaCsv);
            }
            if current.is_some()
                && ui
                    .button("Delete worksheet…")
                    .on_hover_text("Remove the shown worksheet from the project (asks first)")
                    .clicked()
            {
                self.state.confirm_delete.clone_from(&current);
            }
        });
        if let Some(id) = chosen {
            self.state.show_worksheet(id);
        }
    }

    /// Title and scope of the shown worksheet (live edits: one undo step when the user stops typing).
    fn details_ui(&mut self, ui: &mut Ui, worksheet_id: &str) {
        let Some(sheet) = self.sheet() else { return };
        let mut title = sheet.title.clone();
        let mut scope = sheet.scope.clone();
        let (mut title_changed, mut scope_changed) = (false, false);
        ui.horizontal(|ui| {
            let label = ui.label("Title");
            title_changed = ui
                .add(egui::TextEdit::singleline(&mut title).desired_width(280.0))
                .labelled_by(label.id)
                .changed();
            let label = ui.label("Scope");
            scope_changed = ui
                .add(
                    egui::TextEdit::singleline(&mut scope)
                        .desired_width(ui.available_width().max(160.0))
                        .hint_text("System, version, boundaries and assumptions"),
                )
                .labelled_by(label.id)
                .changed();
        });
        // Live edits: one undo step when the user stops typing.
        if (title_changed || scope_changed)
            && let Some(sheet) = sheet_mut(self.doc.project_mut(), worksheet_id)
        {
            sheet.title = title;
            sheet.scope = scope;
        }
    }

    /// Row operations and the CSV export.
    fn toolbar_ui(&mut self, ui: &mut Ui, worksheet_id: &str) {
        let has_row = self.state.cursor.is_some();
        let sorted = self.state.sorted;
        let mut command = None;
        ui.horizontal_wrapped(|ui| {
            let mut button = |ui: &mut Ui, enabled: bool, label: &str, hint: &str, key: GridKey| {
                if ui
                    .add_enabled(enabled, egui::Button::new(label))
                    .on_hover_text(hint)
                    .on_disabled_hover_text(hint)
                    .clicked()
                {
                    command = Some(key);
                }
            };
            button(
                ui,
                true,
                "Insert row above",
                "Insert an empty row above the selected one (Ctrl+Shift+I)",
                GridKey::InsertRow(false),
            );
            button(
                ui,
                true,
                "Insert row below",
                "Insert an empty row below the selected one, or at the end (Ctrl+I)",
                GridKey::InsertRow(true),
            );
            button(
                ui,
                has_row,
                "Duplicate row",
                "Copy the selected row below it, with a new id (Ctrl+D)",
                GridKey::Duplicate,
            );
            button(
                ui,
                has_row,
                "Delete rows",
                "Delete the rows of the selected range (Ctrl+Delete; Ctrl+Z brings them back)",
                GridKey::DeleteRows,
            );
            let move_hint = if sorted {
                "Turn off \"Sort by priority\" to move rows by hand"
            } else {
                "Move the selected row (Ctrl+Shift+↑ / Ctrl+Shift+↓)"
            };
            button(
                ui,
                has_row && !sorted,
                "Move up",
                move_hint,
                GridKey::MoveRow(true),
            );
            button(
                ui,
                has_row && !sorted,
                "Move down",
                move_hint,
                GridKey::MoveRow(false),
            );
            ui.separator();
            if ui
                .button("Export CSV…")
                .on_hover_text(
                    "Save the worksheet as a CSV file with its column headers, computed columns included",
                )
                .clicked()
            {
                self.state.export_worksheet_id = Some(worksheet_id.to_owned());
                self.request = Some(SectionRequest::ExportFmeaCsv);
            }
        });
        if let Some(key) = command {
            self.grid_command(key);
        }
    }

    /// Sorting, filters and row height.
    fn view_bar_ui(&mut self, ui: &mut Ui, worksheet_id: &str) {
        let Some(sheet) = sheet_by_id(self.doc.project(), worksheet_id) else {
            return;
        };
        let total = sheet.rows.len();
        // Counted by the grid in the last frame, so the rows are sorted only once per frame.
        let shown = self.state.drawn.shown_rows.min(total);
        let unordered = self.state.drawn.unordered;
        let mut apply_order = false;
        let state = &mut *self.state;
        ui.horizontal_wrapped(|ui| {
            ui.checkbox(&mut state.sorted, "Sort by priority").on_hover_text(
                "Show H rows first, then by severity, then by RPN; the worksheet keeps its own order until \
                 you apply this one",
            );
            if ui
                .add_enabled(
                    state.sorted && unordered,
                    egui::Button::new("Apply order"),
                )
                .on_hover_text("Reorder the worksheet's rows as shown (one undo step)")
                .on_disabled_hover_text("Sort by priority first; rows already in priority order")
                .clicked()
            {
                apply_order = true;
            }
            ui.separator();
            ui.label("Show AP");
            for priority in ActionPriority::ALL {
                let mut on = state.filter.priorities.contains(&priority);
                if ui
                    .checkbox(&mut on, priority.label())
                    .on_hover_text(priority.meaning())
                    .changed()
                {
                    state.filter.priorities.retain(|p| *p != priority);
                    if on {
                        state.filter.priorities.push(priority);
                    }
                }
            }
            let basis = ui.label("of");
            egui::ComboBox::from_id_salt("fmea_filter_basis")
                .selected_text(basis_label(state.filter.priority_basis))
                .show_ui(ui, |ui| {
                    for b in [PriorityBasis::Initial, PriorityBasis::Current] {
                        ui.selectable_value(&mut state.filter.priority_basis, b, basis_label(b));
                    }
                })
                .response
                .labelled_by(basis.id)
                .on_hover_text(
                    "Before actions: from S, O and D. After actions: from the revised ratings where they \
                     are filled in",
                );
            ui.separator();
            let owner_label = ui.label("Owner");
            let owner_text = match &state.filter.owner {
                None => "Any owner".to_owned(),
                Some(o) if o.is_empty() => "No owner".to_owned(),
                Some(o) => o.clone(),
            };
            egui::ComboBox::from_id_salt("fmea_filter_owner")
                .selected_text(owner_text)
                .width(140.0)
                .truncate()
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut state.filter.owner, None, "Any owner");
                    ui.selectable_value(&mut state.filter.owner, Some(String::new()), "No owner");
                    for owner in &sheet.owners() {
                        ui.selectable_value(&mut state.filter.owner, Some(owner.clone()), owner);
                    }
                })
                .response
                .labelled_by(owner_label.id);
            let status_label = ui.label("Status");
            let status_text = match state.filter.statuses.as_slice() {
                [] => "Any status",
                [None] => "No status",
                [Some(s)] => s.label(),
                _ => "Several",
            };
            egui::ComboBox::from_id_salt("fmea_filter_status")
                .selected_text(status_text)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut state.filter.statuses, Vec::new(), "Any status");
                    ui.selectable_value(&mut state.filter.statuses, vec![None], "No status");
                    for s in ActionStatus::ALL {
                        ui.selectable_value(&mut state.filter.statuses, vec![Some(s)], s.label());
                    }
                })
                .response
                .labelled_by(status_label.id);
            if state.filter != RowFilter::default() && ui.button("Clear filters").clicked() {
                state.filter = RowFilter::default();
            }
            ui.label(RichText::new(format!("Showing {shown} of {total} rows")).weak());
            ui.separator();
            let lines = ui.label("Lines per row");
            ui.add(egui::DragValue::new(&mut state.lines_per_row).range(1..=MAX_LINES_PER_ROW))
                .labelled_by(lines.id)
                .on_hover_text("How many lines of text each row shows; hover a cut-off cell for all of it");
        });
        if apply_order {
            self.apply_order();
        }
    }

    /// The charts and the help, in a block of limited height so the grid keeps most of the screen.
    fn extras_ui(&self, ui: &mut Ui, worksheet_id: &str) {
        let Some(sheet) = sheet_by_id(self.doc.project(), worksheet_id) else {
            return;
        };
        let max_height = (ui.available_height() * 0.45).max(120.0);
        egui::ScrollArea::vertical()
            .id_salt("fmea_extras")
            .max_height(max_height)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::CollapsingHeader::new("Charts")
                    .id_salt("fmea_charts")
                    .show(ui, |ui| charts_ui(ui, sheet));
                egui::CollapsingHeader::new("About AP and RPN")
                    .id_salt("fmea_help")
                    .show(ui, help_ui);
            });
    }

    /// The selected cell, the last action's message and the count of H rows without an action.
    fn status_line_ui(&mut self, ui: &mut Ui, worksheet_id: &str) {
        let Some(sheet) = sheet_by_id(self.doc.project(), worksheet_id) else {
            return;
        };
        let state = &mut *self.state;
        let lacking = sheet.rows_lacking_required_action().len();
        ui.horizontal(|ui| {
            let cell = state.cursor.and_then(|c| {
                let column = Column::from_index(c.col)?;
                Some((sheet.rows.get(c.row)?, column))
            });
            match cell {
                Some((row, column)) => {
                    ui.label(RichText::new(format!("{} · {}", row.row_id, column.header())).strong());
                    let hint = if !column.is_editable() {
                        "read-only"
                    } else if picker_choices(column).is_some() {
                        "type a value, Enter or F2 to edit, Alt+↓ to pick"
                    } else {
                        "type to replace, Enter or F2 to edit"
                    };
                    ui.label(RichText::new(hint).weak());
                    let (rows, cols) = state.drawn.range_size;
                    if rows * cols > 1 {
                        ui.separator();
                        ui.label(format!("{rows} × {cols} cells selected"));
                    }
                }
                None if sheet.rows.is_empty() => {
                    ui.label(
                        RichText::new(
                            "No rows yet: \"Insert row below\" adds one (Ctrl+I), or paste rows copied from a \
                             spreadsheet (click the grid, then Ctrl+V)",
                        )
                        .weak(),
                    );
                }
                None => {
                    ui.label(RichText::new("Click a cell to select it").weak());
                }
            }
            if let Some(status) = &state.status {
                ui.separator();
                ui.label(status);
            }
            if lacking > 0 {
                ui.separator();
                let text = if lacking == 1 {
                    "⚠ 1 H row has no recommended action".to_owned()
                } else {
                    format!("⚠ {lacking} H rows have no recommended action")
                };
                ui.label(RichText::new(text).color(theme::warn())).on_hover_text(
                    RowFlag::HighPriorityWithoutAction.message(),
                );
            }
        });
    }

    // --------------------------------------------------------------------------------------------------------
    // Drawing: the grid

    /// The grid: a frozen header and only the visible rows laid out. Returns what the user did in it.
    fn grid_ui(&mut self, ui: &mut Ui, worksheet_id: &str) -> Vec<Deferred> {
        let mut deferred = Vec::new();
        let Some(sheet) = sheet_by_id(self.doc.project(), worksheet_id) else {
            return deferred;
        };
        let order = display_order(sheet, self.state.sorted);
        self.state.drawn.unordered = order.iter().enumerate().any(|(i, &r)| i != r);
        let view = filter_order(sheet, order, &self.state.filter);
        self.state.drawn.shown_rows = view.len();
        let state = &mut *self.state;
        let cursor = state.cursor.and_then(|c| {
            Some(ViewCell {
                row: view_position(&view, c.row)?,
                col: c.col,
            })
        });
        let range = cursor.map(|c| {
            let anchor = state
                .anchor
                .and_then(|a| {
                    Some(ViewCell {
                        row: view_position(&view, a.row)?,
                        col: a.col,
                    })
                })
                .unwrap_or(c);
            CellRange::spanning(anchor, c)
        });
        let multi = range.as_ref().is_some_and(|r| !r.is_single());
        state.drawn.range_size = range
            .as_ref()
            .map_or((0, 0), |r| (r.rows.len(), r.cols.len()));
        let editing_cell = state.editing.as_ref().map(|e| e.cell);
        let picker_cell = state.picker;

        // The grid's background: takes keyboard focus and clicks between cells.
        let background = ui.interact(ui.available_rect_before_wrap(), grid_id(), Sense::click());
        background.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Grid, true, "FMEA worksheet grid")
        });
        if background.clicked() {
            deferred.push(Deferred::FocusGrid);
        }

        let dark = ui.visuals().dark_mode;
        let lines = count_f32(state.lines_per_row.clamp(1, MAX_LINES_PER_ROW));
        let body_height = ui.text_style_height(&TextStyle::Body);
        let row_height = (body_height * lines + 8.0).round();
        let header_height = (body_height * 2.0 + 14.0).round();

        let mut hscroll = egui::ScrollArea::horizontal()
            .id_salt("fmea_grid_h")
            .auto_shrink([false, false]);
        if state.scroll_to_cursor
            && let Some(c) = cursor
            && state.drawn.col_widths.len() == Column::COUNT + 1
        {
            // The first column also brings the flag column into view.
            let before: f32 = if c.col == 0 {
                0.0
            } else {
                state.drawn.col_widths[..=c.col].iter().sum::<f32>()
                    + GRID_SPACING * count_f32(c.col + 1)
            };
            let end: f32 = state.drawn.col_widths[..=c.col + 1].iter().sum::<f32>()
                + GRID_SPACING * count_f32(c.col + 1);
            let offset = reveal_offset(state.drawn.h_offset, state.drawn.h_viewport, before, end);
            hscroll = hscroll.horizontal_scroll_offset(offset);
        }
        let scroll_row = if state.scroll_to_cursor {
            cursor.map(|c| c.row)
        } else {
            None
        };
        state.scroll_to_cursor = false;
        let cells = CellContext {
            max_rows: state.lines_per_row.clamp(1, MAX_LINES_PER_ROW),
        };
        let output = hscroll.show(ui, |ui| {
            ui.style_mut().interaction.selectable_labels = false;
            // Cells sit 1 point apart, so the gaps read as grid lines.
            ui.spacing_mut().item_spacing = egui::vec2(GRID_SPACING, GRID_SPACING);
            let mut table = TableBuilder::new(ui)
                .id_salt("fmea_grid")
                .striped(false)
                .resizable(true)
                .sense(Sense::CLICK)
                .auto_shrink([false, false])
                .min_scrolled_height(60.0)
                .animate_scrolling(false)
                .cell_layout(Layout::top_down(Align::Min))
                .column(TableColumn::exact(FLAG_COLUMN_WIDTH).resizable(false));
            for column in Column::ALL {
                table = table.column(
                    TableColumn::initial(column_width(column))
                        .at_least(40.0)
                        .clip(true),
                );
            }
            if let Some(row) = scroll_row {
                table = table.scroll_to_row(row, None);
            }
            table
                .header(header_height, |mut header| {
                    header.col(|ui| {
                        ui.with_layout(Layout::bottom_up(Align::Center), |ui| {
                            ui.add_space(3.0);
                            ui.label(RichText::new("⚠").color(theme::warn()))
                                .on_hover_text("Review flags: rows a reviewer should look at");
                        });
                    });
                    for column in Column::ALL {
                        let (_, response) = header.col(|ui| {
                            ui.with_layout(Layout::bottom_up(Align::Min), |ui| {
                                ui.add_space(3.0);
                                ui.horizontal(|ui| {
                                    ui.add_space(4.0);
                                    ui.add(
                                        egui::Label::new(RichText::new(column.header()).strong())
                                            .wrap(),
                                    )
                                    .on_hover_text(header_hint(column));
                                });
                            });
                        });
                        if response.clicked() {
                            deferred.push(Deferred::SelectColumn(column.index()));
                        }
                    }
                })
                .body(|body| {
                    state.drawn.col_widths = body.widths().to_vec();
                    body.rows(row_height, view.len(), |mut row| {
                        let pos = row.index();
                        let Some(&data_row) = view.get(pos) else {
                            return;
                        };
                        let Some(fm) = sheet.rows.get(data_row) else {
                            return;
                        };
                        let fill = fm
                            .action_priority()
                            .map(|p| theme::action_priority_row(p, dark));
                        row.col(|ui| flag_cell_ui(ui, fm, fill));
                        for column in Column::ALL {
                            let here = ViewCell {
                                row: pos,
                                col: column.index(),
                            };
                            let cell = DataCell {
                                row: data_row,
                                col: column.index(),
                            };
                            let look = CellLook {
                                fill,
                                in_range: multi && range.as_ref().is_some_and(|r| r.contains(here)),
                                is_cursor: cursor == Some(here),
                            };
                            let mut picker_clicked = false;
                            let (_, response) = row.col(|ui| {
                                picker_clicked = cells.cell_ui(ui, fm, column, look);
                            });
                            if picker_clicked {
                                deferred.push(Deferred::TogglePicker(cell));
                            }
                            if editing_cell == Some(cell) {
                                state.editor_rect = Some(response.rect);
                            }
                            if picker_cell == Some(cell) {
                                state.picker_rect = Some(response.rect);
                            }
                            if let Some(kind) = column.rating_kind() {
                                let rating = match column {
                                    Column::Severity => fm.severity,
                                    Column::Occurrence => fm.occurrence,
                                    Column::Detection => fm.detection,
                                    Column::RevisedSeverity => fm.revised_severity,
                                    Column::RevisedOccurrence => fm.revised_occurrence,
                                    _ => fm.revised_detection,
                                };
                                response
                                    .clone()
                                    .on_hover_ui(|ui| rating_tooltip_ui(ui, kind, rating));
                            }
                            cell_interaction_ui(&response, column, cell, look, &mut deferred);
                        }
                    });
                })
        });
        state.drawn.page_rows = whole_rows(output.inner_rect.height() - header_height, row_height);
        state.drawn.h_offset = output.state.clamped_offset().x;
        state.drawn.h_viewport = output.inner_rect.width();
        deferred
    }

    // --------------------------------------------------------------------------------------------------------
    // Drawing: editor, picker, delete confirmation

    /// The cell editor, floating over the edited cell, with the validation error and the key hints.
    fn editor_ui(&mut self, worksheet_id: &str) {
        let Some(sheet) = sheet_by_id(self.doc.project(), worksheet_id) else {
            return;
        };
        let Some(editing) = &mut self.state.editing else {
            return;
        };
        let (Some(rect), Some(column)) =
            (self.state.editor_rect, Column::from_index(editing.cell.col))
        else {
            return;
        };
        let row_id = sheet
            .rows
            .get(editing.cell.row)
            .map_or("", |r| r.row_id.as_str());
        let multiline = is_multiline(column);
        let width = if multiline {
            rect.width().max(340.0)
        } else {
            rect.width().max(280.0)
        };
        let margin = 6.0;
        egui::Area::new(Id::unique("riskbench-fmea-editor-area"))
            .order(egui::Order::Foreground)
            .fixed_pos(rect.min - egui::vec2(margin, margin))
            .constrain(true)
            .show(&self.ctx, |ui| {
                egui::Frame::popup(ui.style())
                    .inner_margin(margin)
                    .show(ui, |ui| {
                        ui.set_width(width);
                        let label = ui.label(
                            RichText::new(format!("{row_id} · {}", column.header())).strong(),
                        );
                        let edit = if multiline {
                            egui::TextEdit::multiline(&mut editing.text)
                                .desired_rows(4)
                                .return_key(KeyboardShortcut::new(Modifiers::SHIFT, Key::Enter))
                        } else {
                            egui::TextEdit::singleline(&mut editing.text).return_key(None)
                        };
                        let hint = match column.value_kind() {
                            ValueKind::Rating => "1–10, empty for none",
                            ValueKind::Date => "YYYY-MM-DD",
                            ValueKind::Status => "Open, In progress, Done or Not implemented",
                            ValueKind::List | ValueKind::LinkList => "Separate items with ;",
                            _ => "",
                        };
                        ui.add(
                            edit.id(editor_id())
                                .desired_width(width)
                                .hint_text(hint)
                                .event_filter(GRID_KEYS),
                        )
                        .labelled_by(label.id);
                        if let Some(kind) = column.rating_kind()
                            && let Some(rating) = editing
                                .text
                                .trim()
                                .parse::<u8>()
                                .ok()
                                .and_then(Rating::new)
                        {
                            let c = kind.criterion(rating);
                            ui.label(RichText::new(format!("{} · {}", c.value, c.label)).weak());
                        }
                        if let Some(error) = &editing.error {
                            ui.add(
                                egui::Label::new(RichText::new(error).color(theme::error())).wrap(),
                            );
                        }
                        let keys = if multiline {
                            "Enter saves · Shift+Enter new line · Tab saves, next cell · Esc cancels"
                        } else {
                            "Enter saves · Tab saves, next cell · Esc cancels"
                        };
                        ui.add(egui::Label::new(RichText::new(keys).weak()).wrap());
                    });
            });
        // An area's first frame is an invisible sizing pass in which the field cannot hold focus: ask again
        // until it has it.
        if self.ctx.memory(|m| m.has_focus(editor_id())) {
            editing.fresh = false;
        } else if editing.fresh {
            self.ctx.memory_mut(|m| m.request_focus(editor_id()));
        }
    }

    /// The rating or status picker below its cell: the ML criteria with their descriptions as tooltips.
    fn picker_ui(&mut self, ui: &Ui, worksheet_id: &str) {
        let (Some(cell), Some(rect)) = (self.state.picker, self.state.picker_rect) else {
            return;
        };
        let Some(column) = Column::from_index(cell.col) else {
            return;
        };
        let Some((title, question, choices)) = picker_choices(column) else {
            self.state.picker = None;
            return;
        };
        let current = sheet_by_id(self.doc.project(), worksheet_id)
            .and_then(|s| s.cell_text(cell.row, column))
            .unwrap_or_default();
        let mut open = true;
        let mut chosen = None;
        egui::Popup::new(
            Id::unique("riskbench-fmea-picker"),
            self.ctx.clone(),
            rect,
            ui.layer_id(),
        )
        .open_bool(&mut open)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .width(380.0)
        .layout(Layout::top_down_justified(Align::Min))
        .show(|ui| {
            ui.label(RichText::new(title).strong());
            ui.add(egui::Label::new(RichText::new(question).weak()).wrap());
            ui.add_space(4.0);
            for choice in &choices {
                if ui
                    .selectable_label(current == choice.value, &choice.text)
                    .on_hover_text(choice.description)
                    .clicked()
                {
                    chosen = Some(choice.value.clone());
                }
            }
            ui.add_space(4.0);
            if ui
                .button("Clear")
                .on_hover_text("Leave the cell empty")
                .clicked()
            {
                chosen = Some(String::new());
            }
        });
        if let Some(value) = chosen {
            if let Err(message) = self.set_cell(cell.row, column, &value) {
                self.notify_error(message);
            }
            open = false;
        }
        if !open {
            self.state.picker = None;
            self.state.cursor = Some(cell);
            self.state.focus_grid = true;
        }
    }

    /// Asks before deleting a worksheet.
    fn delete_modal_ui(&mut self) {
        let Some(worksheet_id) = self.state.confirm_delete.clone() else {
            return;
        };
        let Some(sheet) = sheet_by_id(self.doc.project(), &worksheet_id) else {
            self.state.confirm_delete = None;
            return;
        };
        let title = display_title(sheet);
        let rows = sheet.rows.len();
        let (mut delete, mut cancel) = (false, false);
        let response = egui::Modal::new(Id::unique("riskbench-fmea-delete")).show(&self.ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading("Delete worksheet?");
            ui.add(
                egui::Label::new(format!(
                    "“{title}” and its {} will be removed from the project. Undo (Ctrl+Z) brings it \
                     back.",
                    match rows {
                        1 => "1 row".to_owned(),
                        n => format!("{n} rows"),
                    }
                ))
                .wrap(),
            );
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                delete = ui.button("Delete worksheet").clicked();
                cancel = ui.button("Cancel").clicked();
            });
        });
        if delete {
            self.doc
                .edit(|p| p.fmea_worksheets.retain(|w| w.worksheet_id != worksheet_id));
            self.state.confirm_delete = None;
            let next = self
                .doc
                .project()
                .fmea_worksheets
                .first()
                .map(|w| w.worksheet_id.clone());
            match next {
                Some(id) => self.state.show_worksheet(id),
                None => self.state.worksheet_id = None,
            }
        } else if cancel || response.should_close() {
            self.state.confirm_delete = None;
        }
    }
}

/// The AP filter's basis as the combo box shows it.
fn basis_label(basis: PriorityBasis) -> &'static str {
    match basis {
        PriorityBasis::Initial => "before actions",
        PriorityBasis::Current => "after actions",
    }
}

/// How one cell looks: the row's AP tint and whether it is selected.
#[derive(Clone, Copy)]
struct CellLook {
    fill: Option<Color32>,
    in_range: bool,
    is_cursor: bool,
}

/// What every cell of the grid needs to draw itself.
struct CellContext {
    /// Lines of text a cell shows before "…".
    max_rows: usize,
}

impl CellContext {
    /// Draws one cell. Returns whether its picker button was clicked.
    fn cell_ui(&self, ui: &mut Ui, row: &FmeaRow, column: Column, look: CellLook) -> bool {
        let rect = ui.max_rect();
        cell_background_ui(ui, rect, look);
        let mut picker_clicked = false;
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(4, 2))
            .show(ui, |ui| match column.value_kind() {
                ValueKind::Priority => {
                    let priority = if column == Column::ActionPriority {
                        row.action_priority()
                    } else {
                        row.revised_action_priority()
                    };
                    if let Some(p) = priority {
                        priority_badge_ui(ui, p);
                    }
                }
                ValueKind::Rating | ValueKind::Status => {
                    ui.horizontal(|ui| {
                        ui.label(row.cell_text(column));
                        if look.is_cursor {
                            ui.with_layout(Layout::right_to_left(Align::Min), |ui| {
                                picker_clicked = ui
                                    .small_button("▾")
                                    .on_hover_text("Choose from the list (Alt+↓)")
                                    .clicked();
                            });
                        }
                    });
                }
                _ => {
                    let text = row.cell_text(column);
                    if !text.is_empty() {
                        clipped_label_ui(ui, text, self.max_rows);
                    }
                }
            });
        if look.is_cursor {
            ui.painter().rect_stroke(
                rect,
                0.0,
                egui::Stroke::new(2.0, ui.visuals().selection.stroke.color),
                egui::StrokeKind::Inside,
            );
        }
        picker_clicked
    }
}

/// The row tint, the range highlight, and body text that reads on them.
fn cell_background_ui(ui: &mut Ui, rect: Rect, look: CellLook) {
    let background = rect.expand2(ui.spacing().item_spacing * 0.5);
    if let Some(fill) = look.fill {
        ui.painter().rect_filled(background, 0.0, fill);
        ui.visuals_mut().override_text_color = Some(ui.visuals().strong_text_color());
    }
    if look.in_range {
        let highlight = ui.visuals().selection.bg_fill.gamma_multiply(0.45);
        ui.painter().rect_filled(background, 0.0, highlight);
    }
}

/// The flag cell: a warning sign with the row's review flags as its tooltip.
fn flag_cell_ui(ui: &mut Ui, row: &FmeaRow, fill: Option<Color32>) {
    cell_background_ui(
        ui,
        ui.max_rect(),
        CellLook {
            fill,
            in_range: false,
            is_cursor: false,
        },
    );
    let flags = RowFlag::of(row);
    if flags.is_empty() {
        return;
    }
    let text: Vec<&str> = flags.iter().map(|f| f.message()).collect();
    ui.add_space(2.0);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new("⚠").color(theme::warn()).strong())
            .on_hover_text(text.join("\n"));
    });
}

/// The meaning of a rating (or the question of its scale when the cell is empty).
fn rating_tooltip_ui(ui: &mut Ui, kind: RatingKind, rating: Option<Rating>) {
    ui.set_max_width(360.0);
    match rating {
        Some(r) => {
            let c = kind.criterion(r);
            ui.label(RichText::new(format!("{} {} · {}", kind.label(), c.value, c.label)).strong());
            ui.add(egui::Label::new(c.description).wrap());
        }
        None => {
            ui.label(RichText::new(kind.label()).strong());
            ui.add(egui::Label::new(kind.question()).wrap());
        }
    }
}

/// An AP letter on its colour.
fn priority_badge_ui(ui: &mut Ui, priority: ActionPriority) {
    egui::Frame::new()
        .fill(theme::action_priority(priority))
        .corner_radius(3.0)
        .inner_margin(egui::Margin::symmetric(7, 1))
        .show(ui, |ui| {
            ui.label(
                RichText::new(priority.letter())
                    .strong()
                    .color(theme::action_priority_text(priority)),
            );
        })
        .response
        .on_hover_text(format!("{}: {}", priority.label(), priority.meaning()));
}

/// Text wrapped to the cell's width and cut after `max_rows` lines with "…"; the full text shows on hover.
fn clipped_label_ui(ui: &mut Ui, text: String, max_rows: usize) {
    let mut job = LayoutJob::default();
    RichText::new(text).append_to(&mut job, ui.style(), FontSelection::Default, Align::Min);
    job.wrap = TextWrapping {
        max_width: ui.available_width(),
        max_rows,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    ui.add(egui::Label::new(job).wrap());
}

/// Turns clicks on a cell into selection, editing and context-menu actions.
fn cell_interaction_ui(
    response: &egui::Response,
    column: Column,
    cell: DataCell,
    look: CellLook,
    deferred: &mut Vec<Deferred>,
) {
    if response.clicked() {
        let extend = response.ctx.input(|i| i.modifiers.shift);
        deferred.push(Deferred::Select { cell, extend });
    }
    if response.double_clicked() {
        deferred.push(Deferred::Edit(cell));
    }
    if response.secondary_clicked() && !look.in_range {
        deferred.push(Deferred::Select {
            cell,
            extend: false,
        });
    }
    response.context_menu(|ui| {
        let mut item = |ui: &mut Ui, label: &str, action: Deferred| {
            if ui.button(label).clicked() {
                deferred.push(action);
                ui.close();
            }
        };
        if column.is_editable() {
            item(ui, "Edit cell", Deferred::Edit(cell));
        }
        if picker_choices(column).is_some() {
            item(ui, "Choose from list…", Deferred::TogglePicker(cell));
        }
        item(ui, "Copy", Deferred::Copy);
        item(ui, "Clear", Deferred::Clear);
        ui.separator();
        item(
            ui,
            "Insert row above",
            Deferred::Row(GridKey::InsertRow(false)),
        );
        item(
            ui,
            "Insert row below",
            Deferred::Row(GridKey::InsertRow(true)),
        );
        item(ui, "Duplicate row", Deferred::Row(GridKey::Duplicate));
        item(ui, "Delete rows", Deferred::Row(GridKey::DeleteRows));
    });
}

// ------------------------------------------------------------------------------------------------------------
// Charts and help

/// The Pareto chart and the before/after chart, side by side.
fn charts_ui(ui: &mut Ui, sheet: &FmeaWorksheet) {
    let gap = 32.0;
    let spacing = ui.spacing().item_spacing.x;
    let width = ((ui.available_width() - gap - 2.0 * spacing) / 2.0 - 4.0).max(260.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(width);
            pareto_ui(ui, sheet);
        });
        ui.add_space(gap);
        ui.vertical(|ui| {
            ui.set_width(width);
            priority_counts_ui(ui, sheet);
        });
    });
}

/// Pareto of RPN: one bar per rated row (coloured by its AP), highest first, and the cumulative share.
fn pareto_ui(ui: &mut Ui, sheet: &FmeaWorksheet) {
    ui.label(RichText::new("Pareto of RPN").strong());
    ui.label(
        RichText::new(
            "Bars: the RPN of each rated row, highest first, coloured by its AP (hover for the row). Line: \
             cumulative share of the total RPN (right axis).",
        )
        .weak(),
    );
    let pareto = sheet.rpn_pareto();
    let Some(first) = pareto.first() else {
        ui.label(RichText::new("No row has S, O and D rated yet").weak());
        return;
    };
    let top = f64::from(first.rpn).max(1.0);
    let mut bars: Vec<(ActionPriority, Vec<Bar>)> = ActionPriority::ALL
        .iter()
        .map(|&p| (p, Vec::new()))
        .collect();
    let mut cumulative = Vec::with_capacity(pareto.len());
    for (rank, point) in pareto.iter().enumerate() {
        let x = plot_value(rank + 1);
        let priority = sheet
            .rows
            .get(point.row_index)
            .and_then(FmeaRow::action_priority)
            .unwrap_or(ActionPriority::Low);
        if let Some((_, list)) = bars.iter_mut().find(|(p, _)| *p == priority) {
            list.push(
                Bar::new(x, f64::from(point.rpn))
                    .name(&point.row_id)
                    .width(0.75)
                    .fill(theme::action_priority(priority))
                    .stroke(egui::Stroke::NONE),
            );
        }
        cumulative.push([x, point.cumulative_share * top]);
    }
    let ids: Vec<String> = pareto.iter().map(|p| p.row_id.clone()).collect();
    let line_color = ui.visuals().strong_text_color();
    Plot::new("fmea_pareto")
        .height(240.0)
        .x_axis_label("Rows, highest RPN first")
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .include_y(top * 1.1)
        .include_x(0.3)
        .include_x(plot_value(pareto.len()) + 0.7)
        .x_axis_formatter(move |mark, _| {
            let rank = mark.value.round();
            if (mark.value - rank).abs() > 1e-6 || rank < 1.0 {
                return String::new();
            }
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked ≥ 1"
            )]
            let index = rank as usize - 1;
            ids.get(index).cloned().unwrap_or_default()
        })
        .custom_y_axes(vec![
            AxisHints::new_y().label("RPN"),
            AxisHints::new_y()
                .label("Cumulative share")
                .placement(HPlacement::Right)
                .formatter(move |mark, _| format!("{:.0} %", mark.value / top * 100.0)),
        ])
        .show(ui, |plot| {
            for (priority, list) in bars {
                if !list.is_empty() {
                    plot.bar_chart(
                        BarChart::new(format!("{} priority", priority.label()), list)
                            .color(theme::action_priority(priority))
                            .element_formatter(Box::new(|bar, _| {
                                format!("{}: RPN {}", bar.name, bar.value)
                            })),
                    );
                }
            }
            plot.line(
                Line::new("Cumulative share of RPN", PlotPoints::from(cumulative))
                    .color(line_color)
                    .width(2.0),
            );
        });
}

/// The categories of the before/after chart, in the order of its bars.
const CATEGORIES: [&str; 4] = ["H", "M", "L", "Unrated"];

/// Rows per Action Priority before and after actions, as grouped bars.
fn priority_counts_ui(ui: &mut Ui, sheet: &FmeaWorksheet) {
    ui.label(RichText::new("Rows per Action Priority, before and after actions").strong());
    let counts = sheet.priority_counts();
    let series = |counts: &crate::model::fmea::ApCounts, offset: f64, fill: Color32| -> Vec<Bar> {
        [counts.high, counts.medium, counts.low, counts.unrated]
            .iter()
            .zip(CATEGORIES)
            .enumerate()
            .map(|(i, (&n, name))| {
                Bar::new(plot_value(i) + offset, plot_value(n))
                    .name(name)
                    .width(0.36)
                    .fill(fill)
                    .stroke(egui::Stroke::NONE)
            })
            .collect()
    };
    let before = series(&counts.before, -0.19, theme::series_before());
    let after = series(&counts.after, 0.19, theme::series_after());
    Plot::new("fmea_priority_counts")
        .height(240.0)
        .legend(Legend::default().position(Corner::RightTop))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .include_x(-0.6)
        .include_x(3.6)
        .y_axis_label("Rows")
        .x_axis_formatter(|mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || !(0.0..=3.0).contains(&i) {
                return String::new();
            }
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked 0–3"
            )]
            let index = i as usize;
            CATEGORIES
                .get(index)
                .map_or_else(String::new, |c| (*c).to_owned())
        })
        .show(ui, |plot| {
            let format = |bar: &Bar, _: &BarChart| format!("{}: {} rows", bar.name, bar.value);
            plot.bar_chart(
                BarChart::new("Before actions", before)
                    .color(theme::series_before())
                    .element_formatter(Box::new(format)),
            );
            plot.bar_chart(
                BarChart::new("After actions", after)
                    .color(theme::series_after())
                    .element_formatter(Box::new(format)),
            );
        });
}

/// [`HELP_AP_VS_RPN`]: its first line as a heading, paragraphs wrapped, `- ` lines as bullets.
fn help_ui(ui: &mut Ui) {
    ui.set_max_width(ui.available_width().min(900.0));
    for (i, paragraph) in HELP_AP_VS_RPN.split("\n\n").enumerate() {
        let paragraph = paragraph.trim();
        if paragraph.is_empty() {
            continue;
        }
        if i == 0 {
            ui.label(RichText::new(paragraph).strong());
            continue;
        }
        for line in paragraph.lines() {
            if let Some(bullet) = line.strip_prefix("- ") {
                ui.horizontal_top(|ui| {
                    ui.label("•");
                    ui.add(egui::Label::new(bullet).wrap());
                });
            } else {
                ui.add(egui::Label::new(line).wrap());
            }
        }
        ui.add_space(4.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fmea::Rating;

    fn cell(row: usize, col: usize) -> ViewCell {
        ViewCell { row, col }
    }

    #[test]
    fn moves_stay_inside_the_grid() {
        let (rows, cols) = (3, 4);
        assert_eq!(moved(cell(0, 0), Move::Up, rows, cols), cell(0, 0));
        assert_eq!(moved(cell(0, 0), Move::Left, rows, cols), cell(0, 0));
        assert_eq!(moved(cell(2, 3), Move::Down, rows, cols), cell(2, 3));
        assert_eq!(moved(cell(2, 3), Move::Right, rows, cols), cell(2, 3));
        assert_eq!(moved(cell(1, 1), Move::Down, rows, cols), cell(2, 1));
        assert_eq!(moved(cell(1, 1), Move::Right, rows, cols), cell(1, 2));
        assert_eq!(moved(cell(1, 2), Move::RowStart, rows, cols), cell(1, 0));
        assert_eq!(moved(cell(1, 2), Move::RowEnd, rows, cols), cell(1, 3));
        assert_eq!(moved(cell(1, 2), Move::Top, rows, cols), cell(0, 2));
        assert_eq!(moved(cell(1, 2), Move::Bottom, rows, cols), cell(2, 2));
        assert_eq!(moved(cell(1, 2), Move::First, rows, cols), cell(0, 0));
        assert_eq!(moved(cell(1, 2), Move::Last, rows, cols), cell(2, 3));
        // A position left over from a longer view is clamped first.
        assert_eq!(moved(cell(9, 9), Move::Up, rows, cols), cell(1, 3));
        // An empty view keeps everything at 0.
        assert_eq!(moved(cell(4, 2), Move::Down, 0, cols), cell(0, 2));
    }

    #[test]
    fn tab_wraps_to_the_next_and_previous_row() {
        let (rows, cols) = (2, 3);
        assert_eq!(moved(cell(0, 1), Move::Next, rows, cols), cell(0, 2));
        assert_eq!(moved(cell(0, 2), Move::Next, rows, cols), cell(1, 0));
        assert_eq!(moved(cell(1, 2), Move::Next, rows, cols), cell(1, 2));
        assert_eq!(moved(cell(1, 0), Move::Previous, rows, cols), cell(0, 2));
        assert_eq!(moved(cell(0, 0), Move::Previous, rows, cols), cell(0, 0));
    }

    #[test]
    fn pages_move_by_the_visible_rows() {
        assert_eq!(moved(cell(5, 1), Move::PageDown(10), 100, 3), cell(15, 1));
        assert_eq!(moved(cell(95, 1), Move::PageDown(10), 100, 3), cell(99, 1));
        assert_eq!(moved(cell(5, 1), Move::PageUp(10), 100, 3), cell(0, 1));
        assert_eq!(moved(cell(5, 1), Move::PageDown(0), 100, 3), cell(6, 1));
    }

    #[test]
    fn ranges_span_anchor_and_cursor_in_any_order() {
        let range = CellRange::spanning(cell(4, 5), cell(2, 1));
        assert_eq!(range.rows, 2..5);
        assert_eq!(range.cols, 1..6);
        assert!(range.contains(cell(2, 1)) && range.contains(cell(4, 5)));
        assert!(!range.contains(cell(5, 1)) && !range.contains(cell(2, 0)));
        assert!(!range.is_single());
        assert!(CellRange::spanning(cell(3, 3), cell(3, 3)).is_single());
    }

    #[test]
    fn shift_moves_extend_the_range_from_the_anchor() {
        // Shift+Right twice, then Shift+Down: the anchor stays, the cursor moves.
        let anchor = cell(1, 2);
        let mut cursor = anchor;
        for step in [Move::Right, Move::Right, Move::Down] {
            cursor = moved(cursor, step, 5, 27);
        }
        let range = CellRange::spanning(anchor, cursor);
        assert_eq!((range.rows, range.cols), (1..3, 2..5));
        assert_eq!(
            grid_key(Key::ArrowRight, Modifiers::SHIFT, 10),
            Some(GridKey::Move(Move::Right, true))
        );
        assert_eq!(
            grid_key(Key::ArrowRight, Modifiers::NONE, 10),
            Some(GridKey::Move(Move::Right, false))
        );
    }

    #[test]
    fn grid_keys_do_not_clash_with_app_shortcuts() {
        for command in super::super::commands::Command::ALL {
            for shortcut in command
                .shortcut()
                .into_iter()
                .chain(command.alternative_shortcuts())
            {
                assert_eq!(
                    grid_key(shortcut.logical_key, shortcut.modifiers, 10),
                    None,
                    "{command:?}"
                );
            }
        }
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        assert_eq!(grid_key(Key::I, cmd, 1), Some(GridKey::InsertRow(true)));
        assert_eq!(
            grid_key(Key::I, cmd_shift, 1),
            Some(GridKey::InsertRow(false))
        );
        assert_eq!(grid_key(Key::D, cmd, 1), Some(GridKey::Duplicate));
        assert_eq!(
            grid_key(Key::D, cmd_shift, 1),
            None,
            "Ctrl+Shift+D adds a dataset"
        );
        assert_eq!(grid_key(Key::Delete, cmd, 1), Some(GridKey::DeleteRows));
        assert_eq!(
            grid_key(Key::ArrowUp, cmd_shift, 1),
            Some(GridKey::MoveRow(true))
        );
        assert_eq!(
            grid_key(Key::ArrowDown, Modifiers::ALT, 1),
            Some(GridKey::OpenPicker)
        );
        assert_eq!(grid_key(Key::F2, Modifiers::NONE, 1), Some(GridKey::Edit));
        assert_eq!(
            grid_key(Key::Enter, Modifiers::NONE, 1),
            Some(GridKey::Edit)
        );
        assert_eq!(grid_key(Key::Z, cmd, 1), None);
    }

    #[test]
    fn editor_keys_save_move_and_cancel() {
        let none = Modifiers::NONE;
        let shift = Modifiers::SHIFT;
        assert_eq!(
            editor_key(Key::Enter, none, true),
            Some(EditorKey::Commit(Some(Move::Down)))
        );
        assert_eq!(
            editor_key(Key::Enter, shift, true),
            None,
            "a new line in text"
        );
        assert_eq!(
            editor_key(Key::Enter, shift, false),
            Some(EditorKey::Commit(None))
        );
        assert_eq!(
            editor_key(Key::Tab, shift, false),
            Some(EditorKey::Commit(Some(Move::Previous)))
        );
        assert_eq!(editor_key(Key::Escape, none, true), Some(EditorKey::Cancel));
        assert_eq!(
            editor_key(Key::ArrowDown, none, true),
            None,
            "moves the text cursor"
        );
        assert_eq!(
            editor_key(Key::ArrowDown, none, false),
            Some(EditorKey::Commit(Some(Move::Down)))
        );
        assert_eq!(editor_key(Key::ArrowLeft, none, false), None);
    }

    fn rated(id: &str, s: u8, o: u8, d: u8) -> FmeaRow {
        let mut row = FmeaRow::new(id);
        row.severity = Rating::new(s);
        row.occurrence = Rating::new(o);
        row.detection = Rating::new(d);
        row
    }

    fn demo_sheet() -> FmeaWorksheet {
        let mut owned = rated("FM-2", 9, 8, 5); // H
        owned.owner = "Data lead".to_owned();
        FmeaWorksheet {
            rows: vec![
                rated("FM-1", 3, 3, 3), // L
                owned,
                rated("FM-3", 7, 4, 5), // M
                FmeaRow::new("FM-4"),   // unrated
            ],
            ..FmeaWorksheet::new("fmea-1", "Demo")
        }
    }

    #[test]
    fn views_sort_and_filter_without_touching_the_rows() {
        let sheet = demo_sheet();
        assert_eq!(
            build_view(&sheet, &RowFilter::default(), false),
            [0, 1, 2, 3]
        );
        assert_eq!(
            build_view(&sheet, &RowFilter::default(), true),
            [1, 2, 0, 3]
        );
        let high_or_low = RowFilter {
            priorities: vec![ActionPriority::High, ActionPriority::Low],
            ..RowFilter::default()
        };
        assert_eq!(build_view(&sheet, &high_or_low, true), [1, 0]);
        let owned = RowFilter {
            owner: Some("data lead".to_owned()),
            ..RowFilter::default()
        };
        assert_eq!(build_view(&sheet, &owned, false), [1]);
    }

    #[test]
    fn hidden_rows_map_to_a_shown_neighbour() {
        let view = [1, 2, 5];
        assert_eq!(view_position(&view, 2), Some(1));
        assert_eq!(view_position(&view, 3), Some(2), "next shown row");
        assert_eq!(view_position(&view, 9), Some(2), "else the last");
        assert_eq!(view_position(&[], 0), None);
        assert_eq!(neighbour(&view, 1, true), Some(1));
        assert_eq!(neighbour(&view, 1, false), Some(5));
        assert_eq!(neighbour(&view, 0, true), None);
        assert_eq!(neighbour(&view, 2, false), None);
    }

    #[test]
    fn paste_follows_the_view_and_appends_rows() {
        let sheet = demo_sheet();
        // Sorted view [1, 2, 0, 3]: pasting two lines at position 0 fills FM-2 then FM-3.
        let view = build_view(&sheet, &RowFilter::default(), true);
        let grid = clipboard::parse_tsv("Cause A\nCause B\n").unwrap();
        let (rows, outcome, targets) =
            paste_into_view(&sheet, &view, 0, Column::Cause.index(), &grid).unwrap();
        assert_eq!(targets, [1, 2]);
        assert_eq!(rows[1].cause, "Cause A");
        assert_eq!(rows[2].cause, "Cause B");
        assert_eq!(outcome.cells_set, 2);
        // Past the last shown row, lines become new rows at the end.
        let (rows, outcome, targets) =
            paste_into_view(&sheet, &[3], 0, Column::Item.index(), &grid).unwrap();
        assert_eq!(targets, [3, 4]);
        assert_eq!(outcome.rows_added, 1);
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[4].item, "Cause B");
        assert_eq!(rows[4].row_id, "FM-5");
        // A bad value anywhere changes nothing and names the row by its id.
        let bad = clipboard::parse_tsv("4\n11\n").unwrap();
        let err = paste_into_view(&sheet, &view, 0, Column::Severity.index(), &bad).unwrap_err();
        assert_eq!(
            err,
            "FM-3: Severity (S): expected a whole number from 1 to 10, found \"11\""
        );
        let wide = vec![vec![String::new(); 3]];
        assert!(
            paste_into_view(&sheet, &view, 0, Column::COUNT - 1, &wide)
                .unwrap_err()
                .contains("does not fit")
        );
    }

    #[test]
    fn a_single_value_fills_the_range() {
        let one = vec![vec!["7".to_owned()]];
        assert_eq!(
            fill_range(one.clone(), 2, 3),
            vec![vec!["7".to_owned(); 3]; 2]
        );
        assert_eq!(fill_range(one.clone(), 1, 1), one);
        let two = vec![vec!["a".to_owned(), "b".to_owned()]];
        assert_eq!(fill_range(two.clone(), 4, 4), two);
    }

    #[test]
    fn horizontal_scroll_reveals_the_selected_column() {
        // Viewport 0..500.
        assert!((reveal_offset(0.0, 500.0, 100.0, 200.0) - 0.0).abs() < f32::EPSILON);
        assert!((reveal_offset(0.0, 500.0, 450.0, 650.0) - 150.0).abs() < f32::EPSILON);
        assert!((reveal_offset(300.0, 500.0, 100.0, 200.0) - 100.0).abs() < f32::EPSILON);
        // A column wider than the viewport shows its start.
        assert!((reveal_offset(0.0, 500.0, 600.0, 1200.0) - 600.0).abs() < f32::EPSILON);
    }

    #[test]
    fn csv_file_names_come_from_the_title() {
        assert_eq!(csv_file_name("ML pipeline FMEA"), "ml_pipeline_fmea.csv");
        assert_eq!(csv_file_name("  "), "fmea.csv");
        assert_eq!(
            csv_file_name("Prüfung: Daten/Modell"),
            "prüfung_daten_modell.csv"
        );
        assert_eq!(
            with_csv_extension(Path::new("/tmp/x")),
            PathBuf::from("/tmp/x.csv")
        );
        assert_eq!(
            with_csv_extension(Path::new("/tmp/x.txt")),
            PathBuf::from("/tmp/x.txt")
        );
    }

    #[test]
    fn pickers_exist_for_ratings_and_status_only() {
        let (title, _, choices) = picker_choices(Column::RevisedSeverity).unwrap();
        assert_eq!(title, "Severity (S)");
        assert_eq!(choices.len(), 10);
        assert_eq!(choices[0].value, "10", "highest first");
        let (_, _, statuses) = picker_choices(Column::Status).unwrap();
        assert_eq!(statuses.len(), ActionStatus::ALL.len());
        for choice in &statuses {
            assert!(ActionStatus::parse(&choice.value).is_some());
        }
        assert!(picker_choices(Column::Cause).is_none());
        assert!(picker_choices(Column::Rpn).is_none());
    }
}
