//! Manage › Bow-ties: the list of bow-ties, the interactive canvas and the inspector of the selected element.
//!
//! The canvas paints the core's automatic layout ([`crate::model::bowtie::layout`]) with zoom and pan; it never
//! places boxes itself. Selection, inline editing and the keyboard (arrows, Tab adds a child, Enter a sibling,
//! F2 edits, Del deletes) work on the layout's [`BoxTarget`]s, and every edit goes through the [`Document`]
//! mutation gate so undo and redo work. The view state (current bow-tie, selection, zoom) lives in egui memory.

use std::collections::BTreeSet;

use egui::{Align2, Key, Modifiers, Pos2, Sense, Stroke, Ui, Vec2};

use super::sections::SectionRequest;
use super::theme;
use crate::model::Document;
use crate::model::bowtie::{
    self, BarrierCondition, BarrierType, BowTieLayout, BoxKind, BoxTarget, ColourBy, Colouring,
    Criticality, Effectiveness, Element, LayoutOptions, LineRef, Point, Side,
};
use crate::model::palette;

/// The view state of the screen, kept in egui memory between frames.
#[derive(Clone, Debug)]
struct ViewState {
    /// The bow-tie shown.
    current: Option<String>,
    /// The selected box.
    selected: Option<BoxTarget>,
    /// Further boxes selected with Ctrl or Shift + click (multi-select).
    also: Vec<BoxTarget>,
    /// The box whose label is being edited, with the text typed so far.
    editing: Option<(BoxTarget, String)>,
    /// Screen points per layout point.
    zoom: f32,
    /// Offset of the layout origin from the canvas's top-left corner, in screen points.
    pan: Vec2,
    /// Fit the diagram to the canvas on the next frame.
    fit: bool,
    /// What colours barrier boxes.
    colour_by: ColourBy,
    /// Barriers whose escalation branches are collapsed.
    collapsed: BTreeSet<String>,
    /// Large text, no side panels.
    presentation: bool,
    /// Title typed for a new bow-tie.
    new_title: String,
    /// What the selected box shows, as the canvas described it last frame.
    selected_label: String,
    /// Give the canvas keyboard focus on the next frame (after creating a bow-tie).
    focus_canvas: bool,
}

impl Default for ViewState {
    fn default() -> Self {
        Self {
            current: None,
            selected: None,
            also: Vec::new(),
            editing: None,
            zoom: 1.5,
            pan: Vec2::splat(8.0),
            fit: true,
            colour_by: ColourBy::default(),
            collapsed: BTreeSet::new(),
            presentation: false,
            new_title: String::new(),
            selected_label: String::new(),
            focus_canvas: true,
        }
    }
}

fn state_id() -> egui::Id {
    egui::Id::unique("riskbench_bowtie_view")
}

/// Draws the Bow-ties screen.
pub fn bowtie_ui(ui: &mut Ui, doc: &mut Document) -> Option<SectionRequest> {
    let mut st: ViewState = ui.data_mut(|d| d.get_temp(state_id())).unwrap_or_default();
    if ui.input(|i| i.key_pressed(Key::F11)) {
        st.presentation = !st.presentation;
        st.fit = true;
    }
    let ids: Vec<String> = doc
        .project()
        .bowties
        .diagrams
        .iter()
        .map(|b| b.bowtie_id.clone())
        .collect();
    if st.current.as_ref().is_none_or(|c| !ids.contains(c)) {
        st.current = ids.first().cloned();
        st.selected = Some(BoxTarget::TopEvent);
        st.editing = None;
        st.fit = true;
    }
    if !st.presentation {
        list_ui(ui, doc, &mut st);
        ui.separator();
    }
    let mut request = None;
    toolbar_ui(ui, doc, &mut st, &mut request);
    if let Some(id) = st.current.clone() {
        if st.presentation {
            canvas_ui(ui, doc, &mut st, &id);
        } else {
            let avail = ui.available_size();
            let side = 320.0_f32.min(avail.x / 2.0);
            let gap = ui.spacing().item_spacing.x;
            let canvas_width = (avail.x - side - 4.0 * gap).max(100.0);
            ui.horizontal_top(|ui| {
                ui.allocate_ui(Vec2::new(canvas_width, avail.y), |ui| {
                    canvas_ui(ui, doc, &mut st, &id);
                });
                let down = egui::Layout::top_down(egui::Align::Min);
                ui.allocate_ui_with_layout(Vec2::new(side, avail.y), down, |ui| {
                    ui.set_width(side - gap);
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
                    egui::ScrollArea::vertical()
                        .auto_shrink(false)
                        .show(ui, |ui| {
                            // Room for the scroll bar, so nothing runs past the window's edge.
                            ui.set_max_width(side - 2.0 * gap - 36.0);
                            details_ui(ui, doc, &id);
                            ui.separator();
                            inspector_ui(ui, doc, &mut st, &id);
                            ui.separator();
                            warnings_ui(ui, doc, &mut st, &id);
                        });
                });
            });
        }
    } else {
        ui.label("No bow-tie yet: create one above.");
    }
    ui.data_mut(|d| d.insert_temp(state_id(), st));
    request
}

/// The bow-tie list: choose, create (blank or from the example), rename, delete.
fn list_ui(ui: &mut Ui, doc: &mut Document, st: &mut ViewState) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Bow-tie:");
        let current_title = st
            .current
            .as_ref()
            .and_then(|id| doc.project().bowties.bowtie(id))
            .map_or_else(
                || "None".to_owned(),
                |b| format!("{} {}", b.bowtie_id, b.title),
            );
        egui::ComboBox::from_id_salt("bowtie_choice")
            .selected_text(current_title)
            .width(320.0)
            .show_ui(ui, |ui| {
                for b in &doc.project().bowties.diagrams {
                    let text = format!("{} {}", b.bowtie_id, b.title);
                    if ui
                        .selectable_label(st.current.as_deref() == Some(&b.bowtie_id), text)
                        .clicked()
                    {
                        st.current = Some(b.bowtie_id.clone());
                        st.selected = Some(BoxTarget::TopEvent);
                        st.editing = None;
                        st.fit = true;
                    }
                }
            });
        ui.add(
            egui::TextEdit::singleline(&mut st.new_title)
                .hint_text("Title of a new bow-tie")
                .desired_width(200.0),
        );
        if ui.button("New bow-tie").clicked() {
            let title = if st.new_title.trim().is_empty() {
                "New bow-tie".to_owned()
            } else {
                st.new_title.trim().to_owned()
            };
            if let Ok(id) = doc.edit(|p| p.bowties.new_bowtie(&title)) {
                st.current = Some(id);
                st.selected = Some(BoxTarget::TopEvent);
                st.new_title.clear();
                st.fit = true;
                st.focus_canvas = true;
            }
        }
        if ui.button("New from example").clicked()
            && let Ok(id) = doc.edit(|p| bowtie::add_example(&mut p.bowties, None))
        {
            st.current = Some(id);
            st.selected = Some(BoxTarget::TopEvent);
            st.fit = true;
            st.focus_canvas = true;
        }
        if let Some(id) = st.current.clone()
            && ui.button("Delete bow-tie").clicked()
        {
            // Undo brings it back, so no confirmation is asked.
            let _ = doc.edit(|p| bowtie::delete_bowtie(p, &id));
            st.current = None;
        }
    });
}

/// Colour-by, legend, collapse, zoom, fit and presentation mode.
fn toolbar_ui(
    ui: &mut Ui,
    doc: &Document,
    st: &mut ViewState,
    request: &mut Option<SectionRequest>,
) {
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::from_label("Colour barriers by")
            .selected_text(st.colour_by.label())
            .show_ui(ui, |ui| {
                for by in ColourBy::ALL {
                    ui.selectable_value(&mut st.colour_by, by, by.label());
                }
            });
        if let Some(bt) = st
            .current
            .as_ref()
            .and_then(|id| doc.project().bowties.bowtie(id))
        {
            let set = &doc.project().bowties;
            let colouring = Colouring::new(st.colour_by, set.barriers_of(bt));
            for entry in colouring.legend() {
                let (rect, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
                ui.painter()
                    .rect_filled(rect, 2.0, theme::color(entry.fill));
                ui.label(entry.label);
            }
        }
        ui.separator();
        if ui.button("Fit to window").clicked() {
            st.fit = true;
        }
        if ui.button("Zoom in").clicked() {
            st.zoom = (st.zoom * 1.2).min(8.0);
        }
        if ui.button("Zoom out").clicked() {
            st.zoom = (st.zoom / 1.2).max(0.2);
        }
        if ui.button("Export SVG or PNG…").clicked() {
            *request = Some(SectionRequest::ExportBowtie);
        }
        if ui.button("Expand all").clicked() {
            st.collapsed.clear();
        }
        let label = if st.presentation {
            "Leave presentation (F11)"
        } else {
            "Presentation (F11)"
        };
        if ui.button(label).clicked() {
            st.presentation = !st.presentation;
            st.fit = true;
        }
    });
}

fn layout_options(st: &ViewState) -> LayoutOptions {
    let mut o = LayoutOptions::default();
    if st.presentation {
        o.font_size = 11.0;
        o.barrier_width = 120.0;
        o.event_width = 150.0;
        o.centre_width = 160.0;
    }
    o
}

/// Short readable label of a box, for accessibility and tooltips.
fn box_label(b: &bowtie::LayoutBox) -> String {
    let text = b.lines.join(" ");
    let kind = match b.kind {
        BoxKind::Hazard => "Hazard",
        BoxKind::TopEvent => "Top event",
        BoxKind::Threat => "Threat",
        BoxKind::Consequence => "Consequence",
        BoxKind::PreventiveBarrier => "Preventive barrier",
        BoxKind::MitigatingBarrier => "Mitigating barrier",
        BoxKind::EscalationFactor => "Escalation factor",
        BoxKind::EscalationBarrier => "Escalation barrier",
    };
    format!("{kind}: {text}")
}

fn kind_fill(kind: BoxKind) -> palette::Rgb {
    match kind {
        BoxKind::Hazard => palette::BOWTIE_HAZARD,
        BoxKind::TopEvent => palette::BOWTIE_TOP_EVENT,
        BoxKind::Threat => palette::BOWTIE_THREAT,
        BoxKind::Consequence => palette::BOWTIE_CONSEQUENCE,
        _ => palette::BOWTIE_ESCALATION,
    }
}

/// The painted canvas with its mouse and keyboard handling.
#[expect(
    clippy::too_many_lines,
    reason = "one canvas pass: paint, hit-test and keys"
)]
fn canvas_ui(ui: &mut Ui, doc: &mut Document, st: &mut ViewState, bowtie_id: &str) {
    let options = layout_options(st);
    let Some(bt) = doc.project().bowties.bowtie(bowtie_id) else {
        return;
    };
    let laid: BowTieLayout = bowtie::layout(&doc.project().bowties, bt, &st.collapsed, &options);
    let colouring = Colouring::new(st.colour_by, doc.project().bowties.barriers_of(bt));
    let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    let canvas_id = response.id;
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            canvas_id,
            egui::EventFilter {
                tab: true,
                horizontal_arrows: true,
                vertical_arrows: true,
                escape: false,
            },
        );
    });
    if st.focus_canvas {
        st.focus_canvas = false;
        ui.memory_mut(|m| m.request_focus(canvas_id));
    }
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
fn element_of(target: &BoxTarget) -> Element {
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
fn apply_text(doc: &mut Document, bowtie_id: &str, target: &BoxTarget, text: &str, last: bool) {
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
fn start_edit(doc: &Document, st: &mut ViewState) {
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
fn keyboard(ui: &Ui, doc: &mut Document, st: &mut ViewState, bowtie_id: &str, laid: &BowTieLayout) {
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
    let (tab, enter, f2, del, arrow) = ui.input_mut(|i| {
        let arrow = [
            Key::ArrowLeft,
            Key::ArrowRight,
            Key::ArrowUp,
            Key::ArrowDown,
        ]
        .into_iter()
        .find(|k| i.consume_key(Modifiers::NONE, *k));
        (
            i.consume_key(Modifiers::NONE, Key::Tab),
            i.consume_key(Modifiers::NONE, Key::Enter),
            i.consume_key(Modifiers::NONE, Key::F2),
            i.consume_key(Modifiers::NONE, Key::Delete),
            arrow,
        )
    });
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
fn move_to(
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
fn neighbour(laid: &BowTieLayout, from: &BoxTarget, key: Key) -> Option<BoxTarget> {
    let c = laid.find(from)?.rect.centre();
    laid.boxes
        .iter()
        .filter(|b| b.target != *from)
        .filter_map(|b| {
            let p = b.rect.centre();
            let (dx, dy) = (p.x - c.x, p.y - c.y);
            let (along, across) = match key {
                Key::ArrowLeft => (-dx, dy.abs()),
                Key::ArrowRight => (dx, dy.abs()),
                Key::ArrowUp => (-dy, dx.abs()),
                _ => (dy, dx.abs()),
            };
            (along > 1.0).then_some((along + 2.0 * across, b))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, b)| b.target.clone())
}

/// Adds a child (`child`, Tab) or a sibling (Enter) of `target`; returns the new box. On the hazard or top
/// event Tab adds a threat and Enter a consequence.
fn add_for(
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
fn target_index(target: &BoxTarget) -> usize {
    match target {
        BoxTarget::Barrier { index, .. } => *index,
        BoxTarget::EscalationBarrier { barrier_index, .. } => *barrier_index,
        _ => 0,
    }
}

fn delete(set: &mut bowtie::BowTieSet, bowtie_id: &str, target: &BoxTarget) -> bool {
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

/// The bow-tie's title, hazard, top event and linked register risks.
fn details_ui(ui: &mut Ui, doc: &mut Document, bowtie_id: &str) {
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
fn multi_ui(ui: &mut Ui, doc: &mut Document, st: &ViewState, primary: &BoxTarget) {
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
fn inspector_ui(ui: &mut Ui, doc: &mut Document, st: &mut ViewState, bowtie_id: &str) {
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
fn share_picker_ui(
    ui: &mut Ui,
    doc: &mut Document,
    st: &mut ViewState,
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
fn control_picker_ui(
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
fn attribute_combo<T: Copy + PartialEq + std::fmt::Display>(
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
fn warnings_ui(ui: &mut Ui, doc: &Document, st: &mut ViewState, bowtie_id: &str) {
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
fn first_place(doc: &Document, bowtie_id: &str, barrier_id: &str) -> Option<BoxTarget> {
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

/// Whether the bow-tie editor is in presentation mode: the app then hides its menus, navigation and status
/// bar so the canvas fills the window.
pub fn presentation_active(ctx: &egui::Context) -> bool {
    load_state(ctx).presentation
}

fn load_state(ctx: &egui::Context) -> ViewState {
    ctx.data_mut(|d| d.get_temp(state_id())).unwrap_or_default()
}

/// A file name for exporting the bow-tie shown (its title, as SVG).
#[must_use]
pub fn export_file_name(ctx: &egui::Context, project: &crate::model::Project) -> String {
    let state = load_state(ctx);
    let title = state
        .current
        .as_deref()
        .and_then(|id| project.bowties.bowtie(id))
        .map(|b| b.title.clone())
        .unwrap_or_default();
    format!(
        "{}.svg",
        crate::model::file_name::stem(&title, '-', "bowtie")
    )
}

/// Writes the bow-tie shown, as the editor colours and collapses it, to `path`: PNG when the name ends in
/// ".png", otherwise SVG (".svg" is added when there is no extension). Returns a message for the user.
///
/// # Errors
/// When no bow-tie is shown, the picture cannot be rendered, or the file cannot be written.
pub fn export_picture(
    ctx: &egui::Context,
    doc: &Document,
    path: &std::path::Path,
) -> anyhow::Result<String> {
    use anyhow::Context as _;
    let state = load_state(ctx);
    let id = state
        .current
        .context("cannot export: no bow-tie is shown")?;
    let bt = doc
        .project()
        .bowties
        .bowtie(&id)
        .with_context(|| format!("cannot export: the bow-tie {id} no longer exists"))?;
    let view = bowtie::ViewOptions {
        colour_by: state.colour_by,
        collapsed: state.collapsed,
        ..bowtie::ViewOptions::default()
    };
    let svg = bowtie::to_svg(&bowtie::draw(&doc.project().bowties, bt, &view));
    let png = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    let path = if path.extension().is_none() {
        path.with_extension("svg")
    } else {
        path.to_owned()
    };
    let bytes = if png {
        bowtie::svg_to_png(&svg, 3.0).context("cannot export the bow-tie as PNG")?
    } else {
        svg.into_bytes()
    };
    crate::model::file::write_atomic(&path, &bytes)
        .with_context(|| format!("cannot export the bow-tie to {}", path.display()))?;
    Ok(format!("Exported “{}” to {}", bt.title, path.display()))
}
