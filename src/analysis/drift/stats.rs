//! The statistics of the drift tests, written to give the same numbers as `SciPy` and Evidently 0.7 on the same
//! values: histogram edges (`numpy.histogram_bin_edges(…, "sturges")`), Evidently's binning
//! (`get_binned_data`), Jensen–Shannon (`scipy.spatial.distance.jensenshannon`, natural log), the normalised
//! Wasserstein distance, χ² (`scipy.stats.chisquare`), the two-proportion z-test, PSI, KL and Hellinger.
//!
//! Every function takes the non-missing, finite values of one column (numeric) or their counts per category.

#![expect(
    clippy::many_single_char_names,
    clippy::float_cmp,
    clippy::similar_names,
    reason = "formulas keep their textbook names; equal sample values are compared exactly"
)]

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

/// Counts per category of one column on both sides, in one shared key order.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryCounts {
    /// The category labels (as shown to the user), in key order.
    pub keys: Vec<String>,
    /// Reference count per key.
    pub reference: Vec<u64>,
    /// Current count per key.
    pub current: Vec<u64>,
}

impl CategoryCounts {
    /// Non-missing reference values.
    #[must_use]
    pub fn reference_total(&self) -> u64 {
        self.reference.iter().sum()
    }

    /// Non-missing current values.
    #[must_use]
    pub fn current_total(&self) -> u64 {
        self.current.iter().sum()
    }
}

#[expect(clippy::cast_precision_loss, reason = "counts below 2^53")]
pub(crate) fn f(n: u64) -> f64 {
    n as f64
}

#[expect(clippy::cast_precision_loss, reason = "lengths below 2^53")]
pub(crate) fn fu(n: usize) -> f64 {
    n as f64
}

/// `numpy.histogram_bin_edges(values, bins="sturges")` for finite values (`values` need not be sorted; `min`
/// and `max` are their extremes, `n` their number).
#[must_use]
pub fn sturges_edges(min: f64, max: f64, n: usize) -> Vec<f64> {
    let (first, last) = if min < max {
        (min, max)
    } else {
        // numpy widens an empty range by 0.5 on both sides.
        (min - 0.5, max + 0.5)
    };
    let ptp = max - min;
    let bins = if ptp > 0.0 {
        let width = ptp / (fu(n).log2() + 1.0);
        // numpy: int(np.ceil((last_edge - first_edge) / width)), at least 1.
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a small positive bin count"
        )]
        let b = ((last - first) / width).ceil() as usize;
        b.max(1)
    } else {
        1
    };
    linspace(first, last, bins + 1)
}

/// `numpy.linspace(start, stop, num)` (endpoint included), computed as numpy does.
fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    let div = num.saturating_sub(1);
    if div == 0 {
        return vec![start];
    }
    let delta = stop - start;
    let step = delta / fu(div);
    let mut out: Vec<f64> = if step == 0.0 {
        (0..num).map(|i| fu(i) / fu(div) * delta + start).collect()
    } else {
        (0..num).map(|i| fu(i) * step + start).collect()
    };
    if let Some(last) = out.last_mut() {
        *last = stop;
    }
    out
}

/// `numpy.histogram(values, edges)[0]` for sorted values: bins are half-open except the last, which includes
/// its right edge; values outside the edges are not counted.
#[must_use]
pub fn histogram_sorted(sorted: &[f64], edges: &[f64]) -> Vec<u64> {
    let mut counts = Vec::with_capacity(edges.len().saturating_sub(1));
    let position = |x: f64, right: bool| {
        if right {
            sorted.partition_point(|v| *v <= x)
        } else {
            sorted.partition_point(|v| *v < x)
        }
    };
    for i in 0..edges.len().saturating_sub(1) {
        let lo = position(edges[i], false);
        let last = i + 2 == edges.len();
        let hi = position(edges[i + 1], last);
        counts.push((hi - lo) as u64);
    }
    counts
}

/// Evidently's `get_binned_data`: the shares of each side per bin, and the rule used.
#[derive(Debug, Clone, PartialEq)]
pub struct Binned {
    /// Bin labels (a range `[a, b)` or a category).
    pub labels: Vec<String>,
    /// Reference count per bin.
    pub reference_counts: Vec<u64>,
    /// Current count per bin.
    pub current_counts: Vec<u64>,
    /// The binning rule in words (shown in the output).
    pub rule: String,
}

impl Binned {
    /// Shares per bin (counts ÷ side total), without the zero fill.
    #[must_use]
    pub fn shares(&self) -> (Vec<f64>, Vec<f64>) {
        let share = |c: &[u64]| {
            let total = f(c.iter().sum());
            c.iter().map(|v| f(*v) / total).collect::<Vec<_>>()
        };
        (share(&self.reference_counts), share(&self.current_counts))
    }

    /// Shares with Evidently's zero fill (`feel_zeroes`): an empty bin gets 0.0001, or the smallest non-zero
    /// share ÷ 10⁶ when that share is ≤ 0.0001.
    #[must_use]
    pub fn filled_shares(&self) -> (Vec<f64>, Vec<f64>) {
        let (mut r, mut c) = self.shares();
        fill_zeros(&mut r);
        fill_zeros(&mut c);
        (r, c)
    }
}

fn fill_zeros(p: &mut [f64]) {
    let min = p
        .iter()
        .copied()
        .filter(|v| *v != 0.0)
        .fold(f64::INFINITY, f64::min);
    if !min.is_finite() {
        return;
    }
    let fill = if min <= 0.0001 { min / 1e6 } else { 0.0001 };
    for v in p.iter_mut() {
        if *v == 0.0 {
            *v = fill;
        }
    }
}

/// Sturges bins over both sides' combined range (numeric columns whose reference has more than 20 distinct
/// values), as Evidently's `get_binned_data`.
#[must_use]
pub fn binned_numeric(reference: &[f64], current: &[f64]) -> Binned {
    let min = reference[0].min(current[0]);
    let max = reference[reference.len() - 1].max(current[current.len() - 1]);
    let edges = sturges_edges(min, max, reference.len() + current.len());
    let labels = edges
        .windows(2)
        .map(|w| format!("[{}, {})", short(w[0]), short(w[1])))
        .collect();
    Binned {
        labels,
        reference_counts: histogram_sorted(reference, &edges),
        current_counts: histogram_sorted(current, &edges),
        rule: format!(
            "{} Sturges bins over the combined range",
            edges.len().saturating_sub(1)
        ),
    }
}

/// One bin per value seen on either side.
#[must_use]
pub fn binned_categories(counts: &CategoryCounts) -> Binned {
    Binned {
        labels: counts.keys.clone(),
        reference_counts: counts.reference.clone(),
        current_counts: counts.current.clone(),
        rule: format!("one bin per value ({} values)", counts.keys.len()),
    }
}

fn short(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// `scipy.special.rel_entr`.
fn rel_entr(x: f64, y: f64) -> f64 {
    if x > 0.0 && y > 0.0 {
        x * (x / y).ln()
    } else if x == 0.0 && y >= 0.0 {
        0.0
    } else {
        f64::INFINITY
    }
}

fn normalised(p: &[f64]) -> Vec<f64> {
    let s: f64 = p.iter().sum();
    p.iter().map(|v| v / s).collect()
}

/// `scipy.spatial.distance.jensenshannon(p, q)` with the natural log.
#[must_use]
pub fn jensen_shannon(p: &[f64], q: &[f64]) -> f64 {
    let p = normalised(p);
    let q = normalised(q);
    let mut left = 0.0;
    let mut right = 0.0;
    for (a, b) in p.iter().zip(&q) {
        let m = f64::midpoint(*a, *b);
        left += rel_entr(*a, m);
        right += rel_entr(*b, m);
    }
    f64::midpoint(left, right).sqrt()
}

/// PSI = Σ (ref − cur)·ln(ref / cur) over zero-filled shares.
#[must_use]
pub fn psi(reference: &[f64], current: &[f64]) -> f64 {
    reference
        .iter()
        .zip(current)
        .map(|(r, c)| (r - c) * (r / c).ln())
        .sum()
}

/// `scipy.stats.entropy(reference, current)`: KL divergence of normalised shares, natural log.
#[must_use]
pub fn kl_divergence(reference: &[f64], current: &[f64]) -> f64 {
    let p = normalised(reference);
    let q = normalised(current);
    p.iter().zip(&q).map(|(a, b)| rel_entr(*a, *b)).sum()
}

/// Evidently's Hellinger distance of two categorical columns: √(1 − clip(Σ √(p·q), 0, 1)).
#[must_use]
pub fn hellinger_categorical(counts: &CategoryCounts) -> f64 {
    let rt = f(counts.reference_total());
    let ct = f(counts.current_total());
    let bc: f64 = counts
        .reference
        .iter()
        .zip(&counts.current)
        .map(|(r, c)| (f(*r) / rt * (f(*c) / ct)).sqrt())
        .sum();
    (1.0 - bc.clamp(0.0, 1.0)).sqrt()
}

/// Evidently's Hellinger distance of two numeric columns: densities over Sturges bins of the distinct values.
#[must_use]
pub fn hellinger_numeric(reference: &[f64], current: &[f64], distinct: &[f64]) -> f64 {
    let (Some(min), Some(max)) = (distinct.first(), distinct.last()) else {
        return f64::NAN;
    };
    hellinger_numeric_span(reference, current, (*min, *max), distinct.len())
}

/// [`hellinger_numeric`] from the smallest and largest distinct values and their number (all it needs of
/// them).
#[must_use]
pub fn hellinger_numeric_span(
    reference: &[f64],
    current: &[f64],
    (min, max): (f64, f64),
    distinct: usize,
) -> f64 {
    let edges = sturges_edges(min, max, distinct);
    let density = |sorted: &[f64]| {
        let counts = histogram_sorted(sorted, &edges);
        let total = f(counts.iter().sum());
        counts
            .iter()
            .zip(edges.windows(2))
            .map(|(c, w)| f(*c) / total / (w[1] - w[0]))
            .collect::<Vec<_>>()
    };
    let h1 = density(reference);
    let h2 = density(current);
    let first = edges.first().copied().unwrap_or(0.0);
    let last = edges.last().copied().unwrap_or(0.0);
    let width = (last - first) / fu(edges.len() - 1);
    let bc: f64 = h1
        .iter()
        .zip(&h2)
        .map(|(a, b)| (a * b).sqrt() * width)
        .sum();
    (1.0 - bc.clamp(0.0, 1.0)).sqrt()
}

/// `scipy.stats.wasserstein_distance(u, v)` for sorted values.
#[must_use]
pub fn wasserstein_sorted(u: &[f64], v: &[f64]) -> f64 {
    // Merge both sorted samples; between consecutive merged values the two ECDFs are constant.
    let (nu, nv) = (fu(u.len()), fu(v.len()));
    let (mut i, mut j) = (0usize, 0usize);
    let mut total = 0.0;
    let mut prev: Option<f64> = None;
    while i < u.len() || j < v.len() {
        let x = match (u.get(i), v.get(j)) {
            (Some(a), Some(b)) => a.min(*b),
            (Some(a), None) => *a,
            (None, Some(b)) => *b,
            (None, None) => break,
        };
        if let Some(p) = prev {
            // ECDFs just right of p: counts of values ≤ p.
            total += (fu(i) / nu - fu(j) / nv).abs() * (x - p);
        }
        while i < u.len() && u[i] == x {
            i += 1;
        }
        while j < v.len() && v[j] == x {
            j += 1;
        }
        prev = Some(x);
    }
    total
}

/// Population standard deviation (ddof 0), as `numpy.std`.
#[must_use]
pub fn std_population(values: &[f64]) -> f64 {
    let n = fu(values.len());
    let mean = values.iter().sum::<f64>() / n;
    let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    (ss / n).sqrt()
}

/// Evidently's normalised Wasserstein distance: W(ref, cur) ÷ max(std(ref), 0.001).
#[must_use]
pub fn wasserstein_normalised(reference: &[f64], current: &[f64]) -> f64 {
    let norm = std_population(reference).max(0.001);
    wasserstein_sorted(reference, current) / norm
}

/// Evidently's χ² test: expected = reference counts scaled to the current total; a category seen only in the
/// current data makes the statistic infinite and the p-value 0. Returns (statistic, p-value).
#[must_use]
pub fn chi_square(counts: &CategoryCounts) -> (f64, f64) {
    let k_norm = f(counts.current_total()) / f(counts.reference_total());
    let mut stat = 0.0;
    for (r, c) in counts.reference.iter().zip(&counts.current) {
        let expected = f(*r) * k_norm;
        let observed = f(*c);
        stat += (observed - expected) * (observed - expected) / expected;
    }
    let dof = counts.keys.len().saturating_sub(1);
    if stat.is_nan() {
        return (stat, f64::NAN);
    }
    if stat.is_infinite() {
        return (stat, 0.0);
    }
    let p = match ChiSquared::new(fu(dof)) {
        Ok(d) => d.sf(stat),
        Err(_) => f64::NAN,
    };
    (stat, p)
}

/// Evidently's two-proportion z-test (two-sided), p = 2·(1 − Φ(|z|)). Returns (z, p-value).
#[must_use]
pub fn z_test(counts: &CategoryCounts) -> (f64, f64) {
    let only_one = |c: &[u64]| c.iter().filter(|v| **v > 0).count() == 1;
    let same_single = only_one(&counts.reference)
        && only_one(&counts.current)
        && counts
            .reference
            .iter()
            .zip(&counts.current)
            .any(|(r, c)| *r > 0 && *c > 0);
    if same_single {
        return (0.0, 1.0);
    }
    let n1 = f(counts.reference_total());
    let n2 = f(counts.current_total());
    // Evidently codes the first key (sorted) as 0 and every other as 1.
    let p1 = (n1 - counts.reference.first().map_or(0.0, |v| f(*v))) / n1;
    let p2 = (n2 - counts.current.first().map_or(0.0, |v| f(*v))) / n2;
    let pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    let z = (p1 - p2) / (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    let p = match Normal::standard() {
        _ if z.is_nan() => f64::NAN,
        d => 2.0 * (1.0 - d.cdf(z.abs())),
    };
    (z, p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sturges_edges_match_numpy() {
        // numpy.histogram_bin_edges([1, 2, 3, 4, 10], bins="sturges") → 4 bins of width 2.25.
        let e = sturges_edges(1.0, 10.0, 5);
        assert_eq!(e, vec![1.0, 3.25, 5.5, 7.75, 10.0]);
        assert_eq!(
            histogram_sorted(&[1.0, 2.0, 3.0, 4.0, 10.0], &e),
            vec![3, 1, 0, 1]
        );
    }

    #[test]
    fn wasserstein_small() {
        // scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8]) = 5.0
        let w = wasserstein_sorted(&[0.0, 1.0, 3.0], &[5.0, 6.0, 8.0]);
        assert!((w - 5.0).abs() < 1e-12);
    }
}
