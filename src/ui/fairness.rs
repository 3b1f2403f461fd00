//! Measure › Fairness audits: the audits saved in the project, an editor for their columns and choices, and
//! the results of running them — per-group metrics with intervals, a chart per metric, a disparity heat map,
//! confusion matrices, findings, summary and composite checks, the fairness-tree helper, and where Riskbench
//! differs from Fairlearn and AIF360.
//!
//! This module draws and decides what to run; it computes nothing. Dataset columns are read and audits are
//! computed in background jobs that the app starts (see `app.rs`) from the [`FairnessActions`] this screen
//! returns, and the app hands their output back through [`FairnessScreen::job_output`]. Every number shown
//! comes from [`crate::analysis::fairness`] unchanged, so no frame waits, even on a million rows. A run first
//! computes the point estimates with Wilson intervals (quick), then the stratified bootstrap intervals in a
//! second job. Results live in memory, not in the project file; each carries the SHA-256 of the data it was
//! computed on, and is marked stale when that differs from the dataset's fingerprint recorded in the
//! project. Every change to an audit goes through the [`Document`] mutation gate, so it can be undone.

mod resume;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Align, Layout, RichText, Ui};
use egui_extras::{Column as TableColumn, TableBuilder};
use egui_plot::{Bar, BarChart, Corner, HLine, Legend, Line, LineStyle, Plot, PlotPoints, Polygon};

use super::theme;
use crate::analysis::audit::{AuditReport, run_audit};
use crate::analysis::columns::{ColumnSummary, MAX_LISTED_VALUES, read_column_summaries};
use crate::analysis::fairness::{
    AssistiveCapacity, AuditResult, Check, CheckKind, DisparityKind, FairnessConcern, GroupKey,
    GroupResult, GroupValue, Interval, Metric, MetricValue, PARITY_METRICS, PunitiveFocus,
    ReferenceMetric, SelectionBasis, SummaryMetric, fairness_tree,
};
use crate::analysis::task::TaskControl;
use crate::model::audit::{AuditSpec, SavedAudit, next_audit_id, unique_audit_name};
use crate::model::{Document, FairnessThresholds, Project, file};

/// How long an audit's settings must stay unchanged before a changed audit runs again by itself.
const RERUN_AFTER: Duration = Duration::from_millis(1200);

/// Name of a new audit (numbered when taken).
const NEW_AUDIT_NAME: &str = "New audit";

/// The most groups the chart, heat map, confusion matrices and check grids draw (the group table has all).
const MAX_GROUPS_DRAWN: usize = 120;

/// The count columns of the group table: every group shows its denominators.
const COUNT_COLUMNS: [Metric; 4] = [
    Metric::Count,
    Metric::Positives,
    Metric::Negatives,
    Metric::PredictedPositives,
];

/// The rate columns of the group table.
const RATE_COLUMNS: [Metric; 8] = [
    Metric::SelectionRate,
    Metric::TruePositiveRate,
    Metric::FalsePositiveRate,
    Metric::FalseNegativeRate,
    Metric::Precision,
    Metric::FalseDiscoveryRate,
    Metric::FalseOmissionRate,
    Metric::Accuracy,
];

/// The Aequitas composite checks: check name and what it combines.
const COMPOSITE_CHECKS: [(&str, &str); 5] = [
    ("type_i_parity", "Type I parity"),
    ("type_ii_parity", "Type II parity"),
    ("equalized_odds_parity", "Equalized odds"),
    ("unsupervised_fairness", "Unsupervised"),
    ("supervised_fairness", "Supervised"),
];

/// The note on purposeful differences from the libraries (see `tests/fixtures/fairness/README.md`).
const DIFFERENCES: [(&str, &str); 5] = [
    (
        "Zero denominators are undefined, not 0",
        "A rate whose denominator is zero (the TPR of a group without actual positives, the precision of a \
         group without predicted positives) is shown as \"insufficient evidence\" with the reason. Fairlearn, \
         scikit-learn and AIF360 return 0.0 there, which can make a group look perfect or hopeless. Disparities \
         skip undefined groups, as pandas skips NaN.",
    ),
    (
        "The positive value is explicit",
        "Text labels such as \"yes\" need their positive value; only 0/1 and true/false columns default to 1 / \
         true. Fairlearn's demographic parity silently assumes 1.",
    ),
    (
        "Stratified bootstrap",
        "Confidence intervals resample rows within each group (stratified), so every resample keeps each \
         group's size; Fairlearn's bootstrap resamples the whole dataset. Intervals are percentile intervals, \
         seeded and independent of the number of threads. Wilson score intervals are shown while the bootstrap \
         runs.",
    ),
    (
        "Between-group entropy indices use all groups",
        "AIF360's between-group indices compare the privileged group with everyone else; ours use every group \
         of the result.",
    ),
    (
        "Weights",
        "With a weight column, counts become weighted sums (n stays the number of rows) and the entropy indices \
         use weighted means; AIF360 ignores instance weights there.",
    ),
];

// ------------------------------------------------------------------------------------------------------------
// Jobs: what the screen asks the app to run, and what comes back

/// Which half of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Point estimates with Wilson intervals (no resampling; quick).
    Point,
    /// The stratified bootstrap intervals.
    Bootstrap,
}

/// A dataset file whose columns are read: its resolved path and the SHA-256 recorded in the project.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ColumnsKey {
    path: PathBuf,
    sha256: String,
}

/// What a background job is for, so the screen can record its job id when it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ticket {
    /// Reading a dataset's columns.
    Columns(ColumnsKey),
    /// One stage of a run of an audit.
    Run {
        /// The audit.
        audit_id: String,
        /// The run (a newer run replaces an older one).
        run_id: u64,
        /// Which stage.
        stage: Stage,
    },
}

/// The work of a job: runs on a worker thread with progress and cancellation.
pub type JobWork = Box<dyn FnOnce(&TaskControl) -> anyhow::Result<FairnessJobOutput> + Send>;

/// A background job the screen asks for.
pub struct FairnessJob {
    /// Shown in the status bar.
    pub name: String,
    /// What it is for.
    pub ticket: Ticket,
    /// The work.
    pub work: JobWork,
}

/// What the screen asks the app to do after a frame or a job result.
#[derive(Default)]
pub struct FairnessActions {
    /// Jobs to start (report each one's id with [`FairnessScreen::job_started`]).
    pub jobs: Vec<FairnessJob>,
    /// Jobs to cancel: their results are no longer wanted.
    pub cancel: Vec<u64>,
    /// A risk was created from a finding: show it in the register.
    pub show_risk: Option<String>,
}

/// What a fairness job produced. Failures are results too: they are shown on the screen, beside the audit.
#[derive(Debug)]
pub enum FairnessJobOutput {
    /// A dataset's columns were read.
    Columns {
        /// Which file.
        key: ColumnsKey,
        /// The columns, or why they could not be read.
        columns: Result<Vec<ColumnSummary>, String>,
    },
    /// One stage of an audit ran.
    Audit {
        /// The audit.
        audit_id: String,
        /// The run.
        run_id: u64,
        /// Which stage.
        stage: Stage,
        /// The report, or why the audit could not run.
        outcome: Result<Arc<AuditReport>, String>,
    },
}

// ------------------------------------------------------------------------------------------------------------
// Screen state

/// A dataset's columns as known to the editor.
enum Columns {
    /// Being read by the job with this id (`None` until it has started).
    Loading(Option<u64>),
    /// Read.
    Ready(Arc<Vec<ColumnSummary>>),
    /// Could not be read.
    Failed(String),
}

/// The state of one stage of a run.
enum Slot {
    /// Not asked for (no bootstrap for this audit).
    Off,
    /// Running as the job with this id (`None` until it has started).
    Running(Option<u64>),
    /// Finished.
    Done(Result<Arc<AuditReport>, String>),
    /// Cancelled by the user.
    Cancelled,
}

impl Slot {
    fn job_id(&self) -> Option<u64> {
        match self {
            Slot::Running(id) => *id,
            _ => None,
        }
    }

    fn report(&self) -> Option<&Arc<AuditReport>> {
        match self {
            Slot::Done(Ok(report)) => Some(report),
            _ => None,
        }
    }
}

/// Everything a run depends on: when any of it changes, the run is out of date.
#[derive(Clone, Debug, PartialEq)]
struct RunInput {
    dataset_id: String,
    path: PathBuf,
    stored_sha256: String,
    spec: AuditSpec,
    settings: FairnessThresholds,
}

impl RunInput {
    /// The input of `audit` in `project`, or `None` when its dataset is not in the project.
    fn of(project: &Project, base: &Path, audit: &SavedAudit) -> Option<Self> {
        let dataset = project.dataset(&audit.dataset_id)?;
        Some(Self {
            dataset_id: dataset.dataset_id.clone(),
            path: file::resolve_path(&dataset.path, base),
            stored_sha256: dataset.sha256.clone(),
            spec: audit.spec.clone(),
            settings: project.settings.fairness.clone(),
        })
    }

    /// Bootstrap resamples: the audit's own number, else the project's (0: Wilson intervals only).
    fn resamples(&self) -> u32 {
        self.spec
            .bootstrap
            .unwrap_or(self.settings.bootstrap_resamples)
    }
}

/// The latest run of one audit.
struct AuditRun {
    run_id: u64,
    name: String,
    input: RunInput,
    point: Slot,
    bootstrap: Slot,
}

impl AuditRun {
    /// The report to show: with bootstrap intervals when they are ready; `true` when it has them.
    fn report(&self) -> Option<(&Arc<AuditReport>, bool)> {
        self.bootstrap
            .report()
            .map(|r| (r, true))
            .or_else(|| self.point.report().map(|r| (r, false)))
    }

    fn job_ids(&self) -> Vec<u64> {
        [self.point.job_id(), self.bootstrap.job_id()]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// The tabs of a result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
enum Tab {
    #[default]
    Table,
    Chart,
    HeatMap,
    Confusion,
    Summary,
    Tree,
    Differences,
}

impl Tab {
    const ALL: [Tab; 7] = [
        Tab::Table,
        Tab::Chart,
        Tab::HeatMap,
        Tab::Confusion,
        Tab::Summary,
        Tab::Tree,
        Tab::Differences,
    ];

    fn label(self) -> &'static str {
        match self {
            Tab::Table => "Group metrics",
            Tab::Chart => "Chart",
            Tab::HeatMap => "Disparity heat map",
            Tab::Confusion => "Confusion matrices",
            Tab::Summary => "Summary and checks",
            Tab::Tree => "Which metric matters?",
            Tab::Differences => "Where we differ",
        }
    }
}

/// A column of the group table to sort by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortColumn {
    /// The group, in the engine's order (ascending values).
    Group,
    /// A metric, undefined values last.
    Metric(Metric),
}

/// The analyst's answers in the fairness-tree helper.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
enum ConcernKind {
    #[default]
    Unanswered,
    Representation,
    Punitive,
    Assistive,
}

#[derive(Clone, Copy, Debug, Default)]
struct TreeAnswers {
    concern: ConcernKind,
    basis: Option<SelectionBasis>,
    focus: Option<PunitiveFocus>,
    capacity: Option<AssistiveCapacity>,
}

impl TreeAnswers {
    fn concern(self) -> Option<FairnessConcern> {
        match self.concern {
            ConcernKind::Unanswered => None,
            ConcernKind::Representation => Some(FairnessConcern::Representation(self.basis)),
            ConcernKind::Punitive => Some(FairnessConcern::Punitive(self.focus)),
            ConcernKind::Assistive => Some(FairnessConcern::Assistive(self.capacity)),
        }
    }
}

/// How a result is shown.
struct View {
    result_index: usize,
    tab: Tab,
    sort: SortColumn,
    ascending: bool,
    chart_metric: Metric,
    tree: TreeAnswers,
}

impl Default for View {
    fn default() -> Self {
        Self {
            result_index: 0,
            tab: Tab::default(),
            sort: SortColumn::Group,
            ascending: true,
            chart_metric: Metric::SelectionRate,
            tree: TreeAnswers::default(),
        }
    }
}

/// The state of the fairness screen, kept while the app runs (results are not saved in the project).
#[derive(Default)]
pub struct FairnessScreen {
    selected: Option<String>,
    columns: BTreeMap<ColumnsKey, Columns>,
    runs: BTreeMap<String, AuditRun>,
    next_run_id: u64,
    /// Jobs this screen cancelled because a newer run replaced them (their end is not news to the user).
    superseded: BTreeSet<u64>,
    /// The selected audit's input as last seen, and since when, to re-run a changed audit once edits settle.
    watching: Option<(String, RunInput, Instant)>,
    view: View,
    /// A risk pre-filled from a failed check this frame, added to the register after drawing.
    new_risk: Option<crate::model::register::Risk>,
}

impl FairnessScreen {
    /// The latest finished report of each audit that ran, by audit name (for the register's review flags).
    pub fn reports(&self, project: &Project) -> BTreeMap<String, Arc<AuditReport>> {
        self.runs
            .iter()
            .filter_map(|(audit_id, run)| {
                let audit = project.audits.iter().find(|a| &a.audit_id == audit_id)?;
                Some((audit.name.clone(), Arc::clone(run.report()?.0)))
            })
            .collect()
    }

    /// Records the job id of a job started for `ticket`.
    pub fn job_started(&mut self, ticket: &Ticket, job_id: u64) {
        match ticket {
            Ticket::Columns(key) => {
                if let Some(Columns::Loading(id)) = self.columns.get_mut(key) {
                    *id = Some(job_id);
                }
            }
            Ticket::Run {
                audit_id,
                run_id,
                stage,
            } => {
                if let Some(slot) = self.slot_mut(audit_id, *run_id, *stage)
                    && matches!(slot, Slot::Running(None))
                {
                    *slot = Slot::Running(Some(job_id));
                }
            }
        }
    }

    /// Records that the job for `ticket` could not start.
    pub fn job_not_started(&mut self, ticket: &Ticket, error: &str) {
        let message = format!("cannot start a background thread: {error}");
        match ticket {
            Ticket::Columns(key) => {
                self.columns.insert(key.clone(), Columns::Failed(message));
            }
            Ticket::Run {
                audit_id,
                run_id,
                stage,
            } => {
                if let Some(slot) = self.slot_mut(audit_id, *run_id, *stage) {
                    *slot = Slot::Done(Err(message));
                }
            }
        }
    }

    /// Called for every finished job before its output (if any) is handed over. Returns `true` when the job
    /// was one this screen cancelled itself, so its cancellation is not worth a notification.
    pub fn job_ended(&mut self, job_id: u64, cancelled: bool) -> bool {
        let superseded = self.superseded.remove(&job_id);
        for state in self.columns.values_mut() {
            if matches!(state, Columns::Loading(Some(id)) if *id == job_id) {
                *state = Columns::Failed(if cancelled {
                    "reading the columns was cancelled".to_owned()
                } else {
                    "reading the columns ended without a result".to_owned()
                });
            }
        }
        for run in self.runs.values_mut() {
            for slot in [&mut run.point, &mut run.bootstrap] {
                if slot.job_id() == Some(job_id) {
                    *slot = if cancelled {
                        Slot::Cancelled
                    } else {
                        Slot::Done(Err("the audit ended without a result".to_owned()))
                    };
                }
            }
        }
        superseded
    }

    /// Takes a job's output; may ask for the next job (the bootstrap after the point estimates).
    pub fn job_output(&mut self, output: FairnessJobOutput) -> FairnessActions {
        let mut actions = FairnessActions::default();
        match output {
            FairnessJobOutput::Columns { key, columns } => {
                let state = match columns {
                    Ok(columns) => Columns::Ready(Arc::new(columns)),
                    Err(e) => Columns::Failed(e),
                };
                self.columns.insert(key, state);
            }
            FairnessJobOutput::Audit {
                audit_id,
                run_id,
                stage,
                outcome,
            } => {
                let Some(run) = self.runs.get_mut(&audit_id) else {
                    return actions;
                };
                if run.run_id != run_id {
                    return actions;
                }
                let succeeded = outcome.is_ok();
                match stage {
                    Stage::Point => run.point = Slot::Done(outcome),
                    Stage::Bootstrap => run.bootstrap = Slot::Done(outcome),
                }
                let resamples = run.input.resamples();
                if stage == Stage::Point && succeeded && resamples > 0 {
                    run.bootstrap = Slot::Running(None);
                    actions.jobs.push(audit_job(
                        &run.name,
                        &audit_id,
                        run_id,
                        Stage::Bootstrap,
                        &run.input,
                    ));
                }
            }
        }
        actions
    }

    fn slot_mut(&mut self, audit_id: &str, run_id: u64, stage: Stage) -> Option<&mut Slot> {
        let run = self.runs.get_mut(audit_id)?;
        if run.run_id != run_id {
            return None;
        }
        Some(match stage {
            Stage::Point => &mut run.point,
            Stage::Bootstrap => &mut run.bootstrap,
        })
    }

    /// Starts a new run of `audit` (replacing and cancelling a previous one still running).
    fn start_run(&mut self, audit: &SavedAudit, input: RunInput, actions: &mut FairnessActions) {
        if let Some(old) = self.runs.get(&audit.audit_id) {
            for job_id in old.job_ids() {
                self.superseded.insert(job_id);
                actions.cancel.push(job_id);
            }
        }
        self.next_run_id += 1;
        let run_id = self.next_run_id;
        actions.jobs.push(audit_job(
            &audit.name,
            &audit.audit_id,
            run_id,
            Stage::Point,
            &input,
        ));
        // The bootstrap job starts when the point estimates are in (see `job_output`).
        self.runs.insert(
            audit.audit_id.clone(),
            AuditRun {
                run_id,
                name: audit.name.clone(),
                input,
                point: Slot::Running(None),
                bootstrap: Slot::Off,
            },
        );
    }
}

/// The job that runs one stage of an audit.
fn audit_job(
    audit_name: &str,
    audit_id: &str,
    run_id: u64,
    stage: Stage,
    input: &RunInput,
) -> FairnessJob {
    let mut spec = input.spec.clone();
    let name = match stage {
        Stage::Point => {
            spec.bootstrap = None;
            format!("Auditing {audit_name}")
        }
        Stage::Bootstrap => {
            let resamples = input.resamples();
            spec.bootstrap = Some(resamples);
            format!(
                "Bootstrap intervals for {audit_name} ({} resamples)",
                format_count(f64::from(resamples))
            )
        }
    };
    let path = input.path.clone();
    let settings = input.settings.clone();
    let audit_id = audit_id.to_owned();
    FairnessJob {
        name,
        ticket: Ticket::Run {
            audit_id: audit_id.clone(),
            run_id,
            stage,
        },
        work: Box::new(move |control| {
            let outcome = run_audit(&path, &spec, &settings, control)
                .map(Arc::new)
                .map_err(|e| e.to_string());
            Ok(FairnessJobOutput::Audit {
                audit_id,
                run_id,
                stage,
                outcome,
            })
        }),
    }
}

/// The job that reads a dataset's columns.
fn columns_job(key: ColumnsKey, dataset_name: &str) -> FairnessJob {
    let job_key = key.clone();
    FairnessJob {
        name: format!("Reading the columns of {dataset_name}"),
        ticket: Ticket::Columns(key),
        work: Box::new(move |control| {
            let columns = read_column_summaries(&job_key.path, control).map_err(|e| e.to_string());
            Ok(FairnessJobOutput::Columns {
                key: job_key,
                columns,
            })
        }),
    }
}

// ------------------------------------------------------------------------------------------------------------
// Pure helpers: formatting, sorting, names

/// A number with `decimals` decimals, never "-0.00".
fn fixed(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    if text.starts_with('-') && text.trim_start_matches(['-', '0', '.']).is_empty() {
        text[1..].to_owned()
    } else {
        text
    }
}

/// A number with two decimals, never "-0.00".
fn fixed2(x: f64) -> String {
    fixed(x, 2)
}

/// An estimate with its interval, as in the tables: `0.45 [0.41, 0.49]`, or `0.45` without one.
///
/// ```
/// use riskbench::ui::fairness::format_estimate;
/// assert_eq!(format_estimate(0.4512, Some([0.41, 0.4888])), "0.45 [0.41, 0.49]");
/// assert_eq!(format_estimate(0.5, None), "0.50");
/// ```
#[must_use]
pub fn format_estimate(value: f64, interval: Option<Interval>) -> String {
    // Two decimals, or four when everything is that small (entropy indices, tiny differences).
    let largest = interval
        .into_iter()
        .flatten()
        .chain([value])
        .map(f64::abs)
        .fold(0.0, f64::max);
    let decimals = if largest > 0.0 && largest < 0.01 {
        4
    } else {
        2
    };
    match interval {
        Some([low, high]) => format!(
            "{} [{}, {}]",
            fixed(value, decimals),
            fixed(low, decimals),
            fixed(high, decimals)
        ),
        None => fixed(value, decimals),
    }
}

/// A count: whole numbers with thousands separators (`1,000`), weighted sums with one decimal (`12,345.7`).
///
/// ```
/// use riskbench::ui::fairness::format_count;
/// assert_eq!(format_count(1234567.0), "1,234,567");
/// assert_eq!(format_count(181960.84), "181,960.8");
/// ```
#[must_use]
pub fn format_count(value: f64) -> String {
    if !value.is_finite() || value.abs() >= 1e15 {
        return value.to_string();
    }
    let whole_number = value.fract() == 0.0;
    let text = if whole_number {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    let (sign, unsigned) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |rest| ("-", rest));
    let (digits, decimals) = unsigned
        .split_once('.')
        .map_or((unsigned, None), |(d, f)| (d, Some(f)));
    let mut out = String::with_capacity(text.len() + digits.len() / 3);
    out.push_str(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(decimals) = decimals {
        out.push('.');
        out.push_str(decimals);
    }
    out
}

/// A confidence level as a percentage: `95%`, `99.9%`.
fn percent(level: f64) -> String {
    let text = format!("{:.1}", level * 100.0);
    format!("{}%", text.strip_suffix(".0").unwrap_or(&text))
}

/// The positions `0..len` ordered by `key` (ascending or descending); positions without a value come last
/// either way, and ties keep their order.
///
/// ```
/// use riskbench::ui::fairness::sort_order;
/// let values = [Some(0.3), None, Some(0.1)];
/// assert_eq!(sort_order(3, true, |i| values[i]), [2, 0, 1]);
/// assert_eq!(sort_order(3, false, |i| values[i]), [0, 2, 1]);
/// ```
#[must_use]
pub fn sort_order(len: usize, ascending: bool, key: impl Fn(usize) -> Option<f64>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| match (key(a), key(b)) {
        (Some(x), Some(y)) => {
            if ascending {
                x.total_cmp(&y)
            } else {
                y.total_cmp(&x)
            }
        }
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    order
}

/// The first letter in upper case.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A metric's name for headings: "Selection rate", "TPR", "n".
#[must_use]
pub fn metric_title(metric: Metric) -> String {
    match metric {
        Metric::Count => "n".to_owned(),
        other => capitalize(other.short_label()),
    }
}

/// A metric's heading in the group table: short for the denominators, so the rates fit beside them.
fn table_heading(metric: Metric) -> String {
    match metric {
        Metric::Positives => "Actual +".to_owned(),
        Metric::Negatives => "Actual −".to_owned(),
        Metric::PredictedPositives => "Predicted +".to_owned(),
        other => metric_title(other),
    }
}

/// What a metric is, for tooltips.
fn metric_definition(metric: Metric) -> &'static str {
    match metric {
        Metric::Count => "Rows in the group (never weighted)",
        Metric::TruePositives => "Actual positives predicted positive",
        Metric::FalsePositives => "Actual negatives predicted positive",
        Metric::TrueNegatives => "Actual negatives predicted negative",
        Metric::FalseNegatives => "Actual positives predicted negative",
        Metric::Positives => "Actual positives: TP + FN (weighted)",
        Metric::Negatives => "Actual negatives: TN + FP (weighted)",
        Metric::PredictedPositives => "Predicted positives: TP + FP (weighted)",
        Metric::PredictedNegatives => "Predicted negatives: TN + FN (weighted)",
        Metric::SelectionRate => {
            "(TP + FP) / n: the share predicted positive (Fairlearn selection_rate, Aequitas PPREV)"
        }
        Metric::Ppr => {
            "(TP + FP) / all predicted positives: the group's share of positive decisions"
        }
        Metric::BaseRate => "(TP + FN) / n: the share of actual positives (prevalence)",
        Metric::Accuracy => "(TP + TN) / n",
        Metric::TruePositiveRate => "TP / (TP + FN): actual positives predicted positive (recall)",
        Metric::FalsePositiveRate => "FP / (FP + TN): actual negatives predicted positive",
        Metric::TrueNegativeRate => "TN / (TN + FP): actual negatives predicted negative",
        Metric::FalseNegativeRate => "FN / (FN + TP): actual positives predicted negative",
        Metric::Precision => "TP / (TP + FP): predicted positives that are actual positives (PPV)",
        Metric::Npv => "TN / (TN + FN): predicted negatives that are actual negatives",
        Metric::FalseDiscoveryRate => {
            "FP / (TP + FP): predicted positives that are actual negatives"
        }
        Metric::FalseOmissionRate => {
            "FN / (FN + TN): predicted negatives that are actual positives"
        }
        Metric::BalancedAccuracy => "(TPR + TNR) / 2",
        Metric::MeanScore => "Mean of the score (weighted with weights)",
    }
}

/// A summary metric's name for headings.
fn summary_title(metric: SummaryMetric) -> &'static str {
    match metric {
        SummaryMetric::DemographicParityDifference => "Demographic parity difference",
        SummaryMetric::DemographicParityRatio => "Demographic parity ratio",
        SummaryMetric::EqualizedOddsDifference => "Equalized odds difference",
        SummaryMetric::EqualizedOddsRatio => "Equalized odds ratio",
        SummaryMetric::EqualizedOddsDifferenceMean => "Equalized odds difference (mean)",
        SummaryMetric::EqualizedOddsRatioMean => "Equalized odds ratio (mean)",
        SummaryMetric::EqualOpportunityDifference => "Equal opportunity difference",
        SummaryMetric::EqualOpportunityRatio => "Equal opportunity ratio",
        SummaryMetric::TheilIndex => "Theil index",
        SummaryMetric::GeneralizedEntropyIndex => "Generalized entropy index",
        SummaryMetric::BetweenGroupTheilIndex => "Between-group Theil index",
        SummaryMetric::BetweenGroupGeneralizedEntropyIndex => {
            "Between-group generalized entropy index"
        }
    }
}

/// A reference metric's name for headings.
fn reference_metric_title(metric: ReferenceMetric) -> &'static str {
    match metric {
        ReferenceMetric::DisparateImpact => "Disparate impact",
        ReferenceMetric::StatisticalParityDifference => "Statistical parity difference",
        ReferenceMetric::AverageOddsDifference => "Average odds difference",
        ReferenceMetric::EqualOpportunityDifference => "Equal opportunity difference",
    }
}

/// A disparity kind's name for headings.
fn disparity_title(kind: DisparityKind) -> &'static str {
    match kind {
        DisparityKind::DifferenceBetweenGroups => "Difference between groups",
        DisparityKind::RatioBetweenGroups => "Ratio between groups",
        DisparityKind::DifferenceToOverall => "Difference to overall",
        DisparityKind::RatioToOverall => "Ratio to overall",
        DisparityKind::DifferenceToReference => "Difference to reference",
        DisparityKind::RatioToReference => "Ratio to reference",
    }
}

/// A check's name in plain words: `four_fifths_false_negative_rate` → "Four-fifths rule: FNR".
///
/// ```
/// use riskbench::ui::fairness::check_title;
/// assert_eq!(check_title("four_fifths_selection_rate"), "Four-fifths rule: selection rate");
/// assert_eq!(check_title("demographic_parity_ratio"), "Demographic parity ratio");
/// ```
#[must_use]
pub fn check_title(name: &str) -> String {
    if let Some(metric) = name.strip_prefix("four_fifths_")
        && let Some(m) = Metric::ALL.iter().find(|m| m.name() == metric)
    {
        return format!("Four-fifths rule: {}", m.short_label());
    }
    match name {
        "type_i_parity" => return "Type I parity (FDR and FPR)".to_owned(),
        "type_ii_parity" => return "Type II parity (FOR and FNR)".to_owned(),
        "equalized_odds_parity" => return "Equalized odds parity (FPR and TPR)".to_owned(),
        "unsupervised_fairness" => {
            return "Unsupervised fairness (selection rate and PPR)".to_owned();
        }
        "supervised_fairness" => {
            return "Supervised fairness (Type I and Type II parity)".to_owned();
        }
        _ => {}
    }
    if let Some(s) = SummaryMetric::ALL.iter().find(|s| s.name() == name) {
        return summary_title(*s).to_owned();
    }
    capitalize(&name.replace('_', " "))
}

/// A group as shown: its values, `female` or `female, over_25`.
#[must_use]
pub fn group_label(group: &GroupKey) -> String {
    group
        .0
        .iter()
        .map(|(_, v)| v.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a result audits: `sex` or `sex × age_group`.
fn result_title(result: &AuditResult) -> String {
    result.sensitive.join(" × ")
}

/// What is missing before an audit can run, in plain words (empty when it can run).
///
/// ```
/// use riskbench::model::audit::AuditSpec;
/// use riskbench::ui::fairness::spec_problems;
/// let spec = AuditSpec { label: "y".into(), prediction: Some("p".into()), sensitive: vec!["sex".into()],
///     ..AuditSpec::default() };
/// assert!(spec_problems(&spec).is_empty());
/// assert_eq!(spec_problems(&AuditSpec::default()).len(), 3);
/// ```
#[must_use]
pub fn spec_problems(spec: &AuditSpec) -> Vec<String> {
    let mut problems = Vec::new();
    if spec.label.trim().is_empty() {
        problems.push("choose the label column".to_owned());
    }
    match (&spec.prediction, &spec.score, spec.threshold) {
        (Some(p), None, None) if !p.trim().is_empty() => {}
        (None, Some(s), Some(t)) if !s.trim().is_empty() && t.is_finite() => {}
        (None, None, Some(_)) => problems.push("choose the score column".to_owned()),
        (None, Some(_), None) => problems.push("give the decision threshold".to_owned()),
        _ => problems.push("choose the prediction column, or a score and a threshold".to_owned()),
    }
    if spec.sensitive.is_empty() {
        problems.push("choose at least one sensitive column".to_owned());
    }
    problems
}

/// Counts of passed, failed and undecided checks with this name.
///
/// ```
/// use riskbench::analysis::fairness::Check;
/// use riskbench::ui::fairness::check_counts;
/// let check = |pass| Check { name: "x".into(), group: None, value: None, pass, rule: String::new(),
///     reason: None };
/// assert_eq!(check_counts(&[check(Some(true)), check(Some(false)), check(None)], "x"), (1, 1, 1));
/// ```
#[must_use]
pub fn check_counts(checks: &[Check], name: &str) -> (usize, usize, usize) {
    checks
        .iter()
        .filter(|c| c.name == name)
        .fold((0, 0, 0), |(p, f, u), c| match c.pass {
            Some(true) => (p + 1, f, u),
            Some(false) => (p, f + 1, u),
            None => (p, f, u + 1),
        })
}

fn find_check<'a>(
    result: &'a AuditResult,
    name: &str,
    group: Option<&GroupKey>,
) -> Option<&'a Check> {
    result
        .checks
        .iter()
        .find(|c| c.name == name && c.group.as_ref() == group)
}

/// The reference group of a metric (per metric with the `best` rule).
fn reference_group(result: &AuditResult, metric: Metric) -> Option<&GroupKey> {
    result
        .reference
        .by_metric
        .get(&metric)
        .or(result.reference.group.as_ref())
}

/// A bootstrap interval when there is one, else a Wilson interval; `true` for bootstrap.
fn interval_of(
    ci: &BTreeMap<Metric, Interval>,
    wilson: &BTreeMap<Metric, Interval>,
    metric: Metric,
) -> Option<(Interval, bool)> {
    ci.get(&metric)
        .map(|i| (*i, true))
        .or_else(|| wilson.get(&metric).map(|i| (*i, false)))
}

fn metric_of(values: &BTreeMap<Metric, Option<MetricValue>>, metric: Metric) -> Option<f64> {
    values
        .get(&metric)
        .copied()
        .flatten()
        .map(MetricValue::as_f64)
}

#[expect(clippy::cast_precision_loss, reason = "a chart position")]
fn position(i: usize) -> f64 {
    i as f64
}

// ------------------------------------------------------------------------------------------------------------
// Drawing

/// How an edit of the audit should reach the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
enum Change {
    #[default]
    None,
    /// Typing or dragging: one undo step when the user stops.
    Live,
    /// A click: one undo step at once.
    Discrete,
}

impl Change {
    fn live(&mut self, response: &egui::Response) {
        if response.changed() {
            *self = (*self).max(Change::Live);
        }
    }

    fn discrete(&mut self) {
        *self = Change::Discrete;
    }
}

/// Draws the fairness screen; returns the jobs to start or cancel.
pub fn fairness_ui(
    ui: &mut Ui,
    screen: &mut FairnessScreen,
    doc: &mut Document,
) -> FairnessActions {
    let mut actions = FairnessActions::default();
    ui.label(
        "Compare a model's decisions across groups with the metrics of Fairlearn, AIF360 and Aequitas, checked \
         against the fairness thresholds in Govern › Settings. Audits are saved in the project; their results \
         are computed on the dataset file and kept while the app runs.",
    );
    ui.add_space(6.0);
    {
        let audits = &doc.project().audits;
        let valid = screen
            .selected
            .as_ref()
            .is_some_and(|id| audits.iter().any(|a| &a.audit_id == id));
        if !valid {
            screen.selected = audits.first().map(|a| a.audit_id.clone());
        }
    }
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(230.0);
            audit_list_ui(ui, screen, doc);
        });
        // Not a separator: in a scroll area it would take all the height there is.
        ui.add_space(18.0);
        ui.vertical(|ui| {
            let index = screen
                .selected
                .as_ref()
                .and_then(|id| doc.project().audits.iter().position(|a| &a.audit_id == id));
            match index {
                Some(index) => editor_ui(ui, screen, doc, index, &mut actions),
                None => {
                    ui.label(
                        RichText::new(
                            "No fairness audit yet. Create one with \"New audit\": choose a dataset, its label \
                             and prediction columns and the sensitive columns to compare.",
                        )
                        .weak(),
                    );
                }
            }
        });
    });
    let Some(audit) = screen
        .selected
        .as_ref()
        .and_then(|id| doc.project().audits.iter().find(|a| &a.audit_id == id))
        .cloned()
    else {
        return actions;
    };
    let base = base_dir(doc);
    let input = RunInput::of(doc.project(), &base, &audit);
    rerun_when_settled(ui, screen, &audit, input.as_ref(), &mut actions);
    ui.add_space(8.0);
    ui.separator();
    results_ui(ui, screen, doc.project(), &audit, input.as_ref());
    if let Some(risk) = screen.new_risk.take() {
        let risk_id = risk.risk_id.clone();
        doc.edit(|p| p.risks.push(risk));
        actions.show_risk = Some(risk_id);
    }
    actions
}

/// The folder dataset paths are relative to.
fn base_dir(doc: &Document) -> PathBuf {
    doc.base_dir()
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}

/// Re-runs an audit that ran before once its settings (or its dataset, or the project's thresholds) have
/// changed and then stayed the same for [`RERUN_AFTER`].
fn rerun_when_settled(
    ui: &Ui,
    screen: &mut FairnessScreen,
    audit: &SavedAudit,
    input: Option<&RunInput>,
    actions: &mut FairnessActions,
) {
    let Some(input) = input else {
        screen.watching = None;
        return;
    };
    let now = Instant::now();
    let seen_since = match &screen.watching {
        Some((id, seen, since)) if *id == audit.audit_id && seen == input => *since,
        _ => {
            screen.watching = Some((audit.audit_id.clone(), input.clone(), now));
            now
        }
    };
    let Some(run) = screen.runs.get(&audit.audit_id) else {
        return;
    };
    if run.input == *input || !spec_problems(&input.spec).is_empty() {
        return;
    }
    let settled = now.duration_since(seen_since);
    if settled >= RERUN_AFTER {
        screen.start_run(audit, input.clone(), actions);
    } else {
        ui.ctx()
            .request_repaint_after(RERUN_AFTER.saturating_sub(settled));
    }
}

fn audit_list_ui(ui: &mut Ui, screen: &mut FairnessScreen, doc: &mut Document) {
    ui.label(RichText::new("Saved audits").strong());
    let mut select = None;
    for audit in &doc.project().audits {
        let selected = screen.selected.as_deref() == Some(audit.audit_id.as_str());
        let dataset = doc
            .project()
            .dataset(&audit.dataset_id)
            .map_or("no dataset", |d| d.name.as_str());
        let mut text = audit.name.clone();
        if text.trim().is_empty() {
            text = format!("({})", audit.audit_id);
        }
        if ui
            .selectable_label(selected, text)
            .on_hover_text(format!("On {dataset}"))
            .clicked()
        {
            select = Some(audit.audit_id.clone());
        }
    }
    if let Some(id) = select {
        screen.selected = Some(id);
    }
    ui.add_space(6.0);
    let has_datasets = !doc.project().datasets.is_empty();
    ui.horizontal_wrapped(|ui| {
        let new = ui
            .add_enabled(has_datasets, egui::Button::new("New audit"))
            .on_disabled_hover_text("Add a dataset first (Map › Datasets)");
        if new.clicked() {
            let audit_id = doc.edit(|p| {
                let audit_id = next_audit_id(&p.audits);
                let dataset_id = p
                    .datasets
                    .first()
                    .map(|d| d.dataset_id.clone())
                    .unwrap_or_default();
                // Start from the column roles chosen for the dataset (Map › Datasets).
                let spec = p
                    .datasets
                    .first()
                    .map(super::dataset_columns::audit_spec_from_roles)
                    .unwrap_or_default();
                p.audits.push(SavedAudit {
                    audit_id: audit_id.clone(),
                    name: unique_audit_name(&p.audits, NEW_AUDIT_NAME),
                    dataset_id,
                    spec,
                });
                audit_id
            });
            screen.selected = Some(audit_id);
        }
        let selected = screen.selected.clone();
        if let Some(id) = selected {
            if ui
                .button("Duplicate")
                .on_hover_text("A copy of this audit, to vary its choices")
                .clicked()
            {
                let copy_id = doc.edit(|p| {
                    let original = p.audits.iter().find(|a| a.audit_id == id).cloned()?;
                    let audit_id = next_audit_id(&p.audits);
                    let name = unique_audit_name(&p.audits, &format!("{} (copy)", original.name));
                    p.audits.push(SavedAudit {
                        audit_id: audit_id.clone(),
                        name,
                        ..original
                    });
                    Some(audit_id)
                });
                if copy_id.is_some() {
                    screen.selected = copy_id;
                }
            }
            if ui
                .button("Delete")
                .on_hover_text("Remove this audit from the project (Edit › Undo brings it back)")
                .clicked()
            {
                doc.edit(|p| p.audits.retain(|a| a.audit_id != id));
                screen.selected = None;
            }
        }
    });
}

/// The audit's columns and choices, and the run button.
fn editor_ui(
    ui: &mut Ui,
    screen: &mut FairnessScreen,
    doc: &mut Document,
    index: usize,
    actions: &mut FairnessActions,
) {
    let base = base_dir(doc);
    let project = doc.project();
    let Some(original) = project.audits.get(index).cloned() else {
        return;
    };
    let settings = project.settings.fairness.clone();
    let datasets: Vec<(String, String)> = project
        .datasets
        .iter()
        .map(|d| (d.dataset_id.clone(), d.name.clone()))
        .collect();
    let dataset = project.dataset(&original.dataset_id);
    let key = dataset.map(|d| ColumnsKey {
        path: file::resolve_path(&d.path, &base),
        sha256: d.sha256.clone(),
    });
    if let (Some(key), Some(d)) = (&key, dataset)
        && !screen.columns.contains_key(key)
    {
        screen.columns.insert(key.clone(), Columns::Loading(None));
        actions.jobs.push(columns_job(key.clone(), &d.name));
    }
    let dataset_name = dataset.map(|d| d.name.clone());
    let columns: Option<Arc<Vec<ColumnSummary>>> =
        match key.as_ref().and_then(|k| screen.columns.get(k)) {
            Some(Columns::Ready(c)) => Some(Arc::clone(c)),
            _ => None,
        };
    let columns_note = match key.as_ref().and_then(|k| screen.columns.get(k)) {
        Some(Columns::Loading(_)) => Some((false, "Reading the dataset's columns…".to_owned())),
        Some(Columns::Failed(e)) => Some((
            true,
            format!("Cannot read the dataset's columns ({e}); type the column names instead."),
        )),
        Some(Columns::Ready(_)) => None,
        None => Some((
            true,
            "This audit's dataset is not in the project: choose one.".to_owned(),
        )),
    };

    let mut draft = original.clone();
    let mut change = Change::None;
    let id = original.audit_id.clone();
    let columns = columns.as_deref().map(Vec::as_slice);

    let settings_header = egui::CollapsingHeader::new("Audit settings")
        .id_salt("fairness_audit_settings")
        .default_open(true);
    settings_header.show(ui, |ui| {
        // Two columns of settings side by side when there is room, one below the other otherwise.
        let layout = if ui.available_width() >= 1150.0 {
            Layout::left_to_right(Align::Min)
        } else {
            Layout::top_down(Align::Min)
        };
        ui.with_layout(layout, |ui| {
            egui::Grid::new(("fairness_editor_data", &id))
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    let label = ui.label("Audit name");
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut draft.name)
                                .id_salt(("fairness_audit_name", &id))
                                .desired_width(260.0),
                        )
                        .labelled_by(label.id);
                    change.live(&r);
                    ui.end_row();

                    let label = ui.label("Dataset");
                    let selected = datasets
                        .iter()
                        .find(|(d, _)| *d == draft.dataset_id)
                        .map_or("Choose a dataset", |(_, name)| name.as_str());
                    egui::ComboBox::from_id_salt(("fairness_dataset", &id))
                        .selected_text(selected)
                        .width(260.0)
                        .show_ui(ui, |ui| {
                            for (dataset_id, name) in &datasets {
                                if ui
                                    .selectable_label(draft.dataset_id == *dataset_id, name)
                                    .clicked()
                                    && draft.dataset_id != *dataset_id
                                {
                                    draft.dataset_id.clone_from(dataset_id);
                                    change.discrete();
                                }
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();

                    let label = ui.label("Label column");
                    let mut label_col =
                        (!draft.spec.label.is_empty()).then(|| draft.spec.label.clone());
                    column_choice_ui(
                        ui,
                        ("fairness_label", &id),
                        label.id,
                        &mut label_col,
                        None,
                        columns,
                        |_| true,
                        &mut change,
                    );
                    draft.spec.label = label_col.unwrap_or_default();
                    ui.end_row();

                    let label = ui.label("Positive label value");
                    let values = column_values(columns, &draft.spec.label);
                    value_choice_ui(
                        ui,
                        ("fairness_positive", &id),
                        label.id,
                        &mut draft.spec.positive,
                        "Automatic (1 or true)",
                        values,
                        &mut change,
                    );
                    ui.end_row();

                    ui.label("Predictions");
                    let score_mode = draft.spec.prediction.is_none()
                        && (draft.spec.score.is_some() || draft.spec.threshold.is_some());
                    ui.horizontal(|ui| {
                        if ui
                            .radio(!score_mode, "Prediction column")
                            .on_hover_text("A column of predicted labels")
                            .clicked()
                            && score_mode
                        {
                            draft.spec.score = None;
                            draft.spec.threshold = None;
                            change.discrete();
                        }
                        if ui.radio(score_mode, "Score and threshold").clicked() && !score_mode {
                            draft.spec.prediction = None;
                            draft.spec.pred_positive = None;
                            draft.spec.threshold = Some(0.5);
                            change.discrete();
                        }
                    });
                    ui.end_row();

                    if score_mode {
                        let label = ui.label("Score column");
                        column_choice_ui(
                            ui,
                            ("fairness_score", &id),
                            label.id,
                            &mut draft.spec.score,
                            None,
                            columns,
                            |c| c.numeric,
                            &mut change,
                        );
                        ui.end_row();
                        let label = ui.label("Threshold");
                        ui.horizontal(|ui| {
                            if let Some(t) = &mut draft.spec.threshold {
                                let r = ui
                                    .add(egui::DragValue::new(t).speed(0.01).max_decimals(4))
                                    .labelled_by(label.id);
                                change.live(&r);
                            } else if ui.button("Set a threshold").clicked() {
                                draft.spec.threshold = Some(0.5);
                                change.discrete();
                            }
                            ui.label(
                                RichText::new("Predicted positive when score ≥ threshold").weak(),
                            );
                        });
                        ui.end_row();
                    } else {
                        let label = ui.label("Prediction column");
                        column_choice_ui(
                            ui,
                            ("fairness_prediction", &id),
                            label.id,
                            &mut draft.spec.prediction,
                            None,
                            columns,
                            |_| true,
                            &mut change,
                        );
                        ui.end_row();
                        let label = ui.label("Positive prediction value");
                        let values = draft
                            .spec
                            .prediction
                            .as_deref()
                            .and_then(|p| column_values(columns, p));
                        value_choice_ui(
                            ui,
                            ("fairness_pred_positive", &id),
                            label.id,
                            &mut draft.spec.pred_positive,
                            "Same as the label's",
                            values,
                            &mut change,
                        );
                        ui.end_row();
                    }
                });
            ui.add_space(16.0);
            egui::Grid::new(("fairness_editor_groups", &id))
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    ui.label("Sensitive columns");
                    sensitive_ui(ui, &id, &mut draft.spec, columns, &mut change);
                    ui.end_row();

                    ui.label("");
                    let mut intersect = draft.spec.intersect;
                    let r = ui
                        .add_enabled(
                            draft.spec.sensitive.len() >= 2,
                            egui::Checkbox::new(&mut intersect, "Also audit their combination"),
                        )
                        .on_hover_text(
                            "Intersectional groups: every observed combination of the values",
                        );
                    if r.changed() {
                        draft.spec.intersect = intersect;
                        change.discrete();
                    }
                    ui.end_row();

                    for column in draft.spec.sensitive.clone() {
                        let label = ui.label(format!("Reference for {column}"));
                        reference_choice_ui(
                            ui,
                            ("fairness_reference", &id, &column),
                            label.id,
                            &mut draft.spec.reference,
                            &column,
                            column_values(columns, &column),
                            &mut change,
                        );
                        ui.end_row();
                    }

                    let label = ui.label("Weight column");
                    column_choice_ui(
                        ui,
                        ("fairness_weight", &id),
                        label.id,
                        &mut draft.spec.weight,
                        Some("None"),
                        columns,
                        |c| c.numeric,
                        &mut change,
                    );
                    ui.end_row();

                    optional_number_ui(
                        ui,
                        "Minimum group size",
                        &mut draft.spec.min_group,
                        settings.min_group_size,
                        1..=10_000_000,
                        &mut change,
                    );
                    optional_number_ui(
                        ui,
                        "Bootstrap resamples",
                        &mut draft.spec.bootstrap,
                        settings.bootstrap_resamples,
                        0..=100_000,
                        &mut change,
                    );
                    optional_number_ui(
                        ui,
                        "Bootstrap seed",
                        &mut draft.spec.seed,
                        settings.bootstrap_seed,
                        0..=u64::MAX,
                        &mut change,
                    );
                });
        });
    });
    if let Some((problem, note)) = columns_note {
        ui.horizontal(|ui| {
            let text = RichText::new(note);
            ui.label(if problem {
                text.color(theme::warn())
            } else {
                text.weak()
            });
            if problem
                && let Some(key) = &key
                && ui.small_button("Read again").clicked()
            {
                screen.columns.remove(key);
            }
        });
    }
    if draft.name.trim().is_empty() {
        ui.label(RichText::new("⚠ Give the audit a name").color(theme::warn()));
    } else if doc
        .project()
        .audits
        .iter()
        .any(|a| a.audit_id != draft.audit_id && a.name == draft.name)
    {
        ui.label(
            RichText::new(
                "⚠ Another audit has this name; names must be unique for `riskbench audit --name`",
            )
            .color(theme::warn()),
        );
    }

    let problems = spec_problems(&draft.spec);
    let input = RunInput::of(doc.project(), &base, &draft);
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let ready = problems.is_empty() && input.is_some();
        let run = ui
            .add_enabled(ready, egui::Button::new("Run audit"))
            .on_hover_text(
                "Per-group metrics with Wilson intervals at once, then bootstrap intervals in the background \
                 (progress and cancel in the status bar)",
            );
        if run.clicked()
            && let Some(input) = input.clone()
        {
            screen.start_run(&draft, input, actions);
        }
        if !problems.is_empty() {
            ui.label(RichText::new(format!("To run: {}", problems.join("; "))).weak());
        } else if let Some(name) = &dataset_name {
            ui.label(RichText::new(format!("On {name}")).weak());
        }
    });

    if draft != original {
        match change {
            Change::Discrete => doc.edit(|p| {
                if let Some(a) = p.audits.get_mut(index) {
                    *a = draft;
                }
            }),
            Change::Live | Change::None => {
                if let Some(a) = doc.project_mut().audits.get_mut(index) {
                    *a = draft;
                }
            }
        }
    }
}

/// The listed values of a column, when known.
fn column_values<'a>(columns: Option<&'a [ColumnSummary]>, name: &str) -> Option<&'a [String]> {
    columns?.iter().find(|c| c.name == name)?.values.as_deref()
}

/// Chooses a column from the dataset's columns (a text field while they are unknown).
#[expect(
    clippy::too_many_arguments,
    reason = "a labelled widget with its options"
)]
fn column_choice_ui(
    ui: &mut Ui,
    salt: impl egui::AsIdSalt,
    label: egui::Id,
    current: &mut Option<String>,
    none_text: Option<&str>,
    columns: Option<&[ColumnSummary]>,
    offer: impl Fn(&ColumnSummary) -> bool,
    change: &mut Change,
) {
    let Some(columns) = columns else {
        let mut text = current.clone().unwrap_or_default();
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id_salt(salt)
                    .desired_width(260.0)
                    .hint_text(none_text.unwrap_or("column name")),
            )
            .labelled_by(label);
        if r.changed() {
            *current = (!text.trim().is_empty()).then_some(text);
            change.live(&r);
        }
        return;
    };
    let known = current
        .as_ref()
        .is_none_or(|c| columns.iter().any(|col| &col.name == c));
    let selected = match current {
        Some(c) if known => RichText::new(c.as_str()),
        Some(c) => RichText::new(format!("{c} (not in the data)")).color(theme::error()),
        None => RichText::new(none_text.unwrap_or("Choose a column")).weak(),
    };
    egui::ComboBox::from_id_salt(salt)
        .selected_text(selected)
        .width(260.0)
        .height(320.0)
        .show_ui(ui, |ui| {
            if let Some(none) = none_text
                && ui.selectable_label(current.is_none(), none).clicked()
                && current.is_some()
            {
                *current = None;
                change.discrete();
            }
            for column in columns.iter().filter(|c| offer(c)) {
                let is_current = current.as_deref() == Some(column.name.as_str());
                if ui.selectable_label(is_current, &column.name).clicked() && !is_current {
                    *current = Some(column.name.clone());
                    change.discrete();
                }
            }
        })
        .response
        .labelled_by(label);
}

/// Chooses a value of a column (a text field when the column has too many values to list).
fn value_choice_ui(
    ui: &mut Ui,
    salt: impl egui::AsIdSalt,
    label: egui::Id,
    current: &mut Option<String>,
    auto_text: &str,
    values: Option<&[String]>,
    change: &mut Change,
) {
    let Some(values) = values else {
        let mut text = current.clone().unwrap_or_default();
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id_salt(salt)
                    .desired_width(260.0)
                    .hint_text(auto_text),
            )
            .labelled_by(label);
        if r.changed() {
            *current = (!text.is_empty()).then_some(text);
            change.live(&r);
        }
        return;
    };
    let selected = match current {
        Some(v) if values.contains(v) => RichText::new(v.as_str()),
        Some(v) => RichText::new(format!("{v} (not in the column)")).color(theme::error()),
        None => RichText::new(auto_text),
    };
    egui::ComboBox::from_id_salt(salt)
        .selected_text(selected)
        .width(260.0)
        .show_ui(ui, |ui| {
            if ui.selectable_label(current.is_none(), auto_text).clicked() && current.is_some() {
                *current = None;
                change.discrete();
            }
            for value in values {
                let is_current = current.as_ref() == Some(value);
                if ui.selectable_label(is_current, value).clicked() && !is_current {
                    *current = Some(value.clone());
                    change.discrete();
                }
            }
        })
        .response
        .labelled_by(label);
}

/// Chooses the reference group of one sensitive column: the largest, the best per metric, or a value.
fn reference_choice_ui(
    ui: &mut Ui,
    salt: impl egui::AsIdSalt,
    label: egui::Id,
    reference: &mut BTreeMap<String, String>,
    column: &str,
    values: Option<&[String]>,
    change: &mut Change,
) {
    const LARGEST: &str = "Largest group";
    const BEST: &str = "Best group per metric";
    let current = reference.get(column).cloned();
    let shown = match current.as_deref() {
        None | Some("largest") => LARGEST.to_owned(),
        Some("best") => BEST.to_owned(),
        Some(v) => v.to_owned(),
    };
    let Some(values) = values else {
        // Too many values to list (or unknown): the rule or a typed value.
        ui.horizontal(|ui| {
            let mut text = current.clone().unwrap_or_default();
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut text)
                        .id_salt(salt)
                        .desired_width(180.0)
                        .hint_text("largest, best or a value"),
                )
                .labelled_by(label);
            if r.changed() {
                if text.trim().is_empty() {
                    reference.remove(column);
                } else {
                    reference.insert(column.to_owned(), text);
                }
                change.live(&r);
            }
        });
        return;
    };
    egui::ComboBox::from_id_salt(salt)
        .selected_text(shown)
        .width(260.0)
        .show_ui(ui, |ui| {
            let largest = matches!(current.as_deref(), None | Some("largest"));
            if ui
                .selectable_label(largest, LARGEST)
                .on_hover_text("The group with the most rows (Aequitas \"maj\")")
                .clicked()
                && !largest
            {
                reference.remove(column);
                change.discrete();
            }
            let best = current.as_deref() == Some("best");
            if ui
                .selectable_label(best, BEST)
                .on_hover_text(
                    "Per metric, the group with the best value (lowest error rate, highest TPR …); the largest \
                     group for metrics with no better direction",
                )
                .clicked()
                && !best
            {
                reference.insert(column.to_owned(), "best".to_owned());
                change.discrete();
            }
            for value in values {
                let is_current = current.as_ref() == Some(value);
                if ui.selectable_label(is_current, value).clicked() && !is_current {
                    reference.insert(column.to_owned(), value.clone());
                    change.discrete();
                }
            }
        })
        .response
        .labelled_by(label);
}

/// The sensitive columns: every column with few enough values to form groups.
fn sensitive_ui(
    ui: &mut Ui,
    id: &str,
    spec: &mut AuditSpec,
    columns: Option<&[ColumnSummary]>,
    change: &mut Change,
) {
    ui.vertical(|ui| {
        let Some(columns) = columns else {
            let mut text = spec.sensitive.join(", ");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut text)
                        .id_salt(("fairness_sensitive_text", id))
                        .desired_width(260.0)
                        .hint_text("sensitive columns, comma-separated"),
                )
                .on_hover_text("Column names separated by commas");
            if r.changed() {
                spec.sensitive = text
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                change.live(&r);
            }
            return;
        };
        // In the file's order, so ticking a column never moves the list (or the Run button) under the mouse.
        let offered: Vec<&ColumnSummary> = columns
            .iter()
            .filter(|c| c.values.is_some() || spec.sensitive.contains(&c.name))
            .collect();
        egui::ScrollArea::vertical()
            .id_salt(("fairness_sensitive", id))
            .max_height(130.0)
            .show(ui, |ui| {
                for column in offered {
                    let mut on = spec.sensitive.contains(&column.name);
                    let count = column.values.as_ref().map_or_else(
                        || "many values".to_owned(),
                        |v| format!("{} values", v.len()),
                    );
                    ui.horizontal(|ui| {
                        if ui.checkbox(&mut on, &column.name).changed() {
                            if on {
                                spec.sensitive.push(column.name.clone());
                            } else {
                                spec.sensitive.retain(|s| *s != column.name);
                                spec.reference.remove(&column.name);
                            }
                            if spec.sensitive.len() < 2 {
                                spec.intersect = false;
                            }
                            change.discrete();
                        }
                        ui.label(RichText::new(count).weak());
                    });
                }
            });
        let missing: Vec<String> = spec
            .sensitive
            .iter()
            .filter(|name| !columns.iter().any(|c| &c.name == *name))
            .cloned()
            .collect();
        if !missing.is_empty() {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("Not in the data: {}", missing.join(", ")))
                        .color(theme::error()),
                );
                if ui.small_button("Remove").clicked() {
                    spec.sensitive
                        .retain(|s| columns.iter().any(|c| &c.name == s));
                    spec.reference.retain(|k, _| spec.sensitive.contains(k));
                    if spec.sensitive.len() < 2 {
                        spec.intersect = false;
                    }
                    change.discrete();
                }
            });
        }
        ui.add_space(2.0);
        ui.label(
            RichText::new(format!(
                "Columns with more than {MAX_LISTED_VALUES} distinct values are not offered"
            ))
            .weak()
            .small(),
        );
    });
}

/// A number that defaults to the project's setting.
fn optional_number_ui<T>(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<T>,
    default: T,
    range: std::ops::RangeInclusive<T>,
    change: &mut Change,
) where
    T: egui::emath::Numeric + std::fmt::Display,
{
    let label = ui.label(label);
    ui.horizontal(|ui| {
        let mut use_default = value.is_none();
        if ui
            .checkbox(&mut use_default, format!("Project setting ({default})"))
            .changed()
        {
            *value = if use_default { None } else { Some(default) };
            change.discrete();
        }
        if let Some(v) = value {
            let r = ui
                .add(egui::DragValue::new(v).range(range))
                .labelled_by(label.id);
            change.live(&r);
        }
    });
    ui.end_row();
}

// ------------------------------------------------------------------------------------------------------------
// Results

fn results_ui(
    ui: &mut Ui,
    screen: &mut FairnessScreen,
    project: &Project,
    audit: &SavedAudit,
    input: Option<&RunInput>,
) {
    ui.label(RichText::new("Results").strong().size(16.0));
    let Some(run) = screen.runs.get(&audit.audit_id) else {
        ui.label(
            RichText::new("Not run yet. \"Run audit\" computes the metrics of every group on the dataset file.")
                .weak(),
        );
        return;
    };
    let level = percent(run.input.settings.confidence_level);
    let resamples = format_count(f64::from(run.input.resamples()));
    match (&run.point, &run.bootstrap) {
        (Slot::Running(_), _) => {
            ui.label("Computing the per-group metrics…");
        }
        (Slot::Done(Err(e)), _) => {
            ui.label(RichText::new(format!("The audit could not run: {e}")).color(theme::error()));
        }
        (Slot::Cancelled, _) => {
            ui.label(RichText::new("The audit was cancelled").color(theme::warn()));
        }
        (_, Slot::Running(_)) => {
            ui.label(format!(
                "Intervals: {level} Wilson score intervals for now; the stratified bootstrap ({resamples} \
                 resamples) is running (progress in the status bar)…"
            ));
        }
        (_, Slot::Done(Err(e))) => {
            ui.label(
                RichText::new(format!(
                    "The bootstrap could not run ({e}); intervals are {level} Wilson score intervals"
                ))
                .color(theme::warn()),
            );
        }
        (_, Slot::Cancelled) => {
            ui.label(
                RichText::new(format!(
                    "Bootstrap cancelled: intervals are {level} Wilson score intervals"
                ))
                .color(theme::warn()),
            );
        }
        (_, Slot::Off) => {
            ui.label(format!(
                "Intervals: {level} Wilson score intervals (this audit has no bootstrap)"
            ));
        }
        (_, Slot::Done(Ok(report))) => {
            match report.results.iter().find_map(|r| r.bootstrap.as_ref()) {
                Some(b) => {
                    ui.label(format!(
                    "Intervals: {} stratified bootstrap ({} resamples within each group, seed {})",
                    percent(b.level),
                    format_count(position(b.resamples)),
                    b.seed
                ))
                .on_hover_text(&b.method);
                }
                None => {
                    ui.label(format!("Intervals: {level} Wilson score intervals"));
                }
            }
        }
    }
    let Some((report, _)) = run.report() else {
        return;
    };
    let report = Arc::clone(report);
    let run_input = run.input.clone();
    if input.is_some_and(|i| *i != run_input) {
        ui.label(
            RichText::new(
                "⚠ The audit's settings, its dataset or the project's thresholds changed since this run; it runs \
                 again when you stop editing",
            )
            .color(theme::warn()),
        );
    }
    if let Some(d) = project.dataset(&run_input.dataset_id)
        && d.sha256 != report.dataset.sha256
    {
        ui.label(
            RichText::new(format!(
                "⚠ Stale: computed on a file whose SHA-256 ({}…) differs from the one recorded for \"{}\" ({}…). \
                 The file changed after it was added; check it in Map › Datasets.",
                report.dataset.sha256.get(..12).unwrap_or(&report.dataset.sha256),
                d.name,
                d.sha256.get(..12).unwrap_or(&d.sha256),
            ))
            .color(theme::error()),
        )
        .on_hover_text(format!(
            "Computed on {}\nRecorded {}",
            report.dataset.sha256, d.sha256
        ));
    }
    rows_summary_ui(ui, &report);
    if report.results.is_empty() {
        return;
    }
    let view = &mut screen.view;
    view.result_index = view.result_index.min(report.results.len() - 1);
    if report.results.len() > 1 {
        ui.horizontal(|ui| {
            ui.label("Groups by");
            for (i, result) in report.results.iter().enumerate() {
                if ui
                    .selectable_label(view.result_index == i, result_title(result))
                    .clicked()
                {
                    view.result_index = i;
                }
            }
        });
    }
    let Some(result) = report.results.get(view.result_index) else {
        return;
    };
    ui.add_space(4.0);
    if let Some(check_index) = findings_ui(ui, project, audit, result) {
        let failed = crate::analysis::findings::FailedCheck {
            result_index: view.result_index,
            check_index,
        };
        screen.new_risk =
            crate::analysis::findings::risk_from_check(project, audit, &report, failed);
        return;
    }
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        for tab in Tab::ALL {
            if ui.selectable_label(view.tab == tab, tab.label()).clicked() {
                view.tab = tab;
            }
        }
    });
    ui.separator();
    let ratio_min = run_input.settings.ratio_min;
    if result.by_group.len() > MAX_GROUPS_DRAWN
        && !matches!(view.tab, Tab::Table | Tab::Differences)
    {
        ui.label(
            RichText::new(format!(
                "Showing the first {MAX_GROUPS_DRAWN} of {} groups; the group table lists them all",
                result.by_group.len()
            ))
            .color(theme::warn()),
        );
    }
    match view.tab {
        Tab::Table => group_table_ui(ui, view, result, &level),
        Tab::Chart => chart_ui(ui, view, result, ratio_min, &level),
        Tab::HeatMap => heat_map_ui(ui, view.result_index, result, ratio_min),
        Tab::Confusion => confusion_ui(ui, view.result_index, result),
        Tab::Summary => summary_ui(ui, view.result_index, result),
        Tab::Tree => tree_ui(ui, &mut view.tree, result),
        Tab::Differences => differences_ui(ui),
    }
}

fn rows_summary_ui(ui: &mut Ui, report: &AuditReport) {
    let rows = &report.rows;
    let mut text = format!(
        "Rows used: {} of {}",
        format_count(position(rows.used)),
        format_count(position(rows.input))
    );
    for (n, why) in [
        (rows.missing_label, "without a label"),
        (rows.missing_prediction, "without a prediction"),
        (rows.missing_score, "without a score"),
    ] {
        if n > 0 {
            let _ = write!(text, "; {} {why}", format_count(position(n)));
        }
    }
    for (column, n) in &rows.missing_sensitive {
        let _ = write!(
            text,
            "; {} with no {column} (the \"(missing)\" group)",
            format_count(position(*n))
        );
    }
    ui.label(RichText::new(text).weak())
        .on_hover_text(format!("Dataset SHA-256 {}", report.dataset.sha256));
}

/// The risk already linked to this check, if any.
fn linked_risk<'a>(
    project: &'a Project,
    audit: &SavedAudit,
    result: &AuditResult,
    check: &Check,
) -> Option<&'a str> {
    let group = check
        .group
        .as_ref()
        .map(crate::analysis::fairness::GroupKey::label)
        .unwrap_or_default();
    project.risks.iter().find_map(|r| {
        r.evidence
            .iter()
            .filter_map(|e| e.check.as_ref())
            .any(|c| {
                c.audit_name == audit.name
                    && c.sensitive == result.sensitive
                    && c.check_name == check.name
                    && c.group == group
            })
            .then_some(r.risk_id.as_str())
    })
}

/// A "Create risk from finding" button for a failed check, or the risk that already tracks it. Returns
/// whether the button was clicked.
fn create_risk_ui(
    ui: &mut Ui,
    project: &Project,
    audit: &SavedAudit,
    result: &AuditResult,
    check: &Check,
) -> bool {
    if let Some(risk_id) = linked_risk(project, audit, result, check) {
        ui.label(RichText::new(format!("tracked as {risk_id}")).weak())
            .on_hover_text("A register risk links this check as evidence");
        return false;
    }
    ui.small_button("Create risk from finding")
        .on_hover_text(
            "Adds a register risk pre-filled with the category, the numbers, the affected groups and a link to              this check (Map › Risk register)",
        )
        .clicked()
}

/// Draws the findings of one result; returns the index of a failed check whose "Create risk from finding"
/// button was clicked.
fn findings_ui(
    ui: &mut Ui,
    project: &Project,
    audit: &SavedAudit,
    result: &AuditResult,
) -> Option<usize> {
    let mut create = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width().min(1100.0));
        ui.label(RichText::new("Findings").strong());
        ui.label(RichText::new(reference_text(result)).weak());
        if result.findings.is_empty() {
            ui.label(
                "No four-fifths check of the selection rate or of an error rate fails for these groups.",
            );
        }
        for finding in &result.findings {
            let check_name = format!("four_fifths_{}", finding.metric.name());
            let check = result.checks.iter().position(|c| {
                c.name == check_name && c.group.as_ref() == Some(&finding.group) && c.pass == Some(false)
            });
            ui.horizontal_top(|ui| {
                ui.label("•");
                ui.add(egui::Label::new(&finding.text).wrap());
                if let Some(i) = check
                    && create_risk_ui(ui, project, audit, result, &result.checks[i])
                {
                    create = Some(i);
                }
            });
        }
        for (i, check) in result.checks.iter().enumerate() {
            if check.group.is_none() && check.pass == Some(false) {
                ui.horizontal(|ui| {
                    ui.label(RichText::new("✗").color(theme::error()));
                    ui.label(format!(
                        "{} = {} fails {}",
                        check.name,
                        check.value.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}")),
                        check.rule
                    ));
                    if create_risk_ui(ui, project, audit, result, check) {
                        create = Some(i);
                    }
                });
            }
        }
        super::verdict_view::verdict_ui(ui, &result.verdict);
    });
    create
}

/// "Reference group: male (a given value)".
fn reference_text(result: &AuditResult) -> String {
    let reference = &result.reference;
    let rule = match reference.rule.as_str() {
        "value" => "a given value",
        "largest" => "the largest group",
        "best" => "the best group of each metric",
        "mixed" => "given values and the largest group",
        other => other,
    };
    match (&reference.group, &reference.note) {
        (Some(group), _) => format!("Reference group: {} ({rule})", group_label(group)),
        (None, Some(note)) => format!("No reference group: {note}"),
        (None, None) => format!("Reference group: {rule}"),
    }
}

/// One row of the group table.
struct TableRow<'a> {
    label: String,
    metrics: &'a BTreeMap<Metric, Option<MetricValue>>,
    undefined: &'a BTreeMap<Metric, String>,
    wilson: &'a BTreeMap<Metric, Interval>,
    ci: &'a BTreeMap<Metric, Interval>,
    notes: Vec<(String, bool)>,
    overall: bool,
}

fn group_row<'a>(result: &'a AuditResult, group: &'a GroupResult) -> TableRow<'a> {
    let mut notes = Vec::new();
    if result.reference.group.as_ref() == Some(&group.group) {
        notes.push(("reference".to_owned(), false));
    }
    if group.small_sample {
        notes.push(("small sample".to_owned(), true));
    }
    if group.group.0.iter().any(|(_, v)| *v == GroupValue::Missing) {
        notes.push(("missing values".to_owned(), false));
    }
    TableRow {
        label: group_label(&group.group),
        metrics: &group.metrics,
        undefined: &group.undefined,
        wilson: &group.wilson,
        ci: &group.ci,
        notes,
        overall: false,
    }
}

fn group_table_ui(ui: &mut Ui, view: &mut View, result: &AuditResult, level: &str) {
    let groups = &result.by_group;
    let order = match view.sort {
        SortColumn::Group => {
            let mut order: Vec<usize> = (0..groups.len()).collect();
            if !view.ascending {
                order.reverse();
            }
            order
        }
        SortColumn::Metric(m) => sort_order(groups.len(), view.ascending, |i| {
            groups.get(i).and_then(|g| g.metric(m))
        }),
    };
    let mut rows: Vec<TableRow<'_>> = order
        .iter()
        .filter_map(|&i| groups.get(i))
        .map(|g| group_row(result, g))
        .collect();
    rows.push(TableRow {
        label: "All rows".to_owned(),
        metrics: &result.overall,
        undefined: &result.overall_undefined,
        wilson: &result.overall_wilson,
        ci: &result.overall_ci,
        notes: Vec::new(),
        overall: true,
    });
    ui.label(
        RichText::new(format!(
            "Rates with their {level} interval [low, high]; click a column heading to sort. \"Insufficient \
             evidence\": the rate's denominator is zero (hover for the reason)."
        ))
        .weak(),
    );
    let mut sort_click = None;
    egui::ScrollArea::horizontal()
        .id_salt(("fairness_table_scroll", view.result_index))
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
        .show(ui, |ui| {
            let mut table = TableBuilder::new(ui)
                .id_salt(("fairness_table", view.result_index))
                .striped(true)
                .vscroll(true)
                .max_scroll_height(560.0)
                .cell_layout(Layout::left_to_right(Align::Center))
                .column(TableColumn::auto().at_least(110.0));
            for _ in COUNT_COLUMNS {
                table = table.column(TableColumn::auto().at_least(50.0));
            }
            for _ in RATE_COLUMNS {
                table = table.column(TableColumn::auto().at_least(96.0));
            }
            table = table.column(TableColumn::auto().at_least(90.0));
            table
                .header(24.0, |mut header| {
                    header.col(|ui| {
                        if sort_header_ui(ui, view, SortColumn::Group, "Group", "The group's values")
                        {
                            sort_click = Some(SortColumn::Group);
                        }
                    });
                    for m in COUNT_COLUMNS.into_iter().chain(RATE_COLUMNS) {
                        header.col(|ui| {
                            let column = SortColumn::Metric(m);
                            if sort_header_ui(ui, view, column, &table_heading(m), metric_definition(m)) {
                                sort_click = Some(column);
                            }
                        });
                    }
                    header.col(|ui| {
                        ui.label(RichText::new("Notes").strong());
                    });
                })
                .body(|body| {
                    // Only the visible rows are laid out: intersections can have many groups.
                    body.rows(22.0, rows.len(), |mut row| {
                        let Some(row_data) = rows.get(row.index()) else {
                            return;
                        };
                            row.col(|ui| {
                                let text = RichText::new(&row_data.label);
                                ui.label(if row_data.overall { text.strong() } else { text });
                            });
                            for m in COUNT_COLUMNS {
                                row.col(|ui| {
                                    let text = metric_of(row_data.metrics, m)
                                        .map_or_else(|| "—".to_owned(), format_count);
                                    ui.label(text);
                                });
                            }
                            for m in RATE_COLUMNS {
                                row.col(|ui| rate_cell_ui(ui, row_data, m, level));
                            }
                            row.col(|ui| {
                                for (note, warn) in &row_data.notes {
                                    let text = RichText::new(note.as_str());
                                    let response = ui.label(if *warn {
                                        text.color(theme::warn())
                                    } else {
                                        text.weak()
                                    });
                                    if *warn {
                                        response.on_hover_text(
                                            "Fewer rows than the minimum group size: treat its rates with \
                                             caution",
                                        );
                                    }
                                }
                            });
                    });
                });
        });
    if let Some(column) = sort_click {
        if view.sort == column {
            view.ascending = !view.ascending;
        } else {
            view.sort = column;
            view.ascending = column == SortColumn::Group;
        }
    }
}

/// A sortable column heading; returns whether it was clicked.
fn sort_header_ui(ui: &mut Ui, view: &View, column: SortColumn, title: &str, hover: &str) -> bool {
    let active = view.sort == column;
    let text = if active {
        format!("{title} {}", if view.ascending { "▲" } else { "▼" })
    } else {
        title.to_owned()
    };
    ui.selectable_label(active, RichText::new(text).strong())
        .on_hover_text(format!("{hover}\nClick to sort"))
        .clicked()
}

fn rate_cell_ui(ui: &mut Ui, row: &TableRow<'_>, metric: Metric, level: &str) {
    match metric_of(row.metrics, metric) {
        Some(value) => {
            let interval = interval_of(row.ci, row.wilson, metric);
            let kind = match interval {
                Some((_, true)) => format!("{level} stratified bootstrap interval"),
                Some((_, false)) => format!("{level} Wilson score interval"),
                None => "no interval".to_owned(),
            };
            ui.label(format_estimate(value, interval.map(|(i, _)| i)))
                .on_hover_text(format!("{}: {value}\n{kind}", metric_title(metric)));
        }
        None => {
            let reason = row
                .undefined
                .get(&metric)
                .map_or("not computed", String::as_str);
            ui.label(RichText::new("insufficient evidence").color(theme::warn()))
                .on_hover_text(format!("{} is undefined: {reason}", metric_title(metric)));
        }
    }
}

/// The status of a bar in the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum BarStatus {
    Reference,
    Pass,
    Fail,
    Undecided,
    NoCheck,
}

impl BarStatus {
    fn legend(self) -> &'static str {
        match self {
            BarStatus::Reference => "Reference group",
            BarStatus::Pass => "Passes the four-fifths rule",
            BarStatus::Fail => "Fails the four-fifths rule",
            BarStatus::Undecided => "Cannot be decided",
            BarStatus::NoCheck => "Groups",
        }
    }

    fn color(self) -> egui::Color32 {
        match self {
            BarStatus::Reference => theme::series_before(),
            BarStatus::Pass => theme::check(Some(true)),
            BarStatus::Fail => theme::check(Some(false)),
            BarStatus::Undecided => theme::check(None),
            BarStatus::NoCheck => theme::series_after(),
        }
    }
}

fn chart_ui(ui: &mut Ui, view: &mut View, result: &AuditResult, ratio_min: f64, level: &str) {
    let metrics: Vec<Metric> = Metric::RATES
        .into_iter()
        .filter(|m| result.overall.contains_key(m))
        .collect();
    ui.horizontal(|ui| {
        let label = ui.label("Metric");
        egui::ComboBox::from_id_salt("fairness_chart_metric")
            .selected_text(metric_title(view.chart_metric))
            .show_ui(ui, |ui| {
                for m in &metrics {
                    ui.selectable_value(&mut view.chart_metric, *m, metric_title(*m))
                        .on_hover_text(metric_definition(*m));
                }
            })
            .response
            .labelled_by(label.id);
        ui.label(RichText::new(metric_definition(view.chart_metric)).weak());
    });
    let metric = view.chart_metric;
    let check_name = format!("four_fifths_{}", metric.name());
    let has_checks = result.checks.iter().any(|c| c.name == check_name);
    let reference = reference_group(result, metric);
    let reference_value = reference
        .and_then(|key| result.by_group.iter().find(|g| &g.group == key))
        .and_then(|g| g.metric(metric));
    let labels: Vec<String> = result
        .by_group
        .iter()
        .take(MAX_GROUPS_DRAWN)
        .map(|g| group_label(&g.group))
        .collect();
    let mut bars: BTreeMap<BarStatus, Vec<Bar>> = BTreeMap::new();
    let mut whiskers = Vec::new();
    let mut undefined = Vec::new();
    let mut top: f64 = 1.0;
    let mut any_bootstrap = false;
    for (i, g) in result.by_group.iter().take(MAX_GROUPS_DRAWN).enumerate() {
        let x = position(i);
        let Some(value) = g.metric(metric) else {
            let reason = g
                .undefined
                .get(&metric)
                .map_or("not computed", String::as_str);
            undefined.push(format!("{}: {reason}", group_label(&g.group)));
            continue;
        };
        let status = if Some(&g.group) == reference {
            BarStatus::Reference
        } else if has_checks {
            match find_check(result, &check_name, Some(&g.group)).and_then(|c| c.pass) {
                Some(true) => BarStatus::Pass,
                Some(false) => BarStatus::Fail,
                None => BarStatus::Undecided,
            }
        } else {
            BarStatus::NoCheck
        };
        top = top.max(value);
        let color = status.color();
        bars.entry(status).or_default().push(
            Bar::new(x, value)
                .width(0.6)
                .fill(color)
                .stroke(egui::Stroke::new(1.0, color))
                .name(group_label(&g.group)),
        );
        if let Some(([low, high], bootstrap)) = interval_of(&g.ci, &g.wilson, metric) {
            any_bootstrap |= bootstrap;
            top = top.max(high);
            whiskers.push((x, low, high));
        }
    }
    let band = match (has_checks, reference_value) {
        (true, Some(r)) if ratio_min > 0.0 => Some((r * ratio_min, r / ratio_min)),
        _ => None,
    };
    let interval_name = if any_bootstrap {
        format!("{level} bootstrap interval")
    } else {
        format!("{level} Wilson interval")
    };
    let whisker_color = ui.visuals().strong_text_color();
    let reference_name = reference.map(group_label);
    let x_max = position(labels.len()) - 0.4;
    let x_labels = labels.clone();
    Plot::new(("fairness_chart", view.result_index))
        .height(320.0)
        .legend(Legend::default().position(Corner::RightTop))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        // Headroom above the bars for the legend.
        .include_y(top * 1.45)
        .include_x(-0.6)
        .include_x(x_max)
        .show_grid([false, true])
        .y_axis_label(metric_title(metric))
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked ≥ 0"
            )]
            let index = i as usize;
            x_labels.get(index).cloned().unwrap_or_default()
        })
        .show(ui, |plot| {
            if let Some((low, high)) = band {
                let (left, right) = (-0.6, x_max);
                plot.polygon(
                    Polygon::new(
                        format!(
                            "Four-fifths band ({ratio_min}–{:.2} × reference)",
                            1.0 / ratio_min
                        ),
                        PlotPoints::from(vec![
                            [left, low],
                            [right, low],
                            [right, high],
                            [left, high],
                        ]),
                    )
                    .fill_color(theme::pass_band())
                    .stroke(egui::Stroke::new(1.0, theme::pass_band())),
                );
            }
            for (status, list) in bars {
                plot.bar_chart(
                    BarChart::new(status.legend(), list)
                        .color(status.color())
                        .element_formatter(Box::new(|bar, _| {
                            format!("{}: {:.3}", bar.name, bar.value)
                        })),
                );
            }
            for (i, (x, low, high)) in whiskers.into_iter().enumerate() {
                let cap = 0.08;
                plot.line(
                    Line::new(
                        interval_name.clone(),
                        PlotPoints::from(vec![
                            [x - cap, low],
                            [x + cap, low],
                            [x, low],
                            [x, high],
                            [x - cap, high],
                            [x + cap, high],
                        ]),
                    )
                    .id(("fairness_whisker", i))
                    .color(whisker_color)
                    .width(1.5),
                );
            }
            if let (Some(value), Some(name)) = (reference_value, &reference_name) {
                plot.hline(
                    HLine::new(format!("Reference: {name} ({})", fixed2(value)), value)
                        .color(whisker_color)
                        .style(LineStyle::dashed_loose())
                        .width(1.2),
                );
            }
        });
    if !has_checks {
        ui.label(
            RichText::new(
                "This metric has no parity check: it is shown for context, without a band",
            )
            .weak(),
        );
    }
    for text in undefined {
        ui.label(RichText::new(format!("No bar for {text}")).color(theme::warn()));
    }
}

/// A coloured cell of a check: ✓ pass, ✗ fail, ? cannot be decided.
fn check_cell_ui(ui: &mut Ui, pass: Option<bool>, text: &str, hover: &str) {
    let fill = theme::check_tint(pass, ui.visuals().dark_mode);
    let color = ui.visuals().strong_text_color();
    egui::Frame::new()
        .fill(fill)
        .corner_radius(3.0)
        .inner_margin(egui::Margin::symmetric(6, 2))
        .show(ui, |ui| {
            ui.set_min_width(78.0);
            ui.label(RichText::new(text).color(color));
        })
        .response
        .on_hover_text(hover);
}

/// A cell for the reference group (no check against itself).
fn reference_cell_ui(ui: &mut Ui, hover: &str) {
    egui::Frame::new()
        .fill(ui.visuals().faint_bg_color)
        .corner_radius(3.0)
        .inner_margin(egui::Margin::symmetric(6, 2))
        .show(ui, |ui| {
            ui.set_min_width(78.0);
            ui.label(RichText::new("reference").weak());
        })
        .response
        .on_hover_text(hover);
}

fn check_symbol(pass: Option<bool>) -> &'static str {
    match pass {
        Some(true) => "✓",
        Some(false) => "✗",
        None => "?",
    }
}

fn heat_map_ui(ui: &mut Ui, result_index: usize, result: &AuditResult, ratio_min: f64) {
    ui.label(format!(
        "Each cell is a group's ratio to the reference group for one metric, with the four-fifths rule: it \
         passes when {ratio_min} ≤ ratio ≤ {:.2}. Hover a cell for the values.",
        1.0 / ratio_min
    ));
    super::verdict_view::kind_ui(ui, &result.verdict, CheckKind::FourFifthsRatio);
    ui.horizontal_wrapped(|ui| {
        check_cell_ui(ui, Some(true), "✓ passes", "The ratio is inside the band");
        check_cell_ui(ui, Some(false), "✗ fails", "The ratio is outside the band");
        check_cell_ui(
            ui,
            None,
            "? undecided",
            "A value is undefined (zero denominator): insufficient evidence",
        );
        reference_cell_ui(ui, "The group every other group is compared with");
    });
    ui.add_space(4.0);
    egui::ScrollArea::horizontal()
        .id_salt(("fairness_heat_scroll", result_index))
        .show(ui, |ui| {
            egui::Grid::new(("fairness_heat_map", result_index))
                .spacing([3.0, 3.0])
                .show(ui, |ui| {
                    ui.label(RichText::new("Group").strong());
                    for m in PARITY_METRICS {
                        ui.label(RichText::new(metric_title(m)).strong())
                            .on_hover_text(metric_definition(m));
                    }
                    ui.end_row();
                    for g in result.by_group.iter().take(MAX_GROUPS_DRAWN) {
                        ui.label(group_label(&g.group));
                        for m in PARITY_METRICS {
                            let name = format!("four_fifths_{}", m.name());
                            if reference_group(result, m) == Some(&g.group) {
                                let value =
                                    g.metric(m).map_or_else(|| "undefined".to_owned(), fixed2);
                                reference_cell_ui(
                                    ui,
                                    &format!("Reference group for {}: {value}", metric_title(m)),
                                );
                                continue;
                            }
                            match find_check(result, &name, Some(&g.group)) {
                                Some(check) => {
                                    let text = match check.value {
                                        Some(v) => {
                                            format!("{} {}", fixed2(v), check_symbol(check.pass))
                                        }
                                        None => "? undefined".to_owned(),
                                    };
                                    let value =
                                        g.metric(m).map_or_else(|| "undefined".to_owned(), fixed2);
                                    let mut hover = format!(
                                        "{}: {value}\nRatio to reference: {}\nRule: {}",
                                        metric_title(m),
                                        check.value.map_or_else(
                                            || "undefined".to_owned(),
                                            |v| format!("{v:.4}")
                                        ),
                                        check.rule
                                    );
                                    if let Some(reason) = &check.reason {
                                        let _ = write!(hover, "\nCannot be decided: {reason}");
                                    }
                                    check_cell_ui(ui, check.pass, &text, &hover);
                                }
                                None => {
                                    ui.label(RichText::new("—").weak())
                                        .on_hover_text("No check (an empty group)");
                                }
                            }
                        }
                        ui.end_row();
                    }
                });
        });
}

fn confusion_ui(ui: &mut Ui, result_index: usize, result: &AuditResult) {
    ui.label(
        "Counts of each group (weighted sums with a weight column). Rows: the actual label; columns: the \
         prediction.",
    );
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        for (i, g) in result.by_group.iter().take(MAX_GROUPS_DRAWN).enumerate() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.vertical(|ui| {
                    ui.label(RichText::new(group_label(&g.group)).strong());
                    ui.label(
                        RichText::new(format!(
                            "n = {}",
                            g.metric(Metric::Count)
                                .map_or_else(|| "—".to_owned(), format_count)
                        ))
                        .weak(),
                    );
                    let cell = |m: Metric| g.metric(m).map_or_else(|| "—".to_owned(), format_count);
                    egui::Grid::new(("fairness_confusion", result_index, i))
                        .num_columns(3)
                        .spacing([10.0, 4.0])
                        .striped(true)
                        .show(ui, |ui| {
                            ui.label("");
                            ui.label(RichText::new("Predicted +").strong());
                            ui.label(RichText::new("Predicted −").strong());
                            ui.end_row();
                            ui.label(RichText::new("Actual +").strong());
                            ui.label(format!("TP {}", cell(Metric::TruePositives)));
                            ui.label(format!("FN {}", cell(Metric::FalseNegatives)));
                            ui.end_row();
                            ui.label(RichText::new("Actual −").strong());
                            ui.label(format!("FP {}", cell(Metric::FalsePositives)));
                            ui.label(format!("TN {}", cell(Metric::TrueNegatives)));
                            ui.end_row();
                        });
                });
            });
        }
    });
}

fn summary_ui(ui: &mut Ui, result_index: usize, result: &AuditResult) {
    ui.label(RichText::new("Summary metrics").strong());
    ui.label(
        RichText::new(
            "Named as in Fairlearn and AIF360; the checks use the thresholds of Govern › Settings (at the time of \
             the run).",
        )
        .weak(),
    );
    super::verdict_view::kind_ui(ui, &result.verdict, CheckKind::DifferenceThreshold);
    super::verdict_view::kind_ui(ui, &result.verdict, CheckKind::SummaryRatio);
    egui::Grid::new(("fairness_summary", result_index))
        .num_columns(4)
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            for h in ["Metric", "Value", "Check", "Rule"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for s in SummaryMetric::ALL {
                ui.label(summary_title(s)).on_hover_text(s.name());
                match result.summary.get(&s).copied().flatten() {
                    Some(v) => {
                        ui.label(format_estimate(v, result.summary_ci.get(&s).copied()))
                            .on_hover_text(v.to_string());
                    }
                    None => {
                        let reason = result
                            .summary_undefined
                            .get(&s)
                            .map_or("not computed", String::as_str);
                        ui.label(RichText::new("insufficient evidence").color(theme::warn()))
                            .on_hover_text(reason);
                    }
                }
                match find_check(result, s.name(), None) {
                    Some(check) => {
                        let text = match check.pass {
                            Some(true) => "✓ pass",
                            Some(false) => "✗ fail",
                            None => "? undecided",
                        };
                        check_cell_ui(
                            ui,
                            check.pass,
                            text,
                            check.reason.as_deref().unwrap_or(check.rule.as_str()),
                        );
                        ui.label(RichText::new(&check.rule).weak());
                    }
                    None => {
                        ui.label("");
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });

    ui.add_space(10.0);
    ui.label(RichText::new("Aequitas composite checks").strong());
    ui.label(
        RichText::new(
            "Type I parity = FDR and FPR parity; Type II = FOR and FNR; equalized odds = FPR and TPR; \
             unsupervised = selection rate and PPR; supervised = Type I and Type II.",
        )
        .weak(),
    );
    super::verdict_view::kind_ui(ui, &result.verdict, CheckKind::AequitasParity);
    egui::Grid::new(("fairness_composites", result_index))
        .spacing([3.0, 3.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Group").strong());
            for (name, title) in COMPOSITE_CHECKS {
                ui.label(RichText::new(title).strong())
                    .on_hover_text(check_title(name));
            }
            ui.end_row();
            for g in result.by_group.iter().take(MAX_GROUPS_DRAWN) {
                if !result
                    .checks
                    .iter()
                    .any(|c| c.group.as_ref() == Some(&g.group))
                {
                    continue;
                }
                ui.label(group_label(&g.group));
                for (name, _) in COMPOSITE_CHECKS {
                    match find_check(result, name, Some(&g.group)) {
                        Some(check) => {
                            let mut hover = check.rule.clone();
                            if let Some(reason) = &check.reason {
                                let _ = write!(hover, "\n{reason}");
                            }
                            check_cell_ui(ui, check.pass, check_symbol(check.pass), &hover);
                        }
                        None => {
                            ui.label(RichText::new("—").weak()).on_hover_text(
                                "Not checked: this group is the reference for one of its metrics",
                            );
                        }
                    }
                }
                ui.end_row();
            }
        });

    ui.add_space(10.0);
    ui.label(RichText::new("Compared with the reference group (AIF360)").strong());
    egui::Grid::new(("fairness_reference_metrics", result_index))
        .num_columns(1 + ReferenceMetric::ALL.len())
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Group").strong());
            for r in ReferenceMetric::ALL {
                ui.label(RichText::new(reference_metric_title(r)).strong())
                    .on_hover_text(r.name());
            }
            ui.end_row();
            for g in result.by_group.iter().take(MAX_GROUPS_DRAWN) {
                ui.label(group_label(&g.group));
                for r in ReferenceMetric::ALL {
                    match g.reference_metrics.get(&r).copied().flatten() {
                        Some(v) => {
                            ui.label(format_estimate(v, g.reference_metrics_ci.get(&r).copied()));
                        }
                        None => {
                            let reason = g
                                .reference_metrics_undefined
                                .get(&r)
                                .map_or("not computed", String::as_str);
                            ui.label(RichText::new("—").weak()).on_hover_text(reason);
                        }
                    }
                }
                ui.end_row();
            }
        });

    ui.add_space(10.0);
    ui.label(RichText::new("Disparities across groups").strong());
    egui::Grid::new(("fairness_disparities", result_index))
        .num_columns(1 + DisparityKind::AGGREGATE.len())
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Metric").strong());
            for k in DisparityKind::AGGREGATE {
                ui.label(RichText::new(disparity_title(k)).strong())
                    .on_hover_text(k.name());
            }
            ui.end_row();
            for (m, disparity) in &result.disparities {
                ui.label(metric_title(*m));
                for k in DisparityKind::AGGREGATE {
                    match disparity.get(k) {
                        Some(v) => {
                            ui.label(format_estimate(v, disparity.ci.get(&k).copied()));
                        }
                        None => {
                            let reason = disparity
                                .undefined
                                .get(&k)
                                .map_or("not computed", String::as_str);
                            ui.label(RichText::new("—").weak()).on_hover_text(reason);
                        }
                    }
                }
                ui.end_row();
            }
        });
}

fn tree_ui(ui: &mut Ui, answers: &mut TreeAnswers, result: &AuditResult) {
    ui.label(
        "Which parity metric matters depends on what the decision does to people (the Aequitas fairness \
         tree). Answer the questions to see which metrics to compare and why.",
    );
    ui.add_space(4.0);
    ui.label(RichText::new("What is the fairness concern?").strong());
    ui.radio_value(
        &mut answers.concern,
        ConcernKind::Representation,
        "Representation: groups should be fairly represented among the people selected",
    );
    ui.radio_value(
        &mut answers.concern,
        ConcernKind::Punitive,
        "Punitive intervention: a positive prediction harms people (an investigation, a denial flag, jail)",
    );
    ui.radio_value(
        &mut answers.concern,
        ConcernKind::Assistive,
        "Assistive intervention: a positive prediction helps people (a loan, a benefit, outreach)",
    );
    ui.add_space(4.0);
    match answers.concern {
        ConcernKind::Unanswered => {}
        ConcernKind::Representation => {
            ui.label(RichText::new("How many people should be selected from each group?").strong());
            ui.radio_value(
                &mut answers.basis,
                Some(SelectionBasis::EqualNumbers),
                "The same number from every group",
            );
            ui.radio_value(
                &mut answers.basis,
                Some(SelectionBasis::Proportional),
                "In proportion to each group's size",
            );
            ui.radio_value(&mut answers.basis, None, "Not sure");
        }
        ConcernKind::Punitive => {
            ui.label(RichText::new("Whose wrongful flags matter most?").strong());
            ui.radio_value(
                &mut answers.focus,
                Some(PunitiveFocus::EveryoneSelected),
                "Everyone acted on, whatever their actual outcome",
            );
            ui.radio_value(
                &mut answers.focus,
                Some(PunitiveFocus::NotWarranted),
                "People for whom the intervention is not warranted",
            );
            ui.radio_value(&mut answers.focus, None, "Not sure");
        }
        ConcernKind::Assistive => {
            ui.label(RichText::new("How many of the people in need can be helped?").strong());
            ui.radio_value(
                &mut answers.capacity,
                Some(AssistiveCapacity::SmallFraction),
                "Only a small fraction of them",
            );
            ui.radio_value(
                &mut answers.capacity,
                Some(AssistiveCapacity::Most),
                "Most of them",
            );
            ui.radio_value(&mut answers.capacity, None, "Not sure");
        }
    }
    let Some(concern) = answers.concern() else {
        return;
    };
    let recommendation = fairness_tree(concern);
    ui.add_space(8.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width().min(1000.0));
        ui.label(RichText::new("What to compare").strong());
        ui.add(egui::Label::new(&recommendation.explanation).wrap());
        ui.add_space(4.0);
        ui.label(RichText::new("In this result").strong());
        let names = recommendation
            .metrics
            .iter()
            .map(|m| format!("four_fifths_{}", m.name()))
            .chain(recommendation.checks.iter().cloned());
        for name in names {
            let (pass, fail, undecided) = check_counts(&result.checks, &name);
            let mut text = format!("{}: {pass} group(s) pass, {fail} fail", check_title(&name));
            if undecided > 0 {
                let _ = write!(text, ", {undecided} cannot be decided");
            }
            let color = if fail > 0 {
                theme::error()
            } else if undecided > 0 {
                theme::warn()
            } else {
                theme::ok()
            };
            ui.label(RichText::new(text).color(color));
        }
    });
}

fn differences_ui(ui: &mut Ui) {
    ui.label(RichText::new("Where we differ from Fairlearn and AIF360").strong());
    ui.label(
        RichText::new(
            "Every metric is defined as in Fairlearn, AIF360 and Aequitas and tested against their values on \
             COMPAS, German credit and Adult. On purpose, Riskbench differs here:",
        )
        .weak(),
    );
    ui.add_space(4.0);
    for (title, text) in DIFFERENCES {
        ui.horizontal_top(|ui| {
            ui.label("•");
            ui.vertical(|ui| {
                ui.label(RichText::new(title).strong());
                ui.add(egui::Label::new(text).wrap());
            });
        });
        ui.add_space(2.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_read_like_the_report() {
        assert_eq!(
            format_estimate(0.45, Some([0.41, 0.49])),
            "0.45 [0.41, 0.49]"
        );
        assert_eq!(
            format_estimate(-0.001, Some([-0.2, 0.1])),
            "0.00 [-0.20, 0.10]"
        );
        assert_eq!(format_estimate(1.0, None), "1.00");
        assert_eq!(
            format_estimate(0.0012, Some([0.0003, 0.0021])),
            "0.0012 [0.0003, 0.0021]"
        );
        assert_eq!(format_estimate(0.0, Some([0.0, 0.0])), "0.00 [0.00, 0.00]");
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(format_count(0.0), "0");
        assert_eq!(format_count(999.0), "999");
        assert_eq!(format_count(1000.0), "1,000");
        assert_eq!(format_count(-1_234_567.0), "-1,234,567");
        assert_eq!(format_count(2.5), "2.5");
        assert_eq!(format_count(-1234.56), "-1,234.6");
        assert_eq!(format_count(f64::NAN), "NaN");
    }

    #[test]
    fn levels_as_percentages() {
        assert_eq!(percent(0.95), "95%");
        assert_eq!(percent(0.999), "99.9%");
    }

    #[test]
    fn sorting_keeps_undefined_last_and_ties_in_order() {
        let values = [Some(0.5), None, Some(0.2), Some(0.5), None];
        assert_eq!(sort_order(5, true, |i| values[i]), [2, 0, 3, 1, 4]);
        assert_eq!(sort_order(5, false, |i| values[i]), [0, 3, 2, 1, 4]);
        assert!(sort_order(0, true, |_| None).is_empty());
    }

    #[test]
    fn check_names_in_plain_words() {
        assert_eq!(
            check_title("four_fifths_false_negative_rate"),
            "Four-fifths rule: FNR"
        );
        assert_eq!(check_title("type_i_parity"), "Type I parity (FDR and FPR)");
        assert_eq!(
            check_title("equalized_odds_difference"),
            "Equalized odds difference"
        );
        assert_eq!(check_title("something_new"), "Something new");
    }

    #[test]
    fn metric_titles_are_sentence_case() {
        assert_eq!(metric_title(Metric::SelectionRate), "Selection rate");
        assert_eq!(metric_title(Metric::FalseDiscoveryRate), "FDR");
        assert_eq!(metric_title(Metric::Count), "n");
    }

    #[test]
    fn group_labels_join_values() {
        let key = GroupKey(vec![
            ("sex".to_owned(), GroupValue::Level("female".to_owned())),
            ("age".to_owned(), GroupValue::Missing),
        ]);
        assert_eq!(group_label(&key), "female, (missing)");
    }

    #[test]
    fn problems_name_what_is_missing() {
        let mut spec = AuditSpec {
            label: "y".into(),
            score: Some("s".into()),
            sensitive: vec!["g".into()],
            ..AuditSpec::default()
        };
        assert_eq!(spec_problems(&spec), ["give the decision threshold"]);
        spec.threshold = Some(0.5);
        assert!(spec_problems(&spec).is_empty());
        spec.prediction = Some("p".into());
        assert_eq!(
            spec_problems(&spec).len(),
            1,
            "both a prediction and a score"
        );
    }

    #[test]
    fn the_tree_needs_an_answer() {
        let mut answers = TreeAnswers::default();
        assert!(answers.concern().is_none());
        answers.concern = ConcernKind::Punitive;
        assert_eq!(answers.concern(), Some(FairnessConcern::Punitive(None)));
    }

    #[test]
    fn a_newer_run_supersedes_the_older_one() {
        let audit = SavedAudit {
            audit_id: "audit-1".into(),
            name: "A".into(),
            dataset_id: "ds-1".into(),
            spec: AuditSpec {
                bootstrap: Some(10),
                ..AuditSpec::default()
            },
        };
        let input = RunInput {
            dataset_id: "ds-1".into(),
            path: PathBuf::from("d.csv"),
            stored_sha256: "x".into(),
            spec: audit.spec.clone(),
            settings: FairnessThresholds::default(),
        };
        let mut screen = FairnessScreen::default();
        let mut actions = FairnessActions::default();
        screen.start_run(&audit, input.clone(), &mut actions);
        assert_eq!(actions.jobs.len(), 1);
        let ticket = actions.jobs[0].ticket.clone();
        screen.job_started(&ticket, 7);
        let mut again = FairnessActions::default();
        screen.start_run(&audit, input, &mut again);
        assert_eq!(again.cancel, [7]);
        assert!(screen.job_ended(7, true), "its cancellation is no news");
        // The old run's output is ignored; the new run's point result asks for the bootstrap.
        let stale = screen.job_output(FairnessJobOutput::Audit {
            audit_id: "audit-1".into(),
            run_id: 1,
            stage: Stage::Point,
            outcome: Err("old".into()),
        });
        assert!(stale.jobs.is_empty());
        let next = screen.job_output(FairnessJobOutput::Audit {
            audit_id: "audit-1".into(),
            run_id: 2,
            stage: Stage::Point,
            outcome: Err("no data".into()),
        });
        assert!(next.jobs.is_empty(), "no bootstrap after a failure");
        assert!(matches!(
            screen.runs.get("audit-1").map(|r| &r.point),
            Some(Slot::Done(Err(e))) if e == "no data"
        ));
    }
}
