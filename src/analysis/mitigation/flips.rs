//! Decisions flipped per group when an option replaces the current threshold: how many rows change from
//! positive to negative and back, with a seeded bootstrap interval of the flipped share (resampling within
//! each group: the flipped count of a resample of n rows is Binomial(n, k/n), drawn exactly).

use rand::SeedableRng;
use rand_distr::{Binomial, Distribution};
use rand_pcg::Pcg64Mcg;
use serde::Serialize;

use crate::analysis::fairness::GroupKey;

use super::sweep::ThresholdIndex;

/// Flips of one group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupFlips {
    /// The group.
    pub group: GroupKey,
    /// Rows of the group.
    pub count: u64,
    /// Rows negative now and positive with the option.
    pub to_positive: u64,
    /// Rows positive now and negative with the option.
    pub to_negative: u64,
    /// Share of the group's rows whose decision changes.
    pub flipped_share: f64,
    /// Bootstrap percentile interval of `flipped_share`.
    pub interval: [f64; 2],
}

/// Flips per group from one threshold per group (`current`) to another (`option`).
#[must_use]
pub fn flips(
    index: &ThresholdIndex,
    groups: &[GroupKey],
    current: &[f64],
    option: &[f64],
    resamples: usize,
    level: f64,
    seed: u64,
) -> Vec<GroupFlips> {
    (0..index.groups())
        .map(|g| {
            let scores = index.sorted_scores(g);
            let n = scores.len();
            let below = |t: f64| scores.partition_point(|s| *s < t);
            let at = |t: &[f64]| t.get(g).copied().unwrap_or(f64::INFINITY);
            let (a, b) = (below(at(current)), below(at(option)));
            let to_positive = a.saturating_sub(b) as u64;
            let to_negative = b.saturating_sub(a) as u64;
            let k = to_positive + to_negative;
            #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
            let share = if n > 0 { k as f64 / n as f64 } else { 0.0 };
            let interval = bootstrap_share(n as u64, share, resamples, level, seed ^ (g as u64));
            GroupFlips {
                group: groups.get(g).cloned().unwrap_or_default(),
                count: n as u64,
                to_positive,
                to_negative,
                flipped_share: share,
                interval,
            }
        })
        .collect()
}

/// Seeded bootstrap percentile interval of a share `p` of `n` rows: the share of a resample of `n` rows is
/// Binomial(n, p) / n, drawn exactly.
#[expect(
    clippy::many_single_char_names,
    reason = "binomial n and p, quantile helpers"
)]
pub(super) fn bootstrap_share(n: u64, p: f64, resamples: usize, level: f64, seed: u64) -> [f64; 2] {
    if n == 0 || resamples == 0 {
        return [p, p];
    }
    let Ok(dist) = Binomial::new(n, p.clamp(0.0, 1.0)) else {
        return [p, p];
    };
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
    let mut draws: Vec<f64> = (0..resamples)
        .map(|_| dist.sample(&mut rng) as f64 / n as f64)
        .collect();
    draws.sort_by(f64::total_cmp);
    let q = |prob: f64| {
        #[expect(clippy::cast_precision_loss, reason = "resample counts are small")]
        let h = (draws.len() - 1) as f64 * prob.clamp(0.0, 1.0);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "h is in range"
        )]
        let i = h.floor() as usize;
        let j = (i + 1).min(draws.len() - 1);
        draws[i] + (draws[j] - draws[i]) * (h - h.floor())
    };
    let alpha = (1.0 - level) / 2.0;
    [q(alpha), q(1.0 - alpha)]
}
