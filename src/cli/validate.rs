//! `riskbench validate`: a Great Expectations 1.x suite on a data file, or the validation rules saved in a
//! project. JSON (`validate --json` shape of `cli.md`) when asked or piped, a readable table on a terminal;
//! `--junit FILE` writes `JUnit` XML (one testsuite per suite). Exit 1 when a rule fails, 2 on bad input
//! (invalid suite JSON, a missing column, a regex that does not compile, `mostly` outside [0, 1], each naming
//! the expectation's index). A file larger than `--memory-limit` is read in blocks, a batch of columns at a
//! time, with the same JSON (`validation::run_file`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::analysis::table::stream;
use crate::analysis::task::TaskControl;
use crate::analysis::validation::{self, ValidationReport, gx};
use crate::model::file::{self, PROJECT_EXTENSION};
use crate::model::validation::MissingReading;

use super::UsageError;

/// How missing cells are read (`--missing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MissingArg {
    /// Only an empty cell is null (Riskbench's reading)
    Empty,
    /// Also pandas' default NA tokens (NA, N/A, null, None, NaN, …), as pandas reads a CSV by default
    Pandas,
}

/// Options of `riskbench validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// A CSV/Parquet file (with --suite), or a project file (its saved validation rules)
    pub input: PathBuf,
    /// A Great Expectations 1.x suite JSON file to run on the data file
    #[arg(long, value_name = "SUITE.json")]
    pub suite: Option<PathBuf>,
    /// How missing cells are read, with --suite (a project's suites say it themselves)
    #[arg(long, value_enum, default_value_t = MissingArg::Empty, requires = "suite")]
    pub missing: MissingArg,
    /// Write the JSON to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Also write a junit XML report to FILE
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Read a file in blocks when reading it whole would use more than this (e.g. 1GB, 512MB, 10%; default:
    /// RISKBENCH_MEMORY_LIMIT, else a quarter of the RAM)
    #[expect(clippy::doc_markdown, reason = "clap help text, shown as written")]
    #[arg(long, value_name = "SIZE")]
    pub memory_limit: Option<String>,
}

/// Whether a path names a project file.
fn is_project(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().ends_with(PROJECT_EXTENSION))
}

/// Reads and parses a suite file.
///
/// # Errors
/// [`UsageError`] naming the file and what is wrong.
pub fn read_suite(path: &Path) -> anyhow::Result<gx::ImportedSuite> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UsageError(format!("cannot read the suite {}: {e}", path.display())))?;
    gx::parse_suite(&text).map_err(|e| UsageError(format!("{}: {e}", path.display())).into())
}

/// Runs a suite file on a data file (what `validate DATA --suite SUITE` does), checking that every column
/// it names exists.
///
/// # Errors
/// [`UsageError`] for a bad suite or a missing column; loader errors.
pub fn validate_data(
    data: &Path,
    suite_path: &Path,
    reading: MissingReading,
    control: &TaskControl,
) -> anyhow::Result<ValidationReport> {
    let suite = read_suite(suite_path)?;
    // A file read in blocks is checked against its header before any block is read.
    if stream::streams(data).unwrap_or(false) {
        let columns = stream::column_names(data, &TaskControl::new())?;
        if let Some(problem) = validation::missing_column_in(&columns, &suite.rules) {
            return Err(UsageError(format!("{}: {problem}", suite_path.display())).into());
        }
    }
    let run = validation::run_file(data, &suite.rules, reading, &[], control)?;
    if let Some(problem) = validation::missing_column_in(&run.columns, &suite.rules) {
        return Err(UsageError(format!("{}: {problem}", suite_path.display())).into());
    }
    Ok(run.report(&suite.name, data, reading, &[]))
}

/// Runs every validation suite saved in a project.
///
/// # Errors
/// Project and loader errors; a suite naming a dataset the project does not have.
pub fn validate_project(
    project_path: &Path,
    control: &TaskControl,
) -> anyhow::Result<Vec<ValidationReport>> {
    let project = file::load_project(project_path)?.project;
    let base = project_path.parent().unwrap_or_else(|| Path::new("."));
    let mut reports = Vec::new();
    for suite in &project.validation_suites {
        let (dataset, path) = super::saved::dataset(&project, suite, base)?;
        let report = validation::run_file(
            &path,
            &suite.rules,
            suite.reading,
            &dataset.missing_tokens,
            control,
        )
        .map_err(|e| anyhow::anyhow!("suite {:?}: {e}", suite.name))?
        .report(&suite.name, &path, suite.reading, &dataset.missing_tokens);
        reports.push(report);
    }
    Ok(reports)
}

/// The `validate PROJECT --json` document.
#[derive(serde::Serialize)]
struct ProjectValidation<'a> {
    riskbench_version: &'a str,
    project: String,
    success: bool,
    suites: &'a [ValidationReport],
}

/// `riskbench validate`.
///
/// # Errors
/// Usage and input errors (exit code 2).
pub fn run_validate(args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let reading = match args.missing {
        MissingArg::Empty => MissingReading::EmptyCells,
        MissingArg::Pandas => MissingReading::Pandas,
    };
    super::apply_memory_limit(args.memory_limit.as_deref())?;
    stream::memory_limit().map_err(|e| UsageError(e.to_string()))?;
    let (reports, single) = match &args.suite {
        Some(suite) => (
            vec![super::with_row_progress(|control| {
                validate_data(&args.input, suite, reading, control)
            })?],
            true,
        ),
        None if is_project(&args.input) => (
            super::with_row_progress(|control| validate_project(&args.input, control))?,
            false,
        ),
        None => {
            return Err(UsageError(format!(
                "{}: give --suite SUITE.json to validate a data file, or a project file ({PROJECT_EXTENSION})",
                args.input.display()
            ))
            .into());
        }
    };
    if let Some(path) = &args.junit {
        file::write_atomic(path, validation::junit(&reports).as_bytes())?;
    }
    let success = reports.iter().all(|r| r.success);
    let terminal = super::terminal::wants_table(args.json.as_deref());
    if terminal {
        if reports.is_empty() {
            println!("the project has no validation rules");
        }
        for r in &reports {
            print!("{}", validation::text_table(r));
        }
    } else if single {
        super::write_json(&reports[0], args.json.as_deref())?;
    } else {
        super::write_json(
            &ProjectValidation {
                riskbench_version: crate::VERSION,
                project: args.input.to_string_lossy().into_owned(),
                success,
                suites: &reports,
            },
            args.json.as_deref(),
        )?;
    }
    if !terminal {
        for r in &reports {
            eprintln!(
                "{}: {} of {} rules passed",
                r.suite, r.statistics.successful_expectations, r.statistics.evaluated_expectations
            );
        }
    }
    Ok(if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `riskbench bench validate`: `runs` repetitions of load (with the SHA-256 on another thread, as
/// `validate` does) and of the suite on the loaded table, in this process; min and median of each, plus the
/// verdict and unexpected counts (for `scripts/bench_validate.py` to compare with Great Expectations).
///
/// # Errors
/// Suite and loader errors.
pub fn bench_validate(
    data: &Path,
    suite_path: &Path,
    runs: u32,
) -> anyhow::Result<serde_json::Value> {
    use std::time::Instant;
    let suite = read_suite(suite_path)?;
    let ms = |start: Instant| start.elapsed().as_secs_f64() * 1000.0;
    let (mut load, mut check, mut total) = (Vec::new(), Vec::new(), Vec::new());
    let mut last = None;
    let mut rows = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let (df, _fingerprint) =
            validation::read_and_fingerprint(data, MissingReading::EmptyCells, &[])?;
        load.push(ms(start));
        let t = Instant::now();
        let results = validation::run_rules(&df, &suite.rules);
        check.push(ms(t));
        total.push(ms(start));
        rows = df.height();
        last = Some(results);
    }
    let stats = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        serde_json::json!({"min": v.first(), "median": v.get(v.len() / 2)})
    };
    let results = last.unwrap_or_default();
    Ok(serde_json::json!({
        "what": format!("validate {} with {} rules (load + SHA-256 in parallel, then the suite)", data.display(), suite.rules.len()),
        "build": if cfg!(debug_assertions) { "debug" } else { "release" },
        "runs": runs.max(1),
        "rows": rows,
        "load_ms": stats(load),
        "validate_ms": stats(check),
        "total_ms": stats(total),
        "success": results.iter().all(|r| r.success),
        "unexpected_counts": results.iter().map(validation::RuleResult::unexpected_count).collect::<Vec<_>>(),
    }))
}
