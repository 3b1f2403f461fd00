//! Documented vs measured: the claims table with verdicts and numbers, "Create audit" for a claim no audit
//! measures, "Create risk from finding" for a contradicted claim (once: a second press shows the risk made
//! the first time), the claim editor (metric, column and group picked from the data, never typed), the
//! measured problems the card does not mention and the limitations without evidence.

use egui::{RichText, Ui};

use super::ModelCardScreen;
use crate::analysis::fairness::Metric;
use crate::analysis::model_card::claims::claim_datasets;
use crate::analysis::model_card::risk::{risk_for_claim, risk_from_claim};
use crate::analysis::model_card::validate::claim_problems;
use crate::analysis::model_card::{ClaimCheck, Comparison, Verdict, suggest_audit};
use crate::model::model_card::{self, Claim, ClaimScope};
use crate::ui::screen::{ScreenContext, SectionRequest};
use crate::ui::theme;

fn verdict_colour(verdict: Verdict) -> egui::Color32 {
    match verdict {
        Verdict::Supported => theme::ok(),
        Verdict::Contradicted | Verdict::Invalid => theme::error(),
        Verdict::Inconclusive => theme::warn(),
        Verdict::NotMeasured => egui::Color32::GRAY,
    }
}

fn number(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.4}"))
}

/// What a row's button asked for.
enum Action {
    Select(String),
    CreateAudit(String),
    CreateRisk(String),
}

fn table_ui(
    ui: &mut Ui,
    checks: &[ClaimCheck],
    measured: bool,
    selected: Option<&str>,
) -> Option<Action> {
    let mut action = None;
    egui::Grid::new("model_card_claims")
        .num_columns(8)
        .striped(true)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for h in [
                "Claim",
                "Documented",
                "Verdict",
                "Audit",
                "Group",
                "Measured",
                "Interval",
                "",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for c in checks {
                if ui
                    .selectable_label(selected == Some(c.claim_id.as_str()), &c.claim_id)
                    .clicked()
                {
                    action = Some(Action::Select(c.claim_id.clone()));
                }
                ui.label(&c.claim);
                if measured {
                    ui.label(
                        RichText::new(c.verdict.label())
                            .color(verdict_colour(c.verdict))
                            .strong(),
                    )
                    .on_hover_text(&c.reason);
                } else {
                    ui.label("not checked yet");
                }
                let row = c.deciding_row();
                ui.label(c.audit_name.as_deref().unwrap_or("—"));
                ui.label(row.map_or("—", |r| r.group.as_str()));
                ui.label(number(row.and_then(|r| r.measured.value)));
                ui.label(
                    row.and_then(|r| r.measured.interval)
                        .map_or_else(|| "—".to_owned(), |[l, h]| format!("[{l:.4}, {h:.4}]")),
                );
                match c.verdict {
                    _ if !measured => {
                        ui.label("");
                    }
                    Verdict::NotMeasured => {
                        if ui
                            .button(format!("Create audit ({})", c.claim_id))
                            .clicked()
                        {
                            action = Some(Action::CreateAudit(c.claim_id.clone()));
                        }
                    }
                    Verdict::Contradicted => {
                        if ui
                            .button(format!("Create risk from finding ({})", c.claim_id))
                            .clicked()
                        {
                            action = Some(Action::CreateRisk(c.claim_id.clone()));
                        }
                    }
                    _ => {
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
    action
}

fn scope_label(scope: &ClaimScope) -> &'static str {
    match scope {
        ClaimScope::Overall => "Overall",
        ClaimScope::Group { .. } => "One group",
        ClaimScope::EveryGroup { .. } => "Every group",
        ClaimScope::Difference { .. } => "Difference between groups",
        ClaimScope::Ratio { .. } => "Ratio between groups",
    }
}

fn with_column(kind: &str, column: String, value: String) -> ClaimScope {
    match kind {
        "One group" => ClaimScope::Group { column, value },
        "Every group" => ClaimScope::EveryGroup { column },
        "Difference between groups" => ClaimScope::Difference { column },
        "Ratio between groups" => ClaimScope::Ratio { column },
        _ => ClaimScope::Overall,
    }
}

/// The editor of one claim: every name is picked from a list.
fn editor_ui(
    ui: &mut Ui,
    screen: &mut ModelCardScreen,
    cx: &mut ScreenContext<'_>,
    claim_id: &str,
) {
    let project = cx.doc.project();
    let Some(claim) = project.model_card.claim(claim_id).cloned() else {
        return;
    };
    let dataset_id = claim_datasets(project, &claim).into_iter().next();
    let columns = screen
        .evidence
        .as_ref()
        .and_then(|e| dataset_id.as_ref().and_then(|d| e.columns.get(d)))
        .cloned();
    let problems = screen
        .evidence
        .as_ref()
        .map(|e| claim_problems(project, &claim, &e.columns))
        .unwrap_or_default();
    let mut edited = claim.clone();
    ui.label(RichText::new(format!("Claim {claim_id}")).strong());
    egui::Grid::new("model_card_claim_editor")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label("Metric");
            egui::ComboBox::from_id_salt("claim_metric")
                .selected_text(if edited.metric.is_empty() {
                    "choose…"
                } else {
                    &edited.metric
                })
                .show_ui(ui, |ui| {
                    for m in Metric::RATES {
                        ui.selectable_value(&mut edited.metric, m.name().to_owned(), m.name());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();

            let label = ui.label("Applies to");
            let mut kind = scope_label(&edited.scope);
            egui::ComboBox::from_id_salt("claim_scope")
                .selected_text(kind)
                .show_ui(ui, |ui| {
                    for k in [
                        "Overall",
                        "One group",
                        "Every group",
                        "Difference between groups",
                        "Ratio between groups",
                    ] {
                        ui.selectable_value(&mut kind, k, k);
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let mut column = edited.scope.column().unwrap_or_default().to_owned();
            let mut value = match &edited.scope {
                ClaimScope::Group { value, .. } => value.clone(),
                _ => String::new(),
            };
            if kind != "Overall" {
                let label = ui.label("Column");
                match &columns {
                    None => {
                        ui.label(
                            RichText::new(if column.is_empty() {
                                "Check against the data to list the columns".to_owned()
                            } else {
                                format!("{column} (check against the data to change it)")
                            })
                            .weak(),
                        );
                    }
                    Some(cols) => {
                        egui::ComboBox::from_id_salt("claim_column")
                            .selected_text(if column.is_empty() {
                                "choose…"
                            } else {
                                &column
                            })
                            .show_ui(ui, |ui| {
                                for c in cols.iter().filter(|c| c.values.is_some()) {
                                    ui.selectable_value(&mut column, c.name.clone(), &c.name);
                                }
                            })
                            .response
                            .labelled_by(label.id);
                    }
                }
                ui.end_row();
            }
            if kind == "One group" {
                let label = ui.label("Group");
                let values = columns
                    .as_ref()
                    .and_then(|cols| cols.iter().find(|c| c.name == column))
                    .and_then(|c| c.values.clone())
                    .unwrap_or_default();
                egui::ComboBox::from_id_salt("claim_group")
                    .selected_text(if value.is_empty() {
                        "choose…"
                    } else {
                        &value
                    })
                    .show_ui(ui, |ui| {
                        for v in &values {
                            ui.selectable_value(&mut value, v.clone(), v);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
            }
            edited.scope = with_column(kind, column, value);

            let label = ui.label("Comparison");
            egui::ComboBox::from_id_salt("claim_comparison")
                .selected_text(edited.comparison.symbol())
                .show_ui(ui, |ui| {
                    for c in model_card::Comparison::ALL {
                        ui.selectable_value(&mut edited.comparison, c, c.symbol());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();

            let label = ui.label("Claimed value");
            let mut text = match &screen.value_text {
                Some((id, t)) if id == claim_id => t.clone(),
                _ => format!("{}", edited.value),
            };
            let response = ui
                .add(egui::TextEdit::singleline(&mut text).desired_width(120.0))
                .labelled_by(label.id);
            if response.changed()
                && let Ok(v) = text.trim().parse::<f64>()
                && v.is_finite()
            {
                edited.value = v;
            }
            if text.trim().parse::<f64>().is_err() {
                ui.colored_label(theme::error(), "not a number");
            }
            screen.value_text = Some((claim_id.to_owned(), text));
            ui.end_row();

            let label = ui.label("Wording in the card");
            ui.add(egui::TextEdit::singleline(&mut edited.text).desired_width(520.0))
                .labelled_by(label.id);
            ui.end_row();
        });
    for p in &problems {
        ui.colored_label(theme::error(), p);
    }
    let remove = ui.button("Remove claim").clicked();
    if remove {
        cx.doc
            .edit(|p| p.model_card.claims.retain(|c| c.claim_id != claim_id));
        screen.selected_claim = None;
    } else if edited != claim {
        let project = cx.doc.project_mut();
        if let Some(c) = project
            .model_card
            .claims
            .iter_mut()
            .find(|c| c.claim_id == claim_id)
        {
            *c = edited;
        }
    }
}

/// Draws the claims tab.
pub(super) fn claims_ui(ui: &mut Ui, screen: &mut ModelCardScreen, cx: &mut ScreenContext<'_>) {
    let measured = screen.evidence.is_some();
    let comparison = match &screen.evidence {
        Some(e) => Comparison::compute(cx.doc.project(), &e.audits, &e.profiles),
        None => Comparison::compute(cx.doc.project(), &[], &[]),
    };
    if measured {
        ui.label(format!(
            "{} claims: {} supported, {} contradicted, {} inconclusive, {} not measured",
            comparison.claims.len(),
            comparison.count(Verdict::Supported),
            comparison.count(Verdict::Contradicted),
            comparison.count(Verdict::Inconclusive),
            comparison.count(Verdict::NotMeasured),
        ));
    } else {
        ui.label("Press \"Check against the data\" to measure the claims.");
    }
    let action = table_ui(
        ui,
        &comparison.claims,
        measured,
        screen.selected_claim.as_deref(),
    );
    if ui.button("Add claim").clicked() {
        let claim_id = cx.doc.edit(|p| {
            let claim_id = p.model_card.next_claim_id();
            p.model_card.claims.push(Claim {
                claim_id: claim_id.clone(),
                metric: "accuracy".to_owned(),
                ..Claim::default()
            });
            claim_id
        });
        screen.selected_claim = Some(claim_id);
    }
    match action {
        Some(Action::Select(id)) => screen.selected_claim = Some(id),
        Some(Action::CreateAudit(id)) => {
            let project = cx.doc.project();
            if let Some(claim) = project.model_card.claim(&id) {
                let suggestion = suggest_audit(project, claim);
                match suggestion.audit {
                    Some(audit) => {
                        let name = audit.name.clone();
                        cx.doc.edit(|p| p.audits.push(audit));
                        screen.message = Some(format!(
                            "Created the saved audit \"{name}\" for {id}; running the audits again"
                        ));
                        screen.start(cx);
                    }
                    None => screen.message = Some(suggestion.text),
                }
            }
        }
        Some(Action::CreateRisk(id)) => {
            if let Some(existing) = risk_for_claim(cx.doc.project(), &id) {
                screen.message = Some(format!(
                    "Risk {} already records claim {id}",
                    existing.risk_id
                ));
                cx.request(SectionRequest::ShowRisk(existing.risk_id.clone()));
            } else if let Some(check) = comparison.claims.iter().find(|c| c.claim_id == id)
                && let Some(risk) = risk_from_claim(cx.doc.project(), check)
            {
                let risk_id = risk.risk_id.clone();
                cx.doc.edit(|p| p.risks.push(risk));
                screen.message = Some(format!("Created risk {risk_id} from claim {id}"));
                cx.request(SectionRequest::ShowRisk(risk_id));
            }
        }
        None => {}
    }
    if let Some(id) = screen.selected_claim.clone() {
        ui.separator();
        editor_ui(ui, screen, cx, &id);
    }
    ui.separator();
    ui.label(RichText::new("Measured problems the card does not mention").strong());
    if !measured {
        ui.label(RichText::new("Not checked yet").weak());
    } else if comparison.undocumented.is_empty() {
        ui.label("None");
    }
    for u in &comparison.undocumented {
        ui.label(format!("• {} ({}): {}", u.kind.label(), u.source, u.text));
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Limitations without evidence").strong());
    if comparison.unsupported_limitations.is_empty() {
        ui.label("None");
    }
    for l in &comparison.unsupported_limitations {
        ui.label(format!("• {} ({})", l.description, l.reason));
    }
}
