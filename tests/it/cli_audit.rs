//! `riskbench audit` on real data, both forms of the CLI contract: the JSON shape, values equal to the
//! Fairlearn fixtures, explicit positive values, saved project audits, and one-line errors.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use crate::support::{riskbench, root};
use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

fn german() -> PathBuf {
    root().join("sample_projects/loan_approval/data/german_credit_with_predictions.csv")
}

fn json(out: &Output) -> Value {
    super::support::json_stdout(out)
}

fn close(a: &Value, b: &Value) -> bool {
    (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-9
}

#[test]
fn german_credit_audit_has_the_contract_shape_and_fairlearn_values() {
    let german = german();
    let out = riskbench(&[
        "audit",
        german.to_str().unwrap(),
        "--label",
        "y_true",
        "--prediction",
        "y_pred",
        "--sensitive",
        "sex,age_group",
        "--intersect",
        "--reference",
        "sex=male",
    ]);
    let doc = json(&out);
    for key in ["riskbench_version", "dataset", "config", "results"] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    assert_eq!(doc["dataset"]["rows"], 1000);
    assert_eq!(
        doc["dataset"]["sha256"],
        "e24972c2613f79682cd629e78533bc3fa3553274ce1f99f1011a9eb2de70eaee"
    );
    assert_eq!(doc["config"]["positive"], "1");
    let results = doc["results"].as_array().unwrap();
    let names: Vec<Value> = results.iter().map(|r| r["sensitive"].clone()).collect();
    assert_eq!(
        names,
        vec![
            serde_json::json!(["sex"]),
            serde_json::json!(["age_group"]),
            serde_json::json!(["sex", "age_group"])
        ]
    );
    let sex = &results[0];
    let groups: Vec<&str> = sex["by_group"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"]["sex"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["female", "male"], "ascending order of values");
    for key in ["tp", "fp", "tn", "fn", "selection_rate"] {
        assert!(sex["overall"].get(key).is_some(), "overall lacks {key}");
    }
    assert!(
        sex["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "four_fifths_selection_rate")
    );

    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/fairness/german_credit.json"))
            .unwrap(),
    )
    .unwrap();
    let reference = fixture["audits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["sensitive"] == serde_json::json!(["sex"]))
        .unwrap();
    let expected = &reference["summary"]["fairlearn"];
    for metric in [
        "demographic_parity_difference",
        "demographic_parity_ratio",
        "equalized_odds_difference",
        "equalized_odds_ratio",
        "equal_opportunity_difference",
        "equal_opportunity_ratio",
    ] {
        assert!(
            close(&sex["summary"][metric], &expected[metric]),
            "{metric}: {} vs {}",
            sex["summary"][metric],
            expected[metric]
        );
    }
    let female = &reference["groups"].as_array().unwrap()[0];
    assert!(close(
        &sex["by_group"][0]["metrics"]["selection_rate"],
        &female["fairlearn"]["selection_rate"]
    ));
}

#[test]
fn string_labels_need_an_explicit_positive_value() {
    let german = german();
    // The German credit `credit` column is 1 (good) / 2 (bad): numeric but not 0/1.
    let out = riskbench(&[
        "audit",
        german.to_str().unwrap(),
        "--label",
        "credit",
        "--prediction",
        "y_pred",
        "--sensitive",
        "sex",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("not 0/1"), "{err}");
    let out = riskbench(&[
        "audit",
        german.to_str().unwrap(),
        "--label",
        "credit",
        "--positive",
        "1",
        "--prediction",
        "y_pred",
        "--pred-positive",
        "1",
        "--sensitive",
        "sex",
    ]);
    let doc = json(&out);
    assert_eq!(doc["config"]["positive"], "1");
}

#[test]
fn unknown_columns_and_missing_options_exit_2_with_one_line() {
    let german = german();
    let g = german.to_str().unwrap();
    for (args, needle) in [
        (
            vec![
                "audit",
                g,
                "--label",
                "y_true",
                "--prediction",
                "y_pred",
                "--sensitive",
                "race",
            ],
            "\"race\" is not in the data",
        ),
        (
            vec!["audit", g, "--label", "y_true", "--sensitive", "sex"],
            "--prediction",
        ),
        (
            vec![
                "audit",
                g,
                "--label",
                "y_true",
                "--score",
                "y_prob",
                "--sensitive",
                "sex",
            ],
            "--threshold",
        ),
        (
            vec![
                "audit",
                "/no/such.csv",
                "--label",
                "y",
                "--prediction",
                "p",
                "--sensitive",
                "s",
            ],
            "/no/such.csv",
        ),
    ] {
        let out = riskbench(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{err:?} should mention {needle:?}");
    }
}

#[test]
fn score_threshold_and_bootstrap_are_deterministic() {
    let german = german();
    let args = [
        "audit",
        german.to_str().unwrap(),
        "--label",
        "y_true",
        "--score",
        "y_prob",
        "--threshold",
        "0.5",
        "--sensitive",
        "sex",
        "--bootstrap",
        "200",
        "--seed",
        "7",
    ];
    let a = riskbench(&args);
    let b = riskbench(&args);
    assert_eq!(a.stdout, b.stdout, "same seed, same JSON");
    let doc = json(&a);
    let ci = &doc["results"][0]["summary_ci"];
    assert!(ci.get("demographic_parity_difference").is_some(), "{ci}");
}

#[test]
fn saved_project_audits_run_by_name_or_all() {
    let project = root().join("sample_projects/loan_approval/loan_approval.riskbench.ron");
    let p = project.to_str().unwrap();
    let doc = json(&riskbench(&[
        "audit",
        "--project",
        p,
        "--name",
        "Approval by sex",
    ]));
    assert_eq!(doc["results"].as_array().unwrap().len(), 1);
    assert_eq!(doc["config"]["reference"]["sex"], "male");

    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("all.json");
    let out = riskbench(&[
        "audit",
        "--project",
        p,
        "--json",
        out_path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "--json writes the file, not stdout");
    let all: Value = serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    let names: Vec<&str> = all["audits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");

    let out = riskbench(&["audit", "--project", p, "--name", "Nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no audit named \"Nope\""));
}
