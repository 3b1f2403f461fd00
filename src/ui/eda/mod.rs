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

pub mod jobs;

use self::data_table::DataTable;
use self::dataset_columns::ColumnsEditor;
use self::draw::eda_ui;
pub use self::jobs::EdaActions;
pub use self::jobs::EdaJob;
pub use self::jobs::EdaJobOutput;
pub use self::jobs::EdaTicket;
pub use self::jobs::Loaded;
use super::jobs::RunsJobs;
use super::screen::Screen;
use super::screen::ScreenContext;
use super::screen::SectionRequest;
use super::sections::Section;
use crate::analysis::dataset::fingerprint_file;
use crate::analysis::profile::Profile;
use crate::analysis::profile::ProfileOptions;
use crate::analysis::profile::profile_frame;
use crate::analysis::table::read_table;
use crate::analysis::task::TaskControl;
use crate::model::DatasetRef;
use crate::model::Document;
use crate::model::data_columns::ColumnSetting;
use crate::model::file;
use crate::model::settings::EdaThresholds;
use egui::Ui;
use polars::prelude::DataFrame;
use std::collections::BTreeSet;
use std::path::Path;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use std::time::Instant;

mod draw;
mod fairness_tab;
mod quality;
mod tabs;

pub mod data_table;
pub mod dataset_columns;

/// A changed column setting re-runs the profile once edits have stopped for this long.
const RERUN_AFTER: Duration = Duration::from_millis(900);

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

impl Screen for EdaScreen {
    fn section(&self) -> Section {
        Section::Eda
    }

    fn scrolls_itself(&self) -> bool {
        // The tabs scroll themselves; the data table keeps its header in place.
        true
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let actions = eda_ui(ui, self, cx.doc);
        cx.request(SectionRequest::Eda(actions));
    }
}

impl RunsJobs for EdaScreen {
    type Ticket = EdaTicket;
    type Output = EdaJobOutput;

    /// Records the job id of a job started for `ticket`.
    fn job_started(&mut self, ticket: &EdaTicket, job_id: u64) {
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
    fn job_not_started(&mut self, ticket: &EdaTicket, error: &str) {
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
    fn job_ended(&mut self, job_id: u64, cancelled: bool) -> bool {
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

#[cfg(test)]
mod tests;
