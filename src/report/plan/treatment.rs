//! "Treatment plan" (§11): one subsection per risk, highest residual first — the treatment chosen and why,
//! the controls relied on (with the mitigations tested on the data and the residual-rating suggestion that
//! cites them), the actions with owners, due dates, resources (effort and cost) and KRIs, the
//! evidence and the open points.

use super::register::{band_name, by_residual, trustworthiness_names};
use super::{
    Block, Callout, CalloutKind, Cell, Column, DataTable, KeyValue, RichText, h, or_dash, p,
};
use crate::model::register::{TreatmentOption, amount_text};
use crate::model::{IsoDate, Project};

/// "Treatment plan": one subsection per risk, highest residual first.
pub(super) fn treatment_plan(
    project: &Project,
    title: &str,
    date: IsoDate,
    blocks: &mut Vec<Block>,
) {
    blocks.push(h(1, title));
    if project.risks.is_empty() {
        blocks.push(p("No risks are recorded, so there is nothing to treat."));
        return;
    }
    blocks.push(p(
        "For each risk, highest residual first: the treatment option chosen (NIST AI RMF MANAGE 1.3) and why, \
         the controls relied on with their tested effectiveness, and the actions with owners, due dates and \
         the key risk indicators that show whether they work.",
    ));
    let settings = &project.settings;
    let matrix = &settings.risk_matrix;
    for risk in by_residual(project) {
        blocks.push(h(2, &format!("{} {}", risk.risk_id, risk.title)));
        if !risk.description.trim().is_empty() {
            blocks.push(p(&risk.description));
        }
        let mut kv = vec![
            KeyValue::new(
                "Cause → event → consequence",
                format!(
                    "{} → {} → {}",
                    or_dash(&risk.cause),
                    or_dash(&risk.event),
                    or_dash(&risk.consequence)
                ),
            ),
            KeyValue::new("Category", trustworthiness_names(risk)),
            KeyValue::new(
                "MIT AI Risk Repository",
                match (&risk.mit_domain, &risk.mit_subdomain) {
                    (_, Some(sub)) => format!("subdomain {sub}"),
                    (Some(domain), None) => format!("domain {domain}"),
                    (None, None) => "—".to_owned(),
                },
            ),
            KeyValue::new("NIST AI RMF", or_dash(&risk.rmf_subcategories.join(", "))),
            KeyValue::new("Affected groups", or_dash(&risk.affected_groups.join("; "))),
            KeyValue::new(
                "Owner",
                format!(
                    "{} ({})",
                    or_dash(&risk.owner),
                    risk.line_of_defence.label()
                ),
            ),
            KeyValue::new(
                "Rating",
                format!(
                    "inherent {} ({}) → residual {} ({})",
                    risk.inherent.map_or_else(
                        || "—".to_owned(),
                        |r| format!("L{} × I{}", r.likelihood, r.impact)
                    ),
                    band_name(matrix, risk.inherent),
                    risk.residual.map_or_else(
                        || "—".to_owned(),
                        |r| format!("L{} × I{}", r.likelihood, r.impact)
                    ),
                    band_name(matrix, risk.residual)
                ),
            ),
            KeyValue::new(
                "Treatment",
                format!(
                    "{}: {}",
                    risk.treatment.map_or("Not chosen", TreatmentOption::label),
                    or_dash(&risk.treatment_rationale)
                ),
            ),
            KeyValue::new(
                "Status and review",
                format!(
                    "{}; next review {}",
                    risk.status.label(),
                    risk.review_date
                        .map_or_else(|| "not set".to_owned(), |d| d.to_string())
                ),
            ),
        ];
        if !risk.business_impact.kpi.trim().is_empty()
            || risk.business_impact.estimated_cost.is_some()
        {
            kv.push(KeyValue::new(
                "Business impact",
                format!(
                    "{}{}",
                    or_dash(&risk.business_impact.kpi),
                    risk.business_impact
                        .estimated_cost
                        .map(|c| format!(
                            "; estimated cost {} {}",
                            thousands(c),
                            risk.business_impact.currency
                        ))
                        .unwrap_or_default()
                ),
            ));
        }
        blocks.push(Block::KeyValues(kv));
        if !risk.controls.is_empty() {
            blocks.push(Block::Table(DataTable {
                caption: String::new(),
                columns: vec![
                    Column::new("Control", 2.2),
                    Column::new("What it does", 4.0),
                    Column::new("Effectiveness", 1.3),
                    Column::new("Owner", 1.8),
                ],
                rows: risk
                    .controls
                    .iter()
                    .map(|c| {
                        vec![
                            Cell::new(or_dash(&c.name)),
                            Cell::new(or_dash(&c.description)),
                            Cell::new(c.effectiveness.label()),
                            Cell::new(or_dash(&c.owner)),
                        ]
                    })
                    .collect(),
                empty_text: String::new(),
            }));
        }
        super::mitigation::risk_citations(project, &risk.risk_id, blocks);
        blocks.push(Block::Table(DataTable {
            caption: String::new(),
            columns: vec![
                Column::new("#", 0.5),
                Column::new("Action", 3.0),
                Column::new("Owner", 1.5),
                Column::new("Due", 1.4),
                Column::new("Status", 1.1),
                Column::new("Resources", 1.3),
                Column::new("KRI / trigger", 2.1),
            ],
            rows: risk
                .actions
                .iter()
                .map(|a| {
                    let due = Cell::new(a.due.map_or_else(|| "—".to_owned(), |d| d.to_string()));
                    vec![
                        Cell::new(or_dash(&a.action_id)),
                        Cell::new(or_dash(&a.description)),
                        Cell::new(or_dash(&a.owner)),
                        if a.is_overdue(date) {
                            due.fill(super::palette::FAIL).bold()
                        } else {
                            due
                        },
                        Cell::new(a.status.label()),
                        Cell::new(resources(
                            a.effort_days,
                            a.cost,
                            &risk.business_impact.currency,
                        )),
                        Cell::new(or_dash(&a.kri)),
                    ]
                })
                .collect(),
            empty_text: "No actions.".to_owned(),
        }));
        if let Some(total) = resource_total(&risk.actions, &risk.business_impact.currency) {
            blocks.push(p(&total));
        }
        if !risk.evidence.is_empty() {
            blocks.push(Block::Bullets(
                risk.evidence
                    .iter()
                    .map(|e| {
                        RichText::plain(format!(
                            "{}: {}{}{}",
                            e.kind.label(),
                            or_dash(&e.reference),
                            if e.note.trim().is_empty() {
                                String::new()
                            } else {
                                format!(" — {}", e.note)
                            },
                            e.dataset_sha256
                                .as_deref()
                                .map(|s| format!(" (data SHA-256 {}…)", s.get(..12).unwrap_or(s)))
                                .unwrap_or_default()
                        ))
                    })
                    .collect(),
            ));
        }
        let mut problems = risk.all_problems(settings, date);
        if let Some(reason) = &risk.needs_review {
            problems.insert(0, format!("needs review: {reason}"));
        }
        if !problems.is_empty() {
            blocks.push(Block::Callout(Callout {
                kind: CalloutKind::Warning,
                title: "Open points".to_owned(),
                body: RichText::plain(format!("{}.", problems.join("; "))),
            }));
        }
    }
}

/// An action's resources for its table cell: "3 person-days" and the cost on the next line, or "—".
fn resources(effort_days: Option<f64>, cost: Option<f64>, currency: &str) -> String {
    let mut parts = Vec::new();
    if let Some(e) = effort_days {
        parts.push(format!("{} person-days", amount_text(e)));
    }
    if let Some(c) = cost {
        parts.push(money(c, currency));
    }
    if parts.is_empty() {
        "—".to_owned()
    } else {
        parts.join("\n")
    }
}

fn money(value: f64, currency: &str) -> String {
    if currency.trim().is_empty() {
        thousands(value)
    } else {
        format!("{} {}", thousands(value), currency.trim())
    }
}

/// The resources of a risk's actions added up, when any action has some.
fn resource_total(actions: &[crate::model::register::Action], currency: &str) -> Option<String> {
    let with: Vec<_> = actions
        .iter()
        .filter(|a| a.effort_days.is_some() || a.cost.is_some())
        .collect();
    if with.is_empty() {
        return None;
    }
    let effort: f64 = with.iter().filter_map(|a| a.effort_days).sum();
    let cost: f64 = with.iter().filter_map(|a| a.cost).sum();
    let missing = actions.len() - with.len();
    Some(format!(
        "Resources for these actions: **{} person-days** and **{}**{}.",
        amount_text(effort),
        money(cost, currency),
        if missing == 0 {
            String::new()
        } else {
            format!(" ({missing} action(s) not estimated yet)")
        }
    ))
}

pub(super) fn thousands(value: f64) -> String {
    #[expect(
        clippy::cast_possible_truncation,
        reason = "costs are far below i64::MAX"
    )]
    let whole = value.round() as i64;
    let digits = whole.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if whole < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::register::Action;

    #[test]
    fn resources_are_printed_per_action_and_added_up() {
        assert_eq!(resources(None, None, "EUR"), "—");
        assert_eq!(resources(Some(2.5), None, ""), "2.5 person-days");
        assert_eq!(
            resources(Some(3.0), Some(12_500.0), "EUR"),
            "3 person-days\n12,500 EUR"
        );
        let actions = vec![
            Action {
                effort_days: Some(3.0),
                cost: Some(12_500.0),
                ..Action::default()
            },
            Action {
                effort_days: Some(1.5),
                ..Action::default()
            },
            Action::default(),
        ];
        assert_eq!(
            resource_total(&actions, "EUR").as_deref(),
            Some(
                "Resources for these actions: **4.5 person-days** and **12,500 EUR** (1 action(s) not \
                 estimated yet)."
            )
        );
        assert_eq!(resource_total(&actions[2..], "EUR"), None);
    }
}
