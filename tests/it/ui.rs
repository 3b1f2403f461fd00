//! The app shell, driven like a user would with `egui_kittest`: open the sample, visit every section by its
//! label, edit the project name, undo and redo it, and watch the unsaved-changes marker.

use crate::support::ui as support;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use riskbench::ui::sections::Section;
use support::{answer_path_prompt, app, sample_copy};

#[test]
fn opens_the_sample_and_checks_its_datasets() {
    let (_dir, project) = sample_copy();
    let mut harness = app(Some(project));
    let app = harness.state();
    assert_eq!(
        app.document().project().metadata.system_name,
        "Consumer loan pre-screening model"
    );
    assert!(!app.document().is_dirty());
    assert!(app.notifications().is_empty(), "{:?}", app.notifications());
    let checks = app.dataset_checks();
    assert_eq!(checks.len(), 2, "{checks:?}");
    for check in checks.values() {
        assert_eq!(
            check,
            &riskbench::ui::app::FileCheck::Done(
                riskbench::analysis::dataset::DatasetStatus::Unchanged
            )
        );
    }
    harness.get_by_label("Datasets").click();
    harness.run_steps(2);
    assert!(
        harness
            .query_all_by_value("German credit test predictions")
            .next()
            .is_some()
    );
    assert_eq!(harness.get_all_by_label("Unchanged").count(), 2);
}

#[test]
fn every_section_is_reachable_by_its_label() {
    let (_dir, project) = sample_copy();
    let mut harness = app(Some(project));
    for section in Section::all() {
        harness.get_by_label(section.label()).click();
        harness.run_steps(2);
        assert_eq!(harness.state().section(), section);
        let heading = format!("{} › {}", section.function().label(), section.label());
        harness.get_by_label(&heading);
    }
}

#[test]
fn editing_the_name_marks_dirty_and_undo_redo_restore_it() {
    let (_dir, project) = sample_copy();
    let mut harness = app(Some(project));
    harness.get_by_label("Project").click();
    harness.run_steps(2);
    assert!(harness.query_by_label("All changes saved").is_some());

    let field = harness.get_by_role_and_label(Role::TextInput, "System name");
    field.click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, "System name")
        .type_text(" v2");
    harness.run_steps(2);
    let name = harness
        .state()
        .document()
        .project()
        .metadata
        .system_name
        .clone();
    assert_eq!(name, "Consumer loan pre-screening model v2");
    assert!(harness.state().document().is_dirty());
    assert!(
        harness
            .state()
            .window_title()
            .starts_with("● Consumer loan pre-screening model v2")
    );
    harness.get_by_label("● Unsaved changes");

    // Undo from the Edit menu.
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    harness.get_by_label_contains("Undo").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().document().project().metadata.system_name,
        "Consumer loan pre-screening model"
    );
    assert!(
        !harness.state().document().is_dirty(),
        "undo back to the saved state is clean"
    );
    harness.get_by_label("All changes saved");

    // Redo with the keyboard shortcut.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    harness.run_steps(2);
    assert_eq!(
        harness.state().document().project().metadata.system_name,
        "Consumer loan pre-screening model v2"
    );
    assert!(harness.state().document().is_dirty());
}

#[test]
fn typing_a_word_is_one_undo_step() {
    let (_dir, project) = sample_copy();
    let mut harness = app(Some(project));
    harness.get_by_label("Project").click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::TextInput, "System owner")
        .click();
    harness.run_steps(1);
    for ch in ["x", "y", "z"] {
        harness
            .get_by_role_and_label(Role::TextInput, "System owner")
            .type_text(ch);
        harness.run_steps(1);
    }
    assert_eq!(
        harness.state().document().project().metadata.owner,
        "Head of Retail Creditxyz"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(2);
    assert_eq!(
        harness.state().document().project().metadata.owner,
        "Head of Retail Credit"
    );
}

#[test]
fn save_writes_the_file_and_clears_the_marker() {
    let (_dir, project) = sample_copy();
    let mut harness = app(Some(project.clone()));
    harness.get_by_label("Roles").click();
    harness.run_steps(2);
    harness.get_by_label("Add author").click();
    harness.run_steps(2);
    assert!(harness.state().document().is_dirty());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(2);
    assert!(
        !harness.state().document().is_dirty(),
        "{:?}",
        harness.state().notifications()
    );
    let saved = riskbench::model::file::load_project(&project).unwrap();
    assert_eq!(saved.project.metadata.authors.len(), 3);
}

#[test]
fn a_broken_project_shows_an_error_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.riskbench.ron");
    std::fs::write(
        &path,
        "(\n    schema_version: 1,\n    metadata: (system_name: 42),\n)\n",
    )
    .unwrap();
    let harness = app(Some(path));
    let notes = harness.state().notifications();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].text.contains("line 3, column"),
        "{}",
        notes[0].text
    );
    assert!(
        notes[0].text.contains("broken.riskbench.ron"),
        "{}",
        notes[0].text
    );
    assert!(
        harness.state().document().path().is_none(),
        "the blank project stays open"
    );
}

#[test]
fn the_report_screen_previews_and_exports_the_plan() {
    let (dir, project) = sample_copy();
    let mut harness = app(Some(project));
    harness.get_by_label("AI Risk Treatment Plan").click();
    harness.run_steps(2);
    // The outline preview lists the sections; unticking one removes it from the preview.
    assert!(harness.query_by_label("9 FMEA worksheets").is_some());
    assert!(harness.query_by_label("13 Approval").is_some());
    harness.get_by_label("FMEA worksheets").click();
    harness.run_steps(2);
    assert!(harness.query_by_label("9 FMEA worksheets").is_none());
    assert!(harness.query_by_label("12 Approval").is_some());

    harness.get_by_label("Export PDF…").click();
    harness.run_steps(2);
    let out = dir.path().join("plan.pdf");
    answer_path_prompt(&mut harness, &out);
    let notes: Vec<String> = harness
        .state()
        .notifications()
        .iter()
        .map(|n| n.text.clone())
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("Wrote the treatment plan")),
        "{notes:?}"
    );
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    // The export runs the gate on its background job: the summary states its verdict.
    let text = crate::support::pdf::squash(&crate::support::pdf::poppler(
        "pdftotext",
        &[out.to_str().unwrap(), "-"],
    ));
    assert!(
        text.contains(
            "Deployment gate (riskbench check): release blocked: 192 of 463 check(s) fail"
        ),
        "{text}"
    );
}
