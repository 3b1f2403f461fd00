//! Document control: the key facts of the document and its revision history.

use super::{Block, KeyValue, PlanOptions, Project, h, or_dash};

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
    super::audit_trail::revision_history(project, blocks);
}
