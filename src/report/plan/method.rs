//! "Method and participants": the assessment methods applied and who took part.

use super::{Block, Cell, Column, DataTable, PlanSection, Project, RichText, h, or_dash, p};

pub(super) fn method(project: &Project, blocks: &mut Vec<Block>) {
    let m = &project.metadata;
    blocks.push(h(1, PlanSection::Method.title()));
    let mut methods = Vec::new();
    if !project.datasets.is_empty() {
        methods.push(RichText::markup(&format!(
            "**Evidence management**: {} dataset(s) registered by relative path and SHA-256 fingerprint, \
             re-checked whenever the project is opened.",
            project.datasets.len()
        )));
    }
    if !project.fmea_worksheets.is_empty() {
        methods.push(RichText::markup(&format!(
            "**FMEA** (AIAG-VDA action priority, rating criteria adapted to ML systems): {} worksheet(s).",
            project.fmea_worksheets.len()
        )));
    }
    if methods.is_empty() {
        blocks.push(p("No assessment method has been applied yet."));
    } else {
        blocks.push(Block::Bullets(methods));
    }
    blocks.push(h(2, "Participants"));
    let mut rows = Vec::new();
    for (who, list) in [("Author", &m.authors), ("Approver", &m.approvers)] {
        for x in list {
            rows.push(vec![
                Cell::new(x.name.clone()),
                Cell::new(or_dash(&x.role)),
                Cell::new(x.line_of_defence.label()),
                Cell::new(who),
            ]);
        }
    }
    blocks.push(Block::Table(DataTable {
        caption: String::new(),
        columns: vec![
            Column::new("Name", 2.0),
            Column::new("Role", 3.0),
            Column::new("Line of defence", 2.5),
            Column::new("Part", 1.0),
        ],
        rows,
        empty_text: "No participants recorded.".to_owned(),
    }));
}
