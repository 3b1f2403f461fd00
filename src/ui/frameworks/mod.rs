//! Govern › Frameworks: one checklist per framework (NIST AI RMF — the existing screen —, EU AI Act,
//! ISO/IEC 42001, ISO/IEC 23894, Google SAIF, Microsoft RAI Standard v2), with coverage per section; for the
//! EU AI Act the organisation's role, which obligations apply and whether they are in force, and the Article
//! 27 FRIA as a guided form; for every item the crosswalk's related items with a button that offers the
//! item's evidence to them. Also the risk tags of every framework in the register's detail pane
//! ([`risk_tags_ui`]), with the related items of the tagged ones offered.
//!
//! Only view state lives here (the chosen framework, in egui memory). Rules, coverage, applicability and
//! relations come from [`crate::model::frameworks`]; every change goes through the [`Document`] gate.

use egui::{Id, RichText, Ui};

use super::checklist::coverage_text;
use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use super::theme;
use crate::model::checklist::{ChecklistStatus, audit_name, risk_name};
use crate::model::frameworks::checklist::{
    ItemRow, checklist, coverage_by_section, eu_obligations, overall_coverage, problems,
    regulatory_position, rows, update,
};
use crate::model::frameworks::crosswalk::{Related, related};
use crate::model::frameworks::eu_ai_act::{FRIA_QUESTIONS, GpaiModel, OperatorRole, fria_required};
use crate::model::frameworks::tags::{has_tag, tag, tagged_items, untag};
use crate::model::frameworks::{FrameworkId, ItemRef, framework};
use crate::model::register::Risk;
use crate::model::{Document, IsoDate};

/// The Frameworks screen; the chosen framework is view state only, kept in egui memory.
pub struct FrameworksScreen;

impl Screen for FrameworksScreen {
    fn section(&self) -> Section {
        Section::Frameworks
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let request = frameworks_ui(ui, cx.doc, cx.today);
        cx.request_some(request);
    }
}

fn state_id() -> Id {
    Id::unique("riskbench-frameworks-screen")
}

/// Label of the button that chooses a framework's checklist.
#[must_use]
pub fn framework_tab_label(framework_id: FrameworkId) -> String {
    framework_id.name().to_owned()
}

/// Accessible name of an item's status picker.
#[must_use]
pub fn item_status_label(framework_id: FrameworkId, item_id: &str) -> String {
    format!("Status of {} {item_id}", framework_id.name())
}

/// Draws Govern › Frameworks. `today` decides whether EU AI Act obligations are in force.
pub fn frameworks_ui(ui: &mut Ui, doc: &mut Document, today: IsoDate) -> Option<SectionRequest> {
    let ctx = ui.ctx().clone();
    let mut chosen: FrameworkId = ctx
        .data_mut(|d| d.get_temp(state_id()))
        .unwrap_or(FrameworkId::EuAiAct);
    ui.horizontal_wrapped(|ui| {
        for framework_id in FrameworkId::CHECKLISTS {
            ui.selectable_value(&mut chosen, framework_id, framework_tab_label(framework_id));
        }
    });
    ctx.data_mut(|d| d.insert_temp(state_id(), chosen));
    ui.separator();
    if chosen == FrameworkId::NistAiRmf {
        return super::checklist::checklist_ui(ui, doc);
    }
    let f = match framework(chosen) {
        Ok(f) => f,
        Err(e) => {
            ui.label(RichText::new(e).color(theme::error()));
            return None;
        }
    };
    ui.label(format!(
        "Record how far each item of {} is met for this system. Done and not applicable count as covered. \
         Risks tagged with an item in the register are linked here automatically.",
        chosen.name()
    ));
    if matches!(
        chosen,
        FrameworkId::Iso42001 | FrameworkId::Iso23894 | FrameworkId::Saif | FrameworkId::MsRai
    ) {
        ui.label(
            RichText::new(
                "Items appear by identifier with Riskbench's own short labels; consult the source for its text.",
            )
            .weak(),
        );
    }
    if chosen == FrameworkId::EuAiAct {
        eu_ui(ui, doc, today);
    }
    let all = rows(doc.project(), chosen, today);
    coverage_ui(ui, &all);
    for problem in problems(doc.project())
        .iter()
        .filter(|p| p.framework == chosen.key())
    {
        ui.label(RichText::new(format!("⚠ {problem}")).color(theme::error()));
    }
    let mut request = None;
    for section in f.sections.iter().filter(|s| s.checklist) {
        let section_rows: Vec<&ItemRow> = all
            .iter()
            .filter(|r| r.section == section.section_id)
            .collect();
        egui::CollapsingHeader::new(
            RichText::new(format!("{} — {}", section.section_id, section.label)).strong(),
        )
        .id_salt(("framework_section", chosen.key(), &section.section_id))
        .default_open(chosen == FrameworkId::EuAiAct)
        .show(ui, |ui| {
            for row in section_rows {
                if let Some(r) = item_ui(ui, doc, chosen, row) {
                    request = Some(r);
                }
            }
        });
    }
    ui.add_space(8.0);
    ui.label(RichText::new(&f.attribution).weak().small());
    for note in &f.unverified {
        ui.label(
            RichText::new(format!("Not verified: {note}"))
                .weak()
                .small(),
        );
    }
    request
}

fn coverage_ui(ui: &mut Ui, all: &[ItemRow]) {
    egui::Grid::new("framework_coverage")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for (section, coverage) in coverage_by_section(all)
                .into_iter()
                .chain([("All".to_owned(), overall_coverage(all))])
            {
                if coverage.total == 0 {
                    continue;
                }
                ui.label(RichText::new(section).strong());
                #[expect(
                    clippy::cast_possible_truncation,
                    reason = "a fraction between 0 and 1"
                )]
                let fraction = coverage.fraction() as f32;
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(420.0)
                        .text(coverage_text(&coverage)),
                );
                ui.end_row();
            }
        });
}

/// The EU AI Act's applicability: role, Annex III point, public service, GPAI; the position; the FRIA form.
fn eu_ui(ui: &mut Ui, doc: &mut Document, today: IsoDate) {
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
        fria_ui(ui, doc);
    }
}

/// The Article 27 fundamental rights impact assessment, one question per point.
fn fria_ui(ui: &mut Ui, doc: &mut Document) {
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
                fria.notified_on = notified.then(IsoDate::today);
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
            doc.project_mut().frameworks.fria = fria;
        }
    });
}

fn status_colour(ui: &Ui, status: ChecklistStatus) -> egui::Color32 {
    match status {
        ChecklistStatus::NotStarted => ui.visuals().weak_text_color(),
        ChecklistStatus::InProgress => theme::warn(),
        ChecklistStatus::Done => theme::ok(),
        ChecklistStatus::NotApplicable => ui.visuals().text_color(),
    }
}

fn item_ui(
    ui: &mut Ui,
    doc: &mut Document,
    framework_id: FrameworkId,
    row: &ItemRow,
) -> Option<SectionRequest> {
    let mut request = None;
    let state_id = ui.make_persistent_id(("framework_item", framework_id.key(), &row.id));
    let state =
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), state_id, false);
    state
        .show_header(ui, |ui| {
            ui.label(RichText::new(&row.id).strong().monospace());
            let mut chosen = row.status;
            let label = item_status_label(framework_id, &row.id);
            egui::ComboBox::from_id_salt(("framework_status", framework_id.key(), &row.id))
                .selected_text(
                    RichText::new(row.status.label()).color(status_colour(ui, row.status)),
                )
                .width(120.0)
                .show_ui(ui, |ui| {
                    for s in ChecklistStatus::ALL {
                        ui.selectable_value(&mut chosen, s, s.label());
                    }
                })
                .response
                .widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::ComboBox, true, label.clone())
                });
            if chosen != row.status {
                let id = row.id.clone();
                doc.edit(|p| update(p, framework_id, &id, |e| e.status = chosen));
            }
            let name = if row.title.is_empty() {
                &row.label
            } else {
                &row.title
            };
            ui.add(egui::Label::new(name.as_str()).truncate());
            if !row.verified {
                ui.label(RichText::new("unverified").color(theme::warn()))
                    .on_hover_text(&row.note);
            }
            if let Some(o) = &row.obligation {
                if o.applies {
                    let text = o.in_force.map_or("applies", |f| f.label());
                    ui.label(RichText::new(text).weak())
                        .on_hover_text(&o.reason);
                } else {
                    ui.label(RichText::new("does not apply").weak())
                        .on_hover_text(&o.reason);
                }
            }
        })
        .body(|ui| {
            if !row.title.is_empty() && row.label != row.title {
                ui.label(RichText::new(&row.label).italics());
            }
            if !row.note.is_empty() {
                ui.label(RichText::new(&row.note).weak());
            }
            if framework_id == FrameworkId::EuAiAct && row.id == "Art. 5" {
                prohibitions_ui(ui);
            }
            if let Some(o) = &row.obligation {
                ui.label(format!(
                    "{}: {}",
                    if o.applies {
                        "Applies"
                    } else {
                        "Does not apply"
                    },
                    o.reason
                ));
                if let Some(dates) = &o.dates {
                    ui.label(format!("Applies from {}", dates.label()));
                    if !dates.note.is_empty() {
                        ui.label(RichText::new(&dates.note).weak().small());
                    }
                }
            }
            request = details_ui(ui, doc, framework_id, row);
        });
    request
}

/// The Article 5(1) prohibitions, verbatim, the reported additions marked unverified.
fn prohibitions_ui(ui: &mut Ui) {
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

/// Accessible name of the button that offers an item's evidence to a related item.
#[must_use]
pub fn offer_evidence_label(to: &ItemRef) -> String {
    format!("Offer evidence to {to}")
}

fn details_ui(
    ui: &mut Ui,
    doc: &mut Document,
    framework_id: FrameworkId,
    row: &ItemRow,
) -> Option<SectionRequest> {
    let mut request = None;
    let item_id = row.id.clone();
    let entry = checklist(doc.project(), framework_id)
        .entry(&item_id)
        .cloned()
        .unwrap_or_default();
    egui::Grid::new(("framework_details", framework_id.key(), &item_id))
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label("Owner");
            let mut owner = entry.owner.clone();
            if ui
                .add(egui::TextEdit::singleline(&mut owner).desired_width(260.0))
                .labelled_by(label.id)
                .changed()
            {
                update(doc.project_mut(), framework_id, &item_id, |e| {
                    e.owner = owner;
                });
            }
            ui.end_row();
            let label = ui.label("Notes");
            let mut notes = entry.notes.clone();
            if ui
                .add(
                    egui::TextEdit::multiline(&mut notes)
                        .desired_rows(2)
                        .desired_width(560.0),
                )
                .labelled_by(label.id)
                .changed()
            {
                update(doc.project_mut(), framework_id, &item_id, |e| {
                    e.notes = notes;
                });
            }
            ui.end_row();
            ui.label("Risks");
            ui.horizontal_wrapped(|ui| {
                for link in &row.evidence.risks {
                    let name = risk_name(&doc.project().risks, &link.risk_id);
                    if ui.link(&name).clicked() {
                        request = Some(SectionRequest::ShowRisk(link.risk_id.clone()));
                    }
                    if link.derived {
                        ui.label(RichText::new("(tagged)").weak());
                    }
                }
                let candidates: Vec<String> = doc
                    .project()
                    .risks
                    .iter()
                    .filter(|r| !row.evidence.risks.iter().any(|l| l.risk_id == r.risk_id))
                    .map(|r| r.risk_id.clone())
                    .collect();
                if !candidates.is_empty() {
                    let mut picked = None;
                    egui::ComboBox::from_id_salt((
                        "framework_link_risk",
                        framework_id.key(),
                        &item_id,
                    ))
                    .selected_text("Link risk…")
                    .show_ui(ui, |ui| {
                        for risk_id in &candidates {
                            if ui
                                .selectable_label(false, risk_name(&doc.project().risks, risk_id))
                                .clicked()
                            {
                                picked = Some(risk_id.clone());
                            }
                        }
                    });
                    if let Some(risk_id) = picked {
                        doc.edit(|p| {
                            update(p, framework_id, &item_id, |e| e.risk_ids.push(risk_id));
                        });
                    }
                }
            });
            ui.end_row();
            ui.label("Audits");
            ui.horizontal_wrapped(|ui| {
                for audit_id in &entry.audit_ids {
                    ui.label(audit_name(&doc.project().audits, audit_id));
                }
                let candidates: Vec<(String, String)> = doc
                    .project()
                    .audits
                    .iter()
                    .filter(|a| !entry.audit_ids.contains(&a.audit_id))
                    .map(|a| (a.audit_id.clone(), a.name.clone()))
                    .collect();
                if !candidates.is_empty() {
                    let mut picked = None;
                    egui::ComboBox::from_id_salt((
                        "framework_link_audit",
                        framework_id.key(),
                        &item_id,
                    ))
                    .selected_text("Link audit…")
                    .show_ui(ui, |ui| {
                        for (audit_id, name) in &candidates {
                            if ui.selectable_label(false, name).clicked() {
                                picked = Some(audit_id.clone());
                            }
                        }
                    });
                    if let Some(audit_id) = picked {
                        doc.edit(|p| {
                            update(p, framework_id, &item_id, |e| e.audit_ids.push(audit_id));
                        });
                    }
                }
            });
            ui.end_row();
            ui.label("Documents");
            ui.vertical(|ui| {
                let mut documents = entry.documents.clone();
                let mut changed = false;
                for document in &mut documents {
                    changed |= ui
                        .add(egui::TextEdit::singleline(document).desired_width(480.0))
                        .changed();
                }
                if changed {
                    update(doc.project_mut(), framework_id, &item_id, |e| {
                        e.documents = documents;
                    });
                }
                if ui.button("Add document reference").clicked() {
                    doc.edit(|p| {
                        update(p, framework_id, &item_id, |e| {
                            e.documents.push("New document".to_owned());
                        });
                    });
                }
            });
            ui.end_row();
        });
    related_ui(ui, doc, &ItemRef::new(framework_id, &item_id), &row.related);
    request
}

/// The crosswalk's related items, each with its basis and a button that copies this item's audits,
/// documents and hand-linked risks to it.
fn related_ui(ui: &mut Ui, doc: &mut Document, from: &ItemRef, related: &[Related]) {
    let shown: Vec<&Related> = related.iter().filter(|r| !r.function_level).collect();
    if shown.is_empty() {
        return;
    }
    ui.label(RichText::new("Related items (crosswalk)").strong());
    let source = checklist(doc.project(), from.framework_id)
        .entry(&from.item_id)
        .cloned()
        .unwrap_or_default();
    let has_evidence =
        !(source.audit_ids.is_empty() && source.documents.is_empty() && source.risk_ids.is_empty());
    for r in shown {
        ui.horizontal(|ui| {
            let name = r.item.item().map_or_else(
                || r.item.to_string(),
                |i| {
                    format!(
                        "{} — {}",
                        r.item,
                        if i.title.is_empty() {
                            &i.label
                        } else {
                            &i.title
                        }
                    )
                },
            );
            ui.label(name);
            ui.label(RichText::new(r.basis.label()).weak().small());
            if has_evidence
                && ui
                    .small_button("Offer evidence")
                    .on_hover_text(offer_evidence_label(&r.item))
                    .clicked()
            {
                let to = r.item.clone();
                let source = source.clone();
                doc.edit(|p| {
                    update(p, to.framework_id, &to.item_id, |e| {
                        for a in &source.audit_ids {
                            if !e.audit_ids.contains(a) {
                                e.audit_ids.push(a.clone());
                            }
                        }
                        for d in &source.documents {
                            if !e.documents.contains(d) {
                                e.documents.push(d.clone());
                            }
                        }
                        for risk_id in &source.risk_ids {
                            if !e.risk_ids.contains(risk_id) {
                                e.risk_ids.push(risk_id.clone());
                            }
                        }
                    });
                });
            }
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Risk tags in the register's detail pane
// ---------------------------------------------------------------------------------------------

/// Label of the button that tags a risk with an item offered by the crosswalk.
#[must_use]
pub fn offered_tag_label(item: &ItemRef) -> String {
    format!("+ {item}")
}

/// Tags of the risk with items of every framework (removable chips), a picker to add more, and the items
/// the crosswalk relates to the tagged ones, offered with one click. Live edits of `risk`.
pub fn risk_tags_ui(ui: &mut Ui, risk: &mut Risk, selected: &str) {
    ui.label(RichText::new("Framework items").small().strong());
    let tagged = tagged_items(risk);
    ui.horizontal_wrapped(|ui| {
        let mut remove = None;
        for t in &tagged {
            match &t.known {
                Some(item) => {
                    let unverified = item.item().is_some_and(|i| !i.verified);
                    let text = if unverified {
                        format!("{item} (unverified) ✕")
                    } else {
                        format!("{item} ✕")
                    };
                    if ui.small_button(text).on_hover_text("Remove").clicked() {
                        remove = Some(item.clone());
                    }
                }
                None => {
                    ui.label(
                        RichText::new(format!("{} {} (unknown)", t.framework, t.item_id))
                            .color(theme::error()),
                    )
                    .on_hover_text("The shipped framework data has no such item; kept as recorded");
                }
            }
        }
        if let Some(item) = remove {
            untag(risk, &item);
        }
    });
    let picker_id = Id::unique(("framework_tag_picker", selected));
    let mut framework_id: FrameworkId = ui
        .ctx()
        .data_mut(|d| d.get_temp(picker_id))
        .unwrap_or(FrameworkId::EuAiAct);
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::from_id_salt(("framework_tag_framework", selected))
            .selected_text(framework_id.name())
            .show_ui(ui, |ui| {
                for f in FrameworkId::ALL {
                    ui.selectable_value(&mut framework_id, f, f.name());
                }
            })
            .response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Tag framework"));
        if let Ok(f) = framework(framework_id) {
            let mut picked = None;
            egui::ComboBox::from_id_salt(("framework_tag_item", selected))
                .selected_text("Add item…")
                .width(420.0_f32.min(ui.max_rect().width()))
                .height(360.0)
                .show_ui(ui, |ui| {
                    for section in &f.sections {
                        ui.label(RichText::new(&section.section_id).strong());
                        for item in &section.items {
                            let reference = ItemRef::new(framework_id, &item.item_id);
                            if has_tag(risk, &reference) {
                                continue;
                            }
                            if ui
                                .selectable_label(false, item.display())
                                .on_hover_text(&item.label)
                                .clicked()
                            {
                                picked = Some(reference);
                            }
                        }
                    }
                })
                .response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Tag item"));
            if let Some(item) = picked {
                tag(risk, &item);
            }
        }
    });
    ui.ctx()
        .data_mut(|d| d.insert_temp(picker_id, framework_id));
    let mut offered: Vec<Related> = Vec::new();
    for item in tagged.iter().filter_map(|t| t.known.clone()) {
        for r in related(&item) {
            if !r.function_level
                && !has_tag(risk, &r.item)
                && !offered.iter().any(|o| o.item == r.item)
            {
                offered.push(r);
            }
        }
    }
    if !offered.is_empty() {
        ui.label(RichText::new("Related items (crosswalk)").small().weak());
        ui.horizontal_wrapped(|ui| {
            let mut add = None;
            for r in &offered {
                if ui
                    .small_button(offered_tag_label(&r.item))
                    .on_hover_text(r.basis.label())
                    .clicked()
                {
                    add = Some(r.item.clone());
                }
            }
            if let Some(item) = add {
                tag(risk, &item);
            }
        });
    }
}
