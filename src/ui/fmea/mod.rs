//! Manage › FMEA: the worksheet list and a spreadsheet-like grid for FMEA worksheets with AIAG-VDA Action
//! Priority, adapted to ML pipelines, with the Pareto and before/after charts and the help on AP versus RPN.
//!
//! This module owns only view state: which worksheet is shown, the selected cell or range, the cell being
//! edited, sorting, filters and row height ([`FmeaScreen`], held by the app). Every change to a worksheet
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

mod bars;
mod charts;
mod frame;
mod grid;
mod view;

use self::view::DataCell;
use self::view::GridKey;
use self::view::csv_file_name;
use self::view::with_csv_extension;
use super::screen::Screen;
use super::screen::ScreenContext;
use super::screen::SectionRequest;
use super::sections::Section;
use crate::model::Document;
use crate::model::Project;
use crate::model::file;
use crate::model::fmea::FmeaWorksheet;
use crate::model::fmea::RowFilter;
use crate::model::fmea::next_worksheet_id;
use crate::model::fmea::rows_from_csv;
use anyhow::Context as _;
use egui::EventFilter;
use egui::Id;
use egui::Rect;
use egui::Ui;
use std::path::Path;

/// Lines of text a row shows by default; longer cells end in "…" and show everything on hover.
const DEFAULT_LINES_PER_ROW: usize = 3;
/// The most lines per row the user can choose.
const MAX_LINES_PER_ROW: usize = 8;
/// Width of the leading column that shows review flags.
const FLAG_COLUMN_WIDTH: f32 = 28.0;
/// Space between grid cells, in points: the gaps read as grid lines.
const GRID_SPACING: f32 = 1.0;
/// How much larger text and columns are in presentation mode (a workshop on a shared screen).
const PRESENTATION_SCALE: f32 = 1.6;
/// Title of a new blank worksheet.
const BLANK_TITLE: &str = "Untitled worksheet";

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

/// The FMEA screen's view state, held by the app between frames; never part of the project or undo.
#[derive(Clone, Debug)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent toggles of one screen's view (sorted, compact, scroll and focus requests), not states"
)]
pub struct FmeaScreen {
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
    /// Narrow text columns, so the ratings, RPN and Action Priority fit beside the failure on one screen.
    compact: bool,
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
    /// Presentation mode: large text and columns, no charts or menus (a workshop on a shared screen).
    presentation: bool,
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

impl Default for FmeaScreen {
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
            compact: false,
            confirm_delete: None,
            export_worksheet_id: None,
            status: None,
            scroll_to_cursor: false,
            focus_grid: false,
            editor_rect: None,
            picker_rect: None,
            drawn: Drawn::default(),
            presentation: false,
        }
    }
}

impl FmeaScreen {
    /// Shows a worksheet (the first when `None`) in presentation mode: large text on a shared screen, as a
    /// workshop session drives it.
    pub fn present(&mut self, worksheet_id: Option<String>) {
        if let Some(id) = worksheet_id {
            self.show_worksheet(id);
        }
        self.presentation = true;
        self.focus_grid = true;
    }

    /// Whether the screen is in presentation mode.
    #[must_use]
    pub fn presenting(&self) -> bool {
        self.presentation
    }

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

impl Screen for FmeaScreen {
    fn section(&self) -> Section {
        Section::Fmea
    }

    fn scrolls_itself(&self) -> bool {
        // The grid keeps its header in place.
        true
    }

    /// Presentation mode hides the app's menus, navigation and status bar (F11 or its button brings them
    /// back).
    fn hides_chrome(&self) -> bool {
        self.presentation
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F11)) {
            self.presentation = !self.presentation;
        }
        let recorded = super::workshops::recording_summary(cx.doc);
        cx.request_some(super::workshops::recording_banner_ui(ui, cx.doc));
        ui.horizontal(|ui| {
            let label = if self.presentation {
                "Leave presentation (F11)"
            } else {
                "Presentation (F11)"
            };
            if ui
                .button(label)
                .on_hover_text(
                    "Large text and columns for a shared screen; hides the menus and charts",
                )
                .clicked()
            {
                self.presentation = !self.presentation;
            }
        });
        if self.presentation {
            for font in ui.style_mut().text_styles.values_mut() {
                font.size *= PRESENTATION_SCALE;
            }
        }
        let request = fmea_ui(ui, cx.doc, self);
        cx.request_some(request);
        if recorded.is_some() && super::workshops::recording_summary(cx.doc) != recorded {
            ui.ctx().request_repaint();
        }
    }
}

/// Draws Manage › FMEA. Returns what the app should do (file dialogs, notifications).
fn fmea_ui(ui: &mut Ui, doc: &mut Document, state: &mut FmeaScreen) -> Option<SectionRequest> {
    let ctx = ui.ctx().clone();
    let mut screen = Frame {
        doc,
        state,
        ctx,
        request: None,
    };
    screen.screen_ui(ui);
    screen.request.take()
}

impl FmeaScreen {
    /// The suggested file name for the CSV export the user asked for last.
    pub fn export_file_name(&self, project: &Project) -> String {
        let state = self;
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
    pub fn export_csv(&self, doc: &Document, path: &Path) -> anyhow::Result<String> {
        let worksheet_id = self
            .export_worksheet_id
            .clone()
            .context("cannot export: no worksheet was chosen for export")?;
        let sheet = sheet_by_id(doc.project(), &worksheet_id).with_context(|| {
            format!("cannot export: the worksheet {worksheet_id} no longer exists")
        })?;
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
    pub fn import_csv(&mut self, doc: &mut Document, path: &Path) -> anyhow::Result<String> {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
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
        self.show_worksheet(worksheet_id);
        Ok(format!(
            "Imported {count} rows into the new worksheet “{title}”"
        ))
    }
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
struct Frame<'a> {
    doc: &'a mut Document,
    state: &'a mut FmeaScreen,
    ctx: egui::Context,
    request: Option<SectionRequest>,
}

#[cfg(test)]
mod tests;
