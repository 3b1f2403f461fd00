//! Manage › Incidents: the incident record (NIST SP 800-61 phases, severity, harms, AI Incident Database
//! fields, war room and decisions, kill switch), the timeline chart and its events, the 5 Whys editor, the
//! keyboard-driven fishbone editor (with each cause's failed barrier and FMEA row) and the recovery roadmap.
//!
//! Everything drawn comes from the core: the fishbone, 5 Whys and timeline are the core's [`Drawing`]s
//! ([`crate::model::incident::fishbone_layout`], [`crate::model::incident::diagrams`]), painted here and
//! exported as SVG or PNG with the bow-tie's exporter; the problems shown (an event outside the incident, a
//! 5 Whys loop, a link to a deleted barrier) are [`crate::model::incident::Incident::problems`]. Edits go
//! through the [`Document`], so undo and redo work.
//!
//! [`Drawing`]: crate::model::bowtie::Drawing

mod actions;
mod containment;
mod fishbone;
mod paint;
mod record;
mod timeline;
mod whys;

use egui::{RichText, Ui};

use super::jobs::{JobActions, RunOutput, RunsSingleJob, SingleJob};
use super::screen::{Screen, ScreenContext, SectionRequest};
use super::sections::Section;
use super::theme;
use crate::model::bowtie::{Drawing, LayoutOptions};
use crate::model::incident::fishbone_layout::FishTarget;
use crate::model::incident::{Incident, diagrams, fishbone_layout, next_incident_id};
use crate::model::{Document, Project};

/// The tabs of an incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum IncidentTab {
    /// The record: phases, severity, harms, AIID fields, war room, decisions, kill switch.
    #[default]
    Record,
    /// The timeline chart and events.
    Timeline,
    /// The 5 Whys.
    Whys,
    /// The fishbone.
    Fishbone,
    /// Corrective actions, governance changes, evidence links, public statement.
    Actions,
}

impl IncidentTab {
    const ALL: [Self; 5] = [
        Self::Record,
        Self::Timeline,
        Self::Whys,
        Self::Fishbone,
        Self::Actions,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Record => "Record",
            Self::Timeline => "Timeline",
            Self::Whys => "5 Whys",
            Self::Fishbone => "Fishbone",
            Self::Actions => "Recovery and disclosure",
        }
    }
}

/// Which picture "Export SVG or PNG…" writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum IncidentPicture {
    /// The fishbone.
    #[default]
    Fishbone,
    /// The 5 Whys tree.
    Whys,
    /// The timeline chart.
    Timeline,
}

/// What the incident screen asks the app to do with a file dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncidentExport {
    /// Export a picture as SVG or PNG.
    Picture(IncidentPicture),
    /// Export the timeline as CSV.
    TimelineCsv,
}

/// The screen's state: the incident shown, the tab, the fishbone selection and inline edit, zoom, forms.
#[derive(Debug)]
pub struct IncidentsScreen {
    current: Option<String>,
    tab: IncidentTab,
    /// Selected fishbone box.
    fish_selected: Option<FishTarget>,
    /// The fishbone box being edited inline, with its text.
    fish_editing: Option<(FishTarget, String)>,
    /// Give the fishbone canvas the keyboard on the next frame.
    focus_canvas: bool,
    /// Screen points per layout point on the fishbone canvas.
    zoom: f32,
    /// The picture the next export writes.
    picture: IncidentPicture,
    /// New-event form: time, text, phase, and why it was refused.
    event_time: String,
    event_text: String,
    event_phase: crate::model::incident::Phase,
    event_error: String,
    /// A 5 Whys move that was refused, in words.
    whys_error: String,
    /// New corrective action form.
    action_risk: String,
    action_text: String,
    action_owner: String,
    action_due: Option<crate::model::IsoDate>,
    action_error: String,
    /// The kill switch's measured effect (incident id and result), and the job measuring it.
    containment: Option<containment::Measured>,
    containment_job: SingleJob,
    /// Why the measurement did not run (it could not start, it was cancelled).
    containment_error: Option<String>,
}

/// A measurement of the kill switch's effect finished: the incident and the effect, or why not.
pub type ContainmentOutput = RunOutput<containment::Measured>;

/// The measurement the screen asks the app to start or cancel; a job's ticket is its run id.
pub type ContainmentActions = JobActions<u64, ContainmentOutput>;

impl IncidentsScreen {
    /// The measurement of the kill switch's effect: whether it runs, its job id.
    #[must_use]
    pub fn containment_job(&self) -> &SingleJob {
        &self.containment_job
    }

    /// Takes a finished measurement (an older one's is dropped).
    pub fn job_output(&mut self, output: ContainmentOutput) {
        if let Some(measured) = self.containment_job.take(output) {
            self.containment = Some(measured);
        }
    }
}

impl RunsSingleJob for IncidentsScreen {
    type Output = ContainmentOutput;

    fn job_and_error(&mut self) -> (&mut SingleJob, &mut Option<String>) {
        (&mut self.containment_job, &mut self.containment_error)
    }
}

impl Default for IncidentsScreen {
    fn default() -> Self {
        Self {
            current: None,
            tab: IncidentTab::default(),
            fish_selected: None,
            fish_editing: None,
            focus_canvas: false,
            zoom: 1.4,
            picture: IncidentPicture::default(),
            event_time: String::new(),
            event_text: String::new(),
            event_phase: crate::model::incident::Phase::default(),
            event_error: String::new(),
            whys_error: String::new(),
            action_risk: String::new(),
            action_text: String::new(),
            action_owner: String::new(),
            action_due: None,
            action_error: String::new(),
            containment: None,
            containment_job: SingleJob::default(),
            containment_error: None,
        }
    }
}

impl Screen for IncidentsScreen {
    fn section(&self) -> Section {
        Section::Incidents
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        let request = incidents_ui(ui, cx.doc, self);
        cx.request_some(request);
    }
}

fn current<'a>(project: &'a Project, st: &IncidentsScreen) -> Option<&'a Incident> {
    st.current
        .as_deref()
        .and_then(|id| project.incidents.iter().find(|i| i.incident_id == id))
}

/// The incident shown, to edit in place (live edits; structural edits go through `Document::edit`).
fn current_mut<'a>(doc: &'a mut Document, id: &str) -> Option<&'a mut Incident> {
    doc.project_mut()
        .incidents
        .iter_mut()
        .find(|i| i.incident_id == id)
}

fn incidents_ui(
    ui: &mut Ui,
    doc: &mut Document,
    st: &mut IncidentsScreen,
) -> Option<SectionRequest> {
    let ids: Vec<String> = doc
        .project()
        .incidents
        .iter()
        .map(|i| i.incident_id.clone())
        .collect();
    if st.current.as_ref().is_none_or(|c| !ids.contains(c)) {
        st.current = ids.first().cloned();
        st.fish_selected = Some(FishTarget::Effect);
        st.fish_editing = None;
    }
    list_ui(ui, doc, st);
    let Some(id) = st.current.clone() else {
        ui.label("No incident recorded yet: create one above.");
        return None;
    };
    if let Some(inc) = current(doc.project(), st) {
        let problems = inc.problems(doc.project());
        if !problems.is_empty() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(
                    RichText::new("Needs attention")
                        .strong()
                        .color(theme::warn()),
                );
                for p in &problems {
                    ui.label(format!("• {p}"));
                }
            });
        }
    }
    ui.horizontal(|ui| {
        for tab in IncidentTab::ALL {
            if ui.selectable_label(st.tab == tab, tab.label()).clicked() {
                st.tab = tab;
                if tab == IncidentTab::Fishbone {
                    st.focus_canvas = true;
                }
            }
        }
    });
    ui.separator();
    let mut request = None;
    match st.tab {
        IncidentTab::Record => {
            egui::ScrollArea::vertical()
                .auto_shrink(false)
                .show(ui, |ui| {
                    record::record_ui(ui, doc, &id);
                    containment::containment_ui(ui, doc, st, &id, &mut request);
                });
        }
        IncidentTab::Timeline => timeline::timeline_ui(ui, doc, st, &id, &mut request),
        IncidentTab::Whys => {
            egui::ScrollArea::vertical()
                .auto_shrink(false)
                .show(ui, |ui| whys::whys_ui(ui, doc, st, &id, &mut request));
        }
        IncidentTab::Fishbone => fishbone::fishbone_ui(ui, doc, st, &id, &mut request),
        IncidentTab::Actions => {
            egui::ScrollArea::vertical()
                .auto_shrink(false)
                .show(ui, |ui| actions::actions_ui(ui, doc, st, &id));
        }
    }
    request
}

fn list_ui(ui: &mut Ui, doc: &mut Document, st: &mut IncidentsScreen) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Incident:");
        let title = current(doc.project(), st).map_or_else(
            || "None".to_owned(),
            |i| format!("{} {}", i.incident_id, i.title),
        );
        egui::ComboBox::from_id_salt("incident_choice")
            .selected_text(title)
            .width(360.0)
            .show_ui(ui, |ui| {
                for i in &doc.project().incidents {
                    let text = format!("{} {}", i.incident_id, i.title);
                    if ui
                        .selectable_label(st.current.as_deref() == Some(&i.incident_id), text)
                        .clicked()
                    {
                        st.current = Some(i.incident_id.clone());
                        st.fish_selected = Some(FishTarget::Effect);
                        st.fish_editing = None;
                    }
                }
            });
        if ui.button("New incident").clicked() {
            let id = doc.edit(|p| {
                let id = next_incident_id(&p.incidents);
                let mut inc = Incident::new(id.clone());
                "New incident".clone_into(&mut inc.title);
                p.incidents.push(inc);
                id
            });
            st.current = Some(id);
            st.fish_selected = Some(FishTarget::Effect);
            st.tab = IncidentTab::Record;
        }
        if let Some(id) = st.current.clone()
            && ui.button("Delete incident").clicked()
        {
            // Undo brings it back; its register actions stay in the register.
            doc.edit(|p| p.incidents.retain(|i| i.incident_id != id));
            st.current = None;
        }
    });
    ui.separator();
}

impl IncidentsScreen {
    /// The incident shown (for tests and the app).
    #[must_use]
    pub fn current_incident(&self) -> Option<&str> {
        self.current.as_deref()
    }

    /// The drawing of `picture` for the incident shown.
    fn drawing(&self, project: &Project, picture: IncidentPicture) -> Option<(String, Drawing)> {
        let inc = current(project, self)?;
        let o = LayoutOptions::default();
        Some(match picture {
            IncidentPicture::Fishbone => (
                "fishbone".to_owned(),
                fishbone_layout::draw(&inc.fishbone, &o),
            ),
            IncidentPicture::Whys => ("5 Whys".to_owned(), diagrams::draw_whys(inc, 560.0, &o)),
            IncidentPicture::Timeline => {
                ("timeline".to_owned(), diagrams::draw_timeline(inc, 720.0))
            }
        })
    }

    /// A file name for the next export: the incident id and the picture (`INC-1-fishbone.svg`), or the
    /// timeline CSV.
    #[must_use]
    pub fn export_file_name(&self, what: IncidentExport) -> String {
        let id = self
            .current
            .clone()
            .unwrap_or_else(|| "incident".to_owned());
        match what {
            IncidentExport::TimelineCsv => format!("{id}-timeline.csv"),
            IncidentExport::Picture(IncidentPicture::Fishbone) => format!("{id}-fishbone.svg"),
            IncidentExport::Picture(IncidentPicture::Whys) => format!("{id}-5-whys.svg"),
            IncidentExport::Picture(IncidentPicture::Timeline) => format!("{id}-timeline.svg"),
        }
    }

    /// Writes `what` for the incident shown to `path`: a picture as PNG when the name ends in ".png", else
    /// SVG (".svg" added without an extension); the timeline as CSV. Returns a message for the user.
    ///
    /// # Errors
    /// When no incident is shown, the picture cannot be rendered, or the file cannot be written.
    pub fn export(
        &self,
        doc: &Document,
        what: IncidentExport,
        path: &std::path::Path,
    ) -> anyhow::Result<String> {
        use anyhow::Context as _;
        let inc = current(doc.project(), self).context("cannot export: no incident is shown")?;
        let (name, bytes, path) = match what {
            IncidentExport::TimelineCsv => {
                let path = crate::model::file_name::with_default_extension(path, "csv");
                ("timeline".to_owned(), inc.timeline_csv().into_bytes(), path)
            }
            IncidentExport::Picture(picture) => {
                let (name, drawing) = self
                    .drawing(doc.project(), picture)
                    .context("cannot export: no incident is shown")?;
                let (path, bytes) = crate::model::bowtie::picture_file(&drawing, path)
                    .with_context(|| format!("cannot export the {name} as PNG"))?;
                (name, bytes, path)
            }
        };
        crate::model::file::write_atomic(&path, &bytes)
            .with_context(|| format!("cannot export the {name} to {}", path.display()))?;
        Ok(format!(
            "Exported the {name} of {} to {}",
            inc.incident_id,
            path.display()
        ))
    }
}
