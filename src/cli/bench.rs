//! `riskbench bench`: times Riskbench's heavy operations — building and rendering a project's treatment
//! plan, a fairness audit, and the profile of a generated 12-column table with a fixed seed (numbers,
//! categories, booleans, dates, ids, missing cells and placeholder tokens), each repetition in a child
//! process so its peak memory is its own.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use rand::{Rng as _, SeedableRng as _};
use rand_pcg::Pcg64Mcg;

use super::audit::{AuditArgs, audit_spec};
use super::{UsageError, write_json};
use crate::analysis::profile::ProfileOptions;
use crate::analysis::task::TaskControl;

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
    /// Load + drift of two files, and monthly windows with fairness drift (`scripts/bench_drift.py`)
    Drift(Box<super::drift::BenchDriftArgs>),
    /// Time a slider update, a threshold search with its frontier and reweighing on a file
    Mitigate(Box<super::mitigate::BenchMitigateArgs>),
    /// Time the error tree (depth 4) and counterfactual queries on a file (the 1,000,000-row synthetic loans)
    ErrorAnalysis(Box<super::error_analysis::BenchErrorAnalysisArgs>),
    /// Save PROJECT over and over (0: until killed), for the crash-safety test
    #[command(hide = true)]
    SaveLoop {
        /// The project file
        project: PathBuf,
        /// Saves to make (0: until killed)
        #[arg(long, default_value_t = 0)]
        count: u64,
        /// Wait this long before each stage of a save (so that a kill lands inside one)
        #[arg(long, default_value_t = 0)]
        pause_ms: u64,
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

/// The seed of the benchmark table.
pub const BENCH_SEED: u64 = 20_261_128;

fn unit(rng: &mut Pcg64Mcg) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "53 random bits")]
    let u = (rng.next_u64() >> 11) as f64;
    u * (1.0 / 9_007_199_254_740_992.0)
}

fn below(rng: &mut Pcg64Mcg, n: u64) -> u64 {
    let high = (u128::from(rng.next_u64()) * u128::from(n)) >> 64;
    u64::try_from(high).unwrap_or(0)
}

fn normal(rng: &mut Pcg64Mcg) -> f64 {
    let u1 = unit(rng).max(f64::MIN_POSITIVE);
    let u2 = unit(rng);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Writes the benchmark table: `rows` rows of 12 columns, generated with a fixed seed.
///
/// Columns: `applicant_id` (unique ids), `age` (integer, 0.5 % empty), `income` (log-normal, 1 % empty),
/// `credit_score` (integer), `loan_amount` (decimal), `sex` (with 0.3 % `?`), `race` (5 groups), `region`
/// (30 values), `employed` (yes/no), `application_date` (ISO dates), `label` (0/1), `score` (0–1).
///
/// # Errors
/// When the file cannot be written.
pub fn write_bench_csv(path: &Path, rows: u64, seed: u64) -> std::io::Result<()> {
    const RACES: [&str; 5] = ["White", "Black", "Asian", "Hispanic", "Other"];
    let file = std::fs::File::create(path)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    writeln!(
        out,
        "applicant_id,age,income,credit_score,loan_amount,sex,race,region,employed,application_date,label,score"
    )?;
    for i in 0..rows {
        let age = 18 + below(&mut rng, 63);
        let income = (10.5 + 0.6 * normal(&mut rng)).exp();
        let credit = 300 + below(&mut rng, 551);
        let loan = 1000.0 + unit(&mut rng) * 49_000.0;
        let sex = match below(&mut rng, 1000) {
            0..=2 => "?",
            3..=499 => "female",
            _ => "male",
        };
        let race = RACES[usize::try_from(below(&mut rng, 5)).unwrap_or(0)];
        let region = below(&mut rng, 30);
        let employed = if unit(&mut rng) < 0.8 { "yes" } else { "no" };
        let (year, month, day) = (
            2020 + below(&mut rng, 5),
            1 + below(&mut rng, 12),
            1 + below(&mut rng, 28),
        );
        #[expect(clippy::cast_precision_loss, reason = "small integers")]
        let logit = (credit as f64 - 575.0) / 80.0 + if employed == "yes" { 0.5 } else { -0.5 };
        let p = 1.0 / (1.0 + (-logit).exp());
        let label = u8::from(unit(&mut rng) < p);
        let score = (p + 0.1 * normal(&mut rng)).clamp(0.0, 1.0);
        let missing_age = below(&mut rng, 200) == 0;
        let missing_income = below(&mut rng, 100) == 0;
        write!(out, "A{i:08},")?;
        if !missing_age {
            write!(out, "{age}")?;
        }
        out.write_all(b",")?;
        if !missing_income {
            write!(out, "{income:.2}")?;
        }
        writeln!(
            out,
            ",{credit},{loan:.2},{sex},{race},R{region:02},{employed},{year}-{month:02}-{day:02},{label},{score:.6}"
        )?;
    }
    out.flush()
}

/// Peak resident memory of this process in bytes (`VmHWM` of `/proc/self/status`), when available.
#[must_use]
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// One timed load + profile of `path` in this process: what `riskbench bench profile` runs in a fresh child
/// process per repetition, so each run's peak memory is its own (a process keeps freed memory for reuse).
///
/// # Errors
/// When the file cannot be read or profiled.
pub fn profile_run(path: &Path) -> anyhow::Result<serde_json::Value> {
    use std::time::Instant;
    let control = TaskControl::new();
    let t0 = Instant::now();
    let df = crate::analysis::table::read_table(path, &control)?;
    let t1 = Instant::now();
    let profile = crate::analysis::profile::profile_owned_frame(df, &bench_options(), &control)?;
    let t2 = Instant::now();
    Ok(serde_json::json!({
        "load_ms": (t1 - t0).as_secs_f64() * 1000.0,
        "profile_ms": (t2 - t1).as_secs_f64() * 1000.0,
        "total_ms": (t2 - t0).as_secs_f64() * 1000.0,
        "alerts": profile.alerts.len(),
        "peak_memory_bytes": peak_memory_bytes(),
    }))
}

/// The profile options of the benchmark: the generated table's sensitive columns and label.
fn bench_options() -> ProfileOptions {
    ProfileOptions {
        sensitive: vec!["sex".to_owned(), "race".to_owned()],
        label: Some("label".to_owned()),
        ..ProfileOptions::default()
    }
}

/// Runs `riskbench bench profile-run FILE` in a child process and reads its result.
fn child_run(path: &Path) -> anyhow::Result<serde_json::Value> {
    let exe = std::env::current_exe()?;
    let output = std::process::Command::new(exe)
        .args(["bench", "profile-run"])
        .arg(path)
        .output()?;
    if !output.status.success() {
        anyhow::bail!(
            "the timed run failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// Times loading and profiling the generated table, each repetition in a fresh process; returns the
/// timing document.
///
/// # Errors
/// When the table cannot be written or profiled.
pub fn bench_profile(
    rows: u64,
    runs: u32,
    keep: Option<&Path>,
) -> anyhow::Result<serde_json::Value> {
    use std::time::Instant;
    let dir = tempfile_dir()?;
    let path = keep.map_or_else(|| dir.join("profile_bench.csv"), Path::to_owned);
    let start = Instant::now();
    write_bench_csv(&path, rows, BENCH_SEED)?;
    let generate_ms = start.elapsed().as_secs_f64() * 1000.0;
    let bytes = std::fs::metadata(&path)?.len();
    let (mut load, mut profile, mut total) = (Vec::new(), Vec::new(), Vec::new());
    let mut peaks: Vec<u64> = Vec::new();
    let mut alerts = 0;
    let number = |run: &serde_json::Value, key: &str| {
        run[key]
            .as_f64()
            .ok_or_else(|| anyhow::anyhow!("the timed run gave no {key}"))
    };
    for _ in 0..runs.max(1) {
        let run = child_run(&path)?;
        load.push(number(&run, "load_ms")?);
        profile.push(number(&run, "profile_ms")?);
        total.push(number(&run, "total_ms")?);
        peaks.extend(run["peak_memory_bytes"].as_u64());
        alerts = run["alerts"].as_u64().unwrap_or(0);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let result = serde_json::json!({
        "what": format!("profile {rows} × 12 generated table (load + full profile with correlations, alerts and fairness), each run in a fresh process"),
        "build": if cfg!(debug_assertions) { "debug" } else { "release" },
        "cores": std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        "rows": rows,
        "file_bytes": bytes,
        "seed": BENCH_SEED,
        "generate_ms": generate_ms,
        "runs": runs.max(1),
        "load_ms_min": min(&load),
        "profile_ms_min": min(&profile),
        "total_ms_min": min(&total),
        "load_ms_median": median(load),
        "profile_ms_median": median(profile),
        "total_ms_median": median(total),
        "peak_memory_bytes": peaks.iter().copied().max(),
        "alerts": alerts,
        "file": keep.map(|p| p.display().to_string()),
    });
    if keep.is_none() {
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_dir(&dir);
    }
    Ok(result)
}

/// A fresh folder in the system's temporary directory.
fn tempfile_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("riskbench-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
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

/// `riskbench bench …`: runs the benchmark and prints its times as JSON.
///
/// # Errors
/// Usage and input errors (exit code 2).
pub fn run_bench(bench: &BenchCommand) -> anyhow::Result<()> {
    use std::time::Instant;
    let ms = |start: Instant| start.elapsed().as_secs_f64() * 1000.0;
    let result = match bench {
        BenchCommand::Profile { rows, runs, keep } => {
            let result = bench_profile(*rows, *runs, keep.as_deref())?;
            return write_json(&result, None);
        }
        BenchCommand::ErrorAnalysis(args) => {
            return write_json(&super::error_analysis::bench_error_analysis(args)?, None);
        }
        BenchCommand::Mitigate(args) => {
            return write_json(&super::mitigate::bench_mitigate(args)?, None);
        }
        BenchCommand::SaveLoop {
            project,
            count,
            pause_ms,
        } => {
            return super::save_loop::run_save_loop(project, *count, *pause_ms);
        }
        BenchCommand::Drift(args) => return super::drift::run_bench_drift(args),
        BenchCommand::Validate { file, suite, runs } => {
            return write_json(&super::validate::bench_validate(file, suite, *runs)?, None);
        }
        BenchCommand::ProfileRun { file } => {
            let result = profile_run(file)?;
            return write_json(&result, None);
        }
        BenchCommand::Report { project, runs } => {
            let loaded = super::repair::load_project(project)?.project;
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
