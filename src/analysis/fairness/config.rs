//! Audit configuration (stored in the project file, so every field has a serde default).

use std::collections::BTreeMap;
use std::num::NonZeroUsize;

use serde::{Deserialize, Serialize};

/// How the reference group of a sensitive column is chosen.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceRule {
    /// A given level of the column (`(missing)` names the missing-value group).
    Value(String),
    /// The group with the most rows (Aequitas "maj"); ties go to the first group in output order.
    #[default]
    Largest,
    /// Per metric, the group with the best value (lowest error rate, highest TPR/TNR/precision/NPV/accuracy).
    /// Metrics with no better direction (selection rate, PPR, base rate, mean score) fall back to `largest`.
    Best,
}

/// Pass/fail thresholds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// Lower bound of ratio checks (default 0.8). A group passes a parity check when
    /// `ratio ≤ ratio_to_reference ≤ 1/ratio` (four-fifths rule: 0.8 … 1.25); summary ratios pass when
    /// at least `ratio`.
    pub ratio: f64,
    /// Upper bound of difference checks on summary differences (default 0.1).
    pub difference: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            ratio: 0.8,
            difference: 0.1,
        }
    }
}

/// Stratified bootstrap settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BootstrapConfig {
    /// Number of resamples (default 1000).
    pub resamples: usize,
    /// Two-sided confidence level of the percentile intervals (default 0.95).
    pub level: f64,
    /// Seed; the same seed gives the same intervals whatever the number of threads.
    pub seed: u64,
    /// Worker threads (default: the available parallelism). Does not change the results.
    pub threads: Option<NonZeroUsize>,
}

impl Default for BootstrapConfig {
    fn default() -> Self {
        BootstrapConfig {
            resamples: 1000,
            level: 0.95,
            seed: 20_240_611,
            threads: None,
        }
    }
}

/// Words used to turn results into plain-language findings. The defaults are generic; a loan project might
/// use `subjects = "applicants"`, `label_positive = "would repay"`, `predicted_negative = "denied"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Wording {
    /// Plural noun for the rows ("people", "applicants", "defendants").
    pub subjects: String,
    /// Relative clause for an actual positive ("had a positive label", "would repay", "reoffended").
    pub label_positive: String,
    /// Relative clause for an actual negative ("had a negative label", "would not repay").
    pub label_negative: String,
    /// Past participle for a positive prediction ("predicted positive", "approved", "rated high risk").
    pub predicted_positive: String,
    /// Past participle for a negative prediction ("predicted negative", "denied", "rated low risk").
    pub predicted_negative: String,
}

impl Default for Wording {
    fn default() -> Self {
        Wording {
            subjects: "people".to_owned(),
            label_positive: "had a positive label".to_owned(),
            label_negative: "had a negative label".to_owned(),
            predicted_positive: "predicted positive".to_owned(),
            predicted_negative: "predicted negative".to_owned(),
        }
    }
}

/// What to audit and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditConfig {
    /// Sensitive columns to audit, each on its own, in this order.
    pub sensitive: Vec<String>,
    /// Also audit the combination of all `sensitive` columns (needs at least two).
    pub intersect: bool,
    /// Reference rule per column (missing = [`ReferenceRule::Largest`]).
    pub reference: BTreeMap<String, ReferenceRule>,
    /// Groups with fewer rows are flagged `small_sample` (default 30).
    pub min_group_size: u64,
    /// Pass/fail thresholds.
    pub thresholds: Thresholds,
    /// Level of the Wilson score intervals (default 0.95).
    pub wilson_level: f64,
    /// α of `generalized_entropy_index` (default 2, as AIF360).
    pub generalized_entropy_alpha: f64,
    /// Bootstrap settings; `None` computes only the point estimates and Wilson intervals (instant).
    pub bootstrap: Option<BootstrapConfig>,
    /// Words for findings.
    pub wording: Wording,
}

impl Default for AuditConfig {
    fn default() -> Self {
        AuditConfig {
            sensitive: Vec::new(),
            intersect: false,
            reference: BTreeMap::new(),
            min_group_size: 30,
            thresholds: Thresholds::default(),
            wilson_level: 0.95,
            generalized_entropy_alpha: 2.0,
            bootstrap: None,
            wording: Wording::default(),
        }
    }
}
