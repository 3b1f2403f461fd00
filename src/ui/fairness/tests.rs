//! Unit tests of the fairness screen's state and helpers.

use super::runs::sort_order;
use super::*;

#[test]
fn sorting_keeps_undefined_last_and_ties_in_order() {
    let values = [Some(0.5), None, Some(0.2), Some(0.5), None];
    assert_eq!(sort_order(5, true, |i| values[i]), [2, 0, 3, 1, 4]);
    assert_eq!(sort_order(5, false, |i| values[i]), [0, 3, 2, 1, 4]);
    assert!(sort_order(0, true, |_| None).is_empty());
}

#[test]
fn the_tree_needs_an_answer() {
    let mut answers = TreeAnswers::default();
    assert!(answers.concern().is_none());
    answers.concern = ConcernKind::Punitive;
    assert_eq!(answers.concern(), Some(FairnessConcern::Punitive(None)));
}

#[test]
fn a_newer_run_supersedes_the_older_one() {
    let audit = SavedAudit {
        audit_id: "audit-1".into(),
        name: "A".into(),
        dataset_id: "ds-1".into(),
        spec: AuditSpec {
            bootstrap: Some(10),
            ..AuditSpec::default()
        },
    };
    let input = RunInput {
        dataset_id: "ds-1".into(),
        path: PathBuf::from("d.csv"),
        stored_sha256: "x".into(),
        spec: audit.spec.clone(),
        settings: FairnessThresholds::default(),
    };
    let mut screen = FairnessScreen::default();
    let mut actions = FairnessActions::default();
    screen.start_run(&audit, input.clone(), &mut actions);
    assert_eq!(actions.jobs.len(), 1);
    let ticket = actions.jobs[0].ticket.clone();
    screen.job_started(&ticket, 7);
    let mut again = FairnessActions::default();
    screen.start_run(&audit, input, &mut again);
    assert_eq!(again.cancel, [7]);
    assert!(screen.job_ended(7, true), "its cancellation is no news");
    // The old run's output is ignored; the new run's point result asks for the bootstrap.
    let stale = screen.job_output(FairnessJobOutput::Audit {
        audit_id: "audit-1".into(),
        run_id: 1,
        stage: Stage::Point,
        outcome: Err("old".into()),
    });
    assert!(stale.jobs.is_empty());
    let next = screen.job_output(FairnessJobOutput::Audit {
        audit_id: "audit-1".into(),
        run_id: 2,
        stage: Stage::Point,
        outcome: Err("no data".into()),
    });
    assert!(next.jobs.is_empty(), "no bootstrap after a failure");
    assert!(matches!(
        screen.runs.get("audit-1").map(|r| &r.point),
        Some(Slot::Done(Err(e))) if e == "no data"
    ));
}
