//! The FMEA worksheets part (landscape tables sorted by action priority) and the action-priority cells shared
//! with the executive summary.

use super::{
    ActionPriority, Align, BarSeries, Block, Callout, CalloutKind, Cell, Column, DataTable, Figure,
    FmeaColumn, FmeaWorksheet, GroupedBarChart, PlanSection, Project, RichText, h, or_dash, p,
    palette,
};

pub(super) fn ap_fill(ap: Option<ActionPriority>) -> Option<crate::model::palette::Rgb> {
    match ap {
        Some(ActionPriority::High) => Some(palette::FAIL),
        Some(ActionPriority::Medium) => Some(palette::WARN),
        Some(ActionPriority::Low) => Some(palette::PASS),
        None => None,
    }
}

pub(super) fn ap_cell(ap: Option<ActionPriority>) -> Cell {
    let cell = Cell::new(ap.map_or("—", ActionPriority::letter));
    match ap_fill(ap) {
        Some(fill) => cell.fill(fill).bold(),
        None => cell,
    }
}

pub(super) fn sod(w: &FmeaWorksheet, row: usize) -> String {
    let get = |c| w.cell_text(row, c).unwrap_or_default();
    let (s, o, d) = (
        get(FmeaColumn::Severity),
        get(FmeaColumn::Occurrence),
        get(FmeaColumn::Detection),
    );
    format!("{}/{}/{}", or_dash(&s), or_dash(&o), or_dash(&d))
}

pub(super) fn top_failure_modes(project: &Project, limit: usize) -> Vec<Vec<Cell>> {
    let mut all: Vec<(&FmeaWorksheet, usize)> = Vec::new();
    for w in &project.fmea_worksheets {
        all.extend(w.priority_order().into_iter().map(|i| (w, i)));
    }
    all.sort_by(|a, b| crate::model::fmea::compare_by_priority(&a.0.rows[a.1], &b.0.rows[b.1]));
    all.into_iter()
        .filter(|(w, i)| w.rows[*i].action_priority() == Some(ActionPriority::High))
        .take(limit)
        .map(|(w, i)| {
            let row = &w.rows[i];
            vec![
                Cell::new(w.title.clone()),
                Cell::new(format!(
                    "{}: {}",
                    or_dash(&row.item),
                    or_dash(&row.failure_mode)
                )),
                Cell::new(sod(w, i)),
                ap_cell(row.action_priority()),
                Cell::new(or_dash(&row.recommended_action)),
            ]
        })
        .collect()
}

pub(super) fn fmea(project: &Project, blocks: &mut Vec<Block>) {
    blocks.push(h(1, PlanSection::Fmea.title()));
    if project.fmea_worksheets.is_empty() {
        blocks.push(p("No FMEA was performed."));
        return;
    }
    let mut categories = Vec::new();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for w in &project.fmea_worksheets {
        let c = w.priority_counts();
        for (name, b, a) in [
            ("H", c.before.high, c.after.high),
            ("M", c.before.medium, c.after.medium),
            ("L", c.before.low, c.after.low),
        ] {
            categories.push(if project.fmea_worksheets.len() > 1 {
                format!("{} {name}", w.title)
            } else {
                name.to_owned()
            });
            #[expect(clippy::cast_precision_loss, reason = "row counts are small")]
            {
                before.push(b as f32);
                after.push(a as f32);
            }
        }
    }
    blocks.push(Block::Figure(Figure::grouped_bar_chart(
        "Failure modes by action priority, before and after the recorded actions",
        &GroupedBarChart {
            title: String::new(),
            y_label: "Failure modes".to_owned(),
            categories,
            series: vec![
                BarSeries {
                    name: "Before actions".to_owned(),
                    values: before,
                    ci: Vec::new(),
                },
                BarSeries {
                    name: "After actions".to_owned(),
                    values: after,
                    ci: Vec::new(),
                },
            ],
            reference: None,
            y_range: None,
            decimals: 0,
        },
    )));
    for w in &project.fmea_worksheets {
        blocks.push(h(2, &w.title));
        if !w.scope.trim().is_empty() {
            blocks.push(p(&w.scope));
        }
        let flagged = w.rows_lacking_required_action();
        if !flagged.is_empty() {
            blocks.push(Block::Callout(Callout {
                kind: CalloutKind::Warning,
                title: "High priority without action".to_owned(),
                body: RichText::plain(format!(
                    "{} high-priority row(s) have no recommended action: {}.",
                    flagged.len(),
                    flagged
                        .iter()
                        .map(|i| w.rows[*i].row_id.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }));
        }
        let rows: Vec<Vec<Cell>> = w
            .priority_order()
            .into_iter()
            .map(|i| {
                let r = &w.rows[i];
                let get = |c| w.cell_text(i, c).unwrap_or_default();
                vec![
                    Cell::new(r.row_id.clone()),
                    Cell::new(or_dash(&r.item)),
                    Cell::new(or_dash(&r.failure_mode)),
                    Cell::new(or_dash(&r.effect)),
                    Cell::new(or_dash(&r.cause)),
                    Cell::new(format!(
                        "P: {}\nD: {}",
                        or_dash(&r.prevention_controls),
                        or_dash(&r.detection_controls)
                    )),
                    Cell::new(sod(w, i)),
                    Cell::new(or_dash(&get(FmeaColumn::Rpn))),
                    ap_cell(r.action_priority()),
                    Cell::new(or_dash(&r.recommended_action)),
                    Cell::new(format!(
                        "{}\n{}",
                        or_dash(&r.owner),
                        r.target_date.map_or_else(String::new, |d| d.to_string())
                    )),
                    ap_cell(r.revised_action_priority()),
                ]
            })
            .collect();
        blocks.push(Block::Landscape(vec![Block::Table(DataTable {
            caption: format!(
                "{}: failure modes sorted by action priority, severity and RPN",
                w.title
            ),
            columns: vec![
                Column::new("ID", 0.7),
                Column::new("Step", 1.3),
                Column::new("Failure mode", 2.2),
                Column::new("Effect", 2.0),
                Column::new("Cause", 2.0),
                Column::new("Controls (prevention / detection)", 2.6),
                Column::new("S/O/D", 0.8).align(Align::Centre),
                Column::new("RPN", 0.6).align(Align::Right),
                Column::new("AP", 0.5).align(Align::Centre),
                Column::new("Recommended action", 2.4),
                Column::new("Owner / due", 1.3),
                Column::new("AP after", 0.6).align(Align::Centre),
            ],
            rows,
            empty_text: "This worksheet has no rows.".to_owned(),
        })]));
    }
}
