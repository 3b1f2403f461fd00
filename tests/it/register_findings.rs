//! "Create risk from finding" and "needs review" on a real audit: COMPAS by race (tests only; COMPAS is never
//! shipped). Expected numbers are counted from the CSV here, independently of the fairness engine.
#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use riskbench::analysis::audit::run_audit;
use riskbench::analysis::findings::{
    acknowledge_review, failed_checks, new_review_flags, review_reasons, risk_from_check,
};
use riskbench::analysis::task::TaskControl;
use riskbench::model::audit::{AuditSpec, SavedAudit};
use riskbench::model::{
    DatasetFormat, DatasetRef, DatasetRole, FairnessThresholds, IsoDate, Project,
};

fn compas_csv() -> PathBuf {
    let shared = std::env::var("RISKBENCH_SHARED_DIR")
        .map_or_else(|_| PathBuf::from("/work/shared"), PathBuf::from);
    let path = shared.join("datasets/compas/compas-scores-two-years.csv");
    assert!(path.is_file(), "COMPAS not found at {}", path.display());
    path
}

fn project_and_audit() -> (Project, SavedAudit) {
    let mut project = Project::blank(
        "Recidivism screening",
        IsoDate::from_ymd(2026, 11, 28).unwrap(),
    );
    let path = compas_csv();
    let fingerprint =
        riskbench::analysis::dataset::fingerprint_file(&path, &TaskControl::new()).unwrap();
    project.datasets.push(DatasetRef {
        dataset_id: "ds-1".to_owned(),
        name: "COMPAS two-year".to_owned(),
        path: path.to_string_lossy().into_owned(),
        role: DatasetRole::Test,
        format: DatasetFormat::Csv,
        sha256: fingerprint.sha256,
        ..DatasetRef::default()
    });
    let audit = SavedAudit {
        audit_id: "audit-1".to_owned(),
        name: "Race".to_owned(),
        dataset_id: "ds-1".to_owned(),
        spec: AuditSpec {
            label: "two_year_recid".to_owned(),
            score: Some("decile_score".to_owned()),
            threshold: Some(5.0),
            sensitive: vec!["race".to_owned()],
            reference: BTreeMap::from([("race".to_owned(), "Caucasian".to_owned())]),
            ..AuditSpec::default()
        },
    };
    project.audits.push(audit.clone());
    (project, audit)
}

/// (rows, rows predicted positive) for one race, counted straight from the file.
fn counted(race: &str) -> (usize, usize) {
    let mut reader = csv::Reader::from_path(compas_csv()).unwrap();
    let headers = reader.headers().unwrap().clone();
    let race_col = headers.iter().position(|h| h == "race").unwrap();
    let score_col = headers.iter().position(|h| h == "decile_score").unwrap();
    let mut n = 0;
    let mut positive = 0;
    for record in reader.records() {
        let record = record.unwrap();
        if &record[race_col] == race {
            n += 1;
            if record[score_col].parse::<f64>().unwrap() >= 5.0 {
                positive += 1;
            }
        }
    }
    (n, positive)
}

#[test]
fn a_failed_demographic_parity_check_prefills_a_risk_with_its_numbers() {
    let (mut project, audit) = project_and_audit();
    let path = compas_csv();
    let report = run_audit(
        &path,
        &audit.spec,
        &FairnessThresholds::default(),
        &TaskControl::new(),
    )
    .unwrap();
    let failed = failed_checks(&report);
    let dp = failed
        .iter()
        .copied()
        .find(|f| {
            report.results[f.result_index].checks[f.check_index].name == "demographic_parity_ratio"
        })
        .expect("COMPAS by race fails demographic parity");
    let risk = risk_from_check(&project, &audit, &report, dp).unwrap();

    assert_eq!(risk.risk_id, "R-1");
    assert!(
        risk.title
            .starts_with("Unequal outcomes by race: demographic parity ratio 0."),
        "{}",
        risk.title
    );
    assert_eq!(risk.trustworthiness, ["fair"]);
    assert_eq!(risk.mit_subdomain.as_deref(), Some("1.1"));
    assert_eq!(risk.rmf_subcategories, ["MEASURE 2.11"]);
    assert!(
        risk.inherent.is_none() && risk.residual.is_none(),
        "ratings are the analyst's call"
    );

    let (n, positive) = counted("African-American");
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let rate = positive as f64 / n as f64;
    let expected = format!("race=African-American {rate:.3} (n = {n})");
    assert!(
        risk.description.contains(&expected),
        "{expected} not in {}",
        risk.description
    );
    assert!(
        risk.description.contains("Reference group: race=Caucasian"),
        "{}",
        risk.description
    );
    assert!(
        risk.description.contains("7214 of 7214 rows used"),
        "{}",
        risk.description
    );
    // African-American selection rate / Caucasian is far above 1.25: a failed four-fifths check.
    assert!(
        risk.affected_groups
            .contains(&"race=African-American".to_owned()),
        "{:?}",
        risk.affected_groups
    );

    let link = &risk.evidence[0];
    assert_eq!(link.dataset_id, "ds-1");
    assert_eq!(
        link.dataset_sha256.as_deref(),
        Some(report.dataset.sha256.as_str())
    );
    let check = link.check.as_ref().unwrap();
    assert!(check.failed);
    assert_eq!(check.check_name, "demographic_parity_ratio");

    // Nothing changed: no review needed.
    project.risks.push(risk);
    let reports = BTreeMap::from([("Race".to_owned(), &report)]);
    assert!(review_reasons(&project.risks[0], &project, &BTreeMap::new(), &reports).is_empty());
    assert!(new_review_flags(&project, &BTreeMap::new(), &reports).is_empty());

    // The linked check was recorded as passing (as if it flipped since): flagged.
    project.risks[0].evidence[0].check.as_mut().unwrap().failed = false;
    let reasons = review_reasons(&project.risks[0], &project, &BTreeMap::new(), &reports);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(reasons[0].contains("now fails"), "{reasons:?}");
    project.risks[0].evidence[0].check.as_mut().unwrap().failed = true;

    // The file on disk no longer matches the fingerprint the evidence was computed on: flagged.
    let changed = BTreeMap::from([("ds-1".to_owned(), "f".repeat(64))]);
    let flags = new_review_flags(&project, &changed, &reports);
    assert_eq!(flags.len(), 1);
    assert!(flags[0].1.contains("changed since evidence"), "{flags:?}");
    // Once recorded, the same reason is not raised again.
    project.risks[0].needs_review = Some(flags[0].1.clone());
    assert!(new_review_flags(&project, &changed, &reports).is_empty());

    // Reviewing records the new fingerprint and clears the flag: nothing to review until the next change.
    let datasets = project.datasets.clone();
    acknowledge_review(&mut project.risks[0], &datasets, &changed, &reports);
    assert!(project.risks[0].needs_review.is_none());
    assert_eq!(
        project.risks[0].evidence[0].dataset_sha256.as_deref(),
        Some("f".repeat(64).as_str())
    );
    assert!(review_reasons(&project.risks[0], &project, &changed, &reports).is_empty());
}
