//! Mitigation options adopted as controls: what was chosen in the mitigation what-if (the rule and its
//! parameters), the dataset it was tested on (fingerprint), the metrics before and after, the options it was
//! compared with and why it was chosen. [`adopt`] records it in the project and links it to a register risk
//! as a control with its tested effectiveness and an evidence link that remembers the dataset's SHA-256, so
//! when the dataset changes the risk is flagged for review like any other evidence.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::date::IsoDate;
use super::project::Project;
use super::register::{Control, ControlEffectiveness, EvidenceKind, EvidenceLink};

/// Prefix of mitigation ids (`M-1`, `M-2`, …).
pub const MITIGATION_ID_PREFIX: &str = "M-";

/// A decision rule that a mitigation puts in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum MitigationRule {
    /// One threshold for everyone (score ≥ threshold is positive).
    Threshold {
        /// The threshold.
        threshold: f64,
    },
    /// A threshold per group of one sensitive column.
    GroupThresholds {
        /// The sensitive column.
        column: String,
        /// Group value → threshold.
        #[serde(deserialize_with = "crate::model::finite::map_f64")]
        thresholds: BTreeMap<String, f64>,
    },
    /// Fairlearn's randomized rule per group.
    Randomized {
        /// The sensitive column.
        column: String,
        /// Group value → (`p0`, `threshold0`, `p1`, `threshold1`, `p_ignore`, `prediction_constant`).
        rules: BTreeMap<String, [f64; 6]>,
    },
    /// Scores in `[low, high)` go to a person; the others are decided at `threshold`, or at their group's
    /// own threshold when the band is combined with per-group thresholds.
    ReviewBand {
        /// Decision threshold of the automated rows (of the groups without their own).
        threshold: f64,
        /// Lowest score reviewed.
        low: f64,
        /// First score above the band.
        high: f64,
        /// The sensitive column of `group_thresholds` (empty without them).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        column: String,
        /// Group value → threshold of its automated rows; empty: `threshold` for everyone.
        #[serde(
            default,
            skip_serializing_if = "BTreeMap::is_empty",
            deserialize_with = "crate::model::finite::map_f64"
        )]
        group_thresholds: BTreeMap<String, f64>,
    },
    /// Kamiran–Calders reweighing of the training data.
    Reweighing {
        /// The grouping (several columns: their combination).
        sensitive: Vec<String>,
        /// `group|label` → weight.
        #[serde(deserialize_with = "crate::model::finite::map_f64")]
        weights: BTreeMap<String, f64>,
    },
}

impl MitigationRule {
    /// A short description ("per-group thresholds on sex").
    #[must_use]
    pub fn summary(&self) -> String {
        match self {
            MitigationRule::Threshold { threshold } => format!("threshold {threshold}"),
            MitigationRule::GroupThresholds { column, thresholds } => format!(
                "per-group thresholds on {column}: {}",
                thresholds
                    .iter()
                    .map(|(k, v)| format!("{k} ≥ {v:.4}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            MitigationRule::Randomized { column, .. } => {
                format!(
                    "randomized per-group thresholds on {column} (Fairlearn ThresholdOptimizer)"
                )
            }
            MitigationRule::ReviewBand {
                threshold,
                low,
                high,
                column,
                group_thresholds,
            } if !group_thresholds.is_empty() => format!(
                "human review of scores in [{low}, {high}), per-group thresholds on {column} otherwise: {} \
                 (threshold {threshold} for a group not listed)",
                group_thresholds
                    .iter()
                    .map(|(k, v)| format!("{k} ≥ {v:.4}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            MitigationRule::ReviewBand {
                threshold,
                low,
                high,
                ..
            } => format!(
                "human review of scores in [{low}, {high}), threshold {threshold} otherwise"
            ),
            MitigationRule::Reweighing { sensitive, .. } => {
                format!(
                    "reweighing of the training data by {}",
                    sensitive.join(" × ")
                )
            }
        }
    }
}

/// One option as compared in the what-if (a row of the report's options table).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct OptionSummary {
    /// Name of the option ("current threshold 0.5", "demographic parity ±0.01").
    pub name: String,
    /// Accuracy of the decisions.
    pub accuracy: Option<f64>,
    /// Largest between-group difference of the constrained rate(s).
    pub largest_disparity: Option<f64>,
    /// Overall selection rate.
    pub selection_rate: Option<f64>,
    /// Share of rows whose decision changes against the current rule.
    pub flipped_share: Option<f64>,
    /// Rows sent to review (review bands).
    pub routed: Option<u64>,
}

/// A mitigation adopted as a control.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdoptedMitigation {
    /// Stable id (`M-1`).
    pub mitigation_id: String,
    /// Display name.
    pub name: String,
    /// The rule put in place.
    pub rule: MitigationRule,
    /// Constraint, objective and tolerance of a threshold search, as text (`demographic_parity`, …).
    #[serde(default)]
    pub parameters: BTreeMap<String, String>,
    /// The project dataset it was tested on.
    pub dataset_id: String,
    /// That dataset's SHA-256 when it was tested.
    pub dataset_sha256: String,
    /// Label, score and sensitive columns used.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Metrics with the current rule (`accuracy`, `demographic_parity_difference`, …).
    #[serde(default)]
    pub metrics_before: BTreeMap<String, f64>,
    /// Metrics with this option.
    #[serde(default)]
    pub metrics_after: BTreeMap<String, f64>,
    /// The options it was compared with (including itself).
    #[serde(default)]
    pub options: Vec<OptionSummary>,
    /// Objective against largest disparity at a range of tolerances: (tolerance, objective, disparity).
    #[serde(default)]
    pub frontier: Vec<[f64; 3]>,
    /// Why this option was chosen.
    #[serde(default)]
    pub rationale: String,
    /// The register risk it is a control of.
    #[serde(default)]
    pub risk_id: Option<String>,
    /// When it was adopted.
    pub adopted: IsoDate,
}

impl AdoptedMitigation {
    /// The reference its evidence link carries (`mitigation M-1`).
    #[must_use]
    pub fn evidence_reference(&self) -> String {
        format!("mitigation {}", self.mitigation_id)
    }

    /// "demographic parity difference 0.340 → 0.008, accuracy 0.791 → 0.787".
    #[must_use]
    pub fn effect_summary(&self) -> String {
        self.metrics_after
            .iter()
            .filter_map(|(k, after)| {
                let before = self.metrics_before.get(k)?;
                Some(format!("{} {before:.3} → {after:.3}", k.replace('_', " ")))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// An id not used yet among `mitigations`.
#[must_use]
pub fn next_mitigation_id(mitigations: &[AdoptedMitigation]) -> String {
    let next = mitigations
        .iter()
        .filter_map(|m| {
            m.mitigation_id
                .strip_prefix(MITIGATION_ID_PREFIX)?
                .parse::<u32>()
                .ok()
        })
        .max()
        .map_or(1, |n| n.saturating_add(1));
    format!("{MITIGATION_ID_PREFIX}{next}")
}

/// Why a mitigation could not be adopted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdoptError {
    /// No risk with that id.
    #[error("the register has no risk {0}")]
    UnknownRisk(String),
    /// No dataset with that id.
    #[error("the project has no dataset {0}")]
    UnknownDataset(String),
}

/// Record `mitigation` in the project (with a fresh id) and, with a risk id, add it to that risk as a control
/// with `effectiveness` and an evidence link carrying the dataset fingerprint. Returns the mitigation id.
///
/// # Errors
/// An unknown risk or dataset.
pub fn adopt(
    project: &mut Project,
    mut mitigation: AdoptedMitigation,
    effectiveness: ControlEffectiveness,
) -> Result<String, AdoptError> {
    if project.dataset(&mitigation.dataset_id).is_none() {
        return Err(AdoptError::UnknownDataset(mitigation.dataset_id));
    }
    let risk_index = match &mitigation.risk_id {
        Some(id) => Some(
            project
                .risks
                .iter()
                .position(|r| &r.risk_id == id)
                .ok_or_else(|| AdoptError::UnknownRisk(id.clone()))?,
        ),
        None => None,
    };
    mitigation.mitigation_id = next_mitigation_id(&project.mitigations);
    let id = mitigation.mitigation_id.clone();
    if let Some(i) = risk_index {
        let risk = &mut project.risks[i];
        let effect = mitigation.effect_summary();
        risk.controls.push(Control {
            name: mitigation.name.clone(),
            description: format!(
                "{} ({id}, tested {} on the dataset {}{})",
                mitigation.rule.summary(),
                mitigation.adopted,
                mitigation.dataset_id,
                if effect.is_empty() {
                    String::new()
                } else {
                    format!(": {effect}")
                }
            ),
            effectiveness,
            owner: String::new(),
        });
        risk.evidence.push(EvidenceLink {
            kind: EvidenceKind::Document,
            reference: mitigation.evidence_reference(),
            dataset_sha256: Some(mitigation.dataset_sha256.clone()),
            note: if effect.is_empty() {
                mitigation.rule.summary()
            } else {
                format!("what-if of {}: {effect}", mitigation.rule.summary())
            },
            dataset_id: mitigation.dataset_id.clone(),
            check: None,
        });
    }
    project.mitigations.push(mitigation);
    Ok(id)
}

/// Why `mitigation` must be re-evaluated when its dataset (`dataset_name`) has the SHA-256 `sha256_now`;
/// `None` when the data is the one it was tested on.
#[must_use]
pub fn changed_since(
    mitigation: &AdoptedMitigation,
    dataset_name: &str,
    sha256_now: &str,
) -> Option<String> {
    let then = &mitigation.dataset_sha256;
    (then != sha256_now).then(|| {
        format!(
            "the dataset {dataset_name} changed since the option was tested (SHA-256 {}… → {}…): re-evaluate it",
            then.get(..12).unwrap_or(then),
            sha256_now.get(..12).unwrap_or(sha256_now)
        )
    })
}

/// The mitigations whose dataset changed since they were tested: (mitigation id, why).
#[must_use]
pub fn stale_mitigations(project: &Project) -> Vec<(String, String)> {
    project
        .mitigations
        .iter()
        .filter_map(|m| {
            let reason = match project.dataset(&m.dataset_id) {
                None => format!("the dataset {} is no longer in the project", m.dataset_id),
                Some(d) => changed_since(m, &d.name, &d.sha256)?,
            };
            Some((m.mitigation_id.clone(), reason))
        })
        .collect()
}

/// The score column a what-if of `audit` tests thresholds on: the audit's own score column, else (an audit of
/// a model's decisions) the column its dataset declares with the Score role; `None` when neither exists.
/// The flag says the column comes from the dataset's column roles, not from the audit.
#[must_use]
pub fn whatif_score_column(
    project: &Project,
    audit: &super::audit::SavedAudit,
) -> Option<(String, bool)> {
    if let Some(score) = &audit.spec.score {
        return Some((score.clone(), false));
    }
    project
        .dataset(&audit.dataset_id)?
        .column_settings
        .iter()
        .find(|c| c.role == super::data_columns::ColumnRole::Score)
        .map(|c| (c.name.clone(), true))
}

/// What the tested mitigations of a risk say about its residual rating.
#[derive(Clone, Debug, PartialEq)]
pub struct ResidualSuggestion {
    /// One line per adopted mitigation linked to the risk, citing its id, rule, test date, dataset, effect
    /// and tested effectiveness (and whether its dataset changed since).
    pub citations: Vec<String>,
    /// The suggested residual rating: the inherent likelihood lowered one level when at least one linked
    /// mitigation was tested effective on data that has not changed since; `None` without an inherent
    /// rating or an effective, current mitigation.
    pub suggested: Option<super::register::Rating>,
    /// The suggestion in one sentence, citing the mitigations it rests on.
    pub text: String,
}

/// The residual-rating suggestion of risk `risk_id` from the adopted mitigations linked to it; `None` when
/// no mitigation is linked to it.
#[must_use]
pub fn residual_suggestion(project: &Project, risk_id: &str) -> Option<ResidualSuggestion> {
    let risk = project.risks.iter().find(|r| r.risk_id == risk_id)?;
    let stale = stale_mitigations(project);
    let linked: Vec<&AdoptedMitigation> = project
        .mitigations
        .iter()
        .filter(|m| m.risk_id.as_deref() == Some(risk_id))
        .collect();
    if linked.is_empty() {
        return None;
    }
    let mut citations = Vec::new();
    let mut effective = Vec::new();
    for m in &linked {
        let tag = format!("({},", m.mitigation_id);
        let effectiveness = risk
            .controls
            .iter()
            .find(|c| c.description.contains(&tag))
            .map_or(ControlEffectiveness::NotTested, |c| c.effectiveness);
        let changed = stale.iter().find(|(id, _)| id == &m.mitigation_id);
        let effect = m.effect_summary();
        citations.push(format!(
            "{} {}: {}, tested {} on {}{}; {}{}",
            m.mitigation_id,
            m.name,
            m.rule.summary(),
            m.adopted,
            m.dataset_id,
            if effect.is_empty() {
                String::new()
            } else {
                format!(" ({effect})")
            },
            effectiveness.label(),
            if changed.is_some() {
                " — its dataset changed since: re-evaluate before relying on it"
            } else {
                ""
            }
        ));
        if effectiveness == ControlEffectiveness::Effective && changed.is_none() {
            effective.push(m.mitigation_id.clone());
        }
    }
    let suggested = match (risk.inherent, effective.is_empty()) {
        (Some(r), false) => Some(super::register::Rating::new(
            r.likelihood.saturating_sub(1).max(1),
            r.impact,
        )),
        _ => None,
    };
    let text = match (suggested, risk.inherent) {
        (Some(s), Some(i)) => format!(
            "Suggested residual rating: likelihood {} × impact {} (inherent likelihood {} lowered one level for \
             the control tested effective: {})",
            s.likelihood,
            s.impact,
            i.likelihood,
            effective.join(", ")
        ),
        (None, None) => "Rate the inherent risk first: the residual suggestion starts from it".to_owned(),
        _ => "No linked mitigation was tested effective on current data: the residual rating stays the \
              inherent one until a control is"
            .to_owned(),
    };
    Some(ResidualSuggestion {
        citations,
        suggested,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_band_without_per_group_thresholds_is_written_as_before_and_one_with_them_reads_back() {
        let plain = MitigationRule::ReviewBand {
            threshold: 0.5,
            low: 0.4,
            high: 0.6,
            column: String::new(),
            group_thresholds: BTreeMap::new(),
        };
        let text = ron::to_string(&plain).unwrap();
        assert_eq!(
            text,
            "(kind:\"review_band\",threshold:0.5,low:0.4,high:0.6)"
        );
        assert_eq!(ron::from_str::<MitigationRule>(&text).unwrap(), plain);
        let per_group = MitigationRule::ReviewBand {
            threshold: 0.5,
            low: 0.45,
            high: 0.55,
            column: "sex".to_owned(),
            group_thresholds: [("female".to_owned(), 0.4), ("male".to_owned(), 0.6)].into(),
        };
        let text = ron::to_string(&per_group).unwrap();
        assert_eq!(ron::from_str::<MitigationRule>(&text).unwrap(), per_group);
        assert_eq!(
            per_group.summary(),
            "human review of scores in [0.45, 0.55), per-group thresholds on sex otherwise: female ≥ 0.4000, \
             male ≥ 0.6000 (threshold 0.5 for a group not listed)"
        );
        // A per-group threshold that is not a number is refused on reading.
        assert!(
            ron::from_str::<MitigationRule>(
                "(kind:\"review_band\",threshold:0.5,low:0.4,high:0.6,column:\"sex\",group_thresholds:{\"male\":NaN})"
            )
            .is_err()
        );
    }
}
