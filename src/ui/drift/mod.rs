//! Measure › Drift & monitoring: the saved drift configurations of the project, a setup (two datasets, or
//! one dataset cut into day / week / month / quarter windows over a date column, with the label, prediction
//! and sensitive columns for fairness drift), and three tabs:
//!
//! - [`pair`] *Reference vs current*: per column the test Evidently's rules chose (the rule shown), its
//!   statistic, p-value, threshold, flag, PSI with its band and small-bin warnings, both distributions
//!   overlaid, and the column's type, test and threshold, changeable and saved in the project;
//! - [`over_time`] *Over time*: each column's statistic per window against the reference window (a line
//!   chart with the threshold, and a table of every column's status per window), prediction and label drift,
//!   and fairness drift (per-group selection rate, TPR and FPR with Wilson intervals, the summary
//!   disparities with bootstrap intervals, each against the project's thresholds);
//! - [`monitors`] *Monitors*: a drift or fairness-drift value becomes a KRI on a register action (a breached
//!   KRI flags its risk for review) with an evidence link on the risk.
//!
//! A project with saved drifts opens the screen on its latest one, run again in the background (the saved
//! result is what the project keeps; the charts need the full report), instead of an empty setup.
//!
//! The work runs as background jobs the app starts ([`jobs`], [`RunsJobs`]): they show in the status bar's
//! job list with progress and can be cancelled. Every number comes from `crate::analysis::drift` unchanged.

pub mod jobs;
mod monitors;
mod over_time;
mod pair;
mod setup;

use std::collections::BTreeMap;

use egui::{RichText, Ui};

pub use self::jobs::{DriftActions, DriftJobOutput, Ticket};
pub use self::over_time::{DrawnChart, FairnessView};
use super::jobs::RunsJobs;
use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use crate::analysis::drift::windows::WindowsReport;
use crate::analysis::drift::{DriftReport, summary_of, summary_of_windows};
use crate::model::Document;
use crate::model::drift::{
    DriftSummary, FairnessDriftSpec, KriDirection, SavedDrift, WindowSize, WindowSpec, next_id,
};

/// The typing and missing-value rule, shown on the screen (the README says the same).
pub const TYPING_RULE: &str = "Types are decided from the current data as Evidently 0.7 does: floats are \
     numeric; integers are categorical with at most 10 distinct values, else numeric; text is categorical \
     unless more than half of its values are distinct (free text is not tested); dates are not tested. A \
     column's type can be overridden. Missing values (empty cells, NaN, ±inf) are dropped from each side \
     before testing, so n counts the non-missing reference values.";

/// Two datasets, or one dataset over time windows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Reference dataset vs current dataset.
    #[default]
    Pair,
    /// One dataset cut into windows over a date column.
    Windows,
}

/// The tabs of the results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tab {
    /// Per-column results of two datasets (or of one window against the reference window).
    #[default]
    ReferenceVsCurrent,
    /// Statistics and fairness per window.
    OverTime,
    /// KRIs.
    Monitors,
}

/// A dataset's columns for the pickers.
enum Columns {
    Loading(Option<u64>),
    Ready(Vec<(String, bool)>),
    Failed(String),
}

/// The run in progress.
struct Running {
    run_id: u64,
    job_id: Option<u64>,
    /// The label and prediction columns of a windowed run.
    outcomes: (Option<String>, Option<String>),
}

/// A KRI being set up: what to watch, against what.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct KriDraft {
    /// The risk whose action carries the KRI.
    pub risk_id: String,
    /// The action (empty: the risk's first).
    pub action_id: String,
    /// `column:NAME`, `psi:NAME` or `fairness:SENSITIVE:METRIC[:GROUP]`.
    pub metric: String,
    /// The threshold.
    pub threshold: f64,
    /// Which side is fine.
    pub direction: KriDirection,
}

/// The screen's state.
#[derive(Default)]
pub struct DriftScreen {
    mode: Mode,
    reference_id: String,
    current_id: String,
    time_column: String,
    window: Option<WindowSize>,
    reference_window: usize,
    label: String,
    prediction: String,
    sensitive: Vec<String>,
    bootstrap: bool,
    /// The saved drift the shown results belong to.
    drift_id: Option<String>,
    /// The fairness settings of the saved drift loaded (what the setup does not show is kept).
    loaded_fairness: Option<FairnessDriftSpec>,
    columns: BTreeMap<String, Columns>,
    running: Option<Running>,
    next_run_id: u64,
    superseded: std::collections::BTreeSet<u64>,
    /// The last two-dataset result.
    pub report: Option<DriftReport>,
    /// The last windowed result.
    pub windows: Option<WindowsReport>,
    /// What the project keeps of the windowed result (its fairness series, read by the charts).
    windows_summary: Option<DriftSummary>,
    /// The label and prediction (or score) columns of the shown windowed result.
    outcome_columns: (Option<String>, Option<String>),
    /// The column opened for its chart (Reference vs current).
    pub open_column: Option<String>,
    /// The window shown against the reference window in Reference vs current (windowed runs).
    pub compared_window: Option<usize>,
    /// The column whose statistic is drawn per window (Over time).
    pub over_time_column: Option<String>,
    /// The sensitive column of the fairness-drift chart.
    pub fairness_sensitive: String,
    /// Which fairness chart is shown.
    pub fairness_view: FairnessView,
    /// The tab shown.
    pub tab: Tab,
    /// The KRI being set up.
    pub kri: KriDraft,
    /// The charts drawn in the last frame, by plot id (their series and threshold lines).
    pub drawn: BTreeMap<String, DrawnChart>,
    error: Option<String>,
    notice: Option<String>,
    /// Whether the screen was shown yet, and the project file it was last shown for (none: an unsaved
    /// project), so a project with saved drifts opens on its latest result once, not on an empty setup.
    shown: bool,
    shown_for: Option<std::path::PathBuf>,
}

impl DriftScreen {
    /// Chooses the reference and current datasets (ids; an empty current switches to windows).
    pub fn choose_datasets(&mut self, reference_id: &str, current_id: &str) {
        reference_id.clone_into(&mut self.reference_id);
        current_id.clone_into(&mut self.current_id);
        self.mode = if current_id.is_empty() {
            Mode::Windows
        } else {
            Mode::Pair
        };
        self.drift_id = None;
    }

    /// Sets the windows and the fairness columns of a run over time (`sensitive` comma-separated).
    pub fn choose_windows(
        &mut self,
        time: &str,
        window: WindowSize,
        label: &str,
        prediction: &str,
        sensitive: &str,
    ) {
        self.mode = Mode::Windows;
        time.clone_into(&mut self.time_column);
        self.window = Some(window);
        label.clone_into(&mut self.label);
        prediction.clone_into(&mut self.prediction);
        self.sensitive = sensitive
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        self.drift_id = None;
    }

    /// Chooses the risk whose action gets the KRI.
    pub fn choose_kri_risk(&mut self, risk_id: &str) {
        risk_id.clone_into(&mut self.kri.risk_id);
    }

    /// Chooses the column whose statistic is drawn per window.
    pub fn choose_over_time_column(&mut self, column: &str) {
        self.over_time_column = Some(column.to_owned());
    }

    /// Whether a drift run is in progress.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// The error shown, if any.
    #[must_use]
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The saved drift the shown results belong to.
    #[must_use]
    pub fn drift_id(&self) -> Option<&str> {
        self.drift_id.as_deref()
    }

    fn window_spec(&self) -> WindowSpec {
        WindowSpec {
            time_column: self.time_column.trim().to_owned(),
            window: self.window.unwrap_or(WindowSize::Month),
            reference_window: self.reference_window.max(1),
            fairness: (!self.label.trim().is_empty() && !self.sensitive.is_empty()).then(|| {
                // What the screen does not show (positive value, score threshold) is kept from the saved
                // configuration.
                let kept = self
                    .loaded_fairness
                    .clone()
                    .filter(|_| self.drift_id.is_some())
                    .unwrap_or_default();
                let prediction = self.prediction.trim().to_owned();
                let is_score = kept.score.as_deref() == Some(prediction.as_str());
                FairnessDriftSpec {
                    label: self.label.trim().to_owned(),
                    prediction: (!prediction.is_empty() && !is_score).then(|| prediction.clone()),
                    score: is_score.then_some(prediction),
                    threshold: if is_score { kept.threshold } else { None },
                    positive: kept.positive,
                    sensitive: self.sensitive.clone(),
                }
            }),
        }
    }

    /// The saved drift of the shown configuration: the one chosen, else one with the same datasets.
    fn saved<'a>(&self, project: &'a crate::model::Project) -> Option<&'a SavedDrift> {
        if let Some(id) = &self.drift_id {
            return project.drift.drifts.iter().find(|d| &d.drift_id == id);
        }
        project.drift.drifts.iter().find(|d| self.same_datasets(d))
    }

    fn same_datasets(&self, d: &SavedDrift) -> bool {
        match self.mode {
            Mode::Pair => {
                d.windows.is_none()
                    && d.reference_dataset_id == self.reference_id
                    && d.current_dataset_id == self.current_id
            }
            Mode::Windows => {
                d.reference_dataset_id == self.reference_id
                    && d.windows
                        .as_ref()
                        .is_some_and(|w| w.time_column == self.time_column.trim())
            }
        }
    }

    /// Loads a saved configuration into the setup and runs it.
    fn load_saved(&mut self, d: &SavedDrift, cx: &ScreenContext<'_>) -> DriftActions {
        self.reference_id.clone_from(&d.reference_dataset_id);
        if let Some(w) = &d.windows {
            self.mode = Mode::Windows;
            self.current_id.clear();
            self.time_column.clone_from(&w.time_column);
            self.window = Some(w.window);
            self.reference_window = w.reference_window;
            let f = w.fairness.clone().unwrap_or_default();
            self.loaded_fairness.clone_from(&w.fairness);
            self.label = f.label;
            self.prediction = f.prediction.or(f.score).unwrap_or_default();
            self.sensitive = f.sensitive;
            // A result saved with intervals of the disparities was run with the bootstrap: run it so again,
            // so re-running a saved drift gives the same result.
            self.bootstrap = d.result.as_ref().is_some_and(|r| {
                r.fairness_series
                    .iter()
                    .any(|s| s.group.is_empty() && s.lower.iter().any(Option::is_some))
            });
        } else {
            self.mode = Mode::Pair;
            self.current_id.clone_from(&d.current_dataset_id);
        }
        self.drift_id = Some(d.drift_id.clone());
        self.start(cx)
    }

    /// Starts a run of the setup; a running one is cancelled.
    fn start(&mut self, cx: &ScreenContext<'_>) -> DriftActions {
        let mut actions = DriftActions::default();
        let project = cx.doc.project();
        let base = cx
            .doc
            .base_dir()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        let path_of = |id: &str| {
            project
                .dataset(id)
                .map(|d| crate::model::file::resolve_path(&d.path, &base))
        };
        let name_of = |id: &str| project.dataset(id).map_or("?", |d| d.name.as_str());
        let Some(reference) = path_of(&self.reference_id) else {
            self.error = Some("Choose a reference dataset.".to_owned());
            return actions;
        };
        let options = self
            .saved(project)
            .map(|d| d.options.clone())
            .unwrap_or_default();
        self.next_run_id += 1;
        let run_id = self.next_run_id;
        let job = match self.mode {
            Mode::Pair => {
                let Some(current) = path_of(&self.current_id) else {
                    self.error = Some("Choose a current dataset.".to_owned());
                    return actions;
                };
                let title = format!(
                    "{} vs {}",
                    name_of(&self.reference_id),
                    name_of(&self.current_id)
                );
                jobs::pair_job(run_id, &title, reference, current, options)
            }
            Mode::Windows => {
                if self.time_column.trim().is_empty() {
                    self.error =
                        Some("Choose the date column that cuts the data into windows.".to_owned());
                    return actions;
                }
                let spec = self.window_spec();
                let settings = project.settings.fairness.clone();
                let bootstrap = (self.bootstrap && spec.fairness.is_some())
                    .then_some(settings.bootstrap_resamples);
                let title = format!(
                    "{} by {}",
                    name_of(&self.reference_id),
                    spec.window.as_str()
                );
                jobs::windows_job(
                    run_id, &title, reference, spec, options, settings, bootstrap,
                )
            }
        };
        if let Some(old) = self.running.take()
            && let Some(job_id) = old.job_id
        {
            self.superseded.insert(job_id);
            actions.cancel.push(job_id);
        }
        self.error = None;
        self.notice = None;
        let f = self.window_spec().fairness.unwrap_or_default();
        self.running = Some(Running {
            run_id,
            job_id: None,
            outcomes: (
                (!f.label.is_empty()).then_some(f.label),
                f.prediction.or(f.score),
            ),
        });
        actions.jobs.push(job);
        actions
    }

    /// Asks for the columns of the reference dataset when the windows setup needs them.
    fn want_columns(&mut self, cx: &ScreenContext<'_>, actions: &mut DriftActions) {
        if self.reference_id.is_empty() || self.columns.contains_key(&self.reference_id) {
            return;
        }
        let Some(d) = cx.doc.project().dataset(&self.reference_id) else {
            return;
        };
        let base = cx
            .doc
            .base_dir()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        let path = crate::model::file::resolve_path(&d.path, &base);
        actions
            .jobs
            .push(jobs::columns_job(&d.dataset_id, &d.name, path));
        self.columns
            .insert(self.reference_id.clone(), Columns::Loading(None));
    }

    /// Takes a job's output: shows it and saves what the project keeps (with both fingerprints), then
    /// refreshes the KRIs (a breached one flags its risk for review).
    pub fn job_output(&mut self, output: DriftJobOutput, doc: &mut Document) {
        let summary = match output {
            DriftJobOutput::Columns {
                dataset_id,
                columns,
            } => {
                let state = match columns {
                    Ok(c) => Columns::Ready(c),
                    Err(e) => Columns::Failed(e),
                };
                self.columns.insert(dataset_id, state);
                return;
            }
            DriftJobOutput::Pair { run_id, result } => {
                if !self.take_run(run_id) {
                    return;
                }
                match result {
                    Ok(r) => {
                        let s = summary_of(&r);
                        self.report = Some(*r);
                        if self.tab == Tab::OverTime {
                            self.tab = Tab::ReferenceVsCurrent;
                        }
                        s
                    }
                    Err(e) => {
                        self.error = Some(e);
                        return;
                    }
                }
            }
            DriftJobOutput::Windows { run_id, result } => {
                let Some(run) = self.running.take_if(|r| r.run_id == run_id) else {
                    return;
                };
                self.outcome_columns = run.outcomes;
                match result {
                    Ok(r) => {
                        let s = summary_of_windows(&r);
                        self.windows_summary = Some(s.clone());
                        self.compared_window = r
                            .windows
                            .iter()
                            .rposition(|w| !w.reference && !w.drift.columns.is_empty());
                        self.windows = Some(*r);
                        self.tab = Tab::OverTime;
                        s
                    }
                    Err(e) => {
                        self.error = Some(e);
                        return;
                    }
                }
            }
        };
        self.error = None;
        self.save_result(summary, doc);
    }

    fn take_run(&mut self, run_id: u64) -> bool {
        if self.running.as_ref().is_some_and(|r| r.run_id == run_id) {
            self.running = None;
            true
        } else {
            false
        }
    }

    fn save_result(&mut self, summary: DriftSummary, doc: &mut Document) {
        let windows = (self.mode == Mode::Windows).then(|| self.window_spec());
        self.loaded_fairness = windows.as_ref().and_then(|w| w.fairness.clone());
        let existing = self.saved(doc.project()).map(|d| d.drift_id.clone());
        let project = doc.project();
        let name_of = |id: &str| {
            project
                .dataset(id)
                .map_or("?", |d| d.name.as_str())
                .to_owned()
        };
        let name = match &windows {
            Some(w) => format!(
                "{} by {} over {}",
                name_of(&self.reference_id),
                w.window.as_str(),
                w.time_column
            ),
            None => format!(
                "{} vs {}",
                name_of(&self.reference_id),
                name_of(&self.current_id)
            ),
        };
        let (reference_id, current_id) = (self.reference_id.clone(), self.current_id.clone());
        let drift_id = doc.edit(|p| {
            let index = match existing
                .as_ref()
                .and_then(|id| p.drift.drifts.iter().position(|d| &d.drift_id == id))
            {
                Some(i) => i,
                None => {
                    let id = next_id("drift", p.drift.drifts.iter().map(|d| d.drift_id.as_str()));
                    p.drift.drifts.push(SavedDrift {
                        drift_id: id,
                        name,
                        reference_dataset_id: reference_id,
                        current_dataset_id: current_id,
                        ..SavedDrift::default()
                    });
                    p.drift.drifts.len() - 1
                }
            };
            let entry = &mut p.drift.drifts[index];
            entry.result = Some(summary);
            if windows.is_some() {
                entry.windows = windows;
            }
            let drift_id = entry.drift_id.clone();
            apply_monitors(p);
            drift_id
        });
        self.drift_id = Some(drift_id);
    }
}

/// Refreshes every KRI from the saved results and flags the risks of breached ones for review.
pub fn apply_monitors(p: &mut crate::model::Project) {
    for (risk_id, reason) in p.drift.refresh_monitors(&mut p.risks) {
        if let Some(r) = p.risks.iter_mut().find(|r| r.risk_id == risk_id) {
            r.needs_review = Some(match r.needs_review.take() {
                Some(old) if !old.is_empty() => format!("{old}; {reason}"),
                _ => reason,
            });
        }
    }
}

impl RunsJobs for DriftScreen {
    type Ticket = Ticket;
    type Output = DriftJobOutput;

    fn job_started(&mut self, ticket: &Ticket, job_id: u64) {
        match ticket {
            Ticket::Columns(id) => {
                if let Some(Columns::Loading(slot)) = self.columns.get_mut(id) {
                    *slot = Some(job_id);
                }
            }
            Ticket::Run(run_id) => {
                if let Some(r) = &mut self.running
                    && r.run_id == *run_id
                {
                    r.job_id = Some(job_id);
                }
            }
        }
    }

    fn job_not_started(&mut self, ticket: &Ticket, error: &str) {
        let message = format!("cannot start a background thread: {error}");
        match ticket {
            Ticket::Columns(id) => {
                self.columns.insert(id.clone(), Columns::Failed(message));
            }
            Ticket::Run(run_id) => {
                if self.take_run(*run_id) {
                    self.error = Some(message);
                }
            }
        }
    }

    /// Called for every finished job before its output is handed over; `true` when this screen cancelled
    /// the job itself (replaced by a newer run), so its end is not news.
    fn job_ended(&mut self, job_id: u64, cancelled: bool) -> bool {
        let superseded = self.superseded.remove(&job_id);
        // A finished run's output follows (handed to `job_output`); a cancelled one has none.
        if cancelled
            && self
                .running
                .as_ref()
                .is_some_and(|r| r.job_id == Some(job_id))
        {
            self.running = None;
            self.notice =
                Some("The run was cancelled; the results shown are the previous ones.".to_owned());
        }
        for state in self.columns.values_mut() {
            if matches!(state, Columns::Loading(Some(id)) if *id == job_id) {
                *state = Columns::Failed(if cancelled {
                    "reading the columns was cancelled".to_owned()
                } else {
                    "reading the columns ended without a result".to_owned()
                });
            }
        }
        superseded
    }
}

impl Screen for DriftScreen {
    fn section(&self) -> Section {
        Section::Drift
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        self.drawn.clear();
        let mut actions = DriftActions::default();
        let key = cx.doc.path().map(std::path::Path::to_path_buf);
        if !self.shown || self.shown_for != key {
            self.shown = true;
            self.shown_for = key;
            let latest = cx.doc.project().drift.drifts.last().cloned();
            if let Some(d) = latest
                && self.running.is_none()
                && !self.drift_id.as_ref().is_some_and(|id| {
                    cx.doc
                        .project()
                        .drift
                        .drifts
                        .iter()
                        .any(|s| &s.drift_id == id)
                })
            {
                let more = self.load_saved(&d, cx);
                actions.jobs.extend(more.jobs);
                actions.cancel.extend(more.cancel);
            }
        }
        ui.label(RichText::new(TYPING_RULE).weak());
        ui.separator();
        self.saved_ui(ui, cx, &mut actions);
        self.setup_ui(ui, cx, &mut actions);
        if let Some(run) = &self.running {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Computing drift (progress in the status bar)…");
                if ui.button("Cancel").clicked()
                    && let Some(job_id) = run.job_id
                {
                    actions.cancel.push(job_id);
                }
            });
        }
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        if let Some(n) = &self.notice {
            ui.label(RichText::new(n).weak());
        }
        ui.separator();
        ui.horizontal(|ui| {
            for (tab, label) in [
                (Tab::ReferenceVsCurrent, "Reference vs current"),
                (Tab::OverTime, "Over time"),
                (Tab::Monitors, "Monitors (KRIs)"),
            ] {
                ui.selectable_value(&mut self.tab, tab, label);
            }
        });
        ui.separator();
        match self.tab {
            Tab::ReferenceVsCurrent => self.pair_tab(ui, cx),
            Tab::OverTime => self.over_time_tab(ui, cx),
            Tab::Monitors => self.monitors_tab(ui, cx),
        }
        if !actions.is_empty() {
            cx.request(SectionRequest::Drift(actions));
        }
    }
}
