//! The "Unfair credit decisions" example bow-tie: a worked example for a loan-approval model, with preventive
//! and mitigating barriers of the AI types, an escalation factor with its own barrier, and one barrier shared
//! by two threat lines.

use super::attributes::{BarrierCondition, BarrierType, Criticality, Effectiveness};
use super::error::BowTieError;
use super::set::{BowTieSet, ControlRef};

/// Title of the example bow-tie.
pub const EXAMPLE_TITLE: &str = "Unfair credit decisions";

struct Attrs {
    barrier_type: BarrierType,
    effectiveness: Effectiveness,
    condition: BarrierCondition,
    owner: &'static str,
    criticality: Criticality,
}

fn set_attrs(set: &mut BowTieSet, barrier_id: &str, a: &Attrs) {
    if let Some(b) = set.barrier_mut(barrier_id) {
        b.barrier_type = a.barrier_type;
        b.effectiveness = a.effectiveness;
        b.condition = a.condition;
        a.owner.clone_into(&mut b.owner);
        b.criticality = a.criticality;
    }
}

/// Adds the example bow-tie to `set`, linked to register risk `risk_id` when given; returns its id.
///
/// # Errors
/// None in practice: every step is valid on any set; the `Result` carries a model error should one occur.
pub fn add_example(set: &mut BowTieSet, risk_id: Option<&str>) -> Result<String, BowTieError> {
    use BarrierCondition as C;
    use BarrierType as T;
    use Criticality as K;
    use Effectiveness as E;
    let id = set.new_bowtie(EXAMPLE_TITLE)?;
    if let Some(b) = set.bowtie_mut(&id) {
        "Automated credit decisions on consumer loan applications".clone_into(&mut b.hazard);
        "Model decisions systematically disadvantage a protected group"
            .clone_into(&mut b.top_event);
        if let Some(r) = risk_id {
            b.risk_ids.push(r.to_owned());
        }
    }
    let labels = set.add_threat(&id, "Historical bias in the training labels")?;
    let proxies = set.add_threat(
        &id,
        "Proxy variables for protected attributes (postcode, age of account)",
    )?;
    let shift = set.add_threat(&id, "Shift in the applicant population after launch")?;
    let declined = set.add_consequence(&id, "Creditworthy applicants wrongly declined")?;
    let breach = set.add_consequence(&id, "Breach of equal-treatment law; regulator enquiry")?;
    let trust = set.add_consequence(&id, "Loss of customer trust and press coverage")?;

    let relabel = set.add_barrier(&id, &labels, "Re-labelling audit of a stratified sample")?;
    set_attrs(
        set,
        &relabel,
        &Attrs {
            barrier_type: T::PolicyProcess,
            effectiveness: E::Good,
            condition: C::InPlace,
            owner: "Data science lead",
            criticality: K::Medium,
        },
    );
    let gate = set.add_barrier(
        &id,
        &labels,
        "Fairness gate in the release pipeline (four-fifths rule)",
    )?;
    set_attrs(
        set,
        &gate,
        &Attrs {
            barrier_type: T::AutomatedCheck,
            effectiveness: E::VeryGood,
            condition: C::InPlace,
            owner: "ML platform team",
            criticality: K::Critical,
        },
    );
    if let Some(b) = set.barrier_mut(&gate) {
        b.control = risk_id.map(|r| ControlRef {
            risk_id: r.to_owned(),
            control_name: "Fairness gate before release".to_owned(),
        });
    }
    let screen = set.add_barrier(
        &id,
        &proxies,
        "Proxy screening of features against protected attributes",
    )?;
    set_attrs(
        set,
        &screen,
        &Attrs {
            barrier_type: T::AutomatedCheck,
            effectiveness: E::Poor,
            condition: C::Degraded,
            owner: "Data science lead",
            criticality: K::High,
        },
    );
    set.share_barrier(&id, &proxies, 1, &gate)?;
    let drift = set.add_barrier(&id, &shift, "Population drift monitoring with alert")?;
    set_attrs(
        set,
        &drift,
        &Attrs {
            barrier_type: T::Monitoring,
            effectiveness: E::Unknown,
            condition: C::Planned,
            owner: "Model risk manager",
            criticality: K::High,
        },
    );
    let review = set.add_barrier(&id, &declined, "Human review of borderline declines")?;
    set_attrs(
        set,
        &review,
        &Attrs {
            barrier_type: T::HumanReview,
            effectiveness: E::Good,
            condition: C::InPlace,
            owner: "Head of underwriting",
            criticality: K::High,
        },
    );
    let appeal = set.add_barrier(&id, &declined, "Appeal process with a second decision")?;
    set_attrs(
        set,
        &appeal,
        &Attrs {
            barrier_type: T::PolicyProcess,
            effectiveness: E::Poor,
            condition: C::InPlace,
            owner: "Customer operations",
            criticality: K::Medium,
        },
    );
    let outcomes = set.add_barrier(&id, &breach, "Quarterly outcome audit by group")?;
    set_attrs(
        set,
        &outcomes,
        &Attrs {
            barrier_type: T::Monitoring,
            effectiveness: E::Good,
            condition: C::InPlace,
            owner: "Compliance officer",
            criticality: K::Critical,
        },
    );
    let comms = set.add_barrier(&id, &trust, "Incident communication plan")?;
    set_attrs(
        set,
        &comms,
        &Attrs {
            barrier_type: T::PolicyProcess,
            effectiveness: E::VeryPoor,
            condition: C::Planned,
            owner: "Communications",
            criticality: K::Low,
        },
    );
    let overload = set.add_escalation_factor(&review, "Reviewers overloaded at month end")?;
    let staffing =
        set.add_escalation_barrier(&overload, "Review queue cap with overflow staffing")?;
    set_attrs(
        set,
        &staffing,
        &Attrs {
            barrier_type: T::PolicyProcess,
            effectiveness: E::Good,
            condition: C::InPlace,
            owner: "Head of underwriting",
            criticality: K::Medium,
        },
    );
    let training = set.add_escalation_barrier(&overload, "Reviewer training on automation bias")?;
    set_attrs(
        set,
        &training,
        &Attrs {
            barrier_type: T::ActiveHuman,
            effectiveness: E::Poor,
            condition: C::InPlace,
            owner: "Head of underwriting",
            criticality: K::Low,
        },
    );
    Ok(id)
}

/// A barrier library with only the example bow-tie (`BT-1`, not linked to a risk).
#[must_use]
pub fn example_set() -> BowTieSet {
    let mut set = BowTieSet::default();
    match add_example(&mut set, None) {
        Ok(_) => set,
        Err(_) => BowTieSet::default(),
    }
}
