//! The rules of a workshop session: starting needs participants, the round-robin gives the floor to one
//! participant at a time, stories are clustered into themes, each participant places at most their budget of
//! dots, and a rated theme is promoted to a register risk with the workshop as its source. Every refusal says
//! what is missing.

use super::session::{self, SessionOutput};
use super::{FailureStory, Phase, Theme, Workshop};
use crate::model::ids::next_id;
use crate::model::register::{EvidenceKind, EvidenceLink, Rating, Risk};
use crate::model::{IsoDate, Project};

/// Why a workshop step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkshopError {
    /// Nobody to run the session with.
    #[error("workshop {0} has no participants: add at least one participant before starting")]
    NoParticipants(String),
    /// Nobody runs it.
    #[error("workshop {0} has no facilitator: name who runs the session before starting")]
    NoFacilitator(String),
    /// An empty story.
    #[error("the failure story is empty: type what went wrong, then press Enter")]
    EmptyStory,
    /// Not on the participant list.
    #[error("{name:?} is not a participant of this workshop (participants: {participants})")]
    NotParticipant {
        /// Who.
        name: String,
        /// The participants, comma-separated.
        participants: String,
    },
    /// The dot budget is spent.
    #[error(
        "{name} has placed all {budget} of their dots; take one back to vote for another theme"
    )]
    OutOfDots {
        /// Who.
        name: String,
        /// Their budget.
        budget: u32,
    },
    /// No such workshop.
    #[error("there is no workshop {0}")]
    NoWorkshop(String),
    /// No such theme.
    #[error("there is no theme {0} in this workshop")]
    NoTheme(String),
    /// No such story.
    #[error("there is no story {0} in this workshop")]
    NoStory(String),
    /// A rating outside the project's scale.
    #[error("{what} {value} is outside the project's scale 1–{max}")]
    OutOfScale {
        /// "likelihood" or "impact".
        what: &'static str,
        /// The level given.
        value: u8,
        /// The highest level.
        max: usize,
    },
    /// Not rated yet.
    #[error("theme {theme_id} '{name}' needs a likelihood and an impact before it can be promoted")]
    NotRated {
        /// The theme.
        theme_id: String,
        /// Its name.
        name: String,
    },
    /// Another session is still running (and recording what it changes).
    #[error(
        "workshop {running} is still running and records what changes in the project: take it to Done before starting {this}"
    )]
    AnotherRunning {
        /// The session still running.
        running: String,
        /// The one that was to start.
        this: String,
    },
    /// Promoted already.
    #[error("theme {theme_id} was already promoted to {risk_id}")]
    AlreadyPromoted {
        /// The theme.
        theme_id: String,
        /// The risk it became.
        risk_id: String,
    },
}

fn participants(w: &Workshop) -> Vec<&str> {
    w.participants
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Checks that the session can run: a facilitator and at least one participant.
///
/// # Errors
/// What is missing.
pub fn check_ready(w: &Workshop) -> Result<(), WorkshopError> {
    if participants(w).is_empty() {
        return Err(WorkshopError::NoParticipants(w.workshop_id.clone()));
    }
    if w.facilitator.trim().is_empty() {
        return Err(WorkshopError::NoFacilitator(w.workshop_id.clone()));
    }
    Ok(())
}

/// Moves to the next phase (leaving set-up needs [`check_ready`]). Returns the new phase.
///
/// # Errors
/// Leaving set-up without participants or facilitator.
pub fn advance(w: &mut Workshop) -> Result<Phase, WorkshopError> {
    if w.phase == Phase::Setup {
        check_ready(w)?;
        w.participants = participants(w).into_iter().map(str::to_owned).collect();
    }
    w.phase = w.phase.next(w.method);
    Ok(w.phase)
}

/// Moves a session of the project to its next phase ([`advance`]): leaving set-up starts recording what the
/// session creates or changes (refused while another session is still running), reaching Done keeps the
/// list as the session's outputs. Returns the new phase.
///
/// # Errors
/// No such workshop, not ready to start, or another session still running.
pub fn advance_session(
    project: &mut Project,
    workshop_id: &str,
    today: Option<IsoDate>,
) -> Result<Phase, WorkshopError> {
    let index = project
        .workshops
        .iter()
        .position(|w| w.workshop_id == workshop_id)
        .ok_or_else(|| WorkshopError::NoWorkshop(workshop_id.to_owned()))?;
    let from = project.workshops[index].phase;
    let recording = if from == Phase::Setup {
        check_ready(&project.workshops[index])?;
        if let Some(other) = project
            .workshops
            .iter()
            .find(|w| w.workshop_id != workshop_id && w.recording.is_some())
        {
            return Err(WorkshopError::AnotherRunning {
                running: other.workshop_id.clone(),
                this: workshop_id.to_owned(),
            });
        }
        Some(session::start(project, today))
    } else {
        None
    };
    let w = &mut project.workshops[index];
    let phase = advance(w)?;
    if recording.is_some() {
        w.recording = recording;
    }
    if phase == Phase::Done
        && let Some(recording) = project.workshops[index].recording.take()
    {
        let outputs = session::touched(&recording, project);
        project.workshops[index].outputs = outputs;
    }
    Ok(phase)
}

/// What a session created, changed or removed: while it runs, computed from its recording; once it ended,
/// the outputs it kept.
#[must_use]
pub fn outputs(project: &Project, w: &Workshop) -> Vec<SessionOutput> {
    w.recording.as_ref().map_or_else(
        || w.outputs.clone(),
        |recording| session::touched(recording, project),
    )
}

/// The session that is running and recording what changes in the project, if any.
#[must_use]
pub fn running(project: &Project) -> Option<&Workshop> {
    project.workshops.iter().find(|w| w.recording.is_some())
}

/// Whose turn it is in the round-robin.
#[must_use]
pub fn current_participant(w: &Workshop) -> Option<&str> {
    let list = participants(w);
    if list.is_empty() {
        None
    } else {
        Some(list[w.turn % list.len()])
    }
}

/// Passes the floor to the next participant.
pub fn pass_turn(w: &mut Workshop) {
    let n = participants(w).len().max(1);
    w.turn = (w.turn + 1) % n;
}

/// Captures the current participant's story and passes the floor on. Returns the story's id.
///
/// # Errors
/// No participants, or an empty story.
pub fn capture(w: &mut Workshop, text: &str) -> Result<String, WorkshopError> {
    let author = current_participant(w)
        .ok_or_else(|| WorkshopError::NoParticipants(w.workshop_id.clone()))?
        .to_owned();
    if text.trim().is_empty() {
        return Err(WorkshopError::EmptyStory);
    }
    let story_id = next_id("S-", w.stories.iter().map(|s| s.story_id.as_str()));
    w.stories.push(FailureStory {
        story_id: story_id.clone(),
        author,
        text: text.trim().to_owned(),
        theme_id: None,
    });
    pass_turn(w);
    Ok(story_id)
}

/// Adds a theme (named "Theme n" when `name` is blank). Returns its id.
pub fn new_theme(w: &mut Workshop, name: &str) -> String {
    let theme_id = next_id("T-", w.themes.iter().map(|t| t.theme_id.as_str()));
    let name = if name.trim().is_empty() {
        format!("Theme {}", w.themes.len() + 1)
    } else {
        name.trim().to_owned()
    };
    w.themes.push(Theme {
        theme_id: theme_id.clone(),
        name,
        ..Theme::default()
    });
    theme_id
}

/// Puts a story into a theme (`None`: takes it out of any).
///
/// # Errors
/// No such story or theme.
pub fn assign(
    w: &mut Workshop,
    story_id: &str,
    theme_id: Option<&str>,
) -> Result<(), WorkshopError> {
    if let Some(t) = theme_id
        && w.theme(t).is_none()
    {
        return Err(WorkshopError::NoTheme(t.to_owned()));
    }
    let story = w
        .stories
        .iter_mut()
        .find(|s| s.story_id == story_id)
        .ok_or_else(|| WorkshopError::NoStory(story_id.to_owned()))?;
    story.theme_id = theme_id.map(str::to_owned);
    Ok(())
}

/// Dots a participant has placed.
#[must_use]
pub fn dots_used(w: &Workshop, name: &str) -> usize {
    w.themes
        .iter()
        .map(|t| t.dots.iter().filter(|d| d.trim() == name.trim()).count())
        .sum()
}

/// Dots a participant has left.
#[must_use]
pub fn dots_left(w: &Workshop, name: &str) -> usize {
    usize::try_from(w.votes_per_person)
        .unwrap_or(usize::MAX)
        .saturating_sub(dots_used(w, name))
}

/// Places one of `name`'s dots on a theme (several dots on one theme are allowed).
///
/// # Errors
/// Not a participant, no such theme, or the budget is spent.
pub fn vote(w: &mut Workshop, name: &str, theme_id: &str) -> Result<(), WorkshopError> {
    let list = participants(w);
    let Some(who) = list
        .iter()
        .find(|p| **p == name.trim())
        .map(|p| (*p).to_owned())
    else {
        return Err(WorkshopError::NotParticipant {
            name: name.trim().to_owned(),
            participants: list.join(", "),
        });
    };
    if w.theme(theme_id).is_none() {
        return Err(WorkshopError::NoTheme(theme_id.to_owned()));
    }
    if dots_left(w, &who) == 0 {
        return Err(WorkshopError::OutOfDots {
            name: who,
            budget: w.votes_per_person,
        });
    }
    if let Some(t) = w.themes.iter_mut().find(|t| t.theme_id == theme_id) {
        t.dots.push(who);
    }
    Ok(())
}

/// Takes one of `name`'s dots back from a theme. Returns whether there was one.
pub fn unvote(w: &mut Workshop, name: &str, theme_id: &str) -> bool {
    let Some(t) = w.themes.iter_mut().find(|t| t.theme_id == theme_id) else {
        return false;
    };
    match t.dots.iter().rposition(|d| d.trim() == name.trim()) {
        Some(i) => {
            t.dots.remove(i);
            true
        }
        None => false,
    }
}

/// Themes by dots, most first (ties in the order they were made).
#[must_use]
pub fn ranked_themes(w: &Workshop) -> Vec<&Theme> {
    let mut themes: Vec<&Theme> = w.themes.iter().collect();
    themes.sort_by_key(|t| std::cmp::Reverse(t.dots.len()));
    themes
}

/// Rates a theme on the project's scales (levels from 1).
///
/// # Errors
/// No such theme, or a level outside the scale.
pub fn rate(
    w: &mut Workshop,
    theme_id: &str,
    likelihood: u8,
    impact: u8,
    matrix: &crate::model::RiskMatrix,
) -> Result<(), WorkshopError> {
    for (what, value, max) in [
        ("likelihood", likelihood, matrix.likelihood_labels.len()),
        ("impact", impact, matrix.impact_labels.len()),
    ] {
        if value == 0 || usize::from(value) > max {
            return Err(WorkshopError::OutOfScale { what, value, max });
        }
    }
    let t = w
        .themes
        .iter_mut()
        .find(|t| t.theme_id == theme_id)
        .ok_or_else(|| WorkshopError::NoTheme(theme_id.to_owned()))?;
    t.likelihood = Some(likelihood);
    t.impact = Some(impact);
    Ok(())
}

/// Promotes a rated theme to a new register risk: the theme's name is its title, its stories its
/// description, its rating the inherent rating, and the workshop its source (a document evidence link). The
/// workshop records the risk it created. Returns the risk's id.
///
/// # Errors
/// No such workshop or theme, not rated, or promoted already.
pub fn promote(
    project: &mut Project,
    workshop_id: &str,
    theme_id: &str,
) -> Result<String, WorkshopError> {
    let risk_id = crate::model::register::summary::next_risk_id(&project.risks);
    let w = project
        .workshops
        .iter_mut()
        .find(|w| w.workshop_id == workshop_id)
        .ok_or_else(|| WorkshopError::NoWorkshop(workshop_id.to_owned()))?;
    let theme = w
        .theme(theme_id)
        .ok_or_else(|| WorkshopError::NoTheme(theme_id.to_owned()))?
        .clone();
    if let Some(existing) = &theme.risk_id {
        return Err(WorkshopError::AlreadyPromoted {
            theme_id: theme_id.to_owned(),
            risk_id: existing.clone(),
        });
    }
    let (Some(likelihood), Some(impact)) = (theme.likelihood, theme.impact) else {
        return Err(WorkshopError::NotRated {
            theme_id: theme_id.to_owned(),
            name: theme.name,
        });
    };
    let stories: Vec<String> = w
        .stories_of(theme_id)
        .map(|s| format!("{} ({})", s.text, s.author))
        .collect();
    let when = w.date.map_or_else(String::new, |d| format!(" on {d}"));
    let source = format!(
        "{} workshop {} '{}'{when}, facilitated by {}",
        w.method.label(),
        w.workshop_id,
        w.title,
        w.facilitator
    );
    let description = if stories.is_empty() {
        format!("Identified in the {source}.")
    } else {
        format!(
            "Identified in the {source}. Failure stories: {}.",
            stories.join("; ")
        )
    };
    let risk = Risk {
        risk_id: risk_id.clone(),
        title: theme.name.clone(),
        description,
        inherent: Some(Rating { likelihood, impact }),
        evidence: vec![EvidenceLink {
            kind: EvidenceKind::Document,
            reference: format!("Workshop {}", w.workshop_id),
            dataset_sha256: None,
            note: format!("Source: {source}; {} dot(s) in the vote", theme.dots.len()),
            dataset_id: String::new(),
            check: None,
        }],
        ..Risk::default()
    };
    if let Some(t) = w.themes.iter_mut().find(|t| t.theme_id == theme_id) {
        t.risk_id = Some(risk_id.clone());
    }
    w.created_risks.push(risk_id.clone());
    project.risks.push(risk);
    Ok(risk_id)
}
