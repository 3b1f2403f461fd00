//! The Map context of an assessment (NIST AI RMF MAP 1–2): what the system is for and for whom, where it is
//! used, what it must not be used for, who is affected, its life-cycle stage and its EU AI Act classification.
//!
//! Everything here is recorded by the analyst; nothing is inferred. [`SystemContext::problems`] lists what a
//! reviewer would send back (an empty intended use, a high-risk classification without an Annex III area).

use serde::{Deserialize, Serialize};

use super::taxonomy::{ANNEX_III_AREAS, AiActTier};

/// The Map context of the assessed system.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SystemContext {
    /// What the system is for and the decision it supports (MAP 1.1).
    pub intended_use: String,
    /// Who uses the system's output (e.g. "credit analysts in retail lending").
    pub intended_users: String,
    /// Where and how it runs: process, volumes, human involvement, jurisdictions.
    pub deployment_context: String,
    /// Uses the system must not be put to, one per entry.
    pub out_of_scope_uses: Vec<String>,
    /// People and groups affected by the system's outputs.
    pub affected_groups: Vec<AffectedGroup>,
    /// Documented limitations (model card), one per entry.
    pub known_limitations: Vec<String>,
    /// Where the system is in its life cycle.
    pub lifecycle_stage: LifecycleStage,
    /// EU AI Act classification, once decided.
    pub eu_ai_act: Option<AiActClassification>,
}

/// A group of people affected by the system.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AffectedGroup {
    /// Name of the group (e.g. "Applicants aged under 25").
    pub name: String,
    /// How the system affects them and why they need attention.
    pub how_affected: String,
    /// Dataset column and value that identify the group in the evidence, e.g. `age_group=<25`; empty if none.
    pub data_attribute: String,
}

/// Life-cycle stages of the OECD / NIST AI life cycle, as used in the report's scope section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum LifecycleStage {
    /// Planning and design.
    Design,
    /// Data collection and model building.
    Development,
    /// Verification and validation before deployment (the default: most plans are written here).
    #[default]
    PreDeployment,
    /// In operation.
    Operation,
    /// Being withdrawn.
    Retirement,
}

impl LifecycleStage {
    /// Every stage, in life-cycle order.
    pub const ALL: [Self; 5] = [
        Self::Design,
        Self::Development,
        Self::PreDeployment,
        Self::Operation,
        Self::Retirement,
    ];

    /// Label for pickers and the report.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Design => "Design",
            Self::Development => "Development",
            Self::PreDeployment => "Pre-deployment validation",
            Self::Operation => "Operation and monitoring",
            Self::Retirement => "Retirement",
        }
    }
}

/// The EU AI Act (Regulation (EU) 2024/1689) classification of the system.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AiActClassification {
    /// The risk tier.
    pub tier: AiActTier,
    /// The Annex III point (1–8) for a high-risk system classified through Annex III.
    #[serde(default)]
    pub annex_iii_area: Option<u8>,
    /// Why this tier (the use case and the Annex III point or article that applies).
    #[serde(default)]
    pub rationale: String,
}

impl AiActClassification {
    /// The Annex III area heading, when one is set and exists.
    #[must_use]
    pub fn annex_iii_heading(&self) -> Option<&'static str> {
        let point = self.annex_iii_area?;
        ANNEX_III_AREAS
            .iter()
            .find(|(n, _)| *n == point)
            .map(|(_, heading)| *heading)
    }

    /// One line for tables and the report, e.g. "High-risk (Art. 6), Annex III point 5: Access to …".
    #[must_use]
    pub fn summary(&self) -> String {
        match (self.annex_iii_area, self.annex_iii_heading()) {
            (Some(point), Some(heading)) => {
                format!("{}, Annex III point {point}: {heading}", self.tier.label())
            }
            _ => self.tier.label().to_owned(),
        }
    }
}

impl SystemContext {
    /// What a reviewer would send back, in plain words; empty when nothing is missing.
    #[must_use]
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.intended_use.trim().is_empty() {
            problems.push("the intended use is not described (MAP 1.1)".to_owned());
        }
        if self.out_of_scope_uses.iter().all(|u| u.trim().is_empty()) {
            problems.push("no out-of-scope uses are listed".to_owned());
        }
        if self.affected_groups.is_empty() {
            problems.push("no affected groups are listed (MAP 1.1, MAP 5.1)".to_owned());
        }
        for (i, group) in self.affected_groups.iter().enumerate() {
            if group.name.trim().is_empty() {
                problems.push(format!("affected group {} has no name", i + 1));
            }
        }
        match &self.eu_ai_act {
            None => problems.push("the EU AI Act classification is not decided".to_owned()),
            Some(c) => {
                if c.tier == AiActTier::HighRisk && c.annex_iii_area.is_none() {
                    problems.push(
                        "the system is classified high-risk but no Annex III area (or Annex I product) is \
                         named in the rationale"
                            .to_owned(),
                    );
                }
                if c.annex_iii_area.is_some() && c.annex_iii_heading().is_none() {
                    problems.push(format!(
                        "Annex III has points 1 to 8; {} is not one of them",
                        c.annex_iii_area.unwrap_or_default()
                    ));
                }
                if c.rationale.trim().is_empty() {
                    problems.push("the EU AI Act classification has no rationale".to_owned());
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> SystemContext {
        SystemContext {
            intended_use: "Screen consumer loan applications".to_owned(),
            out_of_scope_uses: vec!["Mortgage underwriting".to_owned()],
            affected_groups: vec![AffectedGroup {
                name: "Applicants".to_owned(),
                ..AffectedGroup::default()
            }],
            eu_ai_act: Some(AiActClassification {
                tier: AiActTier::HighRisk,
                annex_iii_area: Some(5),
                rationale: "Creditworthiness evaluation of natural persons, Annex III 5(b)"
                    .to_owned(),
            }),
            ..SystemContext::default()
        }
    }

    #[test]
    fn a_complete_context_has_no_problems() {
        assert!(
            complete().problems().is_empty(),
            "{:?}",
            complete().problems()
        );
    }

    #[test]
    fn a_blank_context_lists_what_is_missing() {
        let problems = SystemContext::default().problems();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("intended use"));
    }

    #[test]
    fn high_risk_needs_an_annex_iii_area_that_exists() {
        let mut c = complete();
        let classification = c.eu_ai_act.as_mut().unwrap();
        classification.annex_iii_area = None;
        assert!(c.problems()[0].contains("no Annex III area"));
        c.eu_ai_act.as_mut().unwrap().annex_iii_area = Some(9);
        assert!(c.problems()[0].contains("points 1 to 8"));
    }

    #[test]
    fn the_summary_names_the_annex_iii_heading() {
        let c = complete();
        assert_eq!(
            c.eu_ai_act.unwrap().summary(),
            "High-risk (Art. 6), Annex III point 5: Access to and enjoyment of essential private services and \
             essential public services and benefits"
        );
    }
}
