//! Decoding the columns an audit needs, a block of rows at a time: each label, prediction and sensitive
//! column becomes a dictionary of its distinct values and one `u32` code a row, scores and weights become
//! numbers. A whole data frame is one block ([`super::audit::decode`]); a file larger than the memory limit
//! is many ([`super::audit::run_audit`]); the results are the same, and what is kept is a few bytes a row
//! whatever the file's width.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use polars::prelude::*;

use super::audit::AuditError;
use super::fairness::{AuditInput, Predictions, SensitiveColumn};
use crate::model::audit::AuditSpec;

/// A row without a value.
const MISSING: u32 = u32::MAX;

fn polars_err(column: &str) -> impl Fn(PolarsError) -> AuditError + '_ {
    move |e| AuditError::Polars {
        column: column.to_owned(),
        message: e.to_string(),
    }
}

/// The distinct values of a column and one code a row.
#[derive(Debug, Default)]
struct Dictionary<K> {
    index: HashMap<K, u32>,
    keys: Vec<K>,
    codes: Vec<u32>,
}

impl<K: std::hash::Hash + Eq + Clone> Dictionary<K> {
    fn push(&mut self, value: Option<K>) -> Result<(), AuditError> {
        let code = match value {
            None => MISSING,
            Some(k) => match self.index.get(&k) {
                Some(c) => *c,
                None => {
                    let c = u32::try_from(self.keys.len())
                        .ok()
                        .filter(|c| *c < MISSING)
                        .ok_or_else(|| {
                            AuditError::Column(
                                "a column has more distinct values than an audit can hold"
                                    .to_owned(),
                            )
                        })?;
                    self.index.insert(k.clone(), c);
                    self.keys.push(k);
                    c
                }
            },
        };
        self.codes.push(code);
        Ok(())
    }
}

/// A label or prediction column being read: numeric (and boolean) columns by value, text by its text.
#[derive(Debug)]
pub(crate) struct BinaryColumn {
    name: String,
    role: String,
    numeric: bool,
    boolean: bool,
    numbers: Dictionary<u64>,
    texts: Dictionary<String>,
}

impl BinaryColumn {
    /// A column of `dtype` (every block has the same).
    pub(crate) fn new(name: &str, role: &str, dtype: &DataType) -> Self {
        Self {
            name: name.to_owned(),
            role: role.to_owned(),
            numeric: dtype.is_primitive_numeric() || dtype.is_bool(),
            boolean: dtype.is_bool(),
            numbers: Dictionary::default(),
            texts: Dictionary::default(),
        }
    }

    /// Adds a block's values.
    pub(crate) fn push(&mut self, col: &Column) -> Result<(), AuditError> {
        let name = self.name.as_str();
        if self.numeric {
            let floats = col.cast(&DataType::Float64).map_err(polars_err(name))?;
            for v in floats.f64().map_err(polars_err(name))?.iter() {
                self.numbers.push(v.map(f64::to_bits))?;
            }
        } else {
            let cast = col.cast(&DataType::String).map_err(polars_err(name))?;
            for v in cast.str().map_err(polars_err(name))?.iter() {
                self.texts.push(v.map(str::to_owned))?;
            }
        }
        Ok(())
    }

    /// Rows with `positive` (or 1 / true when `None`) as true, and the positive value as used: the rules
    /// of the audit (numeric columns compare numerically, text exactly; without a positive value only 0/1
    /// and true/false columns are accepted).
    pub(crate) fn finish(
        self,
        positive: Option<&str>,
    ) -> Result<(Vec<Option<bool>>, String), AuditError> {
        let (name, role) = (self.name.as_str(), self.role.as_str());
        if self.numeric {
            let distinct: BTreeSet<u64> = self.numbers.keys.iter().copied().collect();
            let target = match positive {
                Some(p) => match p.trim().to_ascii_lowercase().as_str() {
                    "true" => 1.0,
                    "false" => 0.0,
                    other => other.parse::<f64>().map_err(|_| {
                        AuditError::Spec(format!(
                            "the {role} column {name:?} is numeric: expected a number as its positive value, found {p:?}"
                        ))
                    })?,
                },
                None => {
                    let binary = distinct.iter().all(|b| {
                        let v = f64::from_bits(*b);
                        v == 0.0 || (v - 1.0).abs() < f64::EPSILON
                    });
                    if !binary {
                        return Err(AuditError::Spec(format!(
                            "the {role} column {name:?} is not 0/1: say which value is positive (--positive / \
                             --pred-positive)"
                        )));
                    }
                    1.0
                }
            };
            if !distinct.contains(&target.to_bits()) && !self.numbers.codes.is_empty() {
                let shown: Vec<String> = distinct
                    .iter()
                    .take(10)
                    .map(|b| f64::from_bits(*b).to_string())
                    .collect();
                return Err(AuditError::Spec(format!(
                    "the positive value {target} does not occur in the {role} column {name:?} (values: {})",
                    shown.join(", ")
                )));
            }
            let by_code: Vec<Option<bool>> = self
                .numbers
                .keys
                .iter()
                .map(|b| {
                    let x = f64::from_bits(*b);
                    (!x.is_nan()).then(|| (x - target).abs() < 1e-12)
                })
                .collect();
            let decoded = decode_codes(&self.numbers.codes, &by_code);
            let shown = if self.boolean {
                (target > 0.5).to_string()
            } else {
                format_number(target)
            };
            return Ok((decoded, shown));
        }
        let sorted: BTreeSet<&String> = self.texts.keys.iter().collect();
        let values: Vec<String> = sorted.into_iter().take(20).cloned().collect();
        let positive = match positive {
            Some(p) => p.to_owned(),
            None => {
                let lower: BTreeSet<String> =
                    values.iter().map(|v| v.to_ascii_lowercase()).collect();
                if lower.iter().all(|v| v == "true" || v == "false") {
                    values
                        .iter()
                        .find(|v| v.eq_ignore_ascii_case("true"))
                        .cloned()
                        .unwrap_or_else(|| "true".to_owned())
                } else if lower.iter().all(|v| v == "0" || v == "1") {
                    "1".to_owned()
                } else {
                    return Err(AuditError::Spec(format!(
                        "say which value of the {role} column {name:?} is positive (--positive / --pred-positive); \
                         its values are: {}",
                        values.join(", ")
                    )));
                }
            }
        };
        if !self.texts.index.contains_key(&positive) {
            return Err(AuditError::Spec(format!(
                "the positive value {positive:?} does not occur in the {role} column {name:?} (values: {})",
                values.join(", ")
            )));
        }
        let by_code: Vec<Option<bool>> = self
            .texts
            .keys
            .iter()
            .map(|k| Some(*k == positive))
            .collect();
        Ok((decode_codes(&self.texts.codes, &by_code), positive))
    }
}

fn decode_codes(codes: &[u32], by_code: &[Option<bool>]) -> Vec<Option<bool>> {
    codes
        .iter()
        .map(|c| by_code.get(*c as usize).copied().flatten())
        .collect()
}

/// A number as the audit states it (whole numbers without a decimal point).
pub(crate) fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        v.to_string()
    }
}

/// A score or weight column being read.
#[derive(Debug)]
pub(crate) struct NumberColumn {
    name: String,
    pub(crate) values: Vec<Option<f64>>,
}

impl NumberColumn {
    /// A column of `dtype`, which must be numeric.
    pub(crate) fn new(name: &str, role: &str, dtype: &DataType) -> Result<Self, AuditError> {
        if !(dtype.is_primitive_numeric() || dtype.is_bool()) {
            return Err(AuditError::Column(format!(
                "the {role} column {name:?} must be numeric, it holds {dtype}"
            )));
        }
        Ok(Self {
            name: name.to_owned(),
            values: Vec::new(),
        })
    }

    /// Adds a block's values.
    pub(crate) fn push(&mut self, col: &Column) -> Result<(), AuditError> {
        let name = self.name.as_str();
        let cast = col.cast(&DataType::Float64).map_err(polars_err(name))?;
        self.values
            .extend(cast.f64().map_err(polars_err(name))?.iter());
        Ok(())
    }
}

/// A sensitive column being read: its values as text.
#[derive(Debug)]
pub(crate) struct LevelsColumn {
    name: String,
    texts: Dictionary<String>,
}

impl LevelsColumn {
    pub(crate) fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            texts: Dictionary::default(),
        }
    }

    /// Adds a block's values.
    pub(crate) fn push(&mut self, col: &Column) -> Result<(), AuditError> {
        let name = self.name.as_str();
        let cast = col.cast(&DataType::String).map_err(polars_err(name))?;
        for v in cast.str().map_err(polars_err(name))?.iter() {
            self.texts.push(v.map(str::to_owned))?;
        }
        Ok(())
    }

    /// The engine's column: levels sorted, codes into them.
    pub(crate) fn finish(self) -> SensitiveColumn {
        let sorted: BTreeMap<&String, usize> = self
            .texts
            .keys
            .iter()
            .enumerate()
            .map(|(code, k)| (k, code))
            .collect();
        let mut remap = vec![0_u32; self.texts.keys.len()];
        for (rank, code) in sorted.values().enumerate() {
            remap[*code] = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        let levels: Vec<String> = sorted.keys().map(|k| (*k).clone()).collect();
        let codes = self
            .texts
            .codes
            .iter()
            .map(|c| remap.get(*c as usize).copied())
            .collect();
        SensitiveColumn {
            name: self.name,
            levels,
            codes,
        }
    }
}

/// The columns of an audit spec being read, block by block.
#[derive(Debug)]
pub(crate) struct Decoder {
    spec: AuditSpec,
    label: BinaryColumn,
    prediction: Option<BinaryColumn>,
    score: Option<NumberColumn>,
    weight: Option<NumberColumn>,
    sensitive: Vec<LevelsColumn>,
    rows: usize,
}

/// The columns `spec` reads, after checking that the spec is complete and that `names` has them (the
/// errors a whole-frame decode gives, in its order).
///
/// # Errors
/// [`AuditError::Spec`] for an incomplete spec, [`AuditError::Column`] for a missing column.
pub(crate) fn needed_columns(
    spec: &AuditSpec,
    names: &[String],
) -> Result<Vec<String>, AuditError> {
    let has = |name: &str, role: &str| -> Result<(), AuditError> {
        if names.iter().any(|n| n == name) {
            Ok(())
        } else {
            Err(AuditError::Column(format!(
                "the {role} column {name:?} is not in the data (columns: {})",
                names.join(", ")
            )))
        }
    };
    if spec.sensitive.is_empty() {
        return Err(AuditError::Spec(
            "name at least one sensitive column (--sensitive)".to_owned(),
        ));
    }
    has(&spec.label, "label")?;
    let mut needed = vec![spec.label.clone()];
    match (&spec.prediction, &spec.score, spec.threshold) {
        (Some(pred), None, None) => {
            has(pred, "prediction")?;
            needed.push(pred.clone());
        }
        (None, Some(score), Some(threshold)) => {
            if !threshold.is_finite() {
                return Err(AuditError::Spec(format!(
                    "the threshold must be a number, found {threshold}"
                )));
            }
            has(score, "score")?;
            needed.push(score.clone());
        }
        (None, Some(_), None) => {
            return Err(AuditError::Spec(
                "a score needs a decision threshold (--threshold T)".to_owned(),
            ));
        }
        (Some(_), Some(_), _) => {
            return Err(AuditError::Spec(
                "give either a prediction column or a score with a threshold, not both".to_owned(),
            ));
        }
        _ => {
            return Err(AuditError::Spec(
                "name the prediction column (--prediction COL) or a score and threshold (--score COL \
                 --threshold T)"
                    .to_owned(),
            ));
        }
    }
    if let Some(w) = &spec.weight {
        has(w, "weight")?;
        needed.push(w.clone());
    }
    for s in &spec.sensitive {
        has(s, "sensitive")?;
        needed.push(s.clone());
    }
    let mut seen = BTreeSet::new();
    needed.retain(|n| seen.insert(n.clone()));
    Ok(needed)
}

fn column<'a>(frame: &'a DataFrame, name: &str) -> Result<&'a Column, AuditError> {
    frame.column(name).map_err(polars_err(name))
}

impl Decoder {
    /// A decoder for `spec` (checked by [`needed_columns`]) whose blocks have the column types of `frame`.
    ///
    /// # Errors
    /// [`AuditError::Column`] for a score or weight column that is not numeric.
    pub(crate) fn new(spec: &AuditSpec, frame: &DataFrame) -> Result<Self, AuditError> {
        let dtype = |name: &str| column(frame, name).map(|c| c.dtype().clone());
        let label = BinaryColumn::new(&spec.label, "label", &dtype(&spec.label)?);
        let prediction = match &spec.prediction {
            Some(p) => Some(BinaryColumn::new(p, "prediction", &dtype(p)?)),
            None => None,
        };
        let score = match &spec.score {
            Some(s) => Some(NumberColumn::new(s, "score", &dtype(s)?)?),
            None => None,
        };
        let weight = match &spec.weight {
            Some(w) => Some(NumberColumn::new(w, "weight", &dtype(w)?)?),
            None => None,
        };
        Ok(Self {
            spec: spec.clone(),
            label,
            prediction,
            score,
            weight,
            sensitive: spec
                .sensitive
                .iter()
                .map(|s| LevelsColumn::new(s))
                .collect(),
            rows: 0,
        })
    }

    /// Adds a block of rows (a frame with the spec's columns).
    ///
    /// # Errors
    /// [`AuditError::Polars`] when a column cannot be read.
    pub(crate) fn push(&mut self, frame: &DataFrame) -> Result<(), AuditError> {
        self.label.push(column(frame, &self.spec.label)?)?;
        if let (Some(acc), Some(name)) = (&mut self.prediction, &self.spec.prediction) {
            acc.push(column(frame, name)?)?;
        }
        if let (Some(acc), Some(name)) = (&mut self.score, &self.spec.score) {
            acc.push(column(frame, name)?)?;
        }
        if let (Some(acc), Some(name)) = (&mut self.weight, &self.spec.weight) {
            acc.push(column(frame, name)?)?;
        }
        for (acc, name) in self.sensitive.iter_mut().zip(&self.spec.sensitive) {
            acc.push(column(frame, name)?)?;
        }
        self.rows += frame.height();
        Ok(())
    }

    /// Data rows read.
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// The engine's input and the spec as used (positive values filled in).
    ///
    /// # Errors
    /// [`AuditError`] naming the column and what was expected.
    pub(crate) fn finish(self) -> Result<(AuditInput, AuditSpec), AuditError> {
        let mut used = self.spec.clone();
        let (y_true, positive) = self.label.finish(self.spec.positive.as_deref())?;
        used.positive = Some(positive);
        let (predictions, score) = match (self.prediction, self.score, self.spec.threshold) {
            (Some(pred), _, _) => {
                let wanted = self
                    .spec
                    .pred_positive
                    .as_deref()
                    .or(self.spec.positive.as_deref());
                let (labels, pred_positive) = pred.finish(wanted)?;
                used.pred_positive = Some(pred_positive);
                (Predictions::Labels(labels), None)
            }
            (None, Some(score), Some(threshold)) => {
                (Predictions::ScoreThreshold(threshold), Some(score.values))
            }
            (None, _, _) => {
                return Err(AuditError::Spec(
                    "name the prediction column (--prediction COL) or a score and threshold (--score COL \
                     --threshold T)"
                        .to_owned(),
                ));
            }
        };
        let weight = match (self.weight, &self.spec.weight) {
            (Some(acc), Some(w)) => {
                let mut out = Vec::with_capacity(acc.values.len());
                for (row, v) in acc.values.into_iter().enumerate() {
                    match v {
                        Some(v) if v.is_finite() && v >= 0.0 => out.push(v),
                        other => {
                            return Err(AuditError::Column(format!(
                                "the weight column {w:?} needs a finite, non-negative number in every row; data \
                                 row {} has {}",
                                row + 1,
                                other.map_or_else(|| "no value".to_owned(), |v| v.to_string())
                            )));
                        }
                    }
                }
                Some(out)
            }
            _ => None,
        };
        let sensitive = self
            .sensitive
            .into_iter()
            .map(LevelsColumn::finish)
            .collect();
        Ok((
            AuditInput {
                y_true,
                predictions,
                score,
                weight,
                sensitive,
            },
            used,
        ))
    }
}
