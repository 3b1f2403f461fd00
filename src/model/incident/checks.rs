//! What does not make sense in an incident, and what an incident says about the rest of the project.
//!
//! [`Incident::problems`] lists, in words, an event or decision outside the incident's span, phases that end
//! before they start, a 5 Whys loop, and links to barriers, FMEA rows, audits, drift results or register
//! actions that are not (or no longer) in the project. Nothing is removed: the link stays until a person
//! relinks or clears it. [`incident_flags`] turns the fishbone's links into the flags shown on barriers and
//! FMEA rows ("barrier failed in incident INC-1").

use super::{Incident, Timestamp};
use crate::model::Project;

/// One problem in an incident, with the item it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentProblem {
    /// The item, e.g. `event E-3` or `cause C-2`.
    pub item: String,
    /// What is wrong and what to do.
    pub problem: String,
}

impl std::fmt::Display for IncidentProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.item, self.problem)
    }
}

fn span_text(opened: Option<Timestamp>, closed: Option<Timestamp>) -> String {
    match (opened, closed) {
        (Some(o), Some(c)) => format!("{o} to {c}"),
        (Some(o), None) => format!("from {o} (still open)"),
        (None, Some(c)) => format!("until {c}"),
        (None, None) => "unknown".to_owned(),
    }
}

impl Incident {
    /// Whether `at` lies within the incident (from `opened` to `closed`, either end open when unset).
    #[must_use]
    pub fn contains(&self, at: Timestamp) -> bool {
        self.opened.is_none_or(|o| at >= o) && self.closed.is_none_or(|c| at <= c)
    }

    /// Everything in the incident that does not make sense in `project`; changes nothing.
    #[must_use]
    pub fn problems(&self, project: &Project) -> Vec<IncidentProblem> {
        let mut out = Vec::new();
        let mut push = |item: String, problem: String| out.push(IncidentProblem { item, problem });
        let span = span_text(self.opened, self.closed);
        if let (Some(o), Some(c)) = (self.opened, self.closed)
            && c < o
        {
            push(
                "incident".to_owned(),
                format!("it closes ({c}) before it opens ({o}): correct one of the two"),
            );
        }
        for e in &self.timeline {
            if !self.contains(e.at) {
                push(
                    format!("event {}", e.event_id),
                    format!(
                        "its time {} is outside the incident ({span}): correct the time or the incident's \
                         opening and closing",
                        e.at
                    ),
                );
            }
        }
        for d in &self.decisions {
            if let Some(at) = d.at
                && !self.contains(at)
            {
                push(
                    format!("decision {}", d.decision_id),
                    format!("its time {at} is outside the incident ({span})"),
                );
            }
            for name in &d.made_by {
                if !self.war_room.iter().any(|m| m.name == *name) {
                    push(
                        format!("decision {}", d.decision_id),
                        format!("it was made by {name:?}, who is not in the war room"),
                    );
                }
            }
        }
        if let Some(k) = &self.kill_switch
            && let Some(at) = k.pulled_at
            && !self.contains(at)
        {
            push(
                "kill switch".to_owned(),
                format!("it was pulled at {at}, outside the incident ({span})"),
            );
        }
        for phase in super::Phase::ALL {
            let r = self.phases.get(phase);
            if let (Some(s), Some(e)) = (r.start, r.end)
                && e < s
            {
                push(
                    format!("phase {:?}", phase.label()),
                    format!("it ends ({e}) before it starts ({s})"),
                );
            }
        }
        if let Some(cycle) = self.whys.cycle() {
            push(
                "5 Whys".to_owned(),
                format!(
                    "the answers {} form a loop (a cause cannot explain itself): move one of them under \
                     another answer or the problem",
                    cycle.join(" → ")
                ),
            );
        }
        for w in self.whys.orphans() {
            push(
                format!("answer {}", w.why_id),
                format!(
                    "it answers {}, which is not in the 5 Whys; it is shown under the problem",
                    w.parent_id.as_deref().unwrap_or("")
                ),
            );
        }
        let barrier_ids = crate::model::consistency::barrier_ids(project);
        let fmea_rows = crate::model::consistency::fmea_row_refs(project);
        for c in &self.fishbone.causes {
            if let Some(b) = &c.barrier_id
                && !barrier_ids.contains(b.as_str())
            {
                push(
                    format!("cause {}", c.cause_id),
                    format!(
                        "it links to barrier {b}, which is no longer in the barrier library; the link is kept \
                         until you link another barrier or clear it"
                    ),
                );
            }
            if let Some(r) = &c.fmea_row
                && !fmea_rows.contains(r)
            {
                push(
                    format!("cause {}", c.cause_id),
                    format!(
                        "it links to FMEA row {r}, which is not in the project's worksheets; the link is kept \
                         until you link another row or clear it"
                    ),
                );
            }
        }
        for a in &self.audit_ids {
            if !project.audits.iter().any(|x| x.audit_id == *a) {
                push(
                    format!("audit {a}"),
                    "the incident links to it, but the project has no such saved audit".to_owned(),
                );
            }
        }
        for d in &self.drift_ids {
            if !project.drift.drifts.iter().any(|x| x.drift_id == *d) {
                push(
                    format!("drift {d}"),
                    "the incident links to it, but the project has no such drift result".to_owned(),
                );
            }
        }
        for l in &self.actions {
            let found = project
                .risks
                .iter()
                .find(|r| r.risk_id == l.risk_id)
                .is_some_and(|r| r.actions.iter().any(|a| a.action_id == l.action_id));
            if !found {
                push(
                    format!("action {} of {}", l.action_id, l.risk_id),
                    "the recovery roadmap names it, but the register has no such action".to_owned(),
                );
            }
        }
        out
    }
}

/// A flag an incident puts on a barrier or an FMEA row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IncidentFlag {
    /// `barrier` or `fmea_row`.
    pub kind: &'static str,
    /// The barrier id or `worksheet/row`.
    pub target: String,
    /// The incident.
    pub incident_id: String,
    /// The cause that names it.
    pub cause_id: String,
}

impl std::fmt::Display for IncidentFlag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            "barrier" => write!(
                f,
                "barrier {} failed in incident {}",
                self.target, self.incident_id
            ),
            _ => write!(
                f,
                "FMEA row {} missed incident {}",
                self.target, self.incident_id
            ),
        }
    }
}

/// Every barrier and FMEA row flagged by a fishbone cause of an incident, sorted and without repeats per
/// (target, incident).
#[must_use]
pub fn incident_flags(project: &Project) -> Vec<IncidentFlag> {
    let mut out: Vec<IncidentFlag> = Vec::new();
    for inc in &project.incidents {
        for c in &inc.fishbone.causes {
            if let Some(b) = &c.barrier_id {
                out.push(IncidentFlag {
                    kind: "barrier",
                    target: b.clone(),
                    incident_id: inc.incident_id.clone(),
                    cause_id: c.cause_id.clone(),
                });
            }
            if let Some(r) = &c.fmea_row {
                out.push(IncidentFlag {
                    kind: "fmea_row",
                    target: r.clone(),
                    incident_id: inc.incident_id.clone(),
                    cause_id: c.cause_id.clone(),
                });
            }
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.kind == b.kind && a.target == b.target && a.incident_id == b.incident_id);
    out
}

/// The flags on one barrier, in words ("barrier B-3 failed in incident INC-1").
#[must_use]
pub fn flags_for_barrier(project: &Project, barrier_id: &str) -> Vec<String> {
    incident_flags(project)
        .into_iter()
        .filter(|f| f.kind == "barrier" && f.target == barrier_id)
        .map(|f| f.to_string())
        .collect()
}
