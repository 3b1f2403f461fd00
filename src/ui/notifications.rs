//! Notifications: dismissable messages at the bottom right, above the status bar ("Done" messages go away by
//! themselves, "Error" stays with the whole cause chain until dismissed; a message about a written file offers
//! "Open" and "Show in folder"). The app owns one [`Notifications`]; screens ask for a message with [`super::screen::SectionRequest::Notify`].

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// A dismissable message shown at the bottom right, above the status bar (errors stay until dismissed, "Done"
/// messages go away by themselves).
#[derive(Debug, Clone)]
pub struct Notification {
    /// Seriousness.
    pub level: Level,
    /// The message with its full cause chain.
    pub text: String,
    serial: u64,
    shown: Instant,
    /// A file the message is about (an export): offered with "Open" and "Show in folder".
    file: Option<PathBuf>,
}

impl Notification {
    /// How long it has been shown.
    #[must_use]
    pub fn age(&self) -> Duration {
        self.shown.elapsed()
    }
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
            shown: Instant::now(),
            file: None,
        });
    }

    /// Offers "Open" and "Show in folder" for `file` on the newest message.
    pub fn attach_file(&mut self, file: PathBuf) {
        if let Some(n) = self.shown.last_mut() {
            n.file = Some(file);
        }
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

    /// Draws the notifications at the bottom right, each with its "Dismiss" button. While `busy` (background
    /// work running) no message expires: a message counts its time from when the work is done.
    pub fn ui(&mut self, ctx: &egui::Context, busy: bool) {
        if self.shown.is_empty() {
            return;
        }
        if busy {
            for n in &mut self.shown {
                n.shown = Instant::now();
            }
        } else {
            expire_done_messages(ctx, &mut self.shown);
        }
        let mut dismiss = None;
        egui::Area::new(egui::Id::unique("riskbench-notifications"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -36.0))
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
                        if let Some(file) = &n.file {
                            file_actions_ui(ui, file);
                        }
                    });
                }
            });
        if let Some(serial) = dismiss {
            self.shown.retain(|n| n.serial != serial);
        }
    }
}

/// How long a "Done" message stays (errors stay until dismissed).
const DONE_MESSAGE_FOR: Duration = Duration::from_secs(12);

/// Removes "Done" messages shown longer than [`DONE_MESSAGE_FOR`] and wakes up for the next one to go.
fn expire_done_messages(ctx: &egui::Context, notifications: &mut Vec<Notification>) {
    notifications.retain(|n| n.level == Level::Error || n.age() < DONE_MESSAGE_FOR);
    if let Some(next) = notifications
        .iter()
        .filter(|n| n.level == Level::Info)
        .map(|n| DONE_MESSAGE_FOR.saturating_sub(n.age()))
        .min()
    {
        ctx.request_repaint_after(next);
    }
}

/// "Open PDF" and "Show in folder" for a file just written (the system's default application and file
/// manager; nothing is sent anywhere).
fn file_actions_ui(ui: &mut egui::Ui, file: &Path) {
    let open_label = match file.extension().and_then(|e| e.to_str()) {
        Some(ext) => format!("Open {}", ext.to_uppercase()),
        None => "Open".to_owned(),
    };
    ui.horizontal(|ui| {
        if ui.small_button(open_label).clicked() {
            open_with_system(file);
        }
        if let Some(folder) = file.parent()
            && ui.small_button("Show in folder").clicked()
        {
            open_with_system(folder);
        }
    });
}

/// Opens `path` with the desktop's default handler, without waiting for it.
fn open_with_system(path: &Path) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    // A missing handler is not an error worth a dialog: the path is in the message to copy.
    if let Ok(mut child) = std::process::Command::new(program)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        // Reaped in the background so it leaves no zombie.
        let _ = std::thread::Builder::new()
            .name("reap-opener".to_owned())
            .spawn(move || child.wait());
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
