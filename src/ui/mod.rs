//! The desktop application (eframe + egui). Everything here draws or reacts to input; statistics, domain rules
//! and file formats live in the core modules (`model`, `analysis`, `report`).
//!
//! # Layout
//!
//! - [`app`]: the window: menus, navigation, status bar, dialogs, background jobs, autosave. It holds the
//!   screens and draws the one of the section chosen (the only place that decides what is drawn).
//! - [`screen`]: the [`Screen`](screen::Screen) trait, what a screen gets while drawing and what it may ask of
//!   the app; [`registry`]: the screens, one line each ([`Screens`](registry::Screens)).
//! - [`sections`]: the navigation: sections grouped by NIST AI RMF function, and screen headings.
//! - One folder per screen, each with a `mod.rs` holding the screen struct: [`project`], [`roles`],
//!   [`settings`], [`frameworks`], [`context`], [`datasets`], [`register`], [`eda`], [`fairness`], [`bowtie`],
//!   [`fmea`], [`treatment`], [`report`].
//! - Shared pieces: [`widgets`] (fields, date field, axis marks, file names from titles), [`notifications`],
//!   [`jobs`] (the one background-job type), [`theme`], [`commands`]; for the app: `first_start` (the sample
//!   opened as a copy, where file dialogs start), `shortcut_help` (screen keys in Help › Keyboard shortcuts),
//!   `style_fixes` (input borders in the light theme).
//!
//! # Adding a screen
//!
//! 1. Add a variant to [`sections::Section`], with its label in `Section::label` and its place in
//!    `Section::by_function` (which function of the navigation it sits under).
//! 2. Write the screen in its own folder, `src/ui/<name>/mod.rs`: a struct that owns the screen's state and
//!    implements [`screen::Screen`]:
//!
//!    ```ignore
//!    #[derive(Default)]
//!    pub struct DriftScreen { selected: Option<String> }
//!
//!    impl Screen for DriftScreen {
//!        fn section(&self) -> Section { Section::Drift }
//!        fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
//!            // Draw; edit the project through cx.doc (the mutation gate); ask the app for dialogs,
//!            // notifications or another section with cx.request(SectionRequest::…).
//!        }
//!    }
//!    ```
//!
//!    Override `scrolls_itself` when the screen has its own scroll areas (a table with a fixed header, a side
//!    pane), and `hides_chrome` for a full-window mode. Computations and rules go in `model` or `analysis`;
//!    long work runs as [`jobs::ScreenJob`]s that the app starts (implement [`jobs::RunsJobs`] and add a
//!    `SectionRequest` variant carrying the jobs and a `JobOutput` variant for what they return, as the
//!    fairness and EDA screens do; a screen that runs one thing at a time keeps a [`jobs::SingleJob`] and
//!    implements [`jobs::RunsSingleJob`], as the release gate does, with [`widgets::job_button`]).
//! 3. Register it with one line in `Screens::default` (`src/ui/registry.rs`):
//!    `Box::new(super::drift::DriftScreen::default()),` and declare the module here.
//!
//! The app finds a screen by its section; when it needs to tell a screen something (a job finished, a risk
//! to select), it asks `Screens::get_mut::<DriftScreen>()`.

pub mod app;
pub mod bowtie;
pub mod commands;
pub mod context;
pub mod datasets;
pub mod drift;
pub mod eda;
pub mod error_analysis;
pub mod fairness;
mod first_start;
pub mod fmea;
pub mod frameworks;
pub mod gate;
pub mod governance;
pub mod incidents;
pub mod jobs;
pub mod mitigation;
pub mod model_card;
pub mod notifications;
pub mod project;
pub mod register;
pub mod registry;
pub mod report;
pub mod roles;
pub mod screen;
pub mod sections;
pub mod settings;
mod shortcut_help;
mod style_fixes;
pub mod theme;
pub mod treatment;
pub mod validation;
pub mod widgets;
pub mod workshops;

use std::path::PathBuf;

pub use app::{LaunchOptions, RiskbenchApp};

/// The application id: names the window class and the folder eframe stores preferences in.
pub const APP_ID: &str = "riskbench";

/// Opens the main window and runs until it is closed.
///
/// # Errors
/// When no window can be created (no display, no graphics driver).
/// Without `project`, the most recent project is opened, else `sample`.
pub fn run(project: Option<PathBuf>, sample: Option<PathBuf>) -> anyhow::Result<()> {
    let autosave_dir = eframe::storage_dir(APP_ID).map(|d| d.join("autosave"));
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_app_id(APP_ID)
            .with_title("Riskbench")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let launch = LaunchOptions {
        project,
        last_or: sample,
        sample_copy_dir: crate::model::sample_copy::default_folder(
            std::env::home_dir().as_deref(),
            eframe::storage_dir(APP_ID).as_deref(),
        ),
        autosave_dir,
        native_dialogs: true,
        ask_user_name: true,
    };
    eframe::run_native(
        "Riskbench",
        options,
        Box::new(move |cc| Ok(Box::new(RiskbenchApp::new(cc, launch)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the Riskbench window: {e}"))
}
