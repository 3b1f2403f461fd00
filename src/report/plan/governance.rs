//! "Governance" in the plan: the review board and its decisions (votes, veto, outcome), red-team exercises
//! and findings, bias-bounty submissions and third-line assurance reviews, each with its linked risks. Left
//! out when nothing is recorded.

use std::fmt::Write as _;

use super::{Block, Cell, Column, DataTable, KeyValue, h, p};
use crate::model::Project;
use crate::model::governance::rules::{self, outcome};

fn date(d: Option<crate::model::IsoDate>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| d.to_string())
}

fn table(caption: &str, columns: Vec<Column>, rows: Vec<Vec<Cell>>, empty: &str) -> Block {
    Block::Table(DataTable {
        caption: caption.to_owned(),
        columns,
        rows,
        empty_text: empty.to_owned(),
    })
}

/// The governance part (a level-2 heading under the current chapter); nothing when nothing is recorded.
pub fn governance(project: &Project, blocks: &mut Vec<Block>) {
    let g = &project.governance;
    if g.is_empty() {
        return;
    }
    blocks.push(h(2, "Governance"));
    let board = &g.board;
    blocks.push(Block::KeyValues(vec![
        KeyValue::new(
            "Review board",
            if board.members.is_empty() {
                "No members".to_owned()
            } else {
                board
                    .members
                    .iter()
                    .map(|m| {
                        let mut s = m.name.clone();
                        if !m.role.is_empty() {
                            let _ = write!(s, " ({})", m.role);
                        }
                        if m.can_veto {
                            s.push_str(", veto");
                        }
                        s
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        ),
        KeyValue::new("Quorum", format!("{} votes", rules::required_quorum(board))),
        KeyValue::new(
            "Charter",
            if board.charter.trim().is_empty() {
                "—".to_owned()
            } else {
                board.charter.clone()
            },
        ),
    ]));
    let rows = g
        .decisions
        .iter()
        .map(|d| {
            let votes = d
                .votes
                .iter()
                .map(|v| format!("{}: {}", v.member, v.choice.label()))
                .collect::<Vec<_>>()
                .join(", ");
            let mut result = outcome(board, d).to_string();
            if let Some(v) = &d.veto
                && let Some(l) = &v.lifted
            {
                let _ = write!(
                    result,
                    " (veto by {} lifted by {} {}: {})",
                    v.by,
                    l.by,
                    date(l.date),
                    l.reason
                );
            }
            vec![
                Cell::new(d.decision_id.clone()),
                Cell::new(format!("{} — {}", d.title, d.kind.label())),
                Cell::new(date(d.date)),
                Cell::new(if votes.is_empty() {
                    "—".to_owned()
                } else {
                    votes
                }),
                Cell::new(result),
                Cell::new(d.risk_ids.join(", ")),
            ]
        })
        .collect();
    blocks.push(table(
        "Decisions of the review board",
        vec![
            Column::new("ID", 0.6),
            Column::new("Decision", 2.2),
            Column::new("Date", 1.0),
            Column::new("Votes", 2.0),
            Column::new("Outcome", 2.4),
            Column::new("Risks", 0.8),
        ],
        rows,
        "No decision recorded.",
    ));
    let mut rows = Vec::new();
    for x in &g.red_team {
        let head = format!(
            "{} {} ({} – {}); team: {}; scope: {}",
            x.exercise_id,
            x.title,
            date(x.start),
            date(x.end),
            x.team.join(", "),
            x.scope
        );
        if x.findings.is_empty() {
            rows.push(vec![
                Cell::new(head.clone()),
                Cell::new("—"),
                Cell::new("—"),
                Cell::new("—"),
            ]);
        }
        for f in &x.findings {
            rows.push(vec![
                Cell::new(head.clone()),
                Cell::new(format!("{} {}", f.finding_id, f.title)),
                Cell::new(f.severity.label()),
                Cell::new(f.risk_id.clone().unwrap_or_else(|| "—".to_owned())),
            ]);
        }
    }
    blocks.push(table(
        "Red-team exercises and findings",
        vec![
            Column::new("Exercise", 3.0),
            Column::new("Finding", 2.5),
            Column::new("Severity", 0.9),
            Column::new("Risk", 0.7),
        ],
        rows,
        "No red-team exercise recorded.",
    ));
    let rows = g
        .bounty
        .iter()
        .map(|b| {
            vec![
                Cell::new(b.submission_id.clone()),
                Cell::new(format!("{} ({})", b.reporter, date(b.received))),
                Cell::new(format!("{} Reproduction: {}", b.finding, b.reproduction)),
                Cell::new(b.triage.label()),
                Cell::new(
                    b.reward
                        .map_or_else(|| "—".to_owned(), |r| format!("{r:.2} {}", b.currency)),
                ),
                Cell::new(b.risk_id.clone().unwrap_or_else(|| "—".to_owned())),
            ]
        })
        .collect();
    blocks.push(table(
        "Bias-bounty submissions",
        vec![
            Column::new("ID", 0.6),
            Column::new("Reporter", 1.4),
            Column::new("Finding", 3.2),
            Column::new("Triage", 0.9),
            Column::new("Reward", 0.9),
            Column::new("Risk", 0.6),
        ],
        rows,
        "No bias-bounty submission recorded.",
    ));
    let rows = g
        .assurance
        .iter()
        .map(|a| {
            vec![
                Cell::new(format!("{} {}", a.review_id, a.title)),
                Cell::new(format!("{} ({})", a.reviewer, date(a.date))),
                Cell::new(a.opinion.label()),
                Cell::new(a.findings.clone()),
                Cell::new(a.risk_ids.join(", ")),
            ]
        })
        .collect();
    blocks.push(table(
        "Third-line assurance reviews",
        vec![
            Column::new("Review", 1.8),
            Column::new("Reviewer", 1.4),
            Column::new("Opinion", 1.1),
            Column::new("Findings", 3.0),
            Column::new("Risks", 0.7),
        ],
        rows,
        "No assurance review recorded.",
    ));
    let problems = rules::problems(g, |r| project.risks.iter().any(|x| x.risk_id == r));
    if !problems.is_empty() {
        blocks.push(p(&format!("Inconsistencies: {}.", problems.join("; "))));
    }
}
