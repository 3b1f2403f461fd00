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

pub mod jobs;

use self::editor::editor_ui;
pub use self::jobs::ColumnsKey;
pub use self::jobs::FairnessActions;
pub use self::jobs::FairnessJobOutput;
pub use self::jobs::Stage;
pub use self::jobs::Ticket;
use self::results::results_ui;
use self::runs::audit_job;
pub use self::runs::{check_counts, sort_order};
use super::jobs::RunsJobs;
use super::screen::Screen;
use super::screen::ScreenContext;
use super::screen::SectionRequest;
use super::sections::Section;
use crate::analysis::audit::AuditReport;
use crate::analysis::audit_spec::spec_problems;
use crate::analysis::columns::ColumnSummary;
use crate::analysis::fairness::AssistiveCapacity;
use crate::analysis::fairness::FairnessConcern;
use crate::analysis::fairness::Metric;
use crate::analysis::fairness::PunitiveFocus;
use crate::analysis::fairness::SelectionBasis;
pub use crate::analysis::fairness::wording::format_estimate;
use crate::model::Document;
use crate::model::FairnessThresholds;
use crate::model::Project;
use crate::model::audit::AuditSpec;
use crate::model::audit::SavedAudit;
use crate::model::audit::next_audit_id;
use crate::model::audit::unique_audit_name;
use crate::model::file;
use egui::RichText;
use egui::Ui;
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::path::Path;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use std::time::Instant;

mod charts;
mod editor;
mod help;
mod results;
mod resume;
mod runs;
mod verdict_view;

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
    /// "Run audit" was pressed: bring the results into view (they start below the settings) in this many
    /// more frames once they are drawn.
    scroll_to_results: u8,
}

impl Screen for FairnessScreen {
    fn section(&self) -> Section {
        Section::Fairness
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let actions = fairness_ui(ui, self, cx.doc);
        cx.request(SectionRequest::Fairness(actions));
    }
}

impl RunsJobs for FairnessScreen {
    type Ticket = Ticket;
    type Output = FairnessJobOutput;

    /// Records the job id of a job started for `ticket`.
    fn job_started(&mut self, ticket: &Ticket, job_id: u64) {
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
    fn job_not_started(&mut self, ticket: &Ticket, error: &str) {
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
    fn job_ended(&mut self, job_id: u64, cancelled: bool) -> bool {
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
}

impl FairnessScreen {
    /// Selects the saved audit with this id (a link from another screen, e.g. the release gate).
    pub fn select_audit(&mut self, audit_id: &str) {
        self.selected = Some(audit_id.to_owned());
    }

    /// The id of the selected audit.
    #[must_use]
    pub fn selected_audit(&self) -> Option<&str> {
        self.selected.as_deref()
    }

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

// ------------------------------------------------------------------------------------------------------------
// Drawing

/// Draws the fairness screen; returns the jobs to start or cancel.
fn fairness_ui(ui: &mut Ui, screen: &mut FairnessScreen, doc: &mut Document) -> FairnessActions {
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
                    .map(crate::analysis::audit_spec::audit_spec_from_roles)
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

#[cfg(test)]
mod tests;
