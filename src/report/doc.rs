//! The document model: a [`ReportDoc`] is plain data (metadata plus an ordered list of
//! [`Block`]s) that knows nothing about pages. The renderer in [`crate::report::render_pdf`]
//! decides where everything goes; [`ReportDoc::to_outline_text`] gives a deterministic
//! plain-text rendering for snapshot tests.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::report::figure::Figure;

pub use crate::model::palette::Rgb;
pub use crate::model::palette::document as palette;

/// A risk band of a 5×5 matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RiskBand {
    /// Very low.
    VeryLow,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Very high.
    VeryHigh,
}

impl RiskBand {
    /// All bands, lowest first.
    pub const ALL: [RiskBand; 5] = [
        RiskBand::VeryLow,
        RiskBand::Low,
        RiskBand::Medium,
        RiskBand::High,
        RiskBand::VeryHigh,
    ];

    /// Human label ("Very high").
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            RiskBand::VeryLow => "Very low",
            RiskBand::Low => "Low",
            RiskBand::Medium => "Medium",
            RiskBand::High => "High",
            RiskBand::VeryHigh => "Very high",
        }
    }

    /// Fill colour of the band.
    #[must_use]
    pub fn fill(self) -> Rgb {
        match self {
            RiskBand::VeryLow => palette::BAND_VERY_LOW,
            RiskBand::Low => palette::BAND_LOW,
            RiskBand::Medium => palette::BAND_MEDIUM,
            RiskBand::High => palette::BAND_HIGH,
            RiskBand::VeryHigh => palette::BAND_VERY_HIGH,
        }
    }

    /// Default banding of a likelihood × impact score (each 1–5).
    #[must_use]
    pub fn from_score(likelihood: u8, impact: u8) -> RiskBand {
        match u16::from(likelihood.clamp(1, 5)) * u16::from(impact.clamp(1, 5)) {
            0..=3 => RiskBand::VeryLow,
            4..=6 => RiskBand::Low,
            7..=12 => RiskBand::Medium,
            13..=19 => RiskBand::High,
            _ => RiskBand::VeryHigh,
        }
    }
}

/// A person named on the cover (author or approver).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Role or function ("Head of Model Risk").
    pub role: String,
}

impl Person {
    /// Builds a person.
    #[must_use]
    pub fn new(name: impl Into<String>, role: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            role: role.into(),
        }
    }
}

/// Document metadata: printed on the cover, in the running header and footer, and
/// written to the PDF information dictionary.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DocMeta {
    /// Document title ("AI Risk Treatment Plan").
    pub title: String,
    /// Subtitle under the title on the cover (may be empty).
    #[serde(default)]
    pub subtitle: String,
    /// Name of the AI system assessed.
    pub system_name: String,
    /// Organisation issuing the document (may be empty).
    #[serde(default)]
    pub organisation: String,
    /// Security classification ("CONFIDENTIAL"); shown on every page.
    pub classification: String,
    /// Authors.
    #[serde(default)]
    pub authors: Vec<Person>,
    /// Approvers.
    #[serde(default)]
    pub approvers: Vec<Person>,
    /// PDF subject.
    #[serde(default)]
    pub subject: String,
    /// PDF keywords.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Document date, `YYYY-MM-DD`; also the PDF creation and modification date, so
    /// the same document always renders to the same bytes.
    pub date: String,
    /// Document version ("1.2").
    pub version: String,
    /// Document status ("Draft for approval"); empty to omit.
    #[serde(default)]
    pub status: String,
    /// Next review date (`YYYY-MM-DD` or free text); empty to omit.
    #[serde(default)]
    pub next_review: String,
}

/// Style of an inline span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum SpanStyle {
    /// Regular text.
    #[default]
    Regular,
    /// Bold text.
    Bold,
    /// Italic text.
    Italic,
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// The text (any Unicode; `\n` forces a line break).
    pub text: String,
    /// Its style.
    #[serde(default)]
    pub style: SpanStyle,
}

/// Text with inline emphasis.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RichText {
    /// The spans, in reading order.
    pub spans: Vec<Span>,
}

impl RichText {
    /// Plain text in the regular style.
    #[must_use]
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            spans: vec![Span {
                text: text.into(),
                style: SpanStyle::Regular,
            }],
        }
    }

    /// Parses a tiny markup: `**bold**` and `_italic_` (markers must be balanced;
    /// an unbalanced marker is kept as literal text). A backslash escapes the next
    /// character.
    #[must_use]
    pub fn markup(src: &str) -> Self {
        let mut spans: Vec<Span> = Vec::new();
        let mut cur = String::new();
        let mut style = SpanStyle::Regular;
        let chars: Vec<char> = src.chars().collect();
        let mut i = 0;
        let flush = |spans: &mut Vec<Span>, cur: &mut String, style: SpanStyle| {
            if !cur.is_empty() {
                spans.push(Span {
                    text: std::mem::take(cur),
                    style,
                });
            }
        };
        while i < chars.len() {
            let c = chars[i];
            if c == '\\' && i + 1 < chars.len() {
                cur.push(chars[i + 1]);
                i += 2;
                continue;
            }
            let is_bold_marker = c == '*' && chars.get(i + 1) == Some(&'*');
            let is_italic_marker = c == '_'
                && (i == 0 || !chars[i - 1].is_alphanumeric() || style == SpanStyle::Italic)
                && (style == SpanStyle::Italic
                    || chars.get(i + 1).is_some_and(|n| !n.is_whitespace()));
            if is_bold_marker && style != SpanStyle::Italic {
                let closes = style == SpanStyle::Bold;
                let has_closer = closes || chars[i + 2..].windows(2).any(|w| w == ['*', '*']);
                if has_closer {
                    flush(&mut spans, &mut cur, style);
                    style = if closes {
                        SpanStyle::Regular
                    } else {
                        SpanStyle::Bold
                    };
                    i += 2;
                    continue;
                }
            } else if is_italic_marker && style != SpanStyle::Bold {
                let closes = style == SpanStyle::Italic;
                let has_closer = closes || chars[i + 1..].contains(&'_');
                if has_closer {
                    flush(&mut spans, &mut cur, style);
                    style = if closes {
                        SpanStyle::Regular
                    } else {
                        SpanStyle::Italic
                    };
                    i += 1;
                    continue;
                }
            }
            cur.push(c);
            i += 1;
        }
        flush(&mut spans, &mut cur, style);
        Self { spans }
    }

    /// Appends a span.
    #[must_use]
    pub fn with(mut self, text: impl Into<String>, style: SpanStyle) -> Self {
        self.spans.push(Span {
            text: text.into(),
            style,
        });
        self
    }

    /// The text without styling.
    #[must_use]
    pub fn plain_text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

impl From<&str> for RichText {
    fn from(s: &str) -> Self {
        RichText::markup(s)
    }
}

impl From<String> for RichText {
    fn from(s: String) -> Self {
        RichText::markup(&s)
    }
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Align {
    /// Flush left.
    #[default]
    Left,
    /// Centred.
    Centre,
    /// Flush right (numbers).
    Right,
}

/// A column of a [`DataTable`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Header text.
    pub header: String,
    /// Relative width (any positive number; widths are normalised to the text width).
    pub width: f32,
    /// Alignment of the header and cells.
    #[serde(default)]
    pub align: Align,
}

impl Column {
    /// A left-aligned column.
    #[must_use]
    pub fn new(header: impl Into<String>, width: f32) -> Self {
        Self {
            header: header.into(),
            width,
            align: Align::Left,
        }
    }

    /// Sets the alignment.
    #[must_use]
    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Cell {
    /// Text (wrapped to the column; `\n` forces a line break).
    pub text: String,
    /// Background fill (pass/fail, risk band). Text switches to white on dark fills.
    #[serde(default)]
    pub fill: Option<Rgb>,
    /// Bold text.
    #[serde(default)]
    pub bold: bool,
}

impl Cell {
    /// A plain cell.
    #[must_use]
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            fill: None,
            bold: false,
        }
    }

    /// Sets the fill.
    #[must_use]
    pub fn fill(mut self, fill: Rgb) -> Self {
        self.fill = Some(fill);
        self
    }

    /// Makes the text bold.
    #[must_use]
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    /// A cell showing a risk band label on the band's colour.
    #[must_use]
    pub fn band(band: RiskBand) -> Self {
        Cell::new(band.label()).fill(band.fill())
    }

    /// "PASS" on the pass colour or "FAIL" on the fail colour.
    #[must_use]
    pub fn pass_fail(pass: bool) -> Self {
        if pass {
            Cell::new("PASS").fill(palette::PASS)
        } else {
            Cell::new("FAIL").fill(palette::FAIL).bold()
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::new(s)
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::new(s)
    }
}

/// A data table with a header row that repeats on every page it spans.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DataTable {
    /// Caption printed above the table as "Table N: caption" (empty: no caption, no
    /// number).
    #[serde(default)]
    pub caption: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows; missing cells are blank and surplus cells are ignored.
    pub rows: Vec<Vec<Cell>>,
    /// Text shown in a table without rows.
    #[serde(default)]
    pub empty_text: String,
}

/// A row of a key–value table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KeyValue {
    /// Key (left column).
    pub key: String,
    /// Value (right column).
    pub value: String,
}

impl KeyValue {
    /// Builds a row.
    #[must_use]
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// Kind of a callout box; sets its colour and label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum CalloutKind {
    /// Neutral information.
    #[default]
    Note,
    /// Something to act on.
    Warning,
    /// Something serious (failed check, intolerable risk).
    Critical,
    /// A decision requested from or made by the committee.
    Decision,
}

impl CalloutKind {
    /// Upper-case label shown in the box.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            CalloutKind::Note => "NOTE",
            CalloutKind::Warning => "WARNING",
            CalloutKind::Critical => "CRITICAL",
            CalloutKind::Decision => "DECISION",
        }
    }
}

/// A boxed notice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Callout {
    /// Kind.
    #[serde(default)]
    pub kind: CalloutKind,
    /// Title (may be empty).
    #[serde(default)]
    pub title: String,
    /// Body.
    pub body: RichText,
}

/// A signature block: name, role, a line to sign on and a date line.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Signature {
    /// Name of the signatory.
    pub name: String,
    /// Role of the signatory.
    pub role: String,
    /// Pre-filled date (empty: a blank line to fill in by hand).
    #[serde(default)]
    pub date: String,
}

/// A heading; numbered automatically ("2.3") and listed in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Heading {
    /// Level 1 (chapter) to 3; other values are clamped.
    pub level: u8,
    /// Heading text.
    pub text: String,
}

/// A unit of document content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// A numbered heading (levels 1–3).
    Heading(Heading),
    /// A paragraph.
    Paragraph(RichText),
    /// A bullet list.
    Bullets(Vec<RichText>),
    /// A two-column key–value table.
    KeyValues(Vec<KeyValue>),
    /// A data table.
    Table(DataTable),
    /// Where the table of contents goes.
    TableOfContents,
    /// Start a new page.
    PageBreak,
    /// Content laid out on landscape A4 pages; portrait resumes after it.
    Landscape(Vec<Block>),
    /// A boxed notice.
    Callout(Callout),
    /// Signature blocks, laid out two per row.
    Signatures(Vec<Signature>),
    /// A vector figure with a numbered caption.
    Figure(Figure),
}

/// Rendering switches that are part of the document (so rendering stays a pure
/// function of the `ReportDoc`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderOptions {
    /// Start every level-1 heading on a new page.
    pub chapter_page_breaks: bool,
    /// Print the cover page.
    pub cover_page: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            chapter_page_breaks: true,
            cover_page: true,
        }
    }
}

/// A complete report: metadata plus content blocks.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReportDoc {
    /// Metadata.
    pub meta: DocMeta,
    /// Content, in reading order.
    pub blocks: Vec<Block>,
    /// Rendering switches.
    #[serde(default)]
    pub options: RenderOptions,
}

/// Hierarchical heading numbering ("1", "1.2", "1.2.3").
#[derive(Debug, Default, Clone)]
pub struct Numbering {
    counters: [u32; 3],
}

impl Numbering {
    /// Advances the counters for a heading of `level` and returns its number and the
    /// clamped level.
    pub fn next(&mut self, level: u8) -> (String, u8) {
        let lvl = level.clamp(1, 3);
        let idx = usize::from(lvl - 1);
        self.counters[idx] += 1;
        for c in &mut self.counters[idx + 1..] {
            *c = 0;
        }
        let num = self.counters[..=idx]
            .iter()
            .map(|c| c.max(&1).to_string())
            .collect::<Vec<_>>()
            .join(".");
        (num, lvl)
    }
}

impl ReportDoc {
    /// A deterministic plain-text rendering of the document (metadata, numbered
    /// headings, paragraphs, lists, table rows, figure captions) for snapshot tests.
    /// Inline emphasis is shown as `**bold**` and `_italic_`.
    #[must_use]
    pub fn to_outline_text(&self) -> String {
        let mut out = String::new();
        let m = &self.meta;
        let _ = writeln!(out, "# {}", m.title);
        if !m.subtitle.is_empty() {
            let _ = writeln!(out, "## {}", m.subtitle);
        }
        let _ = writeln!(out, "System: {}", m.system_name);
        let _ = writeln!(out, "Version: {}", m.version);
        let _ = writeln!(out, "Date: {}", m.date);
        let _ = writeln!(out, "Classification: {}", m.classification);
        for p in &m.authors {
            let _ = writeln!(out, "Author: {} ({})", p.name, p.role);
        }
        for p in &m.approvers {
            let _ = writeln!(out, "Approver: {} ({})", p.name, p.role);
        }
        let mut ctx = OutlineCtx::default();
        for b in &self.blocks {
            outline_block(b, &mut ctx, &mut out);
        }
        out
    }
}

#[derive(Default)]
struct OutlineCtx {
    numbering: Numbering,
    tables: u32,
    figures: u32,
}

fn rich_to_outline(t: &RichText) -> String {
    let mut s = String::new();
    for span in &t.spans {
        match span.style {
            SpanStyle::Regular => s.push_str(&span.text),
            SpanStyle::Bold => {
                let _ = write!(s, "**{}**", span.text);
            }
            SpanStyle::Italic => {
                let _ = write!(s, "_{}_", span.text);
            }
        }
    }
    s
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn outline_block(b: &Block, ctx: &mut OutlineCtx, out: &mut String) {
    match b {
        Block::Heading(h) => {
            let (num, lvl) = ctx.numbering.next(h.level);
            let hashes = "#".repeat(usize::from(lvl) + 1);
            let _ = writeln!(out, "\n{hashes} {num} {}", one_line(&h.text));
        }
        Block::Paragraph(t) => {
            let _ = writeln!(out, "{}", one_line(&rich_to_outline(t)));
        }
        Block::Bullets(items) => {
            for it in items {
                let _ = writeln!(out, "- {}", one_line(&rich_to_outline(it)));
            }
        }
        Block::KeyValues(rows) => {
            for kv in rows {
                let _ = writeln!(out, "{}: {}", one_line(&kv.key), one_line(&kv.value));
            }
        }
        Block::Table(t) => {
            if !t.caption.is_empty() {
                ctx.tables += 1;
                let _ = writeln!(out, "Table {}: {}", ctx.tables, one_line(&t.caption));
            }
            let header: Vec<String> = t.columns.iter().map(|c| one_line(&c.header)).collect();
            let _ = writeln!(out, "| {} |", header.join(" | "));
            if t.rows.is_empty() {
                let _ = writeln!(out, "| ({}) |", empty_text(t));
            }
            for row in &t.rows {
                let cells: Vec<String> = (0..t.columns.len())
                    .map(|i| row.get(i).map(|c| one_line(&c.text)).unwrap_or_default())
                    .collect();
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
        }
        Block::TableOfContents => out.push_str("[Contents]\n"),
        Block::PageBreak => out.push_str("[Page break]\n"),
        Block::Landscape(blocks) => {
            out.push_str("[Landscape]\n");
            for b in blocks {
                outline_block(b, ctx, out);
            }
            out.push_str("[/Landscape]\n");
        }
        Block::Callout(c) => {
            let title = if c.title.is_empty() {
                String::new()
            } else {
                format!(" {}:", one_line(&c.title))
            };
            let _ = writeln!(
                out,
                "[{}]{title} {}",
                c.kind.label(),
                one_line(&rich_to_outline(&c.body))
            );
        }
        Block::Signatures(sigs) => {
            for s in sigs {
                let date = if s.date.is_empty() {
                    "____"
                } else {
                    s.date.as_str()
                };
                let _ = writeln!(
                    out,
                    "Signature: {} ({}) date {date}",
                    one_line(&s.name),
                    one_line(&s.role)
                );
            }
        }
        Block::Figure(f) => {
            ctx.figures += 1;
            let _ = writeln!(out, "[Figure {}: {}]", ctx.figures, one_line(&f.caption));
        }
    }
}

impl DataTable {
    /// The text shown in place of the rows when there are none.
    #[must_use]
    pub fn empty_message(&self) -> &str {
        empty_text(self)
    }
}

/// The text shown for a table without rows.
pub(crate) fn empty_text(t: &DataTable) -> &str {
    if t.empty_text.is_empty() {
        "No entries."
    } else {
        &t.empty_text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_parses_bold_and_italic() {
        let t = RichText::markup("a **b** _c_ d");
        let styles: Vec<_> = t.spans.iter().map(|s| (s.text.as_str(), s.style)).collect();
        assert_eq!(
            styles,
            vec![
                ("a ", SpanStyle::Regular),
                ("b", SpanStyle::Bold),
                (" ", SpanStyle::Regular),
                ("c", SpanStyle::Italic),
                (" d", SpanStyle::Regular),
            ]
        );
    }

    #[test]
    fn markup_keeps_unbalanced_and_snake_case() {
        assert_eq!(RichText::markup("x ** y").plain_text(), "x ** y");
        assert_eq!(
            RichText::markup("loans_2024_v2.csv").plain_text(),
            "loans_2024_v2.csv"
        );
        assert_eq!(RichText::markup(r"\*\*lit\*\*").plain_text(), "**lit**");
        assert_eq!(RichText::markup("").spans.len(), 0);
    }

    #[test]
    fn numbering() {
        let mut n = Numbering::default();
        assert_eq!(n.next(1).0, "1");
        assert_eq!(n.next(2).0, "1.1");
        assert_eq!(n.next(3).0, "1.1.1");
        assert_eq!(n.next(2).0, "1.2");
        assert_eq!(n.next(1).0, "2");
        assert_eq!(n.next(3).0, "2.1.1");
        assert_eq!(n.next(9), ("2.1.2".to_string(), 3));
        assert_eq!(n.next(0), ("3".to_string(), 1));
    }

    #[test]
    fn greyscale_steps_are_distinct() {
        let bands: Vec<f32> = RiskBand::ALL.iter().map(|b| b.fill().luma()).collect();
        for w in bands.windows(2) {
            assert!(w[0] - w[1] > 0.1, "band lightness must step: {bands:?}");
        }
        assert!(palette::PASS.luma() - palette::FAIL.luma() > 0.15);
        for w in palette::SERIES.windows(2) {
            assert!(w[1].luma() - w[0].luma() > 0.1);
        }
    }
}
