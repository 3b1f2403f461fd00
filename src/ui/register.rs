//! Map › Risk register: the spreadsheet a risk officer would otherwise keep, linked to the evidence.
//!
//! Inherent and residual heat maps side by side (risk ids in the cells; click a cell to filter), a sortable
//! and filterable table with keyboard navigation (↑/↓, Home/End), check boxes for bulk status changes,
//! overdue actions and reviews highlighted, and a detail pane that edits every field of the risk. Every
//! edit goes through the project's mutation gate, so undo, dirty marking and autosave work as everywhere.
//! The numbers (scores, bands, problems, appetite) come from `model::register`; this file only draws.

use std::collections::BTreeSet;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::sections::{Section, SectionRequest};
use super::theme;
use crate::model::fmea::ActionStatus;
use crate::model::palette;
use crate::model::register::{
    Acceptance, Action, Control, ControlEffectiveness, EvidenceKind, EvidenceLink, Rating, Risk,
    RiskStatus, TreatmentOption, heat_map_counts, next_risk_id, set_status_bulk,
};
use crate::model::taxonomy::{TRUSTWORTHINESS, rmf_core};
use crate::model::{Document, IsoDate, LineOfDefence, Project, RiskMatrix};

/// Which rating a heat map shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Which {
    Inherent,
    Residual,
}

impl Which {
    fn label(self) -> &'static str {
        match self {
            Self::Inherent => "Inherent",
            Self::Residual => "Residual",
        }
    }

    fn rating(self, risk: &Risk) -> Option<Rating> {
        match self {
            Self::Inherent => risk.inherent,
            Self::Residual => risk.residual,
        }
    }
}

/// Table columns that can be sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortKey {
    Id,
    Title,
    Owner,
    Inherent,
    Residual,
    Treatment,
    Status,
    Review,
    NextDue,
}

/// View state of the screen, kept in egui memory between frames (not part of the project).
#[derive(Clone, Debug)]
struct RegisterState {
    selected: Option<String>,
    checked: BTreeSet<String>,
    text_filter: String,
    status_filter: Option<RiskStatus>,
    cell_filter: Option<(Which, u8, u8)>,
    flagged_only: bool,
    sort: SortKey,
    ascending: bool,
    bulk_status: RiskStatus,
    scroll_to_selected: bool,
}

impl Default for RegisterState {
    fn default() -> Self {
        Self {
            selected: None,
            checked: BTreeSet::new(),
            text_filter: String::new(),
            status_filter: None,
            cell_filter: None,
            flagged_only: false,
            sort: SortKey::Id,
            ascending: true,
            bulk_status: RiskStatus::InTreatment,
            scroll_to_selected: false,
        }
    }
}

fn state_id() -> egui::Id {
    egui::Id::unique("register_state")
}

/// Selects a risk in the register (used after "create risk from finding" and by links).
pub fn select_risk(ctx: &egui::Context, risk_id: &str) {
    ctx.data_mut(|d| {
        let state = d.get_temp_mut_or_default::<RegisterState>(state_id());
        state.selected = Some(risk_id.to_owned());
        state.scroll_to_selected = true;
    });
}

/// The ids of the rows shown, in display order.
fn visible_rows(project: &Project, state: &RegisterState, today: IsoDate) -> Vec<usize> {
    let needle = state.text_filter.trim().to_lowercase();
    let mut rows: Vec<usize> = project
        .risks
        .iter()
        .enumerate()
        .filter(|(_, r)| state.status_filter.is_none_or(|s| r.status == s))
        .filter(|(_, r)| {
            state.cell_filter.is_none_or(|(which, l, i)| {
                which
                    .rating(r)
                    .is_some_and(|x| x.likelihood == l && x.impact == i)
            })
        })
        .filter(|(_, r)| !state.flagged_only || is_flagged(r, project, today))
        .filter(|(_, r)| {
            needle.is_empty()
                || [
                    &r.risk_id,
                    &r.title,
                    &r.description,
                    &r.owner,
                    &r.affected_groups.join(" "),
                ]
                .iter()
                .any(|t| t.to_lowercase().contains(&needle))
        })
        .map(|(i, _)| i)
        .collect();
    let risks = &project.risks;
    rows.sort_by(|&a, &b| {
        let (x, y) = (&risks[a], &risks[b]);
        let order = match state.sort {
            SortKey::Id => id_number(&x.risk_id).cmp(&id_number(&y.risk_id)),
            SortKey::Title => x.title.to_lowercase().cmp(&y.title.to_lowercase()),
            SortKey::Owner => x.owner.to_lowercase().cmp(&y.owner.to_lowercase()),
            SortKey::Inherent => x
                .inherent
                .map(Rating::score)
                .cmp(&y.inherent.map(Rating::score)),
            SortKey::Residual => x
                .residual
                .map(Rating::score)
                .cmp(&y.residual.map(Rating::score)),
            SortKey::Treatment => x
                .treatment
                .map(TreatmentOption::label)
                .cmp(&y.treatment.map(TreatmentOption::label)),
            SortKey::Status => status_rank(x.status).cmp(&status_rank(y.status)),
            SortKey::Review => x.review_date.cmp(&y.review_date),
            SortKey::NextDue => next_due(x).cmp(&next_due(y)),
        }
        .then_with(|| id_number(&x.risk_id).cmp(&id_number(&y.risk_id)));
        if state.ascending {
            order
        } else {
            order.reverse()
        }
    });
    rows
}

/// Sorts `R-2` before `R-10`; other ids after, by text.
fn id_number(id: &str) -> (u64, String) {
    let number = id
        .strip_prefix(crate::model::register::RISK_ID_PREFIX)
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(u64::MAX);
    (number, id.to_owned())
}

fn status_rank(status: RiskStatus) -> usize {
    RiskStatus::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or(usize::MAX)
}

/// The earliest due date of an action still to do.
fn next_due(risk: &Risk) -> Option<IsoDate> {
    risk.actions
        .iter()
        .filter(|a| matches!(a.status, ActionStatus::Open | ActionStatus::InProgress))
        .filter_map(|a| a.due)
        .min()
}

/// Overdue actions, a passed review date, or a needs-review flag.
fn is_flagged(risk: &Risk, project: &Project, today: IsoDate) -> bool {
    risk.needs_review.is_some()
        || !risk.overdue_actions(today).is_empty()
        || (risk.status != RiskStatus::Closed && risk.review_date.is_some_and(|d| d < today))
        || (risk.status != RiskStatus::Accepted
            && !risk.appetite_breaches(&project.settings).is_empty())
}

/// Draws the register screen.
pub fn register_ui(ui: &mut Ui, doc: &mut Document, today: IsoDate) -> Option<SectionRequest> {
    let ctx = ui.ctx().clone();
    let mut state = ctx
        .data_mut(|d| d.get_temp::<RegisterState>(state_id()))
        .unwrap_or_default();
    let mut request = None;

    if let Some(selected) = &state.selected
        && !doc.project().risks.iter().any(|r| &r.risk_id == selected)
    {
        state.selected = None;
    }
    state
        .checked
        .retain(|id| doc.project().risks.iter().any(|r| &r.risk_id == id));

    egui::Panel::right("risk_detail")
        .resizable(true)
        .default_size(380.0)
        .min_size(320.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("risk_detail_scroll")
                .auto_shrink(false)
                .show(ui, |ui| {
                    if let Some(r) = detail_ui(ui, doc, &mut state, today) {
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
            if let Some(r) = toolbar_ui(ui, doc, &mut state) {
                request = Some(r);
            }
            ui.add_space(6.0);
            heat_maps_ui(ui, doc.project(), &mut state);
            ui.add_space(8.0);
            bulk_ui(ui, doc, &mut state);
            table_ui(ui, doc.project(), &mut state, today);
        });

    keyboard(&ctx, doc.project(), &mut state, today);
    ctx.data_mut(|d| d.insert_temp(state_id(), state));
    request
}

fn toolbar_ui(
    ui: &mut Ui,
    doc: &mut Document,
    state: &mut RegisterState,
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
            egui::TextEdit::singleline(&mut state.text_filter)
                .hint_text("id, title, owner, group")
                .desired_width(180.0),
        );
        egui::ComboBox::from_id_salt("register_status_filter")
            .selected_text(state.status_filter.map_or("Any status", RiskStatus::label))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.status_filter, None, "Any status");
                for status in RiskStatus::ALL {
                    ui.selectable_value(&mut state.status_filter, Some(*status), status.label());
                }
            });
        ui.checkbox(&mut state.flagged_only, "Flagged only")
            .on_hover_text("Overdue actions or reviews, needs review, or above appetite");
        if let Some((which, l, i)) = state.cell_filter {
            let chip = format!("{} L{l} × I{i}  ✕", which.label());
            if ui
                .button(chip)
                .on_hover_text("Showing one heat-map cell; click to show all")
                .clicked()
            {
                state.cell_filter = None;
            }
        }
    });
    request
}

/// Inherent and residual heat maps side by side; a click on a cell filters the table to it.
fn heat_maps_ui(ui: &mut Ui, project: &Project, state: &mut RegisterState) {
    let matrix = &project.settings.risk_matrix;
    let width = ((ui.available_width() - 44.0) / 2.0).clamp(220.0, 460.0);
    ui.horizontal_top(|ui| {
        for which in [Which::Inherent, Which::Residual] {
            ui.vertical(|ui| {
                let counts = crate::model::register::counts_by_band(
                    &project.risks,
                    matrix,
                    which == Which::Residual,
                );
                let summary = matrix
                    .bands
                    .iter()
                    .zip(&counts)
                    .map(|(b, n)| format!("{} {n}", b.name))
                    .collect::<Vec<_>>()
                    .join(" · ");
                ui.label(RichText::new(format!("{} risk", which.label())).strong());
                ui.label(RichText::new(summary).small());
                let cells = heat_map_counts(&project.risks, matrix, which == Which::Residual);
                if let Some((l, i)) =
                    heat_map_ui(ui, matrix, &cells, which, state.cell_filter, width)
                {
                    state.cell_filter = if state.cell_filter == Some((which, l, i)) {
                        None
                    } else {
                        Some((which, l, i))
                    };
                }
            });
            ui.add_space(18.0);
        }
    });
    let scale = |labels: &[String]| {
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} {l}", i + 1))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    ui.label(
        RichText::new(format!(
            "Likelihood (rows): {}.   Impact (columns): {}.",
            scale(&matrix.likelihood_labels),
            scale(&matrix.impact_labels)
        ))
        .small()
        .weak(),
    );
}

/// One heat map; returns the cell clicked as (likelihood, impact). Each cell is its own widget, labelled
/// "Inherent L4 × I3: R-1, R-5" for screen readers and tests.
#[expect(
    clippy::needless_range_loop,
    reason = "the loop indices are the matrix levels: they place cells and name them, not only index"
)]
fn heat_map_ui(
    ui: &mut Ui,
    matrix: &RiskMatrix,
    cells: &[Vec<Vec<String>>],
    which: Which,
    filter: Option<(Which, u8, u8)>,
    width: f32,
) -> Option<(u8, u8)> {
    let axis = 26.0;
    let rows = matrix.likelihood_labels.len();
    let cols = matrix.impact_labels.len();
    #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
    let cell = egui::vec2(
        ((width - axis) / cols.max(1) as f32).clamp(36.0, 86.0),
        40.0,
    );
    #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
    let size = egui::vec2(axis + cell.x * cols as f32, cell.y * rows as f32 + 30.0);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let text = ui.visuals().text_color();
    let small = egui::FontId::proportional(10.5);
    let mut clicked = None;
    for l in 0..rows {
        #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
        let y = rect.min.y + (rows - 1 - l) as f32 * cell.y;
        painter.text(
            egui::pos2(rect.min.x + axis - 8.0, y + cell.y / 2.0),
            egui::Align2::RIGHT_CENTER,
            format!("{}", l + 1),
            small.clone(),
            text,
        );
        for i in 0..cols {
            let (likelihood, impact) = (
                u8::try_from(l + 1).unwrap_or(u8::MAX),
                u8::try_from(i + 1).unwrap_or(u8::MAX),
            );
            #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
            let min = egui::pos2(rect.min.x + axis + i as f32 * cell.x, y);
            let r = egui::Rect::from_min_size(min, cell - egui::vec2(2.0, 2.0));
            let band = matrix.band_of(u32::from(likelihood), u32::from(impact));
            let fill = band.map_or(palette::UNKNOWN, |b| b.colour);
            painter.rect_filled(r, 3.0, theme::color(fill));
            let ids = &cells[l][i];
            let ink = theme::color(fill.contrasting_text());
            // As many ids as fit on one line, then "+n".
            let fits = ((cell.x - 6.0) / 30.0).floor().max(1.0);
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a small positive count"
            )]
            let fits = fits as usize;
            let shown = if ids.len() <= fits {
                ids.join(" ")
            } else {
                format!(
                    "{} +{}",
                    ids[..fits.saturating_sub(1).max(1)].join(" "),
                    ids.len() - fits.saturating_sub(1).max(1)
                )
            };
            if !shown.is_empty() {
                painter.text(
                    r.center(),
                    egui::Align2::CENTER_CENTER,
                    shown,
                    egui::FontId::proportional(11.0),
                    ink,
                );
            }
            if filter == Some((which, likelihood, impact)) {
                painter.rect_stroke(
                    r,
                    3.0,
                    egui::Stroke::new(2.5, ui.visuals().strong_text_color()),
                    egui::StrokeKind::Inside,
                );
            }
            let name = format!(
                "{} L{likelihood} × I{impact}: {}",
                which.label(),
                if ids.is_empty() {
                    "no risks".to_owned()
                } else {
                    ids.join(", ")
                }
            );
            let response = ui.interact(
                r,
                egui::Id::unique(("heat_cell", which.label(), likelihood, impact)),
                egui::Sense::click(),
            );
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            let band_name = band.map_or("no band", |b| b.name.as_str());
            let response = response.on_hover_text(format!(
                "{name}\nScore {} ({band_name}). Click to show only this cell.",
                u32::from(likelihood) * u32::from(impact)
            ));
            if response.clicked() {
                clicked = Some((likelihood, impact));
            }
        }
    }
    #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
    let bottom = rect.min.y + cell.y * rows as f32;
    for i in 0..cols {
        #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
        let x = rect.min.x + axis + i as f32 * cell.x + cell.x / 2.0;
        painter.text(
            egui::pos2(x, bottom + 8.0),
            egui::Align2::CENTER_CENTER,
            format!("{}", i + 1),
            small.clone(),
            text,
        );
    }
    painter.text(
        egui::pos2(rect.min.x + axis, bottom + 22.0),
        egui::Align2::LEFT_CENTER,
        "Impact →   Likelihood ↑",
        small,
        ui.visuals().weak_text_color(),
    );
    clicked
}

fn bulk_ui(ui: &mut Ui, doc: &mut Document, state: &mut RegisterState) {
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

fn table_ui(ui: &mut Ui, project: &Project, state: &mut RegisterState, today: IsoDate) {
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
                    let arrow = if state.sort == key {
                        if state.ascending { " ▲" } else { " ▼" }
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
                        if state.sort == key {
                            state.ascending = !state.ascending;
                        } else {
                            state.sort = key;
                            state.ascending = true;
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
fn rating_chip(ui: &mut Ui, matrix: &RiskMatrix, rating: Option<Rating>) {
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

fn level_label(labels: &[String], level: u8) -> &str {
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

fn keyboard(ctx: &egui::Context, project: &Project, state: &mut RegisterState, today: IsoDate) {
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

// ---------------------------------------------------------------------------------------------
// Detail pane
// ---------------------------------------------------------------------------------------------

fn detail_ui(
    ui: &mut Ui,
    doc: &mut Document,
    state: &mut RegisterState,
    today: IsoDate,
) -> Option<SectionRequest> {
    let Some(selected) = state.selected.clone() else {
        ui.add_space(12.0);
        ui.label(
            RichText::new("Select a risk in the table (or use ↑ ↓) to see and edit it here.")
                .weak(),
        );
        return None;
    };
    let index = doc
        .project()
        .risks
        .iter()
        .position(|r| r.risk_id == selected)?;
    let mut request = None;
    let settings = doc.project().settings.clone();
    let matrix = settings.risk_matrix.clone();
    let problems = doc.project().risks[index].all_problems(&settings, today);
    let context_groups: Vec<String> = doc
        .project()
        .context
        .affected_groups
        .iter()
        .map(|g| g.name.clone())
        .collect();
    let audits: Vec<String> = doc
        .project()
        .audits
        .iter()
        .map(|a| a.name.clone())
        .collect();
    let custom: Vec<(String, String)> = doc
        .project()
        .custom_categories
        .iter()
        .map(|c| (c.category_id.clone(), c.name.clone()))
        .collect();

    ui.horizontal(|ui| {
        ui.heading(&selected);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Delete risk")
                .on_hover_text("Removes the risk (Edit › Undo brings it back)")
                .clicked()
            {
                doc.edit(|p| p.risks.retain(|r| r.risk_id != selected));
                state.selected = None;
            }
        });
    });
    state.selected.as_ref()?;

    if let Some(reason) = doc.project().risks[index].needs_review.clone() {
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.5, theme::warn()))
            .show(ui, |ui| {
                ui.label(RichText::new("Needs review").strong().color(theme::warn()));
                ui.label(&reason);
                if ui
                    .button("Mark as reviewed")
                    .on_hover_text("Clears the flag; re-check the ratings and evidence first")
                    .clicked()
                {
                    request = Some(SectionRequest::MarkReviewed(selected.clone()));
                }
            });
    }
    if !problems.is_empty() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new("To resolve").strong().color(theme::error()));
            for p in &problems {
                ui.label(format!("• {p}"));
            }
        });
    }

    let risk = &mut doc.project_mut().risks[index];
    section(ui, "Inherent rating (before controls)", true, |ui| {
        rating_ui(ui, ("inherent", &selected), &mut risk.inherent, &matrix);
    });

    section(ui, "Residual rating (with controls)", true, |ui| {
        let was_rated = risk.residual.is_some();
        rating_ui(ui, ("residual", &selected), &mut risk.residual, &matrix);
        if !was_rated && risk.residual.is_some() && risk.inherent.is_some() {
            // Controls lower a rating: start from the inherent one, not 1 × 1.
            risk.residual = risk.inherent;
        }
    });

    section(ui, "Risk", true, |ui| {
        labelled(ui, "Title", |ui| {
            ui.add(egui::TextEdit::singleline(&mut risk.title).desired_width(f32::INFINITY))
        });
        labelled(ui, "Description", |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut risk.description)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
        });
        labelled(ui, "Cause", |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut risk.cause)
                    .desired_rows(1)
                    .desired_width(f32::INFINITY),
            )
        });
        labelled(ui, "Event", |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut risk.event)
                    .desired_rows(1)
                    .desired_width(f32::INFINITY),
            )
        });
        labelled(ui, "Consequence", |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut risk.consequence)
                    .desired_rows(1)
                    .desired_width(f32::INFINITY),
            )
        });
        labelled(ui, "Affected groups", |ui| {
            list_field(
                ui,
                egui::Id::unique(("groups", &selected)),
                &mut risk.affected_groups,
                "one per line",
            )
        });
        if !context_groups.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("From Map › Context:").small().weak());
                for g in &context_groups {
                    if !risk.affected_groups.contains(g)
                        && ui.small_button(format!("+ {g}")).clicked()
                    {
                        risk.affected_groups.push(g.clone());
                    }
                }
            });
        }
    });

    section(ui, "Categories", false, |ui| {
        ui.label(
            RichText::new("NIST trustworthiness characteristics")
                .small()
                .strong(),
        );
        ui.horizontal_wrapped(|ui| {
            for (id, name) in TRUSTWORTHINESS {
                let mut on = risk.trustworthiness.iter().any(|t| t == id);
                if ui.checkbox(&mut on, name).changed() {
                    if on {
                        risk.trustworthiness.push(id.to_owned());
                    } else {
                        risk.trustworthiness.retain(|t| t != id);
                    }
                }
            }
        });
        categories_ui(ui, risk, &selected, &custom);
        ui.label(RichText::new("NIST AI RMF subcategories").small().strong());
        rmf_picker_ui(ui, &mut risk.rmf_subcategories, &selected);
    });

    section(ui, "Ownership", false, |ui| {
        labelled(ui, "Owner", |ui| {
            ui.add(egui::TextEdit::singleline(&mut risk.owner).desired_width(220.0))
        });
        labelled(ui, "Line of defence", |ui| {
            egui::ComboBox::from_id_salt(("lod", &selected))
                .selected_text(risk.line_of_defence.label())
                .show_ui(ui, |ui| {
                    for lod in LineOfDefence::ALL {
                        ui.selectable_value(&mut risk.line_of_defence, lod, lod.label());
                    }
                })
                .response
        });
        labelled(ui, "Review date", |ui| {
            date_field(
                ui,
                egui::Id::unique(("review", &selected)),
                &mut risk.review_date,
            )
        });
        labelled(ui, "Status", |ui| {
            egui::ComboBox::from_id_salt(("status", &selected))
                .selected_text(risk.status.label())
                .show_ui(ui, |ui| {
                    for status in RiskStatus::ALL {
                        ui.selectable_value(&mut risk.status, *status, status.label());
                    }
                })
                .response
        });
    });

    section(ui, "Controls", false, |ui| {
        controls_ui(ui, &mut risk.controls, &selected);
    });

    section(ui, "Treatment (MANAGE 1.3)", true, |ui| {
        labelled(ui, "Option", |ui| {
            egui::ComboBox::from_id_salt(("treatment", &selected))
                .selected_text(risk.treatment.map_or("Not chosen", TreatmentOption::label))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut risk.treatment, None, "Not chosen");
                    for option in TreatmentOption::ALL {
                        ui.selectable_value(&mut risk.treatment, Some(*option), option.label());
                    }
                })
                .response
        });
        labelled(ui, "Rationale", |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut risk.treatment_rationale)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
        });
    });

    section(ui, "Actions", true, |ui| {
        actions_ui(ui, &mut risk.actions, &selected, today);
    });

    section(ui, "Acceptance of residual risk", false, |ui| {
        acceptance_ui(ui, risk, &matrix, &selected);
    });

    section(ui, "Business impact", false, |ui| {
        labelled(ui, "KPI threatened", |ui| {
            ui.add(egui::TextEdit::singleline(&mut risk.business_impact.kpi).desired_width(240.0))
        });
        ui.horizontal(|ui| {
            ui.label("Estimated cost");
            let mut has = risk.business_impact.estimated_cost.is_some();
            if ui.checkbox(&mut has, "").changed() {
                risk.business_impact.estimated_cost = has.then_some(0.0);
            }
            if let Some(cost) = &mut risk.business_impact.estimated_cost {
                ui.add(
                    egui::DragValue::new(cost)
                        .speed(1000.0)
                        .range(0.0..=f64::MAX),
                );
            }
            ui.add(
                egui::TextEdit::singleline(&mut risk.business_impact.currency)
                    .hint_text("EUR")
                    .desired_width(50.0),
            );
        });
    });

    section(ui, "Evidence and links", true, |ui| {
        evidence_ui(ui, &mut risk.evidence, &selected, &audits);
        labelled(ui, "Bow-tie ids", |ui| {
            list_field(
                ui,
                egui::Id::unique(("bowties", &selected)),
                &mut risk.bowtie_ids,
                "one per line",
            )
        });
        labelled(ui, "FMEA rows", |ui| {
            list_field(
                ui,
                egui::Id::unique(("fmea", &selected)),
                &mut risk.fmea_rows,
                "worksheet/row, one per line",
            )
        });
        if ui.small_button("Open the FMEA worksheets").clicked() {
            request = Some(SectionRequest::Goto(Section::Fmea));
        }
    });
    request
}

fn section(ui: &mut Ui, title: &str, open: bool, add: impl FnOnce(&mut Ui)) {
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .default_open(open)
        .show(ui, add);
}

/// A label above a widget, with the widget labelled by it for screen readers and tests.
fn labelled(ui: &mut Ui, label: &str, add: impl FnOnce(&mut Ui) -> egui::Response) {
    let label = ui.label(RichText::new(label).small());
    let response = add(ui);
    response.labelled_by(label.id);
}

/// A multi-line text field editing a list, one item per line; the text is kept while the field has focus so
/// typing a new line does not lose it.
pub(super) fn list_field(
    ui: &mut Ui,
    id: egui::Id,
    items: &mut Vec<String>,
    hint: &str,
) -> egui::Response {
    let mut text = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| items.join("\n"));
    let response = ui.add(
        egui::TextEdit::multiline(&mut text)
            .id(id)
            .hint_text(hint)
            .desired_rows(1)
            .desired_width(f32::INFINITY),
    );
    if response.changed() {
        *items = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
    }
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
    response
}

/// A date written YYYY-MM-DD; empty means none (see [`super::date_input::date_field`]).
pub(super) fn date_field(ui: &mut Ui, id: egui::Id, value: &mut Option<IsoDate>) -> egui::Response {
    super::date_input::date_field(ui, id, value)
}

fn rating_ui(ui: &mut Ui, salt: (&str, &String), rating: &mut Option<Rating>, matrix: &RiskMatrix) {
    let mut rated = rating.is_some();
    ui.horizontal(|ui| {
        if ui.checkbox(&mut rated, "Rated").changed() {
            *rating = rated.then(|| Rating::new(1, 1));
        }
        if let Some(r) = rating.as_mut() {
            for (axis, labels, value) in [
                ("Likelihood", &matrix.likelihood_labels, &mut r.likelihood),
                ("Impact", &matrix.impact_labels, &mut r.impact),
            ] {
                let label = ui.label(axis);
                egui::ComboBox::from_id_salt((salt.0, salt.1, axis))
                    .selected_text(format!("{value} {}", level_label(labels, *value)))
                    .show_ui(ui, |ui| {
                        for (i, name) in labels.iter().enumerate() {
                            let level = u8::try_from(i + 1).unwrap_or(u8::MAX);
                            ui.selectable_value(value, level, format!("{level} {name}"));
                        }
                    })
                    .response
                    .labelled_by(label.id);
            }
        }
    });
    if let Some(r) = rating {
        ui.horizontal(|ui| {
            ui.label("Score");
            rating_chip(ui, matrix, Some(*r));
            if let Some(band) = matrix
                .band_index(r.score())
                .and_then(|i| matrix.bands.get(i))
                && !band.acceptance_authority.trim().is_empty()
            {
                ui.label(
                    RichText::new(format!("acceptance by {}", band.acceptance_authority))
                        .small()
                        .weak(),
                );
            }
        });
    }
}

/// MIT AI Risk Repository domain, subdomain and causal factors, custom categories and ISO/IEC references.
fn categories_ui(ui: &mut Ui, risk: &mut Risk, selected: &str, custom: &[(String, String)]) {
    use crate::model::taxonomy::{MitEntity, MitIntent, MitTiming, iso_ids, mit_repository};
    let Ok(mit) = mit_repository() else {
        ui.label(
            RichText::new("The MIT AI Risk Repository asset could not be read")
                .color(theme::error()),
        );
        return;
    };
    ui.label(RichText::new("MIT AI Risk Repository").small().strong());
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(RichText::new("Subdomain").small());
        let shown = risk
            .mit_subdomain
            .as_deref()
            .and_then(|id| mit.subdomain(id))
            .map_or_else(
                || {
                    risk.mit_domain
                        .as_deref()
                        .and_then(|id| mit.domain(id))
                        .map_or_else(
                            || "Not classified".to_owned(),
                            |d| format!("{} (domain)", d.label()),
                        )
                },
                crate::model::taxonomy::MitSubdomain::label,
            );
        egui::ComboBox::from_id_salt(("mit_sub", selected))
            .selected_text(shown)
            .width(330.0)
            .height(380.0)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(risk.mit_domain.is_none(), "Not classified")
                    .clicked()
                {
                    risk.mit_domain = None;
                    risk.mit_subdomain = None;
                }
                for domain in &mit.domains {
                    ui.label(RichText::new(domain.label()).strong());
                    for sub in &domain.subdomains {
                        let on = risk.mit_subdomain.as_deref() == Some(sub.id.as_str());
                        if ui
                            .selectable_label(on, format!("   {}", sub.label()))
                            .on_hover_text(&sub.description)
                            .clicked()
                        {
                            risk.mit_domain = Some(domain.id.clone());
                            risk.mit_subdomain = Some(sub.id.clone());
                        }
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.horizontal_wrapped(|ui| {
        macro_rules! causal {
            ($label:literal, $field:ident, $ty:ty, $salt:literal) => {
                let label = ui.label(RichText::new($label).small());
                egui::ComboBox::from_id_salt(($salt, selected))
                    .selected_text(risk.taxonomy.$field.map_or("—", <$ty>::label))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut risk.taxonomy.$field, None, "—");
                        for level in <$ty>::ALL {
                            ui.selectable_value(
                                &mut risk.taxonomy.$field,
                                Some(level),
                                level.label(),
                            );
                        }
                    })
                    .response
                    .labelled_by(label.id);
            };
        }
        causal!("Entity", mit_entity, MitEntity, "mit_entity");
        causal!("Intent", mit_intent, MitIntent, "mit_intent");
        causal!("Timing", mit_timing, MitTiming, "mit_timing");
    });
    if !custom.is_empty() {
        ui.label(RichText::new("Custom categories").small().strong());
        ui.horizontal_wrapped(|ui| {
            for (id, name) in custom {
                let mut on = risk.taxonomy.custom_categories.contains(id);
                if ui.checkbox(&mut on, name).changed() {
                    if on {
                        risk.taxonomy.custom_categories.push(id.clone());
                    } else {
                        risk.taxonomy.custom_categories.retain(|c| c != id);
                    }
                }
            }
        });
    }
    ui.label(
        RichText::new("ISO/IEC 23894 and 42001 references")
            .small()
            .strong(),
    );
    ui.horizontal_wrapped(|ui| {
        let mut remove = None;
        for (i, reference) in risk.taxonomy.iso_refs.iter().enumerate() {
            if ui
                .small_button(format!("{reference} ✕"))
                .on_hover_text("Remove")
                .clicked()
            {
                remove = Some(i);
            }
        }
        if let Some(i) = remove {
            risk.taxonomy.iso_refs.remove(i);
        }
        if let Ok(iso) = iso_ids() {
            egui::ComboBox::from_id_salt(("iso_add", selected))
                .selected_text("Add…")
                .width(380.0)
                .height(360.0)
                .show_ui(ui, |ui| {
                    for (reference, label) in iso.references() {
                        if risk.taxonomy.iso_refs.contains(&reference) {
                            continue;
                        }
                        if ui
                            .selectable_label(false, format!("{reference}  {label}"))
                            .clicked()
                        {
                            risk.taxonomy.iso_refs.push(reference);
                        }
                    }
                });
        }
    });
}

/// The RMF subcategories of a risk as removable chips, plus a searchable picker of all 72.
fn rmf_picker_ui(ui: &mut Ui, ids: &mut Vec<String>, selected: &str) {
    ui.horizontal_wrapped(|ui| {
        let mut remove = None;
        for (i, id) in ids.iter().enumerate() {
            if ui
                .small_button(format!("{id} ✕"))
                .on_hover_text("Remove")
                .clicked()
            {
                remove = Some(i);
            }
        }
        if let Some(i) = remove {
            ids.remove(i);
        }
        let Ok(core) = rmf_core() else {
            ui.label(
                RichText::new("The NIST AI RMF asset could not be read").color(theme::error()),
            );
            return;
        };
        egui::ComboBox::from_id_salt(("rmf_add", selected))
            .selected_text("Add…")
            .height(360.0)
            .width(420.0)
            .show_ui(ui, |ui| {
                for function in &core.functions {
                    ui.label(RichText::new(&function.title).strong());
                    for category in &function.categories {
                        for sub in &category.subcategories {
                            if ids.contains(&sub.id) {
                                continue;
                            }
                            let text: String = sub.text.chars().take(90).collect();
                            if ui
                                .selectable_label(false, format!("{} {text}…", sub.id))
                                .on_hover_text(&sub.text)
                                .clicked()
                            {
                                ids.push(sub.id.clone());
                            }
                        }
                    }
                }
            });
    });
}

fn controls_ui(ui: &mut Ui, controls: &mut Vec<Control>, selected: &str) {
    let mut remove = None;
    for (i, control) in controls.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label(RichText::new(format!("Control {}", i + 1)).small());
                ui.add(
                    egui::TextEdit::singleline(&mut control.name)
                        .hint_text("name")
                        .desired_width(200.0),
                )
                .labelled_by(label.id);
                egui::ComboBox::from_id_salt(("control_eff", selected, i))
                    .selected_text(control.effectiveness.label())
                    .show_ui(ui, |ui| {
                        for e in ControlEffectiveness::ALL {
                            ui.selectable_value(&mut control.effectiveness, *e, e.label());
                        }
                    });
                if ui
                    .small_button("✕")
                    .on_hover_text("Remove control")
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            ui.add(
                egui::TextEdit::multiline(&mut control.description)
                    .hint_text("what it does, how it is tested")
                    .desired_rows(1)
                    .desired_width(f32::INFINITY),
            );
            ui.horizontal(|ui| {
                ui.label(RichText::new("Owner").small());
                ui.add(egui::TextEdit::singleline(&mut control.owner).desired_width(180.0));
            });
        });
    }
    if let Some(i) = remove {
        controls.remove(i);
    }
    if ui.button("Add control").clicked() {
        controls.push(Control {
            name: String::new(),
            description: String::new(),
            effectiveness: ControlEffectiveness::NotTested,
            owner: String::new(),
        });
    }
}

fn actions_ui(ui: &mut Ui, actions: &mut Vec<Action>, selected: &str, today: IsoDate) {
    let mut remove = None;
    for (i, action) in actions.iter_mut().enumerate() {
        let overdue = action.is_overdue(today);
        let frame = egui::Frame::group(ui.style());
        let frame = if overdue {
            frame.stroke(egui::Stroke::new(1.5, theme::error()))
        } else {
            frame
        };
        frame.show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut action.action_id)
                        .hint_text("id")
                        .desired_width(50.0),
                );
                ui.add(
                    egui::TextEdit::singleline(&mut action.description)
                        .hint_text("what will be done")
                        .desired_width(f32::INFINITY),
                );
            });
            ui.horizontal(|ui| {
                ui.label(RichText::new("Owner").small());
                ui.add(egui::TextEdit::singleline(&mut action.owner).desired_width(130.0));
                let due = ui.label(RichText::new("Due").small());
                date_field(
                    ui,
                    egui::Id::unique(("action_due", selected, i)),
                    &mut action.due,
                )
                .labelled_by(due.id);
                egui::ComboBox::from_id_salt(("action_status", selected, i))
                    .selected_text(action.status.label())
                    .show_ui(ui, |ui| {
                        for s in ActionStatus::ALL {
                            ui.selectable_value(&mut action.status, s, s.label());
                        }
                    });
                if ui
                    .small_button("✕")
                    .on_hover_text("Remove action")
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            ui.horizontal(|ui| {
                ui.label(RichText::new("KRI").small());
                ui.add(
                    egui::TextEdit::singleline(&mut action.kri)
                        .hint_text("key risk indicator and its trigger")
                        .desired_width(f32::INFINITY),
                );
            });
            if overdue {
                ui.label(RichText::new("Overdue").small().color(theme::error()));
            }
        });
    }
    if let Some(i) = remove {
        actions.remove(i);
    }
    if ui.button("Add action").clicked() {
        let next = actions.len() + 1;
        actions.push(Action {
            action_id: format!("A{next}"),
            ..Action::default()
        });
    }
}

fn acceptance_ui(ui: &mut Ui, risk: &mut Risk, matrix: &RiskMatrix, selected: &str) {
    if let Some(band) = risk.residual_band(matrix).and_then(|i| matrix.bands.get(i)) {
        let who = if band.acceptance_authority.trim().is_empty() {
            "anyone (no authority set for this band)".to_owned()
        } else {
            band.acceptance_authority.clone()
        };
        ui.label(
            RichText::new(format!("Residual band {}: accepted by {who}", band.name))
                .small()
                .weak(),
        );
    }
    let mut recorded = risk.acceptance.is_some();
    if ui
        .checkbox(&mut recorded, "Acceptance recorded")
        .on_hover_text("Required before the status can be Accepted")
        .changed()
    {
        risk.acceptance = recorded.then(|| Acceptance {
            accepted_by: String::new(),
            role: String::new(),
            date: IsoDate::today(),
            conditions: String::new(),
            expiry: None,
        });
    }
    let Some(acceptance) = risk.acceptance.as_mut() else {
        return;
    };
    labelled(ui, "Accepted by", |ui| {
        ui.add(egui::TextEdit::singleline(&mut acceptance.accepted_by).desired_width(220.0))
    });
    labelled(ui, "Role", |ui| {
        ui.add(egui::TextEdit::singleline(&mut acceptance.role).desired_width(220.0))
    });
    let mut date = Some(acceptance.date);
    labelled(ui, "Date", |ui| {
        date_field(ui, egui::Id::unique(("acc_date", selected)), &mut date)
    });
    if let Some(d) = date {
        acceptance.date = d;
    }
    labelled(ui, "Conditions", |ui| {
        ui.add(
            egui::TextEdit::multiline(&mut acceptance.conditions)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
    });
    labelled(ui, "Expiry", |ui| {
        date_field(
            ui,
            egui::Id::unique(("acc_expiry", selected)),
            &mut acceptance.expiry,
        )
    });
}

fn evidence_ui(ui: &mut Ui, evidence: &mut Vec<EvidenceLink>, selected: &str, audits: &[String]) {
    let mut remove = None;
    for (i, link) in evidence.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt(("evidence_kind", selected, i))
                    .selected_text(link.kind.label())
                    .show_ui(ui, |ui| {
                        for k in EvidenceKind::ALL {
                            ui.selectable_value(&mut link.kind, *k, k.label());
                        }
                    });
                ui.add(
                    egui::TextEdit::singleline(&mut link.reference)
                        .hint_text("audit › check, file, document id")
                        .desired_width(f32::INFINITY),
                );
            });
            ui.add(
                egui::TextEdit::singleline(&mut link.note)
                    .hint_text("what it shows, with the numbers")
                    .desired_width(f32::INFINITY),
            );
            ui.horizontal(|ui| {
                if let Some(check) = &link.check {
                    let known = audits.contains(&check.audit_name);
                    let text = format!(
                        "{} when linked{}",
                        if check.failed { "failed" } else { "passed" },
                        if known {
                            ""
                        } else {
                            " (audit no longer in the project)"
                        }
                    );
                    ui.label(RichText::new(text).small().weak());
                }
                if let Some(sha) = &link.dataset_sha256 {
                    ui.label(
                        RichText::new(format!("data {}", sha.get(..12).unwrap_or(sha)))
                            .small()
                            .monospace(),
                    )
                    .on_hover_text(format!(
                        "SHA-256 of the dataset the evidence was computed on: {sha}"
                    ));
                }
                if ui.small_button("✕").on_hover_text("Remove link").clicked() {
                    remove = Some(i);
                }
            });
        });
    }
    if let Some(i) = remove {
        evidence.remove(i);
    }
    if ui.button("Add evidence link").clicked() {
        evidence.push(EvidenceLink {
            kind: EvidenceKind::Document,
            reference: String::new(),
            dataset_sha256: None,
            note: String::new(),
            dataset_id: String::new(),
            check: None,
        });
    }
}
