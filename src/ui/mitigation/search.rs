//! Per-group thresholds found for a constraint and an objective (Fairlearn's names, or a cost matrix of false
//! positives and false negatives with the two costs entered here) within a tolerance:
//! deterministic cut-offs, or at tolerance 0 Fairlearn's exact randomized solution said in plain words
//! ("for women, 30 % of applicants scoring between 0.41 and 0.47 are approved at random"); the Pareto
//! frontier (objective against the largest disparity) as a chart and a table to pick a point from. A picked
//! point becomes the searched option and fills the per-group sliders.

use egui::{RichText, Ui};
use egui_plot::{Line, MarkerShape, Plot, PlotPoints, Points};

use crate::analysis::mitigation::search::{SearchOptions, find_thresholds};
use crate::model::palette;

use super::{MitigationScreen, OBJECTIVES, rate};

/// Picks frontier point `i`: the searched option, and the per-group sliders set to its cut-offs.
fn pick(screen: &mut MitigationScreen, i: usize) {
    let Some(point) = screen.solution.as_ref().and_then(|s| s.frontier.get(i)) else {
        return;
    };
    if point.thresholds.len() == screen.group_thresholds.len() {
        screen.group_thresholds.clone_from(&point.thresholds);
    }
    screen.picked_point = Some(i);
}

/// The settings, the button, the solution in words and the frontier.
pub(super) fn search_ui(ui: &mut Ui, screen: &mut MitigationScreen) {
    ui.horizontal(|ui| {
        egui::ComboBox::from_label("Constraint")
            .selected_text(screen.constraint.name())
            .show_ui(ui, |ui| {
                for c in crate::analysis::mitigation::search::Constraint::ALL {
                    ui.selectable_value(&mut screen.constraint, c, c.name());
                }
            });
        let cost = "cost matrix (false positives and negatives)";
        egui::ComboBox::from_label("Objective")
            .selected_text(OBJECTIVES.get(screen.objective).map_or(cost, |o| o.name()))
            .show_ui(ui, |ui| {
                for (i, o) in OBJECTIVES.iter().enumerate() {
                    ui.selectable_value(&mut screen.objective, i, o.name());
                }
                ui.selectable_value(&mut screen.objective, OBJECTIVES.len(), cost);
            });
    });
    if screen.objective >= OBJECTIVES.len() {
        ui.horizontal(|ui| {
            let label = ui.label("Cost of a false positive");
            ui.add(
                egui::DragValue::new(&mut screen.cost_fp)
                    .range(0.0..=1e6)
                    .speed(0.1),
            )
            .labelled_by(label.id);
            let label = ui.label("Cost of a false negative");
            ui.add(
                egui::DragValue::new(&mut screen.cost_fn)
                    .range(0.0..=1e6)
                    .speed(0.1),
            )
            .labelled_by(label.id);
        });
    }
    ui.add(
        egui::Slider::new(&mut screen.tolerance, 0.0..=0.2)
            .text("Tolerance")
            .step_by(0.005),
    );
    ui.label(if screen.tolerance > 0.0 {
        "A tolerance gives one cut-off per group, the best for the objective whose largest difference stays \
         within it."
    } else {
        "Tolerance 0 gives Fairlearn's exact solution, which decides some applicants at random."
    });
    let Some(loaded) = &screen.loaded else { return };
    if ui.button("Find thresholds").clicked() {
        match find_thresholds(
            &loaded.index,
            &loaded.data.groups,
            SearchOptions {
                constraint: screen.constraint,
                objective: screen.objective(),
                tolerance: screen.tolerance,
                randomized: false,
                grid_size: 1000,
            },
        ) {
            Ok(s) => {
                screen.solution = Some(s);
                screen.picked_point = None;
                screen.error = None;
            }
            Err(e) => screen.error = Some(e.to_string()),
        }
    }
    let Some(solution) = &screen.solution else {
        return;
    };
    if solution.randomized.is_some() {
        ui.label(RichText::new("Fairlearn's randomized solution, in plain words:").strong());
    }
    for line in &solution.explanation {
        ui.label(line);
    }
    ui.label(format!(
        "Accuracy {}, largest {} difference {:.4}{}",
        rate(solution.overall.accuracy),
        solution.constraint.replace('_', " "),
        solution.constraint_violation,
        if solution.met {
            ""
        } else {
            " (the tolerance cannot be met: this is the closest point)"
        }
    ));
    let mut clicked = None;
    frontier_chart(ui, screen, &mut clicked);
    frontier_table(ui, screen, &mut clicked);
    if let Some(i) = clicked {
        pick(screen, i);
    }
}

/// Objective against largest disparity; a click picks the nearest point.
fn frontier_chart(ui: &mut Ui, screen: &MitigationScreen, clicked: &mut Option<usize>) {
    let Some(solution) = &screen.solution else {
        return;
    };
    let points: Vec<[f64; 2]> = solution
        .frontier
        .iter()
        .map(|p| [p.constraint_violation, p.objective])
        .collect();
    ui.label(format!(
        "Pareto frontier: {} against the largest difference (click a point to use it)",
        solution.objective.replace('_', " ")
    ));
    let response = Plot::new("mitigation_frontier_chart")
        .height(200.0)
        .width(ui.available_width().min(520.0))
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .x_axis_label("largest difference")
        .y_axis_label(solution.objective.replace('_', " "))
        .show(ui, |plot| {
            plot.line(
                Line::new("frontier", PlotPoints::from(points.clone()))
                    .color(super::super::theme::color(palette::ACCENT)),
            );
            plot.points(
                Points::new("points", PlotPoints::from(points.clone()))
                    .shape(MarkerShape::Circle)
                    .radius(4.0)
                    .color(super::super::theme::color(palette::ACCENT)),
            );
            if let Some(p) = screen.picked_point.and_then(|i| points.get(i)) {
                plot.points(
                    Points::new("picked", PlotPoints::from(vec![*p]))
                        .shape(MarkerShape::Diamond)
                        .radius(8.0)
                        .color(super::super::theme::color(palette::WARN)),
                );
            }
        });
    if response.response.clicked()
        && let Some(pos) = response.response.interact_pointer_pos()
    {
        let transform = response.transform;
        *clicked = points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let screen_pos =
                    transform.position_from_point(&egui_plot::PlotPoint::new(p[0], p[1]));
                (i, screen_pos.distance(pos))
            })
            .filter(|(_, d)| *d < 24.0)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i);
    }
}

/// The frontier's points with a button each.
fn frontier_table(ui: &mut Ui, screen: &MitigationScreen, clicked: &mut Option<usize>) {
    let Some(solution) = &screen.solution else {
        return;
    };
    egui::CollapsingHeader::new("Frontier points").show(ui, |ui| {
        egui::Grid::new("mitigation_frontier")
            .striped(true)
            .show(ui, |ui| {
                for head in ["Tolerance", "Objective", "Largest difference", ""] {
                    ui.label(RichText::new(head).strong());
                }
                ui.end_row();
                for (i, p) in solution.frontier.iter().enumerate() {
                    ui.label(format!(
                        "{}{}",
                        p.tolerance,
                        if p.met { "" } else { " (closest)" }
                    ));
                    ui.label(format!("{:.4}", p.objective));
                    ui.label(format!("{:.4}", p.constraint_violation));
                    let text = if screen.picked_point == Some(i) {
                        format!("Picked (tolerance {})", p.tolerance)
                    } else {
                        format!("Use tolerance {}", p.tolerance)
                    };
                    if ui.button(text).clicked() {
                        *clicked = Some(i);
                    }
                    ui.end_row();
                }
            });
    });
}
