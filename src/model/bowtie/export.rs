//! Export of a bow-tie [`Drawing`] as SVG text and as PNG bytes.
//!
//! The SVG is deterministic (fixed number formatting, items in drawing order) and names the font "Noto Sans",
//! which the PNG rasteriser (resvg) is given from the embedded font bytes, so no system font is needed and the
//! PNG matches the SVG and the PDF figure.

use std::fmt::Write as _;
use std::sync::Arc;

use super::draw::{DASH, DrawItem, Drawing, TextAnchor};
use super::layout::Point;
use crate::model::text_metrics::{FONT_FAMILY, NOTO_SANS_BOLD, NOTO_SANS_REGULAR};

/// Points per CSS pixel (72 / 96).
const PT_PER_CSS_PX: f32 = 0.75;

/// Largest PNG side in pixels; larger requests are refused rather than allocating gigabytes.
pub const MAX_PNG_SIDE_PX: u32 = 16_384;

/// [`MAX_PNG_SIDE_PX`] as a float (exact: a power of two).
const MAX_PNG_SIDE: f32 = 16_384.0;

/// Why a PNG could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The SVG could not be parsed (not expected for SVG from [`to_svg`]).
    #[error("the SVG could not be read: {0}")]
    Svg(String),
    /// The scale gives an empty image or one larger than [`MAX_PNG_SIDE_PX`] on a side.
    #[error(
        "a PNG of {width}×{height} pixels is not possible: expected 1 to {MAX_PNG_SIDE_PX} pixels a side"
    )]
    Size {
        /// Requested width.
        width: f32,
        /// Requested height.
        height: f32,
    },
    /// PNG encoding failed.
    #[error("PNG encoding failed: {0}")]
    Png(String),
}

/// A number with at most two decimals and no trailing zeros (`12`, `12.5`, `12.25`).
fn num(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let mut s = format!("{v:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" { "0".to_owned() } else { s }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if u32::from(c) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

fn points(ps: &[Point]) -> String {
    ps.iter()
        .map(|p| format!("{},{}", num(p.x), num(p.y)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn dash_attr(dashed: bool) -> String {
    if dashed {
        format!(r#" stroke-dasharray="{} {}""#, num(DASH[0]), num(DASH[1]))
    } else {
        String::new()
    }
}

/// The drawing as a standalone SVG document (sizes in points, `viewBox` in the same units).
///
/// ```
/// use riskbench::model::bowtie::{draw, example_set, to_svg, ViewOptions};
/// let set = example_set();
/// let svg = to_svg(&draw(&set, &set.diagrams[0], &ViewOptions::default()));
/// assert!(svg.starts_with("<svg"));
/// assert_eq!(svg, to_svg(&draw(&set, &set.diagrams[0], &ViewOptions::default())));
/// ```
#[must_use]
pub fn to_svg(drawing: &Drawing) -> String {
    let (w, h) = (num(drawing.width), num(drawing.height));
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FONT_FAMILY}\">\n"
    );
    let _ = writeln!(
        out,
        r#"<rect x="0" y="0" width="{w}" height="{h}" fill="{}"/>"#,
        drawing.background
    );
    for item in &drawing.items {
        match item {
            DrawItem::Rect {
                rect,
                fill,
                stroke,
                stroke_width,
                radius,
                dashed,
            } => {
                let r = if *radius > 0.0 {
                    format!(r#" rx="{0}" ry="{0}""#, num(*radius))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}"{r} fill="{fill}" stroke="{stroke}" stroke-width="{}"{}/>"#,
                    num(rect.x),
                    num(rect.y),
                    num(rect.w),
                    num(rect.h),
                    num(*stroke_width),
                    dash_attr(*dashed)
                );
            }
            DrawItem::Polyline {
                points: ps,
                stroke,
                width,
                dashed,
            } => {
                let _ = writeln!(
                    out,
                    r#"<polyline points="{}" fill="none" stroke="{stroke}" stroke-width="{}" stroke-linejoin="round"{}/>"#,
                    points(ps),
                    num(*width),
                    dash_attr(*dashed)
                );
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
                let anchor = match anchor {
                    TextAnchor::Start => "start",
                    TextAnchor::Middle => "middle",
                    TextAnchor::End => "end",
                };
                let weight = if *bold { r#" font-weight="bold""# } else { "" };
                let _ = writeln!(
                    out,
                    r#"<text x="{}" y="{}" font-size="{}"{weight} text-anchor="{anchor}" fill="{colour}">{}</text>"#,
                    num(*x),
                    num(*y),
                    num(*size),
                    escape(text)
                );
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

/// Rasterises SVG text (as written by [`to_svg`]) to PNG bytes, `scale` pixels per point (2.0 gives
/// 144 dpi), on the embedded Noto Sans.
///
/// # Errors
/// [`ExportError::Svg`] for SVG that cannot be parsed, [`ExportError::Size`] for a scale that gives an empty or
/// oversized image, [`ExportError::Png`] if encoding fails.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    let mut options = resvg::usvg::Options {
        font_family: FONT_FAMILY.to_owned(),
        ..resvg::usvg::Options::default()
    };
    {
        let fonts = Arc::make_mut(&mut options.fontdb);
        fonts.load_font_data(NOTO_SANS_REGULAR.to_vec());
        fonts.load_font_data(NOTO_SANS_BOLD.to_vec());
        fonts.set_sans_serif_family(FONT_FAMILY);
    }
    let tree =
        resvg::usvg::Tree::from_str(svg, &options).map_err(|e| ExportError::Svg(e.to_string()))?;
    // usvg sizes are CSS pixels (96 per inch); the SVG declares its size in points (72 per inch).
    let px_scale = scale * PT_PER_CSS_PX;
    let size = tree.size();
    let (width, height) = (size.width() * px_scale, size.height() * px_scale);
    let to_pixels = |v: f32| -> Option<u32> {
        if (1.0..=MAX_PNG_SIDE).contains(&v) {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked range"
            )]
            Some(v.ceil() as u32)
        } else {
            None
        }
    };
    let (Some(w), Some(h)) = (to_pixels(width), to_pixels(height)) else {
        return Err(ExportError::Size { width, height });
    };
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(w, h).ok_or(ExportError::Size { width, height })?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(px_scale, px_scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ExportError::Png(e.to_string()))
}

/// A drawing as the file chosen for it asks: PNG at 3× when `path` ends in `.png` (any case), SVG otherwise,
/// and a path without an extension gets `.svg`. Returns the path to write and the bytes.
///
/// # Errors
/// [`svg_to_png`]'s errors, for PNG.
pub fn picture_file(
    drawing: &Drawing,
    path: &std::path::Path,
) -> Result<(std::path::PathBuf, Vec<u8>), ExportError> {
    let svg = to_svg(drawing);
    let png = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    let bytes = if png {
        svg_to_png(&svg, 3.0)?
    } else {
        svg.into_bytes()
    };
    Ok((
        crate::model::file_name::with_default_extension(path, "svg"),
        bytes,
    ))
}
