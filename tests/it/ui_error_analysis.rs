//! Measure › Error analysis driven with `egui_kittest`: run a saved analysis of the reference fixture in the
//! background, see the tree's leaves, click the leaf with the highest error rate and see the table filtered to
//! its rows, then find a row's counterfactuals.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::model::error_analysis::{ErrorAnalysisSpec, SavedErrorAnalysis};
use riskbench::model::{Document, file};
use riskbench::ui::error_analysis::{ErrorAnalysisScreen, error_analysis_ui};

use super::support::{riskbench, root};

type State = (ErrorAnalysisScreen, Document);

fn harness(dir: &std::path::Path) -> Harness<'static, State> {
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
    let doc = Document::new(project, Some(path));
    Harness::builder()
        .with_size(egui::vec2(1400.0, 2400.0))
        .build_ui_state(
            |ui, state: &mut State| {
                egui::ScrollArea::vertical()
                    .show(ui, |ui| error_analysis_ui(ui, &mut state.0, &mut state.1));
            },
            (ErrorAnalysisScreen::default(), doc),
        )
}

fn fonts(harness: &mut Harness<'_, State>) {
    // The app's fonts (Noto Sans has ≤, ≠ and →, egui's default font does not).
    riskbench::ui::theme::install_fonts(&harness.ctx);
    harness.run_steps(1);
}

fn settle(harness: &mut Harness<'_, State>) {
    harness.run_steps(2);
    harness.state_mut().0.wait();
    harness.run_steps(3);
}

#[test]
fn run_the_tree_and_click_a_leaf_to_filter_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    fonts(&mut harness);
    harness.run_steps(2);
    harness.get_by_label("EA-1 Income model").click();
    settle(&mut harness);
    harness.get_by_label("Run").click();
    settle(&mut harness);
    let screen = &harness.state().0;
    assert!(screen.error.is_none(), "{:?}", screen.error);
    let loaded = screen.loaded.as_ref().unwrap();
    assert_eq!(loaded.result.tree.leaves.len(), 13);
    assert!(screen.leaf_rows().is_empty());
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
    let screen = &harness.state().0;
    assert_eq!(screen.selected_leaf, Some(worst.leaf_id));
    assert_eq!(screen.leaf_rows().len(), 29);
    harness.get_by_label(&format!("Rows of leaf {}", worst.leaf_id));
    // Every listed row is a row of the leaf: its first row is in the table.
    let first = screen.leaf_rows()[0];
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
    let screen = &harness.state().0;
    assert!(screen.error.is_none(), "{:?}", screen.error);
    let found = screen.counterfactuals.as_ref().unwrap();
    assert_eq!(found.row, first as usize);
    assert_eq!(found.nearest.len(), 5);
    assert!(
        found
            .nearest
            .iter()
            .all(|n| n.prediction != found.prediction)
    );
}
