//! Barrier attributes of `risk-methods.md` ("Bow-tie"): type (the classic `BowTieXP` types and four AI types),
//! effectiveness, condition (kept separate from effectiveness), and criticality.
//!
//! Each enum has `ALL` (display order), `label()` for the UI, CSV and report, and `parse()` that accepts a label
//! or variant name ignoring case, spaces, `-`, `_`, `+` and `/`.

use crate::model::labelled::labelled_enum;

labelled_enum! {
    /// What kind of barrier it is: the classic `BowTieXP` types, then the types AI systems add.
    #[derive(PartialOrd, Ord, Default)]
    BarrierType, "a barrier type" {
        /// Not classified yet (the default for a new barrier).
        #[default]
        Unspecified => "Not set",
        /// Works by being there, no action needed (a physical separation, an air gap).
        PassiveHardware => "Passive hardware",
        /// Detects and acts without a person (an interlock, a circuit breaker).
        ActiveHardware => "Active hardware",
        /// Hardware detects, a person acts (an alarm that an operator answers).
        ActiveHardwareHuman => "Active hardware + human",
        /// A person detects and acts (a manual inspection).
        ActiveHuman => "Active human",
        /// Always working, no detection step (a ventilation system).
        ContinuousHardware => "Continuous hardware",
        /// AI: an automated check in the pipeline (a data validation rule, a fairness gate, a canary test).
        AutomatedCheck => "Automated check",
        /// AI: a person reviews model output before it takes effect (human in the loop).
        HumanReview => "Human review",
        /// AI: a policy or process that is audited (model approval, change management).
        PolicyProcess => "Policy / process",
        /// AI: monitoring in production with an alert and a response (drift, performance, complaints).
        Monitoring => "Monitoring",
    }
}

labelled_enum! {
    /// How well a barrier works when called on, as assessed; separate from its [`BarrierCondition`].
    #[derive(PartialOrd, Ord, Default)]
    Effectiveness, "an effectiveness" {
        /// Works reliably; tested.
        VeryGood => "Very good",
        /// Works in most cases.
        Good => "Good",
        /// Works only sometimes.
        Poor => "Poor",
        /// Rarely works.
        VeryPoor => "Very poor",
        /// Not assessed yet (the default); the editor warns about it.
        #[default]
        Unknown => "Unknown",
    }
}

labelled_enum! {
    /// The state the barrier is in now, whatever its design effectiveness.
    #[derive(PartialOrd, Ord, Default)]
    BarrierCondition, "a barrier condition" {
        /// Implemented and working.
        InPlace => "In place",
        /// Implemented but weakened (overdue maintenance, a check that is often overridden).
        Degraded => "Degraded",
        /// Decided but not implemented yet.
        Planned => "Planned",
        /// Implemented but not working at the moment.
        OutOfService => "Out of service",
        /// Not known (the default).
        #[default]
        Unknown => "Unknown",
    }
}

labelled_enum! {
    /// How much depends on the barrier.
    #[derive(PartialOrd, Ord, Default)]
    Criticality, "a criticality" {
        /// Not assessed (the default).
        #[default]
        Unassessed => "Not assessed",
        /// Little depends on it; other barriers cover the same line.
        Low => "Low",
        /// Its failure noticeably raises the risk.
        Medium => "Medium",
        /// A key barrier; its failure leaves the line poorly covered.
        High => "High",
        /// Safety- or compliance-critical: must be maintained and audited.
        Critical => "Critical",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_variant_names_parse() {
        for t in BarrierType::ALL {
            assert_eq!(BarrierType::parse(t.label()), Some(*t));
            assert_eq!(BarrierType::parse(&format!("{t:?}")), Some(*t));
        }
        assert_eq!(
            BarrierType::parse("active hardware+human"),
            Some(BarrierType::ActiveHardwareHuman)
        );
        assert_eq!(
            Effectiveness::parse("very-poor"),
            Some(Effectiveness::VeryPoor)
        );
        assert_eq!(
            BarrierCondition::parse("out of service"),
            Some(BarrierCondition::OutOfService)
        );
        assert_eq!(Criticality::parse("CRITICAL"), Some(Criticality::Critical));
        assert_eq!(Effectiveness::parse("excellent"), None);
        assert_eq!(Effectiveness::default(), Effectiveness::Unknown);
    }
}
