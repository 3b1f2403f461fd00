//! Taxonomies shipped with Riskbench as data: the NIST AI RMF 1.0 core (4 functions, 19 categories, 72
//! subcategories, verbatim), the NIST AI 600-1 generative-AI risks (12), the NIST trustworthiness
//! characteristics, and the EU AI Act risk tiers with the Annex III high-risk areas.
//!
//! The NIST texts are works of the U.S. Government, transcribed and cross-checked as described in
//! `assets/frameworks/README.md`; show [`RmfCore::attribution`] wherever they appear. NIST does not endorse
//! this product.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const RMF_JSON: &str = include_str!("../../assets/frameworks/nist-ai-rmf-1.0.json");
const GENAI_JSON: &str = include_str!("../../assets/frameworks/nist-ai-600-1-genai-risks.json");

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rmf_core_has_the_published_structure() {
        let core = rmf_core().unwrap();
        let ids: Vec<&str> = core.functions.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["GOVERN", "MAP", "MEASURE", "MANAGE"]);
        let per_category: Vec<Vec<usize>> = core
            .functions
            .iter()
            .map(|f| f.categories.iter().map(|c| c.subcategories.len()).collect())
            .collect();
        assert_eq!(
            per_category,
            vec![
                vec![7, 3, 2, 3, 2, 2],
                vec![6, 3, 5, 2, 2],
                vec![3, 13, 3, 3],
                vec![4, 4, 2, 3]
            ]
        );
        assert_eq!(
            core.functions
                .iter()
                .map(|f| f.categories.len())
                .sum::<usize>(),
            19
        );
        assert_eq!(core.subcategories().count(), 72);
        for (f, function) in core.functions.iter().enumerate() {
            for (c, category) in function.categories.iter().enumerate() {
                assert_eq!(
                    category.id,
                    format!("{} {}", function.id, c + 1),
                    "function {f}"
                );
                for (s, sub) in category.subcategories.iter().enumerate() {
                    assert_eq!(sub.id, format!("{}.{}", category.id, s + 1));
                    assert!(!sub.text.trim().is_empty());
                }
            }
        }
        for anchor in [
            "MAP 1.5",
            "MEASURE 2.11",
            "MANAGE 1.3",
            "MANAGE 1.4",
            "MANAGE 2.4",
        ] {
            assert!(core.subcategory(anchor).is_some(), "{anchor}");
        }
        assert!(
            core.subcategory("MEASURE 2.11")
                .unwrap()
                .text
                .starts_with("Fairness and bias")
        );
        assert!(core.attribution.contains("NIST does not endorse"));
    }

    #[test]
    fn the_genai_profile_lists_twelve_risks() {
        let (attribution, risks) = genai_risks().unwrap();
        assert_eq!(risks.len(), 12);
        let numbers: Vec<u32> = risks.iter().map(|r| r.number).collect();
        assert_eq!(numbers, (1..=12).collect::<Vec<_>>());
        assert!(attribution.contains("AI 600-1"));
        assert_eq!(risks[0].name, "CBRN Information or Capabilities");
    }
}
