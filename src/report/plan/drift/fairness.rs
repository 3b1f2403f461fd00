//! The fairness-over-time figures of a windowed drift result in the plan — the chart a risk committee asks
//! for ("has the approval gap for women widened since launch?"). Per sensitive column: the per-group
//! selection rate, true positive rate and false positive rate per window with their Wilson intervals; the
//! summary disparities per window (with bootstrap intervals when the run had them) against the project's
//! difference and ratio thresholds; and one sentence comparing the first window's demographic parity
//! difference with the latest one's.

use super::super::{Block, p};
use crate::model::drift::{DriftSummary, FairnessSeries};
use crate::model::settings::FairnessThresholds;
use crate::report::figure::{Figure, WindowPanel, WindowSeries};

/// The per-group rates drawn, with their panel titles.
const RATES: [(&str, &str); 3] = [
    ("selection_rate", "Selection rate"),
    ("true_positive_rate", "True positive rate"),
    ("false_positive_rate", "False positive rate"),
];

/// A disparity panel: its title, axis label, and metrics with their legend labels.
type DisparityPanel = (
    &'static str,
    &'static str,
    [(&'static str, &'static str); 2],
);

/// The summary disparities drawn.
const DISPARITIES: [DisparityPanel; 2] = [
    (
        "Differences (fail above the threshold)",
        "difference",
        [
            (
                "demographic_parity_difference",
                "demographic parity difference",
            ),
            ("equalized_odds_difference", "equalized odds difference"),
        ],
    ),
    (
        "Ratios (fail below the threshold)",
        "ratio",
        [
            ("demographic_parity_ratio", "demographic parity ratio"),
            ("equalized_odds_ratio", "equalized odds ratio"),
        ],
    ),
];

fn window_series(s: &FairnessSeries, label: String) -> WindowSeries {
    WindowSeries {
        label,
        values: s.values.clone(),
        lower: s.lower.clone(),
        upper: s.upper.clone(),
    }
}

fn num(v: f64) -> String {
    format!("{v:.3}")
}

/// "the demographic parity difference was … in the first window and is … in the latest": the answer to the
/// committee's question for one sensitive column, or `None` without two defined windows.
fn trend_sentence(
    sensitive: &str,
    s: &FairnessSeries,
    labels: &[String],
    threshold: f64,
) -> Option<String> {
    let defined: Vec<(usize, f64)> = s
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (i, v)))
        .collect();
    let (&(first_i, first), &(last_i, last)) = (defined.first()?, defined.last()?);
    if first_i == last_i {
        return None;
    }
    let label = |i: usize| labels.get(i).map_or("?", String::as_str);
    let interval = |i: usize| match (
        s.lower.get(i).copied().flatten(),
        s.upper.get(i).copied().flatten(),
    ) {
        (Some(lo), Some(up)) => format!(" (interval {}–{})", num(lo), num(up)),
        _ => String::new(),
    };
    let (widest_i, widest) = defined
        .iter()
        .copied()
        .fold((first_i, first), |a, b| if b.1 > a.1 { b } else { a });
    let above = defined.iter().filter(|(_, v)| *v > threshold).count();
    let bounds = |i: usize| {
        s.lower
            .get(i)
            .copied()
            .flatten()
            .zip(s.upper.get(i).copied().flatten())
    };
    let noise = match (bounds(first_i), bounds(last_i)) {
        (Some((lo1, up1)), Some((lo2, up2))) if lo1 <= up2 && lo2 <= up1 => {
            " The two windows' intervals overlap: the change is within sampling noise."
        }
        (Some(_), Some(_)) => " The two windows' intervals do not overlap.",
        _ => "",
    };
    let outside = [first_i, last_i].iter().any(|&i| {
        bounds(i).is_some_and(|(lo, up)| !(lo..=up).contains(&s.values[i].unwrap_or(lo)))
    });
    let note = if outside {
        " (A percentile bootstrap interval of a gap can lie above a gap of 0: resampled groups always differ \
         a little.)"
    } else {
        ""
    };
    let verb = if last > first {
        format!("widened by {}", num(last - first))
    } else if last < first {
        format!("narrowed by {}", num(first - last))
    } else {
        "not changed".to_owned()
    };
    Some(format!(
        "Has the gap widened? By {sensitive}, the demographic parity difference (the gap in selection rates \
         between the groups) was {}{} in {} (first window) and is {}{} in {} (latest): it has {verb}. It is \
         above the project's threshold {threshold} in {above} of {} windows with data; the widest gap is {} \
         in {}.{noise}{note}",
        num(first),
        interval(first_i),
        label(first_i),
        num(last),
        interval(last_i),
        label(last_i),
        defined.len(),
        num(widest),
        label(widest_i),
    ))
}

/// The fairness-over-time figures and sentences of `summary`; nothing without per-window fairness.
pub(in crate::report::plan) fn fairness_over_time(
    summary: &DriftSummary,
    thresholds: &FairnessThresholds,
    blocks: &mut Vec<Block>,
) {
    let labels = &summary.window_labels;
    if labels.is_empty() {
        return;
    }
    let mut sensitives: Vec<&str> = Vec::new();
    for s in &summary.fairness_series {
        if !sensitives.contains(&s.sensitive.as_str()) {
            sensitives.push(&s.sensitive);
        }
    }
    for sensitive in sensitives {
        let of = |metric: &'static str| {
            summary
                .fairness_series
                .iter()
                .filter(move |s| s.sensitive == sensitive && s.metric == metric)
        };
        let prefix = format!("{sensitive}=");
        let rate_panels: Vec<WindowPanel> = RATES
            .iter()
            .filter_map(|(metric, title)| {
                let series: Vec<WindowSeries> = of(metric)
                    .filter(|s| !s.group.is_empty())
                    .map(|s| {
                        let group = s.group.strip_prefix(&prefix).unwrap_or(&s.group);
                        window_series(s, group.to_owned())
                    })
                    .collect();
                (!series.is_empty()).then(|| WindowPanel {
                    title: (*title).to_owned(),
                    y_label: "rate".to_owned(),
                    series,
                    threshold: None,
                    y_min_top: 0.0,
                })
            })
            .collect();
        if !rate_panels.is_empty() {
            blocks.push(Block::Figure(Figure::window_panels(
                format!(
                    "Fairness over time by {sensitive}: each group's rates per window with {:.0} % Wilson \
                     intervals",
                    thresholds.confidence_level * 100.0
                ),
                labels,
                &rate_panels,
                170.0,
                62.0,
            )));
        }
        let disparity_panels: Vec<WindowPanel> = DISPARITIES
            .iter()
            .filter_map(|(title, axis, metrics)| {
                let series: Vec<WindowSeries> = metrics
                    .iter()
                    .flat_map(|(metric, name)| {
                        of(metric)
                            .filter(|s| s.group.is_empty())
                            .map(|s| window_series(s, (*name).to_owned()))
                    })
                    .collect();
                let ratio = *axis == "ratio";
                (!series.is_empty()).then(|| WindowPanel {
                    title: (*title).to_owned(),
                    y_label: (*axis).to_owned(),
                    series,
                    threshold: Some(if ratio {
                        thresholds.ratio_min
                    } else {
                        thresholds.difference_max
                    }),
                    y_min_top: if ratio { 1.0 } else { 0.0 },
                })
            })
            .collect();
        if !disparity_panels.is_empty() {
            let intervals = disparity_panels
                .iter()
                .flat_map(|p| &p.series)
                .any(|s| s.lower.iter().any(Option::is_some));
            blocks.push(Block::Figure(Figure::window_panels(
                format!(
                    "Fairness over time by {sensitive}: the summary disparities per window against the \
                     project's thresholds (difference at most {}, ratio at least {}){}",
                    thresholds.difference_max,
                    thresholds.ratio_min,
                    if intervals {
                        ", with bootstrap intervals"
                    } else {
                        "; no intervals: the run had no bootstrap"
                    }
                ),
                labels,
                &disparity_panels,
                170.0,
                62.0,
            )));
        }
        if let Some(dpd) = of("demographic_parity_difference")
            .find(|s| s.group.is_empty())
            .and_then(|s| trend_sentence(sensitive, s, labels, thresholds.difference_max))
        {
            blocks.push(p(&dpd));
        }
    }
}
