//! The "Evidence" part: the datasets with their fingerprints, then data quality, fairness, drift and
//! mitigation evidence from their own part files.

use super::fairness::fairness_evidence;
use super::{Align, AuditEvidence, Block, Cell, Column, DataTable, PlanSection, Project, h, p};

pub(super) fn datasets_table(project: &Project) -> DataTable {
    DataTable {
        caption: "Datasets used as evidence".to_owned(),
        columns: vec![
            Column::new("Dataset", 2.3),
            Column::new("Role", 1.4),
            Column::new("Path (relative to the project)", 2.4),
            Column::new("Rows", 0.8).align(Align::Right),
            Column::new("Cols", 0.6).align(Align::Right),
            Column::new("SHA-256", 3.2),
        ],
        rows: project
            .datasets
            .iter()
            .map(|d| {
                vec![
                    Cell::new(d.name.clone()),
                    Cell::new(d.role.label()),
                    Cell::new(d.path.clone()),
                    Cell::new(d.rows.to_string()),
                    Cell::new(d.columns.to_string()),
                    Cell::new(d.sha256.clone()),
                ]
            })
            .collect(),
        empty_text: "No datasets were used.".to_owned(),
    }
}

pub(super) fn evidence(
    project: &Project,
    audits: &[AuditEvidence],
    profiles: &[crate::analysis::evidence::ProfileEvidence],
    blocks: &mut Vec<Block>,
) {
    blocks.push(h(1, PlanSection::Evidence.title()));
    blocks.push(p(
        "Each dataset is identified by its SHA-256 fingerprint: a finding in this plan can be reproduced only \
         from a file with the same fingerprint.",
    ));
    blocks.push(Block::Table(datasets_table(project)));
    super::data_quality::data_quality(project, profiles, blocks);
    fairness_evidence(project, audits, blocks);
    super::model_card::model_card_evidence(project, audits, profiles, blocks);
    super::drift::drift_evidence(project, blocks);
    super::mitigation::mitigation_options(project, blocks);
}
