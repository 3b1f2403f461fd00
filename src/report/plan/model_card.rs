//! "Model card and documented claims" in the plan's evidence: each claim of the model card with the audit
//! that measured it, the deciding group, the measured value with its interval and the verdict (supported,
//! contradicted, inconclusive, not measured); then the measured problems the card does not mention and the
//! limitations it documents without evidence. Left out when the project has no model card.

use super::{Block, Cell, Column, DataTable, h, p};
use crate::analysis::audit::AuditEvidence;
use crate::analysis::evidence::ProfileEvidence;
use crate::analysis::model_card::{Comparison, Verdict};
use crate::model::Project;
use crate::report::doc::{Align, palette};

fn verdict_cell(verdict: Verdict) -> Cell {
    let cell = Cell::new(verdict.label()).bold();
    match verdict {
        Verdict::Supported => cell.fill(palette::PASS),
        Verdict::Contradicted | Verdict::Invalid => cell.fill(palette::FAIL),
        Verdict::Inconclusive => cell.fill(palette::WARN),
        Verdict::NotMeasured => cell,
    }
}

fn number(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.4}"))
}

/// The subsection; nothing when the project has no model card.
pub(super) fn model_card_evidence(
    project: &Project,
    audits: &[AuditEvidence],
    profiles: &[ProfileEvidence],
    blocks: &mut Vec<Block>,
) {
    if project.model_card.is_empty() {
        return;
    }
    let comparison = Comparison::compute(project, audits, profiles);
    blocks.push(h(2, "Model card and documented claims"));
    blocks.push(p(&format!(
        "The model card documents {} claims. Each is checked against the saved audits with confidence \
         intervals: supported when the measured value and its whole interval meet the claim, contradicted when \
         both are on the wrong side, inconclusive when the interval straddles the claimed value or the group is \
         smaller than the audit's minimum group size, not measured when no saved audit covers it. Result: {} \
         supported, {} contradicted, {} inconclusive, {} not measured.",
        comparison.claims.len(),
        comparison.count(Verdict::Supported),
        comparison.count(Verdict::Contradicted),
        comparison.count(Verdict::Inconclusive),
        comparison.count(Verdict::NotMeasured),
    )));
    blocks.push(Block::Table(DataTable {
        caption: "Documented claims against what was measured".to_owned(),
        columns: vec![
            Column::new("Id", 0.5),
            Column::new("Documented", 2.4),
            Column::new("Audit", 1.3),
            Column::new("Group", 1.3),
            Column::new("Value", 0.8).align(Align::Right),
            Column::new("Interval", 1.3),
            Column::new("Verdict", 1.4),
        ],
        rows: comparison
            .claims
            .iter()
            .map(|c| {
                let row = c.deciding_row();
                vec![
                    Cell::new(c.claim_id.clone()),
                    Cell::new(c.claim.clone()),
                    Cell::new(c.audit_name.clone().unwrap_or_else(|| "—".to_owned())),
                    Cell::new(row.map_or_else(|| "—".to_owned(), |r| r.group.clone())),
                    Cell::new(number(row.and_then(|r| r.measured.value))),
                    Cell::new(
                        row.and_then(|r| r.measured.interval)
                            .map_or_else(|| "—".to_owned(), |[l, h]| format!("[{l:.4}, {h:.4}]")),
                    ),
                    verdict_cell(c.verdict),
                ]
            })
            .collect(),
        empty_text: "The model card makes no structured claims.".to_owned(),
    }));
    let reasons: Vec<crate::report::doc::RichText> = comparison
        .claims
        .iter()
        .filter(|c| c.verdict != Verdict::Supported)
        .map(|c| format!("{} ({}): {}.", c.claim_id, c.verdict.label(), c.reason).into())
        .collect();
    if !reasons.is_empty() {
        blocks.push(Block::Bullets(reasons));
    }
    blocks.push(Block::Table(DataTable {
        caption: "Measured problems the model card does not mention".to_owned(),
        columns: vec![
            Column::new("Kind", 1.3),
            Column::new("Where measured", 1.8),
            Column::new("Finding", 5.0),
        ],
        rows: comparison
            .undocumented
            .iter()
            .map(|u| {
                vec![
                    Cell::new(u.kind.label()),
                    Cell::new(u.source.clone()),
                    Cell::new(u.text.clone()),
                ]
            })
            .collect(),
        empty_text: "Every measured problem is mentioned by the card.".to_owned(),
    }));
    blocks.push(Block::Table(DataTable {
        caption: "Documented limitations without evidence".to_owned(),
        columns: vec![Column::new("Limitation", 5.0), Column::new("Why", 2.5)],
        rows: comparison
            .unsupported_limitations
            .iter()
            .map(|l| {
                vec![
                    Cell::new(l.description.clone()),
                    Cell::new(l.reason.clone()),
                ]
            })
            .collect(),
        empty_text: "Every documented limitation links to evidence.".to_owned(),
    }));
}
