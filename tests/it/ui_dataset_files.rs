//! Map › Datasets when a dataset's file moved or changed, driven with `egui_kittest`: the missing file is
//! located through the path prompt (same content: nothing is stale), and a changed file's new version is
//! recorded (new SHA-256 and rows; the risks citing the old content are flagged for review).

use crate::support::ui as support;

use egui_kittest::kittest::Queryable as _;
use riskbench::analysis::dataset::fingerprint_file;
use riskbench::analysis::task::TaskControl;
use riskbench::ui::sections::Section;
use support::{answer_path_prompt, app, sample_copy, settle};

fn assert_notified(harness: &egui_kittest::Harness<'_, riskbench::ui::RiskbenchApp>, text: &str) {
    let notifications = harness.state().notifications();
    assert!(
        notifications.iter().any(|n| n.text.contains(text)),
        "no notification with {text:?}: {notifications:?}"
    );
}

fn dataset<'a>(
    project: &'a riskbench::model::Project,
    id: &str,
) -> &'a riskbench::model::DatasetRef {
    project
        .datasets
        .iter()
        .find(|d| d.dataset_id == id)
        .unwrap_or_else(|| panic!("no dataset {id}"))
}

#[test]
fn a_moved_file_is_located_and_a_changed_one_recorded() {
    let (dir, project) = sample_copy();
    let german = "german_credit_with_predictions.csv";
    std::fs::create_dir_all(dir.path().join("moved")).unwrap();
    std::fs::rename(
        dir.path().join("data").join(german),
        dir.path().join("moved").join(german),
    )
    .unwrap();
    let mut harness = app(Some(project));
    harness.get_by_label(Section::Datasets.label()).click();
    harness.run_steps(2);
    settle(&mut harness);
    harness.get_by_label("Missing");

    // Locate the moved file: same content, so only the path changes.
    harness.get_by_label("Locate file…").click();
    harness.run_steps(2);
    let moved = dir.path().join("moved").join(german);
    answer_path_prompt(&mut harness, &moved);
    assert!(harness.query_by_label("Missing").is_none());
    let project = harness.state().document().project().clone();
    let ds1 = dataset(&project, "ds-1");
    assert_eq!(ds1.path, format!("moved/{german}"));
    let original_sha = ds1.sha256.clone();
    assert_eq!(
        fingerprint_file(&moved, &TaskControl::new())
            .unwrap()
            .sha256,
        original_sha
    );
    assert_notified(&harness, "nothing is stale");
    assert!(
        project.risks.iter().all(|r| r.needs_review.is_none()),
        "same content: no risk needs review"
    );

    // Change the file: one more row. Re-check, then record the new version.
    let mut text = std::fs::read_to_string(&moved).unwrap();
    let last = text.lines().last().unwrap().to_owned();
    text.push_str(&last);
    text.push('\n');
    std::fs::write(&moved, &text).unwrap();
    harness.get_by_label("Re-check files").click();
    harness.run_steps(2);
    settle(&mut harness);
    harness.get_by_label("Changed");
    // The notifications (top right) would cover the row's buttons: dismiss them as a user would.
    while harness.query_all_by_label("Dismiss").next().is_some() {
        if let Some(dismiss) = harness.query_all_by_label("Dismiss").next() {
            dismiss.click();
        }
        harness.run_steps(2);
    }
    harness.get_by_label("Record new version").click();
    harness.run_steps(2);
    settle(&mut harness);
    assert!(
        harness.query_by_label("Changed").is_none(),
        "{:?}",
        harness.state().notifications()
    );
    let project = harness.state().document().project().clone();
    let ds1 = dataset(&project, "ds-1");
    let now = fingerprint_file(&moved, &TaskControl::new()).unwrap();
    assert_eq!(ds1.sha256, now.sha256);
    assert_ne!(ds1.sha256, original_sha);
    assert_eq!(ds1.bytes, now.bytes);
    assert_eq!(ds1.rows, 1001);
    // The sample's R-1 cites an audit on ds-1: it now needs review.
    let r1 = project.risks.iter().find(|r| r.risk_id == "R-1").unwrap();
    assert!(r1.needs_review.is_some(), "R-1 flagged for review");
    assert_notified(&harness, "stale");
}
