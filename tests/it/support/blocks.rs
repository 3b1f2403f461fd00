//! Running a command on a file read whole and read in blocks (files larger than the memory limit): the
//! memory limit decides which, so the tests set it far above the file for a whole read and small for blocks.

use std::process::{Command, Output};

use super::stderr;

/// Runs riskbench with `RISKBENCH_MEMORY_LIMIT` set to `limit`.
pub fn run(limit: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args(args)
        .env("RISKBENCH_MEMORY_LIMIT", limit)
        .output()
        .unwrap_or_else(|e| panic!("the riskbench binary could not be run: {e}"))
}

/// Runs `args` read whole (a 64 GB limit) and read in blocks under `limit`; asserts both exit with `code`
/// and print the same JSON, and that only the block read says it read `rows` rows in blocks. The JSON text.
pub fn same_both_ways(args: &[&str], limit: &str, code: i32, rows: usize) -> String {
    let whole = run("64GB", args);
    let blocks = run(limit, args);
    assert_eq!(whole.status.code(), Some(code), "{}", stderr(&whole));
    assert_eq!(blocks.status.code(), Some(code), "{}", stderr(&blocks));
    assert!(
        !stderr(&whole).contains("read in blocks"),
        "{}",
        stderr(&whole)
    );
    assert!(
        stderr(&blocks).contains(&format!("read in blocks, {rows} rows in all")),
        "{}",
        stderr(&blocks)
    );
    let (a, b) = (
        String::from_utf8_lossy(&whole.stdout).into_owned(),
        String::from_utf8_lossy(&blocks.stdout).into_owned(),
    );
    assert!(a.starts_with('{'), "{a}");
    assert_eq!(a, b, "the JSON of a block read differs from a whole read");
    a
}
