//! One checklist item of any framework: a header with its id (click to open), status picker, name and
//! markers (unverified, EU AI Act applicability, how many links), and a body with the quoted text or our
//! label, then the owner, notes, linked risks, audits, validation suites, drift results and documents, and
//! the crosswalk ([`super::crosswalk`]).

use egui::{RichText, Ui};

use super::Navigation;
use super::crosswalk::related_ui;
use super::eu::prohibitions_ui;
use crate::model::checklist::{ChecklistEntry, ChecklistStatus, audit_name, risk_name};
use crate::model::frameworks::checklist::{ItemRow, checklist, update};
use crate::model::frameworks::filter::{drift_name, validation_name};
use crate::model::frameworks::offer::offers_to;
use crate::model::frameworks::{FrameworkId, ItemRef, framework};
use crate::model::{Document, Project};
use crate::ui::screen::SectionRequest;
use crate::ui::theme;

/// Accessible name of an item's status picker: "Status of NIST AI RMF 1.0 GOVERN 1.1".
#[must_use]
pub fn item_status_label(framework_id: FrameworkId, item_id: &str) -> String {
    format!("Status of {} {item_id}", framework_id.name())
}

/// Accessible name of the picker that links `what` ("a risk", "an audit", "a validation suite", "a drift
/// result") to `item`: "Link a drift result to NIST AI RMF MEASURE 2.4".
#[must_use]
pub fn link_picker_label(what: &str, item: &ItemRef) -> String {
    format!("Link {what} to {item}")
}

/// The marker on an item's header when `offers` related items offer it evidence.
#[must_use]
pub fn offers_marker(offers: usize) -> String {
    if offers == 1 {
        "evidence offered by 1 related item".to_owned()
    } else {
        format!("evidence offered by {offers} related items")
    }
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

/// Draws one item. Returns a request when the user follows a risk link. The item `nav` selects is
/// highlighted, and opened and scrolled into view while `nav.reveal` is set; a click on a related item's
/// name sets `nav.goto`.
pub(super) fn item_ui(
    ui: &mut Ui,
    doc: &mut Document,
    framework_id: FrameworkId,
    row: &ItemRow,
    nav: &mut Navigation,
) -> Option<SectionRequest> {
    let mut request = None;
    let reference = ItemRef::new(framework_id, &row.id);
    let selected = nav.selected.as_ref() == Some(&reference);
    let state_id = ui.make_persistent_id(("framework_item", framework_id.key(), &row.id));
    let mut state =
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), state_id, false);
    let reveal = selected && nav.reveal;
    if reveal {
        state.set_open(true);
        nav.reveal = false;
    }
    let mut toggle = false;
    let header = state.show_header(ui, |ui| {
        let id = egui::Button::selectable(selected, RichText::new(&row.id).strong().monospace());
        let response = ui.add(id).on_hover_text("Show or hide the details");
        if reveal {
            response.scroll_to_me(Some(egui::Align::TOP));
        }
        toggle = response.clicked();
        status_picker_ui(ui, doc, framework_id, row);
        // Markers before the name: the name is truncated to the width left, which would clip them.
        markers_ui(ui, doc.project(), framework_id, row);
        let name = if row.title.is_empty() {
            &row.label
        } else {
            &row.title
        };
        let preview: String = name.chars().take(110).collect();
        let ellipsis = if preview.len() < name.len() {
            "…"
        } else {
            ""
        };
        ui.add(egui::Label::new(format!("{preview}{ellipsis}")).truncate())
            .on_hover_text(name);
    });
    header.body(|ui| {
        if !row.title.is_empty() && row.label != row.title {
            ui.label(RichText::new(&row.label).italics());
        }
        if let Some(text) = quoted_text(framework_id, &row.id) {
            ui.label(text);
        }
        if !row.note.is_empty() {
            ui.label(RichText::new(&row.note).weak());
        }
        if framework_id == FrameworkId::EuAiAct && row.id == "Art. 5" {
            prohibitions_ui(ui);
        }
        if let Some(o) = &row.obligation {
            let verdict = if o.applies {
                "Applies"
            } else {
                "Does not apply"
            };
            ui.label(format!("{verdict}: {}", o.reason));
            if let Some(dates) = &o.dates {
                ui.label(format!("Applies from {}", dates.label()));
                if !dates.note.is_empty() {
                    ui.label(RichText::new(&dates.note).weak().small());
                }
            }
        }
        ui.add_space(4.0);
        request = details_ui(ui, doc, framework_id, row);
        related_ui(ui, doc, &reference, row, &mut nav.goto);
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

/// The framework's own text of an item when it may be quoted (NIST, EU AI Act) and differs from the label.
fn quoted_text(framework_id: FrameworkId, item_id: &str) -> Option<&'static str> {
    let item = framework(framework_id).ok()?.item(item_id)?;
    (!item.text.is_empty() && item.text != item.title).then_some(item.text.as_str())
}

fn status_picker_ui(ui: &mut Ui, doc: &mut Document, framework_id: FrameworkId, row: &ItemRow) {
    let mut chosen = row.status;
    let label = item_status_label(framework_id, &row.id);
    egui::ComboBox::from_id_salt(("framework_status", framework_id.key(), &row.id))
        .selected_text(RichText::new(row.status.label()).color(status_colour(ui, row.status)))
        .width(120.0)
        .show_ui(ui, |ui| {
            for s in ChecklistStatus::ALL {
                ui.selectable_value(&mut chosen, s, s.label());
            }
        })
        .response
        .on_hover_text(&label)
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, label.clone()));
    if chosen != row.status {
        let id = row.id.clone();
        doc.edit(|p| update(p, framework_id, &id, |e| e.status = chosen));
    }
}

/// Unverified, EU AI Act applicability, the number of links, evidence offered by related items.
fn markers_ui(ui: &mut Ui, project: &Project, framework_id: FrameworkId, row: &ItemRow) {
    if !row.verified {
        ui.label(RichText::new("unverified").color(theme::warn()))
            .on_hover_text(&row.note);
    }
    if let Some(o) = &row.obligation {
        let (text, hover) = match (o.applies, o.in_force) {
            (false, _) => ("does not apply", o.reason.clone()),
            (true, None) => ("applies", o.reason.clone()),
            (true, Some(f)) => (f.short_label(), format!("{}. {}", f.label(), o.reason)),
        };
        ui.label(RichText::new(text).weak()).on_hover_text(hover);
    }
    let e = &row.evidence;
    let links = e.risks.len()
        + e.audit_ids.len()
        + e.validation_ids.len()
        + e.drift_ids.len()
        + e.documents.len();
    if links > 0 {
        ui.label(RichText::new(format!("{links} linked")).weak())
            .on_hover_text("Linked risks, audits, validation suites, drift results and documents");
    }
    let offers = offers_to(project, &ItemRef::new(framework_id, &row.id)).len();
    if offers > 0 {
        ui.label(RichText::new(offers_marker(offers)).color(ui.visuals().hyperlink_color))
            .on_hover_text("Open the item to see what its related items have and apply it");
    }
}

/// Owner, notes, risks, audits, validation suites, drift results, documents.
fn details_ui(
    ui: &mut Ui,
    doc: &mut Document,
    framework_id: FrameworkId,
    row: &ItemRow,
) -> Option<SectionRequest> {
    let mut request = None;
    let item_id = row.id.clone();
    let reference = ItemRef::new(framework_id, &item_id);
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
                .add(
                    egui::TextEdit::singleline(&mut owner)
                        .desired_width(260.0)
                        .hint_text("Person or role responsible"),
                )
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
                        .desired_width(560.0)
                        .hint_text("How the item is met, or why it does not apply"),
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
            ui.horizontal_wrapped(|ui| request = risks_ui(ui, doc, &reference, row));
            ui.end_row();

            for kind in [Link::Audit, Link::Validation, Link::Drift] {
                ui.label(kind.heading());
                ui.horizontal_wrapped(|ui| links_ui(ui, doc, &reference, &entry, kind));
                ui.end_row();
            }

            ui.label("Documents");
            ui.vertical(|ui| documents_ui(ui, doc, &reference, &entry.documents));
            ui.end_row();
        });
    request
}

/// Linked risks (click one to open the register), an unlink button for hand links, a picker to link more.
fn risks_ui(
    ui: &mut Ui,
    doc: &mut Document,
    item: &ItemRef,
    row: &ItemRow,
) -> Option<SectionRequest> {
    let mut request = None;
    let mut unlink = None;
    for link in &row.evidence.risks {
        let exists = doc
            .project()
            .risks
            .iter()
            .any(|r| r.risk_id == link.risk_id);
        let name = risk_name(&doc.project().risks, &link.risk_id);
        if exists {
            let hint = if link.derived {
                "Linked by the risk's own subcategories or tags in the register; open the register"
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
            update(p, item.framework_id, &item.item_id, |e| {
                e.risk_ids.retain(|r| *r != risk_id);
            });
        });
    }
    let candidates: Vec<(String, String)> = doc
        .project()
        .risks
        .iter()
        .filter(|r| !row.evidence.risks.iter().any(|l| l.risk_id == r.risk_id))
        .map(|r| {
            (
                r.risk_id.clone(),
                risk_name(&doc.project().risks, &r.risk_id),
            )
        })
        .collect();
    if doc.project().risks.is_empty() {
        ui.label(RichText::new("No risks in the register yet").weak());
    }
    if let Some(risk_id) = picker_ui(ui, item, "a risk", "Link risk…", &candidates) {
        doc.edit(|p| {
            update(p, item.framework_id, &item.item_id, |e| {
                e.risk_ids.push(risk_id);
            });
        });
    }
    request
}

/// The kinds of evidence linked by id from a list of the project's saved things.
#[derive(Clone, Copy)]
enum Link {
    Audit,
    Validation,
    Drift,
}

impl Link {
    fn heading(self) -> &'static str {
        match self {
            Self::Audit => "Audits",
            Self::Validation => "Validation suites",
            Self::Drift => "Drift results",
        }
    }

    /// "an audit", for the picker's accessible name.
    fn what(self) -> &'static str {
        match self {
            Self::Audit => "an audit",
            Self::Validation => "a validation suite",
            Self::Drift => "a drift result",
        }
    }

    fn picker_text(self) -> &'static str {
        match self {
            Self::Audit => "Link audit…",
            Self::Validation => "Link validation suite…",
            Self::Drift => "Link drift result…",
        }
    }

    fn none_yet(self) -> &'static str {
        match self {
            Self::Audit => "No saved audits yet",
            Self::Validation => "No validation suites yet",
            Self::Drift => "No saved drift results yet",
        }
    }

    fn linked(self, entry: &ChecklistEntry) -> &[String] {
        match self {
            Self::Audit => &entry.audit_ids,
            Self::Validation => &entry.validation_ids,
            Self::Drift => &entry.drift_ids,
        }
    }

    fn list(self, entry: &mut ChecklistEntry) -> &mut Vec<String> {
        match self {
            Self::Audit => &mut entry.audit_ids,
            Self::Validation => &mut entry.validation_ids,
            Self::Drift => &mut entry.drift_ids,
        }
    }

    /// Every saved thing of this kind: (id, display name).
    fn all(self, project: &Project) -> Vec<(String, String)> {
        match self {
            Self::Audit => project
                .audits
                .iter()
                .map(|a| (a.audit_id.clone(), a.name.clone()))
                .collect(),
            Self::Validation => project
                .validation_suites
                .iter()
                .map(|s| (s.suite_id.clone(), validation_name(project, &s.suite_id)))
                .collect(),
            Self::Drift => project
                .drift
                .drifts
                .iter()
                .map(|d| (d.drift_id.clone(), drift_name(project, &d.drift_id)))
                .collect(),
        }
    }

    /// The display name of a linked id, and a short state of the result where the project keeps one.
    fn describe(self, project: &Project, id: &str) -> (String, Option<String>) {
        match self {
            Self::Audit => (audit_name(&project.audits, id).to_owned(), None),
            Self::Validation => (
                validation_name(project, id),
                project
                    .validation_suites
                    .iter()
                    .find(|s| s.suite_id == id)
                    .map(|s| {
                        format!(
                            "{} rule(s), run in Measure › Data validation",
                            s.rules.len()
                        )
                    }),
            ),
            Self::Drift => (
                drift_name(project, id),
                project
                    .drift
                    .drifts
                    .iter()
                    .find(|d| d.drift_id == id)
                    .map(|d| match &d.result {
                        Some(r) if r.dataset_drift => format!(
                            "dataset drift: {:.0} % of columns drifted",
                            r.drifted_share * 100.0
                        ),
                        Some(r) => format!(
                            "no dataset drift ({:.0} % of columns drifted)",
                            r.drifted_share * 100.0
                        ),
                        None => "not run yet".to_owned(),
                    }),
            ),
        }
    }

    fn exists(self, project: &Project, id: &str) -> bool {
        self.all(project).iter().any(|(i, _)| i == id)
    }
}

/// Linked audits, validation suites or drift results with an unlink button, and a picker to link more.
fn links_ui(ui: &mut Ui, doc: &mut Document, item: &ItemRef, entry: &ChecklistEntry, kind: Link) {
    let linked = kind.linked(entry).to_vec();
    let mut unlink = None;
    for id in &linked {
        let (name, state) = kind.describe(doc.project(), id);
        if kind.exists(doc.project(), id) {
            let response = ui.label(&name);
            if let Some(state) = state {
                response.on_hover_text(&state);
                ui.label(RichText::new(format!("({state})")).weak());
            }
        } else {
            ui.label(RichText::new(format!("{name} (missing)")).color(theme::error()));
        }
        if ui
            .small_button("✖")
            .on_hover_text(format!("Unlink {name}"))
            .clicked()
        {
            unlink = Some(id.clone());
        }
    }
    if let Some(id) = unlink {
        doc.edit(|p| {
            update(p, item.framework_id, &item.item_id, |e| {
                kind.list(e).retain(|x| *x != id);
            });
        });
    }
    let all = kind.all(doc.project());
    if all.is_empty() {
        ui.label(RichText::new(kind.none_yet()).weak());
        return;
    }
    let candidates: Vec<(String, String)> = all
        .into_iter()
        .filter(|(id, _)| !linked.contains(id))
        .collect();
    if let Some(id) = picker_ui(ui, item, kind.what(), kind.picker_text(), &candidates) {
        doc.edit(|p| {
            update(p, item.framework_id, &item.item_id, |e| {
                kind.list(e).push(id);
            });
        });
    }
}

/// A combo box of (id, name) candidates; the id picked, if any. Nothing is drawn without candidates.
fn picker_ui(
    ui: &mut Ui,
    item: &ItemRef,
    what: &str,
    text: &str,
    candidates: &[(String, String)],
) -> Option<String> {
    if candidates.is_empty() {
        return None;
    }
    let mut picked = None;
    let label = link_picker_label(what, item);
    egui::ComboBox::from_id_salt(("framework_link", what, item))
        .selected_text(text)
        .show_ui(ui, |ui| {
            for (id, name) in candidates {
                if ui.selectable_label(false, name).clicked() {
                    picked = Some(id.clone());
                }
            }
        })
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, label.clone()));
    picked
}

/// Free document references: edited in place (live edits), removed, added.
fn documents_ui(ui: &mut Ui, doc: &mut Document, item: &ItemRef, documents: &[String]) {
    let mut documents = documents.to_vec();
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
        update(doc.project_mut(), item.framework_id, &item.item_id, |e| {
            e.documents.clone_from(&documents);
        });
    }
    if let Some(i) = remove {
        doc.edit(|p| {
            update(p, item.framework_id, &item.item_id, |e| {
                if i < e.documents.len() {
                    e.documents.remove(i);
                }
            });
        });
    }
    if ui.button("Add document reference").clicked() {
        doc.edit(|p| {
            update(p, item.framework_id, &item.item_id, |e| {
                e.documents.push("New document".to_owned());
            });
        });
    }
}
