//! From evidence to the register: "create risk from finding" and the "needs review" flags.
//!
//! [`risk_from_check`] turns a failed fairness-audit check into a pre-filled register entry: category (NIST
//! "fair – with harmful bias managed", MIT domain 1), RMF subcategory MEASURE 2.11, a description with the
//! numbers (values, denominators, reference group, rule), the affected groups and an evidence link that
//! remembers the dataset fingerprint and the check's outcome. [`review_reasons`] compares those links with
//! the project and fresh audit results: when the dataset changed or a linked check flipped, the risk needs
//! review. Ratings are left empty: rating is the analyst's judgement, not the tool's.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::audit::AuditReport;
use super::fairness::{AuditResult, Check, GroupKey, GroupResult, Metric, PARITY_METRICS};
use crate::model::Project;
use crate::model::audit::SavedAudit;
use crate::model::register::{CheckRef, EvidenceKind, EvidenceLink, Risk, next_risk_id};

/// NIST trustworthiness id of fairness risks.
const FAIR: &str = "fair";
/// MIT AI Risk Repository domain 1, Discrimination & toxicity.
const MIT_DISCRIMINATION: &str = "1";
/// MIT subdomain 1.1, unfair discrimination and misrepresentation (selection-rate gaps).
const MIT_UNFAIR_DISCRIMINATION: &str = "1.1";
/// MIT subdomain 1.3, unequal performance across groups (error-rate gaps).
const MIT_UNEQUAL_PERFORMANCE: &str = "1.3";
/// NIST AI RMF subcategory on fairness and bias evaluation.
const MEASURE_2_11: &str = "MEASURE 2.11";

/// A failed check of an audit result, addressed by indices into the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailedCheck {
    /// Index into [`AuditReport::results`].
    pub result_index: usize,
    /// Index into that result's checks.
    pub check_index: usize,
}

/// Every check of `report` that failed (pass = false), in report order.
#[must_use]
pub fn failed_checks(report: &AuditReport) -> Vec<FailedCheck> {
    report
        .results
        .iter()
        .enumerate()
        .flat_map(|(result_index, result)| {
            result
                .checks
                .iter()
                .enumerate()
                .filter(|(_, c)| c.pass == Some(false))
                .map(move |(check_index, _)| FailedCheck {
                    result_index,
                    check_index,
                })
        })
        .collect()
}

/// The rate metrics a check is about: the metric of a `four_fifths_*` check, the parts of a composite, the
/// rates behind a summary metric.
pub(crate) fn metrics_of(check_name: &str) -> Vec<Metric> {
    if let Some(metric) = check_name.strip_prefix("four_fifths_") {
        return PARITY_METRICS
            .iter()
            .copied()
            .filter(|m| m.name() == metric)
            .collect();
    }
    match check_name {
        "type_i_parity" => vec![Metric::FalseDiscoveryRate, Metric::FalsePositiveRate],
        "type_ii_parity" => vec![Metric::FalseOmissionRate, Metric::FalseNegativeRate],
        "equalized_odds_parity" | "equalized_odds_difference" | "equalized_odds_ratio" => {
            vec![Metric::TruePositiveRate, Metric::FalsePositiveRate]
        }
        "unsupervised_fairness" => vec![Metric::SelectionRate, Metric::Ppr],
        "supervised_fairness" => vec![
            Metric::FalseDiscoveryRate,
            Metric::FalsePositiveRate,
            Metric::FalseOmissionRate,
            Metric::FalseNegativeRate,
        ],
        "demographic_parity_difference" | "demographic_parity_ratio" => {
            vec![Metric::SelectionRate]
        }
        "equal_opportunity_difference" | "equal_opportunity_ratio" => {
            vec![Metric::TruePositiveRate]
        }
        _ => Vec::new(),
    }
}

/// A check name in words: `four_fifths_selection_rate` → "four-fifths selection rate".
fn words(name: &str) -> String {
    name.replace("four_fifths_", "four-fifths ")
        .replace('_', " ")
}

fn three(v: f64) -> String {
    format!("{v:.3}")
}

fn count(group: &GroupResult) -> String {
    group
        .metric(Metric::Count)
        .map_or_else(|| "n unknown".to_owned(), |n| format!("n = {n:.0}"))
}

/// Per-group values of `metric`, lowest first, as "A 0.412 (n = 310)".
fn group_values(result: &AuditResult, metric: Metric) -> String {
    let mut values: Vec<(f64, String)> = result
        .by_group
        .iter()
        .filter_map(|g| {
            let v = g.metric(metric)?;
            Some((
                v,
                format!("{} {} ({})", g.group.label(), three(v), count(g)),
            ))
        })
        .collect();
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    values
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Groups with a failed `four_fifths_*` check on any of `metrics`; when there are none, the group with the
/// lowest value of the first metric.
fn affected_groups(result: &AuditResult, check: &Check, metrics: &[Metric]) -> Vec<String> {
    if let Some(group) = &check.group {
        return vec![group.label()];
    }
    let names: Vec<String> = metrics
        .iter()
        .map(|m| format!("four_fifths_{}", m.name()))
        .collect();
    let mut groups: Vec<String> = Vec::new();
    for c in &result.checks {
        if c.pass == Some(false)
            && names.contains(&c.name)
            && let Some(g) = &c.group
        {
            let label = g.label();
            if !groups.contains(&label) {
                groups.push(label);
            }
        }
    }
    if groups.is_empty()
        && let Some(first) = metrics.first()
        && let Some(lowest) = result
            .by_group
            .iter()
            .filter_map(|g| Some((g.metric(*first)?, g)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
    {
        groups.push(lowest.1.group.label());
    }
    groups
}

/// A register entry pre-filled from a failed check, with the id following the project's risks.
///
/// `None` when the indices do not address a check.
#[must_use]
pub fn risk_from_check(
    project: &Project,
    audit: &SavedAudit,
    report: &AuditReport,
    failed: FailedCheck,
) -> Option<Risk> {
    let result = report.results.get(failed.result_index)?;
    let check = result.checks.get(failed.check_index)?;
    let metrics = metrics_of(&check.name);
    let columns = super::fairness::wording::result_title(result);
    let dataset_name = project
        .dataset(&audit.dataset_id)
        .map_or_else(|| audit.dataset_id.clone(), |d| d.name.clone());
    let groups = affected_groups(result, check, &metrics);
    let value_text = check
        .value
        .map_or_else(|| "a failed component check".to_owned(), three);
    let group_text = check
        .group
        .as_ref()
        .map(|g| format!(" for {}", g.label()))
        .unwrap_or_default();

    let mut description = format!(
        "Fairness audit \"{}\" on {} ({} of {} rows used, SHA-256 {}…) found {} {}{}, failing the rule {}.",
        audit.name,
        dataset_name,
        report.rows.used,
        report.rows.input,
        report
            .dataset
            .sha256
            .get(..12)
            .unwrap_or(&report.dataset.sha256),
        words(&check.name),
        value_text,
        group_text,
        check.rule
    );
    if let Some(reference) = &result.reference.group {
        let _ = write!(description, " Reference group: {}.", reference.label());
    }
    for metric in &metrics {
        let values = group_values(result, *metric);
        if !values.is_empty() {
            let _ = write!(
                description,
                " {} by group, lowest first: {values}.",
                capitalise(&metric.name().replace('_', " "))
            );
        }
    }
    let small: Vec<String> = result
        .by_group
        .iter()
        .filter(|g| g.small_sample)
        .map(|g| g.group.label())
        .collect();
    if !small.is_empty() {
        let _ = write!(
            description,
            " Groups below the minimum size (wide intervals): {}.",
            small.join(", ")
        );
    }

    let error_rates = metrics.iter().any(|m| {
        matches!(
            m,
            Metric::TruePositiveRate
                | Metric::FalsePositiveRate
                | Metric::FalseNegativeRate
                | Metric::FalseDiscoveryRate
                | Metric::FalseOmissionRate
                | Metric::Precision
        )
    });
    let mut risk = Risk::new(next_risk_id(&project.risks));
    risk.title = format!(
        "{} by {columns}: {} {}{}",
        if error_rates {
            "Unequal error rates"
        } else {
            "Unequal outcomes"
        },
        words(&check.name),
        value_text,
        group_text
    );
    risk.description = description;
    risk.trustworthiness = vec![FAIR.to_owned()];
    risk.mit_domain = Some(MIT_DISCRIMINATION.to_owned());
    risk.mit_subdomain = Some(
        if error_rates {
            MIT_UNEQUAL_PERFORMANCE
        } else {
            MIT_UNFAIR_DISCRIMINATION
        }
        .to_owned(),
    );
    risk.rmf_subcategories = vec![MEASURE_2_11.to_owned()];
    risk.cause = format!(
        "The model's decisions depend on features that differ across {columns} groups, or the training data \
         under-represents or mislabels some groups"
    );
    risk.event = format!(
        "Decisions differ across {columns} groups beyond the project's fairness threshold ({})",
        check.rule
    );
    risk.consequence = format!(
        "Members of {} are treated less favourably; possible discrimination claims and regulatory breach",
        if groups.is_empty() {
            "some groups".to_owned()
        } else {
            groups.join(", ")
        }
    );
    risk.affected_groups = groups;
    risk.evidence = vec![EvidenceLink {
        kind: EvidenceKind::AuditCheck,
        reference: format!(
            "{} › {columns} › {}{}",
            audit.name,
            check.name,
            check
                .group
                .as_ref()
                .map(|g| format!(" › {}", g.label()))
                .unwrap_or_default()
        ),
        dataset_sha256: Some(report.dataset.sha256.clone()),
        note: format!(
            "{} {value_text}{group_text}; rule {}",
            words(&check.name),
            check.rule
        ),
        dataset_id: audit.dataset_id.clone(),
        check: Some(CheckRef {
            audit_name: audit.name.clone(),
            sensitive: result.sensitive.clone(),
            check_name: check.name.clone(),
            group: check
                .group
                .as_ref()
                .map(GroupKey::label)
                .unwrap_or_default(),
            failed: true,
            value: check.value,
        }),
    }];
    Some(risk)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Why `risk` needs review, given the project's datasets, the fingerprints of the files as they are now
/// (`current_sha256` by dataset id; absent = not checked yet) and fresh audit reports by audit name
/// (absent = not run yet). Empty when nothing changed.
#[must_use]
pub fn review_reasons(
    risk: &Risk,
    project: &Project,
    current_sha256: &BTreeMap<String, String>,
    reports: &BTreeMap<String, &AuditReport>,
) -> Vec<String> {
    let mut reasons = Vec::new();
    for link in &risk.evidence {
        if !link.dataset_id.is_empty() {
            match project.dataset(&link.dataset_id) {
                None => reasons.push(format!(
                    "the dataset {} behind evidence \"{}\" is no longer in the project",
                    link.dataset_id, link.reference
                )),
                Some(dataset) => {
                    let linked = link.dataset_sha256.as_deref();
                    let now = current_sha256
                        .get(&link.dataset_id)
                        .map_or(dataset.sha256.as_str(), String::as_str);
                    if let Some(linked) = linked
                        && linked != now
                    {
                        reasons.push(format!(
                            "the dataset {} changed since evidence \"{}\" was linked (SHA-256 {}… → {}…)",
                            dataset.name,
                            link.reference,
                            linked.get(..12).unwrap_or(linked),
                            now.get(..12).unwrap_or(now)
                        ));
                    }
                }
            }
        }
        let Some(check_ref) = &link.check else {
            continue;
        };
        let Some(report) = reports.get(&check_ref.audit_name) else {
            continue;
        };
        let check = linked_check(report, check_ref);
        match check {
            None => reasons.push(format!(
                "the linked check {} is no longer produced by audit \"{}\"",
                check_ref.check_name, check_ref.audit_name
            )),
            Some(check) => {
                let failed_now = check.pass == Some(false);
                if failed_now != check_ref.failed {
                    reasons.push(format!(
                        "the linked check {}{} now {} (value {}; it {} when linked)",
                        words(&check_ref.check_name),
                        if check_ref.group.is_empty() {
                            String::new()
                        } else {
                            format!(" for {}", check_ref.group)
                        },
                        match check.pass {
                            Some(true) => "passes",
                            Some(false) => "fails",
                            None if check.inconclusive => {
                                "is inconclusive (a group below the minimum group size)"
                            }
                            None => "cannot be decided",
                        },
                        check.value.map_or_else(|| "undefined".to_owned(), three),
                        if check_ref.failed { "failed" } else { "passed" }
                    ));
                }
            }
        }
    }
    reasons
}

/// The check of `report` that `check_ref` points at (same audited columns, check name and group).
#[must_use]
pub fn linked_check<'a>(report: &'a AuditReport, check_ref: &CheckRef) -> Option<&'a Check> {
    report
        .results
        .iter()
        .filter(|r| r.sensitive == check_ref.sensitive)
        .flat_map(|r| &r.checks)
        .find(|c| {
            c.name == check_ref.check_name
                && c.group.as_ref().map(GroupKey::label).unwrap_or_default() == check_ref.group
        })
}

/// Sets or clears nothing by itself: returns `(risk_id, reason)` for every risk whose review reasons are
/// not already recorded in its `needs_review`, so the caller can apply them through the mutation gate.
#[must_use]
pub fn new_review_flags(
    project: &Project,
    current_sha256: &BTreeMap<String, String>,
    reports: &BTreeMap<String, &AuditReport>,
) -> Vec<(String, String)> {
    project
        .risks
        .iter()
        .filter_map(|risk| {
            let reasons = review_reasons(risk, project, current_sha256, reports);
            if reasons.is_empty() {
                return None;
            }
            let text = reasons.join("; ");
            (risk.needs_review.as_deref() != Some(text.as_str()))
                .then(|| (risk.risk_id.clone(), text))
        })
        .collect()
}

/// Marks `risk` as reviewed: its evidence links now record the current dataset fingerprints and check
/// outcomes (so the same change does not flag it again) and its `needs_review` flag is cleared. Inputs as
/// for [`review_reasons`]; links whose evidence is not at hand keep what they recorded.
pub fn acknowledge_review(
    risk: &mut Risk,
    datasets: &[crate::model::DatasetRef],
    current_sha256: &BTreeMap<String, String>,
    reports: &BTreeMap<String, &AuditReport>,
) {
    for link in &mut risk.evidence {
        if !link.dataset_id.is_empty() {
            let now = current_sha256.get(&link.dataset_id).cloned().or_else(|| {
                datasets
                    .iter()
                    .find(|d| d.dataset_id == link.dataset_id)
                    .map(|d| d.sha256.clone())
            });
            if now.is_some() {
                link.dataset_sha256 = now;
            }
        }
        let Some(check_ref) = link.check.as_mut() else {
            continue;
        };
        let Some(report) = reports.get(&check_ref.audit_name) else {
            continue;
        };
        let check = linked_check(report, check_ref);
        if let Some(check) = check {
            check_ref.failed = check.pass == Some(false);
            check_ref.value = check.value;
        }
    }
    risk.needs_review = None;
}

/// The evidence reference of a data alert: `EDA › DATASET_ID › KIND › COLUMN`.
#[must_use]
pub fn alert_reference(dataset_id: &str, alert: &super::profile::Alert) -> String {
    format!(
        "EDA › {dataset_id} › {} › {}",
        alert.kind.key(),
        alert.column.as_deref().unwrap_or("(table)")
    )
}

/// The risk already tracking this data alert (an evidence link with its reference), if any.
#[must_use]
pub fn risk_tracking_alert<'a>(
    project: &'a Project,
    dataset_id: &str,
    alert: &super::profile::Alert,
) -> Option<&'a str> {
    let reference = alert_reference(dataset_id, alert);
    project
        .risks
        .iter()
        .find(|r| r.evidence.iter().any(|e| e.reference == reference))
        .map(|r| r.risk_id.as_str())
}

/// A register entry pre-filled from a data alert of a dataset's profile (missing data, imbalance, likely
/// proxy…): category by alert kind, the description with the numbers, and an evidence link that remembers
/// the dataset's fingerprint. Ratings are left to the analyst.
#[must_use]
pub fn risk_from_alert(
    project: &Project,
    dataset: &crate::model::DatasetRef,
    alert: &super::profile::Alert,
) -> Risk {
    use super::profile::AlertKind as K;
    let column = alert.column.as_deref().unwrap_or("the table");
    let mut risk = Risk::new(next_risk_id(&project.risks));
    let (title, trust, mit, rmf) = match alert.kind {
        K::LikelyProxy => (
            format!("{column} acts as a proxy for a sensitive attribute"),
            FAIR,
            MIT_UNFAIR_DISCRIMINATION,
            "MAP 2.3",
        ),
        K::Imbalance => (
            format!("Imbalanced {column}: some groups or classes are rare"),
            FAIR,
            MIT_UNEQUAL_PERFORMANCE,
            "MEASURE 2.11",
        ),
        K::Missing | K::SuspectedMissingPlaceholder => (
            format!("Missing values in {column}"),
            "valid_reliable",
            "7.3",
            "MEASURE 2.1",
        ),
        _ => (
            format!(
                "Data quality: {} in {column}",
                alert.kind.key().to_lowercase().replace('_', " ")
            ),
            "valid_reliable",
            "7.3",
            "MEASURE 2.1",
        ),
    };
    risk.title = title;
    risk.description = format!(
        "The profile of {} ({} rows, SHA-256 {}…) raised {} on {column}: {} (value {:.3}).",
        dataset.name,
        dataset.rows,
        dataset.sha256.get(..12).unwrap_or(&dataset.sha256),
        alert.kind.key(),
        alert.detail,
        alert.value
    );
    risk.trustworthiness = vec![trust.to_owned()];
    risk.mit_domain = mit.split('.').next().map(str::to_owned);
    risk.mit_subdomain = Some(mit.to_owned());
    risk.rmf_subcategories = vec![rmf.to_owned()];
    risk.evidence = vec![EvidenceLink {
        kind: EvidenceKind::DataAlert,
        reference: String::new(),
        dataset_sha256: Some(dataset.sha256.clone()),
        note: alert.detail.clone(),
        dataset_id: dataset.dataset_id.clone(),
        check: None,
    }];
    risk.evidence[0].reference = alert_reference(&dataset.dataset_id, alert);
    risk
}

/// The evidence reference of a validation rule: `validation:SUITE_ID:INDEX` (0-based rule index).
#[must_use]
pub fn rule_reference(suite_id: &str, index: usize) -> String {
    format!("validation:{suite_id}:{index}")
}

/// The register risk already created from rule `index` of suite `suite_id` (its evidence names the rule), so
/// "Create risk from finding" pressed twice shows that risk instead of adding a copy.
#[must_use]
pub fn risk_of_rule<'a>(project: &'a Project, suite_id: &str, index: usize) -> Option<&'a Risk> {
    let reference = rule_reference(suite_id, index);
    project.risks.iter().find(|r| {
        r.evidence
            .iter()
            .any(|e| e.kind == EvidenceKind::ValidationRule && e.reference == reference)
    })
}

/// A short text of a rule result's failing values (`partial_unexpected_counts`: `"X" ×3, "Y" ×1`), or its
/// unexpected count and observed value when there is no list.
#[must_use]
pub fn failing_values_text(result: &super::validation::RuleResult) -> String {
    if let Some(reason) = &result.exception {
        return reason.clone();
    }
    let counts = result
        .result
        .get("partial_unexpected_counts")
        .and_then(serde_json::Value::as_array);
    let mut parts: Vec<String> = counts
        .into_iter()
        .flatten()
        .map(|c| format!("{} ×{}", c["value"], c["count"]))
        .collect();
    if parts.is_empty() {
        for key in ["unexpected_count", "observed_value"] {
            if let Some(v) = result.result.get(key) {
                parts.push(format!("{key} {v}"));
            }
        }
    }
    parts.join(", ")
}

/// A register entry pre-filled from a failed validation rule of a dataset: the title names the expectation
/// and column, the description has the failing values, and the evidence link (kind Validation rule)
/// remembers the dataset's fingerprint so it turns stale when the file changes. Ratings are left to the
/// analyst.
#[must_use]
pub fn risk_from_rule(
    project: &Project,
    dataset: &crate::model::DatasetRef,
    suite_id: &str,
    index: usize,
    result: &super::validation::RuleResult,
) -> Risk {
    let mut risk = Risk::new(next_risk_id(&project.risks));
    let column = result.column().unwrap_or("the table");
    let failing = failing_values_text(result);
    risk.title = format!(
        "Data validation fails: {} on {column}",
        result.expectation_type
    );
    risk.description = format!(
        "Rule {} of the validation suite of {} ({} rows, SHA-256 {}…) failed ({}): {failing}.",
        index + 1,
        dataset.name,
        dataset.rows,
        dataset.sha256.get(..12).unwrap_or(&dataset.sha256),
        result.severity,
    );
    risk.trustworthiness = vec!["valid_reliable".to_owned()];
    risk.mit_domain = Some("7".to_owned());
    risk.mit_subdomain = Some("7.3".to_owned());
    risk.rmf_subcategories = vec!["MEASURE 2.1".to_owned()];
    risk.evidence = vec![EvidenceLink {
        kind: EvidenceKind::ValidationRule,
        reference: rule_reference(suite_id, index),
        dataset_sha256: Some(dataset.sha256.clone()),
        note: failing,
        dataset_id: dataset.dataset_id.clone(),
        check: None,
    }];
    risk
}
