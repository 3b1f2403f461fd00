//! Tests of the CSV reader: structure problems with line and column, delimiters, type inference.

use super::*;
use crate::analysis::parquet_check::MAX_COLUMNS;

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
fn files_without_quotes_get_the_csv_crates_verdict() {
    let ok = |text: &[u8]| {
        check_csv_structure(text, &TaskControl::new())
            .unwrap()
            .expect("a sound file")
    };
    // Checked by counting delimiters: CRLF, blank lines, no final line end, a leading blank line.
    assert_eq!(ok(b"a,b\r\n1,2\r\n\r\n3,4"), vec!["a", "b"]);
    assert_eq!(ok(b"a;b\n1;2\n\n\n3;4\n"), vec!["a", "b"]);
    assert_eq!(ok(b"\na,b\n1,2\n"), vec!["a", "b"]);
    // A ragged row is named as the csv crate names it.
    let p = problem(b"a,b\n1,2\n3,4,5\n");
    assert_eq!((p.line, p.column), (3, 3), "{p:?}");
    let p = problem(b"a,b\r\n1,2\r\n3,4,5\r\n");
    assert_eq!((p.line, p.column), (3, 3), "{p:?}");
    let p = problem(b"a,b,c\n1,2,3\n\n4\n");
    assert_eq!((p.line, p.column), (4, 2), "{p:?}");
    assert!(p.message.contains("1 fields but the header has 3"), "{p:?}");
    // Blank lines and CRLF ends together, and a quoted field (the csv crate's path) after them.
    let p = problem(b"a,b\r\n1,2\r\n\r\n\r\n3,4,5\r\n");
    assert_eq!((p.line, p.column), (5, 3), "{p:?}");
    let p = problem(b"a,b\r\n\"1\",2\r\n\r\n3\r\n");
    assert_eq!((p.line, p.column), (4, 2), "{p:?}");
    assert!(p.message.contains("1 fields but the header has 2"), "{p:?}");
    // A lone carriage return ends a line, as in a file with quotes.
    assert_eq!(ok(b"a,b\r1,2\r3,4\r"), vec!["a", "b"]);
    let p = problem(b"a,b\r1,2\r3\r");
    assert_eq!((p.line, p.column), (3, 2), "{p:?}");
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
        notes[0].starts_with("line 2, column 3: \"99999999999999999999999\" does not fit a 64-bit"),
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
