//! Advice shown while the analyst works on a bow-tie. Warnings never block an edit or an export.
//!
//! The rules follow `risk-methods.md`: every threat and consequence line needs barriers; a barrier must be
//! effective, independent and auditable, so an unknown effectiveness is flagged; training and culture are
//! escalation-factor controls, not barriers. Links to register risks and controls are checked too.

use std::fmt;

use super::attributes::Effectiveness;
use super::set::{BowTie, BowTieSet, ControlRef, Element, LineRef, Side};
use crate::model::register::Risk;

/// One piece of advice about a bow-tie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BowTieWarning {
    /// The top event is blank.
    NoTopEvent,
    /// The bow-tie has no threats.
    NoThreats,
    /// The bow-tie has no consequences.
    NoConsequences,
    /// A threat or consequence line has no barrier.
    LineWithoutBarriers {
        /// The line.
        line: LineRef,
        /// Its name.
        name: String,
    },
    /// A barrier whose effectiveness has not been assessed.
    UnknownEffectiveness {
        /// The barrier.
        barrier_id: String,
        /// Its name.
        name: String,
    },
    /// A barrier that reads like training, awareness or culture.
    TrainingAsBarrier {
        /// The barrier.
        barrier_id: String,
        /// Its name.
        name: String,
    },
    /// An escalation factor without any barrier against it.
    EscalationWithoutBarriers {
        /// The factor.
        factor_id: String,
        /// Its name.
        name: String,
    },
    /// The bow-tie links a register risk that does not exist.
    UnknownRisk {
        /// The id in [`BowTie::risk_ids`].
        risk_id: String,
    },
    /// A barrier links a register control that does not exist.
    UnknownControl {
        /// The barrier.
        barrier_id: String,
        /// The dangling link.
        control: ControlRef,
    },
}

impl BowTieWarning {
    /// The element to highlight in the editor, if the warning is about one.
    #[must_use]
    pub fn element(&self) -> Option<Element> {
        match self {
            Self::NoTopEvent => Some(Element::TopEvent),
            Self::NoThreats | Self::NoConsequences | Self::UnknownRisk { .. } => None,
            Self::LineWithoutBarriers { line, .. } => Some(Element::Line(line.clone())),
            Self::UnknownEffectiveness { barrier_id, .. }
            | Self::TrainingAsBarrier { barrier_id, .. }
            | Self::UnknownControl { barrier_id, .. } => Some(Element::Barrier(barrier_id.clone())),
            Self::EscalationWithoutBarriers { factor_id, .. } => {
                Some(Element::EscalationFactor(factor_id.clone()))
            }
        }
    }
}

impl fmt::Display for BowTieWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoTopEvent => {
                f.write_str("The top event is not described: name the moment control is lost")
            }
            Self::NoThreats => f.write_str("No threats yet: add what could cause the top event"),
            Self::NoConsequences => {
                f.write_str("No consequences yet: add what the top event could lead to")
            }
            Self::LineWithoutBarriers { line, name } => match line.side {
                Side::Threat => write!(
                    f,
                    "Threat {} \u{201c}{name}\u{201d} has no preventive barrier",
                    line.line_id
                ),
                Side::Consequence => write!(
                    f,
                    "Consequence {} \u{201c}{name}\u{201d} has no mitigating barrier",
                    line.line_id
                ),
            },
            Self::UnknownEffectiveness { barrier_id, name } => write!(
                f,
                "Barrier {barrier_id} \u{201c}{name}\u{201d} has unknown effectiveness: assess it, with evidence"
            ),
            Self::TrainingAsBarrier { barrier_id, name } => write!(
                f,
                "Barrier {barrier_id} \u{201c}{name}\u{201d} looks like training or culture, which is not a \
                 barrier on its own (a barrier must be effective, independent and auditable): consider it as a \
                 control on an escalation factor instead"
            ),
            Self::EscalationWithoutBarriers { factor_id, name } => write!(
                f,
                "Escalation factor {factor_id} \u{201c}{name}\u{201d} has no barrier against it"
            ),
            Self::UnknownRisk { risk_id } => {
                write!(f, "Linked risk {risk_id} is not in the register")
            }
            Self::UnknownControl {
                barrier_id,
                control,
            } => write!(
                f,
                "Barrier {barrier_id} links control \u{201c}{}\u{201d} of risk {}, which does not exist",
                control.control_name, control.risk_id
            ),
        }
    }
}

/// Whether a barrier's name reads like training, awareness, competence or culture.
///
/// ML words are told apart: "training data validation" or "retraining pipeline gate" are not flagged.
///
/// ```
/// use riskbench::model::bowtie::looks_like_training_or_culture;
/// assert!(looks_like_training_or_culture("Annual fairness training for underwriters"));
/// assert!(looks_like_training_or_culture("Speak-up culture"));
/// assert!(!looks_like_training_or_culture("Training data schema validation"));
/// assert!(!looks_like_training_or_culture("Fairness gate on every retraining run"));
/// ```
#[must_use]
pub fn looks_like_training_or_culture(name: &str) -> bool {
    const CULTURE: [&str; 6] = [
        "culture",
        "awareness",
        "education",
        "competence",
        "competency",
        "induction",
    ];
    const ML_CONTEXT: [&str; 11] = [
        "data", "dataset", "datasets", "set", "pipeline", "model", "models", "run", "runs", "job",
        "sample",
    ];
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.iter().any(|w| CULTURE.contains(&w.as_str())) {
        return true;
    }
    let mentions_training = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "training" | "trained" | "train" | "coaching" | "briefing"
        )
    });
    mentions_training && !words.iter().any(|w| ML_CONTEXT.contains(&w.as_str()))
}

impl BowTieSet {
    /// The warnings for one bow-tie, in a stable order: diagram, lines (threats then consequences), barriers
    /// in drawing order, escalation factors. `risks` is the register, to check links.
    #[must_use]
    pub fn warnings(&self, bowtie: &BowTie, risks: &[Risk]) -> Vec<BowTieWarning> {
        let mut out = Vec::new();
        if bowtie.top_event.trim().is_empty() {
            out.push(BowTieWarning::NoTopEvent);
        }
        if bowtie.threats.is_empty() {
            out.push(BowTieWarning::NoThreats);
        }
        if bowtie.consequences.is_empty() {
            out.push(BowTieWarning::NoConsequences);
        }
        for risk_id in &bowtie.risk_ids {
            if !risks.iter().any(|r| r.risk_id == *risk_id) {
                out.push(BowTieWarning::UnknownRisk {
                    risk_id: risk_id.clone(),
                });
            }
        }
        for side in [Side::Threat, Side::Consequence] {
            for p in bowtie.lines(side) {
                if p.barrier_ids.is_empty() {
                    out.push(BowTieWarning::LineWithoutBarriers {
                        line: LineRef {
                            side,
                            line_id: p.pathway_id.clone(),
                        },
                        name: p.name.clone(),
                    });
                }
            }
        }
        let barriers = self.barriers_of(bowtie);
        for b in &barriers {
            if b.effectiveness == Effectiveness::Unknown {
                out.push(BowTieWarning::UnknownEffectiveness {
                    barrier_id: b.barrier_id.clone(),
                    name: b.name.clone(),
                });
            }
        }
        // Training as a barrier only matters on the main lines: on an escalation factor it is what we advise.
        let line_ids: Vec<&str> = bowtie.line_barrier_ids().collect();
        for b in &barriers {
            if line_ids.contains(&b.barrier_id.as_str()) && looks_like_training_or_culture(&b.name)
            {
                out.push(BowTieWarning::TrainingAsBarrier {
                    barrier_id: b.barrier_id.clone(),
                    name: b.name.clone(),
                });
            }
        }
        for b in &barriers {
            if let Some(c) = &b.control {
                let exists = risks
                    .iter()
                    .find(|r| r.risk_id == c.risk_id)
                    .is_some_and(|r| r.controls.iter().any(|rc| rc.name == c.control_name));
                if !exists {
                    out.push(BowTieWarning::UnknownControl {
                        barrier_id: b.barrier_id.clone(),
                        control: c.clone(),
                    });
                }
            }
        }
        for b in &barriers {
            if !line_ids.contains(&b.barrier_id.as_str()) {
                continue;
            }
            for f in &b.escalation_factors {
                if f.barrier_ids.is_empty() {
                    out.push(BowTieWarning::EscalationWithoutBarriers {
                        factor_id: f.factor_id.clone(),
                        name: f.name.clone(),
                    });
                }
            }
        }
        out
    }
}
