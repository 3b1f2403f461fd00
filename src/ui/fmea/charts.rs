//! The Pareto chart, the before/after chart and the help on Action Priority versus RPN.

use super::view::plot_value;
use crate::model::fmea::ActionPriority;
use crate::model::fmea::FmeaRow;
use crate::model::fmea::FmeaWorksheet;
use crate::model::fmea::HELP_AP_VS_RPN;
use crate::ui::theme;
use crate::ui::widgets::mark_index;
use egui::Color32;
use egui::RichText;
use egui::Ui;
use egui_plot::AxisHints;
use egui_plot::Bar;
use egui_plot::BarChart;
use egui_plot::Corner;
use egui_plot::HPlacement;
use egui_plot::Legend;
use egui_plot::Line;
use egui_plot::Plot;
use egui_plot::PlotPoints;

// ------------------------------------------------------------------------------------------------------------
// Charts and help

/// The Pareto chart and the before/after chart, side by side.
pub(super) fn charts_ui(ui: &mut Ui, sheet: &FmeaWorksheet) {
    let gap = 32.0;
    let spacing = ui.spacing().item_spacing.x;
    let width = ((ui.available_width() - gap - 2.0 * spacing) / 2.0 - 4.0).max(260.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(width);
            pareto_ui(ui, sheet);
        });
        ui.add_space(gap);
        ui.vertical(|ui| {
            ui.set_width(width);
            priority_counts_ui(ui, sheet);
        });
    });
}

/// Pareto of RPN: one bar per rated row (coloured by its AP), highest first, and the cumulative share.
pub(super) fn pareto_ui(ui: &mut Ui, sheet: &FmeaWorksheet) {
    ui.label(RichText::new("Pareto of RPN").strong());
    ui.label(
        RichText::new(
            "Bars: the RPN of each rated row, highest first, coloured by its AP (hover for the row). Line: \
             cumulative share of the total RPN (right axis).",
        )
        .weak(),
    );
    let pareto = sheet.rpn_pareto();
    let Some(first) = pareto.first() else {
        ui.label(RichText::new("No row has S, O and D rated yet").weak());
        return;
    };
    let top = f64::from(first.rpn).max(1.0);
    let mut bars: Vec<(ActionPriority, Vec<Bar>)> = ActionPriority::ALL
        .iter()
        .map(|&p| (p, Vec::new()))
        .collect();
    let mut cumulative = Vec::with_capacity(pareto.len());
    for (rank, point) in pareto.iter().enumerate() {
        let x = plot_value(rank + 1);
        let priority = sheet
            .rows
            .get(point.row_index)
            .and_then(FmeaRow::action_priority)
            .unwrap_or(ActionPriority::Low);
        if let Some((_, list)) = bars.iter_mut().find(|(p, _)| *p == priority) {
            list.push(
                Bar::new(x, f64::from(point.rpn))
                    .name(&point.row_id)
                    .width(0.75)
                    .fill(theme::action_priority(priority))
                    .stroke(egui::Stroke::NONE),
            );
        }
        cumulative.push([x, point.cumulative_share * top]);
    }
    let ids: Vec<String> = pareto.iter().map(|p| p.row_id.clone()).collect();
    let line_color = ui.visuals().strong_text_color();
    Plot::new("fmea_pareto")
        .height(240.0)
        .x_axis_label("Rows, highest RPN first")
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .include_y(top * 1.1)
        .include_x(0.3)
        .include_x(plot_value(pareto.len()) + 0.7)
        .x_axis_formatter(move |mark, _| {
            mark_index(mark.value, 1)
                .and_then(|i| ids.get(i).cloned())
                .unwrap_or_default()
        })
        .custom_y_axes(vec![
            AxisHints::new_y().label("RPN"),
            AxisHints::new_y()
                .label("Cumulative share")
                .placement(HPlacement::Right)
                .formatter(move |mark, _| format!("{:.0} %", mark.value / top * 100.0)),
        ])
        .show(ui, |plot| {
            for (priority, list) in bars {
                if !list.is_empty() {
                    plot.bar_chart(
                        BarChart::new(format!("{} priority", priority.label()), list)
                            .color(theme::action_priority(priority))
                            .element_formatter(Box::new(|bar, _| {
                                format!("{}: RPN {}", bar.name, bar.value)
                            })),
                    );
                }
            }
            plot.line(
                Line::new("Cumulative share of RPN", PlotPoints::from(cumulative))
                    .color(line_color)
                    .width(2.0),
            );
        });
}

/// The categories of the before/after chart, in the order of its bars.
pub(super) const CATEGORIES: [&str; 4] = ["H", "M", "L", "Unrated"];

/// Rows per Action Priority before and after actions, as grouped bars.
pub(super) fn priority_counts_ui(ui: &mut Ui, sheet: &FmeaWorksheet) {
    ui.label(RichText::new("Rows per Action Priority, before and after actions").strong());
    let counts = sheet.priority_counts();
    let series = |counts: &crate::model::fmea::ApCounts, offset: f64, fill: Color32| -> Vec<Bar> {
        [counts.high, counts.medium, counts.low, counts.unrated]
            .iter()
            .zip(CATEGORIES)
            .enumerate()
            .map(|(i, (&n, name))| {
                Bar::new(plot_value(i) + offset, plot_value(n))
                    .name(name)
                    .width(0.36)
                    .fill(fill)
                    .stroke(egui::Stroke::NONE)
            })
            .collect()
    };
    let before = series(&counts.before, -0.19, theme::series_before());
    let after = series(&counts.after, 0.19, theme::series_after());
    Plot::new("fmea_priority_counts")
        .height(240.0)
        .legend(Legend::default().position(Corner::RightTop))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .include_x(-0.6)
        .include_x(3.6)
        .y_axis_label("Rows")
        .x_axis_formatter(|mark, _| {
            mark_index(mark.value, 0)
                .and_then(|i| CATEGORIES.get(i))
                .map_or_else(String::new, |c| (*c).to_owned())
        })
        .show(ui, |plot| {
            let format = |bar: &Bar, _: &BarChart| format!("{}: {} rows", bar.name, bar.value);
            plot.bar_chart(
                BarChart::new("Before actions", before)
                    .color(theme::series_before())
                    .element_formatter(Box::new(format)),
            );
            plot.bar_chart(
                BarChart::new("After actions", after)
                    .color(theme::series_after())
                    .element_formatter(Box::new(format)),
            );
        });
}

/// [`HELP_AP_VS_RPN`]: its first line as a heading, paragraphs wrapped, `- ` lines as bullets.
pub(super) fn help_ui(ui: &mut Ui) {
    ui.set_max_width(ui.available_width().min(900.0));
    for (i, paragraph) in HELP_AP_VS_RPN.split("\n\n").enumerate() {
        let paragraph = paragraph.trim();
        if paragraph.is_empty() {
            continue;
        }
        if i == 0 {
            ui.label(RichText::new(paragraph).strong());
            continue;
        }
        for line in paragraph.lines() {
            if let Some(bullet) = line.strip_prefix("- ") {
                ui.horizontal_top(|ui| {
                    ui.label("•");
                    ui.add(egui::Label::new(bullet).wrap());
                });
            } else {
                ui.add(egui::Label::new(line).wrap());
            }
        }
        ui.add_space(4.0);
    }
}
