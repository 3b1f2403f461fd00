//! Paints a core [`Drawing`] (fishbone, 5 Whys, timeline) with the egui painter at a zoom and an origin, so
//! the screen shows exactly what the SVG, PNG and PDF show.

use egui::{Align2, Pos2, Stroke};

use super::super::theme;
use crate::model::bowtie::{DrawItem, Drawing, Point, TextAnchor};

/// Maps layout points to screen points.
#[derive(Clone, Copy, Debug)]
pub(super) struct View {
    /// Screen position of the layout origin.
    pub origin: Pos2,
    /// Screen points per layout point.
    pub zoom: f32,
}

impl View {
    /// A layout point on screen.
    pub fn to_screen(self, p: Point) -> Pos2 {
        Pos2::new(
            self.origin.x + p.x * self.zoom,
            self.origin.y + p.y * self.zoom,
        )
    }

    /// A layout rectangle on screen.
    pub fn rect(self, r: crate::model::bowtie::Rect) -> egui::Rect {
        egui::Rect::from_min_max(
            self.to_screen(Point::new(r.x, r.y)),
            self.to_screen(Point::new(r.right(), r.bottom())),
        )
    }
}

/// Paints every item of `drawing` (background included).
pub(super) fn paint_drawing(painter: &egui::Painter, drawing: &Drawing, view: View) {
    let bg = egui::Rect::from_min_size(
        view.origin,
        egui::vec2(drawing.width * view.zoom, drawing.height * view.zoom),
    );
    painter.rect_filled(bg, 0.0, theme::color(drawing.background));
    for item in &drawing.items {
        match item {
            DrawItem::Rect {
                rect,
                fill,
                stroke,
                stroke_width,
                radius,
                ..
            } => {
                let r = view.rect(*rect);
                painter.rect_filled(r, radius * view.zoom, theme::color(*fill));
                painter.rect_stroke(
                    r,
                    radius * view.zoom,
                    Stroke::new(stroke_width * view.zoom.sqrt(), theme::color(*stroke)),
                    egui::StrokeKind::Inside,
                );
            }
            DrawItem::Polyline {
                points,
                stroke,
                width,
                dashed,
            } => {
                let pts: Vec<Pos2> = points.iter().map(|p| view.to_screen(*p)).collect();
                let s = Stroke::new(width * view.zoom.sqrt(), theme::color(*stroke));
                if *dashed {
                    painter.extend(egui::Shape::dashed_line(&pts, s, 4.0, 3.0));
                } else {
                    painter.add(egui::Shape::line(pts, s));
                }
            }
            DrawItem::Text {
                x,
                y,
                text,
                size,
                bold,
                anchor,
                colour,
            } => {
                let align = match anchor {
                    TextAnchor::Start => Align2::LEFT_BOTTOM,
                    TextAnchor::Middle => Align2::CENTER_BOTTOM,
                    TextAnchor::End => Align2::RIGHT_BOTTOM,
                };
                // The drawing gives the baseline; egui anchors the glyph box, so drop by the descent.
                let p = view.to_screen(Point::new(*x, *y + size * 0.25));
                painter.text(
                    p,
                    align,
                    text,
                    theme::bowtie_font(size * view.zoom, *bold),
                    theme::color(*colour),
                );
            }
        }
    }
}
