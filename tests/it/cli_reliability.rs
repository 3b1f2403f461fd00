//! The command line on the failures issue 19 reported: an unknown command, a folder given as the output file,
//! a project file with a UTF-8 byte-order mark, temporary files left by killed saves, and a project whose
//! references do not make sense (warned on load, repaired only with `riskbench repair --yes`).

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn riskbench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn new_project(dir: &Path) -> PathBuf {
    let path = dir.join("p.riskbench.ron");
    let out = riskbench(&["new", path.to_str().unwrap(), "--name", "P"]);
    assert!(out.status.success(), "{}", stderr(&out));
    path
}

#[test]
fn an_unknown_command_is_named_with_the_list() {
    let out = riskbench(&["forecast", "a.csv", "b.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "riskbench: error: no such command: forecast (commands: new, audit, profile,"
        ),
        "{err}"
    );
    assert!(
        !err.contains("bench save-loop"),
        "hidden commands stay hidden"
    );
    let out = riskbench(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no such command: frobnicate"));
}

#[test]
fn a_folder_as_output_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let out = riskbench(&[
        "report",
        project.to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("this is a folder: give the name of a file to write"),
        "{err}"
    );
}

#[test]
fn a_project_with_a_byte_order_mark_opens() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let mut text = b"\xEF\xBB\xBF".to_vec();
    text.extend(std::fs::read(&project).unwrap());
    std::fs::write(&project, text).unwrap();
    let out = riskbench(&["dataset", "list", project.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn temporary_files_of_killed_saves_are_removed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    // Left by saves of processes that no longer run (pid 0 never names a user process; u32::MAX cannot).
    let dead = [
        dir.path().join(".p.riskbench.ron.tmp-4294967295"),
        dir.path().join(".p.riskbench.ron.autosave.tmp-4294967294"),
    ];
    // A save in progress in a live process (this test's own) is left alone, as are other files.
    let live = dir
        .path()
        .join(format!(".p.riskbench.ron.tmp-{}", std::process::id()));
    let other = dir.path().join(".q.riskbench.ron.tmp-4294967295");
    for f in dead.iter().chain([&live, &other]) {
        std::fs::write(f, "half a save").unwrap();
    }
    let out = riskbench(&["dataset", "list", project.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    for f in &dead {
        assert!(!f.exists(), "{} was left", f.display());
    }
    assert!(live.exists());
    assert!(other.exists());
}

#[test]
fn inconsistencies_are_warned_on_load_and_repaired_only_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let project = new_project(dir.path());
    let text = std::fs::read_to_string(&project).unwrap();
    let broken = text.replacen(
        "risks: [],",
        "risks: [(risk_id: \"R-1\", bowtie_ids: [\"BT-7\"]), (risk_id: \"R-1\")],",
        1,
    );
    assert_ne!(
        broken, text,
        "the blank project lists its risks as `risks: [],`"
    );
    std::fs::write(&project, &broken).unwrap();
    // Any command warns, names item and field, and changes nothing.
    let out = riskbench(&["dataset", "list", project.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("riskbench: warning: risk \"R-1\", risk_id: the id \"R-1\" is used by more than one risk"),
        "{err}"
    );
    assert!(
        err.contains("risk \"R-1\", bowtie_ids: it refers to bow-tie \"BT-7\", which the project does not have"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&project).unwrap(), broken);
    // repair without --yes lists, exits 1, changes nothing.
    let out = riskbench(&["repair", project.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        2,
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(std::fs::read_to_string(&project).unwrap(), broken);
    // With --yes it repairs and saves.
    let out = riskbench(&["repair", project.to_str().unwrap(), "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let loaded = riskbench::model::file::load_project(&project)
        .unwrap()
        .project;
    let ids: Vec<&str> = loaded.risks.iter().map(|r| r.risk_id.as_str()).collect();
    assert_eq!(ids, ["R-1", "R-2"]);
    assert!(loaded.risks[0].bowtie_ids.is_empty());
    assert!(riskbench::model::consistency::check(&loaded).is_empty());
}
