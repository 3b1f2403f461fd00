//! Fairlearn's `ThresholdOptimizer` solution (prefit scores), reproduced exactly so its numbers can be
//! compared: per group the convex hull of the trade-off points over all thresholds (`> t` at midpoints
//! between distinct scores), interpolated on a grid of `grid_size + 1` values of the constrained rate; the
//! grid point with the best weighted objective (or, with a tolerance, Fairlearn's sliding window); for
//! equalized odds the overlap of the ROC hulls and the mixing with a constant (`p_ignore`).
//!
//! The result is randomized: a row of group g scoring s is positive with probability
//! `p0·[s > threshold0] + p1·[s > threshold1]`, then (equalized odds) mixed as
//! `p_ignore·prediction_constant + (1 − p_ignore)·that`. [`explain`] says it in plain words and
//! the expected counts are computed exactly from it.

use serde::Serialize;
use std::fmt::Write as _;

use crate::analysis::fairness::{ConfusionCounts, GroupKey};

use super::data::MitigationError;
use super::search::{Constraint, Objective, Rate, serialize_threshold};
use super::sweep::ThresholdIndex;

/// One group's randomized rule (`randomized[]` of `mitigate thresholds --json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RandomizedEntry {
    /// The group.
    pub group: GroupKey,
    /// Weight of the first threshold rule.
    pub p0: f64,
    /// First rule: positive when score > threshold0 (`"inf"`, `"-inf"` allowed).
    #[serde(serialize_with = "serialize_threshold")]
    pub threshold0: f64,
    /// Weight of the second threshold rule.
    pub p1: f64,
    /// Second rule: positive when score > threshold1.
    #[serde(serialize_with = "serialize_threshold")]
    pub threshold1: f64,
    /// Share of decisions replaced by the constant (equalized odds; 0 otherwise).
    pub p_ignore: f64,
    /// Probability of a positive decision of the constant (equalized odds; 0 otherwise).
    pub prediction_constant: f64,
}

/// Fairlearn's solution with its expected confusion counts per group.
#[derive(Clone, Debug, PartialEq)]
pub struct FairlearnSolution {
    /// The rule per group.
    pub entries: Vec<RandomizedEntry>,
    /// Expected TP, FP, TN, FN per group.
    pub expected_counts: Vec<[f64; 4]>,
    /// The chosen grid value of the constrained rate per group (EO: the FPR).
    pub x_best: Vec<f64>,
}

#[derive(Clone, Copy, Debug)]
struct Point {
    x: f64,
    y: f64,
    threshold: f64,
}

/// Fairlearn's `METRIC_DICT` on integer counts, with its evaluation order.
fn metric(name: &str, c: [f64; 4]) -> f64 {
    let [tp, fp, tn, fn_] = c;
    let positives = tp + fn_;
    let negatives = tn + fp;
    let n = tp + tn + fp + fn_;
    match name {
        "selection_rate" => (tp + fp) / n,
        "false_positive_rate" => fp / negatives,
        "false_negative_rate" => fn_ / positives,
        "true_positive_rate" => tp / positives,
        "true_negative_rate" => tn / negatives,
        "accuracy_score" => (tp + tn) / n,
        _ => 0.5 * tp / positives + 0.5 * tn / negatives,
    }
}

fn cells(c: &ConfusionCounts) -> [f64; 4] {
    #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
    c.rows.map(|v| v as f64)
}

/// `_calculate_tradeoff_points` + `_filter_points_to_get_convex_hull` of one group.
#[expect(clippy::many_single_char_names, reason = "hull points as in Fairlearn")]
fn hull(
    index: &ThresholdIndex,
    g: usize,
    x_metric: &str,
    y_metric: &str,
    label: &str,
) -> Result<Vec<Point>, MitigationError> {
    let scores = index.sorted_scores(g);
    let n = scores.len();
    let all = index.counts_top(g, 0);
    if all.rows[3] == 0 || all.rows[2] == 0 {
        return Err(MitigationError::Input(format!(
            "group {label} has no {}: Fairlearn's solution needs both labels in every group (its rates \
             would be undefined, never 0)",
            if all.rows[3] == 0 {
                "actual positives"
            } else {
                "actual negatives"
            }
        )));
    }
    let mut points = Vec::new();
    let first = cells(&all);
    points.push(Point {
        x: metric(x_metric, first),
        y: metric(y_metric, first),
        threshold: f64::INFINITY,
    });
    let mut i = n;
    while i > 0 {
        let v = scores[i - 1];
        let start = scores[..i].partition_point(|s| *s < v);
        let next = if start > 0 {
            scores[start - 1]
        } else {
            f64::NEG_INFINITY
        };
        let c = cells(&index.counts_top(g, n - start));
        points.push(Point {
            x: metric(x_metric, c),
            y: metric(y_metric, c),
            threshold: f64::midpoint(v, next),
        });
        i = start;
    }
    points.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    let mut selected: Vec<Point> = Vec::new();
    for r2 in points {
        while selected.len() >= 2 {
            let r1 = selected[selected.len() - 1];
            let r0 = selected[selected.len() - 2];
            if (r1.y - r0.y) * (r2.x - r0.x) <= (r2.y - r0.y) * (r1.x - r0.x) {
                selected.pop();
            } else {
                break;
            }
        }
        selected.push(r2);
    }
    Ok(selected)
}

/// One interpolated grid point: (y, p0, threshold0, p1, threshold1).
#[derive(Clone, Copy, Debug)]
struct GridPoint {
    x: f64,
    y: f64,
    p0: f64,
    t0: f64,
    p1: f64,
    t1: f64,
}

/// `_interpolate_curve` on Fairlearn's grid.
fn interpolate(hull: &[Point], grid: &[f64]) -> Vec<GridPoint> {
    let last = hull.len().saturating_sub(2);
    grid.iter()
        .enumerate()
        .map(|(i, &xg)| {
            let mut idx = hull.partition_point(|p| p.x <= xg).saturating_sub(1);
            #[expect(
                clippy::float_cmp,
                reason = "Fairlearn's exact test for a grid point on a hull point"
            )]
            let on_point = hull[idx].x == xg;
            if i > 0 && idx > 0 && on_point {
                idx -= 1;
            }
            let idx = idx.min(last);
            let (a, b) = (hull[idx], hull[(idx + 1).min(hull.len() - 1)]);
            let p0 = (b.x - xg) / (b.x - a.x);
            let p1 = 1.0 - p0;
            GridPoint {
                x: xg,
                y: p0 * a.y + p1 * b.y,
                p0,
                t0: a.threshold,
                p1,
                t1: b.threshold,
            }
        })
        .collect()
}

/// `maximize_objective_with_tolerance`: per group an index into the shared grid.
fn maximize_with_tolerance(curves: &[Vec<GridPoint>], weights: &[f64], tol: f64) -> Vec<usize> {
    use std::collections::VecDeque;
    let x: Vec<f64> = curves[0].iter().map(|p| p.x).collect();
    let ys: Vec<Vec<f64>> = curves
        .iter()
        .zip(weights)
        .map(|(c, w)| c.iter().map(|p| p.y * w).collect())
        .collect();
    let m = ys.len();
    let mut deques: Vec<VecDeque<usize>> = vec![VecDeque::new(); m];
    let mut best: Vec<usize> = vec![0; m];
    let mut max_objective = f64::NEG_INFINITY;
    let mut min_violation = f64::INFINITY;
    let mut start = 0;
    for end in 0..x.len() {
        for k in 0..m {
            while deques[k].back().is_some_and(|&j| ys[k][j] <= ys[k][end]) {
                deques[k].pop_back();
            }
            deques[k].push_back(end);
        }
        while x[end] - x[start] > tol {
            for d in &mut deques {
                if d.front() == Some(&start) {
                    d.pop_front();
                }
            }
            start += 1;
        }
        let current: Vec<usize> = deques
            .iter()
            .map(|d| d.front().copied().unwrap_or(end))
            .collect();
        let objective: f64 = current.iter().zip(&ys).map(|(&i, y)| y[i]).sum();
        let xs = current.iter().map(|&i| x[i]);
        let violation =
            xs.clone().fold(f64::NEG_INFINITY, f64::max) - xs.fold(f64::INFINITY, f64::min);
        #[expect(clippy::float_cmp, reason = "Fairlearn's exact tie rule")]
        let tie = objective == max_objective;
        if objective > max_objective || (tie && violation <= min_violation) {
            max_objective = objective;
            best = current;
            min_violation = violation;
        }
    }
    best
}

fn first_max(values: impl Iterator<Item = f64>) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for (i, v) in values.enumerate() {
        if v > best.1 {
            best = (i, v);
        }
    }
    best.0
}

/// Fairlearn's `ThresholdOptimizer` (prefit scores, `flip=False`) on the data of `index`.
///
/// # Errors
/// A cost objective, an objective Fairlearn does not allow with the constraint, a tolerance with equalized
/// odds, weights, or a group lacking positives or negatives.
#[expect(
    clippy::too_many_lines,
    reason = "one algorithm, kept in Fairlearn's order"
)]
pub fn threshold_optimizer(
    index: &ThresholdIndex,
    groups: &[GroupKey],
    constraint: Constraint,
    objective: Objective,
    tolerance: Option<f64>,
    grid_size: usize,
) -> Result<FairlearnSolution, MitigationError> {
    if index.weighted() {
        return Err(MitigationError::Setting(
            "Fairlearn's randomized solution does not use sample weights: leave out --weight or give a \
             tolerance for deterministic cut-offs"
                .to_owned(),
        ));
    }
    if objective.minimise() {
        return Err(MitigationError::Setting(
            "Fairlearn's randomized solution has no cost objective: give a tolerance above 0 for \
             deterministic cut-offs that minimise the cost"
                .to_owned(),
        ));
    }
    if grid_size == 0 {
        return Err(MitigationError::Setting(
            "the grid size must be at least 1".to_owned(),
        ));
    }
    let equalized_odds = constraint == Constraint::EqualizedOdds;
    if equalized_odds
        && !matches!(
            objective,
            Objective::AccuracyScore | Objective::BalancedAccuracyScore
        )
    {
        return Err(MitigationError::Setting(
            "with equalized_odds Fairlearn allows only accuracy_score or balanced_accuracy_score"
                .to_owned(),
        ));
    }
    if equalized_odds && tolerance.is_some() {
        return Err(MitigationError::Setting(
            "Fairlearn's relaxed constraints are not available for equalized_odds: use tolerance 0 or \
             deterministic cut-offs"
                .to_owned(),
        ));
    }
    #[expect(clippy::cast_precision_loss, reason = "grid sizes are small")]
    let step = 1.0 / grid_size as f64;
    #[expect(clippy::cast_precision_loss, reason = "grid sizes are small")]
    let mut grid: Vec<f64> = (0..=grid_size).map(|i| i as f64 * step).collect();
    if let Some(last) = grid.last_mut() {
        *last = 1.0;
    }
    let labels: Vec<String> = (0..index.groups())
        .map(|g| groups.get(g).map(GroupKey::label).unwrap_or_default())
        .collect();
    let (x_metric, y_metric) = if equalized_odds {
        ("false_positive_rate", "true_positive_rate")
    } else {
        let x = match constraint.rates()[0] {
            Rate::SelectionRate => "selection_rate",
            Rate::TruePositiveRate => "true_positive_rate",
            Rate::FalsePositiveRate => "false_positive_rate",
            Rate::TrueNegativeRate => "true_negative_rate",
            Rate::FalseNegativeRate => "false_negative_rate",
        };
        (x, objective.name())
    };
    let curves = (0..index.groups())
        .map(|g| hull(index, g, x_metric, y_metric, &labels[g]).map(|h| interpolate(&h, &grid)))
        .collect::<Result<Vec<_>, _>>()?;
    let sizes: Vec<usize> = (0..index.groups()).map(|g| index.group_rows(g)).collect();
    let n: usize = sizes.iter().sum();
    #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
    let shares: Vec<f64> = sizes.iter().map(|&s| s as f64 / n as f64).collect();

    let mut p_ignore = vec![0.0; curves.len()];
    let mut constant = 0.0;
    let chosen: Vec<usize> = if equalized_odds {
        let totals: Vec<ConfusionCounts> = (0..index.groups())
            .map(|g| index.counts_top(g, 0))
            .collect();
        let n_positive: u64 = totals.iter().map(|c| c.rows[3]).sum();
        #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
        let (n_pos, n_neg) = (n_positive as f64, (n as u64 - n_positive) as f64);
        let y_min: Vec<f64> = (0..grid.len())
            .map(|i| curves.iter().map(|c| c[i].y).fold(f64::INFINITY, f64::min))
            .collect();
        let objective_values = grid.iter().zip(&y_min).map(|(&x, &y)| {
            let c = [n_pos * y, n_neg * x, n_neg * (1.0 - x), n_pos * (1.0 - y)];
            let v = metric(objective.name(), c);
            (v * 1e15).round_ties_even() / 1e15
        });
        let best = first_max(objective_values);
        let y_best = y_min[best];
        constant = grid[best];
        for (k, c) in curves.iter().enumerate() {
            let r = c[best];
            #[expect(
                clippy::float_cmp,
                reason = "Fairlearn's exact test for a point on the diagonal"
            )]
            let on_diagonal = r.y == r.x;
            p_ignore[k] = if on_diagonal {
                0.0
            } else {
                (r.y - y_best) / (r.y - r.x)
            };
        }
        vec![best; curves.len()]
    } else if let Some(tol) = tolerance {
        maximize_with_tolerance(&curves, &shares, tol)
    } else {
        let overall = (0..grid.len()).map(|i| {
            curves
                .iter()
                .zip(&shares)
                .fold(0.0, |acc, (c, p)| acc + p * c[i].y)
        });
        vec![first_max(overall); curves.len()]
    };

    let mut entries = Vec::with_capacity(curves.len());
    let mut expected = Vec::with_capacity(curves.len());
    let mut x_best = Vec::with_capacity(curves.len());
    for (g, c) in curves.iter().enumerate() {
        let gp = c[chosen[g]];
        x_best.push(gp.x);
        let c0 = cells(&index.counts_above(g, gp.t0));
        let c1 = cells(&index.counts_above(g, gp.t1));
        let all = cells(&index.counts_top(g, 0));
        let (pos, neg) = (all[3], all[2]);
        let pi = p_ignore[g];
        let tp = pi * constant * pos + (1.0 - pi) * (gp.p0 * c0[0] + gp.p1 * c1[0]);
        let fp = pi * constant * neg + (1.0 - pi) * (gp.p0 * c0[1] + gp.p1 * c1[1]);
        expected.push([tp, fp, neg - fp, pos - tp]);
        entries.push(RandomizedEntry {
            group: groups.get(g).cloned().unwrap_or_default(),
            p0: gp.p0,
            threshold0: gp.t0,
            p1: gp.p1,
            threshold1: gp.t1,
            p_ignore: pi,
            prediction_constant: if equalized_odds { constant } else { 0.0 },
        });
    }
    Ok(FairlearnSolution {
        entries,
        expected_counts: expected,
        x_best,
    })
}

/// A number for a sentence: up to four decimals, trailing zeros removed.
fn short(v: f64) -> String {
    let text = format!("{v:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

fn percent(p: f64) -> String {
    let v = p * 100.0;
    if (v - v.round()).abs() < 0.05 {
        format!("{v:.0} %")
    } else {
        format!("{v:.1} %")
    }
}

/// One group's randomized rule in plain words, e.g. "For sex=female: every applicant scoring above 0.47 is
/// approved, 30 % of applicants scoring between 0.41 and 0.47 are approved at random, none below".
#[must_use]
pub fn explain(entry: &RandomizedEntry, subjects: &str) -> String {
    let (lo_t, lo_p, hi_t) = if entry.threshold0 <= entry.threshold1 {
        (entry.threshold0, entry.p0, entry.threshold1)
    } else {
        (entry.threshold1, entry.p1, entry.threshold0)
    };
    let who = format!("For {}", entry.group.label());
    let above = |t: f64| {
        if t == f64::NEG_INFINITY {
            format!("every one of the {subjects} is approved")
        } else if t == f64::INFINITY {
            format!("none of the {subjects} is approved")
        } else {
            format!(
                "{subjects} scoring above {} are approved, the others are not",
                short(t)
            )
        }
    };
    let mut text = if lo_p <= 0.0 || lo_p >= 1.0 || lo_t.total_cmp(&hi_t).is_eq() {
        let t = if lo_p >= 1.0 { lo_t } else { hi_t };
        format!("{who}: {}", above(t))
    } else {
        let top = if hi_t == f64::INFINITY {
            "no one is approved for sure".to_owned()
        } else {
            format!(
                "every one of the {subjects} scoring above {} is approved",
                short(hi_t)
            )
        };
        let middle = if lo_t == f64::NEG_INFINITY {
            format!(
                "{} of those scoring {} or less are approved at random",
                percent(lo_p),
                short(hi_t)
            )
        } else if hi_t == f64::INFINITY {
            format!(
                "{} of {subjects} scoring above {} are approved at random",
                percent(lo_p),
                short(lo_t)
            )
        } else {
            format!(
                "{} of {subjects} scoring between {} and {} are approved at random",
                percent(lo_p),
                short(lo_t),
                short(hi_t)
            )
        };
        format!("{who}: {top}; {middle}")
    };
    if entry.p_ignore > 0.0 {
        let _ = write!(
            text,
            "; then {} of all decisions are replaced by a draw that approves with probability {}",
            percent(entry.p_ignore),
            short(entry.prediction_constant)
        );
    }
    text
}
