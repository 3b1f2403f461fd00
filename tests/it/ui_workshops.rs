//! Map › Workshops driven with `egui_kittest`: a pre-mortem that refuses to start without participants, then
//! runs from the countdown through round-robin capture, clustering, dot voting and rating to a promoted
//! register risk with the keyboard alone (the loan sample already holds session WS-1, so this one is WS-2).

use crate::support::ui as support;
use support::{app, click, press, project, sample_copy, type_into, type_text};

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use riskbench::model::register::{EvidenceKind, Rating};
use riskbench::model::workshop::Phase;
use riskbench::ui::RiskbenchApp;
use riskbench::ui::sections::Section;

fn workshop(harness: &Harness<'_, RiskbenchApp>) -> riskbench::model::workshop::Workshop {
    project(harness)
        .workshops
        .last()
        .cloned()
        .expect("a workshop")
}

#[test]
fn a_pre_mortem_runs_from_capture_to_a_promoted_risk_with_the_keyboard_alone() {
    let (_dir, path) = sample_copy();
    let mut harness = app(Some(path));
    let risks_before = project(&harness).risks.len();
    click(&mut harness, Section::Workshops.label());
    assert_eq!(harness.state().section(), Section::Workshops);
    click(&mut harness, "New pre-mortem");
    assert_eq!(workshop(&harness).workshop_id, "WS-2");

    // No participants yet: the session refuses to start and says why.
    press(&mut harness, Key::F6);
    harness.get_by_label(
        "workshop WS-2 has no participants: add at least one participant before starting",
    );
    assert_eq!(workshop(&harness).phase, Phase::Setup);

    type_into(&mut harness, "Facilitator", "Fay Adams");
    let participants = "Participants (one per line, in speaking order)";
    harness
        .get_by_role_and_label(Role::MultilineTextInput, participants)
        .click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, participants)
        .type_text("Ada\nBen");
    harness.run_steps(3);
    assert_eq!(workshop(&harness).participants, ["Ada", "Ben"]);

    // From here on, the keyboard alone.
    press(&mut harness, Key::F6);
    assert_eq!(workshop(&harness).phase, Phase::Brainstorm);
    harness.get_by_label("Everyone writes their failure stories on their own, in silence.");
    press(&mut harness, Key::F6);
    assert_eq!(workshop(&harness).phase, Phase::Capture);
    harness.run_steps(2);
    harness.get_by_label("Ada, your failure story");
    type_text(&mut harness, "Postcode acted as a proxy for ethnicity");
    press(&mut harness, Key::Enter);
    harness.get_by_label("Ben, your failure story");
    type_text(&mut harness, "Approval rates drifted after launch");
    press(&mut harness, Key::Enter);
    // Ada passes; Ben tells a second story.
    press(&mut harness, Key::F7);
    type_text(&mut harness, "Nobody watched the override rate");
    press(&mut harness, Key::Enter);
    let stories: Vec<(String, String)> = workshop(&harness)
        .stories
        .iter()
        .map(|s| (s.author.clone(), s.text.clone()))
        .collect();
    assert_eq!(
        stories,
        [
            (
                "Ada".into(),
                "Postcode acted as a proxy for ethnicity".into()
            ),
            ("Ben".into(), "Approval rates drifted after launch".into()),
            ("Ben".into(), "Nobody watched the override rate".into()),
        ]
    );

    press(&mut harness, Key::F6);
    assert_eq!(workshop(&harness).phase, Phase::Cluster);
    press(&mut harness, Key::T); // S-1 becomes theme 1
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::T); // S-2 becomes theme 2
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::Num2); // S-3 joins theme 2
    let w = workshop(&harness);
    assert_eq!(w.themes.len(), 2);
    let theme_of: Vec<Option<&str>> = w.stories.iter().map(|s| s.theme_id.as_deref()).collect();
    assert_eq!(theme_of, [Some("T-1"), Some("T-2"), Some("T-2")]);

    press(&mut harness, Key::F6);
    assert_eq!(workshop(&harness).phase, Phase::Vote);
    press(&mut harness, Key::Space); // Ada: T-1
    press(&mut harness, Key::Space); // Ada: T-1
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::Space); // Ada: T-2, her third and last dot
    press(&mut harness, Key::Space); // refused
    harness.get_by_label(
        "Ada has placed all 3 of their dots; take one back to vote for another theme",
    );
    press(&mut harness, Key::ArrowRight);
    press(&mut harness, Key::ArrowUp);
    press(&mut harness, Key::Space); // Ben: T-1
    let dots: Vec<Vec<String>> = workshop(&harness)
        .themes
        .iter()
        .map(|t| t.dots.clone())
        .collect();
    assert_eq!(
        dots,
        [
            vec!["Ada".to_owned(), "Ada".to_owned(), "Ben".to_owned()],
            vec!["Ada".to_owned()]
        ]
    );

    press(&mut harness, Key::F6);
    assert_eq!(workshop(&harness).phase, Phase::Rate);
    // The theme with most dots comes first: likelihood 4, impact 5, then Enter promotes it.
    press(&mut harness, Key::Num4);
    press(&mut harness, Key::Num5);
    press(&mut harness, Key::Enter);
    let p = project(&harness);
    assert_eq!(p.risks.len(), risks_before + 1);
    let risk = p.risks.last().unwrap();
    assert_eq!(risk.title, "Postcode acted as a proxy for ethnicity");
    assert_eq!(risk.inherent, Some(Rating::new(4, 5)));
    assert_eq!(risk.evidence[0].kind, EvidenceKind::Document);
    assert_eq!(risk.evidence[0].reference, "Workshop WS-2");
    let w = workshop(&harness);
    assert_eq!(w.created_risks, std::slice::from_ref(&risk.risk_id));
    assert_eq!(w.themes[0].risk_id.as_ref(), Some(&risk.risk_id));
    harness.get_by_label(&format!(
        "promoted to {} in the risk register",
        risk.risk_id
    ));
}
