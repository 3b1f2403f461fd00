//! Edge cases of the fairness engine on small hand-made inputs.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

use riskbench::analysis::fairness::{
    AuditConfig, AuditInput, AuditOutput, BootstrapConfig, FairnessError, Metric, MetricValue,
    Predictions, ReferenceRule, RunControl, SensitiveColumn, SummaryMetric, Wording, audit,
};
use serde_json::Value;

fn column(name: &str, levels: &[&str], codes: &[Option<u32>]) -> SensitiveColumn {
    SensitiveColumn {
        name: name.to_owned(),
        levels: levels.iter().map(|s| (*s).to_owned()).collect(),
        codes: codes.to_vec(),
    }
}

/// Rows given as (group code, y, ŷ).
fn input(rows: &[(Option<u32>, bool, bool)], levels: &[&str]) -> AuditInput {
    AuditInput {
        y_true: rows.iter().map(|r| Some(r.1)).collect(),
        predictions: Predictions::Labels(rows.iter().map(|r| Some(r.2)).collect()),
        score: None,
        weight: None,
        sensitive: vec![column(
            "grp",
            levels,
            &rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        )],
    }
}

fn config(cols: &[&str]) -> AuditConfig {
    AuditConfig {
        sensitive: cols.iter().map(|s| (*s).to_owned()).collect(),
        ..AuditConfig::default()
    }
}

fn run(input: &AuditInput, config: &AuditConfig) -> AuditOutput {
    audit(input, config, &RunControl::default()).expect("audit")
}

fn repeat(n: usize, row: (Option<u32>, bool, bool)) -> Vec<(Option<u32>, bool, bool)> {
    vec![row; n]
}

/// Group a: mixed outcomes. Group b: only actual negatives, never predicted positive.
fn two_groups() -> AuditInput {
    let mut rows = Vec::new();
    rows.extend(repeat(30, (Some(0), true, true)));
    rows.extend(repeat(10, (Some(0), true, false)));
    rows.extend(repeat(20, (Some(0), false, true)));
    rows.extend(repeat(40, (Some(0), false, false)));
    rows.extend(repeat(12, (Some(1), false, false)));
    input(&rows, &["a", "b"])
}

#[test]
fn zero_denominators_are_undefined_with_a_reason() {
    let out = run(&two_groups(), &config(&["grp"]));
    let r = &out.results[0];
    let b = r.group(&[("grp", "b")]).expect("group b");
    for m in [
        Metric::TruePositiveRate,
        Metric::FalseNegativeRate,
        Metric::Precision,
        Metric::FalseDiscoveryRate,
        Metric::BalancedAccuracy,
    ] {
        assert_eq!(b.metric(m), None, "{m:?}");
        assert!(b.metrics.contains_key(&m), "{m:?} must be listed as null");
        assert!(!b.undefined[&m].is_empty(), "{m:?} needs a reason");
    }
    assert_eq!(
        b.undefined[&Metric::Precision],
        "no predicted positives (TP + FP = 0)"
    );
    assert_eq!(
        b.undefined[&Metric::TruePositiveRate],
        "no actual positives (TP + FN = 0)"
    );
    assert_eq!(b.metric(Metric::FalsePositiveRate), Some(0.0));
    assert_eq!(b.metric(Metric::SelectionRate), Some(0.0));
    // Disparities skip the undefined group: only group a has a TPR.
    let tpr = &r.disparities[&Metric::TruePositiveRate];
    assert_eq!(tpr.difference_between_groups, Some(0.0));
    // The selection-rate ratio is 0 / 0.5: defined, 0.
    assert_eq!(
        r.disparities[&Metric::SelectionRate].ratio_between_groups,
        Some(0.0)
    );
    // A check on an undefined value is neither passed nor failed.
    let check = r
        .checks
        .iter()
        .find(|c| c.name == "four_fifths_true_positive_rate")
        .expect("tpr check");
    assert_eq!(check.pass, None);
    assert!(check.reason.as_deref().unwrap_or("").contains("undefined"));
    // JSON: null with a reason beside it.
    let json = serde_json::to_value(r).expect("json");
    let gb = &json["by_group"][1];
    assert_eq!(gb["group"]["grp"], "b");
    assert_eq!(gb["metrics"]["precision"], Value::Null);
    assert_eq!(
        gb["undefined"]["precision"],
        "no predicted positives (TP + FP = 0)"
    );
}

#[test]
fn ratio_with_zero_reference_is_undefined() {
    // Reference b has selection rate 0 → ratio_to_reference undefined, difference defined.
    let mut cfg = config(&["grp"]);
    cfg.reference
        .insert("grp".into(), ReferenceRule::Value("b".into()));
    let out = run(&two_groups(), &cfg);
    let a = out.results[0].group(&[("grp", "a")]).expect("a");
    let cmp = &a.to_reference[&Metric::SelectionRate];
    assert_eq!(cmp.difference_to_reference, Some(0.5));
    assert_eq!(cmp.ratio_to_reference, None);
    assert!(!cmp.undefined.is_empty());
    assert_eq!(
        a.reference_metrics[&riskbench::analysis::fairness::ReferenceMetric::DisparateImpact],
        None
    );
}

#[test]
fn missing_values_form_an_explicit_group_listed_last() {
    let mut rows = repeat(5, (Some(1), true, true));
    rows.extend(repeat(4, (None, false, true)));
    rows.extend(repeat(6, (Some(0), false, false)));
    let inp = input(&rows, &["zeta", "alpha"]);
    let out = run(&inp, &config(&["grp"]));
    let r = &out.results[0];
    let names: Vec<&str> = r.by_group.iter().map(|g| g.group.0[0].1.as_str()).collect();
    assert_eq!(names, ["alpha", "zeta", "(missing)"]);
    assert_eq!(out.rows.missing_sensitive["grp"], 4);
    let missing = r.group(&[("grp", "(missing)")]).expect("missing group");
    assert_eq!(missing.metric(Metric::Count), Some(4.0));
    assert_eq!(missing.metric(Metric::SelectionRate), Some(1.0));
    let json = serde_json::to_value(r).expect("json");
    assert_eq!(json["by_group"][2]["group"]["grp"], "(missing)");
}

#[test]
fn rows_without_label_or_prediction_are_excluded_and_counted() {
    let mut inp = two_groups();
    inp.y_true[0] = None;
    if let Predictions::Labels(p) = &mut inp.predictions {
        p[1] = None;
    }
    let out = run(&inp, &config(&["grp"]));
    assert_eq!(out.rows.input, 112);
    assert_eq!(out.rows.used, 110);
    assert_eq!(out.rows.missing_label, 1);
    assert_eq!(out.rows.missing_prediction, 1);
    assert_eq!(
        out.results[0].overall[&Metric::Count],
        Some(MetricValue::Count(110))
    );
}

#[test]
fn empty_intersections_are_listed_with_undefined_metrics() {
    // race × sex observed: A-f, A-m, B-f. B-m has no rows.
    let race = [0, 0, 1, 0, 0, 1].map(Some);
    let sex = [0, 1, 0, 0, 1, 0].map(Some);
    let inp = AuditInput {
        y_true: [true, false, true, false, true, false].map(Some).to_vec(),
        predictions: Predictions::Labels([true, true, false, false, true, true].map(Some).to_vec()),
        score: None,
        weight: None,
        sensitive: vec![
            column("race", &["A", "B"], &race),
            column("sex", &["f", "m"], &sex),
        ],
    };
    let mut cfg = config(&["race", "sex"]);
    cfg.intersect = true;
    let out = run(&inp, &cfg);
    assert_eq!(out.results.len(), 3);
    let inter = &out.results[2];
    assert_eq!(inter.sensitive, ["race", "sex"]);
    assert_eq!(inter.by_group.len(), 4);
    let empty = inter
        .group(&[("race", "B"), ("sex", "m")])
        .expect("empty combination");
    assert_eq!(empty.metric(Metric::Count), Some(0.0));
    assert!(empty.small_sample);
    assert_eq!(empty.metric(Metric::SelectionRate), None);
    assert_eq!(
        empty.undefined[&Metric::SelectionRate],
        "no rows in this group"
    );
    assert!(
        inter
            .checks
            .iter()
            .all(|c| c.group.as_ref() != Some(&empty.group)),
        "no checks for an empty group"
    );
    let order: Vec<String> = inter.by_group.iter().map(|g| g.group.label()).collect();
    assert_eq!(
        order,
        [
            "race=A, sex=f",
            "race=A, sex=m",
            "race=B, sex=f",
            "race=B, sex=m"
        ]
    );
}

#[test]
fn weights_scale_the_cells_but_not_the_count() {
    // Weight 2 on every row of group a equals duplicating those rows.
    let base = two_groups();
    let mut weighted = base.clone();
    weighted.weight = Some(
        base.sensitive[0]
            .codes
            .iter()
            .map(|c| if *c == Some(0) { 2.0 } else { 1.0 })
            .collect(),
    );
    let out = run(&weighted, &config(&["grp"]));
    let r = &out.results[0];
    let a = r.group(&[("grp", "a")]).expect("a");
    assert_eq!(a.metrics[&Metric::Count], Some(MetricValue::Count(100)));
    assert_eq!(
        a.metrics[&Metric::TruePositives],
        Some(MetricValue::Real(60.0))
    );
    assert!((a.metric(Metric::TruePositiveRate).expect("tpr") - 0.75).abs() < 1e-12);
    // PPR and overall selection rate depend on the weights across groups.
    let overall_sr = r.overall[&Metric::SelectionRate].map(MetricValue::as_f64);
    assert!((overall_sr.expect("sr") - 100.0 / 212.0).abs() < 1e-12);
    // Wilson uses the Kish effective size: with equal weights inside the denominator it equals n.
    let unweighted = run(&base, &config(&["grp"]));
    let ua = unweighted.results[0].group(&[("grp", "a")]).expect("a");
    let (w, uw) = (
        a.wilson[&Metric::TruePositiveRate],
        ua.wilson[&Metric::TruePositiveRate],
    );
    assert!((w[0] - uw[0]).abs() < 1e-12 && (w[1] - uw[1]).abs() < 1e-12);
}

#[test]
fn invalid_weights_are_rejected_with_the_row() {
    let mut inp = two_groups();
    let mut w = vec![1.0; inp.rows()];
    w[7] = -1.0;
    inp.weight = Some(w);
    let err = audit(&inp, &config(&["grp"]), &RunControl::default()).expect_err("negative weight");
    assert!(
        matches!(err, FairnessError::InvalidWeight { row: 7, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("row 7"));
}

#[test]
fn a_single_group_has_trivial_disparities() {
    let rows = [
        repeat(3, (Some(0), true, true)),
        repeat(2, (Some(0), false, true)),
        repeat(5, (Some(0), false, false)),
    ]
    .concat();
    let out = run(&input(&rows, &["only"]), &config(&["grp"]));
    let r = &out.results[0];
    assert_eq!(r.by_group.len(), 1);
    let sr = &r.disparities[&Metric::SelectionRate];
    assert_eq!(sr.difference_between_groups, Some(0.0));
    assert_eq!(sr.ratio_between_groups, Some(1.0));
    assert_eq!(sr.difference_to_overall, Some(0.0));
    assert_eq!(sr.ratio_to_overall, Some(1.0));
    assert_eq!(
        r.summary[&SummaryMetric::DemographicParityDifference],
        Some(0.0)
    );
    assert!(
        r.checks.iter().all(|c| c.group.is_none()),
        "the reference group is not checked against itself"
    );
    assert_eq!(r.reference.rule, "largest");
}

#[test]
fn reference_rules() {
    // a: 100 rows, FNR 0.25; b: 20 rows, FNR 0.0 (all positives predicted positive).
    let mut rows = two_groups().sensitive[0]
        .codes
        .iter()
        .zip(two_groups().y_true)
        .zip(match two_groups().predictions {
            Predictions::Labels(p) => p,
            Predictions::ScoreThreshold(_) => Vec::new(),
        })
        .filter(|((c, _), _)| **c == Some(0))
        .map(|((c, y), p)| (*c, y.unwrap_or(false), p.unwrap_or(false)))
        .collect::<Vec<_>>();
    rows.extend(repeat(20, (Some(1), true, true)));
    let inp = input(&rows, &["a", "b"]);
    let out = run(&inp, &config(&["grp"]));
    assert_eq!(
        out.results[0]
            .reference
            .group
            .as_ref()
            .map(riskbench::analysis::fairness::GroupKey::label),
        Some("grp=a".into())
    );
    let mut cfg = config(&["grp"]);
    cfg.reference.insert("grp".into(), ReferenceRule::Best);
    let out = run(&inp, &cfg);
    let by = &out.results[0].reference.by_metric;
    assert_eq!(by[&Metric::FalseNegativeRate].label(), "grp=b");
    assert_eq!(
        by[&Metric::SelectionRate].label(),
        "grp=a",
        "no better direction → largest"
    );
    cfg.reference
        .insert("grp".into(), ReferenceRule::Value("c".into()));
    let err = audit(&inp, &cfg, &RunControl::default()).expect_err("unknown value");
    assert!(err.to_string().contains("`c`"), "{err}");
}

fn bootstrapped(seed: u64, threads: usize) -> AuditConfig {
    AuditConfig {
        bootstrap: Some(BootstrapConfig {
            resamples: 200,
            level: 0.9,
            seed,
            threads: NonZeroUsize::new(threads),
        }),
        ..config(&["grp"])
    }
}

fn with_scores_and_weights() -> AuditInput {
    let mut inp = two_groups();
    let n = inp.rows();
    inp.score = Some(
        (0..n)
            .map(|i| Some(f64::from(u32::try_from(i % 17).unwrap_or(0)) / 17.0))
            .collect(),
    );
    inp.weight = Some(
        (0..n)
            .map(|i| 1.0 + f64::from(u32::try_from(i % 3).unwrap_or(0)))
            .collect(),
    );
    inp
}

#[test]
fn bootstrap_is_deterministic_for_a_seed_whatever_the_threads() {
    for inp in [two_groups(), with_scores_and_weights()] {
        let one = serde_json::to_string(&run(&inp, &bootstrapped(7, 1))).expect("json");
        let three = serde_json::to_string(&run(&inp, &bootstrapped(7, 3))).expect("json");
        let again = serde_json::to_string(&run(&inp, &bootstrapped(7, 2))).expect("json");
        assert_eq!(one, three);
        assert_eq!(one, again);
        let other = serde_json::to_string(&run(&inp, &bootstrapped(8, 2))).expect("json");
        assert_ne!(one, other, "another seed gives other intervals");
    }
}

#[test]
fn bootstrap_intervals_cover_the_estimate_and_note_undefined_resamples() {
    let out = run(&with_scores_and_weights(), &bootstrapped(1, 2));
    let r = &out.results[0];
    let a = r.group(&[("grp", "a")]).expect("a");
    for (m, [lo, hi]) in &a.ci {
        let v = a.metric(*m).expect("defined");
        assert!(lo <= hi, "{m:?}");
        assert!(
            *lo <= v + 1e-12 && v <= *hi + 1e-12,
            "{m:?}: {v} not in [{lo}, {hi}]"
        );
    }
    assert!(a.ci.contains_key(&Metric::MeanScore));
    assert!(
        r.summary_ci
            .contains_key(&SummaryMetric::DemographicParityDifference)
    );
    assert!(r.disparities[&Metric::SelectionRate].ci.len() == 4);
    let info = r.bootstrap.as_ref().expect("bootstrap info");
    assert!(info.method.contains("within that group"));
    // Group b never has positives: its TPR has no interval (point estimate undefined).
    let b = r.group(&[("grp", "b")]).expect("b");
    assert!(!b.ci.contains_key(&Metric::TruePositiveRate));
}

#[test]
fn bootstrap_width_matches_the_binomial_standard_error() {
    // 10,000 rows with selection rate 0.5: the 95% interval is about ±1.96·0.005.
    let rows = [
        repeat(5000, (Some(0), true, true)),
        repeat(5000, (Some(0), false, false)),
    ]
    .concat();
    let mut cfg = bootstrapped(3, 2);
    if let Some(b) = cfg.bootstrap.as_mut() {
        b.resamples = 2000;
        b.level = 0.95;
    }
    let out = run(&input(&rows, &["x"]), &cfg);
    let g = &out.results[0].by_group[0];
    let [lo, hi] = g.ci[&Metric::SelectionRate];
    let [wlo, whi] = g.wilson[&Metric::SelectionRate];
    let (width, wilson_width) = (hi - lo, whi - wlo);
    assert!(
        (width / wilson_width - 1.0).abs() < 0.1,
        "bootstrap {width} vs Wilson {wilson_width}"
    );
}

#[test]
fn cancellation_and_progress() {
    let cancel = AtomicBool::new(true);
    let control = RunControl {
        cancel: Some(&cancel),
        progress: None,
    };
    let err = audit(&two_groups(), &bootstrapped(1, 2), &control).expect_err("cancelled");
    assert!(matches!(err, FairnessError::Cancelled));

    let seen = Mutex::new(Vec::new());
    let report = |f: f64| {
        if let Ok(mut s) = seen.lock() {
            s.push(f);
        }
    };
    let control = RunControl {
        cancel: None,
        progress: Some(&report),
    };
    audit(&two_groups(), &bootstrapped(1, 2), &control).expect("audit");
    let seen = seen.into_inner().expect("lock");
    assert!(!seen.is_empty());
    assert!(seen.iter().all(|f| (0.0..=1.0).contains(f)));
    assert!(seen.iter().any(|f| (*f - 1.0).abs() < 1e-12), "reaches 1.0");
}

#[test]
fn score_threshold_and_missing_scores() {
    let scores = [0.9, 0.2, f64::NAN, 0.7, 0.4, 0.6];
    let inp = AuditInput {
        y_true: [true, false, true, true, false, false].map(Some).to_vec(),
        predictions: Predictions::ScoreThreshold(0.5),
        score: Some(scores.iter().map(|s| Some(*s)).collect()),
        weight: None,
        sensitive: vec![column("grp", &["x"], &[Some(0); 6])],
    };
    let out = run(&inp, &config(&["grp"]));
    assert_eq!(out.rows.missing_score, 1);
    assert_eq!(out.rows.used, 5);
    let g = &out.results[0].by_group[0];
    assert!((g.metric(Metric::MeanScore).expect("mean") - 2.8 / 5.0).abs() < 1e-12);
    assert_eq!(g.metric(Metric::TruePositives), Some(2.0));
    assert_eq!(g.metric(Metric::FalsePositives), Some(1.0));
    let mut no_score = inp.clone();
    no_score.score = None;
    let err = audit(&no_score, &config(&["grp"]), &RunControl::default()).expect_err("no score");
    assert!(matches!(err, FairnessError::MissingScore));
}

#[test]
fn input_errors_name_what_is_wrong() {
    let mut inp = two_groups();
    inp.sensitive[0].codes[3] = Some(9);
    let err = audit(&inp, &config(&["grp"]), &RunControl::default()).expect_err("code");
    assert_eq!(
        err.to_string(),
        "sensitive column `grp`, row 3: code 9 but only 2 levels are declared"
    );

    let mut inp = two_groups();
    inp.sensitive[0].levels[1] = "(missing)".into();
    assert!(matches!(
        audit(&inp, &config(&["grp"]), &RunControl::default()),
        Err(FairnessError::ReservedLevel(_))
    ));

    let mut inp = two_groups();
    inp.sensitive[0].levels[1] = "a".into();
    assert!(matches!(
        audit(&inp, &config(&["grp"]), &RunControl::default()),
        Err(FairnessError::DuplicateLevel { .. })
    ));

    let inp = two_groups();
    assert!(matches!(
        audit(&inp, &config(&["nope"]), &RunControl::default()),
        Err(FairnessError::UnknownSensitiveColumn(_))
    ));
    assert!(matches!(
        audit(&inp, &config(&[]), &RunControl::default()),
        Err(FairnessError::NoSensitiveColumn)
    ));

    let mut inp = two_groups();
    inp.y_true.pop();
    assert!(matches!(
        audit(&inp, &config(&["grp"]), &RunControl::default()),
        Err(FairnessError::LengthMismatch { .. })
    ));

    let mut inp = two_groups();
    inp.y_true = vec![None; inp.rows()];
    let err = audit(&inp, &config(&["grp"]), &RunControl::default()).expect_err("no rows");
    assert!(matches!(err, FairnessError::NoUsableRows { .. }), "{err}");

    let mut cfg = config(&["grp"]);
    cfg.thresholds.ratio = 1.5;
    assert!(matches!(
        audit(&two_groups(), &cfg, &RunControl::default()),
        Err(FairnessError::InvalidConfig {
            setting: "thresholds.ratio",
            ..
        })
    ));
}

#[test]
fn json_has_the_contract_shape() {
    let out = run(&two_groups(), &config(&["grp"]));
    let json = serde_json::to_value(&out.results[0]).expect("json");
    for key in [
        "sensitive",
        "overall",
        "by_group",
        "disparities",
        "summary",
        "checks",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["overall"]["count"], 112);
    assert_eq!(json["overall"]["tp"], 30);
    let g = &json["by_group"][0];
    for key in ["group", "small_sample", "metrics", "undefined"] {
        assert!(g.get(key).is_some(), "by_group missing {key}");
    }
    assert_eq!(g["metrics"]["count"], 100);
    let sr = json["disparities"]["selection_rate"]
        .as_object()
        .expect("selection_rate");
    for key in [
        "difference_between_groups",
        "ratio_between_groups",
        "difference_to_overall",
        "ratio_to_overall",
    ] {
        assert!(sr.contains_key(key), "disparity missing {key}");
    }
    for key in [
        "demographic_parity_difference",
        "demographic_parity_ratio",
        "equalized_odds_difference",
        "equalized_odds_ratio",
        "equal_opportunity_difference",
        "equal_opportunity_ratio",
    ] {
        assert!(json["summary"].get(key).is_some(), "summary missing {key}");
    }
    let check = &json["checks"][0];
    for key in ["name", "group", "value", "pass"] {
        assert!(check.get(key).is_some(), "check missing {key}");
    }
    let names: Vec<&str> = json["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    for n in [
        "four_fifths_selection_rate",
        "type_i_parity",
        "type_ii_parity",
        "equalized_odds_parity",
        "unsupervised_fairness",
        "supervised_fairness",
        "demographic_parity_difference",
    ] {
        assert!(names.contains(&n), "no check {n}");
    }
    // Round trip.
    let back: riskbench::analysis::fairness::AuditResult =
        serde_json::from_value(json).expect("deserialize");
    assert_eq!(back, out.results[0]);
}

#[test]
fn findings_use_the_wording_and_the_group_names() {
    // female: 10 would-repay applicants, 5 denied (FNR 0.5); male: 40 would-repay, 8 denied (FNR 0.2).
    let mut rows = Vec::new();
    rows.extend(repeat(5, (Some(0), true, true)));
    rows.extend(repeat(5, (Some(0), true, false)));
    rows.extend(repeat(32, (Some(1), true, true)));
    rows.extend(repeat(8, (Some(1), true, false)));
    rows.extend(repeat(20, (Some(0), false, false)));
    rows.extend(repeat(20, (Some(1), false, false)));
    let mut inp = input(&rows, &["female", "male"]);
    inp.sensitive[0].name = "sex".into();
    let cfg = AuditConfig {
        wording: Wording {
            subjects: "applicants".into(),
            label_positive: "would repay".into(),
            label_negative: "would not repay".into(),
            predicted_positive: "approved".into(),
            predicted_negative: "denied".into(),
        },
        ..config(&["sex"])
    };
    let out = run(&inp, &cfg);
    let texts: Vec<&str> = out.results[0]
        .findings
        .iter()
        .map(|f| f.text.as_str())
        .collect();
    assert!(
        texts.contains(
            &"Female applicants who would repay were denied at 2.5× the rate of male applicants (FNR 0.50 vs 0.20). Small group (n = 30): treat with caution."
        ) || texts.contains(
            &"Female applicants who would repay were denied at 2.5× the rate of male applicants (FNR 0.50 vs 0.20)."
        ),
        "{texts:#?}"
    );
}

#[test]
fn config_round_trips_through_serde_with_defaults() {
    let cfg: AuditConfig = serde_json::from_str(
        r#"{"sensitive": ["race"], "reference": {"race": {"value": "Caucasian"}}}"#,
    )
    .expect("config");
    assert_eq!(cfg.min_group_size, 30);
    assert!((cfg.thresholds.ratio - 0.8).abs() < f64::EPSILON);
    assert_eq!(
        cfg.reference["race"],
        ReferenceRule::Value("Caucasian".into())
    );
    let largest: BTreeMap<String, ReferenceRule> =
        serde_json::from_str(r#"{"x": "largest"}"#).expect("rule");
    assert_eq!(largest["x"], ReferenceRule::Largest);
}
