//! Govern › Roles: who wrote the assessment and who approves it, with their lines of defence.

use egui::{RichText, Ui};

use super::screen::{Screen, ScreenContext};
use super::sections::Section;
use super::widgets::{focus_next_frame, grid_text, row_id};
use crate::model::{Document, LineOfDefence, Person};

/// The roles screen (no state of its own).
pub struct RolesScreen;

impl Screen for RolesScreen {
    fn section(&self) -> Section {
        Section::Roles
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        roles_ui(ui, cx.doc);
    }
}

fn people_ui(ui: &mut Ui, id: &str, people: &mut Vec<Person>) {
    let mut remove = None;
    if people.is_empty() {
        ui.label(RichText::new("Nobody yet").weak());
    } else {
        egui::Grid::new(id)
            .num_columns(4)
            .striped(true)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let name_header = ui.label(RichText::new("Name").strong());
                let role_header = ui.label(RichText::new("Role").strong());
                let line_header = ui.label(RichText::new("Line of defence").strong());
                ui.label("");
                ui.end_row();
                for (i, person) in people.iter_mut().enumerate() {
                    grid_text(
                        ui,
                        row_id(id, i, "name"),
                        &mut person.name,
                        200.0,
                        name_header.id,
                    );
                    grid_text(
                        ui,
                        row_id(id, i, "role"),
                        &mut person.role,
                        220.0,
                        role_header.id,
                    );
                    egui::ComboBox::from_id_salt((id, i))
                        .selected_text(person.line_of_defence.label())
                        .width(220.0)
                        .show_ui(ui, |ui| {
                            for line in LineOfDefence::ALL {
                                ui.selectable_value(
                                    &mut person.line_of_defence,
                                    line,
                                    line.label(),
                                );
                            }
                        })
                        .response
                        .labelled_by(line_header.id);
                    if ui.small_button("Remove").clicked() {
                        remove = Some(i);
                    }
                    ui.end_row();
                }
            });
    }
    if let Some(i) = remove {
        people.remove(i);
    }
}

fn roles_ui(ui: &mut Ui, doc: &mut Document) {
    ui.label(
        "Who wrote the assessment and who signs off the treatment plan. The three lines of defence: the 1st \
         line owns and operates the system, the 2nd line (risk and compliance) challenges it, the 3rd line \
         (internal audit) gives independent assurance.",
    );
    ui.add_space(8.0);
    let m = &mut doc.project_mut().metadata;
    ui.label(RichText::new("Authors").strong().size(16.0));
    people_ui(ui, "authors", &mut m.authors);
    if ui.button("Add author").clicked() {
        focus_next_frame(ui, row_id("authors", m.authors.len(), "name"));
        m.authors.push(Person::default());
    }
    ui.add_space(12.0);
    ui.label(RichText::new("Approvers").strong().size(16.0));
    people_ui(ui, "approvers", &mut m.approvers);
    if ui.button("Add approver").clicked() {
        focus_next_frame(ui, row_id("approvers", m.approvers.len(), "name"));
        m.approvers.push(Person {
            line_of_defence: LineOfDefence::Second,
            ..Person::default()
        });
    }
}
