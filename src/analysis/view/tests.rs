//! Unit tests of the table view: filters, comparisons, sorting and cell formatting.

use super::*;

fn frame() -> DataFrame {
    df!(
        "age" => [Some(40), None, Some(25), Some(31), Some(25)],
        "score" => [Some(0.5), Some(f64::NAN), None, Some(-1.25), Some(2.0)],
        "city" => [Some("Paris"), Some("oslo"), Some("Zürich"), None, Some("Paris")],
        "ok" => [Some(true), Some(false), None, Some(true), Some(false)],
    )
    .unwrap()
}

fn rows(filter: &str, scope: Option<&str>, sort: Option<(&str, bool)>) -> Vec<usize> {
    let query = ViewQuery {
        filter: filter.to_owned(),
        filter_column: scope.map(str::to_owned),
        sort: sort.map(|(c, d)| SortKey {
            column: c.to_owned(),
            descending: d,
        }),
        ..ViewQuery::default()
    };
    view_rows(&frame(), &query, &TaskControl::new()).unwrap()
}

#[test]
fn no_query_keeps_every_row_in_order() {
    assert_eq!(rows("", None, None), [0, 1, 2, 3, 4]);
    assert_eq!(rows("   ", None, None), [0, 1, 2, 3, 4]);
}

#[test]
fn integer_sort_is_stable_with_missing_last() {
    assert_eq!(rows("", None, Some(("age", false))), [2, 4, 3, 0, 1]);
    // Descending keeps equal values in file order and missing values last.
    assert_eq!(rows("", None, Some(("age", true))), [0, 3, 2, 4, 1]);
}

#[test]
fn float_sort_puts_nan_after_numbers_and_missing_last() {
    assert_eq!(rows("", None, Some(("score", false))), [3, 0, 4, 1, 2]);
    assert_eq!(rows("", None, Some(("score", true))), [4, 0, 3, 1, 2]);
}

#[test]
fn text_sorts_by_code_point_and_booleans_false_first() {
    assert_eq!(rows("", None, Some(("city", false))), [0, 4, 2, 1, 3]);
    assert_eq!(rows("", None, Some(("ok", false))), [1, 4, 0, 3, 2]);
}

#[test]
fn numbers_sort_as_numbers_not_text() {
    let df = df!("n" => [10, 9, 100, -1]).unwrap();
    let query = ViewQuery {
        sort: Some(SortKey {
            column: "n".into(),
            descending: false,
        }),
        ..ViewQuery::default()
    };
    assert_eq!(
        view_rows(&df, &query, &TaskControl::new()).unwrap(),
        [3, 1, 0, 2]
    );
}

#[test]
fn text_search_ignores_case_in_any_or_one_column() {
    assert_eq!(rows("paris", None, None), [0, 4]);
    assert_eq!(rows("OSLO", None, None), [1]);
    assert_eq!(rows("zür", None, None), [2]);
    assert_eq!(rows("ZÜR", None, None), [2], "non-ASCII case folding");
    // "25" is in the age column only.
    assert_eq!(
        rows("25", None, None),
        [2, 3, 4],
        "row 3 has -1.25 in score"
    );
    assert_eq!(rows("25", Some("age"), None), [2, 4]);
    assert_eq!(rows("true", Some("ok"), None), [0, 3]);
    assert_eq!(rows("nothing like this", None, None), Vec::<usize>::new());
}

#[test]
fn comparisons_on_numbers() {
    assert_eq!(rows("age > 30", None, None), [0, 3]);
    assert_eq!(rows("age>=31", None, None), [0, 3]);
    assert_eq!(
        rows("AGE < 30", None, None),
        [2, 4],
        "column names ignore case"
    );
    assert_eq!(rows("age = 25", None, None), [2, 4]);
    assert_eq!(
        rows("age != 25", None, None),
        [0, 3],
        "missing never matches"
    );
    assert_eq!(
        rows("score <= 0.5", None, None),
        [0, 3],
        "NaN never matches"
    );
    assert_eq!(rows("age = null", None, None), [1]);
    assert_eq!(rows("city != null", None, None), [0, 1, 2, 4]);
    assert_eq!(rows("age > 30", None, Some(("age", true))), [0, 3]);
}

#[test]
fn equality_on_text_and_booleans() {
    assert_eq!(rows("city = paris", None, None), [0, 4]);
    assert_eq!(rows("city = \"Oslo\"", None, None), [1]);
    assert_eq!(rows("city != paris", None, None), [1, 2]);
    assert_eq!(rows("ok = true", None, None), [0, 3]);
    assert_eq!(rows("ok = 0", None, None), [1, 4]);
}

#[test]
fn unknown_columns_search_the_text() {
    // "height > 3" names no column: it is a plain text search (and matches nothing here).
    assert_eq!(
        Filter::parse("height > 3", None, &frame()).unwrap(),
        Filter::Contains {
            column: None,
            needle: "height > 3".into()
        }
    );
}

#[test]
fn bad_filters_say_why() {
    let df = frame();
    assert_eq!(
        Filter::parse("city > 3", None, &df).unwrap_err(),
        FilterError::NotNumeric {
            column: "city".into()
        }
    );
    assert!(matches!(
        Filter::parse("age > thirty", None, &df).unwrap_err(),
        FilterError::NotANumber { .. }
    ));
    assert_eq!(
        Filter::parse("x", Some("nope"), &df).unwrap_err(),
        FilterError::UnknownColumn("nope".into())
    );
    let query = ViewQuery {
        sort: Some(SortKey {
            column: "nope".into(),
            descending: false,
        }),
        ..ViewQuery::default()
    };
    assert!(matches!(
        view_rows(&df, &query, &TaskControl::new()),
        Err(ViewError::UnknownSortColumn(_))
    ));
}

#[test]
fn cancelled_queries_stop() {
    let control = TaskControl::new();
    control.cancel();
    let query = ViewQuery {
        filter: "paris".into(),
        ..ViewQuery::default()
    };
    assert!(matches!(
        view_rows(&frame(), &query, &control),
        Err(ViewError::Cancelled(_))
    ));
}

#[test]
fn cells_format_like_the_search_sees_them() {
    let df = frame();
    let cols = df.columns();
    assert_eq!(format_cell(&cols[0], 0).as_deref(), Some("40"));
    assert_eq!(format_cell(&cols[0], 1), None);
    assert_eq!(format_cell(&cols[1], 3).as_deref(), Some("-1.25"));
    assert_eq!(format_cell(&cols[1], 1).as_deref(), Some("NaN"));
    assert_eq!(format_cell(&cols[2], 2).as_deref(), Some("Zürich"));
    assert_eq!(format_cell(&cols[3], 0).as_deref(), Some("true"));
    assert_eq!(format_cell(&cols[3], 99), None);
}

fn rules_frame() -> DataFrame {
    df!(
        "income" => [Some("1200"), Some("NA"), Some("300"), None, Some(" na "), Some("45.5")],
        "code" => [Some(-999.0), Some(3.0), Some(-999.0), Some(1.5), None, Some(0.0)],
        "city" => [Some("Paris"), Some("unknown"), Some("Oslo"), Some("Unknown"), Some("Rome"), Some("NA")],
    )
    .unwrap()
}

fn rules_rows(filter: &str, sort: Option<(&str, bool)>, rules: &CellRules) -> Vec<usize> {
    let query = ViewQuery {
        filter: filter.to_owned(),
        sort: sort.map(|(c, d)| SortKey {
            column: c.to_owned(),
            descending: d,
        }),
        rules: rules.clone(),
        ..ViewQuery::default()
    };
    view_rows(&rules_frame(), &query, &TaskControl::new()).unwrap()
}

#[test]
fn declared_missing_tokens_are_missing_in_the_table() {
    let rules = CellRules::new(
        &["NA".to_owned(), "unknown".to_owned(), "-999".to_owned()],
        vec!["income".to_owned()],
    );
    // `col = null` finds empty cells and declared tokens (any case, spaces around, -999.0 for -999).
    assert_eq!(rules_rows("income = null", None, &rules), [1, 3, 4]);
    assert_eq!(rules_rows("code = null", None, &rules), [0, 2, 4]);
    assert_eq!(rules_rows("city = null", None, &rules), [1, 3, 5]);
    assert_eq!(rules_rows("city != null", None, &rules), [0, 2, 4]);
    // Searches and comparisons never match a declared token.
    assert_eq!(rules_rows("na", None, &rules), Vec::<usize>::new());
    assert_eq!(rules_rows("code < 0", None, &rules), Vec::<usize>::new());
    assert_eq!(
        rules_rows("city = unknown", None, &rules),
        Vec::<usize>::new()
    );
    // A text column set to numeric compares and sorts as numbers, declared tokens last.
    assert_eq!(rules_rows("income > 100", None, &rules), [0, 2]);
    assert_eq!(
        rules_rows("", Some(("income", false)), &rules),
        [5, 2, 0, 1, 3, 4]
    );
    assert_eq!(
        rules_rows("", Some(("income", true)), &rules),
        [0, 2, 5, 1, 3, 4]
    );
    assert_eq!(
        rules_rows("", Some(("code", false)), &rules),
        [5, 3, 1, 0, 2, 4]
    );
    assert_eq!(
        rules_rows("", Some(("city", false)), &rules),
        [2, 0, 4, 1, 3, 5]
    );
    // Without rules the same text sorts as text and `income > 100` is refused.
    let none = CellRules::default();
    assert_eq!(
        rules_rows("", Some(("income", false)), &none),
        [4, 0, 2, 5, 1, 3]
    );
    assert!(Filter::parse("income > 100", None, &rules_frame()).is_err());
    let df = rules_frame();
    let cols = df.columns();
    assert_eq!(cell_text(&cols[0], 4, &rules), Err(" na ".to_owned()));
    assert_eq!(cell_text(&cols[1], 0, &rules), Err("-999".to_owned()));
    assert_eq!(cell_text(&cols[1], 1, &rules), Ok("3".to_owned()));
    assert_eq!(cell_text(&cols[2], 3, &rules), Err("Unknown".to_owned()));
    assert_eq!(
        format_cell_with(&cols[2], 0, &rules).as_deref(),
        Some("Paris")
    );
}

#[test]
fn rules_come_from_the_dataset() {
    use crate::model::data_columns::{ColumnKind, ColumnRole, ColumnSetting};
    let dataset = crate::model::DatasetRef {
        missing_tokens: vec![" ? ".to_owned(), String::new()],
        column_settings: vec![
            ColumnSetting {
                name: "a".to_owned(),
                kind: Some(ColumnKind::Numeric),
                role: ColumnRole::Feature,
                reference_shares: std::collections::BTreeMap::new(),
            },
            ColumnSetting {
                name: "b".to_owned(),
                kind: Some(ColumnKind::Categorical),
                role: ColumnRole::Feature,
                reference_shares: std::collections::BTreeMap::new(),
            },
        ],
        ..crate::model::DatasetRef::default()
    };
    let rules = CellRules::from_dataset(&dataset);
    assert!(rules.is_missing_text("?"));
    assert!(!rules.is_missing_text(""));
    assert!(rules.is_numeric("a"));
    assert!(!rules.is_numeric("b"));
    assert!(CellRules::from_dataset(&crate::model::DatasetRef::default()).is_empty());
}

#[test]
fn a_large_frame_filters_and_sorts() {
    let n = 200_000_i64;
    let values: Vec<i64> = (0..n).map(|i| (i * 7919) % n).collect();
    let df = df!("v" => values).unwrap();
    let query = ViewQuery {
        filter: "v >= 100000".into(),
        filter_column: None,
        sort: Some(SortKey {
            column: "v".into(),
            descending: true,
        }),
        ..ViewQuery::default()
    };
    let out = view_rows(&df, &query, &TaskControl::new()).unwrap();
    assert_eq!(out.len(), 100_000);
    let col = df.column("v").unwrap().i64().unwrap();
    assert_eq!(col.get(out[0]), Some(n - 1));
    assert!(out.windows(2).all(|w| col.get(w[0]) > col.get(w[1])));
}
