//! `riskbench report PROJECT -o PLAN.pdf`: the formal AI Risk Treatment Plan. Saved audits are re-run and
//! datasets profiled first; the date is the project's last-saved date unless `--date` gives one, so the PDF
//! is reproducible.

use std::path::Path;

use super::UsageError;
use crate::model::IsoDate;
use crate::model::file;

/// Builds the treatment plan of a project and writes it atomically to `output`; returns the page count.
///
/// # Errors
/// [`UsageError`] for a bad date; project, render and write errors otherwise.
pub fn write_report(project: &Path, output: &Path, date: Option<&str>) -> anyhow::Result<usize> {
    let loaded = super::repair::load_project(project)?;
    let date = match date {
        Some(text) => text
            .parse::<IsoDate>()
            .map_err(|e| UsageError(format!("--date: {e}")))?,
        None => loaded.project.metadata.modified,
    };
    let base = project.parent().unwrap_or_else(|| Path::new("."));
    let audits = crate::analysis::audit::run_saved_audits(
        &loaded.project,
        base,
        &crate::analysis::task::TaskControl::new(),
    )?;
    for audit in &audits {
        if let Err(e) = &audit.outcome {
            eprintln!("warning: audit {:?} could not run: {e}", audit.name);
        }
    }
    let profiles = crate::analysis::evidence::profile_datasets(
        &loaded.project,
        base,
        &crate::analysis::task::TaskControl::new(),
    )?;
    for profile in &profiles {
        if let Err(e) = &profile.outcome {
            eprintln!(
                "warning: dataset {:?} could not be profiled: {e}",
                profile.dataset_name
            );
        }
    }
    let error_analyses = crate::analysis::error_analysis::run::run_saved_error_analyses(
        &loaded.project,
        base,
        &crate::analysis::task::TaskControl::new(),
    )?;
    for analysis in &error_analyses {
        if let Err(e) = &analysis.outcome {
            eprintln!(
                "warning: error analysis {:?} could not run: {e}",
                analysis.name
            );
        }
    }
    let doc = crate::report::plan::build_full(
        &loaded.project,
        &crate::report::plan::PlanOptions::all(date),
        &audits,
        &profiles,
        &crate::report::plan::PlanEvidence {
            error_analyses,
            ..crate::report::plan::PlanEvidence::default()
        },
    );
    let pdf = crate::report::render_pdf(&doc)?;
    file::write_atomic(output, &pdf)?;
    Ok(crate::report::page_count(&doc))
}
