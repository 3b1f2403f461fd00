//! The picture of a bow-tie as a flat list of drawing primitives, shared by every output.
//!
//! [`draw`] lays out a bow-tie ([`super::layout()`]) and turns it into a [`Drawing`]: styled rectangles,
//! polylines and single lines of text in points, with the title on top and the colour legend below. The SVG
//! export ([`super::to_svg`]), the PNG export (the SVG rasterised) and the PDF report figure all paint this
//! one list, so they agree to the point; the GUI canvas may paint it too, or use the layout directly for
//! hit-testing and paint the same styles.

use std::collections::{BTreeMap, BTreeSet};

use super::colour::{ColourBy, Colouring};
use super::layout::{BowTieLayout, BoxKind, ConnectorKind, LayoutOptions, Point, Rect, layout};
use super::set::{BowTie, BowTieSet};
use crate::model::palette::{self, Rgb};
use crate::model::text_metrics::{CAP_HEIGHT_EM, text_width};

/// What to show and how: colouring, collapsed branches, sizes, title and legend.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewOptions {
    /// The barrier attribute that colours barrier boxes.
    pub colour_by: ColourBy,
    /// Barrier ids whose escalation branches are collapsed.
    pub collapsed: BTreeSet<String>,
    /// Sizes and spacing.
    pub layout: LayoutOptions,
    /// Draw the title (id, title, linked risks) above the diagram.
    pub title: bool,
    /// Draw the colour legend below the diagram.
    pub legend: bool,
}

impl Default for ViewOptions {
    fn default() -> Self {
        Self {
            colour_by: ColourBy::default(),
            collapsed: BTreeSet::new(),
            layout: LayoutOptions::default(),
            title: true,
            legend: true,
        }
    }
}

/// Horizontal anchor of a text item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextAnchor {
    /// `x` is the left end.
    Start,
    /// `x` is the centre.
    Middle,
    /// `x` is the right end.
    End,
}

/// One drawing primitive, in points from the drawing's top-left corner.
#[derive(Clone, Debug, PartialEq)]
pub enum DrawItem {
    /// A filled, outlined rectangle.
    Rect {
        /// Where.
        rect: Rect,
        /// Fill.
        fill: Rgb,
        /// Outline colour.
        stroke: Rgb,
        /// Outline width.
        stroke_width: f32,
        /// Corner radius.
        radius: f32,
        /// Dashed outline (escalation-factor barriers).
        dashed: bool,
    },
    /// An open polyline.
    Polyline {
        /// Points in order.
        points: Vec<Point>,
        /// Colour.
        stroke: Rgb,
        /// Width.
        width: f32,
        /// Dashed (escalation connectors).
        dashed: bool,
    },
    /// One line of text, in Noto Sans.
    Text {
        /// Anchor x.
        x: f32,
        /// Baseline y.
        y: f32,
        /// The text.
        text: String,
        /// Font size.
        size: f32,
        /// Bold face.
        bold: bool,
        /// Horizontal anchor.
        anchor: TextAnchor,
        /// Colour.
        colour: Rgb,
    },
}

/// A complete picture: size, background and items painted in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawing {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// Background colour.
    pub background: Rgb,
    /// Items, painted in order.
    pub items: Vec<DrawItem>,
}

const MARGIN: f32 = 12.0;
const TITLE_SIZE: f32 = 11.0;
const SMALL_SIZE: f32 = 6.5;
/// Width of the striped outline of the hazard box.
const HAZARD_TAPE: f32 = 3.0;
/// Dash pattern (dash, gap) of dashed strokes, in points.
pub const DASH: [f32; 2] = [3.0, 2.0];

/// Lays out `bowtie` and draws it with `view`'s options.
///
/// ```
/// use riskbench::model::bowtie::{draw, example_set, ViewOptions};
/// let set = example_set();
/// let drawing = draw(&set, &set.diagrams[0], &ViewOptions::default());
/// assert!(drawing.width > 0.0 && !drawing.items.is_empty());
/// ```
#[must_use]
pub fn draw(set: &BowTieSet, bowtie: &BowTie, view: &ViewOptions) -> Drawing {
    let laid = layout(set, bowtie, &view.collapsed, &view.layout);
    draw_layout(set, bowtie, &laid, view)
}

fn baseline(line_top: f32, line_height: f32, size: f32) -> f32 {
    line_top + f32::midpoint(line_height, CAP_HEIGHT_EM * size)
}

/// Draws an existing layout (as computed by [`super::layout()`] with `view.layout`).
#[must_use]
pub fn draw_layout(
    set: &BowTieSet,
    bowtie: &BowTie,
    laid: &BowTieLayout,
    view: &ViewOptions,
) -> Drawing {
    let colouring = Colouring::new(view.colour_by, set.barriers_of(bowtie));
    let mut items = Vec::new();
    let mut y0 = MARGIN;
    let content_width = laid.bounds.w.max(320.0);
    if view.title {
        let title = format!("{} {}", bowtie.bowtie_id, bowtie.title)
            .trim()
            .to_owned();
        items.push(DrawItem::Text {
            x: MARGIN,
            y: baseline(y0, TITLE_SIZE * 1.3, TITLE_SIZE),
            text: title,
            size: TITLE_SIZE,
            bold: true,
            anchor: TextAnchor::Start,
            colour: palette::INK,
        });
        y0 += TITLE_SIZE * 1.3;
        if !bowtie.risk_ids.is_empty() {
            items.push(DrawItem::Text {
                x: MARGIN,
                y: baseline(y0, laid.line_height, laid.font_size),
                text: format!("Linked risks: {}", bowtie.risk_ids.join(", ")),
                size: laid.font_size,
                bold: false,
                anchor: TextAnchor::Start,
                colour: palette::MUTED,
            });
            y0 += laid.line_height;
        }
        y0 += 8.0;
    }
    let off = |p: Point| Point::new(p.x + MARGIN, p.y + y0);
    for c in &laid.connectors {
        let dashed = c.kind == ConnectorKind::Escalation;
        items.push(DrawItem::Polyline {
            points: c.points.iter().map(|p| off(*p)).collect(),
            stroke: palette::BOWTIE_LINE,
            width: if dashed { 0.8 } else { 1.2 },
            dashed,
        });
    }
    let mut places: BTreeMap<&str, usize> = BTreeMap::new();
    for b in &laid.boxes {
        let rect = Rect::new(b.rect.x + MARGIN, b.rect.y + y0, b.rect.w, b.rect.h);
        let barrier = b.target.barrier_id().and_then(|id| set.barrier(id));
        let (fill, radius, dashed, stroke_width) = match b.kind {
            BoxKind::Hazard => (palette::BOWTIE_HAZARD, 0.0, true, HAZARD_TAPE),
            BoxKind::TopEvent => (
                palette::BOWTIE_TOP_EVENT,
                rect.h.min(rect.w) / 2.0,
                false,
                1.4,
            ),
            BoxKind::Threat => (palette::BOWTIE_THREAT, 3.0, false, 1.0),
            BoxKind::Consequence => (palette::BOWTIE_CONSEQUENCE, 3.0, false, 1.0),
            BoxKind::EscalationFactor => (palette::BOWTIE_ESCALATION, 3.0, false, 0.8),
            BoxKind::PreventiveBarrier
            | BoxKind::MitigatingBarrier
            | BoxKind::EscalationBarrier => (
                barrier.map_or(palette::EFFECTIVENESS_UNKNOWN, |x| colouring.fill(x)),
                0.0,
                b.kind == BoxKind::EscalationBarrier,
                1.0,
            ),
        };
        if b.kind == BoxKind::Hazard {
            // Hazard tape: a yellow outline under a dashed dark one gives yellow and black stripes.
            items.push(DrawItem::Rect {
                rect,
                fill,
                stroke: palette::BOWTIE_HAZARD,
                stroke_width: HAZARD_TAPE,
                radius: 0.0,
                dashed: false,
            });
        }
        items.push(DrawItem::Rect {
            rect,
            fill,
            stroke: palette::BOWTIE_OUTLINE,
            stroke_width,
            radius,
            dashed,
        });
        let text_colour = fill.contrasting_text();
        #[expect(clippy::cast_precision_loss, reason = "at most max_lines lines")]
        let text_h = b.lines.len() as f32 * laid.line_height;
        let mut line_top = rect.y + (rect.h - text_h) / 2.0;
        for line in &b.lines {
            items.push(DrawItem::Text {
                x: rect.centre().x,
                y: baseline(line_top, laid.line_height, laid.font_size),
                text: line.clone(),
                size: laid.font_size,
                bold: b.bold,
                anchor: TextAnchor::Middle,
                colour: text_colour,
            });
            line_top += laid.line_height;
        }
        if b.hidden_escalations > 0 {
            badge(
                &mut items,
                rect,
                &format!("+{} EF", b.hidden_escalations),
                false,
            );
        }
        if let Some(id) = b.target.barrier_id() {
            let count = *places
                .entry(id)
                .or_insert_with(|| set.barrier_places(id).len());
            if count > 1 {
                badge(&mut items, rect, &format!("×{count}"), true);
            }
        }
    }
    let mut height = y0 + laid.bounds.h + MARGIN;
    if view.legend {
        height = legend(
            &mut items,
            &colouring,
            height + 4.0,
            content_width,
            laid.font_size,
        ) + MARGIN;
    }
    Drawing {
        width: content_width + 2.0 * MARGIN,
        height,
        background: palette::BOWTIE_BACKGROUND,
        items,
    }
}

/// A small label on a box corner: bottom-right (collapsed escalations) or top-right (shared barrier).
fn badge(items: &mut Vec<DrawItem>, rect: Rect, text: &str, top: bool) {
    let w = text_width(text, SMALL_SIZE, true) + 4.0;
    let h = SMALL_SIZE * 1.4;
    let x = rect.right() - w - 1.5;
    let y = if top {
        rect.y - h / 2.0
    } else {
        rect.bottom() - h / 2.0
    };
    items.push(DrawItem::Rect {
        rect: Rect::new(x, y, w, h),
        fill: palette::PAPER,
        stroke: palette::BOWTIE_OUTLINE,
        stroke_width: 0.6,
        radius: h / 2.0,
        dashed: false,
    });
    items.push(DrawItem::Text {
        x: x + w / 2.0,
        y: baseline(y, h, SMALL_SIZE),
        text: text.to_owned(),
        size: SMALL_SIZE,
        bold: true,
        anchor: TextAnchor::Middle,
        colour: palette::INK,
    });
}

/// Draws the legend from `top`, flowing within `width`; returns its bottom.
fn legend(
    items: &mut Vec<DrawItem>,
    colouring: &Colouring,
    top: f32,
    width: f32,
    size: f32,
) -> f32 {
    let line_h = size * 1.6;
    let title = format!("Barrier colour: {}", colouring.by.label());
    items.push(DrawItem::Text {
        x: MARGIN,
        y: baseline(top, line_h, size),
        text: title.clone(),
        size,
        bold: true,
        anchor: TextAnchor::Start,
        colour: palette::INK,
    });
    let swatch = size * 1.1;
    let mut x = MARGIN + text_width(&title, size, true) + 10.0;
    let mut y = top;
    for entry in colouring.legend() {
        let w = swatch + 4.0 + text_width(&entry.label, size, false) + 12.0;
        if x + w > MARGIN + width && x > MARGIN {
            x = MARGIN;
            y += line_h;
        }
        items.push(DrawItem::Rect {
            rect: Rect::new(x, y + (line_h - swatch) / 2.0, swatch, swatch),
            fill: entry.fill,
            stroke: palette::BOWTIE_OUTLINE,
            stroke_width: 0.6,
            radius: 0.0,
            dashed: false,
        });
        items.push(DrawItem::Text {
            x: x + swatch + 4.0,
            y: baseline(y, line_h, size),
            text: entry.label,
            size,
            bold: false,
            anchor: TextAnchor::Start,
            colour: palette::INK,
        });
        x += w;
    }
    y + line_h
}
