//! The moderation-incident sample, end to end, on the committed data (never regenerated here): the
//! generator's parameters say that every day each dialect has 40 (SAE) or 20 (AAE, Indian English) posts that break no
//! rule, of which model v1 removes 4, 2 and 2 (10%), model v2 (from 2026-02-16) removes 4, 8 and 2 (AAE jumps
//! to 40%), and human review after the kill switch (from 2026-03-09) removes 2, 1 and 1 (5%). The saved
//! audits, the saved weekly drift set and the measured containment effect must show exactly that; the
//! template writes the same project; the incident report has its public section; an unknown incident id is a
//! usage error naming the ids there are.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use riskbench::analysis::audit::{AuditReport, run_saved_audits};
use riskbench::analysis::dataset::{DatasetStatus, check_dataset};
use riskbench::analysis::fairness::{Metric, MetricValue, wording};
use riskbench::analysis::incident::incident_containment_effect;
use riskbench::analysis::task::TaskControl;
use riskbench::model::incident::{flags_for_barrier, recovery_roadmap};
use riskbench::model::{Project, file};

use crate::support::{self, assert_one_line_error, riskbench};

fn sample_path() -> PathBuf {
    support::root().join("sample_projects/moderation_incident/moderation_incident.riskbench.ron")
}

fn sample() -> (Project, PathBuf) {
    let path = sample_path();
    let loaded = file::load_project(&path).unwrap();
    assert!(
        !loaded.was_migrated(),
        "the sample is saved in the current schema"
    );
    (loaded.project, path.parent().unwrap().to_owned())
}

/// Per dialect: (selection rate, false positive rate, true positive rate).
fn rates(report: &AuditReport) -> BTreeMap<String, (f64, f64, f64)> {
    let value = |g: &riskbench::analysis::fairness::GroupResult, m: Metric| {
        g.metrics
            .get(&m)
            .copied()
            .flatten()
            .map(MetricValue::as_f64)
            .unwrap()
    };
    report.results[0]
        .by_group
        .iter()
        .map(|g| {
            (
                wording::group_label(&g.group),
                (
                    value(g, Metric::SelectionRate),
                    value(g, Metric::FalsePositiveRate),
                    value(g, Metric::TruePositiveRate),
                ),
            )
        })
        .collect()
}

#[test]
fn datasets_match_and_the_audits_show_the_jump_for_aae() {
    let (project, base) = sample();
    let control = TaskControl::new();
    let rows: Vec<u64> = project.datasets.iter().map(|d| d.rows).collect();
    assert_eq!(
        rows,
        [10_080, 5_040, 2_520],
        "84, 42 and 21 days of 120 posts"
    );
    for d in &project.datasets {
        assert_eq!(
            check_dataset(d, &base, &control).unwrap(),
            DatasetStatus::Unchanged,
            "{}",
            d.path
        );
    }
    let audits = run_saved_audits(&project, &base, &control).unwrap();
    assert_eq!(audits.len(), 2);
    let v1 = rates(audits[0].outcome.as_ref().unwrap());
    let v2 = rates(audits[1].outcome.as_ref().unwrap());
    // Model v1: 2 of 20 lawful posts removed in every dialect (4 of 40 for SAE), 9 of 10 (18 of 20) violating.
    assert_eq!(v1["SAE"], (22.0 / 60.0, 0.1, 0.9));
    assert_eq!(v1["AAE"], (11.0 / 30.0, 0.1, 0.9));
    assert_eq!(v1["IndE"], (11.0 / 30.0, 0.1, 0.9));
    // Model v2: 8 of 20 lawful AAE posts removed; the others unchanged.
    assert_eq!(v2["AAE"], (17.0 / 30.0, 0.4, 0.9));
    assert_eq!(v2["SAE"], (22.0 / 60.0, 0.1, 0.9));
    assert_eq!(v2["IndE"], (11.0 / 30.0, 0.1, 0.9));
}

#[test]
fn the_saved_weekly_drift_shows_when_the_gap_opened_and_closed() {
    let (project, _) = sample();
    let summary = project.drift.drifts[0].result.as_ref().unwrap();
    assert_eq!(summary.window_labels.len(), 12);
    assert_eq!(
        summary.window_labels[6], "2026-W08",
        "the week of the retraining (2026-02-16)"
    );
    let fpr = |group: &str| -> Vec<f64> {
        summary
            .fairness_series
            .iter()
            .find(|s| s.metric == "false_positive_rate" && s.group == group)
            .unwrap()
            .values
            .iter()
            .map(|v| v.unwrap())
            .collect()
    };
    // Weeks 1–6 model v1, 7–9 model v2 (the kill-switch day, a Sunday, still v2), 10–12 human review.
    let mut aae = vec![0.1; 6];
    aae.extend([0.4; 3]);
    aae.extend([0.05; 3]);
    assert_eq!(fpr("dialect=AAE"), aae);
    let mut sae = vec![0.1; 9];
    sae.extend([0.05; 3]);
    assert_eq!(fpr("dialect=SAE"), sae);
    assert_eq!(fpr("dialect=IndE"), sae);
}

#[test]
fn the_kill_switch_brought_the_aae_false_positive_rate_back_down() {
    let (project, base) = sample();
    let incident = &project.incidents[0];
    let effect =
        incident_containment_effect(&project, incident, &base, &TaskControl::new()).unwrap();
    assert_eq!(effect.pulled_on, "2026-03-08");
    assert_eq!(
        effect.before,
        ["2026-02-22".to_owned(), "2026-03-07".to_owned()]
    );
    assert_eq!(
        effect.after,
        ["2026-03-09".to_owned(), "2026-03-22".to_owned()]
    );
    assert_eq!(effect.rows_on_pull_day, 120);
    let by: BTreeMap<&str, _> = effect
        .groups
        .iter()
        .map(|g| (g.group.as_str(), g))
        .collect();
    let aae = by["AAE"];
    assert_eq!(
        (
            aae.before.rows,
            aae.before.negatives,
            aae.before.false_positives
        ),
        (420, 280, 112)
    );
    assert_eq!(
        (
            aae.after.rows,
            aae.after.negatives,
            aae.after.false_positives
        ),
        (420, 280, 14)
    );
    assert_eq!(aae.before.false_positive_rate(), Some(0.4));
    assert_eq!(aae.after.false_positive_rate(), Some(0.05));
    assert_eq!(
        aae.before.decision_rate(),
        Some(238.0 / 420.0),
        "(8 + 9) × 14 removals"
    );
    assert_eq!(
        aae.after.decision_rate(),
        Some(154.0 / 420.0),
        "(1 + 10) × 14 removals"
    );
    let sae = by["SAE"];
    assert_eq!(sae.before.false_positive_rate(), Some(0.1));
    assert_eq!(sae.after.false_positive_rate(), Some(0.05));
}

#[test]
fn the_incident_is_complete_and_flags_the_barriers_that_failed() {
    let (project, _) = sample();
    let incident = &project.incidents[0];
    assert!(
        incident.problems(&project).is_empty(),
        "{:?}",
        incident.problems(&project)
    );
    assert_eq!(incident.timeline.len(), 11);
    assert_eq!(incident.war_room.len(), 5);
    assert_eq!(
        incident.whys.whys.iter().filter(|w| w.root_cause).count(),
        2
    );
    assert_eq!(incident.fishbone.causes.len(), 10);
    assert_eq!(
        flags_for_barrier(&project, "B-1"),
        ["barrier B-1 failed in incident INC-1"]
    );
    let roadmap = recovery_roadmap(&project, incident);
    assert_eq!(roadmap.len(), 5);
    assert!(
        roadmap
            .iter()
            .all(|a| !a.owner.is_empty() && a.due.is_some() && a.status.is_some())
    );
    assert_eq!(incident.governance_changes.len(), 6);
    // The governance it led to: a board with veto power whose release decision was vetoed, then approved
    // once the veto was lifted, so the gate's governance check passes.
    let g = &project.governance;
    assert_eq!(g.board.members.len(), 4);
    assert_eq!(g.decisions.len(), 1);
    assert!(
        g.decisions[0]
            .veto
            .as_ref()
            .is_some_and(|v| v.lifted.is_some())
    );
    let verdicts = riskbench::model::governance::rules::release_verdicts(g);
    assert_eq!(verdicts.len(), 1);
    assert!(verdicts[0].outcome.approved(), "{:?}", verdicts[0].outcome);
    assert_eq!(
        (g.red_team.len(), g.bounty.len(), g.assurance.len()),
        (1, 1, 1)
    );
}

#[test]
fn the_template_writes_the_committed_sample() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("moderation_incident");
    let out = riskbench(&[
        "new",
        target.to_str().unwrap(),
        "--template",
        "moderation-incident",
    ]);
    assert!(out.status.success(), "{}", support::stderr(&out));
    let made = file::load_project(&dir.path().join("moderation_incident.riskbench.ron"))
        .unwrap()
        .project;
    let (mut committed, _) = sample();
    committed.metadata.created = made.metadata.created;
    committed.metadata.modified = made.metadata.modified;
    assert_eq!(made, committed);
    for name in [
        "moderation_posts.csv",
        "moderation_posts_model_v1.csv",
        "moderation_posts_model_v2.csv",
    ] {
        let rel = Path::new("sample_projects/moderation_incident/data").join(name);
        assert_eq!(
            std::fs::read(dir.path().join("data").join(name)).unwrap(),
            std::fs::read(support::root().join(rel)).unwrap()
        );
    }
    // A second run refuses to overwrite the data files.
    let again = riskbench(&[
        "new",
        dir.path().join("other").to_str().unwrap(),
        "--template",
        "moderation-incident",
    ]);
    assert_one_line_error(&again, "the template's data file already exists");
}

#[test]
fn the_incident_report_has_its_public_section_and_unknown_ids_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("inc.pdf");
    let project = sample_path();
    let out = riskbench(&[
        "report",
        project.to_str().unwrap(),
        "--incident",
        "INC-1",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", support::stderr(&out));
    let text = support::pdf::squash(&support::pdf::poppler(
        "pdftotext",
        &[pdf.to_str().unwrap(), "-"],
    ));
    for needle in [
        "Incident report INC-1",
        "For public disclosure",
        "Marked for public disclosure",
        "Kill switch",
        "5 Whys",
        "Fishbone",
        "Recovery roadmap",
        "AAE 420 56.7% 40.0% 420 36.7% 5.0%",
    ] {
        assert!(text.contains(needle), "{needle:?} missing");
    }
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        std::fs::read(
            support::root().join("sample_projects/moderation_incident/incident_report_INC-1.pdf")
        )
        .unwrap(),
        "the committed incident report is up to date"
    );
    let bad = riskbench(&[
        "report",
        project.to_str().unwrap(),
        "--incident",
        "INC-7",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_one_line_error(
        &bad,
        "there is no incident \"INC-7\"; the project has INC-1",
    );
}

#[test]
fn the_plan_has_the_incidents_part_and_matches_the_committed_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    let out = riskbench(&[
        "report",
        sample_path().to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", support::stderr(&out));
    let text = support::pdf::squash(&support::pdf::poppler(
        "pdftotext",
        &[pdf.to_str().unwrap(), "-"],
    ));
    assert!(text.contains("Incidents"));
    assert!(text.contains("INC-1 AAE posts removed at four times"));
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        std::fs::read(
            support::root().join("sample_projects/moderation_incident/treatment_plan.pdf")
        )
        .unwrap(),
        "the committed plan is up to date"
    );
}
