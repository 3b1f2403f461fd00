//! Error-rate heat maps over one or two features: a numeric feature with at most `bins` distinct values gets
//! one cell per value, otherwise quantile bins (edges at the quantiles `i / bins` with linear interpolation,
//! as `numpy.quantile`, repeated edges merged, intervals closed on the right and the first one on both sides,
//! as `pandas.cut(include_lowest=True)`); a categorical feature one cell per category. Missing values form a
//! cell of their own. Each cell holds its rows, errors and error rate (the rate of empty cells is absent).

use serde::Serialize;

use super::ErrorAnalysisError;
use super::data::{ErrorData, FeatureColumn, FeatureValues, MISSING_LEVEL, format_number};
use crate::analysis::profile::stats::quantile_sorted;

/// One bin of an axis.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AxisBin {
    /// One value of a numeric feature.
    Value {
        /// The value.
        value: f64,
    },
    /// A quantile bin `(low, high]` (`[low, high]` for the first).
    Interval {
        /// Lower edge.
        low: f64,
        /// Upper edge.
        high: f64,
        /// Whether the lower edge is included (the first bin).
        closed_low: bool,
    },
    /// One category.
    Category {
        /// The category.
        value: String,
    },
    /// Missing values.
    Missing,
}

impl AxisBin {
    /// The bin as a label: `37`, `(25, 37]`, `Female`, `(missing)`.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Value { value } => format_number(*value),
            Self::Interval {
                low,
                high,
                closed_low,
            } => format!(
                "{}{}, {}]",
                if *closed_low { "[" } else { "(" },
                format_number(*low),
                format_number(*high)
            ),
            Self::Category { value } => value.clone(),
            Self::Missing => MISSING_LEVEL.to_owned(),
        }
    }
}

/// One axis of the heat map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Axis {
    /// The feature.
    pub feature: String,
    /// Its bins, in order.
    pub bins: Vec<AxisBin>,
}

/// One cell.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeatCell {
    /// Bin index on each axis.
    pub index: Vec<usize>,
    /// Rows in the cell.
    pub rows: usize,
    /// Errors among them.
    pub errors: usize,
    /// errors / rows (`None` for an empty cell).
    pub error_rate: Option<f64>,
}

/// An error-rate heat map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Heatmap {
    /// One or two axes.
    pub axes: Vec<Axis>,
    /// Every cell, the last axis varying fastest.
    pub cells: Vec<HeatCell>,
}

/// The bins of one feature and the bin of every row.
fn axis_of(feature: &FeatureColumn, bins: usize) -> (Axis, Vec<usize>) {
    match &feature.values {
        FeatureValues::Categorical { levels, codes } => (
            Axis {
                feature: feature.name.clone(),
                bins: levels
                    .iter()
                    .map(|l| {
                        if l == MISSING_LEVEL {
                            AxisBin::Missing
                        } else {
                            AxisBin::Category { value: l.clone() }
                        }
                    })
                    .collect(),
            },
            codes.iter().map(|c| *c as usize).collect(),
        ),
        FeatureValues::Numeric(values) => {
            let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
            sorted.sort_by(f64::total_cmp);
            let mut distinct = sorted.clone();
            distinct.dedup();
            let mut axis_bins: Vec<AxisBin>;
            let mut index: Vec<usize>;
            if distinct.len() <= bins {
                axis_bins = distinct
                    .iter()
                    .map(|v| AxisBin::Value { value: *v })
                    .collect();
                index = values
                    .iter()
                    .map(|v| {
                        if v.is_nan() {
                            usize::MAX
                        } else {
                            distinct.partition_point(|d| d < v)
                        }
                    })
                    .collect();
            } else {
                #[expect(clippy::cast_precision_loss, reason = "a few bins")]
                let step = 1.0 / bins as f64;
                #[expect(clippy::cast_precision_loss, reason = "a few bins")]
                let mut edges: Vec<f64> = (0..=bins)
                    .map(|i| {
                        let q = if i == bins { 1.0 } else { i as f64 * step };
                        // More distinct values than bins: `sorted` is not empty.
                        quantile_sorted(&sorted, q).unwrap_or(f64::NAN)
                    })
                    .collect();
                edges.dedup();
                axis_bins = edges
                    .windows(2)
                    .enumerate()
                    .map(|(i, w)| AxisBin::Interval {
                        low: w[0],
                        high: w[1],
                        closed_low: i == 0,
                    })
                    .collect();
                let last = axis_bins.len().saturating_sub(1);
                index = values
                    .iter()
                    .map(|v| {
                        if v.is_nan() {
                            usize::MAX
                        } else {
                            // (e[i], e[i+1]]: the first edge ≥ v, minus one; the lowest value in bin 0.
                            edges.partition_point(|e| e < v).saturating_sub(1).min(last)
                        }
                    })
                    .collect();
            }
            let missing = axis_bins.len();
            if index.contains(&usize::MAX) {
                axis_bins.push(AxisBin::Missing);
                for i in &mut index {
                    if *i == usize::MAX {
                        *i = missing;
                    }
                }
            }
            (
                Axis {
                    feature: feature.name.clone(),
                    bins: axis_bins,
                },
                index,
            )
        }
    }
}

/// The error-rate heat map of one or two features of the decoded data.
///
/// # Errors
/// [`ErrorAnalysisError::Setting`] for no or more than two features, or fewer than 2 bins.
pub fn heatmap(
    data: &ErrorData,
    features: &[&FeatureColumn],
    bins: usize,
) -> Result<Heatmap, ErrorAnalysisError> {
    if features.is_empty() || features.len() > 2 {
        return Err(ErrorAnalysisError::Setting(format!(
            "a heat map is over one or two features, {} given",
            features.len()
        )));
    }
    if bins < 2 {
        return Err(ErrorAnalysisError::Setting(format!(
            "a heat map needs at least 2 bins per numeric feature, found {bins}"
        )));
    }
    let axes: Vec<(Axis, Vec<usize>)> = features.iter().map(|f| axis_of(f, bins)).collect();
    let sizes: Vec<usize> = axes.iter().map(|(a, _)| a.bins.len()).collect();
    let cells_n: usize = sizes.iter().product();
    let mut counts = vec![[0_usize; 2]; cells_n];
    for (row, e) in data.error.iter().enumerate() {
        let mut cell = 0;
        for (k, (_, index)) in axes.iter().enumerate() {
            cell = cell * sizes[k] + index[row];
        }
        counts[cell][0] += 1;
        counts[cell][1] += usize::from(*e);
    }
    let cells = counts
        .iter()
        .enumerate()
        .map(|(cell, c)| {
            let mut index = vec![0; sizes.len()];
            let mut rest = cell;
            for k in (0..sizes.len()).rev() {
                index[k] = rest % sizes[k];
                rest /= sizes[k];
            }
            #[expect(clippy::cast_precision_loss, reason = "row counts")]
            let error_rate = (c[0] > 0).then(|| c[1] as f64 / c[0] as f64);
            HeatCell {
                index,
                rows: c[0],
                errors: c[1],
                error_rate,
            }
        })
        .collect();
    Ok(Heatmap {
        axes: axes.into_iter().map(|(a, _)| a).collect(),
        cells,
    })
}
