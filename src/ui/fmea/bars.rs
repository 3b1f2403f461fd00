//! The bars above the grid: worksheet chooser, details, toolbar, view options, extras and the status line.

use super::Frame;
use super::MAX_LINES_PER_ROW;
use super::charts::charts_ui;
use super::charts::help_ui;
use super::display_title;
use super::grid::basis_label;
use super::sheet_by_id;
use super::sheet_mut;
use super::view::GridKey;
use super::view::picker_choices;
use crate::model::fmea::ActionPriority;
use crate::model::fmea::ActionStatus;
use crate::model::fmea::Column;
use crate::model::fmea::PriorityBasis;
use crate::model::fmea::RowFilter;
use crate::model::fmea::RowFlag;
use crate::ui::screen::SectionRequest;
use crate::ui::theme;
use egui::RichText;
use egui::Ui;

impl Frame<'_> {
    // --------------------------------------------------------------------------------------------------------
    // Drawing: bars above the grid

    /// The worksheet chooser and the buttons that add, import and delete worksheets.
    pub(super) fn worksheet_bar_ui(&mut self, ui: &mut Ui) {
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
    pub(super) fn details_ui(&mut self, ui: &mut Ui, worksheet_id: &str) {
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
    pub(super) fn toolbar_ui(&mut self, ui: &mut Ui, worksheet_id: &str) {
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
    pub(super) fn view_bar_ui(&mut self, ui: &mut Ui, worksheet_id: &str) {
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
            ui.checkbox(&mut state.compact, "Compact columns").on_hover_text(
                "Narrow text columns so S, O, D, RPN and AP sit beside the failure; hover a cell for all of \
                 its text",
            );
        });
        if apply_order {
            self.apply_order();
        }
    }

    /// The charts and the help, in a block of limited height so the grid keeps most of the screen.
    pub(super) fn extras_ui(&self, ui: &mut Ui, worksheet_id: &str) {
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
    pub(super) fn status_line_ui(&mut self, ui: &mut Ui, worksheet_id: &str) {
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
}
