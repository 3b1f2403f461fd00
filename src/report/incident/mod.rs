//! The incident report of one incident (`riskbench report PROJECT --incident INC-1`): an internal
//! post-mortem (summary, timeline, response and war room, containment with its measured effect, root cause,
//! evidence from audits and drift, recovery roadmap, lessons) followed by a section marked for public
//! disclosure (the public statement and the AI Incident Database's fields), which can be published as it is.
//!
//! Like the plan, the report is built as a [`ReportDoc`] from values the caller computed (audit results, the
//! containment effect); nothing here reads files.

mod blocks;

pub(crate) use blocks::{containment, facts, fishbone, problems, roadmap, timeline, whys};

use crate::analysis::audit::AuditEvidence;
use crate::analysis::fairness::Metric;
use crate::analysis::incident::ContainmentEffect;
use crate::model::incident::Incident;
use crate::model::{IsoDate, Project};
use crate::report::doc::{
    Align, Block, Callout, CalloutKind, Cell, Column, DataTable, DocMeta, KeyValue, Person,
    ReportDoc, RichText,
};
use blocks::{h, or_dash, p};

/// The heading of the section meant for publication.
pub const PUBLIC_SECTION: &str = "For public disclosure";

fn people(list: &[crate::model::Person]) -> Vec<Person> {
    list.iter()
        .map(|x| Person::new(x.name.clone(), x.role.clone()))
        .collect()
}

/// Builds the incident report of `incident`, dated `date`, with the results of the saved audits the incident
/// links to (pass every audit's result; the others are ignored) and the measured containment effect.
#[must_use]
pub fn build(
    project: &Project,
    incident: &Incident,
    date: IsoDate,
    audits: &[AuditEvidence],
    effect: Option<&ContainmentEffect>,
) -> ReportDoc {
    let m = &project.metadata;
    let meta = DocMeta {
        title: format!("Incident report {}", incident.incident_id),
        subtitle: incident.title.clone(),
        system_name: m.system_name.clone(),
        organisation: m.organisation.clone(),
        classification: m.classification.label().to_owned(),
        authors: people(&m.authors),
        approvers: people(&m.approvers),
        subject: format!(
            "Post-mortem of incident {} of {}",
            incident.incident_id, m.system_name
        ),
        keywords: vec![
            "AI incident".to_owned(),
            "post-mortem".to_owned(),
            m.system_name.clone(),
        ],
        date: date.to_string(),
        version: or_dash(&m.system_version),
        status: if incident.closed.is_some() {
            "Closed"
        } else {
            "Open"
        }
        .to_owned(),
        next_review: String::new(),
    };
    let mut b = vec![Block::TableOfContents];
    b.push(h(1, "Summary"));
    b.push(Block::Callout(Callout {
        kind: CalloutKind::Note,
        title: "Internal post-mortem".to_owned(),
        body: RichText::plain(format!(
            "Sections 1 to 7 are internal. Section 8, \"{PUBLIC_SECTION}\", is written to be published as it is."
        )),
    }));
    b.push(facts(incident));
    if !incident.summary.trim().is_empty() {
        b.push(p(&incident.summary));
    }
    problems(project, incident, &mut b);
    timeline(incident, 1, &mut b);
    response(incident, &mut b);
    containment(incident, effect, 1, &mut b);
    b.push(h(1, "Root cause"));
    whys(incident, 2, &mut b);
    fishbone(project, incident, 2, &mut b);
    evidence(project, incident, audits, &mut b);
    roadmap(project, incident, 1, &mut b);
    b.push(h(1, "Lessons learned"));
    b.push(p(&or_dash(&incident.lessons)));
    public(project, incident, &mut b);
    ReportDoc {
        meta,
        blocks: b,
        options: crate::report::RenderOptions::default(),
    }
}

fn response(incident: &Incident, b: &mut Vec<Block>) {
    use crate::model::incident::Phase;
    b.push(h(1, "Response"));
    b.push(Block::Table(DataTable {
        caption: "Phases (NIST SP 800-61)".to_owned(),
        columns: vec![
            Column::new("Phase", 34.0),
            Column::new("Start", 26.0),
            Column::new("End", 26.0),
            Column::new("What was done", 84.0),
        ],
        rows: Phase::ALL
            .iter()
            .map(|ph| {
                let r = incident.phases.get(*ph);
                vec![
                    Cell::new(ph.label()),
                    Cell::new(r.start.map_or_else(|| "—".to_owned(), |t| t.to_string())),
                    Cell::new(r.end.map_or_else(|| "—".to_owned(), |t| t.to_string())),
                    Cell::new(or_dash(&r.notes)),
                ]
            })
            .collect(),
        empty_text: String::new(),
    }));
    b.push(Block::Table(DataTable {
        caption: "War room".to_owned(),
        columns: vec![
            Column::new("Name", 44.0),
            Column::new("Function", 36.0),
            Column::new("Role", 90.0),
        ],
        rows: incident
            .war_room
            .iter()
            .map(|x| {
                vec![
                    Cell::new(x.name.clone()),
                    Cell::new(x.function.label()),
                    Cell::new(or_dash(&x.role)),
                ]
            })
            .collect(),
        empty_text: "No war room recorded".to_owned(),
    }));
    b.push(Block::Table(DataTable {
        caption: "Decisions".to_owned(),
        columns: vec![
            Column::new("ID", 12.0),
            Column::new("Time", 28.0),
            Column::new("Decision", 90.0),
            Column::new("Made by", 40.0),
        ],
        rows: incident
            .decisions
            .iter()
            .map(|d| {
                vec![
                    Cell::new(d.decision_id.clone()),
                    Cell::new(d.at.map_or_else(|| "—".to_owned(), |t| t.to_string())),
                    Cell::new(d.text.clone()),
                    Cell::new(or_dash(&d.made_by.join(", "))),
                ]
            })
            .collect(),
        empty_text: "No decisions recorded".to_owned(),
    }));
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

fn evidence(project: &Project, incident: &Incident, audits: &[AuditEvidence], b: &mut Vec<Block>) {
    b.push(h(1, "Evidence from data"));
    if incident.audit_ids.is_empty() && incident.drift_ids.is_empty() {
        b.push(p("The incident links to no audit or drift result."));
        return;
    }
    for audit_id in &incident.audit_ids {
        let Some(saved) = project.audits.iter().find(|a| a.audit_id == *audit_id) else {
            b.push(p(&format!("Audit {audit_id} is no longer in the project.")));
            continue;
        };
        let Some(ev) = audits.iter().find(|e| e.name == saved.name) else {
            b.push(p(&format!(
                "Audit \"{}\" was not run for this report.",
                saved.name
            )));
            continue;
        };
        let report = match &ev.outcome {
            Ok(r) => r,
            Err(e) => {
                b.push(p(&format!("Audit \"{}\" could not run: {e}", saved.name)));
                continue;
            }
        };
        for result in &report.results {
            let value = |g: &crate::analysis::fairness::GroupResult, m: Metric| {
                g.metrics
                    .get(&m)
                    .copied()
                    .flatten()
                    .map(crate::analysis::fairness::MetricValue::as_f64)
            };
            b.push(Block::Table(DataTable {
                caption: format!(
                    "{} ({}): rates by {}",
                    saved.name,
                    ev.dataset_name,
                    result.sensitive.join(" × ")
                ),
                columns: vec![
                    Column::new("Group", 50.0),
                    Column::new("Selection rate", 40.0).align(Align::Right),
                    Column::new("False positive rate", 40.0).align(Align::Right),
                    Column::new("True positive rate", 40.0).align(Align::Right),
                ],
                rows: result
                    .by_group
                    .iter()
                    .map(|g| {
                        vec![
                            Cell::new(crate::analysis::fairness::wording::group_label(&g.group)),
                            Cell::new(pct(value(g, Metric::SelectionRate))),
                            Cell::new(pct(value(g, Metric::FalsePositiveRate))),
                            Cell::new(pct(value(g, Metric::TruePositiveRate))),
                        ]
                    })
                    .collect(),
                empty_text: String::new(),
            }));
        }
    }
    for drift_id in &incident.drift_ids {
        let Some(saved) = project
            .drift
            .drifts
            .iter()
            .find(|d| d.drift_id == *drift_id)
        else {
            b.push(p(&format!(
                "Drift result {drift_id} is no longer in the project."
            )));
            continue;
        };
        let Some(summary) = &saved.result else {
            b.push(p(&format!("Drift \"{}\" has not been run.", saved.name)));
            continue;
        };
        let series: Vec<_> = summary
            .fairness_series
            .iter()
            .filter(|s| s.metric == "false_positive_rate" && !s.group.is_empty())
            .collect();
        if series.is_empty() {
            b.push(p(&format!(
                "Drift \"{}\" has no false positive rate per group.",
                saved.name
            )));
            continue;
        }
        let mut columns = vec![Column::new("Window", 30.0)];
        columns.extend(
            series
                .iter()
                .map(|s| Column::new(s.group.clone(), 30.0).align(Align::Right)),
        );
        b.push(Block::Table(DataTable {
            caption: format!("{}: false positive rate per window", saved.name),
            columns,
            rows: summary
                .window_labels
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    let mut row = vec![Cell::new(label.clone())];
                    row.extend(
                        series
                            .iter()
                            .map(|s| Cell::new(pct(s.values.get(i).copied().flatten()))),
                    );
                    row
                })
                .collect(),
            empty_text: String::new(),
        }));
    }
}

fn public(project: &Project, incident: &Incident, b: &mut Vec<Block>) {
    b.push(Block::PageBreak);
    b.push(h(1, PUBLIC_SECTION));
    b.push(Block::Callout(Callout {
        kind: CalloutKind::Decision,
        title: "Marked for public disclosure".to_owned(),
        body: RichText::plain(
            "This section may be published as it is, and its fields submitted to the AI Incident Database. It \
             holds no internal names or data.",
        ),
    }));
    b.push(p(&or_dash(&incident.public_statement)));
    let a = &incident.aiid;
    b.push(Block::KeyValues(vec![
        KeyValue::new("System", project.metadata.system_name.clone()),
        KeyValue::new("Deployer", or_dash(&a.deployer)),
        KeyValue::new("Developer", or_dash(&a.developer)),
        KeyValue::new("Harmed parties", or_dash(&a.harmed_parties.join("; "))),
        KeyValue::new("Harm type", or_dash(&a.harm_type)),
        KeyValue::new(
            "Incident dates",
            match (incident.opened, incident.closed) {
                (Some(o), Some(c)) => format!("{} to {}", o.date, c.date),
                (Some(o), None) => format!("from {} (ongoing)", o.date),
                _ => "—".to_owned(),
            },
        ),
        KeyValue::new("Severity", incident.severity.label()),
    ]));
    if !incident.governance_changes.is_empty() {
        b.push(p("What we have changed:"));
        b.push(Block::Bullets(
            incident
                .governance_changes
                .iter()
                .map(RichText::plain)
                .collect(),
        ));
    }
}
