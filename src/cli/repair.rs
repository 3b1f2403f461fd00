//! Loading a project for a command, with its inconsistencies as warnings; `riskbench repair PROJECT [--yes]`.
//!
//! Every command that reads a project reads it through [`load_project`], which prints each
//! [`Inconsistency`](crate::model::consistency::Inconsistency) (a dangling id, a repeated id, a rating outside
//! the matrix, an acceptance without an authority, a cycle of escalation factors) as a
//! `riskbench: warning:` line naming the item and field, and changes nothing. `riskbench repair PROJECT` lists
//! the same with what the repair would do; only with `--yes` does it repair and save (atomically).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::model::consistency;
use crate::model::file::{self, LoadedProject, ProjectFileError};

/// Options of `riskbench repair`.
#[derive(Debug, clap::Args)]
pub struct RepairArgs {
    /// The project file
    pub project: PathBuf,
    /// Apply the repairs and save the project (without it, only list them)
    #[arg(long)]
    pub yes: bool,
}

/// Reads a project file and prints its inconsistencies on standard error as warnings.
///
/// # Errors
/// When the file cannot be read or parsed.
pub fn load_project(path: &Path) -> Result<LoadedProject, ProjectFileError> {
    let loaded = file::load_project(path)?;
    let found = consistency::check(&loaded.project);
    for problem in &found {
        eprintln!("riskbench: warning: {problem}: {}", path.display());
    }
    if !found.is_empty() {
        eprintln!(
            "riskbench: warning: {} inconsistencies; `riskbench repair {}` lists the repairs, `--yes` applies them",
            found.len(),
            path.display()
        );
    }
    Ok(loaded)
}

/// `riskbench repair PROJECT [--yes]`: exit 0 when nothing is wrong or everything was repaired, 1 when
/// inconsistencies remain (listed, or needing a person).
///
/// # Errors
/// When the project cannot be read or written (exit code 2).
pub fn run_repair(args: &RepairArgs) -> anyhow::Result<ExitCode> {
    let mut loaded = file::load_project(&args.project)?;
    let found = consistency::check(&loaded.project);
    if found.is_empty() {
        eprintln!("no inconsistencies: {}", args.project.display());
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &found {
        println!("{problem}");
    }
    if !args.yes {
        eprintln!(
            "{} inconsistencies; nothing changed (add --yes to repair)",
            found.len()
        );
        return Ok(ExitCode::from(1));
    }
    let previous = loaded.project.clone();
    consistency::repair(&mut loaded.project);
    super::save_recorded(&args.project, Some(&previous), &mut loaded.project)?;
    let left = consistency::check(&loaded.project);
    eprintln!(
        "repaired {} of {} inconsistencies; {} need a person: {}",
        found.len() - left.len(),
        found.len(),
        left.len(),
        args.project.display()
    );
    Ok(if left.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
