//! The Aequitas fairness tree: which parity metrics fit the intervention.

use serde::{Deserialize, Serialize};

use super::metric::Metric;

/// For representation concerns: how many people should be selected from each group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectionBasis {
    /// The same number from every group → equal parity (PPR).
    EqualNumbers,
    /// In proportion to each group's size → proportional parity (selection rate).
    Proportional,
}

/// For punitive interventions: whose errors matter most.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PunitiveFocus {
    /// Everyone who is acted on, whatever their actual outcome → FDR parity.
    EveryoneSelected,
    /// People for whom the intervention is not warranted → FPR parity.
    NotWarranted,
}

/// For assistive interventions: how many of those in need can be helped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssistiveCapacity {
    /// Only a small fraction → FOR parity (among those not helped, the share who needed help).
    SmallFraction,
    /// Most of them → FNR parity (equivalently TPR / recall parity).
    Most,
}

/// The analyst's answer to "what is the fairness concern?". `None` in a sub-question means "not sure":
/// both branches are then recommended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FairnessConcern {
    /// Groups should be represented fairly among those selected.
    Representation(Option<SelectionBasis>),
    /// The positive prediction harms (jail, fraud investigation, denial flag).
    Punitive(Option<PunitiveFocus>),
    /// The positive prediction helps (loan, benefit, outreach).
    Assistive(Option<AssistiveCapacity>),
}

/// What the tree recommends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    /// Metrics to compare across groups (their four-fifths checks are `four_fifths_<metric>`).
    pub metrics: Vec<Metric>,
    /// Composite checks that cover the recommendation, when one does.
    pub checks: Vec<String>,
    /// Why, in plain language.
    pub explanation: String,
}

/// Walk the Aequitas fairness tree.
#[must_use]
pub fn fairness_tree(concern: FairnessConcern) -> Recommendation {
    let rec = |metrics: Vec<Metric>, checks: &[&str], explanation: &str| Recommendation {
        metrics,
        checks: checks.iter().map(|s| (*s).to_owned()).collect(),
        explanation: explanation.to_owned(),
    };
    match concern {
        FairnessConcern::Representation(Some(SelectionBasis::EqualNumbers)) => rec(
            vec![Metric::Ppr],
            &[],
            "Representation, equal numbers: each group should receive the same share of all positive \
             decisions, so compare PPR (equal parity).",
        ),
        FairnessConcern::Representation(Some(SelectionBasis::Proportional)) => rec(
            vec![Metric::SelectionRate],
            &[],
            "Representation, proportional: each group should be selected at the same rate, so compare the \
             selection rate (proportional parity, demographic parity, disparate impact).",
        ),
        FairnessConcern::Representation(None) => rec(
            vec![Metric::SelectionRate, Metric::Ppr],
            &["unsupervised_fairness"],
            "Representation: compare who gets selected, without looking at the true outcomes. Selection \
             rate parity if groups should be selected in proportion to their size, PPR parity if they \
             should receive equal numbers.",
        ),
        FairnessConcern::Punitive(Some(PunitiveFocus::EveryoneSelected)) => rec(
            vec![Metric::FalseDiscoveryRate],
            &[],
            "Punitive intervention, concern for everyone acted on: among people flagged, the share who did \
             not warrant it should not differ by group, so compare FDR.",
        ),
        FairnessConcern::Punitive(Some(PunitiveFocus::NotWarranted)) => rec(
            vec![Metric::FalsePositiveRate],
            &[],
            "Punitive intervention, concern for people who do not warrant it: their chance of being flagged \
             anyway should not differ by group, so compare FPR.",
        ),
        FairnessConcern::Punitive(None) => rec(
            vec![Metric::FalseDiscoveryRate, Metric::FalsePositiveRate],
            &["type_i_parity"],
            "Punitive intervention: wrongly flagging people is the harm, so compare the false-positive \
             errors: FDR (among those flagged) and FPR (among those who do not warrant it).",
        ),
        FairnessConcern::Assistive(Some(AssistiveCapacity::SmallFraction)) => rec(
            vec![Metric::FalseOmissionRate],
            &[],
            "Assistive intervention that reaches only a small fraction of those in need: among people left \
             out, the share who needed help should not differ by group, so compare FOR.",
        ),
        FairnessConcern::Assistive(Some(AssistiveCapacity::Most)) => rec(
            vec![Metric::FalseNegativeRate, Metric::TruePositiveRate],
            &[],
            "Assistive intervention that can reach most of those in need: people who need help should be \
             missed equally often in every group, so compare FNR (equivalently TPR, equal opportunity).",
        ),
        FairnessConcern::Assistive(None) => rec(
            vec![Metric::FalseOmissionRate, Metric::FalseNegativeRate],
            &["type_ii_parity"],
            "Assistive intervention: missing people who need help is the harm, so compare the \
             false-negative errors: FOR (among those left out) and FNR (among those in need).",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punitive_unsure_gives_type_i() {
        let r = fairness_tree(FairnessConcern::Punitive(None));
        assert_eq!(
            r.metrics,
            [Metric::FalseDiscoveryRate, Metric::FalsePositiveRate]
        );
        assert_eq!(r.checks, ["type_i_parity"]);
    }

    #[test]
    fn assistive_most_gives_fnr() {
        let r = fairness_tree(FairnessConcern::Assistive(Some(AssistiveCapacity::Most)));
        assert_eq!(r.metrics[0], Metric::FalseNegativeRate);
    }
}
