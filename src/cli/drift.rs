//! `riskbench drift`: data drift between two files (Evidently's `DataDriftPreset` defaults), or over time
//! windows of one file with fairness drift; and `riskbench bench drift`, its benchmark.
//!
//! Output: the `drift --json` shape of `cli.md` on standard output when it is not a terminal (or with
//! `--json -`), to a file with `--json FILE`, and a readable table on a terminal.

use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::UsageError;
use crate::analysis::drift::windows::{WindowsReport, run_windows};
use crate::analysis::drift::{ColumnsDrift, DriftReport, run_drift};
use crate::analysis::task::TaskControl;
use crate::model::drift::{
    ColumnKind, DriftMethod, DriftOptions, FairnessDriftSpec, WindowSize, WindowSpec,
};
use crate::model::settings::FairnessThresholds;

/// Options of `riskbench drift`.
#[derive(Debug, clap::Args)]
pub struct DriftArgs {
    /// The reference CSV/Parquet file (with --time: the one file cut into windows)
    pub reference: PathBuf,
    /// The current CSV/Parquet file (not with --time)
    pub current: Option<PathBuf>,
    /// Only these columns, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "COL")]
    pub columns: Vec<String>,
    /// Test of a column: `COL=ks|chisquare|z|wasserstein|jensenshannon|psi|kl_div|hellinger`; repeatable
    #[arg(long = "method", value_name = "COL=METHOD")]
    pub methods: Vec<String>,
    /// Threshold of a column's test: COL=VALUE; repeatable
    #[arg(long = "column-threshold", value_name = "COL=VALUE")]
    pub thresholds: Vec<String>,
    /// Type of a column: COL=numeric|categorical; repeatable
    #[arg(long = "type", value_name = "COL=TYPE")]
    pub types: Vec<String>,
    /// Dataset drift when at least this share of columns drifted
    #[arg(long, default_value_t = 0.5, value_name = "SHARE")]
    pub drift_share: f64,
    /// Date column: drift per time window of the one file
    #[arg(long, value_name = "COL")]
    pub time: Option<String>,
    /// Window length with --time
    #[arg(long, value_name = "day|week|month|quarter", requires = "time")]
    pub window: Option<String>,
    /// Reference window, counted from 1 (default: the first)
    #[arg(long, value_name = "N", requires = "time")]
    pub reference_window: Option<usize>,
    /// Label column (fairness drift per window)
    #[arg(long, value_name = "COL", requires = "time")]
    pub label: Option<String>,
    /// Prediction column (fairness drift)
    #[arg(long, value_name = "COL", conflicts_with = "score")]
    pub prediction: Option<String>,
    /// Score column (prediction = score ≥ --threshold)
    #[arg(long, value_name = "COL", requires = "threshold")]
    pub score: Option<String>,
    /// Decision threshold for --score
    #[arg(long, requires = "score")]
    pub threshold: Option<f64>,
    /// Label value that counts as positive (default: 1 / true)
    #[arg(long, value_name = "VALUE")]
    pub positive: Option<String>,
    /// Sensitive columns for fairness drift, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "COL")]
    pub sensitive: Vec<String>,
    /// Bootstrap resamples for intervals of the summary disparities per window (default: none)
    #[arg(long, value_name = "N")]
    pub bootstrap: Option<u32>,
    /// Write the JSON to FILE (`-`: standard output) instead of the table
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Read a file in blocks when reading it whole would use more than this (e.g. 1GB, 512MB, 10%; default:
    /// RISKBENCH_MEMORY_LIMIT, else a quarter of the RAM)
    #[expect(clippy::doc_markdown, reason = "clap help text, shown as written")]
    #[arg(long, value_name = "SIZE")]
    pub memory_limit: Option<String>,
}

fn pairs(items: &[String], option: &str) -> Result<Vec<(String, String)>, UsageError> {
    items
        .iter()
        .map(|i| {
            i.split_once('=')
                .map(|(a, b)| (a.trim().to_owned(), b.trim().to_owned()))
                .ok_or_else(|| UsageError(format!("{option} expects COL=VALUE, found {i:?}")))
        })
        .collect()
}

/// The drift options given on the command line.
///
/// # Errors
/// [`UsageError`] for a malformed `--method`, `--column-threshold` or `--type`.
pub fn drift_options(args: &DriftArgs) -> Result<DriftOptions, UsageError> {
    let mut options = DriftOptions {
        columns: args.columns.clone(),
        drift_share: args.drift_share,
        ..DriftOptions::default()
    };
    if !(0.0..=1.0).contains(&args.drift_share) {
        return Err(UsageError(format!(
            "--drift-share must be between 0 and 1, found {}",
            args.drift_share
        )));
    }
    for (col, m) in pairs(&args.methods, "--method")? {
        let method = DriftMethod::parse(&m).ok_or_else(|| {
            UsageError(format!(
                "--method {col}={m}: unknown method (expected one of {})",
                DriftMethod::ALL.map(DriftMethod::as_str).join(", ")
            ))
        })?;
        options.overrides.entry(col).or_default().method = Some(method);
    }
    for (col, t) in pairs(&args.thresholds, "--column-threshold")? {
        let value: f64 = t
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| UsageError(format!("--column-threshold {col}={t}: not a number")))?;
        options.overrides.entry(col).or_default().threshold = Some(value);
    }
    for (col, t) in pairs(&args.types, "--type")? {
        let kind = ColumnKind::parse(&t).ok_or_else(|| {
            UsageError(format!(
                "--type {col}={t}: unknown type (expected numeric or categorical)"
            ))
        })?;
        options.overrides.entry(col).or_default().kind = Some(kind);
    }
    Ok(options)
}

fn window_spec(args: &DriftArgs, time: &str) -> Result<WindowSpec, UsageError> {
    let window = match args.window.as_deref() {
        None => {
            return Err(UsageError(
                "--time needs --window day|week|month|quarter".to_owned(),
            ));
        }
        Some(w) => WindowSize::parse(w).ok_or_else(|| {
            UsageError(format!(
                "--window {w}: expected day, week, month or quarter"
            ))
        })?,
    };
    let fairness = match &args.label {
        Some(label) => {
            if args.prediction.is_none() && args.score.is_none() {
                return Err(UsageError(
                    "fairness drift needs --prediction COL or --score COL --threshold T".to_owned(),
                ));
            }
            if args.sensitive.is_empty() {
                return Err(UsageError(
                    "fairness drift needs --sensitive COL[,COL…]".to_owned(),
                ));
            }
            Some(FairnessDriftSpec {
                label: label.clone(),
                prediction: args.prediction.clone(),
                score: args.score.clone(),
                threshold: args.threshold,
                positive: args.positive.clone(),
                sensitive: args.sensitive.clone(),
            })
        }
        None => {
            if !args.sensitive.is_empty() || args.prediction.is_some() || args.score.is_some() {
                return Err(UsageError(
                    "fairness drift needs --label COL as well".to_owned(),
                ));
            }
            None
        }
    };
    if args.reference_window == Some(0) {
        return Err(UsageError("--reference-window counts from 1".to_owned()));
    }
    Ok(WindowSpec {
        time_column: time.to_owned(),
        window,
        reference_window: args.reference_window.unwrap_or(1),
        fairness,
    })
}

fn fmt_num(v: f64) -> String {
    if v == 0.0 || (v.abs() >= 1e-3 && v.abs() < 1e6) {
        format!("{v:.4}")
    } else {
        format!("{v:.3e}")
    }
}

/// A readable table of one comparison's columns.
#[must_use]
pub fn columns_table(drift: &ColumnsDrift) -> String {
    let mut out = String::new();
    let width = drift
        .columns
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = writeln!(
        out,
        "{:width$}  {:11}  {:13}  {:>10}  {:>9}  {:5}  {:>8}",
        "column", "type", "method", "statistic", "threshold", "drift", "psi"
    );
    for (name, d) in &drift.columns {
        let _ = writeln!(
            out,
            "{name:width$}  {:11}  {:13}  {:>10}  {:>9}  {:5}  {:>8}{}",
            d.kind.as_str(),
            d.method.as_str(),
            fmt_num(d.statistic),
            fmt_num(d.threshold),
            if d.drift { "YES" } else { "no" },
            fmt_num(d.psi),
            if d.warnings.is_empty() { "" } else { "  *" }
        );
    }
    for s in &drift.skipped {
        let _ = writeln!(out, "skipped: {}", s.reason);
    }
    let _ = writeln!(
        out,
        "drifted: {} of {} columns ({:.1}%); dataset drift: {} (share ≥ {})",
        drift.drifted_columns.len(),
        drift.columns.len(),
        drift.drifted_share * 100.0,
        if drift.dataset_drift { "YES" } else { "no" },
        drift.drift_share
    );
    out
}

fn report_text(report: &DriftReport) -> String {
    let mut out = format!(
        "reference {} ({} rows) vs current {} ({} rows)\n",
        report.reference.path, report.reference.rows, report.current.path, report.current.rows
    );
    out.push_str(&columns_table(&report.drift));
    out.push_str("* PSI has small bins or the p-value is approximate (see --json)\n");
    out
}

fn windows_text(report: &WindowsReport) -> String {
    let mut out = format!(
        "{} ({} rows) by {} of {:?}; reference window {}\n",
        report.dataset.path,
        report.dataset.rows,
        report.window,
        report.time,
        report.reference_window
    );
    if report.rows_without_date > 0 {
        let _ = writeln!(
            out,
            "{} rows without a date left out{}",
            report.rows_without_date,
            if report.unparsed_examples.is_empty() {
                String::new()
            } else {
                format!(" (e.g. {})", report.unparsed_examples.join(", "))
            }
        );
    }
    for w in &report.windows {
        let _ = write!(out, "{:10} {:>8} rows", w.label, w.rows);
        if w.reference {
            out.push_str("  reference");
        } else if w.rows > 0 {
            let _ = write!(
                out,
                "  drifted {}/{}{}",
                w.drift.drifted_columns.len(),
                w.drift.columns.len(),
                if w.drift.dataset_drift {
                    "  DATASET DRIFT"
                } else {
                    ""
                }
            );
        }
        for f in &w.fairness {
            if let Some(Some(dp)) = f.summary.get("demographic_parity_difference") {
                let _ = write!(
                    out,
                    "  DP diff ({}) {}",
                    f.sensitive.join("×"),
                    fmt_num(*dp)
                );
            }
        }
        out.push('\n');
        for p in &w.problems {
            let _ = writeln!(out, "  {p}");
        }
    }
    out
}

fn emit(json: &impl serde::Serialize, text: &str, to: Option<&Path>) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut body = serde_json::to_string_pretty(json)?;
    body.push('\n');
    match to {
        Some(p) if p != Path::new("-") => {
            crate::model::file::write_atomic(p, body.as_bytes())?;
            eprint!("{text}");
        }
        None if std::io::stdout().is_terminal() => print!("{text}"),
        Some(_) | None => std::io::stdout().write_all(body.as_bytes())?,
    }
    Ok(())
}

/// `riskbench drift`.
///
/// # Errors
/// Usage and input errors (exit code 2).
pub fn run_drift_command(args: &DriftArgs) -> anyhow::Result<()> {
    let options = drift_options(args)?;
    super::apply_memory_limit(args.memory_limit.as_deref())?;
    match (&args.time, &args.current) {
        (Some(_), Some(_)) => Err(UsageError(
            "--time cuts one file into windows: give one file, not two".to_owned(),
        )
        .into()),
        (None, None) => Err(UsageError(
            "give a reference and a current file, or one file with --time COL --window W"
                .to_owned(),
        )
        .into()),
        (None, Some(current)) => {
            if args.label.is_some() || !args.sensitive.is_empty() {
                return Err(UsageError(
                    "fairness drift (--label, --sensitive) needs --time and --window".to_owned(),
                )
                .into());
            }
            let report = super::with_row_progress(|control| {
                run_drift(&args.reference, current, &options, control)
            })?;
            emit(&report, &report_text(&report), args.json.as_deref())
        }
        (Some(time), None) => {
            let spec = window_spec(args, time)?;
            let report = super::with_row_progress(|control| {
                run_windows(
                    &args.reference,
                    &spec,
                    &options,
                    &FairnessThresholds::default(),
                    args.bootstrap,
                    control,
                )
            })?;
            emit(&report, &windows_text(&report), args.json.as_deref())
        }
    }
}

/// Options of `riskbench bench drift`.
#[derive(Debug, clap::Args)]
pub struct BenchDriftArgs {
    /// Reference file (e.g. the first 500,000 synthetic loan rows; `scripts/bench_drift.py` writes them)
    pub reference: PathBuf,
    /// Current file
    pub current: PathBuf,
    /// A file to cut into monthly windows with fairness drift (needs --time, --label, --prediction,
    /// --sensitive)
    #[arg(long, value_name = "FILE")]
    pub windows: Option<PathBuf>,
    /// Date column of --windows
    #[arg(long, default_value = "application_date")]
    pub time: String,
    /// Label column of --windows
    #[arg(long, default_value = "label")]
    pub label: String,
    /// Prediction column of --windows
    #[arg(long, default_value = "prediction")]
    pub prediction: String,
    /// Sensitive columns of --windows
    #[arg(long, value_delimiter = ',', default_value = "race,sex")]
    pub sensitive: Vec<String>,
    /// Timed repetitions
    #[arg(long, default_value_t = 3)]
    pub runs: u32,
}

/// `riskbench bench drift`: load + drift of two files, and load + monthly windows with fairness drift.
///
/// # Errors
/// Input errors.
pub fn run_bench_drift(args: &BenchDriftArgs) -> anyhow::Result<()> {
    let mut best = f64::INFINITY;
    for run in 1..=args.runs.max(1) {
        let t = Instant::now();
        let report = run_drift(
            &args.reference,
            &args.current,
            &DriftOptions::default(),
            &TaskControl::new(),
        )?;
        let s = t.elapsed().as_secs_f64();
        best = best.min(s);
        eprintln!(
            "run {run}: load + drift {} + {} rows, {} columns: {s:.3} s",
            report.reference.rows,
            report.current.rows,
            report.drift.columns.len()
        );
    }
    println!("drift (load + fingerprint + all columns): best {best:.3} s");
    if let Some(path) = &args.windows {
        let spec = WindowSpec {
            time_column: args.time.clone(),
            window: WindowSize::Month,
            reference_window: 1,
            fairness: Some(FairnessDriftSpec {
                label: args.label.clone(),
                prediction: Some(args.prediction.clone()),
                sensitive: args.sensitive.clone(),
                ..FairnessDriftSpec::default()
            }),
        };
        let mut best = f64::INFINITY;
        for run in 1..=args.runs.max(1) {
            let t = Instant::now();
            let report = run_windows(
                path,
                &spec,
                &DriftOptions::default(),
                &FairnessThresholds::default(),
                None,
                &TaskControl::new(),
            )?;
            let s = t.elapsed().as_secs_f64();
            best = best.min(s);
            eprintln!(
                "run {run}: load + {} monthly windows of {} rows with fairness drift: {s:.3} s",
                report.windows.len(),
                report.dataset.rows
            );
        }
        println!(
            "windows by month with fairness drift (load + fingerprint + all): best {best:.3} s"
        );
    }
    Ok(())
}
