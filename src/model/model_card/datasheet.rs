//! Datasheets for datasets (Gebru et al., "Datasheets for Datasets", CACM 2021): one per project dataset,
//! with the paper's seven sections. Each section is free text; the questions the paper asks are in
//! [`DatasheetSection::prompt`], and `analysis::model_card::datasheet` pre-fills what the dataset profile
//! knows (composition, missingness, representation, collection dates).

use serde::{Deserialize, Serialize};

/// One of the seven sections of a datasheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DatasheetSection {
    /// Why the dataset was created.
    Motivation,
    /// What the instances are, how many, what is missing, subpopulations.
    Composition,
    /// How and when the data was collected.
    CollectionProcess,
    /// Preprocessing, cleaning and labelling.
    Preprocessing,
    /// What it has been and should (not) be used for.
    Uses,
    /// How it is distributed and under which licence.
    Distribution,
    /// Who maintains it and how it is updated.
    Maintenance,
}

impl DatasheetSection {
    /// The seven sections in the paper's order.
    pub const ALL: [Self; 7] = [
        Self::Motivation,
        Self::Composition,
        Self::CollectionProcess,
        Self::Preprocessing,
        Self::Uses,
        Self::Distribution,
        Self::Maintenance,
    ];

    /// The section's heading.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Motivation => "Motivation",
            Self::Composition => "Composition",
            Self::CollectionProcess => "Collection process",
            Self::Preprocessing => "Preprocessing, cleaning and labelling",
            Self::Uses => "Uses",
            Self::Distribution => "Distribution",
            Self::Maintenance => "Maintenance",
        }
    }

    /// The questions of the paper this section answers (abridged).
    #[must_use]
    pub fn prompt(self) -> &'static str {
        match self {
            Self::Motivation => {
                "For what purpose was the dataset created? Was there a specific task in mind, a gap to fill? \
                 Who created it, on behalf of whom, and who funded it?"
            }
            Self::Composition => {
                "What do the instances represent (people, documents, transactions)? How many are there? Is it \
                 a sample, and of what population? Is any information missing, and why? Does it identify \
                 subpopulations (age, sex, race), and how are they distributed? Does it contain confidential \
                 or sensitive data?"
            }
            Self::CollectionProcess => {
                "How was the data acquired (observed, reported, derived)? Who collected it, over what \
                 timeframe? Were the people concerned notified, and did they consent? Was an impact analysis \
                 done?"
            }
            Self::Preprocessing => {
                "Was any preprocessing, cleaning or labelling done (discretisation, removal of instances, \
                 missing-value handling)? Is the raw data kept? Is the software used available?"
            }
            Self::Uses => {
                "What has the dataset been used for already? What else could it be used for? Is there \
                 anything about its composition or collection that could lead to unfair treatment of people \
                 if it is used? What should it not be used for?"
            }
            Self::Distribution => {
                "Is it distributed to third parties, how and when? Under which licence or terms of use? Do \
                 export controls or other regulatory restrictions apply?"
            }
            Self::Maintenance => {
                "Who maintains the dataset and how can they be contacted? Will it be updated (errata, new \
                 instances, deletions), how often and by whom? Are older versions kept?"
            }
        }
    }
}

/// The datasheet of one project dataset.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Datasheet {
    /// The project dataset (`ds-1`).
    pub dataset_id: String,
    /// Why the dataset was created.
    pub motivation: String,
    /// What it holds.
    pub composition: String,
    /// How and when it was collected.
    pub collection_process: String,
    /// Preprocessing, cleaning and labelling.
    pub preprocessing: String,
    /// Uses.
    pub uses: String,
    /// Distribution and licence.
    pub distribution: String,
    /// Maintenance.
    pub maintenance: String,
}

impl Datasheet {
    /// An empty datasheet of `dataset_id`.
    #[must_use]
    pub fn new(dataset_id: &str) -> Self {
        Self {
            dataset_id: dataset_id.to_owned(),
            ..Self::default()
        }
    }

    /// The text of a section.
    #[must_use]
    pub fn section(&self, section: DatasheetSection) -> &str {
        match section {
            DatasheetSection::Motivation => &self.motivation,
            DatasheetSection::Composition => &self.composition,
            DatasheetSection::CollectionProcess => &self.collection_process,
            DatasheetSection::Preprocessing => &self.preprocessing,
            DatasheetSection::Uses => &self.uses,
            DatasheetSection::Distribution => &self.distribution,
            DatasheetSection::Maintenance => &self.maintenance,
        }
    }

    /// The text of a section, to edit.
    pub fn section_mut(&mut self, section: DatasheetSection) -> &mut String {
        match section {
            DatasheetSection::Motivation => &mut self.motivation,
            DatasheetSection::Composition => &mut self.composition,
            DatasheetSection::CollectionProcess => &mut self.collection_process,
            DatasheetSection::Preprocessing => &mut self.preprocessing,
            DatasheetSection::Uses => &mut self.uses,
            DatasheetSection::Distribution => &mut self.distribution,
            DatasheetSection::Maintenance => &mut self.maintenance,
        }
    }

    /// Sections still empty, in order.
    #[must_use]
    pub fn empty_sections(&self) -> Vec<DatasheetSection> {
        DatasheetSection::ALL
            .into_iter()
            .filter(|s| self.section(*s).trim().is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_reads_and_writes_its_own_text() {
        let mut sheet = Datasheet::new("ds-1");
        assert_eq!(sheet.empty_sections().len(), 7);
        for (i, s) in DatasheetSection::ALL.into_iter().enumerate() {
            *sheet.section_mut(s) = format!("text {i}");
        }
        for (i, s) in DatasheetSection::ALL.into_iter().enumerate() {
            assert_eq!(sheet.section(s), format!("text {i}"));
        }
        assert!(sheet.empty_sections().is_empty());
    }
}
