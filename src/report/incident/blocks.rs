//! The blocks of an incident that both documents print: the timeline chart and table, the 5 Whys and
//! fishbone figures with the cause table, the containment effect and the recovery roadmap.

use crate::analysis::incident::ContainmentEffect;
use crate::model::Project;
use crate::model::bowtie::LayoutOptions;
use crate::model::incident::{Incident, diagrams, fishbone_layout, recovery_roadmap};
use crate::report::doc::{
    Align, Block, Callout, CalloutKind, Cell, Column, DataTable, Heading, KeyValue, RichText,
};
use crate::report::figure::Figure;

/// A heading.
pub(crate) fn h(level: u8, text: &str) -> Block {
    Block::Heading(Heading {
        level,
        text: text.to_owned(),
    })
}

/// A plain paragraph.
pub(crate) fn p(text: &str) -> Block {
    Block::Paragraph(RichText::plain(text))
}

pub(crate) fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_owned()
    } else {
        text.to_owned()
    }
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

/// Width of the drawings in points (the text block of an A4 portrait page).
const DRAWING_WIDTH_PT: f32 = 480.0;

/// Key facts of the incident.
pub(crate) fn facts(incident: &Incident) -> Block {
    Block::KeyValues(vec![
        KeyValue::new(
            "Incident",
            format!("{} {}", incident.incident_id, incident.title),
        ),
        KeyValue::new("Severity", incident.severity.label()),
        KeyValue::new("Opened", opt(incident.opened)),
        KeyValue::new(
            "Closed",
            incident
                .closed
                .map_or_else(|| "Open".to_owned(), |c| c.to_string()),
        ),
        KeyValue::new(
            "Affected groups",
            or_dash(&incident.affected_groups.join("; ")),
        ),
        KeyValue::new("Harms", or_dash(&incident.harms.join("; "))),
    ])
}

/// The timeline chart and the numbered event table.
pub(crate) fn timeline(incident: &Incident, level: u8, out: &mut Vec<Block>) {
    out.push(h(level, "Timeline"));
    if incident.timeline.is_empty() {
        out.push(p("No events were recorded."));
        return;
    }
    out.push(Block::Figure(Figure::bow_tie(
        format!(
            "Timeline of {}: NIST SP 800-61 phases, events numbered as in the table, the kill switch dashed",
            incident.incident_id
        ),
        &diagrams::draw_timeline(incident, DRAWING_WIDTH_PT),
    )));
    out.push(Block::Table(DataTable {
        caption: format!("Events of {}", incident.incident_id),
        columns: vec![
            Column::new("No.", 10.0).align(Align::Right),
            Column::new("Time", 30.0),
            Column::new("Phase", 32.0),
            Column::new("Event", 98.0),
        ],
        rows: incident
            .sorted_timeline()
            .iter()
            .enumerate()
            .map(|(i, e)| {
                vec![
                    Cell::new((i + 1).to_string()),
                    Cell::new(e.at.to_string()),
                    Cell::new(e.phase.label()),
                    Cell::new(e.text.clone()),
                ]
            })
            .collect(),
        empty_text: String::new(),
    }));
}

/// The 5 Whys figure and the root causes.
pub(crate) fn whys(incident: &Incident, level: u8, out: &mut Vec<Block>) {
    out.push(h(level, "5 Whys"));
    if incident.whys.whys.is_empty() {
        out.push(p("No 5 Whys analysis was recorded."));
        return;
    }
    out.push(Block::Figure(Figure::bow_tie(
        format!(
            "5 Whys of {}: root causes highlighted",
            incident.incident_id
        ),
        &diagrams::draw_whys(incident, DRAWING_WIDTH_PT, &LayoutOptions::default()),
    )));
    let roots: Vec<RichText> = incident
        .whys
        .whys
        .iter()
        .filter(|w| w.root_cause)
        .map(|w| {
            RichText::plain(format!(
                "{} {} (evidence: {})",
                w.why_id,
                w.answer,
                or_dash(&w.evidence)
            ))
        })
        .collect();
    if !roots.is_empty() {
        out.push(p("Root causes:"));
        out.push(Block::Bullets(roots));
    }
}

/// The fishbone figure on a landscape page and the cause table.
pub(crate) fn fishbone(project: &Project, incident: &Incident, level: u8, out: &mut Vec<Block>) {
    let fish = &incident.fishbone;
    if fish.causes.is_empty() {
        out.push(h(level, "Fishbone"));
        out.push(p("No fishbone analysis was recorded."));
        return;
    }
    let mut page = vec![
        h(level, "Fishbone"),
        Block::Figure(Figure::bow_tie(
            format!(
                "Fishbone of {} with the ML categories; causes linked to a failed barrier or FMEA row are shaded",
                incident.incident_id
            ),
            &fishbone_layout::draw(fish, &LayoutOptions::default()),
        )),
    ];
    let barrier_name = |id: &str| {
        project.bowties.barrier(id).map_or_else(
            || format!("{id} (not in the barrier library)"),
            |b| format!("{id} {}", b.name),
        )
    };
    page.push(Block::Table(DataTable {
        caption: format!(
            "Causes of {} and the barriers that failed",
            incident.incident_id
        ),
        columns: vec![
            Column::new("ID", 12.0),
            Column::new("Category", 26.0),
            Column::new("Cause", 80.0),
            Column::new("Failed barrier", 62.0),
            Column::new("FMEA row", 24.0),
        ],
        rows: fish
            .causes
            .iter()
            .map(|c| {
                vec![
                    Cell::new(c.cause_id.clone()),
                    Cell::new(c.category.label()),
                    Cell::new(match &c.parent_id {
                        Some(parent) => format!("{} (under {parent})", c.text),
                        None => c.text.clone(),
                    }),
                    Cell::new(
                        c.barrier_id
                            .as_deref()
                            .map_or_else(|| "—".to_owned(), barrier_name),
                    ),
                    Cell::new(or_dash(c.fmea_row.as_deref().unwrap_or(""))),
                ]
            })
            .collect(),
        empty_text: String::new(),
    }));
    out.push(Block::Landscape(page));
}

/// The kill-switch decision and, when measured, its effect.
pub(crate) fn containment(
    incident: &Incident,
    effect: Option<&ContainmentEffect>,
    level: u8,
    out: &mut Vec<Block>,
) {
    out.push(h(level, "Containment"));
    let Some(k) = &incident.kill_switch else {
        out.push(p("No kill-switch decision was recorded."));
        return;
    };
    out.push(Block::KeyValues(vec![
        KeyValue::new("Criteria", or_dash(&k.criteria)),
        KeyValue::new("Pulled by", or_dash(&k.pulled_by)),
        KeyValue::new(
            "Pulled at",
            k.pulled_at
                .map_or_else(|| "Not pulled".to_owned(), |t| t.to_string()),
        ),
        KeyValue::new("Fallback", k.fallback.label()),
        KeyValue::new("Notes", or_dash(&k.notes)),
    ]));
    let Some(e) = effect else { return };
    out.push(p(&format!(
        "Measured effect: {} to {} (before) against {} to {} (after); the {} rows dated on the day the switch \
         was pulled ({}) are left out of both.",
        e.before[0], e.before[1], e.after[0], e.after[1], e.rows_on_pull_day, e.pulled_on
    )));
    out.push(Block::Table(DataTable {
        caption: "Decision rate and false positive rate by group, before and after the kill switch"
            .to_owned(),
        columns: vec![
            Column::new("Group", 30.0),
            Column::new("Rows before", 22.0).align(Align::Right),
            Column::new("Rate before", 24.0).align(Align::Right),
            Column::new("FPR before", 24.0).align(Align::Right),
            Column::new("Rows after", 22.0).align(Align::Right),
            Column::new("Rate after", 24.0).align(Align::Right),
            Column::new("FPR after", 24.0).align(Align::Right),
        ],
        rows: e
            .groups
            .iter()
            .map(|g| {
                vec![
                    Cell::new(g.group.clone()),
                    Cell::new(g.before.rows.to_string()),
                    Cell::new(pct(g.before.decision_rate())),
                    Cell::new(pct(g.before.false_positive_rate())),
                    Cell::new(g.after.rows.to_string()),
                    Cell::new(pct(g.after.decision_rate())),
                    Cell::new(pct(g.after.false_positive_rate())),
                ]
            })
            .collect(),
        empty_text: "No rows in either window".to_owned(),
    }));
}

/// The corrective actions as the register holds them.
pub(crate) fn roadmap(project: &Project, incident: &Incident, level: u8, out: &mut Vec<Block>) {
    out.push(h(level, "Recovery roadmap"));
    let items = recovery_roadmap(project, incident);
    out.push(Block::Table(DataTable {
        caption: format!(
            "Corrective actions of {} (register actions)",
            incident.incident_id
        ),
        columns: vec![
            Column::new("Risk", 14.0),
            Column::new("Action", 14.0),
            Column::new("What", 76.0),
            Column::new("Owner", 30.0),
            Column::new("Due", 20.0),
            Column::new("Status", 16.0),
        ],
        rows: items
            .iter()
            .map(|a| {
                vec![
                    Cell::new(a.risk_id.clone()),
                    Cell::new(a.action_id.clone()),
                    Cell::new(if a.status.is_none() {
                        "(no longer in the register)".to_owned()
                    } else {
                        a.description.clone()
                    }),
                    Cell::new(or_dash(&a.owner)),
                    Cell::new(opt(a.due)),
                    Cell::new(a.status.map_or("—", |s| s.label())),
                ]
            })
            .collect(),
        empty_text: "No corrective actions recorded".to_owned(),
    }));
    if !incident.governance_changes.is_empty() {
        out.push(p("Governance changes:"));
        out.push(Block::Bullets(
            incident
                .governance_changes
                .iter()
                .map(RichText::plain)
                .collect(),
        ));
    }
}

/// The problems of the incident as a warning callout; nothing when there are none.
pub(crate) fn problems(project: &Project, incident: &Incident, out: &mut Vec<Block>) {
    let problems = incident.problems(project);
    if problems.is_empty() {
        return;
    }
    out.push(Block::Callout(Callout {
        kind: CalloutKind::Warning,
        title: "Open points in this incident record".to_owned(),
        body: RichText::plain(
            problems
                .iter()
                .map(|x| format!("{x}."))
                .collect::<Vec<_>>()
                .join(" "),
        ),
    }));
}
