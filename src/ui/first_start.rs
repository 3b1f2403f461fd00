//! The first start: the bundled sample is opened as a copy in the user's documents (see
//! `model::sample_copy`), with a message that says where it is.

use std::path::{Path, PathBuf};

use super::notifications::Level;
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
