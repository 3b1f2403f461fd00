//! `riskbench audit`: a fairness audit of a data file with its columns given as options, or the audits
//! saved in a project; the `audit --json` document of `cli.md` on standard output or in `--json FILE`, and a
//! one-line summary per audited column on standard error.

use std::path::{Path, PathBuf};

use super::{UsageError, write_json};

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
    /// The decisions audited: a prediction column, or a score with a threshold.
    #[command(flatten)]
    pub decisions: super::args::DecisionArgs,
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
    /// Write the JSON to FILE (`-`: standard output); without it a terminal gets a table, a pipe the JSON
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Read a file in blocks when reading it whole would use more than this (e.g. 1GB, 512MB, 10%; default:
    /// RISKBENCH_MEMORY_LIMIT, else a quarter of the RAM)
    #[expect(clippy::doc_markdown, reason = "clap help text, shown as written")]
    #[arg(long, value_name = "SIZE")]
    pub memory_limit: Option<String>,
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

/// The audit spec given by the options of a data-file audit.
///
/// # Errors
/// [`UsageError`] for a malformed `--reference` or a missing `--label`.
pub fn audit_spec(args: &AuditArgs) -> anyhow::Result<crate::model::audit::AuditSpec> {
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
        prediction: args.decisions.prediction.clone(),
        score: args.decisions.score.clone(),
        threshold: args.decisions.threshold,
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

fn summarise(name: &str, report: &crate::analysis::audit::AuditReport) {
    for result in &report.results {
        eprintln!(
            "{name}{}: {} groups. {}",
            crate::analysis::fairness::wording::result_title(result),
            result.by_group.len(),
            result.verdict.text
        );
        if let Some(note) = &result.verdict.ppr_note {
            eprintln!("  note: {note}");
        }
    }
}

/// `riskbench audit`: a data file with columns given as options, or the audits saved in a project.
///
/// # Errors
/// Usage and input errors (exit code 2).
pub fn run_audit_command(args: &AuditArgs) -> anyhow::Result<()> {
    use crate::analysis::audit::run_audit;
    use crate::analysis::task::TaskControl;
    super::apply_memory_limit(args.memory_limit.as_deref())?;
    if let Some(project_path) = &args.project {
        let project = super::repair::load_project(project_path)?.project;
        let base = project_path.parent().unwrap_or_else(|| Path::new("."));
        let selected = super::saved::select(
            &project.audits,
            args.name.as_deref(),
            "audits",
            project_path,
        )?;
        let mut reports = Vec::new();
        for audit in selected {
            let (dataset, path) = super::saved::dataset(&project, audit, base)?;
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
        if super::terminal::wants_table(args.json.as_deref()) {
            for (name, report) in &reports {
                print!(
                    "{name}: {}",
                    crate::analysis::audit_text::audit_table(report)
                );
            }
            return Ok(());
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
    let report = super::with_row_progress(|control| {
        run_audit(
            data,
            &spec,
            &crate::model::settings::FairnessThresholds::default(),
            control,
        )
    })?;
    summarise("", &report);
    if super::terminal::wants_table(args.json.as_deref()) {
        print!("{}", crate::analysis::audit_text::audit_table(&report));
        return Ok(());
    }
    write_json(&report, args.json.as_deref())
}
