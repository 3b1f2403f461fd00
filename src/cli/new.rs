//! `riskbench new PROJECT`: writes a new project file from a template, refusing to overwrite one.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::UsageError;
use crate::model::file::{self, PROJECT_EXTENSION};
use crate::model::{IsoDate, Project};

/// Project templates for `riskbench new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Template {
    /// An empty assessment with the default risk matrix and fairness thresholds
    Blank,
}

/// Writes a new project file from a template; refuses to overwrite an existing file.
///
/// # Errors
/// [`UsageError`] when the file exists or its folder does not; file errors otherwise.
pub fn new_project(
    path: &Path,
    template: Template,
    name: Option<&str>,
    today: IsoDate,
) -> anyhow::Result<PathBuf> {
    let path = if file::is_project_path(path) {
        path.to_owned()
    } else {
        let mut p = path.as_os_str().to_owned();
        p.push(PROJECT_EXTENSION);
        PathBuf::from(p)
    };
    if path.exists() {
        return Err(UsageError(format!(
            "the file already exists; choose another name or delete it first: {}",
            path.display()
        ))
        .into());
    }
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        return Err(UsageError(format!("the folder does not exist: {}", parent.display())).into());
    }
    let system_name = name.map_or_else(
        || {
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            file_name
                .strip_suffix(PROJECT_EXTENSION)
                .unwrap_or(&file_name)
                .replace(['_', '-'], " ")
        },
        str::to_owned,
    );
    // A new project is the blank state the audit trail's first entry is computed against: nothing recorded yet.
    let project = match template {
        Template::Blank => Project::blank(&system_name, today),
    };
    file::save_project(&path, &project)?;
    Ok(path)
}
