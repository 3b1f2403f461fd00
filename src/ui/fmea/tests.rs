//! Unit tests of the FMEA grid's view logic and helpers.

use super::view::CellRange;
use super::view::EditorKey;
use super::view::GridKey;
use super::view::Move;
use super::view::ViewCell;
use super::view::build_view;
use super::view::csv_file_name;
use super::view::editor_key;
use super::view::fill_range;
use super::view::grid_key;
use super::view::moved;
use super::view::neighbour;
use super::view::paste_into_view;
use super::view::picker_choices;
use super::view::reveal_offset;
use super::view::view_position;
use super::view::with_csv_extension;
use super::*;
use std::path::PathBuf;

use egui::{Key, Modifiers};

use crate::model::fmea::{ActionPriority, ActionStatus, Column, FmeaRow, Rating, clipboard};

fn cell(row: usize, col: usize) -> ViewCell {
    ViewCell { row, col }
}

#[test]
fn moves_stay_inside_the_grid() {
    let (rows, cols) = (3, 4);
    assert_eq!(moved(cell(0, 0), Move::Up, rows, cols), cell(0, 0));
    assert_eq!(moved(cell(0, 0), Move::Left, rows, cols), cell(0, 0));
    assert_eq!(moved(cell(2, 3), Move::Down, rows, cols), cell(2, 3));
    assert_eq!(moved(cell(2, 3), Move::Right, rows, cols), cell(2, 3));
    assert_eq!(moved(cell(1, 1), Move::Down, rows, cols), cell(2, 1));
    assert_eq!(moved(cell(1, 1), Move::Right, rows, cols), cell(1, 2));
    assert_eq!(moved(cell(1, 2), Move::RowStart, rows, cols), cell(1, 0));
    assert_eq!(moved(cell(1, 2), Move::RowEnd, rows, cols), cell(1, 3));
    assert_eq!(moved(cell(1, 2), Move::Top, rows, cols), cell(0, 2));
    assert_eq!(moved(cell(1, 2), Move::Bottom, rows, cols), cell(2, 2));
    assert_eq!(moved(cell(1, 2), Move::First, rows, cols), cell(0, 0));
    assert_eq!(moved(cell(1, 2), Move::Last, rows, cols), cell(2, 3));
    // A position left over from a longer view is clamped first.
    assert_eq!(moved(cell(9, 9), Move::Up, rows, cols), cell(1, 3));
    // An empty view keeps everything at 0.
    assert_eq!(moved(cell(4, 2), Move::Down, 0, cols), cell(0, 2));
}

#[test]
fn tab_wraps_to_the_next_and_previous_row() {
    let (rows, cols) = (2, 3);
    assert_eq!(moved(cell(0, 1), Move::Next, rows, cols), cell(0, 2));
    assert_eq!(moved(cell(0, 2), Move::Next, rows, cols), cell(1, 0));
    assert_eq!(moved(cell(1, 2), Move::Next, rows, cols), cell(1, 2));
    assert_eq!(moved(cell(1, 0), Move::Previous, rows, cols), cell(0, 2));
    assert_eq!(moved(cell(0, 0), Move::Previous, rows, cols), cell(0, 0));
}

#[test]
fn pages_move_by_the_visible_rows() {
    assert_eq!(moved(cell(5, 1), Move::PageDown(10), 100, 3), cell(15, 1));
    assert_eq!(moved(cell(95, 1), Move::PageDown(10), 100, 3), cell(99, 1));
    assert_eq!(moved(cell(5, 1), Move::PageUp(10), 100, 3), cell(0, 1));
    assert_eq!(moved(cell(5, 1), Move::PageDown(0), 100, 3), cell(6, 1));
}

#[test]
fn ranges_span_anchor_and_cursor_in_any_order() {
    let range = CellRange::spanning(cell(4, 5), cell(2, 1));
    assert_eq!(range.rows, 2..5);
    assert_eq!(range.cols, 1..6);
    assert!(range.contains(cell(2, 1)) && range.contains(cell(4, 5)));
    assert!(!range.contains(cell(5, 1)) && !range.contains(cell(2, 0)));
    assert!(!range.is_single());
    assert!(CellRange::spanning(cell(3, 3), cell(3, 3)).is_single());
}

#[test]
fn shift_moves_extend_the_range_from_the_anchor() {
    // Shift+Right twice, then Shift+Down: the anchor stays, the cursor moves.
    let anchor = cell(1, 2);
    let mut cursor = anchor;
    for step in [Move::Right, Move::Right, Move::Down] {
        cursor = moved(cursor, step, 5, 27);
    }
    let range = CellRange::spanning(anchor, cursor);
    assert_eq!((range.rows, range.cols), (1..3, 2..5));
    assert_eq!(
        grid_key(Key::ArrowRight, Modifiers::SHIFT, 10),
        Some(GridKey::Move(Move::Right, true))
    );
    assert_eq!(
        grid_key(Key::ArrowRight, Modifiers::NONE, 10),
        Some(GridKey::Move(Move::Right, false))
    );
}

#[test]
fn grid_keys_do_not_clash_with_app_shortcuts() {
    for command in super::super::commands::Command::ALL {
        for shortcut in command
            .shortcut()
            .into_iter()
            .chain(command.alternative_shortcuts())
        {
            assert_eq!(
                grid_key(shortcut.logical_key, shortcut.modifiers, 10),
                None,
                "{command:?}"
            );
        }
    }
    let cmd = Modifiers::COMMAND;
    let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
    assert_eq!(grid_key(Key::I, cmd, 1), Some(GridKey::InsertRow(true)));
    assert_eq!(
        grid_key(Key::I, cmd_shift, 1),
        Some(GridKey::InsertRow(false))
    );
    assert_eq!(grid_key(Key::D, cmd, 1), Some(GridKey::Duplicate));
    assert_eq!(
        grid_key(Key::D, cmd_shift, 1),
        None,
        "Ctrl+Shift+D adds a dataset"
    );
    assert_eq!(grid_key(Key::Delete, cmd, 1), Some(GridKey::DeleteRows));
    assert_eq!(
        grid_key(Key::ArrowUp, cmd_shift, 1),
        Some(GridKey::MoveRow(true))
    );
    assert_eq!(
        grid_key(Key::ArrowDown, Modifiers::ALT, 1),
        Some(GridKey::OpenPicker)
    );
    assert_eq!(grid_key(Key::F2, Modifiers::NONE, 1), Some(GridKey::Edit));
    assert_eq!(
        grid_key(Key::Enter, Modifiers::NONE, 1),
        Some(GridKey::Edit)
    );
    assert_eq!(grid_key(Key::Z, cmd, 1), None);
}

#[test]
fn editor_keys_save_move_and_cancel() {
    let none = Modifiers::NONE;
    let shift = Modifiers::SHIFT;
    assert_eq!(
        editor_key(Key::Enter, none, true),
        Some(EditorKey::Commit(Some(Move::Down)))
    );
    assert_eq!(
        editor_key(Key::Enter, shift, true),
        None,
        "a new line in text"
    );
    assert_eq!(
        editor_key(Key::Enter, shift, false),
        Some(EditorKey::Commit(None))
    );
    assert_eq!(
        editor_key(Key::Tab, shift, false),
        Some(EditorKey::Commit(Some(Move::Previous)))
    );
    assert_eq!(editor_key(Key::Escape, none, true), Some(EditorKey::Cancel));
    assert_eq!(
        editor_key(Key::ArrowDown, none, true),
        None,
        "moves the text cursor"
    );
    assert_eq!(
        editor_key(Key::ArrowDown, none, false),
        Some(EditorKey::Commit(Some(Move::Down)))
    );
    assert_eq!(editor_key(Key::ArrowLeft, none, false), None);
}

fn rated(id: &str, s: u8, o: u8, d: u8) -> FmeaRow {
    let mut row = FmeaRow::new(id);
    row.severity = Rating::new(s);
    row.occurrence = Rating::new(o);
    row.detection = Rating::new(d);
    row
}

fn demo_sheet() -> FmeaWorksheet {
    let mut owned = rated("FM-2", 9, 8, 5); // H
    owned.owner = "Data lead".to_owned();
    FmeaWorksheet {
        rows: vec![
            rated("FM-1", 3, 3, 3), // L
            owned,
            rated("FM-3", 7, 4, 5), // M
            FmeaRow::new("FM-4"),   // unrated
        ],
        ..FmeaWorksheet::new("fmea-1", "Demo")
    }
}

#[test]
fn views_sort_and_filter_without_touching_the_rows() {
    let sheet = demo_sheet();
    assert_eq!(
        build_view(&sheet, &RowFilter::default(), false),
        [0, 1, 2, 3]
    );
    assert_eq!(
        build_view(&sheet, &RowFilter::default(), true),
        [1, 2, 0, 3]
    );
    let high_or_low = RowFilter {
        priorities: vec![ActionPriority::High, ActionPriority::Low],
        ..RowFilter::default()
    };
    assert_eq!(build_view(&sheet, &high_or_low, true), [1, 0]);
    let owned = RowFilter {
        owner: Some("data lead".to_owned()),
        ..RowFilter::default()
    };
    assert_eq!(build_view(&sheet, &owned, false), [1]);
}

#[test]
fn hidden_rows_map_to_a_shown_neighbour() {
    let view = [1, 2, 5];
    assert_eq!(view_position(&view, 2), Some(1));
    assert_eq!(view_position(&view, 3), Some(2), "next shown row");
    assert_eq!(view_position(&view, 9), Some(2), "else the last");
    assert_eq!(view_position(&[], 0), None);
    assert_eq!(neighbour(&view, 1, true), Some(1));
    assert_eq!(neighbour(&view, 1, false), Some(5));
    assert_eq!(neighbour(&view, 0, true), None);
    assert_eq!(neighbour(&view, 2, false), None);
}

#[test]
fn paste_follows_the_view_and_appends_rows() {
    let sheet = demo_sheet();
    // Sorted view [1, 2, 0, 3]: pasting two lines at position 0 fills FM-2 then FM-3.
    let view = build_view(&sheet, &RowFilter::default(), true);
    let grid = clipboard::parse_tsv("Cause A\nCause B\n").unwrap();
    let (rows, outcome, targets) =
        paste_into_view(&sheet, &view, 0, Column::Cause.index(), &grid).unwrap();
    assert_eq!(targets, [1, 2]);
    assert_eq!(rows[1].cause, "Cause A");
    assert_eq!(rows[2].cause, "Cause B");
    assert_eq!(outcome.cells_set, 2);
    // Past the last shown row, lines become new rows at the end.
    let (rows, outcome, targets) =
        paste_into_view(&sheet, &[3], 0, Column::Item.index(), &grid).unwrap();
    assert_eq!(targets, [3, 4]);
    assert_eq!(outcome.rows_added, 1);
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[4].item, "Cause B");
    assert_eq!(rows[4].row_id, "FM-5");
    // A bad value anywhere changes nothing and names the row by its id.
    let bad = clipboard::parse_tsv("4\n11\n").unwrap();
    let err = paste_into_view(&sheet, &view, 0, Column::Severity.index(), &bad).unwrap_err();
    assert_eq!(
        err,
        "FM-3: Severity (S): expected a whole number from 1 to 10, found \"11\""
    );
    let wide = vec![vec![String::new(); 3]];
    assert!(
        paste_into_view(&sheet, &view, 0, Column::COUNT - 1, &wide)
            .unwrap_err()
            .contains("does not fit")
    );
}

#[test]
fn a_single_value_fills_the_range() {
    let one = vec![vec!["7".to_owned()]];
    assert_eq!(
        fill_range(one.clone(), 2, 3),
        vec![vec!["7".to_owned(); 3]; 2]
    );
    assert_eq!(fill_range(one.clone(), 1, 1), one);
    let two = vec![vec!["a".to_owned(), "b".to_owned()]];
    assert_eq!(fill_range(two.clone(), 4, 4), two);
}

#[test]
fn horizontal_scroll_reveals_the_selected_column() {
    // Viewport 0..500.
    assert!((reveal_offset(0.0, 500.0, 100.0, 200.0) - 0.0).abs() < f32::EPSILON);
    assert!((reveal_offset(0.0, 500.0, 450.0, 650.0) - 150.0).abs() < f32::EPSILON);
    assert!((reveal_offset(300.0, 500.0, 100.0, 200.0) - 100.0).abs() < f32::EPSILON);
    // A column wider than the viewport shows its start.
    assert!((reveal_offset(0.0, 500.0, 600.0, 1200.0) - 600.0).abs() < f32::EPSILON);
}

#[test]
fn csv_file_names_come_from_the_title() {
    assert_eq!(csv_file_name("ML pipeline FMEA"), "ml_pipeline_fmea.csv");
    assert_eq!(csv_file_name("  "), "fmea.csv");
    assert_eq!(
        csv_file_name("Prüfung: Daten/Modell"),
        "prüfung__daten_modell.csv"
    );
    assert_eq!(
        with_csv_extension(Path::new("/tmp/x")),
        PathBuf::from("/tmp/x.csv")
    );
    assert_eq!(
        with_csv_extension(Path::new("/tmp/x.txt")),
        PathBuf::from("/tmp/x.txt")
    );
}

#[test]
fn pickers_exist_for_ratings_and_status_only() {
    let (title, _, choices) = picker_choices(Column::RevisedSeverity).unwrap();
    assert_eq!(title, "Severity (S)");
    assert_eq!(choices.len(), 10);
    assert_eq!(choices[0].value, "10", "highest first");
    let (_, _, statuses) = picker_choices(Column::Status).unwrap();
    assert_eq!(statuses.len(), ActionStatus::ALL.len());
    for choice in &statuses {
        assert!(ActionStatus::parse(&choice.value).is_some());
    }
    assert!(picker_choices(Column::Cause).is_none());
    assert!(picker_choices(Column::Rpn).is_none());
}
