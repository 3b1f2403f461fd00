//! The modal dialogs: unsaved changes, recovery of an autosave, the typed-path prompt (where no file dialog
//! can be shown), about, keyboard shortcuts and the user's name for the audit trail.

use std::path::PathBuf;
use std::time::SystemTime;

use egui::RichText;

use super::{FilePurpose, JobOutput, RiskbenchApp};
use crate::model::Document;
use crate::model::file::{self, Recovery};
use crate::ui::commands::Command;

/// An action that replaces or closes the current project, so it asks about unsaved changes first.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Discarding {
    New,
    Open,
    OpenPath(PathBuf),
    Quit,
}

/// A modal dialog.
#[derive(Debug)]
pub(super) enum Modal {
    UnsavedChanges(Discarding),
    Recover {
        recovery: Recovery,
    },
    PathPrompt {
        purpose: FilePurpose,
        text: String,
        reason: String,
    },
    About,
    Shortcuts,
    /// The user's name for the audit trail (first start, Edit › Your name…).
    UserName {
        text: String,
    },
}

impl RiskbenchApp {
    pub(super) fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(mut modal) = self.modal.take() else {
            return;
        };
        let mut choice = ModalChoice::Stay;
        let response = egui::Modal::new(egui::Id::unique("riskbench-modal")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            choice = modal_contents_ui(ui, &mut modal, &self.doc);
        });
        if matches!(choice, ModalChoice::Stay)
            && response.should_close()
            && matches!(
                modal,
                Modal::About
                    | Modal::Shortcuts
                    | Modal::PathPrompt { .. }
                    | Modal::UnsavedChanges(_)
                    | Modal::Recover { .. }
                    | Modal::UserName { .. }
            )
        {
            choice = ModalChoice::Close;
        }
        match choice {
            ModalChoice::Stay => self.modal = Some(modal),
            ModalChoice::Close => self.after_save = None,
            ModalChoice::Save(action) => {
                self.after_save = Some(action);
                self.save();
            }
            ModalChoice::Discard(action) => {
                // The changes were thrown away on purpose: their autosave must not offer them again on the
                // next open or start.
                self.discard_autosave();
                self.perform(action);
            }
            ModalChoice::Recover(sidecar) => {
                self.spawn("Recovering autosave", true, move |_| {
                    Ok(JobOutput::Recovered(file::load_project(&sidecar)?))
                });
            }
            ModalChoice::DiscardAutosave(sidecar) => {
                if let Err(e) = std::fs::remove_file(&sidecar) {
                    self.report_error(&anyhow::Error::new(e).context("cannot remove the autosave"));
                }
            }
            ModalChoice::PathChosen(purpose, path) => self.file_chosen(purpose, path),
            ModalChoice::UserName(name) => self.set_user_name(&name),
        }
    }
}

/// What the user chose in a modal dialog.
enum ModalChoice {
    Stay,
    Close,
    Save(Discarding),
    Discard(Discarding),
    Recover(PathBuf),
    DiscardAutosave(PathBuf),
    PathChosen(FilePurpose, PathBuf),
    UserName(String),
}

fn modal_contents_ui(ui: &mut egui::Ui, modal: &mut Modal, doc: &Document) -> ModalChoice {
    let mut choice = ModalChoice::Stay;
    match modal {
        Modal::UnsavedChanges(action) => {
            ui.heading("Unsaved changes");
            ui.label(format!(
                "“{}” has changes that are not saved. Save them first?",
                doc.project().metadata.system_name
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    choice = ModalChoice::Save(action.clone());
                }
                if ui.button("Discard changes").clicked() {
                    choice = ModalChoice::Discard(action.clone());
                }
                if ui.button("Cancel").clicked() {
                    choice = ModalChoice::Close;
                }
            });
        }
        Modal::Recover { recovery } => {
            ui.heading("Recover unsaved changes?");
            let age = SystemTime::now()
                .duration_since(recovery.saved_at)
                .map_or_else(
                    |_| "recently".to_owned(),
                    |d| format!("{} min ago", d.as_secs() / 60),
                );
            ui.label(format!(
                "Riskbench autosaved changes to this project {age} that were never saved (the app may have \
                 closed unexpectedly)."
            ));
            ui.label(RichText::new(recovery.autosave_path.display().to_string()).weak());
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Recover").clicked() {
                    choice = ModalChoice::Recover(recovery.autosave_path.clone());
                }
                if ui.button("Discard autosave").clicked() {
                    choice = ModalChoice::DiscardAutosave(recovery.autosave_path.clone());
                }
            });
        }
        Modal::PathPrompt {
            purpose,
            text,
            reason,
        } => {
            ui.heading(purpose.title());
            if !reason.is_empty() {
                ui.label(reason.as_str());
            }
            let label = ui.label("File path");
            let edit = ui
                .add(
                    egui::TextEdit::singleline(text)
                        .desired_width(440.0)
                        .hint_text("/path/to/file"),
                )
                .labelled_by(label.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if (ui.button("OK").clicked() || enter) && !text.trim().is_empty() {
                    choice = ModalChoice::PathChosen(*purpose, PathBuf::from(text.trim()));
                }
                if ui.button("Cancel").clicked() {
                    choice = ModalChoice::Close;
                }
            });
        }
        Modal::UserName { text } => {
            ui.heading("Your name");
            ui.label(
                "Riskbench keeps an audit trail in the project: who changed what, and when. Which name should \
                 it record for your changes? (Edit › Your name… changes it later.)",
            );
            let label = ui.label("Name");
            let edit = ui
                .add(egui::TextEdit::singleline(text).desired_width(300.0))
                .labelled_by(label.id);
            // Focus the field once, when nothing has the focus (asking every frame fought the modal for the
            // focus and kept the window repainting).
            if text.is_empty() && ui.memory(|m| m.focused().is_none()) {
                edit.request_focus();
            }
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if (ui.button("OK").clicked() || enter) && !text.trim().is_empty() {
                    choice = ModalChoice::UserName(text.trim().to_owned());
                }
                if ui.button("Later").clicked() {
                    choice = ModalChoice::Close;
                }
            });
        }
        Modal::About => {
            ui.heading("Riskbench");
            ui.label(format!("Version {}", crate::VERSION));
            ui.label(
                "An offline workbench for assessing and treating the risks of AI systems. Riskbench never \
                 connects to a network.",
            );
            ui.add_space(6.0);
            ui.label(RichText::new("Attributions").strong());
            ui.label(
                "NIST AI RMF 1.0 core: NIST AI 100-1, National Institute of Standards and Technology, U.S. \
                 Department of Commerce, January 2023. NIST does not endorse this product.",
            );
            ui.label(
                "Sample data: Statlog (German Credit Data), Hans Hofmann, 1994, UCI Machine Learning Repository, \
                 CC BY 4.0.",
            );
            if ui.button("Close").clicked() {
                choice = ModalChoice::Close;
            }
        }
        Modal::Shortcuts => {
            ui.heading("Keyboard shortcuts");
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for c in Command::ALL {
                    if let Some(s) = c.shortcut() {
                        ui.label(c.label());
                        let mut keys = vec![ui.ctx().format_shortcut(&s)];
                        keys.extend(
                            c.alternative_shortcuts()
                                .iter()
                                .map(|s| ui.ctx().format_shortcut(s)),
                        );
                        ui.label(keys.join("  or  "));
                        ui.end_row();
                    }
                }
            });
            crate::ui::shortcut_help::screen_shortcuts_ui(ui);
            if ui.button("Close").clicked() {
                choice = ModalChoice::Close;
            }
        }
    }
    choice
}
