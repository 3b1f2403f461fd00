//! Govern › Frameworks on its first tab, the NIST AI RMF checklist, driven like a user would with
//! `egui_kittest`: open it by its navigation label, set a subcategory's status and watch the coverage bar change, undo it, link an audit, follow a
//! derived risk link to the register, filter by status, and add a custom category in Govern › Settings.

use crate::support::ui as support;
use support::{click, project};

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::model::checklist::ChecklistStatus;
use riskbench::model::frameworks::{FrameworkId, ItemRef};
use riskbench::model::taxonomy::rmf_core;
use riskbench::ui::RiskbenchApp;
use riskbench::ui::frameworks::{item_status_label, link_picker_label};
use riskbench::ui::sections::Section;
use support::{app, sample_copy};

/// The sample with its checklist emptied, so coverage starts from zero.
fn sample_without_checklist() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, path) = sample_copy();
    let mut project = riskbench::model::file::load_project(&path)
        .expect("the sample loads")
        .project;
    project.nist_checklist = riskbench::model::checklist::NistChecklist::default();
    let text = riskbench::model::file::project_to_string(&project).expect("serialises");
    std::fs::write(&path, text).expect("written");
    (dir, path)
}

fn status_picker_label(subcategory_id: &str) -> String {
    item_status_label(FrameworkId::NistAiRmf, subcategory_id)
}

fn link_audit_label(subcategory_id: &str) -> String {
    link_picker_label(
        "an audit",
        &ItemRef::new(FrameworkId::NistAiRmf, subcategory_id),
    )
}

/// Opens Govern › Frameworks, which shows the NIST AI RMF checklist first.
fn open_checklist(harness: &mut Harness<'_, RiskbenchApp>) {
    harness.get_by_label(Section::Frameworks.label()).click();
    harness.run_steps(3);
    assert_eq!(harness.state().section(), Section::Frameworks);
    harness.get_by_label("Govern › Frameworks");
}

/// Picks `status` in the status picker of `subcategory_id`.
fn set_status(
    harness: &mut Harness<'_, RiskbenchApp>,
    subcategory_id: &str,
    status: ChecklistStatus,
) {
    harness
        .get_by_role_and_label(Role::ComboBox, &status_picker_label(subcategory_id))
        .click();
    harness.run_steps(2);
    click(harness, status.label());
}

#[test]
fn status_changes_move_the_coverage_and_undo_takes_them_back() {
    let (_dir, path) = sample_without_checklist();
    let mut harness = app(Some(path));
    open_checklist(&mut harness);
    harness.check_accessibility();
    assert!(project(&harness).nist_checklist.entries.is_empty());
    // GOVERN has 19 subcategories, none covered yet.
    harness.get_by_label("0 of 19 covered (0 %), 0 in progress");
    harness.get_by_label("0 of 72 covered (0 %), 0 in progress");

    set_status(&mut harness, "GOVERN 1.1", ChecklistStatus::Done);
    assert_eq!(
        project(&harness).nist_checklist.status("GOVERN 1.1"),
        ChecklistStatus::Done
    );
    harness.get_by_label("1 of 19 covered (5 %), 0 in progress");
    harness.get_by_label("1 of 72 covered (1 %), 0 in progress");
    assert!(
        harness
            .query_by_label("0 of 19 covered (0 %), 0 in progress")
            .is_none()
    );

    set_status(&mut harness, "GOVERN 1.2", ChecklistStatus::InProgress);
    harness.get_by_label("1 of 19 covered (5 %), 1 in progress");

    // Undo takes back the last status change only, redo re-applies it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(
        project(&harness).nist_checklist.status("GOVERN 1.2"),
        ChecklistStatus::NotStarted
    );
    harness.get_by_label("1 of 19 covered (5 %), 0 in progress");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert!(project(&harness).nist_checklist.entries.is_empty());
    harness.get_by_label("0 of 19 covered (0 %), 0 in progress");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run_steps(2);
    assert_eq!(
        project(&harness).nist_checklist.status("GOVERN 1.1"),
        ChecklistStatus::Done
    );
    harness.get_by_label("1 of 19 covered (5 %), 0 in progress");

    // The status filter shows only the done subcategory.
    harness
        .get_by_role_and_label(Role::ComboBox, "Show")
        .click();
    harness.run_steps(2);
    harness.get_all_by_label("Done").last().unwrap().click();
    harness.run_steps(3);
    assert!(
        harness
            .query_by_role_and_label(Role::ComboBox, &status_picker_label("GOVERN 1.1"))
            .is_some()
    );
    assert!(
        harness
            .query_by_role_and_label(Role::ComboBox, &status_picker_label("GOVERN 1.2"))
            .is_none()
    );
    click(&mut harness, "Clear filter");
    assert!(
        harness
            .query_by_role_and_label(Role::ComboBox, &status_picker_label("GOVERN 1.2"))
            .is_some()
    );
}

#[test]
fn audits_are_linked_and_derived_risks_lead_to_the_register() {
    let (_dir, path) = sample_without_checklist();
    let mut harness = app(Some(path));
    open_checklist(&mut harness);
    let measure_risks: Vec<String> = project(&harness)
        .risks
        .iter()
        .filter(|r| r.rmf_subcategories.iter().any(|s| s == "MEASURE 2.11"))
        .map(|r| r.risk_id.clone())
        .collect();
    assert!(
        !measure_risks.is_empty(),
        "the sample has risks naming MEASURE 2.11"
    );

    // Search for MEASURE 2.11, then open its details.
    harness.get_by_label("MEASURE 2 (0 of 13 covered)");
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .click();
    harness.run_steps(2);
    harness.event(Event::Text("measure 2.11".to_owned()));
    harness.run_steps(3);
    assert!(
        harness
            .query_by_role_and_label(Role::ComboBox, &status_picker_label("MEASURE 2.1"))
            .is_none(),
        "the search hides the other subcategories"
    );
    click(&mut harness, "MEASURE 2.11");
    // The body shows NIST's full outcome statement, under the header's one-line preview.
    let text = &rmf_core()
        .unwrap()
        .subcategory("MEASURE 2.11")
        .unwrap()
        .text;
    assert_eq!(harness.get_all_by_label(text).count(), 2);

    // Link the first saved audit: one undo step.
    let audit = project(&harness).audits[0].clone();
    harness
        .get_by_role_and_label(Role::ComboBox, &link_audit_label("MEASURE 2.11"))
        .click();
    harness.run_steps(2);
    click(&mut harness, &audit.name);
    let entry = project(&harness)
        .nist_checklist
        .entry("MEASURE 2.11")
        .cloned()
        .unwrap();
    assert_eq!(entry.audit_ids, std::slice::from_ref(&audit.audit_id));
    assert!(
        entry.risk_ids.is_empty(),
        "risks naming the subcategory are derived, not copied"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert!(
        project(&harness)
            .nist_checklist
            .entry("MEASURE 2.11")
            .is_none()
    );

    // A derived risk link opens the register.
    let first = &project(&harness)
        .risks
        .iter()
        .find(|r| r.risk_id == measure_risks[0])
        .unwrap()
        .clone();
    let name = format!("{} {}", first.risk_id, first.title.trim());
    harness.get_all_by_label(&name).next().unwrap().click();
    harness.run_steps(3);
    assert_eq!(harness.state().section(), Section::Register);
}

#[test]
fn custom_categories_are_added_renamed_and_deleted_in_settings() {
    let (_dir, path) = sample_copy();
    // Tall enough that the whole Settings page is on screen.
    let mut harness = support::app_sized(Some(path), egui::vec2(1400.0, 2400.0));
    click(&mut harness, Section::Settings.label());
    harness.get_by_label("Custom risk categories");
    let before = project(&harness).custom_categories.len();
    click(&mut harness, "Add category");
    let categories = &project(&harness).custom_categories;
    assert_eq!(categories.len(), before + 1);
    let added = categories.last().unwrap().clone();
    assert_eq!(added.name, "New category");
    assert!(added.category_id.starts_with("cat-"));
    harness.get_by_label(&added.category_id);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(project(&harness).custom_categories.len(), before);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run_steps(2);
    assert_eq!(project(&harness).custom_categories.len(), before + 1);

    // Rename it: a typed name is one undo step once the field loses focus.
    harness
        .get_all_by_role_and_label(Role::TextInput, "Category name")
        .last()
        .unwrap()
        .click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(Event::Text("Vendor models".to_owned()));
    harness.run_steps(2);
    harness.key_press(Key::Escape);
    harness.run_steps(3);
    assert_eq!(
        project(&harness).custom_categories.last().unwrap().name,
        "Vendor models"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(
        project(&harness).custom_categories.last().unwrap().name,
        "New category"
    );

    harness.get_all_by_label("Delete").last().unwrap().click();
    harness.run_steps(3);
    assert_eq!(project(&harness).custom_categories.len(), before);
}
