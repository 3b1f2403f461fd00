//! The recovery and disclosure tab: the recovery roadmap (register actions, added here with an owner and a
//! due date), governance changes, the audits and drift results linked as evidence, the flags the incident
//! puts on barriers and FMEA rows, lessons learned and the public statement.

use egui::{RichText, Ui};

use super::{IncidentsScreen, current_mut};
use crate::model::Document;
use crate::model::incident::{add_corrective_action, incident_flags, recovery_roadmap};
use crate::ui::theme;
use crate::ui::widgets::{date_field, list_field};

pub(super) fn actions_ui(ui: &mut Ui, doc: &mut Document, st: &mut IncidentsScreen, id: &str) {
    let project = doc.project();
    let Some(inc) = project.incidents.iter().find(|i| i.incident_id == id) else {
        return;
    };
    ui.heading("Recovery roadmap");
    let items = recovery_roadmap(project, inc);
    egui::Grid::new("roadmap")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for h in ["Risk", "Action", "What", "Owner", "Due", "Status"] {
                ui.strong(h);
            }
            ui.end_row();
            for a in &items {
                ui.label(&a.risk_id);
                ui.label(&a.action_id);
                ui.label(if a.status.is_some() {
                    a.description.as_str()
                } else {
                    "(no longer in the register)"
                });
                ui.label(&a.owner);
                ui.label(a.due.map(|d| d.to_string()).unwrap_or_default());
                ui.label(a.status.map_or("—", |s| s.label()));
                ui.end_row();
            }
        });
    let risks: Vec<(String, String)> = project
        .risks
        .iter()
        .map(|r| (r.risk_id.clone(), format!("{} {}", r.risk_id, r.title)))
        .collect();
    let audits: Vec<(String, String)> = project
        .audits
        .iter()
        .map(|a| (a.audit_id.clone(), a.name.clone()))
        .collect();
    let drifts: Vec<(String, String)> = project
        .drift
        .drifts
        .iter()
        .map(|d| (d.drift_id.clone(), d.name.clone()))
        .collect();
    let flags: Vec<String> = incident_flags(project)
        .iter()
        .filter(|f| f.incident_id == id)
        .map(ToString::to_string)
        .collect();
    ui.horizontal_wrapped(|ui| {
        let shown = risks
            .iter()
            .find(|(r, _)| *r == st.action_risk)
            .map_or("Choose a risk", |(_, l)| l.as_str());
        let l = ui.label("Corrective action on");
        egui::ComboBox::from_id_salt("action_risk")
            .selected_text(shown)
            .width(240.0)
            .show_ui(ui, |ui| {
                for (r, label) in &risks {
                    ui.selectable_value(&mut st.action_risk, r.clone(), label);
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label("What");
        ui.add(egui::TextEdit::singleline(&mut st.action_text).desired_width(260.0))
            .labelled_by(l.id);
        let l = ui.label("Owner");
        ui.add(egui::TextEdit::singleline(&mut st.action_owner).desired_width(140.0))
            .labelled_by(l.id);
        let l = ui.label("Due");
        date_field(ui, ui.scope_id().with("action_due"), &mut st.action_due).labelled_by(l.id);
        if ui.button("Add corrective action").clicked() {
            let (risk, text, owner, due) = (
                st.action_risk.clone(),
                st.action_text.trim().to_owned(),
                st.action_owner.trim().to_owned(),
                st.action_due,
            );
            let result = doc.edit(|p| add_corrective_action(p, id, &risk, &text, &owner, due));
            match result {
                Ok(_) => {
                    st.action_text.clear();
                    st.action_error.clear();
                }
                Err(e) => st.action_error = e,
            }
        }
    });
    if !st.action_error.is_empty() {
        ui.label(RichText::new(&st.action_error).color(theme::error()));
    }
    let Some(inc) = current_mut(doc, id) else {
        return;
    };
    ui.add_space(6.0);
    ui.heading("Governance changes");
    list_field(
        ui,
        ui.scope_id().with("governance"),
        &mut inc.governance_changes,
        "One change a line",
    );
    ui.add_space(6.0);
    ui.heading("Evidence from data");
    for (list, items, what) in [
        (&mut inc.audit_ids, &audits, "audit"),
        (&mut inc.drift_ids, &drifts, "drift"),
    ] {
        if items.is_empty() {
            ui.label(format!("No saved {what} in the project"));
        }
        for (item_id, name) in items {
            let mut on = list.contains(item_id);
            if ui.checkbox(&mut on, format!("{item_id} {name}")).changed() {
                if on {
                    list.push(item_id.clone());
                } else {
                    list.retain(|x| x != item_id);
                }
            }
        }
    }
    if !flags.is_empty() {
        ui.add_space(6.0);
        ui.heading("Flags on barriers and FMEA rows");
        for f in &flags {
            ui.label(RichText::new(format!("⚑ {f}")).color(theme::warn()));
        }
    }
    ui.add_space(6.0);
    ui.heading("Lessons learned (internal)");
    ui.add(
        egui::TextEdit::multiline(&mut inc.lessons)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    );
    ui.heading("Public statement (printed in the report's section for public disclosure)");
    ui.add(
        egui::TextEdit::multiline(&mut inc.public_statement)
            .desired_rows(5)
            .desired_width(f32::INFINITY),
    );
}
