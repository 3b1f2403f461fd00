//! Fairness audits saved in a project: which dataset, which columns and which choices, so an audit can be
//! re-run whenever its dataset changes and always gives the same numbers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The columns and choices of one fairness audit, as given to `riskbench audit` or saved in a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AuditSpec {
    /// The label (ground truth) column.
    pub label: String,
    /// The prediction column (or use `score` and `threshold`).
    pub prediction: Option<String>,
    /// A score column: the prediction is positive when score ≥ threshold.
    pub score: Option<String>,
    /// The decision threshold applied to `score`.
    pub threshold: Option<f64>,
    /// The label value that counts as positive (required unless the label is 0/1 or true/false).
    pub positive: Option<String>,
    /// The prediction value that counts as positive (default: `positive`).
    pub pred_positive: Option<String>,
    /// Sensitive columns, audited one by one.
    pub sensitive: Vec<String>,
    /// Also audit the combination of all sensitive columns (intersectional groups).
    pub intersect: bool,
    /// Reference group per sensitive column: a value, `largest` (default) or `best`.
    pub reference: BTreeMap<String, String>,
    /// A sample-weight column.
    pub weight: Option<String>,
    /// Groups smaller than this are flagged "small sample" (default: the project setting, else 30).
    pub min_group: Option<u32>,
    /// Bootstrap resamples for confidence intervals (0 or absent: Wilson intervals only).
    pub bootstrap: Option<u32>,
    /// Seed of the bootstrap (default: the project setting).
    pub seed: Option<u64>,
}

/// A fairness audit saved in a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedAudit {
    /// Stable id (`audit-1`).
    pub audit_id: String,
    /// Display name, unique in the project (used by `riskbench audit --project P --name NAME`).
    pub name: String,
    /// The dataset audited.
    pub dataset_id: String,
    /// Columns and choices.
    pub spec: AuditSpec,
}

/// An audit id not used yet among `audits` (`audit-1`, `audit-2`, …).
///
/// ```
/// use riskbench::model::audit::{next_audit_id, SavedAudit};
/// assert_eq!(next_audit_id(&[]), "audit-1");
/// ```
#[must_use]
pub fn next_audit_id(audits: &[SavedAudit]) -> String {
    let next = audits
        .iter()
        .filter_map(|a| a.audit_id.strip_prefix("audit-")?.parse::<u32>().ok())
        .max()
        .map_or(1, |n| n.saturating_add(1));
    format!("audit-{next}")
}

/// `base`, or `base (2)`, `base (3)`, … whichever no audit in `audits` is called yet (names are unique in a
/// project, because `riskbench audit --project P --name NAME` selects by name).
#[must_use]
pub fn unique_audit_name(audits: &[SavedAudit], base: &str) -> String {
    let taken = |name: &str| audits.iter().any(|a| a.name == name);
    if !taken(base) {
        return base.to_owned();
    }
    // Among n audits, one of the n + 1 numbered names is free.
    (2..=audits.len() + 2)
        .map(|i| format!("{base} ({i})"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audit(audit_id: &str, name: &str) -> SavedAudit {
        SavedAudit {
            audit_id: audit_id.to_owned(),
            name: name.to_owned(),
            dataset_id: "ds-1".to_owned(),
            spec: AuditSpec::default(),
        }
    }

    #[test]
    fn ids_continue_after_the_largest() {
        let audits = [
            audit("audit-2", "a"),
            audit("custom", "b"),
            audit("audit-7", "c"),
        ];
        assert_eq!(next_audit_id(&audits), "audit-8");
    }

    #[test]
    fn names_get_a_number_when_taken() {
        let audits = [
            audit("audit-1", "New audit"),
            audit("audit-2", "New audit (2)"),
        ];
        assert_eq!(unique_audit_name(&audits, "Other"), "Other");
        assert_eq!(unique_audit_name(&audits, "New audit"), "New audit (3)");
    }
}
