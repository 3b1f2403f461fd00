//! Automatic layout of a fishbone: a pure function from the model to boxes, bones and a bounding box, and its
//! [`Drawing`] for the GUI, the SVG/PNG export (the bow-tie's exporter) and the PDF figure.
//!
//! Coordinates are points, origin top-left, y downwards. The spine runs left to right into the effect (the
//! head). The eight ML categories are bones in eight columns: Data, Model, Code/Pipeline and Infrastructure
//! above the spine, People, Process, Measurement and Environment below. Each column holds its category box at
//! the far end and its causes stacked towards the spine, each sub-cause indented under its cause; a cause's
//! connector runs right to the bone. Columns never share horizontal space and boxes within a column never
//! share vertical space, so nothing overlaps however many causes there are.

use super::{Fishbone, FishboneCategory};
use crate::model::bowtie::{DrawItem, Drawing, LayoutOptions, Point, Rect, TextAnchor};
use crate::model::palette;
use crate::model::text_metrics::{CAP_HEIGHT_EM, wrap};

/// What a box stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FishTarget {
    /// The effect at the head.
    Effect,
    /// A category label at the end of a bone.
    Category(FishboneCategory),
    /// A cause (or sub-cause) by id.
    Cause(String),
}

/// One box with its wrapped text.
#[derive(Clone, Debug, PartialEq)]
pub struct FishBox {
    /// What it is.
    pub target: FishTarget,
    /// Where.
    pub rect: Rect,
    /// Text lines.
    pub lines: Vec<String>,
    /// The cause links to a barrier or an FMEA row (drawn highlighted).
    pub linked: bool,
}

/// The laid-out fishbone.
#[derive(Clone, Debug, PartialEq)]
pub struct FishboneLayout {
    /// Boxes: the effect, the eight categories, then causes in column order.
    pub boxes: Vec<FishBox>,
    /// Lines: the spine first, then bones, then cause connectors.
    pub lines: Vec<Vec<Point>>,
    /// Width and height of the whole picture.
    pub size: Point,
    /// The y of the spine.
    pub spine_y: f32,
    /// Font size and line height used.
    pub font_size: f32,
    /// Line height.
    pub line_height: f32,
}

impl FishboneLayout {
    /// The box of `target`.
    #[must_use]
    pub fn find(&self, target: &FishTarget) -> Option<&FishBox> {
        self.boxes.iter().find(|b| b.target == *target)
    }

    /// The box under `p`, causes first.
    #[must_use]
    pub fn hit(&self, p: Point) -> Option<&FishBox> {
        self.boxes.iter().rev().find(|b| b.rect.contains(p))
    }
}

const MARGIN: f32 = 12.0;
const CAUSE_WIDTH: f32 = 120.0;
const SUB_INDENT: f32 = 14.0;
const BONE_GAP: f32 = 26.0;
const ROW_GAP: f32 = 6.0;
const SPINE_GAP: f32 = 18.0;
const HEAD_WIDTH: f32 = 130.0;

fn text_box(text: &str, width: f32, o: &LayoutOptions, bold: bool) -> (Vec<String>, f32) {
    let lines = wrap(
        text,
        width - 2.0 * o.padding,
        o.font_size,
        bold,
        o.max_lines,
    );
    #[expect(clippy::cast_precision_loss, reason = "a handful of lines")]
    let h = lines.len() as f32 * o.line_height() + 2.0 * o.padding;
    (lines, h)
}

/// One box of a column's stack, before it is placed.
struct Item {
    target: FishTarget,
    lines: Vec<String>,
    h: f32,
    indent: f32,
    linked: bool,
    parent_row: Option<usize>,
}

/// Lays out `fish` with the sizes of `o` (the bow-tie's options: font, padding, most lines per box).
///
/// ```
/// use riskbench::model::bowtie::LayoutOptions;
/// use riskbench::model::incident::{Fishbone, FishboneCategory};
/// use riskbench::model::incident::fishbone_layout::layout;
/// let mut fish = Fishbone { effect: "FPR jump".into(), causes: vec![] };
/// fish.add(FishboneCategory::Data, None, "Dialect under-sampled");
/// let laid = layout(&fish, &LayoutOptions::default());
/// assert_eq!(laid.boxes.len(), 1 + 8 + 1);
/// ```
#[must_use]
pub fn layout(fish: &Fishbone, o: &LayoutOptions) -> FishboneLayout {
    let col_w = SUB_INDENT + CAUSE_WIDTH + BONE_GAP;
    let mut columns: Vec<Vec<Item>> = Vec::new();
    for cat in FishboneCategory::ALL {
        let mut items = Vec::new();
        for c in fish.on_bone(cat) {
            let (lines, h) = text_box(&c.text, CAUSE_WIDTH, o, false);
            let row = items.len();
            items.push(Item {
                target: FishTarget::Cause(c.cause_id.clone()),
                lines,
                h,
                indent: 0.0,
                linked: c.barrier_id.is_some() || c.fmea_row.is_some(),
                parent_row: None,
            });
            for s in fish.sub_causes(&c.cause_id) {
                let (lines, h) = text_box(&s.text, CAUSE_WIDTH - SUB_INDENT, o, false);
                items.push(Item {
                    target: FishTarget::Cause(s.cause_id.clone()),
                    lines,
                    h,
                    indent: SUB_INDENT,
                    linked: s.barrier_id.is_some() || s.fmea_row.is_some(),
                    parent_row: Some(row),
                });
            }
        }
        columns.push(items);
    }
    let cat_h = FishboneCategory::ALL
        .iter()
        .map(|c| text_box(c.label(), CAUSE_WIDTH, o, true).1)
        .fold(0.0_f32, f32::max);
    let stack_h = |items: &Vec<Item>| -> f32 { items.iter().map(|i| i.h + ROW_GAP).sum::<f32>() };
    let upper_h = columns[..4].iter().map(stack_h).fold(0.0_f32, f32::max);
    let lower_h = columns[4..].iter().map(stack_h).fold(0.0_f32, f32::max);
    let spine_y = MARGIN + cat_h + ROW_GAP + upper_h + SPINE_GAP;
    let mut boxes = Vec::new();
    let mut lines: Vec<Vec<Point>> = Vec::new();
    let spine_end = MARGIN + 4.0 * col_w + BONE_GAP;
    let (head_lines, head_h) = text_box(&fish.effect, HEAD_WIDTH, o, true);
    let head_rect = Rect::new(spine_end, spine_y - head_h / 2.0, HEAD_WIDTH, head_h);
    lines.push(vec![
        Point::new(MARGIN, spine_y),
        Point::new(spine_end, spine_y),
    ]);
    boxes.push(FishBox {
        target: FishTarget::Effect,
        rect: head_rect,
        lines: head_lines,
        linked: false,
    });
    let mut cause_boxes = Vec::new();
    let mut connectors = Vec::new();
    for (i, cat) in FishboneCategory::ALL.iter().enumerate() {
        let upper = i < 4;
        #[expect(clippy::cast_precision_loss, reason = "column index below 8")]
        let x0 = MARGIN + (i % 4) as f32 * col_w;
        let bone_x = x0 + SUB_INDENT + CAUSE_WIDTH + BONE_GAP / 2.0;
        let (label_lines, _) = text_box(cat.label(), CAUSE_WIDTH, o, true);
        let label_y = if upper {
            MARGIN
        } else {
            spine_y + SPINE_GAP + lower_h + ROW_GAP
        };
        let label_rect = Rect::new(x0 + SUB_INDENT, label_y, CAUSE_WIDTH, cat_h);
        boxes.push(FishBox {
            target: FishTarget::Category(*cat),
            rect: label_rect,
            lines: label_lines,
            linked: false,
        });
        // The bone: from the label's inner edge, slanting to meet the spine a little to the right.
        let bone_start = if upper {
            Point::new(label_rect.centre().x, label_rect.bottom())
        } else {
            Point::new(label_rect.centre().x, label_rect.y)
        };
        let bone_knee = Point::new(
            bone_x,
            if upper {
                label_rect.bottom() + ROW_GAP / 2.0
            } else {
                label_rect.y - ROW_GAP / 2.0
            },
        );
        lines.push(vec![bone_start, bone_knee, Point::new(bone_x, spine_y)]);
        // Causes: upper side stacked from the spine upwards, lower side from the spine downwards.
        let mut y = if upper {
            spine_y - SPINE_GAP
        } else {
            spine_y + SPINE_GAP
        };
        let mut rects: Vec<Rect> = Vec::new();
        for item in &columns[i] {
            let top = if upper { y - item.h } else { y };
            let rect = Rect::new(
                x0 + SUB_INDENT + item.indent,
                top,
                CAUSE_WIDTH - item.indent,
                item.h,
            );
            y = if upper {
                top - ROW_GAP
            } else {
                top + item.h + ROW_GAP
            };
            rects.push(rect);
            let mid = rect.centre().y;
            match item.parent_row.and_then(|r| rects.get(r)) {
                None => {
                    connectors.push(vec![Point::new(rect.right(), mid), Point::new(bone_x, mid)]);
                }
                Some(parent) => {
                    let px = parent.x + SUB_INDENT / 2.0;
                    let py = if upper { parent.y } else { parent.bottom() };
                    connectors.push(vec![
                        Point::new(px, py),
                        Point::new(px, mid),
                        Point::new(rect.x, mid),
                    ]);
                }
            }
            cause_boxes.push(FishBox {
                target: item.target.clone(),
                rect,
                lines: item.lines.clone(),
                linked: item.linked,
            });
        }
    }
    lines.extend(connectors);
    boxes.extend(cause_boxes);
    let width = head_rect.right() + MARGIN;
    let height = spine_y + SPINE_GAP + lower_h + ROW_GAP + cat_h + MARGIN;
    FishboneLayout {
        boxes,
        lines,
        size: Point::new(width, height.max(head_rect.bottom() + MARGIN)),
        spine_y,
        font_size: o.font_size,
        line_height: o.line_height(),
    }
}

fn baseline(line_top: f32, line_height: f32, size: f32) -> f32 {
    line_top + f32::midpoint(line_height, CAP_HEIGHT_EM * size)
}

/// Lays out and draws the fishbone: lines behind boxes, the effect in the top-event colour, categories in
/// the threat colour, causes linked to a failed barrier or FMEA row in the consequence colour.
#[must_use]
pub fn draw(fish: &Fishbone, o: &LayoutOptions) -> Drawing {
    let laid = layout(fish, o);
    draw_layout(&laid, o)
}

/// Draws a layout made by [`layout`].
#[must_use]
pub fn draw_layout(laid: &FishboneLayout, o: &LayoutOptions) -> Drawing {
    let mut items = Vec::new();
    for (i, points) in laid.lines.iter().enumerate() {
        items.push(DrawItem::Polyline {
            points: points.clone(),
            stroke: palette::BOWTIE_OUTLINE,
            width: if i == 0 {
                2.5
            } else if i <= 8 {
                1.4
            } else {
                0.8
            },
            dashed: false,
        });
    }
    for b in &laid.boxes {
        let (fill, text_colour, bold) = match &b.target {
            FishTarget::Effect => (palette::BOWTIE_TOP_EVENT, palette::Rgb::WHITE, true),
            FishTarget::Category(_) => (palette::BOWTIE_THREAT, palette::INK, true),
            FishTarget::Cause(_) if b.linked => (palette::BOWTIE_CONSEQUENCE, palette::INK, false),
            FishTarget::Cause(_) => (palette::PAPER, palette::INK, false),
        };
        items.push(DrawItem::Rect {
            rect: b.rect,
            fill,
            stroke: palette::BOWTIE_OUTLINE,
            stroke_width: 0.8,
            radius: 3.0,
            dashed: false,
        });
        for (k, line) in b.lines.iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "a handful of lines")]
            let top = b.rect.y + o.padding + k as f32 * laid.line_height;
            items.push(DrawItem::Text {
                x: b.rect.centre().x,
                y: baseline(top, laid.line_height, laid.font_size),
                text: line.clone(),
                size: laid.font_size,
                bold,
                anchor: TextAnchor::Middle,
                colour: text_colour,
            });
        }
    }
    Drawing {
        width: laid.size.x,
        height: laid.size.y,
        background: palette::BOWTIE_BACKGROUND,
        items,
    }
}
