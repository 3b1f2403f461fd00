//! Every option adopted headless on the loan sample: `whatif … --adopt` (per-group thresholds set by hand, a
//! review band) and `mitigate reweigh … --adopt` record the option in the saved project and put the control
//! and the evidence link on the risk (exact values, checked against the command's own JSON); the treatment
//! plan of the risk cites them with their tested effectiveness; an adopted reweighing is re-evaluated on the
//! data file once it changes, and flagged.

#![expect(
    clippy::unwrap_used,
    clippy::float_cmp,
    reason = "in test helpers a failed unwrap is a failed test; stored values are the same numbers"
)]

use std::path::Path;

use serde_json::Value;

use crate::support::{assert_one_line_error, riskbench, ui::sample_copy};
use crate::ui_mitigation::engine;
use riskbench::analysis::dataset::fingerprint_file;
use riskbench::analysis::mitigation::adopt::reevaluate_option;
use riskbench::analysis::task::TaskControl;
use riskbench::model::mitigation::{
    MitigationRule, changed_since, residual_suggestion, stale_mitigations,
};
use riskbench::model::register::{ControlEffectiveness, EvidenceKind, Risk};
use riskbench::model::{IsoDate, Project, file};
use riskbench::report::plan::{self, PlanOptions};

const DATA: &str = "data/german_credit_with_predictions.csv";

/// The label, score and sensitive columns of the sample's data.
const COLUMNS: &str = "--label y_true --score y_prob --sensitive sex";

fn run_json(args: &[&str]) -> Value {
    let out = riskbench(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("adopted M-"), "{stderr}");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn risk<'a>(project: &'a Project, id: &str) -> &'a Risk {
    project.risks.iter().find(|r| r.risk_id == id).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// `whatif` on the sample's data with its label, score and sensitive columns.
fn whatif(data: &str) -> Vec<&str> {
    ["whatif", data]
        .into_iter()
        .chain(COLUMNS.split(' '))
        .collect()
}

/// `mitigate reweigh` on the sample's data by sex, then `extra`.
fn reweigh<'a>(data: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let columns = COLUMNS
        .split(' ')
        .filter(|c| !c.contains("score") && *c != "y_prob");
    ["mitigate", "reweigh", data]
        .into_iter()
        .chain(columns)
        .chain(extra.iter().copied())
        .collect()
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one saved project, two adopted options checked field by field"
)]
fn whatif_adopts_hand_set_thresholds_and_a_review_band() {
    let (dir, project_path) = sample_copy();
    let data = dir.path().join(DATA);
    let (data, project) = (data.to_str().unwrap(), project_path.to_str().unwrap());
    let base = whatif(data);
    let adopt = ["--adopt", project, "--dataset", "ds-1", "--risk", "R-1"];
    let hand = run_json(
        &[
            &base[..],
            &[
                "--group-threshold",
                "sex=female:0.45",
                "--group-threshold",
                "sex=male:0.55",
            ],
            &adopt[..],
            &["--rationale", "Closes the selection-rate gap"],
        ]
        .concat(),
    );
    assert_eq!(hand["adopted"], "M-1");
    let band = run_json(
        &[
            &base[..],
            &["--threshold", "0.5", "--review-band", "0.4,0.6"],
            &adopt[..],
            &[
                "--name",
                "Review band",
                "--effectiveness",
                "Partially effective",
            ],
        ]
        .concat(),
    );
    assert_eq!(band["adopted"], "M-2");

    let saved = file::load_project(&project_path).unwrap().project;
    let sha = saved.dataset("ds-1").unwrap().sha256.clone();
    let today = IsoDate::today();
    assert_eq!(saved.mitigations.len(), 2);

    // Per-group thresholds set by hand.
    let m = &saved.mitigations[0];
    assert_eq!(m.mitigation_id, "M-1");
    assert_eq!(m.name, "Per-group thresholds set by hand");
    let MitigationRule::GroupThresholds { column, thresholds } = &m.rule else {
        panic!("{:?}", m.rule)
    };
    assert_eq!(column, "sex");
    assert_eq!(
        thresholds.iter().collect::<Vec<_>>(),
        [(&"female".to_owned(), &0.45), (&"male".to_owned(), &0.55)]
    );
    assert_eq!(m.parameters["option"], "per-group thresholds set by hand");
    assert_eq!(m.dataset_sha256, sha);
    assert_eq!(m.columns["sensitive"], "sex");
    assert_eq!(m.rationale, "Closes the selection-rate gap");
    // 781 of 1,000 decisions right, 755 approved, 39 decisions flipped against 0.5.
    assert_eq!(m.metrics_after["accuracy"], 0.781);
    assert_eq!(m.metrics_after["selection_rate"], 0.755);
    assert_eq!(m.metrics_after["flipped_share"], 0.039);
    assert_eq!(m.metrics_before["accuracy"], 0.776);
    // The same decisions through the fairness engine (the whatif JSON).
    let overall = &hand["results"][0]["overall"];
    assert!(close(
        m.metrics_after["accuracy"],
        overall["accuracy"].as_f64().unwrap()
    ));
    assert!(close(
        m.metrics_after["demographic_parity_difference"],
        hand["results"][0]["summary"]["demographic_parity_difference"]
            .as_f64()
            .unwrap()
    ));

    // The review band.
    let b = &saved.mitigations[1];
    assert_eq!(b.name, "Review band");
    assert_eq!(
        b.rule,
        MitigationRule::ReviewBand {
            threshold: 0.5,
            low: 0.4,
            high: 0.6,
            column: String::new(),
            group_thresholds: std::collections::BTreeMap::new(),
        }
    );
    assert_eq!(b.parameters["option"], "review band");
    assert_eq!(b.metrics_after["routed_share"], 0.161);
    assert!(close(
        b.metrics_after["routed_share"],
        band["review"]["routed_share"].as_f64().unwrap()
    ));
    let automated = &band["results"][0]["review"]["automated"];
    assert!(close(
        b.metrics_after["accuracy"],
        automated["accuracy"].as_f64().unwrap()
    ));

    // The controls and the evidence links on R-1.
    let r1 = risk(&saved, "R-1");
    let controls: Vec<_> = r1
        .controls
        .iter()
        .filter(|c| c.description.contains("(M-"))
        .collect();
    assert_eq!(controls.len(), 2);
    assert_eq!(controls[0].name, "Per-group thresholds set by hand");
    assert_eq!(
        controls[0].description,
        format!(
            "per-group thresholds on sex: female ≥ 0.4500, male ≥ 0.5500 (M-1, tested {today} on the dataset \
             ds-1: accuracy 0.776 → 0.781, demographic parity difference 0.067 → 0.009, equalized odds \
             difference 0.040 → 0.075, flipped share 0.000 → 0.039, selection rate 0.772 → 0.755)"
        )
    );
    // Suggested: the demographic parity difference 0.009 is within the project's 0.1.
    assert_eq!(controls[0].effectiveness, ControlEffectiveness::Effective);
    assert_eq!(controls[1].name, "Review band");
    assert_eq!(
        controls[1].effectiveness,
        ControlEffectiveness::PartiallyEffective
    );
    let links: Vec<_> = r1
        .evidence
        .iter()
        .filter(|e| e.reference.starts_with("mitigation M-"))
        .collect();
    assert_eq!(links.len(), 2);
    assert_eq!(links[0].reference, "mitigation M-1");
    assert_eq!(links[0].kind, EvidenceKind::Document);
    assert_eq!(links[0].dataset_id, "ds-1");
    assert_eq!(links[0].dataset_sha256.as_deref(), Some(sha.as_str()));
    assert_eq!(
        links[1].note,
        "what-if of human review of scores in [0.4, 0.6), threshold 0.5 otherwise: accuracy 0.776 → 0.824, \
         demographic parity difference 0.067 → 0.043, equalized odds difference 0.040 → 0.033, flipped \
         share 0.000 → 0.000, selection rate 0.772 → 0.808"
    );

    // The treatment plan of R-1 cites both with their tested effectiveness and the residual suggestion.
    let suggestion = residual_suggestion(&saved, "R-1").unwrap();
    assert_eq!(suggestion.citations.len(), 2);
    assert!(
        suggestion.citations[0].ends_with("; Effective"),
        "{suggestion:?}"
    );
    assert!(
        suggestion.citations[1].ends_with("; Partially effective"),
        "{suggestion:?}"
    );
    let report = plan::build(&saved, &PlanOptions::all(today), &[]);
    let text = serde_json::to_string(&report).unwrap();
    assert!(text.contains("Mitigations tested on the data"));
    for c in &suggestion.citations {
        let quoted = serde_json::to_string(c).unwrap();
        assert!(text.contains(&quoted), "{c}");
    }
    assert!(
        suggestion
            .text
            .ends_with("for the control tested effective: M-1)"),
        "{}",
        suggestion.text
    );
    assert!(text.contains(&serde_json::to_string(&format!("{}.", suggestion.text)).unwrap()));
}

#[test]
fn whatif_adopts_a_review_band_with_per_group_thresholds() {
    let (dir, project_path) = sample_copy();
    let data = dir.path().join(DATA);
    let (data, project) = (data.to_str().unwrap(), project_path.to_str().unwrap());
    let doc = run_json(
        &[
            &whatif(data)[..],
            &[
                "--group-threshold",
                "sex=female:0.4",
                "--group-threshold",
                "sex=male:0.6",
                "--review-band",
                "0.45,0.55",
                "--adopt",
                project,
                "--dataset",
                "ds-1",
                "--risk",
                "R-1",
            ],
        ]
        .concat(),
    );
    assert_eq!(doc["adopted"], "M-1");
    let saved = file::load_project(&project_path).unwrap().project;
    let m = &saved.mitigations[0];
    assert_eq!(
        m.name,
        "Human review of scores in [0.45, 0.55), per-group thresholds on sex otherwise"
    );
    let MitigationRule::ReviewBand {
        low,
        high,
        column,
        group_thresholds,
        ..
    } = &m.rule
    else {
        panic!("{:?}", m.rule)
    };
    assert_eq!((*low, *high), (0.45, 0.55));
    assert_eq!(column, "sex");
    assert_eq!(
        group_thresholds.iter().collect::<Vec<_>>(),
        [(&"female".to_owned(), &0.4), (&"male".to_owned(), &0.6)]
    );
    assert_eq!(
        m.parameters["option"],
        "review band with per-group thresholds set by hand"
    );
    // Computed in Python from the CSV: 79 rows in [0.45, 0.55) go to review; of the 921 left automatic
    // (female ≥ 0.4, male ≥ 0.6), 727 are decided right; selection rates 229/285 and 482/636.
    assert_eq!(m.metrics_after["routed_share"], 0.079);
    assert!(close(m.metrics_after["accuracy"], 727.0 / 921.0));
    assert!(close(
        m.metrics_after["demographic_parity_difference"],
        229.0 / 285.0 - 482.0 / 636.0
    ));
    // The same as the whatif JSON's automated rows.
    let automated = &doc["results"][0]["review"]["automated"];
    assert!(close(
        m.metrics_after["accuracy"],
        automated["accuracy"].as_f64().unwrap()
    ));
    assert_eq!(doc["results"][0]["review"]["routed"], 79);
    // The control and its evidence link on R-1 name the band and the per-group thresholds.
    let r1 = risk(&saved, "R-1");
    let control = r1.controls.last().unwrap();
    assert!(
        control.description.starts_with(
            "human review of scores in [0.45, 0.55), per-group thresholds on sex otherwise: female ≥ 0.4000, \
             male ≥ 0.6000 (threshold 0.4 for a group not listed) (M-1, tested"
        ),
        "{}",
        control.description
    );
    let link = r1.evidence.last().unwrap();
    assert_eq!(link.reference, "mitigation M-1");
    assert_eq!(
        link.dataset_sha256.as_deref(),
        Some(saved.dataset("ds-1").unwrap().sha256.as_str())
    );
    // Re-evaluated on the data as it is: the same numbers as when adopted.
    let (scored, index) = engine(dir.path());
    let again = reevaluate_option(m, &scored, &index).unwrap();
    for (k, v) in &again {
        assert!(
            close(*v, m.metrics_after[k]),
            "{k}: {v} vs {}",
            m.metrics_after[k]
        );
    }
    assert_eq!(again.len(), 5, "{again:?}");
}

#[test]
fn reweigh_adopts_its_weights_and_bad_adoptions_are_refused() {
    let (dir, project_path) = sample_copy();
    let data = dir.path().join(DATA);
    let (data, project) = (data.to_str().unwrap(), project_path.to_str().unwrap());
    let base = reweigh(data, &[]);
    let adopt = ["--adopt", project, "--dataset", "ds-1", "--risk", "R-1"];
    // Without the decisions in use today there is nothing to re-audit with the weights.
    assert_one_line_error(
        &riskbench(&[&base[..], &adopt[..]].concat()),
        "--adopt needs --score COL --threshold T",
    );
    assert!(
        file::load_project(&project_path)
            .unwrap()
            .project
            .mitigations
            .is_empty()
    );

    let doc = run_json(
        &[
            &base[..],
            &["--score", "y_prob", "--threshold", "0.5"],
            &adopt[..],
        ]
        .concat(),
    );
    assert_eq!(doc["adopted"], "M-1");
    let saved = file::load_project(&project_path).unwrap().project;
    let m = &saved.mitigations[0];
    assert_eq!(m.name, "Reweighing of the training data");
    let MitigationRule::Reweighing { sensitive, weights } = &m.rule else {
        panic!("{:?}", m.rule)
    };
    assert_eq!(sensitive, &["sex".to_owned()]);
    // The weights are those of the JSON, cell by cell
    let cells = doc["cells"].as_array().unwrap();
    assert_eq!(weights.len(), 4);
    assert_eq!(cells.len(), 4);
    for c in cells {
        let key = format!(
            "{}|{}",
            c["group"]["sex"].as_str().unwrap(),
            c["label"].as_str().unwrap()
        );
        // (serde_json reads floats back to within one unit in the last place)
        assert!(close(weights[&key], c["weight"].as_f64().unwrap()), "{key}");
    }
    // female|1: P(female)·P(1) / P(female, 1) = (310/1000)·(700/1000) / (201/1000).
    assert!(close(weights["female|1"], 0.31 * 0.7 / 0.201));
    assert_eq!(m.parameters["current_threshold"], "0.5");
    assert!(m.metrics_after["base_rate_difference"].abs() < 1e-12);
    assert!(close(
        m.metrics_after["demographic_parity_difference"],
        doc["weighted_audit"]["results"][0]["summary"]["demographic_parity_difference"]
            .as_f64()
            .unwrap()
    ));
    let r1 = risk(&saved, "R-1");
    let control = r1.controls.last().unwrap();
    assert_eq!(control.name, "Reweighing of the training data");
    assert!(
        control
            .description
            .starts_with("reweighing of the training data by sex (M-1, tested "),
        "{}",
        control.description
    );
    assert_eq!(control.effectiveness, ControlEffectiveness::Effective);
    let link = r1.evidence.last().unwrap();
    assert_eq!(link.reference, "mitigation M-1");
    assert_eq!(
        link.dataset_sha256.as_deref(),
        Some(m.dataset_sha256.as_str())
    );
}

/// Labels the first `n` positive rows of women negative: the file now differs.
fn change_labels(path: &Path, n: usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let names: Vec<&str> = header.split(',').collect();
    let col = |name: &str| names.iter().position(|c| *c == name).unwrap();
    let (sex, label) = (col("sex"), col("y_true"));
    let mut changed = 0;
    let mut out = vec![header.to_owned()];
    for line in lines {
        let mut fields: Vec<&str> = line.split(',').collect();
        if changed < n && fields[sex] == "female" && fields[label] == "1" {
            fields[label] = "0";
            changed += 1;
        }
        out.push(fields.join(","));
    }
    assert_eq!(changed, n);
    std::fs::write(path, out.join("\n") + "\n").unwrap();
}

#[test]
fn an_adopted_reweighing_is_re_evaluated_and_flagged_when_its_data_changes() {
    let (dir, project_path) = sample_copy();
    let path = dir.path().join(DATA);
    let (data, project) = (path.to_str().unwrap(), project_path.to_str().unwrap());
    let base = reweigh(data, &["--score", "y_prob", "--threshold", "0.5"]);
    let adopt = ["--adopt", project, "--dataset", "ds-1", "--risk", "R-1"];
    run_json(&[&base[..], &adopt[..]].concat());
    let mut saved = file::load_project(&project_path).unwrap().project;
    let m = saved.mitigations[0].clone();

    // On the data it was tested on, the re-evaluation gives back what was recorded, and nothing is flagged.
    let (d, index) = engine(dir.path());
    assert_eq!(reevaluate_option(&m, &d, &index).unwrap(), m.metrics_after);
    let sha = fingerprint_file(&path, &TaskControl::new()).unwrap().sha256;
    assert_eq!(changed_since(&m, "ds-1", &sha), None);

    // 30 women with a good outcome relabelled: the file's fingerprint differs and the option is flagged.
    change_labels(&path, 30);
    let now_sha = fingerprint_file(&path, &TaskControl::new()).unwrap().sha256;
    assert_ne!(now_sha, m.dataset_sha256);
    let why = changed_since(&m, "ds-1", &now_sha).unwrap();
    assert!(why.contains("changed since the option was tested") && why.contains("re-evaluate"));

    // Re-evaluated on the new data: new weights, the weighted re-audit of `mitigate reweigh` on that file.
    let (d, index) = engine(dir.path());
    let now = reevaluate_option(&m, &d, &index).unwrap();
    assert_ne!(now, m.metrics_after);
    let out = riskbench(&base);
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let weighted = &doc["weighted_audit"]["results"][0];
    assert!(close(
        now["demographic_parity_difference"],
        weighted["summary"]["demographic_parity_difference"]
            .as_f64()
            .unwrap()
    ));
    assert!(close(
        now["accuracy"],
        weighted["overall"]["accuracy"].as_f64().unwrap()
    ));
    assert!(now["base_rate_difference"].abs() < 1e-12);
    assert_eq!(
        now.keys().collect::<Vec<_>>(),
        m.metrics_after.keys().collect::<Vec<_>>()
    );

    // Once the project records the new fingerprint, the project flags it like any adopted option and the
    // residual suggestion no longer rests on it.
    saved
        .datasets
        .iter_mut()
        .find(|d| d.dataset_id == "ds-1")
        .unwrap()
        .sha256 = now_sha;
    let stale = stale_mitigations(&saved);
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].0, "M-1");
    let suggestion = residual_suggestion(&saved, "R-1").unwrap();
    assert_eq!(suggestion.suggested, None);
    assert!(suggestion.citations[0].contains("re-evaluate before relying on it"));
}
