//! Imported attributions: columns of per-row attribution values (SHAP, LIME…) computed elsewhere and picked
//! by a prefix (`shap_age` is the attribution of `age`). For each feature the mean absolute attribution over
//! the rows that have one, overall and per group of a sensitive column, and the features whose mean
//! importance differs most between groups (largest minus smallest group mean, and their ratio). Like every
//! result of the error analysis this describes the attributions recorded, not the causes of a decision.

use polars::prelude::*;
use serde::Serialize;

use super::ErrorAnalysisError;
use super::data::{FeatureValues, MISSING_LEVEL, categorical_of, feature_column};

/// The importance of one feature.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FeatureImportance {
    /// The feature (the column name without the prefix).
    pub feature: String,
    /// The attribution column.
    pub column: String,
    /// Mean |attribution| over the rows with a value.
    pub mean_abs: f64,
    /// Rows with a value.
    pub rows: usize,
}

/// Mean |attribution| per feature in one group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupImportance {
    /// The group (a value of the sensitive column, or `(missing)`).
    pub group: String,
    /// Rows of the group.
    pub rows: usize,
    /// Mean |attribution| per feature, in the order of [`Attributions::features`] (`None`: no value).
    pub mean_abs: Vec<Option<f64>>,
}

/// How much one feature's importance differs between groups.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportanceGap {
    /// The feature.
    pub feature: String,
    /// The group where it matters most, and its mean |attribution|.
    pub highest_group: String,
    /// Mean |attribution| there.
    pub highest: f64,
    /// The group where it matters least.
    pub lowest_group: String,
    /// Mean |attribution| there.
    pub lowest: f64,
    /// highest − lowest.
    pub difference: f64,
    /// highest / lowest (`None` when lowest is 0).
    pub ratio: Option<f64>,
}

/// Attributions summarised.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attributions {
    /// The prefix of the columns.
    pub prefix: String,
    /// Features by mean |attribution|, largest first (ties by name).
    pub features: Vec<FeatureImportance>,
    /// The sensitive column of the groups.
    pub sensitive: Option<String>,
    /// Per group, in level order.
    pub groups: Vec<GroupImportance>,
    /// Features by the difference of their importance between groups, largest first.
    pub gaps: Vec<ImportanceGap>,
}

/// The values of an attribution column; text that is not a number is refused with its row.
fn numbers(df: &DataFrame, name: &str) -> Result<Vec<f64>, ErrorAnalysisError> {
    let col = df
        .column(name)
        .map_err(|e| ErrorAnalysisError::Input(format!("cannot read the column {name:?}: {e}")))?;
    let dtype = col.dtype();
    let polars_error =
        |e: PolarsError| ErrorAnalysisError::Input(format!("cannot read the column {name:?}: {e}"));
    if dtype.is_primitive_numeric() || dtype.is_bool() {
        let cast = col.cast(&DataType::Float64).map_err(polars_error)?;
        return Ok(cast
            .f64()
            .map_err(polars_error)?
            .iter()
            .map(|v| v.unwrap_or(f64::NAN))
            .collect());
    }
    let cast = col.cast(&DataType::String).map_err(polars_error)?;
    let text = cast.str().map_err(polars_error)?;
    let mut out = Vec::with_capacity(text.len());
    for (row, v) in text.iter().enumerate() {
        match v.map(str::trim) {
            None | Some("") => out.push(f64::NAN),
            Some(t) => match t.parse::<f64>() {
                Ok(x) => out.push(x),
                Err(_) => {
                    return Err(ErrorAnalysisError::Input(format!(
                        "the attribution column {name:?} holds text at row {row} ({t:?}; rows count from 0, \
                         the first data row is 0): attributions must be numbers"
                    )));
                }
            },
        }
    }
    Ok(out)
}

#[expect(clippy::cast_precision_loss, reason = "row counts")]
fn mean(sum: f64, n: usize) -> Option<f64> {
    (n > 0).then(|| sum / n as f64)
}

/// Summarises the attribution columns starting with `prefix` over every row of `df`.
///
/// # Errors
/// No column with the prefix, an attribution column with text (named, with its row), a missing sensitive
/// column.
pub fn attributions(
    df: &DataFrame,
    prefix: &str,
    sensitive: Option<&str>,
) -> Result<Attributions, ErrorAnalysisError> {
    let columns: Vec<String> = df
        .get_column_names()
        .iter()
        .map(std::string::ToString::to_string)
        .filter(|n| !prefix.is_empty() && n.starts_with(prefix) && n.len() > prefix.len())
        .collect();
    if columns.is_empty() {
        return Err(ErrorAnalysisError::Input(format!(
            "no column starts with the attribution prefix {prefix:?}"
        )));
    }
    let values: Vec<Vec<f64>> = columns
        .iter()
        .map(|c| numbers(df, c))
        .collect::<Result<_, _>>()?;
    let (levels, codes) = match sensitive {
        Some(name) => {
            let col = categorical_of(&feature_column(df, name)?);
            match col.values {
                FeatureValues::Categorical { levels, codes } => (levels, codes),
                FeatureValues::Numeric(_) => (vec![MISSING_LEVEL.to_owned()], vec![0; df.height()]),
            }
        }
        None => (Vec::new(), Vec::new()),
    };
    let mut features = Vec::new();
    let mut sums = vec![vec![(0.0_f64, 0_usize); columns.len()]; levels.len()];
    for (k, (name, v)) in columns.iter().zip(&values).enumerate() {
        let (mut sum, mut n) = (0.0, 0);
        for (row, x) in v.iter().enumerate().filter(|(_, x)| !x.is_nan()) {
            sum += x.abs();
            n += 1;
            if let Some(code) = codes.get(row) {
                let s = &mut sums[*code as usize][k];
                s.0 += x.abs();
                s.1 += 1;
            }
        }
        features.push(FeatureImportance {
            feature: name[prefix.len()..].to_owned(),
            column: name.clone(),
            mean_abs: mean(sum, n).unwrap_or(0.0),
            rows: n,
        });
    }
    let mut group_rows = vec![0_usize; levels.len()];
    for c in &codes {
        group_rows[*c as usize] += 1;
    }
    let groups: Vec<GroupImportance> = levels
        .iter()
        .zip(&sums)
        .zip(&group_rows)
        .filter(|(_, rows)| **rows > 0)
        .map(|((group, s), rows)| GroupImportance {
            group: group.clone(),
            rows: *rows,
            mean_abs: s.iter().map(|(sum, n)| mean(*sum, *n)).collect(),
        })
        .collect();
    let mut gaps = Vec::new();
    if groups.len() >= 2 {
        for (k, f) in features.iter().enumerate() {
            let present: Vec<(&str, f64)> = groups
                .iter()
                .filter_map(|g| g.mean_abs[k].map(|m| (g.group.as_str(), m)))
                .collect();
            let high = present
                .iter()
                .copied()
                .reduce(|a, b| if b.1 > a.1 { b } else { a });
            let low = present
                .iter()
                .copied()
                .reduce(|a, b| if b.1 < a.1 { b } else { a });
            if let (Some(high), Some(low)) = (high, low) {
                gaps.push(ImportanceGap {
                    feature: f.feature.clone(),
                    highest_group: high.0.to_owned(),
                    highest: high.1,
                    lowest_group: low.0.to_owned(),
                    lowest: low.1,
                    difference: high.1 - low.1,
                    ratio: (low.1 > 0.0).then(|| high.1 / low.1),
                });
            }
        }
    }
    gaps.sort_by(|a, b| {
        b.difference
            .total_cmp(&a.difference)
            .then_with(|| a.feature.cmp(&b.feature))
    });
    // Keep the group means aligned with the features while sorting them by importance.
    let mut order: Vec<usize> = (0..features.len()).collect();
    order.sort_by(|a, b| {
        features[*b]
            .mean_abs
            .total_cmp(&features[*a].mean_abs)
            .then_with(|| features[*a].feature.cmp(&features[*b].feature))
    });
    let features = order.iter().map(|i| features[*i].clone()).collect();
    let groups = groups
        .into_iter()
        .map(|g| GroupImportance {
            mean_abs: order.iter().map(|i| g.mean_abs[*i]).collect(),
            ..g
        })
        .collect();
    Ok(Attributions {
        prefix: prefix.to_owned(),
        features,
        sensitive: sensitive.map(str::to_owned),
        groups,
        gaps,
    })
}
