//! One column's drift: the test Evidently's `DataDriftPreset` would pick (or the user's), its statistic,
//! p-value, threshold and flag, and always PSI (Evidently's binning, with the 0.10 / 0.25 bands and a
//! small-bin warning), KL divergence and Hellinger distance beside it.

use serde::Serialize;

use super::ks::ks_2samp;
use super::prepare::{Prepared, numeric_counts, union_distinct};
use super::stats::{
    self, Binned, binned_categories, binned_numeric, chi_square, hellinger_categorical,
    hellinger_numeric_span, jensen_shannon, kl_divergence, wasserstein_normalised, z_test,
};
use crate::model::drift::{ColumnKind, ColumnOverride, DriftMethod};

/// Reference sizes up to this use the statistical tests; above, the distances (Evidently).
pub const SMALL_REFERENCE: usize = 1000;

/// A PSI bin with fewer rows than this on either side makes the PSI unreliable (warned).
pub const PSI_MIN_BIN_ROWS: u64 = 5;

/// PSI bands: below 0.10 stable, 0.10–0.25 moderate shift, at least 0.25 major shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PsiBand {
    /// PSI < 0.10.
    Stable,
    /// 0.10 ≤ PSI < 0.25.
    Moderate,
    /// PSI ≥ 0.25.
    Major,
}

impl PsiBand {
    /// The band of a PSI value.
    #[must_use]
    pub fn of(psi: f64) -> Self {
        if psi >= 0.25 {
            PsiBand::Major
        } else if psi >= 0.1 {
            PsiBand::Moderate
        } else {
            PsiBand::Stable
        }
    }

    /// Plain words.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            PsiBand::Stable => "stable (< 0.10)",
            PsiBand::Moderate => "moderate shift (0.10–0.25)",
            PsiBand::Major => "major shift (≥ 0.25)",
        }
    }
}

/// The distribution of a column on both sides, for charts (PSI's bins, shares without the zero fill).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    /// Bin labels.
    pub bins: Vec<String>,
    /// Reference share per bin.
    pub reference: Vec<f64>,
    /// Current share per bin.
    pub current: Vec<f64>,
}

/// One column's drift: the contract's fields plus the rule, the PSI band and warnings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnDrift {
    /// `numeric` or `categorical`.
    #[serde(rename = "type")]
    pub kind: ColumnKind,
    /// The test used.
    pub method: DriftMethod,
    /// Evidently's `drift_score`: the p-value for ks / chisquare / z, the distance otherwise.
    pub statistic: f64,
    /// The p-value, for the tests that have one.
    pub p_value: Option<f64>,
    /// The threshold.
    pub threshold: f64,
    /// Whether the column drifted.
    pub drift: bool,
    /// The PSI binning rule used.
    pub bins: String,
    /// PSI with Evidently's binning.
    pub psi: f64,
    /// PSI's band.
    pub psi_band: PsiBand,
    /// Kullback–Leibler divergence on the same bins.
    pub kl_div: f64,
    /// Hellinger distance (Evidently's definition).
    pub hellinger: f64,
    /// Why this test: Evidently's default rule, or "set by the user".
    pub rule: String,
    /// The raw test statistic beside the p-value (KS D, χ², z), when there is one.
    pub test_statistic: Option<f64>,
    /// Non-missing reference values (Evidently's n).
    pub reference_count: usize,
    /// Non-missing current values.
    pub current_count: usize,
    /// Missing (empty, NaN, ±∞) reference values, dropped first.
    pub reference_missing: usize,
    /// Missing current values, dropped first.
    pub current_missing: usize,
    /// Distinct values across both sides (Evidently's u).
    pub distinct: usize,
    /// Warnings (small PSI bins, an approximate p-value).
    pub warnings: Vec<String>,
    /// Both distributions, for charts (not part of the JSON).
    #[serde(skip)]
    pub distribution: Distribution,
}

/// Evidently's default test for a column of `kind` with `n` reference values and `u` distinct values in
/// all, and the rule in words.
#[must_use]
pub fn default_method(kind: ColumnKind, n: usize, u: usize) -> (DriftMethod, String) {
    let small = n <= SMALL_REFERENCE;
    match (small, kind == ColumnKind::Numeric && u > 5) {
        (true, true) => (
            DriftMethod::Ks,
            format!("numeric with {u} distinct values (> 5) and {n} reference values (≤ 1000): KS"),
        ),
        (true, false) if u > 2 => (
            DriftMethod::Chisquare,
            format!(
                "{} with {u} distinct values (> 2) and {n} reference values (≤ 1000): χ²",
                kind.as_str()
            ),
        ),
        (true, false) => (
            DriftMethod::Z,
            format!(
                "{} with {u} distinct values (≤ 2) and {n} reference values (≤ 1000): z-test",
                kind.as_str()
            ),
        ),
        (false, true) => (
            DriftMethod::Wasserstein,
            format!(
                "numeric with {u} distinct values (> 5) and {n} reference values (> 1000): normed Wasserstein"
            ),
        ),
        (false, false) => (
            DriftMethod::Jensenshannon,
            format!(
                "{} with {u} distinct values and {n} reference values (> 1000): Jensen–Shannon",
                kind.as_str()
            ),
        ),
    }
}

fn binned(prepared: &Prepared) -> Binned {
    match prepared {
        Prepared::Numeric { reference, current } => {
            // Evidently: Sturges bins when the reference has more than 20 distinct values.
            #[expect(clippy::float_cmp, reason = "distinct sorted values differ exactly")]
            let ref_distinct = usize::from(!reference.is_empty())
                + reference.windows(2).filter(|w| w[0] != w[1]).count();
            if ref_distinct > 20 {
                binned_numeric(reference, current)
            } else {
                binned_categories(&numeric_counts(reference, current))
            }
        }
        Prepared::Categorical(counts) => binned_categories(counts),
    }
}

#[expect(
    clippy::many_single_char_names,
    reason = "n, m, u as in Evidently's rules"
)]
/// Computes one column's drift. `missing` is (reference, current) missing counts.
///
/// # Errors
/// A message when the chosen test cannot run on these values (KS or Wasserstein on categories).
pub fn column_drift(
    kind: ColumnKind,
    prepared: &Prepared,
    missing: (usize, usize),
    choice: &ColumnOverride,
) -> Result<ColumnDrift, String> {
    let (n, m, u) = match prepared {
        Prepared::Numeric { reference, current } => (
            reference.len(),
            current.len(),
            union_distinct(reference, current),
        ),
        Prepared::Categorical(c) => (
            usize::try_from(c.reference_total()).unwrap_or(usize::MAX),
            usize::try_from(c.current_total()).unwrap_or(usize::MAX),
            c.keys.len(),
        ),
    };
    if n == 0 {
        return Err("no non-missing values in the reference data".to_owned());
    }
    if m == 0 {
        return Err("no non-missing values in the current data".to_owned());
    }
    let (default, default_rule) = default_method(kind, n, u);
    let (method, rule) = match choice.method {
        Some(mth) if mth != default => (
            mth,
            format!("set by the user (default: {})", default.as_str()),
        ),
        _ => (default, format!("Evidently default: {default_rule}")),
    };
    let threshold = choice
        .threshold
        .unwrap_or_else(|| method.default_threshold());
    let counts = || match prepared {
        Prepared::Numeric { reference, current } => numeric_counts(reference, current),
        Prepared::Categorical(c) => c.clone(),
    };
    let bins = binned(prepared);
    let mut warnings = Vec::new();
    let (statistic, p_value, test_statistic) = match method {
        DriftMethod::Ks | DriftMethod::Wasserstein => {
            let Prepared::Numeric { reference, current } = prepared else {
                return Err(format!(
                    "{} needs numeric values; the column is compared as categories",
                    method.as_str()
                ));
            };
            if method == DriftMethod::Ks {
                let r = ks_2samp(reference, current);
                if !r.exact {
                    warnings.push(if reference.len().max(current.len()) > 10_000 {
                        "KS p-value is asymptotic (the larger sample has more than 10,000 values)"
                            .to_owned()
                    } else {
                        "KS p-value is asymptotic (the exact computation failed, as SciPy's does here)"
                            .to_owned()
                    });
                }
                (r.p_value, Some(r.p_value), Some(r.statistic))
            } else {
                (wasserstein_normalised(reference, current), None, None)
            }
        }
        DriftMethod::Chisquare => {
            let (stat, p) = chi_square(&counts());
            (p, Some(p), Some(stat))
        }
        DriftMethod::Z => {
            let c = counts();
            if c.keys.len() > 2 {
                return Err(format!(
                    "the z-test compares two values; the column has {}",
                    c.keys.len()
                ));
            }
            let (z, p) = z_test(&c);
            (p, Some(p), Some(z))
        }
        DriftMethod::Jensenshannon => {
            let (r, c) = bins.shares();
            (jensen_shannon(&r, &c), None, None)
        }
        DriftMethod::Psi => {
            let (r, c) = bins.filled_shares();
            (stats::psi(&r, &c), None, None)
        }
        DriftMethod::KlDiv => {
            let (r, c) = bins.filled_shares();
            (kl_divergence(&r, &c), None, None)
        }
        DriftMethod::Hellinger => (hellinger(prepared, u), None, None),
    };
    let hellinger = if method == DriftMethod::Hellinger {
        statistic
    } else {
        hellinger(prepared, u)
    };
    let (fr, fc) = bins.filled_shares();
    let psi = stats::psi(&fr, &fc);
    let small = bins
        .reference_counts
        .iter()
        .zip(&bins.current_counts)
        .filter(|(r, c)| **r < PSI_MIN_BIN_ROWS || **c < PSI_MIN_BIN_ROWS)
        .count();
    if small > 0 {
        warnings.push(format!(
            "{small} of {} PSI bins hold fewer than {PSI_MIN_BIN_ROWS} rows on one side: PSI is unreliable there",
            bins.labels.len()
        ));
    }
    let (sr, sc) = bins.shares();
    Ok(ColumnDrift {
        kind,
        method,
        statistic,
        p_value,
        threshold,
        drift: method.is_drift(statistic, threshold),
        bins: bins.rule.clone(),
        psi,
        psi_band: PsiBand::of(psi),
        kl_div: kl_divergence(&fr, &fc),
        hellinger,
        rule,
        test_statistic,
        reference_count: n,
        current_count: m,
        reference_missing: missing.0,
        current_missing: missing.1,
        distinct: u,
        warnings,
        distribution: Distribution {
            bins: bins.labels,
            reference: sr,
            current: sc,
        },
    })
}

/// Evidently's Hellinger distance; `distinct` is the number of distinct values on both sides.
fn hellinger(prepared: &Prepared, distinct: usize) -> f64 {
    match prepared {
        Prepared::Numeric { reference, current } => {
            // The smallest and largest of the union: the samples are sorted.
            let lo = [reference.first(), current.first()]
                .into_iter()
                .flatten()
                .copied()
                .reduce(f64::min);
            let hi = [reference.last(), current.last()]
                .into_iter()
                .flatten()
                .copied()
                .reduce(f64::max);
            match (lo, hi) {
                (Some(lo), Some(hi)) => {
                    hellinger_numeric_span(reference, current, (lo, hi), distinct)
                }
                _ => f64::NAN,
            }
        }
        Prepared::Categorical(c) => hellinger_categorical(c),
    }
}
