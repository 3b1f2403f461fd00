//! Documented claims: what a model card promises, in a form an audit can check — a metric (a contract name
//! of `fairness-metrics.md`, such as `accuracy` or `false_negative_rate`), where it holds (overall, one
//! group, every group of a column, or the gap or ratio between the groups of a column), a comparison and a
//! value. "Accuracy ≥ 0.85 for every age group" is `accuracy`, every group of `age_group`, ≥, 0.85; "false
//! negative rate gap between sexes ≤ 0.05" is `false_negative_rate`, difference between the groups of
//! `sex`, ≤, 0.05.

use serde::{Deserialize, Serialize};

/// Where a claim holds.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ClaimScope {
    /// Over all evaluation rows.
    #[default]
    Overall,
    /// For one group: rows whose `column` has `value`.
    Group {
        /// The sensitive column.
        column: String,
        /// The group's value.
        value: String,
    },
    /// For every group of `column` (each one must meet the claim).
    EveryGroup {
        /// The sensitive column.
        column: String,
    },
    /// The largest minus the smallest group value of the metric (`difference_between_groups`).
    Difference {
        /// The sensitive column.
        column: String,
    },
    /// The smallest over the largest group value of the metric (`ratio_between_groups`).
    Ratio {
        /// The sensitive column.
        column: String,
    },
}

impl ClaimScope {
    /// The sensitive column the claim is about (`None` for overall claims).
    #[must_use]
    pub fn column(&self) -> Option<&str> {
        match self {
            Self::Overall => None,
            Self::Group { column, .. }
            | Self::EveryGroup { column }
            | Self::Difference { column }
            | Self::Ratio { column } => Some(column),
        }
    }

    /// The scope in words: `overall`, `for sex = Female`, `for every group of sex`, `difference between the
    /// groups of sex`.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::Overall => "overall".to_owned(),
            Self::Group { column, value } => format!("for {column} = {value}"),
            Self::EveryGroup { column } => format!("for every group of {column}"),
            Self::Difference { column } => format!("difference between the groups of {column}"),
            Self::Ratio { column } => format!("ratio between the groups of {column}"),
        }
    }
}

/// How the measured value must compare with the claimed value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Comparison {
    /// Measured ≥ claimed.
    #[default]
    AtLeast,
    /// Measured ≤ claimed.
    AtMost,
}

impl Comparison {
    /// Both, for pickers.
    pub const ALL: [Self; 2] = [Self::AtLeast, Self::AtMost];

    /// `≥` or `≤`.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Self::AtLeast => "≥",
            Self::AtMost => "≤",
        }
    }

    /// `>=` or `<=` (ASCII, for JSON and the command line).
    #[must_use]
    pub fn ascii(self) -> &'static str {
        match self {
            Self::AtLeast => ">=",
            Self::AtMost => "<=",
        }
    }

    /// Parses `>=`, `≥`, `<=` or `≤`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            ">=" | "≥" => Some(Self::AtLeast),
            "<=" | "≤" => Some(Self::AtMost),
            _ => None,
        }
    }

    /// Whether `measured` meets the claim of `claimed`.
    #[must_use]
    pub fn holds(self, measured: f64, claimed: f64) -> bool {
        match self {
            Self::AtLeast => measured >= claimed,
            Self::AtMost => measured <= claimed,
        }
    }
}

/// A documented claim of the model card.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Claim {
    /// Stable id (`C-1`).
    pub claim_id: String,
    /// The claim as the card words it (optional).
    pub text: String,
    /// The metric: a per-group metric name of the fairness contract (`accuracy`, `true_positive_rate`, …).
    pub metric: String,
    /// Where it holds.
    pub scope: ClaimScope,
    /// ≥ or ≤.
    pub comparison: Comparison,
    /// The claimed value.
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub value: f64,
    /// The project dataset the claim is about; empty = the card's evaluation data.
    pub dataset_id: String,
}

impl Claim {
    /// The claim in words: `accuracy ≥ 0.85 for every group of sex`, `false_negative_rate difference between
    /// the groups of sex ≤ 0.05`.
    ///
    /// ```
    /// use riskbench::model::model_card::{Claim, ClaimScope, Comparison};
    /// let claim = Claim {
    ///     metric: "accuracy".into(),
    ///     scope: ClaimScope::EveryGroup { column: "sex".into() },
    ///     comparison: Comparison::AtLeast,
    ///     value: 0.85,
    ///     ..Claim::default()
    /// };
    /// assert_eq!(claim.describe(), "accuracy ≥ 0.85 for every group of sex");
    /// ```
    #[must_use]
    pub fn describe(&self) -> String {
        let metric = if self.metric.is_empty() {
            "(no metric)"
        } else {
            &self.metric
        };
        match &self.scope {
            ClaimScope::Difference { .. } | ClaimScope::Ratio { .. } => format!(
                "{metric} {} {} {}",
                self.scope.describe(),
                self.comparison.symbol(),
                self.value
            ),
            scope => format!(
                "{metric} {} {} {}",
                self.comparison.symbol(),
                self.value,
                scope.describe()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons_include_equality() {
        assert!(Comparison::AtLeast.holds(0.8, 0.8));
        assert!(Comparison::AtMost.holds(0.8, 0.8));
        assert!(!Comparison::AtLeast.holds(0.799_999, 0.8));
        assert!(!Comparison::AtMost.holds(0.800_001, 0.8));
        assert_eq!(Comparison::parse("≤"), Some(Comparison::AtMost));
        assert_eq!(Comparison::parse(" >= "), Some(Comparison::AtLeast));
        assert_eq!(Comparison::parse("="), None);
    }

    #[test]
    fn gaps_read_naturally() {
        let claim = Claim {
            metric: "false_negative_rate".into(),
            scope: ClaimScope::Difference {
                column: "sex".into(),
            },
            comparison: Comparison::AtMost,
            value: 0.05,
            ..Claim::default()
        };
        assert_eq!(
            claim.describe(),
            "false_negative_rate difference between the groups of sex ≤ 0.05"
        );
        assert_eq!(claim.scope.column(), Some("sex"));
    }
}
