//! The jobs of a run (one stage of an audit, reading a dataset's columns) and lookups into a result.

use super::ColumnsKey;
use super::FairnessJobOutput;
use super::RunInput;
use super::Stage;
use super::Ticket;
use super::jobs::FairnessJob;
use crate::analysis::audit::run_audit;
use crate::analysis::columns::read_column_summaries;
use crate::analysis::fairness::AuditResult;
use crate::analysis::fairness::Check;
use crate::analysis::fairness::GroupKey;
use crate::analysis::fairness::Interval;
use crate::analysis::fairness::Metric;
use crate::analysis::fairness::MetricValue;
use crate::analysis::fairness::wording::format_count;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The job that runs one stage of an audit.
pub(super) fn audit_job(
    audit_name: &str,
    audit_id: &str,
    run_id: u64,
    stage: Stage,
    input: &RunInput,
) -> FairnessJob {
    let mut spec = input.spec.clone();
    let name = match stage {
        Stage::Point => {
            spec.bootstrap = None;
            format!("Auditing {audit_name}")
        }
        Stage::Bootstrap => {
            let resamples = input.resamples();
            spec.bootstrap = Some(resamples);
            format!(
                "Bootstrap intervals for {audit_name} ({} resamples)",
                format_count(f64::from(resamples))
            )
        }
    };
    let path = input.path.clone();
    let settings = input.settings.clone();
    let audit_id = audit_id.to_owned();
    FairnessJob {
        name,
        ticket: Ticket::Run {
            audit_id: audit_id.clone(),
            run_id,
            stage,
        },
        work: Box::new(move |control| {
            let outcome = run_audit(&path, &spec, &settings, control)
                .map(Arc::new)
                .map_err(|e| e.to_string());
            Ok(FairnessJobOutput::Audit {
                audit_id,
                run_id,
                stage,
                outcome,
            })
        }),
    }
}

/// The job that reads a dataset's columns.
pub(super) fn columns_job(key: ColumnsKey, dataset_name: &str) -> FairnessJob {
    let job_key = key.clone();
    FairnessJob {
        name: format!("Reading the columns of {dataset_name}"),
        ticket: Ticket::Columns(key),
        work: Box::new(move |control| {
            let columns = read_column_summaries(&job_key.path, control).map_err(|e| e.to_string());
            Ok(FairnessJobOutput::Columns {
                key: job_key,
                columns,
            })
        }),
    }
}

// ------------------------------------------------------------------------------------------------------------
// Pure helpers: sorting, lookups (the words and number formats are in `analysis::fairness::wording`)

/// The positions `0..len` ordered by `key` (ascending or descending); positions without a value come last
/// either way, and ties keep their order.
///
/// ```
/// use riskbench::ui::fairness::sort_order;
/// let values = [Some(0.3), None, Some(0.1)];
/// assert_eq!(sort_order(3, true, |i| values[i]), [2, 0, 1]);
/// assert_eq!(sort_order(3, false, |i| values[i]), [0, 2, 1]);
/// ```
#[must_use]
pub fn sort_order(len: usize, ascending: bool, key: impl Fn(usize) -> Option<f64>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| match (key(a), key(b)) {
        (Some(x), Some(y)) => {
            if ascending {
                x.total_cmp(&y)
            } else {
                y.total_cmp(&x)
            }
        }
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    order
}

/// Counts of passed, failed and undecided checks with this name.
///
/// ```
/// use riskbench::analysis::fairness::Check;
/// use riskbench::ui::fairness::check_counts;
/// let check = |pass| Check { name: "x".into(), group: None, value: None, pass, rule: String::new(),
///     reason: None, inconclusive: false };
/// assert_eq!(check_counts(&[check(Some(true)), check(Some(false)), check(None)], "x"), (1, 1, 1));
/// ```
#[must_use]
pub fn check_counts(checks: &[Check], name: &str) -> (usize, usize, usize) {
    checks
        .iter()
        .filter(|c| c.name == name)
        .fold((0, 0, 0), |(p, f, u), c| match c.pass {
            Some(true) => (p + 1, f, u),
            Some(false) => (p, f + 1, u),
            None => (p, f, u + 1),
        })
}

pub(super) fn find_check<'a>(
    result: &'a AuditResult,
    name: &str,
    group: Option<&GroupKey>,
) -> Option<&'a Check> {
    result
        .checks
        .iter()
        .find(|c| c.name == name && c.group.as_ref() == group)
}

/// The reference group of a metric (per metric with the `best` rule).
pub(super) fn reference_group(result: &AuditResult, metric: Metric) -> Option<&GroupKey> {
    result
        .reference
        .by_metric
        .get(&metric)
        .or(result.reference.group.as_ref())
}

/// A bootstrap interval when there is one, else a Wilson interval; `true` for bootstrap.
pub(super) fn interval_of(
    ci: &BTreeMap<Metric, Interval>,
    wilson: &BTreeMap<Metric, Interval>,
    metric: Metric,
) -> Option<(Interval, bool)> {
    ci.get(&metric)
        .map(|i| (*i, true))
        .or_else(|| wilson.get(&metric).map(|i| (*i, false)))
}

pub(super) fn metric_of(
    values: &BTreeMap<Metric, Option<MetricValue>>,
    metric: Metric,
) -> Option<f64> {
    values
        .get(&metric)
        .copied()
        .flatten()
        .map(MetricValue::as_f64)
}

#[expect(clippy::cast_precision_loss, reason = "a chart position")]
pub(super) fn position(i: usize) -> f64 {
    i as f64
}
