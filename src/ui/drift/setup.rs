//! The top of the drift screen: the project's saved drift configurations (with their stale state) and the
//! setup of a run — two datasets, or one dataset with a date column, a window length, a reference window and
//! the columns of fairness drift, picked from the dataset's columns.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use egui::{RichText, Ui};

use super::{Columns, DriftScreen, Mode};
use crate::analysis::dataset::{DatasetStatus, FileCheck};
use crate::model::drift::{SavedDrift, WindowSize};
use crate::ui::screen::ScreenContext;

/// The fingerprint of each dataset now: the one recorded in the project, or the file's new one when the
/// last check found it changed.
fn fingerprints_now(cx: &ScreenContext<'_>) -> BTreeMap<String, String> {
    let mut map: BTreeMap<String, String> = cx
        .doc
        .project()
        .datasets
        .iter()
        .map(|d| (d.dataset_id.clone(), d.sha256.clone()))
        .collect();
    for (id, check) in cx.dataset_checks {
        if let FileCheck::Done(DatasetStatus::Changed { now }) = check {
            map.insert(id.clone(), now.sha256.clone());
        }
    }
    map
}

fn dataset_combo(ui: &mut Ui, label: &str, value: &mut String, cx: &ScreenContext<'_>) -> bool {
    let project = cx.doc.project();
    let shown = project
        .dataset(value)
        .map_or_else(|| "(choose)".to_owned(), |d| d.name.clone());
    let before = value.clone();
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(("drift-dataset", label))
        .selected_text(shown)
        .width(220.0)
        .show_ui(ui, |ui| {
            for d in &project.datasets {
                ui.selectable_value(
                    value,
                    d.dataset_id.clone(),
                    format!("{} ({})", d.name, d.role.label()),
                );
            }
        })
        .response
        .labelled_by(l.id);
    *value != before
}

/// A column picker; `none` names the empty choice when the column is optional.
fn column_combo(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    columns: &[(String, bool)],
    none: Option<&str>,
) {
    let l = ui.label(label);
    let shown = if value.is_empty() {
        none.unwrap_or("(choose)").to_owned()
    } else {
        value.clone()
    };
    egui::ComboBox::from_id_salt(("drift-column", label))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            if let Some(none) = none {
                ui.selectable_value(value, String::new(), none);
            }
            for (name, _) in columns {
                ui.selectable_value(value, name.clone(), name);
            }
        })
        .response
        .labelled_by(l.id);
}

impl DriftScreen {
    /// The saved drift configurations: choose one to load and run it; its saved result and stale state.
    pub(super) fn saved_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut ScreenContext<'_>,
        actions: &mut super::DriftActions,
    ) {
        let drifts: Vec<SavedDrift> = cx.doc.project().drift.drifts.clone();
        if drifts.is_empty() {
            ui.label(
                RichText::new(
                    "No drift is saved in this project yet: set one up below; its result is saved with both \
                     datasets' fingerprints.",
                )
                .weak(),
            );
            return;
        }
        let now = fingerprints_now(cx);
        let selected = self
            .drift_id
            .as_ref()
            .and_then(|id| drifts.iter().find(|d| &d.drift_id == id));
        let mut chosen = None;
        ui.horizontal(|ui| {
            let l = ui.label("Saved drift");
            egui::ComboBox::from_id_salt("drift-saved")
                .selected_text(selected.map_or("(new)", |d| d.name.as_str()))
                .width(320.0)
                .show_ui(ui, |ui| {
                    for d in &drifts {
                        let stale = d.stale_reason(&now).map_or("", |_| " — stale");
                        if ui
                            .selectable_label(
                                selected.is_some_and(|s| s.drift_id == d.drift_id),
                                format!("{} ({}){stale}", d.name, d.drift_id),
                            )
                            .clicked()
                        {
                            chosen = Some(d.clone());
                        }
                    }
                })
                .response
                .labelled_by(l.id);
            if selected.is_some() && ui.button("New drift").clicked() {
                self.drift_id = None;
            }
        });
        if let Some(d) = chosen {
            let more = self.load_saved(&d, cx);
            actions.jobs.extend(more.jobs);
            actions.cancel.extend(more.cancel);
        }
        let Some(d) = selected else { return };
        let mut share = d.options.drift_share;
        ui.horizontal(|ui| {
            let l = ui.label("Dataset drift when the share of drifted columns reaches");
            ui.add(
                egui::DragValue::new(&mut share)
                    .speed(0.01)
                    .range(0.01..=1.0),
            )
            .labelled_by(l.id);
            ui.label(RichText::new("(Evidently: 0.5; applied when the drift runs again)").weak());
        });
        if (share - d.options.drift_share).abs() > f64::EPSILON {
            let id = d.drift_id.clone();
            cx.doc.edit(|p| {
                if let Some(s) = p.drift.drifts.iter_mut().find(|s| s.drift_id == id) {
                    s.options.drift_share = share;
                }
            });
        }
        let Some(result) = &d.result else {
            ui.label(RichText::new("Not run yet.").weak());
            return;
        };
        let mut text = format!(
            "Saved result: {} of {} columns drifted ({:.0} %), dataset drift {}; computed on reference {} and \
             current {}",
            result.columns.iter().filter(|c| c.drift).count(),
            result.columns.len(),
            result.drifted_share * 100.0,
            if result.dataset_drift { "yes" } else { "no" },
            short(&result.reference_sha256),
            short(&result.current_sha256),
        );
        if !result.window_labels.is_empty() {
            let _ = write!(
                text,
                "; windows {} to {}",
                result.window_labels.first().map_or("", String::as_str),
                result.window_labels.last().map_or("", String::as_str)
            );
        }
        text.push('.');
        ui.label(text);
        if let Some(reason) = d.stale_reason(&now) {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Stale: {reason} since this result was computed. Run it again before relying on it."),
            );
        }
    }

    /// Two datasets, or one dataset with windows, and the button that runs it.
    pub(super) fn setup_ui(
        &mut self,
        ui: &mut Ui,
        cx: &ScreenContext<'_>,
        actions: &mut super::DriftActions,
    ) {
        ui.horizontal(|ui| {
            let before = self.mode;
            ui.radio_value(
                &mut self.mode,
                Mode::Pair,
                "Two datasets (reference vs current)",
            );
            ui.radio_value(
                &mut self.mode,
                Mode::Windows,
                "One dataset over time windows",
            );
            if self.mode != before {
                self.drift_id = None;
            }
        });
        let running = self.running.is_some();
        match self.mode {
            Mode::Pair => {
                ui.horizontal(|ui| {
                    let mut r = std::mem::take(&mut self.reference_id);
                    let mut changed = dataset_combo(ui, "Reference", &mut r, cx);
                    self.reference_id = r;
                    let mut c = std::mem::take(&mut self.current_id);
                    changed |= dataset_combo(ui, "Current", &mut c, cx);
                    self.current_id = c;
                    if changed {
                        self.drift_id = None;
                    }
                    if ui
                        .add_enabled(!running, egui::Button::new("Compare datasets"))
                        .clicked()
                    {
                        let more = self.start(cx);
                        actions.jobs.extend(more.jobs);
                        actions.cancel.extend(more.cancel);
                    }
                });
            }
            Mode::Windows => self.windows_setup(ui, cx, actions, running),
        }
    }

    fn windows_setup(
        &mut self,
        ui: &mut Ui,
        cx: &ScreenContext<'_>,
        actions: &mut super::DriftActions,
        running: bool,
    ) {
        ui.horizontal(|ui| {
            let mut r = std::mem::take(&mut self.reference_id);
            if dataset_combo(ui, "Dataset", &mut r, cx) {
                self.drift_id = None;
            }
            self.reference_id = r;
        });
        self.want_columns(cx, actions);
        let columns: Vec<(String, bool)> = match self.columns.get(&self.reference_id) {
            Some(Columns::Ready(c)) => c.clone(),
            Some(Columns::Loading(_)) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Reading the dataset's columns…");
                });
                Vec::new()
            }
            Some(Columns::Failed(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
                Vec::new()
            }
            None => Vec::new(),
        };
        if self.reference_id.is_empty() {
            return;
        }
        ui.horizontal(|ui| {
            let before = self.time_column.clone();
            column_combo(ui, "Date column", &mut self.time_column, &columns, None);
            if self.time_column != before {
                self.drift_id = None;
            }
            let l = ui.label("Window");
            egui::ComboBox::from_id_salt("drift-window")
                .selected_text(self.window.unwrap_or(WindowSize::Month).as_str())
                .show_ui(ui, |ui| {
                    for w in [
                        WindowSize::Day,
                        WindowSize::Week,
                        WindowSize::Month,
                        WindowSize::Quarter,
                    ] {
                        ui.selectable_value(&mut self.window, Some(w), w.as_str());
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label("Reference window");
            self.reference_window = self.reference_window.max(1);
            ui.add(egui::DragValue::new(&mut self.reference_window).range(1..=10_000))
                .labelled_by(l.id)
                .on_hover_text("Each window is compared with this one (1 = the first window).");
        });
        ui.horizontal(|ui| {
            ui.label(RichText::new("Fairness drift:").strong());
            column_combo(ui, "Label", &mut self.label, &columns, Some("(none)"));
            column_combo(
                ui,
                "Prediction",
                &mut self.prediction,
                &columns,
                Some("(none)"),
            );
            let l = ui.label("Sensitive");
            let shown = if self.sensitive.is_empty() {
                "(none) …".to_owned()
            } else {
                format!("{} …", self.sensitive.join(", "))
            };
            ui.menu_button(shown, |ui| {
                for (name, _) in &columns {
                    let mut on = self.sensitive.contains(name);
                    if ui.checkbox(&mut on, name).changed() {
                        if on {
                            self.sensitive.push(name.clone());
                        } else {
                            self.sensitive.retain(|s| s != name);
                        }
                    }
                }
            })
            .response
            .labelled_by(l.id);
            ui.checkbox(&mut self.bootstrap, "Bootstrap intervals of the disparities")
                .on_hover_text(
                    "Per-group rates always have Wilson intervals; the summary disparities get stratified \
                     bootstrap intervals with the project's resamples (slower).",
                );
        });
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    !running && !self.time_column.is_empty(),
                    egui::Button::new("Run over time"),
                )
                .clicked()
            {
                let more = self.start(cx);
                actions.jobs.extend(more.jobs);
                actions.cancel.extend(more.cancel);
            }
            if !self.label.is_empty() && self.sensitive.is_empty() {
                ui.label(RichText::new("Choose a sensitive column for fairness drift.").weak());
            }
        });
    }
}

fn short(sha: &str) -> String {
    format!("{}…", sha.get(..12).unwrap_or(sha))
}
