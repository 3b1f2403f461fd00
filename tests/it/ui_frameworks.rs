//! Frameworks beyond NIST driven like a user would with `egui_kittest`: in the register's detail pane, tag a
//! risk with an ISO/IEC 42001 control and see the related NIST AI RMF subcategory offered (then take it);
//! in Govern › Frameworks, set an EU AI Act obligation's status and see the regulatory position change, and
//! follow a crosswalk link from an EU AI Act article to the NIST subcategory it relates to.

use crate::support::ui as support;
use support::{app, click, project, sample_copy};

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use riskbench::model::checklist::ChecklistStatus;
use riskbench::model::frameworks::checklist::checklist;
use riskbench::model::frameworks::tags::has_tag;
use riskbench::model::frameworks::{FrameworkId, ItemRef};
use riskbench::ui::frameworks::{
    framework_tab_label, item_status_label, offered_tag_label, open_related_label,
};
use riskbench::ui::sections::Section;

#[test]
fn tagging_a_risk_with_an_iso_control_offers_the_related_nist_subcategory() {
    let (_dir, path) = sample_copy();
    // Tall enough for the detail pane's Categories section to be in view (a clipped combo box cannot be
    // clicked).
    let mut harness = crate::support::ui::app_sized(Some(path), egui::vec2(1400.0, 1400.0));
    click(&mut harness, Section::Register.label());
    assert_eq!(harness.state().section(), Section::Register);
    click(&mut harness, "Add risk");
    let risk_id = project(&harness).risks.last().unwrap().risk_id.clone();
    assert!(
        project(&harness)
            .risks
            .last()
            .unwrap()
            .rmf_subcategories
            .is_empty()
    );
    click(&mut harness, "Categories");

    // Choose ISO/IEC 42001 in the framework picker, then control A.2.2 in the item picker (near the top of its
    // list: a row scrolled out of the popup cannot be clicked).
    harness
        .get_by_role_and_label(Role::ComboBox, "Tag framework")
        .click();
    harness.run_steps(2);
    click(&mut harness, FrameworkId::Iso42001.name());
    harness
        .get_by_role_and_label(Role::ComboBox, "Tag item")
        .click();
    harness.run_steps(2);
    click(&mut harness, "A.2.2 Written AI policy");
    let control = ItemRef::new(FrameworkId::Iso42001, "A.2.2");
    let risk = project(&harness).risks.last().unwrap();
    assert_eq!(risk.risk_id, risk_id);
    assert!(has_tag(risk, &control));
    assert_eq!(risk.taxonomy.iso_refs, ["ISO/IEC 42001 A.2.2"]);

    // The crosswalk (NIST's published ISO/IEC 42001 crosswalk) offers the related NIST subcategories.
    let govern = ItemRef::new(FrameworkId::NistAiRmf, "GOVERN 1.1");
    harness.get_by_label(&offered_tag_label(&govern));
    harness.get_by_label(&offered_tag_label(&ItemRef::new(
        FrameworkId::NistAiRmf,
        "MAP 4.1",
    )));
    click(&mut harness, &offered_tag_label(&govern));
    let risk = project(&harness).risks.last().unwrap();
    assert_eq!(risk.rmf_subcategories, ["GOVERN 1.1"]);
    assert!(
        harness
            .query_by_label(&offered_tag_label(&govern))
            .is_none(),
        "once taken it is no longer offered"
    );
}

#[test]
fn setting_an_eu_obligation_changes_the_position() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    click(&mut harness, Section::Frameworks.label());
    assert_eq!(harness.state().section(), Section::Frameworks);
    click(&mut harness, &framework_tab_label(FrameworkId::EuAiAct));
    assert_eq!(
        checklist(project(&harness), FrameworkId::EuAiAct).status("Art. 15"),
        ChecklistStatus::InProgress
    );
    harness
        .get_by_role_and_label(
            Role::ComboBox,
            &item_status_label(FrameworkId::EuAiAct, "Art. 15"),
        )
        .click();
    harness.run_steps(2);
    click(&mut harness, ChecklistStatus::Done.label());
    assert_eq!(
        checklist(project(&harness), FrameworkId::EuAiAct).status("Art. 15"),
        ChecklistStatus::Done
    );
    assert!(
        harness
            .query_all_by_label_contains(
                "EU AI Act high-risk, provider: 3 of 13 applicable obligations evidenced"
            )
            .count()
            >= 1
    );
}

/// Whether the button labelled `label` is drawn as selected (a chosen tab, the selected item).
fn is_selected(
    harness: &egui_kittest::Harness<'_, riskbench::ui::RiskbenchApp>,
    label: &str,
) -> bool {
    harness
        .get_by_label(label)
        .accesskit_node()
        .toggled()
        .is_some_and(|t| t == egui::accesskit::Toggled::True)
}

#[test]
fn clicking_a_related_item_opens_it_in_its_frameworks_tab() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    click(&mut harness, Section::Frameworks.label());
    click(&mut harness, &framework_tab_label(FrameworkId::EuAiAct));
    assert!(is_selected(
        &harness,
        &framework_tab_label(FrameworkId::EuAiAct)
    ));
    // Open Article 9 and follow its relation to MANAGE 1.4, far down the NIST list in a closed section.
    click(&mut harness, "Art. 9");
    let target = ItemRef::new(FrameworkId::NistAiRmf, "MANAGE 1.4");
    assert!(harness.query_by_label("MANAGE 1.4").is_none());
    // The list is below the window's foot, as a user would, scroll to it.
    harness
        .get_by_label(&open_related_label(&target))
        .scroll_to_me();
    harness.run_steps(3);
    click(&mut harness, &open_related_label(&target));
    harness.run_steps(3);

    assert!(is_selected(
        &harness,
        &framework_tab_label(FrameworkId::NistAiRmf)
    ));
    assert!(!is_selected(
        &harness,
        &framework_tab_label(FrameworkId::EuAiAct)
    ));
    assert!(is_selected(&harness, "MANAGE 1.4"), "the item is selected");
    assert!(!is_selected(&harness, "MANAGE 1.3"));
    // Its details are open (its own crosswalk lists Article 9 back) and it is scrolled into the window.
    let back = ItemRef::new(FrameworkId::EuAiAct, "Art. 9");
    let header = harness.get_by_label("MANAGE 1.4").rect();
    assert!(
        header.top() >= 0.0 && header.bottom() <= 900.0,
        "scrolled into view: {header:?}"
    );
    harness.get_by_label(&item_status_label(FrameworkId::NistAiRmf, "MANAGE 1.4"));
    // And back again: the link in MANAGE 1.4's own list returns to Article 9, selected.
    click(&mut harness, &open_related_label(&back));
    harness.run_steps(3);
    assert!(is_selected(
        &harness,
        &framework_tab_label(FrameworkId::EuAiAct)
    ));
    assert!(is_selected(&harness, "Art. 9"));
    assert!(harness.query_by_label("MANAGE 1.4").is_none());
}
