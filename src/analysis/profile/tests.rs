//! Unit tests of the profile on small frames built in memory (the reference values against pandas/SciPy are
//! in `tests/it/profile_reference.rs`).

use super::*;
use crate::model::DatasetRef;
use crate::model::data_columns::{ColumnKind, ColumnRole};
use crate::model::settings::EdaThresholds;

fn frame(csv: &str) -> DataFrame {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, csv).unwrap();
    crate::analysis::table::read_table(&path, &TaskControl::new()).unwrap()
}

fn profile(csv: &str, options: &ProfileOptions) -> Profile {
    profile_frame(&frame(csv), options, &TaskControl::new()).unwrap()
}

fn alert_kinds(p: &Profile, column: &str) -> Vec<AlertKind> {
    p.alerts
        .iter()
        .filter(|a| a.column.as_deref() == Some(column))
        .map(|a| a.kind)
        .collect()
}

#[test]
fn infers_kinds() {
    use std::fmt::Write as _;
    let mut csv = String::from("num,flag,yn,cat,date,id,row,text\n");
    for i in 0..60 {
        let _ = writeln!(
            csv,
            "{}.5,{},{},{},2024-01-{:02},C{i:04},{i},free text number {i} that is long enough to be prose really",
            i % 7,
            i % 2,
            if i % 3 == 0 { "Yes" } else { "no" },
            ["a", "b", "c"][i % 3],
            i % 28 + 1,
        );
    }
    let p = profile(&csv, &ProfileOptions::default());
    let kinds: Vec<ColumnKind> = p.variables.iter().map(|v| v.kind).collect();
    assert_eq!(
        kinds,
        [
            ColumnKind::Numeric,
            ColumnKind::Boolean,
            ColumnKind::Boolean,
            ColumnKind::Categorical,
            ColumnKind::DateTime,
            ColumnKind::Identifier,
            ColumnKind::Identifier,
            ColumnKind::Text
        ]
    );
    assert_eq!(p.overview.types["boolean"], 2);
    let date = p.variable("date").unwrap();
    assert_eq!(
        date.text_range,
        Some(("2024-01-01".to_owned(), "2024-01-28".to_owned()))
    );
}

#[test]
fn placeholders_are_flagged_not_converted_until_declared() {
    let csv = "x,y\n1,a\n2,?\n?,b\nNA,a\n5,-\n";
    let p = profile(csv, &ProfileOptions::default());
    let x = p.variable("x").unwrap();
    assert_eq!(x.kind, ColumnKind::Categorical);
    assert_eq!(x.missing, 0);
    let found: Vec<(String, u64)> = x
        .placeholders
        .iter()
        .map(|v| (v.value.to_string(), v.count))
        .collect();
    assert_eq!(found, [("?".to_owned(), 1), ("NA".to_owned(), 1)]);
    assert!(alert_kinds(&p, "x").contains(&AlertKind::SuspectedMissingPlaceholder));
    let options = ProfileOptions {
        missing_tokens: vec![" na ".to_owned(), "?".to_owned()],
        ..ProfileOptions::default()
    };
    let p = profile(csv, &options);
    let x = p.variable("x").unwrap();
    assert_eq!(x.kind, ColumnKind::Numeric);
    assert_eq!(x.missing, 2);
    assert_eq!(x.numeric.as_ref().unwrap().mean, Some(8.0 / 3.0));
    assert!(x.placeholders.is_empty());
    let y = p.variable("y").unwrap();
    assert_eq!(y.missing, 1, "the declared ? in y is missing too");
    assert_eq!(y.placeholders.len(), 1, "- is still only suspected");
}

#[test]
fn numeric_override_with_text_names_row_and_column() {
    let csv = "a,b\n1,2\n3,x\n";
    let options = ProfileOptions {
        type_overrides: BTreeMap::from([("b".to_owned(), ColumnKind::Numeric)]),
        ..ProfileOptions::default()
    };
    let err = profile_frame(&frame(csv), &options, &TaskControl::new()).unwrap_err();
    match err {
        ProfileError::Value { row, column, .. } => assert_eq!((row, column), (1, 2)),
        other => panic!("{other}"),
    }
}

#[test]
fn unknown_columns_are_refused() {
    let options = ProfileOptions {
        sensitive: vec!["nope".to_owned()],
        ..ProfileOptions::default()
    };
    let err = profile_frame(&frame("a\n1\n"), &options, &TaskControl::new()).unwrap_err();
    assert!(err.to_string().contains("no column \"nope\""), "{err}");
}

#[test]
fn duplicates_and_table_alerts() {
    let p = profile("a,b\n1,x\n1,x\n2,\n2,\n3,y\n", &ProfileOptions::default());
    assert_eq!(p.overview.duplicate_rows, 2);
    assert_eq!(p.overview.missing_cells, 2);
    assert!(
        p.alerts
            .iter()
            .any(|a| a.kind == AlertKind::Duplicates && a.column.is_none())
    );
}

#[test]
fn cancellation_stops_the_profile() {
    let control = TaskControl::new();
    control.cancel();
    let err = profile_frame(&frame("a\n1\n"), &ProfileOptions::default(), &control).unwrap_err();
    assert!(matches!(err, ProfileError::Cancelled(_)));
}

#[test]
fn fairness_section_representation_base_rates_and_proxies() {
    use std::fmt::Write as _;
    let mut csv = String::from("sex,zip,income,y\n");
    for i in 0..200 {
        let sex = if i % 4 == 0 { "f" } else { "m" };
        let zip = if i % 4 == 0 { "A" } else { "B" };
        let income = if sex == "f" { 10 + i % 5 } else { 30 + i % 5 };
        let y = u8::from(i % 3 == 0);
        let _ = writeln!(csv, "{sex},{zip},{income},{y}");
    }
    let options = ProfileOptions {
        sensitive: vec!["sex".to_owned()],
        label: Some("y".to_owned()),
        reference_shares: BTreeMap::from([(
            "sex".to_owned(),
            BTreeMap::from([("f".to_owned(), 0.5), ("m".to_owned(), 0.5)]),
        )]),
        ..ProfileOptions::default()
    };
    let p = profile(&csv, &options);
    let s = &p.fairness.sensitive[0];
    assert_eq!(s.groups[0].group, "f");
    assert_eq!(s.groups[0].count, 50);
    assert!((s.groups[0].difference.unwrap() + 0.25).abs() < 1e-12);
    assert_eq!(p.fairness.positive.as_deref(), Some("1"));
    let f_positive = (0..200_u32).filter(|i| i % 4 == 0 && i % 3 == 0).count();
    assert!(
        (s.groups[0].base_rate.unwrap() - f64::from(u32::try_from(f_positive).unwrap()) / 50.0)
            .abs()
            < 1e-12
    );
    let flagged: Vec<&str> = s
        .proxies
        .iter()
        .filter(|p| p.flagged)
        .map(|p| p.column.as_str())
        .collect();
    assert!(
        flagged.contains(&"zip") && flagged.contains(&"income"),
        "{flagged:?}"
    );
    assert!(
        s.proxies.iter().all(|p| p.column != "y"),
        "the label is not a proxy"
    );
    let income = &s.numeric_by_group[0];
    assert_eq!(income.groups[0].min, Some(10.0));
    assert_eq!(income.groups[1].max, Some(34.0));
    assert!(alert_kinds(&p, "zip").contains(&AlertKind::LikelyProxy));
}

#[test]
fn options_from_a_dataset_reference() {
    use crate::model::data_columns::ColumnSetting;
    let dataset = DatasetRef {
        column_settings: vec![
            ColumnSetting {
                name: "sex".to_owned(),
                role: ColumnRole::Sensitive,
                reference_shares: BTreeMap::from([("f".to_owned(), 0.5)]),
                ..ColumnSetting::default()
            },
            ColumnSetting {
                name: "y".to_owned(),
                role: ColumnRole::Label,
                kind: Some(ColumnKind::Categorical),
                ..ColumnSetting::default()
            },
        ],
        missing_tokens: vec!["?".to_owned()],
        label_positive: Some("good".to_owned()),
        ..DatasetRef::default()
    };
    let o = ProfileOptions::from_dataset(&dataset, &EdaThresholds::default());
    assert_eq!(o.sensitive, ["sex"]);
    assert_eq!(o.label.as_deref(), Some("y"));
    assert_eq!(o.type_overrides["y"], ColumnKind::Categorical);
    assert!((o.reference_shares["sex"]["f"] - 0.5).abs() < 1e-12);
    assert_eq!(o.missing_tokens, ["?"]);
}

#[test]
fn json_has_the_cli_shape() {
    let p = profile("a,b\n1,x\n2,y\n3,x\n", &ProfileOptions::default());
    let j = p.to_json();
    for key in [
        "rows",
        "columns",
        "missing_cells",
        "duplicate_rows",
        "variables",
        "correlations",
        "alerts",
    ] {
        assert!(j.get(key).is_some(), "{key}");
    }
    let a = &j["variables"]["a"];
    for key in [
        "type",
        "distinct",
        "missing",
        "mean",
        "std",
        "min",
        "max",
        "quantiles",
        "skewness",
        "top",
    ] {
        assert!(a.get(key).is_some(), "{key}");
    }
    assert_eq!(a["quantiles"]["0.5"], 2.0);
    assert_eq!(j["variables"]["b"]["top"][0], serde_json::json!(["x", 2]));
    assert_eq!(
        serde_json::to_string(&j).unwrap(),
        serde_json::to_string(&p.to_json()).unwrap()
    );
}

#[test]
fn an_owned_frame_gives_the_same_profile_as_a_borrowed_one() {
    // The owned path prepares string columns first and drops each column once prepared; the result must
    // not depend on that order.
    use std::fmt::Write as _;
    let mut csv = String::from("n,s,flag,date,id,x\n");
    for i in 0..500 {
        let _ = writeln!(
            csv,
            "{},{},{},2024-02-{:02},K{i:05},{}",
            i % 17,
            ["a", "b", "", "NA"][i % 4],
            i % 2,
            i % 28 + 1,
            if i % 9 == 0 {
                String::new()
            } else {
                format!("{}.25", i % 11)
            },
        );
    }
    let options = ProfileOptions {
        sensitive: vec!["s".to_owned()],
        label: Some("flag".to_owned()),
        missing_tokens: vec!["NA".to_owned()],
        ..ProfileOptions::default()
    };
    let df = frame(&csv);
    let borrowed = profile_frame(&df, &options, &TaskControl::new()).unwrap();
    let owned = profile_owned_frame(df, &options, &TaskControl::new()).unwrap();
    assert_eq!(json::to_json(&borrowed), json::to_json(&owned));
    assert_eq!(owned.variables.len(), 6);
    assert_eq!(owned.variables[1].name, "s");
}

#[test]
fn date_columns_get_a_time_histogram_in_json() {
    let csv = "d,n,t\n2024-01-03,1,x\n2024-01-06T10:00:00+02:00,2,y\n,3,x\n2024-01-03,4,z\n";
    let options = ProfileOptions {
        type_overrides: BTreeMap::from([("t".to_owned(), ColumnKind::DateTime)]),
        ..ProfileOptions::default()
    };
    let profiled = profile(csv, &options);
    let date = profiled.variable("d").unwrap();
    assert_eq!(date.kind, ColumnKind::DateTime);
    let days = date.time_histogram.as_ref().unwrap();
    assert_eq!(days.period, TimePeriod::Day);
    let counts: Vec<u64> = days.bins.iter().map(|b| b.count).collect();
    assert_eq!(counts, [2, 0, 0, 1]);
    assert_eq!(profiled.variable("n").unwrap().time_histogram, None);
    // A column set to date/time whose values are not dates: counted as unparsed, no bins.
    let text = profiled
        .variable("t")
        .unwrap()
        .time_histogram
        .as_ref()
        .unwrap();
    assert_eq!((text.bins.len(), text.unparsed), (0, 4));
    let json = profiled.to_json();
    assert_eq!(
        json["variables"]["d"]["time_histogram"],
        serde_json::json!({"period": "day", "unparsed": 0, "bins": [
            {"start": "2024-01-03", "count": 2}, {"start": "2024-01-04", "count": 0},
            {"start": "2024-01-05", "count": 0}, {"start": "2024-01-06", "count": 1}]})
    );
    assert!(json["variables"]["n"].get("time_histogram").is_none());
    assert_eq!(json["variables"]["t"]["time_histogram"]["unparsed"], 4);
    // The text summary gives the range and the shape over time.
    let text = profiled.summary_text();
    assert!(
        text.contains(
            "from 2024-01-03 to 2024-01-06T10:00:00+02:00  4 days (2 empty), busiest 2024-01-03 (2)"
        ),
        "{text}"
    );
    assert!(text.contains(", 4 not dates"), "{text}");
}
