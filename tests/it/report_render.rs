//! End-to-end tests: render documents and inspect the PDFs with poppler-utils
//! (`pdfinfo`, `pdffonts`, `pdftotext`). Missing poppler tools fail the tests.

use crate::support::pdf as common;
use crate::support::sample_doc as sample;

use common::{page_count, page_text, poppler, squash, write_temp};
use riskbench::report::{
    Block, Cell, Column, DataTable, DocMeta, Heading, ReportDoc, ReportError, RichText, render_pdf,
};

fn headings(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Heading(h) => out.push(h.text.clone()),
            Block::Landscape(inner) => headings(inner, out),
            _ => {}
        }
    }
}

#[test]
fn same_document_gives_identical_bytes() {
    let doc = sample::sample_doc(24);
    let a = render_pdf(&doc).expect("render");
    let b = render_pdf(&doc).expect("render again");
    assert!(a.starts_with(b"%PDF-"));
    assert_eq!(a.len(), b.len());
    assert!(a == b, "rendering must be deterministic");
    // A different document gets a different file identifier.
    let mut other = doc.clone();
    other.meta.version = "1.1".into();
    let c = render_pdf(&other).expect("render other");
    assert_ne!(a, c);
}

#[test]
fn long_document_renders_and_text_is_extractable() {
    let doc = sample::sample_doc(300);
    let start = std::time::Instant::now();
    let bytes = render_pdf(&doc).expect("render long doc");
    eprintln!(
        "rendered {} bytes in {:?} (debug build)",
        bytes.len(),
        start.elapsed()
    );
    let path = write_temp("long.pdf", &bytes);
    let p = path.to_str().expect("utf-8 path");

    assert!(
        bytes.windows(9).any(|w| w == b"/Outlines"),
        "no bookmarks (outline)"
    );
    let pages = page_count(p);
    assert!(pages >= 40, "expected 40+ pages, got {pages}");
    assert_eq!(pages, riskbench::report::page_count(&doc));
    let info = poppler("pdfinfo", &[p]);
    assert!(
        info.contains("Title:           AI Risk Treatment Plan"),
        "{info}"
    );
    assert!(
        info.contains("CreationDate:    Mon Mar 31 00:00:00 2025 UTC"),
        "{info}"
    );
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "{info}"
    );

    let fonts = poppler("pdffonts", &[p]);
    for face in ["NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic"] {
        let line = fonts
            .lines()
            .find(|l| l.contains(face))
            .unwrap_or_else(|| panic!("{face} missing from pdffonts:\n{fonts}"));
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name type type encoding emb sub uni ...
        assert_eq!(cols.get(4), Some(&"yes"), "{face} not embedded: {line}");
        assert_eq!(
            cols.get(6),
            Some(&"yes"),
            "{face} has no ToUnicode map: {line}"
        );
    }

    let text = squash(&poppler("pdftotext", &[p, "-"]));
    let mut hs = Vec::new();
    headings(&doc.blocks, &mut hs);
    assert!(hs.len() > 20);
    for h in &hs {
        assert!(
            text.contains(&squash(h)),
            "heading {h:?} not found in extracted text"
        );
    }
    for needle in [
        "R300",
        "Explanations inconsistent with adverse-action notices",
        "9f86d081884c7d659a2feaa0c55ad015", // start of a SHA-256 that wraps in its cell
        "Page 2 of",
        "Tolerance 0.148",
        "Dr. Helena Brandt",
        "Tomás Ferreira",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} not found in extracted text"
        );
    }
    assert!(text.contains(&format!("Page {pages} of {pages}")));
}

#[test]
fn contents_page_numbers_point_at_the_headings() {
    let doc = sample::sample_doc(300);
    let bytes = render_pdf(&doc).expect("render");
    let path = write_temp("toc.pdf", &bytes);
    let p = path.to_str().expect("utf-8 path");
    let mut checked = 0;
    // Contents is on page 3 (cover, document control, contents).
    for line in page_text(p, 3).lines().chain(page_text(p, 4).lines()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            continue;
        };
        let is_number = |s: &str| {
            !s.is_empty()
                && s.split('.')
                    .all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()))
        };
        if words.len() < 3 || !is_number(first) || !last.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let page: usize = last.parse().expect("page number");
        let title: Vec<&str> = words[1..words.len() - 1]
            .iter()
            .copied()
            .filter(|w| !w.chars().all(|c| c == '.'))
            .collect();
        let heading = format!("{first} {}", title.join(" "));
        let on_page = squash(&page_text(p, page));
        assert!(
            on_page.contains(&heading),
            "contents says {heading:?} is on page {page}, it is not:\n{on_page}"
        );
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} contents entries checked");
}

#[test]
fn outline_text_snapshot() {
    let doc = ReportDoc {
        meta: DocMeta {
            title: "Plan".into(),
            system_name: "Sys".into(),
            classification: "Internal".into(),
            date: "2025-01-02".into(),
            version: "0.1".into(),
            ..DocMeta::default()
        },
        blocks: vec![
            Block::TableOfContents,
            Block::Heading(Heading {
                level: 1,
                text: "Intro".into(),
            }),
            Block::Paragraph(RichText::markup("Hello **bold**   world.")),
            Block::Heading(Heading {
                level: 2,
                text: "Data".into(),
            }),
            Block::Table(DataTable {
                caption: "Rows".into(),
                columns: vec![Column::new("A", 1.0), Column::new("B", 1.0)],
                rows: vec![
                    vec!["1".into()],
                    vec!["2".into(), Cell::pass_fail(false), "extra".into()],
                ],
                empty_text: String::new(),
            }),
            Block::Landscape(vec![Block::Heading(Heading {
                level: 1,
                text: "Wide".into(),
            })]),
        ],
        ..ReportDoc::default()
    };
    let expected = "\
# Plan
System: Sys
Version: 0.1
Date: 2025-01-02
Classification: Internal
[Contents]

## 1 Intro
Hello **bold** world.

### 1.1 Data
Table 1: Rows
| A | B |
| 1 |  |
| 2 | FAIL |
[Landscape]

## 2 Wide
[/Landscape]
";
    assert_eq!(doc.to_outline_text(), expected);
}

#[test]
fn invalid_date_is_an_error() {
    let mut doc = sample::sample_doc(3);
    doc.meta.date = "31/03/2025".into();
    assert!(matches!(render_pdf(&doc), Err(ReportError::InvalidDate(_))));
}

#[test]
fn serde_round_trip_keeps_the_document() {
    let doc = sample::sample_doc(5);
    let text = serde_json::to_string(&doc).expect("a report document serialises");
    let back: ReportDoc = serde_json::from_str(&text).expect("and reads back");
    assert_eq!(back, doc);
    // The text holds the document, not an empty shell: the same text again, and the title in it.
    assert_eq!(
        serde_json::to_string(&back).expect("serialises again"),
        text
    );
    assert!(text.contains(&doc.meta.title), "{text:.200}");
}
