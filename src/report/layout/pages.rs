//! The pages around the content: the cover, the table of contents, signature blocks, and the running
//! header and footer added to every page but the cover.

use crate::report::doc::{
    Block, Cell, DataTable, KeyValue, Numbering, ReportDoc, Rgb, Signature, palette,
};
use crate::report::fonts::Face;
use crate::report::text::{self};

use super::{
    A4_H, A4_W, BLOCK_GAP, BODY_LEAD, Engine, Item, MARGIN_X, MM, PageOut, baseline_in, cap_lines,
    heading_style,
};

impl Engine<'_> {
    pub(super) fn contents(&mut self) {
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
    pub(super) fn heading_list(&self) -> Vec<(String, String, u8)> {
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

    pub(super) fn signatures(&mut self, sigs: &[Signature]) {
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

    pub(super) fn signature(&mut self, s: &Signature, x: f32, top: f32, w: f32) {
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

    /// A small upper-case label above a cover section.
    pub(super) fn cover_label(&mut self, label: &str) {
        let left = self.geom().left;
        self.text(left, self.y + 7.0, Face::Bold, 7.5, palette::MUTED, label);
        self.y += 13.0;
    }

    #[expect(clippy::too_many_lines, reason = "the cover is one linear composition")]
    pub(super) fn cover(&mut self) {
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

pub(super) const SIG_H: f32 = 120.0;

/// Adds the running header (title, classification) and footer (system, version,
/// date, "Page X of Y") to every page but the cover.
pub(super) fn decorate(doc: &ReportDoc, pages: &mut [PageOut]) {
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
