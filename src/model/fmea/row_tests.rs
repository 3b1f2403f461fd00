//! Unit tests of FMEA rows: cells, validation, ratings and action status.

use super::*;

fn rated(s: u8, o: u8, d: u8) -> FmeaRow {
    let mut row = FmeaRow::new("FM-1");
    row.severity = Rating::new(s);
    row.occurrence = Rating::new(o);
    row.detection = Rating::new(d);
    row
}

#[test]
fn columns_are_consistent() {
    for (i, c) in Column::ALL.into_iter().enumerate() {
        assert_eq!(c.index(), i);
        assert_eq!(Column::from_index(i), Some(c));
        assert_eq!(Column::from_header(c.header()), Some(c));
        assert_eq!(Column::from_header(c.key()), Some(c));
        assert_eq!(
            c.is_editable(),
            FmeaRow::validate_cell(c, "").is_ok(),
            "{c:?}"
        );
    }
    assert_eq!(Column::from_index(Column::COUNT), None);
    assert_eq!(
        Column::RevisedDetection.rating_kind(),
        Some(RatingKind::Detection)
    );
    assert_eq!(Column::Severity.rating_kind(), Some(RatingKind::Severity));
    assert_eq!(Column::Rpn.rating_kind(), None);
    for c in Column::ALL {
        assert_eq!(
            c.rating_kind().is_some(),
            c.value_kind() == ValueKind::Rating,
            "{c:?}"
        );
    }
    let computed: Vec<_> = Column::ALL
        .into_iter()
        .filter(|c| c.is_computed())
        .collect();
    assert_eq!(
        computed,
        [
            Column::Rpn,
            Column::ActionPriority,
            Column::RevisedRpn,
            Column::RevisedActionPriority
        ]
    );
}

#[test]
fn rpn_and_priority_need_all_three_ratings() {
    let row = rated(10, 2, 2);
    assert_eq!(row.rpn(), Some(40));
    assert_eq!(row.action_priority(), Some(ActionPriority::Low));
    assert_eq!(row.cell_text(Column::Rpn), "40");
    assert_eq!(row.cell_text(Column::ActionPriority), "L");
    let mut partial = row.clone();
    partial.detection = None;
    assert_eq!(partial.rpn(), None);
    assert_eq!(partial.action_priority(), None);
    assert_eq!(partial.cell_text(Column::Rpn), "");
}

#[test]
fn revised_ratings_fall_back_to_originals() {
    let mut row = rated(9, 6, 7);
    assert_eq!(row.action_priority(), Some(ActionPriority::High));
    assert_eq!(row.revised_action_priority(), None);
    assert_eq!(row.current_action_priority(), Some(ActionPriority::High));
    row.set_cell(Column::RevisedOccurrence, "2").unwrap();
    row.set_cell(Column::RevisedDetection, "5").unwrap();
    assert_eq!(row.revised_rpn(), Some(9 * 2 * 5));
    assert_eq!(row.revised_action_priority(), Some(ActionPriority::Medium));
    assert_eq!(row.cell_text(Column::RevisedActionPriority), "M");
    row.set_cell(Column::RevisedSeverity, "10").unwrap();
    assert_eq!(row.cell_text(Column::RevisedRpn), "100");
    // Revised ratings without originals give nothing.
    let mut unrated = FmeaRow::new("FM-2");
    unrated.revised_detection = Rating::new(2);
    assert_eq!(unrated.revised_rpn(), None);
}

#[test]
fn set_cell_validation_errors_name_column_and_expectation() {
    let mut row = rated(5, 5, 5);
    let before = row.clone();
    let cases = [
        (Column::Severity, "0", EXPECTED_RATING),
        (Column::Severity, "11", EXPECTED_RATING),
        (Column::Occurrence, "7.5", EXPECTED_RATING),
        (Column::Detection, "high", EXPECTED_RATING),
        (Column::RevisedSeverity, "-3", EXPECTED_RATING),
        (Column::TargetDate, "31/12/2026", EXPECTED_DATE),
        (Column::TargetDate, "2026-02-30", EXPECTED_DATE),
        (Column::Status, "Pending", EXPECTED_STATUS),
        (Column::RiskId, "R 1", EXPECTED_ID),
        (Column::BarrierIds, "B-1; B 2", EXPECTED_IDS),
        (Column::Rpn, "125", EXPECTED_READ_ONLY),
        (Column::ActionPriority, "H", EXPECTED_READ_ONLY),
        (Column::RowId, "FM-9", EXPECTED_READ_ONLY),
    ];
    for (column, text, expected) in cases {
        let err = row.set_cell(column, text).unwrap_err();
        assert_eq!(
            err,
            CellError {
                column,
                expected,
                found: text.to_owned()
            }
        );
        assert!(err.to_string().starts_with(column.header()), "{err}");
        assert_eq!(row, before, "a rejected value must leave the row unchanged");
    }
    assert_eq!(
        row.set_cell(Column::TargetDate, "2026-13-01")
            .unwrap_err()
            .to_string(),
        "Target date: expected a date written YYYY-MM-DD, found \"2026-13-01\""
    );
}

#[test]
fn set_cell_accepts_and_clears() {
    let mut row = FmeaRow::new("FM-1");
    row.set_cell(Column::Severity, "10").unwrap();
    row.set_cell(Column::TargetDate, " 2026-03-31 ").unwrap();
    row.set_cell(Column::Status, "in progress").unwrap();
    row.set_cell(Column::AffectedGroups, "Applicants;  Loan officers ;;")
        .unwrap();
    row.set_cell(Column::RiskId, " R-12 ").unwrap();
    row.set_cell(Column::BarrierIds, "B-1;B-7").unwrap();
    row.set_cell(Column::Effect, "  Line one\nline two  ")
        .unwrap();
    assert_eq!(row.severity, Rating::new(10));
    assert_eq!(row.target_date, IsoDate::from_ymd(2026, 3, 31));
    assert_eq!(row.status, Some(ActionStatus::InProgress));
    assert_eq!(row.affected_groups, ["Applicants", "Loan officers"]);
    assert_eq!(row.risk_id.as_deref(), Some("R-12"));
    assert_eq!(row.barrier_ids, ["B-1", "B-7"]);
    assert_eq!(row.effect, "  Line one\nline two  ");
    assert_eq!(row.cell_text(Column::Status), "In progress");
    assert_eq!(row.cell_text(Column::BarrierIds), "B-1; B-7");
    for column in [
        Column::Severity,
        Column::TargetDate,
        Column::Status,
        Column::RiskId,
        Column::BarrierIds,
        Column::AffectedGroups,
    ] {
        row.set_cell(column, "  ").unwrap();
        assert_eq!(row.cell_text(column), "", "{column:?}");
    }
    assert_eq!(row.severity, None);
    assert_eq!(row.risk_id, None);
}

#[test]
fn list_escaping_round_trips() {
    let items = vec![
        r"C:\data\train.csv".to_owned(),
        "a;b".to_owned(),
        r"ends with \".to_owned(),
        "Ünïcödé — 数据".to_owned(),
    ];
    assert_eq!(split_list(&join_list(&items)), items);
    assert_eq!(split_list("one\ntwo\r\nthree"), ["one", "two", "three"]);
    assert_eq!(split_list(r"keep \n as is"), [r"keep \n as is"]);
    assert!(split_list(" ; ;").is_empty());
}

#[test]
fn high_priority_without_action_is_flagged() {
    let mut row = rated(9, 8, 5);
    assert!(row.lacks_required_action());
    row.recommended_action = "   ".to_owned();
    assert!(row.lacks_required_action());
    row.recommended_action = "Add sliced evaluation gate".to_owned();
    assert!(!row.lacks_required_action());
    assert!(!rated(3, 3, 3).lacks_required_action());
}
