//! "Error analysis" in the plan's evidence: per saved analysis, the error tree as a vector figure (nodes with
//! their error rate and share of the errors, coloured by error rate), its leaves as a table with their group
//! mix, and the imported attributions per group. Every subsection says that it is descriptive, not causal.
//! The results are computed by the caller (`analysis::error_analysis::run::run_saved_error_analyses`), so
//! building the plan does no I/O; the section is left out when the project has no saved error analyses.

use super::{Block, Callout, CalloutKind, Cell, Column, DataTable, RichText, h, p};
use crate::analysis::error_analysis::DESCRIPTIVE_NOTE;
use crate::analysis::error_analysis::attributions::Attributions;
use crate::analysis::error_analysis::run::{ErrorAnalysisEvidence, ErrorAnalysisResult};
use crate::analysis::error_analysis::tree::ErrorTree;
use crate::model::Project;
use crate::model::palette;
use crate::model::text_metrics::text_width;
use crate::report::doc::Align;
use crate::report::figure::{Anchor, Figure, Shape, Stroke, TextShape, VAnchor};

/// Groups shown as columns of the attribution table (the largest ones).
const MAX_GROUP_COLUMNS: usize = 6;

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

/// The error analyses of the project, when it has any.
pub(super) fn error_analysis_evidence(
    project: &Project,
    evidence: &[ErrorAnalysisEvidence],
    blocks: &mut Vec<Block>,
) {
    if project.error_analyses.is_empty() {
        return;
    }
    blocks.push(h(2, "Error analysis"));
    blocks.push(p(&format!(
        "Where the model's recorded predictions are wrong, explained from the data alone (no access to the \
         model): an error tree (a shallow decision tree that predicts the errors), and the attributions \
         imported with the predictions, per group. {DESCRIPTIVE_NOTE}"
    )));
    for saved in &project.error_analyses {
        let found = evidence.iter().find(|e| e.analysis_id == saved.analysis_id);
        blocks.push(h(3, &format!("{} {}", saved.analysis_id, saved.name)));
        match found.map(|e| (&e.outcome, e.dataset_name.as_str())) {
            Some((Ok(result), dataset)) => {
                analysis_blocks(&saved.analysis_id, dataset, result, blocks);
            }
            Some((Err(reason), _)) => blocks.push(Block::Callout(Callout {
                kind: CalloutKind::Warning,
                title: "This analysis could not be run".to_owned(),
                body: RichText::plain(reason.clone()),
            })),
            None => blocks.push(p("This analysis was not run for this document.")),
        }
    }
}

fn analysis_blocks(id: &str, dataset: &str, result: &ErrorAnalysisResult, blocks: &mut Vec<Block>) {
    let r = &result.rows;
    let tree = &result.tree;
    blocks.push(p(&format!(
        "Dataset **{dataset}**: {} rows with a label and a prediction ({} left out), {} errors ({}). Tree of \
         depth {} over {} feature(s), at least {} rows per leaf{}.",
        r.used,
        r.dropped,
        r.errors,
        pct(r.error_rate),
        tree.options.max_depth,
        tree.features.len(),
        tree.options.min_samples_leaf,
        if tree.binned_features.is_empty() {
            String::new()
        } else {
            format!(
                "; {} cut into 256 quantile bins",
                tree.binned_features.join(", ")
            )
        }
    )));
    blocks.push(Block::Landscape(vec![Block::Figure(tree_figure(
        &format!(
            "{id} error tree: error rate and share of all errors per node (descriptive, not causal)"
        ),
        tree,
    ))]));
    blocks.push(Block::Table(leaf_table(id, tree)));
    if let Some(a) = &result.attributions {
        blocks.push(Block::Table(attribution_table(id, a)));
    }
}

/// The error tree drawn top-down: leaves spread evenly, each parent above the middle of its children.
#[must_use]
pub fn tree_figure(caption: &str, tree: &ErrorTree) -> Figure {
    const WIDTH: f32 = 250.0;
    const LEVEL: f32 = 30.0;
    const BOX_H: f32 = 13.0;
    let leaves = tree.leaves.len().max(1);
    #[expect(clippy::cast_precision_loss, reason = "a few leaves")]
    let slot = WIDTH / leaves as f32;
    let box_w = (slot - 2.0).clamp(8.0, 34.0);
    let depth = tree.nodes.iter().map(|n| n.depth).max().unwrap_or(0);
    #[expect(clippy::cast_precision_loss, reason = "a small depth")]
    let height = LEVEL * depth as f32 + BOX_H + 4.0;
    let max_rate = tree
        .nodes
        .iter()
        .map(|n| n.error_rate)
        .fold(0.0_f64, f64::max);
    // x of each node: leaves in order, parents at the mean of their children (children come after parents).
    let mut x = vec![0.0_f32; tree.nodes.len()];
    for node in tree.nodes.iter().rev() {
        x[node.node_id] = match (node.leaf_id, node.children) {
            #[expect(clippy::cast_precision_loss, reason = "a few leaves")]
            (Some(leaf), _) => slot * (leaf as f32 + 0.5),
            (None, Some([l, r])) => f32::midpoint(x[l], x[r]),
            (None, None) => WIDTH / 2.0,
        };
    }
    #[expect(clippy::cast_precision_loss, reason = "a small depth")]
    let y = |depth: usize| 2.0 + LEVEL * depth as f32;
    let mut figure = Figure::new(caption, WIDTH, height);
    let font = if box_w < 16.0 { 4.5 } else { 6.0 };
    for node in &tree.nodes {
        if let (Some([l, r]), Some([left, right])) = (node.children, &node.split) {
            for (child, condition) in [(l, left), (r, right)] {
                let (x1, y1) = (x[node.node_id], y(node.depth) + BOX_H);
                let (x2, y2) = (x[child], y(node.depth + 1));
                figure = figure.with(Shape::line(
                    x1,
                    y1,
                    x2,
                    y2,
                    Stroke::solid(palette::MUTED, 0.5),
                ));
                // The condition sits just above the child's box, shortened to the child's slot.
                let label = elide(&condition.to_string(), 4.5, slot.min(2.0 * box_w) - 1.0);
                figure = figure.with(Shape::Text(
                    TextShape::new(x2, y2 - 1.2, label, 4.5)
                        .anchored(Anchor::Centre, VAnchor::Baseline)
                        .color(palette::INK),
                ));
            }
        }
    }
    for node in &tree.nodes {
        let fill = palette::error_rate(node.error_rate, max_rate);
        let ink = fill.contrasting_text();
        let (cx, top) = (x[node.node_id], y(node.depth));
        figure = figure.with(Shape::Rect {
            x: cx - box_w / 2.0,
            y: top,
            w: box_w,
            h: BOX_H,
            fill: Some(fill),
            stroke: Some(Stroke::solid(palette::INK, 0.4)),
            radius: 1.0,
        });
        let lines = [
            node.leaf_id.map_or_else(
                || format!("n={}", node.rows),
                |l| format!("leaf {l}: n={}", node.rows),
            ),
            format!("err {}", pct(node.error_rate)),
            format!("of errors {}", pct(node.share_of_errors)),
        ];
        for (k, line) in lines.into_iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "three lines")]
            let line_y = top + 3.5 + 3.8 * k as f32;
            let mut text = TextShape::new(cx, line_y, line, font)
                .anchored(Anchor::Centre, VAnchor::Middle)
                .color(ink);
            if k == 1 {
                text = text.bold();
            }
            figure = figure.with(Shape::Text(text));
        }
    }
    figure
}

/// `text` shortened with an ellipsis to at most `max_mm` wide at `size_pt`.
fn elide(text: &str, size_pt: f32, max_mm: f32) -> String {
    const MM_PER_PT: f32 = 25.4 / 72.0;
    let fits = |t: &str| text_width(t, size_pt, false) * MM_PER_PT <= max_mm;
    if fits(text) {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    for end in (1..chars.len()).rev() {
        let candidate: String = chars[..end].iter().collect::<String>() + "…";
        if fits(&candidate) {
            return candidate;
        }
    }
    "…".to_owned()
}

fn leaf_table(id: &str, tree: &ErrorTree) -> DataTable {
    let mut leaves: Vec<_> = tree.leaves.iter().collect();
    leaves.sort_by(|a, b| {
        b.error_rate
            .total_cmp(&a.error_rate)
            .then(a.leaf_id.cmp(&b.leaf_id))
    });
    let max_rate = leaves.first().map_or(0.0, |l| l.error_rate);
    let mut columns = vec![
        Column::new("Leaf", 0.5).align(Align::Right),
        Column::new("Conditions", 4.0),
        Column::new("Rows", 0.8).align(Align::Right),
        Column::new("Error rate", 0.9).align(Align::Right),
        Column::new("Share of errors", 0.9).align(Align::Right),
    ];
    if let Some(s) = &tree.sensitive {
        columns.push(Column::new(format!("Rows by {s}"), 2.0));
    }
    DataTable {
        caption: format!("{id} leaves of the error tree, highest error rate first"),
        columns,
        rows: leaves
            .iter()
            .map(|l| {
                let mut row = vec![
                    Cell::new(l.leaf_id.to_string()),
                    Cell::new(l.path_text()),
                    Cell::new(l.rows.to_string()),
                    Cell::new(pct(l.error_rate)).fill(palette::error_rate(l.error_rate, max_rate)),
                    Cell::new(pct(l.share_of_errors)),
                ];
                if tree.sensitive.is_some() {
                    row.push(Cell::new(
                        l.groups
                            .iter()
                            .map(|g| format!("{} {}", g.group, g.rows))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ));
                }
                row
            })
            .collect(),
        empty_text: "No leaves.".to_owned(),
    }
}

fn attribution_table(id: &str, a: &Attributions) -> DataTable {
    let mut shown: Vec<usize> = (0..a.groups.len()).collect();
    shown.sort_by(|x, y| a.groups[*y].rows.cmp(&a.groups[*x].rows).then(x.cmp(y)));
    shown.truncate(MAX_GROUP_COLUMNS);
    shown.sort_unstable();
    let mut columns = vec![
        Column::new("Feature", 1.6),
        Column::new("All rows", 0.9).align(Align::Right),
    ];
    for g in &shown {
        columns.push(Column::new(a.groups[*g].group.clone(), 0.9).align(Align::Right));
    }
    if !a.gaps.is_empty() {
        columns.push(Column::new("Largest gap", 1.6));
    }
    let rows = a
        .features
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let mut row = vec![
                Cell::new(f.feature.clone()),
                Cell::new(format!("{:.4}", f.mean_abs)),
            ];
            for g in &shown {
                row.push(Cell::new(
                    a.groups[*g].mean_abs[k].map_or_else(|| "—".to_owned(), |m| format!("{m:.4}")),
                ));
            }
            if !a.gaps.is_empty() {
                row.push(Cell::new(
                    a.gaps.iter().find(|g| g.feature == f.feature).map_or_else(
                        || "—".to_owned(),
                        |g| {
                            format!(
                                "{} vs {}: {:.4}{}",
                                g.highest_group,
                                g.lowest_group,
                                g.difference,
                                g.ratio.map_or_else(String::new, |r| format!(" (×{r:.2})"))
                            )
                        },
                    ),
                ));
            }
            row
        })
        .collect();
    DataTable {
        caption: format!(
            "{id} mean |attribution| ({}*) overall{}; descriptive, not causal",
            a.prefix,
            a.sensitive
                .as_ref()
                .map_or_else(String::new, |s| format!(" and per group of {s}"))
        ),
        columns,
        rows,
        empty_text: "No attribution columns.".to_owned(),
    }
}
