//! The EU AI Act part of Govern › Frameworks: the organisation's role and the rest of what decides which
//! obligations apply, the regulatory position and the obligations applicable on the document date, the
//! Article 27 fundamental rights impact assessment as a guided form (shown to a deployer in an Annex III
//! area, as the rule in [`crate::model::frameworks::eu_ai_act::fria_required`] decides) with the status its
//! completeness suggests for the Art. 27 item, offered with one click, and the Article 5(1) prohibitions
//! quoted.

use egui::{RichText, Ui};

use crate::model::checklist::ChecklistStatus;
use crate::model::frameworks::checklist::{checklist, eu_obligations, regulatory_position, update};
use crate::model::frameworks::eu_ai_act::{
    FRIA_QUESTIONS, Fria, GpaiModel, OperatorRole, fria_required,
};
use crate::model::frameworks::{FrameworkId, framework};
use crate::model::{Document, IsoDate};
use crate::ui::theme;

/// The EU AI Act's applicability: role, Annex III point, public service, GPAI; the position; the FRIA form.
pub(super) fn eu_ui(ui: &mut Ui, doc: &mut Document, today: IsoDate) {
    let project = doc.project();
    let classification = project.context.eu_ai_act.clone();
    let mut profile = project.frameworks.eu_ai_act.clone();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new("Applicability").strong());
        match &classification {
            Some(c) => ui.label(format!(
                "Classification (Map › System context): {}",
                c.summary()
            )),
            None => ui.label(
                RichText::new("The EU AI Act classification is not decided (Map › System context)")
                    .color(theme::warn()),
            ),
        };
        ui.horizontal(|ui| {
            let label = ui.label("Organisation's role");
            egui::ComboBox::from_id_salt("eu_role")
                .selected_text(profile.role.map_or("Not decided", OperatorRole::label))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut profile.role, None, "Not decided");
                    for role in OperatorRole::ALL {
                        ui.selectable_value(&mut profile.role, Some(role), role.label());
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label("Annex III point");
            ui.add(
                egui::TextEdit::singleline(&mut profile.annex_iii_point)
                    .desired_width(60.0)
                    .hint_text("5(b)"),
            )
            .labelled_by(label.id);
            ui.checkbox(
                &mut profile.public_service,
                "Public body or public-service provider",
            );
            let label = ui.label("General-purpose AI model");
            egui::ComboBox::from_id_salt("eu_gpai")
                .selected_text(match profile.gpai {
                    GpaiModel::NoModel => "None",
                    GpaiModel::Model => "Provided",
                    GpaiModel::SystemicRisk => "Provided, with systemic risk",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut profile.gpai, GpaiModel::NoModel, "None");
                    ui.selectable_value(&mut profile.gpai, GpaiModel::Model, "Provided");
                    ui.selectable_value(
                        &mut profile.gpai,
                        GpaiModel::SystemicRisk,
                        "Provided, with systemic risk",
                    );
                })
                .response
                .labelled_by(label.id);
        });
        if let Some(position) = regulatory_position(doc.project(), today) {
            ui.label(RichText::new(position).strong());
        }
        let obligations = eu_obligations(doc.project(), today);
        let applying: Vec<String> = obligations
            .iter()
            .filter(|o| o.applies)
            .map(|o| o.item_id.clone())
            .collect();
        ui.label(format!("Applicable on {today}: {}", applying.join(", ")));
    });
    if profile != doc.project().frameworks.eu_ai_act {
        doc.edit(|p| p.frameworks.eu_ai_act = profile);
    }
    if fria_required(
        doc.project().context.eu_ai_act.as_ref(),
        &doc.project().frameworks.eu_ai_act,
    ) {
        fria_ui(ui, doc, today);
    }
}

/// The Article 27 fundamental rights impact assessment, one question per point; `today` is the day the
/// notification is recorded.
fn fria_ui(ui: &mut Ui, doc: &mut Document, today: IsoDate) {
    egui::CollapsingHeader::new(
        RichText::new("Fundamental rights impact assessment (Art. 27)").strong(),
    )
    .id_salt("fria")
    .default_open(true)
    .show(ui, |ui| {
        let mut fria = doc.project().frameworks.fria.clone();
        let suggestions = fria.suggestions(&doc.project().context);
        let mut changed = false;
        for (i, question) in FRIA_QUESTIONS.iter().enumerate() {
            let label = ui
                .label(RichText::new(format!("{} {}", question.point, question.question)).strong());
            if let Some(answer) = fria.answer_mut(i) {
                changed |= ui
                    .add(
                        egui::TextEdit::multiline(answer)
                            .desired_rows(2)
                            .desired_width(640.0)
                            .hint_text(question.hint),
                    )
                    .labelled_by(label.id)
                    .changed();
            }
            if let Some((_, text)) = suggestions.iter().find(|(index, _)| *index == i)
                && ui
                    .small_button("Use the Map context")
                    .on_hover_text(text)
                    .clicked()
                && let Some(answer) = fria.answer_mut(i)
            {
                answer.clone_from(text);
                changed = true;
            }
        }
        ui.horizontal(|ui| {
            let mut notified = fria.notified_on.is_some();
            if ui
                .checkbox(
                    &mut notified,
                    "27(3) Results notified to the market surveillance authority",
                )
                .changed()
            {
                fria.notified_on = notified.then_some(today);
                changed = true;
            }
            if let Some(date) = fria.notified_on {
                ui.label(format!("on {date}"));
            }
        });
        let missing = fria.missing();
        if missing.is_empty() {
            ui.label(RichText::new("Every point answered").color(theme::ok()));
        } else {
            ui.label(
                RichText::new(format!("Still open: {}", missing.join(", "))).color(theme::warn()),
            );
        }
        if changed {
            doc.project_mut().frameworks.fria = fria.clone();
        }
        fria_status_ui(ui, doc, &fria);
    });
}

/// Label of the button that sets the Art. 27 checklist item to the status the form's completeness suggests.
#[must_use]
pub fn fria_status_button_label(status: ChecklistStatus) -> String {
    format!("Set Art. 27 to {}", status.label())
}

/// The Art. 27 item's recorded status beside the one the form suggests, with a button to take it (one undo
/// step); the recorded status is the user's and is never changed without the click.
fn fria_status_ui(ui: &mut Ui, doc: &mut Document, fria: &Fria) {
    let recorded = checklist(doc.project(), FrameworkId::EuAiAct).status("Art. 27");
    let suggested = fria.suggested_status();
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "Checklist item Art. 27: {}; the form suggests {}",
            recorded.label(),
            suggested.label()
        ));
        if recorded != suggested
            && ui
                .button(fria_status_button_label(suggested))
                .on_hover_text("Record the status of Art. 27 in the EU AI Act checklist")
                .clicked()
        {
            doc.edit(|p| update(p, FrameworkId::EuAiAct, "Art. 27", |e| e.status = suggested));
        }
    });
}

/// The Article 5(1) prohibitions, verbatim, the reported additions marked unverified.
pub(super) fn prohibitions_ui(ui: &mut Ui) {
    let Ok(f) = framework(FrameworkId::EuAiAct) else {
        return;
    };
    let Some(section) = f.sections.iter().find(|s| s.section_id == "Art. 5(1)") else {
        return;
    };
    egui::CollapsingHeader::new("The prohibited practices (Article 5(1), quoted)")
        .id_salt("eu_prohibitions")
        .show(ui, |ui| {
            for item in &section.items {
                ui.label(RichText::new(format!("{} {}", item.item_id, item.label)).strong());
                ui.label(&item.text);
                if !item.verified {
                    ui.label(
                        RichText::new(format!("Unverified: {}", item.note)).color(theme::warn()),
                    );
                }
            }
        });
}
