//! The bow-tie canvas: painting the core's layout with zoom and pan, selection, inline editing and the keyboard
//! (arrows, Tab adds a child, Enter a sibling, F2 edits, Del deletes).

use super::BowtieScreen;
use super::box_label;
use super::kind_fill;
use super::layout_options;
use crate::model::Document;
use crate::model::bowtie;
use crate::model::bowtie::BowTieLayout;
use crate::model::bowtie::BoxTarget;
use crate::model::bowtie::Colouring;
use crate::model::bowtie::Element;
use crate::model::bowtie::LineRef;
use crate::model::bowtie::Point;
use crate::model::bowtie::Side;
use crate::model::palette;
use crate::ui::theme;
use egui::Align2;
use egui::Key;
use egui::Modifiers;
use egui::Pos2;
use egui::Sense;
use egui::Stroke;
use egui::Ui;
use egui::Vec2;

/// The painted canvas with its mouse and keyboard handling.
#[expect(
    clippy::too_many_lines,
    reason = "one canvas pass: paint, hit-test and keys"
)]
pub(super) fn canvas_ui(ui: &mut Ui, doc: &mut Document, st: &mut BowtieScreen, bowtie_id: &str) {
    let options = layout_options(st);
    let Some(bt) = doc.project().bowties.bowtie(bowtie_id) else {
        return;
    };
    let laid: BowTieLayout = bowtie::layout(&doc.project().bowties, bt, &st.collapsed, &options);
    let colouring = Colouring::new(st.colour_by, doc.project().bowties.barriers_of(bt));
    let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    let canvas_id = response.id;
    crate::ui::widgets::canvas_focus(ui, canvas_id, &mut st.focus_canvas);
    if st.fit && rect.width() > 1.0 && laid.bounds.w > 0.0 {
        let z = ((rect.width() - 16.0) / laid.bounds.w)
            .min((rect.height() - 16.0) / laid.bounds.h.max(1.0))
            .clamp(0.2, 8.0);
        st.zoom = z;
        st.pan = Vec2::new(
            (rect.width() - laid.bounds.w * z) / 2.0,
            (rect.height() - laid.bounds.h * z) / 2.0,
        );
        st.fit = false;
    }
    let zoom = st.zoom;
    let origin = rect.min + st.pan;
    let to_screen = |p: Point| Pos2::new(origin.x + p.x * zoom, origin.y + p.y * zoom);
    let to_layout = |p: Pos2| Point::new((p.x - origin.x) / zoom, (p.y - origin.y) / zoom);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, theme::color(palette::BOWTIE_BACKGROUND));
    for c in &laid.connectors {
        let pts: Vec<Pos2> = c.points.iter().map(|p| to_screen(*p)).collect();
        painter.add(egui::Shape::line(
            pts,
            Stroke::new(1.2 * zoom.sqrt(), theme::color(palette::BOWTIE_LINE)),
        ));
    }
    let set = &doc.project().bowties;
    let outline = theme::color(palette::BOWTIE_OUTLINE);
    let accent = theme::color(palette::ACCENT);
    let mut clicked_box: Option<BoxTarget> = None;
    let mut double_clicked = false;
    let mut dropped: Option<(BoxTarget, BoxTarget)> = None;
    for (i, b) in laid.boxes.iter().enumerate() {
        let r = egui::Rect::from_min_max(
            to_screen(Point::new(b.rect.x, b.rect.y)),
            to_screen(Point::new(b.rect.right(), b.rect.bottom())),
        );
        let barrier = b.target.barrier_id().and_then(|id| set.barrier(id));
        let fill = barrier.map_or_else(|| kind_fill(b.kind), |br| colouring.fill(br));
        let fill_c = theme::color(fill);
        painter.rect_filled(r, 3.0 * zoom, fill_c);
        let selected = st.selected.as_ref() == Some(&b.target) || st.also.contains(&b.target);
        let stroke = if selected {
            Stroke::new(3.0, accent)
        } else {
            Stroke::new(1.0, outline)
        };
        painter.rect_stroke(r, 3.0 * zoom, stroke, egui::StrokeKind::Outside);
        let text_c = theme::color(fill.contrasting_text());
        let font = theme::bowtie_font(laid.font_size * zoom, b.bold);
        #[expect(clippy::cast_precision_loss, reason = "a handful of lines")]
        let first = r.center().y - (b.lines.len() as f32 - 1.0) * laid.line_height * zoom / 2.0;
        for (k, line) in b.lines.iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "a handful of lines")]
            let y = first + k as f32 * laid.line_height * zoom;
            painter.text(
                Pos2::new(r.center().x, y),
                Align2::CENTER_CENTER,
                line,
                font.clone(),
                text_c,
            );
        }
        if b.hidden_escalations > 0 {
            painter.text(
                r.right_bottom(),
                Align2::RIGHT_BOTTOM,
                format!("+{}", b.hidden_escalations),
                theme::bowtie_font(laid.font_size * zoom * 0.8, true),
                text_c,
            );
        }
        let label = box_label(b);
        let sense = if b.target.barrier_id().is_some() {
            Sense::click_and_drag()
        } else {
            Sense::click()
        };
        let resp = ui.interact(r, ui.scope_id().with(("bowtie_box", i)), sense);
        if resp.drag_stopped()
            && let Some(p) = resp.interact_pointer_pos()
        {
            let drop = laid.box_at(to_layout(p)).map(|d| d.target.clone());
            dropped = drop.map(|d| (b.target.clone(), d));
        } else if resp.dragged()
            && let Some(p) = resp.interact_pointer_pos()
        {
            let ghost = egui::Rect::from_center_size(p, r.size());
            ui.painter().rect_stroke(
                ghost,
                3.0,
                Stroke::new(2.0, accent),
                egui::StrokeKind::Outside,
            );
        }
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if resp.clicked() {
            clicked_box = Some(b.target.clone());
        }
        if resp.double_clicked() {
            clicked_box = Some(b.target.clone());
            double_clicked = true;
        }
        if let Some(br) = barrier {
            resp.on_hover_ui(|ui| {
                ui.strong(&br.name);
                ui.label(format!("Type: {}", br.barrier_type));
                ui.label(format!("Effectiveness: {}", br.effectiveness));
                ui.label(format!("Condition: {}", br.condition));
                ui.label(format!("Criticality: {}", br.criticality));
                if !br.owner.is_empty() {
                    ui.label(format!("Owner: {}", br.owner));
                }
            });
        }
    }
    st.selected_label = st
        .selected
        .as_ref()
        .and_then(|t| laid.find(t))
        .map(box_label)
        .unwrap_or_default();
    // Pan with the background, zoom with Ctrl + wheel.
    if response.dragged() && clicked_box.is_none() {
        st.pan += response.drag_delta();
    }
    if response.hovered() {
        let scroll = ui.input(|i| i.smooth_scroll_delta);
        let zoom_delta = ui.input(egui::InputState::zoom_delta);
        if (zoom_delta - 1.0).abs() > f32::EPSILON
            && let Some(p) = response.hover_pos()
        {
            let before = to_layout(p);
            st.zoom = (st.zoom * zoom_delta).clamp(0.2, 8.0);
            st.pan = p - rect.min - Vec2::new(before.x * st.zoom, before.y * st.zoom);
        } else if scroll != Vec2::ZERO {
            st.pan += scroll;
        }
    }
    if response.clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        clicked_box = laid.box_at(to_layout(p)).map(|b| b.target.clone());
    }
    if let Some((from, to)) = dropped
        && let Some(moved) = doc.edit(|p| move_to(&mut p.bowties, bowtie_id, &from, &to))
    {
        st.selected = Some(moved);
    }
    let adding = ui.input(|i| i.modifiers.command || i.modifiers.shift);
    if let Some(t) = clicked_box.clone()
        && adding
        && st.selected.is_some()
        && st.selected.as_ref() != Some(&t)
    {
        // Ctrl or Shift + click adds a box to the selection, or takes it out again.
        if let Some(i) = st.also.iter().position(|x| *x == t) {
            st.also.remove(i);
        } else {
            st.also.push(t);
        }
        ui.memory_mut(|m| m.request_focus(canvas_id));
    } else if let Some(t) = clicked_box {
        st.selected = Some(t);
        st.also.clear();
        st.editing = None;
        ui.memory_mut(|m| m.request_focus(canvas_id));
        if double_clicked {
            start_edit(doc, st);
        }
    }
    // Inline label editing over the box.
    if let Some((target, mut text)) = st.editing.take() {
        if let Some(b) = laid.find(&target) {
            let r = egui::Rect::from_min_max(
                to_screen(Point::new(b.rect.x, b.rect.y)),
                to_screen(Point::new(b.rect.right(), b.rect.bottom())),
            );
            let edit_id = canvas_id.with("inline_edit");
            // Never half hidden under the navigation or off the canvas: the canvas pans to bring it in.
            let wanted = r.expand2(Vec2::new(40.0, 0.0));
            let shift = super::canvas_fit::shift_into(wanted, rect);
            st.pan += shift;
            let resp = ui.put(
                wanted.translate(shift),
                egui::TextEdit::singleline(&mut text).id(edit_id),
            );
            if !resp.has_focus() && !resp.lost_focus() {
                resp.request_focus();
            }
            if resp.changed() && !text.trim().is_empty() {
                apply_text(doc, bowtie_id, &target, &text, false);
            }
            if resp.lost_focus() {
                apply_text(doc, bowtie_id, &target, &text, true);
                ui.memory_mut(|m| m.request_focus(canvas_id));
            } else {
                st.editing = Some((target, text));
            }
        }
        return;
    }
    if ui.memory(|m| m.has_focus(canvas_id)) {
        keyboard(ui, doc, st, bowtie_id, &laid);
    }
}

/// The element whose text a box shows.
pub(super) fn element_of(target: &BoxTarget) -> Element {
    match target {
        BoxTarget::Hazard => Element::Hazard,
        BoxTarget::TopEvent => Element::TopEvent,
        BoxTarget::Line(l) => Element::Line(l.clone()),
        BoxTarget::Barrier { barrier_id, .. } | BoxTarget::EscalationBarrier { barrier_id, .. } => {
            Element::Barrier(barrier_id.clone())
        }
        BoxTarget::EscalationFactor { factor_id, .. } => {
            Element::EscalationFactor(factor_id.clone())
        }
    }
}

/// Writes an inline edit: live keystrokes go straight to the project (one undo step per word), the final text
/// through the gate.
pub(super) fn apply_text(
    doc: &mut Document,
    bowtie_id: &str,
    target: &BoxTarget,
    text: &str,
    last: bool,
) {
    if text.trim().is_empty() {
        return;
    }
    let element = element_of(target);
    if last {
        doc.commit();
    } else {
        let _ = doc
            .project_mut()
            .bowties
            .set_text(bowtie_id, &element, text);
    }
}

/// Current text of the selected element, to start an inline edit with.
pub(super) fn start_edit(doc: &Document, st: &mut BowtieScreen) {
    let Some(target) = st.selected.clone() else {
        return;
    };
    let Some(bt) = st
        .current
        .as_ref()
        .and_then(|id| doc.project().bowties.bowtie(id))
    else {
        return;
    };
    let set = &doc.project().bowties;
    let text = match &target {
        BoxTarget::Hazard => bt.hazard.clone(),
        BoxTarget::TopEvent => bt.top_event.clone(),
        BoxTarget::Line(l) => bt.line(l).map(|p| p.name.clone()).unwrap_or_default(),
        BoxTarget::Barrier { barrier_id, .. } | BoxTarget::EscalationBarrier { barrier_id, .. } => {
            set.barrier(barrier_id)
                .map(|b| b.name.clone())
                .unwrap_or_default()
        }
        BoxTarget::EscalationFactor { factor_id, .. } => set
            .escalation_factor(factor_id)
            .map(|(_, f)| f.name.clone())
            .unwrap_or_default(),
    };
    st.editing = Some((target, text));
}

/// Arrows, Tab, Enter, F2 and Del on the focused canvas.
pub(super) fn keyboard(
    ui: &Ui,
    doc: &mut Document,
    st: &mut BowtieScreen,
    bowtie_id: &str,
    laid: &BowTieLayout,
) {
    let reorder = ui.input_mut(|i| {
        if i.consume_key(Modifiers::COMMAND, Key::ArrowLeft) {
            Some(false)
        } else if i.consume_key(Modifiers::COMMAND, Key::ArrowRight) {
            Some(true)
        } else {
            None
        }
    });
    if let (
        Some(later),
        Some(BoxTarget::Barrier {
            line,
            index,
            barrier_id,
        }),
    ) = (reorder, st.selected.clone())
    {
        let to = if later {
            index + 1
        } else {
            index.saturating_sub(1)
        };
        let moved = to != index
            && doc
                .edit(|p| p.bowties.move_barrier(bowtie_id, &line, index, &line, to))
                .is_ok();
        if moved {
            st.selected = Some(BoxTarget::Barrier {
                line,
                index: to,
                barrier_id,
            });
        }
        return;
    }
    let crate::ui::widgets::CanvasKeys {
        tab,
        enter,
        f2,
        delete: del,
        arrow,
    } = crate::ui::widgets::CanvasKeys::take(ui);
    let selected = st.selected.clone().unwrap_or(BoxTarget::TopEvent);
    if let Some(k) = arrow {
        st.selected = neighbour(laid, &selected, k).or(Some(selected));
        return;
    }
    if f2 {
        start_edit(doc, st);
        return;
    }
    if tab || enter {
        let added = doc.edit(|p| add_for(&mut p.bowties, bowtie_id, &selected, tab));
        if let Some(t) = added {
            st.selected = Some(t);
            start_edit(doc, st);
        }
        return;
    }
    if del {
        let mut targets: Vec<BoxTarget> =
            std::iter::once(selected).chain(st.also.drain(..)).collect();
        // Later positions first, so removing one does not shift the others.
        targets.sort_by_key(|t| std::cmp::Reverse(target_index(t)));
        let removed = doc.edit(|p| {
            targets
                .iter()
                .filter(|t| delete(&mut p.bowties, bowtie_id, t))
                .count()
        });
        if removed > 0 {
            st.selected = Some(BoxTarget::TopEvent);
        }
    }
}

/// Moves the barrier of `from` to where `to` stands (before that barrier, or at the end of that line);
/// returns its new box.
pub(super) fn move_to(
    set: &mut bowtie::BowTieSet,
    bowtie_id: &str,
    from: &BoxTarget,
    to: &BoxTarget,
) -> Option<BoxTarget> {
    let BoxTarget::Barrier {
        line,
        index,
        barrier_id,
    } = from
    else {
        return None;
    };
    let (to_line, to_index) = match to {
        BoxTarget::Barrier {
            line: l, index: i, ..
        } => (l.clone(), *i),
        BoxTarget::Line(l) => {
            let len = set.bowtie(bowtie_id)?.line(l)?.barrier_ids.len();
            let len = if l == line {
                len.saturating_sub(1)
            } else {
                len
            };
            (l.clone(), len)
        }
        _ => return None,
    };
    set.move_barrier(bowtie_id, line, *index, &to_line, to_index)
        .ok()
        .map(|()| BoxTarget::Barrier {
            line: to_line,
            index: to_index,
            barrier_id: barrier_id.clone(),
        })
}

/// The nearest box in the arrow's direction.
pub(super) fn neighbour(laid: &BowTieLayout, from: &BoxTarget, key: Key) -> Option<BoxTarget> {
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

/// Adds a child (`child`, Tab) or a sibling (Enter) of `target`; returns the new box. On the hazard or top
/// event Tab adds a threat and Enter a consequence.
pub(super) fn add_for(
    set: &mut bowtie::BowTieSet,
    bowtie_id: &str,
    target: &BoxTarget,
    child: bool,
) -> Option<BoxTarget> {
    let barrier_on = |set: &mut bowtie::BowTieSet, line: &LineRef, index: usize| {
        set.insert_barrier(bowtie_id, line, index, "New barrier")
            .ok()
            .map(|barrier_id| BoxTarget::Barrier {
                line: line.clone(),
                index,
                barrier_id,
            })
    };
    match target {
        BoxTarget::Hazard | BoxTarget::TopEvent if child => set
            .add_threat(bowtie_id, "New threat")
            .ok()
            .map(BoxTarget::Line),
        BoxTarget::Hazard | BoxTarget::TopEvent => set
            .add_consequence(bowtie_id, "New consequence")
            .ok()
            .map(BoxTarget::Line),
        BoxTarget::Line(line) if child => {
            let len = set.bowtie(bowtie_id)?.line(line)?.barrier_ids.len();
            barrier_on(set, line, len)
        }
        BoxTarget::Line(line) => {
            let at = set.bowtie(bowtie_id)?.line_index(line)? + 1;
            let name = match line.side {
                Side::Threat => "New threat",
                Side::Consequence => "New consequence",
            };
            set.insert_line(bowtie_id, line.side, at, name)
                .ok()
                .map(BoxTarget::Line)
        }
        BoxTarget::Barrier { line, index, .. } => barrier_on(set, line, index + 1),
        BoxTarget::EscalationFactor { factor_id, .. } => set
            .add_escalation_barrier(factor_id, "New barrier")
            .ok()
            .map(|_| target.clone()),
        BoxTarget::EscalationBarrier { .. } => None,
    }
}

/// Deletes the element of `target` from this bow-tie; whether something was removed.
/// The position of a box along its line (0 for boxes that are not in a line), for ordering deletions.
pub(super) fn target_index(target: &BoxTarget) -> usize {
    match target {
        BoxTarget::Barrier { index, .. } => *index,
        BoxTarget::EscalationBarrier { barrier_index, .. } => *barrier_index,
        _ => 0,
    }
}

pub(super) fn delete(set: &mut bowtie::BowTieSet, bowtie_id: &str, target: &BoxTarget) -> bool {
    match target {
        BoxTarget::Line(line) => set.remove_line(bowtie_id, line).is_ok(),
        BoxTarget::Barrier { line, index, .. } => {
            set.remove_barrier_at(bowtie_id, line, *index).is_ok()
        }
        BoxTarget::EscalationFactor { factor_id, .. } => {
            set.remove_escalation_factor(factor_id).is_ok()
        }
        BoxTarget::EscalationBarrier {
            factor_id,
            barrier_index,
            ..
        } => set
            .remove_escalation_barrier_at(factor_id, *barrier_index)
            .is_ok(),
        BoxTarget::Hazard | BoxTarget::TopEvent => false,
    }
}
