//! `riskbench dataset add | list | check` on a copy of the bundled sample project: what `add` stores (read
//! back with the library, the SHA-256 computed here independently), the refusals that leave the project byte
//! for byte unchanged, and the detection of changed and missing files with the findings they make stale.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use crate::support::{riskbench, root, stderr, stdout};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use riskbench::model::data_columns::{ColumnKind, ColumnRole, ColumnSetting};
use riskbench::model::file::load_project;
use riskbench::model::{DatasetFormat, DatasetRole};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

/// A temporary folder `/tmp/dsadd_*` holding `proj/` (a copy of the sample project with its data) and
/// `shared/german.csv` (a copy of the German credit data, outside the project folder).
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("dsadd_")
            .tempdir_in("/tmp")
            .unwrap();
        let sample = root().join("sample_projects/loan_approval");
        let proj = dir.path().join("proj");
        std::fs::create_dir_all(proj.join("data")).unwrap();
        std::fs::copy(
            sample.join("loan_approval.riskbench.ron"),
            proj.join("loan_approval.riskbench.ron"),
        )
        .unwrap();
        for name in [
            "german_credit_with_predictions.csv",
            "synthetic_loans_sample_5000.csv",
        ] {
            std::fs::copy(sample.join("data").join(name), proj.join("data").join(name)).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("shared")).unwrap();
        std::fs::copy(
            sample.join("data/german_credit_with_predictions.csv"),
            dir.path().join("shared/german.csv"),
        )
        .unwrap();
        Self { dir }
    }

    fn project(&self) -> PathBuf {
        self.dir.path().join("proj/loan_approval.riskbench.ron")
    }

    fn project_arg(&self) -> String {
        self.project().to_str().unwrap().to_owned()
    }

    fn german(&self) -> PathBuf {
        self.dir.path().join("shared/german.csv")
    }

    fn german_arg(&self) -> String {
        self.german().to_str().unwrap().to_owned()
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.project()).unwrap()
    }
}

fn sha256_hex(path: &Path) -> String {
    let digest = Sha256::digest(std::fs::read(path).unwrap());
    format!("{digest:x}")
}

fn setting(
    name: &str,
    kind: Option<ColumnKind>,
    role: ColumnRole,
    shares: &[(&str, f64)],
) -> ColumnSetting {
    ColumnSetting {
        name: name.to_owned(),
        kind,
        role,
        reference_shares: shares
            .iter()
            .map(|(v, s)| ((*v).to_owned(), *s))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn add_full(sandbox: &Sandbox) -> Output {
    riskbench(&[
        "dataset",
        "add",
        &sandbox.project_arg(),
        &sandbox.german_arg(),
        "--name",
        "German credit, shared copy",
        "--label",
        "y_true",
        "--positive",
        "1",
        "--prediction",
        "y_pred",
        "--score",
        "y_prob",
        "--sensitive",
        "sex,age_group",
        "--type",
        "age=numeric",
        "--type",
        "telephone=categorical",
        "--missing",
        "?",
        "--missing",
        "NA",
        "--reference",
        "sex=female:0.51",
        "--reference",
        "sex=male:0.49",
    ])
}

#[test]
fn add_stores_path_fingerprint_shape_and_column_settings() {
    let sandbox = Sandbox::new();
    let before = load_project(&sandbox.project()).unwrap().project;
    let out = add_full(&sandbox);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "ds-3", "the new id on stdout");
    assert!(stderr(&out).contains("added ds-3"), "{}", stderr(&out));

    let after = load_project(&sandbox.project()).unwrap().project;
    assert_eq!(after.datasets.len(), 3);
    assert_eq!(after.datasets[..2], before.datasets[..], "others untouched");
    assert_eq!(after.risks, before.risks);
    assert_eq!(after.audits, before.audits);
    let d = &after.datasets[2];
    assert_eq!(d.dataset_id, "ds-3");
    assert_eq!(d.name, "German credit, shared copy");
    assert_eq!(
        d.path, "../shared/german.csv",
        "relative to the project file"
    );
    assert_eq!(d.role, DatasetRole::Test);
    assert_eq!(d.format, DatasetFormat::Csv);
    assert_eq!(d.sha256, sha256_hex(&sandbox.german()));
    assert_eq!(
        d.bytes,
        std::fs::metadata(sandbox.german()).unwrap().len(),
        "size in bytes"
    );
    assert_eq!((d.rows, d.columns), (1000, 28));
    // In the file's column order.
    assert_eq!(
        d.column_settings,
        vec![
            setting("age", Some(ColumnKind::Numeric), ColumnRole::Feature, &[]),
            setting(
                "telephone",
                Some(ColumnKind::Categorical),
                ColumnRole::Feature,
                &[]
            ),
            setting(
                "sex",
                None,
                ColumnRole::Sensitive,
                &[("female", 0.51), ("male", 0.49)]
            ),
            setting("age_group", None, ColumnRole::Sensitive, &[]),
            setting("y_true", None, ColumnRole::Label, &[]),
            setting("y_prob", None, ColumnRole::Score, &[]),
            setting("y_pred", None, ColumnRole::Prediction, &[]),
        ]
    );
    assert_eq!(d.missing_tokens, ["?", "NA"]);
    assert_eq!(d.label_positive.as_deref(), Some("1"));

    // What the GUI's File › Add dataset… stores for the same file, before the column settings.
    let read = riskbench::analysis::dataset::inspect_new_dataset(
        &sandbox.german(),
        &riskbench::analysis::task::TaskControl::new(),
    )
    .unwrap();
    let gui = riskbench::analysis::dataset::new_dataset_ref(
        &before,
        &sandbox.german(),
        sandbox.project().parent(),
        read.info,
    );
    assert_eq!(gui.dataset_id, d.dataset_id);
    assert_eq!(gui.path, d.path);
    assert_eq!(
        (gui.sha256.as_str(), gui.bytes, gui.rows, gui.columns),
        (d.sha256.as_str(), d.bytes, d.rows, d.columns)
    );

    // The file still passes `dataset check`, and `list` shows the roles.
    let out = riskbench(&["dataset", "check", &sandbox.project_arg()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = riskbench(&["dataset", "list", &sandbox.project_arg()]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("ds-3   ok"), "{text}");
    assert!(text.contains("../shared/german.csv"), "{text}");
    assert!(text.contains("sensitive sex, age_group"), "{text}");
}

#[test]
fn add_without_options_stores_what_the_gui_stores() {
    let sandbox = Sandbox::new();
    let data = sandbox.dir.path().join("proj/data/more.csv");
    std::fs::write(&data, "id,x,y\n1,a,0\n2,b,1\n").unwrap();
    let out = riskbench(&[
        "dataset",
        "add",
        &sandbox.project_arg(),
        data.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let d = load_project(&sandbox.project()).unwrap().project.datasets[2].clone();
    assert_eq!(d.name, "more");
    assert_eq!(d.path, "data/more.csv");
    assert_eq!((d.rows, d.columns), (2, 3));
    assert!(d.column_settings.is_empty());
    assert!(d.missing_tokens.is_empty());
    assert_eq!(d.label_positive, None);
}

#[test]
fn duplicate_add_is_refused_and_the_project_is_unchanged() {
    let sandbox = Sandbox::new();
    assert!(add_full(&sandbox).status.success());
    let saved = sandbox.bytes();
    let out = riskbench(&[
        "dataset",
        "add",
        &sandbox.project_arg(),
        &sandbox.german_arg(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("already in the project as ds-3"), "{err}");
    assert_eq!(sandbox.bytes(), saved, "byte-identical");

    // The sample's own file, named another way (through `..`), is also the same file.
    let other = sandbox
        .dir
        .path()
        .join("proj/data/../data/german_credit_with_predictions.csv");
    let out = riskbench(&[
        "dataset",
        "add",
        &sandbox.project_arg(),
        other.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("as ds-1"), "{}", stderr(&out));
    assert_eq!(sandbox.bytes(), saved);
}

#[test]
fn unknown_column_kind_or_share_is_refused_naming_what_is_valid() {
    let sandbox = Sandbox::new();
    let saved = sandbox.bytes();
    let project = sandbox.project_arg();
    let data = sandbox.german_arg();

    let out = riskbench(&[
        "dataset",
        "add",
        &project,
        &data,
        "--sensitive",
        "sex,gender",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--sensitive"), "{err}");
    assert!(err.contains("\"gender\""), "{err}");
    assert!(
        err.contains("(columns: status, month,") && err.contains("y_true, y_prob, y_pred)"),
        "{err}"
    );

    let out = riskbench(&["dataset", "add", &project, &data, "--type", "age=float"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("numeric, categorical, boolean, datetime, text, identifier"),
        "{err}"
    );

    let out = riskbench(&["dataset", "add", &project, &data, "--type", "agee=numeric"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--type: no column \"agee\""));

    let out = riskbench(&[
        "dataset",
        "add",
        &project,
        &data,
        "--sensitive",
        "sex",
        "--reference",
        "sex=female:1.5",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("between 0 and 1"), "{}", stderr(&out));

    let out = riskbench(&[
        "dataset",
        "add",
        &project,
        &data,
        "--label",
        "y_true",
        "--prediction",
        "y_true",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("one role"), "{}", stderr(&out));

    assert_eq!(sandbox.bytes(), saved, "byte-identical after every refusal");
}

#[test]
fn ragged_csv_is_refused_with_line_and_column() {
    let sandbox = Sandbox::new();
    let saved = sandbox.bytes();
    let bad = sandbox.dir.path().join("shared/ragged.csv");
    std::fs::write(&bad, "a,b,c\n1,2,3\n4,5\n7,8,9\n").unwrap();
    let out = riskbench(&[
        "dataset",
        "add",
        &sandbox.project_arg(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("line 3, column 3"), "{err}");
    assert!(err.contains("ragged.csv"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(sandbox.bytes(), saved);

    let out = riskbench(&[
        "dataset",
        "add",
        &sandbox.project_arg(),
        sandbox.dir.path().join("shared/none.csv").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    assert_eq!(sandbox.bytes(), saved);
}

#[test]
fn check_detects_changed_and_missing_files_and_names_stale_findings() {
    let sandbox = Sandbox::new();
    let out = riskbench(&["dataset", "check", &sandbox.project_arg()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("ds-1 ok"));

    // One byte more in the German credit copy.
    let german = sandbox
        .dir
        .path()
        .join("proj/data/german_credit_with_predictions.csv");
    let mut bytes = std::fs::read(&german).unwrap();
    bytes.push(b'\n');
    std::fs::write(&german, &bytes).unwrap();
    let saved = sandbox.bytes();
    let out = riskbench(&["dataset", "check", &sandbox.project_arg()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("ds-1 CHANGED: data/german_credit_with_predictions.csv"),
        "{text}"
    );
    assert!(text.contains("stale evidence: R-1"), "{text}");
    assert!(text.contains("stale audit: \"Approval by sex\""), "{text}");
    assert!(text.contains("ds-2 ok"), "{text}");

    // The synthetic sample gone.
    std::fs::remove_file(
        sandbox
            .dir
            .path()
            .join("proj/data/synthetic_loans_sample_5000.csv"),
    )
    .unwrap();
    let json = sandbox.dir.path().join("check.json");
    let out = riskbench(&[
        "dataset",
        "check",
        &sandbox.project_arg(),
        "--json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("ds-2 MISSING: data/synthetic_loans_sample_5000.csv"),
        "{text}"
    );
    assert!(text.contains("stale evidence: R-3"), "{text}");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let ds = doc["datasets"].as_array().unwrap();
    assert_eq!(ds[0]["status"], "changed");
    assert_eq!(ds[0]["sha256_now"], sha256_hex(&german).as_str());
    assert_eq!(ds[1]["status"], "missing");
    assert!(
        ds[1]["stale_evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["risk_id"] == "R-3")
    );
    assert_eq!(sandbox.bytes(), saved, "check never writes the project");
}

#[test]
fn list_json_has_one_entry_per_dataset() {
    let sandbox = Sandbox::new();
    assert!(add_full(&sandbox).status.success());
    let out = riskbench(&["dataset", "list", &sandbox.project_arg(), "--json", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["riskbench_version"].is_string());
    assert!(
        doc["project"]
            .as_str()
            .unwrap()
            .ends_with("loan_approval.riskbench.ron")
    );
    let ds = doc["datasets"].as_array().unwrap();
    assert_eq!(ds.len(), 3);
    for d in ds {
        for key in [
            "dataset_id",
            "name",
            "path",
            "role",
            "format",
            "rows",
            "columns",
            "bytes",
            "sha256",
            "status",
            "sha256_now",
            "problem",
            "column_settings",
            "missing_tokens",
            "label_positive",
            "stale_evidence",
            "stale_audits",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
        assert_eq!(d["status"], "ok");
    }
    let new = &ds[2];
    assert_eq!(new["dataset_id"], "ds-3");
    assert_eq!(new["path"], "../shared/german.csv");
    assert_eq!(new["role"], "test");
    assert_eq!(new["rows"], 1000);
    assert_eq!(new["columns"], 28);
    assert_eq!(new["sha256"], sha256_hex(&sandbox.german()).as_str());
    assert_eq!(new["label_positive"], "1");
    assert_eq!(new["missing_tokens"], serde_json::json!(["?", "NA"]));
    let sex = new["column_settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "sex")
        .unwrap();
    assert_eq!(sex["role"], "sensitive");
    assert_eq!(sex["kind"], Value::Null);
    assert_eq!(sex["reference_shares"]["female"], 0.51);
    let age = new["column_settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "age")
        .unwrap();
    assert_eq!(age["kind"], "numeric");
    assert_eq!(age["role"], "feature");
}
