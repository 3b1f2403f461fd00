//! The plan shows governance (board, decisions with their outcome, red team, bias bounty, assurance) and the
//! workshop record in "Method and participants".

use riskbench::model::governance::{
    BoardMember, BountySubmission, Decision, RedTeamExercise, RedTeamFinding, Severity, VoteChoice,
    rules as board,
};
use riskbench::model::workshop::{Workshop, rules};
use riskbench::model::{IsoDate, Project};
use riskbench::report::plan::{self, PlanOptions};

#[test]
fn the_plan_shows_governance_and_the_workshop_record() {
    let today = IsoDate::from_ymd(2026, 12, 5).unwrap();
    let mut project = Project::blank("Loan model", today);
    let gov = &mut project.governance;
    gov.board.members = vec![
        BoardMember {
            name: "Ada".into(),
            role: "Chief risk officer".into(),
            can_veto: true,
        },
        BoardMember {
            name: "Ben".into(),
            ..BoardMember::default()
        },
    ];
    gov.decisions.push(Decision {
        decision_id: "D-1".into(),
        title: "Release v2.3".into(),
        ..Decision::default()
    });
    board::cast_vote(gov, "D-1", "Ben", VoteChoice::For).unwrap();
    board::veto(gov, "D-1", "Ada", "bias bounty BB-1 open", Some(today)).unwrap();
    gov.red_team.push(RedTeamExercise {
        exercise_id: "RT-1".into(),
        title: "Prompted denial".into(),
        team: vec!["Eve".into()],
        findings: vec![RedTeamFinding {
            finding_id: "RTF-1".into(),
            title: "Postcode leaks ethnicity".into(),
            severity: Severity::High,
            risk_id: None,
        }],
        ..RedTeamExercise::default()
    });
    gov.bounty.push(BountySubmission {
        submission_id: "BB-1".into(),
        reporter: "Riya".into(),
        finding: "Lower approval for applicants over 60".into(),
        ..BountySubmission::default()
    });
    let mut session = Workshop::pre_mortem("WS-1", Some(today));
    session.facilitator = "Fay".into();
    session.participants = vec!["Ada".into(), "Ben".into()];
    rules::advance(&mut session).unwrap();
    let story = rules::capture(&mut session, "Approval rates drifted").unwrap();
    let theme = rules::new_theme(&mut session, "Drift after launch");
    rules::assign(&mut session, &story, Some(&theme)).unwrap();
    rules::rate(&mut session, &theme, 3, 4, &project.settings.risk_matrix).unwrap();
    project.workshops.push(session);
    rules::promote(&mut project, "WS-1", &theme).unwrap();

    let text = plan::build(&project, &PlanOptions::all(today), &[]).to_outline_text();
    for needle in [
        "Pre-mortem WS-1 'Pre-mortem', 2026-12-05, facilitated by Fay, 2 participant(s), 1 risk(s) created",
        "Participants: Ada, Ben",
        "| T-1 Drift after launch | Approval rates drifted | 0 | L3 × I4 | R-1 |",
        "Review board: Ada (Chief risk officer), veto; Ben",
        "vetoed by Ada: bias bounty BB-1 open",
        "RTF-1 Postcode leaks ethnicity | High",
        "Lower approval for applicants over 60",
    ] {
        assert!(text.contains(needle), "the plan lacks {needle:?}:\n{text}");
    }
}
