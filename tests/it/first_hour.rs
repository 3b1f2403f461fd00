//! The first hour of a new analyst (issue 21), driven with `egui_kittest`: a typed date survives Tab and
//! Enter (or stays with the reason), typing after "Add author" reaches the new field, one audit has one verdict
//! in the Findings box, the heat map, the Aequitas table, the CLI and the PDF's executive summary, saved audits
//! have their results again after reopening, and the first start opens a copy of the bundled sample.

#![expect(
    clippy::unwrap_used,
    reason = "in tests a failed unwrap is a failed test"
)]

use crate::support::ui as support;

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::analysis::audit::{run_audit, run_saved_audits};
use riskbench::analysis::fairness::{CheckKind, Verdict};
use riskbench::analysis::task::TaskControl;
use riskbench::model::{IsoDate, Project};
use riskbench::report::plan::{self, PlanOptions};
use riskbench::ui::sections::Section;
use riskbench::ui::{LaunchOptions, RiskbenchApp};
use support::{click, project, sample_copy, settle};

/// Types like a person: one character per frame.
fn type_slowly(harness: &mut Harness<'_, RiskbenchApp>, text: &str) {
    for c in text.chars() {
        let focused = harness
            .query_all_by_role(Role::TextInput)
            .find(egui_kittest::Node::is_focused);
        focused
            .expect("a text field has focus")
            .type_text(&c.to_string());
        harness.run_steps(1);
    }
}

fn field_value(harness: &Harness<'_, RiskbenchApp>, label: &str) -> Option<String> {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .value()
}

fn date(text: &str) -> IsoDate {
    text.parse().unwrap()
}

#[test]
fn a_typed_date_is_kept_after_tab_and_after_enter_or_says_why_not() {
    let (_dir, path) = sample_copy();
    let mut harness = support::app_sized(Some(path), egui::vec2(1600.0, 2600.0));
    click(&mut harness, Section::Register.label());
    click(&mut harness, "Add risk");
    click(&mut harness, "Add action");

    // Due date, then Tab.
    harness
        .get_by_role_and_label(Role::TextInput, "Due")
        .click();
    harness.run_steps(2);
    type_slowly(&mut harness, "2026-12-01");
    harness.key_press(Key::Tab);
    harness.run_steps(3);
    assert_eq!(
        project(&harness).risks.last().unwrap().actions[0].due,
        Some(date("2026-12-01"))
    );
    assert_eq!(field_value(&harness, "Due").as_deref(), Some("2026-12-01"));

    // Review date (under Ownership), then Enter.
    click(&mut harness, "Ownership");
    harness
        .get_by_role_and_label(Role::TextInput, "Review date")
        .click();
    harness.run_steps(2);
    type_slowly(&mut harness, "2027-01-15");
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert_eq!(
        project(&harness).risks.last().unwrap().review_date,
        Some(date("2027-01-15"))
    );
    assert_eq!(
        field_value(&harness, "Review date").as_deref(),
        Some("2027-01-15")
    );

    // Not a date: the text stays, the reason is shown, the stored date is unchanged.
    harness
        .get_by_role_and_label(Role::TextInput, "Review date")
        .click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run_steps(1);
    type_slowly(&mut harness, "2027-02-30");
    harness.key_press(Key::Tab);
    harness.run_steps(3);
    assert_eq!(
        field_value(&harness, "Review date").as_deref(),
        Some("2027-02-30")
    );
    harness.get_by_label("Not stored: expected a date written YYYY-MM-DD, found \"2027-02-30\"");
    assert_eq!(
        project(&harness).risks.last().unwrap().review_date,
        Some(date("2027-01-15"))
    );
}

#[test]
fn typing_after_add_author_and_add_approver_fills_the_new_name() {
    let (_dir, path) = sample_copy();
    let mut harness = support::app_sized(Some(path), egui::vec2(1400.0, 1400.0));
    click(&mut harness, Section::Roles.label());
    let authors = project(&harness).metadata.authors.len();
    // The new row's Name field takes the focus: typing goes there straight away (before, the new field
    // inherited the button's focus by position and ignored the keys).
    click(&mut harness, "Add author");
    harness.run_steps(2);
    type_slowly(&mut harness, "Ada");
    assert_eq!(project(&harness).metadata.authors[authors].name, "Ada");

    let approvers = project(&harness).metadata.approvers.len();
    click(&mut harness, "Add approver");
    harness.run_steps(2);
    type_slowly(&mut harness, "Grace");
    assert_eq!(
        project(&harness).metadata.approvers[approvers].name,
        "Grace"
    );
    assert_eq!(project(&harness).metadata.authors[authors].name, "Ada");
}

const AUDIT: &str = "Approval by sex";

/// The verdict of the saved audit, computed by the engine directly.
fn engine_verdict(dir: &Path, project: &Project) -> Verdict {
    let audit = project.audits.iter().find(|a| a.name == AUDIT).unwrap();
    let dataset = project.dataset(&audit.dataset_id).unwrap();
    let report = run_audit(
        &dir.join(&dataset.path),
        &audit.spec,
        &project.settings.fairness,
        &TaskControl::new(),
    )
    .unwrap();
    report.results[0].verdict.clone()
}

fn labels(harness: &Harness<'_, RiskbenchApp>) -> Vec<String> {
    harness
        .query_all_by_role(Role::Label)
        .filter_map(|n| n.value())
        .collect()
}

#[test]
fn one_audit_has_one_verdict_on_screen_in_the_cli_and_in_the_pdf() {
    let (dir, path) = sample_copy();
    let mut harness = support::app_sized(Some(path.clone()), egui::vec2(1500.0, 1400.0));
    let verdict = engine_verdict(dir.path(), project(&harness));
    // The sample's audit by sex: PPR, FDR and FNR fail their four-fifths ratio, and with them four Aequitas
    // composites; every summary difference and ratio passes.
    let four_fifths = verdict.kind(CheckKind::FourFifthsRatio).unwrap();
    assert_eq!((four_fifths.checks, four_fifths.failed), (10, 3));
    assert_eq!(four_fifths.failing, ["PPR", "FDR", "FNR"]);
    let aequitas = verdict.kind(CheckKind::AequitasParity).unwrap();
    assert_eq!((aequitas.checks, aequitas.failed), (5, 4));
    assert_eq!((verdict.checks, verdict.failed), (21, 7));
    assert!(verdict.ppr_note.is_some());
    assert!(
        verdict
            .text
            .starts_with("7 of 21 checks fail — four-fifths ratio: 3 of 10 fail (PPR, FDR, FNR;"),
        "{}",
        verdict.text
    );

    // The screen: the Findings box, the heat map and the Aequitas table say the same.
    click(&mut harness, Section::Fairness.label());
    settle(&mut harness);
    click(&mut harness, AUDIT);
    settle(&mut harness);
    click(&mut harness, "Run audit");
    settle(&mut harness);
    harness.get_by_label(&format!("Verdict: {}", verdict.text));
    click(&mut harness, "Disparity heat map");
    harness.get_by_label(&format!("Verdict of these checks — {}", four_fifths.text()));
    let failed_cells = labels(&harness)
        .iter()
        .filter(|l| {
            l.ends_with(" ✗")
                && l.split(' ')
                    .next()
                    .is_some_and(|n| n.parse::<f64>().is_ok())
        })
        .count();
    assert_eq!(failed_cells, four_fifths.failed, "✗ cells of the heat map");
    click(&mut harness, "Summary and checks");
    harness.get_by_label(&format!("Verdict of these checks — {}", aequitas.text()));
    let failed_composites = labels(&harness).iter().filter(|l| *l == "✗").count();
    assert_eq!(
        failed_composites, aequitas.failed,
        "✗ cells of the Aequitas table"
    );

    // The CLI.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args([
            "audit",
            "--project",
            path.to_str().unwrap(),
            "--name",
            AUDIT,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&verdict.text), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["results"][0]["verdict"]["failed"], 7);
    assert_eq!(json["results"][0]["checks"].as_array().unwrap().len(), 21);

    // The PDF's executive summary.
    let project = project(&harness).clone();
    let evidence = run_saved_audits(&project, dir.path(), &TaskControl::new()).unwrap();
    let doc = plan::build(
        &project,
        &PlanOptions::all(project.metadata.modified),
        &evidence,
    );
    let text = doc.to_outline_text();
    assert!(
        text.contains(&format!("**{AUDIT}**, by sex: {}", verdict.text)),
        "{text}"
    );
}

#[test]
fn saved_audits_have_their_results_again_after_reopening() {
    let (_dir, path) = sample_copy();
    let mut harness = support::app_sized(Some(path), egui::vec2(1500.0, 1200.0));
    // Nothing is clicked: opening the project checked the dataset files and re-ran the audits whose data
    // matches its fingerprint.
    click(&mut harness, Section::Fairness.label());
    settle(&mut harness);
    click(&mut harness, "Approval by age group");
    settle(&mut harness);
    assert!(
        harness.query_by_label_contains("Not run yet").is_none(),
        "the results are back"
    );
    assert!(harness.query_by_label_contains("Verdict: ").is_some());
    // R-1 was created from its failed demographic parity difference: it shows as tracked again.
    harness.get_by_label("tracked as R-1");
}

fn installed_sample() -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = sample_copy();
    (dir, path)
}

#[test]
fn the_first_start_opens_a_copy_of_the_sample_and_says_so() {
    let (installed_dir, installed) = installed_sample();
    let original = std::fs::read(&installed).unwrap();
    let documents = tempfile::tempdir().unwrap();
    let folder = documents.path().join("Riskbench");
    let launch = LaunchOptions {
        project: None,
        last_or: Some(installed.clone()),
        autosave_dir: None,
        native_dialogs: false,
        sample_copy_dir: Some(folder.clone()),
        ask_user_name: false,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| RiskbenchApp::new(cc, launch));
    let copy_dir = folder.join(installed.parent().unwrap().file_name().unwrap());
    let note = harness
        .state()
        .notifications()
        .iter()
        .find(|n| n.text.contains("copy of the sample project"))
        .map(|n| n.text.clone())
        .expect("a notification says where the copy is");
    assert!(note.contains(&copy_dir.display().to_string()), "{note}");
    settle(&mut harness);
    let copy = copy_dir.join("loan_approval.riskbench.ron");
    assert_eq!(harness.state().document().path(), Some(copy.as_path()));
    assert!(copy.is_file());
    assert!(
        copy_dir
            .join("data/german_credit_with_predictions.csv")
            .is_file()
    );
    // The datasets resolve next to the copy.
    assert!(
        harness.state().dataset_checks().values().all(|c| *c
            == riskbench::ui::app::FileCheck::Done(
                riskbench::analysis::dataset::DatasetStatus::Unchanged
            )),
        "{:?}",
        harness.state().dataset_checks()
    );
    // An edit and a save change the copy, never the installed sample.
    click(&mut harness, Section::Roles.label());
    click(&mut harness, "Add author");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run_steps(2);
    settle(&mut harness);
    assert_eq!(std::fs::read(&installed).unwrap(), original);
    assert_ne!(std::fs::read(&copy).unwrap(), original);
    drop(installed_dir);
}

#[test]
fn the_first_start_asks_for_a_name_that_can_be_typed_straight_away() {
    let (_dir, path) = sample_copy();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(move |cc| {
            RiskbenchApp::new(
                cc,
                LaunchOptions {
                    project: Some(path),
                    last_or: None,
                    autosave_dir: None,
                    native_dialogs: false,
                    sample_copy_dir: None,
                    ask_user_name: true,
                },
            )
        });
    settle(&mut harness);
    harness.get_by_label("Your name");
    // The prompt settles, also while the window is not focused (egui then drops the keyboard focus). Asking
    // for the focus every frame kept a real X11 window repainting and ignoring its input (seen under Xvfb;
    // this harness did not reproduce that freeze, so this checks the settled behaviour only).
    harness.input_mut().focused = false;
    assert!(
        harness.try_run().is_ok(),
        "the name prompt keeps repainting"
    );
    harness.input_mut().focused = true;
    harness.run_steps(2);
    // The name field has the focus: typing goes there without a click, Enter closes the prompt.
    type_slowly(&mut harness, "Ada Lovelace");
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert_eq!(harness.state().user_name(), "Ada Lovelace");
    assert!(harness.query_by_label("Your name").is_none());
}
