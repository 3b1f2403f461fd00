//! Notifications: dismissable messages at the top right ("Done", "Error" with the whole cause chain). The app
//! owns one [`Notifications`]; screens ask for a message with [`super::screen::SectionRequest::Notify`].

use egui::{Align, Layout, RichText};

use super::theme;

/// How serious a notification is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something finished.
    Info,
    /// Something went wrong; the text has the whole cause.
    Error,
}

/// A dismissable message shown at the top right.
#[derive(Debug, Clone)]
pub struct Notification {
    /// Seriousness.
    pub level: Level,
    /// The message with its full cause chain.
    pub text: String,
    serial: u64,
}

/// The notifications shown, oldest first.
#[derive(Debug)]
pub struct Notifications {
    shown: Vec<Notification>,
    next_serial: u64,
}

impl Default for Notifications {
    fn default() -> Self {
        Self {
            shown: Vec::new(),
            next_serial: 1,
        }
    }
}

impl Notifications {
    /// Shows a message.
    pub fn notify(&mut self, level: Level, text: impl Into<String>) {
        let serial = self.next_serial;
        self.next_serial += 1;
        self.shown.push(Notification {
            level,
            text: text.into(),
            serial,
        });
    }

    /// Shows an error with its whole cause chain.
    pub fn error(&mut self, error: &anyhow::Error) {
        self.notify(Level::Error, format!("{error:#}"));
    }

    /// The notifications shown, oldest first.
    #[must_use]
    pub fn shown(&self) -> &[Notification] {
        &self.shown
    }

    /// Draws the notifications at the top right, each with its "Dismiss" button.
    pub fn ui(&mut self, ctx: &egui::Context) {
        if self.shown.is_empty() {
            return;
        }
        let mut dismiss = None;
        egui::Area::new(egui::Id::unique("riskbench-notifications"))
            .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-12.0, 36.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                ui.set_max_width(420.0);
                for n in &self.shown {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        let (title, color) = match n.level {
                            Level::Error => ("Error", theme::error()),
                            Level::Info => ("Done", theme::ok()),
                        };
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(title).strong().color(color));
                            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                                if ui.small_button("Dismiss").clicked() {
                                    dismiss = Some(n.serial);
                                }
                            });
                        });
                        ui.add(egui::Label::new(&n.text).wrap().selectable(true));
                    });
                }
            });
        if let Some(serial) = dismiss {
            self.shown.retain(|n| n.serial != serial);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_show_their_whole_cause_chain() {
        let mut n = Notifications::default();
        n.notify(Level::Info, "saved");
        n.error(&anyhow::anyhow!("disk full").context("cannot save"));
        assert_eq!(n.shown().len(), 2);
        assert_eq!(n.shown()[1].level, Level::Error);
        assert_eq!(n.shown()[1].text, "cannot save: disk full");
    }
}
