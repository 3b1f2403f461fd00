//! Map › Datasets and Measure › Data exploration (EDA), driven like a user would with `egui_kittest`: add a
//! dataset through the dialog's path prompt, open its profile, wait for the background jobs, find its alerts
//! by label, declare a placeholder missing and see the profile follow, choose column roles that a new fairness
//! audit then starts from, and sort and filter the data table.

use crate::support::ui as support;

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::model::data_columns::ColumnRole;
use riskbench::ui::RiskbenchApp;
use riskbench::ui::sections::Section;
use support::{add_dataset, sample_copy, settle, type_into, wait_for_rerun};

fn app(project: PathBuf) -> Harness<'static, RiskbenchApp> {
    support::app_sized(Some(project), egui::vec2(1500.0, 1000.0))
}

fn click(harness: &mut Harness<'_, RiskbenchApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
}

/// Ten applicants: `id` is unique, `city` hides a `?` placeholder, `branch` is constant, `income` misses
/// two values, `sex` is sensitive, `approved` is the label.
const APPLICANTS: &str = "\
id,city,branch,income,sex,approved
1,Paris,north,52000,female,1
2,Oslo,north,31000,male,0
3,?,north,,female,0
4,Paris,north,75000,male,1
5,Lyon,north,48000,female,1
6,?,north,61000,male,1
7,Oslo,north,,female,0
8,Lyon,north,39000,male,0
9,Paris,north,88000,female,1
10,Oslo,north,27000,male,0
";

fn write_applicants(dir: &Path) -> PathBuf {
    let path = dir.join("data").join("applicants.csv");
    std::fs::write(&path, APPLICANTS).expect("write the test data");
    path
}

fn alert_kinds(harness: &Harness<'_, RiskbenchApp>) -> Vec<String> {
    [
        "MISSING",
        "CONSTANT",
        "UNIQUE",
        "SUSPECTED_MISSING_PLACEHOLDER",
        "HIGH_CORRELATION",
    ]
    .into_iter()
    .filter(|k| harness.query_all_by_label(k).next().is_some())
    .map(str::to_owned)
    .collect()
}

#[test]
fn an_added_dataset_is_profiled_and_its_alerts_are_listed() {
    let (dir, project_path) = sample_copy();
    let data = write_applicants(dir.path());
    let mut harness = app(project_path);
    let before = harness.state().document().project().datasets.len();
    add_dataset(&mut harness, &data);
    let project = harness.state().document().project();
    assert_eq!(project.datasets.len(), before + 1, "the dataset was added");
    assert_eq!(project.datasets.last().unwrap().rows, 10);
    assert!(
        harness.state().notifications().is_empty(),
        "{:?}",
        harness.state().notifications()
    );

    // Its profile: the new dataset is the one shown, loaded and profiled in the background.
    click(&mut harness, Section::Eda.label());
    assert_eq!(harness.state().section(), Section::Eda);
    harness.get_by_label("Measure › Data exploration (EDA)");
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("10 rows × 6 columns")
            .is_some(),
        "the new dataset is loaded"
    );
    harness.get_by_label("Duplicate rows");
    harness.check_accessibility();

    // The alerts, found by their labels.
    click(&mut harness, "Alerts");
    let kinds = alert_kinds(&harness);
    assert!(kinds.contains(&"CONSTANT".to_owned()), "{kinds:?}");
    assert!(kinds.contains(&"MISSING".to_owned()), "{kinds:?}");
    assert!(
        kinds.contains(&"SUSPECTED_MISSING_PLACEHOLDER".to_owned()),
        "{kinds:?}"
    );
    assert!(harness.query_by_label("branch").is_some());
    harness.get_by_label("Alert thresholds");
    harness.check_accessibility();

    // Declaring the placeholder missing is saved in the project and the profile follows: no placeholder
    // alert any more (city now misses two values instead).
    click(&mut harness, "Column settings");
    click(&mut harness, "Declare \"?\" missing");
    let tokens = |h: &Harness<'_, RiskbenchApp>| {
        h.state()
            .document()
            .project()
            .datasets
            .last()
            .unwrap()
            .missing_tokens
            .clone()
    };
    assert_eq!(tokens(&harness), ["?"]);
    wait_for_rerun(&mut harness, "the re-run of the changed profile");
    click(&mut harness, "Alerts");
    let kinds = alert_kinds(&harness);
    assert!(
        !kinds.contains(&"SUSPECTED_MISSING_PLACEHOLDER".to_owned()),
        "{kinds:?}"
    );
    assert!(kinds.contains(&"MISSING".to_owned()), "{kinds:?}");

    // Undo brings the placeholder back into the data (and its alert, once the profile ran again).
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(2);
    assert!(tokens(&harness).is_empty());
    wait_for_rerun(&mut harness, "the re-run of the changed profile");
    click(&mut harness, "Alerts");
    assert!(
        alert_kinds(&harness).contains(&"SUSPECTED_MISSING_PLACEHOLDER".to_owned()),
        "the profile ran again after undo"
    );
    assert!(harness.state().notifications().is_empty());
}

#[test]
fn column_roles_feed_the_profile_and_a_new_fairness_audit() {
    // A new project: the added dataset is its first, the one a new fairness audit starts on.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let data = write_applicants(dir.path());
    let mut harness = support::app_sized(None, egui::vec2(1500.0, 1000.0));
    add_dataset(&mut harness, &data);
    assert_eq!(harness.state().document().project().datasets.len(), 1);

    click(&mut harness, "Column types and roles");
    settle(&mut harness);
    for (column, role) in [("sex", "Sensitive"), ("approved", "Label")] {
        harness
            .get_by_role_and_label(Role::ComboBox, &format!("Role of {column}"))
            .click();
        harness.run_steps(2);
        harness.query_all_by_label(role).last().unwrap().click();
        harness.run_steps(2);
    }
    let settings = harness.state().document().project().datasets[0]
        .column_settings
        .clone();
    let role = |name: &str| settings.iter().find(|c| c.name == name).map(|c| c.role);
    assert_eq!(role("sex"), Some(ColumnRole::Sensitive));
    assert_eq!(role("approved"), Some(ColumnRole::Label));
    assert_eq!(settings.len(), 2, "only changed columns are stored");
    harness.check_accessibility();

    // The profile's fairness tab: representation and base rate per group, proxies of sex.
    click(&mut harness, "Open the profile");
    assert_eq!(harness.state().section(), Section::Eda);
    wait_for_rerun(&mut harness, "the re-run of the changed profile");
    click(&mut harness, "Fairness");
    harness.get_by_label("Representation");
    harness.get_by_label("Likely proxies");
    // Five women, three approved: a base rate of 60%; five men, two approved: 40%.
    assert!(harness.query_all_by_label("60.0%").next().is_some());
    assert!(harness.query_all_by_label("40.0%").next().is_some());
    assert!(harness.query_all_by_label("50.0%").count() >= 2, "shares");
    harness.check_accessibility();

    // A new fairness audit starts from these roles.
    click(&mut harness, Section::Fairness.label());
    settle(&mut harness);
    click(&mut harness, "New audit");
    let audits = &harness.state().document().project().audits;
    assert_eq!(audits.len(), 1);
    let spec = &audits[0].spec;
    assert_eq!(spec.label, "approved");
    assert_eq!(spec.sensitive, ["sex"]);
    assert_eq!(spec.prediction, None);
}

#[test]
fn the_data_table_sorts_and_filters() {
    let (dir, project_path) = sample_copy();
    let data = write_applicants(dir.path());
    let mut harness = app(project_path);
    add_dataset(&mut harness, &data);
    click(&mut harness, Section::Eda.label());
    settle(&mut harness);
    click(&mut harness, "Data");
    harness.get_by_label("Showing 10 of 10 rows");
    harness.check_accessibility();

    // A comparison: four incomes above 50,000 (missing ones never match).
    type_into(&mut harness, "Filter", "income > 50000");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    settle(&mut harness);
    harness.get_by_label("Showing 4 of 10 rows: rows where income > 50000");
    for income in ["52000", "75000", "61000", "88000"] {
        assert!(harness.query_by_label(income).is_some(), "{income} shown");
    }
    assert!(
        harness.query_by_label("31000").is_none(),
        "row 2 filtered out"
    );

    // Sort by income, descending: 88000 (row 9) first.
    click(&mut harness, "income");
    settle(&mut harness);
    click(&mut harness, "income ▲");
    settle(&mut harness);
    harness.get_by_label(
        "Showing 4 of 10 rows: rows where income > 50000, sorted by income descending",
    );
    let top = harness.get_by_label("88000").rect().min.y;
    let bottom = harness.get_by_label("52000").rect().min.y;
    assert!(top < bottom, "88000 above 52000 when descending");

    // A text search in any column, ignoring case.
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .click();
    harness.run_steps(1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .type_text("OSLO");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Showing 3 of 10 rows")
            .is_some()
    );

    // A bad comparison says why, without a job.
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .click();
    harness.run_steps(1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .type_text("city > 3");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    assert!(harness.query_by_label_contains("holds text").is_some());
}

#[test]
fn a_broken_file_names_line_and_column_and_leaves_the_project_alone() {
    let (dir, project_path) = sample_copy();
    let bad = dir.path().join("data").join("ragged.csv");
    std::fs::write(&bad, "a,b,c\n1,2,3\n4,5\n").unwrap();
    let mut harness = app(project_path);
    let before = harness.state().document().project().clone();
    add_dataset(&mut harness, &bad);
    assert!(
        harness.state().document().project() == &before,
        "the project is untouched"
    );
    assert!(!harness.state().document().is_dirty());
    let errors: Vec<String> = harness
        .state()
        .notifications()
        .iter()
        .map(|n| n.text.clone())
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("line 3, column 3") && e.contains("ragged.csv")),
        "{errors:?}"
    );
}
