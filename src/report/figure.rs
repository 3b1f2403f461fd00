//! Vector figures: a [`Figure`] is a box of [`Shape`]s in figure-local millimetres
//! (origin top-left, y grows downwards), plus builders for the charts the treatment
//! plan needs: a 5×5 risk heat map ([`Figure::risk_heat_maps`]), a grouped bar chart
//! with confidence-interval whiskers and a reference line
//! ([`Figure::grouped_bar_chart`]), a horizontal bar chart
//! ([`Figure::horizontal_bar_chart`]) and panels of line charts over time windows
//! ([`Figure::window_panels`]).
//!
//! Builders measure their labels with the embedded font and shrink or elide them so
//! nothing overlaps; shapes added by hand are drawn as given (the renderer scales
//! the whole figure down if it is wider or taller than the page allows).

use serde::{Deserialize, Serialize};

use crate::report::doc::{Rgb, RiskBand, palette};
use crate::report::fonts::Face;

mod bars;
mod bowtie;
mod heat_map;
mod lines;

pub use lines::{WindowPanel, WindowSeries};

/// Millimetres per PostScript point.
const MM_PER_PT: f32 = 25.4 / 72.0;

/// How a line is stroked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stroke {
    /// Colour.
    pub color: Rgb,
    /// Width in points.
    pub width_pt: f32,
    /// Dash pattern in points (dash, gap, …); empty for a solid line.
    #[serde(default)]
    pub dash: Vec<f32>,
}

impl Stroke {
    /// A solid stroke.
    #[must_use]
    pub fn solid(color: Rgb, width_pt: f32) -> Self {
        Self {
            color,
            width_pt,
            dash: Vec::new(),
        }
    }

    /// A dashed stroke.
    #[must_use]
    pub fn dashed(color: Rgb, width_pt: f32, dash: &[f32]) -> Self {
        Self {
            color,
            width_pt,
            dash: dash.to_vec(),
        }
    }
}

/// Horizontal anchor of a text shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Anchor {
    /// `x` is the left end of the text.
    #[default]
    Left,
    /// `x` is the centre of the text.
    Centre,
    /// `x` is the right end of the text.
    Right,
}

/// Vertical anchor of a text shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum VAnchor {
    /// `y` is the baseline.
    #[default]
    Baseline,
    /// `y` is the middle of the capital letters.
    Middle,
    /// `y` is the top of the capital letters.
    Top,
}

/// A text label in a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextShape {
    /// Anchor x (mm from the left of the figure).
    pub x: f32,
    /// Anchor y (mm from the top of the figure).
    pub y: f32,
    /// The text (one line).
    pub text: String,
    /// Font size in points.
    pub size_pt: f32,
    /// Bold face.
    #[serde(default)]
    pub bold: bool,
    /// Horizontal anchor.
    #[serde(default)]
    pub anchor: Anchor,
    /// Vertical anchor.
    #[serde(default)]
    pub vanchor: VAnchor,
    /// Colour.
    pub color: Rgb,
    /// Counter-clockwise rotation in degrees about the anchor (90 reads bottom-up).
    #[serde(default)]
    pub rotation_deg: f32,
}

impl TextShape {
    /// A left-aligned, baseline-anchored label in body ink.
    #[must_use]
    pub fn new(x: f32, y: f32, text: impl Into<String>, size_pt: f32) -> Self {
        Self {
            x,
            y,
            text: text.into(),
            size_pt,
            bold: false,
            anchor: Anchor::Left,
            vanchor: VAnchor::Baseline,
            color: palette::INK,
            rotation_deg: 0.0,
        }
    }

    /// Sets the anchors.
    #[must_use]
    pub fn anchored(mut self, anchor: Anchor, vanchor: VAnchor) -> Self {
        self.anchor = anchor;
        self.vanchor = vanchor;
        self
    }

    /// Makes the text bold.
    #[must_use]
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    /// Sets the colour.
    #[must_use]
    pub fn color(mut self, color: Rgb) -> Self {
        self.color = color;
        self
    }

    /// Sets the rotation (counter-clockwise degrees).
    #[must_use]
    pub fn rotated(mut self, deg: f32) -> Self {
        self.rotation_deg = deg;
        self
    }
}

/// A drawing primitive. Coordinates are millimetres from the figure's top-left corner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Shape {
    /// A rectangle, optionally with rounded corners.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        fill: Option<Rgb>,
        /// Outline.
        stroke: Option<Stroke>,
        /// Corner radius in mm (0 for square corners).
        #[serde(default)]
        radius: f32,
    },
    /// An open polyline (two points make a line).
    Line {
        /// Points `[x, y]`.
        points: Vec<[f32; 2]>,
        /// Stroke.
        stroke: Stroke,
    },
    /// A closed polygon.
    Polygon {
        /// Points `[x, y]`.
        points: Vec<[f32; 2]>,
        /// Fill colour.
        fill: Option<Rgb>,
        /// Outline.
        stroke: Option<Stroke>,
    },
    /// A circle.
    Circle {
        /// Centre x.
        cx: f32,
        /// Centre y.
        cy: f32,
        /// Radius.
        r: f32,
        /// Fill colour.
        fill: Option<Rgb>,
        /// Outline.
        stroke: Option<Stroke>,
    },
    /// A single line of text.
    Text(TextShape),
}

impl Shape {
    /// A filled rectangle with an optional outline.
    #[must_use]
    pub fn rect(x: f32, y: f32, w: f32, h: f32, fill: Option<Rgb>, stroke: Option<Stroke>) -> Self {
        Shape::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
            radius: 0.0,
        }
    }

    /// A straight line.
    #[must_use]
    pub fn line(x1: f32, y1: f32, x2: f32, y2: f32, stroke: Stroke) -> Self {
        Shape::Line {
            points: vec![[x1, y1], [x2, y2]],
            stroke,
        }
    }
}

/// A vector figure with a numbered caption ("Figure N: caption") printed below it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Caption (may be empty).
    pub caption: String,
    /// Width in mm (scaled down if wider than the text block).
    pub width_mm: f32,
    /// Height in mm (scaled down if taller than the page allows).
    pub height_mm: f32,
    /// Shapes, painted in order.
    pub shapes: Vec<Shape>,
}

/// One 5×5 risk matrix.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HeatMap {
    /// Title above the grid ("Inherent risk").
    pub title: String,
    /// Likelihood level names, level 1 first (fewer than five fall back to numbers).
    pub likelihood_labels: Vec<String>,
    /// Impact level names, level 1 first.
    pub impact_labels: Vec<String>,
    /// Band of each cell, indexed `[likelihood - 1][impact - 1]`; `None` uses
    /// [`RiskBand::from_score`].
    #[serde(default)]
    pub bands: Option<[[RiskBand; 5]; 5]>,
    /// Fill of each cell from the project's own bands, indexed like `bands`; overrides `bands`.
    #[serde(default)]
    pub fills: Option<[[Rgb; 5]; 5]>,
    /// Legend entries (band name and fill) for `fills`; the first map's legend is drawn under the maps.
    #[serde(default)]
    pub legend: Vec<(String, Rgb)>,
    /// Risks to place.
    pub entries: Vec<HeatMapEntry>,
}

/// A risk placed on a heat map.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HeatMapEntry {
    /// Short identifier shown in the cell ("R7").
    pub id: String,
    /// Likelihood 1–5 (clamped).
    pub likelihood: u8,
    /// Impact 1–5 (clamped).
    pub impact: u8,
}

/// A series of a grouped bar chart.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BarSeries {
    /// Legend name.
    pub name: String,
    /// One value per category (non-finite values are not drawn).
    pub values: Vec<f32>,
    /// Optional confidence interval `[low, high]` per category.
    #[serde(default)]
    pub ci: Vec<Option<[f32; 2]>>,
}

/// A horizontal reference line (threshold).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReferenceLine {
    /// Value on the value axis.
    pub value: f32,
    /// Legend label ("Threshold 0.80").
    pub label: String,
}

/// A grouped (clustered) vertical bar chart.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GroupedBarChart {
    /// Title inside the figure (may be empty).
    pub title: String,
    /// Value-axis label.
    pub y_label: String,
    /// Category names (x axis).
    pub categories: Vec<String>,
    /// Series.
    pub series: Vec<BarSeries>,
    /// Optional reference line.
    #[serde(default)]
    pub reference: Option<ReferenceLine>,
    /// Value-axis range; `None` derives it from the data.
    #[serde(default)]
    pub y_range: Option<[f32; 2]>,
    /// Decimals of the tick labels.
    #[serde(default)]
    pub decimals: u8,
}

/// A bar of a horizontal bar chart.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HBar {
    /// Label left of the bar.
    pub label: String,
    /// Value (non-finite values are not drawn).
    pub value: f32,
    /// Fill; `None` uses the brand colour.
    #[serde(default)]
    pub color: Option<Rgb>,
}

/// A simple horizontal bar chart.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HBarChart {
    /// Title inside the figure (may be empty).
    pub title: String,
    /// Value-axis label.
    pub x_label: String,
    /// Bars, top to bottom.
    pub bars: Vec<HBar>,
    /// Value-axis maximum; `None` derives it from the data.
    #[serde(default)]
    pub x_max: Option<f32>,
    /// Optional vertical reference line.
    #[serde(default)]
    pub reference: Option<ReferenceLine>,
    /// Decimals of the value labels.
    #[serde(default)]
    pub decimals: u8,
}

/// Width of `text` in mm at `size_pt`.
fn text_w(text: &str, size_pt: f32, bold: bool) -> f32 {
    let face = if bold { Face::Bold } else { Face::Regular };
    face.width(text) * size_pt * MM_PER_PT
}

/// Largest size ≤ `size_pt` (not below `min_pt`) at which `text` fits `max_w`.
fn fit_size(text: &str, max_w: f32, size_pt: f32, min_pt: f32, bold: bool) -> f32 {
    let w = text_w(text, size_pt, bold);
    if w <= max_w || w <= 0.0 {
        size_pt
    } else {
        (size_pt * max_w / w).max(min_pt)
    }
}

/// `text` cut with an ellipsis so it fits `max_w` at `size_pt`.
fn elide(text: &str, max_w: f32, size_pt: f32, bold: bool) -> String {
    if text_w(text, size_pt, bold) <= max_w {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if text_w(&format!("{out}…"), size_pt, bold) > max_w {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

/// Label fitted into `max_w`: shrunk down to `min_pt`, then elided.
fn fitted_label(text: &str, max_w: f32, size_pt: f32, min_pt: f32, bold: bool) -> (String, f32) {
    let s = fit_size(text, max_w, size_pt, min_pt, bold);
    (elide(text, max_w, s, bold), s)
}

/// "Nice" axis ticks covering `[lo, hi]`: returns (start, step, count).
fn nice_ticks(lo: f32, hi: f32, target: f32) -> (f32, f32, usize) {
    let span = (hi - lo).abs().max(f32::EPSILON);
    let raw = span / target.max(1.0);
    let mag = 10f32.powf(raw.log10().floor());
    let norm = raw / mag;
    let step = mag
        * if norm <= 1.0 {
            1.0
        } else if norm <= 2.0 {
            2.0
        } else if norm <= 2.5 {
            2.5
        } else if norm <= 5.0 {
            5.0
        } else {
            10.0
        };
    let start = (lo / step).floor() * step;
    let end = (hi / step).ceil() * step;
    let count = ((end - start) / step).round();
    // Clamp to a sane number of ticks whatever the input.
    let count = if count.is_finite() {
        count.clamp(1.0, 50.0)
    } else {
        1.0
    };
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to 1..=50"
    )]
    (start, step, count as usize)
}

fn fmt_num(v: f32, decimals: u8) -> String {
    let v = if v.abs() < 1e-9 { 0.0 } else { v };
    format!("{v:.prec$}", prec = usize::from(decimals.min(6)))
}

fn axis_stroke() -> Stroke {
    Stroke::solid(palette::INK, 0.6)
}

fn grid_stroke() -> Stroke {
    Stroke::solid(palette::RULE, 0.4)
}

impl Figure {
    /// An empty figure of the given size, to fill with shapes.
    #[must_use]
    pub fn new(caption: impl Into<String>, width_mm: f32, height_mm: f32) -> Self {
        Self {
            caption: caption.into(),
            width_mm,
            height_mm,
            shapes: Vec::new(),
        }
    }

    /// Adds a shape.
    #[must_use]
    pub fn with(mut self, shape: Shape) -> Self {
        self.shapes.push(shape);
        self
    }
}

/// A one-line legend: swatches with labels, then an optional line sample. Anchored at
/// its centre (`centred`) or right end (`!centred`) at `(x, y)` (y = middle).
fn push_legend(
    shapes: &mut Vec<Shape>,
    items: &[(String, Rgb)],
    line: Option<(String, Stroke)>,
    x: f32,
    y: f32,
    centred: bool,
) {
    let size = 6.5;
    let sw = 3.2;
    let gap = 4.0;
    let mut total = 0.0;
    let widths: Vec<f32> = items
        .iter()
        .map(|(l, _)| sw + 1.2 + text_w(l, size, false))
        .collect();
    for w in &widths {
        total += w + gap;
    }
    let line_w = line
        .as_ref()
        .map_or(0.0, |(l, _)| 7.0 + 1.2 + text_w(l, size, false));
    total += line_w;
    if line.is_none() && total > 0.0 {
        total -= gap;
    }
    let mut cx = if centred { x - total / 2.0 } else { x - total };
    for ((label, color), w) in items.iter().zip(&widths) {
        shapes.push(Shape::rect(
            cx,
            y - sw / 2.0,
            sw,
            sw,
            Some(*color),
            Some(Stroke::solid(palette::INK, 0.3)),
        ));
        shapes.push(Shape::Text(
            TextShape::new(cx + sw + 1.2, y, label.clone(), size)
                .anchored(Anchor::Left, VAnchor::Middle),
        ));
        cx += w + gap;
    }
    if let Some((label, stroke)) = line {
        shapes.push(Shape::line(cx, y, cx + 7.0, y, stroke));
        shapes.push(Shape::Text(
            TextShape::new(cx + 8.2, y, label, size).anchored(Anchor::Left, VAnchor::Middle),
        ));
    }
}

#[cfg(test)]
mod tests;
