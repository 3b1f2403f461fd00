//! The profile's overview and variables tabs: summary numbers, histograms over values and over time, top values,
//! and the axis marks of category charts.

use super::EdaScreen;
use super::Tab;
use super::dataset_columns::ColumnInfo;
use super::fairness_tab::fairness_ui;
use super::quality::alerts_ui;
use super::quality::correlations_ui;
use super::quality::missing_ui;
use crate::analysis::fairness::wording::format_count;
use crate::analysis::profile::Histogram;
use crate::analysis::profile::Profile;
use crate::analysis::profile::TimeHistogram;
use crate::analysis::profile::TimePeriod;
use crate::analysis::profile::ValueCount;
use crate::analysis::profile::Variable;
use crate::model::Document;
use crate::ui::theme;
use crate::ui::widgets::mark_index;
use egui::RichText;
use egui::Ui;
use egui_plot::Bar;
use egui_plot::BarChart;
use egui_plot::GridInput;
use egui_plot::GridMark;
use egui_plot::Plot;

// ------------------------------------------------------------------------------------------------------------
// The profile's tabs

/// Fills in what the profile says about a column.
pub(super) fn profile_column_info(profile: &Profile, info: &mut ColumnInfo) {
    let Some(v) = profile.variable(&info.name) else {
        return;
    };
    info.kind = Some(v.kind);
    info.overridden = v.kind_overridden;
    let values = v
        .frequencies
        .as_ref()
        .map_or(v.top.as_slice(), |f| f.values.as_slice());
    info.values = values.iter().map(|vc| vc.value.to_string()).collect();
    info.placeholders = v
        .placeholders
        .iter()
        .map(|vc| (vc.value.to_string(), vc.count))
        .collect();
}

/// A statistic for display: thousands separators for whole numbers, 4 significant digits otherwise.
pub(super) fn number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format_count(v);
    }
    let magnitude = v.abs();
    if !(1e-3..1e6).contains(&magnitude) {
        return format!("{v:.3e}");
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a small number of decimals"
    )]
    let decimals = (3 - magnitude.log10().floor() as i32).clamp(0, 6) as usize;
    let text = format!("{v:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// An optional statistic; "—" when undefined.
pub(super) fn optional(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), number)
}

/// A share (0–1) as a percentage with one decimal.
pub(super) fn share(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// A size in bytes, in KB, MB or GB (powers of 1024).
pub(super) fn bytes(n: u64) -> String {
    #[expect(clippy::cast_precision_loss, reason = "a size shown to the user")]
    let n = n as f64;
    let units = ["bytes", "KB", "MB", "GB", "TB"];
    let mut value = n;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{} bytes", format_count(n))
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

/// A count shown to the user.
pub(super) fn count(n: u64) -> String {
    #[expect(clippy::cast_precision_loss, reason = "a count shown to the user")]
    format_count(n as f64)
}

pub(super) fn section_title(ui: &mut Ui, title: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(title).strong().size(16.0));
}

pub(super) fn profile_tab_ui(
    ui: &mut Ui,
    screen: &mut EdaScreen,
    doc: &mut Document,
    profile: &Profile,
) {
    match screen.tab {
        Tab::Overview => overview_ui(ui, screen, profile),
        Tab::Variables => variables_ui(ui, screen, profile),
        Tab::Missing => missing_ui(ui, profile, doc.project().settings.eda.missing_share),
        Tab::Correlations => {
            correlations_ui(ui, profile, doc.project().settings.eda.correlation_abs);
        }
        Tab::Alerts => {
            if let Some(risk_id) = alerts_ui(ui, doc, screen.selected.as_deref(), profile) {
                screen.show_risk = Some(risk_id);
            }
        }
        Tab::Fairness => fairness_ui(ui, screen, profile),
        Tab::Columns | Tab::Data => {}
    }
}

pub(super) fn overview_ui(ui: &mut Ui, screen: &mut EdaScreen, profile: &Profile) {
    let o = &profile.overview;
    egui::Grid::new("eda_overview")
        .num_columns(2)
        .striped(true)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            ui.label("Rows");
            ui.label(count(o.rows));
            ui.end_row();
            ui.label("Columns");
            ui.label(count(o.columns));
            ui.end_row();
            ui.label("Missing cells");
            ui.label(format!(
                "{} ({})",
                count(o.missing_cells),
                share(o.missing_cells_share)
            ));
            ui.end_row();
            ui.label("Duplicate rows");
            ui.label(format!(
                "{} ({})",
                count(o.duplicate_rows),
                share(o.duplicate_rows_share)
            ));
            ui.end_row();
            ui.label("Memory");
            ui.label(bytes(o.memory_bytes));
            ui.end_row();
            ui.label("Variable types");
            ui.label(
                o.types
                    .iter()
                    .map(|(kind, n)| format!("{kind}: {}", count(*n)))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            ui.end_row();
            ui.label("Alerts raised");
            ui.horizontal(|ui| {
                ui.label(count(profile.alerts.len() as u64));
                if !profile.alerts.is_empty() && ui.link("Show alerts").clicked() {
                    screen.tab = Tab::Alerts;
                }
            });
            ui.end_row();
        });
}

pub(super) fn variables_ui(ui: &mut Ui, screen: &mut EdaScreen, profile: &Profile) {
    if profile.variables.is_empty() {
        ui.label(RichText::new("The data has no columns").weak());
        return;
    }
    let valid = screen
        .variable
        .as_ref()
        .is_some_and(|n| profile.variable(n).is_some());
    if !valid {
        screen.variable = profile.variables.first().map(|v| v.name.clone());
    }
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(380.0);
            egui::Grid::new("eda_variables")
                .num_columns(4)
                .striped(true)
                .spacing([12.0, 4.0])
                .show(ui, |ui| {
                    for h in ["Variable", "Type", "Distinct", "Missing"] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for v in &profile.variables {
                        let selected = screen.variable.as_deref() == Some(v.name.as_str());
                        if ui.selectable_label(selected, &v.name).clicked() {
                            screen.variable = Some(v.name.clone());
                        }
                        let kind = if v.kind_overridden {
                            format!("{} (set)", v.kind.label())
                        } else {
                            v.kind.label().to_owned()
                        };
                        ui.label(kind);
                        ui.label(count(v.distinct));
                        ui.label(share(v.missing_share));
                        ui.end_row();
                    }
                });
        });
        ui.add_space(18.0);
        ui.vertical(|ui| {
            if let Some(v) = screen.variable.as_ref().and_then(|n| profile.variable(n)) {
                variable_detail_ui(ui, v);
            }
        });
    });
}

pub(super) fn variable_detail_ui(ui: &mut Ui, v: &Variable) {
    ui.label(RichText::new(&v.name).strong().size(16.0));
    ui.label(
        RichText::new(format!(
            "{}{}, stored as {}",
            v.kind.label(),
            if v.kind_overridden {
                " (set by you)"
            } else {
                " (inferred)"
            },
            v.dtype
        ))
        .weak(),
    );
    let mut rows: Vec<(&str, String)> = vec![
        ("Values", count(v.count)),
        ("Distinct", count(v.distinct)),
        (
            "Missing",
            format!("{} ({})", count(v.missing), share(v.missing_share)),
        ),
    ];
    if let Some(n) = &v.numeric {
        rows.push(("Zeros", count(v.zeros)));
        rows.push(("Infinite", count(v.infinite)));
        rows.push(("Mean", optional(n.mean)));
        rows.push(("Standard deviation", optional(n.std)));
        rows.push(("Minimum", optional(n.min)));
        rows.push(("5th percentile", optional(n.quantiles.q05)));
        rows.push(("25th percentile", optional(n.quantiles.q25)));
        rows.push(("Median", optional(n.quantiles.q50)));
        rows.push(("75th percentile", optional(n.quantiles.q75)));
        rows.push(("95th percentile", optional(n.quantiles.q95)));
        rows.push(("Maximum", optional(n.max)));
        rows.push(("Skewness", optional(n.skewness)));
    }
    if let Some(imbalance) = v.imbalance {
        rows.push(("Imbalance", number(imbalance)));
    }
    if let Some((shortest, longest)) = &v.text_range {
        rows.push(("First value", shortest.clone()));
        rows.push(("Last value", longest.clone()));
    }
    egui::Grid::new(("eda_variable_stats", &v.name))
        .num_columns(2)
        .striped(true)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            for (label, value) in rows {
                ui.label(label);
                ui.label(value);
                ui.end_row();
            }
        });
    for p in &v.placeholders {
        ui.label(
            RichText::new(format!(
                "⚠ \"{}\" appears {} times: a missing-value placeholder? Declare it in Column settings",
                p.value,
                count(p.count)
            ))
            .color(theme::warn()),
        );
    }
    if let Some(n) = &v.numeric
        && !n.histogram.counts.is_empty()
    {
        section_title(ui, "Histogram");
        histogram_ui(ui, &v.name, &n.histogram);
    }
    if let Some(h) = &v.time_histogram {
        time_histogram_ui(ui, &v.name, h);
    }
    let (values, other) = match &v.frequencies {
        Some(f) => (f.values.as_slice(), Some((f.other_values, f.other_count))),
        None => (v.top.as_slice(), None),
    };
    if !values.is_empty() && v.count > 1 && v.distinct == v.count {
        // Every value once (an identifier): a chart of equal bars says nothing.
        section_title(ui, "Values");
        ui.label(
            RichText::new(format!(
                "Every one of the {} values is distinct, e.g. {}",
                count(v.count),
                values
                    .iter()
                    .take(3)
                    .map(|vc| vc.value.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .weak(),
        );
    } else if !values.is_empty() {
        section_title(
            ui,
            if v.frequencies.is_some() {
                "Value frequencies"
            } else {
                "Top values"
            },
        );
        top_values_ui(ui, &v.name, values, v.count + v.missing);
        if let Some((other_values, other_count)) = other
            && other_values > 0
        {
            ui.label(
                RichText::new(format!(
                    "Plus {} other values in {} rows",
                    count(other_values),
                    count(other_count)
                ))
                .weak(),
            );
        }
    }
}

/// A 520 × 220 bar chart that does not zoom, pan or scroll (so the page scrolls over it), from y = 0.
pub(super) fn still_chart<'a>(id: impl egui::AsIdSalt) -> Plot<'a> {
    Plot::new(id)
        .height(220.0)
        .width(520.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
}

/// Bars of row counts, each hovering as "label: n rows".
pub(super) fn rows_chart(bars: Vec<Bar>) -> BarChart {
    BarChart::new("Rows", bars)
        .color(theme::series_after())
        .element_formatter(Box::new(|bar, _| {
            format!("{}: {} rows", bar.name, number(bar.value))
        }))
}

pub(super) fn histogram_ui(ui: &mut Ui, name: &str, histogram: &Histogram) {
    let bars: Vec<Bar> = histogram
        .counts
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let (a, b) = (*histogram.edges.get(i)?, *histogram.edges.get(i + 1)?);
            #[expect(clippy::cast_precision_loss, reason = "a bar height")]
            let height = *c as f64;
            Some(
                Bar::new(f64::midpoint(a, b), height)
                    .width((b - a).max(f64::EPSILON))
                    .name(format!(
                        "[{}, {}{}",
                        number(a),
                        number(b),
                        if i + 2 == histogram.edges.len() {
                            "]"
                        } else {
                            ")"
                        }
                    )),
            )
        })
        .collect();
    still_chart(("eda_histogram", name))
        .y_axis_label("Rows")
        .show(ui, |plot| {
            plot.bar_chart(rows_chart(bars));
        });
}

/// Rows per calendar period of a date/time variable, one bar per period from the first date to the last
/// (empty periods included, as the profile gives them).
pub(super) fn time_histogram_ui(ui: &mut Ui, name: &str, histogram: &TimeHistogram) {
    let period = histogram.period;
    if !histogram.bins.is_empty() {
        section_title(ui, "Histogram over time");
        ui.label(
            RichText::new(format!(
                "Rows per {}{}, by the date as written; empty {}s show as gaps",
                period.key(),
                if period == TimePeriod::Week {
                    " (ISO weeks, Monday to Sunday)"
                } else {
                    ""
                },
                period.key()
            ))
            .weak(),
        );
        let n = histogram.bins.len();
        let bars: Vec<Bar> = (0_u32..)
            .zip(&histogram.bins)
            .map(|(i, bin)| {
                #[expect(clippy::cast_precision_loss, reason = "a bar height")]
                let height = bin.count as f64;
                Bar::new(f64::from(i), height)
                    .width(0.9)
                    .name(period.bin_label(&bin.start))
            })
            .collect();
        // Axis labels: the short form (a week by its Monday), at most about five along the axis.
        let axis_labels: Vec<String> = histogram
            .bins
            .iter()
            .map(|b| match period {
                TimePeriod::Day | TimePeriod::Week => b.start.clone(),
                _ => period.bin_label(&b.start),
            })
            .collect();
        #[expect(clippy::cast_precision_loss, reason = "bar positions")]
        let right = n as f64 - 0.4;
        still_chart(("eda_time_histogram", name))
            .include_x(-0.6)
            .include_x(right)
            .y_axis_label(format!("Rows per {}", period.key()))
            .x_axis_formatter(move |mark, _| category_label(&axis_labels, mark.value, false))
            .x_grid_spacer(category_marks_every(n, n.div_ceil(5)))
            .show(ui, |plot| {
                plot.bar_chart(rows_chart(bars));
            });
    }
    if histogram.unparsed > 0 {
        ui.label(
            RichText::new(format!(
                "⚠ {} rows hold a value that is not a date (YYYY-MM-DD…) and are not in the chart",
                count(histogram.unparsed)
            ))
            .color(theme::warn()),
        );
    }
}

/// Horizontal bars of value counts, most frequent at the top.
pub(super) fn top_values_ui(ui: &mut Ui, name: &str, values: &[ValueCount], rows: u64) {
    let labels: Vec<String> = values.iter().map(|vc| vc.value.to_string()).collect();
    let n = values.len();
    let bars: Vec<Bar> = values
        .iter()
        .enumerate()
        .map(|(i, vc)| {
            #[expect(clippy::cast_precision_loss, reason = "positions and counts of bars")]
            Bar::new((n - 1 - i) as f64, vc.count as f64)
                .width(0.7)
                .name(vc.value.to_string())
        })
        .collect();
    let axis_labels = labels.clone();
    #[expect(clippy::cast_precision_loss, reason = "a chart height")]
    let height = (n as f32 * 26.0 + 50.0).clamp(90.0, 1400.0);
    #[expect(clippy::cast_precision_loss, reason = "a share")]
    let total = rows.max(1) as f64;
    Plot::new(("eda_top_values", name))
        .height(height)
        .width(520.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_x(0.0)
        .show_grid([true, false])
        .x_axis_label("Rows")
        .y_axis_min_width(90.0)
        .y_axis_formatter(move |mark, _| category_label(&axis_labels, mark.value, true))
        .y_grid_spacer(category_marks(n))
        .include_y(-0.6)
        .include_y(top_position(n))
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new("Rows", bars)
                    .horizontal()
                    .color(theme::series_after())
                    .element_formatter(Box::new(move |bar, _| {
                        format!(
                            "{}: {} rows ({})",
                            bar.name,
                            number(bar.value),
                            share(bar.value / total)
                        )
                    })),
            );
        });
}

/// The upper edge of the topmost of `n` category bars.
pub(super) fn top_position(n: usize) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "bar positions")]
    let top = n as f64 - 0.4;
    top
}

/// Grid marks at every category position `0..n` (one label per bar), within the visible range.
pub(super) fn category_marks(n: usize) -> impl Fn(GridInput) -> Vec<GridMark> {
    move |input| {
        (0..n)
            .filter_map(|i| {
                #[expect(clippy::cast_precision_loss, reason = "bar positions")]
                let value = i as f64;
                (value >= input.bounds.0 - 0.5 && value <= input.bounds.1 + 0.5).then_some(
                    GridMark {
                        value,
                        step_size: 1.0,
                    },
                )
            })
            .collect()
    }
}

/// Grid marks at every `step`-th category position of `0..n` (0, step, 2·step…), within the visible range.
pub(super) fn category_marks_every(n: usize, step: usize) -> impl Fn(GridInput) -> Vec<GridMark> {
    let step = step.max(1);
    let marks = category_marks(n);
    move |input| {
        marks(input)
            .into_iter()
            .filter(|m| {
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "whole positions ≥ 0"
                )]
                let i = m.value as usize;
                i.is_multiple_of(step)
            })
            .map(|m| GridMark {
                // egui_plot hides a label whose step is narrower than its text: the step is the spacing.
                #[expect(clippy::cast_precision_loss, reason = "a small step")]
                step_size: step as f64,
                ..m
            })
            .collect()
    }
}

/// The label of category position `value` (bars at 0, 1, 2…; `reversed`: the first label at the top).
pub(super) fn category_label(labels: &[String], value: f64, reversed: bool) -> String {
    let Some(i) = mark_index(value, 0) else {
        return String::new();
    };
    let index = if reversed {
        labels.len().checked_sub(i + 1)
    } else {
        Some(i)
    };
    let Some(label) = index.and_then(|i| labels.get(i)) else {
        return String::new();
    };
    if label.chars().count() > 18 {
        format!("{}…", label.chars().take(17).collect::<String>())
    } else {
        label.clone()
    }
}
