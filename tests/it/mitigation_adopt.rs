//! Adopting a mitigation as a control, headless: `riskbench mitigate thresholds … --adopt PROJECT` records
//! the option (rule, parameters, dataset fingerprint, metrics), adds the control and the evidence link to the
//! risk, the treatment plan cites it and the evidence shows the options, and a changed dataset flags both
//! the mitigation and the risk.

#![expect(
    clippy::unwrap_used,
    clippy::float_cmp,
    reason = "in test helpers a failed unwrap is a failed test; a stored threshold is the same number"
)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use riskbench::analysis::findings::review_reasons;
use riskbench::model::file;
use riskbench::model::mitigation::{MitigationRule, residual_suggestion, stale_mitigations};
use riskbench::model::register::{ControlEffectiveness, EvidenceKind, Rating};
use riskbench::report::plan::{self, PlanOptions};

fn copy_sample(dir: &Path) -> std::path::PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/loan_approval");
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
fn adopt_records_the_option_links_the_risk_and_is_flagged_when_the_data_changes() {
    let dir = tempfile::tempdir().unwrap();
    let project_path = copy_sample(dir.path());
    let data = dir.path().join("data/german_credit_with_predictions.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args([
            "mitigate",
            "thresholds",
            data.to_str().unwrap(),
            "--label",
            "y_true",
            "--score",
            "y_prob",
            "--sensitive",
            "sex",
            "--constraint",
            "demographic_parity",
            "--objective",
            "accuracy_score",
            "--tolerance",
            "0.02",
            "--current-threshold",
            "0.5",
            "--adopt",
            project_path.to_str().unwrap(),
            "--dataset",
            "ds-1",
            "--risk",
            "R-1",
            "--rationale",
            "Smallest accuracy loss that keeps the selection-rate gap within 2 points",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["adopted"], "M-1");

    let project = file::load_project(&project_path).unwrap().project;
    assert_eq!(project.mitigations.len(), 1);
    let m = &project.mitigations[0];
    assert_eq!(m.mitigation_id, "M-1");
    assert_eq!(m.dataset_id, "ds-1");
    assert_eq!(m.dataset_sha256, project.dataset("ds-1").unwrap().sha256);
    assert_eq!(m.parameters["constraint"], "demographic_parity");
    assert_eq!(m.parameters["tolerance"], "0.02");
    let MitigationRule::GroupThresholds { column, thresholds } = &m.rule else {
        panic!("{:?}", m.rule)
    };
    assert_eq!(column, "sex");
    assert_eq!(thresholds.len(), 2);
    assert_eq!(
        thresholds["female"],
        doc["groups"][0]["threshold"].as_f64().unwrap()
    );
    assert!(m.metrics_after["largest_disparity"] <= 0.02);
    assert!(
        m.metrics_before
            .contains_key("demographic_parity_difference")
    );
    assert!(m.options.len() >= 3);
    assert!(m.frontier.len() >= 10);

    let risk = project.risks.iter().find(|r| r.risk_id == "R-1").unwrap();
    let control = risk.controls.last().unwrap();
    assert!(
        control.name.contains("demographic parity"),
        "{}",
        control.name
    );
    assert_eq!(control.effectiveness, ControlEffectiveness::Effective);
    let link = risk.evidence.last().unwrap();
    assert_eq!(link.kind, EvidenceKind::Document);
    assert_eq!(link.reference, "mitigation M-1");
    assert_eq!(link.dataset_id, "ds-1");
    assert_eq!(
        link.dataset_sha256.as_deref(),
        Some(m.dataset_sha256.as_str())
    );

    // The residual-rating suggestion cites it and lowers the inherent likelihood one level.
    let suggestion = residual_suggestion(&project, "R-1").unwrap();
    assert_eq!(suggestion.citations.len(), 1);
    assert!(
        suggestion.citations[0].starts_with("M-1 ")
            && suggestion.citations[0].contains("Effective"),
        "{:?}",
        suggestion.citations
    );
    let inherent = risk.inherent.unwrap();
    assert_eq!(
        suggestion.suggested,
        Some(Rating::new(
            inherent.likelihood.saturating_sub(1).max(1),
            inherent.impact
        ))
    );
    assert!(suggestion.text.contains("M-1"), "{}", suggestion.text);
    assert!(residual_suggestion(&project, "R-2").is_none());

    // The plan: options in the evidence, the treatment plan cites the mitigation.
    let report = plan::build(&project, &PlanOptions::all(project.metadata.modified), &[]);
    let text = serde_json::to_string(&report).unwrap();
    assert!(text.contains("Mitigation options"));
    assert!(text.contains("Mitigation options compared for M-1"));
    assert!(text.contains("Pareto frontier"));
    assert!(text.contains("Smallest accuracy loss"));
    assert!(text.contains("Controls tested on the data"));
    assert!(text.contains("see Evidence › Mitigation options, M-1"));

    // The dataset changes: the mitigation and the risk are flagged.
    assert!(stale_mitigations(&project).is_empty());
    let mut changed = project.clone();
    let ds = changed
        .datasets
        .iter_mut()
        .find(|d| d.dataset_id == "ds-1")
        .unwrap();
    ds.sha256 = "0".repeat(64);
    let stale = stale_mitigations(&changed);
    assert_eq!(stale.len(), 1);
    assert!(stale[0].1.contains("re-evaluate"), "{}", stale[0].1);
    let risk = changed.risks.iter().find(|r| r.risk_id == "R-1").unwrap();
    let reasons = review_reasons(risk, &changed, &BTreeMap::new(), &BTreeMap::new());
    assert!(
        reasons.iter().any(|r| r.contains("mitigation M-1")),
        "{reasons:?}"
    );
    // On changed data the suggestion no longer rests on it.
    let suggestion = residual_suggestion(&changed, "R-1").unwrap();
    assert_eq!(suggestion.suggested, None);
    assert!(suggestion.citations[0].contains("re-evaluate"));

    // The wrong file is refused.
    let other = dir.path().join("data/synthetic_loans_sample_5000.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args([
            "mitigate",
            "thresholds",
            other.to_str().unwrap(),
            "--label",
            "label",
            "--score",
            "score",
            "--sensitive",
            "sex",
            "--constraint",
            "demographic_parity",
            "--objective",
            "accuracy_score",
            "--adopt",
            project_path.to_str().unwrap(),
            "--dataset",
            "ds-1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not the project's dataset ds-1"));
}

#[test]
fn an_adopted_rule_is_re_evaluated_on_the_data() {
    use riskbench::analysis::mitigation::Band;
    use riskbench::analysis::mitigation::adopt::{
        decision_metrics, reevaluate, reevaluate_option, rule_of, rule_option,
    };
    use riskbench::analysis::mitigation::options::DecisionOption;
    use riskbench::analysis::mitigation::{ScoredSpec, ThresholdIndex, load_scored};
    use riskbench::analysis::table::read_table;
    use riskbench::analysis::task::TaskControl;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_projects/loan_approval/data/german_credit_with_predictions.csv");
    let df = read_table(&path, &TaskControl::new()).unwrap();
    let data = load_scored(
        &df,
        &ScoredSpec {
            label: "y_true".into(),
            score: "y_prob".into(),
            sensitive: vec!["sex".into()],
            ..ScoredSpec::default()
        },
    )
    .unwrap();
    let mut thresholds = BTreeMap::new();
    thresholds.insert("female".to_owned(), 0.45);
    thresholds.insert("male".to_owned(), 0.55);
    let m = riskbench::model::mitigation::AdoptedMitigation {
        mitigation_id: "M-1".into(),
        name: "t".into(),
        rule: MitigationRule::GroupThresholds {
            column: "sex".into(),
            thresholds,
        },
        parameters: BTreeMap::new(),
        dataset_id: "ds-1".into(),
        dataset_sha256: String::new(),
        columns: BTreeMap::new(),
        metrics_before: BTreeMap::new(),
        metrics_after: BTreeMap::new(),
        options: Vec::new(),
        frontier: Vec::new(),
        rationale: String::new(),
        risk_id: None,
        adopted: riskbench::model::IsoDate::from_ymd(2026, 12, 5).unwrap(),
    };
    let now = reevaluate(&m, &data).unwrap();
    let index = ThresholdIndex::build(&data);
    let want = decision_metrics(&index, &[0.45, 0.55]);
    assert_eq!(now, want);
    // Every decision rule re-evaluates through its option; the rule written for an option reads back to it.
    assert_eq!(reevaluate_option(&m, &data, &index).unwrap(), want);
    let band = DecisionOption::ReviewBand {
        thresholds: vec![0.5, 0.5],
        band: Band {
            low: 0.4,
            high: 0.6,
        },
    };
    for option in [DecisionOption::Thresholds(vec![0.45, 0.55]), band] {
        let rule = rule_of(&option, &data);
        assert_eq!(rule_option(&rule, &data), Some(option));
    }
    assert!(now["accuracy"] > 0.5 && now.contains_key("demographic_parity_difference"));
}
