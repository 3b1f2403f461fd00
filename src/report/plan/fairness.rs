//! Fairness in the plan: the executive summary's verdict lines and, in Evidence, per audit the facts, the
//! per-group table and chart and the summary checks against the project's thresholds.

use super::{
    Align, AuditEvidence, AuditResult, BarSeries, Block, Callout, CalloutKind, Cell, Column,
    DataTable, Figure, GroupResult, GroupedBarChart, Interval, KeyValue, Metric, Project,
    ReferenceLine, RichText, SummaryMetric, h, p, result_title, wording,
};

/// The summary checks reported for every audit result (their names: [`wording::summary_title`]).
const SUMMARY_CHECKS: [SummaryMetric; 6] = [
    SummaryMetric::DemographicParityDifference,
    SummaryMetric::DemographicParityRatio,
    SummaryMetric::EqualizedOddsDifference,
    SummaryMetric::EqualizedOddsRatio,
    SummaryMetric::EqualOpportunityDifference,
    SummaryMetric::EqualOpportunityRatio,
];

pub(super) fn summary_checks(
    result: &AuditResult,
) -> impl Iterator<Item = &crate::analysis::fairness::Check> {
    result.checks.iter().filter(|c| c.group.is_none())
}

pub(super) fn fairness_summary(project: &Project, audits: &[AuditEvidence]) -> Vec<RichText> {
    if project.audits.is_empty() {
        return vec![RichText::plain("No fairness audit was performed.")];
    }
    if audits.is_empty() {
        return vec![RichText::plain(format!(
            "Fairness: {} saved audit(s); their results are computed when the plan is exported.",
            project.audits.len()
        ))];
    }
    let mut points = Vec::new();
    for audit in audits {
        match &audit.outcome {
            Err(e) => points.push(RichText::markup(&format!(
                "Fairness audit **{}** could not run: {e}",
                audit.name
            ))),
            Ok(report) => {
                let by: Vec<String> = report
                    .results
                    .iter()
                    .map(|result| format!("by {}: {}", result_title(result), result.verdict.text))
                    .collect();
                let mut text = format!("Fairness audit **{}**, {}", audit.name, by.join(" "));
                if report.results.iter().any(|r| r.verdict.ppr_note.is_some()) {
                    text.push(' ');
                    text.push_str(crate::analysis::fairness::PPR_NOTE);
                }
                points.push(RichText::markup(&text));
            }
        }
    }
    points
}

pub(super) fn metric(g: &GroupResult, m: Metric) -> Option<f64> {
    g.metrics
        .get(&m)
        .copied()
        .flatten()
        .map(crate::analysis::fairness::MetricValue::as_f64)
}

pub(super) fn interval(g: &GroupResult, m: Metric) -> Option<Interval> {
    g.ci.get(&m).or_else(|| g.wilson.get(&m)).copied()
}

pub(super) fn rate_cell(g: &GroupResult, m: Metric) -> Cell {
    match metric(g, m) {
        Some(v) => match interval(g, m) {
            Some(i) => Cell::new(format!(
                "{}\n{}",
                wording::fixed(v, 3),
                wording::interval_text(i, 3)
            )),
            None => Cell::new(wording::fixed(v, 3)),
        },
        None => Cell::new(format!(
            "insufficient evidence: {}",
            g.undefined.get(&m).map_or("undefined", String::as_str)
        )),
    }
}

pub(super) fn group_label(g: &GroupResult) -> String {
    wording::group_label(&g.group)
}

#[expect(
    clippy::cast_possible_truncation,
    reason = "chart coordinates need no double precision"
)]
pub(super) fn as_f32(v: f64) -> f32 {
    v as f32
}

pub(super) fn fairness_evidence(
    project: &Project,
    audits: &[AuditEvidence],
    blocks: &mut Vec<Block>,
) {
    let f = &project.settings.fairness;
    if project.audits.is_empty() {
        blocks.push(h(2, "Fairness audits"));
        blocks.push(p("No fairness audit was performed."));
        return;
    }
    if audits.is_empty() {
        blocks.push(h(2, "Fairness audits"));
        blocks.push(p(&format!(
            "{} fairness audit(s) are saved in the project; their results are computed when the plan is exported.",
            project.audits.len()
        )));
        return;
    }
    for audit in audits {
        blocks.push(h(2, &format!("Fairness audit: {}", audit.name)));
        let report = match &audit.outcome {
            Ok(r) => r,
            Err(e) => {
                blocks.push(Block::Callout(Callout {
                    kind: CalloutKind::Warning,
                    title: "The audit could not run".to_owned(),
                    body: RichText::plain(e.clone()),
                }));
                continue;
            }
        };
        let c = &report.config;
        let prediction = match (&c.prediction, &c.score, c.threshold) {
            (Some(p), _, _) => format!(
                "{p} (positive value {})",
                c.pred_positive.as_deref().unwrap_or("—")
            ),
            (None, Some(s), Some(t)) => format!("{s} at or above {t}"),
            _ => "—".to_owned(),
        };
        let mut facts = vec![
            KeyValue::new(
                "Dataset",
                format!("{} ({} rows)", audit.dataset_name, report.dataset.rows),
            ),
            KeyValue::new("SHA-256", report.dataset.sha256.clone()),
            KeyValue::new(
                "Label",
                format!(
                    "{} (positive value {})",
                    c.label,
                    c.positive.as_deref().unwrap_or("—")
                ),
            ),
            KeyValue::new("Prediction", prediction),
            KeyValue::new(
                "Rows used",
                format!(
                    "{} of {} (missing label {}, missing prediction {}, missing score {})",
                    report.rows.used,
                    report.rows.input,
                    report.rows.missing_label,
                    report.rows.missing_prediction,
                    report.rows.missing_score
                ),
            ),
            KeyValue::new(
                "Intervals",
                match c.bootstrap.filter(|n| *n > 0) {
                    Some(n) => format!(
                        "{:.0}% stratified bootstrap, {n} resamples within each group, seed {}",
                        f.confidence_level * 100.0,
                        c.seed.unwrap_or(f.bootstrap_seed)
                    ),
                    None => format!("{:.0}% Wilson score intervals", f.confidence_level * 100.0),
                },
            ),
        ];
        if !audit.stored_sha256.is_empty() && audit.stored_sha256 != report.dataset.sha256 {
            facts.push(KeyValue::new(
                "Warning",
                "the dataset changed since it was added to the project: findings linked to the old file are stale",
            ));
        }
        blocks.push(Block::KeyValues(facts));
        for result in &report.results {
            fairness_result(result, f, blocks);
        }
    }
}

pub(super) fn fairness_result(
    result: &AuditResult,
    f: &crate::model::settings::FairnessThresholds,
    blocks: &mut Vec<Block>,
) {
    let title = result_title(result);
    blocks.push(h(3, &format!("By {title}")));
    let reference = result.reference.group.as_ref().map(wording::group_label);
    if let Some(r) = &reference {
        blocks.push(p(&format!(
            "Reference group: **{r}** ({}).",
            result.reference.rule
        )));
    }
    let rows: Vec<Vec<Cell>> = result
        .by_group
        .iter()
        .map(|g| {
            let count = |m| metric(g, m).map_or_else(|| "—".to_owned(), |v| format!("{v:.0}"));
            let mut flags = Vec::new();
            if g.small_sample {
                flags.push(format!(
                    "small sample (< {}): its checks are inconclusive",
                    f.min_group_size
                ));
            }
            vec![
                Cell::new(group_label(g)).bold(),
                Cell::new(count(Metric::Count)),
                Cell::new(count(Metric::Positives)),
                Cell::new(count(Metric::PredictedPositives)),
                rate_cell(g, Metric::SelectionRate),
                rate_cell(g, Metric::TruePositiveRate),
                rate_cell(g, Metric::FalsePositiveRate),
                rate_cell(g, Metric::Precision),
                Cell::new(flags.join("; ")),
            ]
        })
        .collect();
    blocks.push(Block::Table(DataTable {
        caption: format!("Per-group metrics by {title} (value and interval)"),
        columns: vec![
            Column::new("Group", 1.6),
            Column::new("n", 0.6).align(Align::Right),
            Column::new("Actual positives", 0.9).align(Align::Right),
            Column::new("Predicted positives", 0.9).align(Align::Right),
            Column::new("Selection rate", 1.2),
            Column::new("TPR", 1.2),
            Column::new("FPR", 1.2),
            Column::new("Precision", 1.2),
            Column::new("Flags", 1.1),
        ],
        rows,
        empty_text: "No groups.".to_owned(),
    }));
    let plotted: Vec<&GroupResult> = result
        .by_group
        .iter()
        .filter(|g| metric(g, Metric::Count).unwrap_or(0.0) > 0.0)
        .collect();
    if !plotted.is_empty() && plotted.len() <= 16 {
        let series = |name: &str, m: Metric| BarSeries {
            name: name.to_owned(),
            values: plotted
                .iter()
                .map(|g| metric(g, m).map_or(f32::NAN, as_f32))
                .collect(),
            ci: plotted
                .iter()
                .map(|g| interval(g, m).map(|[lo, hi]| [as_f32(lo), as_f32(hi)]))
                .collect(),
        };
        let reference_line = result
            .reference
            .group
            .as_ref()
            .and_then(|key| result.by_group.iter().find(|g| &g.group == key))
            .and_then(|g| metric(g, Metric::SelectionRate))
            .map(|v| ReferenceLine {
                value: as_f32(v * f.ratio_min),
                label: format!(
                    "{:.0}% of the reference selection rate ({:.3})",
                    f.ratio_min * 100.0,
                    v * f.ratio_min
                ),
            });
        blocks.push(Block::Figure(Figure::grouped_bar_chart(
            format!("Selection rate and true positive rate by {title}, with intervals"),
            &GroupedBarChart {
                title: String::new(),
                y_label: "Rate".to_owned(),
                categories: plotted.iter().map(|g| group_label(g)).collect(),
                series: vec![
                    series("Selection rate", Metric::SelectionRate),
                    series("True positive rate", Metric::TruePositiveRate),
                ],
                reference: reference_line,
                y_range: Some([0.0, 1.0]),
                decimals: 1,
            },
        )));
    }
    let summary_rows: Vec<Vec<Cell>> = SUMMARY_CHECKS
        .iter()
        .map(|m| {
            let label = wording::summary_title(*m);
            let value = result.summary.get(m).copied().flatten();
            let ci = result.summary_ci.get(m);
            let check = summary_checks(result).find(|c| c.name == m.name());
            let verdict = match check.and_then(|c| c.pass) {
                Some(pass) => Cell::pass_fail(pass),
                None => Cell::new(check.and_then(|c| c.reason.clone()).map_or_else(
                    || "insufficient evidence".to_owned(),
                    |r| format!("insufficient evidence: {r}"),
                )),
            };
            vec![
                Cell::new(label),
                Cell::new(match (value, ci) {
                    (Some(v), Some(i)) => {
                        format!("{} {}", wording::fixed(v, 3), wording::interval_text(*i, 3))
                    }
                    (Some(v), None) => wording::fixed(v, 3),
                    (None, _) => result
                        .summary_undefined
                        .get(m)
                        .map_or_else(|| "undefined".to_owned(), |r| format!("undefined: {r}")),
                }),
                Cell::new(if m.name().ends_with("_ratio") {
                    format!("at least {:.2}", f.ratio_min)
                } else {
                    format!("at most {:.2}", f.difference_max)
                }),
                verdict,
            ]
        })
        .collect();
    blocks.push(Block::Table(DataTable {
        caption: format!("Summary metrics by {title} against the project's thresholds"),
        columns: vec![
            Column::new("Metric", 2.0),
            Column::new("Value [interval]", 1.8),
            Column::new("Threshold", 1.4),
            Column::new("Result", 0.8).align(Align::Centre),
        ],
        rows: summary_rows,
        empty_text: String::new(),
    }));
    if !result.findings.is_empty() {
        blocks.push(Block::Bullets(
            result
                .findings
                .iter()
                .take(6)
                .map(|x| RichText::plain(x.text.clone()))
                .collect(),
        ));
    }
}
