//! The bow-tie data of a project and every edit the editor makes to it.
//!
//! A project holds one [`BowTieSet`]: its bow-tie diagrams and one library of [`Barrier`]s. Diagrams refer to
//! barriers by id, in order, on each threat and consequence line ([`Pathway::barrier_ids`]) and on each
//! escalation factor ([`EscalationFactor::barrier_ids`]), so one barrier can stand in several places and is
//! edited once. Barriers that nothing refers to any more are removed by the operations that orphan them.
//!
//! Every operation validates before it changes anything: on `Err` the set is unchanged. Undo, dirty tracking and
//! autosave belong to the caller's mutation gate (`model::history`).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::attributes::{BarrierCondition, BarrierType, Criticality, Effectiveness};
use super::error::BowTieError;
use crate::model::ids::next_id;
use crate::model::register::EvidenceLink;

mod edit;

/// Prefix of bow-tie ids (`BT-1`), unique in the project.
pub const BOWTIE_ID_PREFIX: &str = "BT-";
/// Prefix of barrier ids (`B-1`), unique in the project's barrier library.
pub const BARRIER_ID_PREFIX: &str = "B-";
/// Prefix of threat ids (`T-1`), unique within a bow-tie.
pub const THREAT_ID_PREFIX: &str = "T-";
/// Prefix of consequence ids (`C-1`), unique within a bow-tie.
pub const CONSEQUENCE_ID_PREFIX: &str = "C-";
/// Prefix of escalation factor ids (`EF-1`), unique in the project.
pub const ESCALATION_ID_PREFIX: &str = "EF-";

/// Every bow-tie of a project and the library of barriers they share.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct BowTieSet {
    /// The diagrams, in the order the analyst arranged them.
    #[serde(default)]
    pub diagrams: Vec<BowTie>,
    /// Every barrier used by any diagram (on a line or on an escalation factor), each once.
    #[serde(default)]
    pub barriers: Vec<Barrier>,
}

/// One bow-tie diagram: hazard and top event in the middle, threats left, consequences right.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct BowTie {
    /// Stable id (`BT-1`), used by [`crate::model::register::Risk::bowtie_ids`] and the report.
    pub bowtie_id: String,
    /// Title shown in the navigation and the report.
    #[serde(default)]
    pub title: String,
    /// The hazard: the activity or state with the potential for harm (e.g. "Automated credit decisions").
    #[serde(default)]
    pub hazard: String,
    /// The top event: the moment control over the hazard is lost.
    #[serde(default)]
    pub top_event: String,
    /// Ids of the register risks this bow-tie analyses (`R-1`).
    #[serde(default)]
    pub risk_ids: Vec<String>,
    /// Threats (causes), top to bottom on the left.
    #[serde(default)]
    pub threats: Vec<Pathway>,
    /// Consequences, top to bottom on the right.
    #[serde(default)]
    pub consequences: Vec<Pathway>,
    /// Scope, assumptions and workshop notes.
    #[serde(default)]
    pub notes: String,
}

/// A threat or a consequence with the barriers on its line.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Pathway {
    /// Stable id within the bow-tie (`T-1` for threats, `C-1` for consequences).
    pub pathway_id: String,
    /// The threat or consequence.
    #[serde(default)]
    pub name: String,
    /// Barrier ids in drawing order, left to right: for a threat from the threat towards the top event
    /// (preventive barriers), for a consequence from the top event towards the consequence (mitigating).
    #[serde(default)]
    pub barrier_ids: Vec<String>,
}

/// Which side of the bow-tie a line is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Side {
    /// Left: threats and preventive barriers.
    Threat,
    /// Right: consequences and mitigating barriers.
    Consequence,
}

impl Side {
    /// "threat" or "consequence", for messages.
    #[must_use]
    pub const fn noun(self) -> &'static str {
        match self {
            Self::Threat => "threat",
            Self::Consequence => "consequence",
        }
    }

    const fn id_prefix(self) -> &'static str {
        match self {
            Self::Threat => THREAT_ID_PREFIX,
            Self::Consequence => CONSEQUENCE_ID_PREFIX,
        }
    }
}

/// A threat line or a consequence line of one bow-tie.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LineRef {
    /// Which side.
    pub side: Side,
    /// The [`Pathway::pathway_id`].
    pub line_id: String,
}

impl LineRef {
    /// The threat line with this id.
    #[must_use]
    pub fn threat(line_id: impl Into<String>) -> Self {
        Self {
            side: Side::Threat,
            line_id: line_id.into(),
        }
    }

    /// The consequence line with this id.
    #[must_use]
    pub fn consequence(line_id: impl Into<String>) -> Self {
        Self {
            side: Side::Consequence,
            line_id: line_id.into(),
        }
    }
}

/// A link from a barrier to a control of a register risk (controls are identified by name within a risk).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ControlRef {
    /// The risk (`R-1`).
    pub risk_id: String,
    /// The control's [`crate::model::register::Control::name`].
    pub control_name: String,
}

/// A barrier: stops a threat from reaching the top event (preventive) or the top event from growing into a
/// consequence (mitigating), or guards another barrier against an escalation factor.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Barrier {
    /// Stable id in the project's library (`B-1`).
    pub barrier_id: String,
    /// Short name shown in the box.
    #[serde(default)]
    pub name: String,
    /// What it does, how it is triggered, what it needs.
    #[serde(default)]
    pub description: String,
    /// Barrier type.
    #[serde(default)]
    pub barrier_type: BarrierType,
    /// How well it works when called on.
    #[serde(default)]
    pub effectiveness: Effectiveness,
    /// Its state now (separate from effectiveness).
    #[serde(default)]
    pub condition: BarrierCondition,
    /// Accountable owner (a person or role).
    #[serde(default)]
    pub owner: String,
    /// How much depends on it.
    #[serde(default)]
    pub criticality: Criticality,
    /// The register control this barrier is.
    #[serde(default)]
    pub control: Option<ControlRef>,
    /// Evidence that it works: validation rules, audit checks, drift results, documents.
    #[serde(default)]
    pub evidence: Vec<EvidenceLink>,
    /// Conditions that degrade it, each with the barriers that guard against them.
    #[serde(default)]
    pub escalation_factors: Vec<EscalationFactor>,
}

impl Barrier {
    /// A new barrier with default attributes (type not set, effectiveness and condition unknown).
    #[must_use]
    pub fn new(barrier_id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            barrier_id: barrier_id.into(),
            name: name.into(),
            ..Self::default()
        }
    }
}

/// A condition that makes a barrier fail or weaker (e.g. "Reviewers overloaded at month end").
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct EscalationFactor {
    /// Stable id in the project (`EF-1`).
    pub factor_id: String,
    /// The condition.
    #[serde(default)]
    pub name: String,
    /// Escalation-factor barriers (library ids), in order from the factor towards the barrier it degrades.
    #[serde(default)]
    pub barrier_ids: Vec<String>,
}

/// Something in a bow-tie whose text the analyst can edit with [`BowTieSet::set_text`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Element {
    /// The diagram title.
    Title,
    /// The hazard.
    Hazard,
    /// The top event.
    TopEvent,
    /// A threat or consequence.
    Line(LineRef),
    /// A barrier (library-wide: renaming it renames it everywhere it is shared).
    Barrier(String),
    /// An escalation factor.
    EscalationFactor(String),
}

/// Where a barrier stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BarrierPlace {
    /// On a threat or consequence line of a bow-tie, at a 0-based position.
    Line {
        /// The bow-tie.
        bowtie_id: String,
        /// The line.
        line: LineRef,
        /// 0-based position along the line.
        index: usize,
    },
    /// On an escalation factor of another barrier, at a 0-based position.
    Escalation {
        /// The barrier the factor degrades.
        parent_barrier_id: String,
        /// The factor.
        factor_id: String,
        /// 0-based position.
        index: usize,
    },
}

fn check_name(text: &str, what: &'static str) -> Result<String, BowTieError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Err(BowTieError::EmptyName(what))
    } else {
        Ok(trimmed.to_owned())
    }
}

fn check_insert(index: usize, len: usize) -> Result<(), BowTieError> {
    if index > len {
        Err(BowTieError::PositionOutOfRange { index, len })
    } else {
        Ok(())
    }
}

fn check_index(index: usize, len: usize) -> Result<(), BowTieError> {
    if index >= len {
        Err(BowTieError::PositionOutOfRange { index, len })
    } else {
        Ok(())
    }
}

impl BowTie {
    /// An empty bow-tie.
    #[must_use]
    pub fn new(bowtie_id: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            bowtie_id: bowtie_id.into(),
            title: title.into(),
            ..Self::default()
        }
    }

    /// The threats or the consequences.
    #[must_use]
    pub fn lines(&self, side: Side) -> &[Pathway] {
        match side {
            Side::Threat => &self.threats,
            Side::Consequence => &self.consequences,
        }
    }

    fn lines_mut(&mut self, side: Side) -> &mut Vec<Pathway> {
        match side {
            Side::Threat => &mut self.threats,
            Side::Consequence => &mut self.consequences,
        }
    }

    /// The threat or consequence a [`LineRef`] names.
    #[must_use]
    pub fn line(&self, line: &LineRef) -> Option<&Pathway> {
        self.lines(line.side)
            .iter()
            .find(|p| p.pathway_id == line.line_id)
    }

    /// 0-based position of a line among the threats or consequences.
    #[must_use]
    pub fn line_index(&self, line: &LineRef) -> Option<usize> {
        self.lines(line.side)
            .iter()
            .position(|p| p.pathway_id == line.line_id)
    }

    fn line_position(&self, line: &LineRef) -> Result<usize, BowTieError> {
        self.line_index(line)
            .ok_or_else(|| BowTieError::UnknownLine {
                bowtie_id: self.bowtie_id.clone(),
                what: line.side.noun(),
                line_id: line.line_id.clone(),
            })
    }

    /// Every barrier id on the bow-tie's threat and consequence lines, in drawing order, duplicates kept.
    pub fn line_barrier_ids(&self) -> impl Iterator<Item = &str> {
        self.threats
            .iter()
            .chain(&self.consequences)
            .flat_map(|p| p.barrier_ids.iter().map(String::as_str))
    }
}

impl BowTieSet {
    // --- Look-ups -------------------------------------------------------------------------------

    /// The bow-tie with this id.
    #[must_use]
    pub fn bowtie(&self, bowtie_id: &str) -> Option<&BowTie> {
        self.diagrams.iter().find(|b| b.bowtie_id == bowtie_id)
    }

    /// The bow-tie with this id, to edit its free-text fields and risk links directly.
    pub fn bowtie_mut(&mut self, bowtie_id: &str) -> Option<&mut BowTie> {
        self.diagrams.iter_mut().find(|b| b.bowtie_id == bowtie_id)
    }

    /// The bow-tie with this id, else the first whose title matches (ignoring case and surrounding space).
    #[must_use]
    pub fn find_bowtie(&self, id_or_title: &str) -> Option<&BowTie> {
        let key = id_or_title.trim();
        self.bowtie(key).or_else(|| {
            self.diagrams
                .iter()
                .find(|b| b.title.trim().to_lowercase() == key.to_lowercase())
        })
    }

    /// The barrier with this id.
    #[must_use]
    pub fn barrier(&self, barrier_id: &str) -> Option<&Barrier> {
        self.barriers.iter().find(|b| b.barrier_id == barrier_id)
    }

    /// The barrier with this id, to edit its attributes (type, effectiveness, owner, …) directly. It changes
    /// everywhere it is shared.
    pub fn barrier_mut(&mut self, barrier_id: &str) -> Option<&mut Barrier> {
        self.barriers
            .iter_mut()
            .find(|b| b.barrier_id == barrier_id)
    }

    /// The escalation factor with this id and the barrier it degrades.
    #[must_use]
    pub fn escalation_factor(&self, factor_id: &str) -> Option<(&Barrier, &EscalationFactor)> {
        self.barriers.iter().find_map(|b| {
            b.escalation_factors
                .iter()
                .find(|f| f.factor_id == factor_id)
                .map(|f| (b, f))
        })
    }

    fn factor_mut(&mut self, factor_id: &str) -> Result<&mut EscalationFactor, BowTieError> {
        self.barriers
            .iter_mut()
            .flat_map(|b| b.escalation_factors.iter_mut())
            .find(|f| f.factor_id == factor_id)
            .ok_or_else(|| BowTieError::UnknownEscalationFactor(factor_id.to_owned()))
    }

    fn diagram_index(&self, bowtie_id: &str) -> Result<usize, BowTieError> {
        self.diagrams
            .iter()
            .position(|b| b.bowtie_id == bowtie_id)
            .ok_or_else(|| BowTieError::UnknownBowTie(bowtie_id.to_owned()))
    }

    /// The line's barrier ids, after checking that the bow-tie and line exist.
    fn line_ids_mut(
        &mut self,
        bowtie_id: &str,
        line: &LineRef,
    ) -> Result<&mut Vec<String>, BowTieError> {
        let d = self.diagram_index(bowtie_id)?;
        let diagram = &mut self.diagrams[d];
        let l = diagram.line_position(line)?;
        Ok(&mut diagram.lines_mut(line.side)[l].barrier_ids)
    }

    fn require_barrier(&self, barrier_id: &str) -> Result<(), BowTieError> {
        if self.barrier(barrier_id).is_some() {
            Ok(())
        } else {
            Err(BowTieError::UnknownBarrier(barrier_id.to_owned()))
        }
    }

    /// Every place a barrier stands, in diagram order then library order.
    #[must_use]
    pub fn barrier_places(&self, barrier_id: &str) -> Vec<BarrierPlace> {
        let mut out = Vec::new();
        for d in &self.diagrams {
            for side in [Side::Threat, Side::Consequence] {
                for p in d.lines(side) {
                    for (index, id) in p.barrier_ids.iter().enumerate() {
                        if id == barrier_id {
                            out.push(BarrierPlace::Line {
                                bowtie_id: d.bowtie_id.clone(),
                                line: LineRef {
                                    side,
                                    line_id: p.pathway_id.clone(),
                                },
                                index,
                            });
                        }
                    }
                }
            }
        }
        for b in &self.barriers {
            for f in &b.escalation_factors {
                for (index, id) in f.barrier_ids.iter().enumerate() {
                    if id == barrier_id {
                        out.push(BarrierPlace::Escalation {
                            parent_barrier_id: b.barrier_id.clone(),
                            factor_id: f.factor_id.clone(),
                            index,
                        });
                    }
                }
            }
        }
        out
    }

    /// Ids of the bow-ties whose lines hold this barrier (directly, not through escalation factors), each
    /// once, in diagram order. More than one means the barrier is shared.
    #[must_use]
    pub fn bowties_using(&self, barrier_id: &str) -> Vec<&str> {
        self.diagrams
            .iter()
            .filter(|d| d.line_barrier_ids().any(|id| id == barrier_id))
            .map(|d| d.bowtie_id.as_str())
            .collect()
    }

    /// The barriers a bow-tie uses, each once, in drawing order: line barriers, then their escalation-factor
    /// barriers (one level, as drawn).
    #[must_use]
    pub fn barriers_of(&self, bowtie: &BowTie) -> Vec<&Barrier> {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut out: Vec<&Barrier> = Vec::new();
        for id in bowtie.line_barrier_ids() {
            if let Some(b) = self.barrier(id)
                && seen.insert(b.barrier_id.as_str())
            {
                out.push(b);
            }
        }
        let line_count = out.len();
        for i in 0..line_count {
            let parent = out[i];
            for f in &parent.escalation_factors {
                for id in &f.barrier_ids {
                    if let Some(b) = self.barrier(id)
                        && seen.insert(b.barrier_id.as_str())
                    {
                        out.push(b);
                    }
                }
            }
        }
        out
    }

    // --- Ids ------------------------------------------------------------------------------------

    /// A bow-tie id not used yet (`BT-n`).
    #[must_use]
    pub fn next_bowtie_id(&self) -> String {
        next_id(
            BOWTIE_ID_PREFIX,
            self.diagrams.iter().map(|d| d.bowtie_id.as_str()),
        )
    }

    /// A barrier id not used yet in the library (`B-n`).
    #[must_use]
    pub fn next_barrier_id(&self) -> String {
        next_id(
            BARRIER_ID_PREFIX,
            self.barriers.iter().map(|b| b.barrier_id.as_str()),
        )
    }

    /// An escalation factor id not used yet (`EF-n`).
    #[must_use]
    pub fn next_escalation_id(&self) -> String {
        next_id(
            ESCALATION_ID_PREFIX,
            self.barriers
                .iter()
                .flat_map(|b| &b.escalation_factors)
                .map(|f| f.factor_id.as_str()),
        )
    }
}
