//! The decoded input of an error analysis: for every row with a label and a prediction, whether the model
//! erred, and the features as numbers (missing = NaN) or categories (missing = the level `(missing)`).

use std::collections::HashMap;

use polars::prelude::*;

use super::ErrorAnalysisError;
use crate::analysis::audit::{column, decode_binary, decode_floats};
use crate::model::error_analysis::ErrorAnalysisSpec;

/// The level that stands for a missing value of a categorical column.
pub const MISSING_LEVEL: &str = "(missing)";

/// Text columns with more distinct values than this are left out of the default features (ids, free text).
pub const MAX_DEFAULT_LEVELS: usize = 256;

/// The values of one feature.
#[derive(Clone, Debug, PartialEq)]
pub enum FeatureValues {
    /// Numbers (booleans as 0/1); NaN is a missing value.
    Numeric(Vec<f64>),
    /// Categories: `codes[i]` indexes `levels` (sorted; [`MISSING_LEVEL`] is a level of its own).
    Categorical {
        /// Distinct values, sorted.
        levels: Vec<String>,
        /// One code per row.
        codes: Vec<u32>,
    },
}

/// One feature of the analysis, restricted to the rows used.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureColumn {
    /// Column name.
    pub name: String,
    /// Its values.
    pub values: FeatureValues,
}

impl FeatureColumn {
    /// The value of row `i` as text (`(missing)` when missing).
    #[must_use]
    pub fn text(&self, i: usize) -> String {
        match &self.values {
            FeatureValues::Numeric(v) => match v.get(i) {
                Some(x) if !x.is_nan() => format_number(*x),
                _ => MISSING_LEVEL.to_owned(),
            },
            FeatureValues::Categorical { levels, codes } => codes
                .get(i)
                .and_then(|c| levels.get(*c as usize))
                .cloned()
                .unwrap_or_else(|| MISSING_LEVEL.to_owned()),
        }
    }
}

/// A number as short text: `37`, `0.25`.
#[must_use]
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// The decoded dataset: one entry per row used (rows with a missing label or prediction are left out).
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorData {
    /// Rows in the file.
    pub file_rows: usize,
    /// The file row (0-based) of every row used.
    pub row_index: Vec<u32>,
    /// Decoded labels.
    pub label: Vec<bool>,
    /// Decoded predictions.
    pub prediction: Vec<bool>,
    /// Whether the prediction differs from the label.
    pub error: Vec<bool>,
    /// The features, in the order asked.
    pub features: Vec<FeatureColumn>,
    /// The sensitive column as categories, when one is given.
    pub sensitive: Option<FeatureColumn>,
    /// Rows left out because the label or the prediction was missing.
    pub dropped_rows: usize,
}

impl ErrorData {
    /// Number of rows used.
    #[must_use]
    pub fn rows(&self) -> usize {
        self.error.len()
    }

    /// Number of errors.
    #[must_use]
    pub fn errors(&self) -> usize {
        self.error.iter().filter(|e| **e).count()
    }

    /// The position among the rows used of file row `row` (0-based), if it is used.
    #[must_use]
    pub fn position_of(&self, row: usize) -> Option<usize> {
        let row = u32::try_from(row).ok()?;
        self.row_index.binary_search(&row).ok()
    }
}

/// Reads a column as a feature: numbers stay numbers, anything else becomes categories.
///
/// # Errors
/// A missing column (named, with the columns there are) or one polars cannot convert.
pub fn feature_column(df: &DataFrame, name: &str) -> Result<FeatureColumn, ErrorAnalysisError> {
    let col = column(df, name, "feature")?;
    let polars_error =
        |e: PolarsError| ErrorAnalysisError::Input(format!("cannot read the column {name:?}: {e}"));
    let dtype = col.dtype();
    if dtype.is_primitive_numeric() || dtype.is_bool() {
        let cast = col.cast(&DataType::Float64).map_err(polars_error)?;
        let values = cast
            .f64()
            .map_err(polars_error)?
            .iter()
            .map(|v| v.unwrap_or(f64::NAN))
            .collect();
        return Ok(FeatureColumn {
            name: name.to_owned(),
            values: FeatureValues::Numeric(values),
        });
    }
    let cast = col.cast(&DataType::String).map_err(polars_error)?;
    let text = cast.str().map_err(polars_error)?;
    let mut first_code: HashMap<&str, u32> = HashMap::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut raw = Vec::with_capacity(text.len());
    for v in text.iter() {
        let v = v.unwrap_or(MISSING_LEVEL);
        let next = u32::try_from(seen.len()).unwrap_or(u32::MAX);
        let code = *first_code.entry(v).or_insert_with(|| {
            seen.push(v);
            next
        });
        raw.push(code);
    }
    let mut order: Vec<usize> = (0..seen.len()).collect();
    order.sort_by(|a, b| seen[*a].cmp(seen[*b]));
    let mut remap = vec![0_u32; seen.len()];
    for (new, old) in order.iter().enumerate() {
        remap[*old] = u32::try_from(new).unwrap_or(u32::MAX);
    }
    let levels = order.iter().map(|i| seen[*i].to_owned()).collect();
    let codes = raw.into_iter().map(|c| remap[c as usize]).collect();
    Ok(FeatureColumn {
        name: name.to_owned(),
        values: FeatureValues::Categorical { levels, codes },
    })
}

/// Keeps the rows at `keep` (positions into the column).
fn select(feature: FeatureColumn, keep: &[u32], all: bool) -> FeatureColumn {
    if all {
        return feature;
    }
    let values = match feature.values {
        FeatureValues::Numeric(v) => {
            FeatureValues::Numeric(keep.iter().map(|i| v[*i as usize]).collect())
        }
        FeatureValues::Categorical { levels, codes } => FeatureValues::Categorical {
            levels,
            codes: keep.iter().map(|i| codes[*i as usize]).collect(),
        },
    };
    FeatureColumn {
        name: feature.name,
        values,
    }
}

/// The features of a spec: the ones named, or every column that is not the label, the prediction, the
/// score or an attribution column (text columns with more than [`MAX_DEFAULT_LEVELS`] values, such as ids,
/// are left out of the default).
///
/// # Errors
/// A named feature that is not a column.
pub fn feature_names(
    df: &DataFrame,
    spec: &ErrorAnalysisSpec,
) -> Result<Vec<String>, ErrorAnalysisError> {
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    if !spec.features.is_empty() {
        for f in &spec.features {
            if !names.contains(f) {
                return Err(ErrorAnalysisError::Input(format!(
                    "the feature column {f:?} is not in the data (columns: {})",
                    names.join(", ")
                )));
            }
        }
        return Ok(spec.features.clone());
    }
    let reserved = |n: &str| {
        n == spec.label
            || spec.prediction.as_deref() == Some(n)
            || spec.score.as_deref() == Some(n)
            || spec
                .attribution_prefix
                .as_deref()
                .is_some_and(|p| !p.is_empty() && n.starts_with(p))
    };
    let mut out = Vec::new();
    for n in names.iter().filter(|n| !reserved(n)) {
        let Ok(col) = df.column(n) else { continue };
        let dtype = col.dtype();
        let usable = dtype.is_primitive_numeric()
            || dtype.is_bool()
            || col
                .n_unique()
                .is_ok_and(|distinct| distinct <= MAX_DEFAULT_LEVELS);
        if usable {
            out.push(n.clone());
        }
    }
    Ok(out)
}

/// Decodes the label, the prediction (or score ≥ threshold), the features and the sensitive column.
///
/// # Errors
/// A missing column, a label or prediction that is not binary without a positive value, a score that is not
/// numeric, a score without a threshold, no rows left.
pub fn prepare(df: &DataFrame, spec: &ErrorAnalysisSpec) -> Result<ErrorData, ErrorAnalysisError> {
    let file_rows = df.height();
    let (label, _) = decode_binary(
        column(df, &spec.label, "label")?,
        &spec.label,
        "label",
        spec.positive.as_deref(),
    )?;
    let prediction: Vec<Option<bool>> = match (&spec.prediction, &spec.score, spec.threshold) {
        (Some(pred), None, _) => {
            let wanted = spec.pred_positive.as_deref().or(spec.positive.as_deref());
            decode_binary(column(df, pred, "prediction")?, pred, "prediction", wanted)?.0
        }
        (None, Some(score), Some(t)) if t.is_finite() => decode_floats(df, score, "score")?
            .into_iter()
            .map(|s| s.filter(|s| !s.is_nan()).map(|s| s >= t))
            .collect(),
        (None, Some(_), Some(t)) => {
            return Err(ErrorAnalysisError::Setting(format!(
                "the threshold must be a number, found {t}"
            )));
        }
        (None, Some(_), None) => {
            return Err(ErrorAnalysisError::Setting(
                "a score needs a decision threshold (--threshold T)".to_owned(),
            ));
        }
        (Some(_), Some(_), _) => {
            return Err(ErrorAnalysisError::Setting(
                "give either a prediction column or a score with a threshold, not both".to_owned(),
            ));
        }
        (None, None, _) => {
            return Err(ErrorAnalysisError::Setting(
                "give a prediction column (--prediction) or a score with a threshold (--score, --threshold)"
                    .to_owned(),
            ));
        }
    };
    let mut row_index = Vec::with_capacity(file_rows);
    let (mut labels, mut predictions, mut error) = (Vec::new(), Vec::new(), Vec::new());
    for (i, (y, p)) in label.iter().zip(&prediction).enumerate() {
        if let (Some(y), Some(p)) = (y, p) {
            row_index.push(u32::try_from(i).unwrap_or(u32::MAX));
            labels.push(*y);
            predictions.push(*p);
            error.push(y != p);
        }
    }
    if row_index.is_empty() {
        return Err(ErrorAnalysisError::Input(format!(
            "no row has both a label ({:?}) and a prediction",
            spec.label
        )));
    }
    let all = row_index.len() == file_rows;
    let mut features = Vec::new();
    for name in feature_names(df, spec)? {
        features.push(select(feature_column(df, &name)?, &row_index, all));
    }
    let sensitive = match &spec.sensitive {
        Some(name) => {
            let mut col = feature_column(df, name)?;
            if let FeatureValues::Numeric(_) = col.values {
                col = categorical_of(&col);
            }
            Some(select(col, &row_index, all))
        }
        None => None,
    };
    Ok(ErrorData {
        file_rows,
        dropped_rows: file_rows - row_index.len(),
        row_index,
        label: labels,
        prediction: predictions,
        error,
        features,
        sensitive,
    })
}

/// A numeric column as categories of its values as text (for a sensitive or immutable column held in numbers).
#[must_use]
pub fn categorical_of(col: &FeatureColumn) -> FeatureColumn {
    match &col.values {
        FeatureValues::Categorical { .. } => col.clone(),
        FeatureValues::Numeric(v) => {
            let mut levels: Vec<(f64, String)> = Vec::new();
            let mut bits: HashMap<u64, u32> = HashMap::new();
            let mut raw = Vec::with_capacity(v.len());
            for x in v {
                let key = if x.is_nan() {
                    u64::MAX
                } else {
                    (x + 0.0).to_bits()
                };
                let next = u32::try_from(levels.len()).unwrap_or(u32::MAX);
                let code = *bits.entry(key).or_insert_with(|| {
                    let text = if x.is_nan() {
                        MISSING_LEVEL.to_owned()
                    } else {
                        format_number(*x)
                    };
                    levels.push((if x.is_nan() { f64::INFINITY } else { *x }, text));
                    next
                });
                raw.push(code);
            }
            let mut order: Vec<usize> = (0..levels.len()).collect();
            order.sort_by(|a, b| levels[*a].0.total_cmp(&levels[*b].0));
            let mut remap = vec![0_u32; levels.len()];
            for (new, old) in order.iter().enumerate() {
                remap[*old] = u32::try_from(new).unwrap_or(u32::MAX);
            }
            FeatureColumn {
                name: col.name.clone(),
                values: FeatureValues::Categorical {
                    levels: order.iter().map(|i| levels[*i].1.clone()).collect(),
                    codes: raw.into_iter().map(|c| remap[c as usize]).collect(),
                },
            }
        }
    }
}

/// A column of `df` restricted to the rows `data` uses (for heat-map, immutable or extra columns).
///
/// # Errors
/// A missing column (named, with the columns there are).
pub fn column_for_rows(
    df: &DataFrame,
    name: &str,
    data: &ErrorData,
) -> Result<FeatureColumn, ErrorAnalysisError> {
    if let Some(f) = data.features.iter().find(|f| f.name == name) {
        return Ok(f.clone());
    }
    let all = data.row_index.len() == df.height();
    Ok(select(feature_column(df, name)?, &data.row_index, all))
}
