//! "Mitigation options" in the plan's evidence: for every mitigation adopted as a control, the options it
//! was compared with in one table, the Pareto frontier (objective against the largest disparity) as a chart,
//! the chosen option with its parameters, dataset fingerprint and why it was chosen; and, in the treatment
//! plan, under each risk the mitigations linked to it with their tested effectiveness and the residual-rating
//! suggestion that rests on them, then one line per linked risk citing it.

use super::{Block, Cell, Column, DataTable, KeyValue, h, p};
use crate::model::Project;
use crate::model::mitigation::AdoptedMitigation;
use crate::report::doc::{Align, palette};
use crate::report::figure::{Anchor, Figure, Shape, Stroke, TextShape, VAnchor};

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"))
}

fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.1} %", v * 100.0))
}

/// The frontier as a line chart: largest disparity (x) against the objective (y), the chosen point marked.
#[expect(
    clippy::cast_possible_truncation,
    reason = "chart coordinates in millimetres"
)]
fn frontier_chart(m: &AdoptedMitigation) -> Option<Figure> {
    if m.frontier.len() < 2 {
        return None;
    }
    let (w, hgt) = (150.0_f32, 80.0_f32);
    let (left, right, top, bottom) = (18.0_f32, 6.0_f32, 6.0_f32, 14.0_f32);
    let xs: Vec<f64> = m.frontier.iter().map(|p| p[2]).collect();
    let ys: Vec<f64> = m.frontier.iter().map(|p| p[1]).collect();
    let x_max = xs.iter().copied().fold(0.0_f64, f64::max).max(1e-6);
    let (y_min, y_max) = ys
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let span = (y_max - y_min).max(1e-6);
    let px = |x: f64| left + ((x / x_max) as f32) * (w - left - right);
    let py = |y: f64| top + (1.0 - ((y - y_min) / span) as f32) * (hgt - top - bottom);
    let axis = Stroke::solid(palette::MUTED, 0.5);
    let mut fig = Figure::new(
        format!(
            "Pareto frontier of {}: objective against the largest disparity",
            m.name
        ),
        w,
        hgt,
    )
    .with(Shape::line(
        left,
        hgt - bottom,
        w - right,
        hgt - bottom,
        axis.clone(),
    ))
    .with(Shape::line(left, top, left, hgt - bottom, axis));
    let mut points: Vec<[f32; 2]> = m.frontier.iter().map(|p| [px(p[2]), py(p[1])]).collect();
    points.sort_by(|a, b| a[0].total_cmp(&b[0]));
    fig = fig.with(Shape::Line {
        points: points.clone(),
        stroke: Stroke::solid(palette::ACCENT, 1.0),
    });
    for pt in &points {
        fig = fig.with(Shape::Circle {
            cx: pt[0],
            cy: pt[1],
            r: 0.8,
            fill: Some(palette::ACCENT),
            stroke: None,
        });
    }
    if let (Some(x), Some(y)) = (
        m.metrics_after.get("largest_disparity"),
        m.metrics_after.get("objective"),
    ) {
        fig = fig.with(Shape::Circle {
            cx: px(*x),
            cy: py(*y),
            r: 1.8,
            fill: None,
            stroke: Some(Stroke::solid(palette::FAIL, 1.0)),
        });
    }
    let label = |x: f32, y: f32, text: String, anchor: Anchor| {
        Shape::Text(TextShape::new(x, y, text, 7.0).anchored(anchor, VAnchor::Middle))
    };
    fig = fig
        .with(label(
            left,
            hgt - bottom + 4.0,
            "0".to_owned(),
            Anchor::Centre,
        ))
        .with(label(
            w - right,
            hgt - bottom + 4.0,
            format!("{x_max:.3}"),
            Anchor::Centre,
        ))
        .with(label(
            f32::midpoint(left, w - right),
            hgt - 3.0,
            "largest between-group difference".to_owned(),
            Anchor::Centre,
        ))
        .with(label(
            left - 1.0,
            py(y_max),
            format!("{y_max:.3}"),
            Anchor::Right,
        ))
        .with(label(
            left - 1.0,
            py(y_min),
            format!("{y_min:.3}"),
            Anchor::Right,
        ));
    Some(fig)
}

/// The subsection; nothing when no mitigation was adopted.
pub(super) fn mitigation_options(project: &Project, blocks: &mut Vec<Block>) {
    if project.mitigations.is_empty() {
        return;
    }
    blocks.push(h(2, "Mitigation options"));
    blocks.push(p(
        "Each control below was tested on the data before it was adopted (Measure › Mitigations or \
         `riskbench whatif` / `riskbench mitigate`): the options compared, the trade-off between the objective \
         and the largest between-group difference, and the option chosen.",
    ));
    for m in &project.mitigations {
        blocks.push(h(3, &format!("{} — {}", m.mitigation_id, m.name)));
        let columns = vec![
            Column::new("Option", 3.0),
            Column::new("Accuracy", 1.0).align(Align::Right),
            Column::new("Largest disparity", 1.2).align(Align::Right),
            Column::new("Selection rate", 1.1).align(Align::Right),
            Column::new("Decisions flipped", 1.1).align(Align::Right),
            Column::new("To review", 1.0).align(Align::Right),
        ];
        let rows = m
            .options
            .iter()
            .map(|o| {
                let chosen = o.name == m.name;
                let cell = |t: String| {
                    if chosen {
                        Cell::new(t).bold()
                    } else {
                        Cell::new(t)
                    }
                };
                vec![
                    cell(if chosen {
                        format!("{} (chosen)", o.name)
                    } else {
                        o.name.clone()
                    }),
                    cell(opt(o.accuracy)),
                    cell(opt(o.largest_disparity)),
                    cell(opt(o.selection_rate)),
                    cell(percent(o.flipped_share)),
                    cell(o.routed.map_or_else(|| "—".to_owned(), |r| r.to_string())),
                ]
            })
            .collect();
        blocks.push(Block::Table(DataTable {
            caption: format!("Mitigation options compared for {}", m.mitigation_id),
            columns,
            rows,
            empty_text: "No other option was compared.".to_owned(),
        }));
        if let Some(fig) = frontier_chart(m) {
            blocks.push(Block::Figure(fig));
        }
        let mut kv = vec![
            KeyValue::new("Rule", m.rule.summary()),
            KeyValue::new(
                "Tested on",
                format!("dataset {} (SHA-256 {})", m.dataset_id, m.dataset_sha256),
            ),
            KeyValue::new("Adopted", m.adopted.to_string()),
        ];
        for (k, v) in &m.parameters {
            // "current_threshold" → "Current threshold", as the other keys of the table.
            let key = k.replace('_', " ");
            let mut chars = key.chars();
            let key = chars.next().map_or_else(String::new, |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            });
            kv.push(KeyValue::new(key, v.clone()));
        }
        let effect = m.effect_summary();
        if !effect.is_empty() {
            kv.push(KeyValue::new("Effect on the data", effect));
        }
        if let Some(risk) = &m.risk_id {
            kv.push(KeyValue::new("Control of risk", risk.clone()));
        }
        kv.push(KeyValue::new(
            "Why this option",
            if m.rationale.trim().is_empty() {
                "—".to_owned()
            } else {
                m.rationale.clone()
            },
        ));
        blocks.push(Block::KeyValues(kv));
    }
}

/// In a risk's treatment plan: the adopted mitigations linked to it (rule, test date and dataset, effect,
/// tested effectiveness, whether its data changed since) and the residual-rating suggestion citing them;
/// nothing when no mitigation is linked to the risk.
pub(super) fn risk_citations(project: &Project, risk_id: &str, blocks: &mut Vec<Block>) {
    let Some(suggestion) = crate::model::mitigation::residual_suggestion(project, risk_id) else {
        return;
    };
    blocks.push(p(
        "**Mitigations tested on the data** (see Evidence › Mitigation options):",
    ));
    blocks.push(Block::Bullets(
        suggestion
            .citations
            .iter()
            .map(|c| crate::report::doc::RichText::plain(c.clone()))
            .collect(),
    ));
    blocks.push(p(&format!("{}.", suggestion.text)));
}

/// In the treatment plan: one line per risk with an adopted mitigation, citing it.
pub(super) fn treatment_citations(project: &Project, blocks: &mut Vec<Block>) {
    let cited: Vec<&AdoptedMitigation> = project
        .mitigations
        .iter()
        .filter(|m| m.risk_id.is_some())
        .collect();
    if cited.is_empty() {
        return;
    }
    blocks.push(h(2, "Controls tested on the data"));
    blocks.push(Block::Bullets(
        cited
            .iter()
            .map(|m| {
                crate::report::doc::RichText::plain(format!(
                    "{}: {} — {} ({}; see Evidence › Mitigation options, {})",
                    m.risk_id.as_deref().unwrap_or(""),
                    m.name,
                    m.rule.summary(),
                    if m.effect_summary().is_empty() {
                        "tested on the data".to_owned()
                    } else {
                        m.effect_summary()
                    },
                    m.mitigation_id
                ))
            })
            .collect(),
    ));
}
