//! The side pane of the bow-tie editor: details of the bow-tie, the inspector of the selected element (with
//! shared barriers and controls) and the warnings.

use super::BowtieScreen;
use super::canvas::start_edit;
use crate::model::Document;
use crate::model::bowtie;
use crate::model::bowtie::BarrierCondition;
use crate::model::bowtie::BarrierType;
use crate::model::bowtie::BoxTarget;
use crate::model::bowtie::Criticality;
use crate::model::bowtie::Effectiveness;
use crate::model::bowtie::Element;
use crate::model::bowtie::LineRef;
use crate::ui::theme;
use egui::Sense;
use egui::Ui;
use std::collections::BTreeSet;

/// The bow-tie's title, hazard, top event and linked register risks.
pub(super) fn details_ui(ui: &mut Ui, doc: &mut Document, bowtie_id: &str) {
    let Some(bt) = doc.project().bowties.bowtie(bowtie_id).cloned() else {
        return;
    };
    ui.heading("Bow-tie");
    egui::Grid::new("bowtie_details")
        .num_columns(2)
        .show(ui, |ui| {
            for (label, element, value) in [
                ("Title", Element::Title, bt.title.clone()),
                ("Hazard", Element::Hazard, bt.hazard.clone()),
                ("Top event", Element::TopEvent, bt.top_event.clone()),
            ] {
                ui.label(label);
                let mut text = value;
                let resp = ui.add(egui::TextEdit::multiline(&mut text).desired_rows(1));
                resp.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::TextInput,
                        true,
                        format!("Bow-tie {label}"),
                    )
                });
                // An empty title is refused by the core; the field then keeps the previous one.
                if resp.changed() {
                    let _ = doc
                        .project_mut()
                        .bowties
                        .set_text(bowtie_id, &element, &text);
                }
                ui.end_row();
            }
        });
    ui.label("Linked risks");
    let mut unlink = None;
    for risk_id in &bt.risk_ids {
        ui.horizontal(|ui| {
            let title = doc
                .project()
                .risks
                .iter()
                .find(|r| &r.risk_id == risk_id)
                .map_or("(not in the register)", |r| r.title.as_str());
            if ui.small_button("✕").on_hover_text("Unlink").clicked() {
                unlink = Some(risk_id.clone());
            }
            ui.add(egui::Label::new(format!("{risk_id} {title}")).truncate());
        });
    }
    if let Some(risk_id) = unlink {
        doc.edit(|p| bowtie::unlink_risk(p, bowtie_id, &risk_id));
    }
    let mut link = None;
    egui::ComboBox::from_id_salt("bowtie_link_risk")
        .selected_text("Link a register risk…")
        .width(240.0)
        .show_ui(ui, |ui| {
            for r in &doc.project().risks {
                if !bt.risk_ids.contains(&r.risk_id)
                    && ui
                        .selectable_label(false, format!("{} {}", r.risk_id, r.title))
                        .clicked()
                {
                    link = Some(r.risk_id.clone());
                }
            }
        });
    if let Some(risk_id) = link {
        let _ = doc.edit(|p| bowtie::link_risk(p, bowtie_id, &risk_id));
    }
}

/// The inspector when several boxes are selected: how many, and the effectiveness of all selected barriers
/// in one step. Del deletes them all.
pub(super) fn multi_ui(ui: &mut Ui, doc: &mut Document, st: &BowtieScreen, primary: &BoxTarget) {
    let barrier_ids: BTreeSet<String> = std::iter::once(primary)
        .chain(&st.also)
        .filter_map(|t| t.barrier_id().map(str::to_owned))
        .collect();
    ui.label(format!(
        "{} boxes selected ({} barriers). Del deletes them; Ctrl or Shift + click adds or removes a box.",
        st.also.len() + 1,
        barrier_ids.len()
    ));
    if barrier_ids.is_empty() {
        return;
    }
    let label = ui.label("Effectiveness of the selected barriers");
    let mut chosen = None;
    egui::ComboBox::from_id_salt("bowtie_multi_effectiveness")
        .selected_text("Set…")
        .show_ui(ui, |ui| {
            for e in Effectiveness::ALL {
                if ui.selectable_label(false, e.label()).clicked() {
                    chosen = Some(*e);
                }
            }
        })
        .response
        .labelled_by(label.id);
    if let Some(effectiveness) = chosen {
        doc.edit(|p| {
            for id in &barrier_ids {
                if let Some(b) = p.bowties.barrier_mut(id) {
                    b.effectiveness = effectiveness;
                }
            }
        });
    }
}

/// The inspector of the selected element.
pub(super) fn inspector_ui(
    ui: &mut Ui,
    doc: &mut Document,
    st: &mut BowtieScreen,
    bowtie_id: &str,
) {
    ui.heading("Selected");
    let Some(target) = st.selected.clone() else {
        ui.label("Click a box to select it.");
        return;
    };
    if !st.also.is_empty() {
        multi_ui(ui, doc, st, &target);
        return;
    }
    // A barrier's inspector offers the barrier's own actions, not a new consequence of the top event.
    if target.barrier_id().is_none()
        && ui.button("Add consequence").clicked()
        && let Some(line) =
            doc.edit(|p| p.bowties.add_consequence(bowtie_id, "New consequence").ok())
    {
        st.selected = Some(BoxTarget::Line(line));
        start_edit(doc, st);
        return;
    }
    if let BoxTarget::Line(line) = &target {
        share_picker_ui(ui, doc, st, bowtie_id, line);
    }
    let Some(barrier_id) = target.barrier_id().map(str::to_owned) else {
        ui.label(&st.selected_label);
        ui.label(
            "F2 edits the text, Tab adds a child (a threat on the top event), Enter a sibling (a consequence on \
             the top event), Ctrl+← / Ctrl+→ move a barrier, Del deletes.",
        );
        return;
    };
    let Some(barrier) = doc.project().bowties.barrier(&barrier_id).cloned() else {
        return;
    };
    ui.add(
        egui::Label::new(
            egui::RichText::new(format!("{} {}", barrier.barrier_id, barrier.name)).strong(),
        )
        .wrap(),
    );
    // Incidents whose fishbone names this barrier as one that failed (Manage › Incidents).
    for flag in crate::model::incident::flags_for_barrier(doc.project(), &barrier_id) {
        ui.label(egui::RichText::new(format!("⚑ {flag}")).color(crate::ui::theme::warn()));
    }
    let mut changed = barrier.clone();
    egui::Grid::new("bowtie_barrier_grid")
        .num_columns(2)
        .show(ui, |ui| {
            attribute_combo(
                ui,
                "Barrier type",
                &mut changed.barrier_type,
                BarrierType::ALL,
            );
            attribute_combo(
                ui,
                "Effectiveness",
                &mut changed.effectiveness,
                Effectiveness::ALL,
            );
            attribute_combo(
                ui,
                "Condition",
                &mut changed.condition,
                BarrierCondition::ALL,
            );
            attribute_combo(
                ui,
                "Criticality",
                &mut changed.criticality,
                Criticality::ALL,
            );
            ui.label("Owner");
            ui.text_edit_singleline(&mut changed.owner);
            ui.end_row();
        });
    if changed != barrier {
        let owner_only = changed.owner != barrier.owner;
        let apply = |p: &mut crate::model::Project| {
            if let Some(b) = p.bowties.barrier_mut(&barrier_id) {
                *b = changed.clone();
            }
        };
        if owner_only {
            apply(doc.project_mut());
        } else {
            doc.edit(apply);
        }
    }
    control_picker_ui(ui, doc, &barrier_id, barrier.control.as_ref());
    let used = doc.project().bowties.bowties_using(&barrier_id);
    if used.len() > 1 {
        ui.label(format!("Also used in: {}", used.join(", ")));
    }
    if let Some(parent) = barrier
        .escalation_factors
        .first()
        .map(|_| barrier_id.clone())
    {
        let collapsed = st.collapsed.contains(&parent);
        if ui
            .button(if collapsed {
                "Expand escalation"
            } else {
                "Collapse escalation"
            })
            .clicked()
        {
            if collapsed {
                st.collapsed.remove(&parent);
            } else {
                st.collapsed.insert(parent);
            }
        }
    }
    if ui.button("Add escalation factor").clicked() {
        let _ = doc.edit(|p| {
            p.bowties
                .add_escalation_factor(&barrier_id, "New escalation factor")
        });
    }
}

/// Puts a barrier of the library (from any bow-tie) at the end of `line`: one barrier, edited once.
pub(super) fn share_picker_ui(
    ui: &mut Ui,
    doc: &mut Document,
    st: &mut BowtieScreen,
    bowtie_id: &str,
    line: &LineRef,
) {
    let on_line: Vec<String> = doc
        .project()
        .bowties
        .bowtie(bowtie_id)
        .and_then(|b| b.line(line))
        .map(|p| p.barrier_ids.clone())
        .unwrap_or_default();
    let mut chosen = None;
    egui::ComboBox::from_id_salt("bowtie_share_barrier")
        .selected_text("Add an existing barrier…")
        .width(240.0)
        .show_ui(ui, |ui| {
            for b in &doc.project().bowties.barriers {
                if !on_line.contains(&b.barrier_id)
                    && ui
                        .selectable_label(false, format!("{} {}", b.barrier_id, b.name))
                        .clicked()
                {
                    chosen = Some(b.barrier_id.clone());
                }
            }
        });
    if let Some(barrier_id) = chosen
        && doc
            .edit(|p| {
                p.bowties
                    .share_barrier(bowtie_id, line, on_line.len(), &barrier_id)
            })
            .is_ok()
    {
        st.selected = Some(BoxTarget::Barrier {
            line: line.clone(),
            index: on_line.len(),
            barrier_id,
        });
    }
}

/// Links the barrier to a control of a register risk.
pub(super) fn control_picker_ui(
    ui: &mut Ui,
    doc: &mut Document,
    barrier_id: &str,
    current: Option<&bowtie::ControlRef>,
) {
    let shown = current.map_or_else(
        || "None".to_owned(),
        |c| format!("{}: {}", c.risk_id, c.control_name),
    );
    let mut chosen: Option<Option<bowtie::ControlRef>> = None;
    ui.horizontal(|ui| {
        ui.label("Register control");
        egui::ComboBox::from_id_salt("bowtie_control")
            .selected_text(shown)
            .width(200.0)
            .show_ui(ui, |ui| {
                if ui.selectable_label(current.is_none(), "None").clicked() {
                    chosen = Some(None);
                }
                for r in &doc.project().risks {
                    for c in &r.controls {
                        let this = bowtie::ControlRef {
                            risk_id: r.risk_id.clone(),
                            control_name: c.name.clone(),
                        };
                        let text = format!("{}: {}", r.risk_id, c.name);
                        if ui.selectable_label(current == Some(&this), text).clicked() {
                            chosen = Some(Some(this));
                        }
                    }
                }
            });
    });
    if let Some(control) = chosen {
        doc.edit(|p| {
            if let Some(b) = p.bowties.barrier_mut(barrier_id) {
                b.control = control;
            }
        });
    }
}

/// One labelled attribute picker in the inspector grid (accessible as a combo box named `label`).
pub(super) fn attribute_combo<T: Copy + PartialEq + std::fmt::Display>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    all: &[T],
) {
    // Never wrapped inside a word ("Effecti veness"): the column takes the label's width.
    ui.add(egui::Label::new(label).extend());
    egui::ComboBox::from_id_salt(("bowtie_attribute", label))
        .selected_text(value.to_string())
        .show_ui(ui, |ui| {
            for v in all {
                ui.selectable_value(value, *v, v.to_string());
            }
        })
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, label));
    ui.end_row();
}

/// Warnings as the analyst works; a click selects the element.
pub(super) fn warnings_ui(ui: &mut Ui, doc: &Document, st: &mut BowtieScreen, bowtie_id: &str) {
    let Some(bt) = doc.project().bowties.bowtie(bowtie_id) else {
        return;
    };
    let warnings = doc.project().bowties.warnings(bt, &doc.project().risks);
    ui.heading(format!("Warnings ({})", warnings.len()));
    for w in warnings {
        let resp = ui.add(
            egui::Label::new(egui::RichText::new(format!("⚠ {w}")).color(theme::warn()))
                .sense(Sense::click()),
        );
        if resp.clicked()
            && let Some(element) = w.element()
        {
            st.selected = match element {
                Element::Hazard => Some(BoxTarget::Hazard),
                Element::Line(l) => Some(BoxTarget::Line(l)),
                Element::Barrier(id) => first_place(doc, bowtie_id, &id),
                Element::TopEvent | Element::Title | Element::EscalationFactor(_) => {
                    Some(BoxTarget::TopEvent)
                }
            };
        }
    }
}

/// The first box of a barrier in this bow-tie.
pub(super) fn first_place(doc: &Document, bowtie_id: &str, barrier_id: &str) -> Option<BoxTarget> {
    doc.project()
        .bowties
        .barrier_places(barrier_id)
        .into_iter()
        .find_map(|p| match p {
            bowtie::BarrierPlace::Line {
                bowtie_id: b,
                line,
                index,
            } if b == bowtie_id => Some(BoxTarget::Barrier {
                line,
                index,
                barrier_id: barrier_id.to_owned(),
            }),
            _ => None,
        })
}
