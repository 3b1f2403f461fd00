//! Compares Riskbench's drift with Evidently 0.7's `DataDriftPreset` and `SciPy` on real data: the values in
//! `tests/fixtures/drift/drift_reference.json`, made by `make_fixtures.py` there. Per column: Evidently's
//! type, test, drift score, threshold and flag, PSI, KL and Hellinger; `SciPy`'s KS statistic and p-value,
//! normalised Wasserstein and Jensen–Shannon — to 1e-9 (relative for values above 1).
//!
//! Datasets: `RISKBENCH_SHARED_DIR`, else the first `shared/datasets` found walking up from
//! `CARGO_MANIFEST_DIR`, else `/work/shared`. A missing dataset fails the test.

use std::path::PathBuf;

use polars::prelude::*;
use riskbench::analysis::drift::ks::ks_2samp;
use riskbench::analysis::drift::{ColumnsDrift, compare_frames};
use riskbench::analysis::table::read_table;
use riskbench::analysis::task::TaskControl;
use riskbench::model::drift::DriftOptions;
use serde_json::Value;

const TOL: f64 = 1e-9;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared datasets folder; the tests that need it return early (saying so) when it is absent.
fn shared_dir() -> PathBuf {
    crate::support::shared_dir("drift reference").unwrap_or_else(|| PathBuf::from("/work/shared"))
}

/// Whether the shared datasets are here; when not, the test says on standard error that it did not run.
fn have_shared(test: &str) -> bool {
    crate::support::shared_dir(test).is_some()
}

fn fixture() -> Value {
    let path = manifest_dir().join("tests/fixtures/drift/drift_reference.json");
    let text = std::fs::read_to_string(&path).expect("drift fixture");
    serde_json::from_str(&text).expect("drift fixture")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL * b.abs().max(1.0)
        || (a.is_infinite() && b.is_infinite() && (a > 0.0) == (b > 0.0))
}

fn split(case: &Value) -> (DataFrame, DataFrame) {
    let path = shared_dir()
        .join("datasets")
        .join(case["file"].as_str().expect("drift fixture"));
    assert!(path.is_file(), "dataset missing: {}", path.display());
    let df = read_table(&path, &TaskControl::new()).expect("drift fixture");
    let (mut reference, current) = if let Some(col) = case["split_column"].as_str() {
        let part = |value: &str| {
            let mask = df
                .column(col)
                .expect("drift fixture")
                .str()
                .expect("drift fixture")
                .equal(value);
            df.filter(&mask)
                .expect("drift fixture")
                .drop(col)
                .expect("drift fixture")
        };
        (
            part(case["reference_value"].as_str().expect("drift fixture")),
            part(case["current_value"].as_str().expect("drift fixture")),
        )
    } else {
        let rows = |key: &str| {
            let r = case[key].as_array().expect("drift fixture");
            let (a, b) = (
                r[0].as_i64().expect("drift fixture"),
                r[1].as_i64().expect("drift fixture"),
            );
            df.slice(a, usize::try_from(b - a).expect("drift fixture"))
        };
        (rows("reference_rows"), rows("current_rows"))
    };
    if let Some(n) = case["reference_head"].as_u64() {
        reference = reference.head(Some(usize::try_from(n).expect("drift fixture")));
    }
    (reference, current)
}

fn numbers(df: &DataFrame, col: &str) -> Vec<f64> {
    let c = df
        .column(col)
        .expect("drift fixture")
        .cast(&DataType::Float64)
        .expect("drift fixture");
    let mut v: Vec<f64> = c
        .f64()
        .expect("drift fixture")
        .iter()
        .flatten()
        .filter(|x| x.is_finite())
        .collect();
    v.sort_by(f64::total_cmp);
    v
}

fn check_case(case: &Value) -> usize {
    let name = case["name"].as_str().expect("drift fixture");
    let (reference, current) = split(case);
    assert_eq!(
        reference.height() as u64,
        case["reference_rows_count"]
            .as_u64()
            .expect("drift fixture"),
        "{name}"
    );
    assert_eq!(
        current.height() as u64,
        case["current_rows_count"].as_u64().expect("drift fixture"),
        "{name}"
    );
    let drift: ColumnsDrift = compare_frames(
        &reference,
        &current,
        &DriftOptions::default(),
        &TaskControl::new(),
    )
    .expect("drift fixture");
    let expected = case["columns"].as_object().expect("drift fixture");
    assert_eq!(
        drift.columns.len(),
        expected.len(),
        "{name}: tested columns {:?} vs Evidently {:?}; skipped {:?}",
        drift.columns.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        drift.skipped
    );
    let mut checked = 0;
    for (col, e) in expected {
        let got = drift
            .columns
            .get(col)
            .unwrap_or_else(|| panic!("{name}: column {col} not tested: {:?}", drift.skipped));
        let at = format!("{name} / {col}");
        assert_eq!(
            got.kind.as_str(),
            e["type"].as_str().expect("drift fixture"),
            "{at}: type"
        );
        assert_eq!(
            got.method.as_str(),
            e["method"].as_str().expect("drift fixture"),
            "{at}: method"
        );
        let score = e["drift_score"].as_f64().expect("drift fixture");
        assert!(
            close(got.statistic, score),
            "{at}: statistic {} vs Evidently {score}",
            got.statistic
        );
        assert!(
            close(
                got.threshold,
                e["threshold"].as_f64().expect("drift fixture")
            ),
            "{at}: threshold"
        );
        assert_eq!(
            got.drift,
            e["drift"].as_bool().expect("drift fixture"),
            "{at}: drift flag"
        );
        for (key, value) in [
            ("psi", got.psi),
            ("kl_div", got.kl_div),
            ("hellinger", got.hellinger),
        ] {
            let want = e[key].as_f64().expect("drift fixture");
            assert!(
                close(value, want),
                "{at}: {key} {value} vs Evidently {want}"
            );
        }
        let scipy = &e["scipy"];
        if let Some(js) = scipy["jensenshannon"].as_f64() {
            let ours = riskbench::analysis::drift::stats::jensen_shannon(
                &got.distribution.reference,
                &got.distribution.current,
            );
            assert!(close(ours, js), "{at}: jensenshannon {ours} vs SciPy {js}");
        }
        if let Some(p) = scipy["ks_pvalue"].as_f64() {
            let ks = ks_2samp(&numbers(&reference, col), &numbers(&current, col));
            let d = scipy["ks_statistic"].as_f64().expect("drift fixture");
            assert!(
                close(ks.statistic, d),
                "{at}: KS D {} vs SciPy {d}",
                ks.statistic
            );
            assert!(
                close(ks.p_value, p),
                "{at}: KS p {} vs SciPy {p} (exact: {})",
                ks.p_value,
                ks.exact
            );
            let w = scipy["wasserstein_normed"].as_f64().expect("drift fixture");
            let ours = riskbench::analysis::drift::stats::wasserstein_normalised(
                &numbers(&reference, col),
                &numbers(&current, col),
            );
            assert!(close(ours, w), "{at}: Wasserstein {ours} vs SciPy {w}");
        }
        checked += 1;
    }
    let drifted = drift.drifted_columns.len() as u64;
    assert_eq!(
        drifted,
        case["drifted_count"].as_u64().expect("drift fixture"),
        "{name}: drifted count"
    );
    assert!(
        close(
            drift.drifted_share,
            case["drifted_share"].as_f64().expect("drift fixture")
        ),
        "{name}: share"
    );
    checked
}

#[test]
fn german_credit_split_matches_evidently() {
    if !have_shared("drift_reference::german_credit_split_matches_evidently") {
        return;
    }
    let f = fixture();
    let case = f["cases"]
        .as_array()
        .expect("drift fixture")
        .iter()
        .find(|c| c["name"] == "german_credit_split")
        .expect("drift fixture");
    assert_eq!(check_case(case), 27);
}

#[test]
fn adult_split_matches_evidently() {
    if !have_shared("drift_reference::adult_split_matches_evidently") {
        return;
    }
    let f = fixture();
    let case = f["cases"]
        .as_array()
        .expect("drift fixture")
        .iter()
        .find(|c| c["name"] == "adult_split")
        .expect("drift fixture");
    assert_eq!(check_case(case), 15);
}

#[test]
fn adult_small_reference_matches_evidently() {
    if !have_shared("drift_reference::adult_small_reference_matches_evidently") {
        return;
    }
    let f = fixture();
    let case = f["cases"]
        .as_array()
        .expect("drift fixture")
        .iter()
        .find(|c| c["name"] == "adult_small_reference")
        .expect("drift fixture");
    assert_eq!(check_case(case), 15);
}

#[test]
fn synthetic_loans_cases_match_evidently() {
    if !have_shared("drift_reference::synthetic_loans_cases_match_evidently") {
        return;
    }
    let f = fixture();
    for name in ["loans_small_unequal", "loans_small_equal", "loans_halves"] {
        let case = f["cases"]
            .as_array()
            .expect("drift fixture")
            .iter()
            .find(|c| c["name"] == name)
            .expect("drift fixture");
        assert_eq!(check_case(case), 12, "{name}");
    }
}
