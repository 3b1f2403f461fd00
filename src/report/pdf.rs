//! PDF assembly with printpdf: embeds the fonts, converts laid-out pages into
//! printpdf operations (flipping to PDF's bottom-left origin), adds bookmarks and
//! metadata, and serialises deterministically.
//!
//! printpdf draws random strings for the trailer `/ID` (and for every id its `new()`
//! constructors make). This module therefore builds every id itself (fonts,
//! bookmarks) and replaces the trailer `/ID` with a hash of the document before
//! writing, so the same [`ReportDoc`] always yields the same bytes.

use printpdf::{
    Actions, BorderArray, Color, ColorArray, Date, DateTime, Destination, FontId, HighlightingMode,
    Line as PLine, LineDashPattern, LinePoint, LinkAnnotation, Offset, Op, PageAnnotId,
    PageAnnotation, PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextItem, TextMatrix, Time,
    WindingOrder,
};

use crate::report::ReportError;
use crate::report::doc::{ReportDoc, Rgb};
use crate::report::fonts::Face;
use crate::report::layout::{Item, Laid, PageOut};

/// Renders the laid-out pages to PDF bytes.
pub(crate) fn write_pdf(doc: &ReportDoc, laid: &Laid) -> Result<Vec<u8>, ReportError> {
    let date = parse_date(&doc.meta.date)?;
    let m = &doc.meta;
    let mut pdf = PdfDocument::new(&m.title);
    for face in Face::ALL {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(face.bytes(), 0, &mut warnings)
            .ok_or_else(|| ReportError::Font(format!("cannot parse embedded font {face:?}")))?;
        pdf.resources
            .fonts
            .map
            .insert(FontId(face.resource_id().to_string()), PdfFont::new(parsed));
    }
    {
        let info = &mut pdf.metadata.info;
        info.document_title.clone_from(&m.title);
        info.author = m
            .authors
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        info.subject = if m.subject.is_empty() {
            format!("{} \u{2013} {}", m.title, m.system_name)
        } else {
            m.subject.clone()
        };
        info.keywords.clone_from(&m.keywords);
        info.creator = "Riskbench".to_string();
        info.producer = "Riskbench report renderer (printpdf 0.12)".to_string();
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
        info.identifier = format!("{} v{}", m.system_name, m.version);
    }

    pdf.pages = laid.pages.iter().map(page_ops).collect();

    for (i, e) in laid.toc.iter().enumerate() {
        let name: String = format!("{} {}", e.number, e.text)
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(160)
            .collect();
        pdf.bookmarks.map.insert(
            PageAnnotId(format!("BM{i:06}")),
            PageAnnotation {
                name,
                page: e.page + 1,
            },
        );
    }

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    // Deterministic file identifier: a hash of the document model.
    let id = doc_hash(doc);
    if let Ok(obj) = lo.trailer.get_mut(b"ID")
        && let Ok(arr) = obj.as_array_mut()
    {
        for o in arr.iter_mut() {
            if let Ok(s) = o.as_str_mut() {
                s.clone_from(&id.as_bytes().to_vec());
            }
        }
    }
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| ReportError::Pdf(e.to_string()))?;
    Ok(out)
}

/// Parses `YYYY-MM-DD` into a PDF date at midnight UTC.
fn parse_date(s: &str) -> Result<DateTime, ReportError> {
    let bad = || ReportError::InvalidDate(s.to_string());
    let parts: Vec<&str> = s.trim().split('-').collect();
    let [y, mo, d] = parts.as_slice() else {
        return Err(bad());
    };
    if y.len() != 4 || mo.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u8 = mo.parse().map_err(|_| bad())?;
    let day: u8 = d.parse().map_err(|_| bad())?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if day == 0 || day > days || !(1000..=9999).contains(&year) {
        return Err(bad());
    }
    Ok(DateTime::new_in_offset(
        Date { year, month, day },
        Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    ))
}

/// 32 hex digits derived from the document model (two FNV-1a 64 hashes).
fn doc_hash(doc: &ReportDoc) -> String {
    let repr = format!("{doc:?}");
    let fnv = |seed: u64| {
        let mut h: u64 = seed;
        for b in repr.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    };
    format!(
        "{:016X}{:016X}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x8422_2325_cbf2_9ce4)
    )
}

fn col(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: f32::from(c.r) / 255.0,
        g: f32::from(c.g) / 255.0,
        b: f32::from(c.b) / 255.0,
        icc_profile: None,
    })
}

fn pt(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(y) }
}

/// Converts one laid-out page into printpdf operations.
fn page_ops(page: &PageOut) -> PdfPage {
    let (w, h) = page.size();
    let mut e = Emitter {
        h,
        ops: Vec::with_capacity(page.items.len() * 4),
        in_text: false,
        font: None,
        fill: None,
    };
    for item in &page.items {
        e.item(item);
    }
    e.end_text();
    let mm = crate::report::layout::MM;
    PdfPage::new(printpdf::Mm(w / mm), printpdf::Mm(h / mm), e.ops)
}

/// Paint mode for an optional fill and stroke (`None`: nothing to paint).
fn paint_mode(has_fill: bool, has_stroke: bool) -> Option<PaintMode> {
    match (has_fill, has_stroke) {
        (true, true) => Some(PaintMode::FillStroke),
        (true, false) => Some(PaintMode::Fill),
        (false, true) => Some(PaintMode::Stroke),
        (false, false) => None,
    }
}

/// Accumulates the operations of one page, tracking text sections, the current font
/// and the current fill colour to avoid redundant operators.
struct Emitter {
    /// Page height (to flip y).
    h: f32,
    ops: Vec<Op>,
    in_text: bool,
    font: Option<(Face, f32)>,
    fill: Option<Rgb>,
}

impl Emitter {
    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn set_fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.ops.push(Op::SetFillColor { col: col(c) });
            self.fill = Some(c);
        }
    }

    fn set_stroke(&mut self, c: Rgb, width: f32, dash: &[f32]) {
        self.ops.push(Op::SetOutlineColor { col: col(c) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        if !dash.is_empty() {
            self.ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, dash),
            });
        }
    }

    fn reset_dash(&mut self, dash: &[f32]) {
        if !dash.is_empty() {
            self.ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::solid(),
            });
        }
    }

    /// A rectangle in PDF coordinates from a top-left-origin box.
    fn rect(&self, x: f32, y: f32, w: f32, h: f32, mode: Option<PaintMode>) -> Rect {
        Rect {
            x: Pt(x),
            y: Pt(self.h - y - h),
            width: Pt(w),
            height: Pt(h),
            mode,
            winding_order: mode.map(|_| WindingOrder::NonZero),
        }
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Text {
                x,
                y,
                face,
                size,
                color,
                text,
                rotation,
            } => self.text(*x, *y, *face, *size, *color, text, *rotation),
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                self.end_text();
                let Some(mode) = paint_mode(fill.is_some(), stroke.is_some()) else {
                    return;
                };
                if let Some(c) = fill {
                    self.set_fill(*c);
                }
                if let Some((c, width)) = stroke {
                    self.set_stroke(*c, *width, &[]);
                }
                let rectangle = self.rect(*x, *y, *w, *h, Some(mode));
                self.ops.push(Op::DrawRectangle { rectangle });
            }
            Item::Line {
                points,
                color,
                width,
                dash,
            } => {
                self.end_text();
                self.set_stroke(*color, *width, dash);
                let points = points
                    .iter()
                    .map(|(px, py)| LinePoint {
                        p: pt(*px, self.h - *py),
                        bezier: false,
                    })
                    .collect();
                self.ops.push(Op::DrawLine {
                    line: PLine {
                        points,
                        is_closed: false,
                    },
                });
                self.reset_dash(dash);
            }
            Item::Path {
                points,
                fill,
                stroke,
            } => self.path(points, *fill, stroke.as_ref()),
            Item::ClipBegin { x, y, w, h } => {
                self.end_text();
                self.ops.push(Op::SaveGraphicsState);
                let rectangle = self.rect(*x, *y, *w, *h, Some(PaintMode::Clip));
                self.ops.push(Op::DrawRectangle { rectangle });
            }
            Item::ClipEnd => {
                self.end_text();
                self.ops.push(Op::RestoreGraphicsState);
                self.fill = None;
            }
            Item::Link {
                x,
                y,
                w,
                h,
                page,
                dest_y,
            } => {
                let rect = self.rect(*x, *y, *w, *h, None);
                self.ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        rect,
                        Actions::go_to(Destination::Xyz {
                            page: page + 1,
                            left: None,
                            top: Some(*dest_y),
                            zoom: None,
                        }),
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        Some(ColorArray::Transparent),
                        Some(HighlightingMode::Invert),
                    ),
                });
            }
        }
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "mirrors the fields of Item::Text"
    )]
    fn text(
        &mut self,
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        color: Rgb,
        text: &str,
        rotation: f32,
    ) {
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
            self.font = None;
        }
        self.set_fill(color);
        let (px, py) = (x, self.h - y);
        let (sin, cos) = if rotation.abs() > f32::EPSILON {
            rotation.to_radians().sin_cos()
        } else {
            (0.0, 1.0)
        };
        // Each run in the face that has its glyphs (symbols come from the symbol face).
        let mut dx = 0.0;
        for (run_face, run) in face.runs(text) {
            if self.font != Some((run_face, size)) {
                self.ops.push(Op::SetFont {
                    font: PdfFontHandle::External(FontId(run_face.resource_id().to_string())),
                    size: Pt(size),
                });
                self.font = Some((run_face, size));
            }
            self.ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Raw([cos, sin, -sin, cos, px + dx * cos, py + dx * sin]),
            });
            self.ops.push(Op::ShowText {
                items: vec![TextItem::Text(run.to_string())],
            });
            dx += face.width(run) * size;
        }
    }

    fn path(
        &mut self,
        points: &[(f32, f32, bool)],
        fill: Option<Rgb>,
        stroke: Option<&(Rgb, f32, Vec<f32>)>,
    ) {
        self.end_text();
        let Some(mode) = paint_mode(fill.is_some(), stroke.is_some()) else {
            return;
        };
        if let Some(c) = fill {
            self.set_fill(c);
        }
        if let Some((c, width, dash)) = stroke {
            self.set_stroke(*c, *width, dash);
        }
        let points = points
            .iter()
            .map(|(px, py, bezier)| LinePoint {
                p: pt(*px, self.h - *py),
                bezier: *bezier,
            })
            .collect();
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points }],
                mode,
                winding_order: WindingOrder::NonZero,
            },
        });
        if let Some((_, _, dash)) = stroke {
            self.reset_dash(dash);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(parse_date("2025-02-28").is_ok());
        assert!(parse_date("2024-02-29").is_ok());
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-1-01",
            "",
            "2025-01-01-01",
            "abcd-ef-gh",
            "0000-01-01",
            "2025-04-31",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
