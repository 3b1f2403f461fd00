//! `riskbench drift` end to end: the JSON shape of `cli.md` for two files and for time windows with
//! fairness drift, and the bad inputs named in issue 16 (a column missing on one side, numeric in one file
//! and text in the other, an empty window, a date column that does not parse).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("riskbench-drift-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn riskbench(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args(args)
        .output()
        .expect("run riskbench");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn two_files(dir: &std::path::Path) -> (PathBuf, PathBuf) {
    let mut reference = String::from("x,cat,mixed,only_ref\n");
    let mut current = String::from("x,cat,mixed,only_cur\n");
    for i in 0..60u32 {
        let cat = ["A", "B", "C"][(i % 3) as usize];
        let _ = writeln!(reference, "{}.5,{cat},{},1", i, i % 4);
        // Shifted by 30 and with more Cs: x drifts, cat drifts.
        let cat = ["A", "C", "C"][(i % 3) as usize];
        let _ = writeln!(current, "{}.5,{cat},t{},2", i + 30, i % 4);
    }
    let r = dir.join("reference.csv");
    let c = dir.join("current.csv");
    std::fs::write(&r, reference).expect("write");
    std::fs::write(&c, current).expect("write");
    (r, c)
}

#[test]
fn two_files_give_the_contract_shape_and_name_bad_columns() {
    let dir = temp_dir("two");
    let (r, c) = two_files(&dir);
    let (code, out, err) = riskbench(&[
        "drift",
        r.to_str().unwrap(),
        c.to_str().unwrap(),
        "--json",
        "-",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["reference"]["rows"], 60);
    assert_eq!(v["current"]["rows"], 60);
    assert_eq!(v["reference"]["sha256"].as_str().unwrap().len(), 64);
    let cols = v["columns"].as_object().unwrap();
    assert_eq!(cols.keys().collect::<Vec<_>>(), ["cat", "x"]);
    let x = &cols["x"];
    assert_eq!(x["type"], "numeric");
    assert_eq!(x["method"], "ks");
    assert_eq!(x["statistic"], x["p_value"]);
    assert_eq!(x["threshold"], 0.05);
    assert_eq!(x["drift"], true);
    assert!(x["bins"].as_str().unwrap().contains("Sturges"));
    assert!(x["psi"].as_f64().unwrap() > 0.25);
    assert_eq!(x["psi_band"], "major");
    let cat = &cols["cat"];
    assert_eq!(cat["type"], "categorical");
    assert_eq!(cat["method"], "chisquare");
    assert_eq!(cat["bins"], "one bin per value (3 values)");
    // B is missing from the current data, so χ² against the reference proportions is far from 0.
    assert_eq!(cat["drift"], true);
    assert_eq!(v["drifted_columns"], serde_json::json!(["cat", "x"]));
    assert_eq!(v["drifted_share"], 1.0);
    assert_eq!(v["dataset_drift"], true);
    let skipped: Vec<&str> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert!(skipped.iter().any(|s| {
        s.contains("\"mixed\" is numeric in the reference file and text in the current file")
    }));
    assert!(
        skipped
            .iter()
            .any(|s| s.contains("\"only_cur\" is missing from the reference file"))
    );
    assert!(
        skipped
            .iter()
            .any(|s| s.contains("\"only_ref\" is missing from the current file"))
    );

    // An override: compare x with PSI at 0.2.
    let (code, out, err) = riskbench(&[
        "drift",
        r.to_str().unwrap(),
        c.to_str().unwrap(),
        "--method",
        "x=psi",
        "--column-threshold",
        "x=0.2",
        "--json",
        "-",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["columns"]["x"]["method"], "psi");
    assert_eq!(v["columns"]["x"]["p_value"], Value::Null);
    assert_eq!(v["columns"]["x"]["statistic"], v["columns"]["x"]["psi"]);
    assert_eq!(v["columns"]["x"]["threshold"], 0.2);

    let (code, _, err) = riskbench(&[
        "drift",
        r.to_str().unwrap(),
        c.to_str().unwrap(),
        "--method",
        "x=magic",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown method"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

fn windows_file(dir: &std::path::Path) -> PathBuf {
    // January and March 2024 have rows, February none; one row has no usable date.
    let mut text = String::from("when,sex,label,pred,amount\n");
    for i in 0..40u32 {
        let sex = if i % 2 == 0 { "female" } else { "male" };
        // January: everyone labelled 1; females predicted 1 half of the time, males always.
        let pred = i32::from(sex == "male" || i % 4 == 0);
        let _ = writeln!(text, "2024-01-{:02},{sex},1,{pred},{}", i % 28 + 1, 100 + i);
    }
    for i in 0..40u32 {
        let sex = if i % 2 == 0 { "female" } else { "male" };
        // March: label 1 for all; everyone predicted 1.
        let _ = writeln!(text, "2024-03-{:02},{sex},1,1,{}", i % 28 + 1, 300 + i);
    }
    text.push_str("soon,female,1,1,5\n");
    let p = dir.join("windows.csv");
    std::fs::write(&p, text).expect("write");
    p
}

#[test]
fn windows_with_fairness_drift() {
    let dir = temp_dir("windows");
    let p = windows_file(&dir);
    let (code, out, err) = riskbench(&[
        "drift",
        p.to_str().unwrap(),
        "--time",
        "when",
        "--window",
        "month",
        "--label",
        "label",
        "--prediction",
        "pred",
        "--sensitive",
        "sex",
        "--json",
        "-",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["rows_without_date"], 1);
    assert_eq!(v["unparsed_examples"], serde_json::json!(["soon"]));
    let w = v["windows"].as_array().unwrap();
    assert_eq!(w.len(), 3);
    assert_eq!(w[0]["start"], "2024-01-01");
    assert_eq!(w[0]["end"], "2024-01-31");
    assert_eq!(w[0]["rows"], 40);
    assert_eq!(w[0]["reference"], true);
    assert_eq!(w[1]["rows"], 0);
    assert!(
        w[1]["problems"][0]
            .as_str()
            .unwrap()
            .contains("2024-02 has no rows")
    );
    assert_eq!(w[2]["rows"], 40);
    assert_eq!(w[2]["columns"]["amount"]["drift"], true);
    assert_eq!(w[2]["prediction_drift"], true);
    // January: females selected 10 of 20, males 20 of 20.
    let jan = &w[0]["fairness"][0];
    assert_eq!(jan["sensitive"], serde_json::json!(["sex"]));
    let g = jan["by_group"].as_array().unwrap();
    assert_eq!(g[0]["group"], serde_json::json!({"sex": "female"}));
    assert_eq!(g[0]["count"], 20);
    assert_eq!(g[0]["selection_rate"], 0.5);
    assert_eq!(g[0]["true_positive_rate"], 0.5);
    assert_eq!(g[1]["selection_rate"], 1.0);
    assert_eq!(jan["summary"]["demographic_parity_difference"], 0.5);
    assert!(g[0]["ci"]["selection_rate"].as_array().unwrap().len() == 2);
    // March: the gap closed.
    assert_eq!(
        w[2]["fairness"][0]["summary"]["demographic_parity_difference"],
        0.0
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_date_column_that_does_not_parse_is_named() {
    let dir = temp_dir("dates");
    let p = dir.join("bad.csv");
    std::fs::write(&p, "when,x\nyesterday,1\ntoday,2\n").expect("write");
    let (code, _, err) = riskbench(&[
        "drift",
        p.to_str().unwrap(),
        "--time",
        "when",
        "--window",
        "week",
    ]);
    assert_eq!(code, 2);
    assert!(err.starts_with("riskbench: error:"), "{err}");
    assert!(err.contains("\"when\" has no date"), "{err}");
    let (code, _, err) = riskbench(&[
        "drift",
        p.to_str().unwrap(),
        "--time",
        "nope",
        "--window",
        "week",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("\"nope\" is not in the file"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
