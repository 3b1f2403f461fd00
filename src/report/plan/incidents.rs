//! "Incidents": one subsection per recorded incident with its key facts, timeline chart, 5 Whys and fishbone
//! figures, the kill-switch decision and the recovery roadmap (register actions). Left out when the project
//! has no incidents, so other plans read as before. The measured containment effect and the data evidence
//! are in the incident report of its own (`riskbench report --incident`).

use super::Block;
use crate::model::Project;
use crate::report::incident::{containment, facts, fishbone, problems, roadmap, timeline, whys};

/// The section's heading.
pub const TITLE: &str = "Incidents";

/// Appends the section; nothing when the project has no incidents.
pub(super) fn incidents(project: &Project, blocks: &mut Vec<Block>) {
    if project.incidents.is_empty() {
        return;
    }
    blocks.push(super::h(1, TITLE));
    blocks.push(super::p(&format!(
        "{} incident{} recorded. Each has its own incident report with the measured effect of containment and \
         the evidence from data.",
        project.incidents.len(),
        if project.incidents.len() == 1 { "" } else { "s" }
    )));
    for incident in &project.incidents {
        blocks.push(super::h(
            2,
            &format!("{} {}", incident.incident_id, incident.title),
        ));
        blocks.push(facts(incident));
        problems(project, incident, blocks);
        timeline(incident, 3, blocks);
        containment(incident, None, 3, blocks);
        whys(incident, 3, blocks);
        fishbone(project, incident, 3, blocks);
        roadmap(project, incident, 3, blocks);
    }
}
