//! Great Expectations 1.x suite JSON: reading a suite into typed rules and writing rules back as a suite.
//!
//! A suite is `{"name", "expectations": [{"type": "expect_…", "kwargs": {…}, "severity", "notes", "meta"}]}`.
//! GX's `severity` (`critical`, `warning`, `info`; default `critical`) maps to Riskbench's blocking, warning
//! and info; `notes` (text or a list of lines) is the rule's note. Kwargs GX uses for running rather than
//! checking (`result_format`, `catch_exceptions`, `meta`, `batch_id`) are ignored; a `row_condition` is not
//! supported, so such an expectation is kept and runs as a failed result saying so. An unknown expectation
//! type is kept as written ([`RuleKind::Other`]) and exported unchanged.
//!
//! Errors name the expectation by its index in the file (`expectations[2]`) and say what was expected.

use serde_json::{Map, Value, json};

use crate::model::validation::{Bounds, ColumnStat, RuleKind, SetValue, Severity, ValidationRule};

/// A suite read from GX JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedSuite {
    /// The suite's name.
    pub name: String,
    /// The rules, in file order.
    pub rules: Vec<ValidationRule>,
}

/// Why a suite file cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SuiteError {
    /// The text is not JSON.
    #[error("not valid JSON: line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The document is not a suite.
    #[error("not a Great Expectations suite: {0}")]
    Shape(String),
    /// One expectation is malformed.
    #[error("expectations[{index}] ({expectation_type}): {message}")]
    Expectation {
        /// 0-based index in `expectations`.
        index: usize,
        /// Its type, as written.
        expectation_type: String,
        /// What is wrong and what was expected.
        message: String,
    },
}

/// Kwargs that only steer how GX runs or reports, ignored here.
const IGNORED_KWARGS: [&str; 5] = [
    "result_format",
    "catch_exceptions",
    "meta",
    "batch_id",
    "include_config",
];

/// Parses a GX 1.x suite.
///
/// # Errors
/// [`SuiteError`] naming the line and column of invalid JSON, or the index of a malformed expectation (a
/// missing or mistyped argument, a regex that does not compile, `mostly` outside [0, 1]).
pub fn parse_suite(text: &str) -> Result<ImportedSuite, SuiteError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| SuiteError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let obj = doc
        .as_object()
        .ok_or_else(|| SuiteError::Shape("the document is not a JSON object".into()))?;
    let name = obj
        .get("name")
        .or_else(|| obj.get("expectation_suite_name"))
        .and_then(Value::as_str)
        .unwrap_or("suite")
        .to_owned();
    let list = obj
        .get("expectations")
        .and_then(Value::as_array)
        .ok_or_else(|| SuiteError::Shape("no \"expectations\" array".into()))?;
    let rules = list
        .iter()
        .enumerate()
        .map(|(index, e)| parse_expectation(index, e))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ImportedSuite { name, rules })
}

fn parse_expectation(index: usize, e: &Value) -> Result<ValidationRule, SuiteError> {
    let obj = e.as_object().ok_or_else(|| SuiteError::Expectation {
        index,
        expectation_type: "?".into(),
        message: "an expectation must be a JSON object".into(),
    })?;
    let expectation_type = obj
        .get("type")
        .or_else(|| obj.get("expectation_type"))
        .and_then(Value::as_str)
        .ok_or_else(|| SuiteError::Expectation {
            index,
            expectation_type: "?".into(),
            message: "no \"type\" (e.g. \"expect_column_values_to_not_be_null\")".into(),
        })?
        .to_owned();
    let empty = Map::new();
    let kwargs = match obj.get("kwargs") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(m)) => m,
        Some(_) => {
            return Err(SuiteError::Expectation {
                index,
                expectation_type,
                message: "\"kwargs\" must be an object".into(),
            });
        }
    };
    let err = |message: String| SuiteError::Expectation {
        index,
        expectation_type: expectation_type.clone(),
        message,
    };
    let severity = match obj.get("severity").and_then(Value::as_str) {
        None => obj
            .get("meta")
            .and_then(|m| m.get("severity"))
            .and_then(Value::as_str)
            .map_or(Ok(Severity::Blocking), |s| severity_from_gx(s).ok_or(s))
            .map_err(|s| {
                err(format!(
                    "unknown severity {s:?} (critical, warning or info)"
                ))
            })?,
        Some(s) => severity_from_gx(s).ok_or_else(|| {
            err(format!(
                "unknown severity {s:?} (critical, warning or info)"
            ))
        })?,
    };
    let note = match obj.get("notes") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(lines)) => lines
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    };
    let mostly = match kwargs.get("mostly") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let m = v
                .as_f64()
                .ok_or_else(|| err(format!("mostly must be a number in [0, 1], not {v}")))?;
            if !(0.0..=1.0).contains(&m) {
                return Err(err(format!("mostly must be in [0, 1], not {m}")));
            }
            Some(m)
        }
    };
    let kind = if kwargs.contains_key("row_condition") {
        other(&expectation_type, kwargs)
    } else {
        parse_kind(&expectation_type, kwargs).map_err(err)?
    };
    if mostly.is_some() && !kind.takes_mostly() && !matches!(kind, RuleKind::Other { .. }) {
        return Err(err(
            "mostly applies only to column-values expectations".into()
        ));
    }
    Ok(ValidationRule {
        kind,
        mostly,
        severity,
        note,
    })
}

fn severity_from_gx(s: &str) -> Option<Severity> {
    match s.trim().to_ascii_lowercase().as_str() {
        "critical" | "blocking" => Some(Severity::Blocking),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

fn severity_to_gx(s: Severity) -> &'static str {
    match s {
        Severity::Blocking => "critical",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn other(expectation_type: &str, kwargs: &Map<String, Value>) -> RuleKind {
    RuleKind::Other {
        expectation_type: expectation_type.to_owned(),
        kwargs_json: Value::Object(kwargs.clone()).to_string(),
    }
}

fn column(kwargs: &Map<String, Value>) -> Result<String, String> {
    match kwargs.get("column") {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(v) => Err(format!("\"column\" must be a column name, not {v}")),
        None => Err("no \"column\" argument".into()),
    }
}

fn number(kwargs: &Map<String, Value>, key: &str) -> Result<Option<f64>, String> {
    match kwargs.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_f64().map(Some).ok_or_else(|| {
            format!(
                "{key} must be a number or null, not {v} (dates and text bounds are not supported)"
            )
        }),
    }
}

fn flag(kwargs: &Map<String, Value>, key: &str, default: bool) -> Result<bool, String> {
    match kwargs.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(v) => Err(format!("{key} must be true or false, not {v}")),
    }
}

fn bounds(kwargs: &Map<String, Value>) -> Result<Bounds, String> {
    let b = Bounds {
        min: number(kwargs, "min_value")?,
        max: number(kwargs, "max_value")?,
        strict_min: flag(kwargs, "strict_min", false)?,
        strict_max: flag(kwargs, "strict_max", false)?,
    };
    if let (Some(lo), Some(hi)) = (b.min, b.max)
        && lo > hi
    {
        return Err(format!("min_value {lo} is greater than max_value {hi}"));
    }
    Ok(b)
}

fn value_set(kwargs: &Map<String, Value>) -> Result<Vec<SetValue>, String> {
    let list = match kwargs.get("value_set") {
        Some(Value::Array(list)) => list,
        Some(v) => return Err(format!("value_set must be a list, not {v}")),
        None => return Err("no \"value_set\" argument".into()),
    };
    list.iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::Bool(b) => Ok(SetValue::Bool(*b)),
            Value::String(s) => Ok(SetValue::Text(s.clone())),
            Value::Number(n) => Ok(n.as_i64().map_or_else(
                || SetValue::Float(n.as_f64().unwrap_or(f64::NAN)),
                SetValue::Int,
            )),
            other => Err(format!(
                "value_set[{i}] must be a number, text or boolean, not {other}"
            )),
        })
        .collect()
}

fn parse_kind(expectation_type: &str, kwargs: &Map<String, Value>) -> Result<RuleKind, String> {
    let stat = |s| -> Result<RuleKind, String> {
        Ok(RuleKind::StatBetween {
            stat: s,
            column: column(kwargs)?,
            bounds: bounds(kwargs)?,
        })
    };
    Ok(match expectation_type {
        "expect_column_values_to_not_be_null" => RuleKind::NotNull {
            column: column(kwargs)?,
        },
        "expect_column_values_to_be_between" => RuleKind::Between {
            column: column(kwargs)?,
            bounds: bounds(kwargs)?,
        },
        "expect_column_values_to_be_in_set" => RuleKind::InSet {
            column: column(kwargs)?,
            values: value_set(kwargs)?,
        },
        "expect_column_values_to_not_be_in_set" => RuleKind::NotInSet {
            column: column(kwargs)?,
            values: value_set(kwargs)?,
        },
        "expect_column_values_to_be_unique" => RuleKind::Unique {
            column: column(kwargs)?,
        },
        "expect_column_values_to_match_regex" => {
            let regex = match kwargs.get("regex") {
                Some(Value::String(s)) => s.clone(),
                Some(v) => return Err(format!("regex must be text, not {v}")),
                None => return Err("no \"regex\" argument".into()),
            };
            if let Err(e) = regex::Regex::new(&regex) {
                return Err(format!(
                    "the regex {regex:?} does not compile: {}",
                    super::one_line(&e.to_string())
                ));
            }
            RuleKind::MatchRegex {
                column: column(kwargs)?,
                regex,
            }
        }
        "expect_column_value_lengths_to_be_between" => RuleKind::ValueLengthsBetween {
            column: column(kwargs)?,
            bounds: bounds(kwargs)?,
        },
        "expect_table_row_count_to_be_between" => RuleKind::RowCountBetween {
            bounds: bounds(kwargs)?,
        },
        "expect_table_columns_to_match_set" => {
            let columns = match kwargs.get("column_set") {
                Some(Value::Array(list)) => list
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_owned)
                            .ok_or_else(|| format!("column_set must list column names, not {v}"))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                Some(v) => return Err(format!("column_set must be a list, not {v}")),
                None => return Err("no \"column_set\" argument".into()),
            };
            RuleKind::ColumnsMatchSet {
                columns,
                exact_match: flag(kwargs, "exact_match", true)?,
            }
        }
        "expect_column_mean_to_be_between" => stat(ColumnStat::Mean)?,
        "expect_column_median_to_be_between" => stat(ColumnStat::Median)?,
        "expect_column_stdev_to_be_between" => stat(ColumnStat::Stdev)?,
        "expect_column_min_to_be_between" => stat(ColumnStat::Min)?,
        "expect_column_max_to_be_between" => stat(ColumnStat::Max)?,
        "expect_column_distinct_values_to_be_in_set" => {
            let values = value_set(kwargs)?;
            if values.is_empty() {
                return Err("value_set must not be empty".into());
            }
            RuleKind::DistinctValuesInSet {
                column: column(kwargs)?,
                values,
            }
        }
        _ => {
            let _ = IGNORED_KWARGS;
            other(expectation_type, kwargs)
        }
    })
}

/// The GX expectation type of a rule.
#[must_use]
pub fn expectation_type(kind: &RuleKind) -> String {
    match kind {
        RuleKind::NotNull { .. } => "expect_column_values_to_not_be_null".into(),
        RuleKind::Between { .. } => "expect_column_values_to_be_between".into(),
        RuleKind::InSet { .. } => "expect_column_values_to_be_in_set".into(),
        RuleKind::NotInSet { .. } => "expect_column_values_to_not_be_in_set".into(),
        RuleKind::Unique { .. } => "expect_column_values_to_be_unique".into(),
        RuleKind::MatchRegex { .. } => "expect_column_values_to_match_regex".into(),
        RuleKind::ValueLengthsBetween { .. } => "expect_column_value_lengths_to_be_between".into(),
        RuleKind::RowCountBetween { .. } => "expect_table_row_count_to_be_between".into(),
        RuleKind::ColumnsMatchSet { .. } => "expect_table_columns_to_match_set".into(),
        RuleKind::StatBetween { stat, .. } => {
            format!("expect_column_{}_to_be_between", stat.word())
        }
        RuleKind::DistinctValuesInSet { .. } => "expect_column_distinct_values_to_be_in_set".into(),
        RuleKind::Other {
            expectation_type, ..
        } => expectation_type.clone(),
    }
}

/// A number as JSON: an integer when it is whole (so `18` stays `18`).
fn num(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "whole and within i64 range"
        )]
        let i = x as i64;
        json!(i)
    } else {
        json!(x)
    }
}

fn set_json(values: &[SetValue]) -> Value {
    Value::Array(
        values
            .iter()
            .map(|v| match v {
                SetValue::Int(i) => json!(i),
                SetValue::Float(f) => json!(f),
                SetValue::Text(t) => json!(t),
                SetValue::Bool(b) => json!(b),
            })
            .collect(),
    )
}

fn bounds_json(kwargs: &mut Map<String, Value>, b: &Bounds) {
    kwargs.insert("min_value".into(), b.min.map_or(Value::Null, num));
    kwargs.insert("max_value".into(), b.max.map_or(Value::Null, num));
    if b.strict_min {
        kwargs.insert("strict_min".into(), json!(true));
    }
    if b.strict_max {
        kwargs.insert("strict_max".into(), json!(true));
    }
}

/// The GX kwargs of a rule (with `mostly` when set).
#[must_use]
pub fn kwargs(rule: &ValidationRule) -> Map<String, Value> {
    let mut k = Map::new();
    if let Some(c) = rule.kind.column() {
        k.insert("column".into(), json!(c));
    }
    match &rule.kind {
        RuleKind::NotNull { .. } | RuleKind::Unique { .. } => {}
        RuleKind::Between { bounds, .. }
        | RuleKind::ValueLengthsBetween { bounds, .. }
        | RuleKind::RowCountBetween { bounds }
        | RuleKind::StatBetween { bounds, .. } => bounds_json(&mut k, bounds),
        RuleKind::InSet { values, .. }
        | RuleKind::NotInSet { values, .. }
        | RuleKind::DistinctValuesInSet { values, .. } => {
            k.insert("value_set".into(), set_json(values));
        }
        RuleKind::MatchRegex { regex, .. } => {
            k.insert("regex".into(), json!(regex));
        }
        RuleKind::ColumnsMatchSet {
            columns,
            exact_match,
        } => {
            k.insert("column_set".into(), json!(columns));
            k.insert("exact_match".into(), json!(exact_match));
        }
        RuleKind::Other { kwargs_json, .. } => {
            if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(kwargs_json) {
                k = m;
            }
        }
    }
    if let Some(m) = rule.mostly {
        k.insert("mostly".into(), json!(m));
    }
    k
}

/// Rules as a GX 1.x suite JSON document.
#[must_use]
pub fn export_suite(name: &str, rules: &[ValidationRule]) -> Value {
    let expectations: Vec<Value> = rules
        .iter()
        .map(|r| {
            let mut e = Map::new();
            e.insert("type".into(), json!(expectation_type(&r.kind)));
            e.insert("kwargs".into(), Value::Object(kwargs(r)));
            e.insert("severity".into(), json!(severity_to_gx(r.severity)));
            if !r.note.is_empty() {
                e.insert("notes".into(), json!(r.note));
            }
            e.insert("meta".into(), json!({}));
            Value::Object(e)
        })
        .collect();
    json!({"name": name, "expectations": expectations, "meta": {"made_by": format!("riskbench {}", crate::VERSION)}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_json_names_line_and_column() {
        let err = parse_suite("{\n  \"name\": \"x\",\n  \"expectations\": [,]\n}").unwrap_err();
        assert!(matches!(err, SuiteError::Json { line: 3, .. }), "{err}");
    }

    #[test]
    fn bad_regex_and_mostly_name_the_index() {
        let text = r#"{"name": "s", "expectations": [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}},
            {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "a", "regex": "(ab"}}]}"#;
        let err = parse_suite(text).unwrap_err().to_string();
        assert!(
            err.starts_with("expectations[1] (expect_column_values_to_match_regex): the regex \"(ab\" does not compile"),
            "{err}"
        );
        let text = r#"{"name": "s", "expectations": [
            {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "a", "mostly": 1.5}}]}"#;
        let err = parse_suite(text).unwrap_err().to_string();
        assert_eq!(
            err,
            "expectations[0] (expect_column_values_to_be_unique): mostly must be in [0, 1], not 1.5"
        );
        let text = r#"{"name": "s", "expectations": [
            {"type": "expect_column_values_to_be_unique", "kwargs": {}}]}"#;
        let err = parse_suite(text).unwrap_err().to_string();
        assert_eq!(
            err,
            "expectations[0] (expect_column_values_to_be_unique): no \"column\" argument"
        );
    }

    #[test]
    fn suites_round_trip_with_severity_notes_and_unknown_types() {
        let text = r#"{"name": "s", "expectations": [
            {"type": "expect_column_values_to_be_between",
             "kwargs": {"column": "age", "min_value": 18, "max_value": null, "strict_min": true, "mostly": 0.9},
             "severity": "warning", "notes": "adults only"},
            {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "g", "value_set": ["a", 1, 2.5, true]}},
            {"type": "expect_column_values_to_be_dateutil_parseable", "kwargs": {"column": "d"}}]}"#;
        let suite = parse_suite(text).unwrap();
        assert_eq!(suite.rules.len(), 3);
        assert_eq!(suite.rules[0].severity, Severity::Warning);
        assert_eq!(suite.rules[0].note, "adults only");
        assert_eq!(suite.rules[0].mostly, Some(0.9));
        assert_eq!(
            suite.rules[1].kind,
            RuleKind::InSet {
                column: "g".into(),
                values: vec![
                    SetValue::Text("a".into()),
                    SetValue::Int(1),
                    SetValue::Float(2.5),
                    SetValue::Bool(true)
                ]
            }
        );
        assert!(matches!(suite.rules[2].kind, RuleKind::Other { .. }));
        let exported = export_suite(&suite.name, &suite.rules).to_string();
        let again = parse_suite(&exported).unwrap();
        assert_eq!(again.rules, suite.rules);
    }
}
