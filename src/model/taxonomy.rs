//! Taxonomies shipped with Riskbench as data: the NIST AI RMF 1.0 core (4 functions, 19 categories, 72
//! subcategories, verbatim), the NIST AI 600-1 generative-AI risks (12), the NIST trustworthiness
//! characteristics, the EU AI Act risk tiers with the Annex III high-risk areas, the MIT AI Risk Repository's
//! Causal and Domain Taxonomies (3 × 3 causal levels, 7 domains, 24 subdomains, verbatim, CC BY 4.0), the
//! clause and control IDs of ISO/IEC 23894 and ISO/IEC 42001 Annex A (with our own short labels only), and the
//! project's custom categories ([`CustomCategory`]).
//!
//! The NIST texts are works of the U.S. Government, transcribed and cross-checked as described in
//! `assets/frameworks/README.md`; show [`RmfCore::attribution`] wherever they appear. NIST does not endorse
//! this product. The MIT and ISO sources are described in `assets/taxonomies/README.md`; [`attributions`]
//! lists every attribution line for the report's appendix.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const RMF_JSON: &str = include_str!("../../assets/frameworks/nist-ai-rmf-1.0.json");
const GENAI_JSON: &str = include_str!("../../assets/frameworks/nist-ai-600-1-genai-risks.json");
const MIT_JSON: &str = include_str!("../../assets/taxonomies/mit-ai-risk-repository.json");
const ISO_JSON: &str = include_str!("../../assets/taxonomies/iso-ai-ids.json");

/// The AI RMF 1.0 core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RmfCore {
    /// Bibliographic source.
    pub source: String,
    /// The attribution line to show with the text.
    pub attribution: String,
    /// Where the source is published.
    pub url: String,
    /// GOVERN, MAP, MEASURE, MANAGE.
    pub functions: Vec<RmfFunction>,
}

/// A function of the core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RmfFunction {
    /// "GOVERN".
    pub id: String,
    /// "Govern".
    pub title: String,
    /// NIST's one-line description (Figure 5).
    pub description: String,
    /// Its categories.
    pub categories: Vec<RmfCategory>,
}

/// A category ("GOVERN 1").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RmfCategory {
    /// "GOVERN 1".
    pub id: String,
    /// The outcome statement, verbatim.
    pub text: String,
    /// Its subcategories.
    pub subcategories: Vec<RmfSubcategory>,
}

/// A subcategory ("GOVERN 1.1").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RmfSubcategory {
    /// "GOVERN 1.1".
    pub id: String,
    /// The outcome statement, verbatim.
    pub text: String,
}

impl RmfCore {
    /// Every subcategory, in document order.
    pub fn subcategories(&self) -> impl Iterator<Item = &RmfSubcategory> {
        self.functions
            .iter()
            .flat_map(|f| f.categories.iter().flat_map(|c| c.subcategories.iter()))
    }

    /// The subcategory with this id ("MEASURE 2.11").
    #[must_use]
    pub fn subcategory(&self, id: &str) -> Option<&RmfSubcategory> {
        self.subcategories().find(|s| s.id == id)
    }
}

/// The AI RMF core shipped in `assets/frameworks` (parsed once).
///
/// # Errors
/// Only if the embedded asset is malformed, which the test suite rules out.
pub fn rmf_core() -> Result<&'static RmfCore, String> {
    static CORE: OnceLock<Result<RmfCore, String>> = OnceLock::new();
    CORE.get_or_init(|| {
        serde_json::from_str(RMF_JSON)
            .map_err(|e| format!("the NIST AI RMF asset is malformed: {e}"))
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// A generative-AI risk of NIST AI 600-1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenAiRisk {
    /// Short id ("cbrn").
    pub id: String,
    /// Number in NIST's list (1–12).
    pub number: u32,
    /// Name as listed.
    pub name: String,
    /// NIST's definition, verbatim.
    pub description: String,
    /// Section of AI 600-1 that discusses it.
    pub section: String,
}

#[derive(Deserialize)]
struct GenAiFile {
    attribution: String,
    risks: Vec<GenAiRisk>,
}

/// The 12 NIST AI 600-1 risks and their attribution line.
///
/// # Errors
/// Only if the embedded asset is malformed, which the test suite rules out.
pub fn genai_risks() -> Result<(&'static str, &'static [GenAiRisk]), String> {
    static RISKS: OnceLock<Result<GenAiFile, String>> = OnceLock::new();
    RISKS
        .get_or_init(|| {
            serde_json::from_str(GENAI_JSON)
                .map_err(|e| format!("the NIST AI 600-1 asset is malformed: {e}"))
        })
        .as_ref()
        .map(|f| (f.attribution.as_str(), f.risks.as_slice()))
        .map_err(Clone::clone)
}

/// The characteristics of trustworthy AI (NIST AI RMF 1.0, section 3): id and name.
pub const TRUSTWORTHINESS: [(&str, &str); 7] = [
    ("valid_reliable", "Valid and reliable"),
    ("safe", "Safe"),
    ("secure_resilient", "Secure and resilient"),
    ("accountable_transparent", "Accountable and transparent"),
    ("explainable_interpretable", "Explainable and interpretable"),
    ("privacy_enhanced", "Privacy-enhanced"),
    ("fair", "Fair – with harmful bias managed"),
];

/// Risk tiers of the EU AI Act (Regulation (EU) 2024/1689).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AiActTier {
    /// Prohibited practices (Article 5).
    Prohibited,
    /// High-risk systems (Article 6, Annex I products and Annex III areas).
    HighRisk,
    /// Transparency obligations (Article 50).
    Limited,
    /// No specific obligations.
    Minimal,
}

impl AiActTier {
    /// Every tier, most severe first.
    pub const ALL: [Self; 4] = [
        Self::Prohibited,
        Self::HighRisk,
        Self::Limited,
        Self::Minimal,
    ];

    /// Label for pickers and the report.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Prohibited => "Prohibited practice (Art. 5)",
            Self::HighRisk => "High-risk (Art. 6)",
            Self::Limited => "Limited risk: transparency obligations (Art. 50)",
            Self::Minimal => "Minimal risk",
        }
    }
}

/// The high-risk areas of Annex III of the EU AI Act: point number and heading.
pub const ANNEX_III_AREAS: [(u8, &str); 8] = [
    (1, "Biometrics"),
    (2, "Critical infrastructure"),
    (3, "Education and vocational training"),
    (
        4,
        "Employment, workers' management and access to self-employment",
    ),
    (
        5,
        "Access to and enjoyment of essential private services and essential public services and benefits",
    ),
    (6, "Law enforcement"),
    (7, "Migration, asylum and border control management"),
    (8, "Administration of justice and democratic processes"),
];

// ---------------------------------------------------------------------------------------------
// MIT AI Risk Repository
// ---------------------------------------------------------------------------------------------

/// The MIT AI Risk Repository's two taxonomies (CC BY 4.0: show [`Self::attribution`] with them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MitRepository {
    /// Bibliographic source.
    pub source: String,
    /// The attribution line to show with the text (licence included).
    pub attribution: String,
    /// "CC BY 4.0".
    pub license: String,
    /// Where the repository is published.
    pub url: String,
    /// The repository version the text was transcribed from.
    pub version: String,
    /// The file and tabs the text was transcribed from.
    pub transcribed_from: String,
    /// The Causal Taxonomy: entity, intent, timing.
    pub causal: Vec<CausalDimension>,
    /// The Domain Taxonomy: 7 domains.
    pub domains: Vec<MitDomain>,
}

/// A dimension of the Causal Taxonomy ("Entity").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CausalDimension {
    /// "entity", "intent" or "timing".
    pub id: String,
    /// "Entity".
    pub name: String,
    /// Its three levels, in the order of their codes.
    pub levels: Vec<CausalLevel>,
}

/// A level of a causal dimension ("Human").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CausalLevel {
    /// Code used in the AI Risk Database (1, 2, 3; 3 is always "Other").
    pub code: u8,
    /// "Human".
    pub name: String,
    /// MIT's definition, verbatim.
    pub description: String,
}

/// A domain of the Domain Taxonomy ("1", "Discrimination & Toxicity").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MitDomain {
    /// "1" … "7".
    pub id: String,
    /// The domain's name.
    pub name: String,
    /// Its subdomains.
    pub subdomains: Vec<MitSubdomain>,
}

impl MitDomain {
    /// "1. Discrimination & Toxicity", the form the AI Risk Database uses. [`MitRepository::domain`] finds the
    /// domain from this label or from its id alone, the two forms [`crate::model::register::Risk::mit_domain`]
    /// may hold.
    #[must_use]
    pub fn label(&self) -> String {
        format!("{}. {}", self.id, self.name)
    }
}

/// A subdomain ("1.1").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MitSubdomain {
    /// "1.1" … "7.6".
    pub id: String,
    /// The subdomain's name.
    pub name: String,
    /// MIT's short description, verbatim (empty where it could not be verified).
    pub description: String,
    /// Other names the subdomain is published under.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl MitSubdomain {
    /// "1.1 Unfair discrimination and misrepresentation". [`MitRepository::subdomain`] finds the subdomain from
    /// this label or from its id alone, the two forms [`crate::model::register::Risk::mit_subdomain`] may hold.
    #[must_use]
    pub fn label(&self) -> String {
        format!("{} {}", self.id, self.name)
    }
}

impl MitRepository {
    /// Every subdomain, in order.
    pub fn subdomains(&self) -> impl Iterator<Item = &MitSubdomain> {
        self.domains.iter().flat_map(|d| d.subdomains.iter())
    }

    /// The domain with this id ("1"), or whose label a risk stores ("1. Discrimination & Toxicity").
    #[must_use]
    pub fn domain(&self, id_or_label: &str) -> Option<&MitDomain> {
        let key = leading_id(id_or_label);
        self.domains.iter().find(|d| d.id == key)
    }

    /// The subdomain with this id ("7.6"), or whose label a risk stores ("7.6 Multi-agent risks", also the
    /// database's "7.6 > Multi-agent risks").
    #[must_use]
    pub fn subdomain(&self, id_or_label: &str) -> Option<&MitSubdomain> {
        let key = leading_id(id_or_label);
        self.subdomains().find(|s| s.id == key)
    }

    /// The causal dimension with this id ("entity", "intent", "timing").
    #[must_use]
    pub fn causal_dimension(&self, id: &str) -> Option<&CausalDimension> {
        self.causal.iter().find(|c| c.id == id)
    }
}

/// The number at the start of a label ("1.1 Unfair …" → "1.1", "1. Discrimination" → "1").
fn leading_id(text: &str) -> &str {
    let text = text.trim();
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    text[..end].trim_end_matches('.')
}

/// The MIT AI Risk Repository taxonomies shipped in `assets/taxonomies` (parsed once).
///
/// # Errors
/// Only if the embedded asset is malformed, which the test suite rules out.
pub fn mit_repository() -> Result<&'static MitRepository, String> {
    static MIT: OnceLock<Result<MitRepository, String>> = OnceLock::new();
    MIT.get_or_init(|| {
        serde_json::from_str(MIT_JSON)
            .map_err(|e| format!("the MIT AI Risk Repository asset is malformed: {e}"))
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// Causal entity of a risk (MIT Causal Taxonomy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MitEntity {
    /// Caused by a decision or action of humans.
    Human,
    /// Caused by a decision or action of an AI system.
    Ai,
    /// Another cause, or ambiguous.
    Other,
}

/// Causal intent of a risk (MIT Causal Taxonomy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MitIntent {
    /// An expected outcome of pursuing a goal.
    Intentional,
    /// An unexpected outcome of pursuing a goal.
    Unintentional,
    /// Intent not specified.
    Other,
}

/// Causal timing of a risk (MIT Causal Taxonomy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MitTiming {
    /// Before the AI is deployed.
    PreDeployment,
    /// After the AI model has been trained and deployed.
    PostDeployment,
    /// Time of occurrence not specified.
    Other,
}

macro_rules! causal_levels {
    ($ty:ident, $dimension:literal, [$($variant:ident => $code:literal, $label:literal),+]) => {
        impl $ty {
            /// Every level, in the order of MIT's codes.
            pub const ALL: [Self; 3] = [$(Self::$variant),+];

            /// Name as MIT prints it.
            #[must_use]
            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }

            /// MIT's definition of the level (empty only if the embedded asset is malformed).
            #[must_use]
            pub fn description(self) -> &'static str {
                let code = match self { $(Self::$variant => $code),+ };
                mit_repository()
                    .ok()
                    .and_then(|m| m.causal_dimension($dimension))
                    .and_then(|d| d.levels.iter().find(|l| l.code == code))
                    .map_or("", |l| l.description.as_str())
            }
        }
    };
}

causal_levels!(MitEntity, "entity", [Human => 1, "Human", Ai => 2, "AI", Other => 3, "Other"]);
causal_levels!(MitIntent, "intent", [
    Intentional => 1, "Intentional", Unintentional => 2, "Unintentional", Other => 3, "Other"
]);
causal_levels!(MitTiming, "timing", [
    PreDeployment => 1, "Pre-deployment", PostDeployment => 2, "Post-deployment", Other => 3, "Other"
]);

/// The categories of a risk beyond its trustworthiness characteristics and MIT domain: MIT causal coding,
/// ISO/IEC references and the project's custom categories (schema 3). Empty by default.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TaxonomyTags {
    /// MIT causal entity.
    pub mit_entity: Option<MitEntity>,
    /// MIT causal intent.
    pub mit_intent: Option<MitIntent>,
    /// MIT causal timing.
    pub mit_timing: Option<MitTiming>,
    /// ISO/IEC references as "ISO/IEC 23894 6.4.2" or "ISO/IEC 42001 A.6.2.6" (see [`IsoIds::reference`]).
    pub iso_refs: Vec<String>,
    /// Ids of the project's custom categories ([`CustomCategory::category_id`]).
    pub custom_categories: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// ISO/IEC 23894 and 42001 identifiers
// ---------------------------------------------------------------------------------------------

/// Clause IDs of ISO/IEC 23894:2023 and control IDs of ISO/IEC 42001:2023 Annex A, each with Riskbench's own
/// short label. The standards' text is copyrighted and not shipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsoIds {
    /// That the labels are ours, not the standards' text.
    pub notice: String,
    /// The attribution line for the report.
    pub attribution: String,
    /// ISO/IEC 23894 clause 6.
    pub iso_23894: Iso23894,
    /// ISO/IEC 42001 Annex A.
    pub iso_42001: Iso42001,
}

/// ISO/IEC 23894:2023, clause 6 (the AI risk management process).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Iso23894 {
    /// "ISO/IEC 23894:2023".
    pub standard: String,
    /// How the IDs were checked.
    pub verification: String,
    /// Clause IDs in document order.
    pub clauses: Vec<IsoClause>,
}

/// A clause ("6.4.2") with our label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsoClause {
    /// "6.4.2".
    pub id: String,
    /// Riskbench's own short label.
    pub label: String,
    /// Whether the ID was confirmed against a source (see `assets/taxonomies/README.md`).
    pub verified: bool,
}

/// ISO/IEC 42001:2023, Annex A.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Iso42001 {
    /// "ISO/IEC 42001:2023".
    pub standard: String,
    /// How the IDs were checked.
    pub verification: String,
    /// A.2 … A.10.
    pub groups: Vec<IsoControlGroup>,
}

/// A control group ("A.6") with its controls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsoControlGroup {
    /// "A.6".
    pub id: String,
    /// Riskbench's own short label.
    pub label: String,
    /// Its controls.
    pub controls: Vec<IsoControl>,
}

/// A control ("A.6.2.6") with our label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsoControl {
    /// "A.6.2.6".
    pub id: String,
    /// Riskbench's own short label.
    pub label: String,
}

/// Prefix of ISO/IEC 23894 references.
pub const ISO_23894_PREFIX: &str = "ISO/IEC 23894 ";
/// Prefix of ISO/IEC 42001 references.
pub const ISO_42001_PREFIX: &str = "ISO/IEC 42001 ";

impl IsoIds {
    /// Every reference a risk can carry ("ISO/IEC 23894 6.4.2", "ISO/IEC 42001 A.6.2.6"), with its label, in
    /// document order.
    #[must_use]
    pub fn references(&self) -> Vec<(String, &str)> {
        let clauses = self
            .iso_23894
            .clauses
            .iter()
            .map(|c| (format!("{ISO_23894_PREFIX}{}", c.id), c.label.as_str()));
        let controls = self.iso_42001.groups.iter().flat_map(|g| {
            g.controls
                .iter()
                .map(|c| (format!("{ISO_42001_PREFIX}{}", c.id), c.label.as_str()))
        });
        clauses.chain(controls).collect()
    }

    /// Our label of a reference ("ISO/IEC 42001 A.6.2.6"), or `None` when it names no known clause or control.
    #[must_use]
    pub fn reference(&self, reference: &str) -> Option<&str> {
        let reference = reference.trim();
        if let Some(id) = reference.strip_prefix(ISO_23894_PREFIX) {
            return self
                .iso_23894
                .clauses
                .iter()
                .find(|c| c.id == id.trim())
                .map(|c| c.label.as_str());
        }
        let id = reference.strip_prefix(ISO_42001_PREFIX)?.trim();
        self.iso_42001
            .groups
            .iter()
            .flat_map(|g| g.controls.iter())
            .find(|c| c.id == id)
            .map(|c| c.label.as_str())
    }
}

/// The ISO/IEC clause and control IDs shipped in `assets/taxonomies` (parsed once).
///
/// # Errors
/// Only if the embedded asset is malformed, which the test suite rules out.
pub fn iso_ids() -> Result<&'static IsoIds, String> {
    static ISO: OnceLock<Result<IsoIds, String>> = OnceLock::new();
    ISO.get_or_init(|| {
        serde_json::from_str(ISO_JSON)
            .map_err(|e| format!("the ISO/IEC identifiers asset is malformed: {e}"))
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// The attribution lines of every shipped taxonomy, as (taxonomy, attribution), for the report's appendix and
/// the about box. A malformed asset shows its error instead of its line.
#[must_use]
pub fn attributions() -> Vec<(&'static str, String)> {
    fn line<T>(result: Result<T, String>, text: impl FnOnce(T) -> String) -> String {
        result.map_or_else(|e| e, text)
    }
    vec![
        (
            "NIST AI RMF 1.0",
            line(rmf_core(), |c| c.attribution.clone()),
        ),
        ("NIST AI 600-1", line(genai_risks(), |(a, _)| a.to_owned())),
        (
            "MIT AI Risk Repository",
            line(mit_repository(), |m| m.attribution.clone()),
        ),
        (
            "ISO/IEC 23894 and 42001",
            line(iso_ids(), |i| i.attribution.clone()),
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Custom categories
// ---------------------------------------------------------------------------------------------

/// Prefix of generated custom category ids (`cat-1`, `cat-2`, …).
pub const CUSTOM_CATEGORY_PREFIX: &str = "cat-";

/// A risk category the project defines itself (schema 3), next to the shipped taxonomies.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CustomCategory {
    /// Stable id (`cat-1`), what risks and risk appetite refer to.
    pub category_id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// What belongs in the category.
    #[serde(default)]
    pub description: String,
}

/// A custom category id not used yet among `categories` (`cat-1`, `cat-2`, …).
///
/// ```
/// use riskbench::model::taxonomy::{CustomCategory, next_custom_category_id};
/// let taken = [CustomCategory { category_id: "cat-4".into(), ..CustomCategory::default() }];
/// assert_eq!(next_custom_category_id(&taken), "cat-5");
/// ```
#[must_use]
pub fn next_custom_category_id(categories: &[CustomCategory]) -> String {
    let next = categories
        .iter()
        .filter_map(|c| {
            c.category_id
                .strip_prefix(CUSTOM_CATEGORY_PREFIX)?
                .parse::<u32>()
                .ok()
        })
        .max()
        .map_or(1, |n| n.saturating_add(1));
    format!("{CUSTOM_CATEGORY_PREFIX}{next}")
}

#[cfg(test)]
mod tests;
