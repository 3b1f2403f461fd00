//! The record tab: title, summary, severity, opening and closing times, the NIST SP 800-61 phases, affected
//! groups and harms, the AI Incident Database's fields, the war room and its decisions, and the kill switch.

use egui::{RichText, Ui};

use super::current_mut;
use crate::model::Document;
use crate::model::incident::{
    Fallback, HARM_TYPES, KillSwitch, Phase, Severity, Timestamp, WarRoomFunction, WarRoomMember,
};
use crate::ui::theme;
use crate::ui::widgets::list_field;

/// A time field: the text stays while it does not parse (outlined in the error colour); empty is "none".
fn time_field(ui: &mut Ui, salt: &str, label: egui::Id, value: &mut Option<Timestamp>) {
    let id = ui.scope_id().with(("time", salt));
    let mut text = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .filter(|_| ui.memory(|m| m.has_focus(id)))
        .unwrap_or_else(|| value.map(|t| t.to_string()).unwrap_or_default());
    let parsed = if text.trim().is_empty() {
        Ok(None)
    } else {
        text.parse::<Timestamp>().map(Some)
    };
    let mut edit = egui::TextEdit::singleline(&mut text)
        .id(id)
        .hint_text("YYYY-MM-DD HH:MM")
        .desired_width(130.0);
    if parsed.is_err() {
        edit = edit.text_color(theme::error());
    }
    // Sized explicitly: a grid would shrink the field below its text.
    let height = ui.spacing().interact_size.y;
    let resp = ui.add_sized([140.0, height], edit).labelled_by(label);
    if resp.changed() {
        let parsed = if text.trim().is_empty() {
            Ok(None)
        } else {
            text.parse::<Timestamp>().map(Some)
        };
        if let Ok(v) = parsed {
            *value = v;
        }
    }
    if let Err(e) = parsed {
        resp.on_hover_text(e.to_string());
    }
    ui.data_mut(|d| d.insert_temp(id, text));
}

#[expect(clippy::too_many_lines, reason = "one form, field after field")]
pub(super) fn record_ui(ui: &mut Ui, doc: &mut Document, id: &str) {
    let Some(inc) = current_mut(doc, id) else {
        return;
    };
    egui::Grid::new("incident_record")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let l = ui.label("Title");
            ui.add(egui::TextEdit::singleline(&mut inc.title).desired_width(520.0))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Summary (internal)");
            ui.add(
                egui::TextEdit::multiline(&mut inc.summary)
                    .desired_rows(3)
                    .desired_width(520.0),
            )
            .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Severity");
            egui::ComboBox::from_id_salt("incident_severity")
                .selected_text(inc.severity.label())
                .show_ui(ui, |ui| {
                    for s in Severity::ALL {
                        ui.selectable_value(&mut inc.severity, s, s.label());
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Opened");
            time_field(ui, "opened", l.id, &mut inc.opened);
            ui.end_row();
            let l = ui.label("Closed");
            time_field(ui, "closed", l.id, &mut inc.closed);
            ui.end_row();
            let l = ui.label("Affected groups (one a line)");
            list_field(
                ui,
                ui.scope_id().with("affected"),
                &mut inc.affected_groups,
                "",
            )
            .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Harms (one a line)");
            list_field(ui, ui.scope_id().with("harms"), &mut inc.harms, "").labelled_by(l.id);
            ui.end_row();
        });
    ui.add_space(6.0);
    ui.heading("Phases (NIST SP 800-61)");
    egui::Grid::new("incident_phases")
        .num_columns(4)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for h in ["Phase", "Start", "End", "What was done"] {
                ui.strong(h);
            }
            ui.end_row();
            for phase in Phase::ALL {
                let l = ui.label(phase.label());
                let r = inc.phases.get_mut(phase);
                time_field(ui, &format!("{phase:?}-start"), l.id, &mut r.start);
                time_field(ui, &format!("{phase:?}-end"), l.id, &mut r.end);
                let height = ui.spacing().interact_size.y;
                ui.add_sized([360.0, height], egui::TextEdit::singleline(&mut r.notes))
                    .labelled_by(l.id);
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.heading("AI Incident Database");
    egui::Grid::new("incident_aiid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let a = &mut inc.aiid;
            for (label, value) in [
                ("Deployer", &mut a.deployer),
                ("Developer", &mut a.developer),
            ] {
                let l = ui.label(label);
                ui.add(egui::TextEdit::singleline(value).desired_width(360.0))
                    .labelled_by(l.id);
                ui.end_row();
            }
            let l = ui.label("Harmed parties (one a line)");
            list_field(ui, ui.scope_id().with("harmed"), &mut a.harmed_parties, "")
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Harm type");
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut a.harm_type).desired_width(260.0))
                    .labelled_by(l.id);
                egui::ComboBox::from_id_salt("harm_types")
                    .selected_text("Choose…")
                    .show_ui(ui, |ui| {
                        for h in HARM_TYPES {
                            if ui.selectable_label(a.harm_type == h, h).clicked() {
                                h.clone_into(&mut a.harm_type);
                            }
                        }
                    });
            });
            ui.end_row();
        });
    ui.add_space(6.0);
    ui.heading("War room");
    let mut remove_member = None;
    egui::Grid::new("war_room")
        .num_columns(4)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for (i, m) in inc.war_room.iter_mut().enumerate() {
                let l = ui.label(format!("{}.", i + 1));
                let height = ui.spacing().interact_size.y;
                ui.add_sized(
                    [160.0, height],
                    egui::TextEdit::singleline(&mut m.name).hint_text("Name"),
                )
                .labelled_by(l.id);
                egui::ComboBox::from_id_salt(("function", i))
                    .selected_text(m.function.label())
                    .show_ui(ui, |ui| {
                        for f in WarRoomFunction::ALL {
                            ui.selectable_value(&mut m.function, f, f.label());
                        }
                    });
                ui.add_sized(
                    [240.0, height],
                    egui::TextEdit::singleline(&mut m.role).hint_text("Role"),
                )
                .labelled_by(l.id);
                if ui.button("Remove").clicked() {
                    remove_member = Some(i);
                }
                ui.end_row();
            }
        });
    if ui.button("Add war-room member").clicked() {
        inc.war_room.push(WarRoomMember::default());
    }
    if let Some(i) = remove_member {
        inc.war_room.remove(i);
    }
    ui.add_space(6.0);
    ui.heading("Decisions");
    let names: Vec<String> = inc
        .war_room
        .iter()
        .map(|m| m.name.clone())
        .filter(|n| !n.is_empty())
        .collect();
    for d in &mut inc.decisions {
        ui.horizontal(|ui| {
            let l = ui.label(RichText::new(&d.decision_id).strong());
            time_field(ui, &format!("decision-{}", d.decision_id), l.id, &mut d.at);
            ui.add(egui::TextEdit::singleline(&mut d.text).desired_width(360.0))
                .labelled_by(l.id);
            ui.menu_button(
                format!(
                    "Made by: {}",
                    if d.made_by.is_empty() {
                        "—".to_owned()
                    } else {
                        d.made_by.join(", ")
                    }
                ),
                |ui| {
                    for n in &names {
                        let mut on = d.made_by.contains(n);
                        if ui.checkbox(&mut on, n).changed() {
                            if on {
                                d.made_by.push(n.clone());
                            } else {
                                d.made_by.retain(|x| x != n);
                            }
                        }
                    }
                },
            );
        });
    }
    if ui.button("Add decision").clicked() {
        inc.add_decision(None, "", &[]);
    }
    ui.add_space(6.0);
    ui.heading("Containment: kill switch");
    let mut has = inc.kill_switch.is_some();
    if ui
        .checkbox(&mut has, "A kill-switch decision was taken")
        .changed()
    {
        inc.kill_switch = has.then(KillSwitch::default);
    }
    if let Some(k) = &mut inc.kill_switch {
        egui::Grid::new("kill_switch")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label("Criteria (from the plan)");
                ui.add(
                    egui::TextEdit::multiline(&mut k.criteria)
                        .desired_rows(2)
                        .desired_width(520.0),
                )
                .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Pulled by");
                ui.add(egui::TextEdit::singleline(&mut k.pulled_by).desired_width(240.0))
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Pulled at");
                time_field(ui, "pulled", l.id, &mut k.pulled_at);
                ui.end_row();
                let l = ui.label("Fallback");
                egui::ComboBox::from_id_salt("fallback")
                    .selected_text(k.fallback.label())
                    .show_ui(ui, |ui| {
                        for f in Fallback::ALL {
                            ui.selectable_value(&mut k.fallback, f, f.label());
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Notes");
                ui.add(egui::TextEdit::singleline(&mut k.notes).desired_width(520.0))
                    .labelled_by(l.id);
                ui.end_row();
            });
        if let Some(e) = &k.effect_data {
            ui.label(format!(
                "Effect measured from dataset {} ({} by {}, decision {} = {}, {} days each side) in the incident \
                 report: riskbench report PROJECT --incident {id}",
                e.dataset_id, e.time_column, e.group_column, e.decision_column, e.decision_value,
                if e.window_days == 0 { 14 } else { e.window_days }
            ));
        }
    }
}
