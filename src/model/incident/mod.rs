//! AI incidents: the incident record (NIST SP 800-61 phases, severity, affected groups and harms, the AI
//! Incident Database's fields), the war room and its decisions, the timeline, the kill-switch decision, the
//! root-cause analysis (a branching 5 Whys tree and a fishbone with the ML categories), the links to the
//! barriers, FMEA rows, audits and drift results that bear on it, governance changes and the recovery roadmap
//! (register actions).
//!
//! The data and its rules live here; the fishbone layout is [`fishbone_layout`], the measured containment
//! effect is in `crate::analysis::incident`. Nothing in a loaded incident is dropped for being inconsistent:
//! [`Incident::problems`] names what does not make sense (an event outside the incident, a 5 Whys cycle, a
//! cause linked to a deleted barrier) and the data stays as it is until a person fixes it.

mod checks;
pub mod diagrams;
mod fishbone;
pub mod fishbone_layout;
mod roadmap;
pub mod sample;
mod time;
mod whys;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use crate::model::severity::Severity;
pub use checks::{IncidentFlag, IncidentProblem, flags_for_barrier, incident_flags};
pub use fishbone::{Fishbone, FishboneCategory, FishboneCause};
pub use roadmap::{RoadmapItem, add_corrective_action, incidents_of_action, recovery_roadmap};
pub use time::{Timestamp, TimestampParseError};
pub use whys::{FiveWhys, Why, WhyError};

/// The incident-handling phases of NIST SP 800-61 (preparation is the risk assessment itself).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Phase {
    /// Detection and analysis.
    #[default]
    Detection,
    /// Containment.
    Containment,
    /// Eradication and recovery.
    Recovery,
    /// Post-incident activity (lessons learned).
    PostIncident,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Self; 4] = [
        Self::Detection,
        Self::Containment,
        Self::Recovery,
        Self::PostIncident,
    ];

    /// Label as NIST SP 800-61 names the phase.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Detection => "Detection and analysis",
            Self::Containment => "Containment",
            Self::Recovery => "Eradication and recovery",
            Self::PostIncident => "Post-incident activity",
        }
    }
}

/// One phase's dates and notes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PhaseRecord {
    /// When the phase started.
    pub start: Option<Timestamp>,
    /// When it ended (`None` while under way).
    pub end: Option<Timestamp>,
    /// What was done.
    pub notes: String,
}

/// The four phases of the incident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Phases {
    /// Detection and analysis.
    pub detection: PhaseRecord,
    /// Containment.
    pub containment: PhaseRecord,
    /// Eradication and recovery.
    pub recovery: PhaseRecord,
    /// Post-incident activity.
    pub post_incident: PhaseRecord,
}

impl Phases {
    /// The record of `phase`.
    #[must_use]
    pub fn get(&self, phase: Phase) -> &PhaseRecord {
        match phase {
            Phase::Detection => &self.detection,
            Phase::Containment => &self.containment,
            Phase::Recovery => &self.recovery,
            Phase::PostIncident => &self.post_incident,
        }
    }

    /// The record of `phase`, to edit.
    pub fn get_mut(&mut self, phase: Phase) -> &mut PhaseRecord {
        match phase {
            Phase::Detection => &mut self.detection,
            Phase::Containment => &mut self.containment,
            Phase::Recovery => &mut self.recovery,
            Phase::PostIncident => &mut self.post_incident,
        }
    }
}

/// Harm types offered in the editor, after the AI Incident Database's CSET taxonomy (free text is allowed).
pub const HARM_TYPES: [&str; 7] = [
    "Discrimination / unfair treatment",
    "Harm to civil liberties (expression, speech)",
    "Psychological harm",
    "Financial loss",
    "Reputational harm",
    "Physical harm",
    "Harm to the natural environment",
];

/// The fields the AI Incident Database asks for when an incident is submitted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AiidFields {
    /// Who deployed the system.
    pub deployer: String,
    /// Who developed it.
    pub developer: String,
    /// Who was harmed.
    pub harmed_parties: Vec<String>,
    /// The kind of harm (see [`HARM_TYPES`]).
    pub harm_type: String,
}

/// The functions represented in the war room.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum WarRoomFunction {
    /// Engineering (ML, data, platform).
    #[default]
    Engineering,
    /// Legal and compliance.
    Legal,
    /// Communications and press.
    Communications,
    /// Executive decision makers.
    Executive,
}

impl WarRoomFunction {
    /// Every function, in display order.
    pub const ALL: [Self; 4] = [
        Self::Engineering,
        Self::Legal,
        Self::Communications,
        Self::Executive,
    ];

    /// Label for tables and pickers.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Engineering => "Engineering",
            Self::Legal => "Legal",
            Self::Communications => "Communications",
            Self::Executive => "Executive",
        }
    }
}

/// A person in the war room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct WarRoomMember {
    /// Full name.
    pub name: String,
    /// The function they represent.
    pub function: WarRoomFunction,
    /// Job title or responsibility in the incident.
    pub role: String,
}

/// A decision taken in the war room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Decision {
    /// `D-1`, `D-2`, … within the incident.
    pub decision_id: String,
    /// When it was taken.
    pub at: Option<Timestamp>,
    /// What was decided.
    pub text: String,
    /// Who took it (names of war-room members).
    pub made_by: Vec<String>,
}

/// One timestamped event on the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEvent {
    /// `E-1`, `E-2`, … within the incident.
    pub event_id: String,
    /// When it happened.
    pub at: Timestamp,
    /// What happened.
    #[serde(default)]
    pub text: String,
    /// The phase it belongs to.
    #[serde(default)]
    pub phase: Phase,
}

/// What the system falls back to once the kill switch is pulled: the same choice as the plan's kill-switch
/// criteria (one type, so an incident's decision and the plan's criteria read alike).
pub use super::kill_switch::Fallback;

/// Where the containment effect is measured: a dataset with a date column, the group column and the decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct EffectData {
    /// The dataset (`ds-2`).
    pub dataset_id: String,
    /// Its date column (`YYYY-MM-DD`).
    pub time_column: String,
    /// The group column (e.g. the dialect).
    pub group_column: String,
    /// The decision column (e.g. `removed`).
    pub decision_column: String,
    /// The decision value counted (e.g. `1`).
    pub decision_value: String,
    /// The ground-truth column, when there is one (e.g. `appeal_outcome`); empty when there is none.
    pub label_column: String,
    /// The ground-truth value that means the decision should not have been taken (e.g. `0`: the post breaks no rule).
    pub label_negative: String,
    /// Days compared on each side of the day the switch was pulled (0: 14 days).
    pub window_days: u32,
}

/// The kill-switch decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct KillSwitch {
    /// The criteria for pulling it, as the plan states them.
    pub criteria: String,
    /// Who pulled it.
    pub pulled_by: String,
    /// When (`None`: not pulled).
    pub pulled_at: Option<Timestamp>,
    /// What replaced the model.
    pub fallback: Fallback,
    /// Notes (scope, rollback plan).
    pub notes: String,
    /// The data that measures its effect, when there is some.
    pub effect_data: Option<EffectData>,
}

/// A corrective action of the incident: a register action (the recovery roadmap).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ActionLink {
    /// The register risk.
    pub risk_id: String,
    /// The action of that risk.
    pub action_id: String,
}

/// One AI incident.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Incident {
    /// `INC-1`, `INC-2`, …
    pub incident_id: String,
    /// Short title.
    pub title: String,
    /// What happened, in a paragraph (internal).
    pub summary: String,
    /// How bad it is.
    pub severity: Severity,
    /// When the incident began (first harm or first report).
    pub opened: Option<Timestamp>,
    /// When it was closed (`None` while open).
    pub closed: Option<Timestamp>,
    /// The NIST SP 800-61 phases.
    pub phases: Phases,
    /// Groups affected.
    pub affected_groups: Vec<String>,
    /// Harms done, one per item.
    pub harms: Vec<String>,
    /// The AI Incident Database's fields.
    pub aiid: AiidFields,
    /// The war room.
    pub war_room: Vec<WarRoomMember>,
    /// Decisions of the war room.
    pub decisions: Vec<Decision>,
    /// Timestamped events.
    pub timeline: Vec<TimelineEvent>,
    /// The kill-switch decision.
    pub kill_switch: Option<KillSwitch>,
    /// 5 Whys.
    pub whys: FiveWhys,
    /// Fishbone.
    pub fishbone: Fishbone,
    /// Corrective actions (register actions): the recovery roadmap.
    pub actions: Vec<ActionLink>,
    /// Saved fairness audits that bear on the incident.
    pub audit_ids: Vec<String>,
    /// Saved drift results that bear on it.
    pub drift_ids: Vec<String>,
    /// Governance changes decided because of it.
    pub governance_changes: Vec<String>,
    /// Lessons learned (internal).
    pub lessons: String,
    /// The statement for public disclosure (printed in the report's public section).
    pub public_statement: String,
}

impl Incident {
    /// An empty incident with this id.
    #[must_use]
    pub fn new(incident_id: impl Into<String>) -> Self {
        Self {
            incident_id: incident_id.into(),
            ..Self::default()
        }
    }

    /// The timeline sorted by time (stable: events at the same minute keep their order).
    #[must_use]
    pub fn sorted_timeline(&self) -> Vec<&TimelineEvent> {
        let mut events: Vec<&TimelineEvent> = self.timeline.iter().collect();
        events.sort_by_key(|e| e.at);
        events
    }

    /// Adds an event with the next free id and returns that id.
    pub fn add_event(&mut self, at: Timestamp, text: &str, phase: Phase) -> String {
        let event_id =
            crate::model::ids::next_id("E-", self.timeline.iter().map(|e| e.event_id.as_str()));
        self.timeline.push(TimelineEvent {
            event_id: event_id.clone(),
            at,
            text: text.to_owned(),
            phase,
        });
        event_id
    }

    /// Adds a war-room decision with the next free id and returns that id.
    pub fn add_decision(&mut self, at: Option<Timestamp>, text: &str, made_by: &[&str]) -> String {
        let decision_id =
            crate::model::ids::next_id("D-", self.decisions.iter().map(|d| d.decision_id.as_str()));
        self.decisions.push(Decision {
            decision_id: decision_id.clone(),
            at,
            text: text.to_owned(),
            made_by: made_by.iter().map(|s| (*s).to_owned()).collect(),
        });
        decision_id
    }

    /// The timeline as CSV (`event_id,time,phase,event`), sorted by time, quoted where needed.
    #[must_use]
    pub fn timeline_csv(&self) -> String {
        let mut out = String::from("event_id,time,phase,event\n");
        for e in self.sorted_timeline() {
            let row = [
                e.event_id.clone(),
                e.at.to_string(),
                e.phase.label().to_owned(),
                e.text.clone(),
            ];
            let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }
}

fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The next free incident id (`INC-1`, `INC-2`, …).
#[must_use]
pub fn next_incident_id(incidents: &[Incident]) -> String {
    crate::model::ids::next_id("INC-", incidents.iter().map(|i| i.incident_id.as_str()))
}
