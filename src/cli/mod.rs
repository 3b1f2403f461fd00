//! The command line: `riskbench [PROJECT]` opens the GUI, subcommands run headless.
//!
//! Contract: `shared/spec/cli.md`. Commands not built yet are absent from `--help`, not stubs. Output a program
//! reads goes to stdout; messages go to stderr. Exit codes: 0 success, 1 a gate or check failed, 2 bad usage or
//! bad input, with one line naming what is wrong.
//!
//! This file holds the clap definitions and the dispatch; each command is implemented in its own file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod adopt;
pub mod args;
pub mod audit;
pub mod bench;
pub mod bowtie;
pub mod check;
pub mod checklist;
pub mod dataset;
pub mod drift;
pub mod error_analysis;
pub mod fmea;
pub mod frameworks;
pub mod mitigate;
pub mod modelcard;
pub mod new;
pub mod new_template;
pub mod profile;
pub mod repair;
pub mod report;
pub mod save_loop;
pub mod saved;
pub mod terminal;
pub mod validate;
pub mod whatif;

pub use audit::{AuditArgs, run_audit_command};
pub use bench::BenchCommand;
pub use bowtie::{BowtieArgs, run_bowtie};
pub use checklist::{checklist_text, run_checklist};
pub use dataset::DatasetCommand;
pub use fmea::{FmeaArgs, run_fmea};
pub use new::{Template, new_project};
pub use profile::ProfileArgs;
pub use report::write_report;

use crate::model::{IsoDate, file};

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
    Profile(Box<ProfileArgs>),
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
        /// Write the incident report of this incident (e.g. INC-1) instead of the treatment plan
        #[arg(long, value_name = "ID")]
        incident: Option<String>,
    },
    /// A framework checklist (NIST AI RMF by default): coverage per section and the status of every item
    Checklist {
        /// The project file
        project: PathBuf,
        /// Also write the checklist as JSON to FILE
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Which framework's checklist
        #[arg(long, value_name = "FRAMEWORK", default_value = "nist-ai-rmf",
              value_parser = clap::builder::PossibleValuesParser::new(frameworks::FRAMEWORK_KEYS))]
        framework: String,
    },
    /// FMEA worksheets with their Action Priority, rows sorted by priority: a table, or JSON when asked or piped
    Fmea(Box<FmeaArgs>),
    /// Export a bow-tie as an SVG or PNG image
    Bowtie(Box<BowtieArgs>),
    /// The datasets of a project: add a file (fingerprint, roles, types), list them, check their fingerprints
    #[command(subcommand)]
    Dataset(DatasetCommand),
    /// Data drift between two files (Evidently's defaults), or per time window with fairness drift
    Drift(Box<drift::DriftArgs>),
    /// Where the model errs, from its recorded predictions: error tree, heat map, imported attributions per
    /// group, nearest counterfactuals (descriptive, not causal)
    ErrorAnalysis(Box<error_analysis::ErrorAnalysisArgs>),
    /// Decisions at a threshold or per-group thresholds, with a review band and costs (the audit shape)
    Whatif(Box<whatif::WhatIfArgs>),
    /// Mitigations: per-group thresholds (Fairlearn's threshold optimizer), reweighing (AIF360)
    #[command(subcommand)]
    Mitigate(mitigate::MitigateCommand),
    /// List what does not make sense in a project (ids that point at nothing, repeated ids, ratings outside
    /// the matrix, cycles) and, with --yes, repair it
    Repair(repair::RepairArgs),
    /// Run a Great Expectations suite on a data file, or a project's validation rules (exit 1 if a rule fails)
    Validate(Box<validate::ValidateArgs>),
    /// The deployment gate: audit checks, blocking validation rules, stale evidence, risks above appetite
    /// (exit 1 if any fails)
    ///
    /// Each check has a kind (the JSON `kind`, the junit testsuite name). The CLI contract's kinds are
    /// fairness, validation, drift, risk and evidence; Riskbench adds two, as extensions of that contract:
    /// governance (each release decision of the review board: a veto in force, a rejection, a tie or a
    /// missing quorum blocks the release until the board approves it) and `audit_trail` (the audit trail's
    /// SHA-256 chain: an edited, removed or reordered entry, or a change made without being recorded, fails).
    /// A project without governance decisions or an audit trail has no checks of those kinds.
    Check(Box<check::CheckArgs>),
    /// The model card: write it as Model Card Toolkit JSON or Markdown with each claim's verdict, or import a
    /// Toolkit card (`riskbench modelcard import PROJECT CARD.json`)
    Modelcard(Box<modelcard::ModelcardArgs>),
}

/// An error for the user: printed as one line, exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Applies `--memory-limit` (a size such as `1GB`, or a share of RAM such as `10%`): files whose whole
/// read would pass it are read in blocks.
///
/// # Errors
/// [`UsageError`] for a limit that cannot be understood.
pub fn apply_memory_limit(text: Option<&str>) -> Result<(), UsageError> {
    if let Some(text) = text {
        let bytes = crate::analysis::table::stream::parse_memory_limit(text)
            .map_err(|e| UsageError(format!("--memory-limit: {e}")))?;
        crate::analysis::table::stream::set_memory_limit(bytes);
    }
    Ok(())
}

/// Runs `work` with a control whose rows read (a file read in blocks) are shown on standard error once a
/// second when it is a terminal, and a note at the end of a successful run that read in blocks.
///
/// # Errors
/// The error of `work`.
pub fn with_row_progress<T, E>(
    work: impl FnOnce(&crate::analysis::task::TaskControl) -> Result<T, E>,
) -> Result<T, E> {
    use std::io::IsTerminal as _;
    let control = crate::analysis::task::TaskControl::new();
    if !std::io::stderr().is_terminal() {
        let out = work(&control);
        if out.is_ok() {
            note_blocks(&control);
        }
        return out;
    }
    let done = std::sync::atomic::AtomicBool::new(false);
    let out = std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut shown = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(200));
                let rows = control.rows_read();
                if rows != shown {
                    eprint!("\r{rows} rows read");
                    shown = rows;
                }
            }
            if shown > 0 {
                eprintln!();
            }
        });
        let out = work(&control);
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        out
    });
    if out.is_ok() {
        note_blocks(&control);
    }
    out
}

/// Says on standard error when a file was read in blocks (it is larger than the memory limit).
fn note_blocks(control: &crate::analysis::task::TaskControl) {
    let rows = control.rows_read();
    if rows > 0 {
        eprintln!(
            "note: read in blocks, {rows} rows in all (a file is larger than the memory limit; see --memory-limit)"
        );
    }
}

/// The error when `--project` (with `--name`) selects none of a project's saved analyses of one kind:
/// "the project has no audit named "X" (audits: a, b)" or "the project has no saved audits: PATH".
#[must_use]
pub fn nothing_selected(
    kind: &str,
    kinds: &str,
    name: Option<&str>,
    names: &[&str],
    project_path: &Path,
) -> UsageError {
    UsageError(match name {
        Some(n) => format!(
            "the project has no {kind} named {n:?} ({kinds}: {})",
            names.join(", ")
        ),
        None => format!(
            "the project has no saved {kinds}: {}",
            project_path.display()
        ),
    })
}

/// Entry point of the binary.
#[must_use]
pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        // A lone word that is no command, no file and no path (`riskbench frobnicate`) parses as the GUI's
        // PROJECT; it is a mistyped command far more often than a project to create.
        Ok(cli)
            if cli.command.is_none()
                && args.len() == 2
                && args[1]
                    .to_str()
                    .is_some_and(|w| !w.contains(['.', '/', '\\'])) =>
        {
            if let Some(message) = unknown_command(&args) {
                eprintln!("riskbench: error: {message}");
                return ExitCode::from(2);
            }
            cli
        }
        Ok(cli) => cli,
        Err(e) => {
            if let Some(message) = unknown_command(&args) {
                eprintln!("riskbench: error: {message}");
                return ExitCode::from(2);
            }
            return clap_error_exit(&e);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("riskbench: error: {}", one_line(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

/// When a command line that does not parse starts with a word that is neither a command nor a project file
/// (`riskbench monitor a b`), the error to give: no such command, and the commands there are. Clap alone would
/// take the word for the GUI's PROJECT and complain about what follows it.
fn unknown_command(args: &[std::ffi::OsString]) -> Option<String> {
    use clap::CommandFactory as _;
    let first = args.get(1)?.to_str()?;
    if first.starts_with('-')
        || file::is_project_path(Path::new(first))
        || Path::new(first).exists()
    {
        return None;
    }
    let command = Cli::command();
    let names: Vec<&str> = command
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(clap::Command::get_name)
        .filter(|name| *name != "help")
        .collect();
    if command.find_subcommand(first).is_some() {
        return None;
    }
    Some(format!(
        "no such command: {first} (commands: {}; `riskbench --help` describes them)",
        names.join(", ")
    ))
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
            #[cfg(feature = "gui")]
            crate::ui::run(cli.project, bundled_sample())?;
            #[cfg(not(feature = "gui"))]
            return Err(UsageError(
                "this riskbench was built without the GUI (feature \"gui\"); give a command"
                    .to_owned(),
            )
            .into());
            #[cfg(feature = "gui")]
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
            profile::run_profile_command(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Bench(bench)) => {
            bench::run_bench(&bench)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Report {
            project,
            output,
            date,
            incident,
        }) => {
            let pages = match incident {
                Some(id) => report::write_incident_report(&project, &id, &output, date.as_deref())?,
                None => write_report(&project, &output, date.as_deref())?,
            };
            eprintln!("wrote {} ({pages} pages)", output.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Checklist {
            project,
            json,
            framework,
        }) => {
            match crate::model::frameworks::FrameworkId::from_key(&framework) {
                Some(id) if id != crate::model::frameworks::FrameworkId::NistAiRmf => {
                    frameworks::run_framework_checklist(&project, id, json.as_deref())?;
                }
                _ => run_checklist(&project, json.as_deref())?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Fmea(args)) => {
            run_fmea(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Bowtie(args)) => {
            let bowtie_id = run_bowtie(&args)?;
            eprintln!("wrote {} ({bowtie_id})", args.output.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Dataset(command)) => dataset::run_dataset(&command),
        Some(CliCommand::Drift(args)) => {
            drift::run_drift_command(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::ErrorAnalysis(args)) => {
            error_analysis::run_error_analysis_command(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Whatif(args)) => {
            whatif::run_whatif_command(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Mitigate(command)) => {
            mitigate::run_mitigate(&command)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Repair(args)) => repair::run_repair(&args),
        Some(CliCommand::Validate(args)) => validate::run_validate(&args),
        Some(CliCommand::Check(args)) => check::run_check(&args),
        Some(CliCommand::Modelcard(args)) => {
            modelcard::run_modelcard(&args)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Saves a project a command changed, recording the change in its audit trail (author: `RISKBENCH_USER`, else
/// the account name): `previous` is the project as loaded, `None` for a new one.
///
/// # Errors
/// When it cannot be written.
pub fn save_recorded(
    path: &Path,
    previous: Option<&crate::model::Project>,
    project: &mut crate::model::Project,
) -> anyhow::Result<()> {
    let author = crate::model::audit_trail::account_name(|k| std::env::var(k).ok());
    crate::model::audit_trail::record(previous, project, &author, time::OffsetDateTime::now_utc());
    crate::model::file::save_project(path, project)?;
    Ok(())
}

/// Writes `value` as pretty JSON with a final newline to `to` (atomically), or to standard output.
///
/// # Errors
/// When it cannot be serialised or written.
pub fn write_json(value: &impl serde::Serialize, to: Option<&Path>) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    match to.filter(|p| *p != Path::new("-")) {
        Some(path) => file::write_atomic(path, text.as_bytes())?,
        None => {
            use std::io::Write as _;
            std::io::stdout().write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// The bundled sample project: next to the executable (installed), two levels up (`target/release`), or in
/// the source tree this binary was built from.
#[must_use]
pub fn bundled_sample() -> Option<PathBuf> {
    bundled_file(Path::new(
        "sample_projects/loan_approval/loan_approval.riskbench.ron",
    ))
}

/// A file shipped with Riskbench (`relative` to the installation or source folder), found as
/// [`bundled_sample`] finds the sample.
#[must_use]
pub fn bundled_file(relative: &Path) -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        candidates.extend(dir.ancestors().take(4).map(|d| d.join(relative)));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative));
    candidates.into_iter().find(|p| p.is_file())
}
