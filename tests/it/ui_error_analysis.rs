//! Measure › Error analysis driven with `egui_kittest`: run a saved analysis of the reference fixture in the
//! background, see the tree's leaves, click the leaf with the highest error rate and see the table filtered to
//! its rows, then find a row's counterfactuals; the screen's work runs as jobs of the app (awaited with
//! `support::wait_until`), and a run can be cancelled.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::model::error_analysis::{ErrorAnalysisSpec, SavedErrorAnalysis};
use riskbench::model::file;
use riskbench::ui::RiskbenchApp;
use riskbench::ui::error_analysis::{ErrorAnalysisScreen, JobKind};

use super::support::{riskbench, root, ui};

fn harness(dir: &std::path::Path) -> Harness<'static, RiskbenchApp> {
    let data = dir.join("adult_errors.csv");
    std::fs::copy(
        root().join("tests/fixtures/error_analysis/adult_errors.csv"),
        &data,
    )
    .unwrap();
    let path = dir.join("errors.riskbench.ron");
    assert!(riskbench(&["new", path.to_str().unwrap()]).status.success());
    assert!(
        riskbench(&[
            "dataset",
            "add",
            path.to_str().unwrap(),
            data.to_str().unwrap()
        ])
        .status
        .success()
    );
    let mut project = file::load_project(&path).unwrap().project;
    project.error_analyses.push(SavedErrorAnalysis {
        analysis_id: "EA-1".into(),
        name: "Income model".into(),
        dataset_id: project.datasets[0].dataset_id.clone(),
        spec: ErrorAnalysisSpec {
            label: "label".into(),
            prediction: Some("prediction".into()),
            features: [
                "age",
                "education_num",
                "hours_per_week",
                "capital_gain",
                "sex",
                "race",
                "relationship",
                "workclass",
            ]
            .map(String::from)
            .to_vec(),
            sensitive: Some("sex".into()),
            attribution_prefix: Some("shap_".into()),
            heatmap: vec!["age".into()],
            immutable: vec!["sex".into(), "race".into()],
            ..ErrorAnalysisSpec::default()
        },
    });
    file::save_project(&path, &project).unwrap();
    let mut harness = ui::app_sized(Some(path), egui::vec2(1400.0, 2400.0));
    ui::click(
        &mut harness,
        riskbench::ui::sections::Section::ErrorAnalysis.label(),
    );
    harness
}

/// The error analysis screen of the app.
fn screen<'a>(harness: &'a Harness<'_, RiskbenchApp>) -> &'a ErrorAnalysisScreen {
    harness
        .state()
        .screens()
        .get::<ErrorAnalysisScreen>()
        .unwrap()
}

/// Waits until the screen's jobs (jobs of the app) have ended.
fn settle(harness: &mut Harness<'_, RiskbenchApp>) {
    harness.run_steps(2);
    ui::wait_until(harness, "the end of the screen's jobs", |h| {
        !screen(h).is_running()
    });
}

#[test]
fn run_the_tree_and_click_a_leaf_to_filter_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.run_steps(2);
    harness.get_by_label("EA-1 Income model").click();
    settle(&mut harness);
    harness.get_by_label("Run").click();
    settle(&mut harness);
    let s = screen(&harness);
    assert!(s.error.is_none(), "{:?}", s.error);
    let loaded = s.loaded.as_ref().unwrap();
    assert_eq!(loaded.result.tree.leaves.len(), 13);
    assert!(s.leaf_rows().is_empty());
    // The leaf with the highest error rate (29 rows, 15 wrong in the scikit-learn reference).
    let worst = loaded
        .result
        .tree
        .leaves
        .iter()
        .max_by(|a, b| a.error_rate.total_cmp(&b.error_rate))
        .unwrap()
        .clone();
    assert_eq!((worst.rows, worst.errors), (29, 15));
    harness
        .get_by_label_contains(&format!("Leaf {}: 15 of 29 rows wrong", worst.leaf_id))
        .click();
    harness.run_steps(2);
    let s = screen(&harness);
    assert_eq!(s.selected_leaf, Some(worst.leaf_id));
    assert_eq!(s.leaf_rows().len(), 29);
    harness.get_by_label(&format!("Rows of leaf {}", worst.leaf_id));
    // Every listed row is a row of the leaf: its first row is in the table.
    let first = s.leaf_rows()[0];
    assert!(harness.query_all_by_label(&first.to_string()).count() >= 1);
    // Descriptive, not causal, on the screen.
    harness.get_by_label_contains("Descriptive, not causal");
    // Counterfactuals of the leaf's first row.
    harness
        .get_by_label("First row of the selected leaf")
        .click();
    harness.run_steps(1);
    harness.get_by_label("Find counterfactuals").click();
    settle(&mut harness);
    let s = screen(&harness);
    assert!(s.error.is_none(), "{:?}", s.error);
    let found = s.counterfactuals.as_ref().unwrap();
    assert_eq!(found.row, first as usize);
    assert_eq!(found.nearest.len(), 5);
    assert!(
        found
            .nearest
            .iter()
            .all(|n| n.prediction != found.prediction)
    );
}

/// A run is a job of the app (the status bar lists it with its Cancel): cancelled, it leaves no result and
/// the screen says so.
#[test]
fn a_run_is_a_job_of_the_app_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.run_steps(2);
    harness.get_by_label("EA-1 Income model").click();
    settle(&mut harness);
    harness.get_by_label("Run").click();
    harness.run_steps(1);
    let job_id = screen(&harness)
        .job(JobKind::Run)
        .job_id()
        .expect("the run's job has started");
    ui::cancel_job(&mut harness, job_id, "Error analysis Income model", |h| {
        !screen(h).job(JobKind::Run).is_running()
    });
    assert!(
        screen(&harness).loaded.is_none(),
        "a cancelled run leaves no result"
    );
    assert_eq!(screen(&harness).error.as_deref(), Some("cancelled"));
    harness.get_by_label("cancelled");
}
