//! Drift in the plan: in Evidence, a table per saved drift run (per column the test, statistic, threshold,
//! flag and PSI, stale when a dataset's fingerprint changed) and the fairness-over-time chart (the summary
//! disparities per window against the project's difference threshold); in Monitoring, the drift KRIs with
//! their thresholds, latest values and status.

use std::collections::BTreeMap;

use super::{Block, Cell, Column, DataTable, h, p};
use crate::model::Project;
use crate::model::drift::{DriftSummary, KriStatus};
use crate::report::doc::{Align, palette};
use crate::report::figure::{Anchor, Figure, Shape, Stroke, TextShape, VAnchor};

fn num(v: Option<f64>) -> String {
    match v {
        None => "—".to_owned(),
        Some(v) if v != 0.0 && v.abs() < 1e-3 => format!("{v:.2e}"),
        Some(v) => format!("{v:.4}"),
    }
}

#[expect(clippy::cast_possible_truncation, reason = "chart coordinates")]
fn f32_of(v: f64) -> f32 {
    v as f32
}

/// The line chart of the summary disparities over the windows, with the threshold as a dashed line.
fn fairness_chart(summary: &DriftSummary, metric: &str, threshold: f64) -> Option<Figure> {
    let series: Vec<_> = summary
        .fairness_series
        .iter()
        .filter(|s| s.metric == metric && s.group.is_empty())
        .collect();
    let n = summary.window_labels.len();
    if series.is_empty() || n < 2 {
        return None;
    }
    let (width, height) = (170.0_f32, 75.0_f32);
    let (left, right, top, bottom) = (14.0_f32, width - 4.0, 10.0_f32, height - 10.0);
    let hi = series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .fold(threshold, f64::max)
        .max(0.05)
        * 1.1;
    let ymap = |v: f64| bottom - f32_of(v / hi) * (bottom - top);
    #[expect(clippy::cast_precision_loss, reason = "few windows")]
    let xmap = |i: usize| left + (right - left) * i as f32 / (n - 1).max(1) as f32;
    let mut fig = Figure::new(
        format!("Fairness over time: {metric} per window (dashed: threshold {threshold})"),
        width,
        height,
    );
    let axis = Stroke::solid(palette::MUTED, 0.5);
    fig.shapes
        .push(Shape::line(left, bottom, right, bottom, axis.clone()));
    fig.shapes.push(Shape::line(left, top, left, bottom, axis));
    for k in 0..=4 {
        let v = hi * f64::from(k) / 4.0;
        fig.shapes.push(Shape::Text(
            TextShape::new(left - 1.5, ymap(v), format!("{v:.2}"), 6.0)
                .anchored(Anchor::Right, VAnchor::Middle),
        ));
    }
    let step = n.div_ceil(12).max(1);
    for (i, label) in summary.window_labels.iter().enumerate().step_by(step) {
        fig.shapes.push(Shape::Text(
            TextShape::new(xmap(i), bottom + 4.0, label.clone(), 6.0)
                .anchored(Anchor::Centre, VAnchor::Middle),
        ));
    }
    fig.shapes.push(Shape::line(
        left,
        ymap(threshold),
        right,
        ymap(threshold),
        Stroke::dashed(palette::FAIL, 0.8, &[2.0, 1.5]),
    ));
    let colours = [
        palette::ACCENT,
        palette::BAND_HIGH,
        palette::PASS,
        palette::MUTED,
    ];
    for (si, s) in series.iter().enumerate() {
        let colour = colours[si % colours.len()];
        // One polyline per run of defined values.
        let mut run: Vec<[f32; 2]> = Vec::new();
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => run.push([xmap(i), ymap(*v)]),
                None => {
                    if run.len() > 1 {
                        fig.shapes.push(Shape::Line {
                            points: std::mem::take(&mut run),
                            stroke: Stroke::solid(colour, 1.2),
                        });
                    }
                    run.clear();
                }
            }
        }
        if run.len() > 1 {
            fig.shapes.push(Shape::Line {
                points: run,
                stroke: Stroke::solid(colour, 1.2),
            });
        }
        #[expect(clippy::cast_precision_loss, reason = "few series")]
        let ly = 4.0 + si as f32 * 3.5;
        fig.shapes.push(Shape::Text(
            TextShape::new(right, ly, s.sensitive.clone(), 6.5)
                .anchored(Anchor::Right, VAnchor::Middle)
                .color(colour),
        ));
    }
    Some(fig)
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
        let threshold = project.settings.fairness.difference_max;
        if let Some(fig) = fairness_chart(result, "demographic_parity_difference", threshold) {
            blocks.push(Block::Figure(fig));
        }
        if let Some(fig) = fairness_chart(result, "equalized_odds_difference", threshold) {
            blocks.push(Block::Figure(fig));
        }
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
