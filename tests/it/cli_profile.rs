//! `riskbench profile` on real data: the `profile --json` shape of `cli.md`, values equal to the pandas
//! fixtures, the readable summary, options, and one-line errors with file, line and column.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use crate::support::{riskbench, root};
use std::path::PathBuf;

use serde_json::Value;

fn german() -> PathBuf {
    root().join("sample_projects/loan_approval/data/german_credit_with_predictions.csv")
}

fn reference() -> Value {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/profile/german_credit.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn close(a: &Value, b: &Value) -> bool {
    (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-9
}

#[test]
fn profile_json_to_a_file_has_the_contract_shape_and_reference_values() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("profile.json");
    let data = german();
    let out = riskbench(&[
        "profile",
        data.to_str().unwrap(),
        "--json",
        out_path.to_str().unwrap(),
        "--sensitive",
        "sex,age_group",
        "--label",
        "y_true",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "the JSON went to the file");
    let text = std::fs::read_to_string(&out_path).unwrap();
    let j: Value = serde_json::from_str(&text).unwrap();
    let r = reference();
    for key in ["rows", "columns", "missing_cells", "duplicate_rows"] {
        assert_eq!(j[key], r[key], "{key}");
    }
    assert!(j["correlations"].is_array());
    assert!(j["alerts"].is_array());
    let amount = &j["variables"]["credit_amount"];
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
        assert!(amount.get(key).is_some(), "variables.credit_amount.{key}");
    }
    let ra = &r["variables"]["credit_amount"];
    assert!(close(&amount["mean"], &ra["mean"]));
    assert!(close(&amount["std"], &ra["std"]));
    assert!(close(&amount["skewness"], &ra["skewness"]));
    for q in ["0.05", "0.25", "0.5", "0.75", "0.95"] {
        assert!(close(&amount["quantiles"][q], &ra["quantiles"][q]), "{q}");
    }
    assert_eq!(
        j["variables"]["sex"]["top"][0],
        serde_json::json!(["male", 690])
    );
    for alert in j["alerts"].as_array().unwrap() {
        assert!(
            alert["kind"].is_string()
                && alert.get("column").is_some()
                && alert.get("value").is_some()
        );
    }
    let sex = &j["fairness"]["sensitive"][0];
    assert_eq!(sex["column"], "sex");
    assert!(close(
        &sex["groups"][0]["base_rate"],
        &r["fairness"][0]["groups"][0]["base_rate"]
    ));
    let flagged: Vec<&str> = sex["proxies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["flagged"] == true)
        .map(|p| p["column"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["personal_status"]);
    // Deterministic: a second run writes the same bytes.
    let again = riskbench(&[
        "profile",
        data.to_str().unwrap(),
        "--json",
        "-",
        "--sensitive",
        "sex,age_group",
        "--label",
        "y_true",
    ]);
    assert!(again.status.success());
    assert_eq!(String::from_utf8(again.stdout).unwrap(), text);
}

#[test]
fn on_a_terminal_the_summary_is_readable_and_piped_it_is_json() {
    let german = german();
    let args = ["profile", german.to_str().unwrap(), "--sensitive", "sex"];
    let text = crate::support::riskbench_on_terminal(&args);
    assert!(text.starts_with("1000 rows × 28 columns"), "{text}");
    assert!(text.contains("sensitive column sex:"), "{text}");
    assert!(text.contains("likely proxies: personal_status"), "{text}");
    // Piped, the output stays the documented JSON.
    let piped = riskbench(&args);
    assert!(piped.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&piped.stdout).unwrap();
    assert_eq!(doc["rows"], 1000);
}

#[test]
fn options_declare_missing_tokens_and_override_types() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, "a,b\n1,x\n?,y\n3,x\n").unwrap();
    let p = path.to_str().unwrap();
    let out = riskbench(&["profile", p, "--json", "-"]);
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["variables"]["a"]["type"], "categorical");
    assert!(
        j["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "SUSPECTED_MISSING_PLACEHOLDER" && a["column"] == "a")
    );
    let out = riskbench(&[
        "profile",
        p,
        "--json",
        "-",
        "--missing",
        "?",
        "--type",
        "b=text",
    ]);
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["variables"]["a"]["type"], "numeric");
    assert_eq!(j["variables"]["a"]["missing"], 1);
    assert_eq!(j["variables"]["b"]["type"], "text");
    assert_eq!(j["variables"]["b"]["type_overridden"], true);
}

#[test]
fn errors_are_one_line_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, "a,b\n1,2\n3,4,5\n").unwrap();
    let out = riskbench(&["profile", path.to_str().unwrap(), "--json", "-"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("riskbench: error: line 3, column 3:"),
        "{err}"
    );
    assert!(err.trim_end().ends_with("bad.csv"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let out = riskbench(&[
        "profile",
        german().to_str().unwrap(),
        "--type",
        "sex=numeric",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 2, column 22"), "{err}");
    assert!(err.contains("\"male\" is not a number"), "{err}");

    let out = riskbench(&["profile", german().to_str().unwrap(), "--type", "sex=float"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("unknown kind")
    );

    let out = riskbench(&[
        "profile",
        german().to_str().unwrap(),
        "--sensitive",
        "gender",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no column \"gender\"")
    );
}

#[test]
fn a_repeated_header_name_is_read_like_pandas_with_a_warning_naming_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dup.csv");
    std::fs::write(&path, "score;group;score\n1;a;2\n3;b;4\n").unwrap();
    let out = dir.path().join("p.json");
    let output = riskbench(&[
        "profile",
        path.to_str().unwrap(),
        "--json",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "line 1, column 3: the header repeats the name \"score\" of column 1; this column is read as \
             \"score.1\""
        ),
        "{stderr}"
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["variables"]["score.1"]["mean"], 3.0);
}
