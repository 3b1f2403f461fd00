//! The hostile-input corpus (`tests/fixtures/hostile/`, written by its `make_corpus.py`): every file is given
//! to `riskbench profile`, `riskbench dataset add` and `riskbench audit` (project files to `dataset list` and
//! `dataset add`), and each must end as `expected.tsv` says: refused with exit code 2, one
//! `riskbench: error:` line naming the place, and the project byte for byte unchanged; or read with the exact
//! shape; never a panic, a crash, a hang or a success on garbage.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

/// One line of `expected.tsv`.
struct Case {
    rel: String,
    outcome: String,
    detail: String,
}

fn cases() -> Vec<Case> {
    std::fs::read_to_string(corpus().join("expected.tsv"))
        .unwrap()
        .lines()
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            Case {
                rel: parts.next().unwrap().to_owned(),
                outcome: parts.next().unwrap().to_owned(),
                detail: parts.next().unwrap_or_default().to_owned(),
            }
        })
        .collect()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs riskbench; a process still running after `limit` is killed and reported as a hang (a guard against
/// a test that never ends, not a performance assertion).
fn riskbench(args: &[&std::ffi::OsStr], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RISKBENCH_MEMORY_LIMIT_MB", "4096")
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::Builder::new()
        .name("stdout".into())
        .spawn(move || {
            let mut s = Vec::new();
            let _ = out.read_to_end(&mut s);
            s
        })
        .unwrap();
    let err_reader = std::thread::Builder::new()
        .name("stderr".into())
        .spawn(move || {
            let mut s = Vec::new();
            let _ = err.read_to_end(&mut s);
            s
        })
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("riskbench {args:?} did not finish within {limit:?} (a hang)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        // A signal (a crash, a stack overflow) has no code.
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
    }
}

const LIMIT: Duration = Duration::from_mins(5);

/// The checks every run passes: no crash, no panic, and an error is one well-formed line.
fn sane(what: &str, run: &Run, codes: &[i32]) -> Result<(), String> {
    if !codes.contains(&run.code) {
        return Err(format!(
            "{what}: exit code {} (expected one of {codes:?}); stderr: {}",
            run.code, run.stderr
        ));
    }
    if run.stderr.contains("panicked") || run.stderr.contains("RUST_BACKTRACE") {
        return Err(format!("{what}: panicked: {}", run.stderr));
    }
    if run.code == 2 {
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with("riskbench: error: "));
        if line.is_none() {
            return Err(format!(
                "{what}: exit 2 without a `riskbench: error:` line: {}",
                run.stderr
            ));
        }
    }
    Ok(())
}

fn error_line(run: &Run) -> &str {
    run.stderr
        .lines()
        .find(|l| l.starts_with("riskbench: error: "))
        .unwrap_or("")
}

/// A fresh copy of the base project in its own folder; returns its path.
fn fresh_project(dir: &Path, name: &str) -> PathBuf {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("p.riskbench.ron");
    std::fs::copy(corpus().join("base_project.riskbench.ron"), &path).unwrap();
    path
}

fn check_data_file(case: &Case, dir: &Path) -> Result<(), String> {
    let file = corpus().join(&case.rel);
    let os = |s: &str| std::ffi::OsString::from(s);
    // profile --json -
    let profile = riskbench(
        &[
            os("profile").as_os_str(),
            file.as_os_str(),
            os("--json").as_os_str(),
            os("-").as_os_str(),
        ],
        LIMIT,
    );
    // dataset add, on a fresh copy of the project
    let project = fresh_project(dir, &case.rel.replace(['/', '.'], "_"));
    let before = std::fs::read(&project).unwrap();
    let add = riskbench(
        &[
            os("dataset").as_os_str(),
            os("add").as_os_str(),
            project.as_os_str(),
            file.as_os_str(),
        ],
        LIMIT,
    );
    let after = std::fs::read(&project).unwrap();
    // audit (the columns of the good files; other files fail on the missing columns, cleanly)
    let audit = riskbench(
        &[
            os("audit").as_os_str(),
            file.as_os_str(),
            os("--label").as_os_str(),
            os("label").as_os_str(),
            os("--prediction").as_os_str(),
            os("pred").as_os_str(),
            os("--sensitive").as_os_str(),
            os("group").as_os_str(),
        ],
        LIMIT,
    );
    sane("audit", &audit, &[0, 1, 2])?;
    match case.outcome.as_str() {
        "refuse" => {
            for (what, run) in [("profile", &profile), ("dataset add", &add)] {
                sane(what, run, &[2])?;
                let line = error_line(run);
                if !line.contains(&case.detail) {
                    return Err(format!(
                        "{what}: the error does not say {:?}: {line}",
                        case.detail
                    ));
                }
            }
            if audit.code != 2 {
                return Err(format!("audit accepted a refused file: {}", audit.stderr));
            }
            if before != after {
                return Err("dataset add changed the project although it refused the file".into());
            }
        }
        "accept" => {
            sane("profile", &profile, &[0])?;
            sane("dataset add", &add, &[0])?;
            let json: serde_json::Value =
                serde_json::from_str(&profile.stdout).map_err(|e| format!("profile JSON: {e}"))?;
            let shape = format!("{} x {}", json["rows"], json["columns"]);
            if shape != case.detail {
                return Err(format!("profile read {shape}, expected {}", case.detail));
            }
            let loaded = riskbench::model::file::load_project(&project)
                .map_err(|e| format!("the project no longer loads: {e}"))?;
            let added = loaded
                .project
                .datasets
                .last()
                .ok_or("dataset add recorded no dataset")?;
            let recorded = format!("{} x {}", added.rows, added.columns);
            if recorded != case.detail {
                return Err(format!(
                    "dataset add recorded {recorded}, expected {}",
                    case.detail
                ));
            }
        }
        "any" => {
            sane("profile", &profile, &[0, 2])?;
            sane("dataset add", &add, &[0, 2])?;
            if add.code == 2 && before != after {
                return Err("dataset add changed the project although it refused the file".into());
            }
        }
        other => return Err(format!("unknown outcome {other}")),
    }
    Ok(())
}

fn check_project_file(case: &Case, dir: &Path) -> Result<(), String> {
    let folder = dir.join(case.rel.replace(['/', '.'], "_"));
    std::fs::create_dir_all(&folder).unwrap();
    let project = folder.join("p.riskbench.ron");
    std::fs::copy(corpus().join(&case.rel), &project).unwrap();
    let before = std::fs::read(&project).unwrap();
    let os = |s: &str| std::ffi::OsString::from(s);
    let list = riskbench(
        &[
            os("dataset").as_os_str(),
            os("list").as_os_str(),
            project.as_os_str(),
        ],
        LIMIT,
    );
    let good = corpus().join("csv/good.csv");
    let add = riskbench(
        &[
            os("dataset").as_os_str(),
            os("add").as_os_str(),
            project.as_os_str(),
            good.as_os_str(),
        ],
        LIMIT,
    );
    let after = std::fs::read(&project).unwrap();
    match case.outcome.as_str() {
        "refuse" => {
            for (what, run) in [("dataset list", &list), ("dataset add", &add)] {
                sane(what, run, &[2])?;
                let line = error_line(run);
                if !line.contains(&case.detail) {
                    return Err(format!(
                        "{what}: the error does not say {:?}: {line}",
                        case.detail
                    ));
                }
            }
            if before != after {
                return Err("a refused project file was changed".into());
            }
        }
        "accept" => {
            sane("dataset list", &list, &[0])?;
            sane("dataset add", &add, &[0])?;
        }
        "any" => {
            sane("dataset list", &list, &[0, 2])?;
            sane("dataset add", &add, &[0, 2])?;
            if list.code == 2 && before != after {
                return Err("a refused project file was changed".into());
            }
        }
        other => return Err(format!("unknown outcome {other}")),
    }
    Ok(())
}

#[test]
fn the_corpus_has_at_least_200_files_and_each_is_listed() {
    let cases = cases();
    assert!(cases.len() >= 200, "{} files", cases.len());
    for case in &cases {
        assert!(
            corpus().join(&case.rel).is_file(),
            "{} is missing",
            case.rel
        );
        assert!(
            case.outcome == "any"
                || !case.detail.is_empty()
                || case.outcome == "accept"
                || case.rel.contains("truncated"),
            "{} has no expected message",
            case.rel
        );
    }
}

/// Runs the cases whose path starts with `prefix` on two threads; returns the failures.
fn run_all(prefix: &str) {
    let cases: Vec<Case> = cases()
        .into_iter()
        .filter(|c| c.rel.starts_with(prefix))
        .collect();
    assert!(!cases.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for worker in 0..2 {
            let (cases, dir, next, failures) = (&cases, dir.path(), &next, &failures);
            std::thread::Builder::new()
                .name(format!("hostile-{worker}"))
                .spawn_scoped(s, move || {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(case) = cases.get(i) else { break };
                        let result = if case.rel.starts_with("project/") {
                            check_project_file(case, dir)
                        } else {
                            check_data_file(case, dir)
                        };
                        if let Err(e) = result {
                            failures.lock().unwrap().push(format!("{}: {e}", case.rel));
                        }
                    }
                })
                .unwrap();
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} files failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn hostile_csv_files() {
    run_all("csv/");
}

#[test]
fn hostile_parquet_files() {
    run_all("parquet/");
}

#[test]
fn hostile_project_files() {
    run_all("project/");
}
