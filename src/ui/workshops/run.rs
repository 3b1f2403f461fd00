//! The phases of a running pre-mortem after the brainstorm: round-robin capture, clustering, dot voting, and
//! rating with promotion to the register. Each reads the keyboard (see the module above) and calls the rules.

use egui::{Key, Modifiers, RichText, Ui};

use super::WorkshopScreen;
use crate::model::Document;
use crate::model::workshop::rules;

pub(super) const BIG: f32 = 26.0;
pub(super) const LARGE: f32 = 20.0;

/// A key pressed this frame without modifiers (consumed, so nothing else sees it).
pub(super) fn pressed(ui: &Ui, key: Key) -> bool {
    ui.input_mut(|i| i.consume_key(Modifiers::NONE, key))
}

/// The digit pressed this frame, if any.
pub(super) fn digit(ui: &Ui) -> Option<u8> {
    crate::ui::widgets::take_digit(ui, 0..=9)
}

/// Whether a text field has the keyboard (then single keys are typing, not commands).
pub(super) fn typing(ui: &Ui) -> bool {
    ui.ctx()
        .memory(egui::Memory::focused)
        .is_some_and(|id| egui::TextEdit::load_state(ui.ctx(), id).is_some())
}

pub(super) fn step(selected: &mut usize, len: usize, ui: &Ui, back: Key, forward: Key) {
    if len == 0 {
        *selected = 0;
        return;
    }
    if pressed(ui, back) {
        *selected = selected.saturating_sub(1);
    }
    if pressed(ui, forward) {
        *selected = (*selected + 1).min(len - 1);
    }
    *selected = (*selected).min(len - 1);
}

impl WorkshopScreen {
    pub(super) fn capture_ui(&mut self, ui: &mut Ui, doc: &mut Document, index: usize) {
        if pressed(ui, Key::F7) {
            doc.edit(|p| rules::pass_turn(&mut p.workshops[index]));
        }
        let w = &doc.project().workshops[index];
        let who = rules::current_participant(w).unwrap_or("—").to_owned();
        let heading = ui.label(
            RichText::new(format!("{who}, your failure story"))
                .size(34.0)
                .strong(),
        );
        let edit_id = egui::Id::unique("workshop-capture");
        let edit = ui.add(
            egui::TextEdit::singleline(&mut self.capture_text)
                .id(edit_id)
                .font(egui::FontId::proportional(BIG))
                .desired_width(f32::INFINITY)
                .hint_text("What went wrong? Enter captures it; F7 passes to the next participant"),
        );
        let edit = edit.labelled_by(heading.id);
        if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            let text = std::mem::take(&mut self.capture_text);
            match doc.edit(|p| rules::capture(&mut p.workshops[index], &text)) {
                Ok(_) => self.message = None,
                Err(e) => {
                    self.capture_text = text;
                    self.message = Some(e.to_string());
                }
            }
        }
        if !edit.has_focus() {
            edit.request_focus();
        }
        ui.add_space(10.0);
        let w = &doc.project().workshops[index];
        for s in w.stories.iter().rev().take(10) {
            ui.label(
                RichText::new(format!("{} — {} ({})", s.story_id, s.text, s.author)).size(LARGE),
            );
        }
    }

    /// Places (`place`) or takes back one of the picked voter's dots on a theme through the rules; a refusal
    /// (budget spent) is shown in large text.
    fn dot(&mut self, doc: &mut Document, index: usize, voter: &str, theme: &str, place: bool) {
        if place {
            let result = doc.edit(|p| rules::vote(&mut p.workshops[index], voter, theme));
            self.message = result.err().map(|e| e.to_string());
        } else {
            let taken = doc.edit(|p| rules::unvote(&mut p.workshops[index], voter, theme));
            self.message = (!taken).then(|| format!("{voter} has no dot on {theme} to take back"));
        }
    }

    pub(super) fn vote_ui(&mut self, ui: &mut Ui, doc: &mut Document, index: usize) {
        let (people, themes) = {
            let w = &doc.project().workshops[index];
            (w.participants.clone(), w.themes.len())
        };
        if people.is_empty() {
            let id = doc.project().workshops[index].workshop_id.clone();
            ui.label(
                RichText::new(rules::WorkshopError::NoParticipants(id).to_string())
                    .size(BIG)
                    .color(ui.visuals().error_fg_color),
            );
            return;
        }
        let mut action: Option<(String, bool)> = None;
        if !typing(ui) {
            step(
                &mut self.voter,
                people.len(),
                ui,
                Key::ArrowLeft,
                Key::ArrowRight,
            );
            step(&mut self.theme, themes, ui, Key::ArrowUp, Key::ArrowDown);
            let theme = doc.project().workshops[index]
                .themes
                .get(self.theme)
                .map(|t| t.theme_id.clone());
            if let Some(theme) = theme {
                if pressed(ui, Key::Space) {
                    action = Some((theme.clone(), true));
                }
                if pressed(ui, Key::Backspace) {
                    action = Some((theme, false));
                }
            }
        }
        self.voter = self.voter.min(people.len() - 1);
        let w = &doc.project().workshops[index];
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Who votes:").size(LARGE));
            for (i, person) in people.iter().enumerate() {
                let text = format!(
                    "{person} · {} of {} dots left",
                    rules::dots_left(w, person),
                    w.votes_per_person
                );
                if ui
                    .selectable_label(i == self.voter, RichText::new(text).size(LARGE))
                    .clicked()
                {
                    self.voter = i;
                }
            }
        });
        let voter = people[self.voter].clone();
        ui.label(
            RichText::new(format!(
                "Voting: {voter} — {} of {} dots left",
                rules::dots_left(w, &voter),
                w.votes_per_person
            ))
            .size(34.0)
            .strong(),
        );
        ui.label(
            RichText::new(
                "Pick who votes above (or ←/→) · ↑/↓ theme · Space or \"Place a dot\" places one · Backspace takes it back",
            )
            .size(LARGE)
            .weak(),
        );
        for (i, t) in w.themes.iter().enumerate() {
            ui.horizontal(|ui| {
                let text = RichText::new(format!(
                    "{} {}  {}",
                    t.theme_id,
                    t.name,
                    "●".repeat(t.dots.len())
                ))
                .size(BIG);
                ui.label(if i == self.theme {
                    text.strong()
                        .background_color(ui.visuals().selection.bg_fill)
                } else {
                    text
                });
                if ui
                    .button(format!("Place a dot on {}", t.theme_id))
                    .clicked()
                {
                    action = Some((t.theme_id.clone(), true));
                    self.theme = i;
                }
                if ui
                    .button(format!("Take a dot back from {}", t.theme_id))
                    .clicked()
                {
                    action = Some((t.theme_id.clone(), false));
                    self.theme = i;
                }
            });
        }
        if let Some((theme, place)) = action {
            self.dot(doc, index, &voter, &theme, place);
        }
    }

    pub(super) fn rate_ui(&mut self, ui: &mut Ui, doc: &mut Document, index: usize) {
        let ranked: Vec<String> = rules::ranked_themes(&doc.project().workshops[index])
            .iter()
            .map(|t| t.theme_id.clone())
            .collect();
        if !typing(ui) {
            let before = self.theme;
            step(
                &mut self.theme,
                ranked.len(),
                ui,
                Key::ArrowUp,
                Key::ArrowDown,
            );
            if before != self.theme {
                self.pending_likelihood = None;
            }
            if let Some(theme) = ranked.get(self.theme).cloned() {
                if let Some(d) = digit(ui) {
                    match self.pending_likelihood.take() {
                        None => self.pending_likelihood = Some(d),
                        Some(l) => {
                            let matrix = doc.project().settings.risk_matrix.clone();
                            let result = doc.edit(|p| {
                                rules::rate(&mut p.workshops[index], &theme, l, d, &matrix)
                            });
                            self.message = result.err().map(|e| e.to_string());
                        }
                    }
                }
                if pressed(ui, Key::Enter) {
                    let id = doc.project().workshops[index].workshop_id.clone();
                    match doc.edit(|p| rules::promote(p, &id, &theme)) {
                        Ok(risk_id) => {
                            self.message =
                                Some(format!("promoted to {risk_id} in the risk register"));
                        }
                        Err(e) => self.message = Some(e.to_string()),
                    }
                }
            }
        }
        ui.label(
            RichText::new("↑/↓ theme · type the likelihood then the impact (two digits) · Enter promotes to the register")
                .size(LARGE)
                .weak(),
        );
        let w = &doc.project().workshops[index];
        for (i, id) in ranked.iter().enumerate() {
            let Some(t) = w.theme(id) else { continue };
            let rating = match (
                t.likelihood,
                t.impact,
                i == self.theme,
                self.pending_likelihood,
            ) {
                (_, _, true, Some(l)) => format!("L{l} × I_"),
                (Some(l), Some(im), _, _) => format!("L{l} × I{im}"),
                _ => "not rated".to_owned(),
            };
            let risk = t
                .risk_id
                .as_ref()
                .map_or_else(String::new, |r| format!(" → {r}"));
            let text = RichText::new(format!(
                "{} {} ({} dots) — {rating}{risk}",
                t.theme_id,
                t.name,
                t.dots.len()
            ))
            .size(BIG);
            ui.label(if i == self.theme {
                text.strong()
                    .background_color(ui.visuals().selection.bg_fill)
            } else {
                text
            });
        }
    }
}
