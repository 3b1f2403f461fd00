//! Manage › Bow-ties driven like a user would with `egui_kittest`: create a bow-tie, add a threat and a barrier
//! with the keyboard, name them inline, set the barrier's effectiveness in the inspector, undo, and reorder
//! barriers with the keyboard-added sibling.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use crate::support::ui as support;
use support::{click, press, project, type_text};

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use riskbench::model::Project;
use riskbench::model::bowtie::{BowTie, Effectiveness};
use riskbench::ui::RiskbenchApp;
use riskbench::ui::sections::Section;
use support::app;

fn bowtie<'a>(harness: &'a Harness<'_, RiskbenchApp>) -> &'a BowTie {
    project(harness).bowties.diagrams.last().unwrap()
}

/// Clicks the canvas box whose accessible label starts with `prefix`.
fn click_box(harness: &mut Harness<'_, RiskbenchApp>, prefix: &str) {
    harness
        .get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(prefix))
        })
        .unwrap()
        .click();
    harness.run_steps(3);
}

#[test]
fn create_add_by_keyboard_set_effectiveness_and_undo() {
    let mut harness = app(None);
    click(&mut harness, Section::Bowties.label());
    assert_eq!(harness.state().section(), Section::Bowties);
    click(&mut harness, "New bow-tie");
    assert_eq!(project(&harness).bowties.diagrams.len(), 1);

    // The new bow-tie's top event is selected and the canvas has the keyboard: Tab adds a threat, named
    // inline.
    press(&mut harness, Key::Tab);
    assert_eq!(bowtie(&harness).threats.len(), 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(&mut harness, "Prompt injection");
    press(&mut harness, Key::Enter);
    assert_eq!(bowtie(&harness).threats[0].name, "Prompt injection");

    // Tab on the selected threat adds a barrier on its line.
    press(&mut harness, Key::Tab);
    assert_eq!(bowtie(&harness).threats[0].barrier_ids.len(), 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(&mut harness, "Input classifier");
    press(&mut harness, Key::Enter);
    let barrier_id = bowtie(&harness).threats[0].barrier_ids[0].clone();
    assert_eq!(
        project(&harness).bowties.barrier(&barrier_id).unwrap().name,
        "Input classifier"
    );

    // Enter adds a sibling barrier after it.
    press(&mut harness, Key::Enter);
    assert_eq!(bowtie(&harness).threats[0].barrier_ids.len(), 2);
    press(&mut harness, Key::Escape);
    harness.run_steps(3);

    // Select the first barrier and set its effectiveness in the inspector.
    click_box(&mut harness, "Preventive barrier: Input classifier");
    let before = project(&harness)
        .bowties
        .barrier(&barrier_id)
        .unwrap()
        .effectiveness;
    assert_eq!(before, Effectiveness::default());
    let target = Effectiveness::ALL
        .iter()
        .copied()
        .find(|e| *e != before)
        .unwrap();
    harness
        .get_by_role_and_label(Role::ComboBox, "Effectiveness")
        .click();
    harness.run_steps(3);
    // The legend shows the same words; the popup's entry is the last one.
    harness
        .get_all_by_label(target.label())
        .last()
        .unwrap()
        .click();
    harness.run_steps(3);
    assert_eq!(
        project(&harness)
            .bowties
            .barrier(&barrier_id)
            .unwrap()
            .effectiveness,
        target
    );

    // Ctrl+Right moves the selected barrier one place along its line.
    let second = bowtie(&harness).threats[0].barrier_ids[1].clone();
    click_box(&mut harness, "Preventive barrier: Input classifier");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
    harness.run_steps(3);
    assert_eq!(
        bowtie(&harness).threats[0].barrier_ids,
        [second.clone(), barrier_id.clone()]
    );

    // Undo puts it back, and once more restores the effectiveness.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert_eq!(
        bowtie(&harness).threats[0].barrier_ids,
        [barrier_id.clone(), second]
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert_eq!(
        project(&harness)
            .bowties
            .barrier(&barrier_id)
            .unwrap()
            .effectiveness,
        before
    );
}

#[test]
fn the_sample_bowtie_exports_as_svg_and_png() {
    let (dir, project_path) = support::sample_copy();
    let mut harness = app(Some(project_path));
    click(&mut harness, Section::Bowties.label());
    assert!(!project(&harness).bowties.diagrams.is_empty());
    // Every box of the sample is on the canvas and reachable by its label.
    let boxes = harness
        .get_all_by_role(Role::Button)
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.contains("barrier: "))
        })
        .count();
    assert!(boxes >= 10, "{boxes} barrier boxes");

    let svg = dir.path().join("bowtie.svg");
    click(&mut harness, "Export SVG or PNG…");
    support::answer_path_prompt(&mut harness, &svg);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg") || text.starts_with("<?xml"),
        "{text:.80}"
    );

    let png = dir.path().join("bowtie.png");
    click(&mut harness, "Export SVG or PNG…");
    support::answer_path_prompt(&mut harness, &png);
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
}

/// A workshop-sized bow-tie: 10 threats, 8 consequences, 40 barriers with mixed attributes.
fn large_project() -> Project {
    use riskbench::model::IsoDate;
    let mut p = Project::blank("Large workshop", IsoDate::today());
    let set = &mut p.bowties;
    let id = set
        .new_bowtie("Harmful answers from the support chatbot")
        .unwrap();
    set.set_text(
        &id,
        &riskbench::model::bowtie::Element::Hazard,
        "Customer support by an LLM",
    )
    .unwrap();
    set.set_text(
        &id,
        &riskbench::model::bowtie::Element::TopEvent,
        "The chatbot gives a harmful or wrong answer",
    )
    .unwrap();
    let mut n = 0;
    for t in 0..10 {
        let line = set
            .add_threat(
                &id,
                &format!("Threat {t}: prompt injection through a pasted document"),
            )
            .unwrap();
        for _ in 0..if t < 4 { 3 } else { 2 } {
            let b = set
                .add_barrier(
                    &id,
                    &line,
                    &format!("Barrier {n}: input classifier with review"),
                )
                .unwrap();
            let barrier = set.barrier_mut(&b).unwrap();
            barrier.effectiveness = Effectiveness::ALL[n % Effectiveness::ALL.len()];
            n += 1;
        }
    }
    for c in 0..8 {
        let line = set
            .add_consequence(
                &id,
                &format!("Consequence {c}: customer harmed and complaint"),
            )
            .unwrap();
        for _ in 0..2 {
            let b = set
                .add_barrier(
                    &id,
                    &line,
                    &format!("Barrier {n}: human hand-over on low confidence"),
                )
                .unwrap();
            let barrier = set.barrier_mut(&b).unwrap();
            barrier.effectiveness = Effectiveness::ALL[n % Effectiveness::ALL.len()];
            n += 1;
        }
    }
    assert_eq!(n, 40);
    p
}

#[test]
fn a_large_bowtie_draws_all_forty_barriers_frame_after_frame() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.riskbench.ron");
    riskbench::model::file::save_project(&path, &large_project()).unwrap();
    if let Ok(out) = std::env::var("RISKBENCH_BOWTIE_LARGE_OUT") {
        std::fs::copy(&path, out).unwrap();
    }
    let mut harness = app(Some(path));
    click(&mut harness, Section::Bowties.label());
    let boxes = harness
        .get_all_by_role(Role::Button)
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.contains("barrier: "))
        })
        .count();
    assert_eq!(boxes, 40);
    // Frames keep drawing every box. This test measures no time: the frame time of a large bow-tie is
    // measured by hand and reported in the README, not asserted.
    harness.run_steps(30);
    assert_eq!(
        harness
            .get_all_by_role(Role::Button)
            .filter(|n| n
                .accesskit_node()
                .label()
                .is_some_and(|l| l.contains("barrier: ")))
            .count(),
        40
    );
}

#[test]
fn dragging_a_barrier_onto_another_reorders_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.riskbench.ron");
    riskbench::model::file::save_project(&path, &large_project()).unwrap();
    let mut harness = app(Some(path));
    click(&mut harness, Section::Bowties.label());
    let before = bowtie(&harness).threats[0].barrier_ids.clone();
    let centre = |harness: &Harness<'_, RiskbenchApp>, prefix: &str| {
        harness
            .get_all_by_role(Role::Button)
            .find(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l.starts_with(prefix))
            })
            .unwrap()
            .rect()
            .center()
    };
    let from = centre(&harness, "Preventive barrier: Barrier 0:");
    let to = centre(&harness, "Preventive barrier: Barrier 1:");
    let button = |pos, pressed| Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    harness.event(Event::PointerMoved(from));
    harness.run_steps(1);
    harness.event(button(from, true));
    harness.run_steps(1);
    for k in 1..=10 {
        #[expect(clippy::cast_precision_loss, reason = "a step count")]
        let t = k as f32 / 10.0;
        harness.event(Event::PointerMoved(from + (to - from) * t));
        harness.run_steps(1);
    }
    harness.event(button(to, false));
    harness.run_steps(3);
    assert_eq!(
        bowtie(&harness).threats[0].barrier_ids,
        [before[1].clone(), before[0].clone(), before[2].clone()]
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert_eq!(bowtie(&harness).threats[0].barrier_ids, before);
}

#[test]
fn presentation_mode_hides_the_app_chrome_and_comes_back() {
    let (_dir, path) = support::sample_copy();
    let mut harness = app(Some(path));
    click(&mut harness, Section::Bowties.label());
    assert!(harness.query_by_label(Section::Register.label()).is_some());
    click(&mut harness, "Presentation (F11)");
    // Menus, navigation and status bar are gone; the canvas and its way out stay.
    assert!(harness.query_by_label(Section::Register.label()).is_none());
    assert!(harness.query_by_label("File").is_none());
    click(&mut harness, "Leave presentation (F11)");
    assert!(harness.query_by_label(Section::Register.label()).is_some());
    assert!(harness.query_by_label("File").is_some());
}

#[test]
fn ctrl_click_selects_several_barriers_to_rate_or_delete_together() {
    let (_dir, path) = support::sample_copy();
    let mut harness = app(Some(path));
    click(&mut harness, Section::Bowties.label());
    let barrier = |h: &Harness<'_, RiskbenchApp>, id: &str| {
        project(h)
            .bowties
            .barriers
            .iter()
            .find(|b| b.barrier_id == id)
            .unwrap()
            .clone()
    };
    // B-12 "Redress programme…" and B-11 "Kill switch…" are on two consequence lines.
    harness
        .get_by_label_contains("barrier: Redress programme")
        .click();
    harness.run_steps(3);
    harness
        .get_by_label_contains("barrier: Kill switch")
        .click_modifiers(Modifiers::COMMAND);
    harness.run_steps(3);
    harness.get_by_label("2 boxes selected (2 barriers). Del deletes them; Ctrl or Shift + click adds or removes a box.");
    harness
        .get_by_role_and_label(Role::ComboBox, "Effectiveness of the selected barriers")
        .click();
    harness.run_steps(3);
    harness
        .get_all_by_label("Very good")
        .last()
        .unwrap()
        .click();
    harness.run_steps(3);
    assert_eq!(
        barrier(&harness, "B-11").effectiveness,
        Effectiveness::VeryGood
    );
    assert_eq!(
        barrier(&harness, "B-12").effectiveness,
        Effectiveness::VeryGood
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert_eq!(barrier(&harness, "B-11").effectiveness, Effectiveness::Poor);
    assert_eq!(
        barrier(&harness, "B-12").effectiveness,
        Effectiveness::Unknown
    );
    // Del removes both from their lines, in one undo step.
    let on_lines = |h: &Harness<'_, RiskbenchApp>| {
        bowtie(h)
            .consequences
            .iter()
            .flat_map(|c| c.barrier_ids.clone())
            .collect::<Vec<_>>()
    };
    assert!(on_lines(&harness).contains(&"B-11".to_owned()));
    // Select both again on the canvas (the effectiveness combo took the keyboard), then delete.
    harness
        .get_by_label_contains("barrier: Redress programme")
        .click();
    harness.run_steps(3);
    harness
        .get_by_label_contains("barrier: Kill switch")
        .click_modifiers(Modifiers::COMMAND);
    harness.run_steps(3);
    press(&mut harness, Key::Delete);
    assert!(!on_lines(&harness).contains(&"B-11".to_owned()));
    assert!(!on_lines(&harness).contains(&"B-12".to_owned()));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert!(on_lines(&harness).contains(&"B-11".to_owned()));
    assert!(on_lines(&harness).contains(&"B-12".to_owned()));
}
