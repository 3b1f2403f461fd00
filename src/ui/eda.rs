//! Measure › Data exploration (EDA): pick a dataset of the project, load it once and profile it in the
//! background, and show the profile — overview, variables with histograms and top values, missing values,
//! correlations as a heat map, alerts with their editable thresholds, the fairness view (group
//! representation against a reference population, label base rate per group, likely proxies of sensitive
//! columns, box plots per group) — the column settings (types, roles, missing placeholders), and the data
//! itself in a table that sorts and filters a million rows without dropping a frame.
//!
//! Like the fairness screen, this module only draws and decides what to run: it returns [`EdaActions`] with
//! jobs that the app starts on its job system (progress and cancel in the status bar) and hands their output
//! back through [`EdaScreen::job_output`]. The loaded data frame is held once (an `Arc`) and shared by the
//! profile job and the table's sort and filter jobs; changing a column setting re-runs only the profile, once
//! the edits have settled. Every number shown comes from [`crate::analysis::profile`] unchanged. A profile is
//! stale when the file on disk no longer has the SHA-256 recorded in the project.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{RichText, Ui};
use egui_plot::{
    Bar, BarChart, BoxElem, BoxPlot, BoxSpread, Corner, GridInput, GridMark, Legend, Plot,
};
use polars::prelude::DataFrame;

use super::data_table::{DataTable, TableActions, data_table_ui};
use super::dataset_columns::{ColumnInfo, ColumnsEditor, column_settings_ui};
use super::fairness::format_count;
use super::theme;
use crate::analysis::dataset::fingerprint_file;
use crate::analysis::profile::{
    AssociationMethod, CorrelationPair, Histogram, Profile, ProfileOptions, SensitiveProfile,
    TimeHistogram, TimePeriod, ValueCount, Variable, profile_frame,
};
use crate::analysis::table::read_table;
use crate::analysis::task::TaskControl;
use crate::analysis::view::view_rows;
use crate::model::data_columns::ColumnSetting;
use crate::model::settings::EdaThresholds;
use crate::model::{DatasetRef, Document, file};

/// A changed column setting re-runs the profile once edits have stopped for this long.
const RERUN_AFTER: Duration = Duration::from_millis(900);

// ------------------------------------------------------------------------------------------------------------
// Jobs

/// What a background job is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EdaTicket {
    /// Loading a dataset file.
    Load(u64),
    /// Profiling the loaded data.
    Profile(u64),
    /// Sorting and filtering the data table.
    Rows(u64),
}

/// The work of a job: runs on a worker thread with progress and cancellation.
pub type EdaWork = Box<dyn FnOnce(&TaskControl) -> anyhow::Result<EdaJobOutput> + Send>;

/// A background job the screen asks for.
pub struct EdaJob {
    /// Shown in the status bar.
    pub name: String,
    /// What it is for.
    pub ticket: EdaTicket,
    /// The work.
    pub work: EdaWork,
}

/// What the screen asks the app to do.
#[derive(Default)]
pub struct EdaActions {
    /// Jobs to start (report each one's id with [`EdaScreen::job_started`]).
    pub jobs: Vec<EdaJob>,
    /// Jobs to cancel.
    pub cancel: Vec<u64>,
    /// Show the EDA section (asked from the Datasets screen).
    pub open_eda: bool,
    /// A risk was created from a data alert: show it in the register.
    pub show_risk: Option<String>,
}

impl EdaActions {
    fn table(&mut self, table: TableActions, df: &Arc<DataFrame>) {
        self.cancel.extend(table.cancel);
        if let Some(request) = table.request {
            let df = Arc::clone(df);
            let request_id = request.request_id;
            self.jobs.push(EdaJob {
                name: "Sorting and filtering the data".to_owned(),
                ticket: EdaTicket::Rows(request_id),
                work: Box::new(move |control| {
                    let rows = view_rows(&df, &request.query, control).map_err(|e| e.to_string());
                    Ok(EdaJobOutput::Rows { request_id, rows })
                }),
            });
        }
    }
}

/// A dataset file as loaded.
#[derive(Debug)]
pub struct Loaded {
    /// The data.
    pub df: Arc<DataFrame>,
    /// SHA-256 of the file as read.
    pub sha256: String,
}

/// What an EDA job produced. Failures are results too: they are shown on the screen.
#[derive(Debug)]
pub enum EdaJobOutput {
    /// A file was loaded.
    Loaded {
        /// The load.
        load_id: u64,
        /// The data, or why it could not be read (with file, line and column).
        result: Result<Loaded, String>,
    },
    /// A profile ran.
    Profiled {
        /// The run.
        profile_id: u64,
        /// The profile, or why it could not be computed.
        result: Result<Arc<Profile>, String>,
    },
    /// The data table's rows were sorted and filtered.
    Rows {
        /// The table's request.
        request_id: u64,
        /// The rows, or why not.
        rows: Result<Vec<usize>, String>,
    },
}

// ------------------------------------------------------------------------------------------------------------
// State

/// Where a dataset's data comes from: when this changes, the data is loaded again.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Source {
    dataset_id: String,
    path: PathBuf,
    stored_sha256: String,
}

/// Everything a profile depends on besides the data: when it changes, the profile runs again.
#[derive(Clone, Debug, PartialEq)]
struct ProfileInput {
    column_settings: Vec<ColumnSetting>,
    missing_tokens: Vec<String>,
    label_positive: Option<String>,
    thresholds: EdaThresholds,
}

impl ProfileInput {
    fn of(dataset: &DatasetRef, thresholds: &EdaThresholds) -> Self {
        Self {
            column_settings: dataset.column_settings.clone(),
            missing_tokens: dataset.missing_tokens.clone(),
            label_positive: dataset.label_positive.clone(),
            thresholds: thresholds.clone(),
        }
    }
}

enum Load {
    Running { load_id: u64, job_id: Option<u64> },
    Ready(Arc<Loaded>),
    Failed(String),
    Cancelled,
}

enum ProfileRun {
    NotRun,
    Running {
        profile_id: u64,
        job_id: Option<u64>,
        input: ProfileInput,
    },
    Done {
        input: ProfileInput,
        result: Result<Arc<Profile>, String>,
    },
    Cancelled,
}

struct Current {
    source: Source,
    load: Load,
    profile: ProfileRun,
    /// The profile input as last seen and since when (to re-run once edits settle).
    watching: Option<(ProfileInput, Instant)>,
}

/// The tabs of the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tab {
    /// Rows, columns, missing cells, duplicates, types.
    #[default]
    Overview,
    /// Per-column statistics, histograms and top values.
    Variables,
    /// Missing values per column.
    Missing,
    /// The correlation heat map.
    Correlations,
    /// Data-quality alerts and their thresholds.
    Alerts,
    /// Representation, base rates, proxies, box plots per group.
    Fairness,
    /// Types, roles and missing placeholders of the columns.
    Columns,
    /// The data table.
    Data,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Self; 8] = [
        Self::Overview,
        Self::Variables,
        Self::Missing,
        Self::Correlations,
        Self::Alerts,
        Self::Fairness,
        Self::Columns,
        Self::Data,
    ];

    /// The tab's label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Overview => "Overview",
            Self::Variables => "Variables",
            Self::Missing => "Missing values",
            Self::Correlations => "Correlations",
            Self::Alerts => "Alerts",
            Self::Fairness => "Fairness",
            Self::Columns => "Column settings",
            Self::Data => "Data",
        }
    }
}

/// The state of the EDA screen (and of the column settings on the Datasets screen), kept while the app runs.
#[derive(Default)]
pub struct EdaScreen {
    /// A risk created from an alert this frame, to show in the register.
    show_risk: Option<String>,
    selected: Option<String>,
    current: Option<Current>,
    tab: Tab,
    variable: Option<String>,
    table: DataTable,
    columns_editor: ColumnsEditor,
    superseded: BTreeSet<u64>,
    next_id: u64,
    /// The sensitive column shown on the fairness tab.
    fairness_column: Option<String>,
}

impl EdaScreen {
    /// The tab shown.
    #[must_use]
    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// Shows this dataset next (a dataset just added, say).
    pub fn select_dataset(&mut self, dataset_id: &str) {
        self.selected = Some(dataset_id.to_owned());
    }

    /// Records the job id of a job started for `ticket`.
    pub fn job_started(&mut self, ticket: &EdaTicket, job_id: u64) {
        match ticket {
            EdaTicket::Rows(request_id) => self.table.job_started(*request_id, job_id),
            EdaTicket::Load(id) => {
                if let Some(Current {
                    load:
                        Load::Running {
                            load_id,
                            job_id: slot,
                        },
                    ..
                }) = &mut self.current
                    && load_id == id
                {
                    *slot = Some(job_id);
                }
            }
            EdaTicket::Profile(id) => {
                if let Some(Current {
                    profile:
                        ProfileRun::Running {
                            profile_id,
                            job_id: slot,
                            ..
                        },
                    ..
                }) = &mut self.current
                    && profile_id == id
                {
                    *slot = Some(job_id);
                }
            }
        }
    }

    /// Records that the job for `ticket` could not start.
    pub fn job_not_started(&mut self, ticket: &EdaTicket, error: &str) {
        let message = format!("cannot start a background thread: {error}");
        match ticket {
            EdaTicket::Rows(request_id) => self.table.job_not_started(*request_id, error),
            EdaTicket::Load(_) => {
                if let Some(c) = &mut self.current {
                    c.load = Load::Failed(message);
                }
            }
            EdaTicket::Profile(_) => {
                if let Some(c) = &mut self.current
                    && let ProfileRun::Running { input, .. } = &c.profile
                {
                    c.profile = ProfileRun::Done {
                        input: input.clone(),
                        result: Err(message),
                    };
                }
            }
        }
    }

    /// Called for every finished job before its output is handed over. Returns `true` when the screen
    /// cancelled the job itself (replaced by a newer one), so its end is no news.
    pub fn job_ended(&mut self, job_id: u64, cancelled: bool) -> bool {
        if self.superseded.remove(&job_id) || self.table.job_ended(job_id, cancelled) {
            return true;
        }
        // A job that finished hands over its output next (every EDA job returns one, failures included); only
        // a cancelled one needs recording here.
        if cancelled && let Some(c) = &mut self.current {
            if matches!(c.load, Load::Running { job_id: Some(id), .. } if id == job_id) {
                c.load = Load::Cancelled;
            }
            if matches!(c.profile, ProfileRun::Running { job_id: Some(id), .. } if id == job_id) {
                c.profile = ProfileRun::Cancelled;
            }
        }
        false
    }

    /// Takes a job's output; may ask for the next job (the profile after loading).
    pub fn job_output(&mut self, output: EdaJobOutput) -> EdaActions {
        let actions = EdaActions::default();
        match output {
            EdaJobOutput::Loaded { load_id, result } => {
                if let Some(c) = &mut self.current
                    && matches!(c.load, Load::Running { load_id: id, .. } if id == load_id)
                {
                    c.load = match result {
                        Ok(loaded) => Load::Ready(Arc::new(loaded)),
                        Err(e) => Load::Failed(e),
                    };
                    // The profile starts on the next frame, with the settings as they are then.
                    c.profile = ProfileRun::NotRun;
                }
            }
            EdaJobOutput::Profiled { profile_id, result } => {
                if let Some(c) = &mut self.current
                    && let ProfileRun::Running {
                        profile_id: id,
                        input,
                        ..
                    } = &c.profile
                    && *id == profile_id
                {
                    c.profile = ProfileRun::Done {
                        input: input.clone(),
                        result,
                    };
                }
            }
            EdaJobOutput::Rows { request_id, rows } => self.table.rows_ready(request_id, rows),
        }
        actions
    }

    fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Drops the current dataset's state (cancelling its jobs).
    fn forget_current(&mut self, actions: &mut EdaActions) {
        if let Some(c) = self.current.take() {
            if let Load::Running {
                job_id: Some(id), ..
            } = c.load
            {
                self.superseded.insert(id);
                actions.cancel.push(id);
            }
            if let ProfileRun::Running {
                job_id: Some(id), ..
            } = c.profile
            {
                self.superseded.insert(id);
                actions.cancel.push(id);
            }
        }
        // Another file: its own filter and sort.
        let (running, superseded) = std::mem::take(&mut self.table).retire();
        actions.cancel.extend(running);
        self.superseded.extend(superseded);
        self.variable = None;
        self.fairness_column = None;
    }

    /// Makes `current` describe `dataset`, loading it when needed.
    fn ensure_loaded(&mut self, dataset: &DatasetRef, base: &Path, actions: &mut EdaActions) {
        let source = Source {
            dataset_id: dataset.dataset_id.clone(),
            path: file::resolve_path(&dataset.path, base),
            stored_sha256: dataset.sha256.clone(),
        };
        if self.current.as_ref().is_some_and(|c| c.source == source) {
            return;
        }
        self.forget_current(actions);
        let load_id = self.next_id();
        actions
            .jobs
            .push(load_job(&dataset.name, &source.path, load_id));
        self.current = Some(Current {
            source,
            load: Load::Running {
                load_id,
                job_id: None,
            },
            profile: ProfileRun::NotRun,
            watching: None,
        });
    }

    /// Loads the dataset again (after a cancel or a failure, or when the file changed).
    fn reload(&mut self, actions: &mut EdaActions) {
        self.forget_current(actions);
    }

    /// Starts profiling the loaded data with `input` (cancelling a profile still running).
    fn start_profile(&mut self, input: ProfileInput, name: &str, actions: &mut EdaActions) {
        let profile_id = self.next_id();
        let Some(c) = &mut self.current else { return };
        let Load::Ready(loaded) = &c.load else { return };
        if let ProfileRun::Running {
            job_id: Some(id), ..
        } = &c.profile
        {
            self.superseded.insert(*id);
            actions.cancel.push(*id);
        }
        actions.jobs.push(profile_job(
            name,
            Arc::clone(&loaded.df),
            &input,
            profile_id,
        ));
        c.profile = ProfileRun::Running {
            profile_id,
            job_id: None,
            input,
        };
    }

    /// Starts the first profile once loaded, and re-runs it when the settings changed and then settled.
    fn profile_when_due(
        &mut self,
        ui: &Ui,
        dataset: &DatasetRef,
        thresholds: &EdaThresholds,
        actions: &mut EdaActions,
    ) {
        let input = ProfileInput::of(dataset, thresholds);
        let Some(c) = &mut self.current else { return };
        if !matches!(c.load, Load::Ready(_)) {
            return;
        }
        let now = Instant::now();
        let since = match &c.watching {
            Some((seen, since)) if *seen == input => *since,
            _ => {
                c.watching = Some((input.clone(), now));
                now
            }
        };
        let due = match &c.profile {
            ProfileRun::NotRun => true,
            ProfileRun::Running { input: running, .. }
            | ProfileRun::Done { input: running, .. } => *running != input,
            ProfileRun::Cancelled => false,
        };
        if !due {
            return;
        }
        let first = matches!(c.profile, ProfileRun::NotRun);
        let settled = now.duration_since(since);
        if first || settled >= RERUN_AFTER {
            self.start_profile(input, &dataset.name, actions);
        } else {
            ui.ctx()
                .request_repaint_after(RERUN_AFTER.saturating_sub(settled));
        }
    }

    fn loaded(&self) -> Option<&Arc<Loaded>> {
        match &self.current {
            Some(Current {
                load: Load::Ready(loaded),
                ..
            }) => Some(loaded),
            _ => None,
        }
    }

    fn profile(&self) -> Option<&Arc<Profile>> {
        match &self.current {
            Some(Current {
                profile:
                    ProfileRun::Done {
                        result: Ok(profile),
                        ..
                    },
                ..
            }) => Some(profile),
            _ => None,
        }
    }
}

/// The job that loads a dataset file (and fingerprints it, to tell a changed file).
fn load_job(dataset_name: &str, path: &Path, load_id: u64) -> EdaJob {
    let path = path.to_owned();
    EdaJob {
        name: format!("Loading {dataset_name}"),
        ticket: EdaTicket::Load(load_id),
        work: Box::new(move |control| {
            let result = (|| {
                let mut df = read_table(&path, control)?;
                control.check()?;
                // One chunk per column: a table cell is then found in constant time.
                df.rechunk_mut_par();
                let fingerprint = fingerprint_file(&path, &TaskControl::new())?;
                Ok::<_, crate::analysis::dataset::DatasetError>(Loaded {
                    df: Arc::new(df),
                    sha256: fingerprint.sha256,
                })
            })()
            .map_err(|e| e.to_string());
            Ok(EdaJobOutput::Loaded { load_id, result })
        }),
    }
}

/// The job that profiles loaded data.
fn profile_job(
    dataset_name: &str,
    df: Arc<DataFrame>,
    input: &ProfileInput,
    profile_id: u64,
) -> EdaJob {
    let dataset = DatasetRef {
        column_settings: input.column_settings.clone(),
        missing_tokens: input.missing_tokens.clone(),
        label_positive: input.label_positive.clone(),
        ..DatasetRef::default()
    };
    let options = ProfileOptions::from_dataset(&dataset, &input.thresholds);
    EdaJob {
        name: format!("Profiling {dataset_name}"),
        ticket: EdaTicket::Profile(profile_id),
        work: Box::new(move |control| {
            let result = profile_frame(&df, &options, control)
                .map(Arc::new)
                .map_err(|e| e.to_string());
            Ok(EdaJobOutput::Profiled { profile_id, result })
        }),
    }
}

/// The folder dataset paths are relative to.
fn base_dir(doc: &Document) -> PathBuf {
    doc.base_dir()
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}

// ------------------------------------------------------------------------------------------------------------
// Drawing

/// Chooses the dataset; returns its index in the project.
fn dataset_choice_ui(ui: &mut Ui, screen: &mut EdaScreen, doc: &Document) -> Option<usize> {
    let datasets = &doc.project().datasets;
    let valid = screen
        .selected
        .as_ref()
        .is_some_and(|id| datasets.iter().any(|d| &d.dataset_id == id));
    if !valid {
        screen.selected = datasets.first().map(|d| d.dataset_id.clone());
    }
    let index = screen
        .selected
        .as_ref()
        .and_then(|id| datasets.iter().position(|d| &d.dataset_id == id))?;
    ui.horizontal(|ui| {
        let label = ui.label("Dataset");
        egui::ComboBox::from_id_salt("eda_dataset")
            .selected_text(&datasets[index].name)
            .width(240.0)
            .show_ui(ui, |ui| {
                for d in datasets {
                    ui.selectable_value(&mut screen.selected, Some(d.dataset_id.clone()), &d.name)
                        .on_hover_text(&d.path);
                }
            })
            .response
            .labelled_by(label.id);
    });
    screen
        .selected
        .as_ref()
        .and_then(|id| datasets.iter().position(|d| &d.dataset_id == id))
}

/// The load and profile status line with its buttons.
fn status_ui(ui: &mut Ui, screen: &mut EdaScreen, dataset: &DatasetRef, actions: &mut EdaActions) {
    let Some(c) = &screen.current else { return };
    let mut reload = false;
    let mut rerun = false;
    let mut cancel = None;
    ui.horizontal_wrapped(|ui| {
        match &c.load {
            Load::Running { job_id, .. } => {
                ui.spinner();
                ui.label(format!("Loading {}…", dataset.path));
                if let Some(id) = job_id
                    && ui.button("Cancel").clicked()
                {
                    cancel = Some(*id);
                }
            }
            Load::Failed(e) => {
                ui.label(
                    RichText::new(format!("Cannot load this dataset: {e}")).color(theme::error()),
                );
                reload = ui.button("Try again").clicked();
            }
            Load::Cancelled => {
                ui.label("Loading was cancelled.");
                reload = ui.button("Load").clicked();
            }
            Load::Ready(loaded) => {
                #[expect(clippy::cast_precision_loss, reason = "counts shown to the user")]
                ui.label(format!(
                    "{}: {} rows × {} columns",
                    dataset.path,
                    format_count(loaded.df.height() as f64),
                    format_count(loaded.df.width() as f64)
                ));
                if loaded.sha256 == c.source.stored_sha256 {
                    ui.label(RichText::new("✓ Matches the recorded SHA-256").color(theme::ok()))
                        .on_hover_text(&loaded.sha256);
                } else {
                    ui.label(RichText::new("⚠ Stale").color(theme::warn()).strong())
                        .on_hover_text(format!(
                            "The file on disk (SHA-256 {}) is not the one recorded in the project ({}): this \
                             profile describes the current file, and findings computed on the recorded file \
                             are stale",
                            short(&loaded.sha256),
                            short(&c.source.stored_sha256)
                        ));
                }
                match &c.profile {
                    ProfileRun::Running { job_id, .. } => {
                        ui.spinner();
                        ui.label("Profiling…");
                        if let Some(id) = job_id
                            && ui.button("Cancel").clicked()
                        {
                            cancel = Some(*id);
                        }
                    }
                    ProfileRun::Cancelled => {
                        ui.label("Profiling was cancelled.");
                        rerun = ui.button("Run profile").clicked();
                    }
                    ProfileRun::Done { result: Err(e), .. } => {
                        ui.label(
                            RichText::new(format!("The profile failed: {e}")).color(theme::error()),
                        );
                        rerun = ui.button("Run profile").clicked();
                    }
                    ProfileRun::Done { .. } | ProfileRun::NotRun => {
                        rerun = ui
                            .button("Profile again")
                            .on_hover_text("Run the profile again on the loaded data")
                            .clicked();
                    }
                }
                if ui
                    .button("Reload file")
                    .on_hover_text("Read the file from disk again")
                    .clicked()
                {
                    reload = true;
                }
            }
        }
    });
    if let Some(id) = cancel {
        actions.cancel.push(id);
    }
    if reload {
        screen.reload(actions);
    } else if rerun && let Some(c) = &mut screen.current {
        c.profile = ProfileRun::NotRun;
    }
}

/// The first 12 hex digits of a SHA-256.
fn short(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}

/// What the loaded file and its profile say about each column, for the column settings.
fn column_infos(screen: &EdaScreen) -> Vec<ColumnInfo> {
    let Some(loaded) = screen.loaded() else {
        return Vec::new();
    };
    let profile = screen.profile();
    loaded
        .df
        .columns()
        .iter()
        .map(|c| {
            let name = c.name().to_string();
            let mut info = ColumnInfo {
                name: name.clone(),
                dtype: c.dtype().to_string(),
                ..ColumnInfo::default()
            };
            if let Some(profile) = profile {
                profile_column_info(profile, &mut info);
            }
            info
        })
        .collect()
}

/// The column settings of a dataset, for the Datasets screen (below its list, in a section that loads the
/// data only when opened).
pub fn dataset_columns_panel_ui(
    ui: &mut Ui,
    screen: &mut EdaScreen,
    doc: &mut Document,
) -> EdaActions {
    let mut actions = EdaActions::default();
    if doc.project().datasets.is_empty() {
        return actions;
    }
    ui.add_space(12.0);
    egui::CollapsingHeader::new(RichText::new("Column types and roles").strong().size(16.0))
        .id_salt("dataset_columns_panel")
        .show(ui, |ui| {
            ui.label(
                "Override an inferred type, and choose the label, prediction, score, sensitive and weight \
                 columns: the profile uses these roles, and a new fairness audit starts from them.",
            );
            let Some(index) = dataset_choice_ui(ui, screen, doc) else {
                return;
            };
            let dataset = doc.project().datasets[index].clone();
            screen.ensure_loaded(&dataset, &base_dir(doc), &mut actions);
            screen.profile_when_due(ui, &dataset, &doc.project().settings.eda, &mut actions);
            status_ui(ui, screen, &dataset, &mut actions);
            if ui
                .button("Open the profile")
                .on_hover_text("Measure › Data exploration (EDA)")
                .clicked()
            {
                actions.open_eda = true;
            }
            ui.add_space(4.0);
            let infos = column_infos(screen);
            column_settings_ui(ui, &mut screen.columns_editor, doc, index, &infos);
        });
    actions
}

/// Draws the EDA screen; returns the jobs to start or cancel.
pub fn eda_ui(ui: &mut Ui, screen: &mut EdaScreen, doc: &mut Document) -> EdaActions {
    let mut actions = EdaActions::default();
    if doc.project().datasets.is_empty() {
        ui.label(
            RichText::new(
                "No datasets yet. Add a CSV or Parquet file in Map › Datasets (or drop one on the window) to \
                 profile it here.",
            )
            .weak(),
        );
        return actions;
    }
    let Some(index) = dataset_choice_ui(ui, screen, doc) else {
        return actions;
    };
    let dataset = doc.project().datasets[index].clone();
    screen.ensure_loaded(&dataset, &base_dir(doc), &mut actions);
    screen.profile_when_due(ui, &dataset, &doc.project().settings.eda, &mut actions);
    status_ui(ui, screen, &dataset, &mut actions);
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        for tab in Tab::ALL {
            if ui
                .selectable_label(screen.tab == tab, tab.label())
                .clicked()
            {
                screen.tab = tab;
            }
        }
    });
    ui.separator();
    if screen.tab == Tab::Data {
        if let Some(loaded) = screen.loaded().cloned() {
            let table = data_table_ui(
                ui,
                &mut screen.table,
                &loaded.df,
                &crate::analysis::view::CellRules::from_dataset(&dataset),
                // Per dataset: egui keeps (and eframe persists) the scroll position by id, so another
                // dataset's table must not open where this one was left.
                egui::Id::unique(("eda_data", &dataset.dataset_id)),
            );
            actions.table(table, &loaded.df);
        } else {
            ui.label(RichText::new("The data is shown once the file has loaded").weak());
        }
        return actions;
    }
    egui::ScrollArea::vertical()
        .id_salt(("eda_tab", screen.tab as u8))
        .auto_shrink(false)
        .show(ui, |ui| {
            if screen.tab == Tab::Columns {
                let infos = column_infos(screen);
                column_settings_ui(ui, &mut screen.columns_editor, doc, index, &infos);
                return;
            }
            let Some(profile) = screen.profile().cloned() else {
                ui.label(RichText::new("The profile is shown here once it has run").weak());
                return;
            };
            profile_tab_ui(ui, screen, doc, &profile);
        });
    actions.show_risk = screen.show_risk.take();
    actions
}

// ------------------------------------------------------------------------------------------------------------
// The profile's tabs

/// Fills in what the profile says about a column.
fn profile_column_info(profile: &Profile, info: &mut ColumnInfo) {
    let Some(v) = profile.variable(&info.name) else {
        return;
    };
    info.kind = Some(v.kind);
    info.overridden = v.kind_overridden;
    let values = v
        .frequencies
        .as_ref()
        .map_or(v.top.as_slice(), |f| f.values.as_slice());
    info.values = values.iter().map(|vc| vc.value.to_string()).collect();
    info.placeholders = v
        .placeholders
        .iter()
        .map(|vc| (vc.value.to_string(), vc.count))
        .collect();
}

/// A statistic for display: thousands separators for whole numbers, 4 significant digits otherwise.
fn number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format_count(v);
    }
    let magnitude = v.abs();
    if !(1e-3..1e6).contains(&magnitude) {
        return format!("{v:.3e}");
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a small number of decimals"
    )]
    let decimals = (3 - magnitude.log10().floor() as i32).clamp(0, 6) as usize;
    let text = format!("{v:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// An optional statistic; "—" when undefined.
fn optional(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), number)
}

/// A share (0–1) as a percentage with one decimal.
fn share(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// A size in bytes, in KB, MB or GB (powers of 1024).
fn bytes(n: u64) -> String {
    #[expect(clippy::cast_precision_loss, reason = "a size shown to the user")]
    let n = n as f64;
    let units = ["bytes", "KB", "MB", "GB", "TB"];
    let mut value = n;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{} bytes", format_count(n))
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

/// A count shown to the user.
fn count(n: u64) -> String {
    #[expect(clippy::cast_precision_loss, reason = "a count shown to the user")]
    format_count(n as f64)
}

fn section_title(ui: &mut Ui, title: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(title).strong().size(16.0));
}

fn profile_tab_ui(ui: &mut Ui, screen: &mut EdaScreen, doc: &mut Document, profile: &Profile) {
    match screen.tab {
        Tab::Overview => overview_ui(ui, screen, profile),
        Tab::Variables => variables_ui(ui, screen, profile),
        Tab::Missing => missing_ui(ui, profile, doc.project().settings.eda.missing_share),
        Tab::Correlations => {
            correlations_ui(ui, profile, doc.project().settings.eda.correlation_abs);
        }
        Tab::Alerts => {
            if let Some(risk_id) = alerts_ui(ui, doc, screen.selected.as_deref(), profile) {
                screen.show_risk = Some(risk_id);
            }
        }
        Tab::Fairness => fairness_ui(ui, screen, profile),
        Tab::Columns | Tab::Data => {}
    }
}

fn overview_ui(ui: &mut Ui, screen: &mut EdaScreen, profile: &Profile) {
    let o = &profile.overview;
    egui::Grid::new("eda_overview")
        .num_columns(2)
        .striped(true)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            ui.label("Rows");
            ui.label(count(o.rows));
            ui.end_row();
            ui.label("Columns");
            ui.label(count(o.columns));
            ui.end_row();
            ui.label("Missing cells");
            ui.label(format!(
                "{} ({})",
                count(o.missing_cells),
                share(o.missing_cells_share)
            ));
            ui.end_row();
            ui.label("Duplicate rows");
            ui.label(format!(
                "{} ({})",
                count(o.duplicate_rows),
                share(o.duplicate_rows_share)
            ));
            ui.end_row();
            ui.label("Memory");
            ui.label(bytes(o.memory_bytes));
            ui.end_row();
            ui.label("Variable types");
            ui.label(
                o.types
                    .iter()
                    .map(|(kind, n)| format!("{kind}: {}", count(*n)))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            ui.end_row();
            ui.label("Alerts raised");
            ui.horizontal(|ui| {
                ui.label(count(profile.alerts.len() as u64));
                if !profile.alerts.is_empty() && ui.link("Show alerts").clicked() {
                    screen.tab = Tab::Alerts;
                }
            });
            ui.end_row();
        });
}

fn variables_ui(ui: &mut Ui, screen: &mut EdaScreen, profile: &Profile) {
    if profile.variables.is_empty() {
        ui.label(RichText::new("The data has no columns").weak());
        return;
    }
    let valid = screen
        .variable
        .as_ref()
        .is_some_and(|n| profile.variable(n).is_some());
    if !valid {
        screen.variable = profile.variables.first().map(|v| v.name.clone());
    }
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(380.0);
            egui::Grid::new("eda_variables")
                .num_columns(4)
                .striped(true)
                .spacing([12.0, 4.0])
                .show(ui, |ui| {
                    for h in ["Variable", "Type", "Distinct", "Missing"] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for v in &profile.variables {
                        let selected = screen.variable.as_deref() == Some(v.name.as_str());
                        if ui.selectable_label(selected, &v.name).clicked() {
                            screen.variable = Some(v.name.clone());
                        }
                        let kind = if v.kind_overridden {
                            format!("{} (set)", v.kind.label())
                        } else {
                            v.kind.label().to_owned()
                        };
                        ui.label(kind);
                        ui.label(count(v.distinct));
                        ui.label(share(v.missing_share));
                        ui.end_row();
                    }
                });
        });
        ui.add_space(18.0);
        ui.vertical(|ui| {
            if let Some(v) = screen.variable.as_ref().and_then(|n| profile.variable(n)) {
                variable_detail_ui(ui, v);
            }
        });
    });
}

fn variable_detail_ui(ui: &mut Ui, v: &Variable) {
    ui.label(RichText::new(&v.name).strong().size(16.0));
    ui.label(
        RichText::new(format!(
            "{}{}, stored as {}",
            v.kind.label(),
            if v.kind_overridden {
                " (set by you)"
            } else {
                " (inferred)"
            },
            v.dtype
        ))
        .weak(),
    );
    let mut rows: Vec<(&str, String)> = vec![
        ("Values", count(v.count)),
        ("Distinct", count(v.distinct)),
        (
            "Missing",
            format!("{} ({})", count(v.missing), share(v.missing_share)),
        ),
    ];
    if let Some(n) = &v.numeric {
        rows.push(("Zeros", count(v.zeros)));
        rows.push(("Infinite", count(v.infinite)));
        rows.push(("Mean", optional(n.mean)));
        rows.push(("Standard deviation", optional(n.std)));
        rows.push(("Minimum", optional(n.min)));
        rows.push(("5th percentile", optional(n.quantiles.q05)));
        rows.push(("25th percentile", optional(n.quantiles.q25)));
        rows.push(("Median", optional(n.quantiles.q50)));
        rows.push(("75th percentile", optional(n.quantiles.q75)));
        rows.push(("95th percentile", optional(n.quantiles.q95)));
        rows.push(("Maximum", optional(n.max)));
        rows.push(("Skewness", optional(n.skewness)));
    }
    if let Some(imbalance) = v.imbalance {
        rows.push(("Imbalance", number(imbalance)));
    }
    if let Some((shortest, longest)) = &v.text_range {
        rows.push(("First value", shortest.clone()));
        rows.push(("Last value", longest.clone()));
    }
    egui::Grid::new(("eda_variable_stats", &v.name))
        .num_columns(2)
        .striped(true)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            for (label, value) in rows {
                ui.label(label);
                ui.label(value);
                ui.end_row();
            }
        });
    for p in &v.placeholders {
        ui.label(
            RichText::new(format!(
                "⚠ \"{}\" appears {} times: a missing-value placeholder? Declare it in Column settings",
                p.value,
                count(p.count)
            ))
            .color(theme::warn()),
        );
    }
    if let Some(n) = &v.numeric
        && !n.histogram.counts.is_empty()
    {
        section_title(ui, "Histogram");
        histogram_ui(ui, &v.name, &n.histogram);
    }
    if let Some(h) = &v.time_histogram {
        time_histogram_ui(ui, &v.name, h);
    }
    let (values, other) = match &v.frequencies {
        Some(f) => (f.values.as_slice(), Some((f.other_values, f.other_count))),
        None => (v.top.as_slice(), None),
    };
    if !values.is_empty() && v.count > 1 && v.distinct == v.count {
        // Every value once (an identifier): a chart of equal bars says nothing.
        section_title(ui, "Values");
        ui.label(
            RichText::new(format!(
                "Every one of the {} values is distinct, e.g. {}",
                count(v.count),
                values
                    .iter()
                    .take(3)
                    .map(|vc| vc.value.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .weak(),
        );
    } else if !values.is_empty() {
        section_title(
            ui,
            if v.frequencies.is_some() {
                "Value frequencies"
            } else {
                "Top values"
            },
        );
        top_values_ui(ui, &v.name, values, v.count + v.missing);
        if let Some((other_values, other_count)) = other
            && other_values > 0
        {
            ui.label(
                RichText::new(format!(
                    "Plus {} other values in {} rows",
                    count(other_values),
                    count(other_count)
                ))
                .weak(),
            );
        }
    }
}

/// A 520 × 220 bar chart that does not zoom, pan or scroll (so the page scrolls over it), from y = 0.
fn still_chart<'a>(id: impl egui::AsIdSalt) -> Plot<'a> {
    Plot::new(id)
        .height(220.0)
        .width(520.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
}

/// Bars of row counts, each hovering as "label: n rows".
fn rows_chart(bars: Vec<Bar>) -> BarChart {
    BarChart::new("Rows", bars)
        .color(theme::series_after())
        .element_formatter(Box::new(|bar, _| {
            format!("{}: {} rows", bar.name, number(bar.value))
        }))
}

fn histogram_ui(ui: &mut Ui, name: &str, histogram: &Histogram) {
    let bars: Vec<Bar> = histogram
        .counts
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let (a, b) = (*histogram.edges.get(i)?, *histogram.edges.get(i + 1)?);
            #[expect(clippy::cast_precision_loss, reason = "a bar height")]
            let height = *c as f64;
            Some(
                Bar::new(f64::midpoint(a, b), height)
                    .width((b - a).max(f64::EPSILON))
                    .name(format!(
                        "[{}, {}{}",
                        number(a),
                        number(b),
                        if i + 2 == histogram.edges.len() {
                            "]"
                        } else {
                            ")"
                        }
                    )),
            )
        })
        .collect();
    still_chart(("eda_histogram", name))
        .y_axis_label("Rows")
        .show(ui, |plot| {
            plot.bar_chart(rows_chart(bars));
        });
}

/// Rows per calendar period of a date/time variable, one bar per period from the first date to the last
/// (empty periods included, as the profile gives them).
fn time_histogram_ui(ui: &mut Ui, name: &str, histogram: &TimeHistogram) {
    let period = histogram.period;
    if !histogram.bins.is_empty() {
        section_title(ui, "Histogram over time");
        ui.label(
            RichText::new(format!(
                "Rows per {}{}, by the date as written; empty {}s show as gaps",
                period.key(),
                if period == TimePeriod::Week {
                    " (ISO weeks, Monday to Sunday)"
                } else {
                    ""
                },
                period.key()
            ))
            .weak(),
        );
        let n = histogram.bins.len();
        let bars: Vec<Bar> = (0_u32..)
            .zip(&histogram.bins)
            .map(|(i, bin)| {
                #[expect(clippy::cast_precision_loss, reason = "a bar height")]
                let height = bin.count as f64;
                Bar::new(f64::from(i), height)
                    .width(0.9)
                    .name(period.bin_label(&bin.start))
            })
            .collect();
        // Axis labels: the short form (a week by its Monday), at most about five along the axis.
        let axis_labels: Vec<String> = histogram
            .bins
            .iter()
            .map(|b| match period {
                TimePeriod::Day | TimePeriod::Week => b.start.clone(),
                _ => period.bin_label(&b.start),
            })
            .collect();
        #[expect(clippy::cast_precision_loss, reason = "bar positions")]
        let right = n as f64 - 0.4;
        still_chart(("eda_time_histogram", name))
            .include_x(-0.6)
            .include_x(right)
            .y_axis_label(format!("Rows per {}", period.key()))
            .x_axis_formatter(move |mark, _| category_label(&axis_labels, mark.value, false))
            .x_grid_spacer(category_marks_every(n, n.div_ceil(5)))
            .show(ui, |plot| {
                plot.bar_chart(rows_chart(bars));
            });
    }
    if histogram.unparsed > 0 {
        ui.label(
            RichText::new(format!(
                "⚠ {} rows hold a value that is not a date (YYYY-MM-DD…) and are not in the chart",
                count(histogram.unparsed)
            ))
            .color(theme::warn()),
        );
    }
}

/// Horizontal bars of value counts, most frequent at the top.
fn top_values_ui(ui: &mut Ui, name: &str, values: &[ValueCount], rows: u64) {
    let labels: Vec<String> = values.iter().map(|vc| vc.value.to_string()).collect();
    let n = values.len();
    let bars: Vec<Bar> = values
        .iter()
        .enumerate()
        .map(|(i, vc)| {
            #[expect(clippy::cast_precision_loss, reason = "positions and counts of bars")]
            Bar::new((n - 1 - i) as f64, vc.count as f64)
                .width(0.7)
                .name(vc.value.to_string())
        })
        .collect();
    let axis_labels = labels.clone();
    #[expect(clippy::cast_precision_loss, reason = "a chart height")]
    let height = (n as f32 * 26.0 + 50.0).clamp(90.0, 1400.0);
    #[expect(clippy::cast_precision_loss, reason = "a share")]
    let total = rows.max(1) as f64;
    Plot::new(("eda_top_values", name))
        .height(height)
        .width(520.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_x(0.0)
        .show_grid([true, false])
        .x_axis_label("Rows")
        .y_axis_min_width(90.0)
        .y_axis_formatter(move |mark, _| category_label(&axis_labels, mark.value, true))
        .y_grid_spacer(category_marks(n))
        .include_y(-0.6)
        .include_y(top_position(n))
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new("Rows", bars)
                    .horizontal()
                    .color(theme::series_after())
                    .element_formatter(Box::new(move |bar, _| {
                        format!(
                            "{}: {} rows ({})",
                            bar.name,
                            number(bar.value),
                            share(bar.value / total)
                        )
                    })),
            );
        });
}

/// The upper edge of the topmost of `n` category bars.
fn top_position(n: usize) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "bar positions")]
    let top = n as f64 - 0.4;
    top
}

/// Grid marks at every category position `0..n` (one label per bar), within the visible range.
fn category_marks(n: usize) -> impl Fn(GridInput) -> Vec<GridMark> {
    move |input| {
        (0..n)
            .filter_map(|i| {
                #[expect(clippy::cast_precision_loss, reason = "bar positions")]
                let value = i as f64;
                (value >= input.bounds.0 - 0.5 && value <= input.bounds.1 + 0.5).then_some(
                    GridMark {
                        value,
                        step_size: 1.0,
                    },
                )
            })
            .collect()
    }
}

/// Grid marks at every `step`-th category position of `0..n` (0, step, 2·step…), within the visible range.
fn category_marks_every(n: usize, step: usize) -> impl Fn(GridInput) -> Vec<GridMark> {
    let step = step.max(1);
    let marks = category_marks(n);
    move |input| {
        marks(input)
            .into_iter()
            .filter(|m| {
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "whole positions ≥ 0"
                )]
                let i = m.value as usize;
                i.is_multiple_of(step)
            })
            .map(|m| GridMark {
                // egui_plot hides a label whose step is narrower than its text: the step is the spacing.
                #[expect(clippy::cast_precision_loss, reason = "a small step")]
                step_size: step as f64,
                ..m
            })
            .collect()
    }
}

/// The label of category position `value` (bars at 0, 1, 2…; `reversed`: the first label at the top).
fn category_label(labels: &[String], value: f64, reversed: bool) -> String {
    let i = value.round();
    if (value - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked ≥ 0"
    )]
    let i = i as usize;
    let index = if reversed {
        labels.len().checked_sub(i + 1)
    } else {
        Some(i)
    };
    let Some(label) = index.and_then(|i| labels.get(i)) else {
        return String::new();
    };
    if label.chars().count() > 18 {
        format!("{}…", label.chars().take(17).collect::<String>())
    } else {
        label.clone()
    }
}

/// The text shown when hovering a bar.
type BarFormatter = Box<dyn Fn(&Bar, &BarChart) -> String>;

fn missing_ui(ui: &mut Ui, profile: &Profile, threshold: f64) {
    ui.label(format!(
        "The share of missing cells per column; columns above {} raise a MISSING alert (Alerts tab).",
        share(threshold)
    ));
    if profile.variables.iter().all(|v| v.missing == 0) {
        ui.label(RichText::new("✓ No column has missing cells").color(theme::ok()));
    }
    let labels: Vec<String> = profile.variables.iter().map(|v| v.name.clone()).collect();
    let n = labels.len();
    let (mut above, mut below) = (Vec::new(), Vec::new());
    for (i, v) in profile.variables.iter().enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "bar positions")]
        let bar = Bar::new((n - 1 - i) as f64, v.missing_share * 100.0)
            .width(0.7)
            .name(format!("{} ({} cells)", v.name, count(v.missing)));
        if v.missing_share > threshold {
            above.push(bar);
        } else {
            below.push(bar);
        }
    }
    #[expect(clippy::cast_precision_loss, reason = "a chart height")]
    let height = (n as f32 * 26.0 + 60.0).clamp(120.0, 2000.0);
    let axis_labels = labels;
    Plot::new("eda_missing")
        .height(height)
        .width(640.0)
        .legend(Legend::default().position(Corner::RightBottom))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_x(0.0)
        .include_x(100.0)
        .show_grid([true, false])
        .x_axis_label("Missing (%)")
        .y_axis_min_width(90.0)
        .y_axis_formatter(move |mark, _| category_label(&axis_labels, mark.value, true))
        .y_grid_spacer(category_marks(n))
        .include_y(-0.6)
        .include_y(top_position(n))
        .show(ui, |plot| {
            let formatter = || -> BarFormatter {
                Box::new(|bar, _| format!("{}: {:.2}% missing", bar.name, bar.value))
            };
            plot.bar_chart(
                BarChart::new("Above the threshold", above)
                    .horizontal()
                    .color(theme::warn())
                    .element_formatter(formatter()),
            );
            plot.bar_chart(
                BarChart::new("At or below", below)
                    .horizontal()
                    .color(theme::series_after())
                    .element_formatter(formatter()),
            );
        });
}

fn correlations_ui(ui: &mut Ui, profile: &Profile, threshold: f64) {
    let c = &profile.correlations;
    ui.label(
        "Spearman's ρ for two numeric columns; bias-corrected Cramér's V when a categorical column is involved \
         (numeric columns cut into 10 equal-width bins). Hover a cell for its value.",
    );
    if c.columns.len() < 2 {
        ui.label(RichText::new("Fewer than two columns take part in the correlations").weak());
        return;
    }
    heat_map_ui(ui, profile);
    let mut strong: Vec<&CorrelationPair> = c
        .pairs
        .iter()
        .filter(|p| p.value.is_some_and(|v| v.abs() >= threshold))
        .collect();
    strong.sort_by(|a, b| {
        let key = |p: &CorrelationPair| p.value.map_or(0.0, f64::abs);
        key(b).total_cmp(&key(a))
    });
    section_title(
        ui,
        &format!("Pairs with |association| ≥ {}", number(threshold)),
    );
    if strong.is_empty() {
        ui.label(RichText::new("None").weak());
    }
    egui::Grid::new("eda_strong_pairs")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for p in strong {
                ui.label(&p.a);
                ui.label(&p.b);
                ui.label(method_label(p.method));
                ui.label(optional(p.value));
                ui.end_row();
            }
        });
}

fn method_label(method: AssociationMethod) -> &'static str {
    match method {
        AssociationMethod::Spearman => "Spearman's ρ",
        AssociationMethod::CramersV => "Cramér's V",
        AssociationMethod::CorrelationRatio => "Correlation ratio η",
    }
}

/// The correlation matrix as a grid of coloured cells with a colour legend; the value shows on hover.
fn heat_map_ui(ui: &mut Ui, profile: &Profile) {
    let corr = &profile.correlations;
    let n = corr.columns.len();
    let dark = ui.visuals().dark_mode;
    let text_color = ui.visuals().text_color();
    let font = egui::FontId::proportional(12.0);
    let label_width = corr
        .columns
        .iter()
        .map(|name| {
            ui.painter()
                .layout_no_wrap(name.clone(), font.clone(), text_color)
                .size()
                .x
        })
        .fold(0.0_f32, f32::max)
        .min(180.0)
        + 8.0;
    #[expect(clippy::cast_precision_loss, reason = "a handful of columns")]
    let cell = (560.0 / n as f32).clamp(12.0, 40.0);
    #[expect(clippy::cast_precision_loss, reason = "a handful of columns")]
    let grid = cell * n as f32;
    let size = egui::vec2(label_width + grid + 90.0, label_width + grid + 8.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let origin = egui::pos2(rect.min.x + label_width, rect.min.y + label_width);
    let show_values = cell >= 34.0;
    for (i, name) in corr.columns.iter().enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "a handful of columns")]
        let offset = i as f32 * cell + cell / 2.0;
        let short_name = category_label(std::slice::from_ref(name), 0.0, false);
        painter.text(
            egui::pos2(origin.x - 4.0, origin.y + offset),
            egui::Align2::RIGHT_CENTER,
            &short_name,
            font.clone(),
            text_color,
        );
        let galley = painter.layout_no_wrap(short_name, font.clone(), text_color);
        let pos = egui::pos2(origin.x + offset - galley.size().y / 2.0, origin.y - 4.0);
        painter.add(
            egui::epaint::TextShape::new(pos, galley, text_color)
                .with_angle(-std::f32::consts::FRAC_PI_2),
        );
        for j in 0..n {
            let value = corr
                .matrix
                .get(i)
                .and_then(|row| row.get(j))
                .copied()
                .flatten();
            #[expect(clippy::cast_precision_loss, reason = "a handful of columns")]
            let min = egui::pos2(origin.x + j as f32 * cell, origin.y + i as f32 * cell);
            let cell_rect = egui::Rect::from_min_size(min, egui::vec2(cell - 1.0, cell - 1.0));
            let fill = theme::correlation(value, dark);
            painter.rect_filled(cell_rect, 1.0, fill);
            if show_values && let Some(v) = value {
                painter.text(
                    cell_rect.center(),
                    egui::Align2::CENTER_CENTER,
                    format!("{v:.2}"),
                    egui::FontId::proportional(10.0),
                    theme::text_on(fill),
                );
            }
        }
    }
    // Legend: −1 … +1.
    let legend = egui::Rect::from_min_size(
        egui::pos2(origin.x + grid + 24.0, origin.y),
        egui::vec2(16.0, grid.min(240.0)),
    );
    let steps = 40;
    for s in 0..steps {
        let t0 = f64::from(s) / f64::from(steps);
        let value = 1.0 - 2.0 * t0;
        #[expect(clippy::cast_possible_truncation, reason = "a pixel position")]
        let y = legend.min.y + legend.height() * t0 as f32;
        #[expect(clippy::cast_precision_loss, reason = "a pixel height")]
        let h = legend.height() / steps as f32 + 0.5;
        painter.rect_filled(
            egui::Rect::from_min_size(egui::pos2(legend.min.x, y), egui::vec2(legend.width(), h)),
            0.0,
            theme::correlation(Some(value), dark),
        );
    }
    for (text, y) in [
        ("+1", legend.min.y),
        ("0", legend.center().y),
        ("−1", legend.max.y),
    ] {
        painter.text(
            egui::pos2(legend.max.x + 4.0, y),
            egui::Align2::LEFT_CENTER,
            text,
            font.clone(),
            text_color,
        );
    }
    if let Some(pos) = response.hover_pos() {
        let local = pos - origin;
        if local.x >= 0.0 && local.y >= 0.0 {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked ≥ 0"
            )]
            let (i, j) = ((local.y / cell) as usize, (local.x / cell) as usize);
            if let (Some(a), Some(b)) = (corr.columns.get(i), corr.columns.get(j)) {
                let text = if a == b {
                    format!("{a}: itself (1)")
                } else {
                    match profile.correlation(a, b) {
                        Some(p) => format!(
                            "{a} × {b}\n{}: {}",
                            method_label(p.method),
                            optional(p.value)
                        ),
                        None => format!("{a} × {b}: not computed"),
                    }
                };
                response.on_hover_text_at_pointer(text);
            }
        }
    }
}

/// Draws the alerts and their thresholds; returns the id of a risk created from an alert.
fn alerts_ui(
    ui: &mut Ui,
    doc: &mut Document,
    dataset_id: Option<&str>,
    profile: &Profile,
) -> Option<String> {
    let mut create = None;
    if profile.alerts.is_empty() {
        ui.label(RichText::new("No alerts with the thresholds below").color(theme::ok()));
    } else {
        // The Detail column gets a real width (a wrapped label in a grid would be squeezed to a letter a line).
        let detail_width = (ui.available_width() - 560.0).clamp(260.0, 640.0);
        egui::Grid::new("eda_alerts")
            .num_columns(5)
            .striped(true)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                for h in ["Alert", "Column", "Value", "Detail", "Register"] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for (i, a) in profile.alerts.iter().enumerate() {
                    ui.label(RichText::new(a.kind.key()).monospace().color(theme::warn()));
                    ui.label(a.column.as_deref().unwrap_or("(table)"));
                    ui.label(number(a.value));
                    ui.allocate_ui(egui::vec2(detail_width, 0.0), |ui| {
                        ui.set_min_width(detail_width);
                        ui.add(egui::Label::new(&a.detail).wrap());
                    });
                    let tracked = dataset_id.and_then(|id| {
                        crate::analysis::findings::risk_tracking_alert(doc.project(), id, a)
                    });
                    match tracked {
                        Some(risk_id) => {
                            ui.label(RichText::new(format!("tracked as {risk_id}")).weak());
                        }
                        None if dataset_id.is_some() => {
                            if ui
                                .small_button("Create risk from finding")
                                .on_hover_text(
                                    "Adds a register risk pre-filled with the alert's numbers and a link to \
                                     this dataset's fingerprint",
                                )
                                .clicked()
                            {
                                create = Some(i);
                            }
                        }
                        None => {
                            ui.label("");
                        }
                    }
                    ui.end_row();
                }
            });
    }
    let mut created = None;
    if let (Some(i), Some(dataset_id)) = (create, dataset_id)
        && let Some(dataset) = doc.project().dataset(dataset_id).cloned()
        && let Some(alert) = profile.alerts.get(i)
    {
        let risk = crate::analysis::findings::risk_from_alert(doc.project(), &dataset, alert);
        created = Some(risk.risk_id.clone());
        doc.edit(|p| p.risks.push(risk));
    }
    section_title(ui, "Alert thresholds");
    ui.label(
        RichText::new(
            "Saved in the project; the defaults are those of ydata-profiling. The profile runs again when you \
             stop editing.",
        )
        .weak(),
    );
    let mut eda = doc.project().settings.eda.clone();
    let before = eda.clone();
    egui::Grid::new("eda_thresholds")
        .num_columns(3)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            share_row(
                ui,
                "MISSING: share of missing cells above",
                &mut eda.missing_share,
            );
            share_row(ui, "ZEROS: share of zeros above", &mut eda.zeros_share);
            share_row(
                ui,
                "INFINITE: share of infinite values above",
                &mut eda.infinite_share,
            );
            let label = ui.label("SKEWED: |skewness| above");
            ui.add(
                egui::DragValue::new(&mut eda.skewness_abs)
                    .range(0.0..=1000.0)
                    .speed(0.1),
            )
            .labelled_by(label.id);
            ui.label("");
            ui.end_row();
            let label = ui.label("HIGH_CARDINALITY: distinct values above");
            ui.add(egui::DragValue::new(&mut eda.cardinality_max).range(1..=1_000_000))
                .labelled_by(label.id);
            ui.label(RichText::new("categorical columns").weak());
            ui.end_row();
            fraction_row(
                ui,
                "IMBALANCE: 1 − normalised entropy above",
                &mut eda.imbalance,
            );
            fraction_row(
                ui,
                "HIGH_CORRELATION: |correlation| at least",
                &mut eda.correlation_abs,
            );
            let label = ui.label("Correlations: categorical columns with at most");
            ui.add(egui::DragValue::new(&mut eda.correlation_max_distinct).range(2..=100_000))
                .labelled_by(label.id);
            ui.label(RichText::new("distinct values").weak());
            ui.end_row();
            fraction_row(
                ui,
                "LIKELY_PROXY: association at least",
                &mut eda.proxy_threshold,
            );
        });
    if ui.button("Restore the defaults").clicked() {
        doc.edit(|p| p.settings.eda = EdaThresholds::default());
    } else if eda != before {
        doc.project_mut().settings.eda = eda;
    }
    created
}

fn share_row(ui: &mut Ui, label: &str, value: &mut f64) {
    let label = ui.label(label);
    let mut percent = *value * 100.0;
    if ui
        .add(
            egui::DragValue::new(&mut percent)
                .range(0.0..=100.0)
                .speed(0.1)
                .max_decimals(2)
                .suffix(" %"),
        )
        .labelled_by(label.id)
        .changed()
    {
        *value = percent / 100.0;
    }
    ui.label("");
    ui.end_row();
}

fn fraction_row(ui: &mut Ui, label: &str, value: &mut f64) {
    let label = ui.label(label);
    ui.add(
        egui::DragValue::new(value)
            .range(0.0..=1.0)
            .speed(0.005)
            .max_decimals(3),
    )
    .labelled_by(label.id);
    ui.label("");
    ui.end_row();
}

fn fairness_ui(ui: &mut Ui, screen: &mut EdaScreen, profile: &Profile) {
    let f = &profile.fairness;
    if f.sensitive.is_empty() {
        ui.label(
            "Mark the sensitive columns (and the label) in Column settings to see each group's representation, \
             the label's base rate per group and the features that may act as proxies.",
        );
        if ui.button("Open column settings").clicked() {
            screen.tab = Tab::Columns;
        }
        return;
    }
    let valid = screen
        .fairness_column
        .as_ref()
        .is_some_and(|c| f.sensitive.iter().any(|s| &s.column == c));
    if !valid {
        screen.fairness_column = f.sensitive.first().map(|s| s.column.clone());
    }
    ui.horizontal(|ui| {
        let label = ui.label("Sensitive column");
        egui::ComboBox::from_id_salt("eda_sensitive")
            .selected_text(screen.fairness_column.clone().unwrap_or_default())
            .show_ui(ui, |ui| {
                for s in &f.sensitive {
                    ui.selectable_value(
                        &mut screen.fairness_column,
                        Some(s.column.clone()),
                        &s.column,
                    );
                }
            })
            .response
            .labelled_by(label.id);
    });
    let Some(s) = screen
        .fairness_column
        .as_ref()
        .and_then(|c| f.sensitive.iter().find(|s| &s.column == c))
    else {
        return;
    };
    match (&f.label, &f.label_problem) {
        (_, Some(problem)) => {
            ui.label(RichText::new(format!("⚠ No base rates: {problem}")).color(theme::warn()));
        }
        (Some(label), None) => {
            ui.label(format!(
                "Base rate: the share of rows with {label} = {} among rows with a label",
                f.positive.as_deref().unwrap_or("the positive value")
            ));
        }
        (None, None) => {
            ui.label(
                RichText::new("Choose a label column in Column settings to see base rates").weak(),
            );
        }
    }
    if let Some(binning) = &s.binning {
        ui.label(RichText::new(format!("Grouped into bins: {binning}")).weak());
    }

    section_title(ui, "Representation");
    egui::Grid::new(("eda_representation", &s.column))
        .num_columns(8)
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            for h in [
                "Group",
                "Rows",
                "Share",
                "Reference share",
                "Difference",
                "Labelled",
                "Positive",
                "Base rate",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for g in &s.groups {
                ui.label(&g.group);
                ui.label(count(g.count));
                ui.label(share(g.share));
                ui.label(g.reference_share.map_or_else(|| "—".to_owned(), share));
                match g.difference {
                    Some(d) => {
                        ui.label(format!("{:+.1} pp", d * 100.0));
                    }
                    None => {
                        ui.label("—");
                    }
                }
                ui.label(count(g.labelled));
                ui.label(count(g.positives));
                ui.label(g.base_rate.map_or_else(|| "—".to_owned(), share));
                ui.end_row();
            }
        });
    if s.missing > 0 {
        ui.label(
            RichText::new(format!(
                "{} rows have no value in {}",
                count(s.missing),
                s.column
            ))
            .weak(),
        );
    }
    let labels: Vec<String> = s.groups.iter().map(|g| g.group.clone()).collect();
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.label(RichText::new("Share of rows").strong());
            group_bars_ui(
                ui,
                ("eda_shares", &s.column),
                &labels,
                &[
                    (
                        "Share in the data",
                        theme::series_after(),
                        s.groups.iter().map(|g| Some(g.share * 100.0)).collect(),
                    ),
                    (
                        "Reference population",
                        theme::series_before(),
                        s.groups
                            .iter()
                            .map(|g| g.reference_share.map(|r| r * 100.0))
                            .collect(),
                    ),
                ],
                "Share (%)",
            );
        });
        if s.groups.iter().any(|g| g.base_rate.is_some()) {
            ui.add_space(12.0);
            ui.vertical(|ui| {
                ui.label(RichText::new("Label base rate").strong());
                group_bars_ui(
                    ui,
                    ("eda_base_rates", &s.column),
                    &labels,
                    &[(
                        "Base rate",
                        theme::series_after(),
                        s.groups
                            .iter()
                            .map(|g| g.base_rate.map(|r| r * 100.0))
                            .collect(),
                    )],
                    "Base rate (%)",
                );
            });
        }
    });

    section_title(ui, "Likely proxies");
    ui.label(format!(
        "Association of each feature with {}: correlation ratio η for numeric features, Cramér's V otherwise; \
         at or above {} the feature is flagged as a likely proxy.",
        s.column,
        number(f.proxy_threshold)
    ));
    egui::Grid::new(("eda_proxies", &s.column))
        .num_columns(4)
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            for h in ["Feature", "Measure", "Association", ""] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for p in &s.proxies {
                ui.label(&p.column);
                ui.label(method_label(p.method));
                ui.label(optional(p.value));
                if p.flagged {
                    ui.label(
                        RichText::new("⚠ Likely proxy")
                            .color(theme::warn())
                            .strong(),
                    );
                } else {
                    ui.label("");
                }
                ui.end_row();
            }
        });

    if !s.numeric_by_group.is_empty() {
        section_title(ui, "Numeric features per group");
        box_plots_ui(ui, s);
    }
}

/// Vertical bars per group, one series per entry of `series` (values in %; `None` draws no bar).
fn group_bars_ui(
    ui: &mut Ui,
    id: impl egui::AsIdSalt,
    labels: &[String],
    series: &[(&str, egui::Color32, Vec<Option<f64>>)],
    y_label: &str,
) {
    let k = series
        .iter()
        .filter(|s| s.2.iter().any(Option::is_some))
        .count()
        .max(1);
    #[expect(clippy::cast_precision_loss, reason = "a handful of series")]
    let width = 0.8 / k as f64;
    let axis_labels = labels.to_vec();
    #[expect(clippy::cast_precision_loss, reason = "a chart width")]
    let plot_width = (labels.len() as f32 * 90.0 + 120.0).clamp(280.0, 900.0);
    let top = series
        .iter()
        .flat_map(|s| s.2.iter().flatten())
        .copied()
        .fold(0.0_f64, f64::max);
    Plot::new(id)
        .height(240.0)
        .width(plot_width)
        .legend(Legend::default().position(Corner::RightTop))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        // Headroom above the bars for the legend.
        .include_y(top * 1.4)
        .include_x(-0.6)
        .show_grid([false, true])
        .y_axis_label(y_label)
        .x_axis_formatter(move |mark, _| category_label(&axis_labels, mark.value, false))
        .x_grid_spacer(category_marks(labels.len()))
        .show(ui, |plot| {
            let mut drawn = 0_usize;
            for (name, color, values) in series {
                if values.iter().all(Option::is_none) {
                    continue;
                }
                #[expect(clippy::cast_precision_loss, reason = "bar offsets")]
                let offset = (drawn as f64 - (k as f64 - 1.0) / 2.0) * width;
                drawn += 1;
                let bars: Vec<Bar> = values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| {
                        #[expect(clippy::cast_precision_loss, reason = "bar positions")]
                        let x = i as f64 + offset;
                        v.map(|v| {
                            Bar::new(x, v)
                                .width(width * 0.95)
                                .name(labels.get(i).cloned().unwrap_or_default())
                        })
                    })
                    .collect();
                let series_name = (*name).to_owned();
                plot.bar_chart(BarChart::new(*name, bars).color(*color).element_formatter(
                    Box::new(move |bar, _| {
                        format!("{}, {series_name}: {:.1}%", bar.name, bar.value)
                    }),
                ));
            }
        });
}

fn box_plots_ui(ui: &mut Ui, s: &SensitiveProfile) {
    let id = egui::Id::unique(("eda_box_column", &s.column));
    let mut chosen: String = ui
        .data(|d| d.get_temp::<String>(id))
        .filter(|c| s.numeric_by_group.iter().any(|n| &n.column == c))
        .or_else(|| s.numeric_by_group.first().map(|n| n.column.clone()))
        .unwrap_or_default();
    ui.horizontal(|ui| {
        let label = ui.label("Feature");
        egui::ComboBox::from_id_salt(("eda_box_feature", &s.column))
            .selected_text(&chosen)
            .show_ui(ui, |ui| {
                for n in &s.numeric_by_group {
                    ui.selectable_value(&mut chosen, n.column.clone(), &n.column);
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.data_mut(|d| d.insert_temp(id, chosen.clone()));
    let Some(numeric) = s.numeric_by_group.iter().find(|n| n.column == chosen) else {
        return;
    };
    let labels: Vec<String> = numeric.groups.iter().map(|g| g.group.clone()).collect();
    let groups = labels.len();
    let boxes: Vec<BoxElem> = numeric
        .groups
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let spread = BoxSpread::new(g.min?, g.q1?, g.median?, g.q3?, g.max?);
            #[expect(clippy::cast_precision_loss, reason = "box positions")]
            Some(
                BoxElem::new(i as f64, spread)
                    .box_width(0.5)
                    .whisker_width(0.3)
                    .name(format!("{} (n = {})", g.group, count(g.count))),
            )
        })
        .collect();
    let axis_labels = labels;
    Plot::new(("eda_box_plot", &s.column, &numeric.column))
        .height(280.0)
        .width(640.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_x(-0.6)
        .show_grid([false, true])
        .y_axis_label(numeric.column.as_str())
        .x_axis_formatter(move |mark, _| category_label(&axis_labels, mark.value, false))
        .x_grid_spacer(category_marks(groups))
        .show(ui, |plot| {
            plot.box_plot(
                BoxPlot::new(numeric.column.as_str(), boxes)
                    .color(theme::series_after())
                    .element_formatter(Box::new(|b, _| {
                        format!(
                            "{}\nmax {}\nQ3 {}\nmedian {}\nQ1 {}\nmin {}",
                            b.name,
                            number(b.spread.upper_whisker),
                            number(b.spread.quartile3),
                            number(b.spread.median),
                            number(b.spread.quartile1),
                            number(b.spread.lower_whisker)
                        )
                    })),
            );
        });
    ui.label(
        RichText::new("Boxes from the first to the third quartile, the median inside; whiskers to the minimum and maximum")
            .weak(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(1234.0), "1,234");
        assert_eq!(number(0.123_456), "0.1235");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(
            number(2319.5),
            "2320",
            "no zeros trimmed from whole numbers"
        );
        assert_eq!(number(1000.25), "1000");
        assert_eq!(number(-3.25), "-3.25");
        assert_eq!(number(1.5e7), "15,000,000");
        assert_eq!(number(12_345_678.5), "1.235e7");
        assert_eq!(number(0.000_12), "1.200e-4");
        assert_eq!(optional(None), "—");
        assert_eq!(share(0.125), "12.5%");
        assert_eq!(bytes(512), "512 bytes");
        assert_eq!(bytes(3 * 1024 * 1024), "3.0 MB");
    }

    #[test]
    fn sparse_category_marks_keep_every_nth_bar() {
        let at = |n, step| -> Vec<f64> {
            let input = GridInput {
                bounds: (-0.6, 11.6),
                base_step_size: 0.1,
            };
            category_marks_every(n, step)(input)
                .iter()
                .map(|m| m.value)
                .collect()
        };
        assert_eq!(at(12, 5), [0.0, 5.0, 10.0]);
        assert_eq!(at(3, 0), [0.0, 1.0, 2.0]);
    }

    #[test]
    fn category_labels_follow_bar_positions() {
        let labels = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert_eq!(category_label(&labels, 0.0, false), "a");
        assert_eq!(category_label(&labels, 0.0, true), "c");
        assert_eq!(category_label(&labels, 0.5, false), "");
        assert_eq!(category_label(&labels, 5.0, false), "");
        assert_eq!(category_label(&labels, -1.0, false), "");
    }
}
