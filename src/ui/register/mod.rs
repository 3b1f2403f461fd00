//! Map › Risk register: the spreadsheet a risk officer would otherwise keep, linked to the evidence.
//!
//! Inherent and residual heat maps side by side (risk ids in the cells; click a cell to filter), a sortable
//! and filterable table with keyboard navigation (↑/↓, Home/End), check boxes for bulk status changes,
//! overdue actions and reviews highlighted, and a detail pane that edits every field of the risk. Every
//! edit goes through the project's mutation gate, so undo, dirty marking and autosave work as everywhere.
//! The numbers (scores, bands, problems, appetite) come from `model::register`; this file only draws.

mod detail;
mod fields;
mod heat_map;

use std::collections::BTreeSet;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use self::detail::detail_ui;
use self::heat_map::heat_maps_ui;
use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use super::theme;
use crate::model::frameworks::FrameworkId;
use crate::model::palette;
use crate::model::register::query::{RegisterQuery, SortKey, next_due};
use crate::model::register::{
    Rating, Risk, RiskStatus, TreatmentOption, next_risk_id, set_status_bulk,
};
use crate::model::{Document, IsoDate, Project, RiskMatrix};

/// The register screen: the filter and sort order, the selected and checked risks, the bulk status.
#[derive(Clone, Debug)]
pub struct RegisterScreen {
    selected: Option<String>,
    checked: BTreeSet<String>,
    query: RegisterQuery,
    bulk_status: RiskStatus,
    scroll_to_selected: bool,
    /// The framework chosen in the detail pane's tag picker (kept while the app runs, for every risk).
    tag_framework: FrameworkId,
}

impl Default for RegisterScreen {
    fn default() -> Self {
        Self {
            selected: None,
            checked: BTreeSet::new(),
            query: RegisterQuery::default(),
            bulk_status: RiskStatus::InTreatment,
            scroll_to_selected: false,
            tag_framework: FrameworkId::EuAiAct,
        }
    }
}

impl RegisterScreen {
    /// Selects a risk and scrolls to it (after "create risk from finding" and links from other screens).
    pub fn select_risk(&mut self, risk_id: &str) {
        self.selected = Some(risk_id.to_owned());
        self.scroll_to_selected = true;
    }

    /// The id of the risk selected.
    #[must_use]
    pub fn selected(&self) -> Option<&str> {
        self.selected.as_deref()
    }
}

impl Screen for RegisterScreen {
    fn section(&self) -> Section {
        Section::Register
    }

    fn scrolls_itself(&self) -> bool {
        // The table and the detail pane scroll separately.
        true
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let request = register_ui(ui, cx.doc, self, cx.today);
        cx.request_some(request);
    }
}

/// The indices of the rows shown, in display order.
fn visible_rows(project: &Project, state: &RegisterScreen, today: IsoDate) -> Vec<usize> {
    state.query.rows(&project.risks, &project.settings, today)
}

/// Draws the register screen.
fn register_ui(
    ui: &mut Ui,
    doc: &mut Document,
    state: &mut RegisterScreen,
    today: IsoDate,
) -> Option<SectionRequest> {
    let ctx = ui.ctx().clone();
    let mut request = None;

    if let Some(selected) = &state.selected
        && !doc.project().risks.iter().any(|r| &r.risk_id == selected)
    {
        state.selected = None;
    }
    state
        .checked
        .retain(|id| doc.project().risks.iter().any(|r| &r.risk_id == id));

    // The pane keeps the width the user gave it: its rows wrap instead of pushing it wider (a wider pane
    // would shift the heat maps and the table under the mouse while typing).
    let widest = (ui.available_width() * 0.55).max(320.0);
    egui::Panel::right("risk_detail")
        .resizable(true)
        .default_size(380.0)
        .min_size(320.0)
        .max_size(widest)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("risk_detail_scroll")
                .auto_shrink(false)
                .show(ui, |ui| {
                    if let Some(r) = detail_ui(ui, doc, state, today) {
                        request = Some(r);
                    }
                });
        });

    egui::ScrollArea::both()
        .id_salt("register_scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.label(
                "Where findings become managed risks: rate each risk before and after its controls, choose a \
                 treatment (NIST AI RMF MANAGE 1.3), give actions owners and dates, and record who accepted what \
                 is left. Bands, colours, appetite and acceptance authority come from Govern › Settings.",
            );
            ui.add_space(6.0);
            if let Some(r) = toolbar_ui(ui, doc, state) {
                request = Some(r);
            }
            ui.add_space(6.0);
            heat_maps_ui(ui, doc.project(), state);
            ui.add_space(8.0);
            bulk_ui(ui, doc, state);
            table_ui(ui, doc.project(), state, today);
        });

    keyboard(&ctx, doc.project(), state, today);
    request
}

fn toolbar_ui(
    ui: &mut Ui,
    doc: &mut Document,
    state: &mut RegisterScreen,
) -> Option<SectionRequest> {
    let mut request = None;
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Add risk")
            .on_hover_text("A new, empty risk with the next free id")
            .clicked()
        {
            let id = doc.edit(|p| {
                let id = next_risk_id(&p.risks);
                let mut risk = Risk::new(id.clone());
                "New risk".clone_into(&mut risk.title);
                p.risks.push(risk);
                id
            });
            state.selected = Some(id);
            state.scroll_to_selected = true;
        }
        if ui.button("Import CSV…").clicked() {
            request = Some(SectionRequest::ImportRegisterCsv);
        }
        if ui
            .add_enabled(
                !doc.project().risks.is_empty(),
                egui::Button::new("Export CSV…"),
            )
            .clicked()
        {
            request = Some(SectionRequest::ExportRegisterCsv);
        }
        ui.separator();
        ui.label("Filter");
        ui.add(
            egui::TextEdit::singleline(&mut state.query.text)
                .hint_text("id, title, owner, group")
                .desired_width(180.0),
        );
        egui::ComboBox::from_id_salt("register_status_filter")
            .selected_text(state.query.status.map_or("Any status", RiskStatus::label))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.query.status, None, "Any status");
                for status in RiskStatus::ALL {
                    ui.selectable_value(&mut state.query.status, Some(*status), status.label());
                }
            });
        ui.checkbox(&mut state.query.flagged_only, "Flagged only")
            .on_hover_text("Overdue actions or reviews, needs review, or above appetite");
        if let Some((which, l, i)) = state.query.cell {
            let chip = format!("{} L{l} × I{i}  ✕", which.label());
            if ui
                .button(chip)
                .on_hover_text("Showing one heat-map cell; click to show all")
                .clicked()
            {
                state.query.cell = None;
            }
        }
    });
    request
}

fn bulk_ui(ui: &mut Ui, doc: &mut Document, state: &mut RegisterScreen) {
    if state.checked.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        ui.label(format!("{} selected:", state.checked.len()));
        let label = ui.label("set status to");
        egui::ComboBox::from_id_salt("register_bulk_status")
            .selected_text(state.bulk_status.label())
            .show_ui(ui, |ui| {
                for status in RiskStatus::ALL {
                    ui.selectable_value(&mut state.bulk_status, *status, status.label());
                }
            })
            .response
            .labelled_by(label.id);
        if ui
            .button("Apply to selected")
            .on_hover_text("One undo step for all selected risks")
            .clicked()
        {
            let ids: Vec<String> = state.checked.iter().cloned().collect();
            let status = state.bulk_status;
            doc.edit(|p| set_status_bulk(&mut p.risks, &ids, status));
        }
        if ui.button("Clear selection").clicked() {
            state.checked.clear();
        }
    });
    if state.bulk_status == RiskStatus::Accepted {
        ui.label(
            RichText::new(
                "Risks without an acceptance record will show a problem until one is recorded.",
            )
            .small()
            .color(theme::warn()),
        );
    }
}

fn table_ui(ui: &mut Ui, project: &Project, state: &mut RegisterScreen, today: IsoDate) {
    let rows = visible_rows(project, state, today);
    ui.label(
        RichText::new(format!("{} of {} risks", rows.len(), project.risks.len()))
            .small()
            .weak(),
    );
    if project.risks.is_empty() {
        ui.label(
            RichText::new(
                "No risks yet. Add one, import a register from CSV, or create one from a failed check in \
                 Measure › Fairness audits.",
            )
            .weak(),
        );
        return;
    }
    let matrix = &project.settings.risk_matrix;
    let scroll_row = state
        .scroll_to_selected
        .then(|| {
            rows.iter()
                .position(|&i| Some(&project.risks[i].risk_id) == state.selected.as_ref())
        })
        .flatten();
    state.scroll_to_selected = false;
    // A click anywhere on a row selects it: labels must not take the click for text selection.
    ui.style_mut().interaction.selectable_labels = false;
    let builder = TableBuilder::new(ui)
        .id_salt("register_table")
        .striped(true)
        .resizable(true)
        .vscroll(false)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(22.0))
        .column(Column::auto().at_least(44.0))
        // The title takes what is left, so the Flags column is never cut.
        .column(Column::remainder().at_least(120.0).clip(true))
        .column(Column::initial(120.0).clip(true))
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(90.0));
    builder
        .header(22.0, |mut header| {
            header.col(|_| {});
            for (label, key) in [
                ("ID", SortKey::Id),
                ("Title", SortKey::Title),
                ("Owner", SortKey::Owner),
                ("Inherent", SortKey::Inherent),
                ("Residual", SortKey::Residual),
                ("Treatment", SortKey::Treatment),
                ("Status", SortKey::Status),
                ("Next due", SortKey::NextDue),
                ("Flags", SortKey::Review),
            ] {
                header.col(|ui| {
                    let arrow = if state.query.sort == key {
                        if state.query.ascending { " ▲" } else { " ▼" }
                    } else {
                        ""
                    };
                    let hover = if key == SortKey::Review {
                        "Overdue actions and reviews, needs review, above appetite. Click to sort by review date"
                    } else {
                        "Click to sort"
                    };
                    if ui
                        .add(
                            egui::Button::new(RichText::new(format!("{label}{arrow}")).strong())
                                .frame(false),
                        )
                        .on_hover_text(hover)
                        .clicked()
                    {
                        if state.query.sort == key {
                            state.query.ascending = !state.query.ascending;
                        } else {
                            state.query.sort = key;
                            state.query.ascending = true;
                        }
                    }
                });
            }
        })
        .body(|mut body| {
            // Every row is laid out (registers hold tens to hundreds of risks), so the outer scroll area can
            // bring the selected one into view.
            for (position, &index) in rows.iter().enumerate() {
                body.row(24.0, |mut row| {
                let risk = &project.risks[index];
                let selected = state.selected.as_ref() == Some(&risk.risk_id);
                row.set_selected(selected);
                row.col(|ui| {
                    let mut checked = state.checked.contains(&risk.risk_id);
                    let response = ui.checkbox(&mut checked, "");
                    let name = format!("Select {}", risk.risk_id);
                    response.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::CheckBox, true, checked, &name)
                    });
                    if response
                        .on_hover_text(format!("Select {} for a bulk change", risk.risk_id))
                        .changed()
                    {
                        if checked {
                            state.checked.insert(risk.risk_id.clone());
                        } else {
                            state.checked.remove(&risk.risk_id);
                        }
                    }
                });
                row.col(|ui| {
                    ui.label(RichText::new(&risk.risk_id).monospace());
                });
                row.col(|ui| {
                    ui.label(&risk.title).on_hover_text(&risk.description);
                });
                row.col(|ui| {
                    ui.label(&risk.owner);
                });
                row.col(|ui| rating_chip(ui, matrix, risk.inherent));
                row.col(|ui| rating_chip(ui, matrix, risk.residual));
                row.col(|ui| {
                    ui.label(risk.treatment.map_or("—", TreatmentOption::label));
                });
                row.col(|ui| {
                    ui.label(risk.status.label());
                });
                row.col(|ui| {
                    let overdue = !risk.overdue_actions(today).is_empty();
                    let text = next_due(risk).map_or_else(|| "—".to_owned(), |d| d.to_string());
                    let text = RichText::new(text);
                    ui.label(if overdue {
                        text.color(theme::error())
                            .background_color(ui.visuals().extreme_bg_color)
                    } else {
                        text
                    });
                });
                row.col(|ui| flags_ui(ui, risk, project, today));
                let response = row.response();
                if scroll_row == Some(position) {
                    response.scroll_to_me(Some(egui::Align::Center));
                }
                if response.clicked() {
                    state.selected = Some(risk.risk_id.clone());
                }
                });
            }
        });
}

/// Score and band of a rating as a coloured chip.
pub(super) fn rating_chip(ui: &mut Ui, matrix: &RiskMatrix, rating: Option<Rating>) {
    let Some(rating) = rating else {
        ui.label(RichText::new("not rated").weak());
        return;
    };
    let score = rating.score();
    let band = matrix.band_index(score).and_then(|i| matrix.bands.get(i));
    let fill = band.map_or(palette::UNKNOWN, |b| b.colour);
    let name = band.map_or("?", |b| b.name.as_str());
    ui.label(
        RichText::new(format!(" {score} {name} "))
            .background_color(theme::color(fill))
            .color(theme::color(fill.contrasting_text())),
    )
    .on_hover_text(format!(
        "Likelihood {} ({}) × impact {} ({}) = {score}",
        rating.likelihood,
        level_label(&matrix.likelihood_labels, rating.likelihood),
        rating.impact,
        level_label(&matrix.impact_labels, rating.impact)
    ));
}

pub(super) fn level_label(labels: &[String], level: u8) -> &str {
    labels
        .get(usize::from(level).saturating_sub(1))
        .map_or("outside the scale", String::as_str)
}

fn flags_ui(ui: &mut Ui, risk: &Risk, project: &Project, today: IsoDate) {
    let overdue = risk.overdue_actions(today).len();
    if overdue > 0 {
        // On the field colour, so the red stays readable on a selected (blue) row.
        let field = ui.visuals().extreme_bg_color;
        ui.label(
            RichText::new(format!("{overdue} overdue"))
                .color(theme::error())
                .background_color(field),
        )
        .on_hover_text("Actions past their due date that are not done");
    }
    if risk.status != RiskStatus::Closed && risk.review_date.is_some_and(|d| d < today) {
        ui.label(
            RichText::new("review due")
                .color(theme::error())
                .background_color(ui.visuals().extreme_bg_color),
        )
        .on_hover_text("The review date has passed");
    }
    if let Some(reason) = &risk.needs_review {
        ui.label(RichText::new("needs review").color(theme::warn()))
            .on_hover_text(reason);
    }
    if !risk.appetite_breaches(&project.settings).is_empty() {
        if risk.status == RiskStatus::Accepted {
            ui.label(RichText::new("above appetite, accepted").weak())
                .on_hover_text("Above the appetite for its category; formally accepted");
        } else {
            ui.label(RichText::new("above appetite").color(theme::warn()))
                .on_hover_text(
                    "The residual risk is above the appetite for its category and not accepted",
                );
        }
    }
}

fn keyboard(ctx: &egui::Context, project: &Project, state: &mut RegisterScreen, today: IsoDate) {
    // Only when no text field has the keyboard.
    let typing = ctx
        .memory(egui::Memory::focused)
        .is_some_and(|id| egui::TextEdit::load_state(ctx, id).is_some());
    if typing || project.risks.is_empty() {
        return;
    }
    let (up, down, home, end) = ctx.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, egui::Key::Home),
            i.consume_key(egui::Modifiers::NONE, egui::Key::End),
        )
    });
    if !(up || down || home || end) {
        return;
    }
    let rows = visible_rows(project, state, today);
    if rows.is_empty() {
        return;
    }
    let current = rows
        .iter()
        .position(|&i| Some(&project.risks[i].risk_id) == state.selected.as_ref());
    let last = rows.len() - 1;
    let next = if home {
        0
    } else if end {
        last
    } else {
        match (current, up) {
            (None, _) => 0,
            (Some(c), true) => c.saturating_sub(1),
            (Some(c), false) => (c + 1).min(last),
        }
    };
    state.selected = Some(project.risks[rows[next]].risk_id.clone());
    state.scroll_to_selected = true;
}
