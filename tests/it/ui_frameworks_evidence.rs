//! Evidence on the framework checklists driven like a user would with `egui_kittest`: link a drift result and
//! a validation suite to a NIST AI RMF subcategory, apply them to the related ISO/IEC 42001 control (NIST's
//! published crosswalk), undo, and take them again from the control's side where they are offered; and fill
//! the EU AI Act's Article 27 fundamental rights impact assessment as a deployer in an Annex III area.

use crate::support::ui as support;
use support::{app_sized, click, project, sample_copy};

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::model::checklist::ChecklistStatus;
use riskbench::model::drift::SavedDrift;
use riskbench::model::frameworks::checklist::checklist;
use riskbench::model::frameworks::eu_ai_act::{FRIA_QUESTIONS, OperatorRole};
use riskbench::model::frameworks::offer::offers_to;
use riskbench::model::frameworks::{FrameworkId, ItemRef};
use riskbench::ui::RiskbenchApp;
use riskbench::ui::frameworks::{
    apply_offer_label, framework_tab_label, fria_status_button_label, link_picker_label,
    offer_evidence_label, offers_marker,
};
use riskbench::ui::sections::Section;

/// The loan sample with one saved drift result (and its own validation suite).
fn sample_with_results() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, path) = sample_copy();
    let mut project = riskbench::model::file::load_project(&path)
        .expect("the sample loads")
        .project;
    let dataset_id = project.datasets[0].dataset_id.clone();
    project.drift.drifts.push(SavedDrift {
        drift_id: "drift-1".to_owned(),
        name: "Production vs training".to_owned(),
        reference_dataset_id: dataset_id,
        ..SavedDrift::default()
    });
    // The validation suite is the sample's own (suite-1, on the scored German credit data).
    assert_eq!(project.validation_suites.len(), 1);
    assert_eq!(project.validation_suites[0].suite_id, "suite-1");
    let text = riskbench::model::file::project_to_string(&project).expect("serialises");
    std::fs::write(&path, text).expect("written");
    (dir, path)
}

fn search(harness: &mut Harness<'_, RiskbenchApp>, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(Event::Text(text.to_owned()));
    harness.run_steps(3);
}

fn pick(harness: &mut Harness<'_, RiskbenchApp>, picker: &str, choice: &str) {
    harness
        .get_by_role_and_label(Role::ComboBox, picker)
        .click();
    harness.run_steps(2);
    click(harness, choice);
}

#[test]
fn a_drift_result_and_a_validation_suite_become_evidence_and_are_offered_across_the_crosswalk() {
    let (_dir, path) = sample_with_results();
    let mut harness = app_sized(Some(path), egui::vec2(1400.0, 2600.0));
    click(&mut harness, Section::Frameworks.label());
    assert_eq!(harness.state().section(), Section::Frameworks);
    let nist = ItemRef::new(FrameworkId::NistAiRmf, "MEASURE 2.5");
    let iso = ItemRef::new(FrameworkId::Iso42001, "A.6.2.4");
    assert!(
        checklist(project(&harness), FrameworkId::Iso42001)
            .entry("A.6.2.4")
            .is_none()
    );

    // NIST AI RMF is the first tab: find MEASURE 2.5 and open it.
    search(&mut harness, "measure 2.5");
    click(&mut harness, "MEASURE 2.5");
    pick(
        &mut harness,
        &link_picker_label("a drift result", &nist),
        "drift-1 Production vs training",
    );
    pick(
        &mut harness,
        &link_picker_label("a validation suite", &nist),
        "suite-1 Scored German credit applications",
    );
    let entry = checklist(project(&harness), FrameworkId::NistAiRmf)
        .entry("MEASURE 2.5")
        .cloned()
        .unwrap();
    assert_eq!(entry.drift_ids, ["drift-1"]);
    assert_eq!(entry.validation_ids, ["suite-1"]);
    // The linked result shows what it holds (this one was never run).
    harness.get_by_label("(not run yet)");

    // The related ISO/IEC 42001 control is offered this evidence; one click applies it, one undo takes it back.
    click(&mut harness, &offer_evidence_label(&iso));
    let applied = checklist(project(&harness), FrameworkId::Iso42001)
        .entry("A.6.2.4")
        .cloned()
        .unwrap();
    assert_eq!(applied.drift_ids, ["drift-1"]);
    assert_eq!(applied.validation_ids, ["suite-1"]);
    assert!(
        harness
            .query_by_label(&offer_evidence_label(&iso))
            .is_none(),
        "nothing left to offer once applied"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert!(
        checklist(project(&harness), FrameworkId::Iso42001)
            .entry("A.6.2.4")
            .is_none()
    );

    // From the control's side: the ISO tab marks the offer and applies it from the item's view.
    click(&mut harness, &framework_tab_label(FrameworkId::Iso42001));
    search(&mut harness, "A.6.2.4");
    let offers = offers_to(project(&harness), &iso);
    assert!(offers.iter().any(|o| o.from == nist));
    harness.get_by_label(&offers_marker(offers.len()));
    click(&mut harness, "A.6.2.4");
    click(&mut harness, &apply_offer_label(&nist));
    let applied = checklist(project(&harness), FrameworkId::Iso42001)
        .entry("A.6.2.4")
        .cloned()
        .unwrap();
    assert_eq!(applied.drift_ids, ["drift-1"]);
    assert_eq!(applied.validation_ids, ["suite-1"]);
    assert!(harness.query_by_label(&apply_offer_label(&nist)).is_none());
    assert!(
        !offers_to(project(&harness), &iso)
            .iter()
            .any(|o| o.from == nist)
    );

    // Each tab keeps its own search: back on NIST the filter is still "measure 2.5".
    click(&mut harness, &framework_tab_label(FrameworkId::NistAiRmf));
    assert!(harness.query_by_label("MEASURE 2.5").is_some());
    assert!(harness.query_by_label("GOVERN 1.1").is_none());
}

#[test]
fn a_deployer_in_an_annex_iii_area_fills_the_fundamental_rights_impact_assessment() {
    let (_dir, path) = sample_copy();
    let mut harness = app_sized(Some(path), egui::vec2(1400.0, 2400.0));
    click(&mut harness, Section::Frameworks.label());
    click(&mut harness, &framework_tab_label(FrameworkId::EuAiAct));
    // As the provider the sample records, the form is not asked for.
    assert!(
        harness
            .query_by_label("Fundamental rights impact assessment (Art. 27)")
            .is_none()
    );
    pick(
        &mut harness,
        "Organisation's role",
        OperatorRole::Deployer.label(),
    );
    assert_eq!(
        project(&harness).frameworks.eu_ai_act.role,
        Some(OperatorRole::Deployer)
    );
    harness.get_by_label("Fundamental rights impact assessment (Art. 27)");
    harness.get_by_label_contains("Still open: 27(1)(a), 27(1)(b)");

    // (a) from the Map context with one click; the rest typed.
    harness
        .get_all_by_label("Use the Map context")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    let intended_use = project(&harness).context.intended_use.trim().to_owned();
    assert_eq!(project(&harness).frameworks.fria.processes, intended_use);
    let answers = [
        "Daily, on every consumer loan application, from the launch for at least three years",
        "Applicants for consumer loans, in particular women, applicants aged 25 or under and nonbinary applicants",
        "Unequal refusal rates by sex and age (R-1, R-2); proxies for protected characteristics (R-10)",
        "Credit officers review every score in the low-confidence band and a blind sample of the rest",
        "Kill switch to the rules-based scorecard; complaints handled by the customer office within 30 days",
        "DPIA-2026-04",
    ];
    for (question, answer) in FRIA_QUESTIONS.iter().skip(1).zip(answers) {
        let label = format!("{} {}", question.point, question.question);
        harness
            .get_by_role_and_label(Role::MultilineTextInput, &label)
            .click();
        harness.run_steps(2);
        harness.event(Event::Text(answer.to_owned()));
        harness.run_steps(2);
    }
    harness.key_press(Key::Escape);
    harness.run_steps(3);
    let fria = project(&harness).frameworks.fria.clone();
    assert_eq!(fria.period_and_frequency, answers[0]);
    assert_eq!(fria.oversight_measures, answers[3]);
    assert_eq!(fria.dpia_reference, answers[5]);
    assert_eq!(fria.missing(), ["27(3)"]);
    harness.get_by_label("Still open: 27(3)");

    click(
        &mut harness,
        "27(3) Results notified to the market surveillance authority",
    );
    let fria = &project(&harness).frameworks.fria;
    assert!(fria.missing().is_empty());
    assert!(fria.notified_on.is_some());
    harness.get_by_label("Every point answered");

    // The Art. 27 item follows the form only when the user takes the suggestion.
    let recorded = checklist(project(&harness), FrameworkId::EuAiAct).status("Art. 27");
    assert_ne!(recorded, ChecklistStatus::Done);
    harness.get_by_label(&format!(
        "Checklist item Art. 27: {}; the form suggests Done",
        recorded.label()
    ));
    click(
        &mut harness,
        &fria_status_button_label(ChecklistStatus::Done),
    );
    assert_eq!(
        checklist(project(&harness), FrameworkId::EuAiAct).status("Art. 27"),
        ChecklistStatus::Done
    );
    harness.get_by_label("Checklist item Art. 27: Done; the form suggests Done");
    assert!(
        harness
            .query_by_label(&fria_status_button_label(ChecklistStatus::Done))
            .is_none()
    );
}
