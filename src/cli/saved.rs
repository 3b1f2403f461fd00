//! The analyses a project has saved, run again by a command (`audit --project`, `error-analysis --project`,
//! `validate PROJECT`): choosing them by `--name`, and finding the dataset each one names, with its path
//! resolved against the project's folder. One home for the selection rule and its two error messages.

use std::path::{Path, PathBuf};

use super::UsageError;
use crate::model::audit::SavedAudit;
use crate::model::error_analysis::SavedErrorAnalysis;
use crate::model::file;
use crate::model::project::{DatasetRef, Project};
use crate::model::validation::ValidationSuite;

/// Something a project saves that runs on one of its datasets.
pub trait SavedItem {
    /// What one is called in messages ("audit", "error analysis").
    const KIND: &'static str;
    /// The item's name.
    fn name(&self) -> &str;
    /// The project dataset it runs on.
    fn dataset_id(&self) -> &str;
    /// Whether `--name NAME` selects it (its name, by default).
    fn answers_to(&self, name: &str) -> bool {
        self.name() == name
    }
}

impl SavedItem for SavedAudit {
    const KIND: &'static str = "audit";
    fn name(&self) -> &str {
        &self.name
    }
    fn dataset_id(&self) -> &str {
        &self.dataset_id
    }
}

impl SavedItem for SavedErrorAnalysis {
    const KIND: &'static str = "error analysis";
    fn name(&self) -> &str {
        &self.name
    }
    fn dataset_id(&self) -> &str {
        &self.dataset_id
    }
    /// An analysis also answers to its id.
    fn answers_to(&self, name: &str) -> bool {
        self.name == name || self.analysis_id == name
    }
}

impl SavedItem for ValidationSuite {
    const KIND: &'static str = "suite";
    fn name(&self) -> &str {
        &self.name
    }
    fn dataset_id(&self) -> &str {
        &self.dataset_id
    }
}

/// The items `--name` selects (all of them without it), in the project's order.
///
/// # Errors
/// [`UsageError`] when none is selected: naming the ones the project has, or saying it has none
/// (`kinds` is the plural used there, e.g. "audits").
pub fn select<'a, T: SavedItem>(
    items: &'a [T],
    name: Option<&str>,
    kinds: &str,
    project_path: &Path,
) -> Result<Vec<&'a T>, UsageError> {
    let selected: Vec<&T> = items
        .iter()
        .filter(|item| name.is_none_or(|n| item.answers_to(n)))
        .collect();
    if selected.is_empty() {
        let names: Vec<&str> = items.iter().map(SavedItem::name).collect();
        return Err(super::nothing_selected(
            T::KIND,
            kinds,
            name,
            &names,
            project_path,
        ));
    }
    Ok(selected)
}

/// The dataset an item runs on, and its file's path resolved against `base` (the project's folder).
///
/// # Errors
/// [`UsageError`] when the project has no dataset with the item's `dataset_id`.
pub fn dataset<'p>(
    project: &'p Project,
    item: &impl SavedItem,
    base: &Path,
) -> Result<(&'p DatasetRef, PathBuf), UsageError> {
    let dataset = project.dataset(item.dataset_id()).ok_or_else(|| {
        UsageError(format!(
            "{} {:?} refers to dataset {:?}, which the project does not have",
            kind_of(item),
            item.name(),
            item.dataset_id()
        ))
    })?;
    Ok((dataset, file::resolve_path(&dataset.path, base)))
}

fn kind_of<T: SavedItem>(_: &T) -> &'static str {
    T::KIND
}
