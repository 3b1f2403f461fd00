//! `riskbench checklist PROJECT --framework KEY [--json FILE]` for the frameworks beyond NIST AI RMF (EU AI
//! Act, ISO/IEC 42001, ISO/IEC 23894, Google SAIF, Microsoft RAI Standard v2): coverage per section, then
//! every item with its status, evidence and related items; the EU AI Act also prints which obligations apply
//! and whether they are in force on the project's last-saved date. Without `--framework` (or with
//! `nist-ai-rmf`) the NIST checklist prints as before.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::model::checklist::{Coverage, audit_name, risk_name};
use crate::model::frameworks::checklist::{
    FrameworkProblem, ItemRow, coverage_by_section, overall_coverage, problems,
    regulatory_position, rows,
};
use crate::model::frameworks::{FrameworkId, framework};
use crate::model::{IsoDate, Project};

/// The `--framework` values, as the command line spells them.
pub const FRAMEWORK_KEYS: [&str; 6] = [
    "nist-ai-rmf",
    "eu-ai-act",
    "iso-42001",
    "iso-23894",
    "saif",
    "ms-rai",
];

#[derive(Serialize)]
struct SectionCoverage {
    section: String,
    #[serde(flatten)]
    coverage: Coverage,
    covered: usize,
    percent: usize,
}

/// The `checklist --framework KEY --json` document.
#[derive(Serialize)]
struct FrameworkChecklistDocument<'a> {
    riskbench_version: &'a str,
    project: &'a str,
    framework: FrameworkId,
    framework_name: &'a str,
    date: IsoDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    regulatory_position: Option<String>,
    coverage: Vec<SectionCoverage>,
    overall: SectionCoverage,
    items: Vec<ItemRow>,
    problems: Vec<FrameworkProblem>,
    attribution: &'a str,
    unverified: &'a [String],
}

fn section_coverage(section: String, coverage: Coverage) -> SectionCoverage {
    SectionCoverage {
        section,
        coverage,
        covered: coverage.covered(),
        percent: coverage.percent(),
    }
}

/// The text `riskbench checklist --framework KEY` prints for a framework other than NIST AI RMF.
#[must_use]
pub fn framework_checklist_text(
    project: &Project,
    framework_id: FrameworkId,
    date: IsoDate,
) -> String {
    let mut out = String::new();
    let rows = rows(project, framework_id, date);
    let _ = writeln!(
        out,
        "{} checklist: {}",
        framework_id.name(),
        project.metadata.system_name
    );
    if framework_id == FrameworkId::EuAiAct {
        match regulatory_position(project, date) {
            Some(position) => {
                let _ = writeln!(out, "Position on {date}: {position}");
            }
            None => {
                let _ = writeln!(out, "The EU AI Act classification is not decided.");
            }
        }
        let _ = writeln!(
            out,
            "Coverage (applicable obligations only; done and not applicable count as covered):"
        );
    } else {
        let _ = writeln!(out, "Coverage (done and not applicable count as covered):");
    }
    let width = rows
        .iter()
        .map(|r| r.section.chars().count())
        .max()
        .unwrap_or(3)
        .max(3);
    for (section, coverage) in coverage_by_section(&rows)
        .into_iter()
        .chain([("All".to_owned(), overall_coverage(&rows))])
    {
        if coverage.total == 0 {
            continue;
        }
        let _ = writeln!(
            out,
            "  {section:<width$} {:>2} of {:>2} covered ({:>3} %), {} in progress",
            coverage.covered(),
            coverage.total,
            coverage.percent(),
            coverage.in_progress
        );
    }
    out.push('\n');
    let id_width = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(0) + 1;
    for row in &rows {
        let name = if row.title.is_empty() {
            &row.label
        } else {
            &row.title
        };
        let _ = writeln!(
            out,
            "{:<id_width$} {:<15} {name}",
            row.id,
            row.status.label()
        );
        if !row.verified {
            let _ = writeln!(out, "    unverified: {}", row.note);
        }
        if let Some(o) = &row.obligation {
            let applies = if o.applies {
                "applies"
            } else {
                "does not apply"
            };
            let _ = writeln!(out, "    {applies}: {}", o.reason);
            if let (Some(dates), Some(in_force)) = (&o.dates, o.in_force) {
                let _ = writeln!(
                    out,
                    "    applies from {}; on {date}: {}",
                    dates.label(),
                    in_force.label()
                );
            }
        }
        if !row.owner.trim().is_empty() {
            let _ = writeln!(out, "    owner: {}", row.owner.trim());
        }
        let notes = row.notes.split_whitespace().collect::<Vec<_>>().join(" ");
        if !notes.is_empty() {
            let _ = writeln!(out, "    notes: {notes}");
        }
        let e = &row.evidence;
        if !e.risks.is_empty() {
            let risks: Vec<String> = e
                .risks
                .iter()
                .map(|l| {
                    let name = risk_name(&project.risks, &l.risk_id);
                    if l.derived {
                        format!("{name} (tagged in the register)")
                    } else {
                        name
                    }
                })
                .collect();
            let _ = writeln!(out, "    risks: {}", risks.join("; "));
        }
        if !e.audit_ids.is_empty() {
            let audits: Vec<&str> = e
                .audit_ids
                .iter()
                .map(|a| audit_name(&project.audits, a))
                .collect();
            let _ = writeln!(out, "    audits: {}", audits.join("; "));
        }
        for (what, ids) in [
            ("validation results", &e.validation_ids),
            ("drift results", &e.drift_ids),
            ("documents", &e.documents),
        ] {
            if !ids.is_empty() {
                let _ = writeln!(out, "    {what}: {}", ids.join("; "));
            }
        }
        if !row.related.is_empty() {
            let related: Vec<String> = row
                .related
                .iter()
                .filter(|r| !r.function_level)
                .map(|r| format!("{} [{}]", r.item, r.basis.label()))
                .collect();
            if !related.is_empty() {
                let _ = writeln!(out, "    related: {}", related.join("; "));
            }
        }
        if !row.related_derived.is_empty() {
            let derived: Vec<String> = row
                .related_derived
                .iter()
                .map(|r| format!("{} [{}]", r.item, r.basis.label()))
                .collect();
            let _ = writeln!(
                out,
                "    related through a NIST subcategory (derived, not published): {}",
                derived.join("; ")
            );
        }
    }
    if let Ok(f) = framework(framework_id) {
        let _ = writeln!(out, "\n{}", f.attribution);
    }
    out
}

/// Runs `riskbench checklist PROJECT --framework KEY [--json FILE]` for a framework other than NIST AI RMF
/// (the caller handles NIST). Problems go to standard error as warnings.
///
/// # Errors
/// When the project cannot be read, the framework data is malformed or the JSON cannot be written.
pub fn run_framework_checklist(
    project_path: &Path,
    framework_id: FrameworkId,
    json: Option<&Path>,
) -> anyhow::Result<()> {
    let project = super::repair::load_project(project_path)?.project;
    let f = framework(framework_id).map_err(anyhow::Error::msg)?;
    let date = project.metadata.modified;
    let found: Vec<FrameworkProblem> = problems(&project)
        .into_iter()
        .filter(|p| p.framework == framework_id.key())
        .collect();
    if let Some(path) = json {
        let items = rows(&project, framework_id, date);
        let document = FrameworkChecklistDocument {
            riskbench_version: env!("CARGO_PKG_VERSION"),
            project: &project.metadata.system_name,
            framework: framework_id,
            framework_name: framework_id.name(),
            date,
            regulatory_position: if framework_id == FrameworkId::EuAiAct {
                regulatory_position(&project, date)
            } else {
                None
            },
            coverage: coverage_by_section(&items)
                .into_iter()
                .map(|(s, c)| section_coverage(s, c))
                .collect(),
            overall: section_coverage("All".to_owned(), overall_coverage(&items)),
            items,
            problems: found.clone(),
            attribution: &f.attribution,
            unverified: &f.unverified,
        };
        super::write_json(&document, Some(path))?;
    }
    {
        use std::io::Write as _;
        std::io::stdout()
            .write_all(framework_checklist_text(&project, framework_id, date).as_bytes())?;
    }
    // The problems are in the JSON; on standard error the load-time check has already warned of each.
    Ok(())
}
