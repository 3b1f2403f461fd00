//! The audit trail end to end: the PDF's revision history and appendix come from it, `riskbench check` fails
//! on a tampered trail, and a command line mutation is recorded with the author from the environment.

use std::path::Path;
use std::process::Command;

use crate::support::pdf::{poppler, squash};
use crate::support::ui::sample_copy;
use riskbench::model::audit_trail::record;
use riskbench::model::file;
use riskbench::model::register::Rating;
use riskbench::report::plan::{self, PlanOptions};

/// The sample with two recorded changes by two people, saved to `path`.
fn sample_with_trail(path: &Path) {
    let v0 = file::load_project(path)
        .expect("sample with a trail")
        .project;
    let mut v1 = v0.clone();
    v1.risks[0].residual = Some(Rating {
        likelihood: 5,
        impact: 5,
    });
    let at = time::macros::datetime!(2026-12-04 10:15:30 UTC);
    record(Some(&v0), &mut v1, "Grace Hopper", at).expect("sample with a trail");
    let mut v2 = v1.clone();
    v2.metadata.owner = "Chief risk officer".into();
    record(
        Some(&v1),
        &mut v2,
        "Alan Turing",
        at + time::Duration::hours(2),
    )
    .expect("sample with a trail");
    file::save_project(path, &v2).expect("sample with a trail");
}

#[test]
fn the_pdf_revision_history_and_appendix_come_from_the_trail() {
    let (_dir, path) = sample_copy();
    sample_with_trail(&path);
    let project = file::load_project(&path).unwrap().project;
    let risk_id = project.risks[0].risk_id.clone();
    let doc = plan::build(&project, &PlanOptions::all(project.metadata.modified), &[]);
    let pdf = riskbench::report::render_pdf(&doc).unwrap();
    let out = crate::support::pdf::write_temp("audit-trail.pdf", &pdf);
    let text = squash(&poppler("pdftotext", &[out.to_str().unwrap(), "-"]));
    // The last mention is the section itself (the first is the table of contents).
    let history = text.rsplit("Revision history").next().unwrap();
    let history = history.split("Executive summary").next().unwrap();
    let change = format!("{risk_id} residual likelihood");
    for needle in [
        "2026-12-04 10:15 UTC",
        "Grace Hopper",
        change.as_str(),
        "2026-12-04 12:15 UTC",
        "Alan Turing",
        // The arrow between old and new value is left out: the report font helper decides how it is drawn.
        "owner 'Head of Retail Credit'",
        "'Chief risk officer'",
    ] {
        assert!(
            history.contains(needle),
            "revision history lacks {needle:?}: {}",
            history.get(..1500).unwrap_or(history)
        );
    }
    assert!(!text.contains("Treatment plan issued for approval"));
    let appendix = text.rsplit("Audit trail").next().unwrap();
    assert!(appendix.contains("Intact"), "{appendix}");
    assert!(appendix.contains(&project.audit_trail.entries[1].sha256));
    assert!(appendix.contains("Alan Turing"));
}

fn check_json(path: &Path) -> (Option<i32>, serde_json::Value) {
    let json = path.with_extension("check.json");
    let out = Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args([
            "check",
            path.to_str().expect("check json"),
            "--json",
            json.to_str().expect("check json"),
        ])
        .output()
        .expect("check json");
    let value =
        serde_json::from_slice(&std::fs::read(&json).expect("check json")).expect("check json");
    (out.status.code(), value)
}

fn trail_check(report: &serde_json::Value) -> serde_json::Value {
    let checks: Vec<&serde_json::Value> = report["checks"]
        .as_array()
        .expect("check json")
        .iter()
        .filter(|c| c["kind"] == "audit_trail")
        .collect();
    assert_eq!(checks.len(), 1, "{report}");
    checks[0].clone()
}

#[test]
fn check_fails_on_an_edited_or_removed_entry() {
    let (_dir, path) = sample_copy();
    sample_with_trail(&path);
    let (_, report) = check_json(&path);
    let check = trail_check(&report);
    assert_eq!(check["pass"], true, "{check}");
    assert_eq!(check["subject"], "audit trail (2 entries)");

    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("Grace Hopper", "Someone Else", 1)).unwrap();
    let (code, report) = check_json(&path);
    assert_eq!(code, Some(1));
    assert_eq!(report["passed"], false);
    let check = trail_check(&report);
    assert_eq!(check["pass"], false);
    assert!(
        check["message"]
            .as_str()
            .unwrap()
            .contains("audit trail entry 1 was edited"),
        "{check}"
    );

    // The newest entry removed: the chain still links, but the project no longer matches it.
    let (_dir, path) = sample_copy();
    sample_with_trail(&path);
    let mut project = file::load_project(&path).unwrap().project;
    project.audit_trail.entries.pop();
    file::save_project(&path, &project).unwrap();
    let (code, report) = check_json(&path);
    assert_eq!(code, Some(1));
    let check = trail_check(&report);
    assert!(
        check["message"]
            .as_str()
            .unwrap()
            .contains("changed without being recorded"),
        "{check}"
    );
}

#[test]
fn a_command_line_mutation_is_recorded_with_the_author_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_riskbench"))
            .args(args)
            .current_dir(dir.path())
            .env("RISKBENCH_USER", "Ada Lovelace")
            .output()
            .unwrap()
    };
    assert!(
        run(&["new", "p", "--name", "Fraud detector"])
            .status
            .success()
    );
    let path = dir.path().join("p.riskbench.ron");
    // A new project has nothing recorded yet: it is the state the first entry is computed against.
    assert!(
        file::load_project(&path)
            .unwrap()
            .project
            .audit_trail
            .is_empty()
    );
    std::fs::write(dir.path().join("scores.csv"), "id,score\n1,0.2\n2,0.9\n").unwrap();
    let out = run(&["dataset", "add", "p.riskbench.ron", "scores.csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let project = file::load_project(&path).unwrap().project;
    let trail = &project.audit_trail.entries;
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].author, "Ada Lovelace");
    assert_eq!(trail[0].changes, ["added dataset ds-1 'scores'"]);
    assert!(riskbench::model::audit_trail::verify_state(&project).is_empty());
}
