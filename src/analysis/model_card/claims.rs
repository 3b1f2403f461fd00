//! Documented vs measured: each claim of the model card checked against the results of the project's saved
//! audits. A claim is measured by the first saved audit (in project order) on its dataset that audits its
//! column on its own (any audit for an overall claim); the interval is the audit's bootstrap interval, else
//! the Wilson interval of a proportion. When no audit covers a claim, it is *not measured* and
//! [`suggest_audit`] says which audit would measure it.

use serde::Serialize;

use super::verdict::{IntervalKind, Measured, Verdict, combine, judge};
use crate::analysis::audit::{AuditEvidence, AuditReport};
use crate::analysis::fairness::{AuditResult, DisparityKind, GroupResult, Metric};
use crate::model::Project;
use crate::model::audit::{AuditSpec, SavedAudit, next_audit_id, unique_audit_name};
use crate::model::data_columns::ColumnRole;
use crate::model::model_card::{Claim, ClaimScope};

/// Bootstrap resamples of an audit created for a claim (its intervals decide the verdict).
pub const SUGGESTED_BOOTSTRAP: u32 = 500;

/// The metric of a claim, by its contract name (any per-group rate metric of `fairness-metrics.md`).
///
/// # Errors
/// A message listing the names that exist.
pub fn parse_metric(name: &str) -> Result<Metric, String> {
    Metric::RATES
        .iter()
        .copied()
        .find(|m| m.name() == name)
        .ok_or_else(|| {
            let names: Vec<&str> = Metric::RATES.iter().map(|m| m.name()).collect();
            format!(
                "unknown metric {name:?}: expected one of {}",
                names.join(", ")
            )
        })
}

/// One row of the documented-vs-measured table: a group of the claim (or the whole claim) with its numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasuredRow {
    /// `overall`, `sex=Female`, `between groups`.
    pub group: String,
    /// The numbers.
    pub measured: Measured,
    /// This row's verdict.
    pub verdict: Verdict,
    /// Why, with the numbers.
    pub reason: String,
}

/// A claim checked against the audits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimCheck {
    /// The claim's id.
    pub claim_id: String,
    /// The claim in words.
    pub claim: String,
    /// The verdict of the whole claim.
    pub verdict: Verdict,
    /// The saved audit that measured it.
    pub audit_name: Option<String>,
    /// The dataset it was measured on (or would be).
    pub dataset_id: Option<String>,
    /// SHA-256 of the data measured.
    pub dataset_sha256: Option<String>,
    /// One row per group for "every group"; one row otherwise; none when not measured.
    pub rows: Vec<MeasuredRow>,
    /// The verdict in a sentence.
    pub reason: String,
}

impl ClaimCheck {
    /// The row that decided the verdict: the first contradicted row, else the first inconclusive, else the
    /// first.
    #[must_use]
    pub fn deciding_row(&self) -> Option<&MeasuredRow> {
        self.rows
            .iter()
            .find(|r| r.verdict == self.verdict)
            .or_else(|| self.rows.first())
    }
}

/// The project datasets a claim is measured on: its own, else the card's evaluation data, else every
/// dataset that has a saved audit.
#[must_use]
pub fn claim_datasets(project: &Project, claim: &Claim) -> Vec<String> {
    if !claim.dataset_id.is_empty() {
        return vec![claim.dataset_id.clone()];
    }
    let evaluation = project.model_card.evaluation_dataset_ids();
    if !evaluation.is_empty() {
        return evaluation.into_iter().map(str::to_owned).collect();
    }
    let mut out: Vec<String> = Vec::new();
    for a in &project.audits {
        if !out.contains(&a.dataset_id) {
            out.push(a.dataset_id.clone());
        }
    }
    out
}

/// The saved audit and result that measure `claim`, in project order.
fn covering<'a>(
    project: &'a Project,
    claim: &Claim,
    evidence: &'a [AuditEvidence],
) -> Option<(&'a SavedAudit, &'a AuditReport, &'a AuditResult)> {
    let datasets = claim_datasets(project, claim);
    for audit in &project.audits {
        if !datasets.contains(&audit.dataset_id) {
            continue;
        }
        let Some(Ok(report)) = evidence
            .iter()
            .find(|e| e.name == audit.name)
            .map(|e| e.outcome.as_ref())
        else {
            continue;
        };
        let result = match claim.scope.column() {
            None => report.results.first(),
            Some(column) => report
                .results
                .iter()
                .find(|r| r.sensitive.len() == 1 && r.sensitive[0] == column),
        };
        if let Some(result) = result {
            return Some((audit, report, result));
        }
    }
    None
}

fn group_measured(g: &GroupResult, metric: Metric, min_group: u32) -> Measured {
    let (interval, interval_kind) = match (g.ci.get(&metric), g.wilson.get(&metric)) {
        (Some(ci), _) => (Some(*ci), Some(IntervalKind::Bootstrap)),
        (None, Some(w)) => (Some(*w), Some(IntervalKind::Wilson)),
        (None, None) => (None, None),
    };
    Measured {
        value: g.metric(metric),
        interval,
        interval_kind,
        undefined: g.undefined.get(&metric).cloned(),
        count: g
            .metrics
            .get(&Metric::Count)
            .copied()
            .flatten()
            .and_then(|v| match v {
                crate::analysis::fairness::MetricValue::Count(n) => Some(n),
                crate::analysis::fairness::MetricValue::Real(_) => None,
            }),
        small_sample: g.small_sample,
        min_group,
    }
}

fn overall_measured(result: &AuditResult, metric: Metric, min_group: u32) -> Measured {
    let (interval, interval_kind) = match (
        result.overall_ci.get(&metric),
        result.overall_wilson.get(&metric),
    ) {
        (Some(ci), _) => (Some(*ci), Some(IntervalKind::Bootstrap)),
        (None, Some(w)) => (Some(*w), Some(IntervalKind::Wilson)),
        (None, None) => (None, None),
    };
    let count = result
        .overall
        .get(&Metric::Count)
        .copied()
        .flatten()
        .map(crate::analysis::fairness::MetricValue::as_f64);
    Measured {
        value: result
            .overall
            .get(&metric)
            .copied()
            .flatten()
            .map(crate::analysis::fairness::MetricValue::as_f64),
        interval,
        interval_kind,
        undefined: result.overall_undefined.get(&metric).cloned(),
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a row count held as a float"
        )]
        count: count.map(|c| c as u64),
        small_sample: false,
        min_group,
    }
}

fn between_measured(
    result: &AuditResult,
    metric: Metric,
    kind: DisparityKind,
    min_group: u32,
) -> Measured {
    let disparity = result.disparities.get(&metric);
    Measured {
        value: disparity.and_then(|d| d.get(kind)),
        interval: disparity.and_then(|d| d.ci.get(&kind).copied()),
        interval_kind: disparity
            .and_then(|d| d.ci.get(&kind))
            .map(|_| IntervalKind::Bootstrap),
        undefined: disparity.and_then(|d| d.undefined.get(&kind).cloned()),
        count: None,
        small_sample: result.by_group.iter().any(|g| g.small_sample),
        min_group,
    }
}

fn row(group: String, measured: Measured, claim: &Claim) -> MeasuredRow {
    let (verdict, reason) = judge(&measured, claim.comparison, claim.value);
    MeasuredRow {
        group,
        measured,
        verdict,
        reason,
    }
}

fn unmeasured(claim: &Claim, verdict: Verdict, reason: String) -> ClaimCheck {
    ClaimCheck {
        claim_id: claim.claim_id.clone(),
        claim: claim.describe(),
        verdict,
        audit_name: None,
        dataset_id: None,
        dataset_sha256: None,
        rows: Vec::new(),
        reason,
    }
}

/// Checks one claim against the saved audits' results (`evidence`, as from
/// [`crate::analysis::audit::run_saved_audits`]).
#[must_use]
pub fn check_claim(project: &Project, claim: &Claim, evidence: &[AuditEvidence]) -> ClaimCheck {
    let metric = match parse_metric(&claim.metric) {
        Ok(m) => m,
        Err(e) => return unmeasured(claim, Verdict::Invalid, e),
    };
    if !claim.value.is_finite() {
        return unmeasured(
            claim,
            Verdict::Invalid,
            format!("the claimed value must be a number, found {}", claim.value),
        );
    }
    if claim.scope.column().is_some_and(str::is_empty) {
        return unmeasured(claim, Verdict::Invalid, "choose a column".to_owned());
    }
    let Some((audit, report, result)) = covering(project, claim, evidence) else {
        return unmeasured(
            claim,
            Verdict::NotMeasured,
            suggest_audit(project, claim).text,
        );
    };
    let min_group = report.config.min_group.unwrap_or(30);
    let rows = match &claim.scope {
        ClaimScope::Overall => vec![row(
            "overall".to_owned(),
            overall_measured(result, metric, min_group),
            claim,
        )],
        ClaimScope::Group { column, value } => {
            let Some(g) = result.group(&[(column.as_str(), value.as_str())]) else {
                let groups: Vec<String> = result.by_group.iter().map(|g| g.group.label()).collect();
                return unmeasured(
                    claim,
                    Verdict::Invalid,
                    format!(
                        "the group {column}={value} does not exist in the audit \"{}\" (groups: {})",
                        audit.name,
                        groups.join(", ")
                    ),
                );
            };
            vec![row(
                g.group.label(),
                group_measured(g, metric, min_group),
                claim,
            )]
        }
        ClaimScope::EveryGroup { .. } => result
            .by_group
            .iter()
            .map(|g| row(g.group.label(), group_measured(g, metric, min_group), claim))
            .collect(),
        ClaimScope::Difference { .. } => vec![row(
            "difference between groups".to_owned(),
            between_measured(
                result,
                metric,
                DisparityKind::DifferenceBetweenGroups,
                min_group,
            ),
            claim,
        )],
        ClaimScope::Ratio { .. } => vec![row(
            "ratio between groups".to_owned(),
            between_measured(result, metric, DisparityKind::RatioBetweenGroups, min_group),
            claim,
        )],
    };
    let verdicts: Vec<Verdict> = rows.iter().map(|r| r.verdict).collect();
    let verdict = combine(&verdicts);
    let reason = rows.iter().find(|r| r.verdict == verdict).map_or_else(
        || "the audit has no groups".to_owned(),
        |r| {
            if rows.len() > 1 {
                format!("{}: {}", r.group, r.reason)
            } else {
                r.reason.clone()
            }
        },
    );
    ClaimCheck {
        claim_id: claim.claim_id.clone(),
        claim: claim.describe(),
        verdict,
        audit_name: Some(audit.name.clone()),
        dataset_id: Some(audit.dataset_id.clone()),
        dataset_sha256: Some(report.dataset.sha256.clone()),
        rows,
        reason,
    }
}

/// Checks every claim of the project's model card, in card order.
#[must_use]
pub fn check_claims(project: &Project, evidence: &[AuditEvidence]) -> Vec<ClaimCheck> {
    project
        .model_card
        .claims
        .iter()
        .map(|c| check_claim(project, c, evidence))
        .collect()
}

/// The audit that would measure a claim that no audit covers.
#[derive(Clone, Debug, PartialEq)]
pub struct SuggestedAudit {
    /// What to do, in words.
    pub text: String,
    /// The audit to add to the project, when Riskbench can set it up (label and prediction known).
    pub audit: Option<SavedAudit>,
}

/// The spec of an existing audit on `dataset_id`, or one built from the dataset's column roles.
fn base_spec(project: &Project, dataset_id: &str) -> Option<AuditSpec> {
    if let Some(a) = project.audits.iter().find(|a| a.dataset_id == dataset_id) {
        return Some(a.spec.clone());
    }
    let dataset = project.dataset(dataset_id)?;
    let with_role = |role: ColumnRole| {
        dataset
            .column_settings
            .iter()
            .find(|c| c.role == role)
            .map(|c| c.name.clone())
    };
    let label = with_role(ColumnRole::Label)?;
    let prediction = with_role(ColumnRole::Prediction)?;
    Some(AuditSpec {
        label,
        prediction: Some(prediction),
        positive: dataset.label_positive.clone(),
        ..AuditSpec::default()
    })
}

/// Which audit would measure `claim`: the claim's dataset with its column as the sensitive column, the label
/// and prediction taken from an existing audit of that dataset (else from the dataset's column roles), with
/// bootstrap intervals. The audit is `None` when the label and prediction are unknown.
#[must_use]
pub fn suggest_audit(project: &Project, claim: &Claim) -> SuggestedAudit {
    let datasets = claim_datasets(project, claim);
    let Some(dataset_id) = datasets.first() else {
        return SuggestedAudit {
            text: "no dataset to measure it on: name the evaluation data in the card's model parameters"
                .to_owned(),
            audit: None,
        };
    };
    let dataset_name = project
        .dataset(dataset_id)
        .map_or_else(|| dataset_id.clone(), |d| d.name.clone());
    let column = claim.scope.column();
    let what = column.map_or_else(
        || format!("an audit of {dataset_name}"),
        |c| format!("an audit of {dataset_name} with sensitive column {c}"),
    );
    let Some(mut spec) = base_spec(project, dataset_id) else {
        return SuggestedAudit {
            text: format!(
                "no audit measures it; it needs {what}: set the label and prediction columns of \
                 {dataset_name} (Map › Datasets) first"
            ),
            audit: None,
        };
    };
    let sensitive = match column {
        Some(c) => c.to_owned(),
        None => spec.sensitive.first().cloned().unwrap_or_default(),
    };
    if sensitive.is_empty() {
        return SuggestedAudit {
            text: format!("no audit measures it; it needs {what} with a sensitive column"),
            audit: None,
        };
    }
    spec.sensitive = vec![sensitive.clone()];
    spec.intersect = false;
    spec.reference.clear();
    if spec.bootstrap.unwrap_or(0) == 0 {
        spec.bootstrap = Some(SUGGESTED_BOOTSTRAP);
    }
    let name = unique_audit_name(&project.audits, &format!("Model card: by {sensitive}"));
    SuggestedAudit {
        text: format!("no audit measures it; it needs {what} (create audit \"{name}\")"),
        audit: Some(SavedAudit {
            audit_id: next_audit_id(&project.audits),
            name,
            dataset_id: dataset_id.clone(),
            spec,
        }),
    }
}

#[cfg(test)]
#[path = "claims_tests.rs"]
mod tests;
