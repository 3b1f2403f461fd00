//! Map › Risk register driven like a user would with `egui_kittest`: add a risk, rate it and see it land in
//! a heat-map cell, undo, filter by a heat-map cell, move through the table with the keyboard, and change
//! the status of several risks at once.

use crate::support::ui as support;
use support::{click, project};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::model::register::{Rating, RiskStatus};
use riskbench::ui::RiskbenchApp;
use riskbench::ui::sections::Section;
use support::{app, sample_copy};

fn open_register(harness: &mut Harness<'_, RiskbenchApp>) {
    harness.get_by_label(Section::Register.label()).click();
    harness.run_steps(3);
    assert_eq!(harness.state().section(), Section::Register);
    harness.get_by_label("Map › Risk register");
}

#[test]
fn add_a_risk_rate_it_see_it_on_the_heat_map_and_undo() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    open_register(&mut harness);
    let before = project(&harness).risks.len();
    assert!(before >= 12, "the sample has a full register");

    click(&mut harness, "Add risk");
    let new_id = format!("R-{}", before + 1);
    assert_eq!(project(&harness).risks.len(), before + 1);
    assert_eq!(project(&harness).risks.last().unwrap().risk_id, new_id);
    // The detail pane shows the new risk.
    harness.get_by_label("Delete risk");
    assert!(harness.query_all_by_label(&new_id).count() >= 1);

    // Rate the inherent risk: tick "Rated" (the first one is the inherent rating), then pick likelihood 4.
    harness.get_all_by_label("Rated").next().unwrap().click();
    harness.run_steps(3);
    assert_eq!(
        project(&harness).risks.last().unwrap().inherent,
        Some(Rating::new(1, 1))
    );
    let cell = format!("Inherent L1 × I1: {new_id}");
    harness.get_by_label(&cell);

    harness
        .get_by_role_and_label(Role::ComboBox, "Likelihood")
        .click();
    harness.run_steps(3);
    click(&mut harness, "4 Likely");
    assert_eq!(
        project(&harness).risks.last().unwrap().inherent,
        Some(Rating::new(4, 1))
    );
    // It moved: the L4 × I1 cell names it and the L1 × I1 cell no longer does.
    harness.get_by_label(&format!("Inherent L4 × I1: {new_id}"));
    assert!(harness.query_by_label(&cell).is_none());

    // Undo the likelihood change: back in L1 × I1.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert_eq!(
        project(&harness).risks.last().unwrap().inherent,
        Some(Rating::new(1, 1))
    );
    harness.get_by_label(&cell);
}

#[test]
fn a_heat_map_cell_filters_the_table_and_arrows_move_the_selection() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    open_register(&mut harness);
    let total = project(&harness).risks.len();
    harness.get_by_label(&format!("{total} of {total} risks"));

    // R-3 is the only risk rated inherent 5 × 5 in the sample.
    let critical = project(&harness)
        .risks
        .iter()
        .filter(|r| r.inherent == Some(Rating::new(5, 5)))
        .count();
    assert_eq!(critical, 1);
    click(&mut harness, "Inherent L5 × I5: R-3");
    harness.get_by_label(&format!("1 of {total} risks"));
    click(&mut harness, "Inherent L5 × I5  ✕");
    harness.get_by_label(&format!("{total} of {total} risks"));

    // Keyboard: ↓ selects the first row (sorted by id), ↓ again the second, End the last.
    harness.key_press(Key::ArrowDown);
    harness.run_steps(3);
    harness.get_by_label("Delete risk");
    assert!(harness.query_all_by_label("R-1").count() >= 2);
    harness.key_press(Key::ArrowDown);
    harness.run_steps(3);
    harness.key_press(Key::End);
    harness.run_steps(3);
    let last_id = format!("R-{total}");
    // The detail heading and the table both show the last id.
    assert!(harness.query_all_by_label(&last_id).count() >= 2);
}

#[test]
fn bulk_status_change_is_one_undo_step() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    open_register(&mut harness);
    let status_of = |h: &Harness<'_, RiskbenchApp>, id: &str| {
        project(h)
            .risks
            .iter()
            .find(|r| r.risk_id == id)
            .unwrap()
            .status
    };
    assert_ne!(status_of(&harness, "R-6"), RiskStatus::Closed);
    click(&mut harness, "Select R-6");
    click(&mut harness, "Select R-13");
    harness.get_by_label("2 selected:");
    // Choose "Closed" in the bulk status box, then apply.
    harness
        .get_by_role_and_label(Role::ComboBox, "set status to")
        .click();
    harness.run_steps(3);
    harness.get_all_by_label("Closed").last().unwrap().click();
    harness.run_steps(3);
    click(&mut harness, "Apply to selected");
    assert_eq!(status_of(&harness, "R-6"), RiskStatus::Closed);
    assert_eq!(status_of(&harness, "R-13"), RiskStatus::Closed);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert_eq!(status_of(&harness, "R-6"), RiskStatus::Open);
    assert_eq!(status_of(&harness, "R-13"), RiskStatus::Open);
}

#[test]
fn create_risk_from_a_failed_fairness_check() {
    let (_dir, path) = sample_copy();
    let mut harness = support::app_sized(Some(path), egui::vec2(1500.0, 1000.0));
    click(&mut harness, Section::Fairness.label());
    support::settle(&mut harness);
    click(&mut harness, "Approval by age group");
    // Selecting the audit reads its dataset's columns first.
    support::settle(&mut harness);
    click(&mut harness, "Run audit");
    support::settle(&mut harness);
    // R-1 already links the failed demographic parity difference check.
    harness.get_by_label("tracked as R-1");
    let before = project(&harness).risks.len();
    harness
        .get_all_by_label("Create risk from finding")
        .next()
        .unwrap()
        .click();
    harness.run_steps(4);
    assert_eq!(harness.state().section(), Section::Register);
    let risks = &project(&harness).risks;
    assert_eq!(risks.len(), before + 1);
    let risk = risks.last().unwrap();
    let check = risk.evidence[0].check.as_ref().unwrap();
    assert_eq!(check.audit_name, "Approval by age group");
    assert!(check.failed);
    assert_eq!(risk.affected_groups, ["age_group=25_or_under"]);
    assert!(
        risk.description.contains("(n = 190)"),
        "{}",
        risk.description
    );
    // The register shows and selects it.
    harness.get_by_label("Delete risk");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert_eq!(project(&harness).risks.len(), before);
}

#[test]
fn the_treatment_tracker_changes_an_action_status_with_undo() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    click(&mut harness, Section::TreatmentPlan.label());
    harness.get_by_label("Manage › Treatment plan");
    let status = |h: &Harness<'_, RiskbenchApp>| {
        project(h)
            .risks
            .iter()
            .find(|r| r.risk_id == "R-4")
            .unwrap()
            .actions[0]
            .status
    };
    assert_eq!(
        status(&harness),
        riskbench::model::fmea::ActionStatus::InProgress
    );
    harness
        .get_by_role_and_label(Role::ComboBox, "Status of R-4 A1")
        .click();
    harness.run_steps(3);
    harness.get_all_by_label("Done").last().unwrap().click();
    harness.run_steps(3);
    assert_eq!(status(&harness), riskbench::model::fmea::ActionStatus::Done);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert_eq!(
        status(&harness),
        riskbench::model::fmea::ActionStatus::InProgress
    );
    // The accepted residual risks are listed with their authority check.
    harness.get_by_label("Accepted residual risks");
    assert!(
        harness
            .query_all_by_label("authority matches the band")
            .count()
            >= 2
    );
}

/// The left edge of the detail pane: where its heading (the selected risk's id) starts.
fn pane_left(harness: &Harness<'_, RiskbenchApp>, id: &str) -> f32 {
    harness
        .get_all_by_label(id)
        .map(|n| n.rect().left())
        .fold(f32::MIN, f32::max)
}

/// The pane's left edge `now` is where it was (`was`), to half a point.
fn assert_same_edge(now: f32, was: f32, when: &str) {
    assert!(
        (now - was).abs() < 0.5,
        "the detail pane moved ({was} → {now}): {when}"
    );
}

#[test]
fn a_click_on_a_row_selects_it_and_the_detail_pane_holds_its_width_while_typing() {
    let (_dir, path) = sample_copy();
    let mut harness = support::app_sized(Some(path), egui::vec2(1280.0, 820.0));
    // The saved audits re-run on open; their results add evidence to the pane.
    support::settle(&mut harness);
    open_register(&mut harness);
    let empty_pane = harness
        .get_by_label("Select a risk in the table (or use ↑ ↓) to see and edit it here.")
        .rect()
        .left();
    // A click on the row's text selects the risk (the labels do not take the click for text selection).
    harness
        .get_all_by_label("R-4")
        .next()
        .expect("R-4 in the table")
        .click();
    harness.run_steps(3);
    harness.get_by_label("Delete risk");
    let left = pane_left(&harness, "R-4");
    assert!(
        (left - empty_pane).abs() < 0.5,
        "selecting a risk widened the pane: {empty_pane} → {left}"
    );
    harness.run_steps(10);
    assert_same_edge(
        pane_left(&harness, "R-4"),
        left,
        "the pane widened by itself",
    );

    // Typing in the pane's fields does not move it.
    support::type_into(&mut harness, "Title", " (reviewed)");
    harness.run_steps(5);
    assert!(project(&harness).risks[3].title.contains(" (reviewed)"));
    assert_same_edge(
        pane_left(&harness, "R-4"),
        left,
        "the pane moved while typing",
    );
    // Nor does opening the sections with wide content.
    // Each section is toggled twice, so it is seen open whatever its default.
    for section in [
        "Categories",
        "Ownership",
        "Controls",
        "Treatment (MANAGE 1.3)",
        "Actions",
        "Acceptance of residual risk",
        "Business impact",
        "Evidence and links",
    ]
    .iter()
    .flat_map(|s| [s, s])
    {
        harness.get_by_label(section).click();
        harness.run_steps(5);
        assert_same_edge(pane_left(&harness, "R-4"), left, section);
    }
}
