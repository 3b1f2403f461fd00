//! Measure › Error analysis: explanations without the model. Per saved analysis (dataset, label and
//! prediction or score and threshold, features, depth, sensitive column, attribution prefix, heat-map and
//! immutable columns) a run in the background draws the error tree (nodes with error rate and share of the
//! errors, coloured by error rate; click a leaf to list its rows), the error-rate heat map, the imported
//! attributions overall and per group, and the nearest counterfactuals of a chosen row. Every result is the
//! core's (`crate::analysis::error_analysis`); this screen edits the saved settings, starts jobs and draws.
//! It says on top that what it shows is descriptive, not causal.
//!
//! Background work runs on [`crate::ui::jobs::Jobs`] owned by the screen (named threads, cancelled when the
//! screen drops a job or is dropped), polled at the start of every frame, so no frame waits.

mod draw;
mod settings;

use std::path::PathBuf;
use std::sync::Arc;

use egui::{RichText, Ui};
use polars::prelude::DataFrame;

use super::jobs::Jobs;
use super::screen::{Screen, ScreenContext};
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
    jobs: Jobs<JobOutput>,
    columns_job: Option<(String, u64)>,
    run_job: Option<u64>,
    counterfactual_job: Option<u64>,
}

impl ErrorAnalysisScreen {
    /// Whether a background job is running.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.jobs.is_busy()
    }

    /// The file rows (0-based) of the selected leaf, in order (empty without a selection).
    #[must_use]
    pub fn leaf_rows(&self) -> &[u32] {
        match (&self.loaded, self.selected_leaf) {
            (Some(l), Some(leaf)) => l.result.tree.leaf_rows.get(leaf).map_or(&[], Vec::as_slice),
            _ => &[],
        }
    }

    fn poll(&mut self) {
        for done in self.jobs.poll() {
            if done.cancelled {
                continue;
            }
            match done.result {
                Err(e) => self.error = Some(format!("{e:#}")),
                Ok(JobOutput::Columns(dataset_id, Ok(columns))) => {
                    self.columns = Some((dataset_id, columns));
                }
                Ok(JobOutput::Columns(_, Err(e))) => self.error = Some(e),
                Ok(JobOutput::Run(Ok(loaded))) => {
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
                Ok(JobOutput::Run(Err(e)) | JobOutput::Counterfactuals(Err(e))) => {
                    self.error = Some(e);
                }
                Ok(JobOutput::Counterfactuals(Ok(found))) => {
                    self.error = None;
                    self.counterfactuals = Some(found);
                }
            }
            if self.run_job == Some(done.job_id) {
                self.run_job = None;
            }
            if self.counterfactual_job == Some(done.job_id) {
                self.counterfactual_job = None;
            }
            if self
                .columns_job
                .as_ref()
                .is_some_and(|(_, id)| *id == done.job_id)
            {
                self.columns_job = None;
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
    fn want_columns(&mut self, ui: &Ui, doc: &Document, dataset_id: &str) {
        let known = self
            .columns
            .as_ref()
            .is_some_and(|(id, _)| id == dataset_id);
        let reading = self
            .columns_job
            .as_ref()
            .is_some_and(|(id, _)| id == dataset_id);
        if known || reading {
            return;
        }
        let Some((path, missing)) = Self::dataset_path(doc, dataset_id) else {
            return;
        };
        let ctx = ui.ctx().clone();
        let id = dataset_id.to_owned();
        let started = self.jobs.spawn(
            "Reading the columns",
            true,
            move || ctx.request_repaint(),
            move |control| {
                let columns = read_table_with_missing(&path, &missing, control)
                    .map(|df| {
                        df.get_column_names()
                            .iter()
                            .map(std::string::ToString::to_string)
                            .collect()
                    })
                    .map_err(|e| e.to_string());
                Ok(JobOutput::Columns(id, columns))
            },
        );
        match started {
            Ok(job_id) => self.columns_job = Some((dataset_id.to_owned(), job_id)),
            Err(e) => self.error = Some(format!("cannot start a background thread: {e}")),
        }
    }

    /// Starts running the selected analysis in the background (replacing a run in progress).
    pub fn start_run(&mut self, ctx: &egui::Context, doc: &Document) {
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
        if let Some(job_id) = self.run_job.take() {
            self.jobs.cancel(job_id);
        }
        let ctx = ctx.clone();
        let started = self.jobs.spawn(
            format!("Error analysis {}", analysis.name),
            true,
            move || ctx.request_repaint(),
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
        match started {
            Ok(job_id) => self.run_job = Some(job_id),
            Err(e) => self.error = Some(format!("cannot start a background thread: {e}")),
        }
    }

    /// Starts the counterfactual search for [`Self::counterfactual_row`] on the last run's data.
    pub fn start_counterfactuals(&mut self, ctx: &egui::Context) {
        let Some(loaded) = &self.loaded else {
            return;
        };
        let (df, data) = (Arc::clone(&loaded.df), Arc::clone(&loaded.data));
        let immutable = loaded.spec.immutable.clone();
        let row = self.counterfactual_row;
        if let Some(job_id) = self.counterfactual_job.take() {
            self.jobs.cancel(job_id);
        }
        let ctx = ctx.clone();
        let started = self.jobs.spawn(
            "Nearest counterfactuals",
            true,
            move || ctx.request_repaint(),
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
        match started {
            Ok(job_id) => self.counterfactual_job = Some(job_id),
            Err(e) => self.error = Some(format!("cannot start a background thread: {e}")),
        }
    }

    /// Waits for every running job and takes the results (tests).
    pub fn wait(&mut self) {
        let start = std::time::Instant::now();
        while self.is_running() && start.elapsed() < std::time::Duration::from_mins(2) {
            self.poll();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        self.poll();
    }
}

impl Screen for ErrorAnalysisScreen {
    fn section(&self) -> Section {
        Section::ErrorAnalysis
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        error_analysis_ui(ui, self, cx.doc);
    }
}

/// Draws the screen (also used on its own by the UI tests).
pub fn error_analysis_ui(ui: &mut Ui, screen: &mut ErrorAnalysisScreen, doc: &mut Document) {
    screen.poll();
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
        screen.want_columns(ui, doc, &dataset_id);
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
