//! Govern › NIST AI RMF checklist: coverage per function as progress bars, then the 4 functions, 19
//! categories and 72 subcategories of the AI RMF core with NIST's text, each with a status, notes, linked
//! risks and audits and document references; a status filter and a text search. Also the editor of the
//! project's custom risk categories ([`custom_categories_ui`], shown in Govern › Settings).
//!
//! This module owns only view state (the filter, kept in egui memory). Every change goes through the
//! [`Document`] mutation gate: status changes and links are one undo step each, notes and document
//! references are live edits committed when the user stops typing. Coverage, derived risk links and problems
//! come from [`crate::model::checklist`].

use egui::{Id, RichText, Ui};

use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use super::theme;
use crate::model::Document;
use crate::model::checklist::{
    ChecklistFilter, ChecklistStatus, Coverage, audit_name, coverage_by_category,
    coverage_by_function, linked_risks, overall_coverage, problems, risk_name,
};
use crate::model::taxonomy::{
    CustomCategory, RmfCore, RmfSubcategory, next_custom_category_id, rmf_core,
};

/// The checklist screen; its filter is view state only, kept in egui memory.
pub struct ChecklistScreen;

impl Screen for ChecklistScreen {
    fn section(&self) -> Section {
        Section::Checklist
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let request = checklist_ui(ui, cx.doc);
        cx.request_some(request);
    }
}

/// Where the screen keeps its filter in egui memory.
fn state_id() -> Id {
    Id::unique("riskbench-checklist-screen")
}

/// The text on a coverage bar, also its accessible name: "7 of 19 covered (36 %), 2 in progress".
#[must_use]
pub fn coverage_text(coverage: &Coverage) -> String {
    format!(
        "{} of {} covered ({} %), {} in progress",
        coverage.covered(),
        coverage.total,
        coverage.percent(),
        coverage.in_progress
    )
}

/// Draws Govern › NIST AI RMF checklist. Returns a request when the user follows a link to another section.
pub fn checklist_ui(ui: &mut Ui, doc: &mut Document) -> Option<SectionRequest> {
    let core = match rmf_core() {
        Ok(core) => core,
        Err(e) => {
            ui.label(RichText::new(e).color(theme::error()));
            return None;
        }
    };
    let ctx = ui.ctx().clone();
    let mut filter: ChecklistFilter = ctx.data_mut(|d| d.get_temp(state_id())).unwrap_or_default();
    ui.label(
        "Record how far each outcome of the NIST AI RMF core is achieved for this system. Done and not \
         applicable count as covered. Risks that name a subcategory in the register are linked here \
         automatically.",
    );
    ui.add_space(6.0);
    coverage_ui(ui, core, doc);
    problems_ui(ui, core, doc);
    ui.add_space(6.0);
    filter_ui(ui, &mut filter);
    ui.add_space(4.0);
    let request = tree_ui(ui, core, doc, &filter);
    ui.add_space(8.0);
    ui.label(RichText::new(&core.attribution).weak().small());
    ctx.data_mut(|d| d.insert_temp(state_id(), filter));
    request
}

/// One progress bar per function, and the total.
fn coverage_ui(ui: &mut Ui, core: &RmfCore, doc: &Document) {
    let checklist = &doc.project().nist_checklist;
    let overall = overall_coverage(core, checklist);
    egui::Grid::new("checklist_coverage")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for (function_id, coverage) in coverage_by_function(core, checklist)
                .into_iter()
                .chain([("All", overall)])
            {
                ui.label(RichText::new(function_id).strong());
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

/// Links that point at nothing, in the error colour.
fn problems_ui(ui: &mut Ui, core: &RmfCore, doc: &Document) {
    for problem in problems(core, doc.project()) {
        ui.label(RichText::new(format!("⚠ {problem}")).color(theme::error()));
    }
}

/// The status filter and the text search.
fn filter_ui(ui: &mut Ui, filter: &mut ChecklistFilter) {
    ui.horizontal(|ui| {
        let label = ui.label("Show");
        egui::ComboBox::from_id_salt("checklist_status_filter")
            .selected_text(filter.status.map_or("All statuses", ChecklistStatus::label))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.status, None, "All statuses");
                for status in ChecklistStatus::ALL {
                    ui.selectable_value(&mut filter.status, Some(status), status.label());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Search");
        ui.add(
            egui::TextEdit::singleline(&mut filter.text)
                .desired_width(280.0)
                .hint_text("Id, text, notes, risk, audit or document"),
        )
        .labelled_by(label.id);
        if !filter.is_empty() && ui.button("Clear filter").clicked() {
            *filter = ChecklistFilter::default();
        }
    });
}

/// Functions → categories → subcategories, only those that pass the filter.
fn tree_ui(
    ui: &mut Ui,
    core: &RmfCore,
    doc: &mut Document,
    filter: &ChecklistFilter,
) -> Option<SectionRequest> {
    let mut request = None;
    let by_category = coverage_by_category(core, &doc.project().nist_checklist);
    let mut shown_any = false;
    for function in &core.functions {
        let shown: Vec<Vec<&RmfSubcategory>> = function
            .categories
            .iter()
            .map(|c| {
                c.subcategories
                    .iter()
                    .filter(|s| filter.matches(s, doc.project()))
                    .collect()
            })
            .collect();
        if shown.iter().all(Vec::is_empty) {
            continue;
        }
        shown_any = true;
        egui::CollapsingHeader::new(
            RichText::new(format!("{} — {}", function.id, function.description))
                .strong()
                .size(16.0),
        )
        .id_salt(("checklist_function", &function.id))
        .default_open(true)
        .show(ui, |ui| {
            for (category, subs) in function.categories.iter().zip(shown) {
                if subs.is_empty() {
                    continue;
                }
                let coverage = by_category
                    .iter()
                    .find(|(id, _)| *id == category.id)
                    .map(|(_, c)| *c)
                    .unwrap_or_default();
                egui::CollapsingHeader::new(
                    RichText::new(format!(
                        "{} ({} of {} covered)",
                        category.id,
                        coverage.covered(),
                        coverage.total
                    ))
                    .strong(),
                )
                .id_salt(("checklist_category", &category.id))
                .default_open(true)
                .show(ui, |ui| {
                    ui.label(RichText::new(&category.text).italics());
                    ui.add_space(4.0);
                    for sub in subs {
                        if let Some(r) = subcategory_ui(ui, doc, sub) {
                            request = Some(r);
                        }
                    }
                });
            }
        });
    }
    if !shown_any {
        ui.label(RichText::new("No subcategory matches the filter").weak());
    }
    request
}

/// Label of a subcategory's status picker (also its accessible name).
#[must_use]
pub fn status_picker_label(subcategory_id: &str) -> String {
    format!("Status of {subcategory_id}")
}

/// One subcategory: a header with its id, status and the start of its text; the body with the full text,
/// notes, links and documents.
fn subcategory_ui(ui: &mut Ui, doc: &mut Document, sub: &RmfSubcategory) -> Option<SectionRequest> {
    let mut request = None;
    let status = doc.project().nist_checklist.status(&sub.id);
    let state_id = ui.make_persistent_id(("checklist_sub", &sub.id));
    let state =
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), state_id, false);
    let mut toggle = false;
    state
        .show_header(ui, |ui| {
            toggle = ui
                .add(egui::Button::new(RichText::new(&sub.id).strong().monospace()).frame(false))
                .on_hover_text("Show or hide the details")
                .clicked();
            let mut chosen = status;
            egui::ComboBox::from_id_salt(("checklist_status", &sub.id))
                .selected_text(RichText::new(status.label()).color(status_colour(ui, status)))
                .width(120.0)
                .show_ui(ui, |ui| {
                    for s in ChecklistStatus::ALL {
                        ui.selectable_value(&mut chosen, s, s.label());
                    }
                })
                .response
                .on_hover_text(status_picker_label(&sub.id))
                .widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::ComboBox,
                        true,
                        status_picker_label(&sub.id),
                    )
                });
            if chosen != status {
                doc.edit(|p| p.nist_checklist.update(&sub.id, |e| e.status = chosen));
            }
            let links = linked_risks(doc.project(), &sub.id).len()
                + doc
                    .project()
                    .nist_checklist
                    .entry(&sub.id)
                    .map_or(0, |e| e.audit_ids.len() + e.documents.len());
            let preview: String = sub.text.chars().take(110).collect();
            let ellipsis = if preview.len() < sub.text.len() {
                "…"
            } else {
                ""
            };
            ui.add(egui::Label::new(format!("{preview}{ellipsis}")).truncate())
                .on_hover_text(&sub.text);
            if links > 0 {
                ui.label(RichText::new(format!("{links} linked")).weak())
                    .on_hover_text("Linked risks, audits and documents");
            }
        })
        .body(|ui| {
            ui.label(&sub.text);
            ui.add_space(4.0);
            request = details_ui(ui, doc, &sub.id);
        });
    if toggle {
        let mut state = egui::collapsing_header::CollapsingState::load_with_default_open(
            ui.ctx(),
            state_id,
            false,
        );
        state.toggle(ui);
        state.store(ui.ctx());
    }
    request
}

/// Accessible name of the picker that links a risk to a subcategory.
#[must_use]
pub fn link_risk_label(subcategory_id: &str) -> String {
    format!("Link a risk to {subcategory_id}")
}

/// Accessible name of the picker that links an audit to a subcategory.
#[must_use]
pub fn link_audit_label(subcategory_id: &str) -> String {
    format!("Link an audit to {subcategory_id}")
}

/// The colour of a status in its picker.
fn status_colour(ui: &Ui, status: ChecklistStatus) -> egui::Color32 {
    match status {
        ChecklistStatus::NotStarted => ui.visuals().weak_text_color(),
        ChecklistStatus::InProgress => theme::warn(),
        ChecklistStatus::Done => theme::ok(),
        ChecklistStatus::NotApplicable => ui.visuals().text_color(),
    }
}

/// Notes, linked risks and audits, and document references of one subcategory.
fn details_ui(ui: &mut Ui, doc: &mut Document, subcategory_id: &str) -> Option<SectionRequest> {
    let mut request = None;
    let entry = doc
        .project()
        .nist_checklist
        .entry(subcategory_id)
        .cloned()
        .unwrap_or_default();
    egui::Grid::new(("checklist_details", subcategory_id))
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            // Notes: a live edit, one undo step when the user stops typing.
            let label = ui.label("Notes");
            let mut notes = entry.notes.clone();
            if ui
                .add(
                    egui::TextEdit::multiline(&mut notes)
                        .desired_rows(2)
                        .desired_width(560.0)
                        .hint_text("How the outcome is met, or why it does not apply"),
                )
                .labelled_by(label.id)
                .changed()
            {
                doc.project_mut()
                    .nist_checklist
                    .update(subcategory_id, |e| e.notes = notes);
            }
            ui.end_row();

            ui.label("Risks");
            ui.horizontal_wrapped(|ui| {
                request = risks_ui(ui, doc, subcategory_id);
            });
            ui.end_row();

            ui.label("Audits");
            ui.horizontal_wrapped(|ui| audits_ui(ui, doc, subcategory_id));
            ui.end_row();

            ui.label("Documents");
            ui.vertical(|ui| documents_ui(ui, doc, subcategory_id));
            ui.end_row();
        });
    request
}

/// Linked risks (click one to open the register), an unlink button for hand links, and a picker to link more.
fn risks_ui(ui: &mut Ui, doc: &mut Document, subcategory_id: &str) -> Option<SectionRequest> {
    let mut request = None;
    let linked = linked_risks(doc.project(), subcategory_id);
    let mut unlink = None;
    for link in &linked {
        let exists = doc
            .project()
            .risks
            .iter()
            .any(|r| r.risk_id == link.risk_id);
        let name = risk_name(&doc.project().risks, &link.risk_id);
        if exists {
            let hint = if link.derived {
                "From the risk's RMF subcategories in the register; open the register"
            } else {
                "Open the risk register"
            };
            if ui.link(&name).on_hover_text(hint).clicked() {
                request = Some(SectionRequest::ShowRisk(link.risk_id.clone()));
            }
        } else {
            ui.label(RichText::new(format!("{name} (missing)")).color(theme::error()));
        }
        if link.derived {
            ui.label(RichText::new("(register)").weak());
        } else if ui
            .small_button("✖")
            .on_hover_text(format!("Unlink {}", link.risk_id))
            .clicked()
        {
            unlink = Some(link.risk_id.clone());
        }
    }
    if let Some(risk_id) = unlink {
        doc.edit(|p| {
            p.nist_checklist
                .update(subcategory_id, |e| e.risk_ids.retain(|r| *r != risk_id));
        });
    }
    let candidates: Vec<(String, String)> = doc
        .project()
        .risks
        .iter()
        .filter(|r| !linked.iter().any(|l| l.risk_id == r.risk_id))
        .map(|r| {
            (
                r.risk_id.clone(),
                risk_name(&doc.project().risks, &r.risk_id),
            )
        })
        .collect();
    if candidates.is_empty() {
        if doc.project().risks.is_empty() {
            ui.label(RichText::new("No risks in the register yet").weak());
        }
    } else {
        let mut picked = None;
        egui::ComboBox::from_id_salt(("checklist_link_risk", subcategory_id))
            .selected_text("Link risk…")
            .show_ui(ui, |ui| {
                for (risk_id, name) in &candidates {
                    if ui.selectable_label(false, name).clicked() {
                        picked = Some(risk_id.clone());
                    }
                }
            })
            .response
            .widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::ComboBox,
                    true,
                    link_risk_label(subcategory_id),
                )
            });
        if let Some(risk_id) = picked {
            doc.edit(|p| {
                p.nist_checklist
                    .update(subcategory_id, |e| e.risk_ids.push(risk_id));
            });
        }
    }
    request
}

/// Linked audits with an unlink button, and a picker to link more.
fn audits_ui(ui: &mut Ui, doc: &mut Document, subcategory_id: &str) {
    let linked: Vec<String> = doc
        .project()
        .nist_checklist
        .entry(subcategory_id)
        .map(|e| e.audit_ids.clone())
        .unwrap_or_default();
    let mut unlink = None;
    for audit_id in &linked {
        let exists = doc.project().audits.iter().any(|a| a.audit_id == *audit_id);
        let name = audit_name(&doc.project().audits, audit_id);
        if exists {
            ui.label(name);
        } else {
            ui.label(RichText::new(format!("{name} (missing)")).color(theme::error()));
        }
        if ui
            .small_button("✖")
            .on_hover_text(format!("Unlink {name}"))
            .clicked()
        {
            unlink = Some(audit_id.clone());
        }
    }
    if let Some(audit_id) = unlink {
        doc.edit(|p| {
            p.nist_checklist
                .update(subcategory_id, |e| e.audit_ids.retain(|a| *a != audit_id));
        });
    }
    let candidates: Vec<(String, String)> = doc
        .project()
        .audits
        .iter()
        .filter(|a| !linked.contains(&a.audit_id))
        .map(|a| (a.audit_id.clone(), a.name.clone()))
        .collect();
    if candidates.is_empty() {
        if doc.project().audits.is_empty() {
            ui.label(RichText::new("No saved audits yet").weak());
        }
        return;
    }
    let mut picked = None;
    egui::ComboBox::from_id_salt(("checklist_link_audit", subcategory_id))
        .selected_text("Link audit…")
        .show_ui(ui, |ui| {
            for (audit_id, name) in &candidates {
                if ui.selectable_label(false, name).clicked() {
                    picked = Some(audit_id.clone());
                }
            }
        })
        .response
        .widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::ComboBox, true, link_audit_label(subcategory_id))
        });
    if let Some(audit_id) = picked {
        doc.edit(|p| {
            p.nist_checklist
                .update(subcategory_id, |e| e.audit_ids.push(audit_id));
        });
    }
}

/// Free document references: edited in place (live edits), removed, added.
fn documents_ui(ui: &mut Ui, doc: &mut Document, subcategory_id: &str) {
    let mut documents: Vec<String> = doc
        .project()
        .nist_checklist
        .entry(subcategory_id)
        .map(|e| e.documents.clone())
        .unwrap_or_default();
    let mut changed = false;
    let mut remove = None;
    for (i, document) in documents.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            changed |= ui
                .add(
                    egui::TextEdit::singleline(document)
                        .desired_width(480.0)
                        .hint_text("Policy, minutes, ticket or URL"),
                )
                .changed();
            if ui
                .small_button("✖")
                .on_hover_text("Remove this reference")
                .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if changed {
        doc.project_mut()
            .nist_checklist
            .update(subcategory_id, |e| e.documents.clone_from(&documents));
    }
    if let Some(i) = remove {
        doc.edit(|p| {
            p.nist_checklist.update(subcategory_id, |e| {
                if i < e.documents.len() {
                    e.documents.remove(i);
                }
            });
        });
    }
    if ui.button("Add document reference").clicked() {
        doc.edit(|p| {
            p.nist_checklist.update(subcategory_id, |e| {
                e.documents.push("New document".to_owned());
            });
        });
    }
}

/// The project's custom risk categories: add, rename, describe, delete (deleting also removes the category
/// from the risks that carry it, in the same undo step).
pub fn custom_categories_ui(ui: &mut Ui, doc: &mut Document) {
    ui.label(RichText::new("Custom risk categories").strong().size(16.0));
    ui.label(
        "Categories of your own, next to the NIST trustworthiness characteristics and the MIT AI Risk \
         Repository domains. Risks and risk appetite refer to them by id.",
    );
    ui.add_space(4.0);
    let mut remove: Option<String> = None;
    if doc.project().custom_categories.is_empty() {
        ui.label(RichText::new("No custom categories yet").weak());
    } else {
        let usage: Vec<usize> = doc
            .project()
            .custom_categories
            .iter()
            .map(|c| {
                doc.project()
                    .risks
                    .iter()
                    .filter(|r| r.taxonomy.custom_categories.contains(&c.category_id))
                    .count()
            })
            .collect();
        let mut categories: Vec<CustomCategory> = doc.project().custom_categories.clone();
        let mut changed = false;
        egui::Grid::new("custom_categories")
            .num_columns(4)
            .striped(true)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label(RichText::new("Id").strong());
                let name_h = ui.label(RichText::new("Category name").strong());
                let description_h = ui.label(RichText::new("Category description").strong());
                ui.label("");
                ui.end_row();
                for (category, used_by) in categories.iter_mut().zip(usage) {
                    ui.label(RichText::new(&category.category_id).monospace());
                    changed |= ui
                        .add(egui::TextEdit::singleline(&mut category.name).desired_width(200.0))
                        .labelled_by(name_h.id)
                        .changed();
                    changed |= ui
                        .add(
                            egui::TextEdit::singleline(&mut category.description)
                                .desired_width(380.0),
                        )
                        .labelled_by(description_h.id)
                        .changed();
                    let hint = if used_by == 0 {
                        "No risk uses this category".to_owned()
                    } else {
                        format!("Also removes it from the {used_by} risk(s) that use it")
                    };
                    if ui.small_button("Delete").on_hover_text(hint).clicked() {
                        remove = Some(category.category_id.clone());
                    }
                    ui.end_row();
                }
            });
        if changed {
            // Live edit: one undo step when the user stops typing.
            doc.project_mut().custom_categories = categories;
        }
    }
    if let Some(category_id) = remove {
        doc.edit(|p| {
            p.custom_categories.retain(|c| c.category_id != category_id);
            for risk in &mut p.risks {
                risk.taxonomy
                    .custom_categories
                    .retain(|c| *c != category_id);
            }
        });
    }
    if ui.button("Add category").clicked() {
        doc.edit(|p| {
            let category_id = next_custom_category_id(&p.custom_categories);
            p.custom_categories.push(CustomCategory {
                category_id,
                name: "New category".to_owned(),
                description: String::new(),
            });
        });
    }
}
