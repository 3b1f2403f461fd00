//! The audit trail and governance in the app, driven with `egui_kittest`: the first-start prompt for the
//! user's name, a save recording the change under that name (append-only across an undo), and the
//! Governance screen refusing a vote by a non-member with a clear message.

use crate::support::ui as support;
use support::{app, click, project, sample_copy, settle, type_into};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::model::audit_trail::verify_state;
use riskbench::model::file;
use riskbench::ui::commands::Command;
use riskbench::ui::sections::Section;
use riskbench::ui::{LaunchOptions, RiskbenchApp};

#[test]
fn the_first_start_asks_for_the_users_name() {
    let launch = LaunchOptions {
        ask_user_name: true,
        ..LaunchOptions::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| RiskbenchApp::new(cc, launch));
    settle(&mut harness);
    harness.get_by_label("Your name");
    type_into(&mut harness, "Name", "Grace Hopper");
    click(&mut harness, "OK");
    assert_eq!(harness.state().user_name(), "Grace Hopper");
    assert!(harness.query_by_label("Your name").is_none());
}

#[test]
fn saving_records_the_change_under_the_users_name_and_an_undo_cannot_remove_it() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path.clone()));
    harness.state_mut().set_user_name("Grace Hopper");
    click(&mut harness, Section::Workshops.label());
    click(&mut harness, "New pre-mortem");
    harness.state_mut().run_command(Command::Save);
    settle(&mut harness);
    let saved = file::load_project(&path).unwrap().project;
    let trail = &saved.audit_trail.entries;
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].author, "Grace Hopper");
    assert_eq!(trail[0].changes, ["added workshop WS-1 'Pre-mortem'"]);
    assert!(verify_state(&saved).is_empty());

    // Undo the new workshop and save: the trail keeps the first entry and records the removal.
    harness.state_mut().run_command(Command::Undo);
    harness.run_steps(2);
    assert!(project(&harness).workshops.is_empty());
    harness.state_mut().run_command(Command::Save);
    settle(&mut harness);
    let saved = file::load_project(&path).unwrap().project;
    let changes: Vec<Vec<String>> = saved
        .audit_trail
        .entries
        .iter()
        .map(|e| e.changes.clone())
        .collect();
    assert_eq!(
        changes,
        [
            vec!["added workshop WS-1 'Pre-mortem'".to_owned()],
            vec!["removed workshop WS-1 'Pre-mortem'".to_owned()]
        ]
    );
    assert!(verify_state(&saved).is_empty());
}

#[test]
fn a_vote_by_a_non_member_is_refused_on_the_governance_screen() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    click(&mut harness, Section::Governance.label());
    click(&mut harness, "Add member");
    type_into(&mut harness, "Name", "Ada");
    harness.run_steps(3);
    assert_eq!(project(&harness).governance.board.members[0].name, "Ada");
    click(&mut harness, "Add decision");
    type_into(&mut harness, "Member", "Mallory");
    click(&mut harness, "Vote for");
    let message = harness
        .state()
        .screens()
        .get::<riskbench::ui::governance::GovernanceScreen>()
        .and_then(|g| g.message.clone());
    assert_eq!(
        message.as_deref(),
        Some(
            "\"Mallory\" is not a member of the review board, so cannot vote or veto (members: Ada)"
        )
    );
    harness.get_by_label(
        "\"Mallory\" is not a member of the review board, so cannot vote or veto (members: Ada)",
    );
    assert!(project(&harness).governance.decisions[0].votes.is_empty());
}

#[test]
fn a_decision_takes_notes_and_linked_risks() {
    let (_dir, path) = sample_copy();
    let mut harness = support::app_sized(Some(path), egui::vec2(1600.0, 1600.0));
    click(&mut harness, Section::Governance.label());
    click(&mut harness, "Add decision");
    type_into(&mut harness, "Notes", "Human review stays on for a month");
    harness
        .get_by_role_and_label(
            egui::accesskit::Role::MultilineTextInput,
            "Linked risks (one id per line)",
        )
        .click();
    harness.run_steps(2);
    harness.event(egui::Event::Text("R-3".to_owned()));
    harness.run_steps(3);
    let decision = &project(&harness).governance.decisions[0];
    assert_eq!(decision.notes, "Human review stays on for a month");
    assert_eq!(decision.risk_ids, ["R-3"]);
}
