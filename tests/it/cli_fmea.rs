//! `riskbench fmea` on the bundled sample: the JSON (piped, or `--json FILE`) lists every worksheet with its
//! rows in priority order and each row's RPN and Action Priority, computed here from the ratings read back
//! with the library; `--csv` writes the chosen worksheet in the same order; bad names are one-line errors.
//! And a word that is no command gets "no such command" with the list.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::path::PathBuf;

use riskbench::model::fmea::{FmeaWorksheet, compare_by_priority, rows_from_csv};
use riskbench::model::{Project, file};
use serde_json::Value;

use crate::support::{assert_one_line_error, riskbench, root, stderr, stdout};

fn sample() -> PathBuf {
    root().join("sample_projects/loan_approval/loan_approval.riskbench.ron")
}

fn sample_project() -> Project {
    file::load_project(&sample()).unwrap().project
}

/// The row ids of a worksheet in priority order, sorted here with the model's comparison.
fn ids_by_priority(sheet: &FmeaWorksheet) -> Vec<String> {
    let mut rows = sheet.rows.clone();
    rows.sort_by(compare_by_priority);
    rows.into_iter().map(|r| r.row_id).collect()
}

#[test]
fn piped_output_is_json_with_rows_by_priority_rpn_and_action_priority() {
    let project = sample_project();
    assert_eq!(project.fmea_worksheets.len(), 1, "the sample's worksheets");
    let sheet = &project.fmea_worksheets[0];
    assert_eq!(sheet.rows.len(), 25, "the sample worksheet's rows");

    let out = riskbench(&["fmea", sample().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["project"], project.metadata.system_name.as_str());
    let sheets = json["worksheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!(sheets[0]["worksheet_id"], sheet.worksheet_id.as_str());
    assert_eq!(sheets[0]["title"], sheet.title.as_str());
    let rows = sheets[0]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), sheet.rows.len());
    let ids: Vec<&str> = rows.iter().map(|r| r["row_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ids_by_priority(sheet));

    let mut high = 0;
    for entry in rows {
        let id = entry["row_id"].as_str().unwrap();
        let row = sheet.rows.iter().find(|r| r.row_id == id).unwrap();
        let rpn = match (row.severity, row.occurrence, row.detection) {
            (Some(s), Some(o), Some(d)) => {
                Value::from(u16::from(s.get()) * u16::from(o.get()) * u16::from(d.get()))
            }
            _ => Value::Null,
        };
        assert_eq!(entry.get("rpn"), Some(&rpn), "{id}: RPN");
        let ap = row
            .action_priority()
            .map_or(Value::Null, |p| Value::from(p.letter()));
        assert_eq!(entry.get("action_priority"), Some(&ap), "{id}: AP");
        assert_eq!(entry["failure_mode"], row.failure_mode.as_str(), "{id}");
        high += usize::from(ap == "H");
    }
    assert_eq!(
        sheets[0]["priority_counts"]["before"]["high"],
        Value::from(high)
    );
}

#[test]
fn json_to_a_file_csv_and_name_choose_what_is_written() {
    let project = sample_project();
    let sheet = &project.fmea_worksheets[0];
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("fmea.json");
    let csv = dir.path().join("fmea.csv");
    let out = riskbench(&[
        "fmea",
        sample().to_str().unwrap(),
        "--name",
        &sheet.title,
        "--json",
        json.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "the JSON went to the file");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(written["worksheets"].as_array().unwrap().len(), 1);

    let rows = rows_from_csv(&std::fs::read_to_string(&csv).unwrap()).unwrap();
    let ids: Vec<String> = rows.iter().map(|r| r.row_id.clone()).collect();
    assert_eq!(ids, ids_by_priority(sheet));
    assert_eq!(
        stderr(&out).trim_end(),
        format!("wrote {} (25 rows)", csv.display())
    );

    // The id chooses the worksheet too.
    let out = riskbench(&["fmea", sample().to_str().unwrap(), "--name", "fmea-1"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn unknown_worksheets_and_projects_without_any_are_one_line_errors() {
    let out = riskbench(&["fmea", sample().to_str().unwrap(), "--name", "Nope"]);
    assert_one_line_error(&out, "no FMEA worksheet named \"Nope\"");
    assert_one_line_error(
        &out,
        "\"Loan pre-screening model: ML pipeline FMEA\" (fmea-1)",
    );

    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.riskbench.ron");
    file::save_project(
        &blank,
        &Project::blank(
            "Blank",
            riskbench::model::IsoDate::from_ymd(2026, 1, 1).unwrap(),
        ),
    )
    .unwrap();
    let out = riskbench(&["fmea", blank.to_str().unwrap()]);
    assert_one_line_error(&out, "the project has no FMEA worksheets");
}

#[test]
fn a_word_that_is_no_command_gets_the_list_of_commands() {
    let out = riskbench(&["monitor", "a.csv", "b.csv"]);
    assert_one_line_error(
        &out,
        "no such command: monitor (commands: new, audit, profile,",
    );
    assert!(stderr(&out).contains("fmea"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("help,"), "{}", stderr(&out));
}
