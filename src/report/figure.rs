//! Vector figures: a [`Figure`] is a box of [`Shape`]s in figure-local millimetres
//! (origin top-left, y grows downwards), plus builders for the charts the treatment
//! plan needs: a 5×5 risk heat map ([`Figure::risk_heat_maps`]), a grouped bar chart
//! with confidence-interval whiskers and a reference line
//! ([`Figure::grouped_bar_chart`]) and a horizontal bar chart
//! ([`Figure::horizontal_bar_chart`]).
//!
//! Builders measure their labels with the embedded font and shrink or elide them so
//! nothing overlaps; shapes added by hand are drawn as given (the renderer scales
//! the whole figure down if it is wider or taller than the page allows).

use serde::{Deserialize, Serialize};

use crate::report::doc::{Rgb, RiskBand, palette};
use crate::report::fonts::Face;

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
    face.metrics().width(text) * size_pt * MM_PER_PT
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

    /// One or more 5×5 risk heat maps side by side (e.g. inherent and residual), with
    /// a shared band legend. Cells are coloured by band and list the IDs of the risks
    /// they hold; axis labels name the likelihood and impact levels.
    #[must_use]
    pub fn risk_heat_maps(caption: impl Into<String>, maps: &[HeatMap]) -> Self {
        Self::heat_maps_in(caption, maps, if maps.len() <= 1 { 100.0 } else { 170.0 })
    }

    /// A single 5×5 risk heat map.
    #[must_use]
    pub fn risk_heat_map(caption: impl Into<String>, map: &HeatMap) -> Self {
        Self::risk_heat_maps(caption, std::slice::from_ref(map))
    }

    #[expect(clippy::too_many_lines, reason = "one linear drawing routine")]
    fn heat_maps_in(caption: impl Into<String>, maps: &[HeatMap], width: f32) -> Self {
        let n = maps.len().max(1);
        let gap = 8.0;
        #[expect(clippy::cast_precision_loss, reason = "small count")]
        let panel_w = (width - gap * (n as f32 - 1.0)) / n as f32;
        let label_w = (panel_w * 0.26).clamp(14.0, 26.0);
        let axis_title_w = 5.0;
        let cell = ((panel_w - label_w - axis_title_w - 1.0) / 5.0).clamp(6.0, 16.0);
        let title_h = 7.0;
        let grid_top = title_h;
        let grid_h = cell * 5.0;
        let tick_h = 9.0;
        let legend_y = grid_top + grid_h + tick_h + 8.0;
        let height = legend_y + 6.0;
        let mut fig = Figure::new(caption, width, height);

        for (mi, map) in maps.iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "small count")]
            let x0 = mi as f32 * (panel_w + gap);
            let grid_left = x0 + axis_title_w + label_w;
            let grid_w = cell * 5.0;
            // Title centred over the grid.
            let (title, ts) = fitted_label(&map.title, panel_w, 9.0, 6.5, true);
            fig.shapes.push(Shape::Text(
                TextShape::new(grid_left + grid_w / 2.0, 4.5, title, ts)
                    .bold()
                    .color(palette::NAVY)
                    .anchored(Anchor::Centre, VAnchor::Baseline),
            ));
            // Cells: likelihood 5 on top.
            let mut ids: Vec<Vec<&str>> = vec![Vec::new(); 25];
            for e in &map.entries {
                let l = usize::from(e.likelihood.clamp(1, 5)) - 1;
                let i = usize::from(e.impact.clamp(1, 5)) - 1;
                ids[l * 5 + i].push(e.id.as_str());
            }
            for l in 0..5u8 {
                for i in 0..5u8 {
                    let band = map.bands.map_or_else(
                        || RiskBand::from_score(l + 1, i + 1),
                        |b| b[usize::from(l)][usize::from(i)],
                    );
                    let cx = grid_left + f32::from(i) * cell;
                    let cy = grid_top + f32::from(4 - l) * cell;
                    let fill = map
                        .fills
                        .map_or_else(|| band.fill(), |f| f[usize::from(l)][usize::from(i)]);
                    fig.shapes.push(Shape::rect(
                        cx,
                        cy,
                        cell,
                        cell,
                        Some(fill),
                        Some(Stroke::solid(Rgb::WHITE, 1.2)),
                    ));
                    let cell_ids = &ids[usize::from(l) * 5 + usize::from(i)];
                    push_cell_ids(
                        &mut fig.shapes,
                        cell_ids,
                        cx,
                        cy,
                        cell,
                        fill.contrasting_text(),
                    );
                }
            }
            // Likelihood labels (left of rows) and axis title.
            let mut widest: f32 = 0.0;
            for l in 0..5u8 {
                let name = map
                    .likelihood_labels
                    .get(usize::from(l))
                    .map_or_else(|| format!("{}", l + 1), |s| format!("{} {s}", l + 1));
                let (txt, s) = fitted_label(&name, label_w - 1.5, 6.5, 5.0, false);
                widest = widest.max(text_w(&txt, s, false));
                fig.shapes.push(Shape::Text(
                    TextShape::new(
                        grid_left - 1.5,
                        grid_top + f32::from(4 - l) * cell + cell / 2.0,
                        txt,
                        s,
                    )
                    .anchored(Anchor::Right, VAnchor::Middle)
                    .color(palette::MUTED),
                ));
            }
            fig.shapes.push(Shape::Text(
                TextShape::new(
                    (grid_left - widest - 5.5).max(x0 + 2.5),
                    grid_top + grid_h / 2.0,
                    "Likelihood",
                    7.0,
                )
                .bold()
                .anchored(Anchor::Centre, VAnchor::Middle)
                .rotated(90.0),
            ));
            // Impact labels (below columns), on two lines when they are long.
            for i in 0..5u8 {
                let name = map
                    .impact_labels
                    .get(usize::from(i))
                    .map_or("", String::as_str);
                let cx = grid_left + f32::from(i) * cell + cell / 2.0;
                fig.shapes.push(Shape::Text(
                    TextShape::new(cx, grid_top + grid_h + 3.2, format!("{}", i + 1), 6.5)
                        .anchored(Anchor::Centre, VAnchor::Baseline)
                        .color(palette::MUTED),
                ));
                if !name.is_empty() {
                    let (txt, s) = fitted_label(name, cell - 0.6, 6.0, 4.5, false);
                    fig.shapes.push(Shape::Text(
                        TextShape::new(cx, grid_top + grid_h + 6.3, txt, s)
                            .anchored(Anchor::Centre, VAnchor::Baseline)
                            .color(palette::MUTED),
                    ));
                }
            }
            fig.shapes.push(Shape::Text(
                TextShape::new(
                    grid_left + grid_w / 2.0,
                    grid_top + grid_h + tick_h + 2.5,
                    "Impact",
                    7.0,
                )
                .bold()
                .anchored(Anchor::Centre, VAnchor::Baseline),
            ));
        }

        // Shared legend, centred.
        let items: Vec<(String, Rgb)> = match maps.first() {
            Some(map) if !map.legend.is_empty() => map.legend.clone(),
            _ => RiskBand::ALL
                .iter()
                .map(|b| (b.label().to_string(), b.fill()))
                .collect(),
        };
        push_legend(&mut fig.shapes, &items, None, width / 2.0, legend_y, true);
        fig
    }

    /// A grouped bar chart: one cluster per category, one bar per series, optional
    /// confidence-interval whiskers, a dashed horizontal reference line (threshold),
    /// value axis with ticks and gridlines, and a legend.
    #[must_use]
    #[expect(clippy::too_many_lines, reason = "one linear drawing routine")]
    pub fn grouped_bar_chart(caption: impl Into<String>, chart: &GroupedBarChart) -> Self {
        let width = 170.0;
        let height = 85.0;
        let mut fig = Figure::new(caption, width, height);
        let title_h = if chart.title.is_empty() { 2.0 } else { 7.0 };
        let legend_h = 7.0;
        let plot_top = title_h + legend_h;
        let cat_label_h = 9.0;
        let plot_bottom = height - cat_label_h;
        let axis_title_w = 6.0;

        // Data range.
        let mut lo = f32::INFINITY;
        let mut hi = f32::NEG_INFINITY;
        let mut take = |v: f32| {
            if v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        };
        for s in &chart.series {
            for v in &s.values {
                take(*v);
            }
            for [a, b] in s.ci.iter().flatten() {
                take(*a);
                take(*b);
            }
        }
        if let Some(r) = &chart.reference {
            take(r.value);
        }
        let (mut y0, mut y1) = match chart.y_range {
            Some([a, b]) if a.is_finite() && b.is_finite() && b > a => (a, b),
            _ if lo.is_finite() => (lo.min(0.0), if hi > 0.0 { hi * 1.08 } else { hi.max(1.0) }),
            _ => (0.0, 1.0),
        };
        if (y1 - y0).abs() < f32::EPSILON {
            y1 = y0 + 1.0;
        }
        let (t0, step, count) = nice_ticks(y0, y1, 5.0);
        if chart.y_range.is_none() {
            y0 = y0.min(t0);
            #[expect(clippy::cast_precision_loss, reason = "≤ 50 ticks")]
            let top = t0 + step * count as f32;
            y1 = y1.max(top);
        }
        let tick_labels: Vec<(f32, String)> = (0..=count)
            .map(|k| {
                #[expect(clippy::cast_precision_loss, reason = "≤ 50 ticks")]
                let v = t0 + step * k as f32;
                (v, fmt_num(v, chart.decimals))
            })
            .filter(|(v, _)| *v >= y0 - step * 1e-3 && *v <= y1 + step * 1e-3)
            .collect();
        let tick_w = tick_labels
            .iter()
            .map(|(_, s)| text_w(s, 6.5, false))
            .fold(0.0, f32::max);
        let plot_left = axis_title_w + tick_w + 2.5;
        let plot_right = width - 2.0;
        let plot_w = plot_right - plot_left;
        let plot_h = plot_bottom - plot_top;
        let ymap = |v: f32| plot_bottom - (v.clamp(y0, y1) - y0) / (y1 - y0) * plot_h;

        if !chart.title.is_empty() {
            let (t, s) = fitted_label(&chart.title, width, 9.0, 6.5, true);
            fig.shapes.push(Shape::Text(
                TextShape::new(0.0, 4.5, t, s).bold().color(palette::NAVY),
            ));
        }
        // Gridlines and tick labels.
        for (v, label) in &tick_labels {
            let y = ymap(*v);
            fig.shapes
                .push(Shape::line(plot_left, y, plot_right, y, grid_stroke()));
            fig.shapes
                .push(Shape::line(plot_left - 1.2, y, plot_left, y, axis_stroke()));
            fig.shapes.push(Shape::Text(
                TextShape::new(plot_left - 1.8, y, label.clone(), 6.5)
                    .anchored(Anchor::Right, VAnchor::Middle)
                    .color(palette::MUTED),
            ));
        }
        let (yl, ys) = fitted_label(&chart.y_label, plot_h, 7.0, 5.0, true);
        fig.shapes.push(Shape::Text(
            TextShape::new(2.5, plot_top + plot_h / 2.0, yl, ys)
                .bold()
                .anchored(Anchor::Centre, VAnchor::Middle)
                .rotated(90.0),
        ));

        // Bars.
        let n_cat = chart.categories.len().max(1);
        let n_ser = chart.series.len().max(1);
        #[expect(clippy::cast_precision_loss, reason = "small counts")]
        let (group_w, n_ser_f) = (plot_w / n_cat as f32, n_ser as f32);
        let bar_w = (group_w * 0.72 / n_ser_f).min(14.0);
        let cluster_w = bar_w * n_ser_f;
        let base = ymap(0.0f32.clamp(y0, y1));
        for (ci, cat) in chart.categories.iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "small counts")]
            let gx = plot_left + group_w * ci as f32;
            let start = gx + (group_w - cluster_w) / 2.0;
            for (si, s) in chart.series.iter().enumerate() {
                let color = palette::SERIES[si % palette::SERIES.len()];
                #[expect(clippy::cast_precision_loss, reason = "small counts")]
                let bx = start + bar_w * si as f32;
                if let Some(v) = s.values.get(ci).copied().filter(|v| v.is_finite()) {
                    let yv = ymap(v);
                    let (top, h) = if yv < base {
                        (yv, base - yv)
                    } else {
                        (base, yv - base)
                    };
                    fig.shapes.push(Shape::rect(
                        bx + 0.25,
                        top,
                        (bar_w - 0.5).max(0.3),
                        h.max(0.2),
                        Some(color),
                        Some(Stroke::solid(palette::INK, 0.3)),
                    ));
                }
                if let Some(Some([a, b])) = s.ci.get(ci)
                    && a.is_finite()
                    && b.is_finite()
                {
                    let (ya, yb) = (ymap(*a), ymap(*b));
                    let mx = bx + bar_w / 2.0;
                    let cap = (bar_w * 0.3).min(2.0);
                    // A white halo keeps the whisker visible over dark bars.
                    for st in [
                        Stroke::solid(Rgb::WHITE, 2.2),
                        Stroke::solid(palette::INK, 0.8),
                    ] {
                        fig.shapes.push(Shape::line(mx, ya, mx, yb, st.clone()));
                        fig.shapes
                            .push(Shape::line(mx - cap, ya, mx + cap, ya, st.clone()));
                        fig.shapes.push(Shape::line(mx - cap, yb, mx + cap, yb, st));
                    }
                }
            }
            let (t, s) = fitted_label(cat, group_w - 1.0, 7.0, 5.0, false);
            fig.shapes.push(Shape::Text(
                TextShape::new(gx + group_w / 2.0, plot_bottom + 4.0, t, s)
                    .anchored(Anchor::Centre, VAnchor::Baseline),
            ));
        }
        // Axes.
        fig.shapes.push(Shape::line(
            plot_left,
            plot_top,
            plot_left,
            plot_bottom,
            axis_stroke(),
        ));
        fig.shapes.push(Shape::line(
            plot_left,
            base,
            plot_right,
            base,
            axis_stroke(),
        ));

        // Reference line.
        let ref_stroke = Stroke::dashed(palette::BAND_VERY_HIGH, 1.0, &[4.0, 2.0]);
        if let Some(r) = &chart.reference
            && r.value.is_finite()
        {
            let y = ymap(r.value);
            fig.shapes
                .push(Shape::line(plot_left, y, plot_right, y, ref_stroke.clone()));
        }
        // Legend (top right).
        let items: Vec<(String, Rgb)> = chart
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), palette::SERIES[i % palette::SERIES.len()]))
            .collect();
        let reference = chart
            .reference
            .as_ref()
            .map(|r| (r.label.clone(), ref_stroke));
        push_legend(
            &mut fig.shapes,
            &items,
            reference,
            plot_right,
            title_h + 3.5,
            false,
        );
        fig
    }

    /// A horizontal bar chart with value labels, a value axis and an optional
    /// vertical reference line.
    #[must_use]
    #[expect(clippy::too_many_lines, reason = "one linear drawing routine")]
    pub fn horizontal_bar_chart(caption: impl Into<String>, chart: &HBarChart) -> Self {
        let width = 170.0;
        let row_h = 6.5;
        let title_h = if chart.title.is_empty() { 1.0 } else { 7.0 };
        #[expect(clippy::cast_precision_loss, reason = "small count")]
        let rows = chart.bars.len().max(1) as f32;
        let plot_top = title_h + 1.0;
        let plot_h = rows * row_h;
        let axis_h = 11.0;
        let height = plot_top + plot_h + axis_h;
        let mut fig = Figure::new(caption, width, height);

        let label_w = chart
            .bars
            .iter()
            .map(|b| text_w(&b.label, 7.5, false))
            .fold(0.0, f32::max)
            .clamp(10.0, width * 0.35);
        let plot_left = label_w + 3.0;
        let value_w = 14.0;
        let plot_right = width - value_w;
        let plot_w = plot_right - plot_left;

        let data_max = chart
            .bars
            .iter()
            .map(|b| b.value)
            .filter(|v| v.is_finite())
            .fold(0.0f32, f32::max);
        let ref_v = chart
            .reference
            .as_ref()
            .map(|r| r.value)
            .filter(|v| v.is_finite())
            .unwrap_or(0.0);
        let raw_max = chart
            .x_max
            .filter(|m| m.is_finite() && *m > 0.0)
            .unwrap_or(data_max.max(ref_v));
        let raw_max = if raw_max > 0.0 { raw_max } else { 1.0 };
        let (_, step, count) = nice_ticks(0.0, raw_max, 5.0);
        #[expect(clippy::cast_precision_loss, reason = "≤ 50 ticks")]
        let x_max = if chart.x_max.is_some() {
            raw_max
        } else {
            step * count as f32
        };
        let xmap = |v: f32| plot_left + v.clamp(0.0, x_max) / x_max * plot_w;

        if !chart.title.is_empty() {
            let (t, s) = fitted_label(&chart.title, width, 9.0, 6.5, true);
            fig.shapes.push(Shape::Text(
                TextShape::new(0.0, 4.5, t, s).bold().color(palette::NAVY),
            ));
        }
        let axis_y = plot_top + plot_h;
        for k in 0..=count {
            #[expect(clippy::cast_precision_loss, reason = "≤ 50 ticks")]
            let v = step * k as f32;
            if v > x_max + step * 1e-3 {
                break;
            }
            let x = xmap(v);
            fig.shapes
                .push(Shape::line(x, plot_top, x, axis_y, grid_stroke()));
            fig.shapes
                .push(Shape::line(x, axis_y, x, axis_y + 1.2, axis_stroke()));
            fig.shapes.push(Shape::Text(
                TextShape::new(x, axis_y + 4.2, fmt_num(v, chart.decimals), 6.5)
                    .anchored(Anchor::Centre, VAnchor::Baseline)
                    .color(palette::MUTED),
            ));
        }
        for (i, b) in chart.bars.iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "small count")]
            let y = plot_top + row_h * i as f32;
            let (t, s) = fitted_label(&b.label, label_w, 7.5, 5.5, false);
            fig.shapes.push(Shape::Text(
                TextShape::new(plot_left - 2.0, y + row_h / 2.0, t, s)
                    .anchored(Anchor::Right, VAnchor::Middle),
            ));
            if b.value.is_finite() {
                let x = xmap(b.value);
                let fill = b.color.unwrap_or(palette::NAVY);
                fig.shapes.push(Shape::rect(
                    plot_left,
                    y + row_h * 0.18,
                    (x - plot_left).max(0.2),
                    row_h * 0.64,
                    Some(fill),
                    Some(Stroke::solid(palette::INK, 0.3)),
                ));
                fig.shapes.push(Shape::Text(
                    TextShape::new(
                        x + 1.5,
                        y + row_h / 2.0,
                        fmt_num(b.value, chart.decimals),
                        7.0,
                    )
                    .anchored(Anchor::Left, VAnchor::Middle),
                ));
            }
        }
        fig.shapes.push(Shape::line(
            plot_left,
            plot_top,
            plot_left,
            axis_y,
            axis_stroke(),
        ));
        fig.shapes.push(Shape::line(
            plot_left,
            axis_y,
            plot_right,
            axis_y,
            axis_stroke(),
        ));
        let (xl, xs) = fitted_label(&chart.x_label, plot_w, 7.0, 5.0, true);
        fig.shapes.push(Shape::Text(
            TextShape::new(plot_left + plot_w / 2.0, axis_y + 9.0, xl, xs)
                .bold()
                .anchored(Anchor::Centre, VAnchor::Baseline),
        ));
        if let Some(r) = &chart.reference
            && r.value.is_finite()
        {
            let st = Stroke::dashed(palette::BAND_VERY_HIGH, 1.0, &[4.0, 2.0]);
            let x = xmap(r.value);
            fig.shapes
                .push(Shape::line(x, plot_top - 1.0, x, axis_y, st.clone()));
            push_legend(
                &mut fig.shapes,
                &[],
                Some((r.label.clone(), st)),
                width - 1.0,
                axis_y + 8.0,
                false,
            );
        }
        fig
    }
}

/// Writes the risk IDs of a heat-map cell, wrapped, with "+N" when they do not fit.
fn push_cell_ids(shapes: &mut Vec<Shape>, ids: &[&str], x: f32, y: f32, cell: f32, color: Rgb) {
    if ids.is_empty() {
        return;
    }
    let size = if cell >= 11.0 { 6.5 } else { 5.5 };
    let line_h = size * MM_PER_PT * 1.25;
    let max_w = cell - 1.2;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "small positive"
    )]
    let max_lines = ((cell - 1.0) / line_h).floor().max(1.0) as usize;
    let fits = |s: &str| text_w(s, size, true) <= max_w;
    // Greedy wrap of the (elided) IDs into lines of token lists.
    let tokens: Vec<String> = ids.iter().map(|id| elide(id, max_w, size, true)).collect();
    let mut lines: Vec<Vec<String>> = Vec::new();
    for t in &tokens {
        if let Some(cur) = lines.last_mut() {
            let candidate = format!("{} {t}", cur.join(" "));
            if fits(&candidate) {
                cur.push(t.clone());
                continue;
            }
        }
        lines.push(vec![t.clone()]);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let shown_before: usize = lines[..max_lines - 1].iter().map(Vec::len).sum();
        if let Some(last) = lines.last_mut() {
            loop {
                let hidden = tokens.len() - shown_before - last.len();
                let text = if last.is_empty() {
                    format!("+{hidden}")
                } else {
                    format!("{} +{hidden}", last.join(" "))
                };
                if fits(&text) || last.is_empty() {
                    *last = vec![text];
                    break;
                }
                last.pop();
            }
        }
    }
    let rendered: Vec<String> = lines.iter().map(|l| l.join(" ")).collect();
    #[expect(clippy::cast_precision_loss, reason = "few lines")]
    let block_h = line_h * rendered.len() as f32;
    let mut cy = y + (cell - block_h) / 2.0 + line_h / 2.0;
    for l in rendered {
        shapes.push(Shape::Text(
            TextShape::new(x + cell / 2.0, cy, l, size)
                .bold()
                .color(color)
                .anchored(Anchor::Centre, VAnchor::Middle),
        ));
        cy += line_h;
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

/// Millimetres per point of a bow-tie drawing.
const BOWTIE_MM_PER_PT: f32 = MM_PER_PT;

impl Figure {
    /// A bow-tie diagram: the same [`crate::model::bowtie::Drawing`] the SVG and PNG exports paint (boxes,
    /// wrapped labels, connectors, legend), converted from points to figure millimetres. The renderer scales
    /// the whole figure, text included, to the text block; put it on a landscape page for wide bow-ties.
    #[must_use]
    pub fn bow_tie(caption: impl Into<String>, drawing: &crate::model::bowtie::Drawing) -> Self {
        use crate::model::bowtie::{DrawItem, TextAnchor};
        let mm = |v: f32| v * BOWTIE_MM_PER_PT;
        let dash: Vec<f32> = crate::model::bowtie::draw::DASH.to_vec();
        let stroke = |colour: Rgb, width: f32, dashed: bool| Stroke {
            color: colour,
            width_pt: width,
            dash: if dashed { dash.clone() } else { Vec::new() },
        };
        let mut fig = Figure::new(caption, mm(drawing.width), mm(drawing.height));
        for item in &drawing.items {
            let shape = match item {
                DrawItem::Rect {
                    rect,
                    fill,
                    stroke: outline,
                    stroke_width,
                    radius,
                    dashed,
                } => Shape::Rect {
                    x: mm(rect.x),
                    y: mm(rect.y),
                    w: mm(rect.w),
                    h: mm(rect.h),
                    fill: Some(*fill),
                    stroke: Some(stroke(*outline, *stroke_width, *dashed)),
                    radius: mm(*radius),
                },
                DrawItem::Polyline {
                    points,
                    stroke: colour,
                    width,
                    dashed,
                } => Shape::Line {
                    points: points.iter().map(|p| [mm(p.x), mm(p.y)]).collect(),
                    stroke: stroke(*colour, *width, *dashed),
                },
                DrawItem::Text {
                    x,
                    y,
                    text,
                    size,
                    bold,
                    anchor,
                    colour,
                } => Shape::Text(TextShape {
                    x: mm(*x),
                    y: mm(*y),
                    text: text.clone(),
                    size_pt: *size,
                    bold: *bold,
                    anchor: match anchor {
                        TextAnchor::Start => Anchor::Left,
                        TextAnchor::Middle => Anchor::Centre,
                        TextAnchor::End => Anchor::Right,
                    },
                    vanchor: VAnchor::Baseline,
                    color: *colour,
                    rotation_deg: 0.0,
                }),
            };
            fig.shapes.push(shape);
        }
        fig
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice() {
        let (s, st, n) = nice_ticks(0.0, 0.93, 5.0);
        assert!((s - 0.0).abs() < 1e-6);
        assert!((st - 0.2).abs() < 1e-6);
        assert_eq!(n, 5);
        let (_, _, n) = nice_ticks(0.0, f32::MAX, 5.0);
        assert!(n <= 50);
    }

    #[test]
    fn builders_survive_degenerate_input() {
        let f = Figure::grouped_bar_chart("", &GroupedBarChart::default());
        assert!(f.width_mm > 0.0);
        let chart = GroupedBarChart {
            categories: vec!["a".into(), "b".into()],
            series: vec![BarSeries {
                name: "s".into(),
                values: vec![f32::NAN, f32::INFINITY],
                ci: vec![Some([f32::NAN, 1.0])],
            }],
            y_range: Some([1.0, 1.0]),
            ..Default::default()
        };
        let _ = Figure::grouped_bar_chart("x", &chart);
        let _ = Figure::horizontal_bar_chart("", &HBarChart::default());
        let _ = Figure::risk_heat_maps("", &[]);
        let many: Vec<HeatMapEntry> = (0..40)
            .map(|i| HeatMapEntry {
                id: format!("R{i}"),
                likelihood: 5,
                impact: 5,
            })
            .collect();
        let f = Figure::risk_heat_map(
            "",
            &HeatMap {
                entries: many,
                ..Default::default()
            },
        );
        assert!(
            f.shapes
                .iter()
                .any(|s| matches!(s, Shape::Text(t) if t.text.contains('+')))
        );
    }

    #[test]
    fn elide_shortens() {
        let s = elide("A very long label that cannot fit", 15.0, 7.0, false);
        assert!(s.ends_with('…'));
        assert!(text_w(&s, 7.0, false) <= 15.0 + 1e-3);
    }
}
