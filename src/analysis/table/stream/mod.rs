//! Reading a file larger than the memory limit in blocks: only the columns a command needs, a bounded number
//! of rows at a time, with the same types, values and error messages as [`super::read_table`].
//!
//! The memory limit is a share of the machine's RAM ([`DEFAULT_MEMORY_SHARE`] of `MemTotal` in
//! `/proc/meminfo`), or what `RISKBENCH_MEMORY_LIMIT` (or the CLI's `--memory-limit`) says: a size such as
//! `1GB`, `512MB`, `64k` or a plain number of bytes, or a share such as `10%`. A file is streamed when reading
//! it whole would pass the limit: its size times [`IN_MEMORY_FACTOR`] (a CSV file read whole peaks at about
//! 2.85 times its size) is larger than the limit.
//!
//! A CSV file is cut into blocks of whole records (a sixteenth of the memory limit each, 64 KiB to 16 MiB; the first holds at least the
//! 20,000 rows types are inferred from). Each block gets the file's header line and goes through the same
//! structure check and the same polars parser as a whole file, so a problem is reported with the file's line
//! and column. Types come from the first 20,000 rows, as for a whole file; when a later block holds a value
//! that does not fit them, every block is inferred on its own and the types merged (integers and decimals
//! give decimals, anything else mixed gives text), and the blocks are read again from the start — the
//! consumer sees block 0 again and starts over. A Parquet file is read one row group at a time.
//!
//! [`for_each_chunk_with_missing`] also reads the given tokens as null (validation's missing-value reading),
//! handing polars the same null values as [`super::read_table_with_missing`]; [`for_each_chunk`] reads only
//! empty cells as null, as [`super::read_table`].

mod csv_blocks;
mod limit;
#[cfg(test)]
mod tests;

use std::path::Path;

use polars::prelude::*;

pub use limit::{
    DEFAULT_MEMORY_SHARE, IN_MEMORY_FACTOR, MemoryLimitError, memory_limit, parse_memory_limit,
    set_memory_limit, streams,
};

use super::DatasetError;
use super::TaskControl;
use crate::model::DatasetFormat;

/// The target size of a CSV block: a sixteenth of the memory limit, between 64 KiB and 16 MiB.
#[must_use]
pub fn block_size(limit: u64) -> usize {
    usize::try_from(limit / 16)
        .unwrap_or(usize::MAX)
        .clamp(64 << 10, 16 << 20)
}

/// One block of a streamed file: its rows of the requested columns.
#[derive(Debug)]
pub struct Chunk {
    /// 0 for the first block of a pass; a consumer seeing 0 again starts over (types changed, see the module).
    pub index: usize,
    /// The requested columns, in the order asked, named as [`super::read_table`] names them.
    pub frame: DataFrame,
}

/// The column names of a file as [`super::read_table`] names them (a repeated CSV header name gets `.1`),
/// reading only the header or the Parquet footer.
///
/// # Errors
/// [`DatasetError`] naming the file (and line and column for a CSV header problem).
pub fn column_names(path: &Path, control: &TaskControl) -> Result<Vec<String>, DatasetError> {
    match format_of(path)? {
        DatasetFormat::Csv => csv_blocks::header_names(path, control),
        DatasetFormat::Parquet => {
            super::super::parquet_check::check_parquet(path)
                .map_err(|message| parse_error(path, message))?;
            let mut reader = ParquetReader::new(open(path)?);
            let schema = crate::analysis::polars_guard::guarded(|| reader.schema())
                .map_err(|message| parse_error(path, message))?
                .map_err(|e| parse_error(path, e.to_string()))?;
            Ok(schema.iter_names().map(ToString::to_string).collect())
        }
    }
}

/// Reads `columns` of the file at `path` block by block, calling `consume` with each block; returns the
/// number of data rows. Every name must be one of [`column_names`] (the caller says which is missing, in
/// its own words).
///
/// # Errors
/// [`DatasetError`] for an unreadable file or bad data (with line and column), cancellation, or the
/// consumer's error.
pub fn for_each_chunk<E: From<DatasetError>>(
    path: &Path,
    columns: &[String],
    control: &TaskControl,
    consume: &mut dyn FnMut(Chunk) -> Result<(), E>,
) -> Result<usize, E> {
    for_each_chunk_with_missing(path, columns, &[], control, consume)
}

/// [`for_each_chunk`] where a CSV cell equal to one of `missing` is null too, before types are inferred, as
/// [`super::read_table_with_missing`] reads it (a Parquet file is read as it is).
///
/// # Errors
/// As [`for_each_chunk`].
pub fn for_each_chunk_with_missing<E: From<DatasetError>>(
    path: &Path,
    columns: &[String],
    missing: &[String],
    control: &TaskControl,
    consume: &mut dyn FnMut(Chunk) -> Result<(), E>,
) -> Result<usize, E> {
    let limit = memory_limit().unwrap_or(u64::MAX);
    match format_of(path)? {
        DatasetFormat::Csv => {
            csv_blocks::for_each_chunk(path, columns, missing, block_size(limit), control, consume)
        }
        DatasetFormat::Parquet => parquet_chunks(path, columns, control, consume),
    }
}

/// [`for_each_chunk`] with CSV blocks of about `block` bytes (the first holds at least 20,000 rows).
///
/// # Errors
/// As [`for_each_chunk`].
pub fn for_each_chunk_sized<E: From<DatasetError>>(
    path: &Path,
    columns: &[String],
    block: usize,
    control: &TaskControl,
    consume: &mut dyn FnMut(Chunk) -> Result<(), E>,
) -> Result<usize, E> {
    match format_of(path)? {
        DatasetFormat::Csv => {
            csv_blocks::for_each_chunk(path, columns, &[], block, control, consume)
        }
        DatasetFormat::Parquet => parquet_chunks(path, columns, control, consume),
    }
}

/// The size of the file at `path` in bytes (0 when it cannot be read: reading it will say why).
#[must_use]
pub fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// How many columns a command reading files of `bytes` bytes in all, with `columns` columns, holds at once
/// when it works a batch of columns at a time: about a quarter of the [`memory_limit`], a column estimated at
/// three times its share of the bytes; at least one.
#[must_use]
pub fn batch_columns(bytes: u64, columns: usize) -> usize {
    let limit = memory_limit().unwrap_or(u64::MAX);
    let per_column = bytes.saturating_mul(3) / columns.max(1) as u64;
    usize::try_from((limit / 4) / per_column.max(1))
        .unwrap_or(usize::MAX)
        .max(1)
}

/// Reads `columns` of the file block by block into one frame (a CSV cell equal to one of `missing` is null,
/// as in [`for_each_chunk_with_missing`]); returns the frame and the data rows. `after` is called after each
/// block with its row count (progress, counting, cancellation); its error ends the read.
///
/// # Errors
/// As [`for_each_chunk`].
pub fn read_columns<E: From<DatasetError>>(
    path: &Path,
    columns: &[String],
    missing: &[String],
    control: &TaskControl,
    after: &mut dyn FnMut(usize) -> Result<(), E>,
) -> Result<(DataFrame, usize), E> {
    let mut frame: Option<DataFrame> = None;
    let rows =
        for_each_chunk_with_missing(path, columns, missing, control, &mut |chunk: Chunk| {
            let height = chunk.frame.height();
            match (&mut frame, chunk.index) {
                (Some(f), i) if i > 0 => {
                    f.vstack_mut_owned(chunk.frame)
                        .map_err(|e| parse_error(path, e.to_string()))?;
                }
                _ => frame = Some(chunk.frame),
            }
            after(height)
        })?;
    Ok((frame.unwrap_or_default(), rows))
}

fn format_of(path: &Path) -> Result<DatasetFormat, DatasetError> {
    DatasetFormat::from_path(path).ok_or_else(|| DatasetError::UnsupportedFormat(path.to_owned()))
}

fn open(path: &Path) -> Result<std::fs::File, DatasetError> {
    std::fs::File::open(path).map_err(|source| DatasetError::Io {
        path: path.to_owned(),
        source,
    })
}

fn parse_error(path: &Path, message: String) -> DatasetError {
    DatasetError::Parse {
        path: path.to_owned(),
        message,
    }
}

/// The Parquet part of [`for_each_chunk`]: the footer checked as for a whole file, then one row group at a
/// time with only the requested columns.
fn parquet_chunks<E: From<DatasetError>>(
    path: &Path,
    columns: &[String],
    control: &TaskControl,
    consume: &mut dyn FnMut(Chunk) -> Result<(), E>,
) -> Result<usize, E> {
    super::super::parquet_check::check_parquet(path)
        .map_err(|message| parse_error(path, message))?;
    let parse = |e: PolarsError| parse_error(path, e.to_string());
    let mut reader = ParquetReader::new(open(path)?);
    let (metadata, schema) = crate::analysis::polars_guard::guarded(|| {
        Ok::<_, PolarsError>((reader.get_metadata()?.clone(), reader.schema()?))
    })
    .map_err(|message| parse_error(path, message))?
    .map_err(parse)?;
    let names: Vec<String> = schema.iter_names().map(ToString::to_string).collect();
    let projection = projection_of(&names, columns, path)?;
    let mut groups: Vec<usize> = Vec::with_capacity(metadata.row_groups.len());
    for group in &metadata.row_groups {
        groups.push(group.num_rows());
    }
    let total: usize = groups.iter().sum();
    let mut offset = 0_usize;
    for (index, rows) in groups.into_iter().enumerate() {
        control.check().map_err(DatasetError::from)?;
        let file = open(path)?;
        let mut frame = crate::analysis::polars_guard::guarded(|| {
            ParquetReader::new(file)
                .with_projection(Some(projection.clone()))
                .with_slice(Some((offset, rows)))
                .finish()
        })
        .map_err(|message| parse_error(path, message))?
        .map_err(parse)?;
        super::utc_without_time_zone(&mut frame).map_err(parse)?;
        let frame = in_order(frame, &names, &projection, columns).map_err(parse)?;
        offset += rows;
        control.add_rows_read(rows as u64);
        #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
        control.set_progress(offset as f32 / total.max(1) as f32);
        consume(Chunk { index, frame })?;
    }
    Ok(offset)
}

/// The indices of `columns` among `names`, sorted (polars reads a projection in file order).
fn projection_of(
    names: &[String],
    columns: &[String],
    path: &Path,
) -> Result<Vec<usize>, DatasetError> {
    let mut projection = Vec::with_capacity(columns.len());
    for c in columns {
        let i = names.iter().position(|n| n == c).ok_or_else(|| {
            parse_error(
                path,
                format!(
                    "the file has no column {c:?} (columns: {})",
                    names.join(", ")
                ),
            )
        })?;
        projection.push(i);
    }
    projection.sort_unstable();
    projection.dedup();
    Ok(projection)
}

/// A frame read with `projection` (file order), renamed to `names` and put in the order of `columns`.
fn in_order(
    mut frame: DataFrame,
    names: &[String],
    projection: &[usize],
    columns: &[String],
) -> PolarsResult<DataFrame> {
    let read_as: Vec<&str> = projection.iter().map(|i| names[*i].as_str()).collect();
    frame.set_column_names(&read_as)?;
    let mut seen = std::collections::HashSet::new();
    let wanted: Vec<&str> = columns
        .iter()
        .map(String::as_str)
        .filter(|c| seen.insert(*c))
        .collect();
    frame.select(wanted)
}
