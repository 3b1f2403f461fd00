//! The plan's revision history (document control) and its audit trail appendix, both from the project's
//! audit trail: who changed what, and when, with the state of the SHA-256 chain and its newest hash (a signed
//! copy of the plan anchors the trail).

use super::{Block, Cell, Column, DataTable, KeyValue, h, p};
use crate::model::Project;
use crate::model::audit_trail::{TrailEntry, verify_state};

/// The revision history shows at most this many entries, the newest; the appendix lists them all.
pub const REVISION_ROWS: usize = 15;

/// The date part (`2026-12-05`) and time (`14:47 UTC`) of an entry's timestamp.
fn when(entry: &TrailEntry) -> String {
    match entry.at.split_once('T') {
        Some((date, rest)) => format!("{date} {} UTC", rest.get(..5).unwrap_or(rest)),
        None => entry.at.clone(),
    }
}

fn changes_in_brief(entry: &TrailEntry) -> String {
    use std::fmt::Write as _;
    const SHOWN: usize = 3;
    let mut text = entry
        .changes
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if entry.changes.len() > SHOWN {
        let _ = write!(text, " (and {} more)", entry.changes.len() - SHOWN);
    }
    text
}

/// "Revision history" under document control: the newest [`REVISION_ROWS`] entries of the audit trail.
pub fn revision_history(project: &Project, blocks: &mut Vec<Block>) {
    let trail = &project.audit_trail;
    blocks.push(h(2, "Revision history"));
    let shown = trail.entries.len().min(REVISION_ROWS);
    let rows = trail.entries[trail.entries.len() - shown..]
        .iter()
        .map(|e| {
            vec![
                Cell::new(e.seq.to_string()),
                Cell::new(when(e)),
                Cell::new(changes_in_brief(e)),
                Cell::new(e.author.clone()),
            ]
        })
        .collect();
    blocks.push(Block::Table(DataTable {
        caption: String::new(),
        columns: vec![
            Column::new("No.", 0.5),
            Column::new("When", 1.5),
            Column::new("Changes", 4.5),
            Column::new("By", 1.5),
        ],
        rows,
        empty_text: "No change has been recorded in the audit trail yet: it starts with the first change saved."
            .to_owned(),
    }));
    if trail.entries.len() > shown {
        blocks.push(p(&format!(
            "The {shown} most recent of {} recorded changes; the appendix \"Audit trail\" lists them all.",
            trail.entries.len()
        )));
    }
}

/// The appendix "Audit trail": the chain's state and newest hash, then every entry with all its changes.
pub fn appendix(project: &Project, blocks: &mut Vec<Block>) {
    let trail = &project.audit_trail;
    blocks.push(h(2, "Audit trail"));
    let problems = verify_state(project);
    let status = if trail.is_empty() {
        "No entries yet".to_owned()
    } else if problems.is_empty() {
        "Intact: every entry matches its SHA-256 and follows the one before".to_owned()
    } else {
        format!(
            "BROKEN: {}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    blocks.push(Block::KeyValues(vec![
        KeyValue::new("Entries", trail.entries.len().to_string()),
        KeyValue::new("Hash chain", status),
        KeyValue::new(
            "Newest entry SHA-256",
            trail
                .last()
                .map_or_else(|| "—".to_owned(), |e| e.sha256.clone()),
        ),
    ]));
    let rows = trail
        .entries
        .iter()
        .map(|e| {
            vec![
                Cell::new(e.seq.to_string()),
                Cell::new(when(e)),
                Cell::new(e.author.clone()),
                Cell::new(e.changes.join("\n")),
            ]
        })
        .collect();
    blocks.push(Block::Table(DataTable {
        caption: "Every recorded change, oldest first".to_owned(),
        columns: vec![
            Column::new("No.", 0.5),
            Column::new("When", 1.5),
            Column::new("By", 1.5),
            Column::new("Changes", 5.0),
        ],
        rows,
        empty_text: "No change has been recorded yet.".to_owned(),
    }));
}
