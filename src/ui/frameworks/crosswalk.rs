//! The crosswalk in an item's view: the related items of the other frameworks (NIST AI RMF ↔ EU AI Act ↔
//! ISO/IEC 42001 ↔ ISO/IEC 23894), each with the project's status of it and the basis of the relation
//! (published with its source, Riskbench judgement, or derived through a NIST subcategory), a button that
//! applies this item's evidence to it, and the evidence the related items offer to this one, applied with
//! one click. What is offered and applied comes from [`crate::model::frameworks::offer`].

use egui::{RichText, Ui};

use crate::model::Document;
use crate::model::frameworks::ItemRef;
use crate::model::frameworks::checklist::{ItemRow, checklist};
use crate::model::frameworks::crosswalk::Related;
use crate::model::frameworks::offer::{EvidenceOffer, apply, offer, offers_to};

/// Accessible name of the button that applies this item's evidence to the related item `to`.
#[must_use]
pub fn offer_evidence_label(to: &ItemRef) -> String {
    format!("Offer evidence to {to}")
}

/// Accessible name of the link on a related item that opens it in its own framework's checklist.
#[must_use]
pub fn open_related_label(item: &ItemRef) -> String {
    format!("Open {item}")
}

/// Accessible name of the button that applies the evidence offered by `from`.
#[must_use]
pub fn apply_offer_label(from: &ItemRef) -> String {
    format!("Apply evidence from {from}")
}

fn item_name(item: &ItemRef) -> String {
    item.item().map_or_else(
        || item.to_string(),
        |i| {
            let name = if i.title.is_empty() {
                &i.label
            } else {
                &i.title
            };
            let short: String = name.chars().take(90).collect();
            let ellipsis = if short.len() < name.len() { "…" } else { "" };
            format!("{item} — {short}{ellipsis}")
        },
    )
}

/// The offers of evidence made to `from`, then its related items (direct, then derived through NIST).
/// Clicking a related item's name sets `goto` to it: the screen then shows that item in its framework's tab.
pub(super) fn related_ui(
    ui: &mut Ui,
    doc: &mut Document,
    from: &ItemRef,
    row: &ItemRow,
    goto: &mut Option<ItemRef>,
) {
    let offers = offers_to(doc.project(), from);
    if !offers.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new("Evidence offered by related items").strong());
        for o in &offers {
            offer_row_ui(ui, doc, from, o);
        }
    }
    let direct: Vec<&Related> = row.related.iter().filter(|r| !r.function_level).collect();
    let function_level: Vec<&Related> = row.related.iter().filter(|r| r.function_level).collect();
    if !direct.is_empty() {
        ui.add_space(4.0);
        let gives: Vec<(ItemRef, EvidenceOffer)> = direct
            .iter()
            .map(|r| {
                (
                    r.item.clone(),
                    offer(doc.project(), from, &r.item, r.basis.clone()),
                )
            })
            .filter(|(_, o)| !o.is_empty())
            .collect();
        ui.horizontal(|ui| {
            ui.label(RichText::new("Related items (crosswalk)").strong());
            if gives.len() > 1
                && ui
                    .small_button(format!(
                        "Apply this item's evidence to all {} that lack some",
                        gives.len()
                    ))
                    .clicked()
            {
                doc.edit(|p| {
                    for (to, o) in &gives {
                        apply(p, to, o);
                    }
                });
            }
        });
        for r in direct {
            related_row_ui(ui, doc, from, r, goto);
        }
    }
    if !row.related_derived.is_empty() {
        egui::CollapsingHeader::new(format!(
            "Related through a NIST subcategory (derived, not published): {}",
            row.related_derived.len()
        ))
        .id_salt(("framework_derived", from))
        .show(ui, |ui| {
            for r in &row.related_derived {
                related_row_ui(ui, doc, from, r, goto);
            }
        });
    }
    if !function_level.is_empty() {
        let ids: Vec<String> = function_level.iter().map(|r| r.item.to_string()).collect();
        ui.label(
            RichText::new(format!(
                "For the whole function: {} ({})",
                ids.join(", "),
                function_level[0].basis.label()
            ))
            .weak()
            .small(),
        );
    }
}

fn related_row_ui(
    ui: &mut Ui,
    doc: &mut Document,
    from: &ItemRef,
    r: &Related,
    goto: &mut Option<ItemRef>,
) {
    ui.horizontal_wrapped(|ui| {
        let open = open_related_label(&r.item);
        let response = ui
            .link(item_name(&r.item))
            .on_hover_text(format!("Show {} in its checklist", r.item));
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, open.clone()));
        if response.clicked() {
            *goto = Some(r.item.clone());
        }
        let status = checklist(doc.project(), r.item.framework_id).status(&r.item.item_id);
        ui.label(RichText::new(format!("[{}]", status.label())).weak());
        ui.label(RichText::new(r.basis.label()).weak().small());
        let given = offer(doc.project(), from, &r.item, r.basis.clone());
        if given.is_empty() {
            return;
        }
        let response = ui
            .small_button(format!("Apply this item's evidence ({})", given.summary()))
            .on_hover_text(offer_evidence_label(&r.item));
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, offer_evidence_label(&r.item))
        });
        if response.clicked() {
            let to = r.item.clone();
            doc.edit(|p| apply(p, &to, &given));
        }
    });
}

fn offer_row_ui(ui: &mut Ui, doc: &mut Document, to: &ItemRef, o: &EvidenceOffer) {
    ui.horizontal_wrapped(|ui| {
        let ids: Vec<&str> = o
            .risk_ids
            .iter()
            .chain(&o.audit_ids)
            .chain(&o.validation_ids)
            .chain(&o.drift_ids)
            .chain(&o.documents)
            .map(String::as_str)
            .collect();
        ui.label(format!("{} has {} not linked here", o.from, o.summary()))
            .on_hover_text(ids.join(", "));
        ui.label(RichText::new(o.basis.label()).weak().small());
        let response = ui.button("Apply").on_hover_text(apply_offer_label(&o.from));
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, apply_offer_label(&o.from))
        });
        if response.clicked() {
            let to = to.clone();
            let o = o.clone();
            doc.edit(|p| apply(p, &to, &o));
        }
    });
}
