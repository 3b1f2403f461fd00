//! The unsaved-changes prompt on close, open and new (Save / Discard changes / Cancel, each with its
//! outcome on screen and on disk), and Save As into another folder with the dataset paths rebased, driven
//! through the real window with `egui_kittest`.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui::{ViewportCommand, ViewportEvent, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::analysis::dataset::{DatasetStatus, check_dataset};
use riskbench::analysis::task::TaskControl;
use riskbench::model::file::{autosave_path, load_project, resolve_path};
use riskbench::ui::RiskbenchApp;
use riskbench::ui::commands::Command;

use crate::support::ui::{answer_path_prompt, app, click, command, project, sample_copy, settle};

const ORIGINAL_NAME: &str = "Consumer loan pre-screening model";
const PROMPT: &str = "Unsaved changes";

/// Types " v2" after the system name on the Project screen.
fn edit(harness: &mut Harness<'_, RiskbenchApp>) {
    click(harness, "Project");
    harness
        .get_by_role_and_label(Role::TextInput, "System name")
        .click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, "System name")
        .type_text(" v2");
    harness.run_steps(2);
    assert!(harness.state().document().is_dirty());
}

/// The sample copy opened and edited; returns the folder, the file and its bytes before the edit.
fn edited_sample() -> (
    tempfile::TempDir,
    PathBuf,
    Vec<u8>,
    Harness<'static, RiskbenchApp>,
) {
    let (dir, path) = sample_copy();
    let original = std::fs::read(&path).unwrap();
    let mut harness = app(Some(path.clone()));
    edit(&mut harness);
    (dir, path, original, harness)
}

/// The prompt's dialog is shown.
fn prompt_shown(harness: &Harness<'_, RiskbenchApp>) -> bool {
    harness.query_by_label("Unsaved changes").is_some()
        && harness
            .query_by_label_contains("has changes that are not saved")
            .is_some()
}

/// Clicks a button of the prompt.
fn answer(harness: &mut Harness<'_, RiskbenchApp>, button: &str) {
    harness.get_by_role_and_label(Role::Button, button).click();
    harness.run_steps(3);
    settle(harness);
}

/// The window's close button is pressed: one frame with the close event. Returns whether the app cancelled
/// the close in that frame.
fn press_window_close(harness: &mut Harness<'_, RiskbenchApp>) -> bool {
    harness
        .input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    harness.step();
    let cancelled = harness.output().viewport_output[&ViewportId::ROOT]
        .commands
        .contains(&ViewportCommand::CancelClose);
    harness.run_steps(2);
    cancelled
}

/// Runs the autosave tick now and waits for it.
fn autosave(harness: &mut Harness<'_, RiskbenchApp>) {
    harness.state_mut().make_autosave_due();
    harness.run_steps(1);
    settle(harness);
}

/// After Cancel: the edit is still on screen and unsaved, and the file on disk is as it was.
fn assert_changes_kept(harness: &Harness<'_, RiskbenchApp>, path: &Path, original: &[u8]) {
    assert_eq!(
        project(harness).metadata.system_name,
        format!("{ORIGINAL_NAME} v2")
    );
    assert!(harness.state().document().is_dirty());
    assert_eq!(std::fs::read(path).unwrap(), original);
}

fn saved_name(path: &Path) -> String {
    load_project(path).unwrap().project.metadata.system_name
}

// ---------------------------------------------------------------------------------------------------------
// Close

#[test]
fn closing_a_clean_project_closes_without_asking() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    assert!(!press_window_close(&mut harness));
    assert!(!prompt_shown(&harness));
    assert!(!harness.state().is_closing());
}

#[test]
fn closing_with_unsaved_changes_then_save_saves_and_closes() {
    let (_dir, path, _original, mut harness) = edited_sample();
    assert!(
        press_window_close(&mut harness),
        "the close was not held back"
    );
    assert!(prompt_shown(&harness));
    assert!(!harness.state().is_closing());
    answer(&mut harness, "Save");
    assert!(harness.state().is_closing());
    assert!(!prompt_shown(&harness));
    assert_eq!(saved_name(&path), format!("{ORIGINAL_NAME} v2"));
    assert!(!harness.state().document().is_dirty());
    assert!(!autosave_path(&path).exists());
}

#[test]
fn closing_with_unsaved_changes_then_discard_closes_and_leaves_the_file() {
    let (_dir, path, original, mut harness) = edited_sample();
    autosave(&mut harness);
    assert!(autosave_path(&path).is_file());
    assert!(press_window_close(&mut harness));
    answer(&mut harness, "Discard changes");
    assert!(harness.state().is_closing());
    assert_eq!(std::fs::read(&path).unwrap(), original);
    // The changes were thrown away on purpose: their autosave is gone too.
    assert!(
        !autosave_path(&path).exists(),
        "the discarded changes are still autosaved"
    );
    // The close that follows is not held back again.
    assert!(!press_window_close(&mut harness));
    assert!(!prompt_shown(&harness));
}

#[test]
fn closing_with_unsaved_changes_then_cancel_stays_with_the_changes() {
    let (_dir, path, original, mut harness) = edited_sample();
    autosave(&mut harness);
    assert!(press_window_close(&mut harness));
    answer(&mut harness, "Cancel");
    assert!(!harness.state().is_closing());
    assert!(!prompt_shown(&harness));
    assert_changes_kept(&harness, &path, &original);
    assert!(
        autosave_path(&path).is_file(),
        "Cancel removed the autosave"
    );
    // Asked again on the next close.
    assert!(press_window_close(&mut harness));
    assert!(prompt_shown(&harness));
}

#[test]
fn file_quit_asks_like_the_close_button() {
    let (_dir, path, original, mut harness) = edited_sample();
    command(&mut harness, Command::Quit);
    assert!(prompt_shown(&harness));
    assert!(!harness.state().is_closing());
    answer(&mut harness, "Cancel");
    assert!(!harness.state().is_closing());
    assert_eq!(std::fs::read(&path).unwrap(), original);
}

// ---------------------------------------------------------------------------------------------------------
// New

#[test]
fn new_with_unsaved_changes_then_save_saves_and_starts_a_blank_project() {
    let (_dir, path, _original, mut harness) = edited_sample();
    command(&mut harness, Command::New);
    assert!(prompt_shown(&harness));
    answer(&mut harness, "Save");
    assert_eq!(saved_name(&path), format!("{ORIGINAL_NAME} v2"));
    assert_eq!(project(&harness).metadata.system_name, "Untitled system");
    assert!(project(&harness).risks.is_empty());
    assert!(harness.state().document().path().is_none());
    assert!(harness.state().dataset_checks().is_empty());
}

#[test]
fn new_with_unsaved_changes_then_discard_starts_a_blank_project_and_leaves_the_file() {
    let (_dir, path, original, mut harness) = edited_sample();
    command(&mut harness, Command::New);
    answer(&mut harness, "Discard changes");
    assert_eq!(project(&harness).metadata.system_name, "Untitled system");
    assert!(harness.state().document().path().is_none());
    assert_eq!(std::fs::read(&path).unwrap(), original);
}

#[test]
fn new_with_unsaved_changes_then_cancel_keeps_the_project() {
    let (_dir, path, original, mut harness) = edited_sample();
    command(&mut harness, Command::New);
    answer(&mut harness, "Cancel");
    assert_eq!(harness.state().document().path(), Some(path.as_path()));
    assert_changes_kept(&harness, &path, &original);
}

#[test]
fn new_on_a_clean_project_does_not_ask() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    command(&mut harness, Command::New);
    assert!(!prompt_shown(&harness));
    assert_eq!(project(&harness).metadata.system_name, "Untitled system");
}

// ---------------------------------------------------------------------------------------------------------
// Open

/// A second project to open: a copy of the sample saved under another name with another system name.
fn other_project(dir: &Path) -> PathBuf {
    let sample = dir.join("loan_approval.riskbench.ron");
    let mut other = load_project(&sample).unwrap().project;
    "Another system".clone_into(&mut other.metadata.system_name);
    let path = dir.join("other.riskbench.ron");
    riskbench::model::file::save_project(&path, &other).unwrap();
    path
}

#[test]
fn open_with_unsaved_changes_then_save_saves_and_opens_the_file_chosen() {
    let (dir, path, _original, mut harness) = edited_sample();
    let other = other_project(dir.path());
    command(&mut harness, Command::Open);
    assert!(prompt_shown(&harness));
    answer(&mut harness, "Save");
    assert_eq!(saved_name(&path), format!("{ORIGINAL_NAME} v2"));
    // Then the file is chosen (the typed-path prompt stands in for the native dialog).
    harness.get_by_label("Open project");
    answer_path_prompt(&mut harness, &other);
    assert_eq!(harness.state().document().path(), Some(other.as_path()));
    assert_eq!(project(&harness).metadata.system_name, "Another system");
    assert!(!harness.state().document().is_dirty());
}

#[test]
fn open_with_unsaved_changes_then_discard_opens_the_file_chosen_and_leaves_the_old_one() {
    let (dir, path, original, mut harness) = edited_sample();
    let other = other_project(dir.path());
    command(&mut harness, Command::Open);
    answer(&mut harness, "Discard changes");
    answer_path_prompt(&mut harness, &other);
    assert_eq!(project(&harness).metadata.system_name, "Another system");
    assert_eq!(std::fs::read(&path).unwrap(), original);
}

#[test]
fn open_with_unsaved_changes_then_cancel_keeps_the_project_and_asks_for_no_file() {
    let (_dir, path, original, mut harness) = edited_sample();
    command(&mut harness, Command::Open);
    answer(&mut harness, "Cancel");
    assert!(harness.query_by_label("Open project").is_none());
    assert_changes_kept(&harness, &path, &original);
}

#[test]
fn save_on_the_prompt_of_a_never_saved_project_asks_where_then_does_what_was_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app(None);
    edit(&mut harness);
    command(&mut harness, Command::New);
    answer(&mut harness, "Save");
    // Where to save: cancelling that cancels the New as well.
    harness.get_by_label("Save project as");
    answer(&mut harness, "Cancel");
    assert_eq!(project(&harness).metadata.system_name, "Untitled system v2");
    assert!(harness.state().document().is_dirty());
    // Asked again, and saved this time: then the new blank project.
    command(&mut harness, Command::New);
    answer(&mut harness, "Save");
    let target = dir.path().join("draft.riskbench.ron");
    answer_path_prompt(&mut harness, &target);
    assert_eq!(saved_name(&target), "Untitled system v2");
    assert_eq!(project(&harness).metadata.system_name, "Untitled system");
    assert!(!harness.state().document().is_dirty());
}

// ---------------------------------------------------------------------------------------------------------
// Save As

#[test]
fn save_as_into_another_folder_rebases_the_dataset_paths_to_the_same_files() {
    let (dir, path) = sample_copy();
    let before = load_project(&path).unwrap().project;
    assert!(before.datasets.len() >= 2, "the sample has datasets");
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere
        .path()
        .join("reviews/2026/loan copy.riskbench.ron");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();

    let mut harness = app(Some(path.clone()));
    command(&mut harness, Command::SaveAs);
    harness.get_by_label("Save project as");
    answer_path_prompt(&mut harness, &target);
    assert_eq!(harness.state().document().path(), Some(target.as_path()));
    assert!(!harness.state().document().is_dirty());

    let saved = load_project(&target).unwrap().project;
    let new_base = target.parent().unwrap();
    let control = TaskControl::default();
    assert_eq!(saved.datasets.len(), before.datasets.len());
    for (old, new) in before.datasets.iter().zip(&saved.datasets) {
        assert_eq!(old.dataset_id, new.dataset_id);
        assert_eq!(old.sha256, new.sha256);
        assert_ne!(old.path, new.path, "{} was not rebased", old.dataset_id);
        assert!(
            Path::new(&new.path).is_relative(),
            "{} is stored absolute: {}",
            new.dataset_id,
            new.path
        );
        let was = std::fs::canonicalize(resolve_path(&old.path, dir.path())).unwrap();
        let now = std::fs::canonicalize(resolve_path(&new.path, new_base)).unwrap();
        assert_eq!(was, now, "{} points at another file", new.dataset_id);
        assert_eq!(
            check_dataset(new, new_base, &control).unwrap(),
            DatasetStatus::Unchanged,
            "{}",
            new.dataset_id
        );
    }
    // The old file is untouched, and the app's checks still find every file.
    assert_eq!(
        load_project(&path).unwrap().project.datasets,
        before.datasets
    );
    settle(&mut harness);
    assert!(
        harness
            .state()
            .dataset_checks()
            .values()
            .all(|c| *c == riskbench::ui::app::FileCheck::Done(DatasetStatus::Unchanged)),
        "{:?}",
        harness.state().dataset_checks()
    );
    // Reopened from the new folder, every dataset is found unchanged.
    drop(harness);
    let harness = app(Some(target));
    assert_eq!(
        harness.state().dataset_checks().len(),
        before.datasets.len()
    );
    assert!(
        harness
            .state()
            .dataset_checks()
            .values()
            .all(|c| *c == riskbench::ui::app::FileCheck::Done(DatasetStatus::Unchanged)),
        "{:?}",
        harness.state().dataset_checks()
    );
}

#[test]
fn save_as_with_unsaved_changes_moves_them_and_their_autosave_to_the_new_file() {
    let (_dir, path, original, mut harness) = edited_sample();
    autosave(&mut harness);
    assert!(autosave_path(&path).is_file());
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("copy.riskbench.ron");
    command(&mut harness, Command::SaveAs);
    answer_path_prompt(&mut harness, &target);
    assert_eq!(saved_name(&target), format!("{ORIGINAL_NAME} v2"));
    assert_eq!(std::fs::read(&path).unwrap(), original);
    assert!(
        !autosave_path(&path).exists(),
        "the old file's autosave would offer the changes saved elsewhere"
    );
    assert!(!autosave_path(&target).exists());
    // Opening the old file again offers nothing to recover.
    drop(harness);
    let harness = app(Some(path));
    assert!(harness.query_by_label("Recover unsaved changes?").is_none());
    assert_eq!(project(&harness).metadata.system_name, ORIGINAL_NAME);
}

#[test]
fn the_prompt_names_the_project() {
    let (_dir, _path, _original, mut harness) = edited_sample();
    command(&mut harness, Command::New);
    harness.get_by_label_contains(&format!(
        "“{ORIGINAL_NAME} v2” has changes that are not saved"
    ));
    assert!(harness.query_by_label(PROMPT).is_some());
}

#[test]
fn discarding_a_never_saved_project_removes_its_autosave() {
    let app_dir = tempfile::tempdir().unwrap();
    let options = riskbench::ui::LaunchOptions {
        autosave_dir: Some(app_dir.path().to_owned()),
        ..riskbench::ui::LaunchOptions::default()
    };
    let mut harness = crate::support::ui::app_with(options.clone());
    edit(&mut harness);
    autosave(&mut harness);
    let sidecar = app_dir.path().join("untitled.riskbench.ron.autosave");
    assert!(sidecar.is_file());
    command(&mut harness, Command::New);
    answer(&mut harness, "Discard changes");
    assert!(
        !sidecar.exists(),
        "the discarded draft would be offered on the next start"
    );
    drop(harness);
    let harness = crate::support::ui::app_with(options);
    assert!(harness.query_by_label("Recover unsaved changes?").is_none());
}
