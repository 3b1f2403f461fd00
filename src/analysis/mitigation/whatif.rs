//! The documents of `riskbench whatif` and `riskbench mitigate reweigh`: the `audit` shape of `cli.md` for
//! the decisions of a what-if (all rows, ignoring the band, so they compare with an audit), plus the
//! decision rule, the review band (rows routed per group, per month and at a volume; metrics of the
//! decisions left automatic) and the costs; and for reweighing, the cells, the representation and the
//! weighted re-audit.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;
use serde_json::{Value, json};

use crate::analysis::audit::{AuditReport, decode, engine_config, resolved_spec};
use crate::analysis::dataset::fingerprint_file;
use crate::analysis::fairness::{
    self, AuditInput, ConfusionCounts, CountMetrics, GroupKey, GroupValue, Metric, Predictions,
    RunControl,
};
use crate::analysis::table::read_table;
use crate::analysis::task::TaskControl;
use crate::model::audit::AuditSpec;
use crate::model::settings::FairnessThresholds;

use super::data::{MitigationError, ScoredData};
use super::reweigh::{Reweighing, reweigh};
use super::sweep::Band;

/// A per-group threshold `COL=VALUE:T`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupThreshold {
    /// The sensitive column.
    pub column: String,
    /// Its value (`(missing)` for missing values).
    pub value: String,
    /// The threshold for that group.
    pub threshold: f64,
}

impl GroupThreshold {
    /// Parse `COL=VALUE:T` (the last `:` separates the threshold).
    ///
    /// # Errors
    /// A message naming the text and the expected form.
    pub fn parse(text: &str) -> Result<Self, MitigationError> {
        let bad = || {
            MitigationError::Setting(format!(
                "--group-threshold expects COL=VALUE:T (e.g. sex=female:0.45), found {text:?}"
            ))
        };
        let (col, rest) = text.split_once('=').ok_or_else(bad)?;
        let (value, t) = rest.rsplit_once(':').ok_or_else(bad)?;
        let threshold: f64 = t.trim().parse().map_err(|_| bad())?;
        if !threshold.is_finite() || col.is_empty() {
            return Err(bad());
        }
        Ok(GroupThreshold {
            column: col.to_owned(),
            value: value.to_owned(),
            threshold,
        })
    }
}

/// The label and the groups audited, shared by a what-if and reweighing.
#[derive(Clone, Debug, Default)]
pub struct AuditedColumns {
    /// Label column.
    pub label: String,
    /// Sensitive columns: each on its own, and `intersect` adds their combination (a what-if); their
    /// combination, which several columns need (reweighing).
    pub sensitive: Vec<String>,
    /// The combination of the sensitive columns.
    pub intersect: bool,
    /// Positive label value.
    pub positive: Option<String>,
    /// Weight column (reweighing: existing instance weights, multiplied by the factors).
    pub weight: Option<String>,
}

impl AuditedColumns {
    /// The audit of these columns with the decisions of `decisions` (prediction or score and threshold).
    fn audit_spec(&self, decisions: AuditSpec) -> AuditSpec {
        AuditSpec {
            label: self.label.clone(),
            positive: self.positive.clone(),
            sensitive: self.sensitive.clone(),
            intersect: self.intersect,
            weight: self.weight.clone(),
            ..decisions
        }
    }
}

/// The SHA-256 and the table of a data file.
fn fingerprint_and_read(
    path: &Path,
) -> Result<(String, polars::prelude::DataFrame), MitigationError> {
    let fingerprint = fingerprint_file(path, &TaskControl::new())
        .map_err(crate::analysis::audit::AuditError::from)?;
    let df =
        read_table(path, &TaskControl::new()).map_err(crate::analysis::audit::AuditError::from)?;
    Ok((fingerprint.sha256, df))
}

/// Everything a what-if needs.
#[derive(Clone, Debug, Default)]
pub struct WhatIfSpec {
    /// Label, sensitive columns, positive value and weights.
    pub columns: AuditedColumns,
    /// Score column.
    pub score: String,
    /// The threshold of every group without its own.
    pub threshold: Option<f64>,
    /// Per-group thresholds (one sensitive column).
    pub group_thresholds: Vec<GroupThreshold>,
    /// Review band.
    pub band: Option<Band>,
    /// Cost of a false positive and of a false negative.
    pub costs: Option<(f64, f64)>,
    /// Date column: routed rows per month.
    pub date: Option<String>,
    /// Cases per month to size the review at (default: the dataset's volume).
    pub volume: Option<f64>,
}

fn check_score_column(df: &polars::prelude::DataFrame, score: &str) -> Result<(), MitigationError> {
    if let Ok(col) = df.column(score)
        && !(col.dtype().is_primitive_numeric() || col.dtype().is_bool())
    {
        return Err(MitigationError::Input(format!(
            "the score column {score:?} is not numeric (it holds {}): give a column of model scores",
            col.dtype()
        )));
    }
    Ok(())
}

fn level_code(
    input: &AuditInput,
    column: &str,
    value: &str,
) -> Result<(usize, Option<u32>), MitigationError> {
    let (c, col) = input
        .sensitive
        .iter()
        .enumerate()
        .find(|(_, c)| c.name == column)
        .ok_or_else(|| {
            MitigationError::Setting(format!(
                "--group-threshold names {column:?}, which is not one of the sensitive columns ({})",
                input
                    .sensitive
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
    if value == fairness::MISSING_LEVEL {
        return Ok((c, None));
    }
    let code = col.levels.iter().position(|l| l == value).ok_or_else(|| {
        MitigationError::Setting(format!(
            "--group-threshold: column {column:?} has no value {value:?} (values: {})",
            col.levels.join(", ")
        ))
    })?;
    Ok((c, Some(u32::try_from(code).unwrap_or(u32::MAX))))
}

/// The threshold of every row (`None` for a row without a score), and the decision table.
fn row_thresholds(
    input: &AuditInput,
    spec: &WhatIfSpec,
) -> Result<(Vec<Option<f64>>, Vec<Value>), MitigationError> {
    let rows = input.rows();
    let mut table = Vec::new();
    if spec.group_thresholds.is_empty() {
        let t = spec.threshold.ok_or_else(|| {
            MitigationError::Setting(
                "give --threshold T or --group-threshold COL=VALUE:T".to_owned(),
            )
        })?;
        if let Some(col) = input.sensitive.first() {
            let mut values: Vec<GroupValue> =
                col.levels.iter().cloned().map(GroupValue::Level).collect();
            if col.codes.iter().any(Option::is_none) {
                values.push(GroupValue::Missing);
            }
            for v in values {
                table.push(json!({"group": GroupKey(vec![(col.name.clone(), v)]), "threshold": t}));
            }
        }
        return Ok((vec![Some(t); rows], table));
    }
    let column = &spec.group_thresholds[0].column;
    if spec.group_thresholds.iter().any(|g| &g.column != column) {
        return Err(MitigationError::Setting(
            "--group-threshold: give thresholds for the groups of one sensitive column".to_owned(),
        ));
    }
    let mut by_code: HashMap<Option<u32>, f64> = HashMap::new();
    let mut c_index = 0;
    for g in &spec.group_thresholds {
        let (c, code) = level_code(input, &g.column, &g.value)?;
        c_index = c;
        if by_code.insert(code, g.threshold).is_some() {
            return Err(MitigationError::Setting(format!(
                "--group-threshold: two thresholds for {}={}",
                g.column, g.value
            )));
        }
    }
    let col = &input.sensitive[c_index];
    let mut out = Vec::with_capacity(rows);
    for code in &col.codes {
        match by_code.get(code).copied().or(spec.threshold) {
            Some(t) => out.push(Some(t)),
            None => {
                let value = code
                    .and_then(|c| col.levels.get(c as usize))
                    .map_or(fairness::MISSING_LEVEL, String::as_str);
                return Err(MitigationError::Setting(format!(
                    "no threshold for the group {}={value}: give --threshold T for the groups without their \
                     own, or a --group-threshold for each",
                    col.name
                )));
            }
        }
    }
    let mut values: Vec<(GroupValue, Option<u32>)> = col
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| (GroupValue::Level(l.clone()), u32::try_from(i).ok()))
        .collect();
    if col.codes.iter().any(Option::is_none) {
        values.push((GroupValue::Missing, None));
    }
    for (v, code) in values {
        if let Some(t) = by_code.get(&code).copied().or(spec.threshold) {
            table.push(json!({"group": GroupKey(vec![(col.name.clone(), v)]), "threshold": t}));
        }
    }
    Ok((out, table))
}

fn metrics_json(m: &CountMetrics, g: Option<usize>) -> Value {
    let mut obj = serde_json::Map::new();
    let mut undefined = serde_json::Map::new();
    for metric in Metric::ALL {
        let v = match g {
            Some(g) => m.group(g, metric),
            None => m.overall(metric),
        };
        let value = match v {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "the count is a whole number of rows"
            )]
            Some(v) if metric == Metric::Count => json!(v as u64),
            Some(v) => json!(v),
            None => Value::Null,
        };
        obj.insert(metric.name().to_owned(), value);
        if v.is_none()
            && let Some(g) = g
            && let Some(reason) = m.reason(g, metric)
        {
            undefined.insert(metric.name().to_owned(), json!(reason));
        }
    }
    if !undefined.is_empty() {
        obj.insert("undefined".to_owned(), Value::Object(undefined));
    }
    Value::Object(obj)
}

/// The `whatif --json` document.
///
/// # Errors
/// Unreadable data, bad columns or settings.
pub fn run_whatif(path: &Path, spec: &WhatIfSpec) -> Result<Value, MitigationError> {
    let (sha256, df) = fingerprint_and_read(path)?;
    check_score_column(&df, &spec.score)?;
    if let Some(b) = spec.band
        && !(b.low.is_finite() && b.high.is_finite() && b.low < b.high)
    {
        return Err(MitigationError::Setting(format!(
            "--review-band LOW,HIGH needs LOW < HIGH, found {},{}",
            b.low, b.high
        )));
    }
    let settings = FairnessThresholds::default();
    let audit_spec = spec.columns.audit_spec(AuditSpec {
        score: Some(spec.score.clone()),
        threshold: Some(spec.threshold.unwrap_or(0.5)),
        ..AuditSpec::default()
    });
    let audit_spec = resolved_spec(&audit_spec, &settings);
    let (mut input, mut used) = decode(&df, &audit_spec)?;
    let (thresholds, table) = row_thresholds(&input, spec)?;
    let scores = input.score.clone().unwrap_or_default();
    if spec.group_thresholds.is_empty() {
        used.threshold = spec.threshold;
    } else {
        used.threshold = spec.threshold;
        input.predictions = Predictions::Labels(
            scores
                .iter()
                .zip(&thresholds)
                .map(|(s, t)| s.zip(*t).map(|(s, t)| s >= t))
                .collect(),
        );
    }
    let config = engine_config(&used, &settings)?;
    let output = fairness::audit(&input, &config, &RunControl::default())
        .map_err(crate::analysis::audit::AuditError::from)?;
    let report = AuditReport::from_run(path, sha256, df.height(), used, output);
    let mut doc =
        serde_json::to_value(&report).map_err(|e| MitigationError::Input(e.to_string()))?;
    doc["decisions"] = json!({
        "rule": if spec.group_thresholds.is_empty() { "threshold" } else { "group_thresholds" },
        "thresholds": table,
        "review_band": spec.band.map(|b| json!([b.low, b.high])),
    });
    // Score range and notes.
    let finite: Vec<f64> = scores
        .iter()
        .flatten()
        .copied()
        .filter(|s| s.is_finite())
        .collect();
    let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut notes = Vec::new();
    if !finite.is_empty() && (lo < 0.0 || hi > 1.0) {
        notes.push(format!(
            "scores range from {lo} to {hi}, outside [0, 1]: thresholds and the review band are read on the \
             observed range"
        ));
    }
    if !finite.is_empty() {
        doc["score_range"] = json!([lo, hi]);
    }
    let months = match &spec.date {
        Some(d) => Some(super::data::months_of(&df, d)?),
        None => None,
    };
    if let Some(band) = spec.band {
        add_review(
            &mut doc,
            &input,
            &thresholds,
            band,
            months.as_deref(),
            spec.volume,
        )?;
    }
    if let Some((cfp, cfn)) = spec.costs {
        add_costs(&mut doc, cfp, cfn);
    }
    doc["notes"] = json!(notes);
    Ok(doc)
}

/// Per row: the key of each result's grouping.
fn result_keys(input: &AuditInput, names: &[String]) -> Vec<GroupKey> {
    let cols: Vec<_> = names.iter().filter_map(|n| input.column(n)).collect();
    (0..input.rows())
        .map(|r| {
            GroupKey(
                cols.iter()
                    .map(|c| {
                        let v = c.codes[r]
                            .and_then(|code| c.levels.get(code as usize))
                            .map_or(GroupValue::Missing, |l| GroupValue::Level(l.clone()));
                        (c.name.clone(), v)
                    })
                    .collect(),
            )
        })
        .collect()
}

#[expect(clippy::many_single_char_names, reason = "row, group and cell indices")]
#[expect(
    clippy::too_many_lines,
    reason = "one pass per result, then the sizing"
)]
fn add_review(
    doc: &mut Value,
    input: &AuditInput,
    thresholds: &[Option<f64>],
    band: Band,
    months: Option<&[Option<String>]>,
    volume: Option<f64>,
) -> Result<(), MitigationError> {
    let scores = input.score.clone().unwrap_or_default();
    let usable: Vec<bool> = (0..input.rows())
        .map(|r| {
            input.y_true[r].is_some()
                && scores[r].is_some_and(f64::is_finite)
                && thresholds[r].is_some()
        })
        .collect();
    let routed_row: Vec<bool> = (0..input.rows())
        .map(|r| usable[r] && scores[r].is_some_and(|s| band.low <= s && s < band.high))
        .collect();
    let Some(results) = doc.get_mut("results").and_then(Value::as_array_mut) else {
        return Ok(());
    };
    for result in results.iter_mut() {
        let names: Vec<String> = result
            .get("sensitive")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let keys = result_keys(input, &names);
        let groups: Vec<GroupKey> = result
            .get("by_group")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|g| serde_json::from_value::<GroupKey>(g["group"].clone()).ok())
                    .collect()
            })
            .unwrap_or_default();
        let index: HashMap<&GroupKey, usize> =
            groups.iter().enumerate().map(|(i, k)| (k, i)).collect();
        let mut routed = vec![0_u64; groups.len()];
        let mut rows = vec![0_u64; groups.len()];
        let mut automated = vec![ConfusionCounts::default(); groups.len()];
        for r in 0..input.rows() {
            if !usable[r] {
                continue;
            }
            let Some(&g) = index.get(&keys[r]) else {
                continue;
            };
            rows[g] += 1;
            if routed_row[r] {
                routed[g] += 1;
                continue;
            }
            let (Some(y), Some(s), Some(t)) = (input.y_true[r], scores[r], thresholds[r]) else {
                continue;
            };
            let cell = match (y, s >= t) {
                (true, true) => 0,
                (false, true) => 1,
                (false, false) => 2,
                (true, false) => 3,
            };
            let w = input.weight.as_ref().map_or(1.0, |w| w[r]);
            automated[g].rows[cell] += 1;
            automated[g].weight[cell] += w;
            automated[g].weighted_score_sum += w * s;
        }
        let metrics = CountMetrics::evaluate(&automated, true);
        #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
        let share = |a: u64, b: u64| {
            if b > 0 {
                json!(a as f64 / b as f64)
            } else {
                Value::Null
            }
        };
        if let Some(by_group) = result.get_mut("by_group").and_then(Value::as_array_mut) {
            for (g, entry) in by_group.iter_mut().enumerate().take(groups.len()) {
                entry["review"] = json!({
                    "routed": routed[g],
                    "routed_share": share(routed[g], rows[g]),
                    "automated": metrics_json(&metrics, Some(g)),
                });
            }
        }
        let total_routed: u64 = routed.iter().sum();
        let total_rows: u64 = rows.iter().sum();
        result["review"] = json!({
            "routed": total_routed,
            "routed_share": share(total_routed, total_rows),
            "automated": metrics_json(&metrics, None),
        });
    }
    // Dataset-level sizing: per month and at a volume.
    let total_rows = usable.iter().filter(|u| **u).count() as u64;
    let total_routed = routed_row.iter().filter(|u| **u).count() as u64;
    #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
    let routed_share = if total_rows > 0 {
        total_routed as f64 / total_rows as f64
    } else {
        0.0
    };
    let mut sizing = json!({
        "band": [band.low, band.high],
        "routed": total_routed,
        "routed_share": routed_share,
    });
    if let Some(months) = months {
        let mut per: std::collections::BTreeMap<&str, (u64, u64)> =
            std::collections::BTreeMap::new();
        let mut undated = 0_u64;
        for r in 0..input.rows() {
            if !usable[r] {
                continue;
            }
            match months.get(r).and_then(Option::as_deref) {
                Some(m) => {
                    let e = per.entry(m).or_default();
                    e.0 += 1;
                    e.1 += u64::from(routed_row[r]);
                }
                None => undated += 1,
            }
        }
        sizing["by_month"] = Value::Array(
            per.iter()
                .map(|(m, (rows, routed))| json!({"month": m, "rows": rows, "routed": routed}))
                .collect(),
        );
        if undated > 0 {
            sizing["rows_without_date"] = json!(undated);
        }
    }
    if let Some(v) = volume {
        if !(v.is_finite() && v >= 0.0) {
            return Err(MitigationError::Setting(format!(
                "--volume must be a number of cases, found {v}"
            )));
        }
        sizing["at_volume"] = json!({"volume": v, "routed": v * routed_share});
    }
    doc["review"] = sizing;
    Ok(())
}

fn add_costs(doc: &mut Value, cfp: f64, cfn: f64) {
    let num = |v: &Value, k: &str| v.get(k).and_then(Value::as_f64).unwrap_or(0.0);
    let Some(first) = doc.get("results").and_then(|r| r.get(0)).cloned() else {
        return;
    };
    let overall = &first["overall"];
    let (fp, fn_) = (num(overall, "fp") * cfp, num(overall, "fn") * cfn);
    let per_group: Vec<Value> = first["by_group"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|g| {
                    let m = &g["metrics"];
                    let (fp, fn_) = (num(m, "fp") * cfp, num(m, "fn") * cfn);
                    json!({"group": g["group"], "fp": fp, "fn": fn_, "total": fp + fn_})
                })
                .collect()
        })
        .unwrap_or_default();
    doc["cost"] = json!({
        "fp": fp, "fn": fn_, "total": fp + fn_, "per_group": per_group,
        "unit_cost": {"fp": cfp, "fn": cfn},
    });
}

/// What `mitigate reweigh` needs.
#[derive(Clone, Debug, Default)]
pub struct ReweighSpec {
    /// Label, sensitive columns (several need `intersect`), positive value and existing instance weights.
    pub columns: AuditedColumns,
    /// Re-audit these predictions (default: the labels themselves).
    pub prediction: Option<String>,
    /// Or a score with `threshold`.
    pub score: Option<String>,
    /// Threshold of `score`.
    pub threshold: Option<f64>,
}

/// The reweighing document and the new weight of every data row (`None` for a row left out).
///
/// # Errors
/// Unreadable data, bad columns, several sensitive columns without `intersect`.
pub fn run_reweigh(
    path: &Path,
    spec: &ReweighSpec,
) -> Result<(Value, Reweighing, Vec<Option<f64>>), MitigationError> {
    let columns = &spec.columns;
    if columns.sensitive.is_empty() {
        return Err(MitigationError::Setting(
            "name a sensitive column (--sensitive)".to_owned(),
        ));
    }
    if columns.sensitive.len() > 1 && !columns.intersect {
        return Err(MitigationError::Setting(
            "reweighing uses one grouping: with several sensitive columns add --intersect"
                .to_owned(),
        ));
    }
    let (sha256, df) = fingerprint_and_read(path)?;
    let settings = FairnessThresholds::default();
    let audit_spec = columns.audit_spec(AuditSpec {
        prediction: Some(
            spec.prediction
                .clone()
                .or_else(|| spec.score.is_none().then(|| columns.label.clone())),
        )
        .flatten(),
        pred_positive: if spec.prediction.is_none() && spec.score.is_none() {
            columns.positive.clone()
        } else {
            None
        },
        score: spec.score.clone(),
        threshold: spec.threshold,
        ..AuditSpec::default()
    });
    let audit_spec = resolved_spec(&audit_spec, &settings);
    let (mut input, used) = decode(&df, &audit_spec)?;
    let positive = used.positive.clone().unwrap_or_else(|| "1".to_owned());
    let negative = negative_label(&df, &columns.label, &positive);
    let sensitive: Vec<(String, Vec<String>, Vec<Option<u32>>)> = input
        .sensitive
        .iter()
        .map(|c| (c.name.clone(), c.levels.clone(), c.codes.clone()))
        .collect();
    let scores = vec![Some(0.0); input.rows()];
    let data = ScoredData::from_columns(
        &input.y_true,
        &scores,
        &sensitive,
        input.weight.as_deref(),
        None,
    )?;
    let r = reweigh(
        &data.labels,
        &data.group_of,
        &data.groups,
        data.weights.as_deref(),
        (&positive, &negative),
    );
    let mut per_row = Vec::with_capacity(input.rows());
    let mut next = r.row_weights.iter();
    for y in &input.y_true {
        per_row.push(if y.is_some() {
            next.next().copied()
        } else {
            None
        });
    }
    input.weight = Some(per_row.iter().map(|w| w.unwrap_or(0.0)).collect());
    let mut used_weighted = used.clone();
    used_weighted.weight = Some("(reweighing)".to_owned());
    let config = engine_config(&used, &settings)?;
    let output = fairness::audit(&input, &config, &RunControl::default())
        .map_err(crate::analysis::audit::AuditError::from)?;
    let report = AuditReport::from_run(path, sha256, df.height(), used_weighted, output);
    let doc = json!({
        "sensitive": columns.sensitive,
        "label": columns.label,
        "cells": r.cells,
        "representation": r.representation,
        "weighted_audit": report,
    });
    Ok((doc, r, per_row))
}

/// The text of the label's other value (for the cells' `label`).
fn negative_label(df: &polars::prelude::DataFrame, label: &str, positive: &str) -> String {
    use polars::prelude::DataType;
    let Ok(col) = df.column(label) else {
        return "0".to_owned();
    };
    let numeric = col.dtype().is_primitive_numeric() || col.dtype().is_bool();
    let Ok(text) = col.cast(&DataType::String) else {
        return "0".to_owned();
    };
    let Ok(ca) = text.str() else {
        return "0".to_owned();
    };
    let pos_num: Option<f64> = positive.parse().ok();
    let mut others: Vec<&str> = ca
        .iter()
        .flatten()
        .filter(|v| {
            if numeric {
                v.parse::<f64>().ok() != pos_num && *v != positive
            } else {
                *v != positive
            }
        })
        .collect();
    others.sort_unstable();
    others.dedup();
    match others.as_slice() {
        [one] => (*one).to_owned(),
        [] => "(none)".to_owned(),
        _ => format!("not {positive}"),
    }
}
