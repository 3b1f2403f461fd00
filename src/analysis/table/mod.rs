//! Reading dataset files into polars data frames, with errors that name the line and column.
//!
//! CSV files are checked structurally first (UTF-8, header present and complete, every row with as many
//! fields as the header) with the `csv` crate, because polars silently pads short rows with nulls and reports
//! long ones without a line number. A file without any quote character is checked by counting delimiters per
//! line instead (the same verdict, several times faster); when a line does not fit, the `csv` crate reads
//! the file again to name it. Then polars parses and infers types over the whole file. A cell is missing
//! when it is empty; placeholder tokens such as `NA` or `?` are kept as text (the profile flags them).
//! A header that repeats a name is read the way pandas does (the second `x` becomes `x.1`) and reported by
//! [`header_notes`]. The delimiter (comma, semicolon, tab or vertical bar) is detected
//! from the first lines ([`detect_delimiter`]), so a spreadsheet's semicolon-separated export reads as it should.

pub mod stream;
mod structure;
#[cfg(test)]
mod tests;

use std::path::Path;

use polars::prelude::*;

use super::dataset::DatasetError;
use super::task::TaskControl;
use crate::model::DatasetFormat;

use structure::line_and_char_column;
pub use structure::{
    CsvProblem, LineEnds, check_csv_structure, dedup_header, delimiter_name, detect_delimiter,
    header_notes, normalise_lone_cr, scan_quotes,
};

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
    checked_bytes(path, bytes, control).map(|(bytes, checked)| (bytes, checked.header))
}

/// [`checked_csv_bytes`], with the delimiter.
fn checked_bytes(
    path: &Path,
    bytes: Vec<u8>,
    control: &TaskControl,
) -> Result<(Vec<u8>, structure::Checked), DatasetError> {
    match structure::check_structure(&bytes, control)? {
        Ok(checked) => {
            if checked.lone_cr {
                Ok((normalise_lone_cr(&bytes), checked))
            } else {
                Ok((bytes, checked))
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
            let mut df = super::polars_guard::guarded(|| ParquetReader::new(file).finish())
                .map_err(|message| DatasetError::Parse {
                    path: path.to_owned(),
                    message,
                })?
                .map_err(parse)?;
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
    let (bytes, checked) = checked_bytes(path, bytes, control)?;
    let (header, delimiter) = (checked.header, checked.delimiter);
    control.check()?;
    // Types are inferred from the first rows (fast); when a later row does not fit them, polars
    // refuses the file and it is read again with types inferred from every row.
    let null_values = null_values(missing);
    let read = |infer_rows: Option<usize>, overrides: &[(String, DataType)]| {
        let schema = (!overrides.is_empty()).then(|| {
            Arc::new(
                overrides
                    .iter()
                    .map(|(name, dtype)| Field::new(name.as_str().into(), dtype.clone()))
                    .collect::<Schema>(),
            )
        });
        super::polars_guard::guarded(|| {
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
        })
        .unwrap_or_else(|message| Err(PolarsError::ComputeError(message.into())))
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

/// The tokens read as null besides empty cells, as polars takes them (none when `missing` is empty).
pub(crate) fn null_values(missing: &[String]) -> Option<NullValues> {
    (!missing.is_empty()).then(|| {
        NullValues::AllColumns(
            missing
                .iter()
                .map(|t| PlSmallStr::from(t.as_str()))
                .collect(),
        )
    })
}
