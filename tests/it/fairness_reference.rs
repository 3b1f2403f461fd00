//! Compares the engine with the Fairlearn / AIF360 values stored in `tests/fixtures/fairness/*.json`
//! (made by `generate.py` there) on the real datasets, to 1e-9.
//!
//! Datasets: `RISKBENCH_SHARED_DIR`, else the first `shared/datasets` found walking up from
//! `CARGO_MANIFEST_DIR`, else `/work/shared`. Fixtures: `RISKBENCH_FAIRNESS_FIXTURES`, else
//! `CARGO_MANIFEST_DIR/tests/fixtures/fairness`, else `main/tests/fixtures/fairness` walking up, else
//! `/work/main/tests/fixtures/fairness`. A missing fixture fails the test; missing datasets (a fresh clone:
//! COMPAS may not be redistributed) make the test say on standard error that it did not run and how to run
//! it, and fail it when `RISKBENCH_REQUIRE_REFERENCE_DATA=1` (`.ci/run` sets it, so CI never skips).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use riskbench::analysis::fairness::{
    AuditConfig, AuditInput, AuditResult, GroupResult, Metric, Predictions, ReferenceMetric,
    ReferenceRule, RunControl, SensitiveColumn, SummaryMetric, audit,
};
use serde_json::Value;

const TOL: f64 = 1e-9;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures_dir() -> PathBuf {
    if let Ok(p) = std::env::var("RISKBENCH_FAIRNESS_FIXTURES") {
        return PathBuf::from(p);
    }
    let own = manifest_dir()
        .join("tests")
        .join("fixtures")
        .join("fairness");
    if own.join("compas.json").is_file() {
        return own;
    }
    for dir in manifest_dir().ancestors() {
        let p = dir
            .join("main")
            .join("tests")
            .join("fixtures")
            .join("fairness");
        if p.join("compas.json").is_file() {
            return p;
        }
    }
    let fallback = PathBuf::from("/work/main/tests/fixtures/fairness");
    assert!(
        fallback.join("compas.json").is_file(),
        "fairness fixtures not found: set RISKBENCH_FAIRNESS_FIXTURES (looked in {} and /work/main/tests/fixtures/fairness)",
        own.display()
    );
    fallback
}

fn load_fixture(name: &str) -> Value {
    let path = fixtures_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad fixture {}: {e}", path.display()))
}

/// Read the named columns of a CSV (first column of each name, as pandas does with duplicates).
fn read_columns(path: &Path, names: &[&str]) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("cannot open dataset {}: {e}", path.display()));
    let headers = reader.headers().expect("csv header").clone();
    let idx: Vec<usize> = names
        .iter()
        .map(|n| {
            headers
                .iter()
                .position(|h| h == *n)
                .unwrap_or_else(|| panic!("{} has no column {n}", path.display()))
        })
        .collect();
    let mut cols = vec![Vec::new(); names.len()];
    for rec in reader.records() {
        let rec = rec.expect("csv record");
        for (c, &i) in idx.iter().enumerate() {
            cols[c].push(rec.get(i).unwrap_or("").to_owned());
        }
    }
    cols
}

/// Dictionary-encode with levels in order of first appearance (the engine must sort them itself).
fn encode(name: &str, values: &[String]) -> SensitiveColumn {
    let mut levels: Vec<String> = Vec::new();
    let codes = values
        .iter()
        .map(|v| {
            if v.is_empty() {
                return None;
            }
            let i = levels.iter().position(|l| l == v).unwrap_or_else(|| {
                levels.push(v.clone());
                levels.len() - 1
            });
            Some(u32::try_from(i).expect("few levels"))
        })
        .collect();
    SensitiveColumn {
        name: name.to_owned(),
        levels,
        codes,
    }
}

fn flag(v: &str) -> Option<bool> {
    match v.trim() {
        "1" | "1.0" => Some(true),
        "0" | "0.0" => Some(false),
        _ => None,
    }
}

fn number(v: &str) -> Option<f64> {
    v.trim().parse().ok()
}

fn config_for(fixture: &Value) -> AuditConfig {
    let audits = fixture["audits"].as_array().expect("audits");
    let mut sensitive: Vec<String> = Vec::new();
    let mut reference = BTreeMap::new();
    for a in audits {
        for (col, value) in a["reference"].as_object().expect("reference") {
            reference.insert(
                col.clone(),
                ReferenceRule::Value(value.as_str().expect("str").to_owned()),
            );
        }
        if a["sensitive"].as_array().expect("sensitive").len() == 1 {
            sensitive.push(a["sensitive"][0].as_str().expect("str").to_owned());
        }
    }
    AuditConfig {
        sensitive,
        intersect: true,
        reference,
        ..AuditConfig::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL * b.abs().max(1.0)
}

/// Where a reference value comes from: the libraries' own output (Fairlearn / scikit-learn through
/// `MetricFrame`, AIF360's `ClassificationMetric`), or the fixture script's formulas (the contract's strict
/// definitions, the weighted entropy indices AIF360 does not offer).
#[derive(Clone, Copy)]
enum Source {
    Library,
    Script,
}

/// Counts the comparisons made by source, so a fixture that silently lost its content fails the exact
/// counts; deliberate differences are counted apart and listed.
#[derive(Default, Debug, PartialEq, Eq)]
struct Tally {
    library: usize,
    script: usize,
    /// Values where we deliberately differ from the library (undefined here, 0 there), each checked to be
    /// the library's 0.
    by_design_checked: usize,
    by_design: Vec<String>,
}

impl Tally {
    /// Compares our value with the reference one; a reference key that is missing fails (a missing key is
    /// not a `null`).
    fn eq(&mut self, source: Source, what: &str, ours: Option<f64>, theirs: Option<&Value>) {
        let theirs = theirs.unwrap_or_else(|| panic!("{what}: the reference has no such value"));
        match source {
            Source::Library => self.library += 1,
            Source::Script => self.script += 1,
        }
        match (ours, theirs.as_f64()) {
            (Some(a), Some(b)) => assert!(close(a, b), "{what}: ours {a} vs reference {b}"),
            (None, None) => assert!(theirs.is_null(), "{what}: reference is {theirs}"),
            (a, _) => panic!("{what}: ours {a:?} vs reference {theirs}"),
        }
    }
}

fn metric_named(name: &str) -> Metric {
    serde_json::from_value(Value::String(name.to_owned()))
        .unwrap_or_else(|_| panic!("unknown metric {name}"))
}

fn group_of<'a>(result: &'a AuditResult, g: &Value) -> &'a GroupResult {
    let pairs: Vec<(String, String)> = g
        .as_object()
        .expect("group")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("str").to_owned()))
        .collect();
    let refs: Vec<(&str, &str)> = result
        .sensitive
        .iter()
        .map(|c| {
            let v = pairs
                .iter()
                .find(|(k, _)| k == c)
                .map(|(_, v)| v.as_str())
                .expect("column");
            (c.as_str(), v)
        })
        .collect();
    result
        .group(&refs)
        .unwrap_or_else(|| panic!("group {g} missing in {:?}", result.sensitive))
}

/// Fairlearn's aggregation rules applied to group values in which undefined counts as 0 (what Fairlearn
/// and scikit-learn return for a zero denominator).
fn fairlearn_style(values: &[f64], overall: f64) -> [f64; 4] {
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let diff_o = values
        .iter()
        .map(|v| (v - overall).abs())
        .fold(f64::NEG_INFINITY, f64::max);
    let ratio_o = values
        .iter()
        .map(|v| {
            let r = v / overall;
            if r > 1.0 { 1.0 / r } else { r }
        })
        .filter(|r| !r.is_nan())
        .fold(f64::INFINITY, f64::min);
    [max - min, min / max, diff_o, ratio_o]
}

fn check_result(
    name: &str,
    result: &AuditResult,
    fixture: &Value,
    weighted: bool,
    tally: &mut Tally,
) {
    let label = format!("{name} {:?}", result.sensitive);
    let undefined_anywhere = check_groups(&label, result, fixture, tally);
    check_disparities(&label, result, fixture, &undefined_anywhere, tally);
    check_summary(&label, result, fixture, &undefined_anywhere, tally);
    check_aif360(&label, result, fixture, weighted, tally);
}

fn overall_of(result: &AuditResult, m: Metric) -> Option<f64> {
    result
        .overall
        .get(&m)
        .copied()
        .flatten()
        .map(riskbench::analysis::fairness::MetricValue::as_f64)
}

/// Groups, order, reference, per-group and overall metrics; returns the metrics undefined in some group.
fn check_groups(
    label: &str,
    result: &AuditResult,
    fixture: &Value,
    tally: &mut Tally,
) -> BTreeMap<Metric, bool> {
    // Same groups, ascending order.
    let fixture_groups = fixture["groups"].as_array().expect("groups");
    assert_eq!(
        result.by_group.len(),
        fixture_groups.len(),
        "{label}: number of groups"
    );
    let keys: Vec<Vec<&str>> = result
        .by_group
        .iter()
        .map(|g| g.group.0.iter().map(|(_, v)| v.as_str()).collect())
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "{label}: groups not ascending"
    );
    // Reference as configured.
    let reference = result.reference.group.as_ref().expect("reference group");
    for (col, value) in fixture["reference"].as_object().expect("reference") {
        assert!(
            reference
                .0
                .iter()
                .any(|(c, v)| c == col && v.as_str() == value.as_str().expect("s")),
            "{label}: reference {reference:?}"
        );
    }

    let mut undefined_anywhere: BTreeMap<Metric, bool> = BTreeMap::new();
    for fg in fixture_groups {
        let g = group_of(result, &fg["group"]);
        let gl = format!("{label} {}", g.group.label());
        for (k, v) in fg["strict"].as_object().expect("strict") {
            let m = metric_named(k);
            let ours = g.metric(m);
            tally.eq(Source::Script, &format!("{gl} strict {k}"), ours, Some(v));
            if ours.is_none() {
                assert!(
                    g.undefined.contains_key(&m),
                    "{gl}: {k} undefined without reason"
                );
                undefined_anywhere.insert(m, true);
            }
        }
        for (k, v) in fg["fairlearn"].as_object().expect("fairlearn") {
            let m = metric_named(k);
            if let Some(ours) = g.metric(m) {
                tally.eq(
                    Source::Library,
                    &format!("{gl} fairlearn {k}"),
                    Some(ours),
                    Some(v),
                );
            } else {
                // Deliberate difference: the libraries return 0 for a zero denominator.
                tally.by_design_checked += 1;
                assert_eq!(
                    v.as_f64(),
                    Some(0.0),
                    "{gl}: fairlearn {k} = {v}, ours undefined"
                );
                tally
                    .by_design
                    .push(format!("{gl}: {k} undefined (Fairlearn 0.0)"));
            }
        }
    }
    // Overall.
    let overall = |m: Metric| overall_of(result, m);
    for (k, v) in fixture["overall"]["strict"].as_object().expect("overall") {
        tally.eq(
            Source::Script,
            &format!("{label} overall strict {k}"),
            overall(metric_named(k)),
            Some(v),
        );
    }
    for (k, v) in fixture["overall"]["fairlearn"]
        .as_object()
        .expect("overall")
    {
        tally.eq(
            Source::Library,
            &format!("{label} overall fairlearn {k}"),
            overall(metric_named(k)),
            Some(v),
        );
    }
    undefined_anywhere
}

fn check_disparities(
    label: &str,
    result: &AuditResult,
    fixture: &Value,
    undefined_anywhere: &BTreeMap<Metric, bool>,
    tally: &mut Tally,
) {
    let overall = |m: Metric| overall_of(result, m);
    // Disparities: strict = ours exactly; Fairlearn = ours when no group is undefined, else Fairlearn's rules
    // on our values with undefined → 0.
    let kinds = [
        "difference_between_groups",
        "ratio_between_groups",
        "difference_to_overall",
        "ratio_to_overall",
    ];
    for (k, d) in fixture["disparities"]["strict"].as_object().expect("disp") {
        let m = metric_named(k);
        let ours = result.disparities.get(&m).expect("disparity");
        for (i, kind) in kinds.iter().enumerate() {
            let v = [
                ours.difference_between_groups,
                ours.ratio_between_groups,
                ours.difference_to_overall,
                ours.ratio_to_overall,
            ][i];
            tally.eq(
                Source::Script,
                &format!("{label} disparity strict {k}.{kind}"),
                v,
                d.get(*kind),
            );
        }
    }
    for (k, d) in fixture["disparities"]["fairlearn"]
        .as_object()
        .expect("disp")
    {
        let m = metric_named(k);
        let ours = result.disparities.get(&m).expect("disparity");
        let values: Vec<f64> = result
            .by_group
            .iter()
            .filter(|g| g.metric(Metric::Count) > Some(0.0))
            .map(|g| g.metric(m).unwrap_or(0.0))
            .collect();
        let recomputed = fairlearn_style(&values, overall(m).expect("overall"));
        let direct = [
            ours.difference_between_groups,
            ours.ratio_between_groups,
            ours.difference_to_overall,
            ours.ratio_to_overall,
        ];
        for (i, kind) in kinds.iter().enumerate() {
            if undefined_anywhere.contains_key(&m) {
                let r = recomputed[i];
                tally.eq(
                    Source::Library,
                    &format!("{label} disparity fairlearn {k}.{kind} (undefined→0)"),
                    (!r.is_nan()).then_some(r),
                    d.get(*kind),
                );
                tally.by_design.push(format!(
                    "{label}: disparity {k}.{kind} with an undefined group"
                ));
            } else {
                tally.eq(
                    Source::Library,
                    &format!("{label} disparity fairlearn {k}.{kind}"),
                    direct[i],
                    d.get(*kind),
                );
            }
        }
    }
}

fn check_summary(
    label: &str,
    result: &AuditResult,
    fixture: &Value,
    undefined_anywhere: &BTreeMap<Metric, bool>,
    tally: &mut Tally,
) {
    // Summary (Fairlearn functions).
    let summary = |s: SummaryMetric| result.summary.get(&s).copied().flatten();
    let sr_tpr_fpr_undefined = [
        Metric::SelectionRate,
        Metric::TruePositiveRate,
        Metric::FalsePositiveRate,
    ]
    .iter()
    .any(|m| undefined_anywhere.contains_key(m));
    for (k, v) in fixture["summary"]["fairlearn"]
        .as_object()
        .expect("summary")
    {
        let ours = match k.as_str() {
            "demographic_parity_difference_to_overall" => {
                result.disparities[&Metric::SelectionRate].difference_to_overall
            }
            "demographic_parity_ratio_to_overall" => {
                result.disparities[&Metric::SelectionRate].ratio_to_overall
            }
            other => {
                let s: SummaryMetric =
                    serde_json::from_value(Value::String(other.to_owned())).expect("summary name");
                summary(s)
            }
        };
        assert!(
            !sr_tpr_fpr_undefined,
            "{label}: a fixture with undefined TPR/FPR needs a by-design rule"
        );
        tally.eq(
            Source::Library,
            &format!("{label} summary {k}"),
            ours,
            Some(v),
        );
    }
}

fn check_aif360(
    label: &str,
    result: &AuditResult,
    fixture: &Value,
    weighted: bool,
    tally: &mut Tally,
) {
    let aif = &fixture["aif360"];
    for fg in aif["by_group"].as_array().expect("aif by_group") {
        let g = group_of(result, &fg["group"]);
        let gl = format!("{label} {} aif360", g.group.label());
        for (k, rm) in [
            ("disparate_impact", ReferenceMetric::DisparateImpact),
            (
                "statistical_parity_difference",
                ReferenceMetric::StatisticalParityDifference,
            ),
            (
                "average_odds_difference",
                ReferenceMetric::AverageOddsDifference,
            ),
            (
                "equal_opportunity_difference",
                ReferenceMetric::EqualOpportunityDifference,
            ),
        ] {
            tally.eq(
                Source::Library,
                &format!("{gl} {k}"),
                g.reference_metrics.get(&rm).copied().flatten(),
                fg.get(k),
            );
        }
        for (k, m) in [
            ("selection_rate", Metric::SelectionRate),
            ("true_positive_rate", Metric::TruePositiveRate),
            ("false_positive_rate", Metric::FalsePositiveRate),
            ("positive_predictive_value", Metric::Precision),
            ("false_omission_rate", Metric::FalseOmissionRate),
            ("accuracy", Metric::Accuracy),
        ] {
            match g.metric(m) {
                None if fg.get(k).and_then(Value::as_f64) == Some(0.0) => {
                    tally.by_design_checked += 1;
                    tally
                        .by_design
                        .push(format!("{gl}: {k} undefined (AIF360 0.0)"));
                }
                ours => tally.eq(Source::Library, &format!("{gl} {k}"), ours, fg.get(k)),
            }
        }
    }
    check_entropy(label, result, fixture, weighted, tally);
}

/// Theil and generalized entropy indices (AIF360, or the script's weighted formula for weighted data).
fn check_entropy(
    label: &str,
    result: &AuditResult,
    fixture: &Value,
    weighted: bool,
    tally: &mut Tally,
) {
    let summary = |s: SummaryMetric| result.summary.get(&s).copied().flatten();
    let aif = &fixture["aif360"];
    let non_empty = result
        .by_group
        .iter()
        .filter(|g| g.metric(Metric::Count) > Some(0.0))
        .count();
    if weighted {
        // AIF360's entropy indices ignore instance weights; ours use weighted means (script values).
        assert_eq!(aif["weights_ignored_by_entropy_indices"], Value::Bool(true));
        let w = &fixture["script_weighted_entropy"];
        for (k, s) in [
            ("theil_index", SummaryMetric::TheilIndex),
            (
                "generalized_entropy_index",
                SummaryMetric::GeneralizedEntropyIndex,
            ),
            (
                "between_group_theil_index",
                SummaryMetric::BetweenGroupTheilIndex,
            ),
            (
                "between_group_generalized_entropy_index",
                SummaryMetric::BetweenGroupGeneralizedEntropyIndex,
            ),
        ] {
            tally.eq(
                Source::Script,
                &format!("{label} weighted {k}"),
                summary(s),
                w.get(k),
            );
        }
        tally.by_design.push(format!(
            "{label}: entropy indices weighted (AIF360 ignores weights)"
        ));
    } else {
        for (k, s) in [
            ("theil_index", SummaryMetric::TheilIndex),
            (
                "generalized_entropy_index",
                SummaryMetric::GeneralizedEntropyIndex,
            ),
            (
                "between_group_theil_index_all_groups",
                SummaryMetric::BetweenGroupTheilIndex,
            ),
            (
                "between_group_generalized_entropy_index_all_groups",
                SummaryMetric::BetweenGroupGeneralizedEntropyIndex,
            ),
        ] {
            tally.eq(
                Source::Library,
                &format!("{label} aif360 {k}"),
                summary(s),
                aif.get(k),
            );
        }
        // The public AIF360 between-group indices use two groups: privileged vs. everyone else.
        if non_empty == 2 {
            for (k, s) in [
                (
                    "between_group_theil_index_privileged_vs_rest",
                    SummaryMetric::BetweenGroupTheilIndex,
                ),
                (
                    "between_group_generalized_entropy_index_privileged_vs_rest",
                    SummaryMetric::BetweenGroupGeneralizedEntropyIndex,
                ),
            ] {
                tally.eq(
                    Source::Library,
                    &format!("{label} aif360 {k}"),
                    summary(s),
                    aif.get(k),
                );
            }
        } else {
            tally.by_design.push(format!(
                "{label}: AIF360 public between-group indices compare privileged vs. the rest ({non_empty} groups here)"
            ));
        }
    }
}

/// Audits one dataset and compares every value of its fixture; `expected` is how many values are compared:
/// (library output, script formulas, deliberate differences checked against the library's 0).
fn run_dataset(
    fixture_name: &str,
    build: impl Fn(&Path) -> AuditInput,
    weighted: bool,
    expected: (usize, usize, usize),
) {
    let Some(shared) = crate::support::shared_dir(fixture_name) else {
        return;
    };
    let fixture = load_fixture(fixture_name);
    let data = shared.join("datasets");
    let input = build(&data);
    assert_eq!(
        input.rows() as u64,
        fixture["rows"].as_u64().expect("rows"),
        "{fixture_name}: rows"
    );
    let config = config_for(&fixture);
    let out = audit(&input, &config, &RunControl::default()).expect("audit");
    assert_eq!(out.rows.used, input.rows());
    let audits = fixture["audits"].as_array().expect("audits");
    assert_eq!(out.results.len(), audits.len());
    let mut tally = Tally::default();
    for (result, a) in out.results.iter().zip(audits) {
        let names: Vec<&str> = a["sensitive"]
            .as_array()
            .expect("s")
            .iter()
            .map(|v| v.as_str().expect("s"))
            .collect();
        assert_eq!(result.sensitive, names);
        check_result(fixture_name, result, a, weighted, &mut tally);
    }
    eprintln!(
        "{fixture_name}: {} library values and {} script values compared, {} deliberate differences checked:\n  {}",
        tally.library,
        tally.script,
        tally.by_design_checked,
        tally.by_design.join("\n  ")
    );
    assert_eq!(
        (tally.library, tally.script, tally.by_design_checked),
        expected,
        "{fixture_name}: values compared (library output, script formulas, deliberate differences)"
    );
}

#[test]
fn compas_matches_fairlearn_and_aif360() {
    run_dataset(
        "compas.json",
        |data| {
            let cols = read_columns(
                &data.join("compas").join("compas-scores-two-years.csv"),
                &["race", "sex", "two_year_recid", "decile_score"],
            );
            AuditInput {
                y_true: cols[2].iter().map(|v| flag(v)).collect(),
                predictions: Predictions::ScoreThreshold(5.0),
                score: Some(cols[3].iter().map(|v| number(v)).collect()),
                weight: None,
                sensitive: vec![encode("race", &cols[0]), encode("sex", &cols[1])],
            }
        },
        false,
        (550, 674, 2),
    );
}

#[test]
fn german_credit_matches_fairlearn_and_aif360() {
    run_dataset(
        "german_credit.json",
        |data| {
            let cols = read_columns(
                &data
                    .join("german_credit")
                    .join("german_credit_with_predictions.csv"),
                &["sex", "age_group", "y_true", "y_pred", "y_prob"],
            );
            AuditInput {
                y_true: cols[2].iter().map(|v| flag(v)).collect(),
                predictions: Predictions::Labels(cols[3].iter().map(|v| flag(v)).collect()),
                score: Some(cols[4].iter().map(|v| number(v)).collect()),
                weight: None,
                sensitive: vec![encode("sex", &cols[0]), encode("age_group", &cols[1])],
            }
        },
        false,
        (314, 410, 0),
    );
}

#[test]
fn adult_weighted_matches_fairlearn_and_aif360() {
    run_dataset(
        "adult.json",
        |data| {
            let cols = read_columns(
                &data.join("adult").join("adult_with_predictions.csv"),
                &["sex", "race", "y_true", "y_pred", "y_prob", "fnlwgt"],
            );
            AuditInput {
                y_true: cols[2].iter().map(|v| flag(v)).collect(),
                predictions: Predictions::Labels(cols[3].iter().map(|v| flag(v)).collect()),
                score: Some(cols[4].iter().map(|v| number(v)).collect()),
                weight: Some(cols[5].iter().map(|v| number(v).expect("fnlwgt")).collect()),
                sensitive: vec![encode("sex", &cols[0]), encode("race", &cols[1])],
            }
        },
        true,
        (478, 620, 0),
    );
}
