//! The harness shared by the `egui_kittest` UI tests: a private copy of the bundled sample, the real app
//! started on it without native dialogs, and a settle loop that waits for background jobs.

#![allow(dead_code, reason = "each test file uses a different subset")]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::model::Project;
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
                ask_user_name: false,
            },
        )
    });
    settle(&mut harness);
    harness
}

/// The app at 1400 × 900 points started with `options` (native dialogs must be off), settled.
pub fn app_with(options: LaunchOptions) -> Harness<'static, RiskbenchApp> {
    assert!(
        !options.native_dialogs,
        "a native dialog would block the test"
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| RiskbenchApp::new(cc, options));
    settle(&mut harness);
    harness
}

/// Steps frames until background jobs are done (at most [`JOB_BOUND`]).
pub fn settle(harness: &mut Harness<'_, RiskbenchApp>) {
    let start = Instant::now();
    loop {
        harness.step();
        if !harness.state().is_busy() {
            break;
        }
        assert!(
            start.elapsed() < JOB_BOUND,
            "background jobs did not finish within {JOB_BOUND:?}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run_steps(3);
}

/// Steps frames until `done` holds (at most [`JOB_BOUND`]), then three more; fails naming `what` (what
/// was awaited) when it never does.
pub fn wait_until<'a>(
    harness: &mut Harness<'a, RiskbenchApp>,
    what: &str,
    mut done: impl FnMut(&Harness<'a, RiskbenchApp>) -> bool,
) {
    let start = Instant::now();
    loop {
        harness.step();
        if done(harness) {
            break;
        }
        assert!(
            start.elapsed() < JOB_BOUND,
            "{what} did not happen within {JOB_BOUND:?}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run_steps(3);
}

/// Opens Govern › Release gate, runs the gate and waits for its report.
pub fn run_gate(harness: &mut Harness<'_, RiskbenchApp>) {
    use riskbench::ui::gate::GateScreen;
    harness
        .get_by_label(riskbench::ui::sections::Section::ReleaseGate.label())
        .click();
    harness.run_steps(2);
    harness.get_by_label("Run the gate").click();
    wait_until(harness, "the gate's report", |h| {
        h.state()
            .screens()
            .get::<GateScreen>()
            .is_some_and(|g| !g.job().is_running() && g.report.is_some())
    });
}

/// Waits for the end of Measure › Validation's job (a profile or a run of the rules).
pub fn wait_validation(harness: &mut Harness<'_, RiskbenchApp>) {
    use riskbench::ui::validation::ValidationScreen;
    wait_until(harness, "the end of the validation job", |h| {
        !h.state()
            .screens()
            .get::<ValidationScreen>()
            .is_some_and(|s| s.job().is_running())
    });
}

/// Clicks Measure › Validation's "Run", waits for the job and returns the report the screen shows.
pub fn run_validation(
    harness: &mut Harness<'_, RiskbenchApp>,
) -> riskbench::analysis::validation::ValidationReport {
    use riskbench::ui::validation::ValidationScreen;
    harness.get_by_label("Run").click();
    harness.run_steps(1);
    wait_validation(harness);
    harness
        .state()
        .screens()
        .get::<ValidationScreen>()
        .and_then(|s| s.report.clone())
        .expect("a validation report")
}

/// Cancels the background job `job_id` between two frames (as the status bar's Cancel does; between frames,
/// so the job's result is dropped even when its work has already ended), waits until `stopped` holds (the
/// screen has heard of the end) and checks that the app said `"{job_name} was cancelled"`.
pub fn cancel_job<'a>(
    harness: &mut Harness<'a, RiskbenchApp>,
    job_id: u64,
    job_name: &str,
    stopped: impl FnMut(&Harness<'a, RiskbenchApp>) -> bool,
) {
    harness.state().cancel_job(job_id);
    wait_until(
        harness,
        &format!("the end of the cancelled {job_name:?}"),
        stopped,
    );
    let said = format!("{job_name} was cancelled");
    assert!(
        harness
            .state()
            .notifications()
            .iter()
            .any(|n| n.text == said),
        "no notification {said:?}: {:?}",
        harness
            .state()
            .notifications()
            .iter()
            .map(|n| &n.text)
            .collect::<Vec<_>>()
    );
}

/// How long a test waits for a background job before it fails: generous, as the tests run on busy CI
/// machines; a job that never starts or never ends fails with what was awaited.
pub const JOB_BOUND: Duration = Duration::from_mins(2);

/// Steps frames until a screen has started the background job that re-runs a changed analysis (it starts
/// once edits have settled for a moment, measured in wall time) and then until every job has finished.
/// A job is visible as running from the frame that starts it until a later frame collects its result, so
/// checking after each frame cannot miss it.
pub fn wait_for_rerun(harness: &mut Harness<'_, RiskbenchApp>, what: &str) {
    let start = Instant::now();
    while !harness.state().is_busy() {
        assert!(
            start.elapsed() < JOB_BOUND,
            "{what} did not start within {JOB_BOUND:?}"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    settle(harness);
}

/// Clicks the text field labelled `label`, types `text` into it (after what it holds) and lets a frame pass.
pub fn type_into(harness: &mut Harness<'_, RiskbenchApp>, label: &str, text: &str) {
    use egui::accesskit::Role;
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    harness.run_steps(1);
}

/// Answers the path prompt shown instead of a native file dialog (dialogs are off in tests): types `path`,
/// presses OK and waits for the background jobs.
pub fn answer_path_prompt(harness: &mut Harness<'_, RiskbenchApp>, path: &Path) {
    type_into(harness, "File path", &path.display().to_string());
    harness.get_by_label("OK").click();
    harness.run_steps(2);
    settle(harness);
}

/// Adds a dataset as Map › Datasets › Add dataset… does, through the path prompt.
pub fn add_dataset(harness: &mut Harness<'_, RiskbenchApp>, path: &Path) {
    harness
        .get_by_label(riskbench::ui::sections::Section::Datasets.label())
        .click();
    harness.run_steps(2);
    harness.get_by_label("Add dataset…").click();
    harness.run_steps(2);
    answer_path_prompt(harness, path);
}

/// The project the app holds now.
pub fn project<'a>(harness: &'a Harness<'_, RiskbenchApp>) -> &'a Project {
    harness.state().document().project()
}

/// Runs a menu command (as its menu item or shortcut would) and lets two frames pass.
pub fn command(harness: &mut Harness<'_, RiskbenchApp>, command: riskbench::ui::commands::Command) {
    harness.state_mut().run_command(command);
    harness.run_steps(2);
}

/// Clicks the widget labelled `label` and lets three frames pass.
pub fn click(harness: &mut Harness<'_, RiskbenchApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(3);
}

/// Presses `key` and lets three frames pass.
pub fn press(harness: &mut Harness<'_, RiskbenchApp>, key: egui::Key) {
    harness.key_press(key);
    harness.run_steps(3);
}

/// Types `text` into the focused widget and lets two frames pass.
pub fn type_text(harness: &mut Harness<'_, RiskbenchApp>, text: &str) {
    harness.event(egui::Event::Text(text.to_owned()));
    harness.run_steps(2);
}
