//! Validation rules against Great Expectations 1.x: every suite in `tests/fixtures/validation/` (made by
//! `make_fixtures.py` from the shared datasets) is run here on the same data, read the same way, and every
//! result must equal GX's SUMMARY result: the same keys, every count equal, percents and observed values to
//! 1e-9 (relative above 1), lists element by element.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::path::{Path, PathBuf};

use riskbench::analysis::validation::{gx, read_for_validation, run_rules};
use riskbench::model::validation::MissingReading;
use serde_json::Value;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    manifest_dir().join("tests/fixtures/validation")
}

/// The shared datasets folder; the tests that need it return early (saying so) when it is absent.
fn shared_dir() -> PathBuf {
    crate::support::shared_dir("validation reference")
        .unwrap_or_else(|| PathBuf::from("/work/shared"))
}

/// Whether the shared datasets are here; when not, the test says on standard error that it did not run.
fn have_shared(test: &str) -> bool {
    crate::support::shared_dir(test).is_some()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Compares two JSON values: numbers to 1e-9 (integers exactly), everything else exactly.
fn same(ours: &Value, gx: &Value, path: &str, problems: &mut Vec<String>) {
    match (ours, gx) {
        (Value::Number(a), Value::Number(b)) => {
            let (x, y) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            let exact = path.ends_with("count") || path.contains("index_list");
            let differ = if exact {
                a.as_i64().is_none() || a.as_i64() != b.as_i64()
            } else {
                !close(x, y)
            };
            if differ {
                problems.push(format!("{path}: riskbench {a}, GX {b}"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() == b.len() {
                for (i, (x, y)) in a.iter().zip(b).enumerate() {
                    same(x, y, &format!("{path}[{i}]"), problems);
                }
            } else {
                problems.push(format!(
                    "{path}: riskbench has {} items, GX {}: {ours} vs {gx}",
                    a.len(),
                    b.len()
                ));
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            let mut ka: Vec<&String> = a.keys().collect();
            let mut kb: Vec<&String> = b.keys().collect();
            ka.sort();
            kb.sort();
            if ka != kb {
                problems.push(format!("{path}: keys {ka:?} vs GX {kb:?}"));
                return;
            }
            for k in kb {
                same(&a[k], &b[k], &format!("{path}.{k}"), problems);
            }
        }
        _ if ours == gx => {}
        _ => problems.push(format!("{path}: riskbench {ours}, GX {gx}")),
    }
}

fn check_fixture(results_file: &str) -> usize {
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join(results_file)).expect("fixture"),
    )
    .expect("fixture JSON");
    let suite_name = doc["suite"].as_str().unwrap();
    let suite = gx::parse_suite(
        &std::fs::read_to_string(fixtures().join(format!("{suite_name}.suite.json"))).unwrap(),
    )
    .expect("suite parses");
    let data = doc["data"].as_str().unwrap();
    let path: PathBuf = if data.starts_with("tests/") {
        manifest_dir().join(data)
    } else {
        shared_dir().join("datasets").join(data)
    };
    let reading = match doc["reading"].as_str().unwrap() {
        "pandas" => MissingReading::Pandas,
        _ => MissingReading::EmptyCells,
    };
    let df = read_for_validation(Path::new(&path), reading, &[]).expect("data reads");
    assert_eq!(df.height() as u64, doc["rows"].as_u64().unwrap(), "rows");
    let ours = run_rules(&df, &suite.rules);
    let expected = doc["results"].as_array().unwrap();
    assert_eq!(ours.len(), expected.len());
    let mut problems = Vec::new();
    for (i, (r, e)) in ours.iter().zip(expected).enumerate() {
        let label = format!("{results_file} #{i} {}", r.expectation_type);
        assert_eq!(r.expectation_type, e["type"].as_str().unwrap(), "{label}");
        assert!(r.exception.is_none(), "{label}: {:?}", r.exception);
        if r.success != e["success"].as_bool().unwrap() {
            problems.push(format!(
                "{label}: success {} vs GX {}",
                r.success, e["success"]
            ));
        }
        same(
            &Value::Object(r.result.clone()),
            &e["result"],
            &label,
            &mut problems,
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The suite statistics too.
    let stats = riskbench::analysis::validation::SuiteStatistics::of(&ours);
    assert_eq!(
        stats.successful_expectations as u64,
        doc["statistics"]["successful_expectations"]
            .as_u64()
            .unwrap()
    );
    assert!(close(
        stats.success_percent,
        doc["statistics"]["success_percent"].as_f64().unwrap()
    ));
    ours.len()
}

#[test]
fn german_credit_matches_great_expectations() {
    if !have_shared("validation_reference::german_credit_matches_great_expectations") {
        return;
    }
    assert_eq!(check_fixture("german_credit.results.json"), 24);
}

#[test]
fn adult_matches_great_expectations() {
    if !have_shared("validation_reference::adult_matches_great_expectations") {
        return;
    }
    assert_eq!(check_fixture("adult.results.json"), 21);
}

#[test]
fn synthetic_loans_matches_great_expectations() {
    if !have_shared("validation_reference::synthetic_loans_matches_great_expectations") {
        return;
    }
    assert_eq!(check_fixture("synthetic_loans.results.json"), 18);
}

#[test]
fn edge_cases_match_great_expectations_with_empty_cells_as_null() {
    assert_eq!(check_fixture("edge_cases.results.json"), 22);
}

#[test]
fn edge_cases_match_great_expectations_with_pandas_reading() {
    assert_eq!(check_fixture("edge_cases_pandas.results.json"), 22);
}

#[test]
fn fixtures_cover_every_rule_type() {
    use riskbench::model::validation::{ColumnStat, RuleKind};
    let mut seen = std::collections::BTreeSet::new();
    for name in ["german_credit", "adult", "synthetic_loans", "edge_cases"] {
        let suite = gx::parse_suite(
            &std::fs::read_to_string(fixtures().join(format!("{name}.suite.json"))).unwrap(),
        )
        .unwrap();
        for r in suite.rules {
            let key = match r.kind {
                RuleKind::StatBetween { stat, .. } => format!("stat_{}", stat.word()),
                other => gx::expectation_type(&other),
            };
            seen.insert(key);
        }
    }
    assert_eq!(seen.len(), 10 + ColumnStat::ALL.len(), "{seen:?}");
}
