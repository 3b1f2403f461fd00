//! One threshold for everyone and a threshold per group set by hand: the per-group metrics, confusion
//! counts, disparities and the four-fifths check of the decisions, recounted by the threshold index at each
//! frame (a binary search per group).

use egui::{RichText, Ui};

use crate::analysis::fairness::{CountMetrics, DisparityKind, Metric, SummaryMetric};

use super::{Loaded, MitigationScreen, rate};

/// The per-group table of a set of decisions: rows, selection rate, TPR, FPR, accuracy and the confusion
/// counts; then the summary disparities and the four-fifths check.
pub(super) fn metrics_table(ui: &mut Ui, id: &str, loaded: &Loaded, m: &CountMetrics) {
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        for head in [
            "Group",
            "n",
            "Selection rate",
            "TPR",
            "FPR",
            "Accuracy",
            "TP",
            "FP",
            "TN",
            "FN",
        ] {
            ui.label(RichText::new(head).strong());
        }
        ui.end_row();
        for (g, key) in loaded.data.groups.iter().enumerate() {
            ui.label(key.label());
            ui.label(
                rate(m.group(g, Metric::Count))
                    .trim_end_matches(".000")
                    .to_owned(),
            );
            ui.label(rate(m.group(g, Metric::SelectionRate)));
            ui.label(rate(m.group(g, Metric::TruePositiveRate)));
            ui.label(rate(m.group(g, Metric::FalsePositiveRate)));
            ui.label(rate(m.group(g, Metric::Accuracy)));
            for cell in [
                Metric::TruePositives,
                Metric::FalsePositives,
                Metric::TrueNegatives,
                Metric::FalseNegatives,
            ] {
                ui.label(format!("{:.0}", m.group(g, cell).unwrap_or(0.0)));
            }
            ui.end_row();
        }
    });
    let dp = m.summary(SummaryMetric::DemographicParityDifference);
    let eo = m.summary(SummaryMetric::EqualizedOddsDifference);
    let ratio = m.disparity(Metric::SelectionRate, DisparityKind::RatioBetweenGroups);
    ui.label(format!(
        "Accuracy {}, demographic parity difference {}, equalized odds difference {}, selection-rate ratio {}",
        rate(m.overall(Metric::Accuracy)),
        rate(dp),
        rate(eo),
        rate(ratio)
    ));
    match ratio {
        Some(r) if r >= 0.8 => {
            ui.colored_label(super::super::theme::ok(), "Four-fifths rule: pass")
        }
        Some(_) => ui.colored_label(super::super::theme::error(), "Four-fifths rule: fail"),
        None => ui.label("Four-fifths rule: undefined (no group is selected)"),
    };
}

/// The decisions at the slider's threshold.
pub(super) fn global_ui(ui: &mut Ui, screen: &MitigationScreen) {
    let Some(loaded) = &screen.loaded else { return };
    let m = loaded
        .index
        .metrics_at(&vec![screen.threshold; loaded.index.groups()]);
    metrics_table(ui, "mitigation_groups", loaded, &m);
}

/// One slider per group and the decisions at those thresholds.
pub(super) fn per_group_ui(ui: &mut Ui, screen: &mut MitigationScreen) {
    let Some(loaded) = &screen.loaded else { return };
    let (lo, hi) = loaded.range;
    let groups = loaded.index.groups();
    screen
        .group_thresholds
        .resize(groups, loaded.current_threshold);
    ui.label(
        "Set each group's cut-off by hand (score ≥ threshold is approved), or copy one from the slider \
         above or from a point of the frontier below.",
    );
    ui.horizontal(|ui| {
        if ui.button("All at the slider's threshold").clicked() {
            screen.group_thresholds = vec![screen.threshold; groups];
        }
        if ui.button("All at the current threshold").clicked() {
            screen.group_thresholds = vec![loaded.current_threshold; groups];
        }
    });
    // A cut-off copied from the frontier (an observed score, or +∞ for "approve no one") must stay exact
    // until the user moves it: the slider only clamps and rounds to its step what the user edits, and the
    // value is shown as a label rather than in the slider's number field.
    for (g, key) in loaded.data.groups.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.add(
                egui::Slider::new(&mut screen.group_thresholds[g], lo..=hi)
                    .show_value(false)
                    .clamping(egui::SliderClamping::Edits)
                    .text(format!("Threshold for {}", key.label()))
                    .step_by(0.01),
            );
            let t = screen.group_thresholds[g];
            ui.label(if t.is_finite() {
                format!("{t:.4}")
            } else {
                "approve no one".to_owned()
            });
        });
    }
    let m = loaded.index.metrics_at(&screen.group_thresholds);
    metrics_table(ui, "mitigation_hand_groups", loaded, &m);
}
