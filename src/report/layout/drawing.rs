//! Drawing: callouts (note, warning, key finding boxes) and figures, whose vector shapes are scaled into
//! the text column.

use crate::report::doc::{Callout, CalloutKind, Rgb, palette};
use crate::report::figure::{Anchor, Figure, Shape, Stroke, VAnchor};
use crate::report::fonts::Face;
use crate::report::text::{self};

use super::{
    CAPTION_SIZE, Engine, FlowLine, Geom, Item, MM, baseline_in, cap_lines_limit, fin, rich_pieces,
};

impl Engine<'_> {
    pub(super) fn callout(&mut self, c: &Callout) {
        let g = self.geom();
        let (bg, strong) = callout_colors(c.kind);
        let bar = 3.0;
        let pad = 9.0;
        let inner_x = g.left + bar + pad;
        let inner_w = g.width() - bar - 2.0 * pad;
        let size = 9.0;
        let lead = 13.0;
        let mut lines: Vec<FlowLine> = Vec::new();
        let label = c.kind.label();
        let label_size = 7.5;
        let label_w = text::width(Face::Bold, label, label_size) + 8.0;
        let title_lines = text::wrap(&[(Face::Bold, c.title.as_str())], size, inner_w - label_w);
        for (i, l) in title_lines.into_iter().enumerate() {
            lines.push(FlowLine {
                x: inner_x + label_w,
                lead,
                size,
                color: palette::INK,
                line: l,
                marker: (i == 0).then(|| (inner_x, label.to_string())),
                gap_before: 0.0,
            });
        }
        for (i, l) in text::wrap(&rich_pieces(&c.body), size, inner_w)
            .into_iter()
            .enumerate()
        {
            lines.push(FlowLine {
                x: inner_x,
                lead,
                size,
                color: palette::INK,
                line: l,
                marker: None,
                gap_before: if i == 0 { 3.0 } else { 0.0 },
            });
        }
        let mut i = 0;
        let n = lines.len();
        let total: f32 = lines.iter().map(|l| l.lead + l.gap_before).sum::<f32>() + 2.0 * pad;
        if total <= g.height() {
            self.ensure(total);
        } else {
            self.ensure(2.0 * pad + 3.0 * lead);
        }
        while i < n {
            let avail = self.remaining() - 2.0 * pad;
            let mut take = 0;
            let mut h = 0.0;
            for l in &lines[i..] {
                let add = l.lead + if take == 0 { 0.0 } else { l.gap_before };
                if h + add > avail {
                    break;
                }
                h += add;
                take += 1;
            }
            if take == 0 {
                if self.has_content {
                    self.new_page();
                    continue;
                }
                take = 1;
                h = lines[i].lead;
            }
            let top = self.y;
            self.rect(g.left, top, g.width(), h + 2.0 * pad, Some(bg), None);
            self.rect(g.left, top, bar, h + 2.0 * pad, Some(strong), None);
            self.y += pad;
            for (j, l) in lines[i..i + take].iter().enumerate() {
                if j > 0 {
                    self.y += l.gap_before;
                }
                let base = self.y + baseline_in(l.lead, l.size, Face::Regular);
                if let Some((mx, m)) = &l.marker {
                    self.text(*mx, base, Face::Bold, label_size, strong, m.clone());
                }
                self.draw_line(l.x, base, &l.line, l.size, l.color);
                self.y += l.lead;
            }
            self.y += pad;
            i += take;
            if i < n {
                self.new_page();
            }
        }
    }

    pub(super) fn figure(&mut self, f: &Figure) {
        let g = self.geom();
        self.figures += 1;
        let label = format!("Figure {}", self.figures);
        let (w, h) = figure_size(f, g);
        let cap_lead = CAPTION_SIZE * 1.35;
        let cap_lines = text::wrap(
            &[
                (Face::Bold, label.as_str()),
                (Face::Regular, "  "),
                (Face::Regular, f.caption.as_str()),
            ],
            CAPTION_SIZE,
            g.width(),
        );
        let cap_lines = cap_lines_limit(cap_lines, g.width());
        #[expect(clippy::cast_precision_loss, reason = "≤ 3 lines")]
        let cap_h = 6.0 + cap_lead * cap_lines.len() as f32;
        self.ensure(h + cap_h);
        let x0 = g.left + (g.width() - w) / 2.0;
        let y0 = self.y;
        let k = if f.width_mm > 0.0 {
            w / (f.width_mm * MM)
        } else {
            1.0
        };
        self.push(Item::ClipBegin {
            x: x0 - 2.0,
            y: y0 - 2.0,
            w: w + 4.0,
            h: h + 4.0,
        });
        for s in &f.shapes {
            self.shape(s, x0, y0, k);
        }
        self.push(Item::ClipEnd);
        self.y += h + 6.0;
        for l in &cap_lines {
            let base = self.y + baseline_in(cap_lead, CAPTION_SIZE, Face::Regular);
            let dx = ((g.width() - l.width) / 2.0).max(0.0);
            self.draw_line(g.left + dx, base, l, CAPTION_SIZE, palette::NAVY);
            self.y += cap_lead;
        }
    }

    /// Draws a figure shape; `k` scales figure millimetres (already in points ×
    /// scale) — coordinates are `x0 + x·MM·k`.
    #[expect(clippy::too_many_lines, reason = "one arm per shape kind")]
    pub(super) fn shape(&mut self, s: &Shape, x0: f32, y0: f32, k: f32) {
        let p = |x: f32, y: f32| (x0 + fin(x) * MM * k, y0 + fin(y) * MM * k);
        let stroke_of = |st: &Stroke| {
            (
                st.color,
                fin(st.width_pt).max(0.0) * k,
                st.dash
                    .iter()
                    .map(|d| fin(*d).max(0.0) * k)
                    .collect::<Vec<_>>(),
            )
        };
        match s {
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
                radius,
            } => {
                let (px, py) = p(*x, *y);
                let (pw, ph) = (fin(*w).max(0.0) * MM * k, fin(*h).max(0.0) * MM * k);
                let r = (fin(*radius).max(0.0) * MM * k).min(pw / 2.0).min(ph / 2.0);
                if r > 0.01 {
                    self.push(Item::Path {
                        points: rounded_rect(px, py, pw, ph, r),
                        fill: *fill,
                        stroke: stroke.as_ref().map(stroke_of),
                    });
                } else if stroke.as_ref().is_some_and(|s| !s.dash.is_empty()) {
                    self.push(Item::Path {
                        points: vec![
                            (px, py, false),
                            (px + pw, py, false),
                            (px + pw, py + ph, false),
                            (px, py + ph, false),
                        ],
                        fill: *fill,
                        stroke: stroke.as_ref().map(stroke_of),
                    });
                } else {
                    self.push(Item::Rect {
                        x: px,
                        y: py,
                        w: pw,
                        h: ph,
                        fill: *fill,
                        stroke: stroke
                            .as_ref()
                            .map(|s| (s.color, fin(s.width_pt).max(0.0) * k)),
                    });
                }
            }
            Shape::Line { points, stroke } => {
                if points.len() < 2 {
                    return;
                }
                let (color, width, dash) = stroke_of(stroke);
                self.push(Item::Line {
                    points: points.iter().map(|[x, y]| p(*x, *y)).collect(),
                    color,
                    width,
                    dash,
                });
            }
            Shape::Polygon {
                points,
                fill,
                stroke,
            } => {
                if points.len() < 2 {
                    return;
                }
                self.push(Item::Path {
                    points: points
                        .iter()
                        .map(|[x, y]| {
                            let (a, b) = p(*x, *y);
                            (a, b, false)
                        })
                        .collect(),
                    fill: *fill,
                    stroke: stroke.as_ref().map(stroke_of),
                });
            }
            Shape::Circle {
                cx,
                cy,
                r,
                fill,
                stroke,
            } => {
                let (px, py) = p(*cx, *cy);
                let pr = fin(*r).max(0.0) * MM * k;
                self.push(Item::Path {
                    points: circle(px, py, pr),
                    fill: *fill,
                    stroke: stroke.as_ref().map(stroke_of),
                });
            }
            Shape::Text(t) => {
                let size = fin(t.size_pt).clamp(0.5, 200.0) * k;
                let face = if t.bold { Face::Bold } else { Face::Regular };
                let clean = text::elide(face, &t.text, size, f32::MAX);
                let w = text::width(face, &clean, size);
                let (ax, ay) = p(t.x, t.y);
                let theta = fin(t.rotation_deg).to_radians();
                let (sin, cos) = theta.sin_cos();
                let d = (cos, -sin);
                let n = (-sin, -cos);
                let along = match t.anchor {
                    Anchor::Left => 0.0,
                    Anchor::Centre => w / 2.0,
                    Anchor::Right => w,
                };
                let cap = face.metrics().cap_height * size;
                let up = match t.vanchor {
                    VAnchor::Baseline => 0.0,
                    VAnchor::Middle => cap / 2.0,
                    VAnchor::Top => cap,
                };
                let sx = ax - d.0 * along - n.0 * up;
                let sy = ay - d.1 * along - n.1 * up;
                if !clean.is_empty() {
                    self.push(Item::Text {
                        x: sx,
                        y: sy,
                        face,
                        size,
                        color: t.color,
                        text: clean,
                        rotation: fin(t.rotation_deg),
                    });
                }
            }
        }
    }
}

pub(super) fn callout_colors(kind: CalloutKind) -> (Rgb, Rgb) {
    match kind {
        CalloutKind::Note => (Rgb::hex(0xED_F1F6), palette::NAVY),
        CalloutKind::Warning => (Rgb::hex(0xFC_F3E2), Rgb::hex(0xA8_6200)),
        CalloutKind::Critical => (Rgb::hex(0xFA_E8E6), palette::BAND_VERY_HIGH),
        CalloutKind::Decision => (Rgb::hex(0xE7_F2EC), Rgb::hex(0x2A_6A4C)),
    }
}

/// Displayed size of a figure in points: scaled to the text width and to 80% of the
/// text height.
pub(super) fn figure_size(f: &Figure, g: Geom) -> (f32, f32) {
    let w = fin(f.width_mm).max(1.0) * MM;
    let h = fin(f.height_mm).max(1.0) * MM;
    let max_h = g.height() * 0.8;
    let k = (g.width() / w).min(max_h / h).min(1.0);
    (w * k, h * k)
}

pub(super) fn rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Vec<(f32, f32, bool)> {
    let c = r * 0.552_284_8;
    vec![
        (x + r, y, false),
        (x + w - r, y, false),
        (x + w - r + c, y, true),
        (x + w, y + r - c, true),
        (x + w, y + r, false),
        (x + w, y + h - r, false),
        (x + w, y + h - r + c, true),
        (x + w - r + c, y + h, true),
        (x + w - r, y + h, false),
        (x + r, y + h, false),
        (x + r - c, y + h, true),
        (x, y + h - r + c, true),
        (x, y + h - r, false),
        (x, y + r, false),
        (x, y + r - c, true),
        (x + r - c, y, true),
        (x + r, y, false),
    ]
}

pub(super) fn circle(cx: f32, cy: f32, r: f32) -> Vec<(f32, f32, bool)> {
    let c = r * 0.552_284_8;
    vec![
        (cx + r, cy, false),
        (cx + r, cy + c, true),
        (cx + c, cy + r, true),
        (cx, cy + r, false),
        (cx - c, cy + r, true),
        (cx - r, cy + c, true),
        (cx - r, cy, false),
        (cx - r, cy - c, true),
        (cx - c, cy - r, true),
        (cx, cy - r, false),
        (cx + c, cy - r, true),
        (cx + r, cy - c, true),
        (cx + r, cy, false),
    ]
}
