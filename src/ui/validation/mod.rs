//! Measure › Validation: per dataset, its validation rules (Great Expectations style) with a rule editor
//! (`editor`: type, column, bounds, value sets with suggestions from the profile, regex, `mostly`, severity,
//! note, with inline problems), a new rule from scratch, rules proposed from the dataset's profile for the
//! analyst to edit and accept, profiles and runs on a background job the app starts ([`RunsSingleJob`]:
//! progress and cancel in the status bar, Cancel here too) whose results show the failing values
//! (`partial_unexpected_counts`), "Create risk from finding" for a failed rule, and GX suite import/export
//! through the app's file dialog (or its path prompt). Profiling, proposing and validating are the core's
//! (`crate::analysis::validation`, `crate::analysis::validation_run`); this screen draws and stores. It opens
//! on the first dataset that has rules.

mod editor;

pub use editor::field_label;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use super::jobs::{JobActions, RunOutput, RunsSingleJob, SingleJob};
use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use crate::analysis::findings::{failing_values_text, risk_from_rule, risk_of_rule};
use crate::analysis::profile::{ProfileOptions, profile_file};
use crate::analysis::validation::propose::{propose_rules, value_suggestions};
use crate::analysis::validation::{ValidationReport, gx};
use crate::analysis::validation_run::{RunError, validate_file_cancellable};
use crate::model::file;
use crate::model::validation::{
    MissingReading, RuleKind, SetValue, ValidationRule, ValidationSuite, next_suite_id,
};
use crate::model::validation_edit::RuleType;
use editor::{EditorContext, RuleAction, rule_editor};

/// What the profile gave: columns and suggested set values, and proposals when asked for.
#[derive(Debug)]
pub struct Profiled {
    proposals: Option<Vec<ValidationRule>>,
    columns: Vec<String>,
    suggestions: BTreeMap<String, Vec<SetValue>>,
}

/// What a validation job computed; failures are shown on the screen.
#[derive(Debug)]
pub enum ValidationResult {
    /// The dataset was profiled.
    Profile(Result<Profiled, String>),
    /// The dataset's suite ran.
    Run(Result<ValidationReport, String>),
}

/// What a validation job computed, for which dataset.
#[derive(Debug)]
pub struct ValidationDone {
    /// The dataset it was for.
    pub dataset_id: String,
    /// What it computed.
    pub result: ValidationResult,
}

/// A validation job finished.
pub type ValidationOutput = RunOutput<ValidationDone>;

/// The jobs the screen asks the app to start or cancel; a job's ticket is its run id.
pub type ValidationActions = JobActions<u64, ValidationOutput>;

/// The screen's state.
pub struct ValidationScreen {
    /// The dataset shown.
    pub dataset_id: String,
    job: SingleJob,
    /// What the running job does.
    doing: &'static str,
    /// Proposed rules with whether each is to be accepted.
    pub proposals: Vec<(bool, ValidationRule)>,
    /// Columns seen by the last profile (for the column pickers), and the dataset they are of.
    columns: Vec<String>,
    /// Suggested set values per column from the last profile.
    suggestions: BTreeMap<String, Vec<SetValue>>,
    profiled: String,
    /// The last run's report.
    pub report: Option<ValidationReport>,
    error: Option<String>,
    /// The type of the next rule made from scratch.
    new_type: RuleType,
    /// The rule a link pointed to (0-based), marked and scrolled into view once.
    pub focus: Option<usize>,
    scroll: bool,
}

impl Default for ValidationScreen {
    fn default() -> Self {
        Self {
            dataset_id: String::new(),
            job: SingleJob::default(),
            doing: "",
            proposals: Vec::new(),
            columns: Vec::new(),
            suggestions: BTreeMap::new(),
            profiled: String::new(),
            report: None,
            error: None,
            new_type: RuleType::NotNull,
            focus: None,
            scroll: false,
        }
    }
}

impl ValidationScreen {
    /// The profile or run in the background: whether it is running, its job id.
    #[must_use]
    pub fn job(&self) -> &SingleJob {
        &self.job
    }

    /// The last error shown (a job's, an import's).
    #[must_use]
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Shows rule `index` (0-based) of the dataset's suite, marked and scrolled into view (a link from the
    /// release gate).
    pub fn focus_rule(&mut self, dataset_id: &str, index: usize) {
        if self.dataset_id != dataset_id {
            dataset_id.clone_into(&mut self.dataset_id);
            self.report = None;
            self.proposals.clear();
        }
        self.focus = Some(index);
        self.scroll = true;
    }

    /// Takes a finished job's output (an older run's is dropped); a profile is kept for its dataset, a
    /// report only while its dataset is shown.
    pub fn job_output(&mut self, output: ValidationOutput) {
        let Some(output) = self.job.take(output) else {
            return;
        };
        match output.result {
            ValidationResult::Profile(Ok(profiled)) => {
                if output.dataset_id == self.dataset_id
                    && let Some(rules) = profiled.proposals
                {
                    self.proposals = rules.into_iter().map(|r| (true, r)).collect();
                }
                self.columns = profiled.columns;
                self.suggestions = profiled.suggestions;
                self.profiled = output.dataset_id;
                self.error = None;
            }
            ValidationResult::Run(Ok(report)) => {
                if output.dataset_id == self.dataset_id {
                    self.report = Some(report);
                }
                self.error = None;
            }
            ValidationResult::Profile(Err(e)) | ValidationResult::Run(Err(e)) => {
                self.error = Some(e);
            }
        }
    }

    fn dataset_path(&self, cx: &ScreenContext<'_>) -> Option<PathBuf> {
        let base = cx
            .doc
            .base_dir()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        cx.doc
            .project()
            .dataset(&self.dataset_id)
            .map(|d| file::resolve_path(&d.path, &base))
    }

    /// Asks the app to run `job` (replacing a running one); `doing` is shown while it runs.
    fn spawn(
        &mut self,
        cx: &mut ScreenContext<'_>,
        name: String,
        doing: &'static str,
        work: impl FnOnce(&crate::analysis::task::TaskControl) -> anyhow::Result<ValidationResult>
        + Send
        + 'static,
    ) {
        self.doing = doing;
        let dataset_id = self.dataset_id.clone();
        let actions = self.job.run(name, move |control| {
            Ok(ValidationDone {
                dataset_id,
                result: work(control)?,
            })
        });
        cx.request(SectionRequest::Validation(actions));
    }

    /// Profiles the dataset in the background and proposes rules from the profile.
    pub fn start_proposal(&mut self, cx: &mut ScreenContext<'_>) {
        self.start_profile(cx, true);
    }

    /// The name of the dataset shown, for a job's name.
    fn dataset_name(&self, cx: &ScreenContext<'_>) -> String {
        cx.doc
            .project()
            .dataset(&self.dataset_id)
            .map_or_else(|| self.dataset_id.clone(), |d| d.name.clone())
    }

    /// Profiles the dataset in the background: its columns and suggested values for the editor, and rules
    /// proposed from the profile when `propose`.
    fn start_profile(&mut self, cx: &mut ScreenContext<'_>, propose: bool) {
        let Some(path) = self.dataset_path(cx) else {
            self.error = Some("choose a dataset".to_owned());
            return;
        };
        let doing = if propose {
            "Profiling and proposing rules…"
        } else {
            "Profiling for column values…"
        };
        let name = format!("Profiling {}", self.dataset_name(cx));
        self.spawn(cx, name, doing, move |control| {
            Ok(ValidationResult::Profile(
                profile_file(&path, &ProfileOptions::default(), control)
                    .map(|p| Profiled {
                        proposals: propose.then(|| propose_rules(&p)),
                        columns: p.variables.iter().map(|v| v.name.clone()).collect(),
                        suggestions: value_suggestions(&p),
                    })
                    .map_err(|e| e.to_string()),
            ))
        });
    }

    /// Runs the dataset's suite in the background.
    pub fn start_run(&mut self, cx: &mut ScreenContext<'_>) {
        let Some(path) = self.dataset_path(cx) else {
            self.error = Some("choose a dataset".to_owned());
            return;
        };
        let project = cx.doc.project();
        let Some(suite) = suite_of(&project.validation_suites, &self.dataset_id).cloned() else {
            self.error = Some("the dataset has no rules yet".to_owned());
            return;
        };
        let declared = project
            .dataset(&self.dataset_id)
            .map(|d| d.missing_tokens.clone())
            .unwrap_or_default();
        let name = format!("Validating {}", self.dataset_name(cx));
        self.spawn(
            cx,
            name,
            "Validating…",
            move |control| match validate_file_cancellable(
                &path,
                &suite.name,
                &suite.rules,
                suite.reading,
                &declared,
                control,
            ) {
                Ok(report) => Ok(ValidationResult::Run(Ok(report))),
                Err(RunError::Cancelled) => Err(crate::analysis::task::Cancelled.into()),
                Err(e @ RunError::Data(_)) => Ok(ValidationResult::Run(Err(e.to_string()))),
            },
        );
    }

    /// Adds the proposals marked for acceptance to the dataset's suite (created when missing).
    pub fn accept_proposals(&mut self, cx: &mut ScreenContext<'_>) {
        let accepted: Vec<ValidationRule> = self
            .proposals
            .drain(..)
            .filter(|(keep, _)| *keep)
            .map(|(_, r)| r)
            .collect();
        let dataset_id = self.dataset_id.clone();
        cx.doc.edit(|p| {
            let suite = suite_entry(&mut p.validation_suites, &dataset_id);
            suite.rules.extend(accepted);
        });
    }
}

fn suite_of<'a>(suites: &'a [ValidationSuite], dataset_id: &str) -> Option<&'a ValidationSuite> {
    suites.iter().find(|s| s.dataset_id == dataset_id)
}

fn suite_entry<'a>(
    suites: &'a mut Vec<ValidationSuite>,
    dataset_id: &str,
) -> &'a mut ValidationSuite {
    let index = if let Some(i) = suites.iter().position(|s| s.dataset_id == dataset_id) {
        i
    } else {
        let suite_id = next_suite_id(suites);
        suites.push(ValidationSuite {
            name: format!("{dataset_id} rules"),
            suite_id,
            dataset_id: dataset_id.to_owned(),
            rules: Vec::new(),
            reading: MissingReading::default(),
        });
        suites.len() - 1
    };
    &mut suites[index]
}

impl RunsSingleJob for ValidationScreen {
    type Output = ValidationOutput;

    fn job_and_error(&mut self) -> (&mut SingleJob, &mut Option<String>) {
        (&mut self.job, &mut self.error)
    }
}

impl Screen for ValidationScreen {
    fn section(&self) -> Section {
        Section::Validation
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        if self.dataset_id.is_empty() {
            // Open on the first dataset that has rules, so a project's suite shows at once.
            let project = cx.doc.project();
            if let Some(suite) = project
                .validation_suites
                .iter()
                .find(|s| project.dataset(&s.dataset_id).is_some())
            {
                self.dataset_id.clone_from(&suite.dataset_id);
            }
        }
        ui.horizontal(|ui| {
            ui.label("Dataset");
            let project = cx.doc.project();
            let shown = project
                .dataset(&self.dataset_id)
                .map_or_else(|| "(choose)".to_owned(), |d| d.name.clone());
            let before = self.dataset_id.clone();
            egui::ComboBox::from_id_salt("validation-dataset")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for d in &project.datasets {
                        ui.selectable_value(&mut self.dataset_id, d.dataset_id.clone(), &d.name);
                    }
                });
            if before != self.dataset_id {
                self.report = None;
                self.proposals.clear();
                self.focus = None;
            }
        });
        if self.dataset_id.is_empty() {
            ui.label("Choose a dataset to see and edit its rules.");
            return;
        }
        if let Some(e) = &self.error {
            ui.colored_label(super::theme::error(), e);
        }
        self.actions_ui(ui, cx);
        // Columns and suggestions for the pickers: the last profile's (of this dataset), else the dataset's
        // configured columns.
        let from_data = !(self.columns.is_empty() || self.profiled != self.dataset_id);
        let (columns, suggestions) = if from_data {
            (self.columns.clone(), self.suggestions.clone())
        } else {
            let configured = cx
                .doc
                .project()
                .dataset(&self.dataset_id)
                .map(|d| d.column_settings.iter().map(|c| c.name.clone()).collect())
                .unwrap_or_default();
            (configured, BTreeMap::new())
        };
        let editor_cx = EditorContext {
            columns: &columns,
            suggestions: &suggestions,
            columns_from_data: from_data,
        };
        egui::ScrollArea::vertical()
            .id_salt("validation_scroll")
            .show(ui, |ui| {
                self.results_ui(ui, cx);
                self.proposals_ui(ui, cx, &editor_cx);
                self.rules_ui(ui, cx, &editor_cx);
            });
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}

impl ValidationScreen {
    /// Profile, propose, run (with progress and Cancel while busy), GX import and export.
    fn actions_ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        ui.horizontal_wrapped(|ui| {
            if self.job.is_running() {
                if let Some(job_id) = super::widgets::job_status(ui, &self.job, self.doing) {
                    cx.request(SectionRequest::Validation(ValidationActions::cancel(
                        job_id,
                    )));
                }
                return;
            }
            if ui.button("Propose rules from the profile").clicked() {
                self.start_proposal(cx);
            }
            if ui
                .button("Suggest values from the profile")
                .on_hover_text(
                    "Profile the dataset for the column pickers and the values offered in value sets",
                )
                .clicked()
            {
                self.start_profile(cx, false);
            }
            if ui.button("Run").clicked() {
                self.start_run(cx);
            }
            ui.separator();
            if ui.button("Import GX suite…").clicked() {
                cx.request(SectionRequest::ImportGxSuite);
            }
            if ui.button("Export GX suite…").clicked() {
                cx.request(SectionRequest::ExportGxSuite);
            }
        });
    }

    fn results_ui(&self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let Some(report) = &self.report else {
            return;
        };
        ui.separator();
        ui.heading(format!(
            "Results: {} of {} rules pass",
            report.statistics.successful_expectations, report.statistics.evaluated_expectations
        ));
        let mut create = None;
        // Failed rules first, each with its failing values; passing rules are listed by number only.
        let passed: Vec<String> = report
            .results
            .iter()
            .enumerate()
            .filter(|(_, r)| r.success)
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        for (i, r) in report
            .results
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.success)
        {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("FAIL").color(super::theme::error()).strong());
                ui.label(format!(
                    "{}. {} ({})",
                    i + 1,
                    r.expectation_type,
                    r.severity
                ));
                ui.label(format!("failing: {}", failing_values_text(r)));
                let existing = suite_of(&cx.doc.project().validation_suites, &self.dataset_id)
                    .and_then(|s| risk_of_rule(cx.doc.project(), &s.suite_id, i))
                    .map(|r| r.risk_id.clone());
                match existing {
                    Some(risk_id) => {
                        if ui
                            .button(format!("Show {risk_id}"))
                            .on_hover_text(format!(
                                "{risk_id} was created from this finding: open it in the register"
                            ))
                            .clicked()
                        {
                            cx.request(SectionRequest::ShowRisk(risk_id));
                        }
                    }
                    None => {
                        if ui
                            .button(format!("Create risk from finding {}", i + 1))
                            .clicked()
                        {
                            create = Some(i);
                        }
                    }
                }
            });
        }
        if !passed.is_empty() {
            ui.label(RichText::new(format!("Passing rules: {}", passed.join(", "))).weak());
        }
        if let Some(i) = create {
            let project = cx.doc.project();
            if let (Some(dataset), Some(suite), Some(result)) = (
                project.dataset(&self.dataset_id),
                suite_of(&project.validation_suites, &self.dataset_id),
                report.results.get(i),
            ) {
                let risk = risk_from_rule(project, dataset, &suite.suite_id, i, result);
                let risk_id = risk.risk_id.clone();
                cx.doc.edit(|p| p.risks.push(risk));
                cx.request(SectionRequest::ShowRisk(risk_id));
            }
        }
    }

    fn proposals_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut ScreenContext<'_>,
        editor_cx: &EditorContext<'_>,
    ) {
        if self.proposals.is_empty() {
            return;
        }
        ui.separator();
        ui.heading(format!("Proposed rules ({})", self.proposals.len()));
        let mut accept = false;
        ui.horizontal(|ui| {
            accept = ui.button("Accept proposals").clicked();
            if ui.button("Discard proposals").clicked() {
                self.proposals.clear();
            }
        });
        let mut deleted = None;
        for (i, (keep, rule)) in self.proposals.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                let check = ui.checkbox(keep, "");
                let label = field_label("Proposal", i + 1, "accept");
                check.widget_info(|| egui::WidgetInfo::labeled(egui::Role::CheckBox, true, &label));
                ui.vertical(|ui| {
                    if rule_editor(ui, "Proposal", i + 1, rule, editor_cx) == RuleAction::Delete {
                        deleted = Some(i);
                    }
                });
            });
        }
        if let Some(i) = deleted {
            self.proposals.remove(i);
        }
        if accept {
            self.accept_proposals(cx);
        }
    }

    fn rules_ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>, editor_cx: &EditorContext<'_>) {
        ui.separator();
        ui.heading("Rules");
        let rules = suite_of(&cx.doc.project().validation_suites, &self.dataset_id)
            .map(|s| s.rules.clone())
            .unwrap_or_default();
        if rules.is_empty() {
            ui.label("No rules yet: add one, propose them from the profile, or import a GX suite.");
        }
        let mut edited = rules.clone();
        let mut deleted = None;
        let scroll = std::mem::take(&mut self.scroll);
        for (i, rule) in edited.iter_mut().enumerate() {
            let focused = self.focus == Some(i);
            let stroke = if focused {
                egui::Stroke::new(2.0, super::theme::warn())
            } else {
                egui::Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color)
            };
            let frame = egui::Frame::group(ui.style())
                .stroke(stroke)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    if rule_editor(ui, "Rule", i + 1, rule, editor_cx) == RuleAction::Delete {
                        deleted = Some(i);
                    }
                });
            if focused && scroll {
                frame.response.scroll_to_me(Some(egui::Align::Center));
            }
        }
        if let Some(i) = deleted {
            edited.remove(i);
            self.focus = None;
        }
        ui.horizontal(|ui| {
            ui.label("New rule");
            let options: Vec<(RuleType, String)> =
                RuleType::ALL.iter().map(|t| (*t, t.label())).collect();
            let shown = self.new_type.label();
            let response = egui::ComboBox::from_id_salt("validation-new-type")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for (t, text) in &options {
                        ui.selectable_value(&mut self.new_type, *t, text);
                    }
                })
                .response;
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "New rule type")
            });
            if ui.button("Add rule").clicked() {
                let first = if self.new_type.has_column() {
                    editor_cx.columns.first().cloned().unwrap_or_default()
                } else {
                    String::new()
                };
                let mut rule = ValidationRule::new(
                    self.new_type.convert(&RuleKind::NotNull { column: first }),
                );
                if matches!(rule.kind, RuleKind::ColumnsMatchSet { .. }) {
                    rule.kind = RuleKind::ColumnsMatchSet {
                        columns: editor_cx.columns.to_vec(),
                        exact_match: true,
                    };
                }
                edited.push(rule);
                self.focus = Some(edited.len() - 1);
                self.scroll = true;
            }
        });
        if edited != rules {
            let dataset_id = self.dataset_id.clone();
            cx.doc.edit(|p| {
                suite_entry(&mut p.validation_suites, &dataset_id).rules = edited;
            });
        }
    }

    /// Imports a GX 1.x suite file as the shown dataset's suite (its name and rules replace the suite's), as
    /// one undo step. Returns the message to show.
    ///
    /// # Errors
    /// A file that cannot be read or is not a valid suite (the message names the expectation's index).
    pub fn import_gx_file(
        &mut self,
        doc: &mut crate::model::Document,
        path: &Path,
    ) -> anyhow::Result<String> {
        if self.dataset_id.is_empty() {
            anyhow::bail!("choose a dataset before importing a suite");
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        let imported =
            gx::parse_suite(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let count = imported.rules.len();
        let name = imported.name.clone();
        // With the file's columns known (its profile), a rule naming a column the file lacks is said at once,
        // by its expectation index as the CLI says it; it is kept, and fails with that reason when run.
        let missing = (!self.columns.is_empty() && self.profiled == self.dataset_id)
            .then(|| crate::analysis::validation::missing_column_in(&self.columns, &imported.rules))
            .flatten();
        let dataset_id = self.dataset_id.clone();
        doc.edit(|p| {
            let suite = suite_entry(&mut p.validation_suites, &dataset_id);
            suite.name = imported.name;
            suite.rules = imported.rules;
        });
        self.report = None;
        self.focus = None;
        Ok(match missing {
            Some(problem) => format!(
                "Imported suite {name:?} ({count} rules); {problem}: that rule fails until the column exists"
            ),
            None => format!("Imported suite {name:?} ({count} rules)"),
        })
    }

    /// Writes the shown dataset's suite as a GX 1.x suite file. Returns the message to show.
    ///
    /// # Errors
    /// No suite to export, or the file cannot be written.
    pub fn export_gx_file(
        &self,
        doc: &crate::model::Document,
        path: &Path,
    ) -> anyhow::Result<String> {
        let Some(suite) = suite_of(&doc.project().validation_suites, &self.dataset_id) else {
            anyhow::bail!("the dataset has no rules to export");
        };
        let json = gx::export_suite(&suite.name, &suite.rules);
        let text = serde_json::to_string_pretty(&json)?;
        file::write_atomic(path, text.as_bytes())
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        Ok(format!(
            "Exported suite {:?} ({} rules) to {}",
            suite.name,
            suite.rules.len(),
            path.display()
        ))
    }

    /// A file name for the suite export: the suite's name, made safe.
    #[must_use]
    pub fn export_file_name(&self, project: &crate::model::Project) -> String {
        let name = suite_of(&project.validation_suites, &self.dataset_id)
            .map_or("validation-suite", |s| s.name.as_str());
        crate::ui::widgets::file_name_from_title(name, '-', "validation-suite", ".json")
    }
}
