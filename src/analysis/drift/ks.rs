//! The two-sample Kolmogorov–Smirnov test as `scipy.stats.ks_2samp(a, b)` (two-sided, `method="auto"`): the
//! exact p-value when the larger sample has at most 10,000 values (Hodges' lattice-path counts, as `SciPy`),
//! else the asymptotic one, `kstwo.sf(D, round(n·m/(n+m)))`.
//!
//! The asymptotic p-value follows `SciPy`'s `_kolmogn` for the survival function: 0 when n·D² ≥ 370, twice the
//! one-sided Smirnov probability (Birnbaum–Tingey sum) when n·D² ≥ 2.2, else 1 − the Pelz–Good approximation
//! of the CDF. (`SciPy` uses the Durbin matrix instead of Pelz–Good when `n·D^1.5` ≤ 1.4, where the p-value is
//! within about 1e-4 of 1; there the two can differ in the last digits.)

#![expect(
    clippy::many_single_char_names,
    clippy::similar_names,
    reason = "ports of SciPy's algorithms keep its variable names"
)]

use super::stats::fu;

/// Result of the two-sample KS test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KsResult {
    /// The statistic D = max |F₁ − F₂|.
    pub statistic: f64,
    /// The two-sided p-value.
    pub p_value: f64,
    /// Whether the p-value is exact (else asymptotic).
    pub exact: bool,
}

const MAX_AUTO_N: usize = 10_000;

fn gcd(mut a: usize, mut b: usize) -> usize {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

/// The KS statistic of two sorted samples.
#[must_use]
pub fn ks_statistic(a: &[f64], b: &[f64]) -> f64 {
    let (n1, n2) = (fu(a.len()), fu(b.len()));
    let mut d: f64 = 0.0;
    super::prepare::for_each_distinct(a, b, |_, i, j| {
        d = d.max((fu(i) / n1 - fu(j) / n2).abs());
    });
    d
}

/// `scipy.stats.ks_2samp` on two sorted, non-empty samples.
#[must_use]
pub fn ks_2samp(a: &[f64], b: &[f64]) -> KsResult {
    let d = ks_statistic(a, b);
    let (n1, n2) = (a.len(), b.len());
    if n1.max(n2) <= MAX_AUTO_N
        && let Some((d_exact, p)) = exact(n1, n2, d)
    {
        return KsResult {
            statistic: d_exact,
            p_value: p.clamp(0.0, 1.0),
            exact: true,
        };
    }
    let (m, n) = if n1 >= n2 {
        (fu(n1), fu(n2))
    } else {
        (fu(n2), fu(n1))
    };
    let en = (m * n / (m + n)).round_ties_even();
    KsResult {
        statistic: d,
        p_value: kstwo_sf(d, en).clamp(0.0, 1.0),
        exact: false,
    }
}

/// `SciPy`'s `_attempt_exact_2kssamp` (two-sided): `None` when the computation fails (then asymptotic).
fn exact(n1: usize, n2: usize, d: f64) -> Option<(f64, f64)> {
    let g = gcd(n1, n2);
    let lcm = (n1 / g) * n2;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "d ∈ [0, 1], so the product is below lcm"
    )]
    let h = (d * fu(lcm)).round_ties_even() as usize;
    let d = fu(h) / fu(lcm);
    if h == 0 {
        return Some((d, 1.0));
    }
    let prob = if n1 == n2 {
        prob_outside_square(n1, h)
    } else {
        outer_prob_inside(n1, n2, g, h)
    };
    if prob.is_finite() && (0.0..=1.0).contains(&prob) {
        Some((d, prob))
    } else {
        None
    }
}

/// `SciPy`'s `_compute_prob_outside_square(n, h)`.
fn prob_outside_square(n: usize, h: usize) -> f64 {
    let mut p = 0.0;
    let mut k = n / h;
    loop {
        let mut p1 = 1.0;
        for j in 0..h {
            p1 = fu(n.saturating_sub(k * h + j)) * p1 / fu(n + k * h + j + 1);
            // n − k·h − j can be negative in SciPy; then the product is ≤ 0 and stays 0 after a zero factor.
            if n < k * h + j {
                p1 = 0.0;
            }
        }
        p = p1 * (1.0 - p);
        if k == 0 {
            break;
        }
        k -= 1;
    }
    2.0 * p
}

/// `SciPy`'s `_compute_outer_prob_inside_method(m, n, g, h)` (Viehmann's recursion for 1 − p).
fn outer_prob_inside(m: usize, n: usize, g: usize, h: usize) -> f64 {
    let (m, n) = if m < n { (n, m) } else { (m, n) };
    let mg = m / g;
    let ng = n / g;
    let ceil_div = |a: i64, b: i64| -> i64 { a.div_euclid(b) + i64::from(a.rem_euclid(b) != 0) };
    let (mg_i, ng_i, h_i, n_i) = (
        i64::try_from(mg).unwrap_or(i64::MAX),
        i64::try_from(ng).unwrap_or(i64::MAX),
        i64::try_from(h).unwrap_or(i64::MAX),
        i64::try_from(n).unwrap_or(i64::MAX),
    );
    let mut minj: i64 = 0;
    let mut maxj: i64 = ceil_div(h_i, mg_i).min(n_i + 1);
    let mut curlen = maxj - minj;
    let len_a = usize::try_from((2 * maxj + 2).min(n_i + 1)).unwrap_or(0);
    let mut a = vec![1.0_f64; len_a.max(1)];
    for v in a.iter_mut().take(usize::try_from(maxj).unwrap_or(0)) {
        *v = 0.0;
    }
    for i in 1..=m {
        let i_i = i64::try_from(i).unwrap_or(i64::MAX);
        let lastminj = minj;
        let lastlen = curlen;
        minj = ((ng_i * i_i - h_i).div_euclid(mg_i) + 1).max(0);
        minj = minj.min(n_i);
        maxj = ceil_div(ng_i * i_i + h_i, mg_i).min(n_i + 1);
        if maxj <= minj {
            return 1.0;
        }
        let mut val = if minj == 0 { 0.0 } else { 1.0 };
        let fi = fu(i);
        for jj in 0..(maxj - minj) {
            let j = jj + minj;
            let idx = usize::try_from(jj + minj - lastminj).unwrap_or(0);
            #[expect(clippy::cast_precision_loss, reason = "j ≤ n, far below 2^53")]
            let fj = j as f64;
            val = (a.get(idx).copied().unwrap_or(1.0) * fi + val * fj) / (fi + fj);
            if let Some(slot) = a.get_mut(usize::try_from(jj).unwrap_or(0)) {
                *slot = val;
            }
        }
        curlen = maxj - minj;
        if lastlen > curlen {
            let from = usize::try_from(maxj - minj).unwrap_or(0);
            let to = usize::try_from(maxj - minj + (lastlen - curlen)).unwrap_or(0);
            for v in a.iter_mut().take(to).skip(from) {
                *v = 1.0;
            }
        }
    }
    a.get(usize::try_from(maxj - minj - 1).unwrap_or(0))
        .copied()
        .unwrap_or(f64::NAN)
}

/// `scipy.stats.kstwo.sf(x, n)`: the survival function of the two-sided one-sample KS statistic.
fn kstwo_sf(x: f64, n: f64) -> f64 {
    if x >= 1.0 {
        return 0.0;
    }
    if x <= 0.0 {
        return 1.0;
    }
    let t = n * x;
    if t <= 1.0 {
        if t <= 0.5 {
            return 1.0;
        }
        let mut prob = 1.0;
        let mut m = 1.0;
        while m <= n {
            prob *= m / n * (2.0 * t - 1.0);
            m += 1.0;
        }
        return (1.0 - prob).clamp(0.0, 1.0);
    }
    if t >= n - 1.0 {
        return (2.0 * (1.0 - x).powf(n)).clamp(0.0, 1.0);
    }
    if x >= 0.5 {
        return (2.0 * smirnov(n, x)).clamp(0.0, 1.0);
    }
    let nxsquared = t * x;
    if nxsquared >= 370.0 {
        return 0.0;
    }
    if nxsquared >= 2.2 {
        return (2.0 * smirnov(n, x)).clamp(0.0, 1.0);
    }
    if nxsquared >= 18.0 {
        return 0.0;
    }
    (1.0 - pelz_good_cdf(n, x)).clamp(0.0, 1.0)
}

/// The one-sided Smirnov survival function P(D⁺ₙ ≥ x), Birnbaum–Tingey sum in logarithms.
fn smirnov(n: f64, x: f64) -> f64 {
    use statrs::function::gamma::ln_gamma;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "n(1 − x) is a small non-negative count"
    )]
    let last = (n * (1.0 - x)).floor() as u64;
    let ln_n_fact = ln_gamma(n + 1.0);
    let mut sum = 0.0;
    for j in 0..=last {
        #[expect(clippy::cast_precision_loss, reason = "j ≤ n")]
        let jf = j as f64;
        let a = 1.0 - x - jf / n;
        let b = x + jf / n;
        if a <= 0.0 {
            continue;
        }
        let ln_binom = ln_n_fact - ln_gamma(jf + 1.0) - ln_gamma(n - jf + 1.0);
        let ln_term = ln_binom + (n - jf) * a.ln() + (jf - 1.0) * b.ln();
        sum += ln_term.exp();
    }
    x * sum
}

/// `SciPy`'s `_kolmogn_PelzGood(n, x, cdf=True)`.
fn pelz_good_cdf(n: f64, x: f64) -> f64 {
    use std::f64::consts::PI;
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let sqrt2pi = (2.0 * PI).sqrt();
    let pi2 = PI * PI;
    let pi4 = pi2 * pi2;
    let pi6 = pi4 * pi2;
    let z = n.sqrt() * x;
    let (z2, z3, z4, z6) = (z * z, z * z * z, z.powi(4), z.powi(6));
    let qlog = -pi2 / 8.0 / z2;
    if qlog < -708.0 {
        return 0.0;
    }
    let q = qlog.exp();
    let k1a = -z2;
    let k1b = pi2 / 4.0;
    let k2a = 6.0 * z6 + 2.0 * z4;
    let k2b = (2.0 * z4 - 5.0 * z2) * pi2 / 4.0;
    let k2c = pi4 * (1.0 - 2.0 * z2) / 16.0;
    let k3d = pi6 * (5.0 - 30.0 * z2) / 64.0;
    let k3c = pi4 * (-60.0 * z2 + 212.0 * z4) / 16.0;
    let k3b = pi2 * (135.0 * z4 - 96.0 * z6) / 4.0;
    let k3a = -30.0 * z6 - 90.0 * z.powi(8);
    let mut k = [0.0_f64; 4];
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a small positive term count"
    )]
    let maxk = (16.0 * z / PI).ceil() as u32;
    for kk in (1..=maxk).rev() {
        let m = f64::from(2 * kk - 1);
        let (m2, m4, m6) = (m * m, m.powi(4), m.powi(6));
        let qpower = q.powf(8.0 * f64::from(kk));
        let coeffs = [
            1.0,
            k1a + k1b * m2,
            k2a + k2b * m2 + k2c * m4,
            k3a + k3b * m2 + k3c * m4 + k3d * m6,
        ];
        for (v, c) in k.iter_mut().zip(coeffs) {
            *v = *v * qpower + c;
        }
    }
    let div = [z, 6.0 * z4, 72.0 * z.powi(7), 6480.0 * z.powi(10)];
    for (v, d) in k.iter_mut().zip(div) {
        *v = *v * q * sqrt2pi / d;
    }
    let q2 = (-pi2 / 2.0 / z2).exp();
    let mut k2extra = 0.0;
    let mut k3extra = 0.0;
    let sqrt3z = 3.0_f64.sqrt() * z;
    for kk in (1..=maxk).rev() {
        let kf = f64::from(kk);
        let ks2 = kf * kf;
        let qp = q2.powf(ks2);
        k2extra += ks2 * qp;
        let kspi = PI * kf;
        k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp;
    }
    k[2] += k2extra * pi2 * sqrt2pi / (-36.0 * z3);
    k[3] += k3extra * pi2 * sqrt2pi / (216.0 * z6);
    let mut total = 0.0;
    for (i, v) in k.iter().enumerate() {
        total += v / n.powf(fu(i) / 2.0);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_equal_sizes() {
        // scipy.stats.ks_2samp([1,2,3,4,5], [6,7,8,9,10]) → statistic 1.0, pvalue 0.007936507936507936
        let r = ks_2samp(&[1.0, 2.0, 3.0, 4.0, 5.0], &[6.0, 7.0, 8.0, 9.0, 10.0]);
        assert!((r.statistic - 1.0).abs() < 1e-12);
        assert!((r.p_value - 0.007_936_507_936_507_936).abs() < 1e-12);
        assert!(r.exact);
    }
}
