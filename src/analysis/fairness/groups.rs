//! Groups of one audit result: the observed values of one column, or every combination of the observed
//! values of several columns (combinations without rows are kept as empty groups).

use std::cmp::Ordering;

use super::error::FairnessError;
use super::input::{AuditInput, SensitiveColumn};

/// Most groups one result may have.
pub(super) const MAX_GROUPS: usize = 100_000;

/// The groups of one result and the group of every input row.
#[derive(Clone, Debug)]
pub(super) struct GroupSet {
    /// Indices into `AuditInput::sensitive`, in audit order.
    pub columns: Vec<usize>,
    /// Per group, per column: the level code (`None` = missing). Sorted ascending by value.
    pub keys: Vec<Vec<Option<u32>>>,
    /// Group of every input row.
    pub row_group: Vec<u32>,
}

/// Order of two levels: numbers numerically (before text), text byte-wise.
pub(super) fn compare_levels(a: &str, b: &str) -> Ordering {
    let num = |s: &str| s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

/// Observed values of one column in output order (`None` = missing, last) and the position of every code
/// (index `levels.len()` stands for missing; `u32::MAX` = not observed).
fn observed_order(col: &SensitiveColumn) -> (Vec<Option<u32>>, Vec<u32>) {
    let levels = col.levels.len();
    let mut seen = vec![false; levels + 1];
    for code in &col.codes {
        let i = code.map_or(levels, |c| c as usize);
        if let Some(s) = seen.get_mut(i) {
            *s = true;
        }
    }
    let mut order: Vec<u32> = (0..levels)
        .filter(|&i| seen[i])
        .filter_map(|i| u32::try_from(i).ok())
        .collect();
    order.sort_by(|&a, &b| compare_levels(&col.levels[a as usize], &col.levels[b as usize]));
    let mut values: Vec<Option<u32>> = order.into_iter().map(Some).collect();
    if seen[levels] {
        values.push(None);
    }
    let mut pos = vec![u32::MAX; levels + 1];
    for (p, v) in values.iter().enumerate() {
        let i = v.map_or(levels, |c| c as usize);
        pos[i] = u32::try_from(p).unwrap_or(u32::MAX);
    }
    (values, pos)
}

/// Declared levels of a column that no row has.
pub(super) fn unobserved_levels(col: &SensitiveColumn) -> Vec<String> {
    let mut seen = vec![false; col.levels.len()];
    for c in col.codes.iter().flatten() {
        if let Some(s) = seen.get_mut(*c as usize) {
            *s = true;
        }
    }
    let mut out: Vec<String> = col
        .levels
        .iter()
        .zip(seen)
        .filter(|(_, s)| !s)
        .map(|(l, _)| l.clone())
        .collect();
    out.sort_by(|a, b| compare_levels(a, b));
    out
}

/// Build the groups of `cols` (codes already validated).
pub(super) fn build(input: &AuditInput, cols: &[usize]) -> Result<GroupSet, FairnessError> {
    let per_col: Vec<(Vec<Option<u32>>, Vec<u32>)> = cols
        .iter()
        .map(|&c| observed_order(&input.sensitive[c]))
        .collect();
    let total: u128 = per_col.iter().map(|(v, _)| v.len() as u128).product();
    let names = || {
        cols.iter()
            .map(|&c| input.sensitive[c].name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let count = usize::try_from(total)
        .ok()
        .filter(|&n| n <= MAX_GROUPS)
        .ok_or_else(|| FairnessError::TooManyGroups {
            columns: names(),
            groups: total,
            limit: MAX_GROUPS,
        })?;
    // Strides: the first column is the most significant digit, so group order is lexicographic.
    let mut strides = vec![1usize; cols.len()];
    for i in (0..cols.len().saturating_sub(1)).rev() {
        strides[i] = strides[i + 1] * per_col[i + 1].0.len();
    }
    let mut keys = Vec::with_capacity(count);
    for g in 0..count {
        let key = per_col
            .iter()
            .zip(&strides)
            .map(|((values, _), &stride)| values[(g / stride) % values.len()])
            .collect();
        keys.push(key);
    }
    let mut row_group = vec![0u32; input.rows()];
    for (k, &c) in cols.iter().enumerate() {
        let col = &input.sensitive[c];
        let levels = col.levels.len();
        let pos = &per_col[k].1;
        for (rg, code) in row_group.iter_mut().zip(&col.codes) {
            let p = pos[code.map_or(levels, |c| c as usize)] as usize;
            // count ≤ MAX_GROUPS, so the index fits in u32
            *rg += u32::try_from(p * strides[k]).unwrap_or(u32::MAX);
        }
    }
    Ok(GroupSet {
        columns: cols.to_vec(),
        keys,
        row_group,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sort_numerically_before_text() {
        let mut v = vec!["b", "10", "9", "a", "2.5"];
        v.sort_by(|a, b| compare_levels(a, b));
        assert_eq!(v, ["2.5", "9", "10", "a", "b"]);
    }
}
