//! The Riskbench application: window title, menus, navigation, dialogs, background jobs and autosave.
//!
//! Every project edit goes through the [`Document`] mutation gate; this module decides when a live edit ends
//! (no pointer held, no text field focused) and tells the gate once per frame.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context as _;
use egui::{Align, Layout, RichText};

use super::commands::Command;
use super::jobs::Jobs;
use super::sections::{self, Section, SectionRequest};
use super::theme::{self, ThemeChoice};
use crate::analysis::dataset::{self, DatasetFileInfo, DatasetStatus};
use crate::model::file::{self, LoadedProject, Recovery};
use crate::model::{Document, IsoDate, Project};

/// How often a dirty project is autosaved to its sidecar file.
pub const AUTOSAVE_INTERVAL: Duration = Duration::from_mins(1);

/// A file dialog that returns faster than this was not shown at all (no dialog backend on the system).
const DIALOG_UNAVAILABLE_BELOW: Duration = Duration::from_millis(250);

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
}

impl Prefs {
    fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_owned());
        self.recent.truncate(MAX_RECENT);
    }
}

/// What a background job produced.
#[derive(Debug)]
pub enum JobOutput {
    /// A project file was read.
    Opened {
        /// The file.
        path: PathBuf,
        /// Its content.
        loaded: LoadedProject,
        /// An autosave newer than the file, to offer for recovery.
        recovery: Option<Recovery>,
    },
    /// An autosave was read for recovery.
    Recovered(LoadedProject),
    /// A dataset file was fingerprinted and measured.
    DatasetInspected {
        /// Absolute path of the file.
        path: PathBuf,
        /// What was measured.
        info: DatasetFileInfo,
        /// What the user should know about the file (a repeated header name), with line and column.
        notes: Vec<String>,
    },
    /// The project's dataset files were checked against their fingerprints.
    DatasetsChecked(Vec<(String, DatasetStatus)>),
    /// A dataset's file was read again to record where it is now or its new content.
    DatasetRerecorded {
        /// The dataset.
        dataset_id: String,
        /// Absolute path of the file.
        path: PathBuf,
        /// What was measured.
        file: dataset::NewDatasetFile,
    },
    /// A native file dialog closed.
    FileChosen {
        /// What the file is for.
        purpose: FilePurpose,
        /// The chosen file, `None` when cancelled.
        path: Option<PathBuf>,
        /// How long the dialog was open.
        open_for: Duration,
    },
    /// The autosave sidecar was written.
    Autosaved,
    /// The treatment plan PDF was written.
    ReportWritten {
        /// The PDF file.
        path: PathBuf,
        /// Its number of pages.
        pages: usize,
    },
    /// A fairness job (dataset columns, or a stage of an audit) finished; see [`super::fairness`].
    Fairness(super::fairness::FairnessJobOutput),
    /// An EDA job (loading, profiling, sorting and filtering a dataset) finished; see [`super::eda`].
    Eda(super::eda::EdaJobOutput),
}

/// What a file chosen in a dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    /// A project to open.
    OpenProject,
    /// Where to save the project.
    SaveProjectAs,
    /// A dataset to add.
    AddDataset,
    /// Where a dataset whose file is missing is now.
    LocateDataset,
    /// Where to write the treatment plan PDF.
    ExportReport,
    /// A CSV file to import as a new FMEA worksheet.
    ImportFmeaCsv,
    /// Where to export an FMEA worksheet as CSV.
    ExportFmeaCsv,
    /// Where to export the bow-tie shown, as SVG or PNG.
    ExportBowtie,
    /// A CSV file of risks to import into the register.
    ImportRegisterCsv,
    /// Where to export the risk register as CSV.
    ExportRegisterCsv,
}

impl FilePurpose {
    fn title(self) -> &'static str {
        match self {
            Self::OpenProject => "Open project",
            Self::SaveProjectAs => "Save project as",
            Self::AddDataset => "Add dataset",
            Self::LocateDataset => "Locate dataset file",
            Self::ExportReport => "Export report",
            Self::ImportFmeaCsv => "Import FMEA worksheet from CSV",
            Self::ExportFmeaCsv => "Export FMEA worksheet as CSV",
            Self::ExportBowtie => "Export bow-tie as SVG or PNG",
            Self::ImportRegisterCsv => "Import risks from CSV",
            Self::ExportRegisterCsv => "Export risk register as CSV",
        }
    }
}

/// An action that replaces or closes the current project, so it asks about unsaved changes first.
#[derive(Debug, Clone, PartialEq)]
enum Discarding {
    New,
    Open,
    OpenPath(PathBuf),
    Quit,
}

#[derive(Debug)]
enum Modal {
    UnsavedChanges(Discarding),
    Recover {
        recovery: Recovery,
    },
    PathPrompt {
        purpose: FilePurpose,
        text: String,
        reason: String,
    },
    About,
    Shortcuts,
}

/// How serious a notification is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something finished.
    Info,
    /// Something went wrong; the text has the whole cause.
    Error,
}

/// A dismissable message shown at the bottom right, above the status bar (errors stay until dismissed, "Done"
/// messages go away by themselves).
#[derive(Debug, Clone)]
pub struct Notification {
    /// Seriousness.
    pub level: Level,
    /// The message with its full cause chain.
    pub text: String,
    serial: u64,
    shown: Instant,
    /// A file the message is about (an export): offered with "Open" and "Show in folder".
    file: Option<PathBuf>,
}

impl Notification {
    /// How long it has been shown.
    #[must_use]
    pub fn age(&self) -> Duration {
        self.shown.elapsed()
    }
}

/// The state of a dataset file as last checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileCheck {
    /// A check is running.
    Checking,
    /// The result.
    Done(DatasetStatus),
}

/// The application.
pub struct RiskbenchApp {
    doc: Document,
    section: Section,
    prefs: Prefs,
    options: LaunchOptions,
    jobs: Jobs<JobOutput>,
    notifications: Vec<Notification>,
    next_serial: u64,
    modal: Option<Modal>,
    after_save: Option<Discarding>,
    close_confirmed: bool,
    last_autosave: Instant,
    autosave_running: bool,
    dataset_checks: BTreeMap<String, FileCheck>,
    /// The dataset whose file is being located (File dialog of [`FilePurpose::LocateDataset`]).
    locating_dataset: Option<String>,
    report_screen: super::report::ReportScreen,
    fairness_screen: super::fairness::FairnessScreen,
    eda_screen: super::eda::EdaScreen,
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
            notifications: Vec::new(),
            next_serial: 1,
            modal: None,
            after_save: None,
            close_confirmed: false,
            last_autosave: Instant::now(),
            autosave_running: false,
            dataset_checks: BTreeMap::new(),
            locating_dataset: None,
            report_screen: super::report::ReportScreen::default(),
            fairness_screen: super::fairness::FairnessScreen::default(),
            eda_screen: super::eda::EdaScreen::default(),
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

    /// Notifications currently shown.
    #[must_use]
    pub fn notifications(&self) -> &[Notification] {
        &self.notifications
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

    fn untitled_path(&self) -> Option<PathBuf> {
        self.options
            .autosave_dir
            .as_ref()
            .map(|d| d.join(format!("untitled{}", file::PROJECT_EXTENSION)))
    }

    fn notify(&mut self, level: Level, text: impl Into<String>) {
        let serial = self.next_serial;
        self.next_serial += 1;
        self.notifications.push(Notification {
            level,
            text: text.into(),
            serial,
            shown: Instant::now(),
            file: None,
        });
    }

    fn report_error(&mut self, error: &anyhow::Error) {
        self.notify(Level::Error, format!("{error:#}"));
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

    /// Opens a project file in the background (replacing the current project when it has loaded).
    pub fn open_path(&mut self, path: PathBuf) {
        let name = display_name(&path);
        self.spawn(format!("Opening {name}"), true, move |_| {
            let loaded = file::load_project(&path)?;
            let recovery = file::find_recovery(&path);
            Ok(JobOutput::Opened {
                path,
                loaded,
                recovery,
            })
        });
    }

    fn choose_file(&mut self, purpose: FilePurpose) {
        if !self.options.native_dialogs {
            self.modal = Some(Modal::PathPrompt {
                purpose,
                text: String::new(),
                reason: String::new(),
            });
            return;
        }
        let start_dir = super::first_start::dialog_start_dir(
            self.doc.base_dir(),
            self.prefs.recent.first().map(PathBuf::as_path),
        );
        let file_name = self.suggested_file_name();
        let report_name = file_name.replace(file::PROJECT_EXTENSION, "-treatment-plan.pdf");
        let csv_name = super::fmea::export_file_name(&self.ctx, self.doc.project());
        let register_name = file_name.replace(file::PROJECT_EXTENSION, "-risk-register.csv");
        let bowtie_name = super::bowtie::export_file_name(&self.ctx, self.doc.project());
        self.spawn(purpose.title(), false, move |_| {
            let started = Instant::now();
            let mut dialog = rfd::FileDialog::new().set_title(purpose.title());
            if let Some(dir) = start_dir {
                dialog = dialog.set_directory(dir);
            }
            let path = match purpose {
                FilePurpose::OpenProject => {
                    dialog.add_filter("Riskbench project", &["ron"]).pick_file()
                }
                FilePurpose::SaveProjectAs => dialog
                    .add_filter("Riskbench project", &["ron"])
                    .set_file_name(file_name)
                    .save_file(),
                FilePurpose::ExportReport => dialog
                    .add_filter("PDF", &["pdf"])
                    .set_file_name(report_name)
                    .save_file(),
                FilePurpose::AddDataset | FilePurpose::LocateDataset => dialog
                    .add_filter("Data (CSV, Parquet)", &["csv", "parquet", "pq"])
                    .pick_file(),
                FilePurpose::ImportFmeaCsv | FilePurpose::ImportRegisterCsv => {
                    dialog.add_filter("CSV", &["csv"]).pick_file()
                }
                FilePurpose::ExportFmeaCsv => dialog
                    .add_filter("CSV", &["csv"])
                    .set_file_name(csv_name)
                    .save_file(),
                FilePurpose::ExportRegisterCsv => dialog
                    .add_filter("CSV", &["csv"])
                    .set_file_name(register_name)
                    .save_file(),
                FilePurpose::ExportBowtie => dialog
                    .add_filter("SVG or PNG", &["svg", "png"])
                    .set_file_name(bowtie_name)
                    .save_file(),
            };
            Ok(JobOutput::FileChosen {
                purpose,
                path,
                open_for: started.elapsed(),
            })
        });
    }

    fn suggested_file_name(&self) -> String {
        let stem =
            crate::model::file_name::stem(&self.doc.project().metadata.system_name, '_', "project");
        format!("{stem}{}", file::PROJECT_EXTENSION)
    }

    fn file_chosen(&mut self, purpose: FilePurpose, path: PathBuf) {
        match purpose {
            FilePurpose::OpenProject => self.open_path(path),
            FilePurpose::SaveProjectAs => {
                let path = with_project_extension(path);
                self.save_to(&path);
            }
            FilePurpose::AddDataset => self.add_dataset(path),
            FilePurpose::LocateDataset => {
                if let Some(id) = self.locating_dataset.take() {
                    self.rerecord_dataset(id, path);
                }
            }
            FilePurpose::ExportReport => self.export_report(path),
            FilePurpose::ImportFmeaCsv => {
                match super::fmea::import_csv(&self.ctx, &mut self.doc, &path) {
                    Ok(message) => self.notify(Level::Info, message),
                    Err(e) => self.report_error(&e),
                }
            }
            FilePurpose::ExportFmeaCsv => {
                match super::fmea::export_csv(&self.ctx, &self.doc, &path) {
                    Ok(message) => self.notify(Level::Info, message),
                    Err(e) => self.report_error(&e),
                }
            }
            FilePurpose::ImportRegisterCsv => match import_register_csv(&mut self.doc, &path) {
                Ok(message) => self.notify(Level::Info, message),
                Err(e) => self.report_error(&e),
            },
            FilePurpose::ExportRegisterCsv => match export_register_csv(&self.doc, &path) {
                Ok(message) => self.notify(Level::Info, message),
                Err(e) => self.report_error(&e),
            },
            FilePurpose::ExportBowtie => {
                match super::bowtie::export_picture(&self.ctx, &self.doc, &path) {
                    Ok(message) => self.notify(Level::Info, message),
                    Err(e) => self.report_error(&e),
                }
            }
        }
    }

    fn section_request(&mut self, request: Option<SectionRequest>) {
        match request {
            Some(SectionRequest::AddDataset) => self.run_command(Command::AddDataset),
            Some(SectionRequest::RecheckDatasets) => self.check_datasets(),
            Some(SectionRequest::LocateDataset(id)) => {
                self.locating_dataset = Some(id);
                self.choose_file(FilePurpose::LocateDataset);
            }
            Some(SectionRequest::RecordDatasetFile(id)) => {
                let stored = self
                    .doc
                    .project()
                    .datasets
                    .iter()
                    .find(|d| d.dataset_id == id)
                    .map(|d| d.path.clone());
                if let (Some(stored), Some(base)) = (stored, self.doc.base_dir()) {
                    let path = file::resolve_path(&stored, base);
                    self.rerecord_dataset(id, path);
                }
            }
            Some(SectionRequest::Goto(section)) => self.section = section,
            Some(SectionRequest::ImportFmeaCsv) => self.choose_file(FilePurpose::ImportFmeaCsv),
            Some(SectionRequest::ExportFmeaCsv) => self.choose_file(FilePurpose::ExportFmeaCsv),
            Some(SectionRequest::ExportBowtie) => self.choose_file(FilePurpose::ExportBowtie),
            Some(SectionRequest::ImportRegisterCsv) => {
                self.choose_file(FilePurpose::ImportRegisterCsv);
            }
            Some(SectionRequest::ExportRegisterCsv) => {
                self.choose_file(FilePurpose::ExportRegisterCsv);
            }
            Some(SectionRequest::Notify(level, text)) => self.notify(level, text),
            Some(SectionRequest::MarkReviewed(risk_id)) => self.mark_reviewed(&risk_id),
            None => {}
        }
    }

    fn save(&mut self) {
        match self.doc.path().map(Path::to_owned) {
            Some(path) => self.save_to(&path),
            None => self.choose_file(FilePurpose::SaveProjectAs),
        }
    }

    /// Saves the project to `path` atomically (dataset paths are rebased to the new folder).
    pub fn save_to(&mut self, path: &Path) {
        let old_base = self.doc.base_dir().map(Path::to_owned);
        let new_base = path.parent().map(Path::to_owned).unwrap_or_default();
        let today = IsoDate::today();
        let mut project = self.doc.project().clone();
        project.metadata.modified = today;
        file::rebase_dataset_paths(&mut project, old_base.as_deref(), &new_base);
        match file::save_project(path, &project) {
            Ok(()) => {
                let untitled = self.doc.path().is_none();
                self.doc.mark_saved_as(path, project);
                if let Err(e) = file::remove_autosave(path) {
                    self.notify(
                        Level::Error,
                        format!("saved, but cannot remove the old autosave: {e}"),
                    );
                }
                if untitled && let Some(u) = self.untitled_path() {
                    let _ = file::remove_autosave(&u);
                }
                self.prefs.remember(path);
                self.last_autosave = Instant::now();
                if let Some(action) = self.after_save.take() {
                    self.perform(action);
                }
            }
            Err(e) => {
                self.after_save = None;
                self.report_error(&anyhow::Error::new(e));
            }
        }
    }

    /// Builds and writes the treatment plan in the background with the options chosen on the report screen.
    fn export_report(&mut self, path: PathBuf) {
        let Some(options) = self.pending_export.take() else {
            return;
        };
        let path = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            path
        } else {
            path.with_extension("pdf")
        };
        let project = self.doc.project().clone();
        let base = self
            .doc
            .base_dir()
            .map_or_else(|| PathBuf::from("."), Path::to_owned);
        self.spawn(
            format!("Exporting {}", display_name(&path)),
            true,
            move |control| {
                let audits = crate::analysis::audit::run_saved_audits(&project, &base, control)?;
                let profiles =
                    crate::analysis::evidence::profile_datasets(&project, &base, control)?;
                let doc = crate::report::plan::build_with_profiles(
                    &project, &options, &audits, &profiles,
                );
                control.set_progress(0.2);
                control.check()?;
                let pdf = crate::report::render_pdf(&doc)?;
                control.set_progress(0.8);
                control.check()?;
                file::write_atomic(&path, &pdf)?;
                control.set_progress(1.0);
                Ok(JobOutput::ReportWritten {
                    path,
                    pages: crate::report::page_count(&doc),
                })
            },
        );
    }

    fn add_dataset(&mut self, path: PathBuf) {
        let name = display_name(&path);
        self.spawn(format!("Fingerprinting {name}"), true, move |control| {
            // A malformed CSV is refused with its line and column before the project changes.
            let file = dataset::inspect_new_dataset(&path, control)?;
            Ok(JobOutput::DatasetInspected {
                path,
                info: file.info,
                notes: file.notes,
            })
        });
    }

    /// Reads a dataset's file again (at a new place, or with new content) to record it in the project.
    fn rerecord_dataset(&mut self, dataset_id: String, path: PathBuf) {
        let name = display_name(&path);
        self.spawn(format!("Fingerprinting {name}"), true, move |control| {
            let file = dataset::inspect_new_dataset(&path, control)?;
            Ok(JobOutput::DatasetRerecorded {
                dataset_id,
                path,
                file,
            })
        });
    }

    /// Records where a dataset's file is now and what it holds; findings computed on other content become
    /// stale (audits) or flagged for review (risks).
    fn dataset_rerecorded(&mut self, dataset_id: &str, path: &Path, file: dataset::NewDatasetFile) {
        let Some(old) = self
            .doc
            .project()
            .datasets
            .iter()
            .find(|d| d.dataset_id == dataset_id)
            .cloned()
        else {
            return;
        };
        let stored = match self.doc.base_dir() {
            Some(base) => file::relative_path(path, base),
            None => path.to_string_lossy().replace('\\', "/"),
        };
        let info = file.info;
        let same_content = info.fingerprint.sha256 == old.sha256;
        let gone: Vec<&str> = old
            .column_settings
            .iter()
            .map(|c| c.name.as_str())
            .filter(|name| !file.column_names.iter().any(|c| c == name))
            .collect();
        let mut message = if same_content {
            format!(
                "{}: {} has the recorded content (SHA-256 {}…); nothing is stale",
                old.name,
                stored,
                info.fingerprint.sha256.get(..12).unwrap_or_default()
            )
        } else {
            format!(
                "{}: recorded {} (SHA-256 {}…, {} rows × {} columns); audits computed on the old content are \
                 stale and risks citing it are flagged for review",
                old.name,
                stored,
                info.fingerprint.sha256.get(..12).unwrap_or_default(),
                info.shape.rows,
                info.shape.columns
            )
        };
        if !gone.is_empty() {
            message.push_str(". Columns with settings that the file no longer has: ");
            message.push_str(&gone.join(", "));
        }
        self.doc.edit(|p| {
            if let Some(d) = p.datasets.iter_mut().find(|d| d.dataset_id == dataset_id) {
                d.path = stored;
                d.format = info.format;
                d.sha256 = info.fingerprint.sha256;
                d.bytes = info.fingerprint.bytes;
                d.rows = info.shape.rows;
                d.columns = info.shape.columns;
            }
        });
        self.dataset_checks.insert(
            dataset_id.to_owned(),
            FileCheck::Done(DatasetStatus::Unchanged),
        );
        self.refresh_review_flags();
        self.notify(Level::Info, message);
    }

    fn check_datasets(&mut self) {
        let Some(base) = self.doc.base_dir().map(Path::to_owned) else {
            return;
        };
        let datasets = self.doc.project().datasets.clone();
        if datasets.is_empty() {
            return;
        }
        for d in &datasets {
            self.dataset_checks
                .insert(d.dataset_id.clone(), FileCheck::Checking);
        }
        self.spawn("Checking dataset files", true, move |control| {
            let mut out = Vec::new();
            for (i, d) in datasets.iter().enumerate() {
                let status =
                    dataset::check_dataset(d, &base, &crate::analysis::task::TaskControl::new())?;
                out.push((d.dataset_id.clone(), status));
                #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
                control.set_progress((i + 1) as f32 / datasets.len() as f32);
                control.check()?;
            }
            Ok(JobOutput::DatasetsChecked(out))
        });
    }

    /// Starts and cancels the background jobs the EDA screen (or the column settings) asks for.
    fn eda_actions(&mut self, actions: super::eda::EdaActions) {
        if let Some(risk_id) = &actions.show_risk {
            self.show_created_risk(risk_id, "the data alert");
        }
        for job_id in actions.cancel {
            self.jobs.cancel(job_id);
        }
        for job in actions.jobs {
            let ctx = self.ctx.clone();
            let work = job.work;
            match self.jobs.spawn(
                job.name,
                true,
                move || ctx.request_repaint(),
                move |control| work(control).map(JobOutput::Eda),
            ) {
                Ok(job_id) => self.eda_screen.job_started(&job.ticket, job_id),
                Err(e) => self.eda_screen.job_not_started(&job.ticket, &e.to_string()),
            }
        }
        if actions.open_eda {
            self.section = Section::Eda;
        }
    }

    /// Shows a risk just created from `source` in the register, and says so.
    fn show_created_risk(&mut self, risk_id: &str, source: &str) {
        super::register::select_risk(&self.ctx, risk_id);
        self.section = Section::Register;
        self.notify(
            Level::Info,
            format!("{risk_id} created from {source}: rate it and choose a treatment"),
        );
    }

    /// The dataset fingerprints as last checked on disk, by dataset id (unchecked datasets are left out).
    fn current_fingerprints(&self) -> BTreeMap<String, String> {
        self.dataset_checks
            .iter()
            .filter_map(|(id, check)| match check {
                FileCheck::Done(DatasetStatus::Changed { now }) => {
                    Some((id.clone(), now.sha256.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// Flags register risks whose evidence changed (dataset fingerprint or linked check outcome) as needing
    /// review, as one undo step, and says which.
    fn refresh_review_flags(&mut self) {
        let reports = self.fairness_screen.reports(self.doc.project());
        let by_name = borrowed(&reports);
        let flags = crate::analysis::findings::new_review_flags(
            self.doc.project(),
            &self.current_fingerprints(),
            &by_name,
        );
        if flags.is_empty() {
            return;
        }
        let ids: Vec<String> = flags.iter().map(|(id, _)| id.clone()).collect();
        self.doc.edit(|p| {
            for (risk_id, reason) in flags {
                if let Some(risk) = p.risks.iter_mut().find(|r| r.risk_id == risk_id) {
                    risk.needs_review = Some(reason);
                }
            }
        });
        self.notify(
            Level::Info,
            format!(
                "{} need review: their evidence changed (see Map › Risk register)",
                ids.join(", ")
            ),
        );
    }

    /// "Mark as reviewed": records the current evidence on the risk's links and clears its flag.
    fn mark_reviewed(&mut self, risk_id: &str) {
        let reports = self.fairness_screen.reports(self.doc.project());
        let by_name = borrowed(&reports);
        let current = self.current_fingerprints();
        self.doc.edit(|p| {
            let datasets = p.datasets.clone();
            if let Some(risk) = p.risks.iter_mut().find(|r| r.risk_id == risk_id) {
                crate::analysis::findings::acknowledge_review(risk, &datasets, &current, &by_name);
            }
        });
    }

    /// Starts and cancels the background jobs the fairness screen asks for.
    fn fairness_actions(&mut self, actions: super::fairness::FairnessActions) {
        if let Some(risk_id) = &actions.show_risk {
            self.show_created_risk(risk_id, "the finding");
        }
        for job_id in actions.cancel {
            self.jobs.cancel(job_id);
        }
        for job in actions.jobs {
            let ctx = self.ctx.clone();
            let work = job.work;
            match self.jobs.spawn(
                job.name,
                true,
                move || ctx.request_repaint(),
                move |control| work(control).map(JobOutput::Fairness),
            ) {
                Ok(job_id) => self.fairness_screen.job_started(&job.ticket, job_id),
                Err(e) => self
                    .fairness_screen
                    .job_not_started(&job.ticket, &e.to_string()),
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // Per-frame work outside drawing

    fn handle_job_results(&mut self) {
        for done in self.jobs.poll() {
            if self.eda_screen.job_ended(done.job_id, done.cancelled) && done.cancelled {
                // Replaced by a newer load, profile or table query: nothing to tell.
                continue;
            }
            if self.fairness_screen.job_ended(done.job_id, done.cancelled) && done.cancelled {
                // Replaced by a newer run of the same audit: nothing to tell.
                continue;
            }
            if done.cancelled {
                self.notify(Level::Info, format!("{} was cancelled", done.name));
                if done.name == "Checking dataset files" {
                    self.dataset_checks.clear();
                }
                continue;
            }
            match done.result {
                Err(e) => {
                    if self.after_save.is_some() && done.name == FilePurpose::SaveProjectAs.title()
                    {
                        self.after_save = None;
                    }
                    self.report_error(&e.context(format!("{} failed", done.name)));
                }
                Ok(output) => self.job_finished(output),
            }
        }
    }

    fn job_finished(&mut self, output: JobOutput) {
        match output {
            JobOutput::Opened {
                path,
                loaded,
                recovery,
            } => {
                if loaded.was_migrated() {
                    self.notify(
                        Level::Info,
                        format!(
                            "{} was written with schema version {} and has been upgraded; saving writes the \
                             current version",
                            display_name(&path),
                            loaded.file_schema_version
                        ),
                    );
                }
                self.doc = Document::new(loaded.project, Some(path.clone()));
                self.dataset_checks.clear();
                self.prefs.remember(&path);
                self.last_autosave = Instant::now();
                if let Some(recovery) = recovery {
                    self.modal = Some(Modal::Recover { recovery });
                }
                self.check_datasets();
            }
            JobOutput::Recovered(loaded) => {
                self.doc.edit(|p| *p = loaded.project);
                self.notify(
                    Level::Info,
                    "Recovered the autosaved changes; save to keep them",
                );
            }
            JobOutput::DatasetInspected { path, info, notes } => {
                for note in notes {
                    self.notify(Level::Info, format!("{}: {note}", display_name(&path)));
                }
                let dataset =
                    dataset::new_dataset_ref(self.doc.project(), &path, self.doc.base_dir(), info);
                let dataset_id = dataset.dataset_id.clone();
                self.doc.edit(|p| p.datasets.push(dataset));
                self.eda_screen.select_dataset(&dataset_id);
                self.dataset_checks
                    .insert(dataset_id, FileCheck::Done(DatasetStatus::Unchanged));
                self.section = Section::Datasets;
            }
            JobOutput::DatasetRerecorded {
                dataset_id,
                path,
                file,
            } => self.dataset_rerecorded(&dataset_id, &path, file),
            JobOutput::DatasetsChecked(results) => {
                let unchanged: std::collections::BTreeSet<String> = results
                    .iter()
                    .filter(|(_, status)| *status == DatasetStatus::Unchanged)
                    .map(|(id, _)| id.clone())
                    .collect();
                for (id, status) in results {
                    self.dataset_checks.insert(id, FileCheck::Done(status));
                }
                self.refresh_review_flags();
                let base = self
                    .doc
                    .base_dir()
                    .map_or_else(|| PathBuf::from("."), Path::to_owned);
                let actions =
                    self.fairness_screen
                        .resume_saved_audits(self.doc.project(), &base, &unchanged);
                self.fairness_actions(actions);
            }
            JobOutput::FileChosen {
                purpose,
                path,
                open_for,
            } => match path {
                Some(path) => self.file_chosen(purpose, path),
                None if open_for < DIALOG_UNAVAILABLE_BELOW => {
                    self.modal = Some(Modal::PathPrompt {
                        purpose,
                        text: String::new(),
                        reason: "No file dialog could be shown on this system (it needs xdg-desktop-portal \
                                 or zenity). Type the path instead."
                            .to_owned(),
                    });
                }
                None => self.after_save = None,
            },
            JobOutput::Autosaved => self.autosave_running = false,
            JobOutput::ReportWritten { path, pages } => {
                self.notify(
                    Level::Info,
                    format!(
                        "Wrote the treatment plan ({pages} pages): {}",
                        path.display()
                    ),
                );
                if let Some(n) = self.notifications.last_mut() {
                    n.file = Some(path);
                }
            }
            JobOutput::Eda(output) => {
                let actions = self.eda_screen.job_output(output);
                self.eda_actions(actions);
            }
            JobOutput::Fairness(output) => {
                let actions = self.fairness_screen.job_output(output);
                self.fairness_actions(actions);
                self.refresh_review_flags();
            }
        }
    }

    fn autosave_if_due(&mut self) {
        if self.autosave_running
            || !self.doc.is_dirty()
            || self.last_autosave.elapsed() < AUTOSAVE_INTERVAL
        {
            return;
        }
        let target = match self.doc.path() {
            Some(p) => Some(p.to_owned()),
            None => self.untitled_path(),
        };
        let Some(target) = target else { return };
        self.last_autosave = Instant::now();
        self.autosave_running = true;
        let project = self.doc.project().clone();
        self.spawn("Autosave", false, move |_| {
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let text = file::project_to_string(&project)?;
            file::write_atomic(&file::autosave_path(&target), text.as_bytes())?;
            Ok(JobOutput::Autosaved)
        });
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
                    let text = if section.is_built() {
                        RichText::new(section.label())
                    } else {
                        RichText::new(section.label()).weak()
                    };
                    if ui.selectable_label(self.section == section, text).clicked() {
                        self.section = section;
                    }
                }
            }
        });
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

    fn notifications_ui(&mut self, ctx: &egui::Context) {
        if self.notifications.is_empty() {
            return;
        }
        if self.jobs.is_busy() {
            // A message counts its time from when the work is done.
            for n in &mut self.notifications {
                n.shown = Instant::now();
            }
        } else {
            super::first_start::expire_done_messages(ctx, &mut self.notifications);
        }
        let mut dismiss = None;
        egui::Area::new(egui::Id::unique("riskbench-notifications"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -36.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                ui.set_max_width(420.0);
                for n in &self.notifications {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        let (title, color) = match n.level {
                            Level::Error => ("Error", theme::error()),
                            Level::Info => ("Done", theme::ok()),
                        };
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(title).strong().color(color));
                            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                                if ui.small_button("Dismiss").clicked() {
                                    dismiss = Some(n.serial);
                                }
                            });
                        });
                        ui.add(egui::Label::new(&n.text).wrap().selectable(true));
                        if let Some(file) = &n.file {
                            super::first_start::file_actions_ui(ui, file);
                        }
                    });
                }
            });
        if let Some(id) = dismiss {
            self.notifications.retain(|n| n.serial != id);
        }
    }

    fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(mut modal) = self.modal.take() else {
            return;
        };
        let mut choice = ModalChoice::Stay;
        let response = egui::Modal::new(egui::Id::unique("riskbench-modal")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            choice = modal_contents_ui(ui, &mut modal, &self.doc);
        });
        if matches!(choice, ModalChoice::Stay)
            && response.should_close()
            && matches!(
                modal,
                Modal::About
                    | Modal::Shortcuts
                    | Modal::PathPrompt { .. }
                    | Modal::UnsavedChanges(_)
                    | Modal::Recover { .. }
            )
        {
            choice = ModalChoice::Close;
        }
        match choice {
            ModalChoice::Stay => self.modal = Some(modal),
            ModalChoice::Close => self.after_save = None,
            ModalChoice::Save(action) => {
                self.after_save = Some(action);
                self.save();
            }
            ModalChoice::Discard(action) => self.perform(action),
            ModalChoice::Recover(sidecar) => {
                self.spawn("Recovering autosave", true, move |_| {
                    Ok(JobOutput::Recovered(file::load_project(&sidecar)?))
                });
            }
            ModalChoice::DiscardAutosave(sidecar) => {
                if let Err(e) = std::fs::remove_file(&sidecar) {
                    self.report_error(&anyhow::Error::new(e).context("cannot remove the autosave"));
                }
            }
            ModalChoice::PathChosen(purpose, path) => self.file_chosen(purpose, path),
        }
    }
}

/// What the user chose in a modal dialog.
enum ModalChoice {
    Stay,
    Close,
    Save(Discarding),
    Discard(Discarding),
    Recover(PathBuf),
    DiscardAutosave(PathBuf),
    PathChosen(FilePurpose, PathBuf),
}

fn modal_contents_ui(ui: &mut egui::Ui, modal: &mut Modal, doc: &Document) -> ModalChoice {
    let mut choice = ModalChoice::Stay;
    match modal {
        Modal::UnsavedChanges(action) => {
            ui.heading("Unsaved changes");
            ui.label(format!(
                "“{}” has changes that are not saved. Save them first?",
                doc.project().metadata.system_name
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    choice = ModalChoice::Save(action.clone());
                }
                if ui.button("Discard changes").clicked() {
                    choice = ModalChoice::Discard(action.clone());
                }
                if ui.button("Cancel").clicked() {
                    choice = ModalChoice::Close;
                }
            });
        }
        Modal::Recover { recovery } => {
            ui.heading("Recover unsaved changes?");
            let age = SystemTime::now()
                .duration_since(recovery.saved_at)
                .map_or_else(
                    |_| "recently".to_owned(),
                    |d| format!("{} min ago", d.as_secs() / 60),
                );
            ui.label(format!(
                "Riskbench autosaved changes to this project {age} that were never saved (the app may have \
                 closed unexpectedly)."
            ));
            ui.label(RichText::new(recovery.autosave_path.display().to_string()).weak());
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Recover").clicked() {
                    choice = ModalChoice::Recover(recovery.autosave_path.clone());
                }
                if ui.button("Discard autosave").clicked() {
                    choice = ModalChoice::DiscardAutosave(recovery.autosave_path.clone());
                }
            });
        }
        Modal::PathPrompt {
            purpose,
            text,
            reason,
        } => {
            ui.heading(purpose.title());
            if !reason.is_empty() {
                ui.label(reason.as_str());
            }
            let label = ui.label("File path");
            let edit = ui
                .add(
                    egui::TextEdit::singleline(text)
                        .desired_width(440.0)
                        .hint_text("/path/to/file"),
                )
                .labelled_by(label.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if (ui.button("OK").clicked() || enter) && !text.trim().is_empty() {
                    choice = ModalChoice::PathChosen(*purpose, PathBuf::from(text.trim()));
                }
                if ui.button("Cancel").clicked() {
                    choice = ModalChoice::Close;
                }
            });
        }
        Modal::About => {
            ui.heading("Riskbench");
            ui.label(format!("Version {}", crate::VERSION));
            ui.label(
                "An offline workbench for assessing and treating the risks of AI systems. Riskbench never \
                 connects to a network.",
            );
            ui.add_space(6.0);
            ui.label(RichText::new("Attributions").strong());
            ui.label(
                "NIST AI RMF 1.0 core: NIST AI 100-1, National Institute of Standards and Technology, U.S. \
                 Department of Commerce, January 2023. NIST does not endorse this product.",
            );
            ui.label(
                "Sample data: Statlog (German Credit Data), Hans Hofmann, 1994, UCI Machine Learning Repository, \
                 CC BY 4.0.",
            );
            if ui.button("Close").clicked() {
                choice = ModalChoice::Close;
            }
        }
        Modal::Shortcuts => {
            ui.heading("Keyboard shortcuts");
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for c in Command::ALL {
                    if let Some(s) = c.shortcut() {
                        ui.label(c.label());
                        let mut keys = vec![ui.ctx().format_shortcut(&s)];
                        keys.extend(
                            c.alternative_shortcuts()
                                .iter()
                                .map(|s| ui.ctx().format_shortcut(s)),
                        );
                        ui.label(keys.join("  or  "));
                        ui.end_row();
                    }
                }
            });
            super::shortcut_help::screen_shortcuts_ui(ui);
            if ui.button("Close").clicked() {
                choice = ModalChoice::Close;
            }
        }
    }
    choice
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
        // A workshop presentation of a bow-tie hides the app's chrome (F11 or its button brings it back).
        let presenting =
            self.section == Section::Bowties && super::bowtie::presentation_active(&ctx);
        if !presenting {
            egui::Panel::top("menu_bar").show(ui, |ui| self.menu_bar_ui(ui));
            egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));
            egui::Panel::left("navigation")
                .resizable(false)
                .exact_size(190.0)
                .show(ui, |ui| self.navigation_ui(ui));
        }
        egui::CentralPanel::default_margins().show(ui, |ui| {
            if matches!(
                self.section,
                Section::Fmea | Section::Register | Section::Bowties
            ) {
                // The FMEA grid and the register (with its detail pane) scroll themselves.
                let request =
                    sections::section_ui(ui, self.section, &mut self.doc, &self.dataset_checks);
                self.section_request(request);
                return;
            }
            if self.section == Section::Eda {
                // The EDA tabs scroll themselves; the data table keeps its header in place.
                sections::heading_ui(ui, Section::Eda);
                let actions = super::eda::eda_ui(ui, &mut self.eda_screen, &mut self.doc);
                self.eda_actions(actions);
                return;
            }
            egui::ScrollArea::vertical()
                .auto_shrink(false)
                .show(ui, |ui| {
                    if self.section == Section::Report {
                        sections::heading_ui(ui, Section::Report);
                        if let Some(super::report::ReportRequest::Export(options)) =
                            super::report::report_ui(ui, &mut self.report_screen, &self.doc)
                        {
                            self.pending_export = Some(options);
                            self.choose_file(FilePurpose::ExportReport);
                        }
                        return;
                    }
                    if self.section == Section::Fairness {
                        sections::heading_ui(ui, Section::Fairness);
                        let actions = super::fairness::fairness_ui(
                            ui,
                            &mut self.fairness_screen,
                            &mut self.doc,
                        );
                        self.fairness_actions(actions);
                        return;
                    }
                    let request =
                        sections::section_ui(ui, self.section, &mut self.doc, &self.dataset_checks);
                    self.section_request(request);
                    if self.section == Section::Datasets {
                        let actions = super::eda::dataset_columns_panel_ui(
                            ui,
                            &mut self.eda_screen,
                            &mut self.doc,
                        );
                        self.eda_actions(actions);
                    }
                });
        });
        self.notifications_ui(&ctx);
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

/// Imports risks from a CSV file into the register as one undo step: a risk whose id exists replaces it,
/// the others are added. Nothing changes when the file has an error.
fn import_register_csv(doc: &mut Document, path: &Path) -> anyhow::Result<String> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let matrix = doc.project().settings.risk_matrix.clone();
    let imported = crate::model::register::risks_from_csv(&text, &matrix)
        .with_context(|| format!("cannot import risks from {}", path.display()))?;
    let total = imported.len();
    let replaced = doc.edit(|p| {
        let mut replaced = 0;
        for risk in imported {
            if let Some(existing) = p.risks.iter_mut().find(|r| r.risk_id == risk.risk_id) {
                *existing = risk;
                replaced += 1;
            } else {
                p.risks.push(risk);
            }
        }
        replaced
    });
    Ok(format!(
        "Imported {total} risks from {} ({replaced} replaced risks with the same id, {} added)",
        display_name(path),
        total - replaced
    ))
}

/// Writes the register as CSV (atomically).
fn export_register_csv(doc: &Document, path: &Path) -> anyhow::Result<String> {
    let text = crate::model::register::risks_to_csv(&doc.project().risks)
        .context("cannot write the register as CSV")?;
    file::write_atomic(path, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(format!(
        "Exported {} risks to {}",
        doc.project().risks.len(),
        display_name(path)
    ))
}

/// The fairness screen's latest reports by audit name, borrowed as the review-flag functions take them.
fn borrowed(
    reports: &BTreeMap<String, std::sync::Arc<crate::analysis::audit::AuditReport>>,
) -> BTreeMap<String, &crate::analysis::audit::AuditReport> {
    reports
        .iter()
        .map(|(name, report)| (name.clone(), report.as_ref()))
        .collect()
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn with_project_extension(path: PathBuf) -> PathBuf {
    if file::is_project_path(&path) {
        return path;
    }
    let is_ron = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    let base = if is_ron {
        path.with_extension("")
    } else {
        path
    };
    let mut name = base.into_os_string();
    name.push(file::PROJECT_EXTENSION);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_extension_is_added_once() {
        assert_eq!(
            with_project_extension("a/b".into()),
            PathBuf::from("a/b.riskbench.ron")
        );
        assert_eq!(
            with_project_extension("a/b.ron".into()),
            PathBuf::from("a/b.riskbench.ron")
        );
        assert_eq!(
            with_project_extension("a/b.riskbench.ron".into()),
            PathBuf::from("a/b.riskbench.ron")
        );
    }
}
