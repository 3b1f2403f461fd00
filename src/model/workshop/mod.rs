//! Workshops run on one shared screen: a session (date, facilitator, participants) and, for a pre-mortem,
//! its failure stories captured round-robin, the themes they are clustered into, the dot votes, each theme's
//! likelihood × impact and the register risk it was promoted to.
//!
//! The rules (who may capture next, vote budgets, promotion to the register) are in [`rules`]; the screen only
//! calls them. The session record (participants, outputs, decisions) goes into the plan's "Method and
//! participants".

pub mod rules;
pub mod session;

use serde::{Deserialize, Serialize};

use super::IsoDate;

/// The prompt of a pre-mortem (Klein, 2007).
pub const PRE_MORTEM_PROMPT: &str =
    "Imagine it is a year from now: the system was deployed and it failed. What happened?";

/// What a workshop runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum WorkshopMethod {
    /// A pre-mortem: silent brainstorm, round-robin capture, clustering, dot voting, promotion to risks.
    #[default]
    PreMortem,
    /// A bow-tie analysis session.
    BowTie,
    /// An FMEA session.
    Fmea,
}

impl WorkshopMethod {
    /// Every value, in display order.
    pub const ALL: [Self; 3] = [Self::PreMortem, Self::BowTie, Self::Fmea];

    /// Label for tables and pickers.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::PreMortem => "Pre-mortem",
            Self::BowTie => "Bow-tie",
            Self::Fmea => "FMEA",
        }
    }
}

/// Where a pre-mortem stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub enum Phase {
    /// Participants and settings are being entered.
    #[default]
    Setup,
    /// Everyone writes failure stories on their own, against the countdown.
    Brainstorm,
    /// One participant at a time reads out one story, which is captured.
    Capture,
    /// Stories are grouped into themes.
    Cluster,
    /// Dot voting on the themes.
    Vote,
    /// Each theme is rated likelihood × impact and promoted to the register.
    Rate,
    /// A bow-tie or FMEA session works in those editors, in presentation mode.
    Editors,
    /// The session is over.
    Done,
}

impl Phase {
    /// Every phase of a pre-mortem, in order.
    pub const ALL: [Self; 7] = [
        Self::Setup,
        Self::Brainstorm,
        Self::Capture,
        Self::Cluster,
        Self::Vote,
        Self::Rate,
        Self::Done,
    ];

    /// The phases of a bow-tie or FMEA session, in order.
    pub const EDITOR_SESSION: [Self; 3] = [Self::Setup, Self::Editors, Self::Done];

    /// The phases a session of `method` goes through, in order.
    #[must_use]
    pub fn steps(method: WorkshopMethod) -> &'static [Self] {
        match method {
            WorkshopMethod::PreMortem => &Self::ALL,
            WorkshopMethod::BowTie | WorkshopMethod::Fmea => &Self::EDITOR_SESSION,
        }
    }

    /// Label for the stepper.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Setup => "Set up",
            Self::Brainstorm => "Silent brainstorm",
            Self::Capture => "Round-robin capture",
            Self::Cluster => "Cluster into themes",
            Self::Vote => "Dot voting",
            Self::Rate => "Rate and promote",
            Self::Editors => "Bow-tie and FMEA editors",
            Self::Done => "Done",
        }
    }

    /// The phase after this one in a session of `method`.
    #[must_use]
    pub fn next(self, method: WorkshopMethod) -> Self {
        let steps = Self::steps(method);
        let i = steps.iter().position(|p| *p == self).unwrap_or(0);
        steps.get(i + 1).copied().unwrap_or(Self::Done)
    }
}

/// One workshop session.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Workshop {
    /// Stable id (`WS-1`).
    pub workshop_id: String,
    /// Name of the session.
    pub title: String,
    /// What it runs.
    pub method: WorkshopMethod,
    /// When it took place.
    pub date: Option<IsoDate>,
    /// Who ran it.
    pub facilitator: String,
    /// Who took part, in the round-robin order.
    pub participants: Vec<String>,
    /// Length of the silent brainstorm, in minutes.
    pub brainstorm_minutes: u32,
    /// Dots each participant may place.
    pub votes_per_person: u32,
    /// Where the session stands.
    pub phase: Phase,
    /// Whose turn it is in the round-robin (index into `participants`).
    pub turn: usize,
    /// Failure stories, in the order captured.
    pub stories: Vec<FailureStory>,
    /// Themes the stories were clustered into.
    pub themes: Vec<Theme>,
    /// Decisions the session took (one line each).
    pub decisions: Vec<String>,
    /// Risks of the register the session created.
    pub created_risks: Vec<String>,
    /// While the session runs: the project's risks, bow-ties, barriers and FMEA rows as they were when it
    /// started, to name what it creates or changes. Left out of the file when not running.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording: Option<session::Recording>,
    /// The risks, bow-ties, barriers and FMEA rows the session created, changed or removed, kept when it
    /// ended. Left out of the file while empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<session::SessionOutput>,
}

/// A failure story told in a pre-mortem.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FailureStory {
    /// Stable id within the workshop (`S-1`).
    pub story_id: String,
    /// Who told it.
    pub author: String,
    /// The story.
    pub text: String,
    /// The theme it was clustered into.
    pub theme_id: Option<String>,
}

/// A theme of failure stories.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Theme {
    /// Stable id within the workshop (`T-1`).
    pub theme_id: String,
    /// Its name (becomes the risk's title).
    pub name: String,
    /// The dots placed, one entry per dot, by participant name.
    pub dots: Vec<String>,
    /// Likelihood level (1 = lowest), once rated.
    pub likelihood: Option<u8>,
    /// Impact level (1 = lowest), once rated.
    pub impact: Option<u8>,
    /// The register risk it was promoted to.
    pub risk_id: Option<String>,
}

impl Workshop {
    /// The ids of the risks the session created, comma-separated, or "none".
    #[must_use]
    pub fn created_risks_text(&self) -> String {
        if self.created_risks.is_empty() {
            "none".to_owned()
        } else {
            self.created_risks.join(", ")
        }
    }

    /// A new pre-mortem with the usual settings: 10 minutes of silent brainstorm, 3 dots per person.
    #[must_use]
    pub fn pre_mortem(workshop_id: impl Into<String>, date: Option<IsoDate>) -> Self {
        Self {
            workshop_id: workshop_id.into(),
            title: "Pre-mortem".to_owned(),
            date,
            brainstorm_minutes: 10,
            votes_per_person: 3,
            ..Self::default()
        }
    }

    /// The theme with this id.
    #[must_use]
    pub fn theme(&self, theme_id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.theme_id == theme_id)
    }

    /// The stories clustered into a theme.
    pub fn stories_of<'a>(
        &'a self,
        theme_id: &'a str,
    ) -> impl Iterator<Item = &'a FailureStory> + 'a {
        self.stories
            .iter()
            .filter(move |s| s.theme_id.as_deref() == Some(theme_id))
    }
}

#[cfg(test)]
mod tests;
