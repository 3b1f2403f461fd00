//! The curves of the loaded data: selection rate, true positive rate and false positive rate of each group
//! against the threshold, with the slider's threshold marked, and each group's ROC curve with its operating
//! point at that threshold. The curves are computed once per load by the core
//! ([`crate::analysis::mitigation::ThresholdIndex::curves`]); a frame only draws them and looks up the
//! operating points (a binary search per group), so dragging the slider stays cheap on a million rows.

use egui::Ui;
use egui_plot::{Corner, Legend, Line, MarkerShape, Plot, PlotPoints, Points, VLine};

use crate::analysis::mitigation::CurvePoint;
use crate::model::palette;

use super::MitigationScreen;

/// Height of each chart.
const HEIGHT: f32 = 180.0;

fn group_color(g: usize) -> egui::Color32 {
    super::super::theme::color(palette::category(g))
}

/// One rate against the threshold, a line per group, the threshold marked. No legend inside: the three
/// charts share one key above them (a legend per chart covered the curves of a small chart).
fn rate_plot(
    ui: &mut Ui,
    (id, title, width): (&str, &str, f32),
    screen: &MitigationScreen,
    value: fn(&CurvePoint) -> Option<f64>,
) {
    let Some(loaded) = &screen.loaded else { return };
    ui.vertical(|ui| {
        ui.label(title);
        Plot::new(id)
            .height(HEIGHT)
            .width(width)
            .include_y(0.0)
            .include_y(1.0)
            .allow_scroll(false)
            .allow_drag(false)
            .allow_zoom(false)
            .x_axis_label("threshold")
            .show(ui, |plot| {
                for (g, (key, curves)) in loaded.data.groups.iter().zip(&loaded.curves).enumerate()
                {
                    let points: Vec<[f64; 2]> = curves
                        .rates
                        .iter()
                        .filter_map(|p| value(p).map(|v| [p.threshold, v]))
                        .collect();
                    plot.line(
                        Line::new(key.label(), PlotPoints::from(points)).color(group_color(g)),
                    );
                }
                plot.vline(
                    VLine::new("threshold", screen.threshold)
                        .color(super::super::theme::color(palette::MUTED)),
                );
            });
    });
}

/// Every group's ROC curve with its operating point at the slider's threshold.
fn roc_plot(ui: &mut Ui, screen: &MitigationScreen) {
    let Some(loaded) = &screen.loaded else { return };
    ui.vertical(|ui| {
        ui.label("ROC curve per group (dot: the decisions at the threshold)");
        Plot::new("mitigation_roc")
            .height(HEIGHT * 1.4)
            .width((HEIGHT * 1.4 + 120.0).min(ui.available_width()))
            .data_aspect(1.0)
            .include_x(0.0)
            .include_x(1.0)
            .include_y(0.0)
            .include_y(1.0)
            .allow_scroll(false)
            .allow_drag(false)
            .allow_zoom(false)
            .x_axis_label("false positive rate")
            .y_axis_label("true positive rate")
            .legend(Legend::default().position(Corner::RightBottom))
            .show(ui, |plot| {
                plot.line(
                    Line::new("chance", PlotPoints::from(vec![[0.0, 0.0], [1.0, 1.0]]))
                        .color(super::super::theme::color(palette::MUTED)),
                );
                for (g, (key, curves)) in loaded.data.groups.iter().zip(&loaded.curves).enumerate()
                {
                    let Some(roc) = &curves.roc else { continue };
                    let points: Vec<[f64; 2]> = roc.iter().map(|p| [p[0], p[1]]).collect();
                    plot.line(
                        Line::new(key.label(), PlotPoints::from(points)).color(group_color(g)),
                    );
                    if let Some(op) = loaded.index.operating_point(g, screen.threshold) {
                        plot.points(
                            Points::new(key.label(), PlotPoints::from(vec![op]))
                                .shape(MarkerShape::Circle)
                                .radius(5.0)
                                .color(group_color(g)),
                        );
                    }
                }
            });
        let missing: Vec<String> = loaded
            .data
            .groups
            .iter()
            .zip(&loaded.curves)
            .filter(|(_, c)| c.roc.is_none())
            .map(|(k, _)| k.label())
            .collect();
        if !missing.is_empty() {
            ui.label(format!(
                "No ROC curve for {}: the group has no actual positives or no actual negatives",
                missing.join(", ")
            ));
        }
    });
}

/// The colour of each group's line in the three rate charts, in one row.
fn group_key(ui: &mut Ui, screen: &MitigationScreen) {
    let Some(loaded) = &screen.loaded else { return };
    ui.horizontal_wrapped(|ui| {
        for (g, key) in loaded.data.groups.iter().enumerate() {
            ui.label(egui::RichText::new("━━").color(group_color(g)).strong());
            ui.label(key.label());
            ui.add_space(8.0);
        }
        ui.label(egui::RichText::new("│").color(super::super::theme::color(palette::MUTED)));
        ui.label("threshold");
    });
}

/// The three rate charts side by side, then the ROC chart.
pub(super) fn curves_ui(ui: &mut Ui, screen: &MitigationScreen) {
    egui::CollapsingHeader::new("Curves against the threshold and ROC curves")
        .default_open(true)
        .show(ui, |ui| {
            let width =
                ((ui.available_width() - 3.0 * ui.spacing().item_spacing.x) / 3.0).max(160.0);
            group_key(ui, screen);
            ui.horizontal_top(|ui| {
                rate_plot(
                    ui,
                    ("mitigation_selection_rate", "Selection rate", width),
                    screen,
                    |p| Some(p.selection_rate).filter(|v| v.is_finite()),
                );
                rate_plot(
                    ui,
                    ("mitigation_tpr", "True positive rate", width),
                    screen,
                    |p| p.true_positive_rate,
                );
                rate_plot(
                    ui,
                    ("mitigation_fpr", "False positive rate", width),
                    screen,
                    |p| p.false_positive_rate,
                );
            });
            roc_plot(ui, screen);
        });
}
