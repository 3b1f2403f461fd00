//! The "Reference vs current" tab: per column the test chosen by Evidently's rules (the rule on hover and in
//! the detail), statistic, p-value, threshold, flag, PSI with its band and small-bin warnings; the columns
//! that could not be tested with the reason; an opened column's two distributions overlaid as bars; and the
//! column's type, test and threshold, saved in the project's drift configuration. For a windowed run the
//! same table compares a chosen window with the reference window.

use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Legend, Plot};

use super::{DriftScreen, Mode};
use crate::analysis::drift::{ColumnDrift, ColumnsDrift, PsiBand};
use crate::model::drift::{ColumnKind, ColumnOverride, DriftMethod};
use crate::ui::screen::ScreenContext;
use crate::ui::widgets::mark_index;

/// A number in the tables: four decimals, or scientific notation for tiny values.
pub(super) fn fmt(v: f64) -> String {
    if v != 0.0 && v.abs() < 1e-3 {
        format!("{v:.2e}")
    } else {
        format!("{v:.4}")
    }
}

/// The colour of a drift flag.
pub(super) fn drift_colour(ui: &Ui, drift: bool) -> Color32 {
    if drift {
        ui.visuals().error_fg_color
    } else {
        ui.visuals().text_color()
    }
}

fn band_colour(ui: &Ui, band: PsiBand) -> Color32 {
    match band {
        PsiBand::Stable => ui.visuals().text_color(),
        PsiBand::Moderate => ui.visuals().warn_fg_color,
        PsiBand::Major => ui.visuals().error_fg_color,
    }
}

impl DriftScreen {
    pub(super) fn pair_tab(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let drift: ColumnsDrift = match self.mode {
            Mode::Pair => {
                let Some(report) = &self.report else {
                    ui.label(
                        RichText::new(
                            "Choose a reference and a current dataset and press Compare datasets.",
                        )
                        .weak(),
                    );
                    return;
                };
                ui.label(format!(
                    "Reference: {} ({} rows) — current: {} ({} rows)",
                    report.reference.path,
                    report.reference.rows,
                    report.current.path,
                    report.current.rows
                ));
                report.drift.clone()
            }
            Mode::Windows => {
                let Some(report) = &self.windows else {
                    ui.label(
                        RichText::new(
                            "Run over time to compare a window with the reference window.",
                        )
                        .weak(),
                    );
                    return;
                };
                let reference = report
                    .windows
                    .iter()
                    .find(|w| w.reference)
                    .map_or("", |w| w.label.as_str());
                let mut chosen = self.compared_window.unwrap_or(0);
                ui.horizontal(|ui| {
                    let l = ui.label("Window");
                    egui::ComboBox::from_id_salt("drift-compared-window")
                        .selected_text(report.windows.get(chosen).map_or("", |w| w.label.as_str()))
                        .show_ui(ui, |ui| {
                            for (i, w) in report.windows.iter().enumerate() {
                                if !w.reference {
                                    ui.selectable_value(
                                        &mut chosen,
                                        i,
                                        format!("{} ({} rows)", w.label, w.rows),
                                    );
                                }
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    ui.label(format!("against the reference window {reference}"));
                });
                self.compared_window = Some(chosen);
                let Some(w) = report.windows.get(chosen) else {
                    return;
                };
                for p in &w.problems {
                    ui.colored_label(ui.visuals().warn_fg_color, p);
                }
                w.drift.clone()
            }
        };
        self.columns_table(ui, &drift);
        let Some(name) = self.open_column.clone() else {
            return;
        };
        if let Some(d) = drift.columns.get(&name) {
            ui.separator();
            column_detail(ui, &name, d);
            self.override_ui(ui, cx, &name, d);
        }
    }

    fn columns_table(&mut self, ui: &mut Ui, drift: &ColumnsDrift) {
        ui.label(
            RichText::new(format!(
                "{} of {} columns drifted ({:.0} %); dataset drift when at least {:.0} % drift: {}",
                drift.drifted_columns.len(),
                drift.columns.len(),
                drift.drifted_share * 100.0,
                drift.drift_share * 100.0,
                if drift.dataset_drift { "yes" } else { "no" }
            ))
            .strong(),
        );
        let mut open = None;
        egui::Grid::new("drift-columns")
            .striped(true)
            .show(ui, |ui| {
                for h in [
                    "Column",
                    "Type",
                    "Test",
                    "Statistic",
                    "p-value",
                    "Threshold",
                    "Drift",
                    "PSI",
                    "PSI band",
                    "Warnings",
                    "",
                ] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for (name, d) in &drift.columns {
                    ui.label(name).on_hover_text(&d.rule);
                    ui.label(d.kind.as_str());
                    ui.label(d.method.as_str()).on_hover_text(&d.rule);
                    ui.label(fmt(d.statistic));
                    ui.label(d.p_value.map_or_else(|| "—".to_owned(), fmt));
                    ui.label(fmt(d.threshold));
                    ui.colored_label(
                        drift_colour(ui, d.drift),
                        if d.drift { "yes" } else { "no" },
                    );
                    ui.label(fmt(d.psi)).on_hover_text(&d.bins);
                    ui.colored_label(band_colour(ui, d.psi_band), d.psi_band.label());
                    if d.warnings.is_empty() {
                        ui.label("");
                    } else {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            format!("⚠ {}", d.warnings.len()),
                        )
                        .on_hover_text(d.warnings.join("\n"));
                    }
                    if ui.button(format!("Open {name}")).clicked() {
                        open = Some(name.clone());
                    }
                    ui.end_row();
                }
            });
        if !drift.skipped.is_empty() {
            ui.label(RichText::new("Not tested (the other columns were computed):").strong());
            for s in &drift.skipped {
                ui.colored_label(ui.visuals().warn_fg_color, &s.reason);
            }
        }
        if open.is_some() {
            self.open_column = open;
        }
    }

    /// The column's type, test and threshold, saved in the drift configuration (applied on the next run).
    fn override_ui(&self, ui: &mut Ui, cx: &mut ScreenContext<'_>, name: &str, d: &ColumnDrift) {
        let Some(drift_id) = self.saved(cx.doc.project()).map(|s| s.drift_id.clone()) else {
            return;
        };
        let saved = cx
            .doc
            .project()
            .drift
            .drifts
            .iter()
            .find(|s| s.drift_id == drift_id)
            .and_then(|s| s.options.overrides.get(name).cloned())
            .unwrap_or_default();
        let mut edited = saved.clone();
        let mut reset = false;
        ui.horizontal(|ui| {
            ui.label(RichText::new("Settings of this column:").strong());
            let l = ui.label("Type");
            egui::ComboBox::from_id_salt("drift-kind")
                .selected_text(edited.kind.map_or("as inferred", ColumnKind::as_str))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut edited.kind, None, "as inferred");
                    for k in [ColumnKind::Numeric, ColumnKind::Categorical] {
                        ui.selectable_value(&mut edited.kind, Some(k), k.as_str());
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label("Test");
            let mut method = edited.method.unwrap_or(d.method);
            egui::ComboBox::from_id_salt("drift-method")
                .selected_text(format!("{} ({})", method.as_str(), method.label()))
                .show_ui(ui, |ui| {
                    for m in DriftMethod::ALL {
                        ui.selectable_value(
                            &mut method,
                            m,
                            format!("{} ({})", m.as_str(), m.label()),
                        );
                    }
                })
                .response
                .labelled_by(l.id);
            if method != edited.method.unwrap_or(d.method) {
                edited.method = Some(method);
                // A new test starts from its own default threshold.
                edited.threshold = Some(method.default_threshold());
            }
            let l = ui.label("Threshold");
            let mut threshold = edited.threshold.unwrap_or(d.threshold);
            let r = ui
                .add(
                    egui::DragValue::new(&mut threshold)
                        .speed(0.005)
                        .range(0.0..=10.0),
                )
                .labelled_by(l.id);
            if r.changed() {
                edited.threshold = Some(threshold);
            }
            if !saved.is_empty() && ui.button("Evidently's default").clicked() {
                reset = true;
            }
        });
        let hint = match edited.method.unwrap_or(d.method) {
            m if m.is_p_value() => "drift when the p-value is below the threshold",
            _ => "drift when the distance reaches the threshold",
        };
        ui.label(
            RichText::new(format!(
                "{hint}; saved in the project, applied when the drift runs again"
            ))
            .weak(),
        );
        if reset {
            edited = ColumnOverride::default();
        }
        if edited != saved {
            let column = name.to_owned();
            cx.doc.edit(|p| {
                if let Some(s) = p.drift.drifts.iter_mut().find(|s| s.drift_id == drift_id) {
                    if edited.is_empty() {
                        s.options.overrides.remove(&column);
                    } else {
                        s.options.overrides.insert(column, edited);
                    }
                }
            });
        }
    }
}

/// One column's rule, counts, warnings and both distributions as overlaid bars.
fn column_detail(ui: &mut Ui, name: &str, d: &ColumnDrift) {
    ui.label(RichText::new(format!("{name}: {}", d.rule)).strong());
    ui.label(format!(
        "{} ({}): statistic {}{}, threshold {}, {}; reference {} values ({} missing dropped), current {} ({} \
         missing dropped), {} distinct values",
        d.method.label(),
        d.kind.as_str(),
        fmt(d.statistic),
        d.test_statistic
            .map_or_else(String::new, |t| format!(" (test statistic {})", fmt(t))),
        fmt(d.threshold),
        if d.drift { "drift" } else { "no drift" },
        d.reference_count,
        d.reference_missing,
        d.current_count,
        d.current_missing,
        d.distinct
    ));
    ui.label(format!(
        "PSI {} — {}; KL divergence {}; Hellinger {}. Bins: {}",
        fmt(d.psi),
        d.psi_band.label(),
        fmt(d.kl_div),
        fmt(d.hellinger),
        d.bins
    ));
    for w in &d.warnings {
        ui.colored_label(ui.visuals().warn_fg_color, format!("⚠ {w}"));
    }
    let bars = |values: &[f64], offset: f64| -> Vec<Bar> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                #[expect(clippy::cast_precision_loss, reason = "few bins")]
                let x = i as f64 + offset;
                Bar::new(x, *v).width(0.4)
            })
            .collect()
    };
    let labels = d.distribution.bins.clone();
    Plot::new("drift-distribution")
        .height(200.0)
        .legend(Legend::default())
        .y_axis_label("Share of rows")
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| {
            mark_index(mark.value, 0)
                .and_then(|i| labels.get(i).cloned())
                .unwrap_or_default()
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(
                "Reference",
                bars(&d.distribution.reference, -0.2),
            ));
            plot.bar_chart(BarChart::new("Current", bars(&d.distribution.current, 0.2)));
        });
}
