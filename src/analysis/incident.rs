//! The measured effect of an incident's kill switch: per group, the decision rate (e.g. removal rate) and,
//! with ground truth, the false positive rate in the days before the switch was pulled and the days after,
//! from a dataset with a date column. Dates are read by the drift module's date reader (`YYYY-MM-DD`, Date
//! or Datetime columns), so the same files work for drift over time windows and for this comparison.
//!
//! The day the switch was pulled is left out of both sides (the data has days, not times, so that day's rows
//! were decided partly before and partly after); the count of rows left out is reported.

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::{DataFrame, DataType};
use serde::Serialize;

use super::drift::windows::{Day, days_from_civil, read_dates};
use super::task::TaskControl;
use crate::model::Project;
use crate::model::incident::{EffectData, Incident};

/// Days on each side when [`EffectData::window_days`] is 0.
pub const DEFAULT_WINDOW_DAYS: u32 = 14;

/// One side (before or after) for one group.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct SideCounts {
    /// Rows of the group on this side.
    pub rows: u64,
    /// Rows with the counted decision.
    pub decisions: u64,
    /// Rows whose ground truth says the decision should not be taken (negatives).
    pub negatives: u64,
    /// Negatives that got the decision anyway (false positives).
    pub false_positives: u64,
}

impl SideCounts {
    /// Decision rate (e.g. removal rate); `None` without rows.
    #[must_use]
    pub fn decision_rate(&self) -> Option<f64> {
        ratio(self.decisions, self.rows)
    }

    /// False positive rate; `None` without negatives (or without ground truth).
    #[must_use]
    pub fn false_positive_rate(&self) -> Option<f64> {
        ratio(self.false_positives, self.negatives)
    }
}

#[expect(clippy::cast_precision_loss, reason = "row counts far below 2^52")]
fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// Before and after for one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupEffect {
    /// The group's value.
    pub group: String,
    /// The days before the pull.
    pub before: SideCounts,
    /// The days after.
    pub after: SideCounts,
}

/// The effect of the kill switch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContainmentEffect {
    /// The day the switch was pulled (left out of both sides).
    pub pulled_on: String,
    /// First and last day of the "before" side.
    pub before: [String; 2],
    /// First and last day of the "after" side.
    pub after: [String; 2],
    /// Rows dated on the day of the pull (left out).
    pub rows_on_pull_day: usize,
    /// Rows without a readable date.
    pub rows_without_date: usize,
    /// Whether ground truth was available (false positive rates computed).
    pub with_ground_truth: bool,
    /// Per group, sorted by group value.
    pub groups: Vec<GroupEffect>,
}

fn strings(df: &DataFrame, name: &str, what: &str) -> Result<Vec<Option<String>>, String> {
    let col = df
        .column(name)
        .map_err(|_| format!("the {what} column {name:?} is not in the file"))?;
    let col = col
        .cast(&DataType::String)
        .map_err(|e| format!("cannot read the {what} column {name:?}: {e}"))?;
    let ca = col.str().map_err(|e| e.to_string())?;
    Ok(ca.iter().map(|v| v.map(|s| s.trim().to_owned())).collect())
}

fn day_text(day_number: i64) -> String {
    super::drift::windows::civil_from_days(day_number).to_string()
}

/// Compares the `window_days` days before the day of `pulled_on` with the `window_days` days after it.
///
/// # Errors
/// A message naming the column that is missing or holds no dates.
pub fn containment_effect(
    df: &DataFrame,
    data: &EffectData,
    pulled_on: Day,
    window_days: u32,
) -> Result<ContainmentEffect, String> {
    let window = i64::from(if window_days == 0 {
        DEFAULT_WINDOW_DAYS
    } else {
        window_days
    });
    let (days, _, _) = read_dates(df, &data.time_column)?;
    let groups = strings(df, &data.group_column, "group")?;
    let decisions = strings(df, &data.decision_column, "decision")?;
    let truth = if data.label_column.trim().is_empty() {
        None
    } else {
        Some(strings(df, &data.label_column, "ground-truth")?)
    };
    let pull = days_from_civil(pulled_on);
    let mut by_group: BTreeMap<String, (SideCounts, SideCounts)> = BTreeMap::new();
    let mut on_pull_day = 0usize;
    let mut without_date = 0usize;
    for (i, day) in days.iter().enumerate() {
        let Some(day) = day else {
            without_date += 1;
            continue;
        };
        let offset = days_from_civil(*day) - pull;
        if offset == 0 {
            on_pull_day += 1;
            continue;
        }
        if offset < -window || offset > window {
            continue;
        }
        let group = groups[i].clone().unwrap_or_default();
        let entry = by_group.entry(group).or_default();
        let side = if offset < 0 {
            &mut entry.0
        } else {
            &mut entry.1
        };
        side.rows += 1;
        let decided = decisions[i].as_deref() == Some(data.decision_value.trim());
        if decided {
            side.decisions += 1;
        }
        if let Some(truth) = &truth
            && truth[i].as_deref() == Some(data.label_negative.trim())
        {
            side.negatives += 1;
            if decided {
                side.false_positives += 1;
            }
        }
    }
    Ok(ContainmentEffect {
        pulled_on: pulled_on.to_string(),
        before: [day_text(pull - window), day_text(pull - 1)],
        after: [day_text(pull + 1), day_text(pull + window)],
        rows_on_pull_day: on_pull_day,
        rows_without_date: without_date,
        with_ground_truth: truth.is_some(),
        groups: by_group
            .into_iter()
            .map(|(group, (before, after))| GroupEffect {
                group,
                before,
                after,
            })
            .collect(),
    })
}

/// Reads the incident's effect dataset (resolved against `base_dir`) and runs [`containment_effect`] for the
/// kill switch's day.
///
/// # Errors
/// A message when the incident has no pulled kill switch or no effect data, the dataset is not in the
/// project or cannot be read, or a column is missing.
pub fn incident_containment_effect(
    project: &Project,
    incident: &Incident,
    base_dir: &Path,
    control: &TaskControl,
) -> Result<ContainmentEffect, String> {
    let kill = incident.kill_switch.as_ref().ok_or_else(|| {
        format!(
            "incident {} has no kill-switch decision",
            incident.incident_id
        )
    })?;
    let pulled = kill.pulled_at.ok_or_else(|| {
        format!(
            "the kill switch of {} has not been pulled",
            incident.incident_id
        )
    })?;
    let data = kill.effect_data.as_ref().ok_or_else(|| {
        format!(
            "the kill switch of {} names no dataset to measure its effect",
            incident.incident_id
        )
    })?;
    let dataset = project
        .dataset(&data.dataset_id)
        .ok_or_else(|| format!("the project has no dataset {:?}", data.dataset_id))?;
    let path = crate::model::file::resolve_path(&dataset.path, base_dir);
    let df = super::table::read_table(&path, control).map_err(|e| e.to_string())?;
    let pulled_day = pulled.date.date();
    let day = Day {
        year: pulled_day.year(),
        month: u8::from(pulled_day.month()).into(),
        day: pulled_day.day().into(),
    };
    containment_effect(&df, data, day, data.window_days)
}
