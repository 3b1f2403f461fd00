//! Map › System context: intended use, users, deployment context, out-of-scope uses, affected groups,
//! documented limitations, life-cycle stage and the EU AI Act classification (NIST AI RMF MAP 1–2).
//!
//! Every field is edited through the project's mutation gate; what a reviewer would send back is listed at
//! the top (from `model::context`).

use egui::{RichText, Ui};

use super::screen::{Screen, ScreenContext};
use super::sections::Section;
use super::theme;
use super::widgets::{focus_next_frame, grid_text, list_field, row_id};
use crate::model::Document;
use crate::model::context::{AffectedGroup, AiActClassification, LifecycleStage};
use crate::model::taxonomy::{ANNEX_III_AREAS, AiActTier};

/// The system context screen (no state of its own).
pub struct ContextScreen;

impl Screen for ContextScreen {
    fn section(&self) -> Section {
        Section::Context
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        context_ui(ui, cx.doc);
    }
}

/// Draws the context screen.
pub fn context_ui(ui: &mut Ui, doc: &mut Document) {
    ui.label(
        "What the system is for, who uses it, who is affected and what it must not be used for. The report's \
         \"Scope and context\" section and the register's affected-group suggestions come from here.",
    );
    ui.add_space(6.0);
    let problems = doc.project().context.problems();
    if !problems.is_empty() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new("Still open").strong().color(theme::warn()));
            for p in &problems {
                ui.label(format!("• {p}"));
            }
        });
        ui.add_space(6.0);
    }
    let context = &mut doc.project_mut().context;
    let width = ui.available_width().min(900.0);
    egui::Grid::new("context_grid")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            for (label, value, rows) in [
                ("Intended use", &mut context.intended_use, 3),
                ("Intended users", &mut context.intended_users, 2),
                ("Deployment context", &mut context.deployment_context, 3),
            ] {
                let label = ui.label(label);
                ui.add(
                    egui::TextEdit::multiline(value)
                        .desired_rows(rows)
                        .desired_width(width - 180.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            }
            let label = ui.label("Life-cycle stage");
            egui::ComboBox::from_id_salt("context_stage")
                .selected_text(context.lifecycle_stage.label())
                .show_ui(ui, |ui| {
                    for stage in LifecycleStage::ALL {
                        ui.selectable_value(&mut context.lifecycle_stage, stage, stage.label());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
        });
    for (label, id, items, hint) in [
        (
            "Out-of-scope uses",
            "context_out_of_scope",
            &mut context.out_of_scope_uses,
            "one use per line",
        ),
        (
            "Documented limitations",
            "context_limitations",
            &mut context.known_limitations,
            "one limitation per line (from the model card)",
        ),
    ] {
        ui.add_space(8.0);
        let label = ui.label(label);
        ui.allocate_ui(egui::vec2(width, 0.0), |ui| {
            list_field(ui, egui::Id::unique(id), items, hint).labelled_by(label.id);
        });
    }

    ui.add_space(10.0);
    ui.heading("Affected groups");
    ui.label(
        RichText::new(
            "Name the data attribute (column=value) when the group can be found in a dataset, so audits and \
             risks can refer to it.",
        )
        .small()
        .weak(),
    );
    let mut remove = None;
    egui::Grid::new("context_groups")
        .num_columns(4)
        .striped(true)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            let name_h = ui.label(RichText::new("Group").strong());
            let how_h = ui.label(RichText::new("How affected").strong());
            let data_h = ui.label(RichText::new("In the data").strong());
            ui.label("");
            ui.end_row();
            for (i, group) in context.affected_groups.iter_mut().enumerate() {
                grid_text(
                    ui,
                    row_id("affected_groups", i, "name"),
                    &mut group.name,
                    200.0,
                    name_h.id,
                );
                grid_text(
                    ui,
                    row_id("affected_groups", i, "how_affected"),
                    &mut group.how_affected,
                    420.0,
                    how_h.id,
                );
                grid_text(
                    ui,
                    row_id("affected_groups", i, "data_attribute"),
                    &mut group.data_attribute,
                    180.0,
                    data_h.id,
                );
                if ui.small_button("Remove").clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        context.affected_groups.remove(i);
    }
    if ui.button("Add affected group").clicked() {
        focus_next_frame(
            ui,
            row_id("affected_groups", context.affected_groups.len(), "name"),
        );
        context.affected_groups.push(AffectedGroup::default());
    }

    ui.add_space(10.0);
    ui.heading("EU AI Act classification");
    let mut decided = context.eu_ai_act.is_some();
    if ui
        .checkbox(&mut decided, "Classification decided")
        .changed()
    {
        context.eu_ai_act = decided.then(|| AiActClassification {
            tier: AiActTier::Minimal,
            annex_iii_area: None,
            rationale: String::new(),
        });
    }
    if let Some(classification) = context.eu_ai_act.as_mut() {
        egui::Grid::new("context_ai_act")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                let label = ui.label("Risk tier");
                egui::ComboBox::from_id_salt("context_tier")
                    .selected_text(classification.tier.label())
                    .width(360.0)
                    .show_ui(ui, |ui| {
                        for tier in AiActTier::ALL {
                            ui.selectable_value(&mut classification.tier, tier, tier.label());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                if classification.tier == AiActTier::HighRisk {
                    let label = ui.label("Annex III area");
                    let shown = classification.annex_iii_heading().map_or_else(
                        || "Not through Annex III (Annex I product)".to_owned(),
                        |h| format!("{}. {h}", classification.annex_iii_area.unwrap_or_default()),
                    );
                    egui::ComboBox::from_id_salt("context_annex")
                        .selected_text(shown)
                        .width(560.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(
                                &mut classification.annex_iii_area,
                                None,
                                "Not through Annex III (Annex I product)",
                            );
                            for (point, heading) in ANNEX_III_AREAS {
                                ui.selectable_value(
                                    &mut classification.annex_iii_area,
                                    Some(point),
                                    format!("{point}. {heading}"),
                                );
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                }
                let label = ui.label("Rationale");
                ui.add(
                    egui::TextEdit::multiline(&mut classification.rationale)
                        .desired_rows(3)
                        .desired_width(width - 180.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            });
        ui.label(RichText::new(classification.summary()).strong());
    }
}
