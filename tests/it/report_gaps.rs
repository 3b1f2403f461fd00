//! The plan's last gaps (issue 20): symbols printed with a font that has them, tables that keep their caption
//! and header with a row, the next review date, the methods used, resources per action and kill-switch
//! criteria.

use crate::support::pdf::{poppler, squash, write_temp};
use riskbench::report::{Block, Cell, Column, DataTable, ReportDoc, RichText, render_pdf};

#[test]
fn symbols_the_body_font_lacks_are_printed_not_replaced_by_ascii() {
    let symbols = "ratio ≥ 0.8, difference ≤ 0.1, before → after, passed ✓, failed ✗, 3 × 4, ≠ ⚠";
    let mut doc = ReportDoc {
        blocks: vec![
            Block::Paragraph(RichText::plain(symbols)),
            Block::Paragraph(RichText::markup("**bold ≥ 0.8 → pass**")),
            Block::Table(DataTable {
                caption: "Checks ≥ threshold".to_owned(),
                columns: vec![Column::new("Rule", 2.0), Column::new("Result", 1.0)],
                rows: vec![vec![Cell::new("S ≥ 9 → H"), Cell::new("✓")]],
                empty_text: String::new(),
            }),
        ],
        ..ReportDoc::default()
    };
    doc.meta.date = "2026-11-28".to_owned();
    let bytes = render_pdf(&doc).unwrap();
    let path = write_temp("symbols.pdf", &bytes);
    let path = path.to_str().unwrap();
    let text = squash(&poppler("pdftotext", &["-raw", path, "-"]));
    for needle in [
        "ratio ≥ 0.8, difference ≤ 0.1, before → after, passed ✓, failed ✗, 3 × 4, ≠ ⚠",
        "bold ≥ 0.8 → pass",
        "Checks ≥ threshold",
        "S ≥ 9 → H",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from: {text}");
    }
    for stand_in in [">=", "<=", "->", " yes", "?"] {
        assert!(
            !text.contains(stand_in),
            "ASCII stand-in {stand_in:?} in: {text}"
        );
    }
    let fonts = poppler("pdffonts", &[path]);
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
}
