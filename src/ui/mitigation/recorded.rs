//! The options already adopted on the loaded dataset — decision rules and reweighing alike — each
//! re-evaluated on the data as it is now beside the metrics recorded when it was adopted, with the flag the
//! project raises when the dataset changed since, or the file read differs from the one it was tested on.

use egui::{RichText, Ui};

use crate::analysis::mitigation::adopt::reevaluate_option;
use crate::model::Document;
use crate::model::mitigation::{changed_since, stale_mitigations};

use super::MitigationScreen;

/// The adopted options of the loaded dataset with their recorded and current metrics.
pub(super) fn recorded_ui(ui: &mut Ui, screen: &MitigationScreen, doc: &Document) {
    let Some(loaded) = &screen.loaded else { return };
    let project = doc.project();
    let adopted: Vec<_> = project
        .mitigations
        .iter()
        .filter(|m| m.dataset_id == loaded.dataset_id)
        .collect();
    if adopted.is_empty() {
        return;
    }
    let stale = stale_mitigations(project);
    egui::CollapsingHeader::new(format!(
        "Options adopted on this dataset ({})",
        adopted.len()
    ))
    .default_open(true)
    .show(ui, |ui| {
        for m in adopted {
            ui.label(
                RichText::new(format!(
                    "{} {} ({}, adopted {})",
                    m.mitigation_id,
                    m.name,
                    m.rule.summary(),
                    m.adopted
                ))
                .strong(),
            );
            let file_changed = loaded
                .file_sha256
                .as_deref()
                .and_then(|sha| changed_since(m, &loaded.dataset_id, sha));
            if let Some((_, why)) = stale.iter().find(|(id, _)| id == &m.mitigation_id) {
                ui.colored_label(super::super::theme::warn(), why);
            } else if let Some(why) = file_changed {
                ui.colored_label(
                    super::super::theme::warn(),
                    format!("The data file as read: {why} (the project still records the old one)"),
                );
            }
            let Some(now) = reevaluate_option(m, &loaded.data, &loaded.index) else {
                ui.label(
                    "Not re-evaluated here: a rule for other groups cannot be applied to these (or a reweighing \
                     recorded without its threshold)",
                );
                continue;
            };
            egui::Grid::new(("mitigation_recorded", &m.mitigation_id))
                .striped(true)
                .show(ui, |ui| {
                    for head in ["Metric", "When adopted", "On the data now"] {
                        ui.label(RichText::new(head).strong());
                    }
                    ui.end_row();
                    for (k, v) in &now {
                        ui.label(k.replace('_', " "));
                        ui.label(
                            m.metrics_after
                                .get(k)
                                .map_or_else(|| "—".to_owned(), |x| format!("{x:.4}")),
                        );
                        ui.label(format!("{v:.4}"));
                        ui.end_row();
                    }
                });
        }
    });
}
