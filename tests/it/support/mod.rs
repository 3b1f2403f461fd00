//! What several test modules share: the `riskbench` binary run as a child process, the repository root,
//! the `egui_kittest` harness ([`ui`]), PDF inspection ([`pdf`]) and a sample report document
//! ([`sample_doc`]).

pub mod blocks;
pub mod pdf;
pub mod sample_doc;
pub mod ui;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where `Cargo.toml`, the sample projects and `tests/fixtures` are).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `riskbench` binary built for these tests with `args` in the current folder and waits for it.
pub fn riskbench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("the riskbench binary could not be run: {e}"))
}

/// Runs the `riskbench` binary with `args` with its standard output on a terminal (a pseudo-terminal made by
/// util-linux `script`), as a person at a shell would, and returns what it printed there (line ends `\n`).
pub fn riskbench_on_terminal(args: &[&str]) -> String {
    let quote = |a: &str| format!("'{}'", a.replace('\'', "'\\''"));
    let command = std::iter::once(env!("CARGO_BIN_EXE_riskbench"))
        .chain(args.iter().copied())
        .map(quote)
        .collect::<Vec<_>>()
        .join(" ");
    // `script` also writes a copy of the session to a file: a temporary one, never /dev/null (on a machine
    // where /dev/null has become a regular file, that copy would be read by every later reader of it).
    let log = tempfile::NamedTempFile::new()
        .unwrap_or_else(|e| panic!("no temporary file for `script`: {e}"));
    let out = Command::new("script")
        .arg("-qec")
        .arg(&command)
        .arg(log.path())
        .output()
        .unwrap_or_else(|e| panic!("util-linux `script` could not be run: {e}"));
    assert!(out.status.success(), "{command} failed: {}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

/// Runs the `riskbench` binary with `args` in the folder `dir` and waits for it.
pub fn riskbench_in(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "the riskbench binary could not be run in {}: {e}",
                dir.display()
            )
        })
}

/// Standard error of a finished command, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Standard output of a finished command, as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard output of a command that succeeded, read as JSON (a failure shows its standard error).
pub fn json_stdout(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("standard output is not JSON: {e}: {}", stdout(out)))
}

/// A JSON fixture, by its path from the repository root (`tests/fixtures/…`).
pub fn fixture_json(relative: &str) -> serde_json::Value {
    let path = root().join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Asserts that a command failed with exit code 2 and one line on standard error, `riskbench: error: …`,
/// containing `needle`.
pub fn assert_one_line_error(out: &Output, needle: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line expected: {err:?}"
    );
    assert!(err.starts_with("riskbench: error: "), "{err}");
    assert!(err.contains(needle), "{err:?} should mention {needle:?}");
}

/// The shared folder with `datasets/`, or `None` (after saying on standard error that the test did not run
/// and how to run it) when it is absent. COMPAS may not be redistributed, so a fresh clone has no datasets;
/// with `RISKBENCH_REQUIRE_REFERENCE_DATA=1` (set by `.ci/run`) their absence fails the test instead.
pub fn shared_dir(test: &str) -> Option<PathBuf> {
    if let Ok(p) = std::env::var("RISKBENCH_SHARED_DIR") {
        let p = PathBuf::from(p);
        assert!(
            p.join("datasets").is_dir(),
            "RISKBENCH_SHARED_DIR={} has no datasets/ folder",
            p.display()
        );
        return Some(p);
    }
    let manifest_dir = || PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for dir in manifest_dir().ancestors() {
        if dir.join("shared").join("datasets").is_dir() {
            return Some(dir.join("shared"));
        }
    }
    let fallback = PathBuf::from("/work/shared");
    if fallback.join("datasets").is_dir() {
        return Some(fallback);
    }
    let message = format!(
        "{test}: DID NOT RUN: the shared datasets folder (COMPAS, Adult, German credit; COMPAS may not be \
         redistributed) was not found above {} nor at /work/shared; to run it, set RISKBENCH_SHARED_DIR to the \
         folder that holds datasets/",
        manifest_dir().display()
    );
    let required =
        std::env::var("RISKBENCH_REQUIRE_REFERENCE_DATA").is_ok_and(|v| !v.is_empty() && v != "0");
    assert!(
        !required,
        "{message} (RISKBENCH_REQUIRE_REFERENCE_DATA is set)"
    );
    // Straight to the standard error, past the test harness's capture, so the skip is seen.
    let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("{message}\n").as_bytes());
    None
}

/// Risk R-1 "Approval gap for women widens" with one action A-1, the monthly fairness monitoring a drift KRI is
/// put on (the drift tests' register).
pub fn monitoring_risk() -> riskbench::model::register::Risk {
    use riskbench::model::register::{Action, Risk};
    Risk {
        risk_id: "R-1".to_owned(),
        title: "Approval gap for women widens".to_owned(),
        actions: vec![Action {
            action_id: "A-1".to_owned(),
            description: "Monthly fairness monitoring".to_owned(),
            ..Action::default()
        }],
        ..Risk::default()
    }
}
