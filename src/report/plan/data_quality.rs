//! "Data quality and representation" in the plan's evidence: per dataset the profile overview, the data
//! alerts with the thresholds that raised them, group representation with base rates, and likely proxies of
//! the sensitive columns (the same numbers as Measure › EDA and `riskbench profile`).

use super::{Block, Cell, Column, DataTable, KeyValue, h, or_dash, p};
use crate::analysis::evidence::ProfileEvidence;
use crate::analysis::profile::Profile;
use crate::model::Project;
use crate::report::doc::{Align, palette};

fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// The subsection; nothing when no profile was computed (the caller did not run them).
pub(super) fn data_quality(
    project: &Project,
    profiles: &[ProfileEvidence],
    blocks: &mut Vec<Block>,
) {
    if profiles.is_empty() {
        return;
    }
    blocks.push(h(2, "Data quality and representation"));
    let t = &project.settings.eda;
    blocks.push(p(&format!(
        "Each dataset is profiled as in Measure › EDA. Alerts use the project's thresholds: missing, zero or \
         infinite share above {}, |skewness| above {}, more than {} categories, imbalance above {}, |correlation| \
         at least {}; a feature whose association with a sensitive column is at least {} is a likely proxy.",
        t.missing_share, t.skewness_abs, t.cardinality_max, t.imbalance, t.correlation_abs, t.proxy_threshold
    )));
    for evidence in profiles {
        blocks.push(h(3, &evidence.dataset_name));
        match &evidence.outcome {
            Err(e) => blocks.push(p(&format!("The profile could not be computed: {e}"))),
            Ok(profile) => dataset(profile, blocks),
        }
    }
}

fn dataset(profile: &Profile, blocks: &mut Vec<Block>) {
    let o = &profile.overview;
    blocks.push(Block::KeyValues(vec![
        KeyValue::new("Rows × columns", format!("{} × {}", o.rows, o.columns)),
        KeyValue::new(
            "Missing cells",
            format!("{} ({})", o.missing_cells, percent(o.missing_cells_share)),
        ),
        KeyValue::new(
            "Duplicate rows",
            format!("{} ({})", o.duplicate_rows, percent(o.duplicate_rows_share)),
        ),
        KeyValue::new(
            "Variable types",
            o.types
                .iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ]));
    blocks.push(Block::Table(DataTable {
        caption: "Data alerts".to_owned(),
        columns: vec![
            Column::new("Alert", 1.8),
            Column::new("Column", 1.6),
            Column::new("Value", 0.9).align(Align::Right),
            Column::new("What it means", 4.5),
        ],
        rows: profile
            .alerts
            .iter()
            .map(|a| {
                vec![
                    Cell::new(a.kind.key()),
                    Cell::new(or_dash(a.column.as_deref().unwrap_or_default())),
                    Cell::new(format!("{:.3}", a.value)),
                    Cell::new(a.detail.clone()),
                ]
            })
            .collect(),
        empty_text: "No alert at the project's thresholds.".to_owned(),
    }));
    for sensitive in &profile.fairness.sensitive {
        blocks.push(Block::Table(DataTable {
            caption: format!("Representation and label base rate by {}", sensitive.column),
            columns: vec![
                Column::new("Group", 2.0),
                Column::new("Rows", 0.9).align(Align::Right),
                Column::new("Share", 0.9).align(Align::Right),
                Column::new("Reference share", 1.2).align(Align::Right),
                Column::new("Base rate", 1.0).align(Align::Right),
            ],
            rows: sensitive
                .groups
                .iter()
                .map(|g| {
                    vec![
                        Cell::new(g.group.clone()),
                        Cell::new(g.count.to_string()),
                        Cell::new(percent(g.share)),
                        Cell::new(g.reference_share.map_or_else(|| "—".to_owned(), percent)),
                        Cell::new(
                            g.base_rate
                                .map_or_else(|| "—".to_owned(), |r| format!("{r:.3}")),
                        ),
                    ]
                })
                .collect(),
            empty_text: String::new(),
        }));
        let flagged: Vec<_> = sensitive.proxies.iter().filter(|x| x.flagged).collect();
        blocks.push(Block::Table(DataTable {
            caption: format!("Likely proxies of {}", sensitive.column),
            columns: vec![
                Column::new("Feature", 2.0),
                Column::new("Measure", 1.6),
                Column::new("Association", 1.0).align(Align::Right),
            ],
            rows: flagged
                .iter()
                .map(|x| {
                    vec![
                        Cell::new(x.column.clone()),
                        Cell::new(x.method.key()),
                        Cell::new(
                            x.value
                                .map_or_else(|| "—".to_owned(), |v| format!("{v:.3}")),
                        )
                        .fill(palette::WARN)
                        .bold(),
                    ]
                })
                .collect(),
            empty_text: format!(
                "No feature reaches the proxy threshold for {}.",
                sensitive.column
            ),
        }));
    }
}
