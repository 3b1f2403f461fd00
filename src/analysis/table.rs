//! Reading dataset files into polars data frames, with errors that name the line and column.
//!
//! CSV files are checked structurally first (UTF-8, header present and complete, every row with as many
//! fields as the header) with the `csv` crate, because polars silently pads short rows with nulls and reports
//! long ones without a line number. Then polars parses and infers types over the whole file. A cell is missing
//! when it is empty; placeholder tokens such as `NA` or `?` are kept as text (the profile flags them).
//! A header that repeats a name is read the way pandas does (the second `x` becomes `x.1`) and reported by
//! [`header_notes`]. The delimiter (comma, semicolon, tab or vertical bar) is detected
//! from the first lines ([`detect_delimiter`]), so a spreadsheet's semicolon-separated export reads as it should.

use std::path::Path;

use polars::prelude::*;

use super::dataset::DatasetError;
use super::parquet_check::MAX_COLUMNS;
use super::task::TaskControl;
use crate::model::DatasetFormat;

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
) -> Result<Result<Vec<String>, CsvProblem>, super::task::Cancelled> {
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
    if let Some(nul) = bytes.iter().position(|b| *b == 0) {
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
    let delimiter = detect_delimiter(bytes);
    let normalised;
    let bytes = match scan_quotes(bytes, delimiter) {
        Err(problem) => return Ok(Err(problem)),
        // The csv crate counts lines at line feeds only: count them as the user sees them.
        Ok(ends) if ends.lone_cr => {
            normalised = normalise_lone_cr(bytes);
            normalised.as_slice()
        }
        Ok(_) => bytes,
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
            let line = record.position().map_or(rows + 1, csv::Position::line);
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
    Ok(Ok(dedup_header(&header)))
}

/// The 1-based line and character column just after `prefix` (lines end with LF, CRLF or a lone CR).
fn line_and_char_column(prefix: &[u8]) -> (u64, u64) {
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

/// Turns timestamps with a time zone into UTC timestamps without one: the instants are unchanged, and they
/// are shown, sorted and profiled in UTC (Riskbench's polars is built without time-zone support, whose
/// formatting of zoned timestamps would otherwise fail).
fn utc_without_time_zone(df: &mut DataFrame) -> PolarsResult<()> {
    let zoned: Vec<(PlSmallStr, TimeUnit)> = df
        .columns()
        .iter()
        .filter_map(|c| match c.dtype() {
            DataType::Datetime(unit, Some(_)) => Some((c.name().clone(), *unit)),
            _ => None,
        })
        .collect();
    for (name, unit) in zoned {
        let column = df.column(&name)?;
        // The physical values are UTC instants: keep them, drop the zone.
        let utc = column
            .to_physical_repr()
            .cast(&DataType::Datetime(unit, None))?;
        df.with_column(utc)?;
    }
    Ok(())
}

/// Reads a CSV file and checks its structure ([`check_csv_structure`]): its bytes and header, or the first
/// problem as [`DatasetError::ParseAt`] naming the file, line and column.
///
/// # Errors
/// [`DatasetError::Io`], [`DatasetError::ParseAt`], [`DatasetError::Cancelled`].
pub fn read_checked_csv(
    path: &Path,
    control: &TaskControl,
) -> Result<(Vec<u8>, Vec<String>), DatasetError> {
    let bytes = std::fs::read(path).map_err(|source| DatasetError::Io {
        path: path.to_owned(),
        source,
    })?;
    checked_csv_bytes(path, bytes, control)
}

/// [`read_checked_csv`] on bytes already read (`path` names the file in errors): the bytes to parse (lone
/// carriage returns made line feeds) and the header.
///
/// # Errors
/// [`DatasetError::ParseAt`], [`DatasetError::Cancelled`].
pub fn checked_csv_bytes(
    path: &Path,
    bytes: Vec<u8>,
    control: &TaskControl,
) -> Result<(Vec<u8>, Vec<String>), DatasetError> {
    match check_csv_structure(&bytes, control)? {
        Ok(header) => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let lone_cr = scan_quotes(body, detect_delimiter(body)).is_ok_and(|e| e.lone_cr);
            if lone_cr {
                Ok((normalise_lone_cr(&bytes), header))
            } else {
                Ok((bytes, header))
            }
        }
        Err(p) => Err(DatasetError::ParseAt {
            path: path.to_owned(),
            line: p.line,
            column: p.column,
            message: p.message,
        }),
    }
}

/// Rows used to infer column types before a full-file inference is needed.
const INFER_SCHEMA_ROWS: usize = 20_000;

/// Reads a CSV (with header) or Parquet file into a data frame.
///
/// # Errors
/// [`DatasetError::ParseAt`] with the line and column of a structural problem, [`DatasetError::Parse`] for
/// other parser errors, [`DatasetError::Io`], [`DatasetError::Cancelled`].
pub fn read_table(path: &Path, control: &TaskControl) -> Result<DataFrame, DatasetError> {
    read_table_with_notes(path, control).map(|(df, _)| df)
}

/// Where polars could not parse a value: the column (polars' name), its 1-based number, and the text.
fn unparsable_value(message: &str) -> Option<(String, usize, String)> {
    let rest = message.strip_prefix("could not parse `")?;
    let (value, rest) = rest.split_once("` as dtype `")?;
    let (_, rest) = rest.split_once("` at column '")?;
    let (column, rest) = rest.split_once("' (column number ")?;
    let number: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((column.to_owned(), number.parse().ok()?, value.to_owned()))
}

/// The line of the first row whose field `number` (1-based) is `value`, and the character column where that
/// field starts.
fn find_value(bytes: &[u8], delimiter: u8, number: usize, value: &str) -> Option<(u64, u64)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).ok()? {
        if record.get(number.checked_sub(1)?) == Some(value.as_bytes()) {
            let start = usize::try_from(record.position()?.byte()).ok()?;
            let line_text = bytes.get(start..)?;
            let line_end = line_text
                .iter()
                .position(|b| *b == b'\n')
                .unwrap_or(line_text.len());
            let mut fields = csv::ReaderBuilder::new()
                .has_headers(false)
                .delimiter(delimiter)
                .from_reader(&line_text[..line_end]);
            // The field's character column: the characters of the fields before it and their delimiters.
            let mut column = 1_u64;
            if let Some(Ok(first)) = fields.byte_records().next() {
                for field in first.iter().take(number - 1) {
                    column += String::from_utf8_lossy(field).chars().count() as u64 + 1;
                }
            }
            return Some((record.position()?.line(), column));
        }
    }
    None
}

/// Bytes up to the end of the header line (polars' offsets count from there).
fn header_len(bytes: &[u8], delimiter: u8) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let _ = reader.headers();
    usize::try_from(reader.position().byte()).unwrap_or(0)
}

/// The byte offset a polars CSV message gives ("offset in the file is N bytes", "byte offset N").
fn byte_offset(message: &str) -> Option<usize> {
    for marker in ["offset in the file is ", "byte offset "] {
        if let Some((_, rest)) = message.split_once(marker) {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(n) = digits.parse() {
                return Some(n);
            }
        }
    }
    None
}

/// A polars CSV error as [`DatasetError::ParseAt`] when it gives a byte offset (the line and column of that
/// byte in `bytes`), else [`DatasetError::Parse`]; polars' advice for Python users is left out.
fn csv_error(path: &Path, bytes: &[u8], error: &PolarsError) -> DatasetError {
    let text = error.to_string();
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("the CSV file cannot be read")
        .to_owned();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match byte_offset(&text) {
        Some(offset) => {
            let bytes = body;
            let offset = offset + header_len(bytes, detect_delimiter(bytes));
            let (line, column) = line_and_char_column(&bytes[..offset.min(bytes.len())]);
            DatasetError::ParseAt {
                path: path.to_owned(),
                line,
                column,
                message: first,
            }
        }
        None => DatasetError::Parse {
            path: path.to_owned(),
            message: first,
        },
    }
}

/// [`read_table`], with what the user should know about values read in an unexpected way: a whole number
/// beyond 64 bits makes its column decimal numbers (float), a value that is no number at all makes it text,
/// each noted with the line and column of the value.
///
/// # Errors
/// As [`read_table`].
pub fn read_table_with_notes(
    path: &Path,
    control: &TaskControl,
) -> Result<(DataFrame, Vec<String>), DatasetError> {
    let format = DatasetFormat::from_path(path)
        .ok_or_else(|| DatasetError::UnsupportedFormat(path.to_owned()))?;
    let parse = |e: PolarsError| DatasetError::Parse {
        path: path.to_owned(),
        message: e.to_string(),
    };
    match format {
        DatasetFormat::Parquet => {
            // The footer is checked against the file before polars believes it.
            super::parquet_check::check_parquet(path).map_err(|message| DatasetError::Parse {
                path: path.to_owned(),
                message,
            })?;
            control.check()?;
            let file = std::fs::File::open(path).map_err(|source| DatasetError::Io {
                path: path.to_owned(),
                source,
            })?;
            let mut df = ParquetReader::new(file).finish().map_err(parse)?;
            utc_without_time_zone(&mut df).map_err(parse)?;
            control.set_progress(1.0);
            Ok((df, Vec::new()))
        }
        DatasetFormat::Csv => {
            let bytes = std::fs::read(path).map_err(|source| DatasetError::Io {
                path: path.to_owned(),
                source,
            })?;
            csv_frame(path, bytes, control)
        }
    }
}

/// [`read_table`] where, in a CSV file, a cell equal to one of `missing` (exactly, as `pandas.read_csv`'s
/// `na_values`) is null too, before types are inferred (so `10,NA,30` reads as numbers). Empty cells are
/// always null. Parquet files are read as they are.
///
/// # Errors
/// As [`read_table`].
pub fn read_table_with_missing(
    path: &Path,
    missing: &[String],
    control: &TaskControl,
) -> Result<DataFrame, DatasetError> {
    if missing.is_empty() || DatasetFormat::from_path(path) != Some(DatasetFormat::Csv) {
        return read_table(path, control);
    }
    let bytes = std::fs::read(path).map_err(|source| DatasetError::Io {
        path: path.to_owned(),
        source,
    })?;
    csv_frame_with_missing(path, bytes, missing, control).map(|(df, _)| df)
}

/// Reads CSV bytes into a data frame (`path` names the file in messages): the structure check, then polars
/// with types inferred as [`read_table_with_notes`] describes.
///
/// # Errors
/// As [`read_table`].
pub fn csv_frame(
    path: &Path,
    bytes: Vec<u8>,
    control: &TaskControl,
) -> Result<(DataFrame, Vec<String>), DatasetError> {
    csv_frame_with_missing(path, bytes, &[], control)
}

/// [`csv_frame`] where a cell equal to one of `missing` is null too (see [`read_table_with_missing`]).
///
/// # Errors
/// As [`csv_frame`].
pub fn csv_frame_with_missing(
    path: &Path,
    bytes: Vec<u8>,
    missing: &[String],
    control: &TaskControl,
) -> Result<(DataFrame, Vec<String>), DatasetError> {
    let parse = |e: PolarsError| DatasetError::Parse {
        path: path.to_owned(),
        message: e.to_string(),
    };
    let (bytes, header) = checked_csv_bytes(path, bytes, control)?;
    control.check()?;
    // Types are inferred from the first rows (fast); when a later row does not fit them, polars
    // refuses the file and it is read again with types inferred from every row.
    let delimiter = detect_delimiter(&bytes);
    let null_values = (!missing.is_empty()).then(|| {
        NullValues::AllColumns(
            missing
                .iter()
                .map(|t| PlSmallStr::from(t.as_str()))
                .collect(),
        )
    });
    let read = |infer_rows: Option<usize>, overrides: &[(String, DataType)]| {
        let schema = (!overrides.is_empty()).then(|| {
            Arc::new(
                overrides
                    .iter()
                    .map(|(name, dtype)| Field::new(name.as_str().into(), dtype.clone()))
                    .collect::<Schema>(),
            )
        });
        CsvReadOptions::default()
            .with_has_header(true)
            .with_parse_options(
                CsvParseOptions::default()
                    .with_separator(delimiter)
                    .with_null_values(null_values.clone()),
            )
            .with_infer_schema_length(infer_rows)
            .with_schema_overwrite(schema)
            .into_reader_with_file_handle(std::io::Cursor::new(bytes.as_slice()))
            .finish()
    };
    let mut notes = Vec::new();
    let mut df = match read(Some(INFER_SCHEMA_ROWS), &[]) {
        Ok(df) => df,
        Err(_) => {
            control.check()?;
            // Types from every row; a value that fits no inferred type (a whole number beyond 64
            // bits, say) makes its column float, then text, rather than failing the whole file.
            let mut overrides: Vec<(String, DataType)> = Vec::new();
            loop {
                match read(None, &overrides) {
                    Ok(df) => break df,
                    Err(e) => {
                        let Some((column, number, value)) = unparsable_value(&e.to_string()) else {
                            return Err(csv_error(path, &bytes, &e));
                        };
                        let next = match overrides.iter().find(|(c, _)| *c == column) {
                            None if value
                                .trim()
                                .trim_start_matches(['-', '+'])
                                .bytes()
                                .all(|b| b.is_ascii_digit()) =>
                            {
                                DataType::Float64
                            }
                            None | Some((_, DataType::Float64)) => DataType::String,
                            Some(_) => return Err(csv_error(path, &bytes, &e)),
                        };
                        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                        let place = find_value(body, delimiter, number, &value)
                            .map_or_else(String::new, |(line, col)| {
                                format!("line {line}, column {col}: ")
                            });
                        let shown: String = value.chars().take(40).collect();
                        notes.push(if next == DataType::Float64 {
                                    format!(
                                        "{place}{shown:?} does not fit a 64-bit whole number; column {column:?} is \
                                         read as decimal numbers (float), whose precision is about 15 digits"
                                    )
                                } else {
                                    format!(
                                        "{place}{shown:?} is not a number; column {column:?} is read as text"
                                    )
                                });
                        overrides.retain(|(c, _)| *c != column);
                        overrides.push((column, next));
                        control.check()?;
                    }
                }
            }
        }
    };
    df.set_column_names(&header).map_err(parse)?;
    control.set_progress(1.0);
    Ok((df, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &[u8]) -> CsvProblem {
        check_csv_structure(text, &TaskControl::new())
            .unwrap()
            .expect_err("a problem")
    }

    #[test]
    fn a_late_value_that_breaks_the_inferred_type_falls_back_to_full_inference() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("late.csv");
        let mut text = String::from("id,x\n");
        for i in 0..(INFER_SCHEMA_ROWS + 10) {
            text.push_str(&i.to_string());
            text.push(',');
            text.push_str(&i.to_string());
            text.push('\n');
        }
        text.push_str("last,1.5\n");
        std::fs::write(&path, text).unwrap();
        let df = read_table(&path, &TaskControl::new()).unwrap();
        assert_eq!(df.height(), INFER_SCHEMA_ROWS + 11);
        assert_eq!(df.column("id").unwrap().dtype(), &DataType::String);
        assert_eq!(df.column("x").unwrap().dtype(), &DataType::Float64);
    }

    #[test]
    fn ragged_rows_name_line_and_column() {
        let p = problem(b"a,b,c\n1,2,3\n4,5\n6,7,8\n");
        assert_eq!((p.line, p.column), (3, 3), "{p:?}");
        assert!(p.message.contains("2 fields but the header has 3"), "{p:?}");
        let p = problem(b"a,b\n1,2\n3,4,5\n");
        assert_eq!((p.line, p.column), (3, 3), "{p:?}");
    }

    #[test]
    fn empty_and_non_utf8_files() {
        assert!(problem(b"").message.contains("empty"));
        assert!(problem(b"  \n").message.contains("empty"));
        let p = problem(b"name,city\nx,M\xfcnchen\n");
        assert_eq!((p.line, p.column), (2, 4), "{p:?}");
        assert!(p.message.contains("UTF-8"));
    }

    #[test]
    fn quoting_problems_name_line_and_field() {
        let p = problem(b"a,b\n1,\"abc\n");
        assert_eq!((p.line, p.column), (2, 2), "{p:?}");
        assert!(p.message.contains("never closed"), "{p:?}");
        let p = problem(b"a,b\n1,\"x\"y\n");
        assert_eq!((p.line, p.column), (2, 2), "{p:?}");
        assert!(
            p.message.contains("text follows the closing quote"),
            "{p:?}"
        );
        let p = problem(b"a;b\r1;2\r3;4\"\r");
        assert_eq!((p.line, p.column), (3, 2), "{p:?}");
        assert!(p.message.contains("a quote inside a field"), "{p:?}");
        // Quoted line breaks and doubled quotes are fine.
        assert_eq!(
            scan_quotes(b"a,b\n1,\"two\nlines \"\"q\"\"\"\n", b','),
            Ok(LineEnds { lone_cr: false })
        );
    }

    #[test]
    fn nul_bytes_utf16_and_cr_only_files() {
        let p = problem(b"a,b\n1,x\x00y\n");
        assert_eq!((p.line, p.column), (2, 4), "{p:?}");
        assert!(p.message.contains("a NUL byte"), "{p:?}");
        let p = problem(&b"\x00".repeat(100));
        assert!(p.message.contains("a NUL byte"), "{p:?}");
        let utf16: Vec<u8> = "a,b\n1,2\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(problem(&utf16).message.contains("UTF-16"));
        let p = problem(b"a,b\r1,2\r3\r");
        assert_eq!((p.line, p.column), (3, 2), "{p:?}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mac.csv");
        std::fs::write(&path, "a,b\r1,x\r3,\"y\rz\"\r").unwrap();
        let df = read_table(&path, &TaskControl::new()).unwrap();
        assert_eq!(df.shape(), (2, 2));
        assert_eq!(
            df.column("b").unwrap().str().unwrap().get(1),
            Some("y\rz"),
            "a CR inside quotes is kept"
        );
    }

    #[test]
    fn an_integer_beyond_64_bits_makes_its_column_float_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, "id,x\n1,99999999999999999999999\n2,3\n").unwrap();
        let (df, notes) = read_table_with_notes(&path, &TaskControl::new()).unwrap();
        assert_eq!(df.column("x").unwrap().dtype(), &DataType::Float64);
        assert_eq!(df.column("id").unwrap().dtype(), &DataType::Int64);
        assert_eq!(
            df.column("x").unwrap().f64().unwrap().get(0),
            Some(99_999_999_999_999_999_999_999.0)
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0]
                .starts_with("line 2, column 3: \"99999999999999999999999\" does not fit a 64-bit"),
            "{notes:?}"
        );
    }

    #[test]
    fn too_many_columns_are_refused_before_reading() {
        let header = (0..=MAX_COLUMNS)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let p = problem(format!("{header}\n").as_bytes());
        assert_eq!((p.line, p.column), (1, MAX_COLUMNS as u64 + 1));
    }

    #[test]
    fn empty_header_names_are_refused() {
        let p = problem(b"a,,c\n1,2,3\n");
        assert_eq!((p.line, p.column), (1, 2));
    }

    #[test]
    fn repeated_header_names_are_renamed_like_pandas() {
        let names: Vec<String> = ["a", "b", "a", "a", "b"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(dedup_header(&names), ["a", "b", "a.1", "a.2", "b.1"]);
        let names: Vec<String> = ["a", "a.1", "a"].iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(dedup_header(&names), ["a", "a.1", "a.2"]);
        // The user is told, with line and column.
        assert_eq!(
            header_notes(b"x;y;x\n1;2;3\n"),
            [
                "line 1, column 3: the header repeats the name \"x\" of column 1; this column is read as \"x.1\""
            ]
        );
        assert!(header_notes(b"x,y\n1,2\n").is_empty());
    }

    #[test]
    fn delimiters_are_detected() {
        assert_eq!(detect_delimiter(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(
            detect_delimiter(b"a;b;c\n1,5;2,5;3\n"),
            b';',
            "decimal commas"
        );
        assert_eq!(detect_delimiter(b"a\tb\n1\t2\n"), b'\t');
        assert_eq!(detect_delimiter(b"a|b\n1|2\n"), b'|');
        assert_eq!(detect_delimiter(b"only\n1\n2\n"), b',', "one column");
        // A semicolon inside quoted text does not make the file semicolon-separated.
        assert_eq!(detect_delimiter(b"id,note\n1,\"a;b\"\n2,\"c;d\"\n"), b',');
        // Commas inside quoted fields of a semicolon file.
        assert_eq!(
            detect_delimiter(b"\xEF\xBB\xBFid;note\n1;\"a, b\"\n2;\"c, d, e\"\n"),
            b';'
        );
    }

    #[test]
    fn a_semicolon_file_reads_like_its_comma_twin() {
        let dir = tempfile::tempdir().unwrap();
        let comma = dir.path().join("c.csv");
        let semi = dir.path().join("s.csv");
        std::fs::write(&comma, "id,score,city\n1,0.5,\"Paris, FR\"\n2,,Oslo\n").unwrap();
        std::fs::write(&semi, "id;score;city\n1;0.5;Paris, FR\n2;;Oslo\n").unwrap();
        let a = read_table(&comma, &TaskControl::new()).unwrap();
        let b = read_table(&semi, &TaskControl::new()).unwrap();
        assert_eq!(a, b);
        assert_eq!(b.shape(), (2, 3));
        // A ragged row names the delimiter.
        let p = problem(b"a;b;c\n1;2;3\n4;5\n6;7;8\n9;10;11\n");
        assert_eq!((p.line, p.column), (3, 3), "{p:?}");
        assert!(p.message.contains("semicolon-separated"), "{}", p.message);
    }

    #[test]
    fn reads_a_csv_with_types_and_missing_cells() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "id,score,group,id\n1,0.5,a,1\n2,,b,2\n3,0.25,,3\n").unwrap();
        let df = read_table(&path, &TaskControl::new()).unwrap();
        assert_eq!(df.shape(), (3, 4));
        let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
        assert_eq!(names, ["id", "score", "group", "id.1"]);
        assert_eq!(df.column("score").unwrap().null_count(), 1);
        assert_eq!(df.column("group").unwrap().null_count(), 1);
        assert!(df.column("score").unwrap().dtype().is_float());
    }

    #[test]
    fn a_broken_file_is_reported_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.csv");
        std::fs::write(&path, "a,b\n1,2\n3\n").unwrap();
        let err = read_table(&path, &TaskControl::new())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("line 3, column 2:"), "{err}");
        assert!(err.ends_with("bad.csv"), "{err}");
    }
}
