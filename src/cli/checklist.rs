//! `riskbench checklist PROJECT`: the NIST AI RMF checklist of a project — coverage per function and the
//! status of every subcategory as text, its JSON with `--json FILE`, and links that point at nothing as
//! warnings on standard error.

use std::path::Path;

use super::write_json;
use crate::model::Project;

/// Coverage of one function in the `checklist --json` document.
#[derive(serde::Serialize)]
struct FunctionCoverage<'a> {
    function: &'a str,
    #[serde(flatten)]
    coverage: crate::model::checklist::Coverage,
    covered: usize,
    percent: usize,
}

/// The `checklist --json` document.
#[derive(serde::Serialize)]
struct ChecklistDocument<'a> {
    riskbench_version: &'a str,
    project: &'a str,
    coverage: Vec<FunctionCoverage<'a>>,
    subcategories: Vec<crate::model::checklist::ChecklistRow>,
    /// The same subcategories in the shape of every framework's checklist (owner, evidence, related items).
    items: Vec<crate::model::frameworks::checklist::ItemRow>,
    problems: Vec<crate::model::checklist::ChecklistProblem>,
    attribution: &'a str,
}

/// The text `riskbench checklist` prints: coverage per function, then one line per subcategory with its
/// status, followed by its notes and links when it has any.
#[must_use]
pub fn checklist_text(core: &crate::model::taxonomy::RmfCore, project: &Project) -> String {
    use crate::model::checklist::{
        audit_name, coverage_by_function, overall_coverage, risk_name, rows,
    };
    use std::fmt::Write as _;
    let mut out = String::new();
    let checklist = &project.nist_checklist;
    let _ = writeln!(
        out,
        "NIST AI RMF checklist: {}",
        project.metadata.system_name
    );
    let _ = writeln!(out, "Coverage (done and not applicable count as covered):");
    for (function, coverage) in coverage_by_function(core, checklist)
        .into_iter()
        .chain([("All", overall_coverage(core, checklist))])
    {
        let _ = writeln!(
            out,
            "  {function:<8} {:>2} of {:>2} covered ({:>3} %), {} in progress",
            coverage.covered(),
            coverage.total,
            coverage.percent(),
            coverage.in_progress
        );
    }
    out.push('\n');
    for row in rows(core, project) {
        let _ = writeln!(out, "{:<13} {}", row.subcategory_id, row.status.label());
        let notes = row.notes.split_whitespace().collect::<Vec<_>>().join(" ");
        if !notes.is_empty() {
            let _ = writeln!(out, "    notes: {notes}");
        }
        if !row.risks.is_empty() {
            let risks: Vec<String> = row
                .risks
                .iter()
                .map(|l| {
                    let name = risk_name(&project.risks, &l.risk_id);
                    if l.derived {
                        format!("{name} (from the register)")
                    } else {
                        name
                    }
                })
                .collect();
            let _ = writeln!(out, "    risks: {}", risks.join("; "));
        }
        if !row.audit_ids.is_empty() {
            let audits: Vec<&str> = row
                .audit_ids
                .iter()
                .map(|a| audit_name(&project.audits, a))
                .collect();
            let _ = writeln!(out, "    audits: {}", audits.join("; "));
        }
        if !row.documents.is_empty() {
            let _ = writeln!(out, "    documents: {}", row.documents.join("; "));
        }
    }
    out
}

/// `riskbench checklist PROJECT [--json FILE]`: prints the checklist, writes its JSON when asked, and reports
/// links that point at nothing on standard error.
///
/// # Errors
/// When the project cannot be read or the JSON cannot be written (exit code 2).
pub fn run_checklist(project_path: &Path, json: Option<&Path>) -> anyhow::Result<()> {
    use crate::model::checklist::{coverage_by_function, problems, rows};
    let project = super::repair::load_project(project_path)?.project;
    let core = crate::model::taxonomy::rmf_core().map_err(anyhow::Error::msg)?;
    let found = problems(core, &project);
    if let Some(path) = json {
        let document = ChecklistDocument {
            riskbench_version: env!("CARGO_PKG_VERSION"),
            project: &project.metadata.system_name,
            coverage: coverage_by_function(core, &project.nist_checklist)
                .into_iter()
                .map(|(function, coverage)| FunctionCoverage {
                    function,
                    coverage,
                    covered: coverage.covered(),
                    percent: coverage.percent(),
                })
                .collect(),
            subcategories: rows(core, &project),
            items: crate::model::frameworks::checklist::rows(
                &project,
                crate::model::frameworks::FrameworkId::NistAiRmf,
                project.metadata.modified,
            ),
            problems: found.clone(),
            attribution: &core.attribution,
        };
        write_json(&document, Some(path))?;
    }
    {
        use std::io::Write as _;
        std::io::stdout().write_all(checklist_text(core, &project).as_bytes())?;
    }
    // The problems are in the JSON; on standard error the load-time check has already warned of each.
    Ok(())
}
