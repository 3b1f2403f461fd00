//! Tests of the audit trail: change summaries, the chain and tampering (edited, removed, reordered entries).

use super::*;
use crate::model::IsoDate;
use crate::model::fmea::{FmeaRow, FmeaWorksheet, Rating as FmeaRating};
use crate::model::register::{Rating, Risk};

fn at(minute: u8) -> time::OffsetDateTime {
    time::macros::datetime!(2026-12-05 09:00 UTC) + time::Duration::minutes(i64::from(minute))
}

fn base() -> Project {
    let mut p = Project::blank("Loan model", IsoDate::from_ymd(2026, 12, 1).unwrap());
    p.risks.push(Risk {
        risk_id: "R-3".into(),
        title: "Unequal approval rates".into(),
        residual: Some(Rating {
            likelihood: 4,
            impact: 3,
        }),
        ..Risk::default()
    });
    let mut w = FmeaWorksheet::new("W-1", "Pipeline");
    let mut row = FmeaRow::new("F-2");
    row.severity = Some(FmeaRating::try_from(7).unwrap());
    w.rows.push(row);
    p.fmea_worksheets.push(w);
    p
}

/// A project with a trail of three entries, each a real change.
fn three_entries() -> Project {
    let mut recorded = base();
    for (minute, likelihood) in [(1_u8, 3_u8), (2, 2), (3, 1)] {
        let mut next = recorded.clone();
        next.risks[0].residual = Some(Rating {
            likelihood,
            impact: 3,
        });
        record(Some(&recorded), &mut next, "Ada Lovelace", at(minute)).unwrap();
        recorded = next;
    }
    recorded
}

#[test]
fn summaries_name_items_by_id_and_fields_by_name() {
    let before = base();
    let mut after = before.clone();
    after.risks[0].residual = Some(Rating {
        likelihood: 2,
        impact: 3,
    });
    after.risks.push(Risk {
        risk_id: "R-17".into(),
        title: "Proxy discrimination via postcode".into(),
        ..Risk::default()
    });
    after.fmea_worksheets[0].rows[0].severity = Some(FmeaRating::try_from(8).unwrap());
    after.context.intended_use = "Screen loan applications".into();
    let lines = diff::describe_changes(&before, &after);
    assert_eq!(
        lines,
        [
            "context intended use '' → 'Screen loan applications'",
            "FMEA row F-2 severity 7 → 8",
            "R-3 residual likelihood 4 → 2",
            "added risk R-17 'Proxy discrimination via postcode'",
        ]
    );
}

#[test]
fn removed_items_long_texts_and_lists_are_described() {
    let before = base();
    let mut after = before.clone();
    after.risks.clear();
    after.metadata.description = "x".repeat(100);
    after.metadata.organisation = "Bank".into();
    after.fmea_worksheets[0].rows[0].affected_groups = vec!["Women".into()];
    let lines = diff::describe_changes(&before, &after);
    assert_eq!(
        lines,
        [
            "FMEA row F-2 affected groups: added 'Women'",
            "description edited (0 → 100 characters)",
            "organisation '' → 'Bank'",
            "removed risk R-3 'Unequal approval rates'",
        ]
    );
}

#[test]
fn no_change_records_nothing_and_stamps_are_not_changes() {
    let before = base();
    let mut after = before.clone();
    after.metadata.modified = IsoDate::from_ymd(2027, 1, 1).unwrap();
    assert!(record(Some(&before), &mut after, "Ada", at(0)).is_none());
    assert!(after.audit_trail.is_empty());
}

#[test]
fn many_changes_are_capped_with_a_count() {
    let before = base();
    let mut after = before.clone();
    for i in 0..50 {
        after.risks.push(Risk {
            risk_id: format!("R-{}", 100 + i),
            ..Risk::default()
        });
    }
    let lines = diff::describe_changes(&before, &after);
    assert_eq!(lines.len(), diff::MAX_LINES);
    assert_eq!(lines[diff::MAX_LINES - 1], "… and 11 more changes");
}

#[test]
fn entries_chain_and_verify() {
    let p = three_entries();
    let trail = &p.audit_trail;
    assert_eq!(trail.entries.len(), 3);
    assert_eq!(trail.entries[0].prev_sha256, GENESIS);
    assert_eq!(trail.entries[1].prev_sha256, trail.entries[0].sha256);
    assert_eq!(trail.entries[2].seq, 3);
    assert_eq!(trail.entries[2].at, "2026-12-05T09:03:00Z");
    assert_eq!(trail.entries[2].author, "Ada Lovelace");
    assert_eq!(trail.entries[2].changes, ["R-3 residual likelihood 2 → 1"]);
    assert_eq!(trail.entries[2].sha256.len(), 64);
    assert!(verify(trail).is_empty());
    assert!(verify_state(&p).is_empty());
}

#[test]
fn an_edited_entry_is_detected() {
    let mut p = three_entries();
    p.audit_trail.entries[1].changes[0] = "R-3 residual likelihood 3 → 3".into();
    assert_eq!(verify(&p.audit_trail), [ChainProblem::Edited { seq: 2 }]);
    let mut p = three_entries();
    p.audit_trail.entries[0].author = "Mallory".into();
    assert_eq!(verify(&p.audit_trail), [ChainProblem::Edited { seq: 1 }]);
}

#[test]
fn an_edited_entry_with_its_own_hash_recomputed_breaks_the_next_link() {
    let mut p = three_entries();
    p.audit_trail.entries[0].author = "Mallory".into();
    p.audit_trail.entries[0].sha256 = entry_sha256(&p.audit_trail.entries[0]);
    assert_eq!(verify(&p.audit_trail), [ChainProblem::Link { seq: 2 }]);
}

#[test]
fn a_removed_entry_is_detected() {
    let mut p = three_entries();
    p.audit_trail.entries.remove(1);
    assert_eq!(
        verify(&p.audit_trail),
        [
            ChainProblem::Sequence {
                position: 2,
                expected: 2,
                found: 3
            },
            ChainProblem::Link { seq: 3 }
        ]
    );
    let mut p = three_entries();
    p.audit_trail.entries.remove(0);
    assert_eq!(verify(&p.audit_trail).len(), 3);
}

#[test]
fn a_removed_newest_entry_is_detected_against_the_project() {
    let mut p = three_entries();
    p.audit_trail.entries.pop();
    assert!(verify(&p.audit_trail).is_empty());
    assert_eq!(verify_state(&p), [ChainProblem::Unrecorded { seq: 2 }]);
}

#[test]
fn reordered_entries_are_detected() {
    let mut p = three_entries();
    p.audit_trail.entries.swap(0, 1);
    let problems = verify(&p.audit_trail);
    assert_eq!(
        problems,
        [
            ChainProblem::Sequence {
                position: 1,
                expected: 1,
                found: 2
            },
            ChainProblem::Link { seq: 2 },
            ChainProblem::Sequence {
                position: 2,
                expected: 2,
                found: 1
            },
            ChainProblem::Link { seq: 1 },
            ChainProblem::Link { seq: 3 },
        ]
    );
    assert!(problems[0].to_string().contains("removed or reordered"));
}

#[test]
fn an_unrecorded_edit_of_the_project_is_detected() {
    let mut p = three_entries();
    p.risks[0].title = "Changed by hand".into();
    assert_eq!(verify_state(&p), [ChainProblem::Unrecorded { seq: 3 }]);
}

#[test]
fn the_trail_is_append_only_across_an_undo() {
    let recorded = three_entries();
    // The in-memory project went back to a state without the newest entry (an undo after saving).
    let mut undone = recorded.clone();
    undone.audit_trail.entries.pop();
    undone.risks[0].residual = Some(Rating {
        likelihood: 2,
        impact: 3,
    });
    let entry = record(Some(&recorded), &mut undone, "Ada", at(9)).unwrap();
    assert_eq!(entry.seq, 4);
    assert_eq!(entry.changes, ["R-3 residual likelihood 1 → 2"]);
    assert!(verify_state(&undone).is_empty());
}

#[test]
fn a_new_project_starts_the_trail() {
    let mut p = base();
    let entry = record(None, &mut p, "  Ada ", at(0)).unwrap();
    assert_eq!(entry.changes, ["created project 'Loan model'"]);
    assert_eq!(entry.author, "Ada");
}

#[test]
fn the_state_hash_survives_saving_and_loading() {
    let p = three_entries();
    let text = crate::model::file::project_to_string(&p).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.riskbench.ron");
    std::fs::write(&path, text).unwrap();
    let loaded = crate::model::file::load_project(&path).unwrap().project;
    assert_eq!(loaded.audit_trail, p.audit_trail);
    assert!(verify_state(&loaded).is_empty());
}

#[test]
fn a_first_item_in_a_field_left_out_while_empty_is_named() {
    let before = base();
    let mut after = before.clone();
    after
        .workshops
        .push(crate::model::workshop::Workshop::pre_mortem("WS-1", None));
    after.governance.board.quorum = 3;
    assert_eq!(
        diff::describe_changes(&before, &after),
        [
            "governance board quorum 0 → 3",
            "added workshop WS-1 'Pre-mortem'"
        ]
    );
}
