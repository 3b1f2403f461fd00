//! The EDA profile against reference values computed with pandas, `NumPy` and `SciPy`
//! (`tests/fixtures/profile/generate.py`), to 1e-9; and malformed inputs, which must give an error naming the
//! file, line and column, never a panic.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use riskbench::analysis::dataset::DatasetError;
use riskbench::analysis::profile::{
    AlertKind, ProfileError, ProfileOptions, profile_file, profile_frame,
};
use riskbench::analysis::task::TaskControl;
use riskbench::model::data_columns::ColumnKind;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/profile")
        .join(name)
}

fn german_csv() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_projects/loan_approval/data/german_credit_with_predictions.csv")
}

fn reference(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap()
}

/// The value under `key`; a missing key fails (it is not a `null`, so it must not compare equal to one).
fn at<'a>(value: &'a Value, key: &str) -> &'a Value {
    value
        .get(key)
        .unwrap_or_else(|| panic!("no {key:?} in {}", short(value)))
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    text.chars().take(120).collect()
}

/// Compares two JSON numbers to 1e-9 (relative above 1); `null` must match `null`.
fn assert_close(what: &str, ours: &Value, theirs: &Value) {
    match (ours.as_f64(), theirs.as_f64()) {
        (Some(a), Some(b)) => {
            let tolerance = 1e-9 * b.abs().max(1.0);
            assert!(
                (a - b).abs() <= tolerance,
                "{what}: ours {a}, reference {b}"
            );
        }
        _ => assert!(
            ours.is_null() && theirs.is_null(),
            "{what}: ours {ours}, reference {theirs}"
        ),
    }
}

fn assert_pairs(what: &str, ours: &Value, theirs: &Value) {
    let (a, b) = (ours.as_array().unwrap(), theirs.as_array().unwrap());
    assert_eq!(a.len(), b.len(), "{what}: ours {ours}, reference {theirs}");
    for (x, y) in a.iter().zip(b) {
        if y[0].is_number() {
            assert_close(what, &x[0], &y[0]);
        } else {
            assert_eq!(x[0], y[0], "{what}");
        }
        assert_eq!(x[1], y[1], "{what}: counts");
    }
}

/// Checks a profile's JSON against a reference document; returns how many values were compared.
fn check(ours: &Value, theirs: &Value) -> usize {
    let mut compared = 0;
    for key in ["rows", "columns", "missing_cells", "duplicate_rows"] {
        assert_eq!(at(ours, key), at(theirs, key), "{key}");
        compared += 1;
    }
    let ref_vars = at(theirs, "variables").as_object().unwrap();
    assert_eq!(
        at(ours, "variables").as_object().unwrap().len(),
        ref_vars.len()
    );
    for (name, rv) in ref_vars {
        let v = at(at(ours, "variables"), name);
        for key in ["type", "distinct", "missing"] {
            assert_eq!(at(v, key), at(rv, key), "{name}.{key}");
            compared += 1;
        }
        if *at(rv, "type") == "numeric" {
            for key in ["zeros", "infinite"] {
                assert_eq!(at(v, key), at(rv, key), "{name}.{key}");
                compared += 1;
            }
            for key in ["mean", "std", "min", "max", "skewness"] {
                assert_close(&format!("{name}.{key}"), at(v, key), at(rv, key));
                compared += 1;
            }
            for q in ["0.05", "0.25", "0.5", "0.75", "0.95"] {
                assert_close(
                    &format!("{name}.quantile {q}"),
                    at(at(v, "quantiles"), q),
                    at(at(rv, "quantiles"), q),
                );
                compared += 1;
            }
            assert_eq!(
                at(at(v, "histogram"), "counts"),
                at(at(rv, "histogram"), "counts"),
                "{name}.histogram"
            );
            let (e1, e2) = (
                at(at(v, "histogram"), "edges").as_array().unwrap(),
                at(at(rv, "histogram"), "edges").as_array().unwrap(),
            );
            assert_eq!(e1.len(), e2.len(), "{name}.histogram edges");
            for (a, b) in e1.iter().zip(e2) {
                assert_close(&format!("{name}.edge"), a, b);
            }
            compared += e1.len() + 1;
        } else {
            assert_pairs(
                &format!("{name}.placeholders"),
                at(v, "placeholders"),
                at(rv, "placeholders"),
            );
            compared += 1;
        }
        assert_pairs(&format!("{name}.top"), at(v, "top"), at(rv, "top"));
        compared += 1;
    }
    let ours_pairs = at(ours, "correlations").as_array().unwrap();
    let ref_pairs = at(theirs, "correlations").as_array().unwrap();
    assert_eq!(ours_pairs.len(), ref_pairs.len(), "correlation pairs");
    for (a, b) in ours_pairs.iter().zip(ref_pairs) {
        let what = format!("{} ~ {}", at(b, "a"), at(b, "b"));
        assert_eq!((at(a, "a"), at(a, "b")), (at(b, "a"), at(b, "b")), "{what}");
        assert_eq!(at(a, "method"), at(b, "method"), "{what}");
        assert_close(&what, at(a, "value"), at(b, "value"));
        compared += 1;
    }
    let sensitive = at(at(ours, "fairness"), "sensitive").as_array().unwrap();
    let ref_sensitive = at(theirs, "fairness").as_array().unwrap();
    assert_eq!(sensitive.len(), ref_sensitive.len(), "sensitive columns");
    for (s, rs) in sensitive.iter().zip(ref_sensitive) {
        let column = at(rs, "column").as_str().unwrap();
        assert_eq!(at(s, "column"), at(rs, "column"));
        let groups = at(s, "groups").as_array().unwrap();
        let ref_groups = at(rs, "groups").as_array().unwrap();
        assert_eq!(groups.len(), ref_groups.len(), "{column} groups");
        for (g, rg) in groups.iter().zip(ref_groups) {
            assert_eq!(at(g, "group"), at(rg, "group"));
            assert_eq!(at(g, "count"), at(rg, "count"));
            assert_close(&format!("{column} share"), at(g, "share"), at(rg, "share"));
            assert_close(
                &format!("{column}={} base rate", at(rg, "group")),
                at(g, "base_rate"),
                at(rg, "base_rate"),
            );
            compared += 4;
        }
        let proxies = at(s, "proxies").as_array().unwrap();
        let ref_proxies = at(rs, "proxies").as_object().unwrap();
        assert_eq!(proxies.len(), ref_proxies.len(), "{column} proxies");
        for p in proxies {
            let feature = at(p, "column").as_str().unwrap();
            let rp = at(at(rs, "proxies"), feature);
            assert_eq!(at(p, "method"), at(rp, "method"), "{column} ~ {feature}");
            assert_close(
                &format!("proxy {column} ~ {feature}"),
                at(p, "value"),
                at(rp, "value"),
            );
            compared += 1;
        }
        let values: Vec<Option<f64>> = proxies.iter().map(|p| at(p, "value").as_f64()).collect();
        assert!(
            values.windows(2).all(|w| w[0] >= w[1] || w[1].is_none()),
            "proxies ranked: {values:?}"
        );
        let numeric_by_group = at(s, "numeric_by_group").as_array().unwrap();
        assert_eq!(
            numeric_by_group.len(),
            at(rs, "numeric_by_group").as_object().unwrap().len(),
            "{column} numeric features by group"
        );
        for n in numeric_by_group {
            let feature = at(n, "column").as_str().unwrap();
            let by_group = at(n, "groups").as_array().unwrap();
            let ref_by_group = at(at(rs, "numeric_by_group"), feature);
            assert_eq!(
                by_group.len(),
                ref_by_group.as_object().unwrap().len(),
                "{feature} by {column}: groups"
            );
            for g in by_group {
                let group = at(g, "group").as_str().unwrap();
                let rg = at(ref_by_group, group);
                assert_eq!(at(g, "count"), at(rg, "count"), "{feature} | {group}");
                for key in ["min", "q1", "median", "q3", "max", "mean"] {
                    assert_close(
                        &format!("{feature} | {group} {key}"),
                        at(g, key),
                        at(rg, key),
                    );
                    compared += 1;
                }
            }
        }
    }
    compared
}

#[test]
fn german_credit_matches_pandas_and_scipy() {
    let options = ProfileOptions {
        sensitive: vec!["sex".to_owned(), "age_group".to_owned()],
        label: Some("y_true".to_owned()),
        ..ProfileOptions::default()
    };
    let profile = profile_file(&german_csv(), &options, &TaskControl::new()).unwrap();
    let compared = check(&profile.to_json(), &reference("german_credit.json"));
    assert_eq!(compared, 1120, "values compared");
    assert_eq!(profile.fairness.positive.as_deref(), Some("1"));
}

fn edge_options() -> ProfileOptions {
    ProfileOptions {
        sensitive: vec!["group".to_owned()],
        label: Some("outcome".to_owned()),
        label_positive: Some("good".to_owned()),
        ..ProfileOptions::default()
    }
}

#[test]
fn edge_cases_match_pandas_and_scipy() {
    let profile = profile_file(
        &fixture("edge_cases.csv"),
        &edge_options(),
        &TaskControl::new(),
    )
    .unwrap();
    let json = profile.to_json();
    assert_eq!(
        check(&json, &reference("edge_cases.json")),
        357,
        "values compared"
    );
    let kinds = |column: &str| -> Vec<AlertKind> {
        profile
            .alerts
            .iter()
            .filter(|a| a.column.as_deref() == Some(column))
            .map(|a| a.kind)
            .collect()
    };
    assert!(kinds("amount").contains(&AlertKind::Missing));
    assert!(kinds("zeros").contains(&AlertKind::Zeros));
    assert!(kinds("inf").contains(&AlertKind::Infinite));
    assert!(kinds("constant").contains(&AlertKind::Constant));
    assert!(kinds("age").contains(&AlertKind::SuspectedMissingPlaceholder));
    assert!(kinds("skewed").is_empty() || !kinds("skewed").contains(&AlertKind::Empty));
    assert!(
        profile
            .alerts
            .iter()
            .any(|a| a.kind == AlertKind::Duplicates
                && a.column.is_none()
                && (a.value - 3.0).abs() < f64::EPSILON)
    );
    let age = profile.variable("age").unwrap();
    assert_eq!(age.kind, ColumnKind::Categorical);
    assert_eq!(age.missing, 0, "undeclared placeholders are values");
}

#[test]
fn declared_placeholders_become_missing_and_match_pandas() {
    let options = ProfileOptions {
        missing_tokens: vec![
            "?".to_owned(),
            "NA".to_owned(),
            "n/a".to_owned(),
            "-".to_owned(),
        ],
        ..edge_options()
    };
    let profile = profile_file(&fixture("edge_cases.csv"), &options, &TaskControl::new()).unwrap();
    assert_eq!(
        check(&profile.to_json(), &reference("edge_cases_declared.json")),
        411,
        "values compared"
    );
    let age = profile.variable("age").unwrap();
    assert_eq!(age.kind, ColumnKind::Numeric);
    assert!(age.placeholders.is_empty());
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn parse_at(result: Result<impl std::fmt::Debug, ProfileError>) -> (u64, u64, String, String) {
    match result {
        Err(ProfileError::Dataset(
            ref e @ DatasetError::ParseAt {
                line,
                column,
                ref message,
                ..
            },
        )) => (line, column, message.clone(), e.to_string()),
        other => panic!("expected an error with line and column, got {other:?}"),
    }
}

#[test]
fn malformed_files_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let options = ProfileOptions::default();
    let control = TaskControl::new();

    let ragged = write(dir.path(), "ragged.csv", b"a,b,c\n1,2,3\n4,5\n");
    let (line, column, message, text) = parse_at(profile_file(&ragged, &options, &control));
    assert_eq!((line, column), (3, 3));
    assert!(
        message.contains("2 fields but the header has 3"),
        "{message}"
    );
    assert!(text.ends_with("ragged.csv"), "{text}");

    let latin1 = write(dir.path(), "latin1.csv", b"name,city\nx,M\xfcnchen\n");
    let (line, column, message, _) = parse_at(profile_file(&latin1, &options, &control));
    assert_eq!((line, column), (2, 4));
    assert!(message.contains("UTF-8"), "{message}");

    let empty = write(dir.path(), "empty.csv", b"");
    let (line, column, message, _) = parse_at(profile_file(&empty, &options, &control));
    assert_eq!((line, column), (1, 1));
    assert!(message.contains("empty"), "{message}");

    let blank_header = write(dir.path(), "blank_header.csv", b"a,,c\n1,2,3\n");
    let (line, column, _, _) = parse_at(profile_file(&blank_header, &options, &control));
    assert_eq!((line, column), (1, 2));

    // A quoted field spanning two lines: the bad value is on line 4, in column 2.
    let text = write(
        dir.path(),
        "numeric.csv",
        b"note,amount\n\"two\nlines\",1\nx,2\ny,twelve\n",
    );
    let numeric = ProfileOptions {
        type_overrides: BTreeMap::from([("amount".to_owned(), ColumnKind::Numeric)]),
        ..ProfileOptions::default()
    };
    let (line, column, message, text) = parse_at(profile_file(&text, &numeric, &control));
    assert_eq!((line, column), (5, 2), "{text}");
    assert!(message.contains("\"twelve\" is not a number"), "{message}");
    assert!(message.contains("\"amount\""), "{message}");
}

#[test]
fn a_repeated_header_is_renamed_like_pandas_and_profiled() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "dup.csv", b"x,y,x\n1,a,2\n3,b,4\n");
    let profile = profile_file(&path, &ProfileOptions::default(), &TaskControl::new()).unwrap();
    let names: Vec<&str> = profile.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["x", "y", "x.1"]);
}

#[test]
fn a_header_without_rows_is_an_empty_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "header.csv", b"a,b\n");
    let profile = profile_file(&path, &ProfileOptions::default(), &TaskControl::new()).unwrap();
    assert_eq!(profile.overview.rows, 0);
    assert!(
        profile
            .alerts
            .iter()
            .any(|a| a.kind == AlertKind::Empty && a.column.is_none())
    );
}

#[test]
fn profiling_a_frame_is_deterministic() {
    let control = TaskControl::new();
    let df = riskbench::analysis::table::read_table(&german_csv(), &control).unwrap();
    let options = ProfileOptions {
        sensitive: vec!["sex".to_owned()],
        ..ProfileOptions::default()
    };
    let a = profile_frame(&df, &options, &control).unwrap().to_json();
    let b = profile_frame(&df, &options, &control).unwrap().to_json();
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    assert!((control.progress() - 1.0).abs() < f32::EPSILON);
}

#[test]
fn time_histograms_match_pandas_periods() {
    // tests/fixtures/profile/time_histogram.py: one column per period, gaps, and date-times with offsets.
    let profile = profile_file(
        &fixture("time_histogram.csv"),
        &ProfileOptions::default(),
        &TaskControl::new(),
    )
    .unwrap();
    let ours = profile.to_json();
    let theirs = reference("time_histogram.json");
    let columns = theirs["variables"].as_object().unwrap();
    assert_eq!(columns.len(), 6);
    for (name, reference) in columns {
        let v = &ours["variables"][name];
        assert_eq!(v["type"], "datetime", "{name}");
        let h = &v["time_histogram"];
        assert_eq!(h["period"], reference["period"], "{name}");
        assert_eq!(h["unparsed"], 0, "{name}");
        let bins: Vec<Value> = h["bins"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| serde_json::json!([b["start"], b["count"]]))
            .collect();
        assert_eq!(&Value::Array(bins), &reference["bins"], "{name}");
        let total: u64 = reference["bins"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b[1].as_u64().unwrap())
            .sum();
        assert_eq!(
            Some(total),
            v["count"].as_u64(),
            "{name}: every row in a bin"
        );
    }
    for (name, period) in [
        ("daily", "day"),
        ("weekly", "week"),
        ("monthly", "month"),
        ("quarterly", "quarter"),
        ("yearly", "year"),
        ("stamped", "day"),
    ] {
        assert_eq!(
            columns[name]["period"], period,
            "the fixture covers {period}"
        );
    }
    assert_eq!(columns["weekly"]["bins"][0][0], "2022-12-26");
}
