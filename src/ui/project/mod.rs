//! Govern › Project: the system and assessment metadata.

use egui::Ui;

use super::screen::{Screen, ScreenContext};
use super::sections::Section;
use super::widgets::{date_field, text_row};
use crate::model::{Classification, Document};

/// The project metadata screen (no state of its own).
pub struct ProjectScreen;

impl Screen for ProjectScreen {
    fn section(&self) -> Section {
        Section::Project
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        project_ui(ui, cx.doc);
    }
}

fn project_ui(ui: &mut Ui, doc: &mut Document) {
    let path = doc.path().map(|p| p.display().to_string());
    let p = doc.project_mut();
    egui::Grid::new("project_metadata")
        .num_columns(2)
        .spacing([16.0, 8.0])
        .show(ui, |ui| {
            let m = &mut p.metadata;
            text_row(ui, "System name", &mut m.system_name, false);
            text_row(ui, "Description", &mut m.description, true);
            text_row(ui, "System owner", &mut m.owner, false);
            text_row(ui, "Organisation", &mut m.organisation, false);
            text_row(ui, "System version", &mut m.system_version, false);
            let label = ui.label("Classification");
            egui::ComboBox::from_id_salt("classification")
                .selected_text(m.classification.label())
                .show_ui(ui, |ui| {
                    for c in Classification::ALL {
                        ui.selectable_value(&mut m.classification, c, c.label());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Next review of the plan");
            let mut next = p.review.next_review;
            date_field(ui, egui::Id::unique("project_next_review"), &mut next)
                .labelled_by(label.id)
                .on_hover_text(
                    "A fixed date; leave empty to count the cadence from the plan's date",
                );
            if next != p.review.next_review {
                p.review.next_review = next;
            }
            ui.end_row();
            let label = ui.label("Review cadence");
            egui::ComboBox::from_id_salt("review_cadence")
                .selected_text(
                    p.review
                        .cadence_text()
                        .unwrap_or_else(|| "Not set".to_owned()),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut p.review.cadence_months, None, "Not set");
                    for months in [1, 3, 6, 12, 24] {
                        let text = crate::model::review::ReviewSchedule {
                            next_review: None,
                            cadence_months: Some(months),
                        }
                        .cadence_text()
                        .unwrap_or_default();
                        ui.selectable_value(&mut p.review.cadence_months, Some(months), text);
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            ui.label("Created");
            ui.label(m.created.to_string());
            ui.end_row();
            ui.label("Last saved");
            ui.label(m.modified.to_string());
            ui.end_row();
            ui.label("Project file");
            ui.label(path.unwrap_or_else(|| "Not saved yet".to_owned()));
            ui.end_row();
            ui.label("Schema version");
            ui.label(p.schema_version.to_string());
            ui.end_row();
        });
}
