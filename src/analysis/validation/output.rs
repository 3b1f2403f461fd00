//! Validation reports as text for a terminal and as `JUnit` XML for CI servers.

use serde_json::Value;

use super::ValidationReport;

/// Validation reports as `JUnit` XML: one `testsuite` per suite, one `testcase` per rule (`classname` =
/// suite, `name` = rule number, expectation type and column), a `failure` with the outcome when it fails.
#[must_use]
pub fn junit(reports: &[ValidationReport]) -> String {
    use crate::analysis::junit::{Case, Suite, render};
    let suites: Vec<Suite> = reports
        .iter()
        .map(|report| Suite {
            name: report.suite.clone(),
            cases: report
                .results
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let column = r.column_suffix();
                    Case {
                        name: format!("{} {}{column}", i + 1, r.expectation_type),
                        classname: report.suite.clone(),
                        failure: (!r.success).then(|| format!("[{}] {}", r.severity, r.summary())),
                        detail: serde_json::to_string_pretty(&r.result).unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect();
    render("riskbench validate", &suites)
}

/// A readable table of a report: one line per rule with its verdict, severity and outcome.
#[must_use]
pub fn text_table(report: &ValidationReport) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "suite {}: {} rows of {} ({} reading), {} of {} rules passed ({:.1}%)",
        report.suite,
        report.dataset.rows,
        report.dataset.path,
        report.reading.missing,
        report.statistics.successful_expectations,
        report.statistics.evaluated_expectations,
        report.statistics.success_percent
    );
    let width = report
        .results
        .iter()
        .map(|r| r.expectation_type.len() + r.column_suffix().len())
        .max()
        .unwrap_or(0)
        + 3;
    for (i, r) in report.results.iter().enumerate() {
        let what = format!("{}{}", r.expectation_type, r.column_suffix());
        let _ = writeln!(
            out,
            "{:>3}  {}  {:<8}  {what:<width$}  {}",
            i + 1,
            if r.success { "pass" } else { "FAIL" },
            r.severity,
            r.summary()
        );
        if !r.success
            && let Some(Value::Array(counts)) = r.result.get("partial_unexpected_counts")
            && !counts.is_empty()
        {
            let shown: Vec<String> = counts
                .iter()
                .take(5)
                .map(|c| format!("{} ×{}", c["value"], c["count"]))
                .collect();
            let _ = writeln!(out, "{:>17}e.g. {}", "", shown.join(", "));
        }
    }
    out
}
