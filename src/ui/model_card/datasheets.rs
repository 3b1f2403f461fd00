//! The datasheet of each dataset: the seven sections of Gebru et al. with the paper's questions as prompts,
//! and "Pre-fill from the profile" filling the empty sections the data can answer (composition,
//! collection dates, cleaning) from the profile gathered by the check.

use egui::{RichText, Ui};

use super::ModelCardScreen;
use crate::analysis::model_card::datasheet::{fill_empty, prefill};
use crate::model::Document;
use crate::model::model_card::{Datasheet, DatasheetSection};

/// Draws the datasheets tab.
pub(super) fn datasheets_ui(ui: &mut Ui, screen: &mut ModelCardScreen, doc: &mut Document) {
    let datasets: Vec<(String, String)> = doc.project().dataset_choices();
    if datasets.is_empty() {
        ui.label("The project has no datasets yet (Map › Datasets).");
        return;
    }
    let selected = screen
        .datasheet_dataset
        .clone()
        .filter(|id| datasets.iter().any(|(d, _)| d == id))
        .unwrap_or_else(|| datasets[0].0.clone());
    let mut choice = selected.clone();
    ui.horizontal(|ui| {
        let label = ui.label("Dataset");
        egui::ComboBox::from_id_salt("datasheet_dataset")
            .selected_text(
                datasets
                    .iter()
                    .find(|(id, _)| *id == choice)
                    .map_or("", |(_, n)| n.as_str()),
            )
            .show_ui(ui, |ui| {
                for (id, name) in &datasets {
                    ui.selectable_value(&mut choice, id.clone(), name);
                }
            })
            .response
            .labelled_by(label.id);
        let profile = screen.evidence.as_ref().and_then(|e| {
            e.profiles
                .iter()
                .find(|p| p.dataset_id == choice)
                .and_then(|p| p.outcome.as_ref().ok())
        });
        let dataset = doc.project().dataset(&choice).cloned();
        match (profile, dataset) {
            (Some(profile), Some(dataset)) => {
                if ui.button("Pre-fill from the profile").clicked() {
                    let pre = prefill(&dataset, profile);
                    let filled = doc.edit(|p| {
                        let index = match p.datasheets.iter().position(|s| s.dataset_id == choice) {
                            Some(i) => i,
                            None => {
                                p.datasheets.push(Datasheet::new(&choice));
                                p.datasheets.len() - 1
                            }
                        };
                        fill_empty(&mut p.datasheets[index], &pre)
                    });
                    screen.message = Some(if filled.is_empty() {
                        "Nothing to pre-fill: those sections are written already".to_owned()
                    } else {
                        format!(
                            "Pre-filled: {}",
                            filled
                                .iter()
                                .map(|s| s.title())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                }
            }
            _ => {
                ui.label(
                    RichText::new("Check against the data to pre-fill from the profile").weak(),
                );
            }
        }
    });
    screen.datasheet_dataset = Some(choice.clone());
    let existing = doc
        .project()
        .datasheets
        .iter()
        .position(|s| s.dataset_id == choice);
    let Some(index) = existing else {
        if ui.button("Start the datasheet").clicked() {
            doc.edit(|p| p.datasheets.push(Datasheet::new(&choice)));
        }
        return;
    };
    let sheet = &mut doc.project_mut().datasheets[index];
    for section in DatasheetSection::ALL {
        ui.add_space(4.0);
        let label = ui.label(RichText::new(section.title()).strong());
        ui.label(RichText::new(section.prompt()).small().weak());
        ui.add(
            egui::TextEdit::multiline(sheet.section_mut(section))
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    }
}
