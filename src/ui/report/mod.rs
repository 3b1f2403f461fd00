//! Report › AI Risk Treatment Plan: choose sections, classification, date and signatories, preview the
//! document (headings, paragraphs and tables drawn from the same document the PDF is made of), and export the PDF (in a background job, see `app.rs`).

use egui::{RichText, Ui};

use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use crate::model::{Classification, Document, IsoDate, LineOfDefence, Person, Project};
use crate::report::ReportDoc;
use crate::report::plan::{self, PlanOptions, PlanSection};

mod preview;

/// The choices of the report screen, kept while the app runs (not saved in the project).
#[derive(Debug, Clone, Default)]
pub struct ReportScreen {
    excluded: Vec<PlanSection>,
    classification: Option<Classification>,
    signatories: Option<Vec<Person>>,
    date_text: String,
    preview: Option<(Project, PlanOptions, ReportDoc)>,
}

impl ReportScreen {
    /// The options the PDF will be built with, or why they are invalid.
    ///
    /// # Errors
    /// A message when the date is not `YYYY-MM-DD`.
    pub fn options(&self, project: &Project) -> Result<PlanOptions, String> {
        let date = if self.date_text.trim().is_empty() {
            project.metadata.modified
        } else {
            self.date_text
                .parse::<IsoDate>()
                .map_err(|e| e.to_string())?
        };
        Ok(PlanOptions {
            date,
            classification: self.classification,
            sections: PlanSection::ALL
                .into_iter()
                .filter(|s| !self.excluded.contains(s))
                .collect(),
            signatories: self.signatories.clone(),
        })
    }
}

/// What the screen asks the app to do.
impl Screen for ReportScreen {
    fn section(&self) -> Section {
        Section::Report
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        if let Some(options) = report_ui(ui, self, cx.doc) {
            cx.request(SectionRequest::ExportReport(options));
        }
    }
}

/// Draws the report screen.
fn report_ui(ui: &mut Ui, screen: &mut ReportScreen, doc: &Document) -> Option<PlanOptions> {
    let project = doc.project();
    let mut request = None;
    ui.label(
        "The formal plan a risk committee signs, generated from this project alone. The same project and date \
         always give the same PDF.",
    );
    ui.add_space(6.0);
    let options = screen.options(project);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(360.0);
            ui.label(RichText::new("Sections").strong());
            ui.label(
                RichText::new("Cover, document control and contents are always included").weak(),
            );
            for section in PlanSection::ALL {
                let mut on = !screen.excluded.contains(&section);
                if ui.checkbox(&mut on, section.title()).changed() {
                    if on {
                        screen.excluded.retain(|s| *s != section);
                    } else {
                        screen.excluded.push(section);
                    }
                }
            }
            ui.add_space(8.0);
            egui::Grid::new("report_options")
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    let label = ui.label("Classification");
                    let current = screen
                        .classification
                        .unwrap_or(project.metadata.classification);
                    egui::ComboBox::from_id_salt("report_classification")
                        .selected_text(current.label())
                        .show_ui(ui, |ui| {
                            for c in Classification::ALL {
                                if ui.selectable_label(current == c, c.label()).clicked() {
                                    screen.classification = Some(c);
                                }
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Document date");
                    ui.add_sized(
                        [120.0, ui.spacing().interact_size.y],
                        egui::TextEdit::singleline(&mut screen.date_text)
                            .hint_text(project.metadata.modified.to_string()),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                });
            if let Err(e) = &options {
                ui.label(RichText::new(e).color(super::theme::error()));
            }
            ui.add_space(8.0);
            signatories_ui(ui, screen, project);
            ui.add_space(10.0);
            let export = ui.add_enabled(options.is_ok(), egui::Button::new("Export PDF…"));
            if export.clicked()
                && let Ok(options) = &options
            {
                request = Some(options.clone());
            }
        });
        ui.separator();
        ui.vertical(|ui| {
            ui.label(RichText::new("Preview").strong());
            if let Ok(options) = &options {
                let stale = screen
                    .preview
                    .as_ref()
                    .is_none_or(|(p, o, _)| p != project || o != options);
                if stale {
                    // Saved audits run only at export (they read datasets); the outline says so.
                    let built = plan::build(project, options, &[]);
                    screen.preview = Some((project.clone(), options.clone(), built));
                }
            }
            if let Some((_, _, built)) = &screen.preview {
                egui::ScrollArea::vertical()
                    .id_salt("report_outline")
                    .show(ui, |ui| preview::preview_ui(ui, built));
            }
        });
    });
    request
}

fn signatories_ui(ui: &mut Ui, screen: &mut ReportScreen, project: &Project) {
    ui.label(RichText::new("Signatories").strong());
    let list = screen
        .signatories
        .get_or_insert_with(|| project.metadata.approvers.clone());
    let mut remove = None;
    egui::Grid::new("report_signatories")
        .num_columns(3)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let name_h = ui.label("Name");
            let role_h = ui.label("Role");
            ui.label("");
            ui.end_row();
            for (i, person) in list.iter_mut().enumerate() {
                ui.add_sized([130.0, 20.0], egui::TextEdit::singleline(&mut person.name))
                    .labelled_by(name_h.id);
                ui.add_sized([150.0, 20.0], egui::TextEdit::singleline(&mut person.role))
                    .labelled_by(role_h.id);
                if ui.small_button("Remove").clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        list.remove(i);
    }
    let mut reset = false;
    ui.horizontal(|ui| {
        if ui.button("Add signatory").clicked() {
            list.push(Person {
                line_of_defence: LineOfDefence::External,
                ..Person::default()
            });
        }
        reset = ui.button("Use the project's approvers").clicked();
    });
    if reset {
        screen.signatories = None;
    }
}
