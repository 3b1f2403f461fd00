//! The plan's new fields edited like a user would: kill-switch criteria in Manage › Treatment plan, effort
//! and cost of an action in Map › Risk register, the review cadence in Govern › Project.

use crate::support::ui as support;
use support::{click, project, type_into};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use riskbench::model::kill_switch::Fallback;
use riskbench::ui::sections::Section;
use support::app_sized;

/// A copy of the loan sample without its review schedule and kill-switch criteria, as a project that has
/// not recorded them yet.
fn sample_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, path) = support::sample_copy();
    let mut project = riskbench::model::file::load_project(&path)
        .expect("the sample copy loads")
        .project;
    project.review = riskbench::model::review::ReviewSchedule::default();
    project.kill_switch.clear();
    riskbench::model::file::save_project(&path, &project).expect("the sample copy saves");
    (dir, path)
}

#[test]
fn a_kill_switch_criterion_is_added_filled_in_and_undone() {
    let (_dir, path) = sample_copy();
    let mut harness = app_sized(Some(path), egui::vec2(1500.0, 3000.0));
    click(&mut harness, Section::TreatmentPlan.label());
    harness.get_by_label("Kill-switch criteria");
    harness.get_by_label("No kill-switch criteria yet.");
    click(&mut harness, "Add kill-switch criterion");
    assert_eq!(project(&harness).kill_switch.len(), 1);
    harness.get_by_label("no condition, nobody decides");
    type_into(
        &mut harness,
        "Condition 1",
        "Selection-rate ratio below 0.7",
    );
    type_into(&mut harness, "Who decides 1", "Head of credit risk");
    harness.run_steps(3);
    harness
        .get_by_role_and_label(Role::ComboBox, "Fallback 1")
        .click();
    harness.run_steps(3);
    harness.get_by_label("Shut the service down").click();
    harness.run_steps(3);
    let c = &project(&harness).kill_switch[0];
    assert_eq!(c.condition, "Selection-rate ratio below 0.7");
    assert_eq!(c.decides, "Head of credit risk");
    assert_eq!(c.fallback, Fallback::Shutdown);
    assert!(
        harness
            .query_by_label("no condition, nobody decides")
            .is_none()
    );
    // Undo the fallback choice, then remove the criterion.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert_eq!(
        project(&harness).kill_switch[0].fallback,
        Fallback::HumanReview
    );
    click(&mut harness, "Remove kill-switch criterion 1");
    assert!(project(&harness).kill_switch.is_empty());
}

#[test]
fn effort_and_cost_of_an_action_are_typed_in_the_register() {
    let (_dir, path) = sample_copy();
    let mut harness = app_sized(Some(path), egui::vec2(1500.0, 3000.0));
    click(&mut harness, Section::Register.label());
    harness.key_press(Key::ArrowDown);
    harness.run_steps(3);
    let selected = |h: &egui_kittest::Harness<'_, riskbench::ui::RiskbenchApp>| {
        project(h)
            .risks
            .iter()
            .find(|r| r.risk_id == "R-1")
            .unwrap()
            .actions[0]
            .clone()
    };
    assert_eq!(selected(&harness).effort_days, None);
    for (label, text) in [("Effort (person-days)", "4.5"), ("Cost", "abc")] {
        harness
            .get_all_by_role_and_label(Role::TextInput, label)
            .next()
            .unwrap()
            .click();
        harness.run_steps(1);
        harness
            .get_all_by_role_and_label(Role::TextInput, label)
            .next()
            .unwrap()
            .type_text(text);
        harness.run_steps(3);
    }
    // A number is stored; text that is not a number is not.
    assert_eq!(selected(&harness).effort_days, Some(4.5));
    assert_eq!(selected(&harness).cost, None);
}

#[test]
fn the_review_cadence_is_chosen_in_the_project_screen() {
    let (_dir, path) = sample_copy();
    let mut harness = app_sized(Some(path), egui::vec2(1500.0, 3000.0));
    click(&mut harness, Section::Project.label());
    harness
        .get_by_role_and_label(Role::ComboBox, "Review cadence")
        .click();
    harness.run_steps(3);
    harness.get_by_label("every 6 months").click();
    harness.run_steps(3);
    assert_eq!(project(&harness).review.cadence_months, Some(6));
    type_into(&mut harness, "Next review of the plan", "2027-03-01");
    harness.run_steps(3);
    assert_eq!(
        project(&harness).review.next_review,
        riskbench::model::IsoDate::from_ymd(2027, 3, 1)
    );
}
