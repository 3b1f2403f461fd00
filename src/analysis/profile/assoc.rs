//! Association measures between two columns: Spearman's ρ (Pearson on average ranks, pairwise-complete
//! rows, as pandas), bias-corrected Cramér's V (Bergsma 2013, the formula of `data-eda-drift.md`) and the
//! correlation ratio η of a numeric column on a grouping.

use super::prepare::{FxMap, MISSING};

/// The dense rank of each row (0 for the smallest value, equal values share a rank; [`MISSING`] for a
/// missing cell) and the number of distinct values, from the rows sorted by value.
#[expect(clippy::float_cmp, reason = "ties are exactly equal values")]
pub(super) fn dense_ranks(values: &[f64], order: &[u32]) -> (Vec<u32>, usize) {
    let mut dense = vec![MISSING; values.len()];
    let mut distinct = 0_u32;
    let mut previous: Option<f64> = None;
    for &row in order {
        let v = values[row as usize];
        if previous.is_some_and(|p| p != v) {
            distinct += 1;
        }
        previous = Some(v);
        dense[row as usize] = distinct;
    }
    (
        dense,
        if order.is_empty() {
            0
        } else {
            distinct as usize + 1
        },
    )
}

/// Average ranks (1-based, ties share the mean of their ranks, as `rank(method="average")`) of each dense
/// rank, counting only the rows where both columns are present.
fn average_ranks(dense: &[u32], other: &[u32], distinct: usize) -> Vec<f64> {
    let mut counts = vec![0_u64; distinct];
    for (a, b) in dense.iter().zip(other) {
        if *a != MISSING && *b != MISSING {
            counts[*a as usize] += 1;
        }
    }
    let mut before = 0_u64;
    counts
        .iter()
        .map(|c| {
            #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
            let rank = before as f64 + f64::midpoint(*c as f64, 1.0);
            before += c;
            rank
        })
        .collect()
}

/// Spearman's ρ of two columns given as dense ranks: Pearson's correlation of their average ranks over the
/// rows where both are present (pandas' pairwise-complete `corr(method="spearman")`). `None` when either is
/// constant there or fewer than two rows remain.
pub(super) fn spearman(a: &[u32], ka: usize, b: &[u32], kb: usize) -> Option<f64> {
    let ranks_a = average_ranks(a, b, ka);
    let ranks_b = average_ranks(b, a, kb);
    let (mut n, mut sab, mut saa, mut sbb) = (0_u64, 0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        if *x != MISSING && *y != MISSING {
            n += 1;
        }
    }
    if n < 2 {
        return None;
    }
    #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
    let mean = f64::midpoint(n as f64, 1.0);
    for (x, y) in a.iter().zip(b) {
        if *x != MISSING && *y != MISSING {
            let dx = ranks_a[*x as usize] - mean;
            let dy = ranks_b[*y as usize] - mean;
            sab += dx * dy;
            saa += dx * dx;
            sbb += dy * dy;
        }
    }
    if saa == 0.0 || sbb == 0.0 {
        return None;
    }
    Some((sab / (saa.sqrt() * sbb.sqrt())).clamp(-1.0, 1.0))
}

/// A contingency table of two coded columns over the rows where both are present.
pub(super) struct Table {
    /// Non-empty cells: ((row code, column code), count).
    cells: Vec<((u32, u32), u64)>,
    /// Row totals of the non-empty rows.
    row_totals: FxMap<u32, u64>,
    /// Column totals of the non-empty columns.
    col_totals: FxMap<u32, u64>,
    /// Rows counted.
    n: u64,
}

impl Table {
    /// Counts the pairs of codes.
    pub(super) fn new(a: &[u32], ka: usize, b: &[u32], kb: usize) -> Self {
        let mut cells: Vec<((u32, u32), u64)> = Vec::new();
        if ka.saturating_mul(kb) <= 1 << 22 {
            let mut dense = vec![0_u64; ka * kb];
            for (x, y) in a.iter().zip(b) {
                if *x != MISSING && *y != MISSING {
                    dense[*x as usize * kb + *y as usize] += 1;
                }
            }
            for (i, c) in dense.into_iter().enumerate() {
                if c > 0 {
                    #[expect(clippy::cast_possible_truncation, reason = "codes fit u32")]
                    cells.push((((i / kb) as u32, (i % kb) as u32), c));
                }
            }
        } else {
            let mut sparse: FxMap<(u32, u32), u64> = FxMap::default();
            for (x, y) in a.iter().zip(b) {
                if *x != MISSING && *y != MISSING {
                    *sparse.entry((*x, *y)).or_insert(0) += 1;
                }
            }
            cells = sparse.into_iter().collect();
            cells.sort_unstable();
        }
        let mut row_totals: FxMap<u32, u64> = FxMap::default();
        let mut col_totals: FxMap<u32, u64> = FxMap::default();
        let mut n = 0;
        for ((x, y), c) in &cells {
            *row_totals.entry(*x).or_insert(0) += c;
            *col_totals.entry(*y).or_insert(0) += c;
            n += c;
        }
        Self {
            cells,
            row_totals,
            col_totals,
            n,
        }
    }

    /// Pearson's χ² over the observed rows and columns (no continuity correction).
    fn chi2(&self) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "counts are far below 2^53")]
        let n = self.n as f64;
        let observed: FxMap<(u32, u32), u64> = self.cells.iter().copied().collect();
        let mut rows: Vec<(u32, u64)> = self.row_totals.iter().map(|(k, v)| (*k, *v)).collect();
        let mut cols: Vec<(u32, u64)> = self.col_totals.iter().map(|(k, v)| (*k, *v)).collect();
        rows.sort_unstable();
        cols.sort_unstable();
        let mut chi2 = 0.0;
        for (x, rt) in &rows {
            for (y, ct) in &cols {
                #[expect(clippy::cast_precision_loss, reason = "counts are far below 2^53")]
                let expected = *rt as f64 * *ct as f64 / n;
                #[expect(clippy::cast_precision_loss, reason = "counts are far below 2^53")]
                let o = observed.get(&(*x, *y)).copied().unwrap_or(0) as f64;
                let d = o - expected;
                chi2 += d * d / expected;
            }
        }
        chi2
    }

    /// Bias-corrected Cramér's V: `φ² = χ²/n; φ²c = max(0, φ² − (k−1)(r−1)/(n−1)); r_c = r − (r−1)²/(n−1)`,
    /// `k_c` likewise; `V = √(φ²c / min(k_c−1, r_c−1))`. `None` when either side has fewer than two observed
    /// values (undefined).
    pub(super) fn cramers_v(&self) -> Option<f64> {
        let r = self.row_totals.len();
        let k = self.col_totals.len();
        if r < 2 || k < 2 || self.n < 2 {
            return None;
        }
        #[expect(clippy::cast_precision_loss, reason = "counts are far below 2^53")]
        let (n, r, k) = (self.n as f64, r as f64, k as f64);
        let phi2 = self.chi2() / n;
        let phi2c = (phi2 - (k - 1.0) * (r - 1.0) / (n - 1.0)).max(0.0);
        let rc = r - (r - 1.0).powi(2) / (n - 1.0);
        let kc = k - (k - 1.0).powi(2) / (n - 1.0);
        let denominator = (kc - 1.0).min(rc - 1.0);
        if denominator <= 0.0 {
            return None;
        }
        Some((phi2c / denominator).sqrt())
    }
}

/// The correlation ratio `η = √(Σ n_g (ȳ_g − ȳ)² / Σ (y − ȳ)²)` of numeric `values` over the groups `codes`
/// (rows with a missing or non-finite value, or a missing group, are left out). `None` when the values are
/// constant there or fewer than two rows remain.
pub(super) fn correlation_ratio(values: &[f64], codes: &[u32], groups: usize) -> Option<f64> {
    let mut sums = vec![0.0; groups];
    let mut counts = vec![0_u64; groups];
    let (mut total, mut n) = (0.0, 0_u64);
    for (v, c) in values.iter().zip(codes) {
        if v.is_finite() && *c != MISSING {
            sums[*c as usize] += v;
            counts[*c as usize] += 1;
            total += v;
            n += 1;
        }
    }
    if n < 2 {
        return None;
    }
    #[expect(clippy::cast_precision_loss, reason = "counts are far below 2^53")]
    let mean = total / n as f64;
    let mut ss_total = 0.0;
    for (v, c) in values.iter().zip(codes) {
        if v.is_finite() && *c != MISSING {
            ss_total += (v - mean) * (v - mean);
        }
    }
    if ss_total == 0.0 {
        return None;
    }
    let mut ss_between = 0.0;
    for (s, c) in sums.iter().zip(&counts) {
        if *c > 0 {
            #[expect(clippy::cast_precision_loss, reason = "counts are far below 2^53")]
            let c = *c as f64;
            let d = s / c - mean;
            ss_between += c * d * d;
        }
    }
    Some((ss_between / ss_total).sqrt().min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_average_ties_over_rows_both_columns_have() {
        let values = [10.0, 20.0, 10.0, 30.0];
        let (dense, k) = dense_ranks(&values, &[0, 2, 1, 3]);
        assert_eq!((dense.as_slice(), k), (&[0, 1, 0, 2][..], 3));
        assert_eq!(average_ranks(&dense, &[0; 4], k), [1.5, 3.0, 4.0]);
        assert_eq!(
            average_ranks(&dense, &[0, MISSING, 0, 0], k),
            [1.5, 2.5, 3.0]
        );
        // scipy.stats.spearmanr([10, 20, 10, 30], [1, 2, 3, 4]) = 0.6324555320336759
        let (other, ko) = dense_ranks(&[1.0, 2.0, 3.0, 4.0], &[0, 1, 2, 3]);
        let rho = spearman(&dense, k, &other, ko).unwrap();
        assert!((rho - 0.632_455_532_033_675_9).abs() < 1e-12, "{rho}");
    }

    #[test]
    fn cramers_v_of_a_perfect_association_is_one_and_of_independence_zero() {
        let a = [0, 0, 1, 1, 0, 0, 1, 1];
        let table = Table::new(&a, 2, &a, 2);
        assert!((table.cramers_v().unwrap() - 1.0).abs() < 1e-12);
        let b = [0, 1, 0, 1, 0, 1, 0, 1];
        assert_eq!(Table::new(&a, 2, &b, 2).cramers_v(), Some(0.0));
        assert_eq!(Table::new(&a, 2, &[0; 8], 1).cramers_v(), None);
    }

    #[test]
    fn correlation_ratio_separates_groups() {
        let v = [1.0, 1.0, 5.0, 5.0];
        assert!((correlation_ratio(&v, &[0, 0, 1, 1], 2).unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(correlation_ratio(&[2.0, 2.0], &[0, 1], 2), None);
    }
}
