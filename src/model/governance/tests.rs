//! Tests of the review board's rules: voting, quorum, veto and its lifting, bad input.

use super::rules::{self, GovernanceError, Outcome};
use super::*;

fn gov() -> Governance {
    let member = |name: &str, can_veto| BoardMember {
        name: name.into(),
        role: String::new(),
        can_veto,
    };
    Governance {
        board: ReviewBoard {
            members: vec![
                member("Ada", true),
                member("Brian", false),
                member("Chen", false),
                member("Dora", false),
            ],
            charter: "Approves releases of AI systems.".into(),
            quorum: 0,
        },
        decisions: vec![Decision {
            decision_id: "D-1".into(),
            title: "Release v2.3".into(),
            ..Decision::default()
        }],
        ..Governance::default()
    }
}

fn outcome(g: &Governance) -> Outcome {
    rules::outcome(&g.board, &g.decisions[0])
}

#[test]
fn quorum_is_a_majority_of_members_by_default() {
    let mut g = gov();
    assert_eq!(rules::required_quorum(&g.board), 3);
    rules::cast_vote(&mut g, "D-1", "Ada", VoteChoice::For).unwrap();
    rules::cast_vote(&mut g, "D-1", "Brian", VoteChoice::For).unwrap();
    assert_eq!(
        outcome(&g),
        Outcome::NoQuorum {
            cast: 2,
            required: 3
        }
    );
    assert_eq!(
        outcome(&g).to_string(),
        "not decided: no quorum (2 of the 3 votes needed were cast)"
    );
    rules::cast_vote(&mut g, "D-1", "Chen", VoteChoice::Abstain).unwrap();
    assert_eq!(
        outcome(&g),
        Outcome::Approved {
            votes_for: 2,
            against: 0
        }
    );
}

#[test]
fn majority_decides_and_a_member_votes_once() {
    let mut g = gov();
    g.board.quorum = 4;
    for (m, c) in [
        ("Ada", VoteChoice::For),
        ("Brian", VoteChoice::Against),
        ("Chen", VoteChoice::Against),
        ("Dora", VoteChoice::For),
    ] {
        rules::cast_vote(&mut g, "D-1", m, c).unwrap();
    }
    assert_eq!(outcome(&g), Outcome::Tied { each: 2 });
    // Chen changes their vote: it replaces the first one.
    rules::cast_vote(&mut g, "D-1", " Chen ", VoteChoice::For).unwrap();
    assert_eq!(g.decisions[0].votes.len(), 4);
    assert_eq!(
        outcome(&g),
        Outcome::Approved {
            votes_for: 3,
            against: 1
        }
    );
    rules::cast_vote(&mut g, "D-1", "Ada", VoteChoice::Against).unwrap();
    rules::cast_vote(&mut g, "D-1", "Dora", VoteChoice::Against).unwrap();
    assert_eq!(
        outcome(&g),
        Outcome::Rejected {
            votes_for: 1,
            against: 3
        }
    );
}

#[test]
fn a_vote_by_a_non_member_is_refused_and_does_not_count() {
    let mut g = gov();
    let err = rules::cast_vote(&mut g, "D-1", "Mallory", VoteChoice::For).unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"Mallory\" is not a member of the review board, so cannot vote or veto (members: Ada, Brian, Chen, Dora)"
    );
    assert!(g.decisions[0].votes.is_empty());
    // A non-member's vote written into the file by hand is reported and ignored.
    for m in ["Ada", "Brian"] {
        rules::cast_vote(&mut g, "D-1", m, VoteChoice::For).unwrap();
    }
    g.decisions[0].votes.push(Vote {
        member: "Mallory".into(),
        choice: VoteChoice::For,
        date: None,
    });
    assert_eq!(
        outcome(&g),
        Outcome::NoQuorum {
            cast: 2,
            required: 3
        }
    );
    assert_eq!(
        rules::problems(&g, |_| true),
        ["decision D-1: the vote of \"Mallory\" does not count: not a member of the review board"]
    );
    assert_eq!(
        rules::cast_vote(&mut g, "D-9", "Ada", VoteChoice::For),
        Err(GovernanceError::NoDecision("D-9".into()))
    );
}

#[test]
fn a_veto_overrides_the_votes_until_lifted() {
    let mut g = gov();
    for m in ["Ada", "Brian", "Chen", "Dora"] {
        rules::cast_vote(&mut g, "D-1", m, VoteChoice::For).unwrap();
    }
    assert!(outcome(&g).approved());
    let err = rules::veto(&mut g, "D-1", "Brian", "not yet", None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Brian is a member of the review board without veto power; only Ada may veto"
    );
    assert_eq!(
        rules::veto(&mut g, "D-1", "Ada", " ", None),
        Err(GovernanceError::NoReason)
    );
    rules::veto(&mut g, "D-1", "Ada", "R-3 has no mitigation", None).unwrap();
    assert_eq!(
        outcome(&g),
        Outcome::Vetoed {
            by: "Ada".into(),
            reason: "R-3 has no mitigation".into()
        }
    );
    assert!(!rules::release_verdicts(&g)[0].outcome.approved());
    assert_eq!(
        rules::veto(&mut g, "D-1", "Ada", "again", None),
        Err(GovernanceError::AlreadyVetoed("D-1".into()))
    );
    rules::lift_veto(&mut g, "D-1", "Ada", "R-3 mitigated", None).unwrap();
    assert!(outcome(&g).approved());
    assert!(rules::release_verdicts(&g)[0].outcome.approved());
    assert_eq!(
        rules::lift_veto(&mut g, "D-1", "Ada", "", None),
        Err(GovernanceError::NoVeto("D-1".into()))
    );
}

#[test]
fn an_empty_board_decides_nothing_and_a_quorum_too_large_is_reported() {
    let mut g = gov();
    g.board.members.clear();
    assert_eq!(outcome(&g), Outcome::NoBoard);
    let mut g = gov();
    g.board.quorum = 5;
    g.red_team.push(RedTeamExercise {
        exercise_id: "RT-1".into(),
        findings: vec![RedTeamFinding {
            finding_id: "RTF-1".into(),
            risk_id: Some("R-99".into()),
            ..RedTeamFinding::default()
        }],
        ..RedTeamExercise::default()
    });
    assert_eq!(
        rules::problems(&g, |r| r == "R-1"),
        [
            "the quorum (5) is larger than the board (4 members): no decision can be taken",
            "red-team finding RTF-1 links to risk R-99, which is not in the register"
        ]
    );
}

#[test]
fn the_history_keeps_replaced_votes_and_lifted_vetoes() {
    use crate::model::governance::history::history;
    let day = |d| IsoDate::from_ymd(2026, 11, d);
    let mut g = Governance::default();
    for (name, can_veto) in [("Ada", true), ("Ben", false)] {
        g.board.members.push(BoardMember {
            name: name.into(),
            can_veto,
            ..BoardMember::default()
        });
    }
    g.decisions.push(Decision {
        decision_id: "D-1".into(),
        ..Decision::default()
    });
    rules::cast_vote_on(&mut g, "D-1", "Ben", VoteChoice::Against, day(2)).unwrap();
    rules::veto(&mut g, "D-1", "Ada", "fairness gate failed", day(3)).unwrap();
    rules::lift_veto(&mut g, "D-1", "Ada", "gate passed on retest", day(10)).unwrap();
    rules::veto(&mut g, "D-1", "Ada", "drift alert", day(12)).unwrap();
    rules::cast_vote_on(&mut g, "D-1", "Ben", VoteChoice::For, day(14)).unwrap();
    rules::lift_veto(&mut g, "D-1", "Ada", "drift explained", day(15)).unwrap();
    let d = &g.decisions[0];
    assert_eq!(d.votes.len(), 1);
    assert_eq!(d.earlier_votes.len(), 1);
    assert_eq!(d.earlier_vetoes.len(), 1);
    let lines: Vec<String> = history(d).iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "2026-11-02 Ben voted against (replaced by a later vote)",
            "2026-11-03 vetoed by Ada: fairness gate failed",
            "2026-11-10 veto lifted by Ada: gate passed on retest",
            "2026-11-12 vetoed by Ada: drift alert",
            "2026-11-14 Ben voted for",
            "2026-11-15 veto lifted by Ada: drift explained",
        ]
    );
}
