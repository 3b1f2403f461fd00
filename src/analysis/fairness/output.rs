//! Result types. [`AuditResult`] serializes to exactly one element of `results[]` of the `audit --json`
//! shape (`cli.md`), with extra fields added beside the contract ones. Undefined numbers are `null` and
//! their reason is in the matching `undefined` map. All maps are ordered, so the JSON is deterministic.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::input::MISSING_LEVEL;
use super::metric::{DisparityKind, Metric, MetricValue, ReferenceMetric, SummaryMetric};

/// One value of a sensitive column inside a group.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupValue {
    /// A declared level.
    Level(String),
    /// The value is missing (`(missing)` in JSON).
    Missing,
}

impl GroupValue {
    /// The text shown for the value.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            GroupValue::Level(s) => s,
            GroupValue::Missing => MISSING_LEVEL,
        }
    }
}

/// A group: column name → value, in the order of the audited columns. JSON: `{"race": "Asian", "sex": "Male"}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct GroupKey(pub Vec<(String, GroupValue)>);

impl GroupKey {
    /// Compact text such as `race=Asian, sex=Male`.
    #[must_use]
    pub fn label(&self) -> String {
        self.0
            .iter()
            .map(|(c, v)| format!("{c}={}", v.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Serialize for GroupKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (c, v) in &self.0 {
            map.serialize_entry(c, v.as_str())?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for GroupKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = GroupKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map from column name to value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<GroupKey, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = access.next_entry::<String, String>()? {
                    let v = if v == MISSING_LEVEL {
                        GroupValue::Missing
                    } else {
                        GroupValue::Level(v)
                    };
                    out.push((k, v));
                }
                Ok(GroupKey(out))
            }
        }
        deserializer.deserialize_map(KeyVisitor)
    }
}

/// A confidence interval `[low, high]`.
pub type Interval = [f64; 2];

/// How the rows were used.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowSummary {
    /// Rows in the input.
    pub input: usize,
    /// Rows used (label and prediction present).
    pub used: usize,
    /// Rows excluded because the label is missing.
    pub missing_label: usize,
    /// Rows excluded because the prediction is missing (label present).
    pub missing_prediction: usize,
    /// Rows excluded because the score is missing or NaN (label and prediction present).
    pub missing_score: usize,
    /// Used rows with a missing value, per audited sensitive column (they form the `(missing)` group).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub missing_sensitive: BTreeMap<String, usize>,
}

/// The whole audit: one result per audited column, plus one for the intersection when asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditOutput {
    /// How the rows were used.
    pub rows: RowSummary,
    /// The `results[]` array of the `audit --json` shape.
    pub results: Vec<AuditResult>,
}

/// The reference group(s) of a result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReferenceInfo {
    /// `value`, `largest`, `best`, or `mixed` (a value for some columns, the largest for the others).
    pub rule: String,
    /// The reference group when it is the same for every metric.
    pub group: Option<GroupKey>,
    /// With `best`: the reference group of each metric.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_metric: BTreeMap<Metric, GroupKey>,
    /// Why there is no reference group, when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A group's comparison with the reference for one metric.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReferenceComparison {
    /// `m_g − m_ref`.
    pub difference_to_reference: Option<f64>,
    /// `m_g / m_ref` (Aequitas disparity).
    pub ratio_to_reference: Option<f64>,
    /// Reasons for the `null`s.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub undefined: BTreeMap<DisparityKind, String>,
    /// Bootstrap percentile intervals.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ci: BTreeMap<DisparityKind, Interval>,
}

/// One group of a result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupResult {
    /// The group, e.g. `{"race": "Asian"}`.
    pub group: GroupKey,
    /// Fewer rows than the minimum group size.
    pub small_sample: bool,
    /// Every metric; `null` when undefined (reason in `undefined`). `mean_score` only with a score column.
    pub metrics: BTreeMap<Metric, Option<MetricValue>>,
    /// Why a metric is `null`.
    pub undefined: BTreeMap<Metric, String>,
    /// Wilson score intervals of the proportions (immediate).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub wilson: BTreeMap<Metric, Interval>,
    /// Stratified bootstrap percentile intervals.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ci: BTreeMap<Metric, Interval>,
    /// Comparison with the reference group, per rate metric.
    pub to_reference: BTreeMap<Metric, ReferenceComparison>,
    /// AIF360-style metrics with this group as "unprivileged" and the reference as "privileged".
    pub reference_metrics: BTreeMap<ReferenceMetric, Option<f64>>,
    /// Why a reference metric is `null`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reference_metrics_undefined: BTreeMap<ReferenceMetric, String>,
    /// Bootstrap intervals of the reference metrics.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reference_metrics_ci: BTreeMap<ReferenceMetric, Interval>,
}

/// Disparities of one metric across the groups of a result.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Disparity {
    /// max − min over groups with a defined value.
    pub difference_between_groups: Option<f64>,
    /// min / max.
    pub ratio_between_groups: Option<f64>,
    /// `max |m_g − m_overall|`.
    pub difference_to_overall: Option<f64>,
    /// min of `m_g / m_overall` (inverted above 1).
    pub ratio_to_overall: Option<f64>,
    /// Reasons for the `null`s.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub undefined: BTreeMap<DisparityKind, String>,
    /// Bootstrap percentile intervals.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ci: BTreeMap<DisparityKind, Interval>,
}

impl Disparity {
    /// The value of one aggregate kind (`None` for the per-group kinds).
    #[must_use]
    pub fn get(&self, kind: DisparityKind) -> Option<f64> {
        match kind {
            DisparityKind::DifferenceBetweenGroups => self.difference_between_groups,
            DisparityKind::RatioBetweenGroups => self.ratio_between_groups,
            DisparityKind::DifferenceToOverall => self.difference_to_overall,
            DisparityKind::RatioToOverall => self.ratio_to_overall,
            DisparityKind::DifferenceToReference | DisparityKind::RatioToReference => None,
        }
    }
}

/// A pass/fail check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// e.g. `four_fifths_selection_rate`, `type_i_parity`, `demographic_parity_difference`.
    pub name: String,
    /// The group checked; `null` for dataset-level checks.
    pub group: Option<GroupKey>,
    /// The checked value (ratio to reference, summary value); `null` for composites and undefined values.
    pub value: Option<f64>,
    /// `true` pass, `false` fail, `null` = not decided: an undefined value (insufficient evidence), or a group
    /// below the minimum group size (`inconclusive`).
    pub pass: Option<bool>,
    /// The rule in words, e.g. `0.8 ≤ ratio_to_reference ≤ 1.25`.
    pub rule: String,
    /// Why `pass` is `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The check is on a group (or against a reference group) with fewer rows than the minimum group size:
    /// its value is reported, but it is inconclusive (`pass` is `null`) and never a failure.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inconclusive: bool,
}

impl Check {
    /// The outcome in one word: `pass`, `fail`, `inconclusive` (a group below the minimum size) or
    /// `undecided` (an undefined value).
    #[must_use]
    pub fn status(&self) -> &'static str {
        match self.pass {
            Some(true) => "pass",
            Some(false) => "fail",
            None if self.inconclusive => "inconclusive",
            None => "undecided",
        }
    }
}

/// A plain-language statement generated from a failed parity check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The metric compared.
    pub metric: Metric,
    /// The group.
    pub group: GroupKey,
    /// The reference group.
    pub reference: GroupKey,
    /// The group's value.
    pub value: f64,
    /// The reference's value.
    pub reference_value: f64,
    /// `value / reference_value`.
    pub ratio: f64,
    /// The group is smaller than the minimum group size.
    pub small_sample: bool,
    /// The sentence.
    pub text: String,
}

/// How the bootstrap intervals were made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BootstrapInfo {
    /// Resamples.
    pub resamples: usize,
    /// Confidence level.
    pub level: f64,
    /// Seed.
    pub seed: u64,
    /// A sentence for the report.
    pub method: String,
    /// Statistics that were undefined in some resamples: path → note (intervals use the defined resamples;
    /// none is given when fewer than half are defined).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
}

/// One element of `results[]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditResult {
    /// The audited column(s); several = their intersection.
    pub sensitive: Vec<String>,
    /// Metrics over all used rows.
    pub overall: BTreeMap<Metric, Option<MetricValue>>,
    /// Why an overall metric is `null`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overall_undefined: BTreeMap<Metric, String>,
    /// Wilson intervals of the overall proportions.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overall_wilson: BTreeMap<Metric, Interval>,
    /// Bootstrap intervals of the overall metrics.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overall_ci: BTreeMap<Metric, Interval>,
    /// The reference group(s).
    pub reference: ReferenceInfo,
    /// Groups in ascending order of their values (numbers numerically, `(missing)` last).
    pub by_group: Vec<GroupResult>,
    /// Disparities per rate metric.
    pub disparities: BTreeMap<Metric, Disparity>,
    /// Summary metrics.
    pub summary: BTreeMap<SummaryMetric, Option<f64>>,
    /// Why a summary metric is `null`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub summary_undefined: BTreeMap<SummaryMetric, String>,
    /// Bootstrap intervals of the summary metrics.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub summary_ci: BTreeMap<SummaryMetric, Interval>,
    /// Pass/fail checks.
    pub checks: Vec<Check>,
    /// Plain-language findings, most severe first.
    pub findings: Vec<Finding>,
    /// Declared levels that no row has, per column.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unobserved_levels: BTreeMap<String, Vec<String>>,
    /// How the intervals were made (absent without bootstrap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bootstrap: Option<BootstrapInfo>,
    /// How many checks of which kind failed, with the thresholds: the one verdict shown everywhere.
    #[serde(default)]
    pub verdict: super::verdict::Verdict,
}

impl AuditResult {
    /// The group with the given `(column, value)` pairs (values as shown, `(missing)` for missing).
    #[must_use]
    pub fn group(&self, values: &[(&str, &str)]) -> Option<&GroupResult> {
        self.by_group.iter().find(|g| {
            g.group.0.len() == values.len()
                && g.group
                    .0
                    .iter()
                    .zip(values)
                    .all(|((c, v), (c2, v2))| c == c2 && v.as_str() == *v2)
        })
    }
}

impl GroupResult {
    /// A metric as a float (`None` when undefined or absent).
    #[must_use]
    pub fn metric(&self, m: Metric) -> Option<f64> {
        self.metrics
            .get(&m)
            .copied()
            .flatten()
            .map(MetricValue::as_f64)
    }
}
