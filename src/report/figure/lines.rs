//! Line charts over windows: one or more panels side by side sharing the x axis (the window labels) and
//! one legend, each panel with its own value axis, a line per series with a dot per defined value,
//! interval whiskers where a series has bounds, and an optional dashed threshold line.

use crate::report::doc::{Rgb, palette};

use super::{
    Anchor, Figure, Shape, Stroke, TextShape, VAnchor, axis_stroke, fitted_label, fmt_num,
    grid_stroke, nice_ticks, push_legend, text_w,
};

/// A series of a window panel: one value per window, with optional interval bounds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WindowSeries {
    /// Legend label; series of different panels with the same label share a colour.
    pub label: String,
    /// One value per window (`None`: nothing drawn there).
    pub values: Vec<Option<f64>>,
    /// Lower bound per window (empty or `None`: no whisker).
    pub lower: Vec<Option<f64>>,
    /// Upper bound per window.
    pub upper: Vec<Option<f64>>,
}

/// One panel of a window chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WindowPanel {
    /// Title above the panel.
    pub title: String,
    /// Value-axis label.
    pub y_label: String,
    /// The series.
    pub series: Vec<WindowSeries>,
    /// A dashed threshold line at this value.
    pub threshold: Option<f64>,
    /// The value axis starts at 0 and ends at least here (1 for rates).
    pub y_min_top: f64,
}

/// Line colours, the first five distinct in greyscale too (dark navy to orange); past eight series they
/// repeat.
const COLOURS: [Rgb; 8] = [
    palette::NAVY,
    palette::BAND_HIGH,
    palette::ACCENT,
    palette::BAND_MEDIUM,
    palette::MUTED,
    Rgb::hex(0x6B_3FA0),
    Rgb::hex(0x4A_7FB0),
    Rgb::hex(0x8D_6E63),
];

/// Height of a legend row (mm).
const LEGEND_ROW: f32 = 4.5;

/// Splits legend items into rows that fit `width` (the last row also holds the threshold sample).
fn legend_rows(items: &[(String, Rgb)], width: f32) -> Vec<Vec<(String, Rgb)>> {
    let mut rows: Vec<Vec<(String, Rgb)>> = vec![Vec::new()];
    let mut used = 0.0;
    for item in items {
        let w = 3.2 + 1.2 + text_w(&item.0, 6.5, false) + 4.0;
        if used + w > width
            && let Some(last) = rows.last()
            && !last.is_empty()
        {
            rows.push(Vec::new());
            used = 0.0;
        }
        used += w;
        if let Some(last) = rows.last_mut() {
            last.push(item.clone());
        }
    }
    rows
}

#[expect(clippy::cast_possible_truncation, reason = "chart coordinates")]
fn f32_of(v: f64) -> f32 {
    v as f32
}

impl Figure {
    /// Panels of window line charts side by side, `width_mm` wide in all, with the legend of every series
    /// label (and the threshold line) on top and the window labels under each panel.
    #[must_use]
    #[expect(clippy::too_many_lines, reason = "one linear drawing routine")]
    pub fn window_panels(
        caption: impl Into<String>,
        windows: &[String],
        panels: &[WindowPanel],
        width_mm: f32,
        height_mm: f32,
    ) -> Self {
        let mut fig = Figure::new(caption, width_mm, height_mm);
        let mut labels: Vec<String> = Vec::new();
        for s in panels.iter().flat_map(|p| &p.series) {
            if !labels.contains(&s.label) {
                labels.push(s.label.clone());
            }
        }
        let colour_of = |label: &str| {
            let i = labels.iter().position(|l| l == label).unwrap_or(0);
            COLOURS[i % COLOURS.len()]
        };
        let items: Vec<(String, Rgb)> = labels.iter().map(|l| (l.clone(), colour_of(l))).collect();
        let threshold_line = panels.iter().any(|p| p.threshold.is_some()).then(|| {
            (
                "project threshold".to_owned(),
                Stroke::dashed(palette::BAND_VERY_HIGH, 0.8, &[2.0, 1.5]),
            )
        });
        let has_whiskers = panels
            .iter()
            .flat_map(|p| &p.series)
            .any(|s| s.lower.iter().any(Option::is_some));
        // Many groups: the legend takes several rows (leaving room for the threshold sample).
        let sample_w = threshold_line
            .as_ref()
            .map_or(0.0, |(l, _)| 7.0 + 1.2 + text_w(l, 6.5, false));
        let rows = legend_rows(&items, width_mm - sample_w);
        let last_row = rows.len().saturating_sub(1);
        for (r, row) in rows.iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "few rows")]
            let y = 3.0 + r as f32 * LEGEND_ROW;
            push_legend(
                &mut fig.shapes,
                row,
                if r == last_row {
                    threshold_line.clone()
                } else {
                    None
                },
                width_mm / 2.0,
                y,
                true,
            );
        }
        #[expect(clippy::cast_precision_loss, reason = "few rows")]
        let extra = last_row as f32 * LEGEND_ROW;
        if has_whiskers {
            fig.shapes.push(Shape::Text(
                TextShape::new(
                    width_mm / 2.0,
                    7.0 + extra,
                    "whiskers: confidence intervals",
                    5.5,
                )
                .anchored(Anchor::Centre, VAnchor::Middle)
                .color(palette::MUTED),
            ));
        }
        let n = windows.len();
        #[expect(clippy::cast_precision_loss, reason = "few panels")]
        let panel_w = width_mm / panels.len().max(1) as f32;
        fig.height_mm = height_mm + extra;
        let (top, bottom) = (15.0 + extra, fig.height_mm - 8.0);
        for (pi, panel) in panels.iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "few panels")]
            let x0 = pi as f32 * panel_w;
            let (left, right) = (x0 + 13.0, x0 + panel_w - 3.0);
            let (title, size) = fitted_label(&panel.title, right - left, 7.0, 5.5, true);
            fig.shapes.push(Shape::Text(
                TextShape::new(f32::midpoint(left, right), top - 3.0, title, size)
                    .bold()
                    .anchored(Anchor::Centre, VAnchor::Middle),
            ));
            // Value axis: from 0 to the largest value, bound or threshold (at least `y_min_top`).
            let hi = panel
                .series
                .iter()
                .flat_map(|s| s.values.iter().chain(&s.upper).flatten().copied())
                .chain(panel.threshold)
                .filter(|v| v.is_finite())
                .fold(panel.y_min_top, f64::max);
            let (_, step, count) = nice_ticks(0.0, f32_of(hi), 4.0);
            #[expect(clippy::cast_precision_loss, reason = "≤ 50 ticks")]
            let y_top = step * count as f32;
            let ymap = |v: f64| bottom - (f32_of(v) / y_top).clamp(0.0, 1.0) * (bottom - top);
            // Enough decimals for the step (0.25 needs two).
            let decimals = (0..4_u8)
                .find(|d| {
                    let scaled = step * 10f32.powi(i32::from(*d));
                    (scaled - scaled.round()).abs() < 1e-3
                })
                .unwrap_or(4);
            for k in 0..=count {
                #[expect(clippy::cast_precision_loss, reason = "≤ 50 ticks")]
                let v = step * k as f32;
                let y = ymap(f64::from(v));
                if k > 0 {
                    fig.shapes
                        .push(Shape::line(left, y, right, y, grid_stroke()));
                }
                fig.shapes.push(Shape::Text(
                    TextShape::new(left - 1.2, y, fmt_num(v, decimals), 5.5)
                        .anchored(Anchor::Right, VAnchor::Middle)
                        .color(palette::MUTED),
                ));
            }
            fig.shapes.push(Shape::Text(
                TextShape::new(
                    x0 + 3.0,
                    f32::midpoint(top, bottom),
                    panel.y_label.clone(),
                    6.0,
                )
                .anchored(Anchor::Centre, VAnchor::Middle)
                .rotated(90.0),
            ));
            fig.shapes
                .push(Shape::line(left, bottom, right, bottom, axis_stroke()));
            fig.shapes
                .push(Shape::line(left, top, left, bottom, axis_stroke()));
            if n == 0 {
                continue;
            }
            #[expect(clippy::cast_precision_loss, reason = "few windows")]
            let slot = (right - left) / n as f32;
            #[expect(clippy::cast_precision_loss, reason = "few windows")]
            let xmap = |i: usize| left + slot * (i as f32 + 0.5);
            // Every `every`-th window label, so labels do not overlap.
            let widest = windows
                .iter()
                .map(|l| text_w(l, 5.5, false))
                .fold(0.0_f32, f32::max)
                + 1.5;
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a small positive count"
            )]
            let every = ((widest / slot).ceil() as usize).max(1);
            for (i, label) in windows.iter().enumerate().step_by(every) {
                fig.shapes.push(Shape::line(
                    xmap(i),
                    bottom,
                    xmap(i),
                    bottom + 1.0,
                    axis_stroke(),
                ));
                fig.shapes.push(Shape::Text(
                    TextShape::new(xmap(i), bottom + 3.5, label.clone(), 5.5)
                        .anchored(Anchor::Centre, VAnchor::Middle),
                ));
            }
            if let Some(t) = panel.threshold {
                fig.shapes.push(Shape::line(
                    left,
                    ymap(t),
                    right,
                    ymap(t),
                    Stroke::dashed(palette::BAND_VERY_HIGH, 0.8, &[2.0, 1.5]),
                ));
            }
            let k = panel.series.len();
            for (si, s) in panel.series.iter().enumerate() {
                let colour = colour_of(&s.label);
                // Series side by side within a window so their whiskers do not hide each other.
                #[expect(clippy::cast_precision_loss, reason = "few series")]
                let dodge = (si as f32 - (k as f32 - 1.0) / 2.0) * (slot * 0.5 / k as f32).min(1.2);
                let mut run: Vec<[f32; 2]> = Vec::new();
                for i in 0..=n {
                    match s.values.get(i).copied().flatten().filter(|v| v.is_finite()) {
                        Some(v) if i < n => run.push([xmap(i) + dodge, ymap(v)]),
                        _ => {
                            if run.len() > 1 {
                                fig.shapes.push(Shape::Line {
                                    points: std::mem::take(&mut run),
                                    stroke: Stroke::solid(colour, 1.0),
                                });
                            }
                            run.clear();
                        }
                    }
                }
                for i in 0..n {
                    let x = xmap(i) + dodge;
                    let bounds = (
                        s.lower.get(i).copied().flatten(),
                        s.upper.get(i).copied().flatten(),
                    );
                    if let (Some(lo), Some(up)) = bounds
                        && lo.is_finite()
                        && up.is_finite()
                    {
                        let whisker = Stroke::solid(colour, 0.5);
                        fig.shapes
                            .push(Shape::line(x, ymap(lo), x, ymap(up), whisker.clone()));
                        for y in [ymap(lo), ymap(up)] {
                            fig.shapes
                                .push(Shape::line(x - 0.5, y, x + 0.5, y, whisker.clone()));
                        }
                    }
                    if let Some(v) = s.values.get(i).copied().flatten().filter(|v| v.is_finite()) {
                        fig.shapes.push(Shape::Circle {
                            cx: x,
                            cy: ymap(v),
                            r: 0.55,
                            fill: Some(colour),
                            stroke: None,
                        });
                    }
                }
            }
        }
        fig
    }
}
