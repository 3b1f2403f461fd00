//! The plan's preview on screen: the [`ReportDoc`] the PDF is made from, drawn as a document — numbered
//! headings, paragraphs with their bold and italic spans, bullet lists, key–value lists and real tables (a
//! grid with the header row and the cells' fills), callouts, figure captions and signature lines. Nothing is
//! re-parsed from markup: every element comes from the structured document.

use egui::text::LayoutJob;
use egui::{FontId, RichText, TextFormat, Ui};

use crate::report::{Block, CalloutKind, DataTable, KeyValue, Numbering, ReportDoc, SpanStyle};
use crate::ui::theme;

/// Counters kept while drawing, so table and figure numbers match the PDF.
#[derive(Default)]
struct Counters {
    numbering: Numbering,
    tables: usize,
    figures: usize,
}

/// Draws `doc` from its cover facts to its last block.
pub(super) fn preview_ui(ui: &mut Ui, doc: &ReportDoc) {
    let m = &doc.meta;
    ui.label(RichText::new(&m.title).heading());
    if !m.subtitle.is_empty() {
        ui.label(RichText::new(&m.subtitle).strong());
    }
    egui::Grid::new("report_preview_cover")
        .num_columns(2)
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            for (k, v) in [
                ("System", &m.system_name),
                ("Version", &m.version),
                ("Date", &m.date),
                ("Classification", &m.classification),
                ("Next review", &m.next_review),
            ] {
                if !v.is_empty() {
                    ui.label(RichText::new(k).weak());
                    ui.label(v.as_str());
                    ui.end_row();
                }
            }
        });
    let mut counters = Counters::default();
    for block in &doc.blocks {
        block_ui(ui, doc, block, &mut counters);
    }
}

fn block_ui(ui: &mut Ui, doc: &ReportDoc, block: &Block, counters: &mut Counters) {
    match block {
        Block::Heading(h) => {
            let (number, level) = counters.numbering.next(h.level);
            let text = format!("{number} {}", h.text);
            ui.add_space(if level == 1 { 12.0 } else { 6.0 });
            let size = match level {
                1 => 20.0,
                2 => 16.0,
                _ => 14.0,
            };
            ui.label(RichText::new(text).strong().size(size));
        }
        Block::Paragraph(text) => {
            ui.label(rich(ui, text));
        }
        Block::Bullets(items) => {
            for item in items {
                ui.horizontal_wrapped(|ui| {
                    ui.label("•");
                    ui.label(rich(ui, item));
                });
            }
        }
        Block::KeyValues(kv) => key_values_ui(ui, kv, counters),
        Block::Table(t) => table_ui(ui, t, counters),
        Block::TableOfContents => contents_ui(ui, doc),
        Block::PageBreak => {
            ui.separator();
        }
        Block::Landscape(inner) => {
            for b in inner {
                block_ui(ui, doc, b, counters);
            }
        }
        Block::Callout(c) => {
            let colour = match c.kind {
                CalloutKind::Warning => theme::warn(),
                CalloutKind::Critical => theme::error(),
                CalloutKind::Note | CalloutKind::Decision => ui.visuals().hyperlink_color,
            };
            egui::Frame::group(ui.style())
                .stroke(egui::Stroke::new(1.5, colour))
                .show(ui, |ui| {
                    ui.label(RichText::new(&c.title).strong().color(colour));
                    ui.label(rich(ui, &c.body));
                });
        }
        Block::Signatures(list) => {
            for s in list {
                ui.label(format!(
                    "{} — {}   Signature: ____________   Date: {}",
                    s.name,
                    s.role,
                    if s.date.is_empty() {
                        "________"
                    } else {
                        &s.date
                    }
                ));
            }
        }
        Block::Figure(f) => {
            counters.figures += 1;
            ui.label(
                RichText::new(format!(
                    "Figure {}: {} (drawn in the PDF)",
                    counters.figures, f.caption
                ))
                .italics(),
            );
        }
    }
}

/// A paragraph's spans as one wrapped text with bold and italic faces.
fn rich(ui: &Ui, text: &crate::report::RichText) -> LayoutJob {
    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
    let colour = ui.visuals().text_color();
    let mut job = LayoutJob::default();
    for span in &text.spans {
        let mut format = TextFormat {
            font_id: FontId::proportional(size),
            color: colour,
            ..TextFormat::default()
        };
        match span.style {
            SpanStyle::Bold => format.color = ui.visuals().strong_text_color(),
            SpanStyle::Italic => format.italics = true,
            SpanStyle::Regular => {}
        }
        job.append(&span.text, 0.0, format);
    }
    job.wrap.max_width = ui.available_width();
    job
}

fn key_values_ui(ui: &mut Ui, kv: &[KeyValue], counters: &Counters) {
    egui::Grid::new((
        "report_preview_kv",
        counters.tables,
        kv.len(),
        ui.next_auto_id(),
    ))
    .num_columns(2)
    .striped(true)
    .spacing([12.0, 4.0])
    .show(ui, |ui| {
        for r in kv {
            ui.label(RichText::new(&r.key).strong());
            ui.add(egui::Label::new(&r.value).wrap());
            ui.end_row();
        }
    });
}

fn table_ui(ui: &mut Ui, t: &DataTable, counters: &mut Counters) {
    if !t.caption.is_empty() {
        counters.tables += 1;
        ui.label(RichText::new(format!("Table {}: {}", counters.tables, t.caption)).strong());
    }
    if t.rows.is_empty() {
        ui.label(RichText::new(t.empty_message()).italics().weak());
        return;
    }
    egui::ScrollArea::horizontal()
        .id_salt(("report_preview_table_scroll", ui.next_auto_id()))
        .show(ui, |ui| {
            egui::Grid::new(("report_preview_table", ui.next_auto_id()))
                .num_columns(t.columns.len())
                .striped(true)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    for c in &t.columns {
                        ui.label(RichText::new(&c.header).strong());
                    }
                    ui.end_row();
                    for row in &t.rows {
                        for i in 0..t.columns.len() {
                            let Some(cell) = row.get(i) else {
                                ui.label("");
                                continue;
                            };
                            let mut text = RichText::new(&cell.text);
                            if cell.bold {
                                text = text.strong();
                            }
                            match cell.fill {
                                Some(fill) => {
                                    let fill_colour = theme::color(fill);
                                    egui::Frame::new().fill(fill_colour).inner_margin(2.0).show(
                                        ui,
                                        |ui| {
                                            ui.label(
                                                text.color(theme::color(fill.contrasting_text())),
                                            );
                                        },
                                    );
                                }
                                None => {
                                    ui.label(text);
                                }
                            }
                        }
                        ui.end_row();
                    }
                });
        });
}

/// The contents: every numbered heading of levels 1 and 2.
fn contents_ui(ui: &mut Ui, doc: &ReportDoc) {
    ui.add_space(8.0);
    ui.label(RichText::new("Contents").strong().size(16.0));
    let mut numbering = Numbering::default();
    let mut headings = Vec::new();
    collect_headings(&doc.blocks, &mut headings);
    for (level, text) in headings {
        let (number, level) = numbering.next(level);
        if level <= 2 {
            let indent = if level == 1 { 0.0 } else { 16.0 };
            ui.horizontal(|ui| {
                ui.add_space(indent);
                // "6 · Risk register": distinct from the heading's "6 Risk register" and the section's name.
                ui.label(format!("{number} · {text}"));
            });
        }
    }
}

fn collect_headings<'a>(blocks: &'a [Block], out: &mut Vec<(u8, &'a str)>) {
    for b in blocks {
        match b {
            Block::Heading(h) => out.push((h.level, h.text.as_str())),
            Block::Landscape(inner) => collect_headings(inner, out),
            _ => {}
        }
    }
}
