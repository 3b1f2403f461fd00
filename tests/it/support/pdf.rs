//! Helpers for tests that inspect rendered PDFs with poppler-utils.

#![allow(dead_code, reason = "each test file uses a different subset")]

use std::path::{Path, PathBuf};
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

/// Compares `actual` with `tests/snapshots/NAME`; a difference fails with the first differing line and
/// leaves the new text in `CARGO_TARGET_TMPDIR/snapshots/NAME` to review and copy over the snapshot by hand
/// (a test never rewrites what it compares with).
pub fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{e}: the snapshot is missing: {}", path.display()));
    if expected != actual {
        let proposed = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("snapshots")
            .join(name);
        let written = std::fs::create_dir_all(proposed.parent().unwrap_or(Path::new(".")))
            .and_then(|()| std::fs::write(&proposed, actual));
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "snapshot {name} differs from line {}: expected {:?}, got {:?}; the new text is in {} ({written:?}): \
             review it and copy it to {} if the change is intended",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first),
            proposed.display(),
            path.display()
        );
    }
}
