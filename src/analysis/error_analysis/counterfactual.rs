//! Nearest counterfactuals inside the data: for one row with decision d, the k most similar rows whose
//! recorded decision is the other one, with the immutable columns (sex, race…) equal to the row's. Similarity
//! is Gower's distance over the features that are not immutable: for a number |a − b| divided by the
//! feature's range over the rows used, for a category 0 when equal and 1 otherwise, averaged over the
//! features present on both rows. Ties go to the earlier row. These are rows that exist, not changes that
//! would flip a decision: descriptive, not causal.

use serde::Serialize;

use super::ErrorAnalysisError;
use super::data::{ErrorData, FeatureColumn, FeatureValues, categorical_of};

/// One feature where a counterfactual differs from the row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// The feature.
    pub feature: String,
    /// The row's value.
    pub this: String,
    /// The counterfactual's value.
    pub other: String,
}

/// One counterfactual row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Neighbour {
    /// Its file row (0-based).
    pub row: usize,
    /// Gower distance to the row explained.
    pub distance: f64,
    /// Its recorded decision.
    pub prediction: bool,
    /// Its label.
    pub label: bool,
    /// The features where it differs.
    pub differences: Vec<Difference>,
}

/// The counterfactuals of one row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Counterfactuals {
    /// The file row explained (0-based).
    pub row: usize,
    /// Its recorded decision.
    pub prediction: bool,
    /// Its label.
    pub label: bool,
    /// Features of the distance.
    pub features: Vec<String>,
    /// Columns held fixed.
    pub immutable: Vec<String>,
    /// Rows with the other decision and the same immutable values.
    pub candidates: usize,
    /// The nearest, closest first.
    pub nearest: Vec<Neighbour>,
}

/// The data prepared for repeated queries: numeric ranges and immutable columns as codes.
#[derive(Clone, Debug)]
pub struct CounterfactualIndex {
    features: Vec<FeatureColumn>,
    ranges: Vec<f64>,
    immutable: Vec<FeatureColumn>,
}

impl CounterfactualIndex {
    /// Prepares the index: `immutable` columns (read by the caller from the same rows) are held fixed and
    /// left out of the distance.
    #[must_use]
    pub fn new(data: &ErrorData, immutable: &[FeatureColumn]) -> Self {
        let immutable: Vec<FeatureColumn> = immutable.iter().map(categorical_of).collect();
        let features: Vec<FeatureColumn> = data
            .features
            .iter()
            .filter(|f| !immutable.iter().any(|i| i.name == f.name))
            .cloned()
            .collect();
        let ranges = features
            .iter()
            .map(|f| match &f.values {
                FeatureValues::Numeric(v) => {
                    let (lo, hi) = v
                        .iter()
                        .filter(|x| !x.is_nan())
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
                            (lo.min(*x), hi.max(*x))
                        });
                    if hi > lo { hi - lo } else { 0.0 }
                }
                FeatureValues::Categorical { .. } => 1.0,
            })
            .collect();
        Self {
            features,
            ranges,
            immutable,
        }
    }

    /// Gower distance between positions `a` and `b`, `None` when no feature is present on both.
    fn distance(&self, this: usize, other: usize) -> Option<f64> {
        let (mut total, mut counted) = (0.0_f64, 0_u32);
        for (f, range) in self.features.iter().zip(&self.ranges) {
            match &f.values {
                FeatureValues::Numeric(v) => {
                    let (mine, theirs) = (v[this], v[other]);
                    if mine.is_nan() || theirs.is_nan() {
                        continue;
                    }
                    if *range > 0.0 {
                        total += (theirs - mine).abs() / range;
                    }
                    counted += 1;
                }
                FeatureValues::Categorical { levels, codes } => {
                    let missing = |c: u32| levels[c as usize] == super::MISSING_LEVEL;
                    let (mine, theirs) = (codes[this], codes[other]);
                    if missing(mine) || missing(theirs) {
                        continue;
                    }
                    if mine != theirs {
                        total += 1.0;
                    }
                    counted += 1;
                }
            }
        }
        (counted > 0).then(|| total / f64::from(counted))
    }

    fn same_immutable(&self, a: usize, b: usize) -> bool {
        self.immutable.iter().all(|c| match &c.values {
            FeatureValues::Categorical { codes, .. } => codes[a] == codes[b],
            FeatureValues::Numeric(_) => true,
        })
    }

    /// The `k` nearest rows to file row `row` with the other decision.
    ///
    /// # Errors
    /// A row that is not in the file or has no label or prediction, `k` = 0.
    pub fn nearest(
        &self,
        data: &ErrorData,
        row: usize,
        k: usize,
    ) -> Result<Counterfactuals, ErrorAnalysisError> {
        if k == 0 {
            return Err(ErrorAnalysisError::Setting(
                "ask for at least one counterfactual".to_owned(),
            ));
        }
        if row >= data.file_rows {
            return Err(ErrorAnalysisError::Input(format!(
                "row {row} is not in the data: it has {} rows, numbered from 0",
                data.file_rows
            )));
        }
        let Some(me) = data.position_of(row) else {
            return Err(ErrorAnalysisError::Input(format!(
                "row {row} has no label or no prediction, so it has no decision to explain"
            )));
        };
        let decision = data.prediction[me];
        let mut best: Vec<(f64, usize)> = Vec::with_capacity(k + 1);
        let mut candidates = 0;
        for j in 0..data.rows() {
            if data.prediction[j] == decision || !self.same_immutable(me, j) {
                continue;
            }
            candidates += 1;
            let Some(d) = self.distance(me, j) else {
                continue;
            };
            if best.len() == k && best.last().is_some_and(|(worst, _)| d >= *worst) {
                continue;
            }
            let at = best.partition_point(|(x, _)| *x <= d);
            best.insert(at, (d, j));
            best.truncate(k);
        }
        let nearest = best
            .into_iter()
            .map(|(distance, j)| Neighbour {
                row: data.row_index[j] as usize,
                distance,
                prediction: data.prediction[j],
                label: data.label[j],
                differences: self
                    .features
                    .iter()
                    .filter_map(|f| {
                        let (this, other) = (f.text(me), f.text(j));
                        (this != other).then(|| Difference {
                            feature: f.name.clone(),
                            this,
                            other,
                        })
                    })
                    .collect(),
            })
            .collect();
        Ok(Counterfactuals {
            row,
            prediction: decision,
            label: data.label[me],
            features: self.features.iter().map(|f| f.name.clone()).collect(),
            immutable: self.immutable.iter().map(|f| f.name.clone()).collect(),
            candidates,
            nearest,
        })
    }
}
