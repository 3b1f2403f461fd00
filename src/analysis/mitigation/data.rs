//! The scored dataset every mitigation works on: decoded labels, scores, one grouping of the rows, optional
//! weights and months, with the checks of bad input (a score that is not numeric, scores outside [0, 1],
//! a group without positives).

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::analysis::audit::{AuditError, decode};
use crate::analysis::fairness::{GroupKey, GroupValue, Predictions};
use crate::model::audit::AuditSpec;

/// One sensitive column: its name, its levels and one level code per row (`None` = missing).
pub type SensitiveCodes = (String, Vec<String>, Vec<Option<u32>>);

/// Why a mitigation could not run. Messages name the column, the group or the setting.
#[derive(Debug, thiserror::Error)]
pub enum MitigationError {
    /// Reading or decoding the dataset failed.
    #[error(transparent)]
    Audit(#[from] AuditError),
    /// The input cannot be used (named column, value or group).
    #[error("{0}")]
    Input(String),
    /// A setting is out of range or contradictory.
    #[error("{0}")]
    Setting(String),
}

/// The rows a review band routes in one month: the month (`YYYY-MM`) and the count per group.
pub type MonthRouted = (String, Vec<u64>);

/// One scored dataset, rows with a missing label or score already removed (and counted).
#[derive(Clone, Debug)]
pub struct ScoredData {
    /// Decoded labels (`true` = the positive value).
    pub labels: Vec<bool>,
    /// Scores (finite).
    pub scores: Vec<f64>,
    /// Group index of each row (into `groups`).
    pub group_of: Vec<u32>,
    /// The groups, in ascending order of their values (`(missing)` is a group of its own).
    pub groups: Vec<GroupKey>,
    /// Optional sample weights (finite, not negative).
    pub weights: Option<Vec<f64>>,
    /// Optional month of each row as `YYYY-MM` index into `months` (when a date column is given).
    pub month_of: Option<Vec<Option<u32>>>,
    /// The months present, ascending (`YYYY-MM`).
    pub months: Vec<String>,
    /// Rows dropped because the label or the score was missing.
    pub dropped_rows: usize,
    /// The smallest and largest score.
    pub score_range: [f64; 2],
    /// Human-readable notes about the input (scores outside [0, 1], dropped rows).
    pub notes: Vec<String>,
    /// The sensitive column names of the grouping.
    pub sensitive: Vec<String>,
    /// The data row (0-based, in the file's order) of each row used.
    pub source_rows: Vec<usize>,
}

impl ScoredData {
    /// Number of rows used.
    #[must_use]
    pub fn rows(&self) -> usize {
        self.labels.len()
    }

    /// Rows of the data before rows without a label or a score were left out.
    #[must_use]
    pub fn source_row_count(&self) -> usize {
        self.labels.len() + self.dropped_rows
    }

    /// One value per data row of the file from one value per row used (`None` for the rows left out).
    #[must_use]
    pub fn per_source_row(&self, values: &[f64]) -> Vec<Option<f64>> {
        let mut out = vec![None; self.source_row_count()];
        for (&row, &v) in self.source_rows.iter().zip(values) {
            if let Some(slot) = out.get_mut(row) {
                *slot = Some(v);
            }
        }
        out
    }

    /// Rows a review band sends to a person per month (when the data has months) and per group: one
    /// `(month, routed per group)` per month present, ascending, and the routed rows without a date per
    /// group. `None` without a date column.
    #[must_use]
    pub fn routed_by_month(&self, low: f64, high: f64) -> Option<(Vec<MonthRouted>, Vec<u64>)> {
        let month_of = self.month_of.as_ref()?;
        let groups = self.groups.len();
        let mut per = vec![vec![0_u64; groups]; self.months.len()];
        let mut undated = vec![0_u64; groups];
        for (row, &score) in self.scores.iter().enumerate() {
            if !(low <= score && score < high) {
                continue;
            }
            let g = self.group_of[row] as usize;
            let slot = match month_of.get(row).copied().flatten() {
                Some(m) => per.get_mut(m as usize).and_then(|p| p.get_mut(g)),
                None => undated.get_mut(g),
            };
            if let Some(c) = slot {
                *c += 1;
            }
        }
        Some((self.months.iter().cloned().zip(per).collect(), undated))
    }

    /// Weight of a row (1 without weights).
    #[must_use]
    pub fn weight(&self, row: usize) -> f64 {
        self.weights.as_ref().map_or(1.0, |w| w[row])
    }

    /// Build from decoded columns. `sensitive` holds, per sensitive column, its name, its levels and one
    /// code per row; several columns give their intersection.
    ///
    /// # Errors
    /// [`MitigationError::Input`] when no row is usable or a score is not finite.
    pub fn from_columns(
        labels: &[Option<bool>],
        scores: &[Option<f64>],
        sensitive: &[SensitiveCodes],
        weights: Option<&[f64]>,
        months: Option<&[Option<String>]>,
    ) -> Result<Self, MitigationError> {
        let n = labels.len();
        let mut keys: BTreeMap<Vec<GroupValue>, u32> = BTreeMap::new();
        let mut row_keys: Vec<Option<Vec<GroupValue>>> = Vec::with_capacity(n);
        let mut dropped = 0;
        #[expect(
            clippy::needless_range_loop,
            reason = "several columns are read at the same row"
        )]
        for row in 0..n {
            let usable = labels[row].is_some() && scores.get(row).copied().flatten().is_some();
            if !usable {
                dropped += 1;
                row_keys.push(None);
                continue;
            }
            let key: Vec<GroupValue> = sensitive
                .iter()
                .map(|(_, levels, codes)| {
                    codes
                        .get(row)
                        .copied()
                        .flatten()
                        .and_then(|c| levels.get(c as usize))
                        .map_or(GroupValue::Missing, |l| GroupValue::Level(l.clone()))
                })
                .collect();
            keys.entry(key.clone()).or_insert(0);
            row_keys.push(Some(key));
        }
        for (i, v) in keys.values_mut().enumerate() {
            *v = u32::try_from(i).map_err(|_| MitigationError::Input("too many groups".into()))?;
        }
        let names: Vec<String> = sensitive.iter().map(|(n, _, _)| n.clone()).collect();
        let groups: Vec<GroupKey> = keys
            .keys()
            .map(|k| GroupKey(names.iter().cloned().zip(k.iter().cloned()).collect()))
            .collect();
        let mut out_labels = Vec::with_capacity(n - dropped);
        let mut out_scores = Vec::with_capacity(n - dropped);
        let mut group_of = Vec::with_capacity(n - dropped);
        let mut out_weights = weights.map(|_| Vec::with_capacity(n - dropped));
        let mut source_rows = Vec::with_capacity(n - dropped);
        let mut month_text: Vec<Option<String>> = Vec::new();
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (row, key) in row_keys.iter().enumerate() {
            let Some(key) = key else { continue };
            let (Some(label), Some(score)) = (labels[row], scores[row]) else {
                continue;
            };
            if !score.is_finite() {
                return Err(MitigationError::Input(format!(
                    "the score in data row {} is {score}: expected a finite number",
                    row + 1
                )));
            }
            lo = lo.min(score);
            hi = hi.max(score);
            out_labels.push(label);
            out_scores.push(score);
            source_rows.push(row);
            group_of.push(keys[key]);
            if let (Some(w), Some(out)) = (weights, out_weights.as_mut()) {
                out.push(w[row]);
            }
            if let Some(m) = months {
                month_text.push(m.get(row).cloned().flatten());
            }
        }
        if out_labels.is_empty() {
            return Err(MitigationError::Input(
                "no row has both a label and a score".to_owned(),
            ));
        }
        let mut notes = Vec::new();
        if dropped > 0 {
            notes.push(format!(
                "{dropped} rows without a label or a score are left out"
            ));
        }
        if lo < 0.0 || hi > 1.0 {
            notes.push(format!(
                "scores range from {lo} to {hi}, outside [0, 1]: thresholds and the review band use the observed \
                 range"
            ));
        }
        let (month_of, months_list) = if months.is_some() {
            let set: std::collections::BTreeSet<&String> = month_text.iter().flatten().collect();
            let list: Vec<String> = set.into_iter().cloned().collect();
            let index: BTreeMap<&str, u32> = list
                .iter()
                .enumerate()
                .map(|(i, m)| (m.as_str(), u32::try_from(i).unwrap_or(u32::MAX)))
                .collect();
            (
                Some(
                    month_text
                        .iter()
                        .map(|m| m.as_deref().and_then(|m| index.get(m).copied()))
                        .collect(),
                ),
                list,
            )
        } else {
            (None, Vec::new())
        };
        Ok(ScoredData {
            labels: out_labels,
            scores: out_scores,
            group_of,
            groups,
            weights: out_weights,
            month_of,
            months: months_list,
            dropped_rows: dropped,
            score_range: [lo, hi],
            notes,
            sensitive: names,
            source_rows,
        })
    }
}

/// Month text `YYYY-MM` of a date column (dates, datetimes or ISO text); `None` for a missing or unreadable value.
pub(super) fn months_of(
    df: &DataFrame,
    name: &str,
) -> Result<Vec<Option<String>>, MitigationError> {
    let col = df.column(name).map_err(|_| {
        MitigationError::Input(format!("the date column {name:?} is not in the data"))
    })?;
    let text = col.cast(&DataType::String).map_err(|e| {
        MitigationError::Input(format!("cannot read the date column {name:?}: {e}"))
    })?;
    let ca = text.str().map_err(|e| {
        MitigationError::Input(format!("cannot read the date column {name:?}: {e}"))
    })?;
    Ok(ca
        .iter()
        .map(|v| {
            let v = v?.trim();
            let bytes = v.as_bytes();
            let ok = bytes.len() >= 7
                && bytes[..4].iter().all(u8::is_ascii_digit)
                && bytes[4] == b'-'
                && bytes[5..7].iter().all(u8::is_ascii_digit);
            ok.then(|| v[..7].to_owned())
        })
        .collect())
}

/// What to read from a data frame.
#[derive(Clone, Debug, Default)]
pub struct ScoredSpec {
    /// Label column.
    pub label: String,
    /// Score column.
    pub score: String,
    /// Sensitive columns (several: their intersection).
    pub sensitive: Vec<String>,
    /// Positive label value (default: 1 / true).
    pub positive: Option<String>,
    /// Weight column.
    pub weight: Option<String>,
    /// Date column (routed counts per month).
    pub date: Option<String>,
}

/// Decode the columns of `spec` from a data frame, with the audit's decoder (same positive-value rules and
/// messages).
///
/// # Errors
/// A missing column, a score column that is not numeric, a label without a positive value.
pub fn load_scored(df: &DataFrame, spec: &ScoredSpec) -> Result<ScoredData, MitigationError> {
    if let Ok(col) = df.column(&spec.score)
        && !(col.dtype().is_primitive_numeric() || col.dtype().is_bool())
    {
        return Err(MitigationError::Input(format!(
            "the score column {:?} is not numeric (it holds {}): give a column of model scores",
            spec.score,
            col.dtype()
        )));
    }
    let audit_spec = AuditSpec {
        label: spec.label.clone(),
        score: Some(spec.score.clone()),
        threshold: Some(0.5),
        positive: spec.positive.clone(),
        sensitive: spec.sensitive.clone(),
        weight: spec.weight.clone(),
        ..AuditSpec::default()
    };
    let (input, _) = decode(df, &audit_spec)?;
    debug_assert!(matches!(input.predictions, Predictions::ScoreThreshold(_)));
    let scores = input.score.unwrap_or_default();
    let sensitive: Vec<SensitiveCodes> = input
        .sensitive
        .into_iter()
        .map(|c| (c.name, c.levels, c.codes))
        .collect();
    let months = match &spec.date {
        Some(d) => Some(months_of(df, d)?),
        None => None,
    };
    ScoredData::from_columns(
        &input.y_true,
        &scores,
        &sensitive,
        input.weight.as_deref(),
        months.as_deref(),
    )
}
