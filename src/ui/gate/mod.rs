//! Govern › Release gate: runs the deployment gate (`crate::analysis::gate`, what `riskbench check` runs)
//! as a background job the app starts ([`RunsSingleJob`]: progress and cancel in the status bar, Cancel here
//! too), shows the verdict, what blocks release grouped by kind, and a link from each item to where it comes
//! from (the risk, the audit, the dataset). This screen only draws the core's report.

use egui::{RichText, Ui};

use super::jobs::{JobActions, RunOutput, RunsSingleJob, SingleJob};
use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use super::widgets::JobClick;
use crate::analysis::gate::{CheckKind, GateLink, GateReport, evaluate};

/// A gate evaluation finished: the report.
pub type GateOutput = RunOutput<Box<GateReport>>;

/// The jobs the screen asks the app to start or cancel; a job's ticket is its run id.
pub type GateActions = JobActions<u64, GateOutput>;

/// The screen's state: the running evaluation and the last report.
#[derive(Default)]
pub struct GateScreen {
    job: SingleJob,
    /// The last gate report.
    pub report: Option<GateReport>,
    error: Option<String>,
}

impl GateScreen {
    /// The evaluation: whether it is running, its job id.
    #[must_use]
    pub fn job(&self) -> &SingleJob {
        &self.job
    }

    /// Asks the app to evaluate the gate on the open project in the background (replacing a running
    /// evaluation).
    pub fn start(&mut self, cx: &mut ScreenContext<'_>) {
        let project = cx.doc.project().clone();
        let base = cx
            .doc
            .base_dir()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        let label = project.metadata.system_name.clone();
        let today = cx.today;
        let actions = self.job.run("Evaluating the gate", move |control| {
            Ok(Box::new(evaluate(&project, &label, &base, today, control)?))
        });
        cx.request(SectionRequest::Gate(actions));
    }

    /// Takes a finished evaluation's report (an older run's is dropped).
    pub fn job_output(&mut self, output: GateOutput) {
        if let Some(report) = self.job.take(output) {
            self.report = Some(*report);
            self.error = None;
        }
    }
}

impl RunsSingleJob for GateScreen {
    type Output = GateOutput;

    fn job_and_error(&mut self) -> (&mut SingleJob, &mut Option<String>) {
        (&mut self.job, &mut self.error)
    }
}

fn link_request(link: &GateLink) -> (String, SectionRequest) {
    match link {
        GateLink::Risk { risk_id } => (
            format!("Open risk {risk_id}"),
            SectionRequest::ShowRisk(risk_id.clone()),
        ),
        GateLink::Audit { audit_id } => (
            format!("Open audit {audit_id}"),
            SectionRequest::Goto(Section::Fairness),
        ),
        GateLink::Dataset { dataset_id } => (
            format!("Open dataset {dataset_id}"),
            SectionRequest::Goto(Section::Datasets),
        ),
        GateLink::Rule { suite_id, index } => (
            format!("Open rule {} of {suite_id}", index + 1),
            SectionRequest::Goto(Section::Validation),
        ),
    }
}

/// "75 inconclusive, not blocking" and the folded list of those checks with their reasons.
fn inconclusive_ui(ui: &mut Ui, checks: &[&crate::analysis::gate::GateCheck]) {
    if checks.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!(
        "{} inconclusive, not blocking (a group below the minimum group size, or an undefined value)",
        checks.len()
    ))
    .id_salt("gate_inconclusive")
    .default_open(false)
    .show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("gate_inconclusive_scroll")
            .max_height(200.0)
            .show(ui, |ui| {
                for check in checks {
                    ui.label(
                        RichText::new(format!(
                            "{} ({}): {}",
                            check.subject, check.name, check.message
                        ))
                        .weak(),
                    );
                }
            });
    });
}

/// Selects what a link points to in its screen before the app shows that screen: the audit in the fairness
/// screen, the dataset's row (and its columns) in the datasets screen, the rule in the validation screen (on
/// its dataset). A risk is selected by the app (`ShowRisk`).
fn follow_link(link: &GateLink, cx: &mut ScreenContext<'_>) {
    use super::screen::screen_mut;
    match link {
        GateLink::Audit { audit_id } => {
            if let Some(screen) = screen_mut::<super::fairness::FairnessScreen>(cx.others) {
                screen.select_audit(audit_id);
            }
        }
        GateLink::Dataset { dataset_id } => {
            if let Some(screen) = screen_mut::<super::datasets::DatasetsScreen>(cx.others) {
                screen.focus(dataset_id);
            }
            if let Some(eda) = screen_mut::<super::eda::EdaScreen>(cx.others) {
                eda.select_dataset(dataset_id);
            }
        }
        GateLink::Rule { suite_id, index } => {
            let dataset = cx
                .doc
                .project()
                .validation_suites
                .iter()
                .find(|s| s.suite_id == *suite_id)
                .map(|s| s.dataset_id.clone());
            if let (Some(dataset_id), Some(screen)) = (
                dataset,
                screen_mut::<super::validation::ValidationScreen>(cx.others),
            ) {
                screen.focus_rule(&dataset_id, *index);
            }
        }
        GateLink::Risk { .. } => {}
    }
}

impl Screen for GateScreen {
    fn section(&self) -> Section {
        Section::ReleaseGate
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        ui.label(
            RichText::new(
                "The deployment gate, as `riskbench check` runs it in CI: every fairness check of the saved \
                 audits, blocking validation rules, dataset fingerprints, drift KRIs, and residual risks \
                 above appetite that are not formally accepted. Release is blocked while any fails.",
            )
            .weak(),
        );
        let clicked = ui
            .horizontal(|ui| {
                super::widgets::job_button(ui, &self.job, "Evaluating the gate…", "Run the gate")
            })
            .inner;
        match clicked {
            Some(JobClick::Start) => self.start(cx),
            Some(JobClick::Cancel(job_id)) => {
                cx.request(SectionRequest::Gate(GateActions::cancel(job_id)));
            }
            None => {}
        }
        if let Some(e) = &self.error {
            ui.colored_label(super::theme::error(), e);
        }
        let Some(report) = &self.report else {
            if !self.job.is_running() {
                ui.label("Not run yet.");
            }
            return;
        };
        ui.separator();
        let failures: Vec<_> = report.failures().collect();
        let inconclusive: Vec<_> = report.inconclusive().collect();
        if report.passed {
            ui.heading(
                RichText::new(format!(
                    "PASS: {} of {} checks pass",
                    report.checks.len() - inconclusive.len(),
                    report.checks.len()
                ))
                .color(super::theme::ok()),
            );
            inconclusive_ui(ui, &inconclusive);
            return;
        }
        ui.heading(
            RichText::new(format!(
                "FAIL: {} of {} checks block release",
                failures.len(),
                report.checks.len()
            ))
            .color(super::theme::error()),
        );
        inconclusive_ui(ui, &inconclusive);
        let mut requests = Vec::new();
        egui::ScrollArea::vertical().show(ui, |ui| {
            let mut kinds: Vec<CheckKind> = failures.iter().map(|c| c.kind).collect();
            kinds.dedup();
            for kind in kinds {
                let items: Vec<_> = failures.iter().filter(|c| c.kind == kind).collect();
                ui.add_space(6.0);
                // Long lists (hundreds of fairness checks) start folded so the rest stays in view.
                egui::CollapsingHeader::new(format!("{}: {} failing", kind.as_str(), items.len()))
                    .id_salt(kind.as_str())
                    .default_open(items.len() <= 20)
                    .show(ui, |ui| {
                        for check in items {
                            ui.horizontal_wrapped(|ui| {
                                ui.label(format!(
                                    "{} ({}): {}",
                                    check.subject, check.name, check.message
                                ));
                                if let Some(link) = &check.link {
                                    let (text, request) = link_request(link);
                                    if ui.link(text).clicked() {
                                        requests.push((link.clone(), request));
                                    }
                                }
                            });
                        }
                    });
            }
        });
        for (link, r) in requests {
            follow_link(&link, cx);
            cx.request(r);
        }
    }

    fn scrolls_itself(&self) -> bool {
        true
    }
}
