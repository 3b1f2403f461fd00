//! Measure › Validation: per dataset, its validation rules (Great Expectations style) with a rule editor
//! (column picked from the dataset's columns, severity, `mostly`, note), rules proposed from the dataset's
//! profile for the analyst to accept, a run in the background whose results show the failing values
//! (`partial_unexpected_counts`), "Create risk from finding" for a failed rule, and GX suite import/export
//! through a path field. Profiling, proposing and validating are the core's
//! (`crate::analysis::validation`); this screen draws and stores.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::{RichText, Ui};

use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use crate::analysis::findings::{failing_values_text, risk_from_rule, risk_of_rule};
use crate::analysis::profile::{ProfileOptions, profile_file};
use crate::analysis::task::TaskControl;
use crate::analysis::validation::propose::propose_rules;
use crate::analysis::validation::{ValidationReport, gx, validate_file};
use crate::model::file;
use crate::model::validation::{
    MissingReading, Severity, ValidationRule, ValidationSuite, next_suite_id,
};

enum JobResult {
    /// Proposed rules and the profiled columns.
    Proposal(Result<(Vec<ValidationRule>, Vec<String>), String>),
    Run(Result<ValidationReport, String>),
}

/// The screen's state.
#[derive(Default)]
pub struct ValidationScreen {
    /// The dataset shown.
    pub dataset_id: String,
    receiver: Option<Receiver<JobResult>>,
    /// Proposed rules with whether each is to be accepted.
    pub proposals: Vec<(bool, ValidationRule)>,
    /// Columns seen by the last profile (for the column pickers).
    columns: Vec<String>,
    /// The last run's report.
    pub report: Option<ValidationReport>,
    error: Option<String>,
    gx_path: String,
}

impl ValidationScreen {
    /// Whether a background job is running.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.receiver.is_some()
    }

    /// Waits for the running job and stores its result (tests).
    pub fn wait(&mut self) {
        if let Some(receiver) = self.receiver.take()
            && let Ok(result) = receiver.recv()
        {
            self.store(result);
        }
    }

    fn store(&mut self, result: JobResult) {
        match result {
            JobResult::Proposal(Ok((rules, columns))) => {
                self.proposals = rules.into_iter().map(|r| (true, r)).collect();
                self.columns = columns;
                self.error = None;
            }
            JobResult::Run(Ok(report)) => {
                self.report = Some(report);
                self.error = None;
            }
            JobResult::Proposal(Err(e)) | JobResult::Run(Err(e)) => self.error = Some(e),
        }
    }

    fn poll(&mut self) {
        let Some(receiver) = &self.receiver else {
            return;
        };
        if let Ok(result) = receiver.try_recv() {
            self.receiver = None;
            self.store(result);
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

    fn spawn(&mut self, job: impl FnOnce() -> JobResult + Send + 'static) {
        let (sender, receiver) = channel();
        match std::thread::Builder::new()
            .name("riskbench-validation".to_owned())
            .spawn(move || {
                let _ = sender.send(job());
            }) {
            Ok(_) => self.receiver = Some(receiver),
            Err(e) => self.error = Some(format!("cannot start the computation: {e}")),
        }
    }

    /// Profiles the dataset in the background and proposes rules from the profile.
    pub fn start_proposal(&mut self, cx: &ScreenContext<'_>) {
        let Some(path) = self.dataset_path(cx) else {
            self.error = Some("choose a dataset".to_owned());
            return;
        };
        self.spawn(move || {
            JobResult::Proposal(
                profile_file(&path, &ProfileOptions::default(), &TaskControl::new())
                    .map(|p| {
                        let columns = p.variables.iter().map(|v| v.name.clone()).collect();
                        (propose_rules(&p), columns)
                    })
                    .map_err(|e| e.to_string()),
            )
        });
    }

    /// Runs the dataset's suite in the background.
    pub fn start_run(&mut self, cx: &ScreenContext<'_>) {
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
        self.spawn(move || {
            JobResult::Run(
                validate_file(&path, &suite.name, &suite.rules, suite.reading, &declared)
                    .map_err(|e| e.to_string()),
            )
        });
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

fn rule_summary(rule: &ValidationRule) -> String {
    let ty = gx::expectation_type(&rule.kind);
    let kwargs = gx::kwargs(rule);
    let args: Vec<String> = kwargs
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "mostly" | "column"))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    match rule.kind.column() {
        Some(c) => format!("{ty} on {c} {}", args.join(" ")),
        None => format!("{ty} {}", args.join(" ")),
    }
}

/// The rule editor: column, severity, mostly, note, delete. Returns whether the rule is to be deleted.
fn rule_editor(ui: &mut Ui, index: usize, rule: &mut ValidationRule, columns: &[String]) -> bool {
    let mut delete = false;
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("{}.", index + 1));
        ui.label(rule_summary(rule));
        if let Some(current) = rule.kind.column().map(str::to_owned) {
            egui::ComboBox::from_id_salt(("rule-column", index))
                .selected_text(&current)
                .show_ui(ui, |ui| {
                    for c in columns {
                        if ui.selectable_label(*c == current, c).clicked() {
                            rule.kind.set_column(c);
                        }
                    }
                });
        }
        egui::ComboBox::from_id_salt(("rule-severity", index))
            .selected_text(rule.severity.as_str())
            .show_ui(ui, |ui| {
                for s in Severity::ALL {
                    ui.selectable_value(&mut rule.severity, s, s.as_str());
                }
            });
        if rule.kind.takes_mostly() {
            let mut on = rule.mostly.is_some();
            if ui.checkbox(&mut on, "mostly").changed() {
                rule.mostly = on.then_some(0.95);
            }
            if let Some(m) = &mut rule.mostly {
                ui.add(egui::DragValue::new(m).range(0.0..=1.0).speed(0.01));
            }
        }
        ui.add(egui::TextEdit::singleline(&mut rule.note).hint_text("note"));
        delete = ui.small_button("Delete").clicked();
    });
    delete
}

impl Screen for ValidationScreen {
    fn section(&self) -> Section {
        Section::Validation
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one screen: dataset, rules, proposals, run results, GX files"
    )]
    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        self.poll();
        ui.horizontal(|ui| {
            ui.label("Dataset");
            let project = cx.doc.project();
            let shown = project
                .dataset(&self.dataset_id)
                .map_or_else(|| "(choose)".to_owned(), |d| d.name.clone());
            egui::ComboBox::from_id_salt("validation-dataset")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for d in &project.datasets {
                        ui.selectable_value(&mut self.dataset_id, d.dataset_id.clone(), &d.name);
                    }
                });
        });
        if self.dataset_id.is_empty() {
            ui.label("Choose a dataset to see and edit its rules.");
            return;
        }
        if let Some(e) = &self.error {
            ui.colored_label(super::theme::error(), e);
        }
        let busy = self.is_running();
        ui.horizontal(|ui| {
            if busy {
                ui.spinner();
                ui.ctx().request_repaint();
            }
            if ui
                .add_enabled(!busy, egui::Button::new("Propose rules from the profile"))
                .clicked()
            {
                self.start_proposal(cx);
            }
            if ui.add_enabled(!busy, egui::Button::new("Run")).clicked() {
                self.start_run(cx);
            }
        });
        // Columns for the pickers: the last profile's, else the dataset's configured columns.
        let columns: Vec<String> = if self.columns.is_empty() {
            cx.doc
                .project()
                .dataset(&self.dataset_id)
                .map(|d| d.column_settings.iter().map(|c| c.name.clone()).collect())
                .unwrap_or_default()
        } else {
            self.columns.clone()
        };
        if let Some(report) = &self.report {
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
                    let (mark, colour) = if r.success {
                        ("pass", super::theme::ok())
                    } else {
                        ("FAIL", super::theme::error())
                    };
                    ui.label(RichText::new(mark).color(colour).strong());
                    ui.label(format!(
                        "{}. {} ({})",
                        i + 1,
                        r.expectation_type,
                        r.severity
                    ));
                    if !r.success {
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
        if !self.proposals.is_empty() {
            ui.separator();
            ui.heading(format!("Proposed rules ({})", self.proposals.len()));
            let mut accept = false;
            ui.horizontal(|ui| {
                accept = ui.button("Accept proposals").clicked();
                if ui.button("Discard proposals").clicked() {
                    self.proposals.clear();
                }
            });
            for (i, (keep, rule)) in self.proposals.iter_mut().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    ui.checkbox(keep, "");
                    let _ = rule_editor(ui, i, rule, &columns);
                });
            }
            if accept {
                self.accept_proposals(cx);
            }
        }
        ui.separator();
        ui.heading("Rules");
        let rules = suite_of(&cx.doc.project().validation_suites, &self.dataset_id)
            .map(|s| s.rules.clone())
            .unwrap_or_default();
        if rules.is_empty() {
            ui.label("No rules yet: propose them from the profile or import a GX suite.");
        }
        let mut edited = rules.clone();
        let mut deleted = None;
        for (i, rule) in edited.iter_mut().enumerate() {
            if rule_editor(ui, i, rule, &columns) {
                deleted = Some(i);
            }
        }
        if let Some(i) = deleted {
            edited.remove(i);
        }
        if edited != rules {
            let dataset_id = self.dataset_id.clone();
            cx.doc.edit(|p| {
                suite_entry(&mut p.validation_suites, &dataset_id).rules = edited;
            });
        }
        ui.separator();
        ui.horizontal(|ui| {
            ui.label("GX suite file");
            ui.text_edit_singleline(&mut self.gx_path);
            if ui.button("Import GX suite").clicked() {
                self.import_gx(cx);
            }
            if ui.button("Export GX suite").clicked() {
                self.export_gx(cx);
            }
        });
    }
}

impl ValidationScreen {
    fn import_gx(&mut self, cx: &mut ScreenContext<'_>) {
        let result = std::fs::read_to_string(&self.gx_path)
            .map_err(|e| format!("{}: {e}", self.gx_path))
            .and_then(|text| gx::parse_suite(&text).map_err(|e| format!("{}: {e}", self.gx_path)));
        match result {
            Ok(imported) => {
                let dataset_id = self.dataset_id.clone();
                cx.doc.edit(|p| {
                    let suite = suite_entry(&mut p.validation_suites, &dataset_id);
                    suite.name = imported.name;
                    suite.rules = imported.rules;
                });
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    fn export_gx(&mut self, cx: &mut ScreenContext<'_>) {
        let Some(suite) = suite_of(&cx.doc.project().validation_suites, &self.dataset_id) else {
            self.error = Some("the dataset has no rules to export".to_owned());
            return;
        };
        let doc = gx::export_suite(&suite.name, &suite.rules);
        let result = serde_json::to_string_pretty(&doc)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                file::write_atomic(std::path::Path::new(&self.gx_path), text.as_bytes())
                    .map_err(|e| format!("{}: {e}", self.gx_path))
            });
        match result {
            Ok(()) => {
                cx.request(SectionRequest::Notify(
                    super::notifications::Level::Info,
                    format!("exported {}", self.gx_path),
                ));
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }
}
