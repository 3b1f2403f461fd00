//! Measure › Mitigations: what a control would do to the decisions of a saved audit whose dataset has a
//! score column, before it goes into the plan. One threshold for everyone with the per-group metrics,
//! disparities, the four-fifths check and the confusion counts updating live, the selection-rate / TPR / FPR
//! curves per group with the threshold marked and each group's ROC curve with its operating point
//! ([`curves`]); a threshold per group set by hand ([`thresholds`]); a review band with the cases it routes
//! ([`band`]); per-group thresholds found for a constraint and an objective within a tolerance, Fairlearn's
//! randomized solution in plain words at tolerance 0, and the Pareto frontier to pick a point from
//! ([`search`]); reweighing with its weights, representation and weighted re-audit ([`reweigh`]); and the
//! options compared with the decisions they flip per group, any of which can be adopted as a control of a
//! risk ([`adopt`]), the flips of the chosen option computed once per option ([`flips`]); the options
//! already adopted on the dataset, re-evaluated on the data as it is now and flagged when the data file
//! changed since they were tested ([`recorded`]).
//!
//! Every number comes from [`crate::analysis::mitigation`] (the threshold index, computed once per load, and
//! the fairness engine); this screen only holds the choices and draws them. The data is read, indexed and
//! its curves computed on a background job the app starts ([`RunsSingleJob`]: progress and Cancel in the
//! status bar, Cancel here too), so no frame waits for a million-row file.

mod adopt;
mod band;
mod curves;
mod flips;
mod recorded;
mod reweigh;
mod search;
mod thresholds;

use egui::{RichText, Ui};

use crate::analysis::mitigation::reweigh::Reweighing;
use crate::analysis::mitigation::search::{Constraint, Objective, ThresholdSolution};
use crate::analysis::mitigation::{
    GroupCurves, ScoredData, ScoredSpec, ThresholdIndex, load_scored,
};
use crate::analysis::table::read_table;
use crate::analysis::task::TaskControl;
use crate::model::mitigation::whatif_score_column;
use crate::model::register::ControlEffectiveness;
use crate::model::{Document, file};

use super::jobs::{JobActions, RunOutput, RunsSingleJob, SingleJob};
use super::screen::SectionRequest;

pub use adopt::OptionKind;
pub use flips::{FlipsCache, FlipsKey};

/// Thresholds of the curves against the threshold.
const CURVE_STEPS: usize = 200;
/// Most points of a drawn ROC curve.
const ROC_POINTS: usize = 400;

/// The data of the chosen audit, read once.
pub struct Loaded {
    /// Name of the saved audit.
    pub audit_name: String,
    /// Its dataset id.
    pub dataset_id: String,
    /// The dataset's SHA-256 as recorded in the project.
    pub dataset_sha256: String,
    /// The SHA-256 of the data file as it was read (`None` when it could not be fingerprinted).
    pub file_sha256: Option<String>,
    /// Label, score, sensitive column.
    pub columns: (String, String, String),
    /// The rows.
    pub data: ScoredData,
    /// Sorted scores per group.
    pub index: ThresholdIndex,
    /// The audit's own threshold (the current rule).
    pub current_threshold: f64,
    /// The label's positive value as the audit names it (`1` by default).
    pub positive: String,
    /// The observed score range widened to whole hundredths (the sliders' range).
    pub range: (f64, f64),
    /// Rate and ROC curves per group, computed once.
    pub curves: Vec<GroupCurves>,
    /// Every column of the data file (to choose the review band's date column from).
    pub file_columns: Vec<String>,
}

/// The screen's state (the app keeps one).
pub struct MitigationScreen {
    /// The saved audit chosen.
    pub audit_name: Option<String>,
    /// Its data, once loaded.
    pub loaded: Option<Loaded>,
    /// The slider.
    pub threshold: f64,
    /// Per-group thresholds set by hand (in the order of the loaded groups).
    pub group_thresholds: Vec<f64>,
    /// Whether a review band is applied.
    pub band_enabled: bool,
    /// Whether the rows the band leaves automatic are decided at the per-group thresholds set by hand
    /// (else at the slider's threshold).
    pub band_per_group: bool,
    /// Lowest score sent to review.
    pub band_low: f64,
    /// First score above the band.
    pub band_high: f64,
    /// Cases per month to size the review at (0: the dataset's volume).
    pub volume: f64,
    /// The date column whose months the review band's load is counted by (the data is read again with it).
    pub band_date: Option<String>,
    /// The constraint of the search.
    pub constraint: Constraint,
    /// Index into [`OBJECTIVES`]; `OBJECTIVES.len()` is the cost matrix.
    pub objective: usize,
    /// Cost of one false positive (the cost-matrix objective).
    pub cost_fp: f64,
    /// Cost of one false negative (the cost-matrix objective).
    pub cost_fn: f64,
    /// Tolerance of the search (0: Fairlearn's randomized solution).
    pub tolerance: f64,
    /// The last search result.
    pub solution: Option<ThresholdSolution>,
    /// The frontier point picked (index into the solution's frontier), used as the searched option.
    pub picked_point: Option<usize>,
    /// Reweighing of the loaded data, once computed.
    pub reweighing: Option<Reweighing>,
    /// The option to compare in detail and adopt.
    pub adopt_kind: OptionKind,
    /// The risk to link an adopted option to.
    pub risk_id: Option<String>,
    /// Why the option is chosen.
    pub rationale: String,
    /// The tested effectiveness chosen (default: the one the what-if suggests).
    pub effectiveness: Option<ControlEffectiveness>,
    /// The last adopted mitigation id.
    pub adopted: Option<String>,
    /// The last message about the weights file.
    pub weights_message: Option<String>,
    /// The last error, shown in the screen.
    pub error: Option<String>,
    /// The decisions the chosen option flips, computed once per option (and current threshold).
    pub flips: FlipsCache,
    /// The band's cases per month of the date column, with the band limits (as bits) they were counted for.
    band_months: Option<BandMonths>,
    /// Background loading of an audit's data.
    job: SingleJob,
    /// The audit whose data is being loaded.
    loading: Option<String>,
}

/// The data of an audit, loaded (or why not: a bad score column, an unreadable file).
pub struct LoadResult(pub Result<Box<Loaded>, String>);

impl std::fmt::Debug for LoadResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Ok(l) => write!(
                f,
                "LoadResult(Ok({:?}, {} rows))",
                l.audit_name,
                l.data.rows()
            ),
            Err(e) => write!(f, "LoadResult(Err({e:?}))"),
        }
    }
}

/// A load finished: the data or why not.
pub type MitigationOutput = RunOutput<LoadResult>;

/// The load the screen asks the app to start or cancel; a job's ticket is its run id.
pub type MitigationActions = JobActions<u64, MitigationOutput>;

impl Default for MitigationScreen {
    fn default() -> Self {
        MitigationScreen {
            audit_name: None,
            loaded: None,
            threshold: 0.5,
            group_thresholds: Vec::new(),
            band_enabled: false,
            band_per_group: false,
            band_low: 0.4,
            band_high: 0.6,
            volume: 0.0,
            band_date: None,
            constraint: Constraint::DemographicParity,
            objective: 0,
            cost_fp: 1.0,
            cost_fn: 1.0,
            tolerance: 0.01,
            solution: None,
            picked_point: None,
            reweighing: None,
            adopt_kind: OptionKind::Threshold,
            risk_id: None,
            rationale: String::new(),
            effectiveness: None,
            adopted: None,
            weights_message: None,
            error: None,
            flips: FlipsCache::default(),
            band_months: None,
            job: SingleJob::default(),
            loading: None,
        }
    }
}

/// Objectives offered (Fairlearn's names).
pub const OBJECTIVES: [Objective; 5] = [
    Objective::AccuracyScore,
    Objective::BalancedAccuracyScore,
    Objective::SelectionRate,
    Objective::TruePositiveRate,
    Objective::TrueNegativeRate,
];

/// A rate with three decimals, or "undefined" (never 0 for a zero denominator).
fn rate(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_owned(), |v| format!("{v:.3}"))
}

/// A share as a percentage with one decimal.
fn percent(v: f64) -> String {
    format!("{:.1} %", v * 100.0)
}

/// What a load needs, gathered from the project on the UI thread (cheap): the data's path and how to read it.
struct LoadInputs {
    audit_name: String,
    dataset_id: String,
    dataset_sha256: String,
    path: std::path::PathBuf,
    spec: ScoredSpec,
    current_threshold: f64,
    positive: String,
    /// Says where the score column comes from when the audit itself has none.
    score_note: Option<String>,
}

fn load_inputs(
    doc: &Document,
    audit_name: &str,
    date: Option<String>,
) -> Result<LoadInputs, String> {
    let project = doc.project();
    let audit = project
        .audits
        .iter()
        .find(|a| a.name == audit_name)
        .ok_or_else(|| format!("no saved audit {audit_name:?}"))?;
    let (score, from_roles) = whatif_score_column(project, audit).ok_or_else(|| {
        format!(
            "the audit {audit_name:?} has no score column and its dataset declares none (Datasets › column roles)"
        )
    })?;
    let sensitive = audit
        .spec
        .sensitive
        .first()
        .cloned()
        .ok_or_else(|| "the audit has no sensitive column".to_owned())?;
    let dataset = project
        .dataset(&audit.dataset_id)
        .ok_or_else(|| format!("the project has no dataset {}", audit.dataset_id))?;
    let base = doc.base_dir().unwrap_or_else(|| std::path::Path::new("."));
    Ok(LoadInputs {
        audit_name: audit_name.to_owned(),
        dataset_id: dataset.dataset_id.clone(),
        dataset_sha256: dataset.sha256.clone(),
        path: file::resolve_path(&dataset.path, base),
        spec: ScoredSpec {
            label: audit.spec.label.clone(),
            score: score.clone(),
            sensitive: vec![sensitive],
            positive: audit.spec.positive.clone(),
            weight: audit.spec.weight.clone(),
            date,
        },
        current_threshold: audit.spec.threshold.unwrap_or(0.5),
        score_note: from_roles.then(|| {
            format!(
                "The audit {audit_name:?} audits the model's decisions{}; the what-if tests thresholds on the \
                 dataset's score column {score} (its Score role), the current rule being score ≥ {}.",
                audit
                    .spec
                    .prediction
                    .as_ref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default(),
                audit.spec.threshold.unwrap_or(0.5)
            )
        }),
        positive: audit
            .spec
            .positive
            .clone()
            .unwrap_or_else(|| "1".to_owned()),
    })
}

/// Reads, decodes and indexes the data and computes its curves (on the background job).
fn load(inputs: LoadInputs, control: &TaskControl) -> Result<Loaded, String> {
    let df = read_table(&inputs.path, control).map_err(|e| e.to_string())?;
    let file_sha256 = crate::analysis::dataset::fingerprint_file(&inputs.path, control)
        .ok()
        .map(|f| f.sha256);
    let file_columns = df
        .get_column_names()
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    let mut data = load_scored(&df, &inputs.spec).map_err(|e| e.to_string())?;
    if let Some(note) = inputs.score_note {
        data.notes.insert(0, note);
    }
    let index = ThresholdIndex::build(&data);
    let [lo, hi] = data.score_range;
    let range = ((lo * 100.0).floor() / 100.0, (hi * 100.0).ceil() / 100.0);
    let curves = index.curves(range.0, range.1, CURVE_STEPS, ROC_POINTS);
    let ScoredSpec {
        label,
        score,
        mut sensitive,
        ..
    } = inputs.spec;
    Ok(Loaded {
        audit_name: inputs.audit_name,
        dataset_id: inputs.dataset_id,
        dataset_sha256: inputs.dataset_sha256,
        file_sha256,
        columns: (label, score, sensitive.pop().unwrap_or_default()),
        data,
        index,
        current_threshold: inputs.current_threshold,
        positive: inputs.positive,
        range,
        curves,
        file_columns,
    })
}

impl MitigationScreen {
    /// The objective chosen: one of [`OBJECTIVES`], or the cost matrix of false positives and negatives.
    #[must_use]
    pub fn objective(&self) -> Objective {
        OBJECTIVES
            .get(self.objective)
            .copied()
            .unwrap_or(Objective::Cost {
                fp: self.cost_fp,
                fn_: self.cost_fn,
            })
    }

    /// The thresholds per loaded group of the rows the review band leaves automatic: the per-group
    /// thresholds set by hand when the band uses them, else the slider's threshold.
    #[must_use]
    pub fn band_thresholds(&self) -> Vec<f64> {
        let groups = self.loaded.as_ref().map_or(0, |l| l.index.groups());
        if self.band_per_group && self.group_thresholds.len() == groups {
            self.group_thresholds.clone()
        } else {
            vec![self.threshold; groups]
        }
    }

    /// Whether the data of an audit is being loaded.
    #[must_use]
    pub fn is_loading(&self) -> bool {
        self.job.is_running()
    }

    /// The load: whether it is running, its job id.
    #[must_use]
    pub fn job(&self) -> &SingleJob {
        &self.job
    }

    /// Takes a finished load's result (an older load's is dropped).
    pub fn job_output(&mut self, output: MitigationOutput) {
        if let Some(LoadResult(result)) = self.job.take(output) {
            self.loading = None;
            match result {
                Ok(loaded) => self.set_loaded(*loaded),
                Err(e) => self.error = Some(e),
            }
        }
    }

    /// Asks the app to load the data of `audit_name` in the background (replacing a load in progress);
    /// `None` when the audit cannot be loaded (the reason is in the error line).
    fn start_load(&mut self, doc: &Document, audit_name: &str) -> Option<MitigationActions> {
        let inputs = match load_inputs(doc, audit_name, self.band_date.clone()) {
            Ok(i) => i,
            Err(e) => {
                self.error = Some(e);
                return None;
            }
        };
        self.error = None;
        self.loading = Some(audit_name.to_owned());
        Some(self.job.run(
            format!("Loading the data of {audit_name}"),
            move |control| Ok(LoadResult(load(inputs, control).map(Box::new))),
        ))
    }

    /// Replaces the loaded data and resets every choice that depended on the old one.
    fn set_loaded(&mut self, loaded: Loaded) {
        self.threshold = loaded.current_threshold;
        self.group_thresholds = vec![loaded.current_threshold; loaded.index.groups()];
        self.solution = None;
        self.picked_point = None;
        self.reweighing = None;
        self.adopted = None;
        self.weights_message = None;
        self.error = None;
        self.flips.clear();
        self.band_months = None;
        self.loaded = Some(loaded);
    }
}

/// The band's cases per month and group (and without a date) with the band limits they were counted for.
type BandMonths = (
    (u64, u64),
    Option<(Vec<crate::analysis::mitigation::MonthRouted>, Vec<u64>)>,
);

/// Draw the screen; returns what it asks of the app (the file dialog for the weights, showing a risk).
pub fn mitigation_ui(
    ui: &mut Ui,
    screen: &mut MitigationScreen,
    doc: &mut Document,
) -> Option<SectionRequest> {
    ui.label(
        "Test a control on the data before it goes into the plan: move the threshold, set a threshold per \
         group, send a score band to review, search per-group thresholds or reweigh the training data; then \
         adopt the option as a control of a risk.",
    );
    let audits: Vec<String> = doc
        .project()
        .audits
        .iter()
        .filter(|a| whatif_score_column(doc.project(), a).is_some())
        .map(|a| a.name.clone())
        .collect();
    if audits.is_empty() {
        ui.label(
            "No saved audit uses a score column, and no audited dataset declares one: save an audit with a \
             score and a threshold, or give a column the Score role in Datasets, first.",
        );
        return None;
    }
    let mut request = None;
    ui.horizontal(|ui| {
        egui::ComboBox::from_label("Audit")
            .selected_text(
                screen
                    .audit_name
                    .clone()
                    .unwrap_or_else(|| "Choose…".to_owned()),
            )
            .show_ui(ui, |ui| {
                for name in &audits {
                    ui.selectable_value(&mut screen.audit_name, Some(name.clone()), name);
                }
            });
        let ready = screen.audit_name.is_some();
        if ui
            .add_enabled(ready, egui::Button::new("Load data"))
            .clicked()
            && let Some(name) = screen.audit_name.clone()
        {
            request = screen
                .start_load(doc, &name)
                .map(SectionRequest::Mitigation);
        }
        if screen.job.is_running() {
            ui.spinner();
            ui.label(format!(
                "Reading and indexing the data of {}…",
                screen.loading.as_deref().unwrap_or("the audit")
            ));
            if let Some(job_id) = screen.job.job_id()
                && ui.button("Cancel").clicked()
            {
                request = Some(SectionRequest::Mitigation(MitigationActions::cancel(
                    job_id,
                )));
            }
        }
    });
    if let Some(e) = &screen.error {
        ui.colored_label(super::theme::error(), e);
    }
    let Some(loaded) = &screen.loaded else {
        return request;
    };
    for note in &loaded.data.notes {
        ui.label(RichText::new(note).italics());
    }
    let (lo, hi) = loaded.range;
    ui.separator();
    ui.heading("One threshold for everyone");
    ui.add(
        egui::Slider::new(&mut screen.threshold, lo..=hi)
            .text("Threshold")
            .step_by(0.01),
    );
    thresholds::global_ui(ui, screen);
    curves::curves_ui(ui, screen);
    ui.separator();
    ui.heading("A threshold per group");
    thresholds::per_group_ui(ui, screen);
    ui.separator();
    ui.heading("Review band");
    if band::band_ui(ui, screen)
        && let Some(name) = screen.audit_name.clone()
    {
        // The band's date column changed: the data is read again with it.
        request = screen
            .start_load(doc, &name)
            .map(SectionRequest::Mitigation);
    }
    ui.separator();
    ui.heading("Per-group thresholds for a constraint");
    search::search_ui(ui, screen);
    ui.separator();
    ui.heading("Reweighing");
    if let Some(r) = reweigh::reweigh_ui(ui, screen) {
        request = Some(r);
    }
    ui.separator();
    ui.heading("Compare and adopt");
    if let Some(r) = adopt::adopt_ui(ui, screen, doc) {
        request = Some(r);
    }
    recorded::recorded_ui(ui, screen, doc);
    request
}

impl RunsSingleJob for MitigationScreen {
    type Output = MitigationOutput;

    fn job_and_error(&mut self) -> (&mut SingleJob, &mut Option<String>) {
        (&mut self.job, &mut self.error)
    }
}

impl super::screen::Screen for MitigationScreen {
    fn section(&self) -> super::sections::Section {
        super::sections::Section::Mitigations
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut super::screen::ScreenContext<'_>) {
        let request = mitigation_ui(ui, self, cx.doc);
        cx.request_some(request);
    }
}
