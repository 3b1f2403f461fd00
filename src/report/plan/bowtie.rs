//! "Bow-tie analyses": one landscape subsection per bow-tie with its vector figure (the same layout and drawing
//! as the editor and the SVG export) and a table of its barriers, and the analyst's open warnings.
//!
//! The section is left out when the project has no bow-ties, so projects without them read as before.

use super::{
    Block, Callout, CalloutKind, Cell, Column, DataTable, KeyValue, RichText, h, or_dash, p,
};
use crate::model::Project;
use crate::model::bowtie::{
    Barrier, BarrierPlace, BowTie, BowTieSet, ColourBy, Colouring, Side, ViewOptions, draw,
};
use crate::report::figure::Figure;

/// Appends the section; nothing when the project has no bow-ties.
pub(super) fn bowties(project: &Project, title: &str, blocks: &mut Vec<Block>) {
    let set = &project.bowties;
    if set.diagrams.is_empty() {
        return;
    }
    let shared = set
        .barriers
        .iter()
        .filter(|b| set.barrier_places(&b.barrier_id).len() > 1)
        .count();
    let count = set.diagrams.len();
    let intro = p(&format!(
        "{count} bow-tie {} with {} barriers in the project's barrier library ({shared} shared between lines or \
         bow-ties, marked ×n in the figures). Threats are on the left, consequences on the right; barriers are \
         coloured by their assessed effectiveness. Escalation factors hang below the barrier they degrade, with \
         their own barriers drawn dashed.",
        if count == 1 { "analysis" } else { "analyses" },
        set.barriers.len()
    ));
    // The heading and introduction open the first landscape page rather than standing alone on a portrait one.
    let mut first = Some(vec![h(1, title), intro]);
    for bowtie in &set.diagrams {
        let mut page = first.take().unwrap_or_default();
        page.extend(bowtie_blocks(project, set, bowtie));
        blocks.push(Block::Landscape(page));
    }
}

fn bowtie_blocks(project: &Project, set: &BowTieSet, bowtie: &BowTie) -> Vec<Block> {
    let mut out = vec![h(2, &format!("{} {}", bowtie.bowtie_id, bowtie.title))];
    let risks = if bowtie.risk_ids.is_empty() {
        "—".to_owned()
    } else {
        bowtie
            .risk_ids
            .iter()
            .map(|id| {
                project
                    .risks
                    .iter()
                    .find(|r| r.risk_id == *id)
                    .map_or_else(|| id.clone(), |r| format!("{id} {}", r.title))
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    out.push(Block::KeyValues(vec![
        KeyValue::new("Hazard", or_dash(&bowtie.hazard)),
        KeyValue::new("Top event", or_dash(&bowtie.top_event)),
        KeyValue::new("Linked risks", risks),
    ]));
    if !bowtie.notes.trim().is_empty() {
        out.push(p(&bowtie.notes));
    }
    let view = ViewOptions {
        title: false,
        ..ViewOptions::default()
    };
    out.push(Block::Figure(Figure::bow_tie(
        format!("Bow-tie {}: {}", bowtie.bowtie_id, bowtie.title),
        &draw(set, bowtie, &view),
    )));
    out.push(Block::Table(barrier_table(set, bowtie)));
    let warnings = set.warnings(bowtie, &project.risks);
    if !warnings.is_empty() {
        out.push(Block::Callout(Callout {
            kind: CalloutKind::Warning,
            title: "Open points in this analysis".to_owned(),
            body: RichText::plain(
                warnings
                    .iter()
                    .map(|w| format!("{w}."))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }));
    }
    out
}

/// Where a barrier stands in this bow-tie, e.g. "P: T-1 Biased labels" or "EF-1 on B-3".
fn places(set: &BowTieSet, bowtie: &BowTie, barrier: &Barrier) -> String {
    let mut out = Vec::new();
    for place in set.barrier_places(&barrier.barrier_id) {
        match place {
            BarrierPlace::Line {
                bowtie_id, line, ..
            } if bowtie_id == bowtie.bowtie_id => {
                let name = bowtie.line(&line).map_or("", |l| l.name.as_str());
                let role = match line.side {
                    Side::Threat => "Preventive",
                    Side::Consequence => "Mitigating",
                };
                out.push(format!("{role}: {} {name}", line.line_id));
            }
            BarrierPlace::Line { bowtie_id, .. } => out.push(format!("Also in {bowtie_id}")),
            BarrierPlace::Escalation {
                parent_barrier_id,
                factor_id,
                ..
            } => {
                let factor = set
                    .escalation_factor(&factor_id)
                    .map_or(String::new(), |(_, f)| f.name.clone());
                out.push(format!(
                    "Escalation {factor_id} {factor} (on {parent_barrier_id})"
                ));
            }
        }
    }
    out.dedup();
    out.join("\n")
}

fn barrier_table(set: &BowTieSet, bowtie: &BowTie) -> DataTable {
    let barriers = set.barriers_of(bowtie);
    let colouring = Colouring::new(ColourBy::Effectiveness, barriers.iter().copied());
    let rows = barriers
        .iter()
        .map(|b| {
            let fill = colouring.fill(b);
            vec![
                Cell::new(b.barrier_id.clone()),
                Cell::new(or_dash(&b.name)),
                Cell::new(b.barrier_type.label()),
                Cell::new(b.effectiveness.label()).fill(fill),
                Cell::new(b.condition.label()),
                Cell::new(b.criticality.label()),
                Cell::new(or_dash(&b.owner)),
                Cell::new(b.control.as_ref().map_or_else(
                    || "—".to_owned(),
                    |c| format!("{}: {}", c.risk_id, c.control_name),
                )),
                Cell::new(places(set, bowtie, b)),
            ]
        })
        .collect();
    DataTable {
        caption: format!("Barriers of {} {}", bowtie.bowtie_id, bowtie.title),
        columns: vec![
            Column::new("ID", 0.6),
            Column::new("Barrier", 2.4),
            Column::new("Type", 1.3),
            Column::new("Effectiveness", 1.1),
            Column::new("Condition", 1.0),
            Column::new("Criticality", 0.9),
            Column::new("Owner", 1.3),
            Column::new("Linked control", 1.6),
            Column::new("Where", 2.4),
        ],
        rows,
        empty_text: "This bow-tie has no barriers yet.".to_owned(),
    }
}
