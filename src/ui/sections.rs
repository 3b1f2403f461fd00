//! The sections of the left navigation, grouped by NIST AI RMF function, and the heading of each screen.
//! Which screen draws a section is registered in [`super::screen::Screens`].

use egui::{RichText, Ui};

/// A NIST AI RMF function (plus the report), the top level of the navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RmfFunction {
    /// Culture, roles, policies and criteria.
    Govern,
    /// Context and risks identified.
    Map,
    /// Analysis, assessment and tracking.
    Measure,
    /// Prioritisation and treatment.
    Manage,
    /// The signed-off deliverable.
    Report,
}

impl RmfFunction {
    /// Navigation heading.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Govern => "Govern",
            Self::Map => "Map",
            Self::Measure => "Measure",
            Self::Manage => "Manage",
            Self::Report => "Report",
        }
    }

    /// NIST's one-line description (AI RMF 1.0, Figure 5), shown as a tooltip.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Self::Govern => "A culture of risk management is cultivated and present",
            Self::Map => "Context is recognized and risks related to context are identified",
            Self::Measure => "Identified risks are assessed, analyzed, or tracked",
            Self::Manage => "Risks are prioritized and acted upon based on a projected impact",
            Self::Report => "The AI Risk Treatment Plan for sign-off",
        }
    }
}

/// A screen of the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// System and assessment metadata.
    Project,
    /// Authors and approvers with their lines of defence.
    Roles,
    /// Risk matrix and fairness thresholds.
    Settings,
    /// The checklist of every framework (NIST AI RMF first), EU AI Act applicability and FRIA, the crosswalk.
    Frameworks,
    /// The deployment gate: what blocks release.
    ReleaseGate,
    /// The review board and its decisions, red teaming, bias bounty, assurance reviews.
    Governance,
    /// Intended use, deployment context, affected groups.
    Context,
    /// Workshop sessions run on a shared screen (pre-mortem).
    Workshops,
    /// Datasets used as evidence.
    Datasets,
    /// The model card, its documented claims against the audits, and the datasheets.
    ModelCard,
    /// The risk register.
    Register,
    /// Exploratory data analysis.
    Eda,
    /// Fairness audits.
    Fairness,
    /// Mitigation what-if: thresholds, review band, per-group thresholds, adopt as control.
    Mitigations,
    /// Error analysis: error tree, heat map, attributions, counterfactuals (explanations without the model).
    ErrorAnalysis,
    /// Drift and monitoring.
    Drift,
    /// Data validation rules and their results.
    Validation,
    /// Bow-tie diagrams.
    Bowties,
    /// FMEA worksheets.
    Fmea,
    /// Treatment plan per risk.
    TreatmentPlan,
    /// AI incidents: record, timeline, kill switch, 5 Whys, fishbone, recovery roadmap.
    Incidents,
    /// The PDF report.
    Report,
}

impl Section {
    /// Sections grouped under their function, in navigation order.
    #[must_use]
    pub fn by_function() -> [(RmfFunction, Vec<Self>); 5] {
        [
            (
                RmfFunction::Govern,
                vec![
                    Self::Project,
                    Self::Roles,
                    Self::Settings,
                    Self::Frameworks,
                    Self::Governance,
                    Self::ReleaseGate,
                ],
            ),
            (
                RmfFunction::Map,
                vec![
                    Self::Context,
                    Self::Datasets,
                    Self::ModelCard,
                    Self::Register,
                    Self::Workshops,
                ],
            ),
            (
                RmfFunction::Measure,
                vec![
                    Self::Eda,
                    Self::Fairness,
                    Self::Mitigations,
                    Self::ErrorAnalysis,
                    Self::Drift,
                    Self::Validation,
                ],
            ),
            (
                RmfFunction::Manage,
                vec![
                    Self::Bowties,
                    Self::Fmea,
                    Self::TreatmentPlan,
                    Self::Incidents,
                ],
            ),
            (RmfFunction::Report, vec![Self::Report]),
        ]
    }

    /// Every section.
    #[must_use]
    pub fn all() -> Vec<Self> {
        Self::by_function()
            .into_iter()
            .flat_map(|(_, s)| s)
            .collect()
    }

    /// The function this section belongs to.
    #[must_use]
    pub fn function(self) -> RmfFunction {
        Self::by_function()
            .into_iter()
            .find(|(_, sections)| sections.contains(&self))
            .map_or(RmfFunction::Report, |(f, _)| f)
    }

    /// Navigation label (unique across the app's navigation).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Project => "Project",
            Self::Roles => "Roles",
            Self::Settings => "Settings",
            Self::Frameworks => "Frameworks",
            Self::ReleaseGate => "Release gate",
            Self::Governance => "Governance",
            Self::Context => "System context",
            Self::Workshops => "Workshops",
            Self::Datasets => "Datasets",
            Self::ModelCard => "Model card",
            Self::Register => "Risk register",
            Self::Eda => "Data exploration (EDA)",
            Self::Fairness => "Fairness audits",
            Self::Mitigations => "Mitigations",
            Self::ErrorAnalysis => "Error analysis",
            Self::Drift => "Drift & monitoring",
            Self::Validation => "Data validation",
            Self::Bowties => "Bow-ties",
            Self::Fmea => "FMEA",
            Self::TreatmentPlan => "Treatment plan",
            Self::Incidents => "Incidents",
            Self::Report => "AI Risk Treatment Plan",
        }
    }
}

/// The heading of a screen: "Function › Section".
pub fn heading_ui(ui: &mut Ui, section: Section) {
    ui.label(
        RichText::new(format!(
            "{} › {}",
            section.function().label(),
            section.label()
        ))
        .heading()
        .strong(),
    );
    ui.add_space(6.0);
}
