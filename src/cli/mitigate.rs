//! `riskbench mitigate thresholds …` (per-group thresholds for a Fairlearn constraint and objective, with a
//! tolerance, the Pareto frontier, or Fairlearn's exact randomized solution) and `riskbench mitigate
//! reweigh …` (Kamiran–Calders reweighing, AIF360 `Reweighing`, with `--write-weights`); and `riskbench bench
//! mitigate`, which times a slider update, a threshold search with its frontier and reweighing on a file.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::UsageError;
use super::adopt::Adoption;
use super::args::{AdoptArgs, DecisionArgs, ScoredDataArgs};
use crate::analysis::mitigation::adopt::{adopted_from_reweighing, adopted_from_solution};
use crate::analysis::mitigation::flips::flips;
use crate::analysis::mitigation::reweigh::Reweighing;
use crate::analysis::mitigation::search::{Constraint, Objective, SearchOptions, find_thresholds};
use crate::analysis::mitigation::whatif::{AuditedColumns, ReweighSpec, run_reweigh};
use crate::analysis::mitigation::{ScoredData, ScoredSpec, ThresholdIndex, load_scored};
use crate::analysis::table::read_table;
use crate::analysis::task::TaskControl;
use crate::model::file;

/// `riskbench mitigate …`.
#[derive(Debug, clap::Subcommand)]
pub enum MitigateCommand {
    /// Per-group thresholds for a fairness constraint and an objective (Fairlearn's threshold optimizer)
    Thresholds(Box<ThresholdsArgs>),
    /// Kamiran–Calders reweighing (AIF360 Reweighing): weights per group × label cell, weighted re-audit
    Reweigh(Box<ReweighArgs>),
}

/// Options of `riskbench mitigate thresholds`.
#[derive(Debug, clap::Args)]
#[expect(
    clippy::doc_markdown,
    reason = "the help text lists the exact option values"
)]
#[command(mut_arg("adopt", |a| a.help(
    "Adopt the solution as a control in this project (with --dataset; --risk links it to a risk)"
)))]
#[command(mut_arg("name", |a| a.help(
    "With --adopt: name of the control (default: \"Per-group thresholds (CONSTRAINT within E)\")"
)))]
#[command(mut_arg("effectiveness", |a| a.help(
    "With --adopt: the control's tested effectiveness (default: Effective when the constraint is met)"
)))]
pub struct ThresholdsArgs {
    /// The data file and its columns.
    #[command(flatten)]
    pub columns: ScoredDataArgs,
    /// demographic_parity, equalized_odds, true_positive_rate_parity, false_positive_rate_parity,
    /// true_negative_rate_parity or false_negative_rate_parity
    #[arg(long)]
    pub constraint: String,
    /// accuracy_score, balanced_accuracy_score, selection_rate, true_positive_rate, true_negative_rate or cost
    #[arg(long)]
    pub objective: String,
    /// Largest allowed between-group difference of the constrained rate(s) (default 0.01; 0: Fairlearn's
    /// exact solution)
    #[arg(long, value_name = "E")]
    pub tolerance: Option<f64>,
    /// Fairlearn's randomized solution: exact without --tolerance, its relaxed constraint with one
    #[arg(long)]
    pub randomized: bool,
    /// Grid size of the randomized solution (Fairlearn's default 1000)
    #[arg(long, default_value_t = 1000)]
    pub grid_size: usize,
    /// Cost of one false positive (objective cost)
    #[arg(long, value_name = "X")]
    pub cost_fp: Option<f64>,
    /// Cost of one false negative (objective cost)
    #[arg(long, value_name = "Y")]
    pub cost_fn: Option<f64>,
    /// Label value that counts as positive
    #[arg(long)]
    pub positive: Option<String>,
    /// Sample-weight column (deterministic cut-offs only)
    #[arg(long)]
    pub weight: Option<String>,
    /// The threshold in use today: adds the decisions flipped per group, with bootstrap intervals
    #[arg(long, value_name = "T")]
    pub current_threshold: Option<f64>,
    /// Bootstrap resamples of the flipped shares
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub bootstrap: usize,
    /// Bootstrap seed
    #[arg(long, default_value_t = 20_240_611, value_name = "S")]
    pub seed: u64,
    /// Write the JSON to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// `--adopt` and the control's options.
    #[command(flatten)]
    pub adopt: AdoptArgs,
}

/// Options of `riskbench mitigate reweigh`.
#[derive(Debug, clap::Args)]
#[command(mut_arg("prediction", |a| a.help(
    "Re-audit this prediction column with the weights (default: the labels themselves)"
)))]
#[command(mut_arg("score", |a| a.help("Or re-audit score >= --threshold")))]
#[command(mut_arg("threshold", |a| a.help("Threshold of --score")))]
#[command(mut_arg("adopt", |a| a.help(
    "Adopt the reweighing as a control in this project (with --dataset, --score and --threshold, the \
     decisions in use today; --risk links it to a risk)"
)))]
#[command(mut_arg("name", |a| a.help(
    "With --adopt: name of the control (default: \"Reweighing of the training data\")"
)))]
pub struct ReweighArgs {
    /// The CSV or Parquet file
    pub data: PathBuf,
    /// Label (ground truth) column
    #[arg(long)]
    pub label: String,
    /// Sensitive columns (several need --intersect)
    #[arg(long, value_delimiter = ',', required = true)]
    pub sensitive: Vec<String>,
    /// Reweigh by the combination of the sensitive columns
    #[arg(long)]
    pub intersect: bool,
    /// Label value that counts as positive
    #[arg(long)]
    pub positive: Option<String>,
    /// Existing sample weights (multiplied by the reweighing factor)
    #[arg(long)]
    pub weight: Option<String>,
    /// The decisions re-audited with the weights.
    #[command(flatten)]
    pub decisions: DecisionArgs,
    /// Write the JSON to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the new weight of every data row to OUT.csv (columns row, weight; empty for a row left out)
    #[arg(long, value_name = "OUT.csv")]
    pub write_weights: Option<PathBuf>,
    /// `--adopt` and the control's options.
    #[command(flatten)]
    pub adopt: AdoptArgs,
}

/// Options of `riskbench bench mitigate`.
#[derive(Debug, clap::Args)]
pub struct BenchMitigateArgs {
    /// The CSV or Parquet file (the 1,000,000-row synthetic loans file)
    pub data: PathBuf,
    /// Label column
    #[arg(long, default_value = "label")]
    pub label: String,
    /// Score column
    #[arg(long, default_value = "score")]
    pub score: String,
    /// Sensitive column
    #[arg(long, default_value = "race")]
    pub sensitive: String,
    /// Slider updates timed
    #[arg(long, default_value_t = 1000)]
    pub updates: usize,
    /// Timed repetitions of the search and of reweighing
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
}

/// `riskbench mitigate …`.
///
/// # Errors
/// Usage and input errors (exit code 2).
pub fn run_mitigate(command: &MitigateCommand) -> anyhow::Result<()> {
    match command {
        MitigateCommand::Thresholds(args) => run_thresholds(args),
        MitigateCommand::Reweigh(args) => run_reweigh_command(args),
    }
}

fn run_thresholds(args: &ThresholdsArgs) -> anyhow::Result<()> {
    let usage = |e: crate::analysis::mitigation::MitigationError| UsageError(e.to_string());
    let constraint = Constraint::parse(&args.constraint).map_err(usage)?;
    let objective =
        Objective::parse(&args.objective, args.cost_fp.zip(args.cost_fn)).map_err(usage)?;
    let columns = &args.columns;
    let data = super::adopt::load(
        &columns.data,
        &ScoredSpec {
            label: columns.label.clone(),
            score: columns.score.clone(),
            sensitive: columns.sensitive.clone(),
            positive: args.positive.clone(),
            weight: args.weight.clone(),
            date: None,
        },
    )?;
    let index = ThresholdIndex::build(&data);
    let solution = find_thresholds(
        &index,
        &data.groups,
        SearchOptions {
            constraint,
            objective,
            tolerance: args
                .tolerance
                .unwrap_or(if args.randomized { 0.0 } else { 0.01 }),
            randomized: args.randomized,
            grid_size: args.grid_size,
        },
    )
    .map_err(usage)?;
    if !solution.met {
        eprintln!(
            "riskbench: note: the constraint cannot be met at tolerance {} with cut-offs; the closest point \
             (violation {:.4}) is shown",
            solution.tolerance, solution.constraint_violation
        );
    }
    if let Some(alike) = solution.decides_everyone_alike() {
        eprintln!("riskbench: note: {alike}");
    }
    let mut doc = serde_json::to_value(&solution)?;
    if let Some(current) = args.current_threshold
        && solution.randomized.is_none()
    {
        let option: Vec<f64> = solution
            .groups
            .iter()
            .map(|g| g.threshold.unwrap_or(f64::INFINITY))
            .collect();
        let now = vec![current; option.len()];
        doc["flips"] = json!({
            "current_threshold": current,
            "by_group": flips(&index, &data.groups, &now, &option, args.bootstrap, 0.95, args.seed),
        });
    }
    if let Some(id) = adopt_solution(args, &index, &data, &solution)? {
        doc["adopted"] = json!(id);
    }
    if super::terminal::wants_table(args.json.as_deref()) {
        print!("{}", thresholds_table(&doc));
        return Ok(());
    }
    super::write_json(&doc, args.json.as_deref())
}

/// `--adopt`: the solution recorded in the project, Effective by default when its constraint is met.
fn adopt_solution(
    args: &ThresholdsArgs,
    index: &ThresholdIndex,
    data: &ScoredData,
    solution: &crate::analysis::mitigation::search::ThresholdSolution,
) -> anyhow::Result<Option<String>> {
    use crate::model::register::ControlEffectiveness;
    let adoption = Adoption {
        args: &args.adopt,
        data: &args.columns.data,
        columns: column_map(
            &args.columns.label,
            &args.columns.score,
            &args.columns.sensitive,
        ),
        current_threshold: args.current_threshold.unwrap_or(0.5),
        default_name: format!(
            "Per-group thresholds ({} within {})",
            solution.constraint.replace('_', " "),
            solution.tolerance
        ),
    };
    super::adopt::adopt_option(adoption, |ctx| {
        let effectiveness = if solution.met {
            ControlEffectiveness::Effective
        } else {
            ControlEffectiveness::PartiallyEffective
        };
        Ok((
            adopted_from_solution(index, data, solution, ctx),
            Some(effectiveness),
        ))
    })
}

/// The columns an adopted option records.
fn column_map(label: &str, score: &str, sensitive: &[String]) -> BTreeMap<String, String> {
    let mut columns = BTreeMap::new();
    columns.insert("label".to_owned(), label.to_owned());
    columns.insert("score".to_owned(), score.to_owned());
    columns.insert("sensitive".to_owned(), sensitive.join(","));
    columns
}

fn num(v: &Value) -> String {
    match v {
        Value::Null => "undefined".to_owned(),
        Value::Number(n) if n.is_u64() => n.to_string(),
        Value::Number(n) => format!("{:.4}", n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn group_text(v: &Value) -> String {
    v.as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A readable summary of `mitigate thresholds`.
#[must_use]
pub fn thresholds_table(doc: &Value) -> String {
    let mut out = format!(
        "{} maximising {} (tolerance {}): largest difference {}\n\n{:<28} {:>10} {:>9} {:>8} {:>8} {:>8}\n",
        num(&doc["constraint"]),
        num(&doc["objective"]),
        num(&doc["tolerance"]),
        num(&doc["constraint_violation"]),
        "group",
        "threshold",
        "selected",
        "TPR",
        "FPR",
        "n"
    );
    for g in doc["groups"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "{:<28} {:>10} {:>9} {:>8} {:>8} {:>8}",
            group_text(&g["group"]),
            if g["threshold"].is_null() {
                "random".to_owned()
            } else {
                num(&g["threshold"])
            },
            num(&g["selection_rate"]),
            num(&g["true_positive_rate"]),
            num(&g["false_positive_rate"]),
            num(&g["count"])
        );
    }
    let o = &doc["overall"];
    let _ = writeln!(
        out,
        "\noverall accuracy {}, balanced accuracy {}, selection rate {}",
        num(&o["accuracy"]),
        num(&o["balanced_accuracy"]),
        num(&o["selection_rate"])
    );
    for line in doc["explanation"].as_array().into_iter().flatten() {
        let _ = writeln!(out, "  {}", line.as_str().unwrap_or(""));
    }
    out.push_str("\nfrontier (tolerance → objective, largest difference)\n");
    for p in doc["frontier"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "  {:>7} → {:>8} {:>8}{}",
            num(&p["tolerance"]),
            num(&p["objective"]),
            num(&p["constraint_violation"]),
            if p["met"].as_bool() == Some(false) {
                "  (not reachable: closest point)"
            } else {
                ""
            }
        );
    }
    out
}

fn run_reweigh_command(args: &ReweighArgs) -> anyhow::Result<()> {
    let spec = ReweighSpec {
        columns: AuditedColumns {
            label: args.label.clone(),
            sensitive: args.sensitive.clone(),
            intersect: args.intersect,
            positive: args.positive.clone(),
            weight: args.weight.clone(),
        },
        prediction: args.decisions.prediction.clone(),
        score: args.decisions.score.clone(),
        threshold: args.decisions.threshold,
    };
    let (mut doc, reweighing, per_row) =
        run_reweigh(&args.data, &spec).map_err(|e| UsageError(e.to_string()))?;
    if let Some(out) = &args.write_weights {
        let text = crate::analysis::mitigation::reweigh::weights_csv(&per_row);
        file::write_atomic(out, text.as_bytes())?;
        eprintln!("wrote {} ({} rows)", out.display(), per_row.len());
    }
    if let Some(id) = adopt_reweighing(args, &reweighing)? {
        doc["adopted"] = json!(id);
    }
    if super::terminal::wants_table(args.json.as_deref()) {
        let mut out = format!(
            "{:<28} {:>6} {:>8} {:>10}\n",
            "group", "label", "count", "weight"
        );
        for c in doc["cells"].as_array().into_iter().flatten() {
            let _ = writeln!(
                out,
                "{:<28} {:>6} {:>8} {:>10}",
                group_text(&c["group"]),
                num(&c["label"]),
                num(&c["count"]),
                num(&c["weight"])
            );
        }
        print!("{out}");
        return Ok(());
    }
    super::write_json(&doc, args.json.as_deref())
}

/// `--adopt`: the reweighing recorded in the project, with the weighted re-audit of the decisions in use
/// today (`--score` at `--threshold`).
fn adopt_reweighing(args: &ReweighArgs, reweighing: &Reweighing) -> anyhow::Result<Option<String>> {
    if args.adopt.adopt.is_none() {
        return Ok(None);
    }
    let (Some(score), Some(threshold)) = (&args.decisions.score, args.decisions.threshold) else {
        return Err(UsageError(
            "--adopt needs --score COL --threshold T: the decisions in use today, re-audited with the weights"
                .to_owned(),
        )
        .into());
    };
    let data = super::adopt::load(
        &args.data,
        &ScoredSpec {
            label: args.label.clone(),
            score: score.clone(),
            sensitive: args.sensitive.clone(),
            positive: args.positive.clone(),
            weight: args.weight.clone(),
            date: None,
        },
    )?;
    let groups: Vec<_> = reweighing.representation.iter().map(|r| &r.group).collect();
    if groups != data.groups.iter().collect::<Vec<_>>() {
        return Err(UsageError(format!(
            "--adopt: rows without a score in {score:?} leave a group out of the decisions; adopt the \
             reweighing on data where every labelled row has a score"
        ))
        .into());
    }
    let adoption = Adoption {
        args: &args.adopt,
        data: &args.data,
        columns: column_map(&args.label, score, &args.sensitive),
        current_threshold: threshold,
        default_name: "Reweighing of the training data".to_owned(),
    };
    super::adopt::adopt_option(adoption, |ctx| {
        let index = ThresholdIndex::build(&data);
        Ok((
            adopted_from_reweighing(&index, &data, reweighing, ctx),
            None,
        ))
    })
}

/// `riskbench bench mitigate`: load, one slider update (all per-group metrics), a threshold search with its
/// frontier, reweighing. Prints JSON with the times in milliseconds.
///
/// # Errors
/// Unreadable data or bad columns.
pub fn bench_mitigate(args: &BenchMitigateArgs) -> anyhow::Result<Value> {
    use std::time::Instant;
    let ms = |start: Instant| start.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let df = read_table(&args.data, &TaskControl::new())?;
    let data = load_scored(
        &df,
        &ScoredSpec {
            label: args.label.clone(),
            score: args.score.clone(),
            sensitive: vec![args.sensitive.clone()],
            ..ScoredSpec::default()
        },
    )
    .map_err(|e| UsageError(e.to_string()))?;
    let load_ms = ms(t);
    let t = Instant::now();
    let index = ThresholdIndex::build(&data);
    let index_ms = ms(t);
    let mut updates = Vec::with_capacity(args.updates);
    let mut checksum = 0.0;
    for i in 0..args.updates.max(1) {
        #[expect(clippy::cast_precision_loss, reason = "a few thousand updates")]
        let threshold = (i as f64 + 0.5) / args.updates.max(1) as f64;
        let t = Instant::now();
        let m = index.metrics_at(&vec![threshold; index.groups()]);
        updates.push(ms(t));
        checksum += m
            .summary(crate::analysis::fairness::SummaryMetric::DemographicParityDifference)
            .unwrap_or(0.0);
    }
    updates.sort_by(f64::total_cmp);
    // The screen: the curves once per load, then per frame while dragging the metrics at the threshold,
    // every group's operating point on its ROC curve and the flips (1,000 bootstrap resamples) of the option.
    let t = Instant::now();
    let [lo, hi] = data.score_range;
    let curves = index.curves(lo, hi, 200, 400);
    let curves_ms = ms(t);
    checksum += curves
        .iter()
        .filter_map(|c| c.rates.first().map(|p| p.selection_rate))
        .sum::<f64>();
    let mut frames = Vec::with_capacity(args.updates);
    let current = vec![0.5; index.groups()];
    for i in 0..args.updates.max(1) {
        #[expect(clippy::cast_precision_loss, reason = "a few thousand updates")]
        let threshold = lo + (hi - lo) * (i as f64 + 0.5) / args.updates.max(1) as f64;
        let t = Instant::now();
        let thresholds = vec![threshold; index.groups()];
        let m = index.metrics_at(&thresholds);
        let points: Vec<_> = (0..index.groups())
            .map(|g| index.operating_point(g, threshold))
            .collect();
        let option = crate::analysis::mitigation::options::DecisionOption::Thresholds(thresholds);
        let f = option.flips(&index, &data.groups, &current, 1000, 0.95, 42);
        frames.push(ms(t));
        checksum += m
            .overall(crate::analysis::fairness::Metric::Accuracy)
            .unwrap_or(0.0)
            + points.iter().flatten().map(|p| p[0]).sum::<f64>()
            + f.iter().map(|x| x.interval[0]).sum::<f64>();
    }
    frames.sort_by(f64::total_cmp);
    let mut search = Vec::new();
    let mut frontier_points = 0;
    for _ in 0..args.runs.max(1) {
        let t = Instant::now();
        let s = find_thresholds(
            &index,
            &data.groups,
            SearchOptions {
                constraint: Constraint::DemographicParity,
                objective: Objective::AccuracyScore,
                tolerance: 0.01,
                randomized: false,
                grid_size: 1000,
            },
        )
        .map_err(|e| UsageError(e.to_string()))?;
        search.push(ms(t));
        frontier_points = s.frontier.len();
    }
    search.sort_by(f64::total_cmp);
    let mut randomized = Vec::new();
    for _ in 0..args.runs.max(1) {
        let t = Instant::now();
        crate::analysis::mitigation::fairlearn::threshold_optimizer(
            &index,
            &data.groups,
            Constraint::DemographicParity,
            Objective::AccuracyScore,
            None,
            1000,
        )
        .map_err(|e| UsageError(e.to_string()))?;
        randomized.push(ms(t));
    }
    randomized.sort_by(f64::total_cmp);
    let mut reweigh_times = Vec::new();
    for _ in 0..args.runs.max(1) {
        let t = Instant::now();
        let r = crate::analysis::mitigation::reweigh::reweigh(
            &data.labels,
            &data.group_of,
            &data.groups,
            data.weights.as_deref(),
            ("1", "0"),
        );
        reweigh_times.push(ms(t));
        checksum += r.row_weights.first().copied().unwrap_or(0.0);
    }
    reweigh_times.sort_by(f64::total_cmp);
    let stats = |v: &[f64]| {
        json!({
            "min_ms": v.first(), "median_ms": v.get(v.len() / 2), "max_ms": v.last(),
            "p99_ms": v.get((v.len() * 99) / 100),
        })
    };
    Ok(json!({
        "what": format!("mitigation what-if on {}", args.data.display()),
        "build": if cfg!(debug_assertions) { "debug" } else { "release" },
        "rows": data.rows(),
        "groups": data.groups.len(),
        "load_ms": load_ms,
        "sort_once_ms": index_ms,
        "slider_update": stats(&updates),
        "curves_once_ms": curves_ms,
        "screen_frame_while_dragging": stats(&frames),
        "threshold_search_with_frontier": stats(&search),
        "frontier_points": frontier_points,
        "fairlearn_randomized_solution": stats(&randomized),
        "reweighing": stats(&reweigh_times),
        "checksum": checksum,
    }))
}
