//! Measure › Drift & monitoring: reference vs current (per-column table with the rule used, a chart of both
//! distributions, per-column test and threshold saved in the project), drift over time windows with the
//! fairness-over-time chart, and monitors that turn a value into a KRI on a register action.
//!
//! The computations run on a named background thread with progress and cancel; this screen only draws and
//! stores what the core returns (`crate::analysis::drift`).

use std::sync::mpsc::{Receiver, channel};

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoints};

use super::screen::{Screen, ScreenContext};
use super::sections::Section;
use crate::analysis::drift::windows::{WindowsReport, run_windows};
use crate::analysis::drift::{DriftReport, run_drift, summary_of, summary_of_windows};
use crate::analysis::task::TaskControl;
use crate::model::drift::{
    DriftMethod, DriftMonitor, DriftOptions, FairnessDriftSpec, KriDirection, SavedDrift,
    WindowSize, WindowSpec, next_id,
};
use crate::model::file;

/// What a finished job returns.
enum JobResult {
    Pair(Result<DriftReport, String>),
    Windows(Result<WindowsReport, String>),
}

struct Job {
    control: TaskControl,
    receiver: Receiver<JobResult>,
}

/// The screen's state.
#[derive(Default)]
pub struct DriftScreen {
    reference_id: String,
    current_id: String,
    time_column: String,
    window: Option<WindowSize>,
    label: String,
    prediction: String,
    sensitive: String,
    job: Option<Job>,
    /// The last two-file result.
    pub report: Option<DriftReport>,
    /// The last windowed result.
    pub windows: Option<WindowsReport>,
    /// The column opened for its chart.
    pub open_column: Option<String>,
    error: Option<String>,
    kri_risk: String,
    kri_threshold: f64,
}

impl DriftScreen {
    /// Chooses the reference and current datasets (ids; an empty current with windows).
    pub fn choose_datasets(&mut self, reference_id: &str, current_id: &str) {
        reference_id.clone_into(&mut self.reference_id);
        current_id.clone_into(&mut self.current_id);
    }

    /// Sets the windows and the fairness columns of "Run over time".
    pub fn choose_windows(
        &mut self,
        time: &str,
        window: WindowSize,
        label: &str,
        prediction: &str,
        sensitive: &str,
    ) {
        time.clone_into(&mut self.time_column);
        self.window = Some(window);
        label.clone_into(&mut self.label);
        prediction.clone_into(&mut self.prediction);
        sensitive.clone_into(&mut self.sensitive);
    }

    /// Chooses the risk whose first action gets the KRI.
    pub fn choose_kri_risk(&mut self, risk_id: &str) {
        risk_id.clone_into(&mut self.kri_risk);
    }

    /// Whether a computation is running.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    fn saved_id(&self) -> String {
        if self.current_id.is_empty() {
            format!("{}:windows", self.reference_id)
        } else {
            format!("{}:{}", self.reference_id, self.current_id)
        }
    }

    fn saved<'a>(&self, drifts: &'a [SavedDrift]) -> Option<&'a SavedDrift> {
        drifts.iter().find(|d| d.name == self.saved_id())
    }

    fn poll(&mut self, cx: &mut ScreenContext<'_>) {
        let Some(job) = &self.job else { return };
        let Ok(result) = job.receiver.try_recv() else {
            return;
        };
        self.job = None;
        let name = self.saved_id();
        let (summary, windows) = match result {
            JobResult::Pair(Ok(r)) => {
                let s = summary_of(&r);
                self.report = Some(r);
                (s, None)
            }
            JobResult::Windows(Ok(r)) => {
                let s = summary_of_windows(&r);
                self.windows = Some(r);
                (s, Some(self.window_spec()))
            }
            JobResult::Pair(Err(e)) | JobResult::Windows(Err(e)) => {
                self.error = Some(e);
                return;
            }
        };
        self.error = None;
        let (reference_id, current_id) = (self.reference_id.clone(), self.current_id.clone());
        cx.doc.edit(|p| {
            let id = next_id("drift", p.drift.drifts.iter().map(|d| d.drift_id.as_str()));
            let entry = match p.drift.drifts.iter().position(|d| d.name == name) {
                Some(i) => &mut p.drift.drifts[i],
                None => {
                    p.drift.drifts.push(SavedDrift {
                        drift_id: id,
                        name: name.clone(),
                        reference_dataset_id: reference_id,
                        current_dataset_id: current_id,
                        ..SavedDrift::default()
                    });
                    let last = p.drift.drifts.len() - 1;
                    &mut p.drift.drifts[last]
                }
            };
            entry.result = Some(summary);
            if windows.is_some() {
                entry.windows = windows;
            }
            let flags = p.drift.refresh_monitors(&mut p.risks);
            for (risk_id, reason) in flags {
                if let Some(r) = p.risks.iter_mut().find(|r| r.risk_id == risk_id) {
                    r.needs_review = Some(reason);
                }
            }
        });
    }

    fn window_spec(&self) -> WindowSpec {
        let sensitive: Vec<String> = self
            .sensitive
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        WindowSpec {
            time_column: self.time_column.trim().to_owned(),
            window: self.window.unwrap_or(WindowSize::Month),
            reference_window: 1,
            fairness: (!self.label.trim().is_empty() && !sensitive.is_empty()).then(|| {
                FairnessDriftSpec {
                    label: self.label.trim().to_owned(),
                    prediction: Some(self.prediction.trim().to_owned()),
                    sensitive,
                    ..FairnessDriftSpec::default()
                }
            }),
        }
    }

    fn start(&mut self, cx: &ScreenContext<'_>, windows: bool) {
        let project = cx.doc.project();
        let base = cx
            .doc
            .base_dir()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        let path_of = |id: &str| {
            project
                .dataset(id)
                .map(|d| file::resolve_path(&d.path, &base))
        };
        let Some(reference) = path_of(&self.reference_id) else {
            self.error = Some("choose a reference dataset".to_owned());
            return;
        };
        let current = path_of(&self.current_id);
        let options = self
            .saved(&project.drift.drifts)
            .map(|d| d.options.clone())
            .unwrap_or_default();
        let settings = project.settings.fairness.clone();
        let spec = self.window_spec();
        let control = TaskControl::new();
        let worker = control.clone();
        let (sender, receiver) = channel();
        if !windows && current.is_none() {
            self.error = Some("choose a current dataset".to_owned());
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("riskbench-drift".to_owned())
            .spawn(move || {
                let result = match (windows, current) {
                    (false, Some(current)) => JobResult::Pair(
                        run_drift(&reference, &current, &options, &worker)
                            .map_err(|e| e.to_string()),
                    ),
                    _ => JobResult::Windows(
                        run_windows(&reference, &spec, &options, &settings, None, &worker)
                            .map_err(|e| e.to_string()),
                    ),
                };
                let _ = sender.send(result);
            });
        match spawned {
            Ok(_) => self.job = Some(Job { control, receiver }),
            Err(e) => self.error = Some(format!("cannot start the computation: {e}")),
        }
    }
}

fn dataset_combo(ui: &mut Ui, label: &str, value: &mut String, cx: &ScreenContext<'_>) {
    let project = cx.doc.project();
    let shown = project
        .dataset(value)
        .map_or_else(|| "(none)".to_owned(), |d| d.name.clone());
    ui.label(label);
    egui::ComboBox::from_id_salt(label)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, String::new(), "(none)");
            for d in &project.datasets {
                ui.selectable_value(value, d.dataset_id.clone(), &d.name);
            }
        });
}

fn fmt(v: f64) -> String {
    if v != 0.0 && v.abs() < 1e-3 {
        format!("{v:.2e}")
    } else {
        format!("{v:.4}")
    }
}

impl Screen for DriftScreen {
    fn section(&self) -> Section {
        Section::Drift
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        self.poll(cx);
        ui.label(
            RichText::new(
                "Types are decided from the current data as Evidently 0.7 does: floats numeric; integers \
                 categorical with at most 10 distinct values; text categorical unless more than half of its \
                 values are distinct (free text is not tested); dates not tested. Missing values (empty, \
                 NaN, ±inf) are dropped from each side before testing.",
            )
            .weak(),
        );
        ui.separator();
        ui.heading("Reference vs current");
        ui.horizontal(|ui| {
            let mut r = std::mem::take(&mut self.reference_id);
            dataset_combo(ui, "Reference", &mut r, cx);
            self.reference_id = r;
            let mut c = std::mem::take(&mut self.current_id);
            dataset_combo(ui, "Current", &mut c, cx);
            self.current_id = c;
            if ui
                .add_enabled(self.job.is_none(), egui::Button::new("Compare datasets"))
                .clicked()
            {
                self.start(cx, false);
            }
        });
        ui.horizontal(|ui| {
            ui.label("Date column");
            ui.add(egui::TextEdit::singleline(&mut self.time_column).desired_width(110.0))
                .labelled_by(ui.label("").id);
            egui::ComboBox::from_id_salt("drift-window")
                .selected_text(self.window.unwrap_or(WindowSize::Month).as_str())
                .show_ui(ui, |ui| {
                    for w in [
                        WindowSize::Day,
                        WindowSize::Week,
                        WindowSize::Month,
                        WindowSize::Quarter,
                    ] {
                        ui.selectable_value(&mut self.window, Some(w), w.as_str());
                    }
                });
            for (name, value) in [
                ("Label", &mut self.label),
                ("Prediction", &mut self.prediction),
                ("Sensitive", &mut self.sensitive),
            ] {
                let l = ui.label(name);
                ui.add(egui::TextEdit::singleline(value).desired_width(90.0))
                    .labelled_by(l.id);
            }
            if ui
                .add_enabled(self.job.is_none(), egui::Button::new("Run over time"))
                .clicked()
            {
                self.start(cx, true);
            }
        });
        if let Some(job) = &self.job {
            let mut cancel = false;
            ui.horizontal(|ui| {
                ui.add(egui::ProgressBar::new(job.control.progress()).desired_width(200.0));
                cancel = ui.button("Cancel").clicked();
            });
            if cancel {
                job.control.cancel();
            }
            ui.ctx().request_repaint();
        }
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        self.pair_ui(ui, cx);
        self.windows_ui(ui, cx);
    }
}

impl DriftScreen {
    fn pair_ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let Some(report) = &self.report else { return };
        ui.label(format!(
            "{} of {} columns drifted ({:.0} %); dataset drift: {}",
            report.drift.drifted_columns.len(),
            report.drift.columns.len(),
            report.drift.drifted_share * 100.0,
            if report.drift.dataset_drift {
                "yes"
            } else {
                "no"
            }
        ));
        let mut open = None;
        egui::Grid::new("drift-columns")
            .striped(true)
            .show(ui, |ui| {
                for h in [
                    "Column",
                    "Type",
                    "Test",
                    "Statistic",
                    "p-value",
                    "Threshold",
                    "Drift",
                    "PSI",
                    "",
                ] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for (name, d) in &report.drift.columns {
                    ui.label(name).on_hover_text(&d.rule);
                    ui.label(d.kind.as_str());
                    ui.label(d.method.as_str()).on_hover_text(&d.rule);
                    ui.label(fmt(d.statistic));
                    ui.label(d.p_value.map_or_else(|| "—".to_owned(), fmt));
                    ui.label(fmt(d.threshold));
                    ui.label(if d.drift { "yes" } else { "no" });
                    ui.label(format!("{} ({})", fmt(d.psi), d.psi_band.label()))
                        .on_hover_text(format!("{}\n{}", d.bins, d.warnings.join("\n")));
                    if ui.button(format!("Open {name}")).clicked() {
                        open = Some(name.clone());
                    }
                    ui.end_row();
                }
            });
        for s in &report.drift.skipped {
            ui.label(RichText::new(format!("Not tested: {}", s.reason)).weak());
        }
        if open.is_some() {
            self.open_column = open;
        }
        let Some(name) = self.open_column.clone() else {
            return;
        };
        let Some(d) = report.drift.columns.get(&name) else {
            return;
        };
        ui.separator();
        ui.label(RichText::new(format!("{name}: {}", d.rule)).strong());
        let bars = |values: &[f64], offset: f64| -> Vec<Bar> {
            values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    #[expect(clippy::cast_precision_loss, reason = "few bins")]
                    let x = i as f64 + offset;
                    Bar::new(x, *v).width(0.4)
                })
                .collect()
        };
        Plot::new("drift-distribution")
            .height(180.0)
            .legend(Legend::default())
            .show(ui, |plot| {
                plot.bar_chart(BarChart::new(
                    "Reference",
                    bars(&d.distribution.reference, -0.2),
                ));
                plot.bar_chart(BarChart::new("Current", bars(&d.distribution.current, 0.2)));
            });
        // Per-column test and threshold, saved in the project.
        let saved_id = self.saved_id();
        let current = cx
            .doc
            .project()
            .drift
            .drifts
            .iter()
            .find(|s| s.name == saved_id)
            .and_then(|s| s.options.overrides.get(&name).cloned())
            .unwrap_or_default();
        let mut method = current.method.unwrap_or(d.method);
        let mut threshold = current.threshold.unwrap_or(d.threshold);
        ui.horizontal(|ui| {
            ui.label("Test");
            egui::ComboBox::from_id_salt("drift-method")
                .selected_text(method.as_str())
                .show_ui(ui, |ui| {
                    for m in DriftMethod::ALL {
                        ui.selectable_value(&mut method, m, m.as_str());
                    }
                });
            let l = ui.label("Threshold");
            ui.add(
                egui::DragValue::new(&mut threshold)
                    .speed(0.005)
                    .range(0.0..=10.0),
            )
            .labelled_by(l.id);
        });
        if method != current.method.unwrap_or(d.method)
            || (threshold - current.threshold.unwrap_or(d.threshold)).abs() > f64::EPSILON
        {
            let (rid, cid) = (self.reference_id.clone(), self.current_id.clone());
            cx.doc.edit(|p| {
                let id = next_id("drift", p.drift.drifts.iter().map(|d| d.drift_id.as_str()));
                if !p.drift.drifts.iter().any(|d| d.name == saved_id) {
                    p.drift.drifts.push(SavedDrift {
                        drift_id: id,
                        name: saved_id.clone(),
                        reference_dataset_id: rid,
                        current_dataset_id: cid,
                        options: DriftOptions::default(),
                        ..SavedDrift::default()
                    });
                }
                if let Some(s) = p.drift.drifts.iter_mut().find(|d| d.name == saved_id) {
                    let o = s.options.overrides.entry(name.clone()).or_default();
                    o.method = Some(method);
                    o.threshold = Some(threshold);
                }
            });
        }
    }

    fn windows_ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let Some(report) = &self.windows else { return };
        ui.separator();
        ui.heading("Over time");
        let labels: Vec<String> = report.windows.iter().map(|w| w.label.clone()).collect();
        ui.label(format!("Windows: {}", labels.join(", ")));
        for w in &report.windows {
            for p in &w.problems {
                ui.label(RichText::new(p).weak());
            }
        }
        let threshold = cx.doc.project().settings.fairness.difference_max;
        let sensitives: Vec<String> = report
            .windows
            .iter()
            .flat_map(|w| w.fairness.iter().map(|f| f.sensitive.join("×")))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        Plot::new("fairness-drift")
            .height(200.0)
            .legend(Legend::default())
            .show(ui, |plot| {
                for s in &sensitives {
                    let points: Vec<[f64; 2]> = report
                        .windows
                        .iter()
                        .enumerate()
                        .filter_map(|(i, w)| {
                            let f = w.fairness.iter().find(|f| f.sensitive.join("×") == *s)?;
                            #[expect(clippy::cast_precision_loss, reason = "few windows")]
                            let x = i as f64;
                            Some([
                                x,
                                f.summary
                                    .get("demographic_parity_difference")
                                    .copied()
                                    .flatten()?,
                            ])
                        })
                        .collect();
                    plot.line(Line::new(
                        format!("DP difference ({s})"),
                        PlotPoints::from(points),
                    ));
                }
                #[expect(clippy::cast_precision_loss, reason = "few windows")]
                let last = report.windows.len().saturating_sub(1) as f64;
                plot.line(Line::new(
                    "Threshold",
                    PlotPoints::from(vec![[0.0, threshold], [last, threshold]]),
                ));
            });
        // Monitor → KRI on a risk's action.
        let risks: Vec<(String, String)> = cx
            .doc
            .project()
            .risks
            .iter()
            .filter_map(|r| {
                r.actions
                    .first()
                    .map(|a| (r.risk_id.clone(), a.action_id.clone()))
            })
            .collect();
        if sensitives.is_empty() || risks.is_empty() {
            return;
        }
        if self.kri_threshold == 0.0 {
            self.kri_threshold = threshold;
        }
        ui.horizontal(|ui| {
            ui.label("Watch as a KRI on");
            egui::ComboBox::from_id_salt("kri-risk")
                .selected_text(if self.kri_risk.is_empty() {
                    "(risk)"
                } else {
                    &self.kri_risk
                })
                .show_ui(ui, |ui| {
                    for (r, _) in &risks {
                        ui.selectable_value(&mut self.kri_risk, r.clone(), r);
                    }
                });
            let l = ui.label("threshold");
            ui.add(egui::DragValue::new(&mut self.kri_threshold).speed(0.01))
                .labelled_by(l.id);
            if ui.button("Add KRI").clicked()
                && let Some((risk_id, action_id)) = risks.iter().find(|(r, _)| *r == self.kri_risk)
            {
                let name = self.saved_id();
                let metric = format!("fairness:{}:demographic_parity_difference", sensitives[0]);
                let (risk_id, action_id, kri_threshold) =
                    (risk_id.clone(), action_id.clone(), self.kri_threshold);
                cx.doc.edit(|p| {
                    let Some(drift_id) = p
                        .drift
                        .drifts
                        .iter()
                        .find(|d| d.name == name)
                        .map(|d| d.drift_id.clone())
                    else {
                        return;
                    };
                    let monitor_id = next_id(
                        "kri",
                        p.drift.monitors.iter().map(|m| m.monitor_id.as_str()),
                    );
                    p.drift.monitors.push(DriftMonitor {
                        monitor_id,
                        drift_id,
                        metric,
                        threshold: kri_threshold,
                        direction: KriDirection::AtMost,
                        latest_value: None,
                        risk_id: risk_id.clone(),
                        action_id,
                    });
                    for (rid, reason) in p.drift.refresh_monitors(&mut p.risks) {
                        if let Some(r) = p.risks.iter_mut().find(|r| r.risk_id == rid) {
                            r.needs_review = Some(reason);
                        }
                    }
                    if let Some(d) = p.drift.drifts.iter().find(|d| d.name == name)
                        && let Some(r) = p.risks.iter_mut().find(|r| r.risk_id == risk_id)
                    {
                        r.evidence.push(crate::model::register::EvidenceLink {
                            kind: crate::model::register::EvidenceKind::DriftResult,
                            reference: d.drift_id.clone(),
                            dataset_sha256: d.result.as_ref().map(|s| s.current_sha256.clone()),
                            note: "fairness drift (demographic parity difference per window)"
                                .to_owned(),
                            dataset_id: d.reference_dataset_id.clone(),
                            check: None,
                        });
                    }
                });
            }
        });
        for m in &cx.doc.project().drift.monitors {
            ui.label(format!(
                "{} on {} / {}: {}",
                m.monitor_id,
                m.risk_id,
                m.action_id,
                m.kri_text()
            ));
        }
    }
}
