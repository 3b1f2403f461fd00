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
