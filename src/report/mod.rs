//! The formal PDF "AI Risk Treatment Plan".
//!
//! Built in two steps: [`plan::build`] turns a project into a plain [`ReportDoc`] value (testable as text
//! with [`ReportDoc::to_outline_text`]), then [`render_pdf`] lays it out and renders it with printpdf: A4,
//! embedded Noto Sans fonts, numbered headings, a table of contents with page numbers, running header and
//! "Page X of Y" footer, tables that break across pages with repeated headers, landscape sections and vector
//! figures. The same `ReportDoc` always gives byte-identical PDF bytes.
//!
//! Nothing here imports the GUI; file paths and dates come in as values.

mod doc;
mod figure;
mod fonts;
pub mod incident;
mod layout;
mod pdf;
pub mod plan;
mod text;

pub use doc::{
    Align, Block, Callout, CalloutKind, Cell, Column, DataTable, DocMeta, Heading, KeyValue,
    Numbering, Person, RenderOptions, ReportDoc, Rgb, RichText, RiskBand, Signature, Span,
    SpanStyle, palette,
};
pub use figure::{
    Anchor, BarSeries, Figure, GroupedBarChart, HBar, HBarChart, HeatMap, HeatMapEntry,
    ReferenceLine, Shape, Stroke, TextShape, VAnchor, WindowPanel, WindowSeries,
};

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// [`DocMeta::date`] is not a valid `YYYY-MM-DD` date.
    #[error("document date {0:?} is not a valid YYYY-MM-DD date")]
    InvalidDate(String),
    /// An embedded font could not be parsed (a build problem, not an input one).
    #[error("font error: {0}")]
    Font(String),
    /// The PDF could not be serialised.
    #[error("PDF serialisation failed: {0}")]
    Pdf(String),
}

/// Renders `doc` to the bytes of an A4 PDF.
///
/// # Errors
///
/// [`ReportError::InvalidDate`] if the document date is not `YYYY-MM-DD`;
/// [`ReportError::Font`] or [`ReportError::Pdf`] if printpdf fails (not expected).
pub fn render_pdf(doc: &ReportDoc) -> Result<Vec<u8>, ReportError> {
    let laid = layout::layout(doc);
    pdf::write_pdf(doc, &laid)
}

/// Number of pages `doc` renders to (runs the layout only).
#[must_use]
pub fn page_count(doc: &ReportDoc) -> usize {
    layout::layout(doc).pages.len()
}
