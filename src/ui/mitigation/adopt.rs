//! The options compared in one table (the current rule, the slider's threshold, the per-group thresholds
//! set by hand, the searched solution or the frontier point picked, the review band, reweighing), the
//! decisions the chosen option flips per group against the current threshold with bootstrap intervals, and
//! "Adopt as control" for any of them: the option is recorded in the project and linked to a risk as a
//! control with its tested effectiveness and an evidence link, and the residual-rating suggestion of the
//! risk cites it.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use crate::analysis::mitigation::Band;
use crate::analysis::mitigation::adopt::{
    AdoptContext, adopted_from_option, adopted_from_reweighing, adopted_from_solution, frontier_of,
    suggested_effectiveness_of,
};
use crate::analysis::mitigation::options::DecisionOption;
use crate::model::mitigation::{AdoptedMitigation, OptionSummary, residual_suggestion};
use crate::model::register::ControlEffectiveness;
use crate::model::{Document, IsoDate};

use super::super::screen::SectionRequest;
use super::flips::{FlipsCache, FlipsKey};
use super::{Loaded, MitigationScreen, percent, rate};

/// The kinds of option that can be adopted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// The slider's threshold for everyone.
    Threshold,
    /// The per-group thresholds set by hand.
    HandThresholds,
    /// The searched solution (or the frontier point picked).
    Searched,
    /// The review band at the slider's threshold.
    ReviewBand,
    /// Reweighing of the training data.
    Reweighing,
}

impl OptionKind {
    /// Every kind, in the order of the table.
    pub const ALL: [OptionKind; 5] = [
        OptionKind::Threshold,
        OptionKind::HandThresholds,
        OptionKind::Searched,
        OptionKind::ReviewBand,
        OptionKind::Reweighing,
    ];
}

/// The name of an option as the table, the control and the evidence show it.
fn name_of(kind: OptionKind, screen: &MitigationScreen) -> String {
    match kind {
        OptionKind::Threshold => format!("Threshold {:.2} for everyone", screen.threshold),
        OptionKind::HandThresholds => "Per-group thresholds set by hand".to_owned(),
        OptionKind::Searched => match (&screen.solution, screen.picked_point) {
            (Some(s), Some(i)) => format!(
                "Per-group thresholds ({} within {}, frontier point)",
                s.constraint.replace('_', " "),
                s.frontier.get(i).map_or(s.tolerance, |p| p.tolerance)
            ),
            (Some(s), None) if s.randomized.is_some() => format!(
                "Fairlearn randomized thresholds ({}, exact)",
                s.constraint.replace('_', " ")
            ),
            (Some(s), None) => format!(
                "Per-group thresholds ({} within {})",
                s.constraint.replace('_', " "),
                s.tolerance
            ),
            (None, _) => "Searched thresholds (search first)".to_owned(),
        },
        OptionKind::ReviewBand if screen.band_per_group => format!(
            "Human review of scores in [{:.2}, {:.2}), per-group thresholds set by hand otherwise",
            screen.band_low, screen.band_high
        ),
        OptionKind::ReviewBand => format!(
            "Human review of scores in [{:.2}, {:.2}), threshold {:.2} otherwise",
            screen.band_low, screen.band_high, screen.threshold
        ),
        OptionKind::Reweighing => "Reweighing of the training data".to_owned(),
    }
}

/// The decision rule of an option; `None` for reweighing or when the option is not set up yet.
fn option_of(kind: OptionKind, screen: &MitigationScreen) -> Option<DecisionOption> {
    let groups = screen.loaded.as_ref()?.index.groups();
    match kind {
        OptionKind::Threshold => Some(DecisionOption::Thresholds(vec![screen.threshold; groups])),
        OptionKind::HandThresholds => (screen.group_thresholds.len() == groups)
            .then(|| DecisionOption::Thresholds(screen.group_thresholds.clone())),
        OptionKind::Searched => {
            let s = screen.solution.as_ref()?;
            if let Some(p) = screen.picked_point.and_then(|i| s.frontier.get(i)) {
                return Some(DecisionOption::Thresholds(p.thresholds.clone()));
            }
            match &s.randomized {
                Some(entries) => Some(DecisionOption::Randomized(entries.clone())),
                None => s
                    .groups
                    .iter()
                    .map(|g| g.threshold)
                    .collect::<Option<Vec<f64>>>()
                    .map(DecisionOption::Thresholds),
            }
        }
        OptionKind::ReviewBand => {
            (screen.band_enabled && screen.band_low < screen.band_high).then(|| {
                DecisionOption::ReviewBand {
                    thresholds: screen.band_thresholds(),
                    band: Band {
                        low: screen.band_low,
                        high: screen.band_high,
                    },
                }
            })
        }
        OptionKind::Reweighing => None,
    }
}

/// The options table rows: the current rule, then every option set up.
fn compared(
    screen: &MitigationScreen,
    loaded: &Loaded,
) -> Vec<(Option<OptionKind>, OptionSummary)> {
    let current = vec![loaded.current_threshold; loaded.index.groups()];
    let mut rows = vec![(
        None,
        DecisionOption::Thresholds(current.clone()).summary(
            &format!("Current threshold {}", loaded.current_threshold),
            &loaded.index,
            &current,
            None,
        ),
    )];
    for kind in OptionKind::ALL {
        if let Some(option) = option_of(kind, screen) {
            let summary = option.summary(&name_of(kind, screen), &loaded.index, &current, None);
            rows.push((Some(kind), summary));
        } else if kind == OptionKind::Reweighing
            && let Some(r) = &screen.reweighing
        {
            let counts = loaded.index.counts_at_each(&current);
            let m = crate::analysis::fairness::CountMetrics::evaluate(
                &r.reweighed_counts(&counts),
                false,
            );
            rows.push((
                Some(kind),
                OptionSummary {
                    name: format!("{} (weighted re-audit)", name_of(kind, screen)),
                    accuracy: m.overall(crate::analysis::fairness::Metric::Accuracy),
                    largest_disparity: m.summary(
                        crate::analysis::fairness::SummaryMetric::DemographicParityDifference,
                    ),
                    selection_rate: m.overall(crate::analysis::fairness::Metric::SelectionRate),
                    flipped_share: Some(0.0),
                    routed: None,
                },
            ));
        }
    }
    rows
}

fn options_table(ui: &mut Ui, rows: &[(Option<OptionKind>, OptionSummary)]) {
    egui::Grid::new("mitigation_options")
        .striped(true)
        .show(ui, |ui| {
            for head in [
                "Option",
                "Accuracy",
                "Demographic parity difference",
                "Selection rate",
                "Decisions flipped",
                "To review",
            ] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for (_, o) in rows {
                ui.label(&o.name);
                ui.label(rate(o.accuracy));
                ui.label(rate(o.largest_disparity));
                ui.label(rate(o.selection_rate));
                ui.label(o.flipped_share.map_or_else(|| "—".to_owned(), percent));
                ui.label(o.routed.map_or_else(|| "—".to_owned(), |r| r.to_string()));
                ui.end_row();
            }
        });
}

/// Decisions flipped per group by the chosen option, with bootstrap intervals (and the routed rows of a
/// band).
fn flips_table(
    ui: &mut Ui,
    kind: OptionKind,
    option: Option<DecisionOption>,
    cache: &mut FlipsCache,
    doc: &Document,
    loaded: &Loaded,
) {
    let Some(option) = option else {
        ui.label(if kind == OptionKind::Reweighing {
            "Reweighing flips no decision by itself: the decisions change once the model is retrained on the \
             weights, and the weighted re-audit above shows the data it would learn from."
        } else {
            "Set this option up first (search, or enable the review band)."
        });
        return;
    };
    let settings = &doc.project().settings.fairness;
    let resamples = settings.bootstrap_resamples as usize;
    let level = settings.confidence_level;
    let seed = settings.bootstrap_seed;
    let randomized = matches!(option, DecisionOption::Randomized(_));
    let key = FlipsKey {
        option,
        current: vec![loaded.current_threshold; loaded.index.groups()],
        resamples,
        level,
        seed,
    };
    let (flips, routed) = cache.get(key, &loaded.index, &loaded.data.groups);
    ui.label(RichText::new(format!(
        "Decisions flipped per group against the current threshold {} ({} bootstrap resamples, {:.0} % \
         intervals{})",
        loaded.current_threshold,
        resamples,
        level * 100.0,
        if randomized {
            "; expected over the randomisation"
        } else {
            ""
        }
    )).strong());
    egui::Grid::new("mitigation_flips")
        .striped(true)
        .show(ui, |ui| {
            let mut heads = vec![
                "Group",
                "Rows",
                "Declined → approved",
                "Approved → declined",
                "Flipped",
                "Interval",
            ];
            if !routed.is_empty() {
                heads.extend(["To review", "Interval "]);
            }
            for head in heads {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for (g, f) in flips.iter().enumerate() {
                ui.label(f.group.label());
                ui.label(f.count.to_string());
                ui.label(f.to_positive.to_string());
                ui.label(f.to_negative.to_string());
                ui.label(percent(f.flipped_share));
                ui.label(format!(
                    "{} – {}",
                    percent(f.interval[0]),
                    percent(f.interval[1])
                ));
                if let Some((n, share, interval)) = routed.get(g) {
                    ui.label(format!("{n} ({})", percent(*share)));
                    ui.label(format!(
                        "{} – {}",
                        percent(interval[0]),
                        percent(interval[1])
                    ));
                }
                ui.end_row();
            }
        });
}

/// The record of the chosen option, ready to adopt.
fn record(
    screen: &MitigationScreen,
    loaded: &Loaded,
    rows: &[(Option<OptionKind>, OptionSummary)],
) -> Option<AdoptedMitigation> {
    let kind = screen.adopt_kind;
    let mut columns = BTreeMap::new();
    columns.insert("label".to_owned(), loaded.columns.0.clone());
    columns.insert("score".to_owned(), loaded.columns.1.clone());
    columns.insert("sensitive".to_owned(), loaded.columns.2.clone());
    let ctx = AdoptContext {
        name: name_of(kind, screen),
        dataset_id: loaded.dataset_id.clone(),
        dataset_sha256: loaded.dataset_sha256.clone(),
        columns,
        current_threshold: loaded.current_threshold,
        rationale: screen.rationale.clone(),
        risk_id: screen.risk_id.clone(),
        today: IsoDate::today(),
    };
    if kind == OptionKind::Reweighing {
        let r = screen.reweighing.as_ref()?;
        return Some(adopted_from_reweighing(
            &loaded.index,
            &loaded.data,
            r,
            &ctx,
        ));
    }
    if kind == OptionKind::Searched
        && screen.picked_point.is_none()
        && let Some(s) = &screen.solution
    {
        return Some(adopted_from_solution(&loaded.index, &loaded.data, s, &ctx));
    }
    let option = option_of(kind, screen)?;
    let mut parameters = BTreeMap::new();
    parameters.insert(
        "option".to_owned(),
        match kind {
            OptionKind::Threshold => "threshold",
            OptionKind::HandThresholds => "per-group thresholds set by hand",
            OptionKind::Searched => "frontier point of the per-group threshold search",
            OptionKind::ReviewBand if screen.band_per_group => {
                "review band with per-group thresholds set by hand"
            }
            OptionKind::ReviewBand => "review band",
            OptionKind::Reweighing => "reweighing",
        }
        .to_owned(),
    );
    if kind == OptionKind::Searched
        && let Some(s) = &screen.solution
    {
        parameters.insert("constraint".to_owned(), s.constraint.to_owned());
        parameters.insert("objective".to_owned(), s.objective.to_owned());
    }
    let compared: Vec<OptionSummary> = rows.iter().map(|(_, o)| o.clone()).collect();
    let mut record = adopted_from_option(
        &loaded.index,
        &loaded.data,
        &option,
        parameters,
        compared,
        &ctx,
    );
    if kind == OptionKind::Searched
        && let Some(s) = &screen.solution
    {
        record.frontier = frontier_of(s);
    }
    Some(record)
}

/// The options table, the flips of the chosen option, the risk and "Adopt as control".
pub(super) fn adopt_ui(
    ui: &mut Ui,
    screen: &mut MitigationScreen,
    doc: &mut Document,
) -> Option<SectionRequest> {
    let loaded = screen.loaded.as_ref()?;
    let rows = compared(screen, loaded);
    options_table(ui, &rows);
    ui.horizontal_wrapped(|ui| {
        ui.label("Option to adopt:");
        for kind in OptionKind::ALL {
            let text = match kind {
                OptionKind::Threshold => "Option: slider threshold",
                OptionKind::HandThresholds => "Option: thresholds set by hand",
                OptionKind::Searched => "Option: searched thresholds",
                OptionKind::ReviewBand => "Option: review band",
                OptionKind::Reweighing => "Option: reweighing",
            };
            if ui.radio(screen.adopt_kind == kind, text).clicked() {
                screen.adopt_kind = kind;
                screen.effectiveness = None;
            }
        }
    });
    let chosen = option_of(screen.adopt_kind, screen);
    flips_table(
        ui,
        screen.adopt_kind,
        chosen,
        &mut screen.flips,
        doc,
        loaded,
    );

    let risks: Vec<(String, String)> = doc
        .project()
        .risks
        .iter()
        .map(|r| (r.risk_id.clone(), format!("{} {}", r.risk_id, r.title)))
        .collect();
    egui::ComboBox::from_label("Risk")
        .selected_text(
            screen
                .risk_id
                .as_ref()
                .and_then(|id| risks.iter().find(|r| &r.0 == id))
                .map_or_else(|| "No risk".to_owned(), |r| r.1.clone()),
        )
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut screen.risk_id, None, "No risk");
            for (id, text) in &risks {
                ui.selectable_value(&mut screen.risk_id, Some(id.clone()), text);
            }
        });
    ui.horizontal(|ui| {
        let label = ui.label("Why this option");
        ui.text_edit_singleline(&mut screen.rationale)
            .labelled_by(label.id);
    });
    let record = record(screen, loaded, &rows);
    let limit = doc.project().settings.fairness.difference_max;
    let suggested = record
        .as_ref()
        .map_or(ControlEffectiveness::NotTested, |r| {
            suggested_effectiveness_of(r, limit)
        });
    let chosen = screen.effectiveness.unwrap_or(suggested);
    egui::ComboBox::from_label("Tested effectiveness")
        .selected_text(chosen.label())
        .show_ui(ui, |ui| {
            for &e in ControlEffectiveness::ALL {
                if ui.selectable_label(chosen == e, e.label()).clicked() {
                    screen.effectiveness = Some(e);
                }
            }
        });
    ui.label(format!(
        "Suggested from the what-if: {} (the project allows a difference of at most {limit})",
        suggested.label()
    ));
    let Some(record) = record else {
        ui.label(
            "Set this option up first: search, enable the review band or compute the reweighing",
        );
        return None;
    };
    if ui.button("Adopt as control").clicked() {
        match doc.edit(|p| crate::model::mitigation::adopt(p, record, chosen)) {
            Ok(id) => {
                screen.adopted = Some(id);
                screen.error = None;
            }
            Err(e) => screen.error = Some(e.to_string()),
        }
    }
    adopted_ui(ui, screen, doc)
}

/// What the last adoption did to its risk: the control, the evidence link and the residual suggestion.
fn adopted_ui(ui: &mut Ui, screen: &MitigationScreen, doc: &Document) -> Option<SectionRequest> {
    let id = screen.adopted.as_ref()?;
    ui.label(format!("Adopted as {id}"));
    let project = doc.project();
    let m = project
        .mitigations
        .iter()
        .find(|m| &m.mitigation_id == id)?;
    let risk_id = m.risk_id.as_ref()?;
    let risk = project.risks.iter().find(|r| &r.risk_id == risk_id)?;
    let tag = format!("({id},");
    if let Some(c) = risk.controls.iter().find(|c| c.description.contains(&tag)) {
        ui.label(format!(
            "Control on {risk_id}: {} ({})",
            c.name,
            c.effectiveness.label()
        ));
    }
    let reference = m.evidence_reference();
    if risk.evidence.iter().any(|e| e.reference == reference) {
        ui.label(format!("Evidence on {risk_id}: {reference}"));
    }
    if let Some(s) = residual_suggestion(project, risk_id) {
        ui.label(s.text);
    }
    ui.button(format!("Show {risk_id} in the register"))
        .clicked()
        .then(|| SectionRequest::ShowRisk(risk_id.clone()))
}
