//! Data validation rules saved in a project (Great Expectations style): one suite per dataset, each rule a
//! Great Expectations 1.x expectation with a `mostly` fraction, a severity (info, warning, blocking) and a note.
//!
//! Rules are typed ([`RuleKind`]) so the editor can offer the right fields; an expectation type Riskbench does
//! not implement is kept as [`RuleKind::Other`] with its kwargs, so an imported suite exports unchanged and
//! the rule runs as a failed result that says why (never skipped). Running rules is in
//! `analysis::validation`; converting to and from GX suite JSON is in `analysis::validation::gx`.

use serde::{Deserialize, Serialize};

/// How much a failed rule matters: only blocking rules fail the deployment gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Severity {
    /// Shown, never blocks.
    Info,
    /// Shown as a warning, never blocks.
    Warning,
    /// Fails the deployment gate (`riskbench check`).
    #[default]
    Blocking,
}

impl Severity {
    /// Every value, in display order.
    pub const ALL: [Self; 3] = [Self::Info, Self::Warning, Self::Blocking];

    /// The lowercase name used in JSON and suite files (`info`, `warning`, `blocking`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Blocking => "blocking",
        }
    }

    /// Parses the lowercase name.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// A value of a set (`value_set`), typed: a number never equals the text `"1"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SetValue {
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// Text.
    Text(String),
    /// A boolean.
    Bool(bool),
}

impl SetValue {
    /// The value as a number, when it is one (integers, floats).
    #[must_use]
    pub fn as_number(&self) -> Option<f64> {
        match self {
            #[expect(
                clippy::cast_precision_loss,
                reason = "set values are compared as pandas compares them, in f64"
            )]
            Self::Int(i) => Some(*i as f64),
            Self::Float(f) => Some(*f),
            Self::Text(_) | Self::Bool(_) => None,
        }
    }

    /// The value as written in a suite (text without quotes).
    #[must_use]
    pub fn display(&self) -> String {
        match self {
            Self::Int(i) => i.to_string(),
            Self::Float(f) => f.to_string(),
            Self::Text(t) => t.clone(),
            Self::Bool(b) => b.to_string(),
        }
    }
}

/// The column statistic of a `column_*_to_be_between` rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColumnStat {
    /// Arithmetic mean of the non-null values.
    Mean,
    /// Median (the mean of the two middle values for an even count).
    Median,
    /// Sample standard deviation (n − 1).
    Stdev,
    /// Smallest value.
    Min,
    /// Largest value.
    Max,
}

impl ColumnStat {
    /// Every statistic.
    pub const ALL: [Self; 5] = [Self::Mean, Self::Median, Self::Stdev, Self::Min, Self::Max];

    /// The word used in the GX expectation type (`expect_column_<word>_to_be_between`).
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Mean => "mean",
            Self::Median => "median",
            Self::Stdev => "stdev",
            Self::Min => "min",
            Self::Max => "max",
        }
    }
}

/// Lower and upper bounds, each optional, each strict or not.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Bounds {
    /// Lower bound (`min_value`).
    #[serde(default, deserialize_with = "crate::model::finite::option_f64")]
    pub min: Option<f64>,
    /// Upper bound (`max_value`).
    #[serde(default, deserialize_with = "crate::model::finite::option_f64")]
    pub max: Option<f64>,
    /// `>` instead of `>=` (`strict_min`).
    pub strict_min: bool,
    /// `<` instead of `<=` (`strict_max`).
    pub strict_max: bool,
}

impl Bounds {
    /// Whether `x` is within the bounds.
    #[must_use]
    pub fn contains(&self, x: f64) -> bool {
        let above = self
            .min
            .is_none_or(|m| if self.strict_min { x > m } else { x >= m });
        let below = self
            .max
            .is_none_or(|m| if self.strict_max { x < m } else { x <= m });
        above && below
    }

    /// The bounds in words, e.g. `0 ≤ x < 10`.
    #[must_use]
    pub fn describe(&self, x: &str) -> String {
        let lo = self.min.map(|m| {
            format!(
                "{} {} ",
                trim_float(m),
                if self.strict_min { "<" } else { "≤" }
            )
        });
        let hi = self.max.map(|m| {
            format!(
                " {} {}",
                if self.strict_max { "<" } else { "≤" },
                trim_float(m)
            )
        });
        format!("{}{x}{}", lo.unwrap_or_default(), hi.unwrap_or_default())
    }
}

/// A number without a trailing `.0` when it is whole.
#[must_use]
pub fn trim_float(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

/// What a rule checks (every rule type of the spec; GX expectation type in brackets).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RuleKind {
    /// No empty cells (`expect_column_values_to_not_be_null`).
    NotNull {
        /// The column.
        column: String,
    },
    /// Values within bounds (`expect_column_values_to_be_between`).
    Between {
        /// The column.
        column: String,
        /// The bounds.
        bounds: Bounds,
    },
    /// Values in a set (`expect_column_values_to_be_in_set`).
    InSet {
        /// The column.
        column: String,
        /// The allowed values.
        values: Vec<SetValue>,
    },
    /// Values not in a set (`expect_column_values_to_not_be_in_set`).
    NotInSet {
        /// The column.
        column: String,
        /// The forbidden values.
        values: Vec<SetValue>,
    },
    /// No value repeats (`expect_column_values_to_be_unique`).
    Unique {
        /// The column.
        column: String,
    },
    /// Values contain a match of a regular expression (`expect_column_values_to_match_regex`).
    MatchRegex {
        /// The column.
        column: String,
        /// The pattern (unanchored search, case-sensitive).
        regex: String,
    },
    /// Text lengths within bounds (`expect_column_value_lengths_to_be_between`).
    ValueLengthsBetween {
        /// The column.
        column: String,
        /// The bounds on the length in characters.
        bounds: Bounds,
    },
    /// The number of rows within bounds (`expect_table_row_count_to_be_between`).
    RowCountBetween {
        /// The bounds.
        bounds: Bounds,
    },
    /// The table's columns (`expect_table_columns_to_match_set`).
    ColumnsMatchSet {
        /// The expected columns.
        columns: Vec<String>,
        /// Also fail on columns not in the list.
        exact_match: bool,
    },
    /// A column statistic within bounds (`expect_column_{mean,median,stdev,min,max}_to_be_between`).
    StatBetween {
        /// Which statistic.
        stat: ColumnStat,
        /// The column.
        column: String,
        /// The bounds.
        bounds: Bounds,
    },
    /// Every distinct value in a set (`expect_column_distinct_values_to_be_in_set`).
    DistinctValuesInSet {
        /// The column.
        column: String,
        /// The allowed values.
        values: Vec<SetValue>,
    },
    /// An expectation type Riskbench does not implement, kept as written; it runs as a failed result.
    Other {
        /// The GX expectation type.
        expectation_type: String,
        /// Its kwargs as JSON text.
        kwargs_json: String,
    },
}

impl RuleKind {
    /// The column the rule is about, when it is about one.
    #[must_use]
    pub fn column(&self) -> Option<&str> {
        match self {
            Self::NotNull { column }
            | Self::Between { column, .. }
            | Self::InSet { column, .. }
            | Self::NotInSet { column, .. }
            | Self::Unique { column }
            | Self::MatchRegex { column, .. }
            | Self::ValueLengthsBetween { column, .. }
            | Self::StatBetween { column, .. }
            | Self::DistinctValuesInSet { column, .. } => Some(column),
            Self::RowCountBetween { .. } | Self::ColumnsMatchSet { .. } | Self::Other { .. } => {
                None
            }
        }
    }

    /// Changes the column of a rule that is about one (nothing otherwise).
    pub fn set_column(&mut self, name: &str) {
        match self {
            Self::NotNull { column }
            | Self::Between { column, .. }
            | Self::InSet { column, .. }
            | Self::NotInSet { column, .. }
            | Self::Unique { column }
            | Self::MatchRegex { column, .. }
            | Self::ValueLengthsBetween { column, .. }
            | Self::StatBetween { column, .. }
            | Self::DistinctValuesInSet { column, .. } => name.clone_into(column),
            Self::RowCountBetween { .. } | Self::ColumnsMatchSet { .. } | Self::Other { .. } => {}
        }
    }

    /// Whether `mostly` applies (the column-values rules).
    #[must_use]
    pub fn takes_mostly(&self) -> bool {
        matches!(
            self,
            Self::NotNull { .. }
                | Self::Between { .. }
                | Self::InSet { .. }
                | Self::NotInSet { .. }
                | Self::Unique { .. }
                | Self::MatchRegex { .. }
                | Self::ValueLengthsBetween { .. }
        )
    }
}

/// One validation rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidationRule {
    /// What it checks.
    pub kind: RuleKind,
    /// The fraction of non-null rows (all rows for not-null) that must pass; `None` = all of them.
    #[serde(default, deserialize_with = "crate::model::finite::option_f64")]
    pub mostly: Option<f64>,
    /// How much a failure matters.
    #[serde(default)]
    pub severity: Severity,
    /// Why the rule exists, what to do when it fails.
    #[serde(default)]
    pub note: String,
}

impl ValidationRule {
    /// A blocking rule without `mostly` or note.
    #[must_use]
    pub fn new(kind: RuleKind) -> Self {
        Self {
            kind,
            mostly: None,
            severity: Severity::Blocking,
            note: String::new(),
        }
    }
}

/// How cells are read as missing when a suite runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum MissingReading {
    /// Only an empty cell (plus the dataset's declared missing tokens) is null: Riskbench's reading.
    #[default]
    EmptyCells,
    /// Also pandas' default NA tokens (`NA`, `N/A`, `null`, `None`, `NaN`, …), as `pandas.read_csv` reads.
    Pandas,
}

impl MissingReading {
    /// The name used in JSON and on the command line (`empty`, `pandas`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EmptyCells => "empty",
            Self::Pandas => "pandas",
        }
    }
}

/// The validation rules of one dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidationSuite {
    /// Stable id (`suite-1`).
    pub suite_id: String,
    /// Name (the GX suite name when imported).
    pub name: String,
    /// The dataset the rules apply to.
    pub dataset_id: String,
    /// The rules, in order.
    #[serde(default)]
    pub rules: Vec<ValidationRule>,
    /// How missing cells are read.
    #[serde(default)]
    pub reading: MissingReading,
}

/// A suite id not used yet among `suites` (`suite-1`, `suite-2`, …).
#[must_use]
pub fn next_suite_id(suites: &[ValidationSuite]) -> String {
    let next = suites
        .iter()
        .filter_map(|s| s.suite_id.strip_prefix("suite-")?.parse::<u32>().ok())
        .max()
        .map_or(1, |n| n.saturating_add(1));
    format!("suite-{next}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_follow_strict_flags() {
        let b = Bounds {
            min: Some(0.0),
            max: Some(10.0),
            strict_min: true,
            strict_max: false,
        };
        assert!(!b.contains(0.0));
        assert!(b.contains(10.0));
        assert!(!b.contains(10.5));
        assert_eq!(b.describe("x"), "0 < x ≤ 10");
    }

    #[test]
    fn severity_names_round_trip() {
        for s in Severity::ALL {
            assert_eq!(Severity::parse(s.as_str()), Some(s));
        }
        assert_eq!(Severity::parse("fatal"), None);
    }

    #[test]
    fn suite_ids_continue() {
        let s = ValidationSuite {
            suite_id: "suite-4".into(),
            name: "x".into(),
            dataset_id: "ds-1".into(),
            rules: vec![],
            reading: MissingReading::EmptyCells,
        };
        assert_eq!(next_suite_id(&[s]), "suite-5");
    }
}
