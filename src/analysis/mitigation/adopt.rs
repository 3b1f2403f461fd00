//! From a what-if to the project: turn any option of the what-if — one threshold, per-group thresholds set by
//! hand or found by the search (deterministic or Fairlearn's randomized rule), a review band, reweighing —
//! into an [`AdoptedMitigation`] (rule, parameters, dataset fingerprint, metrics before and after, the options
//! compared and the frontier), suggest the control's tested effectiveness, and re-evaluate an adopted option
//! (reweighing included: its weights and weighted re-audit computed again) on a dataset as it is now.

use std::collections::BTreeMap;

use crate::analysis::fairness::{CountMetrics, Metric, SummaryMetric};
use crate::model::IsoDate;
use crate::model::mitigation::{AdoptedMitigation, MitigationRule, OptionSummary};
use crate::model::register::ControlEffectiveness;

use super::data::ScoredData;
use super::options::DecisionOption;
use super::reweigh::Reweighing;
use super::search::ThresholdSolution;
use super::sweep::ThresholdIndex;

/// Accuracy, selection rate and the disparities of per-group thresholds, from the fairness engine.
#[must_use]
pub fn decision_metrics(index: &ThresholdIndex, thresholds: &[f64]) -> BTreeMap<String, f64> {
    headline_metrics(&index.metrics_at(thresholds))
}

/// Accuracy, selection rate, demographic parity and equalized odds differences of `m` (the defined ones).
fn headline_metrics(m: &CountMetrics) -> BTreeMap<String, f64> {
    [
        ("accuracy", m.overall(Metric::Accuracy)),
        ("selection_rate", m.overall(Metric::SelectionRate)),
        (
            "demographic_parity_difference",
            m.summary(SummaryMetric::DemographicParityDifference),
        ),
        (
            "equalized_odds_difference",
            m.summary(SummaryMetric::EqualizedOddsDifference),
        ),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
    .collect()
}

/// The thresholds of a rule for the groups of `data` (one sensitive column); `None` when the rule is not a
/// threshold rule or names another column.
#[must_use]
pub fn rule_thresholds(rule: &MitigationRule, data: &ScoredData) -> Option<Vec<f64>> {
    match rule {
        MitigationRule::Threshold { threshold } => Some(vec![*threshold; data.groups.len()]),
        MitigationRule::ReviewBand {
            threshold,
            column,
            group_thresholds,
            ..
        } => band_thresholds(*threshold, column, group_thresholds, data),
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

/// The thresholds of the rows a review band leaves automatic, per group of `data`: `threshold` for everyone
/// without per-group thresholds, else each group's own (`threshold` for a group not listed); `None` when
/// the per-group thresholds name another column than the data's grouping.
fn band_thresholds(
    threshold: f64,
    column: &str,
    group_thresholds: &BTreeMap<String, f64>,
    data: &ScoredData,
) -> Option<Vec<f64>> {
    if group_thresholds.is_empty() {
        return Some(vec![threshold; data.groups.len()]);
    }
    (column == data.sensitive.join(" × ")).then(|| {
        (0..data.groups.len())
            .map(|g| {
                group_thresholds
                    .get(&value_of(data, g))
                    .copied()
                    .unwrap_or(threshold)
            })
            .collect()
    })
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

/// The decision option of an adopted rule for the groups of `data` (values matched by name, as
/// [`rule_of`] writes them); `None` for reweighing, or when the rule names another grouping or a group
/// the data does not have.
#[must_use]
pub fn rule_option(rule: &MitigationRule, data: &ScoredData) -> Option<DecisionOption> {
    let column = data.sensitive.join(" × ");
    let groups = data.groups.len();
    match rule {
        MitigationRule::Threshold { threshold } => {
            Some(DecisionOption::Thresholds(vec![*threshold; groups]))
        }
        MitigationRule::GroupThresholds {
            column: c,
            thresholds,
        } => (c == &column)
            .then(|| {
                (0..groups)
                    .map(|g| thresholds.get(&value_of(data, g)).copied())
                    .collect::<Option<Vec<f64>>>()
            })
            .flatten()
            .map(DecisionOption::Thresholds),
        MitigationRule::Randomized { column: c, rules } => (c == &column)
            .then(|| {
                (0..groups)
                    .map(|g| {
                        let r = rules.get(&value_of(data, g))?;
                        Some(super::fairlearn::RandomizedEntry {
                            group: data.groups[g].clone(),
                            p0: r[0],
                            threshold0: r[1],
                            p1: r[2],
                            threshold1: r[3],
                            p_ignore: r[4],
                            prediction_constant: r[5],
                        })
                    })
                    .collect::<Option<Vec<_>>>()
            })
            .flatten()
            .map(DecisionOption::Randomized),
        MitigationRule::ReviewBand {
            threshold,
            low,
            high,
            column: c,
            group_thresholds,
        } => Some(DecisionOption::ReviewBand {
            thresholds: band_thresholds(*threshold, c, group_thresholds, data)?,
            band: super::sweep::Band {
                low: *low,
                high: *high,
            },
        }),
        MitigationRule::Reweighing { .. } => None,
    }
}

/// Re-evaluate any adopted option on the data as it is now. A decision rule (threshold, per-group
/// thresholds, Fairlearn's randomized rule, review band): accuracy, selection rate, demographic parity and
/// equalized odds differences (and the share routed, for a band), the keys [`option_metrics`] records.
/// Reweighing: the weights computed again on the data and the weighted re-audit at the threshold recorded
/// with it, the keys [`reweighing_metrics`] records. `None` for a rule whose grouping or groups the data
/// does not have, or a reweighing recorded without its threshold.
#[must_use]
pub fn reevaluate_option(
    mitigation: &AdoptedMitigation,
    data: &ScoredData,
    index: &ThresholdIndex,
) -> Option<BTreeMap<String, f64>> {
    if let MitigationRule::Reweighing { sensitive, .. } = &mitigation.rule {
        if sensitive != &data.sensitive {
            return None;
        }
        let current: f64 = mitigation.parameters.get(CURRENT_THRESHOLD)?.parse().ok()?;
        let now = super::reweigh::reweigh(
            &data.labels,
            &data.group_of,
            &data.groups,
            data.weights.as_deref(),
            ("1", "0"),
        );
        return Some(reweighing_metrics(index, &now, current).1);
    }
    let option = rule_option(&mitigation.rule, data)?;
    let mut m = option_metrics(index, &option, &[]);
    m.remove("flipped_share");
    Some(m)
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
    let rule = match &solution.randomized {
        Some(entries) => rule_of(&DecisionOption::Randomized(entries.clone()), data),
        None => MitigationRule::GroupThresholds {
            column: data.sensitive.join(" × "),
            thresholds: solution
                .groups
                .iter()
                .enumerate()
                .map(|(g, o)| (value_of(data, g), o.threshold.unwrap_or(f64::INFINITY)))
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
    let mut options = vec![summary_of(
        format!("current threshold {}", ctx.current_threshold),
        &before,
        before.get(constrained).copied(),
        Some(0.0),
    )];
    for point in &solution.frontier {
        if point.thresholds.len() != index.groups() {
            continue;
        }
        options.push(summary_of(
            format!(
                "{} within {}{}",
                solution.constraint.replace('_', " "),
                point.tolerance,
                if point.met { "" } else { " (closest point)" }
            ),
            &decision_metrics(index, &point.thresholds),
            Some(point.constraint_violation),
            Some(flipped_share(index, &current, &point.thresholds)),
        ));
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
        frontier: frontier_of(solution),
        rationale: ctx.rationale.clone(),
        risk_id: ctx.risk_id.clone(),
        adopted: ctx.today,
    }
}

/// The row of the options table for an option with the metrics `m` (accuracy and selection rate when
/// there), its largest disparity and the share of decisions it flips.
fn summary_of(
    name: String,
    m: &BTreeMap<String, f64>,
    largest_disparity: Option<f64>,
    flipped_share: Option<f64>,
) -> OptionSummary {
    OptionSummary {
        name,
        accuracy: m.get("accuracy").copied(),
        largest_disparity,
        selection_rate: m.get("selection_rate").copied(),
        flipped_share,
        routed: None,
    }
}

/// The value text of group `g` (`female`, or `female × 25 or under` for several columns).
fn value_of(data: &ScoredData, g: usize) -> String {
    data.groups
        .get(g)
        .map(|k| {
            k.0.iter()
                .map(|(_, v)| v.as_str().to_owned())
                .collect::<Vec<_>>()
                .join(" × ")
        })
        .unwrap_or_default()
}

/// The rule an option puts in place, with the groups of `data` named by their values.
#[must_use]
pub fn rule_of(option: &DecisionOption, data: &ScoredData) -> MitigationRule {
    let column = data.sensitive.join(" × ");
    match option {
        DecisionOption::Thresholds(t) => match t.first() {
            Some(first) if t.iter().all(|x| x.total_cmp(first).is_eq()) => {
                MitigationRule::Threshold { threshold: *first }
            }
            _ => MitigationRule::GroupThresholds {
                column,
                thresholds: t
                    .iter()
                    .enumerate()
                    .map(|(g, &t)| (value_of(data, g), t))
                    .collect(),
            },
        },
        DecisionOption::Randomized(entries) => MitigationRule::Randomized {
            column,
            rules: entries
                .iter()
                .enumerate()
                .map(|(g, e)| {
                    (
                        value_of(data, g),
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
        DecisionOption::ReviewBand { thresholds, band } => {
            let threshold = thresholds.first().copied().unwrap_or(f64::INFINITY);
            let per_group = thresholds.iter().any(|t| t.total_cmp(&threshold).is_ne());
            MitigationRule::ReviewBand {
                threshold,
                low: band.low,
                high: band.high,
                column: if per_group { column } else { String::new() },
                group_thresholds: if per_group {
                    thresholds
                        .iter()
                        .enumerate()
                        .map(|(g, &t)| (value_of(data, g), t))
                        .collect()
                } else {
                    BTreeMap::new()
                },
            }
        }
    }
}

/// The metrics recorded for an option: accuracy, selection rate, demographic parity and equalized odds
/// differences of its decisions (for a band, of the rows left automatic, plus the share routed), and the
/// share of rows flipped against `current`.
#[must_use]
pub fn option_metrics(
    index: &ThresholdIndex,
    option: &DecisionOption,
    current: &[f64],
) -> BTreeMap<String, f64> {
    let mut out = headline_metrics(&option.metrics(index));
    let mut put = |k: &str, v: Option<f64>| {
        if let Some(v) = v {
            out.insert(k.to_owned(), v);
        }
    };
    let summary = option.summary("", index, current, None);
    put("flipped_share", summary.flipped_share);
    if let Some(routed) = summary.routed {
        let n: usize = (0..index.groups()).map(|g| index.group_rows(g)).sum();
        #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^53")]
        put("routed_share", (n > 0).then(|| routed as f64 / n as f64));
    }
    out
}

/// The tested effectiveness the what-if suggests for a record, against the project's largest allowed
/// difference `limit`: on the largest disparity of a searched solution, else on the demographic parity
/// difference (see [`suggested_effectiveness`]).
#[must_use]
pub fn suggested_effectiveness_of(record: &AdoptedMitigation, limit: f64) -> ControlEffectiveness {
    let key = if record.metrics_after.contains_key("largest_disparity") {
        "largest_disparity"
    } else {
        "demographic_parity_difference"
    };
    let before = record
        .metrics_before
        .get(key)
        .or_else(|| record.metrics_before.get("demographic_parity_difference"));
    suggested_effectiveness(
        before.copied(),
        record.metrics_after.get(key).copied(),
        limit,
    )
}

/// The tested effectiveness a what-if suggests: Effective when the option brings the disparity within
/// `limit` (the project's largest allowed difference), Partially effective when it lowers it, Ineffective
/// otherwise; Not tested when a value is undefined.
#[must_use]
pub fn suggested_effectiveness(
    before: Option<f64>,
    after: Option<f64>,
    limit: f64,
) -> ControlEffectiveness {
    match (before, after) {
        (_, Some(a)) if a <= limit + 1e-12 => ControlEffectiveness::Effective,
        (Some(b), Some(a)) if a < b => ControlEffectiveness::PartiallyEffective,
        (Some(_), Some(_)) => ControlEffectiveness::Ineffective,
        _ => ControlEffectiveness::NotTested,
    }
}

/// An adoptable record of any decision option (one threshold, per-group thresholds set by hand, Fairlearn's
/// randomized rule, a review band). `parameters` says how it was chosen; `compared` is the options table
/// of the what-if (the current rule and this option are used when it is empty).
#[must_use]
pub fn adopted_from_option(
    index: &ThresholdIndex,
    data: &ScoredData,
    option: &DecisionOption,
    parameters: BTreeMap<String, String>,
    compared: Vec<OptionSummary>,
    ctx: &AdoptContext,
) -> AdoptedMitigation {
    let current = vec![ctx.current_threshold; index.groups()];
    let now = DecisionOption::Thresholds(current.clone());
    let options = if compared.is_empty() {
        vec![
            now.summary(
                &format!("current threshold {}", ctx.current_threshold),
                index,
                &current,
                None,
            ),
            option.summary(&ctx.name, index, &current, None),
        ]
    } else {
        compared
    };
    AdoptedMitigation {
        mitigation_id: String::new(),
        name: ctx.name.clone(),
        rule: rule_of(option, data),
        parameters,
        dataset_id: ctx.dataset_id.clone(),
        dataset_sha256: ctx.dataset_sha256.clone(),
        columns: ctx.columns.clone(),
        metrics_before: option_metrics(index, &now, &current),
        metrics_after: option_metrics(index, option, &current),
        options,
        frontier: Vec::new(),
        rationale: ctx.rationale.clone(),
        risk_id: ctx.risk_id.clone(),
        adopted: ctx.today,
    }
}

/// Largest between-group difference of the (weighted) positive-label share, from a representation.
fn base_rate_gap(rates: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let values: Vec<f64> = rates.flatten().collect();
    let mx = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mn = values.iter().copied().fold(f64::INFINITY, f64::min);
    (values.len() >= 2).then_some(mx - mn)
}

/// The parameter of an adopted reweighing that keeps the threshold of the decisions re-audited with the
/// weights, so the re-audit can be repeated on the data as it is now.
pub const CURRENT_THRESHOLD: &str = "current_threshold";

/// Before and after reweighing, on the decisions at `current_threshold`: accuracy, demographic parity and
/// equalized odds differences of the audit unweighted and weighted, and the largest between-group
/// difference of the positive-label share (`base_rate_difference`).
#[must_use]
pub fn reweighing_metrics(
    index: &ThresholdIndex,
    reweighing: &Reweighing,
    current_threshold: f64,
) -> (BTreeMap<String, f64>, BTreeMap<String, f64>) {
    let counts = index.counts_at_each(&vec![current_threshold; index.groups()]);
    let audit = |c: &[crate::analysis::fairness::ConfusionCounts]| {
        let mut m = headline_metrics(&CountMetrics::evaluate(c, false));
        m.remove("selection_rate");
        m
    };
    let mut before = audit(&counts);
    let mut after = audit(&reweighing.reweighed_counts(&counts));
    if let Some(v) = base_rate_gap(reweighing.representation.iter().map(|r| r.base_rate_before)) {
        before.insert("base_rate_difference".to_owned(), v);
    }
    if let Some(v) = base_rate_gap(reweighing.representation.iter().map(|r| r.base_rate_after)) {
        after.insert("base_rate_difference".to_owned(), v);
    }
    (before, after)
}

/// An adoptable record of reweighing: the weights per `group|label` cell; before and after, the largest
/// between-group difference of the positive-label share (`base_rate_difference`) and the weighted re-audit
/// of the decisions at the current threshold (accuracy, demographic parity and equalized odds differences).
#[must_use]
pub fn adopted_from_reweighing(
    index: &ThresholdIndex,
    data: &ScoredData,
    reweighing: &Reweighing,
    ctx: &AdoptContext,
) -> AdoptedMitigation {
    let (before, after) = reweighing_metrics(index, reweighing, ctx.current_threshold);
    let weights = reweighing
        .cells
        .iter()
        .filter_map(|c| {
            let value = c
                .group
                .0
                .iter()
                .map(|(_, v)| v.as_str().to_owned())
                .collect::<Vec<_>>()
                .join(" × ");
            c.weight.map(|w| (format!("{value}|{}", c.label), w))
        })
        .collect();
    let summary = |name: String, m: &BTreeMap<String, f64>| {
        summary_of(
            name,
            m,
            m.get("demographic_parity_difference").copied(),
            Some(0.0),
        )
    };
    let mut parameters = BTreeMap::new();
    parameters.insert(
        "method".to_owned(),
        "Kamiran-Calders reweighing (AIF360 Reweighing)".to_owned(),
    );
    parameters.insert(
        CURRENT_THRESHOLD.to_owned(),
        ctx.current_threshold.to_string(),
    );
    AdoptedMitigation {
        mitigation_id: String::new(),
        name: ctx.name.clone(),
        rule: MitigationRule::Reweighing {
            sensitive: data.sensitive.clone(),
            weights,
        },
        parameters,
        dataset_id: ctx.dataset_id.clone(),
        dataset_sha256: ctx.dataset_sha256.clone(),
        columns: ctx.columns.clone(),
        options: vec![
            summary(
                format!("current threshold {}", ctx.current_threshold),
                &before,
            ),
            summary(format!("{} (weighted re-audit)", ctx.name), &after),
        ],
        metrics_before: before,
        metrics_after: after,
        frontier: Vec::new(),
        rationale: ctx.rationale.clone(),
        risk_id: ctx.risk_id.clone(),
        adopted: ctx.today,
    }
}

/// The frontier of a search as recorded: (tolerance, objective, largest disparity) per point.
#[must_use]
pub fn frontier_of(solution: &ThresholdSolution) -> Vec<[f64; 3]> {
    solution
        .frontier
        .iter()
        .map(|p| [p.tolerance, p.objective, p.constraint_violation])
        .collect()
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
