//! `riskbench whatif`, `riskbench mitigate thresholds` and `riskbench mitigate reweigh`: the JSON shapes of
//! the CLI contract, the what-if equal to an audit at the same threshold, and one-line errors with exit 2.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn german() -> String {
    root()
        .join("sample_projects/loan_approval/data/german_credit_with_predictions.csv")
        .to_string_lossy()
        .into_owned()
}

fn riskbench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn error(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(text.starts_with("riskbench: error: "), "{text}");
    assert_eq!(text.trim_end().lines().count(), 1, "{text}");
    text
}

#[test]
fn whatif_at_a_threshold_is_the_audit_plus_decisions_review_and_cost() {
    let data = german();
    let base = [
        data.as_str(),
        "--label",
        "y_true",
        "--score",
        "y_prob",
        "--sensitive",
        "sex,age_group",
        "--threshold",
        "0.5",
    ];
    let audit = json(&riskbench(&[&["audit"][..], &base].concat()));
    let whatif = json(&riskbench(
        &[
            &["whatif"][..],
            &base,
            &[
                "--review-band",
                "0.4,0.6",
                "--cost-fp",
                "5",
                "--cost-fn",
                "1",
            ],
        ]
        .concat(),
    ));
    // The decisions on all rows are the audit's.
    for (a, w) in audit["results"]
        .as_array()
        .unwrap()
        .iter()
        .zip(whatif["results"].as_array().unwrap())
    {
        assert_eq!(a["summary"], w["summary"]);
        for (ga, gw) in a["by_group"]
            .as_array()
            .unwrap()
            .iter()
            .zip(w["by_group"].as_array().unwrap())
        {
            assert_eq!(ga["metrics"], gw["metrics"]);
        }
    }
    assert_eq!(whatif["decisions"]["rule"], "threshold");
    assert_eq!(
        whatif["decisions"]["review_band"],
        serde_json::json!([0.4, 0.6])
    );
    assert_eq!(
        whatif["decisions"]["thresholds"].as_array().unwrap().len(),
        2
    );
    // The band: counted by a pass over the file.
    let df = std::fs::read_to_string(&data).unwrap();
    let header: Vec<&str> = df.lines().next().unwrap().split(',').collect();
    let (si, pi) = (
        header.iter().position(|h| *h == "sex").unwrap(),
        header.iter().position(|h| *h == "y_prob").unwrap(),
    );
    let mut routed_female: u32 = 0;
    let mut female: u32 = 0;
    for line in df.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[si] == "female" {
            female += 1;
            let s: f64 = f[pi].parse().unwrap();
            if (0.4..0.6).contains(&s) {
                routed_female += 1;
            }
        }
    }
    let g0 = &whatif["results"][0]["by_group"][0];
    assert_eq!(g0["group"]["sex"], "female");
    assert_eq!(g0["review"]["routed"], routed_female);
    let share = g0["review"]["routed_share"].as_f64().unwrap();
    assert!((share - f64::from(routed_female) / f64::from(female)).abs() < 1e-15);
    let auto = &g0["review"]["automated"];
    assert_eq!(
        auto["count"].as_u64().unwrap() + u64::from(routed_female),
        g0["metrics"]["count"].as_u64().unwrap()
    );
    for key in [
        "tp",
        "fp",
        "tn",
        "fn",
        "selection_rate",
        "true_positive_rate",
        "accuracy",
    ] {
        assert!(auto.get(key).is_some(), "{key}");
    }
    assert!(whatif["results"][0]["review"]["routed"].as_u64().is_some());
    let cost = &whatif["cost"];
    let overall = &whatif["results"][0]["overall"];
    let want = 5.0 * overall["fp"].as_f64().unwrap() + overall["fn"].as_f64().unwrap();
    assert!((cost["total"].as_f64().unwrap() - want).abs() < 1e-9);
    assert_eq!(cost["per_group"].as_array().unwrap().len(), 2);
}

#[test]
fn whatif_with_group_thresholds() {
    let data = german();
    let out = json(&riskbench(&[
        "whatif",
        &data,
        "--label",
        "y_true",
        "--score",
        "y_prob",
        "--sensitive",
        "sex",
        "--group-threshold",
        "sex=female:0.45",
        "--group-threshold",
        "sex=male:0.55",
    ]));
    assert_eq!(out["decisions"]["rule"], "group_thresholds");
    let t = &out["decisions"]["thresholds"];
    assert_eq!(t[0]["group"]["sex"], "female");
    assert_eq!(t[0]["threshold"], 0.45);
    assert_eq!(t[1]["threshold"], 0.55);
    assert!(out["decisions"]["review_band"].is_null());
    // Same as auditing each group at its own threshold.
    for (i, (value, threshold)) in [("female", "0.45"), ("male", "0.55")].iter().enumerate() {
        let audit = json(&riskbench(&[
            "audit",
            &data,
            "--label",
            "y_true",
            "--score",
            "y_prob",
            "--threshold",
            threshold,
            "--sensitive",
            "sex",
        ]));
        let g = &audit["results"][0]["by_group"][i];
        assert_eq!(g["group"]["sex"], *value);
        assert_eq!(
            g["metrics"]["tp"],
            out["results"][0]["by_group"][i]["metrics"]["tp"]
        );
        assert_eq!(
            g["metrics"]["fp"],
            out["results"][0]["by_group"][i]["metrics"]["fp"]
        );
    }
    let e = error(&riskbench(&[
        "whatif",
        &data,
        "--label",
        "y_true",
        "--score",
        "y_prob",
        "--sensitive",
        "sex",
        "--group-threshold",
        "sex=female:0.45",
    ]));
    assert!(e.contains("no threshold for the group sex=male"), "{e}");
}

#[test]
fn mitigate_thresholds_shape_and_randomized_solution() {
    let data = german();
    let args = [
        "mitigate",
        "thresholds",
        &data,
        "--label",
        "y_true",
        "--score",
        "y_prob",
        "--sensitive",
        "sex",
        "--constraint",
        "demographic_parity",
        "--objective",
        "accuracy_score",
    ];
    let out = json(&riskbench(
        &[&args[..], &["--current-threshold", "0.5"]].concat(),
    ));
    for key in [
        "constraint",
        "objective",
        "tolerance",
        "groups",
        "overall",
        "constraint_violation",
        "randomized",
        "frontier",
    ] {
        assert!(out.get(key).is_some(), "{key}");
    }
    assert_eq!(out["tolerance"], 0.01);
    assert!(out["randomized"].is_null());
    assert!(out["constraint_violation"].as_f64().unwrap() <= 0.01);
    let g = &out["groups"][0];
    for key in [
        "group",
        "threshold",
        "selection_rate",
        "true_positive_rate",
        "false_positive_rate",
        "count",
    ] {
        assert!(g.get(key).is_some(), "{key}");
    }
    assert_eq!(
        out["groups"][0]["count"].as_u64().unwrap() + out["groups"][1]["count"].as_u64().unwrap(),
        1000
    );
    for key in ["accuracy", "balanced_accuracy", "selection_rate"] {
        assert!(out["overall"][key].as_f64().is_some());
    }
    let frontier = out["frontier"].as_array().unwrap();
    assert!(frontier.len() >= 10);
    assert!(
        frontier
            .iter()
            .all(|p| p["tolerance"].is_number() && p["objective"].is_number())
    );
    assert_eq!(out["flips"]["by_group"].as_array().unwrap().len(), 2);

    let randomized = json(&riskbench(&[&args[..], &["--randomized"]].concat()));
    let entries = randomized["randomized"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    for key in [
        "group",
        "p0",
        "threshold0",
        "p1",
        "threshold1",
        "p_ignore",
        "prediction_constant",
    ] {
        assert!(entries[0].get(key).is_some(), "{key}");
    }
    // Fairlearn's exact solution (fixture: german sex demographic_parity accuracy_score).
    assert!((entries[0]["p0"].as_f64().unwrap() - 0.181_363_636_363_636_25).abs() < 1e-9);
    assert!(
        (randomized["overall"]["accuracy"].as_f64().unwrap() - 0.787_630_072_727_272_8).abs()
            < 1e-9
    );
    assert!(randomized["groups"][0]["threshold"].is_null());
    let words = randomized["explanation"][0].as_str().unwrap();
    assert!(
        words.contains("sex=female") && words.contains("at random"),
        "{words}"
    );
}

#[test]
fn mitigate_reweigh_shape_and_weights_file() {
    let data = german();
    let dir = tempfile::tempdir().unwrap();
    let weights = dir.path().join("w.csv");
    let out = json(&riskbench(&[
        "mitigate",
        "reweigh",
        &data,
        "--label",
        "y_true",
        "--sensitive",
        "sex",
        "--write-weights",
        weights.to_str().unwrap(),
    ]));
    assert_eq!(out["label"], "y_true");
    assert_eq!(out["sensitive"], serde_json::json!(["sex"]));
    let cells = out["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 4);
    assert_eq!(cells[0]["group"]["sex"], "female");
    assert_eq!(cells[0]["label"], "1");
    assert_eq!(cells[0]["count"], 201);
    assert!((cells[0]["weight"].as_f64().unwrap() - 1.079_601_990_049_751_3).abs() < 1e-12);
    // Weighted re-audit of the labels: equal base rates after reweighing.
    let result = &out["weighted_audit"]["results"][0];
    let rates: Vec<f64> = result["by_group"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["metrics"]["base_rate"].as_f64().unwrap())
        .collect();
    assert!((rates[0] - rates[1]).abs() < 1e-12, "{rates:?}");
    let text = std::fs::read_to_string(&weights).unwrap();
    assert_eq!(text.lines().count(), 1001);
    assert!(text.starts_with("row,weight\n1,"));
    let e = error(&riskbench(&[
        "mitigate",
        "reweigh",
        &data,
        "--label",
        "y_true",
        "--sensitive",
        "sex,age_group",
    ]));
    assert!(e.contains("--intersect"), "{e}");
    let both = json(&riskbench(&[
        "mitigate",
        "reweigh",
        &data,
        "--label",
        "y_true",
        "--sensitive",
        "sex,age_group",
        "--intersect",
    ]));
    assert_eq!(both["cells"].as_array().unwrap().len(), 8);
}

#[test]
fn bad_input_gets_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.csv");
    std::fs::write(&path, "y,s,g\n1,high,a\n0,low,b\n1,high,b\n0,low,a\n").unwrap();
    let p = path.to_str().unwrap();
    let e = error(&riskbench(&[
        "whatif",
        p,
        "--label",
        "y",
        "--score",
        "s",
        "--sensitive",
        "g",
        "--threshold",
        "0.5",
    ]));
    assert!(e.contains("score column \"s\" is not numeric"), "{e}");
    let e = error(&riskbench(&[
        "mitigate",
        "thresholds",
        p,
        "--label",
        "y",
        "--score",
        "s",
        "--sensitive",
        "g",
        "--constraint",
        "demographic_parity",
        "--objective",
        "accuracy_score",
    ]));
    assert!(e.contains("not numeric"), "{e}");
    // Scores outside [0, 1] are allowed, with a note.
    std::fs::write(&path, "y,s,g\n1,3,a\n0,-2,b\n1,5,b\n0,0,a\n").unwrap();
    let out = riskbench(&[
        "whatif",
        p,
        "--label",
        "y",
        "--score",
        "s",
        "--sensitive",
        "g",
        "--threshold",
        "1",
        "--review-band",
        "-1,4",
    ]);
    let doc = json(&out);
    assert_eq!(doc["score_range"], serde_json::json!([-2.0, 5.0]));
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside [0, 1]"));
    // Equal selection rates within 0.01 only by approving everyone: said so.
    std::fs::write(
        &path,
        "y,s,g\n1,0.2,a\n0,0.8,a\n1,0.1,b\n0,0.5,b\n1,0.9,b\n",
    )
    .unwrap();
    let out = riskbench(&[
        "mitigate",
        "thresholds",
        p,
        "--label",
        "y",
        "--score",
        "s",
        "--sensitive",
        "g",
        "--constraint",
        "demographic_parity",
        "--objective",
        "accuracy_score",
        "--json",
        "-",
    ]);
    let doc = json(&out);
    assert_eq!(doc["constraint_violation"], 0.0);
    assert_eq!(doc["overall"]["accuracy"], 0.6);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "riskbench: note: At this tolerance the best cut-offs approve everyone in every group"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A group without positives: the constrained rate is undefined, said so.
    std::fs::write(&path, "y,s,g\n1,0.9,a\n0,0.2,a\n0,0.4,b\n0,0.3,b\n").unwrap();
    let e = error(&riskbench(&[
        "mitigate",
        "thresholds",
        p,
        "--label",
        "y",
        "--score",
        "s",
        "--sensitive",
        "g",
        "--constraint",
        "true_positive_rate_parity",
        "--objective",
        "accuracy_score",
    ]));
    assert!(
        e.contains("g=b has no actual positives") && e.contains("undefined"),
        "{e}"
    );
    let e = error(&riskbench(&[
        "mitigate",
        "thresholds",
        p,
        "--label",
        "y",
        "--score",
        "s",
        "--sensitive",
        "g",
        "--constraint",
        "fairness",
        "--objective",
        "accuracy_score",
    ]));
    assert!(e.contains("unknown constraint \"fairness\""), "{e}");
}
