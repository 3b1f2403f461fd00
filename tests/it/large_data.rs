//! Files larger than the memory limit (issue 19): `audit` and `drift` read them in blocks of rows, only the
//! columns they need, and give byte for byte the JSON a whole read gives. The tests force the block path on
//! real datasets with `RISKBENCH_MEMORY_LIMIT=64k` (or `--memory-limit`), the whole path with a limit far
//! above the files, and compare.

use std::fmt::Write as _;
use std::path::Path;

use crate::support::blocks::run;
use crate::support::{root, shared_dir, stderr};

/// [`crate::support::blocks::same_both_ways`] under a 64 KiB limit, expecting success.
fn same_both_ways(args: &[&str], rows: usize) -> String {
    crate::support::blocks::same_both_ways(args, "64k", 0, rows)
}

fn sample(path: &str) -> String {
    root()
        .join("sample_projects")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn audit_in_blocks_gives_the_json_of_a_whole_read_on_the_loan_sample() {
    let data = sample("loan_approval/data/synthetic_loans_sample_5000.csv");
    let json = same_both_ways(
        &[
            "audit",
            &data,
            "--label",
            "label",
            "--prediction",
            "prediction",
            "--sensitive",
            "race,sex",
            "--json",
            "-",
        ],
        5000,
    );
    assert!(json.contains("\"rows\": 5000"), "{json}");
}

#[test]
fn audit_in_blocks_gives_the_json_of_a_whole_read_on_adult_with_scores_weights_and_bootstrap() {
    let Some(shared) = shared_dir("audit_in_blocks_on_adult") else {
        return;
    };
    // 48,842 rows: a first block of 20,000 and then blocks of 64 KiB under a 64 KiB limit.
    let data = shared.join("datasets/adult/adult_with_predictions.csv");
    let data = data.to_string_lossy();
    same_both_ways(
        &[
            "audit",
            &data,
            "--label",
            "y_true",
            "--score",
            "y_prob",
            "--threshold",
            "0.5",
            "--sensitive",
            "race,sex",
            "--intersect",
            "--weight",
            "fnlwgt",
            "--bootstrap",
            "40",
            "--seed",
            "7",
            "--json",
            "-",
        ],
        48_842,
    );
    // Text labels with a positive value, the prediction column decoded with it.
    same_both_ways(
        &[
            "audit",
            &data,
            "--label",
            "income",
            "--positive",
            ">50K",
            "--prediction",
            "y_pred",
            "--pred-positive",
            "1",
            "--sensitive",
            "sex",
            "--json",
            "-",
        ],
        48_842,
    );
}

#[test]
fn drift_in_blocks_gives_the_json_of_a_whole_read() {
    let (v1, v2) = (
        sample("moderation_incident/data/moderation_posts_model_v1.csv"),
        sample("moderation_incident/data/moderation_posts_model_v2.csv"),
    );
    let whole = run("64GB", &["drift", &v1, &v2, "--json", "-"]);
    // The limit given as an option wins over the environment.
    let blocks = run(
        "64GB",
        &["drift", &v1, &v2, "--json", "-", "--memory-limit", "64k"],
    );
    assert_eq!(whole.status.code(), Some(0), "{}", stderr(&whole));
    assert!(
        stderr(&blocks).contains("read in blocks"),
        "{}",
        stderr(&blocks)
    );
    assert_eq!(whole.stdout, blocks.stdout);
    let Some(shared) = shared_dir("drift_in_blocks_on_adult") else {
        return;
    };
    let adult = shared.join("datasets/adult");
    let (reference, current) = (
        adult.join("adult.csv").to_string_lossy().into_owned(),
        adult
            .join("adult_with_predictions.csv")
            .to_string_lossy()
            .into_owned(),
    );
    // A column on one side only is skipped as in a whole read; under 64 KiB each column is read in its own
    // pass over both files' 48,842 rows.
    let json = same_both_ways(
        &[
            "drift",
            &reference,
            &current,
            "--columns",
            "age,education,race,y_pred",
            "--json",
            "-",
        ],
        4 * 2 * 48_842,
    );
    assert!(
        json.contains("is missing from the reference file"),
        "{json}"
    );
}

/// A CSV of `rows` rows `y,p,g` and then `late`.
fn generated(dir: &Path, rows: usize, late: &str) -> String {
    let mut text = String::from("y,p,g\n");
    for i in 0..rows {
        let _ = writeln!(text, "{},{},{}", i % 2, (i / 3) % 2, ["a", "b", "c"][i % 3]);
    }
    text.push_str(late);
    let path = dir.join("late.csv");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path.to_string_lossy().into_owned()
}

/// `audit DATA` of the generated files' columns (label y, prediction p, sensitive g), JSON to stdout.
fn audit_y_p_g(data: &str) -> [&str; 10] {
    [
        "audit",
        data,
        "--label",
        "y",
        "--prediction",
        "p",
        "--sensitive",
        "g",
        "--json",
        "-",
    ]
}

#[test]
fn bad_rows_far_into_a_file_read_in_blocks_give_the_whole_read_error() {
    let dir = tempfile::tempdir().unwrap();
    for (late, needle) in [
        ("1,0\n", "line 30002, column 3"),
        ("1,0,\"a\"b\n", "line 30002, column 3"),
        ("1,x,a\n", "prediction column \"p\" is positive"),
    ] {
        let data = generated(dir.path(), 30_000, late);
        let args = audit_y_p_g(&data);
        let (whole, blocks) = (run("64GB", &args), run("64k", &args));
        assert_eq!(blocks.status.code(), Some(2), "{}", stderr(&blocks));
        assert_eq!(stderr(&whole), stderr(&blocks), "{late:?}");
        assert!(
            stderr(&blocks).contains(needle),
            "{late:?}: {}",
            stderr(&blocks)
        );
    }
}

#[test]
fn a_type_that_changes_after_the_first_rows_reads_the_same_in_blocks() {
    // g is a whole number for 25,000 rows, then text: both reads make it text.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("y,p,g\n");
    for i in 0..25_000 {
        let _ = writeln!(text, "{},{},{}", i % 2, (i / 3) % 2, i % 4);
    }
    text.push_str("1,1,other\n");
    let path = dir.path().join("typed.csv");
    std::fs::write(&path, text).unwrap();
    let data = path.to_string_lossy();
    let json = same_both_ways(
        &audit_y_p_g(&data),
        // The first pass stops at the value that does not fit; the second reads every row.
        25_001 + 20_000,
    );
    assert!(json.contains("\"other\""), "{json}");
}

#[test]
fn a_memory_limit_that_makes_no_sense_is_a_usage_error() {
    let data = sample("loan_approval/data/synthetic_loans_sample_5000.csv");
    let args = [
        "audit",
        &data,
        "--label",
        "label",
        "--prediction",
        "prediction",
        "--sensitive",
        "race",
    ];
    let out = run("lots", &args);
    crate::support::assert_one_line_error(&out, "RISKBENCH_MEMORY_LIMIT");
    let mut with_option = args.to_vec();
    with_option.extend(["--memory-limit", "0"]);
    let out = run("64GB", &with_option);
    crate::support::assert_one_line_error(&out, "--memory-limit");
}
