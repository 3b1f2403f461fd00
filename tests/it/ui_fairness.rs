//! Measure › Fairness audits, driven like a user would with `egui_kittest`: open the sample project, select
//! the saved audit "Approval by sex", run it, wait for the point estimates and the bootstrap, and compare what
//! the screen shows with the engine's own output; then check that editing and deleting audits can be undone.

use crate::support::ui as support;

use std::path::PathBuf;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::analysis::audit::run_audit;
use riskbench::analysis::fairness::Metric;
use riskbench::analysis::task::TaskControl;
use riskbench::ui::RiskbenchApp;
use riskbench::ui::fairness::format_estimate;
use riskbench::ui::sections::Section;
use support::{sample_copy, settle, type_into, wait_for_rerun};

fn app(project: PathBuf) -> Harness<'static, RiskbenchApp> {
    support::app_sized(Some(project), egui::vec2(1500.0, 1000.0))
}

const AUDIT: &str = "Approval by sex";

fn click(harness: &mut Harness<'_, RiskbenchApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
}

fn open_fairness(harness: &mut Harness<'_, RiskbenchApp>) {
    click(harness, Section::Fairness.label());
    assert_eq!(harness.state().section(), Section::Fairness);
    harness.get_by_label("Measure › Fairness audits");
    // Opening the screen reads the dataset's columns in the background.
    settle(harness);
}

#[test]
fn running_the_saved_audit_shows_the_engines_numbers() {
    let (dir, project_path) = sample_copy();
    let mut harness = app(project_path);
    open_fairness(&mut harness);
    click(&mut harness, AUDIT);
    harness.check_accessibility();

    click(&mut harness, "Run audit");
    settle(&mut harness);
    assert!(
        harness.state().notifications().is_empty(),
        "{:?}",
        harness.state().notifications()
    );

    // The engine, called directly with the saved spec (1,000 bootstrap resamples, the project's seed).
    let project = harness.state().document().project().clone();
    let audit = project.audits.iter().find(|a| a.name == AUDIT).unwrap();
    let dataset = project.dataset(&audit.dataset_id).unwrap();
    let report = run_audit(
        &dir.path().join(&dataset.path),
        &audit.spec,
        &project.settings.fairness,
        &TaskControl::new(),
    )
    .unwrap();
    let result = &report.results[0];
    for (value, _) in [("female", 0), ("male", 1)] {
        let group = result.group(&[("sex", value)]).unwrap();
        assert!(
            harness.query_all_by_label(value).next().is_some(),
            "group {value} is listed"
        );
        let rate = group.metric(Metric::SelectionRate).unwrap();
        let ci = group.ci.get(&Metric::SelectionRate).copied();
        assert!(ci.is_some(), "the bootstrap ran");
        let shown = format_estimate(rate, ci);
        assert!(
            harness.query_all_by_label(&shown).next().is_some(),
            "selection rate of {value}: {shown}"
        );
    }
    assert!(!result.findings.is_empty());
    for finding in &result.findings {
        harness.get_by_label(&finding.text);
    }
    harness.check_accessibility();

    // The summary checks, the chart, the heat map, the confusion matrices, the tree and the note.
    click(&mut harness, "Summary and checks");
    harness.get_by_label("Demographic parity difference");
    harness.get_by_label("Aequitas composite checks");
    harness.check_accessibility();
    click(&mut harness, "Chart");
    harness.get_by_role_and_label(Role::ComboBox, "Metric");
    harness.check_accessibility();
    click(&mut harness, "Disparity heat map");
    harness.get_by_label("✓ passes");
    click(&mut harness, "Confusion matrices");
    assert!(harness.query_all_by_label_contains("TP ").next().is_some());
    click(&mut harness, "Which metric matters?");
    // With the verdict and the PPR note above the tabs, the tree's answers start at the window's bottom edge: a
    // click is a pointer event at the node's centre, so bring the answer into view first (the scroll is
    // animated: run until it has finished).
    let assistive =
        "Assistive intervention: a positive prediction helps people (a loan, a benefit, outreach)";
    harness.get_by_label(assistive).scroll_to_me();
    harness.run();
    click(&mut harness, assistive);
    harness.get_by_label("What to compare");
    assert!(
        harness
            .query_by_label_contains("Four-fifths rule: FNR")
            .is_some()
    );
    harness.check_accessibility();
    click(&mut harness, "Where we differ");
    harness.get_by_label("Zero denominators are undefined, not 0");

    // Sorting by a column heading keeps every group.
    click(&mut harness, "Group metrics");
    click(&mut harness, "Selection rate");
    assert!(harness.query_all_by_label("female").next().is_some());

    // Changing the audit marks the result out of date, and it runs again once the edits settle.
    click(&mut harness, "Project setting (30)");
    assert_eq!(project_min_group(&harness), Some(30));
    assert!(
        harness
            .query_by_label_contains("changed since this run")
            .is_some()
    );
    wait_for_rerun(&mut harness, "the re-run of the changed audit");
    assert!(
        harness
            .query_by_label_contains("changed since this run")
            .is_none()
    );
    assert!(harness.state().notifications().is_empty());
}

fn project_min_group(harness: &Harness<'_, RiskbenchApp>) -> Option<u32> {
    let project = harness.state().document().project();
    project
        .audits
        .iter()
        .find(|a| a.name == AUDIT)
        .and_then(|a| a.spec.min_group)
}

#[test]
fn renaming_and_deleting_audits_can_be_undone() {
    let (_dir, project_path) = sample_copy();
    let mut harness = app(project_path);
    open_fairness(&mut harness);
    click(&mut harness, AUDIT);
    let name =
        |h: &Harness<'_, RiskbenchApp>| h.state().document().project().audits[0].name.clone();

    type_into(&mut harness, "Audit name", " v2");
    harness.run_steps(1);
    assert_eq!(name(&harness), "Approval by sex v2");
    assert!(harness.state().document().is_dirty());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(2);
    assert_eq!(name(&harness), AUDIT);
    assert!(!harness.state().document().is_dirty());

    let count = |h: &Harness<'_, RiskbenchApp>| h.state().document().project().audits.len();
    let before = count(&harness);
    click(&mut harness, "New audit");
    assert_eq!(count(&harness), before + 1);
    assert_eq!(
        harness
            .state()
            .document()
            .project()
            .audits
            .last()
            .unwrap()
            .name,
        "New audit"
    );
    settle(&mut harness);
    harness.check_accessibility();
    click(&mut harness, "Delete");
    assert_eq!(count(&harness), before);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(2);
    assert_eq!(count(&harness), before + 1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(2);
    assert_eq!(count(&harness), before);
    assert!(!harness.state().document().is_dirty());
}

#[test]
fn run_audit_brings_the_results_into_view_on_a_laptop_screen() {
    let (_dir, project_path) = sample_copy();
    let size = egui::vec2(1280.0, 720.0);
    let mut harness = support::app_sized(Some(project_path), size);
    open_fairness(&mut harness);
    click(&mut harness, AUDIT);
    // Below the settings, at the foot of the window before the run.
    let before = harness.get_by_label("Results").rect();
    assert!(
        before.top() > size.y * 0.8,
        "the results start at {}",
        before.top()
    );

    click(&mut harness, "Run audit");
    settle(&mut harness);
    // The scroll is animated.
    harness.run_steps(30);
    let after = harness.get_by_label("Results").rect();
    assert!(
        after.top() < before.top() - 200.0,
        "the page scrolled to the results: {before:?} → {after:?}"
    );
    // The findings and the group table are on screen (the page scrolls as far as it goes).
    for label in ["Findings", "All rows"] {
        let rect = harness.get_by_label(label).rect();
        assert!(rect.bottom() <= size.y, "{label} is out of view: {rect:?}");
    }
}
