//! From a what-if to the project: turn a per-group threshold solution into an [`AdoptedMitigation`] (rule,
//! parameters, dataset fingerprint, metrics before and after, the options compared and the frontier), and
//! re-evaluate an adopted rule on a dataset as it is now.

use std::collections::BTreeMap;

use crate::analysis::fairness::{CountMetrics, Metric, SummaryMetric};
use crate::model::IsoDate;
use crate::model::mitigation::{AdoptedMitigation, MitigationRule, OptionSummary};

use super::data::ScoredData;
use super::search::ThresholdSolution;
use super::sweep::ThresholdIndex;

/// Accuracy, selection rate and the disparities of per-group thresholds, from the fairness engine.
#[must_use]
pub fn decision_metrics(index: &ThresholdIndex, thresholds: &[f64]) -> BTreeMap<String, f64> {
    let m: CountMetrics = index.metrics_at(thresholds);
    let mut out = BTreeMap::new();
    let mut put = |k: &str, v: Option<f64>| {
        if let Some(v) = v {
            out.insert(k.to_owned(), v);
        }
    };
    put("accuracy", m.overall(Metric::Accuracy));
    put("selection_rate", m.overall(Metric::SelectionRate));
    put(
        "demographic_parity_difference",
        m.summary(SummaryMetric::DemographicParityDifference),
    );
    put(
        "equalized_odds_difference",
        m.summary(SummaryMetric::EqualizedOddsDifference),
    );
    out
}

/// The thresholds of a rule for the groups of `data` (one sensitive column); `None` when the rule is not a
/// threshold rule or names another column.
#[must_use]
pub fn rule_thresholds(rule: &MitigationRule, data: &ScoredData) -> Option<Vec<f64>> {
    match rule {
        MitigationRule::Threshold { threshold } | MitigationRule::ReviewBand { threshold, .. } => {
            Some(vec![*threshold; data.groups.len()])
        }
        MitigationRule::GroupThresholds { column, thresholds } => data
            .groups
            .iter()
            .map(|g| {
                let (c, v) = g.0.first()?;
                (c == column).then(|| thresholds.get(v.as_str()).copied())?
            })
            .collect(),
        MitigationRule::Randomized { .. } | MitigationRule::Reweighing { .. } => None,
    }
}

/// Re-evaluate an adopted rule on the data as it is now (same metrics as when it was adopted).
#[must_use]
pub fn reevaluate(
    mitigation: &AdoptedMitigation,
    data: &ScoredData,
) -> Option<BTreeMap<String, f64>> {
    let thresholds = rule_thresholds(&mitigation.rule, data)?;
    Some(decision_metrics(&ThresholdIndex::build(data), &thresholds))
}

/// What the caller knows about the choice.
#[derive(Clone, Debug)]
pub struct AdoptContext {
    /// Name of the control.
    pub name: String,
    /// Project dataset id and its SHA-256.
    pub dataset_id: String,
    /// SHA-256 of the dataset.
    pub dataset_sha256: String,
    /// Label, score and sensitive columns.
    pub columns: BTreeMap<String, String>,
    /// The threshold in use today.
    pub current_threshold: f64,
    /// Why this option.
    pub rationale: String,
    /// The risk it is a control of.
    pub risk_id: Option<String>,
    /// Today.
    pub today: IsoDate,
}

/// An adoptable record of a deterministic threshold solution (randomized solutions record their rules).
#[must_use]
pub fn adopted_from_solution(
    index: &ThresholdIndex,
    data: &ScoredData,
    solution: &ThresholdSolution,
    ctx: &AdoptContext,
) -> AdoptedMitigation {
    let current = vec![ctx.current_threshold; index.groups()];
    let column = data.sensitive.join(" × ");
    let value_of = |g: usize| {
        data.groups
            .get(g)
            .map(|k| {
                k.0.iter()
                    .map(|(_, v)| v.as_str().to_owned())
                    .collect::<Vec<_>>()
                    .join(" × ")
            })
            .unwrap_or_default()
    };
    let rule = match &solution.randomized {
        Some(entries) => MitigationRule::Randomized {
            column,
            rules: entries
                .iter()
                .enumerate()
                .map(|(g, e)| {
                    (
                        value_of(g),
                        [
                            e.p0,
                            e.threshold0,
                            e.p1,
                            e.threshold1,
                            e.p_ignore,
                            e.prediction_constant,
                        ],
                    )
                })
                .collect(),
        },
        None => MitigationRule::GroupThresholds {
            column,
            thresholds: solution
                .groups
                .iter()
                .enumerate()
                .map(|(g, o)| (value_of(g), o.threshold.unwrap_or(f64::INFINITY)))
                .collect(),
        },
    };
    let before = decision_metrics(index, &current);
    let mut after = BTreeMap::new();
    if let Some(v) = solution.overall.accuracy {
        after.insert("accuracy".to_owned(), v);
    }
    if let Some(v) = solution.overall.selection_rate {
        after.insert("selection_rate".to_owned(), v);
    }
    after.insert(
        "largest_disparity".to_owned(),
        solution.constraint_violation,
    );
    after.insert("objective".to_owned(), solution.objective_value);
    let mut before_all = before.clone();
    let constrained = match solution.constraint {
        "demographic_parity" => "demographic_parity_difference",
        _ => "equalized_odds_difference",
    };
    if let Some(v) = before.get(constrained) {
        before_all.insert("largest_disparity".to_owned(), *v);
    }
    let mut options = vec![OptionSummary {
        name: format!("current threshold {}", ctx.current_threshold),
        accuracy: before.get("accuracy").copied(),
        largest_disparity: before.get(constrained).copied(),
        selection_rate: before.get("selection_rate").copied(),
        flipped_share: Some(0.0),
        routed: None,
    }];
    for point in &solution.frontier {
        if point.thresholds.len() != index.groups() {
            continue;
        }
        let m = decision_metrics(index, &point.thresholds);
        options.push(OptionSummary {
            name: format!(
                "{} within {}{}",
                solution.constraint.replace('_', " "),
                point.tolerance,
                if point.met { "" } else { " (closest point)" }
            ),
            accuracy: m.get("accuracy").copied(),
            largest_disparity: Some(point.constraint_violation),
            selection_rate: m.get("selection_rate").copied(),
            flipped_share: Some(flipped_share(index, &current, &point.thresholds)),
            routed: None,
        });
    }
    let chosen_thresholds: Option<Vec<f64>> = solution.groups.iter().map(|g| g.threshold).collect();
    options.push(OptionSummary {
        name: ctx.name.clone(),
        accuracy: solution.overall.accuracy,
        largest_disparity: Some(solution.constraint_violation),
        selection_rate: solution.overall.selection_rate,
        flipped_share: chosen_thresholds.map(|t| flipped_share(index, &current, &t)),
        routed: None,
    });
    let mut parameters = BTreeMap::new();
    parameters.insert("constraint".to_owned(), solution.constraint.to_owned());
    parameters.insert("objective".to_owned(), solution.objective.to_owned());
    parameters.insert("tolerance".to_owned(), solution.tolerance.to_string());
    AdoptedMitigation {
        mitigation_id: String::new(),
        name: ctx.name.clone(),
        rule,
        parameters,
        dataset_id: ctx.dataset_id.clone(),
        dataset_sha256: ctx.dataset_sha256.clone(),
        columns: ctx.columns.clone(),
        metrics_before: before_all,
        metrics_after: after,
        options,
        frontier: solution
            .frontier
            .iter()
            .map(|p| [p.tolerance, p.objective, p.constraint_violation])
            .collect(),
        rationale: ctx.rationale.clone(),
        risk_id: ctx.risk_id.clone(),
        adopted: ctx.today,
    }
}

/// Share of all rows whose decision differs between two sets of per-group thresholds.
#[must_use]
pub fn flipped_share(index: &ThresholdIndex, a: &[f64], b: &[f64]) -> f64 {
    let mut flipped = 0_usize;
    let mut total = 0_usize;
    for g in 0..index.groups() {
        let s = index.sorted_scores(g);
        let below = |t: f64| s.partition_point(|x| *x < t);
        flipped += below(a[g]).abs_diff(below(b[g]));
        total += s.len();
    }
    #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
    if total == 0 {
        0.0
    } else {
        flipped as f64 / total as f64
    }
}
