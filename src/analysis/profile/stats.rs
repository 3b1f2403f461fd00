//! Numeric statistics with the exact definitions of pandas and numpy: mean, sample standard deviation,
//! linear-interpolation quantiles, adjusted Fisher–Pearson skewness (`Series.skew`), `numpy.histogram` bins
//! and `pandas.cut` equal-width bins.

pub(crate) use crate::analysis::quantile::quantile_sorted;

/// Mean, sample standard deviation and pandas skewness of finite values.
pub(super) struct Moments {
    /// Arithmetic mean.
    pub mean: Option<f64>,
    /// Sample standard deviation (n − 1); `None` below two values.
    pub std: Option<f64>,
    /// Adjusted Fisher–Pearson skewness as `pandas.Series.skew`; `None` below three values.
    pub skewness: Option<f64>,
}

/// Computes [`Moments`] (two passes, as pandas' `nanops`).
pub(super) fn moments(values: &[f64]) -> Moments {
    let n = values.len();
    if n == 0 {
        return Moments {
            mean: None,
            std: None,
            skewness: None,
        };
    }
    #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
    let count = n as f64;
    let mean = pairwise_sum(values) / count;
    let (mut m2, mut m3) = (0.0, 0.0);
    for v in values {
        let d = v - mean;
        let d2 = d * d;
        m2 += d2;
        m3 += d2 * d;
    }
    let std = (n > 1).then(|| (m2 / (count - 1.0)).sqrt());
    // pandas zeroes sums below 1e-14 (floating point error) and returns 0 for a constant column.
    let zero_out = |x: f64| if x.abs() < 1e-14 { 0.0 } else { x };
    let (m2z, m3z) = (zero_out(m2), zero_out(m3));
    let skewness = (n >= 3).then(|| {
        if m2z == 0.0 {
            0.0
        } else {
            (count * (count - 1.0).sqrt() / (count - 2.0)) * (m3z / m2z.powf(1.5))
        }
    });
    Moments {
        mean: Some(mean),
        std,
        skewness,
    }
}

/// Pairwise summation as numpy's `add.reduce` (blocks of 8, split above 128), for sums that match numpy's.
pub(super) fn pairwise_sum(values: &[f64]) -> f64 {
    let n = values.len();
    if n < 8 {
        return values.iter().sum();
    }
    if n <= 128 {
        let mut r = [0.0_f64; 8];
        r.copy_from_slice(&values[..8]);
        let mut i = 8;
        while i + 8 <= n {
            for (j, acc) in r.iter_mut().enumerate() {
                *acc += values[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for v in &values[i..] {
            res += v;
        }
        return res;
    }
    let mut half = n / 2;
    half -= half % 8;
    pairwise_sum(&values[..half]) + pairwise_sum(&values[half..])
}

/// Equal-width histogram as `numpy.histogram(values, bins)`: edges from min to max, the last bin closed.
/// Values must be finite and sorted; `bins ≥ 1`.
#[expect(clippy::float_cmp, reason = "a constant column has min == max exactly")]
pub(super) fn histogram_sorted(sorted: &[f64], bins: usize) -> (Vec<f64>, Vec<u64>) {
    let (Some(&first), Some(&last)) = (sorted.first(), sorted.last()) else {
        return (Vec::new(), Vec::new());
    };
    let bins = bins.max(1);
    let (lo, hi) = if first == last {
        (first - 0.5, last + 0.5)
    } else {
        (first, last)
    };
    let edges = linspace(lo, hi, bins + 1);
    let mut counts = vec![0_u64; bins];
    #[expect(clippy::cast_precision_loss, reason = "bin counts are small")]
    let norm = bins as f64 / (hi - lo);
    for &v in sorted {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "v ≥ lo, so the index is ≥ 0; clamped below"
        )]
        let mut i = ((v - lo) * norm) as usize;
        if i >= bins {
            i = bins - 1;
        }
        if v < edges[i] && i > 0 {
            i -= 1;
        } else if i + 1 < bins && v >= edges[i + 1] {
            i += 1;
        }
        counts[i] += 1;
    }
    (edges, counts)
}

/// `numpy.linspace(start, stop, num)` with the endpoint.
pub(super) fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    if num == 1 {
        return vec![start];
    }
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let width = (stop - start) / (num - 1) as f64;
    let mut out: Vec<f64> = (0..num)
        .map(|k| {
            #[expect(clippy::cast_precision_loss, reason = "small counts")]
            let index = k as f64;
            index * width + start
        })
        .collect();
    if let Some(last) = out.last_mut() {
        *last = stop;
    }
    out
}

/// The bin edges of `pandas.cut(x, bins)` for integer `bins`: equal width from min to max, the first edge
/// lowered by 0.1 % of the range (bins are right-closed).
#[expect(clippy::float_cmp, reason = "a constant column has min == max exactly")]
pub(super) fn cut_edges(min: f64, max: f64, bins: usize) -> Vec<f64> {
    if min == max {
        let adj = |v: f64| if v == 0.0 { 0.001 } else { 0.001 * v.abs() };
        return linspace(min - adj(min), max + adj(max), bins + 1);
    }
    let mut edges = linspace(min, max, bins + 1);
    edges[0] -= (max - min) * 0.001;
    edges
}

/// The `pandas.cut` bin of a value: `searchsorted(edges, v, side="left") − 1`; `None` outside the edges.
pub(super) fn cut_bin(edges: &[f64], v: f64) -> Option<usize> {
    let i = edges.partition_point(|e| *e < v);
    if i == 0 || i >= edges.len() {
        return None;
    }
    Some(i - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(quantile_sorted(&v, 0.5), Some(3.0));
        assert_eq!(quantile_sorted(&v, 0.25), Some(2.0));
        // numpy.quantile([1,2,3,4,10], 0.95) = 8.8
        assert!((quantile_sorted(&v, 0.95).unwrap() - 8.8).abs() < 1e-12);
        assert_eq!(quantile_sorted(&[], 0.5), None);
    }

    #[test]
    fn skewness_matches_pandas() {
        // pandas.Series([1, 2, 3, 4, 10]).skew() = 1.697056…
        let m = moments(&[1.0, 2.0, 3.0, 4.0, 10.0]);
        assert!((m.skewness.unwrap() - 1.697_056_274_847_714).abs() < 1e-12);
        assert!((m.std.unwrap() - 3.535_533_905_932_737_6).abs() < 1e-12);
        assert_eq!(moments(&[2.0, 2.0, 2.0]).skewness, Some(0.0));
        assert_eq!(moments(&[2.0, 3.0]).skewness, None);
    }

    #[test]
    fn histogram_matches_numpy() {
        // numpy.histogram([0, 1, 1, 2, 5], bins=5) -> counts [1, 2, 1, 0, 1]
        let (edges, counts) = histogram_sorted(&[0.0, 1.0, 1.0, 2.0, 5.0], 5);
        assert_eq!(counts, [1, 2, 1, 0, 1]);
        assert_eq!(edges, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        let (_, counts) = histogram_sorted(&[3.0, 3.0], 1);
        assert_eq!(counts, [2]);
    }

    #[test]
    fn cut_matches_pandas() {
        // pandas.cut([0, 1, 5, 10], 10, labels=False) -> [0, 0, 4, 9]
        let edges = cut_edges(0.0, 10.0, 10);
        let bins: Vec<_> = [0.0, 1.0, 5.0, 10.0]
            .iter()
            .map(|v| cut_bin(&edges, *v))
            .collect();
        assert_eq!(bins, [Some(0), Some(0), Some(4), Some(9)]);
    }
}
