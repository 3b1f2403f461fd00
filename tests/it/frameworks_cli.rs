//! `riskbench checklist PROJECT --framework KEY [--json FILE]` on the loan sample: the EU AI Act position and
//! obligations, the JSON items with evidence and related items, the NIST default unchanged, unknown ids as
//! warnings, and a bad framework name as a usage error.

use std::path::PathBuf;

use crate::support::{riskbench, root, stderr, stdout};

fn sample() -> PathBuf {
    root().join("sample_projects/loan_approval/loan_approval.riskbench.ron")
}

#[test]
fn eu_ai_act_checklist_prints_the_position_and_writes_items_with_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("eu.json");
    let sample = sample();
    let out = riskbench(&[
        "checklist",
        sample.to_str().unwrap(),
        "--framework",
        "eu-ai-act",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = stdout(&out);
    assert!(stdout.starts_with("EU AI Act checklist: Consumer loan pre-screening model\n"));
    assert!(
        stdout.contains(
            "Position on 2026-11-28: EU AI Act high-risk, provider: 2 of 13 applicable obligations evidenced"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("  All                     2 of 13 covered ( 15 %), 7 in progress\n"),
        "{stdout}"
    );
    assert!(stdout.contains("Art. 26  Not started     Obligations of deployers of high-risk AI systems\n    does not apply"));
    assert!(
        stdout.contains("Only the Official Journal text is authentic"),
        "attribution printed"
    );

    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(doc["framework"], "eu-ai-act");
    assert_eq!(doc["overall"]["total"], 13);
    assert_eq!(doc["overall"]["done"], 2);
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 18);
    let art10 = items.iter().find(|i| i["id"] == "Art. 10").unwrap();
    assert_eq!(
        art10["label"],
        "Quality and governance of training, validation and test data"
    );
    assert_eq!(art10["status"], "InProgress");
    assert_eq!(art10["evidence"]["audit_ids"].as_array().unwrap().len(), 4);
    assert_eq!(art10["obligation"]["applies"], true);
    assert_eq!(art10["obligation"]["dates"]["original"], "2026-08-02");
    assert_eq!(art10["obligation"]["dates"]["amended"], "2027-12-02");
    assert_eq!(art10["obligation"]["in_force"], "PostponedByAmendment");
    let related = art10["related"].as_array().unwrap();
    assert!(
        related
            .iter()
            .any(|r| r["item"]["framework_id"] == "nist-ai-rmf"
                && r["item"]["item_id"] == "MEASURE 2.11"
                && r["basis"]["mapping"] == "judgement")
    );
}

#[test]
fn iso_checklist_marks_published_relations_and_nist_stays_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("iso.json");
    let sample = sample();
    let out = riskbench(&[
        "checklist",
        sample.to_str().unwrap(),
        "--framework",
        "iso-42001",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 38 + 43);
    let a624 = items.iter().find(|i| i["id"] == "A.6.2.4").unwrap();
    assert_eq!(a624["label"], "Testing and validation");
    assert!(
        a624["related"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["item"]["item_id"] == "MEASURE 2.5"
                && r["basis"]["mapping"] == "published"
                && r["basis"]["source"].as_str().unwrap().contains("42001"))
    );
    // The text lists the relations derived through NIST too, the same ones as the JSON.
    let derived = a624["related_derived"].as_array().unwrap();
    assert!(!derived.is_empty());
    let text = stdout(&out);
    let block = text.split("\nA.6.2.4 ").nth(1).unwrap();
    let block = &block[..block.find("\nA.").unwrap_or(block.len())];
    let line = block
        .lines()
        .find_map(|l| {
            l.strip_prefix("    related through a NIST subcategory (derived, not published): ")
        })
        .unwrap_or_else(|| panic!("no derived line in {block}"));
    assert_eq!(line.split("; ").count(), derived.len(), "{line}");
    for r in derived {
        let id = r["item"]["item_id"].as_str().unwrap();
        assert!(
            line.contains(&format!("{id} [derived through NIST AI RMF ")),
            "{id}: {line}"
        );
    }

    let default = riskbench(&["checklist", sample.to_str().unwrap()]);
    let nist = riskbench(&[
        "checklist",
        sample.to_str().unwrap(),
        "--framework",
        "nist-ai-rmf",
    ]);
    assert!(default.status.success());
    assert_eq!(default.stdout, nist.stdout);
    assert!(
        stdout(&default).starts_with("NIST AI RMF checklist: Consumer loan pre-screening model\n")
    );
}

#[test]
fn unknown_ids_are_warned_by_id_and_a_bad_framework_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.riskbench.ron");
    let mut project = riskbench::model::file::load_project(&sample())
        .unwrap()
        .project;
    riskbench::model::frameworks::checklist::update(
        &mut project,
        riskbench::model::frameworks::FrameworkId::Saif,
        "controlRetired",
        |e| e.notes = "from an older data file".to_owned(),
    );
    std::fs::write(
        &path,
        riskbench::model::file::project_to_string(&project).unwrap(),
    )
    .unwrap();
    let out = riskbench(&["checklist", path.to_str().unwrap(), "--framework", "saif"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let file = path.display();
    assert_eq!(
        stderr(&out),
        format!(
            "riskbench: warning: Google SAIF checklist entry \"controlRetired\", item id: no item \
             \"controlRetired\" in the shipped Google SAIF data; the entry is kept (needs a person to decide): \
             {file}\nriskbench: warning: 1 inconsistencies; `riskbench repair {file}` lists the repairs, \
             `--yes` applies them\n"
        )
    );
    // The repair asked for keeps it too: the id is reported, never dropped.
    let repair = riskbench(&["repair", path.to_str().unwrap(), "--yes"]);
    assert_eq!(repair.status.code(), Some(1), "{}", stderr(&repair));
    assert!(
        stdout(&repair).contains("\"controlRetired\""),
        "{}",
        stdout(&repair)
    );
    let back = riskbench::model::file::load_project(&path).unwrap().project;
    assert!(
        back.frameworks.checklists["saif"]
            .entries
            .contains_key("controlRetired")
    );

    let bad = riskbench(&["checklist", path.to_str().unwrap(), "--framework", "cobit"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("invalid value 'cobit'"),
        "{}",
        stderr(&bad)
    );
}
