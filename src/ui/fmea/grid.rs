//! The grid: a frozen header, only the visible rows laid out, the cell editor, the picker and the delete
//! confirmation; and the cells themselves.

use super::Deferred;
use super::FLAG_COLUMN_WIDTH;
use super::Frame;
use super::GRID_KEYS;
use super::GRID_SPACING;
use super::MAX_LINES_PER_ROW;
use super::PRESENTATION_SCALE;
use super::display_title;
use super::editor_id;
use super::grid_id;
use super::sheet_by_id;
use super::view::CellRange;
use super::view::DataCell;
use super::view::GridKey;
use super::view::ViewCell;
use super::view::column_heading;
use super::view::column_width;
use super::view::count_f32;
use super::view::display_order;
use super::view::filter_order;
use super::view::header_hint;
use super::view::is_multiline;
use super::view::picker_choices;
use super::view::reveal_offset;
use super::view::view_position;
use super::view::whole_rows;
use crate::model::fmea::ActionPriority;
use crate::model::fmea::Column;
use crate::model::fmea::FmeaRow;
use crate::model::fmea::PriorityBasis;
use crate::model::fmea::Rating;
use crate::model::fmea::RatingKind;
use crate::model::fmea::RowFlag;
use crate::model::fmea::ValueKind;
use crate::ui::theme;
use egui::Align;
use egui::Color32;
use egui::FontSelection;
use egui::Id;
use egui::Key;
use egui::KeyboardShortcut;
use egui::Layout;
use egui::Modifiers;
use egui::Rect;
use egui::RichText;
use egui::Sense;
use egui::TextStyle;
use egui::Ui;
use egui::text::LayoutJob;
use egui::text::TextWrapping;
use egui_extras::Column as TableColumn;
use egui_extras::TableBuilder;

impl Frame<'_> {
    // --------------------------------------------------------------------------------------------------------
    // Drawing: the grid

    /// The grid: a frozen header and only the visible rows laid out. Returns what the user did in it.
    pub(super) fn grid_ui(&mut self, ui: &mut Ui, worksheet_id: &str) -> Vec<Deferred> {
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
        let compact = state.compact;
        let presenting = state.presentation;
        // The row-id cells drawn this frame, to pin the column at the left edge when the grid scrolls right.
        let mut pinned: Vec<(Rect, DataCell, String, Option<Color32>)> = Vec::new();
        let mut id_header: Option<Rect> = None;
        let output = hscroll.show(ui, |ui| {
            ui.style_mut().interaction.selectable_labels = false;
            // Cells sit 1 point apart, so the gaps read as grid lines.
            ui.spacing_mut().item_spacing = egui::vec2(GRID_SPACING, GRID_SPACING);
            // Each view keeps its own column widths (a user's resizing in one does not undo the other).
            let mut table = TableBuilder::new(ui)
                .id_salt(match (presenting, compact) {
                    (true, _) => "fmea_grid_presenting",
                    (false, true) => "fmea_grid_compact",
                    (false, false) => "fmea_grid",
                })
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
                    TableColumn::initial(
                        column_width(column, compact)
                            * if presenting { PRESENTATION_SCALE } else { 1.0 },
                    )
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
                                        egui::Label::new(
                                            RichText::new(column_heading(column, compact)).strong(),
                                        )
                                        .wrap(),
                                    )
                                    .on_hover_text(header_hint(column));
                                });
                            });
                        });
                        if response.clicked() {
                            deferred.push(Deferred::SelectColumn(column.index()));
                        }
                        if column == Column::RowId {
                            // The cell's own height: its bottom-up layout may report more.
                            id_header = Some(Rect::from_min_size(
                                response.rect.min,
                                egui::vec2(response.rect.width(), header_height),
                            ));
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
                            if column == Column::RowId {
                                pinned.push((response.rect, cell, fm.row_id.clone(), fill));
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
        pinned_ids_ui(ui, output.inner_rect, id_header, &pinned, &mut deferred);
        state.drawn.page_rows = whole_rows(output.inner_rect.height() - header_height, row_height);
        state.drawn.h_offset = output.state.clamped_offset().x;
        state.drawn.h_viewport = output.inner_rect.width();
        deferred
    }

    // --------------------------------------------------------------------------------------------------------
    // Drawing: editor, picker, delete confirmation

    /// The cell editor, floating over the edited cell, with the validation error and the key hints.
    pub(super) fn editor_ui(&mut self, worksheet_id: &str) {
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
    pub(super) fn picker_ui(&mut self, ui: &Ui, worksheet_id: &str) {
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
    pub(super) fn delete_modal_ui(&mut self) {
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
pub(super) fn basis_label(basis: PriorityBasis) -> &'static str {
    match basis {
        PriorityBasis::Initial => "before actions",
        PriorityBasis::Current => "after actions",
    }
}

/// How one cell looks: the row's AP tint and whether it is selected.
#[derive(Clone, Copy)]
pub(super) struct CellLook {
    pub(super) fill: Option<Color32>,
    pub(super) in_range: bool,
    pub(super) is_cursor: bool,
}

/// What every cell of the grid needs to draw itself.
pub(super) struct CellContext {
    /// Lines of text a cell shows before "…".
    pub(super) max_rows: usize,
}

impl CellContext {
    /// Draws one cell. Returns whether its picker button was clicked.
    pub(super) fn cell_ui(
        &self,
        ui: &mut Ui,
        row: &FmeaRow,
        column: Column,
        look: CellLook,
    ) -> bool {
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
pub(super) fn cell_background_ui(ui: &mut Ui, rect: Rect, look: CellLook) {
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
pub(super) fn flag_cell_ui(ui: &mut Ui, row: &FmeaRow, fill: Option<Color32>) {
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
pub(super) fn rating_tooltip_ui(ui: &mut Ui, kind: RatingKind, rating: Option<Rating>) {
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
pub(super) fn priority_badge_ui(ui: &mut Ui, priority: ActionPriority) {
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
pub(super) fn clipped_label_ui(ui: &mut Ui, text: String, max_rows: usize) {
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
/// The row-id column pinned at the grid's left edge while the grid is scrolled right (so a row's S, O, D and
/// AP are never read without its id). Each pinned id acts as its cell: a click selects it, a double click
/// edits it.
fn pinned_ids_ui(
    ui: &Ui,
    viewport: Rect,
    header: Option<Rect>,
    cells: &[(Rect, DataCell, String, Option<Color32>)],
    deferred: &mut Vec<Deferred>,
) {
    let Some(first) = cells.first() else {
        return;
    };
    // Only once the id column has scrolled (partly) out of view.
    if first.0.left() >= viewport.left() {
        return;
    }
    let width = first.0.width();
    let painter = ui.painter_at(viewport);
    let visuals = ui.visuals();
    let edge = egui::Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color);
    let at_left = |r: Rect| {
        Rect::from_min_size(
            egui::pos2(viewport.left(), r.top()),
            egui::vec2(width, r.height()),
        )
    };
    if let Some(h) = header {
        let r = at_left(h);
        painter.rect_filled(r, 0.0, visuals.panel_fill);
        painter.text(
            r.left_bottom() + egui::vec2(8.0, -5.0),
            egui::Align2::LEFT_BOTTOM,
            Column::RowId.header(),
            FontSelection::Default.resolve(ui.style()),
            visuals.strong_text_color(),
        );
        painter.vline(r.right(), r.y_range(), edge);
    }
    let body_top = header.map_or(viewport.top(), |h| h.bottom());
    for (rect, cell, row_id, fill) in cells {
        let r = at_left(*rect);
        if r.bottom() <= body_top || r.top() >= viewport.bottom() {
            continue;
        }
        let visible = r.intersect(Rect::everything_below(body_top));
        painter
            .with_clip_rect(visible)
            .rect_filled(r, 0.0, fill.unwrap_or(visuals.panel_fill));
        painter.with_clip_rect(visible).text(
            r.left_top() + egui::vec2(8.0, 4.0),
            egui::Align2::LEFT_TOP,
            row_id,
            FontSelection::Default.resolve(ui.style()),
            visuals.strong_text_color(),
        );
        painter.vline(r.right(), visible.y_range(), edge);
        let response = ui.interact(
            visible,
            Id::unique(("fmea_pinned_id", cell.row)),
            Sense::click(),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::RowHeader, true, format!("Pinned {row_id}"))
        });
        cell_interaction_ui(
            &response,
            Column::RowId,
            *cell,
            CellLook {
                fill: *fill,
                in_range: false,
                is_cursor: false,
            },
            deferred,
        );
    }
}

pub(super) fn cell_interaction_ui(
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
