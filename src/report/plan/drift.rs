//! Drift in the plan: in Evidence, a table per saved drift run (per column the test, statistic, threshold,
//! flag and PSI, stale when a dataset's fingerprint changed) and the fairness-over-time charts (per group the
//! selection rate, TPR and FPR per window with intervals, and the summary disparities per window with their
//! intervals against the project's thresholds; see `fairness`); in Monitoring, the drift KRIs with their
//! thresholds, latest values and status.

use std::collections::BTreeMap;

use super::{Block, Cell, Column, DataTable, h, p};
use crate::model::Project;
use crate::model::drift::KriStatus;
use crate::report::doc::{Align, palette};

mod fairness;

fn num(v: Option<f64>) -> String {
    match v {
        None => "—".to_owned(),
        Some(v) if v != 0.0 && v.abs() < 1e-3 => format!("{v:.2e}"),
        Some(v) => format!("{v:.4}"),
    }
}

/// The drift subsection of Evidence; nothing when no drift result is saved.
pub(super) fn drift_evidence(project: &Project, blocks: &mut Vec<Block>) {
    let runs: Vec<_> = project
        .drift
        .drifts
        .iter()
        .filter_map(|d| d.result.as_ref().map(|r| (d, r)))
        .collect();
    if runs.is_empty() {
        return;
    }
    blocks.push(h(2, "Data drift and fairness over time"));
    blocks.push(p(
        "Drift is computed as Evidently's DataDriftPreset: per column a KS, χ² or z test (p-value, drift when \
         below 0.05) for up to 1000 reference values, else a normed Wasserstein or Jensen–Shannon distance \
         (drift at 0.1 or more); PSI uses Evidently's bins (0.10–0.25 moderate, 0.25 or more a major shift). \
         Missing values are dropped from each side first.",
    ));
    let known: BTreeMap<String, String> = project
        .datasets
        .iter()
        .map(|d| (d.dataset_id.clone(), d.sha256.clone()))
        .collect();
    for (drift, result) in runs {
        blocks.push(h(3, &drift.name));
        let mut text = format!(
            "{:.0} % of the columns drifted; dataset drift: {}.",
            result.drifted_share * 100.0,
            if result.dataset_drift { "yes" } else { "no" }
        );
        if let Some(reason) = drift.stale_reason(&known) {
            text = format!("{text} Stale: {reason}; re-run before relying on it.");
        }
        blocks.push(p(&text));
        blocks.push(Block::Table(DataTable {
            caption: format!("Drift per column: {}", drift.name),
            columns: vec![
                Column::new("Column", 0.28),
                Column::new("Test", 0.18),
                Column::new("Statistic", 0.14).align(Align::Right),
                Column::new("Threshold", 0.12).align(Align::Right),
                Column::new("Drift", 0.1),
                Column::new("PSI", 0.18).align(Align::Right),
            ],
            rows: result
                .columns
                .iter()
                .map(|c| {
                    vec![
                        Cell::new(&c.column),
                        Cell::new(&c.method),
                        Cell::new(num(c.statistic)),
                        Cell::new(num(Some(c.threshold))),
                        if c.drift {
                            Cell::new("yes").fill(palette::FAIL)
                        } else {
                            Cell::new("no")
                        },
                        Cell::new(num(c.psi)),
                    ]
                })
                .collect(),
            empty_text: "No column was compared.".to_owned(),
        }));
        fairness::fairness_over_time(result, &project.settings.fairness, blocks);
    }
}

/// The drift KRIs in Monitoring; nothing when there are none.
pub(super) fn drift_monitoring(project: &Project, blocks: &mut Vec<Block>) {
    let monitors = &project.drift.monitors;
    if monitors.is_empty() {
        return;
    }
    blocks.push(h(2, "Drift and fairness KRIs"));
    blocks.push(Block::Table(DataTable {
        caption: "Key risk indicators read from drift results".to_owned(),
        columns: vec![
            Column::new("KRI", 0.08),
            Column::new("Risk / action", 0.14),
            Column::new("Metric", 0.4),
            Column::new("Threshold", 0.12).align(Align::Right),
            Column::new("Latest", 0.12).align(Align::Right),
            Column::new("Status", 0.14),
        ],
        rows: monitors
            .iter()
            .map(|m| {
                let status = m.status();
                let cell = Cell::new(status.label());
                vec![
                    Cell::new(&m.monitor_id),
                    Cell::new(format!("{} / {}", m.risk_id, m.action_id)),
                    Cell::new(&m.metric),
                    Cell::new(format!(
                        "{} {}",
                        match m.direction {
                            crate::model::drift::KriDirection::AtMost => "≤",
                            crate::model::drift::KriDirection::AtLeast => "≥",
                        },
                        m.threshold
                    )),
                    Cell::new(num(m.latest_value)),
                    match status {
                        KriStatus::Breached => cell.fill(palette::FAIL),
                        KriStatus::Ok => cell.fill(palette::PASS),
                        KriStatus::NoData => cell,
                    },
                ]
            })
            .collect(),
        empty_text: String::new(),
    }));
}
