//! `riskbench error-analysis`: the JSON of a data file (leaves as the reference tree), the saved analyses of
//! a project, and one-line errors with exit 2 that name the column or the row.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::path::PathBuf;

use riskbench::model::error_analysis::{ErrorAnalysisSpec, SavedErrorAnalysis};
use riskbench::model::file;
use serde_json::Value;

use super::support::{assert_one_line_error, fixture_json, json_stdout, riskbench, root, stderr};

fn fixture() -> String {
    root()
        .join("tests/fixtures/error_analysis/adult_errors.csv")
        .to_string_lossy()
        .into_owned()
}

fn json(out: &std::process::Output) -> Value {
    json_stdout(out)
}

/// The reference trees and counterfactuals (made by the fixture's script with scikit-learn and pandas).
fn reference() -> Value {
    fixture_json("tests/fixtures/error_analysis/reference.json")
}

/// `riskbench error-analysis` on the fixture with its label and prediction columns, then `extra`.
fn on_fixture(extra: &[&str]) -> std::process::Output {
    let data = fixture();
    let mut args = vec![
        "error-analysis",
        data.as_str(),
        "--label",
        "label",
        "--prediction",
        "prediction",
    ];
    args.extend_from_slice(extra);
    riskbench(&args)
}

#[test]
fn a_data_file_gives_the_tree_heat_map_and_attributions() {
    let out = on_fixture(&[
        "--features",
        "age,education_num,hours_per_week,capital_gain,sex,race,relationship,workclass",
        "--sensitive",
        "sex",
        "--attributions",
        "shap_",
        "--heatmap",
        "hours_per_week,sex",
        "--bins",
        "4",
    ]);
    let doc = json(&out);
    assert!(doc["note"].as_str().unwrap().contains("not causal"));
    assert_eq!(doc["rows"]["used"], 4000);
    assert_eq!(doc["rows"]["errors"], 626);
    let reference = reference();
    let expected = &reference["trees"][0];
    let leaves = doc["tree"]["leaves"].as_array().unwrap();
    assert_eq!(leaves.len(), expected["leaves"].as_array().unwrap().len());
    let mut ours: Vec<(u64, u64)> = leaves
        .iter()
        .map(|l| (l["rows"].as_u64().unwrap(), l["errors"].as_u64().unwrap()))
        .collect();
    let mut theirs: Vec<(u64, u64)> = expected["leaves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["rows"].as_u64().unwrap(), l["errors"].as_u64().unwrap()))
        .collect();
    ours.sort_unstable();
    theirs.sort_unstable();
    assert_eq!(ours, theirs);
    assert!(
        leaves
            .iter()
            .all(|l| !l["path"].as_array().unwrap().is_empty())
    );
    assert_eq!(doc["heatmap"]["axes"].as_array().unwrap().len(), 2);
    assert_eq!(doc["attributions"]["features"].as_array().unwrap().len(), 9);
    assert_eq!(doc["attributions"]["groups"].as_array().unwrap().len(), 2);
    assert!(doc["counterfactuals"].is_null());
}

#[test]
fn a_counterfactual_is_the_nearest_row_with_the_other_decision() {
    let out = on_fixture(&[
        "--features",
        "age,education_num,hours_per_week,capital_gain,relationship,workclass,marital_status",
        "--counterfactual",
        "7",
        "--immutable",
        "sex,race",
    ]);
    let doc = json(&out);
    let reference = reference();
    let expected = &reference["counterfactuals"][1];
    assert_eq!(expected["row"], 7);
    let cf = &doc["counterfactuals"];
    assert_eq!(cf["row"], 7);
    let rows = |v: &Value| -> Vec<u64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|n| n["row"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(rows(&cf["nearest"]), rows(&expected["nearest"]));
    for n in cf["nearest"].as_array().unwrap() {
        assert_ne!(n["prediction"], cf["prediction"]);
        assert!(!n["differences"].as_array().unwrap().is_empty());
    }
}

#[test]
fn a_score_and_threshold_work_like_the_prediction_column() {
    let data = fixture();
    let by_score = json(&riskbench(&[
        "error-analysis",
        &data,
        "--label",
        "label",
        "--score",
        "score",
        "--threshold",
        "0.5",
        "--features",
        "age,sex",
        "--depth",
        "2",
    ]));
    let by_prediction = json(&on_fixture(&["--features", "age,sex", "--depth", "2"]));
    assert_eq!(by_score["tree"]["leaves"], by_prediction["tree"]["leaves"]);
    assert_eq!(by_score["rows"]["errors"], 626);
}

#[test]
fn bad_input_gets_one_line_naming_the_column_or_row() {
    let data = fixture();
    let with = on_fixture;
    assert_one_line_error(&with(&["--features", "age,salary"]), "\"salary\"");
    assert_one_line_error(&with(&["--counterfactual", "4000"]), "row 4000");
    assert_one_line_error(&with(&["--attributions", "lime_"]), "\"lime_\"");
    assert_one_line_error(&with(&["--depth", "0"]), "depth");
    assert_one_line_error(
        &riskbench(&[
            "error-analysis",
            &data,
            "--label",
            "income",
            "--prediction",
            "prediction",
        ]),
        "\"income\"",
    );
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("text.csv");
    std::fs::write(
        &csv,
        "label,prediction,age,shap_age\n1,1,30,0.5\n0,1,40,-0.2\n1,0,50,high\n",
    )
    .unwrap();
    let out = riskbench(&[
        "error-analysis",
        csv.to_str().unwrap(),
        "--label",
        "label",
        "--prediction",
        "prediction",
        "--features",
        "age",
        "--attributions",
        "shap_",
    ]);
    assert_one_line_error(&out, "\"shap_age\" holds text at row 2");
}

fn project_with_analysis(dir: &std::path::Path) -> PathBuf {
    let data = dir.join("adult_errors.csv");
    std::fs::copy(fixture(), &data).unwrap();
    let project = dir.join("errors.riskbench.ron");
    let out = riskbench(&["new", project.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = riskbench(&[
        "dataset",
        "add",
        project.to_str().unwrap(),
        data.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut loaded = file::load_project(&project).unwrap().project;
    let dataset_id = loaded.datasets[0].dataset_id.clone();
    loaded.error_analyses.push(SavedErrorAnalysis {
        analysis_id: "EA-1".to_owned(),
        name: "Where the income model errs".to_owned(),
        dataset_id,
        spec: ErrorAnalysisSpec {
            label: "label".to_owned(),
            prediction: Some("prediction".to_owned()),
            features: vec![
                "age".to_owned(),
                "education_num".to_owned(),
                "relationship".to_owned(),
                "race".to_owned(),
            ],
            sensitive: Some("sex".to_owned()),
            min_samples_leaf: 1,
            attribution_prefix: Some("shap_".to_owned()),
            ..ErrorAnalysisSpec::default()
        },
    });
    file::save_project(&project, &loaded).unwrap();
    project
}

#[test]
fn the_saved_analyses_of_a_project_run() {
    let dir = tempfile::tempdir().unwrap();
    let project = project_with_analysis(dir.path());
    let doc = json(&riskbench(&[
        "error-analysis",
        "--project",
        project.to_str().unwrap(),
    ]));
    let analyses = doc["analyses"].as_array().unwrap();
    assert_eq!(analyses.len(), 1);
    assert_eq!(analyses[0]["analysis_id"], "EA-1");
    // The third reference tree: education_num, age, relationship, race; depth 4; one row per leaf allowed.
    let reference = reference();
    assert_eq!(
        analyses[0]["tree"]["leaves"].as_array().unwrap().len(),
        reference["trees"][2]["leaves"].as_array().unwrap().len()
    );
    assert!(
        analyses[0]["attributions"]["gaps"]
            .as_array()
            .unwrap()
            .len()
            == 9
    );
    let out = riskbench(&[
        "error-analysis",
        "--project",
        project.to_str().unwrap(),
        "--name",
        "nothing",
    ]);
    assert_one_line_error(&out, "no error analysis named \"nothing\"");
}

#[test]
fn the_plan_shows_the_saved_analysis_with_its_tree_and_attributions() {
    let dir = tempfile::tempdir().unwrap();
    let project = project_with_analysis(dir.path());
    let pdf = dir.path().join("plan.pdf");
    let out = riskbench(&[
        "report",
        project.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--date",
        "2026-12-05",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = super::support::pdf::squash(&super::support::pdf::poppler(
        "pdftotext",
        &[pdf.to_str().unwrap(), "-"],
    ));
    assert!(text.contains("Error analysis"), "{text}");
    assert!(text.contains("EA-1 Where the income model errs"));
    assert!(text.contains("EA-1 error tree"));
    assert!(text.contains("EA-1 leaves of the error tree"));
    assert!(text.contains("EA-1 mean |attribution| (shap_*) overall and per group of sex"));
    assert!(text.contains("Descriptive, not causal"));
    // The tree figure: the root node's count and one node box per node (15 leaves, 29 nodes).
    assert!(text.contains("n=4000"));
    assert!(text.matches("of errors ").count() >= 29, "{text}");
}
