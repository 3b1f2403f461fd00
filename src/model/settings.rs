//! Project settings: the risk matrix (scales, bands, acceptance authority) and fairness thresholds.
//!
//! Defaults follow `risk-methods.md` (5×5 matrix, Low / Medium / High / Critical) and `fairness-metrics.md`
//! (ratio checks 0.8, four-fifths range 0.8–1.25, difference checks 0.1, minimum group size 30).

use serde::{Deserialize, Serialize};

use super::palette::{self, Rgb};

/// All per-project settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Settings {
    /// Likelihood and impact scales and the bands of their product.
    pub risk_matrix: RiskMatrix,
    /// Thresholds that fairness checks and data alerts use.
    pub fairness: FairnessThresholds,
    /// Risk appetite per category: the highest residual band the organisation takes on without escalation
    /// (schema 3).
    pub appetite: Vec<RiskAppetite>,
    /// Thresholds of the data profile's alerts (schema 3).
    pub eda: EdaThresholds,
}

/// Thresholds of the data profile's alerts; defaults as ydata-profiling (`data-eda-drift.md`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EdaThresholds {
    /// MISSING when the share of missing cells in a column exceeds this.
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub missing_share: f64,
    /// ZEROS when the share of zeros in a numeric column exceeds this.
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub zeros_share: f64,
    /// INFINITE when the share of infinite values in a numeric column exceeds this.
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub infinite_share: f64,
    /// SKEWED when the absolute skewness of a numeric column exceeds this.
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub skewness_abs: f64,
    /// `HIGH_CARDINALITY` when a categorical column has more distinct values than this.
    pub cardinality_max: u64,
    /// IMBALANCE when 1 − H(counts)/log₂(k) of a categorical or boolean column exceeds this.
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub imbalance: f64,
    /// `HIGH_CORRELATION` when the absolute correlation of two columns reaches this.
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub correlation_abs: f64,
    /// Categorical columns with more distinct values than this are left out of the correlations
    /// (ydata-profiling's `categorical_maximum_correlation_distinct`).
    pub correlation_max_distinct: u64,
    /// A feature whose association with a sensitive column reaches this is flagged as a likely proxy.
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub proxy_threshold: f64,
}

impl Default for EdaThresholds {
    fn default() -> Self {
        Self {
            missing_share: 0.01,
            zeros_share: 0.01,
            infinite_share: 0.01,
            skewness_abs: 20.0,
            cardinality_max: 50,
            imbalance: 0.5,
            correlation_abs: 0.9,
            correlation_max_distinct: 100,
            proxy_threshold: 0.3,
        }
    }
}

/// A likelihood × impact matrix: score = likelihood level × impact level, banded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskMatrix {
    /// Labels of likelihood levels 1..=n, lowest first.
    pub likelihood_labels: Vec<String>,
    /// Labels of impact levels 1..=n, lowest first.
    pub impact_labels: Vec<String>,
    /// Bands in ascending order of `min_score`; the first must start at 1.
    pub bands: Vec<RiskBand>,
}

/// One band of the risk matrix, e.g. "High" for scores 10–16.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskBand {
    /// Band name shown in cells, tables and the report.
    pub name: String,
    /// Lowest score (likelihood × impact) in this band; the band ends where the next one starts.
    pub min_score: u32,
    /// Fill colour in heat maps.
    pub colour: Rgb,
    /// Who may accept a residual risk in this band (e.g. "Executive committee").
    pub acceptance_authority: String,
}

impl Default for RiskMatrix {
    fn default() -> Self {
        let labels = |names: &[&str]| names.iter().map(|s| (*s).to_owned()).collect();
        let band = |name: &str, min_score, colour, authority: &str| RiskBand {
            name: name.to_owned(),
            min_score,
            colour,
            acceptance_authority: authority.to_owned(),
        };
        Self {
            likelihood_labels: labels(&[
                "Rare",
                "Unlikely",
                "Possible",
                "Likely",
                "Almost certain",
            ]),
            impact_labels: labels(&["Negligible", "Minor", "Moderate", "Major", "Severe"]),
            bands: vec![
                band("Low", 1, palette::BAND_LOW, "Risk owner"),
                band("Medium", 5, palette::BAND_MEDIUM, "Head of business unit"),
                band("High", 10, palette::BAND_HIGH, "Executive committee"),
                band(
                    "Critical",
                    17,
                    palette::BAND_CRITICAL,
                    "Board; normally not acceptable",
                ),
            ],
        }
    }
}

impl RiskMatrix {
    /// The highest possible score (top-right cell).
    #[must_use]
    pub fn max_score(&self) -> u32 {
        u32::try_from(self.likelihood_labels.len() * self.impact_labels.len()).unwrap_or(u32::MAX)
    }

    /// The band index of a score, or `None` when the score is below the first band.
    #[must_use]
    pub fn band_index(&self, score: u32) -> Option<usize> {
        self.bands.iter().rposition(|b| b.min_score <= score)
    }

    /// The band of a cell (likelihood and impact levels counted from 1).
    ///
    /// ```
    /// use riskbench::model::RiskMatrix;
    /// let m = RiskMatrix::default();
    /// assert_eq!(m.band_of(2, 2).map(|b| b.name.as_str()), Some("Low"));
    /// assert_eq!(m.band_of(4, 4).map(|b| b.name.as_str()), Some("High"));
    /// assert_eq!(m.band_of(5, 5).map(|b| b.name.as_str()), Some("Critical"));
    /// ```
    #[must_use]
    pub fn band_of(&self, likelihood: u32, impact: u32) -> Option<&RiskBand> {
        self.band_index(likelihood * impact).map(|i| &self.bands[i])
    }

    /// The score range `(min, max)` covered by band `index`.
    #[must_use]
    pub fn band_range(&self, index: usize) -> Option<(u32, u32)> {
        let band = self.bands.get(index)?;
        let max = self
            .bands
            .get(index + 1)
            .map_or(self.max_score(), |next| next.min_score.saturating_sub(1));
        Some((band.min_score, max))
    }

    /// Problems that make the matrix unusable, in plain words; empty when it is valid.
    #[must_use]
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (axis, labels) in [
            ("likelihood", &self.likelihood_labels),
            ("impact", &self.impact_labels),
        ] {
            if !(2..=10).contains(&labels.len()) {
                problems.push(format!(
                    "the {axis} scale needs 2 to 10 levels, it has {}",
                    labels.len()
                ));
            }
            if labels.iter().any(|l| l.trim().is_empty()) {
                problems.push(format!("every {axis} level needs a label"));
            }
        }
        match self.bands.first() {
            None => problems.push("at least one band is needed".to_owned()),
            Some(first) if first.min_score != 1 => {
                problems.push(format!(
                    "the first band must start at score 1, not {}",
                    first.min_score
                ));
            }
            Some(_) => {}
        }
        for pair in self.bands.windows(2) {
            if pair[1].min_score <= pair[0].min_score {
                problems.push(format!(
                    "band {:?} must start above band {:?} (score {} ≤ {})",
                    pair[1].name, pair[0].name, pair[1].min_score, pair[0].min_score
                ));
            }
        }
        if let Some(last) = self.bands.last()
            && last.min_score > self.max_score()
        {
            problems.push(format!(
                "band {:?} starts at {}, above the highest possible score {}",
                last.name,
                last.min_score,
                self.max_score()
            ));
        }
        problems
    }
}

/// The risk appetite for one category of risk (NIST AI RMF MAP 1.5: risk tolerance is determined and documented).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskAppetite {
    /// The category: a trustworthiness characteristic id (`fair`), an MIT domain id (`1`) or a custom
    /// category id, as held in a risk's categories.
    pub category: String,
    /// Name of the highest band a residual risk in this category may sit in without escalation.
    pub max_residual_band: String,
    /// The appetite statement in the organisation's words.
    pub statement: String,
}

impl RiskMatrix {
    /// The index of the band with this name (case-insensitive).
    #[must_use]
    pub fn band_named(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.bands
            .iter()
            .position(|b| b.name.trim().eq_ignore_ascii_case(name))
    }
}

impl Settings {
    /// Problems of the appetite table: unknown band names and categories listed twice.
    #[must_use]
    pub fn appetite_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (i, appetite) in self.appetite.iter().enumerate() {
            if appetite.category.trim().is_empty() {
                problems.push(format!("appetite row {} names no category", i + 1));
            }
            if self
                .risk_matrix
                .band_named(&appetite.max_residual_band)
                .is_none()
            {
                problems.push(format!(
                    "appetite for {:?}: {:?} is not a band of the risk matrix",
                    appetite.category, appetite.max_residual_band
                ));
            }
            if self.appetite[..i]
                .iter()
                .any(|a| a.category == appetite.category)
            {
                problems.push(format!(
                    "the appetite for {:?} is set twice",
                    appetite.category
                ));
            }
        }
        problems
    }
}

/// Thresholds of fairness checks and fairness-related data alerts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FairnessThresholds {
    /// A ratio check passes when the ratio is at least this (four-fifths rule: 0.8).
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub ratio_min: f64,
    /// Upper end of the four-fifths range for ratios to a reference group (1 / 0.8 = 1.25).
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub ratio_max: f64,
    /// A difference check passes when the absolute difference is at most this.
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub difference_max: f64,
    /// Groups with fewer rows are flagged "small sample".
    pub min_group_size: u32,
    /// Bootstrap resamples for confidence intervals.
    pub bootstrap_resamples: u32,
    /// Confidence level of intervals, e.g. 0.95.
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub confidence_level: f64,
    /// Seed of the bootstrap, stored so results are reproducible.
    pub bootstrap_seed: u64,
    /// A feature whose association with a sensitive column reaches this is flagged as a likely proxy.
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub proxy_threshold: f64,
}

impl Default for FairnessThresholds {
    fn default() -> Self {
        Self {
            ratio_min: 0.8,
            ratio_max: 1.25,
            difference_max: 0.1,
            min_group_size: 30,
            bootstrap_resamples: 1000,
            confidence_level: 0.95,
            bootstrap_seed: 20_230_126,
            proxy_threshold: 0.3,
        }
    }
}

impl FairnessThresholds {
    /// Problems that make the thresholds meaningless, in plain words; empty when they are valid.
    #[must_use]
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !(self.ratio_min > 0.0 && self.ratio_min <= 1.0) {
            problems.push(format!(
                "the ratio threshold must be in (0, 1], it is {}",
                self.ratio_min
            ));
        }
        if self.ratio_max < 1.0 {
            problems.push(format!(
                "the upper ratio bound must be at least 1, it is {}",
                self.ratio_max
            ));
        }
        if !(0.0..=1.0).contains(&self.difference_max) {
            problems.push(format!(
                "the difference threshold must be in [0, 1], it is {}",
                self.difference_max
            ));
        }
        if !(self.confidence_level > 0.5 && self.confidence_level < 1.0) {
            problems.push(format!(
                "the confidence level must be between 0.5 and 1, it is {}",
                self.confidence_level
            ));
        }
        if !(0.0..=1.0).contains(&self.proxy_threshold) {
            problems.push(format!(
                "the proxy threshold must be in [0, 1], it is {}",
                self.proxy_threshold
            ));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_matrix_bands_cover_every_cell() {
        let m = RiskMatrix::default();
        assert!(m.problems().is_empty(), "{:?}", m.problems());
        assert_eq!(m.max_score(), 25);
        assert_eq!(m.band_range(0), Some((1, 4)));
        assert_eq!(m.band_range(1), Some((5, 9)));
        assert_eq!(m.band_range(2), Some((10, 16)));
        assert_eq!(m.band_range(3), Some((17, 25)));
        for l in 1..=5 {
            for i in 1..=5 {
                assert!(m.band_of(l, i).is_some());
            }
        }
        assert_eq!(m.band_of(3, 3).map(|b| b.name.as_str()), Some("Medium"));
        assert_eq!(m.band_of(4, 5).map(|b| b.name.as_str()), Some("Critical"));
    }

    #[test]
    fn detects_broken_matrices() {
        let mut m = RiskMatrix::default();
        m.bands[2].min_score = 5;
        assert!(m.problems().iter().any(|p| p.contains("must start above")));
        let mut m = RiskMatrix::default();
        m.bands[0].min_score = 2;
        assert!(m.problems().iter().any(|p| p.contains("start at score 1")));
        let mut m = RiskMatrix::default();
        m.impact_labels.truncate(1);
        assert!(m.problems().iter().any(|p| p.contains("impact scale")));
    }

    #[test]
    fn default_thresholds_are_valid() {
        assert!(FairnessThresholds::default().problems().is_empty());
        let t = FairnessThresholds {
            ratio_min: 1.5,
            ..FairnessThresholds::default()
        };
        assert_eq!(t.problems().len(), 1);
    }
}
