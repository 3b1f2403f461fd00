//! The profile's data-quality tabs: missing values, correlations as a heat map, and alerts with their editable
//! thresholds.

use super::tabs::category_label;
use super::tabs::category_marks;
use super::tabs::count;
use super::tabs::number;
use super::tabs::optional;
use super::tabs::section_title;
use super::tabs::share;
use super::tabs::top_position;
use crate::analysis::profile::AssociationMethod;
use crate::analysis::profile::CorrelationPair;
use crate::analysis::profile::Profile;
use crate::model::Document;
use crate::model::settings::EdaThresholds;
use crate::ui::theme;
use egui::RichText;
use egui::Ui;
use egui_plot::Bar;
use egui_plot::BarChart;
use egui_plot::Corner;
use egui_plot::Legend;
use egui_plot::Plot;

/// The text shown when hovering a bar.
pub(super) type BarFormatter = Box<dyn Fn(&Bar, &BarChart) -> String>;

pub(super) fn missing_ui(ui: &mut Ui, profile: &Profile, threshold: f64) {
    ui.label(format!(
        "The share of missing cells per column; columns above {} raise a MISSING alert (Alerts tab).",
        share(threshold)
    ));
    if profile.variables.iter().all(|v| v.missing == 0) {
        ui.label(RichText::new("✓ No column has missing cells").color(theme::ok()));
    }
    let labels: Vec<String> = profile.variables.iter().map(|v| v.name.clone()).collect();
    let n = labels.len();
    let (mut above, mut below) = (Vec::new(), Vec::new());
    for (i, v) in profile.variables.iter().enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "bar positions")]
        let bar = Bar::new((n - 1 - i) as f64, v.missing_share * 100.0)
            .width(0.7)
            .name(format!("{} ({} cells)", v.name, count(v.missing)));
        if v.missing_share > threshold {
            above.push(bar);
        } else {
            below.push(bar);
        }
    }
    #[expect(clippy::cast_precision_loss, reason = "a chart height")]
    let height = (n as f32 * 26.0 + 60.0).clamp(120.0, 2000.0);
    let axis_labels = labels;
    Plot::new("eda_missing")
        .height(height)
        .width(640.0)
        .legend(Legend::default().position(Corner::RightBottom))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_x(0.0)
        .include_x(100.0)
        .show_grid([true, false])
        .x_axis_label("Missing (%)")
        .y_axis_min_width(90.0)
        .y_axis_formatter(move |mark, _| category_label(&axis_labels, mark.value, true))
        .y_grid_spacer(category_marks(n))
        .include_y(-0.6)
        .include_y(top_position(n))
        .show(ui, |plot| {
            let formatter = || -> BarFormatter {
                Box::new(|bar, _| format!("{}: {:.2}% missing", bar.name, bar.value))
            };
            plot.bar_chart(
                BarChart::new("Above the threshold", above)
                    .horizontal()
                    .color(theme::warn())
                    .element_formatter(formatter()),
            );
            plot.bar_chart(
                BarChart::new("At or below", below)
                    .horizontal()
                    .color(theme::series_after())
                    .element_formatter(formatter()),
            );
        });
}

pub(super) fn correlations_ui(ui: &mut Ui, profile: &Profile, threshold: f64) {
    let c = &profile.correlations;
    ui.label(
        "Spearman's ρ for two numeric columns; bias-corrected Cramér's V when a categorical column is involved \
         (numeric columns cut into 10 equal-width bins). Hover a cell for its value.",
    );
    if c.columns.len() < 2 {
        ui.label(RichText::new("Fewer than two columns take part in the correlations").weak());
        return;
    }
    heat_map_ui(ui, profile);
    let mut strong: Vec<&CorrelationPair> = c
        .pairs
        .iter()
        .filter(|p| p.value.is_some_and(|v| v.abs() >= threshold))
        .collect();
    strong.sort_by(|a, b| {
        let key = |p: &CorrelationPair| p.value.map_or(0.0, f64::abs);
        key(b).total_cmp(&key(a))
    });
    section_title(
        ui,
        &format!("Pairs with |association| ≥ {}", number(threshold)),
    );
    if strong.is_empty() {
        ui.label(RichText::new("None").weak());
    }
    egui::Grid::new("eda_strong_pairs")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for p in strong {
                ui.label(&p.a);
                ui.label(&p.b);
                ui.label(method_label(p.method));
                ui.label(optional(p.value));
                ui.end_row();
            }
        });
}

pub(super) fn method_label(method: AssociationMethod) -> &'static str {
    match method {
        AssociationMethod::Spearman => "Spearman's ρ",
        AssociationMethod::CramersV => "Cramér's V",
        AssociationMethod::CorrelationRatio => "Correlation ratio η",
    }
}

/// The correlation matrix as a grid of coloured cells with a colour legend; the value shows on hover.
pub(super) fn heat_map_ui(ui: &mut Ui, profile: &Profile) {
    let corr = &profile.correlations;
    let n = corr.columns.len();
    let dark = ui.visuals().dark_mode;
    let text_color = ui.visuals().text_color();
    let font = egui::FontId::proportional(12.0);
    let label_width = corr
        .columns
        .iter()
        .map(|name| {
            ui.painter()
                .layout_no_wrap(name.clone(), font.clone(), text_color)
                .size()
                .x
        })
        .fold(0.0_f32, f32::max)
        .min(180.0)
        + 8.0;
    #[expect(clippy::cast_precision_loss, reason = "a handful of columns")]
    let cell = (560.0 / n as f32).clamp(12.0, 40.0);
    #[expect(clippy::cast_precision_loss, reason = "a handful of columns")]
    let grid = cell * n as f32;
    let size = egui::vec2(label_width + grid + 90.0, label_width + grid + 8.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let origin = egui::pos2(rect.min.x + label_width, rect.min.y + label_width);
    let show_values = cell >= 34.0;
    for (i, name) in corr.columns.iter().enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "a handful of columns")]
        let offset = i as f32 * cell + cell / 2.0;
        let short_name = category_label(std::slice::from_ref(name), 0.0, false);
        painter.text(
            egui::pos2(origin.x - 4.0, origin.y + offset),
            egui::Align2::RIGHT_CENTER,
            &short_name,
            font.clone(),
            text_color,
        );
        let galley = painter.layout_no_wrap(short_name, font.clone(), text_color);
        let pos = egui::pos2(origin.x + offset - galley.size().y / 2.0, origin.y - 4.0);
        painter.add(
            egui::epaint::TextShape::new(pos, galley, text_color)
                .with_angle(-std::f32::consts::FRAC_PI_2),
        );
        for j in 0..n {
            let value = corr
                .matrix
                .get(i)
                .and_then(|row| row.get(j))
                .copied()
                .flatten();
            #[expect(clippy::cast_precision_loss, reason = "a handful of columns")]
            let min = egui::pos2(origin.x + j as f32 * cell, origin.y + i as f32 * cell);
            let cell_rect = egui::Rect::from_min_size(min, egui::vec2(cell - 1.0, cell - 1.0));
            let fill = theme::correlation(value, dark);
            painter.rect_filled(cell_rect, 1.0, fill);
            if show_values && let Some(v) = value {
                painter.text(
                    cell_rect.center(),
                    egui::Align2::CENTER_CENTER,
                    format!("{v:.2}"),
                    egui::FontId::proportional(10.0),
                    theme::text_on(fill),
                );
            }
        }
    }
    // Legend: −1 … +1.
    let legend = egui::Rect::from_min_size(
        egui::pos2(origin.x + grid + 24.0, origin.y),
        egui::vec2(16.0, grid.min(240.0)),
    );
    let steps = 40;
    for s in 0..steps {
        let t0 = f64::from(s) / f64::from(steps);
        let value = 1.0 - 2.0 * t0;
        #[expect(clippy::cast_possible_truncation, reason = "a pixel position")]
        let y = legend.min.y + legend.height() * t0 as f32;
        #[expect(clippy::cast_precision_loss, reason = "a pixel height")]
        let h = legend.height() / steps as f32 + 0.5;
        painter.rect_filled(
            egui::Rect::from_min_size(egui::pos2(legend.min.x, y), egui::vec2(legend.width(), h)),
            0.0,
            theme::correlation(Some(value), dark),
        );
    }
    for (text, y) in [
        ("+1", legend.min.y),
        ("0", legend.center().y),
        ("−1", legend.max.y),
    ] {
        painter.text(
            egui::pos2(legend.max.x + 4.0, y),
            egui::Align2::LEFT_CENTER,
            text,
            font.clone(),
            text_color,
        );
    }
    if let Some(pos) = response.hover_pos() {
        let local = pos - origin;
        if local.x >= 0.0 && local.y >= 0.0 {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked ≥ 0"
            )]
            let (i, j) = ((local.y / cell) as usize, (local.x / cell) as usize);
            if let (Some(a), Some(b)) = (corr.columns.get(i), corr.columns.get(j)) {
                let text = if a == b {
                    format!("{a}: itself (1)")
                } else {
                    match profile.correlation(a, b) {
                        Some(p) => format!(
                            "{a} × {b}\n{}: {}",
                            method_label(p.method),
                            optional(p.value)
                        ),
                        None => format!("{a} × {b}: not computed"),
                    }
                };
                response.on_hover_text_at_pointer(text);
            }
        }
    }
}

/// Draws the alerts and their thresholds; returns the id of a risk created from an alert.
pub(super) fn alerts_ui(
    ui: &mut Ui,
    doc: &mut Document,
    dataset_id: Option<&str>,
    profile: &Profile,
) -> Option<String> {
    let mut create = None;
    if profile.alerts.is_empty() {
        ui.label(RichText::new("No alerts with the thresholds below").color(theme::ok()));
    } else {
        egui::Grid::new("eda_alerts")
            .num_columns(5)
            .striped(true)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                for h in ["Alert", "Column", "Value", "Detail", "Register"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for (i, a) in profile.alerts.iter().enumerate() {
                    ui.label(RichText::new(a.kind.key()).monospace().color(theme::warn()));
                    ui.label(a.column.as_deref().unwrap_or("(table)"));
                    ui.label(number(a.value));
                    ui.add(egui::Label::new(&a.detail).wrap());
                    let tracked = dataset_id.and_then(|id| {
                        crate::analysis::findings::risk_tracking_alert(doc.project(), id, a)
                    });
                    match tracked {
                        Some(risk_id) => {
                            ui.label(RichText::new(format!("tracked as {risk_id}")).weak());
                        }
                        None if dataset_id.is_some() => {
                            if ui
                                .small_button("Create risk from finding")
                                .on_hover_text(
                                    "Adds a register risk pre-filled with the alert's numbers and a link to \
                                     this dataset's fingerprint",
                                )
                                .clicked()
                            {
                                create = Some(i);
                            }
                        }
                        None => {
                            ui.label("");
                        }
                    }
                    ui.end_row();
                }
            });
    }
    let mut created = None;
    if let (Some(i), Some(dataset_id)) = (create, dataset_id)
        && let Some(dataset) = doc.project().dataset(dataset_id).cloned()
        && let Some(alert) = profile.alerts.get(i)
    {
        let risk = crate::analysis::findings::risk_from_alert(doc.project(), &dataset, alert);
        created = Some(risk.risk_id.clone());
        doc.edit(|p| p.risks.push(risk));
    }
    section_title(ui, "Alert thresholds");
    ui.label(
        RichText::new(
            "Saved in the project; the defaults are those of ydata-profiling. The profile runs again when you \
             stop editing.",
        )
        .weak(),
    );
    let mut eda = doc.project().settings.eda.clone();
    let before = eda.clone();
    egui::Grid::new("eda_thresholds")
        .num_columns(3)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            share_row(
                ui,
                "MISSING: share of missing cells above",
                &mut eda.missing_share,
            );
            share_row(ui, "ZEROS: share of zeros above", &mut eda.zeros_share);
            share_row(
                ui,
                "INFINITE: share of infinite values above",
                &mut eda.infinite_share,
            );
            let label = ui.label("SKEWED: |skewness| above");
            ui.add(
                egui::DragValue::new(&mut eda.skewness_abs)
                    .range(0.0..=1000.0)
                    .speed(0.1),
            )
            .labelled_by(label.id);
            ui.label("");
            ui.end_row();
            let label = ui.label("HIGH_CARDINALITY: distinct values above");
            ui.add(egui::DragValue::new(&mut eda.cardinality_max).range(1..=1_000_000))
                .labelled_by(label.id);
            ui.label(RichText::new("categorical columns").weak());
            ui.end_row();
            fraction_row(
                ui,
                "IMBALANCE: 1 − normalised entropy above",
                &mut eda.imbalance,
            );
            fraction_row(
                ui,
                "HIGH_CORRELATION: |correlation| at least",
                &mut eda.correlation_abs,
            );
            let label = ui.label("Correlations: categorical columns with at most");
            ui.add(egui::DragValue::new(&mut eda.correlation_max_distinct).range(2..=100_000))
                .labelled_by(label.id);
            ui.label(RichText::new("distinct values").weak());
            ui.end_row();
            fraction_row(
                ui,
                "LIKELY_PROXY: association at least",
                &mut eda.proxy_threshold,
            );
        });
    if ui.button("Restore the defaults").clicked() {
        doc.edit(|p| p.settings.eda = EdaThresholds::default());
    } else if eda != before {
        doc.project_mut().settings.eda = eda;
    }
    created
}

pub(super) fn share_row(ui: &mut Ui, label: &str, value: &mut f64) {
    let label = ui.label(label);
    let mut percent = *value * 100.0;
    if ui
        .add(
            egui::DragValue::new(&mut percent)
                .range(0.0..=100.0)
                .speed(0.1)
                .max_decimals(2)
                .suffix(" %"),
        )
        .labelled_by(label.id)
        .changed()
    {
        *value = percent / 100.0;
    }
    ui.label("");
    ui.end_row();
}

pub(super) fn fraction_row(ui: &mut Ui, label: &str, value: &mut f64) {
    let label = ui.label(label);
    ui.add(
        egui::DragValue::new(value)
            .range(0.0..=1.0)
            .speed(0.005)
            .max_decimals(3),
    )
    .labelled_by(label.id);
    ui.label("");
    ui.end_row();
}
