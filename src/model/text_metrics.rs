//! Text measurement with the embedded Noto Sans, for layouts computed in the core.
//!
//! The bow-tie layout wraps labels in the core so the GUI, the SVG/PNG export and the PDF report draw the same
//! picture. This module owns the font bytes the core measures with ([`NOTO_SANS_REGULAR`], [`NOTO_SANS_BOLD`],
//! the same files the report embeds and the GUI can load) and answers "how wide is this text at this size" from
//! the fonts' `hmtx` advances, read once with `ttf-parser`. Widths ignore kerning, which only ever makes a
//! measured line slightly wider than drawn, never narrower.

use std::sync::OnceLock;

/// Noto Sans Regular (SIL Open Font License 1.1, `assets/fonts/OFL.txt`).
pub const NOTO_SANS_REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoSans-Regular.ttf"
));

/// Noto Sans Bold (SIL Open Font License 1.1).
pub const NOTO_SANS_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoSans-Bold.ttf"
));

/// The font family name of [`NOTO_SANS_REGULAR`] and [`NOTO_SANS_BOLD`], as SVG `font-family` names it.
pub const FONT_FAMILY: &str = "Noto Sans";

/// Cap height of Noto Sans in em (from its `OS/2` table), used to centre text vertically.
pub const CAP_HEIGHT_EM: f32 = 0.714;

/// Advance widths of one face for the Basic Multilingual Plane, in em.
struct Advances {
    bmp: Vec<f32>,
    fallback: f32,
}

impl Advances {
    fn parse(data: &[u8]) -> Option<Self> {
        let face = ttf_parser::Face::parse(data, 0).ok()?;
        let units = f32::from(face.units_per_em().max(16));
        let advance =
            |gid: ttf_parser::GlyphId| f32::from(face.glyph_hor_advance(gid).unwrap_or(0)) / units;
        let notdef = advance(ttf_parser::GlyphId(0));
        let mut bmp = vec![notdef; 0x1_0000];
        for (i, slot) in bmp.iter_mut().enumerate() {
            if let Some(c) = u32::try_from(i).ok().and_then(char::from_u32)
                && let Some(gid) = face.glyph_index(c)
            {
                *slot = advance(gid);
            }
        }
        Some(Self {
            bmp,
            fallback: notdef,
        })
    }

    /// Metrics used if the embedded font cannot be parsed (never expected; keeps measuring total).
    fn fallback() -> Self {
        Self {
            bmp: vec![0.55; 0x1_0000],
            fallback: 0.55,
        }
    }

    fn width_em(&self, text: &str) -> f32 {
        text.chars()
            .map(|c| {
                usize::try_from(u32::from(c))
                    .ok()
                    .and_then(|i| self.bmp.get(i))
                    .copied()
                    .unwrap_or(self.fallback)
            })
            .sum()
    }
}

fn advances(bold: bool) -> &'static Advances {
    static REGULAR: OnceLock<Advances> = OnceLock::new();
    static BOLD: OnceLock<Advances> = OnceLock::new();
    let (cell, data) = if bold {
        (&BOLD, NOTO_SANS_BOLD)
    } else {
        (&REGULAR, NOTO_SANS_REGULAR)
    };
    cell.get_or_init(|| Advances::parse(data).unwrap_or_else(Advances::fallback))
}

/// Width of `text` on one line at `size` (the result is in the unit of `size`: points in, points out).
///
/// ```
/// use riskbench::model::text_metrics::text_width;
/// assert!(text_width("Wide", 10.0, false) > text_width("ill", 10.0, false));
/// assert!(text_width("Risk", 10.0, true) > text_width("Risk", 10.0, false));
/// ```
#[must_use]
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    advances(bold).width_em(text) * size
}

/// Breaks `text` into lines no wider than `max_width` at `size`, at spaces where possible.
///
/// Explicit line breaks are kept, runs of spaces collapse, and a word wider than a line is split between
/// characters. At most `max_lines` lines are returned (at least one); when text is left over, the last line
/// ends in "…". Empty text gives one empty line.
///
/// ```
/// use riskbench::model::text_metrics::{text_width, wrap};
/// let lines = wrap("Human review of declined applications", 60.0, 8.0, false, 4);
/// assert!(lines.len() > 1);
/// assert!(lines.iter().all(|l| text_width(l, 8.0, false) <= 60.0));
/// ```
#[must_use]
pub fn wrap(text: &str, max_width: f32, size: f32, bold: bool, max_lines: usize) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let fits = |s: &str| text_width(s, size, bold) <= max_width;
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: split it between characters when it is wider than a line.
            for c in word.chars() {
                line.push(c);
                if !fits(&line) && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = ellipsize(last, max_width, size, bold);
        }
    }
    lines
}

/// `text` with "…" appended, shortened until it fits `max_width`.
fn ellipsize(text: &str, max_width: f32, size: f32, bold: bool) -> String {
    let mut out: String = text.trim_end().to_owned();
    loop {
        let candidate = format!("{out}…");
        if out.is_empty() || text_width(&candidate, size, bold) <= max_width {
            return candidate;
        }
        out.pop();
        out = out.trim_end().to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        let m = text_width("M", 1.0, false);
        assert!(m > 0.5 && m < 1.1, "{m}");
        assert!(
            (text_width("ab", 10.0, false)
                - text_width("a", 10.0, false)
                - text_width("b", 10.0, false))
            .abs()
                < 1e-4
        );
        assert!(text_width("", 10.0, true).abs() < f32::EPSILON);
    }

    #[test]
    fn wrap_respects_width_and_limits() {
        let text = "Automated fairness gate on every retraining run blocks deployment";
        let lines = wrap(text, 70.0, 8.0, false, 10);
        assert!(lines.len() >= 3, "{lines:?}");
        for l in &lines {
            assert!(text_width(l, 8.0, false) <= 70.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
        let cut = wrap(text, 70.0, 8.0, false, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'));
        assert!(text_width(&cut[1], 8.0, false) <= 70.0);
        let long = wrap("Supercalifragilisticexpialidocious", 30.0, 8.0, false, 10);
        assert!(long.len() > 1);
        assert_eq!(long.concat(), "Supercalifragilisticexpialidocious");
        assert_eq!(wrap("", 30.0, 8.0, false, 3), vec![String::new()]);
        assert_eq!(wrap("a\nb", 300.0, 8.0, false, 3), vec!["a", "b"]);
    }
}
