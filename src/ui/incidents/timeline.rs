//! The timeline tab: the core's timeline chart painted (phases as bars, events numbered, the kill switch),
//! the events table with a form to add one, and the CSV and picture exports.

use egui::{RichText, Sense, Ui, Vec2};

use super::paint::{View, paint_drawing};
use super::{IncidentExport, IncidentPicture, IncidentsScreen, current_mut};
use crate::model::Document;
use crate::model::incident::{Phase, Timestamp, diagrams};
use crate::ui::screen::SectionRequest;
use crate::ui::theme;

pub(super) fn timeline_ui(
    ui: &mut Ui,
    doc: &mut Document,
    st: &mut IncidentsScreen,
    id: &str,
    request: &mut Option<SectionRequest>,
) {
    let Some(inc) = doc
        .project()
        .incidents
        .iter()
        .find(|i| i.incident_id == id)
        .cloned()
    else {
        return;
    };
    ui.horizontal(|ui| {
        if ui.button("Export timeline as CSV…").clicked() {
            *request = Some(SectionRequest::ExportIncident(IncidentExport::TimelineCsv));
        }
        if ui.button("Export timeline as SVG or PNG…").clicked() {
            st.picture = IncidentPicture::Timeline;
            *request = Some(SectionRequest::ExportIncident(IncidentExport::Picture(
                IncidentPicture::Timeline,
            )));
        }
    });
    let width = ui.available_width().clamp(300.0, 1200.0);
    let drawing = diagrams::draw_timeline(&inc, width);
    let (rect, response) =
        ui.allocate_exact_size(Vec2::new(drawing.width, drawing.height), Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "Timeline chart"));
    paint_drawing(
        &ui.painter_at(rect),
        &drawing,
        View {
            origin: rect.min,
            zoom: 1.0,
        },
    );
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Event time");
        ui.add(
            egui::TextEdit::singleline(&mut st.event_time)
                .hint_text("YYYY-MM-DD HH:MM")
                .desired_width(130.0),
        )
        .labelled_by(l.id);
        let l = ui.label("Event");
        ui.add(egui::TextEdit::singleline(&mut st.event_text).desired_width(320.0))
            .labelled_by(l.id);
        egui::ComboBox::from_id_salt("event_phase")
            .selected_text(st.event_phase.label())
            .show_ui(ui, |ui| {
                for p in Phase::ALL {
                    ui.selectable_value(&mut st.event_phase, p, p.label());
                }
            });
        if ui.button("Add event").clicked() {
            match st.event_time.parse::<Timestamp>() {
                Ok(at) => {
                    let text = st.event_text.trim().to_owned();
                    let phase = st.event_phase;
                    doc.edit(|p| {
                        if let Some(inc) = p.incidents.iter_mut().find(|i| i.incident_id == id) {
                            inc.add_event(at, &text, phase);
                        }
                    });
                    st.event_error.clear();
                    st.event_text.clear();
                }
                Err(e) => st.event_error = format!("Event time: {e}"),
            }
        }
    });
    if !st.event_error.is_empty() {
        ui.label(RichText::new(&st.event_error).color(theme::error()));
    }
    let mut remove = None;
    egui::ScrollArea::vertical()
        .id_salt("timeline_events")
        .show(ui, |ui| {
            egui::Grid::new("timeline_grid")
                .striped(true)
                .num_columns(5)
                .show(ui, |ui| {
                    for h in ["No.", "Time", "Phase", "Event", ""] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    let events: Vec<(String, Timestamp)> = inc
                        .sorted_timeline()
                        .iter()
                        .map(|e| (e.event_id.clone(), e.at))
                        .collect();
                    for (n, (event_id, at)) in events.iter().enumerate() {
                        let number = ui.label((n + 1).to_string());
                        let outside = !inc.contains(*at);
                        let time = RichText::new(at.to_string());
                        ui.label(if outside {
                            time.color(theme::error())
                        } else {
                            time
                        });
                        let Some(e) = current_mut(doc, id)
                            .and_then(|i| i.timeline.iter_mut().find(|e| e.event_id == *event_id))
                        else {
                            ui.end_row();
                            continue;
                        };
                        egui::ComboBox::from_id_salt(("phase", event_id.as_str()))
                            .selected_text(e.phase.label())
                            .show_ui(ui, |ui| {
                                for p in Phase::ALL {
                                    ui.selectable_value(&mut e.phase, p, p.label());
                                }
                            });
                        ui.add(egui::TextEdit::singleline(&mut e.text).desired_width(380.0))
                            .labelled_by(number.id);
                        if ui.button("Delete").clicked() {
                            remove = Some(event_id.clone());
                        }
                        ui.end_row();
                    }
                });
        });
    if let Some(event_id) = remove {
        doc.edit(|p| {
            if let Some(inc) = p.incidents.iter_mut().find(|i| i.incident_id == id) {
                inc.timeline.retain(|e| e.event_id != event_id);
            }
        });
    }
}
