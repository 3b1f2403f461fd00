//! Page layout: turns a [`ReportDoc`] into pages of positioned drawing items.
//!
//! Everything here works in PostScript points with the origin at the top-left of the
//! page (y grows downwards); [`crate::report::pdf`] converts to PDF's bottom-left origin.
//! Layout is run twice: the first pass finds the page of every heading, the second
//! prints those numbers in the table of contents. The contents take the same room in
//! both passes (the page-number column has a fixed width), so the numbers are final.

#![allow(
    clippy::many_single_char_names,
    reason = "page geometry reads best as x, y, w, h"
)]

use crate::report::doc::{Block, Heading, Numbering, ReportDoc, Rgb, RichText, SpanStyle, palette};
use crate::report::fonts::Face;
use crate::report::text::{self, Line};

mod drawing;
mod pages;
mod table;

use self::drawing::figure_size;
use self::pages::{SIG_H, decorate};
use self::table::{header_cells, row_height, table_widths};

/// Points per millimetre.
pub(crate) const MM: f32 = 72.0 / 25.4;
/// A4 width in points.
pub(crate) const A4_W: f32 = 210.0 * MM;
/// A4 height in points.
pub(crate) const A4_H: f32 = 297.0 * MM;

const MARGIN_X: f32 = 20.0 * MM;
const MARGIN_TOP: f32 = 25.0 * MM;
const MARGIN_BOTTOM: f32 = 22.0 * MM;

const BODY_SIZE: f32 = 9.5;
const BODY_LEAD: f32 = 14.0;
const PARA_GAP: f32 = 7.0;
const TABLE_SIZE: f32 = 8.0;
const TABLE_LEAD: f32 = 10.6;
const CELL_PAD_X: f32 = 4.5;
const CELL_PAD_Y: f32 = 3.4;
const CAPTION_SIZE: f32 = 8.5;
const BLOCK_GAP: f32 = 10.0;

/// A drawing item on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// One run of text; `y` is the baseline of the run's start point.
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        color: Rgb,
        text: String,
        /// Counter-clockwise rotation in degrees.
        rotation: f32,
    },
    /// An axis-aligned rectangle (`x`, `y` = top-left corner).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    },
    /// An open polyline.
    Line {
        points: Vec<(f32, f32)>,
        color: Rgb,
        width: f32,
        dash: Vec<f32>,
    },
    /// A closed path; the flag marks Bézier control points.
    Path {
        points: Vec<(f32, f32, bool)>,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32, Vec<f32>)>,
    },
    /// Start clipping to a rectangle (until the matching [`Item::ClipEnd`]).
    ClipBegin { x: f32, y: f32, w: f32, h: f32 },
    /// End of a clip region.
    ClipEnd,
    /// A link covering a rectangle to a page (0-based), scrolled so that PDF y
    /// coordinate `dest_y` (bottom-left origin) is at the top of the view.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        page: usize,
        dest_y: f32,
    },
}

/// A laid-out page.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageOut {
    pub(crate) landscape: bool,
    pub(crate) cover: bool,
    pub(crate) items: Vec<Item>,
}

impl PageOut {
    pub(crate) fn size(&self) -> (f32, f32) {
        if self.landscape {
            (A4_H, A4_W)
        } else {
            (A4_W, A4_H)
        }
    }
}

/// A heading as listed in the table of contents and the PDF outline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TocEntry {
    pub(crate) number: String,
    pub(crate) text: String,
    pub(crate) level: u8,
    pub(crate) page: usize,
    /// Distance of the heading from the top of its page.
    pub(crate) y: f32,
    /// Height of its page (portrait or landscape).
    pub(crate) page_height: f32,
}

/// The result of a layout pass.
#[derive(Debug, Clone, Default)]
pub(crate) struct Laid {
    pub(crate) pages: Vec<PageOut>,
    pub(crate) toc: Vec<TocEntry>,
}

/// Lays out the document, including the cover, table of contents, running header
/// and footer.
pub(crate) fn layout(doc: &ReportDoc) -> Laid {
    fn has_toc(blocks: &[Block]) -> bool {
        blocks.iter().any(|b| match b {
            Block::TableOfContents => true,
            Block::Landscape(inner) => has_toc(inner),
            _ => false,
        })
    }
    let mut known: Option<Vec<TocEntry>> = None;
    let mut laid = Laid::default();
    let passes = if has_toc(&doc.blocks) { 4 } else { 1 };
    for _ in 0..passes {
        laid = Engine::run(doc, known.as_deref());
        let stable = known
            .as_ref()
            .is_some_and(|k| k.iter().map(|e| e.page).eq(laid.toc.iter().map(|e| e.page)));
        if stable {
            break;
        }
        known = Some(laid.toc.clone());
    }
    decorate(doc, &mut laid.pages);
    laid
}

/// Styles of heading levels 1–3: (size, leading, space before, space after, colour).
fn heading_style(level: u8) -> (f32, f32, f32, f32, Rgb) {
    match level {
        1 => (17.0, 21.0, 20.0, 12.0, palette::NAVY),
        2 => (12.5, 16.0, 14.0, 6.0, palette::NAVY),
        _ => (10.5, 14.0, 10.0, 4.0, palette::INK),
    }
}

fn face_of(style: SpanStyle) -> Face {
    match style {
        SpanStyle::Regular => Face::Regular,
        SpanStyle::Bold => Face::Bold,
        SpanStyle::Italic => Face::Italic,
    }
}

fn rich_pieces(t: &RichText) -> Vec<(Face, &str)> {
    t.spans
        .iter()
        .map(|s| (face_of(s.style), s.text.as_str()))
        .collect()
}

/// Keeps at most `max` lines; the last kept line is elided with "…".
fn cap_lines(mut lines: Vec<Line>, max: usize, size: f32, max_w: f32) -> Vec<Line> {
    if lines.len() <= max || max == 0 {
        return lines;
    }
    lines.truncate(max);
    if let Some(last) = lines.last_mut() {
        let face = last.runs.first().map_or(Face::Regular, |r| r.face);
        let candidate = format!("{}\u{2026}", last.plain().trim_end());
        let t = text::elide(face, &candidate, size, max_w);
        let mut l = text::wrap(&[(face, t.as_str())], size, f32::MAX);
        if let Some(first) = l.pop() {
            *last = first;
        }
    }
    lines
}

/// Baseline offset of a line inside its line box: capitals centred vertically.
fn baseline_in(lead: f32, size: f32, face: Face) -> f32 {
    f32::midpoint(lead, size * face.metrics().cap_height)
}

/// One line of flowing text (paragraph, list item, callout).
#[derive(Debug, Clone)]
struct FlowLine {
    x: f32,
    lead: f32,
    size: f32,
    color: Rgb,
    line: Line,
    /// A marker (bullet) drawn at this x in front of the line.
    marker: Option<(f32, String)>,
    /// Vertical space before this line (between items).
    gap_before: f32,
}

struct Engine<'a> {
    doc: &'a ReportDoc,
    known: Option<&'a [TocEntry]>,
    pages: Vec<PageOut>,
    y: f32,
    landscape: bool,
    has_content: bool,
    toc: Vec<TocEntry>,
    numbering: Numbering,
    tables: u32,
    figures: u32,
}

#[derive(Clone, Copy)]
struct Geom {
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
}

impl Geom {
    fn width(self) -> f32 {
        self.right - self.left
    }
    fn height(self) -> f32 {
        self.bottom - self.top
    }
}

impl<'a> Engine<'a> {
    fn run(doc: &'a ReportDoc, known: Option<&'a [TocEntry]>) -> Laid {
        let mut e = Engine {
            doc,
            known,
            pages: Vec::new(),
            y: 0.0,
            landscape: false,
            has_content: false,
            toc: Vec::new(),
            numbering: Numbering::default(),
            tables: 0,
            figures: 0,
        };
        if doc.options.cover_page {
            e.cover();
        }
        e.new_page();
        let blocks = &doc.blocks;
        for (i, b) in blocks.iter().enumerate() {
            e.block(b, blocks.get(i + 1));
        }
        // Drop a trailing empty page (e.g. a document ending in a page break).
        if !e.has_content && e.pages.len() > 1 {
            e.pages.pop();
        }
        Laid {
            pages: e.pages,
            toc: e.toc,
        }
    }

    fn geom(&self) -> Geom {
        let (w, h) = if self.landscape {
            (A4_H, A4_W)
        } else {
            (A4_W, A4_H)
        };
        Geom {
            left: MARGIN_X,
            right: w - MARGIN_X,
            top: MARGIN_TOP,
            bottom: h - MARGIN_BOTTOM,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(PageOut {
            landscape: self.landscape,
            cover: false,
            items: Vec::new(),
        });
        self.y = self.geom().top;
        self.has_content = false;
    }

    /// Starts a new page unless the current one is still empty.
    fn fresh_page(&mut self) {
        if self.has_content {
            self.new_page();
        }
    }

    fn set_landscape(&mut self, landscape: bool) {
        if self.landscape == landscape {
            return;
        }
        self.landscape = landscape;
        if self.has_content {
            self.new_page();
        } else if let Some(p) = self.pages.last_mut() {
            p.landscape = landscape;
            self.y = self.geom().top;
        }
    }

    fn page_index(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    fn push(&mut self, item: Item) {
        if let Some(p) = self.pages.last_mut() {
            p.items.push(item);
        }
        self.has_content = true;
    }

    fn remaining(&self) -> f32 {
        self.geom().bottom - self.y
    }

    /// Makes sure `h` points fit below the cursor, starting a new page if they don't
    /// (and the page has content).
    fn ensure(&mut self, h: f32) {
        if h > self.remaining() {
            self.fresh_page();
        }
    }

    /// Adds vertical space, unless at the top of a page.
    fn gap(&mut self, h: f32) {
        if self.has_content {
            self.y += h;
        }
    }

    fn text(
        &mut self,
        x: f32,
        baseline: f32,
        face: Face,
        size: f32,
        color: Rgb,
        s: impl Into<String>,
    ) {
        let s = s.into();
        if s.is_empty() {
            return;
        }
        self.push(Item::Text {
            x,
            y: baseline,
            face,
            size,
            color,
            text: s,
            rotation: 0.0,
        });
    }

    fn draw_line(&mut self, x: f32, baseline: f32, line: &Line, size: f32, color: Rgb) {
        for r in &line.runs {
            self.text(x + r.x, baseline, r.face, size, color, r.text.clone());
        }
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32, color: Rgb, width: f32) {
        self.push(Item::Line {
            points: vec![(x1, y), (x2, y)],
            color,
            width,
            dash: Vec::new(),
        });
    }

    fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    ) {
        self.push(Item::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        });
    }

    // ----------------------------------------------------------------------------
    // Blocks
    // ----------------------------------------------------------------------------

    fn block(&mut self, b: &Block, next: Option<&Block>) {
        match b {
            Block::Heading(h) => self.heading(h, next),
            Block::Paragraph(t) => {
                let lines = Self::paragraph_lines(t, self.geom().left, self.geom().width());
                self.gap(0.0);
                self.flow(&lines);
                self.y += PARA_GAP;
            }
            Block::Bullets(items) => {
                let lines = self.bullet_lines(items);
                self.flow(&lines);
                self.y += PARA_GAP;
            }
            Block::KeyValues(rows) => {
                self.key_values(rows);
                self.y += BLOCK_GAP;
            }
            Block::Table(t) => {
                self.data_table(t);
                self.y += BLOCK_GAP;
            }
            Block::TableOfContents => self.contents(),
            Block::PageBreak => self.fresh_page(),
            Block::Landscape(blocks) => {
                let was = self.landscape;
                self.set_landscape(true);
                for (i, b) in blocks.iter().enumerate() {
                    self.block(b, blocks.get(i + 1));
                }
                self.set_landscape(was);
            }
            Block::Callout(c) => {
                self.callout(c);
                self.y += BLOCK_GAP;
            }
            Block::Signatures(s) => {
                self.signatures(s);
                self.y += BLOCK_GAP;
            }
            Block::Figure(f) => {
                self.figure(f);
                self.y += BLOCK_GAP;
            }
        }
    }

    /// The least height the start of `b` needs, for keep-with-next.
    fn min_start(&self, b: Option<&Block>) -> f32 {
        let g = self.geom();
        match b {
            None | Some(Block::TableOfContents | Block::PageBreak | Block::Landscape(_)) => 0.0,
            Some(Block::Heading(h)) => {
                let (size, lead, _, after, _) = heading_style(h.level.clamp(1, 3));
                lead.max(size) + after + 2.0 * BODY_LEAD
            }
            Some(Block::Paragraph(t)) => {
                let n = Self::paragraph_lines(t, g.left, g.width()).len().min(2);
                BODY_LEAD * nf(n.max(1))
            }
            Some(Block::Bullets(_)) => 2.0 * BODY_LEAD,
            Some(Block::KeyValues(_)) => 2.0 * (TABLE_LEAD + 2.0 * CELL_PAD_Y),
            Some(Block::Table(t)) => {
                let cols = table_widths(t, g.width());
                let header = header_cells(t, &cols);
                let hh = row_height(&header);
                let cap = if t.caption.is_empty() {
                    0.0
                } else {
                    CAPTION_SIZE * 2.2
                };
                cap + hh + 2.0 * TABLE_LEAD + 2.0 * CELL_PAD_Y
            }
            Some(Block::Callout(_)) => 4.0 * BODY_LEAD,
            Some(Block::Signatures(_)) => SIG_H,
            Some(Block::Figure(f)) => {
                let (_, h) = figure_size(f, g);
                h + 3.0 * CAPTION_SIZE
            }
        }
    }

    fn heading(&mut self, h: &Heading, next: Option<&Block>) {
        let (number, level) = self.numbering.next(h.level);
        let (size, lead, before, after, color) = heading_style(level);
        if level == 1 && self.doc.options.chapter_page_breaks {
            self.fresh_page();
        }
        let g = self.geom();
        let num_face = Face::Bold;
        let num_w = text::width(num_face, &number, size) + size * 0.8;
        let text_x = g.left + num_w.max(if level == 1 { 30.0 } else { 0.0 });
        let lines = text::wrap(&[(Face::Bold, h.text.as_str())], size, g.right - text_x);
        let lines = cap_lines(lines, 4, size, g.right - text_x);
        #[expect(clippy::cast_precision_loss, reason = "≤ 4 lines")]
        let block_h = lead * lines.len() as f32 + if level == 1 { 6.0 } else { 0.0 };
        let need = (before + block_h + after + self.min_start(next)).min(g.height());
        let space_before = if self.has_content { before } else { 0.0 };
        if self.y + space_before + need - before > g.bottom {
            self.fresh_page();
        }
        self.gap(before);
        let top = self.y;
        let accent = if level == 1 { palette::ACCENT } else { color };
        for (i, l) in lines.iter().enumerate() {
            let base = self.y + baseline_in(lead, size, Face::Bold);
            if i == 0 {
                self.text(g.left, base, num_face, size, accent, number.clone());
            }
            self.draw_line(text_x, base, l, size, color);
            self.y += lead;
        }
        if level == 1 {
            self.y += 4.0;
            self.rule(g.left, g.right, self.y, palette::NAVY, 0.9);
            self.y += 2.0;
        }
        self.y += after;
        self.toc.push(TocEntry {
            number,
            text: h.text.clone(),
            level,
            page: self.page_index(),
            y: top,
            page_height: self.pages.last().map_or(A4_H, |p| p.size().1),
        });
    }

    fn paragraph_lines(t: &RichText, x: f32, w: f32) -> Vec<FlowLine> {
        text::wrap(&rich_pieces(t), BODY_SIZE, w)
            .into_iter()
            .map(|line| FlowLine {
                x,
                lead: BODY_LEAD,
                size: BODY_SIZE,
                color: palette::INK,
                line,
                marker: None,
                gap_before: 0.0,
            })
            .collect()
    }

    fn bullet_lines(&self, items: &[RichText]) -> Vec<FlowLine> {
        let g = self.geom();
        let indent = 14.0;
        let mut out = Vec::new();
        for (i, it) in items.iter().enumerate() {
            let mut lines = Self::paragraph_lines(it, g.left + indent, g.width() - indent);
            if let Some(first) = lines.first_mut() {
                first.marker = Some((g.left + 4.0, "\u{2022}".to_string()));
                first.gap_before = if i == 0 { 0.0 } else { 2.5 };
            }
            out.extend(lines);
        }
        out
    }

    /// Places flowing lines, breaking pages with widow/orphan control (at least two
    /// lines of a paragraph on either side of a break where possible).
    fn flow(&mut self, lines: &[FlowLine]) {
        let n = lines.len();
        let mut i = 0;
        while i < n {
            // How many lines fit from i?
            let mut fit = 0;
            let mut h = 0.0;
            for l in &lines[i..] {
                let add = l.lead + if fit == 0 { 0.0 } else { l.gap_before };
                if self.y + h + add > self.geom().bottom {
                    break;
                }
                h += add;
                fit += 1;
            }
            let left = n - i;
            if fit < left {
                // Orphan/widow control.
                let mut take = fit;
                if left - take == 1 && take > 2 {
                    take -= 1;
                }
                if (take < 2 && left >= 2) || take == 0 {
                    if self.has_content {
                        self.new_page();
                        continue;
                    }
                    take = take.max(1);
                }
                self.place_lines(&lines[i..i + take]);
                i += take;
                self.new_page();
            } else {
                self.place_lines(&lines[i..]);
                i = n;
            }
        }
    }

    fn place_lines(&mut self, lines: &[FlowLine]) {
        for (k, l) in lines.iter().enumerate() {
            if k > 0 {
                self.y += l.gap_before;
            }
            let base = self.y + baseline_in(l.lead, l.size, Face::Regular);
            if let Some((mx, m)) = &l.marker {
                self.text(*mx, base, Face::Bold, l.size, palette::ACCENT, m.clone());
            }
            self.draw_line(l.x, base, &l.line, l.size, l.color);
            self.y += l.lead;
        }
    }

    // ----------------------------------------------------------------------------
    // Tables
    // ----------------------------------------------------------------------------

    // ----------------------------------------------------------------------------
    // Contents
    // ----------------------------------------------------------------------------

    // ----------------------------------------------------------------------------
    // Callouts, signatures, figures
    // ----------------------------------------------------------------------------

    // ----------------------------------------------------------------------------
    // Cover
    // ----------------------------------------------------------------------------
}

/// A count as `f32` (counts here are small: lines, rows, columns).
#[expect(clippy::cast_precision_loss, reason = "counts are far below 2^23")]
fn nf(n: usize) -> f32 {
    n as f32
}

fn fin(v: f32) -> f32 {
    if v.is_finite() { v } else { 0.0 }
}

fn cap_lines_limit(lines: Vec<Line>, w: f32) -> Vec<Line> {
    cap_lines(lines, 3, CAPTION_SIZE, w)
}

// ----------------------------------------------------------------------------------
// Running header and footer
// ----------------------------------------------------------------------------------
