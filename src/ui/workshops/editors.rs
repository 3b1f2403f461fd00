//! A workshop session driving the bow-tie and FMEA editors: it opens either in presentation mode (large text,
//! no menus) on the shared screen, a banner there says the session is recording and leads back, and the
//! session lists what it created, changed or removed (risks, bow-ties, barriers, FMEA rows), as
//! `model::workshop::rules::outputs` computes it from the session's recording.

use egui::{RichText, Ui};

use super::WorkshopScreen;
use super::run::{BIG, LARGE};
use crate::model::fmea::{FmeaWorksheet, next_worksheet_id};
use crate::model::workshop::rules;
use crate::model::workshop::session::{OutputChange, SessionOutput};
use crate::model::{Document, Project};
use crate::ui::bowtie::BowtieScreen;
use crate::ui::fmea::FmeaScreen;
use crate::ui::screen::{ScreenContext, SectionRequest, screen_mut};
use crate::ui::sections::Section;

/// "created B-7, FM-12 · changed R-3", or that nothing changed yet.
fn summary(outputs: &[SessionOutput]) -> String {
    let ids = |change: OutputChange| -> Vec<String> {
        outputs
            .iter()
            .filter(|o| o.change == change)
            .map(|o| o.item_id.clone())
            .collect()
    };
    let parts: Vec<String> = [
        OutputChange::Created,
        OutputChange::Changed,
        OutputChange::Removed,
    ]
    .into_iter()
    .filter_map(|c| {
        let list = ids(c);
        (!list.is_empty()).then(|| format!("{} {}", c.label(), list.join(", ")))
    })
    .collect();
    if parts.is_empty() {
        "nothing created or changed yet".to_owned()
    } else {
        parts.join(" · ")
    }
}

/// What the running session has recorded so far, in a line (`None` when no session runs). A screen that
/// shows [`recording_banner_ui`] above its content compares it before and after drawing and asks for one
/// more frame when it changed, so the banner never lags one edit behind.
#[must_use]
pub fn recording_summary(doc: &Document) -> Option<String> {
    let project = doc.project();
    rules::running(project).map(|w| summary(&rules::outputs(project, w)))
}

/// The banner the bow-tie and FMEA editors show while a workshop session runs: which session records their
/// changes, what it has recorded so far, and the way back to it. Returns the request to go back.
pub fn recording_banner_ui(ui: &mut Ui, doc: &Document) -> Option<SectionRequest> {
    let project = doc.project();
    let w = rules::running(project)?;
    let outputs = rules::outputs(project, w);
    let mut request = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "● Workshop {} '{}' is recording:",
                    w.workshop_id, w.title
                ))
                .size(18.0)
                .strong(),
            );
            ui.label(RichText::new(summary(&outputs)).size(18.0));
            if ui.button("Back to the workshop").clicked() {
                request = Some(SectionRequest::Goto(Section::Workshops));
            }
        });
    });
    request
}

/// The list of what a session created, changed or removed (live while it runs, kept once it ended).
pub(super) fn outputs_ui(ui: &mut Ui, project: &Project, index: usize) {
    let w = &project.workshops[index];
    let outputs = rules::outputs(project, w);
    let heading = if w.recording.is_some() {
        "What this session has created or changed so far"
    } else {
        "What this session created or changed"
    };
    ui.label(RichText::new(heading).size(LARGE).strong());
    if outputs.is_empty() {
        ui.label(RichText::new("Nothing yet.").size(LARGE).weak());
    }
    for o in &outputs {
        ui.label(RichText::new(o.describe()).size(LARGE));
    }
}

impl WorkshopScreen {
    /// Choose a bow-tie or FMEA worksheet (or a new one) and open it in presentation mode.
    pub(super) fn editors_ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>, index: usize) {
        ui.label(
            RichText::new("Work in the bow-tie and FMEA editors on the shared screen")
                .size(BIG)
                .strong(),
        );
        ui.label(
            RichText::new(
                "Each opens in presentation mode (large text, no menus; F11 leaves it). The risks, bow-ties, \
                 barriers and FMEA rows created or changed there are recorded as this session's outputs.",
            )
            .size(LARGE)
            .weak(),
        );
        let title = cx.doc.project().workshops[index].title.clone();
        let bowties: Vec<(String, String)> = cx
            .doc
            .project()
            .bowties
            .diagrams
            .iter()
            .map(|b| (b.bowtie_id.clone(), format!("{} {}", b.bowtie_id, b.title)))
            .collect();
        let sheets: Vec<(String, String)> = cx
            .doc
            .project()
            .fmea_worksheets
            .iter()
            .map(|s| {
                (
                    s.worksheet_id.clone(),
                    format!("{} {}", s.worksheet_id, s.title),
                )
            })
            .collect();
        let mut present_bowtie = None;
        let mut present_sheet = None;
        ui.horizontal(|ui| {
            let label = ui.label(RichText::new("Bow-tie").size(LARGE));
            choice_ui(
                ui,
                "workshop-bowtie",
                &mut self.bowtie_choice,
                &bowties,
                "New bow-tie",
            )
            .labelled_by(label.id);
            if ui.button("Present the bow-tie").clicked() {
                present_bowtie = Some(self.bowtie_choice.clone());
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label(RichText::new("FMEA worksheet").size(LARGE));
            choice_ui(
                ui,
                "workshop-fmea",
                &mut self.worksheet_choice,
                &sheets,
                "New worksheet",
            )
            .labelled_by(label.id);
            if ui.button("Present the FMEA worksheet").clicked() {
                present_sheet = Some(self.worksheet_choice.clone());
            }
        });
        if let Some(choice) = present_bowtie {
            let id = match choice {
                Some(id) => Some(id),
                None => match cx.doc.edit(|p| p.bowties.new_bowtie(&title)) {
                    Ok(id) => Some(id),
                    Err(e) => {
                        self.message = Some(e.to_string());
                        None
                    }
                },
            };
            if let Some(id) = id {
                self.bowtie_choice = Some(id.clone());
                if let Some(screen) = screen_mut::<BowtieScreen>(cx.others) {
                    screen.present(Some(id));
                }
                cx.request(SectionRequest::Goto(Section::Bowties));
            }
        }
        if let Some(choice) = present_sheet {
            let id = choice.unwrap_or_else(|| {
                cx.doc.edit(|p| {
                    let id = next_worksheet_id(&p.fmea_worksheets);
                    p.fmea_worksheets.push(FmeaWorksheet {
                        worksheet_id: id.clone(),
                        title: title.clone(),
                        scope: String::new(),
                        rows: Vec::new(),
                    });
                    id
                })
            });
            self.worksheet_choice = Some(id.clone());
            if let Some(screen) = screen_mut::<FmeaScreen>(cx.others) {
                screen.present(Some(id));
            }
            cx.request(SectionRequest::Goto(Section::Fmea));
        }
    }
}

/// A picker of existing items (id, label) or a new one (`None`).
fn choice_ui(
    ui: &mut Ui,
    salt: &str,
    choice: &mut Option<String>,
    items: &[(String, String)],
    new_label: &str,
) -> egui::Response {
    let selected = choice
        .as_ref()
        .and_then(|c| items.iter().find(|(id, _)| id == c))
        .map_or_else(|| new_label.to_owned(), |(_, label)| label.clone());
    if choice
        .as_ref()
        .is_some_and(|c| !items.iter().any(|(id, _)| id == c))
    {
        *choice = None;
    }
    egui::ComboBox::from_id_salt(salt)
        .selected_text(selected)
        .width(360.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(choice, None, new_label);
            for (id, label) in items {
                ui.selectable_value(choice, Some(id.clone()), label);
            }
        })
        .response
}
