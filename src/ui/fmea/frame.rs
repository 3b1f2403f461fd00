//! One frame of the FMEA screen: the worksheet shown, the grid's keyboard and the edits it turns into.

use super::BLANK_TITLE;
use super::Deferred;
use super::Editing;
use super::Frame;
use super::GRID_KEYS;
use super::editor_id;
use super::grid_id;
use super::sheet_by_id;
use super::sheet_mut;
use super::view::CellRange;
use super::view::DataCell;
use super::view::EditorKey;
use super::view::GridKey;
use super::view::Move;
use super::view::ViewCell;
use super::view::build_view;
use super::view::describe_edit_error;
use super::view::editor_key;
use super::view::fill_range;
use super::view::grid_key;
use super::view::is_multiline;
use super::view::moved;
use super::view::neighbour;
use super::view::paste_into_view;
use super::view::picker_choices;
use super::view::view_position;
use crate::model::fmea::Column;
use crate::model::fmea::EditError;
use crate::model::fmea::FmeaWorksheet;
use crate::model::fmea::clipboard;
use crate::model::fmea::ml_pipeline_template;
use crate::model::fmea::next_worksheet_id;
use crate::ui::notifications::Level;
use crate::ui::screen::SectionRequest;
use egui::Event;
use egui::RichText;
use egui::Ui;

impl Frame<'_> {
    /// Draws the whole screen: worksheet list, bars, charts and help, the grid, the editor and dialogs.
    pub(super) fn screen_ui(&mut self, ui: &mut Ui) {
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
        if !self.state.presentation {
            self.extras_ui(ui, &worksheet_id);
        }
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
    pub(super) fn sheet(&self) -> Option<&FmeaWorksheet> {
        sheet_by_id(self.doc.project(), self.state.worksheet_id.as_deref()?)
    }

    /// The shown worksheet's rows in display order (see [`build_view`]).
    pub(super) fn view(&self) -> Vec<usize> {
        self.sheet().map_or_else(Vec::new, |s| {
            build_view(s, &self.state.filter, self.state.sorted)
        })
    }

    /// The selected cell as shown in `view`.
    pub(super) fn cursor_view(&self, view: &[usize]) -> Option<ViewCell> {
        let cursor = self.state.cursor?;
        Some(ViewCell {
            row: view_position(view, cursor.row)?,
            col: cursor.col,
        })
    }

    /// The selected range as shown in `view` (a single cell when there is no anchor).
    pub(super) fn range_view(&self, view: &[usize]) -> Option<CellRange> {
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
    pub(super) fn range_rows(&self, view: &[usize]) -> Vec<usize> {
        self.range_view(view).map_or_else(Vec::new, |r| {
            r.rows.filter_map(|pos| view.get(pos).copied()).collect()
        })
    }

    // --------------------------------------------------------------------------------------------------------
    // Changing

    /// Applies `change` to the shown worksheet as one undo step.
    pub(super) fn edit_sheet<R>(
        &mut self,
        change: impl FnOnce(&mut FmeaWorksheet) -> R,
    ) -> Option<R> {
        let worksheet_id = self.state.worksheet_id.clone()?;
        self.doc.edit(|p| sheet_mut(p, &worksheet_id).map(change))
    }

    /// Asks the app to show an error notification.
    pub(super) fn notify_error(&mut self, text: String) {
        self.request = Some(SectionRequest::Notify(Level::Error, text));
    }

    /// Keeps the selection inside the worksheet (rows can disappear through undo or deletion).
    pub(super) fn clamp_selection(&mut self) {
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
    pub(super) fn select(&mut self, cell: DataCell, extend: bool) {
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
    pub(super) fn move_cursor(&mut self, step: Move, extend: bool) {
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
    pub(super) fn select_all(&mut self) {
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
    pub(super) fn select_column(&mut self, col: usize) {
        let view = self.view();
        if let (Some(&first), Some(&last)) = (view.first(), view.last()) {
            self.state.anchor = Some(DataCell { row: first, col });
            self.state.cursor = Some(DataCell { row: last, col });
            self.state.focus_grid = true;
        }
    }

    /// Opens the editor on `cell`: with `replace` (the character typed) or with the cell's text.
    pub(super) fn start_edit(&mut self, cell: DataCell, replace: Option<String>) {
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
    pub(super) fn commit_edit(&mut self, then: Option<Move>) -> bool {
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
    pub(super) fn cancel_edit(&mut self) {
        if let Some(editing) = self.state.editing.take() {
            self.state.cursor = Some(editing.cell);
        }
        self.state.focus_grid = true;
    }

    /// Sets one cell as one undo step (none when the text is what the cell already shows).
    pub(super) fn set_cell(
        &mut self,
        row: usize,
        column: Column,
        text: &str,
    ) -> Result<(), String> {
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
    pub(super) fn copy_selection(&mut self, cut: bool) {
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
    pub(super) fn clear_selection(&mut self) {
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
    pub(super) fn paste_text(&mut self, text: &str) {
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
    pub(super) fn insert_row(&mut self, below: bool) {
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
    pub(super) fn duplicate_row(&mut self) {
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
    pub(super) fn delete_rows(&mut self) {
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
    pub(super) fn move_row(&mut self, up: bool) {
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
    pub(super) fn apply_order(&mut self) {
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
    pub(super) fn new_worksheet(&mut self, from_template: bool) {
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
    pub(super) fn apply(&mut self, action: Deferred) {
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
    pub(super) fn grid_command(&mut self, key: GridKey) {
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
    pub(super) fn handle_input(&mut self) {
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
    pub(super) fn grid_event(&mut self, event: &Event) -> bool {
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
    pub(super) fn editor_event(&mut self, event: &Event) -> bool {
        // Typing goes on while the editor opens (its field takes focus a frame or two later): the text typed
        // until then is added here, else only the character that opened the editor would be kept.
        if let Event::Text(text) = event
            && !self.ctx.memory(|m| m.has_focus(editor_id()))
            && let Some(editing) = &mut self.state.editing
        {
            editing.text.push_str(text);
            return true;
        }
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
}
