//! `riskbench dataset add | list | check`: the datasets of a project from the command line.
//!
//! `add` reads a file the way File › Add dataset… does ([`inspect_new_dataset`]: CSV structure check, then
//! SHA-256 and shape), builds the same [`DatasetRef`] ([`new_dataset_ref`]) and records the column roles,
//! type overrides, declared missing values and reference shares given as options, so a project edited here
//! opens in the GUI exactly as if the file had been added there. Every option is checked before the project
//! is written (atomically), so a refused command leaves the project file byte for byte as it was.
//!
//! `list` and `check` re-fingerprint every file the way the GUI does when a project is opened
//! ([`check_dataset`]); `check` also names the findings computed on a missing or changed file (risk evidence
//! linked to the dataset, saved audits run on it) and exits with 1 when there is any.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::{UsageError, write_json};
use crate::analysis::dataset::{
    DatasetStatus, check_dataset, inspect_new_dataset, new_dataset_ref,
};
use crate::analysis::task::TaskControl;
use crate::model::data_columns::{ColumnKind, ColumnRole, ColumnSetting};
use crate::model::file;
use crate::model::{DatasetRef, DatasetRole, IsoDate, Project};

/// What `riskbench dataset` does.
#[derive(Debug, Subcommand)]
pub enum DatasetCommand {
    /// Add a CSV or Parquet file to a project: SHA-256, rows and columns, column roles and types
    Add(Box<DatasetAddArgs>),
    /// List the project's datasets with their fingerprint status (ok, changed, missing) and column roles
    List {
        /// The project file
        project: PathBuf,
        /// Write the list as JSON to FILE (`-`: standard output, instead of the table)
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
    },
    /// Re-fingerprint every dataset file; name missing or changed files and the findings now stale
    /// (exit code 1 when there is any)
    Check {
        /// The project file
        project: PathBuf,
        /// Also write the result as JSON to FILE (`-`: standard output, instead of the text)
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
    },
}

/// Options of `riskbench dataset add`.
#[derive(Debug, clap::Args)]
pub struct DatasetAddArgs {
    /// The project file to add the dataset to
    pub project: PathBuf,
    /// The CSV or Parquet file
    pub data: PathBuf,
    /// Display name (default: the file name without its extension)
    #[arg(long)]
    pub name: Option<String>,
    /// What the data is used for: training, test, production or reference
    #[arg(long, value_name = "ROLE", default_value = "test")]
    pub role: String,
    /// Label (ground truth) column
    #[arg(long, value_name = "COL")]
    pub label: Option<String>,
    /// Label value that counts as positive, when it is not 1 or true
    #[arg(long, value_name = "VALUE")]
    pub positive: Option<String>,
    /// Prediction column
    #[arg(long, value_name = "COL")]
    pub prediction: Option<String>,
    /// Score column
    #[arg(long, value_name = "COL")]
    pub score: Option<String>,
    /// Sample-weight column
    #[arg(long, value_name = "COL")]
    pub weight: Option<String>,
    /// Sensitive columns, comma-separated (or the option repeated)
    #[arg(long, value_delimiter = ',', value_name = "COL")]
    pub sensitive: Vec<String>,
    /// Columns left out of the analyses, comma-separated (or the option repeated)
    #[arg(long, value_delimiter = ',', value_name = "COL")]
    pub ignore: Vec<String>,
    /// Type override COL=KIND (numeric, categorical, boolean, datetime, text, identifier); repeatable
    #[arg(long = "type", value_name = "COL=KIND")]
    pub types: Vec<String>,
    /// Values to declare missing for this dataset, comma-separated (e.g. `?,NA`) or repeated
    #[arg(long, value_delimiter = ',', value_name = "TOKEN")]
    pub missing: Vec<String>,
    /// Share (0–1) of a group of a sensitive column in a reference population, COL=VALUE:SHARE; repeatable
    #[arg(long, value_name = "COL=VALUE:SHARE")]
    pub reference: Vec<String>,
}

/// Runs `riskbench dataset …`.
///
/// # Errors
/// Usage and input errors (exit code 2); the project is unchanged.
pub fn run_dataset(command: &DatasetCommand) -> anyhow::Result<ExitCode> {
    match command {
        DatasetCommand::Add(args) => {
            let added = add_dataset(args, IsoDate::today())?;
            eprintln!(
                "added {} \"{}\" ({}, {} rows × {} columns, SHA-256 {}…) to {}",
                added.dataset_id,
                added.name,
                added.path,
                added.rows,
                added.columns,
                added.sha256.get(..12).unwrap_or(&added.sha256),
                args.project.display()
            );
            println!("{}", added.dataset_id);
            Ok(ExitCode::SUCCESS)
        }
        DatasetCommand::List { project, json } => {
            let report = status_report(project)?;
            match json.as_deref() {
                Some(path) if path == Path::new("-") => write_json(&report, None)?,
                Some(path) => {
                    write_json(&report, Some(path))?;
                    print!("{}", list_text(&report));
                }
                None => print!("{}", list_text(&report)),
            }
            Ok(ExitCode::SUCCESS)
        }
        DatasetCommand::Check { project, json } => {
            let report = status_report(project)?;
            match json.as_deref() {
                Some(path) if path == Path::new("-") => write_json(&report, None)?,
                Some(path) => {
                    write_json(&report, Some(path))?;
                    print!("{}", check_text(&report));
                }
                None => print!("{}", check_text(&report)),
            }
            let failing = report.datasets.iter().filter(|d| d.status != "ok").count();
            let stale_links = report
                .datasets
                .iter()
                .map(|d| d.stale_evidence.len())
                .sum::<usize>();
            if failing > 0 || stale_links > 0 {
                eprintln!(
                    "riskbench: {failing} of {} dataset files missing, changed or unreadable; {stale_links} \
                     evidence links stale",
                    report.datasets.len()
                );
                return Ok(ExitCode::from(1));
            }
            eprintln!(
                "all {} dataset files match their fingerprints",
                report.datasets.len()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The project file's folder (`.` for a bare file name).
fn base_dir(project_path: &Path) -> PathBuf {
    match project_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The valid column kinds, for error messages.
fn kind_keys() -> String {
    ColumnKind::ALL
        .iter()
        .map(|k| k.key())
        .collect::<Vec<_>>()
        .join(", ")
}

fn role_key(role: ColumnRole) -> String {
    role.label().to_ascii_lowercase()
}

fn dataset_role_key(role: DatasetRole) -> String {
    role.label().to_ascii_lowercase()
}

/// The column settings, label value and missing values the options ask for, checked against the file's
/// columns.
struct ColumnChoices {
    settings: Vec<ColumnSetting>,
}

/// `--option: no column "x" in FILE (columns: …)`.
fn unknown_column(option: &str, column: &str, data: &Path, columns: &[String]) -> UsageError {
    UsageError(format!(
        "{option}: no column {column:?} in {} (columns: {})",
        data.display(),
        columns.join(", ")
    ))
}

fn column_choices(args: &DatasetAddArgs, columns: &[String]) -> Result<ColumnChoices, UsageError> {
    let data = args.data.as_path();
    let known = |option: &str, column: &str| -> Result<String, UsageError> {
        let column = column.trim();
        if columns.iter().any(|c| c == column) {
            Ok(column.to_owned())
        } else {
            Err(unknown_column(option, column, data, columns))
        }
    };
    let mut settings: BTreeMap<String, ColumnSetting> = BTreeMap::new();
    let mut roles: BTreeMap<String, &str> = BTreeMap::new();
    let mut assign = |option: &'static str,
                      column: &str,
                      role: ColumnRole|
     -> Result<(), UsageError> {
        let column = known(option, column)?;
        if let Some(previous) = roles.get(&column) {
            if *previous == option {
                return Ok(());
            }
            return Err(UsageError(format!(
                "{option}: column {column:?} is already given to {previous}; a column has one role"
            )));
        }
        roles.insert(column.clone(), option);
        settings
            .entry(column.clone())
            .or_insert_with(|| ColumnSetting {
                name: column,
                ..ColumnSetting::default()
            })
            .role = role;
        Ok(())
    };
    for (option, column, role) in [
        ("--label", &args.label, ColumnRole::Label),
        ("--prediction", &args.prediction, ColumnRole::Prediction),
        ("--score", &args.score, ColumnRole::Score),
        ("--weight", &args.weight, ColumnRole::Weight),
    ] {
        if let Some(column) = column {
            assign(option, column, role)?;
        }
    }
    for column in args.sensitive.iter().filter(|c| !c.trim().is_empty()) {
        assign("--sensitive", column, ColumnRole::Sensitive)?;
    }
    for column in args.ignore.iter().filter(|c| !c.trim().is_empty()) {
        assign("--ignore", column, ColumnRole::Ignored)?;
    }
    for text in &args.types {
        let (column, kind) = text.rsplit_once('=').ok_or_else(|| {
            UsageError(format!(
                "--type expects COL=KIND, found {text:?} (kinds: {})",
                kind_keys()
            ))
        })?;
        let column = known("--type", column)?;
        let kind = ColumnKind::from_key(kind).ok_or_else(|| {
            UsageError(format!(
                "--type {text}: unknown kind {:?} (kinds: {})",
                kind.trim(),
                kind_keys()
            ))
        })?;
        let setting = settings
            .entry(column.clone())
            .or_insert_with(|| ColumnSetting {
                name: column.clone(),
                ..ColumnSetting::default()
            });
        if let Some(previous) = setting.kind
            && previous != kind
        {
            return Err(UsageError(format!(
                "--type: column {column:?} is given two kinds ({} and {})",
                previous.key(),
                kind.key()
            )));
        }
        setting.kind = Some(kind);
    }
    for text in &args.reference {
        // COL=VALUE:SHARE; the column is the prefix before an `=` that names a column (names may hold `=`).
        let column = text
            .match_indices('=')
            .map(|(i, _)| &text[..i])
            .find(|prefix| columns.iter().any(|c| c == prefix.trim()))
            .ok_or_else(|| match text.split_once('=') {
                Some((column, _)) => unknown_column("--reference", column, data, columns),
                None => UsageError(format!(
                    "--reference expects COL=VALUE:SHARE, found {text:?}"
                )),
            })?;
        let rest = &text[column.len() + 1..];
        let column = column.trim().to_owned();
        let (value, share) = rest.rsplit_once(':').ok_or_else(|| {
            UsageError(format!(
                "--reference expects COL=VALUE:SHARE (a share between 0 and 1), found {text:?}"
            ))
        })?;
        let share: f64 = share
            .trim()
            .parse()
            .ok()
            .filter(|s: &f64| (0.0..=1.0).contains(s))
            .ok_or_else(|| {
                UsageError(format!(
                    "--reference {text}: the share must be a number between 0 and 1, found {:?}",
                    share.trim()
                ))
            })?;
        let setting = settings
            .get_mut(&column)
            .filter(|s| s.role == ColumnRole::Sensitive)
            .ok_or_else(|| {
                UsageError(format!(
                    "--reference {text}: column {column:?} is not sensitive; list it in --sensitive \
                     (reference shares are kept for sensitive columns)"
                ))
            })?;
        setting.reference_shares.insert(value.to_owned(), share);
    }
    for (column, setting) in &settings {
        let total: f64 = setting.reference_shares.values().sum();
        if total > 1.0 + 1e-9 {
            return Err(UsageError(format!(
                "--reference: the shares of column {column:?} add up to {total}, more than 1"
            )));
        }
    }
    // In the file's column order, like a table of the columns.
    let settings = columns.iter().filter_map(|c| settings.remove(c)).collect();
    Ok(ColumnChoices { settings })
}

/// The declared missing values as the GUI keeps them: trimmed, without empty ones or repeats.
fn missing_tokens(tokens: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for token in tokens.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !out.iter().any(|t| t == token) {
            out.push(token.to_owned());
        }
    }
    out
}

fn parse_dataset_role(text: &str) -> Result<DatasetRole, UsageError> {
    DatasetRole::ALL
        .into_iter()
        .find(|r| r.label().eq_ignore_ascii_case(text.trim()))
        .ok_or_else(|| {
            UsageError(format!(
                "--role: unknown dataset role {text:?} (roles: {})",
                DatasetRole::ALL
                    .iter()
                    .map(|r| dataset_role_key(*r))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}

/// The dataset of `project` stored for the same file as `data`, if any.
fn same_file<'a>(project: &'a Project, base: &Path, data: &Path) -> Option<&'a DatasetRef> {
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let wanted = canonical(data);
    let stored = file::relative_path(data, base);
    project.datasets.iter().find(|d| {
        d.path == stored
            || (wanted.is_some() && canonical(&file::resolve_path(&d.path, base)) == wanted)
    })
}

/// `riskbench dataset add`: checks everything, then adds the dataset and saves the project atomically;
/// returns what was stored.
///
/// # Errors
/// [`UsageError`] for an unknown column, kind or role, a bad reference share or a file already in the
/// project; the loader's error (file, line, column) for a malformed file; project read and write errors.
/// The project file is unchanged on every error.
pub fn add_dataset(args: &DatasetAddArgs, today: IsoDate) -> anyhow::Result<DatasetRef> {
    let loaded = super::repair::load_project(&args.project)?;
    let migrated = loaded.was_migrated();
    let mut project = loaded.project;
    let previous = project.clone();
    let base = base_dir(&args.project);
    let role = parse_dataset_role(&args.role)?;
    if !args.data.is_file() {
        return Err(UsageError(format!(
            "the data file does not exist: {}",
            args.data.display()
        ))
        .into());
    }
    if let Some(existing) = same_file(&project, &base, &args.data) {
        return Err(UsageError(format!(
            "{} is already in the project as {} (\"{}\", path {}); nothing changed",
            args.data.display(),
            existing.dataset_id,
            existing.name,
            existing.path
        ))
        .into());
    }
    let read = inspect_new_dataset(&args.data, &TaskControl::new())?;
    for note in &read.notes {
        eprintln!("riskbench: warning: {}: {note}", args.data.display());
    }
    let choices = column_choices(args, &read.column_names)?;
    let mut dataset = new_dataset_ref(&project, &args.data, Some(&base), read.info);
    if let Some(name) = args.name.as_deref().map(str::trim)
        && !name.is_empty()
    {
        name.clone_into(&mut dataset.name);
    }
    dataset.role = role;
    dataset.column_settings = choices.settings;
    dataset.missing_tokens = missing_tokens(&args.missing);
    dataset.label_positive = args
        .positive
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned);
    if let Some(twin) = project.datasets.iter().find(|d| d.sha256 == dataset.sha256) {
        eprintln!(
            "riskbench: warning: {} has the same content (SHA-256) as {} ({})",
            args.data.display(),
            twin.dataset_id,
            twin.path
        );
    }
    if migrated {
        eprintln!(
            "riskbench: note: {} was written with schema version {}; it is saved with the current one",
            args.project.display(),
            loaded.file_schema_version
        );
    }
    project.datasets.push(dataset.clone());
    // As the GUI does on save.
    project.metadata.modified = today;
    super::save_recorded(&args.project, Some(&previous), &mut project)?;
    Ok(dataset)
}

/// One column's setting in the `dataset list --json` document.
#[derive(Debug, serde::Serialize)]
pub struct ColumnEntry {
    name: String,
    role: String,
    kind: Option<&'static str>,
    reference_shares: BTreeMap<String, f64>,
}

/// A finding computed on a dataset: a risk's evidence link.
#[derive(Debug, serde::Serialize)]
pub struct StaleEvidence {
    risk_id: String,
    risk_title: String,
    reference: String,
}

/// One dataset in the `dataset list --json` / `dataset check --json` document.
#[derive(Debug, serde::Serialize)]
pub struct DatasetEntry {
    dataset_id: String,
    name: String,
    path: String,
    role: String,
    format: &'static str,
    rows: u64,
    columns: u64,
    bytes: u64,
    sha256: String,
    /// `ok`, `changed`, `missing` or `unreadable`.
    status: &'static str,
    /// The file's SHA-256 now, when it changed.
    sha256_now: Option<String>,
    /// Why the file cannot be read, when unreadable.
    problem: Option<String>,
    column_settings: Vec<ColumnEntry>,
    missing_tokens: Vec<String>,
    label_positive: Option<String>,
    /// Risk evidence computed on another version of the file.
    stale_evidence: Vec<StaleEvidence>,
    /// Saved audits run on this dataset whose results no longer match the stored fingerprint.
    stale_audits: Vec<String>,
}

/// The `dataset list --json` / `dataset check --json` document.
#[derive(Debug, serde::Serialize)]
pub struct StatusReport {
    riskbench_version: &'static str,
    project: String,
    datasets: Vec<DatasetEntry>,
}

fn entry(project: &Project, dataset: &DatasetRef, status: DatasetStatus) -> DatasetEntry {
    let (status, sha256_now, problem) = match status {
        DatasetStatus::Unchanged => ("ok", None, None),
        DatasetStatus::Missing => ("missing", None, None),
        DatasetStatus::Changed { now } => ("changed", Some(now.sha256), None),
        DatasetStatus::Unreadable(why) => ("unreadable", None, Some(why)),
    };
    // The fingerprint the file has now; `None` when it cannot be read.
    let now: Option<&str> = match status {
        "ok" => Some(dataset.sha256.as_str()),
        "changed" => sha256_now.as_deref(),
        _ => None,
    };
    let stale_evidence = project
        .risks
        .iter()
        .flat_map(|risk| {
            risk.evidence
                .iter()
                .filter(|l| l.dataset_id == dataset.dataset_id)
                .filter(move |l| {
                    let computed_on = l.dataset_sha256.as_deref().unwrap_or(&dataset.sha256);
                    now != Some(computed_on)
                })
                .map(move |l| StaleEvidence {
                    risk_id: risk.risk_id.clone(),
                    risk_title: risk.title.clone(),
                    reference: l.reference.clone(),
                })
        })
        .collect();
    let stale_audits = if status == "ok" {
        Vec::new()
    } else {
        project
            .audits
            .iter()
            .filter(|a| a.dataset_id == dataset.dataset_id)
            .map(|a| a.name.clone())
            .collect()
    };
    DatasetEntry {
        dataset_id: dataset.dataset_id.clone(),
        name: dataset.name.clone(),
        path: dataset.path.clone(),
        role: dataset_role_key(dataset.role),
        format: match dataset.format {
            crate::model::DatasetFormat::Csv => "csv",
            crate::model::DatasetFormat::Parquet => "parquet",
        },
        rows: dataset.rows,
        columns: dataset.columns,
        bytes: dataset.bytes,
        sha256: dataset.sha256.clone(),
        status,
        sha256_now,
        problem,
        column_settings: dataset
            .column_settings
            .iter()
            .map(|s| ColumnEntry {
                name: s.name.clone(),
                role: role_key(s.role),
                kind: s.kind.map(ColumnKind::key),
                reference_shares: s.reference_shares.clone(),
            })
            .collect(),
        missing_tokens: dataset.missing_tokens.clone(),
        label_positive: dataset.label_positive.clone(),
        stale_evidence,
        stale_audits,
    }
}

/// Re-fingerprints every dataset of a project.
///
/// # Errors
/// When the project cannot be read.
pub fn status_report(project_path: &Path) -> anyhow::Result<StatusReport> {
    let project = super::repair::load_project(project_path)?.project;
    let base = base_dir(project_path);
    let control = TaskControl::new();
    let mut datasets = Vec::with_capacity(project.datasets.len());
    for dataset in &project.datasets {
        let status = check_dataset(dataset, &base, &control)?;
        datasets.push(entry(&project, dataset, status));
    }
    Ok(StatusReport {
        riskbench_version: crate::VERSION,
        project: project_path.to_string_lossy().into_owned(),
        datasets,
    })
}

/// The roles of a dataset's columns in one line: `label y; sensitive sex, age; type age=numeric`.
fn roles_line(entry: &DatasetEntry) -> String {
    let mut by_role: Vec<(String, Vec<&str>)> = Vec::new();
    let mut kinds = Vec::new();
    for c in &entry.column_settings {
        if c.role != role_key(ColumnRole::Feature) {
            match by_role.iter_mut().find(|(r, _)| *r == c.role) {
                Some((_, names)) => names.push(&c.name),
                None => by_role.push((c.role.clone(), vec![&c.name])),
            }
        }
        if let Some(kind) = c.kind {
            kinds.push(format!("{}={kind}", c.name));
        }
    }
    let mut parts: Vec<String> = by_role
        .into_iter()
        .map(|(role, names)| format!("{role} {}", names.join(", ")))
        .collect();
    if !kinds.is_empty() {
        parts.push(format!("type {}", kinds.join(", ")));
    }
    if let Some(p) = &entry.label_positive {
        parts.push(format!("positive {p}"));
    }
    if !entry.missing_tokens.is_empty() {
        parts.push(format!("missing {}", entry.missing_tokens.join(", ")));
    }
    parts.join("; ")
}

/// The table `riskbench dataset list` prints.
#[must_use]
pub fn list_text(report: &StatusReport) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if report.datasets.is_empty() {
        let _ = writeln!(out, "no datasets in {}", report.project);
        return out;
    }
    for d in &report.datasets {
        let _ = writeln!(
            out,
            "{:<6} {:<10} {} \"{}\" ({}, {} rows × {} columns, SHA-256 {}…)",
            d.dataset_id,
            d.status,
            d.path,
            d.name,
            d.role,
            d.rows,
            d.columns,
            d.sha256.get(..12).unwrap_or(&d.sha256)
        );
        let roles = roles_line(d);
        if !roles.is_empty() {
            let _ = writeln!(out, "       columns: {roles}");
        }
    }
    out
}

/// The text `riskbench dataset check` prints: each problem file and the findings computed on it.
#[must_use]
pub fn check_text(report: &StatusReport) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for d in &report.datasets {
        match d.status {
            "ok" => {
                let _ = writeln!(out, "{} ok: {}", d.dataset_id, d.path);
            }
            "missing" => {
                let _ = writeln!(
                    out,
                    "{} MISSING: {} (no file at that path, relative to the project)",
                    d.dataset_id, d.path
                );
            }
            "changed" => {
                let now = d.sha256_now.as_deref().unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{} CHANGED: {} (SHA-256 {}… stored, {}… now)",
                    d.dataset_id,
                    d.path,
                    d.sha256.get(..12).unwrap_or(&d.sha256),
                    now.get(..12).unwrap_or(now)
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "{} UNREADABLE: {} ({})",
                    d.dataset_id,
                    d.path,
                    d.problem.as_deref().unwrap_or_default()
                );
            }
        }
        for e in &d.stale_evidence {
            let _ = writeln!(
                out,
                "    stale evidence: {} \"{}\": {}",
                e.risk_id, e.risk_title, e.reference
            );
        }
        for a in &d.stale_audits {
            let _ = writeln!(
                out,
                "    stale audit: \"{a}\" (re-run it on the current file)"
            );
        }
    }
    out
}
