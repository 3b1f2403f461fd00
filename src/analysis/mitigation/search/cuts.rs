//! The search over candidate cut points: per group, the constrained rate(s) and the objective share at each
//! candidate threshold; a sliding window over the sorted rates finds the best cut per group within a
//! tolerance, and the smallest reachable violation when the tolerance cannot be met.

use std::collections::VecDeque;

use crate::analysis::fairness::GroupKey;

use super::FRONTIER_TOLERANCES;
use super::{
    Constraint, EPS, FrontierPoint, MAX_CUTS, MAX_CUTS_EQUALIZED_ODDS, MitigationError, Objective,
    Rate, ThresholdIndex, Totals, contribution,
};

/// A candidate cut of one group.
#[derive(Clone, Copy, Debug)]
struct Cut {
    threshold: f64,
    rates: [f64; 2],
    value: f64,
}

/// Candidate cuts of a group: thresholds at distinct scores (and +∞), at most `max_cuts`.
fn candidate_thresholds(scores: &[f64], max_cuts: usize) -> Vec<f64> {
    let n = scores.len();
    let mut positions: Vec<usize> = if n <= max_cuts {
        (0..n).collect()
    } else {
        (0..max_cuts).map(|j| j * n / max_cuts).collect()
    };
    positions.dedup();
    let mut out: Vec<f64> = positions.iter().map(|&i| scores[i]).collect();
    out.dedup_by(|a, b| a.total_cmp(b).is_eq());
    out.push(f64::INFINITY);
    out
}

fn group_cuts(
    index: &ThresholdIndex,
    g: usize,
    constraint: Constraint,
    objective: Objective,
    totals: Totals,
    max_cuts: usize,
    label: &str,
) -> Result<Vec<Cut>, MitigationError> {
    let rates = constraint.rates();
    let thresholds = candidate_thresholds(index.sorted_scores(g), max_cuts);
    let mut cuts = Vec::with_capacity(thresholds.len());
    for t in thresholds {
        let c = index.counts_at(g, t);
        let mut r = [0.0; 2];
        for (k, rate) in rates.iter().enumerate() {
            r[k] = rate.of(&c).ok_or_else(|| {
                MitigationError::Input(format!(
                    "group {label} has no {}: its {} is undefined, so {} cannot be evaluated (merge or \
                     leave out the group)",
                    match rate {
                        Rate::SelectionRate => "rows",
                        Rate::TruePositiveRate | Rate::FalseNegativeRate => "actual positives",
                        _ => "actual negatives",
                    },
                    rate.name().replace('_', " "),
                    constraint.name()
                ))
            })?;
        }
        cuts.push(Cut {
            threshold: t,
            rates: r,
            value: contribution(objective, &c, totals),
        });
    }
    Ok(cuts)
}

/// Best choice of one item per list with every `x` inside a window of width `tol` (lists sorted by x).
/// Returns (objective, chosen index per list, violation) or `None` when no window fits.
fn best_window(lists: &[Vec<(f64, f64)>], tol: f64) -> Option<(f64, Vec<usize>, f64)> {
    let mut ends: Vec<f64> = lists.iter().flatten().map(|p| p.0).collect();
    ends.sort_by(f64::total_cmp);
    ends.dedup();
    let m = lists.len();
    let mut lo = vec![0_usize; m];
    let mut hi = vec![0_usize; m];
    let mut deques: Vec<VecDeque<usize>> = vec![VecDeque::new(); m];
    let mut best: Option<(f64, Vec<usize>, f64)> = None;
    for &end in &ends {
        let start = end - tol - EPS;
        let mut feasible = true;
        for k in 0..m {
            let list = &lists[k];
            while hi[k] < list.len() && list[hi[k]].0 <= end + EPS {
                let i = hi[k];
                while deques[k].back().is_some_and(|&j| list[j].1 <= list[i].1) {
                    deques[k].pop_back();
                }
                deques[k].push_back(i);
                hi[k] += 1;
            }
            while lo[k] < hi[k] && list[lo[k]].0 < start {
                if deques[k].front() == Some(&lo[k]) {
                    deques[k].pop_front();
                }
                lo[k] += 1;
            }
            if deques[k].is_empty() {
                feasible = false;
            }
        }
        if !feasible {
            continue;
        }
        let chosen: Vec<usize> = deques.iter().filter_map(|d| d.front().copied()).collect();
        let total: f64 = chosen.iter().zip(lists).map(|(&i, l)| l[i].1).sum();
        let (mn, mx) = chosen
            .iter()
            .zip(lists)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (&i, l)| {
                (a.min(l[i].0), b.max(l[i].0))
            });
        let violation = mx - mn;
        let better = match &best {
            None => true,
            Some((v, _, viol)) => {
                total > *v + EPS || (total >= *v - EPS && violation < *viol - EPS)
            }
        };
        if better {
            best = Some((total, chosen, violation));
        }
    }
    best
}

/// Smallest window width that holds one item of every list.
fn min_range(lists: &[Vec<(f64, f64)>]) -> f64 {
    let mut items: Vec<(f64, usize)> = lists
        .iter()
        .enumerate()
        .flat_map(|(k, l)| l.iter().map(move |p| (p.0, k)))
        .collect();
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    let m = lists.len();
    let mut count = vec![0_usize; m];
    let mut covered = 0;
    let mut best = f64::INFINITY;
    let mut left = 0;
    for right in 0..items.len() {
        let k = items[right].1;
        if count[k] == 0 {
            covered += 1;
        }
        count[k] += 1;
        while covered == m {
            best = best.min(items[right].0 - items[left].0);
            let kl = items[left].1;
            count[kl] -= 1;
            if count[kl] == 0 {
                covered -= 1;
            }
            left += 1;
        }
    }
    best
}

/// Best cut per group within a tolerance: (objective, cut per group, violation).
fn search_cuts(
    cuts: &[Vec<Cut>],
    constraint: Constraint,
    tol: f64,
) -> Option<(f64, Vec<usize>, f64)> {
    if constraint.rates().len() == 1 {
        let mut lists = Vec::with_capacity(cuts.len());
        let mut orders = Vec::with_capacity(cuts.len());
        for c in cuts {
            let mut order: Vec<usize> = (0..c.len()).collect();
            order.sort_by(|&a, &b| c[a].rates[0].total_cmp(&c[b].rates[0]));
            lists.push(order.iter().map(|&i| (c[i].rates[0], c[i].value)).collect());
            orders.push(order);
        }
        let (v, chosen, viol) = best_window(&lists, tol)?;
        return Some((
            v,
            chosen.iter().zip(&orders).map(|(&i, o)| o[i]).collect(),
            viol,
        ));
    }
    // Equalized odds: every window of TPR, then the best FPR window among the cuts inside it.
    let mut tpr_ends: Vec<f64> = cuts.iter().flatten().map(|c| c.rates[0]).collect();
    tpr_ends.sort_by(f64::total_cmp);
    tpr_ends.dedup();
    let mut best: Option<(f64, Vec<usize>, f64)> = None;
    for end in tpr_ends {
        let mut lists = Vec::with_capacity(cuts.len());
        let mut orders = Vec::with_capacity(cuts.len());
        for c in cuts {
            let mut order: Vec<usize> = (0..c.len())
                .filter(|&i| c[i].rates[0] <= end + EPS && c[i].rates[0] >= end - tol - EPS)
                .collect();
            if order.is_empty() {
                break;
            }
            order.sort_by(|&a, &b| c[a].rates[1].total_cmp(&c[b].rates[1]));
            lists.push(order.iter().map(|&i| (c[i].rates[1], c[i].value)).collect());
            orders.push(order);
        }
        if lists.len() < cuts.len() {
            continue;
        }
        let Some((v, chosen, _)) = best_window(&lists, tol) else {
            continue;
        };
        let picked: Vec<usize> = chosen.iter().zip(&orders).map(|(&i, o)| o[i]).collect();
        let viol = violation_of(cuts, &picked);
        let better = match &best {
            None => true,
            Some((bv, _, bviol)) => v > *bv + EPS || (v >= *bv - EPS && viol < *bviol - EPS),
        };
        if better {
            best = Some((v, picked, viol));
        }
    }
    best
}

fn violation_of(cuts: &[Vec<Cut>], picked: &[usize]) -> f64 {
    (0..2)
        .map(|k| {
            let values = picked.iter().zip(cuts).map(|(&i, c)| c[i].rates[k]);
            let (mn, mx) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
            if mx >= mn { mx - mn } else { 0.0 }
        })
        .fold(0.0, f64::max)
}

/// Smallest reachable violation over the candidate cuts.
fn min_violation(cuts: &[Vec<Cut>], constraint: Constraint) -> f64 {
    if constraint.rates().len() == 1 {
        let lists: Vec<Vec<(f64, f64)>> = cuts
            .iter()
            .map(|c| c.iter().map(|x| (x.rates[0], 0.0)).collect())
            .collect();
        return min_range(&lists);
    }
    // Equalized odds: bisect on the tolerance (feasibility is monotone in it).
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    if search_cuts(cuts, constraint, 0.0).is_some() {
        return 0.0;
    }
    for _ in 0..30 {
        let mid = f64::midpoint(lo, hi);
        if search_cuts(cuts, constraint, mid).is_some() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// The search problem prepared once: candidate cuts per group.
#[derive(Clone, Debug)]
pub struct Prepared {
    cuts: Vec<Vec<Cut>>,
    constraint: Constraint,
    objective: Objective,
}

impl Prepared {
    /// Candidate cuts of every group.
    ///
    /// # Errors
    /// A group whose constrained rate is undefined (no rows, no actual positives or negatives).
    pub fn new(
        index: &ThresholdIndex,
        groups: &[GroupKey],
        constraint: Constraint,
        objective: Objective,
    ) -> Result<Self, MitigationError> {
        if index.groups() < 2 {
            return Err(MitigationError::Input(
                "per-group thresholds need at least two groups".to_owned(),
            ));
        }
        let totals = Totals::of(&index.counts_at_each(&vec![f64::INFINITY; index.groups()]));
        let max_cuts = if constraint == Constraint::EqualizedOdds {
            MAX_CUTS_EQUALIZED_ODDS
        } else {
            MAX_CUTS
        };
        let cuts = (0..index.groups())
            .map(|g| {
                let label = groups.get(g).map(GroupKey::label).unwrap_or_default();
                group_cuts(index, g, constraint, objective, totals, max_cuts, &label)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Prepared {
            cuts,
            constraint,
            objective,
        })
    }

    /// The best deterministic cut-offs within `tolerance`, or the closest point when none meets it.
    #[must_use]
    pub fn solve(&self, tolerance: f64) -> FrontierPoint {
        let (met, found) =
            match search_cuts(&self.cuts, self.constraint, tolerance) {
                Some(found) => (true, found),
                None => {
                    let closest = min_violation(&self.cuts, self.constraint);
                    let found = search_cuts(&self.cuts, self.constraint, closest + 1e-9)
                        .unwrap_or((f64::NEG_INFINITY, vec![0; self.cuts.len()], f64::NAN));
                    (false, found)
                }
            };
        let (value, picked, _) = found;
        let violation = if self.constraint.rates().len() == 1 {
            let values = picked.iter().zip(&self.cuts).map(|(&i, c)| c[i].rates[0]);
            let (mn, mx) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
            mx - mn
        } else {
            violation_of(&self.cuts, &picked)
        };
        FrontierPoint {
            tolerance,
            objective: if self.objective.minimise() {
                -value
            } else {
                value
            },
            constraint_violation: violation,
            met,
            thresholds: picked
                .iter()
                .zip(&self.cuts)
                .map(|(&i, c)| c[i].threshold)
                .collect(),
        }
    }

    /// The frontier: the best cut-offs at each of [`FRONTIER_TOLERANCES`] and at `extra`, sorted by
    /// tolerance, with points that do not improve on a smaller violation removed.
    #[must_use]
    pub fn frontier(&self, extra: f64) -> Vec<FrontierPoint> {
        let mut tolerances: Vec<f64> = FRONTIER_TOLERANCES.to_vec();
        tolerances.push(extra);
        tolerances.push(0.0);
        tolerances.sort_by(f64::total_cmp);
        tolerances.dedup();
        tolerances.into_iter().map(|t| self.solve(t)).collect()
    }
}
