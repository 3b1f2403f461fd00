//! `riskbench profile DATA`: the EDA profile of a CSV or Parquet file — a readable summary on a terminal, the
//! `profile --json` document of `cli.md` when piped, with `--json -`, or in the file of `--json FILE`.

use std::path::{Path, PathBuf};

use super::UsageError;
use crate::analysis::profile::{ProfileOptions, profile_file};
use crate::model::data_columns::ColumnKind;

/// Options of `riskbench profile`.
#[derive(Debug, clap::Args)]
pub struct ProfileArgs {
    /// The CSV or Parquet file to profile
    pub data: PathBuf,
    /// Write the JSON to FILE (`-` for standard output); without it, JSON when piped, a summary on a terminal
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Sensitive columns, comma-separated: representation, base rates and proxy detection
    #[arg(long, value_delimiter = ',', value_name = "COL")]
    pub sensitive: Vec<String>,
    /// Label column, for base rates per group
    #[arg(long, value_name = "COL")]
    pub label: Option<String>,
    /// Label value that counts as positive (default: 1, true or yes)
    #[arg(long, value_name = "VALUE")]
    pub positive: Option<String>,
    /// Placeholder values to treat as missing, comma-separated (e.g. `?,NA`)
    #[arg(long, value_delimiter = ',', value_name = "TOKEN")]
    pub missing: Vec<String>,
    /// Type override COL=KIND (numeric, categorical, boolean, datetime, text, identifier); repeatable
    #[arg(long = "type", value_name = "COL=KIND")]
    pub types: Vec<String>,
    /// Read the file a batch of columns at a time, in blocks of rows, when reading it whole would use more
    /// than this (e.g. 1GB, 512MB, 10%; default: RISKBENCH_MEMORY_LIMIT, else a quarter of the RAM)
    #[expect(clippy::doc_markdown, reason = "clap help text, shown as written")]
    #[arg(long, value_name = "SIZE")]
    pub memory_limit: Option<String>,
}

/// The profile options given on the command line.
///
/// # Errors
/// [`UsageError`] for a malformed `--type`.
pub fn profile_options(args: &ProfileArgs) -> Result<ProfileOptions, UsageError> {
    let mut options = ProfileOptions {
        missing_tokens: args.missing.clone(),
        sensitive: args.sensitive.clone(),
        label: args.label.clone(),
        label_positive: args.positive.clone(),
        ..ProfileOptions::default()
    };
    for t in &args.types {
        let (column, kind) = t
            .split_once('=')
            .ok_or_else(|| UsageError(format!("--type expects COL=KIND, found {t:?}")))?;
        let kind = ColumnKind::from_key(kind).ok_or_else(|| {
            UsageError(format!(
                "--type {t}: unknown kind {kind:?} (expected numeric, categorical, boolean, datetime, text \
                 or identifier)"
            ))
        })?;
        options.type_overrides.insert(column.to_owned(), kind);
    }
    Ok(options)
}

/// `riskbench profile`.
///
/// # Errors
/// Usage and input errors (exit code 2), with file, line and column for malformed data.
pub fn run_profile_command(args: &ProfileArgs) -> anyhow::Result<()> {
    super::apply_memory_limit(args.memory_limit.as_deref())?;
    let options = profile_options(args)?;
    let profile = super::with_row_progress(|control| profile_file(&args.data, &options, control))?;
    if crate::model::DatasetFormat::from_path(&args.data) == Some(crate::model::DatasetFormat::Csv)
    {
        // The header is in the first megabyte.
        use std::io::Read as _;
        let mut start = Vec::new();
        if let Ok(file) = std::fs::File::open(&args.data) {
            let _ = file.take(1 << 20).read_to_end(&mut start);
        }
        for note in crate::analysis::table::header_notes(&start) {
            eprintln!("riskbench: warning: {}: {note}", args.data.display());
        }
    }
    if super::terminal::wants_table(args.json.as_deref()) {
        print!("{}", profile.summary_text());
        return Ok(());
    }
    super::write_json(&profile.to_json(), args.json.as_deref())?;
    if let Some(path) = args.json.as_deref().filter(|p| *p != Path::new("-")) {
        eprintln!(
            "{} rows × {} columns, {} alerts: wrote {}",
            profile.overview.rows,
            profile.overview.columns,
            profile.alerts.len(),
            path.display()
        );
    }
    Ok(())
}
