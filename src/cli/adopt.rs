//! `--adopt PROJECT` of `whatif`, `mitigate thresholds` and `mitigate reweigh`: checks that the data file is
//! the project's dataset (same SHA-256), builds the record of the option with
//! [`crate::analysis::mitigation::adopt`], records it in the project and links it to the risk of `--risk` as
//! a control with its tested effectiveness and an evidence link ([`crate::model::mitigation::adopt`]), and
//! saves the project. One flow for every kind of option; each command says only how its option is recorded.

use std::collections::BTreeMap;
use std::path::Path;

use super::UsageError;
use super::args::AdoptArgs;
use crate::analysis::mitigation::adopt::{AdoptContext, suggested_effectiveness_of};
use crate::analysis::mitigation::{ScoredData, ScoredSpec, load_scored};
use crate::analysis::table::read_table;
use crate::analysis::task::TaskControl;
use crate::model::mitigation::AdoptedMitigation;
use crate::model::register::ControlEffectiveness;

/// Reads `path` and decodes the columns of `spec`, printing the notes (dropped rows, scores outside [0, 1])
/// on standard error.
///
/// # Errors
/// An unreadable file or bad columns (usage errors, exit code 2).
pub(super) fn load(path: &Path, spec: &ScoredSpec) -> anyhow::Result<ScoredData> {
    let df = read_table(path, &TaskControl::new())?;
    let data = load_scored(&df, spec).map_err(|e| UsageError(e.to_string()))?;
    for note in &data.notes {
        eprintln!("riskbench: note: {note}");
    }
    Ok(data)
}

/// What a command knows about the option it adopts.
pub(super) struct Adoption<'a> {
    /// `--adopt` and its options.
    pub args: &'a AdoptArgs,
    /// The data file the option was tested on.
    pub data: &'a Path,
    /// Label, score and sensitive columns used.
    pub columns: BTreeMap<String, String>,
    /// The threshold in use today.
    pub current_threshold: f64,
    /// The control's name without `--name`.
    pub default_name: String,
}

/// `--effectiveness TEXT` read, or `None` without it.
fn effectiveness_arg(args: &AdoptArgs) -> Result<Option<ControlEffectiveness>, UsageError> {
    args.effectiveness
        .as_deref()
        .map(|text| {
            ControlEffectiveness::parse(text).ok_or_else(|| {
                UsageError(format!(
                    "--effectiveness {text:?}: expected Effective, Partially effective, Ineffective or Not \
                     tested"
                ))
            })
        })
        .transpose()
}

/// Records the option `build` makes (with the tested effectiveness it suggests, `None`: the one the
/// what-if suggests against the project's largest allowed difference) in the project of `--adopt`, links it
/// to `--risk`, saves the project and returns the new mitigation id; `None` without `--adopt`.
///
/// # Errors
/// An unreadable project, an unknown dataset or risk, a data file that is not the project's dataset, a bad
/// `--effectiveness`, or the project cannot be saved.
pub(super) fn adopt_option(
    adoption: Adoption<'_>,
    build: impl FnOnce(
        &AdoptContext,
    ) -> anyhow::Result<(AdoptedMitigation, Option<ControlEffectiveness>)>,
) -> anyhow::Result<Option<String>> {
    let args = adoption.args;
    let Some(project_path) = &args.adopt else {
        return Ok(None);
    };
    let chosen = effectiveness_arg(args)?;
    let mut project = super::repair::load_project(project_path)?.project;
    let previous = project.clone();
    let dataset_id = args.dataset.clone().unwrap_or_default();
    let dataset = project
        .dataset(&dataset_id)
        .ok_or_else(|| UsageError(format!("the project has no dataset {dataset_id:?}")))?;
    let sha =
        crate::analysis::dataset::fingerprint_file(adoption.data, &TaskControl::new())?.sha256;
    if sha != dataset.sha256 {
        return Err(UsageError(format!(
            "{} is not the project's dataset {dataset_id} (SHA-256 {}… here, {}… in the project)",
            adoption.data.display(),
            sha.get(..12).unwrap_or(&sha),
            dataset.sha256.get(..12).unwrap_or(&dataset.sha256)
        ))
        .into());
    }
    let ctx = AdoptContext {
        name: args.name.clone().unwrap_or(adoption.default_name),
        dataset_id,
        dataset_sha256: sha,
        columns: adoption.columns,
        current_threshold: adoption.current_threshold,
        rationale: args.rationale.clone().unwrap_or_default(),
        risk_id: args.risk.clone(),
        today: crate::model::IsoDate::today(),
    };
    let (record, suggested) = build(&ctx)?;
    let limit = project.settings.fairness.difference_max;
    let effectiveness = chosen
        .or(suggested)
        .unwrap_or_else(|| suggested_effectiveness_of(&record, limit));
    let id = crate::model::mitigation::adopt(&mut project, record, effectiveness)
        .map_err(|e| UsageError(e.to_string()))?;
    super::save_recorded(project_path, Some(&previous), &mut project)?;
    eprintln!("adopted {id} in {}", project_path.display());
    Ok(Some(id))
}
