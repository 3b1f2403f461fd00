//! The decisions the chosen option flips per group against the current threshold, with their bootstrap
//! intervals (and the rows a band routes), kept from frame to frame: the resamples are drawn again only
//! when what they depend on changes — the option and its thresholds or band, the current threshold, the
//! resamples, the confidence level or the seed — or when other data is loaded. Dragging a slider that the
//! chosen option follows recomputes once per new value (a fraction of a millisecond on a million rows, see
//! `riskbench bench mitigate`), so the work stays on the frame rather than on a background job whose
//! result would lag the slider.

use crate::analysis::fairness::GroupKey;
use crate::analysis::mitigation::ThresholdIndex;
use crate::analysis::mitigation::flips::GroupFlips;
use crate::analysis::mitigation::options::DecisionOption;

/// What the flips of an option depend on.
#[derive(Clone, Debug, PartialEq)]
pub struct FlipsKey {
    /// The option.
    pub option: DecisionOption,
    /// The current threshold of every group.
    pub current: Vec<f64>,
    /// Bootstrap resamples.
    pub resamples: usize,
    /// Confidence level of the intervals.
    pub level: f64,
    /// Bootstrap seed.
    pub seed: u64,
}

/// Routed rows of a group with their share and its interval.
pub type Routed = (u64, f64, [f64; 2]);

/// The flips of the last option shown, with the key they were computed for.
#[derive(Debug, Default)]
pub struct FlipsCache {
    key: Option<FlipsKey>,
    flips: Vec<GroupFlips>,
    routed: Vec<Routed>,
    computed: u64,
}

impl FlipsCache {
    /// How many times the flips were computed since the screen was created.
    #[must_use]
    pub fn computed(&self) -> u64 {
        self.computed
    }

    /// The key of the flips held, if any.
    #[must_use]
    pub fn key(&self) -> Option<&FlipsKey> {
        self.key.as_ref()
    }

    /// Forgets the flips held (other data was loaded).
    pub fn clear(&mut self) {
        self.key = None;
        self.flips.clear();
        self.routed.clear();
    }

    /// The flips and routed rows for `key`, computed only when `key` differs from the last one.
    pub fn get(
        &mut self,
        key: FlipsKey,
        index: &ThresholdIndex,
        groups: &[GroupKey],
    ) -> (&[GroupFlips], &[Routed]) {
        if self.key.as_ref() != Some(&key) {
            self.flips = key.option.flips(
                index,
                groups,
                &key.current,
                key.resamples,
                key.level,
                key.seed,
            );
            self.routed = key.option.routed(index, key.resamples, key.level, key.seed);
            self.computed += 1;
            self.key = Some(key);
        }
        (&self.flips, &self.routed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::mitigation::options::test_index as index;

    fn key(t: f64) -> FlipsKey {
        FlipsKey {
            option: DecisionOption::Thresholds(vec![t, t]),
            current: vec![0.5, 0.5],
            resamples: 1000,
            level: 0.95,
            seed: 7,
        }
    }

    #[test]
    fn computed_once_per_key_and_equal_to_the_core() {
        let idx = index();
        let mut cache = FlipsCache::default();
        let want = key(0.3).option.flips(&idx, &[], &[0.5, 0.5], 1000, 0.95, 7);
        for _ in 0..3 {
            let (flips, routed) = cache.get(key(0.3), &idx, &[]);
            assert_eq!(flips, want.as_slice());
            assert!(routed.is_empty());
        }
        assert_eq!(cache.computed(), 1);
        // Group m: 0.4 becomes positive at 0.3; group f: 0.4 too.
        assert_eq!(cache.get(key(0.3), &idx, &[]).0[1].to_positive, 1);
        cache.get(key(0.35), &idx, &[]);
        assert_eq!(cache.computed(), 2);
        let mut other_seed = key(0.35);
        other_seed.seed = 8;
        cache.get(other_seed, &idx, &[]);
        assert_eq!(cache.computed(), 3);
        cache.clear();
        assert!(cache.key().is_none());
        cache.get(key(0.35), &idx, &[]);
        assert_eq!(cache.computed(), 4);
    }
}
