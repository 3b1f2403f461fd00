//! Frameworks beyond the NIST AI RMF: the EU AI Act, ISO/IEC 42001 and 23894, Google SAIF, the Microsoft
//! Responsible AI Standard v2 and the NIST AI 600-1 generative-AI risks, each loaded from
//! `assets/frameworks` into one shape, with one checklist per framework, a crosswalk between them and risk
//! tags.
//!
//! - [`catalog`]: the shipped catalogues as sections of items ([`Framework`]).
//! - [`checklist`]: the project's checklist of each framework (the NIST one included), coverage per section,
//!   evidence links and the problems found (unknown ids reported by id, never dropped).
//! - [`consistency`]: the framework part of the load-time check: links to nothing repaired on request,
//!   unknown ids reported and kept, the same for every framework.
//! - [`eu_ai_act`]: which EU AI Act obligations apply (tier × role), their application dates and whether they
//!   are in force on a date, and the Article 27 fundamental rights impact assessment form.
//! - [`crosswalk`]: related items across NIST AI RMF, the EU AI Act, ISO/IEC 42001 and ISO/IEC 23894, each
//!   relation marked published (with its source) or Riskbench's judgement.
//! - [`tags`]: risks tagged with items of any framework.
//! - [`offer`]: evidence of one item offered to the related items of the other frameworks, applied in one step.
//! - [`filter`]: the status and text filter of the checklist screen, the same for every framework.
//!
//! Everything here is pure: no egui, no clock, no files beyond the embedded assets.

pub mod catalog;
pub mod checklist;
pub mod consistency;
pub mod crosswalk;
pub mod eu_ai_act;
pub mod filter;
pub mod offer;
pub mod tags;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use catalog::{Framework, Item, Section, framework};
pub use checklist::FrameworkRecords;

/// A framework Riskbench ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FrameworkId {
    /// NIST AI RMF 1.0 (72 subcategories).
    #[serde(rename = "nist-ai-rmf")]
    NistAiRmf,
    /// EU AI Act, Regulation (EU) 2024/1689.
    #[serde(rename = "eu-ai-act")]
    EuAiAct,
    /// ISO/IEC 42001:2023 (Annex A controls and clauses 4–10).
    #[serde(rename = "iso-42001")]
    Iso42001,
    /// ISO/IEC 23894:2023 clauses.
    #[serde(rename = "iso-23894")]
    Iso23894,
    /// Google Secure AI Framework.
    #[serde(rename = "saif")]
    Saif,
    /// Microsoft Responsible AI Standard v2.
    #[serde(rename = "ms-rai")]
    MsRai,
    /// NIST AI 600-1 generative-AI risks (tags only, no checklist).
    #[serde(rename = "nist-ai-600-1")]
    NistGenAi,
}

impl FrameworkId {
    /// Every framework, checklists first.
    pub const ALL: [Self; 7] = [
        Self::NistAiRmf,
        Self::EuAiAct,
        Self::Iso42001,
        Self::Iso23894,
        Self::Saif,
        Self::MsRai,
        Self::NistGenAi,
    ];

    /// The frameworks that have a checklist, in display order.
    pub const CHECKLISTS: [Self; 6] = [
        Self::NistAiRmf,
        Self::EuAiAct,
        Self::Iso42001,
        Self::Iso23894,
        Self::Saif,
        Self::MsRai,
    ];

    /// The key used on the command line, in JSON and in the project file ("eu-ai-act").
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::NistAiRmf => "nist-ai-rmf",
            Self::EuAiAct => "eu-ai-act",
            Self::Iso42001 => "iso-42001",
            Self::Iso23894 => "iso-23894",
            Self::Saif => "saif",
            Self::MsRai => "ms-rai",
            Self::NistGenAi => "nist-ai-600-1",
        }
    }

    /// The framework's name for headings and the report.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::NistAiRmf => "NIST AI RMF 1.0",
            Self::EuAiAct => "EU AI Act",
            Self::Iso42001 => "ISO/IEC 42001:2023",
            Self::Iso23894 => "ISO/IEC 23894:2023",
            Self::Saif => "Google SAIF",
            Self::MsRai => "Microsoft Responsible AI Standard v2",
            Self::NistGenAi => "NIST AI 600-1 generative-AI risks",
        }
    }

    /// The framework with this key, if any.
    ///
    /// ```
    /// use riskbench::model::frameworks::FrameworkId;
    /// assert_eq!(FrameworkId::from_key("iso-42001"), Some(FrameworkId::Iso42001));
    /// assert_eq!(FrameworkId::from_key("cobit"), None);
    /// ```
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == key.trim())
    }

    /// Whether the framework has a checklist.
    #[must_use]
    pub fn has_checklist(self) -> bool {
        self != Self::NistGenAi
    }
}

impl fmt::Display for FrameworkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An item of a framework, as other parts of the project refer to it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ItemRef {
    /// The framework.
    pub framework_id: FrameworkId,
    /// The item's id in it.
    pub item_id: String,
}

impl ItemRef {
    /// A reference to `item_id` of `framework_id`.
    #[must_use]
    pub fn new(framework_id: FrameworkId, item_id: &str) -> Self {
        Self {
            framework_id,
            item_id: item_id.to_owned(),
        }
    }

    /// The item, when the framework has it.
    #[must_use]
    pub fn item(&self) -> Option<&'static Item> {
        framework(self.framework_id).ok()?.item(&self.item_id)
    }
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.framework_id {
            FrameworkId::NistAiRmf => write!(f, "NIST AI RMF {}", self.item_id),
            FrameworkId::EuAiAct => write!(f, "EU AI Act {}", self.item_id),
            FrameworkId::Iso42001 => write!(f, "ISO/IEC 42001 {}", self.item_id),
            FrameworkId::Iso23894 => write!(f, "ISO/IEC 23894 {}", self.item_id),
            FrameworkId::Saif => write!(f, "SAIF {}", self.item_id),
            FrameworkId::MsRai => write!(f, "MS RAI {}", self.item_id),
            FrameworkId::NistGenAi => write!(f, "NIST AI 600-1 {}", self.item_id),
        }
    }
}
