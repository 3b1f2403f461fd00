//! Drift monitoring saved in a project: drift configurations (which two datasets, or one dataset cut into
//! time windows; per-column type, test and threshold overrides), their latest results with both datasets'
//! fingerprints (stale when either changes), and monitors that turn a drift or fairness-drift value into a
//! key risk indicator (KRI) on a register action. A breached monitor flags its risk for review.
//!
//! The computations live in `crate::analysis::drift`; this module only holds the data and its rules.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How a column is compared: as numbers or as categories (Evidently's two tested types).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// Numbers: KS, Wasserstein, or the categorical tests when there are few values.
    Numeric,
    /// Categories: χ², z-test or Jensen–Shannon.
    Categorical,
}

impl ColumnKind {
    /// The contract's name (`numeric`, `categorical`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnKind::Numeric => "numeric",
            ColumnKind::Categorical => "categorical",
        }
    }

    /// Parses `numeric` / `categorical`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "numeric" | "numerical" => Some(ColumnKind::Numeric),
            "categorical" | "category" => Some(ColumnKind::Categorical),
            _ => None,
        }
    }
}

/// A drift test (the contract's `method` names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftMethod {
    /// Two-sample Kolmogorov–Smirnov; drift when p ≤ threshold.
    Ks,
    /// Pearson χ² against the reference proportions; drift when p < threshold.
    Chisquare,
    /// Two-proportion z-test; drift when p < threshold.
    Z,
    /// Wasserstein distance ÷ reference std; drift when ≥ threshold.
    Wasserstein,
    /// Jensen–Shannon distance (natural log); drift when ≥ threshold.
    Jensenshannon,
    /// Population stability index; drift when ≥ threshold.
    Psi,
    /// Kullback–Leibler divergence; drift when ≥ threshold.
    KlDiv,
    /// Hellinger distance; drift when ≥ threshold.
    Hellinger,
}

impl DriftMethod {
    /// Every method, in the contract's order.
    pub const ALL: [DriftMethod; 8] = [
        DriftMethod::Ks,
        DriftMethod::Chisquare,
        DriftMethod::Z,
        DriftMethod::Wasserstein,
        DriftMethod::Jensenshannon,
        DriftMethod::Psi,
        DriftMethod::KlDiv,
        DriftMethod::Hellinger,
    ];

    /// The contract's name (`ks`, `chisquare`, …).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            DriftMethod::Ks => "ks",
            DriftMethod::Chisquare => "chisquare",
            DriftMethod::Z => "z",
            DriftMethod::Wasserstein => "wasserstein",
            DriftMethod::Jensenshannon => "jensenshannon",
            DriftMethod::Psi => "psi",
            DriftMethod::KlDiv => "kl_div",
            DriftMethod::Hellinger => "hellinger",
        }
    }

    /// Parses a contract name.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// Evidently's default threshold: 0.05 for the p-value tests, 0.1 for the distances.
    #[must_use]
    pub fn default_threshold(self) -> f64 {
        if self.is_p_value() { 0.05 } else { 0.1 }
    }

    /// Whether the statistic is a p-value (small = drift) rather than a distance (large = drift).
    #[must_use]
    pub fn is_p_value(self) -> bool {
        matches!(
            self,
            DriftMethod::Ks | DriftMethod::Chisquare | DriftMethod::Z
        )
    }

    /// Whether `statistic` means drift at `threshold` (Evidently: KS p ≤ t; χ² and z p < t; distances ≥ t).
    #[must_use]
    pub fn is_drift(self, statistic: f64, threshold: f64) -> bool {
        match self {
            DriftMethod::Ks => statistic <= threshold,
            DriftMethod::Chisquare | DriftMethod::Z => statistic < threshold,
            _ => statistic >= threshold,
        }
    }

    /// A short human name.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            DriftMethod::Ks => "Kolmogorov–Smirnov",
            DriftMethod::Chisquare => "χ² test",
            DriftMethod::Z => "Two-proportion z-test",
            DriftMethod::Wasserstein => "Wasserstein (normed)",
            DriftMethod::Jensenshannon => "Jensen–Shannon distance",
            DriftMethod::Psi => "PSI",
            DriftMethod::KlDiv => "Kullback–Leibler divergence",
            DriftMethod::Hellinger => "Hellinger distance",
        }
    }
}

/// The user's choices for one column; `None` keeps Evidently's default.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ColumnOverride {
    /// Compare as numbers or categories instead of the inferred type.
    pub kind: Option<ColumnKind>,
    /// Use this test instead of the default one.
    pub method: Option<DriftMethod>,
    /// Use this threshold instead of the method's default.
    #[serde(default, deserialize_with = "crate::model::finite::option_f64")]
    pub threshold: Option<f64>,
}

impl ColumnOverride {
    /// Whether nothing is overridden.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.kind.is_none() && self.method.is_none() && self.threshold.is_none()
    }
}

/// Options of one drift comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DriftOptions {
    /// Only these columns (empty: every column both files have).
    pub columns: Vec<String>,
    /// Per-column overrides, by column name.
    pub overrides: BTreeMap<String, ColumnOverride>,
    /// Dataset drift when the share of drifted columns reaches this (Evidently: 0.5).
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub drift_share: f64,
}

impl Default for DriftOptions {
    fn default() -> Self {
        DriftOptions {
            columns: Vec::new(),
            overrides: BTreeMap::new(),
            drift_share: 0.5,
        }
    }
}

/// Calendar windows over a date column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowSize {
    /// One calendar day.
    Day,
    /// An ISO week (Monday to Sunday).
    Week,
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
}

impl WindowSize {
    /// The contract's name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            WindowSize::Day => "day",
            WindowSize::Week => "week",
            WindowSize::Month => "month",
            WindowSize::Quarter => "quarter",
        }
    }

    /// Parses `day`, `week`, `month` or `quarter`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "day" => Some(WindowSize::Day),
            "week" => Some(WindowSize::Week),
            "month" => Some(WindowSize::Month),
            "quarter" => Some(WindowSize::Quarter),
            _ => None,
        }
    }
}

/// Fairness drift settings of a windowed comparison (as the audit's columns).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FairnessDriftSpec {
    /// The label column.
    pub label: String,
    /// The prediction column (or score + threshold).
    pub prediction: Option<String>,
    /// A score column.
    pub score: Option<String>,
    /// The threshold applied to the score.
    #[serde(default, deserialize_with = "crate::model::finite::option_f64")]
    pub threshold: Option<f64>,
    /// The positive label value (default: 1 / true).
    pub positive: Option<String>,
    /// Sensitive columns, each audited on its own per window.
    pub sensitive: Vec<String>,
}

/// Windows over a date column of one dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WindowSpec {
    /// The date column.
    pub time_column: String,
    /// The window length.
    pub window: WindowSize,
    /// The reference window, counted from 1 (default: the first).
    pub reference_window: usize,
    /// Per-window fairness metrics, when the label and predictions are named.
    pub fairness: Option<FairnessDriftSpec>,
}

impl Default for WindowSpec {
    fn default() -> Self {
        WindowSpec {
            time_column: String::new(),
            window: WindowSize::Month,
            reference_window: 1,
            fairness: None,
        }
    }
}

/// A drift configuration saved in a project.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedDrift {
    /// Stable id (`drift-1`).
    pub drift_id: String,
    /// Display name.
    pub name: String,
    /// The reference (training) dataset, or the one dataset cut into windows.
    pub reference_dataset_id: String,
    /// The current (production) dataset; empty with windows.
    pub current_dataset_id: String,
    /// Columns, overrides and the drift share.
    pub options: DriftOptions,
    /// Windows over a date column instead of two datasets.
    pub windows: Option<WindowSpec>,
    /// The latest result, with the fingerprints it was computed on.
    pub result: Option<DriftSummary>,
}

/// What is kept of a drift run in the project: enough for the report, the monitors and staleness.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DriftSummary {
    /// SHA-256 of the reference file when computed.
    pub reference_sha256: String,
    /// SHA-256 of the current file when computed (the reference's with windows).
    pub current_sha256: String,
    /// Per column: (method, statistic, threshold, drift, psi), in column order.
    pub columns: Vec<ColumnSummary>,
    /// Share of drifted columns.
    pub drifted_share: f64,
    /// Whether the dataset drifted.
    pub dataset_drift: bool,
    /// Fairness over time: one series per (sensitive column, metric, group).
    pub fairness_series: Vec<FairnessSeries>,
    /// Window labels of the series (`2024-01`, …).
    pub window_labels: Vec<String>,
}

/// One column's outcome, as saved.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ColumnSummary {
    /// Column name.
    pub column: String,
    /// Method used (contract name).
    pub method: String,
    /// Its statistic (p-value or distance); per window with windows (the last window here).
    pub statistic: Option<f64>,
    /// Threshold.
    pub threshold: f64,
    /// Whether it drifted.
    pub drift: bool,
    /// PSI with Evidently's binning.
    pub psi: Option<f64>,
}

/// A fairness metric over the windows.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FairnessSeries {
    /// The sensitive column.
    pub sensitive: String,
    /// The metric (`selection_rate`, `demographic_parity_difference`, …).
    pub metric: String,
    /// The group (`sex=female`), empty for summary metrics.
    pub group: String,
    /// One value per window (`None`: empty or undefined).
    pub values: Vec<Option<f64>>,
    /// Lower confidence bound per window, when known.
    pub lower: Vec<Option<f64>>,
    /// Upper confidence bound per window, when known.
    pub upper: Vec<Option<f64>>,
}

impl SavedDrift {
    /// Why the saved result no longer describes the data, or `None` when it is current. `sha256` gives the
    /// current fingerprint of a dataset id (absent: unknown, not stale).
    #[must_use]
    pub fn stale_reason(&self, sha256: &BTreeMap<String, String>) -> Option<String> {
        let result = self.result.as_ref()?;
        let mut reasons = Vec::new();
        if let Some(now) = sha256.get(&self.reference_dataset_id)
            && *now != result.reference_sha256
        {
            reasons.push("the reference dataset changed");
        }
        let current_id = if self.current_dataset_id.is_empty() {
            &self.reference_dataset_id
        } else {
            &self.current_dataset_id
        };
        if let Some(now) = sha256.get(current_id)
            && *now != result.current_sha256
        {
            reasons.push("the current dataset changed");
        }
        (!reasons.is_empty()).then(|| reasons.join("; "))
    }
}

/// Which way a KRI breaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KriDirection {
    /// Breached when the value is above the threshold (distances, PSI, differences).
    #[default]
    AtMost,
    /// Breached when the value is below the threshold (p-values, ratios).
    AtLeast,
}

/// A monitor: a drift or fairness-drift value watched as a KRI on a register action.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DriftMonitor {
    /// Stable id (`kri-1`).
    pub monitor_id: String,
    /// The saved drift it reads.
    pub drift_id: String,
    /// What it watches: `column:NAME` (the column's statistic), `psi:NAME`, or
    /// `fairness:SENSITIVE:METRIC[:GROUP]` (the latest window's value).
    pub metric: String,
    /// The threshold.
    #[serde(deserialize_with = "crate::model::finite::f64")]
    pub threshold: f64,
    /// Which side of the threshold is fine.
    pub direction: KriDirection,
    /// The latest value read from the drift result.
    pub latest_value: Option<f64>,
    /// The risk whose action carries the KRI.
    pub risk_id: String,
    /// The action (within the risk) that carries the KRI.
    pub action_id: String,
}

/// A KRI's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KriStatus {
    /// Within the threshold.
    Ok,
    /// Past the threshold.
    Breached,
    /// No value yet (not run, or undefined).
    NoData,
}

impl KriStatus {
    /// Plain words.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            KriStatus::Ok => "OK",
            KriStatus::Breached => "Breached",
            KriStatus::NoData => "No data",
        }
    }
}

impl DriftMonitor {
    /// The status of the latest value against the threshold.
    #[must_use]
    pub fn status(&self) -> KriStatus {
        match self.latest_value {
            None => KriStatus::NoData,
            Some(v) if v.is_nan() => KriStatus::NoData,
            Some(v) => {
                let breached = match self.direction {
                    KriDirection::AtMost => v > self.threshold,
                    KriDirection::AtLeast => v < self.threshold,
                };
                if breached {
                    KriStatus::Breached
                } else {
                    KriStatus::Ok
                }
            }
        }
    }

    /// The KRI text written on the action (`drift: fairness:sex:selection_rate:sex=female ≤ 0.1`).
    #[must_use]
    pub fn kri_text(&self) -> String {
        let op = match self.direction {
            KriDirection::AtMost => "≤",
            KriDirection::AtLeast => "≥",
        };
        let latest = self
            .latest_value
            .map_or_else(|| "no value yet".to_owned(), |v| format!("latest {v:.4}"));
        format!(
            "{} {op} {} ({latest}, {})",
            self.metric,
            self.threshold,
            self.status().label()
        )
    }

    /// Reads this monitor's value from a saved result: the column's statistic or PSI, or the fairness
    /// series' last defined window value.
    #[must_use]
    pub fn read_value(&self, summary: &DriftSummary) -> Option<f64> {
        let mut parts = self.metric.splitn(4, ':');
        match parts.next()? {
            "column" => {
                let name = parts.next()?;
                summary.columns.iter().find(|c| c.column == name)?.statistic
            }
            "psi" => {
                let name = parts.next()?;
                summary.columns.iter().find(|c| c.column == name)?.psi
            }
            "fairness" => {
                let sensitive = parts.next()?;
                let metric = parts.next()?;
                let group = parts.next().unwrap_or("");
                summary
                    .fairness_series
                    .iter()
                    .find(|s| s.sensitive == sensitive && s.metric == metric && s.group == group)?
                    .values
                    .iter()
                    .rev()
                    .find_map(|v| *v)
            }
            _ => None,
        }
    }
}

/// All drift data of a project (a `Project` field, `#[serde(default)]`).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DriftSet {
    /// Saved drift configurations and their latest results.
    pub drifts: Vec<SavedDrift>,
    /// KRIs on register actions.
    pub monitors: Vec<DriftMonitor>,
}

impl DriftSet {
    /// Whether nothing is saved (the project file then leaves the field out).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.drifts.is_empty() && self.monitors.is_empty()
    }
}

/// The next free id with `prefix` (`drift-1`, `kri-3`, …) among `taken`.
#[must_use]
pub fn next_id<'a>(prefix: &str, taken: impl Iterator<Item = &'a str>) -> String {
    crate::model::ids::next_id(&format!("{prefix}-"), taken)
}

impl DriftSet {
    /// Recomputes every monitor's latest value from its drift's result, writes the KRI text on its action,
    /// and returns `(risk_id, reason)` for each breached monitor whose value changed (a new KRI or a new
    /// result) and whose risk is not yet flagged with that reason (the caller applies them through the
    /// mutation gate, as the other review flags).
    pub fn refresh_monitors(
        &mut self,
        risks: &mut [crate::model::register::Risk],
    ) -> Vec<(String, String)> {
        let mut flags = Vec::new();
        for monitor in &mut self.monitors {
            let drift = self.drifts.iter().find(|d| d.drift_id == monitor.drift_id);
            let previous = monitor.latest_value;
            monitor.latest_value = drift
                .and_then(|d| d.result.as_ref())
                .and_then(|r| monitor.read_value(r));
            let Some(risk) = risks.iter_mut().find(|r| r.risk_id == monitor.risk_id) else {
                continue;
            };
            if let Some(action) = risk
                .actions
                .iter_mut()
                .find(|a| a.action_id == monitor.action_id)
            {
                action.kri = format!("drift {}: {}", monitor.monitor_id, monitor.kri_text());
            }
            // A breach flags its risk when the value is new (a new KRI, a new result), so a risk marked as
            // reviewed stays reviewed until the value moves.
            let moved = previous.map(f64::to_bits) != monitor.latest_value.map(f64::to_bits);
            if moved && monitor.status() == KriStatus::Breached {
                let reason = format!("KRI {} breached ({})", monitor.monitor_id, monitor.metric);
                let already = risk
                    .needs_review
                    .as_deref()
                    .is_some_and(|r| r.contains(&reason));
                if !already {
                    flags.push((risk.risk_id.clone(), reason));
                }
            }
        }
        flags
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::register::{Action, Risk};

    fn summary() -> DriftSummary {
        DriftSummary {
            reference_sha256: "aa".to_owned(),
            current_sha256: "bb".to_owned(),
            columns: vec![ColumnSummary {
                column: "income".to_owned(),
                method: "wasserstein".to_owned(),
                statistic: Some(0.12),
                threshold: 0.1,
                drift: true,
                psi: Some(0.3),
            }],
            fairness_series: vec![FairnessSeries {
                sensitive: "sex".to_owned(),
                metric: "demographic_parity_difference".to_owned(),
                group: String::new(),
                values: vec![Some(0.05), Some(0.14), None],
                ..FairnessSeries::default()
            }],
            ..DriftSummary::default()
        }
    }

    #[test]
    fn stale_when_either_dataset_changes() {
        let drift = SavedDrift {
            drift_id: "drift-1".to_owned(),
            reference_dataset_id: "ds-1".to_owned(),
            current_dataset_id: "ds-2".to_owned(),
            result: Some(summary()),
            ..SavedDrift::default()
        };
        let mut now = BTreeMap::from([
            ("ds-1".to_owned(), "aa".to_owned()),
            ("ds-2".to_owned(), "bb".to_owned()),
        ]);
        assert_eq!(drift.stale_reason(&now), None);
        now.insert("ds-2".to_owned(), "cc".to_owned());
        assert_eq!(
            drift.stale_reason(&now).as_deref(),
            Some("the current dataset changed")
        );
        now.insert("ds-1".to_owned(), "zz".to_owned());
        assert_eq!(
            drift.stale_reason(&now).as_deref(),
            Some("the reference dataset changed; the current dataset changed")
        );
    }

    #[test]
    fn a_breached_fairness_kri_writes_the_action_and_flags_the_risk() {
        let mut set = DriftSet {
            drifts: vec![SavedDrift {
                drift_id: "drift-1".to_owned(),
                result: Some(summary()),
                ..SavedDrift::default()
            }],
            monitors: vec![DriftMonitor {
                monitor_id: "kri-1".to_owned(),
                drift_id: "drift-1".to_owned(),
                metric: "fairness:sex:demographic_parity_difference".to_owned(),
                threshold: 0.1,
                direction: KriDirection::AtMost,
                risk_id: "R-1".to_owned(),
                action_id: "A-1".to_owned(),
                latest_value: None,
            }],
        };
        let mut risks = vec![Risk {
            risk_id: "R-1".to_owned(),
            actions: vec![Action {
                action_id: "A-1".to_owned(),
                ..Action::default()
            }],
            ..Risk::default()
        }];
        let flags = set.refresh_monitors(&mut risks);
        // The last defined window value is 0.14 > 0.1.
        assert_eq!(set.monitors[0].latest_value, Some(0.14));
        assert_eq!(set.monitors[0].status(), KriStatus::Breached);
        assert_eq!(
            flags,
            vec![(
                "R-1".to_owned(),
                "KRI kri-1 breached (fairness:sex:demographic_parity_difference)".to_owned()
            )]
        );
        assert_eq!(
            risks[0].actions[0].kri,
            "drift kri-1: fairness:sex:demographic_parity_difference ≤ 0.1 (latest 0.1400, Breached)"
        );
        // Once flagged, the same breach is not reported again.
        risks[0].needs_review = Some(flags[0].1.clone());
        assert!(set.refresh_monitors(&mut risks).is_empty());
        // Marked as reviewed, an unchanged breach does not flag the risk again; a new value does.
        risks[0].needs_review = None;
        assert!(set.refresh_monitors(&mut risks).is_empty());
        set.drifts[0]
            .result
            .as_mut()
            .expect("result")
            .fairness_series[0]
            .values[1] = Some(0.2);
        assert_eq!(set.refresh_monitors(&mut risks).len(), 1);
        assert_eq!(set.monitors[0].latest_value, Some(0.2));
        // A column statistic within its threshold is fine.
        set.monitors[0].metric = "psi:income".to_owned();
        set.monitors[0].threshold = 0.5;
        assert!(set.refresh_monitors(&mut risks).is_empty());
        assert_eq!(set.monitors[0].status(), KriStatus::Ok);
    }

    #[test]
    fn methods_and_ids() {
        for m in DriftMethod::ALL {
            assert_eq!(DriftMethod::parse(m.as_str()), Some(m));
        }
        assert!(DriftMethod::Ks.is_drift(0.05, 0.05));
        assert!(!DriftMethod::Chisquare.is_drift(0.05, 0.05));
        assert!(DriftMethod::Psi.is_drift(0.1, 0.1));
        assert_eq!(next_id("kri", ["kri-2", "kri-7"].into_iter()), "kri-8");
        assert_eq!(next_id("drift", std::iter::empty()), "drift-1");
    }
}
