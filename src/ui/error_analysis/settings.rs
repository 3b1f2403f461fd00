//! The saved analyses of the project and the editor of the selected one: dataset, label, prediction or
//! score with threshold, sensitive column, features, depth, smallest leaf, attribution prefix, heat-map
//! and immutable columns, and the Run button.

use egui::Ui;

use super::ErrorAnalysisScreen;
use crate::model::Document;
use crate::model::error_analysis::{ErrorAnalysisSpec, SavedErrorAnalysis, next_error_analysis_id};

fn column_combo(
    ui: &mut Ui,
    id: &str,
    label: &str,
    value: &mut Option<String>,
    columns: &[String],
) -> bool {
    let mut changed = false;
    ui.label(label);
    egui::ComboBox::from_id_salt(id)
        .selected_text(value.clone().unwrap_or_else(|| "—".to_owned()))
        .show_ui(ui, |ui| {
            if ui.selectable_label(value.is_none(), "—").clicked() {
                *value = None;
                changed = true;
            }
            for c in columns {
                if ui
                    .selectable_label(value.as_deref() == Some(c), c)
                    .clicked()
                {
                    *value = Some(c.clone());
                    changed = true;
                }
            }
        });
    changed
}

fn checklist(
    ui: &mut Ui,
    title: &str,
    id: &str,
    chosen: &mut Vec<String>,
    columns: &[String],
    hint: &str,
) -> bool {
    let mut changed = false;
    egui::CollapsingHeader::new(format!(
        "{title} ({})",
        if chosen.is_empty() {
            hint.to_owned()
        } else {
            chosen.len().to_string()
        }
    ))
    .id_salt(id)
    .show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            for c in columns {
                let mut on = chosen.contains(c);
                if ui.checkbox(&mut on, c).changed() {
                    if on {
                        chosen.push(c.clone());
                    } else {
                        chosen.retain(|x| x != c);
                    }
                    changed = true;
                }
            }
        });
    });
    changed
}

/// The list of saved analyses, the editor of the selected one and the Run button.
pub(super) fn settings_ui(ui: &mut Ui, screen: &mut ErrorAnalysisScreen, doc: &mut Document) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Analysis:");
        let analyses: Vec<(String, String)> = doc
            .project()
            .error_analyses
            .iter()
            .map(|a| (a.analysis_id.clone(), a.name.clone()))
            .collect();
        for (id, name) in &analyses {
            if ui
                .selectable_label(screen.selected.as_ref() == Some(id), format!("{id} {name}"))
                .clicked()
            {
                screen.selected = Some(id.clone());
            }
        }
        let first_dataset = doc.project().datasets.first().map(|d| d.dataset_id.clone());
        let new = ui.add_enabled(
            first_dataset.is_some(),
            egui::Button::new("New error analysis"),
        );
        if new.clicked()
            && let Some(dataset_id) = first_dataset
        {
            let analysis_id = next_error_analysis_id(&doc.project().error_analyses);
            let saved = SavedErrorAnalysis {
                analysis_id: analysis_id.clone(),
                name: "Where the model errs".to_owned(),
                dataset_id,
                spec: ErrorAnalysisSpec::default(),
            };
            doc.edit(|p| p.error_analyses.push(saved));
            screen.selected = Some(analysis_id);
        }
        if analyses.is_empty() && doc.project().datasets.is_empty() {
            ui.label("Add a dataset with labels and predictions first (Map › Datasets).");
        }
    });
    let Some(index) = screen.selected.as_ref().and_then(|id| {
        doc.project()
            .error_analyses
            .iter()
            .position(|a| a.analysis_id == *id)
    }) else {
        return;
    };
    let datasets: Vec<(String, String)> = doc.project().dataset_choices();
    let mut edited = doc.project().error_analyses[index].clone();
    let columns: Vec<String> = screen
        .columns
        .as_ref()
        .filter(|(id, _)| *id == edited.dataset_id)
        .map(|(_, c)| c.clone())
        .unwrap_or_default();
    let mut changed = false;
    egui::Grid::new("error_analysis_settings")
        .num_columns(4)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.label("Name");
            changed |= ui.text_edit_singleline(&mut edited.name).changed();
            ui.label("Dataset");
            egui::ComboBox::from_id_salt("error_analysis_dataset")
                .selected_text(
                    datasets
                        .iter()
                        .find(|(id, _)| *id == edited.dataset_id)
                        .map_or_else(|| edited.dataset_id.clone(), |(_, n)| n.clone()),
                )
                .show_ui(ui, |ui| {
                    for (id, name) in &datasets {
                        if ui
                            .selectable_label(edited.dataset_id == *id, name)
                            .clicked()
                        {
                            edited.dataset_id.clone_from(id);
                            changed = true;
                        }
                    }
                });
            ui.end_row();
            let spec = &mut edited.spec;
            let mut label = (!spec.label.is_empty()).then(|| spec.label.clone());
            if column_combo(ui, "error_analysis_label", "Label", &mut label, &columns) {
                spec.label = label.unwrap_or_default();
                changed = true;
            }
            changed |= column_combo(
                ui,
                "error_analysis_prediction",
                "Prediction",
                &mut spec.prediction,
                &columns,
            );
            ui.end_row();
            changed |= column_combo(
                ui,
                "error_analysis_score",
                "Or score",
                &mut spec.score,
                &columns,
            );
            ui.label("Threshold");
            let mut threshold = spec.threshold.unwrap_or(0.5);
            if ui
                .add_enabled(
                    spec.score.is_some(),
                    egui::DragValue::new(&mut threshold)
                        .speed(0.01)
                        .range(0.0..=1.0),
                )
                .changed()
            {
                spec.threshold = Some(threshold);
                changed = true;
            }
            if spec.score.is_some() && spec.threshold.is_none() {
                spec.threshold = Some(threshold);
                changed = true;
            }
            ui.end_row();
            changed |= column_combo(
                ui,
                "error_analysis_sensitive",
                "Sensitive column",
                &mut spec.sensitive,
                &columns,
            );
            ui.label("Depth");
            changed |= ui
                .add(egui::Slider::new(&mut spec.max_depth, 1..=8))
                .changed();
            ui.end_row();
            ui.label("Smallest leaf (rows)");
            changed |= ui
                .add(egui::DragValue::new(&mut spec.min_samples_leaf).range(1..=1_000_000))
                .changed();
            ui.label("Attribution prefix");
            let mut prefix = spec.attribution_prefix.clone().unwrap_or_default();
            if ui.text_edit_singleline(&mut prefix).changed() {
                spec.attribution_prefix = (!prefix.is_empty()).then_some(prefix);
                changed = true;
            }
            ui.end_row();
            let mut first = spec.heatmap.first().cloned();
            let mut second = spec.heatmap.get(1).cloned();
            let a = column_combo(
                ui,
                "error_analysis_heat_x",
                "Heat map over",
                &mut first,
                &columns,
            );
            let b = column_combo(ui, "error_analysis_heat_y", "and", &mut second, &columns);
            if a || b {
                spec.heatmap = first.into_iter().chain(second).collect();
                changed = true;
            }
            ui.end_row();
        });
    if columns.is_empty() {
        ui.label("Reading the dataset's columns…");
    }
    changed |= checklist(
        ui,
        "Features",
        "error_analysis_features",
        &mut edited.spec.features,
        &columns,
        "every other column",
    );
    changed |= checklist(
        ui,
        "Held fixed by counterfactuals",
        "error_analysis_immutable",
        &mut edited.spec.immutable,
        &columns,
        "none",
    );
    if changed {
        doc.project_mut().error_analyses[index] = edited.clone();
    }
    ui.horizontal(|ui| {
        let ready = !edited.spec.label.is_empty()
            && (edited.spec.prediction.is_some() || edited.spec.score.is_some());
        if ui.add_enabled(ready, egui::Button::new("Run")).clicked() {
            screen.start_run(doc);
        }
        if !ready {
            ui.label("Choose the label and the prediction (or a score) first.");
        }
        if ui.button("Delete analysis").clicked() {
            let id = edited.analysis_id.clone();
            doc.edit(|p| p.error_analyses.retain(|a| a.analysis_id != id));
            screen.selected = None;
        }
    });
}
