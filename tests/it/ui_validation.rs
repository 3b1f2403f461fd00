//! Measure › Validation and Govern › Release gate with `egui_kittest`. Validation: rules proposed from the
//! profile are accepted, run, and a failed rule becomes a risk with its evidence link. Gate: the gate run on the bundled sample fails, says how many checks
//! block release and why (a risk above appetite, failing fairness checks), and a blocking risk's link opens it
//! in the register.

use crate::support::ui as support;

use egui_kittest::kittest::Queryable as _;
use riskbench::analysis::gate::CheckKind;
use riskbench::model::register::EvidenceKind;
use riskbench::model::validation::{RuleKind, SetValue, ValidationRule};
use riskbench::ui::gate::GateScreen;
use riskbench::ui::sections::Section;
use riskbench::ui::validation::ValidationScreen;

#[test]
fn the_release_gate_fails_on_the_sample_with_its_reasons_and_links() {
    let (_dir, project) = support::sample_copy();
    let mut harness = support::app(Some(project));
    support::run_gate(&mut harness);
    assert_eq!(harness.state().section(), Section::ReleaseGate);
    let report = harness
        .state()
        .screens()
        .get::<GateScreen>()
        .and_then(|g| g.report.clone())
        .expect("a gate report");
    assert!(!report.passed);
    assert_eq!(report.checks.len(), 463);
    assert_eq!(report.failures().count(), 192);
    assert_eq!(report.inconclusive().count(), 75);
    assert_eq!(
        report
            .failures()
            .filter(|c| c.kind == CheckKind::Risk)
            .count(),
        1
    );
    harness.get_by_label("FAIL: 192 of 463 checks block release");
    harness.get_by_label(
        "75 inconclusive, not blocking (a group below the minimum group size, or an undefined value)",
    );
    harness.get_by_label("fairness: 191 failing");
    harness.get_by_label("risk: 1 failing");
    assert_eq!(
        harness.query_all_by_label_contains("risk R-3: ").count(),
        1,
        "the risk above appetite is listed once"
    );
    assert!(
        harness
            .query_by_label_contains("is above the appetite")
            .is_some(),
        "the reason is shown"
    );
    harness.get_by_label("Open risk R-3").click();
    harness.run_steps(3);
    assert_eq!(harness.state().section(), Section::Register);
}

fn gate<'h>(harness: &'h egui_kittest::Harness<'_, riskbench::ui::RiskbenchApp>) -> &'h GateScreen {
    harness
        .state()
        .screens()
        .get::<GateScreen>()
        .expect("the gate screen")
}

#[test]
fn the_gate_runs_in_the_background_and_can_be_cancelled() {
    let (_dir, project) = support::sample_copy();
    let mut harness = support::app(Some(project));
    harness.get_by_label(Section::ReleaseGate.label()).click();
    harness.run_steps(2);
    harness.get_by_label("Run the gate").click();
    harness.run_steps(1);
    // The click's frame asked for the job and the app started it: the screen knows its job id.
    let job_id = gate(&harness)
        .job()
        .job_id()
        .expect("the gate's job has started");
    support::cancel_job(&mut harness, job_id, "Evaluating the gate", |h| {
        !gate(h).job().is_running()
    });
    assert!(gate(&harness).report.is_none());
    // The screen says so where its errors show.
    harness.get_by_label("cancelled");
    harness.get_by_label("Not run yet.");
    // Run again: the report arrives and replaces the message.
    support::run_gate(&mut harness);
    assert!(harness.query_by_label("cancelled").is_none());
    assert_eq!(
        gate(&harness).report.as_ref().map(|r| r.checks.len()),
        Some(463)
    );
}

#[test]
fn propose_rules_accept_them_run_and_create_a_risk_from_a_failed_rule() {
    let (_dir, project) = support::sample_copy();
    let mut harness = support::app(Some(project));
    harness.get_by_label(Section::Validation.label()).click();
    harness.run_steps(2);
    assert_eq!(harness.state().section(), Section::Validation);
    harness
        .state_mut()
        .screens_mut()
        .get_mut::<ValidationScreen>()
        .expect("validation screen")
        .dataset_id = "ds-2".to_owned();
    harness.run_steps(2);
    harness
        .get_by_label("Propose rules from the profile")
        .click();
    harness.run_steps(1);
    support::wait_validation(&mut harness);
    let screen = harness
        .state()
        .screens()
        .get::<ValidationScreen>()
        .expect("screen");
    let proposed: Vec<ValidationRule> = screen.proposals.iter().map(|(_, r)| r.clone()).collect();
    let RuleKind::ColumnsMatchSet { columns, .. } = &proposed[0].kind else {
        panic!("columns first: {:?}", proposed[0].kind)
    };
    assert_eq!(columns.len(), 12);
    let sex_set = proposed
        .iter()
        .position(|r| matches!(&r.kind, RuleKind::InSet { column, .. } if column == "sex"))
        .expect("a set rule for sex");
    // The analyst narrows the set for sex to one value before accepting: that rule will fail.
    {
        let screen = harness
            .state_mut()
            .screens_mut()
            .get_mut::<ValidationScreen>()
            .expect("screen");
        screen.proposals[sex_set].1.kind = RuleKind::InSet {
            column: "sex".to_owned(),
            values: vec![SetValue::Text("female".to_owned())],
        };
    }
    harness.run_steps(1);
    harness.get_by_label("Accept proposals").click();
    harness.run_steps(2);
    let suites = &support::project(&harness).validation_suites;
    // The sample's own suite is on ds-1: the accepted proposals make ds-2's suite, the second one.
    assert_eq!(suites.len(), 2);
    assert_eq!(suites[1].suite_id, "suite-2");
    assert_eq!(suites[1].dataset_id, "ds-2");
    assert_eq!(suites[1].rules.len(), proposed.len());
    let report = support::run_validation(&mut harness);
    let failed: Vec<usize> = report
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.success)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(failed, vec![sex_set]);
    assert!(
        harness.query_by_label_contains("\"male\" ×").is_some(),
        "the failing values are shown"
    );
    let risks_before = support::project(&harness).risks.len();
    harness
        .get_by_label(&format!("Create risk from finding {}", sex_set + 1))
        .click();
    harness.run_steps(3);
    let project = support::project(&harness);
    assert_eq!(project.risks.len(), risks_before + 1);
    let risk = project.risks.last().expect("the new risk");
    let sha = project.dataset("ds-2").expect("ds-2").sha256.clone();
    assert_eq!(risk.evidence.len(), 1);
    assert_eq!(risk.evidence[0].kind, EvidenceKind::ValidationRule);
    assert_eq!(
        risk.evidence[0].reference,
        format!("validation:suite-2:{sex_set}")
    );
    assert_eq!(
        risk.evidence[0].dataset_sha256.as_deref(),
        Some(sha.as_str())
    );
    assert_eq!(harness.state().section(), Section::Register);
    // The register opens on the new risk, whose evidence list shows the rule's link.
    assert!(
        harness
            .query_all_by_label_contains(
                "Data validation fails: expect_column_values_to_be_in_set on sex"
            )
            .next()
            .is_some(),
        "the new risk is shown"
    );
    assert!(
        harness
            .query_all_by_value(&format!("validation:suite-2:{sex_set}"))
            .next()
            .is_some(),
        "the evidence link shows on the risk"
    );

    // Back on the validation screen the finding offers the risk made from it, not a second copy.
    let new_id = support::project(&harness)
        .risks
        .last()
        .unwrap()
        .risk_id
        .clone();
    harness.get_by_label(Section::Validation.label()).click();
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label(&format!("Create risk from finding {}", sex_set + 1))
            .is_none()
    );
    harness.get_by_label(&format!("Show {new_id}")).click();
    harness.run_steps(3);
    assert_eq!(support::project(&harness).risks.len(), risks_before + 1);
    assert_eq!(harness.state().section(), Section::Register);
}

#[test]
fn the_sample_opens_on_its_suite_and_runs_it() {
    let (_dir, project) = support::sample_copy();
    let mut harness = support::app(Some(project));
    harness.get_by_label(Section::Validation.label()).click();
    harness.run_steps(3);
    // The screen opens on the dataset that has rules: the scored German credit data.
    let screen = harness
        .state()
        .screens()
        .get::<ValidationScreen>()
        .expect("validation screen");
    assert_eq!(screen.dataset_id, "ds-1");
    assert!(
        harness
            .query_by_label("Choose a dataset to see and edit its rules.")
            .is_none()
    );
    // Before a profile is loaded the pickers offer the dataset's configured columns only: the rules' other
    // columns (age, month) are shown as they are, not as missing from the data.
    let shown = |h: &egui_kittest::Harness<'_, riskbench::ui::RiskbenchApp>| {
        h.query_all_by_label_contains("(not in the data)").count()
            + h.query_all_by_value("age (not in the data)").count()
    };
    assert_eq!(shown(&harness), 0);
    let report = support::run_validation(&mut harness);
    assert_eq!(report.statistics.evaluated_expectations, 7);
    assert_eq!(report.statistics.successful_expectations, 6);
    // The warning fails on the 16 loans over 48 months, its values shown with their counts.
    harness.get_by_label("Results: 6 of 7 rules pass");
    harness.get_by_label("7. expect_column_values_to_be_between (warning)");
    harness.get_by_label("failing: 60 ×13, 54 ×2, 72 ×1");
    harness.get_by_label("Passing rules: 1, 2, 3, 4, 5, 6");
}
