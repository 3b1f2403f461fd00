//! Error analyses saved in a project: which dataset, which label and prediction (or score and threshold), the
//! features of the error tree and its depth, the sensitive column whose mix each leaf shows, the prefix of
//! imported attribution columns, the heat-map columns and the columns held fixed by counterfactuals. The
//! computations live in `analysis::error_analysis`; what they describe is descriptive, not causal.

use serde::{Deserialize, Serialize};

/// Prefix of error-analysis ids (`EA-1`, `EA-2`, …).
pub const ERROR_ANALYSIS_ID_PREFIX: &str = "EA-";

/// Default depth of the error tree.
pub const DEFAULT_MAX_DEPTH: usize = 4;

/// Default smallest number of rows in a leaf of the error tree.
pub const DEFAULT_MIN_SAMPLES_LEAF: usize = 20;

/// Default number of quantile bins of a numeric heat-map axis.
pub const DEFAULT_HEATMAP_BINS: usize = 5;

fn default_depth() -> usize {
    DEFAULT_MAX_DEPTH
}

fn default_min_leaf() -> usize {
    DEFAULT_MIN_SAMPLES_LEAF
}

fn default_bins() -> usize {
    DEFAULT_HEATMAP_BINS
}

/// What an error analysis reads and how (the columns of one dataset and the tree's settings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorAnalysisSpec {
    /// The label (ground truth) column.
    pub label: String,
    /// The prediction column (or use `score` and `threshold`).
    #[serde(default)]
    pub prediction: Option<String>,
    /// A score column: the prediction is positive when score ≥ threshold.
    #[serde(default)]
    pub score: Option<String>,
    /// The decision threshold applied to `score`.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// The label value that counts as positive (required unless the label is 0/1 or true/false).
    #[serde(default)]
    pub positive: Option<String>,
    /// The prediction value that counts as positive (default: `positive`).
    #[serde(default)]
    pub pred_positive: Option<String>,
    /// Features of the error tree and of the counterfactual distance; empty: every other column.
    #[serde(default)]
    pub features: Vec<String>,
    /// The sensitive column whose groups each leaf counts and attributions are split by.
    #[serde(default)]
    pub sensitive: Option<String>,
    /// Depth of the error tree.
    #[serde(default = "default_depth")]
    pub max_depth: usize,
    /// Smallest number of rows in a leaf.
    #[serde(default = "default_min_leaf")]
    pub min_samples_leaf: usize,
    /// Prefix of imported attribution columns (`shap_`), if any.
    #[serde(default)]
    pub attribution_prefix: Option<String>,
    /// One or two columns of the error-rate heat map (none: no heat map).
    #[serde(default)]
    pub heatmap: Vec<String>,
    /// Quantile bins of a numeric heat-map axis.
    #[serde(default = "default_bins")]
    pub heatmap_bins: usize,
    /// Columns a counterfactual must share with the row it explains (sex, race…).
    #[serde(default)]
    pub immutable: Vec<String>,
}

impl Default for ErrorAnalysisSpec {
    fn default() -> Self {
        Self {
            label: String::new(),
            prediction: None,
            score: None,
            threshold: None,
            positive: None,
            pred_positive: None,
            features: Vec::new(),
            sensitive: None,
            max_depth: DEFAULT_MAX_DEPTH,
            min_samples_leaf: DEFAULT_MIN_SAMPLES_LEAF,
            attribution_prefix: None,
            heatmap: Vec::new(),
            heatmap_bins: DEFAULT_HEATMAP_BINS,
            immutable: Vec::new(),
        }
    }
}

/// An error analysis saved in a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedErrorAnalysis {
    /// Stable id (`EA-1`).
    pub analysis_id: String,
    /// Display name.
    pub name: String,
    /// The dataset analysed.
    pub dataset_id: String,
    /// Columns and settings.
    pub spec: ErrorAnalysisSpec,
}

/// An id not used yet among `analyses` (`EA-1`, `EA-2`, …).
///
/// ```
/// use riskbench::model::error_analysis::next_error_analysis_id;
/// assert_eq!(next_error_analysis_id(&[]), "EA-1");
/// ```
#[must_use]
pub fn next_error_analysis_id(analyses: &[SavedErrorAnalysis]) -> String {
    super::ids::next_id(
        ERROR_ANALYSIS_ID_PREFIX,
        analyses.iter().map(|a| a.analysis_id.as_str()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_without_settings_takes_the_defaults() {
        let spec: ErrorAnalysisSpec = ron::from_str("(label: \"y\")").unwrap();
        assert_eq!(spec.max_depth, 4);
        assert_eq!(spec.min_samples_leaf, 20);
        assert_eq!(spec.heatmap_bins, 5);
        assert!(spec.features.is_empty());
    }

    #[test]
    fn a_project_keeps_its_error_analyses_and_leaves_them_out_when_there_are_none() {
        use crate::model::file::{parse_project, project_to_string};
        use crate::model::{IsoDate, Project};
        let today = IsoDate::from_ymd(2026, 12, 5).unwrap();
        let mut project = Project::blank("Income model", today);
        let without = project_to_string(&project).unwrap();
        assert!(!without.contains("error_analyses"));
        project.error_analyses.push(SavedErrorAnalysis {
            analysis_id: next_error_analysis_id(&project.error_analyses),
            name: "Where it errs".to_owned(),
            dataset_id: "ds-1".to_owned(),
            spec: ErrorAnalysisSpec {
                label: "label".to_owned(),
                score: Some("score".to_owned()),
                threshold: Some(0.5),
                features: vec!["age".to_owned()],
                sensitive: Some("sex".to_owned()),
                attribution_prefix: Some("shap_".to_owned()),
                immutable: vec!["sex".to_owned()],
                ..ErrorAnalysisSpec::default()
            },
        });
        let text = project_to_string(&project).unwrap();
        let back = parse_project(&text, std::path::Path::new("p.riskbench.ron"))
            .unwrap()
            .project;
        assert_eq!(back, project);
        assert_eq!(back.error_analyses[0].analysis_id, "EA-1");
        assert_eq!(next_error_analysis_id(&back.error_analyses), "EA-2");
    }
}
