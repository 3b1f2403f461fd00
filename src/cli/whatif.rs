//! `riskbench whatif DATA --label COL --score COL --sensitive COL[,COL…] (--threshold T | --group-threshold
//! COL=VALUE:T …) [--review-band LOW,HIGH] [--cost-fp X --cost-fn Y]`: the decisions of a threshold (or
//! per-group thresholds) and a review band, in the `audit` shape plus `decisions`, `review` and `cost`
//! (`cli.md`). On a terminal without `--json` it prints a table instead. With `--adopt PROJECT --dataset ID
//! [--risk R-1]` the decisions (one threshold, per-group thresholds or the review band) are recorded in the
//! project as a control of the risk, as `mitigate thresholds --adopt` does (the JSON gets `"adopted"`); a
//! band with `--group-threshold` is adopted as a band whose automated rows are decided per group.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::UsageError;
use super::adopt::Adoption;
use super::args::{AdoptArgs, ScoredDataArgs};
use crate::analysis::mitigation::adopt::adopted_from_option;
use crate::analysis::mitigation::options::DecisionOption;
use crate::analysis::mitigation::whatif::{AuditedColumns, GroupThreshold, WhatIfSpec, run_whatif};
use crate::analysis::mitigation::{Band, ScoredSpec, ThresholdIndex};

/// Options of `riskbench whatif`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("rule").required(true).multiple(true).args(["threshold", "group_threshold"])))]
#[command(mut_arg("score", |a| a.help("Score column (positive when score >= threshold)")))]
#[command(mut_arg("sensitive", |a| a.help("Sensitive columns, comma-separated; each is audited on its own")))]
#[command(mut_arg("adopt", |a| a.help(
    "Adopt the decisions as a control in this project (with --dataset; --risk links it to a risk): one \
     threshold, the per-group thresholds (grouped by their column, else the first sensitive column), or the \
     review band with one threshold or with the per-group thresholds"
)))]
pub struct WhatIfArgs {
    /// The data file and its columns.
    #[command(flatten)]
    pub columns: ScoredDataArgs,
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
    /// With --adopt: the threshold in use today, that the option is compared with (default 0.5)
    #[arg(long, value_name = "T", requires = "adopt")]
    pub current_threshold: Option<f64>,
    /// `--adopt` and the control's options.
    #[command(flatten)]
    pub adopt: AdoptArgs,
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
    let columns = &args.columns;
    let spec = WhatIfSpec {
        columns: AuditedColumns {
            label: columns.label.clone(),
            sensitive: columns.sensitive.clone(),
            intersect: args.intersect,
            positive: args.positive.clone(),
            weight: args.weight.clone(),
        },
        score: columns.score.clone(),
        threshold: args.threshold,
        group_thresholds: group_thresholds.clone(),
        band: args.review_band.as_deref().map(parse_band).transpose()?,
        costs: args.cost_fp.zip(args.cost_fn),
        date: args.date.clone(),
        volume: args.volume,
    };
    let mut doc = run_whatif(&columns.data, &spec).map_err(|e| UsageError(e.to_string()))?;
    if let Some(notes) = doc["notes"].as_array() {
        for note in notes.iter().filter_map(Value::as_str) {
            eprintln!("riskbench: note: {note}");
        }
    }
    if let Some(id) = adopt_decisions(args, &spec)? {
        doc["adopted"] = json!(id);
    }
    if super::terminal::wants_table(args.json.as_deref()) {
        print!("{}", whatif_table(&doc));
        return Ok(());
    }
    super::write_json(&doc, args.json.as_deref())
}

/// `--adopt`: the decisions of the what-if as an option — one threshold for everyone, the per-group
/// thresholds (grouped by their column), or the review band at one threshold or at the per-group
/// thresholds — recorded in the project.
fn adopt_decisions(args: &WhatIfArgs, spec: &WhatIfSpec) -> anyhow::Result<Option<String>> {
    if args.adopt.adopt.is_none() {
        return Ok(None);
    }
    let audited = &spec.columns;
    let column = spec.group_thresholds.first().map_or_else(
        || audited.sensitive.first().cloned().unwrap_or_default(),
        |g| g.column.clone(),
    );
    let data = super::adopt::load(
        &args.columns.data,
        &ScoredSpec {
            label: audited.label.clone(),
            score: spec.score.clone(),
            sensitive: vec![column.clone()],
            positive: audited.positive.clone(),
            weight: audited.weight.clone(),
            date: None,
        },
    )?;
    let thresholds = data
        .groups
        .iter()
        .map(|g| {
            let value = g.0.first().map_or("", |(_, v)| v.as_str());
            spec.group_thresholds
                .iter()
                .find(|t| t.value == value)
                .map(|t| t.threshold)
                .or(spec.threshold)
                .ok_or_else(|| {
                    UsageError(format!(
                        "no threshold for the group {column}={value}: give --threshold T for the groups \
                         without their own"
                    ))
                })
        })
        .collect::<Result<Vec<f64>, _>>()?;
    let (option, kind, name) = match (spec.band, spec.group_thresholds.is_empty()) {
        (Some(band), true) => {
            let t = thresholds.first().copied().unwrap_or(0.5);
            (
                DecisionOption::ReviewBand { thresholds, band },
                "review band",
                format!(
                    "Human review of scores in [{}, {}), threshold {t} otherwise",
                    band.low, band.high
                ),
            )
        }
        (Some(band), false) => (
            DecisionOption::ReviewBand { thresholds, band },
            "review band with per-group thresholds set by hand",
            format!(
                "Human review of scores in [{}, {}), per-group thresholds on {column} otherwise",
                band.low, band.high
            ),
        ),
        (None, true) => {
            let t = thresholds.first().copied().unwrap_or(0.5);
            (
                DecisionOption::Thresholds(thresholds),
                "threshold",
                format!("Threshold {t} for everyone"),
            )
        }
        (None, false) => (
            DecisionOption::Thresholds(thresholds),
            "per-group thresholds set by hand",
            "Per-group thresholds set by hand".to_owned(),
        ),
    };
    let mut columns = BTreeMap::new();
    columns.insert("label".to_owned(), audited.label.clone());
    columns.insert("score".to_owned(), spec.score.clone());
    columns.insert("sensitive".to_owned(), column);
    let adoption = Adoption {
        args: &args.adopt,
        data: &args.columns.data,
        columns,
        current_threshold: args.current_threshold.unwrap_or(0.5),
        default_name: name,
    };
    super::adopt::adopt_option(adoption, |ctx| {
        let index = ThresholdIndex::build(&data);
        let mut parameters = BTreeMap::new();
        parameters.insert("option".to_owned(), kind.to_owned());
        if let Some(v) = spec.volume {
            parameters.insert("volume".to_owned(), v.to_string());
        }
        let record = adopted_from_option(&index, &data, &option, parameters, Vec::new(), ctx);
        Ok((record, None))
    })
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
