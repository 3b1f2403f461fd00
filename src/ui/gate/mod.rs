//! Govern › Release gate: runs the deployment gate (`crate::analysis::gate`, what `riskbench check` runs) on
//! a background thread, shows the verdict, what blocks release grouped by kind, and a link from each item to
//! where it comes from (the risk, the audit, the dataset). This screen only draws the core's report.

use std::sync::mpsc::{Receiver, channel};

use egui::{RichText, Ui};

use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use crate::analysis::gate::{CheckKind, GateLink, GateReport, evaluate};
use crate::analysis::task::TaskControl;

struct Job {
    control: TaskControl,
    receiver: Receiver<Result<GateReport, String>>,
}

/// The screen's state: the running evaluation and the last report.
#[derive(Default)]
pub struct GateScreen {
    job: Option<Job>,
    /// The last gate report.
    pub report: Option<GateReport>,
    error: Option<String>,
}

impl GateScreen {
    /// Whether an evaluation is running.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    fn poll(&mut self) {
        let Some(job) = &self.job else { return };
        let Ok(result) = job.receiver.try_recv() else {
            return;
        };
        self.job = None;
        match result {
            Ok(report) => {
                self.report = Some(report);
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Starts evaluating the gate on the open project (in the background).
    pub fn start(&mut self, cx: &ScreenContext<'_>) {
        let project = cx.doc.project().clone();
        let base = cx
            .doc
            .base_dir()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        let label = project.metadata.system_name.clone();
        let today = cx.today;
        let control = TaskControl::new();
        let worker = control.clone();
        let (sender, receiver) = channel();
        let spawned = std::thread::Builder::new()
            .name("riskbench-gate".to_owned())
            .spawn(move || {
                let result = evaluate(&project, &label, &base, today, &worker)
                    .map_err(|_| "cancelled".to_owned());
                let _ = sender.send(result);
            });
        match spawned {
            Ok(_) => self.job = Some(Job { control, receiver }),
            Err(e) => self.error = Some(format!("cannot start the gate: {e}")),
        }
    }

    /// Waits for a running evaluation (tests).
    pub fn wait(&mut self) {
        if let Some(job) = &self.job
            && let Ok(result) = job.receiver.recv()
        {
            self.job = None;
            match result {
                Ok(report) => self.report = Some(report),
                Err(e) => self.error = Some(e),
            }
        }
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
        self.poll();
        ui.label(
            RichText::new(
                "The deployment gate, as `riskbench check` runs it in CI: every fairness check of the saved \
                 audits, blocking validation rules, dataset fingerprints, drift KRIs, and residual risks \
                 above appetite that are not formally accepted. Release is blocked while any fails.",
            )
            .weak(),
        );
        ui.horizontal(|ui| {
            let running = self.job.as_ref().map(|j| &j.control);
            if super::widgets::job_button(ui, running, "Evaluating the gate…", "Run the gate") {
                self.start(cx);
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(super::theme::error(), e);
        }
        let Some(report) = &self.report else {
            ui.label("Not run yet.");
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
