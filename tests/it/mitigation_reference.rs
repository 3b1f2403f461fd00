//! Mitigation what-if against the reference libraries: Fairlearn 0.15's `ThresholdOptimizer` (prefit
//! scores, grid 1,000; fixtures by `tests/fixtures/mitigation/make_fixtures.py`) and AIF360 0.6.1's
//! `Reweighing`, to 1e-9; and the deterministic cut-offs against a brute-force search over cut points.

#![expect(
    clippy::unwrap_used,
    clippy::float_cmp,
    clippy::cast_precision_loss,
    reason = "in tests a failed unwrap is a failed test; infinite thresholds compare exactly; row counts are small"
)]

use std::path::{Path, PathBuf};

use riskbench::analysis::fairness::{GroupKey, GroupValue};
use riskbench::analysis::mitigation::search::{
    Constraint, Objective, Rate, SearchOptions, find_thresholds,
};
use riskbench::analysis::mitigation::{
    ScoredData, ScoredSpec, ThresholdIndex, load_scored, reweigh::reweigh,
};
use riskbench::analysis::table::read_table;
use riskbench::analysis::task::TaskControl;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> Value {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/mitigation").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn load(file: &str, label: &str, score: &str, sensitive: &str) -> ScoredData {
    let df = read_table(&root().join(file), &TaskControl::new()).unwrap();
    load_scored(
        &df,
        &ScoredSpec {
            label: label.into(),
            score: score.into(),
            sensitive: vec![sensitive.into()],
            ..ScoredSpec::default()
        },
    )
    .unwrap()
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= 1e-9, "{what}: {a} vs Fairlearn {b}");
}

fn threshold_value(v: &Value) -> f64 {
    match v {
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        other => other.as_f64().unwrap(),
    }
}

fn same_threshold(a: f64, b: f64, what: &str) {
    if a.is_infinite() || b.is_infinite() {
        assert_eq!(a, b, "{what}");
    } else {
        close(a, b, what);
    }
}

#[test]
fn randomized_solution_matches_fairlearn_threshold_optimizer() {
    let fx = fixture("threshold_optimizer.json");
    let cases = fx["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 19);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let data = load(
            case["file"].as_str().unwrap(),
            case["label"].as_str().unwrap(),
            case["score"].as_str().unwrap(),
            case["sensitive"].as_str().unwrap(),
        );
        let index = ThresholdIndex::build(&data);
        let options = SearchOptions {
            constraint: Constraint::parse(case["constraint"].as_str().unwrap()).unwrap(),
            objective: Objective::parse(case["objective"].as_str().unwrap(), None).unwrap(),
            tolerance: case["tolerance"].as_f64().unwrap_or(0.0),
            randomized: true,
            grid_size: 1000,
        };
        let solution = find_thresholds(&index, &data.groups, options).unwrap();
        let entries = solution.randomized.as_ref().unwrap();
        let groups = case["groups"].as_array().unwrap();
        assert_eq!(entries.len(), groups.len(), "{name}");
        for ((entry, outcome), want) in entries.iter().zip(&solution.groups).zip(groups) {
            let g = want["group"].as_str().unwrap();
            assert_eq!(entry.group.0[0].1.as_str(), g, "{name}");
            assert_eq!(outcome.count, want["count"].as_u64().unwrap(), "{name} {g}");
            close(
                entry.p0,
                want["p0"].as_f64().unwrap(),
                &format!("{name} {g} p0"),
            );
            close(
                entry.p1,
                want["p1"].as_f64().unwrap(),
                &format!("{name} {g} p1"),
            );
            same_threshold(
                entry.threshold0,
                threshold_value(&want["threshold0"]),
                &format!("{name} {g} t0"),
            );
            same_threshold(
                entry.threshold1,
                threshold_value(&want["threshold1"]),
                &format!("{name} {g} t1"),
            );
            close(
                entry.p_ignore,
                want["p_ignore"].as_f64().unwrap(),
                &format!("{name} {g} p_ignore"),
            );
            close(
                entry.prediction_constant,
                want["prediction_constant"].as_f64().unwrap(),
                &format!("{name} {g} prediction_constant"),
            );
            for rate in [
                "selection_rate",
                "true_positive_rate",
                "false_positive_rate",
            ] {
                let got = match rate {
                    "selection_rate" => outcome.selection_rate,
                    "true_positive_rate" => outcome.true_positive_rate,
                    _ => outcome.false_positive_rate,
                };
                close(
                    got.unwrap(),
                    want[rate].as_f64().unwrap(),
                    &format!("{name} {g} {rate}"),
                );
            }
        }
        close(
            solution.overall.accuracy.unwrap(),
            case["accuracy"].as_f64().unwrap(),
            &format!("{name} accuracy"),
        );
        close(
            solution.overall.balanced_accuracy.unwrap(),
            case["balanced_accuracy"].as_f64().unwrap(),
            &format!("{name} balanced accuracy"),
        );
        close(
            solution.overall.selection_rate.unwrap(),
            case["selection_rate"].as_f64().unwrap(),
            &format!("{name} selection rate"),
        );
        assert_eq!(solution.explanation.len(), groups.len());
    }
}

#[test]
fn reweighing_matches_aif360() {
    let fx = fixture("reweighing.json");
    let cases = fx["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 3);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let label = case["label"].as_str().unwrap();
        let score = if label == "y_true" { "y_prob" } else { "score" };
        let data = load(
            case["file"].as_str().unwrap(),
            label,
            score,
            case["sensitive"].as_str().unwrap(),
        );
        let keep: Option<Vec<String>> = case["keep"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect());
        let kept_groups: Vec<usize> = (0..data.groups.len())
            .filter(|&g| {
                keep.as_ref()
                    .is_none_or(|k| k.iter().any(|v| v == data.groups[g].0[0].1.as_str()))
            })
            .collect();
        let mut labels = Vec::new();
        let mut group_of = Vec::new();
        for r in 0..data.rows() {
            if let Some(pos) = kept_groups
                .iter()
                .position(|&g| g == data.group_of[r] as usize)
            {
                labels.push(data.labels[r]);
                group_of.push(u32::try_from(pos).unwrap());
            }
        }
        let groups: Vec<GroupKey> = kept_groups
            .iter()
            .map(|&g| data.groups[g].clone())
            .collect();
        let r = reweigh(&labels, &group_of, &groups, None, ("1", "0"));
        let want = case["cells"].as_array().unwrap();
        assert_eq!(r.cells.len(), want.len(), "{name}");
        for (cell, w) in r.cells.iter().zip(want) {
            assert_eq!(
                cell.group.0[0].1.as_str(),
                w["group"].as_str().unwrap(),
                "{name}"
            );
            assert_eq!(cell.label, w["label"].as_str().unwrap(), "{name}");
            assert_eq!(cell.count, w["count"].as_u64().unwrap(), "{name}");
            let got = cell.weight.unwrap();
            let expected = w["weight"].as_f64().unwrap();
            assert!(
                (got - expected).abs() <= 1e-9,
                "{name}: {got} vs AIF360 {expected}"
            );
        }
    }
}

/// Rates of one group when score ≥ t is positive, by a pass over the rows.
fn rates_by_rows(data: &ScoredData, g: usize, t: f64) -> [f64; 4] {
    let mut c = [0.0; 4];
    for r in 0..data.rows() {
        if data.group_of[r] as usize != g {
            continue;
        }
        let cell = match (data.labels[r], data.scores[r] >= t) {
            (true, true) => 0,
            (false, true) => 1,
            (false, false) => 2,
            (true, false) => 3,
        };
        c[cell] += 1.0;
    }
    c
}

fn rate(rate: Rate, c: [f64; 4]) -> f64 {
    let [tp, fp, tn, fn_] = c;
    match rate {
        Rate::SelectionRate => (tp + fp) / (tp + fp + tn + fn_),
        Rate::TruePositiveRate => tp / (tp + fn_),
        Rate::FalsePositiveRate => fp / (fp + tn),
        Rate::TrueNegativeRate => tn / (tn + fp),
        Rate::FalseNegativeRate => fn_ / (fn_ + tp),
    }
}

#[test]
fn deterministic_cut_offs_meet_the_tolerance_and_beat_brute_force() {
    let data = load(
        "sample_projects/loan_approval/data/german_credit_with_predictions.csv",
        "y_true",
        "y_prob",
        "sex",
    );
    assert_eq!(data.groups.len(), 2);
    let index = ThresholdIndex::build(&data);
    let n = data.rows() as f64;
    for (constraint, objective, tolerance) in [
        (
            Constraint::DemographicParity,
            Objective::AccuracyScore,
            0.05,
        ),
        (
            Constraint::DemographicParity,
            Objective::AccuracyScore,
            0.01,
        ),
        (
            Constraint::TruePositiveRateParity,
            Objective::AccuracyScore,
            0.02,
        ),
        (
            Constraint::FalsePositiveRateParity,
            Objective::SelectionRate,
            0.03,
        ),
        (Constraint::EqualizedOdds, Objective::AccuracyScore, 0.1),
        (
            Constraint::DemographicParity,
            Objective::Cost { fp: 5.0, fn_: 1.0 },
            0.05,
        ),
    ] {
        let solution = find_thresholds(
            &index,
            &data.groups,
            SearchOptions {
                constraint,
                objective,
                tolerance,
                randomized: false,
                grid_size: 1000,
            },
        )
        .unwrap();
        assert!(solution.met, "{constraint:?} {tolerance}");
        let thresholds: Vec<f64> = solution
            .groups
            .iter()
            .map(|g| g.threshold.unwrap())
            .collect();
        // Re-applied to the rows, the cut-offs satisfy the constraint.
        let cells: Vec<[f64; 4]> = (0..2)
            .map(|g| rates_by_rows(&data, g, thresholds[g]))
            .collect();
        for &r in constraint.rates() {
            let d = (rate(r, cells[0]) - rate(r, cells[1])).abs();
            assert!(
                d <= tolerance + 1e-12,
                "{constraint:?}: {r:?} differs by {d}"
            );
        }
        let value = |c: &[[f64; 4]]| {
            let s = |k: usize| c[0][k] + c[1][k];
            let (tp, fp, tn, fn_) = (s(0), s(1), s(2), s(3));
            match objective {
                Objective::AccuracyScore => (tp + tn) / n,
                Objective::SelectionRate => (tp + fp) / n,
                Objective::Cost { fp: a, fn_: b } => -(a * fp + b * fn_),
                _ => unreachable!(),
            }
        };
        let found = value(&cells);
        let reported = if objective.minimise() {
            -solution.objective_value
        } else {
            solution.objective_value
        };
        assert!((found - reported).abs() < 1e-9);
        // Brute force over every pair of cut points (every distinct score and +inf).
        let cuts = |g: usize| {
            let mut s: Vec<f64> = index.sorted_scores(g).to_vec();
            s.dedup();
            s.push(f64::INFINITY);
            s
        };
        let (c0, c1) = (cuts(0), cuts(1));
        let cells0: Vec<[f64; 4]> = c0.iter().map(|&t| rates_by_rows(&data, 0, t)).collect();
        let cells1: Vec<[f64; 4]> = c1.iter().map(|&t| rates_by_rows(&data, 1, t)).collect();
        let mut best = f64::NEG_INFINITY;
        for a in &cells0 {
            for b in &cells1 {
                let ok = constraint
                    .rates()
                    .iter()
                    .all(|&r| (rate(r, *a) - rate(r, *b)).abs() <= tolerance);
                if ok {
                    best = best.max(value(&[*a, *b]));
                }
            }
        }
        assert!(best > f64::NEG_INFINITY);
        assert!(
            found >= best - 1e-12,
            "{constraint:?} {tolerance}: {found} < brute force {best}"
        );
    }
}

#[test]
fn a_tolerance_is_met_by_cut_offs_at_worst_by_deciding_every_group_alike() {
    // Group a: scores 0.2, 0.8 → selection rates 0, 0.5, 1; group b: three rows → 0, 1/3, 2/3, 1.
    let labels = [1, 0, 1, 0, 1].map(|v| Some(v == 1));
    let scores = [0.2, 0.8, 0.1, 0.5, 0.9].map(Some);
    let codes = [0, 0, 1, 1, 1].map(Some);
    let data = ScoredData::from_columns(
        &labels,
        &scores,
        &[("g".into(), vec!["a".into(), "b".into()], codes.to_vec())],
        None,
        None,
    )
    .unwrap();
    let index = ThresholdIndex::build(&data);
    let solution = find_thresholds(
        &index,
        &data.groups,
        SearchOptions {
            constraint: Constraint::DemographicParity,
            objective: Objective::AccuracyScore,
            tolerance: 0.0,
            randomized: false,
            grid_size: 1000,
        },
    );
    // Tolerance 0 is Fairlearn's randomized solution; a small tolerance cannot be met by cut-offs
    // except where both groups select everyone or no one (violation 0).
    let solution = solution.unwrap();
    assert!(solution.randomized.is_some());
    let strict = find_thresholds(
        &index,
        &data.groups,
        SearchOptions {
            constraint: Constraint::TruePositiveRateParity,
            objective: Objective::AccuracyScore,
            tolerance: 0.1,
            randomized: false,
            grid_size: 1000,
        },
    )
    .unwrap();
    assert!(strict.met);
    assert!(strict.constraint_violation <= 0.1);
    // (Equal true positive rates within 0.1 here also approve everyone: group a's one positive scores 0.2.)
    assert!(strict.decides_everyone_alike().is_some());
    // Equal selection rates within 0.01: approving everyone (accuracy 3/5) or no one (2/5) in both groups
    // are the only cut-offs that meet it (every tolerance can be met by cut-offs this way, so the "closest
    // point" of an unmet tolerance is a safeguard); the solution says the threshold separates no one.
    let alike = find_thresholds(
        &index,
        &data.groups,
        SearchOptions {
            constraint: Constraint::DemographicParity,
            objective: Objective::AccuracyScore,
            tolerance: 0.01,
            randomized: false,
            grid_size: 1000,
        },
    )
    .unwrap();
    assert!(alike.met);
    assert_eq!(alike.constraint_violation, 0.0);
    assert_eq!(alike.overall.accuracy, Some(0.6));
    assert_eq!(
        alike.decides_everyone_alike(),
        Some(
            "At this tolerance the best cut-offs approve everyone in every group: the threshold no longer \
             separates applicants; raise the tolerance or choose another constraint or objective"
        )
    );
}

#[test]
fn a_group_without_positives_is_undefined_not_zero() {
    let labels = [1, 0, 0, 0].map(|v| Some(v == 1));
    let scores = [0.9, 0.4, 0.3, 0.2].map(Some);
    let codes = [0, 0, 1, 1].map(Some);
    let data = ScoredData::from_columns(
        &labels,
        &scores,
        &[("g".into(), vec!["a".into(), "b".into()], codes.to_vec())],
        None,
        None,
    )
    .unwrap();
    let index = ThresholdIndex::build(&data);
    let err = find_thresholds(
        &index,
        &data.groups,
        SearchOptions {
            constraint: Constraint::TruePositiveRateParity,
            objective: Objective::AccuracyScore,
            tolerance: 0.05,
            randomized: false,
            grid_size: 1000,
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("g=b") && err.contains("no actual positives") && err.contains("undefined"),
        "{err}"
    );
    let _ = (GroupValue::Missing, Path::new("."));
}
