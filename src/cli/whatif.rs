//! `riskbench whatif DATA --label COL --score COL --sensitive COL[,COL…] (--threshold T | --group-threshold
//! COL=VALUE:T …) [--review-band LOW,HIGH] [--cost-fp X --cost-fn Y]`: the decisions of a threshold (or
//! per-group thresholds) and a review band, in the `audit` shape plus `decisions`, `review` and `cost`
//! (`cli.md`). On a terminal without `--json` it prints a table instead.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::Value;

use super::UsageError;
use crate::analysis::mitigation::Band;
use crate::analysis::mitigation::whatif::{GroupThreshold, WhatIfSpec, run_whatif};

/// Options of `riskbench whatif`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("rule").required(true).multiple(true).args(["threshold", "group_threshold"])))]
pub struct WhatIfArgs {
    /// The CSV or Parquet file
    pub data: PathBuf,
    /// Label (ground truth) column
    #[arg(long)]
    pub label: String,
    /// Score column (positive when score >= threshold)
    #[arg(long)]
    pub score: String,
    /// Sensitive columns, comma-separated; each is audited on its own
    #[arg(long, value_delimiter = ',', required = true)]
    pub sensitive: Vec<String>,
    /// Also the combination of the sensitive columns
    #[arg(long)]
    pub intersect: bool,
    /// Threshold of every group (of the groups without their own with --group-threshold)
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub threshold: Option<f64>,
    /// A group's own threshold, COL=VALUE:T (repeat for each group)
    #[arg(long = "group-threshold", value_name = "COL=VALUE:T")]
    pub group_threshold: Vec<String>,
    /// Scores in [LOW, HIGH) go to a person
    #[arg(long, value_name = "LOW,HIGH", allow_hyphen_values = true)]
    pub review_band: Option<String>,
    /// Cost of one false positive
    #[arg(long, value_name = "X", requires = "cost_fn")]
    pub cost_fp: Option<f64>,
    /// Cost of one false negative
    #[arg(long, value_name = "Y", requires = "cost_fp")]
    pub cost_fn: Option<f64>,
    /// Label value that counts as positive (required unless the label is 0/1 or true/false)
    #[arg(long)]
    pub positive: Option<String>,
    /// Sample-weight column
    #[arg(long)]
    pub weight: Option<String>,
    /// Date column: cases sent to review per month
    #[arg(long, value_name = "COL")]
    pub date: Option<String>,
    /// Cases per month to size the review at (default: the dataset's volume)
    #[arg(long, value_name = "N")]
    pub volume: Option<f64>,
    /// Write the JSON to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// Parse `LOW,HIGH`.
///
/// # Errors
/// [`UsageError`] naming the text.
pub fn parse_band(text: &str) -> Result<Band, UsageError> {
    let bad = || {
        UsageError(format!(
            "--review-band expects LOW,HIGH with LOW < HIGH, found {text:?}"
        ))
    };
    let (a, b) = text.split_once(',').ok_or_else(bad)?;
    let low: f64 = a.trim().parse().map_err(|_| bad())?;
    let high: f64 = b.trim().parse().map_err(|_| bad())?;
    if !(low.is_finite() && high.is_finite() && low < high) {
        return Err(bad());
    }
    Ok(Band { low, high })
}

/// `riskbench whatif`.
///
/// # Errors
/// Usage and input errors (exit code 2).
pub fn run_whatif_command(args: &WhatIfArgs) -> anyhow::Result<()> {
    let group_thresholds = args
        .group_threshold
        .iter()
        .map(|g| GroupThreshold::parse(g).map_err(|e| UsageError(e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let spec = WhatIfSpec {
        label: args.label.clone(),
        score: args.score.clone(),
        sensitive: args.sensitive.clone(),
        intersect: args.intersect,
        threshold: args.threshold,
        group_thresholds,
        band: args.review_band.as_deref().map(parse_band).transpose()?,
        costs: args.cost_fp.zip(args.cost_fn),
        positive: args.positive.clone(),
        weight: args.weight.clone(),
        date: args.date.clone(),
        volume: args.volume,
    };
    let doc = run_whatif(&args.data, &spec).map_err(|e| UsageError(e.to_string()))?;
    if let Some(notes) = doc["notes"].as_array() {
        for note in notes.iter().filter_map(Value::as_str) {
            eprintln!("riskbench: note: {note}");
        }
    }
    if super::terminal::wants_table(args.json.as_deref()) {
        print!("{}", whatif_table(&doc));
        return Ok(());
    }
    super::write_json(&doc, args.json.as_deref())
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => "undefined".to_owned(),
        Value::Number(n) if n.is_u64() => n.to_string(),
        Value::Number(n) => format!("{:.3}", n.as_f64().unwrap_or(f64::NAN)),
        other => other.to_string(),
    }
}

/// A readable summary of the `whatif` document: one table per sensitive column.
#[must_use]
pub fn whatif_table(doc: &Value) -> String {
    let mut out = String::new();
    let band = !doc["decisions"]["review_band"].is_null();
    for result in doc["results"].as_array().into_iter().flatten() {
        let names: Vec<&str> = result["sensitive"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let _ = writeln!(out, "\n{}", names.join(" × "));
        let _ = writeln!(
            out,
            "{:<28} {:>8} {:>9} {:>8} {:>8} {:>9}{}",
            "group",
            "n",
            "selected",
            "TPR",
            "FPR",
            "accuracy",
            if band { "   review  auto acc" } else { "" }
        );
        for g in result["by_group"].as_array().into_iter().flatten() {
            let label: Vec<String> = g["group"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect();
            let m = &g["metrics"];
            let _ = write!(
                out,
                "{:<28} {:>8} {:>9} {:>8} {:>8} {:>9}",
                label.join(", "),
                cell(&m["count"]),
                cell(&m["selection_rate"]),
                cell(&m["true_positive_rate"]),
                cell(&m["false_positive_rate"]),
                cell(&m["accuracy"])
            );
            if band {
                let _ = write!(
                    out,
                    " {:>8} {:>9}",
                    cell(&g["review"]["routed"]),
                    cell(&g["review"]["automated"]["accuracy"])
                );
            }
            out.push('\n');
        }
        let s = &result["summary"];
        let _ = writeln!(
            out,
            "demographic parity difference {}, equalized odds difference {}",
            cell(&s["demographic_parity_difference"]),
            cell(&s["equalized_odds_difference"])
        );
    }
    if let Some(cost) = doc.get("cost") {
        let _ = writeln!(out, "\ncost: total {}", cell(&cost["total"]));
    }
    out
}
