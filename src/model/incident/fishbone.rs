//! The fishbone (Ishikawa) diagram of an incident: the effect at the head, causes on the eight ML category
//! bones, sub-causes under a cause, and for each cause the barrier that failed and the FMEA row that missed it.

use serde::{Deserialize, Serialize};

/// The bones of the ML fishbone.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum FishboneCategory {
    /// Data collection, labelling, sampling.
    #[default]
    Data,
    /// Architecture, training, thresholds.
    Model,
    /// Code and the ML pipeline.
    CodePipeline,
    /// Serving, hardware, platform.
    Infrastructure,
    /// Skills, staffing, incentives.
    People,
    /// Procedures, reviews, release gates.
    Process,
    /// Metrics, monitoring, evaluation.
    Measurement,
    /// The world the system runs in (users, language, events).
    Environment,
}

impl FishboneCategory {
    /// Every category, in drawing order (top bones left to right, then bottom bones).
    pub const ALL: [Self; 8] = [
        Self::Data,
        Self::Model,
        Self::CodePipeline,
        Self::Infrastructure,
        Self::People,
        Self::Process,
        Self::Measurement,
        Self::Environment,
    ];

    /// Label on the bone.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Data => "Data",
            Self::Model => "Model",
            Self::CodePipeline => "Code/Pipeline",
            Self::Infrastructure => "Infrastructure",
            Self::People => "People",
            Self::Process => "Process",
            Self::Measurement => "Measurement",
            Self::Environment => "Environment",
        }
    }

    /// Position in [`Self::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// One cause on the fishbone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct FishboneCause {
    /// `C-1`, `C-2`, … within the incident.
    pub cause_id: String,
    /// The bone it hangs on.
    pub category: FishboneCategory,
    /// The cause, in a few words.
    pub text: String,
    /// The cause it refines (a sub-cause), or `None` for a cause directly on the bone.
    pub parent_id: Option<String>,
    /// The bow-tie barrier that should have stopped it and failed.
    pub barrier_id: Option<String>,
    /// The FMEA row that missed it (`fmea-1/FM-3`).
    pub fmea_row: Option<String>,
}

/// The effect and its causes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Fishbone {
    /// The effect at the head of the fish.
    pub effect: String,
    /// The causes, in the order they were added.
    pub causes: Vec<FishboneCause>,
}

impl Fishbone {
    /// The cause with this id.
    #[must_use]
    pub fn get(&self, cause_id: &str) -> Option<&FishboneCause> {
        self.causes.iter().find(|c| c.cause_id == cause_id)
    }

    /// The cause with this id, to edit.
    pub fn get_mut(&mut self, cause_id: &str) -> Option<&mut FishboneCause> {
        self.causes.iter_mut().find(|c| c.cause_id == cause_id)
    }

    /// Adds a cause on `category` (a sub-cause of `parent` when given, taking the parent's category) and
    /// returns its id. An unknown parent adds the cause directly on the bone.
    ///
    /// ```
    /// use riskbench::model::incident::{Fishbone, FishboneCategory};
    /// let mut fish = Fishbone::default();
    /// let c1 = fish.add(FishboneCategory::Data, None, "Dialect under-sampled");
    /// let c2 = fish.add(FishboneCategory::Model, Some(&c1), "Labellers unfamiliar with the dialect");
    /// assert_eq!(fish.get(&c2).unwrap().category, FishboneCategory::Data);
    /// ```
    pub fn add(&mut self, category: FishboneCategory, parent: Option<&str>, text: &str) -> String {
        let cause_id =
            crate::model::ids::next_id("C-", self.causes.iter().map(|c| c.cause_id.as_str()));
        // Two levels: a sub-cause of a sub-cause goes under the same cause.
        let parent = parent.and_then(|p| self.get(p)).map(|p| {
            if self.is_on_bone(p) {
                p
            } else {
                p.parent_id
                    .as_deref()
                    .and_then(|pp| self.get(pp))
                    .unwrap_or(p)
            }
        });
        let category = parent.map_or(category, |p| p.category);
        let parent_id = parent.map(|p| p.cause_id.clone());
        self.causes.push(FishboneCause {
            cause_id: cause_id.clone(),
            category,
            text: text.to_owned(),
            parent_id,
            barrier_id: None,
            fmea_row: None,
        });
        cause_id
    }

    /// Removes a cause and its sub-causes.
    pub fn remove(&mut self, cause_id: &str) {
        let mut gone = vec![cause_id.to_owned()];
        let mut i = 0;
        while i < gone.len() {
            let id = gone[i].clone();
            let more: Vec<String> = self
                .causes
                .iter()
                .filter(|c| c.parent_id.as_deref() == Some(id.as_str()))
                .map(|c| c.cause_id.clone())
                .filter(|c| !gone.contains(c))
                .collect();
            gone.extend(more);
            i += 1;
        }
        self.causes.retain(|c| !gone.contains(&c.cause_id));
    }

    /// Whether a cause hangs directly on its bone. The diagram has two levels: a cause whose parent is
    /// missing, on another bone or itself a sub-cause is drawn on the bone, so every cause is drawn once
    /// whatever the file says.
    #[must_use]
    pub fn is_on_bone(&self, cause: &FishboneCause) -> bool {
        match cause.parent_id.as_deref().and_then(|p| self.get(p)) {
            None => true,
            Some(parent) => parent.category != cause.category || parent.parent_id.is_some(),
        }
    }

    /// Causes directly on `category`'s bone, in order.
    #[must_use]
    pub fn on_bone(&self, category: FishboneCategory) -> Vec<&FishboneCause> {
        self.causes
            .iter()
            .filter(|c| c.category == category && self.is_on_bone(c))
            .collect()
    }

    /// Sub-causes of `cause_id`, in order (none when `cause_id` is itself a sub-cause).
    #[must_use]
    pub fn sub_causes(&self, cause_id: &str) -> Vec<&FishboneCause> {
        self.causes
            .iter()
            .filter(|c| c.parent_id.as_deref() == Some(cause_id) && !self.is_on_bone(c))
            .collect()
    }
}
