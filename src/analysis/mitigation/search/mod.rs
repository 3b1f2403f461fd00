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
//!
//! The constraints and objectives are in `goals`, the search over candidate cut points in `cuts`.

mod cuts;
mod goals;

use serde::{Serialize, Serializer};

use crate::analysis::fairness::{ConfusionCounts, GroupKey};

use super::data::MitigationError;
use super::fairlearn::{self, RandomizedEntry};
use super::sweep::ThresholdIndex;

pub use cuts::Prepared;
pub use goals::{Constraint, Objective, Rate, Totals, contribution};

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
    let everyone = point
        .thresholds
        .iter()
        .enumerate()
        .all(|(g, &t)| index.sorted_scores(g).first().is_none_or(|&lo| t <= lo));
    let no_one = point.thresholds.iter().all(|t| t.is_infinite());
    if point.met && (everyone || no_one) {
        explanation.push(format!(
            "{ALIKE} {} in every group: the threshold no longer separates applicants; raise the tolerance or \
             choose another constraint or objective",
            if everyone { "everyone" } else { "no one" }
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

/// How the explanation of a solution that approves everyone (or no one) in every group begins.
const ALIKE: &str = "At this tolerance the best cut-offs approve";

impl ThresholdSolution {
    /// The sentence saying that the cut-offs found approve everyone (or no one) in every group, so the
    /// threshold no longer separates applicants; `None` otherwise.
    #[must_use]
    pub fn decides_everyone_alike(&self) -> Option<&str> {
        self.explanation
            .iter()
            .find(|l| l.starts_with(ALIKE))
            .map(String::as_str)
    }
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
