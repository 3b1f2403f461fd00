//! The register's inherent and residual heat maps; a click on a cell filters the table to it.

use egui::{RichText, Ui};

use super::RegisterScreen;
use crate::model::palette;
use crate::model::register::heat_map_counts;
use crate::model::register::query::Which;
use crate::model::{Project, RiskMatrix};
use crate::ui::theme;

/// Inherent and residual heat maps side by side; a click on a cell filters the table to it.
pub(super) fn heat_maps_ui(ui: &mut Ui, project: &Project, state: &mut RegisterScreen) {
    let matrix = &project.settings.risk_matrix;
    let width = ((ui.available_width() - 44.0) / 2.0).clamp(220.0, 460.0);
    ui.horizontal_top(|ui| {
        for which in [Which::Inherent, Which::Residual] {
            ui.vertical(|ui| {
                let counts = crate::model::register::counts_by_band(
                    &project.risks,
                    matrix,
                    which == Which::Residual,
                );
                let summary = matrix
                    .bands
                    .iter()
                    .zip(&counts)
                    .map(|(b, n)| format!("{} {n}", b.name))
                    .collect::<Vec<_>>()
                    .join(" · ");
                ui.label(RichText::new(format!("{} risk", which.label())).strong());
                ui.label(RichText::new(summary).small());
                let cells = heat_map_counts(&project.risks, matrix, which == Which::Residual);
                if let Some((l, i)) =
                    heat_map_ui(ui, matrix, &cells, which, state.query.cell, width)
                {
                    state.query.cell = if state.query.cell == Some((which, l, i)) {
                        None
                    } else {
                        Some((which, l, i))
                    };
                }
            });
            ui.add_space(18.0);
        }
    });
    let scale = |labels: &[String]| {
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} {l}", i + 1))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    ui.label(
        RichText::new(format!(
            "Likelihood (rows): {}.   Impact (columns): {}.",
            scale(&matrix.likelihood_labels),
            scale(&matrix.impact_labels)
        ))
        .small()
        .weak(),
    );
}

/// One heat map; returns the cell clicked as (likelihood, impact). Each cell is its own widget, labelled
/// "Inherent L4 × I3: R-1, R-5" for screen readers and tests.
#[expect(
    clippy::needless_range_loop,
    reason = "the loop indices are the matrix levels: they place cells and name them, not only index"
)]
fn heat_map_ui(
    ui: &mut Ui,
    matrix: &RiskMatrix,
    cells: &[Vec<Vec<String>>],
    which: Which,
    filter: Option<(Which, u8, u8)>,
    width: f32,
) -> Option<(u8, u8)> {
    let axis = 26.0;
    let rows = matrix.likelihood_labels.len();
    let cols = matrix.impact_labels.len();
    #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
    let cell = egui::vec2(
        ((width - axis) / cols.max(1) as f32).clamp(36.0, 86.0),
        40.0,
    );
    #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
    let size = egui::vec2(axis + cell.x * cols as f32, cell.y * rows as f32 + 30.0);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let text = ui.visuals().text_color();
    let small = egui::FontId::proportional(10.5);
    let mut clicked = None;
    for l in 0..rows {
        #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
        let y = rect.min.y + (rows - 1 - l) as f32 * cell.y;
        painter.text(
            egui::pos2(rect.min.x + axis - 8.0, y + cell.y / 2.0),
            egui::Align2::RIGHT_CENTER,
            format!("{}", l + 1),
            small.clone(),
            text,
        );
        for i in 0..cols {
            let (likelihood, impact) = (
                u8::try_from(l + 1).unwrap_or(u8::MAX),
                u8::try_from(i + 1).unwrap_or(u8::MAX),
            );
            #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
            let min = egui::pos2(rect.min.x + axis + i as f32 * cell.x, y);
            let r = egui::Rect::from_min_size(min, cell - egui::vec2(2.0, 2.0));
            let band = matrix.band_of(u32::from(likelihood), u32::from(impact));
            let fill = band.map_or(palette::UNKNOWN, |b| b.colour);
            painter.rect_filled(r, 3.0, theme::color(fill));
            let ids = &cells[l][i];
            let ink = theme::color(fill.contrasting_text());
            // As many ids as fit on one line, then "+n".
            let fits = ((cell.x - 6.0) / 30.0).floor().max(1.0);
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a small positive count"
            )]
            let fits = fits as usize;
            let shown = if ids.len() <= fits {
                ids.join(" ")
            } else {
                format!(
                    "{} +{}",
                    ids[..fits.saturating_sub(1).max(1)].join(" "),
                    ids.len() - fits.saturating_sub(1).max(1)
                )
            };
            if !shown.is_empty() {
                painter.text(
                    r.center(),
                    egui::Align2::CENTER_CENTER,
                    shown,
                    egui::FontId::proportional(11.0),
                    ink,
                );
            }
            if filter == Some((which, likelihood, impact)) {
                painter.rect_stroke(
                    r,
                    3.0,
                    egui::Stroke::new(2.5, ui.visuals().strong_text_color()),
                    egui::StrokeKind::Inside,
                );
            }
            let name = format!(
                "{} L{likelihood} × I{impact}: {}",
                which.label(),
                if ids.is_empty() {
                    "no risks".to_owned()
                } else {
                    ids.join(", ")
                }
            );
            let response = ui.interact(
                r,
                egui::Id::unique(("heat_cell", which.label(), likelihood, impact)),
                egui::Sense::click(),
            );
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            let band_name = band.map_or("no band", |b| b.name.as_str());
            let response = response.on_hover_text(format!(
                "{name}\nScore {} ({band_name}). Click to show only this cell.",
                u32::from(likelihood) * u32::from(impact)
            ));
            if response.clicked() {
                clicked = Some((likelihood, impact));
            }
        }
    }
    #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
    let bottom = rect.min.y + cell.y * rows as f32;
    for i in 0..cols {
        #[expect(clippy::cast_precision_loss, reason = "at most 10 levels")]
        let x = rect.min.x + axis + i as f32 * cell.x + cell.x / 2.0;
        painter.text(
            egui::pos2(x, bottom + 8.0),
            egui::Align2::CENTER_CENTER,
            format!("{}", i + 1),
            small.clone(),
            text,
        );
    }
    painter.text(
        egui::pos2(rect.min.x + axis, bottom + 22.0),
        egui::Align2::LEFT_CENTER,
        "Impact →   Likelihood ↑",
        small,
        ui.visuals().weak_text_color(),
    );
    clicked
}
