//! The "Monitors (KRIs)" tab: a value of the shown drift result (a column's statistic or PSI, a fairness
//! metric of the latest window) becomes a key risk indicator on a register action, with a threshold and the
//! side that is fine; the risk gets an evidence link to the drift result. Every KRI of the project is listed
//! with its latest value and status; a breached KRI flags its risk for review.

use egui::{RichText, Ui};

use super::{DriftScreen, apply_monitors};
use crate::analysis::drift::series::{fairness_threshold, kri_direction};
use crate::model::drift::{
    DriftMethod, DriftMonitor, DriftSummary, KriDirection, KriStatus, next_id,
};
use crate::model::register::{EvidenceKind, EvidenceLink};
use crate::ui::screen::ScreenContext;

/// The values of a saved result a KRI can watch, with a default threshold and direction each.
fn candidates(
    summary: &DriftSummary,
    thresholds: &crate::model::settings::FairnessThresholds,
) -> Vec<(String, f64, KriDirection)> {
    let mut out = Vec::new();
    for s in &summary.fairness_series {
        if s.group.is_empty()
            && let Some((t, d)) = fairness_threshold(&s.metric, thresholds)
        {
            out.push((format!("fairness:{}:{}", s.sensitive, s.metric), t, d));
        }
    }
    for s in &summary.fairness_series {
        if !s.group.is_empty() {
            let latest = s.values.iter().rev().find_map(|v| *v).unwrap_or(0.0);
            out.push((
                format!("fairness:{}:{}:{}", s.sensitive, s.metric, s.group),
                latest,
                KriDirection::AtLeast,
            ));
        }
    }
    for c in &summary.columns {
        let direction = DriftMethod::parse(&c.method).map_or(KriDirection::AtMost, kri_direction);
        out.push((format!("column:{}", c.column), c.threshold, direction));
        out.push((format!("psi:{}", c.column), 0.25, KriDirection::AtMost));
    }
    out
}

/// A risk's id, title and its actions (id, description).
type RiskActions = (String, String, Vec<(String, String)>);

fn op(d: KriDirection) -> &'static str {
    match d {
        KriDirection::AtMost => "≤",
        KriDirection::AtLeast => "≥",
    }
}

impl DriftScreen {
    pub(super) fn monitors_tab(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        self.kri_editor(ui, cx);
        ui.separator();
        ui.heading("KRIs of this project");
        let project = cx.doc.project();
        if project.drift.monitors.is_empty() {
            ui.label(RichText::new("No KRI yet.").weak());
            return;
        }
        let mut remove = None;
        egui::Grid::new("drift-monitors")
            .striped(true)
            .show(ui, |ui| {
                for h in [
                    "KRI",
                    "Drift",
                    "Metric",
                    "Threshold",
                    "Latest",
                    "Status",
                    "Risk / action",
                    "Risk flag",
                    "",
                ] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for m in &project.drift.monitors {
                    ui.label(&m.monitor_id);
                    ui.label(
                        project
                            .drift
                            .drifts
                            .iter()
                            .find(|d| d.drift_id == m.drift_id)
                            .map_or(m.drift_id.as_str(), |d| d.name.as_str()),
                    );
                    ui.label(&m.metric);
                    ui.label(format!("{} {}", op(m.direction), m.threshold));
                    ui.label(
                        m.latest_value
                            .map_or_else(|| "—".to_owned(), |v| format!("{v:.4}")),
                    );
                    let status = m.status();
                    let colour = match status {
                        KriStatus::Breached => ui.visuals().error_fg_color,
                        KriStatus::Ok => ui.visuals().text_color(),
                        KriStatus::NoData => ui.visuals().weak_text_color(),
                    };
                    ui.colored_label(colour, status.label());
                    ui.label(format!("{} / {}", m.risk_id, m.action_id));
                    let flag = project
                        .risks
                        .iter()
                        .find(|r| r.risk_id == m.risk_id)
                        .and_then(|r| r.needs_review.clone())
                        .unwrap_or_default();
                    ui.label(if flag.is_empty() {
                        "—".to_owned()
                    } else {
                        "needs review".to_owned()
                    })
                    .on_hover_text(flag);
                    if ui.button(format!("Remove {}", m.monitor_id)).clicked() {
                        remove = Some(m.monitor_id.clone());
                    }
                    ui.end_row();
                }
            });
        if let Some(id) = remove {
            cx.doc
                .edit(|p| p.drift.monitors.retain(|m| m.monitor_id != id));
        }
    }

    fn kri_editor(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        ui.heading("Watch a value as a KRI");
        let project = cx.doc.project();
        let Some(drift) = self.saved(project).filter(|d| d.result.is_some()).cloned() else {
            ui.label(
                RichText::new(
                    "Run a drift first: a KRI reads its values from a saved drift result.",
                )
                .weak(),
            );
            return;
        };
        let Some(summary) = drift.result.as_ref() else {
            return;
        };
        let options = candidates(summary, &project.settings.fairness);
        if options.is_empty() {
            ui.label(RichText::new("This drift result has no value to watch.").weak());
            return;
        }
        if !options.iter().any(|(m, _, _)| *m == self.kri.metric) {
            let (m, t, d) = options[0].clone();
            self.kri.metric = m;
            self.kri.threshold = t;
            self.kri.direction = d;
        }
        let risks: Vec<RiskActions> = project
            .risks
            .iter()
            .filter(|r| !r.actions.is_empty())
            .map(|r| {
                (
                    r.risk_id.clone(),
                    r.title.clone(),
                    r.actions
                        .iter()
                        .map(|a| (a.action_id.clone(), a.description.clone()))
                        .collect(),
                )
            })
            .collect();
        ui.label(format!("From {} ({}).", drift.name, drift.drift_id));
        let mut add = false;
        egui::Grid::new("drift-kri-editor").show(ui, |ui| {
            let l = ui.label("Value");
            let mut chosen = None;
            egui::ComboBox::from_id_salt("drift-kri-metric")
                .selected_text(&self.kri.metric)
                .width(380.0)
                .show_ui(ui, |ui| {
                    for (m, t, d) in &options {
                        if ui.selectable_label(*m == self.kri.metric, m).clicked() {
                            chosen = Some((m.clone(), *t, *d));
                        }
                    }
                })
                .response
                .labelled_by(l.id)
                .on_hover_text(
                    "column:NAME the column's statistic, psi:NAME its PSI (latest window with windows), \
                     fairness:SENSITIVE:METRIC[:GROUP] the latest window's value",
                );
            if let Some((m, t, d)) = chosen {
                self.kri.metric = m;
                self.kri.threshold = t;
                self.kri.direction = d;
            }
            ui.end_row();
            let l = ui.label("Fine when the value is");
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt("drift-kri-direction")
                    .selected_text(op(self.kri.direction))
                    .width(50.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.kri.direction, KriDirection::AtMost, "≤");
                        ui.selectable_value(&mut self.kri.direction, KriDirection::AtLeast, "≥");
                    })
                    .response
                    .labelled_by(l.id);
                ui.add(egui::DragValue::new(&mut self.kri.threshold).speed(0.005))
                    .on_hover_text("threshold");
            });
            ui.end_row();
            let l = ui.label("On the action of risk");
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt("kri-risk")
                    .selected_text(if self.kri.risk_id.is_empty() { "(risk)" } else { &self.kri.risk_id })
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        for (id, title, _) in &risks {
                            ui.selectable_value(&mut self.kri.risk_id, id.clone(), format!("{id} {title}"));
                        }
                    })
                    .response
                    .labelled_by(l.id);
                let actions = risks
                    .iter()
                    .find(|(id, _, _)| *id == self.kri.risk_id)
                    .map(|(_, _, a)| a.clone())
                    .unwrap_or_default();
                if !actions.iter().any(|(a, _)| *a == self.kri.action_id) {
                    self.kri.action_id = actions.first().map(|(a, _)| a.clone()).unwrap_or_default();
                }
                egui::ComboBox::from_id_salt("kri-action")
                    .selected_text(if self.kri.action_id.is_empty() { "(action)" } else { &self.kri.action_id })
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        for (id, description) in &actions {
                            ui.selectable_value(&mut self.kri.action_id, id.clone(), format!("{id} {description}"));
                        }
                    });
            });
            ui.end_row();
            add = ui
                .add_enabled(!self.kri.action_id.is_empty(), egui::Button::new("Add KRI"))
                .clicked();
            if risks.is_empty() {
                ui.label(RichText::new("No risk has an action yet: add one in Map › Risk register.").weak());
            }
            ui.end_row();
        });
        if add {
            let kri = self.kri.clone();
            let drift_id = drift.drift_id.clone();
            let (dataset_id, sha) = (
                drift.reference_dataset_id.clone(),
                summary.current_sha256.clone(),
            );
            cx.doc.edit(|p| {
                let monitor_id = next_id(
                    "kri",
                    p.drift.monitors.iter().map(|m| m.monitor_id.as_str()),
                );
                p.drift.monitors.push(DriftMonitor {
                    monitor_id,
                    drift_id: drift_id.clone(),
                    metric: kri.metric.clone(),
                    threshold: kri.threshold,
                    direction: kri.direction,
                    latest_value: None,
                    risk_id: kri.risk_id.clone(),
                    action_id: kri.action_id.clone(),
                });
                if let Some(r) = p.risks.iter_mut().find(|r| r.risk_id == kri.risk_id)
                    && !r
                        .evidence
                        .iter()
                        .any(|e| e.kind == EvidenceKind::DriftResult && e.reference == drift_id)
                {
                    r.evidence.push(EvidenceLink {
                        kind: EvidenceKind::DriftResult,
                        reference: drift_id.clone(),
                        dataset_sha256: Some(sha),
                        note: format!("drift result watched as a KRI: {}", kri.metric),
                        dataset_id,
                        check: None,
                    });
                }
                apply_monitors(p);
            });
        }
    }
}
