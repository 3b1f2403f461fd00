//! "Data validation" in the plan's evidence (each suite: pass/fail per rule with its counts, the same results as
//! `riskbench validate PROJECT`) and the deployment gate's verdict in the executive summary (the same checks
//! as `riskbench check`). The results are computed by the caller ([`PlanEvidence::compute`]), so building the
//! plan does no I/O.

use std::path::Path;

use super::{Block, Cell, Column, DataTable, h, p};
use crate::analysis::gate::{self, GateReport};
use crate::analysis::task::{Cancelled, TaskControl};
use crate::analysis::validation::{self, ValidationReport};
use crate::model::{IsoDate, Project};
use crate::report::doc::{Align, RichText};

/// One suite run for the plan.
#[derive(Debug, Clone)]
pub struct SuiteEvidence {
    /// The suite's name.
    pub suite_name: String,
    /// The dataset's display name.
    pub dataset_name: String,
    /// The results, or why the suite could not run.
    pub outcome: Result<ValidationReport, String>,
}

/// Validation results and the gate's verdict, for the plan.
#[derive(Debug, Clone, Default)]
pub struct PlanEvidence {
    /// Every validation suite of the project, run.
    pub suites: Vec<SuiteEvidence>,
    /// The deployment gate; `None` when it was not evaluated.
    pub gate: Option<GateReport>,
    /// The project's saved error analyses, run (see
    /// [`crate::analysis::error_analysis::run::run_saved_error_analyses`]).
    pub error_analyses: Vec<crate::analysis::error_analysis::run::ErrorAnalysisEvidence>,
}

impl PlanEvidence {
    /// Runs every validation suite and the gate (as of `date`, the plan's date).
    ///
    /// # Errors
    /// Only cancellation.
    pub fn compute(
        project: &Project,
        project_label: &str,
        base_dir: &Path,
        date: IsoDate,
        control: &TaskControl,
    ) -> Result<Self, Cancelled> {
        let mut suites = Vec::new();
        for suite in &project.validation_suites {
            control.check()?;
            let dataset = project.dataset(&suite.dataset_id);
            let outcome = match dataset {
                None => Err(format!("the project has no dataset {:?}", suite.dataset_id)),
                Some(d) => validation::validate_file(
                    &crate::model::file::resolve_path(&d.path, base_dir),
                    &suite.name,
                    &suite.rules,
                    suite.reading,
                    &d.missing_tokens,
                )
                .map_err(|e| e.to_string()),
            };
            suites.push(SuiteEvidence {
                suite_name: suite.name.clone(),
                dataset_name: dataset.map_or_else(|| suite.dataset_id.clone(), |d| d.name.clone()),
                outcome,
            });
        }
        let gate = gate::evaluate(project, project_label, base_dir, date, control)?;
        let error_analyses = crate::analysis::error_analysis::run::run_saved_error_analyses(
            project, base_dir, control,
        )?;
        Ok(Self {
            suites,
            gate: Some(gate),
            error_analyses,
        })
    }
}

/// The gate's verdict as executive-summary points (nothing when it was not evaluated).
pub(super) fn gate_points(evidence: &PlanEvidence) -> Vec<RichText> {
    let Some(gate) = &evidence.gate else {
        return Vec::new();
    };
    let failed: Vec<_> = gate.failures().collect();
    let inconclusive = gate.inconclusive().count();
    let not_blocking = if inconclusive == 0 {
        String::new()
    } else {
        format!(
            " {inconclusive} check(s) are inconclusive (a group below the minimum group size, or an undefined \
             value) and do not block."
        )
    };
    if failed.is_empty() {
        return vec![RichText::markup(&format!(
            "Deployment gate (riskbench check): **passed**, {} check(s), none failing.{not_blocking}",
            gate.checks.len()
        ))];
    }
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for c in &failed {
        match kinds.iter_mut().find(|(k, _)| *k == c.kind.as_str()) {
            Some((_, n)) => *n += 1,
            None => kinds.push((c.kind.as_str(), 1)),
        }
    }
    let by_kind: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    vec![RichText::markup(&format!(
        "Deployment gate (riskbench check): **release blocked**: {} of {} check(s) fail ({}).{not_blocking}",
        failed.len(),
        gate.checks.len(),
        by_kind.join(", ")
    ))]
}

/// The "Data validation" subsection of the evidence (nothing when the project has no suites).
pub(super) fn validation_evidence(evidence: &PlanEvidence, blocks: &mut Vec<Block>) {
    if evidence.suites.is_empty() {
        return;
    }
    blocks.push(h(2, "Data validation"));
    blocks.push(p(
        "Each suite of validation rules (Great Expectations semantics) run on its dataset: per rule the verdict, \
         its severity and the counts. Only blocking rules fail the deployment gate.",
    ));
    for suite in &evidence.suites {
        blocks.push(h(
            3,
            &format!("{} on {}", suite.suite_name, suite.dataset_name),
        ));
        match &suite.outcome {
            Err(e) => blocks.push(p(&format!("The suite could not run: {e}"))),
            Ok(report) => {
                blocks.push(p(&format!(
                    "{} of {} rules passed ({:.1} %) on {} rows (SHA-256 {}…; {} reading of missing cells).",
                    report.statistics.successful_expectations,
                    report.statistics.evaluated_expectations,
                    report.statistics.success_percent,
                    report.dataset.rows,
                    &report.dataset.sha256.get(..12).unwrap_or(""),
                    report.reading.missing
                )));
                blocks.push(Block::Table(DataTable {
                    caption: format!("Validation results: {}", suite.suite_name),
                    columns: vec![
                        Column::new("#", 0.4).align(Align::Right),
                        Column::new("Rule", 3.2),
                        Column::new("Severity", 1.0),
                        Column::new("Result", 0.8),
                        Column::new("Outcome", 3.6),
                    ],
                    rows: report
                        .results
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            let column = r.column_suffix();
                            vec![
                                Cell::new((i + 1).to_string()),
                                Cell::new(format!(
                                    "{}{column}",
                                    r.expectation_type.trim_start_matches("expect_")
                                )),
                                Cell::new(r.severity),
                                Cell::pass_fail(r.success),
                                Cell::new(r.summary()),
                            ]
                        })
                        .collect(),
                    empty_text: "No rules.".to_owned(),
                }));
            }
        }
    }
}
