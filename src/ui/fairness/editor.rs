//! The audit editor: dataset, columns, sensitive columns, reference group, thresholds, and the run button.

use super::Columns;
use super::ColumnsKey;
use super::FairnessActions;
use super::FairnessScreen;
use super::RunInput;
use super::base_dir;
use super::runs::columns_job;
use crate::analysis::audit_spec::spec_problems;
use crate::analysis::columns::ColumnSummary;
use crate::analysis::columns::MAX_LISTED_VALUES;
use crate::model::Document;
use crate::model::audit::AuditSpec;
use crate::model::file;
use crate::ui::theme;
use crate::ui::widgets::Change;
use egui::Align;
use egui::Layout;
use egui::RichText;
use egui::Ui;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The audit's columns and choices, and the run button.
pub(super) fn editor_ui(
    ui: &mut Ui,
    screen: &mut FairnessScreen,
    doc: &mut Document,
    index: usize,
    actions: &mut FairnessActions,
) {
    let base = base_dir(doc);
    let project = doc.project();
    let Some(original) = project.audits.get(index).cloned() else {
        return;
    };
    let settings = project.settings.fairness.clone();
    let datasets: Vec<(String, String)> = project.dataset_choices();
    let dataset = project.dataset(&original.dataset_id);
    let key = dataset.map(|d| ColumnsKey {
        path: file::resolve_path(&d.path, &base),
        sha256: d.sha256.clone(),
    });
    if let (Some(key), Some(d)) = (&key, dataset)
        && !screen.columns.contains_key(key)
    {
        screen.columns.insert(key.clone(), Columns::Loading(None));
        actions.jobs.push(columns_job(key.clone(), &d.name));
    }
    let dataset_name = dataset.map(|d| d.name.clone());
    let columns: Option<Arc<Vec<ColumnSummary>>> =
        match key.as_ref().and_then(|k| screen.columns.get(k)) {
            Some(Columns::Ready(c)) => Some(Arc::clone(c)),
            _ => None,
        };
    let columns_note = match key.as_ref().and_then(|k| screen.columns.get(k)) {
        Some(Columns::Loading(_)) => Some((false, "Reading the dataset's columns…".to_owned())),
        Some(Columns::Failed(e)) => Some((
            true,
            format!("Cannot read the dataset's columns ({e}); type the column names instead."),
        )),
        Some(Columns::Ready(_)) => None,
        None => Some((
            true,
            "This audit's dataset is not in the project: choose one.".to_owned(),
        )),
    };

    let mut draft = original.clone();
    let mut change = Change::None;
    let id = original.audit_id.clone();
    let columns = columns.as_deref().map(Vec::as_slice);

    let settings_header = egui::CollapsingHeader::new("Audit settings")
        .id_salt("fairness_audit_settings")
        .default_open(true);
    settings_header.show(ui, |ui| {
        // Two columns of settings side by side when there is room, one below the other otherwise.
        let layout = if ui.available_width() >= 1150.0 {
            Layout::left_to_right(Align::Min)
        } else {
            Layout::top_down(Align::Min)
        };
        ui.with_layout(layout, |ui| {
            egui::Grid::new(("fairness_editor_data", &id))
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    let label = ui.label("Audit name");
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut draft.name)
                                .id_salt(("fairness_audit_name", &id))
                                .desired_width(260.0),
                        )
                        .labelled_by(label.id);
                    change.live(&r);
                    ui.end_row();

                    let label = ui.label("Dataset");
                    let selected = datasets
                        .iter()
                        .find(|(d, _)| *d == draft.dataset_id)
                        .map_or("Choose a dataset", |(_, name)| name.as_str());
                    egui::ComboBox::from_id_salt(("fairness_dataset", &id))
                        .selected_text(selected)
                        .width(260.0)
                        .show_ui(ui, |ui| {
                            for (dataset_id, name) in &datasets {
                                if ui
                                    .selectable_label(draft.dataset_id == *dataset_id, name)
                                    .clicked()
                                    && draft.dataset_id != *dataset_id
                                {
                                    draft.dataset_id.clone_from(dataset_id);
                                    change.discrete();
                                }
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();

                    let label = ui.label("Label column");
                    let mut label_col =
                        (!draft.spec.label.is_empty()).then(|| draft.spec.label.clone());
                    column_choice_ui(
                        ui,
                        ("fairness_label", &id),
                        label.id,
                        &mut label_col,
                        None,
                        columns,
                        |_| true,
                        &mut change,
                    );
                    draft.spec.label = label_col.unwrap_or_default();
                    ui.end_row();

                    let label = ui.label("Positive label value");
                    let values = column_values(columns, &draft.spec.label);
                    value_choice_ui(
                        ui,
                        ("fairness_positive", &id),
                        label.id,
                        &mut draft.spec.positive,
                        "Automatic (1 or true)",
                        values,
                        &mut change,
                    );
                    ui.end_row();

                    ui.label("Predictions");
                    let score_mode = draft.spec.prediction.is_none()
                        && (draft.spec.score.is_some() || draft.spec.threshold.is_some());
                    ui.horizontal(|ui| {
                        if ui
                            .radio(!score_mode, "Prediction column")
                            .on_hover_text("A column of predicted labels")
                            .clicked()
                            && score_mode
                        {
                            draft.spec.score = None;
                            draft.spec.threshold = None;
                            change.discrete();
                        }
                        if ui.radio(score_mode, "Score and threshold").clicked() && !score_mode {
                            draft.spec.prediction = None;
                            draft.spec.pred_positive = None;
                            draft.spec.threshold = Some(0.5);
                            change.discrete();
                        }
                    });
                    ui.end_row();

                    if score_mode {
                        let label = ui.label("Score column");
                        column_choice_ui(
                            ui,
                            ("fairness_score", &id),
                            label.id,
                            &mut draft.spec.score,
                            None,
                            columns,
                            |c| c.numeric,
                            &mut change,
                        );
                        ui.end_row();
                        let label = ui.label("Threshold");
                        ui.horizontal(|ui| {
                            if let Some(t) = &mut draft.spec.threshold {
                                let r = ui
                                    .add(egui::DragValue::new(t).speed(0.01).max_decimals(4))
                                    .labelled_by(label.id);
                                change.live(&r);
                            } else if ui.button("Set a threshold").clicked() {
                                draft.spec.threshold = Some(0.5);
                                change.discrete();
                            }
                            ui.label(
                                RichText::new("Predicted positive when score ≥ threshold").weak(),
                            );
                        });
                        ui.end_row();
                    } else {
                        let label = ui.label("Prediction column");
                        column_choice_ui(
                            ui,
                            ("fairness_prediction", &id),
                            label.id,
                            &mut draft.spec.prediction,
                            None,
                            columns,
                            |_| true,
                            &mut change,
                        );
                        ui.end_row();
                        let label = ui.label("Positive prediction value");
                        let values = draft
                            .spec
                            .prediction
                            .as_deref()
                            .and_then(|p| column_values(columns, p));
                        value_choice_ui(
                            ui,
                            ("fairness_pred_positive", &id),
                            label.id,
                            &mut draft.spec.pred_positive,
                            "Same as the label's",
                            values,
                            &mut change,
                        );
                        ui.end_row();
                    }
                });
            ui.add_space(16.0);
            egui::Grid::new(("fairness_editor_groups", &id))
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    ui.label("Sensitive columns");
                    sensitive_ui(ui, &id, &mut draft.spec, columns, &mut change);
                    ui.end_row();

                    ui.label("");
                    let mut intersect = draft.spec.intersect;
                    let r = ui
                        .add_enabled(
                            draft.spec.sensitive.len() >= 2,
                            egui::Checkbox::new(&mut intersect, "Also audit their combination"),
                        )
                        .on_hover_text(
                            "Intersectional groups: every observed combination of the values",
                        );
                    if r.changed() {
                        draft.spec.intersect = intersect;
                        change.discrete();
                    }
                    ui.end_row();

                    for column in draft.spec.sensitive.clone() {
                        let label = ui.label(format!("Reference for {column}"));
                        reference_choice_ui(
                            ui,
                            ("fairness_reference", &id, &column),
                            label.id,
                            &mut draft.spec.reference,
                            &column,
                            column_values(columns, &column),
                            &mut change,
                        );
                        ui.end_row();
                    }

                    let label = ui.label("Weight column");
                    column_choice_ui(
                        ui,
                        ("fairness_weight", &id),
                        label.id,
                        &mut draft.spec.weight,
                        Some("None"),
                        columns,
                        |c| c.numeric,
                        &mut change,
                    );
                    ui.end_row();

                    optional_number_ui(
                        ui,
                        "Minimum group size",
                        &mut draft.spec.min_group,
                        settings.min_group_size,
                        1..=10_000_000,
                        &mut change,
                    );
                    optional_number_ui(
                        ui,
                        "Bootstrap resamples",
                        &mut draft.spec.bootstrap,
                        settings.bootstrap_resamples,
                        0..=100_000,
                        &mut change,
                    );
                    optional_number_ui(
                        ui,
                        "Bootstrap seed",
                        &mut draft.spec.seed,
                        settings.bootstrap_seed,
                        0..=u64::MAX,
                        &mut change,
                    );
                });
        });
    });
    if let Some((problem, note)) = columns_note {
        ui.horizontal(|ui| {
            let text = RichText::new(note);
            ui.label(if problem {
                text.color(theme::warn())
            } else {
                text.weak()
            });
            if problem
                && let Some(key) = &key
                && ui.small_button("Read again").clicked()
            {
                screen.columns.remove(key);
            }
        });
    }
    if draft.name.trim().is_empty() {
        ui.label(RichText::new("⚠ Give the audit a name").color(theme::warn()));
    } else if doc
        .project()
        .audits
        .iter()
        .any(|a| a.audit_id != draft.audit_id && a.name == draft.name)
    {
        ui.label(
            RichText::new(
                "⚠ Another audit has this name; names must be unique for `riskbench audit --name`",
            )
            .color(theme::warn()),
        );
    }

    let problems = spec_problems(&draft.spec);
    let input = RunInput::of(doc.project(), &base, &draft);
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let ready = problems.is_empty() && input.is_some();
        let run = ui
            .add_enabled(ready, egui::Button::new("Run audit"))
            .on_hover_text(
                "Per-group metrics with Wilson intervals at once, then bootstrap intervals in the background \
                 (progress and cancel in the status bar)",
            );
        if run.clicked()
            && let Some(input) = input.clone()
        {
            screen.start_run(&draft, input, actions);
            screen.scroll_to_results = 3;
        }
        if !problems.is_empty() {
            ui.label(RichText::new(format!("To run: {}", problems.join("; "))).weak());
        } else if let Some(name) = &dataset_name {
            ui.label(RichText::new(format!("On {name}")).weak());
        }
    });

    if draft != original {
        match change {
            Change::Discrete => doc.edit(|p| {
                if let Some(a) = p.audits.get_mut(index) {
                    *a = draft;
                }
            }),
            Change::Live | Change::None => {
                if let Some(a) = doc.project_mut().audits.get_mut(index) {
                    *a = draft;
                }
            }
        }
    }
}

/// The listed values of a column, when known.
pub(super) fn column_values<'a>(
    columns: Option<&'a [ColumnSummary]>,
    name: &str,
) -> Option<&'a [String]> {
    columns?.iter().find(|c| c.name == name)?.values.as_deref()
}

/// Chooses a column from the dataset's columns (a text field while they are unknown).
#[expect(
    clippy::too_many_arguments,
    reason = "a labelled widget with its options"
)]
pub(super) fn column_choice_ui(
    ui: &mut Ui,
    salt: impl egui::AsIdSalt,
    label: egui::Id,
    current: &mut Option<String>,
    none_text: Option<&str>,
    columns: Option<&[ColumnSummary]>,
    offer: impl Fn(&ColumnSummary) -> bool,
    change: &mut Change,
) {
    let Some(columns) = columns else {
        let mut text = current.clone().unwrap_or_default();
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id_salt(salt)
                    .desired_width(260.0)
                    .hint_text(none_text.unwrap_or("column name")),
            )
            .labelled_by(label);
        if r.changed() {
            *current = (!text.trim().is_empty()).then_some(text);
            change.live(&r);
        }
        return;
    };
    let known = current
        .as_ref()
        .is_none_or(|c| columns.iter().any(|col| &col.name == c));
    let selected = match current {
        Some(c) if known => RichText::new(c.as_str()),
        Some(c) => RichText::new(format!("{c} (not in the data)")).color(theme::error()),
        None => RichText::new(none_text.unwrap_or("Choose a column")).weak(),
    };
    egui::ComboBox::from_id_salt(salt)
        .selected_text(selected)
        .width(260.0)
        .height(320.0)
        .show_ui(ui, |ui| {
            if let Some(none) = none_text
                && ui.selectable_label(current.is_none(), none).clicked()
                && current.is_some()
            {
                *current = None;
                change.discrete();
            }
            for column in columns.iter().filter(|c| offer(c)) {
                let is_current = current.as_deref() == Some(column.name.as_str());
                if ui.selectable_label(is_current, &column.name).clicked() && !is_current {
                    *current = Some(column.name.clone());
                    change.discrete();
                }
            }
        })
        .response
        .labelled_by(label);
}

/// Chooses a value of a column (a text field when the column has too many values to list).
pub(super) fn value_choice_ui(
    ui: &mut Ui,
    salt: impl egui::AsIdSalt,
    label: egui::Id,
    current: &mut Option<String>,
    auto_text: &str,
    values: Option<&[String]>,
    change: &mut Change,
) {
    let Some(values) = values else {
        let mut text = current.clone().unwrap_or_default();
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id_salt(salt)
                    .desired_width(260.0)
                    .hint_text(auto_text),
            )
            .labelled_by(label);
        if r.changed() {
            *current = (!text.is_empty()).then_some(text);
            change.live(&r);
        }
        return;
    };
    let selected = match current {
        Some(v) if values.contains(v) => RichText::new(v.as_str()),
        Some(v) => RichText::new(format!("{v} (not in the column)")).color(theme::error()),
        None => RichText::new(auto_text),
    };
    egui::ComboBox::from_id_salt(salt)
        .selected_text(selected)
        .width(260.0)
        .show_ui(ui, |ui| {
            if ui.selectable_label(current.is_none(), auto_text).clicked() && current.is_some() {
                *current = None;
                change.discrete();
            }
            for value in values {
                let is_current = current.as_ref() == Some(value);
                if ui.selectable_label(is_current, value).clicked() && !is_current {
                    *current = Some(value.clone());
                    change.discrete();
                }
            }
        })
        .response
        .labelled_by(label);
}

/// Chooses the reference group of one sensitive column: the largest, the best per metric, or a value.
pub(super) fn reference_choice_ui(
    ui: &mut Ui,
    salt: impl egui::AsIdSalt,
    label: egui::Id,
    reference: &mut BTreeMap<String, String>,
    column: &str,
    values: Option<&[String]>,
    change: &mut Change,
) {
    const LARGEST: &str = "Largest group";
    const BEST: &str = "Best group per metric";
    let current = reference.get(column).cloned();
    let shown = match current.as_deref() {
        None | Some("largest") => LARGEST.to_owned(),
        Some("best") => BEST.to_owned(),
        Some(v) => v.to_owned(),
    };
    let Some(values) = values else {
        // Too many values to list (or unknown): the rule or a typed value.
        ui.horizontal(|ui| {
            let mut text = current.clone().unwrap_or_default();
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut text)
                        .id_salt(salt)
                        .desired_width(180.0)
                        .hint_text("largest, best or a value"),
                )
                .labelled_by(label);
            if r.changed() {
                if text.trim().is_empty() {
                    reference.remove(column);
                } else {
                    reference.insert(column.to_owned(), text);
                }
                change.live(&r);
            }
        });
        return;
    };
    egui::ComboBox::from_id_salt(salt)
        .selected_text(shown)
        .width(260.0)
        .show_ui(ui, |ui| {
            let largest = matches!(current.as_deref(), None | Some("largest"));
            if ui
                .selectable_label(largest, LARGEST)
                .on_hover_text("The group with the most rows (Aequitas \"maj\")")
                .clicked()
                && !largest
            {
                reference.remove(column);
                change.discrete();
            }
            let best = current.as_deref() == Some("best");
            if ui
                .selectable_label(best, BEST)
                .on_hover_text(
                    "Per metric, the group with the best value (lowest error rate, highest TPR …); the largest \
                     group for metrics with no better direction",
                )
                .clicked()
                && !best
            {
                reference.insert(column.to_owned(), "best".to_owned());
                change.discrete();
            }
            for value in values {
                let is_current = current.as_ref() == Some(value);
                if ui.selectable_label(is_current, value).clicked() && !is_current {
                    reference.insert(column.to_owned(), value.clone());
                    change.discrete();
                }
            }
        })
        .response
        .labelled_by(label);
}

/// The sensitive columns: every column with few enough values to form groups.
pub(super) fn sensitive_ui(
    ui: &mut Ui,
    id: &str,
    spec: &mut AuditSpec,
    columns: Option<&[ColumnSummary]>,
    change: &mut Change,
) {
    ui.vertical(|ui| {
        let Some(columns) = columns else {
            let mut text = spec.sensitive.join(", ");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut text)
                        .id_salt(("fairness_sensitive_text", id))
                        .desired_width(260.0)
                        .hint_text("sensitive columns, comma-separated"),
                )
                .on_hover_text("Column names separated by commas");
            if r.changed() {
                spec.sensitive = text
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                change.live(&r);
            }
            return;
        };
        // In the file's order, so ticking a column never moves the list (or the Run button) under the mouse.
        let offered: Vec<&ColumnSummary> = columns
            .iter()
            .filter(|c| c.values.is_some() || spec.sensitive.contains(&c.name))
            .collect();
        egui::ScrollArea::vertical()
            .id_salt(("fairness_sensitive", id))
            .max_height(130.0)
            .show(ui, |ui| {
                for column in offered {
                    let mut on = spec.sensitive.contains(&column.name);
                    let count = column.values.as_ref().map_or_else(
                        || "many values".to_owned(),
                        |v| format!("{} values", v.len()),
                    );
                    ui.horizontal(|ui| {
                        if ui.checkbox(&mut on, &column.name).changed() {
                            if on {
                                spec.sensitive.push(column.name.clone());
                            } else {
                                spec.sensitive.retain(|s| *s != column.name);
                                spec.reference.remove(&column.name);
                            }
                            if spec.sensitive.len() < 2 {
                                spec.intersect = false;
                            }
                            change.discrete();
                        }
                        ui.label(RichText::new(count).weak());
                    });
                }
            });
        let missing: Vec<String> = spec
            .sensitive
            .iter()
            .filter(|name| !columns.iter().any(|c| &c.name == *name))
            .cloned()
            .collect();
        if !missing.is_empty() {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("Not in the data: {}", missing.join(", ")))
                        .color(theme::error()),
                );
                if ui.small_button("Remove").clicked() {
                    spec.sensitive
                        .retain(|s| columns.iter().any(|c| &c.name == s));
                    spec.reference.retain(|k, _| spec.sensitive.contains(k));
                    if spec.sensitive.len() < 2 {
                        spec.intersect = false;
                    }
                    change.discrete();
                }
            });
        }
        ui.add_space(2.0);
        ui.label(
            RichText::new(format!(
                "Columns with more than {MAX_LISTED_VALUES} distinct values are not offered"
            ))
            .weak()
            .small(),
        );
    });
}

/// A number that defaults to the project's setting.
pub(super) fn optional_number_ui<T>(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<T>,
    default: T,
    range: std::ops::RangeInclusive<T>,
    change: &mut Change,
) where
    T: egui::emath::Numeric + std::fmt::Display,
{
    let label = ui.label(label);
    ui.horizontal(|ui| {
        let mut use_default = value.is_none();
        if ui
            .checkbox(&mut use_default, format!("Project setting ({default})"))
            .changed()
        {
            *value = if use_default { None } else { Some(default) };
            change.discrete();
        }
        if let Some(v) = value {
            let r = ui
                .add(egui::DragValue::new(v).range(range))
                .labelled_by(label.id);
            change.live(&r);
        }
    });
    ui.end_row();
}
