//! The register-driven sections of the plan: the Map context in "Scope and context", the appetite table of
//! "Risk criteria", the residual posture of the executive summary, "Risk register" (table and heat maps),
//! "Treatment plan" (one subsection per risk), "Accepted residual risks" (with acceptance signatures) and
//! "Monitoring and review" (KRIs, review dates).
//!
//! Overdue and expiry checks use the document date, so the same project and date give the same document.

use super::{
    Block, Callout, CalloutKind, Cell, Column, DataTable, KeyValue, RichText, Signature, h,
    or_dash, p,
};
use crate::model::palette::Rgb;
use crate::model::register::{Rating, Risk, RiskStatus, TreatmentOption, counts_by_band};
use crate::model::taxonomy::TRUSTWORTHINESS;
use crate::model::{IsoDate, Project, RiskMatrix};
use crate::report::doc::Align;
use crate::report::figure::{Figure, HeatMap, HeatMapEntry};

/// "1st line" and so on, for narrow table cells.
fn short_line(line: crate::model::LineOfDefence) -> &'static str {
    match line {
        crate::model::LineOfDefence::First => "1st line",
        crate::model::LineOfDefence::Second => "2nd line",
        crate::model::LineOfDefence::Third => "3rd line",
        crate::model::LineOfDefence::External => "external",
    }
}

/// "12 High" for a rating, with the band's fill.
fn rating_cell(matrix: &RiskMatrix, rating: Option<Rating>) -> Cell {
    let Some(rating) = rating else {
        return Cell::new("not rated");
    };
    let score = rating.score();
    match matrix.band_index(score).and_then(|i| matrix.bands.get(i)) {
        Some(band) => Cell::new(format!("{score} {}", band.name))
            .fill(band.colour)
            .bold(),
        None => Cell::new(score.to_string()),
    }
}

pub(super) fn band_name(matrix: &RiskMatrix, rating: Option<Rating>) -> String {
    rating
        .and_then(|r| matrix.band_index(r.score()))
        .and_then(|i| matrix.bands.get(i))
        .map_or_else(|| "not rated".to_owned(), |b| b.name.clone())
}

pub(super) fn trustworthiness_names(risk: &Risk) -> String {
    let names: Vec<&str> = risk
        .trustworthiness
        .iter()
        .map(|id| {
            TRUSTWORTHINESS
                .iter()
                .find(|(k, _)| k == id)
                .map_or(id.as_str(), |(_, name)| *name)
        })
        .collect();
    or_dash(&names.join("; "))
}

/// Risks in plan order: highest residual score first (unrated last), then inherent score, then id.
pub(super) fn by_residual(project: &Project) -> Vec<&Risk> {
    let mut risks: Vec<&Risk> = project.risks.iter().collect();
    risks.sort_by(|a, b| {
        let key = |r: &Risk| {
            (
                r.residual.map_or(0, Rating::score),
                r.inherent.map_or(0, Rating::score),
            )
        };
        key(b)
            .cmp(&key(a))
            .then_with(|| super::id_order(&a.risk_id).cmp(&super::id_order(&b.risk_id)))
    });
    risks
}

/// Map context for "Scope and context".
pub(super) fn context(project: &Project, blocks: &mut Vec<Block>) {
    let c = &project.context;
    blocks.push(h(2, "Intended use and context"));
    blocks.push(Block::KeyValues(vec![
        KeyValue::new("Intended use", or_dash(&c.intended_use)),
        KeyValue::new("Intended users", or_dash(&c.intended_users)),
        KeyValue::new("Deployment context", or_dash(&c.deployment_context)),
        KeyValue::new("Life-cycle stage", c.lifecycle_stage.label()),
        KeyValue::new(
            "EU AI Act classification",
            c.eu_ai_act.as_ref().map_or_else(
                || "Not decided".to_owned(),
                crate::model::context::AiActClassification::summary,
            ),
        ),
    ]));
    if let Some(rationale) = c
        .eu_ai_act
        .as_ref()
        .map(|a| a.rationale.trim())
        .filter(|r| !r.is_empty())
    {
        blocks.push(p(&format!("Classification rationale: {rationale}")));
    }
    blocks.push(h(2, "Out-of-scope uses"));
    if c.out_of_scope_uses.is_empty() {
        blocks.push(p("No out-of-scope uses are recorded."));
    } else {
        blocks.push(Block::Bullets(
            c.out_of_scope_uses.iter().map(RichText::plain).collect(),
        ));
    }
    blocks.push(h(2, "Affected groups"));
    blocks.push(Block::Table(DataTable {
        caption: "People affected by the system's outputs".to_owned(),
        columns: vec![
            Column::new("Group", 2.0),
            Column::new("How affected", 4.0),
            Column::new("In the data", 2.0),
        ],
        rows: c
            .affected_groups
            .iter()
            .map(|g| {
                vec![
                    Cell::new(g.name.clone()),
                    Cell::new(or_dash(&g.how_affected)),
                    Cell::new(or_dash(&g.data_attribute)),
                ]
            })
            .collect(),
        empty_text: "No affected groups are recorded.".to_owned(),
    }));
    if !c.known_limitations.is_empty() {
        blocks.push(h(2, "Documented limitations"));
        blocks.push(Block::Bullets(
            c.known_limitations.iter().map(RichText::plain).collect(),
        ));
    }
    let problems = c.problems();
    if !problems.is_empty() {
        blocks.push(Block::Callout(Callout {
            kind: CalloutKind::Warning,
            title: "Context incomplete".to_owned(),
            body: RichText::plain(format!("{}.", problems.join("; "))),
        }));
    }
}

/// The appetite table for "Risk criteria".
pub(super) fn appetite(project: &Project, blocks: &mut Vec<Block>) {
    blocks.push(h(2, "Risk appetite"));
    blocks.push(p(
        "The highest residual band the organisation takes on per category without escalation (NIST AI RMF \
         MAP 1.5). A residual risk above its appetite must be treated further or accepted by the authority of \
         its band.",
    ));
    let settings = &project.settings;
    blocks.push(Block::Table(DataTable {
        caption: String::new(),
        columns: vec![
            Column::new("Category", 2.0),
            Column::new("Highest residual band", 1.4),
            Column::new("Appetite statement", 4.0),
        ],
        rows: settings
            .appetite
            .iter()
            .map(|a| {
                let name = TRUSTWORTHINESS
                    .iter()
                    .find(|(k, _)| *k == a.category)
                    .map_or(a.category.as_str(), |(_, n)| *n);
                let fill = settings
                    .risk_matrix
                    .band_named(&a.max_residual_band)
                    .and_then(|i| settings.risk_matrix.bands.get(i))
                    .map(|b| b.colour);
                let band = Cell::new(a.max_residual_band.clone());
                vec![
                    Cell::new(name.to_owned()),
                    match fill {
                        Some(f) => band.fill(f),
                        None => band,
                    },
                    Cell::new(or_dash(&a.statement)),
                ]
            })
            .collect(),
        empty_text: "No appetite is set: every residual risk is judged on its band alone."
            .to_owned(),
    }));
}

/// Residual posture bullets for the executive summary.
pub(super) fn posture(project: &Project, date: IsoDate) -> Vec<RichText> {
    if project.risks.is_empty() {
        return vec![RichText::plain("No risks are recorded in the register.")];
    }
    let matrix = &project.settings.risk_matrix;
    let counts = |residual| {
        counts_by_band(&project.risks, matrix, residual)
            .iter()
            .zip(&matrix.bands)
            .map(|(n, b)| format!("{n} {}", b.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut points = vec![RichText::markup(&format!(
        "Register: **{}** risks. Inherent: {}. Residual after controls: **{}**.",
        project.risks.len(),
        counts(false),
        counts(true)
    ))];
    let accepted = project
        .risks
        .iter()
        .filter(|r| r.status == RiskStatus::Accepted)
        .count();
    let above: Vec<&str> = project
        .risks
        .iter()
        .filter(|r| crate::model::register::query::is_above_appetite(r, &project.settings))
        .map(|r| r.risk_id.as_str())
        .collect();
    points.push(RichText::markup(&format!(
        "**{accepted}** residual risk(s) formally accepted; {}.",
        if above.is_empty() {
            "no other residual risk is above its appetite".to_owned()
        } else {
            format!(
                "**{}** above appetite and not accepted: {}",
                above.len(),
                above.join(", ")
            )
        }
    )));
    let overdue: usize = project
        .risks
        .iter()
        .map(|r| r.overdue_actions(date).len())
        .sum();
    let open_actions: usize = project
        .risks
        .iter()
        .flat_map(|r| &r.actions)
        .filter(|a| a.status.is_open())
        .count();
    points.push(RichText::markup(&format!(
        "Treatment: **{open_actions}** action(s) open or in progress, **{overdue}** overdue on {date}."
    )));
    let review: Vec<&str> = project
        .risks
        .iter()
        .filter(|r| r.needs_review.is_some())
        .map(|r| r.risk_id.as_str())
        .collect();
    if !review.is_empty() {
        points.push(RichText::markup(&format!(
            "**Needs review** because its evidence changed: {}.",
            review.join(", ")
        )));
    }
    points
}

/// The highest residual risks for the executive summary.
pub(super) fn top_risks(project: &Project, limit: usize) -> Option<Block> {
    if project.risks.is_empty() {
        return None;
    }
    let matrix = &project.settings.risk_matrix;
    Some(Block::Table(DataTable {
        caption: "Highest residual risks".to_owned(),
        columns: vec![
            Column::new("ID", 0.75),
            Column::new("Risk", 4.0),
            Column::new("Inherent", 1.35).align(Align::Centre),
            Column::new("Residual", 1.35).align(Align::Centre),
            Column::new("Status", 1.45),
            Column::new("Owner", 2.0),
        ],
        rows: by_residual(project)
            .into_iter()
            .take(limit)
            .map(|r| {
                vec![
                    Cell::new(r.risk_id.clone()),
                    Cell::new(r.title.clone()),
                    rating_cell(matrix, r.inherent),
                    rating_cell(matrix, r.residual),
                    Cell::new(r.status.label()),
                    Cell::new(or_dash(&r.owner)),
                ]
            })
            .collect(),
        empty_text: String::new(),
    }))
}

/// The project's band fills and legend for a 5 × 5 heat map, or `None` for another matrix size.
/// Band fills of the 25 cells and the legend (band name, fill).
type BandFills = ([[Rgb; 5]; 5], Vec<(String, Rgb)>);

fn fills(matrix: &RiskMatrix) -> Option<BandFills> {
    if matrix.likelihood_labels.len() != 5 || matrix.impact_labels.len() != 5 {
        return None;
    }
    let mut fills = [[Rgb::WHITE; 5]; 5];
    for (l, row) in fills.iter_mut().enumerate() {
        for (i, fill) in row.iter_mut().enumerate() {
            let (l, i) = (u32::try_from(l + 1).ok()?, u32::try_from(i + 1).ok()?);
            *fill = matrix.band_of(l, i).map_or(Rgb::WHITE, |b| b.colour);
        }
    }
    let legend = matrix
        .bands
        .iter()
        .map(|b| (b.name.clone(), b.colour))
        .collect();
    Some((fills, legend))
}

/// "Risk register": the table and the heat maps.
pub(super) fn register(project: &Project, title: &str, blocks: &mut Vec<Block>) {
    blocks.push(h(1, title));
    if project.risks.is_empty() {
        blocks.push(p("No risks are recorded in the register."));
        return;
    }
    let matrix = &project.settings.risk_matrix;
    blocks.push(p(&format!(
        "{} risks, rated on the project's {}×{} matrix before (inherent) and after (residual) their controls. \
         Owners are named with their line of defence.",
        project.risks.len(),
        matrix.likelihood_labels.len(),
        matrix.impact_labels.len()
    )));
    let mut rows: Vec<&Risk> = project.risks.iter().collect();
    rows.sort_by_key(|r| super::id_order(&r.risk_id));
    blocks.push(Block::Table(DataTable {
        caption: "Risk register".to_owned(),
        columns: vec![
            Column::new("ID", 0.75),
            Column::new("Risk", 3.3),
            Column::new("Category", 1.9),
            Column::new("Owner", 2.0),
            Column::new("Inherent", 1.35).align(Align::Centre),
            Column::new("Residual", 1.35).align(Align::Centre),
            Column::new("Treatment", 1.45),
            Column::new("Status", 1.45),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::new(r.risk_id.clone()),
                    Cell::new(r.title.clone()),
                    Cell::new(trustworthiness_names(r)),
                    Cell::new(format!(
                        "{} · {}",
                        or_dash(&r.owner),
                        short_line(r.line_of_defence)
                    )),
                    rating_cell(matrix, r.inherent),
                    rating_cell(matrix, r.residual),
                    Cell::new(r.treatment.map_or("—", TreatmentOption::label)),
                    Cell::new(r.status.label()),
                ]
            })
            .collect(),
        empty_text: String::new(),
    }));
    match fills(matrix) {
        Some((fills, legend)) => {
            let map = |title: &str, residual: bool| HeatMap {
                title: title.to_owned(),
                likelihood_labels: matrix.likelihood_labels.clone(),
                impact_labels: matrix.impact_labels.clone(),
                bands: None,
                fills: Some(fills),
                legend: legend.clone(),
                entries: rows
                    .iter()
                    .filter_map(|r| {
                        let rating = if residual { r.residual } else { r.inherent }?;
                        Some(HeatMapEntry {
                            id: r.risk_id.clone(),
                            likelihood: rating.likelihood,
                            impact: rating.impact,
                        })
                    })
                    .collect(),
            };
            blocks.push(Block::Figure(Figure::risk_heat_maps(
                "Inherent and residual risk, by likelihood and impact (risk IDs in the cells)",
                &[map("Inherent risk", false), map("Residual risk", true)],
            )));
        }
        None => blocks.push(p(
            "The heat maps are drawn for 5×5 matrices only; this project's matrix has another size, so the \
             ratings are listed in the table above.",
        )),
    }
}

pub(super) use super::treatment::treatment_plan;

/// "Accepted residual risks": the acceptance records, authority checks and signature blocks.
pub(super) fn accepted(project: &Project, title: &str, date: IsoDate, blocks: &mut Vec<Block>) {
    blocks.push(h(1, title));
    let matrix = &project.settings.risk_matrix;
    let accepted: Vec<&Risk> = by_residual(project)
        .into_iter()
        .filter(|r| r.status == RiskStatus::Accepted || r.acceptance.is_some())
        .collect();
    if accepted.is_empty() {
        blocks.push(p("No residual risk has been accepted."));
        return;
    }
    blocks.push(p(
        "The business accepts the following residual risks on the conditions stated, until the expiry date \
         (NIST AI RMF MANAGE 1.4). Each acceptance is checked against the acceptance authority of the \
         residual band in the risk criteria.",
    ));
    blocks.push(Block::Table(DataTable {
        caption: "Accepted residual risks".to_owned(),
        columns: vec![
            Column::new("ID", 0.75),
            Column::new("Risk", 2.6),
            Column::new("Residual", 1.35).align(Align::Centre),
            Column::new("Accepted by", 2.0),
            Column::new("Date", 1.0),
            Column::new("Conditions", 3.4),
            Column::new("Expiry", 1.0),
        ],
        rows: accepted
            .iter()
            .map(|r| {
                let a = r.acceptance.as_ref();
                vec![
                    Cell::new(r.risk_id.clone()),
                    Cell::new(r.title.clone()),
                    rating_cell(matrix, r.residual),
                    Cell::new(a.map_or_else(
                        || "No acceptance record".to_owned(),
                        |a| format!("{} ({})", or_dash(&a.accepted_by), or_dash(&a.role)),
                    )),
                    Cell::new(a.map_or_else(|| "—".to_owned(), |a| a.date.to_string())),
                    Cell::new(a.map_or_else(|| "—".to_owned(), |a| or_dash(&a.conditions))),
                    Cell::new(
                        a.and_then(|a| a.expiry)
                            .map_or_else(|| "none".to_owned(), |d| d.to_string()),
                    ),
                ]
            })
            .collect(),
        empty_text: String::new(),
    }));
    let mut issues = Vec::new();
    for r in &accepted {
        if r.acceptance.is_none() {
            issues.push(format!(
                "{} is marked Accepted without an acceptance record",
                r.risk_id
            ));
        }
        if let Some(problem) = r.authority_problem(matrix) {
            issues.push(format!("{}: {problem}", r.risk_id));
        }
        if let Some(expiry) = r.acceptance.as_ref().and_then(|a| a.expiry)
            && expiry < date
        {
            issues.push(format!("{}: the acceptance expired on {expiry}", r.risk_id));
        }
    }
    if !issues.is_empty() {
        blocks.push(Block::Callout(Callout {
            kind: CalloutKind::Critical,
            title: "Acceptances that do not stand".to_owned(),
            body: RichText::plain(format!("{}.", issues.join("; "))),
        }));
    }
    let mut signatures: Vec<Signature> = Vec::new();
    for r in &accepted {
        if let Some(a) = &r.acceptance
            && !signatures.iter().any(|s| s.name == a.accepted_by)
        {
            let ids: Vec<&str> = accepted
                .iter()
                .filter(|x| {
                    x.acceptance
                        .as_ref()
                        .is_some_and(|y| y.accepted_by == a.accepted_by)
                })
                .map(|x| x.risk_id.as_str())
                .collect();
            signatures.push(Signature {
                name: or_dash(&a.accepted_by),
                role: format!("{} · {}", ids.join(", "), or_dash(&a.role)),
                date: a.date.to_string(),
            });
        }
    }
    if !signatures.is_empty() {
        blocks.push(Block::Signatures(signatures));
    }
}

/// "Monitoring and review": every KRI with its owner and date, and the review calendar.
pub(super) fn monitoring(project: &Project, title: &str, blocks: &mut Vec<Block>) {
    blocks.push(h(1, title));
    let mut kris: Vec<Vec<Cell>> = Vec::new();
    for r in &project.risks {
        for a in &r.actions {
            if !a.kri.trim().is_empty() {
                kris.push(vec![
                    Cell::new(r.risk_id.clone()),
                    Cell::new(a.kri.clone()),
                    Cell::new(or_dash(&a.owner)),
                    Cell::new(a.due.map_or_else(|| "—".to_owned(), |d| d.to_string())),
                ]);
            }
        }
    }
    blocks.push(p(
        "Key risk indicators with their triggers, as set on the treatment actions; a breached trigger re-opens \
         the risk for review.",
    ));
    blocks.push(Block::Table(DataTable {
        caption: "Key risk indicators and triggers".to_owned(),
        columns: vec![
            Column::new("Risk", 0.75),
            Column::new("Indicator and trigger", 5.0),
            Column::new("Owner", 2.0),
            Column::new("From", 1.1),
        ],
        rows: kris,
        empty_text: "No key risk indicators are set.".to_owned(),
    }));
    let mut reviews: Vec<&Risk> = project
        .risks
        .iter()
        .filter(|r| r.status != RiskStatus::Closed)
        .collect();
    reviews.sort_by(|a, b| {
        a.review_date
            .cmp(&b.review_date)
            .then_with(|| super::id_order(&a.risk_id).cmp(&super::id_order(&b.risk_id)))
    });
    blocks.push(Block::Table(DataTable {
        caption: "Review calendar".to_owned(),
        columns: vec![
            Column::new("Next review", 1.2),
            Column::new("Risk", 4.0),
            Column::new("Owner", 2.0),
        ],
        rows: reviews
            .iter()
            .map(|r| {
                vec![
                    Cell::new(
                        r.review_date
                            .map_or_else(|| "not set".to_owned(), |d| d.to_string()),
                    ),
                    Cell::new(format!("{} {}", r.risk_id, r.title)),
                    Cell::new(or_dash(&r.owner)),
                ]
            })
            .collect(),
        empty_text: "No open risks.".to_owned(),
    }));
}
