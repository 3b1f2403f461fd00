//! The `profile --json` document (`cli.md`: the contract's keys, plus extra ones) and the terminal summary.
//!
//! Keys are sorted (`serde_json`'s map is ordered by key), floats are written in shortest round-trip form, and
//! undefined or non-finite numbers are `null`, so the same data always gives the same bytes.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::{
    CORRELATION_BINS, CellValue, GroupSummary, HISTOGRAM_BINS, MAX_TIME_BINS, Profile, ValueCount,
    Variable,
};
use crate::model::data_columns::ColumnKind;

fn num(v: Option<f64>) -> Value {
    match v {
        Some(x) if x.is_finite() => json!(x),
        _ => Value::Null,
    }
}

fn cell(v: &CellValue) -> Value {
    match v {
        CellValue::Number(x) if x.is_finite() => json!(x),
        CellValue::Number(x) => json!(x.to_string()),
        CellValue::Text(t) => json!(t),
    }
}

fn pairs(values: &[ValueCount]) -> Value {
    Value::Array(
        values
            .iter()
            .map(|v| json!([cell(&v.value), v.count]))
            .collect(),
    )
}

fn variable(v: &Variable) -> Value {
    let n = v.numeric.as_ref();
    let q = |pick: fn(&super::Quantiles) -> Option<f64>| {
        num(n.and_then(|stats| pick(&stats.quantiles)))
    };
    let (min, max) = match (&v.text_range, n) {
        (Some((first, last)), _) => (json!(first), json!(last)),
        (None, Some(n)) => (num(n.min), num(n.max)),
        (None, None) => (Value::Null, Value::Null),
    };
    let mut m = Map::new();
    m.insert("type".into(), json!(v.kind.key()));
    m.insert("type_overridden".into(), json!(v.kind_overridden));
    m.insert("dtype".into(), json!(v.dtype));
    m.insert("count".into(), json!(v.count));
    m.insert("distinct".into(), json!(v.distinct));
    m.insert("missing".into(), json!(v.missing));
    m.insert("missing_share".into(), num(Some(v.missing_share)));
    m.insert("zeros".into(), json!(v.zeros));
    m.insert("infinite".into(), json!(v.infinite));
    m.insert("mean".into(), num(n.and_then(|n| n.mean)));
    m.insert("std".into(), num(n.and_then(|n| n.std)));
    m.insert("min".into(), min);
    m.insert("max".into(), max);
    m.insert("skewness".into(), num(n.and_then(|n| n.skewness)));
    m.insert(
        "quantiles".into(),
        if n.is_some() {
            json!({"0.05": q(|q| q.q05), "0.25": q(|q| q.q25), "0.5": q(|q| q.q50),
                   "0.75": q(|q| q.q75), "0.95": q(|q| q.q95)})
        } else {
            Value::Null
        },
    );
    m.insert(
        "histogram".into(),
        n.map_or(Value::Null, |n| {
            json!({"edges": n.histogram.edges.iter().map(|e| num(Some(*e))).collect::<Vec<_>>(),
                   "counts": n.histogram.counts})
        }),
    );
    m.insert("top".into(), pairs(&v.top));
    m.insert(
        "frequencies".into(),
        v.frequencies.as_ref().map_or(Value::Null, |f| {
            json!({"values": pairs(&f.values), "other_values": f.other_values, "other_count": f.other_count})
        }),
    );
    m.insert("imbalance".into(), num(v.imbalance));
    m.insert("placeholders".into(), pairs(&v.placeholders));
    if v.kind == ColumnKind::DateTime {
        m.insert(
            "time_histogram".into(),
            v.time_histogram.as_ref().map_or(Value::Null, |h| {
                json!({"period": h.period.key(), "unparsed": h.unparsed,
                       "bins": h.bins.iter().map(|b| json!({"start": b.start, "count": b.count})).collect::<Vec<_>>()})
            }),
        );
    }
    Value::Object(m)
}

fn summary(s: &GroupSummary) -> Value {
    json!({"group": s.group, "count": s.count, "min": num(s.min), "q1": num(s.q1), "median": num(s.median),
           "q3": num(s.q3), "max": num(s.max), "mean": num(s.mean)})
}

pub(super) fn to_json(p: &Profile) -> Value {
    let o = &p.overview;
    let variables: Map<String, Value> = p
        .variables
        .iter()
        .map(|v| (v.name.clone(), variable(v)))
        .collect();
    let correlations: Vec<Value> = p
        .correlations
        .pairs
        .iter()
        .map(|c| json!({"a": c.a, "b": c.b, "method": c.method.key(), "value": num(c.value)}))
        .collect();
    let matrix: Vec<Value> = p
        .correlations
        .matrix
        .iter()
        .map(|row| Value::Array(row.iter().map(|v| num(*v)).collect()))
        .collect();
    let alerts: Vec<Value> = p
        .alerts
        .iter()
        .map(|a| {
            json!({"kind": a.kind.key(), "column": a.column, "value": num(Some(a.value)), "detail": a.detail})
        })
        .collect();
    let f = &p.fairness;
    let sensitive: Vec<Value> = f
        .sensitive
        .iter()
        .map(|s| {
            json!({
                "column": s.column,
                "binning": s.binning,
                "missing": s.missing,
                "groups": s.groups.iter().map(|g| json!({
                    "group": g.group, "count": g.count, "share": num(Some(g.share)),
                    "reference_share": num(g.reference_share), "difference": num(g.difference),
                    "labelled": g.labelled, "positives": g.positives, "base_rate": num(g.base_rate),
                })).collect::<Vec<_>>(),
                "proxies": s.proxies.iter().map(|x| json!({
                    "column": x.column, "method": x.method.key(), "value": num(x.value), "flagged": x.flagged,
                })).collect::<Vec<_>>(),
                "numeric_by_group": s.numeric_by_group.iter().map(|n| json!({
                    "column": n.column, "groups": n.groups.iter().map(summary).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "rows": o.rows,
        "columns": o.columns,
        "missing_cells": o.missing_cells,
        "missing_cells_share": num(Some(o.missing_cells_share)),
        "duplicate_rows": o.duplicate_rows,
        "duplicate_rows_share": num(Some(o.duplicate_rows_share)),
        "memory_bytes": o.memory_bytes,
        "types": o.types,
        "variables": variables,
        "correlations": correlations,
        "correlation_matrix": {"columns": p.correlations.columns, "values": matrix},
        "alerts": alerts,
        "fairness": {
            "label": f.label, "positive": f.positive, "label_problem": f.label_problem,
            "proxy_threshold": num(Some(f.proxy_threshold)), "sensitive": sensitive,
        },
        "rules": {
            "missing": "a cell is missing when empty or null; placeholders count as missing only when declared",
            "quantiles": "linear interpolation between closest ranks (numpy/pandas default), finite values",
            "std": "sample standard deviation (n - 1), finite values",
            "skewness": "adjusted Fisher-Pearson (pandas Series.skew), finite values",
            "histogram": format!("numpy.histogram with min({HISTOGRAM_BINS}, distinct) equal-width bins from min to max, last bin closed"),
            "correlations": format!("Spearman for two numeric columns; bias-corrected Cramer's V otherwise, numeric columns cut into {CORRELATION_BINS} equal-width bins (pandas.cut)"),
            "proxies": "correlation ratio eta for numeric features, bias-corrected Cramer's V otherwise",
            "time_histogram": format!("date/time columns: rows per day, ISO week (from Monday), month, quarter or year, the finest period with at most {MAX_TIME_BINS} bins, empty periods included; binned by the date part as written (no time-zone conversion)"),
        },
    })
}

fn fmt_num(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => {
            if x.fract() == 0.0 && x.abs() < 1e12 {
                format!("{x:.0}")
            } else {
                format!("{x:.4}")
            }
        }
        Some(x) => format!("{x}"),
        None => "—".to_owned(),
    }
}

pub(super) fn summary_text(p: &Profile) -> String {
    let o = &p.overview;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} rows × {} columns; missing cells {} ({:.2} %); duplicate rows {} ({:.2} %); memory {:.1} MB",
        o.rows,
        o.columns,
        o.missing_cells,
        o.missing_cells_share * 100.0,
        o.duplicate_rows,
        o.duplicate_rows_share * 100.0,
        {
            #[expect(clippy::cast_precision_loss, reason = "display")]
            let mb = o.memory_bytes as f64 / 1e6;
            mb
        }
    );
    let types: Vec<String> = o.types.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let _ = writeln!(s, "types: {}", types.join(", "));
    let _ = writeln!(s, "\nvariables:");
    for v in &p.variables {
        let _ = write!(
            s,
            "  {:<24} {:<12} distinct {:>8}  missing {:>7}",
            v.name,
            v.kind.key(),
            v.distinct,
            v.missing
        );
        if let Some(n) = &v.numeric {
            let _ = write!(
                s,
                "  mean {}  std {}  min {}  median {}  max {}",
                fmt_num(n.mean),
                fmt_num(n.std),
                fmt_num(n.min),
                fmt_num(n.quantiles.q50),
                fmt_num(n.max)
            );
        } else if let (Some((first, last)), Some(h)) = (&v.text_range, &v.time_histogram) {
            // Dates: the range and the shape over time, not the most frequent days.
            let empty = h.bins.iter().filter(|b| b.count == 0).count();
            let _ = write!(
                s,
                "  from {first} to {last}  {} {}s ({empty} empty)",
                h.bins.len(),
                h.period.key()
            );
            // The earliest of equally busy periods.
            if let Some(busiest) = h.bins.iter().rev().max_by_key(|b| b.count) {
                let _ = write!(
                    s,
                    ", busiest {} ({})",
                    h.period.bin_label(&busiest.start),
                    busiest.count
                );
            }
            if h.unparsed > 0 {
                let _ = write!(s, ", {} not dates", h.unparsed);
            }
        } else if v.kind != ColumnKind::Identifier {
            let top: Vec<String> = v
                .top
                .iter()
                .take(3)
                .map(|t| format!("{} ({})", t.value, t.count))
                .collect();
            let _ = write!(s, "  top {}", top.join(", "));
        }
        s.push('\n');
    }
    let strong: Vec<String> = p
        .correlations
        .pairs
        .iter()
        .filter(|c| c.value.is_some_and(|v| v.abs() >= 0.5))
        .map(|c| format!("{} ~ {} {} {}", c.a, c.b, c.method.key(), fmt_num(c.value)))
        .collect();
    let _ = writeln!(
        s,
        "\ncorrelations: {} pairs, {} with |value| ≥ 0.5",
        p.correlations.pairs.len(),
        strong.len()
    );
    for c in strong {
        let _ = writeln!(s, "  {c}");
    }
    let _ = writeln!(s, "\nalerts ({}):", p.alerts.len());
    for a in &p.alerts {
        let _ = writeln!(
            s,
            "  {:<30} {:<24} {}",
            a.kind.key(),
            a.column.as_deref().unwrap_or("(table)"),
            a.detail
        );
    }
    for sens in &p.fairness.sensitive {
        let _ = writeln!(s, "\nsensitive column {}:", sens.column);
        for g in &sens.groups {
            let _ = write!(
                s,
                "  {:<20} {:>8} ({:.1} %)",
                g.group,
                g.count,
                g.share * 100.0
            );
            if let Some(d) = g.difference {
                let _ = write!(s, "  vs reference {:+.1} pp", d * 100.0);
            }
            if let Some(b) = g.base_rate {
                let _ = write!(s, "  base rate {b:.3}");
            }
            s.push('\n');
        }
        let flagged: Vec<String> = sens
            .proxies
            .iter()
            .filter(|x| x.flagged)
            .map(|x| format!("{} ({} {})", x.column, x.method.key(), fmt_num(x.value)))
            .collect();
        let _ = writeln!(
            s,
            "  likely proxies: {}",
            if flagged.is_empty() {
                "none".to_owned()
            } else {
                flagged.join(", ")
            }
        );
    }
    if let Some(problem) = &p.fairness.label_problem {
        let _ = writeln!(s, "\nbase rates not computed: {problem}");
    }
    s
}
