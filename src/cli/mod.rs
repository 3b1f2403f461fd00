//! The command line: `riskbench [PROJECT]` opens the GUI, subcommands run headless.
//!
//! Contract: `shared/spec/cli.md`. Commands not built yet are absent from `--help`, not stubs. Output a program
//! reads goes to stdout; messages go to stderr. Exit codes: 0 success, 1 a gate or check failed, 2 bad usage or
//! bad input, with one line naming what is wrong.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::file::{self, PROJECT_EXTENSION};
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
        Some(CliCommand::Report {
            project,
            output,
            date,
        }) => {
            let pages = write_report(&project, &output, date.as_deref())?;
            eprintln!("wrote {} ({pages} pages)", output.display());
            Ok(ExitCode::SUCCESS)
        }
    }
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
    let doc = crate::report::plan::build(
        &loaded.project,
        &crate::report::plan::PlanOptions::all(date),
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
