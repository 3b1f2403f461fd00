//! A CSV file in blocks of whole records, each checked and parsed as a file of its own with the file's header
//! line in front (see the parent module for the rules).

use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;

use polars::prelude::*;

use super::super::structure::{check_structure_as, detect_delimiter};
use super::super::{INFER_SCHEMA_ROWS, csv_error, dedup_header, unparsable_value};
use super::{Chunk, DatasetError, TaskControl, open, parse_error, projection_of};

/// Bytes read from the file at a time.
const READ_BYTES: usize = 4 << 20;

/// A block that finds no record end (an unclosed quote) is cut at this size; the check then names the quote.
const MAX_BLOCK_BYTES: usize = 256 << 20;

/// One block: its bytes and the file line its first byte is on (1-based).
struct Block {
    bytes: Vec<u8>,
    first_line: u64,
}

/// Cuts a file into blocks that end at a record end outside quotes.
struct Splitter {
    file: std::fs::File,
    pending: Vec<u8>,
    /// Bytes of `pending` already scanned.
    scanned: usize,
    quoted: bool,
    /// End of the last record end found in `pending` (0: none), the records and lines before it.
    boundary: usize,
    records: usize,
    lines_at_boundary: u64,
    /// Lines started in `pending` up to `scanned`.
    lines: u64,
    next_first_line: u64,
    eof: bool,
    bytes_read: u64,
}

impl Splitter {
    fn new(file: std::fs::File) -> Self {
        Self {
            file,
            pending: Vec::new(),
            scanned: 0,
            quoted: false,
            boundary: 0,
            records: 0,
            lines_at_boundary: 0,
            lines: 0,
            next_first_line: 1,
            eof: false,
            bytes_read: 0,
        }
    }

    /// Scans the unscanned bytes for quotes and line ends, up to the first record end that makes the block
    /// big enough.
    fn scan(&mut self, min_bytes: usize, min_records: usize) {
        let mut i = self.scanned;
        let len = self.pending.len();
        while let Some(offset) = memchr::memchr3(b'"', b'\n', b'\r', &self.pending[i..]) {
            if self.boundary >= min_bytes && self.records >= min_records {
                self.scanned = self.boundary;
                return;
            }
            let at = i + offset;
            match self.pending[at] {
                b'"' => self.quoted = !self.quoted,
                b'\n' => self.line_end(at + 1),
                _ => {
                    // A carriage return: part of CRLF (the LF ends the line), or a line end of its own.
                    if at + 1 == len && !self.eof {
                        // The next byte is not read yet.
                        self.scanned = at;
                        return;
                    }
                    if self.pending.get(at + 1) != Some(&b'\n') {
                        self.line_end(at + 1);
                    }
                }
            }
            i = at + 1;
        }
        self.scanned = len;
    }

    fn line_end(&mut self, end: usize) {
        self.lines += 1;
        if !self.quoted {
            self.boundary = end;
            self.records += 1;
            self.lines_at_boundary = self.lines;
        }
    }

    /// The next block of at least `min_bytes` (unless the file ends) and `min_records` records.
    fn next_block(
        &mut self,
        min_bytes: usize,
        min_records: usize,
    ) -> std::io::Result<Option<Block>> {
        loop {
            self.scan(min_bytes, min_records);
            let enough = self.boundary >= min_bytes && self.records >= min_records;
            if self.eof || enough || self.pending.len() >= MAX_BLOCK_BYTES.max(min_bytes * 2) {
                break;
            }
            let start = self.pending.len();
            self.pending.resize(start + READ_BYTES, 0);
            let n = loop {
                match self.file.read(&mut self.pending[start..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        self.pending.truncate(start);
                        return Err(e);
                    }
                }
            };
            self.pending.truncate(start + n);
            self.bytes_read += n as u64;
            if n == 0 {
                self.eof = true;
            }
        }
        if self.pending.is_empty() {
            return Ok(None);
        }
        let whole = self.eof || self.boundary == 0;
        let cut = if whole {
            self.pending.len()
        } else {
            self.boundary
        };
        let rest = self.pending.split_off(cut);
        let bytes = std::mem::replace(&mut self.pending, rest);
        let first_line = self.next_first_line;
        let lines = if whole {
            self.lines
        } else {
            self.lines_at_boundary
        };
        self.next_first_line += lines;
        self.lines -= lines;
        self.scanned -= cut.min(self.scanned);
        self.boundary = 0;
        self.records = 0;
        self.lines_at_boundary = 0;
        if whole {
            // The rest (nothing, or bytes after an unclosed quote) starts unquoted.
            self.quoted = false;
            self.scanned = 0;
            self.lines = 0;
        }
        Ok(Some(Block { bytes, first_line }))
    }
}

/// What the first block says about the file: delimiter, header line (bytes, BOM left out), names.
struct FileHead {
    delimiter: u8,
    header_line: Vec<u8>,
    names: Vec<String>,
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> DatasetError + '_ {
    |source| DatasetError::Io {
        path: path.to_owned(),
        source,
    }
}

/// The structure check of a block with its line numbers made the file's.
fn check_block(
    path: &Path,
    bytes: &[u8],
    first_line: u64,
    delimiter: Option<u8>,
) -> Result<super::super::structure::Checked, DatasetError> {
    let quiet = TaskControl::new();
    match check_structure_as(bytes, delimiter, &quiet)? {
        Ok(checked) => Ok(checked),
        Err(p) => Err(DatasetError::ParseAt {
            path: path.to_owned(),
            line: shift_line(p.line, first_line),
            column: p.column,
            message: p.message,
        }),
    }
}

/// A line of a block with the header line in front (line 1) as a line of the file, the block starting on
/// `first_line`; the first block (`first_line` 1) is the file's own beginning.
fn shift_line(line: u64, first_line: u64) -> u64 {
    if first_line <= 1 || line <= 1 {
        line
    } else {
        line + first_line - 2
    }
}

/// A polars error on a block as the file's error.
fn block_error(path: &Path, bytes: &[u8], first_line: u64, error: &PolarsError) -> DatasetError {
    match csv_error(path, bytes, error) {
        DatasetError::ParseAt {
            path,
            line,
            column,
            message,
        } => DatasetError::ParseAt {
            path,
            line: shift_line(line, first_line),
            column,
            message,
        },
        other => other,
    }
}

/// The first block and what it says about the file.
fn head(
    path: &Path,
    splitter: &mut Splitter,
    block_size: usize,
) -> Result<(Block, FileHead, bool), DatasetError> {
    let block = splitter
        .next_block(block_size, INFER_SCHEMA_ROWS + 1)
        .map_err(io_error(path))?
        .unwrap_or(Block {
            bytes: Vec::new(),
            first_line: 1,
        });
    let body = block
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&block.bytes);
    let delimiter = detect_delimiter(body);
    let checked = check_block(path, &block.bytes, 1, Some(delimiter))?;
    // The header line: up to the first record end outside quotes.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .delimiter(delimiter)
        .from_reader(body);
    let _ = reader.headers();
    let end = usize::try_from(reader.position().byte()).unwrap_or(body.len());
    let mut header_line = body[..end.min(body.len())].to_vec();
    if !header_line.ends_with(b"\n") {
        header_line.push(b'\n');
    }
    let lone_cr = checked.lone_cr;
    Ok((
        block,
        FileHead {
            delimiter,
            header_line,
            names: checked.header,
        },
        lone_cr,
    ))
}

/// The column names as a whole-file read names them.
pub(super) fn header_names(
    path: &Path,
    control: &TaskControl,
) -> Result<Vec<String>, DatasetError> {
    control.check()?;
    let mut splitter = Splitter::new(open(path)?);
    let (_, head, _) = head(path, &mut splitter, 64 << 10)?;
    Ok(dedup_header(&head.names))
}

/// Parses one block's bytes (header line first) with polars.
fn parse(
    bytes: &[u8],
    delimiter: u8,
    missing: &[String],
    schema: Option<SchemaRef>,
    infer: Option<usize>,
    projection: Option<Arc<Vec<usize>>>,
) -> PolarsResult<DataFrame> {
    // The tokens read as null besides empty cells, as `read_table_with_missing` gives them to polars.
    let null_values = crate::analysis::table::null_values(missing);
    crate::analysis::polars_guard::guarded(|| {
        CsvReadOptions::default()
            .with_has_header(true)
            .with_parse_options(
                CsvParseOptions::default()
                    .with_separator(delimiter)
                    .with_null_values(null_values.clone()),
            )
            .with_infer_schema_length(infer)
            .with_schema(schema)
            .with_projection(projection)
            .into_reader_with_file_handle(std::io::Cursor::new(bytes))
            .finish()
    })
    .unwrap_or_else(|message| Err(PolarsError::ComputeError(message.into())))
}

/// A block's bytes as a file of its own: the header line in front (except for the first block), lone
/// carriage returns made line feeds as for a whole file.
fn block_bytes(block: &Block, head: &FileHead, lone_cr: bool, first: bool) -> Vec<u8> {
    let mut bytes = if first {
        block.bytes.clone()
    } else {
        let mut b = Vec::with_capacity(head.header_line.len() + block.bytes.len());
        b.extend_from_slice(&head.header_line);
        b.extend_from_slice(&block.bytes);
        b
    };
    if lone_cr || memchr::memchr(b'\r', &bytes).is_some() {
        bytes = super::super::normalise_lone_cr(&bytes);
    }
    bytes
}

/// How a pass ended.
enum Pass<E> {
    Done(usize),
    /// A block did not fit the types of the first 20,000 rows.
    Retype,
    Failed(E),
}

/// The CSV part of [`super::for_each_chunk`].
pub(super) fn for_each_chunk<E: From<DatasetError>>(
    path: &Path,
    columns: &[String],
    missing: &[String],
    block_size: usize,
    control: &TaskControl,
    consume: &mut dyn FnMut(Chunk) -> Result<(), E>,
) -> Result<usize, E> {
    control.check().map_err(DatasetError::from)?;
    let total = std::fs::metadata(path)
        .map_err(io_error(path))?
        .len()
        .max(1);
    let mut schema: Option<SchemaRef> = None;
    loop {
        match pass(
            path,
            (columns, missing),
            block_size,
            control,
            consume,
            schema.as_ref(),
            total,
        ) {
            Pass::Done(rows) => return Ok(rows),
            Pass::Failed(e) => return Err(e),
            Pass::Retype if schema.is_none() => {
                schema = Some(Arc::new(infer_all(path, missing, block_size, control)?));
            }
            Pass::Retype => {
                return Err(parse_error(
                    path,
                    "the column types inferred from every row do not fit every row".to_owned(),
                )
                .into());
            }
        }
    }
}

/// One pass over the blocks with the types of the first rows (`schema` None) or the given ones: the
/// requested columns, with the `missing` tokens read as null.
fn pass<E: From<DatasetError>>(
    path: &Path,
    (columns, missing): (&[String], &[String]),
    block_size: usize,
    control: &TaskControl,
    consume: &mut dyn FnMut(Chunk) -> Result<(), E>,
    schema: Option<&SchemaRef>,
    total: u64,
) -> Pass<E> {
    let fail = |e: DatasetError| Pass::Failed(E::from(e));
    let mut splitter = match open(path) {
        Ok(f) => Splitter::new(f),
        Err(e) => return fail(e),
    };
    let (first, head, lone_cr) = match head(path, &mut splitter, block_size) {
        Ok(h) => h,
        Err(e) => return fail(e),
    };
    let names = dedup_header(&head.names);
    let projection = match projection_of(&names, columns, path) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let whole_first = schema.is_none();
    let mut schema = schema.cloned();
    let mut rows = 0_usize;
    let mut block = Some(first);
    let mut index = 0_usize;
    while let Some(b) = block {
        if let Err(e) = control.check() {
            return fail(e.into());
        }
        if index > 0
            && let Err(e) = check_block(
                path,
                &b.bytes_with_header(&head),
                b.first_line,
                Some(head.delimiter),
            )
        {
            return fail(e);
        }
        let bytes = block_bytes(&b, &head, lone_cr, index == 0);
        let read = match &schema {
            // The first block is read whole, its types inferred from its first 20,000 rows as for a whole
            // file; the requested columns are kept.
            None => parse(&bytes, head.delimiter, missing, None, Some(INFER_SCHEMA_ROWS), None).and_then(
                |df| {
                    schema = Some(Arc::new(df.schema().as_ref().clone()));
                    let columns = projection
                        .iter()
                        .map(|i| {
                            df.columns().get(*i).cloned().ok_or_else(|| {
                                polars_err!(ComputeError: "the file has fewer columns than its header")
                            })
                        })
                        .collect::<PolarsResult<Vec<Column>>>()?;
                    DataFrame::new(df.height(), columns)
                },
            ),
            // Polars needs a column to read: with none asked for, the first is read for the row count.
            Some(s) if projection.is_empty() => {
                parse(&bytes, head.delimiter, missing, Some(s.clone()), None, Some(Arc::new(vec![0])))
                    .and_then(|df| DataFrame::new(df.height(), Vec::new()))
            }
            Some(s) => parse(
                &bytes,
                head.delimiter,
                missing,
                Some(s.clone()),
                None,
                Some(Arc::new(projection.clone())),
            ),
        };
        let frame = match read {
            Ok(df) => Ok(df),
            Err(e) => {
                if whole_first && unparsable_value(&e.to_string()).is_some() {
                    return Pass::Retype;
                }
                return fail(block_error(path, &bytes, b.first_line, &e));
            }
        };
        let frame = match frame.and_then(|f| {
            if projection.is_empty() {
                Ok(f)
            } else {
                super::in_order(f, &names, &projection, columns)
            }
        }) {
            Ok(f) => f,
            Err(e) => return fail(parse_error(path, e.to_string())),
        };
        rows += frame.height();
        control.add_rows_read(frame.height() as u64);
        #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
        control.set_progress(splitter.bytes_read as f32 / total as f32);
        if let Err(e) = consume(Chunk { index, frame }) {
            return Pass::Failed(e);
        }
        index += 1;
        block = match splitter.next_block(block_size, 1) {
            Ok(b) => b,
            Err(e) => return fail(io_error(path)(e)),
        };
    }
    Pass::Done(rows)
}

impl Block {
    fn bytes_with_header(&self, head: &FileHead) -> Vec<u8> {
        let mut b = Vec::with_capacity(head.header_line.len() + self.bytes.len());
        b.extend_from_slice(&head.header_line);
        b.extend_from_slice(&self.bytes);
        b
    }
}

/// Types inferred from every row: each block inferred on its own, the types merged (a column empty in a
/// block says nothing; integers and decimals give decimals; other mixtures give text).
fn infer_all(
    path: &Path,
    missing: &[String],
    block_size: usize,
    control: &TaskControl,
) -> Result<Schema, DatasetError> {
    let mut splitter = Splitter::new(open(path)?);
    let (first, head, lone_cr) = head(path, &mut splitter, block_size)?;
    let mut merged: Vec<Option<DataType>> = Vec::new();
    let mut polars_names: Vec<PlSmallStr> = Vec::new();
    let mut block = Some(first);
    let mut index = 0_usize;
    while let Some(b) = block {
        control.check()?;
        let bytes = block_bytes(&b, &head, lone_cr, index == 0);
        let df = parse(&bytes, head.delimiter, missing, None, None, None)
            .map_err(|e| block_error(path, &bytes, b.first_line, &e))?;
        if polars_names.is_empty() {
            polars_names = df.get_column_names().into_iter().cloned().collect();
            merged = vec![None; df.width()];
        }
        for (slot, column) in merged.iter_mut().zip(df.columns()) {
            if column.null_count() == column.len() {
                continue;
            }
            let dtype = column.dtype().clone();
            *slot = Some(match slot.take() {
                None => dtype,
                Some(d) if d == dtype => d,
                Some(DataType::Int64 | DataType::Float64)
                    if matches!(dtype, DataType::Int64 | DataType::Float64) =>
                {
                    DataType::Float64
                }
                Some(_) => DataType::String,
            });
        }
        index += 1;
        block = splitter.next_block(block_size, 1).map_err(io_error(path))?;
    }
    Ok(polars_names
        .into_iter()
        .zip(merged)
        .map(|(name, dtype)| Field::new(name, dtype.unwrap_or(DataType::String)))
        .collect())
}
