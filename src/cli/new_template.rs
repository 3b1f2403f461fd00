//! The moderation-incident template of `riskbench new`: the sample project with its three data files written
//! beside it (`data/`), the datasets fingerprinted from the files as written and the weekly drift set run (with
//! bootstrap intervals of the disparities), so
//! the new project opens with the same evidence as `sample_projects/moderation_incident/`.

use std::path::Path;

use super::UsageError;
use crate::analysis::task::TaskControl;
use crate::model::incident::sample::{DATA_FILES, moderation_project};
use crate::model::{IsoDate, Project, file};

/// The sample's data files, as committed beside it (same bytes, same fingerprints).
const DATA: [&[u8]; 3] = [
    include_bytes!("../../sample_projects/moderation_incident/data/moderation_posts.csv"),
    include_bytes!("../../sample_projects/moderation_incident/data/moderation_posts_model_v1.csv"),
    include_bytes!("../../sample_projects/moderation_incident/data/moderation_posts_model_v2.csv"),
];

/// Builds the moderation-incident project for a project file in `folder`: writes the data files to
/// `folder/data/` (refusing to overwrite any), fingerprints them and runs the weekly drift set.
///
/// # Errors
/// [`UsageError`] when a data file already exists; write and analysis errors otherwise.
pub fn moderation_incident(folder: &Path, today: IsoDate) -> anyhow::Result<Project> {
    let mut project = moderation_project(today);
    for (_, _, rel) in DATA_FILES {
        let path = folder.join(rel);
        if path.exists() {
            return Err(UsageError(format!(
                "the template's data file already exists; choose another folder or delete it first: {}",
                path.display()
            ))
            .into());
        }
    }
    std::fs::create_dir_all(folder.join("data"))?;
    for ((dataset_id, _, rel), bytes) in DATA_FILES.iter().zip(DATA) {
        let path = folder.join(rel);
        file::write_atomic(&path, bytes)?;
        let info = crate::analysis::dataset::inspect_file(&path, &TaskControl::new())?;
        if let Some(d) = project
            .datasets
            .iter_mut()
            .find(|d| d.dataset_id == *dataset_id)
        {
            d.format = info.format;
            d.sha256 = info.fingerprint.sha256;
            d.bytes = info.fingerprint.bytes;
            d.rows = info.shape.rows;
            d.columns = info.shape.columns;
        }
    }
    refresh_drift(&mut project, folder)?;
    Ok(project)
}

/// Runs every windowed drift set of `project` and stores its summary (the sample has one).
fn refresh_drift(project: &mut Project, folder: &Path) -> anyhow::Result<()> {
    let fairness = project.settings.fairness.clone();
    // The summary disparities get bootstrap intervals, so the plan's fairness-over-time chart has them.
    let bootstrap = project.settings.fairness.bootstrap_resamples;
    let datasets = project.datasets.clone();
    for saved in &mut project.drift.drifts {
        let Some(spec) = &saved.windows else { continue };
        let Some(dataset) = datasets
            .iter()
            .find(|d| d.dataset_id == saved.current_dataset_id)
        else {
            continue;
        };
        let path = file::resolve_path(&dataset.path, folder);
        let report = crate::analysis::drift::windows::run_windows(
            &path,
            spec,
            &saved.options,
            &fairness,
            Some(bootstrap),
            &TaskControl::new(),
        )?;
        saved.result = Some(crate::analysis::drift::summary_of_windows(&report));
    }
    Ok(())
}
