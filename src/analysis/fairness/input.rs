//! The decoded, columnar input of an audit. The loader (polars in riskbench) has already applied the
//! configured positive values, so labels and predictions arrive as booleans.

use serde::{Deserialize, Serialize};

/// Where the predictions come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Predictions {
    /// One decoded prediction per row (`true` = the positive prediction); `None` = missing.
    Labels(Vec<Option<bool>>),
    /// ŷ = score ≥ threshold, using [`AuditInput::score`] (which must then be present).
    ScoreThreshold(f64),
}

/// A sensitive column, dictionary-encoded: `codes[i]` indexes `levels`, `None` is a missing value (it forms
/// the explicit `(missing)` group).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitiveColumn {
    /// Column name as the user sees it.
    pub name: String,
    /// Distinct values, each once. The reserved text `(missing)` is not allowed as a level.
    pub levels: Vec<String>,
    /// One code per row.
    pub codes: Vec<Option<u32>>,
}

/// Everything the engine needs, one entry per row in every column.
///
/// Rows with a missing label, a missing prediction or (when a score column is given) a missing or NaN
/// score are excluded from the audit and counted in [`super::RowSummary`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditInput {
    /// Decoded label (`true` = positive class); `None` = missing.
    pub y_true: Vec<Option<bool>>,
    /// Decoded predictions, or a threshold on `score`.
    pub predictions: Predictions,
    /// Optional model score (gives `mean_score`, and the predictions with [`Predictions::ScoreThreshold`]).
    pub score: Option<Vec<Option<f64>>>,
    /// Optional sample weights: finite and not negative. Counts become weighted sums; `count` stays the
    /// number of rows.
    pub weight: Option<Vec<f64>>,
    /// The sensitive columns available to the audit (the configuration picks which ones are audited).
    pub sensitive: Vec<SensitiveColumn>,
}

impl AuditInput {
    /// Number of rows (the length of `y_true`).
    #[must_use]
    pub fn rows(&self) -> usize {
        self.y_true.len()
    }

    /// Find a sensitive column by name.
    #[must_use]
    pub fn column(&self, name: &str) -> Option<&SensitiveColumn> {
        self.sensitive.iter().find(|c| c.name == name)
    }
}

/// The text used for a missing sensitive value, in groups and JSON.
pub const MISSING_LEVEL: &str = "(missing)";
