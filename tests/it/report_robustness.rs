//! Hostile and degenerate input: everything must render without panicking, and long
//! content must be split across pages rather than lost.

use crate::support::pdf as common;

use common::{page_count, poppler, squash, write_temp};
use riskbench::report::{
    Align, BarSeries, Block, Callout, CalloutKind, Cell, Column, DataTable, DocMeta, Figure,
    GroupedBarChart, HBar, HBarChart, Heading, HeatMap, HeatMapEntry, KeyValue, Person,
    RenderOptions, ReportDoc, Rgb, RichText, Shape, Signature, Stroke, TextShape, render_pdf,
};

fn meta() -> DocMeta {
    DocMeta {
        title: "Robustness".into(),
        system_name: "Sys".into(),
        classification: "Internal".into(),
        date: "2024-02-29".into(),
        version: "1".into(),
        ..DocMeta::default()
    }
}

fn doc(blocks: Vec<Block>) -> ReportDoc {
    ReportDoc {
        meta: meta(),
        blocks,
        options: RenderOptions::default(),
    }
}

#[test]
fn empty_document() {
    let d = ReportDoc {
        meta: DocMeta {
            date: "2025-01-01".into(),
            ..DocMeta::default()
        },
        ..ReportDoc::default()
    };
    let pdf = render_pdf(&d).expect("empty doc renders");
    assert!(pdf.starts_with(b"%PDF-"));
    let no_cover = ReportDoc {
        options: RenderOptions {
            cover_page: false,
            chapter_page_breaks: false,
        },
        ..d
    };
    assert_eq!(riskbench::report::page_count(&no_cover), 1);
    render_pdf(&no_cover).expect("no cover");
}

#[test]
fn degenerate_tables() {
    let blocks = vec![
        Block::Table(DataTable::default()),
        Block::Table(DataTable {
            caption: "No rows".into(),
            columns: vec![Column::new("A", 1.0), Column::new("B", 2.0)],
            rows: vec![],
            empty_text: String::new(),
        }),
        Block::Table(DataTable {
            caption: String::new(),
            columns: vec![
                Column::new("Zero", 0.0),
                Column::new("Negative", -3.0),
                Column::new("NaN", f32::NAN),
                Column::new("Inf", f32::INFINITY).align(Align::Right),
            ],
            rows: vec![
                vec![],
                vec!["a".into(); 9],
                vec![Cell::new("").fill(Rgb::BLACK)],
            ],
            empty_text: String::new(),
        }),
        Block::KeyValues(vec![]),
        Block::KeyValues(vec![KeyValue::new("", "")]),
        Block::Bullets(vec![]),
        Block::Bullets(vec![RichText::default()]),
        Block::Paragraph(RichText::default()),
        Block::Signatures(vec![]),
        Block::Signatures(vec![Signature::default(); 7]),
        Block::Callout(Callout::default()),
        Block::Landscape(vec![]),
        Block::Landscape(vec![Block::Landscape(vec![Block::PageBreak])]),
    ];
    render_pdf(&doc(blocks)).expect("degenerate tables render");
}

#[test]
fn hostile_text() {
    let long_word = "x".repeat(5_000);
    let weird = "Zürich – Ωμέγα Ж 漢字 🙂👍🏽 e\u{301} \u{202E}RTL\u{202C} tab\there\u{0}\u{7}\r\nCRLF \u{FEFF}bom (parens) \\ backslash";
    let blocks = vec![
        Block::Heading(Heading {
            level: 0,
            text: long_word.clone(),
        }),
        Block::Heading(Heading {
            level: 200,
            text: weird.into(),
        }),
        Block::Paragraph(RichText::plain(format!("{long_word} {weird}"))),
        Block::Bullets(vec![
            RichText::markup(&long_word),
            RichText::markup("**unbalanced _markup"),
        ]),
        Block::Callout(Callout {
            kind: CalloutKind::Warning,
            title: long_word.clone(),
            body: RichText::plain("word ".repeat(3_000)),
        }),
        Block::Table(DataTable {
            caption: long_word.clone(),
            columns: vec![
                Column::new(long_word.clone(), 1.0),
                Column::new(weird, 0.01),
            ],
            rows: vec![vec![long_word.clone().into(), weird.into()]; 3],
            empty_text: String::new(),
        }),
        Block::Signatures(vec![Signature {
            name: long_word.clone(),
            role: weird.into(),
            date: long_word.clone(),
        }]),
    ];
    let mut d = doc(blocks);
    d.meta.title.clone_from(&long_word);
    d.meta.classification = weird.into();
    d.meta.authors = vec![Person::new(long_word.clone(), weird); 40];
    let pdf = render_pdf(&d).expect("hostile text renders");
    let path = write_temp("hostile.pdf", &pdf);
    let p = path.to_str().expect("utf-8 path");
    let text = poppler("pdftotext", &[p, "-"]);
    assert!(text.contains("Zürich"));
    assert!(text.contains("Ωμέγα"));
}

#[test]
fn cell_taller_than_a_page_is_split_not_lost() {
    let words: Vec<String> = (0..2_500).map(|i| format!("w{i:04}")).collect();
    let big = words.join(" ");
    let blocks = vec![
        Block::Heading(Heading {
            level: 1,
            text: "Tall".into(),
        }),
        Block::Table(DataTable {
            caption: "A very tall row".into(),
            columns: vec![
                Column::new("Id", 0.3),
                Column::new("Text", 2.0),
                Column::new("Short", 0.5),
            ],
            rows: vec![
                vec!["1".into(), "before".into(), "x".into()],
                vec!["2".into(), big.clone().into(), "y".into()],
                vec!["3".into(), "after".into(), "z".into()],
            ],
            empty_text: String::new(),
        }),
        Block::Paragraph(RichText::plain(big)),
    ];
    let pdf = render_pdf(&doc(blocks)).expect("tall cell renders");
    let path = write_temp("tall.pdf", &pdf);
    let p = path.to_str().expect("utf-8 path");
    assert!(page_count(p) > 4);
    let text = squash(&poppler("pdftotext", &["-layout", p, "-"]));
    for w in ["w0000", "w1234", "w2499", "before", "after"] {
        assert!(text.contains(w), "{w} lost");
    }
    // The header row is repeated on the continuation pages.
    assert!(
        text.matches("Id Text Short").count() >= 3,
        "header not repeated"
    );
}

#[test]
#[expect(clippy::too_many_lines, reason = "a list of hostile figures")]
fn degenerate_figures() {
    let f = Figure {
        caption: String::new(),
        width_mm: f32::NAN,
        height_mm: -5.0,
        shapes: vec![
            Shape::rect(
                f32::INFINITY,
                f32::NAN,
                -1.0,
                1e30,
                Some(Rgb::BLACK),
                Some(Stroke::dashed(Rgb::BLACK, f32::NAN, &[f32::NAN, -1.0])),
            ),
            Shape::Line {
                points: vec![],
                stroke: Stroke::solid(Rgb::BLACK, 1.0),
            },
            Shape::Polygon {
                points: vec![[0.0, 0.0]],
                fill: None,
                stroke: None,
            },
            Shape::Circle {
                cx: 1.0,
                cy: 1.0,
                r: -3.0,
                fill: Some(Rgb::WHITE),
                stroke: None,
            },
            Shape::Text(TextShape::new(0.0, 0.0, "", f32::NAN).rotated(f32::INFINITY)),
            Shape::Rect {
                x: 0.0,
                y: 0.0,
                w: 10.0,
                h: 10.0,
                fill: None,
                stroke: Some(Stroke::solid(Rgb::BLACK, 1.0)),
                radius: 3.0,
            },
        ],
    };
    let huge = Figure::new("Huge", 5_000.0, 9_000.0).with(Shape::rect(
        0.0,
        0.0,
        5_000.0,
        9_000.0,
        Some(Rgb::BLACK),
        None,
    ));
    let charts = vec![
        Block::Figure(f),
        Block::Figure(huge),
        Block::Figure(Figure::grouped_bar_chart("", &GroupedBarChart::default())),
        Block::Figure(Figure::grouped_bar_chart(
            "neg",
            &GroupedBarChart {
                categories: vec!["a".into(); 30],
                series: vec![
                    BarSeries {
                        name: "s".into(),
                        values: vec![-3.0, f32::NAN, 1e9],
                        ci: vec![Some([f32::NEG_INFINITY, 2.0])],
                    };
                    9
                ],
                ..GroupedBarChart::default()
            },
        )),
        Block::Figure(Figure::horizontal_bar_chart(
            "",
            &HBarChart {
                bars: vec![
                    HBar {
                        label: "x".repeat(400),
                        value: f32::NAN,
                        color: None,
                    };
                    60
                ],
                x_max: Some(-1.0),
                ..HBarChart::default()
            },
        )),
        Block::Figure(Figure::risk_heat_maps(
            "",
            &vec![
                HeatMap {
                    entries: vec![
                        HeatMapEntry {
                            id: "R".repeat(100),
                            likelihood: 0,
                            impact: 99,
                        };
                        50
                    ],
                    ..HeatMap::default()
                };
                4
            ],
        )),
    ];
    render_pdf(&doc(charts)).expect("degenerate figures render");
}

#[test]
fn many_page_breaks_do_not_make_blank_pages() {
    let mut blocks = vec![Block::PageBreak; 500];
    blocks.push(Block::Paragraph(RichText::plain("end")));
    blocks.extend(vec![Block::PageBreak; 10]);
    let d = doc(blocks);
    // Cover + one content page.
    assert_eq!(riskbench::report::page_count(&d), 2);
}
