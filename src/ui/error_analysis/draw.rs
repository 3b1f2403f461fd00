//! The results of a run: the error tree drawn with the painter (click a node of a leaf, or a leaf in the
//! list, to list its rows), the rows of the selected leaf, the heat map, the attribution bars overall and per
//! group, and the counterfactual panel.

use egui::{Align2, Color32, FontId, Rect, RichText, Sense, Stroke, Ui, pos2, vec2};
use polars::prelude::AnyValue;

use super::{ErrorAnalysisScreen, TABLE_ROWS};
use crate::analysis::error_analysis::tree::ErrorTree;
use crate::model::palette;
use crate::ui::theme;

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

/// Everything the last run computed.
pub(super) fn results_ui(ui: &mut Ui, screen: &mut ErrorAnalysisScreen) {
    let Some(loaded) = &screen.loaded else {
        return;
    };
    let r = &loaded.result.rows;
    ui.label(format!(
        "{} rows with a label and a prediction ({} left out), {} errors ({})",
        r.used,
        r.dropped,
        r.errors,
        pct(r.error_rate)
    ));
    let tree = &loaded.result.tree;
    if !tree.binned_features.is_empty() {
        ui.label(format!(
            "Cut into 256 quantile bins (splits only at bin edges): {}",
            tree.binned_features.join(", ")
        ));
    }
    ui.heading("Error tree");
    if let Some(leaf) = tree_ui(ui, tree, screen.selected_leaf) {
        screen.selected_leaf = Some(leaf);
    }
    let mut order: Vec<usize> = (0..tree.leaves.len()).collect();
    order.sort_by(|a, b| {
        tree.leaves[*b]
            .error_rate
            .total_cmp(&tree.leaves[*a].error_rate)
            .then(a.cmp(b))
    });
    ui.label("Leaves, highest error rate first (click one to list its rows):");
    let mut clicked = None;
    for k in order {
        let leaf = &tree.leaves[k];
        let text = format!(
            "Leaf {}: {} of {} rows wrong ({}), {} of all errors — {}",
            leaf.leaf_id,
            leaf.errors,
            leaf.rows,
            pct(leaf.error_rate),
            pct(leaf.share_of_errors),
            leaf.path_text()
        );
        if ui
            .selectable_label(screen.selected_leaf == Some(leaf.leaf_id), text)
            .clicked()
        {
            clicked = Some(leaf.leaf_id);
        }
        if !leaf.groups.is_empty() {
            let mix: Vec<String> = leaf
                .groups
                .iter()
                .map(|g| format!("{} {} ({} wrong)", g.group, g.rows, g.errors))
                .collect();
            ui.label(RichText::new(format!("      {}", mix.join(", "))).small());
        }
    }
    if clicked.is_some() {
        screen.selected_leaf = clicked;
    }
    leaf_table_ui(ui, screen);
    heatmap_ui(ui, screen);
    attributions_ui(ui, screen);
    counterfactual_ui(ui, screen);
}

/// The tree with the painter; returns the leaf clicked.
fn tree_ui(ui: &mut Ui, tree: &ErrorTree, selected: Option<usize>) -> Option<usize> {
    const LEVEL: f32 = 78.0;
    const BOX_H: f32 = 46.0;
    let depth = tree.nodes.iter().map(|n| n.depth).max().unwrap_or(0);
    #[expect(clippy::cast_precision_loss, reason = "a small depth")]
    let height = LEVEL * depth as f32 + BOX_H + 8.0;
    let width = ui.available_width().max(300.0);
    let (rect, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    #[expect(clippy::cast_precision_loss, reason = "a few leaves")]
    let slot = width / tree.leaves.len().max(1) as f32;
    let box_w = (slot - 6.0).clamp(30.0, 130.0);
    let mut x = vec![0.0_f32; tree.nodes.len()];
    for node in tree.nodes.iter().rev() {
        x[node.node_id] = match (node.leaf_id, node.children) {
            #[expect(clippy::cast_precision_loss, reason = "a few leaves")]
            (Some(leaf), _) => rect.left() + slot * (leaf as f32 + 0.5),
            (None, Some([l, r])) => f32::midpoint(x[l], x[r]),
            (None, None) => rect.center().x,
        };
    }
    #[expect(clippy::cast_precision_loss, reason = "a small depth")]
    let y = |d: usize| rect.top() + 4.0 + LEVEL * d as f32;
    let max_rate = tree.nodes.iter().map(|n| n.error_rate).fold(0.0, f64::max);
    let painter = ui.painter_at(rect);
    let ink = ui.visuals().text_color();
    let small = FontId::proportional(10.0);
    for node in &tree.nodes {
        if let (Some([l, r]), Some([left, right])) = (node.children, &node.split) {
            for (child, condition) in [(l, left), (r, right)] {
                let from = pos2(x[node.node_id], y(node.depth) + BOX_H);
                let to = pos2(x[child], y(node.depth + 1));
                painter.line_segment([from, to], Stroke::new(1.0, ui.visuals().weak_text_color()));
                let mut label = condition.to_string();
                let max_chars = (slot.min(2.0 * box_w) / 5.5).max(4.0);
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "a few characters"
                )]
                let max_chars = max_chars as usize;
                if label.chars().count() > max_chars {
                    label = label
                        .chars()
                        .take(max_chars.saturating_sub(1))
                        .collect::<String>()
                        + "…";
                }
                painter.text(
                    pos2(to.x, to.y - 3.0),
                    Align2::CENTER_BOTTOM,
                    label,
                    small.clone(),
                    ink,
                );
            }
        }
    }
    let mut clicked = None;
    for node in &tree.nodes {
        let fill = theme::color(palette::error_rate(node.error_rate, max_rate));
        let text = theme::text_on(fill);
        let r = Rect::from_min_size(
            pos2(x[node.node_id] - box_w / 2.0, y(node.depth)),
            vec2(box_w, BOX_H),
        );
        let response = ui.interact(
            r,
            ui.scope_id().with(("error_tree_node", node.node_id)),
            Sense::click(),
        );
        painter.rect_filled(r, 4.0, fill);
        let chosen = node.leaf_id.is_some() && node.leaf_id == selected;
        painter.rect_stroke(
            r,
            4.0,
            Stroke::new(
                if chosen { 3.0 } else { 1.0 },
                if chosen {
                    ui.visuals().selection.bg_fill
                } else {
                    Color32::GRAY
                },
            ),
            egui::StrokeKind::Inside,
        );
        let lines = [
            node.leaf_id.map_or_else(
                || format!("n={}", node.rows),
                |l| format!("leaf {l}: n={}", node.rows),
            ),
            format!("err {}", pct(node.error_rate)),
            format!("{} of errors", pct(node.share_of_errors)),
        ];
        for (k, line) in lines.into_iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "three lines")]
            let line_y = r.top() + 8.0 + 14.0 * k as f32;
            painter.text(
                pos2(r.center().x, line_y),
                Align2::CENTER_CENTER,
                line,
                small.clone(),
                text,
            );
        }
        if response.clicked() && node.leaf_id.is_some() {
            clicked = node.leaf_id;
        }
        response.on_hover_text(format!(
            "{} rows, {} errors ({}), {} of all errors, {} of all rows",
            node.rows,
            node.errors,
            pct(node.error_rate),
            pct(node.share_of_errors),
            pct(node.share_of_rows)
        ));
    }
    clicked
}

fn cell_text(value: AnyValue<'_>) -> String {
    match value {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => s.to_owned(),
        AnyValue::StringOwned(s) => s.to_string(),
        other => other.to_string(),
    }
}

/// The rows of the selected leaf (the first [`TABLE_ROWS`]).
fn leaf_table_ui(ui: &mut Ui, screen: &ErrorAnalysisScreen) {
    let (Some(loaded), Some(leaf)) = (&screen.loaded, screen.selected_leaf) else {
        return;
    };
    let rows = screen.leaf_rows();
    ui.heading(format!("Rows of leaf {leaf}"));
    ui.label(format!(
        "{} rows{}",
        rows.len(),
        if rows.len() > TABLE_ROWS {
            format!(", the first {TABLE_ROWS} shown")
        } else {
            String::new()
        }
    ));
    let spec = &loaded.spec;
    let mut columns: Vec<String> = vec![spec.label.clone()];
    columns.extend(spec.prediction.clone().or_else(|| spec.score.clone()));
    columns.extend(loaded.result.tree.features.iter().take(10).cloned());
    columns.extend(spec.sensitive.clone().filter(|s| !columns.contains(s)));
    egui::ScrollArea::both()
        .id_salt("error_analysis_leaf_rows")
        .max_height(260.0)
        .show(ui, |ui| {
            egui::Grid::new("error_analysis_leaf_table")
                .striped(true)
                .show(ui, |ui| {
                    ui.strong("row");
                    for c in &columns {
                        ui.strong(c);
                    }
                    ui.end_row();
                    for row in rows.iter().take(TABLE_ROWS) {
                        ui.label(row.to_string());
                        for c in &columns {
                            let text = loaded
                                .df
                                .column(c)
                                .ok()
                                .and_then(|col| col.get(*row as usize).ok())
                                .map(cell_text)
                                .unwrap_or_default();
                            ui.label(text);
                        }
                        ui.end_row();
                    }
                });
        });
}

fn heatmap_ui(ui: &mut Ui, screen: &ErrorAnalysisScreen) {
    let Some(map) = screen
        .loaded
        .as_ref()
        .and_then(|l| l.result.heatmap.as_ref())
    else {
        return;
    };
    let names: Vec<&str> = map.axes.iter().map(|a| a.feature.as_str()).collect();
    ui.heading(format!("Error rate by {}", names.join(" × ")));
    let max_rate = map
        .cells
        .iter()
        .filter_map(|c| c.error_rate)
        .fold(0.0, f64::max);
    let cols = map.axes.get(1).map_or(1, |a| a.bins.len());
    egui::ScrollArea::horizontal()
        .id_salt("error_analysis_heatmap")
        .show(ui, |ui| {
            egui::Grid::new("error_analysis_heatmap_grid").show(ui, |ui| {
                ui.label("");
                match map.axes.get(1) {
                    Some(axis) => {
                        for b in &axis.bins {
                            ui.strong(b.label());
                        }
                    }
                    None => {
                        ui.strong("error rate");
                    }
                }
                ui.end_row();
                for (i, bin) in map.axes[0].bins.iter().enumerate() {
                    ui.strong(bin.label());
                    for j in 0..cols {
                        let cell = &map.cells[i * cols + j];
                        let (text, fill) = match cell.error_rate {
                            Some(rate) => (
                                format!("{}\n{} rows", pct(rate), cell.rows),
                                theme::color(palette::error_rate(rate, max_rate)),
                            ),
                            None => ("—".to_owned(), ui.visuals().faint_bg_color),
                        };
                        egui::Frame::new()
                            .fill(fill)
                            .inner_margin(4.0)
                            .show(ui, |ui| {
                                ui.label(RichText::new(text).color(theme::text_on(fill)));
                            });
                    }
                    ui.end_row();
                }
            });
        });
}

fn attributions_ui(ui: &mut Ui, screen: &ErrorAnalysisScreen) {
    let Some(a) = screen
        .loaded
        .as_ref()
        .and_then(|l| l.result.attributions.as_ref())
    else {
        return;
    };
    ui.heading(format!("Mean |attribution| ({}*)", a.prefix));
    let max = a
        .features
        .iter()
        .map(|f| f.mean_abs)
        .chain(
            a.groups
                .iter()
                .flat_map(|g| g.mean_abs.iter().flatten().copied()),
        )
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let series: Vec<(String, Color32)> =
        std::iter::once(("all rows".to_owned(), theme::color(palette::ACCENT)))
            .chain(a.groups.iter().enumerate().map(|(k, g)| {
                (
                    g.group.clone(),
                    theme::color(palette::CATEGORY[k % palette::CATEGORY.len()]),
                )
            }))
            .collect();
    ui.horizontal_wrapped(|ui| {
        for (name, colour) in &series {
            let (r, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
            ui.painter().rect_filled(r, 2.0, *colour);
            ui.label(name);
        }
    });
    let bar_h = 8.0;
    for (k, f) in a.features.iter().enumerate() {
        let values: Vec<Option<f64>> = std::iter::once(Some(f.mean_abs))
            .chain(a.groups.iter().map(|g| g.mean_abs[k]))
            .collect();
        ui.horizontal(|ui| {
            ui.add_sized(vec2(160.0, 14.0), egui::Label::new(&f.feature).truncate());
            #[expect(clippy::cast_precision_loss, reason = "a few series")]
            let height = bar_h * values.len() as f32 + 2.0;
            let width = (ui.available_width() - 80.0).max(100.0);
            let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
            for (s, v) in values.iter().enumerate() {
                let Some(v) = v else { continue };
                #[expect(clippy::cast_possible_truncation, reason = "a share of a width")]
                let w = (v / max) as f32 * width;
                #[expect(clippy::cast_precision_loss, reason = "a few series")]
                let top = rect.top() + bar_h * s as f32;
                ui.painter().rect_filled(
                    Rect::from_min_size(pos2(rect.left(), top), vec2(w, bar_h - 1.0)),
                    0.0,
                    series[s].1,
                );
            }
            let tip: Vec<String> = values
                .iter()
                .zip(&series)
                .map(|(v, (name, _))| {
                    format!(
                        "{name}: {}",
                        v.map_or_else(|| "—".to_owned(), |v| format!("{v:.4}"))
                    )
                })
                .collect();
            response.on_hover_text(tip.join("\n"));
            ui.label(format!("{:.4}", f.mean_abs));
        });
    }
    if !a.gaps.is_empty() {
        ui.label(format!(
            "Features whose importance differs most between groups of {}:",
            a.sensitive.as_deref().unwrap_or("")
        ));
        for g in a.gaps.iter().take(5) {
            ui.label(format!(
                "  {}: {} {:.4} vs {} {:.4} (difference {:.4}{})",
                g.feature,
                g.highest_group,
                g.highest,
                g.lowest_group,
                g.lowest,
                g.difference,
                g.ratio
                    .map_or_else(String::new, |r| format!(", ratio {r:.2}"))
            ));
        }
    }
}

fn counterfactual_ui(ui: &mut Ui, screen: &mut ErrorAnalysisScreen) {
    let Some(loaded) = &screen.loaded else {
        return;
    };
    ui.heading("Nearest counterfactuals in the data");
    ui.label(
        "Rows that exist in the data with the other decision and the same values of the columns held fixed, \
         nearest by Gower distance. They are not what would change the decision.",
    );
    let rows = loaded.data.file_rows.saturating_sub(1);
    ui.horizontal(|ui| {
        ui.label("Row (0 = first data row)");
        ui.add(egui::DragValue::new(&mut screen.counterfactual_row).range(0..=rows));
        if let Some(leaf_row) = screen.leaf_rows().first().copied()
            && ui.button("First row of the selected leaf").clicked()
        {
            screen.counterfactual_row = leaf_row as usize;
        }
        if ui.button("Find counterfactuals").clicked() {
            screen.start_counterfactuals();
        }
    });
    let Some(c) = &screen.counterfactuals else {
        return;
    };
    ui.label(format!(
        "Row {} (decision {}, label {}): {} nearest of {} rows with the other decision{}",
        c.row,
        u8::from(c.prediction),
        u8::from(c.label),
        c.nearest.len(),
        c.candidates,
        if c.immutable.is_empty() {
            String::new()
        } else {
            format!(" and the same {}", c.immutable.join(", "))
        }
    ));
    egui::Grid::new("error_analysis_counterfactuals")
        .striped(true)
        .show(ui, |ui| {
            ui.strong("row");
            ui.strong("distance");
            ui.strong("decision");
            ui.strong("differs in");
            ui.end_row();
            for n in &c.nearest {
                ui.label(n.row.to_string());
                ui.label(format!("{:.4}", n.distance));
                ui.label(u8::from(n.prediction).to_string());
                ui.label(
                    n.differences
                        .iter()
                        .map(|d| format!("{}: {} → {}", d.feature, d.this, d.other))
                        .collect::<Vec<_>>()
                        .join("; "),
                );
                ui.end_row();
            }
        });
}
