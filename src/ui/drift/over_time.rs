//! The "Over time" tab of a windowed run: every column's status per window in a compact table (✔ no drift,
//! ✖ drift, R the reference window, · an empty window, – not tested), the chosen column's statistic per
//! window as a line chart with its threshold, prediction and label drift, and fairness drift: per-group
//! selection rate, TPR or FPR with Wilson intervals, or the summary disparities (with bootstrap intervals
//! when asked for) against the project's thresholds, and the threshold checks that fail per window.
//!
//! Each chart drawn is recorded in [`DriftScreen::drawn`] (series and threshold), so tests can assert what
//! is on screen.

use egui::{Color32, RichText, Ui};
use egui_plot::{FilledArea, HLine, Legend, Line, LineStyle, MarkerShape, Plot, PlotUi, Points};

use super::pair::{drift_colour, fmt};
use super::{DriftScreen, Mode, Tab};
use crate::analysis::drift::series::{
    ColumnOverTime, WindowStatus, column_over_time, columns_over_time, dataset_drift_over_time,
    failed_checks, fairness_threshold, kri_direction, sensitive_names,
};
use crate::model::drift::{FairnessSeries, KriDirection};
use crate::ui::widgets::mark_index;

/// A chart as drawn: each series' points (window index, value) and the threshold line, if any.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DrawnChart {
    /// The chart's title.
    pub title: String,
    /// (series name, points).
    pub series: Vec<(String, Vec<[f64; 2]>)>,
    /// The threshold drawn as a horizontal line.
    pub threshold: Option<f64>,
}

/// Which fairness-drift chart is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FairnessView {
    /// Demographic parity, equalized odds and equal opportunity differences.
    #[default]
    Differences,
    /// The same as ratios.
    Ratios,
    /// Per-group selection rate.
    SelectionRate,
    /// Per-group true positive rate.
    TruePositiveRate,
    /// Per-group false positive rate.
    FalsePositiveRate,
}

impl FairnessView {
    const ALL: [FairnessView; 5] = [
        FairnessView::Differences,
        FairnessView::Ratios,
        FairnessView::SelectionRate,
        FairnessView::TruePositiveRate,
        FairnessView::FalsePositiveRate,
    ];

    fn label(self) -> &'static str {
        match self {
            FairnessView::Differences => "Disparities (differences)",
            FairnessView::Ratios => "Disparities (ratios)",
            FairnessView::SelectionRate => "Selection rate by group",
            FairnessView::TruePositiveRate => "TPR by group",
            FairnessView::FalsePositiveRate => "FPR by group",
        }
    }

    /// The metrics drawn: summary metrics, or one per-group metric.
    fn metrics(self) -> &'static [&'static str] {
        match self {
            FairnessView::Differences => &[
                "demographic_parity_difference",
                "equalized_odds_difference",
                "equal_opportunity_difference",
            ],
            FairnessView::Ratios => &[
                "demographic_parity_ratio",
                "equalized_odds_ratio",
                "equal_opportunity_ratio",
            ],
            FairnessView::SelectionRate => &["selection_rate"],
            FairnessView::TruePositiveRate => &["true_positive_rate"],
            FairnessView::FalsePositiveRate => &["false_positive_rate"],
        }
    }
}

/// The colour of the `i`-th series.
fn colour(i: usize) -> Color32 {
    let palette = crate::model::palette::CATEGORY;
    crate::ui::theme::color(palette[i % palette.len()])
}

#[expect(clippy::cast_precision_loss, reason = "window indexes are small")]
fn x(i: usize) -> f64 {
    i as f64
}

/// Draws a series with gaps (one line per run of defined values, a marker on every value) and returns its
/// defined points.
fn draw_series(
    plot: &mut PlotUi<'_>,
    name: &str,
    values: &[Option<f64>],
    colour: Color32,
) -> Vec<[f64; 2]> {
    let mut all = Vec::new();
    let mut run: Vec<[f64; 2]> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            run.push([x(i), v]);
            all.push([x(i), v]);
        } else if !run.is_empty() {
            plot.line(
                Line::new(name, std::mem::take(&mut run))
                    .color(colour)
                    .width(2.0),
            );
        }
    }
    if !run.is_empty() {
        plot.line(Line::new(name, run).color(colour).width(2.0));
    }
    plot.points(Points::new(name, all.clone()).color(colour).radius(3.0));
    all
}

/// Draws a confidence band where both bounds are defined.
fn draw_band(plot: &mut PlotUi<'_>, name: &str, s: &FairnessSeries, colour: Color32) {
    let mut xs = Vec::new();
    let mut lo = Vec::new();
    let mut hi = Vec::new();
    let flush = |xs: &mut Vec<f64>, lo: &mut Vec<f64>, hi: &mut Vec<f64>, plot: &mut PlotUi<'_>| {
        if xs.len() > 1 {
            plot.add(FilledArea::new(name, xs, lo, hi).fill_color(colour.gamma_multiply(0.2)));
        } else if xs.len() == 1 {
            plot.line(
                Line::new(name, vec![[xs[0], lo[0]], [xs[0], hi[0]]])
                    .color(colour.gamma_multiply(0.5)),
            );
        }
        xs.clear();
        lo.clear();
        hi.clear();
    };
    for i in 0..s.values.len() {
        match (
            s.lower.get(i).copied().flatten(),
            s.upper.get(i).copied().flatten(),
        ) {
            (Some(l), Some(h)) => {
                xs.push(x(i));
                lo.push(l);
                hi.push(h);
            }
            _ => flush(&mut xs, &mut lo, &mut hi, plot),
        }
    }
    flush(&mut xs, &mut lo, &mut hi, plot);
}

fn window_plot<'a>(id: &'a str, labels: Vec<String>, y_label: &'a str) -> Plot<'a> {
    let last = x(labels.len().saturating_sub(1));
    Plot::new(id)
        .height(220.0)
        .legend(Legend::default())
        .y_axis_label(y_label)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_x(-0.3)
        .include_x(last + 0.3)
        .include_y(0.0)
        .x_axis_formatter(move |mark, _| {
            mark_index(mark.value, 0)
                .and_then(|i| labels.get(i).cloned())
                .unwrap_or_default()
        })
}

impl DriftScreen {
    pub(super) fn over_time_tab(
        &mut self,
        ui: &mut Ui,
        cx: &mut crate::ui::screen::ScreenContext<'_>,
    ) {
        let Some(report) = self.windows.take() else {
            ui.label(
                RichText::new(if self.mode == Mode::Pair {
                    "Over time needs one dataset with a date column: choose \"One dataset over time windows\" \
                     above, then Run over time."
                } else {
                    "Choose the date column and the window, then Run over time."
                })
                .weak(),
            );
            return;
        };
        let labels: Vec<String> = report.windows.iter().map(|w| w.label.clone()).collect();
        let reference = report
            .windows
            .iter()
            .find(|w| w.reference)
            .map_or("", |w| w.label.as_str());
        ui.label(format!(
            "{} {} windows over {} ({} to {}), each against the reference window {reference}.",
            report.windows.len(),
            report.window,
            report.time,
            labels.first().map_or("", String::as_str),
            labels.last().map_or("", String::as_str),
        ));
        if report.rows_without_date > 0 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{} rows have no date in {} or one that does not parse as YYYY-MM-DD{}: left out.",
                    report.rows_without_date,
                    report.time,
                    if report.unparsed_examples.is_empty() {
                        String::new()
                    } else {
                        format!(" (e.g. {})", report.unparsed_examples.join(", "))
                    }
                ),
            );
        }
        for w in &report.windows {
            for p in &w.problems {
                ui.colored_label(ui.visuals().warn_fg_color, p);
            }
        }
        let columns = columns_over_time(&report);
        let (label_col, pred_col) = self.outcome_columns.clone();
        ui.heading("Columns per window");
        self.status_table(
            ui,
            &columns,
            &labels,
            &report,
            label_col.as_deref(),
            pred_col.as_deref(),
        );
        if self
            .over_time_column
            .as_ref()
            .is_none_or(|c| !columns.iter().any(|k| &k.column == c))
        {
            self.over_time_column = pred_col
                .clone()
                .filter(|p| columns.iter().any(|k| &k.column == p))
                .or_else(|| {
                    columns
                        .iter()
                        .find(|c| c.drifted_windows() > 0)
                        .map(|c| c.column.clone())
                })
                .or_else(|| columns.first().map(|c| c.column.clone()));
        }
        if let Some(c) = self
            .over_time_column
            .as_deref()
            .and_then(|c| column_over_time(&report, c))
        {
            self.column_chart(ui, "drift-over-time", &c, &labels);
        }
        ui.heading("Prediction and label drift");
        let mut any = false;
        let mut compare_all = false;
        for (role, col) in [("Prediction", &pred_col), ("Label", &label_col)] {
            let Some(col) = col else { continue };
            any = true;
            match column_over_time(&report, col) {
                Some(c) => {
                    let drifted: Vec<&str> = c
                        .status
                        .iter()
                        .zip(&labels)
                        .filter(|(s, _)| matches!(s, WindowStatus::Tested { drift: true, .. }))
                        .map(|(_, l)| l.as_str())
                        .collect();
                    ui.label(format!(
                        "{role} drift ({col}, {}): {}",
                        c.method.map_or("", |m| m.label()),
                        if drifted.is_empty() {
                            "no window drifted".to_owned()
                        } else {
                            format!("drift in {}", drifted.join(", "))
                        }
                    ));
                    if ui.button(format!("Chart {col} per window")).clicked() {
                        self.over_time_column = Some(col.clone());
                    }
                }
                None => {
                    let limited = self
                        .saved(cx.doc.project())
                        .map(|d| d.options.columns.clone())
                        .unwrap_or_default();
                    if limited.is_empty() || limited.contains(col) {
                        ui.label(format!(
                            "{role} drift ({col}): not tested (see the messages above)."
                        ));
                    } else {
                        ui.label(format!(
                            "{role} drift ({col}): not measured — this drift compares only {}.",
                            limited.join(", ")
                        ));
                        compare_all |= ui.button("Compare every column").clicked();
                    }
                }
            }
        }
        if !any {
            ui.label(
                RichText::new("Name a label and a prediction column above to see their drift.")
                    .weak(),
            );
        }
        self.fairness_ui(ui, cx, &report, &labels);
        self.windows = Some(report);
        if compare_all && let Some(id) = self.saved(cx.doc.project()).map(|d| d.drift_id.clone()) {
            cx.doc.edit(|p| {
                if let Some(d) = p.drift.drifts.iter_mut().find(|d| d.drift_id == id) {
                    d.options.columns.clear();
                }
            });
            self.notice =
                Some("Every column is compared from the next run (Run over time).".to_owned());
        }
    }

    fn status_table(
        &mut self,
        ui: &mut Ui,
        columns: &[ColumnOverTime],
        labels: &[String],
        report: &crate::analysis::drift::windows::WindowsReport,
        label_col: Option<&str>,
        pred_col: Option<&str>,
    ) {
        let dataset = dataset_drift_over_time(report);
        egui::ScrollArea::horizontal()
            .id_salt("drift-status-scroll")
            .show(ui, |ui| {
                egui::Grid::new("drift-status")
                    .striped(true)
                    .show(ui, |ui| {
                        for h in ["Column", "Test", "Threshold"] {
                            ui.label(RichText::new(h).strong());
                        }
                        for l in labels {
                            ui.label(RichText::new(l).strong().small());
                        }
                        ui.label(RichText::new("Drifted windows").strong());
                        ui.end_row();
                        for c in columns {
                            let role = if Some(c.column.as_str()) == pred_col {
                                " (prediction)"
                            } else if Some(c.column.as_str()) == label_col {
                                " (label)"
                            } else {
                                ""
                            };
                            let selected =
                                self.over_time_column.as_deref() == Some(c.column.as_str());
                            if ui
                                .selectable_label(selected, format!("{}{role}", c.column))
                                .on_hover_text("Chart this column's statistic per window")
                                .clicked()
                            {
                                self.over_time_column = Some(c.column.clone());
                            }
                            ui.label(c.method.map_or("", |m| m.as_str()));
                            ui.label(c.threshold.map_or_else(String::new, fmt));
                            for (s, l) in c.status.iter().zip(labels) {
                                let colour = match s {
                                    WindowStatus::Tested { drift, .. } => drift_colour(ui, *drift),
                                    _ => ui.visuals().weak_text_color(),
                                };
                                ui.colored_label(colour, s.mark()).on_hover_text(format!(
                                    "{}, {l}: {}",
                                    c.column,
                                    s.describe()
                                ));
                            }
                            ui.label(c.drifted_windows().to_string());
                            ui.end_row();
                        }
                        ui.label(RichText::new("Dataset drift").strong());
                        ui.label("share");
                        ui.label(fmt(report
                            .windows
                            .first()
                            .map_or(0.5, |w| w.drift.drift_share)));
                        for d in &dataset {
                            match d {
                                Some((share, drift)) => {
                                    ui.colored_label(
                                        drift_colour(ui, *drift),
                                        format!("{:.0} %", share * 100.0),
                                    );
                                }
                                None => {
                                    ui.label("");
                                }
                            }
                        }
                        ui.label(
                            dataset
                                .iter()
                                .flatten()
                                .filter(|(_, d)| *d)
                                .count()
                                .to_string(),
                        );
                        ui.end_row();
                    });
            });
    }

    fn column_chart(&mut self, ui: &mut Ui, id: &str, c: &ColumnOverTime, labels: &[String]) {
        let (Some(method), Some(threshold)) = (c.method, c.threshold) else {
            return;
        };
        let title = format!(
            "{}: {} per window ({}; drift when {} {threshold})",
            c.column,
            if method.is_p_value() {
                "p-value"
            } else {
                "distance"
            },
            method.label(),
            match method {
                crate::model::drift::DriftMethod::Ks => "p ≤",
                m if m.is_p_value() => "p <",
                _ => "≥",
            },
        );
        ui.label(RichText::new(&title).strong());
        let stats = c.statistics();
        let drifted: Vec<[f64; 2]> = c
            .status
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                WindowStatus::Tested {
                    statistic,
                    drift: true,
                } => Some([x(i), *statistic]),
                _ => None,
            })
            .collect();
        let mut drawn = DrawnChart {
            title,
            threshold: Some(threshold),
            ..DrawnChart::default()
        };
        let error = ui.visuals().error_fg_color;
        window_plot(
            id,
            labels.to_vec(),
            if method.is_p_value() {
                "p-value"
            } else {
                "distance"
            },
        )
        .include_y(threshold * 1.2)
        .show(ui, |plot| {
            let points = draw_series(plot, &c.column, &stats, colour(0));
            drawn.series.push((c.column.clone(), points));
            plot.hline(
                HLine::new("Threshold", threshold)
                    .color(error)
                    .style(LineStyle::dashed_loose()),
            );
            if !drifted.is_empty() {
                plot.points(
                    Points::new("Drift", drifted)
                        .color(error)
                        .shape(MarkerShape::Diamond)
                        .radius(5.0),
                );
            }
        });
        self.drawn.insert(id.to_owned(), drawn);
        ui.horizontal(|ui| {
            if ui.button(format!("Watch {} as a KRI", c.column)).clicked() {
                self.kri.metric = format!("column:{}", c.column);
                self.kri.threshold = threshold;
                self.kri.direction = kri_direction(method);
                self.tab = Tab::Monitors;
            }
            if ui
                .button(format!("Watch the PSI of {} as a KRI", c.column))
                .clicked()
            {
                self.kri.metric = format!("psi:{}", c.column);
                self.kri.threshold = 0.25;
                self.kri.direction = KriDirection::AtMost;
                self.tab = Tab::Monitors;
            }
        });
    }

    fn fairness_ui(
        &mut self,
        ui: &mut Ui,
        cx: &crate::ui::screen::ScreenContext<'_>,
        report: &crate::analysis::drift::windows::WindowsReport,
        labels: &[String],
    ) {
        ui.heading("Fairness drift");
        let sensitives = sensitive_names(report);
        let Some(summary) = self.windows_summary.clone() else {
            return;
        };
        if sensitives.is_empty() {
            ui.label(
                RichText::new(
                    "Name a label, a prediction and at least one sensitive column above to see the fairness \
                     metrics per window.",
                )
                .weak(),
            );
            return;
        }
        if !sensitives.contains(&self.fairness_sensitive) {
            self.fairness_sensitive.clone_from(&sensitives[0]);
        }
        ui.horizontal(|ui| {
            let l = ui.label("Sensitive");
            egui::ComboBox::from_id_salt("drift-fairness-sensitive")
                .selected_text(&self.fairness_sensitive)
                .show_ui(ui, |ui| {
                    for s in &sensitives {
                        ui.selectable_value(&mut self.fairness_sensitive, s.clone(), s);
                    }
                })
                .response
                .labelled_by(l.id);
            for v in FairnessView::ALL {
                ui.selectable_value(&mut self.fairness_view, v, v.label());
            }
        });
        let thresholds = &cx.doc.project().settings.fairness;
        let view = self.fairness_view;
        let sensitive = self.fairness_sensitive.clone();
        let series: Vec<&FairnessSeries> = summary
            .fairness_series
            .iter()
            .filter(|s| s.sensitive == sensitive && view.metrics().contains(&s.metric.as_str()))
            .collect();
        let summary_view = matches!(view, FairnessView::Differences | FairnessView::Ratios);
        let threshold = view
            .metrics()
            .first()
            .and_then(|m| fairness_threshold(m, thresholds));
        let title = match (summary_view, threshold) {
            (true, Some((t, KriDirection::AtMost))) => format!(
                "{}: {} per window (fails above the project's threshold {t})",
                sensitive,
                view.label()
            ),
            (true, Some((t, _))) => format!(
                "{}: {} per window (fails below the project's threshold {t})",
                sensitive,
                view.label()
            ),
            _ => format!(
                "{}: {} per window with {:.0} % Wilson intervals",
                sensitive,
                view.label(),
                thresholds.confidence_level * 100.0
            ),
        };
        ui.label(RichText::new(&title).strong());
        let mut drawn = DrawnChart {
            title,
            threshold: threshold.map(|(t, _)| t),
            ..DrawnChart::default()
        };
        let error = ui.visuals().error_fg_color;
        let y_label = if summary_view { "disparity" } else { "rate" };
        let mut plot = window_plot("fairness-drift", labels.to_vec(), y_label);
        if let Some((t, _)) = threshold {
            plot = plot.include_y(t * 1.2);
        }
        if !summary_view {
            plot = plot.include_y(1.0);
        }
        plot.show(ui, |plot| {
            for (i, s) in series.iter().enumerate() {
                let name = if s.group.is_empty() {
                    s.metric.clone()
                } else {
                    s.group.clone()
                };
                let colour = colour(i);
                // The line first: the legend takes a name's colour from its first item.
                let points = draw_series(plot, &name, &s.values, colour);
                draw_band(plot, &name, s, colour);
                drawn.series.push((name, points));
            }
            if let Some((t, _)) = threshold {
                plot.hline(
                    HLine::new("Project threshold", t)
                        .color(error)
                        .style(LineStyle::dashed_loose()),
                );
            }
        });
        self.drawn.insert("fairness-drift".to_owned(), drawn);
        if summary_view && series.iter().all(|s| s.lower.iter().all(Option::is_none)) {
            ui.label(
                RichText::new(
                    "No intervals for the disparities: tick \"Bootstrap intervals of the disparities\" and run \
                     again.",
                )
                .weak(),
            );
        }
        let checks = failed_checks(report, &sensitive);
        let text: Vec<String> = checks
            .iter()
            .zip(labels)
            .filter_map(|(c, l)| c.map(|(failed, decided)| format!("{l}: {failed} of {decided}")))
            .collect();
        ui.label(format!(
            "The project's fairness threshold checks that fail per window — {}",
            text.join("; ")
        ))
        .on_hover_text(
            "Per-group checks (four-fifths rule on selection rate, TPR and FPR ratios to the reference group) \
             and the summary disparities against the thresholds in Govern › Settings; undecided checks \
             (a group without positives, say) are not counted.",
        );
        let first_metric = view.metrics().first().copied().unwrap_or_default();
        if summary_view {
            if ui
                .button(format!("Watch {first_metric} of {sensitive} as a KRI"))
                .clicked()
            {
                self.kri.metric = format!("fairness:{sensitive}:{first_metric}");
                if let Some((t, d)) = threshold {
                    self.kri.threshold = t;
                    self.kri.direction = d;
                }
                self.tab = Tab::Monitors;
            }
        } else {
            ui.horizontal(|ui| {
                for s in &series {
                    if ui
                        .button(format!("Watch {} of {} as a KRI", s.metric, s.group))
                        .clicked()
                    {
                        self.kri.metric = format!("fairness:{sensitive}:{}:{}", s.metric, s.group);
                        self.kri.threshold =
                            s.values.iter().flatten().copied().next().unwrap_or(0.0);
                        self.kri.direction = KriDirection::AtLeast;
                        self.tab = Tab::Monitors;
                    }
                }
            });
        }
    }
}
