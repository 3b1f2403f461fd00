//! The command line: `riskbench [PROJECT]` opens the GUI, subcommands run headless.
//!
//! Contract: `shared/spec/cli.md`. Commands not built yet are absent from `--help`, not stubs. Output a program
//! reads goes to stdout; messages go to stderr. Exit codes: 0 success, 1 a gate or check failed, 2 bad usage or
//! bad input, with one line naming what is wrong.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod bowtie;
pub use bowtie::{BowtieArgs, run_bowtie};

pub mod dataset;
pub use dataset::DatasetCommand;

use crate::model::file::{self, PROJECT_EXTENSION};

pub mod profile_bench;

pub mod check;
pub mod validate;
use crate::model::{IsoDate, Project};

/// Riskbench: assess and treat the risks of AI systems, offline.
#[derive(Debug, Parser)]
#[command(
    name = "riskbench",
    version,
    about = "Assess and treat the risks of AI systems, offline",
    long_about = "Riskbench: an offline workbench for assessing and treating the risks of AI systems.\n\n\
                  Without a command it opens the GUI on PROJECT, or on the last project, or on the bundled \
                  sample project.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Project file to open in the GUI (default: the last project, else the bundled sample)
    pub project: Option<PathBuf>,
    /// A headless command
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Create a project file
    New {
        /// The file to create (`.riskbench.ron` is added when missing)
        project: PathBuf,
        /// What to start from
        #[arg(long, value_enum, default_value_t = Template::Blank)]
        template: Template,
        /// Name of the AI system (default: from the file name)
        #[arg(long)]
        name: Option<String>,
    },
    /// Fairness audit: per-group metrics, disparities and checks (Fairlearn / AIF360 definitions)
    ///
    /// A completed audit exits 0 even when checks fail: it is a measurement. The gate that exits 1 on failed
    /// checks is `riskbench check`.
    #[command(group(clap::ArgGroup::new("source").required(true).args(["data", "project"])))]
    Audit(Box<AuditArgs>),
    /// EDA profile of a CSV/Parquet file: statistics, correlations, alerts, fairness (representation, proxies)
    Profile(Box<profile_bench::ProfileArgs>),
    /// Time Riskbench's heavy operations (run a release build for meaningful numbers)
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Write the formal AI Risk Treatment Plan as a PDF
    Report {
        /// The project file
        project: PathBuf,
        /// The PDF to write
        #[arg(short = 'o', long = "output", value_name = "PLAN.pdf")]
        output: PathBuf,
        /// Document date YYYY-MM-DD (default: the project's last-saved date, so the PDF is reproducible)
        #[arg(long)]
        date: Option<String>,
    },
    /// NIST AI RMF checklist: coverage per function and the status of every subcategory
    Checklist {
        /// The project file
        project: PathBuf,
        /// Also write the checklist as JSON to FILE
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
    },
    /// Export a bow-tie as an SVG or PNG image
    Bowtie(Box<BowtieArgs>),
    /// The datasets of a project: add a file (fingerprint, roles, types), list them, check their fingerprints
    #[command(subcommand)]
    Dataset(DatasetCommand),
    /// Run a Great Expectations suite on a data file, or a project's validation rules (exit 1 if a rule fails)
    Validate(Box<validate::ValidateArgs>),
    /// The deployment gate: audit checks, blocking validation rules, stale evidence, risks above appetite
    /// (exit 1 if any fails)
    Check(Box<check::CheckArgs>),
}

/// What `riskbench bench` times.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Build and render the treatment plan of a project (saved audits are run once, outside the timing)
    Report {
        /// The project file
        project: PathBuf,
        /// Timed repetitions
        #[arg(long, default_value_t = 10)]
        runs: u32,
    },
    /// Generate a 12-column table (fixed seed) and time loading + profiling it
    Profile {
        /// Rows of the generated table
        #[arg(long, default_value_t = 1_000_000)]
        rows: u64,
        /// Timed repetitions
        #[arg(long, default_value_t = 3)]
        runs: u32,
        /// Keep the generated CSV at this path (for `scripts/bench_profile.py`)
        #[arg(long, value_name = "FILE")]
        keep: Option<PathBuf>,
    },
    /// One load + profile of FILE with the benchmark's options, in this process (what each repetition of
    /// `bench profile` runs in a child process); prints times and this process's peak memory
    #[command(hide = true)]
    ProfileRun {
        /// The CSV or Parquet file
        file: PathBuf,
    },
    /// Load a CSV file and run a Great Expectations suite on it (for `scripts/bench_validate.py`)
    Validate {
        /// The CSV or Parquet file
        file: PathBuf,
        /// The GX 1.x suite JSON
        #[arg(long, value_name = "SUITE.json")]
        suite: PathBuf,
        /// Timed repetitions
        #[arg(long, default_value_t = 3)]
        runs: u32,
    },
    /// Load a dataset and run a fairness audit (same options as `riskbench audit`)
    Audit {
        /// Timed repetitions
        #[arg(long, default_value_t = 3)]
        runs: u32,
        /// The audit
        #[command(flatten)]
        audit: Box<AuditArgs>,
    },
}

/// Options of `riskbench audit`.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// The CSV or Parquet file to audit
    pub data: Option<PathBuf>,
    /// Run the audits saved in this project instead
    #[arg(long, conflicts_with_all = ["label", "prediction", "score", "threshold", "sensitive"])]
    pub project: Option<PathBuf>,
    /// With --project: only the audit with this name
    #[arg(long, requires = "project")]
    pub name: Option<String>,
    /// Label (ground truth) column
    #[arg(long, requires = "data")]
    pub label: Option<String>,
    /// Prediction column
    #[arg(long, conflicts_with = "score")]
    pub prediction: Option<String>,
    /// Score column (prediction = score >= threshold)
    #[arg(long, requires = "threshold")]
    pub score: Option<String>,
    /// Decision threshold for --score
    #[arg(long, requires = "score")]
    pub threshold: Option<f64>,
    /// Sensitive columns, comma-separated; each is audited on its own
    #[arg(long, value_delimiter = ',')]
    pub sensitive: Vec<String>,
    /// Label value that counts as positive (required unless the label is 0/1 or true/false)
    #[arg(long)]
    pub positive: Option<String>,
    /// Prediction value that counts as positive (default: --positive)
    #[arg(long)]
    pub pred_positive: Option<String>,
    /// Reference group COL=VALUE (or COL=largest, COL=best); default: the largest group
    #[arg(long, value_name = "COL=VALUE")]
    pub reference: Vec<String>,
    /// Sample-weight column
    #[arg(long)]
    pub weight: Option<String>,
    /// Groups smaller than N are flagged "small sample" (default 30)
    #[arg(long, value_name = "N")]
    pub min_group: Option<u32>,
    /// Bootstrap resamples for confidence intervals (stratified by group; default: none, Wilson intervals only)
    #[arg(long, value_name = "N")]
    pub bootstrap: Option<u32>,
    /// Bootstrap seed
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Also audit the combination of the sensitive columns
    #[arg(long)]
    pub intersect: bool,
    /// Write the JSON to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// Project templates for `riskbench new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Template {
    /// An empty assessment with the default risk matrix and fairness thresholds
    Blank,
}

/// An error for the user: printed as one line, exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Entry point of the binary.
#[must_use]
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error_exit(&e),
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("riskbench: error: {}", one_line(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

fn clap_error_exit(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        print!("{e}");
        return ExitCode::SUCCESS;
    }
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        eprint!("{e}");
        return ExitCode::from(2);
    }
    let rendered = e.render().to_string();
    let parts: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with("For more information") && !l.starts_with("Usage:")
        })
        .collect();
    let message = parts.join("; ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    eprintln!("riskbench: error: {message}");
    ExitCode::from(2)
}

fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs a parsed command line.
///
/// # Errors
/// Anything that should end the process with exit code 2.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => {
            crate::ui::run(cli.project, bundled_sample())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::New {
            project,
            template,
            name,
        }) => {
            let path = new_project(&project, template, name.as_deref(), IsoDate::today())?;
            eprintln!("created {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Audit(args)) => {
            run_audit_command(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Profile(args)) => {
            profile_bench::run_profile_command(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Bench(bench)) => {
            run_bench(&bench)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Report {
            project,
            output,
            date,
        }) => {
            let pages = write_report(&project, &output, date.as_deref())?;
            eprintln!("wrote {} ({pages} pages)", output.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Checklist { project, json }) => {
            run_checklist(&project, json.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Bowtie(args)) => {
            let bowtie_id = run_bowtie(&args)?;
            eprintln!("wrote {} ({bowtie_id})", args.output.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Dataset(command)) => dataset::run_dataset(&command),
        Some(CliCommand::Validate(args)) => validate::run_validate(&args),
        Some(CliCommand::Check(args)) => check::run_check(&args),
    }
}

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
    let project = file::load_project(project_path)?.project;
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
            problems: found.clone(),
            attribution: &core.attribution,
        };
        write_json(&document, Some(path))?;
    }
    {
        use std::io::Write as _;
        std::io::stdout().write_all(checklist_text(core, &project).as_bytes())?;
    }
    for problem in &found {
        eprintln!("riskbench: warning: {problem}");
    }
    Ok(())
}

/// One named audit in the `audit --project` document.
#[derive(serde::Serialize)]
struct Named<'a> {
    name: &'a str,
    #[serde(flatten)]
    report: &'a crate::analysis::audit::AuditReport,
}
/// The `audit --project` document when every saved audit runs.
#[derive(serde::Serialize)]
struct All<'a> {
    riskbench_version: &'a str,
    project: String,
    audits: Vec<Named<'a>>,
}

fn audit_spec(args: &AuditArgs) -> anyhow::Result<crate::model::audit::AuditSpec> {
    let mut reference = std::collections::BTreeMap::new();
    for r in &args.reference {
        let (col, value) = r
            .split_once('=')
            .ok_or_else(|| UsageError(format!("--reference expects COL=VALUE, found {r:?}")))?;
        reference.insert(col.to_owned(), value.to_owned());
    }
    Ok(crate::model::audit::AuditSpec {
        label: args
            .label
            .clone()
            .ok_or_else(|| UsageError("--label COL is required with a data file".to_owned()))?,
        prediction: args.prediction.clone(),
        score: args.score.clone(),
        threshold: args.threshold,
        positive: args.positive.clone(),
        pred_positive: args.pred_positive.clone(),
        sensitive: args.sensitive.clone(),
        intersect: args.intersect,
        reference,
        weight: args.weight.clone(),
        min_group: args.min_group,
        bootstrap: args.bootstrap,
        seed: args.seed,
    })
}

fn write_json(value: &impl serde::Serialize, to: Option<&Path>) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    match to {
        Some(path) => file::write_atomic(path, text.as_bytes())?,
        None => {
            use std::io::Write as _;
            std::io::stdout().write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

fn summarise(name: &str, report: &crate::analysis::audit::AuditReport) {
    for result in &report.results {
        let failed = result
            .checks
            .iter()
            .filter(|c| c.pass == Some(false))
            .count();
        eprintln!(
            "{name}{}: {} groups, {failed} of {} checks failed",
            result.sensitive.join(" × "),
            result.by_group.len(),
            result.checks.len()
        );
    }
}

/// `riskbench audit`: a data file with columns given as options, or the audits saved in a project.
///
/// # Errors
/// Usage and input errors (exit code 2).
pub fn run_audit_command(args: &AuditArgs) -> anyhow::Result<()> {
    use crate::analysis::audit::run_audit;
    use crate::analysis::task::TaskControl;
    if let Some(project_path) = &args.project {
        let project = file::load_project(project_path)?.project;
        let base = project_path.parent().unwrap_or_else(|| Path::new("."));
        let selected: Vec<_> = project
            .audits
            .iter()
            .filter(|a| args.name.as_ref().is_none_or(|n| *n == a.name))
            .collect();
        if selected.is_empty() {
            let names: Vec<&str> = project.audits.iter().map(|a| a.name.as_str()).collect();
            return Err(UsageError(match &args.name {
                Some(n) => format!(
                    "the project has no audit named {n:?} (audits: {})",
                    names.join(", ")
                ),
                None => format!(
                    "the project has no saved audits: {}",
                    project_path.display()
                ),
            })
            .into());
        }
        let mut reports = Vec::new();
        for audit in selected {
            let dataset = project.dataset(&audit.dataset_id).ok_or_else(|| {
                UsageError(format!(
                    "audit {:?} refers to dataset {:?}, which the project does not have",
                    audit.name, audit.dataset_id
                ))
            })?;
            let path = file::resolve_path(&dataset.path, base);
            let report = run_audit(
                &path,
                &audit.spec,
                &project.settings.fairness,
                &TaskControl::new(),
            )
            .map_err(|e| anyhow::anyhow!("audit {:?}: {e}", audit.name))?;
            if report.dataset.sha256 != dataset.sha256 {
                eprintln!(
                    "warning: {} changed since it was added to the project (SHA-256 {} now, {} stored);                      findings linked to the old file are stale",
                    dataset.path, report.dataset.sha256, dataset.sha256
                );
            }
            summarise(&format!("{}: ", audit.name), &report);
            reports.push((audit.name.clone(), report));
        }
        if args.name.is_some() && reports.len() == 1 {
            return write_json(&reports[0].1, args.json.as_deref());
        }
        let all = All {
            riskbench_version: crate::VERSION,
            project: project_path.to_string_lossy().into_owned(),
            audits: reports
                .iter()
                .map(|(name, report)| Named { name, report })
                .collect(),
        };
        return write_json(&all, args.json.as_deref());
    }
    let data = args
        .data
        .as_deref()
        .ok_or_else(|| UsageError("give a data file or --project".to_owned()))?;
    let spec = audit_spec(args)?;
    let report = run_audit(
        data,
        &spec,
        &crate::model::settings::FairnessThresholds::default(),
        &TaskControl::new(),
    )?;
    summarise("", &report);
    write_json(&report, args.json.as_deref())
}

/// Times of repeated runs, in milliseconds.
#[derive(Debug, serde::Serialize)]
struct Timing {
    what: String,
    build: &'static str,
    runs: usize,
    min_ms: f64,
    median_ms: f64,
    max_ms: f64,
    #[serde(flatten)]
    extra: std::collections::BTreeMap<String, serde_json::Value>,
}

fn timing(
    what: String,
    mut times_ms: Vec<f64>,
    extra: std::collections::BTreeMap<String, serde_json::Value>,
) -> Timing {
    times_ms.sort_by(f64::total_cmp);
    Timing {
        what,
        build: if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        runs: times_ms.len(),
        min_ms: times_ms.first().copied().unwrap_or(f64::NAN),
        median_ms: times_ms
            .get(times_ms.len() / 2)
            .copied()
            .unwrap_or(f64::NAN),
        max_ms: times_ms.last().copied().unwrap_or(f64::NAN),
        extra,
    }
}

fn run_bench(bench: &BenchCommand) -> anyhow::Result<()> {
    use std::time::Instant;
    let ms = |start: Instant| start.elapsed().as_secs_f64() * 1000.0;
    let result = match bench {
        BenchCommand::Profile { rows, runs, keep } => {
            let result = profile_bench::bench_profile(*rows, *runs, keep.as_deref())?;
            return write_json(&result, None);
        }
        BenchCommand::Validate { file, suite, runs } => {
            return write_json(&validate::bench_validate(file, suite, *runs)?, None);
        }
        BenchCommand::ProfileRun { file } => {
            let result = profile_bench::profile_run(file)?;
            return write_json(&result, None);
        }
        BenchCommand::Report { project, runs } => {
            let loaded = file::load_project(project)?.project;
            let base = project.parent().unwrap_or_else(|| Path::new("."));
            let audits = crate::analysis::audit::run_saved_audits(
                &loaded,
                base,
                &crate::analysis::task::TaskControl::new(),
            )?;
            let options = crate::report::plan::PlanOptions::all(loaded.metadata.modified);
            let mut times = Vec::new();
            let (mut pages, mut bytes) = (0, 0);
            for _ in 0..(*runs).max(1) {
                let start = Instant::now();
                let doc = crate::report::plan::build(&loaded, &options, &audits);
                let pdf = crate::report::render_pdf(&doc)?;
                times.push(ms(start));
                pages = crate::report::page_count(&doc);
                bytes = pdf.len();
            }
            let extra = [
                ("pages".to_owned(), pages.into()),
                ("pdf_bytes".to_owned(), bytes.into()),
            ]
            .into_iter()
            .collect();
            timing(format!("report {}", project.display()), times, extra)
        }
        BenchCommand::Audit { runs, audit } => {
            let data = audit
                .data
                .as_deref()
                .ok_or_else(|| UsageError("bench audit needs a data file".to_owned()))?;
            let spec = audit_spec(audit)?;
            let mut times = Vec::new();
            let mut rows = 0;
            for _ in 0..(*runs).max(1) {
                let start = Instant::now();
                let report = crate::analysis::audit::run_audit(
                    data,
                    &spec,
                    &crate::model::settings::FairnessThresholds::default(),
                    &crate::analysis::task::TaskControl::new(),
                )?;
                times.push(ms(start));
                rows = report.dataset.rows;
            }
            let extra = [
                ("rows".to_owned(), rows.into()),
                ("bootstrap".to_owned(), spec.bootstrap.unwrap_or(0).into()),
                ("sensitive".to_owned(), spec.sensitive.join(",").into()),
            ]
            .into_iter()
            .collect();
            timing(
                format!("audit {} (load + fingerprint + audit)", data.display()),
                times,
                extra,
            )
        }
    };
    write_json(&result, None)
}

/// Builds the treatment plan of a project and writes it atomically to `output`; returns the page count.
///
/// # Errors
/// [`UsageError`] for a bad date; project, render and write errors otherwise.
pub fn write_report(project: &Path, output: &Path, date: Option<&str>) -> anyhow::Result<usize> {
    let loaded = file::load_project(project)?;
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
    let checks = crate::report::plan::PlanEvidence::compute(
        &loaded.project,
        &project.to_string_lossy(),
        base,
        date,
        &crate::analysis::task::TaskControl::new(),
    )?;
    let doc = crate::report::plan::build_full(
        &loaded.project,
        &crate::report::plan::PlanOptions::all(date),
        &audits,
        &profiles,
        &checks,
    );
    let pdf = crate::report::render_pdf(&doc)?;
    file::write_atomic(output, &pdf)?;
    Ok(crate::report::page_count(&doc))
}

/// Writes a new project file from a template; refuses to overwrite an existing file.
///
/// # Errors
/// [`UsageError`] when the file exists or its folder does not; file errors otherwise.
pub fn new_project(
    path: &Path,
    template: Template,
    name: Option<&str>,
    today: IsoDate,
) -> anyhow::Result<PathBuf> {
    let path = if file::is_project_path(path) {
        path.to_owned()
    } else {
        let mut p = path.as_os_str().to_owned();
        p.push(PROJECT_EXTENSION);
        PathBuf::from(p)
    };
    if path.exists() {
        return Err(UsageError(format!(
            "the file already exists; choose another name or delete it first: {}",
            path.display()
        ))
        .into());
    }
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        return Err(UsageError(format!("the folder does not exist: {}", parent.display())).into());
    }
    let system_name = name.map_or_else(
        || {
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            file_name
                .strip_suffix(PROJECT_EXTENSION)
                .unwrap_or(&file_name)
                .replace(['_', '-'], " ")
        },
        str::to_owned,
    );
    let project = match template {
        Template::Blank => Project::blank(&system_name, today),
    };
    file::save_project(&path, &project)?;
    Ok(path)
}

/// The bundled sample project: next to the executable (installed), two levels up (`target/release`), or in
/// the source tree this binary was built from.
#[must_use]
pub fn bundled_sample() -> Option<PathBuf> {
    let relative = Path::new("sample_projects/loan_approval/loan_approval.riskbench.ron");
    let mut candidates = Vec::new();
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        candidates.extend(dir.ancestors().take(4).map(|d| d.join(relative)));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative));
    candidates.into_iter().find(|p| p.is_file())
}
