//! Unit tests of the table layout: column widths that keep header words whole, and a caption and header
//! that never stand alone at the foot of a page.

use super::{
    body_cells, column_widths, first_row_reserve, fit_widths, header_cells, header_min_width,
    table_widths,
};
use crate::report::doc::{Block, Cell, Column, DataTable, ReportDoc, RichText};
use crate::report::layout::{A4_H, Item, MARGIN_X, layout};

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 1e-3
}

#[test]
fn widths_are_proportional_when_every_minimum_fits() {
    let w = fit_widths(&[1.0, 3.0], &[10.0, 10.0], 100.0);
    assert!(close(w[0], 25.0) && close(w[1], 75.0), "{w:?}");
}

#[test]
fn a_column_below_its_minimum_gets_it_and_the_others_share_the_rest() {
    let w = fit_widths(&[0.5, 5.0, 4.5], &[20.0, 10.0, 10.0], 100.0);
    assert_eq!(w.len(), 3);
    assert!(close(w[0], 20.0), "{w:?}");
    assert!(close(w[1], 80.0 * 5.0 / 9.5), "{w:?}");
    assert!(close(w[2], 80.0 * 4.5 / 9.5), "{w:?}");
    assert!(close(w.iter().sum(), 100.0));
}

#[test]
fn minimums_wider_than_the_table_are_scaled_to_fit() {
    let w = fit_widths(&[1.0, 1.0], &[60.0, 140.0], 100.0);
    assert!(close(w[0], 30.0) && close(w[1], 70.0), "{w:?}");
}

#[test]
fn the_first_row_is_reserved_whole_when_it_fits_on_a_page() {
    assert!(close(first_row_reserve(120.0, 30.0, 40.0, 700.0), 120.0));
    // Caption, header and row taller than a page: only the first lines are kept with the header.
    assert!(close(first_row_reserve(690.0, 30.0, 40.0, 700.0), 30.0));
    assert!(close(first_row_reserve(20.0, 30.0, 40.0, 700.0), 20.0));
}

/// The FMEA worksheet's columns (as the plan's FMEA part declares them).
fn fmea_columns() -> Vec<Column> {
    [
        ("ID", 0.7),
        ("Step", 1.3),
        ("Failure mode", 2.2),
        ("Effect", 2.0),
        ("Cause", 2.0),
        ("Controls (prevention / detection)", 2.6),
        ("S/O/D", 0.8),
        ("RPN", 0.6),
        ("AP", 0.5),
        ("Recommended action", 2.4),
        ("Owner / due", 1.3),
        ("AP after", 0.6),
    ]
    .into_iter()
    .map(|(h, w)| Column::new(h, w))
    .collect()
}

#[test]
fn fmea_headers_break_only_between_words() {
    let t = DataTable {
        columns: fmea_columns(),
        ..DataTable::default()
    };
    let total = A4_H - 2.0 * MARGIN_X;
    let cols = column_widths(&t.columns, total);
    assert_eq!(cols.len(), 12);
    assert!(close(cols.iter().map(|c| c.1).sum(), total));
    for (c, (_, w, _)) in t.columns.iter().zip(&cols) {
        assert!(*w >= header_min_width(&c.header) - 1e-3, "{}", c.header);
    }
    let header = header_cells(&t, &cols);
    assert_eq!(header.len(), 12);
    for (c, cell) in t.columns.iter().zip(&header) {
        let words = cell_words(cell);
        let expected: Vec<&str> = c.header.split_whitespace().collect();
        assert_eq!(words, expected, "header {:?} broke inside a word", c.header);
    }
    // "RPN" and "AP after" were printed "RP N" and "AP afte r" before.
    assert_eq!(header[7].lines.len(), 1);
    assert_eq!(header[11].lines.len(), 2);
}

fn page_of(laid: &crate::report::layout::Laid, needle: &str) -> Option<usize> {
    laid.pages.iter().position(|p| {
        p.items
            .iter()
            .any(|i| matches!(i, Item::Text { text, .. } if text.contains(needle)))
    })
}

#[test]
fn a_caption_and_header_always_share_their_page_with_the_first_row() {
    let tall_row = "FIRSTROW\nsecond\nthird\nfourth\nfifth\nsixth\nseventh";
    // Every amount of filler from none to more than a page puts the table at each height on the page.
    for filler in 0..70 {
        let mut blocks: Vec<Block> = (0..filler)
            .map(|i| Block::Paragraph(RichText::plain(format!("Filler paragraph {i}."))))
            .collect();
        blocks.push(Block::Table(DataTable {
            caption: "CAPTIONMARK of the table".to_owned(),
            columns: vec![Column::new("HEADERMARK", 1.0), Column::new("Other", 2.0)],
            rows: vec![
                vec![Cell::new(tall_row), Cell::new("x")],
                vec![Cell::new("SECONDROW"), Cell::new("y")],
            ],
            empty_text: String::new(),
        }));
        let doc = ReportDoc {
            blocks,
            ..ReportDoc::default()
        };
        let laid = layout(&doc);
        let caption = page_of(&laid, "CAPTIONMARK");
        assert!(caption.is_some(), "filler {filler}: no caption");
        assert_eq!(caption, page_of(&laid, "HEADERMARK"), "filler {filler}");
        assert_eq!(caption, page_of(&laid, "FIRSTROW"), "filler {filler}");
        assert_eq!(caption, page_of(&laid, "seventh"), "filler {filler}");
    }
}

/// The words of a laid-out cell, joined back.
fn cell_words(cell: &super::CellOut) -> Vec<String> {
    cell.lines
        .iter()
        .flat_map(|l| {
            l.plain()
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn cell_words_break_only_between_words_when_the_columns_can_hold_them() {
    // The per-group table of the loan sample's race × sex audit: a narrow Flags column used to print
    // "inconclusiv e".
    let columns: Vec<Column> = [
        ("Group", 1.4),
        ("n", 0.5),
        ("Actual positives", 0.7),
        ("Predicted positives", 0.7),
        ("Selection rate", 0.8),
        ("TPR", 0.8),
        ("FPR", 0.8),
        ("Precision", 0.8),
        ("Flags", 0.7),
    ]
    .into_iter()
    .map(|(h, w)| Column::new(h, w))
    .collect();
    let flag = "small sample (< 30): its checks are inconclusive";
    let row: Vec<Cell> = [
        "Asian × nonbinary",
        "3",
        "2",
        "3",
        "1.000 [1.000, 1.000]",
        "1.000 [1.000, 1.000]",
        "insufficient evidence: no actual negatives (TN + FP = 0)",
        "0.667 [0.000, 1.000]",
        flag,
    ]
    .into_iter()
    .map(Cell::new)
    .collect();
    let t = DataTable {
        columns,
        rows: vec![row.clone()],
        ..DataTable::default()
    };
    let total = 595.0 - 2.0 * MARGIN_X;
    let cols = table_widths(&t, total);
    assert!(close(cols.iter().map(|c| c.1).sum(), total));
    let cells = body_cells(&t, &row, &cols, 0);
    for (cell, text) in cells.iter().zip(&row) {
        let expected: Vec<&str> = text.text.split_whitespace().collect();
        assert_eq!(
            cell_words(cell),
            expected,
            "{:?} broke inside a word",
            text.text
        );
    }
    // The header words still fit.
    for (c, (_, w, _)) in t.columns.iter().zip(&cols) {
        assert!(*w >= header_min_width(&c.header) - 1e-3, "{}", c.header);
    }

    // A 64-character hash cannot fit whole: its claim is capped at a quarter of the width, so the columns
    // keep their proportional shares and the hash breaks.
    let hash = "e24972c2613f79682cd629e78533bc3fa3553274ce1f99f1011a9eb2de70eaee";
    let t = DataTable {
        columns: vec![Column::new("Dataset", 1.0), Column::new("SHA-256", 1.0)],
        rows: vec![vec![Cell::new("German credit"), Cell::new(hash)]],
        ..DataTable::default()
    };
    let cols = table_widths(&t, 200.0);
    assert!(close(cols.iter().map(|c| c.1).sum(), 200.0));
    assert!(
        close(cols[0].1, 100.0) && close(cols[1].1, 100.0),
        "{cols:?}"
    );
}
