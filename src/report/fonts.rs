//! Embedded fonts and their metrics.
//!
//! The report embeds three faces of Noto Sans (SIL Open Font License 1.1, see
//! `assets/fonts/OFL.txt`). printpdf has no measuring API without its heavy text
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

/// One of the embedded faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Face {
    /// Upright regular weight.
    Regular,
    /// Upright bold weight.
    Bold,
    /// Regular weight, italic.
    Italic,
}

impl Face {
    /// All faces, in embedding order.
    pub(crate) const ALL: [Face; 3] = [Face::Regular, Face::Bold, Face::Italic];

    /// The TrueType bytes of this face.
    pub(crate) fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR_TTF,
            Face::Bold => BOLD_TTF,
            Face::Italic => ITALIC_TTF,
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
        }
    }

    /// Metrics of this face (parsed once per process).
    pub(crate) fn metrics(self) -> &'static FontMetrics {
        static CELLS: [OnceLock<FontMetrics>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let idx = match self {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Italic => 2,
        };
        CELLS[idx]
            .get_or_init(|| FontMetrics::parse(self.bytes()).unwrap_or_else(FontMetrics::fallback))
    }
}

/// Horizontal metrics of a font, in em units (1.0 = font size).
#[derive(Debug, Clone)]
pub(crate) struct FontMetrics {
    /// Advance of every BMP code point, in font units; code points without a glyph
    /// carry the advance of `.notdef`, which is what the PDF will show for them.
    bmp: Vec<u16>,
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

    /// Width of `s` in em.
    pub(crate) fn width(&self, s: &str) -> f32 {
        s.chars().map(|c| self.advance(c)).sum()
    }

    /// Metrics used if the embedded font cannot be parsed (never expected; keeps the
    /// renderer total instead of panicking).
    fn fallback() -> Self {
        Self {
            bmp: vec![550; 0x1_0000],
            astral: BTreeMap::new(),
            notdef: 550,
            units_per_em: 1000.0,
            cap_height: 0.714,
        }
    }

    /// Parses the tables of a TrueType font.
    fn parse(data: &[u8]) -> Option<Self> {
        let tables = table_directory(data)?;
        let head = tables.get(b"head")?;
        let hhea = tables.get(b"hhea")?;
        let hmtx = tables.get(b"hmtx")?;
        let cmap = tables.get(b"cmap")?;

        let units_per_em = f32::from(u16_at(head, 18)?.max(16));
        let n_hmetrics = usize::from(u16_at(hhea, 34)?);
        if n_hmetrics == 0 {
            return None;
        }
        let cap_height = tables
            .get(b"OS/2")
            .and_then(|os2| {
                if u16_at(os2, 0)? >= 2 {
                    i16_at(os2, 88)
                } else {
                    None
                }
            })
            .map_or(0.714, |v| f32::from(v) / units_per_em);

        let advance_of = |gid: u16| -> u16 {
            let idx = usize::from(gid).min(n_hmetrics - 1);
            u16_at(hmtx, idx * 4).unwrap_or(0)
        };
        let notdef = advance_of(0);
        let mut bmp = vec![notdef; 0x1_0000];
        let mut astral = BTreeMap::new();
        let mut set = |cp: u32, gid: u16| {
            if gid == 0 {
                return;
            }
            let w = advance_of(gid);
            if let Ok(i) = usize::try_from(cp)
                && let Some(slot) = bmp.get_mut(i)
            {
                *slot = w;
            } else if cp <= 0x10_FFFF {
                astral.insert(cp, w);
            }
        };

        let sub = best_cmap_subtable(cmap)?;
        match u16_at(sub, 0)? {
            4 => parse_cmap4(sub, &mut set)?,
            12 => parse_cmap12(sub, &mut set)?,
            _ => return None,
        }

        Some(Self {
            bmp,
            astral,
            notdef,
            units_per_em,
            cap_height,
        })
    }
}

fn u16_at(d: &[u8], off: usize) -> Option<u16> {
    let b = d.get(off..off.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

fn i16_at(d: &[u8], off: usize) -> Option<i16> {
    let b = d.get(off..off.checked_add(2)?)?;
    Some(i16::from_be_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], off: usize) -> Option<u32> {
    let b = d.get(off..off.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn usize_at(d: &[u8], off: usize) -> Option<usize> {
    usize::try_from(u32_at(d, off)?).ok()
}

/// Maps table tags to their bytes.
fn table_directory(data: &[u8]) -> Option<BTreeMap<[u8; 4], &[u8]>> {
    let num_tables = usize::from(u16_at(data, 4)?);
    let mut map = BTreeMap::new();
    for i in 0..num_tables {
        let rec = 12 + 16 * i;
        let tag = data.get(rec..rec + 4)?;
        let off = usize_at(data, rec + 8)?;
        let len = usize_at(data, rec + 12)?;
        let bytes = data.get(off..off.checked_add(len)?)?;
        map.insert([tag[0], tag[1], tag[2], tag[3]], bytes);
    }
    Some(map)
}

/// Picks the Unicode cmap subtable: full-repertoire format 12 if present, else BMP
/// format 4.
fn best_cmap_subtable(cmap: &[u8]) -> Option<&[u8]> {
    let n = usize::from(u16_at(cmap, 2)?);
    let mut best: Option<(u8, &[u8])> = None;
    for i in 0..n {
        let rec = 4 + 8 * i;
        let platform = u16_at(cmap, rec)?;
        let encoding = u16_at(cmap, rec + 2)?;
        let off = usize_at(cmap, rec + 4)?;
        let Some(sub) = cmap.get(off..) else { continue };
        let Some(format) = u16_at(sub, 0) else {
            continue;
        };
        let rank = match (platform, encoding, format) {
            (3, 10, 12) | (0, 4 | 6, 12) => 3,
            (3, 1, 4) => 2,
            (0, _, 4) => 1,
            _ => 0,
        };
        if rank > 0 && best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, sub));
        }
    }
    best.map(|(_, s)| s)
}

fn parse_cmap4(sub: &[u8], set: &mut impl FnMut(u32, u16)) -> Option<()> {
    let seg_x2 = usize::from(u16_at(sub, 6)?);
    let ends = 14;
    let starts = ends + seg_x2 + 2;
    let deltas = starts + seg_x2;
    let range_offs = deltas + seg_x2;
    for s in (0..seg_x2).step_by(2) {
        let end = u16_at(sub, ends + s)?;
        let start = u16_at(sub, starts + s)?;
        let delta = u16_at(sub, deltas + s)?;
        let ro = usize::from(u16_at(sub, range_offs + s)?);
        if start > end {
            continue;
        }
        for cp in start..=end {
            let gid = if ro == 0 {
                cp.wrapping_add(delta)
            } else {
                let addr = range_offs + s + ro + 2 * usize::from(cp - start);
                match u16_at(sub, addr) {
                    Some(0) | None => 0,
                    Some(g) => g.wrapping_add(delta),
                }
            };
            if cp != 0xFFFF {
                set(u32::from(cp), gid);
            }
        }
    }
    Some(())
}

fn parse_cmap12(sub: &[u8], set: &mut impl FnMut(u32, u16)) -> Option<()> {
    let n_groups = usize_at(sub, 12)?;
    for g in 0..n_groups {
        let rec = 16 + 12 * g;
        let start = u32_at(sub, rec)?;
        let end = u32_at(sub, rec + 4)?.min(0x10_FFFF);
        let first_gid = u32_at(sub, rec + 8)?;
        if start > end {
            continue;
        }
        for cp in start..=end {
            let gid = first_gid.saturating_add(cp - start);
            set(cp, u16::try_from(gid).unwrap_or(0));
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_parse_and_are_plausible() {
        for face in Face::ALL {
            let m = face.metrics();
            assert!((m.units_per_em - 1000.0).abs() < 1.0, "{face:?}");
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
    }
}
