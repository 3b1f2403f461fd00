//! Names of everything the audit reports: per-group metrics, disparity kinds, summary metrics and the
//! AIF360-style comparisons with the reference group. The serialized names are the contract names of
//! `fairness-metrics.md`; never rename them.

use serde::{Deserialize, Serialize};

/// A per-group (and overall) metric. Serialized with the exact names of the metric contract.
///
/// The declaration order is the order of the contract table and the order of every map keyed by `Metric`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Number of rows in the group (never weighted).
    Count,
    /// True positives (weighted when weights are given).
    #[serde(rename = "tp")]
    TruePositives,
    /// False positives (weighted).
    #[serde(rename = "fp")]
    FalsePositives,
    /// True negatives (weighted).
    #[serde(rename = "tn")]
    TrueNegatives,
    /// False negatives (weighted).
    #[serde(rename = "fn")]
    FalseNegatives,
    /// Actual positives, TP + FN (weighted).
    Positives,
    /// Actual negatives, TN + FP (weighted).
    Negatives,
    /// Predicted positives, TP + FP (weighted). Added so every group shows its denominators.
    PredictedPositives,
    /// Predicted negatives, TN + FN (weighted). Added so every group shows its denominators.
    PredictedNegatives,
    /// (TP + FP) / n, Aequitas PPREV, Fairlearn `selection_rate`.
    SelectionRate,
    /// (TP + FP) / predicted positives of the whole audited data (Aequitas PPR).
    Ppr,
    /// (TP + FN) / n, prevalence.
    BaseRate,
    /// (TP + TN) / n.
    Accuracy,
    /// TP / (TP + FN), recall.
    TruePositiveRate,
    /// FP / (FP + TN).
    FalsePositiveRate,
    /// TN / (TN + FP).
    TrueNegativeRate,
    /// FN / (FN + TP).
    FalseNegativeRate,
    /// TP / (TP + FP), PPV.
    Precision,
    /// TN / (TN + FN).
    Npv,
    /// FP / (TP + FP).
    FalseDiscoveryRate,
    /// FN / (FN + TN).
    FalseOmissionRate,
    /// (TPR + TNR) / 2.
    BalancedAccuracy,
    /// Mean of the score (weighted mean when weights are given); only when a score column exists.
    MeanScore,
}

/// Which way a metric is better, used by the `best` reference rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// A larger value is better (TPR, precision, accuracy, …).
    HigherIsBetter,
    /// A smaller value is better (error rates).
    LowerIsBetter,
}

impl Metric {
    /// Every metric, in contract order.
    pub const ALL: [Metric; 23] = [
        Metric::Count,
        Metric::TruePositives,
        Metric::FalsePositives,
        Metric::TrueNegatives,
        Metric::FalseNegatives,
        Metric::Positives,
        Metric::Negatives,
        Metric::PredictedPositives,
        Metric::PredictedNegatives,
        Metric::SelectionRate,
        Metric::Ppr,
        Metric::BaseRate,
        Metric::Accuracy,
        Metric::TruePositiveRate,
        Metric::FalsePositiveRate,
        Metric::TrueNegativeRate,
        Metric::FalseNegativeRate,
        Metric::Precision,
        Metric::Npv,
        Metric::FalseDiscoveryRate,
        Metric::FalseOmissionRate,
        Metric::BalancedAccuracy,
        Metric::MeanScore,
    ];

    /// The metrics that get disparities, comparisons with the reference and parity checks (everything
    /// except the counts).
    pub const RATES: [Metric; 14] = [
        Metric::SelectionRate,
        Metric::Ppr,
        Metric::BaseRate,
        Metric::Accuracy,
        Metric::TruePositiveRate,
        Metric::FalsePositiveRate,
        Metric::TrueNegativeRate,
        Metric::FalseNegativeRate,
        Metric::Precision,
        Metric::Npv,
        Metric::FalseDiscoveryRate,
        Metric::FalseOmissionRate,
        Metric::BalancedAccuracy,
        Metric::MeanScore,
    ];

    /// Position in [`Metric::ALL`].
    pub(super) fn index(self) -> usize {
        self as usize
    }

    /// Position in [`Metric::RATES`], `None` for counts.
    pub(super) fn rate_index(self) -> Option<usize> {
        (self as usize).checked_sub(Metric::SelectionRate as usize)
    }

    /// The contract name (the JSON key).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Metric::Count => "count",
            Metric::TruePositives => "tp",
            Metric::FalsePositives => "fp",
            Metric::TrueNegatives => "tn",
            Metric::FalseNegatives => "fn",
            Metric::Positives => "positives",
            Metric::Negatives => "negatives",
            Metric::PredictedPositives => "predicted_positives",
            Metric::PredictedNegatives => "predicted_negatives",
            Metric::SelectionRate => "selection_rate",
            Metric::Ppr => "ppr",
            Metric::BaseRate => "base_rate",
            Metric::Accuracy => "accuracy",
            Metric::TruePositiveRate => "true_positive_rate",
            Metric::FalsePositiveRate => "false_positive_rate",
            Metric::TrueNegativeRate => "true_negative_rate",
            Metric::FalseNegativeRate => "false_negative_rate",
            Metric::Precision => "precision",
            Metric::Npv => "npv",
            Metric::FalseDiscoveryRate => "false_discovery_rate",
            Metric::FalseOmissionRate => "false_omission_rate",
            Metric::BalancedAccuracy => "balanced_accuracy",
            Metric::MeanScore => "mean_score",
        }
    }

    /// Short label for sentences and tables ("FNR", "selection rate").
    #[must_use]
    pub fn short_label(self) -> &'static str {
        match self {
            Metric::Count => "n",
            Metric::TruePositives => "TP",
            Metric::FalsePositives => "FP",
            Metric::TrueNegatives => "TN",
            Metric::FalseNegatives => "FN",
            Metric::Positives => "actual positives",
            Metric::Negatives => "actual negatives",
            Metric::PredictedPositives => "predicted positives",
            Metric::PredictedNegatives => "predicted negatives",
            Metric::SelectionRate => "selection rate",
            Metric::Ppr => "PPR",
            Metric::BaseRate => "base rate",
            Metric::Accuracy => "accuracy",
            Metric::TruePositiveRate => "TPR",
            Metric::FalsePositiveRate => "FPR",
            Metric::TrueNegativeRate => "TNR",
            Metric::FalseNegativeRate => "FNR",
            Metric::Precision => "precision",
            Metric::Npv => "NPV",
            Metric::FalseDiscoveryRate => "FDR",
            Metric::FalseOmissionRate => "FOR",
            Metric::BalancedAccuracy => "balanced accuracy",
            Metric::MeanScore => "mean score",
        }
    }

    /// Which way the metric is better; `None` when it has no better direction (counts, selection rate,
    /// PPR, base rate, mean score: whether more positive decisions are better depends on the use).
    #[must_use]
    pub fn direction(self) -> Option<Direction> {
        match self {
            Metric::Accuracy
            | Metric::TruePositiveRate
            | Metric::TrueNegativeRate
            | Metric::Precision
            | Metric::Npv
            | Metric::BalancedAccuracy => Some(Direction::HigherIsBetter),
            Metric::FalsePositiveRate
            | Metric::FalseNegativeRate
            | Metric::FalseDiscoveryRate
            | Metric::FalseOmissionRate => Some(Direction::LowerIsBetter),
            _ => None,
        }
    }

    /// True for the weighted confusion counts and denominators (everything before `selection_rate`).
    #[must_use]
    pub fn is_count(self) -> bool {
        self.rate_index().is_none()
    }
}

/// Dataset-level summary metrics, named as in Fairlearn / AIF360.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SummaryMetric {
    /// Between-groups difference of selection rate.
    DemographicParityDifference,
    /// Between-groups ratio of selection rate.
    DemographicParityRatio,
    /// max(difference of TPR, difference of FPR) (Fairlearn `agg='worst_case'`).
    EqualizedOddsDifference,
    /// min(ratio of TPR, ratio of FPR) (Fairlearn `agg='worst_case'`).
    EqualizedOddsRatio,
    /// Mean of the TPR and FPR differences (Fairlearn `agg='mean'`).
    EqualizedOddsDifferenceMean,
    /// Mean of the TPR and FPR ratios (Fairlearn `agg='mean'`).
    EqualizedOddsRatioMean,
    /// Between-groups difference of TPR.
    EqualOpportunityDifference,
    /// Between-groups ratio of TPR.
    EqualOpportunityRatio,
    /// AIF360 Theil index (generalized entropy, α = 1) over all rows.
    TheilIndex,
    /// AIF360 generalized entropy index with the configured α (default 2) over all rows.
    GeneralizedEntropyIndex,
    /// Theil index with every bᵢ replaced by its group mean (groups of this result).
    BetweenGroupTheilIndex,
    /// Generalized entropy index (configured α) with every bᵢ replaced by its group mean.
    BetweenGroupGeneralizedEntropyIndex,
}

impl SummaryMetric {
    /// Every summary metric in output order.
    pub const ALL: [SummaryMetric; 12] = [
        SummaryMetric::DemographicParityDifference,
        SummaryMetric::DemographicParityRatio,
        SummaryMetric::EqualizedOddsDifference,
        SummaryMetric::EqualizedOddsRatio,
        SummaryMetric::EqualizedOddsDifferenceMean,
        SummaryMetric::EqualizedOddsRatioMean,
        SummaryMetric::EqualOpportunityDifference,
        SummaryMetric::EqualOpportunityRatio,
        SummaryMetric::TheilIndex,
        SummaryMetric::GeneralizedEntropyIndex,
        SummaryMetric::BetweenGroupTheilIndex,
        SummaryMetric::BetweenGroupGeneralizedEntropyIndex,
    ];

    /// The JSON name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            SummaryMetric::DemographicParityDifference => "demographic_parity_difference",
            SummaryMetric::DemographicParityRatio => "demographic_parity_ratio",
            SummaryMetric::EqualizedOddsDifference => "equalized_odds_difference",
            SummaryMetric::EqualizedOddsRatio => "equalized_odds_ratio",
            SummaryMetric::EqualizedOddsDifferenceMean => "equalized_odds_difference_mean",
            SummaryMetric::EqualizedOddsRatioMean => "equalized_odds_ratio_mean",
            SummaryMetric::EqualOpportunityDifference => "equal_opportunity_difference",
            SummaryMetric::EqualOpportunityRatio => "equal_opportunity_ratio",
            SummaryMetric::TheilIndex => "theil_index",
            SummaryMetric::GeneralizedEntropyIndex => "generalized_entropy_index",
            SummaryMetric::BetweenGroupTheilIndex => "between_group_theil_index",
            SummaryMetric::BetweenGroupGeneralizedEntropyIndex => {
                "between_group_generalized_entropy_index"
            }
        }
    }

    /// True for the ratio-type summaries (checked against the ratio threshold, higher is fairer).
    #[must_use]
    pub fn is_ratio(self) -> bool {
        matches!(
            self,
            SummaryMetric::DemographicParityRatio
                | SummaryMetric::EqualizedOddsRatio
                | SummaryMetric::EqualizedOddsRatioMean
                | SummaryMetric::EqualOpportunityRatio
        )
    }
}

/// AIF360-style comparison of one group (as "unprivileged") with the reference group (as "privileged").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceMetric {
    /// `selection_rate(group) / selection_rate(reference)`.
    DisparateImpact,
    /// `selection_rate(group) − selection_rate(reference)`.
    StatisticalParityDifference,
    /// `½[(FPR_g − FPR_ref) + (TPR_g − TPR_ref)]`.
    AverageOddsDifference,
    /// `TPR_g − TPR_ref` (AIF360 `equal_opportunity_difference`).
    EqualOpportunityDifference,
}

impl ReferenceMetric {
    /// Every reference metric in output order.
    pub const ALL: [ReferenceMetric; 4] = [
        ReferenceMetric::DisparateImpact,
        ReferenceMetric::StatisticalParityDifference,
        ReferenceMetric::AverageOddsDifference,
        ReferenceMetric::EqualOpportunityDifference,
    ];

    /// The JSON name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ReferenceMetric::DisparateImpact => "disparate_impact",
            ReferenceMetric::StatisticalParityDifference => "statistical_parity_difference",
            ReferenceMetric::AverageOddsDifference => "average_odds_difference",
            ReferenceMetric::EqualOpportunityDifference => "equal_opportunity_difference",
        }
    }
}

/// The kinds of disparity of one metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisparityKind {
    /// `max_g m − min_g m`.
    DifferenceBetweenGroups,
    /// `min_g m / max_g m`.
    RatioBetweenGroups,
    /// `max_g |m_g − m_overall|`.
    DifferenceToOverall,
    /// `min_g` of `m_g / m_overall`, inverted when above 1.
    RatioToOverall,
    /// `m_g − m_ref` (per group, signed).
    DifferenceToReference,
    /// `m_g / m_ref` (per group).
    RatioToReference,
}

impl DisparityKind {
    /// The four dataset-level kinds, in output order.
    pub const AGGREGATE: [DisparityKind; 4] = [
        DisparityKind::DifferenceBetweenGroups,
        DisparityKind::RatioBetweenGroups,
        DisparityKind::DifferenceToOverall,
        DisparityKind::RatioToOverall,
    ];

    /// The JSON name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            DisparityKind::DifferenceBetweenGroups => "difference_between_groups",
            DisparityKind::RatioBetweenGroups => "ratio_between_groups",
            DisparityKind::DifferenceToOverall => "difference_to_overall",
            DisparityKind::RatioToOverall => "ratio_to_overall",
            DisparityKind::DifferenceToReference => "difference_to_reference",
            DisparityKind::RatioToReference => "ratio_to_reference",
        }
    }
}

/// A metric value: counts that are whole numbers serialize as JSON integers, everything else as floats.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MetricValue {
    /// An unweighted count.
    Count(u64),
    /// A rate, a mean or a weighted count.
    Real(f64),
}

impl MetricValue {
    /// The value as a float.
    #[must_use]
    pub fn as_f64(self) -> f64 {
        match self {
            MetricValue::Count(n) => super::stats::count_to_f64(n),
            MetricValue::Real(x) => x,
        }
    }
}
