//! Map › Workshops: workshop sessions run on one shared screen (a projector). A session is set up (date,
//! facilitator, participants, brainstorm length, dots per person), then a pre-mortem runs phase by phase in
//! large text, with the keyboard alone: F6 moves to the next phase; the silent brainstorm shows a countdown;
//! capture gives the floor to one participant at a time (Enter captures their story, F7 passes); clustering
//! puts the selected story into theme 1–9 (T makes a new theme of it) or drags its card onto a theme;
//! dot voting places the dots of the participant picked from the session's list, their budget shown
//! (←/→ or a click picks, ↑/↓ theme, Space places, Backspace takes back); rating takes the likelihood then
//! the impact as digits, and Enter promotes the theme to a register risk. A session (a pre-mortem while
//! rating, a bow-tie or FMEA session throughout) opens the bow-tie and FMEA editors in presentation mode and
//! lists what it created or changed there. F11 presents (hides the app's menus). Every rule is
//! `model::workshop::rules`; its refusals are shown in large text.

mod cluster;
mod editors;
mod run;

pub use editors::{recording_banner_ui, recording_summary};

use std::time::Instant;

use egui::{Key, RichText, Ui};

use super::screen::{Screen, ScreenContext};
use super::sections::Section;
use super::widgets::{date_field, labelled, list_field};
use crate::model::ids::next_id;
use crate::model::workshop::{PRE_MORTEM_PROMPT, Phase, Workshop, WorkshopMethod, rules};
use crate::model::{Document, IsoDate};

/// The workshops screen: the session shown and the state of its run (none of it is project data).
#[derive(Default)]
pub struct WorkshopScreen {
    /// The workshop shown.
    pub current: Option<String>,
    /// Whether the app's chrome is hidden (F11).
    pub presenting: bool,
    /// The story being typed in round-robin capture.
    pub capture_text: String,
    /// The story selected while clustering (index into the stories).
    pub story: usize,
    /// The theme selected while voting and rating (index into the ranked themes).
    pub theme: usize,
    /// The participant voting (index into the participants).
    pub voter: usize,
    /// The likelihood typed for the selected theme, waiting for the impact.
    pub pending_likelihood: Option<u8>,
    /// The bow-tie the session presents next (`None`: a new one).
    pub bowtie_choice: Option<String>,
    /// The FMEA worksheet the session presents next (`None`: a new one).
    pub worksheet_choice: Option<String>,
    /// When the silent brainstorm started.
    brainstorm_started: Option<Instant>,
    /// The last refusal of the rules (or confirmation), shown in large text.
    pub message: Option<String>,
}

impl Screen for WorkshopScreen {
    fn section(&self) -> Section {
        Section::Workshops
    }

    fn hides_chrome(&self) -> bool {
        self.presenting
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>) {
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::F11)) {
            self.presenting = !self.presenting;
        }
        let ids: Vec<String> = cx
            .doc
            .project()
            .workshops
            .iter()
            .map(|w| w.workshop_id.clone())
            .collect();
        if self.current.as_ref().is_none_or(|c| !ids.contains(c)) {
            self.current = ids.last().cloned();
        }
        if !self.presenting {
            ui.horizontal_wrapped(|ui| {
                for id in &ids {
                    let title = cx
                        .doc
                        .project()
                        .workshops
                        .iter()
                        .find(|w| &w.workshop_id == id)
                        .map_or_else(String::new, |w| format!("{id} {}", w.title));
                    if ui
                        .selectable_label(self.current.as_ref() == Some(id), title)
                        .clicked()
                    {
                        self.select(Some(id.clone()));
                    }
                }
                for (label, method) in [
                    ("New pre-mortem", WorkshopMethod::PreMortem),
                    ("New bow-tie session", WorkshopMethod::BowTie),
                    ("New FMEA session", WorkshopMethod::Fmea),
                ] {
                    if ui.button(label).clicked() {
                        let today = cx.today;
                        let id = cx.doc.edit(|p| {
                            let id =
                                next_id("WS-", p.workshops.iter().map(|w| w.workshop_id.as_str()));
                            let mut w = Workshop::pre_mortem(id.clone(), Some(today));
                            w.method = method;
                            if method != WorkshopMethod::PreMortem {
                                w.title = format!("{} session", method.label());
                            }
                            p.workshops.push(w);
                            id
                        });
                        self.select(Some(id));
                    }
                }
            });
            ui.separator();
        }
        let Some(index) = self.current.as_ref().and_then(|c| {
            cx.doc
                .project()
                .workshops
                .iter()
                .position(|w| &w.workshop_id == c)
        }) else {
            ui.label(
                "No workshop yet. A pre-mortem asks: imagine it is a year from now and the system failed — why? \
                 Start one with New pre-mortem, or run a bow-tie or FMEA session on the shared screen.",
            );
            return;
        };
        self.session_ui(ui, cx, index);
    }
}

impl WorkshopScreen {
    fn select(&mut self, id: Option<String>) {
        *self = Self {
            current: id,
            presenting: self.presenting,
            ..Self::default()
        };
    }

    /// Moves the session to its next phase through the rules (set-up refuses to end without participants or
    /// while another session runs; leaving it starts recording what the session changes).
    fn advance(&mut self, doc: &mut Document, index: usize, today: IsoDate) {
        let id = doc.project().workshops[index].workshop_id.clone();
        let result = doc.edit(|p| rules::advance_session(p, &id, Some(today)));
        match result {
            Ok(phase) => {
                self.message = None;
                self.theme = 0;
                self.story = 0;
                self.pending_likelihood = None;
                if phase == Phase::Brainstorm {
                    self.brainstorm_started = Some(Instant::now());
                }
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    fn session_ui(&mut self, ui: &mut Ui, cx: &mut ScreenContext<'_>, index: usize) {
        let today = cx.today;
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::F6)) {
            self.advance(cx.doc, index, today);
        }
        let (phase, method) = {
            let w = &cx.doc.project().workshops[index];
            (w.phase, w.method)
        };
        ui.horizontal_wrapped(|ui| {
            for p in Phase::steps(method).iter().copied() {
                let text = RichText::new(p.label()).size(18.0);
                ui.label(if p == phase {
                    text.strong().underline()
                } else {
                    text.weak()
                });
                if p != Phase::Done {
                    ui.label(RichText::new("›").size(18.0).weak());
                }
            }
        });
        ui.horizontal(|ui| {
            if phase != Phase::Done && ui.button("Next phase (F6)").clicked() {
                self.advance(cx.doc, index, today);
            }
            let label = if self.presenting {
                "Leave presentation (F11)"
            } else {
                "Present (F11)"
            };
            if ui.button(label).clicked() {
                self.presenting = !self.presenting;
            }
        });
        if let Some(m) = &self.message {
            ui.label(
                RichText::new(m)
                    .size(22.0)
                    .color(ui.visuals().error_fg_color),
            );
        }
        ui.add_space(8.0);
        let doc = &mut *cx.doc;
        match phase {
            Phase::Setup => setup_ui(ui, doc, index),
            Phase::Brainstorm => self.brainstorm_ui(ui, doc, index),
            Phase::Capture => self.capture_ui(ui, doc, index),
            Phase::Cluster => self.cluster_ui(ui, doc, index),
            Phase::Vote => self.vote_ui(ui, doc, index),
            Phase::Rate => self.rate_ui(ui, doc, index),
            Phase::Editors => {}
            Phase::Done => done_ui(ui, doc, index),
        }
        if matches!(phase, Phase::Rate | Phase::Editors) {
            ui.add_space(16.0);
            self.editors_ui(ui, cx, index);
        }
        if phase != Phase::Setup {
            ui.add_space(12.0);
            editors::outputs_ui(ui, cx.doc.project(), index);
        }
    }

    fn brainstorm_ui(&mut self, ui: &mut Ui, doc: &Document, index: usize) {
        let w = &doc.project().workshops[index];
        ui.label(RichText::new(PRE_MORTEM_PROMPT).size(30.0).strong());
        ui.add_space(12.0);
        let started = *self.brainstorm_started.get_or_insert_with(Instant::now);
        let total = u64::from(w.brainstorm_minutes) * 60;
        let left = total.saturating_sub(started.elapsed().as_secs());
        let text = if left == 0 {
            "Time is up — F6 starts the round-robin".to_owned()
        } else {
            format!("{:02}:{:02} left", left / 60, left % 60)
        };
        ui.label(RichText::new(text).size(64.0).monospace());
        ui.label(
            RichText::new("Everyone writes their failure stories on their own, in silence.")
                .size(22.0),
        );
        if left > 0 {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        }
    }
}

fn setup_ui(ui: &mut Ui, doc: &mut Document, index: usize) {
    let w = &mut doc.project_mut().workshops[index];
    egui::Grid::new("workshop-setup")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let l = ui.label("Title");
            ui.add(egui::TextEdit::singleline(&mut w.title).desired_width(420.0))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Method");
            egui::ComboBox::from_id_salt("workshop-method")
                .selected_text(w.method.label())
                .show_ui(ui, |ui| {
                    for m in WorkshopMethod::ALL {
                        ui.selectable_value(&mut w.method, m, m.label());
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Date");
            date_field(ui, egui::Id::unique(("workshop-date", index)), &mut w.date)
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Facilitator");
            ui.add(egui::TextEdit::singleline(&mut w.facilitator).desired_width(420.0))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Participants (one per line, in speaking order)");
            list_field(
                ui,
                egui::Id::unique(("workshop-participants", index)),
                &mut w.participants,
                "Name",
            )
            .labelled_by(l.id);
            ui.end_row();
            if w.method == WorkshopMethod::PreMortem {
                let l = ui.label("Silent brainstorm (minutes)");
                ui.add(egui::DragValue::new(&mut w.brainstorm_minutes).range(1..=60))
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Dots per participant");
                ui.add(egui::DragValue::new(&mut w.votes_per_person).range(1..=20))
                    .labelled_by(l.id);
                ui.end_row();
            }
        });
    if let Err(e) = rules::check_ready(w) {
        ui.label(RichText::new(format!("Not ready to start: {e}")).weak());
    }
}

fn done_ui(ui: &mut Ui, doc: &mut Document, index: usize) {
    let w = &mut doc.project_mut().workshops[index];
    ui.label(
        RichText::new(format!(
            "{} stories, {} themes, risks created: {}",
            w.stories.len(),
            w.themes.len(),
            w.created_risks_text()
        ))
        .size(22.0),
    );
    labelled(ui, "Decisions of the session (one per line)", |ui| {
        list_field(
            ui,
            egui::Id::unique(("workshop-decisions", index)),
            &mut w.decisions,
            "Decision",
        )
    });
}
