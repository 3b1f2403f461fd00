//! The audit trail and governance in the app, driven with `egui_kittest`: the first-start prompt for the
//! user's name, a save recording the change under that name (append-only across an undo), and the
//! Governance screen: the voter picked from the board (a board without members says so), a veto refused to
//! a member without the right, and each decision's history of votes, veto and lifting; a file holding a vote
//! by a non-member and a decision short of its quorum shows both plainly.

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
    assert_eq!(trail[0].changes, ["added workshop WS-2 'Pre-mortem'"]);
    assert!(verify_state(&saved).is_empty());

    // Undo the new workshop and save: the trail keeps the first entry and records the removal.
    support::command(&mut harness, Command::Undo);
    assert_eq!(
        project(&harness).workshops.len(),
        1,
        "only the sample's session WS-1 is left"
    );
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
            vec!["added workshop WS-2 'Pre-mortem'".to_owned()],
            vec!["removed workshop WS-2 'Pre-mortem'".to_owned()]
        ]
    );
    assert!(verify_state(&saved).is_empty());
}

#[test]
fn the_voter_is_picked_from_the_board_and_the_history_shows_who_vetoed_and_lifted() {
    let (_dir, path) = sample_copy();
    let mut harness = support::app_sized(Some(path), egui::vec2(1600.0, 1600.0));
    click(&mut harness, Section::Governance.label());
    click(&mut harness, "Add decision");
    // Nobody to vote yet: the screen says so instead of offering a name field.
    harness.get_by_label(
        "The review board has no members yet: add members above before anyone can vote or veto",
    );
    click(&mut harness, "Add member");
    type_into(&mut harness, "Name", "Ada");
    click(&mut harness, "May veto");
    click(&mut harness, "Add member");
    harness
        .get_all_by_role_and_label(egui::accesskit::Role::TextInput, "Name")
        .last()
        .unwrap()
        .click();
    harness.run_steps(1);
    harness.event(egui::Event::Text("Ben".to_owned()));
    harness.run_steps(3);
    let names: Vec<String> = project(&harness)
        .governance
        .board
        .members
        .iter()
        .map(|m| m.name.clone())
        .collect();
    assert_eq!(names, ["Ada", "Ben"]);
    assert!(
        harness
            .query_by_label(
                "The review board has no members yet: add members above before anyone can vote or veto"
            )
            .is_none()
    );

    // The member is picked from the board (Ada first), not typed.
    click(&mut harness, "Vote against");
    harness.get_by_label("Member").click();
    harness.run_steps(2);
    click(&mut harness, "Ben");
    click(&mut harness, "Vote for");
    // Ben, who may not veto, is refused with the board's rule.
    click(&mut harness, "Veto");
    let message = harness
        .state()
        .screens()
        .get::<riskbench::ui::governance::GovernanceScreen>()
        .and_then(|g| g.message.clone());
    assert_eq!(
        message.as_deref(),
        Some("Ben is a member of the review board without veto power; only Ada may veto")
    );
    harness.get_by_label("Member").click();
    harness.run_steps(2);
    harness.get_all_by_label("Ada").last().unwrap().click();
    harness.run_steps(3);
    type_into(
        &mut harness,
        "Reason (veto or lift)",
        "fairness gate failed",
    );
    click(&mut harness, "Veto");
    click(&mut harness, "Lift veto");
    let d = project(&harness).governance.decisions[0].clone();
    assert!(d.veto.as_ref().is_some_and(|v| v.lifted.is_some()));
    let lines: Vec<String> = riskbench::model::governance::history::history(&d)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    let today = d.votes[0].date.expect("a vote carries its date");
    assert_eq!(
        lines,
        [
            format!("{today} Ada voted against"),
            format!("{today} Ben voted for"),
            format!("{today} vetoed by Ada: fairness gate failed"),
            format!("{today} veto lifted by Ada: fairness gate failed"),
        ]
    );
    for line in &lines {
        harness.get_by_label(&format!("• {line}"));
    }
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

#[test]
fn a_vote_by_a_non_member_and_a_decision_without_quorum_are_said_plainly() {
    use riskbench::model::governance::{BoardMember, Decision, Vote, VoteChoice};
    let (_dir, path) = sample_copy();
    let mut p = file::load_project(&path).expect("the sample loads").project;
    p.governance.board.members = ["Ada", "Brian", "Chen"]
        .iter()
        .map(|n| BoardMember {
            name: (*n).to_owned(),
            ..BoardMember::default()
        })
        .collect();
    p.governance.board.quorum = 0;
    let vote = |member: &str| Vote {
        member: member.to_owned(),
        choice: VoteChoice::For,
        date: None,
    };
    p.governance.decisions = vec![Decision {
        decision_id: "D-1".to_owned(),
        title: "Release v2.3".to_owned(),
        votes: vec![vote("Ada"), vote("Mallory")],
        ..Decision::default()
    }];
    std::fs::write(&path, file::project_to_string(&p).expect("serialises")).expect("written");

    let mut harness = support::app_sized(Some(path), egui::vec2(1600.0, 1600.0));
    click(&mut harness, Section::Governance.label());
    harness.get_by_label(
        "⚠ decision D-1: the vote of \"Mallory\" does not count: not a member of the review board",
    );
    // Mallory's vote does not count: one of the two votes a majority of three needs.
    harness.get_by_label("Outcome: not decided: no quorum (1 of the 2 votes needed were cast)");
}
