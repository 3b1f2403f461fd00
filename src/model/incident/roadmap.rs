//! The recovery roadmap: an incident's corrective actions are actions of register risks (with owners and due
//! dates), so the treatment tracker follows them like any other action and shows which incident they serve.

use super::{ActionLink, Incident};
use crate::model::fmea::ActionStatus;
use crate::model::register::Action;
use crate::model::{IsoDate, Project};

/// One line of the recovery roadmap.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadmapItem {
    /// The register risk.
    pub risk_id: String,
    /// Its title (empty when the risk is gone).
    pub risk_title: String,
    /// The action.
    pub action_id: String,
    /// What is to be done (empty when the action is gone).
    pub description: String,
    /// Who does it.
    pub owner: String,
    /// By when.
    pub due: Option<IsoDate>,
    /// Its status (`None` when the action is gone from the register).
    pub status: Option<ActionStatus>,
}

/// Adds a corrective action to risk `risk_id` of the register and to the roadmap of incident `incident_id`;
/// returns the new action's id (`A1`, `A2`, … within the risk).
///
/// # Errors
/// A message naming the incident or risk that does not exist (nothing is changed).
pub fn add_corrective_action(
    project: &mut Project,
    incident_id: &str,
    risk_id: &str,
    description: &str,
    owner: &str,
    due: Option<IsoDate>,
) -> Result<String, String> {
    if !project
        .incidents
        .iter()
        .any(|i| i.incident_id == incident_id)
    {
        return Err(format!("there is no incident {incident_id}"));
    }
    let risk = project
        .risks
        .iter_mut()
        .find(|r| r.risk_id == risk_id)
        .ok_or_else(|| format!("there is no risk {risk_id} in the register"))?;
    let action_id =
        crate::model::ids::next_id("A", risk.actions.iter().map(|a| a.action_id.as_str()));
    risk.actions.push(Action {
        action_id: action_id.clone(),
        description: description.to_owned(),
        owner: owner.to_owned(),
        due,
        status: ActionStatus::Open,
        kri: String::new(),
        effort_days: None,
        cost: None,
    });
    if let Some(inc) = project
        .incidents
        .iter_mut()
        .find(|i| i.incident_id == incident_id)
    {
        inc.actions.push(ActionLink {
            risk_id: risk_id.to_owned(),
            action_id: action_id.clone(),
        });
    }
    Ok(action_id)
}

/// The incident's corrective actions as the register holds them, ordered by due date (undated last), then
/// risk and action id.
#[must_use]
pub fn recovery_roadmap(project: &Project, incident: &Incident) -> Vec<RoadmapItem> {
    let mut out: Vec<RoadmapItem> = incident
        .actions
        .iter()
        .map(|l| {
            let risk = project.risks.iter().find(|r| r.risk_id == l.risk_id);
            let action = risk.and_then(|r| r.actions.iter().find(|a| a.action_id == l.action_id));
            RoadmapItem {
                risk_id: l.risk_id.clone(),
                risk_title: risk.map(|r| r.title.clone()).unwrap_or_default(),
                action_id: l.action_id.clone(),
                description: action.map(|a| a.description.clone()).unwrap_or_default(),
                owner: action.map(|a| a.owner.clone()).unwrap_or_default(),
                due: action.and_then(|a| a.due),
                status: action.map(|a| a.status),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (
            a.due.is_none(),
            a.due,
            crate::model::ids::id_order(&a.risk_id),
            &a.action_id,
        )
            .cmp(&(
                b.due.is_none(),
                b.due,
                crate::model::ids::id_order(&b.risk_id),
                &b.action_id,
            ))
    });
    out
}

/// The incidents whose roadmap holds action `action_id` of risk `risk_id` (for the treatment tracker).
#[must_use]
pub fn incidents_of_action<'a>(
    project: &'a Project,
    risk_id: &str,
    action_id: &str,
) -> Vec<&'a str> {
    project
        .incidents
        .iter()
        .filter(|i| {
            i.actions
                .iter()
                .any(|l| l.risk_id == risk_id && l.action_id == action_id)
        })
        .map(|i| i.incident_id.as_str())
        .collect()
}
