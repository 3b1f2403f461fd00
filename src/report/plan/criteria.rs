//! "Scope and context" and "Risk criteria": the system facts, the scales, bands, matrix, fairness thresholds and
//! the FMEA action-priority rules.

use super::{
    Align, Block, Cell, Classification, Column, DataTable, HELP_AP_VS_RPN, KeyValue, PlanSection,
    Project, h, or_dash, p,
};

pub(super) fn scope(project: &Project, classification: Classification, blocks: &mut Vec<Block>) {
    let m = &project.metadata;
    blocks.push(h(1, PlanSection::Scope.title()));
    blocks.push(p(&or_dash(&m.description)));
    blocks.push(Block::KeyValues(vec![
        KeyValue::new("System", m.system_name.clone()),
        KeyValue::new("Version assessed", or_dash(&m.system_version)),
        KeyValue::new("Accountable owner", or_dash(&m.owner)),
        KeyValue::new("Organisation", or_dash(&m.organisation)),
        KeyValue::new("Classification of this plan", classification.label()),
    ]));
    super::register::context(project, blocks);
}

pub(super) fn risk_criteria(project: &Project, blocks: &mut Vec<Block>) {
    let matrix = &project.settings.risk_matrix;
    let f = &project.settings.fairness;
    blocks.push(h(1, PlanSection::RiskCriteria.title()));
    blocks.push(p(
        "Each risk is rated on a likelihood scale and an impact scale; its score is the product of the two \
         levels and the score's band sets who may accept the risk.",
    ));
    blocks.push(h(2, "Likelihood and impact scales"));
    let levels = matrix
        .likelihood_labels
        .len()
        .max(matrix.impact_labels.len());
    blocks.push(Block::Table(DataTable {
        caption: String::new(),
        columns: vec![
            Column::new("Level", 0.6).align(Align::Centre),
            Column::new("Likelihood", 2.0),
            Column::new("Impact", 2.0),
        ],
        rows: (0..levels)
            .map(|i| {
                vec![
                    Cell::new((i + 1).to_string()),
                    Cell::new(matrix.likelihood_labels.get(i).cloned().unwrap_or_default()),
                    Cell::new(matrix.impact_labels.get(i).cloned().unwrap_or_default()),
                ]
            })
            .collect(),
        empty_text: String::new(),
    }));
    blocks.push(h(2, "Bands and acceptance authority"));
    blocks.push(Block::Table(DataTable {
        caption: String::new(),
        columns: vec![
            Column::new("Band", 1.2),
            Column::new("Scores", 1.0).align(Align::Centre),
            Column::new("May accept a residual risk", 3.0),
        ],
        rows: matrix
            .bands
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let range = matrix
                    .band_range(i)
                    .map_or_else(String::new, |(lo, hi)| format!("{lo}–{hi}"));
                vec![
                    Cell::new(b.name.clone()).fill(b.colour).bold(),
                    Cell::new(range),
                    Cell::new(or_dash(&b.acceptance_authority)),
                ]
            })
            .collect(),
        empty_text: String::new(),
    }));
    super::register::appetite(project, blocks);
    blocks.push(h(2, "Risk matrix"));
    let mut columns = vec![Column::new("Likelihood \\ impact", 2.2)];
    columns.extend(
        matrix
            .impact_labels
            .iter()
            .enumerate()
            .map(|(i, l)| Column::new(format!("{} {l}", i + 1), 1.0).align(Align::Centre)),
    );
    let rows = (0..matrix.likelihood_labels.len())
        .rev()
        .map(|l| {
            let mut row =
                vec![Cell::new(format!("{} {}", l + 1, matrix.likelihood_labels[l])).bold()];
            for i in 0..matrix.impact_labels.len() {
                let likelihood = u32::try_from(l + 1).unwrap_or(u32::MAX);
                let impact = u32::try_from(i + 1).unwrap_or(u32::MAX);
                let score = likelihood * impact;
                let cell = match matrix.band_of(likelihood, impact) {
                    Some(b) => Cell::new(format!("{score} {}", b.name)).fill(b.colour),
                    None => Cell::new(score.to_string()),
                };
                row.push(cell);
            }
            row
        })
        .collect();
    blocks.push(Block::Table(DataTable {
        caption: "Score and band of every cell (likelihood level × impact level)".to_owned(),
        columns,
        rows,
        empty_text: String::new(),
    }));
    blocks.push(h(2, "Fairness thresholds"));
    blocks.push(Block::KeyValues(vec![
        KeyValue::new(
            "Ratio checks",
            format!(
                "pass when the ratio is at least {:.2} (four-fifths rule); a ratio to the reference group passes \
                 between {:.2} and {:.2}",
                f.ratio_min, f.ratio_min, f.ratio_max
            ),
        ),
        KeyValue::new(
            "Difference checks",
            format!("pass when the absolute difference is at most {:.2}", f.difference_max),
        ),
        KeyValue::new(
            "Small groups",
            format!(
                "groups with fewer than {} rows are flagged \"small sample\"; their parity checks are \
                 reported as inconclusive, never as failures",
                f.min_group_size
            ),
        ),
        KeyValue::new(
            "Uncertainty",
            format!(
                "{:.0}% intervals: Wilson score intervals, and a stratified bootstrap with {} resamples (seed {})",
                f.confidence_level * 100.0,
                f.bootstrap_resamples,
                f.bootstrap_seed
            ),
        ),
        KeyValue::new(
            "Proxy features",
            format!("flagged when their association with a sensitive column is at least {:.2}", f.proxy_threshold),
        ),
    ]));
    blocks.push(h(2, "FMEA action priority"));
    blocks.push(p(
        "FMEA rows are prioritised with the AIAG-VDA Action Priority table from severity (S), occurrence (O) \
         and detection (D), each rated 1–10. **H**: action must be taken or the current controls justified; \
         **M**: action should be taken; **L**: action could be taken. The risk priority number RPN = S × O × D \
         is shown for reference only.",
    ));
    for para in HELP_AP_VS_RPN
        .split("\n\n")
        .filter(|s| !s.trim().is_empty())
    {
        blocks.push(p(&para.replace('\n', " ")));
    }
}
