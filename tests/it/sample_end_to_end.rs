//! The loan-approval sample, end to end: every dataset still matches its fingerprint, every saved audit
//! re-runs, every finding linked from the register still holds on the data, the register meets the training
//! scenario (at least 12 risks across the required themes, owners in all three lines, findings-based risks,
//! the named controls, formal acceptances), the Map context and the bow-tie are there, and the complete plan
//! is generated with every risk in it.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use riskbench::analysis::audit::{AuditReport, run_saved_audits};
use riskbench::analysis::dataset::{DatasetStatus, check_dataset};
use riskbench::analysis::findings::review_reasons;
use riskbench::analysis::task::TaskControl;
use riskbench::model::register::RiskStatus;
use riskbench::model::taxonomy::AiActTier;
use riskbench::model::{IsoDate, LineOfDefence, Project, file};
use riskbench::report::plan::{self, PlanOptions, PlanSection};

fn sample() -> (Project, PathBuf) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_projects/loan_approval/loan_approval.riskbench.ron");
    let loaded = file::load_project(&path).unwrap();
    assert!(
        !loaded.was_migrated(),
        "the sample is saved in the current schema"
    );
    (loaded.project, path.parent().unwrap().to_owned())
}

#[test]
fn datasets_match_their_fingerprints_and_linked_findings_still_hold() {
    let (project, base) = sample();
    let control = TaskControl::new();
    for dataset in &project.datasets {
        let status = check_dataset(dataset, &base, &control).unwrap();
        assert!(
            matches!(status, DatasetStatus::Unchanged),
            "{}: {status:?}",
            dataset.name
        );
    }

    let evidence = run_saved_audits(&project, &base, &control).unwrap();
    assert_eq!(evidence.len(), project.audits.len());
    let reports: BTreeMap<String, &AuditReport> = evidence
        .iter()
        .map(|e| {
            let report = e
                .outcome
                .as_ref()
                .unwrap_or_else(|err| panic!("{}: {err}", e.name));
            assert_eq!(report.dataset.sha256, e.stored_sha256, "{}", e.name);
            (e.name.clone(), report)
        })
        .collect();

    let mut checked_links = 0;
    for risk in &project.risks {
        // No dataset changed and no linked check flipped.
        let reasons = review_reasons(risk, &project, &BTreeMap::new(), &reports);
        assert!(reasons.is_empty(), "{}: {reasons:?}", risk.risk_id);
        assert!(risk.needs_review.is_none(), "{}", risk.risk_id);
        for link in &risk.evidence {
            let Some(check_ref) = &link.check else {
                continue;
            };
            let report = reports[&check_ref.audit_name];
            let check = riskbench::analysis::findings::linked_check(report, check_ref)
                .unwrap_or_else(|| {
                    panic!("{}: linked check {check_ref:?} not produced", risk.risk_id)
                });
            assert_eq!(
                check.pass == Some(false),
                check_ref.failed,
                "{}",
                risk.risk_id
            );
            let (now, then) = (check.value.unwrap(), check_ref.value.unwrap());
            assert!(
                (now - then).abs() < 1e-12,
                "{}: {now} vs recorded {then}",
                risk.risk_id
            );
            checked_links += 1;
        }
    }
    assert!(checked_links >= 2, "at least two risks come from findings");
}

#[test]
fn the_register_meets_the_training_scenario() {
    let (project, _) = sample();
    let today = IsoDate::from_ymd(2026, 11, 28).unwrap();
    let risks = &project.risks;
    assert!(risks.len() >= 12, "{} risks", risks.len());
    for risk in risks {
        let id = &risk.risk_id;
        assert!(
            risk.inherent.is_some() && risk.residual.is_some(),
            "{id} is rated before and after"
        );
        assert!(risk.treatment.is_some(), "{id} has a treatment");
        assert!(
            !risk.treatment_rationale.trim().is_empty(),
            "{id} has a rationale"
        );
        assert!(!risk.owner.trim().is_empty(), "{id} has an owner");
        assert!(
            risk.residual.unwrap().score() <= risk.inherent.unwrap().score(),
            "{id}: controls do not raise a risk"
        );
        assert!(
            risk.status == RiskStatus::Accepted || !risk.actions.is_empty(),
            "{id} has actions unless accepted"
        );
        for action in &risk.actions {
            assert!(
                action.due.is_some() && !action.owner.is_empty(),
                "{id} {}",
                action.action_id
            );
        }
        // Nothing to resolve; above-appetite residual risks are allowed while treated or once accepted.
        let problems: Vec<String> = risk
            .all_problems(&project.settings, today)
            .into_iter()
            .filter(|p| !p.contains("above the appetite"))
            .collect();
        assert!(problems.is_empty(), "{id}: {problems:?}");
    }
    for line in [
        LineOfDefence::First,
        LineOfDefence::Second,
        LineOfDefence::Third,
    ] {
        assert!(
            risks.iter().any(|r| r.line_of_defence == line),
            "an owner in the {line:?} line"
        );
    }
    // Themes: fairness, explainability, robustness, drift, privacy, over-reliance.
    let has = |f: &dyn Fn(&riskbench::model::register::Risk) -> bool| risks.iter().any(f);
    assert!(has(&|r| r.trustworthiness.iter().any(|t| t == "fair")));
    assert!(has(&|r| r
        .trustworthiness
        .iter()
        .any(|t| t == "explainable_interpretable")));
    assert!(has(&|r| r
        .trustworthiness
        .iter()
        .any(|t| t == "secure_resilient")));
    assert!(has(&|r| r.title.to_lowercase().contains("drift")));
    assert!(has(&|r| r
        .trustworthiness
        .iter()
        .any(|t| t == "privacy_enhanced")));
    assert!(
        has(&|r| r.mit_subdomain.as_deref() == Some("5.1")),
        "over-reliance (MIT 5.1)"
    );
    // The controls the scenario names.
    let controls: Vec<String> = risks
        .iter()
        .flat_map(|r| &r.controls)
        .map(|c| c.name.to_lowercase())
        .collect();
    assert!(
        controls
            .iter()
            .any(|c| c.contains("low-confidence") && c.contains("human review"))
    );
    assert!(controls.iter().any(|c| c.contains("drift monitoring")));
    // Residual risks formally accepted, by the authority of their band.
    let accepted: Vec<_> = risks
        .iter()
        .filter(|r| r.status == RiskStatus::Accepted)
        .collect();
    assert!(accepted.len() >= 2);
    for risk in accepted {
        assert!(risk.acceptance.is_some(), "{}", risk.risk_id);
        assert!(
            risk.authority_problem(&project.settings.risk_matrix)
                .is_none(),
            "{}",
            risk.risk_id
        );
    }
}

#[test]
fn context_bow_tie_and_fmea_are_in_place() {
    let (project, _) = sample();
    let context = &project.context;
    assert!(context.problems().is_empty(), "{:?}", context.problems());
    let act = context.eu_ai_act.as_ref().unwrap();
    assert_eq!(act.tier, AiActTier::HighRisk);
    assert_eq!(
        act.annex_iii_area,
        Some(5),
        "Annex III point 5: credit scoring"
    );
    let bowtie = project
        .bowties
        .find_bowtie("Unfair denial of credit to a protected group")
        .unwrap();
    assert!(bowtie.threats.len() >= 3 && bowtie.consequences.len() >= 2);
    for risk_id in &bowtie.risk_ids {
        let risk = project
            .risks
            .iter()
            .find(|r| &r.risk_id == risk_id)
            .unwrap();
        assert!(
            risk.bowtie_ids.contains(&bowtie.bowtie_id),
            "{risk_id} links back"
        );
    }
    assert!(!project.fmea_worksheets.is_empty());
    assert!(project.fmea_worksheets[0].rows.len() >= 20);
}

#[test]
fn the_complete_plan_is_generated_with_every_risk() {
    let (project, base) = sample();
    let evidence = run_saved_audits(&project, &base, &TaskControl::new()).unwrap();
    let options = PlanOptions::all(IsoDate::from_ymd(2026, 11, 28).unwrap());
    let doc = plan::build(&project, &options, &evidence);
    let outline = doc.to_outline_text();
    for section in PlanSection::ALL {
        assert!(
            outline.contains(section.title()),
            "missing {}",
            section.title()
        );
    }
    for risk in &project.risks {
        assert!(
            outline.contains(&format!("{} {}", risk.risk_id, risk.title)),
            "the treatment plan has {}",
            risk.risk_id
        );
    }
    assert!(outline.contains("Unfair denial of credit to a protected group"));
    assert!(outline.contains("Annex III point 5"));
    let pdf = riskbench::report::render_pdf(&doc).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(riskbench::report::page_count(&doc) > 30);
}

#[test]
fn the_proxy_finding_behind_r10_is_in_the_profile_and_alerts_prefill_risks() {
    let (project, base) = sample();
    let profiles =
        riskbench::analysis::evidence::profile_datasets(&project, &base, &TaskControl::new())
            .unwrap();
    let german = profiles.iter().find(|p| p.dataset_id == "ds-1").unwrap();
    let profile = german.outcome.as_ref().unwrap();
    let proxy = |column: &str| {
        profile
            .alerts
            .iter()
            .find(|a| a.kind.key() == "LIKELY_PROXY" && a.column.as_deref() == Some(column))
            .unwrap_or_else(|| panic!("no LIKELY_PROXY alert for {column}"))
    };
    let personal_status = proxy("personal_status");
    assert!(
        (personal_status.value - 0.999).abs() < 0.0005,
        "{}",
        personal_status.value
    );
    assert_eq!(
        riskbench::analysis::findings::risk_tracking_alert(&project, "ds-1", personal_status),
        Some("R-10")
    );
    let housing = proxy("housing");
    let dataset = project.dataset("ds-1").unwrap();
    let risk = riskbench::analysis::findings::risk_from_alert(&project, dataset, housing);
    assert_eq!(risk.risk_id, format!("R-{}", project.risks.len() + 1));
    assert_eq!(risk.trustworthiness, ["fair"]);
    assert!(
        risk.description.contains("(value 0.307)"),
        "{}",
        risk.description
    );
    assert_eq!(
        risk.evidence[0].dataset_sha256.as_deref(),
        Some(dataset.sha256.as_str())
    );
}
