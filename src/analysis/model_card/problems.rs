//! The gaps between the card and the evidence that are not claims: measured problems the card does not
//! mention (failed fairness checks of the saved audits, likely proxies found by the EDA profile) and
//! documented limitations without any evidence.
//!
//! The card *mentions* a failed check when a claim is about the same column and one of the check's metrics,
//! or when a limitation, trade-off or ethical consideration names the column (whole word, any case). It
//! mentions a proxy when such a text names the proxy feature or a claim is about it. Only columns with the
//! feature role count as proxies (a score or an attribution column is not a model input).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::audit::AuditEvidence;
use crate::analysis::evidence::ProfileEvidence;
use crate::analysis::findings::metrics_of;
use crate::model::Project;
use crate::model::data_columns::ColumnRole;

/// What kind of measured problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Fairness checks of a saved audit failed.
    FailedCheck,
    /// A feature is a likely proxy for a sensitive column.
    Proxy,
}

impl ProblemKind {
    /// Label for tables.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::FailedCheck => "failed fairness check",
            Self::Proxy => "likely proxy",
        }
    }
}

/// A measured problem the model card does not mention.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UndocumentedProblem {
    /// What kind.
    pub kind: ProblemKind,
    /// Where it was measured: the audit's or the dataset's name.
    pub source: String,
    /// The column concerned (the sensitive column of a check, the proxy feature).
    pub column: String,
    /// The problem in words, with its numbers.
    pub text: String,
}

/// Every text of the card where a limitation or risk may be written, lower-cased.
fn card_texts(project: &Project) -> Vec<String> {
    let c = &project.model_card.considerations;
    c.limitations
        .iter()
        .map(|l| l.description.clone())
        .chain(c.tradeoffs.iter().cloned())
        .chain(
            c.ethical_considerations
                .iter()
                .map(|e| format!("{} {}", e.name, e.mitigation_strategy)),
        )
        .map(|t| t.to_lowercase())
        .collect()
}

/// Whether `text` (lower-cased) contains `word` as a whole word (letters, digits and `_` are word characters).
fn names(text: &str, word: &str) -> bool {
    let word = word.to_lowercase();
    if word.is_empty() {
        return false;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(&word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// Measured problems the card does not mention: failed checks (one entry per audit, column and check, with
/// the failing groups) and flagged proxies (one per dataset, sensitive column and feature).
#[must_use]
pub fn undocumented_problems(
    project: &Project,
    audits: &[AuditEvidence],
    profiles: &[ProfileEvidence],
) -> Vec<UndocumentedProblem> {
    let texts = card_texts(project);
    let mentioned_in_text = |column: &str| texts.iter().any(|t| names(t, column));
    let claims = &project.model_card.claims;
    let mut out = Vec::new();
    for evidence in audits {
        let Ok(report) = &evidence.outcome else {
            continue;
        };
        for result in &report.results {
            // check name → failing groups with values, in report order.
            let mut failed: BTreeMap<&str, Vec<String>> = BTreeMap::new();
            let mut order: Vec<&str> = Vec::new();
            for check in result.checks.iter().filter(|c| c.pass == Some(false)) {
                if !order.contains(&check.name.as_str()) {
                    order.push(&check.name);
                }
                let group = check
                    .group
                    .as_ref()
                    .map(crate::analysis::fairness::GroupKey::label);
                let value = check.value.map(|v| format!("{v:.3}"));
                let text = match (group, value) {
                    (Some(g), Some(v)) => format!("{g} {v}"),
                    (Some(g), None) => g,
                    (None, Some(v)) => v,
                    (None, None) => "failed".to_owned(),
                };
                failed.entry(&check.name).or_default().push(text);
            }
            let columns = result.sensitive.join(" × ");
            for name in order {
                let metrics = metrics_of(name);
                let by_claim = claims.iter().any(|c| {
                    c.scope
                        .column()
                        .is_some_and(|col| result.sensitive.iter().any(|s| s == col))
                        && metrics.iter().any(|m| m.name() == c.metric)
                });
                if by_claim || result.sensitive.iter().any(|s| mentioned_in_text(s)) {
                    continue;
                }
                let groups = failed.get(name).map(|g| g.join("; ")).unwrap_or_default();
                out.push(UndocumentedProblem {
                    kind: ProblemKind::FailedCheck,
                    source: evidence.name.clone(),
                    column: columns.clone(),
                    text: format!("{name} failed by {columns}: {groups}"),
                });
            }
        }
    }
    for evidence in profiles {
        let Ok(profile) = &evidence.outcome else {
            continue;
        };
        // Only model inputs can act as proxies: columns with another role (score, prediction, label, weight,
        // ignored, sensitive) are left out.
        let feature = |column: &str| {
            project.dataset(&evidence.dataset_id).is_none_or(|d| {
                d.column_settings
                    .iter()
                    .find(|c| c.name == column)
                    .is_none_or(|c| c.role == ColumnRole::Feature)
            })
        };
        for sensitive in &profile.fairness.sensitive {
            for proxy in sensitive
                .proxies
                .iter()
                .filter(|p| p.flagged && feature(&p.column))
            {
                let by_claim = claims
                    .iter()
                    .any(|c| c.scope.column() == Some(proxy.column.as_str()));
                if by_claim || mentioned_in_text(&proxy.column) {
                    continue;
                }
                out.push(UndocumentedProblem {
                    kind: ProblemKind::Proxy,
                    source: evidence.dataset_name.clone(),
                    column: proxy.column.clone(),
                    text: format!(
                        "{} is a likely proxy for {} ({} {})",
                        proxy.column,
                        sensitive.column,
                        proxy.method.key(),
                        proxy
                            .value
                            .map_or_else(|| "undefined".to_owned(), |v| format!("{v:.3}"))
                    ),
                });
            }
        }
    }
    out
}

/// A documented limitation without evidence, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnsupportedLimitation {
    /// Position in the card's limitations.
    pub index: usize,
    /// The limitation.
    pub description: String,
    /// "no evidence linked", or the references that point at nothing.
    pub reason: String,
}

/// Whether `reference` names something in the project: a risk id, an audit id or name, a claim id or a
/// dataset id.
fn resolves(project: &Project, reference: &str) -> bool {
    let r = reference.trim();
    project.risks.iter().any(|x| x.risk_id == r)
        || project
            .audits
            .iter()
            .any(|a| a.audit_id == r || a.name == r)
        || project.model_card.claim(r).is_some()
        || project.dataset(r).is_some()
}

/// Limitations of the card that no evidence supports: none linked, or every link points at nothing.
#[must_use]
pub fn limitations_without_evidence(project: &Project) -> Vec<UnsupportedLimitation> {
    project
        .model_card
        .considerations
        .limitations
        .iter()
        .enumerate()
        .filter_map(|(index, l)| {
            let links: Vec<&str> = l
                .evidence
                .iter()
                .map(|e| e.trim())
                .filter(|e| !e.is_empty())
                .collect();
            let reason = if links.is_empty() {
                "no evidence linked".to_owned()
            } else if links.iter().all(|e| !resolves(project, e)) {
                format!("its evidence points at nothing: {}", links.join(", "))
            } else {
                return None;
            };
            Some(UnsupportedLimitation {
                index,
                description: l.description.clone(),
                reason,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IsoDate;
    use crate::model::model_card::Limitation;
    use crate::model::register::Risk;

    #[test]
    fn whole_words_only() {
        assert!(names("accuracy drops for older applicants by sex.", "sex"));
        assert!(names("(sex)", "sex"));
        assert!(!names("sexes differ", "sex"));
        assert!(!names("age_group", "age"));
        assert!(names("by age_group", "age_group"));
        assert!(!names("anything", ""));
    }

    #[test]
    fn limitations_need_evidence_that_exists() {
        let mut p = Project::blank("t", IsoDate::from_ymd(2026, 1, 1).unwrap());
        p.risks.push(Risk::new("R-1"));
        p.model_card.considerations.limitations = vec![
            Limitation {
                description: "none".into(),
                evidence: vec![],
            },
            Limitation {
                description: "dangling".into(),
                evidence: vec!["R-9".into(), " ".into()],
            },
            Limitation {
                description: "one good".into(),
                evidence: vec!["R-9".into(), "R-1".into()],
            },
        ];
        let out = limitations_without_evidence(&p);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].index, 0);
        assert_eq!(out[0].reason, "no evidence linked");
        assert_eq!(out[1].index, 1);
        assert_eq!(out[1].reason, "its evidence points at nothing: R-9");
    }
}
