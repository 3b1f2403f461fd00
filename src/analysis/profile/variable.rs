//! Builds the [`Variable`] of a prepared column.

use super::prepare::{Data, Prepared, number_label};
use super::{
    CellValue, FREQUENCY_BARS, Frequencies, HISTOGRAM_BINS, Histogram, NumericSummary, Quantiles,
    TOP_VALUES, ValueCount, Variable, share,
};
use super::{dates, stats};
use crate::model::data_columns::ColumnKind;

/// `1 − H/log₂(k)` of counts (`None` below two classes).
pub(super) fn imbalance(counts: &[u64]) -> Option<f64> {
    let counts: Vec<u64> = counts.iter().copied().filter(|c| *c > 0).collect();
    if counts.len() < 2 {
        return None;
    }
    let n: u64 = counts.iter().sum();
    #[expect(clippy::cast_precision_loss, reason = "counts are far below 2^53")]
    let entropy: f64 = counts
        .iter()
        .map(|c| {
            let p = *c as f64 / n as f64;
            -p * p.log2()
        })
        .sum();
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let k = counts.len() as f64;
    Some(1.0 - entropy / k.log2())
}

#[expect(clippy::float_cmp, reason = "runs of equal values are exact")]
pub(super) fn describe(p: &Prepared, rows: usize) -> Variable {
    let rows_u = rows as u64;
    let mut v = Variable {
        name: p.name.clone(),
        kind: p.kind,
        kind_overridden: p.overridden,
        dtype: p.dtype.clone(),
        count: rows_u - p.missing,
        distinct: 0,
        missing: p.missing,
        missing_share: share(p.missing, rows_u),
        zeros: 0,
        infinite: 0,
        numeric: None,
        top: Vec::new(),
        frequencies: None,
        imbalance: None,
        placeholders: p
            .placeholders
            .iter()
            .map(|(t, c)| ValueCount {
                value: CellValue::Text(t.clone()),
                count: *c,
            })
            .collect(),
        text_range: None,
        time_histogram: None,
    };
    match &p.data {
        Data::Numeric(n) => {
            let sorted: Vec<f64> = n.order.iter().map(|r| n.values[*r as usize]).collect();
            let mut runs: Vec<(f64, u64)> = Vec::new();
            for &x in &sorted {
                match runs.last_mut() {
                    Some((value, count)) if *value == x => *count += 1,
                    _ => runs.push((x, 1)),
                }
            }
            v.distinct = runs.len() as u64;
            v.zeros = sorted.iter().filter(|x| **x == 0.0).count() as u64;
            v.infinite = sorted.iter().filter(|x| x.is_infinite()).count() as u64;
            let lo = sorted.partition_point(|x| *x == f64::NEG_INFINITY);
            let hi = sorted.partition_point(|x| *x < f64::INFINITY);
            let finite = &sorted[lo..hi];
            let moments = stats::moments(finite);
            let finite_distinct = runs.iter().filter(|(x, _)| x.is_finite()).count();
            let (edges, counts) = if finite.is_empty() {
                (Vec::new(), Vec::new())
            } else {
                stats::histogram_sorted(finite, finite_distinct.min(HISTOGRAM_BINS))
            };
            let q = |p| stats::quantile_sorted(finite, p);
            v.numeric = Some(NumericSummary {
                mean: moments.mean,
                std: moments.std,
                min: finite.first().copied(),
                max: finite.last().copied(),
                quantiles: Quantiles {
                    q05: q(0.05),
                    q25: q(0.25),
                    q50: q(0.5),
                    q75: q(0.75),
                    q95: q(0.95),
                },
                skewness: moments.skewness,
                histogram: Histogram { edges, counts },
            });
            let mut ranked: Vec<&(f64, u64)> = runs.iter().collect();
            let by_frequency =
                |a: &&(f64, u64), b: &&(f64, u64)| b.1.cmp(&a.1).then(a.0.total_cmp(&b.0));
            if ranked.len() > TOP_VALUES {
                ranked.select_nth_unstable_by(TOP_VALUES, by_frequency);
                ranked.truncate(TOP_VALUES);
            }
            ranked.sort_by(by_frequency);
            v.top = ranked
                .into_iter()
                .take(TOP_VALUES)
                .map(|(x, c)| ValueCount {
                    value: CellValue::Number(*x),
                    count: *c,
                })
                .collect();
            let _ = number_label;
        }
        Data::Codes(c) => {
            v.distinct = c.counts.iter().filter(|n| **n > 0).count() as u64;
            let mut ranked: Vec<usize> = (0..c.labels.len()).filter(|i| c.counts[*i] > 0).collect();
            let by_frequency = |a: &usize, b: &usize| {
                c.counts[*b]
                    .cmp(&c.counts[*a])
                    .then_with(|| c.labels[*a].cmp(&c.labels[*b]))
            };
            // Only the most frequent values are shown: partition them out, then sort those.
            if ranked.len() > FREQUENCY_BARS {
                ranked.select_nth_unstable_by(FREQUENCY_BARS, by_frequency);
            }
            let shown_count = ranked.len().min(FREQUENCY_BARS);
            ranked[..shown_count].sort_by(by_frequency);
            let value = |i: usize| ValueCount {
                value: CellValue::Text(c.labels[i].clone()),
                count: c.counts[i],
            };
            v.top = ranked.iter().take(TOP_VALUES).map(|i| value(*i)).collect();
            let shown: Vec<ValueCount> = ranked
                .iter()
                .take(FREQUENCY_BARS)
                .map(|i| value(*i))
                .collect();
            let rest = &ranked[ranked.len().min(FREQUENCY_BARS)..];
            v.frequencies = Some(Frequencies {
                values: shown,
                other_values: rest.len() as u64,
                other_count: rest.iter().map(|i| c.counts[*i]).sum(),
            });
            if matches!(p.kind, ColumnKind::Categorical | ColumnKind::Boolean) {
                v.imbalance = imbalance(&c.counts);
            }
            if p.kind == ColumnKind::DateTime {
                let present = || (0..c.labels.len()).filter(|i| c.counts[*i] > 0);
                let min = present().min_by(|a, b| c.labels[*a].cmp(&c.labels[*b]));
                let max = present().max_by(|a, b| c.labels[*a].cmp(&c.labels[*b]));
                if let (Some(a), Some(b)) = (min, max) {
                    v.text_range = Some((c.labels[a].clone(), c.labels[b].clone()));
                }
                v.time_histogram = dates::time_histogram(&c.labels, &c.counts);
            }
        }
    }
    v
}
