//! How bad something is, on one four-level scale shared by incidents and red-team findings (the governance
//! records). One type, so the two cannot drift apart; in a project file it is the variant name (`Low`,
//! `Medium`, `High`, `Critical`).

use serde::{Deserialize, Serialize};

/// How bad an incident or a red-team finding is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Severity {
    /// Little harm, contained quickly.
    Low,
    /// Harm to some people, contained.
    #[default]
    Medium,
    /// Serious harm to many, or public attention.
    High,
    /// Severe harm, legal or regulatory consequences.
    Critical,
}

impl Severity {
    /// Every value, lowest first (the display order).
    pub const ALL: [Self; 4] = [Self::Low, Self::Medium, Self::High, Self::Critical];

    /// Label for tables and pickers.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
            Self::Critical => "Critical",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Severity;

    #[test]
    fn labels_and_file_names_are_the_variant_names() {
        for s in Severity::ALL {
            assert_eq!(ron::to_string(&s).unwrap(), s.label());
            assert_eq!(ron::from_str::<Severity>(s.label()).unwrap(), s);
        }
        assert_eq!(Severity::default(), Severity::Medium);
    }
}
