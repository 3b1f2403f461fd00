//! Small numeric helpers: conversions, Wilson score interval, percentiles, generalized entropy.

use statrs::distribution::{ContinuousCDF, Normal};

/// Count to float. Exact below 2^53, which any row count is.
#[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
pub(super) fn count_to_f64(n: u64) -> f64 {
    n as f64
}

/// `usize` to float (row and resample counts).
#[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
pub(super) fn usize_to_f64(n: usize) -> f64 {
    n as f64
}

/// The standard normal quantile z such that P(Z ≤ z) = p, for 0 < p < 1.
#[must_use]
pub fn normal_quantile(p: f64) -> Option<f64> {
    if p.is_nan() || p <= 0.0 || p >= 1.0 {
        return None;
    }
    let normal = Normal::new(0.0, 1.0).ok()?;
    Some(normal.inverse_cdf(p))
}

/// z of a two-sided interval at `level` (e.g. 1.959963984540054 for 0.95).
#[must_use]
pub fn two_sided_z(level: f64) -> Option<f64> {
    normal_quantile(1.0 - (1.0 - level) / 2.0)
}

/// Wilson score interval for a proportion `p_hat` observed on `n` trials (for weighted data pass the
/// Kish effective sample size (Σw)²/Σw²). `None` when `n` is not positive or `p_hat` is not in [0, 1].
#[must_use]
pub fn wilson_interval(p_hat: f64, n: f64, z: f64) -> Option<[f64; 2]> {
    if n.is_nan() || n <= 0.0 || !(0.0..=1.0).contains(&p_hat) || !z.is_finite() {
        return None;
    }
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p_hat + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p_hat * (1.0 - p_hat) / n + z2 / (4.0 * n * n)).sqrt();
    Some([(centre - half).max(0.0), (centre + half).min(1.0)])
}

/// Generalized entropy index of a distribution given as atoms (weight, value b ≥ 0):
/// GE(α) = 1/(W·α(α−1)) Σ w[(b/μ)^α − 1]; α = 1: (1/W) Σ w (b/μ) ln(b/μ) (0·ln 0 = 0);
/// α = 0: −(1/W) Σ w ln(b/μ). NaN when undefined (no weight, μ = 0, or a zero b with α ≤ 0).
pub(super) fn generalized_entropy(
    atoms: impl Iterator<Item = (f64, f64)> + Clone,
    alpha: f64,
) -> f64 {
    let (mut total, mut sum_b) = (0.0, 0.0);
    for (w, b) in atoms.clone() {
        total += w;
        sum_b += w * b;
    }
    if total.is_nan() || total <= 0.0 {
        return f64::NAN;
    }
    let mu = sum_b / total;
    if mu.is_nan() || mu <= 0.0 {
        return f64::NAN;
    }
    let mut acc = 0.0;
    let alpha_is = |a: f64| (alpha - a).abs() < f64::EPSILON;
    for (w, b) in atoms {
        if w.is_nan() || w <= 0.0 {
            continue;
        }
        let r = b / mu;
        let term = if alpha_is(1.0) {
            if r > 0.0 { r * r.ln() } else { 0.0 }
        } else if alpha_is(0.0) {
            if r > 0.0 {
                -r.ln()
            } else {
                return f64::NAN;
            }
        } else if r > 0.0 || alpha > 0.0 {
            r.powf(alpha) - 1.0
        } else {
            return f64::NAN;
        };
        acc += w * term;
    }
    let mean = acc / total;
    if alpha_is(1.0) || alpha_is(0.0) {
        mean
    } else {
        mean / (alpha * (alpha - 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_for_95_percent() {
        let z = two_sided_z(0.95).unwrap();
        assert!((z - 1.959_963_984_540_054).abs() < 1e-12, "{z}");
    }

    #[test]
    fn wilson_known_value() {
        // 8 successes out of 10 at 95%: (0.4902, 0.9433), a textbook value.
        let [lo, hi] = wilson_interval(0.8, 10.0, two_sided_z(0.95).unwrap()).unwrap();
        assert!((lo - 0.490_162).abs() < 1e-6, "{lo}");
        assert!((hi - 0.943_318).abs() < 1e-6, "{hi}");
        assert!(wilson_interval(0.5, 0.0, 1.96).is_none());
    }

    #[test]
    fn entropy_of_equal_values_is_zero() {
        let atoms = [(3.0, 1.0), (2.0, 1.0)];
        assert!(generalized_entropy(atoms.iter().copied(), 2.0).abs() < 1e-15);
        assert!(generalized_entropy(atoms.iter().copied(), 1.0).abs() < 1e-15);
        // a zero b makes the α = 0 index undefined
        assert!(generalized_entropy([(1.0, 0.0), (1.0, 2.0)].iter().copied(), 0.0).is_nan());
    }
}
