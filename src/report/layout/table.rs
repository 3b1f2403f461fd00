//! Tables: data tables and key-value lists laid out in rows that break across pages, repeating the header
//! row, a row taller than a page split into slices.

use crate::report::doc::{Align, Cell, DataTable, KeyValue, Rgb, empty_text, palette};
use crate::report::fonts::Face;
use crate::report::text::{self, Line};

use super::{
    CAPTION_SIZE, CELL_PAD_X, CELL_PAD_Y, Engine, TABLE_LEAD, TABLE_SIZE, baseline_in, cap_lines,
    nf,
};

impl Engine<'_> {
    pub(super) fn data_table(&mut self, t: &DataTable) {
        let g = self.geom();
        if t.columns.is_empty() {
            return;
        }
        let cols = table_widths(t, g.width());
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

    pub(super) fn key_values(&mut self, kv: &[KeyValue]) {
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
    pub(super) fn table(
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
        // The caption and header never stand alone: they move to the next page with the whole first row
        // (or, for a first row taller than a page, its first lines).
        let first_row_min = rows.first().map_or(0.0, |r| {
            first_row_reserve(
                row_height(r),
                2.0 * CELL_PAD_Y + 2.0 * TABLE_LEAD,
                cap_h + header_h,
                g.height(),
            )
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
                // The first row is never moved away from its caption and header (the space was
                // reserved above): when it did not fit whole, it is split instead.
                if (row_h <= fresh && ri > 0) || self.remaining() < min_slice {
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

    pub(super) fn table_break(&mut self, header: Option<&RowCells>, left: f32) {
        self.new_page();
        if let Some(h) = header {
            self.draw_row(h, left, &vec![0; h.len()], None, true);
        } else {
            let w = self.geom().width();
            self.rule(left, left + w, self.y, palette::NAVY, 0.9);
        }
    }

    pub(super) fn draw_row(
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
    pub(super) fn draw_row_slice(
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
}

#[derive(Debug, Clone)]
pub(super) struct CellOut {
    x: f32,
    w: f32,
    lines: Vec<Line>,
    fill: Option<Rgb>,
    color: Rgb,
    align: Align,
}

pub(super) type RowCells = Vec<CellOut>;

/// Space to keep below a table's caption and header for its first row: the whole row when caption, header
/// and row fit on one page (`page_h`), otherwise `min_slice` (the first lines of a row taller than a page).
pub(super) fn first_row_reserve(row_h: f32, min_slice: f32, above: f32, page_h: f32) -> f32 {
    if above + row_h <= page_h {
        row_h
    } else {
        row_h.min(min_slice)
    }
}

/// Width the header of a column needs so that it breaks only between words: its widest word in the
/// header face, plus the cell padding.
pub(super) fn header_min_width(header: &str) -> f32 {
    header
        .split_whitespace()
        .map(|w| text::width(Face::Bold, w, TABLE_SIZE))
        .fold(0.0, f32::max)
        + 2.0 * CELL_PAD_X
        + 0.5
}

/// Shares `total` among columns in proportion to `rel`, but gives every column at least `min`: columns
/// below their minimum get it and the rest is shared again among the others. When the minimums alone
/// exceed `total` they are scaled down to fit (words then break inside, the only way left).
pub(super) fn fit_widths(rel: &[f32], min: &[f32], total: f32) -> Vec<f32> {
    let min_sum: f32 = min.iter().sum();
    if min_sum >= total {
        let scale = if min_sum > 0.0 { total / min_sum } else { 0.0 };
        return min.iter().map(|m| m * scale).collect();
    }
    let mut fixed = vec![false; rel.len()];
    loop {
        let fixed_w: f32 = min
            .iter()
            .zip(&fixed)
            .filter(|(_, f)| **f)
            .map(|(m, _)| *m)
            .sum();
        let free_rel: f32 = rel
            .iter()
            .zip(&fixed)
            .filter(|(_, f)| !**f)
            .map(|(r, _)| *r)
            .sum();
        let share = |r: f32| {
            if free_rel > 0.0 {
                (total - fixed_w) * r / free_rel
            } else {
                0.0
            }
        };
        let mut changed = false;
        for i in 0..rel.len() {
            if !fixed[i] && share(rel[i]) < min[i] {
                fixed[i] = true;
                changed = true;
            }
        }
        if !changed {
            return rel
                .iter()
                .zip(min)
                .zip(&fixed)
                .map(|((r, m), f)| if *f { *m } else { share(*r) })
                .collect();
        }
    }
}

/// Column offsets and widths in points: proportional to the columns' relative widths, each at least
/// as wide as its header's longest word ([`header_min_width`]). Tables use [`table_widths`], which also
/// looks at the cells.
#[cfg(test)]
pub(super) fn column_widths(
    cols: &[crate::report::doc::Column],
    total: f32,
) -> Vec<(f32, f32, Align)> {
    let min: Vec<f32> = cols.iter().map(|c| header_min_width(&c.header)).collect();
    place(cols, &min, total)
}

/// Column offsets and widths: proportional to the relative widths, each at least its `min`.
fn place(cols: &[crate::report::doc::Column], min: &[f32], total: f32) -> Vec<(f32, f32, Align)> {
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
    let widths = fit_widths(&rel, min, total);
    let mut x = 0.0;
    cols.iter()
        .zip(widths)
        .map(|(c, w)| {
            let out = (x, w, c.align);
            x += w;
            out
        })
        .collect()
}

/// Width the body cells of column `i` need so that no word of theirs breaks: the widest word, in the cell's
/// face, plus the cell padding; at most `cap` (a longer token, such as a hash, may still break).
fn body_min_width(t: &DataTable, i: usize, cap: f32) -> f32 {
    let widest = t
        .rows
        .iter()
        .filter_map(|row| row.get(i))
        .flat_map(|c| {
            let face = if c.bold { Face::Bold } else { Face::Regular };
            c.text
                .split_whitespace()
                .map(move |w| text::width(face, w, TABLE_SIZE))
        })
        .fold(0.0, f32::max);
    (widest + 2.0 * CELL_PAD_X + 0.5).min(cap)
}

/// Column offsets and widths of a data table: like [`column_widths`], but each column is also at least as
/// wide as the longest word of its cells (up to a quarter of the width), so that "inconclusive" does not
/// break into "inconclusiv e"; when those widths cannot all fit, the headers' words alone decide, as before.
pub(super) fn table_widths(t: &DataTable, total: f32) -> Vec<(f32, f32, Align)> {
    let header: Vec<f32> = t
        .columns
        .iter()
        .map(|c| header_min_width(&c.header))
        .collect();
    let min: Vec<f32> = header
        .iter()
        .enumerate()
        .map(|(i, h)| h.max(body_min_width(t, i, total / 4.0)))
        .collect();
    let min = if min.iter().sum::<f32>() < total {
        min
    } else {
        header
    };
    place(&t.columns, &min, total)
}

pub(super) fn header_cells(t: &DataTable, cols: &[(f32, f32, Align)]) -> RowCells {
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

pub(super) fn body_cells(
    t: &DataTable,
    row: &[Cell],
    cols: &[(f32, f32, Align)],
    _ri: usize,
) -> RowCells {
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

pub(super) fn max_lines(row: &RowCells) -> usize {
    row.iter().map(|c| c.lines.len()).max().unwrap_or(0)
}

pub(super) fn row_height(row: &RowCells) -> f32 {
    slice_height(row, &vec![0; row.len()], usize::MAX)
}

/// Height of the slice of `row` showing up to `n` lines from `offsets`.
pub(super) fn slice_height(row: &RowCells, offsets: &[usize], n: usize) -> f32 {
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

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
