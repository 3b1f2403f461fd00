//! What the user records about a dataset's columns: a type override, the column's role in the analysis and,
//! for sensitive columns, the share each group has in a reference population.
//!
//! These settings are saved in the project (schema 3) on each [`super::DatasetRef`]; the profile
//! (`analysis::profile`) reads them through `ProfileOptions::from_dataset`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The kind of values a column holds, inferred by the profile or set by the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ColumnKind {
    /// Numbers (integers or decimals).
    Numeric,
    /// A small set of repeated values (text or numbers used as codes).
    Categorical,
    /// Two values such as true/false, yes/no or 0/1.
    Boolean,
    /// Dates or date-times (ISO 8601 text).
    DateTime,
    /// Long free text.
    Text,
    /// A unique key per row (customer id, row number).
    Identifier,
}

impl ColumnKind {
    /// Every value, in display order.
    pub const ALL: [Self; 6] = [
        Self::Numeric,
        Self::Categorical,
        Self::Boolean,
        Self::DateTime,
        Self::Text,
        Self::Identifier,
    ];

    /// Label for tables and pickers.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Numeric => "Numeric",
            Self::Categorical => "Categorical",
            Self::Boolean => "Boolean",
            Self::DateTime => "Date/time",
            Self::Text => "Text",
            Self::Identifier => "Identifier",
        }
    }

    /// The lowercase name used on the command line and in JSON (`numeric`, `datetime`, …).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Numeric => "numeric",
            Self::Categorical => "categorical",
            Self::Boolean => "boolean",
            Self::DateTime => "datetime",
            Self::Text => "text",
            Self::Identifier => "identifier",
        }
    }

    /// Parses [`Self::key`] (case-insensitive; `date`, `bool`, `id`, `category` are accepted too).
    #[must_use]
    pub fn from_key(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "numeric" | "number" => Some(Self::Numeric),
            "categorical" | "category" => Some(Self::Categorical),
            "boolean" | "bool" => Some(Self::Boolean),
            "datetime" | "date" => Some(Self::DateTime),
            "text" => Some(Self::Text),
            "identifier" | "id" => Some(Self::Identifier),
            _ => None,
        }
    }
}

/// What a column is used for in the analyses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ColumnRole {
    /// An input of the model (the default).
    #[default]
    Feature,
    /// The ground truth.
    Label,
    /// The model's decision.
    Prediction,
    /// The model's score or probability.
    Score,
    /// A protected or sensitive attribute (sex, age group, race…).
    Sensitive,
    /// A sample weight.
    Weight,
    /// Left out of the analyses.
    Ignored,
}

impl ColumnRole {
    /// Every value, in display order.
    pub const ALL: [Self; 7] = [
        Self::Feature,
        Self::Label,
        Self::Prediction,
        Self::Score,
        Self::Sensitive,
        Self::Weight,
        Self::Ignored,
    ];

    /// Label for tables and pickers.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Feature => "Feature",
            Self::Label => "Label",
            Self::Prediction => "Prediction",
            Self::Score => "Score",
            Self::Sensitive => "Sensitive",
            Self::Weight => "Weight",
            Self::Ignored => "Ignored",
        }
    }
}

/// The user's settings for one column of a dataset.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ColumnSetting {
    /// The column name as read (repeated header names are `x.1`, `x.2`).
    pub name: String,
    /// A type override; `None` keeps the inferred type.
    pub kind: Option<ColumnKind>,
    /// What the column is used for.
    pub role: ColumnRole,
    /// For sensitive columns: the share (0–1) of each group value in a reference population, when known.
    #[serde(deserialize_with = "crate::model::finite::map_f64")]
    pub reference_shares: BTreeMap<String, f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_keys_round_trip() {
        for kind in ColumnKind::ALL {
            assert_eq!(ColumnKind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(ColumnKind::from_key(" Date "), Some(ColumnKind::DateTime));
        assert_eq!(ColumnKind::from_key("float"), None);
    }

    #[test]
    fn a_setting_reads_with_defaults() {
        let setting: ColumnSetting = ron::from_str("(name: \"sex\", role: Sensitive)").unwrap();
        assert_eq!(setting.role, ColumnRole::Sensitive);
        assert_eq!(setting.kind, None);
        assert!(setting.reference_shares.is_empty());
    }
}
