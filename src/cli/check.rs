//! `riskbench check PROJECT`: the deployment gate (`analysis::gate`). Exit 0 when every check passes, 1 when
//! one fails, 2 on bad input. JSON (`check --json` shape of `cli.md`) when asked or piped, a readable list of
//! what blocks release on a terminal; `--junit FILE` writes `JUnit` XML (one testsuite per kind, one testcase
//! per check, `skipped` for an inconclusive one), even when there are no checks. Inconclusive checks (a
//! fairness check on a group below the minimum group size, or on an undefined value) never fail the gate;
//! they are counted on the first line and per kind. Validation suites and audits read a file larger than
//! `--memory-limit` in blocks, with the same results (`validation::run_rules_on_file`, `audit::run_audit`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::analysis::gate::{self, GateReport};
use crate::model::IsoDate;
use crate::model::file;

use super::UsageError;

/// Options of `riskbench check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The project file
    pub project: PathBuf,
    /// Also write a junit XML report to FILE (written even when there are no checks)
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Write the JSON to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Evaluate acceptance expiry as of this date YYYY-MM-DD (default: today)
    #[arg(long)]
    pub date: Option<String>,
    /// Read a file in blocks when reading it whole would use more than this (e.g. 1GB, 512MB, 10%; default:
    /// RISKBENCH_MEMORY_LIMIT, else a quarter of the RAM)
    #[expect(clippy::doc_markdown, reason = "clap help text, shown as written")]
    #[arg(long, value_name = "SIZE")]
    pub memory_limit: Option<String>,
}

/// Evaluates the gate of a project file.
///
/// # Errors
/// Project file errors.
pub fn check_project(project_path: &Path, today: IsoDate) -> anyhow::Result<GateReport> {
    let project = file::load_project(project_path)?.project;
    let base = project_path.parent().unwrap_or_else(|| Path::new("."));
    Ok(gate::evaluate(
        &project,
        &project_path.to_string_lossy(),
        base,
        today,
        &crate::analysis::task::TaskControl::new(),
    )?)
}

/// The readable verdict: what blocks release, then counts per kind.
#[must_use]
pub fn text(report: &GateReport) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let failures: Vec<_> = report.failures().collect();
    let inconclusive = report.inconclusive().count();
    let _ = writeln!(
        out,
        "{}: {} of {} checks failed{} — release {}",
        report.project,
        failures.len(),
        report.checks.len(),
        if inconclusive > 0 {
            format!(", {inconclusive} inconclusive (not blocking)")
        } else {
            String::new()
        },
        if report.passed {
            "may proceed"
        } else {
            "is blocked"
        }
    );
    for c in &failures {
        let _ = writeln!(
            out,
            "  FAIL [{}] {}: {} — {}",
            c.kind.as_str(),
            c.subject,
            c.name,
            c.message
        );
    }
    let mut kinds: Vec<_> = report.checks.iter().map(|c| c.kind).collect();
    kinds.dedup();
    for kind in kinds {
        let all = report.checks.iter().filter(|c| c.kind == kind).count();
        let failed = failures.iter().filter(|c| c.kind == kind).count();
        let unsure = report.inconclusive().filter(|c| c.kind == kind).count();
        let _ = write!(out, "  {:<10} {failed} of {all} failed", kind.as_str());
        if unsure > 0 {
            let _ = write!(out, ", {unsure} inconclusive");
        }
        out.push('\n');
    }
    out
}

/// `riskbench check`.
///
/// # Errors
/// Usage and input errors (exit code 2).
pub fn run_check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    super::apply_memory_limit(args.memory_limit.as_deref())?;
    let today = match &args.date {
        Some(d) => d
            .parse::<IsoDate>()
            .map_err(|e| UsageError(format!("--date: {e}")))?,
        None => IsoDate::today(),
    };
    let report = check_project(&args.project, today)?;
    if let Some(path) = &args.junit {
        file::write_atomic(path, gate::junit(&report).as_bytes())?;
    }
    if super::terminal::wants_table(args.json.as_deref()) {
        print!("{}", text(&report));
    } else {
        super::write_json(&report, args.json.as_deref())?;
        eprint!("{}", text(&report));
    }
    Ok(if report.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
