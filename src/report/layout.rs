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

use crate::report::doc::{
    Align, Block, Callout, CalloutKind, Cell, DataTable, Heading, KeyValue, Numbering, ReportDoc,
    Rgb, RichText, Signature, SpanStyle, empty_text, palette,
};
use crate::report::figure::{Anchor, Figure, Shape, Stroke, VAnchor};
use crate::report::fonts::Face;
use crate::report::text::{self, Line};

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
                let cols = column_widths(&t.columns, g.width());
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

    fn data_table(&mut self, t: &DataTable) {
        let g = self.geom();
        if t.columns.is_empty() {
            return;
        }
        let cols = column_widths(&t.columns, g.width());
        let caption = if t.caption.is_empty() {
            None
        } else {
            self.tables += 1;
            Some(format!("Table {}", self.tables))
        };
        let header = header_cells(t, &cols);
        let mut rows: Vec<RowCells> = t
            .rows
            .iter()
            .enumerate()
            .map(|(ri, row)| body_cells(t, row, &cols, ri))
            .collect();
        if rows.is_empty() {
            let lines = text::wrap(
                &[(Face::Italic, empty_text(t))],
                TABLE_SIZE,
                g.width() - 2.0 * CELL_PAD_X,
            );
            rows.push(vec![CellOut {
                x: 0.0,
                w: g.width(),
                lines,
                fill: None,
                color: palette::MUTED,
                align: Align::Left,
            }]);
        }
        self.table(caption.as_deref(), &t.caption, Some(&header), &rows, true);
    }

    fn key_values(&mut self, kv: &[KeyValue]) {
        let g = self.geom();
        let key_w = (g.width() * 0.3).clamp(90.0, 170.0);
        let val_w = g.width() - key_w;
        let rows: Vec<RowCells> = kv
            .iter()
            .map(|r| {
                vec![
                    CellOut {
                        x: 0.0,
                        w: key_w,
                        lines: text::wrap(
                            &[(Face::Bold, r.key.as_str())],
                            TABLE_SIZE,
                            key_w - 2.0 * CELL_PAD_X,
                        ),
                        fill: Some(palette::KEY_FILL),
                        color: palette::INK,
                        align: Align::Left,
                    },
                    CellOut {
                        x: key_w,
                        w: val_w,
                        lines: text::wrap(
                            &[(Face::Regular, r.value.as_str())],
                            TABLE_SIZE,
                            val_w - 2.0 * CELL_PAD_X,
                        ),
                        fill: None,
                        color: palette::INK,
                        align: Align::Left,
                    },
                ]
            })
            .collect();
        if rows.is_empty() {
            return;
        }
        self.table(None, "", None, &rows, false);
    }

    /// Places a table: optional caption, a header repeated on every page, rows that
    /// move to the next page whole when they fit on one, and are split line by line
    /// when they are taller than a page.
    fn table(
        &mut self,
        label: Option<&str>,
        caption: &str,
        header: Option<&RowCells>,
        rows: &[RowCells],
        zebra: bool,
    ) {
        let g = self.geom();
        let left = g.left;
        let width = g.width();
        let header_h = header.map_or(0.0, row_height);
        let cap_lines = label.map(|l| {
            text::wrap(
                &[
                    (Face::Bold, l),
                    (Face::Regular, "  "),
                    (Face::Regular, caption),
                ],
                CAPTION_SIZE,
                width,
            )
        });
        let cap_lead = CAPTION_SIZE * 1.35;
        #[expect(clippy::cast_precision_loss, reason = "few lines")]
        let cap_h = cap_lines
            .as_ref()
            .map_or(0.0, |l| cap_lead * l.len() as f32 + 4.0);
        let first_row_min = rows.first().map_or(0.0, |r| {
            row_height(r).min(2.0 * CELL_PAD_Y + 2.0 * TABLE_LEAD)
        });
        self.ensure(cap_h + header_h + first_row_min);
        if let Some(lines) = &cap_lines {
            for l in lines {
                let base = self.y + baseline_in(cap_lead, CAPTION_SIZE, Face::Regular);
                self.draw_line(left, base, l, CAPTION_SIZE, palette::NAVY);
                self.y += cap_lead;
            }
            self.y += 4.0;
        }
        let top_rule = |e: &mut Self| {
            if header.is_none() {
                e.rule(left, left + width, e.y, palette::NAVY, 0.9);
            }
        };
        top_rule(self);
        if let Some(h) = header {
            self.draw_row(h, left, &vec![0; h.len()], None, true);
        }
        for (ri, row) in rows.iter().enumerate() {
            let row_h = row_height(row);
            let fill = if zebra && ri % 2 == 1 {
                Some(palette::ZEBRA)
            } else {
                None
            };
            if row_h > self.remaining() {
                let fresh = self.geom().height() - header_h;
                let min_slice = 2.0 * CELL_PAD_Y + TABLE_LEAD * 2.0_f32.min(nf(max_lines(row)));
                if row_h <= fresh || self.remaining() < min_slice {
                    self.table_break(header, left);
                }
            }
            // Place the row, split over pages if it is still too tall.
            let mut offsets = vec![0usize; row.len()];
            loop {
                let avail = self.remaining();
                let rest =
                    max_lines(row).saturating_sub(offsets.iter().copied().min().unwrap_or(0));
                let rest_h = slice_height(row, &offsets, usize::MAX);
                if rest_h <= avail || rest == 0 {
                    self.draw_row(row, left, &offsets, fill, false);
                    break;
                }
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "clamped, small"
                )]
                let n = (((avail - 2.0 * CELL_PAD_Y) / TABLE_LEAD).floor().max(1.0)) as usize;
                self.draw_row_slice(row, left, &offsets, n, fill);
                for (o, c) in offsets.iter_mut().zip(row) {
                    *o = (*o + n).min(c.lines.len());
                }
                if row.iter().zip(&offsets).all(|(c, o)| *o >= c.lines.len()) {
                    break;
                }
                self.table_break(header, left);
            }
        }
        self.rule(left, left + width, self.y, palette::NAVY, 0.9);
    }

    fn table_break(&mut self, header: Option<&RowCells>, left: f32) {
        self.new_page();
        if let Some(h) = header {
            self.draw_row(h, left, &vec![0; h.len()], None, true);
        } else {
            let w = self.geom().width();
            self.rule(left, left + w, self.y, palette::NAVY, 0.9);
        }
    }

    fn draw_row(
        &mut self,
        row: &RowCells,
        left: f32,
        offsets: &[usize],
        fill: Option<Rgb>,
        header: bool,
    ) {
        let n = usize::MAX;
        if header {
            let h = row_height(row);
            let w = row.iter().map(|c| c.x + c.w).fold(0.0, f32::max);
            self.rect(left, self.y, w, h, Some(palette::NAVY), None);
        }
        self.draw_row_slice(row, left, offsets, n, fill);
    }

    /// Draws up to `n` lines of every cell starting at `offsets`, then a hairline.
    fn draw_row_slice(
        &mut self,
        row: &RowCells,
        left: f32,
        offsets: &[usize],
        n: usize,
        fill: Option<Rgb>,
    ) {
        let h = slice_height(row, offsets, n);
        let top = self.y;
        let width = row.iter().map(|c| c.x + c.w).fold(0.0, f32::max);
        if let Some(f) = fill {
            self.rect(left, top, width, h, Some(f), None);
        }
        for (c, &off) in row.iter().zip(offsets) {
            if let Some(f) = c.fill {
                self.rect(left + c.x, top, c.w, h, Some(f), None);
            }
            let mut y = top + CELL_PAD_Y;
            for l in c.lines.iter().skip(off).take(n) {
                let inner = c.w - 2.0 * CELL_PAD_X;
                let dx = match c.align {
                    Align::Left => 0.0,
                    Align::Centre => ((inner - l.width) / 2.0).max(0.0),
                    Align::Right => (inner - l.width).max(0.0),
                };
                let base = y + baseline_in(TABLE_LEAD, TABLE_SIZE, Face::Regular);
                self.draw_line(left + c.x + CELL_PAD_X + dx, base, l, TABLE_SIZE, c.color);
                y += TABLE_LEAD;
            }
        }
        self.y = top + h;
        self.rule(left, left + width, self.y, palette::RULE, 0.5);
    }

    // ----------------------------------------------------------------------------
    // Contents
    // ----------------------------------------------------------------------------

    fn contents(&mut self) {
        if self.doc.options.chapter_page_breaks {
            self.fresh_page();
        }
        let g = self.geom();
        let (size, lead, _, after, color) = heading_style(1);
        self.ensure(lead + after + 3.0 * BODY_LEAD);
        let base = self.y + baseline_in(lead, size, Face::Bold);
        self.text(g.left, base, Face::Bold, size, color, "Contents");
        self.y += lead + 4.0;
        self.rule(g.left, g.right, self.y, palette::NAVY, 0.9);
        self.y += 2.0 + after;

        let num_col = 36.0;
        let entries: Vec<(String, String, u8)> = self.heading_list();
        for (idx, (number, title, level)) in entries.iter().enumerate() {
            let (size, face, indent, gap, color) = match level {
                1 => (9.5, Face::Bold, 0.0, 7.0, palette::INK),
                2 => (9.0, Face::Regular, 24.0, 1.5, palette::INK),
                _ => (8.5, Face::Regular, 50.0, 0.5, palette::MUTED),
            };
            let lead = size * 1.5;
            let num_w = if *level == 1 { 24.0 } else { 28.0 };
            let text_x = g.left + indent + num_w;
            let text_w = g.right - num_col - text_x;
            let lines = cap_lines(
                text::wrap(&[(face, title.as_str())], size, text_w),
                3,
                size,
                text_w,
            );
            #[expect(clippy::cast_precision_loss, reason = "≤ 3 lines")]
            let h = gap + lead * lines.len() as f32;
            self.ensure(h);
            self.gap(gap);
            let top = self.y;
            let target = self.known.and_then(|k| k.get(idx));
            let page_label = target.map_or(String::new(), |e| (e.page + 1).to_string());
            for (li, l) in lines.iter().enumerate() {
                let base = self.y + baseline_in(lead, size, face);
                if li == 0 {
                    self.text(g.left + indent, base, face, size, color, number.clone());
                }
                self.draw_line(text_x, base, l, size, color);
                if li + 1 == lines.len() {
                    // Dot leader and page number.
                    let pw = text::width(face, &page_label, size);
                    let start = text_x + l.width + 4.0;
                    let end = g.right - pw - 4.0;
                    let dot_w = text::width(Face::Regular, ". ", size);
                    if end > start && dot_w > 0.0 {
                        #[expect(
                            clippy::cast_possible_truncation,
                            clippy::cast_sign_loss,
                            reason = "positive, bounded by page width"
                        )]
                        let count = ((end - start) / dot_w).floor() as usize;
                        let dots = ". ".repeat(count);
                        let dx = end - text::width(Face::Regular, &dots, size);
                        self.text(
                            dx,
                            base,
                            Face::Regular,
                            size,
                            palette::RULE,
                            dots.trim_end().to_string(),
                        );
                    }
                    self.text(g.right - pw, base, face, size, color, page_label.clone());
                }
                self.y += lead;
            }
            if let Some(t) = target {
                self.push(Item::Link {
                    x: g.left,
                    y: top,
                    w: g.width(),
                    h: self.y - top,
                    page: t.page,
                    dest_y: t.page_height - t.y + 12.0,
                });
            }
        }
        self.y += BLOCK_GAP;
    }

    /// All headings of the document, numbered, in order (independent of layout).
    fn heading_list(&self) -> Vec<(String, String, u8)> {
        fn walk(blocks: &[Block], n: &mut Numbering, out: &mut Vec<(String, String, u8)>) {
            for b in blocks {
                match b {
                    Block::Heading(h) => {
                        let (num, lvl) = n.next(h.level);
                        out.push((num, h.text.clone(), lvl));
                    }
                    Block::Landscape(inner) => walk(inner, n, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.doc.blocks, &mut Numbering::default(), &mut out);
        out
    }

    // ----------------------------------------------------------------------------
    // Callouts, signatures, figures
    // ----------------------------------------------------------------------------

    fn callout(&mut self, c: &Callout) {
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

    fn signatures(&mut self, sigs: &[Signature]) {
        let g = self.geom();
        let gap = 24.0;
        let per_row = if self.landscape { 3 } else { 2 };
        #[expect(clippy::cast_precision_loss, reason = "small")]
        let w = (g.width() - gap * (per_row - 1) as f32) / per_row as f32;
        if !sigs.is_empty() {
            self.gap(8.0);
        }
        for row in sigs.chunks(per_row) {
            self.ensure(SIG_H);
            let top = self.y;
            for (k, s) in row.iter().enumerate() {
                #[expect(clippy::cast_precision_loss, reason = "small")]
                let x = g.left + (w + gap) * k as f32;
                self.signature(s, x, top, w);
            }
            self.y = top + SIG_H;
        }
    }

    fn signature(&mut self, s: &Signature, x: f32, top: f32, w: f32) {
        let pad = 10.0;
        let box_h = SIG_H - 14.0;
        self.rect(
            x,
            top,
            w,
            box_h,
            Some(Rgb::hex(0xFA_FBFC)),
            Some((palette::RULE, 0.6)),
        );
        self.rect(x, top, w, 2.0, Some(palette::NAVY), None);
        let inner = w - 2.0 * pad;
        let role = text::elide(Face::Regular, &s.role.to_uppercase(), 7.0, inner);
        self.text(
            x + pad,
            top + pad + 9.0,
            Face::Regular,
            7.0,
            palette::MUTED,
            role,
        );
        let name = text::elide(Face::Bold, &s.name, 10.5, inner);
        self.text(
            x + pad,
            top + pad + 23.0,
            Face::Bold,
            10.5,
            palette::INK,
            name,
        );
        // Signature line (left) and date line (right) on one baseline.
        let line_y = top + box_h - pad - 12.0;
        let sig_end = x + pad + inner * 0.6;
        let date_x = sig_end + inner * 0.08;
        self.rule(x + pad, sig_end, line_y, palette::INK, 0.6);
        self.rule(date_x, x + w - pad, line_y, palette::INK, 0.6);
        self.text(
            x + pad,
            line_y + 9.0,
            Face::Regular,
            7.0,
            palette::MUTED,
            "Signature",
        );
        self.text(
            date_x,
            line_y + 9.0,
            Face::Regular,
            7.0,
            palette::MUTED,
            "Date",
        );
        if !s.date.is_empty() {
            let d = text::elide(Face::Regular, &s.date, 9.0, x + w - pad - date_x);
            self.text(date_x, line_y - 4.0, Face::Regular, 9.0, palette::INK, d);
        }
    }

    fn figure(&mut self, f: &Figure) {
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
    fn shape(&mut self, s: &Shape, x0: f32, y0: f32, k: f32) {
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

    // ----------------------------------------------------------------------------
    // Cover
    // ----------------------------------------------------------------------------

    /// A small upper-case label above a cover section.
    fn cover_label(&mut self, label: &str) {
        let left = self.geom().left;
        self.text(left, self.y + 7.0, Face::Bold, 7.5, palette::MUTED, label);
        self.y += 13.0;
    }

    #[expect(clippy::too_many_lines, reason = "the cover is one linear composition")]
    fn cover(&mut self) {
        self.new_page();
        if let Some(p) = self.pages.last_mut() {
            p.cover = true;
        }
        let m = &self.doc.meta;
        let g = self.geom();
        let band_h = 100.0 * MM;
        self.rect(0.0, 0.0, A4_W, band_h, Some(palette::NAVY), None);
        self.rect(0.0, band_h, A4_W, 2.2 * MM, Some(palette::ACCENT), None);
        let light = Rgb::hex(0xC9_D6E3);
        let org = if m.organisation.is_empty() {
            "AI RISK MANAGEMENT".to_string()
        } else {
            m.organisation.to_uppercase()
        };
        let org = text::elide(Face::Bold, &org, 9.0, g.width());
        self.text(g.left, 22.0 * MM, Face::Bold, 9.0, light, org);
        self.rule(g.left, g.left + 40.0, 26.0 * MM, palette::ACCENT, 2.0);

        // Title: up to three lines, shrinking for long titles.
        let mut size = 28.0;
        let mut lines = text::wrap(&[(Face::Bold, m.title.as_str())], size, g.width());
        while lines.len() > 2 && size > 18.0 {
            size -= 2.0;
            lines = text::wrap(&[(Face::Bold, m.title.as_str())], size, g.width());
        }
        let lines = cap_lines(lines, 3, size, g.width());
        let lead = size * 1.18;
        let mut y = 44.0 * MM;
        for l in &lines {
            self.draw_line(g.left, y, l, size, Rgb::WHITE);
            y += lead;
        }
        if !m.subtitle.is_empty() {
            y += 2.0;
            let sub = cap_lines(
                text::wrap(&[(Face::Regular, m.subtitle.as_str())], 13.0, g.width()),
                2,
                13.0,
                g.width(),
            );
            for l in &sub {
                self.draw_line(g.left, y, l, 13.0, light);
                y += 17.0;
            }
        }

        // System under assessment.
        let mut y = band_h + 18.0 * MM;
        self.text(g.left, y, Face::Bold, 7.5, palette::MUTED, "AI SYSTEM");
        y += 20.0;
        let sys = cap_lines(
            text::wrap(&[(Face::Bold, m.system_name.as_str())], 16.0, g.width()),
            2,
            16.0,
            g.width(),
        );
        for l in &sys {
            self.draw_line(g.left, y, l, 16.0, palette::NAVY);
            y += 20.0;
        }
        self.y = y + 10.0;

        // Document control.
        self.cover_label("DOCUMENT CONTROL");
        let mut kv = vec![
            KeyValue::new("Version", m.version.clone()),
            KeyValue::new("Date", m.date.clone()),
        ];
        if !m.status.is_empty() {
            kv.push(KeyValue::new("Status", m.status.clone()));
        }
        kv.push(KeyValue::new("Classification", m.classification.clone()));
        if !m.next_review.is_empty() {
            kv.push(KeyValue::new("Next review", m.next_review.clone()));
        }
        self.key_values(&kv);
        self.y += 18.0;

        // Authors and approvers.
        if !m.authors.is_empty() || !m.approvers.is_empty() {
            self.cover_label("AUTHORS AND APPROVERS");
            let rows: Vec<Vec<Cell>> = m
                .authors
                .iter()
                .map(|p| ("Author", p))
                .chain(m.approvers.iter().map(|p| ("Approver", p)))
                .map(|(kind, p)| {
                    vec![
                        Cell::new(kind),
                        Cell::new(p.name.clone()).bold(),
                        Cell::new(p.role.clone()),
                    ]
                })
                .collect();
            let t = DataTable {
                caption: String::new(),
                columns: vec![
                    crate::report::doc::Column::new("Responsibility", 1.0),
                    crate::report::doc::Column::new("Name", 1.6),
                    crate::report::doc::Column::new("Role", 2.2),
                ],
                rows,
                empty_text: String::new(),
            };
            self.data_table(&t);
        }

        // Classification banner at the foot of the cover (if there is room).
        let g = self.geom();
        if self.pages.len() == 1 && self.y < g.bottom - 30.0 {
            let cls = text::elide(
                Face::Bold,
                &m.classification.to_uppercase(),
                10.0,
                g.width() - 20.0,
            );
            let bw = text::width(Face::Bold, &cls, 10.0) + 24.0;
            let by = A4_H - 24.0 * MM;
            if !cls.is_empty() {
                self.rect(g.left, by, bw, 22.0, None, Some((palette::NAVY, 1.2)));
                self.text(
                    g.left + 12.0,
                    by + 14.6,
                    Face::Bold,
                    10.0,
                    palette::NAVY,
                    cls,
                );
            }
            let note = format!(
                "{} \u{00B7} version {} \u{00B7} {}",
                m.title, m.version, m.date
            );
            let note = text::elide(Face::Regular, &note, 7.5, g.width() - bw - 16.0);
            let nw = text::width(Face::Regular, &note, 7.5);
            self.text(
                g.right - nw,
                by + 14.0,
                Face::Regular,
                7.5,
                palette::MUTED,
                note,
            );
        }
        // Content starts on a fresh page.
        self.has_content = true;
    }
}

const SIG_H: f32 = 120.0;

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

fn callout_colors(kind: CalloutKind) -> (Rgb, Rgb) {
    match kind {
        CalloutKind::Note => (Rgb::hex(0xED_F1F6), palette::NAVY),
        CalloutKind::Warning => (Rgb::hex(0xFC_F3E2), Rgb::hex(0xA8_6200)),
        CalloutKind::Critical => (Rgb::hex(0xFA_E8E6), palette::BAND_VERY_HIGH),
        CalloutKind::Decision => (Rgb::hex(0xE7_F2EC), Rgb::hex(0x2A_6A4C)),
    }
}

/// Displayed size of a figure in points: scaled to the text width and to 80% of the
/// text height.
fn figure_size(f: &Figure, g: Geom) -> (f32, f32) {
    let w = fin(f.width_mm).max(1.0) * MM;
    let h = fin(f.height_mm).max(1.0) * MM;
    let max_h = g.height() * 0.8;
    let k = (g.width() / w).min(max_h / h).min(1.0);
    (w * k, h * k)
}

fn rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Vec<(f32, f32, bool)> {
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

fn circle(cx: f32, cy: f32, r: f32) -> Vec<(f32, f32, bool)> {
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

// ----------------------------------------------------------------------------------
// Table helpers
// ----------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct CellOut {
    x: f32,
    w: f32,
    lines: Vec<Line>,
    fill: Option<Rgb>,
    color: Rgb,
    align: Align,
}

type RowCells = Vec<CellOut>;

fn column_widths(cols: &[crate::report::doc::Column], total: f32) -> Vec<(f32, f32, Align)> {
    let rel: Vec<f32> = cols
        .iter()
        .map(|c| {
            if c.width.is_finite() && c.width > 0.0 {
                c.width
            } else {
                1.0
            }
        })
        .collect();
    let sum: f32 = rel.iter().sum();
    let mut x = 0.0;
    cols.iter()
        .zip(rel)
        .map(|(c, r)| {
            let w = total * r / sum;
            let out = (x, w, c.align);
            x += w;
            out
        })
        .collect()
}

fn header_cells(t: &DataTable, cols: &[(f32, f32, Align)]) -> RowCells {
    t.columns
        .iter()
        .zip(cols)
        .map(|(c, &(x, w, align))| {
            let inner = w - 2.0 * CELL_PAD_X;
            let lines = cap_lines(
                text::wrap(&[(Face::Bold, c.header.as_str())], TABLE_SIZE, inner),
                5,
                TABLE_SIZE,
                inner,
            );
            CellOut {
                x,
                w,
                lines,
                fill: None,
                color: Rgb::WHITE,
                align,
            }
        })
        .collect()
}

fn body_cells(t: &DataTable, row: &[Cell], cols: &[(f32, f32, Align)], _ri: usize) -> RowCells {
    let blank = Cell::default();
    t.columns
        .iter()
        .enumerate()
        .zip(cols)
        .map(|((i, _), &(x, w, align))| {
            let c = row.get(i).unwrap_or(&blank);
            let face = if c.bold { Face::Bold } else { Face::Regular };
            let inner = w - 2.0 * CELL_PAD_X;
            CellOut {
                x,
                w,
                lines: text::wrap(&[(face, c.text.as_str())], TABLE_SIZE, inner),
                fill: c.fill,
                color: c.fill.map_or(palette::INK, Rgb::contrasting_text),
                align,
            }
        })
        .collect()
}

fn max_lines(row: &RowCells) -> usize {
    row.iter().map(|c| c.lines.len()).max().unwrap_or(0)
}

fn row_height(row: &RowCells) -> f32 {
    slice_height(row, &vec![0; row.len()], usize::MAX)
}

/// Height of the slice of `row` showing up to `n` lines from `offsets`.
fn slice_height(row: &RowCells, offsets: &[usize], n: usize) -> f32 {
    let lines = row
        .iter()
        .zip(offsets)
        .map(|(c, o)| c.lines.len().saturating_sub(*o).min(n))
        .max()
        .unwrap_or(0)
        .max(1);
    #[expect(clippy::cast_precision_loss, reason = "line counts are small")]
    let h = 2.0 * CELL_PAD_Y + TABLE_LEAD * lines as f32;
    h
}

// ----------------------------------------------------------------------------------
// Running header and footer
// ----------------------------------------------------------------------------------

/// Adds the running header (title, classification) and footer (system, version,
/// date, "Page X of Y") to every page but the cover.
fn decorate(doc: &ReportDoc, pages: &mut [PageOut]) {
    let total = pages.len();
    let m = &doc.meta;
    for (i, p) in pages.iter_mut().enumerate() {
        if p.cover {
            continue;
        }
        let (w, h) = p.size();
        let left = MARGIN_X;
        let right = w - MARGIN_X;
        let size = 7.5;
        let cls = text::elide(
            Face::Bold,
            &m.classification.to_uppercase(),
            size,
            (right - left) * 0.35,
        );
        let cls_w = text::width(Face::Bold, &cls, size);
        let title = text::elide(Face::Regular, &m.title, size, (right - left) - cls_w - 20.0);
        let hy = 14.0 * MM;
        p.items.push(Item::Text {
            x: left,
            y: hy,
            face: Face::Regular,
            size,
            color: palette::MUTED,
            text: title,
            rotation: 0.0,
        });
        if !cls.is_empty() {
            p.items.push(Item::Text {
                x: right - cls_w,
                y: hy,
                face: Face::Bold,
                size,
                color: palette::NAVY,
                text: cls,
                rotation: 0.0,
            });
        }
        p.items.push(Item::Line {
            points: vec![(left, hy + 4.5), (right, hy + 4.5)],
            color: palette::RULE,
            width: 0.5,
            dash: Vec::new(),
        });
        let fy = h - 12.0 * MM;
        p.items.push(Item::Line {
            points: vec![(left, fy - 9.0), (right, fy - 9.0)],
            color: palette::RULE,
            width: 0.5,
            dash: Vec::new(),
        });
        let page = format!("Page {} of {}", i + 1, total);
        let pw = text::width(Face::Regular, &page, size);
        let mut parts = vec![m.system_name.as_str()];
        let version = format!("Version {}", m.version);
        if !m.version.is_empty() {
            parts.push(&version);
        }
        if !m.date.is_empty() {
            parts.push(&m.date);
        }
        let left_text = parts
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("  \u{00B7}  ");
        let left_text = text::elide(Face::Regular, &left_text, size, (right - left) - pw - 20.0);
        p.items.push(Item::Text {
            x: left,
            y: fy,
            face: Face::Regular,
            size,
            color: palette::MUTED,
            text: left_text,
            rotation: 0.0,
        });
        p.items.push(Item::Text {
            x: right - pw,
            y: fy,
            face: Face::Regular,
            size,
            color: palette::MUTED,
            text: page,
            rotation: 0.0,
        });
    }
}
