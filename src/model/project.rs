//! The data held in one `*.riskbench.ron` project file.
//!
//! Field order here is the order in the file, so keep related fields together and append new ones at the end
//! of a struct: that keeps diffs in git small. Every new field gets `#[serde(default)]` or a schema migration.

use serde::{Deserialize, Serialize};

use super::audit::SavedAudit;
use super::bowtie::BowTieSet;
use super::checklist::NistChecklist;
use super::context::SystemContext;
use super::date::IsoDate;
use super::fmea::FmeaWorksheet;
use super::frameworks::FrameworkRecords;
use super::register::Risk;
use super::schema::SCHEMA_VERSION;
use super::settings::Settings;
use super::taxonomy::CustomCategory;

/// One assessment of one AI system.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// The schema version this project was written with; always [`SCHEMA_VERSION`] after loading.
    pub schema_version: u32,
    /// Who and what the assessment is about.
    pub metadata: Metadata,
    /// Risk scales, bands and fairness thresholds.
    #[serde(default)]
    pub settings: Settings,
    /// Datasets used as evidence, referenced by path relative to the project file.
    #[serde(default)]
    pub datasets: Vec<DatasetRef>,
    /// FMEA worksheets (schema 2).
    #[serde(default)]
    pub fmea_worksheets: Vec<FmeaWorksheet>,
    /// Fairness audits (schema 2).
    #[serde(default)]
    pub audits: Vec<SavedAudit>,
    /// The risk register (schema 2).
    #[serde(default)]
    pub risks: Vec<Risk>,
    // Schema 3 fields follow, each with `#[serde(default)]`.
    /// The Map context: intended use, out-of-scope uses, affected groups, EU AI Act classification (schema 3).
    #[serde(default)]
    pub context: SystemContext,
    /// Risk categories the project defines itself, next to the shipped taxonomies (schema 3).
    #[serde(default)]
    pub custom_categories: Vec<CustomCategory>,
    /// The NIST AI RMF checklist: status, notes and links per subcategory (schema 3).
    #[serde(default)]
    pub nist_checklist: NistChecklist,
    /// Bow-tie analyses and the barrier library they share (schema 3).
    #[serde(default)]
    pub bowties: BowTieSet,
    /// Drift configurations, their results and the KRIs that watch them.
    #[serde(default, skip_serializing_if = "super::drift::DriftSet::is_empty")]
    pub drift: super::drift::DriftSet,
    /// Mitigation options adopted as controls, with what they were tested on (mitigation what-if). Left out
    /// of the file while empty, so projects without mitigations are saved byte for byte as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mitigations: Vec<super::mitigation::AdoptedMitigation>,
    /// Checklists of the frameworks beyond NIST AI RMF, the EU AI Act role and the Article 27 FRIA
    /// (schema 4). Not written while nothing is recorded, so schema 3 files re-save unchanged.
    #[serde(default, skip_serializing_if = "FrameworkRecords::is_empty")]
    pub frameworks: FrameworkRecords,
    /// Data validation rules, one suite per dataset (Great Expectations style). Left out of the file when
    /// there are none, so projects without rules are saved as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub validation_suites: Vec<super::validation::ValidationSuite>,
    /// The model card with its documented claims. Left out of the file while empty.
    #[serde(
        default,
        skip_serializing_if = "super::model_card::ModelCard::is_empty"
    )]
    pub model_card: super::model_card::ModelCard,
    /// Datasheets of the datasets (Gebru et al.), one per dataset at most. Left out of the file while empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasheets: Vec<super::model_card::Datasheet>,
    /// When the plan is reviewed again (a fixed date or a cadence). Left out of the file while unset.
    #[serde(
        default,
        skip_serializing_if = "super::review::ReviewSchedule::is_empty"
    )]
    pub review: super::review::ReviewSchedule,
    /// Kill-switch criteria: when the system is taken out of the decision, who decides, what replaces it.
    /// Left out of the file while empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kill_switch: Vec<super::kill_switch::KillSwitchCriterion>,
    /// AI incidents: record, timeline, containment, root cause and recovery roadmap. Left out of the file
    /// while there are none, so projects without incidents are saved as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incidents: Vec<super::incident::Incident>,
    /// The review board and its decisions, red-team exercises, bias-bounty submissions and assurance reviews.
    /// Left out of the file while empty.
    #[serde(
        default,
        skip_serializing_if = "super::governance::Governance::is_empty"
    )]
    pub governance: super::governance::Governance,
    /// Workshop sessions (pre-mortems) with their participants, stories, themes, votes and the risks they
    /// created. Left out of the file while empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workshops: Vec<super::workshop::Workshop>,
    /// Error analyses (error tree, heat map, imported attributions, counterfactuals) of datasets with
    /// predictions. Left out of the file when there are none, so projects without them are saved as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub error_analyses: Vec<super::error_analysis::SavedErrorAnalysis>,
    /// Who changed what, and when: append-only entries chained by SHA-256. Left out of the file while empty.
    #[serde(
        default,
        skip_serializing_if = "super::audit_trail::AuditTrail::is_empty"
    )]
    pub audit_trail: super::audit_trail::AuditTrail,
}

impl Project {
    /// A blank project for the named system, created on `today`.
    ///
    /// ```
    /// use riskbench::model::{IsoDate, Project};
    /// let today = IsoDate::from_ymd(2026, 11, 28).unwrap();
    /// let p = Project::blank("Loan screening model", today);
    /// assert_eq!(p.metadata.system_name, "Loan screening model");
    /// assert!(p.datasets.is_empty());
    /// ```
    #[must_use]
    pub fn blank(system_name: &str, today: IsoDate) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            metadata: Metadata {
                system_name: system_name.to_owned(),
                description: String::new(),
                owner: String::new(),
                organisation: String::new(),
                system_version: String::new(),
                classification: Classification::Internal,
                created: today,
                modified: today,
                authors: Vec::new(),
                approvers: Vec::new(),
            },
            settings: Settings::default(),
            datasets: Vec::new(),
            fmea_worksheets: Vec::new(),
            audits: Vec::new(),
            risks: Vec::new(),
            context: SystemContext::default(),
            custom_categories: Vec::new(),
            nist_checklist: NistChecklist::default(),
            bowties: BowTieSet::default(),
            drift: super::drift::DriftSet::default(),
            mitigations: Vec::new(),
            frameworks: FrameworkRecords::default(),
            validation_suites: Vec::new(),
            model_card: super::model_card::ModelCard::default(),
            datasheets: Vec::new(),
            review: super::review::ReviewSchedule::default(),
            kill_switch: Vec::new(),
            incidents: Vec::new(),
            governance: super::governance::Governance::default(),
            workshops: Vec::new(),
            error_analyses: Vec::new(),
            audit_trail: super::audit_trail::AuditTrail::default(),
        }
    }

    /// The dataset with this id.
    #[must_use]
    pub fn dataset(&self, dataset_id: &str) -> Option<&DatasetRef> {
        self.datasets.iter().find(|d| d.dataset_id == dataset_id)
    }

    /// Each dataset's id and name, in the project's order (for pickers).
    #[must_use]
    pub fn dataset_choices(&self) -> Vec<(String, String)> {
        self.datasets
            .iter()
            .map(|d| (d.dataset_id.clone(), d.name.clone()))
            .collect()
    }

    /// A dataset id not used yet in this project (`ds-1`, `ds-2`, …).
    #[must_use]
    pub fn next_dataset_id(&self) -> String {
        super::ids::next_id("ds-", self.datasets.iter().map(|d| d.dataset_id.as_str()))
    }
}

/// Who and what the assessment is about, and who wrote and approves it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Name of the AI system under assessment.
    pub system_name: String,
    /// What the system does, in a paragraph.
    #[serde(default)]
    pub description: String,
    /// Accountable owner of the system (a person or role).
    #[serde(default)]
    pub owner: String,
    /// Organisation deploying the system.
    #[serde(default)]
    pub organisation: String,
    /// Version of the system (model or release) assessed.
    #[serde(default)]
    pub system_version: String,
    /// Handling classification of the assessment and its report.
    #[serde(default)]
    pub classification: Classification,
    /// When the project was created.
    pub created: IsoDate,
    /// When the project was last saved.
    pub modified: IsoDate,
    /// People who wrote the assessment.
    #[serde(default)]
    pub authors: Vec<Person>,
    /// People who sign off the treatment plan.
    #[serde(default)]
    pub approvers: Vec<Person>,
}

/// A person taking part in the assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Job title or role in the assessment (e.g. "Model risk manager").
    #[serde(default)]
    pub role: String,
    /// Which line of defence the person belongs to.
    #[serde(default)]
    pub line_of_defence: LineOfDefence,
}

/// The three lines of defence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum LineOfDefence {
    /// First line: the business and operations that own and run the system.
    #[default]
    First,
    /// Second line: risk management and compliance.
    Second,
    /// Third line: internal audit.
    Third,
    /// Outside the three lines (board, external assessor, regulator).
    External,
}

impl LineOfDefence {
    /// Every value, in display order.
    pub const ALL: [Self; 4] = [Self::First, Self::Second, Self::Third, Self::External];

    /// Label for tables and pickers.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::First => "1st line (operations)",
            Self::Second => "2nd line (risk & compliance)",
            Self::Third => "3rd line (internal audit)",
            Self::External => "External / board",
        }
    }
}

/// Handling classification of the assessment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Classification {
    /// May be published.
    Public,
    /// For staff of the organisation.
    #[default]
    Internal,
    /// For named recipients.
    Confidential,
    /// For named recipients, with controlled copies.
    StrictlyConfidential,
}

impl Classification {
    /// Every value, in display order.
    pub const ALL: [Self; 4] = [
        Self::Public,
        Self::Internal,
        Self::Confidential,
        Self::StrictlyConfidential,
    ];

    /// Label printed on the report and shown in the GUI.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Public => "Public",
            Self::Internal => "Internal",
            Self::Confidential => "Confidential",
            Self::StrictlyConfidential => "Strictly confidential",
        }
    }
}

/// A dataset used as evidence, stored by reference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct DatasetRef {
    /// Stable id used by audits and findings (`ds-1`).
    pub dataset_id: String,
    /// Display name.
    pub name: String,
    /// Path relative to the project file's folder, with `/` separators.
    pub path: String,
    /// What the data is used for.
    pub role: DatasetRole,
    /// File format.
    pub format: DatasetFormat,
    /// SHA-256 of the file's bytes (lowercase hex) when it was added or last accepted.
    pub sha256: String,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Data rows (without the header).
    pub rows: u64,
    /// Columns.
    pub columns: u64,
    /// Per-column settings: type overrides, roles, reference population shares (schema 3).
    #[serde(default)]
    pub column_settings: Vec<super::data_columns::ColumnSetting>,
    /// Placeholder values the user declared missing for this dataset, such as `?` or `NA` (schema 3).
    #[serde(default)]
    pub missing_tokens: Vec<String>,
    /// The label value that counts as positive, when it is not 1 or true (schema 3).
    #[serde(default)]
    pub label_positive: Option<String>,
}

/// What a dataset is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum DatasetRole {
    /// Data the model was trained on.
    Training,
    /// Held-out data the model is evaluated on.
    #[default]
    Test,
    /// Data seen in production.
    Production,
    /// A reference population or baseline (e.g. for drift).
    Reference,
}

impl DatasetRole {
    /// Every value, in display order.
    pub const ALL: [Self; 4] = [
        Self::Training,
        Self::Test,
        Self::Production,
        Self::Reference,
    ];

    /// Label for tables and pickers.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Training => "Training",
            Self::Test => "Test",
            Self::Production => "Production",
            Self::Reference => "Reference",
        }
    }
}

/// File format of a dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum DatasetFormat {
    /// Comma-separated values with a header row (the default).
    #[default]
    Csv,
    /// Apache Parquet.
    Parquet,
}

impl DatasetFormat {
    /// The format implied by a file name's extension (case-insensitive), if supported.
    #[must_use]
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Self::Csv),
            "parquet" | "pq" => Some(Self::Parquet),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dataset_ids_are_never_reused() {
        let today = IsoDate::from_ymd(2026, 1, 2).unwrap();
        let mut p = Project::blank("x", today);
        assert_eq!(p.next_dataset_id(), "ds-1");
        for id in ["ds-1", "ds-7", "custom"] {
            p.datasets.push(DatasetRef {
                dataset_id: id.to_owned(),
                name: id.to_owned(),
                path: "a.csv".to_owned(),
                role: DatasetRole::Test,
                format: DatasetFormat::Csv,
                sha256: String::new(),
                bytes: 0,
                rows: 0,
                columns: 0,
                ..DatasetRef::default()
            });
        }
        assert_eq!(p.next_dataset_id(), "ds-8");
        assert!(p.dataset("ds-7").is_some());
    }

    #[test]
    fn format_from_extension() {
        use std::path::Path;
        assert_eq!(
            DatasetFormat::from_path(Path::new("a/B.CSV")),
            Some(DatasetFormat::Csv)
        );
        assert_eq!(
            DatasetFormat::from_path(Path::new("b.parquet")),
            Some(DatasetFormat::Parquet)
        );
        assert_eq!(DatasetFormat::from_path(Path::new("c.xlsx")), None);
    }
}
