//! The constraints (which rate is equalised between groups) and objectives (what the cut-offs maximise) of
//! a per-group threshold search, with Fairlearn's names, and each group's share of the objective.

use serde::{Deserialize, Serialize};

use crate::analysis::fairness::ConfusionCounts;

use super::MitigationError;

/// A fairness constraint (Fairlearn's names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Constraint {
    /// Equal selection rates.
    DemographicParity,
    /// Equal TPR and equal FPR.
    EqualizedOdds,
    /// Equal true positive rates.
    TruePositiveRateParity,
    /// Equal false positive rates.
    FalsePositiveRateParity,
    /// Equal true negative rates.
    TrueNegativeRateParity,
    /// Equal false negative rates.
    FalseNegativeRateParity,
}

/// The rate a constraint equalises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rate {
    /// (TP + FP) / n.
    SelectionRate,
    /// TP / (TP + FN).
    TruePositiveRate,
    /// FP / (FP + TN).
    FalsePositiveRate,
    /// TN / (TN + FP).
    TrueNegativeRate,
    /// FN / (FN + TP).
    FalseNegativeRate,
}

impl Rate {
    /// The rate from (weighted) counts; `None` for a zero denominator.
    #[must_use]
    pub fn of(self, c: &ConfusionCounts) -> Option<f64> {
        let (num, den) = match self {
            Rate::SelectionRate => (c.tp() + c.fp(), c.tp() + c.fp() + c.tn() + c.fn_()),
            Rate::TruePositiveRate => (c.tp(), c.tp() + c.fn_()),
            Rate::FalsePositiveRate => (c.fp(), c.fp() + c.tn()),
            Rate::TrueNegativeRate => (c.tn(), c.tn() + c.fp()),
            Rate::FalseNegativeRate => (c.fn_(), c.fn_() + c.tp()),
        };
        (den > 0.0).then(|| num / den)
    }

    /// Fairlearn's metric name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Rate::SelectionRate => "selection_rate",
            Rate::TruePositiveRate => "true_positive_rate",
            Rate::FalsePositiveRate => "false_positive_rate",
            Rate::TrueNegativeRate => "true_negative_rate",
            Rate::FalseNegativeRate => "false_negative_rate",
        }
    }
}

impl Constraint {
    /// Every constraint.
    pub const ALL: [Constraint; 6] = [
        Constraint::DemographicParity,
        Constraint::EqualizedOdds,
        Constraint::TruePositiveRateParity,
        Constraint::FalsePositiveRateParity,
        Constraint::TrueNegativeRateParity,
        Constraint::FalseNegativeRateParity,
    ];

    /// Fairlearn's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Constraint::DemographicParity => "demographic_parity",
            Constraint::EqualizedOdds => "equalized_odds",
            Constraint::TruePositiveRateParity => "true_positive_rate_parity",
            Constraint::FalsePositiveRateParity => "false_positive_rate_parity",
            Constraint::TrueNegativeRateParity => "true_negative_rate_parity",
            Constraint::FalseNegativeRateParity => "false_negative_rate_parity",
        }
    }

    /// Parse Fairlearn's name.
    ///
    /// # Errors
    /// A message listing the known names.
    pub fn parse(text: &str) -> Result<Self, MitigationError> {
        Constraint::ALL
            .into_iter()
            .find(|c| c.name() == text)
            .ok_or_else(|| {
                MitigationError::Setting(format!(
                    "unknown constraint {text:?}: expected one of {}",
                    Constraint::ALL.map(Constraint::name).join(", ")
                ))
            })
    }

    /// The rates it equalises.
    #[must_use]
    pub fn rates(self) -> &'static [Rate] {
        match self {
            Constraint::DemographicParity => &[Rate::SelectionRate],
            Constraint::EqualizedOdds => &[Rate::TruePositiveRate, Rate::FalsePositiveRate],
            Constraint::TruePositiveRateParity => &[Rate::TruePositiveRate],
            Constraint::FalsePositiveRateParity => &[Rate::FalsePositiveRate],
            Constraint::TrueNegativeRateParity => &[Rate::TrueNegativeRate],
            Constraint::FalseNegativeRateParity => &[Rate::FalseNegativeRate],
        }
    }
}

/// What the thresholds maximise (or, for costs, minimise), over all rows.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// (TP + TN) / n.
    AccuracyScore,
    /// (TPR + TNR) / 2.
    BalancedAccuracyScore,
    /// (TP + FP) / n.
    SelectionRate,
    /// TP / (TP + FN).
    TruePositiveRate,
    /// TN / (TN + FP).
    TrueNegativeRate,
    /// Minimise `fp × FP + fn × FN`.
    Cost {
        /// Cost of one false positive.
        fp: f64,
        /// Cost of one false negative.
        #[serde(rename = "fn")]
        fn_: f64,
    },
}

impl Objective {
    /// Fairlearn's name (`cost` for the cost matrix).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Objective::AccuracyScore => "accuracy_score",
            Objective::BalancedAccuracyScore => "balanced_accuracy_score",
            Objective::SelectionRate => "selection_rate",
            Objective::TruePositiveRate => "true_positive_rate",
            Objective::TrueNegativeRate => "true_negative_rate",
            Objective::Cost { .. } => "cost",
        }
    }

    /// Parse a name; `cost` needs the two unit costs.
    ///
    /// # Errors
    /// A message listing the known names, or missing costs.
    pub fn parse(text: &str, costs: Option<(f64, f64)>) -> Result<Self, MitigationError> {
        Ok(match text {
            "accuracy_score" => Objective::AccuracyScore,
            "balanced_accuracy_score" => Objective::BalancedAccuracyScore,
            "selection_rate" => Objective::SelectionRate,
            "true_positive_rate" => Objective::TruePositiveRate,
            "true_negative_rate" => Objective::TrueNegativeRate,
            "cost" | "costs" => {
                let (fp, fn_) = costs.ok_or_else(|| {
                    MitigationError::Setting(
                        "the cost objective needs the cost of a false positive and of a false negative \
                         (--cost-fp X --cost-fn Y)"
                            .to_owned(),
                    )
                })?;
                if !(fp.is_finite() && fn_.is_finite() && fp >= 0.0 && fn_ >= 0.0) {
                    return Err(MitigationError::Setting(
                        "costs must be finite and not negative".to_owned(),
                    ));
                }
                Objective::Cost { fp, fn_ }
            }
            other => {
                return Err(MitigationError::Setting(format!(
                    "unknown objective {other:?}: expected one of accuracy_score, balanced_accuracy_score, \
                     selection_rate, true_positive_rate, true_negative_rate, cost"
                )));
            }
        })
    }

    /// Whether a smaller value is better.
    #[must_use]
    pub fn minimise(self) -> bool {
        matches!(self, Objective::Cost { .. })
    }
}

/// Totals of the whole data, for the objective.
#[derive(Clone, Copy, Debug, Default)]
pub struct Totals {
    /// Weight of all rows.
    pub n: f64,
    /// Weight of the actual positives.
    pub positives: f64,
    /// Weight of the actual negatives.
    pub negatives: f64,
}

impl Totals {
    /// Totals of a set of groups' counts.
    #[must_use]
    pub fn of(counts: &[ConfusionCounts]) -> Self {
        let mut t = Totals::default();
        for c in counts {
            t.n += c.tp() + c.fp() + c.tn() + c.fn_();
            t.positives += c.tp() + c.fn_();
            t.negatives += c.tn() + c.fp();
        }
        t
    }
}

/// A group's share of the objective (summing over groups gives the objective, negated for costs so that
/// larger is always better).
#[must_use]
pub fn contribution(objective: Objective, c: &ConfusionCounts, t: Totals) -> f64 {
    let div = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    match objective {
        Objective::AccuracyScore => div(c.tp() + c.tn(), t.n),
        Objective::BalancedAccuracyScore => {
            0.5 * div(c.tp(), t.positives) + 0.5 * div(c.tn(), t.negatives)
        }
        Objective::SelectionRate => div(c.tp() + c.fp(), t.n),
        Objective::TruePositiveRate => div(c.tp(), t.positives),
        Objective::TrueNegativeRate => div(c.tn(), t.negatives),
        Objective::Cost { fp, fn_ } => -(fp * c.fp() + fn_ * c.fn_()),
    }
}
