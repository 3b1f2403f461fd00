//! The 5 Whys tab: the problem, then the answers as an indented tree (the core's outline), each with its
//! evidence and a root-cause mark; "Why?" adds an answer under it, "Move under" re-parents it (a move that
//! would make a loop is refused with the loop named), "Delete" removes it and lifts its answers one level.

use egui::{RichText, Ui};

use super::{IncidentExport, IncidentPicture, IncidentsScreen, current_mut};
use crate::model::Document;
use crate::ui::screen::SectionRequest;
use crate::ui::theme;

enum WhyAction {
    Add(Option<String>),
    Move(String, Option<String>),
    Remove(String),
}

pub(super) fn whys_ui(
    ui: &mut Ui,
    doc: &mut Document,
    st: &mut IncidentsScreen,
    id: &str,
    request: &mut Option<SectionRequest>,
) {
    let Some(inc) = current_mut(doc, id) else {
        return;
    };
    ui.horizontal(|ui| {
        let l = ui.label("Problem");
        ui.add(egui::TextEdit::singleline(&mut inc.whys.problem).desired_width(560.0))
            .labelled_by(l.id);
    });
    let snapshot = inc.whys.clone();
    let mut action = None;
    ui.horizontal(|ui| {
        if ui.button("Why? (add a cause of the problem)").clicked() {
            action = Some(WhyAction::Add(None));
        }
        if ui.button("Export 5 Whys as SVG or PNG…").clicked() {
            st.picture = IncidentPicture::Whys;
            *request = Some(SectionRequest::ExportIncident(IncidentExport::Picture(
                IncidentPicture::Whys,
            )));
        }
    });
    if !st.whys_error.is_empty() {
        ui.label(RichText::new(&st.whys_error).color(theme::error()));
    }
    let ids: Vec<String> = snapshot.whys.iter().map(|w| w.why_id.clone()).collect();
    for (depth, w) in snapshot.outline() {
        #[expect(clippy::cast_precision_loss, reason = "depth of a small tree")]
        let indent = (depth - 1) as f32 * 28.0;
        let why_id = w.why_id.clone();
        ui.horizontal(|ui| {
            ui.add_space(indent);
            egui::Frame::group(ui.style()).show(ui, |ui| {
                let Some(why) = current_mut(doc, id).and_then(|i| i.whys.get_mut(&why_id)) else {
                    return;
                };
                ui.horizontal(|ui| {
                    let l = ui.label(RichText::new(&why.why_id).strong());
                    ui.add(
                        egui::TextEdit::singleline(&mut why.answer)
                            .hint_text("Because …")
                            .desired_width(420.0),
                    )
                    .labelled_by(l.id);
                    ui.checkbox(&mut why.root_cause, "Root cause");
                });
                ui.horizontal(|ui| {
                    let l = ui.label("Evidence");
                    ui.add(egui::TextEdit::singleline(&mut why.evidence).desired_width(420.0))
                        .labelled_by(l.id);
                });
                ui.horizontal(|ui| {
                    if ui.button("Why?").clicked() {
                        action = Some(WhyAction::Add(Some(why_id.clone())));
                    }
                    let current_parent = w.parent_id.clone();
                    egui::ComboBox::from_id_salt(("move", why_id.as_str()))
                        .selected_text(format!(
                            "Under {}",
                            current_parent.as_deref().unwrap_or("the problem")
                        ))
                        .show_ui(ui, |ui| {
                            if ui
                                .selectable_label(current_parent.is_none(), "the problem")
                                .clicked()
                            {
                                action = Some(WhyAction::Move(why_id.clone(), None));
                            }
                            for other in ids.iter().filter(|o| **o != why_id) {
                                if ui
                                    .selectable_label(
                                        current_parent.as_deref() == Some(other),
                                        other,
                                    )
                                    .clicked()
                                {
                                    action =
                                        Some(WhyAction::Move(why_id.clone(), Some(other.clone())));
                                }
                            }
                        });
                    if ui.button("Delete").clicked() {
                        action = Some(WhyAction::Remove(why_id.clone()));
                    }
                });
            });
        });
    }
    let Some(action) = action else { return };
    let result = doc.edit(|p| {
        let Some(inc) = p.incidents.iter_mut().find(|i| i.incident_id == id) else {
            return Ok(());
        };
        match action {
            WhyAction::Add(parent) => inc.whys.add(parent.as_deref(), "", "").map(|_| ()),
            WhyAction::Move(why_id, parent) => inc.whys.set_parent(&why_id, parent.as_deref()),
            WhyAction::Remove(why_id) => {
                inc.whys.remove(&why_id);
                Ok(())
            }
        }
    });
    st.whys_error = result.err().map(|e| e.to_string()).unwrap_or_default();
}
