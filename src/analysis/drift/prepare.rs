//! From polars columns to the values a drift test needs: a column's type decided as Evidently 0.7 does (from
//! the current data: floats numeric, integers with at most 10 distinct values categorical, text with distinct
//! values over half of its non-missing values "text", dates skipped), and the non-missing values of both
//! sides (missing, NaN and ±∞ dropped first, as Evidently).

#![expect(
    clippy::many_single_char_names,
    clippy::float_cmp,
    reason = "merging sorted samples compares equal values exactly"
)]

use std::collections::HashMap;

use polars::prelude::*;

use super::stats::CategoryCounts;
use crate::model::drift::ColumnKind;

/// What Evidently's `infer_column_type` would call a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InferredType {
    /// Tested as numbers or categories.
    Tested(ColumnKind),
    /// Free text (more distinct values than half the non-missing ones): not tested here.
    Text,
    /// A date or time: not tested.
    Datetime,
    /// Nothing usable (no non-missing values, or an unsupported type).
    Unknown,
}

/// Evidently's `INTEGER_CARDINALITY_LIMIT`.
pub const INTEGER_CARDINALITY_LIMIT: usize = 10;

/// Decides the type of `column` as Evidently 0.7 would from a pandas column read from the same file.
///
/// pandas reads an integer column with missing cells as floats, so such a column is numeric here too.
#[must_use]
pub fn infer_type(column: &Column) -> InferredType {
    let dtype = column.dtype();
    let non_null = column.len() - column.null_count();
    if dtype.is_float() {
        return InferredType::Tested(ColumnKind::Numeric);
    }
    if dtype.is_integer() {
        if column.null_count() > 0 {
            return InferredType::Tested(ColumnKind::Numeric);
        }
        let distinct = column.n_unique().unwrap_or(usize::MAX);
        return if distinct <= INTEGER_CARDINALITY_LIMIT {
            InferredType::Tested(ColumnKind::Categorical)
        } else {
            InferredType::Tested(ColumnKind::Numeric)
        };
    }
    if dtype.is_bool() || matches!(dtype, DataType::Categorical(..) | DataType::Enum(..)) {
        return InferredType::Tested(ColumnKind::Categorical);
    }
    if dtype.is_temporal() {
        return InferredType::Datetime;
    }
    if dtype.is_string() {
        if non_null == 0 {
            return InferredType::Unknown;
        }
        // polars counts null as a distinct value; pandas' nunique does not.
        let distinct =
            column.n_unique().unwrap_or(usize::MAX) - usize::from(column.null_count() > 0);
        if looks_like_dates(column) {
            return InferredType::Datetime;
        }
        #[expect(clippy::cast_precision_loss, reason = "counts below 2^53")]
        let text = distinct as f64 > non_null as f64 * 0.5;
        return if text {
            InferredType::Text
        } else {
            InferredType::Tested(ColumnKind::Categorical)
        };
    }
    InferredType::Unknown
}

/// Whether every non-missing value of a text column starts with an ISO date (`YYYY-MM-DD`).
fn looks_like_dates(column: &Column) -> bool {
    let Ok(ca) = column.str() else {
        return false;
    };
    let mut seen = false;
    for v in ca.iter().flatten() {
        if super::windows::parse_date(v).is_none() {
            return false;
        }
        seen = true;
    }
    seen
}

/// The values of one column on one side, ready for the tests.
#[derive(Debug, Clone)]
pub enum SideValues {
    /// Sorted finite numbers.
    Numbers(Vec<f64>),
    /// Text values with their counts.
    Texts(HashMap<String, u64>),
}

/// Both sides of a column, in the shape its kind needs.
#[derive(Debug, Clone)]
pub enum Prepared {
    /// Sorted finite numbers on both sides.
    Numeric {
        /// Reference values, sorted.
        reference: Vec<f64>,
        /// Current values, sorted.
        current: Vec<f64>,
    },
    /// Counts per category on both sides.
    Categorical(CategoryCounts),
}

/// Reads one side of a column: sorted finite numbers for numeric dtypes, counts per value for text.
///
/// # Errors
/// A message when polars cannot cast the column.
pub fn side_values(column: &Column) -> Result<(SideValues, usize), String> {
    let dtype = column.dtype();
    if dtype.is_primitive_numeric() || dtype.is_bool() {
        let cast = column.cast(&DataType::Float64).map_err(|e| e.to_string())?;
        let ca = cast.f64().map_err(|e| e.to_string())?;
        let mut values: Vec<f64> = ca.iter().flatten().filter(|v| v.is_finite()).collect();
        let missing = column.len() - values.len();
        super::radix::sort_floats(&mut values);
        // −0.0 and 0.0 are one value for pandas.
        for v in &mut values {
            if *v == 0.0 {
                *v = 0.0;
            }
        }
        return Ok((SideValues::Numbers(values), missing));
    }
    let cast = column.cast(&DataType::String).map_err(|e| e.to_string())?;
    let ca = cast.str().map_err(|e| e.to_string())?;
    let mut counts: PlHashMap<&str, u64> = PlHashMap::default();
    let mut present = 0usize;
    for v in ca.iter().flatten() {
        present += 1;
        *counts.entry(v).or_insert(0) += 1;
    }
    let counts = counts.into_iter().map(|(k, n)| (k.to_owned(), n)).collect();
    Ok((SideValues::Texts(counts), column.len() - present))
}

/// Python's text of a number used as a category (`1`, `2.5`).
#[must_use]
pub fn number_label(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// Run-length counts of sorted numbers: (value, count).
#[must_use]
pub fn runs(sorted: &[f64]) -> Vec<(f64, u64)> {
    let mut out: Vec<(f64, u64)> = Vec::new();
    for v in sorted {
        match out.last_mut() {
            Some((last, c)) if *last == *v => *c += 1,
            _ => out.push((*v, 1)),
        }
    }
    out
}

/// Category counts of two sorted numeric samples, keys in ascending order.
#[must_use]
pub fn numeric_counts(reference: &[f64], current: &[f64]) -> CategoryCounts {
    let r = runs(reference);
    let c = runs(current);
    let (mut i, mut j) = (0, 0);
    let mut out = CategoryCounts {
        keys: Vec::new(),
        reference: Vec::new(),
        current: Vec::new(),
    };
    while i < r.len() || j < c.len() {
        let x = match (r.get(i), c.get(j)) {
            (Some(a), Some(b)) => a.0.min(b.0),
            (Some(a), None) => a.0,
            (None, Some(b)) => b.0,
            (None, None) => break,
        };
        let rc = if r.get(i).is_some_and(|a| a.0 == x) {
            i += 1;
            r[i - 1].1
        } else {
            0
        };
        let cc = if c.get(j).is_some_and(|b| b.0 == x) {
            j += 1;
            c[j - 1].1
        } else {
            0
        };
        out.keys.push(number_label(x));
        out.reference.push(rc);
        out.current.push(cc);
    }
    out
}

/// Category counts of two text samples, keys sorted.
#[must_use]
pub fn text_counts<S: std::hash::BuildHasher>(
    reference: &HashMap<String, u64, S>,
    current: &HashMap<String, u64, S>,
) -> CategoryCounts {
    let mut keys: Vec<&String> = reference.keys().chain(current.keys()).collect();
    keys.sort_unstable();
    keys.dedup();
    CategoryCounts {
        reference: keys
            .iter()
            .map(|k| reference.get(*k).copied().unwrap_or(0))
            .collect(),
        current: keys
            .iter()
            .map(|k| current.get(*k).copied().unwrap_or(0))
            .collect(),
        keys: keys.into_iter().cloned().collect(),
    }
}

/// Walks the distinct values of two sorted samples in ascending order (a merge, no sort), calling
/// `visit(x, i, j)` with each value `x` and how many values of `a` and of `b` are ≤ `x`: the one walk behind
/// the KS statistic, the union's size and its values.
pub fn for_each_distinct(a: &[f64], b: &[f64], mut visit: impl FnMut(f64, usize, usize)) {
    let (mut i, mut j) = (0usize, 0usize);
    while i < a.len() || j < b.len() {
        let x = match (a.get(i), b.get(j)) {
            (Some(p), Some(q)) => p.min(*q),
            (Some(p), None) => *p,
            (None, Some(q)) => *q,
            (None, None) => break,
        };
        while i < a.len() && a[i] == x {
            i += 1;
        }
        while j < b.len() && b[j] == x {
            j += 1;
        }
        visit(x, i, j);
    }
}

/// Number of distinct values in the union of two sorted samples.
#[must_use]
pub fn union_distinct(a: &[f64], b: &[f64]) -> usize {
    let mut n = 0;
    for_each_distinct(a, b, |_, _, _| n += 1);
    n
}

/// The distinct values of two sorted samples, ascending (a merge, no sort).
#[must_use]
pub fn union_values(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut out = Vec::new();
    for_each_distinct(a, b, |x, _, _| out.push(x));
    out
}
