//! What the "Over time" view of a windowed drift run shows, taken from a [`WindowsReport`] without
//! recomputing anything: each column's drift statistic per window against the reference window (with its
//! test, threshold and a status per window), the label and prediction drift flags, the fairness thresholds
//! a fairness metric is judged against, and the threshold checks that fail per window.
//!
//! The screen and the KRI editor read these; the numbers are the windows' own.

use std::collections::BTreeSet;

use super::windows::WindowsReport;
use crate::model::drift::{DriftMethod, KriDirection};
use crate::model::settings::FairnessThresholds;

/// A column's state in one window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WindowStatus {
    /// The reference window itself (nothing to compare).
    Reference,
    /// The window has no rows.
    Empty,
    /// The column was not tested in this window (skipped: no values, a type mismatch …).
    NotTested,
    /// Tested: the statistic and whether it drifted.
    Tested {
        /// The statistic (p-value or distance).
        statistic: f64,
        /// Whether it drifted at the column's threshold.
        drift: bool,
    },
}

impl WindowStatus {
    /// A one-character mark for a compact table (`R` reference, `·` empty, `–` not tested, `✔` no drift,
    /// `✖` drift).
    #[must_use]
    pub fn mark(self) -> &'static str {
        match self {
            WindowStatus::Reference => "R",
            WindowStatus::Empty => "·",
            WindowStatus::NotTested => "–",
            WindowStatus::Tested { drift: false, .. } => "✔",
            WindowStatus::Tested { drift: true, .. } => "✖",
        }
    }

    /// Plain words.
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            WindowStatus::Reference => "reference window".to_owned(),
            WindowStatus::Empty => "no rows in this window".to_owned(),
            WindowStatus::NotTested => "not tested in this window".to_owned(),
            WindowStatus::Tested { statistic, drift } => format!(
                "statistic {statistic:.4}: {}",
                if drift { "drift" } else { "no drift" }
            ),
        }
    }
}

/// One column over the windows.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnOverTime {
    /// The column.
    pub column: String,
    /// The test used (the one of the first tested window; a column keeps its type across windows).
    pub method: Option<DriftMethod>,
    /// Its threshold.
    pub threshold: Option<f64>,
    /// One status per window.
    pub status: Vec<WindowStatus>,
    /// PSI per window (tested windows only).
    pub psi: Vec<Option<f64>>,
}

impl ColumnOverTime {
    /// The statistic per window (`None` where not tested).
    #[must_use]
    pub fn statistics(&self) -> Vec<Option<f64>> {
        self.status
            .iter()
            .map(|s| match s {
                WindowStatus::Tested { statistic, .. } => Some(*statistic),
                _ => None,
            })
            .collect()
    }

    /// Windows in which the column drifted.
    #[must_use]
    pub fn drifted_windows(&self) -> usize {
        self.status
            .iter()
            .filter(|s| matches!(s, WindowStatus::Tested { drift: true, .. }))
            .count()
    }
}

/// Every column tested in at least one window, in name order.
#[must_use]
pub fn column_names(report: &WindowsReport) -> Vec<String> {
    report
        .windows
        .iter()
        .flat_map(|w| w.drift.columns.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// One column's statistic, status and PSI per window; `None` when no window tested it.
#[must_use]
pub fn column_over_time(report: &WindowsReport, column: &str) -> Option<ColumnOverTime> {
    let first = report
        .windows
        .iter()
        .find_map(|w| w.drift.columns.get(column))?;
    let status = report
        .windows
        .iter()
        .map(|w| {
            if w.reference {
                WindowStatus::Reference
            } else if w.rows == 0 {
                WindowStatus::Empty
            } else {
                w.drift
                    .columns
                    .get(column)
                    .map_or(WindowStatus::NotTested, |d| WindowStatus::Tested {
                        statistic: d.statistic,
                        drift: d.drift,
                    })
            }
        })
        .collect();
    Some(ColumnOverTime {
        column: column.to_owned(),
        method: Some(first.method),
        threshold: Some(first.threshold),
        status,
        psi: report
            .windows
            .iter()
            .map(|w| w.drift.columns.get(column).map(|d| d.psi))
            .collect(),
    })
}

/// Every tested column over the windows, in name order.
#[must_use]
pub fn columns_over_time(report: &WindowsReport) -> Vec<ColumnOverTime> {
    column_names(report)
        .iter()
        .filter_map(|c| column_over_time(report, c))
        .collect()
}

/// The share of drifted columns per window and whether the dataset drifted (`None` for the reference and
/// empty windows).
#[must_use]
pub fn dataset_drift_over_time(report: &WindowsReport) -> Vec<Option<(f64, bool)>> {
    report
        .windows
        .iter()
        .map(|w| {
            (!w.reference && w.rows > 0 && !w.drift.columns.is_empty())
                .then_some((w.drift.drifted_share, w.drift.dataset_drift))
        })
        .collect()
}

/// Which way a KRI on a drift test's statistic breaches: below the threshold for p-values, above it for
/// distances.
#[must_use]
pub fn kri_direction(method: DriftMethod) -> KriDirection {
    if method.is_p_value() {
        KriDirection::AtLeast
    } else {
        KriDirection::AtMost
    }
}

/// The project's threshold for a fairness metric and which side passes: differences at most
/// `difference_max`, ratios at least `ratio_min`; `None` for the per-group rates (they are judged through
/// the disparities).
#[must_use]
pub fn fairness_threshold(
    metric: &str,
    thresholds: &FairnessThresholds,
) -> Option<(f64, KriDirection)> {
    if metric.ends_with("_difference") {
        Some((thresholds.difference_max, KriDirection::AtMost))
    } else if metric.ends_with("_ratio") {
        Some((thresholds.ratio_min, KriDirection::AtLeast))
    } else {
        None
    }
}

/// Per window, for the sensitive column(s) `sensitive` (joined with `×`): the project's threshold checks
/// that failed and those decided (pass or fail); `None` where the window has no fairness result.
#[must_use]
pub fn failed_checks(report: &WindowsReport, sensitive: &str) -> Vec<Option<(usize, usize)>> {
    report
        .windows
        .iter()
        .map(|w| {
            let f = w
                .fairness
                .iter()
                .find(|f| f.sensitive.join("×") == sensitive)?;
            let decided = f.checks.iter().filter(|c| c.pass.is_some()).count();
            let failed = f.checks.iter().filter(|c| c.pass == Some(false)).count();
            Some((failed, decided))
        })
        .collect()
}

/// The sensitive columns with fairness results, each as the series name (`sex`, `sex×race`).
#[must_use]
pub fn sensitive_names(report: &WindowsReport) -> Vec<String> {
    report
        .windows
        .iter()
        .flat_map(|w| w.fairness.iter().map(|f| f.sensitive.join("×")))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::drift::windows::windows_of_frame;
    use crate::analysis::task::TaskControl;
    use crate::model::drift::{DriftOptions, FairnessDriftSpec, WindowSize, WindowSpec};
    use polars::prelude::*;

    /// Four months: January the reference, February like it, March empty, April shifted; fairness by sex.
    fn report() -> WindowsReport {
        let mut when = Vec::new();
        let mut x = Vec::new();
        let mut sex = Vec::new();
        let mut label = Vec::new();
        let mut pred = Vec::new();
        for (month, shift) in [(1u32, 0.0), (2, 0.0), (4, 50.0)] {
            for i in 0..40u32 {
                when.push(format!("2024-{month:02}-{:02}", i % 28 + 1));
                x.push(f64::from(i) + shift);
                let female = i % 2 == 0;
                sex.push(if female { "female" } else { "male" });
                label.push(i64::from(i % 4 < 2));
                pred.push(i64::from(!female || month == 1));
            }
        }
        let df = df!("when" => when, "x" => x, "sex" => sex, "label" => label, "pred" => pred)
            .expect("frame");
        let spec = WindowSpec {
            time_column: "when".to_owned(),
            window: WindowSize::Month,
            reference_window: 1,
            fairness: Some(FairnessDriftSpec {
                label: "label".to_owned(),
                prediction: Some("pred".to_owned()),
                sensitive: vec!["sex".to_owned()],
                ..FairnessDriftSpec::default()
            }),
        };
        let (windows, _, _) = windows_of_frame(
            &df,
            &spec,
            &DriftOptions::default(),
            &FairnessThresholds::default(),
            None,
            &TaskControl::new(),
        )
        .expect("windows");
        WindowsReport {
            dataset: crate::analysis::drift::FileInfo::default(),
            time: "when".to_owned(),
            window: "month".to_owned(),
            reference_window: 1,
            windows,
            rows_without_date: 0,
            unparsed_examples: Vec::new(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn a_column_per_window_with_reference_empty_and_tested_windows() {
        let r = report();
        assert_eq!(r.windows.len(), 4);
        assert_eq!(column_names(&r), ["label", "pred", "sex", "x"]);
        let x = column_over_time(&r, "x").expect("x tested");
        // 40 reference values: KS, drift when p ≤ 0.05.
        assert_eq!(x.method, Some(DriftMethod::Ks));
        assert_eq!(x.threshold, Some(0.05));
        assert_eq!(x.status[0], WindowStatus::Reference);
        assert_eq!(x.status[2], WindowStatus::Empty);
        // February is January again: p = 1.
        assert_eq!(
            x.status[1],
            WindowStatus::Tested {
                statistic: 1.0,
                drift: false
            }
        );
        assert!(matches!(
            x.status[3],
            WindowStatus::Tested { drift: true, statistic } if statistic < 1e-6
        ));
        assert_eq!(x.drifted_windows(), 1);
        assert_eq!(
            x.status.iter().map(|s| s.mark()).collect::<String>(),
            "R✔·✖"
        );
        assert_eq!(x.statistics()[1], Some(1.0));
        assert_eq!(x.statistics()[0], None);
        // The prediction drifted in February already (females no longer selected).
        let pred = column_over_time(&r, "pred").expect("pred tested");
        assert!(matches!(
            pred.status[1],
            WindowStatus::Tested { drift: true, .. }
        ));
        assert_eq!(r.windows[1].prediction_drift, Some(true));
        assert_eq!(r.windows[1].label_drift, Some(false));
        assert!(column_over_time(&r, "nope").is_none());
        let dataset = dataset_drift_over_time(&r);
        assert_eq!(dataset[0], None);
        assert_eq!(dataset[2], None);
        assert_eq!(dataset[1], Some((0.25, false)));
        assert_eq!(columns_over_time(&r).len(), 4);
    }

    #[test]
    fn fairness_thresholds_and_failed_checks_per_window() {
        let r = report();
        assert_eq!(sensitive_names(&r), ["sex"]);
        let t = FairnessThresholds::default();
        assert_eq!(
            fairness_threshold("demographic_parity_difference", &t),
            Some((t.difference_max, KriDirection::AtMost))
        );
        assert_eq!(
            fairness_threshold("equalized_odds_ratio", &t),
            Some((t.ratio_min, KriDirection::AtLeast))
        );
        assert_eq!(fairness_threshold("selection_rate", &t), None);
        let checks = failed_checks(&r, "sex");
        assert_eq!(checks.len(), 4);
        assert_eq!(checks[2], None);
        let (failed_jan, decided_jan) = checks[0].expect("January has checks");
        let (failed_feb, decided_feb) = checks[1].expect("February has checks");
        assert!(decided_jan > 0 && decided_feb > 0);
        // January selects everyone; February selects no woman.
        assert_eq!(failed_jan, 0);
        assert!(failed_feb > 0);
        assert_eq!(kri_direction(DriftMethod::Ks), KriDirection::AtLeast);
        assert_eq!(kri_direction(DriftMethod::Psi), KriDirection::AtMost);
    }
}
