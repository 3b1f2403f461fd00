//! Tests of reading in blocks against reading whole: the same frame, the same errors with the same lines.

use std::fmt::Write as _;

use super::*;
use crate::analysis::table::{INFER_SCHEMA_ROWS, read_table};

/// Small blocks, so that a file of a few thousand rows after the first 20,000 spans many.
const SMALL: usize = 1024;

fn write(text: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.csv");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Every column of the file, read in blocks and stacked.
fn blocks(path: &Path) -> Result<(DataFrame, usize, usize), DatasetError> {
    let names = column_names(path, &TaskControl::new())?;
    let mut frame: Option<DataFrame> = None;
    let mut chunks = 0;
    let rows = for_each_chunk_sized(
        path,
        &names,
        SMALL,
        &TaskControl::new(),
        &mut |chunk: Chunk| {
            chunks += 1;
            match (&mut frame, chunk.index) {
                (Some(f), i) if i > 0 => {
                    f.vstack_mut_owned(chunk.frame).unwrap();
                }
                _ => frame = Some(chunk.frame),
            }
            Ok::<(), DatasetError>(())
        },
    )?;
    Ok((frame.unwrap(), rows, chunks))
}

/// A file of `rows` rows of `id,text,x` after the header, `late` appended.
fn rows_text(rows: usize, late: &str) -> String {
    let mut text = String::from("id,text,x\n");
    for i in 0..rows {
        let _ = writeln!(text, "{i},\"v{}\",{}.5", i % 7, i % 11);
    }
    text.push_str(late);
    text
}

#[test]
fn blocks_give_the_frame_a_whole_read_gives() {
    // Quoted fields with a line break, a doubled quote and CRLF line ends after the first 20,000 rows.
    let text = rows_text(
        INFER_SCHEMA_ROWS + 3000,
        "7,\"two\nlines\",1\r\n8,\"say \"\"hi\"\"\",2\r\n9,,3\n",
    );
    let (_dir, path) = write(text.as_bytes());
    let whole = read_table(&path, &TaskControl::new()).unwrap();
    let (streamed, rows, chunks) = blocks(&path).unwrap();
    assert_eq!(rows, INFER_SCHEMA_ROWS + 3003);
    assert!(chunks > 20, "{chunks} blocks");
    assert!(whole.equals_missing(&streamed), "{whole:?}\n{streamed:?}");
    assert_eq!(whole.schema(), streamed.schema());
}

#[test]
fn a_late_value_that_breaks_the_types_reads_every_block_again() {
    let text = rows_text(INFER_SCHEMA_ROWS + 3000, "last,x,1\n");
    let (_dir, path) = write(text.as_bytes());
    let whole = read_table(&path, &TaskControl::new()).unwrap();
    assert_eq!(whole.column("id").unwrap().dtype(), &DataType::String);
    let (streamed, rows, _) = blocks(&path).unwrap();
    assert_eq!(rows, INFER_SCHEMA_ROWS + 3001);
    assert_eq!(whole.schema(), streamed.schema());
    assert!(whole.equals_missing(&streamed));
}

#[test]
fn problems_in_late_blocks_name_the_same_line_and_column() {
    let line = INFER_SCHEMA_ROWS as u64 + 2502;
    for late in [
        "1,\"a\",2,3\n".to_owned(),
        "1,\"a\"b,2\n".to_owned(),
        "1,a\u{0},2\n".to_owned(),
        "1,\"never closed,2\n3,b,4\n".to_owned(),
    ] {
        let mut text = rows_text(INFER_SCHEMA_ROWS + 2500, &late).into_bytes();
        text.extend_from_slice(b"5,c,6\n");
        let (_dir, path) = write(&text);
        let whole = read_table(&path, &TaskControl::new()).unwrap_err();
        let streamed = blocks(&path).unwrap_err();
        assert_eq!(whole.to_string(), streamed.to_string(), "{late:?}");
        let DatasetError::ParseAt { line: at, .. } = streamed else {
            panic!("no line: {streamed}");
        };
        assert_eq!(at, line, "{late:?}");
    }
    // Not UTF-8, after the first block.
    let mut text = rows_text(INFER_SCHEMA_ROWS + 2500, "").into_bytes();
    text.extend_from_slice(b"1,caf\xE9,2\n");
    let (_dir, path) = write(&text);
    let whole = read_table(&path, &TaskControl::new()).unwrap_err();
    let streamed = blocks(&path).unwrap_err();
    assert_eq!(whole.to_string(), streamed.to_string());
    assert!(
        streamed.to_string().contains(&format!("line {line}")),
        "{streamed}"
    );
}

#[test]
fn carriage_returns_alone_end_lines_as_in_a_whole_read() {
    let text = rows_text(INFER_SCHEMA_ROWS + 800, "").replace('\n', "\r");
    let (_dir, path) = write(text.as_bytes());
    let whole = read_table(&path, &TaskControl::new()).unwrap();
    let (streamed, rows, chunks) = blocks(&path).unwrap();
    assert_eq!(rows, INFER_SCHEMA_ROWS + 800);
    assert!(chunks > 5, "{chunks} blocks");
    assert!(whole.equals_missing(&streamed));
}

#[test]
fn memory_limits_parse_sizes_and_shares() {
    assert_eq!(parse_memory_limit("1MB"), Ok(1 << 20));
    assert_eq!(parse_memory_limit("512k"), Ok(512 << 10));
    assert_eq!(parse_memory_limit(" 2 GiB "), Ok(2 << 30));
    assert_eq!(parse_memory_limit("1000"), Ok(1000));
    assert!(parse_memory_limit("10%").unwrap() > 0);
    for bad in ["", "0", "-5MB", "1XB", "150%", "lots"] {
        assert!(parse_memory_limit(bad).is_err(), "{bad:?}");
    }
    assert_eq!(block_size(1 << 20), 64 << 10);
    assert_eq!(block_size(1 << 30), 16 << 20);
}

#[test]
fn a_parquet_file_is_read_a_row_group_at_a_time_with_the_columns_asked() {
    let (_dir, csv) = write(rows_text(3000, "").as_bytes());
    let mut whole = read_table(&csv, &TaskControl::new()).unwrap();
    let path = csv.with_extension("parquet");
    let file = std::fs::File::create(&path).unwrap();
    ParquetWriter::new(file)
        .with_row_group_size(Some(1000))
        .finish(&mut whole)
        .unwrap();
    let columns = vec!["x".to_owned(), "id".to_owned()];
    let mut frames = Vec::new();
    let rows = for_each_chunk_sized(
        &path,
        &columns,
        SMALL,
        &TaskControl::new(),
        &mut |c: Chunk| {
            frames.push(c.frame);
            Ok::<(), DatasetError>(())
        },
    )
    .unwrap();
    assert_eq!(rows, 3000);
    assert!(frames.len() >= 3, "{} row groups", frames.len());
    let mut stacked = frames.remove(0);
    for f in frames {
        stacked.vstack_mut_owned(f).unwrap();
    }
    assert!(whole.select(["x", "id"]).unwrap().equals_missing(&stacked));
}
