//! `riskbench modelcard PROJECT -o CARD.(json|md)`: the project's model card as Model Card Toolkit JSON
//! (schema 0.0.2, each claim with what the saved audits measured and its verdict) or as Markdown (with the
//! documented-vs-measured table, undocumented problems, limitations without evidence and the datasheets).
//! `riskbench modelcard import PROJECT CARD.json`: reads a Toolkit card into the project, replacing its card.
//!
//! A claim on a metric, column, group or dataset that does not exist, or a card of another schema version,
//! is bad input: nothing is written and the exit code is 2.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::UsageError;
use crate::analysis::columns::{ColumnSummary, read_column_summaries};
use crate::analysis::model_card::claims::claim_datasets;
use crate::analysis::model_card::{Comparison, markdown, toolkit, validate};
use crate::analysis::task::TaskControl;
use crate::model::{Project, file};

/// `riskbench modelcard …`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ModelcardArgs {
    /// Import a card instead of writing one
    #[command(subcommand)]
    pub command: Option<ModelcardCommand>,
    /// The project file
    #[arg(required = true)]
    pub project: Option<PathBuf>,
    /// The card to write: `.json` (Model Card Toolkit schema 0.0.2) or `.md` (Markdown)
    #[arg(
        short = 'o',
        long = "output",
        value_name = "CARD.json|CARD.md",
        required = true
    )]
    pub output: Option<PathBuf>,
}

/// `riskbench modelcard import`.
#[derive(Debug, Subcommand)]
pub enum ModelcardCommand {
    /// Read a Model Card Toolkit JSON card (schema 0.0.2) into the project, replacing its model card
    Import {
        /// The project file
        project: PathBuf,
        /// The card
        card: PathBuf,
    },
}

fn base_dir(project: &Path) -> &Path {
    project.parent().unwrap_or_else(|| Path::new("."))
}

/// The columns of every dataset a claim of the card is about.
fn claim_columns(
    project: &Project,
    base: &Path,
) -> anyhow::Result<BTreeMap<String, Vec<ColumnSummary>>> {
    let mut out = BTreeMap::new();
    for claim in &project.model_card.claims {
        if claim.scope.column().is_none() {
            continue;
        }
        for dataset_id in claim_datasets(project, claim) {
            if out.contains_key(&dataset_id) {
                continue;
            }
            let Some(dataset) = project.dataset(&dataset_id) else {
                continue;
            };
            let path = file::resolve_path(&dataset.path, base);
            let columns = read_column_summaries(&path, &TaskControl::new())
                .map_err(|e| anyhow::anyhow!("dataset {:?}: {e}", dataset.name))?;
            out.insert(dataset_id, columns);
        }
    }
    Ok(out)
}

fn refuse_bad_claims(project: &Project, base: &Path, source: &Path) -> anyhow::Result<()> {
    let problems = validate::card_problems(project, &claim_columns(project, base)?);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(UsageError(format!("{}: {}", problems.join("; "), source.display())).into())
    }
}

/// Runs `riskbench modelcard`.
///
/// # Errors
/// [`UsageError`] for bad input (exit 2); file errors otherwise.
pub fn run_modelcard(args: &ModelcardArgs) -> anyhow::Result<()> {
    if let Some(ModelcardCommand::Import { project, card }) = &args.command {
        return import(project, card);
    }
    let (Some(project_path), Some(output)) = (&args.project, &args.output) else {
        return Err(UsageError("give PROJECT and -o CARD.json or CARD.md".to_owned()).into());
    };
    let markdown_out = match output.extension().and_then(|e| e.to_str()) {
        Some("json") => false,
        Some("md") => true,
        _ => {
            return Err(UsageError(format!(
                "-o: the card is written as .json (Model Card Toolkit) or .md (Markdown): {}",
                output.display()
            ))
            .into());
        }
    };
    let loaded = super::repair::load_project(project_path)?;
    let project = &loaded.project;
    let base = base_dir(project_path);
    refuse_bad_claims(project, base, project_path)?;
    let audits = crate::analysis::audit::run_saved_audits(project, base, &TaskControl::new())?;
    for audit in &audits {
        if let Err(e) = &audit.outcome {
            eprintln!("warning: audit {:?} could not run: {e}", audit.name);
        }
    }
    let profiles = if markdown_out {
        crate::analysis::evidence::profile_datasets(project, base, &TaskControl::new())?
    } else {
        Vec::new()
    };
    let comparison = Comparison::compute(project, &audits, &profiles);
    let text = if markdown_out {
        markdown::to_markdown(project, &comparison)
    } else {
        let mut t = serde_json::to_string_pretty(&toolkit::to_json(
            &project.model_card,
            &comparison.claims,
        ))?;
        t.push('\n');
        t
    };
    file::write_atomic(output, text.as_bytes())?;
    let counts: Vec<String> = [
        crate::analysis::model_card::Verdict::Supported,
        crate::analysis::model_card::Verdict::Contradicted,
        crate::analysis::model_card::Verdict::Inconclusive,
        crate::analysis::model_card::Verdict::NotMeasured,
    ]
    .into_iter()
    .map(|v| format!("{} {}", comparison.count(v), v.label()))
    .collect();
    eprintln!(
        "wrote {} ({} claims: {})",
        output.display(),
        comparison.claims.len(),
        counts.join(", ")
    );
    Ok(())
}

/// Links the card's datasets to the project's by name or file name when the card does not say which.
fn link_datasets(project: &mut Project) {
    let datasets = project.datasets.clone();
    for d in &mut project.model_card.model_parameters.data {
        if !d.dataset_id.is_empty() {
            continue;
        }
        if let Some(found) = datasets.iter().find(|x| {
            x.name == d.name
                || Path::new(&x.path)
                    .file_name()
                    .is_some_and(|f| f.to_string_lossy() == d.name)
        }) {
            d.dataset_id.clone_from(&found.dataset_id);
        }
    }
}

fn import(project_path: &Path, card_path: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(card_path).map_err(|e| {
        UsageError(format!(
            "cannot read the card: {e}: {}",
            card_path.display()
        ))
    })?;
    let card = toolkit::from_json(&text)
        .map_err(|e| UsageError(format!("{e}: {}", card_path.display())))?;
    let loaded = super::repair::load_project(project_path)?;
    let mut project = loaded.project;
    project.model_card = card;
    link_datasets(&mut project);
    for d in &project.model_card.model_parameters.data {
        if !d.dataset_id.is_empty() && project.dataset(&d.dataset_id).is_none() {
            return Err(UsageError(format!(
                "the card's dataset {:?} names project dataset {:?}, which the project does not have: {}",
                d.name,
                d.dataset_id,
                card_path.display()
            ))
            .into());
        }
    }
    refuse_bad_claims(&project, base_dir(project_path), card_path)?;
    file::save_project(project_path, &project)?;
    let c = &project.model_card;
    eprintln!(
        "imported {:?} into {}: {} claims, {} reported metrics, {} limitations",
        c.model_details.name,
        project_path.display(),
        c.claims.len(),
        c.quantitative_analysis.performance_metrics.len(),
        c.considerations.limitations.len()
    );
    Ok(())
}
