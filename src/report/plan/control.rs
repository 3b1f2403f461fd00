//! Document control: the key facts of the document and its revision history.

use super::{Block, Cell, Column, DataTable, KeyValue, PlanOptions, Project, h, or_dash};

pub(super) fn document_control(project: &Project, options: &PlanOptions, blocks: &mut Vec<Block>) {
    let m = &project.metadata;
    blocks.push(h(1, "Document control"));
    blocks.push(Block::KeyValues(vec![
        KeyValue::new("System", m.system_name.clone()),
        KeyValue::new("System version", or_dash(&m.system_version)),
        KeyValue::new("Organisation", or_dash(&m.organisation)),
        KeyValue::new("System owner", or_dash(&m.owner)),
        KeyValue::new(
            "Classification",
            options.classification.unwrap_or(m.classification).label(),
        ),
        KeyValue::new("Document date", options.date.to_string()),
        KeyValue::new("Assessment started", m.created.to_string()),
        KeyValue::new("Project last saved", m.modified.to_string()),
        KeyValue::new("Produced by", format!("Riskbench {}", crate::VERSION)),
    ]));
    blocks.push(h(2, "Revision history"));
    blocks.push(Block::Table(DataTable {
        caption: String::new(),
        columns: vec![
            Column::new("Date", 1.0),
            Column::new("Event", 3.0),
            Column::new("By", 2.0),
        ],
        rows: vec![
            vec![
                Cell::new(m.created.to_string()),
                Cell::new("Assessment project created"),
                Cell::new(
                    m.authors
                        .first()
                        .map_or_else(|| "—".to_owned(), |a| a.name.clone()),
                ),
            ],
            vec![
                Cell::new(options.date.to_string()),
                Cell::new("Treatment plan issued for approval"),
                Cell::new(
                    m.authors
                        .iter()
                        .map(|a| a.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ],
        ],
        empty_text: String::new(),
    }));
}
