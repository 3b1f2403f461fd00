//! The structure check of a CSV file before polars parses it: encoding, delimiter, header, quoting and the
//! number of fields of every row, each problem with its line and column.

use crate::analysis::parquet_check::MAX_COLUMNS;
use crate::analysis::task::{Cancelled, TaskControl};

/// A structural problem in a CSV file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvProblem {
    /// Line of the problem.
    pub line: u64,
    /// Column (1-based field number, or character column for encoding problems).
    pub column: u64,
    /// What was wrong and what was expected.
    pub message: String,
}

/// The delimiters a CSV file may use, in order of preference when several fit.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The delimiter of a CSV file: among comma, semicolon, tab and vertical bar, the one that splits the header
/// into the most fields (at least two) while most of the first 100 rows have that many fields (quotes
/// respected); a comma when none does (a one-column file). Deterministic: the same bytes, the same answer.
#[must_use]
pub fn detect_delimiter(bytes: &[u8]) -> u8 {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The first 64 KiB, cut after the last line break (a record cut in two would not count).
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let sample = if sample.len() < bytes.len() {
        sample
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(sample, |end| &sample[..=end])
    } else {
        sample
    };
    let mut best = (1_usize, b',');
    for delimiter in DELIMITERS {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(sample);
        let mut record = csv::ByteRecord::new();
        let mut fields = None;
        let (mut rows, mut matching) = (0_usize, 0_usize);
        while rows < 100 {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) | Err(_) => break,
            }
            if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
                continue;
            }
            match fields {
                None => fields = Some(record.len()),
                Some(n) => {
                    rows += 1;
                    if n == record.len() {
                        matching += 1;
                    }
                }
            }
        }
        // Most rows must split like the header (a ragged row is then reported with this delimiter).
        if let Some(n) = fields
            && n > best.0
            && (rows == 0 || matching * 2 > rows)
        {
            best = (n, delimiter);
        }
    }
    best.1
}

/// The delimiter in words, for messages.
#[must_use]
pub fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "vertical bar",
        _ => "comma",
    }
}

/// The header names with repeats renamed pandas-style (`x`, `x.1`, `x.2`).
#[must_use]
pub fn dedup_header(names: &[String]) -> Vec<String> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let count = seen.entry(name.as_str()).or_insert(0);
        if *count == 0 {
            out.push(name.clone());
        } else {
            let mut candidate = format!("{name}.{count}");
            while names.contains(&candidate) {
                *count += 1;
                candidate = format!("{name}.{count}");
            }
            out.push(candidate);
        }
        *count += 1;
    }
    out
}

/// What a user should know about a CSV header that is read anyway: each repeated name, with its line and
/// column, the column it repeats and the name it is read as (pandas' `x.1`); the COMPAS scores file, for one,
/// has `decile_score` twice. Empty when the header is fine or the file has no readable header.
#[must_use]
pub fn header_notes(bytes: &[u8]) -> Vec<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .delimiter(detect_delimiter(bytes))
        .from_reader(bytes);
    let Ok(header) = reader.headers() else {
        return Vec::new();
    };
    let names: Vec<String> = header.iter().map(str::to_owned).collect();
    let read_as = dedup_header(&names);
    names
        .iter()
        .zip(&read_as)
        .enumerate()
        .filter(|(_, (name, read))| name != read)
        .map(|(pos, (name, read))| {
            let first = names.iter().position(|n| n == name).unwrap_or(pos);
            format!(
                "line 1, column {}: the header repeats the name {name:?} of column {}; this column is read as \
                 {read:?}",
                pos + 1,
                first + 1
            )
        })
        .collect()
}

/// Checks a CSV file's structure; returns its header (a repeated name renamed as [`dedup_header`] does) or the
/// first problem.
///
/// # Errors
/// The first [`CsvProblem`]: empty file, empty header name, invalid UTF-8, or a row whose number of fields
/// differs from the header's.
pub fn check_csv_structure(
    bytes: &[u8],
    control: &TaskControl,
) -> Result<Result<Vec<String>, CsvProblem>, Cancelled> {
    Ok(check_structure(bytes, control)?.map(|checked| checked.header))
}

/// What [`check_structure`] found in a sound file.
pub(super) struct Checked {
    /// The header, repeated names renamed.
    pub header: Vec<String>,
    /// The delimiter.
    pub delimiter: u8,
    /// Some line ends outside quoted fields are a lone carriage return.
    pub lone_cr: bool,
}

/// Whether a text without quotes has a carriage return that does not start a CRLF.
fn has_lone_cr(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
}

/// Whether every line of a text without quotes (header and rows, blank lines skipped) has `expected`
/// fields: the csv crate's reading of such a text, found by counting delimiters per line, many times faster.
/// False when a line does not fit, or the text starts with a line end (the csv crate then decides).
fn unquoted_lines_fit(
    bytes: &[u8],
    delimiter: u8,
    expected: usize,
    control: &TaskControl,
) -> Result<bool, Cancelled> {
    if matches!(bytes.first(), Some(b'\r' | b'\n')) {
        return Ok(false);
    }
    let total = bytes.len().max(1);
    let mut start = 0;
    let mut lines: u64 = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = &bytes[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.is_empty() && memchr::memchr_iter(delimiter, line).count() + 1 != expected {
            return Ok(false);
        }
        lines += 1;
        if lines.is_multiple_of(65_536) {
            control.check()?;
            #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
            control.set_progress(end as f32 / total as f32 * 0.5);
        }
        start = end + 1;
    }
    Ok(true)
}

/// [`check_csv_structure`], with the delimiter and the line ends found.
pub(super) fn check_structure(
    bytes: &[u8],
    control: &TaskControl,
) -> Result<Result<Checked, CsvProblem>, Cancelled> {
    check_structure_as(bytes, None, control)
}

/// [`check_structure`] with the delimiter given (a block of a streamed file is checked with the delimiter
/// detected from the file's beginning) or detected (`None`).
pub(super) fn check_structure_as(
    bytes: &[u8],
    delimiter: Option<u8>,
    control: &TaskControl,
) -> Result<Result<Checked, CsvProblem>, Cancelled> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Err(CsvProblem {
            line: 1,
            column: 1,
            message: "the file is empty: expected a header row and data rows".to_owned(),
        }));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Ok(Err(CsvProblem {
            line: 1,
            column: 1,
            message: "the file is UTF-16 text (it starts with a UTF-16 byte-order mark): save it as UTF-8, e.g. \
                      from a spreadsheet's CSV UTF-8 option"
                .to_owned(),
        }));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Err(CsvProblem {
            line: 1,
            column: 1,
            message: "the file holds only a byte-order mark: expected a header row and data rows"
                .to_owned(),
        }));
    }
    if let Some(nul) = memchr::memchr(0, bytes) {
        let (line, column) = line_and_char_column(&bytes[..nul]);
        // UTF-16 text without a byte-order mark: every other byte of the first characters is NUL (ASCII
        // letters), the bytes between are not.
        let head = &bytes[..bytes.len().min(64)];
        let nul_at = |parity: usize| {
            head.iter()
                .skip(parity)
                .step_by(2)
                .filter(|b| **b == 0)
                .count()
        };
        let (even, odd) = (nul_at(0), nul_at(1));
        let pairs = head.len() / 2;
        let utf16 = pairs >= 2 && ((even == pairs && odd == 0) || (odd == pairs && even == 0));
        return Ok(Err(CsvProblem {
            line,
            column,
            message: if utf16 {
                "the file holds NUL bytes between its characters: it looks like UTF-16 text without a \
                 byte-order mark; save it as UTF-8"
                    .to_owned()
            } else {
                "the file holds a NUL byte: it is a binary file, not CSV text".to_owned()
            },
        }));
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.split(|b| *b == b'\n').count() as u64;
        let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count() as u64
            + 1;
        return Ok(Err(CsvProblem {
            line,
            column,
            message: "the file is not UTF-8 text (save it as UTF-8, e.g. from a spreadsheet's CSV UTF-8 option)"
                .to_owned(),
        }));
    }
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(bytes));
    // Without a quote in the file, no quoting problem is possible.
    let quoted = memchr::memchr(b'"', bytes).is_some();
    let ends = if quoted {
        match scan_quotes(bytes, delimiter) {
            Err(problem) => return Ok(Err(problem)),
            Ok(ends) => ends,
        }
    } else {
        LineEnds {
            lone_cr: has_lone_cr(bytes),
        }
    };
    let normalised;
    // The csv crate counts lines at line feeds only: count them as the user sees them.
    let bytes = if ends.lone_cr {
        normalised = normalise_lone_cr(bytes);
        normalised.as_slice()
    } else {
        bytes
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => {
            return Ok(Err(CsvProblem {
                line: 1,
                column: 1,
                message: format!("cannot read the header row: {e}"),
            }));
        }
    };
    if header.len() > MAX_COLUMNS {
        return Ok(Err(CsvProblem {
            line: 1,
            column: MAX_COLUMNS as u64 + 1,
            message: format!(
                "the header has {} columns, more than the {MAX_COLUMNS} Riskbench reads (a spreadsheet's limit); \
                 keep the columns the assessment needs",
                header.len()
            ),
        }));
    }
    if let Some(pos) = header.iter().position(|h| h.trim().is_empty()) {
        return Ok(Err(CsvProblem {
            line: 1,
            column: pos as u64 + 1,
            message: format!(
                "header field {} is empty: every column needs a name",
                pos + 1
            ),
        }));
    }
    let expected = header.len();
    let checked = Checked {
        header: dedup_header(&header),
        delimiter,
        lone_cr: ends.lone_cr,
    };
    if !quoted && unquoted_lines_fit(bytes, delimiter, expected, control)? {
        return Ok(Ok(checked));
    }
    // The csv crate reads the rows and names the first that does not fit.
    let mut record = csv::ByteRecord::new();
    let total = bytes.len().max(1);
    let mut rows: u64 = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                return Ok(Err(CsvProblem {
                    line,
                    column: 1,
                    message: format!("cannot read the row: {e}"),
                }));
            }
        }
        rows += 1;
        if record.len() != expected
            && !(record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty))
        {
            // The csv crate's own line count is off after blank lines and with CRLF ends: count the line
            // feeds before the record's first byte instead (its position can sit on the line end before it).
            let line = record.position().map_or(rows + 1, |p| {
                let mut start =
                    usize::try_from(p.byte()).map_or(bytes.len(), |b| b.min(bytes.len()));
                while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                memchr::memchr_iter(b'\n', &bytes[..start]).count() as u64 + 1
            });
            let column = (record.len().min(expected) + 1) as u64;
            return Ok(Err(CsvProblem {
                line,
                column,
                message: format!(
                    "this row has {} fields but the header has {expected}: expected {expected} {name}-separated \
                     values (is a value with a {name} missing its quotes?)",
                    record.len(),
                    name = delimiter_name(delimiter),
                ),
            }));
        }
        if rows.is_multiple_of(65_536) {
            control.check()?;
            let done = record.position().map_or(0, csv::Position::byte);
            #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
            control.set_progress(done as f32 / total as f32 * 0.5);
        }
    }
    Ok(Ok(checked))
}

/// The 1-based line and character column just after `prefix` (lines end with LF, CRLF or a lone CR).
pub(super) fn line_and_char_column(prefix: &[u8]) -> (u64, u64) {
    let mut line = 1_u64;
    let mut start = 0;
    let mut i = 0;
    while i < prefix.len() {
        match prefix[i] {
            b'\n' => {
                line += 1;
                start = i + 1;
            }
            b'\r' if prefix.get(i + 1) != Some(&b'\n') => {
                line += 1;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let column = String::from_utf8_lossy(&prefix[start..]).chars().count() as u64 + 1;
    (line, column)
}

/// What [`scan_quotes`] found about line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineEnds {
    /// Some line ends outside quoted fields are a lone carriage return (classic Mac OS files).
    pub lone_cr: bool,
}

/// Checks the quoting of a CSV text the way RFC 4180 defines it, naming line and field of the first problem:
/// a quoted field never closed before the end of the file, text after a field's closing quote, or a quote
/// inside a field that does not start with one (polars cannot read it). Lines end with LF, CRLF or a lone CR.
///
/// # Errors
/// The first [`CsvProblem`] (column: the field's 1-based number).
pub fn scan_quotes(bytes: &[u8], delimiter: u8) -> Result<LineEnds, CsvProblem> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        AfterQuote,
    }
    let mut state = State::FieldStart;
    let (mut line, mut field) = (1_u64, 1_u64);
    let (mut open_line, mut open_field) = (1_u64, 1_u64);
    let mut lone_cr = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let line_end = b == b'\n' || b == b'\r';
        if line_end {
            let crlf = b == b'\r' && bytes.get(i + 1) == Some(&b'\n');
            if crlf {
                i += 1;
            }
            line += 1;
            if state != State::Quoted {
                lone_cr |= b == b'\r' && !crlf;
                state = State::FieldStart;
                field = 1;
            }
            i += 1;
            continue;
        }
        match state {
            State::FieldStart if b == b'"' => {
                state = State::Quoted;
                (open_line, open_field) = (line, field);
            }
            State::FieldStart | State::Unquoted | State::AfterQuote if b == delimiter => {
                field += 1;
                state = State::FieldStart;
            }
            State::Unquoted if b == b'"' => {
                return Err(CsvProblem {
                    line,
                    column: field,
                    message: "a quote inside a field that does not start with one: quote the whole field and \
                              double the quote (5\" screen is written \"5\"\" screen\")"
                        .to_owned(),
                });
            }
            State::FieldStart | State::Unquoted => state = State::Unquoted,
            State::Quoted if b == b'"' => {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    state = State::AfterQuote;
                }
            }
            State::Quoted => {}
            State::AfterQuote => {
                return Err(CsvProblem {
                    line,
                    column: field,
                    message: format!(
                        "text follows the closing quote of this field ({:?}): a quoted field must end at a {} \
                         or the end of the line (write a quote inside quotes as \"\")",
                        char::from(b),
                        delimiter_name(delimiter)
                    ),
                });
            }
        }
        i += 1;
    }
    if state == State::Quoted {
        return Err(CsvProblem {
            line: open_line,
            column: open_field,
            message: "the quote that opens this field is never closed: the file ends inside it (is a closing \
                      quote missing, or the file truncated?)"
                .to_owned(),
        });
    }
    Ok(LineEnds { lone_cr })
}

/// Replaces every lone carriage return outside quoted fields by a line feed, so polars (which ends lines only
/// at LF) reads a classic Mac OS file as the structure check did. Byte offsets are unchanged.
#[must_use]
pub fn normalise_lone_cr(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut quoted = false;
    for i in 0..out.len() {
        match out[i] {
            b'"' => quoted = !quoted,
            b'\r' if !quoted && out.get(i + 1) != Some(&b'\n') => out[i] = b'\n',
            _ => {}
        }
    }
    out
}
