//! Workshops in "Method and participants": for each session its method, date, facilitator and participants,
//! its outputs (themes with their dots, rating and the risk each became; the risks, bow-ties, barriers and
//! FMEA rows it created or changed in the editors) and its decisions. Nothing when no workshop was run.

use super::{Block, Cell, Column, DataTable, KeyValue, h};
use crate::model::Project;
use crate::model::workshop::session::SessionOutput;
use crate::model::workshop::{Workshop, WorkshopMethod, rules};

/// One line per workshop for a list of the methods used: "Pre-mortem WS-1 'Loan pre-mortem', 2026-12-05,
/// facilitated by Fay Adams, 4 participants, 3 risks created".
#[must_use]
pub fn method_lines(project: &Project) -> Vec<String> {
    project
        .workshops
        .iter()
        .map(|w| {
            format!(
                "{} {} '{}', {}, facilitated by {}, {} participant(s), {} risk(s) created",
                w.method.label(),
                w.workshop_id,
                w.title,
                w.date
                    .map_or_else(|| "no date".to_owned(), |d| d.to_string()),
                if w.facilitator.is_empty() {
                    "—"
                } else {
                    &w.facilitator
                },
                w.participants.len(),
                w.created_risks.len()
            )
        })
        .collect()
}

fn session(project: &Project, w: &Workshop, blocks: &mut Vec<Block>) {
    let name = format!("{} {} — {}", w.method.label(), w.workshop_id, w.title);
    let mut kv = vec![
        KeyValue::new("Session", name.clone()),
        KeyValue::new(
            "Date",
            w.date.map_or_else(|| "—".to_owned(), |d| d.to_string()),
        ),
        KeyValue::new("Facilitator", w.facilitator.clone()),
        KeyValue::new("Participants", w.participants.join(", ")),
        KeyValue::new(
            "Outputs",
            format!(
                "{} failure stories, {} themes, risks created: {}",
                w.stories.len(),
                w.themes.len(),
                w.created_risks_text()
            ),
        ),
    ];
    let outputs = rules::outputs(project, w);
    if !outputs.is_empty() {
        let label = if w.recording.is_some() {
            "Created or changed so far (still running)"
        } else {
            "Created or changed in the session"
        };
        let lines: Vec<String> = outputs.iter().map(SessionOutput::describe).collect();
        kv.push(KeyValue::new(label, lines.join("; ")));
    }
    if !w.decisions.is_empty() {
        kv.push(KeyValue::new("Decisions", w.decisions.join("; ")));
    }
    blocks.push(Block::KeyValues(kv));
    if w.themes.is_empty() && w.method != WorkshopMethod::PreMortem {
        return;
    }
    let rows = rules::ranked_themes(w)
        .into_iter()
        .map(|t| {
            let stories: Vec<String> = w.stories_of(&t.theme_id).map(|s| s.text.clone()).collect();
            vec![
                Cell::new(format!("{} {}", t.theme_id, t.name)),
                Cell::new(stories.join("\n")),
                Cell::new(t.dots.len().to_string()),
                Cell::new(match (t.likelihood, t.impact) {
                    (Some(l), Some(i)) => format!("L{l} × I{i}"),
                    _ => "—".to_owned(),
                }),
                Cell::new(t.risk_id.clone().unwrap_or_else(|| "—".to_owned())),
            ]
        })
        .collect();
    blocks.push(Block::Table(DataTable {
        caption: format!("Themes of {name}, by dots"),
        columns: vec![
            Column::new("Theme", 2.0),
            Column::new("Failure stories", 4.0),
            Column::new("Dots", 0.6),
            Column::new("Rating", 0.9),
            Column::new("Risk", 0.7),
        ],
        rows,
        empty_text: "No theme recorded.".to_owned(),
    }));
}

/// "Workshops" (a level-2 heading) with the record of every session; nothing when none was run.
pub fn workshops(project: &Project, blocks: &mut Vec<Block>) {
    if project.workshops.is_empty() {
        return;
    }
    blocks.push(h(2, "Workshops"));
    for w in &project.workshops {
        session(project, w, blocks);
    }
}
