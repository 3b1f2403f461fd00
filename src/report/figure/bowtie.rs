//! A bow-tie diagram as a report figure: the drawing the SVG and PNG exports paint, in figure millimetres.

use crate::report::doc::Rgb;

use super::{Anchor, Figure, MM_PER_PT, Shape, Stroke, TextShape, VAnchor};

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
