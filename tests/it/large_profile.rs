//! `riskbench profile` of a file larger than the memory limit (issue 19): the file is profiled a batch of
//! columns at a time, each read in blocks of rows, and gives the whole read's JSON. Each test sets the limit
//! just under three times the file's size (so the file is read in blocks, a batch holds about a quarter of the
//! columns and a CSV block a sixteenth of the limit) and compares with a whole read (a limit far above it).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Output;

use polars::prelude::*;
use riskbench::analysis::table::read_table;
use riskbench::analysis::task::TaskControl;

use crate::support::blocks::run;
use crate::support::{root, shared_dir, stderr};

/// A memory limit (in bytes) just under the size at which the file at `path` is read whole.
fn limit_under(path: &Path) -> String {
    let size = std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .len();
    (size * 3 - 1).to_string()
}

/// The profile JSON of `args` read whole and read in blocks (under [`limit_under`] the data file `args[1]`);
/// asserts both succeed, that only the second read in blocks, and that it read at least `passes` × `rows`
/// rows (several batches of columns).
fn both_ways(args: &[&str], rows: u64, passes: u64) -> (serde_json::Value, serde_json::Value) {
    let whole = run("64GB", args);
    let blocks = run(&limit_under(Path::new(args[1])), args);
    assert_eq!(whole.status.code(), Some(0), "{}", stderr(&whole));
    assert_eq!(blocks.status.code(), Some(0), "{}", stderr(&blocks));
    assert!(
        !stderr(&whole).contains("read in blocks"),
        "{}",
        stderr(&whole)
    );
    let note = stderr(&blocks);
    let read: u64 = note
        .split("read in blocks, ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no block note: {note}"));
    assert!(read >= passes * rows, "{read} rows read: {note}");
    let json = |out: &Output| -> serde_json::Value {
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e})"))
    };
    (json(&whole), json(&blocks))
}

/// Asserts two profiles are equal in everything but `memory_bytes`, and that one within 0.1 %: read in blocks it
/// is the sum of the batches' estimated sizes, which polars estimates from the values held (equal on these
/// files; 384 bytes more of 43.8 MB on a 500,000-row synthetic loans file). Returns the whole read's profile.
fn assert_same(whole: serde_json::Value, mut blocks: serde_json::Value) -> serde_json::Value {
    let memory = |v: &serde_json::Value| v["memory_bytes"].as_u64().unwrap_or(0);
    let (a, b) = (memory(&whole), memory(&blocks));
    println!("memory_bytes: {a} read whole, {b} in blocks");
    assert!(a > 0);
    assert!(
        a.abs_diff(b) * 1000 <= a,
        "memory_bytes {a} whole, {b} in blocks"
    );
    blocks["memory_bytes"] = whole["memory_bytes"].clone();
    assert!(
        whole == blocks,
        "the profile of a block read differs from a whole read"
    );
    whole
}

fn profile_args<'a>(data: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["profile", data, "--json", "-"];
    args.extend(extra);
    args
}

#[test]
fn the_loan_sample_profiled_a_few_columns_at_a_time_gives_the_whole_profile() {
    let data = root().join("sample_projects/loan_approval/data/synthetic_loans_sample_5000.csv");
    let data = data.to_string_lossy();
    let args = profile_args(&data, &["--sensitive", "sex,race", "--label", "label"]);
    // 12 columns, 2 a batch: the sensitive columns and the label, 6 batches, then the correlations.
    let (whole, blocks) = both_ways(&args, 5000, 1 + 6);
    let profile = assert_same(whole, blocks);
    assert_eq!(profile["rows"], 5000);
    assert_eq!(profile["columns"], 12);
    assert_eq!(profile["fairness"]["sensitive"][1]["column"], "race");
    // 11 of the 12 columns take part in correlations: every pair once, 11 · 10 / 2.
    assert_eq!(profile["correlations"].as_array().map(Vec::len), Some(55));
}

#[test]
fn adult_in_blocks_gives_the_whole_profile_from_csv_and_parquet() {
    let Some(shared) = shared_dir("adult_profile_in_blocks") else {
        return;
    };
    // 48,842 rows, 16 columns: 6 batches of up to 3 columns, each read in blocks of about 1 MB (the first
    // holds 20,000 rows).
    let csv = shared.join("datasets/adult/adult.csv");
    let csv_text = csv.to_string_lossy();
    let extra = [
        "--sensitive",
        "race,sex,age",
        "--label",
        "income",
        "--positive",
        ">50K",
        "--missing",
        "?",
    ];
    let (whole, blocks) = both_ways(&profile_args(&csv_text, &extra), 48_842, 1 + 6);
    let profile = assert_same(whole, blocks);
    assert_eq!(profile["rows"], 48_842);
    // age has more than 20 distinct values: cut into 10 bins; the proxies of race rank every other column.
    assert!(profile["fairness"]["sensitive"][2]["binning"].is_string());
    assert_eq!(
        profile["fairness"]["sensitive"][0]["proxies"]
            .as_array()
            .map(Vec::len),
        Some(12)
    );

    // The same data as Parquet in row groups of 10,000 rows.
    let dir = tempfile::tempdir().unwrap();
    let parquet = dir.path().join("adult.parquet");
    let mut df = read_table(&csv, &TaskControl::new()).unwrap();
    let file = std::fs::File::create(&parquet).unwrap();
    ParquetWriter::new(file)
        .with_row_group_size(Some(10_000))
        .finish(&mut df)
        .unwrap();
    let parquet_text = parquet.to_string_lossy();
    let (whole, blocks) = both_ways(&profile_args(&parquet_text, &extra), 48_842, 1 + 6);
    let from_parquet = assert_same(whole, blocks);
    assert_eq!(from_parquet["rows"], 48_842);
}

#[test]
fn a_bad_value_far_into_a_file_profiled_in_blocks_gives_the_whole_read_error() {
    // c is a number for 30,000 rows, then "x": a numeric override fails on line 30002, column 3.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("a,b,c\n");
    for i in 0..30_000 {
        let _ = writeln!(text, "{},{},{}", i % 7, ["u", "v"][i % 2], i % 100);
    }
    text.push_str("1,u,x\n");
    let path = dir.path().join("late.csv");
    std::fs::write(&path, text).unwrap();
    let data = path.to_string_lossy();
    let args = profile_args(&data, &["--type", "c=numeric"]);
    let whole = run("64GB", &args);
    let blocks = run(&limit_under(&path), &args);
    assert_eq!(whole.status.code(), Some(2), "{}", stderr(&whole));
    assert_eq!(blocks.status.code(), Some(2), "{}", stderr(&blocks));
    assert_eq!(stderr(&whole), stderr(&blocks));
    assert!(
        stderr(&blocks).contains("line 30002, column 3"),
        "{}",
        stderr(&blocks)
    );
    // An option naming a column the file lacks is found from the header alone.
    let args = profile_args(&data, &["--sensitive", "d"]);
    let (whole, blocks) = (run("64GB", &args), run(&limit_under(&path), &args));
    assert_eq!(blocks.status.code(), Some(2));
    assert_eq!(stderr(&whole), stderr(&blocks));
    assert!(
        stderr(&blocks).contains("no column \"d\""),
        "{}",
        stderr(&blocks)
    );
}

#[test]
fn the_profile_memory_limit_option_wins_over_the_environment() {
    let data = root().join("sample_projects/loan_approval/data/synthetic_loans_sample_5000.csv");
    let data = data.to_string_lossy();
    let out = run(
        "64GB",
        &["profile", &data, "--json", "-", "--memory-limit", "64k"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("read in blocks"), "{}", stderr(&out));
    let out = run("64GB", &["profile", &data, "--memory-limit", "lots"]);
    crate::support::assert_one_line_error(&out, "--memory-limit");
}
