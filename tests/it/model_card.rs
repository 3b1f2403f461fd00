//! The model-card-audit sample, end to end: the data matches its fingerprint, the card's claims get exactly
//! the expected verdicts and numbers from the saved audits (one supported, one contradicted, two
//! inconclusive, one not measured), the problems the card does not mention and the limitation without
//! evidence are listed, the audit suggested for the unmeasured claim measures it once saved, a risk is made
//! from the contradicted claim once, the datasheet's composition is what the profile pre-fills, and the PDF
//! has the part. CLI: deterministic Toolkit JSON, Markdown, import of the Toolkit's own example card, and
//! bad input (another schema version, a claim on a column or group that does not exist) is exit 2.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::path::{Path, PathBuf};

use riskbench::analysis::audit::run_saved_audits;
use riskbench::analysis::dataset::{DatasetStatus, check_dataset};
use riskbench::analysis::evidence::profile_datasets;
use riskbench::analysis::model_card::risk::{risk_for_claim, risk_from_claim};
use riskbench::analysis::model_card::{Comparison, Verdict, suggest_audit};
use riskbench::analysis::task::TaskControl;
use riskbench::model::{Project, file};

use crate::support::{assert_one_line_error, riskbench, root, stderr};

fn sample_path() -> PathBuf {
    root().join("sample_projects/model_card_audit/model_card_audit.riskbench.ron")
}

fn sample() -> (Project, PathBuf) {
    let loaded = file::load_project(&sample_path()).unwrap();
    assert!(!loaded.was_migrated(), "saved in the current schema");
    (loaded.project, sample_path().parent().unwrap().to_owned())
}

fn close(actual: Option<f64>, expected: f64) {
    let a = actual.unwrap();
    assert!((a - expected).abs() < 1e-12, "{a} != {expected}");
}

fn interval(actual: Option<[f64; 2]>, expected: [f64; 2]) {
    let [l, h] = actual.unwrap();
    close(Some(l), expected[0]);
    close(Some(h), expected[1]);
}

#[test]
fn the_sample_card_gets_its_exact_verdicts_and_numbers() {
    let (mut project, base) = sample();
    let control = TaskControl::new();
    let status = check_dataset(&project.datasets[0], &base, &control).unwrap();
    assert!(matches!(status, DatasetStatus::Unchanged), "{status:?}");
    let audits = run_saved_audits(&project, &base, &control).unwrap();
    let profiles = profile_datasets(&project, &base, &control).unwrap();
    let comparison = Comparison::compute(&project, &audits, &profiles);

    let verdicts: Vec<(&str, Verdict)> = comparison
        .claims
        .iter()
        .map(|c| (c.claim_id.as_str(), c.verdict))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("C-1", Verdict::Supported),
            ("C-2", Verdict::Contradicted),
            ("C-3", Verdict::Inconclusive),
            ("C-4", Verdict::Inconclusive),
            ("C-5", Verdict::NotMeasured),
        ]
    );
    let c = &comparison.claims;
    // Values as pandas computes them on the CSV (see data/make_predictions.py); intervals are the audits'
    // stratified bootstrap (500 resamples, the project's seed).
    let row = c[0].deciding_row().unwrap();
    assert_eq!(row.group, "overall");
    close(row.measured.value, 13880.0 / 16281.0);
    interval(
        row.measured.interval,
        [0.846_996_498_986_548_7, 0.857_318_346_538_910_4],
    );
    assert_eq!(c[0].audit_name.as_deref(), Some("Performance by sex"));

    let row = c[1].deciding_row().unwrap();
    assert_eq!(row.group, "sex=Male");
    assert_eq!(row.measured.count, Some(10860));
    close(row.measured.value, 8839.0 / 10860.0);
    interval(
        row.measured.interval,
        [0.806_721_915_285_451_2, 0.821_091_160_220_994_5],
    );
    assert_eq!(c[1].rows.len(), 2);
    assert_eq!(c[1].rows[0].verdict, Verdict::Supported, "women: 0.9299");

    let row = c[2].deciding_row().unwrap();
    assert_eq!(row.group, "race=Amer-Indian-Eskimo");
    assert_eq!(row.measured.count, Some(159));
    close(row.measured.value, 10.0 / 19.0);
    interval(row.measured.interval, [1.0 / 3.0, 0.75]);

    let row = c[3].deciding_row().unwrap();
    close(row.measured.value, 0.063_437_513_013_784_2);
    interval(
        row.measured.interval,
        [0.024_801_742_611_882_057, 0.104_111_502_445_739_44],
    );
    assert_eq!(
        c[4].reason,
        "no audit measures it; it needs an audit of Adult test split with predictions with sensitive column \
         age_group (create audit \"Model card: by age_group\")"
    );

    let kinds: Vec<String> = comparison
        .undocumented
        .iter()
        .map(|u| u.text.clone())
        .collect();
    assert_eq!(
        kinds,
        [
            "four_fifths_selection_rate failed by sex: sex=Female 0.318",
            "four_fifths_ppr failed by sex: sex=Female 0.159",
            "four_fifths_false_omission_rate failed by sex: sex=Female 0.344",
            "four_fifths_false_positive_rate failed by sex: sex=Female 0.234",
            "type_i_parity failed by sex: sex=Female",
            "equalized_odds_parity failed by sex: sex=Female",
            "unsupervised_fairness failed by sex: sex=Female",
            "demographic_parity_difference failed by sex: 0.170",
            "demographic_parity_ratio failed by sex: 0.318",
            "equalized_odds_ratio failed by sex: 0.234",
            "native_country is a likely proxy for race (cramers_v 0.404)",
            "relationship is a likely proxy for sex (cramers_v 0.642)",
            "marital_status is a likely proxy for sex (cramers_v 0.455)",
            "occupation is a likely proxy for sex (cramers_v 0.435)",
            "age is a likely proxy for age_group (correlation_ratio 0.929)",
            "marital_status is a likely proxy for age_group (cramers_v 0.379)",
            "hours_per_week is a likely proxy for age_group (correlation_ratio 0.360)",
            "relationship is a likely proxy for age_group (cramers_v 0.335)",
        ]
    );
    assert_eq!(comparison.unsupported_limitations.len(), 1);
    assert_eq!(
        comparison.unsupported_limitations[0].reason,
        "no evidence linked"
    );

    // The contradicted claim becomes a risk, once.
    let risk = risk_from_claim(&project, &c[1]).unwrap();
    assert_eq!(risk.risk_id, "R-1");
    assert_eq!(
        risk.evidence[0].dataset_sha256.as_deref(),
        Some(project.datasets[0].sha256.as_str())
    );
    assert!(risk_from_claim(&project, &c[0]).is_none(), "supported");
    project.risks.push(risk);
    assert_eq!(risk_for_claim(&project, "C-2").unwrap().risk_id, "R-1");

    // The audit suggested for the unmeasured claim measures it.
    let audit = suggest_audit(&project, &project.model_card.claims[4])
        .audit
        .unwrap();
    assert_eq!(audit.spec.sensitive, ["age_group"]);
    project.audits.push(audit);
    let audits = run_saved_audits(&project, &base, &control).unwrap();
    let comparison = Comparison::compute(&project, &audits, &[]);
    let c5 = &comparison.claims[4];
    assert_eq!(c5.verdict, Verdict::Supported, "{}", c5.reason);
    assert_eq!(c5.audit_name.as_deref(), Some("Model card: by age_group"));
    let lowest = c5
        .rows
        .iter()
        .filter_map(|r| r.measured.value)
        .fold(f64::INFINITY, f64::min);
    close(Some(lowest), 3608.0 / 4528.0);
}

#[test]
fn the_datasheet_composition_is_what_the_profile_prefills() {
    let (project, base) = sample();
    let profiles = profile_datasets(&project, &base, &TaskControl::new()).unwrap();
    let profile = profiles[0].outcome.as_ref().unwrap();
    let prefilled =
        riskbench::analysis::model_card::datasheet::prefill(&project.datasets[0], profile);
    let sheet = &project.datasheets[0];
    assert_eq!(sheet.composition, prefilled.composition);
    assert!(
        sheet
            .collection_process
            .starts_with(&prefilled.collection_process)
    );
    assert!(
        sheet.empty_sections().is_empty(),
        "all seven sections written"
    );
}

#[test]
fn the_plan_has_the_model_card_part() {
    let (project, base) = sample();
    let control = TaskControl::new();
    let audits = run_saved_audits(&project, &base, &control).unwrap();
    let doc = riskbench::report::plan::build(
        &project,
        &riskbench::report::plan::PlanOptions::all(project.metadata.modified),
        &audits,
    );
    let outline = doc.to_outline_text();
    assert!(
        outline.contains("Model card and documented claims"),
        "{outline}"
    );
    assert!(outline.contains("Documented claims against what was measured"));
    assert!(outline.contains("C-2"));
    assert!(outline.contains("contradicted"));
    assert!(outline.contains("Documented limitations without evidence"));
}

#[test]
fn the_sample_explains_its_errors_without_the_model() {
    // The sample's saved error analysis runs on its data: the error tree, the heat map by age group and sex,
    // and the SHAP attributions per sex, all labelled descriptive.
    let out = riskbench(&[
        "error-analysis",
        "--project",
        sample_path().to_str().unwrap(),
        "--json",
        "-",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let analysis = &doc["analyses"][0];
    assert_eq!(analysis["analysis_id"], "EA-1");
    assert_eq!(analysis["rows"]["used"], 16281);
    assert_eq!(analysis["rows"]["errors"], 2401);
    assert!(
        analysis["note"]
            .as_str()
            .unwrap()
            .starts_with("Descriptive, not causal")
    );
}

fn temp_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = riskbench::cli::new_project(
        &dir.path().join("audit.riskbench.ron"),
        riskbench::cli::Template::ModelCardAudit,
        None,
        riskbench::model::IsoDate::from_ymd(2026, 12, 1).unwrap(),
    )
    .unwrap();
    (dir, out)
}

#[test]
fn cli_writes_deterministic_toolkit_json_and_markdown() {
    let (dir, project) = temp_copy();
    assert!(dir.path().join("data/adult_test_predictions.csv").is_file());
    assert!(
        dir.path().join("data/README.md").is_file(),
        "attribution travels"
    );
    let p = project.to_str().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    for out in [&a, &b] {
        let o = riskbench(&["modelcard", p, "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o)
                .contains("5 claims: 1 supported, 1 contradicted, 2 inconclusive, 1 not measured"),
            "{}",
            stderr(&o)
        );
    }
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(text, std::fs::read_to_string(&b).unwrap());
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["schema_version"], "0.0.2");
    let metrics = json["quantitative_analysis"]["performance_metrics"]
        .as_array()
        .unwrap();
    assert_eq!(metrics.len(), 5);
    assert_eq!(metrics[1]["riskbench_claim"]["verdict"], "contradicted");
    close(
        metrics[1]["value"].as_str().and_then(|v| v.parse().ok()),
        8839.0 / 10860.0,
    );
    assert_eq!(metrics[1]["slice"], "for every group of sex");
    assert_eq!(
        metrics[1]["confidence_interval"]["lower_bound"],
        "0.8067219152854512"
    );
    assert!(metrics[4].get("value").is_none(), "not measured");
    // The written card reads back into the same card.
    let card = riskbench::analysis::model_card::toolkit::from_json(&text).unwrap();
    let (original, _) = sample();
    assert_eq!(card, original.model_card);

    let md = dir.path().join("card.md");
    let o = riskbench(&["modelcard", p, "-o", md.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains(
        "| C-2 accuracy ≥ 0.85 for every group of sex | contradicted | Performance by sex | sex=Male | 0.8139 | [0.8067, 0.8211] |"
    ), "{md}");
    assert!(md.contains("## Datasheet: Adult test split with predictions"));
}

fn blank_project(dir: &Path) -> PathBuf {
    let path = dir.join("p.riskbench.ron");
    let o = riskbench(&["new", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    path
}

#[test]
fn cli_imports_the_toolkit_example_card() {
    let dir = tempfile::tempdir().unwrap();
    let project = blank_project(dir.path());
    let card = root().join("tests/fixtures/model_card/cats_vs_dogs_v0_0_2.json");
    let o = riskbench(&[
        "modelcard",
        "import",
        project.to_str().unwrap(),
        card.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("imported \"Fine-tuned MobileNetV2 Model for Cat vs. Dogs\""));
    let loaded = file::load_project(&project).unwrap().project;
    assert_eq!(
        loaded
            .model_card
            .quantitative_analysis
            .performance_metrics
            .len(),
        3
    );
    assert_eq!(loaded.model_card.considerations.limitations.len(), 1);
}

#[test]
fn cli_refuses_other_versions_and_claims_on_what_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let project = blank_project(dir.path());
    let v1 = dir.path().join("v1.json");
    std::fs::write(
        &v1,
        std::fs::read_to_string(root().join("tests/fixtures/model_card/cats_vs_dogs_v0_0_2.json"))
            .unwrap()
            .replacen("\"0.0.2\"", "\"0.0.1\"", 1),
    )
    .unwrap();
    let before = std::fs::read(&project).unwrap();
    let o = riskbench(&[
        "modelcard",
        "import",
        project.to_str().unwrap(),
        v1.to_str().unwrap(),
    ]);
    assert_one_line_error(
        &o,
        "schema_version is \"0.0.1\": Riskbench reads Model Card Toolkit cards of schema 0.0.2",
    );
    assert_eq!(std::fs::read(&project).unwrap(), before, "nothing written");

    let (dir, sample) = temp_copy();
    let card =
        std::fs::read_to_string(root().join("sample_projects/model_card_audit/model_card.json"))
            .unwrap();
    for (from, to, needle) in [
        (
            "\"column\": \"sex\", \"comparison\": \">=\"",
            "\"column\": \"gender\", \"comparison\": \">=\"",
            "claim C-2: the column \"gender\" is not in Adult test split with predictions (columns: age,",
        ),
        (
            "\"group\": \"Amer-Indian-Eskimo\"",
            "\"group\": \"Native\"",
            "claim C-3: the group \"Native\" does not occur in column race of Adult test split with predictions (values: Amer-Indian-Eskimo, Asian-Pac-Islander, Black, Other, White)",
        ),
    ] {
        assert!(card.contains(from), "{from}");
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, card.replacen(from, to, 1)).unwrap();
        let before = std::fs::read(&sample).unwrap();
        let o = riskbench(&[
            "modelcard",
            "import",
            sample.to_str().unwrap(),
            bad.to_str().unwrap(),
        ]);
        assert_one_line_error(&o, needle);
        assert_eq!(std::fs::read(&sample).unwrap(), before, "nothing written");
    }
    let o = riskbench(&["modelcard", sample.to_str().unwrap(), "-o", "card.pdf"]);
    assert_one_line_error(
        &o,
        "the card is written as .json (Model Card Toolkit) or .md (Markdown)",
    );
}
