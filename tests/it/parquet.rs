//! Parquet datasets: the same profile as the CSV they were written from, dates and categoricals read with their
//! Parquet types, the shape and fingerprint recorded when added, and the command line on a Parquet file.

use std::path::{Path, PathBuf};

use polars::prelude::*;
use riskbench::analysis::dataset::{DatasetStatus, check_dataset, inspect_file};
use riskbench::analysis::profile::{ProfileOptions, profile_file};
use riskbench::analysis::table::read_table;
use riskbench::analysis::task::TaskControl;
use riskbench::analysis::view::{SortKey, ViewQuery, format_cell, view_rows};
use riskbench::model::data_columns::ColumnKind;
use riskbench::model::{DatasetFormat, DatasetRef};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_projects/loan_approval/data")
        .join(name)
}

fn write_parquet(df: &mut DataFrame, path: &Path) {
    let file = std::fs::File::create(path).expect("create the Parquet file");
    ParquetWriter::new(file)
        .finish(df)
        .expect("write the Parquet file");
}

fn options() -> ProfileOptions {
    ProfileOptions {
        sensitive: vec!["sex".to_owned(), "race".to_owned()],
        label: Some("label".to_owned()),
        ..ProfileOptions::default()
    }
}

#[test]
fn a_parquet_copy_profiles_like_its_csv() {
    let dir = tempfile::tempdir().unwrap();
    let csv = sample("synthetic_loans_sample_5000.csv");
    let mut df = read_table(&csv, &TaskControl::new()).unwrap();
    let parquet = dir.path().join("loans.parquet");
    write_parquet(&mut df, &parquet);

    let from_csv = profile_file(&csv, &options(), &TaskControl::new()).unwrap();
    let from_parquet = profile_file(&parquet, &options(), &TaskControl::new()).unwrap();
    let mut a = from_csv.to_json();
    let mut b = from_parquet.to_json();
    // The in-memory size is the frame's, which Parquet's chunking may change; everything else is equal.
    for doc in [&mut a, &mut b] {
        doc.as_object_mut().unwrap().remove("memory_bytes");
    }
    assert_eq!(a, b);
    assert!(from_parquet.variables.len() == 12 && from_parquet.overview.rows == 5000);
}

#[test]
fn parquet_dates_and_categoricals_keep_their_meaning() {
    let dir = tempfile::tempdir().unwrap();
    // Days since 1970-01-01: 2024-01-31, missing, 2023-12-01, 2024-03-15.
    let mut df = df!(
        "applied" => [Some(19_753_i32), None, Some(19_692), Some(19_797)],
        "region" => ["north", "south", "north", "east"],
        "amount" => [Some(1.5), Some(2.5), None, Some(4.0)],
    )
    .unwrap();
    df.apply("applied", |c| c.cast(&DataType::Date).unwrap())
        .unwrap();
    df.apply("region", |c| {
        c.cast(&DataType::from_categories(Categories::global()))
            .unwrap()
    })
    .unwrap();
    let path = dir.path().join("typed.parquet");
    write_parquet(&mut df, &path);

    let profile = profile_file(&path, &ProfileOptions::default(), &TaskControl::new()).unwrap();
    let applied = profile.variable("applied").unwrap();
    assert_eq!(applied.kind, ColumnKind::DateTime);
    assert_eq!(applied.missing, 1);
    assert_eq!(
        applied.text_range,
        Some(("2023-12-01".to_owned(), "2024-03-15".to_owned()))
    );
    // A Parquet date column gets the histogram over time (106 days: ISO weeks from Monday 2023-11-27).
    let weeks = applied.time_histogram.as_ref().unwrap();
    assert_eq!(
        weeks.bins.first().map(|b| b.start.as_str()),
        Some("2023-11-27")
    );
    assert_eq!(
        (
            weeks.bins.iter().map(|b| b.count).sum::<u64>(),
            weeks.unparsed
        ),
        (3, 0)
    );
    let region = profile.variable("region").unwrap();
    assert_eq!(region.kind, ColumnKind::Categorical);
    assert_eq!(region.distinct, 3);
    let amount = profile.variable("amount").unwrap();
    assert_eq!(amount.kind, ColumnKind::Numeric);
    let mean = amount.numeric.as_ref().unwrap().mean.unwrap();
    assert!((mean - 8.0 / 3.0).abs() < 1e-12, "{mean}");
}

#[test]
fn a_parquet_file_is_fingerprinted_measured_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut df = read_table(
        &sample("german_credit_with_predictions.csv"),
        &TaskControl::new(),
    )
    .unwrap();
    let path = dir.path().join("german.parquet");
    write_parquet(&mut df, &path);

    let info = inspect_file(&path, &TaskControl::new()).unwrap();
    assert_eq!(info.format, DatasetFormat::Parquet);
    assert_eq!(
        (info.shape.rows, info.shape.columns),
        (df.height() as u64, df.width() as u64)
    );
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(info.fingerprint.bytes, bytes.len() as u64);
    assert_eq!(info.fingerprint.sha256.len(), 64);

    let dataset = DatasetRef {
        path: "german.parquet".to_owned(),
        format: DatasetFormat::Parquet,
        sha256: info.fingerprint.sha256.clone(),
        bytes: info.fingerprint.bytes,
        ..DatasetRef::default()
    };
    let check = |d: &DatasetRef| check_dataset(d, dir.path(), &TaskControl::new()).unwrap();
    assert_eq!(check(&dataset), DatasetStatus::Unchanged);
    // Rewritten without its last row: changed.
    let mut shorter = df.head(Some(df.height() - 1));
    write_parquet(&mut shorter, &path);
    assert!(matches!(check(&dataset), DatasetStatus::Changed { .. }));
    std::fs::remove_file(&path).unwrap();
    assert_eq!(check(&dataset), DatasetStatus::Missing);
}

#[test]
fn a_broken_parquet_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.parquet");
    std::fs::write(&path, b"PAR1 this is not a parquet file").unwrap();
    let err = profile_file(&path, &ProfileOptions::default(), &TaskControl::new()).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("broken.parquet"), "{text}");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .arg("profile")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.parquet"), "{stderr}");
}

#[test]
fn the_command_line_profiles_a_parquet_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut df = read_table(
        &sample("synthetic_loans_sample_5000.csv"),
        &TaskControl::new(),
    )
    .unwrap();
    let path = dir.path().join("loans.parquet");
    write_parquet(&mut df, &path);
    let out = dir.path().join("profile.json");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .arg("profile")
        .arg(&path)
        .arg("--json")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["rows"], 5000);
    assert_eq!(json["columns"], 12);
    assert!(json["variables"]["income"]["mean"].as_f64().is_some());
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/parquet")
        .join(name)
}

#[test]
fn every_common_parquet_type_is_read_and_profiled() {
    // Written by pyarrow (tests/fixtures/parquet/make_types.py).
    let path = fixture("types.parquet");
    let df = read_table(&path, &TaskControl::new()).unwrap();
    assert_eq!(df.shape(), (4, 11));
    let profile = profile_file(&path, &ProfileOptions::default(), &TaskControl::new()).unwrap();
    let kind = |name: &str| profile.variable(name).unwrap().kind;
    for (name, expected) in [
        ("applied", ColumnKind::DateTime),
        ("ts", ColumnKind::DateTime),
        ("ts_paris", ColumnKind::DateTime),
        ("price", ColumnKind::Numeric),
        ("small", ColumnKind::Numeric),
        ("u16", ColumnKind::Numeric),
        ("region", ColumnKind::Categorical),
        ("flag", ColumnKind::Boolean),
        ("amount", ColumnKind::Numeric),
    ] {
        assert_eq!(kind(name), expected, "{name}");
    }
    // Times of day and durations are not dates: their values are categories.
    assert_eq!(kind("tod"), ColumnKind::Categorical);
    assert_eq!(kind("wait"), ColumnKind::Categorical);
    // A zoned timestamp is read as its UTC instant (10:00 UTC was written).
    assert_eq!(
        profile.variable("ts_paris").unwrap().text_range,
        Some((
            "2024-01-31 10:00:00.000".to_owned(),
            "2024-03-15 00:00:00.000".to_owned()
        ))
    );
    let price = profile.variable("price").unwrap();
    assert_eq!(price.missing, 1);
    let mean = price.numeric.as_ref().unwrap().mean.unwrap();
    assert!((mean - (12.5 + 3.1 + 7.0) / 3.0).abs() < 1e-12, "{mean}");

    // The data table formats and sorts every column (a zoned timestamp would not format without the
    // conversion to UTC).
    for column in df.columns() {
        for row in 0..df.height() {
            let _ = format_cell(column, row);
        }
        let query = ViewQuery {
            sort: Some(SortKey {
                column: column.name().to_string(),
                descending: false,
            }),
            ..ViewQuery::default()
        };
        let rows = view_rows(&df, &query, &TaskControl::new()).unwrap();
        assert_eq!(rows.len(), 4, "{}", column.name());
    }
    let ts = df.column("ts_paris").unwrap();
    assert_eq!(format_cell(ts, 0).as_deref(), Some("2024-01-31 10:00:00"));
}

#[test]
fn a_nested_parquet_column_is_profiled_as_its_printed_values() {
    let path = fixture("nested.parquet");
    let profile = profile_file(&path, &ProfileOptions::default(), &TaskControl::new()).unwrap();
    let tags = profile.variable("tags").unwrap();
    assert_eq!(tags.missing, 1);
    assert_eq!(tags.distinct, 3);
    assert!(profile.variable("x").is_some());
}
