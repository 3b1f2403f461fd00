//! Clustering a pre-mortem's failure stories into themes, by drag or by keyboard: a story card dragged onto a
//! theme joins it, onto "New theme" becomes a new theme named after it, onto "Not in a theme" leaves its
//! theme; the keyboard does the same (↑/↓ story, 1–9 into that theme, 0 out of its theme, T a new theme).
//! Every change goes through `model::workshop::rules`.

use egui::{Key, RichText, Ui};

use super::WorkshopScreen;
use super::run::{BIG, LARGE, digit, pressed, step, typing};
use crate::model::Document;
use crate::model::workshop::rules;

/// What is dragged: a story, by id.
struct DraggedStory(String);

/// Where a story was dropped.
enum Target {
    Theme(String),
    NewTheme,
    NoTheme,
}

/// Puts a story into a theme, a new theme named after it, or out of its theme, as one undo step.
fn place(doc: &mut Document, index: usize, story_id: &str, target: &Target) -> Option<String> {
    let text = doc.project().workshops[index]
        .stories
        .iter()
        .find(|s| s.story_id == story_id)
        .map(|s| s.text.clone())
        .unwrap_or_default();
    doc.edit(|p| {
        let w = &mut p.workshops[index];
        match target {
            Target::Theme(theme_id) => rules::assign(w, story_id, Some(theme_id)),
            Target::NoTheme => rules::assign(w, story_id, None),
            Target::NewTheme => {
                let name: String = text.chars().take(60).collect();
                let theme_id = rules::new_theme(w, &name);
                rules::assign(w, story_id, Some(&theme_id))
            }
        }
    })
    .err()
    .map(|e| e.to_string())
}

/// A story card that can be dragged; the keyboard's selection is highlighted.
fn story_card(ui: &mut Ui, story_id: &str, text: &str, author: &str, selected: bool) {
    let id = egui::Id::unique(("workshop-story", story_id));
    ui.dnd_drag_source(id, DraggedStory(story_id.to_owned()), |ui| {
        let text = RichText::new(format!("{story_id} {text} ({author})")).size(LARGE);
        ui.label(if selected {
            text.strong()
                .background_color(ui.visuals().selection.bg_fill)
        } else {
            text
        })
    });
}

impl WorkshopScreen {
    fn cluster_keys(&mut self, ui: &Ui, doc: &mut Document, index: usize) {
        let count = doc.project().workshops[index].stories.len();
        step(&mut self.story, count, ui, Key::ArrowUp, Key::ArrowDown);
        let Some(story_id) = doc.project().workshops[index]
            .stories
            .get(self.story)
            .map(|s| s.story_id.clone())
        else {
            return;
        };
        if pressed(ui, Key::T) {
            self.message = place(doc, index, &story_id, &Target::NewTheme);
        } else if let Some(d) = digit(ui) {
            let theme = (d > 0)
                .then(|| {
                    doc.project().workshops[index]
                        .themes
                        .get(usize::from(d) - 1)
                })
                .flatten()
                .map(|t| t.theme_id.clone());
            match theme {
                None if d > 0 => {
                    self.message = Some(format!(
                        "there is no theme {d}: T makes a new theme of the story"
                    ));
                }
                theme => {
                    let target = theme.map_or(Target::NoTheme, Target::Theme);
                    self.message = place(doc, index, &story_id, &target);
                    self.story = (self.story + 1).min(count.saturating_sub(1));
                }
            }
        }
    }

    pub(super) fn cluster_ui(&mut self, ui: &mut Ui, doc: &mut Document, index: usize) {
        if !typing(ui) {
            self.cluster_keys(ui, doc, index);
        }
        ui.label(
            RichText::new(
                "Drag a story onto a theme · or ↑/↓ story · 1–9 into that theme · 0 out of its theme · T new theme",
            )
            .size(LARGE)
            .weak(),
        );
        let w = doc.project().workshops[index].clone();
        let selected = w.stories.get(self.story).map(|s| s.story_id.clone());
        let mut dropped: Option<(String, Target)> = None;
        let mut renamed: Option<(usize, String)> = None;
        let zone = egui::Frame::group(ui.style()).inner_margin(8.0);
        ui.columns(2, |cols| {
            let (_, response) = cols[0].dnd_drop_zone::<DraggedStory, _>(zone, |ui| {
                ui.set_min_width(ui.available_width());
                ui.label(RichText::new("Not in a theme").size(BIG).strong());
                for s in w.stories.iter().filter(|s| s.theme_id.is_none()) {
                    let is_selected = selected.as_ref() == Some(&s.story_id);
                    story_card(ui, &s.story_id, &s.text, &s.author, is_selected);
                }
            });
            if let Some(story) = response {
                dropped = Some((story.0.clone(), Target::NoTheme));
            }
            for (i, t) in w.themes.iter().enumerate() {
                let (_, response) = cols[1].dnd_drop_zone::<DraggedStory, _>(zone, |ui| {
                    ui.set_min_width(ui.available_width());
                    ui.horizontal(|ui| {
                        let l = ui.label(
                            RichText::new(format!("{}. {}", i + 1, t.theme_id))
                                .size(LARGE)
                                .strong(),
                        );
                        let mut name = t.name.clone();
                        let edit = ui
                            .add(
                                egui::TextEdit::singleline(&mut name)
                                    .font(egui::FontId::proportional(LARGE))
                                    .desired_width(ui.available_width() - 8.0),
                            )
                            .labelled_by(l.id);
                        if edit.changed() {
                            renamed = Some((i, name));
                        }
                    });
                    for s in w.stories_of(&t.theme_id) {
                        let is_selected = selected.as_ref() == Some(&s.story_id);
                        story_card(ui, &s.story_id, &s.text, &s.author, is_selected);
                    }
                });
                if let Some(story) = response {
                    dropped = Some((story.0.clone(), Target::Theme(t.theme_id.clone())));
                }
            }
            let (_, response) = cols[1].dnd_drop_zone::<DraggedStory, _>(zone, |ui| {
                ui.set_min_width(ui.available_width());
                ui.label(
                    RichText::new("New theme: drop a story here")
                        .size(LARGE)
                        .weak(),
                );
            });
            if let Some(story) = response {
                dropped = Some((story.0.clone(), Target::NewTheme));
            }
        });
        if let Some((i, name)) = renamed
            && let Some(t) = doc.project_mut().workshops[index].themes.get_mut(i)
        {
            // A live edit: one undo step when the typing stops.
            t.name = name;
        }
        if let Some((story_id, target)) = dropped {
            self.message = place(doc, index, &story_id, &target);
            if let Some(i) = doc.project().workshops[index]
                .stories
                .iter()
                .position(|s| s.story_id == story_id)
            {
                self.story = i;
            }
        }
    }
}
