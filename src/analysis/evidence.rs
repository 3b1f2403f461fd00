//! Profiles of every dataset of a project, computed for the report's data-quality evidence (the same
//! profile as Measure › EDA and `riskbench profile`, with each dataset's column settings and the project's
//! alert thresholds).

use std::path::Path;

use super::profile::{Profile, ProfileOptions, profile_file};
use super::task::{Cancelled, TaskControl};
use crate::model::Project;

/// The profile of one project dataset, or why it could not be computed.
#[derive(Debug, Clone)]
pub struct ProfileEvidence {
    /// The dataset's id in the project.
    pub dataset_id: String,
    /// The dataset's display name.
    pub dataset_name: String,
    /// The profile, or the error message (file, line and column when the data is malformed).
    pub outcome: Result<Profile, String>,
}

/// Profiles every dataset of `project`, resolving paths against `base_dir`.
///
/// # Errors
/// Only cancellation; a dataset that cannot be profiled is recorded with its error message.
pub fn profile_datasets(
    project: &Project,
    base_dir: &Path,
    control: &TaskControl,
) -> Result<Vec<ProfileEvidence>, Cancelled> {
    let mut out = Vec::with_capacity(project.datasets.len());
    for dataset in &project.datasets {
        control.check()?;
        let path = crate::model::file::resolve_path(&dataset.path, base_dir);
        let options = ProfileOptions::from_dataset(dataset, &project.settings.eda);
        let outcome = profile_file(&path, &options, &TaskControl::new()).map_err(|e| {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            message
        });
        out.push(ProfileEvidence {
            dataset_id: dataset.dataset_id.clone(),
            dataset_name: dataset.name.clone(),
            outcome,
        });
    }
    Ok(out)
}
