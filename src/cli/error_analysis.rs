//! `riskbench error-analysis DATA --label COL (--prediction COL | --score COL --threshold T) …`: where the
//! model errs, from its recorded predictions alone — the error tree, an error-rate heat map, imported
//! attributions per group and one row's nearest counterfactuals — or the analyses saved in a project
//! (`--project`). JSON on standard output when it is not a terminal (or in `--json FILE`), a readable summary
//! on a terminal. Everything it prints is descriptive, not causal, and it says so.

use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{UsageError, write_json};
use crate::analysis::error_analysis::run::{CounterfactualQuery, DEFAULT_COUNTERFACTUALS};
use crate::analysis::error_analysis::{DESCRIPTIVE_NOTE, ErrorAnalysisResult, run_error_analysis};
use crate::analysis::table::{read_table, read_table_with_missing};
use crate::analysis::task::TaskControl;
use crate::model::error_analysis::{
    DEFAULT_HEATMAP_BINS, DEFAULT_MAX_DEPTH, DEFAULT_MIN_SAMPLES_LEAF, ErrorAnalysisSpec,
};

/// Options of `riskbench error-analysis`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["data", "project"])))]
pub struct ErrorAnalysisArgs {
    /// The CSV or Parquet file (with a label and predictions or scores)
    pub data: Option<PathBuf>,
    /// Run the error analyses saved in this project instead
    #[arg(long, conflicts_with_all = ["data", "label", "prediction", "score", "threshold", "features"])]
    pub project: Option<PathBuf>,
    /// With --project: only the analysis with this name or id
    #[arg(long, requires = "project")]
    pub name: Option<String>,
    /// Label (ground truth) column
    #[arg(long, requires = "data")]
    pub label: Option<String>,
    /// Prediction column
    #[arg(long, conflicts_with = "score")]
    pub prediction: Option<String>,
    /// Score column (positive when score >= threshold)
    #[arg(long, requires = "threshold")]
    pub score: Option<String>,
    /// Decision threshold of the score
    #[arg(long, requires = "score", allow_hyphen_values = true)]
    pub threshold: Option<f64>,
    /// Label value that counts as positive (required unless the label is 0/1 or true/false)
    #[arg(long)]
    pub positive: Option<String>,
    /// Prediction value that counts as positive (default: --positive)
    #[arg(long)]
    pub pred_positive: Option<String>,
    /// Features of the error tree, comma-separated (default: every other column)
    #[arg(long, value_delimiter = ',')]
    pub features: Vec<String>,
    /// Sensitive column: the group mix of each leaf, attributions per group
    #[arg(long)]
    pub sensitive: Option<String>,
    /// Depth of the error tree
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_DEPTH)]
    pub depth: usize,
    /// Smallest number of rows in a leaf
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MIN_SAMPLES_LEAF)]
    pub min_leaf: usize,
    /// Prefix of imported attribution columns (SHAP or LIME values), e.g. shap_
    #[arg(long, value_name = "PREFIX")]
    pub attributions: Option<String>,
    /// One or two columns of an error-rate heat map, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "COL[,COL]")]
    pub heatmap: Vec<String>,
    /// Quantile bins of a numeric heat-map axis
    #[arg(long, value_name = "N", default_value_t = DEFAULT_HEATMAP_BINS)]
    pub bins: usize,
    /// Nearest rows with the other decision for this row (0-based: the first data row is 0)
    #[arg(long, value_name = "ROW")]
    pub counterfactual: Option<usize>,
    /// Columns a counterfactual must share with the row, comma-separated (sex, race…)
    #[arg(long, value_delimiter = ',')]
    pub immutable: Vec<String>,
    /// How many counterfactuals
    #[arg(long, value_name = "K", default_value_t = DEFAULT_COUNTERFACTUALS)]
    pub k: usize,
    /// Write the JSON to FILE (`-`: standard output) instead of the summary
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// The JSON of one analysis of a data file.
#[derive(Serialize)]
struct Document<'a> {
    riskbench_version: &'a str,
    data: String,
    #[serde(flatten)]
    result: &'a ErrorAnalysisResult,
}

#[derive(Serialize)]
struct Saved<'a> {
    analysis_id: &'a str,
    name: &'a str,
    dataset_id: &'a str,
    data: String,
    #[serde(flatten)]
    result: &'a ErrorAnalysisResult,
}

#[derive(Serialize)]
struct ProjectDocument<'a> {
    riskbench_version: &'a str,
    project: String,
    note: &'a str,
    analyses: Vec<Saved<'a>>,
}

fn spec_of(args: &ErrorAnalysisArgs) -> Result<ErrorAnalysisSpec, UsageError> {
    let label = args
        .label
        .clone()
        .ok_or_else(|| UsageError("--label COL is required with a data file".to_owned()))?;
    if args.prediction.is_none() && args.score.is_none() {
        return Err(UsageError(
            "give a prediction column (--prediction COL) or a score with a threshold (--score COL --threshold T)"
                .to_owned(),
        ));
    }
    if args.counterfactual.is_none() && !args.immutable.is_empty() {
        return Err(UsageError(
            "--immutable needs --counterfactual ROW".to_owned(),
        ));
    }
    Ok(ErrorAnalysisSpec {
        label,
        prediction: args.prediction.clone(),
        score: args.score.clone(),
        threshold: args.threshold,
        positive: args.positive.clone(),
        pred_positive: args.pred_positive.clone(),
        features: args.features.clone(),
        sensitive: args.sensitive.clone(),
        max_depth: args.depth,
        min_samples_leaf: args.min_leaf,
        attribution_prefix: args.attributions.clone(),
        heatmap: args.heatmap.clone(),
        heatmap_bins: args.bins,
        immutable: args.immutable.clone(),
    })
}

fn query(args: &ErrorAnalysisArgs) -> Option<CounterfactualQuery> {
    args.counterfactual
        .map(|row| CounterfactualQuery { row, k: args.k })
}

/// `riskbench error-analysis`.
///
/// # Errors
/// Usage and input errors (exit code 2), naming the column, row or setting.
pub fn run_error_analysis_command(args: &ErrorAnalysisArgs) -> anyhow::Result<()> {
    if let Some(project) = &args.project {
        return run_saved(args, project);
    }
    let Some(data) = &args.data else {
        return Err(UsageError("give a data file or --project PROJECT".to_owned()).into());
    };
    let spec = spec_of(args)?;
    let df = read_table(data, &TaskControl::new())?;
    let result =
        run_error_analysis(&df, &spec, query(args)).map_err(|e| UsageError(e.to_string()))?;
    if args.json.is_none() && std::io::stdout().is_terminal() {
        print!("{DESCRIPTIVE_NOTE}\n\n{}", summary(&result));
        return Ok(());
    }
    let doc = Document {
        riskbench_version: env!("CARGO_PKG_VERSION"),
        data: data.display().to_string(),
        result: &result,
    };
    write_json(&doc, args.json.as_deref())
}

fn run_saved(args: &ErrorAnalysisArgs, project_path: &Path) -> anyhow::Result<()> {
    let project = super::repair::load_project(project_path)?.project;
    let base = project_path.parent().unwrap_or_else(|| Path::new("."));
    let selected = super::saved::select(
        &project.error_analyses,
        args.name.as_deref(),
        "error analyses",
        project_path,
    )?;
    let mut results = Vec::new();
    for analysis in selected {
        let (dataset, path) = super::saved::dataset(&project, analysis, base)?;
        let df = read_table_with_missing(&path, &dataset.missing_tokens, &TaskControl::new())?;
        let result = run_error_analysis(&df, &analysis.spec, query(args))
            .map_err(|e| UsageError(format!("error analysis {:?}: {e}", analysis.name)))?;
        results.push((analysis, dataset.path.clone(), result));
    }
    if args.json.is_none() && std::io::stdout().is_terminal() {
        let mut out = format!("{DESCRIPTIVE_NOTE}\n");
        for (analysis, data, result) in &results {
            let _ = write!(
                out,
                "\n{} ({}) on {data}\n{}",
                analysis.name,
                analysis.analysis_id,
                summary(result)
            );
        }
        print!("{out}");
        return Ok(());
    }
    let doc = ProjectDocument {
        riskbench_version: env!("CARGO_PKG_VERSION"),
        project: project_path.display().to_string(),
        note: DESCRIPTIVE_NOTE,
        analyses: results
            .iter()
            .map(|(a, data, result)| Saved {
                analysis_id: &a.analysis_id,
                name: &a.name,
                dataset_id: &a.dataset_id,
                data: data.clone(),
                result,
            })
            .collect(),
    };
    write_json(&doc, args.json.as_deref())
}

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

/// A readable summary of one analysis: leaves by error rate, the heat map, attributions, counterfactuals.
#[must_use]
pub fn summary(result: &ErrorAnalysisResult) -> String {
    let mut out = String::new();
    let r = &result.rows;
    let _ = writeln!(
        out,
        "{} rows used ({} left out: no label or prediction), {} errors ({})",
        r.used,
        r.dropped,
        r.errors,
        pct(r.error_rate)
    );
    let tree = &result.tree;
    let _ = writeln!(
        out,
        "\nError tree (depth {}, at least {} rows per leaf): {} leaves, highest error rate first",
        tree.options.max_depth,
        tree.options.min_samples_leaf,
        tree.leaves.len()
    );
    if !tree.binned_features.is_empty() {
        let _ = writeln!(
            out,
            "  (cut into 256 quantile bins: {})",
            tree.binned_features.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "{:>5} {:>8} {:>8} {:>10} {:>10}  path",
        "leaf", "rows", "errors", "error rate", "of errors"
    );
    let mut leaves: Vec<_> = tree.leaves.iter().collect();
    leaves.sort_by(|a, b| {
        b.error_rate
            .total_cmp(&a.error_rate)
            .then(a.leaf_id.cmp(&b.leaf_id))
    });
    for leaf in leaves {
        let _ = writeln!(
            out,
            "{:>5} {:>8} {:>8} {:>10} {:>10}  {}",
            leaf.leaf_id,
            leaf.rows,
            leaf.errors,
            pct(leaf.error_rate),
            pct(leaf.share_of_errors),
            leaf.path_text()
        );
        if !leaf.groups.is_empty() {
            let mix: Vec<String> = leaf
                .groups
                .iter()
                .map(|g| format!("{} {}", g.group, g.rows))
                .collect();
            let _ = writeln!(out, "{:>46}{}", "", mix.join(", "));
        }
    }
    if let Some(map) = &result.heatmap {
        let names: Vec<&str> = map.axes.iter().map(|a| a.feature.as_str()).collect();
        let _ = writeln!(out, "\nError rate by {}", names.join(" × "));
        for c in map.cells.iter().filter(|c| c.rows > 0) {
            let key: Vec<String> = c
                .index
                .iter()
                .zip(&map.axes)
                .map(|(i, a)| a.bins[*i].label())
                .collect();
            let _ = writeln!(
                out,
                "  {:<36} {:>8} rows {:>10}",
                key.join(" × "),
                c.rows,
                c.error_rate.map_or_else(String::new, pct)
            );
        }
    }
    if let Some(a) = &result.attributions {
        let _ = writeln!(out, "\nMean |attribution| ({}*)", a.prefix);
        for f in &a.features {
            let _ = writeln!(out, "  {:<28} {:.4}", f.feature, f.mean_abs);
        }
        if !a.gaps.is_empty() {
            let _ = writeln!(
                out,
                "Largest differences between groups of {}:",
                a.sensitive.as_deref().unwrap_or("")
            );
            for g in a.gaps.iter().take(5) {
                let _ = writeln!(
                    out,
                    "  {:<28} {} {:.4} vs {} {:.4} (difference {:.4}, ratio {})",
                    g.feature,
                    g.highest_group,
                    g.highest,
                    g.lowest_group,
                    g.lowest,
                    g.difference,
                    g.ratio
                        .map_or_else(|| "undefined".to_owned(), |r| format!("{r:.2}"))
                );
            }
        }
    }
    if let Some(c) = &result.counterfactuals {
        let _ = writeln!(
            out,
            "\nRow {} (decision {}): {} nearest rows with the other decision, out of {} with the same {}",
            c.row,
            u8::from(c.prediction),
            c.nearest.len(),
            c.candidates,
            if c.immutable.is_empty() {
                "—".to_owned()
            } else {
                c.immutable.join(", ")
            }
        );
        for n in &c.nearest {
            let diffs: Vec<String> = n
                .differences
                .iter()
                .map(|d| format!("{} {} → {}", d.feature, d.this, d.other))
                .collect();
            let _ = writeln!(
                out,
                "  row {:<8} distance {:.4}  {}",
                n.row,
                n.distance,
                diffs.join("; ")
            );
        }
    }
    out
}

/// Options of `riskbench bench error-analysis`.
#[derive(Debug, clap::Args)]
pub struct BenchErrorAnalysisArgs {
    /// The CSV or Parquet file (the 1,000,000-row synthetic loans file of `shared/datasets/synthetic_loans`)
    pub data: PathBuf,
    /// Label column
    #[arg(long, default_value = "label")]
    pub label: String,
    /// Prediction column
    #[arg(long, default_value = "prediction")]
    pub prediction: String,
    /// Features of the tree (default: the synthetic loans file's ten columns besides label and prediction)
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "applicant_id,age,income,loan_amount,credit_score,employment_years,region,sex,race,score"
    )]
    pub features: Vec<String>,
    /// Immutable columns of the counterfactual search
    #[arg(long, value_delimiter = ',', default_value = "sex,race")]
    pub immutable: Vec<String>,
    /// Depth of the tree
    #[arg(long, default_value_t = DEFAULT_MAX_DEPTH)]
    pub depth: usize,
    /// Timed repetitions of the tree
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Rows explained by counterfactuals (each timed)
    #[arg(long, default_value_t = 20)]
    pub queries: usize,
    /// Also time the exact tree (every distinct value tried, as scikit-learn)
    #[arg(long)]
    pub exact: bool,
}

/// `riskbench bench error-analysis`: times loading, decoding, the error tree (binned, and exact when asked)
/// and counterfactual queries; prints JSON.
///
/// # Errors
/// When the file cannot be read or analysed.
pub fn bench_error_analysis(args: &BenchErrorAnalysisArgs) -> anyhow::Result<serde_json::Value> {
    use crate::analysis::error_analysis::counterfactual::CounterfactualIndex;
    use crate::analysis::error_analysis::data::{column_for_rows, prepare};
    use crate::analysis::error_analysis::tree::{TreeOptions, error_tree};
    use std::time::Instant;
    let ms = |start: Instant| start.elapsed().as_secs_f64() * 1000.0;
    let usage = |e: crate::analysis::error_analysis::ErrorAnalysisError| UsageError(e.to_string());
    let t = Instant::now();
    let df = read_table(&args.data, &TaskControl::new())?;
    let load_ms = ms(t);
    let spec = ErrorAnalysisSpec {
        label: args.label.clone(),
        prediction: Some(args.prediction.clone()),
        features: args.features.clone(),
        max_depth: args.depth,
        ..ErrorAnalysisSpec::default()
    };
    let t = Instant::now();
    let data = prepare(&df, &spec).map_err(usage)?;
    let prepare_ms = ms(t);
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let mut tree_runs = Vec::new();
    let mut leaves = 0;
    let mut binned = Vec::new();
    for _ in 0..args.runs.max(1) {
        let t = Instant::now();
        let tree = error_tree(
            &data,
            TreeOptions {
                max_depth: args.depth,
                min_samples_leaf: DEFAULT_MIN_SAMPLES_LEAF,
                max_bins: Some(256),
            },
        )
        .map_err(usage)?;
        tree_runs.push(ms(t));
        leaves = tree.leaves.len();
        binned = tree.binned_features;
    }
    let exact_ms = if args.exact {
        let t = Instant::now();
        error_tree(
            &data,
            TreeOptions {
                max_depth: args.depth,
                min_samples_leaf: DEFAULT_MIN_SAMPLES_LEAF,
                max_bins: None,
            },
        )
        .map_err(usage)?;
        Some(ms(t))
    } else {
        None
    };
    let t = Instant::now();
    let immutable = args
        .immutable
        .iter()
        .map(|c| column_for_rows(&df, c, &data))
        .collect::<Result<Vec<_>, _>>()
        .map_err(usage)?;
    let index = CounterfactualIndex::new(&data, &immutable);
    let index_ms = ms(t);
    let mut queries = Vec::new();
    let step = data.file_rows / args.queries.max(1);
    for q in 0..args.queries.max(1) {
        let row = data.row_index[(q * step).min(data.rows() - 1)] as usize;
        let t = Instant::now();
        let found = index
            .nearest(&data, row, DEFAULT_COUNTERFACTUALS)
            .map_err(usage)?;
        queries.push(ms(t));
        std::hint::black_box(found);
    }
    let worst_query = queries.iter().copied().fold(0.0, f64::max);
    Ok(serde_json::json!({
        "rows": data.rows(),
        "features": args.features.len(),
        "depth": args.depth,
        "leaves": leaves,
        "binned_features": binned,
        "load_ms": load_ms,
        "prepare_ms": prepare_ms,
        "tree_ms_median": median(tree_runs.clone()),
        "tree_ms": tree_runs,
        "exact_tree_ms": exact_ms,
        "counterfactual_index_ms": index_ms,
        "counterfactual_ms_median": median(queries),
        "counterfactual_ms_max": worst_query,
    }))
}
