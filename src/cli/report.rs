//! `riskbench report PROJECT -o PLAN.pdf`: the formal AI Risk Treatment Plan. Saved audits are re-run,
//! datasets profiled, validation suites, error analyses and the deployment gate run first; the date is the project's last-saved date unless `--date` gives one, so the PDF
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
    // Validation suites, the deployment gate (as of the plan's date) and the saved error analyses.
    let evidence = crate::report::plan::PlanEvidence::compute(
        &loaded.project,
        &project.to_string_lossy(),
        base,
        date,
        &crate::analysis::task::TaskControl::new(),
    )?;
    for analysis in &evidence.error_analyses {
        if let Err(e) = &analysis.outcome {
            eprintln!(
                "warning: error analysis {:?} could not run: {e}",
                analysis.name
            );
        }
    }
    for suite in &evidence.suites {
        if let Err(e) = &suite.outcome {
            eprintln!(
                "warning: validation suite {:?} could not run: {e}",
                suite.suite_name
            );
        }
    }
    let doc = crate::report::plan::build_full(
        &loaded.project,
        &crate::report::plan::PlanOptions::all(date),
        &audits,
        &profiles,
        &evidence,
    );
    let pdf = crate::report::render_pdf(&doc)?;
    file::write_atomic(output, &pdf)?;
    Ok(crate::report::page_count(&doc))
}

/// Builds the incident report of incident `incident_id` and writes it atomically to `output`; returns the
/// page count. The linked audits are re-run and the kill switch's effect measured from its dataset (a
/// warning, not an error, when that cannot be done).
///
/// # Errors
/// [`UsageError`] for a bad date or an incident the project does not have (naming the ones it has);
/// project, render and write errors otherwise.
pub fn write_incident_report(
    project: &Path,
    incident_id: &str,
    output: &Path,
    date: Option<&str>,
) -> anyhow::Result<usize> {
    let loaded = super::repair::load_project(project)?;
    let p = &loaded.project;
    let Some(incident) = p
        .incidents
        .iter()
        .find(|i| i.incident_id == incident_id.trim())
    else {
        let ids: Vec<&str> = p.incidents.iter().map(|i| i.incident_id.as_str()).collect();
        return Err(UsageError(if ids.is_empty() {
            format!("--incident: the project has no incidents, so there is no {incident_id:?}")
        } else {
            format!(
                "--incident: there is no incident {incident_id:?}; the project has {}",
                ids.join(", ")
            )
        })
        .into());
    };
    let date = match date {
        Some(text) => text
            .parse::<IsoDate>()
            .map_err(|e| UsageError(format!("--date: {e}")))?,
        None => p.metadata.modified,
    };
    let base = project.parent().unwrap_or_else(|| Path::new("."));
    let control = crate::analysis::task::TaskControl::new();
    let audits = crate::analysis::audit::run_saved_audits(p, base, &control)?;
    for audit in &audits {
        if let Err(e) = &audit.outcome
            && p.audits
                .iter()
                .any(|a| a.name == audit.name && incident.audit_ids.contains(&a.audit_id))
        {
            eprintln!("warning: audit {:?} could not run: {e}", audit.name);
        }
    }
    let effect = if incident
        .kill_switch
        .as_ref()
        .is_some_and(|k| k.pulled_at.is_some() && k.effect_data.is_some())
    {
        match crate::analysis::incident::incident_containment_effect(p, incident, base, &control) {
            Ok(e) => Some(e),
            Err(e) => {
                eprintln!("warning: the containment effect could not be measured: {e}");
                None
            }
        }
    } else {
        None
    };
    let doc = crate::report::incident::build(p, incident, date, &audits, effect.as_ref());
    let pdf = crate::report::render_pdf(&doc)?;
    file::write_atomic(output, &pdf)?;
    Ok(crate::report::page_count(&doc))
}
