//! The register's detail pane: every field of the selected risk, edited through the mutation gate.

use egui::{RichText, Ui};

use super::fields::{
    acceptance_ui, actions_ui, categories_ui, controls_ui, evidence_ui, rmf_picker_ui,
};
use super::{RegisterScreen, level_label, rating_chip};
use crate::model::register::{Rating, RiskStatus, TreatmentOption};
use crate::model::taxonomy::TRUSTWORTHINESS;
use crate::model::{Document, IsoDate, LineOfDefence, RiskMatrix};
use crate::ui::screen::SectionRequest;
use crate::ui::sections::Section;
use crate::ui::theme;
use crate::ui::widgets::{date_field, labelled, list_field};

// ---------------------------------------------------------------------------------------------
// Detail pane
// ---------------------------------------------------------------------------------------------

pub(super) fn detail_ui(
    ui: &mut Ui,
    doc: &mut Document,
    state: &mut RegisterScreen,
    today: IsoDate,
) -> Option<SectionRequest> {
    let Some(selected) = state.selected.clone() else {
        ui.add_space(12.0);
        ui.label(
            RichText::new("Select a risk in the table (or use ↑ ↓) to see and edit it here.")
                .weak(),
        );
        return None;
    };
    let index = doc
        .project()
        .risks
        .iter()
        .position(|r| r.risk_id == selected)?;
    let mut request = None;
    let settings = doc.project().settings.clone();
    let matrix = settings.risk_matrix.clone();
    let problems = doc.project().risks[index].all_problems(&settings, today);
    let context_groups: Vec<String> = doc
        .project()
        .context
        .affected_groups
        .iter()
        .map(|g| g.name.clone())
        .collect();
    let audits: Vec<String> = doc
        .project()
        .audits
        .iter()
        .map(|a| a.name.clone())
        .collect();
    let custom: Vec<(String, String)> = doc
        .project()
        .custom_categories
        .iter()
        .map(|c| (c.category_id.clone(), c.name.clone()))
        .collect();

    ui.horizontal(|ui| {
        ui.heading(&selected);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Delete risk")
                .on_hover_text("Removes the risk (Edit › Undo brings it back)")
                .clicked()
            {
                doc.edit(|p| p.risks.retain(|r| r.risk_id != selected));
                state.selected = None;
            }
        });
    });
    state.selected.as_ref()?;

    if let Some(reason) = doc.project().risks[index].needs_review.clone() {
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.5, theme::warn()))
            .show(ui, |ui| {
                ui.label(RichText::new("Needs review").strong().color(theme::warn()));
                ui.label(&reason);
                if ui
                    .button("Mark as reviewed")
                    .on_hover_text("Clears the flag; re-check the ratings and evidence first")
                    .clicked()
                {
                    request = Some(SectionRequest::MarkReviewed(selected.clone()));
                }
            });
    }
    if !problems.is_empty() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new("To resolve").strong().color(theme::error()));
            for p in &problems {
                ui.label(format!("• {p}"));
            }
        });
    }

    let suggestion = crate::model::mitigation::residual_suggestion(doc.project(), &selected);
    let risk = &mut doc.project_mut().risks[index];
    section(ui, "Inherent rating (before controls)", true, |ui| {
        rating_ui(ui, ("inherent", &selected), &mut risk.inherent, &matrix);
    });

    section(ui, "Residual rating (with controls)", true, |ui| {
        let was_rated = risk.residual.is_some();
        rating_ui(ui, ("residual", &selected), &mut risk.residual, &matrix);
        if !was_rated && risk.residual.is_some() && risk.inherent.is_some() {
            // Controls lower a rating: start from the inherent one, not 1 × 1.
            risk.residual = risk.inherent;
        }
        if let Some(s) = &suggestion {
            ui.label(RichText::new("Tested mitigations").strong());
            for c in &s.citations {
                ui.label(format!("• {c}"));
            }
            ui.label(&s.text);
            if let Some(r) = s.suggested
                && risk.residual != Some(r)
                && ui.button("Use the suggested residual rating").clicked()
            {
                risk.residual = Some(r);
            }
        }
    });

    section(ui, "Risk", true, |ui| {
        labelled(ui, "Title", |ui| {
            ui.add(egui::TextEdit::singleline(&mut risk.title).desired_width(f32::INFINITY))
        });
        labelled(ui, "Description", |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut risk.description)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
        });
        labelled(ui, "Cause", |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut risk.cause)
                    .desired_rows(1)
                    .desired_width(f32::INFINITY),
            )
        });
        labelled(ui, "Event", |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut risk.event)
                    .desired_rows(1)
                    .desired_width(f32::INFINITY),
            )
        });
        labelled(ui, "Consequence", |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut risk.consequence)
                    .desired_rows(1)
                    .desired_width(f32::INFINITY),
            )
        });
        labelled(ui, "Affected groups", |ui| {
            list_field(
                ui,
                egui::Id::unique(("groups", &selected)),
                &mut risk.affected_groups,
                "one per line",
            )
        });
        if !context_groups.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("From Map › Context:").small().weak());
                for g in &context_groups {
                    if !risk.affected_groups.contains(g)
                        && ui.small_button(format!("+ {g}")).clicked()
                    {
                        risk.affected_groups.push(g.clone());
                    }
                }
            });
        }
    });

    section(ui, "Categories", false, |ui| {
        ui.label(
            RichText::new("NIST trustworthiness characteristics")
                .small()
                .strong(),
        );
        ui.horizontal_wrapped(|ui| {
            for (id, name) in TRUSTWORTHINESS {
                let mut on = risk.trustworthiness.iter().any(|t| t == id);
                if ui.checkbox(&mut on, name).changed() {
                    if on {
                        risk.trustworthiness.push(id.to_owned());
                    } else {
                        risk.trustworthiness.retain(|t| t != id);
                    }
                }
            }
        });
        categories_ui(ui, risk, &selected, &custom);
        ui.label(RichText::new("NIST AI RMF subcategories").small().strong());
        rmf_picker_ui(ui, &mut risk.rmf_subcategories, &selected);
        crate::ui::frameworks::risk_tags_ui(ui, risk, &selected, &mut state.tag_framework);
    });

    section(ui, "Ownership", false, |ui| {
        labelled(ui, "Owner", |ui| {
            ui.add(egui::TextEdit::singleline(&mut risk.owner).desired_width(220.0))
        });
        labelled(ui, "Line of defence", |ui| {
            egui::ComboBox::from_id_salt(("lod", &selected))
                .selected_text(risk.line_of_defence.label())
                .show_ui(ui, |ui| {
                    for lod in LineOfDefence::ALL {
                        ui.selectable_value(&mut risk.line_of_defence, lod, lod.label());
                    }
                })
                .response
        });
        labelled(ui, "Review date", |ui| {
            date_field(
                ui,
                egui::Id::unique(("review", &selected)),
                &mut risk.review_date,
            )
        });
        labelled(ui, "Status", |ui| {
            egui::ComboBox::from_id_salt(("status", &selected))
                .selected_text(risk.status.label())
                .show_ui(ui, |ui| {
                    for status in RiskStatus::ALL {
                        ui.selectable_value(&mut risk.status, *status, status.label());
                    }
                })
                .response
        });
    });

    section(ui, "Controls", false, |ui| {
        controls_ui(ui, &mut risk.controls, &selected);
    });

    section(ui, "Treatment (MANAGE 1.3)", true, |ui| {
        labelled(ui, "Option", |ui| {
            egui::ComboBox::from_id_salt(("treatment", &selected))
                .selected_text(risk.treatment.map_or("Not chosen", TreatmentOption::label))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut risk.treatment, None, "Not chosen");
                    for option in TreatmentOption::ALL {
                        ui.selectable_value(&mut risk.treatment, Some(*option), option.label());
                    }
                })
                .response
        });
        labelled(ui, "Rationale", |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut risk.treatment_rationale)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
        });
    });

    section(ui, "Actions", true, |ui| {
        actions_ui(ui, &mut risk.actions, &selected, today);
    });

    section(ui, "Acceptance of residual risk", false, |ui| {
        acceptance_ui(ui, risk, &matrix, &selected);
    });

    section(ui, "Business impact", false, |ui| {
        labelled(ui, "KPI threatened", |ui| {
            ui.add(egui::TextEdit::singleline(&mut risk.business_impact.kpi).desired_width(240.0))
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Estimated cost");
            let mut has = risk.business_impact.estimated_cost.is_some();
            if ui.checkbox(&mut has, "").changed() {
                risk.business_impact.estimated_cost = has.then_some(0.0);
            }
            if let Some(cost) = &mut risk.business_impact.estimated_cost {
                ui.add(
                    egui::DragValue::new(cost)
                        .speed(1000.0)
                        .range(0.0..=f64::MAX),
                );
            }
            ui.add(
                egui::TextEdit::singleline(&mut risk.business_impact.currency)
                    .hint_text("EUR")
                    .desired_width(50.0),
            );
        });
    });

    section(ui, "Evidence and links", true, |ui| {
        evidence_ui(ui, &mut risk.evidence, &selected, &audits);
        labelled(ui, "Bow-tie ids", |ui| {
            list_field(
                ui,
                egui::Id::unique(("bowties", &selected)),
                &mut risk.bowtie_ids,
                "one per line",
            )
        });
        labelled(ui, "FMEA rows", |ui| {
            list_field(
                ui,
                egui::Id::unique(("fmea", &selected)),
                &mut risk.fmea_rows,
                "worksheet/row, one per line",
            )
        });
        if ui.small_button("Open the FMEA worksheets").clicked() {
            request = Some(SectionRequest::Goto(Section::Fmea));
        }
    });
    request
}

pub(super) fn section(ui: &mut Ui, title: &str, open: bool, add: impl FnOnce(&mut Ui)) {
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .default_open(open)
        .show(ui, add);
}

fn rating_ui(ui: &mut Ui, salt: (&str, &String), rating: &mut Option<Rating>, matrix: &RiskMatrix) {
    let mut rated = rating.is_some();
    ui.horizontal_wrapped(|ui| {
        if ui.checkbox(&mut rated, "Rated").changed() {
            *rating = rated.then(|| Rating::new(1, 1));
        }
        if let Some(r) = rating.as_mut() {
            for (axis, labels, value) in [
                ("Likelihood", &matrix.likelihood_labels, &mut r.likelihood),
                ("Impact", &matrix.impact_labels, &mut r.impact),
            ] {
                let label = ui.label(axis);
                egui::ComboBox::from_id_salt((salt.0, salt.1, axis))
                    .selected_text(format!("{value} {}", level_label(labels, *value)))
                    .show_ui(ui, |ui| {
                        for (i, name) in labels.iter().enumerate() {
                            let level = u8::try_from(i + 1).unwrap_or(u8::MAX);
                            ui.selectable_value(value, level, format!("{level} {name}"));
                        }
                    })
                    .response
                    .labelled_by(label.id);
            }
        }
    });
    if let Some(r) = rating {
        ui.horizontal_wrapped(|ui| {
            ui.label("Score");
            rating_chip(ui, matrix, Some(*r));
            if let Some(band) = matrix
                .band_index(r.score())
                .and_then(|i| matrix.bands.get(i))
                && !band.acceptance_authority.trim().is_empty()
            {
                ui.label(
                    RichText::new(format!("acceptance by {}", band.acceptance_authority))
                        .small()
                        .weak(),
                );
            }
        });
    }
}
