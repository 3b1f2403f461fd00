//! Manage › Treatment plan: every action of every risk in one tracker (owner, due date, status, KRI), overdue
//! first, with the status editable in place; then the residual risks accepted and their expiry, and the
//! kill-switch criteria. The full
//! record of a risk stays in Map › Risk register ("Open" jumps there).
//!
//! Edits go through the project's mutation gate; dates compare with today, which the caller passes in.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

mod kill_switch;

use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use super::theme;
use crate::model::fmea::ActionStatus;
use crate::model::register::RiskStatus;
use crate::model::{Document, IsoDate};

/// Which actions the tracker lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
enum Show {
    /// Open and in progress.
    #[default]
    ToDo,
    /// Overdue only.
    Overdue,
    /// Every action.
    All,
}

impl Show {
    const ALL: [Self; 3] = [Self::ToDo, Self::Overdue, Self::All];

    fn label(self) -> &'static str {
        match self {
            Self::ToDo => "Open and in progress",
            Self::Overdue => "Overdue",
            Self::All => "All actions",
        }
    }
}

/// The treatment plan screen: which actions it lists.
#[derive(Default)]
pub struct TreatmentScreen {
    show: Show,
}

impl Screen for TreatmentScreen {
    fn section(&self) -> Section {
        Section::TreatmentPlan
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let request = treatment_ui(ui, cx.doc, cx.today, &mut self.show);
        cx.request_some(request);
    }
}

/// Draws the treatment plan tracker.
fn treatment_ui(
    ui: &mut Ui,
    doc: &mut Document,
    today: IsoDate,
    show: &mut Show,
) -> Option<SectionRequest> {
    let mut request = None;
    ui.label(
        "Every treatment action of the register in one place, overdue first, then by due date. Change a \
         status here; edit the rest in Map › Risk register.",
    );
    let project = doc.project();
    let all: Vec<(usize, usize)> = project
        .risks
        .iter()
        .enumerate()
        .flat_map(|(r, risk)| (0..risk.actions.len()).map(move |a| (r, a)))
        .collect();
    let overdue = all
        .iter()
        .filter(|(r, a)| project.risks[*r].actions[*a].is_overdue(today))
        .count();
    let open = all
        .iter()
        .filter(|(r, a)| project.risks[*r].actions[*a].status.is_open())
        .count();
    ui.horizontal(|ui| {
        ui.label(format!(
            "{} {}: {open} to do, ",
            all.len(),
            if all.len() == 1 { "action" } else { "actions" }
        ));
        ui.label(
            RichText::new(format!("{overdue} overdue")).color(if overdue > 0 {
                theme::error()
            } else {
                ui.visuals().text_color()
            }),
        );
        ui.separator();
        for option in Show::ALL {
            ui.selectable_value(show, option, option.label());
        }
    });
    let mut rows: Vec<(usize, usize)> = all
        .into_iter()
        .filter(|(r, a)| {
            let action = &project.risks[*r].actions[*a];
            match *show {
                Show::ToDo => action.status.is_open(),
                Show::Overdue => action.is_overdue(today),
                Show::All => true,
            }
        })
        .collect();
    rows.sort_by_key(|(r, a)| {
        let action = &project.risks[*r].actions[*a];
        (
            !action.is_overdue(today),
            action.due.is_none(),
            action.due,
            *r,
            *a,
        )
    });
    let mut change: Option<(usize, usize, ActionStatus)> = None;
    let mut open_risk: Option<String> = None;
    TableBuilder::new(ui)
        .id_salt("treatment_actions")
        .striped(true)
        .resizable(true)
        .vscroll(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::auto().at_least(46.0))
        .column(Column::initial(300.0).at_least(140.0).clip(true))
        .column(Column::initial(160.0).clip(true))
        .column(Column::auto().at_least(86.0))
        .column(Column::auto().at_least(110.0))
        .column(Column::remainder().at_least(160.0).clip(true))
        .header(22.0, |mut header| {
            for title in ["Risk", "Action", "Owner", "Due", "Status", "KRI / trigger"] {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            body.rows(24.0, rows.len(), |mut row| {
                let (r, a) = rows[row.index()];
                let risk = &project.risks[r];
                let action = &risk.actions[a];
                row.col(|ui| {
                    if ui
                        .link(RichText::new(&risk.risk_id).monospace())
                        .on_hover_text(format!("{}: open in the register", risk.title))
                        .clicked()
                    {
                        open_risk = Some(risk.risk_id.clone());
                    }
                });
                row.col(|ui| {
                    // Actions of an incident's recovery roadmap say which incident they serve.
                    let incidents = crate::model::incident::incidents_of_action(
                        project,
                        &risk.risk_id,
                        &action.action_id,
                    );
                    let prefix = if incidents.is_empty() {
                        String::new()
                    } else {
                        format!("[{}] ", incidents.join(", "))
                    };
                    ui.label(format!(
                        "{prefix}{} {}",
                        action.action_id, action.description
                    ))
                    .on_hover_text(&action.description);
                });
                row.col(|ui| {
                    ui.label(&action.owner);
                });
                row.col(|ui| {
                    let due = action.due.map_or_else(|| "—".to_owned(), |d| d.to_string());
                    if action.is_overdue(today) {
                        ui.label(RichText::new(due).color(theme::error()).strong())
                            .on_hover_text("Overdue");
                    } else {
                        ui.label(due);
                    }
                });
                row.col(|ui| {
                    let mut status = action.status;
                    let label = format!("Status of {} {}", risk.risk_id, action.action_id);
                    let response = egui::ComboBox::from_id_salt(("treatment_status", r, a))
                        .selected_text(status.label())
                        .show_ui(ui, |ui| {
                            for s in ActionStatus::ALL {
                                ui.selectable_value(&mut status, s, s.label());
                            }
                        })
                        .response;
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &label)
                    });
                    if status != action.status {
                        change = Some((r, a, status));
                    }
                });
                row.col(|ui| {
                    ui.label(&action.kri);
                });
            });
        });
    if rows.is_empty() {
        ui.label(RichText::new("No actions to show.").weak());
    }
    if let Some((r, a, status)) = change {
        doc.edit(|p| p.risks[r].actions[a].status = status);
    }
    if let Some(risk_id) = open_risk {
        request = Some(SectionRequest::ShowRisk(risk_id));
    }

    ui.add_space(14.0);
    ui.label(RichText::new("Accepted residual risks").strong().size(16.0));
    let project = doc.project();
    let matrix = &project.settings.risk_matrix;
    let accepted: Vec<_> = project
        .risks
        .iter()
        .filter(|r| r.status == RiskStatus::Accepted)
        .collect();
    if accepted.is_empty() {
        ui.label(RichText::new("No residual risk is accepted yet.").weak());
    }
    egui::Grid::new("treatment_accepted")
        .num_columns(5)
        .striped(true)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            if accepted.is_empty() {
                return;
            }
            for h in ["Risk", "Residual", "Accepted by", "Expiry", "Check"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for risk in accepted {
                ui.label(format!("{} {}", risk.risk_id, risk.title));
                let band = risk
                    .residual_band(matrix)
                    .and_then(|i| matrix.bands.get(i))
                    .map_or("—", |b| b.name.as_str());
                ui.label(band);
                match &risk.acceptance {
                    Some(a) => {
                        ui.label(format!("{} ({}), {}", a.accepted_by, a.role, a.date));
                        let expiry = a
                            .expiry
                            .map_or_else(|| "none".to_owned(), |d| d.to_string());
                        if a.expiry.is_some_and(|d| d < today) {
                            ui.label(
                                RichText::new(format!("{expiry} (expired)")).color(theme::error()),
                            );
                        } else {
                            ui.label(expiry);
                        }
                    }
                    None => {
                        ui.label(RichText::new("no acceptance record").color(theme::error()));
                        ui.label("—");
                    }
                }
                match risk.authority_problem(matrix) {
                    Some(problem) => {
                        ui.label(RichText::new("wrong authority").color(theme::error()))
                            .on_hover_text(problem);
                    }
                    None if risk.acceptance.is_some() => {
                        ui.label(RichText::new("authority matches the band").color(theme::ok()));
                    }
                    None => {
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
    kill_switch::kill_switch_ui(ui, doc);
    request
}
