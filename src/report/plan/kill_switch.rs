//! "Monitoring and review" (§13), after the KRIs and drift thresholds: when the plan is reviewed again
//! (next review date and cadence) and the kill-switch criteria — the conditions that take the system out
//! of the decision, who decides, and what replaces it.

use super::{
    Block, Callout, CalloutKind, Cell, Column, DataTable, IsoDate, KeyValue, Project, RichText, h,
    p,
};

/// The next review of the plan dated `date` as printed on the cover and in §13.
pub(super) fn next_review_text(project: &Project, date: IsoDate) -> String {
    project
        .review
        .next_after(date)
        .map_or_else(|| "not scheduled".to_owned(), |d| d.to_string())
}

/// Review cadence and kill-switch criteria.
pub(super) fn kill_switch(project: &Project, date: IsoDate, blocks: &mut Vec<Block>) {
    blocks.push(h(2, "Review of this plan"));
    blocks.push(Block::KeyValues(vec![
        KeyValue::new("Next review", next_review_text(project, date)),
        KeyValue::new(
            "Cadence",
            project
                .review
                .cadence_text()
                .unwrap_or_else(|| "not set".to_owned()),
        ),
    ]));
    blocks.push(h(2, "Kill-switch criteria"));
    blocks.push(p(
        "When one of these conditions is met, the system is taken out of the decision: the person named \
         decides, and the fallback takes over until the cause is treated and the plan reviewed.",
    ));
    blocks.push(Block::Table(DataTable {
        caption: "Kill-switch criteria".to_owned(),
        columns: vec![
            Column::new("#", 0.4),
            Column::new("Condition", 4.0),
            Column::new("Who decides", 2.0),
            Column::new("Fallback", 2.0),
        ],
        rows: project
            .kill_switch
            .iter()
            .enumerate()
            .map(|(i, c)| {
                vec![
                    Cell::new((i + 1).to_string()),
                    Cell::new(super::or_dash(&c.condition)),
                    Cell::new(super::or_dash(&c.decides)),
                    Cell::new(c.fallback.label()),
                ]
            })
            .collect(),
        empty_text:
            "No kill-switch criteria are recorded: the plan does not say when the system is taken \
                     out of the decision."
                .to_owned(),
    }));
    let problems: Vec<String> = project
        .kill_switch
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let found = c.problems();
            (!found.is_empty()).then(|| format!("criterion {}: {}", i + 1, found.join(", ")))
        })
        .collect();
    if !problems.is_empty() {
        blocks.push(Block::Callout(Callout {
            kind: CalloutKind::Warning,
            title: "Incomplete kill-switch criteria".to_owned(),
            body: RichText::plain(format!("{}.", problems.join("; "))),
        }));
    }
}
