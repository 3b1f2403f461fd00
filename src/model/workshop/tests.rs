//! Tests of a pre-mortem's rules: start, round-robin capture, clustering, dot budgets, rating, promotion.

use super::rules::{self, WorkshopError};
use super::*;
use crate::model::register::EvidenceKind;
use crate::model::{IsoDate, Project, RiskMatrix};

fn session() -> Workshop {
    let mut w = Workshop::pre_mortem("WS-1", IsoDate::from_ymd(2026, 12, 5));
    w.facilitator = "Fay".into();
    w.participants = vec!["Ada".into(), " Ben ".into(), String::new(), "Cy".into()];
    w
}

#[test]
fn a_session_needs_participants_and_a_facilitator() {
    let mut w = session();
    w.participants = vec!["  ".into()];
    let err = rules::advance(&mut w).unwrap_err();
    assert_eq!(
        err.to_string(),
        "workshop WS-1 has no participants: add at least one participant before starting"
    );
    assert_eq!(w.phase, Phase::Setup);
    let mut w = session();
    w.facilitator.clear();
    assert_eq!(
        rules::advance(&mut w),
        Err(WorkshopError::NoFacilitator("WS-1".into()))
    );
    let mut w = session();
    assert_eq!(rules::advance(&mut w), Ok(Phase::Brainstorm));
    assert_eq!(w.participants, ["Ada", "Ben", "Cy"]);
}

#[test]
fn capture_goes_round_the_participants_one_at_a_time() {
    let mut w = session();
    rules::advance(&mut w).unwrap();
    assert_eq!(rules::current_participant(&w), Some("Ada"));
    assert_eq!(
        rules::capture(&mut w, "  Approval rates drifted "),
        Ok("S-1".into())
    );
    assert_eq!(rules::current_participant(&w), Some("Ben"));
    assert_eq!(rules::capture(&mut w, " "), Err(WorkshopError::EmptyStory));
    assert_eq!(rules::current_participant(&w), Some("Ben"));
    rules::pass_turn(&mut w);
    rules::capture(&mut w, "Postcode acted as a proxy").unwrap();
    assert_eq!(rules::current_participant(&w), Some("Ada"));
    let authors: Vec<&str> = w.stories.iter().map(|s| s.author.as_str()).collect();
    assert_eq!(authors, ["Ada", "Cy"]);
    assert_eq!(w.stories[0].text, "Approval rates drifted");
}

#[test]
fn dot_voting_keeps_each_budget() {
    let mut w = session();
    rules::advance(&mut w).unwrap();
    let t1 = rules::new_theme(&mut w, "Drift");
    let t2 = rules::new_theme(&mut w, " ");
    assert_eq!(w.themes[1].name, "Theme 2");
    w.votes_per_person = 2;
    rules::vote(&mut w, "Ada", &t1).unwrap();
    rules::vote(&mut w, "Ada", &t1).unwrap();
    assert_eq!(
        rules::vote(&mut w, "Ada", &t2).unwrap_err().to_string(),
        "Ada has placed all 2 of their dots; take one back to vote for another theme"
    );
    assert!(rules::unvote(&mut w, "Ada", &t1));
    rules::vote(&mut w, "Ada", &t2).unwrap();
    rules::vote(&mut w, "Ben", &t2).unwrap();
    assert_eq!(
        rules::vote(&mut w, "Zed", &t2).unwrap_err().to_string(),
        "\"Zed\" is not a participant of this workshop (participants: Ada, Ben, Cy)"
    );
    assert_eq!(rules::dots_left(&w, "Ada"), 0);
    assert_eq!(rules::dots_left(&w, "Cy"), 2);
    let ranked: Vec<&str> = rules::ranked_themes(&w)
        .iter()
        .map(|t| t.theme_id.as_str())
        .collect();
    assert_eq!(ranked, ["T-2", "T-1"]);
}

#[test]
fn a_rated_theme_is_promoted_to_a_risk_with_the_workshop_as_source() {
    let mut p = Project::blank("Loans", IsoDate::from_ymd(2026, 12, 1).unwrap());
    let mut w = session();
    w.title = "Loan model pre-mortem".into();
    rules::advance(&mut w).unwrap();
    let s1 = rules::capture(&mut w, "Postcode acted as a proxy").unwrap();
    let t = rules::new_theme(&mut w, "Proxy discrimination via postcode");
    rules::assign(&mut w, &s1, Some(&t)).unwrap();
    assert_eq!(
        rules::assign(&mut w, &s1, Some("T-9")),
        Err(WorkshopError::NoTheme("T-9".into()))
    );
    rules::vote(&mut w, "Ben", &t).unwrap();
    p.workshops.push(w);
    assert_eq!(
        rules::promote(&mut p, "WS-1", &t).unwrap_err().to_string(),
        "theme T-1 'Proxy discrimination via postcode' needs a likelihood and an impact before it can be promoted"
    );
    let matrix = RiskMatrix::default();
    assert_eq!(
        rules::rate(&mut p.workshops[0], &t, 6, 2, &matrix),
        Err(WorkshopError::OutOfScale {
            what: "likelihood",
            value: 6,
            max: 5
        })
    );
    rules::rate(&mut p.workshops[0], &t, 4, 5, &matrix).unwrap();
    let risk_id = rules::promote(&mut p, "WS-1", &t).unwrap();
    assert_eq!(risk_id, "R-1");
    let risk = &p.risks[0];
    assert_eq!(risk.title, "Proxy discrimination via postcode");
    assert_eq!(
        risk.inherent,
        Some(crate::model::register::Rating {
            likelihood: 4,
            impact: 5
        })
    );
    assert_eq!(
        risk.description,
        "Identified in the Pre-mortem workshop WS-1 'Loan model pre-mortem' on 2026-12-05, facilitated by Fay. \
         Failure stories: Postcode acted as a proxy (Ada)."
    );
    assert_eq!(risk.evidence[0].kind, EvidenceKind::Document);
    assert_eq!(risk.evidence[0].reference, "Workshop WS-1");
    assert_eq!(p.workshops[0].created_risks, ["R-1"]);
    assert_eq!(p.workshops[0].themes[0].risk_id.as_deref(), Some("R-1"));
    assert_eq!(
        rules::promote(&mut p, "WS-1", &t),
        Err(WorkshopError::AlreadyPromoted {
            theme_id: "T-1".into(),
            risk_id: "R-1".into()
        })
    );
    assert_eq!(p.risks.len(), 1);
}

#[test]
fn a_session_records_what_it_creates_changes_and_removes_while_it_runs() {
    use super::session::{OutputChange, OutputKind};
    let mut p = Project::blank("Loans", IsoDate::from_ymd(2026, 12, 1).unwrap());
    let bowtie = p.bowties.new_bowtie("Unfair refusal").unwrap();
    p.risks.push(crate::model::register::Risk {
        risk_id: "R-1".into(),
        title: "Proxy discrimination".into(),
        ..Default::default()
    });
    p.risks.push(crate::model::register::Risk {
        risk_id: "R-2".into(),
        title: "Stale model".into(),
        ..Default::default()
    });
    let mut w = session();
    w.method = WorkshopMethod::BowTie;
    p.workshops.push(w);
    let mut other = session();
    other.workshop_id = "WS-2".into();
    p.workshops.push(other);

    let today = IsoDate::from_ymd(2026, 12, 5);
    assert_eq!(
        rules::advance_session(&mut p, "WS-1", today),
        Ok(Phase::Editors)
    );
    assert_eq!(
        rules::advance_session(&mut p, "WS-2", today)
            .unwrap_err()
            .to_string(),
        "workshop WS-1 is still running and records what changes in the project: take it to Done before \
         starting WS-2"
    );
    assert_eq!(p.workshops[1].phase, Phase::Setup);
    assert_eq!(
        rules::running(&p).map(|w| w.workshop_id.as_str()),
        Some("WS-1")
    );
    assert!(rules::outputs(&p, &p.workshops[0]).is_empty());

    // In the editors: a barrier on a new threat, a changed risk, a removed risk, a new FMEA row.
    let threat = p
        .bowties
        .add_threat(&bowtie, "Postcode in the features")
        .unwrap();
    let barrier = p
        .bowties
        .add_barrier(&bowtie, &threat, "Postcode removed from the features")
        .unwrap();
    p.risks[0].owner = "Credit risk".into();
    p.risks.remove(1);
    p.fmea_worksheets.push(crate::model::fmea::FmeaWorksheet {
        worksheet_id: "fmea-1".into(),
        title: "Session".into(),
        scope: String::new(),
        rows: vec![crate::model::fmea::FmeaRow {
            row_id: "FM-1".into(),
            failure_mode: "Label noise".into(),
            ..Default::default()
        }],
    });
    let live: Vec<String> = rules::outputs(&p, &p.workshops[0])
        .iter()
        .map(super::session::SessionOutput::describe)
        .collect();
    let expected = [
        "Risk R-1 'Proxy discrimination' changed",
        "Risk R-2 removed",
        "Bow-tie BT-1 'Unfair refusal' changed",
        "Barrier B-1 'Postcode removed from the features' created",
        "FMEA row FM-1 (fmea-1) 'Label noise' created",
    ];
    assert_eq!(live, expected);
    assert_eq!(barrier, "B-1");

    assert_eq!(
        rules::advance_session(&mut p, "WS-1", today),
        Ok(Phase::Done)
    );
    let w = &p.workshops[0];
    assert!(w.recording.is_none());
    assert_eq!(w.outputs.len(), 5);
    assert_eq!(w.outputs[3].kind, OutputKind::Barrier);
    assert_eq!(w.outputs[3].change, OutputChange::Created);
    // Once it ended, later edits are not the session's.
    p.risks[0].owner = "Someone else".into();
    assert_eq!(rules::outputs(&p, &p.workshops[0]).len(), 5);
    assert!(rules::running(&p).is_none());
    assert_eq!(
        rules::advance_session(&mut p, "WS-2", today),
        Ok(Phase::Brainstorm)
    );
}
