//! The Riskbench application: window title, menus, navigation, the screen shown, dialogs, background jobs
//! and autosave.
//!
//! Every project edit goes through the [`Document`] mutation gate; this module decides when a live edit ends
//! (no pointer held, no text field focused) and tells the gate once per frame. The screens are held in
//! [`Screens`]; [`RiskbenchApp::ui`](eframe::App::ui) draws the one of the section chosen, and nothing else
//! decides which screen is drawn.
//!
//! - `files`: file dialogs (or the typed-path prompt), open, save, export and import.
//! - `job_results`: what background jobs return, and what screens ask of the app.
//! - `datasets`: adding, checking and re-recording dataset files; review flags when evidence changes.
//! - `modal`: the modal dialogs (unsaved changes, recovery, path prompt, about, shortcuts).

mod datasets;
mod files;
mod job_results;
mod modal;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use egui::{Align, Layout, RichText};

pub use self::files::FilePurpose;
use self::files::display_name;
pub use self::job_results::JobOutput;
use self::modal::{Discarding, Modal};
use super::commands::Command;
use super::jobs::Jobs;
use super::notifications::{Level, Notification, Notifications};
use super::registry::Screens;
use super::sections::{self, Section};
use super::theme::{self, ThemeChoice};
use crate::model::file;
use crate::model::{Document, IsoDate, Project};

/// How often a dirty project is autosaved to its sidecar file.
pub const AUTOSAVE_INTERVAL: Duration = Duration::from_mins(1);

/// A file dialog that returns faster than this was not shown at all (no dialog backend on the system).
const DIALOG_UNAVAILABLE_BELOW: Duration = Duration::from_millis(250);

/// The name of the autosave's background job (its failure must let the next autosave run).
const AUTOSAVE_JOB: &str = "Autosave";

const PREFS_KEY: &str = "riskbench.prefs";
const MAX_RECENT: usize = 10;

/// How the application starts.
#[derive(Debug, Clone, Default)]
pub struct LaunchOptions {
    /// Project to open at start.
    pub project: Option<PathBuf>,
    /// Without `project`: open the most recent project that still exists, else this one (the bundled sample).
    pub last_or: Option<PathBuf>,
    /// Folder for autosaves of never-saved projects; `None` disables them (tests).
    pub autosave_dir: Option<PathBuf>,
    /// Whether native file dialogs may be used (off in tests: a dialog would block).
    pub native_dialogs: bool,
    /// The bundled sample (`last_or`) is opened as a copy in this folder, never where it is installed;
    /// `None` opens it in place.
    pub sample_copy_dir: Option<PathBuf>,
    /// Ask for the user's name (for the audit trail) when the preferences hold none (off in tests).
    pub ask_user_name: bool,
}

/// Preferences remembered between runs (never the project itself).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Light, dark or system theme.
    pub theme: ThemeChoice,
    /// Zoom factor (1 = 100 %).
    pub zoom: Option<f32>,
    /// Recently opened or saved projects, newest first.
    pub recent: Vec<PathBuf>,
    /// The user's name, written into the audit trail with every change saved (asked on first start).
    pub user_name: String,
}

impl Prefs {
    fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_owned());
        self.recent.truncate(MAX_RECENT);
    }
}

pub use crate::analysis::dataset::FileCheck;

/// When the project was last autosaved and what the autosave is doing.
struct AutosaveState {
    last: Instant,
    running: bool,
    /// The next frame autosaves whatever the time since the last one ([`RiskbenchApp::make_autosave_due`]).
    due_now: bool,
    /// A save (or a discard) happened while an autosave was being written: the sidecar it writes is outdated
    /// and is removed when the autosave reports back (else the next open would offer stale changes).
    outdated: bool,
}

impl Default for AutosaveState {
    fn default() -> Self {
        Self {
            last: Instant::now(),
            running: false,
            due_now: false,
            outdated: false,
        }
    }
}

/// The application.
pub struct RiskbenchApp {
    doc: Document,
    section: Section,
    prefs: Prefs,
    options: LaunchOptions,
    jobs: Jobs<JobOutput>,
    notifications: Notifications,
    modal: Option<Modal>,
    after_save: Option<Discarding>,
    close_confirmed: bool,
    autosave: AutosaveState,
    dataset_checks: BTreeMap<String, FileCheck>,
    /// The dataset whose file is being located (File dialog of [`FilePurpose::LocateDataset`]).
    locating_dataset: Option<String>,
    screens: Screens,
    pending_export: Option<crate::report::plan::PlanOptions>,
    title: String,
    ctx: egui::Context,
}

impl RiskbenchApp {
    /// Creates the app; starts opening `options.project` in the background.
    #[must_use]
    pub fn new(cc: &eframe::CreationContext<'_>, options: LaunchOptions) -> Self {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
        theme::install_fonts(&cc.egui_ctx);
        super::style_fixes::install(&cc.egui_ctx);
        prefs.theme.apply(&cc.egui_ctx);
        if let Some(zoom) = prefs.zoom {
            cc.egui_ctx.set_zoom_factor(zoom.clamp(0.5, 3.0));
        }
        let mut app = Self {
            doc: Document::new(Project::blank("Untitled system", IsoDate::today()), None),
            section: Section::Project,
            prefs,
            options,
            jobs: Jobs::default(),
            notifications: Notifications::default(),
            modal: None,
            after_save: None,
            close_confirmed: false,
            autosave: AutosaveState::default(),
            dataset_checks: BTreeMap::new(),
            locating_dataset: None,
            screens: Screens::default(),
            pending_export: None,
            title: String::new(),
            ctx: cc.egui_ctx.clone(),
        };
        let recent = app.prefs.recent.iter().find(|p| p.is_file()).cloned();
        let mut first_start_note = None;
        let start = app.options.project.clone().or_else(|| {
            app.options.last_or.clone().map(|sample| {
                recent.unwrap_or_else(|| {
                    let (path, note) = super::first_start::sample_start(
                        sample,
                        app.options.sample_copy_dir.as_deref(),
                    );
                    first_start_note = note;
                    path
                })
            })
        });
        if let Some((level, text)) = first_start_note {
            app.notify(level, text);
        }
        if app.options.ask_user_name && app.prefs.user_name.trim().is_empty() {
            app.modal = Some(Modal::UserName {
                text: String::new(),
            });
        }
        if let Some(path) = start {
            app.open_path(path);
        } else if let Some(untitled) = app.untitled_path()
            && let Some(recovery) = file::find_recovery(&untitled)
        {
            app.modal = Some(Modal::Recover { recovery });
        }
        app
    }

    /// The document being edited (read-only; edits go through the UI).
    #[must_use]
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The section shown in the central panel.
    #[must_use]
    pub fn section(&self) -> Section {
        self.section
    }

    /// Whether background jobs are still running.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.jobs.is_busy()
    }

    /// Asks the background job `job_id` to stop, as its Cancel in the status bar does (tests and automation:
    /// between two frames, so the job's result is dropped even when its work has already ended).
    pub fn cancel_job(&self, job_id: u64) {
        self.jobs.cancel(job_id);
    }

    /// Notifications currently shown.
    #[must_use]
    pub fn notifications(&self) -> &[Notification] {
        self.notifications.shown()
    }

    /// The name written into the audit trail: the one from the preferences, else the account's name.
    #[must_use]
    pub fn user_name(&self) -> String {
        let name = self.prefs.user_name.trim();
        if name.is_empty() {
            crate::model::audit_trail::account_name(|key| std::env::var(key).ok())
        } else {
            name.to_owned()
        }
    }

    /// Sets the name written into the audit trail (the first-start prompt and Edit › Your name… do this).
    pub fn set_user_name(&mut self, name: &str) {
        name.trim().clone_into(&mut self.prefs.user_name);
    }

    /// Makes the next frame's autosave tick run as if [`AUTOSAVE_INTERVAL`] had passed since the last one, so
    /// tests and automation drive the real autosave without waiting a minute. A project without unsaved
    /// changes is still not autosaved.
    pub fn make_autosave_due(&mut self) {
        self.autosave.due_now = true;
    }

    /// Whether the window has been told to close (File › Quit or the window's close button, after the
    /// unsaved-changes prompt when there were unsaved changes).
    #[must_use]
    pub fn is_closing(&self) -> bool {
        self.close_confirmed
    }

    /// The screens, for tests that read a screen's state.
    #[must_use]
    pub fn screens(&self) -> &Screens {
        &self.screens
    }

    /// The screens, to change one's state (tests and automation).
    pub fn screens_mut(&mut self) -> &mut Screens {
        &mut self.screens
    }

    /// The status of each dataset file, by dataset id.
    #[must_use]
    pub fn dataset_checks(&self) -> &BTreeMap<String, FileCheck> {
        &self.dataset_checks
    }

    /// The window title: project name, file name and an unsaved-changes marker.
    #[must_use]
    pub fn window_title(&self) -> String {
        let name = &self.doc.project().metadata.system_name;
        let file = self.doc.path().and_then(|p| p.file_name()).map_or_else(
            || "not saved yet".to_owned(),
            |f| f.to_string_lossy().into_owned(),
        );
        let marker = if self.doc.is_dirty() { "● " } else { "" };
        format!("{marker}{name} ({file}) — Riskbench")
    }

    /// The project file whose sidecar holds the autosave: the project's file, or the untitled one in the
    /// app's autosave folder for a never-saved project.
    fn autosave_target(&self) -> Option<PathBuf> {
        self.doc
            .path()
            .map(Path::to_owned)
            .or_else(|| self.untitled_path())
    }

    fn untitled_path(&self) -> Option<PathBuf> {
        self.options
            .autosave_dir
            .as_ref()
            .map(|d| d.join(format!("untitled{}", file::PROJECT_EXTENSION)))
    }

    fn notify(&mut self, level: Level, text: impl Into<String>) {
        self.notifications.notify(level, text);
    }

    fn report_error(&mut self, error: &anyhow::Error) {
        self.notifications.error(error);
    }

    fn spawn(
        &mut self,
        name: impl Into<String>,
        visible: bool,
        work: impl FnOnce(&crate::analysis::task::TaskControl) -> anyhow::Result<JobOutput>
        + Send
        + 'static,
    ) {
        let ctx = self.ctx.clone();
        if let Err(e) = self
            .jobs
            .spawn(name, visible, move || ctx.request_repaint(), work)
        {
            self.report_error(&anyhow::Error::new(e).context("cannot start a background thread"));
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // Commands
    /// Runs a command as if chosen from the menu.
    pub fn run_command(&mut self, command: Command) {
        match command {
            Command::New => self.discard_then(Discarding::New),
            Command::Open => self.discard_then(Discarding::Open),
            Command::Save => self.save(),
            Command::SaveAs => self.choose_file(FilePurpose::SaveProjectAs),
            Command::AddDataset => self.choose_file(FilePurpose::AddDataset),
            Command::ExportReport => self.section = Section::Report,
            Command::Quit => self.discard_then(Discarding::Quit),
            Command::Undo => {
                self.doc.undo();
            }
            Command::Redo => {
                self.doc.redo();
            }
            Command::ZoomIn => egui::gui_zoom::zoom_in(&self.ctx),
            Command::ZoomOut => egui::gui_zoom::zoom_out(&self.ctx),
            Command::ZoomReset => self.ctx.set_zoom_factor(1.0),
            Command::About => self.modal = Some(Modal::About),
            Command::Shortcuts => self.modal = Some(Modal::Shortcuts),
        }
    }

    fn command_enabled(&self, command: Command) -> bool {
        match command {
            Command::Undo => self.doc.can_undo(),
            Command::Redo => self.doc.can_redo(),
            _ => true,
        }
    }

    fn discard_then(&mut self, action: Discarding) {
        if self.doc.is_dirty() {
            self.modal = Some(Modal::UnsavedChanges(action));
        } else {
            self.perform(action);
        }
    }

    fn perform(&mut self, action: Discarding) {
        match action {
            Discarding::New => {
                self.doc = Document::new(Project::blank("Untitled system", IsoDate::today()), None);
                self.dataset_checks.clear();
                self.section = Section::Project;
            }
            Discarding::Open => self.choose_file(FilePurpose::OpenProject),
            Discarding::OpenPath(path) => self.open_path(path),
            Discarding::Quit => {
                self.close_confirmed = true;
                self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // Per-frame work outside drawing

    fn autosave_if_due(&mut self) {
        let forced = std::mem::take(&mut self.autosave.due_now);
        if self.autosave.running
            || !self.doc.is_dirty()
            || (!forced && self.autosave.last.elapsed() < AUTOSAVE_INTERVAL)
        {
            return;
        }
        let target = self.autosave_target();
        let Some(target) = target else { return };
        self.autosave.last = Instant::now();
        self.autosave.running = true;
        let project = self.doc.project().clone();
        self.spawn(AUTOSAVE_JOB, false, move |_| {
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let text = file::project_to_string(&project)?;
            let sidecar = file::autosave_path(&target);
            file::write_atomic(&sidecar, text.as_bytes())?;
            Ok(JobOutput::Autosaved(sidecar))
        });
    }

    /// Removes the autosave of the project being edited (its file's sidecar, or the untitled one), and one
    /// still being written when it reports back.
    fn discard_autosave(&mut self) {
        let target = self.autosave_target();
        if let Some(target) = target
            && let Err(e) = file::remove_autosave(&target)
        {
            self.report_error(&anyhow::Error::new(e).context("cannot remove the autosave"));
        }
        self.autosave.outdated = self.autosave.running;
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        if self.modal.is_some() {
            return;
        }
        for command in Command::shortcut_order() {
            let shortcuts: Vec<_> = command
                .shortcut()
                .into_iter()
                .chain(command.alternative_shortcuts())
                .collect();
            for shortcut in shortcuts {
                if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                    self.run_command(command);
                }
            }
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect()
        });
        for path in dropped {
            if file::is_project_path(&path) {
                self.discard_then(Discarding::OpenPath(path));
            } else if crate::model::DatasetFormat::from_path(&path).is_some() {
                self.add_dataset(path);
            } else {
                self.notify(
                    Level::Error,
                    format!(
                        "cannot use a dropped file: expected a *.riskbench.ron project or a .csv / .parquet \
                         dataset: {}",
                        path.display()
                    ),
                );
            }
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && self.doc.is_dirty()
            && !self.close_confirmed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::UnsavedChanges(Discarding::Quit));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // Drawing

    fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                self.command_button(ui, Command::New);
                self.command_button(ui, Command::Open);
                ui.menu_button("Open recent", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label("No recent projects");
                    }
                    for path in self.prefs.recent.clone() {
                        if ui
                            .button(display_name(&path))
                            .on_hover_text(path.display().to_string())
                            .clicked()
                        {
                            self.discard_then(Discarding::OpenPath(path));
                        }
                    }
                });
                ui.separator();
                self.command_button(ui, Command::Save);
                self.command_button(ui, Command::SaveAs);
                ui.separator();
                self.command_button(ui, Command::AddDataset);
                self.command_button(ui, Command::ExportReport);
                ui.separator();
                self.command_button(ui, Command::Quit);
            });
            ui.menu_button("Edit", |ui| {
                self.command_button(ui, Command::Undo);
                self.command_button(ui, Command::Redo);
                ui.separator();
                if ui
                    .button("Your name…")
                    .on_hover_text(
                        "The name written into the audit trail with every change you save",
                    )
                    .clicked()
                {
                    self.modal = Some(Modal::UserName {
                        text: self.prefs.user_name.clone(),
                    });
                    ui.close();
                }
            });
            ui.menu_button("View", |ui| {
                ui.label(RichText::new("Theme").weak());
                for choice in ThemeChoice::ALL {
                    if ui
                        .radio(self.prefs.theme == choice, choice.label())
                        .clicked()
                    {
                        self.prefs.theme = choice;
                        choice.apply(ui.ctx());
                    }
                }
                ui.separator();
                self.command_button(ui, Command::ZoomIn);
                self.command_button(ui, Command::ZoomOut);
                self.command_button(ui, Command::ZoomReset);
            });
            ui.menu_button("Help", |ui| {
                self.command_button(ui, Command::Shortcuts);
                self.command_button(ui, Command::About);
            });
        });
    }

    fn command_button(&mut self, ui: &mut egui::Ui, command: Command) {
        let mut button = egui::Button::new(command.label());
        if let Some(shortcut) = command.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        let response = ui
            .add_enabled(self.command_enabled(command), button)
            .on_hover_text(command.tooltip());
        if response.clicked() {
            self.run_command(command);
            ui.close();
        }
    }

    fn navigation_ui(&mut self, ui: &mut egui::Ui) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (function, sections) in Section::by_function() {
                ui.add_space(8.0);
                ui.label(RichText::new(function.label()).strong())
                    .on_hover_text(function.description());
                for section in sections {
                    if ui
                        .selectable_label(self.section == section, section.label())
                        .clicked()
                    {
                        self.section = section;
                    }
                }
            }
        });
    }

    /// Draws the heading and the screen of the section chosen: the one place that decides what is drawn.
    fn screen_ui(&mut self, ui: &mut egui::Ui) -> Vec<super::screen::SectionRequest> {
        let section = self.section;
        let scrolls_itself = self
            .screens
            .for_section(section)
            .is_some_and(super::screen::Screen::scrolls_itself);
        let mut draw = |ui: &mut egui::Ui| {
            sections::heading_ui(ui, section);
            self.screens.ui(
                section,
                ui,
                &mut self.doc,
                &self.dataset_checks,
                IsoDate::today(),
            )
        };
        if scrolls_itself {
            draw(ui)
        } else {
            egui::ScrollArea::vertical()
                .auto_shrink(false)
                .show(ui, draw)
                .inner
        }
    }

    fn status_bar_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if self.doc.is_dirty() {
                ui.label(RichText::new("● Unsaved changes").color(theme::dirty()));
                ui.separator();
            } else if self.doc.path().is_some() {
                ui.label("All changes saved");
                ui.separator();
            }
            match self.doc.path() {
                Some(p) => ui.label(RichText::new(p.display().to_string()).weak()),
                None => ui.label(RichText::new("Not saved yet").weak()),
            };
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                let mut cancel = None;
                for job in self.jobs.running().iter().filter(|j| j.visible) {
                    if ui
                        .small_button("Cancel")
                        .on_hover_text(format!("Stop: {}", job.name))
                        .clicked()
                    {
                        cancel = Some(job.job_id);
                    }
                    ui.add(
                        egui::ProgressBar::new(job.control.progress())
                            .desired_width(120.0)
                            .show_percentage(),
                    );
                    ui.label(&job.name);
                }
                if let Some(job_id) = cancel {
                    self.jobs.cancel(job_id);
                }
            });
        });
    }
}

impl eframe::App for RiskbenchApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.handle_job_results();
        self.handle_close_request(ctx);
        self.handle_shortcuts(ctx);
        self.handle_dropped_files(ctx);
        self.autosave_if_due();
        if self.doc.is_dirty() {
            // Wake up for the next autosave even when nothing else happens.
            ctx.request_repaint_after(AUTOSAVE_INTERVAL);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        // A screen can hide the app's chrome (a bow-tie presentation: F11 or its button brings it back).
        let presenting = self
            .screens
            .for_section(self.section)
            .is_some_and(super::screen::Screen::hides_chrome);
        if !presenting {
            egui::Panel::top("menu_bar").show(ui, |ui| self.menu_bar_ui(ui));
            egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));
            egui::Panel::left("navigation")
                .resizable(false)
                .exact_size(190.0)
                .show(ui, |ui| self.navigation_ui(ui));
        }
        let requests = egui::CentralPanel::default_margins()
            .show(ui, |ui| self.screen_ui(ui))
            .inner;
        for request in requests {
            self.section_request(request);
        }
        self.notifications.ui(&ctx, self.jobs.is_busy());
        self.modal_ui(&ctx);

        // A live edit ends when the pointer is released and no text field has keyboard focus.
        let typing = ctx
            .memory(egui::Memory::focused)
            .is_some_and(|id| egui::TextEdit::load_state(&ctx, id).is_some());
        let interacting = ctx.input(|i| i.pointer.any_down()) || typing;
        self.doc.end_frame(interacting);
        self.update_title(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.zoom = Some(self.ctx.zoom_factor());
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}
