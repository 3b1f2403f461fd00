//! The edits of a bow-tie set: bow-ties, threats and consequences, barriers on lines (shared between
//! lines and bow-ties), escalation factors and their barriers, and the clean-up of orphans. Every edit checks
//! its ids and indices first and returns a [`BowTieError`] rather than changing anything on bad input.

use std::collections::BTreeSet;

use super::super::error::BowTieError;
use super::{
    Barrier, BowTie, BowTieSet, Element, EscalationFactor, LineRef, Pathway, Side, check_index,
    check_insert, check_name, next_id,
};

impl BowTieSet {
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
