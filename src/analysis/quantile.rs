//! Quantiles of sorted values with numpy's default definition (`method="linear"`), to the last bit.

/// Linear interpolation between closest ranks of sorted values (numpy/pandas default, `method="linear"`):
/// `numpy.quantile(sorted, q)` to the last bit. The one copy: the profile, the error analysis and the
/// fairness audit's bootstrap intervals use it. `sorted` must be ascending; `q` is clamped to [0, 1].
#[expect(clippy::many_single_char_names, reason = "the textbook names")]
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
    let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor();
    let t = h - lo;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "0 ≤ h ≤ n − 1"
    )]
    let lo = lo as usize;
    let a = sorted[lo];
    let b = sorted[(lo + 1).min(n - 1)];
    // numpy's `_lerp`: a + (b − a)·t, computed from the upper end when t ≥ 0.5.
    let diff = b - a;
    Some(if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    })
}

#[cfg(test)]
mod tests {
    use super::quantile_sorted;

    #[test]
    fn interpolates_as_numpy_and_clamps() {
        let v = [1.0, 2.0, 3.0, 4.0];
        // numpy.quantile([1, 2, 3, 4], [0, 0.25, 0.5, 0.9, 1])
        assert_eq!(quantile_sorted(&v, 0.0), Some(1.0));
        assert_eq!(quantile_sorted(&v, 0.25), Some(1.75));
        assert_eq!(quantile_sorted(&v, 0.5), Some(2.5));
        assert_eq!(quantile_sorted(&v, 0.9), Some(3.7));
        assert_eq!(quantile_sorted(&v, 1.0), Some(4.0));
        assert_eq!(quantile_sorted(&v, 1.5), Some(4.0));
        assert_eq!(quantile_sorted(&v, -1.0), Some(1.0));
        assert_eq!(quantile_sorted(&[], 0.5), None);
    }
}
