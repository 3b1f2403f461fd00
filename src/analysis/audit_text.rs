//! `riskbench audit` on a terminal: a readable table per result (groups × the main rates, with the reference
//! marked), the verdict line and the findings, instead of the JSON that is written when asked for or piped.

use std::fmt::Write as _;

use super::audit::AuditReport;
use super::fairness::{AuditResult, Metric};

/// The columns of the table: heading and metric.
const COLUMNS: [(&str, Metric); 6] = [
    ("n", Metric::Count),
    ("selection", Metric::SelectionRate),
    ("TPR", Metric::TruePositiveRate),
    ("FPR", Metric::FalsePositiveRate),
    ("FNR", Metric::FalseNegativeRate),
    ("precision", Metric::Precision),
];

fn cell(value: Option<f64>, metric: Metric) -> String {
    match value {
        None => "—".to_owned(),
        Some(v) if metric == Metric::Count => format!("{v:.0}"),
        Some(v) => format!("{v:.3}"),
    }
}

fn result_text(out: &mut String, result: &AuditResult) {
    let reference = result
        .reference
        .group
        .as_ref()
        .map(super::fairness::GroupKey::label);
    let _ = writeln!(
        out,
        "By {}{}",
        result.sensitive.join(" × "),
        reference.map_or_else(String::new, |r| format!(" (reference: {r})"))
    );
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut head = vec!["group".to_owned()];
    head.extend(COLUMNS.iter().map(|(h, _)| (*h).to_owned()));
    rows.push(head);
    for g in &result.by_group {
        let mut row = vec![format!(
            "{}{}",
            g.group.label(),
            if g.small_sample { " (small)" } else { "" }
        )];
        row.extend(COLUMNS.iter().map(|(_, m)| cell(g.metric(*m), *m)));
        rows.push(row);
    }
    let mut all = vec!["all rows".to_owned()];
    all.extend(COLUMNS.iter().map(|(_, m)| {
        cell(
            result
                .overall
                .get(m)
                .copied()
                .flatten()
                .map(super::fairness::MetricValue::as_f64),
            *m,
        )
    }));
    rows.push(all);
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let mut line = String::from("  ");
        for (c, text) in row.iter().enumerate() {
            let pad = widths[c] - text.chars().count();
            if c == 0 {
                let _ = write!(line, "{text}{}", " ".repeat(pad));
            } else {
                let _ = write!(line, "  {}{text}", " ".repeat(pad));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let _ = writeln!(out, "  Verdict: {}", result.verdict.text);
    if let Some(note) = &result.verdict.ppr_note {
        let _ = writeln!(out, "  Note: {note}");
    }
    for finding in &result.findings {
        let _ = writeln!(out, "  • {}", finding.text);
    }
}

/// The terminal text of one audit report.
#[must_use]
pub fn audit_table(report: &AuditReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} rows used of {}; SHA-256 {})",
        report.dataset.path,
        report.rows.used,
        report.rows.input,
        report
            .dataset
            .sha256
            .get(..12)
            .unwrap_or(&report.dataset.sha256)
    );
    for result in &report.results {
        out.push('\n');
        result_text(&mut out, result);
    }
    out
}
