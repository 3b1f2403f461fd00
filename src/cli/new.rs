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
    /// The model-card audit: the Adult test split with a model's predictions and attributions, a model card
    /// whose claims are checked against saved audits (the data is copied into a `data` folder beside the
    /// project)
    ModelCardAudit,
    /// The content-moderation incident: register, bow-tie, FMEA, audits, weekly drift and incident INC-1,
    /// with its data files written to `data/` beside the project
    ModerationIncident,
}

/// Where the model-card-audit template lives, relative to the installation or source folder.
const MODEL_CARD_SAMPLE: &str = "sample_projects/model_card_audit/model_card_audit.riskbench.ron";

/// The model-card-audit sample as a new project at `path`: its data files are copied into `data/` beside
/// the project (an existing file with other content is not overwritten).
fn model_card_audit(
    path: &Path,
    system_name: Option<&str>,
    today: IsoDate,
) -> anyhow::Result<Project> {
    let sample = super::bundled_file(Path::new(MODEL_CARD_SAMPLE)).ok_or_else(|| {
        UsageError(format!(
            "the model-card-audit template is not installed (looked for {MODEL_CARD_SAMPLE} beside the \
             executable and in the source folder)"
        ))
    })?;
    let mut project = file::load_project(&sample)?.project;
    let source_data = sample.parent().map(|d| d.join("data")).unwrap_or_default();
    let target_data = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
        .join("data");
    let mut entries: Vec<_> = std::fs::read_dir(&source_data)
        .map_err(|e| anyhow::anyhow!("{e}: {}", source_data.display()))?
        .collect::<Result<_, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    std::fs::create_dir_all(&target_data)
        .map_err(|e| anyhow::anyhow!("{e}: {}", target_data.display()))?;
    for entry in entries {
        let from = entry.path();
        if !from.is_file() {
            continue;
        }
        let to = target_data.join(entry.file_name());
        let bytes = std::fs::read(&from).map_err(|e| anyhow::anyhow!("{e}: {}", from.display()))?;
        if to.exists() {
            let existing =
                std::fs::read(&to).map_err(|e| anyhow::anyhow!("{e}: {}", to.display()))?;
            if existing != bytes {
                return Err(UsageError(format!(
                    "a different file is already there; move it away first: {}",
                    to.display()
                ))
                .into());
            }
            continue;
        }
        std::fs::write(&to, &bytes).map_err(|e| anyhow::anyhow!("{e}: {}", to.display()))?;
    }
    if let Some(name) = system_name {
        name.clone_into(&mut project.metadata.system_name);
    }
    project.metadata.created = today;
    project.metadata.modified = today;
    Ok(project)
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
        Template::ModelCardAudit => model_card_audit(&path, name, today)?,
        Template::ModerationIncident => {
            let folder = path.parent().unwrap_or_else(|| Path::new(""));
            let mut project = super::new_template::moderation_incident(folder, today)?;
            if let Some(name) = name {
                name.clone_into(&mut project.metadata.system_name);
            }
            project
        }
    };
    file::save_project(&path, &project)?;
    Ok(path)
}
