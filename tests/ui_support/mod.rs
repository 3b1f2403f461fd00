//! The harness shared by the `egui_kittest` UI tests: a private copy of the bundled sample, the real app
//! started on it without native dialogs, and a settle loop that waits for background jobs.

#![allow(dead_code, reason = "each test file uses a different subset")]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use riskbench::ui::{LaunchOptions, RiskbenchApp};

/// Copies the bundled sample project and its data into a fresh temporary folder (tests never touch the sample).
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/loan_approval");
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir_all(dir.path().join("data")).expect("data folder");
    for entry in std::fs::read_dir(src.join("data")).expect("sample data") {
        let entry = entry.expect("sample data entry");
        std::fs::copy(
            entry.path(),
            dir.path().join("data").join(entry.file_name()),
        )
        .expect("copy data");
    }
    let project = dir.path().join("loan_approval.riskbench.ron");
    std::fs::copy(src.join("loan_approval.riskbench.ron"), &project).expect("copy project");
    (dir, project)
}

/// The app at 1400 × 900 points, settled.
pub fn app(project: Option<PathBuf>) -> Harness<'static, RiskbenchApp> {
    app_sized(project, egui::vec2(1400.0, 900.0))
}

/// The app at `size`, opened on `project` (or a blank project), with native dialogs off, settled.
pub fn app_sized(project: Option<PathBuf>, size: egui::Vec2) -> Harness<'static, RiskbenchApp> {
    let mut harness = Harness::builder().with_size(size).build_eframe(move |cc| {
        RiskbenchApp::new(
            cc,
            LaunchOptions {
                project,
                last_or: None,
                autosave_dir: None,
                native_dialogs: false,
                sample_copy_dir: None,
            },
        )
    });
    settle(&mut harness);
    harness
}

/// Steps frames until background jobs are done (at most a minute).
pub fn settle(harness: &mut Harness<'_, RiskbenchApp>) {
    let start = Instant::now();
    loop {
        harness.step();
        if !harness.state().is_busy() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_mins(1),
            "background jobs did not finish"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run_steps(3);
}

/// Answers the path prompt shown instead of a native file dialog (dialogs are off in tests): types `path`,
/// presses OK and waits for the background jobs.
pub fn answer_path_prompt(harness: &mut Harness<'_, RiskbenchApp>, path: &Path) {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable as _;
    harness
        .get_by_role_and_label(Role::TextInput, "File path")
        .click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, "File path")
        .type_text(&path.display().to_string());
    harness.run_steps(1);
    harness.get_by_label("OK").click();
    harness.run_steps(2);
    settle(harness);
}

/// Adds a dataset as Map › Datasets › Add dataset… does, through the path prompt.
pub fn add_dataset(harness: &mut Harness<'_, RiskbenchApp>, path: &Path) {
    use egui_kittest::kittest::Queryable as _;
    harness
        .get_by_label(riskbench::ui::sections::Section::Datasets.label())
        .click();
    harness.run_steps(2);
    harness.get_by_label("Add dataset…").click();
    harness.run_steps(2);
    answer_path_prompt(harness, path);
}
