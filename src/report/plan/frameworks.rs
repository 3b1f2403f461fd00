//! The frameworks in the plan: the regulatory position in the executive summary ("EU AI Act high-risk,
//! provider: 9 of 13 applicable obligations evidenced; open: …") and, in the appendix, coverage per
//! framework, the EU AI Act obligations with their dates, and the crosswalk of the items the project uses
//! (each relation marked published, with its source, or Riskbench's judgement).
//!
//! Whether an obligation is in force is judged on the document date, so the same project and date give the
//! same document.

use super::{Block, Callout, CalloutKind, Cell, Column, DataTable, KeyValue, RichText, h, p};
use crate::model::checklist::{ChecklistStatus, Coverage};
use crate::model::frameworks::checklist::{
    ItemRow, checklist, coverage_by_section, overall_coverage, problems, regulatory_position, rows,
};
use crate::model::frameworks::crosswalk::{crosswalk, related};
use crate::model::frameworks::tags::tagged_items;
use crate::model::frameworks::{FrameworkId, ItemRef, framework};
use crate::model::palette;
use crate::model::{IsoDate, Project};
use crate::report::doc::Align;

/// The executive summary's line on the EU AI Act, when the classification is decided.
pub(super) fn position(project: &Project, date: IsoDate) -> Option<RichText> {
    let text = regulatory_position(project, date)?;
    Some(RichText::plain(format!(
        "Regulatory position on {date}: {text}."
    )))
}

/// A coverage table's row: the name, then the counts and the share covered.
pub(super) fn coverage_cells(name: &str, c: &Coverage) -> Vec<Cell> {
    vec![
        Cell::new(name.to_owned()),
        Cell::new(c.total.to_string()),
        Cell::new(c.done.to_string()),
        Cell::new(c.not_applicable.to_string()),
        Cell::new(c.in_progress.to_string()),
        Cell::new(c.not_started.to_string()),
        Cell::new(format!("{} %", c.percent())),
    ]
}

fn coverage_columns(first: &str) -> Vec<Column> {
    vec![
        Column::new(first, 2.4),
        Column::new("Items", 0.8).align(Align::Right),
        Column::new("Done", 0.8).align(Align::Right),
        Column::new("Not applicable", 1.3).align(Align::Right),
        Column::new("In progress", 1.1).align(Align::Right),
        Column::new("Not started", 1.1).align(Align::Right),
        Column::new("Covered", 1.0).align(Align::Right),
    ]
}

/// Whether anything is recorded for the row.
fn recorded(row: &ItemRow) -> bool {
    row.status != ChecklistStatus::NotStarted
        || !row.notes.trim().is_empty()
        || !row.owner.trim().is_empty()
        || !row.evidence.is_empty()
}

/// The items the project uses: a checklist entry with something recorded, or a risk tagged with it.
fn used_items(project: &Project) -> Vec<ItemRef> {
    let mut used: Vec<ItemRef> = Vec::new();
    for framework_id in FrameworkId::CHECKLISTS {
        for item_id in checklist(project, framework_id).entries.keys() {
            used.push(ItemRef::new(framework_id, item_id));
        }
    }
    for risk in &project.risks {
        used.extend(tagged_items(risk).into_iter().filter_map(|t| t.known));
    }
    used.retain(|i| i.item().is_some());
    let position = |i: &ItemRef| {
        framework(i.framework_id)
            .ok()
            .and_then(|f| f.items().position(|x| x.item_id == i.item_id))
            .unwrap_or(usize::MAX)
    };
    used.sort_by_key(|i| (i.framework_id, position(i)));
    used.dedup();
    used
}

/// The appendix: coverage per framework, the EU AI Act obligations, the crosswalk of the items used, the
/// unverified items used, links that point at nothing, and the frameworks' sources.
pub(super) fn appendix(project: &Project, date: IsoDate, blocks: &mut Vec<Block>) {
    blocks.push(h(2, "Framework coverage"));
    blocks.push(p(
        "Coverage of each framework's checklist for this system. Done and not applicable count as covered; \
         for the EU AI Act only the obligations that apply to the system and the organisation's role count.",
    ));
    let mut table_rows = Vec::new();
    for framework_id in FrameworkId::CHECKLISTS {
        let all = rows(project, framework_id, date);
        table_rows.push(coverage_cells(framework_id.name(), &overall_coverage(&all)));
    }
    blocks.push(Block::Table(DataTable {
        caption: "Coverage per framework".to_owned(),
        columns: coverage_columns("Framework"),
        rows: table_rows,
        empty_text: String::new(),
    }));
    for framework_id in FrameworkId::CHECKLISTS
        .into_iter()
        .filter(|f| *f != FrameworkId::NistAiRmf)
    {
        let all = rows(project, framework_id, date);
        if !all.iter().any(recorded) {
            continue;
        }
        blocks.push(Block::Table(DataTable {
            caption: format!("{} coverage per section", framework_id.name()),
            columns: coverage_columns("Section"),
            rows: coverage_by_section(&all)
                .iter()
                .filter(|(_, c)| c.total > 0)
                .map(|(s, c)| coverage_cells(s, c))
                .collect(),
            empty_text: String::new(),
        }));
    }
    eu_obligations(project, date, blocks);
    crosswalk_table(project, blocks);
    let unverified: Vec<String> = used_items(project)
        .iter()
        .filter_map(|i| {
            let item = i.item()?;
            (!item.verified).then(|| format!("{i}: {}", item.note))
        })
        .collect();
    if !unverified.is_empty() {
        blocks.push(Block::Callout(Callout {
            kind: CalloutKind::Note,
            title: "Items used that could not be verified".to_owned(),
            body: RichText::plain(unverified.join("; ")),
        }));
    }
    super::push_problems(
        blocks,
        "Framework items and links that point at nothing",
        &problems(project),
    );
    let mut sources: Vec<KeyValue> = [
        FrameworkId::EuAiAct,
        FrameworkId::Iso42001,
        FrameworkId::Iso23894,
        FrameworkId::Saif,
        FrameworkId::MsRai,
    ]
    .into_iter()
    .filter_map(|f| {
        framework(f)
            .ok()
            .map(|fw| KeyValue::new(f.name(), fw.attribution.clone()))
    })
    .collect();
    if let Ok(c) = crosswalk() {
        sources.push(KeyValue::new("Crosswalk", c.attribution.clone()));
    }
    blocks.push(h(3, "Sources of the frameworks"));
    blocks.push(Block::KeyValues(sources));
}

fn eu_obligations(project: &Project, date: IsoDate, blocks: &mut Vec<Block>) {
    if project.context.eu_ai_act.is_none() {
        return;
    }
    let all = rows(project, FrameworkId::EuAiAct, date);
    let mut obligations: Vec<Vec<Cell>> = Vec::new();
    for row in &all {
        let Some(o) = &row.obligation else { continue };
        if !o.applies {
            continue;
        }
        let mut status = Cell::new(row.status.label());
        status.fill = match row.status {
            ChecklistStatus::Done => Some(palette::PASS),
            ChecklistStatus::InProgress => Some(palette::WARN),
            ChecklistStatus::NotStarted | ChecklistStatus::NotApplicable => None,
        };
        obligations.push(vec![
            Cell::new(format!("{} {}", row.id, row.title)),
            Cell::new(o.dates.as_ref().map_or_else(
                || "—".to_owned(),
                crate::model::frameworks::eu_ai_act::ApplicationDates::label,
            )),
            Cell::new(o.in_force.map_or("—", |f| f.label())),
            status,
        ]);
    }
    blocks.push(Block::Table(DataTable {
        caption: format!("EU AI Act obligations that apply, in force on {date}"),
        columns: vec![
            Column::new("Article", 3.4),
            Column::new("Applies from", 2.2),
            Column::new("On the document date", 2.6),
            Column::new("Status", 1.2),
        ],
        rows: obligations,
        empty_text: "No obligation applies.".to_owned(),
    }));
    if crate::model::frameworks::eu_ai_act::fria_required(
        project.context.eu_ai_act.as_ref(),
        &project.frameworks.eu_ai_act,
    ) {
        let missing = project.frameworks.fria.missing();
        blocks.push(p(&if missing.is_empty() {
            "Fundamental rights impact assessment (Art. 27): every point answered and the authority notified."
                .to_owned()
        } else {
            format!(
                "Fundamental rights impact assessment (Art. 27): still open: {}.",
                missing.join(", ")
            )
        }));
    }
}

fn crosswalk_table(project: &Project, blocks: &mut Vec<Block>) {
    let used = used_items(project);
    let mut cells: Vec<Vec<Cell>> = Vec::new();
    for item in &used {
        let links: Vec<String> = related(item)
            .iter()
            .filter(|r| !r.function_level)
            .map(|r| {
                let mark = match r.basis {
                    crate::model::frameworks::crosswalk::Basis::Published(_) => "P",
                    crate::model::frameworks::crosswalk::Basis::Judgement => "J",
                    crate::model::frameworks::crosswalk::Basis::Derived(_) => "D",
                };
                format!("{} ({mark})", r.item)
            })
            .collect();
        if links.is_empty() {
            continue;
        }
        cells.push(vec![
            Cell::new(item.to_string()),
            Cell::new(links.join(", ")),
        ]);
    }
    blocks.push(Block::Table(DataTable {
        caption:
            "Crosswalk of the framework items this project uses (P: published crosswalk, see the \
                  sources below; J: Riskbench judgement)"
                .to_owned(),
        columns: vec![
            Column::new("Item", 2.2),
            Column::new("Related items and basis", 6.0),
        ],
        rows: cells,
        empty_text: "The project uses no item that the crosswalk relates to another framework."
            .to_owned(),
    }));
}
