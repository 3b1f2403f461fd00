//! `riskbench validate` and `riskbench check` (the deployment gate): exit codes, JSON shapes, `JUnit` that
//! parses, bad-input messages naming the expectation's index, the gate on the bundled sample (fails, and
//! says why) and on a blank project (passes).

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use riskbench::model::validation::{
    Bounds, MissingReading, RuleKind, SetValue, Severity, ValidationRule, ValidationSuite,
};
use serde_json::Value;

fn riskbench(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    manifest()
        .join("tests/fixtures/validation")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Parses `JUnit` XML with quick-xml; returns (testsuite name, testcases, failures) per suite.
/// (suite name, testcases, failures, skipped) per testsuite.
fn parse_junit_skipped(xml: &str) -> Vec<(String, usize, usize, usize)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut suites: Vec<(String, usize, usize, usize)> = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"testsuite" => {
                    let name = e
                        .try_get_attribute("name")
                        .unwrap()
                        .unwrap()
                        .unescape_value()
                        .unwrap()
                        .into_owned();
                    suites.push((name, 0, 0, 0));
                }
                b"testcase" => suites.last_mut().unwrap().1 += 1,
                b"failure" => suites.last_mut().unwrap().2 += 1,
                b"skipped" => suites.last_mut().unwrap().3 += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    suites
}

fn parse_junit(xml: &str) -> Vec<(String, usize, usize)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut suites: Vec<(String, usize, usize)> = Vec::new();
    let mut depth_root = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"testsuites" => depth_root = true,
                b"testsuite" => {
                    let name = e
                        .try_get_attribute("name")
                        .unwrap()
                        .unwrap()
                        .unescape_value()
                        .unwrap()
                        .into_owned();
                    suites.push((name, 0, 0));
                }
                b"testcase" => suites.last_mut().unwrap().1 += 1,
                b"failure" => suites.last_mut().unwrap().2 += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(depth_root, "no <testsuites> element");
    suites
}

#[test]
fn validate_runs_a_suite_and_exits_1_when_a_rule_fails() {
    let dir = tempfile::tempdir().unwrap();
    let data = manifest().join("tests/fixtures/validation/edge_cases.csv");
    let junit = dir.path().join("v.xml");
    let out = riskbench(
        &[
            "validate",
            data.to_str().unwrap(),
            "--suite",
            &fixture("edge_cases.suite.json"),
            "--junit",
            junit.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["suite"], "edge_cases");
    assert_eq!(doc["dataset"]["rows"], 10);
    assert_eq!(doc["success"], false);
    assert_eq!(doc["statistics"]["evaluated_expectations"], 22);
    assert_eq!(doc["statistics"]["successful_expectations"], 6);
    assert_eq!(doc["reading"]["missing"], "empty");
    let first = &doc["results"][0];
    assert_eq!(first["type"], "expect_column_values_to_not_be_null");
    assert_eq!(first["result"]["unexpected_count"], 1);
    let suites = parse_junit(&std::fs::read_to_string(&junit).unwrap());
    assert_eq!(suites, vec![("edge_cases".to_owned(), 22, 16)]);

    // pandas' reading: NA, None, null, N/A are null too.
    let out = riskbench(
        &[
            "validate",
            data.to_str().unwrap(),
            "--suite",
            &fixture("edge_cases.suite.json"),
            "--missing",
            "pandas",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["reading"]["missing"], "pandas");
    assert_eq!(doc["results"][1]["result"]["unexpected_count"], 5);
}

#[test]
fn a_passing_suite_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.csv"), "a,b\n1,x\n2,y\n").unwrap();
    std::fs::write(
        dir.path().join("s.json"),
        r#"{"name": "ok", "expectations": [
            {"type": "expect_column_values_to_be_between", "kwargs": {"column": "a", "min_value": 1, "max_value": 2}},
            {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "b", "value_set": ["x", "y"]}}]}"#,
    )
    .unwrap();
    let out = riskbench(&["validate", "d.csv", "--suite", "s.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["statistics"]["success_percent"], 100.0);
}

#[test]
fn bad_suites_exit_2_naming_the_expectation() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.csv"), "a,b\n1,x\n2,y\n").unwrap();
    let cases = [
        (
            "{\"name\": \"s\", \"expectations\": [\n  {\"type\": }\n]}",
            "s.json: not valid JSON: line 2, column 12",
        ),
        (
            r#"{"name": "s", "expectations": [
                {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}},
                {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "zip"}}]}"#,
            "s.json: expectations[1] (expect_column_values_to_not_be_null): column \"zip\" is not in the data (columns: a, b)",
        ),
        (
            r#"{"name": "s", "expectations": [
                {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "b", "regex": "[a-"}}]}"#,
            "s.json: expectations[0] (expect_column_values_to_match_regex): the regex \"[a-\" does not compile",
        ),
        (
            r#"{"name": "s", "expectations": [
                {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "b", "value_set": ["x"], "mostly": -0.1}}]}"#,
            "s.json: expectations[0] (expect_column_values_to_be_in_set): mostly must be in [0, 1], not -0.1",
        ),
    ];
    for (suite, expected) in cases {
        std::fs::write(dir.path().join("s.json"), suite).unwrap();
        let out = riskbench(&["validate", "d.csv", "--suite", "s.json"], dir.path());
        assert_eq!(out.status.code(), Some(2), "{suite}");
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!("riskbench: error: {expected}")),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn an_unknown_expectation_is_a_failed_result_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.csv"), "a\n1\n").unwrap();
    std::fs::write(
        dir.path().join("s.json"),
        r#"{"name": "s", "expectations": [
            {"type": "expect_column_values_to_be_dateutil_parseable", "kwargs": {"column": "a"}}]}"#,
    )
    .unwrap();
    let out = riskbench(&["validate", "d.csv", "--suite", "s.json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["results"][0]["success"], false);
    assert_eq!(
        doc["results"][0]["exception"],
        "Riskbench does not implement expect_column_values_to_be_dateutil_parseable"
    );
}

/// (kind, subject) → (failed, total), as written in a test.
type Row<'a> = ((&'a str, &'a str), (usize, usize, usize));
/// (kind, subject) → (failed, inconclusive, total).
type Owned = ((String, String), (usize, usize, usize));

/// The bundled sample copied to a temporary folder (with its data), so the test can add to it.
fn sample_copy(dir: &Path) -> PathBuf {
    let src = manifest().join("sample_projects/loan_approval");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    for entry in std::fs::read_dir(src.join("data")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join("data").join(entry.file_name())).unwrap();
    }
    let project = dir.join("loan_approval.riskbench.ron");
    std::fs::copy(src.join("loan_approval.riskbench.ron"), &project).unwrap();
    project
}

#[test]
fn the_gate_fails_on_the_bundled_sample_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_copy(dir.path());
    let junit = dir.path().join("gate.xml");
    let out = riskbench(
        &[
            "check",
            project.to_str().unwrap(),
            "--date",
            "2026-12-05",
            "--junit",
            junit.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["passed"], false);
    let checks = doc["checks"].as_array().unwrap();
    // Failed / inconclusive / total per kind and subject: every audit's failing checks, one risk above
    // appetite. The race × sex result has 5 groups below the minimum group size (30 rows); each of their 10
    // four-fifths checks and 5 Aequitas composites is inconclusive in the gate (69 on the small group, 6 on
    // an undefined value): 5 × 15 = 75, none a failure.
    let mut tally: std::collections::BTreeMap<(String, String), (usize, usize, usize)> =
        std::collections::BTreeMap::new();
    for c in checks {
        let subject = c["subject"].as_str().unwrap();
        let subject = subject.split(':').next().unwrap().to_owned();
        let e = tally
            .entry((c["kind"].as_str().unwrap().to_owned(), subject))
            .or_default();
        e.2 += 1;
        if c["pass"] == false {
            e.0 += 1;
        }
        if c["inconclusive"] == true {
            assert_eq!(c["pass"], true, "an inconclusive check never fails: {c}");
            e.1 += 1;
        }
    }
    let expected: Vec<Row<'_>> = vec![
        (
            ("evidence", "dataset German credit test predictions (ds-1)"),
            (0, 0, 1),
        ),
        (
            (
                "evidence",
                "dataset Synthetic loan applications (5,000-row sample) (ds-2)",
            ),
            (0, 0, 1),
        ),
        (("fairness", "audit Approval by age group"), (10, 0, 21)),
        (("fairness", "audit Approval by sex"), (7, 0, 21)),
        (
            ("fairness", "audit Approval by sex and age group"),
            (43, 0, 93),
        ),
        (
            ("fairness", "audit Synthetic applications by race and sex"),
            (131, 75, 318),
        ),
        (("risk", "risk R-2"), (0, 0, 1)),
        (("risk", "risk R-3"), (1, 0, 1)),
        // The sample's suite on the scored German credit data: six blocking rules, all passing (its seventh,
        // a warning that fails on loans over 48 months, is not a gate check).
        (
            (
                "validation",
                "suite Scored German credit applications rule 1",
            ),
            (0, 0, 1),
        ),
        (
            (
                "validation",
                "suite Scored German credit applications rule 2, column y_prob",
            ),
            (0, 0, 1),
        ),
        (
            (
                "validation",
                "suite Scored German credit applications rule 3, column y_prob",
            ),
            (0, 0, 1),
        ),
        (
            (
                "validation",
                "suite Scored German credit applications rule 4, column y_pred",
            ),
            (0, 0, 1),
        ),
        (
            (
                "validation",
                "suite Scored German credit applications rule 5, column sex",
            ),
            (0, 0, 1),
        ),
        (
            (
                "validation",
                "suite Scored German credit applications rule 6, column age",
            ),
            (0, 0, 1),
        ),
    ];
    let got: Vec<Owned> = tally.into_iter().collect();
    let expected: Vec<Owned> = expected
        .into_iter()
        .map(|((k, s), n)| ((k.to_owned(), s.to_owned()), n))
        .collect();
    assert_eq!(got, expected);
    let risk = checks
        .iter()
        .find(|c| c["kind"] == "risk" && c["pass"] == false)
        .unwrap();
    assert_eq!(
        risk["message"],
        "residual band High is above the appetite (fair ≤ Medium); it is not formally accepted (status is not Accepted)"
    );
    let dp = checks
        .iter()
        .find(|c| {
            c["subject"] == "audit Approval by age group: age_group"
                && c["name"] == "demographic_parity_difference"
        })
        .unwrap();
    assert_eq!(dp["pass"], false);
    assert!(
        dp["message"]
            .as_str()
            .unwrap()
            .starts_with("demographic_parity_difference = 0.1344 fails"),
        "{dp}"
    );
    let small = checks
        .iter()
        .find(|c| {
            c["subject"]
                == "audit Synthetic applications by race and sex: race × sex, race=Asian, sex=nonbinary"
                && c["name"] == "four_fifths_ppr"
        })
        .unwrap();
    assert_eq!(small["inconclusive"], true);
    assert_eq!(
        small["message"],
        "inconclusive: the group has 3 rows, fewer than the minimum group size 30; not blocking"
    );
    assert!(
        stderr(&out).contains(
            "192 of 463 checks failed, 75 inconclusive (not blocking) — release is blocked"
        ),
        "{}",
        stderr(&out)
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    let suites = parse_junit_skipped(&xml);
    assert_eq!(
        suites,
        vec![
            ("fairness".to_owned(), 453, 191, 75),
            ("validation".to_owned(), 6, 0, 0),
            ("risk".to_owned(), 2, 1, 0),
            ("evidence".to_owned(), 2, 0, 0)
        ]
    );
    assert!(xml.contains(
        "<testsuites name=\"riskbench check\" tests=\"463\" failures=\"192\" errors=\"0\" skipped=\"75\">"
    ));
}

#[test]
fn the_gate_counts_blocking_rules_and_stale_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let project_path = sample_copy(dir.path());
    let mut project = riskbench::model::file::load_project(&project_path)
        .unwrap()
        .project;
    project.audits.clear();
    project.risks.clear();
    // This test's own suite only (the sample's suite on ds-1 is covered by the test above).
    project.validation_suites.clear();
    let rule = |kind, severity| ValidationRule {
        kind,
        mostly: None,
        severity,
        note: String::new(),
    };
    project.validation_suites.push(ValidationSuite {
        suite_id: "suite-1".into(),
        name: "loans".into(),
        dataset_id: "ds-2".into(),
        rules: vec![
            // Fails (126 empty incomes), blocking.
            rule(
                RuleKind::NotNull {
                    column: "income".into(),
                },
                Severity::Blocking,
            ),
            // Fails, but only a warning: not a gate check.
            rule(
                RuleKind::InSet {
                    column: "region".into(),
                    values: vec![SetValue::Text("North".into())],
                },
                Severity::Warning,
            ),
            // Passes, blocking.
            rule(
                RuleKind::Between {
                    column: "age".into(),
                    bounds: Bounds {
                        min: Some(18.0),
                        max: Some(80.0),
                        ..Bounds::default()
                    },
                },
                Severity::Blocking,
            ),
        ],
        reading: MissingReading::EmptyCells,
    });
    riskbench::model::file::save_project(&project_path, &project).unwrap();
    // The German credit file changes: its evidence is stale.
    let german = dir.path().join("data/german_credit_with_predictions.csv");
    let mut text = std::fs::read_to_string(&german).unwrap();
    text.push('\n');
    std::fs::write(&german, text).unwrap();

    let json = dir.path().join("gate.json");
    let out = riskbench(
        &[
            "check",
            project_path.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let summary: Vec<(String, String, bool)> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_owned(),
                c["subject"].as_str().unwrap().to_owned(),
                c["pass"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "validation".to_owned(),
                "suite loans rule 1, column income".to_owned(),
                false
            ),
            (
                "validation".to_owned(),
                "suite loans rule 3, column age".to_owned(),
                true
            ),
            (
                "evidence".to_owned(),
                "dataset German credit test predictions (ds-1)".to_owned(),
                false
            ),
            (
                "evidence".to_owned(),
                "dataset Synthetic loan applications (5,000-row sample) (ds-2)".to_owned(),
                true
            ),
        ]
    );
    assert_eq!(
        doc["checks"][0]["message"],
        "126 of 5000 rows unexpected (2.52%)"
    );
    assert!(
        doc["checks"][2]["message"]
            .as_str()
            .unwrap()
            .contains("changed since it was added"),
        "{}",
        doc["checks"][2]
    );

    // `validate PROJECT` runs every rule (warnings too) and exits 1.
    let out = riskbench(&["validate", project_path.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["suites"][0]["statistics"]["unsuccessful_expectations"],
        2
    );
}

#[test]
fn a_blank_project_passes_and_still_writes_junit() {
    let dir = tempfile::tempdir().unwrap();
    let out = riskbench(&["new", "blank"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let out = riskbench(
        &["check", "blank.riskbench.ron", "--junit", "gate.xml"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["passed"], true);
    assert_eq!(doc["checks"], serde_json::json!([]));
    let xml = std::fs::read_to_string(dir.path().join("gate.xml")).unwrap();
    assert!(parse_junit(&xml).is_empty());
}

#[test]
fn audit_help_says_it_exits_0_and_names_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let out = riskbench(&["audit", "--help"], dir.path());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("exits 0 even when checks fail") && help.contains("riskbench check"),
        "{help}"
    );
}

#[test]
fn the_plan_shows_validation_results_and_the_gate_verdict() {
    use riskbench::report::plan::{PlanEvidence, PlanOptions, build_full};
    let dir = tempfile::tempdir().unwrap();
    let project_path = sample_copy(dir.path());
    let mut project = riskbench::model::file::load_project(&project_path)
        .unwrap()
        .project;
    project.audits.clear();
    project.validation_suites.clear();
    project.validation_suites.push(ValidationSuite {
        suite_id: "suite-1".into(),
        name: "Loan inputs".into(),
        dataset_id: "ds-2".into(),
        rules: vec![ValidationRule::new(RuleKind::NotNull {
            column: "income".into(),
        })],
        reading: MissingReading::EmptyCells,
    });
    let date = riskbench::model::IsoDate::from_ymd(2026, 12, 5).unwrap();
    let evidence = PlanEvidence::compute(
        &project,
        "sample",
        dir.path(),
        date,
        &riskbench::analysis::task::TaskControl::new(),
    )
    .unwrap();
    let doc = build_full(&project, &PlanOptions::all(date), &[], &[], &evidence);
    let text = doc.to_outline_text();
    assert!(
        text.contains("release blocked**: 2 of 5 check(s) fail (1 validation, 1 risk)")
            || text.contains("release blocked: 2 of 5 check(s) fail (1 validation, 1 risk)"),
        "{text}"
    );
    assert!(text.contains("Data validation"), "{text}");
    assert!(
        text.contains("Loan inputs on Synthetic loan applications"),
        "{text}"
    );
}
