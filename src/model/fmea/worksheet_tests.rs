//! Unit tests of worksheet editing: rows, ranges, sorting, filters, paste and ids.

use super::super::rating::Rating;
use super::*;

fn row(id: &str, s: u8, o: u8, d: u8) -> FmeaRow {
    let mut row = FmeaRow::new(id);
    row.severity = Rating::new(s);
    row.occurrence = Rating::new(o);
    row.detection = Rating::new(d);
    row
}

fn ids(sheet: &FmeaWorksheet) -> Vec<&str> {
    sheet.rows.iter().map(|r| r.row_id.as_str()).collect()
}

fn sheet_of(rows: Vec<FmeaRow>) -> FmeaWorksheet {
    FmeaWorksheet {
        rows,
        ..FmeaWorksheet::new("fmea-1", "Test")
    }
}

#[test]
fn sort_by_priority_then_severity_then_rpn_stable() {
    let mut sheet = sheet_of(vec![
        row("low-a", 3, 3, 3),              // L, S3, 27
        row("med-s7", 7, 4, 5),             // M, S7, 140
        row("high-s8-rpn192", 8, 8, 3),     // H, S8, 192
        row("unrated", 10, 10, 0),          // no AP
        row("high-s10-rpn120", 10, 6, 2),   // H, S10, 120
        row("high-s8-rpn448", 8, 8, 7),     // H, S8, 448
        row("low-b", 3, 3, 3),              // L, same as low-a: stays after it
        row("med-s9", 9, 2, 6),             // M, S9, 108
        row("high-s10-rpn120-b", 10, 4, 3), // H, S10, 120: equal to the other, stays after it
    ]);
    assert_eq!(sheet.rows[3].action_priority(), None);
    assert_eq!(sheet.rows[8].action_priority(), Some(ActionPriority::High));
    let expected = [
        "high-s10-rpn120",
        "high-s10-rpn120-b",
        "high-s8-rpn448",
        "high-s8-rpn192",
        "med-s9",
        "med-s7",
        "low-a",
        "low-b",
        "unrated",
    ];
    let order: Vec<_> = sheet
        .priority_order()
        .into_iter()
        .map(|i| sheet.rows[i].row_id.clone())
        .collect();
    assert_eq!(order, expected);
    sheet.sort_by_priority();
    assert_eq!(ids(&sheet), expected);
}

#[test]
fn row_operations() {
    let mut sheet = FmeaWorksheet::new("fmea-1", "Ops");
    assert_eq!(sheet.insert_row(0).unwrap(), 0);
    assert_eq!(sheet.insert_row(1).unwrap(), 1);
    assert_eq!(sheet.insert_row(0).unwrap(), 0);
    assert_eq!(ids(&sheet), ["FM-3", "FM-1", "FM-2"]);
    assert_eq!(
        sheet.insert_row(5),
        Err(EditError::RowOutOfRange {
            row: 5,
            row_count: 3
        })
    );
    sheet
        .set_cell(1, Column::FailureMode, "Schema drift")
        .unwrap();
    assert_eq!(sheet.duplicate_row(1).unwrap(), 2);
    assert_eq!(ids(&sheet), ["FM-3", "FM-1", "FM-4", "FM-2"]);
    assert_eq!(sheet.rows[2].failure_mode, "Schema drift");
    sheet.move_row(3, 0).unwrap();
    assert_eq!(ids(&sheet), ["FM-2", "FM-3", "FM-1", "FM-4"]);
    sheet.move_row(1, 1).unwrap();
    assert_eq!(ids(&sheet), ["FM-2", "FM-3", "FM-1", "FM-4"]);
    assert!(sheet.move_row(0, 4).is_err());
    assert!(sheet.move_row(4, 0).is_err());
    let removed = sheet.delete_row(2).unwrap();
    assert_eq!(removed.row_id, "FM-1");
    assert!(sheet.delete_row(3).is_err());
    // A deleted id's number is reused only if it was the highest.
    assert_eq!(sheet.next_row_id(), "FM-5");
    assert_eq!(sheet.row_index("FM-4"), Some(2));
    assert_eq!(sheet.cell_text(9, Column::Item), None);
}

#[test]
fn set_cell_reports_row_and_column() {
    let mut sheet = sheet_of(vec![FmeaRow::new("FM-1")]);
    let err = sheet.set_cell(0, Column::Detection, "0").unwrap_err();
    assert_eq!(
        err.to_string(),
        "row 1, Detection (D): expected a whole number from 1 to 10, found \"0\""
    );
    assert_eq!(
        sheet.set_cell(1, Column::Item, "x"),
        Err(EditError::RowOutOfRange {
            row: 1,
            row_count: 1
        })
    );
}

#[test]
fn filter_by_priority_owner_and_status() {
    let mut a = row("a", 9, 8, 5); // H
    a.owner = "Data lead".to_owned();
    a.status = Some(ActionStatus::Open);
    let mut b = row("b", 5, 4, 5); // L
    b.owner = "data LEAD ".to_owned();
    b.status = Some(ActionStatus::Done);
    let mut c = row("c", 7, 4, 5); // M
    c.revised_occurrence = Rating::new(2);
    c.revised_detection = Rating::new(3); // revised 7, 2, 3: L
    let d = FmeaRow::new("d"); // unrated, no owner, no status
    let sheet = sheet_of(vec![a, b, c, d]);

    let by = |filter: RowFilter| sheet.filtered_indices(&filter);
    assert_eq!(by(RowFilter::default()), [0, 1, 2, 3]);
    assert_eq!(
        by(RowFilter {
            priorities: vec![ActionPriority::High, ActionPriority::Medium],
            ..RowFilter::default()
        }),
        [0, 2]
    );
    assert_eq!(
        by(RowFilter {
            priorities: vec![ActionPriority::Low],
            priority_basis: PriorityBasis::Current,
            ..RowFilter::default()
        }),
        [1, 2]
    );
    assert_eq!(
        by(RowFilter {
            owner: Some("data lead".to_owned()),
            ..RowFilter::default()
        }),
        [0, 1]
    );
    assert_eq!(
        by(RowFilter {
            owner: Some(String::new()),
            ..RowFilter::default()
        }),
        [2, 3]
    );
    assert_eq!(
        by(RowFilter {
            statuses: vec![Some(ActionStatus::Done), None],
            ..RowFilter::default()
        }),
        [1, 2, 3]
    );
    assert_eq!(sheet.owners(), ["Data lead"]);
}

#[test]
fn flags_high_priority_rows_without_action() {
    let mut with_action = row("a", 10, 6, 6);
    with_action.recommended_action = "Add subgroup gate".to_owned();
    with_action.owner = "ML lead".to_owned();
    with_action.status = Some(ActionStatus::Done);
    let sheet = sheet_of(vec![row("h", 10, 6, 6), with_action, row("l", 2, 2, 2)]);
    assert_eq!(sheet.rows_lacking_required_action(), [0]);
    assert_eq!(
        sheet.flags(),
        [
            (0, RowFlag::HighPriorityWithoutAction),
            (1, RowFlag::DoneWithoutRevisedRatings)
        ]
    );
}

#[test]
fn counts_before_and_after_actions() {
    let mut improved = row("a", 8, 7, 7); // H
    improved.revised_occurrence = Rating::new(3);
    improved.revised_detection = Rating::new(3); // 8,3,3 → L
    let sheet = sheet_of(vec![
        improved,
        row("b", 8, 7, 7),
        row("c", 5, 4, 5),
        FmeaRow::new("d"),
    ]);
    let counts = sheet.priority_counts();
    assert_eq!(
        counts.before,
        ApCounts {
            high: 2,
            medium: 0,
            low: 1,
            unrated: 1
        }
    );
    assert_eq!(
        counts.after,
        ApCounts {
            high: 1,
            medium: 0,
            low: 2,
            unrated: 1
        }
    );
    assert_eq!(counts.after.get(ActionPriority::Low), 2);
}

#[test]
fn pareto_series() {
    let sheet = sheet_of(vec![
        row("a", 2, 2, 5),  // 20
        FmeaRow::new("x"),  // unrated: left out
        row("b", 10, 5, 6), // 300
        row("c", 4, 5, 4),  // 80
        row("d", 4, 4, 5),  // 80, after c
    ]);
    let pareto = sheet.rpn_pareto();
    let got: Vec<_> = pareto
        .iter()
        .map(|p| (p.row_id.as_str(), p.rpn, p.row_index))
        .collect();
    assert_eq!(
        got,
        [("b", 300, 2), ("c", 80, 3), ("d", 80, 4), ("a", 20, 0)]
    );
    let shares: Vec<f64> = pareto.iter().map(|p| p.cumulative_share).collect();
    for (got, want) in shares
        .iter()
        .zip([300.0 / 480.0, 380.0 / 480.0, 460.0 / 480.0, 1.0])
    {
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    }
    assert!(sheet_of(vec![FmeaRow::new("x")]).rpn_pareto().is_empty());
}

#[test]
fn paste_is_atomic_skips_read_only_columns_and_appends_rows() {
    let mut sheet = sheet_of(vec![row("FM-1", 5, 5, 5)]);
    let before = sheet.clone();
    // Whole rows copied from elsewhere: ID, Item, Function, Failure mode, Effect, Affected groups, S.
    let grid = clipboard::parse_tsv(
        "X-9\tTraining\tFit\tOverfit\tPoor generalisation\tAll users\t6\n\
         X-10\tTraining\tFit\tLeak\tOptimistic metrics\tAll users; Approvers\t7\n",
    )
    .unwrap();
    let outcome = sheet.paste(0, 0, &grid).unwrap();
    assert_eq!(
        outcome,
        PasteOutcome {
            rows_added: 1,
            cells_set: 12,
            cells_skipped: 2
        }
    );
    assert_eq!(ids(&sheet), ["FM-1", "FM-2"]);
    assert_eq!(sheet.rows[0].failure_mode, "Overfit");
    assert_eq!(sheet.rows[0].severity, Rating::new(6));
    assert_eq!(
        sheet.rows[0].occurrence,
        Rating::new(5),
        "cells outside the range stay"
    );
    assert_eq!(sheet.rows[1].affected_groups, ["All users", "Approvers"]);

    // A bad cell in the second row: nothing changes, and the error names row and column.
    let mut sheet = before.clone();
    let grid = clipboard::parse_tsv("4\tok\n11\tok\n").unwrap();
    let err = sheet.paste(0, Column::Severity.index(), &grid).unwrap_err();
    assert_eq!(
        err.to_string(),
        "row 2, Severity (S): expected a whole number from 1 to 10, found \"11\""
    );
    assert_eq!(sheet, before);

    let wide = vec![vec![String::new(); 3]];
    assert_eq!(
        sheet.paste(0, Column::COUNT - 2, &wide),
        Err(EditError::PasteTooWide {
            column: Column::COUNT - 2,
            width: 3,
            column_count: Column::COUNT
        })
    );
    assert!(sheet.paste(2, 0, &wide).is_err());
    assert_eq!(sheet.paste(1, 1, &wide).unwrap().rows_added, 1);
    assert_eq!(sheet.paste(0, 0, &[]).unwrap(), PasteOutcome::default());
}

#[test]
fn copy_and_clear_ranges() {
    let mut sheet = sheet_of(vec![row("FM-1", 9, 8, 5), row("FM-2", 2, 2, 2)]);
    sheet.rows[0].cause = "Multi\nline \"quoted\"".to_owned();
    let s = Column::Severity.index();
    let text = sheet.copy_range(0..2, s..s + 2, true).unwrap();
    assert_eq!(
        text,
        "Severity (S)\tCause\n9\t\"Multi\nline \"\"quoted\"\"\"\n2\t\n"
    );
    // Pasting the copy back (without headers) onto the same place changes nothing.
    let before = sheet.clone();
    let grid =
        clipboard::parse_tsv(&sheet.copy_range(0..2, 0..Column::COUNT, false).unwrap()).unwrap();
    sheet.paste(0, 0, &grid).unwrap();
    assert_eq!(sheet, before);

    assert!(sheet.copy_range(0..3, 0..1, false).is_err());
    assert!(sheet.copy_range(0..1, 0..Column::COUNT + 1, false).is_err());
    #[expect(
        clippy::reversed_empty_ranges,
        reason = "an inverted range must be rejected, not panic"
    )]
    let inverted = sheet.cell_range(1..0, 0..1);
    assert!(inverted.is_err());

    sheet.clear_range(0..1, 0..Column::COUNT).unwrap();
    assert_eq!(
        sheet.rows[0],
        FmeaRow::new("FM-1"),
        "the id survives clearing"
    );
    assert_eq!(sheet.rows[1], before.rows[1]);
}

#[test]
fn next_ids_ignore_foreign_ids() {
    let sheet = sheet_of(vec![
        FmeaRow::new("FM-2"),
        FmeaRow::new("custom"),
        FmeaRow::new("FM-x"),
        FmeaRow::new("FM-10"),
    ]);
    assert_eq!(sheet.next_row_id(), "FM-11");
    assert_eq!(next_worksheet_id(&[]), "fmea-1");
}
