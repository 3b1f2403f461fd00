//! The plan written by `riskbench report` carries the validation results and the deployment gate's verdict
//! (the path that used to leave them out): a copy of the loan sample with a second validation suite, whose
//! blocking rule fails on the 126 empty incomes of the 5,000-row sample, gets a "Data validation" section
//! with both suites' counts, and the executive summary states the gate's verdict with the inconclusive
//! checks.

use crate::support::pdf::{poppler, squash};
use crate::support::riskbench_in;

use riskbench::model::validation::{
    MissingReading, RuleKind, Severity, ValidationRule, ValidationSuite,
};

#[test]
fn cli_report_has_the_validation_results_and_the_gate_verdict() {
    let (dir, project_path) = crate::support::ui::sample_copy();
    let mut project = riskbench::model::file::load_project(&project_path)
        .unwrap()
        .project;
    let mut rule = ValidationRule::new(RuleKind::NotNull {
        column: "income".into(),
    });
    rule.severity = Severity::Blocking;
    project.validation_suites.push(ValidationSuite {
        suite_id: "suite-2".into(),
        name: "Loan inputs".into(),
        dataset_id: "ds-2".into(),
        rules: vec![rule],
        reading: MissingReading::EmptyCells,
    });
    riskbench::model::file::save_project(&project_path, &project).unwrap();
    let pdf = dir.path().join("plan.pdf");
    let out = riskbench_in(
        &[
            "report",
            project_path.to_str().unwrap(),
            "--date",
            "2026-12-05",
            "-o",
            pdf.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let text = squash(&poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    // The sample's gate: 191 fairness checks and one risk fail, 75 are inconclusive, its suite's 6 blocking
    // rules pass (see cli_validate); the blocking not-null rule adds one validation failure.
    assert!(
        text.contains(
            "Deployment gate (riskbench check): release blocked: 193 of 464 check(s) fail (191 fairness, \
             1 validation, 1 risk). 75 check(s) are inconclusive (a group below the minimum group size, or \
             an undefined value) and do not block."
        ),
        "{text}"
    );
    assert!(text.contains("Data validation"));
    assert!(text.contains("Loan inputs on Synthetic loan applications"));
    assert!(text.contains("Scored German credit applications on German credit test predictions"));
    assert!(
        text.contains("6 of 7 rules passed (85.7 %) on 1000 rows"),
        "{text}"
    );
    assert!(
        text.contains("0 of 1 rules passed (0.0 %) on 5000 rows"),
        "{text}"
    );
}
