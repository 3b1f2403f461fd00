//! Checks a Parquet file's footer against the file itself before polars reads it: metadata is never trusted
//! over data.
//!
//! A Parquet file ends with a Thrift-encoded footer that declares the schema, the row groups, where every
//! column chunk starts and how large it is, and the row counts. polars believes it: a footer that lies (an
//! offset past the end of the file, a negative size, an unknown encoding, a row count of 2⁶², a schema nested
//! ten thousand levels deep) made it panic, overflow its stack or allocate gigabytes for a file of a few hundred
//! bytes. [`check_parquet`] reads the footer with its own small, bounded decoder (no recursion deeper than
//! [`MAX_THRIFT_DEPTH`], no allocation larger than the bytes it reads), then walks every page header of every
//! column chunk, and accepts the file only when
//! - the magic bytes, footer length, offsets and sizes all lie inside the file,
//! - every field polars decodes has the type polars reads for it (polars trusts the field id over the declared
//!   type: a boolean declared as an integer made it panic; see `shape`),
//! - every encoding and compression codec is one the format defines,
//! - the schema is at most [`MAX_SCHEMA_DEPTH`] levels deep and has as many leaves as each row group has
//!   columns,
//! - the row counts add up (file = sum of row groups; each column chunk's pages hold at least its row group's
//!   rows: a row count is checked against the pages that hold the rows),
//! - no page declares more than [`MAX_PAGE_RATIO`] times its compressed size (and more than 16 MiB), and
//! - the table it declares fits in the memory budget ([`memory_budget_bytes`]).
//!
//! Every refusal names the place: the row group, the column (its path in the schema) and the byte offset.

mod shape;

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Deepest nesting of Thrift structs and lists accepted in a footer or page header.
pub const MAX_THRIFT_DEPTH: usize = 64;
/// Deepest schema (levels of nested groups) accepted.
pub const MAX_SCHEMA_DEPTH: usize = 32;
/// Largest accepted ratio of a page's declared uncompressed size to its compressed size (above 16 MiB).
pub const MAX_PAGE_RATIO: u64 = 1024;
/// A page may always declare this many uncompressed bytes, whatever its compressed size.
const PAGE_FLOOR_BYTES: u64 = 16 << 20;
/// Most columns a dataset may have (a spreadsheet's limit: Excel stops at 16,384): every column costs memory
/// of its own, so a one-row file with hundreds of thousands of columns could exhaust memory.
pub const MAX_COLUMNS: usize = 16_384;

/// The memory a dataset's table may take: `RISKBENCH_MEMORY_LIMIT_MB` when set, else half of the physical
/// memory (`/proc/meminfo`), else 8 GiB.
#[must_use]
pub fn memory_budget_bytes() -> u64 {
    if let Some(mb) = std::env::var("RISKBENCH_MEMORY_LIMIT_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return mb.saturating_mul(1 << 20);
    }
    let total_kb = std::fs::read_to_string("/proc/meminfo").ok().and_then(|t| {
        t.lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    });
    total_kb.map_or(8 << 30, |kb| kb.saturating_mul(1024) / 2)
}

/// A human size for messages.
#[must_use]
pub fn human_bytes(bytes: u64) -> String {
    #[expect(clippy::cast_precision_loss, reason = "a size in a message")]
    let b = bytes as f64;
    if bytes >= 1 << 30 {
        format!("{:.1} GiB", b / f64::from(1_u32 << 30))
    } else if bytes >= 1 << 20 {
        format!("{:.1} MiB", b / f64::from(1_u32 << 20))
    } else {
        format!("{bytes} bytes")
    }
}

/// What a checked footer declares, now known to be consistent with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParquetSummary {
    /// Rows (checked against the pages).
    pub rows: u64,
    /// Leaf columns.
    pub columns: u64,
    /// Sum of the declared uncompressed page sizes.
    pub uncompressed_bytes: u64,
}

/// A Thrift compact-protocol value; binary values keep only their length (nothing here needs their bytes).
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Bool,
    /// A Thrift i8 (one byte on the wire, unlike the varint integers).
    Byte(i64),
    Int(i64),
    Double,
    /// The first 256 bytes (names are short; nothing here needs more).
    Binary(Vec<u8>),
    List(Vec<Value>),
    Map,
    Struct(Vec<(i16, Value)>),
}

impl Value {
    fn field(&self, id: i16) -> Option<&Value> {
        match self {
            Value::Struct(fields) => fields.iter().find(|(f, _)| *f == id).map(|(_, v)| v),
            _ => None,
        }
    }
    fn int(&self, id: i16) -> Option<i64> {
        match self.field(id) {
            Some(Value::Int(v) | Value::Byte(v)) => Some(*v),
            _ => None,
        }
    }
    fn list(&self, id: i16) -> Option<&[Value]> {
        match self.field(id) {
            Some(Value::List(v)) => Some(v),
            _ => None,
        }
    }
}

/// A bounded reader of the Thrift compact protocol.
struct Thrift<'a> {
    bytes: &'a [u8],
    pos: usize,
}

type ThriftResult<T> = Result<T, String>;

impl<'a> Thrift<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    fn byte(&mut self) -> ThriftResult<u8> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| "it ends in the middle of a value".to_owned())?;
        self.pos += 1;
        Ok(b)
    }

    fn varint(&mut self) -> ThriftResult<u64> {
        let mut result: u64 = 0;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            if shift >= 64 {
                return Err("a number is longer than 64 bits".to_owned());
            }
            result |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(result);
            }
        }
        Err("a number is longer than 64 bits".to_owned())
    }

    fn zigzag(&mut self) -> ThriftResult<i64> {
        let n = self.varint()?;
        #[expect(
            clippy::cast_possible_wrap,
            reason = "zigzag decoding is bit arithmetic"
        )]
        Ok((n >> 1) as i64 ^ -((n & 1) as i64))
    }

    fn skip(&mut self, n: usize) -> ThriftResult<()> {
        if n > self.bytes.len() - self.pos {
            return Err("a value runs past the end of the footer".to_owned());
        }
        self.pos += n;
        Ok(())
    }

    fn value(&mut self, kind: u8, depth: usize) -> ThriftResult<Value> {
        if depth > MAX_THRIFT_DEPTH {
            return Err(format!(
                "values are nested more than {MAX_THRIFT_DEPTH} levels deep"
            ));
        }
        Ok(match kind {
            1 | 2 => Value::Bool,
            3 => Value::Byte(i64::from(self.byte()?.cast_signed())),
            4..=6 => Value::Int(self.zigzag()?),
            7 => {
                self.skip(8)?;
                Value::Double
            }
            8 => {
                let len = usize::try_from(self.varint()?).unwrap_or(usize::MAX);
                let start = self.pos;
                self.skip(len)?;
                Value::Binary(self.bytes[start..start + len.min(256)].to_vec())
            }
            9 | 10 => {
                let header = self.byte()?;
                let mut size = u64::from(header >> 4);
                if size == 15 {
                    size = self.varint()?;
                }
                let elem = header & 0x0f;
                // Every element takes at least one byte: a list cannot be longer than what is left.
                let left = (self.bytes.len() - self.pos) as u64;
                if size > left {
                    return Err(format!(
                        "a list declares {size} elements but only {left} bytes follow"
                    ));
                }
                let mut items = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
                for _ in 0..size {
                    let item = if elem == 1 || elem == 2 {
                        self.byte()?;
                        Value::Bool
                    } else {
                        self.value(elem, depth + 1)?
                    };
                    items.push(item);
                }
                Value::List(items)
            }
            11 => {
                let size = self.varint()?;
                if size > 0 {
                    let kinds = self.byte()?;
                    let left = (self.bytes.len() - self.pos) as u64;
                    if size > left {
                        return Err(format!(
                            "a map declares {size} entries but only {left} bytes follow"
                        ));
                    }
                    for _ in 0..size {
                        self.value(kinds >> 4, depth + 1)?;
                        self.value(kinds & 0x0f, depth + 1)?;
                    }
                }
                Value::Map
            }
            12 => self.structure(depth + 1)?,
            other => return Err(format!("unknown Thrift value type {other}")),
        })
    }

    fn structure(&mut self, depth: usize) -> ThriftResult<Value> {
        if depth > MAX_THRIFT_DEPTH {
            return Err(format!(
                "values are nested more than {MAX_THRIFT_DEPTH} levels deep"
            ));
        }
        let mut fields = Vec::new();
        let mut last: i16 = 0;
        loop {
            let header = self.byte()?;
            if header == 0 {
                return Ok(Value::Struct(fields));
            }
            let delta = header >> 4;
            let id = if delta == 0 {
                i16::try_from(self.zigzag()?)
                    .map_err(|_| "a field id is out of range".to_owned())?
            } else {
                last.checked_add(i16::from(delta))
                    .ok_or_else(|| "a field id is out of range".to_owned())?
            };
            last = id;
            let value = self.value(header & 0x0f, depth)?;
            fields.push((id, value));
        }
    }
}

/// A refusal, with the place.
fn refuse(place: &str, message: impl std::fmt::Display) -> String {
    if place.is_empty() {
        format!("the Parquet footer does not match the file: {message}")
    } else {
        format!("the Parquet footer does not match the file: {place}: {message}")
    }
}

/// The encodings the Parquet format defines (`Encoding` in parquet.thrift).
fn known_encoding(code: i64) -> bool {
    (0..=9).contains(&code)
}

/// The compression codecs the Parquet format defines (`CompressionCodec`).
fn known_codec(code: i64) -> bool {
    (0..=7).contains(&code)
}

/// One leaf of the schema: its dotted path and whether its values can be repeated (a list).
struct Leaf {
    path: String,
    repeated: bool,
}

/// Walks the flattened schema (depth-first, each group giving its number of children) without recursion.
fn schema_leaves(schema: &[Value]) -> Result<Vec<Leaf>, String> {
    let root = schema
        .first()
        .ok_or_else(|| refuse("schema", "it has no root element"))?;
    let root_children = root.int(5).unwrap_or(0);
    if root_children < 0 {
        return Err(refuse(
            "schema",
            format!("the root declares {root_children} children"),
        ));
    }
    // (children still to read, name of the group, repeated)
    let mut stack: Vec<(i64, String, bool)> = vec![(root_children, String::new(), false)];
    let mut leaves = Vec::new();
    let mut index = 1;
    while let Some(top) = stack.last_mut() {
        if top.0 == 0 {
            stack.pop();
            continue;
        }
        top.0 -= 1;
        let (prefix, repeated_above) = (top.1.clone(), top.2);
        let element = schema.get(index).ok_or_else(|| {
            refuse(
                "schema",
                format!(
                    "the groups declare more children than the {} elements it has",
                    schema.len()
                ),
            )
        })?;
        let name = match element.field(4) {
            Some(Value::Binary(name)) => String::from_utf8_lossy(name).into_owned(),
            _ => {
                return Err(refuse(&format!("schema element {index}"), "it has no name"));
            }
        };
        let path = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}.{name}")
        };
        // Repetition: 0 required, 1 optional, 2 repeated.
        let repetition = element.int(3).unwrap_or(0);
        if !(0..=2).contains(&repetition) {
            return Err(refuse(
                &format!("schema element {index}"),
                format!("unknown repetition {repetition}"),
            ));
        }
        let repeated = repeated_above || repetition == 2;
        index += 1;
        match element.int(5) {
            Some(children) if children > 0 => {
                if stack.len() >= MAX_SCHEMA_DEPTH {
                    return Err(refuse(
                        &format!("schema element {index}"),
                        format!("the schema nests groups more than {MAX_SCHEMA_DEPTH} levels deep"),
                    ));
                }
                stack.push((children, path, repeated));
            }
            Some(children) if children < 0 => {
                return Err(refuse(
                    &format!("schema element {index}"),
                    format!("it declares {children} children"),
                ));
            }
            _ => {
                if element.int(1).is_none() {
                    return Err(refuse(
                        &format!("schema element {index}"),
                        "a leaf column has no physical type",
                    ));
                }
                leaves.push(Leaf { path, repeated });
            }
        }
        if leaves.len() > MAX_COLUMNS {
            return Err(format!(
                "the file has more than {MAX_COLUMNS} columns (the most Riskbench reads)"
            ));
        }
    }
    if index != schema.len() {
        return Err(refuse(
            "schema",
            format!(
                "it has {} elements but its groups account for {index}",
                schema.len()
            ),
        ));
    }
    Ok(leaves)
}

fn non_negative(value: Option<i64>, place: &str, what: &str) -> Result<u64, String> {
    match value {
        None => Err(refuse(place, format!("the {what} is missing"))),
        Some(v) => {
            u64::try_from(v).map_err(|_| refuse(place, format!("the {what} is negative ({v})")))
        }
    }
}

/// Walks the page headers of one column chunk `[start, end)` of `file`; returns (values in data pages, rows
/// declared by v2 pages if every data page is v2, uncompressed bytes).
fn check_pages<R: Read + Seek>(
    file: &mut R,
    start: u64,
    end: u64,
    codec: i64,
    place: &str,
) -> Result<(u64, Option<u64>, u64), String> {
    let mut pos = start;
    let (mut values, mut v2_rows, mut all_v2, mut uncompressed) = (0_u64, 0_u64, true, 0_u64);
    let mut pages = 0_u64;
    while pos < end {
        pages += 1;
        let here = format!("{place}, page {pages} at byte {pos}");
        let window = read_at(file, pos, (end - pos).min(MAX_PAGE_HEADER_BYTES))
            .map_err(|m| refuse(&here, m))?;
        let mut reader = Thrift::new(&window);
        let header = reader
            .structure(0)
            .map_err(|m| refuse(&here, format!("the page header cannot be read: {m}")))?;
        let page_type = header.int(1).unwrap_or(-1);
        let raw = non_negative(header.int(2), &here, "uncompressed page size")?;
        let compressed = non_negative(header.int(3), &here, "compressed page size")?;
        let body_start = pos + reader.pos as u64;
        if compressed > end - body_start {
            return Err(refuse(
                &here,
                format!(
                    "the page declares {compressed} bytes but its column chunk ends {} bytes later",
                    end - body_start
                ),
            ));
        }
        if raw > PAGE_FLOOR_BYTES.max(compressed.saturating_mul(MAX_PAGE_RATIO)) {
            return Err(refuse(
                &here,
                format!(
                    "the page declares {} once decompressed from {compressed} bytes (more than {MAX_PAGE_RATIO} \
                     times its size)",
                    human_bytes(raw)
                ),
            ));
        }
        if codec == 0 && page_type != 3 && raw != compressed {
            return Err(refuse(
                &here,
                format!("an uncompressed page declares {raw} bytes but holds {compressed}"),
            ));
        }
        let (sub, enc_field) = match page_type {
            0 => (5, 2),
            2 => (7, 2),
            3 => (8, 4),
            1 => (0, 0),
            other => return Err(refuse(&here, format!("unknown page type {other}"))),
        };
        if sub != 0 {
            let Some(detail) = header.field(sub) else {
                return Err(refuse(&here, "the page has no header for its type"));
            };
            if let Some(enc) = detail.int(enc_field)
                && !known_encoding(enc)
            {
                return Err(refuse(&here, format!("unknown encoding {enc}")));
            }
            let n = non_negative(detail.int(1), &here, "number of values")?;
            match page_type {
                0 => {
                    all_v2 = false;
                    values += n;
                }
                3 => {
                    values += n;
                    v2_rows += non_negative(detail.int(3), &here, "number of rows")?;
                }
                _ => {}
            }
        }
        uncompressed = uncompressed.saturating_add(raw);
        pos = body_start + compressed;
    }
    Ok((values, all_v2.then_some(v2_rows), uncompressed))
}

/// Most bytes a page header may take (its statistics included).
const MAX_PAGE_HEADER_BYTES: u64 = 1 << 20;

fn read_at<R: Read + Seek>(file: &mut R, offset: u64, len: u64) -> Result<Vec<u8>, String> {
    file.seek(SeekFrom::Start(offset))
        .map_err(|e| format!("cannot read the file: {e}"))?;
    let mut buf = Vec::new();
    file.take(len)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if (buf.len() as u64) < len {
        return Err(format!(
            "the file ends before byte {}",
            offset.saturating_add(len)
        ));
    }
    Ok(buf)
}

/// Checks a Parquet file held in memory (see [`check_parquet_reader`]).
///
/// # Errors
/// A message naming the place where the footer and the file disagree.
pub fn check_parquet_bytes(file: &[u8], budget_bytes: u64) -> Result<ParquetSummary, String> {
    check_parquet_reader(&mut std::io::Cursor::new(file), budget_bytes)
}

/// Checks a Parquet file (see the module documentation) read through `file`, reading only the footer and the
/// page headers.
///
/// # Errors
/// A message naming the place where the footer and the file disagree.
pub fn check_parquet_reader<R: Read + Seek>(
    file: &mut R,
    budget_bytes: u64,
) -> Result<ParquetSummary, String> {
    let size = file
        .seek(SeekFrom::End(0))
        .map_err(|e| format!("cannot read the file: {e}"))?;
    let not_parquet = || {
        format!(
            "this is not a Parquet file: it must start and end with the bytes PAR1 ({size} bytes)"
        )
    };
    if size < 12 {
        return Err(not_parquet());
    }
    let head = read_at(file, 0, 4)?;
    let tail = read_at(file, size - 8, 8)?;
    if head != b"PAR1" || &tail[4..] != b"PAR1" {
        return Err(not_parquet());
    }
    let footer_len = u64::from(u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]));
    if footer_len + 12 > size {
        return Err(refuse(
            "",
            format!("the footer declares {footer_len} bytes but the file has {size}"),
        ));
    }
    let data_end = size - 8 - footer_len;
    let footer = read_at(file, data_end, footer_len)?;
    let mut reader = Thrift::new(&footer);
    let meta = reader
        .structure(0)
        .map_err(|m| refuse("", format!("the footer cannot be read: {m}")))?;
    shape::conforms(&meta, &shape::FILE_META_DATA, "the footer").map_err(|m| refuse("", m))?;
    let schema = meta
        .list(2)
        .ok_or_else(|| refuse("", "the footer has no schema"))?;
    let leaves = schema_leaves(schema)?;
    let rows = non_negative(meta.int(3), "", "row count")?;
    let groups = meta.list(4).unwrap_or_default();
    let mut group_rows_total = 0_u64;
    let mut uncompressed_total = 0_u64;
    for (g, group) in groups.iter().enumerate() {
        let gplace = format!("row group {}", g + 1);
        let group_rows = non_negative(group.int(3), &gplace, "row count")?;
        group_rows_total = group_rows_total.saturating_add(group_rows);
        let columns = group.list(1).unwrap_or_default();
        if columns.len() != leaves.len() {
            return Err(refuse(
                &gplace,
                format!(
                    "it has {} columns but the schema has {}",
                    columns.len(),
                    leaves.len()
                ),
            ));
        }
        for (chunk, leaf) in columns.iter().zip(&leaves) {
            let place = format!("{gplace}, column {:?}", leaf.path);
            if chunk.field(1).is_some() {
                return Err(refuse(
                    &place,
                    "its data is in another file (external column chunks are not read)",
                ));
            }
            let meta = chunk
                .field(3)
                .ok_or_else(|| refuse(&place, "the column has no metadata"))?;
            for enc in meta.list(2).unwrap_or_default() {
                if let Value::Int(code) = enc
                    && !known_encoding(*code)
                {
                    return Err(refuse(&place, format!("unknown encoding {code}")));
                }
            }
            let codec = meta.int(4).unwrap_or(-1);
            if !known_codec(codec) {
                return Err(refuse(&place, format!("unknown compression codec {codec}")));
            }
            let num_values = non_negative(meta.int(5), &place, "number of values")?;
            non_negative(meta.int(6), &place, "uncompressed size")?;
            let chunk_size = non_negative(meta.int(7), &place, "compressed size")?;
            let data_offset = non_negative(meta.int(9), &place, "data page offset")?;
            let start = match meta.int(11) {
                Some(d) if d > 0 => {
                    non_negative(Some(d), &place, "dictionary page offset")?.min(data_offset)
                }
                _ => data_offset,
            };
            let end = start.saturating_add(chunk_size);
            if start < 4 || end > data_end {
                return Err(refuse(
                    &place,
                    format!(
                        "its data is declared at bytes {start}..{end}, outside the data part of the file \
                         (bytes 4..{data_end})"
                    ),
                ));
            }
            let (page_values, v2_rows, raw) = check_pages(file, start, end, codec, &place)?;
            if page_values != num_values {
                return Err(refuse(
                    &place,
                    format!(
                        "the metadata declares {num_values} values but its pages hold {page_values}"
                    ),
                ));
            }
            let short = match v2_rows {
                Some(r) => r != group_rows,
                None if leaf.repeated => page_values < group_rows,
                None => page_values != group_rows,
            };
            if short {
                return Err(refuse(
                    &place,
                    format!(
                        "the row group declares {group_rows} rows but the column's pages hold {page_values} values"
                    ),
                ));
            }
            uncompressed_total = uncompressed_total.saturating_add(raw);
        }
    }
    if group_rows_total != rows {
        return Err(refuse(
            "",
            format!("it declares {rows} rows but its row groups hold {group_rows_total}"),
        ));
    }
    let columns = leaves.len() as u64;
    // Each value takes at least 8 bytes in memory, plus its validity bit.
    let table_bytes = rows
        .saturating_mul(columns)
        .saturating_mul(9)
        .saturating_add(uncompressed_total);
    if table_bytes > budget_bytes {
        return Err(format!(
            "the table would take about {} in memory, more than the {} Riskbench may use \
             (RISKBENCH_MEMORY_LIMIT_MB sets it)",
            human_bytes(table_bytes),
            human_bytes(budget_bytes)
        ));
    }
    Ok(ParquetSummary {
        rows,
        columns,
        uncompressed_bytes: uncompressed_total,
    })
}

/// Reads and checks a Parquet file (see [`check_parquet_bytes`]), with the memory budget of
/// [`memory_budget_bytes`].
///
/// # Errors
/// An I/O error's text, or the place where the footer and the file disagree.
pub fn check_parquet(path: &Path) -> Result<ParquetSummary, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    check_parquet_reader(&mut std::io::BufReader::new(file), memory_budget_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/parquet")
            .join(name)
    }

    #[test]
    fn files_written_by_pyarrow_pass_with_their_shape() {
        use polars::prelude::{ParquetReader, SerReader as _};
        for name in ["types.parquet", "nested.parquet"] {
            let summary = check_parquet(&fixture(name)).unwrap();
            let df = ParquetReader::new(std::fs::File::open(fixture(name)).unwrap())
                .finish()
                .unwrap();
            assert_eq!(summary.rows, df.height() as u64, "{name}");
            assert!(summary.columns >= df.width() as u64, "{name}");
        }
    }

    #[test]
    fn a_footer_nested_ten_thousand_deep_is_refused_without_recursing() {
        let mut footer = vec![0x1c_u8; 10_000];
        footer.extend(std::iter::repeat_n(0_u8, 10_001));
        let mut file = b"PAR1".to_vec();
        file.extend(&footer);
        file.extend(u32::try_from(footer.len()).unwrap().to_le_bytes());
        file.extend(b"PAR1");
        let err = check_parquet_bytes(&file, 1 << 30).unwrap_err();
        assert!(err.contains("nested more than 64 levels deep"), "{err}");
    }

    #[test]
    fn a_truncated_file_is_refused() {
        let bytes = std::fs::read(fixture("types.parquet")).unwrap();
        for cut in [0, 4, 11, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                check_parquet_bytes(&bytes[..cut], 1 << 30).is_err(),
                "cut {cut}"
            );
        }
    }

    #[test]
    fn the_memory_budget_is_enforced() {
        let bytes = std::fs::read(fixture("types.parquet")).unwrap();
        let err = check_parquet_bytes(&bytes, 10).unwrap_err();
        assert!(err.contains("RISKBENCH_MEMORY_LIMIT_MB"), "{err}");
    }
}
