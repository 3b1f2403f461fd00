//! One error analysis end to end: decode the data, build the error tree, and — when asked — the heat map,
//! the attribution summary and one row's counterfactuals. The CLI, the GUI's background job and the PDF call
//! this one function, so they agree.

use polars::prelude::DataFrame;
use serde::Serialize;

use super::attributions::{Attributions, attributions};
use super::counterfactual::{CounterfactualIndex, Counterfactuals};
use super::data::{ErrorData, column_for_rows, prepare};
use super::heatmap::{Heatmap, heatmap};
use super::tree::{ErrorTree, TreeOptions, error_tree};
use super::{DESCRIPTIVE_NOTE, ErrorAnalysisError};
use crate::model::error_analysis::ErrorAnalysisSpec;

/// Default number of counterfactuals.
pub const DEFAULT_COUNTERFACTUALS: usize = 5;

/// How the rows were used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowCounts {
    /// Rows in the file.
    pub file_rows: usize,
    /// Rows with a label and a prediction (the ones analysed).
    pub used: usize,
    /// Rows left out (missing label or prediction).
    pub dropped: usize,
    /// Errors (prediction ≠ label) among the rows used.
    pub errors: usize,
    /// errors / used.
    pub error_rate: f64,
}

/// Everything one error analysis computes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorAnalysisResult {
    /// Descriptive, not causal.
    pub note: String,
    /// The settings used.
    pub spec: ErrorAnalysisSpec,
    /// How the rows were used.
    pub rows: RowCounts,
    /// The error tree.
    pub tree: ErrorTree,
    /// The heat map, when columns were given.
    pub heatmap: Option<Heatmap>,
    /// The attribution summary, when a prefix was given.
    pub attributions: Option<Attributions>,
    /// The counterfactuals of one row, when asked.
    pub counterfactuals: Option<Counterfactuals>,
}

/// Which row to explain with counterfactuals, and how many.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CounterfactualQuery {
    /// File row (0-based).
    pub row: usize,
    /// How many neighbours.
    pub k: usize,
}

/// Runs an error analysis on a loaded data frame.
///
/// # Errors
/// Anything [`prepare`], the tree, the heat map, the attributions or the counterfactuals refuse (named column,
/// row or setting).
pub fn run_error_analysis(
    df: &DataFrame,
    spec: &ErrorAnalysisSpec,
    counterfactual: Option<CounterfactualQuery>,
) -> Result<ErrorAnalysisResult, ErrorAnalysisError> {
    let data = prepare(df, spec)?;
    run_on_data(df, &data, spec, counterfactual)
}

/// Runs an error analysis on data already decoded with [`prepare`].
///
/// # Errors
/// As [`run_error_analysis`].
pub fn run_on_data(
    df: &DataFrame,
    data: &ErrorData,
    spec: &ErrorAnalysisSpec,
    counterfactual: Option<CounterfactualQuery>,
) -> Result<ErrorAnalysisResult, ErrorAnalysisError> {
    let tree = error_tree(
        data,
        TreeOptions {
            max_depth: spec.max_depth,
            min_samples_leaf: spec.min_samples_leaf,
            ..TreeOptions::default()
        },
    )?;
    let heatmap = if spec.heatmap.is_empty() {
        None
    } else {
        let columns = spec
            .heatmap
            .iter()
            .map(|c| column_for_rows(df, c, data))
            .collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<_> = columns.iter().collect();
        Some(heatmap(data, &refs, spec.heatmap_bins)?)
    };
    let attributions = match spec.attribution_prefix.as_deref() {
        Some(prefix) if !prefix.is_empty() => {
            Some(attributions(df, prefix, spec.sensitive.as_deref())?)
        }
        _ => None,
    };
    let counterfactuals = match counterfactual {
        Some(q) => {
            let immutable = spec
                .immutable
                .iter()
                .map(|c| column_for_rows(df, c, data))
                .collect::<Result<Vec<_>, _>>()?;
            Some(CounterfactualIndex::new(data, &immutable).nearest(data, q.row, q.k)?)
        }
        None => None,
    };
    let errors = data.errors();
    #[expect(clippy::cast_precision_loss, reason = "row counts")]
    let error_rate = errors as f64 / data.rows().max(1) as f64;
    Ok(ErrorAnalysisResult {
        note: DESCRIPTIVE_NOTE.to_owned(),
        spec: spec.clone(),
        rows: RowCounts {
            file_rows: data.file_rows,
            used: data.rows(),
            dropped: data.dropped_rows,
            errors,
            error_rate,
        },
        tree,
        heatmap,
        attributions,
        counterfactuals,
    })
}

/// One saved error analysis run for the report or the GUI.
#[derive(Clone, Debug)]
pub struct ErrorAnalysisEvidence {
    /// Its id (`EA-1`).
    pub analysis_id: String,
    /// Its name.
    pub name: String,
    /// The dataset's display name.
    pub dataset_name: String,
    /// The result, or why it could not run.
    pub outcome: Result<ErrorAnalysisResult, String>,
}

/// Runs every error analysis saved in `project` (dataset paths relative to `base_dir`).
///
/// # Errors
/// Only cancellation; an analysis that cannot run carries its reason in `outcome`.
pub fn run_saved_error_analyses(
    project: &crate::model::Project,
    base_dir: &std::path::Path,
    control: &crate::analysis::task::TaskControl,
) -> Result<Vec<ErrorAnalysisEvidence>, crate::analysis::task::Cancelled> {
    let mut out = Vec::new();
    for analysis in &project.error_analyses {
        control.check()?;
        let dataset = project.dataset(&analysis.dataset_id);
        let outcome = match dataset {
            None => Err(format!(
                "the project has no dataset {:?}",
                analysis.dataset_id
            )),
            Some(d) => crate::analysis::table::read_table_with_missing(
                &crate::model::file::resolve_path(&d.path, base_dir),
                &d.missing_tokens,
                control,
            )
            .map_err(|e| e.to_string())
            .and_then(|df| {
                run_error_analysis(&df, &analysis.spec, None).map_err(|e| e.to_string())
            }),
        };
        out.push(ErrorAnalysisEvidence {
            analysis_id: analysis.analysis_id.clone(),
            name: analysis.name.clone(),
            dataset_name: dataset.map_or_else(|| analysis.dataset_id.clone(), |d| d.name.clone()),
            outcome,
        });
    }
    Ok(out)
}
