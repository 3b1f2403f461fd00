//! Manage › Bow-ties: the list of bow-ties, the interactive canvas and the inspector of the selected element.
//!
//! The canvas paints the core's automatic layout ([`crate::model::bowtie::layout`]) with zoom and pan; it never
//! places boxes itself. Selection, inline editing and the keyboard (arrows, Tab adds a child, Enter a sibling,
//! F2 edits, Del deletes) work on the layout's [`BoxTarget`]s, and every edit goes through the [`Document`]
//! mutation gate so undo and redo work. The view state (current bow-tie, selection, zoom) is the screen's
//! ([`BowtieScreen`]).

mod canvas;
mod canvas_fit;
mod inspector;

use self::canvas::canvas_ui;
use self::inspector::details_ui;
use self::inspector::inspector_ui;
use self::inspector::warnings_ui;
use super::screen::Screen;
use super::screen::ScreenContext;
use super::screen::SectionRequest;
use super::sections::Section;
use super::theme;
use crate::model::Document;
use crate::model::bowtie;
use crate::model::bowtie::BoxKind;
use crate::model::bowtie::BoxTarget;
use crate::model::bowtie::ColourBy;
use crate::model::bowtie::Colouring;
use crate::model::bowtie::LayoutOptions;
use crate::model::palette;
use egui::Key;
use egui::Sense;
use egui::Ui;
use egui::Vec2;
use std::collections::BTreeSet;

/// The bow-tie screen: the bow-tie shown, the selection, zoom and pan, and the presentation mode.
#[derive(Clone, Debug)]
pub struct BowtieScreen {
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

impl Default for BowtieScreen {
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

impl Screen for BowtieScreen {
    fn section(&self) -> Section {
        Section::Bowties
    }

    fn scrolls_itself(&self) -> bool {
        // The canvas pans and zooms; the side pane scrolls on its own.
        true
    }

    /// A workshop presentation hides the app's menus, navigation and status bar so the canvas fills the
    /// window (F11 or its button brings them back).
    fn hides_chrome(&self) -> bool {
        self.presentation
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let recorded = super::workshops::recording_summary(cx.doc);
        cx.request_some(super::workshops::recording_banner_ui(ui, cx.doc));
        let request = bowtie_ui(ui, cx.doc, self);
        cx.request_some(request);
        if recorded.is_some() && super::workshops::recording_summary(cx.doc) != recorded {
            ui.ctx().request_repaint();
        }
    }
}

/// Draws the Bow-ties screen.
fn bowtie_ui(ui: &mut Ui, doc: &mut Document, st: &mut BowtieScreen) -> Option<SectionRequest> {
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
        list_ui(ui, doc, st);
        ui.separator();
    }
    let mut request = None;
    toolbar_ui(ui, doc, st, &mut request);
    if let Some(id) = st.current.clone() {
        if st.presentation {
            canvas_ui(ui, doc, st, &id);
        } else {
            let avail = ui.available_size();
            let side = 320.0_f32.min(avail.x / 2.0);
            let gap = ui.spacing().item_spacing.x;
            let canvas_width = (avail.x - side - 4.0 * gap).max(100.0);
            ui.horizontal_top(|ui| {
                ui.allocate_ui(Vec2::new(canvas_width, avail.y), |ui| {
                    canvas_ui(ui, doc, st, &id);
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
                            inspector_ui(ui, doc, st, &id);
                            ui.separator();
                            warnings_ui(ui, doc, st, &id);
                        });
                });
            });
        }
    } else {
        ui.label("No bow-tie yet: create one above.");
    }
    request
}

/// The bow-tie list: choose, create (blank or from the example), rename, delete.
fn list_ui(ui: &mut Ui, doc: &mut Document, st: &mut BowtieScreen) {
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
    st: &mut BowtieScreen,
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

fn layout_options(st: &BowtieScreen) -> LayoutOptions {
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

impl BowtieScreen {
    /// Shows a bow-tie (the first when `None`) in presentation mode: large text, no side panels, the
    /// diagram fitted to the window, as a workshop session drives it.
    pub fn present(&mut self, bowtie_id: Option<String>) {
        if bowtie_id.is_some() {
            self.current = bowtie_id;
            self.selected = Some(BoxTarget::TopEvent);
            self.editing = None;
        }
        self.presentation = true;
        self.fit = true;
        self.focus_canvas = true;
    }

    /// Whether the screen is in presentation mode.
    #[must_use]
    pub fn presenting(&self) -> bool {
        self.presentation
    }

    /// A file name for exporting the bow-tie shown (its title, as SVG).
    #[must_use]
    pub fn export_file_name(&self, project: &crate::model::Project) -> String {
        let title = self
            .current
            .as_deref()
            .and_then(|id| project.bowties.bowtie(id))
            .map(|b| b.title.clone())
            .unwrap_or_default();
        super::widgets::file_name_from_title(&title, '-', "bowtie", ".svg")
    }

    /// Writes the bow-tie shown, as the editor colours and collapses it, to `path`: PNG when the name ends in
    /// ".png", otherwise SVG (".svg" is added when there is no extension). Returns a message for the user.
    ///
    /// # Errors
    /// When no bow-tie is shown, the picture cannot be rendered, or the file cannot be written.
    pub fn export_picture(&self, doc: &Document, path: &std::path::Path) -> anyhow::Result<String> {
        use anyhow::Context as _;
        let state = self;
        let id = state
            .current
            .clone()
            .context("cannot export: no bow-tie is shown")?;
        let bt = doc
            .project()
            .bowties
            .bowtie(&id)
            .with_context(|| format!("cannot export: the bow-tie {id} no longer exists"))?;
        let view = bowtie::ViewOptions {
            colour_by: state.colour_by,
            collapsed: state.collapsed.clone(),
            ..bowtie::ViewOptions::default()
        };
        let drawing = bowtie::draw(&doc.project().bowties, bt, &view);
        let (path, bytes) =
            bowtie::picture_file(&drawing, path).context("cannot export the bow-tie as PNG")?;
        crate::model::file::write_atomic(&path, &bytes)
            .with_context(|| format!("cannot export the bow-tie to {}", path.display()))?;
        Ok(format!("Exported “{}” to {}", bt.title, path.display()))
    }
}
