//! The charts and grids of a result: the rate chart, check heat map, confusion matrices and summary metrics.

use super::COMPOSITE_CHECKS;
use super::MAX_GROUPS_DRAWN;
use super::View;
use super::runs::find_check;
use super::runs::interval_of;
use super::runs::position;
use super::runs::reference_group;
use crate::analysis::fairness::AuditResult;
use crate::analysis::fairness::CheckKind;
use crate::analysis::fairness::DisparityKind;
use crate::analysis::fairness::Metric;
use crate::analysis::fairness::PARITY_METRICS;
use crate::analysis::fairness::ReferenceMetric;
use crate::analysis::fairness::SummaryMetric;
use crate::analysis::fairness::wording::check_title;
use crate::analysis::fairness::wording::disparity_title;
use crate::analysis::fairness::wording::fixed2;
use crate::analysis::fairness::wording::format_count;
use crate::analysis::fairness::wording::format_estimate;
use crate::analysis::fairness::wording::group_label;
use crate::analysis::fairness::wording::metric_definition;
use crate::analysis::fairness::wording::metric_title;
use crate::analysis::fairness::wording::reference_metric_title;
use crate::analysis::fairness::wording::summary_title;
use crate::ui::theme;
use crate::ui::widgets::mark_index;
use egui::RichText;
use egui::Ui;
use egui_plot::Bar;
use egui_plot::BarChart;
use egui_plot::Corner;
use egui_plot::HLine;
use egui_plot::Legend;
use egui_plot::Line;
use egui_plot::LineStyle;
use egui_plot::Plot;
use egui_plot::PlotPoints;
use egui_plot::Polygon;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The status of a bar in the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum BarStatus {
    Reference,
    Pass,
    Fail,
    Undecided,
    NoCheck,
}

impl BarStatus {
    fn legend(self) -> &'static str {
        match self {
            BarStatus::Reference => "Reference group",
            BarStatus::Pass => "Passes the four-fifths rule",
            BarStatus::Fail => "Fails the four-fifths rule",
            BarStatus::Undecided => "Cannot be decided",
            BarStatus::NoCheck => "Groups",
        }
    }

    fn color(self) -> egui::Color32 {
        match self {
            BarStatus::Reference => theme::series_before(),
            BarStatus::Pass => theme::check(Some(true)),
            BarStatus::Fail => theme::check(Some(false)),
            BarStatus::Undecided => theme::check(None),
            BarStatus::NoCheck => theme::series_after(),
        }
    }
}

pub(super) fn chart_ui(
    ui: &mut Ui,
    view: &mut View,
    result: &AuditResult,
    ratio_min: f64,
    level: &str,
) {
    let metrics: Vec<Metric> = Metric::RATES
        .into_iter()
        .filter(|m| result.overall.contains_key(m))
        .collect();
    ui.horizontal(|ui| {
        let label = ui.label("Metric");
        egui::ComboBox::from_id_salt("fairness_chart_metric")
            .selected_text(metric_title(view.chart_metric))
            .show_ui(ui, |ui| {
                for m in &metrics {
                    ui.selectable_value(&mut view.chart_metric, *m, metric_title(*m))
                        .on_hover_text(metric_definition(*m));
                }
            })
            .response
            .labelled_by(label.id);
        ui.label(RichText::new(metric_definition(view.chart_metric)).weak());
    });
    let metric = view.chart_metric;
    let check_name = format!("four_fifths_{}", metric.name());
    let has_checks = result.checks.iter().any(|c| c.name == check_name);
    let reference = reference_group(result, metric);
    let reference_value = reference
        .and_then(|key| result.by_group.iter().find(|g| &g.group == key))
        .and_then(|g| g.metric(metric));
    let labels: Vec<String> = result
        .by_group
        .iter()
        .take(MAX_GROUPS_DRAWN)
        .map(|g| group_label(&g.group))
        .collect();
    let mut bars: BTreeMap<BarStatus, Vec<Bar>> = BTreeMap::new();
    let mut whiskers = Vec::new();
    let mut undefined = Vec::new();
    let mut top: f64 = 1.0;
    let mut any_bootstrap = false;
    for (i, g) in result.by_group.iter().take(MAX_GROUPS_DRAWN).enumerate() {
        let x = position(i);
        let Some(value) = g.metric(metric) else {
            let reason = g
                .undefined
                .get(&metric)
                .map_or("not computed", String::as_str);
            undefined.push(format!("{}: {reason}", group_label(&g.group)));
            continue;
        };
        let status = if Some(&g.group) == reference {
            BarStatus::Reference
        } else if has_checks {
            match find_check(result, &check_name, Some(&g.group)).and_then(|c| c.pass) {
                Some(true) => BarStatus::Pass,
                Some(false) => BarStatus::Fail,
                None => BarStatus::Undecided,
            }
        } else {
            BarStatus::NoCheck
        };
        top = top.max(value);
        let color = status.color();
        bars.entry(status).or_default().push(
            Bar::new(x, value)
                .width(0.6)
                .fill(color)
                .stroke(egui::Stroke::new(1.0, color))
                .name(group_label(&g.group)),
        );
        if let Some(([low, high], bootstrap)) = interval_of(&g.ci, &g.wilson, metric) {
            any_bootstrap |= bootstrap;
            top = top.max(high);
            whiskers.push((x, low, high));
        }
    }
    let band = match (has_checks, reference_value) {
        (true, Some(r)) if ratio_min > 0.0 => Some((r * ratio_min, r / ratio_min)),
        _ => None,
    };
    let interval_name = if any_bootstrap {
        format!("{level} bootstrap interval")
    } else {
        format!("{level} Wilson interval")
    };
    let whisker_color = ui.visuals().strong_text_color();
    let reference_name = reference.map(group_label);
    let x_max = position(labels.len()) - 0.4;
    let x_labels = labels.clone();
    Plot::new(("fairness_chart", view.result_index))
        .height(320.0)
        .legend(Legend::default().position(Corner::RightTop))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        // Headroom above the bars for the legend.
        .include_y(top * 1.45)
        .include_x(-0.6)
        .include_x(x_max)
        .show_grid([false, true])
        .y_axis_label(metric_title(metric))
        .x_axis_formatter(move |mark, _| {
            mark_index(mark.value, 0)
                .and_then(|i| x_labels.get(i).cloned())
                .unwrap_or_default()
        })
        .show(ui, |plot| {
            if let Some((low, high)) = band {
                let (left, right) = (-0.6, x_max);
                plot.polygon(
                    Polygon::new(
                        format!(
                            "Four-fifths band ({ratio_min}–{:.2} × reference)",
                            1.0 / ratio_min
                        ),
                        PlotPoints::from(vec![
                            [left, low],
                            [right, low],
                            [right, high],
                            [left, high],
                        ]),
                    )
                    .fill_color(theme::pass_band())
                    .stroke(egui::Stroke::new(1.0, theme::pass_band())),
                );
            }
            for (status, list) in bars {
                plot.bar_chart(
                    BarChart::new(status.legend(), list)
                        .color(status.color())
                        .element_formatter(Box::new(|bar, _| {
                            format!("{}: {:.3}", bar.name, bar.value)
                        })),
                );
            }
            for (i, (x, low, high)) in whiskers.into_iter().enumerate() {
                let cap = 0.08;
                plot.line(
                    Line::new(
                        interval_name.clone(),
                        PlotPoints::from(vec![
                            [x - cap, low],
                            [x + cap, low],
                            [x, low],
                            [x, high],
                            [x - cap, high],
                            [x + cap, high],
                        ]),
                    )
                    .id(("fairness_whisker", i))
                    .color(whisker_color)
                    .width(1.5),
                );
            }
            if let (Some(value), Some(name)) = (reference_value, &reference_name) {
                plot.hline(
                    HLine::new(format!("Reference: {name} ({})", fixed2(value)), value)
                        .color(whisker_color)
                        .style(LineStyle::dashed_loose())
                        .width(1.2),
                );
            }
        });
    if !has_checks {
        ui.label(
            RichText::new(
                "This metric has no parity check: it is shown for context, without a band",
            )
            .weak(),
        );
    }
    for text in undefined {
        ui.label(RichText::new(format!("No bar for {text}")).color(theme::warn()));
    }
}

/// A coloured cell of a check: ✓ pass, ✗ fail, ? cannot be decided.
pub(super) fn check_cell_ui(ui: &mut Ui, pass: Option<bool>, text: &str, hover: &str) {
    let fill = theme::check_tint(pass, ui.visuals().dark_mode);
    let color = ui.visuals().strong_text_color();
    egui::Frame::new()
        .fill(fill)
        .corner_radius(3.0)
        .inner_margin(egui::Margin::symmetric(6, 2))
        .show(ui, |ui| {
            ui.set_min_width(78.0);
            ui.label(RichText::new(text).color(color));
        })
        .response
        .on_hover_text(hover);
}

/// A cell for the reference group (no check against itself).
pub(super) fn reference_cell_ui(ui: &mut Ui, hover: &str) {
    egui::Frame::new()
        .fill(ui.visuals().faint_bg_color)
        .corner_radius(3.0)
        .inner_margin(egui::Margin::symmetric(6, 2))
        .show(ui, |ui| {
            ui.set_min_width(78.0);
            ui.label(RichText::new("reference").weak());
        })
        .response
        .on_hover_text(hover);
}

pub(super) fn check_symbol(pass: Option<bool>) -> &'static str {
    match pass {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "?",
    }
}

pub(super) fn heat_map_ui(ui: &mut Ui, result_index: usize, result: &AuditResult, ratio_min: f64) {
    ui.label(format!(
        "Each cell is a group's ratio to the reference group for one metric, with the four-fifths rule: it \
         passes when {ratio_min} ≤ ratio ≤ {:.2}. Hover a cell for the values.",
        1.0 / ratio_min
    ));
    super::verdict_view::kind_ui(ui, &result.verdict, CheckKind::FourFifthsRatio);
    ui.horizontal_wrapped(|ui| {
        check_cell_ui(ui, Some(true), "✓ passes", "The ratio is inside the band");
        check_cell_ui(ui, Some(false), "✗ fails", "The ratio is outside the band");
        check_cell_ui(
            ui,
            None,
            "? undecided",
            "A value is undefined (zero denominator): insufficient evidence; or the group (or the reference) \
             has fewer rows than the minimum group size: inconclusive, never a failure",
        );
        reference_cell_ui(ui, "The group every other group is compared with");
    });
    ui.add_space(4.0);
    egui::ScrollArea::horizontal()
        .id_salt(("fairness_heat_scroll", result_index))
        .show(ui, |ui| {
            egui::Grid::new(("fairness_heat_map", result_index))
                .spacing([3.0, 3.0])
                .show(ui, |ui| {
                    ui.label(RichText::new("Group").strong());
                    for m in PARITY_METRICS {
                        ui.label(RichText::new(metric_title(m)).strong())
                            .on_hover_text(metric_definition(m));
                    }
                    ui.end_row();
                    for g in result.by_group.iter().take(MAX_GROUPS_DRAWN) {
                        ui.label(group_label(&g.group));
                        for m in PARITY_METRICS {
                            let name = format!("four_fifths_{}", m.name());
                            if reference_group(result, m) == Some(&g.group) {
                                let value =
                                    g.metric(m).map_or_else(|| "undefined".to_owned(), fixed2);
                                reference_cell_ui(
                                    ui,
                                    &format!("Reference group for {}: {value}", metric_title(m)),
                                );
                                continue;
                            }
                            match find_check(result, &name, Some(&g.group)) {
                                Some(check) => {
                                    let text = match check.value {
                                        Some(v) => {
                                            format!("{} {}", fixed2(v), check_symbol(check.pass))
                                        }
                                        None => "? undefined".to_owned(),
                                    };
                                    let value =
                                        g.metric(m).map_or_else(|| "undefined".to_owned(), fixed2);
                                    let mut hover = format!(
                                        "{}: {value}\nRatio to reference: {}\nRule: {}",
                                        metric_title(m),
                                        check.value.map_or_else(
                                            || "undefined".to_owned(),
                                            |v| format!("{v:.4}")
                                        ),
                                        check.rule
                                    );
                                    if let Some(reason) = &check.reason {
                                        let _ = write!(hover, "\nNot decided: {reason}");
                                    }
                                    check_cell_ui(ui, check.pass, &text, &hover);
                                }
                                None => {
                                    ui.label(RichText::new("—").weak())
                                        .on_hover_text("No check (an empty group)");
                                }
                            }
                        }
                        ui.end_row();
                    }
                });
        });
}

pub(super) fn confusion_ui(ui: &mut Ui, result_index: usize, result: &AuditResult) {
    ui.label(
        "Counts of each group (weighted sums with a weight column). Rows: the actual label; columns: the \
         prediction.",
    );
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        for (i, g) in result.by_group.iter().take(MAX_GROUPS_DRAWN).enumerate() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.vertical(|ui| {
                    ui.label(RichText::new(group_label(&g.group)).strong());
                    ui.label(
                        RichText::new(format!(
                            "n = {}",
                            g.metric(Metric::Count)
                                .map_or_else(|| "—".to_owned(), format_count)
                        ))
                        .weak(),
                    );
                    let cell = |m: Metric| g.metric(m).map_or_else(|| "—".to_owned(), format_count);
                    egui::Grid::new(("fairness_confusion", result_index, i))
                        .num_columns(3)
                        .spacing([10.0, 4.0])
                        .striped(true)
                        .show(ui, |ui| {
                            ui.label("");
                            ui.label(RichText::new("Predicted +").strong());
                            ui.label(RichText::new("Predicted −").strong());
                            ui.end_row();
                            ui.label(RichText::new("Actual +").strong());
                            ui.label(format!("TP {}", cell(Metric::TruePositives)));
                            ui.label(format!("FN {}", cell(Metric::FalseNegatives)));
                            ui.end_row();
                            ui.label(RichText::new("Actual −").strong());
                            ui.label(format!("FP {}", cell(Metric::FalsePositives)));
                            ui.label(format!("TN {}", cell(Metric::TrueNegatives)));
                            ui.end_row();
                        });
                });
            });
        }
    });
}

pub(super) fn summary_ui(ui: &mut Ui, result_index: usize, result: &AuditResult) {
    ui.label(RichText::new("Summary metrics").strong());
    ui.label(
        RichText::new(
            "Named as in Fairlearn and AIF360; the checks use the thresholds of Govern › Settings (at the time of \
             the run).",
        )
        .weak(),
    );
    super::verdict_view::kind_ui(ui, &result.verdict, CheckKind::DifferenceThreshold);
    super::verdict_view::kind_ui(ui, &result.verdict, CheckKind::SummaryRatio);
    egui::Grid::new(("fairness_summary", result_index))
        .num_columns(4)
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            for h in ["Metric", "Value", "Check", "Rule"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for s in SummaryMetric::ALL {
                ui.label(summary_title(s)).on_hover_text(s.name());
                match result.summary.get(&s).copied().flatten() {
                    Some(v) => {
                        ui.label(format_estimate(v, result.summary_ci.get(&s).copied()))
                            .on_hover_text(v.to_string());
                    }
                    None => {
                        let reason = result
                            .summary_undefined
                            .get(&s)
                            .map_or("not computed", String::as_str);
                        ui.label(RichText::new("insufficient evidence").color(theme::warn()))
                            .on_hover_text(reason);
                    }
                }
                match find_check(result, s.name(), None) {
                    Some(check) => {
                        let text = match check.pass {
                            Some(true) => "✓ pass",
                            Some(false) => "✗ fail",
                            None => "? undecided",
                        };
                        check_cell_ui(
                            ui,
                            check.pass,
                            text,
                            check.reason.as_deref().unwrap_or(check.rule.as_str()),
                        );
                        ui.label(RichText::new(&check.rule).weak());
                    }
                    None => {
                        ui.label("");
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });

    ui.add_space(10.0);
    ui.label(RichText::new("Aequitas composite checks").strong());
    ui.label(
        RichText::new(
            "Type I parity = FDR and FPR parity; Type II = FOR and FNR; equalized odds = FPR and TPR; \
             unsupervised = selection rate and PPR; supervised = Type I and Type II.",
        )
        .weak(),
    );
    super::verdict_view::kind_ui(ui, &result.verdict, CheckKind::AequitasParity);
    egui::Grid::new(("fairness_composites", result_index))
        .spacing([3.0, 3.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Group").strong());
            for (name, title) in COMPOSITE_CHECKS {
                ui.label(RichText::new(title).strong())
                    .on_hover_text(check_title(name));
            }
            ui.end_row();
            for g in result.by_group.iter().take(MAX_GROUPS_DRAWN) {
                if !result
                    .checks
                    .iter()
                    .any(|c| c.group.as_ref() == Some(&g.group))
                {
                    continue;
                }
                ui.label(group_label(&g.group));
                for (name, _) in COMPOSITE_CHECKS {
                    match find_check(result, name, Some(&g.group)) {
                        Some(check) => {
                            let mut hover = check.rule.clone();
                            if let Some(reason) = &check.reason {
                                let _ = write!(hover, "\n{reason}");
                            }
                            check_cell_ui(ui, check.pass, check_symbol(check.pass), &hover);
                        }
                        None => {
                            ui.label(RichText::new("—").weak()).on_hover_text(
                                "Not checked: this group is the reference for one of its metrics",
                            );
                        }
                    }
                }
                ui.end_row();
            }
        });

    ui.add_space(10.0);
    ui.label(RichText::new("Compared with the reference group (AIF360)").strong());
    egui::Grid::new(("fairness_reference_metrics", result_index))
        .num_columns(1 + ReferenceMetric::ALL.len())
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Group").strong());
            for r in ReferenceMetric::ALL {
                ui.label(RichText::new(reference_metric_title(r)).strong())
                    .on_hover_text(r.name());
            }
            ui.end_row();
            for g in result.by_group.iter().take(MAX_GROUPS_DRAWN) {
                ui.label(group_label(&g.group));
                for r in ReferenceMetric::ALL {
                    match g.reference_metrics.get(&r).copied().flatten() {
                        Some(v) => {
                            ui.label(format_estimate(v, g.reference_metrics_ci.get(&r).copied()));
                        }
                        None => {
                            let reason = g
                                .reference_metrics_undefined
                                .get(&r)
                                .map_or("not computed", String::as_str);
                            ui.label(RichText::new("—").weak()).on_hover_text(reason);
                        }
                    }
                }
                ui.end_row();
            }
        });

    ui.add_space(10.0);
    ui.label(RichText::new("Disparities across groups").strong());
    egui::Grid::new(("fairness_disparities", result_index))
        .num_columns(1 + DisparityKind::AGGREGATE.len())
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Metric").strong());
            for k in DisparityKind::AGGREGATE {
                ui.label(RichText::new(disparity_title(k)).strong())
                    .on_hover_text(k.name());
            }
            ui.end_row();
            for (m, disparity) in &result.disparities {
                ui.label(metric_title(*m));
                for k in DisparityKind::AGGREGATE {
                    match disparity.get(k) {
                        Some(v) => {
                            ui.label(format_estimate(v, disparity.ci.get(&k).copied()));
                        }
                        None => {
                            let reason = disparity
                                .undefined
                                .get(&k)
                                .map_or("not computed", String::as_str);
                            ui.label(RichText::new("—").weak()).on_hover_text(reason);
                        }
                    }
                }
                ui.end_row();
            }
        });
}
