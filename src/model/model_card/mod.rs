//! The model card of the assessed model and the datasheets of its datasets.
//!
//! The card follows the sections of Google's Model Card Toolkit (schema 0.0.2): model details (owners,
//! version, licences, references, citations), model parameters (architecture, input and output format, the
//! training and evaluation data, each pointing at a project dataset), quantitative analysis (the metrics the
//! card reports) and considerations (users, use cases, limitations, trade-offs, ethical considerations with
//! their mitigation). Riskbench adds **documented claims** ([`claim`]): what the card promises in a form that
//! can be checked against the project's audits. Datasheets ([`datasheet`]) follow Gebru et al.'s seven
//! sections. Converting to and from the Toolkit's JSON is in `analysis::model_card::toolkit`; checking the
//! claims is in `analysis::model_card`.

pub mod claim;
pub mod datasheet;
pub mod prompts;

use serde::{Deserialize, Serialize};

pub use claim::{Claim, ClaimScope, Comparison};
pub use datasheet::{Datasheet, DatasheetSection};

/// The model card: the Toolkit's four sections and the documented claims.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelCard {
    /// Name, overview, owners, version, licences, references.
    pub model_details: ModelDetails,
    /// Architecture, input and output format, training and evaluation data.
    pub model_parameters: ModelParameters,
    /// The metrics the card reports (as written in the card; the claims are what gets checked).
    pub quantitative_analysis: QuantitativeAnalysis,
    /// Users, use cases, limitations, trade-offs, ethical considerations.
    pub considerations: Considerations,
    /// Documented claims in structured form, checked against the audits.
    pub claims: Vec<Claim>,
}

impl ModelCard {
    /// Whether nothing has been written (the project file then leaves the card out).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The claim with this id.
    #[must_use]
    pub fn claim(&self, claim_id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.claim_id == claim_id)
    }

    /// A claim id not used yet (`C-1`, `C-2`, …).
    #[must_use]
    pub fn next_claim_id(&self) -> String {
        super::ids::next_id("C-", self.claims.iter().map(|c| c.claim_id.as_str()))
    }

    /// The project datasets the card names as evaluation data (in card order, without repeats).
    #[must_use]
    pub fn evaluation_dataset_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for d in &self.model_parameters.data {
            if d.role == CardDataRole::Evaluation
                && !d.dataset_id.is_empty()
                && !out.contains(&d.dataset_id.as_str())
            {
                out.push(&d.dataset_id);
            }
        }
        out
    }
}

/// Card entries, claims and datasheets that name a dataset the project does not have (a person decides:
/// the dataset may have been removed on purpose).
pub(crate) fn dangling_datasets(
    project: &super::Project,
    dataset_ids: &std::collections::BTreeSet<String>,
) -> Vec<super::consistency::Inconsistency> {
    let missing = |id: &str| !id.is_empty() && !dataset_ids.contains(id);
    let issue = |item: String, field: &str, id: &str| super::consistency::Inconsistency {
        item,
        field: field.to_owned(),
        problem: format!("it names dataset {id:?}, which the project does not have"),
        repair: None,
    };
    let card = &project.model_card;
    let data = card
        .model_parameters
        .data
        .iter()
        .filter(|d| missing(&d.dataset_id))
        .map(|d| {
            issue(
                format!("model card data {:?}", d.name),
                "dataset_id",
                &d.dataset_id,
            )
        });
    let claims = card
        .claims
        .iter()
        .filter(|c| missing(&c.dataset_id))
        .map(|c| {
            issue(
                format!("claim {:?}", c.claim_id),
                "dataset_id",
                &c.dataset_id,
            )
        });
    let sheets = project
        .datasheets
        .iter()
        .filter(|s| missing(&s.dataset_id) || s.dataset_id.is_empty())
        .map(|s| issue("datasheet".to_owned(), "dataset_id", &s.dataset_id));
    data.chain(claims).chain(sheets).collect()
}

/// Metadata about the model.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelDetails {
    /// The model's name.
    pub name: String,
    /// A brief, one-line description.
    pub overview: String,
    /// A thorough description of the model and its usage.
    pub documentation: String,
    /// The people or teams who own the model.
    pub owners: Vec<Owner>,
    /// The version of the model.
    pub version: Version,
    /// The model's licences.
    pub licenses: Vec<License>,
    /// Links to more information (URIs).
    pub references: Vec<String>,
    /// How to cite the model card.
    pub citations: Vec<Citation>,
    /// Where the model is stored.
    pub path: String,
}

/// An owner of the model.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Owner {
    /// Person or team.
    pub name: String,
    /// How to reach them.
    pub contact: String,
}

impl Owner {
    /// The owner in a document: "Name (contact)", or the name alone.
    #[must_use]
    pub fn label(&self) -> String {
        self.joined('(', ')')
    }

    /// The owner as one line of the card editor: "Name <contact>", or the name alone
    /// ([`Owner::from_line`] reads it back).
    #[must_use]
    pub fn to_line(&self) -> String {
        self.joined('<', '>')
    }

    /// Reads a line written "Name <contact>" (or a name alone).
    #[must_use]
    pub fn from_line(line: &str) -> Self {
        match line.split_once('<') {
            Some((name, contact)) => Self {
                name: name.trim().to_owned(),
                contact: contact.trim().trim_end_matches('>').trim().to_owned(),
            },
            None => Self {
                name: line.to_owned(),
                contact: String::new(),
            },
        }
    }

    fn joined(&self, open: char, close: char) -> String {
        if self.contact.is_empty() {
            self.name.clone()
        } else {
            format!("{} {open}{}{close}", self.name, self.contact)
        }
    }
}

/// A version of the model.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Version {
    /// Version name (`v1.0`).
    pub name: String,
    /// Release date as written (ISO `YYYY-MM-DD` when Riskbench writes it; imported cards keep theirs).
    pub date: String,
    /// Changes from the previous version.
    pub diff: String,
}

/// A licence: an SPDX identifier or a custom text.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct License {
    /// SPDX identifier, or `proprietary`.
    pub identifier: String,
    /// The text of a custom licence.
    pub custom_text: String,
}

impl License {
    /// What names the licence: its identifier, or its custom text when it has none.
    #[must_use]
    pub fn label(&self) -> &str {
        if self.identifier.is_empty() {
            &self.custom_text
        } else {
            &self.identifier
        }
    }
}

/// A citation of the card.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Citation {
    /// Citation style.
    pub style: String,
    /// The citation.
    pub citation: String,
}

/// A key-value pair (the Toolkit's input and output format maps).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct KeyValue {
    /// Key.
    pub key: String,
    /// Value.
    pub value: String,
}

/// How the model was built.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelParameters {
    /// The architecture of the model.
    pub model_architecture: String,
    /// The datasets used to train and evaluate the model.
    pub data: Vec<CardDataset>,
    /// Input format in words.
    pub input_format: String,
    /// Input format as key-value pairs.
    pub input_format_map: Vec<KeyValue>,
    /// Output format in words.
    pub output_format: String,
    /// Output format as key-value pairs.
    pub output_format_map: Vec<KeyValue>,
}

/// What a dataset of the card was used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CardDataRole {
    /// The model was trained on it.
    Training,
    /// The model was evaluated on it (claims are checked on these).
    #[default]
    Evaluation,
}

impl CardDataRole {
    /// Every value.
    pub const ALL: [Self; 2] = [Self::Training, Self::Evaluation];

    /// Label for pickers and tables.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Training => "Training",
            Self::Evaluation => "Evaluation",
        }
    }
}

/// A dataset named by the card.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CardDataset {
    /// Name as written in the card.
    pub name: String,
    /// Link to the dataset.
    pub link: String,
    /// Description (size, split, …).
    pub description: String,
    /// Sensitive data it holds, in words.
    pub sensitive: Vec<String>,
    /// Training or evaluation.
    pub role: CardDataRole,
    /// The project dataset it is (`ds-1`); empty when it is not in the project.
    pub dataset_id: String,
    /// Graphics of an imported card, kept so it exports unchanged.
    pub graphics: Graphics,
}

/// A collection of graphics (base64 PNG images), as in the Toolkit.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Graphics {
    /// What the collection shows.
    pub description: String,
    /// The images.
    pub collection: Vec<Graphic>,
}

impl Graphics {
    /// Whether there is nothing in it.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.description.is_empty() && self.collection.is_empty()
    }
}

/// One graphic.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Graphic {
    /// Name.
    pub name: String,
    /// Description (written by some Toolkit examples).
    pub description: String,
    /// The PNG image, base64.
    pub image: String,
}

/// The metrics a card reports.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QuantitativeAnalysis {
    /// Reported metrics as written (an imported card's; claims are kept separately).
    pub performance_metrics: Vec<PerformanceMetric>,
    /// Graphics of an imported card.
    pub graphics: Graphics,
}

/// A metric reported by the card, as written (text, as in Toolkit schema 0.0.2).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PerformanceMetric {
    /// Metric name (`accuracy`).
    pub metric_type: String,
    /// The value.
    pub value: String,
    /// The slice (group) it was computed on; empty = overall.
    pub slice: String,
    /// Decision threshold, when given.
    pub threshold: String,
    /// Confidence interval `[lower, upper]`, when given.
    pub confidence_interval: Option<[String; 2]>,
}

/// What to take into account when using the model.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Considerations {
    /// Intended users.
    pub users: Vec<String>,
    /// Intended use cases.
    pub use_cases: Vec<String>,
    /// Known limitations.
    pub limitations: Vec<Limitation>,
    /// Known trade-offs.
    pub tradeoffs: Vec<String>,
    /// Ethical risks and their mitigation.
    pub ethical_considerations: Vec<EthicalConsideration>,
}

/// A documented limitation and the evidence behind it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Limitation {
    /// The limitation.
    pub description: String,
    /// What supports it: risk ids (`R-3`), audit names or ids, claim ids (`C-2`), dataset ids. Empty: a
    /// limitation without evidence.
    pub evidence: Vec<String>,
}

/// An ethical risk of the model and how it is mitigated.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EthicalConsideration {
    /// The risk.
    pub name: String,
    /// How it is addressed.
    pub mitigation_strategy: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_card_is_empty_and_ids_continue() {
        let mut card = ModelCard::default();
        assert!(card.is_empty());
        assert_eq!(card.next_claim_id(), "C-1");
        card.claims.push(Claim {
            claim_id: "C-4".into(),
            ..Claim::default()
        });
        assert!(!card.is_empty());
        assert_eq!(card.next_claim_id(), "C-5");
        assert!(card.claim("C-4").is_some());
    }

    #[test]
    fn dangling_dataset_ids_and_repeated_claim_ids_are_reported() {
        let mut p =
            crate::model::Project::blank("t", crate::model::IsoDate::from_ymd(2026, 1, 1).unwrap());
        p.datasets.push(crate::model::DatasetRef {
            dataset_id: "ds-1".into(),
            ..crate::model::DatasetRef::default()
        });
        p.model_card.claims = vec![
            Claim {
                claim_id: "C-1".into(),
                dataset_id: "ds-1".into(),
                ..Claim::default()
            },
            Claim {
                claim_id: "C-1".into(),
                dataset_id: "ds-7".into(),
                ..Claim::default()
            },
        ];
        p.datasheets.push(Datasheet::new("ds-9"));
        let found: Vec<String> = crate::model::consistency::check(&p)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].starts_with("claim \"C-1\", claim_id: "),
            "{found:?}"
        );
        assert!(
            found[1].starts_with(
                "claim \"C-2\", dataset_id: it names dataset \"ds-7\", which the project does not have"
            ),
            "the repeated id is renumbered first: {found:?}"
        );
        assert!(found[2].starts_with("datasheet, dataset_id: it names dataset \"ds-9\""));
    }

    #[test]
    fn evaluation_datasets_are_listed_once_in_card_order() {
        let mut card = ModelCard::default();
        for (id, role) in [
            ("ds-2", CardDataRole::Evaluation),
            ("ds-1", CardDataRole::Training),
            ("ds-2", CardDataRole::Evaluation),
            ("", CardDataRole::Evaluation),
            ("ds-3", CardDataRole::Evaluation),
        ] {
            card.model_parameters.data.push(CardDataset {
                dataset_id: id.into(),
                role,
                ..CardDataset::default()
            });
        }
        assert_eq!(card.evaluation_dataset_ids(), ["ds-2", "ds-3"]);
    }

    #[test]
    fn owners_and_licences_have_one_wording() {
        let owner = Owner::from_line(" Risk team <risk@example.org>");
        assert_eq!(owner.name, "Risk team");
        assert_eq!(owner.contact, "risk@example.org");
        assert_eq!(owner.to_line(), "Risk team <risk@example.org>");
        assert_eq!(owner.label(), "Risk team (risk@example.org)");
        // Space after the closing bracket (typed, or pasted from a mail client).
        assert_eq!(
            Owner::from_line("Risk team <risk@example.org> ").contact,
            "risk@example.org"
        );
        let alone = Owner::from_line("Ops");
        assert_eq!(
            (alone.to_line(), alone.label()),
            ("Ops".into(), "Ops".into())
        );
        let custom = License {
            identifier: String::new(),
            custom_text: "In-house".into(),
        };
        assert_eq!(custom.label(), "In-house");
        let spdx = License {
            identifier: "MIT".into(),
            custom_text: "ignored".into(),
        };
        assert_eq!(spdx.label(), "MIT");
    }
}
