//! Kill-switch criteria: the conditions under which the AI system is taken out of the decision, who decides,
//! and what replaces it (fixed rules, human review of every case, or shutting the service down). Printed
//! in the plan's "Monitoring and review" part next to the drift thresholds and the review cadence.
//!
//! Stored in the project file only when there are some, so projects without them are saved as before.

use serde::{Deserialize, Serialize};

/// What replaces the AI system's decisions when a kill-switch criterion is met (also an incident's kill-switch
/// decision).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Fallback {
    /// Fixed business rules take over.
    Rules,
    /// Every case goes to a person.
    #[default]
    HumanReview,
    /// The service stops taking decisions.
    Shutdown,
}

impl Fallback {
    /// Every fallback, in the order the UI lists them.
    pub const ALL: [Self; 3] = [Self::Rules, Self::HumanReview, Self::Shutdown];

    /// The label shown on screen and in the plan.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Rules => "Fixed rules",
            Self::HumanReview => "Human review of every case",
            Self::Shutdown => "Shut the service down",
        }
    }
}

/// One condition that takes the system out of the decision.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KillSwitchCriterion {
    /// The condition, measurable where possible ("approval-rate ratio below 0.7 for two weeks").
    #[serde(default)]
    pub condition: String,
    /// Who decides to pull the switch (a person or role).
    #[serde(default)]
    pub decides: String,
    /// What replaces the system.
    #[serde(default)]
    pub fallback: Fallback,
}

impl KillSwitchCriterion {
    /// What is missing for the criterion to be usable, in plain words; empty when nothing is.
    #[must_use]
    pub fn problems(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.condition.trim().is_empty() {
            out.push("no condition");
        }
        if self.decides.trim().is_empty() {
            out.push("nobody decides");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_criterion_without_condition_or_decider_says_so() {
        let blank = KillSwitchCriterion::default();
        assert_eq!(blank.problems(), vec!["no condition", "nobody decides"]);
        assert_eq!(blank.fallback, Fallback::HumanReview);
        let ok = KillSwitchCriterion {
            condition: "Selection-rate ratio below 0.7".to_owned(),
            decides: "Head of credit risk".to_owned(),
            fallback: Fallback::Rules,
        };
        assert!(ok.problems().is_empty());
    }

    #[test]
    fn round_trips_through_ron() {
        let c = KillSwitchCriterion {
            condition: "PSI ≥ 0.25 on income".to_owned(),
            decides: "Model owner".to_owned(),
            fallback: Fallback::Shutdown,
        };
        let text = ron::to_string(&c).unwrap();
        assert_eq!(ron::from_str::<KillSwitchCriterion>(&text).unwrap(), c);
        let partial: KillSwitchCriterion = ron::from_str("(condition: \"x\")").unwrap();
        assert_eq!(partial.fallback, Fallback::HumanReview);
    }
}
