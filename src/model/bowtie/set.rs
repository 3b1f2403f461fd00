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
use crate::model::register::EvidenceLink;

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

/// `prefix` followed by one more than the highest number already used after that prefix.
fn next_id<'a>(prefix: &str, ids: impl Iterator<Item = &'a str>) -> String {
    let next = ids
        .filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .map_or(1, |n| n.saturating_add(1));
    format!("{prefix}{next}")
}

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

    // --- Bow-ties -------------------------------------------------------------------------------

    /// Appends an empty bow-tie with a new id and returns the id.
    ///
    /// # Errors
    /// [`BowTieError::EmptyName`] when `title` is blank.
    pub fn new_bowtie(&mut self, title: &str) -> Result<String, BowTieError> {
        let title = check_name(title, "the bow-tie title")?;
        let id = self.next_bowtie_id();
        self.diagrams.push(BowTie::new(id.clone(), title));
        Ok(id)
    }

    /// Deletes a bow-tie and the barriers only it used; returns the ids of the barriers removed.
    ///
    /// # Errors
    /// [`BowTieError::UnknownBowTie`].
    pub fn remove_bowtie(&mut self, bowtie_id: &str) -> Result<Vec<String>, BowTieError> {
        let d = self.diagram_index(bowtie_id)?;
        self.diagrams.remove(d);
        Ok(self.remove_orphans())
    }

    /// Changes the text of a title, hazard, top event, threat, consequence, barrier or escalation factor.
    /// Surrounding space is trimmed. The title and names must not be blank; hazard and top event may be.
    ///
    /// # Errors
    /// [`BowTieError::UnknownBowTie`] (for diagram elements), [`BowTieError::UnknownLine`],
    /// [`BowTieError::UnknownBarrier`], [`BowTieError::UnknownEscalationFactor`], [`BowTieError::EmptyName`].
    pub fn set_text(
        &mut self,
        bowtie_id: &str,
        element: &Element,
        text: &str,
    ) -> Result<(), BowTieError> {
        match element {
            Element::Barrier(id) => {
                let name = check_name(text, "the barrier name")?;
                let b = self
                    .barrier_mut(id)
                    .ok_or_else(|| BowTieError::UnknownBarrier(id.clone()))?;
                b.name = name;
            }
            Element::EscalationFactor(id) => {
                let name = check_name(text, "the escalation factor")?;
                self.factor_mut(id)?.name = name;
            }
            Element::Title | Element::Hazard | Element::TopEvent | Element::Line(_) => {
                let d = self.diagram_index(bowtie_id)?;
                let diagram = &mut self.diagrams[d];
                match element {
                    Element::Title => diagram.title = check_name(text, "the bow-tie title")?,
                    Element::Hazard => text.trim().clone_into(&mut diagram.hazard),
                    Element::TopEvent => text.trim().clone_into(&mut diagram.top_event),
                    Element::Line(line) => {
                        let name = check_name(
                            text,
                            match line.side {
                                Side::Threat => "the threat",
                                Side::Consequence => "the consequence",
                            },
                        )?;
                        let l = diagram.line_position(line)?;
                        diagram.lines_mut(line.side)[l].name = name;
                    }
                    Element::Barrier(_) | Element::EscalationFactor(_) => {}
                }
            }
        }
        Ok(())
    }

    // --- Threats and consequences ---------------------------------------------------------------

    /// Inserts a threat or consequence at `index` (`index == len` appends) and returns its line.
    ///
    /// # Errors
    /// [`BowTieError::UnknownBowTie`], [`BowTieError::PositionOutOfRange`], [`BowTieError::EmptyName`].
    pub fn insert_line(
        &mut self,
        bowtie_id: &str,
        side: Side,
        index: usize,
        name: &str,
    ) -> Result<LineRef, BowTieError> {
        let d = self.diagram_index(bowtie_id)?;
        let name = check_name(
            name,
            match side {
                Side::Threat => "the threat",
                Side::Consequence => "the consequence",
            },
        )?;
        let diagram = &mut self.diagrams[d];
        check_insert(index, diagram.lines(side).len())?;
        let line_id = next_id(
            side.id_prefix(),
            diagram.lines(side).iter().map(|p| p.pathway_id.as_str()),
        );
        diagram.lines_mut(side).insert(
            index,
            Pathway {
                pathway_id: line_id.clone(),
                name,
                barrier_ids: Vec::new(),
            },
        );
        Ok(LineRef { side, line_id })
    }

    /// Appends a threat.
    ///
    /// # Errors
    /// As [`Self::insert_line`].
    pub fn add_threat(&mut self, bowtie_id: &str, name: &str) -> Result<LineRef, BowTieError> {
        let len = self.bowtie(bowtie_id).map_or(0, |b| b.threats.len());
        self.insert_line(bowtie_id, Side::Threat, len, name)
    }

    /// Appends a consequence.
    ///
    /// # Errors
    /// As [`Self::insert_line`].
    pub fn add_consequence(&mut self, bowtie_id: &str, name: &str) -> Result<LineRef, BowTieError> {
        let len = self.bowtie(bowtie_id).map_or(0, |b| b.consequences.len());
        self.insert_line(bowtie_id, Side::Consequence, len, name)
    }

    /// Moves a threat or consequence to position `to_index` among its side's lines (after taking it out).
    ///
    /// # Errors
    /// [`BowTieError::UnknownBowTie`], [`BowTieError::UnknownLine`], [`BowTieError::PositionOutOfRange`].
    pub fn move_line(
        &mut self,
        bowtie_id: &str,
        line: &LineRef,
        to_index: usize,
    ) -> Result<(), BowTieError> {
        let d = self.diagram_index(bowtie_id)?;
        let diagram = &mut self.diagrams[d];
        let from = diagram.line_position(line)?;
        let lines = diagram.lines_mut(line.side);
        check_index(to_index, lines.len())?;
        let item = lines.remove(from);
        lines.insert(to_index, item);
        Ok(())
    }

    /// Deletes a threat or consequence with its line; returns the ids of barriers that no longer stand
    /// anywhere and were removed from the library.
    ///
    /// # Errors
    /// [`BowTieError::UnknownBowTie`], [`BowTieError::UnknownLine`].
    pub fn remove_line(
        &mut self,
        bowtie_id: &str,
        line: &LineRef,
    ) -> Result<Vec<String>, BowTieError> {
        let d = self.diagram_index(bowtie_id)?;
        let diagram = &mut self.diagrams[d];
        let l = diagram.line_position(line)?;
        diagram.lines_mut(line.side).remove(l);
        Ok(self.remove_orphans())
    }

    // --- Barriers on lines ----------------------------------------------------------------------

    /// Creates a barrier in the library and inserts it on a line at `index` (`index == len` appends);
    /// returns the new barrier id.
    ///
    /// # Errors
    /// [`BowTieError::UnknownBowTie`], [`BowTieError::UnknownLine`], [`BowTieError::PositionOutOfRange`],
    /// [`BowTieError::EmptyName`].
    pub fn insert_barrier(
        &mut self,
        bowtie_id: &str,
        line: &LineRef,
        index: usize,
        name: &str,
    ) -> Result<String, BowTieError> {
        let name = check_name(name, "the barrier name")?;
        let barrier_id = self.next_barrier_id();
        let ids = self.line_ids_mut(bowtie_id, line)?;
        check_insert(index, ids.len())?;
        ids.insert(index, barrier_id.clone());
        self.barriers.push(Barrier::new(barrier_id.clone(), name));
        Ok(barrier_id)
    }

    /// Creates a barrier at the end of a line (nearest the top event on a threat line, nearest the
    /// consequence on a consequence line).
    ///
    /// # Errors
    /// As [`Self::insert_barrier`].
    pub fn add_barrier(
        &mut self,
        bowtie_id: &str,
        line: &LineRef,
        name: &str,
    ) -> Result<String, BowTieError> {
        let len = self
            .bowtie(bowtie_id)
            .and_then(|b| b.line(line))
            .map_or(0, |p| p.barrier_ids.len());
        self.insert_barrier(bowtie_id, line, len, name)
    }

    /// Puts an existing library barrier on a line (of this or another bow-tie) at `index`: the barrier is
    /// then shared, and edits to it show everywhere.
    ///
    /// # Errors
    /// [`BowTieError::UnknownBarrier`], [`BowTieError::UnknownBowTie`], [`BowTieError::UnknownLine`],
    /// [`BowTieError::PositionOutOfRange`], [`BowTieError::AlreadyOnLine`].
    pub fn share_barrier(
        &mut self,
        bowtie_id: &str,
        line: &LineRef,
        index: usize,
        barrier_id: &str,
    ) -> Result<(), BowTieError> {
        self.require_barrier(barrier_id)?;
        let ids = self.line_ids_mut(bowtie_id, line)?;
        check_insert(index, ids.len())?;
        if ids.iter().any(|id| id == barrier_id) {
            return Err(BowTieError::AlreadyOnLine(barrier_id.to_owned()));
        }
        ids.insert(index, barrier_id.to_owned());
        Ok(())
    }

    /// Moves the barrier at `from_index` on line `from` to `to_index` on line `to` of the same bow-tie
    /// (reorder along a line when `from == to`; `to_index` counts after taking the barrier out).
    ///
    /// # Errors
    /// [`BowTieError::UnknownBowTie`], [`BowTieError::UnknownLine`], [`BowTieError::PositionOutOfRange`],
    /// [`BowTieError::AlreadyOnLine`] when the barrier already stands on the target line.
    pub fn move_barrier(
        &mut self,
        bowtie_id: &str,
        from: &LineRef,
        from_index: usize,
        to: &LineRef,
        to_index: usize,
    ) -> Result<(), BowTieError> {
        let d = self.diagram_index(bowtie_id)?;
        let diagram = &mut self.diagrams[d];
        let from_line = diagram.line_position(from)?;
        let to_line = diagram.line_position(to)?;
        let source = &diagram.lines(from.side)[from_line].barrier_ids;
        check_index(from_index, source.len())?;
        let barrier_id = source[from_index].clone();
        if from == to {
            check_index(to_index, source.len())?;
            let ids = &mut diagram.lines_mut(from.side)[from_line].barrier_ids;
            let id = ids.remove(from_index);
            ids.insert(to_index, id);
            return Ok(());
        }
        let target = &diagram.lines(to.side)[to_line].barrier_ids;
        check_insert(to_index, target.len())?;
        if target.contains(&barrier_id) {
            return Err(BowTieError::AlreadyOnLine(barrier_id));
        }
        diagram.lines_mut(from.side)[from_line]
            .barrier_ids
            .remove(from_index);
        diagram.lines_mut(to.side)[to_line]
            .barrier_ids
            .insert(to_index, barrier_id);
        Ok(())
    }

    /// Takes the barrier at `index` off a line. When it stands nowhere else it is removed from the library
    /// (with escalation-factor barriers only it used); returns the ids removed from the library.
    ///
    /// # Errors
    /// [`BowTieError::UnknownBowTie`], [`BowTieError::UnknownLine`], [`BowTieError::PositionOutOfRange`].
    pub fn remove_barrier_at(
        &mut self,
        bowtie_id: &str,
        line: &LineRef,
        index: usize,
    ) -> Result<Vec<String>, BowTieError> {
        let ids = self.line_ids_mut(bowtie_id, line)?;
        check_index(index, ids.len())?;
        ids.remove(index);
        Ok(self.remove_orphans())
    }

    /// Deletes a barrier everywhere (every line, every escalation factor, the library); returns every id
    /// removed from the library, this one first.
    ///
    /// # Errors
    /// [`BowTieError::UnknownBarrier`].
    pub fn delete_barrier(&mut self, barrier_id: &str) -> Result<Vec<String>, BowTieError> {
        self.require_barrier(barrier_id)?;
        for d in &mut self.diagrams {
            for p in d.threats.iter_mut().chain(d.consequences.iter_mut()) {
                p.barrier_ids.retain(|id| id != barrier_id);
            }
        }
        for b in &mut self.barriers {
            for f in &mut b.escalation_factors {
                f.barrier_ids.retain(|id| id != barrier_id);
            }
        }
        self.barriers.retain(|b| b.barrier_id != barrier_id);
        let mut removed = vec![barrier_id.to_owned()];
        removed.extend(self.remove_orphans());
        Ok(removed)
    }

    // --- Escalation factors ---------------------------------------------------------------------

    /// Adds an escalation factor to a barrier (shown wherever the barrier stands); returns its id.
    ///
    /// # Errors
    /// [`BowTieError::UnknownBarrier`], [`BowTieError::EmptyName`].
    pub fn add_escalation_factor(
        &mut self,
        barrier_id: &str,
        name: &str,
    ) -> Result<String, BowTieError> {
        let name = check_name(name, "the escalation factor")?;
        let factor_id = self.next_escalation_id();
        let b = self
            .barrier_mut(barrier_id)
            .ok_or_else(|| BowTieError::UnknownBarrier(barrier_id.to_owned()))?;
        b.escalation_factors.push(EscalationFactor {
            factor_id: factor_id.clone(),
            name,
            barrier_ids: Vec::new(),
        });
        Ok(factor_id)
    }

    /// Deletes an escalation factor; returns the ids of its barriers that stood nowhere else and were
    /// removed from the library.
    ///
    /// # Errors
    /// [`BowTieError::UnknownEscalationFactor`].
    pub fn remove_escalation_factor(
        &mut self,
        factor_id: &str,
    ) -> Result<Vec<String>, BowTieError> {
        self.factor_mut(factor_id)?;
        for b in &mut self.barriers {
            b.escalation_factors.retain(|f| f.factor_id != factor_id);
        }
        Ok(self.remove_orphans())
    }

    /// Moves an escalation factor to position `to_index` among its barrier's factors.
    ///
    /// # Errors
    /// [`BowTieError::UnknownEscalationFactor`], [`BowTieError::PositionOutOfRange`].
    pub fn move_escalation_factor(
        &mut self,
        factor_id: &str,
        to_index: usize,
    ) -> Result<(), BowTieError> {
        let b = self
            .barriers
            .iter_mut()
            .find(|b| {
                b.escalation_factors
                    .iter()
                    .any(|f| f.factor_id == factor_id)
            })
            .ok_or_else(|| BowTieError::UnknownEscalationFactor(factor_id.to_owned()))?;
        check_index(to_index, b.escalation_factors.len())?;
        let from = b
            .escalation_factors
            .iter()
            .position(|f| f.factor_id == factor_id)
            .unwrap_or_default();
        let f = b.escalation_factors.remove(from);
        b.escalation_factors.insert(to_index, f);
        Ok(())
    }

    /// Creates an escalation-factor barrier at `index` on an escalation factor; returns its id.
    ///
    /// # Errors
    /// [`BowTieError::UnknownEscalationFactor`], [`BowTieError::PositionOutOfRange`],
    /// [`BowTieError::EmptyName`].
    pub fn insert_escalation_barrier(
        &mut self,
        factor_id: &str,
        index: usize,
        name: &str,
    ) -> Result<String, BowTieError> {
        let name = check_name(name, "the barrier name")?;
        let barrier_id = self.next_barrier_id();
        let f = self.factor_mut(factor_id)?;
        check_insert(index, f.barrier_ids.len())?;
        f.barrier_ids.insert(index, barrier_id.clone());
        self.barriers.push(Barrier::new(barrier_id.clone(), name));
        Ok(barrier_id)
    }

    /// Creates an escalation-factor barrier at the end of the factor's line (nearest the barrier it guards).
    ///
    /// # Errors
    /// As [`Self::insert_escalation_barrier`].
    pub fn add_escalation_barrier(
        &mut self,
        factor_id: &str,
        name: &str,
    ) -> Result<String, BowTieError> {
        let len = self
            .escalation_factor(factor_id)
            .map_or(0, |(_, f)| f.barrier_ids.len());
        self.insert_escalation_barrier(factor_id, len, name)
    }

    /// Puts an existing library barrier on an escalation factor at `index` (shares it).
    ///
    /// # Errors
    /// [`BowTieError::UnknownBarrier`], [`BowTieError::UnknownEscalationFactor`],
    /// [`BowTieError::PositionOutOfRange`], [`BowTieError::AlreadyOnLine`], [`BowTieError::SelfEscalation`]
    /// when the barrier is the one the factor degrades.
    pub fn share_escalation_barrier(
        &mut self,
        factor_id: &str,
        index: usize,
        barrier_id: &str,
    ) -> Result<(), BowTieError> {
        self.require_barrier(barrier_id)?;
        let (parent, _) = self
            .escalation_factor(factor_id)
            .ok_or_else(|| BowTieError::UnknownEscalationFactor(factor_id.to_owned()))?;
        if parent.barrier_id == barrier_id {
            return Err(BowTieError::SelfEscalation(barrier_id.to_owned()));
        }
        let f = self.factor_mut(factor_id)?;
        check_insert(index, f.barrier_ids.len())?;
        if f.barrier_ids.iter().any(|id| id == barrier_id) {
            return Err(BowTieError::AlreadyOnLine(barrier_id.to_owned()));
        }
        f.barrier_ids.insert(index, barrier_id.to_owned());
        Ok(())
    }

    /// Reorders the barriers of an escalation factor.
    ///
    /// # Errors
    /// [`BowTieError::UnknownEscalationFactor`], [`BowTieError::PositionOutOfRange`].
    pub fn move_escalation_barrier(
        &mut self,
        factor_id: &str,
        from_index: usize,
        to_index: usize,
    ) -> Result<(), BowTieError> {
        let f = self.factor_mut(factor_id)?;
        check_index(from_index, f.barrier_ids.len())?;
        check_index(to_index, f.barrier_ids.len())?;
        let id = f.barrier_ids.remove(from_index);
        f.barrier_ids.insert(to_index, id);
        Ok(())
    }

    /// Takes the barrier at `index` off an escalation factor; returns the ids removed from the library
    /// because they stood nowhere else.
    ///
    /// # Errors
    /// [`BowTieError::UnknownEscalationFactor`], [`BowTieError::PositionOutOfRange`].
    pub fn remove_escalation_barrier_at(
        &mut self,
        factor_id: &str,
        index: usize,
    ) -> Result<Vec<String>, BowTieError> {
        let f = self.factor_mut(factor_id)?;
        check_index(index, f.barrier_ids.len())?;
        f.barrier_ids.remove(index);
        Ok(self.remove_orphans())
    }

    // --- Clean-up -------------------------------------------------------------------------------

    /// Removes library barriers that no bow-tie reaches (on a line, or through the escalation factors of a
    /// reached barrier, however deep); returns their ids in library order. References to unknown barrier ids
    /// are dropped from lines and escalation factors too, so a hand-edited file cannot leave dangling ids.
    pub fn remove_orphans(&mut self) -> Vec<String> {
        let known: BTreeSet<String> = self.barriers.iter().map(|b| b.barrier_id.clone()).collect();
        for d in &mut self.diagrams {
            for p in d.threats.iter_mut().chain(d.consequences.iter_mut()) {
                p.barrier_ids.retain(|id| known.contains(id));
            }
        }
        let mut reached: BTreeSet<String> = BTreeSet::new();
        let mut queue: Vec<String> = self
            .diagrams
            .iter()
            .flat_map(|d| d.line_barrier_ids().map(str::to_owned))
            .collect();
        while let Some(id) = queue.pop() {
            if !reached.insert(id.clone()) {
                continue;
            }
            if let Some(b) = self.barrier(&id) {
                for f in &b.escalation_factors {
                    queue.extend(f.barrier_ids.iter().cloned());
                }
            }
        }
        let removed: Vec<String> = self
            .barriers
            .iter()
            .filter(|b| !reached.contains(&b.barrier_id))
            .map(|b| b.barrier_id.clone())
            .collect();
        self.barriers.retain(|b| reached.contains(&b.barrier_id));
        for b in &mut self.barriers {
            for f in &mut b.escalation_factors {
                f.barrier_ids.retain(|id| reached.contains(id));
            }
        }
        removed
    }
}
