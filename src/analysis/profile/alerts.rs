//! The alerts.

use super::{Alert, AlertKind, Correlations, FairnessProfile, Overview, ProfileOptions, Variable};
use crate::model::data_columns::ColumnKind;

pub(super) fn alerts(
    overview: &Overview,
    variables: &[Variable],
    correlations: &Correlations,
    fairness: &FairnessProfile,
    options: &ProfileOptions,
) -> Vec<Alert> {
    let t = &options.thresholds;
    let mut out = Vec::new();
    if overview.rows == 0 {
        out.push(Alert {
            kind: AlertKind::Empty,
            column: None,
            value: 0.0,
            detail: "the table has no rows".to_owned(),
        });
    }
    if overview.duplicate_rows > 0 {
        #[expect(clippy::cast_precision_loss, reason = "a count as a value")]
        out.push(Alert {
            kind: AlertKind::Duplicates,
            column: None,
            value: overview.duplicate_rows as f64,
            detail: format!(
                "{} rows ({:.1} %) repeat an earlier row",
                overview.duplicate_rows,
                overview.duplicate_rows_share * 100.0
            ),
        });
    }
    let rows = overview.rows;
    for v in variables {
        let mut push = |kind, value: f64, detail: String| {
            out.push(Alert {
                kind,
                column: Some(v.name.clone()),
                value,
                detail,
            });
        };
        if rows > 0 && v.count == 0 {
            push(AlertKind::Empty, 0.0, "every value is missing".to_owned());
            continue;
        }
        if v.missing_share > t.missing_share {
            push(
                AlertKind::Missing,
                v.missing_share,
                format!("{} missing ({:.1} %)", v.missing, v.missing_share * 100.0),
            );
        }
        #[expect(clippy::cast_precision_loss, reason = "shares of counts")]
        let of_rows = |c: u64| {
            if rows == 0 {
                0.0
            } else {
                c as f64 / rows as f64
            }
        };
        if v.numeric.is_some() {
            if of_rows(v.zeros) > t.zeros_share {
                push(
                    AlertKind::Zeros,
                    of_rows(v.zeros),
                    format!("{} zeros ({:.1} %)", v.zeros, of_rows(v.zeros) * 100.0),
                );
            }
            if of_rows(v.infinite) > t.infinite_share {
                push(
                    AlertKind::Infinite,
                    of_rows(v.infinite),
                    format!(
                        "{} infinite values ({:.1} %)",
                        v.infinite,
                        of_rows(v.infinite) * 100.0
                    ),
                );
            }
        }
        if v.distinct == 1 {
            push(AlertKind::Constant, 1.0, "one distinct value".to_owned());
        }
        if v.count > 0 && v.distinct == v.count && v.count > 1 {
            #[expect(clippy::cast_precision_loss, reason = "a count as a value")]
            push(
                AlertKind::Unique,
                v.distinct as f64,
                "every value is distinct".to_owned(),
            );
        }
        if let Some(s) = v.numeric.as_ref().and_then(|n| n.skewness)
            && s.abs() > t.skewness_abs
        {
            push(AlertKind::Skewed, s, format!("skewness {s:.2}"));
        }
        if v.kind == ColumnKind::Categorical && v.distinct > t.cardinality_max {
            #[expect(clippy::cast_precision_loss, reason = "a count as a value")]
            push(
                AlertKind::HighCardinality,
                v.distinct as f64,
                format!("{} distinct values", v.distinct),
            );
        }
        if let Some(i) = v.imbalance
            && i > t.imbalance
        {
            push(AlertKind::Imbalance, i, format!("imbalance {i:.2}"));
        }
        let strongest = correlations
            .pairs
            .iter()
            .filter(|p| p.a == v.name || p.b == v.name)
            .filter_map(|p| {
                let other = if p.a == v.name { &p.b } else { &p.a };
                p.value.map(|x| (x.abs(), other))
            })
            .filter(|(x, _)| *x >= t.correlation_abs)
            .collect::<Vec<_>>();
        if let Some(max) = strongest.iter().map(|(x, _)| *x).reduce(f64::max) {
            let with: Vec<&str> = strongest.iter().map(|(_, o)| o.as_str()).collect();
            push(
                AlertKind::HighCorrelation,
                max,
                format!("highly correlated with {}", with.join(", ")),
            );
        }
        if !v.placeholders.is_empty() {
            let total: u64 = v.placeholders.iter().map(|p| p.count).sum();
            let list: Vec<String> = v
                .placeholders
                .iter()
                .map(|p| format!("{:?} × {}", p.value.to_string(), p.count))
                .collect();
            #[expect(clippy::cast_precision_loss, reason = "a count as a value")]
            push(
                AlertKind::SuspectedMissingPlaceholder,
                total as f64,
                format!(
                    "{} look like missing values; declare them missing if they are",
                    list.join(", ")
                ),
            );
        }
    }
    for s in &fairness.sensitive {
        for p in s.proxies.iter().filter(|p| p.flagged) {
            out.push(Alert {
                kind: AlertKind::LikelyProxy,
                column: Some(p.column.clone()),
                value: p.value.unwrap_or(0.0),
                detail: format!(
                    "associated with sensitive column {} ({} {:.2})",
                    s.column,
                    p.method.key(),
                    p.value.unwrap_or(0.0)
                ),
            });
        }
    }
    out
}
