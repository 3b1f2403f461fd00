//! Editing validation rules (Measure › Validation's rule editor): the rule types an analyst can pick
//! ([`RuleType`]), changing a rule's type while keeping what still applies (its column, bounds, value set),
//! set values typed from what the analyst writes ([`parse_set_value`]), and the problems of a rule as clear
//! messages ([`rule_problems`]): a regex that does not compile, `mostly` outside [0, 1], a lower bound above
//! the upper one, no column, an empty value set. The same checks as a suite import (`gx::parse_suite`), so a
//! rule the editor accepts also exports and imports.

use super::validation::{Bounds, ColumnStat, RuleKind, SetValue, ValidationRule};

/// A rule type offered by the editor (every implemented GX expectation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleType {
    /// `expect_column_values_to_not_be_null`.
    NotNull,
    /// `expect_column_values_to_be_between`.
    Between,
    /// `expect_column_values_to_be_in_set`.
    InSet,
    /// `expect_column_values_to_not_be_in_set`.
    NotInSet,
    /// `expect_column_values_to_be_unique`.
    Unique,
    /// `expect_column_values_to_match_regex`.
    MatchRegex,
    /// `expect_column_value_lengths_to_be_between`.
    ValueLengthsBetween,
    /// `expect_table_row_count_to_be_between`.
    RowCountBetween,
    /// `expect_table_columns_to_match_set`.
    ColumnsMatchSet,
    /// `expect_column_<stat>_to_be_between`.
    Stat(ColumnStat),
    /// `expect_column_distinct_values_to_be_in_set`.
    DistinctValuesInSet,
}

impl RuleType {
    /// Every type, in the order the editor lists them.
    pub const ALL: [Self; 15] = [
        Self::NotNull,
        Self::Between,
        Self::InSet,
        Self::NotInSet,
        Self::Unique,
        Self::MatchRegex,
        Self::ValueLengthsBetween,
        Self::DistinctValuesInSet,
        Self::Stat(ColumnStat::Mean),
        Self::Stat(ColumnStat::Median),
        Self::Stat(ColumnStat::Stdev),
        Self::Stat(ColumnStat::Min),
        Self::Stat(ColumnStat::Max),
        Self::RowCountBetween,
        Self::ColumnsMatchSet,
    ];

    /// The type of a rule; `None` for an expectation Riskbench does not implement.
    #[must_use]
    pub fn of(kind: &RuleKind) -> Option<Self> {
        Some(match kind {
            RuleKind::NotNull { .. } => Self::NotNull,
            RuleKind::Between { .. } => Self::Between,
            RuleKind::InSet { .. } => Self::InSet,
            RuleKind::NotInSet { .. } => Self::NotInSet,
            RuleKind::Unique { .. } => Self::Unique,
            RuleKind::MatchRegex { .. } => Self::MatchRegex,
            RuleKind::ValueLengthsBetween { .. } => Self::ValueLengthsBetween,
            RuleKind::RowCountBetween { .. } => Self::RowCountBetween,
            RuleKind::ColumnsMatchSet { .. } => Self::ColumnsMatchSet,
            RuleKind::StatBetween { stat, .. } => Self::Stat(*stat),
            RuleKind::DistinctValuesInSet { .. } => Self::DistinctValuesInSet,
            RuleKind::Other { .. } => return None,
        })
    }

    /// Words for the picker, e.g. "values not null", "column mean between".
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::NotNull => "values not null".to_owned(),
            Self::Between => "values between".to_owned(),
            Self::InSet => "values in set".to_owned(),
            Self::NotInSet => "values not in set".to_owned(),
            Self::Unique => "values unique".to_owned(),
            Self::MatchRegex => "values match regex".to_owned(),
            Self::ValueLengthsBetween => "value lengths between".to_owned(),
            Self::RowCountBetween => "row count between".to_owned(),
            Self::ColumnsMatchSet => "columns match set".to_owned(),
            Self::Stat(s) => format!("column {} between", s.word()),
            Self::DistinctValuesInSet => "distinct values in set".to_owned(),
        }
    }

    /// Whether rules of this type are about one column.
    #[must_use]
    pub fn has_column(self) -> bool {
        !matches!(self, Self::RowCountBetween | Self::ColumnsMatchSet)
    }

    /// A rule of this type made from `kind`, keeping its column, bounds and value set where they apply
    /// (a new rule: pass any kind with the column wanted, e.g. `NotNull`).
    #[must_use]
    pub fn convert(self, kind: &RuleKind) -> RuleKind {
        let column = kind.column().unwrap_or_default().to_owned();
        let bounds = match kind {
            RuleKind::Between { bounds, .. }
            | RuleKind::ValueLengthsBetween { bounds, .. }
            | RuleKind::RowCountBetween { bounds }
            | RuleKind::StatBetween { bounds, .. } => bounds.clone(),
            _ => Bounds::default(),
        };
        let values = match kind {
            RuleKind::InSet { values, .. }
            | RuleKind::NotInSet { values, .. }
            | RuleKind::DistinctValuesInSet { values, .. } => values.clone(),
            _ => Vec::new(),
        };
        match self {
            Self::NotNull => RuleKind::NotNull { column },
            Self::Between => RuleKind::Between { column, bounds },
            Self::InSet => RuleKind::InSet { column, values },
            Self::NotInSet => RuleKind::NotInSet { column, values },
            Self::Unique => RuleKind::Unique { column },
            Self::MatchRegex => RuleKind::MatchRegex {
                column,
                regex: match kind {
                    RuleKind::MatchRegex { regex, .. } => regex.clone(),
                    _ => String::new(),
                },
            },
            Self::ValueLengthsBetween => RuleKind::ValueLengthsBetween { column, bounds },
            Self::RowCountBetween => RuleKind::RowCountBetween { bounds },
            Self::ColumnsMatchSet => RuleKind::ColumnsMatchSet {
                columns: match kind {
                    RuleKind::ColumnsMatchSet { columns, .. } => columns.clone(),
                    _ => Vec::new(),
                },
                exact_match: match kind {
                    RuleKind::ColumnsMatchSet { exact_match, .. } => *exact_match,
                    _ => true,
                },
            },
            Self::Stat(stat) => RuleKind::StatBetween {
                stat,
                column,
                bounds,
            },
            Self::DistinctValuesInSet => RuleKind::DistinctValuesInSet { column, values },
        }
    }
}

/// A set value from what the analyst typed: `"…"` (quoted) is text as written, `true`/`false` a boolean, a
/// whole number an integer, another number a float, anything else text. `None` for an empty entry.
#[must_use]
pub fn parse_set_value(text: &str) -> Option<SetValue> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(inner) = t.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        return Some(SetValue::Text(inner.to_owned()));
    }
    if t == "true" || t == "false" {
        return Some(SetValue::Bool(t == "true"));
    }
    if let Ok(i) = t.parse::<i64>() {
        return Some(SetValue::Int(i));
    }
    if let Ok(f) = t.parse::<f64>()
        && f.is_finite()
    {
        return Some(SetValue::Float(f));
    }
    Some(SetValue::Text(t.to_owned()))
}

/// How a set value is shown in the editor so that [`parse_set_value`] reads it back the same: text that
/// would read as a number or a boolean (or has surrounding spaces) is quoted.
#[must_use]
pub fn set_value_text(value: &SetValue) -> String {
    match value {
        SetValue::Text(t) => {
            let ambiguous = t.trim() != t
                || t.is_empty()
                || !matches!(parse_set_value(t), Some(SetValue::Text(_)))
                || t.starts_with('"');
            if ambiguous {
                format!("\"{t}\"")
            } else {
                t.clone()
            }
        }
        other => other.display(),
    }
}

/// Which field of a rule a problem is about (for an inline message beside it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleField {
    /// The column.
    Column,
    /// The bounds.
    Bounds,
    /// The value set or the column list.
    Values,
    /// The regular expression.
    Regex,
    /// `mostly`.
    Mostly,
}

/// One problem of a rule.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleProblem {
    /// The field it is about.
    pub field: RuleField,
    /// What is wrong and what is expected.
    pub message: String,
}

/// The problems of a rule, in field order (empty when it can run as meant).
#[must_use]
pub fn rule_problems(rule: &ValidationRule) -> Vec<RuleProblem> {
    let mut out = Vec::new();
    let mut push = |field, message: String| out.push(RuleProblem { field, message });
    if let Some(column) = rule.kind.column()
        && column.trim().is_empty()
    {
        push(RuleField::Column, "choose a column".to_owned());
    }
    match &rule.kind {
        RuleKind::Between { bounds, .. }
        | RuleKind::ValueLengthsBetween { bounds, .. }
        | RuleKind::RowCountBetween { bounds }
        | RuleKind::StatBetween { bounds, .. } => {
            if bounds.min.is_none() && bounds.max.is_none() {
                push(
                    RuleField::Bounds,
                    "give a minimum, a maximum or both".to_owned(),
                );
            }
            if let (Some(lo), Some(hi)) = (bounds.min, bounds.max)
                && lo > hi
            {
                push(
                    RuleField::Bounds,
                    format!("the minimum {lo} is above the maximum {hi}"),
                );
            }
            if [bounds.min, bounds.max]
                .iter()
                .flatten()
                .any(|x| !x.is_finite())
            {
                push(
                    RuleField::Bounds,
                    "bounds must be finite numbers".to_owned(),
                );
            }
        }
        RuleKind::InSet { values, .. }
        | RuleKind::NotInSet { values, .. }
        | RuleKind::DistinctValuesInSet { values, .. } => {
            if values.is_empty() {
                push(RuleField::Values, "add at least one value".to_owned());
            }
        }
        RuleKind::ColumnsMatchSet { columns, .. } => {
            if columns.is_empty() {
                push(RuleField::Values, "add at least one column".to_owned());
            }
        }
        RuleKind::MatchRegex { regex, .. } => {
            if regex.is_empty() {
                push(RuleField::Regex, "write a regular expression".to_owned());
            } else if let Err(e) = regex::Regex::new(regex) {
                let detail = e.to_string();
                let last = detail.lines().last().unwrap_or_default().trim().to_owned();
                push(
                    RuleField::Regex,
                    format!("the regex {regex:?} does not compile: {last}"),
                );
            }
        }
        RuleKind::NotNull { .. } | RuleKind::Unique { .. } | RuleKind::Other { .. } => {}
    }
    if let Some(m) = rule.mostly
        && !(0.0..=1.0).contains(&m)
    {
        push(
            RuleField::Mostly,
            format!("mostly must be between 0 and 1 (a fraction of the rows), not {m}"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(kind: RuleKind) -> ValidationRule {
        ValidationRule::new(kind)
    }

    #[test]
    fn a_regex_that_does_not_compile_and_mostly_out_of_range_are_named() {
        let mut r = rule(RuleKind::MatchRegex {
            column: "email".into(),
            regex: "(ab".into(),
        });
        r.mostly = Some(1.5);
        let problems = rule_problems(&r);
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].field, RuleField::Regex);
        assert!(
            problems[0]
                .message
                .starts_with("the regex \"(ab\" does not compile: "),
            "{}",
            problems[0].message
        );
        assert_eq!(
            problems[1].message,
            "mostly must be between 0 and 1 (a fraction of the rows), not 1.5"
        );
        r.mostly = Some(0.9);
        r.kind = RuleKind::MatchRegex {
            column: "email".into(),
            regex: "^[a-z]+@".into(),
        };
        assert!(rule_problems(&r).is_empty());
    }

    #[test]
    fn bounds_sets_and_columns_need_something() {
        let crossed = rule(RuleKind::Between {
            column: "age".into(),
            bounds: Bounds {
                min: Some(10.0),
                max: Some(1.0),
                ..Bounds::default()
            },
        });
        assert_eq!(
            rule_problems(&crossed)[0].message,
            "the minimum 10 is above the maximum 1"
        );
        let empty = rule(RuleKind::InSet {
            column: String::new(),
            values: Vec::new(),
        });
        let fields: Vec<RuleField> = rule_problems(&empty).iter().map(|p| p.field).collect();
        assert_eq!(fields, vec![RuleField::Column, RuleField::Values]);
    }

    #[test]
    fn changing_the_type_keeps_column_bounds_and_values() {
        let between = RuleKind::Between {
            column: "income".into(),
            bounds: Bounds {
                min: Some(0.0),
                ..Bounds::default()
            },
        };
        let stat = RuleType::Stat(ColumnStat::Median).convert(&between);
        assert_eq!(
            stat,
            RuleKind::StatBetween {
                stat: ColumnStat::Median,
                column: "income".into(),
                bounds: Bounds {
                    min: Some(0.0),
                    ..Bounds::default()
                },
            }
        );
        assert_eq!(
            RuleType::of(&stat),
            Some(RuleType::Stat(ColumnStat::Median))
        );
        let set = RuleType::InSet.convert(&RuleKind::NotInSet {
            column: "sex".into(),
            values: vec![SetValue::Text("x".into())],
        });
        assert_eq!(
            set,
            RuleKind::InSet {
                column: "sex".into(),
                values: vec![SetValue::Text("x".into())]
            }
        );
        for t in RuleType::ALL {
            assert_eq!(RuleType::of(&t.convert(&between)), Some(t));
        }
    }

    #[test]
    fn set_values_are_typed_and_read_back() {
        assert_eq!(parse_set_value(" 3 "), Some(SetValue::Int(3)));
        assert_eq!(parse_set_value("2.5"), Some(SetValue::Float(2.5)));
        assert_eq!(parse_set_value("true"), Some(SetValue::Bool(true)));
        assert_eq!(parse_set_value("\"1\""), Some(SetValue::Text("1".into())));
        assert_eq!(
            parse_set_value("female"),
            Some(SetValue::Text("female".into()))
        );
        assert_eq!(parse_set_value("  "), None);
        for v in [
            SetValue::Text("1".into()),
            SetValue::Text("true".into()),
            SetValue::Text(" padded".into()),
            SetValue::Text("plain".into()),
            SetValue::Int(-4),
            SetValue::Float(0.25),
            SetValue::Bool(false),
        ] {
            assert_eq!(
                parse_set_value(&set_value_text(&v)),
                Some(v.clone()),
                "{v:?}"
            );
        }
    }
}
