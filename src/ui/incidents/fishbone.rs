//! The fishbone tab: the core's layout painted on a canvas, selection by click or arrows, Tab adds a cause
//! (on a category: a cause on that bone; on a cause: a sub-cause), Enter adds a sibling, F2 edits inline, Del
//! deletes, 1–8 move the selected cause to that category; the inspector links the cause to the bow-tie
//! barrier that failed and the FMEA row that missed it.

use egui::{Key, Sense, Ui, Vec2};

use super::paint::{View, paint_drawing};
use super::{IncidentExport, IncidentPicture, IncidentsScreen, current_mut};
use crate::model::Document;
use crate::model::bowtie::LayoutOptions;
use crate::model::incident::fishbone_layout::{FishTarget, FishboneLayout, draw_layout, layout};
use crate::model::incident::{Fishbone, FishboneCategory, flags_for_barrier};
use crate::ui::screen::SectionRequest;
use crate::ui::theme;

fn box_label(laid: &FishboneLayout, target: &FishTarget) -> String {
    let text = laid
        .find(target)
        .map(|b| b.lines.join(" "))
        .unwrap_or_default();
    match target {
        FishTarget::Effect => format!("Effect: {text}"),
        FishTarget::Category(c) => format!("Category: {}", c.label()),
        FishTarget::Cause(id) => format!("Cause {id}: {text}"),
    }
}

pub(super) fn fishbone_ui(
    ui: &mut Ui,
    doc: &mut Document,
    st: &mut IncidentsScreen,
    id: &str,
    request: &mut Option<SectionRequest>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Keys: arrows select · Tab adds a cause (on a cause: a sub-cause) · Enter adds a sibling · F2 edits · Del deletes · 1–8 move to a category");
    });
    ui.horizontal(|ui| {
        if ui.button("Zoom in").clicked() {
            st.zoom = (st.zoom * 1.2).min(6.0);
        }
        if ui.button("Zoom out").clicked() {
            st.zoom = (st.zoom / 1.2).max(0.3);
        }
        if ui.button("Export fishbone as SVG or PNG…").clicked() {
            st.picture = IncidentPicture::Fishbone;
            *request = Some(SectionRequest::ExportIncident(IncidentExport::Picture(
                IncidentPicture::Fishbone,
            )));
        }
    });
    let Some(fish) = doc
        .project()
        .incidents
        .iter()
        .find(|i| i.incident_id == id)
        .map(|i| i.fishbone.clone())
    else {
        return;
    };
    let avail = ui.available_size();
    let side = 300.0_f32.min(avail.x / 2.5);
    ui.horizontal_top(|ui| {
        ui.allocate_ui(
            Vec2::new((avail.x - side - 16.0).max(100.0), avail.y),
            |ui| {
                egui::ScrollArea::both()
                    .id_salt("fishbone_scroll")
                    .auto_shrink(false)
                    .show(ui, |ui| {
                        canvas_ui(ui, doc, st, id, &fish);
                    });
            },
        );
        ui.allocate_ui_with_layout(
            Vec2::new(side, avail.y),
            egui::Layout::top_down(egui::Align::Min),
            |ui| {
                ui.set_width(side);
                egui::ScrollArea::vertical()
                    .id_salt("fishbone_inspector")
                    .show(ui, |ui| {
                        inspector_ui(ui, doc, st, id);
                    });
            },
        );
    });
}

fn canvas_ui(ui: &mut Ui, doc: &mut Document, st: &mut IncidentsScreen, id: &str, fish: &Fishbone) {
    let o = LayoutOptions::default();
    let laid = layout(fish, &o);
    let drawing = draw_layout(&laid, &o);
    let size = Vec2::new(laid.size.x * st.zoom, laid.size.y * st.zoom);
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    let canvas_id = response.id;
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "Fishbone canvas"));
    crate::ui::widgets::canvas_focus(ui, canvas_id, &mut st.focus_canvas);
    let view = View {
        origin: rect.min,
        zoom: st.zoom,
    };
    let painter = ui.painter_at(rect);
    paint_drawing(&painter, &drawing, view);
    let accent = theme::color(crate::model::palette::ACCENT);
    let mut clicked = None;
    let mut double = false;
    for (i, b) in laid.boxes.iter().enumerate() {
        let r = view.rect(b.rect);
        if st.fish_selected.as_ref() == Some(&b.target) {
            painter.rect_stroke(
                r,
                3.0,
                egui::Stroke::new(3.0, accent),
                egui::StrokeKind::Outside,
            );
        }
        let resp = ui.interact(r, ui.scope_id().with(("fish_box", i)), Sense::click());
        let label = box_label(&laid, &b.target);
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if resp.clicked() {
            clicked = Some(b.target.clone());
        }
        if resp.double_clicked() {
            clicked = Some(b.target.clone());
            double = true;
        }
    }
    if let Some(t) = clicked {
        st.fish_selected = Some(t);
        st.fish_editing = None;
        ui.memory_mut(|m| m.request_focus(canvas_id));
        if double {
            start_edit(doc, st, id);
        }
    }
    if let Some((target, mut text)) = st.fish_editing.take() {
        if let Some(b) = laid.find(&target) {
            let r = view.rect(b.rect).expand2(Vec2::new(30.0, 0.0));
            let edit_id = canvas_id.with("fish_inline_edit");
            let resp = ui.put(r, egui::TextEdit::singleline(&mut text).id(edit_id));
            if !resp.has_focus() && !resp.lost_focus() {
                resp.request_focus();
            }
            if resp.changed() && !text.trim().is_empty() {
                set_text(doc, id, &target, &text);
            }
            if resp.lost_focus() {
                doc.commit();
                ui.memory_mut(|m| m.request_focus(canvas_id));
            } else {
                st.fish_editing = Some((target, text));
            }
        }
        return;
    }
    if ui.memory(|m| m.has_focus(canvas_id)) {
        keyboard(ui, doc, st, id, &laid);
    }
}

fn set_text(doc: &mut Document, id: &str, target: &FishTarget, text: &str) {
    let Some(inc) = current_mut(doc, id) else {
        return;
    };
    match target {
        FishTarget::Effect => text.clone_into(&mut inc.fishbone.effect),
        FishTarget::Category(_) => {}
        FishTarget::Cause(cause_id) => {
            if let Some(c) = inc.fishbone.get_mut(cause_id) {
                text.clone_into(&mut c.text);
            }
        }
    }
}

fn start_edit(doc: &Document, st: &mut IncidentsScreen, id: &str) {
    let Some(target) = st.fish_selected.clone() else {
        return;
    };
    let Some(inc) = doc.project().incidents.iter().find(|i| i.incident_id == id) else {
        return;
    };
    let text = match &target {
        FishTarget::Effect => inc.fishbone.effect.clone(),
        FishTarget::Category(_) => return,
        FishTarget::Cause(c) => inc
            .fishbone
            .get(c)
            .map(|c| c.text.clone())
            .unwrap_or_default(),
    };
    st.fish_editing = Some((target, text));
}

/// The nearest box in the arrow's direction.
fn neighbour(laid: &FishboneLayout, from: &FishTarget, key: Key) -> Option<FishTarget> {
    let c = laid.find(from)?.rect.centre();
    crate::ui::widgets::nearest_in_direction(
        egui::pos2(c.x, c.y),
        laid.boxes.iter().filter(|b| b.target != *from).map(|b| {
            let p = b.rect.centre();
            (egui::pos2(p.x, p.y), b.target.clone())
        }),
        key,
    )
}

fn keyboard(
    ui: &Ui,
    doc: &mut Document,
    st: &mut IncidentsScreen,
    id: &str,
    laid: &FishboneLayout,
) {
    let crate::ui::widgets::CanvasKeys {
        tab,
        enter,
        f2,
        delete: del,
        arrow,
    } = crate::ui::widgets::CanvasKeys::take(ui);
    // Keys 1 to 8 move a cause to the category of that number.
    let digit = crate::ui::widgets::take_digit(ui, 1..=8).map(|d| usize::from(d - 1));
    let selected = st.fish_selected.clone().unwrap_or(FishTarget::Effect);
    if let Some(k) = arrow {
        st.fish_selected = neighbour(laid, &selected, k).or(Some(selected));
        return;
    }
    if f2 {
        start_edit(doc, st, id);
        return;
    }
    if let (Some(n), FishTarget::Cause(cause_id)) = (digit, &selected) {
        let category = FishboneCategory::ALL[n];
        doc.edit(|p| {
            if let Some(inc) = p.incidents.iter_mut().find(|i| i.incident_id == id)
                && let Some(c) = inc.fishbone.get_mut(cause_id)
            {
                c.category = category;
                c.parent_id = None;
            }
        });
        return;
    }
    if tab || enter {
        let added = doc.edit(|p| {
            let inc = p.incidents.iter_mut().find(|i| i.incident_id == id)?;
            let fish = &mut inc.fishbone;
            let (category, parent) = match &selected {
                FishTarget::Effect => (FishboneCategory::Data, None),
                FishTarget::Category(c) => (*c, None),
                FishTarget::Cause(cause_id) => {
                    let cause = fish.get(cause_id)?.clone();
                    if tab {
                        (cause.category, Some(cause.cause_id.clone()))
                    } else if fish.is_on_bone(&cause) {
                        (cause.category, None)
                    } else {
                        (cause.category, cause.parent_id.clone())
                    }
                }
            };
            let name = if parent.is_some() {
                "New sub-cause"
            } else {
                "New cause"
            };
            Some(fish.add(category, parent.as_deref(), name))
        });
        if let Some(new_id) = added {
            st.fish_selected = Some(FishTarget::Cause(new_id));
            start_edit(doc, st, id);
        }
        return;
    }
    if del && let FishTarget::Cause(cause_id) = &selected {
        let category = doc
            .project()
            .incidents
            .iter()
            .find(|i| i.incident_id == id)
            .and_then(|i| i.fishbone.get(cause_id))
            .map(|c| c.category);
        doc.edit(|p| {
            if let Some(inc) = p.incidents.iter_mut().find(|i| i.incident_id == id) {
                inc.fishbone.remove(cause_id);
            }
        });
        st.fish_selected = category
            .map(FishTarget::Category)
            .or(Some(FishTarget::Effect));
    }
}

fn inspector_ui(ui: &mut Ui, doc: &mut Document, st: &IncidentsScreen, id: &str) {
    ui.heading("Selected");
    let Some(FishTarget::Cause(cause_id)) = st.fish_selected.clone() else {
        match &st.fish_selected {
            Some(FishTarget::Category(c)) => {
                ui.label(format!(
                    "Category {} — Tab adds a cause on this bone",
                    c.label()
                ));
            }
            _ => {
                ui.label("The effect — F2 edits it, Tab adds a cause on the Data bone");
            }
        }
        return;
    };
    let project = doc.project();
    let barriers: Vec<(String, String)> = project
        .bowties
        .barriers
        .iter()
        .map(|b| (b.barrier_id.clone(), format!("{} {}", b.barrier_id, b.name)))
        .collect();
    let rows: Vec<String> = crate::model::consistency::fmea_row_ref_list(project);
    let Some(cause) = project
        .incidents
        .iter()
        .find(|i| i.incident_id == id)
        .and_then(|i| i.fishbone.get(&cause_id))
        .cloned()
    else {
        return;
    };
    let flags = cause
        .barrier_id
        .as_deref()
        .map(|b| flags_for_barrier(project, b))
        .unwrap_or_default();
    let mut text = cause.text.clone();
    let label = ui.label("Cause");
    if ui
        .text_edit_multiline(&mut text)
        .labelled_by(label.id)
        .changed()
    {
        set_text(doc, id, &FishTarget::Cause(cause_id.clone()), &text);
    }
    ui.label(format!(
        "{} · category {}",
        cause.cause_id,
        cause.category.label()
    ));
    let mut barrier = cause.barrier_id.clone();
    let shown = barrier.as_deref().map_or_else(
        || "None".to_owned(),
        |b| {
            barriers
                .iter()
                .find(|(id, _)| id == b)
                .map_or_else(|| format!("{b} (deleted)"), |(_, l)| l.clone())
        },
    );
    let label = ui.label("Failed barrier");
    egui::ComboBox::from_id_salt("fish_barrier")
        .selected_text(shown)
        .width(side_width(ui))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut barrier, None, "None");
            for (bid, l) in &barriers {
                ui.selectable_value(&mut barrier, Some(bid.clone()), l);
            }
        })
        .response
        .labelled_by(label.id);
    let mut row = cause.fmea_row.clone();
    let label = ui.label("FMEA row that missed it");
    egui::ComboBox::from_id_salt("fish_fmea")
        .selected_text(row.clone().unwrap_or_else(|| "None".to_owned()))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut row, None, "None");
            for r in &rows {
                ui.selectable_value(&mut row, Some(r.clone()), r);
            }
        })
        .response
        .labelled_by(label.id);
    if barrier != cause.barrier_id || row != cause.fmea_row {
        doc.edit(|p| {
            if let Some(c) = p
                .incidents
                .iter_mut()
                .find(|i| i.incident_id == id)
                .and_then(|i| i.fishbone.get_mut(&cause_id))
            {
                c.barrier_id = barrier;
                c.fmea_row = row;
            }
        });
    }
    for f in flags {
        ui.label(egui::RichText::new(format!("⚑ {f}")).color(theme::warn()));
    }
    if barriers.is_empty() {
        ui.label("The project has no barriers yet: add them on Manage › Bow-ties.");
    }
}

fn side_width(ui: &Ui) -> f32 {
    (ui.available_width() - 8.0).max(120.0)
}
