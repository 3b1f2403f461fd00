//! Unit tests of the table layout: column widths that keep header words whole, and a caption and header
//! that never stand alone at the foot of a page.

use super::{column_widths, first_row_reserve, fit_widths, header_cells, header_min_width};
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
        let words: Vec<String> = cell
            .lines
            .iter()
            .flat_map(|l| {
                l.plain()
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
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
