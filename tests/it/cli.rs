//! The command line: `new`, help, and error exits (code 2, one line).

use crate::support::{assert_one_line_error, riskbench_in, stderr};

#[test]
fn new_writes_a_project_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    let out = riskbench_in(&["new", "credit_model", "--template", "blank"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let path = dir.path().join("credit_model.riskbench.ron");
    let loaded = riskbench::model::file::load_project(&path).unwrap();
    assert_eq!(loaded.project.metadata.system_name, "credit model");
    assert!(loaded.project.datasets.is_empty());

    let out = riskbench_in(
        &["new", "named.riskbench.ron", "--name", "Fraud detector"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let loaded =
        riskbench::model::file::load_project(&dir.path().join("named.riskbench.ron")).unwrap();
    assert_eq!(loaded.project.metadata.system_name, "Fraud detector");
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    assert!(riskbench_in(&["new", "p"], dir.path()).status.success());
    let before = std::fs::read(dir.path().join("p.riskbench.ron")).unwrap();
    let out = riskbench_in(&["new", "p"], dir.path());
    assert_one_line_error(&out, "already exists");
    assert_eq!(
        std::fs::read(dir.path().join("p.riskbench.ron")).unwrap(),
        before
    );
}

#[test]
fn bad_usage_exits_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    assert_one_line_error(
        &riskbench_in(&["new", "p", "--template", "nope"], dir.path()),
        "nope",
    );
    assert_one_line_error(
        &riskbench_in(&["new", "missing/dir/p"], dir.path()),
        "folder does not exist",
    );
    assert_one_line_error(
        &riskbench_in(&["new", "p", "--frobnicate"], dir.path()),
        "--frobnicate",
    );
}

#[test]
fn help_lists_the_built_commands_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = riskbench_in(&["--help"], dir.path());
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    // A command's help line starts with its name as a whole word ("checklist" is not "check").
    let lists = |name: &str| {
        help.lines()
            .any(|l| l.split_whitespace().next() == Some(name))
    };
    for built in [
        "new",
        "audit",
        "report",
        "checklist",
        "profile",
        "bowtie",
        "drift",
        "validate",
        "check",
    ] {
        assert!(lists(built), "{built} missing: {help}");
    }
    assert!(help.contains("[PROJECT]"), "{help}");
    let out = riskbench_in(&["--version"], dir.path());
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn checklist_prints_coverage_and_statuses_and_writes_json() {
    use riskbench::model::checklist::ChecklistStatus;
    let dir = tempfile::tempdir().unwrap();
    assert!(riskbench_in(&["new", "p"], dir.path()).status.success());
    let path = dir.path().join("p.riskbench.ron");
    let mut project = riskbench::model::file::load_project(&path).unwrap().project;
    project.nist_checklist.update("GOVERN 1.1", |e| {
        e.status = ChecklistStatus::Done;
        e.notes = "Legal register\nkept by Compliance".to_owned();
    });
    project
        .nist_checklist
        .update("MANAGE 1.3", |e| e.status = ChecklistStatus::InProgress);
    project
        .nist_checklist
        .update("MAP 1.5", |e| e.risk_ids = vec!["R-9".to_owned()]);
    riskbench::model::file::save_project(&path, &project).unwrap();

    let out = riskbench_in(
        &["checklist", "p.riskbench.ron", "--json", "checklist.json"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        text.contains("  GOVERN    1 of 19 covered (  5 %), 0 in progress"),
        "{text}"
    );
    assert!(
        text.contains("  MANAGE    0 of 13 covered (  0 %), 1 in progress"),
        "{text}"
    );
    assert!(
        text.contains("  All       1 of 72 covered (  1 %), 1 in progress"),
        "{text}"
    );
    assert!(text.contains("GOVERN 1.1    Done\n    notes: Legal register kept by Compliance\n"));
    assert!(text.contains("MANAGE 1.3    In progress\n"));
    assert!(text.contains("MEASURE 4.3   Not started\n"));
    let status_lines = text
        .lines()
        .filter(|l| {
            ["GOVERN ", "MAP ", "MEASURE ", "MANAGE "]
                .iter()
                .any(|f| l.starts_with(f))
        })
        .count();
    assert_eq!(status_lines, 72, "one line per subcategory");
    // The link to a risk that does not exist is reported once (by the load-time check), without failing
    // the command.
    assert_eq!(
        stderr(&out)
            .matches(
                "NIST checklist entry \"MAP 1.5\", risk_ids: it refers to risk \"R-9\", which the project \
                 does not have"
            )
            .count(),
        1,
        "{}",
        stderr(&out)
    );

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("checklist.json")).unwrap())
            .unwrap();
    assert_eq!(json["coverage"][0]["function"], "GOVERN");
    assert_eq!(json["coverage"][0]["done"], 1);
    assert_eq!(json["coverage"][0]["covered"], 1);
    assert_eq!(json["coverage"][3]["in_progress"], 1);
    assert_eq!(json["subcategories"].as_array().unwrap().len(), 72);
    assert_eq!(json["subcategories"][0]["status"], "Done");
    assert_eq!(json["problems"].as_array().unwrap().len(), 1);

    assert_one_line_error(
        &riskbench_in(&["checklist", "missing.riskbench.ron"], dir.path()),
        "missing.riskbench.ron",
    );
}
