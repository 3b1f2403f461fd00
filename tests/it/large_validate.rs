//! Files larger than the memory limit (issue 19) in `validate` and `drift --time`: read in blocks, a batch of
//! columns at a time, they give byte for byte the JSON a whole read gives. The tests force the block path
//! with a small `RISKBENCH_MEMORY_LIMIT` (or `--memory-limit`), the whole path with a limit far above the
//! files, and compare; exact counts come from the Great Expectations fixture of the Adult suite.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::fmt::Write as _;
use std::path::Path;

use crate::support::blocks::run;
use crate::support::{root, shared_dir, stderr};

/// [`crate::support::blocks::same_both_ways`], the JSON parsed.
fn same_both_ways(args: &[&str], limit: &str, code: i32, rows: usize) -> serde_json::Value {
    serde_json::from_str(&crate::support::blocks::same_both_ways(
        args, limit, code, rows,
    ))
    .unwrap()
}

/// The suite's verdicts and unexpected counts (or observed values when there is no count, a decimal to 10
/// significant digits: the stdev differs from pandas' in the 13th), in suite order.
fn outcomes(json: &serde_json::Value) -> Vec<String> {
    json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let res = &r["result"];
            let value = res
                .get("unexpected_count")
                .or_else(|| res.get("observed_value"))
                .map_or_else(String::new, |v| match v.as_f64() {
                    Some(x) if !v.is_i64() && !v.is_u64() => format!("{x:.9e}"),
                    _ => v.to_string(),
                });
            format!("{} {value}", r["success"])
        })
        .collect()
}

fn suite(name: &str) -> String {
    root()
        .join("tests/fixtures/validation")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// What Great Expectations gives for the Adult suite (`tests/fixtures/validation/adult.results.json`).
fn adult_expected() -> Vec<String> {
    let text = std::fs::read_to_string(suite("adult.results.json")).unwrap();
    outcomes(&serde_json::from_str(&text).unwrap())
}

#[test]
fn validate_in_blocks_gives_the_json_of_a_whole_read_on_adult_csv() {
    let Some(shared) = shared_dir("validate_in_blocks_on_adult") else {
        return;
    };
    let data = shared.join("datasets/adult/adult.csv");
    let data = data.to_string_lossy();
    let suite = suite("adult.suite.json");
    let args = ["validate", &data, "--suite", &suite, "--json", "-"];
    // 5.5 MB and 16 columns under 8 MiB: blocks of 512 KiB, the suite's 11 columns two at a time (6 passes
    // over the 48,842 rows). Rules of every kind: not-null, between, in/not in set, unique, regex, lengths,
    // mean, median, stdev, min, max, distinct values, row count, column set.
    let json = same_both_ways(&args, "8MB", 1, 6 * 48_842);
    assert_eq!(json["dataset"]["rows"], 48_842);
    assert_eq!(outcomes(&json), adult_expected());
    assert_eq!(json["statistics"]["successful_expectations"], 10);
    assert_eq!(json["results"][7]["result"]["unexpected_count"], 30_528);
    // One column per pass, blocks of 64 KiB; the option wins over the environment.
    let mut with_option = args.to_vec();
    with_option.extend(["--memory-limit", "64k"]);
    let blocks = run("64GB", &with_option);
    assert_eq!(blocks.status.code(), Some(1), "{}", stderr(&blocks));
    assert!(
        stderr(&blocks).contains(&format!("read in blocks, {} rows in all", 11 * 48_842)),
        "{}",
        stderr(&blocks)
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&blocks.stdout).unwrap(),
        json
    );
}

#[test]
fn validate_in_blocks_gives_the_json_of_a_whole_read_on_adult_parquet() {
    use polars::prelude::*;
    use riskbench::analysis::table::read_table;
    use riskbench::analysis::task::TaskControl;
    let Some(shared) = shared_dir("validate_in_blocks_on_adult_parquet") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("adult.parquet");
    let mut df = read_table(
        &shared.join("datasets/adult/adult.csv"),
        &TaskControl::new(),
    )
    .unwrap();
    // Row groups of 10,000 rows: five blocks.
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .with_row_group_size(Some(10_000))
        .finish(&mut df)
        .unwrap();
    let data = path.to_string_lossy();
    let suite = suite("adult.suite.json");
    let json = same_both_ways(
        &["validate", &data, "--suite", &suite, "--json", "-"],
        "64k",
        1,
        11 * 48_842,
    );
    assert_eq!(json["dataset"]["rows"], 48_842);
    assert_eq!(outcomes(&json), adult_expected());
}

/// A CSV of `rows` rows `id,amount,status,note` where every 7th amount is `NA`, every 11th status `null`,
/// every 13th note empty; then `late`.
fn generated(dir: &Path, rows: usize, late: &str) -> String {
    let mut text = String::from("id,amount,status,note\n");
    for i in 0..rows {
        let amount = if i % 7 == 3 {
            "NA".to_owned()
        } else {
            format!("{}.5", i % 1000)
        };
        let status = if i % 11 == 5 {
            "null"
        } else {
            ["open", "closed", "late"][i % 3]
        };
        let note = if i % 13 == 0 { "" } else { "ok" };
        let _ = writeln!(text, "{},{amount},{status},{note}", i % 29_000);
    }
    text.push_str(late);
    let path = dir.join("generated.csv");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

const GENERATED_SUITE: &str = r#"{"name": "generated", "expectations": [
  {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "amount"}},
  {"type": "expect_column_values_to_be_between", "kwargs": {"column": "amount", "min_value": 0, "max_value": 900}},
  {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}},
  {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "status", "value_set": ["open", "closed"]}},
  {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "status"}},
  {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}},
  {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "note", "regex": "^o"}},
  {"type": "expect_column_mean_to_be_between", "kwargs": {"column": "id", "min_value": 0}},
  {"type": "expect_table_columns_to_match_set", "kwargs": {"column_set": ["id", "amount", "status"], "exact_match": false}}
]}"#;

#[test]
fn validate_in_blocks_reads_pandas_missing_tokens_as_a_whole_read_does() {
    let dir = tempfile::tempdir().unwrap();
    // 30,000 rows: a first block of 20,001 and then blocks of 64 KiB.
    let data = generated(dir.path(), 30_000, "");
    let suite = dir.path().join("suite.json");
    std::fs::write(&suite, GENERATED_SUITE).unwrap();
    let suite = suite.to_string_lossy();
    let args = [
        "validate",
        &data,
        "--suite",
        &suite,
        "--missing",
        "pandas",
        "--json",
        "-",
    ];
    // Four columns, one per pass.
    let json = same_both_ways(&args, "64k", 1, 4 * 30_000);
    let na = (0..30_000).filter(|i| i % 7 == 3).count();
    let null = (0..30_000).filter(|i| i % 11 == 5).count();
    let late = (0..30_000).filter(|i| i % 11 != 5 && i % 3 == 2).count();
    let over = (0..30_000)
        .filter(|i| i % 7 != 3 && i % 1000 >= 900)
        .count();
    let r = &json["results"];
    assert_eq!(r[0]["result"]["unexpected_count"], na);
    assert_eq!(r[1]["result"]["unexpected_count"], over);
    assert_eq!(r[2]["result"]["observed_value"], 30_000);
    assert_eq!(r[3]["result"]["unexpected_count"], late);
    assert_eq!(r[4]["result"]["unexpected_count"], null);
    // ids 0..1000 repeat (i % 29,000).
    assert_eq!(r[5]["result"]["unexpected_count"], 2000);
    assert_eq!(r[6]["result"]["unexpected_count"], 0);
    assert_eq!(r[8]["success"], true);
    assert_eq!(json["reading"]["missing"], "pandas");
    // Read with empty cells only, amount is text: the same both ways too.
    let empty = same_both_ways(
        &["validate", &data, "--suite", &suite, "--json", "-"],
        "64k",
        1,
        4 * 30_000,
    );
    assert_eq!(empty["results"][0]["result"]["unexpected_count"], 0);
    assert_eq!(empty["results"][4]["result"]["unexpected_count"], 0);
}

#[test]
fn a_bad_row_far_into_a_file_validated_in_blocks_gives_the_whole_read_error() {
    let dir = tempfile::tempdir().unwrap();
    let suite = dir.path().join("suite.json");
    std::fs::write(&suite, GENERATED_SUITE).unwrap();
    let suite = suite.to_string_lossy();
    for (late, needle) in [
        ("1,2.5,open\n", "line 30002, column 4"),
        ("1,2.5,\"open\"x,ok\n", "line 30002, column 3"),
    ] {
        let data = generated(dir.path(), 30_000, late);
        let args = ["validate", &data, "--suite", &suite, "--json", "-"];
        let (whole, blocks) = (run("64GB", &args), run("64k", &args));
        assert_eq!(blocks.status.code(), Some(2), "{}", stderr(&blocks));
        assert_eq!(stderr(&whole), stderr(&blocks), "{late:?}");
        assert!(
            stderr(&blocks).contains(needle) && stderr(&blocks).contains("generated.csv"),
            "{late:?}: {}",
            stderr(&blocks)
        );
    }
    // A suite naming a column the file does not have: the same usage error, before any block is read.
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"name": "bad", "expectations": [{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "nope"}}]}"#,
    )
    .unwrap();
    let data = generated(dir.path(), 30_000, "");
    let bad = bad.to_string_lossy();
    let args = ["validate", &data, "--suite", &bad, "--json", "-"];
    let (whole, blocks) = (run("64GB", &args), run("64k", &args));
    assert_eq!(blocks.status.code(), Some(2), "{}", stderr(&blocks));
    assert_eq!(stderr(&whole), stderr(&blocks));
    // A memory limit that makes no sense is a usage error.
    crate::support::assert_one_line_error(&run("lots", &args), "RISKBENCH_MEMORY_LIMIT");
    assert!(
        stderr(&blocks)
            .contains("column \"nope\" is not in the data (columns: id, amount, status, note)"),
        "{}",
        stderr(&blocks)
    );
}

/// A CSV of `rows` dated rows `when,x,cat,id,label,pred,sex`: dates in January, February, March, May and June
/// 2024 (April is empty), every 997th date `soon` and every 1009th empty; `x` shifts from May, `id` is free
/// text (skipped), the predictions differ from May.
fn dated(dir: &Path, rows: usize) -> std::path::PathBuf {
    let mut text = String::from("when,x,cat,id,label,pred,sex\n");
    for i in 0..rows {
        let month = [1, 2, 3, 5, 6][i % 5];
        let when = if i % 1009 == 0 {
            String::new()
        } else if i % 997 == 0 {
            "soon".to_owned()
        } else {
            format!("2024-{month:02}-{:02}", 1 + (i / 5) % 28)
        };
        let shift = if month >= 5 { 3.0 } else { 0.0 };
        #[expect(clippy::cast_precision_loss, reason = "small test numbers")]
        let x = (i % 100) as f64 / 10.0 + shift;
        let label = i % 2;
        let pred = ((i / 2) % 2) ^ usize::from(month >= 5 && i % 7 == 0);
        let _ = writeln!(
            text,
            "{when},{x:.3},{},u{i},{label},{pred},{}",
            ["a", "b", "c"][i % 3],
            ["f", "m"][(i / 3) % 2]
        );
    }
    let path = dir.join("dated.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// `drift DATA --time when --window month`, with the fairness part when `fairness`.
fn time_args(data: &str, fairness: bool) -> Vec<&str> {
    let mut args = vec![
        "drift", data, "--time", "when", "--window", "month", "--json", "-",
    ];
    if fairness {
        args.extend([
            "--label",
            "label",
            "--prediction",
            "pred",
            "--sensitive",
            "sex",
        ]);
    }
    args
}

/// The whole read's counts of the generated file of 60,000 rows.
fn assert_dated_counts(json: &serde_json::Value, fairness: bool) {
    let without_date = (0..60_000)
        .filter(|i| i % 997 == 0 || i % 1009 == 0)
        .count();
    assert_eq!(json["dataset"]["rows"], 60_000);
    assert_eq!(json["rows_without_date"], without_date);
    assert_eq!(
        json["unparsed_examples"],
        serde_json::json!(["soon", "soon", "soon", "soon", "soon"])
    );
    let windows = json["windows"].as_array().unwrap();
    let labels: Vec<&str> = windows
        .iter()
        .map(|w| w["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"
        ]
    );
    for (w, month) in windows.iter().zip([0, 1, 2, usize::MAX, 3, 4]) {
        let rows = (0..60_000)
            .filter(|i| i % 5 == month && i % 997 != 0 && i % 1009 != 0)
            .count();
        assert_eq!(w["rows"], rows, "{}", w["label"]);
    }
    assert_eq!(
        windows[3]["problems"][0],
        "window 2024-04 has no rows: nothing to compare"
    );
    // May: x drifted, the text id skipped (by the plan), the five other columns tested.
    let may = &windows[4];
    assert_eq!(may["skipped"][0]["column"], "id");
    assert_eq!(may["columns"].as_object().unwrap().len(), 5);
    assert_eq!(may["columns"]["x"]["drift"], true);
    assert_eq!(may["columns"]["cat"]["drift"], false);
    assert_eq!(
        may["fairness"].as_array().unwrap().len(),
        usize::from(fairness)
    );
    if fairness {
        assert_eq!(may["label_drift"], false);
        assert_eq!(may["fairness"][0]["sensitive"], serde_json::json!(["sex"]));
    }
}

#[test]
fn drift_by_time_in_blocks_gives_the_json_of_a_whole_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dated(dir.path(), 60_000);
    let data = path.to_string_lossy();
    // 64 KiB blocks, one column per pass: the dates, the fairness columns (decoded), then the 6 others.
    let json = same_both_ways(&time_args(&data, true), "64k", 0, 8 * 60_000);
    assert_dated_counts(&json, true);
    let json = same_both_ways(&time_args(&data, false), "64k", 0, 7 * 60_000);
    assert_dated_counts(&json, false);
    // Chosen columns, one the file does not have: skipped as in a whole read; the option wins.
    let mut args = time_args(&data, false);
    args.extend(["--columns", "x,nope,id"]);
    let whole = run("64GB", &args);
    let mut with_option = args.clone();
    with_option.extend(["--memory-limit", "64k"]);
    let blocks = run("64GB", &with_option);
    assert_eq!(whole.status.code(), Some(0), "{}", stderr(&whole));
    assert!(
        stderr(&blocks).contains("read in blocks"),
        "{}",
        stderr(&blocks)
    );
    assert_eq!(whole.stdout, blocks.stdout);
    let v: serde_json::Value = serde_json::from_slice(&blocks.stdout).unwrap();
    assert_eq!(
        v["windows"][1]["skipped"],
        serde_json::json!([
            {"column": "id", "reason": "column \"id\" is free text (more than half of its values are distinct): text drift is not tested; override its type to compare it as categories"},
            {"column": "nope", "reason": "column \"nope\" is missing from both files"}
        ])
    );
}

#[test]
fn drift_by_time_in_blocks_on_parquet_and_on_the_moderation_sample() {
    use polars::prelude::*;
    use riskbench::analysis::table::read_table;
    use riskbench::analysis::task::TaskControl;
    let dir = tempfile::tempdir().unwrap();
    let csv = dated(dir.path(), 60_000);
    let mut df = read_table(&csv, &TaskControl::new()).unwrap();
    let path = dir.path().join("dated.parquet");
    // Row groups of 10,000 rows: six blocks.
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .with_row_group_size(Some(10_000))
        .finish(&mut df)
        .unwrap();
    let data = path.to_string_lossy();
    let json = same_both_ways(&time_args(&data, true), "64k", 0, 8 * 60_000);
    assert_dated_counts(&json, true);
    // The moderation sample by week, its appeal outcomes against the model's removals per dialect.
    let data = root()
        .join("sample_projects/moderation_incident/data/moderation_posts.csv")
        .to_string_lossy()
        .into_owned();
    let args = [
        "drift",
        &data,
        "--time",
        "post_date",
        "--window",
        "week",
        "--label",
        "appeal_outcome",
        "--prediction",
        "removed",
        "--sensitive",
        "dialect",
        "--json",
        "-",
    ];
    // The dates, the fairness columns, then the six other columns one at a time.
    let json = same_both_ways(&args, "64k", 0, 8 * 10_080);
    let windows = json["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 12);
    assert!(windows.iter().all(|w| w["rows"] == 840));
    let drifted: Vec<usize> = windows
        .iter()
        .map(|w| w["drifted_columns"].as_array().unwrap().len())
        .collect();
    assert_eq!(drifted, [0, 0, 0, 0, 0, 0, 3, 3, 3, 2, 2, 2]);
}

/// A copy of the loan sample whose only analyses are a validation suite on the 5,000-row loans file, with
/// `North` declared a missing token of that dataset.
fn project_with_a_suite(dir: &Path) -> std::path::PathBuf {
    use riskbench::model::validation::{
        Bounds, ColumnStat, MissingReading, RuleKind, SetValue, Severity, ValidationRule,
        ValidationSuite,
    };
    let src = root().join("sample_projects/loan_approval");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    for entry in std::fs::read_dir(src.join("data")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join("data").join(entry.file_name())).unwrap();
    }
    let path = dir.join("loan_approval.riskbench.ron");
    let mut project =
        riskbench::model::file::load_project(&src.join("loan_approval.riskbench.ron"))
            .unwrap()
            .project;
    project.audits.clear();
    project.risks.clear();
    project.validation_suites.clear();
    for d in &mut project.datasets {
        if d.dataset_id == "ds-2" {
            d.missing_tokens = vec!["North".to_owned()];
        }
    }
    let rule = |kind| ValidationRule {
        kind,
        mostly: None,
        severity: Severity::Blocking,
        note: String::new(),
    };
    project.validation_suites.push(ValidationSuite {
        suite_id: "suite-1".into(),
        name: "loans".into(),
        dataset_id: "ds-2".into(),
        rules: vec![
            rule(RuleKind::NotNull {
                column: "income".into(),
            }),
            rule(RuleKind::NotNull {
                column: "region".into(),
            }),
            rule(RuleKind::InSet {
                column: "region".into(),
                values: vec![SetValue::Text("South".into())],
            }),
            rule(RuleKind::RowCountBetween {
                bounds: Bounds {
                    min: Some(1.0),
                    ..Bounds::default()
                },
            }),
            rule(RuleKind::Unique {
                column: "applicant_id".into(),
            }),
            rule(RuleKind::StatBetween {
                stat: ColumnStat::Mean,
                column: "age".into(),
                bounds: Bounds {
                    min: Some(18.0),
                    max: Some(80.0),
                    ..Bounds::default()
                },
            }),
        ],
        reading: MissingReading::EmptyCells,
    });
    riskbench::model::file::save_project(&path, &project).unwrap();
    path
}

#[test]
fn a_projects_suites_and_the_gate_read_in_blocks_as_whole_with_declared_missing_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let project = project_with_a_suite(dir.path());
    let project = project.to_string_lossy();
    // Four columns, one per pass over the 5,000 rows.
    let json = same_both_ways(&["validate", &project, "--json", "-"], "64k", 1, 4 * 5000);
    let r = &json["suites"][0]["results"];
    // 126 empty incomes; 1,087 regions are the declared token North; 2,624 are neither North nor South.
    assert_eq!(r[0]["result"]["unexpected_count"], 126);
    assert_eq!(r[1]["result"]["unexpected_count"], 1087);
    assert_eq!(r[2]["result"]["unexpected_count"], 2624);
    assert_eq!(r[3]["result"]["observed_value"], 5000);
    assert_eq!(r[4]["result"]["unexpected_count"], 0);
    assert_eq!(r[5]["success"], true);
    // The gate runs the suite through the same function: the same checks either way.
    let args = ["check", &project, "--date", "2026-12-05", "--json", "-"];
    let whole = run("64GB", &args);
    let mut with_option = args.to_vec();
    with_option.extend(["--memory-limit", "64k"]);
    let blocks = run("64GB", &with_option);
    assert_eq!(whole.status.code(), Some(1), "{}", stderr(&whole));
    assert_eq!(blocks.status.code(), Some(1), "{}", stderr(&blocks));
    assert_eq!(whole.stdout, blocks.stdout);
    let doc: serde_json::Value = serde_json::from_slice(&blocks.stdout).unwrap();
    let validation: Vec<(String, bool)> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "validation")
        .map(|c| {
            (
                c["subject"].as_str().unwrap().to_owned(),
                c["pass"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        validation,
        [
            ("suite loans rule 1, column income".to_owned(), false),
            ("suite loans rule 2, column region".to_owned(), false),
            ("suite loans rule 3, column region".to_owned(), false),
            ("suite loans rule 4".to_owned(), true),
            ("suite loans rule 5, column applicant_id".to_owned(), true),
            ("suite loans rule 6, column age".to_owned(), true),
        ]
    );
}
