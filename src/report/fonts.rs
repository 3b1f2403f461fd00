//! Embedded fonts and their metrics.
//!
//! The report embeds three faces of Noto Sans (SIL Open Font License 1.1, see
//! `assets/fonts/OFL.txt`) and `DejaVu Sans` (`assets/fonts/DejaVu-LICENSE.txt`) as the face for the
//! characters Noto Sans lacks (`≥ ≤ → ✓ ✗ ⚠ …`): [`Face::for_char`] picks the face that draws a character,
//! measuring and drawing both go through it, so a symbol is never replaced by an ASCII stand-in. printpdf has no measuring API without its heavy text
//! layout feature, so this module reads what line breaking needs straight from the
//! TrueType tables: `head` (units per em), `hhea` (number of horizontal metrics), `hmtx` (advance widths), `OS/2` (cap height) and `cmap`
//! (character to glyph). A dense table of advances for the Basic Multilingual Plane
//! makes measuring a string a handful of array look-ups per character.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Regular face (Noto Sans Regular).
pub(crate) const REGULAR_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoSans-Regular.ttf"
));
/// Bold face (Noto Sans Bold).
pub(crate) const BOLD_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoSans-Bold.ttf"
));
/// Italic face (Noto Sans Italic).
pub(crate) const ITALIC_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoSans-Italic.ttf"
));

/// Symbol fallback face (`DejaVu Sans`), for the characters the Noto faces lack.
pub(crate) const SYMBOL_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans.ttf"
));

/// One of the embedded faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Face {
    /// Upright regular weight.
    Regular,
    /// Upright bold weight.
    Bold,
    /// Regular weight, italic.
    Italic,
    /// `DejaVu Sans`: draws the characters the other faces lack.
    Symbol,
}

impl Face {
    /// All faces, in embedding order.
    pub(crate) const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::Symbol];

    /// The TrueType bytes of this face.
    pub(crate) fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR_TTF,
            Face::Bold => BOLD_TTF,
            Face::Italic => ITALIC_TTF,
            Face::Symbol => SYMBOL_TTF,
        }
    }

    /// The PDF resource name. Six capital letters, because printpdf uses the first six
    /// characters of the id as the subset tag (`ABCDEF+NotoSans-Regular`), which keeps
    /// the output deterministic.
    pub(crate) fn resource_id(self) -> &'static str {
        match self {
            Face::Regular => "RBNSRG",
            Face::Bold => "RBNSBD",
            Face::Italic => "RBNSIT",
            Face::Symbol => "RBDJSY",
        }
    }

    /// Metrics of this face (parsed once per process).
    pub(crate) fn metrics(self) -> &'static FontMetrics {
        static CELLS: [OnceLock<FontMetrics>; 4] = [
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
        ];
        let idx = match self {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Italic => 2,
            Face::Symbol => 3,
        };
        CELLS[idx]
            .get_or_init(|| FontMetrics::parse(self.bytes()).unwrap_or_else(FontMetrics::fallback))
    }
}

impl Face {
    /// The face that draws `c` in text set in `self`: `self` when it has the glyph (and for whitespace and
    /// control characters), otherwise the symbol face when that has it, otherwise `self` (`.notdef`).
    pub(crate) fn for_char(self, c: char) -> Face {
        if c.is_whitespace() || c.is_control() || self.metrics().has_glyph(c) {
            self
        } else if Face::Symbol.metrics().has_glyph(c) {
            Face::Symbol
        } else {
            self
        }
    }

    /// Whether some embedded face can draw `c`.
    pub(crate) fn can_show(self, c: char) -> bool {
        c.is_whitespace() || c.is_control() || self.for_char(c).metrics().has_glyph(c)
    }

    /// Advance of `c` in em, in the face that draws it ([`Face::for_char`]).
    pub(crate) fn advance(self, c: char) -> f32 {
        self.for_char(c).metrics().advance(c)
    }

    /// Width of `s` in em, each character in the face that draws it.
    pub(crate) fn width(self, s: &str) -> f32 {
        s.chars().map(|c| self.advance(c)).sum()
    }

    /// `s` cut into maximal runs drawn by one face, in order (empty for an empty string).
    pub(crate) fn runs(self, s: &str) -> Vec<(Face, &str)> {
        let mut out: Vec<(Face, &str)> = Vec::new();
        let mut start = 0;
        let mut current: Option<Face> = None;
        for (i, c) in s.char_indices() {
            let f = self.for_char(c);
            match current {
                Some(cur) if cur == f => {}
                Some(cur) => {
                    out.push((cur, &s[start..i]));
                    start = i;
                    current = Some(f);
                }
                None => current = Some(f),
            }
        }
        if let Some(cur) = current {
            out.push((cur, &s[start..]));
        }
        out
    }
}

/// Horizontal metrics of a font, in em units (1.0 = font size), read with `ttf-parser`.
#[derive(Debug, Clone)]
pub(crate) struct FontMetrics {
    /// Advance of every BMP code point, in font units; code points without a glyph
    /// carry the advance of `.notdef`, which is what the PDF would show for them.
    bmp: Vec<u16>,
    /// Whether the font maps each BMP code point to a glyph.
    bmp_mapped: Vec<bool>,
    /// Advances of supplementary-plane code points that the font maps.
    astral: BTreeMap<u32, u16>,
    /// Advance of glyph 0 (`.notdef`).
    notdef: u16,
    /// Font units per em.
    units_per_em: f32,
    /// Height of capital letters (em).
    pub(crate) cap_height: f32,
}

impl FontMetrics {
    /// Width of `c` in em.
    pub(crate) fn advance(&self, c: char) -> f32 {
        let cp = u32::from(c);
        let units = if let Ok(i) = usize::try_from(cp)
            && let Some(w) = self.bmp.get(i)
        {
            *w
        } else {
            self.astral.get(&cp).copied().unwrap_or(self.notdef)
        };
        f32::from(units) / self.units_per_em
    }

    /// Whether the font has a glyph for `c`.
    pub(crate) fn has_glyph(&self, c: char) -> bool {
        let cp = u32::from(c);
        match usize::try_from(cp)
            .ok()
            .and_then(|i| self.bmp_mapped.get(i))
        {
            Some(mapped) => *mapped,
            None => self.astral.contains_key(&cp),
        }
    }

    /// Width of `s` in em, in this font alone (the renderer measures through [`Face::width`]).
    #[cfg(test)]
    pub(crate) fn width(&self, s: &str) -> f32 {
        s.chars().map(|c| self.advance(c)).sum()
    }

    /// Metrics used if the embedded font cannot be parsed (never expected; keeps the
    /// renderer total instead of panicking).
    fn fallback() -> Self {
        Self {
            bmp: vec![550; 0x1_0000],
            bmp_mapped: vec![true; 0x1_0000],
            astral: BTreeMap::new(),
            notdef: 550,
            units_per_em: 1000.0,
            cap_height: 0.714,
        }
    }

    /// Reads advances and coverage from a TrueType font.
    fn parse(data: &[u8]) -> Option<Self> {
        let face = ttf_parser::Face::parse(data, 0).ok()?;
        let units_per_em = f32::from(face.units_per_em().max(16));
        let cap_height = face
            .capital_height()
            .map_or(0.714, |v| f32::from(v) / units_per_em);
        let advance_of = |gid: ttf_parser::GlyphId| face.glyph_hor_advance(gid).unwrap_or(0);
        let notdef = advance_of(ttf_parser::GlyphId(0));
        let mut bmp = vec![notdef; 0x1_0000];
        let mut bmp_mapped = vec![false; 0x1_0000];
        let mut astral = BTreeMap::new();
        let cmap = face.tables().cmap?;
        for subtable in cmap
            .subtables
            .into_iter()
            .filter(ttf_parser::cmap::Subtable::is_unicode)
        {
            subtable.codepoints(|cp| {
                let Some(gid) = subtable.glyph_index(cp).filter(|g| g.0 != 0) else {
                    return;
                };
                let w = advance_of(gid);
                if let Ok(i) = usize::try_from(cp)
                    && i < bmp.len()
                {
                    bmp[i] = w;
                    bmp_mapped[i] = true;
                } else if cp <= 0x10_FFFF {
                    astral.insert(cp, w);
                }
            });
        }
        Some(Self {
            bmp,
            bmp_mapped,
            astral,
            notdef,
            units_per_em,
            cap_height,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_parse_and_are_plausible() {
        assert!((Face::Symbol.metrics().units_per_em - 2048.0).abs() < 1.0);
        for face in Face::ALL {
            let m = face.metrics();
            if face != Face::Symbol {
                assert!((m.units_per_em - 1000.0).abs() < 1.0, "{face:?}");
            }
            let w = m.advance('M');
            assert!(w > 0.5 && w < 1.1, "{face:?} M={w}");
            assert!(m.advance(' ') > 0.2 && m.advance(' ') < 0.35);
            assert!(m.advance('i') < m.advance('W'));
            assert!(m.cap_height > 0.6 && m.cap_height < 0.8);
            // Greek and Cyrillic are covered; a CJK ideograph falls back to .notdef.
            assert!(m.advance('Ж') > 0.3);
            assert!(m.advance('漢') > 0.0);
        }
        assert!(Face::Bold.metrics().width("Risk") > Face::Regular.metrics().width("Risk"));
        let m = Face::Regular.metrics();
        assert!(m.has_glyph('é') && m.has_glyph('–') && m.has_glyph('×'));
        assert!(!m.has_glyph('≥') && !m.has_glyph('漢'));
    }

    #[test]
    fn symbols_the_body_face_lacks_come_from_the_symbol_face() {
        for c in ['≥', '≤', '→', '✓', '✗', '≠', '⚠', '↔'] {
            assert_eq!(Face::Regular.for_char(c), Face::Symbol, "{c}");
            assert_eq!(Face::Bold.for_char(c), Face::Symbol, "{c}");
            assert!(Face::Regular.can_show(c), "{c}");
            assert!(Face::Regular.advance(c) > 0.3, "{c}");
        }
        for c in ['a', '×', '–', 'é', ' '] {
            assert_eq!(Face::Regular.for_char(c), Face::Regular, "{c}");
        }
        assert!(!Face::Regular.can_show('漢'));
        assert_eq!(
            Face::Bold.runs("ratio ≥ 0.8 → ok"),
            vec![
                (Face::Bold, "ratio "),
                (Face::Symbol, "≥"),
                (Face::Bold, " 0.8 "),
                (Face::Symbol, "→"),
                (Face::Bold, " ok"),
            ]
        );
        assert!(Face::Regular.runs("").is_empty());
        let expected = Face::Regular.metrics().width("a ") + Face::Symbol.metrics().advance('≥');
        assert!((Face::Regular.width("a ≥") - expected).abs() < 1e-6);
    }
}
