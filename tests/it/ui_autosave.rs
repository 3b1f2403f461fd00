//! The app's autosave and recovery, driven through the real window with `egui_kittest`: an edit is written to
//! `NAME.riskbench.ron.autosave` when the autosave tick is due (made due with `make_autosave_due` instead of
//! waiting a minute), a save removes the sidecar, "Recover unsaved changes?" on open is answered both ways,
//! a failed autosave does not stop the next one, and a never-saved project's autosave is offered on the next
//! start.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::model::file::{self, autosave_path, load_project};
use riskbench::ui::{LaunchOptions, RiskbenchApp};

use crate::support::ui::{app, app_with, click, project, sample_copy, settle};

const ORIGINAL_NAME: &str = "Consumer loan pre-screening model";

/// Types `suffix` after the system name on the Project screen and ends the edit (Escape leaves the field).
fn edit_system_name(harness: &mut Harness<'_, RiskbenchApp>, suffix: &str) {
    click(harness, "Project");
    harness
        .get_by_role_and_label(Role::TextInput, "System name")
        .click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, "System name")
        .type_text(suffix);
    harness.run_steps(2);
    assert!(harness.state().document().is_dirty());
}

/// Makes the autosave tick due, lets it run and waits for its background job.
fn autosave_tick(harness: &mut Harness<'_, RiskbenchApp>) {
    harness.state_mut().make_autosave_due();
    harness.run_steps(1);
    settle(harness);
}

/// Sets a file's modification time `ago` before now.
fn age_file(path: &Path, ago: Duration) {
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open to set the modification time");
    f.set_modified(SystemTime::now() - ago)
        .expect("set the modification time");
}

/// A sample copy whose sidecar holds the sample with another system name and a risk retitled, newer than the
/// project file. Returns the folder, the project file and the sidecar's project.
fn sample_with_newer_autosave() -> (tempfile::TempDir, PathBuf, riskbench::model::Project) {
    let (dir, path) = sample_copy();
    let mut autosaved = load_project(&path).unwrap().project;
    "Recovered after a crash".clone_into(&mut autosaved.metadata.system_name);
    let risk = autosaved.risks.last_mut().expect("the sample has risks");
    "A risk retitled before the crash".clone_into(&mut risk.title);
    std::fs::write(
        autosave_path(&path),
        file::project_to_string(&autosaved).unwrap(),
    )
    .unwrap();
    age_file(&path, Duration::from_hours(1));
    (dir, path, autosaved)
}

#[test]
fn an_edit_is_autosaved_when_the_tick_is_due_and_the_save_removes_the_sidecar() {
    let (_dir, path) = sample_copy();
    let original = std::fs::read(&path).unwrap();
    let sidecar = autosave_path(&path);
    let mut harness = app(Some(path.clone()));

    // Nothing to autosave while the project has no unsaved changes.
    autosave_tick(&mut harness);
    assert!(!sidecar.exists(), "a clean project was autosaved");

    edit_system_name(&mut harness, " v2");
    // The tick is not due a few frames after the edit (the interval is a minute).
    harness.run_steps(5);
    settle(&mut harness);
    assert!(!sidecar.exists(), "autosaved before the interval passed");

    autosave_tick(&mut harness);
    let autosaved = load_project(&sidecar).expect("the sidecar loads").project;
    assert_eq!(
        autosaved.metadata.system_name,
        format!("{ORIGINAL_NAME} v2")
    );
    assert_eq!(&autosaved, project(&harness));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        original,
        "autosave wrote the project file"
    );
    assert!(
        harness.state().document().is_dirty(),
        "an autosave is not a save"
    );

    // A later edit is in the next autosave.
    edit_system_name(&mut harness, "b");
    autosave_tick(&mut harness);
    assert_eq!(
        load_project(&sidecar).unwrap().project.metadata.system_name,
        format!("{ORIGINAL_NAME} v2b")
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run_steps(2);
    settle(&mut harness);
    assert!(!sidecar.exists(), "the save left the autosave behind");
    assert_eq!(
        load_project(&path).unwrap().project.metadata.system_name,
        format!("{ORIGINAL_NAME} v2b")
    );
    // Saved: nothing left to autosave.
    autosave_tick(&mut harness);
    assert!(!sidecar.exists());
}

#[test]
fn a_failed_autosave_is_reported_and_the_next_tick_tries_again() {
    let (_dir, path) = sample_copy();
    let sidecar = autosave_path(&path);
    // A folder where the sidecar goes: the write fails, also for root.
    std::fs::create_dir(&sidecar).unwrap();
    let mut harness = app(Some(path.clone()));
    edit_system_name(&mut harness, " v2");
    autosave_tick(&mut harness);
    assert!(
        harness
            .state()
            .notifications()
            .iter()
            .any(|n| n.text.contains("Autosave failed")),
        "{:?}",
        harness.state().notifications()
    );
    std::fs::remove_dir(&sidecar).unwrap();
    autosave_tick(&mut harness);
    assert_eq!(
        load_project(&sidecar)
            .expect("the next tick autosaved")
            .project
            .metadata
            .system_name,
        format!("{ORIGINAL_NAME} v2")
    );
}

#[test]
fn recovering_on_open_loads_the_autosave_as_unsaved_changes_and_keeps_it_until_saved() {
    let (_dir, path, autosaved) = sample_with_newer_autosave();
    let original = std::fs::read(&path).unwrap();
    let sidecar = autosave_path(&path);
    let mut harness = app(Some(path.clone()));
    harness.get_by_label("Recover unsaved changes?");
    // Behind the prompt, the file as saved is open.
    assert_eq!(project(&harness).metadata.system_name, ORIGINAL_NAME);

    click(&mut harness, "Recover");
    settle(&mut harness);
    assert!(harness.query_by_label("Recover unsaved changes?").is_none());
    assert_eq!(project(&harness), &autosaved);
    assert!(
        harness.state().document().is_dirty(),
        "recovered changes are unsaved"
    );
    assert_eq!(harness.state().document().path(), Some(path.as_path()));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        original,
        "recovery wrote the project file"
    );
    assert!(
        sidecar.is_file(),
        "the autosave is kept until the changes are saved"
    );
    // Undo goes back to the file as saved.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(project(&harness).metadata.system_name, ORIGINAL_NAME);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run_steps(2);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run_steps(2);
    settle(&mut harness);
    assert!(!sidecar.exists(), "the save left the autosave behind");
    let saved = load_project(&path).unwrap().project;
    assert_eq!(saved.metadata.system_name, "Recovered after a crash");
    assert_eq!(saved.risks, autosaved.risks);

    // Opened again: nothing to recover.
    drop(harness);
    let harness = app(Some(path));
    assert!(harness.query_by_label("Recover unsaved changes?").is_none());
}

#[test]
fn declining_recovery_on_open_keeps_the_file_and_removes_the_autosave() {
    let (_dir, path, _autosaved) = sample_with_newer_autosave();
    let original = std::fs::read(&path).unwrap();
    let sidecar = autosave_path(&path);
    let mut harness = app(Some(path.clone()));
    harness.get_by_label("Recover unsaved changes?");
    click(&mut harness, "Discard autosave");
    settle(&mut harness);
    assert!(harness.query_by_label("Recover unsaved changes?").is_none());
    assert!(!sidecar.exists(), "the declined autosave is still there");
    assert_eq!(project(&harness), &load_project(&path).unwrap().project);
    assert!(!harness.state().document().is_dirty());
    assert_eq!(std::fs::read(&path).unwrap(), original);
    drop(harness);
    let harness = app(Some(path));
    assert!(harness.query_by_label("Recover unsaved changes?").is_none());
}

#[test]
fn an_autosave_older_than_the_project_file_is_not_offered_or_removed() {
    let (_dir, path, _autosaved) = sample_with_newer_autosave();
    let sidecar = autosave_path(&path);
    age_file(&sidecar, Duration::from_hours(2));
    let harness = app(Some(path.clone()));
    assert!(harness.query_by_label("Recover unsaved changes?").is_none());
    assert_eq!(project(&harness).metadata.system_name, ORIGINAL_NAME);
    assert!(sidecar.is_file());
}

#[test]
fn a_never_saved_project_is_autosaved_in_the_app_folder_and_offered_on_the_next_start() {
    let app_dir = tempfile::tempdir().unwrap();
    let autosave_dir = app_dir.path().join("autosave");
    let options = LaunchOptions {
        autosave_dir: Some(autosave_dir.clone()),
        ..LaunchOptions::default()
    };
    let mut harness = app_with(options.clone());
    assert!(harness.state().document().path().is_none());
    edit_system_name(&mut harness, " draft");
    autosave_tick(&mut harness);
    let sidecar = autosave_dir.join("untitled.riskbench.ron.autosave");
    assert_eq!(
        load_project(&sidecar).unwrap().project.metadata.system_name,
        "Untitled system draft"
    );
    drop(harness);

    // The app was closed without saving: the next start offers the draft.
    let mut harness = app_with(options.clone());
    harness.get_by_label("Recover unsaved changes?");
    click(&mut harness, "Recover");
    settle(&mut harness);
    assert_eq!(
        project(&harness).metadata.system_name,
        "Untitled system draft"
    );
    assert!(harness.state().document().is_dirty());
    assert!(harness.state().document().path().is_none());

    // Saved somewhere: the untitled autosave is gone, and the next start offers nothing.
    let target = app_dir.path().join("saved/draft.riskbench.ron");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run_steps(2);
    crate::support::ui::answer_path_prompt(&mut harness, &target);
    assert_eq!(
        load_project(&target).unwrap().project.metadata.system_name,
        "Untitled system draft"
    );
    assert!(!sidecar.exists(), "the untitled autosave outlived the save");
    drop(harness);
    let harness = app_with(options);
    assert!(harness.query_by_label("Recover unsaved changes?").is_none());
}
