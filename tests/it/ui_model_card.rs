//! Map › Model card with `egui_kittest`, on a copy of the model-card-audit sample: check the card against the
//! data, write a claim with the editor (metric, scope, column picked from lists, value typed), see it
//! contradicted with its numbers, create a risk from it — once, a second press finds the same risk — and
//! create the audit a not-measured claim needs.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::ui::RiskbenchApp;
use riskbench::ui::model_card::ModelCardScreen;
use riskbench::ui::sections::Section;

use crate::support::ui as support;

fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/model_card_audit");
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir_all(dir.path().join("data")).expect("data folder");
    std::fs::copy(
        src.join("data/adult_test_predictions.csv"),
        dir.path().join("data/adult_test_predictions.csv"),
    )
    .expect("copy data");
    let project = dir.path().join("model_card_audit.riskbench.ron");
    std::fs::copy(src.join("model_card_audit.riskbench.ron"), &project).expect("copy project");
    (dir, project)
}

fn click(harness: &mut Harness<'_, RiskbenchApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
}

fn pick(harness: &mut Harness<'_, RiskbenchApp>, combo: &str, option: &str) {
    harness.get_by_role_and_label(Role::ComboBox, combo).click();
    harness.run_steps(2);
    harness
        .query_all_by_label(option)
        .last()
        .unwrap_or_else(|| panic!("no option {option:?} in {combo:?}"))
        .click();
    harness.run_steps(2);
}

fn wait_check(harness: &mut Harness<'_, RiskbenchApp>) {
    support::wait_until(harness, "the end of the model card check", |h| {
        h.state()
            .screens()
            .get::<ModelCardScreen>()
            .is_some_and(|s| !s.job().is_running() && s.evidence.is_some())
    });
}

#[test]
fn the_check_runs_in_the_background_and_can_be_cancelled() {
    let (_dir, project) = sample_copy();
    let mut harness = support::app_sized(Some(project), egui::vec2(1600.0, 1600.0));
    click(&mut harness, Section::ModelCard.label());
    harness.get_by_label("Check against the data").click();
    harness.run_steps(1);
    let screen = |h: &Harness<'_, RiskbenchApp>| {
        h.state()
            .screens()
            .get::<ModelCardScreen>()
            .map(|s| (s.job().job_id(), s.job().is_running(), s.evidence.is_some()))
            .expect("the model card screen")
    };
    let job_id = screen(&harness).0.expect("the check's job has started");
    support::cancel_job(
        &mut harness,
        job_id,
        "Checking the model card against the data",
        |h| !screen(h).1,
    );
    assert!(!screen(&harness).2, "a cancelled check leaves no evidence");
    // The screen says so where its errors show.
    harness.get_by_label("cancelled");
    // Checked again, the evidence arrives and the message goes.
    click(&mut harness, "Check against the data");
    wait_check(&mut harness);
    assert!(harness.query_by_label("cancelled").is_none());
}

fn risks_from(harness: &Harness<'_, RiskbenchApp>, claim_id: &str) -> Vec<String> {
    let reference = format!("model card claim {claim_id}");
    harness
        .state()
        .document()
        .project()
        .risks
        .iter()
        .filter(|r| r.evidence.iter().any(|e| e.reference == reference))
        .map(|r| r.risk_id.clone())
        .collect()
}

#[test]
fn write_a_claim_see_it_contradicted_and_create_a_risk_once() {
    let (_dir, project) = sample_copy();
    let mut harness = support::app_sized(Some(project), egui::vec2(1600.0, 1600.0));
    click(&mut harness, Section::ModelCard.label());
    assert_eq!(harness.state().section(), Section::ModelCard);
    click(&mut harness, "Documented vs measured");
    click(&mut harness, "Check against the data");
    wait_check(&mut harness);
    harness.get_by_label("5 claims: 1 supported, 1 contradicted, 2 inconclusive, 1 not measured");

    // Write "accuracy ≥ 0.9 for every group of sex".
    click(&mut harness, "Add claim");
    assert_eq!(
        harness.state().document().project().model_card.claims.len(),
        6
    );
    pick(&mut harness, "Applies to", "Every group");
    pick(&mut harness, "Column", "sex");
    support::type_into(&mut harness, "Claimed value", ".9");
    harness.run_steps(2);
    let claim = harness.state().document().project().model_card.claims[5].clone();
    assert_eq!(claim.claim_id, "C-6");
    assert_eq!(claim.describe(), "accuracy ≥ 0.9 for every group of sex");
    harness.get_by_label("6 claims: 1 supported, 2 contradicted, 2 inconclusive, 1 not measured");
    assert_eq!(
        harness.query_all_by_label("[0.8067, 0.8211]").count(),
        2,
        "men's accuracy interval decides C-2 and C-6"
    );

    click(&mut harness, "Create risk from finding (C-6)");
    assert_eq!(harness.state().section(), Section::Register);
    let made = risks_from(&harness, "C-6");
    assert_eq!(made.len(), 1);
    let risk = harness
        .state()
        .document()
        .project()
        .risks
        .iter()
        .find(|r| r.risk_id == made[0])
        .cloned()
        .unwrap();
    assert_eq!(
        risk.title,
        "Model card claim contradicted: accuracy ≥ 0.9 for every group of sex"
    );
    assert!(
        risk.description.contains("sex=Male"),
        "{}",
        risk.description
    );

    // Pressed again: the same risk, no second one.
    click(&mut harness, Section::ModelCard.label());
    click(&mut harness, "Create risk from finding (C-6)");
    assert_eq!(risks_from(&harness, "C-6"), made);
    assert_eq!(harness.state().document().project().risks.len(), 1);
}

#[test]
fn create_audit_measures_a_claim_no_audit_covered() {
    let (_dir, project) = sample_copy();
    let mut harness = support::app_sized(Some(project), egui::vec2(1600.0, 1600.0));
    click(&mut harness, Section::ModelCard.label());
    click(&mut harness, "Documented vs measured");
    click(&mut harness, "Check against the data");
    wait_check(&mut harness);
    click(&mut harness, "Create audit (C-5)");
    wait_check(&mut harness);
    let audits = &harness.state().document().project().audits;
    assert_eq!(audits.len(), 3);
    assert_eq!(audits[2].name, "Model card: by age_group");
    assert_eq!(audits[2].spec.sensitive, ["age_group"]);
    harness.get_by_label("5 claims: 2 supported, 1 contradicted, 2 inconclusive, 0 not measured");
}

#[test]
fn the_card_tab_is_accessible_and_a_datasheet_prefills_from_the_profile() {
    let (_dir, project) = sample_copy();
    // Start without the datasheet the sample ships.
    let mut loaded = riskbench::model::file::load_project(&project)
        .unwrap()
        .project;
    loaded.datasheets.clear();
    riskbench::model::file::save_project(&project, &loaded).unwrap();
    let mut harness = support::app_sized(Some(project), egui::vec2(1600.0, 1600.0));
    click(&mut harness, Section::ModelCard.label());
    harness.get_by_role_and_label(Role::TextInput, "Model name");
    harness.check_accessibility();
    click(&mut harness, "Check against the data");
    wait_check(&mut harness);
    click(&mut harness, "Datasheets");
    click(&mut harness, "Start the datasheet");
    click(&mut harness, "Pre-fill from the profile");
    harness.get_by_label(
        "Pre-filled: Composition, Collection process, Preprocessing, cleaning and labelling",
    );
    let sheet = harness.state().document().project().datasheets[0].clone();
    assert_eq!(sheet.dataset_id, "ds-1");
    assert!(
        sheet
            .composition
            .starts_with("16281 rows × 27 columns (data/adult_test_predictions.csv"),
        "{}",
        sheet.composition
    );
    assert_eq!(sheet.motivation, "", "left to the data owner");
    harness.check_accessibility();
}
