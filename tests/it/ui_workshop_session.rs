//! Map › Workshops driven with `egui_kittest`, beyond the keyboard: failure stories clustered by dragging
//! their cards onto themes, dot voting by a participant picked from the session's list with the budget shown
//! and enforced, and a bow-tie session that drives the bow-tie and FMEA editors in presentation mode and
//! records the bow-tie, barrier and FMEA row it created (in the session record and the plan).

use crate::support::ui as support;
use support::{app, click, press, project, sample_copy, type_into, type_text};

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::model::workshop::session::{OutputChange, OutputKind};
use riskbench::model::workshop::{Phase, Workshop};
use riskbench::report::plan::{self, PlanOptions};
use riskbench::ui::RiskbenchApp;
use riskbench::ui::sections::Section;

fn workshop(harness: &Harness<'_, RiskbenchApp>) -> Workshop {
    project(harness)
        .workshops
        .last()
        .cloned()
        .expect("a workshop")
}

/// Creates a session with `button` and fills in its facilitator and three participants.
fn new_session(harness: &mut Harness<'_, RiskbenchApp>, button: &str) {
    click(harness, Section::Workshops.label());
    click(harness, button);
    type_into(harness, "Facilitator", "Fay Adams");
    let participants = "Participants (one per line, in speaking order)";
    harness
        .get_by_role_and_label(Role::MultilineTextInput, participants)
        .click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, participants)
        .type_text("Ada\nBen\nCy");
    harness.run_steps(3);
    assert_eq!(workshop(harness).participants, ["Ada", "Ben", "Cy"]);
}

/// The centre of the first widget whose label contains `text`.
fn centre(harness: &Harness<'_, RiskbenchApp>, text: &str) -> Pos2 {
    harness
        .get_all_by_label_contains(text)
        .next()
        .unwrap_or_else(|| panic!("nothing labelled {text:?}"))
        .rect()
        .center()
}

/// Drags the widget labelled `from` (part of its label) with the mouse and releases it over the one labelled `to`.
fn drag(harness: &mut Harness<'_, RiskbenchApp>, from: &str, to: &str) {
    let (a, b) = (centre(harness, from), centre(harness, to));
    let button = |pos, pressed| Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    harness.event(Event::PointerMoved(a));
    harness.run_steps(1);
    harness.event(button(a, true));
    harness.run_steps(1);
    for k in 1..=10 {
        #[expect(clippy::cast_precision_loss, reason = "a step count")]
        let t = k as f32 / 10.0;
        harness.event(Event::PointerMoved(a + (b - a) * t));
        harness.run_steps(1);
    }
    harness.event(button(b, false));
    harness.run_steps(3);
}

fn themes_of_stories(harness: &Harness<'_, RiskbenchApp>) -> Vec<Option<String>> {
    workshop(harness)
        .stories
        .iter()
        .map(|s| s.theme_id.clone())
        .collect()
}

#[test]
fn stories_are_clustered_by_drag_and_the_voter_is_picked_with_a_budget() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    new_session(&mut harness, "New pre-mortem");
    press(&mut harness, Key::F6);
    press(&mut harness, Key::F6);
    assert_eq!(workshop(&harness).phase, Phase::Capture);
    harness.run_steps(2);
    for story in [
        "Postcode acted as a proxy for ethnicity",
        "Applicants from one district were refused",
        "Nobody watched the override rate",
    ] {
        type_text(&mut harness, story);
        press(&mut harness, Key::Enter);
    }
    press(&mut harness, Key::F6);
    assert_eq!(workshop(&harness).phase, Phase::Cluster);

    // A story dropped on "New theme" becomes a theme named after it; onto a theme, it joins it.
    drag(&mut harness, "S-1 Postcode", "New theme: drop a story here");
    let w = workshop(&harness);
    assert_eq!(w.themes.len(), 1);
    assert_eq!(w.themes[0].name, "Postcode acted as a proxy for ethnicity");
    drag(&mut harness, "S-2 Applicants", "1. T-1");
    drag(&mut harness, "S-3 Nobody", "New theme: drop a story here");
    assert_eq!(
        themes_of_stories(&harness),
        [Some("T-1".into()), Some("T-1".into()), Some("T-2".into())]
    );
    // Dropped on "Not in a theme", it leaves its theme.
    drag(&mut harness, "S-2 Applicants", "Not in a theme");
    assert_eq!(
        themes_of_stories(&harness),
        [Some("T-1".into()), None, Some("T-2".into())]
    );
    // The keyboard still works beside the mouse: S-2 (selected after the drop) joins theme 1.
    press(&mut harness, Key::Num1);
    assert_eq!(themes_of_stories(&harness)[1].as_deref(), Some("T-1"));

    press(&mut harness, Key::F6);
    assert_eq!(workshop(&harness).phase, Phase::Vote);
    // The voter is picked from the participants, each shown with what is left of their budget.
    harness.get_by_label("Ada · 3 of 3 dots left");
    click(&mut harness, "Ben · 3 of 3 dots left");
    harness.get_by_label("Voting: Ben — 3 of 3 dots left");
    for _ in 0..3 {
        click(&mut harness, "Place a dot on T-2");
    }
    harness.get_by_label("Ben · 0 of 3 dots left");
    click(&mut harness, "Place a dot on T-1");
    harness.get_by_label(
        "Ben has placed all 3 of their dots; take one back to vote for another theme",
    );
    click(&mut harness, "Take a dot back from T-2");
    click(&mut harness, "Place a dot on T-1");
    click(&mut harness, "Cy · 3 of 3 dots left");
    click(&mut harness, "Place a dot on T-1");
    let dots: Vec<Vec<String>> = workshop(&harness)
        .themes
        .iter()
        .map(|t| t.dots.clone())
        .collect();
    assert_eq!(
        dots,
        [
            vec!["Ben".to_owned(), "Cy".to_owned()],
            vec!["Ben".to_owned(), "Ben".to_owned()]
        ]
    );
    harness.get_by_label("Ben · 0 of 3 dots left");
    harness.get_by_label("Cy · 2 of 3 dots left");
}

#[test]
fn a_session_drives_the_editors_in_presentation_mode_and_records_what_it_created() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    let before = project(&harness).clone();
    new_session(&mut harness, "New bow-tie session");
    press(&mut harness, Key::F6);
    let w = workshop(&harness);
    assert_eq!(w.phase, Phase::Editors);
    assert!(w.recording.is_some());
    let banner = format!(
        "● Workshop {} 'Bow-tie session' is recording:",
        w.workshop_id
    );

    // The bow-tie editor opens in presentation mode, without the app's menus, with the session's banner.
    click(&mut harness, "Present the bow-tie");
    assert_eq!(harness.state().section(), Section::Bowties);
    assert!(harness.query_by_label(Section::Register.label()).is_none());
    harness.get_by_label(&banner);
    let bowtie_id = project(&harness)
        .bowties
        .diagrams
        .last()
        .unwrap()
        .bowtie_id
        .clone();
    harness.get_by_label(&format!("created {bowtie_id}"));
    assert_eq!(
        before.bowties.diagrams.len() + 1,
        project(&harness).bowties.diagrams.len()
    );
    press(&mut harness, Key::Tab);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(&mut harness, "Postcode in the features");
    press(&mut harness, Key::Enter);
    press(&mut harness, Key::Tab);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(&mut harness, "Postcode removed from the features");
    press(&mut harness, Key::Enter);
    let p = project(&harness);
    let barrier = p
        .bowties
        .barriers
        .iter()
        .find(|b| b.name == "Postcode removed from the features")
        .expect("the barrier made in presentation mode")
        .barrier_id
        .clone();
    harness.get_by_label(&format!("created {bowtie_id}, {barrier}"));

    // Back to the session, then the FMEA editor, also in presentation mode: a new worksheet and a row.
    click(&mut harness, "Back to the workshop");
    assert_eq!(harness.state().section(), Section::Workshops);
    click(&mut harness, "Present the FMEA worksheet");
    assert_eq!(harness.state().section(), Section::Fmea);
    assert!(harness.query_by_label(Section::Register.label()).is_none());
    harness.get_by_label("Leave presentation (F11)");
    click(&mut harness, "Insert row below");
    type_text(&mut harness, "Applicant features");
    press(&mut harness, Key::Enter);
    let sheet = project(&harness).fmea_worksheets.last().unwrap().clone();
    assert_eq!(sheet.title, "Bow-tie session");
    assert_eq!(sheet.rows.len(), 1);
    assert_eq!(sheet.rows[0].item, "Applicant features");
    click(&mut harness, "Back to the workshop");

    // Done: the session keeps what it created.
    press(&mut harness, Key::F6);
    let w = workshop(&harness);
    assert_eq!(w.phase, Phase::Done);
    assert!(w.recording.is_none());
    let outputs: Vec<(OutputKind, String, OutputChange)> = w
        .outputs
        .iter()
        .map(|o| (o.kind, o.item_id.clone(), o.change))
        .collect();
    assert_eq!(
        outputs,
        [
            (OutputKind::BowTie, bowtie_id.clone(), OutputChange::Created),
            (OutputKind::Barrier, barrier.clone(), OutputChange::Created),
            (
                OutputKind::FmeaRow,
                "FM-1".to_owned(),
                OutputChange::Created
            ),
        ]
    );
    harness.get_by_label("What this session created or changed");
    harness.get_by_label(&format!(
        "Barrier {barrier} 'Postcode removed from the features' created"
    ));
    harness.get_by_label(&format!("FMEA row FM-1 ({}) created", sheet.worksheet_id));

    // The plan's "Method and participants" carries the session record with its outputs.
    let p = project(&harness);
    let today = p.workshops.last().unwrap().date.unwrap();
    let text = plan::build(p, &PlanOptions::all(today), &[]).to_outline_text();
    let record = format!(
        "Created or changed in the session: Bow-tie {bowtie_id} 'Bow-tie session' created; Barrier {barrier} \
         'Postcode removed from the features' created; FMEA row FM-1 ({}) created",
        sheet.worksheet_id
    );
    assert!(text.contains(&record), "the plan lacks {record:?}:\n{text}");
}
