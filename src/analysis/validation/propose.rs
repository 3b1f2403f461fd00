//! Validation rules proposed from a dataset's profile, for the analyst to edit and accept: the table's
//! columns, its row count, per column the null share, the observed range (numbers) or set of values
//! (categories and booleans, when every value was counted), and uniqueness (identifiers). Each proposal has a
//! `mostly` that leaves room for what the profile saw (a column 3 % empty gets `not_null` with `mostly` 0.96),
//! a severity and a note saying where it came from. Nothing here reads data: only the [`Profile`].

use crate::analysis::profile::{CellValue, Profile, Variable};
use crate::model::data_columns::ColumnKind;
use crate::model::validation::{Bounds, RuleKind, SetValue, Severity, ValidationRule};

/// Categories with more distinct values than this get no `in_set` proposal.
pub const MAX_SET_VALUES: u64 = 50;

/// The `mostly` proposed for range and set rules: 1 % of rows may fall outside what the profile saw.
pub const RANGE_MOSTLY: f64 = 0.99;

fn rule(kind: RuleKind, mostly: Option<f64>, severity: Severity, note: String) -> ValidationRule {
    ValidationRule {
        kind,
        mostly,
        severity,
        note,
    }
}

/// `1 − share − 0.01`, rounded down to two decimals and kept in `[0, 1]`: a little below the observed
/// non-null share.
fn mostly_below(non_null_share: f64) -> f64 {
    (((non_null_share - 0.01) * 100.0).floor() / 100.0).clamp(0.0, 1.0)
}

/// A set value typed as the column is stored: the profile shows the values of a 0/1 column read as integers
/// as text, and a number never equals the text `"1"` in a rule.
fn typed_set_value(value: &CellValue, numeric_storage: bool) -> SetValue {
    if numeric_storage
        && let CellValue::Text(t) = value
        && let Ok(v) = t.trim().parse::<f64>()
    {
        return set_value(&CellValue::Number(v));
    }
    set_value(value)
}

fn set_value(value: &CellValue) -> SetValue {
    match value {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "only whole numbers within i64's range are converted"
        )]
        CellValue::Number(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => SetValue::Int(*v as i64),
        CellValue::Number(v) => SetValue::Float(*v),
        CellValue::Text(t) => SetValue::Text(t.clone()),
    }
}

fn column_rules(v: &Variable, out: &mut Vec<ValidationRule>) {
    let column = v.name.clone();
    let rows = v.count + v.missing;
    if rows == 0 || v.count == 0 {
        return;
    }
    if v.missing == 0 {
        out.push(rule(
            RuleKind::NotNull {
                column: column.clone(),
            },
            None,
            Severity::Blocking,
            format!("Proposed from the profile: no empty cell in {rows} rows."),
        ));
    } else {
        out.push(rule(
            RuleKind::NotNull {
                column: column.clone(),
            },
            Some(mostly_below(1.0 - v.missing_share)),
            Severity::Warning,
            format!(
                "Proposed from the profile: {} of {rows} cells empty ({:.1} %).",
                v.missing,
                v.missing_share * 100.0
            ),
        ));
    }
    match v.kind {
        ColumnKind::Numeric => {
            if let Some(n) = &v.numeric
                && let (Some(min), Some(max)) = (n.min, n.max)
                && min.is_finite()
                && max.is_finite()
            {
                out.push(rule(
                    RuleKind::Between {
                        column,
                        bounds: Bounds {
                            min: Some(min),
                            max: Some(max),
                            strict_min: false,
                            strict_max: false,
                        },
                    },
                    Some(RANGE_MOSTLY),
                    Severity::Warning,
                    format!("Proposed from the profile: observed range {min} to {max}."),
                ));
            }
        }
        ColumnKind::Categorical | ColumnKind::Boolean => {
            if let Some(f) = &v.frequencies
                && f.other_values == 0
                && v.distinct <= MAX_SET_VALUES
                && !f.values.is_empty()
            {
                let numeric_storage = v.dtype.starts_with(['i', 'u', 'f']);
                let values: Vec<SetValue> = f
                    .values
                    .iter()
                    .map(|c| typed_set_value(&c.value, numeric_storage))
                    .collect();
                out.push(rule(
                    RuleKind::InSet { column, values },
                    Some(RANGE_MOSTLY),
                    Severity::Warning,
                    format!(
                        "Proposed from the profile: the {} values observed.",
                        v.distinct
                    ),
                ));
            }
        }
        ColumnKind::Identifier => {
            if v.distinct == v.count {
                out.push(rule(
                    RuleKind::Unique { column },
                    None,
                    Severity::Blocking,
                    format!(
                        "Proposed from the profile: all {} values distinct.",
                        v.count
                    ),
                ));
            }
        }
        ColumnKind::DateTime | ColumnKind::Text => {}
    }
}

/// Values the editor suggests for a column's value set: the profile's most frequent values (every counted
/// value of a categorical or boolean column, the top values otherwise), typed as the column is stored, most
/// frequent first. Columns without counted values are left out.
#[must_use]
pub fn value_suggestions(profile: &Profile) -> std::collections::BTreeMap<String, Vec<SetValue>> {
    profile
        .variables
        .iter()
        .filter_map(|v| {
            let numeric_storage = v.dtype.starts_with(['i', 'u', 'f']);
            let counted = v.frequencies.as_ref().map_or(&v.top, |f| &f.values);
            let values: Vec<SetValue> = counted
                .iter()
                .take(usize::try_from(MAX_SET_VALUES).unwrap_or(usize::MAX))
                .map(|c| typed_set_value(&c.value, numeric_storage))
                .collect();
            (!values.is_empty()).then(|| (v.name.clone(), values))
        })
        .collect()
}

/// The rules proposed for a dataset from its profile: the column set (exact, blocking), the row count
/// (half to twice the profiled rows, warning), then per column in table order `not_null`, a range or set,
/// and uniqueness as described in the module documentation.
#[must_use]
pub fn propose_rules(profile: &Profile) -> Vec<ValidationRule> {
    let mut out = vec![rule(
        RuleKind::ColumnsMatchSet {
            columns: profile.variables.iter().map(|v| v.name.clone()).collect(),
            exact_match: true,
        },
        None,
        Severity::Blocking,
        "Proposed from the profile: the columns profiled.".to_owned(),
    )];
    let rows = profile.overview.rows;
    if rows > 0 {
        #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^52")]
        let rows_f = rows as f64;
        out.push(rule(
            RuleKind::RowCountBetween {
                bounds: Bounds {
                    min: Some((rows_f / 2.0).floor()),
                    max: Some(rows_f * 2.0),
                    strict_min: false,
                    strict_max: false,
                },
            },
            None,
            Severity::Warning,
            format!("Proposed from the profile: {rows} rows profiled; half to twice that."),
        ));
    }
    for v in &profile.variables {
        column_rules(v, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::profile::{ProfileOptions, profile_frame};
    use crate::analysis::task::TaskControl;
    use std::fmt::Write as _;

    fn profile(csv: &str, options: &ProfileOptions) -> Profile {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("t.csv");
        std::fs::write(&path, csv).unwrap_or_else(|e| panic!("{e}"));
        let df = crate::analysis::table::read_table(&path, &TaskControl::new())
            .unwrap_or_else(|e| panic!("{e}"));
        profile_frame(&df, options, &TaskControl::new()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn proposes_columns_rows_nulls_ranges_sets_and_uniqueness() {
        let mut csv = String::from("id,amount,grade,comment\n");
        for i in 0..40 {
            let grade = ["A", "B", "C"][i % 3];
            let amount = if i % 10 == 0 {
                String::new()
            } else {
                format!("{}", 100 + i * 5)
            };
            let _ = writeln!(csv, "id{i:03},{amount},{grade},note number {i}");
        }
        let mut options = ProfileOptions::default();
        options
            .type_overrides
            .insert("id".to_owned(), ColumnKind::Identifier);
        options
            .type_overrides
            .insert("comment".to_owned(), ColumnKind::Text);
        let p = profile(&csv, &options);
        let rules = propose_rules(&p);
        let kinds: Vec<&RuleKind> = rules.iter().map(|r| &r.kind).collect();
        assert_eq!(
            kinds[0],
            &RuleKind::ColumnsMatchSet {
                columns: vec![
                    "id".into(),
                    "amount".into(),
                    "grade".into(),
                    "comment".into()
                ],
                exact_match: true
            }
        );
        assert_eq!(
            kinds[1],
            &RuleKind::RowCountBetween {
                bounds: Bounds {
                    min: Some(20.0),
                    max: Some(80.0),
                    strict_min: false,
                    strict_max: false
                }
            }
        );
        // id: not null (blocking, all rows), unique.
        assert_eq!(
            rules[2].kind,
            RuleKind::NotNull {
                column: "id".into()
            }
        );
        assert_eq!(
            (rules[2].mostly, rules[2].severity),
            (None, Severity::Blocking)
        );
        assert_eq!(
            rules[3].kind,
            RuleKind::Unique {
                column: "id".into()
            }
        );
        // amount: 4 of 40 empty → mostly 0.89; observed range 105..295 with mostly 0.99.
        assert_eq!(
            rules[4].kind,
            RuleKind::NotNull {
                column: "amount".into()
            }
        );
        assert_eq!(rules[4].mostly, Some(0.89));
        assert_eq!(rules[4].severity, Severity::Warning);
        assert_eq!(
            rules[5].kind,
            RuleKind::Between {
                column: "amount".into(),
                bounds: Bounds {
                    min: Some(105.0),
                    max: Some(295.0),
                    strict_min: false,
                    strict_max: false
                }
            }
        );
        assert_eq!(rules[5].mostly, Some(RANGE_MOSTLY));
        // grade: not null, in the observed set.
        assert_eq!(
            rules[6].kind,
            RuleKind::NotNull {
                column: "grade".into()
            }
        );
        let RuleKind::InSet { column, values } = &rules[7].kind else {
            panic!("in_set expected: {:?}", rules[7].kind)
        };
        assert_eq!(column, "grade");
        let mut texts: Vec<String> = values
            .iter()
            .map(|v| match v {
                SetValue::Text(t) => t.clone(),
                other => panic!("text expected: {other:?}"),
            })
            .collect();
        texts.sort();
        assert_eq!(texts, ["A", "B", "C"]);
        // comment (text): not null only.
        assert_eq!(
            rules[8].kind,
            RuleKind::NotNull {
                column: "comment".into()
            }
        );
        assert_eq!(rules.len(), 9);
        assert!(
            rules
                .iter()
                .all(|r| r.note.starts_with("Proposed from the profile"))
        );
    }

    #[test]
    fn mostly_is_a_little_below_the_observed_share() {
        assert!((mostly_below(0.9) - 0.89).abs() < 1e-12);
        assert!((mostly_below(0.975) - 0.96).abs() < 1e-12);
        assert!(mostly_below(0.005).abs() < 1e-12);
    }

    #[test]
    fn whole_numbers_become_integers_in_sets() {
        assert_eq!(set_value(&CellValue::Number(2.0)), SetValue::Int(2));
        assert_eq!(set_value(&CellValue::Number(2.5)), SetValue::Float(2.5));
        assert_eq!(
            typed_set_value(&CellValue::Text("1".into()), true),
            SetValue::Int(1)
        );
        assert_eq!(
            typed_set_value(&CellValue::Text("1".into()), false),
            SetValue::Text("1".into())
        );
    }
}
