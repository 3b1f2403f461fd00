//! Option blocks that several commands share, flattened into each with `#[command(flatten)]` so that an
//! option has one definition: the data file with its label, score and sensitive columns (`whatif`,
//! `mitigate thresholds`), the decisions to audit — a prediction column or a score and a threshold —
//! (`audit`, `mitigate reweigh`), and `--adopt` with the options of the control it records (`whatif`,
//! `mitigate thresholds`, `mitigate reweigh`). A command whose help words an option its own way says so
//! with `#[command(mut_arg(...))]` on its own options, so every command's help reads as before (`mut_arg`
//! moves the option to the end of the usage line: override only options whose order there does not
//! change).

use std::path::PathBuf;

/// A data file with a label, a score and sensitive columns.
#[derive(Debug, clap::Args)]
pub struct ScoredDataArgs {
    /// The CSV or Parquet file
    pub data: PathBuf,
    /// Label (ground truth) column
    #[arg(long)]
    pub label: String,
    /// Score column
    #[arg(long)]
    pub score: String,
    /// Sensitive column (several, comma-separated: their combination)
    #[arg(long, value_delimiter = ',', required = true)]
    pub sensitive: Vec<String>,
}

/// The decisions audited: a prediction column, or a score column with a threshold.
#[derive(Debug, clap::Args)]
pub struct DecisionArgs {
    /// Prediction column
    #[arg(long, conflicts_with = "score")]
    pub prediction: Option<String>,
    /// Score column (prediction = score >= threshold)
    #[arg(long, requires = "threshold")]
    pub score: Option<String>,
    /// Decision threshold for --score
    #[arg(long, requires = "score")]
    pub threshold: Option<f64>,
}

/// `--adopt PROJECT` and the options of the control it records.
#[derive(Debug, Clone, clap::Args)]
pub struct AdoptArgs {
    /// Adopt the option as a control in this project (with --dataset; --risk links it to a risk)
    #[arg(long, value_name = "PROJECT", requires = "dataset")]
    pub adopt: Option<PathBuf>,
    /// With --adopt: the project's dataset id of DATA (its fingerprint is checked)
    #[arg(long, value_name = "ID", requires = "adopt")]
    pub dataset: Option<String>,
    /// With --adopt: the register risk the control treats
    #[arg(long, value_name = "RISK_ID", requires = "adopt")]
    pub risk: Option<String>,
    /// With --adopt: name of the control (default: the option in words)
    #[arg(long, requires = "adopt")]
    pub name: Option<String>,
    /// With --adopt: why this option was chosen
    #[arg(long, requires = "adopt")]
    pub rationale: Option<String>,
    /// With --adopt: the control's tested effectiveness (default: Effective when the option brings the
    /// disparity within the project's limit, Partially effective when it lowers it, else Ineffective)
    #[arg(long, requires = "adopt")]
    pub effectiveness: Option<String>,
}
