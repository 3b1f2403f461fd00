//! The 5 Whys as a tree: the problem at the root, each why answered by one or more causes (branching), each
//! answer with its evidence, asked again until a root cause. Parents are stored by id, so a hand-edited file
//! can close a loop; [`FiveWhys::cycle`] finds it and [`FiveWhys::set_parent`] refuses to make one.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// One answer to a why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Why {
    /// `W-1`, `W-2`, … within the incident.
    pub why_id: String,
    /// The answer this one explains further (`None`: it answers "why did the problem happen?").
    pub parent_id: Option<String>,
    /// The answer (a cause).
    pub answer: String,
    /// The evidence for it (data, audit, log, interview).
    pub evidence: String,
    /// Marked as a root cause (no further why asked).
    pub root_cause: bool,
}

/// The problem and its tree of answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct FiveWhys {
    /// The problem statement at the root.
    pub problem: String,
    /// The answers, in the order they were added.
    pub whys: Vec<Why>,
}

/// Why an edit of the tree was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhyError {
    /// No answer has this id.
    #[error("there is no answer {0} in the 5 Whys")]
    Unknown(String),
    /// The new parent is the answer itself or one of its descendants.
    #[error(
        "answering {parent} with {child} would make a loop ({path}): a cause cannot explain itself"
    )]
    Cycle {
        /// The answer being moved.
        child: String,
        /// The parent refused.
        parent: String,
        /// The loop, e.g. `W-1 → W-2 → W-1`.
        path: String,
    },
}

impl FiveWhys {
    /// The answer with this id.
    #[must_use]
    pub fn get(&self, why_id: &str) -> Option<&Why> {
        self.whys.iter().find(|w| w.why_id == why_id)
    }

    /// The answer with this id, to edit.
    pub fn get_mut(&mut self, why_id: &str) -> Option<&mut Why> {
        self.whys.iter_mut().find(|w| w.why_id == why_id)
    }

    /// The answers to `parent` (`None`: to the problem), in the order they were added.
    #[must_use]
    pub fn children(&self, parent: Option<&str>) -> Vec<&Why> {
        self.whys
            .iter()
            .filter(|w| w.parent_id.as_deref() == parent)
            .collect()
    }

    /// Adds an answer to `parent` (`None`: the problem) with the next free id and returns the id.
    ///
    /// # Errors
    /// [`WhyError::Unknown`] when `parent` names no answer.
    ///
    /// ```
    /// use riskbench::model::incident::FiveWhys;
    /// let mut whys = FiveWhys::default();
    /// let w1 = whys.add(None, "FPR jumped for one dialect", "weekly audit").unwrap();
    /// let w2 = whys.add(Some(&w1), "New training data under-represents it", "data card").unwrap();
    /// whys.add(Some(&w1), "Threshold tuned on pooled data", "tuning notebook").unwrap();
    /// assert_eq!(whys.children(Some(&w1)).len(), 2);
    /// assert!(whys.set_parent(&w1, Some(&w2)).is_err());
    /// ```
    pub fn add(
        &mut self,
        parent: Option<&str>,
        answer: &str,
        evidence: &str,
    ) -> Result<String, WhyError> {
        if let Some(p) = parent
            && self.get(p).is_none()
        {
            return Err(WhyError::Unknown(p.to_owned()));
        }
        let why_id = crate::model::ids::next_id("W-", self.whys.iter().map(|w| w.why_id.as_str()));
        self.whys.push(Why {
            why_id: why_id.clone(),
            parent_id: parent.map(str::to_owned),
            answer: answer.to_owned(),
            evidence: evidence.to_owned(),
            root_cause: false,
        });
        Ok(why_id)
    }

    /// Moves `why_id` under `parent` (`None`: the problem); refuses a move that would make a loop.
    ///
    /// # Errors
    /// [`WhyError::Unknown`] for an unknown id, [`WhyError::Cycle`] for a loop (nothing is changed).
    pub fn set_parent(&mut self, why_id: &str, parent: Option<&str>) -> Result<(), WhyError> {
        if self.get(why_id).is_none() {
            return Err(WhyError::Unknown(why_id.to_owned()));
        }
        if let Some(p) = parent {
            if self.get(p).is_none() {
                return Err(WhyError::Unknown(p.to_owned()));
            }
            // Walk up from the new parent: reaching `why_id` means a loop.
            let mut path = vec![why_id.to_owned(), p.to_owned()];
            let mut seen = BTreeSet::new();
            let mut at = Some(p.to_owned());
            while let Some(id) = at {
                if id == why_id {
                    path.reverse();
                    return Err(WhyError::Cycle {
                        child: why_id.to_owned(),
                        parent: p.to_owned(),
                        path: path.join(" → "),
                    });
                }
                if !seen.insert(id.clone()) {
                    break;
                }
                at = self.get(&id).and_then(|w| w.parent_id.clone());
                if let Some(next) = &at {
                    path.push(next.clone());
                }
            }
        }
        if let Some(w) = self.get_mut(why_id) {
            w.parent_id = parent.map(str::to_owned);
        }
        Ok(())
    }

    /// Removes an answer; its answers move up to its parent, so nothing else is lost.
    pub fn remove(&mut self, why_id: &str) {
        let Some(parent) = self.get(why_id).map(|w| w.parent_id.clone()) else {
            return;
        };
        self.whys.retain(|w| w.why_id != why_id);
        for w in &mut self.whys {
            if w.parent_id.as_deref() == Some(why_id) {
                w.parent_id.clone_from(&parent);
            }
        }
    }

    /// The first loop of parent links, as ids in order with the first repeated at the end
    /// (`["W-2", "W-3", "W-2"]`); `None` when the answers form a tree.
    #[must_use]
    pub fn cycle(&self) -> Option<Vec<String>> {
        let parent: BTreeMap<&str, Option<&str>> = self
            .whys
            .iter()
            .map(|w| (w.why_id.as_str(), w.parent_id.as_deref()))
            .collect();
        let mut done: BTreeSet<&str> = BTreeSet::new();
        for w in &self.whys {
            let mut path: Vec<&str> = Vec::new();
            let mut at = Some(w.why_id.as_str());
            while let Some(id) = at {
                if done.contains(id) {
                    break;
                }
                if let Some(pos) = path.iter().position(|p| *p == id) {
                    let mut cycle: Vec<String> =
                        path[pos..].iter().map(|s| (*s).to_owned()).collect();
                    cycle.push(id.to_owned());
                    // Present the loop as ancestor → descendant (the order of the why chain).
                    cycle.reverse();
                    return Some(cycle);
                }
                path.push(id);
                at = parent.get(id).copied().flatten();
            }
            done.extend(path);
        }
        None
    }

    /// Answers whose parent names no answer (kept, shown under the problem).
    #[must_use]
    pub fn orphans(&self) -> Vec<&Why> {
        self.whys
            .iter()
            .filter(|w| {
                w.parent_id
                    .as_deref()
                    .is_some_and(|p| self.get(p).is_none())
            })
            .collect()
    }

    /// Depth-first order from the problem, with each answer's depth (1 = answers the problem). Answers on a
    /// loop or under a missing parent are listed at depth 1 after the tree, so every answer appears once.
    #[must_use]
    pub fn outline(&self) -> Vec<(usize, &Why)> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        self.walk(None, 1, &mut seen, &mut out);
        for w in &self.whys {
            if !seen.contains(w.why_id.as_str()) {
                let before = out.len();
                self.walk_from(w, 1, &mut seen, &mut out);
                debug_assert!(out.len() > before);
            }
        }
        out
    }

    fn walk<'a>(
        &'a self,
        parent: Option<&str>,
        depth: usize,
        seen: &mut BTreeSet<&'a str>,
        out: &mut Vec<(usize, &'a Why)>,
    ) {
        for w in self.children(parent) {
            if !seen.contains(w.why_id.as_str()) {
                self.walk_from(w, depth, seen, out);
            }
        }
    }

    fn walk_from<'a>(
        &'a self,
        w: &'a Why,
        depth: usize,
        seen: &mut BTreeSet<&'a str>,
        out: &mut Vec<(usize, &'a Why)>,
    ) {
        if !seen.insert(w.why_id.as_str()) {
            return;
        }
        out.push((depth, w));
        self.walk(Some(&w.why_id), depth + 1, seen, out);
    }
}
