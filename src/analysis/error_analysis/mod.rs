//! Explanations without the model: from a dataset with labels and predictions (or scores and a threshold),
//! where the model errs and how its recorded decisions differ between groups, computed from the data alone.
//!
//! - [`data`]: decoding the label, the prediction and the features (numbers, categories) once.
//! - [`tree`]: the error tree, a shallow CART decision tree (Gini, as scikit-learn's `DecisionTreeClassifier`)
//!   that predicts the error indicator; leaves with error rate, coverage and group mix.
//! - [`heatmap`]: error rates over one or two features (quantile bins, categories).
//! - [`attributions`]: imported attribution columns (SHAP or LIME values computed elsewhere, picked by a
//!   prefix): mean |attribution| overall and per group, and the features whose importance differs most.
//! - [`counterfactual`]: the nearest rows with the other decision (Gower distance), immutable columns held fixed.
//! - [`run`]: one saved analysis end to end, as the CLI, the GUI and the PDF use it.
//!
//! Everything here is descriptive, not causal: it says where and for whom the recorded predictions were wrong
//! in this data, not why, nor what would change a decision ([`DESCRIPTIVE_NOTE`]).

pub mod attributions;
pub mod counterfactual;
pub mod data;
pub mod heatmap;
pub mod run;
pub mod tree;

pub use data::{ErrorData, FeatureColumn, FeatureValues, MISSING_LEVEL};
pub use run::{ErrorAnalysisResult, run_error_analysis};

use crate::analysis::audit::AuditError;

/// The sentence shown with every result of the error analysis (GUI, CLI, PDF).
pub const DESCRIPTIVE_NOTE: &str = "Descriptive, not causal: these results describe where and for whom the \
    recorded predictions were wrong in this data. They do not explain why the model decided, nor what would \
    change a decision.";

/// Why an error analysis could not run. Messages name the column, the row or the setting.
#[derive(Debug, thiserror::Error)]
pub enum ErrorAnalysisError {
    /// The label or prediction could not be decoded.
    #[error(transparent)]
    Audit(#[from] AuditError),
    /// The input cannot be used (named column or row).
    #[error("{0}")]
    Input(String),
    /// A setting is out of range.
    #[error("{0}")]
    Setting(String),
    /// The analysis was cancelled.
    #[error("cancelled")]
    Cancelled,
}
