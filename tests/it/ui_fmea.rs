//! Manage › FMEA driven like a user would with `egui_kittest`: create worksheets from the template and blank,
//! rate a row with the keyboard and watch its Action Priority, undo, use the rating picker, paste a block of
//! tab-separated cells, sort by priority, export and import CSV through the path prompt, and check that a
//! worksheet of 1,000 rows only lays out the rows on screen.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use crate::support::ui as support;
use support::{click, press, project, type_text};

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::model::fmea::{
    ActionPriority, DETECTION_CRITERIA, FmeaRow, FmeaWorksheet, ML_PIPELINE_TEMPLATE_TITLE, Rating,
    ml_pipeline_template,
};
use riskbench::model::{Project, file};
use riskbench::ui::RiskbenchApp;
use riskbench::ui::sections::Section;
use support::{app, sample_copy};

fn open_fmea(harness: &mut Harness<'_, RiskbenchApp>) {
    harness.get_by_label(Section::Fmea.label()).click();
    harness.run_steps(3);
    assert_eq!(harness.state().section(), Section::Fmea);
    harness.get_by_label("Manage › FMEA");
}

fn last_sheet<'a>(harness: &'a Harness<'_, RiskbenchApp>) -> &'a FmeaWorksheet {
    project(harness).fmea_worksheets.last().unwrap()
}

/// The text of a node: labels keep it in their value, other widgets in their label.
fn node_text(node: &egui_kittest::kittest::AccessKitNode<'_>) -> Option<String> {
    if node.role() == Role::Label {
        node.value()
    } else {
        node.label()
    }
}

/// Dismisses every notification (they cover the top right of the window).
fn dismiss_notifications(harness: &mut Harness<'_, RiskbenchApp>) {
    while let Some(button) = harness.query_by_label("Dismiss") {
        button.click();
        harness.run_steps(2);
    }
}

/// The Action Priority letters shown in the grid, top to bottom.
fn shown_priorities(harness: &Harness<'_, RiskbenchApp>) -> Vec<(f32, ActionPriority)> {
    let mut shown: Vec<(f32, ActionPriority)> = ActionPriority::ALL
        .iter()
        .flat_map(|&p| {
            harness
                .query_all_by_label(p.letter())
                .map(move |node| (node.rect().top(), p))
                .collect::<Vec<_>>()
        })
        .collect();
    shown.sort_by(|a, b| a.0.total_cmp(&b.0));
    shown
}

#[test]
fn worksheets_keyboard_ratings_priority_and_undo() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    open_fmea(&mut harness);
    assert_eq!(project(&harness).fmea_worksheets.len(), 1);
    harness.check_accessibility();

    click(&mut harness, "New from ML pipeline template");
    assert_eq!(project(&harness).fmea_worksheets.len(), 2);
    let template = last_sheet(&harness);
    assert_eq!(template.title, ML_PIPELINE_TEMPLATE_TITLE);
    assert_eq!(template.rows, ml_pipeline_template("x").rows);
    harness.get_by_label("FM-1");

    click(&mut harness, "New blank worksheet");
    assert_eq!(project(&harness).fmea_worksheets.len(), 3);
    assert!(last_sheet(&harness).rows.is_empty());
    assert!(
        harness.query_by_label("FM-1").is_none(),
        "the blank sheet is shown"
    );

    click(&mut harness, "Insert row below");
    assert_eq!(last_sheet(&harness).rows.len(), 1);
    harness.get_by_label("FM-1");

    // The new row's "Item" cell is selected; Tab five times reaches "Severity (S)".
    for _ in 0..5 {
        press(&mut harness, Key::Tab);
    }
    harness.get_by_label("FM-1 · Severity (S)");
    type_text(&mut harness, "9");
    // The editor is open with the typed digit, and labelled for assistive technology.
    let editor = harness.get_by_role_and_label(Role::TextInput, "FM-1 · Severity (S)");
    assert_eq!(editor.value().as_deref(), Some("9"));
    harness.check_accessibility();
    press(&mut harness, Key::Enter);
    assert_eq!(last_sheet(&harness).rows[0].severity, Rating::new(9));

    // Cause, Prevention controls, Occurrence (O).
    for _ in 0..3 {
        press(&mut harness, Key::ArrowRight);
    }
    type_text(&mut harness, "8");
    press(&mut harness, Key::Tab);
    press(&mut harness, Key::ArrowRight);
    harness.get_by_label("FM-1 · Detection (D)");
    assert!(harness.query_by_label("H").is_none(), "not rated yet");
    type_text(&mut harness, "5");
    press(&mut harness, Key::Enter);

    let row = &last_sheet(&harness).rows[0];
    assert_eq!(
        (row.severity, row.occurrence, row.detection),
        (Rating::new(9), Rating::new(8), Rating::new(5))
    );
    assert_eq!(row.action_priority(), Some(ActionPriority::High));
    assert_eq!(row.rpn(), Some(360));
    harness.get_by_label("H");
    harness.get_by_label("360");
    // High priority without a recommended action is flagged.
    harness.get_by_label("⚠ 1 H row has no recommended action");

    // Undo takes back the last rating (one step per cell), and the priority with it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    let row = &last_sheet(&harness).rows[0];
    assert_eq!(row.detection, None);
    assert_eq!(row.occurrence, Rating::new(8));
    assert_eq!(row.action_priority(), None);
    assert!(harness.query_by_label("H").is_none());

    // An out-of-range rating is refused with the reason; the cell keeps its old value.
    type_text(&mut harness, "1");
    type_text(&mut harness, "1");
    press(&mut harness, Key::Enter);
    harness.get_by_label("Detection (D): expected a whole number from 1 to 10, found \"11\"");
    assert_eq!(last_sheet(&harness).rows[0].detection, None);
    press(&mut harness, Key::Escape);
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "FM-1 · Detection (D)")
            .is_none(),
        "Escape closes the editor"
    );

    // The rating picker (Alt+Down) lists our ML criteria; choosing one sets the cell.
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.run_steps(3);
    let moderate = &DETECTION_CRITERIA[4];
    let choice = format!("{:>2}  {}", moderate.value, moderate.label);
    harness.check_accessibility();
    click(&mut harness, &choice);
    assert_eq!(last_sheet(&harness).rows[0].detection, Rating::new(5));
    harness.get_by_label("H");
}

#[test]
fn pasting_a_tsv_block_fills_cells_and_adds_rows() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    open_fmea(&mut harness);
    click(&mut harness, "New blank worksheet");
    click(&mut harness, "Insert row below");

    harness.event(Event::Paste(
        "Training\tFit the model\tOverfitting\nLabelling\tLabel the data\t\"Label noise,\nsystematic\"\n"
            .to_owned(),
    ));
    harness.run_steps(2);
    let sheet = last_sheet(&harness);
    assert_eq!(sheet.rows.len(), 2);
    assert_eq!(sheet.rows[0].item, "Training");
    assert_eq!(sheet.rows[0].failure_mode, "Overfitting");
    assert_eq!(sheet.rows[1].row_id, "FM-2");
    assert_eq!(sheet.rows[1].function, "Label the data");
    assert_eq!(sheet.rows[1].failure_mode, "Label noise,\nsystematic");
    harness.get_by_label("Pasted 6 cells, 1 row added");

    // The pasted range is selected: copying it gives the same text back.
    harness.event(Event::Copy);
    harness.step();
    let copied: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        copied,
        [
            "Training\tFit the model\tOverfitting\nLabelling\tLabel the data\t\"Label noise,\nsystematic\"\n"
        ]
    );
    harness.run_steps(2);

    // A paste is one undo step.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(last_sheet(&harness).rows, [FmeaRow::new("FM-1")]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run_steps(2);
    assert_eq!(last_sheet(&harness).rows.len(), 2);

    // A bad rating anywhere in the block: nothing changes and a notification names row and column.
    press(&mut harness, Key::Escape);
    press(&mut harness, Key::ArrowDown);
    for _ in 0..3 {
        press(&mut harness, Key::Tab);
    }
    harness.get_by_label("FM-2 · Severity (S)");
    let before = last_sheet(&harness).rows.clone();
    harness.event(Event::Paste("7\n11\n".to_owned()));
    harness.run_steps(2);
    assert_eq!(last_sheet(&harness).rows, before);
    let notes = harness.state().notifications();
    assert!(
        notes.iter().any(|n| n.text
            == "Cannot paste: new row: Severity (S): expected a whole number from 1 to 10, found \"11\""),
        "{notes:?}"
    );

    // Ragged text is refused with its line.
    harness.event(Event::Paste("a\tb\nc\n".to_owned()));
    harness.run_steps(2);
    assert!(
        harness.state().notifications().iter().any(|n| n
            .text
            .starts_with("Cannot paste: line 2: expected 2 tab-separated cells")),
        "{:?}",
        harness.state().notifications()
    );
    assert_eq!(last_sheet(&harness).rows, before);

    // A single value fills the selected range.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowUp);
    harness.run_steps(2);
    harness.event(Event::Paste("6".to_owned()));
    harness.run_steps(2);
    let rows = &last_sheet(&harness).rows;
    assert_eq!(
        (rows[0].severity, rows[1].severity),
        (Rating::new(6), Rating::new(6))
    );
}

#[test]
fn sorting_puts_high_priority_rows_first_and_apply_order_reorders() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    open_fmea(&mut harness);
    let original = last_sheet(&harness).rows.clone();
    let expected_first = &original[last_sheet(&harness).priority_order()[0]].row_id;
    assert_ne!(
        last_sheet(&harness).priority_order()[0],
        0,
        "the sample is not in priority order already"
    );

    click(&mut harness, "Sort by priority");
    let shown = shown_priorities(&harness);
    assert!(shown.len() >= 3, "{shown:?}");
    assert_eq!(shown[0].1, ActionPriority::High);
    assert!(
        shown.windows(2).all(|w| w[0].1 >= w[1].1),
        "H rows first, then M, then L: {shown:?}"
    );
    let first_row = harness.get_by_label(expected_first).rect().top();
    assert!(
        harness
            .query_all_by(|n| node_text(n).is_some_and(|l| l.starts_with("FM-")))
            .all(|n| n.rect().top() >= first_row - 1.0),
        "{expected_first} is the top row"
    );
    assert_eq!(
        last_sheet(&harness).rows,
        original,
        "sorting is a view only"
    );

    click(&mut harness, "Apply order");
    let sheet = last_sheet(&harness);
    assert_eq!(
        sheet.priority_order(),
        (0..sheet.rows.len()).collect::<Vec<_>>()
    );
    assert_eq!(&sheet.rows[0].row_id, expected_first);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(last_sheet(&harness).rows, original);

    // Filtering by priority keeps only those rows.
    click(&mut harness, "High");
    let shown = shown_priorities(&harness);
    assert!(!shown.is_empty());
    assert!(
        shown.iter().all(|(_, p)| *p == ActionPriority::High),
        "{shown:?}"
    );
    let high = original
        .iter()
        .filter(|r| r.action_priority() == Some(ActionPriority::High))
        .count();
    harness.get_by_label(&format!("Showing {high} of {} rows", original.len()));

    // The charts and the help open and are accessible.
    click(&mut harness, "Charts");
    harness.get_by_label("Pareto of RPN");
    harness.check_accessibility();
    click(&mut harness, "Charts");
    click(&mut harness, "About AP and RPN");
    harness.get_by_label("Action Priority (AP) and RPN");
    harness.check_accessibility();
}

#[test]
fn csv_export_and_import_go_through_the_file_prompt() {
    let (dir, path) = sample_copy();
    let mut harness = app(Some(path));
    open_fmea(&mut harness);
    let original = last_sheet(&harness).clone();

    let csv = dir.path().join("worksheet");
    click(&mut harness, "Export CSV…");
    support::answer_path_prompt(&mut harness, &csv);
    let written = dir.path().join("worksheet.csv");
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(
        text.starts_with("ID,Item / pipeline step,Function,"),
        "{text}"
    );
    assert!(
        harness
            .state()
            .notifications()
            .iter()
            .any(|n| n.text.starts_with("Exported “")),
        "{:?}",
        harness.state().notifications()
    );

    dismiss_notifications(&mut harness);
    click(&mut harness, "Import CSV…");
    support::answer_path_prompt(&mut harness, &written);
    assert_eq!(project(&harness).fmea_worksheets.len(), 2);
    let imported = last_sheet(&harness);
    assert_eq!(imported.title, "worksheet");
    assert_eq!(imported.rows, original.rows);
    assert_ne!(imported.worksheet_id, original.worksheet_id);

    // A bad value is reported with its line and column, and nothing is added.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "Failure mode,Severity (S)\nDrift,7\nLeak,eleven\n").unwrap();
    dismiss_notifications(&mut harness);
    click(&mut harness, "Import CSV…");
    support::answer_path_prompt(&mut harness, &bad);
    assert_eq!(project(&harness).fmea_worksheets.len(), 2);
    let notes = harness.state().notifications();
    assert!(
        notes
            .iter()
            .any(|n| n.text.contains("line 3, column \"Severity (S)\"")
                && n.text.ends_with("bad.csv")),
        "{notes:?}"
    );
}

#[test]
fn a_thousand_rows_lay_out_only_what_is_visible() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.riskbench.ron");
    let template = ml_pipeline_template("fmea-1");
    let mut sheet = FmeaWorksheet::new("fmea-1", "A thousand rows");
    for i in 0..1000 {
        let mut row = template.rows[i % template.rows.len()].clone();
        row.row_id = format!("FM-{}", i + 1);
        sheet.rows.push(row);
    }
    let mut big = Project::blank(
        "Big",
        riskbench::model::IsoDate::from_ymd(2026, 1, 1).unwrap(),
    );
    big.fmea_worksheets.push(sheet);
    file::save_project(&path, &big).unwrap();

    let mut harness = app(Some(path));
    assert!(
        harness.state().notifications().is_empty(),
        "{:?}",
        harness.state().notifications()
    );
    open_fmea(&mut harness);
    assert_eq!(project(&harness).fmea_worksheets[0].rows.len(), 1000);
    click(&mut harness, "Sort by priority");
    let row_ids = |harness: &Harness<'_, RiskbenchApp>| {
        harness
            .query_all_by(|n| {
                node_text(n).is_some_and(|l| {
                    l.strip_prefix("FM-")
                        .is_some_and(|n| n.parse::<u32>().is_ok())
                })
            })
            .count()
    };
    let laid_out = row_ids(&harness);
    assert!(
        (5..60).contains(&laid_out),
        "only the visible rows are laid out, found {laid_out}"
    );
    // Frames go on laying out only the visible rows; frame time is not asserted (a timed assertion fails on
    // a busy machine, it measures the machine).
    harness.run_steps(10);

    // Keyboard navigation to the end scrolls there.
    let top = project_row_id_at_top(&harness);
    harness.get_by_label(&top).click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::End);
    harness.run_steps(4);
    assert!((5..60).contains(&row_ids(&harness)));
    let last = harness.state().document().project().fmea_worksheets[0].priority_order()[999];
    let last_id = format!("FM-{}", last + 1);
    harness.get_by_label(&format!("{last_id} · Barrier IDs"));
    harness.get_by_label(&last_id);
}

/// The id of the first row in priority order.
fn project_row_id_at_top(harness: &Harness<'_, RiskbenchApp>) -> String {
    let sheet = &harness.state().document().project().fmea_worksheets[0];
    sheet.rows[sheet.priority_order()[0]].row_id.clone()
}

/// The right edge of the grid heading `heading`.
fn heading_right(harness: &Harness<'_, RiskbenchApp>, heading: &str) -> f32 {
    harness
        .get_all_by_label(heading)
        .map(|n| n.rect().right())
        .fold(f32::MIN, f32::max)
}

#[test]
fn the_compact_view_fits_the_priority_and_the_id_column_stays_when_the_grid_scrolls_right() {
    let (_dir, path) = sample_copy();
    let width = 1600.0;
    let mut harness = support::app_sized(Some(path), egui::vec2(width, 1000.0));
    open_fmea(&mut harness);
    let first_row = project(&harness).fmea_worksheets[0].rows[0].row_id.clone();
    // At 1,600 points the Action Priority is off to the right…
    assert!(heading_right(&harness, "AP") > width);
    // …and in the compact view it is on screen, with short rating headings.
    click(&mut harness, "Compact columns");
    assert!(heading_right(&harness, "AP") <= width);
    for heading in ["S", "O", "D", "RPN"] {
        assert!(heading_right(&harness, heading) <= width, "{heading}");
    }
    click(&mut harness, "Compact columns");

    // Not scrolled: nothing is pinned.
    assert!(
        harness
            .query_by_label(&format!("Pinned {first_row}"))
            .is_none()
    );
    // Select the first row's id cell and go to the row's end: the grid scrolls right and the id column
    // stays at its left edge.
    harness.get_all_by_label(&first_row).next().unwrap().click();
    harness.run_steps(2);
    press(&mut harness, Key::End);
    harness.run_steps(3);
    let pinned = harness.get_by_label(&format!("Pinned {first_row}")).rect();
    // At the grid's left edge, beside the navigation (about 190 points wide), as wide as the id column.
    assert!(
        pinned.left() > 150.0 && pinned.left() < 260.0 && pinned.width() < 80.0,
        "pinned at {pinned:?}"
    );
    // A click on the pinned id selects the row's first cell again (the grid scrolls back).
    harness.get_by_label(&format!("Pinned {first_row}")).click();
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label(&format!("Pinned {first_row}"))
            .is_none()
    );
}

/// Typing right after a cell is selected keeps every character, whether they arrive in one frame or in the
/// frames while the editor opens (seen with `xdotool type`: only the first character used to be kept).
#[test]
fn typing_fast_into_a_selected_cell_keeps_every_character() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    open_fmea(&mut harness);
    click(&mut harness, "New blank worksheet");
    click(&mut harness, "Insert row below");
    harness.get_by_label("FM-1 · Item / pipeline step");
    // All in one frame.
    for c in ["S", "c", "o", "r", "e", "r"] {
        harness.event(egui::Event::Text(c.to_owned()));
    }
    harness.run_steps(1);
    press(&mut harness, Key::Enter);
    assert_eq!(last_sheet(&harness).rows[0].item, "Scorer");
    // One character a frame, the editor opening meanwhile.
    press(&mut harness, Key::Tab);
    harness.get_by_label("FM-1 · Function");
    for c in ["R", "a", "n", "k", " ", "l", "o", "a", "n", "s"] {
        harness.event(egui::Event::Text(c.to_owned()));
        harness.run_steps(1);
    }
    press(&mut harness, Key::Enter);
    assert_eq!(last_sheet(&harness).rows[0].function, "Rank loans");
}
