//! Per-group thresholds for a fairness constraint and an objective (Fairlearn's names), in two ways:
//! - **deterministic cut-offs within a tolerance**: every group gets one threshold (score ≥ threshold is
//!   positive) so that the largest between-group difference of the constrained rate(s) is at most the
//!   tolerance, maximising the objective over the data. Exact over the candidate cut points (every distinct
//!   score of a group up to [`MAX_CUTS`] per group, evenly spaced ranks beyond); the objectives are sums
//!   over groups, so a sliding window over the sorted constrained rates finds the optimum in one pass;
//! - **Fairlearn's randomized solution** ([`super::fairlearn`]) with `--randomized` or tolerance 0.
//!
//! When no set of cut-offs meets the tolerance, the result says so and gives the closest point (the smallest
//! reachable violation, best objective there).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize, Serializer};

use crate::analysis::fairness::{ConfusionCounts, GroupKey};

use super::data::MitigationError;
use super::fairlearn::{self, RandomizedEntry};
use super::sweep::ThresholdIndex;

/// Most candidate cut points per group for single-rate constraints.
pub const MAX_CUTS: usize = 1000;
/// Most candidate cut points per group for equalized odds (a two-dimensional search).
pub const MAX_CUTS_EQUALIZED_ODDS: usize = 200;
/// Tolerances of the Pareto frontier (plus the one asked for).
pub const FRONTIER_TOLERANCES: [f64; 13] = [
    0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0,
];
/// Slack for floating-point comparisons of rates with the tolerance.
const EPS: f64 = 1e-12;

/// A fairness constraint (Fairlearn's names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Constraint {
    /// Equal selection rates.
    DemographicParity,
    /// Equal TPR and equal FPR.
    EqualizedOdds,
    /// Equal true positive rates.
    TruePositiveRateParity,
    /// Equal false positive rates.
    FalsePositiveRateParity,
    /// Equal true negative rates.
    TrueNegativeRateParity,
    /// Equal false negative rates.
    FalseNegativeRateParity,
}

/// The rate a constraint equalises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rate {
    /// (TP + FP) / n.
    SelectionRate,
    /// TP / (TP + FN).
    TruePositiveRate,
    /// FP / (FP + TN).
    FalsePositiveRate,
    /// TN / (TN + FP).
    TrueNegativeRate,
    /// FN / (FN + TP).
    FalseNegativeRate,
}

impl Rate {
    /// The rate from (weighted) counts; `None` for a zero denominator.
    #[must_use]
    pub fn of(self, c: &ConfusionCounts) -> Option<f64> {
        let (num, den) = match self {
            Rate::SelectionRate => (c.tp() + c.fp(), c.tp() + c.fp() + c.tn() + c.fn_()),
            Rate::TruePositiveRate => (c.tp(), c.tp() + c.fn_()),
            Rate::FalsePositiveRate => (c.fp(), c.fp() + c.tn()),
            Rate::TrueNegativeRate => (c.tn(), c.tn() + c.fp()),
            Rate::FalseNegativeRate => (c.fn_(), c.fn_() + c.tp()),
        };
        (den > 0.0).then(|| num / den)
    }

    /// Fairlearn's metric name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Rate::SelectionRate => "selection_rate",
            Rate::TruePositiveRate => "true_positive_rate",
            Rate::FalsePositiveRate => "false_positive_rate",
            Rate::TrueNegativeRate => "true_negative_rate",
            Rate::FalseNegativeRate => "false_negative_rate",
        }
    }
}

impl Constraint {
    /// Every constraint.
    pub const ALL: [Constraint; 6] = [
        Constraint::DemographicParity,
        Constraint::EqualizedOdds,
        Constraint::TruePositiveRateParity,
        Constraint::FalsePositiveRateParity,
        Constraint::TrueNegativeRateParity,
        Constraint::FalseNegativeRateParity,
    ];

    /// Fairlearn's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Constraint::DemographicParity => "demographic_parity",
            Constraint::EqualizedOdds => "equalized_odds",
            Constraint::TruePositiveRateParity => "true_positive_rate_parity",
            Constraint::FalsePositiveRateParity => "false_positive_rate_parity",
            Constraint::TrueNegativeRateParity => "true_negative_rate_parity",
            Constraint::FalseNegativeRateParity => "false_negative_rate_parity",
        }
    }

    /// Parse Fairlearn's name.
    ///
    /// # Errors
    /// A message listing the known names.
    pub fn parse(text: &str) -> Result<Self, MitigationError> {
        Constraint::ALL
            .into_iter()
            .find(|c| c.name() == text)
            .ok_or_else(|| {
                MitigationError::Setting(format!(
                    "unknown constraint {text:?}: expected one of {}",
                    Constraint::ALL.map(Constraint::name).join(", ")
                ))
            })
    }

    /// The rates it equalises.
    #[must_use]
    pub fn rates(self) -> &'static [Rate] {
        match self {
            Constraint::DemographicParity => &[Rate::SelectionRate],
            Constraint::EqualizedOdds => &[Rate::TruePositiveRate, Rate::FalsePositiveRate],
            Constraint::TruePositiveRateParity => &[Rate::TruePositiveRate],
            Constraint::FalsePositiveRateParity => &[Rate::FalsePositiveRate],
            Constraint::TrueNegativeRateParity => &[Rate::TrueNegativeRate],
            Constraint::FalseNegativeRateParity => &[Rate::FalseNegativeRate],
        }
    }
}

/// What the thresholds maximise (or, for costs, minimise), over all rows.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// (TP + TN) / n.
    AccuracyScore,
    /// (TPR + TNR) / 2.
    BalancedAccuracyScore,
    /// (TP + FP) / n.
    SelectionRate,
    /// TP / (TP + FN).
    TruePositiveRate,
    /// TN / (TN + FP).
    TrueNegativeRate,
    /// Minimise `fp × FP + fn × FN`.
    Cost {
        /// Cost of one false positive.
        fp: f64,
        /// Cost of one false negative.
        #[serde(rename = "fn")]
        fn_: f64,
    },
}

impl Objective {
    /// Fairlearn's name (`cost` for the cost matrix).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Objective::AccuracyScore => "accuracy_score",
            Objective::BalancedAccuracyScore => "balanced_accuracy_score",
            Objective::SelectionRate => "selection_rate",
            Objective::TruePositiveRate => "true_positive_rate",
            Objective::TrueNegativeRate => "true_negative_rate",
            Objective::Cost { .. } => "cost",
        }
    }

    /// Parse a name; `cost` needs the two unit costs.
    ///
    /// # Errors
    /// A message listing the known names, or missing costs.
    pub fn parse(text: &str, costs: Option<(f64, f64)>) -> Result<Self, MitigationError> {
        Ok(match text {
            "accuracy_score" => Objective::AccuracyScore,
            "balanced_accuracy_score" => Objective::BalancedAccuracyScore,
            "selection_rate" => Objective::SelectionRate,
            "true_positive_rate" => Objective::TruePositiveRate,
            "true_negative_rate" => Objective::TrueNegativeRate,
            "cost" | "costs" => {
                let (fp, fn_) = costs.ok_or_else(|| {
                    MitigationError::Setting(
                        "the cost objective needs the cost of a false positive and of a false negative \
                         (--cost-fp X --cost-fn Y)"
                            .to_owned(),
                    )
                })?;
                if !(fp.is_finite() && fn_.is_finite() && fp >= 0.0 && fn_ >= 0.0) {
                    return Err(MitigationError::Setting(
                        "costs must be finite and not negative".to_owned(),
                    ));
                }
                Objective::Cost { fp, fn_ }
            }
            other => {
                return Err(MitigationError::Setting(format!(
                    "unknown objective {other:?}: expected one of accuracy_score, balanced_accuracy_score, \
                     selection_rate, true_positive_rate, true_negative_rate, cost"
                )));
            }
        })
    }

    /// Whether a smaller value is better.
    #[must_use]
    pub fn minimise(self) -> bool {
        matches!(self, Objective::Cost { .. })
    }
}

/// Totals of the whole data, for the objective.
#[derive(Clone, Copy, Debug, Default)]
pub struct Totals {
    /// Weight of all rows.
    pub n: f64,
    /// Weight of the actual positives.
    pub positives: f64,
    /// Weight of the actual negatives.
    pub negatives: f64,
}

impl Totals {
    /// Totals of a set of groups' counts.
    #[must_use]
    pub fn of(counts: &[ConfusionCounts]) -> Self {
        let mut t = Totals::default();
        for c in counts {
            t.n += c.tp() + c.fp() + c.tn() + c.fn_();
            t.positives += c.tp() + c.fn_();
            t.negatives += c.tn() + c.fp();
        }
        t
    }
}

/// A group's share of the objective (summing over groups gives the objective, negated for costs so that
/// larger is always better).
#[must_use]
pub fn contribution(objective: Objective, c: &ConfusionCounts, t: Totals) -> f64 {
    let div = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    match objective {
        Objective::AccuracyScore => div(c.tp() + c.tn(), t.n),
        Objective::BalancedAccuracyScore => {
            0.5 * div(c.tp(), t.positives) + 0.5 * div(c.tn(), t.negatives)
        }
        Objective::SelectionRate => div(c.tp() + c.fp(), t.n),
        Objective::TruePositiveRate => div(c.tp(), t.positives),
        Objective::TrueNegativeRate => div(c.tn(), t.negatives),
        Objective::Cost { fp, fn_ } => -(fp * c.fp() + fn_ * c.fn_()),
    }
}

/// Serialize a threshold: a number, or the strings `"inf"` / `"-inf"`.
///
/// # Errors
/// Never (serializer errors only).
pub fn serialize_threshold<S: Serializer>(t: &f64, s: S) -> Result<S::Ok, S::Error> {
    if t.is_infinite() {
        s.serialize_str(if *t > 0.0 { "inf" } else { "-inf" })
    } else {
        s.serialize_f64(*t)
    }
}

#[expect(
    clippy::ref_option,
    reason = "serde's serialize_with passes a reference to the field"
)]
fn serialize_opt_threshold<S: Serializer>(t: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => serialize_threshold(t, s),
        None => s.serialize_none(),
    }
}

/// One group of a threshold solution (`groups[]` of `mitigate thresholds --json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupOutcome {
    /// The group.
    pub group: GroupKey,
    /// Its threshold (score ≥ threshold is positive); `null` for a randomized solution, `"inf"` when no
    /// row is selected.
    #[serde(serialize_with = "serialize_opt_threshold")]
    pub threshold: Option<f64>,
    /// Selection rate (expected over the randomisation for a randomized solution).
    pub selection_rate: Option<f64>,
    /// True positive rate (`null` without actual positives).
    pub true_positive_rate: Option<f64>,
    /// False positive rate (`null` without actual negatives).
    pub false_positive_rate: Option<f64>,
    /// Rows of the group.
    pub count: u64,
    /// Expected (or exact) confusion counts, weighted.
    #[serde(skip)]
    pub counts: [f64; 4],
}

/// Overall figures of a solution.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Overall {
    /// (TP + TN) / n.
    pub accuracy: Option<f64>,
    /// (TPR + TNR) / 2.
    pub balanced_accuracy: Option<f64>,
    /// (TP + FP) / n.
    pub selection_rate: Option<f64>,
}

/// A point of the Pareto frontier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FrontierPoint {
    /// Tolerance searched.
    pub tolerance: f64,
    /// Objective value at the best cut-offs (the cost for the cost objective).
    pub objective: f64,
    /// Largest between-group difference of the constrained rate(s).
    pub constraint_violation: f64,
    /// Whether the tolerance could be met (else this is the closest point).
    pub met: bool,
    /// The thresholds, per group in `groups` order.
    #[serde(skip)]
    pub thresholds: Vec<f64>,
}

/// The result of a per-group threshold search (`mitigate thresholds --json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThresholdSolution {
    /// The constraint.
    pub constraint: &'static str,
    /// The objective.
    pub objective: &'static str,
    /// The tolerance asked for.
    pub tolerance: f64,
    /// Per group.
    pub groups: Vec<GroupOutcome>,
    /// Overall.
    pub overall: Overall,
    /// Largest between-group difference of the constrained rate(s) at the solution.
    pub constraint_violation: f64,
    /// Fairlearn's interpolation, with `--randomized` or tolerance 0.
    pub randomized: Option<Vec<RandomizedEntry>>,
    /// Objective against violation at a range of tolerances.
    pub frontier: Vec<FrontierPoint>,
    /// The objective at the solution (the total cost for the cost objective).
    pub objective_value: f64,
    /// Whether the constraint is met at the tolerance.
    pub met: bool,
    /// What the solution means, in plain words.
    pub explanation: Vec<String>,
}

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

/// Counts, rates and overall figures of a set of per-group (expected) counts.
#[must_use]
pub fn outcomes(
    groups: &[GroupKey],
    counts: &[[f64; 4]],
    rows: &[u64],
    thresholds: Option<&[f64]>,
) -> (Vec<GroupOutcome>, Overall) {
    let rate = |a: f64, b: f64| (b > 0.0).then(|| a / b);
    let mut total = [0.0; 4];
    let out = groups
        .iter()
        .enumerate()
        .map(|(g, key)| {
            let [tp, fp, tn, fn_] = counts[g];
            for k in 0..4 {
                total[k] += counts[g][k];
            }
            GroupOutcome {
                group: key.clone(),
                threshold: thresholds.and_then(|t| t.get(g).copied()),
                selection_rate: rate(tp + fp, tp + fp + tn + fn_),
                true_positive_rate: rate(tp, tp + fn_),
                false_positive_rate: rate(fp, fp + tn),
                count: rows.get(g).copied().unwrap_or(0),
                counts: counts[g],
            }
        })
        .collect();
    let [tp, fp, tn, fn_] = total;
    let n = tp + fp + tn + fn_;
    let tpr = rate(tp, tp + fn_);
    let tnr = rate(tn, tn + fp);
    (
        out,
        Overall {
            accuracy: rate(tp + tn, n),
            balanced_accuracy: tpr.zip(tnr).map(|(a, b)| f64::midpoint(a, b)),
            selection_rate: rate(tp + fp, n),
        },
    )
}

/// Options of [`find_thresholds`].
#[derive(Clone, Copy, Debug)]
pub struct SearchOptions {
    /// The constraint.
    pub constraint: Constraint,
    /// The objective.
    pub objective: Objective,
    /// Largest allowed between-group difference (0: Fairlearn's exact randomized solution).
    pub tolerance: f64,
    /// Give Fairlearn's randomized solution (with its relaxed constraint when the tolerance is above 0).
    pub randomized: bool,
    /// Fairlearn's grid size for the randomized solution (default 1000).
    pub grid_size: usize,
}

/// Per-group thresholds for a constraint and an objective, with the frontier.
///
/// # Errors
/// Bad settings, a group where the constrained rate is undefined, weights with the randomized solution.
pub fn find_thresholds(
    index: &ThresholdIndex,
    groups: &[GroupKey],
    options: SearchOptions,
) -> Result<ThresholdSolution, MitigationError> {
    let SearchOptions {
        constraint,
        objective,
        tolerance,
        randomized,
        grid_size,
    } = options;
    if !(tolerance.is_finite() && (0.0..=1.0).contains(&tolerance)) {
        return Err(MitigationError::Setting(format!(
            "the tolerance must be between 0 and 1, found {tolerance}"
        )));
    }
    let prepared = Prepared::new(index, groups, constraint, objective)?;
    let frontier = prepared.frontier(tolerance);
    let rows: Vec<u64> = (0..index.groups())
        .map(|g| index.group_rows(g) as u64)
        .collect();
    if randomized || tolerance == 0.0 {
        let solution = fairlearn::threshold_optimizer(
            index,
            groups,
            constraint,
            objective,
            (tolerance > 0.0).then_some(tolerance),
            grid_size,
        )?;
        let (outs, overall) = outcomes(groups, &solution.expected_counts, &rows, None);
        let violation = expected_violation(&outs, constraint);
        let objective_value = objective_of(objective, &solution.expected_counts);
        let explanation = solution
            .entries
            .iter()
            .map(|e| fairlearn::explain(e, "applicants"))
            .collect();
        return Ok(ThresholdSolution {
            constraint: constraint.name(),
            objective: objective.name(),
            tolerance,
            groups: outs,
            overall,
            constraint_violation: violation,
            randomized: Some(solution.entries),
            frontier,
            objective_value,
            met: violation <= tolerance + 1e-9,
            explanation,
        });
    }
    let point = prepared.solve(tolerance);
    let counts: Vec<[f64; 4]> = point
        .thresholds
        .iter()
        .enumerate()
        .map(|(g, &t)| index.counts_at(g, t).weight)
        .collect();
    let (outs, overall) = outcomes(groups, &counts, &rows, Some(&point.thresholds));
    let mut explanation = Vec::new();
    if !point.met {
        explanation.push(format!(
            "No set of cut-offs keeps the largest {} difference within {tolerance}; the closest reachable is \
             {:.4}, shown here",
            constraint.name().replace('_', " "),
            point.constraint_violation
        ));
    }
    for o in &outs {
        if let Some(t) = o.threshold {
            explanation.push(if t.is_finite() {
                format!(
                    "{}: approve when the score is at least {t}",
                    o.group.label()
                )
            } else {
                format!("{}: approve no one", o.group.label())
            });
        }
    }
    Ok(ThresholdSolution {
        constraint: constraint.name(),
        objective: objective.name(),
        tolerance,
        groups: outs,
        overall,
        constraint_violation: point.constraint_violation,
        randomized: None,
        frontier,
        objective_value: point.objective,
        met: point.met,
        explanation,
    })
}

/// The objective of per-group counts (the total cost for the cost objective).
#[must_use]
pub fn objective_of(objective: Objective, counts: &[[f64; 4]]) -> f64 {
    let cc: Vec<ConfusionCounts> = counts
        .iter()
        .map(|w| ConfusionCounts {
            rows: [0; 4],
            weight: *w,
            weighted_score_sum: 0.0,
        })
        .collect();
    let totals = Totals::of(&cc);
    let v: f64 = cc.iter().map(|c| contribution(objective, c, totals)).sum();
    if objective.minimise() { -v } else { v }
}

/// Largest between-group difference of the constrained rates of some outcomes.
#[must_use]
pub fn expected_violation(outs: &[GroupOutcome], constraint: Constraint) -> f64 {
    constraint
        .rates()
        .iter()
        .map(|rate| {
            let values: Vec<f64> = outs
                .iter()
                .filter_map(|o| {
                    let [tp, fp, tn, fn_] = o.counts;
                    rate.of(&ConfusionCounts {
                        rows: [0; 4],
                        weight: [tp, fp, tn, fn_],
                        weighted_score_sum: 0.0,
                    })
                })
                .collect();
            let mx = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mn = values.iter().copied().fold(f64::INFINITY, f64::min);
            if values.is_empty() { 0.0 } else { mx - mn }
        })
        .fold(0.0, f64::max)
}
