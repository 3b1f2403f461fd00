//! Helpers for tests that inspect rendered PDFs with poppler-utils.

#![allow(dead_code, reason = "each test file uses a different subset")]

use std::path::PathBuf;
use std::process::Command;

/// Runs a poppler tool and returns its stdout. Fails the test with an explicit
/// message when the tool is not installed (these tests must not silently skip).
pub fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "`{tool}` could not be run ({e}). These tests need poppler-utils: \
             install it with `apt-get install poppler-utils`."
        )
    });
    assert!(
        out.status.success(),
        "`{tool} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `bytes` to a fresh file in the temp directory and returns its path.
pub fn write_temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("report-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write pdf");
    path
}

/// Collapses all whitespace runs to single spaces.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Number of pages reported by `pdfinfo`.
pub fn page_count(path: &str) -> usize {
    let info = poppler("pdfinfo", &[path]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("pdfinfo reports Pages")
}

/// Text of page `n` (1-based).
pub fn page_text(path: &str, n: usize) -> String {
    let n = n.to_string();
    poppler("pdftotext", &["-f", &n, "-l", &n, "-layout", path, "-"])
}
