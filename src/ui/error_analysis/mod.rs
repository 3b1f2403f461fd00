//! Measure › Error analysis: explanations without the model. Per saved analysis (dataset, label and
//! prediction or score and threshold, features, depth, sensitive column, attribution prefix, heat-map and
//! immutable columns) a run in the background draws the error tree (nodes with error rate and share of the
//! errors, coloured by error rate; click a leaf to list its rows), the error-rate heat map, the imported
//! attributions overall and per group, and the nearest counterfactuals of a chosen row. Every result is the
//! core's (`crate::analysis::error_analysis`); this screen edits the saved settings, starts jobs and draws.
//! It says on top that what it shows is descriptive, not causal.
//!
//! Background work (reading a dataset's columns, a run, a counterfactual search) runs as jobs the app starts
//! ([`RunsJobs`]: progress and Cancel in the status bar), one [`SingleJob`] per kind, so no frame waits and
//! a newer run replaces an older one of the same kind.

mod draw;
mod settings;

use std::path::PathBuf;
use std::sync::Arc;

use egui::{RichText, Ui};
use polars::prelude::DataFrame;

use super::jobs::{JobActions, JobEnd, RunOutput, RunsJobs, ScreenJob, SingleJob};
use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use crate::analysis::error_analysis::counterfactual::{CounterfactualIndex, Counterfactuals};
use crate::analysis::error_analysis::data::{ErrorData, column_for_rows, prepare};
use crate::analysis::error_analysis::run::{DEFAULT_COUNTERFACTUALS, run_on_data};
use crate::analysis::error_analysis::{DESCRIPTIVE_NOTE, ErrorAnalysisResult};
use crate::analysis::table::read_table_with_missing;
use crate::model::Document;
use crate::model::error_analysis::ErrorAnalysisSpec;
use crate::model::file;

/// Rows of a leaf listed in the table.
pub const TABLE_ROWS: usize = 200;

/// A finished run, with the data it ran on (for the leaf table and counterfactual queries).
pub struct Loaded {
    /// The analysis it belongs to.
    pub analysis_id: String,
    /// The dataset it ran on.
    pub dataset_id: String,
    /// The settings it ran with.
    pub spec: ErrorAnalysisSpec,
    /// What the core computed.
    pub result: ErrorAnalysisResult,
    /// The table.
    pub df: Arc<DataFrame>,
    /// The decoded rows.
    pub data: Arc<ErrorData>,
}

/// The kinds of job of this screen (one runs at a time per kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// Reading a dataset's column names.
    Columns,
    /// Running an analysis.
    Run,
    /// Finding a row's counterfactuals.
    Counterfactuals,
}

/// A job of this screen finished: what it computed, for which run of its kind.
pub type ErrorAnalysisOutput = RunOutput<JobOutput>;

/// The jobs the screen asks the app to start or cancel; a job's ticket is its kind and run id.
pub type ErrorAnalysisActions = JobActions<(JobKind, u64), ErrorAnalysisOutput>;

impl std::fmt::Debug for JobOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobOutput::Columns(id, r) => write!(f, "Columns({id:?}, ok: {})", r.is_ok()),
            JobOutput::Run(r) => write!(f, "Run(ok: {})", r.is_ok()),
            JobOutput::Counterfactuals(r) => write!(f, "Counterfactuals(ok: {})", r.is_ok()),
        }
    }
}

/// What a background job of this screen returns.
pub enum JobOutput {
    /// The columns of a dataset.
    Columns(String, Result<Vec<String>, String>),
    /// An analysis ran.
    Run(Result<Box<Loaded>, String>),
    /// Counterfactuals of a row.
    Counterfactuals(Result<Counterfactuals, String>),
}

/// The screen's state.
#[derive(Default)]
pub struct ErrorAnalysisScreen {
    /// The analysis shown.
    pub selected: Option<String>,
    /// The last run.
    pub loaded: Option<Loaded>,
    /// Why the last job failed.
    pub error: Option<String>,
    /// The leaf whose rows the table lists.
    pub selected_leaf: Option<usize>,
    /// The row to explain with counterfactuals (0-based file row).
    pub counterfactual_row: usize,
    /// The counterfactuals found.
    pub counterfactuals: Option<Counterfactuals>,
    /// Column names of a dataset, by dataset id.
    pub columns: Option<(String, Vec<String>)>,
    columns_job: SingleJob,
    /// The dataset whose columns are being read.
    columns_reading: Option<String>,
    run_job: SingleJob,
    counterfactual_job: SingleJob,
    /// The jobs asked for in this frame, handed to the app at its end.
    pending: ErrorAnalysisActions,
}

impl ErrorAnalysisScreen {
    /// Whether a background job is asked for or running.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.columns_job.is_running()
            || self.run_job.is_running()
            || self.counterfactual_job.is_running()
    }

    /// The job of a kind: whether it runs, its job id.
    #[must_use]
    pub fn job(&self, kind: JobKind) -> &SingleJob {
        match kind {
            JobKind::Columns => &self.columns_job,
            JobKind::Run => &self.run_job,
            JobKind::Counterfactuals => &self.counterfactual_job,
        }
    }

    fn job_mut(&mut self, kind: JobKind) -> &mut SingleJob {
        match kind {
            JobKind::Columns => &mut self.columns_job,
            JobKind::Run => &mut self.run_job,
            JobKind::Counterfactuals => &mut self.counterfactual_job,
        }
    }

    /// Begins a run of `kind` (replacing a running one of that kind) doing `work`, to hand to the app at
    /// the end of the frame.
    fn run(
        &mut self,
        kind: JobKind,
        name: impl Into<String>,
        work: impl FnOnce(&crate::analysis::task::TaskControl) -> anyhow::Result<JobOutput>
        + Send
        + 'static,
    ) {
        let actions = self.job_mut(kind).run(name, work);
        self.pending.cancel.extend(actions.cancel);
        self.pending
            .jobs
            .extend(actions.jobs.into_iter().map(|j| ScreenJob {
                name: j.name,
                ticket: (kind, j.ticket),
                work: j.work,
            }));
    }

    /// Takes a finished job's output (an older run's is dropped).
    pub fn job_output(&mut self, output: ErrorAnalysisOutput) {
        let kind = match &output.value {
            JobOutput::Columns(..) => JobKind::Columns,
            JobOutput::Run(_) => JobKind::Run,
            JobOutput::Counterfactuals(_) => JobKind::Counterfactuals,
        };
        if let Some(value) = self.job(kind).take(output) {
            self.take(value);
        }
    }

    /// The file rows (0-based) of the selected leaf, in order (empty without a selection).
    #[must_use]
    pub fn leaf_rows(&self) -> &[u32] {
        match (&self.loaded, self.selected_leaf) {
            (Some(l), Some(leaf)) => l.result.tree.leaf_rows.get(leaf).map_or(&[], Vec::as_slice),
            _ => &[],
        }
    }

    /// Takes what the current run of a kind computed.
    fn take(&mut self, value: JobOutput) {
        match value {
            JobOutput::Columns(dataset_id, Ok(columns)) => {
                self.columns_reading = None;
                self.columns = Some((dataset_id, columns));
            }
            JobOutput::Columns(dataset_id, Err(e)) => {
                // No columns known for it: not read again every frame; the error says why.
                self.columns_reading = None;
                self.columns = Some((dataset_id, Vec::new()));
                self.error = Some(e);
            }
            JobOutput::Run(Ok(loaded)) => {
                self.error = None;
                self.selected_leaf = None;
                self.counterfactuals = None;
                self.columns = Some((
                    loaded.dataset_id.clone(),
                    loaded
                        .df
                        .get_column_names()
                        .iter()
                        .map(std::string::ToString::to_string)
                        .collect(),
                ));
                self.loaded = Some(*loaded);
            }
            JobOutput::Run(Err(e)) | JobOutput::Counterfactuals(Err(e)) => {
                self.error = Some(e);
            }
            JobOutput::Counterfactuals(Ok(found)) => {
                self.error = None;
                self.counterfactuals = Some(found);
            }
        }
    }

    fn dataset_path(doc: &Document, dataset_id: &str) -> Option<(PathBuf, Vec<String>)> {
        let d = doc.project().dataset(dataset_id)?;
        let base = doc
            .base_dir()
            .map_or_else(|| PathBuf::from("."), std::path::Path::to_owned);
        Some((file::resolve_path(&d.path, &base), d.missing_tokens.clone()))
    }

    /// Starts reading a dataset's column names, unless they are known or being read.
    fn want_columns(&mut self, doc: &Document, dataset_id: &str) {
        let known = self
            .columns
            .as_ref()
            .is_some_and(|(id, _)| id == dataset_id);
        let reading =
            self.columns_job.is_running() && self.columns_reading.as_deref() == Some(dataset_id);
        if known || reading {
            return;
        }
        let Some((path, missing)) = Self::dataset_path(doc, dataset_id) else {
            return;
        };
        let id = dataset_id.to_owned();
        self.columns_reading = Some(id.clone());
        self.run(JobKind::Columns, "Reading the columns", move |control| {
            let columns = read_table_with_missing(&path, &missing, control)
                .map(|df| {
                    df.get_column_names()
                        .iter()
                        .map(std::string::ToString::to_string)
                        .collect()
                })
                .map_err(|e| e.to_string());
            Ok(JobOutput::Columns(id, columns))
        });
    }

    /// Starts running the selected analysis in the background (replacing a run in progress).
    pub fn start_run(&mut self, doc: &Document) {
        let Some(analysis) = self.selected.as_ref().and_then(|id| {
            doc.project()
                .error_analyses
                .iter()
                .find(|a| a.analysis_id == *id)
                .cloned()
        }) else {
            return;
        };
        let Some((path, missing)) = Self::dataset_path(doc, &analysis.dataset_id) else {
            self.error = Some(format!(
                "the project has no dataset {:?}",
                analysis.dataset_id
            ));
            return;
        };
        self.run(
            JobKind::Run,
            format!("Error analysis {}", analysis.name),
            move |control| {
                let run = || -> Result<Box<Loaded>, String> {
                    let df = read_table_with_missing(&path, &missing, control)
                        .map_err(|e| e.to_string())?;
                    let data = prepare(&df, &analysis.spec).map_err(|e| e.to_string())?;
                    let result =
                        run_on_data(&df, &data, &analysis.spec, None).map_err(|e| e.to_string())?;
                    Ok(Box::new(Loaded {
                        analysis_id: analysis.analysis_id.clone(),
                        dataset_id: analysis.dataset_id.clone(),
                        spec: analysis.spec.clone(),
                        result,
                        df: Arc::new(df),
                        data: Arc::new(data),
                    }))
                };
                Ok(JobOutput::Run(run()))
            },
        );
    }

    /// Starts the counterfactual search for [`Self::counterfactual_row`] on the last run's data.
    pub fn start_counterfactuals(&mut self) {
        let Some(loaded) = &self.loaded else {
            return;
        };
        let (df, data) = (Arc::clone(&loaded.df), Arc::clone(&loaded.data));
        let immutable = loaded.spec.immutable.clone();
        let row = self.counterfactual_row;
        self.run(
            JobKind::Counterfactuals,
            "Nearest counterfactuals",
            move |_| {
                let found = immutable
                    .iter()
                    .map(|c| column_for_rows(&df, c, &data))
                    .collect::<Result<Vec<_>, _>>()
                    .and_then(|fixed| {
                        CounterfactualIndex::new(&data, &fixed).nearest(
                            &data,
                            row,
                            DEFAULT_COUNTERFACTUALS,
                        )
                    })
                    .map_err(|e| e.to_string());
                Ok(JobOutput::Counterfactuals(found))
            },
        );
    }
}

impl RunsJobs for ErrorAnalysisScreen {
    type Ticket = (JobKind, u64);
    type Output = ErrorAnalysisOutput;

    fn job_started(&mut self, (kind, run_id): &(JobKind, u64), job_id: u64) {
        self.job_mut(*kind).started(*run_id, job_id);
    }

    fn job_not_started(&mut self, (kind, run_id): &(JobKind, u64), error: &str) {
        if self.job_mut(*kind).not_started(*run_id) {
            self.error = Some(format!("cannot start a background thread: {error}"));
        }
    }

    fn job_ended(&mut self, job_id: u64, cancelled: bool) -> bool {
        for kind in [JobKind::Columns, JobKind::Run, JobKind::Counterfactuals] {
            match self.job_mut(kind).ended(job_id, cancelled) {
                JobEnd::Replaced => return true,
                JobEnd::Cancelled => {
                    if kind == JobKind::Columns {
                        // Not read again every frame until the analysis or its dataset changes.
                        self.columns = self.columns_reading.take().map(|id| (id, Vec::new()));
                    }
                    self.error = Some("cancelled".to_owned());
                    return false;
                }
                JobEnd::Finished => return false,
                JobEnd::NotMine => {}
            }
        }
        false
    }
}

impl Screen for ErrorAnalysisScreen {
    fn section(&self) -> Section {
        Section::ErrorAnalysis
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let request = error_analysis_ui(ui, self, cx.doc);
        cx.request_some(request);
    }
}

/// Draws the screen; returns the jobs it asks the app to start or cancel.
pub fn error_analysis_ui(
    ui: &mut Ui,
    screen: &mut ErrorAnalysisScreen,
    doc: &mut Document,
) -> Option<SectionRequest> {
    draw_screen(ui, screen, doc);
    let actions = std::mem::take(&mut screen.pending);
    (!actions.is_empty()).then_some(SectionRequest::ErrorAnalysis(actions))
}

fn draw_screen(ui: &mut Ui, screen: &mut ErrorAnalysisScreen, doc: &mut Document) {
    ui.label(
        "Where the model's recorded predictions are wrong, from the data alone: an error tree, an error-rate \
         heat map, attributions imported with the predictions, and the nearest rows with the other decision.",
    );
    ui.label(
        RichText::new(DESCRIPTIVE_NOTE)
            .italics()
            .color(super::theme::warn()),
    );
    ui.separator();
    settings::settings_ui(ui, screen, doc);
    if let Some(error) = &screen.error {
        ui.colored_label(super::theme::error(), error);
    }
    if screen.is_running() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Running in the background…");
        });
    }
    if let Some(dataset_id) = screen.selected.as_ref().and_then(|id| {
        doc.project()
            .error_analyses
            .iter()
            .find(|a| a.analysis_id == *id)
            .map(|a| a.dataset_id.clone())
    }) {
        screen.want_columns(doc, &dataset_id);
    }
    let shown = screen
        .loaded
        .as_ref()
        .is_some_and(|l| Some(&l.analysis_id) == screen.selected.as_ref());
    if shown {
        ui.separator();
        draw::results_ui(ui, screen);
    }
}
