//! The first start: the bundled sample is opened as a copy in the user's documents (see
//! `model::sample_copy`), with a message that says where it is.

use std::path::{Path, PathBuf};

use super::app::Level;
use crate::model::sample_copy::copy_sample;

/// The project to open instead of the bundled `sample`, and what to tell the user. Without a `folder` the
/// sample is opened where it is (tests).
pub(super) fn sample_start(
    sample: PathBuf,
    folder: Option<&Path>,
) -> (PathBuf, Option<(Level, String)>) {
    let Some(folder) = folder else {
        return (sample, None);
    };
    match copy_sample(&sample, folder) {
        Ok(copy) => {
            let text = if copy.created {
                format!(
                    "Opened a copy of the sample project in {}: your edits are saved there and the installed \
                     sample stays unchanged.",
                    copy.project.parent().unwrap_or(folder).display()
                )
            } else {
                format!(
                    "Opened your copy of the sample project in {} (the installed sample is not edited).",
                    copy.project.parent().unwrap_or(folder).display()
                )
            };
            (copy.project, Some((Level::Info, text)))
        }
        Err(e) => (
            sample,
            Some((
                Level::Error,
                format!(
                    "Could not copy the sample project to {} ({e}); it is opened where it is installed: use \
                     File › Save as… before editing it.",
                    folder.display()
                ),
            )),
        ),
    }
}

/// Where a file dialog starts: the project's folder (made absolute: a project opened by a relative path has an
/// empty parent, which dialogs show as an empty "Recent"), else the folder of the most recent project, else the
/// user's documents.
pub(super) fn dialog_start_dir(
    project_dir: Option<&Path>,
    recent: Option<&Path>,
) -> Option<PathBuf> {
    let absolute = |dir: &Path| {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        std::path::absolute(dir).ok().filter(|d| d.is_dir())
    };
    project_dir
        .and_then(absolute)
        .or_else(|| recent.and_then(Path::parent).and_then(absolute))
        .or_else(|| {
            std::env::home_dir()
                .map(|h| h.join("Documents"))
                .filter(|d| d.is_dir())
        })
}

/// How long a "Done" message stays (errors stay until dismissed).
const DONE_MESSAGE_FOR: std::time::Duration = std::time::Duration::from_secs(12);

/// Removes "Done" messages shown longer than [`DONE_MESSAGE_FOR`] and wakes up for the next one to go.
pub(super) fn expire_done_messages(
    ctx: &egui::Context,
    notifications: &mut Vec<super::app::Notification>,
) {
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
pub(super) fn file_actions_ui(ui: &mut egui::Ui, file: &Path) {
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
