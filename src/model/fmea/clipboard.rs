//! Clipboard text as spreadsheets write and read it: tab-separated rows, with cells that hold tabs,
//! line breaks or quotes wrapped in `"…"` and inner quotes doubled.
//!
//! Excel and `LibreOffice` quote a cell only when they must and otherwise copy it raw, so a raw cell may
//! itself start with `"` (say `"Gold" labels wrong`). The parser treats a leading quote as opening a
//! quoted cell only when a matching closing quote is followed by a tab, a line break or the end;
//! otherwise the cell is read raw up to the next tab or line break.

use super::error::PasteError;

/// Parses clipboard text into rows of cells.
///
/// Rows end at `\r\n`, `\n` or `\r` outside quotes; one line break at the very end is the terminator
/// spreadsheets add and does not start an empty row. A leading byte-order mark is ignored. Empty text
/// gives no rows.
///
/// ```
/// use riskbench::model::fmea::clipboard::parse_tsv;
/// let grid = parse_tsv("a\t\"two\nlines\"\r\nc\td\r\n").unwrap();
/// assert_eq!(grid, [["a", "two\nlines"], ["c", "d"]]);
/// assert!(parse_tsv("a\tb\nc\n").is_err());
/// ```
///
/// # Errors
/// [`PasteError::Ragged`] when rows have different numbers of cells.
pub fn parse_tsv(text: &str) -> Result<Vec<Vec<String>>, PasteError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row_lines: Vec<usize> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut line = 1;
    let mut row_start_line = 1;
    let mut pos = 0;
    if text.is_empty() {
        return Ok(rows);
    }
    loop {
        // Read one cell starting at `pos`; `end` is where the separator (or the end) is.
        let (cell, end) = quoted_cell(text, pos).unwrap_or_else(|| {
            let end = text[pos..]
                .find(['\t', '\n', '\r'])
                .map_or(text.len(), |i| pos + i);
            (text[pos..end].to_owned(), end)
        });
        line += cell_line_breaks(&text[pos..end]);
        row.push(cell);
        match bytes.get(end) {
            Some(b'\t') => pos = end + 1,
            Some(b'\r' | b'\n') => {
                let after = if text[end..].starts_with("\r\n") {
                    end + 2
                } else {
                    end + 1
                };
                rows.push(std::mem::take(&mut row));
                row_lines.push(row_start_line);
                line += 1;
                row_start_line = line;
                if after == text.len() {
                    break;
                }
                pos = after;
            }
            _ => {
                rows.push(std::mem::take(&mut row));
                row_lines.push(row_start_line);
                break;
            }
        }
    }
    let expected = rows.first().map_or(0, Vec::len);
    for (cells, &line) in rows.iter().zip(&row_lines) {
        if cells.len() != expected {
            return Err(PasteError::Ragged {
                line,
                expected,
                found: cells.len(),
            });
        }
    }
    Ok(rows)
}

/// Line breaks inside one cell's source text (a `\r\n` counts once).
fn cell_line_breaks(source: &str) -> usize {
    source.matches('\n').count() + source.matches('\r').count() - source.matches("\r\n").count()
}

/// The quoted cell starting at `start`, unescaped, and the index just past its closing quote, if the
/// text there is a well-formed quoted cell followed by a tab, a line break or the end.
fn quoted_cell(text: &str, start: usize) -> Option<(String, usize)> {
    let rest = text.get(start..)?.strip_prefix('"')?;
    let mut cell = String::new();
    let mut offset = 0;
    loop {
        let quote = offset + rest[offset..].find('"')?;
        cell.push_str(&rest[offset..quote]);
        let after = &rest[quote + 1..];
        if after.starts_with('"') {
            cell.push('"');
            offset = quote + 2;
        } else if after.is_empty() || after.starts_with(['\t', '\n', '\r']) {
            // `start` + opening quote + `quote` bytes + closing quote.
            return Some((cell, start + 1 + quote + 1));
        } else {
            return None;
        }
    }
}

/// Writes rows of cells as clipboard text: cells separated by tabs, each row ended by `\n`; a cell that
/// holds a tab, a line break or a quote is quoted with inner quotes doubled, as spreadsheets expect.
///
/// ```
/// use riskbench::model::fmea::clipboard::{parse_tsv, to_tsv};
/// let grid = vec![vec!["say \"hi\"".to_owned(), "two\nlines".to_owned()]];
/// let text = to_tsv(&grid);
/// assert_eq!(text, "\"say \"\"hi\"\"\"\t\"two\nlines\"\n");
/// assert_eq!(parse_tsv(&text).unwrap(), grid);
/// ```
#[must_use]
pub fn to_tsv(rows: &[Vec<String>]) -> String {
    let mut text = String::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                text.push('\t');
            }
            push_quoted_if_needed(&mut text, cell, &['\t', '\n', '\r', '"']);
        }
        text.push('\n');
    }
    text
}

/// Appends `cell`, wrapped in quotes with inner quotes doubled when it contains any of `special`.
pub(super) fn push_quoted_if_needed(out: &mut String, cell: &str, special: &[char]) {
    if cell.contains(special) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect()
    }

    #[test]
    fn excel_style_multiline_quoted_cell_and_trailing_crlf() {
        let text = "FM-1\t\"Labels drift\r\nafter guideline v2\"\t8\r\nFM-2\tplain\t3\r\n";
        assert_eq!(
            parse_tsv(text).unwrap(),
            grid(&[
                &["FM-1", "Labels drift\r\nafter guideline v2", "8"],
                &["FM-2", "plain", "3"]
            ])
        );
    }

    #[test]
    fn trailing_newline_is_a_terminator_not_a_row() {
        assert_eq!(parse_tsv("a\tb\n").unwrap(), grid(&[&["a", "b"]]));
        assert_eq!(parse_tsv("a\tb").unwrap(), grid(&[&["a", "b"]]));
        // A single-column range whose last cell is empty keeps that cell.
        assert_eq!(parse_tsv("a\n\n").unwrap(), grid(&[&["a"], &[""]]));
        assert_eq!(parse_tsv("\n").unwrap(), grid(&[&[""]]));
        assert_eq!(parse_tsv("").unwrap(), Vec::<Vec<String>>::new());
        assert_eq!(parse_tsv("\u{feff}x\r\n").unwrap(), grid(&[&["x"]]));
    }

    #[test]
    fn empty_cells_and_edges() {
        assert_eq!(parse_tsv("\t\t\n").unwrap(), grid(&[&["", "", ""]]));
        assert_eq!(parse_tsv("a\t\n").unwrap(), grid(&[&["a", ""]]));
        assert_eq!(parse_tsv("\"\"\tb").unwrap(), grid(&[&["", "b"]]));
        assert_eq!(parse_tsv("\"a\tb\"\tc").unwrap(), grid(&[&["a\tb", "c"]]));
    }

    #[test]
    fn raw_cells_starting_with_a_quote() {
        // Excel copies cells with quotes but no line break unquoted.
        assert_eq!(
            parse_tsv("\"Gold\" labels wrong\tx\n").unwrap(),
            grid(&[&["\"Gold\" labels wrong", "x"]])
        );
        assert_eq!(
            parse_tsv("\"unclosed\tx\n").unwrap(),
            grid(&[&["\"unclosed", "x"]])
        );
        assert_eq!(
            parse_tsv("5\" screen\t\"a \"\"b\"\"\"").unwrap(),
            grid(&[&["5\" screen", "a \"b\""]])
        );
    }

    #[test]
    fn ragged_rows_are_an_error_with_the_line() {
        assert_eq!(
            parse_tsv("a\tb\nc\td\ne\n"),
            Err(PasteError::Ragged {
                line: 3,
                expected: 2,
                found: 1
            })
        );
        // The line counts the line breaks inside quoted cells.
        let err = parse_tsv("\"x\ny\"\tb\nc\td\te\n").unwrap_err();
        assert_eq!(
            err,
            PasteError::Ragged {
                line: 3,
                expected: 2,
                found: 3
            }
        );
        assert!(
            err.to_string()
                .starts_with("line 3: expected 2 tab-separated cells")
        );
    }

    #[test]
    fn copy_then_paste_round_trips() {
        let cells = grid(&[
            &["plain", "tab\there", "quote \"q\""],
            &["multi\nline", "", "ünïcödé 数据 ✓"],
            &["\"starts quoted\"", "crlf\r\ninside", " spaces "],
        ]);
        assert_eq!(parse_tsv(&to_tsv(&cells)).unwrap(), cells);
    }
}
